//! A large made-up catalogue for performance tests: `lernort-import --generate 5000`.
//!
//! Deterministic: the same count, seed and time give the same bytes. The mix follows
//! the real sources: German titles from the same subjects, series and single dates,
//! on site, online and hybrid, free and paid, every availability, a few courses in
//! English, Turkish or Ukrainian, and many titles that repeat (so slugs need suffixes).

use lernort_catalogue::{
    AttendanceMode, Audience, Availability, Catalogue, Category, Course, Level, Offer, Provider,
    ProviderKind, Session, Timestamp, Venue, When, FORMAT,
};
use lernort_i18n::Localized;
use lernort_time::{Date, TimeOfDay};

use crate::merge::assign_slugs;

/// A small, fast, well-mixed pseudo-random generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// One of the items.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// True with the given chance in percent.
    pub fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

const SUBJECTS: &[(&str, &[&str])] = &[
    (
        "ki",
        &[
            "ChatGPT & Co. im Alltag",
            "KI-Bilder – Chancen und Grenzen",
            "Künstliche Intelligenz verstehen",
            "KI im Beruf",
            "Texte schreiben mit KI",
            "Sprachmodelle lokal betreiben",
            "KI und Datenschutz",
            "Maschinelles Lernen mit Python",
        ],
    ),
    (
        "smart-home",
        &[
            "Smart Home mit Home Assistant",
            "Energie sparen mit smarten Thermostaten",
            "Balkonkraftwerk und Stromzähler",
            "Sprachassistenten im Alltag",
            "Smarte Beleuchtung",
            "Zigbee und Matter verstehen",
        ],
    ),
    (
        "programmieren",
        &[
            "Python",
            "Programmieren mit Scratch",
            "Webseiten mit HTML und CSS",
            "JavaScript",
            "Arduino",
            "Raspberry Pi",
            "Rust",
            "Minecraft Education",
            "Apps entwickeln",
        ],
    ),
    (
        "making",
        &[
            "3D-Druck",
            "Lasercutter",
            "Löten lernen",
            "Repair-Café",
            "Plotten und Sticken",
            "Drohnen fliegen",
        ],
    ),
    (
        "digitaler-alltag",
        &[
            "Sicher im Netz",
            "Smartphone-Sprechstunde",
            "Online-Banking",
            "Das Tablet",
            "Passwörter und Passkeys",
            "Fotos ordnen und sichern",
            "Videotelefonie",
            "E-Mail",
        ],
    ),
    (
        "beruf",
        &[
            "Tabellenkalkulation",
            "Videokonferenzen leiten",
            "Online-Bewerbung",
            "Digitale Zusammenarbeit",
            "Präsentieren",
        ],
    ),
    (
        "medien",
        &[
            "Bildbearbeitung mit GIMP",
            "Videos schneiden",
            "Podcasts aufnehmen",
            "Fake News erkennen",
            "Gaming",
        ],
    ),
    (
        "gesellschaft",
        &[
            "Digitale Verwaltung",
            "Offene Daten",
            "Nachhaltige Digitalisierung",
            "Digitaler Nachlass",
        ],
    ),
];

const FORMATS: &[&str] = &[
    "",
    "für Einsteiger",
    "– Workshop",
    "– Vortrag",
    "– Aufbaukurs",
    "kompakt",
    "– Sprechstunde",
    "Schritt für Schritt",
];

const AUDIENCES: &[(&str, &[Audience], Option<&str>)] = &[
    ("", &[], None),
    ("", &[], None),
    ("", &[], None),
    (
        " für Seniorinnen und Senioren",
        &[Audience::Seniors],
        Some("60-"),
    ),
    (" ab 60", &[Audience::Seniors], Some("60-")),
    (
        " (10–13 Jahre)",
        &[Audience::Children, Audience::Youth],
        Some("10-13"),
    ),
    (" für Jugendliche", &[Audience::Youth], Some("12-17")),
    (" für Familien", &[Audience::Families], None),
    (" für Berufstätige", &[Audience::Professionals], None),
];

const FIRST_NAMES: &[&str] = &[
    "Katrin",
    "Jonas",
    "Aylin",
    "Bernd",
    "Hildegard",
    "Tobias",
    "Lea",
    "Martin",
    "Petra",
    "Daniel",
    "Nadine",
    "Markus",
    "Julia",
    "Sabine",
    "Frank",
    "Maryna",
    "Samir",
    "Ingrid",
];

const LAST_NAMES: &[&str] = &[
    "Wiemers",
    "Brinkhoff",
    "Korkmaz",
    "Schulte",
    "Menke",
    "Hoffmann",
    "Rüther",
    "Vogelsang",
    "Okafor",
    "Kortmann",
    "Tenhagen",
    "Averbeck",
    "Gerling",
    "Rosendahl",
    "Kovalenko",
    "Haddad",
];

const SENTENCES: &[&str] = &[
    "Sie lernen in kleiner Gruppe und in ruhigem Tempo.",
    "Vorkenntnisse sind nicht nötig.",
    "Wir arbeiten an Beispielen aus dem Alltag.",
    "Geräte können gestellt werden; eigene dürfen gern mitgebracht werden.",
    "Es bleibt viel Zeit für Ihre Fragen.",
    "Am Ende nehmen Sie ein eigenes kleines Projekt mit nach Hause.",
    "Der Kurs verbindet kurze Erklärungen mit viel Praxis.",
    "Wir sprechen auch über Datenschutz und Sicherheit.",
];

fn providers() -> Vec<Provider> {
    let p = |id: &str, name: &str, kind: ProviderKind, url: &str| Provider {
        id: id.to_string(),
        name: name.to_string(),
        kind,
        url: Some(url.to_string()),
    };
    vec![
        p(
            "vhs-nord",
            "VHS Nordstadt",
            ProviderKind::Vhs,
            "https://www.vhs-nordstadt.de/",
        ),
        p(
            "vhs-sued",
            "VHS Südkreis",
            ProviderKind::Vhs,
            "https://www.vhs-suedkreis.de/",
        ),
        p(
            "stadtlabor",
            "StadtLABOR",
            ProviderKind::Stadtlabor,
            "https://www.stadtlabor.de/",
        ),
        p(
            "bibliothek",
            "Stadtbibliothek",
            ProviderKind::Library,
            "https://www.stadtbibliothek.de/",
        ),
        p(
            "stadtwerke",
            "Stadtwerke",
            ProviderKind::Partner,
            "https://www.stadtwerke.de/",
        ),
        p(
            "chaostreff",
            "Chaos-Treff e. V.",
            ProviderKind::Partner,
            "https://www.chaostreff.de/",
        ),
        p(
            "seniorennetz",
            "Seniorennetz",
            ProviderKind::Partner,
            "https://www.seniorennetz.de/",
        ),
        p(
            "jugendzentrum",
            "Jugendzentrum Alte Post",
            ProviderKind::Partner,
            "https://www.alte-post.de/",
        ),
    ]
}

fn categories() -> Vec<Category> {
    let c = |id: &str, de: &str, en: &str| Category {
        id: id.to_string(),
        name: Localized::Translated {
            de: de.to_string(),
            en: Some(en.to_string()),
        },
    };
    vec![
        c("ki", "Künstliche Intelligenz", "Artificial intelligence"),
        c(
            "smart-home",
            "Smart Home und Energie",
            "Smart home and energy",
        ),
        c("programmieren", "Programmieren", "Programming"),
        c("making", "Making und Elektronik", "Making and electronics"),
        c(
            "digitaler-alltag",
            "Digitaler Alltag und Sicherheit",
            "Everyday digital life and safety",
        ),
        c("beruf", "Digital im Beruf", "Digital skills for work"),
        c("medien", "Medien und Gestaltung", "Media and design"),
        c("gesellschaft", "Digitale Gesellschaft", "Digital society"),
    ]
}

fn venues() -> Vec<Venue> {
    let v = |id: &str, name: &str, street: &str, step_free: bool| Venue {
        id: id.to_string(),
        name: name.to_string(),
        street: street.to_string(),
        postal_code: "59494".to_string(),
        city: "Soest".to_string(),
        step_free,
        note: None,
    };
    vec![
        v("lernzentrum", "Lernzentrum", "Werkstraße 1", true),
        v("vhs-haus", "VHS-Haus", "Nöttenstraße 2", true),
        v("bibliothek", "Stadtbibliothek", "Nöttenstraße 29", false),
        v("rathaus", "Rathaus, Ratssaal", "Am Vreithof 8", true),
        v(
            "jugendzentrum",
            "Jugendzentrum Alte Post",
            "Poststraße 5",
            false,
        ),
        v(
            "stadtwerke",
            "Kundenzentrum der Stadtwerke",
            "Aldegreverwall 12",
            true,
        ),
    ]
}

const ROOMS: &[&str] = &[
    "Lernraum 1",
    "Lernraum 2",
    "Lernraum 3",
    "StadtLABOR",
    "Vortragsraum",
    "Saal",
];

/// A catalogue of exactly `count` valid courses. `now` is written as `generated`,
/// decides which courses are past, and anchors the dates (from three months before to
/// nine months after).
///
/// ```
/// use lernort_catalogue::Timestamp;
/// let now = Timestamp::parse("2026-11-21T12:00:00+01:00").unwrap();
/// let catalogue = lernort_import::generate::catalogue(50, 1, now);
/// assert_eq!(catalogue.courses.len(), 50);
/// assert!(catalogue.problems().is_empty());
/// ```
pub fn catalogue(count: usize, seed: u64, now: Timestamp) -> Catalogue {
    let mut rng = Rng::new(seed);
    let providers = providers();
    let categories = categories();
    let venues = venues();
    let today = lernort_time::to_berlin(now.unix_seconds).date;
    let first_day = today.add_days(-90);
    let mut courses = Vec::with_capacity(count);
    for n in 0..count {
        courses.push(course(&mut rng, n, first_day, &providers, &venues));
    }
    for course in &mut courses {
        if course.availability_at(now.unix_seconds) == Availability::Past {
            course.availability = Availability::Past;
        }
    }
    courses.sort_by(|a, b| {
        let start = |c: &Course| c.first_session().map_or(i64::MAX, |s| s.start_unix());
        start(a).cmp(&start(b)).then_with(|| a.id.cmp(&b.id))
    });
    assign_slugs(&mut courses);
    Catalogue {
        format: FORMAT,
        generated: now,
        providers,
        categories,
        venues,
        courses,
    }
}

fn course(
    rng: &mut Rng,
    n: usize,
    first_day: Date,
    providers: &[Provider],
    venues: &[Venue],
) -> Course {
    let provider = rng.pick(providers);
    let (category, topics) = *rng.pick(SUBJECTS);
    let topic = *rng.pick(topics);
    let format = *rng.pick(FORMATS);
    let (suffix, audience, ages) = *rng.pick(AUDIENCES);
    let name = [topic, format]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
        + suffix;
    let mut description = String::new();
    for _ in 0..2 + rng.below(3) {
        if !description.is_empty() {
            description.push(' ');
        }
        let sentence: &&str = rng.pick(SENTENCES);
        description.push_str(sentence);
    }

    // Dates.
    let start_day = first_day.add_days(rng.below(365) as i64);
    let start_time = *rng.pick(&[
        (9, 0),
        (10, 0),
        (14, 30),
        (16, 0),
        (17, 30),
        (18, 0),
        (19, 0),
    ]);
    let minutes = *rng.pick(&[90u16, 120, 135, 180]);
    let from = TimeOfDay {
        hour: start_time.0,
        minute: start_time.1,
    };
    let end_minutes = from.minutes() + minutes;
    let to = TimeOfDay {
        hour: (end_minutes / 60) as u8,
        minute: (end_minutes % 60) as u8,
    };
    let kind = rng.below(100);
    let days: Vec<Date> = if kind < 40 {
        vec![start_day]
    } else if kind < 90 {
        (0..2 + rng.below(9) as i64)
            .map(|k| start_day.add_days(7 * k))
            .collect()
    } else if kind < 95 {
        (0..3 + rng.below(3) as i64)
            .map(|k| start_day.add_days(k))
            .collect()
    } else {
        Vec::new() // all-day
    };
    let sessions: Vec<Session> = if days.is_empty() {
        let length = rng.below(2) as i64;
        vec![Session {
            start_date: When::Day(start_day),
            end_date: When::Day(start_day.add_days(length)),
        }]
    } else {
        days.iter()
            .map(|d| Session {
                start_date: When::Time(Timestamp::from_berlin(*d, from)),
                end_date: When::Time(Timestamp::from_berlin(*d, to)),
            })
            .collect()
    };

    // Place.
    let mode = match rng.below(100) {
        0..=79 => AttendanceMode::Offline,
        80..=91 => AttendanceMode::Online,
        _ => AttendanceMode::Mixed,
    };
    let (venue, room) = if mode == AttendanceMode::Online {
        (None, None)
    } else {
        (
            Some(rng.pick(venues).id.clone()),
            Some(rng.pick(ROOMS).to_string()),
        )
    };

    // Price and places.
    let free = rng.percent(30);
    let offers = (!free).then(|| {
        let price = (5 + rng.below(145) as u32) * 100;
        Offer {
            price,
            reduced_price: rng.percent(60).then_some(price * 6 / 10),
            currency: "EUR".to_string(),
        }
    });
    let capacity = 8 + rng.below(53) as u32;
    let places_left = rng.below(u64::from(capacity) + 1) as u32;
    let (availability, starts) = match rng.below(100) {
        0..=2 => (Availability::Cancelled, None),
        3..=5 => (
            Availability::NotYetOpen,
            Some(When::Day(start_day.add_days(-30))),
        ),
        6..=12 => (Availability::Waitlist, None),
        _ if places_left == 0 => (Availability::Full, None),
        _ if places_left <= 3 => (Availability::Few, None),
        _ => (Availability::Available, None),
    };
    let language = match rng.below(100) {
        0..=91 => "de",
        92..=97 => "en",
        98 => "tr",
        _ => "uk",
    };
    let level = *rng.pick(&[
        Level::All,
        Level::All,
        Level::Beginner,
        Level::Intermediate,
        Level::Advanced,
    ]);
    let id = format!("{}:{:05}", provider.id, n + 1);
    let base_url = provider.url.clone().unwrap_or_default();
    Course {
        id: id.clone(),
        slug: String::new(),
        name,
        subtitle: rng
            .percent(30)
            .then(|| "Mit vielen praktischen Übungen".to_string()),
        description,
        provider: provider.id.clone(),
        categories: vec![category.to_string()],
        audience: audience.to_vec(),
        typical_age_range: ages.map(str::to_string),
        in_language: language.to_string(),
        level,
        sessions,
        venue,
        room,
        event_attendance_mode: mode,
        is_accessible_for_free: free,
        offers,
        capacity: Some(capacity),
        availability,
        availability_starts: starts,
        places_left: Some(places_left),
        booking_url: Some(format!("{base_url}kurse/{:05}", n + 1)),
        instructor: Some(format!(
            "{} {}",
            rng.pick(FIRST_NAMES),
            rng.pick(LAST_NAMES)
        )),
        bring: rng
            .percent(40)
            .then(|| "Notebook oder Tablet, falls vorhanden".to_string()),
        image: None,
        url: None,
    }
}
