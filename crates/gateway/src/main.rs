//! `lernort-gateway [--config FILE] [--dist DIR] [--addr HOST:PORT] [--base /sub/path/]`
//!
//! Exit codes: 0 after Ctrl-C/SIGTERM, `--help` or `--version`, 1 when the config file is
//! broken or serving fails (e.g. the port is in use), 2 for a bad command line.

use std::process::ExitCode;

use lernort_gateway::cli;

fn main() -> ExitCode {
    let options = match cli::parse_args(std::env::args_os().skip(1)) {
        Ok(options) => options,
        Err(error) => return lernort_cli::exit("lernort-gateway", &error),
    };
    if let Err(error) = lernort_time::clock::from_env() {
        eprintln!("lernort-gateway: {error}");
        return ExitCode::from(2);
    }
    let config = match options.load() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("lernort-gateway: {error}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("lernort-gateway: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(lernort_gateway::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("lernort-gateway: {error}");
            ExitCode::FAILURE
        }
    }
}
