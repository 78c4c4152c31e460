//! `site.yaml` -> [`SiteConfig`]. Languages are data: the first is the default, and a
//! third one needs only a line here and a file of UI strings.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::content::yaml::{Document, Node};
use crate::diagnostics::{Diagnostic, Position};
use crate::i18n::is_language_code;

/// The site's settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteConfig {
    /// Site title per language.
    pub title: crate::content::text::Text,
    /// One-line description per language.
    pub description: crate::content::text::Text,
    /// Language codes; the first is the default.
    pub languages: Vec<String>,
    /// Per language, where a text missing in it is looked for: the language itself,
    /// then its `fallback` list from `site.yaml`, then the site's other languages in
    /// order. Used for UI strings, names and prose.
    pub chains: Vec<(String, Vec<String>)>,
    /// Absolute base URL, ending in `/` (may have a path: `https://host/portal/`).
    pub base_url: String,
    /// The organisation behind the portal, per language.
    pub publisher: crate::content::text::Text,
    /// Contact e-mail for enquiries, if public.
    pub email: Option<String>,
    /// Contact phone, if public.
    pub phone: Option<String>,
    /// Figures older than this many days are reported as stale by `check`.
    pub stale_after_days: i64,
    /// Whether raw HTML in Markdown is kept (escaped otherwise).
    pub allow_raw_html: bool,
    /// How many news entries the Atom feed carries.
    pub feed_limit: usize,
    /// The map: the portal's own outline and its credit.
    pub map: MapConfig,
    /// Parts of the output this build leaves out (from the command line, not site.yaml).
    #[serde(skip)]
    pub skip: Skip,
}

/// What a build asks of validation, besides `site.yaml` (from the command line).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Replaces `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Include news marked `draft: true`.
    pub drafts: bool,
    /// Parts of the output to leave out.
    pub skip: Skip,
}

/// `map:` in `site.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MapConfig {
    /// The outline's GeoJSON file, relative to the portal's root (under `content/`),
    /// and where `site.yaml` names it. Without one the map shows the records'
    /// positions only.
    pub outline: Option<(PathBuf, Position)>,
    /// Credit for the outline's data, shown under the map, per language.
    pub attribution: crate::content::text::Text,
}

/// Parts of the output a build can leave out: for a quick draft, or to compare build
/// times with a generator that makes none of them. The pages still link to them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skip {
    /// No charts or map (the facts and tables stay).
    pub charts: bool,
    /// No search page or search index.
    pub search: bool,
    /// No compare page.
    pub compare: bool,
    /// No open data (`/data/`).
    pub data: bool,
}

impl SiteConfig {
    /// The default language.
    pub fn default_language(&self) -> &str {
        self.languages.first().map_or("en", String::as_str)
    }

    /// The languages a text is looked for in on a page in `language`, that language
    /// first (see [`SiteConfig::chains`]).
    pub fn chain(&self, language: &str) -> &[String] {
        self.chains
            .iter()
            .find(|(code, _)| code == language)
            .map_or(self.languages.as_slice(), |(_, chain)| chain.as_slice())
    }

    /// The path part of the base URL: `/` or `/portal/`.
    pub fn root_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(index) => after_scheme[index..].to_string(),
            None => "/".to_string(),
        }
    }

    /// The base URL with `path` (relative to the site root) appended.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

/// Reads `site.yaml`. Problems are pushed to `diagnostics`; a usable config is returned
/// whenever the file parses, so later stages can still report their own problems.
pub fn parse(file: &Path, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<SiteConfig> {
    let value = match crate::content::yaml::parse(file, text) {
        Ok(value) => value,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    let document = Document { file, text };
    let root = Node::root(&document, &value);
    let mut fields = root.fields(diagnostics)?;

    let mut languages = Vec::new();
    if let Some(node) = fields.require("languages", "[vi, en]", diagnostics) {
        for (item, code) in node.texts(diagnostics) {
            if !is_language_code(&code) {
                diagnostics.push(
                    item.error("E0201", format!("`{code}` is not a language code"))
                        .with_help("use a lower-case ISO 639-1 code such as vi, en, zh, ko or ja"),
                );
            } else if languages.contains(&code) {
                diagnostics.push(
                    item.error("E0202", format!("language `{code}` is listed twice"))
                        .with_help("remove the second one"),
                );
            } else {
                languages.push(code);
            }
        }
    }
    if languages.is_empty() {
        languages.push("en".to_string());
    }

    let chains = fields
        .get("fallback")
        .map(|node| read_fallback(&node, &languages, diagnostics))
        .unwrap_or_else(|| chains(&languages, &[]));

    let title = fields
        .require("title", "{vi: ..., en: ...}", diagnostics)
        .map(|node| crate::content::text::localized(&node, &languages, diagnostics))
        .unwrap_or_default();
    let description = fields
        .get("description")
        .map(|node| crate::content::text::localized(&node, &languages, diagnostics))
        .unwrap_or_default();
    let publisher = fields
        .get("publisher")
        .map(|node| crate::content::text::localized(&node, &languages, diagnostics))
        .unwrap_or_default();

    let mut base_url = "http://localhost:1111/".to_string();
    if let Some(node) = fields.require("base_url", "https://example.org/", diagnostics) {
        if let Some(url) = node.text(diagnostics) {
            match normalise_base_url(&url) {
                Some(url) => base_url = url,
                None => diagnostics.push(
                    node.error("E0203", format!("`{url}` is not an absolute http(s) URL"))
                        .with_help(
                            "write it like https://invest.example.org/ or https://host/portal/",
                        ),
                ),
            }
        }
    }
    let email = fields.get("email").and_then(|node| node.text(diagnostics));
    let phone = fields.get("phone").and_then(|node| node.text(diagnostics));

    let mut config = SiteConfig {
        title,
        description,
        languages,
        chains,
        base_url,
        publisher,
        email,
        phone,
        stale_after_days: 3 * 365,
        allow_raw_html: false,
        feed_limit: 20,
        map: MapConfig::default(),
        skip: Skip::default(),
    };
    if let Some(map) = fields.get("map").and_then(|node| node.fields(diagnostics)) {
        config.map = read_map(map, &config.languages, diagnostics);
    }
    if let Some(options) = fields
        .get("options")
        .and_then(|node| node.fields(diagnostics))
    {
        read_options(options, &mut config, diagnostics);
    }
    fields.finish(diagnostics);
    Some(config)
}

fn read_options(
    mut options: crate::content::yaml::Fields<'_>,
    config: &mut SiteConfig,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(node) = options.get("stale_after_days") {
        if let Some(days) = node.number(diagnostics) {
            if days >= 1.0 {
                config.stale_after_days = days as i64;
            } else {
                diagnostics.push(
                    node.error("E0204", "`stale_after_days` must be at least 1")
                        .with_help("e.g. 1095 for three years"),
                );
            }
        }
    }
    if let Some(node) = options.get("allow_raw_html") {
        match node.value.as_bool() {
            Some(flag) => config.allow_raw_html = flag,
            None => diagnostics.push(
                node.error("E0102", "`allow_raw_html` should be true or false")
                    .with_help("write `allow_raw_html: false`"),
            ),
        }
    }
    if let Some(node) = options.get("feed_limit") {
        if let Some(limit) = node.number(diagnostics) {
            config.feed_limit = limit.max(1.0) as usize;
        }
    }
    options.finish(diagnostics);
}

/// `fallback: {ja: [en, vi]}`: for each language, the languages to show when a text is
/// missing in it, before the others.
fn read_fallback(
    node: &crate::content::yaml::Node<'_>,
    languages: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<String>)> {
    let mut lists: Vec<(String, Vec<String>)> = Vec::new();
    let Some(mut fields) = node.fields(diagnostics) else {
        return chains(languages, &lists);
    };
    let not_ours = |code: &str| {
        format!(
            "`{code}` is not one of the site's languages ({})",
            languages.join(", ")
        )
    };
    for (language, list) in fields.entries(diagnostics) {
        if !languages.contains(&language) {
            diagnostics.push(
                list.error("E0207", not_ours(&language))
                    .with_help("give fallbacks only for languages listed in `languages`"),
            );
            continue;
        }
        let mut fallbacks = Vec::new();
        for (item, code) in list.texts(diagnostics) {
            let problem = if !languages.contains(&code) {
                not_ours(&code)
            } else if code == language {
                format!("`{language}` cannot fall back to itself")
            } else if fallbacks.contains(&code) {
                format!("`{code}` is listed twice")
            } else {
                fallbacks.push(code);
                continue;
            };
            diagnostics.push(item.error("E0207", problem).with_help(
                "list the other languages to show, in order, e.g. `fallback: {ja: [en, vi]}`",
            ));
        }
        lists.push((language, fallbacks));
    }
    chains(languages, &lists)
}

/// Each language's chain: itself, its listed fallbacks, then the other languages in
/// site order (so a text given in any language is never left blank).
fn chains(languages: &[String], lists: &[(String, Vec<String>)]) -> Vec<(String, Vec<String>)> {
    languages
        .iter()
        .map(|language| {
            let listed = lists
                .iter()
                .find(|(code, _)| code == language)
                .map(|(_, list)| list.as_slice())
                .unwrap_or_default();
            let mut chain = vec![language.clone()];
            for code in listed.iter().chain(languages) {
                if !chain.contains(code) {
                    chain.push(code.clone());
                }
            }
            (language.clone(), chain)
        })
        .collect()
}

fn read_map(
    mut map: crate::content::yaml::Fields<'_>,
    languages: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> MapConfig {
    let mut config = MapConfig::default();
    if let Some(node) = map.get("outline") {
        if let Some(path) = node.text(diagnostics) {
            let path = path.trim().replace('\\', "/");
            let usable = path.starts_with("content/")
                && !path
                    .split('/')
                    .any(|part| part.is_empty() || part == "." || part == "..")
                && (path.ends_with(".geojson") || path.ends_with(".json"));
            if usable {
                config.outline = Some((PathBuf::from(path), node.value_position()));
            } else {
                diagnostics.push(
                    node.error("E0205", format!("`{path}` is not a GeoJSON file under content/"))
                        .with_help("put the outline in the portal's content folder and name it from the portal's root, e.g. `outline: content/map/outline.geojson`"),
                );
            }
        }
    }
    if let Some(node) = map.get("attribution") {
        config.attribution = crate::content::text::localized(&node, languages, diagnostics);
    }
    map.finish(diagnostics);
    config
}

/// Checks a base URL and makes it end in `/`.
pub fn normalise_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next()?;
    if host.is_empty() || url.contains(char::is_whitespace) || url.contains(['?', '#']) {
        return None;
    }
    Some(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_keep_their_path() {
        let mut diagnostics = Vec::new();
        let text = "title: {vi: A, en: B}\nlanguages: [vi, en]\nbase_url: https://host/portal\n";
        let config = parse(Path::new("site.yaml"), text, &mut diagnostics).unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(config.base_url, "https://host/portal/");
        assert_eq!(config.root_path(), "/portal/");
        assert_eq!(config.absolute("/vi/"), "https://host/portal/vi/");
        assert_eq!(config.default_language(), "vi");
    }

    #[test]
    fn fallback_chains_follow_site_yaml_then_site_order() {
        let mut diagnostics = Vec::new();
        let text =
            "title: A\nlanguages: [vi, en, ja]\nbase_url: https://x.test/\nfallback:\n  ja: [en]\n";
        let config = parse(Path::new("site.yaml"), text, &mut diagnostics).unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(config.chain("ja"), ["ja", "en", "vi"]);
        assert_eq!(config.chain("en"), ["en", "vi", "ja"]);
        assert_eq!(config.chain("vi"), ["vi", "en", "ja"]);
    }

    #[test]
    fn a_bad_fallback_names_its_line() {
        let mut diagnostics = Vec::new();
        let text = "title: A\nlanguages: [vi, en]\nbase_url: https://x.test/\nfallback:\n  en: [en, fr]\n  ja: [vi]\n";
        let config = parse(Path::new("site.yaml"), text, &mut diagnostics).unwrap();
        let codes: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.code, d.position.line))
            .collect();
        assert_eq!(codes, vec![("E0207", 5), ("E0207", 5), ("E0207", 6)]);
        assert_eq!(config.chain("en"), ["en", "vi"]);
    }

    #[test]
    fn a_bad_language_code_names_its_line() {
        let mut diagnostics = Vec::new();
        let text = "title: A\nlanguages:\n  - vi\n  - English\nbase_url: ftp://x\n";
        parse(Path::new("site.yaml"), text, &mut diagnostics);
        let codes: Vec<_> = diagnostics
            .iter()
            .map(|d| (d.code, d.position.line))
            .collect();
        assert_eq!(codes, vec![("E0201", 4), ("E0203", 5)]);
    }
}
