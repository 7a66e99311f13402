//! The live floor's WebSocket, as one part: a socket at a time to the gateway, opened again
//! after every close or failure with the shared backoff (exponential, full jitter, forever),
//! and stopped with everything it scheduled. What arrives goes to the callbacks its owner
//! gives (`crate::components::floor_stream`), made once and reused for every socket.

use js_sys::Function;
use lernort_floor_protocol::SUBPROTOCOL;
use lernort_floor_view::Backoff;
use wasm_bindgen::JsValue;
use web_sys::{BinaryType, WebSocket};

/// The JS functions the socket calls: a message, a close or error, the retry timer.
pub struct Callbacks {
    /// Each message (text or `ArrayBuffer`).
    pub message: Function,
    /// A close or an error.
    pub close: Function,
    /// The backoff's delay is over: open again.
    pub retry: Function,
}

/// One socket at a time, with its backoff and retry timer.
pub struct FloorSocket {
    url: Option<String>,
    callbacks: Callbacks,
    socket: Option<WebSocket>,
    backoff: Backoff,
    retry: Option<i32>,
}

impl FloorSocket {
    /// For `url` (`None`: there is nothing to connect to; every open fails), calling
    /// nothing until [`FloorSocket::set_callbacks`].
    pub fn new(url: Option<String>) -> FloorSocket {
        let none = || Function::from(JsValue::UNDEFINED);
        FloorSocket {
            url,
            callbacks: Callbacks {
                message: none(),
                close: none(),
                retry: none(),
            },
            socket: None,
            backoff: Backoff::new(),
            retry: None,
        }
    }

    /// The functions to call from now on.
    pub fn set_callbacks(&mut self, callbacks: Callbacks) {
        self.callbacks = callbacks;
    }

    /// Whether a socket is open or opening.
    pub fn is_open(&self) -> bool {
        self.socket.is_some()
    }

    /// Opens a socket; `false` when none could be made (no URL, refused by the browser).
    pub fn open(&mut self) -> bool {
        self.retry = None;
        let socket = self
            .url
            .as_deref()
            .and_then(|url| WebSocket::new_with_str(url, SUBPROTOCOL).ok());
        let Some(socket) = socket else {
            return false;
        };
        socket.set_binary_type(BinaryType::Arraybuffer);
        socket.set_onmessage(Some(&self.callbacks.message));
        socket.set_onclose(Some(&self.callbacks.close));
        // Chromium reports a connection its Content-Security-Policy blocks with an error
        // and no close event: both mean the same here.
        socket.set_onerror(Some(&self.callbacks.close));
        self.socket = Some(socket);
        true
    }

    /// The socket works (the gateway's layout arrived): the next failure waits little.
    pub fn working(&mut self) {
        self.backoff.reset();
    }

    /// Asks the gateway to close; the close callback follows.
    pub fn ask_to_close(&self) {
        if let Some(socket) = &self.socket {
            let _ = socket.close();
        }
    }

    /// Closes the socket without calling back.
    pub fn close(&mut self) {
        if let Some(socket) = self.socket.take() {
            socket.set_onmessage(None);
            socket.set_onclose(None);
            socket.set_onerror(None);
            let _ = socket.close();
        }
    }

    /// Schedules the next [`FloorSocket::open`] after the backoff's delay (unless one is
    /// already scheduled or there is nothing to connect to).
    pub fn retry_later(&mut self) {
        if self.retry.is_some() || self.url.is_none() {
            return;
        }
        let delay = self.backoff.next_delay_ms(js_sys::Math::random());
        self.retry = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &self.callbacks.retry,
                delay as i32,
            )
            .ok()
        });
    }

    /// Closes the socket and cancels a scheduled retry.
    pub fn stop(&mut self) {
        if let (Some(window), Some(id)) = (web_sys::window(), self.retry.take()) {
            window.clear_timeout_with_handle(id);
        }
        self.close();
    }
}
