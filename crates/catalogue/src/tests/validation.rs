//! Every rule, and how its problem reads.

use super::*;

fn problems_of(edit: impl FnOnce(&mut Catalogue)) -> Vec<Problem> {
    let mut cat = catalogue(vec![course("a", "A"), course("b", "B")]);
    assert_eq!(cat.problems(), [], "the base catalogue is valid");
    edit(&mut cat);
    cat.problems()
}

fn messages(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(ToString::to_string).collect()
}

#[test]
fn ids_slugs_and_names() {
    let problems = problems_of(|cat| {
        cat.format = 2;
        cat.providers[1].id = "vhs".into();
        cat.categories[0].id = "Künstliche Intelligenz".into();
        cat.venues[1].name = " ".into();
        cat.venues[1].city = String::new();
        cat.courses[1].id = "a".into();
        cat.courses[1].slug = "a".into();
        cat.courses[0].name = "".into();
        cat.courses[0].slug = "-a".into();
    });
    assert_eq!(
        messages(&problems),
        [
            "format 2 is not supported (this version reads format 1)",
            "two providers have the id \"vhs\"",
            "category id \"Künstliche Intelligenz\" must be lowercase letters, digits and inner hyphens",
            "venue \"altbau\" has an empty name",
            "venue \"altbau\" needs a street and a city",
            "course \"a\": slug \"-a\" must be lowercase letters, digits and inner hyphens",
            "course \"a\" has an empty name",
            "two courses have the id \"a\"",
        ]
    );
    let problems = problems_of(|cat| {
        cat.courses[1].slug = "a".into();
        cat.courses[1].id = " ".into();
    });
    assert_eq!(
        problems,
        [
            Problem::BadId {
                kind: Kind::Course,
                id: " ".into()
            },
            Problem::DuplicateSlug {
                course: " ".into(),
                slug: "a".into()
            }
        ]
    );
}

#[test]
fn references() {
    let problems = problems_of(|cat| {
        cat.courses[0].provider = "volkshochschule".into();
        cat.courses[0].categories = vec!["ki".into(), "kochen".into()];
        cat.courses[0].venue = Some("rathaus".into());
        cat.courses[1].venue = None;
    });
    assert_eq!(
        messages(&problems),
        [
            "course \"a\": unknown provider \"volkshochschule\"",
            "course \"a\": unknown category \"kochen\"",
            "course \"a\": unknown venue \"rathaus\"",
            "course \"b\" takes place on site but names no venue",
        ]
    );
    // Online courses need no venue; mixed ones do.
    assert_eq!(
        problems_of(|cat| {
            cat.courses[1].venue = None;
            cat.courses[1].event_attendance_mode = AttendanceMode::Online;
        }),
        []
    );
    assert_eq!(
        problems_of(|cat| {
            cat.courses[1].venue = None;
            cat.courses[1].event_attendance_mode = AttendanceMode::Mixed;
        }),
        [Problem::MissingVenue { course: "b".into() }]
    );
}

#[test]
fn sessions() {
    let problems = problems_of(|cat| {
        cat.courses[0].sessions = vec![
            session("2027-03-09T18:00:00+01:00", "2027-03-09T20:00:00+01:00"),
            // Ends "earlier" by its digits but not in time: 19:00+02:00 is 17:00Z,
            // 18:30+01:00 is 17:30Z. Fine.
            session("2027-03-10T19:00:00+02:00", "2027-03-10T18:30:00+01:00"),
            session("2027-03-11T18:00:00+01:00", "2027-03-11T17:59:00+01:00"),
            session("2027-03-12", "2027-03-11"),
            session("2027-03-13", "2027-03-13T10:00:00+01:00"),
        ];
        cat.courses[1].sessions.clear();
    });
    assert_eq!(
        messages(&problems),
        [
            "course \"a\": session 3 ends before it starts",
            "course \"a\": session 4 ends before it starts",
            "course \"a\": session 5 must give dates at both ends or times at both ends",
            "course \"b\" has no sessions",
        ]
    );
}

#[test]
fn prices_places_links_images_languages_ages() {
    let problems = problems_of(|cat| {
        let a = &mut cat.courses[0];
        a.offers = None;
        a.places_left = Some(13);
        a.capacity = Some(12);
        a.url = Some("www.vhs-soest.de".into());
        a.booking_url = Some("javascript:alert(1)".into());
        a.image = Some(Image {
            src: "https://example.org/bild.jpg".into(),
            alt: "Bild".into(),
        });
        a.in_language = "Deutsch".into();
        a.typical_age_range = Some("ab 60".into());
        let b = &mut cat.courses[1];
        b.is_accessible_for_free = true;
        b.offers = Some(Offer {
            price: 1000,
            reduced_price: Some(2000),
            currency: "€".into(),
        });
        b.image = Some(Image {
            src: "bilder/b.webp".into(),
            alt: " ".into(),
        });
        cat.providers[0].url = Some("ftp://vhs".into());
    });
    assert_eq!(
        messages(&problems),
        [
            "\"vhs\": url \"ftp://vhs\" must be an https:// or http:// address",
            "course \"a\": more places left than its capacity",
            "\"a\": url \"www.vhs-soest.de\" must be an https:// or http:// address",
            "\"a\": bookingUrl \"javascript:alert(1)\" must be an https:// or http:// address",
            "course \"a\": image.src must be a file on the site and image.alt must describe it",
            "course \"a\": inLanguage \"Deutsch\" is not a language code like \"de\"",
            "course \"a\": typicalAgeRange \"ab 60\" must look like \"60-\" or \"12-17\"",
            "course \"b\" is marked free but has a price",
            "course \"b\": the reduced price is above the price",
            "course \"b\": currency \"€\" is not a code like \"EUR\"",
            "course \"b\": image.src must be a file on the site and image.alt must describe it",
        ]
    );
    // What is fine.
    assert_eq!(
        problems_of(|cat| {
            let a = &mut cat.courses[0];
            a.is_accessible_for_free = true;
            a.offers = Some(Offer {
                price: 0,
                reduced_price: None,
                currency: "EUR".into(),
            });
            a.in_language = "pt-BR".into();
            a.typical_age_range = Some("12-17".into());
            a.url = Some("http://example.org/kurs?id=1#x".into());
            let b = &mut cat.courses[1];
            b.in_language = "uk".into();
            b.typical_age_range = Some("60-".into());
            b.image = Some(Image {
                src: "bilder/b.webp".into(),
                alt: "Ein Tablet".into(),
            });
        }),
        []
    );
    for bad in ["17-12", "-", "-12", "1000-", "60", "6O-"] {
        assert_eq!(
            problems_of(|cat| cat.courses[0].typical_age_range = Some(bad.into())).len(),
            1,
            "{bad}"
        );
    }
    for bad in [
        "../geheim.jpg",
        "/bild.jpg",
        "//host/bild.jpg",
        "data:image/png;base64,x",
        "",
    ] {
        assert_eq!(
            problems_of(|cat| {
                cat.courses[0].image = Some(Image {
                    src: bad.into(),
                    alt: "x".into(),
                })
            }),
            [Problem::BadImage { course: "a".into() }],
            "{bad}"
        );
    }
}

#[test]
fn from_json_reports_every_problem() {
    let mut cat = catalogue(vec![course("a", "A")]);
    cat.courses[0].provider = "x".into();
    cat.courses[0].slug = "A".into();
    let err = Catalogue::from_json(&cat.to_json()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the catalogue is not valid: course \"a\": slug \"A\" must be lowercase letters, \
         digits and inner hyphens; course \"a\": unknown provider \"x\""
    );
}
