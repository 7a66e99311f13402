//! Benchmarks (a) and (b), in headless Chromium: the bench pages (bench/www, built into
//! `WORK/www` by scripts/bench) are served by the real `lernort-gateway` as a child
//! process; `node bench/browser.mjs` drives Chromium through playwright-core and prints the
//! raw samples as JSON; this module turns them into tables.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::gateway::{Gateway, Settings};
use crate::stats::median_p95;

/// What `render` and `latency` need.
pub struct Options {
    /// The `lernort-gateway` binary.
    pub gateway: PathBuf,
    /// The floor layout (the latency run's gateway streams it).
    pub layout: PathBuf,
    /// `WORK/www` holds the built pages; configs and logs go to `WORK`.
    pub work: PathBuf,
    /// Seconds measured per rate (latency).
    pub seconds: u64,
}

fn www(options: &Options) -> Result<PathBuf, String> {
    let www = options.work.join("www");
    for file in [
        "index.html",
        "render.html",
        "latency.html",
        "lernort_floor_bench_bg.wasm",
        "simpleheat.js",
        "frames.bin",
    ] {
        if !www.join(file).is_file() {
            return Err(format!(
                "{} is missing: scripts/bench builds the bench pages",
                www.join(file).display()
            ));
        }
    }
    Ok(www)
}

/// Runs `node bench/browser.mjs ARGS`; its stdout lines as JSON.
fn browser(args: &[&str]) -> Result<Vec<Value>, String> {
    let script = Path::new("bench/browser.mjs");
    let mut node = Command::new("node");
    let output = crate::gateway::stop_with_parent(&mut node)
        .arg(script)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run node: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "node {} failed ({})",
            script.display(),
            output.status
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).map_err(|e| format!("browser output: {e}")))
        .collect()
}

fn samples(v: &Value, key: &str) -> Vec<f64> {
    v[key]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

fn pair(v: &Value, key: &str) -> String {
    match v[key].as_array().map(|a| a.as_slice()) {
        Some([w, h]) => format!(
            "{}x{}",
            w.as_f64().unwrap_or(0.0),
            h.as_f64().unwrap_or(0.0)
        ),
        _ => "?".into(),
    }
}

/// Benchmark (a): render cost, ours against simpleheat, at both sizes.
pub fn render(options: &Options) -> Result<String, String> {
    let www = www(options)?;
    let gateway = Gateway::start(&Settings {
        name: "render",
        binary: &options.gateway,
        work: &options.work,
        dist: &www,
        layout: &options.layout,
        rate_hz: 20.0,
        max_clients: 100,
        source: None,
    })?;
    let base = format!("http://{}/", gateway.addr);
    let runs = browser(&["render", &base])?;
    drop(gateway);

    let mut s = String::new();
    let first = runs.first().ok_or("the browser reported nothing")?;
    let _ = writeln!(
        s,
        "Render cost per frame: headless Chromium (/usr/bin/chromium --disable-gpu, software raster), \
         {} recorded frames of the DiLAS floor (simulator, Tue 18:40, 20 Hz), the first {} drawn as warm-up \
         and not counted; one frame per requestAnimationFrame; cross-origin isolated (5 us timer): {}.",
        first["frames"].as_u64().unwrap_or(0),
        first["warmup"].as_u64().unwrap_or(0),
        first["isolated"].as_bool().unwrap_or(false)
    );
    let _ = writeln!(
        s,
        "draw = the renderer's call (message in, canvas calls made); frame = draw + getImageData(0,0,1,1) \
         on the visible canvas (forces the raster); rAF = from one animation frame to the next while drawing \
         (16.7 at 60 Hz; longer when the main thread or the compositor, which scales lernort's small canvas \
         to the screen, falls behind). canvas = the backing store. drawImage = lernort's raster scaled on the \
         main thread as the app did before (for comparison). Times in ms; ratio = simpleheat / lernort."
    );
    let _ = writeln!(
        s,
        "{:<16} {:<10} {:<12} {:>9} {:>9} {:>10} {:>10} {:>8} {:>8}",
        "viewport",
        "canvas",
        "renderer",
        "draw med",
        "draw p95",
        "frame med",
        "frame p95",
        "rAF med",
        "rAF p95"
    );
    let mut sizes: Vec<String> = Vec::new();
    for r in &runs {
        let size = r["size"].as_str().unwrap_or("?").to_owned();
        if !sizes.contains(&size) {
            sizes.push(size);
        }
    }
    for size in &sizes {
        let mut figures: Vec<(String, [f64; 6])> = Vec::new();
        for r in runs
            .iter()
            .filter(|r| r["size"].as_str() == Some(size) && r["renderer"] != "breakdown")
        {
            let (dm, dp) = median_p95(&mut samples(r, "draw"));
            let (fm, fp) = median_p95(&mut samples(r, "frame"));
            let (im, ip) = median_p95(&mut samples(r, "interval"));
            let name = match r["renderer"].as_str() {
                Some("ours") => "lernort",
                Some("drawimage") => "drawImage",
                Some(other) => other,
                None => "?",
            };
            let _ = writeln!(
                s,
                "{:<16} {:<10} {:<12} {:>9.3} {:>9.3} {:>10.3} {:>10.3} {:>8.1} {:>8.1}",
                size,
                pair(r, "canvas"),
                name,
                dm,
                dp,
                fm,
                fp,
                im,
                ip
            );
            figures.push((name.to_owned(), [dm, dp, fm, fp, im, ip]));
        }
        let ours = figures.iter().find(|(n, _)| n == "lernort");
        let theirs = figures.iter().find(|(n, _)| n == "simpleheat");
        if let (Some((_, o)), Some((_, t))) = (ours, theirs) {
            let ratio = |i: usize| t[i] / o[i];
            let _ = writeln!(
                s,
                "{:<16} {:<10} {:<12} {:>8.1}x {:>8.1}x {:>9.1}x {:>9.1}x {:>7.1}x {:>7.1}x",
                size,
                "",
                "ratio",
                ratio(0),
                ratio(1),
                ratio(2),
                ratio(3),
                ratio(4),
                ratio(5)
            );
        }
    }
    let _ = writeln!(
        s,
        "\nWhere lernort's frame goes (a separate pass over the same frames, ms, median / p95): wasm = decode, apply, \
         heat step, people count, paint the raster; put = putImageData onto the canvas (the raster's size); \
         read = getImageData(0,0,1,1) after them."
    );
    let _ = writeln!(
        s,
        "{:<16} {:<10} {:>15} {:>15} {:>15}",
        "viewport", "canvas", "wasm", "put", "read"
    );
    for r in runs.iter().filter(|r| r["renderer"] == "breakdown") {
        let part = |k: &str| {
            let (m, p) = median_p95(&mut samples(r, k));
            format!("{m:.3} / {p:.3}")
        };
        let _ = writeln!(
            s,
            "{:<16} {:<10} {:>15} {:>15} {:>15}",
            r["size"].as_str().unwrap_or("?"),
            pair(r, "canvas"),
            part("wasm"),
            part("put"),
            part("read")
        );
    }
    print!("{s}");
    Ok(s)
}

/// Benchmark (b): gateway timestamp to painted frame, at 20 and 100 Hz.
pub fn latency(options: &Options) -> Result<String, String> {
    let www = www(options)?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Latency from the gateway's frame timestamp to the painted frame: lernort-gateway (release, child process, \
         simulator, DiLAS layout) on 127.0.0.1; the bench page in headless Chromium (1920x1080, DPR 1) does what the \
         app does (decode + apply in the socket handler, paint in requestAnimationFrame), then getImageData(0,0,1,1) \
         and performance.timeOrigin + performance.now(); drawImage = the raster scaled on the main thread as the \
         app did before, for comparison (same gateway, one page after the other). {} s measured per rate and \
         renderer after 2 s warm-up. Times in ms.",
        options.seconds
    );
    let _ = writeln!(
        s,
        "{:>7} {:<10} {:>9} {:>8} {:>7} {:>8} {:>8} {:>8} {:>9} {:>12}",
        "source",
        "renderer",
        "frames/s",
        "paints/s",
        "skipped",
        "p50",
        "p95",
        "max",
        "canvas",
        "clock offset"
    );
    for rate in [20.0, 100.0] {
        let name = format!("latency-{rate:.0}hz");
        let gateway = Gateway::start(&Settings {
            name: &name,
            binary: &options.gateway,
            work: &options.work,
            dist: &www,
            layout: &options.layout,
            rate_hz: rate,
            max_clients: 100,
            source: None,
        })?;
        let base = format!("http://{}/", gateway.addr);
        let seconds = options.seconds.to_string();
        let offset = crate::gateway::gateway_clock_offset_ms().to_string();
        for renderer in ["ours", "drawimage"] {
            let result = browser(&["latency", &base, &seconds, &offset, renderer])?;
            let r = result.first().ok_or("the browser reported nothing")?;
            let mut lat = samples(r, "latencies");
            if lat.is_empty() {
                return Err(format!(
                    "the page painted no frame at {rate} Hz (see the browser's messages above and {})",
                    options.work.join(format!("gateway-{name}.log")).display()
                ));
            }
            let (p50, p95) = median_p95(&mut lat);
            let max = lat.last().copied().unwrap_or(f64::NAN);
            let secs = r["seconds"].as_f64().unwrap_or(1.0);
            let _ =
                writeln!(
                s,
                "{:>4.0} Hz {:<10} {:>9.1} {:>8.1} {:>7} {:>8.1} {:>8.1} {:>8.1} {:>9} {:>9.2} ms",
                rate,
                if renderer == "ours" { "lernort" } else { "drawImage" },
                r["frames"].as_f64().unwrap_or(0.0) / secs,
                r["paints"].as_f64().unwrap_or(0.0) / secs,
                r["skipped"].as_u64().unwrap_or(0),
                p50,
                p95,
                max,
                pair(r, "canvas"),
                r["clock_offset_ms"].as_f64().unwrap_or(f64::NAN)
            );
        }
        drop(gateway);
    }
    let _ = writeln!(
        s,
        "clock offset = Date.now() - (timeOrigin + now()) in the page (the page's clock against the system clock \
         the gateway stamps with; Date.now() has whole ms, so within 1 ms)."
    );
    print!("{s}");
    Ok(s)
}
