//! Text on a card: the two faces, what they cannot draw, widths, and lines that fit.
//!
//! Lines break only between words. A title that does not fit shrinks through the given
//! sizes, then loses its last words to ` …`; only a single word wider than the whole line
//! is cut inside itself (`Donaudampfschiff…`).

use ab_glyph::{point, Font, FontRef, GlyphId, PxScale, ScaleFont};
use resvg::tiny_skia::Pixmap;

use crate::Rgb;

/// A font face of DejaVu Sans, as the `dejavu` package carries it.
pub struct Face {
    font: FontRef<'static>,
}

impl Face {
    /// DejaVu Sans.
    pub fn regular() -> Face {
        Face::from(dejavu::sans::regular())
    }

    /// DejaVu Sans Bold.
    pub fn bold() -> Face {
        Face::from(dejavu::sans::bold())
    }

    fn from(bytes: &'static [u8]) -> Face {
        Face {
            font: FontRef::try_from_slice(bytes).expect("the dejavu package's fonts are valid"),
        }
    }

    /// ab_glyph scales by the font's height (ascent − descent); sizes here are em sizes,
    /// as in CSS.
    fn scale(&self, size: f32) -> PxScale {
        let units = self.font.units_per_em().unwrap_or(1000.0);
        PxScale::from(size * self.font.height_unscaled() / units)
    }

    /// Whether the face has a glyph for `c` (spaces always count).
    pub fn has(&self, c: char) -> bool {
        c.is_whitespace() || self.font.glyph_id(c) != GlyphId(0)
    }

    /// The text without the characters the face cannot draw (an emoji, a control
    /// character), on one line, spaces squeezed: never a box for a missing glyph.
    ///
    /// ```
    /// use lernort_card::Face;
    /// assert_eq!(Face::bold().clean("🤖 KI  im\nAlltag 🎉"), "KI im Alltag");
    /// ```
    pub fn clean(&self, text: &str) -> String {
        let kept: String = text
            .chars()
            .filter(|&c| (!c.is_control() || c.is_whitespace()) && !is_invisible(c))
            .filter(|&c| self.has(c))
            .collect();
        kept.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The width of one line of text at `size`, in pixels.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let scaled = self.font.as_scaled(self.scale(size));
        let mut width = 0.0;
        let mut previous: Option<GlyphId> = None;
        for c in text.chars() {
            let id = self.font.glyph_id(c);
            if let Some(previous) = previous {
                width += scaled.kern(previous, id);
            }
            width += scaled.h_advance(id);
            previous = Some(id);
        }
        width
    }

    /// Draws one line with its baseline at `baseline`, starting at `x`, onto an opaque
    /// pixmap.
    pub fn draw(
        &self,
        pixmap: &mut Pixmap,
        text: &str,
        size: f32,
        x: f32,
        baseline: f32,
        colour: Rgb,
    ) {
        let scale = self.scale(size);
        let scaled = self.font.as_scaled(scale);
        let (width, height) = (pixmap.width() as i32, pixmap.height() as i32);
        let data = pixmap.data_mut();
        let mut caret = x;
        let mut previous: Option<GlyphId> = None;
        for c in text.chars() {
            let id = self.font.glyph_id(c);
            if let Some(previous) = previous {
                caret += scaled.kern(previous, id);
            }
            let glyph = id.with_scale_and_position(scale, point(caret, baseline));
            if let Some(outline) = self.font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    let px = bounds.min.x as i32 + gx as i32;
                    let py = bounds.min.y as i32 + gy as i32;
                    if px < 0 || py < 0 || px >= width || py >= height {
                        return;
                    }
                    let at = ((py * width + px) * 4) as usize;
                    // 16 steps of coverage: smooth edges, few colours (see encode_png).
                    let a = (coverage.clamp(0.0, 1.0) * 16.0).round() / 16.0;
                    for (channel, value) in [colour.0, colour.1, colour.2].into_iter().enumerate() {
                        let old = f32::from(data[at + channel]);
                        data[at + channel] = (old + (f32::from(value) - old) * a).round() as u8;
                    }
                });
            }
            caret += scaled.h_advance(id);
            previous = Some(id);
        }
    }
}

/// Format characters that draw nothing but may have an empty glyph: zero-width spaces and
/// joiners, the soft hyphen, direction marks, emoji variation selectors, the BOM.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}')
}

/// Words in lines no wider than `max_width`, greedily. A word wider than a line gets a
/// line of its own (and is too wide: [`fit`] shortens it).
pub fn wrap(face: &Face, text: &str, size: f32, max_width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || face.width(&candidate, size) <= max_width {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The text, or as many of its first words as fit with ` …` after them; a first word
/// too wide on its own is cut inside with `…`.
///
/// ```
/// use lernort_card::{ellipsize, Face};
/// let face = Face::regular();
/// assert_eq!(ellipsize(&face, "Kurz", 30.0, 500.0), "Kurz");
/// let cut = ellipsize(&face, "Eins zwei drei vier fünf sechs sieben", 30.0, 300.0);
/// assert!(cut.ends_with(" …") && cut.starts_with("Eins zwei"), "{cut}");
/// assert_eq!(ellipsize(&face, "Donaudampfschifffahrtsgesellschaft", 30.0, 200.0), "Donaudam…");
/// ```
pub fn ellipsize(face: &Face, text: &str, size: f32, max_width: f32) -> String {
    if face.width(text, size) <= max_width {
        return text.to_string();
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    for n in (1..words.len()).rev() {
        let head = words[..n]
            .join(" ")
            .trim_end_matches([',', ';', ':', '–', '-', '·'])
            .trim_end()
            .to_string();
        let candidate = format!("{head} …");
        if !head.is_empty() && face.width(&candidate, size) <= max_width {
            return candidate;
        }
    }
    let chars: Vec<char> = text.chars().collect();
    for n in (1..chars.len()).rev() {
        let candidate = format!("{}…", chars[..n].iter().collect::<String>().trim_end());
        if face.width(&candidate, size) <= max_width {
            return candidate;
        }
    }
    "…".to_string()
}

/// Lines of text and the size they are drawn at.
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    /// The em size, in pixels.
    pub size: f32,
    /// The lines, top to bottom.
    pub lines: Vec<String>,
    /// Whether words had to go (the last line ends in `…`).
    pub shortened: bool,
}

/// The text in a box: at the first of `sizes` (largest first) at which every line fits
/// the width and all lines the height (`line_height` times the size each); otherwise at
/// the last size, with as many lines as fit, the last of them ellipsized.
pub fn fit(
    face: &Face,
    text: &str,
    sizes: &[f32],
    line_height: f32,
    max_width: f32,
    max_height: f32,
) -> Fitted {
    for &size in sizes {
        let lines = wrap(face, text, size, max_width);
        let tall = lines.len() as f32 * size * line_height;
        if tall <= max_height && lines.iter().all(|l| face.width(l, size) <= max_width) {
            return Fitted {
                size,
                lines,
                shortened: false,
            };
        }
    }
    let size = *sizes.last().expect("at least one size");
    let room = ((max_height / (size * line_height)).floor() as usize).max(1);
    let mut lines = wrap(face, text, size, max_width);
    let mut shortened = false;
    if lines.len() > room {
        let rest = lines.split_off(room - 1).join(" ");
        lines.push(ellipsize(face, &rest, size, max_width));
        shortened = true;
    }
    for line in &mut lines {
        let fitted = ellipsize(face, line, size, max_width);
        if fitted != *line {
            *line = fitted;
            shortened = true;
        }
    }
    Fitted {
        size,
        lines,
        shortened,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_between_words_only() {
        let face = Face::bold();
        let title = "Excel für Einsteigerinnen und Einsteiger: Tabellen, Formeln und Diagramme";
        let lines = wrap(&face, title, 60.0, 700.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), title);
        for line in &lines {
            assert!(face.width(line, 60.0) <= 700.0, "{line}");
        }
    }

    #[test]
    fn long_titles_shrink_before_they_lose_words() {
        let face = Face::bold();
        let sizes = [72.0, 60.0, 48.0];
        let short = fit(&face, "KI im Alltag", &sizes, 1.2, 1000.0, 260.0);
        assert_eq!((short.size, short.lines.len()), (72.0, 1));
        let long = "Künstliche Intelligenz im Alltag verstehen und sicher nutzen – ein Kurs für Seniorinnen und Senioren";
        let fitted = fit(&face, long, &sizes, 1.2, 1000.0, 260.0);
        assert!(fitted.size < 72.0 && !fitted.shortened, "{fitted:?}");
        assert_eq!(fitted.lines.join(" "), long);
        let endless = long.repeat(4);
        let cut = fit(&face, &endless, &sizes, 1.2, 1000.0, 260.0);
        assert!(cut.shortened && cut.size == 48.0, "{cut:?}");
        assert_eq!(cut.lines.len(), 4);
        let last = cut.lines.last().unwrap();
        assert!(last.ends_with(" …"), "{last}");
        // Every line is made of whole words of the title.
        let words: Vec<&str> = endless.split_whitespace().collect();
        for word in cut.lines.join(" ").trim_end_matches(" …").split(' ') {
            assert!(words.contains(&word), "{word} is not a whole word");
        }
    }

    #[test]
    fn missing_glyphs_are_removed_not_boxed() {
        let face = Face::regular();
        assert!(face.has('ä') && face.has('€') && face.has('…') && face.has('–'));
        assert!(!face.has('🤖'));
        assert_eq!(face.clean("Löten 🔥\u{200b}für\talle"), "Löten für alle");
    }

    #[test]
    fn drawing_changes_pixels_in_the_colour_given() {
        let mut pixmap = Pixmap::new(200, 60).unwrap();
        pixmap.fill(resvg::tiny_skia::Color::WHITE);
        Face::bold().draw(&mut pixmap, "Hallo", 40.0, 10.0, 45.0, Rgb(0, 0, 0));
        let dark = pixmap.pixels().iter().filter(|p| p.red() < 40).count();
        assert!(dark > 300, "{dark} dark pixels");
    }
}
