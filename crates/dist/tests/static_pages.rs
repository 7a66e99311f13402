//! `finish` with a catalogue: static course pages, calendars, the feed, sitemap.xml and
//! robots.txt.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use lernort_dist::{finish, html, ics, site, Error, FinishOptions, FinishReport};
use serde_json::Value;

const CATALOGUE: &str = include_str!("fixtures/catalogue.json");
const SITE: &str = "https://lernort.example.org/";

struct Finished {
    _tmp: tempfile::TempDir,
    dist: PathBuf,
    centre: PathBuf,
    report: FinishReport,
}

impl Finished {
    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.dist.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn page(&self, slug: &str) -> String {
        self.read(&format!("kurse/{slug}/index.html"))
    }

    fn again(&self, base: &str, now: Option<i64>) -> Result<FinishReport, Error> {
        finish(&FinishOptions {
            dist: self.dist.clone(),
            centre: self.centre.clone(),
            base: base.into(),
            now,
        })
    }
}

/// A dist with `data/catalogue.json`, finished with the fixture centre (with `site_url`
/// when given).
fn finished_with(catalogue: &str, site_url: Option<&str>, base: &str) -> Finished {
    let tmp = tempfile::tempdir().unwrap();
    let dist = dist_dir(tmp.path());
    fs::create_dir_all(dist.join("data")).unwrap();
    fs::write(dist.join("data/catalogue.json"), catalogue).unwrap();
    let mut centre = fixture_centre();
    centre.site_url = site_url.map(str::to_string);
    let centre = centre_dir(tmp.path(), &centre);
    let report = finish(&FinishOptions {
        dist: dist.clone(),
        centre: centre.clone(),
        base: base.into(),
        now: None,
    })
    .unwrap();
    Finished {
        _tmp: tmp,
        dist,
        centre,
        report,
    }
}

fn finished(site_url: Option<&str>) -> Finished {
    finished_with(CATALOGUE, site_url, "/")
}

/// The JSON-LD of a page, parsed.
fn json_ld(page: &str) -> Vec<Value> {
    let start = page
        .find("<script type=\"application/ld+json\">")
        .expect("a JSON-LD block")
        + "<script type=\"application/ld+json\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    match serde_json::from_str(&page[start..end]).unwrap() {
        Value::Array(events) => events,
        other => panic!("not an array: {other}"),
    }
}

/// The text between `<div id=...boot...>` and the end of the page's body.
fn boot(page: &str) -> &str {
    let start = page.find("<div id=\"boot\">").expect("#boot without role");
    &page[start..page.rfind("</body>").unwrap()]
}

#[test]
fn report_counts_pages_calendars_and_feed_events() {
    let f = finished(Some(SITE));
    let s = &f.report.site;
    assert!(s.catalogue);
    assert_eq!(s.course_pages, 4);
    // ki-im-alltag 2 upcoming, online-sicher 1, maker-tag 1, rueckblick (past) all 2.
    assert_eq!(s.json_ld_events, 6);
    assert_eq!(s.calendars, 4);
    assert_eq!(s.feed_events, 4);
    // start, course list, 4 courses, the page in Leichte Sprache, 3 legal pages
    assert_eq!(s.sitemap_urls, Some(10));
    let text = f.report.to_string();
    assert!(
        text.contains("static pages: 4 course pages (6 JSON-LD events)"),
        "{text}"
    );
    assert!(
        text.contains("feed data/kurse.ics: 4 upcoming sessions"),
        "{text}"
    );
    assert!(text.contains("sitemap.xml: 10 URLs"), "{text}");
}

#[test]
fn a_course_page_has_its_own_head_and_starts_the_same_app() {
    let f = finished(Some(SITE));
    let index = f.read("index.html");
    let page = f.page("ki-im-alltag");
    assert!(page.contains("<title>KI &lt;im&gt; Alltag &amp; mehr – Testzentrum</title>"));
    for expected in [
        "<meta property=\"og:title\" content=\"KI &lt;im&gt; Alltag &amp; mehr\">",
        "<meta name=\"description\" content=\"Was &quot;ChatGPT&quot; kann – und was nicht\">",
        "<meta property=\"og:description\" content=\"Was &quot;ChatGPT&quot; kann – und was nicht\">",
        "<meta property=\"og:url\" content=\"https://lernort.example.org/kurse/ki-im-alltag\">",
        "<meta property=\"og:type\" content=\"website\">",
        "<meta property=\"og:site_name\" content=\"Testzentrum\">",
        "<meta property=\"og:locale\" content=\"de_DE\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "<meta property=\"og:image:width\" content=\"1200\">",
        "<meta property=\"og:image:height\" content=\"630\">",
        "<meta property=\"og:image:type\" content=\"image/png\">",
        "<link rel=\"canonical\" href=\"https://lernort.example.org/kurse/ki-im-alltag\">",
    ] {
        assert_eq!(page.matches(expected).count(), 1, "{expected}");
    }
    assert_eq!(page.matches("og:title").count(), 1);
    // The card: an absolute address under site_url, a PNG of the stated size in dist, and
    // a description that says what, when and where.
    let image = meta_content(&page, "og:image");
    let file = image
        .strip_prefix("https://lernort.example.org/")
        .expect("og:image under site_url");
    assert!(
        file.starts_with("data/karten/kurse/ki-im-alltag-"),
        "{file}"
    );
    let png = fs::read(f.dist.join(file)).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let (width, height) = (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    );
    assert_eq!((width, height), (1200, 630));
    assert!(png.len() < 200_000, "{} bytes", png.len());
    let alt = meta_content(&page, "og:image:alt");
    assert!(
        alt.starts_with("Kurs: KI &lt;im&gt; Alltag &amp; mehr, ") && alt.contains("Testzentrum"),
        "{alt}"
    );
    // The same base, CSP and start-up script as index.html: the app starts and its hash
    // in the CSP still matches.
    assert_eq!(csp_of(&page), csp_of(&index));
    assert_eq!(
        html::inline_scripts(&page).unwrap(),
        html::inline_scripts(&index).unwrap()
    );
    assert_eq!(html::base_href(&page).unwrap().as_deref(), Some("/"));
    assert!(page.contains(START_SCRIPT));
    // index.html itself has no canonical link, og:url or JSON-LD (every app path gets it).
    for absent in ["canonical", "og:url", "ld+json"] {
        assert!(!index.contains(absent), "{absent} in index.html");
    }
}

#[test]
fn the_summary_is_escaped_semantic_html_with_the_booking_link() {
    let f = finished(Some(SITE));
    let page = f.page("ki-im-alltag");
    let summary = boot(&page);
    assert!(
        summary.contains("<h1>KI &lt;im&gt; Alltag &amp; mehr</h1>"),
        "{summary}"
    );
    assert!(!summary.contains("<im>"));
    assert!(summary.contains(
        "<a href=\"https://www.vhs.example.org/kurse/27-101?x=1&amp;y=2\">Zur Anmeldung bei VHS Teststadt</a>"
    ));
    assert!(summary.contains("<a href=\"kurse\">Alle Kurse bei Testzentrum</a>"));
    assert!(summary.contains("<a href=\"data/kurse/ki-im-alltag.ics\">"));
    for expected in [
        // The same lead and sections as the app's course page (lernort_catalogue::markup).
        "<p class=\"lead course-subtitle\">Was &quot;ChatGPT&quot; kann – und was nicht</p>",
        "<span class=\"avail avail-few\">Nur noch 3 Plätze</span>",
        "<h2>Termine</h2><p>3 Termine, dienstags, 18:00–20:15 Uhr, ab 12. Januar 2027</p>",
        "<li class=\"over\">Di., 12. Januar 2027, 18:00–20:15 Uhr (vorbei)</li>",
        "<address><strong>Testzentrum</strong><br>Teststraße 1<br>12345 Teststadt</address><p>Raum: Lernraum 2</p>",
        "<dt>Preis</dt><dd>49,00 €, ermäßigt 29,00 €</dd>",
        "<dt>Kursleitung</dt><dd>Dr. Jana Beispiel</dd>",
        "<dt>Anbieter</dt><dd><a href=\"https://www.vhs.example.org/\">VHS Teststadt</a></dd>",
        "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>",
        "<strong>Chatbots</strong>",
        "<a href=\"https://www.vhs.example.org/kurse?a=1&amp;b=2\">der Website</a>",
        "<li>Di., 6. April 2027, 18:00–20:15 Uhr</li>",
        "<a href=\"impressum\">Impressum</a>",
    ] {
        assert!(summary.contains(expected), "{expected} in {summary}");
    }
    // The placeholder's text is gone; the element keeps its id for the app to remove.
    assert!(!page.contains("Wird geladen"));
    assert!(!summary.contains("role="));
    assert_eq!(
        html::tags(&page)
            .unwrap()
            .iter()
            .filter(|t| t.attr("id") == Some("boot"))
            .count(),
        1
    );

    // A title made to break out of the script element stays data.
    let hostile = f.page("online-sicher");
    let index = f.read("index.html");
    assert_eq!(
        hostile.matches("<script").count(),
        index.matches("<script").count() + 1,
        "only the JSON-LD block is added: {hostile}"
    );
    assert_eq!(
        html::inline_scripts(&hostile).unwrap(),
        html::inline_scripts(&index).unwrap(),
        "no new script runs"
    );
    assert!(hostile.contains("Sicher online\\u003c/script\\u003e\\u003cscript\\u003e"));
    assert!(hostile.contains(
        "<h1 lang=\"en\">Sicher online&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>"
    ));
    assert_eq!(
        json_ld(&hostile)[0]["name"],
        "Sicher online</script><script>alert(1)</script>"
    );
}

#[test]
fn json_ld_describes_each_upcoming_session_as_an_event() {
    let f = finished(Some(SITE));
    let events = json_ld(&f.page("ki-im-alltag"));
    assert_eq!(
        events.len(),
        2,
        "the past session of 12 January is left out"
    );
    let e = &events[0];
    assert_eq!(e["@context"], "https://schema.org");
    assert_eq!(e["@type"], "Event");
    assert_eq!(e["name"], "KI <im> Alltag & mehr");
    assert_eq!(e["startDate"], "2027-01-19T18:00:00+01:00");
    assert_eq!(e["endDate"], "2027-01-19T20:15:00+01:00");
    assert_eq!(events[1]["startDate"], "2027-04-06T18:00:00+02:00");
    assert_eq!(e["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        e["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(e["location"]["@type"], "Place");
    assert_eq!(e["location"]["name"], "Testzentrum");
    let address = &e["location"]["address"];
    assert_eq!(address["@type"], "PostalAddress");
    assert_eq!(address["streetAddress"], "Teststraße 1");
    assert_eq!(address["postalCode"], "12345");
    assert_eq!(address["addressLocality"], "Teststadt");
    assert_eq!(address["addressCountry"], "DE");
    let offer = &e["offers"];
    assert_eq!(offer["@type"], "Offer");
    assert_eq!(offer["price"], "49.00");
    assert_eq!(offer["priceCurrency"], "EUR");
    assert_eq!(
        offer["availability"],
        "https://schema.org/LimitedAvailability"
    );
    assert_eq!(
        offer["url"],
        "https://www.vhs.example.org/kurse/27-101?x=1&y=2"
    );
    assert_eq!(e["organizer"]["@type"], "Organization");
    assert_eq!(e["organizer"]["name"], "VHS Teststadt");
    assert_eq!(e["organizer"]["url"], "https://www.vhs.example.org/");
    assert_eq!(e["performer"]["@type"], "Person");
    assert_eq!(e["performer"]["name"], "Dr. Jana Beispiel");
    assert_eq!(e["isAccessibleForFree"], false);
    assert_eq!(e["inLanguage"], "de");
    assert_eq!(e["typicalAgeRange"], "60-");
    assert_eq!(e["url"], "https://lernort.example.org/kurse/ki-im-alltag");
    assert!(e["description"]
        .as_str()
        .unwrap()
        .starts_with("Wir probieren gemeinsam aus, was Chatbots leisten;"));

    let online = &json_ld(&f.page("online-sicher"))[0];
    assert_eq!(
        online["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(online["location"]["@type"], "VirtualLocation");
    assert_eq!(
        online["location"]["url"],
        "https://labor.example.org/anmeldung"
    );
    assert_eq!(online["offers"]["price"], "0.00");
    assert_eq!(
        online["offers"]["availability"],
        "https://schema.org/PreOrder"
    );
    assert_eq!(online["offers"]["validFrom"], "2027-01-20");
    assert_eq!(online["isAccessibleForFree"], true);
    assert_eq!(online["inLanguage"], "en");
    assert!(online.get("performer").is_none());
    assert!(online.get("description").is_none(), "nothing to describe");

    let cancelled = &json_ld(&f.page("maker-tag"))[0];
    assert_eq!(
        cancelled["eventStatus"],
        "https://schema.org/EventCancelled"
    );
    assert_eq!(
        cancelled["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    assert_eq!(cancelled["startDate"], "2027-05-08");
    assert_eq!(cancelled["endDate"], "2027-05-09");
    assert_eq!(cancelled["location"][0]["@type"], "Place");
    assert_eq!(cancelled["location"][1]["@type"], "VirtualLocation");
    assert_eq!(
        cancelled["location"][1]["url"],
        "https://lernort.example.org/kurse/maker-tag"
    );

    let past = json_ld(&f.page("rueckblick"));
    assert_eq!(past.len(), 2, "a past course describes all its sessions");
    assert_eq!(past[0]["startDate"], "2026-11-02T16:00:00+01:00");
    assert_eq!(
        past[0]["offers"]["availability"],
        "https://schema.org/Discontinued"
    );
}

#[test]
fn json_ld_is_capped() {
    let mut catalogue: Value = serde_json::from_str(CATALOGUE).unwrap();
    let sessions: Vec<Value> = (1..=28)
        .map(|day| {
            serde_json::json!({
                "startDate": format!("2027-02-{day:02}T10:00:00+01:00"),
                "endDate": format!("2027-02-{day:02}T11:00:00+01:00"),
            })
        })
        .collect();
    catalogue["courses"][0]["sessions"] = Value::Array(sessions);
    let f = finished_with(&catalogue.to_string(), None, "/");
    let events = json_ld(&f.page("ki-im-alltag"));
    assert_eq!(events.len(), site::MAX_EVENTS);
    assert_eq!(events[0]["startDate"], "2027-02-01T10:00:00+01:00");
    // The calendar has them all.
    let calendar = f.read("data/kurse/ki-im-alltag.ics");
    assert_eq!(calendar.matches("BEGIN:VEVENT").count(), 28);
}

#[test]
fn calendars_are_crlf_folded_and_escaped() {
    let f = finished(Some(SITE));
    let calendar = f.read("data/kurse/ki-im-alltag.ics");
    assert!(ics::is_well_formed(&calendar), "{calendar}");
    assert!(!calendar.replace("\r\n", "").contains('\n'));
    assert!(
        calendar.lines().any(|l| l.starts_with(' ')),
        "long lines are folded"
    );
    assert_eq!(calendar.matches("BEGIN:VEVENT").count(), 3);
    let unfolded = calendar.replace("\r\n ", "");
    for expected in [
        "\r\nUID:ki-im-alltag-20270112T170000Z@test-zentrum\r\n",
        "\r\nUID:ki-im-alltag-20270119T170000Z@test-zentrum\r\n",
        "\r\nDTSTAMP:20270115T070000Z\r\n",
        "\r\nDTSTART:20270112T170000Z\r\nDTEND:20270112T191500Z\r\n",
        "\r\nDTSTART:20270406T160000Z\r\nDTEND:20270406T181500Z\r\n",
        "\r\nSUMMARY:KI <im> Alltag & mehr\r\n",
        "\r\nLOCATION:Testzentrum\\, Lernraum 2\\, Teststraße 1\\, 12345 Teststadt\r\n",
        "\r\nURL:https://lernort.example.org/kurse/ki-im-alltag\r\n",
        "\r\nSTATUS:CONFIRMED\r\n",
        "DESCRIPTION:Was \"ChatGPT\" kann – und was nicht\\n\\nTermin 1 von 3\\n\\nWir probieren gemeinsam aus\\, was Chatbots leisten\\; Texte\\, Bilder\\, Briefe.",
        "\\nAnmeldung: https://www.vhs.example.org/kurse/27-101?x=1&y=2\r\n",
    ] {
        assert!(unfolded.contains(expected), "{expected:?} in {unfolded}");
    }
    let maker = f.read("data/kurse/maker-tag.ics").replace("\r\n ", "");
    for expected in [
        "\r\nDTSTART;VALUE=DATE:20270508\r\n",
        "\r\nDTEND;VALUE=DATE:20270510\r\n",
        "\r\nSTATUS:CANCELLED\r\n",
        "\r\nLOCATION:Testzentrum\\, Teststraße 1\\, 12345 Teststadt – oder online\r\n",
    ] {
        assert!(maker.contains(expected), "{expected:?} in {maker}");
    }
}

#[test]
fn the_feed_has_only_sessions_that_have_not_ended() {
    let f = finished(None);
    let feed = f.read(site::FEED);
    assert!(ics::is_well_formed(&feed));
    let starts: Vec<&str> = feed
        .lines()
        .filter_map(|l| l.strip_prefix("DTSTART"))
        .collect();
    assert_eq!(
        starts,
        [
            ":20270119T170000Z",
            ":20270201T090000Z",
            ":20270406T160000Z",
            ";VALUE=DATE:20270508",
        ],
        "by start, past ones left out"
    );
    assert!(feed.contains("\r\nREFRESH-INTERVAL;VALUE=DURATION:P1D\r\n"));
    assert!(!feed.contains("rueckblick"));
    // Without site_url the URL is the booking page.
    assert!(feed.contains("\r\nURL:https://labor.example.org/anmeldung\r\n"));

    // --now moves "upcoming": on 1 March only two sessions are left.
    f.again("/", Some(1_803_855_600)).unwrap(); // 2027-03-01T00:00:00+01:00
    let later = f.read(site::FEED);
    assert_eq!(later.matches("BEGIN:VEVENT").count(), 2, "{later}");
    assert_eq!(json_ld(&f.page("ki-im-alltag")).len(), 1);
}

#[test]
fn without_site_url_no_sitemap_and_no_absolute_urls() {
    let f = finished(None);
    assert!(!f.dist.join("sitemap.xml").exists());
    assert_eq!(f.read("robots.txt"), "User-agent: *\nAllow: /\n");
    assert!(f
        .report
        .warnings
        .iter()
        .any(|w| w.contains("no site_url") && w.contains("sitemap.xml")));
    let page = f.page("ki-im-alltag");
    assert!(!page.contains("og:url"));
    assert!(page.contains("<link rel=\"canonical\" href=\"/kurse/ki-im-alltag\">"));
    assert!(json_ld(&page)[0].get("url").is_none());
    assert!(f
        .report
        .to_string()
        .contains("sitemap.xml: not written (no site_url)"));
}

#[test]
fn sitemap_and_robots_with_site_url() {
    let f = finished(Some(SITE));
    let sitemap = f.read("sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    for loc in [
        "https://lernort.example.org/",
        "https://lernort.example.org/kurse",
        "https://lernort.example.org/kurse/ki-im-alltag",
        "https://lernort.example.org/kurse/rueckblick",
        "https://lernort.example.org/impressum",
        "https://lernort.example.org/datenschutz",
        "https://lernort.example.org/barrierefreiheit",
    ] {
        assert!(sitemap.contains(&format!("<loc>{loc}</loc>")), "{loc}");
    }
    assert!(sitemap.contains("<lastmod>2027-01-15</lastmod>"));
    assert_eq!(
        f.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://lernort.example.org/sitemap.xml\n"
    );

    // Dropping site_url later removes the sitemap this tool wrote, with its copies.
    assert!(f.dist.join("sitemap.xml.gz").exists());
    let mut centre = fixture_centre();
    centre.site_url = None;
    fs::write(
        f.centre.join("centre.json"),
        serde_json::to_string(&centre).unwrap(),
    )
    .unwrap();
    let report = f.again("/", None).unwrap();
    assert!(!f.dist.join("sitemap.xml").exists());
    assert!(!f.dist.join("sitemap.xml.gz").exists());
    assert!(report.site.removed.contains(&PathBuf::from("sitemap.xml")));
}

#[test]
fn a_site_url_that_does_not_match_the_base_is_warned_about() {
    let f = finished_with(CATALOGUE, Some(SITE), "/lernort/");
    assert!(
        f.report
            .warnings
            .iter()
            .any(|w| w.contains("site_url") && w.contains("/lernort/")),
        "{:?}",
        f.report.warnings
    );
    let page = f.page("ki-im-alltag");
    assert_eq!(
        html::base_href(&page).unwrap().as_deref(),
        Some("/lernort/")
    );
    // Links stay relative to <base href>: they work under the sub-path.
    assert!(page.contains("<a href=\"kurse\">"));
    assert!(page.contains("<a href=\"./\">Testzentrum</a>"));
}

#[test]
fn under_a_sub_path_the_canonical_path_has_the_base() {
    let f = finished_with(CATALOGUE, None, "/lernort/");
    let page = f.page("ki-im-alltag");
    assert!(page.contains("<link rel=\"canonical\" href=\"/lernort/kurse/ki-im-alltag\">"));
    let list = f.read("kurse/index.html");
    assert!(list.contains("<a href=\"kurse/ki-im-alltag\">KI &lt;im&gt; Alltag &amp; mehr</a>"));
}

#[test]
fn the_course_list_links_every_course() {
    let f = finished(Some(SITE));
    let list = f.read("kurse/index.html");
    assert!(list.contains("<title>Kursprogramm – Testzentrum</title>"));
    assert!(list.contains("<link rel=\"canonical\" href=\"https://lernort.example.org/kurse\">"));
    assert!(list.contains("<h1>Kursprogramm</h1>"));
    assert!(list.contains("<a href=\"data/kurse.ics\">"));
    for slug in ["ki-im-alltag", "online-sicher", "maker-tag", "rueckblick"] {
        assert!(
            list.contains(&format!("<a href=\"kurse/{slug}\"")),
            "{slug}"
        );
    }
    let past = list.find("<h2>Vergangene Kurse</h2>").unwrap();
    assert!(list.find("kurse/rueckblick").unwrap() > past);
    assert!(list.find("kurse/ki-im-alltag").unwrap() < past);
}

#[test]
fn a_page_without_the_boot_placeholder_gets_one() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = dist_dir(tmp.path());
    let index = fs::read_to_string(dist.join("index.html")).unwrap();
    let start = index.find("<div id=\"boot\"").unwrap();
    let end = index[start..].find("</div>").unwrap() + start + "</div>".len();
    fs::write(
        dist.join("index.html"),
        format!("{}{}", &index[..start], &index[end..]),
    )
    .unwrap();
    fs::create_dir_all(dist.join("data")).unwrap();
    fs::write(dist.join("data/catalogue.json"), CATALOGUE).unwrap();
    let centre = centre_dir(tmp.path(), &fixture_centre());
    finish(&FinishOptions {
        dist: dist.clone(),
        centre,
        base: "/".into(),
        now: None,
    })
    .unwrap();
    let page = fs::read_to_string(dist.join("kurse/maker-tag/index.html")).unwrap();
    assert!(page.contains("<body><div id=\"boot\"><header>"), "{page}");
    assert!(page.contains("<h1>Maker-Tag</h1>"));
}

#[test]
fn finishing_twice_with_a_catalogue_gives_the_same_bytes() {
    let f = finished(Some(SITE));
    let once = snapshot(&f.dist);
    let report = f.again("/", None).unwrap();
    let twice = snapshot(&f.dist);
    assert_eq!(
        once.keys().collect::<Vec<_>>(),
        twice.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &once {
        assert!(twice[path] == *bytes, "{} changed", path.display());
    }
    assert!(report.site.removed.is_empty());
    // Every generated file has compressed copies.
    for name in [
        "kurse/ki-im-alltag/index.html",
        "data/kurse.ics",
        "sitemap.xml",
    ] {
        assert!(
            once.contains_key(Path::new(&format!("{name}.gz"))),
            "{name}.gz"
        );
        assert!(
            once.contains_key(Path::new(&format!("{name}.br"))),
            "{name}.br"
        );
    }
}

#[test]
fn shared_pages_have_their_own_cards_and_the_floor_a_live_one_from_the_gateway() {
    let f = finished(Some(SITE));
    let mut pictures = Vec::new();
    for page in [
        "index.html",
        "kurse/index.html",
        "merkliste/index.html",
        "sensorboden/index.html",
        "leichte-sprache/index.html",
    ] {
        let html = f.read(page);
        assert!(
            html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"),
            "{page}"
        );
        let image = meta_content(&html, "og:image");
        assert!(
            f.dist.join(image.strip_prefix(SITE).unwrap()).is_file(),
            "{page}: {image}"
        );
        pictures.push(image);
    }
    pictures.dedup();
    assert_eq!(pictures.len(), 5, "one picture per page: {pictures:?}");
    let floor = f.read("sensorboden/index.html");
    assert!(floor.contains("<title>Sensorboden live – Testzentrum</title>"));
    assert_eq!(meta_content(&floor, "og:url"), format!("{SITE}sensorboden"));
    // The gateway's version: the same page, the live picture in its preview.
    let live = f.read("sensorboden/index.gateway.html");
    assert_eq!(
        meta_content(&live, "og:image"),
        format!("{SITE}api/floor.png")
    );
    assert_eq!(
        live.replace(&format!("{SITE}api/floor.png"), "X"),
        floor.replace(&meta_content(&floor, "og:image"), "X")
    );
}

#[test]
fn cards_are_drawn_again_only_when_what_they_show_changes() {
    let f = finished(Some(SITE));
    assert!(f.report.cards.cards > 3 && f.report.cards.drawn == f.report.cards.cards);
    let before = meta_content(&f.page("ki-im-alltag"), "og:image");
    let report = f.again("/", None).unwrap();
    assert_eq!(report.cards.drawn, 0, "{report}");
    assert_eq!(report.cards.cards, f.report.cards.cards);

    // The course is cancelled: its card shows it, under a new address (social networks
    // keep a picture by its address), and the old card goes.
    let mut catalogue: Value = serde_json::from_str(CATALOGUE).unwrap();
    for course in catalogue["courses"].as_array_mut().unwrap() {
        if course["slug"] == "ki-im-alltag" {
            course["availability"] = "cancelled".into();
        }
    }
    fs::write(f.dist.join("data/catalogue.json"), catalogue.to_string()).unwrap();
    let report = f.again("/", None).unwrap();
    assert_eq!(report.cards.drawn, 1, "{report}");
    let page = f.page("ki-im-alltag");
    let after = meta_content(&page, "og:image");
    assert_ne!(before, after);
    assert!(meta_content(&page, "og:image:alt").ends_with("– Abgesagt"));
    let file = |url: &str| f.dist.join(url.strip_prefix(SITE).unwrap());
    assert!(!file(&before).exists() && file(&after).is_file());
}

#[test]
fn pages_of_courses_that_are_gone_are_removed() {
    let f = finished(Some(SITE));
    fs::write(f.dist.join("kurse/eigene-datei.txt"), "von Hand").unwrap();
    let mut catalogue: Value = serde_json::from_str(CATALOGUE).unwrap();
    let courses = catalogue["courses"].as_array_mut().unwrap();
    courses.retain(|c| c["slug"] != "rueckblick" && c["slug"] != "maker-tag");
    fs::write(f.dist.join("data/catalogue.json"), catalogue.to_string()).unwrap();
    let report = f.again("/", None).unwrap();
    for gone in [
        "kurse/rueckblick",
        "kurse/maker-tag",
        "data/kurse/rueckblick.ics",
        "data/kurse/rueckblick.ics.gz",
        "data/kurse/maker-tag.ics.br",
    ] {
        assert!(!f.dist.join(gone).exists(), "{gone}");
    }
    let (cards, mut removed): (Vec<PathBuf>, Vec<PathBuf>) = report
        .site
        .removed
        .iter()
        .cloned()
        .partition(|p| p.starts_with("data/karten"));
    // Their cards go too (and the course list's, whose count changed).
    for gone in [
        "data/karten/kurse/rueckblick-",
        "data/karten/kurse/maker-tag-",
    ] {
        assert!(
            cards.iter().any(|c| c.to_string_lossy().starts_with(gone)),
            "{gone} in {cards:?}"
        );
    }
    assert!(
        cards
            .iter()
            .all(|c| !c.to_string_lossy().contains("ki-im-alltag")),
        "{cards:?}"
    );
    removed.sort();
    assert_eq!(
        removed,
        [
            "data/kurse/maker-tag.ics",
            "data/kurse/rueckblick.ics",
            "kurse/maker-tag/index.html",
            "kurse/rueckblick/index.html",
        ]
        .map(PathBuf::from)
    );
    assert!(f.dist.join("kurse/ki-im-alltag/index.html").exists());
    assert_eq!(
        f.read("kurse/eigene-datei.txt"),
        "von Hand",
        "not ours: kept"
    );
    let manifest = f.read(site::MANIFEST);
    assert!(!manifest.contains("rueckblick"));
    assert!(manifest.contains("kurse/ki-im-alltag/index.html\n"));

    // Without a catalogue (another centre without courses) every course file goes.
    fs::remove_file(f.dist.join("data/catalogue.json")).unwrap();
    let report = f.again("/", None).unwrap();
    assert!(!report.site.catalogue);
    assert!(!f.dist.join("kurse/ki-im-alltag").exists());
    assert!(!f.dist.join("kurse/index.html").exists());
    assert!(!f.dist.join("data/kurse.ics").exists());
    assert!(!f.dist.join("data/kurse").exists());
    assert!(f.dist.join("kurse/eigene-datei.txt").exists());
    assert!(report.to_string().contains("static pages: none"));
}

#[test]
fn a_manifest_cannot_make_finish_delete_other_files() {
    let f = finished(None);
    fs::write(
        f.dist.join(site::MANIFEST),
        "index.html\n../outside.txt\ncentre/centre.json\nkurse/../index.html\n",
    )
    .unwrap();
    fs::write(f._tmp.path().join("outside.txt"), "x").unwrap();
    f.again("/", None).unwrap();
    assert!(f.dist.join("index.html").exists());
    assert!(f.dist.join("centre/centre.json").exists());
    assert!(f._tmp.path().join("outside.txt").exists());
}

#[test]
fn an_invalid_catalogue_stops_finish_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = dist_dir(tmp.path());
    fs::create_dir_all(dist.join("data")).unwrap();
    let broken = CATALOGUE.replace("\"provider\": \"labor\"", "\"provider\": \"niemand\"");
    fs::write(dist.join("data/catalogue.json"), broken).unwrap();
    let centre = centre_dir(tmp.path(), &fixture_centre());
    let before = snapshot(&dist);
    let err = finish(&FinishOptions {
        dist: dist.clone(),
        centre,
        base: "/".into(),
        now: None,
    })
    .unwrap_err();
    assert!(matches!(err, Error::Catalogue { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("data/catalogue.json"), "{message}");
    assert!(message.contains("niemand"), "{message}");
    assert_eq!(snapshot(&dist), before);
}

/// With the other bundles (`catalogue.html`, `coworking.html`), their pages start them, every
/// shell carries one policy allowing both start-up scripts, and the size report measures
/// each shell.
#[test]
fn the_catalogue_bundle_shell_makes_the_catalogue_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let dist = dist_dir(tmp.path());
    fs::create_dir_all(dist.join("data")).unwrap();
    fs::write(dist.join("data/catalogue.json"), CATALOGUE).unwrap();
    let catalogue_shell = index_html().replace("lernort-abc123", "lernort-cat456");
    fs::write(dist.join("catalogue.html"), &catalogue_shell).unwrap();
    let coworking_shell = index_html().replace("lernort-abc123", "lernort-cow789");
    fs::write(dist.join("coworking.html"), &coworking_shell).unwrap();
    for ext in [".js", "_bg.wasm"] {
        fs::copy(
            dist.join(format!("lernort-abc123{ext}")),
            dist.join(format!("lernort-cow789{ext}")),
        )
        .unwrap();
    }
    fs::copy(
        dist.join("lernort-abc123.js"),
        dist.join("lernort-cat456.js"),
    )
    .unwrap();
    fs::copy(
        dist.join("lernort-abc123_bg.wasm"),
        dist.join("lernort-cat456_bg.wasm"),
    )
    .unwrap();
    let centre = centre_dir(tmp.path(), &fixture_centre());
    let report = finish(&FinishOptions {
        dist: dist.clone(),
        centre,
        base: "/".into(),
        now: None,
    })
    .unwrap();
    // Three start-up scripts (one per bundle) plus the shared plain inline script.
    assert_eq!(report.script_hashes.len(), 4, "{:?}", report.script_hashes);

    let read = |name: &str| fs::read_to_string(dist.join(name)).unwrap();
    let csp = |page: &str| {
        html::tags(page)
            .unwrap()
            .into_iter()
            .find(|t| t.attr("http-equiv") == Some("Content-Security-Policy"))
            .and_then(|t| t.attr("content").map(str::to_string))
            .unwrap()
    };
    let policy = csp(&read("index.html"));
    assert_eq!(policy, csp(&read("catalogue.html")));
    for hash in &report.script_hashes {
        assert!(policy.contains(hash.as_str()), "{policy}");
    }
    for page in [
        "kurse/index.html",
        "kurse/ki-im-alltag/index.html",
        "merkliste/index.html",
    ] {
        let text = read(page);
        assert!(
            text.contains("lernort-cat456"),
            "{page} starts the catalogue bundle"
        );
        assert!(!text.contains("lernort-abc123"), "{page}");
        assert_eq!(csp(&text), policy, "{page}");
    }
    assert!(read("merkliste/index.html").contains("<title>Merkliste – "));
    let coworking = read("coworking/index.html");
    assert!(coworking.contains("lernort-cow789") && !coworking.contains("lernort-cat456"));
    assert!(coworking.contains("<title>Co-Working – "));
    assert_eq!(csp(&coworking), policy);
    assert!(read("404.html").contains("lernort-abc123"));

    let reports = lernort_dist::size::first_views(&dist, Some(200.0)).unwrap();
    let shells: Vec<&str> = reports.iter().map(|r| r.entries[0].path.as_str()).collect();
    assert_eq!(shells, ["index.html", "catalogue.html", "coworking.html"]);
    assert!(reports[1]
        .entries
        .iter()
        .any(|e| e.path == "lernort-cat456_bg.wasm"));
    let catalogue = reports[1]
        .entries
        .iter()
        .find(|e| e.path == "data/catalogue.json");
    assert!(
        catalogue.is_some_and(|e| !e.app),
        "the catalogue is data, not app"
    );
}

/// The `content` of `<meta property="…">` in a finished page (still escaped).
fn meta_content(page: &str, property: &str) -> String {
    let tag = format!("<meta property=\"{property}\" content=\"");
    let start = page.find(&tag).unwrap_or_else(|| panic!("no {property}")) + tag.len();
    page[start..][..page[start..].find('"').unwrap()].to_string()
}
