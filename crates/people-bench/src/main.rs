//! `lernort-people-bench`: how well the app counts people on the sensor floor, against the
//! simulator's ground truth (docs/people-count.md). Prints figures; asserts nothing.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use lernort_floor_protocol::Layout;
use lernort_floor_sources::simulator::Body;
use lernort_people_bench::{
    measure_days, parse_body, Report, Variant, GOALS, OTHER_SEEDS, TUESDAY_8, TUNING_SEEDS,
    VARIANTS,
};

/// Runs the gateway's simulator for a day (Tuesday 08:00–22:00 in Soest) per seed and
/// compares the app's people count with the simulator's people every 10 s: exact, within
/// one, mean absolute error and mean bias, by crowd size and by zone.
///
/// Then, under "Not the defaults", the same on seeds the estimator was not tuned on, and
/// on the tuning seeds with visitors whose body differs in one setting (strides, feet,
/// pressure), one line each held against the goals; `!` marks a miss.
///
/// A full run simulates 32 days: about 7 minutes on one core of the project's machine
/// (`--jobs 2` halves it), 50 s with `--defaults-only`. The crowd is largest 17:00–20:00:
/// `--from 17 --hours 3` is a quick look at the busy part.
#[derive(Parser)]
#[command(name = "lernort-people-bench", version, verbatim_doc_comment)]
struct Cli {
    /// The floor layout
    #[arg(
        long,
        value_name = "FILE",
        default_value = "centres/dilas-soest/floor.json"
    )]
    layout: PathBuf,
    /// The simulator's seeds, one day each (the variants run on them too)
    #[arg(long, value_name = "N,N,…", value_delimiter = ',', default_values_t = TUNING_SEEDS)]
    seeds: Vec<u64>,
    /// Seeds the estimator was not tuned on, with the usual visitors
    #[arg(long, value_name = "N,N,…", value_delimiter = ',', default_values_t = OTHER_SEEDS)]
    other_seeds: Vec<u64>,
    /// Only the default run (the first table), not "Not the defaults"
    #[arg(long)]
    defaults_only: bool,
    /// The visitor variants to run, or `none` [default: all of short-strides,
    /// long-strides, small-feet, large-feet, light, heavy]
    #[arg(long, value_name = "NAME,…", value_delimiter = ',')]
    variants: Vec<String>,
    /// Another body, one line after the variants: the usual one with these settings, e.g.
    /// `sole=3,press=35-64` (stride and press: from-to; sole, spread: cm). Repeatable
    #[arg(long, value_name = "KEY=VALUE,…")]
    body: Vec<String>,
    /// Also print each variant's full table (by crowd size and zone), after the summary
    #[arg(long)]
    tables: bool,
    /// The hour the simulated day starts
    #[arg(long, value_name = "H", default_value_t = 8, value_parser = clap::value_parser!(u64).range(0..24))]
    from: u64,
    /// How many hours each simulated day lasts
    #[arg(long, value_name = "H", default_value_t = 14, value_parser = clap::value_parser!(u64).range(1..=24))]
    hours: u64,
    /// Days simulated at once, one per thread
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=64))]
    jobs: u64,
}

/// The variants `names` asks for: all when empty, none for `none`.
fn chosen_variants(names: &[String]) -> Result<Vec<Variant>, String> {
    if names.is_empty() {
        return Ok(VARIANTS.to_vec());
    }
    let mut chosen = Vec::new();
    for name in names {
        if name == "none" {
            continue;
        }
        match VARIANTS.iter().find(|v| v.name == name) {
            Some(v) => chosen.push(*v),
            None => {
                let known: Vec<&str> = VARIANTS.iter().map(|v| v.name).collect();
                return Err(format!(
                    "unknown variant {name} (known: {}, or none)",
                    known.join(", ")
                ));
            }
        }
    }
    Ok(chosen)
}

fn listed(seeds: &[u64]) -> String {
    seeds
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return lernort_cli::exit("lernort-people-bench", &error),
    };
    let fail = |message: String| {
        eprintln!("lernort-people-bench: {message}");
        ExitCode::FAILURE
    };
    if cli.from + cli.hours > 24 {
        return fail(format!(
            "--from {} --hours {} ends after midnight",
            cli.from, cli.hours
        ));
    }
    let variants = match chosen_variants(&cli.variants) {
        Ok(variants) => variants,
        Err(e) => return fail(e),
    };
    // The command line's own bodies, named by their text.
    let mut bodies: Vec<(String, &str, Body)> = variants
        .into_iter()
        .map(|v| (v.name.to_string(), v.what, v.body))
        .collect();
    for spec in &cli.body {
        match parse_body(spec) {
            Ok(body) => bodies.push((spec.clone(), "from --body", body)),
            Err(e) => return fail(format!("--body {spec}: {e}")),
        }
    }
    let text = match std::fs::read_to_string(&cli.layout) {
        Ok(text) => text,
        Err(e) => return fail(format!("{}: {e}", cli.layout.display())),
    };
    let layout = match Layout::from_json(&text) {
        Ok(layout) => layout,
        Err(e) => return fail(format!("{}: {e}", cli.layout.display())),
    };
    let started = Instant::now();
    let start_ms = TUESDAY_8 - 8 * 3_600_000 + cli.from * 3_600_000;
    let duration_ms = cli.hours * 3_600_000;
    let jobs = cli.jobs as usize;
    let mut days = 0;
    let mut measure = |seeds: &[u64], body: Body, title: &str| {
        let mut report = Report::new(title, &layout);
        measure_days(
            &layout,
            seeds,
            body,
            start_ms,
            duration_ms,
            jobs,
            &mut report,
        );
        days += seeds.len();
        report
    };

    let window = format!(
        "Tuesday {:02}:00-{:02}:00, {} at 20 Hz, compared every 10 s",
        cli.from,
        cli.from + cli.hours,
        cli.layout.display()
    );
    let title = format!("Simulator days ({window}), seeds {}:", listed(&cli.seeds));
    let defaults = measure(&cli.seeds, Body::USUAL, &title);
    print!("{defaults}");

    if !cli.defaults_only {
        println!(
            "\nNot the defaults ({window}): seeds the count was not tuned on, with the usual \
             visitors;\nthen seeds {} with visitors whose body differs in one setting, so that \
             each line\ndiffers from the first in one thing. Bias by crowd size 0-4, 5-9, \
             10-19, 20+. `!`: misses its goal.",
            listed(&cli.seeds)
        );
        for (name, what, _) in &bodies {
            println!("  {name:<14} {what}");
        }
        print!("{}", Report::summary_header());
        let name = format!("defaults (seeds {})", listed(&cli.seeds));
        println!("{}", defaults.summary_row(&name));
        let mut tables = Vec::new();
        if !cli.other_seeds.is_empty() {
            let name = format!("seeds {}", listed(&cli.other_seeds));
            let title = format!(
                "Other seeds, {}, the usual visitors:",
                listed(&cli.other_seeds)
            );
            let report = measure(&cli.other_seeds, Body::USUAL, &title);
            println!("{}", report.summary_row(&name));
            tables.push(report);
        }
        for (name, what, body) in &bodies {
            let title = format!("{name}: {what}, seeds {}:", listed(&cli.seeds));
            let report = measure(&cli.seeds, *body, &title);
            println!("{}", report.summary_row(name));
            tables.push(report);
        }
        let missed = std::iter::once(&defaults)
            .chain(&tables)
            .filter(|r| !r.meets_goals())
            .count();
        println!(
            "{missed} of {} lines miss a goal (up to {} people within ±1 in >= {:.0}%, above: \
             MAE <= {:.0}%, |bias| <= {:.0}%, each zone within ±1 in >= {:.0}%)",
            tables.len() + 1,
            GOALS.small_crowd,
            GOALS.within_one_percent,
            GOALS.mean_abs_error_percent,
            GOALS.bias_percent,
            GOALS.within_one_percent
        );
        if cli.tables {
            for report in &tables {
                print!("\n{report}");
            }
        }
    }
    let took = started.elapsed().as_secs();
    eprintln!(
        "lernort-people-bench: {days} simulated days of {} h in {} min {:02} s ({jobs} at once)",
        cli.hours,
        took / 60,
        took % 60
    );
    ExitCode::SUCCESS
}
