//! `lernort-people-bench`: how well the app counts people on the sensor floor, against the
//! simulator's ground truth (docs/people-count.md). Prints figures; asserts nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use lernort_floor_protocol::Layout;
use lernort_people_bench::{measure_day, Report, DAY_MS, TUESDAY_8};

/// Runs the gateway's simulator for a day (Tuesday 08:00–22:00 in Soest) per seed and
/// compares the app's people count with the simulator's people every 10 s: exact, within
/// one, mean absolute error and mean bias, by crowd size and by zone.
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
    /// The simulator's seeds, one day each
    #[arg(long, value_name = "N,N,…", value_delimiter = ',', default_values_t = [2026u64, 1, 2, 3])]
    seeds: Vec<u64>,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return lernort_cli::exit("lernort-people-bench", &error),
    };
    let text = match std::fs::read_to_string(&cli.layout) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("lernort-people-bench: {}: {e}", cli.layout.display());
            return ExitCode::FAILURE;
        }
    };
    let layout = match Layout::from_json(&text) {
        Ok(layout) => layout,
        Err(e) => {
            eprintln!("lernort-people-bench: {}: {e}", cli.layout.display());
            return ExitCode::FAILURE;
        }
    };
    let seeds: Vec<String> = cli.seeds.iter().map(u64::to_string).collect();
    let title = format!(
        "Simulator days (Tuesday 08:00-22:00, {} at 20 Hz, compared every 10 s), seeds {}:",
        cli.layout.display(),
        seeds.join(", ")
    );
    let mut report = Report::new(&title, &layout);
    for seed in &cli.seeds {
        measure_day(&layout, *seed, TUESDAY_8, DAY_MS, &mut report);
    }
    print!("{report}");
    ExitCode::SUCCESS
}
