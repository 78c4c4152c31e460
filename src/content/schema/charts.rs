//! Which charts a portal draws, and from which facts: the `charts:` section of the
//! schema. A chart names its facts, so a portal with other keys says which of its
//! figures feed which chart; a portal that writes no `charts:` gets, on the home
//! page, a ranking of every record kind's charted facts, a chart by period of every
//! charted province fact and the map, and on each record page the history of its
//! charted facts.

use super::read::read_label;
use super::{Fact, Schema, ValueType};
use crate::content::model::Kind;
use crate::content::text::Text;
use crate::content::yaml::{Fields, Node};
use crate::diagnostics::{closest, Diagnostic};

/// Every page's charts, resolved (a page the schema says nothing about has the
/// defaults).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Charts {
    /// The home page's.
    pub home: Vec<ChartSpec>,
    /// Each kind's record pages', in [`Kind::ALL`] order.
    pub records: [Vec<ChartSpec>; 4],
}

impl Charts {
    /// The charts of a record page of `kind`.
    pub fn of(&self, kind: Kind) -> &[ChartSpec] {
        &self.records[super::kind_index(kind)]
    }
}

/// One chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    /// Its id on the page (an anchor people may link to).
    pub id: String,
    /// Caption; the default names the fact.
    pub title: Option<Text>,
    /// One sentence on what it shows.
    pub description: Option<Text>,
    /// Title of the value axis; the default is the fact's label and unit.
    pub axis: Option<Text>,
    /// What it draws.
    pub drawing: Drawing,
}

/// What a chart draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Drawing {
    /// Home: records of a kind, one bar each, largest first.
    Ranking {
        /// Which records.
        kind: Kind,
        /// Which fact.
        fact: String,
        /// The unit the bars are in.
        unit: String,
        /// Only records whose status is active.
        active_only: bool,
        /// A fixed end of the axis (100 for a share).
        max: Option<f64>,
        /// Name the records without a value in the description.
        name_missing: bool,
    },
    /// Home: province facts side by side, one bar each.
    Facts {
        /// Which facts.
        facts: Vec<String>,
        /// A label per bar; the default is the fact's label.
        bars: Vec<Option<Text>>,
        /// The unit the bars are in.
        unit: String,
    },
    /// Home: a province fact by period (one column per `period:`).
    Periods {
        /// Which fact.
        fact: String,
        /// The unit the columns are in.
        unit: String,
    },
    /// Home: the map of the province with its records.
    Map,
    /// A zone's page: the records of a kind that lie in it, one bar each.
    Members {
        /// Which records.
        kind: Kind,
        /// Which fact.
        fact: String,
        /// The unit the bars are in.
        unit: String,
    },
    /// A record's page: a whole split into a part (itself split into available and
    /// taken, when known) and the rest.
    Breakdown {
        /// The whole (`total_area`).
        whole: String,
        /// The part (`industrial_area`).
        part: String,
        /// The part of the part still free (`available_area`).
        available: Option<String>,
        /// The unit of all three.
        unit: String,
        /// Labels of the segments: part, taken, available, other.
        labels: [Option<Text>; 4],
    },
    /// A record's page: each fact that sources give for several dates, over time.
    History {
        /// Which facts, in order.
        facts: Vec<String>,
    },
}

/// The chart types, with the word the schema uses and whether they belong on the
/// home page (the others are for record pages).
const TYPES: [(&str, bool); 7] = [
    ("ranking", true),
    ("facts", true),
    ("periods", true),
    ("map", true),
    ("members", false),
    ("breakdown", false),
    ("history", false),
];

/// Reads `charts:` (or makes the defaults when there is none).
pub(super) fn read_charts(
    node: Option<&Node<'_>>,
    schema: &Schema,
    languages: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Charts {
    let mut charts = Charts {
        home: default_home(schema),
        records: Kind::ALL.map(|kind| default_record(schema, kind)),
    };
    let Some(node) = node else {
        return charts;
    };
    let Some(mut fields) = node.fields(diagnostics) else {
        return charts;
    };
    let mut reader = ChartReader {
        schema,
        languages,
        diagnostics,
    };
    if let Some(node) = fields.get("home") {
        charts.home = reader.list(&node, None);
    }
    for kind in Kind::ALL {
        if let Some(node) = fields.get(kind.word()) {
            charts.records[super::kind_index(kind)] = reader.list(&node, Some(kind));
        }
    }
    fields.finish(reader.diagnostics);
    charts
}

/// A ranking of every charted number fact of every kind, each charted province fact
/// by period, and the map.
fn default_home(schema: &Schema) -> Vec<ChartSpec> {
    let mut specs = Vec::new();
    for kind in Kind::ALL {
        for fact in charted(&schema.of(kind).facts) {
            let Some(unit) = schema.common_unit(fact) else {
                continue;
            };
            specs.push(spec(
                format!("chart-{}-{}", kind.folder(), fact.key),
                Drawing::Ranking {
                    kind,
                    fact: fact.key.clone(),
                    unit: unit.to_string(),
                    active_only: false,
                    max: schema.unit(unit).and_then(|(_, unit)| unit.max),
                    name_missing: false,
                },
            ));
        }
    }
    for fact in charted(&schema.province.facts) {
        if let Some(unit) = schema.common_unit(fact) {
            specs.push(spec(
                format!("chart-{}", fact.key),
                Drawing::Periods {
                    fact: fact.key.clone(),
                    unit: unit.to_string(),
                },
            ));
        }
    }
    specs.push(spec("chart-map".into(), Drawing::Map));
    specs
}

/// The history of each charted fact.
fn default_record(schema: &Schema, kind: Kind) -> Vec<ChartSpec> {
    let facts: Vec<String> = charted(&schema.of(kind).facts)
        .map(|fact| fact.key.clone())
        .collect();
    if facts.is_empty() {
        return Vec::new();
    }
    vec![spec("chart-history".into(), Drawing::History { facts })]
}

fn charted(facts: &[Fact]) -> impl Iterator<Item = &Fact> {
    facts
        .iter()
        .filter(|fact| fact.uses.charts && fact.takes(ValueType::Number))
}

fn spec(id: String, drawing: Drawing) -> ChartSpec {
    ChartSpec {
        id,
        title: None,
        description: None,
        axis: None,
        drawing,
    }
}

struct ChartReader<'r> {
    schema: &'r Schema,
    languages: &'r [String],
    diagnostics: &'r mut Vec<Diagnostic>,
}

impl ChartReader<'_> {
    /// The charts of one page: the home page (`on` is `None`) or a kind's records.
    fn list(&mut self, node: &Node<'_>, on: Option<Kind>) -> Vec<ChartSpec> {
        let mut specs: Vec<ChartSpec> = Vec::new();
        for item in node.list(self.diagnostics) {
            let Some(spec) = self.chart(&item, on) else {
                continue;
            };
            if specs.iter().any(|known| known.id == spec.id) {
                self.diagnostics.push(
                    item.error(
                        "E0703",
                        format!("two charts on one page have the id `{}`", spec.id),
                    )
                    .with_help("give one of them another `id:`"),
                );
                continue;
            }
            specs.push(spec);
        }
        specs
    }

    fn chart(&mut self, node: &Node<'_>, on: Option<Kind>) -> Option<ChartSpec> {
        let mut fields = node.fields(self.diagnostics)?;
        let type_node = fields.require("type", "ranking", self.diagnostics)?;
        let word = type_node.text(self.diagnostics)?;
        let Some(&(_, for_home)) = TYPES.iter().find(|(known, _)| *known == word) else {
            let help = match closest(&word, TYPES.map(|(word, _)| word)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("chart types: {}", TYPES.map(|(word, _)| word).join(", ")),
            };
            self.diagnostics.push(
                type_node
                    .error("E0701", format!("unknown chart type `{word}`"))
                    .with_help(help),
            );
            fields.finish(self.diagnostics);
            return None;
        };
        if for_home != on.is_none() {
            let (here, there) = if for_home {
                ("record pages", "`home:`")
            } else {
                ("the home page", "a kind of record (`zone:`, `park:`...)")
            };
            self.diagnostics.push(
                type_node
                    .error("E0705", format!("a `{word}` chart does not go on {here}"))
                    .with_help(format!("move it under {there}")),
            );
        }
        let text = |fields: &mut Fields<'_>, key: &'static str, reader: &mut Self| {
            fields
                .get(key)
                .map(|node| read_label(&node, reader.languages, reader.diagnostics))
        };
        let title = text(&mut fields, "title", self);
        let description = text(&mut fields, "description", self);
        let axis = text(&mut fields, "axis", self);
        let id = fields
            .get("id")
            .and_then(|node| node.text(self.diagnostics));
        let drawing = self.drawing(&word, &mut fields, on);
        fields.finish(self.diagnostics);
        let drawing = drawing?;
        let id = id.unwrap_or_else(|| default_id(&drawing));
        Some(ChartSpec {
            id,
            title,
            description,
            axis,
            drawing,
        })
    }

    fn drawing(
        &mut self,
        word: &str,
        fields: &mut Fields<'_>,
        on: Option<Kind>,
    ) -> Option<Drawing> {
        let schema = self.schema;
        let province = &schema.province.facts;
        match word {
            "ranking" => {
                let kind = self.kind(fields)?;
                let fact = self.fact(fields, "fact", &schema.of(kind).facts)?;
                let unit = self.unit(fields, &fact)?;
                let active_only = fields.get("only").is_some_and(|node| {
                    let word = node.text(self.diagnostics).unwrap_or_default();
                    if word != "active" {
                        self.diagnostics.push(
                            node.error("E0701", format!("unknown `only: {word}`"))
                                .with_help(
                                "write `only: active` to keep the records whose status is active",
                            ),
                        );
                    }
                    word == "active"
                });
                let max = fields
                    .get("max")
                    .and_then(|node| node.number(self.diagnostics));
                let name_missing = fields
                    .get("name_missing")
                    .is_some_and(|node| matches!(node.value, serde_yaml::Value::Bool(true)));
                Some(Drawing::Ranking {
                    kind,
                    fact: fact.key,
                    unit,
                    active_only,
                    max,
                    name_missing,
                })
            }
            "facts" => {
                let node = fields.require("facts", "[<fact key>, <fact key>]", self.diagnostics)?;
                let mut facts = Vec::new();
                for item in node.list(self.diagnostics) {
                    if let Some(fact) = self.fact_at(&item, province) {
                        facts.push(fact);
                    }
                }
                let unit = match fields.get("unit") {
                    Some(node) => {
                        let unit = node.text(self.diagnostics)?;
                        for fact in &facts {
                            self.check_unit(&node, fact, &unit);
                        }
                        unit
                    }
                    None => self.schema.common_unit(facts.first()?)?.to_string(),
                };
                let bars = match fields.get("bars") {
                    Some(node) => node
                        .list(self.diagnostics)
                        .iter()
                        .map(|item| Some(read_label(item, self.languages, self.diagnostics)))
                        .collect(),
                    None => Vec::new(),
                };
                Some(Drawing::Facts {
                    facts: facts.into_iter().map(|fact| fact.key).collect(),
                    bars,
                    unit,
                })
            }
            "periods" => {
                let fact = self.fact(fields, "fact", province)?;
                let unit = self.unit(fields, &fact)?;
                Some(Drawing::Periods {
                    fact: fact.key,
                    unit,
                })
            }
            "map" => Some(Drawing::Map),
            "members" => {
                let kind = self.kind(fields)?;
                let fact = self.fact(fields, "fact", &schema.of(kind).facts)?;
                let unit = self.unit(fields, &fact)?;
                Some(Drawing::Members {
                    kind,
                    fact: fact.key,
                    unit,
                })
            }
            "breakdown" => {
                let own = &schema.of(on?).facts;
                let whole = self.fact(fields, "whole", own)?;
                let part = self.fact(fields, "part", own)?;
                let available = match fields.get("available") {
                    Some(node) => Some(self.fact_at(&node, own)?),
                    None => None,
                };
                let unit = self.unit(fields, &whole)?;
                let mut labels: [Option<Text>; 4] = Default::default();
                if let Some(node) = fields.get("labels") {
                    if let Some(mut names) = node.fields(self.diagnostics) {
                        for (index, key) in ["part", "taken", "available", "other"]
                            .into_iter()
                            .enumerate()
                        {
                            labels[index] = names
                                .get(key)
                                .map(|node| read_label(&node, self.languages, self.diagnostics));
                        }
                        names.finish(self.diagnostics);
                    }
                }
                Some(Drawing::Breakdown {
                    whole: whole.key,
                    part: part.key,
                    available: available.map(|fact| fact.key),
                    unit,
                    labels,
                })
            }
            _ => {
                let own = &schema.of(on?).facts;
                let node = fields.require("facts", "[<fact key>, <fact key>]", self.diagnostics)?;
                let facts = node
                    .list(self.diagnostics)
                    .iter()
                    .filter_map(|item| self.fact_at(item, own))
                    .map(|fact| fact.key)
                    .collect();
                Some(Drawing::History { facts })
            }
        }
    }

    fn kind(&mut self, fields: &mut Fields<'_>) -> Option<Kind> {
        let node = fields.require("kind", "park", self.diagnostics)?;
        let word = node.text(self.diagnostics)?;
        let kind = Kind::ALL.into_iter().find(|kind| kind.word() == word);
        if kind.is_none() {
            let help = match closest(&word, Kind::ALL.map(Kind::word)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "name one of zone, park, cluster, project".to_string(),
            };
            self.diagnostics.push(
                node.error("E0704", format!("`{word}` is not a kind of record"))
                    .with_help(help),
            );
        }
        kind
    }

    /// The fact named by field `key`, among `facts`.
    fn fact(&mut self, fields: &mut Fields<'_>, key: &'static str, facts: &[Fact]) -> Option<Fact> {
        let node = fields.require(key, "<fact key>", self.diagnostics)?;
        self.fact_at(&node, facts)
    }

    /// The fact a node names: it must exist, take numbers and be charted.
    fn fact_at(&mut self, node: &Node<'_>, facts: &[Fact]) -> Option<Fact> {
        let key = node.text(self.diagnostics)?;
        let Some(fact) = facts.iter().find(|fact| fact.key == key) else {
            let help = match closest(&key, facts.iter().map(|fact| fact.key.as_str())) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "name a fact declared for these records".to_string(),
            };
            self.diagnostics.push(
                node.error("E0704", format!("`{key}` is not a fact of these records"))
                    .with_help(help),
            );
            return None;
        };
        if !fact.uses.charts {
            let help = if fact.target {
                "a target is a goal, not an actual: chart the actual figure instead".to_string()
            } else {
                format!("add `charts` to the `use:` of `{key}`")
            };
            self.diagnostics.push(
                node.error("E0705", format!("`{key}` is not charted"))
                    .with_help(help),
            );
            return None;
        }
        if !fact.takes(ValueType::Number) {
            self.diagnostics.push(
                node.error("E0705", format!("`{key}` takes no numbers to chart"))
                    .with_help("chart a fact whose `type:` includes `number`"),
            );
            return None;
        }
        Some(fact.clone())
    }

    /// The chart's `unit:`, or the fact's common unit.
    fn unit(&mut self, fields: &mut Fields<'_>, fact: &Fact) -> Option<String> {
        match fields.get("unit") {
            Some(node) => {
                let unit = node.text(self.diagnostics)?;
                self.check_unit(&node, fact, &unit).then_some(unit)
            }
            None => self.schema.common_unit(fact).map(str::to_string),
        }
    }

    fn check_unit(&mut self, node: &Node<'_>, fact: &Fact, unit: &str) -> bool {
        if fact.units.iter().any(|known| known == unit) {
            return true;
        }
        let help = match closest(unit, fact.units.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("`{}` is in {}", fact.key, fact.units.join(", ")),
        };
        self.diagnostics.push(
            node.error("E0702", format!("`{unit}` is not a unit of `{}`", fact.key))
                .with_help(help),
        );
        false
    }
}

/// The id of a chart that gives none.
fn default_id(drawing: &Drawing) -> String {
    match drawing {
        Drawing::Ranking { kind, fact, .. } => format!("chart-{}-{fact}", kind.folder()),
        Drawing::Facts { facts, .. } => format!("chart-{}", facts.join("-")),
        Drawing::Periods { fact, .. } => format!("chart-{fact}"),
        Drawing::Map => "chart-map".into(),
        Drawing::Members { kind, fact, .. } => format!("chart-{}-{fact}", kind.folder()),
        Drawing::Breakdown { whole, .. } => format!("chart-{whole}"),
        Drawing::History { .. } => "chart-history".into(),
    }
}
