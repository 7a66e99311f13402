//! The pictures shared links show (`og:image`): one card per course and per page that
//! people share, drawn by `lernort-card` in the centre's colours.
//!
//! A card's file name carries a hash of everything drawn on it (the words, the centre's
//! name, address, colours and logo, and [`lernort_card::VERSION`]):
//! `data/karten/kurse/<slug>-<hash>.png`, `data/karten/seiten/<page>-<hash>.png`. So
//!
//! - a card already in dist is kept without drawing it again: a rebuild draws only the
//!   cards whose content changed;
//! - the gateway serves them as immutable (a content hash in the name, as Trunk's files);
//! - a changed card has a new address, and social networks, which keep a picture by its
//!   address for weeks, fetch the new one (a cancelled course shows "Abgesagt" at once).
//!
//! Cards no longer wanted are removed with the other generated files (`site::write`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use lernort_card::{Brand, Card, HEIGHT, WIDTH};
use lernort_centre::Centre;
use sha2::{Digest, Sha256};

use crate::html::Image;

/// Where cards go, relative to dist.
pub const DIR: &str = "data/karten";
/// Hex digits of the content hash in a card's name.
const HASH_DIGITS: usize = 12;

/// A card that a page refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardFile {
    /// The absolute URL, when the centre has a `site_url`.
    pub url: Option<String>,
    /// What it shows, in words (`og:image:alt`).
    pub alt: String,
}

impl CardFile {
    /// The page's preview picture; none without an absolute URL (Open Graph needs one).
    pub fn image(&self) -> Option<Image<'_>> {
        self.url.as_deref().map(|url| Image {
            url,
            size: (WIDTH, HEIGHT),
            media_type: "image/png",
            alt: &self.alt,
        })
    }
}

/// The cards of one `finish`: asked for while the pages are made, drawn at the end.
pub struct Cards {
    brand: Brand,
    centre_name: String,
    brand_key: String,
    dist: PathBuf,
    site_url: Option<String>,
    /// The cards the pages refer to, by file name relative to dist.
    wanted: BTreeMap<String, Card>,
}

/// The cards of a run, drawn.
pub struct Drawn {
    /// The cards drawn now, with their bytes (relative to dist).
    pub files: Vec<(String, Vec<u8>)>,
    /// Every card the pages refer to, for the list of generated files.
    pub names: BTreeSet<String>,
    /// What was done.
    pub report: CardReport,
}

/// What drawing the cards did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardReport {
    /// Cards the pages refer to.
    pub cards: usize,
    /// Of those, drawn in this run (the others were in dist already).
    pub drawn: usize,
    /// The largest card in bytes.
    pub largest: usize,
}

impl Cards {
    /// Cards for `centre`, whose files (the logo) are in `centre_dir`. A logo the cards
    /// cannot show leaves them without one, with a warning.
    pub fn new(
        centre: &Centre,
        centre_dir: &Path,
        dist: &Path,
        warnings: &mut Vec<String>,
    ) -> Cards {
        let logo_path = centre_dir.join(&centre.logo.src);
        let logo = fs::read(&logo_path).ok();
        let (brand, logo_key) = match Brand::of_centre(centre, logo.as_deref()) {
            Ok(brand) => (brand, logo.as_deref().map(|b| hex(&Sha256::digest(b)))),
            Err(problem) => {
                warnings.push(format!(
                    "{}: {problem}; the link-preview cards show the centre's name without the logo (give logo.src an SVG or PNG file)",
                    logo_path.display()
                ));
                let brand = Brand::of_centre(centre, None).expect("no logo to read");
                (brand, None)
            }
        };
        let brand_key = format!("{}|{}", brand.key(), logo_key.unwrap_or_default());
        Cards {
            brand,
            centre_name: centre.name.clone(),
            brand_key,
            dist: dist.to_path_buf(),
            site_url: centre.site_url.clone(),
            wanted: BTreeMap::new(),
        }
    }

    /// The file for `card`, to be drawn by [`Cards::draw`]. `group` is `kurse` or
    /// `seiten`, `stem` a slug.
    pub fn add(&mut self, group: &str, stem: &str, card: Card, alt: String) -> CardFile {
        let key = format!("{}|{}|{card:?}", lernort_card::VERSION, self.brand_key);
        let hash = hex(&Sha256::digest(key.as_bytes()));
        let file = format!("{DIR}/{group}/{stem}-{}.png", &hash[..HASH_DIGITS]);
        let url = self.site_url.as_ref().map(|site| format!("{site}{file}"));
        // Open Graph needs an absolute address: without `site_url` no page refers to a
        // card, so none is drawn.
        if url.is_some() {
            self.wanted.entry(file).or_insert(card);
        }
        CardFile { url, alt }
    }

    /// A page's card (`seiten/<stem>`): what the page is, in a sentence, and where; its
    /// description is "kicker: title, centre".
    pub fn page(
        &mut self,
        stem: &str,
        kicker: &str,
        title: &str,
        details: Vec<String>,
    ) -> CardFile {
        let alt = format!("{kicker}: {title} – {}", self.centre_name);
        let card = Card {
            kicker: kicker.to_string(),
            title: title.to_string(),
            details,
            badge: None,
        };
        self.add("seiten", stem, card, alt)
    }

    /// Draws the cards that are not in dist yet, on every core.
    pub fn draw(self) -> Drawn {
        let missing: Vec<(&String, &Card)> = self
            .wanted
            .iter()
            .filter(|(file, _)| !self.dist.join(file).is_file())
            .collect();
        let brand = &self.brand;
        let drawn: Vec<(String, Vec<u8>)> = crate::on_every_core(&missing, |(file, card)| {
            ((*file).clone(), lernort_card::png(brand, card))
        });
        let names: BTreeSet<String> = self.wanted.keys().cloned().collect();
        let new: BTreeSet<&str> = drawn.iter().map(|(file, _)| file.as_str()).collect();
        let kept_sizes = names
            .iter()
            .filter(|name| !new.contains(name.as_str()))
            .filter_map(|name| fs::metadata(self.dist.join(name)).ok())
            .map(|meta| meta.len() as usize);
        let largest = drawn
            .iter()
            .map(|(_, bytes)| bytes.len())
            .chain(kept_sizes)
            .max()
            .unwrap_or(0);
        let report = CardReport {
            cards: names.len(),
            drawn: drawn.len(),
            largest,
        };
        Drawn {
            files: drawn,
            names,
            report,
        }
    }
}

/// Whether a name from the list of generated files is a card's (`is_generated_name`).
pub(crate) fn is_card_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix(DIR).and_then(|r| r.strip_prefix('/')) else {
        return false;
    };
    let Some(rest) = rest
        .strip_prefix("kurse/")
        .or_else(|| rest.strip_prefix("seiten/"))
    else {
        return false;
    };
    let Some((stem, hash)) = rest.strip_suffix(".png").and_then(|r| r.rsplit_once('-')) else {
        return false;
    };
    lernort_routes::is_slug(stem)
        && hash.len() == HASH_DIGITS
        && hash
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_card_names_are_card_names() {
        assert!(is_card_name(
            "data/karten/kurse/ki-im-alltag-0123456789ab.png"
        ));
        assert!(is_card_name("data/karten/seiten/start-0123456789ab.png"));
        for name in [
            "data/karten/kurse/../../index-0123456789ab.png",
            "data/karten/kurse/ki-0123456789AB.png",
            "data/karten/kurse/ki-0123456789a.png",
            "data/karten/andere/ki-0123456789ab.png",
            "data/karten/kurse/ki-0123456789ab.svg",
            "data/karten/kurse/-0123456789ab.png",
            "index.html",
        ] {
            assert!(!is_card_name(name), "{name}");
        }
    }
}
