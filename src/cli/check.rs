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
            let count = diagnostics.len();
            eprintln!(
                "no errors{}",
                if count > 0 {
                    format!(", {count} warning(s)")
                } else {
                    String::new()
                }
            );
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
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| (elapsed.as_secs() / 86_400) as i64);
    let (unsourced, stale) = figure_report(site, today);
    out.push_str(&format!("figures without a source: {}\n", unsourced.len()));
    for line in unsourced {
        out.push_str(&format!("    {line}\n"));
    }
    out.push_str(&format!(
        "figures older than {} days (options.stale_after_days): {}\n",
        site.config.stale_after_days,
        stale.len()
    ));
    for line in stale {
        out.push_str(&format!("    {line}\n"));
    }
    out
}

/// Figures with no source, and figures whose newest value is older than the site's
/// threshold on `today` (days since 1970-01-01), as `file: key` lines.
pub fn figure_report(site: &crate::content::model::Site, today: i64) -> (Vec<String>, Vec<String>) {
    let mut unsourced = Vec::new();
    let mut stale = Vec::new();
    let province = site.province.facts.iter().map(|figure| {
        (
            "content/province.yaml".to_string(),
            &site.schema.province,
            figure,
        )
    });
    let records = site.records.iter().flat_map(|record| {
        let schema = site.schema.of(record.kind);
        record
            .facts
            .iter()
            .map(move |figure| (record.file.display().to_string(), schema, figure))
    });
    for (file, schema, figure) in province.chain(records) {
        if figure.entries.iter().any(|entry| entry.source.is_none()) {
            unsourced.push(format!("{file}: {}", figure.key));
        }
        // Dates of record (a founding decision, a lease term) do not go stale.
        if schema
            .fact(&figure.key)
            .is_some_and(|fact| !fact.goes_stale)
        {
            continue;
        }
        if let Some(as_of) = figure.current().and_then(|entry| entry.as_of) {
            let age = today - as_of.days_since_epoch();
            if age > site.config.stale_after_days {
                stale.push(format!(
                    "{file}: {} (as of {}, {age} days old)",
                    figure.key,
                    as_of.iso()
                ));
            }
        }
    }
    (unsourced, stale)
}
