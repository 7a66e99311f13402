//! `lernort-import`: see `docs/catalogue-import.md` and the `lernort_import` library.

use std::path::PathBuf;
use std::process::ExitCode;

use lernort_import::{generate, import_folder, now, parse_now, write_catalogue};

const USAGE: &str = "usage:
  lernort-import --sources DIR --out FILE [--now TIME] [--strict] [--quiet]
  lernort-import --generate N [--seed S] [--now TIME] --out FILE
  --sources  folder with import.json and the providers' files (CSV, iCalendar, JSON-LD)
  --out      the catalogue to write, e.g. dist/data/catalogue.json
  --now      the import's time (RFC 3339 or YYYY-MM-DD; default: now); decides \"past\"
  --strict   fail (exit 1, nothing written) when any row was skipped
  --quiet    print only problems
  --generate make a made-up catalogue of N valid courses (deterministic; --seed, default 1)
exit: 0 imported (warnings allowed), 1 failed, 2 wrong arguments";

struct Args {
    sources: Option<PathBuf>,
    out: Option<PathBuf>,
    now: Option<String>,
    strict: bool,
    quiet: bool,
    generate: Option<usize>,
    seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        sources: None,
        out: None,
        now: None,
        strict: false,
        quiet: false,
        generate: None,
        seed: 1,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--sources" => args.sources = Some(PathBuf::from(value("--sources")?)),
            "--out" => args.out = Some(PathBuf::from(value("--out")?)),
            "--now" => args.now = Some(value("--now")?),
            "--strict" => args.strict = true,
            "--quiet" => args.quiet = true,
            "--generate" => {
                let v = value("--generate")?;
                args.generate = Some(
                    v.parse()
                        .map_err(|_| format!("--generate {v}: not a number"))?,
                )
            }
            "--seed" => {
                let v = value("--seed")?;
                args.seed = v.parse().map_err(|_| format!("--seed {v}: not a number"))?
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("lernort-import: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err(error) = lernort_time::clock::from_env() {
        eprintln!("lernort-import: {error}");
        return ExitCode::from(2);
    }
    let now = match args.now.as_deref().map(parse_now) {
        None => now(),
        Some(Some(t)) => t,
        Some(None) => {
            eprintln!("lernort-import: --now: not a time like 2026-11-21T12:00:00+01:00");
            return ExitCode::from(2);
        }
    };
    let Some(out) = args.out else {
        eprintln!("lernort-import: --out is missing\n{USAGE}");
        return ExitCode::from(2);
    };
    if let Some(count) = args.generate {
        let catalogue = generate::catalogue(count, args.seed, now);
        if let Err(e) = write_catalogue(&catalogue, &out) {
            eprintln!("lernort-import: {e}");
            return ExitCode::FAILURE;
        }
        if !args.quiet {
            let sessions: usize = catalogue.courses.iter().map(|c| c.sessions.len()).sum();
            println!(
                "lernort-import: generated {} courses ({sessions} sessions, seed {}) → {}",
                catalogue.courses.len(),
                args.seed,
                out.display()
            );
        }
        return ExitCode::SUCCESS;
    }
    let Some(sources) = args.sources else {
        eprintln!("lernort-import: --sources or --generate is needed\n{USAGE}");
        return ExitCode::from(2);
    };
    let import = match import_folder(&sources, now) {
        Ok(import) => import,
        Err(e) => {
            eprintln!("lernort-import: {e}");
            return ExitCode::FAILURE;
        }
    };
    let report = &import.report;
    for message in &report.messages {
        eprintln!("{:<8} {message}", message.severity.to_string());
    }
    if !args.quiet {
        println!("lernort-import: {} → {}", sources.display(), out.display());
        print!("{}", report.summary());
    }
    if import.catalogue.courses.is_empty() {
        eprintln!(
            "lernort-import: nothing imported; {} not written",
            out.display()
        );
        return ExitCode::FAILURE;
    }
    let skipped = report
        .messages
        .iter()
        .any(|m| m.severity == lernort_import::report::Severity::Skipped);
    if args.strict && skipped {
        eprintln!(
            "lernort-import: --strict: {} rows, events or items were skipped; {} not written",
            report.skipped(),
            out.display()
        );
        return ExitCode::FAILURE;
    }
    let problems = import.catalogue.problems();
    if !problems.is_empty() {
        // Only settings can cause this (courses that break a rule are left out).
        eprintln!(
            "lernort-import: {}",
            lernort_catalogue::CatalogueError::Invalid(problems)
        );
        return ExitCode::FAILURE;
    }
    if let Err(e) = write_catalogue(&import.catalogue, &out) {
        eprintln!("lernort-import: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
