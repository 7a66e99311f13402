//! `lernort-floor-bench`: the live floor's benchmarks. A README command, not part of the
//! tests; prints figures and never asserts time budgets. docs/benchmarks.md explains them.
//!
//! ```text
//! lernort-floor-bench fanout  [--steps 500,1000,…] [--seconds 10] [--settle 3] [--rate-hz 20]
//!                             [--client-threads 2]
//! lernort-floor-bench frames  [--frames 600]          (writes WORK/www/frames.*)
//! lernort-floor-bench render                          (needs the pages in WORK/www)
//! lernort-floor-bench latency [--seconds 20]          (needs the pages in WORK/www)
//! common: [--gateway target/release/lernort-gateway] [--layout centres/dilas-soest/floor.json]
//!         [--work target/bench] [--out FILE]
//! ```

mod browser;
mod fanout;
mod frames;
mod gateway;
mod stats;
mod system;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: lernort-floor-bench fanout|frames|render|latency [options]
  fanout   gateway fan-out: WebSocket clients on loopback at 20 Hz, in steps
           --steps 500,1000,2000,3000,4000,5000,6000,8000,10000  --seconds 10  --settle 3  --rate-hz 20  --client-threads 2
  frames   record frames for the render benchmark into WORK/www  --frames 600
  render   render cost per frame, the app's renderer vs simpleheat, headless Chromium, two sizes
  latency  gateway timestamp to painted frame at 20 and 100 Hz  --seconds 20
           (render and latency need the pages in WORK/www: scripts/bench builds them)
  common   --gateway target/release/lernort-gateway  --layout centres/dilas-soest/floor.json
           --work target/bench  --out FILE (the table is also written there)";

struct Args {
    command: String,
    gateway: PathBuf,
    layout: PathBuf,
    work: PathBuf,
    out: Option<PathBuf>,
    steps: Vec<usize>,
    seconds: Option<u64>,
    settle: u64,
    rate_hz: f64,
    frames: usize,
    client_threads: usize,
}

fn parse(mut argv: impl Iterator<Item = String>) -> Result<Args, String> {
    let command = argv.next().ok_or("no command")?;
    let mut args = Args {
        command,
        gateway: PathBuf::from("target/release/lernort-gateway"),
        layout: PathBuf::from("centres/dilas-soest/floor.json"),
        work: PathBuf::from("target/bench"),
        out: None,
        steps: vec![500, 1000, 2000, 3000, 4000, 5000, 6000, 8000, 10000],
        seconds: None,
        settle: 3,
        rate_hz: 20.0,
        frames: 600,
        client_threads: 2,
    };
    while let Some(arg) = argv.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| argv.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let number = |v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{name}: not a number: {v}"))
        };
        match name.as_str() {
            "--gateway" => args.gateway = value()?.into(),
            "--layout" => args.layout = value()?.into(),
            "--work" => args.work = value()?.into(),
            "--out" => args.out = Some(value()?.into()),
            "--seconds" => args.seconds = Some(number(value()?)?.clamp(1, 600)),
            "--client-threads" => args.client_threads = number(value()?)?.clamp(1, 64) as usize,
            "--frames" => args.frames = number(value()?)?.clamp(61, 100_000) as usize,
            "--settle" => args.settle = number(value()?)?.min(60),
            "--rate-hz" => {
                let v = value()?;
                args.rate_hz = v
                    .parse::<f64>()
                    .ok()
                    .filter(|r| *r > 0.0 && *r <= 200.0)
                    .ok_or_else(|| format!("--rate-hz: 0 < rate <= 200, not {v}"))?;
            }
            "--steps" => {
                let v = value()?;
                let mut steps = v
                    .split(',')
                    .map(|s| s.trim().parse::<usize>())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|_| format!("--steps: a list of numbers, not {v}"))?;
                steps.sort_unstable();
                steps.dedup();
                steps.retain(|&n| n > 0 && n <= 100_000);
                if steps.is_empty() {
                    return Err("--steps: no step from 1 to 100000".into());
                }
                args.steps = steps;
            }
            _ => return Err(format!("unknown option {arg}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("lernort-floor-bench: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if matches!(args.command.as_str(), "fanout" | "render" | "latency") {
        let (busy, quiet) = system::wait_until_quiet(25.0, std::time::Duration::from_secs(180));
        if !quiet {
            eprintln!(
                "lernort-floor-bench: the machine stayed busy ({busy:.0}% of one core used by other programs): the figures will suffer"
            );
        }
    }
    let result = match args.command.as_str() {
        "fanout" => fanout::run(&fanout::Options {
            gateway: args.gateway.clone(),
            layout: args.layout.clone(),
            work: args.work.clone(),
            steps: args.steps.clone(),
            seconds: args.seconds.unwrap_or(10),
            settle: args.settle,
            rate_hz: args.rate_hz,
            client_threads: args.client_threads,
        }),
        "render" | "latency" => {
            let options = browser::Options {
                gateway: args.gateway.clone(),
                layout: args.layout.clone(),
                work: args.work.clone(),
                seconds: args.seconds.unwrap_or(20),
            };
            if args.command == "render" {
                browser::render(&options)
            } else {
                browser::latency(&options)
            }
        }
        "frames" => {
            let www = args.work.join("www");
            frames::export(&args.layout, &www, args.frames, 20).map(|s| {
                let line = format!(
                    "wrote {} frames ({} bytes of messages) to {}: {:.1} people and {:.0} active segments per frame on average\n",
                    s.frames,
                    s.bytes,
                    www.display(),
                    s.people_mean,
                    s.active_mean
                );
                print!("{line}");
                line
            })
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("lernort-floor-bench: unknown command {other}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(report) => {
            if let Some(out) = &args.out {
                if let Some(dir) = out.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                if let Err(e) = std::fs::write(out, report) {
                    eprintln!("lernort-floor-bench: {}: {e}", out.display());
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("lernort-floor-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
