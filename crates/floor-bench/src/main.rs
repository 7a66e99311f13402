//! `lernort-floor-bench`: the live floor's benchmarks. A README command, not part of the
//! tests; prints figures and never asserts time budgets. docs/benchmarks.md explains them.
//!
//! ```text
//! lernort-floor-bench fanout  [--steps 500,1000,…] [--seconds 10] [--settle 3] [--rate-hz 20]
//!                             [--client-threads 2] [--peer [--peer-script FILE]]
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
mod soak;
mod stats;
mod system;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

/// Benchmarks of the live floor: the gateway's fan-out, the cost of drawing a frame, and the
/// time from the gateway to the painted frame.
///
/// Prints figures and checks no time budgets. scripts/bench builds what they need and runs
/// them; docs/benchmarks.md explains them. Every benchmark accepts every option (those it
/// does not use are ignored), so scripts/bench passes the same options to each.
///
/// Exit codes: 0 done, 1 failed, 2 the command line is wrong.
#[derive(Parser)]
#[command(name = "lernort-floor-bench", version, args_override_self = true)]
#[command(arg_required_else_help = false, verbatim_doc_comment)]
struct Cli {
    #[command(subcommand)]
    bench: Bench,
    #[command(flatten)]
    options: Options,
}

#[derive(Clone, Copy, PartialEq, Eq, Subcommand)]
enum Bench {
    /// Gateway fan-out: WebSocket clients on this computer, in steps
    Fanout,
    /// Record frames for the render benchmark into WORK/www
    Frames,
    /// Cost of drawing a frame: the app's renderer against simpleheat, in headless
    /// Chromium, at two sizes (needs the pages in WORK/www: scripts/bench builds them)
    #[command(verbatim_doc_comment)]
    Render,
    /// Time from the gateway's timestamp to the painted frame, at 20 and 100 Hz
    /// (needs the pages in WORK/www: scripts/bench builds them)
    #[command(verbatim_doc_comment)]
    Latency,
    /// Reliability: the floor held with --clients clients for --seconds (default 120), some
    /// of them never reading, resetting or frozen (scripts/soak, docs/reliability.md)
    #[command(verbatim_doc_comment)]
    SoakFloor,
    /// Reliability: the floor's sources against receivers and brokers that fail
    /// (garbage, a frozen peer, a peer that hangs up, a silent publisher, an oversized
    /// retained message); needs mosquitto
    #[command(verbatim_doc_comment)]
    SoakSources,
    /// The frozen clients of soak-floor, in a process of their own (started by it)
    #[command(hide = true)]
    FrozenClients,
}

#[derive(Args)]
struct Options {
    /// The gateway program to start
    #[arg(long, global = true, value_name = "FILE")]
    #[arg(default_value = "target/release/lernort-gateway")]
    gateway: PathBuf,
    /// The floor layout to simulate
    #[arg(long, global = true, value_name = "FILE")]
    #[arg(default_value = "centres/dilas-soest/floor.json")]
    layout: PathBuf,
    /// The folder for pages, frames and gateway files
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        default_value = "target/bench"
    )]
    work: PathBuf,
    /// Also write the table to this file
    #[arg(long, global = true, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Seconds measured (per step or rate), 1 to 600
    /// [default: 10 for fanout, 20 for render and latency]
    #[arg(long, global = true, value_name = "S", verbatim_doc_comment)]
    #[arg(value_parser = lernort_cli::text(|t: &str| number(t).map(|n| n.clamp(1, 600))))]
    seconds: Option<u64>,
    /// How many clients in each step, 1 to 100000
    /// [default: 500,1000,2000,3000,4000,5000,6000,8000,10000]
    #[arg(long, global = true, value_name = "N,N,…", help_heading = "fanout")]
    #[arg(default_value = "500,1000,2000,3000,4000,5000,6000,8000,10000")]
    #[arg(hide_default_value = true, verbatim_doc_comment)]
    #[arg(value_parser = lernort_cli::text(steps))]
    steps: Steps,
    /// Seconds before each step is measured, at most 60
    #[arg(long, global = true, value_name = "S", help_heading = "fanout")]
    #[arg(default_value_t = 3)]
    #[arg(value_parser = lernort_cli::text(|t: &str| number(t).map(|n| n.min(60))))]
    settle: u64,
    /// The simulator's frames per second, above 0, at most 200
    #[arg(long, global = true, value_name = "HZ", help_heading = "fanout")]
    #[arg(default_value_t = 20.0)]
    #[arg(value_parser = lernort_cli::text(rate_hz))]
    rate_hz: f64,
    /// Threads for the WebSocket clients, 1 to 64
    #[arg(long, global = true, value_name = "N", help_heading = "fanout")]
    #[arg(default_value_t = 2)]
    #[arg(value_parser = lernort_cli::text(|t: &str| number(t).map(|n| n.clamp(1, 64) as usize)))]
    client_threads: usize,
    /// Then the same ramp against a plain Node `ws` broadcast server relaying the same
    /// gateway (needs node and npm `ws`: scripts/bootstrap); a summary of both side by side
    #[arg(long, global = true, help_heading = "fanout", verbatim_doc_comment)]
    peer: bool,
    /// The peer's script (run with `node`)
    #[arg(long, global = true, value_name = "FILE", help_heading = "fanout")]
    #[arg(default_value = "bench/peer/ws-broadcast.mjs")]
    peer_script: PathBuf,
    /// Clients in all, 111 to 100000
    #[arg(long, global = true, value_name = "N", help_heading = "soak-floor")]
    #[arg(default_value_t = 10_000)]
    #[arg(value_parser = lernort_cli::text(|t: &str| number(t).map(|n| n.clamp(1, 100_000) as usize)))]
    clients: usize,
    /// The built app the gateway serves for the GET / probes
    #[arg(long, global = true, value_name = "DIR", help_heading = "soak-floor")]
    #[arg(default_value = "dist")]
    dist: PathBuf,
    /// Where the soak-floor gateway listens (frozen-clients only)
    #[arg(long, global = true, value_name = "HOST:PORT", hide = true)]
    #[arg(value_parser = lernort_cli::text(|t: &str| t.parse::<std::net::SocketAddr>()))]
    addr: Option<std::net::SocketAddr>,
    /// How many frames to record, 61 to 100000
    #[arg(long, global = true, value_name = "N", help_heading = "frames")]
    #[arg(default_value_t = 600)]
    #[arg(value_parser = lernort_cli::text(|t: &str| number(t).map(|n| n.clamp(61, 100_000) as usize)))]
    frames: usize,
}

/// `--steps`: sorted, without repeats, each from 1 to 100,000.
#[derive(Clone)]
struct Steps(Vec<usize>);

fn steps(text: &str) -> Result<Steps, &'static str> {
    let mut steps = text
        .split(',')
        .map(|s| s.trim().parse::<usize>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| "not a list of whole numbers like 500,1000")?;
    steps.sort_unstable();
    steps.dedup();
    steps.retain(|&n| n > 0 && n <= 100_000);
    if steps.is_empty() {
        return Err("no step from 1 to 100000");
    }
    Ok(Steps(steps))
}

fn number(text: &str) -> Result<u64, &'static str> {
    text.parse::<u64>().map_err(|_| "not a whole number")
}

fn rate_hz(text: &str) -> Result<f64, &'static str> {
    text.parse::<f64>()
        .ok()
        .filter(|r| *r > 0.0 && *r <= 200.0)
        .ok_or("not a rate above 0 and at most 200")
}

fn main() -> ExitCode {
    let Cli {
        bench,
        options: args,
    } = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return lernort_cli::exit("lernort-floor-bench", &error),
    };
    if matches!(bench, Bench::Fanout | Bench::Render | Bench::Latency) {
        let (busy, quiet) = system::wait_until_quiet(25.0, std::time::Duration::from_secs(180));
        if !quiet {
            eprintln!(
                "lernort-floor-bench: the machine stayed busy ({busy:.0}% of one core used by other programs): the figures will suffer"
            );
        }
    }
    let result = match bench {
        Bench::Fanout => fanout::run(&fanout::Options {
            gateway: args.gateway.clone(),
            layout: args.layout.clone(),
            work: args.work.clone(),
            steps: args.steps.0.clone(),
            seconds: args.seconds.unwrap_or(10),
            settle: args.settle,
            rate_hz: args.rate_hz,
            client_threads: args.client_threads,
            peer: args.peer.then(|| args.peer_script.clone()),
        }),
        Bench::Render | Bench::Latency => {
            let options = browser::Options {
                gateway: args.gateway.clone(),
                layout: args.layout.clone(),
                work: args.work.clone(),
                seconds: args.seconds.unwrap_or(20),
            };
            if bench == Bench::Render {
                browser::render(&options)
            } else {
                browser::latency(&options)
            }
        }
        Bench::SoakFloor | Bench::SoakSources => {
            let options = soak::Options {
                gateway: args.gateway.clone(),
                layout: args.layout.clone(),
                work: args.work.clone(),
                dist: args.dist.clone(),
                clients: args.clients,
                seconds: args.seconds.unwrap_or(120),
            };
            if bench == Bench::SoakFloor {
                soak::floor(&options)
            } else {
                soak::sources(&options)
            }
        }
        Bench::FrozenClients => match args.addr {
            Some(addr) => soak::frozen_clients(addr, args.clients),
            None => Err("frozen-clients needs --addr".into()),
        },
        Bench::Frames => {
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn parse(args: &[&str]) -> Cli {
        let program = std::iter::once("lernort-floor-bench");
        match Cli::try_parse_from(program.chain(args.iter().copied())) {
            Ok(cli) => cli,
            Err(error) => panic!("{args:?}: {}", lernort_cli::message(&error)),
        }
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_benchmark_takes_the_options_scripts_bench_passes() {
        // scripts/bench: `<name> --work "$out" --out "$out/<name>.txt" "$@"`.
        for name in ["fanout", "frames", "render", "latency"] {
            let cli = parse(&[
                name,
                "--work",
                "target/bench",
                "--out",
                "target/bench/x.txt",
                "--steps",
                "2000,1000,1000,200000",
                "--seconds",
                "5",
            ]);
            let Options {
                steps,
                seconds,
                work,
                out,
                ..
            } = cli.options;
            assert_eq!(steps.0, [1000, 2000], "{name}");
            assert_eq!(seconds, Some(5), "{name}");
            assert_eq!(work, PathBuf::from("target/bench"), "{name}");
            assert_eq!(out, Some(PathBuf::from("target/bench/x.txt")), "{name}");
        }
    }

    #[test]
    fn defaults_and_limits() {
        let cli = parse(&["fanout"]);
        let o = cli.options;
        assert!(cli.bench == Bench::Fanout);
        assert_eq!(o.steps.0.len(), 9);
        assert_eq!((o.seconds, o.settle, o.rate_hz), (None, 3, 20.0));
        assert_eq!((o.frames, o.client_threads), (600, 2));
        assert!(!o.peer);
        let o = parse(&["fanout", "--peer"]).options;
        assert!(o.peer);
        assert_eq!(o.peer_script, PathBuf::from("bench/peer/ws-broadcast.mjs"));
        let o = parse(&[
            "frames",
            "--frames=10",
            "--seconds",
            "0",
            "--client-threads=99",
        ])
        .options;
        assert_eq!((o.frames, o.seconds, o.client_threads), (61, Some(1), 64));
    }
}
