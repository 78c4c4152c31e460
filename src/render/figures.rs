//! Figures as pages show them: an entry's value with its unit, qualifier and target
//! year in the page's language; a fact with its values and citations; the facts
//! panel, grouped as the schema groups them; the value a table sorts by.

use serde::Serialize;

use super::views::Citations;
use crate::content::model::{Entry, Figure, Qualifier, Site, Value};
use crate::content::schema::Fact;

/// One sourced value, formatted. Like [`FactView`], it leaves out what it lacks rather
/// than holding `none` (templates test each with `{% if %}`): every page converts a few
/// dozen of them for its template, and most have no scope or period.
#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    /// The value with unit and qualifier: `18.842,56 ha`.
    pub text: String,
    /// What it covers ("phase 1").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The period a flow covers, in words ("Q1 2024").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// When it was true, formatted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// ISO date for `<time datetime>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of_iso: Option<String>,
    /// Citation number on this page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<usize>,
    /// Source id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A fact with its values, or "not published".
#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    /// Fact key.
    pub key: String,
    /// Label in the page's language.
    pub label: String,
    /// The newest value, if published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<EntryView>,
    /// Older or disagreeing values.
    pub others: Vec<EntryView>,
    /// The newest numeric value in the fact's common unit, for sorting tables (a
    /// computed distance's when nothing is published).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<f64>,
    /// A distance computed from positions, where no number is published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed: Option<super::distances::ComputedView>,
}

/// The published facts of one group (land, utilities...), under its label.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// Group key (empty for facts without a group).
    pub key: String,
    /// Heading in the page's language (empty: no heading).
    pub label: String,
    /// Its published facts, in the schema's order.
    pub facts: Vec<FactView>,
}

/// A facts panel: the groups that have a published fact, and the labels of the
/// facts not yet published, named in one line rather than one empty row each.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FactsView {
    /// Groups with at least one published fact, in the schema's order of groups
    /// (facts without a group first).
    pub groups: Vec<GroupView>,
    /// Labels of the facts not yet published, in the schema's order.
    pub missing: Vec<String>,
}

/// Sorts facts into their groups, leaving out the empty ones.
pub fn facts_view(site: &Site, language: &str, facts: Vec<(&Fact, FactView)>) -> FactsView {
    let mut view = FactsView::default();
    let mut groups: Vec<GroupView> = Vec::new();
    for (fact, shown) in facts {
        if shown.current.is_none() && shown.computed.is_none() {
            view.missing.push(shown.label);
            continue;
        }
        let key = fact.group.clone().unwrap_or_default();
        match groups.iter_mut().find(|group| group.key == key) {
            Some(group) => group.facts.push(shown),
            None => groups.push(GroupView {
                label: site
                    .schema
                    .group(&key)
                    .map(|group| site.shown(&group.label, language).into_owned())
                    .unwrap_or_default(),
                key,
                facts: vec![shown],
            }),
        }
    }
    let order = |key: &str| {
        site.schema
            .groups
            .iter()
            .position(|group| group.key == key)
            .map_or(0, |position| position + 1)
    };
    groups.sort_by_key(|group| order(&group.key));
    view.groups = groups;
    view
}

/// A figure entry formatted for the page's language: `18.842,56 ha`, `over USD 3.1
/// billion`, `USD 1.2 billion by 2025` (a target: its label says it is one). Unit
/// patterns come from the schema.
pub fn entry_text(site: &Site, language: &str, entry: &Entry) -> String {
    let translations = &site.translations;
    let with_unit = |number: String| match entry
        .unit
        .as_deref()
        .and_then(|unit| site.schema.unit(unit))
    {
        Some((_, unit)) => site.text(&unit.label, language).replace("{}", &number),
        None => number,
    };
    let body = match &entry.value {
        Value::Number { value, decimals } => {
            with_unit(translations.number(language, *value, *decimals))
        }
        Value::Range {
            low,
            high,
            decimals,
        } => with_unit(
            translations
                .locale(language)
                .range
                .replace("{low}", &translations.number(language, *low, *decimals))
                .replace("{high}", &translations.number(language, *high, *decimals)),
        ),
        Value::Date(date) => date.show(translations, language),
        Value::Text(text) => site.shown(text, language).into_owned(),
    };
    qualified(site, language, entry, body)
}

/// An entry's number converted to `unit` (of the same family: `2,170 km²` as `217,000
/// ha`), with the unit's pattern and the entry's qualifier: what a chart in `unit`
/// shows. `None` for a value that is not a number, or in a unit that does not convert.
pub fn entry_text_in(site: &Site, language: &str, entry: &Entry, unit: &str) -> Option<String> {
    let Value::Number { value, decimals } = entry.value else {
        return None;
    };
    let from = entry.unit.as_deref()?;
    let converted = site.schema.convert(value, from, unit)?;
    // A converted number shows the decimals it needs, not the ones it was written with.
    let decimals = if from == unit {
        decimals
    } else {
        needed_decimals(converted)
    };
    let number = site.translations.number(language, converted, decimals);
    let (_, pattern) = site.schema.unit(unit)?;
    let body = site.text(&pattern.label, language).replace("{}", &number);
    Some(qualified(site, language, entry, body))
}

/// Up to two decimals, as many as the number has.
pub fn needed_decimals(value: f64) -> usize {
    if value.fract().abs() < 1e-9 {
        0
    } else if (value * 10.0).fract().abs() < 1e-9 {
        1
    } else {
        2
    }
}

/// `body` with the entry's qualifier ("over {}") and target year around it.
fn qualified(site: &Site, language: &str, entry: &Entry, body: String) -> String {
    let translations = &site.translations;
    let body = match entry.qualifier {
        Some(qualifier) => {
            let key = match qualifier {
                Qualifier::Over => "qualifier.over",
                Qualifier::About => "qualifier.about",
                Qualifier::Under => "qualifier.under",
                Qualifier::UpTo => "qualifier.up_to",
            };
            translations.get(language, key).replace("{}", &body)
        }
        None => body,
    };
    match entry.target_year {
        Some(year) => translations
            .get(language, "record.target")
            .replace("{year}", &year.to_string())
            .replace("{value}", &body),
        None => body,
    }
}

/// Formats one entry.
pub fn entry_view(
    site: &Site,
    language: &str,
    entry: &Entry,
    citations: &mut Citations<'_>,
) -> EntryView {
    EntryView {
        text: entry_text(site, language, entry),
        scope: entry
            .scope
            .as_ref()
            .map(|scope| site.shown(scope, language).into_owned()),
        period: entry
            .period
            .as_deref()
            .map(|period| crate::content::period::show(period, &site.translations, language)),
        as_of: entry
            .as_of
            .as_ref()
            .map(|date| date.show(&site.translations, language)),
        as_of_iso: entry.as_of.as_ref().map(|date| date.iso()),
        citation: entry.source.as_ref().map(|id| citations.cite(id)),
        source: entry.source.clone(),
    }
}

/// Formats a figure (or "not published" when absent).
pub fn fact_view(
    site: &Site,
    language: &str,
    fact: &Fact,
    figure: Option<&Figure>,
    citations: &mut Citations<'_>,
) -> FactView {
    let mut entries = figure
        .map(|figure| {
            figure
                .entries
                .iter()
                .map(|entry| entry_view(site, language, entry, citations))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let current = (!entries.is_empty()).then(|| entries.remove(0));
    FactView {
        key: fact.key.clone(),
        label: site.shown(&fact.label, language).into_owned(),
        current,
        others: entries,
        sort: sort_value(site, fact, figure),
        computed: None,
    }
}

/// A figure's newest value only, for tables that show no older ones (compare). The
/// older values' sources are still numbered, in the same order as [`fact_view`]
/// numbers them, so that the page's citation numbers stay those of the full view.
pub fn newest_entry_view(
    site: &Site,
    language: &str,
    figure: Option<&Figure>,
    citations: &mut Citations<'_>,
) -> Option<EntryView> {
    let mut newest = None;
    for entry in figure.map_or(&[][..], |figure| &figure.entries[..]) {
        if newest.is_none() {
            newest = Some(entry_view(site, language, entry, citations));
        } else if let Some(id) = &entry.source {
            citations.cite(id);
        }
    }
    newest
}

/// The newest numeric value in the fact's common unit, for sorting tables: in the
/// first unit of each of its families in turn (US dollars before dong), else the
/// newest number as written.
pub fn sort_value(site: &Site, fact: &Fact, figure: Option<&Figure>) -> Option<f64> {
    let figure = figure?;
    site.schema
        .comparable_units(fact)
        .find_map(|unit| crate::derive::series::newest_in(&site.schema, Some(figure), unit))
        .or_else(|| figure.number())
}
