//! `schema.yaml` -> [`Schema`], with a diagnostic at `file:line:column` for every
//! problem: an unknown value type, a unit family that does not exist, a key given
//! twice, a group or fact that is not declared, an unknown field (with the closest
//! known one). A fact whose definition has a problem is still known, so that the
//! records using it are not reported too.

use std::path::Path;

use super::charts::read_charts;
use super::{Family, KindSchema, Schema, Status, Term, Unit};
use crate::content::load::TextFile;
use crate::content::model::Kind;
use crate::content::text::Text;
use crate::content::yaml::{self, Document, Fields, Node};
use crate::diagnostics::{closest, Diagnostic, Position};
use crate::i18n::is_language_code;

/// Reads the portal's `schema.yaml`, or the built-in default when it has none.
/// Labels are kept for the site's `languages`; a language missing a label is a
/// warning (for the built-in schema, one warning on `site.yaml`).
pub fn read(
    file: Option<&TextFile>,
    languages: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Schema {
    match file {
        Some(file) => parse(&file.path, &file.text, languages, diagnostics),
        None => {
            let mut found = Vec::new();
            let schema = parse(
                Path::new(super::FILE),
                super::DEFAULT,
                languages,
                &mut found,
            );
            // The built-in schema is tested to have no error; what it can lack is the
            // labels of a language the portal adds.
            let missing: Vec<&String> = languages
                .iter()
                .filter(|language| {
                    found
                        .iter()
                        .any(|d| d.message.ends_with(&format!("has no `{language}` text")))
                })
                .collect();
            for language in missing {
                diagnostics.push(
                    Diagnostic::warning(
                        "W0701",
                        "site.yaml",
                        Position::START,
                        format!("the built-in fact schema has no `{language}` labels"),
                    )
                    .with_help(format!(
                        "copy the built-in schema into the portal (`halong init` writes it as schema.yaml) and add `{language}:` labels; until then pages show another language's"
                    )),
                );
            }
            schema
        }
    }
}

/// Parses a schema text.
pub fn parse(
    path: &Path,
    text: &str,
    languages: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Schema {
    let value = match yaml::parse(path, text) {
        Ok(value) => value,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return unread();
        }
    };
    let document = Document::new(path, text);
    let root = Node::root(&document, &value);
    let Some(mut fields) = root.fields(diagnostics) else {
        return unread();
    };
    let mut reader = Reader {
        languages,
        diagnostics,
    };
    let mut schema = Schema {
        groups: fields
            .get("groups")
            .map(|node| reader.terms(&node, "group"))
            .unwrap_or_default(),
        families: fields
            .get("units")
            .map(|node| reader.families(&node))
            .unwrap_or_default(),
        statuses: fields
            .get("statuses")
            .map(|node| reader.statuses(&node))
            .unwrap_or_default(),
        landmarks: fields
            .get("landmarks")
            .map(|node| reader.landmark_kinds(&node))
            .unwrap_or_default(),
        ..Schema::default()
    };
    schema.province = fields
        .get("province")
        .map(|node| reader.kind_schema(&node, None, &schema))
        .unwrap_or_default();
    for kind in Kind::ALL {
        if let Some(node) = fields.get(kind.word()) {
            schema.kinds[super::kind_index(kind)] = reader.kind_schema(&node, Some(kind), &schema);
        }
    }
    let charts = fields.get("charts");
    schema.charts = read_charts(
        charts.as_ref(),
        &schema,
        reader.languages,
        reader.diagnostics,
    );
    fields.finish(reader.diagnostics);
    schema
}

/// The schema of a file that could not be read.
fn unread() -> Schema {
    Schema {
        unread: true,
        ..Schema::default()
    }
}

/// A label per language: a plain text shared by all languages, or a mapping of
/// language codes. Languages the site does not have are ignored (a schema may serve
/// portals in other languages); a site language without a label is a warning.
pub(super) fn read_label(
    node: &Node<'_>,
    languages: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Text {
    let serde_yaml::Value::Mapping(_) = node.value else {
        return node
            .text(diagnostics)
            .map(|text| Text::same(text.trim()))
            .unwrap_or_default();
    };
    let mut text = Text::default();
    let Some(mut fields) = node.fields(diagnostics) else {
        return text;
    };
    for (key, child) in fields.entries(diagnostics) {
        if !is_language_code(&key) {
            diagnostics.push(
                Diagnostic::error(
                    "E0105",
                    node.document.file,
                    child.position(),
                    format!("`{key}` is not a language code"),
                )
                .with_help("write labels as `{vi: ..., en: ...}`; quote a label that contains a comma: `en: \"a, b\"`"),
            );
            continue;
        }
        if let Some(value) = child.text(diagnostics) {
            if languages.contains(&key) {
                text.insert(key, value.trim());
            }
        }
    }
    for language in languages {
        if !text.has(language) {
            diagnostics.push(
                node.warning(
                    "W0101",
                    format!("`{}` has no `{language}` text", node.path_text()),
                )
                .with_help(format!("add `{language}: ...` to the label")),
            );
        }
    }
    text
}

/// Reads a schema's sections, collecting diagnostics.
pub(super) struct Reader<'r> {
    pub languages: &'r [String],
    pub diagnostics: &'r mut Vec<Diagnostic>,
}

impl Reader<'_> {
    /// A mapping of keys, each a label or `{label: ...}` with `extra` fields read by
    /// `more`; a key given twice in different places is reported by `yaml::parse`.
    pub(super) fn entries<'a, T>(
        &mut self,
        node: &Node<'a>,
        what: &str,
        mut more: impl FnMut(&mut Self, Term, Option<&mut Fields<'a>>) -> T,
    ) -> Vec<T> {
        let Some(mut fields) = node.fields(self.diagnostics) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, child) in fields.entries(self.diagnostics) {
            if !crate::i18n::is_slug(&key.replace('_', "-")) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0107",
                        node.document.file,
                        child.position(),
                        format!("{what} `{key}` is not a valid key"),
                    )
                    .with_help("use lower-case ASCII letters, digits and `_`, e.g. `border_gate`"),
                );
                continue;
            }
            let full =
                matches!(child.value, serde_yaml::Value::Mapping(map) if map.contains_key("label"));
            if full {
                let Some(mut inner) = child.fields(self.diagnostics) else {
                    continue;
                };
                let label = inner
                    .require("label", "{vi: ..., en: ...}", self.diagnostics)
                    .map(|node| read_label(&node, self.languages, self.diagnostics))
                    .unwrap_or_default();
                let item = more(self, Term { key, label }, Some(&mut inner));
                inner.finish(self.diagnostics);
                out.push(item);
            } else {
                let label = read_label(&child, self.languages, self.diagnostics);
                out.push(more(self, Term { key, label }, None));
            }
        }
        out
    }

    /// Groups or kinds: key -> label.
    fn terms(&mut self, node: &Node<'_>, what: &str) -> Vec<Term> {
        self.entries(node, what, |_, term, _| term)
    }

    fn statuses(&mut self, node: &Node<'_>) -> Vec<Status> {
        self.entries(node, "status", |reader, term, fields| {
            let active = fields
                .and_then(|fields| fields.get("active"))
                .is_some_and(|node| node.boolean(reader.diagnostics));
            Status { term, active }
        })
    }

    fn families(&mut self, node: &Node<'_>) -> Vec<Family> {
        let Some(mut fields) = node.fields(self.diagnostics) else {
            return Vec::new();
        };
        let mut families: Vec<Family> = Vec::new();
        for (name, child) in fields.entries(self.diagnostics) {
            let mut first = true;
            let units = self.entries(&child, "unit", |reader, term, fields| {
                let mut scale = 1.0;
                let mut max = None;
                let mut kilometres = None;
                if let Some(fields) = fields {
                    if let Some(node) = fields.get("scale") {
                        match node.number(reader.diagnostics) {
                            Some(value) if value > 0.0 && !first => scale = value,
                            Some(_) if first => reader.diagnostics.push(
                                node.error("E0705", "the first unit of a family is the one the others are counted in: its scale is 1")
                                    .with_help("remove `scale:` here, or move this unit down"),
                            ),
                            Some(value) => reader.diagnostics.push(
                                node.error("E0501", format!("scale {value} is not above 0"))
                                    .with_help("write how many of the family's first unit one of this unit is, e.g. `scale: 100` for km2 in a family of ha"),
                            ),
                            None => {}
                        }
                    }
                    max = fields.get("max").and_then(|node| node.number(reader.diagnostics));
                    kilometres = fields.get("kilometres").and_then(|node| {
                        let value = node.number(reader.diagnostics)?;
                        if value > 0.0 {
                            return Some(value);
                        }
                        reader.diagnostics.push(
                            node.error("E0501", format!("kilometres {value} is not above 0"))
                                .with_help("write how many kilometres one of this unit is, e.g. `kilometres: 1` for km"),
                        );
                        None
                    });
                }
                first = false;
                Unit {
                    key: term.key,
                    label: term.label,
                    scale,
                    max,
                    kilometres,
                }
            });
            for unit in &units {
                let elsewhere = families
                    .iter()
                    .find(|family| family.units.iter().any(|known| known.key == unit.key));
                if let Some(family) = elsewhere {
                    let path = [
                        yaml::Segment::Key("units".into()),
                        yaml::Segment::Key(name.clone().into()),
                        yaml::Segment::Key(unit.key.clone().into()),
                    ];
                    self.diagnostics.push(
                        Diagnostic::error(
                            "E0703",
                            node.document.file,
                            yaml::locate(node.document.text, &path),
                            format!(
                                "unit `{}` is in the family `{}` already",
                                unit.key, family.name
                            ),
                        )
                        .with_help("a unit belongs to one family; remove one of them or rename it"),
                    );
                }
            }
            if units.is_empty() {
                self.diagnostics.push(
                    child
                        .error("E0103", format!("the unit family `{name}` has no unit"))
                        .with_help("list its units, e.g. `ha: {label: \"{} ha\"}`"),
                );
            }
            families.push(Family { name, units });
        }
        families
    }

    /// A kind's section: `facts:`, and `kinds:` (not for the province).
    fn kind_schema(&mut self, node: &Node<'_>, kind: Option<Kind>, schema: &Schema) -> KindSchema {
        let Some(mut fields) = node.fields(self.diagnostics) else {
            return KindSchema::default();
        };
        let kinds = match kind {
            Some(_) => fields
                .get("kinds")
                .map(|node| self.terms(&node, "kind"))
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let facts = fields
            .get("facts")
            .map(|node| self.facts(&node, kind, schema))
            .unwrap_or_default();
        fields.finish(self.diagnostics);
        KindSchema { facts, kinds }
    }

    pub(super) fn kind_word(&mut self, node: &Node<'_>) -> Option<Kind> {
        let word = node.text(self.diagnostics)?;
        let found = Kind::ALL.into_iter().find(|kind| kind.word() == word);
        if found.is_none() {
            let help = match closest(&word, Kind::ALL.map(Kind::word)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "name one of zone, park, cluster, project".to_string(),
            };
            self.diagnostics.push(
                node.error("E0704", format!("`{word}` is not a kind of record"))
                    .with_help(help),
            );
        }
        found
    }
}
