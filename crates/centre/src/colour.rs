//! sRGB colours from the config and their WCAG 2.1 contrast ratios.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An opaque sRGB colour, written `#rrggbb` in the config.
///
/// ```
/// use lernort_centre::Rgb;
/// let navy: Rgb = "#003366".parse().unwrap();
/// let white: Rgb = "#ffffff".parse().unwrap();
/// assert!(navy.contrast_ratio(white) > 12.0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
}

impl Rgb {
    /// Relative luminance as WCAG 2.1 defines it (0 = black, 1 = white).
    pub fn relative_luminance(self) -> f64 {
        fn linear(channel: u8) -> f64 {
            let c = f64::from(channel) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }

    /// Contrast ratio with another colour, from 1 (same) to 21 (black on white).
    pub fn contrast_ratio(self, other: Rgb) -> f64 {
        let (a, b) = (self.relative_luminance(), other.relative_luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }
}

impl std::str::FromStr for Rgb {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let hex = text
            .strip_prefix('#')
            .filter(|h| h.len() == 6 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| format!("\"{text}\" is not a colour like \"#0a5c8a\""))?;
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("checked hex");
        Ok(Rgb {
            r: channel(0),
            g: channel(2),
            b: channel(4),
        })
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

impl Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

impl lernort_json::Read for Rgb {
    fn read(r: &mut lernort_json::Reader<'_>) -> lernort_json::Result<Self> {
        r.parsed(|t| t.parse().ok(), "a colour like \"#0a5c8a\"")
    }
}

/// The centre's colour scheme. Each pair that is shown together must keep WCAG 2.1 AA
/// contrast, which [`Colours::contrast_problems`] checks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, lernort_json::Read)]
pub struct Colours {
    /// Page background.
    pub background: Rgb,
    /// Background of cards and panels.
    pub surface: Rgb,
    /// Body text, on `background` and `surface`.
    pub text: Rgb,
    /// Secondary text (captions), on `background` and `surface`.
    pub muted_text: Rgb,
    /// Header and buttons.
    pub primary: Rgb,
    /// Text and icons on `primary`.
    pub on_primary: Rgb,
    /// Links, on `background` and `surface`.
    pub link: Rgb,
    /// The keyboard-focus ring, on `background` and `surface`. (On the `primary` header the
    /// ring is drawn in `on_primary`, already checked against `primary`.)
    pub focus: Rgb,
}

/// Minimum contrast for text (WCAG 2.1 SC 1.4.3, AA).
pub const TEXT_CONTRAST: f64 = 4.5;
/// Minimum contrast for focus rings and other non-text marks (WCAG 2.1 SC 1.4.11).
pub const NON_TEXT_CONTRAST: f64 = 3.0;

impl Colours {
    /// Every pair of colours the app shows together, with the contrast it needs.
    pub fn pairs(&self) -> [(&'static str, Rgb, Rgb, f64); 9] {
        [
            (
                "text on background",
                self.text,
                self.background,
                TEXT_CONTRAST,
            ),
            ("text on surface", self.text, self.surface, TEXT_CONTRAST),
            (
                "muted_text on background",
                self.muted_text,
                self.background,
                TEXT_CONTRAST,
            ),
            (
                "muted_text on surface",
                self.muted_text,
                self.surface,
                TEXT_CONTRAST,
            ),
            (
                "on_primary on primary",
                self.on_primary,
                self.primary,
                TEXT_CONTRAST,
            ),
            (
                "link on background",
                self.link,
                self.background,
                TEXT_CONTRAST,
            ),
            ("link on surface", self.link, self.surface, TEXT_CONTRAST),
            (
                "focus on background",
                self.focus,
                self.background,
                NON_TEXT_CONTRAST,
            ),
            (
                "focus on surface",
                self.focus,
                self.surface,
                NON_TEXT_CONTRAST,
            ),
        ]
    }

    /// One line per pair that misses its minimum contrast.
    ///
    /// ```
    /// use lernort_centre::Colours;
    /// let grey: Colours = serde_json::from_str(r##"{
    ///   "background": "#ffffff", "surface": "#ffffff", "text": "#999999",
    ///   "muted_text": "#595959", "primary": "#003366", "on_primary": "#ffffff",
    ///   "link": "#0050a0", "focus": "#b35900"}"##).unwrap();
    /// let problems = grey.contrast_problems();
    /// assert_eq!(problems.len(), 2, "{problems:?}"); // grey text on white, twice
    /// assert!(problems[0].starts_with("text on background: 2.84:1"));
    /// ```
    pub fn contrast_problems(&self) -> Vec<String> {
        self.pairs()
            .into_iter()
            .filter_map(|(name, fg, bg, minimum)| {
                let ratio = fg.contrast_ratio(bg);
                (ratio < minimum).then(|| {
                    format!(
                        "{name}: {}:1 ({fg} on {bg}), needs at least {}:1",
                        two_decimals(ratio),
                        two_decimals(minimum)
                    )
                })
            })
            .collect()
    }
}

/// `4.5` → `"4.50"`, rounded down. Integer formatting on purpose: float formatting
/// would add about 10 KiB to the wasm for this one message.
fn two_decimals(value: f64) -> String {
    let hundredths = (value * 100.0) as u64;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_known_values() {
        let black = Rgb { r: 0, g: 0, b: 0 };
        let white = Rgb {
            r: 255,
            g: 255,
            b: 255,
        };
        assert!((black.contrast_ratio(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast_ratio(white) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic smallest AA grey: 4.54:1.
        let grey: Rgb = "#767676".parse().unwrap();
        assert!((grey.contrast_ratio(white) - 4.54).abs() < 0.01);
    }

    #[test]
    fn bad_colours_are_rejected() {
        for bad in ["767676", "#76767", "#gggggg", "#7676766", ""] {
            assert!(bad.parse::<Rgb>().is_err(), "{bad}");
        }
        assert_eq!("#0A5C8A".parse::<Rgb>().unwrap().to_string(), "#0a5c8a");
    }
}
