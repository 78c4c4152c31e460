//! `site.yaml` -> [`SiteConfig`]. Languages are data: the first is the default, and a
//! third one needs only a line here and a file of UI strings.

use std::path::Path;

use serde::Serialize;

use crate::content::yaml::{Document, Node};
use crate::diagnostics::Diagnostic;
use crate::i18n::is_language_code;

/// The site's settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteConfig {
    /// Site title per language.
    pub title: crate::content::model::Text,
    /// One-line description per language.
    pub description: crate::content::model::Text,
    /// Language codes; the first is the default.
    pub languages: Vec<String>,
    /// Absolute base URL, ending in `/` (may have a path: `https://host/portal/`).
    pub base_url: String,
    /// The organisation behind the portal, per language.
    pub publisher: crate::content::model::Text,
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
    /// Parts of the output this build leaves out (from the command line, not site.yaml).
    #[serde(skip)]
    pub skip: Skip,
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

    let title = fields
        .require("title", "{vi: ..., en: ...}", diagnostics)
        .map(|node| crate::content::validate::text(&node, &languages, diagnostics))
        .unwrap_or_default();
    let description = fields
        .get("description")
        .map(|node| crate::content::validate::text(&node, &languages, diagnostics))
        .unwrap_or_default();
    let publisher = fields
        .get("publisher")
        .map(|node| crate::content::validate::text(&node, &languages, diagnostics))
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
        base_url,
        publisher,
        email,
        phone,
        stale_after_days: 3 * 365,
        allow_raw_html: false,
        feed_limit: 20,
        skip: Skip::default(),
    };
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
