//! Full-text search: folding, typos, prefixes, AND, fields, sorting.

use super::*;

fn sample() -> Catalogue {
    let mut kurse = vec![
        course("fuer", "Tablet für Einsteiger"),
        course("strasse", "Sicher im Straßenverkehr mit dem Smartphone"),
        course("uebung", "Übung macht den Meister"),
        course("prog", "Programmieren mit Python"),
        course("handy", "Handykurs für Seniorinnen und Senioren"),
        course("technik", "Technik-Sprechstunde"),
        course("ki", "KI-Werkstatt"),
        course("cafe", "Café Digital"),
    ];
    kurse[4].categories = vec!["ki".into()];
    kurse[6].provider = "stadtlabor".into();
    kurse[6].instructor = Some("Jörg Weiß".into());
    kurse[7].description = "Wir treffen uns bei **Kaffee** und Kuchen.".into();
    kurse[7].subtitle = Some("Fragen rund ums Öffnen von Dateien".into());
    catalogue(kurse)
}

/// Each search text finds exactly these courses, in this order.
fn assert_finds(cat: &Catalogue, cases: &[(&str, &[&str])]) {
    for (text, expected) in cases {
        assert_eq!(find_text(cat, text), *expected, "{text:?}");
    }
}

#[test]
fn umlauts_and_sharp_s_are_folded_both_ways() {
    let cat = sample();
    for text in ["für", "fuer", "fur", "FÜR", "Fuer"] {
        assert!(
            find_text(&cat, text).contains(&"fuer".to_string()),
            "{text}"
        );
    }
    for text in ["Straße", "strasse", "STRASSE", "Strassenverkehr"] {
        assert_eq!(find_text(&cat, text), ["strasse"], "{text}");
    }
    for text in ["Übung", "Ubung", "Uebung", "uebung", "ÜBUNG"] {
        assert_eq!(find_text(&cat, text), ["uebung"], "{text}");
    }
    for text in ["offnen", "oeffnen", "cafe"] {
        assert_eq!(find_text(&cat, text), ["cafe"], "{text}");
    }
    // The instructor's name, with ö and ß.
    assert_eq!(find_text(&cat, "joerg weiss"), ["ki"]);
}

#[test]
fn one_typo_is_forgiven_in_words_of_five_letters_or_more() {
    let cat = sample();
    for typo in [
        "Porgrammieren",  // two neighbours swapped
        "Programieren",   // a letter left out
        "Programmmieren", // a letter too many
        "Prugrammieren",  // a wrong letter
        "Pyhton",         // swapped, five letters
        "Kaffe",          // left out at the end
    ] {
        assert!(!find_text(&cat, typo).is_empty(), "{typo} finds nothing");
    }
    for two_typos in ["Porgramieren", "Prugrammiern", "Pyhtno", "Kuhcne"] {
        assert_eq!(
            find_text(&cat, two_typos),
            Vec::<String>::new(),
            "{two_typos}"
        );
    }
    // Other scripts: case and typos too.
    let cat = catalogue(vec![course("uk", "Привет, Україна")]);
    for typed in ["ПРИВЕТ", "привт", "пирвет", "україна", "Украина"]
    {
        assert_eq!(find_text(&cat, typed), ["uk"], "{typed}");
    }
    assert_eq!(find_text(&cat, "пирвт"), Vec::<String>::new());
    let cat = sample();
    // Four letters: no typo allowed ("Kurs" is in "Handykurs", "Kusr" is not).
    assert_eq!(find_text(&cat, "kurs"), ["handy"]);
    assert_eq!(find_text(&cat, "kusr"), Vec::<String>::new());
}

#[test]
fn words_match_while_typing() {
    let cat = sample();
    for typed in [
        "p",
        "pr",
        "pro",
        "prog",
        "progr",
        "program",
        "programmieren",
    ] {
        assert!(
            find_text(&cat, typed).contains(&"prog".to_string()),
            "{typed}"
        );
    }
    assert_finds(
        &cat,
        &[
            // A typo while typing, after five letters.
            ("progarm", &["prog"]),
            // Short words match only at the start of a word: "ki" is not found inside
            // "Technik"; "handy" is in the category "ki".
            ("ki", &["handy", "ki"]),
            // From four letters inside words too (German compounds).
            ("sprechstunde", &["technik"]),
            ("stunde", &["technik"]),
            ("verkehr", &["strasse"]),
        ],
    );
}

#[test]
fn every_word_must_match_somewhere() {
    let cat = sample();
    assert_finds(
        &cat,
        &[
            // "für" is in two titles, "senioren" in one.
            ("für", &["handy", "fuer"]), // same date: by title
            ("für senioren", &["handy"]),
            ("senioren für", &["handy"]),
            ("für senioren python", &[]),
            // Across fields: title + category name (German and English) + provider name.
            ("handykurs intelligenz", &["handy"]),
            ("handy artificial", &["handy"]),
            ("werkstatt stadtlabor", &["ki"]),
            ("werkstatt vhs", &[]),
            // Description without its markup, subtitle.
            ("kaffee kuchen", &["cafe"]),
            ("dateien", &["cafe"]),
            // Course number.
            ("uebung", &["uebung"]),
        ],
    );
    // Punctuation and empty text.
    assert_eq!(find_text(&cat, "  „KI“!  ").len(), 2);
    assert_eq!(find_text(&cat, "").len(), 8);
    assert_eq!(find_text(&cat, "?!").len(), 8);
}

#[test]
fn titles_sort_like_a_german_dictionary() {
    let names = [
        "Zeichnen am Tablet",
        "Übung macht den Meister",
        "Apps für alle",
        "Ärger mit dem Drucker?",
        "Uhr und Kalender",
        "öffentliche WLANs",
        "Ordnung im Posteingang",
        "Smart Home",
        "Straßenbahn-Apps",
        "Strategie",
    ];
    let courses = names
        .iter()
        .enumerate()
        .map(|(i, name)| course(&format!("c{i}"), name))
        .collect();
    let cat = catalogue(courses);
    let query = Query {
        sort: Sort::Title,
        ..Query::default()
    };
    let index = SearchIndex::new(&cat);
    let sorted: Vec<&str> = index
        .search(&cat, &query, NOW)
        .into_iter()
        .map(|i| cat.courses[i].name.as_str())
        .collect();
    assert_eq!(
        sorted,
        [
            "Apps für alle",
            "Ärger mit dem Drucker?",
            "öffentliche WLANs",
            "Ordnung im Posteingang",
            "Smart Home",
            "Straßenbahn-Apps",
            "Strategie",
            "Übung macht den Meister",
            "Uhr und Kalender",
            "Zeichnen am Tablet",
        ]
    );
}

#[test]
fn by_date_the_next_session_comes_first_and_past_courses_last() {
    let later = course_on("later", "A later", "2027-05-01", "10:00", "12:00");
    let mut series = course("series", "B series");
    // Started before "now", next session after "sooner".
    series.sessions = evenings(&["2026-12-01", "2027-04-01"]);
    let sooner = course("sooner", "C sooner"); // 9 March 2027
    let old = course_on("old", "D old", "2026-11-01", "10:00", "12:00");
    let older = course_on("older", "E older", "2026-10-01", "10:00", "12:00");
    let cat = catalogue(vec![older, later, old, series, sooner]);
    assert_eq!(
        find_at(&cat, &Query::default(), NOW),
        ["sooner", "series", "later"]
    );
    let with_past = Query {
        include_past: true,
        ..Query::default()
    };
    assert_eq!(
        find_at(&cat, &with_past, NOW),
        ["sooner", "series", "later", "old", "older"]
    );
    let by_title = Query {
        sort: Sort::Title,
        ..with_past
    };
    assert_eq!(
        find_at(&cat, &by_title, NOW),
        ["later", "series", "sooner", "old", "older"]
    );
}

#[test]
fn the_index_survives_a_catalogue_that_does_not_fit() {
    let cat = sample();
    let index = SearchIndex::new(&cat);
    let smaller = catalogue(vec![course("x", "Programmieren")]);
    let query = Query {
        text: "programmieren".into(),
        ..Query::default()
    };
    // Course 3 of `cat` is beyond `smaller`: not found, no panic.
    assert_eq!(index.search(&smaller, &query, NOW), Vec::<usize>::new());
    let empty = catalogue(Vec::new());
    assert_eq!(
        SearchIndex::new(&empty).search(&empty, &Query::default(), NOW),
        Vec::<usize>::new()
    );
}
