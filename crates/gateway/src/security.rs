//! Headers every response carries, whatever answered it.

use axum::extract::State;
use axum::response::Response;
use http::header::{
    HeaderName, CONTENT_SECURITY_POLICY, REFERRER_POLICY, SET_COOKIE, X_CONTENT_TYPE_OPTIONS,
};
use http::HeaderValue;

use crate::state::AppState;

/// The `Permissions-Policy` sent with every response.
pub const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), interest-cohort=()";

/// Sets `Content-Security-Policy` (the app's policy plus `frame-ancestors
/// 'none'`), `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`
/// and `Permissions-Policy`, replacing any a handler set, and removes any
/// `Set-Cookie`: the gateway never sets cookies.
pub async fn add_security_headers(
    State(state): State<AppState>,
    mut response: Response,
) -> Response {
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, state.content_security_policy());
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    headers.remove(SET_COOKIE);
    response
}
