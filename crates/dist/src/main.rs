//! `lernort-dist`: see [`lernort_dist::cli::Cli`] (its doc comments are the `--help`).

fn main() -> std::process::ExitCode {
    lernort_dist::cli::main()
}
