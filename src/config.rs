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
    /// The organisation behind the portal.
    pub publisher: Publisher,
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
    /// Configuration files for web servers written beside the site (`.htaccess`...).
    pub host_files: Vec<HostFile>,
    /// The map: the portal's own outline and its credit.
    pub map: MapConfig,
    /// Parts of the output this build leaves out (from the command line, not site.yaml).
    #[serde(skip)]
    pub skip: Skip,
}

/// The organisation that publishes the portal, as search engines are told.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Publisher {
    /// Its name, per language.
    pub name: crate::content::text::Text,
    /// What it is. Never a government body unless the portal says so itself.
    pub kind: PublisherKind,
    /// Its own web site, if any.
    pub url: Option<String>,
}

/// The schema.org type of the publisher.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum PublisherKind {
    /// Any organisation: a company, a project team, an association.
    #[default]
    Organization,
    /// A government body: only when the portal is the authority's own site.
    GovernmentOrganization,
}

impl PublisherKind {
    /// The schema.org type name.
    pub fn schema_type(self) -> &'static str {
        match self {
            PublisherKind::Organization => "Organization",
            PublisherKind::GovernmentOrganization => "GovernmentOrganization",
        }
    }
}

/// A web server's configuration file that a build can write beside the site, so a
/// plain host serves it right without editing its own configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum HostFile {
    /// `.htaccess` for Apache (charset, types, a 404 page per language, caching,
    /// compression).
    Apache,
    /// `_headers` and `_redirects` for Netlify (`_headers` is read by Cloudflare
    /// Pages too).
    Netlify,
}

impl HostFile {
    /// Every kind, with the name `site.yaml` uses.
    pub const ALL: [(&'static str, HostFile); 2] =
        [("apache", HostFile::Apache), ("netlify", HostFile::Netlify)];

    /// The files it writes, at the output's root.
    pub fn files(self) -> &'static [&'static str] {
        match self {
            HostFile::Apache => &[".htaccess"],
            HostFile::Netlify => &["_headers", "_redirects"],
        }
    }
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

    /// The root of the host the site is on: `https://host/` for `https://host/portal/`.
    pub fn host_root(&self) -> &str {
        let root = self.root_path();
        self.base_url
            .strip_suffix(&root[1..])
            .unwrap_or(&self.base_url)
    }

    /// The base URL as people write it: without the scheme or the final `/`
    /// (`invest.example.org/portal`).
    pub fn address(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.trim_end_matches('/')
    }

    /// The base URL with `path` (relative to the site root) appended.
    pub fn absolute(&self, path: &str) -> String {
        [self.base_url.as_str(), path.trim_start_matches('/')].concat()
    }

    /// The absolute URL of `path` (relative to the language's home) in `language`:
    /// `https://host/portal/en/parks/x/`. In one allocation, not a `format!` and a
    /// copy: each page's head and the sitemap name every page in every language.
    pub fn absolute_in(&self, language: &str, path: &str) -> String {
        [self.base_url.as_str(), language, "/", path].concat()
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
    let document = Document::new(file, text);
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
        .map(|node| publisher(&node, &languages, diagnostics))
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
        host_files: Vec::new(),
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
    if let Some(node) = options.get("host_files") {
        for (item, name) in node.texts(diagnostics) {
            match HostFile::ALL.iter().find(|(known, _)| *known == name) {
                Some((_, file)) if !config.host_files.contains(file) => {
                    config.host_files.push(*file)
                }
                Some(_) => {}
                None => diagnostics.push(
                    item.error("E0209", format!("`{name}` is not a kind of host file"))
                        .with_help("use `apache` (.htaccess) or `netlify` (_headers, _redirects); nginx and Caddy are configured on the server (docs/deploy.md)"),
                ),
            }
        }
        config.host_files.sort();
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

/// `publisher:` is a name (text per language), or `{name, type, url}`.
fn publisher(
    node: &crate::content::yaml::Node<'_>,
    languages: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Publisher {
    let is_detailed = node
        .value
        .as_mapping()
        .is_some_and(|map| map.contains_key("name"));
    if !is_detailed {
        return Publisher {
            name: crate::content::text::localized(node, languages, diagnostics),
            ..Publisher::default()
        };
    }
    let Some(mut fields) = node.fields(diagnostics) else {
        return Publisher::default();
    };
    let mut publisher = Publisher::default();
    if let Some(name) = fields.get("name") {
        publisher.name = crate::content::text::localized(&name, languages, diagnostics);
    }
    if let Some(kind) = fields.get("type") {
        match kind.text(diagnostics).as_deref() {
            Some("Organization") => publisher.kind = PublisherKind::Organization,
            Some("GovernmentOrganization") => {
                publisher.kind = PublisherKind::GovernmentOrganization
            }
            Some(other) => diagnostics.push(
                kind.error("E0208", format!("`{other}` is not a publisher type"))
                    .with_help("use `Organization`, or `GovernmentOrganization` only when the portal is the authority's own site"),
            ),
            None => {}
        }
    }
    if let Some(url) = fields.get("url") {
        if let Some(text) = url.text(diagnostics) {
            if normalise_base_url(&text).is_some() {
                publisher.url = Some(text);
            } else {
                diagnostics.push(
                    url.error("E0111", format!("`{text}` is not a web address"))
                        .with_help("write the full address, starting with https://"),
                );
            }
        }
    }
    fields.finish(diagnostics);
    publisher
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
        assert_eq!(config.host_root(), "https://host/");
        assert_eq!(config.address(), "host/portal");
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
