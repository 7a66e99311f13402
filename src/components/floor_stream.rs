//! The live floor in the browser: one WebSocket (reconnecting forever), a
//! requestAnimationFrame loop that paints at most once per display frame onto a canvas the
//! size of the raster (the compositor scales it to its CSS box; see
//! `lernort_floor_view::Painter`), and the words around the picture. The logic and the
//! markup are `lernort-floor-view`; this module only moves bytes and sets DOM nodes.
//!
//! Measured choice: the widget is one fixed structure (`lernort_floor_view::SKELETON`)
//! whose nodes are set directly when something changes (at most about once a second; never
//! per frame), not a Leptos view with signals. Written as a `view!` with five signals
//! (status, layout, counts, colour scale, announcement), every changing text one
//! `Signal<String>` and the plan, labels, legend and table still markup from
//! `lernort-floor-view`, the kiosk bundle's wasm grew by 9.2 KiB gzip (188.1 → 197.2 KiB,
//! measured 2026-12-06): its first view would be 199.7 of its 200 KiB, nothing left for
//! the kiosk's own work. Of that, the element tree itself is 7.2 KiB, `style:` 1.1 and
//! `inner_html` 0.8.
//! Texts go in as text; the plan, labels, legend and table as markup built and escaped by
//! `lernort-floor-view`.
//!
//! Steady state allocates nothing per frame on the Rust side: binary messages are copied
//! into one reused buffer, decoded in place, applied to the replica; painting reuses the
//! raster's RGBA buffer, which `lernort_floor_view::Painter` puts on the canvas (the same
//! code the render benchmark measures); the callbacks are made once and reused for every
//! socket and frame.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::sync::Arc;

use js_sys::{Function, Uint8Array};
use lernort_floor_protocol::DecodeError;
use lernort_floor_view::{
    badge, legend, map_options, plan_labels, plan_lines, read_layout, state_word, status_line,
    summary, view_box, zone_table, Announcer, ColourMap, Connection, Counts, Floor, Painter,
    Received, Status, SKELETON,
};
use lernort_i18n::{Lang, Msg};
use wasm_bindgen::closure::{Closure, WasmClosure};
use wasm_bindgen::convert::FromWasmAbi;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlCanvasElement, HtmlSelectElement, MessageEvent};

use crate::components::floor_socket::{Callbacks, FloorSocket};

/// The elapsed time assumed for the first step after the loop rested.
const FRAME_MS: f64 = 1000.0 / 60.0;

/// The WebSocket URL for the centre's `gateway.websocket_url`, resolved against the
/// document's base (see `lernort_floor_view::socket_url`).
pub fn socket_url(setting: &str) -> Option<String> {
    lernort_floor_view::socket_url(setting, &crate::dom::base_url())
}

/// The widget's nodes that change, found once in [`SKELETON`].
struct Dom {
    root: Element,
    status: Element,
    pause: Element,
    scale: Element,
    map: Element,
    lines: Element,
    labels: Element,
    badge: Element,
    summary: Element,
    legend: Element,
    zones: Element,
    note: Element,
    announce: Element,
}

impl Dom {
    fn new(root: Element) -> Option<Dom> {
        root.set_inner_html(SKELETON);
        let find = |class: &str| root.query_selector(&format!(".floor-{class}")).ok()?;
        Some(Dom {
            status: find("status-text")?,
            pause: find("pause")?,
            scale: find("scale-text")?,
            map: find("map")?,
            lines: find("lines")?,
            labels: find("labels")?,
            badge: find("badge")?,
            summary: find("summary")?,
            legend: find("legend")?,
            zones: find("zones")?,
            note: find("note")?,
            announce: find("announce")?,
            root,
        })
    }
}

fn set_text(node: &Element, text: &str) {
    node.set_text_content(Some(text));
}

struct Inner {
    lang: Lang,
    dom: Option<Dom>,
    socket: FloorSocket,
    /// The animation-frame callback, made once.
    on_frame: Function,
    floor: Option<Floor>,
    /// The one buffer binary messages are copied into.
    buffer: Vec<u8>,
    connection: Connection,
    announcer: Announcer,
    raf: Option<i32>,
    last_step: Option<f64>,
    /// New values since the last step.
    dirty: bool,
    fading: bool,
    repaint: bool,
    paused: bool,
    /// When the frozen picture arrived (whole seconds), while paused.
    paused_at: Option<u64>,
    map: ColourMap,
    trails: bool,
    /// What the page shows now, to change nodes only when it changes.
    status: Status,
    counts: Option<Counts>,
    /// Puts the raster on the canvas, once there is one.
    painter: Option<Painter>,
    stopped: bool,
}

/// The running stream. Dropping it stops everything (socket, timers, frame loop).
pub struct FloorStream {
    inner: Rc<RefCell<Inner>>,
    interval: Cell<Option<i32>>,
    _message: Closure<dyn FnMut(MessageEvent)>,
    _close: Closure<dyn FnMut(JsValue)>,
    _retry: Closure<dyn FnMut(JsValue)>,
    _frame: Closure<dyn FnMut(f64)>,
    _tick: Closure<dyn FnMut(JsValue)>,
    pause: Closure<dyn FnMut(JsValue)>,
    choose: Closure<dyn FnMut(JsValue)>,
}

/// A callback that forwards to `f` while the stream exists (and is not busy).
fn bind<A, F>(weak: &Weak<RefCell<Inner>>, f: F) -> Closure<dyn FnMut(A)>
where
    A: FromWasmAbi + 'static,
    F: Fn(&mut Inner, A) + 'static,
    dyn FnMut(A): WasmClosure,
{
    let weak = weak.clone();
    Closure::new(move |arg: A| {
        if let Some(inner) = weak.upgrade() {
            if let Ok(mut inner) = inner.try_borrow_mut() {
                f(&mut inner, arg);
            }
        }
    })
}

fn function<T: ?Sized>(closure: &Closure<T>) -> Function {
    closure.as_ref().unchecked_ref::<Function>().clone()
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl FloorStream {
    /// Connects to `url` (from [`socket_url`]; `None` shows offline and retries nothing)
    /// and starts the status clock. Shows nothing until [`FloorStream::mount`].
    pub fn start(url: Option<String>, lang: Lang) -> FloorStream {
        let window = web_sys::window();
        let trails = !window
            .as_ref()
            .and_then(|w| {
                w.match_media("(prefers-reduced-motion: reduce)")
                    .ok()
                    .flatten()
            })
            .is_some_and(|m| m.matches());
        let inner = Rc::new(RefCell::new(Inner {
            lang,
            dom: None,
            socket: FloorSocket::new(url),
            on_frame: Function::from(JsValue::UNDEFINED),
            floor: None,
            buffer: Vec::new(),
            connection: Connection::new(),
            announcer: Announcer::default(),
            raf: None,
            last_step: None,
            dirty: false,
            fading: false,
            repaint: false,
            paused: false,
            paused_at: None,
            map: ColourMap::default(),
            trails,
            status: Status::Connecting,
            counts: None,
            painter: None,
            stopped: false,
        }));
        let weak = Rc::downgrade(&inner);
        let message = bind(&weak, Inner::message);
        let close = bind(&weak, |s: &mut Inner, _: JsValue| s.closed());
        let retry = bind(&weak, |s: &mut Inner, _: JsValue| s.connect());
        let frame = bind(&weak, Inner::frame);
        let tick = bind(&weak, |s: &mut Inner, _: JsValue| s.tick());
        let pause = bind(&weak, |s: &mut Inner, _: JsValue| s.set_paused(!s.paused));
        let choose = bind(&weak, |s: &mut Inner, event: JsValue| {
            let value = event
                .unchecked_into::<web_sys::Event>()
                .target()
                .map(|t| t.unchecked_into::<HtmlSelectElement>().value());
            s.set_map(if value.as_deref() == Some(ColourMap::Cividis.id()) {
                ColourMap::Cividis
            } else {
                ColourMap::Viridis
            });
        });
        {
            let mut inner = inner.borrow_mut();
            inner.socket.set_callbacks(Callbacks {
                message: function(&message),
                close: function(&close),
                retry: function(&retry),
            });
            inner.on_frame = function(&frame);
        }
        let interval = window.and_then(|w| {
            w.set_interval_with_callback_and_timeout_and_arguments_0(&function(&tick), 1000)
                .ok()
        });
        inner.borrow_mut().connect();
        FloorStream {
            inner,
            interval: Cell::new(interval),
            _message: message,
            _close: close,
            _retry: retry,
            _frame: frame,
            _tick: tick,
            pause,
            choose,
        }
    }

    /// Builds the widget into `root` (its content is replaced) and paints into its canvas
    /// from now on.
    pub fn mount(&self, root: Element) {
        let Some(dom) = Dom::new(root) else {
            return;
        };
        let _ = dom
            .pause
            .add_event_listener_with_callback("click", function(&self.pause).unchecked_ref());
        let _ = dom
            .map
            .add_event_listener_with_callback("change", function(&self.choose).unchecked_ref());
        let canvas = dom.root.query_selector("canvas").ok().flatten();
        let mut inner = self.inner.borrow_mut();
        inner.painter = canvas.and_then(|c| Painter::new(c.unchecked_into::<HtmlCanvasElement>()));
        inner.repaint = true;
        inner.dom = Some(dom);
        inner.render_all();
        inner.request_frame();
    }

    /// Says everything in `lang` from now on.
    pub fn set_lang(&self, lang: Lang) {
        if let Ok(mut inner) = self.inner.try_borrow_mut() {
            if inner.lang != lang {
                inner.lang = lang;
                inner.render_all();
            }
        }
    }

    /// Stops the socket, the frame loop and the timer.
    pub fn stop(&self) {
        let window = web_sys::window();
        if let (Some(window), Some(id)) = (&window, self.interval.take()) {
            window.clear_interval_with_handle(id);
        }
        let Ok(mut inner) = self.inner.try_borrow_mut() else {
            return;
        };
        inner.stopped = true;
        if let (Some(window), Some(id)) = (&window, inner.raf.take()) {
            let _ = window.cancel_animation_frame(id);
        }
        inner.socket.stop();
    }
}

impl Drop for FloorStream {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Inner {
    fn connect(&mut self) {
        if self.stopped {
            return;
        }
        self.connection.connecting(now_ms());
        if self.socket.open() {
            self.publish_status();
        } else {
            self.closed();
        }
    }

    /// The socket closed or failed (or could not be made): offline, and try again later.
    fn closed(&mut self) {
        self.socket.close();
        self.connection.closed();
        self.publish_status();
        if !self.stopped {
            self.socket.retry_later();
        }
    }

    /// The gateway speaks something this app cannot read: say so, close, retry later.
    fn incompatible(&mut self) {
        self.connection.incompatible();
        self.socket.ask_to_close();
    }

    fn message(&mut self, event: MessageEvent) {
        let data = event.data();
        let now = now_ms();
        if let Some(text) = data.as_string() {
            match read_layout(&text) {
                Some(layout) => {
                    if self.floor.as_ref().is_none_or(|f| **f.layout() != layout) {
                        self.floor = Some(Floor::new(Arc::new(layout), self.trails));
                        if let Some(painter) = &mut self.painter {
                            painter.forget();
                        }
                        self.counts = None;
                        self.render_plan();
                        self.render_counts();
                    }
                    self.connection.opened(now);
                    self.socket.working();
                }
                None => self.incompatible(),
            }
        } else {
            // binaryType is "arraybuffer": anything not text is an ArrayBuffer.
            let Inner { floor, buffer, .. } = self;
            let Some(floor) = floor else { return };
            let view = Uint8Array::new(&data);
            let len = view.length() as usize;
            if buffer.len() < len {
                buffer.resize(len, 0);
            }
            view.copy_to(&mut buffer[..len]);
            match floor.receive(&buffer[..len]) {
                Ok(Received::Frame) => {
                    self.connection.frame(now);
                    self.dirty = true;
                    self.request_frame();
                }
                Ok(Received::Status(state)) => self.connection.source(state),
                Err(DecodeError::UnsupportedVersion(_)) => self.incompatible(),
                Ok(Received::Skipped) | Err(_) => {}
            }
        }
        self.publish_status();
    }

    /// Shows the connection's state if it changed (its time in whole seconds: at most one
    /// change a second however fast frames arrive).
    fn publish_status(&mut self) {
        let status = self.connection.status(now_ms()).whole_seconds();
        if status != self.status {
            self.status = status;
            self.render_status();
        }
    }

    /// Status line, `data-state`, badge and pause button.
    fn render_status(&self) {
        let Some(dom) = &self.dom else {
            return;
        };
        let lang = self.lang;
        let paused = self.paused.then_some(self.paused_at);
        set_text(&dom.status, &status_line(self.status, paused, lang));
        let _ = dom
            .root
            .set_attribute("data-state", state_word(self.status, self.paused));
        set_text(&dom.badge, badge(self.status, lang));
        let pause = if self.paused {
            Msg::FloorResume
        } else {
            Msg::FloorPause
        };
        set_text(&dom.pause, pause.text(lang));
    }

    /// The plan's lines and `data-plan` (the stylesheet hides picture and table until the
    /// layout is there).
    fn render_plan(&self) {
        let (Some(dom), Some(floor)) = (&self.dom, &self.floor) else {
            return;
        };
        let _ = dom.root.set_attribute("data-plan", "shown");
        // Says whether trails are drawn (off with prefers-reduced-motion), for the audits.
        let motion = if self.trails { "trails" } else { "reduced" };
        let _ = dom.root.set_attribute("data-motion", motion);
        let _ = dom
            .lines
            .set_attribute("viewBox", &view_box(floor.layout()));
        // The plan's proportions, for layouts that fit it into a given height (the kiosk).
        if let Some(root) = dom.root.dyn_ref::<web_sys::HtmlElement>() {
            let (w, h) = (floor.layout().width_cm, floor.layout().height_cm);
            let _ = root.style().set_property("--plan-w", &w.to_string());
            let _ = root.style().set_property("--plan-h", &h.to_string());
        }
        dom.lines.set_inner_html(&plan_lines(floor.layout()));
    }

    /// Summary, zone labels and the people-per-zone table.
    fn render_counts(&self) {
        let Some(dom) = &self.dom else {
            return;
        };
        let (lang, counts) = (self.lang, self.counts.as_ref());
        let layout = self.floor.as_ref().map(|f| &**f.layout());
        let zones = layout.map_or(&[][..], |l| &l.zones[..]);
        set_text(&dom.summary, &summary(counts, zones, lang));
        if let Some(layout) = layout {
            dom.labels
                .set_inner_html(&plan_labels(layout, counts, lang));
            dom.zones.set_inner_html(&zone_table(layout, counts, lang));
        }
    }

    /// The legend and the colour-scale choice.
    fn render_legend(&self) {
        if let Some(dom) = &self.dom {
            dom.legend.set_inner_html(&legend(self.map, self.lang));
            dom.map.set_inner_html(&map_options(self.map, self.lang));
        }
    }

    /// Everything, e.g. in another language.
    fn render_all(&self) {
        if let Some(dom) = &self.dom {
            set_text(&dom.scale, Msg::FloorColourScale.text(self.lang));
            set_text(&dom.note, Msg::FloorCountNote.text(self.lang));
            let _ = dom.root.set_attribute("data-plan", "none");
        }
        self.render_status();
        self.render_plan();
        self.render_counts();
        self.render_legend();
    }

    /// Pauses (the picture and counts stop changing; WCAG 2.2.2) or resumes.
    fn set_paused(&mut self, paused: bool) {
        if self.paused == paused {
            return;
        }
        self.paused = paused;
        self.paused_at = self.connection.last_frame_ms().map(|ms| ms - ms % 1000);
        if !paused {
            self.dirty = true;
            self.last_step = None;
            self.request_frame();
        }
        self.render_status();
    }

    /// Colours the picture and the legend with `map` from now on.
    fn set_map(&mut self, map: ColourMap) {
        if self.map != map {
            self.map = map;
            self.repaint = true;
            self.request_frame();
            self.render_legend();
        }
    }

    fn request_frame(&mut self) {
        if self.raf.is_none() && !self.stopped {
            self.raf =
                web_sys::window().and_then(|w| w.request_animation_frame(&self.on_frame).ok());
        }
    }

    /// One display frame: step and paint if there is something new or fading, then draw.
    fn frame(&mut self, time: f64) {
        self.raf = None;
        let Some(floor) = self.floor.as_mut() else {
            return;
        };
        let step = !self.paused && (self.dirty || self.fading) && floor.has_frame();
        let mut counted = false;
        if step {
            let elapsed = self.last_step.map_or(FRAME_MS, |last| time - last);
            self.last_step = Some(time);
            self.fading = floor.step(elapsed);
            if std::mem::take(&mut self.dirty) {
                let counts = floor.count();
                if self.counts.as_ref() != Some(counts) {
                    self.counts = Some(counts.clone());
                    counted = true;
                }
            }
        }
        if step || (self.repaint && floor.has_frame()) {
            self.repaint = false;
            floor.paint(self.map);
            if let Some(painter) = &mut self.painter {
                painter.put(floor.raster());
            }
        }
        if counted {
            self.render_counts();
        }
        if self.fading && !self.paused {
            self.request_frame();
        } else {
            self.last_step = None;
        }
    }

    /// Once a second: staleness, and the live region's text when it is due and new.
    fn tick(&mut self) {
        if self.socket.is_open() && self.connection.timed_out(now_ms()) {
            self.closed();
        }
        self.publish_status();
        // Only what a live, moving picture shows is announced (not "no data yet").
        let live = matches!(self.status, Status::Live { .. }) && !self.paused;
        let (Some(counts), Some(floor), true) = (&self.counts, &self.floor, live) else {
            return;
        };
        let text = summary(Some(counts), &floor.layout().zones, self.lang);
        if self.announcer.offer(now_ms(), &text) {
            if let Some(dom) = &self.dom {
                set_text(&dom.announce, &text);
            }
        }
    }
}
