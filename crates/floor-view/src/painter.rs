//! The picture's way onto the screen, in the browser only: the one copy of the canvas
//! calls, used by the app's floor widget and by the render benchmark's page
//! (`crates/floor-bench`), so that the benchmark measures what the app does.
//!
//! The visible canvas's backing store is the raster itself (a few pixels per module, e.g.
//! 128 × 80 for DiLAS), and the page's CSS gives it its size on screen: the compositor
//! scales it, smoothed, as it scales any image. Scaling it on the main thread instead (an
//! offscreen canvas and a scaled `drawImage` onto a backing store of CSS size ×
//! devicePixelRatio) took 6 ms of a 1080p frame in software raster. The plan's lines and
//! names are SVG on top, crisp at device resolution. The raster's RGBA buffer is viewed in
//! wasm memory by one `ImageData` (made again only for a new raster or grown memory) and
//! put with `putImageData`: no copy, no read-back, nothing allocated per frame.

use js_sys::Uint8ClampedArray;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use crate::Raster;

/// A canvas's 2D context, if it has one.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    Some(canvas.get_context("2d").ok()??.unchecked_into())
}

/// The visible canvas, and the `ImageData` over the raster.
pub struct Painter {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    /// The raster's address, the wasm memory buffer, and the ImageData viewing the raster.
    image: Option<(usize, JsValue, ImageData)>,
}

impl Painter {
    /// A painter on `canvas`; `None` where it has no 2D context.
    pub fn new(canvas: HtmlCanvasElement) -> Option<Painter> {
        let ctx = context_2d(&canvas)?;
        Some(Painter {
            canvas,
            ctx,
            image: None,
        })
    }

    /// The canvas painted on.
    pub fn canvas(&self) -> &HtmlCanvasElement {
        &self.canvas
    }

    /// Whether a picture has been put (the `ImageData` over the raster exists).
    pub fn has_picture(&self) -> bool {
        self.image.is_some()
    }

    /// Forgets the picture (a new layout: a new raster).
    pub fn forget(&mut self) {
        self.image = None;
    }

    /// Puts `raster` on the canvas, whose backing store becomes the raster's size.
    pub fn put(&mut self, raster: &Raster) {
        let rgba = raster.rgba();
        let address = rgba.as_ptr() as usize;
        let memory: JsValue = wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer();
        let current = matches!(&self.image, Some((a, m, _)) if *a == address && *m == memory);
        if !current {
            // Setting a size clears the canvas: only for a new raster.
            if (self.canvas.width(), self.canvas.height()) != (raster.width(), raster.height()) {
                self.canvas.set_width(raster.width());
                self.canvas.set_height(raster.height());
            }
            // A Uint8ClampedArray over the wasm memory's buffer at the raster's bytes, no
            // copy. (Not `Uint8ClampedArray::view`: in js-sys 0.3.107 that hands JS a
            // Uint8Array, which the ImageData constructor refuses.) It stays valid while the
            // raster's buffer stays where it is (address checked above: never reallocated)
            // and the memory has not grown (checked above: growing detaches the old buffer).
            let view = Uint8ClampedArray::new_with_byte_offset_and_length(
                &memory,
                address as u32,
                rgba.len() as u32,
            );
            self.image = ImageData::new_with_js_u8_clamped_array_and_sh(
                &view,
                raster.width(),
                raster.height(),
            )
            .ok()
            .map(|image| (address, memory, image));
        }
        if let Some((_, _, image)) = &self.image {
            let _ = self.ctx.put_image_data(image, 0.0, 0.0);
        }
    }
}
