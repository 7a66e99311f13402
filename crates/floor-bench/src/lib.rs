//! The bench pages' renderer, for wasm32 (natively this library is empty; the
//! `lernort-floor-bench` program is what runs). See docs/benchmarks.md.
//!
//! [`Ours`] is the app's drawing pipeline, made from the same crate the app uses
//! (`lernort-floor-view`: replica, heat with trails, people count, raster) and the same
//! canvas calls as the app's floor view (`src/components/floor_stream.rs`: `put_image`
//! and `blit`): the raster's RGBA buffer, viewed in wasm memory by one `ImageData`, is put
//! into a small offscreen canvas, which `drawImage` scales (smoothed) onto the visible
//! canvas. The app itself ships no bench code.

#[cfg(target_arch = "wasm32")]
mod web {
    use js_sys::Uint8ClampedArray;
    use lernort_floor_view::{read_layout, ColourMap, Floor, Received};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

    fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
        canvas
            .get_context("2d")?
            .ok_or_else(|| JsValue::from_str("no 2d context"))?
            .dyn_into::<CanvasRenderingContext2d>()
            .map_err(|_| JsValue::from_str("not a 2d context"))
    }

    /// The app's floor renderer on one canvas.
    #[wasm_bindgen]
    pub struct Ours {
        floor: Floor,
        canvas: HtmlCanvasElement,
        ctx: CanvasRenderingContext2d,
        offscreen: HtmlCanvasElement,
        offscreen_ctx: CanvasRenderingContext2d,
        /// The raster's address, the wasm memory buffer, and the ImageData viewing it.
        image: Option<(usize, JsValue, ImageData)>,
        people: u32,
    }

    #[wasm_bindgen]
    impl Ours {
        /// A renderer for the layout (the gateway's layout message) drawing on `canvas`,
        /// whose backing store the page has sized. Trails on, as in the app by default.
        #[wasm_bindgen(constructor)]
        pub fn new(layout: &str, canvas: HtmlCanvasElement) -> Result<Ours, JsValue> {
            let layout = read_layout(layout).ok_or_else(|| JsValue::from_str("bad layout"))?;
            let ctx = context_2d(&canvas)?;
            let offscreen: HtmlCanvasElement = web_sys::window()
                .and_then(|w| w.document())
                .ok_or_else(|| JsValue::from_str("no document"))?
                .create_element("canvas")?
                .dyn_into()
                .map_err(|_| JsValue::from_str("not a canvas"))?;
            let offscreen_ctx = context_2d(&offscreen)?;
            Ok(Ours {
                floor: Floor::new(std::sync::Arc::new(layout), true),
                canvas,
                ctx,
                offscreen,
                offscreen_ctx,
                image: None,
                people: 0,
            })
        }

        /// Decodes and applies one binary message, as the app's socket handler does:
        /// 0 a frame was applied, 1 a status, 2 skipped (gap), -1 not readable.
        pub fn receive(&mut self, message: &[u8]) -> i32 {
            match self.floor.receive(message) {
                Ok(Received::Frame) => 0,
                Ok(Received::Status(_)) => 1,
                Ok(Received::Skipped) => 2,
                Err(_) => -1,
            }
        }

        /// One display frame, as the app's requestAnimationFrame callback does it after new
        /// values: heat step (trails), people count, paint the raster, put it into the
        /// offscreen canvas, scale that onto the visible canvas.
        pub fn paint(&mut self, elapsed_ms: f64) {
            self.floor.step(elapsed_ms);
            self.people = self.floor.count().total;
            self.floor.paint(ColourMap::Viridis);
            self.put_image();
            self.draw_scaled();
        }

        /// The wasm part of [`Ours::draw`] alone (receive, step, count, paint the raster),
        /// for the breakdown; [`Ours::put`] and [`Ours::blit`] are the canvas calls.
        pub fn compute(&mut self, message: &[u8], elapsed_ms: f64) -> i32 {
            let received = self.receive(message);
            self.floor.step(elapsed_ms);
            self.people = self.floor.count().total;
            self.floor.paint(ColourMap::Viridis);
            received
        }

        /// `putImageData` of the raster into the offscreen canvas.
        pub fn put(&mut self) {
            self.put_image();
        }

        /// `clearRect` and the scaled `drawImage` onto the visible canvas.
        pub fn blit(&self) {
            self.draw_scaled();
        }

        /// [`Ours::receive`] then [`Ours::paint`]: message in, picture out.
        pub fn draw(&mut self, message: &[u8], elapsed_ms: f64) -> i32 {
            let received = self.receive(message);
            self.paint(elapsed_ms);
            received
        }

        /// Whether the picture reaches the canvas (the ImageData over the raster exists).
        pub fn ok(&self) -> bool {
            self.image.is_some()
        }

        /// People counted in the last painted frame (so the page can show it is real).
        pub fn people(&self) -> u32 {
            self.people
        }

        /// The raster's size, `[width, height]`.
        pub fn raster_size(&self) -> Vec<u32> {
            vec![self.floor.raster().width(), self.floor.raster().height()]
        }

        fn put_image(&mut self) {
            let raster = self.floor.raster();
            let rgba = raster.rgba();
            let address = rgba.as_ptr() as usize;
            let memory: JsValue = wasm_bindgen::memory()
                .unchecked_into::<js_sys::WebAssembly::Memory>()
                .buffer();
            let current = matches!(&self.image, Some((a, m, _)) if *a == address && *m == memory);
            if !current {
                self.offscreen.set_width(raster.width());
                self.offscreen.set_height(raster.height());
                // As the app does: a Uint8ClampedArray over the wasm memory's buffer at the
                // raster's bytes, no copy. (Not `Uint8ClampedArray::view`: in js-sys 0.3.107
                // that hands JS a Uint8Array, which the ImageData constructor refuses.) It
                // stays valid while the raster's buffer stays where it is (address checked
                // above) and the memory has not grown (growing detaches the old buffer).
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

        fn draw_scaled(&self) {
            if self.image.is_none() {
                return;
            }
            let (w, h) = (
                f64::from(self.canvas.width()),
                f64::from(self.canvas.height()),
            );
            self.ctx.clear_rect(0.0, 0.0, w, h);
            let _ = self.ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
                &self.offscreen,
                0.0,
                0.0,
                w,
                h,
            );
        }
    }
}
