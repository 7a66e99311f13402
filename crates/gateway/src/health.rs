//! `GET {base}healthz`: whether the gateway runs, the app is built and the floor runs.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::HeaderValue;

use crate::floor::Floor;
use crate::state::AppState;

/// Answers 200 with JSON: `{"status":"ok","dist":"<dir>","version":"<version>"}`,
/// or `{"status":"degraded","reason":"…",…}` when the app is not built (the
/// gateway itself is up, so the status code stays 200). Never cached.
///
/// With a floor attached, a `"floor"` object follows: `{"status":"up"|"stale"|"down",
/// "clients":n,"seq":n}`, or `{"status":"unavailable","reason":"…"}` when its layout
/// could not be loaded. `status` at the top stays about the app.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let body = health_json(&state);
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// The JSON body of the health response.
pub fn health_json(state: &AppState) -> String {
    let dist = json_string(&state.config().dist.display().to_string());
    let version = json_string(env!("CARGO_PKG_VERSION"));
    let floor = state.floor().map_or_else(String::new, floor_json);
    match state.degraded_reason() {
        None => format!(r#"{{"status":"ok","dist":{dist},"version":{version}{floor}}}"#),
        Some(reason) => {
            let reason = json_string(&reason);
            format!(
                r#"{{"status":"degraded","reason":{reason},"dist":{dist},"version":{version}{floor}}}"#
            )
        }
    }
}

/// `,"floor":{…}` for the health response.
fn floor_json(floor: &Floor) -> String {
    let metrics = floor.metrics();
    match metrics.reason {
        Some(reason) => format!(
            r#","floor":{{"status":"unavailable","reason":{}}}"#,
            json_string(&reason)
        ),
        None => format!(
            r#","floor":{{"status":{},"clients":{},"seq":{}}}"#,
            json_string(&metrics.source),
            metrics.clients,
            metrics.seq
        ),
    }
}

/// A JSON string literal, quotes included.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::json_string;

    #[test]
    fn escapes_json() {
        assert_eq!(json_string(r#"C:\dist "x""#), r#""C:\\dist \"x\"""#);
        assert_eq!(json_string("a\nb\u{1}ü"), "\"a\\nb\\u0001ü\"");
    }
}
