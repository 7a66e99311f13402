//! `lernort-coworking`: see [`lernort_coworking::cli`] and docs/coworking-format.md.

use std::process::ExitCode;

use lernort_coworking::cli::{parse_args, run, CliError};

fn main() -> ExitCode {
    if let Err(error) = lernort_time::clock::from_env() {
        eprintln!("lernort-coworking: {error}");
        return ExitCode::from(2);
    }
    let result = parse_args(std::env::args().skip(1)).and_then(|options| {
        let spaces = run(&options)?;
        println!(
            "lernort-coworking: {} spaces written to {}",
            spaces,
            options.out.display()
        );
        Ok(())
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error @ CliError::Usage(_)) => {
            eprintln!("lernort-coworking: {error}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("lernort-coworking: {error}");
            ExitCode::FAILURE
        }
    }
}
