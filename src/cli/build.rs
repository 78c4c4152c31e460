//! `halong build`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use super::{print_diagnostics, RootArgument};
use crate::Options;

/// Arguments of `halong build`.
#[derive(Debug, clap::Args)]
pub struct BuildArguments {
    #[command(flatten)]
    root: RootArgument,
    /// Where to write the site (default: public/ in the portal's folder). The folder
    /// is replaced as a whole: it must be new, empty or made by halong.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Replace the output folder even if halong did not make it (never the site or
    /// its sources).
    #[arg(short, long)]
    force: bool,
    /// Use this base URL instead of site.yaml's (e.g. https://host/portal/).
    #[arg(long)]
    base_url: Option<String>,
    /// Include news marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Leave parts out, e.g. `--skip charts,search` (a quicker draft; the pages
    /// still link to what is left out).
    #[arg(long, value_enum, value_delimiter = ',')]
    skip: Vec<Part>,
}

/// A part of the output `--skip` can leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Part {
    /// Charts and the map.
    Charts,
    /// The search page and index.
    Search,
    /// The compare page.
    Compare,
    /// Open data under /data/.
    Data,
}

/// The parts left out, as the build takes them.
fn skip_of(parts: &[Part]) -> crate::config::Skip {
    crate::config::Skip {
        charts: parts.contains(&Part::Charts),
        search: parts.contains(&Part::Search),
        compare: parts.contains(&Part::Compare),
        data: parts.contains(&Part::Data),
    }
}

/// Runs the build and prints what happened.
pub fn run(arguments: BuildArguments) -> ExitCode {
    let root = arguments.root.root;
    let output = arguments
        .output
        .unwrap_or_else(|| crate::default_output(&root));
    let options = Options {
        base_url: arguments.base_url,
        drafts: arguments.drafts,
        skip: skip_of(&arguments.skip),
    };
    let started = Instant::now();
    let destination = crate::output::Destination::new(&output).forced(arguments.force);
    match crate::build(&root, destination, &options) {
        Ok(report) => {
            print_diagnostics(&report.warnings, &crate::SourceTexts::new());
            println!(
                "built {} files into {} in {} ms",
                report.files,
                output.display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics, &failure.texts);
            eprintln!("build failed; {} was left as it was", output.display());
            ExitCode::FAILURE
        }
    }
}
