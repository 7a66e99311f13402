//! A small built app in a temporary directory, shared by the tests.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use lernort_gateway::{AppState, BasePath, Config};
use tempfile::TempDir;

pub const JS: &str = "lernort-0123456789abcdef.js";
pub const WASM: &str = "lernort-0123456789abcdef_bg.wasm";
pub const JS_BODY: &str = "console.log('identity');\n";
pub const JS_BR: &[u8] = b"brotli bytes";
pub const JS_GZ: &[u8] = b"gzip bytes";
pub const WASM_BODY: &[u8] = b"\0asm\x01\0\0\0";
pub const CENTRE_JSON: &str = "{\"name\":\"Lernort Mitte\"}";
pub const SECRET: &str = "top secret, outside dist";
pub const META_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' wss://floor.example.org";
pub const INDEX_HTML: &str = concat!(
    "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\">",
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;self&#39;; ",
    "script-src &#39;self&#39; &#39;wasm-unsafe-eval&#39;; connect-src &#39;self&#39; wss://floor.example.org\">",
    "<title>Lernort</title></head><body></body></html>\n"
);

/// A temporary directory holding `dist/` (the built app) and, beside it,
/// `secret.txt`, which must never be served.
pub struct Fixture {
    pub dir: TempDir,
}

impl Fixture {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let dist = dir.path().join("dist");
        fs::create_dir_all(dist.join("centre")).expect("create dist");
        fs::write(dir.path().join("secret.txt"), SECRET).expect("write secret");
        fs::write(dist.join("index.html"), INDEX_HTML).expect("write index");
        fs::write(dist.join(JS), JS_BODY).expect("write js");
        fs::write(dist.join(format!("{JS}.br")), JS_BR).expect("write js.br");
        fs::write(dist.join(format!("{JS}.gz")), JS_GZ).expect("write js.gz");
        fs::write(dist.join(WASM), WASM_BODY).expect("write wasm");
        fs::write(dist.join("centre/centre.json"), CENTRE_JSON).expect("write centre");
        fs::write(dist.join("logo.svg"), "<svg/>").expect("write svg");
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), dist.join("leak.txt"))
            .expect("symlink");
        Fixture { dir }
    }

    pub fn dist(&self) -> PathBuf {
        self.dir.path().join("dist")
    }

    pub fn state(&self) -> AppState {
        state_for(&self.dist(), "/")
    }

    pub fn state_under(&self, base: &str) -> AppState {
        state_for(&self.dist(), base)
    }
}

pub fn state_for(dist: &Path, base: &str) -> AppState {
    let config = Config {
        dist: dist.to_path_buf(),
        base: BasePath::parse(base).expect("valid base"),
        ..Config::default()
    };
    AppState::load(config).expect("load state")
}
