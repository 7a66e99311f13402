//! The bench pages' renderer, for wasm32 (natively this library is empty; the
//! `lernort-floor-bench` program is what runs). See docs/benchmarks.md.
//!
//! [`Ours`] is the app's drawing pipeline, made from the same crate the app uses
//! (`lernort-floor-view`: replica, heat with trails, people count, raster, and the
//! `Painter` that puts the raster on a canvas, the app's own code): the raster's RGBA
//! buffer, viewed in wasm memory by one `ImageData`, is put on the visible canvas, whose
//! backing store is the raster and whose CSS size the compositor scales it to. The app
//! itself ships no bench code.

#[cfg(target_arch = "wasm32")]
mod web {
    use lernort_floor_view::{read_layout, ColourMap, Floor, Painter, Received};
    use wasm_bindgen::prelude::*;
    use web_sys::HtmlCanvasElement;

    /// The app's floor renderer on one canvas.
    #[wasm_bindgen]
    pub struct Ours {
        floor: Floor,
        painter: Painter,
        people: u32,
    }

    #[wasm_bindgen]
    impl Ours {
        /// A renderer for the layout (the gateway's layout message) drawing on `canvas`,
        /// whose CSS size the page has set. Trails on, as in the app by default.
        #[wasm_bindgen(constructor)]
        pub fn new(layout: &str, canvas: HtmlCanvasElement) -> Result<Ours, JsValue> {
            let layout = read_layout(layout).ok_or_else(|| JsValue::from_str("bad layout"))?;
            let painter = Painter::new(canvas).ok_or_else(|| JsValue::from_str("no 2d context"))?;
            Ok(Ours {
                floor: Floor::new(std::sync::Arc::new(layout), true),
                painter,
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
        /// values: heat step (trails), people count, paint the raster, put it on the canvas.
        pub fn paint(&mut self, elapsed_ms: f64) {
            self.floor.step(elapsed_ms);
            self.people = self.floor.count().total;
            self.floor.paint(ColourMap::Viridis);
            self.put();
        }

        /// The wasm part of [`Ours::draw`] alone (receive, step, count, paint the raster),
        /// for the breakdown; [`Ours::put`] is the canvas call.
        pub fn compute(&mut self, message: &[u8], elapsed_ms: f64) -> i32 {
            let received = self.receive(message);
            self.floor.step(elapsed_ms);
            self.people = self.floor.count().total;
            self.floor.paint(ColourMap::Viridis);
            received
        }

        /// `putImageData` of the raster on the canvas.
        pub fn put(&mut self) {
            self.painter.put(self.floor.raster());
        }

        /// [`Ours::receive`] then [`Ours::paint`]: message in, picture out.
        pub fn draw(&mut self, message: &[u8], elapsed_ms: f64) -> i32 {
            let received = self.receive(message);
            self.paint(elapsed_ms);
            received
        }

        /// Whether the picture reaches the canvas (the ImageData over the raster exists).
        pub fn ok(&self) -> bool {
            self.painter.has_picture()
        }

        /// People counted in the last painted frame (so the page can show it is real).
        pub fn people(&self) -> u32 {
            self.people
        }

        /// The raster's size, `[width, height]`.
        pub fn raster_size(&self) -> Vec<u32> {
            vec![self.floor.raster().width(), self.floor.raster().height()]
        }
    }
}
