//! The portal's fact schema: what each kind of record may say, in which units, under
//! which label, where it is shown, and the vocabularies (statuses, kinds of zone).
//!
//! Read once, from `schema.yaml` at the portal's root (or, when a portal has none, from
//! the built-in default, which is the bundled portal's own file), by [`read`]; every
//! later stage asks this value and never lists a fact key itself. See
//! `docs/content-format.md` for the file, field by field.
//!
//! ```text
//! read       schema.yaml -> Schema + diagnostics (file:line:column)
//! facts      one fact's definition (a distance fact names the landmark kind it
//!            measures to)
//! landmarks  the kinds of landmark (seaport, airport...), their symbols and flags
//! charts     which charts the home page and each record page draw, from which facts
//! ```

mod charts;
mod facts;
mod landmarks;
mod read;

use serde::Serialize;

use crate::content::model::Kind;
use crate::content::text::Text;

pub use charts::{ChartSpec, Charts, Drawing};
pub use landmarks::{LandmarkKind, Symbol};
pub use read::read;

/// The built-in schema: the bundled portal's `schema.yaml`.
pub const DEFAULT: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.yaml"));

/// Where a portal's schema lives, relative to its root.
pub const FILE: &str = "schema.yaml";

/// The whole schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    /// Groups of facts, in display order.
    pub groups: Vec<Term>,
    /// Unit families.
    pub families: Vec<Family>,
    /// Statuses a record may have.
    pub statuses: Vec<Status>,
    /// Kinds of landmark (seaports, airports...), in the order legends list them.
    pub landmarks: Vec<LandmarkKind>,
    /// The province's facts.
    pub province: KindSchema,
    /// Zones, parks, clusters, projects: in [`Kind::ALL`] order.
    pub kinds: [KindSchema; 4],
    /// The charts pages draw.
    pub charts: Charts,
    /// Set when the schema file could not be read at all: records are then not
    /// checked against it (that would report every fact), and the build fails on
    /// the schema's own error.
    pub unread: bool,
}

/// A key with its label per language: a group, a kind of zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    /// The key used in content files (`coastal`).
    pub key: String,
    /// The label per language.
    pub label: Text,
}

/// A status a record may have.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// Key and label.
    pub term: Term,
    /// Whether a place with this status runs (charts of running places keep only
    /// these).
    pub active: bool,
}

/// Units that measure the same thing.
#[derive(Debug, Clone, PartialEq)]
pub struct Family {
    /// Its name (`area`).
    pub name: String,
    /// Its units; the first is the one others convert to.
    pub units: Vec<Unit>,
}

/// A unit of a family.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The key used in content files (`ha`).
    pub key: String,
    /// A pattern per language with `{}` where the number goes (`{} ha`).
    pub label: Text,
    /// How many of the family's first unit one of it is (`km2`: 100 ha).
    pub scale: f64,
    /// The largest value it may hold (`percent`: 100).
    pub max: Option<f64>,
    /// How many kilometres one of it is, for a unit of length (`km`: 1): distances
    /// computed from positions are given in it.
    pub kilometres: Option<f64>,
}

/// What one kind of record may say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KindSchema {
    /// Its facts, in display order.
    pub facts: Vec<Fact>,
    /// The values its `kind:` field may take (zones: coastal, border gate...); empty
    /// when records of this kind have no such field.
    pub kinds: Vec<Term>,
}

/// The types a fact's value may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueType {
    /// A number, with a unit.
    Number,
    /// Text per language.
    Text,
    /// Two numbers, low and high (`[12000, 15000]`).
    Range,
    /// A date (`2018-08-06`, `2018-08`, `2018`).
    Date,
}

impl ValueType {
    /// Every type, with the word the schema file uses.
    pub const ALL: [(ValueType, &'static str); 4] = [
        (ValueType::Number, "number"),
        (ValueType::Text, "text"),
        (ValueType::Range, "range"),
        (ValueType::Date, "date"),
    ];

    /// The word the schema file uses.
    pub fn word(self) -> &'static str {
        ValueType::ALL
            .iter()
            .find(|(kind, _)| *kind == self)
            .map_or("", |(_, word)| word)
    }
}

/// Where a fact is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Uses {
    /// The record's key-facts panel (the province's: the home page).
    pub key_facts: bool,
    /// A column of the list page's table.
    pub list: bool,
    /// A column of the compare table.
    pub compare: bool,
    /// A filter of the compare page (and of the home page's "find land" form), with
    /// the bound the fact's [`Fact::bound`] says.
    pub filter: bool,
    /// Open data (CSV columns, JSON facts).
    pub open_data: bool,
    /// May be charted.
    pub charts: bool,
}

impl Uses {
    /// The words the schema file uses, each with its flag.
    pub const WORDS: [&'static str; 6] = [
        "key_facts",
        "list",
        "compare",
        "filter",
        "open_data",
        "charts",
    ];

    /// The flag for a word.
    fn flag(&mut self, word: &str) -> Option<&mut bool> {
        Some(match word {
            "key_facts" => &mut self.key_facts,
            "list" => &mut self.list,
            "compare" => &mut self.compare,
            "filter" => &mut self.filter,
            "open_data" => &mut self.open_data,
            "charts" => &mut self.charts,
            _ => return None,
        })
    }
}

/// One fact key of a kind of record.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The key (`total_area`).
    pub key: String,
    /// Label per language.
    pub label: Text,
    /// A shorter label for table heads, if any.
    pub short_label: Option<Text>,
    /// The types its values may have; the first is its main type.
    pub types: Vec<ValueType>,
    /// The unit families its numbers are in (indexes into [`Schema::families`]).
    pub families: Vec<usize>,
    /// The units allowed (all units of its families unless narrowed).
    pub units: Vec<String>,
    /// Its group, if any.
    pub group: Option<String>,
    /// A goal for a year, not an actual.
    pub target: bool,
    /// Where it is used.
    pub uses: Uses,
    /// The kind whose list page shows it (province facts only).
    pub list_page: Option<Kind>,
    /// The fact of the same record it is a part of (never larger).
    pub part_of: Option<String>,
    /// Whether an old value is reported as stale (dates of record are not).
    pub goes_stale: bool,
    /// Whether its numbers may be negative (growth rates).
    pub negative: bool,
    /// Set when its `unit:` could not be read: any unit is accepted, so that the
    /// schema's error is not repeated for every record.
    pub any_unit: bool,
    /// Which way its compare filter bounds it (`filter: at_least` or `at_most`).
    pub bound: Bound,
    /// For a distance: the kind of landmark it measures to.
    pub distance_to: Option<DistanceTo>,
}

/// Which side of a number a compare filter keeps: "at least 20 ha" of land, "at most
/// 30 km" to a port.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Bound {
    /// Keep values of at least the number asked for.
    #[default]
    AtLeast,
    /// Keep values of at most the number asked for.
    AtMost,
}

impl Bound {
    /// The words the schema file uses, each with its bound.
    pub const WORDS: [(&'static str, Bound); 2] =
        [("at_least", Bound::AtLeast), ("at_most", Bound::AtMost)];

    /// The schema's word for it, also the key of its label in the theme's texts
    /// (`compare.at_least`) and, shortened, its URL parameter's prefix.
    pub fn word(self) -> &'static str {
        match self {
            Bound::AtLeast => "at_least",
            Bound::AtMost => "at_most",
        }
    }

    /// The prefix of its URL parameter: `min_available_area=20`.
    pub fn prefix(self) -> &'static str {
        match self {
            Bound::AtLeast => "min",
            Bound::AtMost => "max",
        }
    }
}

/// What a distance fact measures to: the nearest landmark of a kind (with a flag, if
/// it names one).
#[derive(Debug, Clone, PartialEq)]
pub struct DistanceTo {
    /// The landmark kind (`seaport`).
    pub kind: String,
    /// Only landmarks with this flag (`deep_water`).
    pub only: Option<String>,
    /// Within how far (in the fact's first unit) a record counts as near one, for
    /// search ("near a deep-water port").
    pub near: Option<f64>,
    /// The fact's unit that distances computed from positions are given in, and how
    /// many kilometres one of it is.
    pub unit: (String, f64),
}

impl Fact {
    /// Whether its values may have type `value_type`.
    pub fn takes(&self, value_type: ValueType) -> bool {
        self.types.contains(&value_type)
    }

    /// The label for a table head.
    pub fn short(&self) -> &Text {
        self.short_label.as_ref().unwrap_or(&self.label)
    }
}

impl KindSchema {
    /// The fact with this key.
    pub fn fact(&self, key: &str) -> Option<&Fact> {
        self.facts.iter().find(|fact| fact.key == key)
    }

    /// The position of a fact in display order.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.facts.iter().position(|fact| fact.key == key)
    }

    /// The term of a `kind:` value.
    pub fn kind(&self, key: &str) -> Option<&Term> {
        self.kinds.iter().find(|term| term.key == key)
    }
}

impl Schema {
    /// What records of `kind` may say.
    pub fn of(&self, kind: Kind) -> &KindSchema {
        &self.kinds[kind_index(kind)]
    }

    /// The status with this key.
    pub fn status(&self, key: &str) -> Option<&Status> {
        self.statuses.iter().find(|status| status.term.key == key)
    }

    /// Whether a status means the place runs.
    pub fn is_active(&self, key: &str) -> bool {
        self.status(key).is_some_and(|status| status.active)
    }

    /// The kind of landmark with this key.
    pub fn landmark_kind(&self, key: &str) -> Option<&LandmarkKind> {
        self.landmarks.iter().find(|kind| kind.term.key == key)
    }

    /// The group with this key.
    pub fn group(&self, key: &str) -> Option<&Term> {
        self.groups.iter().find(|group| group.key == key)
    }

    /// A unit and the family it belongs to.
    pub fn unit(&self, key: &str) -> Option<(&Family, &Unit)> {
        self.families.iter().find_map(|family| {
            family
                .units
                .iter()
                .find(|unit| unit.key == key)
                .map(|unit| (family, unit))
        })
    }

    /// Converts `value` from one unit to another of the same family; `None` when they
    /// do not convert (other families, or a unit without a scale).
    pub fn convert(&self, value: f64, from: &str, to: &str) -> Option<f64> {
        if from == to {
            return Some(value);
        }
        let (from_family, from_unit) = self.unit(from)?;
        let (to_family, to_unit) = self.unit(to)?;
        if from_family.name != to_family.name {
            return None;
        }
        Some(value * from_unit.scale / to_unit.scale)
    }

    /// The unit a fact is charted and sorted in: its first family's first unit.
    pub fn common_unit(&self, fact: &Fact) -> Option<&str> {
        let family = self.families.get(*fact.families.first()?)?;
        family.units.first().map(|unit| unit.key.as_str())
    }

    /// The units a fact's values are compared in, in order: the first unit of each
    /// of its families (a park's investment in US dollars first, then in dong).
    pub fn comparable_units<'s>(&'s self, fact: &'s Fact) -> impl Iterator<Item = &'s str> {
        fact.families.iter().filter_map(|&index| {
            self.families
                .get(index)?
                .units
                .first()
                .map(|unit| unit.key.as_str())
        })
    }
}

/// The index of a kind in [`Schema::kinds`].
fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Zone => 0,
        Kind::Park => 1,
        Kind::Cluster => 2,
        Kind::Project => 3,
    }
}

#[cfg(test)]
mod tests;
