//! The live floor's picture on the page, as one part: the visible canvas, its backing store
//! kept at its CSS size × devicePixelRatio, and the `lernort_floor_view::Painter` that puts
//! the raster on it (the same code the render benchmark measures). Its owner
//! (`crate::components::floor_stream`) says when the raster changed and when to draw.

use lernort_floor_view::{backing_size, context_2d, Painter, Raster};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The canvas, its size, and whether it must be drawn again.
pub struct FloorPicture {
    canvas: Option<(HtmlCanvasElement, CanvasRenderingContext2d)>,
    /// The canvas's CSS size and the devicePixelRatio its backing store was made for.
    css_size: (f64, f64),
    dpr: f64,
    painter: Option<Painter>,
    /// The canvas must be drawn again (new picture, new size).
    stale: bool,
}

impl Default for FloorPicture {
    /// No canvas yet; a painter where the document can make one.
    fn default() -> FloorPicture {
        FloorPicture {
            canvas: None,
            css_size: (0.0, 0.0),
            dpr: 1.0,
            painter: Painter::new(),
            stale: false,
        }
    }
}

impl FloorPicture {
    /// Draws on `canvas` from now on.
    pub fn attach(&mut self, canvas: HtmlCanvasElement) {
        self.canvas = context_2d(&canvas).map(|ctx| (canvas, ctx));
        self.stale = true;
    }

    /// The canvas drawn on, if any (for the size observer).
    pub fn canvas(&self) -> Option<&HtmlCanvasElement> {
        self.canvas.as_ref().map(|(canvas, _)| canvas)
    }

    /// A new layout: the old picture is void.
    pub fn forget(&mut self) {
        if let Some(painter) = &mut self.painter {
            painter.forget();
        }
    }

    /// Takes `raster` as the picture (drawn at the next [`FloorPicture::draw`]).
    pub fn put(&mut self, raster: &Raster) {
        if let Some(painter) = &mut self.painter {
            painter.put(raster);
        }
        self.stale = true;
    }

    /// Draws the picture onto the canvas if it changed or the canvas did.
    pub fn draw(&mut self) {
        if !std::mem::take(&mut self.stale) {
            return;
        }
        if let (Some((canvas, ctx)), Some(painter)) = (&self.canvas, &self.painter) {
            painter.blit(canvas, ctx);
        }
    }

    /// The canvas's CSS box is now `width` × `height`; `true` when it must be drawn again.
    pub fn resized(&mut self, width: f64, height: f64) -> bool {
        self.css_size = (width, height);
        self.fit()
    }

    /// Whether the devicePixelRatio changed since the backing store was made (a window
    /// moved to another screen changes it without a resize).
    pub fn ratio_changed(&self) -> bool {
        web_sys::window().is_some_and(|w| w.device_pixel_ratio() != self.dpr)
    }

    /// Backing store = CSS size × devicePixelRatio in whole pixels, so the picture is as
    /// sharp as the screen; set only when it changes (setting it clears the canvas).
    /// `true` when it changed and the canvas must be drawn again.
    pub fn fit(&mut self) -> bool {
        let Some((canvas, _)) = &self.canvas else {
            return false;
        };
        self.dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
        let (w, h) = backing_size(self.css_size.0, self.css_size.1, self.dpr);
        if (w, h) == (canvas.width(), canvas.height()) {
            return false;
        }
        canvas.set_width(w);
        canvas.set_height(h);
        self.stale = true;
        true
    }
}
