//! halong: a static site generator for bilingual investment-promotion portals.
//!
//! ```text
//! site.yaml, content/, templates/, static/
//!   load      content::load       read the tree (the only reader)
//!   validate  content::validate   YAML and Markdown -> typed Site + all diagnostics
//!   derive    derive              relations, aggregates, the list of output jobs
//!   render    render              job -> bytes (Tera 2 templates, in parallel)
//!   write     output              staging directory swapped in at the end (the only writer)
//! ```
//! Each stage takes plain data and returns plain data; [`build`] runs them in order.
#![warn(missing_docs)]
// A `Diagnostic` is large, and returned only on the error path where its size does
// not matter; boxing it everywhere would only add noise.
#![allow(clippy::result_large_err)]

pub mod charts;
pub mod cli;
pub mod config;
pub mod content;
pub mod derive;
pub mod diagnostics;
pub mod i18n;
pub mod markdown;
pub mod output;
pub mod render;
pub mod serve;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use content::load::Input;
pub use content::validate::Options;
pub use diagnostics::{Diagnostic, Severity, SourceTexts};

/// What a finished build reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Files written.
    pub files: usize,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
}

/// Why a build did not finish: every diagnostic, and the texts they point into.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Errors (and warnings) found.
    pub diagnostics: Vec<Diagnostic>,
    /// File texts for printing the offending lines.
    pub texts: SourceTexts,
}

impl Failure {
    fn new(diagnostics: Vec<Diagnostic>, input: &Input) -> Failure {
        Failure {
            texts: texts_of(input, &diagnostics),
            diagnostics,
        }
    }
}

/// The texts of the files the diagnostics name.
pub fn texts_of(input: &Input, diagnostics: &[Diagnostic]) -> SourceTexts {
    let mut texts = SourceTexts::new();
    for diagnostic in diagnostics {
        if let Some(text) = input.text(&diagnostic.file) {
            texts.insert(diagnostic.file.clone(), text.to_string());
        }
    }
    for file in &input.templates {
        let name = file.path.clone();
        if diagnostics.iter().any(|d| d.file == name) {
            texts.insert(name, file.text.clone());
        }
    }
    texts
}

/// Validates `input` and renders it into `sink`.
pub fn build_into(
    input: &Input,
    options: &Options,
    sink: &dyn output::Sink,
) -> Result<Report, Failure> {
    let (site, warnings) = validate_input(input, options)?;
    render_into(&site, warnings, sink)
}

/// Validates `input` into a site, or fails with every diagnostic.
fn validate_input(
    input: &Input,
    options: &Options,
) -> Result<(content::model::Site, Vec<Diagnostic>), Failure> {
    let validated = content::validate::validate(input, options);
    match validated.site {
        Some(site) => Ok((site, validated.diagnostics)),
        None => Err(Failure::new(validated.diagnostics, input)),
    }
}

/// Derives the jobs of a validated site and renders each into `sink`, in parallel.
fn render_into(
    site: &content::model::Site,
    warnings: Vec<Diagnostic>,
    sink: &dyn output::Sink,
) -> Result<Report, Failure> {
    let plan = derive::plan(site);
    let renderer = render::Renderer::new(site, &plan)
        .map_err(|diagnostics| template_failure(diagnostics, site))?;
    let errors: Vec<Diagnostic> = plan
        .jobs
        .par_iter()
        .filter_map(|job| {
            let result = renderer.render(job).and_then(|bytes| {
                sink.put(&job.output, &bytes).map_err(|error| {
                    Diagnostic::error(
                        "E0901",
                        &job.output,
                        diagnostics::Position::START,
                        format!("cannot write: {error}"),
                    )
                    .with_help("check that the output folder is writable and the disk is not full")
                })
            });
            result.err()
        })
        .collect();
    if !errors.is_empty() {
        let mut errors = errors;
        diagnostics::sort(&mut errors);
        errors.dedup_by(|a, b| {
            a.file == b.file && a.position == b.position && a.message == b.message
        });
        return Err(template_failure(errors, site));
    }
    Ok(Report {
        files: plan.jobs.len(),
        warnings,
    })
}

/// A rendering failure, with the template texts its diagnostics point into.
fn template_failure(diagnostics: Vec<Diagnostic>, site: &content::model::Site) -> Failure {
    let mut texts = SourceTexts::new();
    for (name, text) in &site.templates {
        let path = PathBuf::from(format!("templates/{name}"));
        if diagnostics.iter().any(|diagnostic| diagnostic.file == path) {
            texts.insert(path, text.clone());
        }
    }
    Failure { diagnostics, texts }
}

/// Reads the site at `root` and writes it to `output`, replacing the previous output
/// only if everything succeeded.
pub fn build(root: &Path, output: &Path, options: &Options) -> Result<Report, Failure> {
    let input = content::load::read(root);
    let (site, warnings) = validate_input(&input, options)?;
    // The texts are not needed once validated: free them before rendering.
    drop(input);
    write_site(&site, warnings, output)
}

/// Renders a validated site into a staging folder and swaps it in on success.
fn write_site(
    site: &content::model::Site,
    warnings: Vec<Diagnostic>,
    output: &Path,
) -> Result<Report, Failure> {
    let failure = |message: String| Failure {
        diagnostics: vec![Diagnostic::error(
            "E0901",
            output.to_path_buf(),
            diagnostics::Position::START,
            message,
        )
        .with_help("check that the output folder's parent is writable and the disk is not full")],
        texts: SourceTexts::new(),
    };
    let staging = output::Staging::create(output)
        .map_err(|error| failure(format!("cannot create the output: {error}")))?;
    match render_into(site, warnings, &staging) {
        Ok(report) => {
            staging
                .commit()
                .map_err(|error| failure(format!("cannot replace the output: {error}")))?;
            Ok(report)
        }
        Err(error) => {
            staging.abandon();
            Err(error)
        }
    }
}

/// What an incremental rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// Files rendered.
    pub rendered: usize,
    /// Files whose bytes changed on disk (everything, after a full build).
    pub changed: usize,
}

/// Rebuilds after `changed` files (relative to `root`) changed, for `serve`: validates
/// everything again (so every diagnostic is current), then renders only the jobs the
/// change affects and writes the files whose bytes differ. Falls back to a full build
/// when the change can affect every page.
pub fn rebuild(
    root: &Path,
    output: &Path,
    options: &Options,
    changed: &[PathBuf],
) -> Result<Rebuilt, Failure> {
    let input = content::load::read(root);
    let (site, warnings) = validate_input(&input, options)?;
    drop(input);
    let plan = derive::plan(&site);
    let Some(selected) =
        derive::affected(&site, &plan, changed).filter(|_| output.join("index.html").exists())
    else {
        let files = plan.jobs.len();
        return write_site(&site, warnings, output).map(|report| Rebuilt {
            warnings: report.warnings,
            rendered: files,
            changed: files,
        });
    };
    let renderer = render::Renderer::new(&site, &plan)
        .map_err(|diagnostics| template_failure(diagnostics, &site))?;
    let sink = output::InPlace::new(output);
    let errors: Vec<Diagnostic> = selected
        .par_iter()
        .filter_map(|&index| {
            let job = &plan.jobs[index];
            let bytes = match renderer.render(job) {
                Ok(bytes) => bytes,
                Err(diagnostic) => return Some(diagnostic),
            };
            output::Sink::put(&sink, &job.output, &bytes)
                .err()
                .map(|error| {
                    Diagnostic::error(
                        "E0901",
                        &job.output,
                        diagnostics::Position::START,
                        format!("cannot write: {error}"),
                    )
                })
        })
        .collect();
    if !errors.is_empty() {
        return Err(template_failure(errors, &site));
    }
    Ok(Rebuilt {
        warnings,
        rendered: selected.len(),
        changed: sink.changed(),
    })
}

/// Validates and renders the site at `root` without writing anything.
pub fn check(
    root: &Path,
    options: &Options,
) -> (Vec<Diagnostic>, SourceTexts, Option<content::model::Site>) {
    let input = content::load::read(root);
    let validated = content::validate::validate(&input, options);
    let mut diagnostics = validated.diagnostics;
    let mut texts = texts_of(&input, &diagnostics);
    // The texts are not needed any more; rendering a large site needs the memory.
    drop(input);
    // Render everything too (into nothing), so template errors are reported.
    if let Some(site) = &validated.site {
        if let Err(failure) = render_into(site, Vec::new(), &output::Discard) {
            diagnostics.extend(failure.diagnostics);
            texts.extend(failure.texts);
        }
    }
    (diagnostics, texts, validated.site)
}

/// The default output folder for a site root.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
