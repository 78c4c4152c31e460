//! The schema.org JSON-LD of each page, for search engines: one `@graph` with the
//! page's main thing (a `Place`, a `Project`, a `NewsArticle`, the `WebSite`, a list
//! page's `ItemList`, the open data's `Dataset`s) and, where the page shows a
//! breadcrumb, the same trail as a `BreadcrumbList`.
//!
//! The publisher is typed as `site.yaml` says (`Organization` unless the portal says it
//! is the authority's own site); properties without a value are left out, never
//! written empty. Error pages get none.
//!
//! The text is written straight into a string with [`json_writer`], with no tree of
//! values per page. Each object's properties come in alphabetical order of their keys,
//! the order the pages have always had (serde_json's sorted maps gave it), so the
//! functions below write them in that order, not in the order a reader might expect;
//! debug builds check it.

use super::head::ImageView;
use super::json_writer::{self, Array, Object};
use super::views::LinkView;
use crate::content::model::{Kind, Record, Site};
use crate::derive::{record_path, Job, Plan, Target};

/// What the JSON-LD of one page is made from, beside the site.
pub(crate) struct PageFacts<'a> {
    /// The job rendered.
    pub job: &'a Job,
    /// The page's language.
    pub language: &'a str,
    /// The page's canonical URL.
    pub canonical: &'a str,
    /// Its heading.
    pub title: &'a str,
    /// Its description.
    pub description: &'a str,
    /// The breadcrumb shown above the heading (root-relative links), if any.
    pub breadcrumb: &'a [LinkView],
    /// The page's preview image.
    pub image: &'a ImageView,
}

/// The JSON-LD of a page, with `</` escaped so it cannot close the script element.
pub(crate) fn json_ld(
    site: &Site,
    plan: &Plan,
    root: &str,
    page: &PageFacts<'_>,
) -> Option<String> {
    let mut described = false;
    let text = json_writer::object(|json_ld| {
        json_ld.text("@context", "https://schema.org");
        json_ld.array("@graph", |graph| {
            described = main_nodes(graph, site, plan, page);
            if described && !page.breadcrumb.is_empty() {
                graph.object(|list| breadcrumb_list(list, site, root, page));
            }
        });
    });
    described.then_some(text)
}

/// Writes what the page is about into the graph; false if the page gets no JSON-LD.
fn main_nodes(graph: &mut Array<'_>, site: &Site, plan: &Plan, page: &PageFacts<'_>) -> bool {
    let language = page.language;
    let config = &site.config;
    match &page.job.target {
        Target::Chooser => graph.object(|node| website(node, site, page, &config.base_url)),
        Target::Home => graph.object(|node| website(node, site, page, page.canonical)),
        Target::List(kind) => {
            let items = site.records_of(*kind).map(|record| {
                (
                    site.text(&record.name, language),
                    record_url(site, language, record),
                )
            });
            graph.object(|node| collection(node, site, page, items));
        }
        Target::Compare => {
            let items = site.records_of(Kind::Park).map(|record| {
                (
                    site.text(&record.name, language),
                    record_url(site, language, record),
                )
            });
            graph.object(|node| collection(node, site, page, items));
        }
        Target::NewsList => {
            let items = site.news.iter().map(|article| {
                let (prose, _) = super::versions::pick(&article.versions, config.chain(language));
                (
                    prose.title.as_deref().unwrap_or(&article.slug),
                    config.absolute_in(language, &format!("news/{}/", article.slug)),
                )
            });
            graph.object(|node| collection(node, site, page, items));
        }
        Target::Record(index) => {
            let record = &site.records[*index];
            if record.kind == Kind::Project {
                graph.object(|node| project(node, site, plan, page, record));
            } else {
                graph.object(|node| place(node, site, plan, page, record));
            }
        }
        Target::News(index) => graph.object(|node| news_article(node, site, page, *index)),
        Target::OpenData => {
            graph.object(|node| web_page(node, site, page, "CollectionPage", |_| {}));
            for kind in plan.sections.data_kinds(config.skip) {
                graph.object(|node| dataset(node, site, page, kind));
            }
        }
        Target::Page(_) | Target::Sources | Target::Search => {
            graph.object(|node| web_page(node, site, page, "WebPage", |_| {}));
        }
        _ => return false,
    }
    true
}

/// The organisation behind the portal, typed as `site.yaml` says.
fn publisher(node: &mut Object<'_>, site: &Site, language: &str) {
    let config = &site.config;
    let name = match site.text(&config.publisher.name, language) {
        "" => site.text(&config.title, language),
        name => name,
    };
    node.text("@type", config.publisher.kind.schema_type());
    node.text("name", name);
    node.text(
        "url",
        config.publisher.url.as_deref().unwrap_or(&config.base_url),
    );
}

/// The site itself: on the language chooser, in all its languages and under its title
/// in each; on a home page, in the page's language, with its search.
fn website(node: &mut Object<'_>, site: &Site, page: &PageFacts<'_>, url: &str) {
    let language = page.language;
    let config = &site.config;
    let on_chooser = page.job.target == Target::Chooser;
    let title = site.text(&config.title, language);
    node.text("@type", "WebSite");
    if on_chooser {
        node.array_if_any("alternateName", |names| {
            for code in &config.languages {
                let other = site.text(&config.title, code);
                if !other.is_empty() && other != title {
                    names.text(other);
                }
            }
        });
    }
    node.text_if_any("description", site.text(&config.description, language));
    if on_chooser {
        node.array("inLanguage", |codes| {
            for code in &config.languages {
                codes.text(code);
            }
        });
    } else {
        node.text("inLanguage", language);
    }
    node.text("name", title);
    if !on_chooser && !config.skip.search {
        node.object("potentialAction", |action| {
            action.text("@type", "SearchAction");
            action.text("query-input", "required name=search_term_string");
            action.object("target", |target| {
                target.text("@type", "EntryPoint");
                target.text(
                    "urlTemplate",
                    &config.absolute(&format!("{language}/search/?q={{search_term_string}}")),
                );
            });
        });
    }
    node.object("publisher", |node| publisher(node, site, language));
    node.text("url", url);
}

/// A page of the site as a thing of its own (`WebPage`, `CollectionPage`);
/// `main_entity` writes what it is about, if anything.
fn web_page(
    node: &mut Object<'_>,
    site: &Site,
    page: &PageFacts<'_>,
    kind: &str,
    main_entity: impl FnOnce(&mut Object<'_>),
) {
    let language = page.language;
    node.text("@type", kind);
    node.text_if_any("description", page.description);
    node.text("inLanguage", language);
    node.object("isPartOf", |website| {
        website.text("@type", "WebSite");
        website.text("name", site.text(&site.config.title, language));
        website.text("url", &site.config.absolute_in(language, ""));
    });
    main_entity(node);
    node.text("name", page.title);
    node.object("publisher", |node| publisher(node, site, language));
    node.text("url", page.canonical);
}

/// A list page: the page, with its list as the main entity.
fn collection<'n>(
    node: &mut Object<'_>,
    site: &Site,
    page: &PageFacts<'_>,
    items: impl Iterator<Item = (&'n str, String)>,
) {
    web_page(node, site, page, "CollectionPage", |node| {
        node.object("mainEntity", |list| item_list(list, page.title, items));
    });
}

fn item_list<'n>(
    list: &mut Object<'_>,
    name: &str,
    items: impl Iterator<Item = (&'n str, String)>,
) {
    list.text("@type", "ItemList");
    let count = list.array_if_any("itemListElement", |elements| {
        for (index, (name, url)) in items.enumerate() {
            elements.object(|item| {
                item.text("@type", "ListItem");
                item.text("name", name);
                item.integer("position", index as u64 + 1);
                item.text("url", &url);
            });
        }
    });
    list.text("name", name);
    list.integer("numberOfItems", count as u64);
}

fn record_url(site: &Site, language: &str, record: &Record) -> String {
    site.config
        .absolute_in(language, &record_path(record.kind, &record.slug))
}

/// Another record named from this one: a zone, a park, a cluster.
fn place_link(node: &mut Object<'_>, site: &Site, language: &str, record: &Record) {
    node.text("@type", "Place");
    node.text("name", site.text(&record.name, language));
    node.text("url", &record_url(site, language, record));
}

/// The records at `indexes` into `site.records`, as links.
fn place_links(list: &mut Array<'_>, site: &Site, language: &str, indexes: Option<&Vec<usize>>) {
    for &index in indexes.into_iter().flatten() {
        list.object(|node| place_link(node, site, language, &site.records[index]));
    }
}

/// The other names a record is known by, if any.
fn alternate_names(node: &mut Object<'_>, record: &Record) {
    node.array_if_any("alternateName", |names| {
        for alias in &record.aliases {
            names.text(alias);
        }
    });
}

/// The page's description, unless it only repeats the name (a record without a
/// summary falls back to its name): say nothing rather than the name twice.
fn record_description(node: &mut Object<'_>, site: &Site, page: &PageFacts<'_>, record: &Record) {
    if page.description != site.text(&record.name, page.language) {
        node.text_if_any("description", page.description);
    }
}

/// A zone, park or cluster: a `Place`, with where it is and what it holds.
fn place(node: &mut Object<'_>, site: &Site, plan: &Plan, page: &PageFacts<'_>, record: &Record) {
    let language = page.language;
    node.text("@type", "Place");
    if let Some(address) = record
        .address_after
        .as_ref()
        .or(record.address_before.as_ref())
    {
        node.object("address", |postal| {
            postal.text("@type", "PostalAddress");
            postal.text("addressCountry", "VN");
            postal.text("addressLocality", site.text(address, language));
            postal.text_if_any("addressRegion", site.text(&site.province.name, language));
        });
    }
    alternate_names(node, record);
    if let Some(zone) = record
        .zone
        .as_ref()
        .and_then(|slug| site.record(Kind::Zone, slug))
    {
        node.object("containedInPlace", |node| {
            place_link(node, site, language, zone)
        });
    }
    if record.kind == Kind::Zone {
        node.array_if_any("containsPlace", |members| {
            place_links(
                members,
                site,
                language,
                plan.parks_in_zone.get(&record.slug),
            );
            place_links(
                members,
                site,
                language,
                plan.clusters_in_zone.get(&record.slug),
            );
        });
    }
    record_description(node, site, page, record);
    if let Some(coordinates) = &record.coordinates {
        node.object("geo", |geo| {
            geo.text("@type", "GeoCoordinates");
            geo.float("latitude", coordinates.lat);
            geo.float("longitude", coordinates.lon);
        });
    }
    node.text("image", &page.image.url);
    node.text("name", site.text(&record.name, language));
    node.text("url", page.canonical);
}

/// A project: who funds it and in which parks.
fn project(node: &mut Object<'_>, site: &Site, plan: &Plan, page: &PageFacts<'_>, record: &Record) {
    let language = page.language;
    node.text("@type", "Project");
    alternate_names(node, record);
    record_description(node, site, page, record);
    if let Some(investor) = &record.developer {
        node.object("funder", |funder| {
            funder.text("@type", "Organization");
            funder.text("name", site.text(investor, language));
        });
    }
    node.text("image", &page.image.url);
    node.array_if_any("location", |places| {
        place_links(
            places,
            site,
            language,
            plan.parks_of_project.get(&record.slug),
        );
    });
    node.text("name", site.text(&record.name, language));
    node.text("url", page.canonical);
}

/// A news item, the article at `index` into `site.news`.
fn news_article(node: &mut Object<'_>, site: &Site, page: &PageFacts<'_>, index: usize) {
    let language = page.language;
    let article = &site.news[index];
    // An untranslated item shows the text of a fallback language.
    let (_, from) = super::versions::pick(&article.versions, site.config.chain(language));
    node.text("@type", "NewsArticle");
    node.object("author", |node| publisher(node, site, language));
    node.text("datePublished", &article.date.iso());
    node.text_if_any("description", page.description);
    node.text("headline", page.title);
    node.object("image", |node| image(node, page.image));
    node.text("inLanguage", from.unwrap_or(language));
    // The item summarises a public article: say which.
    if let Some(url) = article
        .source
        .as_ref()
        .and_then(|id| site.source(id))
        .and_then(|source| source.url.as_deref())
    {
        node.text("isBasedOn", url);
    }
    node.text("mainEntityOfPage", page.canonical);
    node.object("publisher", |node| publisher(node, site, language));
    node.text("url", page.canonical);
}

/// One open-data set (`/data/parks.*`), with a download per format.
fn dataset(node: &mut Object<'_>, site: &Site, page: &PageFacts<'_>, kind: Kind) {
    let language = page.language;
    let strings = &site.translations;
    let folder = kind.folder();
    let download = |list: &mut Array<'_>, format: &str, extension: &str| {
        list.object(|node| {
            node.text("@type", "DataDownload");
            node.text(
                "contentUrl",
                &site.config.absolute(&format!("data/{folder}.{extension}")),
            );
            node.text("encodingFormat", format);
        });
    };
    node.text("@type", "Dataset");
    node.object("creator", |node| publisher(node, site, language));
    node.text(
        "description",
        strings.get(language, &format!("data.{folder}_description")),
    );
    node.array("distribution", |downloads| {
        download(downloads, "text/csv", "csv");
        download(downloads, "application/json", "json");
    });
    node.array("inLanguage", |codes| {
        for code in &site.config.languages {
            codes.text(code);
        }
    });
    node.boolean("isAccessibleForFree", true);
    node.text_if_any("keywords", strings.get(language, "data.keywords"));
    node.text(
        "name",
        strings.get(language, &format!("data.{folder}_title")),
    );
    node.object("publisher", |node| publisher(node, site, language));
    let province = site.text(&site.province.name, language);
    if !province.is_empty() {
        node.object("spatialCoverage", |place| {
            place.text("@type", "Place");
            place.text("name", province);
        });
    }
    node.text("url", &format!("{}#{folder}", page.canonical));
    // The figures the files hold, as the schema names them.
    node.array_if_any("variableMeasured", |variables| {
        for fact in site.schema.of(kind).facts.iter() {
            if fact.uses.open_data {
                variables.text(site.text(&fact.label, language));
            }
        }
    });
}

/// The breadcrumb as shown, then the page itself.
fn breadcrumb_list(list: &mut Object<'_>, site: &Site, root: &str, page: &PageFacts<'_>) {
    let absolute = |href: &str| match href.strip_prefix(root) {
        Some(path) => site.config.absolute(path),
        None => href.to_string(),
    };
    let trail = page
        .breadcrumb
        .iter()
        .map(|link| (link.label.as_str(), absolute(&link.href)))
        .chain(std::iter::once((page.title, page.canonical.to_string())));
    list.text("@type", "BreadcrumbList");
    list.array("itemListElement", |elements| {
        for (index, (name, url)) in trail.enumerate() {
            elements.object(|item| {
                item.text("@type", "ListItem");
                item.text("item", &url);
                item.text("name", name);
                item.integer("position", index as u64 + 1);
            });
        }
    });
}

fn image(node: &mut Object<'_>, image: &ImageView) {
    node.text("@type", "ImageObject");
    node.integer("height", image.height.into());
    node.text("url", &image.url);
    node.integer("width", image.width.into());
}
