//! `finish` on a Trunk-like dist directory in a temporary directory.

mod common;

use std::fs;
use std::io::Read;
use std::path::Path;

use base64::Engine;
use common::*;
use lernort_dist::{finish, Error, FinishOptions};
use sha2::Digest;

fn options(dist: &Path, centre: &Path, base: &str) -> FinishOptions {
    FinishOptions {
        dist: dist.to_path_buf(),
        centre: centre.to_path_buf(),
        base: base.to_string(),
        now: None,
    }
}

/// A dist and a centre directory, finished once with `base`.
fn finished(base: &str) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let (tmp, dist, centre) = dist_and_centre();
    finish(&options(&dist, &centre, base)).unwrap();
    let html = fs::read_to_string(dist.join("index.html")).unwrap();
    (tmp, dist, html)
}

#[test]
fn base_href_is_inserted_as_first_child_of_head() {
    let (_tmp, _dist, html) = finished("/");
    assert!(
        html.contains("  <head>\n    <base href=\"/\">\n    <meta charset=\"utf-8\">"),
        "{html}"
    );
    assert_eq!(html.matches("<base ").count(), 1);
}

#[test]
fn base_href_is_normalised_and_replaced() {
    let (_tmp, dist, centre) = dist_and_centre();
    let with_base = index_html().replace("<title>", "<base href=\"/old/\"/>\n    <title>");
    fs::write(dist.join("index.html"), with_base).unwrap();
    let report = finish(&options(&dist, &centre, "zentren/soest")).unwrap();
    assert_eq!(report.base, "/zentren/soest/");
    let html = fs::read_to_string(dist.join("index.html")).unwrap();
    assert!(
        html.contains("    <base href=\"/zentren/soest/\">\n    <title>"),
        "{html}"
    );
    assert!(!html.contains("/old/"));
    assert_eq!(html.matches("<base ").count(), 1);
    // Trunk built with `--public-url /`: its root-absolute URLs miss the sub-path.
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("\"/lernort-abc123.js\"")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn csp_meta_follows_charset_with_hashes_of_the_inline_scripts() {
    let (_tmp, _dist, html) = finished("/");
    assert!(html.contains(
        "    <meta charset=\"utf-8\">\n    <meta http-equiv=\"Content-Security-Policy\" content=\""
    ));
    let csp = csp_of(&html);
    // printf 'console.log(1)' | openssl dgst -sha256 -binary | base64
    assert!(
        csp.contains("'sha256-CihokcEcBW4atb/CW/XWsvWwbTjqwQlE9nj9ii5ww5M='"),
        "{csp}"
    );
    // The start-up script's hash, computed here without the crate's own helper.
    let digest = sha2::Sha256::digest(START_SCRIPT.as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(digest);
    assert!(csp.contains(&format!("'sha256-{expected}'")), "{csp}");
    assert!(csp.starts_with(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-CihokcEcBW4atb/CW/XWsvWwbTjqwQlE9nj9ii5ww5M=' 'sha256-"
    ));
    assert!(csp.ends_with(
        "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'"
    ));
}

#[test]
fn an_old_csp_meta_is_replaced() {
    let (_tmp, dist, centre) = dist_and_centre();
    let old = index_html().replace(
        "<title>",
        "<meta http-equiv=\"content-security-policy\" content=\"script-src 'unsafe-inline'\">\n    <title>",
    );
    fs::write(dist.join("index.html"), old).unwrap();
    finish(&options(&dist, &centre, "/")).unwrap();
    let html = fs::read_to_string(dist.join("index.html")).unwrap();
    assert_eq!(
        html.to_ascii_lowercase()
            .matches("content-security-policy")
            .count(),
        1
    );
    assert!(!html.contains("unsafe-inline"));
    let (_tmp2, _dist2, fresh) = finished("/");
    assert_eq!(html, fresh);
}

#[test]
fn gateway_origin_only_when_on_another_host() {
    let (_tmp, _dist, html) = finished("/");
    assert!(csp_of(&html).contains("; connect-src 'self'; "));

    let (_tmp, dist, centre) = dist_and_edited_centre(|centre| {
        centre.gateway.websocket_url = "wss://boden.example.org:8443/floor".into();
        centre.sources.coworking = "https://boden.example.org:8443/api/coworking".into();
    });
    let report = finish(&options(&dist, &centre, "/")).unwrap();
    assert_eq!(
        report.gateway_origin.as_deref(),
        Some("wss://boden.example.org:8443")
    );
    let html = fs::read_to_string(dist.join("index.html")).unwrap();
    assert!(
        csp_of(&html).contains("; connect-src 'self' wss://boden.example.org:8443; "),
        "{}",
        csp_of(&html)
    );
}

#[test]
fn nonces_are_removed() {
    let (_tmp, _dist, html) = finished("/");
    assert!(!html.contains("nonce"), "{html}");
    assert!(html.contains("<script type=\"module\">\nimport init"));
}

/// The integrity hashes follow the files: `scripts/build` minifies the JS glue after
/// Trunk hashed it, and a wrong hash would stop the browser from running the app.
#[test]
fn integrity_follows_the_files_content() {
    let (_tmp, dist, html) = finished("/");
    let integrity = |file: &str| {
        let bytes = fs::read(dist.join(file)).unwrap();
        let hash = sha2::Sha384::digest(&bytes);
        format!(
            "integrity=\"sha384-{}\"",
            base64::engine::general_purpose::STANDARD.encode(hash)
        )
    };
    for file in ["lernort-abc123.js", "lernort-abc123_bg.wasm"] {
        assert!(html.contains(&integrity(file)), "{file}: {html}");
    }
    for fake in ["sha384-BBBB", "sha384-CCCC"] {
        assert!(!html.contains(fake), "{fake} left: {html}");
    }
    // A URL that is not a file in dist keeps what it had.
    assert_eq!(
        lernort_dist::csp::file_integrity(&dist, "https://example.org/x.js"),
        None
    );
    assert_eq!(
        lernort_dist::csp::file_integrity(&dist, "../secret.js"),
        None
    );
    assert_eq!(
        lernort_dist::csp::file_integrity(&dist, "./missing.js"),
        None
    );
}

#[test]
fn not_found_page_equals_index() {
    let (_tmp, dist, html) = finished("/lernort/");
    assert_eq!(fs::read_to_string(dist.join("404.html")).unwrap(), html);
}

#[test]
fn finishing_twice_gives_the_same_bytes() {
    let (_tmp, dist, centre) = dist_and_centre();
    let first = finish(&options(&dist, &centre, "/sub/")).unwrap();
    let once = snapshot(&dist);
    let second = finish(&options(&dist, &centre, "/sub/")).unwrap();
    let twice = snapshot(&dist);
    assert_eq!(
        once.keys().collect::<Vec<_>>(),
        twice.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &once {
        assert!(twice[path] == *bytes, "{} changed", path.display());
    }
    assert_eq!(first.script_hashes, second.script_hashes);
    assert_eq!(first.compressed.gzip_bytes, second.compressed.gzip_bytes);
}

#[test]
fn compressed_copies_round_trip() {
    let (_tmp, dist, _html) = finished("/");
    let files = snapshot(&dist);
    for name in [
        "index.html",
        "404.html",
        "lernort-abc123.js",
        "lernort-abc123_bg.wasm",
        "style-0123abcd.css",
        "snippets/lernort-1/inline0.js",
        "centre/centre.json",
        "centre/logo.svg",
    ] {
        let original = &files[Path::new(name)];
        let gz = &files[Path::new(&format!("{name}.gz"))];
        let br = &files[Path::new(&format!("{name}.br"))];
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut out)
            .unwrap();
        assert!(out == *original, "{name}.gz");
        out.clear();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut out)
            .unwrap();
        assert!(out == *original, "{name}.br");
        assert!(
            gz.len() < original.len() && br.len() < original.len(),
            "{name}"
        );
    }
    // Not compressible by extension, and too small to gain.
    for absent in [
        "favicon.png.gz",
        "favicon.png.br",
        "robots.txt.gz",
        "robots.txt.br",
    ] {
        assert!(!files.contains_key(Path::new(absent)), "{absent}");
    }
}

#[test]
fn stale_copies_are_removed_and_other_archives_kept() {
    let (_tmp, dist, centre) = dist_and_centre();
    fs::write(dist.join("lernort-old999.js.br"), b"stale").unwrap();
    fs::write(dist.join("snippets/gone.css.gz"), b"stale").unwrap();
    fs::write(dist.join("robots.txt.gz"), b"stale").unwrap();
    fs::write(dist.join("data.tar.gz"), b"an archive").unwrap();
    let report = finish(&options(&dist, &centre, "/")).unwrap();
    assert!(!dist.join("lernort-old999.js.br").exists());
    assert!(!dist.join("snippets/gone.css.gz").exists());
    assert!(
        !dist.join("robots.txt.gz").exists(),
        "not worth compressing"
    );
    assert!(dist.join("data.tar.gz").exists());
    assert_eq!(
        report.compressed.removed.len(),
        3,
        "{:?}",
        report.compressed.removed
    );
}

#[test]
fn centre_is_installed_flat_and_replaces_the_old_one() {
    let (_tmp, dist, centre) = dist_and_centre();
    fs::create_dir_all(dist.join("centre/old")).unwrap();
    fs::write(dist.join("centre/other-logo.png"), b"old centre").unwrap();
    fs::write(dist.join("centre/old/x.json"), b"{}").unwrap();
    let report = finish(&options(&dist, &centre, "/")).unwrap();
    assert_eq!(report.centre_id, "test-zentrum");
    assert_eq!(report.centre_files, 2);
    let mut names: Vec<_> = fs::read_dir(dist.join("centre"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "centre.json",
            "centre.json.br",
            "centre.json.gz",
            "logo.svg",
            "logo.svg.br",
            "logo.svg.gz"
        ]
    );
    assert_eq!(
        fs::read(dist.join("centre/centre.json")).unwrap(),
        fs::read(centre.join("centre.json")).unwrap()
    );
}

#[test]
fn an_invalid_centre_is_reported_with_its_file_and_nothing_is_changed() {
    let (_tmp, dist, centre) =
        dist_and_edited_centre(|centre| centre.contact.email = "nobody".into());
    let before = snapshot(&dist);
    let err = finish(&options(&dist, &centre, "/")).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::Centre { .. }), "{err:?}");
    assert!(
        message.contains(&centre.join("centre.json").display().to_string()),
        "{message}"
    );
    assert!(message.contains("contact.email"), "{message}");
    assert_eq!(snapshot(&dist), before);

    fs::write(centre.join("centre.json"), "{\n  \"id\": \"x\",\n  oops\n}").unwrap();
    let message = finish(&options(&dist, &centre, "/"))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("centre.json: cannot be read:") && message.contains("line 3"),
        "{message}"
    );
}

#[test]
fn a_missing_logo_is_reported() {
    let (_tmp, dist, centre) =
        dist_and_edited_centre(|centre| centre.logo.src = "logo-neu.svg".into());
    let message = finish(&options(&dist, &centre, "/"))
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("logo.src names \"logo-neu.svg\""),
        "{message}"
    );
}

#[test]
fn a_missing_index_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let centre = centre_dir(tmp.path(), &fixture_centre());
    let err = finish(&options(&tmp.path().join("nowhere"), &centre, "/")).unwrap_err();
    assert!(err.to_string().contains("index.html: cannot read"), "{err}");
}

#[test]
fn summary_mentions_counts() {
    let (_tmp, dist, centre) = dist_and_centre();
    let report = finish(&options(&dist, &centre, "/")).unwrap();
    let text = report.to_string();
    assert!(text.contains("CSP: 2 inline script hashes"), "{text}");
    // index, 404, 2 js, wasm, css, robots.txt, centre.json, logo.svg, the manifest, sw.js,
    // sensorboden/ and leichte-sprache/ (pages of their own, for their link previews)
    assert_eq!(report.compressed.files, 13, "{text}");
    assert_eq!(report.compressed.gzip_written, 12, "{text}");
    assert!(
        text.contains("compressed 13 files (12 .gz, 12 .br)"),
        "{text}"
    );
    assert_eq!(report.precached, 7, "{text}");
}

#[cfg(unix)]
#[test]
fn a_symlinked_centre_directory_is_replaced_not_written_through() {
    let (_tmp, dist, centre) = dist_and_centre();
    std::os::unix::fs::symlink(&centre, dist.join("centre")).unwrap();
    let before = snapshot(&centre);
    finish(&options(&dist, &centre, "/")).unwrap();
    assert_eq!(
        snapshot(&centre),
        before,
        "the source directory is untouched"
    );
    let kind = fs::symlink_metadata(dist.join("centre"))
        .unwrap()
        .file_type();
    assert!(kind.is_dir());
    assert!(dist.join("centre/centre.json.gz").is_file());
}

#[test]
fn broken_html_is_reported_with_file_and_line_before_anything_is_written() {
    let (_tmp, dist, centre) = dist_and_centre();
    let broken = "<!DOCTYPE html>\n<html><head>\n<script>let a;\n</head></html>\n";
    fs::write(dist.join("index.html"), broken).unwrap();
    let before = snapshot(&dist);
    let err = finish(&options(&dist, &centre, "/")).unwrap_err();
    assert!(matches!(err, Error::Html { .. }), "{err:?}");
    assert!(
        err.to_string()
            .ends_with("index.html: line 3: <script> is not closed"),
        "{err}"
    );
    assert_eq!(snapshot(&dist), before);
}

#[test]
fn link_previews_name_the_centre() {
    let (_tmp, dist, html) = finished("/");
    let centre = fixture_centre();
    let tagline = centre.tagline.get(lernort_i18n::Lang::De).to_string();
    assert!(
        html.contains(&format!("<title>{}</title>", centre.name)),
        "{html}"
    );
    for expected in [
        format!("<meta name=\"description\" content=\"{tagline}\">"),
        format!("<meta property=\"og:title\" content=\"{}\">", centre.name),
        format!("<meta property=\"og:description\" content=\"{tagline}\">"),
        "<meta property=\"og:locale\" content=\"de_DE\">".to_string(),
        "<meta name=\"twitter:card\" content=\"summary\">".to_string(),
    ] {
        assert_eq!(html.matches(&expected).count(), 1, "{expected} in {html}");
    }
    // Finishing again (e.g. for another centre) replaces the tags instead of adding more.
    let again = fs::read_to_string(dist.join("404.html")).unwrap();
    assert_eq!(again, html);
    assert_eq!(html.matches("og:title").count(), 1);
    assert_eq!(html.matches("name=\"description\"").count(), 1);
}
