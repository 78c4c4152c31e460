//! Figures: the values under `facts:`, each a bare value or `{value, unit, source,
//! as_of, qualifier, scope, period, year}`, one or a list, kept newest first. What a
//! fact may hold comes from the schema: its key, the types of its values, its units,
//! whether it is a target (then each value needs the `year` it is for). Ranges (a
//! unit's maximum, nothing negative unless the fact allows it, a part no larger than
//! its whole) and sources are checked here.

use super::references::Known;
use super::{date, Checker};
use crate::content::load::TextFile;
use crate::content::model::*;
use crate::content::schema::{Fact, KindSchema, Schema, ValueType};
use crate::content::text::localized;
use crate::content::yaml::{self, Node};
use crate::diagnostics::{closest, Diagnostic};
use crate::i18n::decimals_of;

impl Checker {
    /// The figures under `facts:`, in the schema's order; `what` names the records
    /// (`parks`, `the province`) in messages.
    pub(super) fn facts(
        &mut self,
        node: &Node<'_>,
        schema: &KindSchema,
        what: &str,
        known: &Known<'_>,
    ) -> Vec<Figure> {
        if self.schema.unread {
            return Vec::new();
        }
        let Some(mut fields) = node.fields(&mut self.diagnostics) else {
            return Vec::new();
        };
        let mut facts: Vec<(usize, Figure)> = Vec::new();
        for (key, child) in fields.entries(&mut self.diagnostics) {
            let Some(position) = schema.position(&key) else {
                let keys = schema.facts.iter().map(|fact| fact.key.as_str());
                let help = match closest(&key, keys) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "the facts {what} may have are declared in schema.yaml; add `{key}` there (with its label, type and unit) to use it"
                    ),
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0104",
                        child.document.file,
                        child.position(),
                        format!("`{key}` is not a fact of {what}"),
                    )
                    .with_help(help),
                );
                continue;
            };
            if let Some(figure) = self.figure(&child, &schema.facts[position], known) {
                facts.push((position, figure));
            }
        }
        facts.sort_by_key(|(position, _)| *position);
        facts.into_iter().map(|(_, figure)| figure).collect()
    }

    fn figure(&mut self, node: &Node<'_>, fact: &Fact, known: &Known<'_>) -> Option<Figure> {
        let mut entries = Vec::new();
        for item in node.items() {
            if let Some(entry) = self.entry(&item, fact, known) {
                entries.push(entry);
            }
        }
        if entries.is_empty() {
            return None;
        }
        // Newest first; undated entries last; ties keep the order of the file.
        entries.sort_by_key(|entry| std::cmp::Reverse(entry.as_of));
        // Held until the end of the build, and most figures have one entry: a vector
        // grown by pushing keeps room for four (670 bytes each).
        entries.shrink_to_fit();
        Some(Figure {
            key: fact.key.clone(),
            entries,
        })
    }

    fn entry(&mut self, node: &Node<'_>, fact: &Fact, known: &Known<'_>) -> Option<Entry> {
        match node.value {
            serde_yaml::Value::Mapping(map) if map.contains_key("value") => {}
            serde_yaml::Value::Mapping(_) => {
                let mut fields = node.fields(&mut self.diagnostics)?;
                fields.require("value", "714", &mut self.diagnostics);
                return None;
            }
            serde_yaml::Value::Number(_) | serde_yaml::Value::String(_) => {
                let value = self.value(node, fact)?;
                self.diagnostics.push(
                    node.warning("W0201", format!("`{}` has no source", node.path_text()))
                        .with_help("write it as `{value: ..., unit: ..., source: <id>, as_of: YYYY-MM-DD}`"),
                );
                if fact.target {
                    self.diagnostics.push(
                        node.error("E0103", format!("`{}` is a target and needs the year it is for", node.path_text()))
                            .with_help("write it as `{value: ..., year: 2030, source: <id>, as_of: YYYY-MM-DD}`"),
                    );
                }
                let unit = self.unit(None, node, &value, fact);
                return Some(Entry {
                    value,
                    unit,
                    source: None,
                    as_of: None,
                    qualifier: None,
                    scope: None,
                    period: None,
                    target_year: None,
                    to: None,
                });
            }
            _ => {
                node.fields(&mut self.diagnostics);
                return None;
            }
        }
        let mut fields = node.fields(&mut self.diagnostics)?;
        let value_node = fields.get("value");
        let value = value_node.as_ref().and_then(|n| self.value(n, fact));
        let unit_node = fields.get("unit");
        let source = fields
            .get("source")
            .and_then(|n| self.source_ref(&n, known));
        let as_of = fields
            .get("as_of")
            .and_then(|n| date(&n, &mut self.diagnostics));
        let qualifier = fields.get("qualifier").and_then(|n| {
            let word = n.text(&mut self.diagnostics)?;
            let qualifier = Qualifier::from_word(&word);
            if qualifier.is_none() {
                self.diagnostics.push(
                    n.error("E0108", format!("unknown qualifier `{word}`"))
                        .with_help("use over, about, under or up_to"),
                );
            }
            qualifier
        });
        let scope = fields
            .get("scope")
            .map(|n| localized(&n, &self.languages, &mut self.diagnostics));
        let period = fields.get("period").and_then(|n| {
            let text = n.text(&mut self.diagnostics)?;
            if crate::content::period::Period::parse(&text).is_none() {
                self.diagnostics.push(
                    n.warning("W0204", format!("period `{text}` is not one halong reads"))
                        .with_help("write a year (`2023`), a half (`2023-H1`), a quarter (`2024-Q1`), a month (`2023-07`), months (`2023-01/2023-10`) or years (`2020-2025`); until then it is shown as written and never charted"),
                );
            }
            Some(text)
        });
        let target_year = self.target_year(fields.get("year"), node, fact);
        let to = fields
            .get("to")
            .and_then(|n| self.landmark_ref(&n, fact, known));
        fields.finish(&mut self.diagnostics);
        let value = value?;
        let unit = self.unit(unit_node.as_ref(), node, &value, fact);
        if fields_missing_source(&source, node) {
            self.diagnostics.push(
                node.warning("W0201", format!("`{}` has no source", node.path_text()))
                    .with_help("add `source: <id>` from content/sources.yaml"),
            );
        }
        if source.is_some() && as_of.is_none() {
            self.diagnostics.push(
                node.warning(
                    "W0202",
                    format!("`{}` has no `as_of` date", node.path_text()),
                )
                .with_help(
                    "add `as_of: YYYY-MM-DD` (or YYYY-MM, YYYY): the date the figure was true",
                ),
            );
        }
        self.check_bounds(
            value_node.as_ref().unwrap_or(node),
            &value,
            unit.as_deref(),
            fact,
        );
        Some(Entry {
            value,
            unit,
            source,
            as_of,
            qualifier,
            scope,
            period,
            target_year,
            to,
        })
    }

    /// `to: <landmark id>` of a distance: a landmark of the kind the fact measures to
    /// (with its flag, if the fact names one).
    fn landmark_ref(&mut self, node: &Node<'_>, fact: &Fact, known: &Known<'_>) -> Option<String> {
        let id = node.text(&mut self.diagnostics)?;
        let Some(distance) = &fact.distance_to else {
            self.diagnostics.push(
                node.error(
                    "E0104",
                    format!("`to` is only for distances, and `{}` is not one", fact.key),
                )
                .with_help("remove `to:`, or give the fact `distance_to:` in schema.yaml"),
            );
            return None;
        };
        let Some((kind, flags)) = known.landmarks.get(&id) else {
            let help = match closest(&id, known.landmarks.keys().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "add the landmark to content/landmarks.yaml first".to_string(),
            };
            self.diagnostics.push(
                node.error("E0301", format!("unknown landmark `{id}`"))
                    .with_help(help),
            );
            return None;
        };
        if *kind != distance.kind {
            self.diagnostics.push(
                node.error(
                    "E0108",
                    format!(
                        "`{id}` is a {kind}, and `{}` measures to a {}",
                        fact.key, distance.kind
                    ),
                )
                .with_help(format!(
                    "name a {} here, or move the value to the fact that measures to a {kind}",
                    distance.kind
                )),
            );
            return None;
        }
        if let Some(flag) = distance.only.as_ref().filter(|flag| !flags.contains(*flag)) {
            self.diagnostics.push(
                node.error("E0108", format!("`{id}` is not marked `{flag}`, and `{}` measures only to those", fact.key))
                    .with_help(format!("give the landmark `flags: [{flag}]` in content/landmarks.yaml if a source says so, or move the value to another fact")),
            );
            return None;
        }
        Some(id)
    }

    /// The value, if its type is one the fact takes.
    fn value(&mut self, node: &Node<'_>, fact: &Fact) -> Option<Value> {
        let found = match node.value {
            serde_yaml::Value::Number(number) => {
                let value = node.number(&mut self.diagnostics)?;
                if fact.takes(ValueType::Number) {
                    return Some(Value::Number {
                        value,
                        decimals: decimals_of(&number.to_string()),
                    });
                }
                if fact.takes(ValueType::Date) {
                    if let Some(date) = PartialDate::parse(&number.to_string()) {
                        return Some(Value::Date(date));
                    }
                }
                if fact.takes(ValueType::Text) {
                    return Some(Value::Text(Text::same(number.to_string())));
                }
                ValueType::Number
            }
            serde_yaml::Value::String(text) => {
                if fact.takes(ValueType::Date) {
                    if let Some(date) = PartialDate::parse(text) {
                        return Some(Value::Date(date));
                    }
                }
                if fact.takes(ValueType::Text) {
                    return Some(Value::Text(Text::same(text.trim())));
                }
                if fact.takes(ValueType::Date) && !fact.takes(ValueType::Number) {
                    date(node, &mut self.diagnostics);
                    return None;
                }
                ValueType::Text
            }
            serde_yaml::Value::Mapping(_) if fact.takes(ValueType::Text) => {
                return Some(Value::Text(localized(
                    node,
                    &self.languages,
                    &mut self.diagnostics,
                )));
            }
            serde_yaml::Value::Mapping(_) => ValueType::Text,
            serde_yaml::Value::Sequence(_) if fact.takes(ValueType::Range) => {
                return self.range(node);
            }
            serde_yaml::Value::Sequence(_) => ValueType::Range,
            _ => {
                node.number(&mut self.diagnostics);
                return None;
            }
        };
        let expected: Vec<&str> = fact.types.iter().map(|t| t.word()).collect();
        let found = match found {
            ValueType::Number => "a number",
            ValueType::Range => "a range",
            _ => "text",
        };
        let help = if fact.takes(ValueType::Number) && found == "text" {
            format!("write digits with a dot for decimals, e.g. 18842.56; if sources give `{}` in words, add `text` to its `type:` in schema.yaml", fact.key)
        } else {
            format!(
                "write a value of type {}, or change the `type:` of `{}` in schema.yaml",
                expected.join(" or "),
                fact.key
            )
        };
        self.diagnostics.push(
            node.error(
                "E0102",
                format!(
                    "`{}` should be {} (schema.yaml), found {found}",
                    node.path_text(),
                    expected.join(" or ")
                ),
            )
            .with_help(help),
        );
        None
    }

    /// `[low, high]`: two numbers, the first no larger than the second.
    fn range(&mut self, node: &Node<'_>) -> Option<Value> {
        let items = node.items();
        let numbers: Vec<(f64, usize)> = items
            .iter()
            .filter_map(|item| match item.value {
                serde_yaml::Value::Number(number) => number
                    .as_f64()
                    .map(|value| (value, decimals_of(&number.to_string()))),
                _ => None,
            })
            .collect();
        match numbers.as_slice() {
            [(low, low_decimals), (high, high_decimals)] if items.len() == 2 && low <= high => {
                Some(Value::Range {
                    low: *low,
                    high: *high,
                    decimals: (*low_decimals).max(*high_decimals),
                })
            }
            _ => {
                self.diagnostics.push(
                    node.error(
                        "E0102",
                        format!(
                            "`{}` should be a range of two numbers, low first",
                            node.path_text()
                        ),
                    )
                    .with_help("write `value: [12000, 15000]`"),
                );
                None
            }
        }
    }

    /// The entry's unit: the one written (it must be one the fact allows), or the
    /// fact's only unit when none is written.
    fn unit(
        &mut self,
        unit_node: Option<&Node<'_>>,
        entry: &Node<'_>,
        value: &Value,
        fact: &Fact,
    ) -> Option<String> {
        let numeric = matches!(value, Value::Number { .. } | Value::Range { .. });
        let Some(unit_node) = unit_node else {
            // A number without a unit is in the fact's first unit; when the fact has
            // others, say so, as the author may have meant one of them.
            return match fact.units.as_slice() {
                _ if !numeric => None,
                [] => None,
                [only] => Some(only.clone()),
                [first, ..] => {
                    self.diagnostics.push(
                        entry
                            .warning(
                                "W0203",
                                format!(
                                    "`{}` has no unit; it is read as `{first}`",
                                    entry.path_text()
                                ),
                            )
                            .with_help(format!(
                                "write `unit:` with one of {}",
                                fact.units.join(", ")
                            )),
                    );
                    Some(first.clone())
                }
            };
        };
        let unit = unit_node.text(&mut self.diagnostics)?;
        if !numeric {
            self.diagnostics.push(
                unit_node
                    .error(
                        "E0108",
                        format!("`unit: {unit}` on a value that is not a number"),
                    )
                    .with_help("remove `unit:`; a text or a date has no unit"),
            );
            return None;
        }
        if fact.units.contains(&unit) || fact.any_unit {
            return Some(unit);
        }
        let schema = self.schema.clone();
        let (message, help) = if schema.unit(&unit).is_some() {
            (
                format!("`{}` is not measured in `{unit}`", fact.key),
                match fact.units.as_slice() {
                    [] => format!("`{}` has no unit in schema.yaml: remove `unit:`", fact.key),
                    units => format!("use {}", units.join(", ")),
                },
            )
        } else {
            let known = all_units(&schema);
            (
                format!("unknown unit `{unit}`"),
                match closest(&unit, fact.units.iter().map(String::as_str))
                    .or_else(|| closest(&unit, known.iter().copied()))
                {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("units of `{}`: {}", fact.key, fact.units.join(", ")),
                },
            )
        };
        self.diagnostics
            .push(unit_node.error("E0108", message).with_help(help));
        None
    }

    /// `year:` of a target; refused on a fact that is not one.
    fn target_year(
        &mut self,
        node: Option<Node<'_>>,
        entry: &Node<'_>,
        fact: &Fact,
    ) -> Option<u16> {
        let Some(node) = node else {
            if fact.target {
                self.diagnostics.push(
                    entry
                        .error(
                            "E0103",
                            format!(
                                "`{}` is a target and needs the year it is for",
                                entry.path_text()
                            ),
                        )
                        .with_help("add `year: 2030`: the year by which the goal is to be reached"),
                );
            }
            return None;
        };
        if !fact.target {
            self.diagnostics.push(
                node.error("E0104", format!("`year` is only for targets, and `{}` is not one", fact.key))
                    .with_help("write `as_of:` for the date a figure was true and `period:` for the time a flow covers; or mark the fact `target: true` in schema.yaml"),
            );
            return None;
        }
        let year = node.number(&mut self.diagnostics)?;
        if year.fract() != 0.0 || !(1000.0..=9999.0).contains(&year) {
            self.diagnostics.push(
                node.error("E0110", format!("`{year}` is not a year"))
                    .with_help("write the year as four digits, e.g. `year: 2030`"),
            );
            return None;
        }
        Some(year as u16)
    }

    /// A unit's maximum, and no negative numbers unless the fact allows them.
    fn check_bounds(&mut self, node: &Node<'_>, value: &Value, unit: Option<&str>, fact: &Fact) {
        let numbers = match *value {
            Value::Number { value, .. } => vec![value],
            Value::Range { low, high, .. } => vec![low, high],
            _ => return,
        };
        let max = unit
            .and_then(|unit| self.schema.unit(unit))
            .and_then(|(_, unit)| unit.max);
        for number in numbers {
            if let (Some(max), Some(unit)) = (max, unit) {
                if number > max {
                    self.diagnostics.push(
                        node.error("E0501", format!("{number} {unit} is more than {max}, the most a figure in `{unit}` can be"))
                            .with_help("check the figure and its unit"),
                    );
                }
            }
            if number < 0.0 && !fact.negative {
                self.diagnostics.push(
                    node.error("E0501", format!("{number} is negative"))
                        .with_help(format!("areas, counts and amounts cannot be negative; if `{}` can be (a growth rate), write `negative: true` for it in schema.yaml", fact.key)),
                );
            }
        }
    }

    /// A part (`part_of:` in the schema) must not be larger than its whole; both are
    /// compared in the whole's unit, whatever unit each was written in.
    pub(super) fn check_parts(&mut self, schema: &KindSchema, facts: &[Figure], file: &TextFile) {
        let units = self.schema.clone();
        let newest = |key: &str, unit: &str| -> Option<f64> {
            let figure = facts.iter().find(|figure| figure.key == key)?;
            figure.entries.iter().find_map(|entry| {
                let Value::Number { value, .. } = entry.value else {
                    return None;
                };
                units.convert(value, entry.unit.as_deref()?, unit)
            })
        };
        for fact in &schema.facts {
            let Some(whole) = fact.part_of.as_deref() else {
                continue;
            };
            let Some(unit) = schema
                .fact(whole)
                .and_then(|whole| units.common_unit(whole))
            else {
                continue;
            };
            let (Some(part), Some(total)) = (newest(&fact.key, unit), newest(whole, unit)) else {
                continue;
            };
            if part > total {
                let path = [
                    yaml::Segment::Key("facts".into()),
                    yaml::Segment::Key(fact.key.as_str().into()),
                ];
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0502",
                        &file.path,
                        yaml::locate(&file.text, &path),
                        format!(
                            "`{}` ({part} {unit}) is larger than `{whole}` ({total} {unit})",
                            fact.key
                        ),
                    )
                    .with_help(
                        "a part cannot exceed the whole; check both figures and their units",
                    ),
                );
            }
        }
    }
}

fn fields_missing_source(source: &Option<String>, node: &Node<'_>) -> bool {
    source.is_none()
        && !matches!(node.value, serde_yaml::Value::Mapping(map) if map.contains_key("source"))
}

fn all_units(schema: &Schema) -> Vec<&str> {
    schema
        .families
        .iter()
        .flat_map(|family| family.units.iter().map(|unit| unit.key.as_str()))
        .collect()
}
