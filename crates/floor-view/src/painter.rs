//! The picture's way onto the screen, in the browser only: the one copy of the canvas
//! calls, used by the app's floor widget and by the render benchmark's page
//! (`crates/floor-bench`), so that the benchmark measures what the app does.
//!
//! The raster's RGBA buffer is viewed in wasm memory by one `ImageData` (made again only
//! for a new raster or grown memory), put into a small offscreen canvas, which `drawImage`
//! scales, smoothed, onto the visible canvas. No read-back, nothing allocated per frame.

use js_sys::Uint8ClampedArray;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

use crate::Raster;

/// A canvas's 2D context, if it has one.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    Some(canvas.get_context("2d").ok()??.unchecked_into())
}

/// The offscreen canvas the raster is put into, and the `ImageData` over the raster.
pub struct Painter {
    offscreen: HtmlCanvasElement,
    offscreen_ctx: CanvasRenderingContext2d,
    /// The raster's address, the wasm memory buffer, and the ImageData viewing the raster.
    image: Option<(usize, JsValue, ImageData)>,
}

impl Painter {
    /// A painter with its offscreen canvas; `None` where the document cannot make one.
    pub fn new() -> Option<Painter> {
        let offscreen: HtmlCanvasElement = web_sys::window()?
            .document()?
            .create_element("canvas")
            .ok()?
            .unchecked_into();
        let offscreen_ctx = context_2d(&offscreen)?;
        Some(Painter {
            offscreen,
            offscreen_ctx,
            image: None,
        })
    }

    /// Whether a picture has been put (the `ImageData` over the raster exists).
    pub fn has_picture(&self) -> bool {
        self.image.is_some()
    }

    /// Forgets the picture (a new layout: a new raster).
    pub fn forget(&mut self) {
        self.image = None;
    }

    /// Puts `raster` into the offscreen canvas.
    pub fn put(&mut self, raster: &Raster) {
        let rgba = raster.rgba();
        let address = rgba.as_ptr() as usize;
        let memory: JsValue = wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer();
        let current = matches!(&self.image, Some((a, m, _)) if *a == address && *m == memory);
        if !current {
            self.offscreen.set_width(raster.width());
            self.offscreen.set_height(raster.height());
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
            let _ = self.offscreen_ctx.put_image_data(image, 0.0, 0.0);
        }
    }

    /// Scales the offscreen picture onto `canvas` (its whole backing store), smoothed.
    pub fn blit(&self, canvas: &HtmlCanvasElement, ctx: &CanvasRenderingContext2d) {
        if self.image.is_none() {
            return;
        }
        let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
        ctx.clear_rect(0.0, 0.0, w, h);
        let _ =
            ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&self.offscreen, 0.0, 0.0, w, h);
    }
}
