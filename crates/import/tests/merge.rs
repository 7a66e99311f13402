//! Merging (ids, slugs, determinism, "past"), the bundled centre sources, the stress
//! generator and the command line.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{messages, now, NOW};
use lernort_catalogue::{Availability, Catalogue, Timestamp};
use lernort_import::config::Config;
use lernort_import::report::Severity;
use lernort_import::{generate, import, import_folder, SourceFile};
use lernort_routes::is_slug;

const CONFIG: &str = r#"{
  "providers": [
    {"id": "vhs", "name": "VHS", "kind": "vhs", "sources": ["a.csv", "b.csv"], "defaultVenue": "haus"},
    {"id": "labor", "name": "Labor", "kind": "stadtlabor", "defaultVenue": "haus", "noPriceMeansFree": true}
  ],
  "venues": [{"id": "haus", "name": "Haus", "street": "Werkstraße 1", "postalCode": "59494", "city": "Soest", "stepFree": true}]
}"#;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn slugs_are_unique_and_stable() {
    let csv = "Kursnummer;Titel;Beginn;Uhrzeit von;Uhrzeit bis;Entgelt\n\
3;KI im Alltag;03.02.2027;18:00;19:00;0\n\
1;KI im Alltag;13.01.2027;18:00;19:00;0\n\
2;KI im Alltag;03.02.2027;10:00;11:00;0\n\
4;KI im Alltag 2027-02-03;01.03.2027;10:00;11:00;0\n\
5;Größe & Maß;01.03.2027;10:00;11:00;0\n";
    let config = Config::from_json(CONFIG).unwrap();
    let result = import(&config, &[SourceFile::new("a.csv", csv)], now());
    let slugs: Vec<(&str, &str)> = result
        .catalogue
        .courses
        .iter()
        .map(|c| (c.id.as_str(), c.slug.as_str()))
        .collect();
    assert_eq!(
        slugs,
        [
            ("vhs:1", "ki-im-alltag"),
            ("vhs:2", "ki-im-alltag-2027-02-03-2"),
            ("vhs:3", "ki-im-alltag-2027-02-03-3"),
            // A title that is itself "title plus date" keeps its slug.
            ("vhs:4", "ki-im-alltag-2027-02-03"),
            ("vhs:5", "groesse-mass"),
        ]
    );
    assert!(result.catalogue.courses.iter().all(|c| is_slug(&c.slug)));
    let long = format!(
        "Titel;Beginn;Entgelt\n{};01.03.2027;0\n",
        "Sehr langer Titel ".repeat(20)
    );
    let result = import(&config, &[SourceFile::new("a.csv", long)], now());
    let slug = &result.catalogue.courses[0].slug;
    assert!(is_slug(slug) && slug.len() <= 80, "{slug}");
}

#[test]
fn output_is_deterministic() {
    let a = "Kursnummer;Titel;Beginn;Entgelt\n1;Eins;01.03.2027;0\n2;Zwei;01.03.2027;0\n";
    let b = "id,title,date,price\n7,Eins,2027-03-01,0\n8,Drei,2027-02-01,5\n";
    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Eins\r\nDTSTART;VALUE=DATE:20270301\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let config = Config::from_json(CONFIG).unwrap();
    let files = vec![
        SourceFile::new("a.csv", a),
        SourceFile::new("b.csv", b),
        SourceFile::new("labor.ics", ics),
    ];
    let first = import(&config, &files, now()).catalogue.to_json();
    let second = import(&config, &files, now()).catalogue.to_json();
    assert_eq!(first, second);
    let reversed: Vec<SourceFile> = files.iter().rev().cloned().collect();
    assert_eq!(import(&config, &reversed, now()).catalogue.to_json(), first);
    let catalogue = Catalogue::from_json(&first).unwrap();
    let slugs: Vec<&str> = catalogue.courses.iter().map(|c| c.slug.as_str()).collect();
    // By date, then provider (as import.json lists them), then id; the first "Eins" keeps
    // the plain slug.
    assert_eq!(
        slugs,
        [
            "drei",
            "eins",
            "zwei",
            "eins-2027-03-01",
            "eins-2027-03-01-2"
        ]
    );
}

#[test]
fn past_is_derived_from_now_and_cancelled_stays() {
    let csv = "Titel;Beginn;Uhrzeit von;Uhrzeit bis;Entgelt;Status\n\
Vorbei;20.11.2026;10:00;11:00;0;Anmeldung möglich\n\
Heute;21.11.2026;11:00;13:00;0;\n\
Abgesagt;01.10.2026;10:00;11:00;0;abgesagt\n";
    let config = Config::from_json(CONFIG).unwrap();
    let files = [SourceFile::new("a.csv", csv)];
    let states = |t: &str| -> Vec<Availability> {
        let now = Timestamp::parse(t).unwrap();
        let result = import(&config, &files, now);
        assert_eq!(result.catalogue.generated, now);
        result
            .catalogue
            .courses
            .iter()
            .map(|c| c.availability)
            .collect()
    };
    // In course order: Abgesagt (01.10.), Vorbei (20.11.), Heute (21.11.).
    assert_eq!(
        states("2026-11-21T12:00:00+01:00"),
        [
            Availability::Cancelled,
            Availability::Past,
            Availability::Available
        ]
    );
    assert_eq!(
        states("2026-11-21T13:00:00+01:00"),
        [
            Availability::Cancelled,
            Availability::Past,
            Availability::Past
        ]
    );
    assert_eq!(
        states("2026-09-01T00:00:00+02:00"),
        [
            Availability::Cancelled,
            Availability::Available,
            Availability::Available
        ]
    );
}

#[test]
fn duplicate_ids_and_files_without_provider_are_reported() {
    let a = "Kursnummer;Titel;Beginn;Entgelt\n1;Eins;01.03.2027;0\n";
    let b = "Kursnummer;Titel;Beginn;Entgelt\n1;Noch mal eins;02.03.2027;0\n";
    let config = Config::from_json(CONFIG).unwrap();
    let result = import(
        &config,
        &[
            SourceFile::new("a.csv", a),
            SourceFile::new("b.csv", b),
            SourceFile::new("fremd.csv", a),
            SourceFile::new("notes.pdf", "x"),
            SourceFile::new("README.md", "x"),
        ],
        now(),
    );
    assert_eq!(
        messages(&result),
        [
            "b.csv: 'Noch mal eins' (vhs:1): the id is already used by a course from a.csv",
            "fremd.csv: no provider for this file: list it in a provider's sources in import.json",
            "notes.pdf: not a source file (.csv, .ics, .jsonld, .json, .html); passed over",
        ]
    );
    assert_eq!(result.catalogue.courses.len(), 1);
    assert_eq!(result.report.skipped(), 2);
}

#[test]
fn courses_that_break_the_catalogue_rules_are_left_out() {
    let jsonld = r#"[{"@type": "Event", "@id": "https://labor.example/a", "name": "Gut", "startDate": "2027-01-10"},
      {"@type": "Event", "@id": "https://labor.example/b", "name": "Seltsame Sprache", "startDate": "2027-01-11",
       "inLanguage": "de-abcdefghijk"}]"#;
    let config = Config::from_json(CONFIG).unwrap();
    let result = import(&config, &[SourceFile::new("labor.jsonld", jsonld)], now());
    assert_eq!(
        messages(&result),
        ["labor.jsonld: course \"labor:b\": inLanguage \"de-abcdefghijk\" is not a language code like \"de\""]
    );
    assert_eq!(result.catalogue.courses.len(), 1);
    let file = &result.report.files[0];
    assert_eq!((file.imported, file.skipped), (1, 1));
    assert!(result.catalogue.problems().is_empty());
}

#[test]
fn bundled_dilas_sources_import() {
    let folder = root().join("centres/dilas-soest/catalogue");
    let result = import_folder(&folder, now()).unwrap();
    let report = &result.report;
    let catalogue = &result.catalogue;
    assert!(catalogue.courses.len() >= 60, "{}", catalogue.courses.len());
    assert!(catalogue.providers.len() >= 4);
    assert!(
        report.providers.iter().all(|p| p.courses >= 8),
        "{:?}",
        report.providers
    );
    assert_eq!(
        report.lines(Severity::Skipped),
        [
            "vhs-soest.csv:16: Beginn: '31.02.2027' is not a date",
            "vhs-soest.csv:16: Ende: '31.02.2027' is not a date",
            "vhs-soest.csv:24: Titel: missing",
            "vhs-soest.csv:39: Uhrzeit von: '18:70' is not a time like 18:00",
        ]
    );
    // Three VHS rows. (The StadtLABOR's yearly Jahresempfang was skipped too while the
    // calendar reader knew no FREQ=YEARLY; calcard reads it.)
    assert_eq!(report.skipped(), 3, "three VHS rows");
    assert!(catalogue
        .courses
        .iter()
        .any(|c| c.name.starts_with("Jahresempfang")));
    // The library's workshop has no price: imported, shown as "Preis beim Anbieter erfragen".
    let warnings = report.lines(Severity::Warning);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("stadtbibliothek.jsonld:")
            && warnings[0].contains("offers: missing; shown as 'Preis beim Anbieter erfragen'"),
        "{warnings:?}"
    );
    let skipped_per_file: Vec<(&str, usize)> = report
        .files
        .iter()
        .map(|f| (f.file.as_str(), f.skipped))
        .collect();
    assert_eq!(
        skipped_per_file,
        [
            ("stadtbibliothek.jsonld", 0),
            ("stadtlabor.ics", 0),
            ("stadtwerke.csv", 0),
            ("vhs-soest.csv", 3)
        ]
    );
    // The mix the brief asks for.
    let count = |f: &dyn Fn(&lernort_catalogue::Course) -> bool| {
        catalogue.courses.iter().filter(|c| f(c)).count()
    };
    assert!(count(&|c| c.availability == Availability::Past) >= 5);
    assert!(count(&|c| c.availability == Availability::Full) >= 2);
    assert!(count(&|c| c.availability == Availability::Waitlist) >= 2);
    assert!(count(&|c| c.availability == Availability::Cancelled) >= 1);
    assert_eq!(count(&|c| c.availability == Availability::Postponed), 1);
    assert_eq!(
        count(&|c| c.offers.is_none() && !c.is_accessible_for_free),
        1
    );
    assert!(count(&|c| c.is_accessible_for_free) >= 10);
    assert!(count(&|c| c.in_language == "en") >= 3);
    assert!(count(&|c| c.sessions.len() >= 6) >= 5);
    assert!(count(&|c| c.event_attendance_mode != lernort_catalogue::AttendanceMode::Offline) >= 4);
    assert!(count(&|c| c.audience.contains(&lernort_catalogue::Audience::Seniors)) >= 5);
    assert!(count(&|c| c.audience.contains(&lernort_catalogue::Audience::Children)) >= 3);
    // Written and read back by the catalogue crate: valid, and the same.
    let json = catalogue.to_json();
    assert_eq!(&Catalogue::from_json(&json).unwrap(), catalogue);
    assert_eq!(
        import_folder(&folder, now()).unwrap().catalogue.to_json(),
        json
    );
}

/// The bundled demo data is written for one week (`sampleWeek`) and moves with "now": run
/// on any date, the catalogue looks as it did in that week, with the same weekdays and
/// wall-clock times and the same courses upcoming.
#[test]
fn bundled_sample_data_never_goes_stale() {
    for centre in ["dilas-soest", "netzwerk-gt"] {
        let folder = root().join("centres").join(centre).join("catalogue");
        let in_sample_week = import_folder(&folder, now()).unwrap();
        assert_eq!(in_sample_week.report.moved_weeks, Some(0), "{centre}");
        let upcoming = |catalogue: &Catalogue, now: i64| -> Vec<(String, String)> {
            catalogue
                .courses
                .iter()
                .filter(|c| !c.is_past(now) && c.availability != Availability::Cancelled)
                .map(|c| {
                    let first = lernort_time::to_berlin(c.first_session().unwrap().start_unix());
                    (
                        c.id.clone(),
                        format!("{:?} {}", first.date.weekday(), first.time),
                    )
                })
                .collect()
        };
        let expected = upcoming(&in_sample_week.catalogue, now().unix_seconds);
        assert!(expected.len() >= 8, "{centre}: {}", expected.len());
        // Saturday 13 May 2028 (summer time) and a winter Saturday in 2025, the same hour.
        for (when, weeks) in [
            ("2028-05-13T12:00:00+02:00", 77),
            ("2025-11-22T12:00:00+01:00", -52),
        ] {
            let later = Timestamp::parse(when).unwrap();
            let moved = import_folder(&folder, later).unwrap();
            assert_eq!(moved.report.moved_weeks, Some(weeks), "{centre} at {when}");
            assert_eq!(
                upcoming(&moved.catalogue, later.unix_seconds),
                expected,
                "{centre} at {when}"
            );
            assert!(moved.catalogue.problems().is_empty(), "{centre} at {when}");
        }
    }
}

#[test]
fn bundled_netzwerk_gt_sources_import() {
    let result = import_folder(&root().join("centres/netzwerk-gt/catalogue"), now()).unwrap();
    assert!(result.catalogue.courses.len() >= 8);
    assert_eq!(result.report.skipped(), 0);
    assert!(
        result.report.messages.is_empty(),
        "{:?}",
        result.report.messages
    );
    assert!(result.catalogue.problems().is_empty());
}

#[test]
fn generator_makes_exactly_n_valid_courses_deterministically() {
    for n in [0, 1, 137, 5000] {
        let catalogue = generate::catalogue(n, 1, now());
        assert_eq!(catalogue.courses.len(), n);
        assert!(
            catalogue.problems().is_empty(),
            "{:?}",
            &catalogue.problems()[..3.min(catalogue.problems().len())]
        );
    }
    let a = generate::catalogue(500, 7, now()).to_json();
    assert_eq!(a, generate::catalogue(500, 7, now()).to_json());
    assert_ne!(a, generate::catalogue(500, 8, now()).to_json());
    let back = Catalogue::from_json(&a).unwrap();
    let slugs: std::collections::HashSet<&str> =
        back.courses.iter().map(|c| c.slug.as_str()).collect();
    assert_eq!(slugs.len(), 500);
    assert!(
        back.courses.iter().any(|c| c.slug.contains("-20")),
        "repeated titles get date suffixes"
    );
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lernort-import"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `--sources sources --out out --now NOW` and `flags`.
fn cli_import(sources: &str, out: &Path, flags: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "--sources",
        sources,
        "--out",
        out.to_str().unwrap(),
        "--now",
        NOW,
    ];
    args.extend_from_slice(flags);
    cli(&args)
}

#[test]
fn command_line_exit_codes_and_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("data/catalogue.json");
    let out_s = out.to_str().unwrap();
    let (code, stdout, stderr) = cli_import("centres/dilas-soest/catalogue", &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("vhs-soest.csv") && stdout.contains("3 skipped"),
        "{stdout}"
    );
    assert!(
        stderr.contains("skipped  vhs-soest.csv:16: Beginn: '31.02.2027' is not a date"),
        "{stderr}"
    );
    let first = std::fs::read(&out).unwrap();
    assert!(Catalogue::from_json(std::str::from_utf8(&first).unwrap()).is_ok());
    let (code, _, _) = cli_import("centres/dilas-soest/catalogue", &out, &["--quiet"]);
    assert_eq!(code, 0);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        first,
        "same input, same bytes"
    );

    let strict = dir.path().join("strict.json");
    let (code, _, stderr) = cli_import("centres/dilas-soest/catalogue", &strict, &["--strict"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!strict.exists());
    let (code, _, _) = cli_import("centres/netzwerk-gt/catalogue", &strict, &["--strict"]);
    assert_eq!(code, 0);

    let (code, _, stderr) = cli(&["--sources", "centres/nowhere", "--out", out_s]);
    assert_eq!(code, 1);
    assert!(stderr.contains("does not exist"), "{stderr}");
    let blocked = dir.path().join("file");
    std::fs::write(&blocked, "x").unwrap();
    let (code, _, stderr) = cli(&[
        "--sources",
        "centres/netzwerk-gt/catalogue",
        "--out",
        blocked.join("c.json").to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("cannot be written"), "{stderr}");
    let (code, _, _) = cli(&["--sources"]);
    assert_eq!(code, 2);

    let generated = dir.path().join("gen.json");
    let (code, stdout, _) = cli(&[
        "--generate",
        "300",
        "--seed",
        "3",
        "--now",
        NOW,
        "--out",
        generated.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("generated 300 courses"), "{stdout}");
    let catalogue = Catalogue::from_json(&std::fs::read_to_string(&generated).unwrap()).unwrap();
    assert_eq!(catalogue.courses.len(), 300);
}

/// The app reads catalogues with its own small reader (`Catalogue::parse`), the tools
/// with serde (`Catalogue::from_json`): on everything the import writes, they agree.
#[test]
fn the_app_reads_what_the_import_writes_like_the_tools_do() {
    let mut catalogues = vec![
        generate::catalogue(5_000, 3, now()),
        import_folder(&root().join("centres/netzwerk-gt/catalogue"), now())
            .unwrap()
            .catalogue,
    ];
    catalogues.push(
        import_folder(&root().join("centres/dilas-soest/catalogue"), now())
            .unwrap()
            .catalogue,
    );
    for catalogue in catalogues {
        let json = catalogue.to_json();
        let by_the_app = Catalogue::parse(&json).unwrap();
        assert_eq!(by_the_app, Catalogue::from_json(&json).unwrap());
        assert_eq!(by_the_app, catalogue);
    }
}
