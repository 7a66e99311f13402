//! Fetching the app's data from its own origin, cancelled when the asking view goes away.

use std::fmt;
use std::sync::Arc;

use lernort_centre::{Centre, ConfigError, CONFIG_PATH};
use send_wrapper::SendWrapper;

/// Why the centre config could not be had.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// The request failed (offline, server down) or was refused.
    Network(String),
    /// The server answered with an error status, e.g. 404 when no centre is installed.
    Status(u16),
    /// The file arrived but is not a valid config.
    Config(ConfigError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Network(e) => write!(f, "{CONFIG_PATH}: request failed: {e}"),
            LoadError::Status(code) => write!(f, "{CONFIG_PATH}: server answered HTTP {code}"),
            LoadError::Config(e) => e.fmt(f),
        }
    }
}

/// GET a text file relative to the page's `<base href>`, aborting the request when the
/// reactive owner that asked for it is cleaned up (the user navigated away).
pub async fn fetch_text(path: &str) -> Result<String, LoadError> {
    let controller = SendWrapper::new(web_sys::AbortController::new().ok());
    let signal = controller.as_ref().map(|c| c.signal());
    leptos::prelude::on_cleanup(move || {
        if let Some(controller) = controller.take() {
            controller.abort();
        }
    });
    let response = gloo_net::http::Request::get(path)
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Status(response.status()));
    }
    response
        .text()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))
}

/// Loads and validates the centre config.
pub async fn load_centre() -> Result<Arc<Centre>, LoadError> {
    let json = fetch_text(CONFIG_PATH).await?;
    Centre::from_json(&json)
        .map(Arc::new)
        .map_err(LoadError::Config)
}
