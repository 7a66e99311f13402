//! The files of dist: served by `tower-http`'s `ServeDir` (pre-compressed copies, Range,
//! ETag and Last-Modified, 304), with what Lernort adds around it: which file answers a
//! path (directory pages, deep links), content types and cache headers by name, the "not
//! built" page, and a guard against symbolic links leading out of dist.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use http::header::{CACHE_CONTROL, CONTENT_TYPE, VARY};
use http::{HeaderValue, Method, StatusCode, Uri};
use tower_http::services::ServeDir;

use crate::cache::cache_control_for;
use crate::content_type::content_type_for;
use crate::dist_files::DistFiles;
use crate::responses;
use crate::state::AppState;

/// The page every client-side route is answered with.
const INDEX: &str = "index.html";
/// A directory page's version for a gateway with a live floor (`lernort-dist finish`
/// writes `sensorboden/index.gateway.html`, whose link preview is the live picture
/// `api/floor.png` this gateway draws).
const GATEWAY_INDEX: &str = "index.gateway.html";

/// Answers a request for a path below the base path from the dist directory.
///
/// * GET and HEAD only (405 otherwise); 503 page when the app is not built.
/// * `X.br` or `X.gz` instead of `X` when the client accepts it and the copy
///   exists, with `Content-Encoding` and `Vary: Accept-Encoding`; byte ranges (206, 416);
///   `ETag` and `Last-Modified`, so that `no-cache` files revalidate with 304 (all by
///   `ServeDir`).
/// * Content-Type and Cache-Control by the name of `X`.
/// * A path naming a directory that holds an `index.html` (with or without the
///   trailing slash: `/kurse/ki-im-alltag`) gets that file: the static course
///   pages `lernort-dist finish` writes, which start the app like `index.html`. While the
///   floor is live, the directory's `index.gateway.html` comes first.
/// * A path that matches no file and has no extension in its last segment is
///   a client-side route: it gets `index.html`. Other misses get 404.
/// * Paths with `.`/`..` segments (also percent-encoded), encoded slashes or
///   backslashes, and symbolic links leading out of dist (also a pre-compressed
///   copy's) are 404.
pub async fn serve_file(State(state): State<AppState>, request: Request) -> Response {
    let method = request.method();
    if method != Method::GET && method != Method::HEAD {
        return responses::method_not_allowed();
    }
    let head = method == Method::HEAD;
    let Some(root) = state.root() else {
        return not_built(&state, head);
    };
    let Some(segments) = decode_path(request.uri().path()) else {
        return responses::not_found();
    };
    let files = DistFiles::new(root.to_path_buf(), state.file_cache());
    let trailing_slash = request.uri().path().ends_with('/');
    let live_floor = state
        .floor()
        .is_some_and(|floor| floor.unavailable_reason().is_none());
    let Some(name) = answering_file(&files, &segments, trailing_slash, live_floor) else {
        return responses::not_found();
    };
    let file_name = name.last().map_or(INDEX, String::as_str).to_owned();
    let (mut parts, _) = request.into_parts();
    parts.uri = match relative_uri(&name) {
        Some(uri) => uri,
        None => return responses::not_found(),
    };
    let mut service = ServeDir::with_backend(root, files)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .redirect_to_trailing_slash(false);
    match service
        .try_call(Request::from_parts(parts, Body::empty()))
        .await
    {
        Ok(response) => with_lernort_headers(response.map(Body::new), &file_name),
        // The file went away since it was found (a rebuild is under way).
        Err(_) if file_name == INDEX && name.len() == 1 => not_built(&state, head),
        Err(_) => responses::not_found(),
    }
}

/// The file (as path segments below dist) that answers a request for `segments`: the file
/// itself, the directory's `index.html`, or — for a path without an extension, a route of
/// the app — dist's own `index.html`. With `live_floor` a directory's
/// `index.gateway.html` comes before its `index.html`.
fn answering_file(
    files: &DistFiles,
    segments: &[String],
    trailing_slash: bool,
    live_floor: bool,
) -> Option<Vec<String>> {
    if !segments.is_empty() {
        if !trailing_slash && files.is_file(segments) {
            return Some(segments.to_vec());
        }
        let pages = if live_floor {
            &[GATEWAY_INDEX, INDEX][..]
        } else {
            &[INDEX][..]
        };
        for page_name in pages {
            let mut page = segments.to_vec();
            page.push((*page_name).to_owned());
            if files.is_file(&page) {
                return Some(page);
            }
        }
    }
    let last = if trailing_slash {
        ""
    } else {
        segments.last().map_or("", String::as_str)
    };
    (!has_extension(last)).then(|| vec![INDEX.to_owned()])
}

/// Content-Type (ours: with a charset, and the types browsers are strict about) and
/// Cache-Control by the file's name, on what `ServeDir` answered.
fn with_lernort_headers(mut response: Response, file_name: &str) -> Response {
    let status = response.status();
    if status == StatusCode::NOT_FOUND {
        return responses::not_found();
    }
    let headers = response.headers_mut();
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        headers.insert(
            CACHE_CONTROL,
            HeaderValue::from_static(cache_control_for(file_name)),
        );
        headers.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    }
    if status.is_success() {
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static(content_type_for(file_name)),
        );
    }
    response
}

fn not_built(state: &AppState, head: bool) -> Response {
    responses::not_built(&state.config().dist.display().to_string(), head)
}

/// `/a%20b/c.json` for the segments `["a b", "c.json"]`: what `ServeDir` decodes again.
fn relative_uri(segments: &[String]) -> Option<Uri> {
    let mut path = String::new();
    for segment in segments {
        path.push('/');
        for byte in segment.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                path.push(char::from(byte));
            } else {
                path.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    path.parse().ok()
}

/// Splits a request path into decoded segments, dropping empty ones.
/// `None` for anything that could leave the directory or is malformed:
/// `.` and `..` (also encoded), encoded `/`, `\`, `:` or NUL, bad escapes,
/// or bytes that are not UTF-8.
fn decode_path(path: &str) -> Option<Vec<String>> {
    let mut segments = Vec::new();
    for raw in path.split('/').filter(|raw| !raw.is_empty()) {
        let segment = percent_decode(raw)?;
        if segment == "." || segment == ".." || segment.contains(['/', '\\', ':', '\0']) {
            return None;
        }
        segments.push(segment);
    }
    Some(segments)
}

fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let high = hex_value(*bytes.get(i + 1)?)?;
            let low = hex_value(*bytes.get(i + 2)?)?;
            out.push(high * 16 + low);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Whether a path segment has a file extension (`app.js`, not `kurse` or `.well-known`).
fn has_extension(segment: &str) -> bool {
    segment.rfind('.').is_some_and(|dot| dot > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_segments() {
        assert_eq!(decode_path("/"), Some(vec![]));
        assert_eq!(
            decode_path("//kurse/a%20b/%C3%BC.json"),
            Some(vec!["kurse".into(), "a b".into(), "ü.json".into()])
        );
    }

    #[test]
    fn refuses_traversal_and_malformed_paths() {
        for path in [
            "/../secret.txt",
            "/a/./b",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/a/..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/c:/windows",
            "/a%00b",
            "/a%zz",
            "/a%2",
            "/%ff",
        ] {
            assert_eq!(decode_path(path), None, "{path}");
        }
    }

    #[test]
    fn extensions() {
        assert!(has_extension("app.js"));
        assert!(has_extension("v1.2"));
        assert!(!has_extension("kurse"));
        assert!(!has_extension(".well-known"));
        assert!(!has_extension(""));
    }
}
