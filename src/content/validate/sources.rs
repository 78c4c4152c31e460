//! `content/sources.yaml`: every publication a figure comes from. A source's `title` is
//! the title as published, in the source's `language`; `title_translated` gives it in
//! some of the site's languages, for pages in those languages. Where nobody could
//! check the title as published, the translation alone stands in for it.

use super::{date, url, Checker};
use crate::content::load::TextFile;
use crate::content::model::{Source, Text};
use crate::content::text::localized;
use crate::content::yaml::{Document, Node};
use crate::diagnostics::{closest, Diagnostic};
use crate::i18n::{is_language_code, is_slug};

impl Checker {
    pub(super) fn sources(&mut self, file: &TextFile) -> Vec<Source> {
        let Some(value) = self.parse(file) else {
            return Vec::new();
        };
        let document = Document::new(&file.path, &file.text);
        let root = Node::root(&document, &value);
        let mut sources: Vec<Source> = Vec::new();
        for item in root.list(&mut self.diagnostics) {
            let Some(mut fields) = item.fields(&mut self.diagnostics) else {
                continue;
            };
            let diagnostics = &mut self.diagnostics;
            let id = fields
                .require("id", "qn-working-group-2025-11-en", diagnostics)
                .and_then(|node| {
                    let id = node.text(diagnostics)?;
                    if !is_slug(&id) {
                        diagnostics.push(
                            node.error("E0107", format!("source id `{id}` is not a valid id"))
                                .with_help("use lower-case letters, digits and `-`"),
                        );
                        return None;
                    }
                    if sources.iter().any(|source| source.id == id) {
                        diagnostics.push(
                            node.error("E0302", format!("duplicate source id `{id}`"))
                                .with_help("give each source its own id"),
                        );
                        return None;
                    }
                    Some(id)
                });
            // `title: ""` is how staff leave out a title they could not check.
            let title = fields
                .get("title")
                .and_then(|node| node.text(diagnostics))
                .map(|title| title.trim().to_string())
                .filter(|title| !title.is_empty());
            let language_node = fields.get("language");
            let language = language_node
                .as_ref()
                .and_then(|node| source_language(node, diagnostics))
                .unwrap_or_default();
            // Without a title as published, a text in the source's own language is
            // the title as far as it is known, not a translation to warn about.
            let own = if title.is_some() {
                language.as_str()
            } else {
                ""
            };
            let translated = fields
                .get("title_translated")
                .map(|node| translations(&node, &self.languages, own, diagnostics))
                .unwrap_or_default();
            let publisher = fields
                .require("publisher", "Provincial Statistics Office", diagnostics)
                .and_then(|node| node.text(diagnostics));
            let date = fields.get("date").and_then(|node| date(&node, diagnostics));
            let url = fields.get("url").and_then(|node| url(&node, diagnostics));
            let note = fields
                .get("note")
                .map(|node| localized(&node, &self.languages, diagnostics));
            let has_title = title.is_some() || translated != Text::default();
            if !has_title {
                diagnostics.push(item.error("E0103", "missing field `title`").with_help(
                    "add `title:` with the title as published, in the source's own \
                             language; if you could not check it, give the title you know as \
                             `title_translated: {en: ...}` and say so in `note`",
                ));
            }
            if language_node.is_none() {
                diagnostics.push(
                    item.warning(
                        "W0103",
                        format!(
                            "source `{}` has no `language`",
                            id.as_deref().unwrap_or_default()
                        ),
                    )
                    .with_help(
                        "add `language: vi` (the language the source is written in, so that \
                         pages mark its title as such)",
                    ),
                );
            }
            fields.finish(diagnostics);
            if let (Some(id), true, Some(publisher)) = (id, has_title, publisher) {
                sources.push(Source {
                    id,
                    title,
                    title_translated: translated,
                    publisher,
                    date,
                    language,
                    url,
                    note,
                });
            }
        }
        sources
    }
}

/// The source's language: a code such as `vi`, `fr` or `zh-hans`.
fn source_language(node: &Node<'_>, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let code = node.text(diagnostics)?;
    if is_language_code(&code) {
        return Some(code);
    }
    let lower = code.to_ascii_lowercase();
    let help = if is_language_code(&lower) {
        format!("write it in lower case: `{lower}`")
    } else {
        "write the two-letter code of the language the source is written in: `vi`, `en`, \
         `fr`, `de`, `ja`, `ko`, `zh`"
            .to_string()
    };
    diagnostics.push(
        node.error("E0105", format!("`{code}` is not a language code"))
            .with_help(help),
    );
    None
}

/// `title_translated`: a mapping from some of the site's languages to the title in
/// each. Unlike other texts, a language may be left out: a translation is given where
/// it helps. Beside a `title`, a translation into the source's own language (`own`;
/// empty when there is no title) is that title again, and is said so.
fn translations(
    node: &Node<'_>,
    languages: &[String],
    own: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Text {
    let mut translated = Text::default();
    let serde_yaml::Value::Mapping(_) = node.value else {
        diagnostics.push(
            node.error("E0102", "`title_translated` must give a language for each title")
                .with_help("write `title_translated: {vi: ..., en: ...}`, leaving out a language you have no translation in"),
        );
        return translated;
    };
    let Some(mut fields) = node.fields(diagnostics) else {
        return translated;
    };
    for (key, child) in fields.entries(diagnostics) {
        if !languages.contains(&key) {
            let help = match closest(&key, languages.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`? languages come from site.yaml"),
                None => format!(
                    "give translations in the site's languages only: {}",
                    languages.join(", ")
                ),
            };
            diagnostics.push(
                child
                    .error("E0105", format!("`{key}` is not a language of this site"))
                    .with_help(help),
            );
            continue;
        }
        let Some(text) = child.text(diagnostics) else {
            continue;
        };
        if !own.is_empty() && key == own {
            diagnostics.push(
                child
                    .warning(
                        "W0102",
                        format!("the source is in `{own}`: its `{own}` title is not a translation"),
                    )
                    .with_help("move it to `title:` (the title as published) and remove it here"),
            );
            continue;
        }
        translated.insert(key, text.trim());
    }
    translated
}
