//! The command line: one file per subcommand, each a thin layer over the library.
//! `console` decides what is printed where (and in colour or not), `progress` draws a
//! build's progress; the library itself never prints.

mod build;
mod check;
mod completions;
mod console;
mod init;
mod new;
mod progress;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub use console::{ColorWhen, Console, Verbosity};

/// halong: bilingual investment-promotion portals from YAML and Markdown.
#[derive(Debug, Parser)]
#[command(name = "halong", version, about)]
pub struct Arguments {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

/// Flags every subcommand takes.
#[derive(Debug, clap::Args)]
struct Global {
    /// When to colour the output: auto (on a terminal, unless NO_COLOR is set),
    /// always or never.
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        default_value = "auto",
        global = true
    )]
    color: ColorWhen,
    /// Print only errors and warnings: no progress, no summary.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print how long each stage took.
    #[arg(short, long, global = true)]
    verbose: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into a folder of static files.
    Build(build::BuildArguments),
    /// Build, then serve the site on this machine and print its URL.
    Serve(serve::ServeArguments),
    /// Report every problem in the content without writing anything.
    Check(check::CheckArguments),
    /// Start a new zone, park, cluster, project or news item.
    New(new::NewArguments),
    /// Create a new portal from the default theme and a small sample.
    Init(init::InitArguments),
    /// Print a shell completion script (e.g. `halong completions bash`).
    Completions(completions::CompletionsArguments),
    /// Print the manual page (e.g. `halong man > halong.1`).
    Man,
}

/// The site folder shared by the subcommands.
#[derive(Debug, clap::Args)]
struct RootArgument {
    /// The portal's folder (the one with site.yaml).
    #[arg(short, long, default_value = ".")]
    root: PathBuf,
}

/// Runs the command line.
pub fn run() -> ExitCode {
    // clap prints help and its own errors before our flags are read: give it the
    // colour choice from the raw arguments.
    let command = Arguments::command().color(color_in_arguments());
    let arguments = match Arguments::from_arg_matches(&command.get_matches()) {
        Ok(arguments) => arguments,
        Err(error) => error.exit(),
    };
    let verbosity = match (arguments.global.quiet, arguments.global.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    };
    let console = Console::new(arguments.global.color, verbosity);
    match arguments.command {
        Command::Build(arguments) => build::run(arguments, console),
        Command::Serve(arguments) => serve::run(arguments, console),
        Command::Check(arguments) => check::run(arguments, console),
        Command::New(arguments) => new::run(arguments, console),
        Command::Init(arguments) => init::run(arguments, console),
        Command::Completions(arguments) => completions::run(arguments),
        Command::Man => completions::man(),
    }
}

/// Ends the process at once, once what it printed is flushed: how the one-shot commands
/// (`build`, `check`) end. A normal exit would first have the allocator hand back to the
/// system, page by page, memory the system takes back whole when the process ends,
/// and wait for the model being freed (`free_in_background` in the library): about a
/// millisecond, 2 % of a small portal's build. `serve` builds again and again in one
/// process, and the other commands build nothing; they return as usual.
fn exit_now(code: ExitCode) -> ! {
    use std::io::Write as _;
    // Standard output is buffered (by line); standard error is not.
    let _ = std::io::stdout().flush();
    let status = if code == ExitCode::SUCCESS { 0 } else { 1 };
    #[cfg(unix)]
    {
        extern "C" {
            /// POSIX `_exit`: ends the process without running exit handlers.
            fn _exit(status: std::ffi::c_int) -> !;
        }
        // SAFETY: `_exit` only ends the process. Nothing that has to happen is left to
        // exit handlers: every file is written and closed, standard output flushed.
        unsafe { _exit(status) }
    }
    #[cfg(not(unix))]
    std::process::exit(status)
}

/// The clap command, for completions and the manual page.
fn command() -> clap::Command {
    Arguments::command()
}

/// `--color WHEN` or `--color=WHEN` as given, before clap has parsed anything.
fn color_in_arguments() -> clap::ColorChoice {
    let arguments: Vec<String> = std::env::args_os()
        .map(|argument| argument.to_string_lossy().into_owned())
        .collect();
    let when = arguments.iter().enumerate().find_map(|(index, argument)| {
        match argument.strip_prefix("--color") {
            Some(rest) if rest.starts_with('=') => Some(rest[1..].to_string()),
            Some("") => arguments.get(index + 1).cloned(),
            _ => None,
        }
    });
    match when.as_deref() {
        Some("always") => clap::ColorChoice::Always,
        Some("never") => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    }
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| (elapsed.as_secs() / 86_400) as i64);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's
/// civil_from_days, the inverse of `PartialDate::days_since_epoch`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::PartialDate;

    #[test]
    fn dates_from_days_invert_days_since_epoch() {
        for iso in [
            "1970-01-01",
            "2000-02-29",
            "2024-12-31",
            "2025-03-01",
            "2026-01-01",
        ] {
            let days = PartialDate::parse(iso).unwrap().days_since_epoch();
            let (year, month, day) = civil_from_days(days);
            assert_eq!(format!("{year:04}-{month:02}-{day:02}"), iso);
        }
    }

    #[test]
    fn the_command_line_is_well_formed() {
        command().debug_assert();
    }
}
