//! The command line: parsing arguments into a [`Command`] and running it.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::{finish, size, Error, FinishOptions};

/// The help text.
pub const USAGE: &str = "\
lernort-dist: finishes Trunk's dist/ for deployment and measures the first view.

Usage:
  lernort-dist finish <DIST> --centre <CENTRE_DIR> [--base </sub/path/>] [--now <TIME>]
  lernort-dist size <DIST> [--budget-kib <N>]
  lernort-dist --help

Commands:
  finish  Validate CENTRE_DIR/centre.json and copy CENTRE_DIR's files to DIST/centre/;
          set <base href> in DIST/index.html; remove nonce attributes and write the
          Content-Security-Policy meta element (inline scripts allowed by SHA-256 hash);
          write DIST/404.html as a copy of index.html; when DIST/data/catalogue.json
          exists, write a static page per course (kurse/<slug>/index.html), the course
          list (kurse/index.html), iCalendar files (data/kurse/<slug>.ics) and the feed
          of upcoming sessions (data/kurse.ics); write sitemap.xml (with the centre's
          site_url) and robots.txt; remove such files of an earlier run that this one
          does not write; write .gz (gzip -9) and .br
          (brotli 11) copies of html, js, css, wasm, svg, json, xml, txt, ics,
          webmanifest and map files, removing stale ones. Running it twice gives
          byte-identical files.
  size    Report what the first view loads, for each app shell (index.html and, when
          there, catalogue.html): the shell, its stylesheets, preloads and scripts, the
          .js/.wasm its module scripts import, centre/centre.json and the logo (and the
          catalogue for catalogue.html) in KiB: raw, gzip -9 and brotli, with total
          lines. --budget-kib applies to each shell's app files.

Options:
  --centre <CENTRE_DIR>  the centre's directory, e.g. centres/dilas-soest
  --base <PATH>          the path the site is served under (default /); a leading and
                         a trailing / are added
  --now <TIME>           what counts as upcoming in the course pages and the feed
                         (RFC 3339, e.g. 2027-01-15T08:00:00+01:00, or YYYY-MM-DD for
                         midnight in Berlin); default: the catalogue's generated time
  --budget-kib <N>       fail when the first view's gzip -9 total exceeds N KiB
  -h, --help             print this help

Exit status: 0 done, 1 failed (the message names the file), 2 bad usage.
";

/// A parsed command line.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Print [`USAGE`].
    Help,
    /// `finish`: see [`crate::finish`].
    Finish(FinishOptions),
    /// `size`: see [`size::first_view`].
    Size {
        /// The dist directory.
        dist: PathBuf,
        /// `--budget-kib`.
        budget_kib: Option<f64>,
    },
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, Error> {
    let usage = |message: String| Error::Usage(message);
    let mut args = args.into_iter();
    let Some(command) = args.next() else {
        return Err(usage("missing command: finish or size".into()));
    };
    let command = command.to_string_lossy().into_owned();
    if matches!(command.as_str(), "-h" | "--help" | "help") {
        return Ok(Command::Help);
    }
    let allowed: &[&str] = match command.as_str() {
        "finish" => &["--centre", "--base", "--now"],
        "size" => &["--budget-kib"],
        other => return Err(usage(format!("unknown command {other:?}"))),
    };

    let mut dist: Option<PathBuf> = None;
    let mut options: Vec<(String, OsString)> = Vec::new();
    let mut only_paths = false;
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        if only_paths || !text.starts_with('-') || text == "-" {
            if dist.is_some() {
                return Err(usage(format!("unexpected argument {text:?}")));
            }
            dist = Some(PathBuf::from(arg));
            continue;
        }
        if text == "--" {
            only_paths = true;
            continue;
        }
        if matches!(text.as_ref(), "-h" | "--help") {
            return Ok(Command::Help);
        }
        let (name, value) = match text.split_once('=') {
            Some((name, value)) => (name.to_string(), Some(OsString::from(value))),
            None => (text.to_string(), None),
        };
        if !allowed.contains(&name.as_str()) {
            return Err(usage(format!("unknown option {name} for {command}")));
        }
        if options.iter().any(|(seen, _)| *seen == name) {
            return Err(usage(format!("{name} is given twice")));
        }
        let value = match value {
            Some(value) => value,
            None => args
                .next()
                .ok_or_else(|| usage(format!("{name} needs a value")))?,
        };
        options.push((name, value));
    }
    let dist = dist.ok_or_else(|| usage(format!("{command}: missing the dist directory")))?;
    let option = |name: &str| {
        options
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    match command.as_str() {
        "finish" => {
            let centre = option("--centre")
                .ok_or_else(|| usage("finish needs --centre <CENTRE_DIR>".into()))?;
            let base = match option("--base") {
                Some(base) => base
                    .into_string()
                    .map_err(|_| usage("--base is not valid UTF-8".into()))?,
                None => "/".to_string(),
            };
            // Checked here so a bad base is a usage error before anything is touched.
            crate::normalise_base(&base)?;
            let now = match option("--now") {
                Some(value) => {
                    let text = value.to_string_lossy();
                    Some(lernort_time::parse_instant(&text).ok_or_else(|| {
                        usage(format!(
                            "--now {text:?} is not a time like 2027-01-15T08:00:00+01:00 or a date like 2027-01-15"
                        ))
                    })?)
                }
                None => None,
            };
            Ok(Command::Finish(FinishOptions {
                dist,
                centre: PathBuf::from(centre),
                base,
                now,
            }))
        }
        _ => {
            let budget_kib = match option("--budget-kib") {
                Some(value) => {
                    let text = value.to_string_lossy();
                    let budget = text
                        .parse::<f64>()
                        .ok()
                        .filter(|b| b.is_finite() && *b >= 0.0)
                        .ok_or_else(|| {
                            usage(format!("--budget-kib {text:?} is not a number of KiB"))
                        })?;
                    Some(budget)
                }
                None => None,
            };
            Ok(Command::Size { dist, budget_kib })
        }
    }
}

/// Runs a command, printing its report to `out`. The size report is printed even when it is
/// over budget; the error follows.
pub fn run(command: &Command, out: &mut dyn Write) -> Result<(), Error> {
    let stdout = |e| Error::io(&PathBuf::from("<stdout>"), "write", e);
    match command {
        Command::Help => out.write_all(USAGE.as_bytes()).map_err(stdout),
        Command::Finish(options) => {
            let report = finish(options)?;
            writeln!(out, "{report}").map_err(stdout)
        }
        Command::Size { dist, budget_kib } => {
            let reports = size::first_views(dist, *budget_kib)?;
            for (i, report) in reports.iter().enumerate() {
                let gap = if i == 0 { "" } else { "\n" };
                writeln!(out, "{gap}{report}").map_err(stdout)?;
            }
            reports.iter().try_for_each(size::SizeReport::check_budget)
        }
    }
}

/// The whole program: parses `std::env::args_os`, runs, prints errors as one line on stderr
/// and returns the exit status.
pub fn main() -> ExitCode {
    let result = parse(std::env::args_os().skip(1))
        .and_then(|command| run(&command, &mut std::io::stdout().lock()));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("lernort-dist: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Command, Error> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn finish_arguments() {
        assert_eq!(
            p(&["finish", "dist", "--centre", "centres/x", "--base=/sub"]).unwrap(),
            Command::Finish(FinishOptions {
                dist: "dist".into(),
                centre: "centres/x".into(),
                base: "/sub".into(),
                now: None,
            })
        );
        assert_eq!(
            p(&["finish", "--centre=c", "d"]).unwrap(),
            Command::Finish(FinishOptions {
                dist: "d".into(),
                centre: "c".into(),
                base: "/".into(),
                now: None,
            })
        );
        let with_now = p(&[
            "finish",
            "d",
            "--centre",
            "c",
            "--now",
            "2027-01-15T08:00:00+01:00",
        ]);
        assert!(
            matches!(
                with_now,
                Ok(Command::Finish(FinishOptions {
                    now: Some(1_799_996_400),
                    ..
                }))
            ),
            "{with_now:?}"
        );
        let day = p(&["finish", "d", "--centre", "c", "--now=2027-01-15"]).unwrap();
        let Command::Finish(FinishOptions {
            now: Some(midnight),
            ..
        }) = day
        else {
            panic!("{day:?}");
        };
        // 2027-01-15T00:00:00+01:00
        assert_eq!(midnight, 1_799_967_600);
    }

    #[test]
    fn size_arguments() {
        assert_eq!(
            p(&["size", "dist", "--budget-kib", "200"]).unwrap(),
            Command::Size {
                dist: "dist".into(),
                budget_kib: Some(200.0)
            }
        );
        assert_eq!(
            p(&["size", "--", "-odd"]).unwrap(),
            Command::Size {
                dist: "-odd".into(),
                budget_kib: None
            }
        );
    }

    #[test]
    fn help() {
        for args in [&["--help"][..], &["-h"], &["help"], &["size", "--help"]] {
            assert_eq!(p(args).unwrap(), Command::Help);
        }
    }

    #[test]
    fn bad_usage_is_exit_2_with_one_line() {
        for (args, expected) in [
            (&[][..], "missing command"),
            (&["build"], "unknown command"),
            (&["finish", "dist"], "needs --centre"),
            (&["finish", "--centre", "c"], "missing the dist directory"),
            (&["finish", "d", "--centre"], "--centre needs a value"),
            (
                &["finish", "d", "--centre", "c", "--budget-kib", "1"],
                "unknown option",
            ),
            (
                &["finish", "d", "e", "--centre", "c"],
                "unexpected argument",
            ),
            (
                &["finish", "d", "--centre", "c", "--base", "/a b/"],
                "--base",
            ),
            (
                &["finish", "d", "--centre", "c", "--now", "morgen"],
                "--now",
            ),
            (&["size", "d", "--budget-kib", "lots"], "not a number"),
            (&["size", "d", "--budget-kib", "-1"], "not a number"),
            (&["size", "d", "--budget-kib=1", "--budget-kib=2"], "twice"),
        ] {
            let err = p(args).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{args:?}");
            let message = err.to_string();
            assert!(message.contains(expected), "{args:?}: {message}");
            assert!(!message.contains('\n'), "{message}");
        }
    }
}
