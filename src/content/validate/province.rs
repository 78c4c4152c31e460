//! `content/province.yaml`: the province's name, how it was formed (a merger or a
//! renaming: the provinces it was formed from, which records may name as the one
//! they lay in), its development regions and its own figures.

use std::collections::BTreeSet;

use super::references::Known;
use super::{date, item_id, Checker, IdWords};
use crate::content::load::TextFile;
use crate::content::model::*;
use crate::content::text::localized;
use crate::content::yaml::{Document, Node};
use crate::diagnostics::closest;

impl Checker {
    pub(super) fn province(&mut self, file: &TextFile, known: &Known<'_>) -> Province {
        let Some(value) = self.parse(file) else {
            return Province::default();
        };
        let document = Document::new(&file.path, &file.text);
        let root = Node::root(&document, &value);
        let Some(mut fields) = root.fields(&mut self.diagnostics) else {
            return Province::default();
        };
        let name = fields
            .require("name", "{vi: ..., en: ...}", &mut self.diagnostics)
            .map(|node| localized(&node, &self.languages, &mut self.diagnostics))
            .unwrap_or_default();
        let mut regions = Vec::new();
        if let Some(node) = fields.get("regions") {
            for item in node.list(&mut self.diagnostics) {
                let Some(mut region) = item.fields(&mut self.diagnostics) else {
                    continue;
                };
                let name = region
                    .require("name", "{vi: ..., en: ...}", &mut self.diagnostics)
                    .map(|n| localized(&n, &self.languages, &mut self.diagnostics));
                let description = region
                    .get("description")
                    .map(|n| localized(&n, &self.languages, &mut self.diagnostics))
                    .unwrap_or_default();
                let sectors = region
                    .get("sectors")
                    .map(|n| self.sector_list(&n, known))
                    .unwrap_or_default();
                let source = region
                    .get("source")
                    .and_then(|n| self.source_ref(&n, known));
                region.finish(&mut self.diagnostics);
                if let Some(name) = name {
                    regions.push(Region {
                        name,
                        description,
                        sectors,
                        source,
                    });
                }
            }
        }
        let formed = fields
            .get("formed")
            .and_then(|node| self.formation(&node, known));
        let facts = fields
            .get("facts")
            .map(|node| {
                let schema = self.schema.clone();
                self.facts(&node, &schema.province, "the province", known)
            })
            .unwrap_or_default();
        fields.finish(&mut self.diagnostics);
        Province {
            name,
            formed,
            regions,
            facts,
        }
    }

    /// `formed: {date, from: [{id, name}], source}`.
    fn formation(&mut self, node: &Node<'_>, known: &Known<'_>) -> Option<Formation> {
        let mut fields = node.fields(&mut self.diagnostics)?;
        let formed_on = fields
            .require("date", "2025-07-01", &mut self.diagnostics)
            .and_then(|node| date(&node, &mut self.diagnostics));
        let mut from: Vec<FormerProvince> = Vec::new();
        if let Some(list) = fields.require(
            "from",
            "[{id: old-name, name: {vi: ..., en: ...}}]",
            &mut self.diagnostics,
        ) {
            for item in list.list(&mut self.diagnostics) {
                let Some(mut former) = item.fields(&mut self.diagnostics) else {
                    continue;
                };
                let id = item_id(
                    &mut former,
                    "old-name",
                    |id| from.iter().any(|known| known.id == id),
                    IdWords {
                        called: "",
                        duplicate: &|id| format!("former province `{id}` is listed twice"),
                        duplicate_help: "list each former province once",
                    },
                    &mut self.diagnostics,
                );
                let name = former
                    .require("name", "{vi: ..., en: ...}", &mut self.diagnostics)
                    .map(|node| localized(&node, &self.languages, &mut self.diagnostics));
                former.finish(&mut self.diagnostics);
                if let (Some(id), Some(name)) = (id, name) {
                    from.push(FormerProvince { id, name });
                }
            }
        }
        let source = fields
            .get("source")
            .and_then(|node| self.source_ref(&node, known));
        fields.finish(&mut self.diagnostics);
        Some(Formation {
            date: formed_on?,
            from,
            source,
        })
    }

    /// `former_province:` of a record: one of the provinces the province was formed
    /// from.
    pub(super) fn former_province(&mut self, node: &Node<'_>, known: &Known<'_>) -> Option<String> {
        let id = node.text(&mut self.diagnostics)?;
        if known.former_provinces.contains(&id) {
            return Some(id);
        }
        let help = match closest(&id, known.former_provinces.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None if known.former_provinces.is_empty() => {
                "list the provinces this one was formed from under `formed: from:` in content/province.yaml first".to_string()
            }
            None => format!(
                "the former provinces are {}",
                known
                    .former_provinces
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.diagnostics.push(
            node.error("E0301", format!("unknown former province `{id}`"))
                .with_help(help),
        );
        None
    }
}

/// The ids of the provinces a province was formed from.
pub(super) fn former_ids(province: &Province) -> BTreeSet<String> {
    province
        .formed
        .iter()
        .flat_map(|formed| formed.from.iter().map(|former| former.id.clone()))
        .collect()
}
