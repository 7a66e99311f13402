//! Availability, prices and dates in words.

use lernort_i18n::Lang::{self, De, En};
use lernort_time::Date;

use super::*;

fn both(f: impl Fn(Lang) -> String) -> (String, String) {
    (f(De), f(En))
}

#[test]
fn money_without_floats() {
    let cases = [
        (0, "0,00 €", "€0.00"),
        (5, "0,05 €", "€0.05"),
        (99, "0,99 €", "€0.99"),
        (100, "1,00 €", "€1.00"),
        (4_900, "49,00 €", "€49.00"),
        (2_950, "29,50 €", "€29.50"),
        (99_999, "999,99 €", "€999.99"),
        (100_000, "1.000,00 €", "€1,000.00"),
        (123_456_789, "1.234.567,89 €", "€1,234,567.89"),
        (u32::MAX, "42.949.672,95 €", "€42,949,672.95"),
    ];
    for (cents, de, en) in cases {
        assert_eq!(
            both(|l| money_text(cents, "EUR", l)),
            (de.into(), en.into())
        );
    }
    assert_eq!(
        both(|l| money_text(1_200, "CHF", l)),
        ("12,00 CHF".into(), "CHF 12.00".into())
    );
}

#[test]
fn prices_in_words() {
    let mut c = course("c", "Kurs");
    assert_eq!(
        both(|l| price_text(&c, l)),
        ("49,00 €".into(), "€49.00".into())
    );
    c.offers = Some(Offer {
        price: 4_900,
        reduced_price: Some(2_900),
        currency: "EUR".into(),
    });
    assert_eq!(
        both(|l| price_text(&c, l)),
        (
            "49,00 €, ermäßigt 29,00 €".into(),
            "€49.00, reduced €29.00".into()
        )
    );
    c.offers = Some(Offer {
        price: 0,
        reduced_price: None,
        currency: "EUR".into(),
    });
    assert_eq!(
        both(|l| price_text(&c, l)),
        ("kostenlos".into(), "free".into())
    );
    c.offers = None;
    c.is_accessible_for_free = true;
    assert_eq!(
        both(|l| price_text(&c, l)),
        ("kostenlos".into(), "free".into())
    );
    // No price and not free: the source did not say (issue #13: imported, not dropped).
    c.is_accessible_for_free = false;
    assert_eq!(
        both(|l| price_text(&c, l)),
        (
            "Preis beim Anbieter erfragen".into(),
            "Ask the provider for the price".into()
        )
    );
}

#[test]
fn availability_in_words() {
    let mut c = course("c", "Kurs");
    let mut check = |availability, places_left, de: &str, en: &str| {
        c.availability = availability;
        c.places_left = places_left;
        assert_eq!(
            both(|l| availability_text(&c, NOW, l)),
            (de.to_string(), en.to_string())
        );
    };
    use Availability::*;
    check(Available, None, "Noch Plätze frei", "Places available");
    check(Available, Some(12), "Noch 12 Plätze frei", "12 places left");
    check(Available, Some(1), "Noch 1 Platz frei", "1 place left");
    check(Available, Some(0), "Noch Plätze frei", "Places available");
    check(Few, Some(3), "Nur noch 3 Plätze", "Only 3 places left");
    check(Few, Some(1), "Nur noch 1 Platz", "Only 1 place left");
    check(
        Few,
        None,
        "Nur noch wenige Plätze",
        "Only a few places left",
    );
    check(
        Waitlist,
        Some(0),
        "Ausgebucht – Warteliste",
        "Fully booked – waiting list",
    );
    check(Full, None, "Ausgebucht", "Fully booked");
    check(
        NotYetOpen,
        None,
        "Anmeldung noch nicht möglich",
        "Booking not open yet",
    );
    check(Cancelled, None, "Abgesagt", "Cancelled");
    check(Past, None, "Vorbei", "Over");
    check(
        Postponed,
        None,
        "Verschoben – neuer Termin folgt",
        "Postponed – new date to follow",
    );
    c.availability = NotYetOpen;
    c.availability_starts = When::parse("2027-02-01T09:00:00+01:00");
    assert_eq!(
        both(|l| availability_text(&c, NOW, l)),
        (
            "Anmeldung ab 1. Februar 2027".into(),
            "Booking opens 1 February 2027".into()
        )
    );
    // After the last session: over, whatever the booking system said.
    c.availability = Few;
    let after = unix("2027-03-10T00:00:00+01:00");
    assert_eq!(availability_text(&c, after, De), "Vorbei");
}

#[test]
fn dates_in_words() {
    let d = |y, m, day| Date::new(y, m, day).unwrap();
    assert_eq!(date_text(d(2027, 1, 1), De), "1. Januar 2027");
    assert_eq!(date_text(d(2027, 12, 31), En), "31 December 2027");
    let s = session("2027-03-09T09:05:00+01:00", "2027-03-09T10:30:00+01:00");
    assert_eq!(
        both(|l| session_text(&s, l)),
        (
            "Di., 9. März 2027, 9:05–10:30 Uhr".into(),
            "Tue, 9 March 2027, 9:05–10:30".into()
        )
    );
    // Over two days (longer than a night).
    let s = session("2027-05-08T10:00:00+02:00", "2027-05-09T16:00:00+02:00");
    assert_eq!(
        both(|l| session_text(&s, l)),
        (
            "Sa., 8. Mai 2027, 10:00 Uhr – So., 9. Mai 2027, 16:00 Uhr".into(),
            "Sat, 8 May 2027, 10:00 – Sun, 9 May 2027, 16:00".into()
        )
    );
    // All day, one day and two.
    assert_eq!(
        session_text(&session("2027-05-08", "2027-05-08"), De),
        "Sa., 8. Mai 2027"
    );
    assert_eq!(
        session_text(&session("2027-05-08", "2027-05-09"), En),
        "Sat, 8 May 2027 – Sun, 9 May 2027"
    );
}

#[test]
fn series_in_words() {
    let weekly = |days: &[&str]| -> Vec<Session> {
        days.iter()
            .map(|d| {
                session(
                    &format!("{d}T18:00:00+01:00"),
                    &format!("{d}T20:15:00+01:00"),
                )
            })
            .collect()
    };
    let eight: Vec<&str> = vec![
        "2027-03-09",
        "2027-03-16",
        "2027-03-23",
        "2027-03-30",
        "2027-04-06",
        "2027-04-13",
        "2027-04-20",
        "2027-04-27",
    ];
    // The summer-time sessions are written with +01:00 here, so they are at 19:00 Berlin
    // time: the times differ and are left out.
    assert_eq!(
        series_text(&weekly(&eight), De),
        "8 Termine, dienstags, ab 9. März 2027"
    );
    assert_eq!(
        series_text(&weekly(&eight[..3]), De),
        "3 Termine, dienstags, 18:00–20:15 Uhr, ab 9. März 2027"
    );
    // Tuesday and Thursday, given out of order.
    let two_days = weekly(&["2027-03-11", "2027-03-09", "2027-03-16"]);
    assert_eq!(
        both(|l| series_text(&two_days, l)),
        (
            "3 Termine, dienstags und donnerstags, 18:00–20:15 Uhr, ab 9. März 2027".into(),
            "3 sessions, Tuesdays and Thursdays, 18:00–20:15, from 9 March 2027".into()
        )
    );
    let three_days = weekly(&["2027-03-08", "2027-03-10", "2027-03-12"]);
    assert_eq!(
        series_text(&three_days, De),
        "3 Termine, montags, mittwochs und freitags, 18:00–20:15 Uhr, ab 8. März 2027"
    );
    // Four weekdays: too many to list.
    let four_days = weekly(&["2027-03-08", "2027-03-09", "2027-03-10", "2027-03-11"]);
    assert_eq!(
        series_text(&four_days, En),
        "4 sessions, 18:00–20:15, from 8 March 2027"
    );
    // One session: the session itself; none: a notice.
    assert_eq!(
        series_text(&weekly(&["2027-03-09"]), De),
        "Di., 9. März 2027, 18:00–20:15 Uhr"
    );
    assert_eq!(
        both(|l| series_text(&[], l)),
        ("Termine folgen".into(), "Dates to follow".into())
    );
}

#[test]
fn labels_exist_in_both_languages() {
    for a in Audience::ALL {
        assert!(!a.label(De).is_empty() && !a.label(En).is_empty());
    }
    for p in PartOfDay::ALL {
        assert_ne!(p.label(De), p.label(En));
    }
    for l in [
        Level::Beginner,
        Level::Intermediate,
        Level::Advanced,
        Level::All,
    ] {
        assert_ne!(l.label(De), l.label(En));
    }
    assert_ne!(Sort::Title.label(De), Sort::Title.label(En));
    assert_eq!(AttendanceMode::Mixed.label(De), "Vor Ort oder online");
    assert_eq!(Attendance::OnSite.label(En), "On site");
}
