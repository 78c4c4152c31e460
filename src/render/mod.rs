//! Render: one job -> the bytes of one output file, never touching the disk.
//!
//! Templates are compiled once ([`Templates::compile`]); each page gets a context of small
//! views ([`views`]) in which every number is already formatted for its language.
//! Sitemap, robots.txt, feeds and open data are produced in `files.rs` (the CSV in
//! `csv.rs`). A template error becomes a diagnostic that names the template's line
//! and the page being rendered.
//!
//! This file holds the [`Renderer`] and its dispatch: which job becomes a whole file,
//! a stream of pieces, or a page. Each kind of page fills its own context in its own
//! module and hands back `PageParts` (`chooser`, `home`, `lists`, `record`,
//! `articles` for news and free pages, `compare`, `sources`, `open_data`, `search`);
//! `head` then says what the page's `<head>` carries, from the same parts.

mod articles;
mod card;
pub mod charts;
mod chooser;
mod chrome;
mod compare;
mod contacts;
mod csv;
mod distances;
mod drawings;
mod feed;
mod figures;
mod files;
mod head;
mod home;
mod hosting;
mod json_writer;
mod lang;
mod lists;
mod maps;
mod open_data;
mod pieces;
mod record;
mod search;
mod sources;
mod structured;
mod titles;
mod versions;
pub mod views;

pub use pieces::{Failed, Kept};

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use tera::{Context, Tera};

use crate::content::model::{Kind, Site};
use crate::derive::{Job, Plan, Target};
use crate::diagnostics::{Diagnostic, Position};
use chrome::Chrome;
use pieces::{Piece, Stream};
use views::{record_view, Citations, LinkView, Shown};

/// Compiled templates plus what every page shares.
pub struct Renderer<'a> {
    site: &'a Site,
    plan: &'a Plan,
    tera: &'a Tera,
    root: String,
    /// What every page of a language shares, converted for Tera once.
    chrome: BTreeMap<String, Chrome>,
    /// Template -> bytes of the last page rendered from it (pages of one template are
    /// about the same size, so the next page's buffer rarely has to grow).
    page_sizes: HashMap<&'static str, AtomicUsize>,
    /// Pieces kept from earlier builds (`serve`).
    kept: Option<&'a Kept>,
}

/// What a job produces: a whole file, or one written piece by piece.
enum Output {
    Whole(Vec<u8>),
    Streamed(Stream),
}

/// Capacity of a page's buffer before any page of its template was rendered.
const MIN_PAGE_CAPACITY: usize = 16 * 1024;

/// The templates pages are rendered from.
const PAGE_TEMPLATES: &[&str] = &[
    "chooser.html",
    "home.html",
    "list.html",
    "record.html",
    "news_list.html",
    "article.html",
    "page.html",
    "compare.html",
    "sources.html",
    "search.html",
    "data.html",
    "404.html",
];

/// A theme's templates, compiled.
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// Compiles a theme's templates, given by name (`base.html`) with their texts.
    /// They depend on nothing in the content, so a build compiles them while it
    /// validates the content ([`crate::content::load::Input::theme_templates`]).
    pub fn compile<'t>(
        templates: impl IntoIterator<Item = (&'t str, &'t str)>,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        // All at once: templates may include or extend templates added after them.
        match tera.add_raw_templates(templates) {
            Ok(()) => Ok(Templates { tera }),
            Err(error) => Err(vec![template_error("base.html", &error, None)]),
        }
    }
}

impl<'a> Renderer<'a> {
    /// A renderer of `plan`'s jobs from the theme's compiled `templates`, or the error
    /// of a template every page of a language shares.
    pub fn new(
        site: &'a Site,
        plan: &'a Plan,
        templates: &'a Templates,
    ) -> Result<Self, Diagnostic> {
        let root = site.config.root_path();
        let mut chrome = BTreeMap::new();
        for language in &site.config.languages {
            let mut shared = Chrome::new(site, plan, language, &root);
            shared.render_footer(&templates.tera, language, &root)?;
            chrome.insert(language.clone(), shared);
        }
        Ok(Renderer {
            site,
            plan,
            tera: &templates.tera,
            root,
            chrome,
            page_sizes: PAGE_TEMPLATES
                .iter()
                .map(|&template| (template, AtomicUsize::new(0)))
                .collect(),
            kept: None,
        })
    }

    /// Keeps the pieces of the pages and files that cover every record in `kept`,
    /// and takes those already there: `serve` renders again only the pieces of the
    /// records an edit touched (after [`Kept::forget`]).
    pub fn keeping(mut self, kept: &'a Kept) -> Self {
        self.kept = Some(kept);
        self
    }

    /// Produces one output file in memory.
    pub fn render(&self, job: &Job) -> Result<Vec<u8>, Diagnostic> {
        match self.output(job)? {
            Output::Whole(bytes) => Ok(bytes),
            Output::Streamed(stream) => {
                let mut bytes = Vec::with_capacity(stream.expected_size(self.kept));
                match self.stream(job, &stream, &mut bytes) {
                    Ok(()) => Ok(bytes),
                    Err(Failed::Template(diagnostic)) => Err(diagnostic),
                    // Writing into memory does not fail.
                    Err(Failed::Write(error)) => Err(Diagnostic::error(
                        "E0901",
                        job.output.as_str(),
                        Position::NONE,
                        error.to_string(),
                    )),
                }
            }
        }
    }

    /// Produces one output file into `sink`; a page or file that covers every record
    /// is written piece by piece, never whole in memory.
    pub fn write(&self, job: &Job, sink: &dyn crate::output::Sink) -> Result<(), Failed> {
        match self.output(job)? {
            Output::Whole(bytes) => Ok(sink.put(&job.output, &bytes)?),
            Output::Streamed(stream) => {
                // The sink sees only I/O errors: a template error stops the writing
                // and is handed on from here.
                let mut template_error = None;
                let written = sink.put_streamed(&job.output, &mut |out| match self
                    .stream(job, &stream, out)
                {
                    Ok(()) => Ok(()),
                    Err(Failed::Write(error)) => Err(error),
                    Err(Failed::Template(diagnostic)) => {
                        template_error = Some(diagnostic);
                        Err(std::io::Error::other("template error"))
                    }
                });
                match template_error {
                    Some(diagnostic) => Err(Failed::Template(diagnostic)),
                    None => Ok(written?),
                }
            }
        }
    }

    fn output(&self, job: &Job) -> Result<Output, Diagnostic> {
        let site = self.site;
        let whole = |bytes: Vec<u8>| Ok(Output::Whole(bytes));
        match &job.target {
            Target::Asset(index) => whole(site.assets[*index].bytes.to_vec()),
            Target::Sitemap => whole(files::sitemap(site, &self.plan.jobs).into_bytes()),
            Target::Robots => whole(files::robots(site).into_bytes()),
            Target::HostFile(kind) => whole(hosting::file(site, self.plan, *kind, &job.output)),
            Target::Feed => {
                whole(feed::feed(site, job.language.as_deref().unwrap_or_default()).into_bytes())
            }
            Target::Card => {
                let language = job.language.as_deref().unwrap_or_default();
                whole(card::card(
                    site.text(&site.config.title, language),
                    site.text(&site.config.description, language),
                    site.config.address(),
                ))
            }
            Target::Data(kind, format) => Ok(Output::Streamed(Stream {
                start: files::data_start(site, *kind, *format),
                piece: Piece::Data(*kind, *format),
                records: site.range_of(*kind),
                separator: files::data_separator(*format),
                citations: Vec::new(),
                end: files::data_end(site, *format),
            })),
            Target::SearchIndex => {
                let language = job.language.as_deref().unwrap_or_default();
                Ok(Output::Streamed(Stream {
                    start: files::search_start(language),
                    piece: Piece::SearchEntry(self.language_index(language)),
                    records: 0..site.records.len(),
                    separator: files::SEARCH_SEPARATOR,
                    citations: Vec::new(),
                    end: files::search_end(site, language, &self.root),
                }))
            }
            _ => self.page(job),
        }
    }

    /// Writes a stream: its start, each record's piece, its end.
    fn stream(
        &self,
        job: &Job,
        stream: &Stream,
        out: &mut dyn std::io::Write,
    ) -> Result<(), Failed> {
        let site = self.site;
        let root = self.root.as_str();
        let language = |index: usize| site.config.languages[index].as_str();
        // The page's numbers for the sources its rows cite.
        let page_language = match stream.piece {
            Piece::ListRow(_, index) | Piece::CompareRow(index) | Piece::SearchEntry(index) => {
                language(index)
            }
            Piece::Data(..) => site.config.default_language(),
        };
        let mut page = Citations::new(site, page_language, root);
        for id in &stream.citations {
            page.cite(id);
        }
        let compared = compare::compare_facts(site);
        let render = |index: usize| -> Result<Vec<u8>, Diagnostic> {
            match stream.piece {
                Piece::ListRow(kind, _) => {
                    let view = record_view(
                        site,
                        self.plan,
                        page_language,
                        root,
                        index,
                        Shown::Row,
                        &mut Citations::following(&page),
                    );
                    self.row(
                        "partials/record_row.html",
                        "record",
                        &view,
                        page_language,
                        Some(kind),
                        &job.output,
                    )
                }
                Piece::CompareRow(_) => {
                    let row = compare::row(
                        site,
                        self.plan,
                        page_language,
                        root,
                        index,
                        &compared,
                        &mut Citations::following(&page),
                    );
                    self.row(
                        "partials/compare_row.html",
                        "row",
                        &row,
                        page_language,
                        None,
                        &job.output,
                    )
                }
                Piece::SearchEntry(_) => {
                    Ok(
                        files::search_entry(site, self.plan, page_language, root, index)
                            .into_bytes(),
                    )
                }
                Piece::Data(_, format) => {
                    Ok(files::data_record(site, self.plan, format, index).into_bytes())
                }
            }
        };
        stream.write(out, self.kept, &render)
    }

    /// One row of a table, rendered from its own template.
    fn row(
        &self,
        template: &str,
        name: &'static str,
        view: &impl Serialize,
        language: &str,
        kind: Option<Kind>,
        output: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut context = Context::new();
        context.insert(name, view);
        if let Some(kind) = kind {
            context.insert("kind", &kind);
        }
        context.insert("lang", language);
        context.insert("root", &self.root);
        if let Some(chrome) = self.chrome.get(language) {
            context.insert_value("t", chrome.strings.clone());
        }
        let mut html = Vec::with_capacity(2048);
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|error| template_error(template, &error, Some(output)))?;
        Ok(lang::apply(html))
    }

    /// The rows of `records`, one after the other, numbering their sources in
    /// `citations` (the home page's first parks).
    fn rows(
        &self,
        kind: Kind,
        language: &str,
        records: impl Iterator<Item = usize>,
        citations: &mut Citations<'_>,
        output: &str,
    ) -> Result<String, Diagnostic> {
        let mut rows = Vec::new();
        for index in records {
            let view = record_view(
                self.site,
                self.plan,
                language,
                &self.root,
                index,
                Shown::Row,
                citations,
            );
            rows.extend(self.row(
                "partials/record_row.html",
                "record",
                &view,
                language,
                Some(kind),
                output,
            )?);
        }
        // Rendered from `&str`s: UTF-8 by construction.
        Ok(String::from_utf8(rows).unwrap_or_default())
    }

    /// The position of `language` among the site's languages.
    fn language_index(&self, language: &str) -> usize {
        self.site
            .config
            .languages
            .iter()
            .position(|code| code == language)
            .unwrap_or(0)
    }

    fn page(&self, job: &Job) -> Result<Output, Diagnostic> {
        let site = self.site;
        let language = job
            .language
            .clone()
            .unwrap_or_else(|| site.config.default_language().to_string());
        let language = language.as_str();
        let root = self.root.as_str();
        let t = |key: &str| site.translations.shown(language, key).into_owned();
        let mut context = Context::new();
        let mut citations = Citations::new(site, language, root);
        let cite = &mut citations;
        let page_path = job.page_path.as_str();

        // Each kind of page fills its own context and says what it is.
        let parts = match &job.target {
            Target::Chooser => {
                chooser::page(site, language, root, &self.chrome, cite, &mut context)
            }
            Target::Home => home::page(self, language, &job.output, cite, &mut context)?,
            Target::List(kind) => {
                let index = self.language_index(language);
                lists::page(site, *kind, language, index, cite, &mut context)
            }
            Target::Record(index) => {
                record::page(self, language, *index, page_path, cite, &mut context)
            }
            Target::NewsList => articles::news_list(site, language, root, &mut context),
            Target::News(index) => {
                articles::news(site, language, root, *index, page_path, cite, &mut context)
            }
            Target::Page(index) => {
                articles::page(site, language, root, *index, page_path, cite, &mut context)
            }
            Target::Compare => {
                compare::page(site, language, cite, &mut context);
                PageParts::new(
                    "compare.html",
                    t("compare.title"),
                    t("compare.intro"),
                    "website",
                )
                .with_table(
                    Piece::CompareRow(self.language_index(language)),
                    site.range_of(Kind::Park),
                )
            }
            Target::Sources => sources::page(site, language, &mut context),
            Target::OpenData => open_data::page(site, self.plan, language, root, &mut context),
            Target::Search => search::page(site, language, root, &mut context),
            Target::NotFound => PageParts::new(
                "404.html",
                t("not_found.title"),
                t("not_found.text"),
                "website",
            ),
            _ => {
                // Only reachable if derive plans a page kind render does not know.
                return Err(Diagnostic::error(
                    "E0403",
                    job.output.as_str(),
                    Position::START,
                    format!("halong has no page template for {:?}", job.target),
                )
                .with_help("this is a bug in halong; please report it with this message"));
            }
        };

        let meta = head::meta(site, self.plan, root, job, language, &parts);
        context.insert("heading", &parts.title);
        context.insert("breadcrumb", &parts.breadcrumb);
        context.insert("page", &meta);
        context.insert("lang", language);
        if let Some(chrome) = self.chrome.get(language) {
            context.insert_value("t", chrome.strings.clone());
            context.insert_value("menu", chrome.menu(&job.page_path));
            context.insert_value("site", chrome.site.clone());
            if let Some(footer) = &chrome.footer {
                context.insert_value("footer", footer.clone());
            }
        }
        context.insert("root", root);
        context.insert("languages", &head::alternates(site, root, job));
        let cited = parts.table.as_ref().map(|_| citations.order().to_vec());
        context.insert("citations", &citations.finish());

        // Straight into bytes: `render` would check the whole page is UTF-8 again (it is
        // by construction) and grow its buffer from the template's size.
        let template = parts.template;
        let mut html = Vec::with_capacity(self.page_size_hint(template));
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|error| template_error(template, &error, Some(&job.output)))?;
        self.remember_page_size(template, html.len());
        let Some((piece, records)) = parts.table else {
            return Ok(Output::Whole(lang::apply(html)));
        };
        match Stream::cut(html) {
            Some((start, end)) => Ok(Output::Streamed(Stream {
                start: lang::apply(start),
                piece,
                records,
                separator: b"",
                citations: cited.unwrap_or_default(),
                end: lang::apply(end),
            })),
            // A theme whose page does not show the rows.
            None => Err(Diagnostic::error(
                "E0403",
                format!("templates/{template}"),
                Position::START,
                "this page lists every record, but its template has no `{{ rows | safe }}`",
            )
            .with_help("put `{{ rows | safe }}` where the table's rows go (inside its `<tbody>`); each row comes from its own template in partials/")),
        }
    }

    /// The size of the last page rendered from `template`, as a starting capacity.
    fn page_size_hint(&self, template: &str) -> usize {
        self.page_sizes
            .get(template)
            .map_or(0, |size| size.load(Ordering::Relaxed))
            .max(MIN_PAGE_CAPACITY)
    }

    fn remember_page_size(&self, template: &str, size: usize) {
        if let Some(known) = self.page_sizes.get(template) {
            known.store(size, Ordering::Relaxed);
        }
    }
}

/// What a page's own module decides: the template, the heading and description
/// (also the head's title and meta description), Open Graph's type, the trail above
/// the heading, and the rows of a table page (written piece by piece where the
/// template shows `rows`).
struct PageParts {
    template: &'static str,
    title: String,
    description: String,
    og_type: &'static str,
    breadcrumb: Vec<LinkView>,
    table: Option<(Piece, Range<usize>)>,
}

impl PageParts {
    fn new(
        template: &'static str,
        title: String,
        description: String,
        og_type: &'static str,
    ) -> Self {
        PageParts {
            template,
            title,
            description,
            og_type,
            breadcrumb: Vec::new(),
            table: None,
        }
    }

    /// The trail shown above the heading (the page itself is the heading).
    fn with_breadcrumb(mut self, breadcrumb: Vec<LinkView>) -> Self {
        self.breadcrumb = breadcrumb;
        self
    }

    /// The page lists `records`, each a `piece`.
    fn with_table(mut self, piece: Piece, records: Range<usize>) -> Self {
        self.table = Some((piece, records));
        self
    }
}

/// The first step of a page's trail: the home page of its language.
fn home_link(site: &Site, language: &str, root: &str) -> LinkView {
    LinkView {
        label: site.translations.shown(language, "nav.home").into_owned(),
        href: format!("{root}{language}/"),
    }
}

/// A unit's name without the number: `"{} ha"` -> `ha`, `"USD {} million"` ->
/// `USD million`.
pub(crate) fn unit_name(pattern: &str) -> String {
    pattern
        .replace("{}", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn template_error(template: &str, error: &tera::Error, output: Option<&str>) -> Diagnostic {
    let (message, position, file) = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let file = if report.filename().is_empty() {
                template.to_string()
            } else {
                report.filename().to_string()
            };
            (
                report.message().to_string(),
                Position {
                    line: span.start_line.max(1),
                    column: span.start_col + 1,
                },
                file,
            )
        }
        other => (other.to_string(), Position::START, template.to_string()),
    };
    let mut diagnostic = Diagnostic::error(
        "E0403",
        format!("templates/{file}"),
        position,
        format!("template error: {message}"),
    )
    .with_help("fix the template; values that may be missing need `{% if value %}` around them");
    if let Some(output) = output {
        diagnostic = diagnostic.with_note(format!("while rendering {output}"));
    }
    diagnostic
}
