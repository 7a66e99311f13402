//! `lernort-dist`: see [`lernort_dist::cli::USAGE`].

fn main() -> std::process::ExitCode {
    lernort_dist::cli::main()
}
