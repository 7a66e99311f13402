//! `GET {base}healthz`: whether the gateway runs and the app is built.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::HeaderValue;

use crate::state::AppState;

/// Answers 200 with JSON: `{"status":"ok","dist":"<dir>","version":"<version>"}`,
/// or `{"status":"degraded","reason":"…",…}` when the app is not built (the
/// gateway itself is up, so the status code stays 200). Never cached.
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
    match state.degraded_reason() {
        None => format!(r#"{{"status":"ok","dist":{dist},"version":{version}}}"#),
        Some(reason) => {
            let reason = json_string(&reason);
            format!(
                r#"{{"status":"degraded","reason":{reason},"dist":{dist},"version":{version}}}"#
            )
        }
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
