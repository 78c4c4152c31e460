//! The files that are not HTML pages (beside the feeds, `feed.rs`): sitemap with
//! language alternates, `robots.txt`, open data (JSON with every figure, CSV with the newest of each) and
//! the search index.

use std::fmt::Write as _;

use serde_json::{json, Value as Json};

use super::json_writer::{self, Object};
use crate::content::model::{
    Coordinates, Entry, Kind, PartialDate, Precision, Qualifier, Record, Site, Text, Value,
};
use crate::derive::{record_path, DataFormat, Job, Plan};

/// Escapes text for XML.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(character),
        }
    }
    out
}

/// `sitemap.xml`: every page once per language, each with all its alternates.
pub fn sitemap(site: &Site, jobs: &[Job]) -> String {
    let config = &site.config;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for job in jobs.iter().filter(|job| job.is_listed_page()) {
        let Some(language) = &job.language else {
            continue;
        };
        let _ = writeln!(
            out,
            "  <url>\n    <loc>{}</loc>",
            xml_escape(&config.absolute_in(language, &job.page_path))
        );
        for code in &config.languages {
            let _ = writeln!(
                out,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{}\"/>",
                xml_escape(&config.absolute_in(code, &job.page_path))
            );
        }
        let _ = writeln!(
            out,
            "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>",
            // Home pages share the chooser as x-default, as the pages themselves say.
            xml_escape(&if job.page_path.is_empty() {
                config.base_url.clone()
            } else {
                config.absolute_in(config.default_language(), &job.page_path)
            })
        );
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`. Crawlers read it only at the root of a host: a site built for a
/// sub-path says so, and which line to copy into the host's own file.
pub fn robots(site: &Site) -> String {
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

/// The site's languages in alphabetical order, as the open data's objects keyed by
/// language list them.
fn sorted_languages(site: &Site) -> Vec<&str> {
    let mut languages: Vec<&str> = site.config.languages.iter().map(String::as_str).collect();
    languages.sort_unstable();
    languages.dedup();
    languages
}

/// A text in each language, or the shared one, or `null` without a text. A language
/// without its own text gets an empty one: open data never passes one language's
/// text off as another's.
fn text_map(node: &mut Object<'_>, key: &'static str, text: Option<&Text>, languages: &[&str]) {
    match text {
        Some(text) => node.map(key, |texts| {
            for &code in languages {
                texts.text(code, text.get(code).unwrap_or_default());
            }
        }),
        None => node.null(key),
    }
}

/// A text, or `null` without one.
fn text_or_null(node: &mut Object<'_>, key: &'static str, text: Option<&str>) {
    match text {
        Some(text) => node.text(key, text),
        None => node.null(key),
    }
}

/// A list of texts.
fn texts(node: &mut Object<'_>, key: &'static str, items: &[String]) {
    node.array(key, |list| {
        for item in items {
            list.text(item);
        }
    });
}

fn entry_json(entry_node: &mut Object<'_>, site: &Site, entry: &Entry, languages: &[&str]) {
    let date = |date: Option<PartialDate>| date.map(|date| date.iso());
    text_or_null(entry_node, "as_of", date(entry.as_of).as_deref());
    text_or_null(entry_node, "period", entry.period.as_deref());
    text_or_null(
        entry_node,
        "qualifier",
        entry.qualifier.map(Qualifier::word),
    );
    text_map(entry_node, "scope", entry.scope.as_ref(), languages);
    text_or_null(entry_node, "source", entry.source.as_deref());
    let source_url = entry
        .source
        .as_ref()
        .and_then(|id| site.source(id))
        .and_then(|source| source.url.as_deref());
    text_or_null(entry_node, "source_url", source_url);
    // Only a target has a year: a goal for that year, not an actual.
    if let Some(year) = entry.target_year {
        entry_node.integer("target_year", u64::from(year));
    }
    text_or_null(entry_node, "unit", entry.unit.as_deref());
    match &entry.value {
        Value::Number { value, .. } => entry_node.float("value", *value),
        Value::Range { low, high, .. } => entry_node.object("value", |range| {
            range.float("high", *high);
            range.float("low", *low);
        }),
        Value::Date(date) => entry_node.text("value", &date.iso()),
        Value::Text(text) => text_map(entry_node, "value", Some(text), languages),
    }
}

fn coordinates_json(node: &mut Object<'_>, coordinates: &Coordinates) {
    node.boolean("approximate", coordinates.approximate());
    let as_of = coordinates.as_of.map(|date| date.iso());
    text_or_null(node, "as_of", as_of.as_deref());
    node.float("lat", coordinates.lat);
    node.float("lon", coordinates.lon);
    text_or_null(
        node,
        "precision",
        coordinates.precision.map(Precision::word),
    );
    text_or_null(
        node,
        "source",
        coordinates.sources.first().map(String::as_str),
    );
    texts(node, "sources", &coordinates.sources);
}

/// A record of the open data. Its keys are written in alphabetical order, as
/// serde_json's sorted maps wrote them when the record was built as a tree.
fn record_json(site: &Site, plan: &Plan, index: usize, record: &Record) -> String {
    let languages = sorted_languages(site);
    let languages = languages.as_slice();
    let schema = site.schema.of(record.kind);
    let is_open = |key: &str| schema.fact(key).is_some_and(|fact| fact.uses.open_data);
    let mut published: Vec<_> = record
        .facts
        .iter()
        .filter(|figure| is_open(&figure.key))
        .collect();
    published.sort_unstable_by(|a, b| a.key.cmp(&b.key));
    // Distances computed from positions where none is published: apart from the
    // facts, so that no program takes them for published road distances.
    let mut computed: Vec<_> = plan
        .distances
        .get(&index)
        .into_iter()
        .flatten()
        .filter(|computed| is_open(&computed.fact))
        .collect();
    computed.sort_unstable_by(|a, b| a.fact.cmp(&b.fact));
    let is_zone = record.kind == Kind::Zone;
    json_writer::file_object(|node| {
        text_map(
            node,
            "address_after_2025",
            record.address_after.as_ref(),
            languages,
        );
        text_map(
            node,
            "address_before_2025",
            record.address_before.as_ref(),
            languages,
        );
        texts(node, "aliases", &record.aliases);
        if !computed.is_empty() {
            node.map("computed_distances", |distances| {
                for computed in &computed {
                    distances.object(&computed.fact, |distance| {
                        distance.boolean("approximate", computed.approximate);
                        distance.text("method", "great_circle");
                        distance.text("to", &site.landmarks[computed.landmark].id);
                        distance.text("unit", &computed.unit);
                        distance.float("value", computed.value);
                    });
                }
            });
        }
        match &record.coordinates {
            Some(coordinates) => {
                node.object("coordinates", |node| coordinates_json(node, coordinates));
            }
            None => node.null("coordinates"),
        }
        text_map(node, "developer", record.developer.as_ref(), languages);
        node.map("facts", |facts| {
            for figure in &published {
                facts.array(&figure.key, |entries| {
                    for entry in &figure.entries {
                        entries.object(|node| entry_json(node, site, entry, languages));
                    }
                });
            }
        });
        if let Some(id) = &record.former_province {
            node.text("former_province", id);
        }
        if is_zone {
            text_or_null(node, "kind", record.category.as_deref());
        }
        text_map(node, "name", Some(&record.name), languages);
        if is_zone {
            node.array("parks", |parks| {
                for &park in plan.parks_in_zone.get(&record.slug).into_iter().flatten() {
                    parks.text(&site.records[park].slug);
                }
            });
        } else {
            texts(node, "projects", &record.projects);
        }
        texts(node, "sectors", &record.sectors);
        node.text("slug", &record.slug);
        text_or_null(node, "status", record.status.as_deref());
        let path = record_path(record.kind, &record.slug);
        node.map("url", |urls| {
            for &code in languages {
                urls.text(code, &site.config.absolute_in(code, &path));
            }
        });
        if !is_zone {
            text_or_null(node, "zone", record.zone.as_deref());
        }
    })
}

/// The start of `/data/<kind>.json` or `.csv`, before its records
/// ([`data_record`]), which [`data_separator`] separates, and [`data_end`].
/// Written record by record, so a portal of 10,000 parks never holds the whole
/// document; the JSON is compact, as the file is for programs.
pub fn data_start(site: &Site, kind: Kind, format: DataFormat) -> Vec<u8> {
    match format {
        DataFormat::Json => format!(
            "{{\"generator\":\"halong\",\"kind\":{},\"records\":[",
            json!(kind.folder())
        )
        .into_bytes(),
        DataFormat::Csv => super::csv::header(site, kind).into_bytes(),
    }
}

/// What goes between two records of a data file.
pub fn data_separator(format: DataFormat) -> &'static [u8] {
    match format {
        DataFormat::Json => b",",
        DataFormat::Csv => b"",
    }
}

/// One record of a data file.
pub fn data_record(site: &Site, plan: &Plan, format: DataFormat, index: usize) -> String {
    let record = &site.records[index];
    match format {
        DataFormat::Json => record_json(site, plan, index, record),
        DataFormat::Csv => super::csv::row(site, record),
    }
}

/// The end of a data file, after its records: the JSON's sources.
pub fn data_end(site: &Site, format: DataFormat) -> Vec<u8> {
    match format {
        DataFormat::Json => {
            let sources: Vec<Json> = site
                .sources
                .iter()
                .map(|source| json!({"id": source.id, "title": source.title, "title_translated": source.title_translated, "language": source.language, "publisher": source.publisher, "date": source.date.map(|d| d.iso()), "url": source.url}))
                .collect();
            let mut out = b"],\"sources\":".to_vec();
            let _ = serde_json::to_writer(&mut out, &Json::Array(sources));
            out.extend_from_slice(b"}\n");
            out
        }
        DataFormat::Csv => Vec::new(),
    }
}

/// One document of the search index, and one link of the search page's full list.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct SearchDoc {
    /// The name or title.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
    /// What it is, in the language.
    pub kind: String,
    /// The front-matter summary, or empty.
    pub summary: String,
    /// Folded (lower-case, no diacritics) text to match queries against.
    pub text: String,
    /// The group on the search page: `zones`, `parks`, `clusters`, `projects`, `news`,
    /// `pages`.
    #[serde(skip)]
    pub group: &'static str,
}

impl SearchDoc {
    /// Its line of the search index: what serde_json writes for it, written directly
    /// because the folded text is most of the index and serde_json escapes it a byte
    /// at a time.
    fn json(&self) -> String {
        json_writer::texts_in_order(&[
            ("title", &self.title),
            ("url", &self.url),
            ("kind", &self.kind),
            ("summary", &self.summary),
            ("text", &self.text),
        ])
    }
}

fn search_text(parts: &[&str], plain: &str) -> String {
    // Single-spaced, so folding needs no splitting and joining again (see
    // `i18n::fold_words`): no empty part, no space at either end.
    let mut text = String::with_capacity(plain.len() + 256);
    for part in parts.iter().chain([&plain]).map(|part| part.trim()) {
        if part.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(part);
    }
    crate::i18n::fold_words(&text)
}

/// The search documents without their folded `text`: the search page lists only
/// titles and links, and folding is most of the cost of a document.
pub(crate) fn search_links(site: &Site, language: &str, root: &str) -> Vec<SearchDoc> {
    let mut docs: Vec<SearchDoc> = (0..site.records.len())
        .map(|index| record_document(site, None, language, root, index))
        .collect();
    docs.extend(prose_documents(site, language, root, false));
    docs
}

/// A record's search document in `language`. With `plan`, it has its folded `text`,
/// with the words of what the record is near ([`super::distances::near_words`]).
fn record_document(
    site: &Site,
    plan: Option<&Plan>,
    language: &str,
    root: &str,
    index: usize,
) -> SearchDoc {
    let record = &site.records[index];
    let kind = record.kind;
    let (prose, _) = super::versions::pick(&record.prose, site.config.chain(language));
    let name = site.text(&record.name, language);
    let text = if let Some(plan) = plan {
        let zone = record
            .zone
            .as_ref()
            .and_then(|slug| site.record(Kind::Zone, slug))
            .map_or("", |zone| site.text(&zone.name, language));
        let sectors = record
            .sectors
            .iter()
            .filter_map(|slug| site.sector(slug))
            .map(|sector| site.text(&sector.label, language));
        let former = record.former_province.as_deref().and_then(|id| {
            let formed = site.province.formed.as_ref()?;
            let former = formed.from.iter().find(|former| former.id == id)?;
            Some(site.text(&former.name, language))
        });
        let mut parts = vec![name, site.text(&record.short_name, language)];
        parts.extend(former);
        parts.extend(record.aliases.iter().map(String::as_str));
        parts.push(zone);
        parts.extend(sectors);
        let near = super::distances::near_words(site, plan, language, index);
        parts.extend(near.iter().map(String::as_str));
        parts.push(prose.summary.as_deref().unwrap_or_default());
        search_text(&parts, &prose.plain)
    } else {
        String::new()
    };
    SearchDoc {
        title: name.to_string(),
        url: [root, language, "/", &record_path(kind, &record.slug)].concat(),
        kind: site
            .translations
            .get(language, &format!("search.kind.{}", kind.folder()))
            .to_string(),
        summary: prose.summary.clone().unwrap_or_default(),
        text,
        group: kind.folder(),
    }
}

/// The search documents of news and pages, in the order the search page lists them
/// (after the records: news, then pages).
fn prose_documents<'s>(
    site: &'s Site,
    language: &'s str,
    root: &'s str,
    with_text: bool,
) -> impl Iterator<Item = SearchDoc> + 's {
    let prose_docs = site
        .news
        .iter()
        .map(|article| ("news", format!("news/{}/", article.slug), &article.versions))
        .chain(
            site.pages
                .iter()
                .map(|page| ("pages", format!("{}/", page.slug), &page.versions)),
        );
    prose_docs.map(move |(group, path, versions)| {
        let (prose, _) = super::versions::pick(versions, site.config.chain(language));
        let title = prose.title.clone().unwrap_or_else(|| path.clone());
        let summary = prose.summary.clone().unwrap_or_default();
        SearchDoc {
            text: if with_text {
                search_text(&[&title, &summary], &prose.plain)
            } else {
                String::new()
            },
            title,
            url: format!("{root}{language}/{path}"),
            kind: site
                .translations
                .get(language, &format!("search.kind.{group}"))
                .to_string(),
            summary,
            group,
        }
    })
}

/// The start of `/<lang>/search-index.json`, before one document per line: the
/// records' ([`search_entry`], separated by [`SEARCH_SEPARATOR`]), then
/// [`search_end`] with the news and pages.
pub fn search_start(language: &str) -> Vec<u8> {
    format!("{{\"language\":{},\"docs\":[\n", json!(language)).into_bytes()
}

/// What goes between two documents of the search index.
pub const SEARCH_SEPARATOR: &[u8] = b",\n";

/// A record's line of the search index.
pub fn search_entry(site: &Site, plan: &Plan, language: &str, root: &str, index: usize) -> String {
    record_document(site, Some(plan), language, root, index).json()
}

/// The end of the search index: the documents of news and pages (after the
/// records', if there are any), and the closing brackets.
pub fn search_end(site: &Site, language: &str, root: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut first = site.records.is_empty();
    for doc in prose_documents(site, language, root, true) {
        if !first {
            out.extend_from_slice(SEARCH_SEPARATOR);
        }
        first = false;
        out.extend_from_slice(doc.json().as_bytes());
    }
    out.extend_from_slice(b"\n]}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_document_is_written_as_serde_json_writes_it() {
        let doc = SearchDoc {
            title: "Khu công nghiệp \"Sông Khoai\"".into(),
            url: "/vi/parks/song-khoai/".into(),
            kind: "Khu công nghiệp".into(),
            summary: String::new(),
            text: "a\\b\tc</script>\u{1}\u{7f} đường\n".repeat(5),
            group: "parks",
        };
        assert_eq!(doc.json(), serde_json::to_string(&doc).unwrap());
    }
}
