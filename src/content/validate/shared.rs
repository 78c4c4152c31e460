//! The files every record is checked against: the UI strings of each language
//! (`templates/i18n/<lang>.yaml`, with their locale rules) and `content/sectors.yaml`
//! (`content/sources.yaml` has its own module, `sources`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Checker;
use crate::config::SiteConfig;
use crate::content::load::{Input, TextFile};
use crate::content::model::Sector;
use crate::content::text::localized;
use crate::content::yaml::{Document, Node};
use crate::diagnostics::{closest, Diagnostic, Position};
use crate::i18n::{is_slug, Language, Locale, Translations, DATE_PLACEHOLDERS};

impl Checker {
    pub(super) fn translations(&mut self, input: &Input, config: &SiteConfig) -> Translations {
        let mut languages: Vec<Language> = Vec::new();
        for code in self.languages.clone() {
            let path = PathBuf::from(format!("templates/i18n/{code}.yaml"));
            let Some(file) = input.templates.iter().find(|file| file.path == path) else {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0402",
                        &path,
                        Position::START,
                        format!("no UI strings for language `{code}`"),
                    )
                    .with_help(format!(
                        "copy templates/i18n/{}.yaml to {} and translate it",
                        self.languages[0],
                        path.display()
                    )),
                );
                continue;
            };
            let Some(value) = self.parse(file) else {
                continue;
            };
            let document = Document::new(&file.path, &file.text);
            let root = Node::root(&document, &value);
            let mut strings = BTreeMap::new();
            flatten(&root, "", &mut strings, &mut self.diagnostics);
            date_patterns(&root, &mut self.diagnostics);
            let locale = locale_of(&strings);
            languages.push(Language {
                code,
                strings,
                locale,
                borrowed: BTreeMap::new(),
            });
        }
        // Every language must have every key; templates see the text of the first
        // language of its fallback chain that has it, so no page breaks.
        let mut translations = Translations { languages };
        for (code, key, from) in translations.fill_missing(|code| config.chain(code).to_vec()) {
            let value = translations.get(&code, &key);
            self.diagnostics.push(
                Diagnostic::warning(
                    "W0401",
                    format!("templates/i18n/{code}.yaml"),
                    Position::START,
                    format!("UI string `{key}` is missing"),
                )
                .with_help(format!(
                    "translate it; until then pages show the {from} text \"{value}\""
                )),
            );
        }
        translations
    }

    pub(super) fn sectors(&mut self, file: &TextFile) -> Vec<Sector> {
        let Some(value) = self.parse(file) else {
            return Vec::new();
        };
        let document = Document::new(&file.path, &file.text);
        let root = Node::root(&document, &value);
        let Some(mut fields) = root.fields(&mut self.diagnostics) else {
            return Vec::new();
        };
        let mut sectors = Vec::new();
        for (slug, node) in fields.entries(&mut self.diagnostics) {
            if !is_slug(&slug) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0107",
                        &file.path,
                        node.position(),
                        format!("sector `{slug}` is not a valid slug"),
                    )
                    .with_help(format!("use `{}`", crate::i18n::slugify(&slug))),
                );
                continue;
            }
            let label = localized(&node, &self.languages, &mut self.diagnostics);
            sectors.push(Sector { slug, label });
        }
        sectors
    }
}

fn flatten(
    node: &Node<'_>,
    prefix: &str,
    out: &mut BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match node.value {
        serde_yaml::Value::Mapping(_) => {
            let Some(mut fields) = node.fields(diagnostics) else {
                return;
            };
            for (key, child) in fields.entries(diagnostics) {
                let full = if prefix.is_empty() {
                    key
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&child, &full, out, diagnostics);
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                if let Some(text) = item.as_str() {
                    out.insert(format!("{prefix}.{index}"), text.to_string());
                }
            }
        }
        _ => {
            if let Some(text) = node.text(diagnostics) {
                out.insert(prefix.to_string(), text);
            }
        }
    }
}

/// `locale.date` and `locale.month_date` hold only the placeholders dates fill: any
/// other (`{mont}`, `{d}`) would be printed as written on every dated figure.
fn date_patterns(root: &Node<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let mut ignored = Vec::new();
    let Some(locale) = root
        .fields(&mut ignored)
        .and_then(|mut fields| fields.get("locale"))
    else {
        return;
    };
    let Some(mut fields) = locale.fields(&mut ignored) else {
        return;
    };
    for key in ["date", "month_date"] {
        let Some(node) = fields.get(key) else {
            continue;
        };
        let Some(pattern) = node.value.as_str() else {
            continue;
        };
        let mut rest = pattern;
        while let Some(start) = rest.find('{') {
            let Some(length) = rest[start..].find('}') else {
                break;
            };
            let name = &rest[start + 1..start + length];
            if !DATE_PLACEHOLDERS.contains(&name) {
                let help = match closest(name, DATE_PLACEHOLDERS.iter().copied()) {
                    Some(near) => format!("did you mean `{{{near}}}`?"),
                    None => String::new(),
                };
                diagnostics.push(
                    node.error("E0404", format!("`{{{name}}}` is not a date placeholder"))
                        .with_help(
                            format!(
                        "{help} dates fill {{day}} and {{month}} (1, 7), {{dd}} and {{mm}} \
                         (01, 07), {{month_name}} and {{year}}"
                    )
                            .trim_start()
                            .to_string(),
                        ),
                );
            }
            rest = &rest[start + length + 1..];
        }
    }
}

fn locale_of(strings: &BTreeMap<String, String>) -> Locale {
    let get = |key: &str, default: &str| {
        strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    };
    let months = (0..12)
        .map_while(|index| strings.get(&format!("locale.months.{index}")).cloned())
        .collect();
    Locale {
        decimal: get("locale.decimal", "."),
        group: get("locale.group", ","),
        date: get("locale.date", "{year}-{mm}-{dd}"),
        month_date: get("locale.month_date", "{year}-{mm}"),
        months,
        range: get("locale.range", "{low}–{high}"),
    }
}
