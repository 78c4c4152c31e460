//! The files that are not HTML pages (beside the feeds, `feed.rs`): sitemap with
//! language alternates, open data (JSON with every figure, CSV with the newest of each) and
//! the search index.

use std::fmt::Write as _;

use serde_json::{json, Map, Value as Json};

use crate::content::model::{Entry, Kind, Record, Site, Value};
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
            xml_escape(&config.absolute(&format!("{language}/{}", job.page_path)))
        );
        for code in &config.languages {
            let _ = writeln!(
                out,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{}\"/>",
                xml_escape(&config.absolute(&format!("{code}/{}", job.page_path)))
            );
        }
        let _ = writeln!(
            out,
            "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n  </url>",
            // Home pages share the chooser as x-default, as the pages themselves say.
            xml_escape(&if job.page_path.is_empty() {
                config.base_url.clone()
            } else {
                config.absolute(&format!("{}/{}", config.default_language(), job.page_path))
            })
        );
    }
    out.push_str("</urlset>\n");
    out
}

fn entry_json(site: &Site, entry: &Entry) -> Json {
    let languages = &site.config.languages;
    let value = match &entry.value {
        Value::Number { value, .. } => json!(value),
        Value::Range { low, high, .. } => json!({"low": low, "high": high}),
        Value::Date(date) => json!(date.iso()),
        Value::Text(text) => json!(super::text_map(text, languages)),
    };
    let mut map = Map::new();
    map.insert("value".into(), value);
    // Only a target has a year: a goal for that year, not an actual.
    if let Some(year) = entry.target_year {
        map.insert("target_year".into(), json!(year));
    }
    map.insert("unit".into(), json!(entry.unit));
    map.insert("qualifier".into(), json!(entry.qualifier));
    map.insert(
        "scope".into(),
        json!(entry
            .scope
            .as_ref()
            .map(|scope| super::text_map(scope, languages))),
    );
    map.insert("period".into(), json!(entry.period));
    map.insert("source".into(), json!(entry.source));
    map.insert(
        "source_url".into(),
        json!(entry
            .source
            .as_ref()
            .and_then(|id| site.source(id))
            .and_then(|source| source.url.clone())),
    );
    map.insert("as_of".into(), json!(entry.as_of.map(|date| date.iso())));
    Json::Object(map)
}

fn record_json(site: &Site, plan: &Plan, index: usize, record: &Record) -> Json {
    let languages = &site.config.languages;
    let mut facts = Map::new();
    let schema = site.schema.of(record.kind);
    let published = record.facts.iter().filter(|figure| {
        schema
            .fact(&figure.key)
            .is_some_and(|fact| fact.uses.open_data)
    });
    for figure in published {
        facts.insert(
            figure.key.clone(),
            Json::Array(
                figure
                    .entries
                    .iter()
                    .map(|entry| entry_json(site, entry))
                    .collect(),
            ),
        );
    }
    let urls: Map<String, Json> = languages
        .iter()
        .map(|code| {
            (
                code.clone(),
                json!(site.config.absolute(&format!(
                    "{code}/{}",
                    record_path(record.kind, &record.slug)
                ))),
            )
        })
        .collect();
    let mut map = Map::new();
    map.insert("slug".into(), json!(record.slug));
    map.insert(
        "name".into(),
        json!(super::text_map(&record.name, languages)),
    );
    map.insert("aliases".into(), json!(record.aliases));
    map.insert("status".into(), json!(record.status));
    if record.kind == Kind::Zone {
        map.insert("kind".into(), json!(record.category));
        map.insert(
            "parks".into(),
            json!(plan
                .parks_in_zone
                .get(&record.slug)
                .map(|list| list
                    .iter()
                    .map(|&i| site.records[i].slug.clone())
                    .collect::<Vec<_>>())
                .unwrap_or_default()),
        );
    } else {
        map.insert("zone".into(), json!(record.zone));
        map.insert("projects".into(), json!(record.projects));
    }
    map.insert("sectors".into(), json!(record.sectors));
    if let Some(id) = &record.former_province {
        map.insert("former_province".into(), json!(id));
    }
    map.insert(
        "address_before_2025".into(),
        json!(record
            .address_before
            .as_ref()
            .map(|text| super::text_map(text, languages))),
    );
    map.insert(
        "address_after_2025".into(),
        json!(record
            .address_after
            .as_ref()
            .map(|text| super::text_map(text, languages))),
    );
    map.insert(
        "developer".into(),
        json!(record
            .developer
            .as_ref()
            .map(|text| super::text_map(text, languages))),
    );
    map.insert(
        "coordinates".into(),
        json!(record.coordinates.as_ref().map(|c| json!({
            "lat": c.lat,
            "lon": c.lon,
            "precision": c.precision,
            "approximate": c.approximate(),
            "source": c.sources.first(),
            "sources": c.sources,
            "as_of": c.as_of.map(|date| date.iso()),
        }))),
    );
    map.insert("facts".into(), Json::Object(facts));
    // Distances computed from positions where none is published: apart from the
    // facts, so that no program takes them for published road distances.
    let computed: Map<String, Json> = plan
        .distances
        .get(&index)
        .into_iter()
        .flatten()
        .filter(|computed| {
            schema
                .fact(&computed.fact)
                .is_some_and(|fact| fact.uses.open_data)
        })
        .map(|computed| {
            (
                computed.fact.clone(),
                json!({
                    "value": computed.value,
                    "unit": computed.unit,
                    "to": site.landmarks[computed.landmark].id,
                    "method": "great_circle",
                    "approximate": computed.approximate,
                }),
            )
        })
        .collect();
    if !computed.is_empty() {
        map.insert("computed_distances".into(), Json::Object(computed));
    }
    map.insert("url".into(), Json::Object(urls));
    Json::Object(map)
}

/// `/data/<kind>.json` or `.csv`.
pub fn data(site: &Site, plan: &Plan, kind: Kind, format: DataFormat) -> Vec<u8> {
    let records: Vec<&Record> = site.records_of(kind).collect();
    match format {
        DataFormat::Json => {
            let sources: Vec<Json> = site
                .sources
                .iter()
                .map(|source| json!({"id": source.id, "title": source.title, "title_translated": source.title_translated, "language": source.language, "publisher": source.publisher, "date": source.date.map(|d| d.iso()), "url": source.url}))
                .collect();
            // Written record by record, so a portal of 10,000 parks never holds the
            // whole document as a JSON tree; compact, as the file is for programs.
            let mut out = format!(
                "{{\"generator\":\"halong\",\"kind\":{},\"records\":[",
                json!(kind.folder())
            )
            .into_bytes();
            let indexed = site
                .records
                .iter()
                .enumerate()
                .filter(|(_, record)| record.kind == kind);
            for (written, (index, record)) in indexed.enumerate() {
                if written > 0 {
                    out.push(b',');
                }
                // Serializing a JSON tree into memory cannot fail.
                let _ = serde_json::to_writer(&mut out, &record_json(site, plan, index, record));
                reserve_like_the_first(&mut out, written + 1, records.len());
            }
            out.extend_from_slice(b"],\"sources\":");
            let _ = serde_json::to_writer(&mut out, &Json::Array(sources));
            out.extend_from_slice(b"}\n");
            out
        }
        DataFormat::Csv => super::csv::records(site, kind, &records).into_bytes(),
    }
}

/// Longest prose text (in characters) indexed per document.
const SEARCH_PROSE_CHARS: usize = crate::markdown::PLAIN_TEXT_CHARS;

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

/// The first `limit` characters of `text`, cut at a space where there is one.
fn cap(text: &str, limit: usize) -> &str {
    match text.char_indices().nth(limit) {
        None => text,
        Some((end, _)) => {
            let head = &text[..end];
            head.rfind(char::is_whitespace)
                .map_or(head, |space| &head[..space])
        }
    }
}

fn search_text(parts: &[&str], plain: &str) -> String {
    let mut text = parts.join(" ");
    text.push(' ');
    text.push_str(cap(plain, SEARCH_PROSE_CHARS));
    let folded = crate::i18n::fold(&text);
    // Words separated by single spaces, as `split_whitespace` + `join(" ")` would give.
    let mut words = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(word);
    }
    words
}

/// The search documents without their folded `text`: the search page lists only
/// titles and links, and folding is most of the cost of a document.
pub(crate) fn search_links(site: &Site, language: &str, root: &str) -> Vec<SearchDoc> {
    let mut docs = Vec::new();
    documents(site, None, language, root, |doc| docs.push(doc));
    docs
}

/// Every record, news item and page in `language`, handed to `emit` one by one in the
/// order the search page lists them (records by kind, then news, then pages; site
/// order within each).
/// With `plan`, each document has its folded `text`, records with the words of what
/// they are near ([`super::distances::near_words`]).
fn documents(
    site: &Site,
    plan: Option<&Plan>,
    language: &str,
    root: &str,
    mut emit: impl FnMut(SearchDoc),
) {
    let with_text = plan.is_some();
    let text = |parts: &[&str], plain: &str| {
        if with_text {
            search_text(parts, plain)
        } else {
            String::new()
        }
    };
    let t = |key: &str| site.translations.get(language, key).to_string();
    for kind in Kind::ALL {
        let of_kind = site
            .records
            .iter()
            .enumerate()
            .filter(|(_, record)| record.kind == kind);
        for (index, record) in of_kind {
            let (prose, _) = super::pick(&record.prose, site.config.chain(language));
            let name = site.text(&record.name, language);
            let zone = record
                .zone
                .as_ref()
                .and_then(|slug| site.record(Kind::Zone, slug))
                .map_or("", |zone| site.text(&zone.name, language));
            let sectors: Vec<&str> = record
                .sectors
                .iter()
                .filter_map(|slug| site.sector(slug))
                .map(|sector| site.text(&sector.label, language))
                .collect();
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
            let near = plan
                .map(|plan| super::distances::near_words(site, plan, language, index))
                .unwrap_or_default();
            parts.extend(near.iter().map(String::as_str));
            parts.push(prose.summary.as_deref().unwrap_or_default());
            emit(SearchDoc {
                title: name.to_string(),
                url: format!("{root}{language}/{}", record_path(kind, &record.slug)),
                kind: t(&format!("search.kind.{}", kind.folder())),
                summary: prose.summary.clone().unwrap_or_default(),
                text: text(&parts, &prose.plain),
                group: kind.folder(),
            });
        }
    }
    let prose_docs = site
        .news
        .iter()
        .map(|article| ("news", format!("news/{}/", article.slug), &article.versions))
        .chain(
            site.pages
                .iter()
                .map(|page| ("pages", format!("{}/", page.slug), &page.versions)),
        );
    for (group, path, versions) in prose_docs {
        let (prose, _) = super::pick(versions, site.config.chain(language));
        let title = prose.title.clone().unwrap_or_else(|| path.clone());
        let summary = prose.summary.clone().unwrap_or_default();
        emit(SearchDoc {
            text: text(&[&title, &summary], &prose.plain),
            title,
            url: format!("{root}{language}/{path}"),
            kind: t(&format!("search.kind.{group}")),
            summary,
            group,
        });
    }
}

/// `/<lang>/search-index.json`: compact, one document per line, in a stable order.
/// Each document is written as soon as it is made: at 10,000 parks the documents
/// would otherwise be held twice, as a list and as the file.
pub fn search_index(site: &Site, plan: &Plan, language: &str, root: &str) -> Vec<u8> {
    let mut out = format!("{{\"language\":{},\"docs\":[\n", json!(language)).into_bytes();
    let count = site.records.len() + site.news.len() + site.pages.len();
    let mut written = 0;
    documents(site, Some(plan), language, root, |doc| {
        if written > 0 {
            out.extend_from_slice(b",\n");
        }
        // Serializing a struct of strings into memory cannot fail.
        let _ = serde_json::to_writer(&mut out, &doc);
        written += 1;
        reserve_like_the_first(&mut out, written, count);
    });
    out.extend_from_slice(b"\n]}\n");
    out
}

/// After the first item of `count` similar ones, reserves room for the rest at the
/// first one's size (plus a quarter), so that a file of tens of megabytes is not
/// grown by doubling, which leaves up to half of its buffer unused at the end.
fn reserve_like_the_first(out: &mut Vec<u8>, written: usize, count: usize) {
    if written == 1 && count > 1 {
        let per_item = out.len();
        out.reserve(per_item.saturating_mul(count - 1).saturating_mul(5) / 4);
    }
}
