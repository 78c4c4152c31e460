//! Records: a zone's, park's, cluster's or project's facts file.
//! Identity (names, status, kind, sectors, address, position, contact, tenants) is read
//! here; the figures under `facts:` in [`super::facts`]. References to other records
//! are noted for [`super::references`].

use std::collections::BTreeMap;

use super::references::{Known, Reference};
use super::{date, Checker};
use crate::content::load::TextFile;
use crate::content::model::*;
use crate::content::schema::Term;
use crate::content::text::localized;
use crate::content::yaml::{Document, Node};
use crate::diagnostics::closest;

impl Checker {
    pub(super) fn record(
        &mut self,
        kind: Kind,
        slug: &str,
        file: &TextFile,
        known: &Known<'_>,
    ) -> Option<Record> {
        let value = self.parse(file)?;
        let document = Document::new(&file.path, &file.text);
        let root = Node::root(&document, &value);
        let mut fields = root.fields(&mut self.diagnostics)?;
        let languages = self.languages.clone();
        let name = fields
            .require("name", "{vi: ..., en: ...}", &mut self.diagnostics)
            .map(|node| localized(&node, &languages, &mut self.diagnostics));
        let short_name = fields
            .get("short_name")
            .map(|node| localized(&node, &languages, &mut self.diagnostics));
        let aliases = fields
            .get("aliases")
            .map(|node| {
                node.texts(&mut self.diagnostics)
                    .into_iter()
                    .map(|(_, t)| t)
                    .collect()
            })
            .unwrap_or_default();
        let status = fields.get("status").and_then(|node| self.status(&node));
        let schema = self.schema.clone();
        let kind_schema = schema.of(kind);
        // Only kinds whose schema lists `kinds:` have a `kind:` field.
        let category = if kind_schema.kinds.is_empty() && !schema.unread {
            None
        } else if schema.unread {
            fields
                .get("kind")
                .and_then(|node| node.text(&mut self.diagnostics))
        } else {
            fields
                .get("kind")
                .and_then(|node| self.category(&node, kind, &kind_schema.kinds))
        };
        let sectors = fields
            .get("sectors")
            .map(|node| self.sector_list(&node, known))
            .unwrap_or_default();
        let (address_before, address_after) = match fields
            .get("address")
            .and_then(|node| node.fields(&mut self.diagnostics))
        {
            Some(mut address) => {
                let before = address
                    .get("before_2025")
                    .map(|node| localized(&node, &languages, &mut self.diagnostics));
                let after = address
                    .get("after_2025")
                    .map(|node| localized(&node, &languages, &mut self.diagnostics));
                address.finish(&mut self.diagnostics);
                (before, after)
            }
            None => (None, None),
        };
        let former_province = fields
            .get("former_province")
            .and_then(|node| self.former_province(&node, known));
        let coordinates = fields
            .get("coordinates")
            .and_then(|node| self.coordinates(&node, known, true));
        let developer_key = if kind == Kind::Project {
            "investor"
        } else {
            "developer"
        };
        let developer = fields
            .get(developer_key)
            .map(|node| localized(&node, &languages, &mut self.diagnostics));
        let origin = if kind == Kind::Project {
            fields
                .get("origin")
                .map(|node| localized(&node, &languages, &mut self.diagnostics))
        } else {
            None
        };
        let contact = fields
            .get("contact")
            .and_then(|node| self.record_contact(&node, known));
        let facts = fields
            .get("facts")
            .map(|node| self.facts(&node, kind_schema, &format!("{}s", kind.word()), known))
            .unwrap_or_default();
        let mut zone = None;
        let mut projects = Vec::new();
        let mut tenants = Vec::new();
        if matches!(kind, Kind::Park | Kind::Cluster) {
            if let Some(node) = fields.get("zone") {
                if let Some(target) = node.text(&mut self.diagnostics) {
                    self.pending.push(Reference {
                        kind: Kind::Zone,
                        slug: target.clone(),
                        file: file.path.clone(),
                        position: node.value_position(),
                        from: slug.to_string(),
                    });
                    zone = Some(target);
                }
            }
        }
        if kind == Kind::Park {
            if let Some(node) = fields.get("projects") {
                for (item, target) in node.texts(&mut self.diagnostics) {
                    if projects.contains(&target) {
                        self.diagnostics.push(
                            item.error("E0302", format!("project `{target}` is listed twice"))
                                .with_help("remove one of them"),
                        );
                        continue;
                    }
                    self.pending.push(Reference {
                        kind: Kind::Project,
                        slug: target.clone(),
                        file: file.path.clone(),
                        position: item.value_position(),
                        from: slug.to_string(),
                    });
                    projects.push(target);
                }
            }
            if let Some(node) = fields.get("tenants") {
                for item in node.list(&mut self.diagnostics) {
                    if let Some(tenant) = self.tenant(&item, known) {
                        tenants.push(tenant);
                    }
                }
            }
        }
        fields.finish(&mut self.diagnostics);
        self.check_parts(kind_schema, &facts, file);
        let name = name?;
        let short_name = short_name.unwrap_or_else(|| name.clone());
        Some(Record {
            kind,
            slug: slug.to_string(),
            name,
            short_name,
            aliases,
            status,
            category,
            sectors,
            address_before,
            address_after,
            former_province,
            coordinates,
            developer,
            origin,
            contact,
            facts,
            zone,
            projects,
            tenants,
            prose: BTreeMap::new(),
            file: file.path.clone(),
        })
    }

    /// A status, one of the schema's `statuses`.
    fn status(&mut self, node: &Node<'_>) -> Option<String> {
        let value = node.text(&mut self.diagnostics)?;
        let schema = self.schema.clone();
        if schema.status(&value).is_some() || schema.unread {
            return Some(value);
        }
        let keys: Vec<&str> = schema
            .statuses
            .iter()
            .map(|s| s.term.key.as_str())
            .collect();
        let help = match closest(&value, keys.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "use {} (statuses are declared in schema.yaml)",
                keys.join(", ")
            ),
        };
        self.diagnostics.push(
            node.error("E0108", format!("unknown status `{value}`"))
                .with_help(help),
        );
        None
    }

    /// The `kind:` of a record, one of its kind's `kinds` in the schema.
    fn category(&mut self, node: &Node<'_>, kind: Kind, kinds: &[Term]) -> Option<String> {
        let value = node.text(&mut self.diagnostics)?;
        if kinds.iter().any(|term| term.key == value) {
            return Some(value);
        }
        let keys: Vec<&str> = kinds.iter().map(|term| term.key.as_str()).collect();
        let help = match closest(&value, keys.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "use {} (kinds of {} are declared in schema.yaml)",
                keys.join(", "),
                kind.word()
            ),
        };
        self.diagnostics.push(
            node.error("E0108", format!("unknown {} kind `{value}`", kind.word()))
                .with_help(help),
        );
        None
    }

    pub(super) fn sector_list(&mut self, node: &Node<'_>, known: &Known<'_>) -> Vec<String> {
        let mut sectors = Vec::new();
        for (item, slug) in node.texts(&mut self.diagnostics) {
            if known.sectors.contains(&slug) {
                if !sectors.contains(&slug) {
                    sectors.push(slug);
                }
            } else {
                let help = match closest(&slug, known.sectors.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => {
                        "add it to content/sectors.yaml with a label in each language".to_string()
                    }
                };
                self.diagnostics.push(
                    item.error("E0301", format!("unknown sector `{slug}`"))
                        .with_help(help),
                );
            }
        }
        sectors
    }

    /// `source: id` or `source: [id, id]`.
    pub(super) fn source_refs(&mut self, node: &Node<'_>, known: &Known<'_>) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for item in node.items() {
            if let Some(id) = self.source_ref(&item, known) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        ids
    }

    pub(super) fn source_ref(&mut self, node: &Node<'_>, known: &Known<'_>) -> Option<String> {
        let id = node.text(&mut self.diagnostics)?;
        if known.sources.contains(&id) {
            return Some(id);
        }
        let help = match closest(&id, known.sources.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "add the source to content/sources.yaml first".to_string(),
        };
        self.diagnostics.push(
            node.error("E0301", format!("unknown source `{id}`"))
                .with_help(help),
        );
        None
    }

    fn tenant(&mut self, node: &Node<'_>, known: &Known<'_>) -> Option<Tenant> {
        if let serde_yaml::Value::Mapping(map) = node.value {
            if map.contains_key("name") {
                let mut fields = node.fields(&mut self.diagnostics)?;
                let name = fields
                    .require("name", "Company name", &mut self.diagnostics)
                    .map(|n| localized(&n, &self.languages, &mut self.diagnostics));
                let source = fields
                    .get("source")
                    .and_then(|n| self.source_ref(&n, known));
                let as_of = fields
                    .get("as_of")
                    .and_then(|n| date(&n, &mut self.diagnostics));
                fields.finish(&mut self.diagnostics);
                return name.map(|name| Tenant {
                    name,
                    source,
                    as_of,
                });
            }
        }
        Some(Tenant {
            name: localized(node, &self.languages, &mut self.diagnostics),
            source: None,
            as_of: None,
        })
    }
}
