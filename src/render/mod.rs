//! Render: one job -> the bytes of one output file, never touching the disk.
//!
//! Templates are compiled once ([`Renderer::new`]); each page gets a context of small
//! views ([`views`]) in which every number is already formatted for its language.
//! Sitemap, feeds and open data are produced in `files.rs` (the CSV in `csv.rs`). A
//! template error becomes a diagnostic that names the template's line and the page
//! being rendered.

pub mod charts;
mod csv;
mod files;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use tera::{Context, Tera};

use crate::content::model::{Kind, Site, Text};
use crate::derive::{Job, Plan, Target};
use crate::diagnostics::{Diagnostic, Position};
use crate::markdown::Prose;
use views::{fact_view, nested_strings, record_view, Citations, LinkView, RecordView};

/// Compiled templates plus what every page shares.
pub struct Renderer<'a> {
    site: &'a Site,
    plan: &'a Plan,
    tera: Tera,
    root: String,
    /// UI strings per language, converted for Tera once (its maps are shared, so
    /// every page gets them without a copy).
    strings: BTreeMap<String, tera::Value>,
    /// Template -> bytes of the last page rendered from it (pages of one template are
    /// about the same size, so the next page's buffer rarely has to grow).
    page_sizes: HashMap<&'static str, AtomicUsize>,
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

#[derive(Debug, Clone, Serialize)]
struct MenuItem {
    label: String,
    href: String,
    current: bool,
}

#[derive(Debug, Clone, Serialize)]
struct PageMeta {
    title: String,
    description: String,
    canonical: String,
    x_default: String,
    og_type: &'static str,
    json_ld: Option<String>,
    template: &'static str,
    path: String,
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
        let strings = site
            .translations
            .languages
            .iter()
            .map(|language| {
                (
                    language.code.clone(),
                    tera::Value::from_serializable(&nested_strings(&language.strings)),
                )
            })
            .collect();
        Ok(Renderer {
            site,
            plan,
            tera,
            root: site.config.root_path(),
            strings,
            page_sizes: PAGE_TEMPLATES
                .iter()
                .map(|&template| (template, AtomicUsize::new(0)))
                .collect(),
        })
    }

    /// Produces one output file.
    pub fn render(&self, job: &Job) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        match &job.target {
            Target::Asset(index) => Ok(site.assets[*index].bytes.to_vec()),
            Target::Sitemap => Ok(files::sitemap(site, &self.plan.jobs).into_bytes()),
            Target::Robots => Ok(format!(
                "User-agent: *\nAllow: /\n\nSitemap: {}\n",
                site.config.absolute("sitemap.xml")
            )
            .into_bytes()),
            Target::Feed => Ok(files::feed(
                site,
                job.language.as_deref().unwrap_or_default(),
                &self.root,
            )
            .into_bytes()),
            Target::Data(kind, format) => Ok(files::data(site, self.plan, *kind, *format)),
            Target::SearchIndex => Ok(files::search_index(
                site,
                job.language.as_deref().unwrap_or_default(),
                &self.root,
            )),
            _ => self.page(job),
        }
    }

    fn page(&self, job: &Job) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let language = job
            .language
            .clone()
            .unwrap_or_else(|| site.config.default_language().to_string());
        let language = language.as_str();
        let root = self.root.as_str();
        let t = |key: &str| site.translations.get(language, key).to_string();
        let mut context = Context::new();
        let mut citations = Citations::new(site, language, root);
        let site_title = site.config.title.show(language).to_string();

        let (template, title, description, og_type): (&'static str, String, String, &'static str) =
            match &job.target {
                Target::Chooser => (
                    "chooser.html",
                    site_title.clone(),
                    site.config.description.show(language).to_string(),
                    "website",
                ),
                Target::Home => {
                    let province = &site.province;
                    let facts: Vec<_> = crate::content::validate::PROVINCE_FACTS
                        .iter()
                        .filter_map(|key| province.fact(key))
                        .map(|figure| {
                            fact_view(site, language, &figure.key, Some(figure), &mut citations)
                        })
                        .collect();
                    context.insert("facts", &facts);
                    let regions: Vec<_> = province
                        .regions
                        .iter()
                        .map(|region| RegionView {
                            name: region.name.show(language).to_string(),
                            description: region.description.show(language).to_string(),
                            sectors: region
                                .sectors
                                .iter()
                                .filter_map(|slug| site.sector(slug))
                                .map(|sector| sector.label.show(language).to_string())
                                .collect(),
                            citation: region.source.as_ref().map(|id| citations.cite(id)),
                        })
                        .collect();
                    context.insert("regions", &regions);
                    context.insert(
                        "zones",
                        &self.records(Kind::Zone, language, &[], &mut citations),
                    );
                    // The home page shows the first parks only; the full list is a click away.
                    let parks = self.records_shown(
                        Kind::Park,
                        language,
                        LIST_FACTS,
                        HOME_PARKS,
                        &mut citations,
                    );
                    let park_count = site.records_of(Kind::Park).count();
                    context.insert("more_parks", &(park_count > HOME_PARKS));
                    context.insert("parks", &parks);
                    context.insert("news", &self.news_items(language, 3));
                    let home_charts = if site.config.skip.charts {
                        Vec::new()
                    } else {
                        charts::home(site, self.plan, language, root)
                    };
                    context.insert("charts", &home_charts);
                    (
                        "home.html",
                        site_title.clone(),
                        site.config.description.show(language).to_string(),
                        "website",
                    )
                }
                Target::List(kind) => {
                    context.insert("kind", kind);
                    // The province's own counts for this kind, with their sources.
                    let keys: &[&str] = match kind {
                        Kind::Zone => &["planned_ez_count", "planned_ez_area"],
                        Kind::Park => &[
                            "planned_ip_count",
                            "planned_ip_area",
                            "operating_ip_count",
                            "operating_ip_area",
                            "average_occupancy",
                        ],
                        Kind::Cluster => &["planned_cluster_count", "operating_cluster_count"],
                        Kind::Project => &[
                            "secondary_projects",
                            "registered_capital_usd",
                            "registered_capital_vnd",
                        ],
                    };
                    let facts: Vec<_> = keys
                        .iter()
                        .filter_map(|key| site.province.fact(key))
                        .map(|figure| {
                            fact_view(site, language, &figure.key, Some(figure), &mut citations)
                        })
                        .collect();
                    context.insert("facts", &facts);
                    context.insert(
                        "records",
                        &self.records(*kind, language, LIST_FACTS, &mut citations),
                    );
                    let heading = t(&format!("section.{}", kind.folder()));
                    let intro = t(&format!("intro.{}", kind.folder()));
                    ("list.html", heading, intro, "website")
                }
                Target::Record(index) => {
                    let view = record_view(
                        site,
                        self.plan,
                        language,
                        root,
                        *index,
                        None,
                        &mut citations,
                    );
                    let record = &site.records[*index];
                    let description = view.summary.clone().unwrap_or_else(|| view.name.clone());
                    context.insert(
                        "section",
                        &LinkView {
                            label: t(&format!("section.{}", record.kind.folder())),
                            href: format!("{root}{language}/{}/", record.kind.folder()),
                        },
                    );
                    context.insert("untranslated", &view.body.is_none());
                    context.insert(
                        "available_in",
                        &self.available(&record.prose, &job.page_path),
                    );
                    let title = view.name.clone();
                    let charts = match record.kind {
                        _ if site.config.skip.charts => Vec::new(),
                        Kind::Zone => charts::zone(site, self.plan, language, root, record),
                        Kind::Park | Kind::Cluster => charts::park(site, language, root, record),
                        Kind::Project => Vec::new(),
                    };
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
                    let (prose, translated) =
                        pick(&article.versions, language, site.config.default_language());
                    context.insert("title", &prose.title);
                    context.insert("body", &prose.html);
                    context.insert("date", &site.translations.date(language, &article.date));
                    context.insert("date_iso", &article.date.iso());
                    context.insert("untranslated", &!translated);
                    context.insert(
                        "available_in",
                        &self.available(&article.versions, &job.page_path),
                    );
                    if let Some(id) = &article.source {
                        let number = citations.cite(id);
                        context.insert("source_citation", &number);
                    }
                    let title = prose.title.clone().unwrap_or_default();
                    (
                        "article.html",
                        title,
                        prose.summary.clone().unwrap_or_default(),
                        "article",
                    )
                }
                Target::Page(index) => {
                    let page = &site.pages[*index];
                    let (prose, translated) =
                        pick(&page.versions, language, site.config.default_language());
                    context.insert("body", &prose.html);
                    context.insert("headings", &prose.headings);
                    context.insert("untranslated", &!translated);
                    context.insert(
                        "available_in",
                        &self.available(&page.versions, &job.page_path),
                    );
                    (
                        "page.html",
                        prose.title.clone().unwrap_or_default(),
                        prose.summary.clone().unwrap_or_default(),
                        "article",
                    )
                }
                Target::Compare => {
                    let rows: Vec<CompareRow> = site
                        .records_of(Kind::Park)
                        .map(|park| compare_row(site, language, root, park, &mut citations))
                        .collect();
                    let columns: Vec<views::LabelView> = COMPARE_FACTS
                        .iter()
                        .map(|key| views::LabelView {
                            key: key.to_string(),
                            label: t(&format!("fact.{key}")),
                        })
                        .collect();
                    let zones: Vec<views::LabelView> = site
                        .records_of(Kind::Zone)
                        .map(|zone| views::LabelView {
                            key: zone.slug.clone(),
                            label: zone.short_name.show(language).to_string(),
                        })
                        .collect();
                    let sectors: Vec<views::LabelView> = site
                        .sectors
                        .iter()
                        .filter(|sector| {
                            site.records_of(Kind::Park)
                                .any(|park| park.sectors.contains(&sector.slug))
                        })
                        .map(|sector| views::LabelView {
                            key: sector.slug.clone(),
                            label: sector.label.show(language).to_string(),
                        })
                        .collect();
                    context.insert("rows", &rows);
                    context.insert("columns", &columns);
                    context.insert("zones", &zones);
                    context.insert("sectors", &sectors);
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
                            title: source.title.clone(),
                            publisher: source.publisher.clone(),
                            date: source
                                .date
                                .as_ref()
                                .map(|date| site.translations.date(language, date)),
                            language: source.language.clone(),
                            url: source.url.clone(),
                            note: source
                                .note
                                .as_ref()
                                .map(|note| note.show(language).to_string()),
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
            // The root 404.html is its own page, not the default language's copy.
            Target::NotFound => site.config.absolute(&job.output),
            _ => site
                .config
                .absolute(&format!("{language}/{}", job.page_path)),
        };
        let full_title = if matches!(job.target, Target::Home | Target::Chooser) {
            site_title.clone()
        } else {
            format!("{title} · {site_title}")
        };
        let meta = PageMeta {
            title: full_title,
            description,
            canonical: canonical.clone(),
            x_default,
            og_type,
            json_ld: files::json_ld(site, self.plan, job, language, &canonical, &title),
            template,
            path: job.page_path.clone(),
        };
        context.insert("heading", &title);
        context.insert("page", &meta);
        context.insert("lang", language);
        if let Some(strings) = self.strings.get(language) {
            context.insert_value("t", strings.clone());
        }
        context.insert("root", root);
        context.insert("languages", &alternates);
        context.insert("menu", &self.menu(language, &job.page_path));
        context.insert(
            "site",
            &SiteView {
                title: site_title,
                description: site.config.description.show(language).to_string(),
                publisher: site.config.publisher.show(language).to_string(),
                email: site.config.email.clone(),
                phone: site.config.phone.clone(),
                home: format!("{root}{language}/"),
            },
        );
        context.insert("citations", &citations.finish());

        // Straight into bytes: `render` would check the whole page is UTF-8 again (it is
        // by construction) and grow its buffer from the template's size.
        let mut html = Vec::with_capacity(self.page_size_hint(template));
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|error| template_error(template, &error, Some(&job.output)))?;
        self.remember_page_size(template, html.len());
        Ok(html)
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
        only: &[&str],
        citations: &mut Citations<'_>,
    ) -> Vec<RecordView> {
        self.records_shown(kind, language, only, usize::MAX, citations)
    }

    /// Views of the first `shown` records of `kind` (lists never show the prose, so
    /// the views leave it out). Only those cite their sources: the page's citation
    /// list names what the page shows, not the records a click away.
    fn records_shown(
        &self,
        kind: Kind,
        language: &str,
        only: &[&str],
        shown: usize,
        citations: &mut Citations<'_>,
    ) -> Vec<RecordView> {
        self.site
            .records
            .iter()
            .enumerate()
            .filter(|(_, record)| record.kind == kind)
            .take(shown)
            .map(|(index, _)| {
                record_view(
                    self.site,
                    self.plan,
                    language,
                    &self.root,
                    index,
                    Some(only),
                    citations,
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
                let (prose, translated) = pick(
                    &article.versions,
                    language,
                    self.site.config.default_language(),
                );
                NewsItem {
                    title: prose.title.clone().unwrap_or_default(),
                    summary: prose.summary.clone(),
                    date: self.site.translations.date(language, &article.date),
                    date_iso: article.date.iso(),
                    href: format!("{}{language}/news/{}/", self.root, article.slug),
                    translated,
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

    fn menu(&self, language: &str, current: &str) -> Vec<MenuItem> {
        let site = self.site;
        let mut items: Vec<(i64, String, String)> = vec![
            (
                10,
                site.translations.get(language, "nav.zones").to_string(),
                "zones/".to_string(),
            ),
            (
                20,
                site.translations.get(language, "nav.parks").to_string(),
                "parks/".to_string(),
            ),
            (
                22,
                site.translations.get(language, "nav.clusters").to_string(),
                "clusters/".to_string(),
            ),
            (
                24,
                site.translations.get(language, "nav.projects").to_string(),
                "projects/".to_string(),
            ),
            (
                25,
                site.translations.get(language, "nav.compare").to_string(),
                "compare/".to_string(),
            ),
            (
                26,
                site.translations.get(language, "nav.news").to_string(),
                "news/".to_string(),
            ),
        ];
        for page in &site.pages {
            if let Some(order) = page.menu {
                let (prose, _) = pick(&page.versions, language, site.config.default_language());
                items.push((
                    order,
                    prose.title.clone().unwrap_or_else(|| page.slug.clone()),
                    format!("{}/", page.slug),
                ));
            }
        }
        items.sort_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
        items
            .into_iter()
            .map(|(_, label, path)| MenuItem {
                current: !path.is_empty() && current.starts_with(&path),
                href: format!("{}{language}/{path}", self.root),
                label,
            })
            .collect()
    }
}

/// The version in `language`, or the default language's, or any; and whether it was the
/// one asked for.
fn pick<'p>(
    versions: &'p BTreeMap<String, Prose>,
    language: &str,
    default: &str,
) -> (&'p Prose, bool) {
    if let Some(prose) = versions.get(language) {
        return (prose, true);
    }
    match versions.get(default).or_else(|| versions.values().next()) {
        Some(prose) => (prose, false),
        // Validation keeps only news and pages with at least one version.
        None => (empty_prose(), false),
    }
}

fn empty_prose() -> &'static Prose {
    static EMPTY: std::sync::OnceLock<Prose> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Prose::default)
}

/// The facts list pages show.
const LIST_FACTS: &[&str] = &["total_area", "occupancy"];

/// How many parks the home page lists.
const HOME_PARKS: usize = 24;

/// The facts the compare table shows, in order.
const COMPARE_FACTS: &[&str] = &[
    "total_area",
    "industrial_area",
    "available_area",
    "occupancy",
    "land_price",
    "management_fee",
    "power",
    "water",
    "wastewater",
    "distance_seaport",
    "distance_airport",
    "distance_highway",
    "distance_border_gate",
    "secondary_projects",
];

#[derive(Debug, Clone, Serialize)]
struct CompareRow {
    slug: String,
    short_name: String,
    href: String,
    status: Option<views::LabelView>,
    zone: Option<LinkView>,
    zone_slug: Option<String>,
    sectors: Vec<views::LabelView>,
    cells: Vec<CompareCell>,
}

/// One fact of a park in the compare table. Leaner than a [`views::FactView`] (no
/// label: the column heads carry it; no older values): the table has 14 of them for
/// each of up to 10,000 parks, held and converted for Tera at once.
#[derive(Debug, Clone, Serialize)]
struct CompareCell {
    /// Fact key.
    key: &'static str,
    /// The newest value, if published.
    current: Option<views::EntryView>,
    /// The newest numeric value in the fact's common unit, for sorting.
    sort: Option<f64>,
}

/// A park's row in the compare table: the newest value of each compare fact. The
/// table shows no older values, so they are not formatted, only their sources
/// numbered (as in the park's full view, which this row used to be cut from).
fn compare_row(
    site: &Site,
    language: &str,
    root: &str,
    park: &crate::content::model::Record,
    citations: &mut Citations<'_>,
) -> CompareRow {
    let cells = crate::content::validate::fact_keys(park.kind)
        .iter()
        .filter(|key| COMPARE_FACTS.contains(key))
        .map(|key| {
            let figure = park.fact(key);
            CompareCell {
                key,
                current: views::newest_entry_view(site, language, figure, citations),
                sort: views::sort_value(figure),
            }
        })
        .collect();
    views::cite_record_extras(park, citations);
    let link = views::link(language, root, park);
    CompareRow {
        slug: park.slug.clone(),
        short_name: link.label,
        href: link.href,
        status: park
            .status
            .map(|status| views::label_view(site, language, "status", status.key())),
        zone: views::zone_link(site, language, root, park),
        zone_slug: park.zone.clone(),
        sectors: views::sector_labels(site, language, park),
        cells,
    }
}

#[derive(Debug, Clone, Serialize)]
struct SiteView {
    title: String,
    description: String,
    publisher: String,
    email: Option<String>,
    phone: Option<String>,
    home: String,
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
    title: String,
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

/// Text in one language or the shared one (for data exports).
pub(crate) fn text_map(text: &Text, languages: &[String]) -> BTreeMap<String, String> {
    languages
        .iter()
        .map(|code| (code.clone(), text.show(code).to_string()))
        .collect()
}
