//! A plotters drawing backend on a `<canvas>`: what the co-working chart needs (lines,
//! rectangles, text), nothing else.
//!
//! Why not `plotters-canvas`: it writes every colour and font size through float
//! formatting, which alone pulls about 10 KiB of number-printing code into the wasm that
//! each visitor of the page downloads. Here colours are opaque `rgb()` and font sizes whole
//! pixels, printed as integers.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A canvas' 2D context as a plotters backend.
pub struct ChartCanvas {
    canvas: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

/// The canvas refused a call (never expected; plotters needs an error type).
#[derive(Debug)]
pub struct CanvasError;

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("canvas error")
    }
}

impl std::error::Error for CanvasError {}

impl ChartCanvas {
    /// The backend for `canvas`; `None` when it has no 2D context.
    pub fn new(canvas: &HtmlCanvasElement) -> Option<ChartCanvas> {
        let context = canvas
            .get_context("2d")
            .ok()??
            .dyn_into::<CanvasRenderingContext2d>()
            .ok()?;
        Some(ChartCanvas {
            canvas: canvas.clone(),
            context,
        })
    }

    fn set_colour(&self, colour: BackendColor, fill: bool) {
        let (r, g, b) = colour.rgb;
        let css = format!("rgb({r},{g},{b})");
        if fill {
            self.context.set_fill_style_str(&css);
        } else {
            self.context.set_stroke_style_str(&css);
        }
    }
}

type Result = std::result::Result<(), DrawingErrorKind<CanvasError>>;

impl DrawingBackend for ChartCanvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        (self.canvas.width(), self.canvas.height())
    }

    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }

    fn present(&mut self) -> Result {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, colour: BackendColor) -> Result {
        if colour.alpha > 0.0 {
            self.set_colour(colour, true);
            self.context
                .fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result {
        if style.color().alpha > 0.0 {
            self.set_colour(style.color(), false);
            self.context.set_line_width(f64::from(style.stroke_width()));
            // Half-pixel offsets keep one-pixel lines sharp.
            self.context.begin_path();
            self.context
                .move_to(f64::from(from.0) + 0.5, f64::from(from.1) + 0.5);
            self.context
                .line_to(f64::from(to.0) + 0.5, f64::from(to.1) + 0.5);
            self.context.stroke();
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result {
        if style.color().alpha > 0.0 {
            let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
            let (w, h) = (
                f64::from(bottom_right.0 - upper_left.0),
                f64::from(bottom_right.1 - upper_left.1),
            );
            self.set_colour(style.color(), fill);
            if fill {
                self.context.fill_rect(x, y, w, h);
            } else {
                self.context.stroke_rect(x, y, w, h);
            }
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result {
        self.set_font(style);
        self.context.set_text_baseline(match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        });
        self.context.set_text_align(match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        });
        self.set_colour(style.color(), true);
        let _ = self
            .context
            .fill_text(text, f64::from(pos.0), f64::from(pos.1));
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        self.set_font(style);
        let width = self
            .context
            .measure_text(text)
            .map(|m| m.width())
            .unwrap_or_default();
        Ok((width as u32, style.size() as u32))
    }
}

impl ChartCanvas {
    fn set_font<S: BackendTextStyle>(&self, style: &S) {
        let size = style.size() as u32;
        self.context.set_font(&format!("{size}px sans-serif"));
    }
}
