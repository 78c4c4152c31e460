//! The command line: one file per subcommand, each a thin layer over the library.

mod build;
mod check;
mod init;
mod new;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostics::{render_human, Diagnostic, SourceTexts};

/// halong: bilingual investment-promotion portals from YAML and Markdown.
#[derive(Debug, Parser)]
#[command(name = "halong", version, about)]
struct Arguments {
    #[command(subcommand)]
    command: Command,
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
}

/// The site folder shared by the subcommands.
#[derive(Debug, clap::Args)]
struct RootArgument {
    /// The portal's folder (the one with site.yaml).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// Runs the command line.
pub fn run() -> ExitCode {
    let arguments = Arguments::parse();
    match arguments.command {
        Command::Build(arguments) => build::run(arguments),
        Command::Serve(arguments) => serve::run(arguments),
        Command::Check(arguments) => check::run(arguments),
        Command::New(arguments) => new::run(arguments),
        Command::Init(arguments) => init::run(arguments),
    }
}

/// Prints diagnostics to standard error, with a count.
fn print_diagnostics(diagnostics: &[Diagnostic], texts: &SourceTexts) {
    if diagnostics.is_empty() {
        return;
    }
    eprint!("{}", render_human(diagnostics, texts));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    eprintln!("{errors} error(s), {warnings} warning(s)");
}
