//! `lernort-import`: see `docs/catalogue-import.md` and the `lernort_import` library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Parser};
use lernort_catalogue::Timestamp;
use lernort_import::{generate, import_folder, now, parse_now, write_catalogue};

/// Imports a centre's courses into the catalogue file the app reads, or makes up a catalogue.
///
/// Reads the providers' files in the --sources folder (CSV exports, iCalendar files,
/// schema.org JSON-LD; import.json says which file is whose) and writes one catalogue to
/// --out, through a temporary file. Every problem is one line on stderr.
/// See docs/catalogue-import.md.
///
/// Exit codes: 0 imported (warnings and skipped rows allowed), 1 failed (nothing
/// written), 2 the command line is wrong.
#[derive(Parser)]
#[command(name = "lernort-import", version, args_override_self = true)]
#[command(verbatim_doc_comment)]
#[command(group = ArgGroup::new("input").required(true).multiple(true).args(["sources", "generate"]))]
struct Args {
    /// The folder with import.json and the providers' files
    #[arg(long, value_name = "DIR")]
    sources: Option<PathBuf>,
    /// The catalogue to write, e.g. dist/data/catalogue.json
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// The import's time; courses that ended before it are past.
    /// A time like 2026-11-21T12:00:00+01:00 or a date like 2026-11-21
    /// [default: now]
    #[arg(long, value_name = "TIME", verbatim_doc_comment)]
    #[arg(value_parser = lernort_cli::text(time))]
    now: Option<Timestamp>,
    /// Fail (exit code 1, nothing written) when any row was skipped
    #[arg(long)]
    strict: bool,
    /// Print only problems
    #[arg(long)]
    quiet: bool,
    /// Instead of importing, make up a catalogue of N valid courses
    /// (the same N and seed give the same file)
    #[arg(long, value_name = "N", verbatim_doc_comment)]
    #[arg(value_parser = lernort_cli::text(|t: &str| t.parse::<usize>().map_err(|_| NOT_A_NUMBER)))]
    generate: Option<usize>,
    /// Which made-up catalogue --generate makes
    #[arg(long, value_name = "S", default_value_t = 1)]
    #[arg(value_parser = lernort_cli::text(|t: &str| t.parse::<u64>().map_err(|_| NOT_A_NUMBER)))]
    seed: u64,
}

const NOT_A_NUMBER: &str = "not a whole number";

fn time(text: &str) -> Result<Timestamp, &'static str> {
    parse_now(text).ok_or("not a time like 2026-11-21T12:00:00+01:00 or a date like 2026-11-21")
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) => return lernort_cli::exit("lernort-import", &error),
    };
    if let Err(error) = lernort_time::clock::from_env() {
        eprintln!("lernort-import: {error}");
        return ExitCode::from(2);
    }
    let now = args.now.unwrap_or_else(now);
    let out = args.out;
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
        unreachable!("clap requires --sources when --generate is not given");
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
