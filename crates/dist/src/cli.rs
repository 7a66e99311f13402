//! The command line: `lernort-dist finish …` and `lernort-dist size …`, parsed by clap;
//! the doc comments of [`Cli`] and [`Command`] are its `--help`.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use lernort_routes::Bundle;

use crate::{finish, size, Error, FinishOptions};

/// Gets Trunk's dist folder ready to publish, and measures what the first view loads.
///
/// Exit codes: 0 done, 1 failed (the message names the file), 2 the command line is wrong.
#[derive(Clone, Debug, PartialEq, Parser)]
#[command(name = "lernort-dist", version, arg_required_else_help = false)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// A parsed command line.
#[derive(Clone, Debug, PartialEq, Subcommand)]
pub enum Command {
    /// Get DIST ready to publish: install the centre, write pages, feeds, compressed copies
    ///
    /// Step by step:
    /// - check CENTRE_DIR/centre.json and copy the centre's files to DIST/centre/;
    /// - in each app page (index.html, and catalogue.html, coworking.html, kiosk.html when
    ///   there): set <base href>, remove nonce attributes, set integrity hashes from
    ///   the files' content and write the Content-Security-Policy (inline scripts are
    ///   allowed by their SHA-256 hash);
    ///   write coworking/index.html and kiosk/index.html from their app pages;
    /// - write 404.html, a copy of index.html;
    /// - when DIST/data/catalogue.json exists: a page per course (kurse/…/index.html), the
    ///   course list (kurse/index.html), a calendar file per course (data/kurse/….ics) and
    ///   the feed of upcoming sessions (data/kurse.ics);
    /// - sitemap.xml (when centre.json has a site_url) and robots.txt;
    /// - manifest.webmanifest and the service worker sw.js;
    /// - .gz (gzip -9) and .br (brotli 11) copies of html, js, css, wasm, svg, json, xml,
    ///   txt, ics, webmanifest and map files.
    ///
    /// Files of this kind that an earlier run wrote and this one does not are removed.
    /// Running it twice gives the same files, byte for byte.
    #[command(verbatim_doc_comment)]
    Finish {
        /// The site, its centre and its path.
        #[command(flatten)]
        site: Site,
        /// What counts as upcoming in the course pages and the feed:
        /// a time like 2027-01-15T08:00:00+01:00,
        /// or a date like 2027-01-15 (midnight in Berlin)
        /// [default: the time the catalogue was made]
        #[arg(long, value_name = "TIME", verbatim_doc_comment)]
        #[arg(value_parser = lernort_cli::text(instant))]
        now: Option<i64>,
    },
    /// Re-import the centre's courses and re-make everything data-driven in a built DIST
    ///
    /// For a timer or cron job: fetches and imports CENTRE_DIR/catalogue (sources by URL
    /// too), then does what finish does — course pages, feeds, calendar files, sitemap,
    /// the service worker's list — without rebuilding the app. With another centre's
    /// folder it switches the site to that centre and all of its data.
    ///
    /// The work is done on a copy (DIST.next) that then takes DIST's place in one step:
    /// visitors get the old site or the new one, never a mix. When the import or the
    /// finish fails, DIST stays as it was (exit code 1).
    #[command(verbatim_doc_comment)]
    Refresh {
        /// The site, its centre and its path.
        #[command(flatten)]
        site: Site,
        /// The import's time: what is past, what is upcoming
        /// [default: now]
        #[arg(long, value_name = "TIME", verbatim_doc_comment)]
        #[arg(value_parser = lernort_cli::text(instant))]
        now: Option<i64>,
    },
    /// List the app's bundles, one line each: its Trunk entry file and its Cargo features
    ///
    /// From the one bundle table (lernort_routes::Bundle), the start bundle first:
    /// scripts/build builds each entry file, scripts/test lints each feature set.
    /// index.html is the start bundle's entry; the others are made from it.
    #[command(verbatim_doc_comment)]
    Bundles {
        /// Write the other bundles' entries into DIR (made from index.html in
        /// this folder) and list those files
        #[arg(long, value_name = "DIR", verbatim_doc_comment)]
        entries: Option<PathBuf>,
    },
    /// Give the wasm's imports from its JS glue short names, in both files
    ///
    /// For each lernort-*_bg.wasm in DIST and its lernort-*.js: wasm-bindgen's import
    /// names (the Rust item and a hash, about 170 per bundle) become a, b, c, …
    /// Run before the glue is minified and before finish (which writes the files'
    /// integrity hashes).
    #[command(verbatim_doc_comment)]
    Imports {
        /// Trunk's output folder, e.g. dist
        #[arg(value_name = "DIST")]
        dist: PathBuf,
    },
    /// Report what the first view of each app page loads, in KiB
    ///
    /// For index.html, and catalogue.html, coworking.html, kiosk.html when there: the
    /// page, its stylesheets, preloads and scripts, the .js and .wasm its module scripts
    /// import, centre/centre.json and the logo (and the catalogue for catalogue.html),
    /// each raw, with gzip -9 and with brotli, and the totals.
    #[command(verbatim_doc_comment)]
    Size {
        /// The finished (or unfinished) output folder, e.g. dist
        #[arg(value_name = "DIST")]
        dist: PathBuf,
        /// Fail (exit code 1) when the app files of a page's first view
        /// are more than N KiB with gzip -9
        #[arg(
            long,
            value_name = "N",
            allow_negative_numbers = true,
            verbatim_doc_comment
        )]
        #[arg(value_parser = lernort_cli::text(kib_budget))]
        budget_kib: Option<f64>,
    },
}

/// Which site, for which centre, under which path: what `finish` and `refresh` work on.
#[derive(Clone, Debug, PartialEq, Args)]
pub struct Site {
    /// Trunk's output folder, e.g. dist
    #[arg(value_name = "DIST")]
    pub dist: PathBuf,
    /// The centre's folder, e.g. centres/dilas-soest
    #[arg(long, value_name = "CENTRE_DIR")]
    pub centre: PathBuf,
    /// The path the site is served under, e.g. /lernort/
    /// (the / at the start and at the end may be left out)
    #[arg(long, value_name = "PATH", default_value = "/", verbatim_doc_comment)]
    #[arg(value_parser = lernort_cli::text(text))]
    pub base: String,
}

/// Parses the arguments after the program name. `--help` and `--version` come back as
/// an error whose [`clap::Error::exit_code`] is 0; [`lernort_cli::exit`] prints either kind.
pub fn parse<I, T>(args: I) -> Result<Command, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let program = std::iter::once(OsString::from("lernort-dist"));
    Cli::try_parse_from(program.chain(args.into_iter().map(Into::into))).map(|cli| cli.command)
}

fn text(text: &str) -> Result<String, std::convert::Infallible> {
    Ok(text.to_owned())
}

fn instant(text: &str) -> Result<i64, &'static str> {
    lernort_time::parse_instant(text)
        .ok_or("not a time like 2027-01-15T08:00:00+01:00 or a date like 2027-01-15")
}

fn kib_budget(text: &str) -> Result<f64, &'static str> {
    text.parse::<f64>()
        .ok()
        .filter(|b| b.is_finite() && *b >= 0.0)
        .ok_or("not a number of KiB")
}

/// Runs a command, printing its report to `out`. The size report is printed even when it is
/// over budget; the error follows.
pub fn run(command: &Command, out: &mut dyn Write) -> Result<(), Error> {
    let stdout = |e| Error::io(&PathBuf::from("<stdout>"), "write", e);
    match command {
        Command::Finish { site, now } => {
            // A bad --base is a usage error (exit 2), found before anything is touched.
            let report = finish(&FinishOptions {
                dist: site.dist.clone(),
                centre: site.centre.clone(),
                base: site.base.clone(),
                now: *now,
            })?;
            writeln!(out, "{report}").map_err(stdout)
        }
        Command::Refresh { site, now } => {
            let report = crate::refresh::refresh(&crate::refresh::RefreshOptions {
                dist: site.dist.clone(),
                centre: site.centre.clone(),
                base: site.base.clone(),
                now: now.unwrap_or_else(lernort_time::clock::unix_seconds),
            })?;
            if let Some(import) = &report.import {
                write!(out, "{import}").map_err(stdout)?;
            }
            writeln!(out, "{}", report.finish).map_err(stdout)
        }
        Command::Bundles { entries } => {
            let files = match entries {
                Some(dir) => crate::entries::write_entries(Path::new("."), dir)?,
                None => Bundle::ALL.map(|b| (b, PathBuf::from(b.shell()))).to_vec(),
            };
            files.iter().try_for_each(|(bundle, file)| {
                writeln!(out, "{} {}", file.display(), bundle.feature_list()).map_err(stdout)
            })
        }
        Command::Imports { dist } => {
            for line in crate::imports::shorten_in(dist)? {
                writeln!(out, "{line}").map_err(stdout)?;
            }
            Ok(())
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
    let command = match parse(std::env::args_os().skip(1)) {
        Ok(command) => command,
        Err(error) => return lernort_cli::exit("lernort-dist", &error),
    };
    match run(&command, &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("lernort-dist: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::error::ErrorKind;
    use clap::CommandFactory;
    use lernort_cli::testing::{mistake, not_utf8, with_bytes};

    use super::*;

    fn p(args: &[&str]) -> Result<Command, clap::Error> {
        parse(args)
    }

    fn finish_command(dist: &str, centre: &str, base: &str, now: Option<i64>) -> Command {
        Command::Finish {
            site: Site {
                dist: dist.into(),
                centre: centre.into(),
                base: base.into(),
            },
            now,
        }
    }

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn finish_arguments() {
        assert_eq!(
            p(&["finish", "dist", "--centre", "centres/x", "--base=/sub"]).unwrap(),
            finish_command("dist", "centres/x", "/sub", None)
        );
        assert_eq!(
            p(&["finish", "--centre=c", "d"]).unwrap(),
            finish_command("d", "c", "/", None)
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
                Ok(Command::Finish {
                    now: Some(1_799_996_400),
                    ..
                })
            ),
            "{with_now:?}"
        );
        let day = p(&["finish", "d", "--centre", "c", "--now=2027-01-15"]).unwrap();
        let Command::Finish {
            now: Some(midnight),
            ..
        } = day
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
            let error = p(args).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::DisplayHelp, "{args:?}");
            assert_eq!(error.exit_code(), 0, "{args:?}");
        }
    }

    #[test]
    fn bad_usage_is_exit_2_with_one_line() {
        // The expected parts are clap's wording since clap parses the command line (before:
        // "missing command", "unknown command", "needs --centre", "missing the dist
        // directory", "--centre needs a value", "unknown option", "… is given twice").
        for (args, expected) in [
            (&[][..], "requires a subcommand"),
            (&["build"], "unrecognized subcommand 'build'"),
            (
                &["finish", "dist"],
                "required arguments were not provided: --centre <CENTRE_DIR>",
            ),
            (
                &["finish", "--centre", "c"],
                "required arguments were not provided: <DIST>",
            ),
            (
                &["finish", "d", "--centre"],
                "a value is required for '--centre <CENTRE_DIR>'",
            ),
            (
                &["finish", "d", "--centre", "c", "--budget-kib", "1"],
                "unexpected argument '--budget-kib'",
            ),
            (
                &["finish", "d", "e", "--centre", "c"],
                "unexpected argument 'e'",
            ),
            (
                &["finish", "d", "--centre", "c", "--now", "morgen"],
                "--now",
            ),
            (&["size", "d", "--budget-kib", "lots"], "not a number"),
            (&["size", "d", "--budget-kib", "-1"], "not a number"),
            (
                &["size", "d", "--budget-kib=1", "--budget-kib=2"],
                "cannot be used multiple times",
            ),
        ] {
            let err = p(args).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{args:?}");
            let message = lernort_cli::message(&err);
            assert!(message.contains(expected), "{args:?}: {message}");
            assert!(!message.contains('\n'), "{message}");
        }
    }

    #[test]
    fn a_bad_base_is_exit_2_before_anything_is_touched() {
        let command = finish_command("no-such-dist", "no-such-centre", "/a b/", None);
        let err = run(&command, &mut Vec::new()).unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().starts_with("--base \"/a b/\""), "{err}");
    }

    #[test]
    fn a_base_that_is_not_utf8_is_named() {
        let args = with_bytes(&["finish", "d", "--centre=c", "--base"], b"/lern\xf6rt/");
        let err = parse(args).unwrap_err();
        assert_eq!(
            mistake(&err),
            Some(not_utf8("--base <PATH>", "/lern\u{FFFD}rt/"))
        );
    }
}
