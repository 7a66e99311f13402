//! CSV exports whose headers are written the way course systems write them: qualifiers and
//! units after the name, and names the import does not know, mapped in `import.json`.

mod common;

use common::now;
use lernort_import::config::Config;
use lernort_import::report::Severity;
use lernort_import::{import, Import, SourceFile};

fn config(columns: &str) -> Config {
    Config::from_json(&format!(
        r#"{{
  "providers": [{{"id": "kvhs", "name": "Kreis-VHS", "kind": "vhs", "sources": ["export.csv"],
                  "defaultVenue": "haus", "columns": {columns}}}],
  "venues": [{{"id": "haus", "name": "Haus der Bildung", "street": "Markt 1", "postalCode": "33330",
               "city": "Gütersloh", "stepFree": true}}]
}}"#
    ))
    .unwrap()
}

fn run(config: &Config, csv: &str) -> Import {
    import(
        config,
        &[SourceFile::new("export.csv", csv.as_bytes())],
        now(),
    )
}

/// 23 courses, one a week from January, as a course system exports them.
fn export(date_header: &str) -> String {
    let mut csv = format!(
        "Kurs-Nr.;Titel;{date_header};Zeit von;Zeit bis;Preis (€);max. Teilnehmende;Bemerkung\n"
    );
    let first = lernort_time::Date::new(2027, 1, 4).unwrap();
    for n in 0..23 {
        let day = first.add_days(7 * n);
        csv.push_str(&format!(
            "27-{n:03};Kurs {n};{:02}.{:02}.{};18:00;19:30;25,00 €;12;intern\n",
            day.day, day.month, day.year
        ));
    }
    csv
}

#[test]
fn headers_with_qualifiers_and_units_match_their_field() {
    let result = run(&config("{}"), &export("Datum (TT.MM.JJJJ)"));
    assert_eq!(
        result.catalogue.courses.len(),
        23,
        "{:?}",
        result.report.messages
    );
    assert_eq!(result.report.skipped(), 0);
    let course = &result.catalogue.courses[0];
    assert_eq!(course.offers.as_ref().map(|o| o.price), Some(2500));
    assert_eq!(course.capacity, Some(12));
    // The one unknown column keeps its warning, and the warning says how to map it.
    let warnings = result.report.lines(Severity::Warning);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains(
            r#"add to provider "kvhs" in import.json "columns": {"Bemerkung": "<field>"}"#
        ) && warnings[0].contains("\"ignore\" silences this warning")
            && warnings[0].contains("title, subtitle"),
        "{}",
        warnings[0]
    );
}

#[test]
fn an_unknown_date_header_is_mapped_in_import_json() {
    // Without a map: nothing can be imported, and the message says what to write.
    let unmapped = run(&config("{}"), &export("Termin am"));
    assert_eq!(unmapped.catalogue.courses.len(), 0);
    let skipped = unmapped.report.lines(Severity::Skipped);
    assert!(
        skipped.iter().any(|m| m.contains(
            r#"add to provider "kvhs" in import.json "columns": {"<its header>": "date"}"#
        )),
        "{skipped:?}"
    );
    // With it (headers compared without case and punctuation), all 23; "ignore" silences.
    let mapped = run(
        &config(r#"{"termin am": "date", "Bemerkung": "ignore"}"#),
        &export("Termin am"),
    );
    assert_eq!(mapped.catalogue.courses.len(), 23);
    assert_eq!(
        mapped.report.messages.len(),
        0,
        "{:?}",
        mapped.report.messages
    );
}

#[test]
fn the_map_wins_over_known_names_and_a_wrong_field_is_a_config_error() {
    // This export's "max. Teilnehmende" counts the places still free, and its remarks
    // name the teacher.
    let result = run(
        &config(r#"{"max. Teilnehmende": "placesLeft", "Bemerkung": "instructor"}"#),
        &export("Datum"),
    );
    let course = &result.catalogue.courses[0];
    assert_eq!((course.places_left, course.capacity), (Some(12), None));
    assert_eq!(course.instructor.as_deref(), Some("intern"));
    let error = Config::from_json(
        r#"{"providers": [{"id": "kvhs", "name": "K", "kind": "vhs", "columns": {"Termin am": "datum"}}]}"#,
    )
    .unwrap_err();
    assert!(
        error.contains(r#"provider "kvhs": columns: "Termin am": "datum" is not a field; write one of id, title"#),
        "{error}"
    );
}

/// The provider with its own words; the known venue is "Haus der Bildung", Markt 1.
fn worded() -> Config {
    Config::from_json(
        r#"{
  "providers": [{"id": "kvhs", "name": "Kreis-VHS", "kind": "vhs", "sources": ["export.csv"],
                 "yesWords": ["rollstuhlgeeignet"], "noWords": ["Treppe"],
                 "statusWords": {"Restplätze": "few", "fällt aus": "cancelled"}}],
  "venues": [{"id": "haus", "name": "Haus der Bildung", "street": "Markt 1", "postalCode": "33330",
              "city": "Gütersloh", "stepFree": true}]
}"#,
    )
    .unwrap()
}

#[test]
fn address_columns_make_or_match_a_venue_and_step_free_is_read_in_the_providers_words() {
    let csv = "Titel;Datum;Zeit von;Zeit bis;Preis;Kursort;Straße;PLZ;Stadt;Barrierefrei (ja/nein);Status\n\
               Excel;12.01.2027;18:00;19:30;20 €;Jugendzentrum;Bahnhofstraße 5;33332;Gütersloh;rollstuhlgeeignet;Restplätze\n\
               Word;13.01.2027;18:00;19:30;20 €;;Markt 1;33330;Gütersloh;Treppe;fällt aus\n\
               Zoom;14.01.2027;18:00;19:30;20 €;Scheune;Am Hof 2;33333;Gütersloh;vielleicht;\n";
    let result = run(&worded(), csv);
    let courses = &result.catalogue.courses;
    assert_eq!(courses.len(), 3, "{:?}", result.report.messages);
    // A new place with a full address becomes a venue, step-free as the export says.
    let youth = result.catalogue.venue("jugendzentrum").unwrap();
    assert_eq!(
        (
            youth.street.as_str(),
            youth.postal_code.as_str(),
            youth.city.as_str(),
            youth.step_free
        ),
        ("Bahnhofstraße 5", "33332", "Gütersloh", true)
    );
    assert_eq!(courses[0].venue.as_deref(), Some("jugendzentrum"));
    assert_eq!(
        courses[0].availability,
        lernort_catalogue::Availability::Few
    );
    // A street import.json knows is that venue; what import.json says stays, and is said.
    assert_eq!(courses[1].venue.as_deref(), Some("haus"));
    assert_eq!(
        courses[1].availability,
        lernort_catalogue::Availability::Cancelled
    );
    let scheune = result.catalogue.venue("scheune").unwrap();
    assert!(!scheune.step_free, "an unknown word says nothing");
    let warnings = result.report.lines(Severity::Warning);
    for expected in [
        "export.csv:2: Kursort: 'Jugendzentrum' is not in import.json; added as venue 'jugendzentrum' (marked step-free as the source says)",
        "export.csv:3: Barrierefrei (ja/nein): the export says the venue 'haus' is not step-free, import.json says it is step-free; import.json is used (correct \"stepFree\" there if the export is right)",
        "export.csv:4: Barrierefrei (ja/nein): 'vielleicht' is neither yes nor no; left out (add it to \"yesWords\" or \"noWords\" of provider \"kvhs\" in import.json)",
    ] {
        assert!(warnings.iter().any(|w| w.contains(expected)), "{expected}\nnot in {warnings:#?}");
    }
}
