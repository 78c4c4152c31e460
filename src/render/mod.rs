//! Render: one job -> the bytes of one output file, never touching the disk.
//!
//! Templates are compiled once ([`Renderer::new`]); each page gets a context of small
//! views ([`views`]) in which every number is already formatted for its language.
//! Sitemap, feeds and open data are produced in `files.rs` (the CSV in `csv.rs`). A
//! template error becomes a diagnostic that names the template's line and the page
//! being rendered.

mod card;
pub mod charts;
mod chrome;
mod compare;
mod contacts;
mod csv;
mod distances;
mod drawings;
mod feed;
mod figures;
mod files;
mod hosting;
mod lang;
mod maps;
mod pieces;
mod structured;
mod titles;
pub mod views;

pub use pieces::{Failed, Kept};

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use tera::{Context, Tera};

use crate::content::model::{Kind, Site, Text};
use crate::derive::{Job, Plan, Target};
use crate::diagnostics::{Diagnostic, Position};
use crate::markdown::Prose;
use chrome::Chrome;
use figures::fact_view;
use pieces::{Piece, Stream, ROWS};
use views::{record_view, Citations, LinkView, RecordView, Shown};

/// Compiled templates plus what every page shares.
pub struct Renderer<'a> {
    site: &'a Site,
    plan: &'a Plan,
    tera: Tera,
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

/// A language in the switcher and in `hreflang` alternates.
#[derive(Debug, Clone, Serialize)]
struct Alternate {
    code: String,
    name: String,
    href: String,
    absolute: String,
    current: bool,
}

/// The authority's contacts in one language, for the chooser.
#[derive(Debug, Clone, Serialize)]
struct LanguageContacts {
    code: String,
    contacts: Vec<contacts::ContactView>,
}

/// A language offered by the chooser, in that language's words.
#[derive(Debug, Clone, Serialize)]
struct Choice {
    code: String,
    name: String,
    /// The site's title in this language, unless an earlier language gave the same.
    title: Option<String>,
    lead: String,
    /// The heading of the authority's contacts, in this language.
    contacts_heading: String,
    publisher: String,
    href: String,
}

#[derive(Debug, Clone, Serialize)]
struct PageMeta {
    title: String,
    description: String,
    /// None on error pages: they are no page's canonical copy.
    canonical: Option<String>,
    /// Keeps search engines from indexing the page (error pages).
    noindex: bool,
    x_default: String,
    og_type: &'static str,
    /// The page's locale as Open Graph writes it (`vi_VN`), and the other languages'.
    og_locale: String,
    og_locale_alternates: Vec<String>,
    image: ImageView,
    json_ld: Option<String>,
    template: &'static str,
    path: String,
}

/// A page's preview image (`og:image`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ImageView {
    /// Absolute URL.
    pub url: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// What it shows, in the page's language.
    pub alt: String,
}

impl<'a> Renderer<'a> {
    /// Compiles the site's templates.
    pub fn new(site: &'a Site, plan: &'a Plan) -> Result<Self, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        // All at once: templates may include or extend templates added after them.
        if let Err(error) = tera.add_raw_templates(
            site.templates
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str())),
        ) {
            return Err(vec![template_error("base.html", &error, None)]);
        }
        let root = site.config.root_path();
        let chrome = site
            .config
            .languages
            .iter()
            .map(|language| (language.clone(), Chrome::new(site, plan, language, &root)))
            .collect();
        Ok(Renderer {
            site,
            plan,
            tera,
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
            Target::Robots => whole(robots(site).into_bytes()),
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
        let site_title = site.shown(&site.config.title, language).into_owned();
        let home = LinkView {
            label: t("nav.home"),
            href: format!("{root}{language}/"),
        };
        // The trail shown above the heading (the page itself is the heading).
        let mut breadcrumb: Vec<LinkView> = Vec::new();
        // The rows of a table page, written piece by piece where it shows `rows`.
        let mut table: Option<(Piece, std::ops::Range<usize>)> = None;

        let (template, title, description, og_type): (&'static str, String, String, &'static str) =
            match &job.target {
                Target::Chooser => {
                    context.insert("choices", &self.choices());
                    // Whom to contact, once per language in that language's words.
                    let contacts: Vec<LanguageContacts> = site
                        .config
                        .languages
                        .iter()
                        .map(|code| LanguageContacts {
                            code: code.clone(),
                            contacts: contacts::province_contacts(site, code, &mut citations),
                        })
                        .collect();
                    if contacts.iter().any(|group| !group.contacts.is_empty()) {
                        context.insert("contact_groups", &contacts);
                    }
                    let strings: BTreeMap<&str, &tera::Value> = self
                        .chrome
                        .iter()
                        .map(|(code, chrome)| (code.as_str(), &chrome.strings))
                        .collect();
                    context.insert("strings", &strings);
                    (
                        "chooser.html",
                        site_title.clone(),
                        site.shown(&site.config.description, language).into_owned(),
                        "website",
                    )
                }
                Target::Home => {
                    let province = &site.province;
                    // Only what the province published: a list of its unpublished
                    // figures would greet every visitor of a young portal.
                    let facts: Vec<_> = site
                        .schema
                        .province
                        .facts
                        .iter()
                        .filter(|fact| fact.uses.key_facts)
                        .filter_map(|fact| Some((fact, province.fact(&fact.key)?)))
                        .map(|(fact, figure)| {
                            (
                                fact,
                                fact_view(site, language, fact, Some(figure), &mut citations),
                            )
                        })
                        .collect();
                    context.insert("facts", &figures::facts_view(site, language, facts));
                    let regions: Vec<_> = province
                        .regions
                        .iter()
                        .map(|region| RegionView {
                            name: site.shown(&region.name, language).into_owned(),
                            description: site.shown(&region.description, language).into_owned(),
                            sectors: region
                                .sectors
                                .iter()
                                .filter_map(|slug| site.sector(slug))
                                .map(|sector| site.shown(&sector.label, language).into_owned())
                                .collect(),
                            citation: region.source.as_ref().map(|id| citations.cite(id)),
                        })
                        .collect();
                    context.insert("regions", &regions);
                    context.insert("formed", &views::formation(site, language));
                    if let Some(id) = province
                        .formed
                        .as_ref()
                        .and_then(|formed| formed.source.as_ref())
                    {
                        context.insert("formed_citation", &citations.cite(id));
                    }
                    context.insert(
                        "zones",
                        &self.records(Kind::Zone, language, Shown::Card, &mut citations),
                    );
                    // The home page shows the first parks only; the full list is a click away.
                    let parks = site.range_of(Kind::Park);
                    let shown = parks.start..parks.end.min(parks.start + HOME_PARKS);
                    let park_rows = self.rows(
                        Kind::Park,
                        language,
                        shown.clone(),
                        &mut citations,
                        &job.output,
                    )?;
                    context.insert("park_columns", &list_columns(site, Kind::Park, language));
                    context.insert("more_parks", &(parks.len() > HOME_PARKS));
                    context.insert("parks", &!shown.is_empty());
                    context.insert("park_rows", &park_rows);
                    context.insert("news", &self.news_items(language, 3));
                    context.insert(
                        "contacts",
                        &contacts::province_contacts(site, language, &mut citations),
                    );
                    context.insert(
                        "landmarks",
                        &maps::landmarks(site, language, &mut citations),
                    );
                    // It opens the compare page: none without one.
                    if self.plan.sections.compare {
                        context.insert("find_land", &compare::find_land(site, language, root));
                    }
                    let mut home_charts = if site.config.skip.charts {
                        Vec::new()
                    } else {
                        drawings::home(site, language, root)
                    };
                    for chart in &mut home_charts {
                        chart.cite(&mut citations);
                    }
                    context.insert("charts", &home_charts);
                    (
                        "home.html",
                        site_title.clone(),
                        site.shown(&site.config.description, language).into_owned(),
                        "website",
                    )
                }
                Target::List(kind) => {
                    context.insert("kind", kind);
                    // The province's own figures for this kind, with their sources.
                    let facts: Vec<_> = site
                        .schema
                        .province
                        .facts
                        .iter()
                        .filter(|fact| fact.list_page == Some(*kind))
                        .filter_map(|fact| Some((fact, site.province.fact(&fact.key)?)))
                        .map(|(fact, figure)| {
                            fact_view(site, language, fact, Some(figure), &mut citations)
                        })
                        .collect();
                    // A few figures above the list: one group, no headings.
                    let facts = figures::FactsView {
                        groups: (!facts.is_empty())
                            .then(|| figures::GroupView {
                                key: String::new(),
                                label: String::new(),
                                facts,
                            })
                            .into_iter()
                            .collect(),
                        missing: Vec::new(),
                    };
                    context.insert("facts", &facts);
                    // The rows' sources, numbered after the page's own.
                    let listed = listed_facts(site, *kind);
                    for index in site.range_of(*kind) {
                        views::cite_row(&site.records[index], &listed, &mut citations);
                    }
                    context.insert("rows", ROWS);
                    table = Some((
                        Piece::ListRow(*kind, self.language_index(language)),
                        site.range_of(*kind),
                    ));
                    context.insert("columns", &list_columns(site, *kind, language));
                    let heading = t(&format!("section.{}", kind.folder()));
                    let intro = t(&format!("intro.{}", kind.folder()));
                    ("list.html", heading, intro, "website")
                }
                Target::Record(index) => {
                    // Cited first: the page shows the position above the facts.
                    let position = maps::position(
                        site,
                        self.plan,
                        language,
                        &site.records[*index],
                        &mut citations,
                    );
                    context.insert("position", &position);
                    let view = record_view(
                        site,
                        self.plan,
                        language,
                        root,
                        *index,
                        Shown::Page,
                        &mut citations,
                    );
                    let record = &site.records[*index];
                    if let Some(prose) = record.prose.get(language) {
                        citations.cite_prose(prose);
                    }
                    let description = view.summary.clone().unwrap_or_else(|| view.name.clone());
                    breadcrumb = vec![
                        home.clone(),
                        LinkView {
                            label: t(&format!("section.{}", record.kind.folder())),
                            href: format!("{root}{language}/{}/", record.kind.folder()),
                        },
                    ];
                    context.insert("untranslated", &view.body.is_none());
                    context.insert(
                        "available_in",
                        &self.available(&record.prose, &job.page_path),
                    );
                    let title = view.name.clone();
                    let mut charts = if site.config.skip.charts {
                        Vec::new()
                    } else {
                        drawings::record(site, language, root, record)
                    };
                    for chart in &mut charts {
                        chart.cite(&mut citations);
                    }
                    if site.pages.iter().any(|page| page.slug == "contact") {
                        context.insert("contact_page", &format!("{root}{language}/contact/"));
                    }
                    // Which incentive regime applies follows from where the record lies.
                    if site.pages.iter().any(|page| page.slug == "incentives")
                        && record.kind != Kind::Project
                    {
                        let regime = match (record.kind, &record.zone) {
                            (Kind::Zone, _) | (Kind::Park, Some(_)) => "record.incentives_zone",
                            (Kind::Cluster, _) => "record.incentives_cluster",
                            _ => "record.incentives_park",
                        };
                        context.insert(
                            "incentives",
                            &LinkView {
                                label: t(regime),
                                href: format!("{root}{language}/incentives/"),
                            },
                        );
                    }
                    // Where it lies: a zone's own map, first of its charts, or a small
                    // locator beside the facts of the rest.
                    if !site.config.skip.charts {
                        let labels = charts::Labels {
                            site,
                            language,
                            root,
                        };
                        match record.kind {
                            Kind::Zone => {
                                if let Some(map) = maps::zone(&labels, self.plan, record) {
                                    charts.insert(0, map);
                                }
                            }
                            _ => context
                                .insert("locator", &maps::locator(&labels, self.plan, record)),
                        }
                    }
                    context.insert("charts", &charts);
                    context.insert("record", &view);
                    (
                        "record.html",
                        title,
                        description,
                        if record.kind == Kind::Project {
                            "article"
                        } else {
                            "place"
                        },
                    )
                }
                Target::NewsList => {
                    context.insert("news", &self.news_items(language, usize::MAX));
                    (
                        ("news_list.html"),
                        t("section.news"),
                        t("intro.news"),
                        "website",
                    )
                }
                Target::News(index) => {
                    let article = &site.news[*index];
                    let (prose, from) = pick(&article.versions, site.config.chain(language));
                    breadcrumb = vec![
                        home.clone(),
                        LinkView {
                            label: t("section.news"),
                            href: format!("{root}{language}/news/"),
                        },
                    ];
                    context.insert("body", &prose.html);
                    context.insert("body_lang", &from);
                    context.insert("date", &article.date.show(&site.translations, language));
                    context.insert("date_iso", &article.date.iso());
                    context.insert("untranslated", &from.is_some());
                    context.insert(
                        "available_in",
                        &self.available(&article.versions, &job.page_path),
                    );
                    if let Some(id) = &article.source {
                        let number = citations.cite(id);
                        context.insert("source_citation", &number);
                    }
                    citations.cite_prose(prose);
                    let title = marked(prose.title.as_deref().unwrap_or_default(), from);
                    (
                        "article.html",
                        title,
                        marked(prose.summary.as_deref().unwrap_or_default(), from),
                        "article",
                    )
                }
                Target::Page(index) => {
                    let page = &site.pages[*index];
                    let (prose, from) = pick(&page.versions, site.config.chain(language));
                    citations.cite_prose(prose);
                    context.insert("body", &prose.html);
                    context.insert("body_lang", &from);
                    context.insert("headings", &prose.headings);
                    context.insert("untranslated", &from.is_some());
                    context.insert(
                        "available_in",
                        &self.available(&page.versions, &job.page_path),
                    );
                    (
                        "page.html",
                        marked(prose.title.as_deref().unwrap_or_default(), from),
                        marked(prose.summary.as_deref().unwrap_or_default(), from),
                        "article",
                    )
                }
                Target::Compare => {
                    compare::page(site, language, &mut citations, &mut context);
                    table = Some((
                        Piece::CompareRow(self.language_index(language)),
                        site.range_of(Kind::Park),
                    ));
                    (
                        "compare.html",
                        t("compare.title"),
                        t("compare.intro"),
                        "website",
                    )
                }
                Target::Sources => {
                    let sources: Vec<_> = site
                        .sources
                        .iter()
                        .map(|source| SourceView {
                            id: source.id.clone(),
                            title: titles::source_title(site, source, language),
                            publisher: source.publisher.clone(),
                            date: source
                                .date
                                .as_ref()
                                .map(|date| date.show(&site.translations, language)),
                            language: source.language.clone(),
                            url: source.url.clone(),
                            note: source
                                .note
                                .as_ref()
                                .map(|note| site.shown(note, language).into_owned()),
                        })
                        .collect();
                    context.insert("sources", &sources);
                    (
                        "sources.html",
                        t("section.sources"),
                        t("intro.sources"),
                        "website",
                    )
                }
                Target::OpenData => {
                    let datasets: Vec<DatasetView> = self
                        .plan
                        .sections
                        .data_kinds(site.config.skip)
                        .into_iter()
                        .map(|kind| {
                            let folder = kind.folder();
                            DatasetView {
                                key: folder,
                                title: t(&format!("data.{folder}_title")),
                                description: t(&format!("data.{folder}_description")),
                                count: t("data.records")
                                    .replace("{n}", &site.records_of(kind).count().to_string()),
                                csv: format!("{root}data/{folder}.csv"),
                                json: format!("{root}data/{folder}.json"),
                            }
                        })
                        .collect();
                    context.insert("datasets", &datasets);
                    ("data.html", t("data.title"), t("data.intro"), "website")
                }
                Target::Search => {
                    let docs = files::search_links(site, language, root);
                    let mut groups: Vec<SearchGroup> = Vec::new();
                    for doc in &docs {
                        if groups.last().is_none_or(|group| group.key != doc.group) {
                            let label = match doc.group {
                                "pages" => t("search.pages"),
                                group => t(&format!("section.{group}")),
                            };
                            groups.push(SearchGroup {
                                key: doc.group,
                                label,
                                items: Vec::new(),
                            });
                        }
                        if let Some(group) = groups.last_mut() {
                            group.items.push(LinkView {
                                label: doc.title.clone(),
                                href: doc.url.clone(),
                            });
                        }
                    }
                    context.insert("groups", &groups);
                    context.insert(
                        "total",
                        &t("search.total").replace("{n}", &docs.len().to_string()),
                    );
                    context.insert("index_url", &format!("{root}{language}/search-index.json"));
                    (
                        "search.html",
                        t("search.title"),
                        t("search.intro"),
                        "website",
                    )
                }
                Target::NotFound => (
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

        let alternates = self.alternates(job);
        let x_default = match job.target {
            // The chooser is the page for people whose language we do not know.
            Target::Chooser | Target::Home => site.config.base_url.clone(),
            // Error pages are not alternates of each other.
            Target::NotFound => String::new(),
            _ => site.config.absolute(&format!(
                "{}/{}",
                site.config.default_language(),
                job.page_path
            )),
        };
        let canonical = match job.target {
            Target::Chooser => site.config.base_url.clone(),
            _ => site
                .config
                .absolute(&format!("{language}/{}", job.page_path)),
        };
        let full_title = if matches!(job.target, Target::Home | Target::Chooser) {
            site_title.clone()
        } else {
            format!("{title} · {site_title}")
        };
        let image = ImageView {
            url: site.config.absolute(&format!("{language}/card.png")),
            width: card::WIDTH,
            height: card::HEIGHT,
            alt: site_title.clone(),
        };
        let json_ld = structured::json_ld(
            site,
            self.plan,
            root,
            &structured::PageFacts {
                job,
                language,
                canonical: &canonical,
                title: &title,
                description: &description,
                breadcrumb: &breadcrumb,
                image: &image,
            },
        );
        let is_error = job.target == Target::NotFound;
        let meta = PageMeta {
            title: full_title,
            description,
            canonical: (!is_error).then_some(canonical),
            noindex: is_error,
            x_default,
            og_type,
            og_locale: self.og_locale(language),
            og_locale_alternates: site
                .config
                .languages
                .iter()
                .filter(|code| code.as_str() != language)
                .map(|code| self.og_locale(code))
                .collect(),
            image,
            json_ld,
            template,
            path: job.page_path.clone(),
        };
        context.insert("heading", &title);
        context.insert("breadcrumb", &breadcrumb);
        context.insert("page", &meta);
        context.insert("lang", language);
        if let Some(chrome) = self.chrome.get(language) {
            context.insert_value("t", chrome.strings.clone());
            context.insert_value("menu", chrome.menu(&job.page_path));
            context.insert_value("site", chrome.site.clone());
        }
        context.insert("root", root);
        context.insert("languages", &alternates);
        let cited = table.as_ref().map(|_| citations.order().to_vec());
        context.insert("citations", &citations.finish());

        // Straight into bytes: `render` would check the whole page is UTF-8 again (it is
        // by construction) and grow its buffer from the template's size.
        let mut html = Vec::with_capacity(self.page_size_hint(template));
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|error| template_error(template, &error, Some(&job.output)))?;
        self.remember_page_size(template, html.len());
        let Some((piece, records)) = table else {
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

    /// A language's locale as Open Graph writes it (`vi_VN`: `locale.og` in its UI
    /// strings), or its code when the strings do not say.
    fn og_locale(&self, code: &str) -> String {
        self.site
            .translations
            .language(code)
            .and_then(|language| language.strings.get("locale.og"))
            .cloned()
            .unwrap_or_else(|| code.to_string())
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

    fn records(
        &self,
        kind: Kind,
        language: &str,
        view: Shown,
        citations: &mut Citations<'_>,
    ) -> Vec<RecordView> {
        self.records_shown(kind, language, view, usize::MAX, citations)
    }

    /// Views of the first `shown` records of `kind` (lists never show the prose, so
    /// the views leave it out). Only those cite their sources: the page's citation
    /// list names what the page shows, not the records a click away.
    fn records_shown(
        &self,
        kind: Kind,
        language: &str,
        view: Shown,
        shown: usize,
        citations: &mut Citations<'_>,
    ) -> Vec<RecordView> {
        self.site
            .range_of(kind)
            .take(shown)
            .map(|index| {
                record_view(
                    self.site, self.plan, language, &self.root, index, view, citations,
                )
            })
            .collect()
    }

    fn news_items(&self, language: &str, limit: usize) -> Vec<NewsItem> {
        self.site
            .news
            .iter()
            .take(limit)
            .map(|article| {
                let (prose, from) = pick(&article.versions, self.site.config.chain(language));
                NewsItem {
                    title: marked(prose.title.as_deref().unwrap_or_default(), from),
                    summary: prose
                        .summary
                        .as_deref()
                        .map(|summary| marked(summary, from)),
                    date: article.date.show(&self.site.translations, language),
                    date_iso: article.date.iso(),
                    href: format!("{}{language}/news/{}/", self.root, article.slug),
                    translated: from.is_none(),
                }
            })
            .collect()
    }

    fn alternates(&self, job: &Job) -> Vec<Alternate> {
        let config = &self.site.config;
        config
            .languages
            .iter()
            .map(|code| {
                let path = match job.target {
                    Target::Chooser => format!("{code}/"),
                    _ => format!("{code}/{}", job.page_path),
                };
                Alternate {
                    code: code.clone(),
                    name: self
                        .site
                        .translations
                        .get(code, "language_name")
                        .to_string(),
                    href: format!("{}{path}", self.root),
                    absolute: config.absolute(&path),
                    current: job.language.as_deref() == Some(code.as_str()),
                }
            })
            .collect()
    }

    /// The chooser's offer, each language in its own words: its name, the site's
    /// title and the chooser's lead from that language's own texts (a text it borrows
    /// is marked with the language it is in). A title the same as an earlier
    /// language's (no translation) is given once.
    fn choices(&self) -> Vec<Choice> {
        let site = self.site;
        let mut titles: Vec<&str> = Vec::new();
        site.config
            .languages
            .iter()
            .map(|code| {
                let title = site.text(&site.config.title, code);
                let new_title = !titles.contains(&title);
                titles.push(title);
                // A text a language borrows is marked as the other language's.
                Choice {
                    code: code.clone(),
                    name: site.translations.get(code, "language_name").to_string(),
                    title: new_title.then(|| site.shown(&site.config.title, code).into_owned()),
                    lead: site.translations.shown(code, "chooser.lead").into_owned(),
                    contacts_heading: site
                        .translations
                        .shown(code, "contact.province_heading")
                        .into_owned(),
                    publisher: site.shown(&site.config.publisher.name, code).into_owned(),
                    href: format!("{}{code}/", self.root),
                }
            })
            .collect()
    }

    /// Languages in which a text exists, as links to the same page.
    fn available(&self, versions: &BTreeMap<String, Prose>, page_path: &str) -> Vec<LinkView> {
        self.site
            .config
            .languages
            .iter()
            .filter(|code| versions.contains_key(*code))
            .map(|code| LinkView {
                label: self
                    .site
                    .translations
                    .get(code, "language_name")
                    .to_string(),
                href: format!("{}{code}/{page_path}", self.root),
            })
            .collect()
    }
}

/// `robots.txt`. Crawlers read it only at the root of a host: a site built for a
/// sub-path says so, and which line to copy into the host's own file.
fn robots(site: &Site) -> String {
    let sitemap = site.config.absolute("sitemap.xml");
    let root = site.config.root_path();
    let mut out = String::new();
    if root != "/" {
        let host = site.config.host_root();
        out.push_str(&format!(
            "# This site is published under {root}, but crawlers read robots.txt only at\n\
             # the root of the host, {host}robots.txt. Copy the Sitemap line below into\n\
             # that file; this copy is not read.\n"
        ));
    }
    out.push_str(&format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"));
    out
}

/// The version for a page whose languages are `chain` (its own first, then its
/// fallbacks), or any; and the language it is in when that is not the page's.
fn pick<'p>(
    versions: &'p BTreeMap<String, Prose>,
    chain: &[String],
) -> (&'p Prose, Option<&'p str>) {
    let mut found = chain
        .iter()
        .filter_map(|language| versions.get_key_value(language))
        .chain(versions.iter());
    match found.next() {
        Some((language, prose)) if Some(language) == chain.first() => (prose, None),
        Some((language, prose)) => (prose, Some(language.as_str())),
        // Validation keeps only news and pages with at least one version.
        None => (empty_prose(), None),
    }
}

/// A text of a prose version, marked with its language when it is not the page's.
fn marked(text: &str, from: Option<&str>) -> String {
    match from {
        Some(language) => crate::i18n::mark(language, text),
        None => text.to_string(),
    }
}

fn empty_prose() -> &'static Prose {
    static EMPTY: std::sync::OnceLock<Prose> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Prose::default)
}

/// How many parks the home page lists.
const HOME_PARKS: usize = 24;

/// The facts a list's rows show (`use: list` in the schema).
fn listed_facts(site: &Site, kind: Kind) -> Vec<&crate::content::schema::Fact> {
    site.schema
        .of(kind)
        .facts
        .iter()
        .filter(|fact| fact.uses.list)
        .collect()
}

/// The heads of a list's fact columns (`use: list` in the schema).
fn list_columns(site: &Site, kind: Kind, language: &str) -> Vec<views::LabelView> {
    site.schema
        .of(kind)
        .facts
        .iter()
        .filter(|fact| fact.uses.list)
        .map(|fact| views::LabelView {
            key: fact.key.clone(),
            label: site.shown(fact.short(), language).into_owned(),
        })
        .collect()
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

/// One open-data set on the data page.
#[derive(Debug, Clone, Serialize)]
struct DatasetView {
    key: &'static str,
    title: String,
    description: String,
    /// "23 records".
    count: String,
    csv: String,
    json: String,
}

#[derive(Debug, Clone, Serialize)]
struct RegionView {
    name: String,
    description: String,
    sectors: Vec<String>,
    citation: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
struct NewsItem {
    title: String,
    summary: Option<String>,
    date: String,
    date_iso: String,
    href: String,
    translated: bool,
}

#[derive(Debug, Clone, Serialize)]
struct SearchGroup {
    key: &'static str,
    label: String,
    items: Vec<LinkView>,
}

#[derive(Debug, Clone, Serialize)]
struct SourceView {
    id: String,
    #[serde(flatten)]
    title: titles::SourceTitle,
    publisher: String,
    date: Option<String>,
    language: String,
    url: Option<String>,
    note: Option<String>,
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

/// Text in each language, or the shared one (for data exports). A language without
/// its own text gets an empty one: open data never passes one language's text off as
/// another's.
pub(crate) fn text_map(text: &Text, languages: &[String]) -> BTreeMap<String, String> {
    languages
        .iter()
        .map(|code| (code.clone(), text.get(code).unwrap_or_default().to_string()))
        .collect()
}
