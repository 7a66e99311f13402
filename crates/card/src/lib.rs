//! Link-preview cards: the picture a shared link shows (`og:image`), 1200×630 PNG.
//!
//! ```text
//! ┌──────────────────────────────────────────────────────────────┐
//! │ [logo] Centre name                              dilas.soest.de │  band: on_primary on primary
//! │                                                              │
//! │ Kurs · VHS Soest                                 [Ausgebucht] │  kicker: link colour; badge: background on text
//! │ Excel für Einsteigerinnen                                     │  title: text colour, 72 → 40 px,
//! │ und Einsteiger                                                │  then ` …`
//! │                                                              │
//! │ 6 Termine, dienstags, 18:00–20:15 Uhr, ab 9. März 2027        │  details: muted text, one line each
//! │ DiLAS Soest, Lernraum 2                                       │
//! │ 49,00 €                                                       │
//! └──────────────────────────────────────────────────────────────┘
//! ```
//!
//! Only colour pairs that the centre config checks for contrast meet (docs/centre-config.md).
//! Text is DejaVu Sans from the `dejavu` package, never a font of the machine: the same
//! card comes out byte for byte wherever it is drawn. Characters the font lacks are
//! removed ([`Face::clean`]).

mod text;

pub use text::{ellipsize, fit, wrap, Face, Fitted};

use lernort_centre::Centre;
use resvg::tiny_skia::{
    Color, FilterQuality, Paint, PathBuilder, Pixmap, PixmapPaint, Rect, Transform,
};
use resvg::usvg;

/// The card's width in pixels (Open Graph's recommended 1.91:1).
pub const WIDTH: u32 = 1200;
/// The card's height in pixels.
pub const HEIGHT: u32 = 630;
/// Changes whenever the drawing does, so that cards kept from an earlier build are drawn
/// again.
pub const VERSION: u32 = 2;

const MARGIN: f32 = 64.0;
const BAND: f32 = 112.0;
const LOGO: f32 = 72.0;
const TITLE_SIZES: [f32; 6] = [72.0, 64.0, 58.0, 52.0, 46.0, 40.0];
const TITLE_LINE: f32 = 1.18;
const DETAIL_SIZE: f32 = 34.0;
const DETAIL_LINE: f32 = 48.0;
const KICKER_SIZE: f32 = 30.0;
const KICKER_BASELINE: f32 = 194.0;
const BOTTOM: f32 = HEIGHT as f32 - 48.0;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    fn paint(self) -> Paint<'static> {
        let mut paint = Paint::default();
        paint.set_color_rgba8(self.0, self.1, self.2, 255);
        paint.anti_alias = true;
        paint
    }
}

/// The centre's colours, named as in `centre.json`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Colours {
    /// The card's background.
    pub background: Rgb,
    /// The title, and the badge's background.
    pub text: Rgb,
    /// The details.
    pub muted_text: Rgb,
    /// The kicker ("Kurs · VHS Soest").
    pub link: Rgb,
    /// The band at the top.
    pub primary: Rgb,
    /// The centre's name and address on the band.
    pub on_primary: Rgb,
}

/// What every card of a centre shares: its name, logo, colours and address.
pub struct Brand {
    name: String,
    host: String,
    colours: Colours,
    logo: Option<Pixmap>,
}

impl Brand {
    /// A centre's brand from its config: name, colours, the host of `site_url`, and the
    /// logo's bytes (the file `centre.logo.src` names), if read.
    pub fn of_centre(centre: &Centre, logo: Option<&[u8]>) -> Result<Brand, LogoError> {
        let c = &centre.colours;
        let rgb = |colour: lernort_centre::Rgb| Rgb(colour.r, colour.g, colour.b);
        let colours = Colours {
            background: rgb(c.background),
            text: rgb(c.text),
            muted_text: rgb(c.muted_text),
            link: rgb(c.link),
            primary: rgb(c.primary),
            on_primary: rgb(c.on_primary),
        };
        let host = centre
            .site_url
            .as_deref()
            .map(|url| url.trim_start_matches("https://").trim_end_matches('/'))
            .unwrap_or_default();
        let logo = logo.map(|bytes| (centre.logo.src.as_str(), bytes));
        Brand::new(&centre.name, host, colours, logo)
    }

    /// What the brand is made of, as text (for a hash of everything a card shows).
    pub fn key(&self) -> String {
        format!("{}|{}|{:?}", self.name, self.host, self.colours)
    }
}

/// A logo that could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoError(pub String);

impl std::fmt::Display for LogoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LogoError {}

impl Brand {
    /// A centre's brand. `host` is shown on the band (`dilas.soest.de`); `logo` is the
    /// logo file's bytes and name (SVG or PNG, told by the name's ending).
    pub fn new(
        name: &str,
        host: &str,
        colours: Colours,
        logo: Option<(&str, &[u8])>,
    ) -> Result<Brand, LogoError> {
        let logo = logo
            .map(|(file, bytes)| logo_pixmap(file, bytes))
            .transpose()?;
        Ok(Brand {
            name: name.to_string(),
            host: host.to_string(),
            colours,
            logo,
        })
    }
}

/// The logo drawn into a [`LOGO`]-sized square, keeping its proportions.
fn logo_pixmap(file: &str, bytes: &[u8]) -> Result<Pixmap, LogoError> {
    let side = LOGO as u32;
    let mut square = Pixmap::new(side, side).expect("a non-empty square");
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".svg") {
        let tree = usvg::Tree::from_data(bytes, &usvg::Options::default())
            .map_err(|e| LogoError(format!("{file}: not a readable SVG ({e})")))?;
        let size = tree.size();
        let scale = LOGO / size.width().max(size.height());
        let dx = (LOGO - size.width() * scale) / 2.0;
        let dy = (LOGO - size.height() * scale) / 2.0;
        resvg::render(
            &tree,
            Transform::from_scale(scale, scale).post_translate(dx, dy),
            &mut square.as_mut(),
        );
    } else if lower.ends_with(".png") {
        let image = Pixmap::decode_png(bytes)
            .map_err(|e| LogoError(format!("{file}: not a readable PNG ({e})")))?;
        let scale = LOGO / image.width().max(image.height()) as f32;
        let dx = (LOGO - image.width() as f32 * scale) / 2.0;
        let dy = (LOGO - image.height() as f32 * scale) / 2.0;
        draw_scaled(&mut square, &image, scale, (dx, dy), FilterQuality::Bicubic);
    } else {
        return Err(LogoError(format!(
            "{file}: a card can show an SVG or PNG logo only"
        )));
    }
    Ok(square)
}

/// One card's words. Texts are drawn as given, without the characters the font lacks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Card {
    /// What it is and from whom: `Kurs · VHS Soest`.
    pub kicker: String,
    /// The title: wrapped, shrunk, and only then ellipsized.
    pub title: String,
    /// Up to three lines below the title (when, where, price), each cut to one line.
    pub details: Vec<String>,
    /// A word that must not be missed (`Abgesagt`, `Ausgebucht`), in a box.
    pub badge: Option<String>,
}

/// How a card came out, for tests and reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The title as drawn.
    pub title: Fitted,
    /// The details as drawn.
    pub details: Vec<String>,
}

/// Draws the card.
pub fn render(brand: &Brand, card: &Card) -> (Pixmap, Layout) {
    render_with(brand, card, None)
}

/// A picture beside the words (the floor's heatmap): RGBA pixels, straight alpha 0 or 255,
/// scaled up smoothly into the card's right part, with labelled boxes drawn over it.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture<'a> {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height` pixels of `r, g, b, a`, rows top to bottom.
    pub rgba: &'a [u8],
    /// Boxes in the picture's pixels (x, y, width, height) and their labels: the zones.
    pub boxes: Vec<([f32; 4], String)>,
}

/// Where a picture goes: the right part of the card, below the band.
const PICTURE_LEFT: f32 = 600.0;
const PICTURE_TOP: f32 = BAND + 40.0;

/// Draws the card, with a picture on its right when given (the words move left).
pub fn render_with(brand: &Brand, card: &Card, picture: Option<&Picture>) -> (Pixmap, Layout) {
    let (regular, bold) = (Face::regular(), Face::bold());
    let colours = brand.colours;
    let mut pixmap = Pixmap::new(WIDTH, HEIGHT).expect("a non-empty card");
    let Rgb(r, g, b) = colours.background;
    pixmap.fill(Color::from_rgba8(r, g, b, 255));
    let right = WIDTH as f32 - MARGIN;

    // The band: logo, name, address.
    fill_rect(&mut pixmap, 0.0, 0.0, WIDTH as f32, BAND, colours.primary);
    let mut name_x = MARGIN;
    if let Some(logo) = &brand.logo {
        let top = ((BAND - LOGO) / 2.0) as i32;
        pixmap.draw_pixmap(
            MARGIN as i32,
            top,
            logo.as_ref(),
            &PixmapPaint::default(),
            Transform::identity(),
            None,
        );
        name_x += LOGO + 24.0;
    }
    let host = regular.clean(&brand.host);
    let host_width = regular.width(&host, 26.0);
    let name_room = right
        - name_x
        - if host.is_empty() {
            0.0
        } else {
            host_width + 32.0
        };
    let name = ellipsize(&bold, &bold.clean(&brand.name), 40.0, name_room);
    bold.draw(
        &mut pixmap,
        &name,
        40.0,
        name_x,
        BAND / 2.0 + 14.0,
        colours.on_primary,
    );
    regular.draw(
        &mut pixmap,
        &host,
        26.0,
        right - host_width,
        BAND / 2.0 + 10.0,
        colours.on_primary,
    );

    let right = match picture {
        Some(picture) => {
            draw_picture(&mut pixmap, picture, colours, &bold, right);
            PICTURE_LEFT - 40.0
        }
        None => right,
    };

    // Kicker and badge on one line.
    let mut kicker_room = right - MARGIN;
    if let Some(badge) = card.badge.as_deref().map(|b| bold.clean(b)) {
        let size = 28.0;
        let width = bold.width(&badge, size);
        let (height, padding) = (48.0, 20.0);
        let left = right - width - 2.0 * padding;
        let top = KICKER_BASELINE - 34.0;
        pill(&mut pixmap, left, top, right - left, height, colours.text);
        bold.draw(
            &mut pixmap,
            &badge,
            size,
            left + padding,
            top + height / 2.0 + 10.0,
            colours.background,
        );
        kicker_room = left - 24.0 - MARGIN;
    }
    let kicker = ellipsize(&bold, &bold.clean(&card.kicker), KICKER_SIZE, kicker_room);
    bold.draw(
        &mut pixmap,
        &kicker,
        KICKER_SIZE,
        MARGIN,
        KICKER_BASELINE,
        colours.link,
    );

    // Details from the bottom up, the title in the room left above them.
    let details: Vec<String> = card
        .details
        .iter()
        .map(|d| regular.clean(d))
        .filter(|d| !d.is_empty())
        .take(3)
        .map(|d| ellipsize(&regular, &d, DETAIL_SIZE, right - MARGIN))
        .collect();
    let first_detail = BOTTOM - DETAIL_LINE * details.len().saturating_sub(1) as f32;
    for (i, detail) in details.iter().enumerate() {
        let baseline = first_detail + DETAIL_LINE * i as f32;
        regular.draw(
            &mut pixmap,
            detail,
            DETAIL_SIZE,
            MARGIN,
            baseline,
            colours.muted_text,
        );
    }
    let title_top = KICKER_BASELINE + 28.0;
    let title_bottom = if details.is_empty() {
        BOTTOM
    } else {
        first_detail - DETAIL_SIZE - 28.0
    };
    let title = fit(
        &bold,
        &bold.clean(&card.title),
        &TITLE_SIZES,
        TITLE_LINE,
        right - MARGIN,
        title_bottom - title_top,
    );
    let line = title.size * TITLE_LINE;
    for (i, text) in title.lines.iter().enumerate() {
        // The baseline sits about 0.93 em below the line's top in DejaVu Sans.
        let baseline = title_top + line * i as f32 + title.size * 0.93;
        bold.draw(
            &mut pixmap,
            text,
            title.size,
            MARGIN,
            baseline,
            colours.text,
        );
    }
    (pixmap, Layout { title, details })
}

/// The card as an optimised PNG.
pub fn png(brand: &Brand, card: &Card) -> Vec<u8> {
    encode_png(&render(brand, card).0)
}

/// An opaque pixmap as a PNG: indexed when it has at most 256 colours (cards do: flat
/// colours, text edges in 16 steps), which is lossless, a third of the data to compress
/// and about half the file; 8-bit RGB otherwise.
pub fn encode_png(pixmap: &Pixmap) -> Vec<u8> {
    let pixels: Vec<[u8; 3]> = pixmap
        .data()
        .chunks_exact(4)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut palette: Vec<[u8; 3]> = Vec::new();
    let mut index: std::collections::HashMap<[u8; 3], u8> = std::collections::HashMap::new();
    let mut indexed = Vec::with_capacity(pixels.len());
    for pixel in &pixels {
        let i = match index.get(pixel) {
            Some(&i) => i,
            None if palette.len() < 256 => {
                let i = palette.len() as u8;
                palette.push(*pixel);
                index.insert(*pixel, i);
                i
            }
            None => {
                indexed.clear();
                break;
            }
        };
        indexed.push(i);
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Balanced);
        let data = if indexed.len() == pixels.len() {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(palette.concat());
            indexed
        } else {
            encoder.set_color(png::ColorType::Rgb);
            pixels.concat()
        };
        let mut writer = encoder.write_header().expect("writing to memory");
        writer.write_image_data(&data).expect("writing to memory");
    }
    out
}

/// The picture, scaled to fit `PICTURE_LEFT..right` × `PICTURE_TOP..BOTTOM`, framed, with
/// its boxes outlined in the background colour and labelled like a badge.
fn draw_picture(pixmap: &mut Pixmap, picture: &Picture, colours: Colours, bold: &Face, right: f32) {
    let Some(image) = picture_pixmap(picture) else {
        return;
    };
    let (room_w, room_h) = (right - PICTURE_LEFT, BOTTOM - PICTURE_TOP);
    let scale = (room_w / picture.width as f32).min(room_h / picture.height as f32);
    let (w, h) = (picture.width as f32 * scale, picture.height as f32 * scale);
    let (x, y) = (right - w, PICTURE_TOP + (room_h - h) / 2.0);
    fill_rect(pixmap, x - 3.0, y - 3.0, w + 6.0, h + 6.0, colours.text);
    fill_rect(pixmap, x, y, w, h, colours.background);
    draw_scaled(pixmap, &image, scale, (x, y), FilterQuality::Bilinear);
    for ([bx, by, bw, bh], label) in &picture.boxes {
        let (zx, zy, zw, zh) = (x + bx * scale, y + by * scale, bw * scale, bh * scale);
        if let Some(rect) = Rect::from_xywh(zx, zy, zw, zh) {
            let path = PathBuilder::from_rect(rect);
            let stroke = resvg::tiny_skia::Stroke {
                width: 2.0,
                ..Default::default()
            };
            pixmap.stroke_path(
                &path,
                &colours.background.paint(),
                &stroke,
                Transform::identity(),
                None,
            );
        }
        // Three lines at most, wrapped as on the page's plan: a narrow zone keeps its count.
        let (size, line) = (18.0, 22.0);
        let label = fit(
            bold,
            &bold.clean(label),
            &[size],
            line / size,
            (zw - 20.0).max(24.0),
            3.0 * line,
        );
        let width = label
            .lines
            .iter()
            .map(|l| bold.width(l, size))
            .fold(0.0, f32::max);
        let height = label.lines.len() as f32 * line + 6.0;
        fill_rect(
            pixmap,
            zx + 4.0,
            zy + 4.0,
            width + 12.0,
            height,
            colours.text,
        );
        for (i, text) in label.lines.iter().enumerate() {
            let baseline = zy + 24.0 + line * i as f32;
            bold.draw(pixmap, text, size, zx + 10.0, baseline, colours.background);
        }
    }
}

/// The picture's pixels as a pixmap (premultiplied: alpha is 0 or 255, so only fully
/// transparent pixels change).
fn picture_pixmap(picture: &Picture) -> Option<Pixmap> {
    let size = resvg::tiny_skia::IntSize::from_wh(picture.width, picture.height)?;
    let mut data = picture.rgba.to_vec();
    if data.len() != (picture.width * picture.height * 4) as usize {
        return None;
    }
    for pixel in data.chunks_exact_mut(4) {
        if pixel[3] == 0 {
            pixel.copy_from_slice(&[0, 0, 0, 0]);
        } else {
            pixel[3] = 255;
        }
    }
    Pixmap::from_vec(data, size)
}

/// `image` drawn onto `target` scaled by `scale`, its top left corner at `at`.
fn draw_scaled(
    target: &mut Pixmap,
    image: &Pixmap,
    scale: f32,
    at: (f32, f32),
    quality: FilterQuality,
) {
    let paint = PixmapPaint {
        quality,
        ..PixmapPaint::default()
    };
    let place = Transform::from_scale(scale, scale).post_translate(at.0, at.1);
    target.draw_pixmap(0, 0, image.as_ref(), &paint, place, None);
}

fn fill_rect(pixmap: &mut Pixmap, x: f32, y: f32, w: f32, h: f32, colour: Rgb) {
    if let Some(rect) = Rect::from_xywh(x, y, w, h) {
        pixmap.fill_rect(rect, &colour.paint(), Transform::identity(), None);
    }
}

/// A box with round ends.
fn pill(pixmap: &mut Pixmap, x: f32, y: f32, w: f32, h: f32, colour: Rgb) {
    let r = h / 2.0;
    fill_rect(pixmap, x + r, y, w - 2.0 * r, h, colour);
    for cx in [x + r, x + w - r] {
        if let Some(circle) = PathBuilder::from_circle(cx, y + r, r) {
            pixmap.fill_path(
                &circle,
                &colour.paint(),
                resvg::tiny_skia::FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOGO_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#ffffff"/><rect x="10" y="10" width="28" height="28" fill="#0b4f6c"/></svg>"##;

    fn colours() -> Colours {
        Colours {
            background: Rgb(255, 255, 255),
            text: Rgb(0x1b, 0x1f, 0x23),
            muted_text: Rgb(0x4a, 0x55, 0x60),
            link: Rgb(0x0a, 0x5a, 0x85),
            primary: Rgb(0x0b, 0x4f, 0x6c),
            on_primary: Rgb(255, 255, 255),
        }
    }

    fn brand() -> Brand {
        Brand::new(
            "DiLAS Soest",
            "dilas.soest.de",
            colours(),
            Some(("logo.svg", LOGO_SVG.as_bytes())),
        )
        .unwrap()
    }

    fn card(title: &str) -> Card {
        Card {
            kicker: "Kurs · VHS Soest".into(),
            title: title.into(),
            details: vec![
                "6 Termine, dienstags, 18:00–20:15 Uhr, ab 9. März 2027".into(),
                "DiLAS Soest, Lernraum 2".into(),
                "49,00 €".into(),
            ],
            badge: Some("Ausgebucht".into()),
        }
    }

    #[test]
    fn a_card_is_a_small_png_of_the_stated_size_and_the_same_every_time() {
        let bytes = png(&brand(), &card("Excel für Einsteigerinnen und Einsteiger"));
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let decoded = Pixmap::decode_png(&bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (WIDTH, HEIGHT));
        assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
        assert_eq!(
            bytes,
            png(&brand(), &card("Excel für Einsteigerinnen und Einsteiger"))
        );
    }

    #[test]
    fn the_band_logo_and_badge_are_drawn_in_the_centres_colours() {
        let (pixmap, _) = render(&brand(), &card("KI im Alltag"));
        let at = |x: u32, y: u32| {
            let p = pixmap.pixel(x, y).unwrap();
            Rgb(p.red(), p.green(), p.blue())
        };
        assert_eq!(at(5, 5), colours().primary);
        assert_eq!(at(WIDTH - 5, HEIGHT - 5), colours().background);
        // The logo's dark square, inside its white rounded one.
        assert_eq!(at(MARGIN as u32 + 36, 56), Rgb(0x0b, 0x4f, 0x6c));
        assert_eq!(at(MARGIN as u32 + 8, 56), Rgb(255, 255, 255));
        // The badge's box at the right end of the kicker line.
        assert_eq!(
            at(WIDTH - MARGIN as u32 - 4, KICKER_BASELINE as u32 - 10),
            colours().text
        );
    }

    #[test]
    fn long_titles_shrink_and_details_stay_on_their_lines() {
        let (_, short) = render(&brand(), &card("KI im Alltag"));
        assert_eq!((short.title.size, short.title.lines.len()), (72.0, 1));
        let long = "Künstliche Intelligenz im Alltag verstehen und sicher nutzen: ChatGPT, Bildgeneratoren und Sprachassistenten – ein Kurs in ruhigem Tempo für Seniorinnen und Senioren";
        let (_, layout) = render(&brand(), &card(long));
        assert!(layout.title.size < 72.0, "{layout:?}");
        assert_eq!(layout.details.len(), 3);
        let without_details = Card {
            details: vec![],
            ..card(long)
        };
        let (_, roomy) = render(&brand(), &without_details);
        assert!(roomy.title.size >= layout.title.size, "{roomy:?}");
    }

    #[test]
    fn a_picture_takes_the_right_part_and_the_words_move_left() {
        // 16 x 10 pixels: the left half red, the right half blue, one transparent corner.
        let mut rgba = Vec::new();
        for y in 0..10 {
            for x in 0..16 {
                let pixel = match (x, y) {
                    (0, 0) => [0, 0, 0, 0],
                    (x, _) if x < 8 => [200, 0, 0, 255],
                    _ => [0, 0, 200, 255],
                };
                rgba.extend(pixel);
            }
        }
        let picture = Picture {
            width: 16,
            height: 10,
            rgba: &rgba,
            boxes: vec![([8.0, 0.0, 8.0, 10.0], "Makerspace".into())],
        };
        let words = card("Etwa 12 Personen im Haus, am meisten los: Makerspace (5).");
        let (pixmap, layout) = render_with(&brand(), &words, Some(&picture));
        let at = |x: u32, y: u32| {
            let p = pixmap.pixel(x, y).unwrap();
            (p.red(), p.green(), p.blue())
        };
        // 536 x 335 pixels at the right, centred in the 430 pixels between band and bottom.
        let (left, top) = (WIDTH - MARGIN as u32 - 536, 152 + (430 - 335) / 2);
        assert_eq!(at(left + 100, top + 200), (200, 0, 0));
        assert_eq!(at(left + 500, top + 300), (0, 0, 200));
        // The transparent corner shows the background; the zone's label box is drawn.
        assert_eq!(at(left + 5, top + 5), (255, 255, 255));
        assert_eq!(at(left + 268 + 6, top + 6), (0x1b, 0x1f, 0x23));
        let (_, wide) = render(&brand(), &words);
        assert!(
            layout.title.lines.len() > wide.title.lines.len()
                || layout.title.size < wide.title.size
        );
    }

    #[test]
    fn a_logo_the_card_cannot_read_is_an_error_that_names_the_file() {
        let error = Brand::new("X", "x.de", colours(), Some(("logo.svg", b"<svg"))).err();
        assert!(error.unwrap().0.starts_with("logo.svg: not a readable SVG"));
        let error = Brand::new("X", "x.de", colours(), Some(("logo.gif", b"GIF89a"))).err();
        assert!(error.unwrap().0.contains("SVG or PNG"));
    }
}
