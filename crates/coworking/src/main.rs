//! `lernort-coworking`: see [`lernort_coworking::cli`] and docs/coworking-format.md.

use std::process::ExitCode;

use lernort_coworking::cli::{parse_args, run};

fn main() -> ExitCode {
    if let Err(error) = lernort_time::clock::from_env() {
        eprintln!("lernort-coworking: {error}");
        return ExitCode::from(2);
    }
    let options = match parse_args(std::env::args_os().skip(1)) {
        Ok(options) => options,
        Err(error) => return lernort_cli::exit("lernort-coworking", &error),
    };
    match run(&options) {
        Ok(spaces) => {
            println!(
                "lernort-coworking: {} spaces written to {}",
                spaces,
                options.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("lernort-coworking: {error}");
            ExitCode::FAILURE
        }
    }
}
