//! A fact's definition in the schema: its label, value types, unit families and
//! allowed units, group, whether it is a target, where it is used, what it is a part
//! of; each mistake reported where it is written.

use super::read::{read_label, Reader};
use super::{Bound, DistanceTo, Fact, Schema, Uses, ValueType};
use crate::content::model::Kind;
use crate::content::yaml::Node;
use crate::diagnostics::{closest, Diagnostic};

impl Reader<'_> {
    pub(super) fn facts(
        &mut self,
        node: &Node<'_>,
        kind: Option<Kind>,
        schema: &Schema,
    ) -> Vec<Fact> {
        let Some(mut fields) = node.fields(self.diagnostics) else {
            return Vec::new();
        };
        let entries = fields.entries(self.diagnostics);
        let keys: Vec<String> = entries.iter().map(|(key, _)| key.clone()).collect();
        let mut facts: Vec<Fact> = Vec::new();
        for (key, child) in &entries {
            if !crate::i18n::is_slug(&key.replace('_', "-")) {
                self.diagnostics.push(
                    child
                        .error("E0107", format!("fact key `{key}` is not a valid key"))
                        .with_help(
                            "use lower-case ASCII letters, digits and `_`, e.g. `land_price`",
                        ),
                );
                continue;
            }
            if let Some(fact) = self.fact(key, child, kind, schema, &keys) {
                facts.push(fact);
            }
        }
        self.shared_labels(&facts, &entries);
        facts
    }

    /// Two facts of one kind under the same label in a language: the key-facts panel
    /// would show two identical terms (the HTML checker warns of duplicate `dt`
    /// names), and compare and open data two identical heads. Reported at the later
    /// label, once per language.
    fn shared_labels(&mut self, facts: &[Fact], entries: &[(String, Node<'_>)]) {
        for (index, fact) in facts.iter().enumerate() {
            for language in self.languages {
                let Some(label) = fact.label.get(language) else {
                    continue;
                };
                let Some(first) = facts[..index]
                    .iter()
                    .find(|earlier| earlier.label.get(language) == Some(label))
                else {
                    continue;
                };
                let Some(node) = entries
                    .iter()
                    .find(|(key, _)| *key == fact.key)
                    .and_then(|(_, node)| label_node(node, language))
                else {
                    continue;
                };
                self.diagnostics.push(
                    node.warning(
                        "W0702",
                        format!(
                            "`{}` has the same `{language}` label as `{}`: \"{label}\"",
                            fact.key, first.key
                        ),
                    )
                    .with_help(
                        "give each fact of a kind its own label in every language, saying \
                         what differs (\"Population\" and \"Population target\"): pages and \
                         open data show the labels side by side",
                    ),
                );
            }
        }
    }

    fn fact(
        &mut self,
        key: &str,
        node: &Node<'_>,
        kind: Option<Kind>,
        schema: &Schema,
        keys: &[String],
    ) -> Option<Fact> {
        let mut fields = node.fields(self.diagnostics)?;
        let label = fields
            .require("label", "{vi: ..., en: ...}", self.diagnostics)
            .map(|node| read_label(&node, self.languages, self.diagnostics))
            .unwrap_or_default();
        let short_label = fields
            .get("short_label")
            .map(|node| read_label(&node, self.languages, self.diagnostics));
        let types = match fields.get("type") {
            Some(node) => self.types(&node),
            None => vec![ValueType::Number],
        };
        let unit_node = fields.get("unit");
        let before = self.diagnostics.len();
        let families = unit_node
            .as_ref()
            .map(|node| self.family_list(node, schema))
            .unwrap_or_default();
        let any_unit = self.diagnostics[before..].iter().any(Diagnostic::is_error);
        let all_units: Vec<String> = families
            .iter()
            .flat_map(|&index| {
                schema.families[index]
                    .units
                    .iter()
                    .map(|unit| unit.key.clone())
            })
            .collect();
        let units = match fields.get("units") {
            Some(node) => self.units_of(&node, &all_units, unit_node.is_some()),
            None => all_units,
        };
        let numeric = types
            .iter()
            .any(|t| matches!(t, ValueType::Number | ValueType::Range));
        if let (Some(unit_node), false) = (&unit_node, numeric) {
            self.diagnostics.push(
                unit_node
                    .error(
                        "E0705",
                        format!("`{key}` takes no numbers, so it has no unit"),
                    )
                    .with_help("remove `unit:`, or add `number` to `type:`"),
            );
        }
        let group = fields.get("group").and_then(|node| {
            let group = node.text(self.diagnostics)?;
            if schema.group(&group).is_none() {
                let help = match closest(&group, schema.groups.iter().map(|g| g.key.as_str())) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "declare it under `groups:` with a label per language".to_string(),
                };
                self.diagnostics.push(
                    node.error("E0704", format!("unknown group `{group}`"))
                        .with_help(help),
                );
            }
            Some(group)
        });
        let target = fields
            .get("target")
            .is_some_and(|node| node.boolean(self.diagnostics));
        let use_node = fields.get("use");
        let mut uses = match &use_node {
            Some(node) => self.uses(node),
            None => Uses {
                key_facts: true,
                open_data: true,
                ..Uses::default()
            },
        };
        // `filter: at_most` says which way; it makes the fact a filter by itself.
        let filter_node = fields.get("filter");
        let bound = filter_node
            .as_ref()
            .and_then(|node| self.bound(node))
            .unwrap_or_default();
        uses.filter |= filter_node.is_some();
        if let Some(node) = use_node.as_ref().or(filter_node.as_ref()) {
            self.check_uses(key, node, &uses, target, &types);
        }
        let list_page = match kind {
            None => fields
                .get("list_page")
                .and_then(|node| self.kind_word(&node)),
            Some(_) => None,
        };
        let part_of = fields.get("part_of").and_then(|node| {
            let whole = node.text(self.diagnostics)?;
            if whole == key || !keys.contains(&whole) {
                let others = keys
                    .iter()
                    .map(String::as_str)
                    .filter(|other| *other != key);
                let help = match closest(&whole, others) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "name another fact of the same kind".to_string(),
                };
                self.diagnostics.push(
                    node.error(
                        "E0704",
                        format!("`{whole}` is not another fact of this kind"),
                    )
                    .with_help(help),
                );
                return None;
            }
            Some(whole)
        });
        let distance_to = fields
            .get("distance_to")
            .and_then(|node| self.distance_to(&node, key, &units, &types, schema));
        let goes_stale = fields
            .get("goes_stale")
            .is_none_or(|node| node.boolean(self.diagnostics));
        let negative = fields
            .get("negative")
            .is_some_and(|node| node.boolean(self.diagnostics));
        fields.finish(self.diagnostics);
        Some(Fact {
            key: key.to_string(),
            label,
            short_label,
            types,
            families,
            units,
            group,
            target,
            uses,
            list_page,
            part_of,
            goes_stale,
            negative,
            any_unit,
            bound,
            distance_to,
        })
    }

    /// `distance_to: seaport`, or `{landmark: seaport, only: deep_water, near: 30}`:
    /// the kind of landmark a distance measures to. The fact must take numbers in a
    /// unit the schema gives in kilometres, which computed distances are written in.
    fn distance_to(
        &mut self,
        node: &Node<'_>,
        key: &str,
        units: &[String],
        types: &[ValueType],
        schema: &Schema,
    ) -> Option<DistanceTo> {
        let (kind_node, only_node, near) = match node.value {
            serde_yaml::Value::Mapping(_) => {
                let mut fields = node.fields(self.diagnostics)?;
                let kind = fields.require("landmark", "seaport", self.diagnostics);
                let only = fields.get("only");
                let near = fields.get("near").and_then(|node| {
                    let value = node.number(self.diagnostics)?;
                    if value > 0.0 {
                        return Some(value);
                    }
                    self.diagnostics.push(
                        node.error("E0501", format!("near: {value} is not above 0"))
                            .with_help(
                                "write within how far a place counts as near one, e.g. `near: 30`",
                            ),
                    );
                    None
                });
                fields.finish(self.diagnostics);
                (kind?, only, near)
            }
            _ => (node.clone(), None, None),
        };
        let kind = kind_node.text(self.diagnostics)?;
        let Some(landmark) = schema.landmark_kind(&kind) else {
            let keys = schema.landmarks.iter().map(|kind| kind.term.key.as_str());
            let help = match closest(&kind, keys) {
                Some(near) => format!("did you mean `{near}`?"),
                None => {
                    "declare the kind of landmark under `landmarks:`, with a label per language"
                        .to_string()
                }
            };
            self.diagnostics.push(
                kind_node
                    .error("E0704", format!("unknown landmark kind `{kind}`"))
                    .with_help(help),
            );
            return None;
        };
        let only = match only_node {
            Some(node) => {
                let flag = node.text(self.diagnostics)?;
                if landmark.flag(&flag).is_none() {
                    let help = match closest(&flag, landmark.flags.iter().map(|f| f.key.as_str())) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("declare it under `landmarks: {kind}: flags:`"),
                    };
                    self.diagnostics.push(
                        node.error("E0704", format!("`{kind}` has no flag `{flag}`"))
                            .with_help(help),
                    );
                    return None;
                }
                Some(flag)
            }
            None => None,
        };
        let unit = units.iter().find_map(|unit| {
            let (_, found) = schema.unit(unit)?;
            Some((unit.clone(), found.kilometres?))
        });
        let Some(unit) = unit.filter(|_| types.contains(&ValueType::Number)) else {
            self.diagnostics.push(
                node.error(
                    "E0705",
                    format!("the distance `{key}` needs a number in a unit of length"),
                )
                .with_help("give it `type: [number, text]` and a unit family with a unit in kilometres, e.g. `km: {label: \"{} km\", kilometres: 1}`"),
            );
            return None;
        };
        Some(DistanceTo {
            kind,
            only,
            near,
            unit,
        })
    }

    /// `filter: at_least` or `filter: at_most`.
    fn bound(&mut self, node: &Node<'_>) -> Option<Bound> {
        let word = node.text(self.diagnostics)?;
        let found = Bound::WORDS
            .iter()
            .find(|(known, _)| *known == word)
            .map(|(_, bound)| *bound);
        if found.is_none() {
            let words = Bound::WORDS.map(|(word, _)| word);
            let help = match closest(&word, words) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("a filter keeps values {}", words.join(" or ")),
            };
            self.diagnostics.push(
                node.error("E0701", format!("unknown filter `{word}`"))
                    .with_help(help),
            );
        }
        found
    }

    /// `type: number` or `type: [number, text]`.
    fn types(&mut self, node: &Node<'_>) -> Vec<ValueType> {
        let words = ValueType::ALL.map(|(_, word)| word);
        let mut types = Vec::new();
        for item in node.items() {
            let Some(word) = item.text(self.diagnostics) else {
                continue;
            };
            match ValueType::ALL.iter().find(|(_, known)| *known == word) {
                Some((value_type, _)) if !types.contains(value_type) => types.push(*value_type),
                Some(_) => {}
                None => {
                    let help = match closest(&word, words) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("value types are {}", words.join(", ")),
                    };
                    self.diagnostics.push(
                        item.error("E0701", format!("unknown value type `{word}`"))
                            .with_help(help),
                    );
                }
            }
        }
        if types.is_empty() {
            // Nothing usable was written: accept any value rather than report every
            // record that has this fact.
            types = ValueType::ALL.map(|(value_type, _)| value_type).to_vec();
        }
        types
    }

    /// `unit: area` or `unit: [usd, vnd]`: indexes of families.
    fn family_list(&mut self, node: &Node<'_>, schema: &Schema) -> Vec<usize> {
        let mut families = Vec::new();
        for item in node.items() {
            let Some(name) = item.text(self.diagnostics) else {
                continue;
            };
            match schema
                .families
                .iter()
                .position(|family| family.name == name)
            {
                Some(index) if !families.contains(&index) => families.push(index),
                Some(_) => {}
                None => {
                    let names = schema.families.iter().map(|family| family.name.as_str());
                    let help = match closest(&name, names) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None if schema.unit(&name).is_some() => format!(
                            "`{name}` is a unit; write its family here (`{}`), and `units: [{name}]` to allow only it",
                            schema.unit(&name).map_or("", |(family, _)| family.name.as_str())
                        ),
                        None => "declare the family under `units:`, with its units".to_string(),
                    };
                    self.diagnostics.push(
                        item.error("E0702", format!("unit family `{name}` does not exist"))
                            .with_help(help),
                    );
                }
            }
        }
        families
    }

    /// `units: [ha]`: the units allowed, among those of the fact's families.
    fn units_of(&mut self, node: &Node<'_>, allowed: &[String], has_family: bool) -> Vec<String> {
        let mut units = Vec::new();
        for (item, unit) in node.texts(self.diagnostics) {
            if allowed.contains(&unit) {
                units.push(unit);
                continue;
            }
            let help = if !has_family {
                "name the unit family first: `unit: <family>`".to_string()
            } else {
                match closest(&unit, allowed.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("units of this fact's families: {}", allowed.join(", ")),
                }
            };
            self.diagnostics.push(
                item.error(
                    "E0702",
                    format!("`{unit}` is not a unit of this fact's families"),
                )
                .with_help(help),
            );
        }
        if units.is_empty() {
            allowed.to_vec()
        } else {
            units
        }
    }

    fn uses(&mut self, node: &Node<'_>) -> Uses {
        let mut uses = Uses::default();
        for (item, word) in node.texts(self.diagnostics) {
            match uses.flag(&word) {
                Some(flag) => *flag = true,
                None => {
                    let help = match closest(&word, Uses::WORDS) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("a fact may be used in {}", Uses::WORDS.join(", ")),
                    };
                    self.diagnostics.push(
                        item.error("E0701", format!("unknown use `{word}`"))
                            .with_help(help),
                    );
                }
            }
        }
        uses
    }

    /// What a fact's uses must agree with: a target is never charted or compared with
    /// actuals; a compare filter needs a number in the compare table.
    fn check_uses(
        &mut self,
        key: &str,
        node: &Node<'_>,
        uses: &Uses,
        target: bool,
        types: &[ValueType],
    ) {
        let mut problem = |message: String, help: &str| {
            self.diagnostics
                .push(node.error("E0705", message).with_help(help.to_string()));
        };
        if target && (uses.charts || uses.compare || uses.list || uses.filter) {
            problem(
                format!(
                    "`{key}` is a target: it is never charted, compared or listed as an actual"
                ),
                "use it in key_facts and open_data only",
            );
        }
        if uses.filter && !(uses.compare && types.contains(&ValueType::Number)) {
            problem(
                format!("the compare filter on `{key}` needs a number shown in the compare table"),
                "add `compare` to `use:` (and `number` to `type:`)",
            );
        }
    }
}

/// Where a fact's label in `language` is written: the language's line of a label per
/// language, or the label itself when it is one text for all.
fn label_node<'a>(fact: &Node<'a>, language: &str) -> Option<Node<'a>> {
    let mut ignored = Vec::new();
    let label = fact.fields(&mut ignored)?.get("label")?;
    if !matches!(label.value, serde_yaml::Value::Mapping(_)) {
        return Some(label);
    }
    let mut fields = label.fields(&mut ignored)?;
    fields
        .entries(&mut ignored)
        .into_iter()
        .find(|(key, _)| key == language)
        .map(|(_, node)| node)
}
