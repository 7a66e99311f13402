//! Each source format from small inline fixtures, including broken rows.

mod common;

use common::*;
use lernort_catalogue::{AttendanceMode, Audience, Availability, Catalogue, Course, Session, When};
use lernort_import::config::Config;
use lernort_import::report::Severity;
use lernort_import::text::{decode, Encoding};
use lernort_import::{import, Import, SourceFile};

const CONFIG: &str = r#"{
  "providers": [
    {"id": "vhs", "name": "VHS Soest", "kind": "vhs", "url": "https://www.vhs-soest.de/",
     "sources": ["vhs.csv", "kurse.csv", "sheet.csv"], "defaultVenue": "dilas"},
    {"id": "labor", "name": "StadtLABOR", "kind": "stadtlabor", "sources": ["labor.ics"],
     "defaultVenue": "dilas", "noPriceMeansFree": true},
    {"id": "bib", "name": "Stadtbibliothek", "kind": "library", "sources": ["bib.jsonld", "bib.html"]}
  ],
  "categories": [
    {"id": "ki", "name": {"de": "Künstliche Intelligenz", "en": "AI"}, "aliases": ["Digitale Welt – KI", "KI"]},
    {"id": "programmieren", "name": "Programmieren", "aliases": ["EDV – Programmierung"]},
    {"id": "making", "name": "Making", "aliases": ["Elektronik"]}
  ],
  "ignoreCategories": ["Vortrag"],
  "venues": [
    {"id": "dilas", "name": "DiLAS Soest", "street": "Werkstraße 1", "postalCode": "59494", "city": "Soest",
     "stepFree": true, "aliases": ["DiLAS"], "rooms": ["Lernraum 1", "StadtLABOR", "Vortragsraum"]},
    {"id": "bibliothek", "name": "Stadtbibliothek Soest", "street": "Nöttenstraße 29", "postalCode": "59494",
     "city": "Soest", "stepFree": false}
  ]
}"#;

fn run(files: &[(&str, &[u8])]) -> Import {
    let config = Config::from_json(CONFIG).unwrap();
    let files: Vec<SourceFile> = files.iter().map(|(n, b)| SourceFile::new(n, *b)).collect();
    let import = import(&config, &files, now());
    assert!(
        import.catalogue.problems().is_empty(),
        "{:?}",
        import.catalogue.problems()
    );
    import
}

/// One text per session of `course`, in session order.
fn per_session(course: &Course, text: impl Fn(&Session) -> String) -> Vec<String> {
    course.sessions.iter().map(text).collect()
}

/// The sessions' start dates as the catalogue writes them (`2027-03-16T18:00:00+01:00`).
fn starts(course: &Course) -> Vec<String> {
    per_session(course, |s| s.start_date.to_string())
}

/// The sessions' end dates as the catalogue writes them.
fn ends(course: &Course) -> Vec<String> {
    per_session(course, |s| s.end_date.to_string())
}

/// The sessions' starts in Berlin wall-clock time (`16.03.2027 18:00`).
fn local_starts(course: &Course) -> Vec<String> {
    per_session(course, |s| s.start_local().to_string())
}

// ---------------------------------------------------------------- CSV

const VHS_CSV: &str = "Kursnummer;Titel;Beschreibung;Fachbereich;Zielgruppe;Beginn;Ende;Uhrzeit von;Uhrzeit bis;Termine;Wochentag;Ort;Raum;Entgelt;Entgelt ermäßigt;Plätze;Freie Plätze;Status;Anmeldung;Dozent;Mitbringen;Sprache\r\n\
27-101;KI für Anfänger;\"Zeile eins;\r\nZeile zwei mit \"\"Zitat\"\"\";Digitale Welt – KI;Erwachsene ohne Vorkenntnisse;09.03.2027;30.03.2027;18:00;20:15;4;Di;DiLAS Soest, Werkstraße 1;Lernraum 1;49,00 €;29,00 €;12;2;Anmeldung möglich;https://www.vhs-soest.de/kurs/27-101;Dr. Katrin Wiemers;Notebook;Deutsch\r\n\
27-102;Python-Grundlagen;Text;EDV – Programmierung;Erwachsene;31.02.2027;31.02.2027;18:00;20:15;1;Mi;DiLAS Soest;Lernraum 1;59,00 €;;12;12;;https://www.vhs-soest.de/kurs/27-102;;;\r\n\
27-103;;Ohne Titel;EDV – Programmierung;Erwachsene;10.03.2027;10.03.2027;18:00;20:15;1;Mi;DiLAS Soest;;59,00 €;;12;12;;;;;\r\n\
27-104;Scratch (10–13 Jahre);Spiele bauen;EDV – Programmierung;Kinder von 10 bis 13 Jahren;13.03.2027;13.03.2027;10:00;12:30;1;Sa;;;kostenfrei;;10;0;;;;;\r\n";

fn cp1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn csv_windows_1252_rows_and_broken_rows() {
    let bytes = cp1252(VHS_CSV);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must not be UTF-8"
    );
    let import = run(&[("vhs.csv", &bytes)]);
    assert_eq!(
        messages(&import),
        [
            "vhs.csv:4: Beginn: '31.02.2027' is not a date",
            "vhs.csv:4: Ende: '31.02.2027' is not a date",
            "vhs.csv:5: Titel: missing",
        ]
    );
    assert!(import
        .report
        .messages
        .iter()
        .all(|m| m.severity == Severity::Skipped));
    let file = &import.report.files[0];
    assert_eq!((file.imported, file.skipped), (2, 2));
    assert_eq!(file.format, "CSV (Windows-1252, ';')");

    let ki = course(&import, "KI für Anfänger");
    assert_eq!(ki.id, "vhs:27-101");
    assert_eq!(ki.slug, "ki-fuer-anfaenger");
    assert_eq!(ki.description, "Zeile eins;\nZeile zwei mit \"Zitat\"");
    assert_eq!(ki.categories, ["ki"]);
    assert_eq!(ki.audience, [Audience::Beginners]);
    assert_eq!(ki.level, lernort_catalogue::Level::Beginner);
    assert_eq!(
        local_starts(ki),
        [
            "09.03.2027 18:00",
            "16.03.2027 18:00",
            "23.03.2027 18:00",
            "30.03.2027 18:00"
        ]
    );
    // 30.03.2027 is summer time: same wall clock, other offset.
    assert_eq!(ends(ki)[3], "2027-03-30T20:15:00+02:00");
    assert_eq!(ki.venue.as_deref(), Some("dilas"));
    assert_eq!(ki.room.as_deref(), Some("Lernraum 1"));
    let offer = ki.offers.as_ref().unwrap();
    assert_eq!((offer.price, offer.reduced_price), (4900, Some(2900)));
    assert_eq!((ki.capacity, ki.places_left), (Some(12), Some(2)));
    assert_eq!(ki.availability, Availability::Few);
    assert_eq!(
        ki.booking_url.as_deref(),
        Some("https://www.vhs-soest.de/kurs/27-101")
    );
    assert_eq!(ki.instructor.as_deref(), Some("Dr. Katrin Wiemers"));
    assert_eq!(ki.bring.as_deref(), Some("Notebook"));

    let scratch = course(&import, "Scratch (10–13 Jahre)");
    assert!(scratch.is_accessible_for_free && scratch.offers.is_none());
    assert_eq!(scratch.typical_age_range.as_deref(), Some("10-13"));
    assert_eq!(scratch.audience, [Audience::Children, Audience::Youth]);
    assert_eq!(scratch.availability, Availability::Full, "no places left");
    assert_eq!(
        scratch.venue.as_deref(),
        Some("dilas"),
        "the provider's default venue"
    );
}

#[test]
fn umlauts_read_the_same_from_utf8_and_windows_1252() {
    let text = "Titel;Beginn;Entgelt\nSprechstunde für Ältere – Größe ändern;01.12.2026;0\n";
    let (from_utf8, e1) = decode(text.as_bytes());
    let (from_cp1252, e2) = decode(&cp1252(text));
    assert_eq!((e1, e2), (Encoding::Utf8, Encoding::Windows1252));
    assert_eq!(from_utf8, text);
    assert_eq!(from_cp1252, text);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    for bytes in [text.as_bytes().to_vec(), cp1252(text), bom] {
        let import = run(&[("kurse.csv", &bytes)]);
        assert_eq!(names(&import), ["Sprechstunde für Ältere – Größe ändern"]);
        assert!(import.report.messages.is_empty(), "{:?}", messages(&import));
    }
}

#[test]
fn comma_separated_sheet_with_english_headers_and_multiline_quotes() {
    let sheet = "id,title,description,topic,audience,date,start,end,dates,venue,price,capacity,free places,status,booking url,speaker,language\n\
sw-1,\"Energie sparen, aber wie?\",\"Erste Zeile, mit Komma\nzweite Zeile\",Elektronik,Alle,2027-01-20,18:00,19:30,,\"DiLAS Soest, Werkstraße 1\",0,40,30,,https://www.stadtwerke-soest.de/a,Frank Rosendahl,English\n\
sw-2,Energie-Sprechstunde,,Elektronik,Alle,05.12.2026,10:00,12:00,\"05.12.2026, 09.01.2027, 06.02.2027\",DiLAS Soest,\"12,50 €\",,,waiting list,https://www.stadtwerke-soest.de/b,,de\n\
sw-3,Broken time,,,Alle,05.12.2026,10:00,9:00,,DiLAS Soest,0,,,,,,\n";
    let import = run(&[("sheet.csv", sheet.as_bytes())]);
    assert_eq!(import.report.files[0].format, "CSV (UTF-8, ',')");
    // The third record starts on line 5: the quoted line break counts.
    assert_eq!(
        messages(&import),
        ["sheet.csv:5: end: '9:00' is before the start time 10:00"]
    );
    let a = course(&import, "Energie sparen, aber wie?");
    assert_eq!(a.description, "Erste Zeile, mit Komma\nzweite Zeile");
    assert_eq!(a.in_language, "en");
    assert_eq!(a.categories, ["making"]);
    assert_eq!(a.audience, [Audience::Everyone]);
    assert_eq!(starts(a), ["2027-01-20T18:00:00+01:00"]);
    let b = course(&import, "Energie-Sprechstunde");
    assert_eq!(
        local_starts(b),
        ["05.12.2026 10:00", "09.01.2027 10:00", "06.02.2027 10:00"]
    );
    assert_eq!(b.offers.as_ref().unwrap().price, 1250);
    assert_eq!(b.availability, Availability::Waitlist);
}

#[test]
fn separator_is_detected() {
    use lernort_import::csv::detect_separator;
    assert_eq!(detect_separator("Titel;Beginn;Ort"), b';');
    assert_eq!(detect_separator("title,date,venue"), b',');
    assert_eq!(detect_separator("\"a;b;c\",date,venue"), b',');
    assert_eq!(detect_separator("Titel\tBeginn"), b'\t');
    // The same rows with either separator give the same course.
    let semi = "Titel;Beginn;Uhrzeit von;Uhrzeit bis;Entgelt\nKI;01.12.2026;18:00;19:30;5\n";
    let comma = semi.replace(';', ",");
    let a = run(&[("kurse.csv", semi.as_bytes())]);
    let b = run(&[("kurse.csv", comma.as_bytes())]);
    assert_eq!(a.catalogue.courses, b.catalogue.courses);
    assert_eq!(a.catalogue.courses.len(), 1);
}

#[test]
fn csv_series_blocks_all_day_and_warnings() {
    let csv =
        "Kursnummer;Titel;Beginn;Ende;Termine;Wochentag;Uhrzeit von;Uhrzeit bis;Entgelt;Status\n\
1;Ferienkurs;19.10.2026;23.10.2026;5;Mo;10:00;13:00;65,00 €;\n\
2;Wochenkurs;12.01.2027;;3;Mi;18:00;19:30;30;Anmeldung ab 01.12.2026\n\
3;Tag der offenen Tür;12.12.2026;;;;;;kostenlos;Kurs fällt aus\n\
4;Bis Ende;13.01.2027;27.01.2027;;;18:00;19:00;10;\n";
    let import = run(&[("kurse.csv", csv.as_bytes())]);
    assert_eq!(
        messages(&import),
        ["kurse.csv:3: Wochentag: 'Mi' is not the weekday of the start date 12.01.2027 (Dienstag)"]
    );
    assert_eq!(import.report.messages[0].severity, Severity::Warning);
    assert_eq!(
        local_starts(course(&import, "Ferienkurs")),
        [
            "19.10.2026 10:00",
            "20.10.2026 10:00",
            "21.10.2026 10:00",
            "22.10.2026 10:00",
            "23.10.2026 10:00"
        ]
    );
    assert_eq!(
        course(&import, "Ferienkurs").availability,
        Availability::Past
    );
    let weekly = course(&import, "Wochenkurs");
    assert_eq!(
        local_starts(weekly),
        ["12.01.2027 18:00", "19.01.2027 18:00", "26.01.2027 18:00"]
    );
    assert_eq!(weekly.availability, Availability::NotYetOpen);
    assert_eq!(
        weekly.availability_starts.map(|w| w.to_string()).as_deref(),
        Some("2026-12-01")
    );
    let day = course(&import, "Tag der offenen Tür");
    assert_eq!(starts(day), ["2026-12-12"]);
    assert!(day.sessions[0].is_all_day());
    assert_eq!(day.availability, Availability::Cancelled);
    assert_eq!(starts(course(&import, "Bis Ende")).len(), 3);
}

// ---------------------------------------------------------------- iCalendar

fn calendar(events: &str) -> Vec<u8> {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//DE\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n{}END:VCALENDAR\r\n",
        events.replace('\n', "\r\n")
    )
    .into_bytes()
}

fn event(uid: &str, summary: &str, lines: &str) -> String {
    format!("BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{summary}\n{lines}\nEND:VEVENT\n")
}

/// The StadtLABOR's calendar (`labor.ics`) with these events, imported.
fn run_calendar(events: &[String]) -> Import {
    run(&[("labor.ics", &calendar(&events.concat()))])
}

#[test]
fn ical_weekly_count_until_interval_and_byday() {
    let import = run_calendar(&[
        event("a", "Zählen", "DTSTART;TZID=Europe/Berlin:20270113T180000\nDTEND;TZID=Europe/Berlin:20270113T193000\nRRULE:FREQ=WEEKLY;COUNT=3"),
        event("b", "Bis", "DTSTART;TZID=Europe/Berlin:20270113T180000\nDTEND;TZID=Europe/Berlin:20270113T193000\nRRULE:FREQ=WEEKLY;UNTIL=20270127T170000Z"),
        event("c", "Alle zwei Wochen", "DTSTART;TZID=Europe/Berlin:20270112T180000\nDURATION:PT2H\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=5"),
        event("d", "Täglich", "DTSTART;TZID=Europe/Berlin:20270215T170000\nDTEND;TZID=Europe/Berlin:20270215T200000\nRRULE:FREQ=DAILY;COUNT=3"),
        event("e", "Monatlich", "DTSTART;TZID=Europe/Berlin:20260905T100000\nDTEND;TZID=Europe/Berlin:20260905T130000\nRRULE:FREQ=MONTHLY;BYDAY=1SA;COUNT=3"),
    ]);
    assert!(import.report.messages.is_empty(), "{:?}", messages(&import));
    assert_eq!(
        local_starts(course(&import, "Zählen")),
        ["13.01.2027 18:00", "20.01.2027 18:00", "27.01.2027 18:00"]
    );
    // UNTIL is inclusive: 27.01. 18:00 Berlin is 17:00Z.
    assert_eq!(local_starts(course(&import, "Bis")).len(), 3);
    let biweekly = course(&import, "Alle zwei Wochen");
    assert_eq!(
        local_starts(biweekly),
        [
            "12.01.2027 18:00",
            "14.01.2027 18:00",
            "26.01.2027 18:00",
            "28.01.2027 18:00",
            "09.02.2027 18:00"
        ]
    );
    assert_eq!(
        biweekly.sessions[0].end_local().to_string(),
        "12.01.2027 20:00"
    );
    assert_eq!(local_starts(course(&import, "Täglich")).len(), 3);
    assert_eq!(
        local_starts(course(&import, "Monatlich")),
        ["05.09.2026 10:00", "03.10.2026 10:00", "07.11.2026 10:00"]
    );
    let labor = course(&import, "Zählen");
    assert!(labor.is_accessible_for_free, "noPriceMeansFree");
    assert_eq!(labor.id, "labor:a");
}

#[test]
fn ical_exdate_removes_sessions() {
    let import = run_calendar(&[event(
        "w",
        "Offene Werkstatt",
        "DTSTART;TZID=Europe/Berlin:20261217T160000\nDTEND;TZID=Europe/Berlin:20261217T190000\nRRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=4\nEXDATE;TZID=Europe/Berlin:20261224T160000,20261231T160000\nEXDATE;VALUE=DATE:20270107",
    )]);
    assert_eq!(
        local_starts(course(&import, "Offene Werkstatt")),
        ["17.12.2026 16:00"]
    );
    assert!(import.report.messages.is_empty(), "{:?}", messages(&import));
}

#[test]
fn ical_series_across_the_summer_time_change_keeps_the_wall_clock() {
    let import = run_calendar(&[
        event("s", "Sommerzeit", "DTSTART;TZID=Europe/Berlin:20270316T180000\nDTEND;TZID=Europe/Berlin:20270316T200000\nRRULE:FREQ=WEEKLY;COUNT=4"),
        // Floating time: read as Berlin wall-clock time too.
        event("f", "Schwebend", "DTSTART:20270323T180000\nDTEND:20270323T200000\nRRULE:FREQ=WEEKLY;COUNT=2"),
        // UTC: the instant repeats, so the wall clock moves an hour.
        event("u", "Weltzeit", "DTSTART:20270323T170000Z\nDTEND:20270323T180000Z\nRRULE:FREQ=WEEKLY;COUNT=2"),
    ]);
    let summer = course(&import, "Sommerzeit");
    assert_eq!(
        local_starts(summer),
        [
            "16.03.2027 18:00",
            "23.03.2027 18:00",
            "30.03.2027 18:00",
            "06.04.2027 18:00"
        ]
    );
    assert_eq!(
        starts(summer),
        [
            "2027-03-16T18:00:00+01:00",
            "2027-03-23T18:00:00+01:00",
            "2027-03-30T18:00:00+02:00",
            "2027-04-06T18:00:00+02:00"
        ]
    );
    assert_eq!(ends(summer)[2], "2027-03-30T20:00:00+02:00");
    assert_eq!(
        starts(course(&import, "Schwebend")),
        ["2027-03-23T18:00:00+01:00", "2027-03-30T18:00:00+02:00"]
    );
    assert_eq!(
        local_starts(course(&import, "Weltzeit")),
        ["23.03.2027 18:00", "30.03.2027 19:00"]
    );
}

#[test]
fn ical_all_day_cancelled_folded_escaped_any_rule_and_zone() {
    let events = [
        event("t", "Maker-Tag", "DTSTART;VALUE=DATE:20261212\nDTEND;VALUE=DATE:20261214\nCATEGORIES:Elektronik,Familie,Vortrag"),
        event("x", "VR-Schnuppern", "DTSTART;TZID=Europe/Berlin:20261128T140000\nDTEND;TZID=Europe/Berlin:20261128T170000\nSTATUS:CANCELLED"),
        "BEGIN:VEVENT\nUID:l\nSUMMARY:Lange Zeile\nDTSTART;TZID=Europe/Berlin:20261203T180000\nDTEND;TZID=Europe/Berlin:20261203T190000\nDESCRIPTION:Werkzeug\\, Material\\; alles da.\\nZweite Zeile mit Umlauten: \n Größe und Maß.\nLOCATION:StadtLABOR im DiLAS Soest\\, Werkstraße 1\nEND:VEVENT\n".to_string(),
        event("y", "Jahrestreffen", "DTSTART;TZID=Europe/Berlin:20270122T180000\nRRULE:FREQ=YEARLY;COUNT=3"),
        event("z", "New York", "DTSTART;TZID=America/New_York:20270122T180000"),
        event("w", "Windows", "DTSTART;TZID=W. Europe Standard Time:20270122T180000"),
        event("m", "Mars", "DTSTART;TZID=Mars/Olympus:20270122T180000"),
        "BEGIN:VEVENT\nUID:n\nDTSTART:20270122T180000\nEND:VEVENT\n".to_string(),
    ]
    .concat();
    let bytes = calendar(&events);
    let import = run(&[("labor.ics", &bytes)]);
    let text = String::from_utf8(bytes).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.starts_with(needle)).unwrap() + 1;
    assert_eq!(
        messages(&import),
        [
            format!("labor.ics:{}: DTSTART: TZID 'Mars/Olympus' is not a time zone known here (an IANA name such as Europe/Berlin, a Windows name, or a VTIMEZONE naming one); read as Berlin time. To say which zone it is, write \"timeZones\": {{\"Mars/Olympus\": \"Europe/Berlin\"}} (or the zone meant) for provider \"labor\" in import.json", line_of("DTSTART;TZID=Mars")),
            format!("labor.ics:{}: SUMMARY: missing", line_of("UID:n") - 1),
        ]
    );
    assert_eq!(import.report.files[0].skipped, 1);
    // Every rule and every zone of the zone database (calcard, chrono-tz).
    assert_eq!(
        local_starts(course(&import, "Jahrestreffen")),
        ["22.01.2027 18:00", "22.01.2028 18:00", "22.01.2029 18:00"]
    );
    assert_eq!(
        local_starts(course(&import, "New York")),
        ["23.01.2027 00:00"]
    );
    assert_eq!(
        local_starts(course(&import, "Windows")),
        ["22.01.2027 18:00"]
    );
    assert_eq!(local_starts(course(&import, "Mars")), ["22.01.2027 18:00"]);
    let day = course(&import, "Maker-Tag");
    assert_eq!(
        (starts(day), ends(day)),
        (
            vec!["2026-12-12".to_string()],
            vec!["2026-12-13".to_string()]
        )
    );
    assert_eq!(day.categories, ["making"]);
    assert_eq!(day.audience, [Audience::Families]);
    assert_eq!(
        course(&import, "VR-Schnuppern").availability,
        Availability::Cancelled
    );
    let long = course(&import, "Lange Zeile");
    assert_eq!(
        long.description,
        "Werkzeug, Material; alles da.\nZweite Zeile mit Umlauten: Größe und Maß."
    );
    assert_eq!(long.room.as_deref(), Some("StadtLABOR"));
}

#[test]
fn ical_recurrence_id_moves_or_cancels_one_date() {
    let import = run_calendar(&[
        event("r", "Reihe", "DTSTART;TZID=Europe/Berlin:20270112T180000\nDTEND;TZID=Europe/Berlin:20270112T200000\nRRULE:FREQ=WEEKLY;COUNT=3"),
        event("r", "Reihe (verlegt)", "RECURRENCE-ID;TZID=Europe/Berlin:20270119T180000\nDTSTART;TZID=Europe/Berlin:20270121T170000\nDTEND;TZID=Europe/Berlin:20270121T190000"),
        event("r", "Reihe", "RECURRENCE-ID;TZID=Europe/Berlin:20270126T180000\nDTSTART;TZID=Europe/Berlin:20270126T180000\nSTATUS:CANCELLED"),
    ]);
    assert_eq!(import.catalogue.courses.len(), 1);
    assert_eq!(
        local_starts(course(&import, "Reihe")),
        ["12.01.2027 18:00", "21.01.2027 17:00"]
    );
}

// ---------------------------------------------------------------- JSON-LD

const JSONLD: &str = r#"{
  "@context": "https://schema.org",
  "@graph": [
    {"@type": "Library", "@id": "https://bib.example/#org", "name": "Stadtbibliothek"},
    {"@type": "Event", "@id": "https://bib.example/v/onleihe", "name": "Onleihe-Sprechstunde",
     "description": "<p>E-Books &amp; Hörbücher</p><p>Bitte Ausweis mitbringen.</p>",
     "startDate": "2026-12-02T15:00:00+01:00", "endDate": "2026-12-02T17:00:00+01:00",
     "eventStatus": "https://schema.org/EventScheduled",
     "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
     "location": {"@type": "Place", "name": "Stadtbibliothek Soest",
       "address": {"@type": "PostalAddress", "streetAddress": "Nöttenstraße 29", "postalCode": "59494", "addressLocality": "Soest"}},
     "organizer": {"@id": "https://bib.example/#org"},
     "offers": [{"@type": "Offer", "name": "Eintritt", "price": "8.00", "priceCurrency": "EUR", "url": "https://bib.example/buchen", "availability": "https://schema.org/LimitedAvailability"},
                {"@type": "Offer", "name": "ermäßigt", "price": "5,00", "priceCurrency": "EUR"}],
     "performer": {"@type": "Person", "name": "Claudia Reinecke"},
     "inLanguage": "de", "typicalAgeRange": "60+", "about": ["KI", "Vortrag"]},
    {"@type": ["Event", "EducationEvent"], "@id": "https://bib.example/v/online", "name": "Online-Vortrag",
     "startDate": "2027-02-10T17:00:00Z", "endDate": "2027-02-10T18:30:00Z",
     "location": {"@type": "VirtualLocation", "url": "https://meet.example/x"},
     "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
     "isAccessibleForFree": true, "eventStatus": "https://schema.org/EventCancelled", "inLanguage": {"@type": "Language", "name": "English", "alternateName": "en"}},
    {"@type": "Event", "@id": "https://bib.example/v/hybrid", "name": "Hybrid",
     "startDate": "2027-01-21T19:00", "endDate": "2027-01-21T20:30",
     "location": [{"@type": "Place", "name": "DiLAS Soest, Vortragsraum", "address": "Werkstraße 1, 59494 Soest"},
                  {"@type": "VirtualLocation", "url": "https://meet.example/y"}],
     "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode", "isAccessibleForFree": true},
    {"@type": "Event", "@id": "https://bib.example/v/kaputt", "name": "Ohne Datum",
     "location": "DiLAS", "isAccessibleForFree": true},
    {"@type": "Course", "@id": "https://bib.example/k/sprechstunde", "name": "Smartphone-Sprechstunde",
     "description": "Jeden Dienstag.", "typicalAgeRange": "60-", "isAccessibleForFree": true, "keywords": "KI, Elektronik",
     "hasCourseInstance": [
       {"@type": "CourseInstance", "courseMode": "onsite", "location": {"@type": "Place", "name": "DiLAS Soest, Lernraum 1", "address": {"@type": "PostalAddress", "streetAddress": "Werkstraße 1", "addressLocality": "Soest"}},
        "instructor": [{"@type": "Person", "name": "A"}, {"@type": "Person", "name": "B"}],
        "courseSchedule": {"@type": "Schedule", "repeatFrequency": "P1W", "byDay": "https://schema.org/Tuesday",
          "startDate": "2026-12-01", "endDate": "2027-01-12", "startTime": "10:00", "endTime": "12:00",
          "exceptDate": ["2026-12-22", "2026-12-29"]}},
       {"@type": "CourseInstance", "courseMode": "online", "location": {"@type": "VirtualLocation", "url": "https://meet.example/z"},
        "startDate": "2027-02-04T19:00:00+01:00", "endDate": "2027-02-04T20:30:00+01:00"}]},
    {"@type": "Event", "name": "Im neuen Haus", "startDate": "2027-03-01", "isAccessibleForFree": true,
     "location": {"@type": "Place", "name": "Kulturhaus Alter Schlachthof", "address": {"@type": "PostalAddress", "streetAddress": "Ulricherstraße 4", "postalCode": "59494", "addressLocality": "Soest"}}}
  ]
}"#;

#[test]
fn jsonld_events_courses_places_and_offers() {
    let import = run(&[("bib.jsonld", JSONLD.as_bytes())]);
    let line_of = |needle: &str| JSONLD.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert_eq!(
        messages(&import),
        [
            format!("bib.jsonld:{}: startDate: missing", line_of("v/kaputt")),
            format!("bib.jsonld:{}: location: 'Kulturhaus Alter Schlachthof' is not in import.json; added as venue 'kulturhaus-alter-schlachthof' (not marked step-free: add it to import.json to say)", line_of("Im neuen Haus")),
        ]
    );
    assert_eq!(
        (
            import.report.files[0].imported,
            import.report.files[0].skipped
        ),
        (6, 1)
    );

    let onleihe = course(&import, "Onleihe-Sprechstunde");
    assert_eq!(onleihe.id, "bib:v/onleihe");
    assert_eq!(
        onleihe.description,
        "E-Books & Hörbücher\n\nBitte Ausweis mitbringen."
    );
    assert_eq!(onleihe.venue.as_deref(), Some("bibliothek"));
    assert_eq!(starts(onleihe), ["2026-12-02T15:00:00+01:00"]);
    let offer = onleihe.offers.as_ref().unwrap();
    assert_eq!((offer.price, offer.reduced_price), (800, Some(500)));
    assert_eq!(
        onleihe.booking_url.as_deref(),
        Some("https://bib.example/buchen")
    );
    assert_eq!(onleihe.availability, Availability::Few);
    assert_eq!(onleihe.typical_age_range.as_deref(), Some("60-"));
    assert_eq!(onleihe.audience, [Audience::Seniors]);
    assert_eq!(onleihe.categories, ["ki"]);
    assert_eq!(onleihe.instructor.as_deref(), Some("Claudia Reinecke"));

    let online = course(&import, "Online-Vortrag");
    assert_eq!(online.event_attendance_mode, AttendanceMode::Online);
    assert_eq!(online.venue, None);
    assert_eq!(online.availability, Availability::Cancelled);
    assert_eq!(online.in_language, "en");
    assert_eq!(local_starts(online), ["10.02.2027 18:00"]);

    let hybrid = course(&import, "Hybrid");
    assert_eq!(hybrid.event_attendance_mode, AttendanceMode::Mixed);
    assert_eq!(
        (hybrid.venue.as_deref(), hybrid.room.as_deref()),
        (Some("dilas"), Some("Vortragsraum"))
    );
    assert_eq!(starts(hybrid), ["2027-01-21T19:00:00+01:00"]);

    // A Course with two instances: two courses, unique slugs, the Course's texts.
    let instances: Vec<&Course> = import
        .catalogue
        .courses
        .iter()
        .filter(|c| c.name == "Smartphone-Sprechstunde")
        .collect();
    assert_eq!(instances.len(), 2);
    let weekly = instances[0];
    assert_eq!(weekly.id, "bib:k/sprechstunde#1");
    assert_eq!(weekly.slug, "smartphone-sprechstunde");
    assert_eq!(instances[1].slug, "smartphone-sprechstunde-2027-02-04");
    assert_eq!(
        local_starts(weekly),
        [
            "01.12.2026 10:00",
            "08.12.2026 10:00",
            "15.12.2026 10:00",
            "05.01.2027 10:00",
            "12.01.2027 10:00"
        ]
    );
    assert_eq!(weekly.room.as_deref(), Some("Lernraum 1"));
    assert_eq!(weekly.instructor.as_deref(), Some("A, B"));
    assert_eq!(weekly.categories, ["ki", "making"]);
    assert_eq!(weekly.audience, [Audience::Seniors]);
    assert_eq!(instances[1].event_attendance_mode, AttendanceMode::Online);
    assert_eq!(instances[1].description, "Jeden Dienstag.");

    let new_house = course(&import, "Im neuen Haus");
    assert_eq!(
        new_house.venue.as_deref(),
        Some("kulturhaus-alter-schlachthof")
    );
    assert!(new_house.sessions[0].is_all_day());
    let venue = import
        .catalogue
        .venue("kulturhaus-alter-schlachthof")
        .unwrap();
    assert!(!venue.step_free);
}

#[test]
fn jsonld_array_and_html_page() {
    let array = r#"[{"@context": "https://schema.org", "@type": "Event", "name": "Erstes",
      "startDate": "2027-01-10T10:00:00+01:00", "location": "DiLAS Soest", "isAccessibleForFree": true},
     {"@type": "Event", "name": "Zweites", "startDate": "2027-01-11", "endDate": "2027-01-12",
      "location": "DiLAS Soest", "offers": {"@type": "Offer", "price": 12, "availability": "SoldOut"}}]"#;
    let html = format!(
        "<!doctype html>\n<html><head>\n<script type=\"application/ld+json\">\n{array}\n</script>\n<script>var x = 1;</script>\n</head></html>"
    );
    for (name, bytes) in [
        ("bib.jsonld", array.as_bytes()),
        ("bib.html", html.as_bytes()),
    ] {
        let import = run(&[(name, bytes)]);
        assert_eq!(names(&import), ["Erstes", "Zweites"], "{name}");
        let second = course(&import, "Zweites");
        assert_eq!(
            (starts(second), ends(second)),
            (
                vec!["2027-01-11".to_string()],
                vec!["2027-01-12".to_string()]
            )
        );
        assert_eq!(second.offers.as_ref().unwrap().price, 1200);
        assert_eq!(second.availability, Availability::Full);
        assert_eq!(
            import.report.files[0].format,
            if name.ends_with("html") {
                "JSON-LD in HTML"
            } else {
                "JSON-LD"
            }
        );
    }
    let broken = run(&[("bib.jsonld", b"{\n  \"@type\": \"Event\",\n  \"name\": \n}")]);
    assert_eq!(broken.report.messages.len(), 1);
    assert!(
        messages(&broken)[0].starts_with("bib.jsonld:4: not valid JSON"),
        "{:?}",
        messages(&broken)
    );
}

// ---------------------------------------------------------------- everything at once

#[test]
fn the_catalogue_is_valid_and_refers_only_to_what_it_lists() {
    let import = run(&[
        ("vhs.csv", &cp1252(VHS_CSV)),
        ("bib.jsonld", JSONLD.as_bytes()),
    ]);
    let json = import.catalogue.to_json();
    let back = Catalogue::from_json(&json).unwrap();
    assert_eq!(back, import.catalogue);
    let ids: Vec<&str> = back.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        ["ki", "programmieren", "making"],
        "only used categories, in import.json's order"
    );
    assert!(back
        .courses
        .iter()
        .all(|c| matches!(c.sessions[0].start_date, When::Time(_) | When::Day(_))));
}

/// RFC 5545 §3.1: a line may be folded inside a multi-byte character. Unfolded as bytes
/// before decoding, the file stays UTF-8 (before, the broken character made the whole file
/// fall back to Windows-1252 and every umlaut came out wrong).
#[test]
fn ical_a_fold_inside_a_utf8_character_is_restored() {
    let mut bytes = calendar(&event(
        "fold",
        "Löten für Anfänger",
        "DTSTART;TZID=Europe/Berlin:20270112T180000\nDTEND;TZID=Europe/Berlin:20270112T200000\nDESCRIPTION:Grüße",
    ));
    // Fold "für" between the two bytes of "ü": …f\xC3 CRLF SPACE \xBCr…
    let at = bytes
        .windows(3)
        .position(|w| w == "für".as_bytes()[..3].as_ref())
        .unwrap()
        + 2;
    bytes.splice(at..at, *b"\r\n ");
    let import = run(&[("labor.ics", &bytes)]);
    let course = &import.catalogue.courses[0];
    assert_eq!(course.name, "Löten für Anfänger");
    assert_eq!(course.description, "Grüße");
}

#[test]
fn ical_a_zone_named_in_import_json() {
    let config = CONFIG.replace(
        r#""noPriceMeansFree": true}"#,
        r#""noPriceMeansFree": true, "timeZones": {"Mitteleuropa": "Europe/Berlin", "Ostküste": "America/New_York"}}"#,
    );
    let config = Config::from_json(&config).unwrap();
    let events = [
        event("m", "Mitte", "DTSTART;TZID=Mitteleuropa:20270122T180000"),
        event("o", "Ost", "DTSTART;TZID=Ostküste:20270122T120000"),
    ]
    .concat();
    let files = [SourceFile::new("labor.ics", calendar(&events))];
    let import = import(&config, &files, now());
    assert!(import.report.messages.is_empty(), "{:?}", messages(&import));
    assert_eq!(local_starts(course(&import, "Mitte")), ["22.01.2027 18:00"]);
    assert_eq!(local_starts(course(&import, "Ost")), ["22.01.2027 18:00"]);
    // A name that is no zone is refused, saying what to write.
    let wrong = CONFIG.replace(
        r#""noPriceMeansFree": true}"#,
        r#""noPriceMeansFree": true, "timeZones": {"Mitteleuropa": "MEZ"}}"#,
    );
    let error = Config::from_json(&wrong).unwrap_err().to_string();
    assert!(
        error.contains(r#"provider "labor": timeZones: "Mitteleuropa": "MEZ" is not an IANA zone name; write one like "Europe/Berlin""#),
        "{error}"
    );
}
