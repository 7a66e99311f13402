//! The files of dist: content types, pre-compressed copies, caching, deep links.

use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use http::header::{
    CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use tokio::fs::File;
use tokio_util::io::ReaderStream;

use crate::cache::cache_control_for;
use crate::content_type::content_type_for;
use crate::encoding::{accepted, Encoding};
use crate::responses;
use crate::state::AppState;

/// The page every client-side route is answered with.
const INDEX: &str = "index.html";

/// Read size when streaming a file.
const CHUNK: usize = 64 * 1024;

/// Answers a request for a path below the base path from the dist directory.
///
/// * GET and HEAD only (405 otherwise); 503 page when the app is not built.
/// * `X.br` or `X.gz` instead of `X` when the client accepts it and the copy
///   exists, with `Content-Encoding` and `Vary: Accept-Encoding`.
/// * Content-Type and Cache-Control by the name of `X`; an `ETag` so that
///   `no-cache` files revalidate with 304.
/// * A path naming a directory that holds an `index.html` (with or without the
///   trailing slash: `/kurse/ki-im-alltag`) gets that file: the static course
///   pages `lernort-dist finish` writes, which start the app like `index.html`.
/// * A path that matches no file and has no extension in its last segment is
///   a client-side route: it gets `index.html`. Other misses get 404.
/// * Paths with `.`/`..` segments (also percent-encoded), encoded slashes or
///   backslashes, and symbolic links leading out of dist are 404.
pub async fn serve_file(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    request_headers: HeaderMap,
) -> Response {
    let head = method == Method::HEAD;
    if method != Method::GET && !head {
        return responses::method_not_allowed();
    }
    let Some(root) = state.root() else {
        return not_built(&state, head);
    };
    let Some(segments) = decode_path(uri.path()) else {
        return responses::not_found();
    };
    let trailing_slash = uri.path().ends_with('/');
    let last = if trailing_slash {
        ""
    } else {
        segments.last().map_or("", String::as_str)
    };

    if !segments.is_empty() {
        let path = segments
            .iter()
            .fold(root.to_path_buf(), |path, s| path.join(s));
        if !trailing_slash {
            if let Some(response) = send_file(&root, &path, last, &request_headers, head).await {
                return response;
            }
        }
        // A directory with its own page, e.g. kurse/ki-im-alltag/index.html.
        let page = path.join(INDEX);
        if let Some(response) = send_file(&root, &page, INDEX, &request_headers, head).await {
            return response;
        }
    }
    if has_extension(last) {
        return responses::not_found();
    }
    match send_file(&root, &root.join(INDEX), INDEX, &request_headers, head).await {
        Some(response) => response,
        // index.html went away after start-up (a rebuild is under way).
        None => not_built(&state, head),
    }
}

fn not_built(state: &AppState, head: bool) -> Response {
    responses::not_built(&state.config().dist.display().to_string(), head)
}

/// Sends the file at `path` (named `name`), or a pre-compressed copy of it;
/// `None` when it is not a regular file inside `root`.
async fn send_file(
    root: &Path,
    path: &Path,
    name: &str,
    request_headers: &HeaderMap,
    head: bool,
) -> Option<Response> {
    let mut chosen = (open_within(root, path).await?, None);
    for encoding in accepted(request_headers) {
        let mut copy = path.as_os_str().to_owned();
        copy.push(encoding.suffix());
        if let Some(opened) = open_within(root, &PathBuf::from(copy)).await {
            chosen = (opened, Some(encoding));
            break;
        }
    }
    let ((file, metadata), encoding) = chosen;

    let mut response = Response::new(Body::empty());
    let headers = response.headers_mut();
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static(cache_control_for(name)),
    );
    headers.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    let etag = etag(&metadata, encoding);
    if let Some(etag) = &etag {
        headers.insert(ETAG, etag.clone());
        if matches_etag(request_headers, etag) {
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            return Some(response);
        }
    }
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(content_type_for(name)),
    );
    if let Some(encoding) = encoding {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding.token()));
    }
    headers.insert(CONTENT_LENGTH, HeaderValue::from(metadata.len()));
    if !head {
        *response.body_mut() = Body::from_stream(ReaderStream::with_capacity(file, CHUNK));
    }
    Some(response)
}

/// Opens a regular file if its real path (symbolic links resolved) is inside `root`.
async fn open_within(root: &Path, path: &Path) -> Option<(File, Metadata)> {
    let real = tokio::fs::canonicalize(path).await.ok()?;
    if !real.starts_with(root) || !tokio::fs::metadata(&real).await.ok()?.is_file() {
        return None;
    }
    let file = File::open(&real).await.ok()?;
    let metadata = file.metadata().await.ok()?;
    metadata.is_file().then_some((file, metadata))
}

/// A strong validator from size and modification time; each copy has its own.
fn etag(metadata: &Metadata, encoding: Option<Encoding>) -> Option<HeaderValue> {
    let modified = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    let suffix = encoding.map_or("", Encoding::token);
    let tag = format!(
        "\"{:x}-{:x}{}{}\"",
        metadata.len(),
        modified.as_nanos(),
        if suffix.is_empty() { "" } else { "-" },
        suffix
    );
    HeaderValue::from_str(&tag).ok()
}

/// Whether `If-None-Match` names this entity tag (or is `*`).
fn matches_etag(request_headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(etag) = etag.to_str() else {
        return false;
    };
    request_headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == etag)
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
