//! The fixed colour scales: intensity 0–1 to a colour, through 256-entry tables.

use crate::tables::{CIVIDIS, VIRIDIS};

/// A perceptually uniform colour map whose lightness grows with intensity, so the picture
/// reads in greyscale too. Never rescaled: the same intensity is always the same colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ColourMap {
    /// Dark blue-violet through green to yellow; the default.
    #[default]
    Viridis,
    /// Blue to yellow, designed for red-green colour-vision deficiency.
    Cividis,
}

impl ColourMap {
    /// Both maps, the default first.
    pub const ALL: [ColourMap; 2] = [ColourMap::Viridis, ColourMap::Cividis];

    /// The 256 entries as `r, g, b` bytes; entry `i` is intensity `i / 255`.
    pub fn table(self) -> &'static [u8; 768] {
        match self {
            ColourMap::Viridis => &VIRIDIS,
            ColourMap::Cividis => &CIVIDIS,
        }
    }

    /// The table entry for an intensity (clamped to 0–1, rounded to the nearest entry).
    ///
    /// ```
    /// use lernort_floor_view::ColourMap;
    /// assert_eq!(ColourMap::index(0.0), 0);
    /// assert_eq!(ColourMap::index(0.5), 128);
    /// assert_eq!(ColourMap::index(7.0), 255);
    /// ```
    pub fn index(intensity: f32) -> usize {
        // `as` saturates (NaN gives 0), so no branch is needed for out-of-range values.
        ((intensity * 255.0 + 0.5) as usize).min(255)
    }

    /// The colour of an intensity.
    ///
    /// ```
    /// use lernort_floor_view::ColourMap;
    /// assert_eq!(ColourMap::Viridis.rgb(0.0), [68, 1, 84]);
    /// assert_eq!(ColourMap::Viridis.rgb(1.0), [253, 231, 37]);
    /// ```
    pub fn rgb(self, intensity: f32) -> [u8; 3] {
        let i = ColourMap::index(intensity) * 3;
        let t = self.table();
        [t[i], t[i + 1], t[i + 2]]
    }

    /// The colour as CSS/SVG hex, `#440154`.
    pub fn hex(self, intensity: f32) -> String {
        let [r, g, b] = self.rgb(intensity);
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// The short machine name (`viridis`, `cividis`), for form values.
    pub fn id(self) -> &'static str {
        match self {
            ColourMap::Viridis => "viridis",
            ColourMap::Cividis => "cividis",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CIE L* (D65) of an sRGB colour.
    fn lightness([r, g, b]: [u8; 3]) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let y = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
        let f = if y > 216.0 / 24389.0 {
            y.cbrt()
        } else {
            (24389.0 / 27.0 * y + 16.0) / 116.0
        };
        116.0 * f - 16.0
    }

    #[test]
    fn endpoints_are_matplotlibs() {
        assert_eq!(ColourMap::Viridis.rgb(0.0), [68, 1, 84]);
        assert_eq!(ColourMap::Viridis.rgb(1.0), [253, 231, 37]);
        assert_eq!(ColourMap::Viridis.hex(0.5), "#21918c");
        assert_eq!(ColourMap::Cividis.rgb(0.0), [0, 34, 78]);
        assert_eq!(ColourMap::Cividis.rgb(1.0), [254, 232, 56]);
        assert_eq!(ColourMap::Cividis.hex(0.0), "#00224e");
    }

    #[test]
    fn lightness_grows_monotonically() {
        for map in ColourMap::ALL {
            let l: Vec<f64> = (0..256)
                .map(|i| lightness(map.rgb(i as f32 / 255.0)))
                .collect();
            for (i, pair) in l.windows(2).enumerate() {
                // Rounding to bytes wobbles L* by a few hundredths; more would be a wrong table.
                assert!(pair[1] > pair[0] - 0.05, "{map:?} darkens at {i}: {pair:?}");
            }
            // Over any 8 entries it strictly grows, and it spans dark to light.
            for (i, w) in l.windows(9).enumerate() {
                assert!(w[8] > w[0], "{map:?} flat at {i}");
            }
            assert!(
                l[0] < 20.0 && l[255] > 90.0,
                "{map:?}: {} .. {}",
                l[0],
                l[255]
            );
        }
    }

    #[test]
    fn out_of_range_intensities_clamp() {
        assert_eq!(ColourMap::index(-1.0), 0);
        assert_eq!(ColourMap::index(f32::NAN), 0);
        assert_eq!(ColourMap::index(1.0), 255);
        assert_eq!(ColourMap::index(2.0), 255);
    }
}
