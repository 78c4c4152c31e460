//! halong: a static site generator for bilingual investment-promotion portals.
//!
//! ```text
//! site.yaml, schema.yaml, content/, templates/, static/
//!   load      content::load       read the tree (the only reader)
//!   validate  content::validate   YAML and Markdown -> typed Site + all diagnostics,
//!             content::schema     against the portal's fact schema, read once
//!   derive    derive              relations, aggregates, the list of output jobs
//!   render    render              job -> bytes (Tera 2 templates, in parallel)
//!   write     output              staging directory swapped in at the end (the only writer)
//! ```
//! Each stage takes plain data and returns plain data; [`build`] runs them in order.
#![warn(missing_docs)]
// A `Diagnostic` is large, and returned only on the error path where its size does
// not matter; boxing it everywhere would only add noise.
#![allow(clippy::result_large_err)]

/// Hash maps and sets keyed by the site's own names (source ids, record slugs,
/// heading ids, glyphs), with ahash's hasher (already built for Tera): several times
/// faster than the standard library's SipHash on keys this short. SipHash guards
/// against keys chosen to collide; these come from the portal's own files.
pub type FastHashMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;
/// A set, as [`FastHashMap`].
pub type FastHashSet<T> = std::collections::HashSet<T, ahash::RandomState>;

pub mod charts;
pub mod cli;
pub mod config;
pub mod content;
pub mod derive;
pub mod diagnostics;
pub mod i18n;
pub mod markdown;
pub mod output;
pub mod progress;
pub mod render;
pub mod serve;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

pub use config::Options;
pub use content::load::Input;
pub use diagnostics::{Diagnostic, Severity, SourceTexts};
pub use progress::{Event, Progress, Stage};

/// What a finished build reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Files written.
    pub files: usize,
    /// HTML pages listed in the sitemap, per language code in the site's order (the
    /// rest of `files` are assets, feeds, data, search indexes and error pages).
    pub pages: Vec<(String, usize)>,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// What whoever publishes the output should know (not problems in the content).
    pub notes: Vec<String>,
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
    /// A failure about the output folder, which has no text to show.
    fn of_output(diagnostic: Diagnostic) -> Failure {
        Failure {
            diagnostics: vec![diagnostic],
            texts: SourceTexts::new(),
        }
    }

    fn new(diagnostics: Vec<Diagnostic>, input: &Input) -> Failure {
        Failure {
            texts: texts_of(input, &diagnostics),
            diagnostics,
        }
    }
}

/// The texts of the files the diagnostics name, reading again those that validation
/// let go of ([`content::validate::validate_releasing`]).
fn texts_read_again(root: &Path, input: &mut Input, diagnostics: &[Diagnostic]) -> SourceTexts {
    let named: Vec<&Path> = diagnostics
        .iter()
        .map(|diagnostic| diagnostic.file.as_path())
        .collect();
    content::load::read_again(root, input, &named);
    texts_of(input, diagnostics)
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
    let (validated, templates) = rayon::join(
        || content::validate::validate(input, options),
        || compile(input),
    );
    match validated.site {
        Some(site) => render_into(
            &site,
            &templates,
            validated.diagnostics,
            sink,
            None,
            progress::SILENT,
        ),
        None => Err(Failure::new(validated.diagnostics, input)),
    }
}

/// The theme's templates compiled, or their errors: these count only once the
/// content has none, so they are kept until rendering starts.
type Compiled = Result<render::Templates, Vec<Diagnostic>>;

/// Compiles the theme's templates as read.
fn compile(input: &Input) -> Compiled {
    render::Templates::compile(input.theme_templates())
}

/// Validates `input`, taking its content files out of it
/// ([`content::validate::validate_releasing`]), and compiles the theme's templates
/// meanwhile: they do not depend on the content, and on a small portal compiling them
/// takes a third as long as validating, most of it before validation's work on the
/// records runs in parallel.
fn validate_compiling(
    input: &mut Input,
    options: &Options,
) -> (content::validate::Validated, Compiled) {
    let content = std::mem::take(&mut input.content);
    let input = &*input;
    rayon::join(
        || content::validate::validate_releasing(input, content, options),
        || compile(input),
    )
}

/// Derives the jobs of a validated site and renders each into `sink`, in parallel,
/// from its compiled `templates` (or fails with their errors).
fn render_into(
    site: &content::model::Site,
    templates: &Compiled,
    warnings: Vec<Diagnostic>,
    sink: &dyn output::Sink,
    kept: Option<&render::Kept>,
    progress: Progress<'_>,
) -> Result<Report, Failure> {
    progress(Event::Started(Stage::Derive));
    let plan = derive::plan(site);
    let templates = templates
        .as_ref()
        .map_err(|diagnostics| template_failure(diagnostics.clone(), site))?;
    let mut renderer = render::Renderer::new(site, &plan, templates)
        .map_err(|diagnostic| template_failure(vec![diagnostic], site))?;
    if let Some(kept) = kept {
        renderer = renderer.keeping(kept);
    }
    let total = plan.jobs.len();
    progress(Event::Started(Stage::Render { files: total }));
    let done = AtomicUsize::new(0);
    let errors: Vec<Diagnostic> = plan
        .heaviest_first(site)
        .into_par_iter()
        .filter_map(|index| {
            let job = &plan.jobs[index];
            let finished = || {
                let done = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(Event::Rendered { done, total });
            };
            let result = renderer.write(job, sink).map_err(|failed| match failed {
                render::Failed::Template(diagnostic) => diagnostic,
                render::Failed::Write(error) => Diagnostic::error(
                    "E0901",
                    &job.output,
                    diagnostics::Position::NONE,
                    format!("cannot write: {error}"),
                )
                .with_help("check that the output folder is writable and the disk is not full"),
            });
            finished();
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
        pages: pages_by_language(site, &plan),
        warnings,
        notes: publishing_notes(&site.config),
    })
}

/// Notes for whoever publishes the output.
fn publishing_notes(config: &config::SiteConfig) -> Vec<String> {
    let root = config.root_path();
    if root == "/" {
        return Vec::new();
    }
    let host = config.host_root();
    vec![format!(
        "built for the sub-path {root}: crawlers read robots.txt only at {host}robots.txt; \
         add `Sitemap: {}` to that file (docs/deploy.md)",
        config.absolute("sitemap.xml")
    )]
}

/// The number of pages (as listed in the sitemap) of each language in `plan`.
fn pages_by_language(site: &content::model::Site, plan: &derive::Plan) -> Vec<(String, usize)> {
    let mut pages: Vec<(String, usize)> = site
        .config
        .languages
        .iter()
        .map(|language| (language.clone(), 0))
        .collect();
    for job in plan.jobs.iter().filter(|job| job.is_listed_page()) {
        let slot = pages
            .iter_mut()
            .find(|(language, _)| Some(language) == job.language.as_ref());
        if let Some((_, count)) = slot {
            *count += 1;
        }
    }
    pages
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

/// Reads the site at `root` and writes it to `output` (a folder, or a
/// [`output::Destination`] to say `force`), replacing the previous output only if
/// everything succeeded. An output folder the build may not replace (the site itself,
/// one of its sources, a folder halong did not make) is refused before anything is
/// read or written.
pub fn build(
    root: &Path,
    output: impl Into<output::Destination>,
    options: &Options,
) -> Result<Report, Failure> {
    build_reporting(root, output, options, progress::SILENT)
}

/// [`build`], telling `progress` what it does as it goes.
pub fn build_reporting(
    root: &Path,
    output: impl Into<output::Destination>,
    options: &Options,
    progress: Progress<'_>,
) -> Result<Report, Failure> {
    let destination = output.into();
    output::destination::check(root, &destination).map_err(Failure::of_output)?;
    progress(Event::Started(Stage::Read));
    let mut input = content::load::read(root);
    progress(Event::Started(Stage::Validate {
        files: files_read(&input),
    }));
    let (validated, templates) = validate_compiling(&mut input, options);
    let Some(site) = validated.site else {
        let texts = texts_read_again(root, &mut input, &validated.diagnostics);
        return Err(Failure {
            diagnostics: validated.diagnostics,
            texts,
        });
    };
    // The rest of the texts are not needed once validated: free them before rendering.
    drop(input);
    let written = write_site(
        &site,
        &templates,
        validated.diagnostics,
        root,
        &destination,
        None,
        progress,
    );
    free_in_background((site, templates));
    written
}

/// Frees `value` on a worker thread. A site's model and its compiled templates are
/// thousands of allocations, a few percent of a small portal's build to free one by
/// one, which the caller need not wait for; `halong build` and `check` end the process
/// without waiting for it at all (`cli::exit_now`).
fn free_in_background<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

/// How many files `input` holds.
fn files_read(input: &Input) -> usize {
    usize::from(input.site.is_some())
        + input.content.len()
        + input.templates.len()
        + input.assets.len()
}

/// Renders a validated site into a staging folder and swaps it in on success.
fn write_site(
    site: &content::model::Site,
    templates: &Compiled,
    warnings: Vec<Diagnostic>,
    root: &Path,
    destination: &output::Destination,
    kept: Option<&render::Kept>,
    progress: Progress<'_>,
) -> Result<Report, Failure> {
    let staging = output::Staging::create(root, destination).map_err(Failure::of_output)?;
    match render_into(site, templates, warnings, &staging, kept, progress) {
        Ok(report) => {
            progress(Event::Started(Stage::Swap));
            staging.commit().map_err(|error| {
                Failure::of_output(
                    Diagnostic::error(
                        "E0901",
                        destination.folder.clone(),
                        diagnostics::Position::NONE,
                        format!("cannot replace the output: {error}"),
                    )
                    .with_help(
                        "check that the output folder's parent is writable and the disk is not full",
                    ),
                )
            })?;
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

/// A portal kept in memory between builds, for `serve`: the files read and the records
/// validated from them. After an edit only the changed files are read again, only
/// their records validated again (checks across records still run on the whole site),
/// and only the affected pages rendered, the edited ones first.
pub struct Session {
    root: PathBuf,
    destination: output::Destination,
    output: PathBuf,
    options: Options,
    input: Input,
    cache: content::validate::Cache,
    /// The records as the preview on disk shows them (after the last good build).
    shown: Vec<Arc<content::model::Record>>,
    /// Changes read since the last good build: a failed rebuild leaves its pages to
    /// the next one.
    unbuilt: Unbuilt,
    /// What each record contributes to the pages and files that cover every record
    /// (list and compare rows, search entries, open data records), as rendered for the
    /// preview on disk: after an edit only the touched records' pieces are rendered
    /// again.
    kept: render::Kept,
}

/// Changes not yet in the preview on disk.
#[derive(Default)]
struct Unbuilt {
    /// Files changed (relative to the root).
    paths: Vec<PathBuf>,
    /// Whether one of them needs every page rebuilt (a file added or removed).
    everything: bool,
}

impl Session {
    /// Reads the site at `root`, to be built into `output` (a folder, or a
    /// [`output::Destination`]).
    pub fn open(root: &Path, output: impl Into<output::Destination>, options: &Options) -> Session {
        Session::open_reporting(root, output, options, progress::SILENT)
    }

    /// [`Session::open`], telling `progress` when it starts reading.
    pub fn open_reporting(
        root: &Path,
        output: impl Into<output::Destination>,
        options: &Options,
        progress: Progress<'_>,
    ) -> Session {
        progress(Event::Started(Stage::Read));
        // Charts whose data did not change are not drawn again after an edit.
        render::charts::keep_drawn_charts();
        let destination = output.into();
        Session {
            root: root.to_path_buf(),
            output: destination.folder.clone(),
            destination,
            options: options.clone(),
            input: content::load::read(root),
            cache: content::validate::Cache::default(),
            shown: Vec::new(),
            unbuilt: Unbuilt::default(),
            kept: render::Kept::default(),
        }
    }

    /// Builds everything into a staging folder swapped in on success, like [`build`].
    pub fn build(&mut self) -> Result<Report, Failure> {
        self.build_reporting(progress::SILENT)
    }

    /// [`Session::build`], telling `progress` what it does as it goes.
    pub fn build_reporting(&mut self, progress: Progress<'_>) -> Result<Report, Failure> {
        // Until it succeeds, the output (perhaps from another session) is not this
        // portal's: the next rebuild must write every page.
        self.unbuilt.everything = true;
        progress(Event::Started(Stage::Validate {
            files: files_read(&self.input),
        }));
        let (site, warnings, templates) = self.validate()?;
        self.kept.clear();
        let report = write_site(
            &site,
            &templates,
            warnings,
            &self.root,
            &self.destination,
            Some(&self.kept),
            progress,
        )?;
        self.shown = site.records;
        self.unbuilt = Unbuilt::default();
        Ok(report)
    }

    /// Rebuilds after `changed` files (relative to the root) changed. The pages of
    /// the edited records, news or static files are written first, then `edited` is
    /// called with what that wrote (so the preview can reload the page being edited
    /// at once), then every other page that shows something that changed is written.
    /// A change that can affect every page (settings, templates, a record added or
    /// removed) builds everything, without calling `edited`. When the input has an
    /// error nothing is written; a template error leaves the pages written before it.
    pub fn rebuild(
        &mut self,
        changed: &[PathBuf],
        edited: impl FnMut(&Rebuilt),
    ) -> Result<Rebuilt, Failure> {
        let refreshed = content::load::refresh(&self.root, &mut self.input, changed);
        if refreshed == content::load::Refreshed::NotDone {
            self.input = content::load::read(&self.root);
        }
        let mut unbuilt = std::mem::take(&mut self.unbuilt);
        for path in changed {
            if !unbuilt.paths.contains(path) {
                unbuilt.paths.push(path.clone());
            }
        }
        // A file that appeared or went can change names and links on any page.
        unbuilt.everything |= refreshed != content::load::Refreshed::Edited;
        match self.render_changes(&unbuilt, edited) {
            Ok((rebuilt, records)) => {
                self.shown = records;
                Ok(rebuilt)
            }
            Err(failure) => {
                self.unbuilt = unbuilt;
                Err(failure)
            }
        }
    }

    /// Validates the site as read and renders what `unbuilt` affects; returns the
    /// records now shown.
    fn render_changes(
        &mut self,
        unbuilt: &Unbuilt,
        mut edited: impl FnMut(&Rebuilt),
    ) -> Result<(Rebuilt, Vec<Arc<content::model::Record>>), Failure> {
        let (site, warnings, templates) = self.validate()?;
        let plan = derive::plan(&site);
        let shown = &self.shown;
        let before = |kind: content::model::Kind, slug: &str| {
            shown
                .binary_search_by(|record| (record.kind, record.slug.as_str()).cmp(&(kind, slug)))
                .ok()
                .map(|index| Arc::clone(&shown[index]))
        };
        let affected = derive::affected(&site, &plan, &unbuilt.paths, &before)
            .filter(|_| !unbuilt.everything && self.output.join("index.html").exists());
        let Some(affected) = affected else {
            let files = plan.jobs.len();
            self.kept.clear();
            let report = write_site(
                &site,
                &templates,
                warnings,
                &self.root,
                &self.destination,
                Some(&self.kept),
                progress::SILENT,
            )?;
            let rebuilt = Rebuilt {
                warnings: report.warnings,
                rendered: files,
                changed: files,
            };
            return Ok((rebuilt, site.records));
        };
        self.kept.forget(&affected.records);
        let templates = templates.map_err(|diagnostics| template_failure(diagnostics, &site))?;
        let renderer = render::Renderer::new(&site, &plan, &templates)
            .map_err(|diagnostic| template_failure(vec![diagnostic], &site))?
            .keeping(&self.kept);
        // Render every affected page before writing any, so a template error in one
        // of them leaves the preview as it was.
        let render = |indexes: &[usize]| -> Result<Vec<(usize, Vec<u8>)>, Failure> {
            let results: Vec<Result<(usize, Vec<u8>), Diagnostic>> = indexes
                .par_iter()
                .map(|&index| {
                    renderer
                        .render(&plan.jobs[index])
                        .map(|bytes| (index, bytes))
                })
                .collect();
            let mut errors: Vec<Diagnostic> = results
                .iter()
                .filter_map(|result| result.as_ref().err().cloned())
                .collect();
            if !errors.is_empty() {
                diagnostics::sort(&mut errors);
                return Err(template_failure(errors, &site));
            }
            Ok(results.into_iter().filter_map(Result::ok).collect())
        };
        let sink = output::InPlace::new(&self.output);
        let write = |pages: Vec<(usize, Vec<u8>)>| -> Result<(), Failure> {
            let errors: Vec<Diagnostic> = pages
                .par_iter()
                .filter_map(|(index, bytes)| {
                    let path = &plan.jobs[*index].output;
                    output::Sink::put(&sink, path, bytes).err().map(|error| {
                        Diagnostic::error(
                            "E0901",
                            path,
                            diagnostics::Position::NONE,
                            format!("cannot write: {error}"),
                        )
                    })
                })
                .collect();
            if errors.is_empty() {
                Ok(())
            } else {
                Err(template_failure(errors, &site))
            }
        };
        write(render(&affected.edited)?)?;
        edited(&Rebuilt {
            warnings: warnings.clone(),
            rendered: affected.edited.len(),
            changed: sink.changed(),
        });
        write(render(&affected.others)?)?;
        let rebuilt = Rebuilt {
            warnings,
            rendered: affected.edited.len() + affected.others.len(),
            changed: sink.changed(),
        };
        Ok((rebuilt, site.records))
    }

    /// Validates the site as read, and compiles its templates meanwhile (as
    /// [`validate_compiling`] does).
    fn validate(&mut self) -> Result<(content::model::Site, Vec<Diagnostic>, Compiled), Failure> {
        let (input, options, cache) = (&self.input, &self.options, &mut self.cache);
        let (validated, templates) = rayon::join(
            || content::validate::validate_with(input, options, Some(cache)),
            || compile(input),
        );
        match validated.site {
            Some(site) => Ok((site, validated.diagnostics, templates)),
            None => Err(Failure::new(validated.diagnostics, &self.input)),
        }
    }
}

/// The languages and fact schema of the portal at `root`, as far as they can be read
/// (vi and en, and the built-in schema, when they cannot), even when its content has
/// errors: what `halong new` writes a record from.
pub fn portal_schema(root: &Path) -> (Vec<String>, content::schema::Schema) {
    let input = content::load::read(root);
    let mut ignored = Vec::new();
    let languages = input
        .site
        .as_ref()
        .and_then(|file| config::parse(&file.path, &file.text, &mut ignored))
        .map(|config| config.languages)
        .unwrap_or_else(|| vec!["vi".into(), "en".into()]);
    let schema = content::schema::read(input.schema.as_ref(), &languages, &mut ignored);
    (languages, schema)
}

/// Validates and renders the site at `root` without writing anything.
pub fn check(
    root: &Path,
    options: &Options,
) -> (Vec<Diagnostic>, SourceTexts, Option<content::model::Site>) {
    check_reporting(root, options, progress::SILENT)
}

/// [`check`], telling `progress` what it does as it goes (rendering writes nothing).
pub fn check_reporting(
    root: &Path,
    options: &Options,
    progress: Progress<'_>,
) -> (Vec<Diagnostic>, SourceTexts, Option<content::model::Site>) {
    progress(Event::Started(Stage::Read));
    let mut input = content::load::read(root);
    progress(Event::Started(Stage::Validate {
        files: files_read(&input),
    }));
    let (validated, templates) = validate_compiling(&mut input, options);
    let mut diagnostics = validated.diagnostics;
    let mut texts = texts_read_again(root, &mut input, &diagnostics);
    // The texts are not needed any more; rendering a large site needs the memory.
    drop(input);
    // Render everything too (into nothing), so template errors are reported.
    if let Some(site) = &validated.site {
        let rendered = render_into(
            site,
            &templates,
            Vec::new(),
            &output::Discard,
            None,
            progress,
        );
        if let Err(failure) = rendered {
            diagnostics.extend(failure.diagnostics);
            texts.extend(failure.texts);
        }
    }
    free_in_background(templates);
    (diagnostics, texts, validated.site)
}

/// The default output folder for a site root.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
