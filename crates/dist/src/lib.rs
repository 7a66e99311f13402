//! `lernort-dist`: turns Trunk's `dist/` into a deployable static site and measures what
//! the first view costs.
//!
//! [`finish`] installs a centre, sets `<base href>`, writes the Content-Security-Policy,
//! the `404.html` fallback, the static course pages and feeds, and pre-compressed copies;
//! [`size::first_view`] reports the first view's transfer size. The command line is in
//! [`cli`]; each concern has its module: [`html`] (editing `index.html`), [`csp`] (the
//! policy), [`site`] (course pages, calendars, sitemap, robots.txt), [`cards`] (link-preview
//! pictures), [`ics`] (iCalendar),
//! [`compress`] (`.gz`/`.br`), [`size`] (the report) and [`centre`] (installing `centre/`).
//!
//! Everything is deterministic: running [`finish`] twice leaves byte-identical files.

#![warn(missing_docs)]

pub mod cards;
pub mod centre;
pub mod cli;
pub mod compress;
pub mod csp;
pub mod entries;
mod error;
pub mod html;
pub mod ics;
pub mod imports;
pub mod offline;
pub mod refresh;
pub mod site;
pub mod size;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use lernort_i18n::{Lang, Msg};
use lernort_routes::{Bundle, Route};

pub use error::Error;

use error::kib;

/// The start bundle's shell: what the server answers every app path with.
pub const INDEX: &str = Bundle::Start.shell();

/// A directory page's version for the gateway (see `crates/gateway/src/files.rs`): the
/// floor page whose link preview is the gateway's live picture.
pub const GATEWAY_INDEX: &str = "index.gateway.html";

/// The gateway's live picture of the floor, relative to the site (`og:image` of the
/// floor page in [`GATEWAY_INDEX`]).
pub const LIVE_FLOOR_PICTURE: &str = "api/floor.png";

/// The bundles' shells that are in `dist`: the start bundle's always (it is required),
/// the others when built. See ARCHITECTURE.md, "Bundles", and [`Bundle`].
pub fn shells_in(dist: &Path) -> impl Iterator<Item = Bundle> + '_ {
    Bundle::ALL
        .into_iter()
        .filter(move |b| *b == Bundle::Start || dist.join(b.shell()).is_file())
}

/// The pages that are a bundle's shell with their own title, description and card, so
/// that a shared link previews the page and not the start page: the route (its file is
/// `<path>/index.html`, made from its bundle's shell), its title and its description.
const BUNDLE_PAGES: [(Route, Msg, Msg); 4] = [
    (
        Route::Coworking,
        Msg::CoworkingTitle,
        Msg::OfferCoworkingText,
    ),
    (Route::Kiosk, Msg::KioskTitle, Msg::KioskText),
    (Route::Floor, Msg::FloorTitle, Msg::OfferFloorText),
    (Route::EasyLanguage, Msg::EasyTitle, Msg::EasyIntro),
];

/// What [`finish`] needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinishOptions {
    /// Trunk's output directory.
    pub dist: PathBuf,
    /// The centre's directory: `centre.json` and the files it names.
    pub centre: PathBuf,
    /// The path the site is served under, as given; see [`normalise_base`].
    pub base: String,
    /// "Now" for the course pages and the feed (what is upcoming), as Unix seconds; the
    /// catalogue's `generated` time when `None`, so that output depends on input only.
    pub now: Option<i64>,
}

/// What [`finish`] did; `Display` prints the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct FinishReport {
    /// The installed centre's id.
    pub centre_id: String,
    /// Files copied into `centre/`.
    pub centre_files: usize,
    /// The `<base href>` written.
    pub base: String,
    /// CSP hashes of the inline scripts, one per distinct script.
    pub script_hashes: Vec<String>,
    /// The gateway origin allowed in `connect-src`, when the gateway is on another host.
    pub gateway_origin: Option<String>,
    /// The static course pages, calendars, sitemap and robots.txt.
    pub site: site::SiteReport,
    /// The link-preview cards.
    pub cards: cards::CardReport,
    /// How many files the service worker keeps for offline use.
    pub precached: usize,
    /// The pre-compression result.
    pub compressed: compress::CompressReport,
    /// Things that will not work as expected, one line each.
    pub warnings: Vec<String>,
}

impl fmt::Display for FinishReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.compressed;
        writeln!(
            f,
            "centre {}: {} files in centre/; base href {}",
            self.centre_id, self.centre_files, self.base
        )?;
        let hashes = self.script_hashes.len();
        let plural = if hashes == 1 { "" } else { "es" };
        match &self.gateway_origin {
            Some(origin) => writeln!(
                f,
                "CSP: {hashes} inline script hash{plural}, connect-src adds {origin}"
            )?,
            None => writeln!(f, "CSP: {hashes} inline script hash{plural}")?,
        }
        writeln!(f, "404.html: copy of index.html")?;
        writeln!(
            f,
            "offline: manifest.webmanifest; sw.js keeps {} files",
            self.precached
        )?;
        let s = &self.site;
        if s.catalogue {
            writeln!(
                f,
                "static pages: {} course pages ({} JSON-LD events) and the course list in kurse/; {} calendars in data/kurse/; feed data/kurse.ics: {} upcoming sessions",
                s.course_pages, s.json_ld_events, s.calendars, s.feed_events
            )?;
        } else {
            writeln!(
                f,
                "static pages: none (no {} in the dist directory)",
                site::CATALOGUE
            )?;
        }
        writeln!(
            f,
            "link-preview cards: {} in {}/ ({} drawn now, the others kept; largest {:.1} KiB)",
            self.cards.cards,
            cards::DIR,
            self.cards.drawn,
            kib(self.cards.largest as u64)
        )?;
        match s.sitemap_urls {
            Some(urls) => writeln!(f, "sitemap.xml: {urls} URLs; robots.txt")?,
            None => writeln!(f, "sitemap.xml: not written (no site_url); robots.txt")?,
        }
        if !s.removed.is_empty() {
            writeln!(
                f,
                "removed {} files of an earlier finish (another centre or catalogue)",
                s.removed.len()
            )?;
        }
        write!(
            f,
            "compressed {} files ({} .gz, {} .br): {:.1} KiB -> {:.1} KiB gzip, {:.1} KiB brotli ({} / {} / {} bytes)",
            c.files,
            c.gzip_written,
            c.brotli_written,
            kib(c.raw_bytes),
            kib(c.gzip_bytes),
            kib(c.brotli_bytes),
            c.raw_bytes,
            c.gzip_bytes,
            c.brotli_bytes
        )?;
        if !c.removed.is_empty() {
            write!(f, "; removed {} stale copies", c.removed.len())?;
        }
        for warning in &self.warnings {
            write!(f, "\nwarning: {warning}")?;
        }
        Ok(())
    }
}

/// The `<base href>` for a path: starting and ending with `/`, `/` for an empty one.
///
/// ```
/// use lernort_dist::normalise_base;
/// assert_eq!(normalise_base("").unwrap(), "/");
/// assert_eq!(normalise_base("lernort").unwrap(), "/lernort/");
/// assert_eq!(normalise_base("/zentren/soest/").unwrap(), "/zentren/soest/");
/// assert!(normalise_base("https://example.org/").is_err());
/// ```
pub fn normalise_base(base: &str) -> Result<String, Error> {
    let bad = |why: &str| Error::Usage(format!("--base {base:?} {why}"));
    if base
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"'<>&\\?#%:".contains(c))
    {
        return Err(bad("must be a plain path such as /lernort/"));
    }
    let trimmed = base.trim_matches('/');
    if trimmed.split('/').any(|part| part == "..") {
        return Err(bad("must not contain .."));
    }
    if trimmed.is_empty() {
        return Ok("/".to_string());
    }
    if trimmed.contains("//") {
        return Err(bad("must not contain //"));
    }
    Ok(format!("/{trimmed}/"))
}

/// Finishes Trunk's output in `options.dist` for deployment:
///
/// 1. validates `options.centre` and installs it as `dist/centre/` ([`centre::install`]);
/// 2. in each bundle's shell ([`Bundle::shell`]), sets `<base href>`, removes `nonce`
///    attributes, sets each `integrity` hash from its file's content
///    ([`csp::file_integrity`]: `scripts/build` minifies the JS after Trunk hashed it) and
///    writes the Content-Security-Policy meta element ([`csp::policy`]), one policy
///    allowing every shell's start-up script;
/// 3. writes `404.html` as a copy of `index.html`, so deep links start the app on plain
///    file hosts;
/// 4. when `data/catalogue.json` is there, writes a static page per course, the course
///    list, iCalendar files and the feed; with the centre's `site_url` `sitemap.xml`;
///    always `robots.txt` ([`site`]); removes what an earlier run wrote and this one
///    does not;
/// 5. gives the co-working, kiosk, floor and Leichte Sprache pages their own heads, and
///    every shared page and course its link-preview card, drawn when new ([`cards`]);
///    with `site_url` also `sensorboden/index.gateway.html`, whose card is the gateway's
///    live picture;
/// 6. writes `manifest.webmanifest` and the service worker `sw.js` ([`offline`]);
/// 7. writes `.gz` and `.br` copies of what changed ([`compress::precompress`]).
///
/// Running it again with the same input leaves every file byte for byte the same.
pub fn finish(options: &FinishOptions) -> Result<FinishReport, Error> {
    let dist = &options.dist;
    let base = normalise_base(&options.base)?;

    // Everything is checked and prepared before the first file is written.
    let centre = centre::load(&options.centre)?;
    let gateway_origin = centre.gateway.external_origin().map(str::to_string);

    let mut shells = Vec::new();
    for bundle in Bundle::ALL {
        let name = bundle.shell();
        let path = dist.join(name);
        let page = match fs::read_to_string(&path) {
            Ok(page) => page,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && name != INDEX => continue,
            Err(e) => return Err(Error::io(&path, "read", e)),
        };
        let html_error = |problem: html::HtmlProblem| Error::Html {
            path: path.clone(),
            problem: problem.to_string(),
        };
        let page = html::remove_nonces(&page).map_err(html_error)?;
        let page =
            html::set_integrity(&page, |url| csp::file_integrity(dist, url)).map_err(html_error)?;
        let page = html::set_base_href(&page, &base).map_err(html_error)?;
        let scripts = html::inline_scripts(&page).map_err(html_error)?;
        shells.push((name, path, page, scripts));
    }
    // One policy for every page, allowing the start-up scripts of all bundles: the gateway
    // sends index.html's policy as a header for every response.
    let mut script_hashes: Vec<String> = Vec::new();
    for script in shells.iter().flat_map(|(.., scripts)| scripts) {
        let hash = csp::script_hash(script);
        if !script_hashes.contains(&hash) {
            script_hashes.push(hash);
        }
    }
    let policy = csp::policy(&script_hashes, gateway_origin.as_deref());
    let mut warnings: Vec<String> = Vec::new();
    let mut cards = cards::Cards::new(&centre, &options.centre, dist, &mut warnings);
    let start_card = start_card(&centre, &mut cards);
    let mut finished = Vec::new();
    for (name, path, page, _) in shells {
        let html_error = |problem: html::HtmlProblem| Error::Html {
            path: path.clone(),
            problem: problem.to_string(),
        };
        let page = html::set_csp_meta(&page, &policy).map_err(html_error)?;
        let meta = html::PageMeta {
            image: start_card.image(),
            ..page_meta(&centre)
        };
        let page = html::set_page_meta(&page, &meta).map_err(html_error)?;
        warnings.extend(
            html::inline_styles(&page)
                .map_err(html_error)?
                .into_iter()
                .map(|s| format!("{name} {s} is blocked by style-src 'self'")),
        );
        if base != "/" {
            warnings.extend(root_absolute_references(name, &page, &base).map_err(html_error)?);
        }
        finished.push((path, page));
    }
    let shell = |name: &str| {
        finished
            .iter()
            .find(|(path, _)| path.ends_with(name))
            .map(|(_, page)| page.as_str())
    };
    // The catalogue's pages are made from the catalogue bundle's shell when there is one.
    let catalogue_shell = shell(Bundle::Catalogue.shell()).unwrap_or(&finished[0].1);
    let mut site_plan = site::plan(
        &site::SiteInput {
            dist,
            centre: &centre,
            base: &base,
            page: catalogue_shell,
            now: options.now,
        },
        &mut cards,
    )?;
    // Co-working, kiosk, floor, Leichte Sprache: their bundles' shells with the pages' own
    // titles, addresses and cards.
    let locales = locales(&centre);
    let mut bundle_pages = Vec::new();
    for (route, title, description) in BUNDLE_PAGES {
        let shell_name = Bundle::of(&route).shell();
        let Some(page) = shell(shell_name) else {
            continue;
        };
        let path = route.path();
        let stem = path.trim_start_matches('/');
        let heading = title.text(Lang::De);
        let description = description.text(Lang::De);
        let card = cards.page(stem, heading, description, vec![address_line(&centre)]);
        let title = format!("{heading} – {}", centre.name);
        let url = centre.site_url.as_ref().map(|site| format!("{site}{stem}"));
        let canonical = url.clone().unwrap_or_else(|| format!("{base}{stem}"));
        let meta = html::PageMeta {
            url: url.as_deref(),
            canonical: Some(&canonical),
            image: card.image(),
            ..html::PageMeta::simple(&title, description, &centre.name, locales)
        };
        let html_error = |problem: html::HtmlProblem| Error::Html {
            path: dist.join(shell_name),
            problem: problem.to_string(),
        };
        // The floor's page as a gateway with a live floor serves it: its preview is the
        // floor now, drawn by the gateway (`api/floor.png`), not the static card.
        if let (Route::Floor, Some(site)) = (&route, &centre.site_url) {
            let live = format!("{site}{LIVE_FLOOR_PICTURE}");
            let live_meta = html::PageMeta {
                image: Some(html::Image {
                    url: &live,
                    size: (lernort_card::WIDTH, lernort_card::HEIGHT),
                    media_type: "image/png",
                    alt: &card.alt,
                }),
                ..meta.clone()
            };
            let live_page = html::set_page_meta(page, &live_meta).map_err(html_error)?;
            bundle_pages.push((dist.join(stem).join(GATEWAY_INDEX), live_page));
        }
        let page = html::set_page_meta(page, &meta).map_err(html_error)?;
        bundle_pages.push((dist.join(stem).join(INDEX), page));
    }
    let drawn = cards.draw();
    let card_report = drawn.report.clone();
    site_plan.add_cards(drawn.files, drawn.names);

    let installed = centre::install(&options.centre, dist)?;
    for (path, page) in &finished {
        write_if_changed(path, page.as_bytes())?;
    }
    write_if_changed(&dist.join("404.html"), finished[0].1.as_bytes())?;
    for (path, page) in &bundle_pages {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create", e))?;
        }
        write_if_changed(path, page.as_bytes())?;
    }
    let site = site::write(dist, site_plan)?;
    warnings.extend(site.warnings.iter().cloned());
    // Offline use: the manifest first (the worker keeps it), then the worker, which lists
    // what the first views load now.
    write_if_changed(
        &dist.join(offline::MANIFEST),
        offline::manifest(&centre).as_bytes(),
    )?;
    let (precached, version) = offline::precache(dist)?;
    write_if_changed(
        &dist.join(offline::SERVICE_WORKER),
        offline::service_worker(&precached, &version).as_bytes(),
    )?;
    let compressed = compress::precompress(dist)?;

    Ok(FinishReport {
        centre_id: installed.centre.id,
        centre_files: installed.files.len(),
        base,
        script_hashes,
        gateway_origin,
        site,
        cards: card_report,
        precached: precached.len(),
        compressed,
        warnings,
    })
}

/// The locales of the site: German, and English when the centre offers it.
pub(crate) fn locales(centre: &lernort_centre::Centre) -> &'static [&'static str] {
    if centre.languages.contains(&Lang::En) {
        &["de_DE", "en_GB"]
    } else {
        &["de_DE"]
    }
}

/// The start page's link preview, from the centre config (German, the site's first language).
fn page_meta(centre: &lernort_centre::Centre) -> html::PageMeta<'_> {
    // No og:url and no canonical link: index.html is what every app path is answered
    // with, and those would declare all of them duplicates of the start page.
    html::PageMeta::simple(
        &centre.name,
        centre.tagline.get(Lang::De),
        &centre.name,
        locales(centre),
    )
}

/// The centre's address on one line: `Werkstraße 1, 59494 Soest`.
pub(crate) fn address_line(centre: &lernort_centre::Centre) -> String {
    let a = &centre.address;
    format!("{}, {} {}", a.street, a.postal_code, a.city)
}

/// The start page's card (also the card of every page without its own): the centre's
/// building, its tagline, its address.
fn start_card(centre: &lernort_centre::Centre, cards: &mut cards::Cards) -> cards::CardFile {
    let kicker = centre
        .address
        .building
        .clone()
        .unwrap_or_else(|| centre.name.clone());
    cards.page(
        "start",
        &kicker,
        centre.tagline.get(Lang::De),
        vec![address_line(centre)],
    )
}

/// References like `/app.js` that ignore `<base href>` and so miss a site under a sub-path
/// (Trunk writes them with `--public-url /`; build with `--public-url ./` instead).
fn root_absolute_references(
    name: &str,
    page: &str,
    base: &str,
) -> Result<Vec<String>, html::HtmlProblem> {
    let mut found = Vec::new();
    for tag in html::tags(page)? {
        let mut references: Vec<String> = ["href", "src"]
            .iter()
            .filter(|_| tag.name != "base")
            .filter_map(|name| tag.attr(name).map(str::to_string))
            .collect();
        if tag.is_module_script() && tag.attr("src").is_none() {
            references.extend(tag.text(page).map(html::quoted_assets).unwrap_or_default());
        }
        for reference in references {
            if reference.starts_with('/')
                && !reference.starts_with("//")
                && !reference.starts_with(base)
            {
                found.push(format!(
                    "{name} refers to \"{reference}\", outside the base {base}; build with trunk --public-url ./"
                ));
            }
        }
    }
    Ok(found)
}

/// `work` on every job, on as many threads as there are cores, each taking the next job
/// when it is done (big and small jobs mix); the results in the jobs' order.
pub(crate) fn on_every_core<J: Sync, R: Send>(jobs: &[J], work: impl Fn(&J) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(jobs.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        mine.push((i, work(job)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a job does not panic"))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Writes `data` to `path` unless it already holds exactly that, so unchanged files keep
/// their timestamps.
pub fn write_if_changed(path: &Path, data: &[u8]) -> Result<(), Error> {
    if fs::read(path).is_ok_and(|old| old == data) {
        return Ok(());
    }
    fs::write(path, data).map_err(|e| Error::io(path, "write", e))
}
