//! The gateway's own short responses: 404, 405 and the "not built" page.

use axum::body::Body;
use axum::response::Response;
use http::header::{ALLOW, CACHE_CONTROL, CONTENT_TYPE};
use http::{HeaderValue, StatusCode};

use crate::cache::NO_CACHE;

const TEXT: &str = "text/plain; charset=utf-8";

/// 404 with a short plain-text body.
pub fn not_found() -> Response {
    plain(StatusCode::NOT_FOUND, "404 Not Found\n")
}

/// 405 for anything but GET and HEAD on files.
pub fn method_not_allowed() -> Response {
    let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}

fn plain(status: StatusCode, body: &'static str) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(TEXT));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
    response
}

/// A short plain-text answer that is never stored (live endpoints: the floor's and
/// co-working's refusals and errors).
pub(crate) fn plain_no_store(status: StatusCode, body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(TEXT));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// 503 page, in German and English, for when dist has no `index.html`.
/// `head` leaves the body out.
pub fn not_built(dist: &str, head: bool) -> Response {
    let body = if head {
        Body::empty()
    } else {
        Body::from(not_built_html(dist))
    };
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The HTML of the "not built" page.
pub fn not_built_html(dist: &str) -> String {
    let dist = lernort_html::escape(dist);
    format!(
        r#"<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lernort: App noch nicht gebaut / app not built yet</title>
</head>
<body>
<main>
<h1>Die App ist noch nicht gebaut</h1>
<p>Das Gateway läuft, aber im Ordner <code>{dist}</code> fehlt <code>index.html</code>.
Bitte die App bauen und das Gateway neu starten: <code>./scripts/run</code> erledigt beides.</p>
<hr>
<div lang="en">
<h1>The app has not been built yet</h1>
<p>The gateway is running, but <code>index.html</code> is missing from <code>{dist}</code>.
Build the app and restart the gateway: <code>./scripts/run</code> does both.</p>
</div>
</main>
</body>
</html>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_dist_path() {
        let html = not_built_html("<b>&\"'");
        assert!(html.contains("<code>&lt;b&gt;&amp;&quot;'</code>"));
        assert!(html.contains("./scripts/run"));
    }
}
