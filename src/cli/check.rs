//! `halong check`: every diagnostic on standard error, then the report (translation
//! coverage, figures without a source, stale figures) on standard output; exit 1 on
//! errors (and on warnings with `--strict`).
//!
//! `--format json` prints JSON Lines on standard output instead: one object per
//! diagnostic (`"type": "diagnostic"`), then one report (`"type": "report"`); the
//! shape is documented in docs/content-format.md.

use std::fmt::Write as _;
use std::process::ExitCode;

use serde::Serialize;

use super::console::Console;
use super::progress::Reporter;
use super::RootArgument;
use crate::content::model::{PartialDate, Site};
use crate::Options;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Like rustc, for people.
    Human,
    /// JSON Lines, for tools: the diagnostics, then the report.
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
    /// Check news marked `draft: true` too, as `build --drafts` would publish them.
    #[arg(long)]
    drafts: bool,
    /// Judge stale figures as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<PartialDate>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

fn parse_date(text: &str) -> Result<PartialDate, String> {
    PartialDate::parse(text)
        .filter(|date| date.day.is_some())
        .ok_or_else(|| format!("`{text}` is not a date; write it as YYYY-MM-DD"))
}

/// Runs the check, prints what it found, and ends the process, the model still held
/// ([`super::exit_now`]).
pub fn run(arguments: CheckArguments, console: Console) -> ! {
    let options = Options {
        drafts: arguments.drafts,
        ..Options::default()
    };
    let reporter = Reporter::new(console);
    let (diagnostics, texts, site) =
        crate::check_reporting(&arguments.root.root, &options, &|event| {
            reporter.event(event)
        });
    reporter.finish();
    let today = arguments
        .as_of
        .map_or_else(today, |date| date.days_since_epoch());
    let report = site.as_ref().map(|site| Report::of(site, today));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match arguments.format {
        Format::Json => {
            for diagnostic in &diagnostics {
                let line = JsonDiagnostic {
                    kind: "diagnostic",
                    diagnostic,
                };
                println!("{}", serde_json::to_string(&line).unwrap_or_default());
            }
            let summary = JsonReport {
                kind: "report",
                errors,
                warnings,
                report: report.as_ref(),
            };
            println!("{}", serde_json::to_string(&summary).unwrap_or_default());
            if console.chatty() {
                eprintln!("{}", super::console::count(&diagnostics));
            }
        }
        Format::Human => {
            console.diagnostics(&diagnostics, &texts);
            if let Some(report) = &report {
                print!("{}", report.human());
            }
            if errors == 0 {
                console.result(
                    "no errors",
                    if warnings > 0 {
                        format!("({warnings} warning(s))")
                    } else {
                        String::new()
                    },
                );
            }
        }
    }
    let code = if errors > 0 || (arguments.strict && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    super::exit_now(code)
}

/// Days since 1970-01-01, today (UTC).
fn today() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| (elapsed.as_secs() / 86_400) as i64)
}

/// One JSON line per diagnostic.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    diagnostic: &'a crate::Diagnostic,
}

/// The last JSON line.
#[derive(Serialize)]
struct JsonReport<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    errors: usize,
    warnings: usize,
    /// Absent (null) when there were errors: the site could not be read into a model.
    #[serde(flatten)]
    report: Option<&'a Report>,
}

/// What `check` reports about a site that has no errors.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Per language, in the site's order.
    pub coverage: Vec<Coverage>,
    /// Figures with at least one value without a source.
    pub unsourced: Vec<FigureAt>,
    /// `options.stale_after_days`.
    pub stale_after_days: i64,
    /// Figures whose newest value is older than that.
    pub stale: Vec<Stale>,
}

/// Translation coverage of one language.
#[derive(Debug, Serialize)]
pub struct Coverage {
    /// Language code.
    pub language: String,
    /// Records (zones, parks, clusters, projects) with prose in this language.
    pub records_with_prose: usize,
    /// All records.
    pub records: usize,
    /// News items and pages with a version in this language.
    pub texts_in_language: usize,
    /// All news items and pages.
    pub texts: usize,
    /// The prose files that are missing, as paths from the site's root.
    pub missing_prose: Vec<String>,
}

/// A figure: the file it is in and its key.
#[derive(Debug, Serialize)]
pub struct FigureAt {
    /// Path from the site's root.
    pub file: String,
    /// Fact key.
    pub key: String,
}

/// A stale figure.
#[derive(Debug, Serialize)]
pub struct Stale {
    /// Path from the site's root.
    pub file: String,
    /// Fact key.
    pub key: String,
    /// The newest value's date, as written (`2019`, `2021-10`, `2021-10-29`).
    pub as_of: String,
    /// Days from that date (its first day) to the day of the check.
    pub days_old: i64,
}

impl Report {
    /// The report on `site` on day `today` (days since 1970-01-01).
    pub fn of(site: &Site, today: i64) -> Report {
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
            record.facts.iter().map(move |figure| {
                (
                    crate::diagnostics::display_path(&record.file),
                    schema,
                    figure,
                )
            })
        });
        for (file, schema, figure) in province.chain(records) {
            if figure.entries.iter().any(|entry| entry.source.is_none()) {
                unsourced.push(FigureAt {
                    file: file.clone(),
                    key: figure.key.clone(),
                });
            }
            // Dates of record (a founding decision, a lease term) do not go stale: the
            // schema says which (`goes_stale: false`).
            if schema
                .fact(&figure.key)
                .is_some_and(|fact| !fact.goes_stale)
            {
                continue;
            }
            if let Some(as_of) = figure.current().and_then(|entry| entry.as_of) {
                let days_old = today - as_of.days_since_epoch();
                if days_old > site.config.stale_after_days {
                    stale.push(Stale {
                        file,
                        key: figure.key.clone(),
                        as_of: as_of.iso(),
                        days_old,
                    });
                }
            }
        }
        Report {
            coverage: site
                .config
                .languages
                .iter()
                .map(|language| coverage(site, language))
                .collect(),
            unsourced,
            stale_after_days: site.config.stale_after_days,
            stale,
        }
    }

    /// The report as people read it.
    pub fn human(&self) -> String {
        let mut out = String::from("translation coverage:\n");
        for language in &self.coverage {
            let _ = writeln!(
                out,
                "  {}: records {}/{}, news and pages {}/{}",
                language.language,
                language.records_with_prose,
                language.records,
                language.texts_in_language,
                language.texts
            );
            for file in &language.missing_prose {
                let _ = writeln!(out, "    missing prose: {file}");
            }
        }
        let _ = writeln!(out, "figures without a source: {}", self.unsourced.len());
        for figure in &self.unsourced {
            let _ = writeln!(out, "    {}: {}", figure.file, figure.key);
        }
        let _ = writeln!(
            out,
            "figures older than {} days (options.stale_after_days): {}",
            self.stale_after_days,
            self.stale.len()
        );
        for figure in &self.stale {
            let _ = writeln!(
                out,
                "    {}: {} (as of {}, {} days old)",
                figure.file, figure.key, figure.as_of, figure.days_old
            );
        }
        out
    }
}

fn coverage(site: &Site, language: &str) -> Coverage {
    let language_key = language.to_string();
    let missing_prose: Vec<String> = site
        .records
        .iter()
        .filter(|record| !record.prose.contains_key(&language_key))
        .map(|record| {
            format!(
                "content/{}/{}.{language}.md",
                record.kind.folder(),
                record.slug
            )
        })
        .collect();
    let pages_in_language = site
        .pages
        .iter()
        .filter(|page| page.versions.contains_key(&language_key))
        .count();
    let news_in_language = site
        .news
        .iter()
        .filter(|article| article.versions.contains_key(&language_key))
        .count();
    Coverage {
        language: language.to_string(),
        records_with_prose: site.records.len() - missing_prose.len(),
        records: site.records.len(),
        texts_in_language: pages_in_language + news_in_language,
        texts: site.pages.len() + site.news.len(),
        missing_prose,
    }
}
