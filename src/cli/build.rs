//! `halong build`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::console::{duration, thousands, Console};
use super::progress::Reporter;
use super::RootArgument;
use crate::Options;

/// Arguments of `halong build`.
#[derive(Debug, clap::Args)]
pub struct BuildArguments {
    #[command(flatten)]
    root: RootArgument,
    /// Where to write the site (default: public/ in the portal's folder). The folder
    /// is replaced as a whole: it must be new, empty or made by halong.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Replace the output folder even if halong did not make it (never the site or
    /// its sources).
    #[arg(short, long)]
    force: bool,
    /// Use this base URL instead of site.yaml's (e.g. https://host/portal/).
    #[arg(short = 'u', long)]
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

/// Runs the build, prints what happened, and ends the process
/// ([`super::exit_now`]).
pub fn run(arguments: BuildArguments, console: Console) -> ! {
    let root = arguments.root.root;
    let output = arguments
        .output
        .unwrap_or_else(|| crate::default_output(&root));
    let options = Options {
        base_url: arguments.base_url,
        drafts: arguments.drafts,
        skip: skip_of(&arguments.skip),
    };
    let destination = crate::output::Destination::new(&output).forced(arguments.force);
    let reporter = Reporter::new(console);
    let result =
        crate::build_reporting(&root, destination, &options, &|event| reporter.event(event));
    let elapsed = reporter.finish();
    let code = match result {
        Ok(report) => {
            console.diagnostics(&report.warnings, &crate::SourceTexts::new());
            for note in &report.notes {
                console.note(note);
            }
            console.result("built", summary(&report, &output, elapsed));
            ExitCode::SUCCESS
        }
        Err(failure) => {
            console.diagnostics(&failure.diagnostics, &failure.texts);
            console.error(format!(
                "the build failed; {} was left as it was",
                output.display()
            ));
            ExitCode::FAILURE
        }
    };
    super::exit_now(code)
}

/// `142 files into public in 0.4 s: 58 pages in vi, 58 in en, 26 other files; no
/// warnings`.
pub fn summary(report: &crate::Report, output: &Path, elapsed: std::time::Duration) -> String {
    let pages: Vec<String> = report
        .pages
        .iter()
        .enumerate()
        .map(|(index, (language, count))| {
            let noun = if index == 0 { " pages" } else { "" };
            format!("{}{noun} in {language}", thousands(*count))
        })
        .collect();
    let other = report.files - report.pages.iter().map(|(_, count)| count).sum::<usize>();
    let warnings = match report.warnings.len() {
        0 => "no warnings".to_string(),
        1 => "1 warning".to_string(),
        count => format!("{} warnings", thousands(count)),
    };
    format!(
        "{} files into {} in {}: {}, {} other files; {warnings}",
        thousands(report.files),
        output.display(),
        duration(elapsed),
        pages.join(", "),
        thousands(other),
    )
}
