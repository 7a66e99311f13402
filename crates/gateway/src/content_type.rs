//! The Content-Type of a file, from its extension.

/// The Content-Type for a file name, by its (case-insensitive) extension;
/// `application/octet-stream` when the extension is unknown or missing.
///
/// Text types carry `charset=utf-8`. Because every response is sent with
/// `X-Content-Type-Options: nosniff`, browsers rely on this alone.
pub fn content_type_for(file_name: &str) -> &'static str {
    let Some((_, extension)) = file_name.rsplit_once('.') else {
        return OCTET_STREAM;
    };
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "gif" => "image/gif",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "pdf" => "application/pdf",
        _ => OCTET_STREAM,
    }
}

const OCTET_STREAM: &str = "application/octet-stream";

#[cfg(test)]
mod tests {
    use super::content_type_for;

    #[test]
    fn known_and_unknown_extensions() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("app-0123456789abcdef.js", "text/javascript; charset=utf-8"),
            ("style.CSS", "text/css; charset=utf-8"),
            ("app-0123456789abcdef_bg.wasm", "application/wasm"),
            ("centre.json", "application/json"),
            ("logo.svg", "image/svg+xml"),
            ("icon.png", "image/png"),
            ("favicon.ico", "image/x-icon"),
            ("site.webmanifest", "application/manifest+json"),
            ("sitemap.xml", "application/xml"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("kurse.ics", "text/calendar; charset=utf-8"),
            ("archive.tar", "application/octet-stream"),
            ("app.js.br", "application/octet-stream"),
            ("LICENSE", "application/octet-stream"),
        ];
        for (name, expected) in cases {
            assert_eq!(content_type_for(name), expected, "{name}");
        }
    }
}
