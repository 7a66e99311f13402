//! `GET {base}healthz`: up or degraded, and nothing more for the public; the details
//! (why, which dist, which version, the floor) on the operator's listener.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::HeaderValue;

use crate::floor::Floor;
use crate::state::AppState;

/// Answers 200 with `{"status":"up"}`, or `{"status":"degraded"}` when the app is not
/// built or the floor is not up (the gateway itself answers, so the code stays 200).
/// Never cached. What is wrong is not told to the world: the operator's `/healthz`
/// ([`health_details`]) says it.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let body = if is_degraded(&state) {
        r#"{"status":"degraded"}"#
    } else {
        r#"{"status":"up"}"#
    };
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// Whether something a visitor would miss is wrong: no built app, a floor that is not up,
/// or a booking calendar given by URL not fetched for three refresh periods.
pub fn is_degraded(state: &AppState) -> bool {
    state.degraded_reason().is_some()
        || state
            .floor()
            .is_some_and(|floor| floor.metrics().source != "up")
        || state.coworking().is_some_and(|coworking| {
            coworking
                .remote_bookings()
                .status()
                .iter()
                .any(|remote| remote.stale)
        })
}

/// The operator's health JSON: `{"status":"ok","dist":"<dir>","version":"<version>"}`,
/// or `{"status":"degraded","reason":"…",…}` when the app is not built.
///
/// With a floor attached, a `"floor"` object follows: `{"status":"up"|"stale"|"down",
/// "clients":n,"seq":n}`, or `{"status":"unavailable","reason":"…"}` when its layout
/// could not be loaded. `status` at the top stays about the app.
pub fn health_details(state: &AppState) -> String {
    let dist = json_string(&state.config().dist.display().to_string());
    let version = json_string(env!("CARGO_PKG_VERSION"));
    let floor = state.floor().map_or_else(String::new, floor_json)
        + &state.coworking().map_or_else(String::new, bookings_json);
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

/// `,"bookings":[{"url":…,"fetchedAt":…,"problem":…,"stale":…}]` for the booking
/// calendars given by URL (nothing when there are none).
fn bookings_json(coworking: &crate::Coworking) -> String {
    let list: Vec<String> = coworking
        .remote_bookings()
        .status()
        .iter()
        .map(|remote| {
            format!(
                r#"{{"url":{},"fetchedAt":{},"problem":{},"stale":{}}}"#,
                json_string(&remote.url),
                remote
                    .fetched_at
                    .map_or_else(|| "null".to_owned(), |at| at.to_string()),
                remote
                    .problem
                    .as_deref()
                    .map_or_else(|| "null".to_owned(), json_string),
                remote.stale
            )
        })
        .collect();
    if list.is_empty() {
        String::new()
    } else {
        format!(r#","bookings":[{}]"#, list.join(","))
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
