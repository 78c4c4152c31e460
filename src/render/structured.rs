//! The schema.org JSON-LD of each page, for search engines: one `@graph` with the
//! page's main thing (a `Place`, a `Project`, a `NewsArticle`, the `WebSite`, a list
//! page's `ItemList`, the open data's `Dataset`s) and, where the page shows a
//! breadcrumb, the same trail as a `BreadcrumbList`.
//!
//! The publisher is typed as `site.yaml` says (`Organization` unless the portal says it
//! is the authority's own site); properties without a value are left out, never
//! written empty. Error pages get none.

use serde_json::{json, Value as Json};

use super::head::ImageView;
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
    let language = page.language;
    let config = &site.config;
    let absolute = |path: String| config.absolute(&path);
    let mut graph: Vec<Json> = Vec::new();
    match &page.job.target {
        Target::Chooser => {
            let mut website = website(site, language, &config.base_url);
            website["inLanguage"] = json!(config.languages);
            let others: Vec<&str> = config
                .languages
                .iter()
                .map(|code| site.text(&config.title, code))
                .filter(|title| !title.is_empty() && *title != site.text(&config.title, language))
                .collect();
            insert_list(&mut website, "alternateName", others);
            graph.push(website);
        }
        Target::Home => {
            let mut website = website(site, language, page.canonical);
            if !config.skip.search {
                website["potentialAction"] = json!({
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": absolute(format!("{language}/search/?q={{search_term_string}}")),
                    },
                    "query-input": "required name=search_term_string",
                });
            }
            graph.push(website);
        }
        Target::List(kind) => {
            let items = site.records_of(*kind).map(|record| {
                (
                    site.text(&record.name, language),
                    record_url(site, language, record),
                )
            });
            graph.push(collection(site, page, item_list(page.title, items)));
        }
        Target::Compare => {
            let items = site.records_of(Kind::Park).map(|record| {
                (
                    site.text(&record.name, language),
                    record_url(site, language, record),
                )
            });
            graph.push(collection(site, page, item_list(page.title, items)));
        }
        Target::NewsList => {
            let items = site.news.iter().map(|article| {
                let (prose, _) = super::versions::pick(&article.versions, config.chain(language));
                (
                    prose.title.as_deref().unwrap_or(&article.slug),
                    absolute(format!("{language}/news/{}/", article.slug)),
                )
            });
            graph.push(collection(site, page, item_list(page.title, items)));
        }
        Target::Record(index) => graph.push(record(site, plan, page, &site.records[*index])),
        Target::News(index) => {
            let article = &site.news[*index];
            // An untranslated item shows the text of a fallback language.
            let (_, from) = super::versions::pick(&article.versions, config.chain(language));
            let shown = from.unwrap_or(language);
            let mut node = json!({
                "@type": "NewsArticle",
                "headline": page.title,
                "datePublished": article.date.iso(),
                "author": publisher(site, language),
                "publisher": publisher(site, language),
                "inLanguage": shown,
                "url": page.canonical,
                "mainEntityOfPage": page.canonical,
                "image": image(page.image),
            });
            insert_text(&mut node, "description", page.description);
            // The item summarises a public article: say which.
            if let Some(url) = article
                .source
                .as_ref()
                .and_then(|id| site.source(id))
                .and_then(|source| source.url.clone())
            {
                node["isBasedOn"] = json!(url);
            }
            graph.push(node);
        }
        Target::OpenData => {
            graph.push(web_page(site, page, "CollectionPage"));
            for kind in plan.sections.data_kinds(config.skip) {
                graph.push(dataset(site, page, kind));
            }
        }
        Target::Page(_) | Target::Sources | Target::Search => {
            graph.push(web_page(site, page, "WebPage"));
        }
        _ => return None,
    }
    if !page.breadcrumb.is_empty() {
        graph.push(breadcrumb_list(site, root, page));
    }
    // Moved in, not copied as `json!` would.
    let mut value = json!({"@context": "https://schema.org"});
    value["@graph"] = Json::Array(graph);
    serde_json::to_string(&value)
        .ok()
        .map(|text| text.replace("</", "<\\/"))
}

/// The organisation behind the portal, typed as `site.yaml` says.
fn publisher(site: &Site, language: &str) -> Json {
    let config = &site.config;
    let name = match site.text(&config.publisher.name, language) {
        "" => site.text(&config.title, language),
        name => name,
    };
    json!({
        "@type": config.publisher.kind.schema_type(),
        "name": name,
        "url": config.publisher.url.clone().unwrap_or_else(|| config.base_url.clone()),
    })
}

fn website(site: &Site, language: &str, url: &str) -> Json {
    let mut node = json!({
        "@type": "WebSite",
        "name": site.text(&site.config.title, language),
        "url": url,
        "inLanguage": language,
        "publisher": publisher(site, language),
    });
    insert_text(
        &mut node,
        "description",
        site.text(&site.config.description, language),
    );
    node
}

/// A page of the site as a thing of its own (`WebPage`, `CollectionPage`).
fn web_page(site: &Site, page: &PageFacts<'_>, kind: &str) -> Json {
    let language = page.language;
    let mut node = json!({
        "@type": kind,
        "name": page.title,
        "url": page.canonical,
        "inLanguage": language,
        "isPartOf": {
            "@type": "WebSite",
            "name": site.text(&site.config.title, language),
            "url": site.config.absolute(&format!("{language}/")),
        },
        "publisher": publisher(site, language),
    });
    insert_text(&mut node, "description", page.description);
    node
}

/// A list page: the page, with its list as the main entity.
fn collection(site: &Site, page: &PageFacts<'_>, list: Json) -> Json {
    let mut node = web_page(site, page, "CollectionPage");
    node["mainEntity"] = list;
    node
}

fn item_list<'n>(name: &str, items: impl Iterator<Item = (&'n str, String)>) -> Json {
    let elements: Vec<Json> = items
        .enumerate()
        .map(|(index, (name, url))| {
            json!({"@type": "ListItem", "position": index + 1, "name": name, "url": url})
        })
        .collect();
    let mut list = json!({
        "@type": "ItemList",
        "name": name,
        "numberOfItems": elements.len(),
    });
    insert_list(&mut list, "itemListElement", elements);
    list
}

fn record_url(site: &Site, language: &str, record: &Record) -> String {
    site.config.absolute(&format!(
        "{language}/{}",
        record_path(record.kind, &record.slug)
    ))
}

/// A record: a `Place` (zone, park, cluster) or a `Project`.
fn record(site: &Site, plan: &Plan, page: &PageFacts<'_>, record: &Record) -> Json {
    let language = page.language;
    let place = |record: &Record| json!({"@type": "Place", "name": site.text(&record.name, language), "url": record_url(site, language, record)});
    let places = |indexes: Option<&Vec<usize>>| -> Vec<Json> {
        indexes
            .into_iter()
            .flatten()
            .map(|&index| place(&site.records[index]))
            .collect()
    };
    let mut node = json!({
        "@type": if record.kind == Kind::Project { "Project" } else { "Place" },
        "name": site.text(&record.name, language),
        "url": page.canonical,
        "image": page.image.url,
    });
    insert_list(
        &mut node,
        "alternateName",
        record.aliases.iter().map(String::as_str).collect(),
    );
    // The description falls back to the name when there is no summary: say nothing
    // rather than the name twice.
    if page.description != site.text(&record.name, language) {
        insert_text(&mut node, "description", page.description);
    }
    if record.kind == Kind::Project {
        insert_list(
            &mut node,
            "location",
            places(plan.parks_of_project.get(&record.slug)),
        );
        if let Some(investor) = &record.developer {
            node["funder"] =
                json!({"@type": "Organization", "name": site.text(investor, language)});
        }
        return node;
    }
    if let Some(address) = record
        .address_after
        .as_ref()
        .or(record.address_before.as_ref())
    {
        let mut postal = json!({
            "@type": "PostalAddress",
            "addressLocality": site.text(address, language),
            "addressCountry": "VN",
        });
        insert_text(
            &mut postal,
            "addressRegion",
            site.text(&site.province.name, language),
        );
        node["address"] = postal;
    }
    if let Some(coordinates) = &record.coordinates {
        node["geo"] = json!({"@type": "GeoCoordinates", "latitude": coordinates.lat, "longitude": coordinates.lon});
    }
    if let Some(zone) = record
        .zone
        .as_ref()
        .and_then(|slug| site.record(Kind::Zone, slug))
    {
        node["containedInPlace"] = place(zone);
    }
    if record.kind == Kind::Zone {
        let mut members = places(plan.parks_in_zone.get(&record.slug));
        members.extend(places(plan.clusters_in_zone.get(&record.slug)));
        insert_list(&mut node, "containsPlace", members);
    }
    node
}

/// One open-data set (`/data/parks.*`), with a download per format.
fn dataset(site: &Site, page: &PageFacts<'_>, kind: Kind) -> Json {
    let language = page.language;
    let t = |key: &str| site.translations.get(language, key).to_string();
    let folder = kind.folder();
    // The figures the files hold, as the schema names them.
    let variables: Vec<&str> = site
        .schema
        .of(kind)
        .facts
        .iter()
        .filter(|fact| fact.uses.open_data)
        .map(|fact| site.text(&fact.label, language))
        .collect();
    let mut node = json!({
        "@type": "Dataset",
        "name": t(&format!("data.{folder}_title")),
        "description": t(&format!("data.{folder}_description")),
        "url": format!("{}#{folder}", page.canonical),
        "inLanguage": site.config.languages,
        "isAccessibleForFree": true,
        "creator": publisher(site, language),
        "publisher": publisher(site, language),
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "text/csv",
                "contentUrl": site.config.absolute(&format!("data/{folder}.csv")),
            },
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json",
                "contentUrl": site.config.absolute(&format!("data/{folder}.json")),
            },
        ],
    });
    insert_list(&mut node, "variableMeasured", variables);
    insert_text(&mut node, "keywords", &t("data.keywords"));
    let province = site.text(&site.province.name, language);
    if !province.is_empty() {
        node["spatialCoverage"] = json!({"@type": "Place", "name": province});
    }
    node
}

/// The breadcrumb as shown, then the page itself.
fn breadcrumb_list(site: &Site, root: &str, page: &PageFacts<'_>) -> Json {
    let absolute = |href: &str| match href.strip_prefix(root) {
        Some(path) => site.config.absolute(path),
        None => href.to_string(),
    };
    let elements: Vec<Json> = page
        .breadcrumb
        .iter()
        .map(|link| (link.label.as_str(), absolute(&link.href)))
        .chain(std::iter::once((page.title, page.canonical.to_string())))
        .enumerate()
        .map(|(index, (name, url))| {
            json!({"@type": "ListItem", "position": index + 1, "name": name, "item": url})
        })
        .collect();
    let mut list = json!({"@type": "BreadcrumbList"});
    list["itemListElement"] = Json::Array(elements);
    list
}

fn image(image: &ImageView) -> Json {
    json!({
        "@type": "ImageObject",
        "url": image.url,
        "width": image.width,
        "height": image.height,
    })
}

/// Sets `key` to `text` unless it is empty.
fn insert_text(node: &mut Json, key: &str, text: &str) {
    if let (Json::Object(map), false) = (&mut *node, text.trim().is_empty()) {
        map.insert(key.to_string(), json!(text));
    }
}

/// Sets `key` to `items` unless there are none. The items are moved in: `json!`
/// would copy each (a zone's page lists its thousand parks).
fn insert_list<T: Into<Json>>(node: &mut Json, key: &str, items: Vec<T>) {
    if let (Json::Object(map), false) = (&mut *node, items.is_empty()) {
        let items = items.into_iter().map(Into::into).collect();
        map.insert(key.to_string(), Json::Array(items));
    }
}
