//! Text per language: the [`Text`] value every stage passes around, and how it is
//! read from YAML (a plain string shared by all languages, or a mapping per language).
//!
//! Used by `site.yaml` ([`crate::config`]) as well as by content validation, so it
//! lives beside the YAML reader rather than inside validation.

use serde::Serialize;

use crate::content::yaml::Node;
use crate::diagnostics::{closest, Diagnostic};

/// A text per language: (language, text) pairs in the order written. A text given
/// once for all languages is stored under `*`. A small list, not a map: a site has
/// thousands of these, each with two or three languages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text(Vec<(String, String)>);

/// Whether two language codes are the same. Codes are a few bytes: compared here byte
/// by byte, not through a call to `memcmp`, because every text shown on every page is
/// looked up by its language.
fn same_code(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

impl Text {
    /// The key under which a text shared by all languages is stored.
    pub const ANY: &'static str = "*";

    /// The same text in every language.
    pub fn same(text: impl Into<String>) -> Self {
        Text(vec![(Text::ANY.to_string(), text.into())])
    }

    /// Sets the text of one language.
    pub fn insert(&mut self, language: impl Into<String>, text: impl Into<String>) {
        let language = language.into();
        match self.0.iter_mut().find(|(known, _)| *known == language) {
            Some((_, existing)) => *existing = text.into(),
            None => self.0.push((language, text.into())),
        }
    }

    /// Whether the text is given for `language` itself.
    pub fn has(&self, language: &str) -> bool {
        self.0.iter().any(|(known, _)| known == language)
    }

    fn exact(&self, language: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(known, _)| same_code(known, language))
            .map(|(_, text)| text.as_str())
    }

    /// The text in `language`, or the shared one.
    pub fn get(&self, language: &str) -> Option<&str> {
        self.exact(language).or_else(|| self.exact(Text::ANY))
    }

    /// The text for a page whose languages are `chain` (its own first, then its
    /// fallbacks): the text in the page's language or the shared one, else the first
    /// fallback that has one, else any. With the language it is in when that is not
    /// the page's (`None` for the page's own and the shared text).
    pub fn pick<'a>(&'a self, chain: &'a [String]) -> (&'a str, Option<&'a str>) {
        let own = chain.first().map_or("", String::as_str);
        if let Some(text) = self.get(own) {
            return (text, None);
        }
        chain
            .iter()
            .skip(1)
            .find_map(|language| Some((self.exact(language)?, Some(language.as_str()))))
            .or_else(|| {
                self.0
                    .first()
                    .map(|(language, text)| (text.as_str(), Some(language.as_str())))
            })
            .unwrap_or(("", None))
    }

    /// The text in `language`, the shared one, or any other as a last resort (without
    /// the site's fallback chains: pages use [`crate::content::model::Site::text`] and
    /// [`crate::content::model::Site::shown`]).
    pub fn show(&self, language: &str) -> &str {
        self.get(language)
            .or_else(|| self.0.first().map(|(_, text)| text.as_str()))
            .unwrap_or("")
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut pairs: Vec<&(String, String)> = self.0.iter().collect();
        pairs.sort();
        serializer.collect_map(pairs.into_iter().map(|(language, text)| (language, text)))
    }
}

/// Localised text from a node: a plain string is shared by all languages; a mapping
/// must give every language of the site.
pub fn localized(node: &Node<'_>, languages: &[String], diagnostics: &mut Vec<Diagnostic>) -> Text {
    match node.value {
        serde_yaml::Value::Mapping(_) => {
            let mut result = Text::default();
            let Some(mut fields) = node.fields(diagnostics) else {
                return result;
            };
            for (key, child) in fields.entries(diagnostics) {
                if !languages.contains(&key) {
                    let help = match closest(&key, languages.iter().map(String::as_str)) {
                        // `{vi: a, b, en: c}` splits at the comma: `b` becomes a key.
                        _ if !crate::i18n::is_language_code(&key) => {
                            "text that contains a comma inside `{...}` must be quoted: `vi: \"a, b\"`".to_string()
                        }
                        Some(near) => format!("did you mean `{near}`? languages come from site.yaml"),
                        None => format!("the site's languages are {}; add `{key}` to `languages` in site.yaml to use it", languages.join(", ")),
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            "E0105",
                            node.document.file,
                            child.position(),
                            format!("`{key}` is not a language of this site"),
                        )
                        .with_help(help),
                    );
                    continue;
                }
                if let Some(value) = child.text(diagnostics) {
                    result.insert(key, value.trim());
                }
            }
            for language in languages {
                if !result.has(language) {
                    diagnostics.push(
                        node.warning(
                            "W0101",
                            format!("`{}` has no `{language}` text", node.path_text()),
                        )
                        .with_help(format!(
                            "add a line `{language}: ...` under `{}`",
                            node.path_text()
                        )),
                    );
                }
            }
            result
        }
        _ => node
            .text(diagnostics)
            .map(|value| Text::same(value.trim()))
            .unwrap_or_default(),
    }
}
