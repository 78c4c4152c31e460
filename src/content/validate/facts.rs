//! Figures: the values under `facts:`, each a bare value or `{value, unit, source,
//! as_of, qualifier, scope, period}`, one or a list, kept newest first. Units, ranges
//! (a share within 0-100, nothing negative, a part no larger than its whole) and
//! sources are checked here.

use super::references::Known;
use super::{date, Checker};
use crate::content::load::TextFile;
use crate::content::model::*;
use crate::content::text::localized;
use crate::content::yaml::{self, Node};
use crate::diagnostics::{closest, Diagnostic};
use crate::i18n::{decimals_of, UNITS};

/// Fact keys each kind of record may have, in the order pages show them.
pub fn fact_keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Zone => &[
            "total_area",
            "land_area",
            "water_area",
            "population",
            "established",
            "master_plan",
            "fdi_projects",
            "fdi_capital",
            "investment_need",
        ],
        Kind::Park | Kind::Cluster => &[
            "total_area",
            "industrial_area",
            "available_area",
            "occupancy",
            "land_price",
            "lease_term",
            "factory_rent",
            "management_fee",
            "power",
            "water",
            "wastewater",
            "distance_seaport",
            "distance_airport",
            "distance_highway",
            "distance_border_gate",
            "distance_hanoi",
            "infrastructure_investment",
            "secondary_projects",
            "registered_capital",
            "workers",
            "worker_housing",
            "established",
            "operating_term",
        ],
        Kind::Project => &[
            "investment",
            "area",
            "capacity",
            "workers",
            "started",
            "operation",
        ],
    }
}

/// Province fact keys, in the order the home page shows them.
pub const PROVINCE_FACTS: &[&str] = &[
    "planned_ez_count",
    "planned_ez_area",
    "planned_ip_count",
    "planned_ip_area",
    "planned_cluster_count",
    "operating_ip_count",
    "operating_ip_area",
    "secondary_projects",
    "registered_capital_usd",
    "registered_capital_vnd",
    "average_occupancy",
    "fdi",
    "manufacturing_investment",
    "manufacturing_fdi",
    "manufacturing_growth",
    "manufacturing_grdp_share",
    "manufacturing_grdp_target",
    "industrial_land_cleared",
    "operating_cluster_count",
    "grdp_per_capita_target",
    "pci_rank",
];

impl Checker {
    pub(super) fn facts(
        &mut self,
        node: &Node<'_>,
        allowed: &[&'static str],
        known: &Known<'_>,
    ) -> Vec<Figure> {
        let Some(mut fields) = node.fields(&mut self.diagnostics) else {
            return Vec::new();
        };
        let mut facts = Vec::new();
        for key in allowed {
            if let Some(child) = fields.get(key) {
                if let Some(figure) = self.figure(&child, key, known) {
                    facts.push(figure);
                }
            }
        }
        fields.finish(&mut self.diagnostics);
        facts
    }

    fn figure(&mut self, node: &Node<'_>, key: &str, known: &Known<'_>) -> Option<Figure> {
        let mut entries = Vec::new();
        for item in node.items() {
            if let Some(entry) = self.entry(&item, known) {
                entries.push(entry);
            }
        }
        if entries.is_empty() {
            return None;
        }
        // Newest first; undated entries last; ties keep the order of the file.
        entries.sort_by_key(|entry| std::cmp::Reverse(entry.as_of));
        Some(Figure {
            key: key.to_string(),
            entries,
        })
    }

    fn entry(&mut self, node: &Node<'_>, known: &Known<'_>) -> Option<Entry> {
        let bare = |value: Value| Entry {
            value,
            unit: None,
            source: None,
            as_of: None,
            qualifier: None,
            scope: None,
            period: None,
        };
        match node.value {
            serde_yaml::Value::Mapping(map) if map.contains_key("value") => {}
            serde_yaml::Value::Mapping(_) => {
                let mut fields = node.fields(&mut self.diagnostics)?;
                fields.require("value", "714", &mut self.diagnostics);
                return None;
            }
            serde_yaml::Value::Number(_) | serde_yaml::Value::String(_) => {
                let value = self.value(node)?;
                self.diagnostics.push(
                    node.warning("W0201", format!("`{}` has no source", node.path_text()))
                        .with_help("write it as `{value: ..., unit: ..., source: <id>, as_of: YYYY-MM-DD}`"),
                );
                return Some(bare(value));
            }
            _ => {
                node.fields(&mut self.diagnostics);
                return None;
            }
        }
        let mut fields = node.fields(&mut self.diagnostics)?;
        let value_node = fields.get("value");
        let value = value_node.as_ref().and_then(|n| self.value(n));
        let unit = fields.get("unit").and_then(|n| {
            let unit = n.text(&mut self.diagnostics)?;
            if UNITS.contains(&unit.as_str()) {
                Some(unit)
            } else {
                let help = match closest(&unit, UNITS.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("known units: {}", UNITS.join(", ")),
                };
                self.diagnostics.push(
                    n.error("E0108", format!("unknown unit `{unit}`"))
                        .with_help(help),
                );
                None
            }
        });
        let source = fields
            .get("source")
            .and_then(|n| self.source_ref(&n, known));
        let as_of = fields
            .get("as_of")
            .and_then(|n| date(&n, &mut self.diagnostics));
        let qualifier = fields.get("qualifier").and_then(|n| {
            let word = n.text(&mut self.diagnostics)?;
            let qualifier = match word.as_str() {
                "over" => Qualifier::Over,
                "about" => Qualifier::About,
                "under" => Qualifier::Under,
                "up_to" => Qualifier::UpTo,
                _ => {
                    self.diagnostics.push(
                        n.error("E0108", format!("unknown qualifier `{word}`"))
                            .with_help("use over, about, under or up_to"),
                    );
                    return None;
                }
            };
            Some(qualifier)
        });
        let scope = fields
            .get("scope")
            .map(|n| localized(&n, &self.languages, &mut self.diagnostics));
        let period = fields
            .get("period")
            .and_then(|n| n.text(&mut self.diagnostics));
        fields.finish(&mut self.diagnostics);
        let value = value?;
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
        if let (Value::Number { value, .. }, Some("percent")) = (&value, unit.as_deref()) {
            if !(0.0..=100.0).contains(value) {
                self.diagnostics.push(
                    value_node
                        .as_ref()
                        .unwrap_or(node)
                        .error("E0501", format!("{value} % is outside 0 to 100"))
                        .with_help("a share is between 0 and 100; check the figure"),
                );
            }
        }
        if let Value::Number { value, .. } = &value {
            if *value < 0.0 {
                self.diagnostics.push(
                    value_node
                        .as_ref()
                        .unwrap_or(node)
                        .error("E0501", format!("{value} is negative"))
                        .with_help("areas, counts and amounts cannot be negative"),
                );
            }
        }
        Some(Entry {
            value,
            unit,
            source,
            as_of,
            qualifier,
            scope,
            period,
        })
    }

    fn value(&mut self, node: &Node<'_>) -> Option<Value> {
        match node.value {
            serde_yaml::Value::Number(number) => {
                let value = number.as_f64()?;
                Some(Value::Number {
                    value,
                    decimals: decimals_of(&number.to_string()),
                })
            }
            serde_yaml::Value::String(text) => Some(Value::Text(Text::same(text.trim()))),
            serde_yaml::Value::Mapping(_) => Some(Value::Text(localized(
                node,
                &self.languages,
                &mut self.diagnostics,
            ))),
            _ => {
                node.number(&mut self.diagnostics);
                None
            }
        }
    }

    pub(super) fn check_ranges(&mut self, kind: Kind, facts: &[Figure], file: &TextFile) {
        if !matches!(kind, Kind::Park | Kind::Cluster) {
            return;
        }
        // Compared in hectares, whatever unit each figure was written in.
        let number = |key: &str| newest_in(facts.iter().find(|figure| figure.key == key), "ha");
        let Some(total) = number("total_area") else {
            return;
        };
        for part in ["industrial_area", "available_area"] {
            if let Some(value) = number(part) {
                if value > total {
                    let path = [
                        yaml::Segment::Key("facts".into()),
                        yaml::Segment::Key(part.into()),
                    ];
                    self.diagnostics.push(
                        Diagnostic::error("E0502", &file.path, yaml::locate(&file.text, &path), format!("`{part}` ({value} ha) is larger than `total_area` ({total} ha)"))
                            .with_help("a part of the park cannot exceed the whole; check both figures and their units"),
                    );
                }
            }
        }
    }
}

fn fields_missing_source(source: &Option<String>, node: &Node<'_>) -> bool {
    source.is_none()
        && !matches!(node.value, serde_yaml::Value::Mapping(map) if map.contains_key("source"))
}

/// The newest numeric value of a figure in hectares (or square kilometres, converted),
/// to compare a part of a park with its whole.
fn newest_in(figure: Option<&Figure>, unit: &str) -> Option<f64> {
    figure?.entries.iter().find_map(|entry| {
        let Value::Number { value, .. } = entry.value else {
            return None;
        };
        let factor = match (entry.unit.as_deref()?, unit) {
            (a, b) if a == b => 1.0,
            ("km2", "ha") => 100.0,
            _ => return None,
        };
        Some(value * factor)
    })
}
