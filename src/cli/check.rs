//! `halong check`: every diagnostic, then a summary; exit 1 on errors (and on
//! warnings with `--strict`).

use std::process::ExitCode;

use super::{print_diagnostics, RootArgument};
use crate::diagnostics::render_json;
use crate::Options;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Like rustc, for people.
    Human,
    /// One JSON object per line, for tools.
    Json,
}

/// Arguments of `halong check`.
#[derive(Debug, clap::Args)]
pub struct CheckArguments {
    #[command(flatten)]
    root: RootArgument,
    /// Fail on warnings too.
    #[arg(long)]
    strict: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// Runs the check.
pub fn run(arguments: CheckArguments) -> ExitCode {
    let (diagnostics, texts, site) = crate::check(&arguments.root.root, &Options::default());
    match arguments.format {
        Format::Json => print!("{}", render_json(&diagnostics)),
        Format::Human => {
            print_diagnostics(&diagnostics, &texts);
            if let Some(site) = &site {
                eprint!("{}", coverage(site));
            }
        }
    }
    let errors = diagnostics.iter().any(|d| d.is_error());
    let warnings = diagnostics.iter().any(|d| !d.is_error());
    if errors || (arguments.strict && warnings) {
        ExitCode::FAILURE
    } else {
        if arguments.format == Format::Human {
            eprintln!("no errors");
        }
        ExitCode::SUCCESS
    }
}

/// Translation coverage per language.
fn coverage(site: &crate::content::model::Site) -> String {
    let mut out = String::from("translation coverage:\n");
    for language in &site.config.languages {
        let records = site.records.len();
        let with_prose = site
            .records
            .iter()
            .filter(|record| record.prose.contains_key(language))
            .count();
        let pages = site.pages.len() + site.news.len();
        let with_text = site
            .pages
            .iter()
            .filter(|page| page.versions.contains_key(language))
            .count()
            + site
                .news
                .iter()
                .filter(|article| article.versions.contains_key(language))
                .count();
        out.push_str(&format!(
            "  {language}: records {with_prose}/{records}, news and pages {with_text}/{pages}\n"
        ));
        for record in site
            .records
            .iter()
            .filter(|record| !record.prose.contains_key(language))
        {
            out.push_str(&format!(
                "    missing prose: content/{}/{}.{language}.md\n",
                record.kind.folder(),
                record.slug
            ));
        }
    }
    out
}
