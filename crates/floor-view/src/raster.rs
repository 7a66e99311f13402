//! The small image the floor is painted into before the canvas scales it up.
//!
//! Resolution: [`PIXELS_PER_MODULE`] = 8 pixels across a 50 cm module (6.25 cm a pixel),
//! so a module is 8 x 8 = 64 pixels and each of its 8 triangles gets exactly 8 — its area
//! share — in a shape close to the triangle's. Smaller grids cannot be fair: with 4 x 4 each
//! triangle gets 2 pixels that form a strip, not a triangle (the N/E pairs cannot both look
//! right); 6 x 6 does not divide into 8 equal parts; odd sizes put pixel centres on the
//! module's middle lines. More pixels add no information (a module measures 8 values) and
//! the canvas smooths the picture when it scales it up. The DiLAS floor (16 x 10 modules)
//! is a 128 x 80 image: 10 240 pixels, 40 KiB of RGBA, painted in one pass per frame.

use lernort_floor_protocol::{Layout, TRIANGLES_PER_MODULE};

use crate::ColourMap;

/// Pixels across a 50 cm module (see the module documentation for why 8).
pub const PIXELS_PER_MODULE: u32 = 8;
/// The size of a module that gets [`PIXELS_PER_MODULE`] pixels; others scale.
pub const MODULE_CM: u32 = 50;
/// Marks a pixel that lies on no module (drawn transparent).
const NO_SEGMENT: u16 = u16::MAX;

/// The floor as a small RGBA image: which segment each pixel shows (worked out once per
/// layout), and a buffer repainted in place every frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raster {
    width: u32,
    height: u32,
    segments: Vec<u16>,
    rgba: Vec<u8>,
}

impl Raster {
    /// Maps every pixel of the layout's image to the triangle under its centre.
    ///
    /// ```
    /// use lernort_floor_view::{grid_layout, Raster};
    /// let raster = Raster::new(&grid_layout(1, 1));
    /// assert_eq!((raster.width(), raster.height()), (8, 8));
    /// assert_eq!(raster.segment_at(5, 0), Some(0)); // top edge, right half: NNE
    /// assert_eq!(raster.segment_at(0, 5), Some(5)); // left edge, lower half: WSW
    /// ```
    pub fn new(layout: &Layout) -> Raster {
        let px = |cm: u16| (u32::from(cm) * PIXELS_PER_MODULE).div_ceil(MODULE_CM);
        let (width, height) = (px(layout.width_cm).max(1), px(layout.height_cm).max(1));
        let mut segments = vec![NO_SEGMENT; (width * height) as usize];
        let cm_per_px = MODULE_CM as f32 / PIXELS_PER_MODULE as f32;
        for (m, module) in layout.modules.iter().enumerate() {
            let (x0, y0) = (f32::from(module.x_cm), f32::from(module.y_cm));
            let (w, h) = (f32::from(module.w_cm), f32::from(module.h_cm));
            // Pixels whose centre lies in the module, [x0, x0 + w) x [y0, y0 + h).
            let first = |start: f32| ((start / cm_per_px - 0.5).ceil().max(0.0)) as u32;
            let (cols, rows) = (
                first(x0)..first(x0 + w).min(width),
                first(y0)..first(y0 + h).min(height),
            );
            for row in rows {
                let v = ((row as f32 + 0.5) * cm_per_px - y0) / h;
                for col in cols.clone() {
                    let u = ((col as f32 + 0.5) * cm_per_px - x0) / w;
                    let segment = m * TRIANGLES_PER_MODULE + triangle_at(u, v);
                    segments[(row * width + col) as usize] = segment as u16;
                }
            }
        }
        Raster {
            width,
            height,
            rgba: vec![0; segments.len() * 4],
            segments,
        }
    }

    /// Image width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Image height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The segment (layout order) a pixel shows; `None` off the modules or the image.
    pub fn segment_at(&self, x: u32, y: u32) -> Option<usize> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let s = self.segments[(y * self.width + x) as usize];
        (s != NO_SEGMENT).then_some(usize::from(s))
    }

    /// Colours every pixel from its segment's intensity (`shown`, one per segment) through
    /// `map`, in place: one pass, no allocation. Pixels off the modules stay transparent.
    pub fn paint(&mut self, shown: &[f32], map: ColourMap) {
        let table = map.table();
        for (pixel, &segment) in self.rgba.chunks_exact_mut(4).zip(&self.segments) {
            if let Some(&intensity) = shown.get(usize::from(segment)) {
                let i = ColourMap::index(intensity) * 3;
                pixel.copy_from_slice(&[table[i], table[i + 1], table[i + 2], 255]);
            }
        }
    }

    /// The image, `width x height` pixels of `r, g, b, a`, rows top to bottom.
    pub fn rgba(&self) -> &[u8] {
        &self.rgba
    }
}

/// The triangle (index in `Triangle::ORDER`) under the point `(u, v)` of a module, in
/// module coordinates 0–1 with y down. A point on a diagonal lies on two triangles' border:
/// such points go alternately, by distance from the centre, to the triangle on the north
/// or south edge and to the one on the east or west edge, so every triangle of an 8 x 8
/// grid gets exactly 8 pixels.
fn triangle_at(u: f32, v: f32) -> usize {
    let (dx, dy) = (u - 0.5, v - 0.5);
    let (ax, ay) = (dx.abs(), dy.abs());
    let on_north_or_south_edge = if (ax - ay).abs() < 1e-4 {
        ((ax * PIXELS_PER_MODULE as f32) as u32).is_multiple_of(2)
    } else {
        ay > ax
    };
    match (dx >= 0.0, dy >= 0.0, on_north_or_south_edge) {
        (true, false, true) => 0,   // NNE
        (true, false, false) => 1,  // ENE
        (true, true, false) => 2,   // ESE
        (true, true, true) => 3,    // SSE
        (false, true, true) => 4,   // SSW
        (false, true, false) => 5,  // WSW
        (false, false, false) => 6, // WNW
        (false, false, true) => 7,  // NNW
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid_layout;
    use lernort_floor_protocol::Triangle;

    /// Whether the point lies inside (or on the border of) a triangle of `Triangle::corners`.
    fn inside(t: Triangle, (px, py): (f32, f32)) -> bool {
        let [a, b, c] = t.corners();
        let side = |(x1, y1): (f32, f32), (x2, y2): (f32, f32)| {
            (x2 - x1) * (py - y1) - (y2 - y1) * (px - x1)
        };
        let (d1, d2, d3) = (side(a, b), side(b, c), side(c, a));
        let eps = 1e-6;
        !((d1 < -eps || d2 < -eps || d3 < -eps) && (d1 > eps || d2 > eps || d3 > eps))
    }

    #[test]
    fn one_module_every_pixel_lies_in_its_triangle_and_shares_are_fair() {
        let raster = Raster::new(&grid_layout(1, 1));
        assert_eq!((raster.width(), raster.height()), (8, 8));
        let mut per_triangle = [0; 8];
        for y in 0..8 {
            for x in 0..8 {
                let s = raster.segment_at(x, y).expect("every pixel on the module");
                per_triangle[s] += 1;
                let centre = ((x as f32 + 0.5) / 8.0, (y as f32 + 0.5) / 8.0);
                assert!(inside(Triangle::ORDER[s], centre), "pixel {x},{y} -> {s}");
            }
        }
        assert_eq!(per_triangle, [8; 8]);
        // The picture of the module, row by row (0 = NNE … 7 = NNW).
        let rows: Vec<String> = (0..8)
            .map(|y| {
                (0..8)
                    .map(|x| raster.segment_at(x, y).unwrap().to_string())
                    .collect()
            })
            .collect();
        assert_eq!(
            rows,
            [
                "67770001", "67770001", "66670111", "66670111", // diagonal ties alternate
                "55543222", "55543222", "54443332", "54443332", // by ring: 8 pixels each
            ]
            .map(String::from)
        );
    }

    #[test]
    fn two_by_two_modules_map_to_their_own_segments() {
        let layout = grid_layout(2, 2);
        let raster = Raster::new(&layout);
        assert_eq!((raster.width(), raster.height()), (16, 16));
        // Module order in grid_layout: row by row, left to right.
        for (m, (ox, oy)) in [(0, 0), (8, 0), (0, 8), (8, 8)].into_iter().enumerate() {
            for y in 0..8 {
                for x in 0..8 {
                    let s = raster.segment_at(ox + x, oy + y).unwrap();
                    assert_eq!(s / 8, m, "pixel {},{}", ox + x, oy + y);
                    assert_eq!(
                        s % 8,
                        Raster::new(&grid_layout(1, 1)).segment_at(x, y).unwrap(),
                        "same triangle pattern in every module"
                    );
                }
            }
        }
        assert_eq!(raster.segment_at(16, 0), None);
    }

    #[test]
    fn gaps_stay_transparent_and_painting_reuses_the_buffer() {
        let mut layout = grid_layout(2, 1);
        layout.width_cm = 150; // a 50 cm strip with no module on the right
        let mut raster = Raster::new(&layout);
        assert_eq!((raster.width(), raster.height()), (24, 8));
        assert_eq!(raster.segment_at(20, 3), None);
        let mut shown = vec![0.0; 16];
        shown[9] = 1.0; // ENE of the second module
        let before = raster.rgba().as_ptr();
        raster.paint(&shown, ColourMap::Viridis);
        assert_eq!(raster.rgba().as_ptr(), before, "painted in place");
        let px = |raster: &Raster, x: u32, y: u32| {
            let i = ((y * raster.width() + x) * 4) as usize;
            <[u8; 4]>::try_from(&raster.rgba()[i..i + 4]).unwrap()
        };
        assert_eq!(
            px(&raster, 15, 2),
            [253, 231, 37, 255],
            "the active triangle is yellow"
        );
        assert_eq!(px(&raster, 0, 0), [68, 1, 84, 255], "quiet is dark violet");
        assert_eq!(px(&raster, 20, 3), [0, 0, 0, 0], "no module: transparent");
        raster.paint(&shown, ColourMap::Cividis);
        assert_eq!(px(&raster, 15, 2), [254, 232, 56, 255]);
    }

    #[test]
    fn larger_modules_get_more_pixels() {
        let mut layout = grid_layout(1, 1);
        layout.height_cm = 100;
        layout.modules[0].h_cm = 100;
        let raster = Raster::new(&layout);
        assert_eq!((raster.width(), raster.height()), (8, 16));
        let mut per_triangle = [0; 8];
        for y in 0..16 {
            for x in 0..8 {
                per_triangle[raster.segment_at(x, y).unwrap()] += 1;
            }
        }
        assert_eq!(per_triangle.iter().sum::<i32>(), 128);
        assert!(per_triangle.iter().all(|&n| n >= 12), "{per_triangle:?}");
    }
}
