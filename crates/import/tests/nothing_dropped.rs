//! Nothing real is dropped for a formality: a postponed event, a course without a price, a
//! cancelled one are imported and marked; only what cannot be shown honestly (no title, no
//! date that exists) is skipped, by file, line and field, and the good rows still import.

mod common;

use common::{course, names, now};
use lernort_catalogue::{price_text, Availability};
use lernort_i18n::Lang;
use lernort_import::config::Config;
use lernort_import::report::Severity;
use lernort_import::{import, Import, SourceFile};

const CONFIG: &str = r#"{
  "providers": [
    {"id": "vhs", "name": "VHS", "kind": "vhs", "sources": ["kurse.csv"], "defaultVenue": "haus"},
    {"id": "labor", "name": "Labor", "kind": "stadtlabor", "sources": ["labor.ics"], "defaultVenue": "haus"},
    {"id": "bib", "name": "Bibliothek", "kind": "library", "sources": ["bib.jsonld"], "defaultVenue": "haus"}
  ],
  "venues": [{"id": "haus", "name": "Haus", "street": "Markt 1", "postalCode": "59494", "city": "Soest", "stepFree": true}]
}"#;

fn run(file: &str, text: &str) -> Import {
    let config = Config::from_json(CONFIG).unwrap();
    let result = import(&config, &[SourceFile::new(file, text.as_bytes())], now());
    assert!(
        result.catalogue.problems().is_empty(),
        "{:?}",
        result.catalogue.problems()
    );
    result
}

/// Checks each named course's availability.
fn assert_marked(import: &Import, expected: &[(&str, Availability)]) {
    for &(name, availability) in expected {
        assert_eq!(course(import, name).availability, availability, "{name}");
    }
}

#[test]
fn a_postponed_event_and_one_without_offers_are_imported_and_marked() {
    let jsonld = r#"[
  {"@context": "https://schema.org", "@type": "Event", "@id": "v/1", "name": "Lesung",
   "startDate": "2027-02-03T19:00:00+01:00", "eventStatus": "https://schema.org/EventPostponed",
   "offers": {"@type": "Offer", "price": "5"}},
  {"@context": "https://schema.org", "@type": "Event", "@id": "v/2", "name": "Spieleabend",
   "startDate": "2027-02-04T18:00:00+01:00"},
  {"@context": "https://schema.org", "@type": "Event", "@id": "v/3", "name": "Abgesagt",
   "startDate": "2027-02-05T18:00:00+01:00", "eventStatus": "EventCancelled", "isAccessibleForFree": true}
]"#;
    let result = run("bib.jsonld", jsonld);
    assert_eq!(
        result.catalogue.courses.len(),
        3,
        "{:?}",
        result.report.messages
    );
    assert_marked(
        &result,
        &[
            ("Lesung", Availability::Postponed),
            ("Abgesagt", Availability::Cancelled),
        ],
    );
    let unpriced = course(&result, "Spieleabend");
    assert!(unpriced.offers.is_none() && !unpriced.is_accessible_for_free);
    assert_eq!(
        price_text(unpriced, Lang::De),
        "Preis beim Anbieter erfragen"
    );
    let warnings = result.report.lines(Severity::Warning);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("offers: missing; shown as 'Preis beim Anbieter erfragen'")
            && warnings[0]
                .contains(r#"set "noPriceMeansFree": true for provider "bib" in import.json"#),
        "{}",
        warnings[0]
    );
}

#[test]
fn csv_rows_without_a_readable_price_import_only_title_and_date_are_required() {
    let csv = "Titel;Beginn;Uhrzeit von;Uhrzeit bis;Entgelt;Status\n\
               Ohne Preis;12.01.2027;18:00;19:30;;\n\
               Preis in Worten;13.01.2027;18:00;19:30;neunundvierzig;\n\
               Verschoben;14.01.2027;18:00;19:30;10 €;verschoben – neuer Termin folgt\n\
               Abgesagt;15.01.2027;18:00;19:30;10 €;abgesagt\n\
               ;16.01.2027;18:00;19:30;10 €;\n\
               Kein Tag;31.02.2027;18:00;19:30;10 €;\n";
    let result = run("kurse.csv", csv);
    assert_eq!(
        names(&result),
        ["Ohne Preis", "Preis in Worten", "Verschoben", "Abgesagt"]
    );
    assert_marked(
        &result,
        &[
            ("Verschoben", Availability::Postponed),
            ("Abgesagt", Availability::Cancelled),
        ],
    );
    assert!(course(&result, "Preis in Worten").offers.is_none());
    assert_eq!(
        result.report.lines(Severity::Skipped),
        [
            "kurse.csv:6: Titel: missing",
            "kurse.csv:7: Beginn: '31.02.2027' is not a date",
        ]
    );
    let warnings = result.report.lines(Severity::Warning);
    assert!(
        warnings.iter().any(|w| w
            .starts_with("kurse.csv:2: Entgelt: missing; shown as 'Preis beim Anbieter erfragen'")),
        "{warnings:?}"
    );
    assert!(warnings.iter().any(|w| w.starts_with("kurse.csv:3: Entgelt: 'neunundvierzig' is not a price like 49,00 €; shown as 'Preis beim Anbieter erfragen'")), "{warnings:?}");
}

#[test]
fn a_calendar_without_no_price_means_free_still_imports() {
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Treff\r\n\
               DTSTART;TZID=Europe/Berlin:20270112T180000\r\nDTEND;TZID=Europe/Berlin:20270112T200000\r\n\
               END:VEVENT\r\nEND:VCALENDAR\r\n";
    let result = run("labor.ics", ics);
    assert_eq!(result.catalogue.courses.len(), 1);
    assert_eq!(
        price_text(&result.catalogue.courses[0], Lang::En),
        "Ask the provider for the price"
    );
    let warnings = result.report.lines(Severity::Warning);
    assert!(
        warnings[0].contains(r#"set "noPriceMeansFree": true for provider "labor""#),
        "{warnings:?}"
    );
}
