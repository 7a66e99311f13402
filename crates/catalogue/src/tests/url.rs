//! The query in the URL: round trips, the documented keys, garbage.

use lernort_time::{Date, Weekday};

use super::*;

fn everything() -> Query {
    let mut q = Query {
        text: "KI für Senioren & 100% Straße, \"quoted\" #1 ?=+".into(),
        categories: vec!["ki".into(), "smart-home".into()],
        providers: vec!["vhs-soest".into()],
        audiences: vec![Audience::Seniors, Audience::Beginners],
        languages: vec!["de".into(), "en".into()],
        from: Date::new(2027, 3, 1),
        to: Date::new(2027, 3, 31),
        free_only: true,
        attendance: Some(Attendance::Online),
        step_free: true,
        hide_full: true,
        include_past: true,
        sort: Sort::Title,
        ..Query::default()
    };
    q.weekdays[Weekday::Mon.index()] = true;
    q.weekdays[Weekday::Wed.index()] = true;
    q.parts_of_day[PartOfDay::Evening.index()] = true;
    q
}

#[test]
fn every_field_round_trips() {
    let q = everything();
    let text = q.to_query_string();
    assert_eq!(
        text,
        "q=KI+f%C3%BCr+Senioren+%26+100%25+Stra%C3%9Fe%2C+%22quoted%22+%231+%3F%3D%2B\
         &kat=ki,smart-home&anbieter=vhs-soest&fuer=senioren,einsteiger&sprache=de,en\
         &von=2027-03-01&bis=2027-03-31&tag=mo,mi&zeit=abend&frei=1&ort=online\
         &stufenlos=1&ausgebucht=0&vorbei=1&sort=titel"
    );
    assert_eq!(Query::from_query_string(&text), q);
    assert_eq!(Query::from_query_string(&format!("?{text}")), q);
    // Each field alone.
    let singles = [
        Query {
            text: "x".into(),
            ..Query::default()
        },
        Query {
            attendance: Some(Attendance::OnSite),
            ..Query::default()
        },
        Query {
            from: Date::new(2027, 12, 31),
            ..Query::default()
        },
        Query {
            parts_of_day: [true, true, true],
            weekdays: [true; 7],
            ..Query::default()
        },
    ];
    for q in singles {
        assert_eq!(Query::from_query_string(&q.to_query_string()), q, "{q:?}");
    }
    assert_eq!(Query::from_query_string(""), Query::default());
    assert_eq!(Query::from_query_string("?"), Query::default());
}

#[test]
fn the_documented_example_reads() {
    let q = Query::from_query_string("?q=ki&kat=ki,smart-home&tag=mo,mi&zeit=abend&frei=1");
    assert_eq!(q.text, "ki");
    assert_eq!(q.categories, ["ki", "smart-home"]);
    assert_eq!(q.weekdays, [true, false, true, false, false, false, false]);
    assert_eq!(q.parts_of_day, [false, false, true]);
    assert!(q.free_only);
    // German words also read as yes/no; %20 and + are both spaces.
    let q = Query::from_query_string("stufenlos=ja&ausgebucht=nein&q=smart%20home+kurs");
    assert!(q.step_free && q.hide_full);
    assert_eq!(q.text, "smart home kurs");
}

#[test]
fn garbage_is_ignored() {
    let q = Query::from_query_string(
        "&&=&x=1&kat=KI,,ki,../etc,ki&tag=mo,xx,mo,Mo&zeit=nachts&von=2027-02-30&bis=morgen\
         &ort=mond&fuer=senioren,aliens&sprache=deutsch,de&frei=vielleicht&sort=zufall\
         &q=%E2%82%AC%ZZ%&%3D%3D=1&kat",
    );
    assert_eq!(q.categories, ["ki"]);
    assert_eq!(q.weekdays, [true, false, false, false, false, false, false]);
    assert_eq!(q.parts_of_day, [false; 3]);
    assert_eq!((q.from, q.to), (None, None));
    assert_eq!(q.attendance, None);
    assert_eq!(q.audiences, [Audience::Seniors]);
    assert_eq!(q.languages, ["de"]);
    assert!(!q.free_only);
    assert_eq!(q.sort, Sort::Date);
    assert_eq!(q.text, "€%ZZ%");
    // Broken UTF-8: the value is dropped.
    assert_eq!(Query::from_query_string("q=%C3%28%FF").text, "");
    assert_eq!(
        Query::from_query_string("kat=ki%FF,smart-home").categories,
        Vec::<String>::new()
    );
    // A very long text is cut, lists are capped.
    let long = format!("q={}", "ü".repeat(1_000));
    assert_eq!(Query::from_query_string(&long).text.chars().count(), 200);
    let many = format!(
        "kat={}",
        (0..500)
            .map(|i| format!("k{i}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert_eq!(Query::from_query_string(&many).categories.len(), 50);
}

#[test]
fn no_input_panics() {
    // Every short string over a nasty alphabet, and a deterministic stream of random ones.
    let alphabet = [
        "%", "C3", "=", "&", "+", ",", "q", "kat", "ü", "\u{0}", "%E2%82", "9",
    ];
    let mut seed: u64 = 42;
    for _ in 0..20_000 {
        let mut text = String::new();
        for _ in 0..8 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            text.push_str(alphabet[(seed >> 33) as usize % alphabet.len()]);
        }
        let q = Query::from_query_string(&text);
        // Whatever was read prints and reads back the same.
        assert_eq!(
            Query::from_query_string(&q.to_query_string()),
            q,
            "{text:?}"
        );
    }
}

#[test]
fn percent_encoding_is_utf8_safe() {
    for text in [
        "",
        "a b",
        "für",
        "Straße",
        "€",
        "🙂",
        "a+b=c&d",
        "100%",
        "日本語",
    ] {
        assert_eq!(decode_component(&encode_component(text)), text);
    }
    assert_eq!(encode_component("ä"), "%C3%A4");
    assert_eq!(decode_component("%c3%a4"), "ä", "lowercase hex");
    assert_eq!(decode_component("%"), "%");
    assert_eq!(decode_component("%4"), "%4");
    assert_eq!(decode_component("%g0"), "%g0");
}
