//! The charts the schema declares, drawn for one page: each [`ChartSpec`] with the
//! site's figures -> a [`ChartView`]. Titles, descriptions and axis titles come from
//! the schema when it gives them, else from the theme's generic texts with the fact's
//! label (`chart.ranking.title`: "{fact}: {records}").

use super::charts::{
    add_note, bars_view, combined_row, drawn_value, memo, newest_entry_in, ChartRow, ChartView,
    Labels, Texts,
};
use super::unit_name;
use crate::charts::{self, Bar, BarChart, Column, ColumnChart, Segment, StackedBar};
use crate::content::model::Entry;
use crate::content::model::{Kind, Record, Site};
use crate::content::schema::{ChartSpec, Drawing, Fact};
use crate::content::text::Text;
use crate::derive::series::{by_period, comparable, history, ranked};

/// The home page's charts.
pub fn home(site: &Site, language: &str, root: &str) -> Vec<ChartView> {
    let labels = Labels {
        site,
        language,
        root,
    };
    site.schema
        .charts
        .home
        .iter()
        .flat_map(|spec| draw(&labels, spec, None))
        // A chart with nothing to draw is left out, not shown empty.
        .filter(|view| view.svg.is_some())
        .collect()
}

/// A record page's charts.
pub fn record(site: &Site, language: &str, root: &str, record: &Record) -> Vec<ChartView> {
    let labels = Labels {
        site,
        language,
        root,
    };
    site.schema
        .charts
        .of(record.kind)
        .iter()
        .flat_map(|spec| draw(&labels, spec, Some(record)))
        .filter(|view| view.svg.is_some())
        .collect()
}

/// The views one spec gives on a page (a history gives one per fact that has one).
fn draw(labels: &Labels<'_>, spec: &ChartSpec, record: Option<&Record>) -> Vec<ChartView> {
    let site = labels.site;
    let schema = &site.schema;
    match (&spec.drawing, record) {
        (
            Drawing::Ranking {
                kind,
                fact,
                unit,
                active_only,
                max,
                name_missing,
            },
            _,
        ) => {
            let Some(definition) = schema.of(*kind).fact(fact) else {
                return Vec::new();
            };
            let points = ranked(site, *kind, fact, unit, |record| {
                !active_only
                    || record
                        .status
                        .as_deref()
                        .is_some_and(|status| schema.is_active(status))
            });
            let mut texts = texts(labels, spec, definition, unit, "ranking", *kind);
            if *name_missing {
                let drawn: std::collections::HashSet<usize> =
                    points.iter().map(|point| point.record).collect();
                let missing: Vec<String> = site
                    .range_of(*kind)
                    .filter(|index| !drawn.contains(index))
                    .map(|index| labels.name(&site.records[index]))
                    .collect();
                if !missing.is_empty() {
                    texts.description = format!(
                        "{} {}: {}.",
                        texts.description,
                        labels.t("record.not_published"),
                        missing.join(", ")
                    );
                }
            }
            vec![bars_view(
                labels, &spec.id, texts, fact, unit, *max, &points,
            )]
        }
        (Drawing::Members { kind, fact, unit }, Some(container)) => {
            let Some(definition) = schema.of(*kind).fact(fact) else {
                return Vec::new();
            };
            let points = ranked(site, *kind, fact, unit, |record| {
                record.zone.as_deref() == Some(container.slug.as_str())
            });
            let texts = texts(labels, spec, definition, unit, "members", *kind);
            let max = schema.unit(unit).and_then(|(_, unit)| unit.max);
            let mut view = bars_view(labels, &spec.id, texts, fact, unit, max, &points);
            view.kind = "members";
            vec![view]
        }
        (Drawing::Facts { facts, bars, unit }, _) => facts_view(labels, spec, facts, bars, unit)
            .into_iter()
            .collect(),
        (Drawing::Periods { fact, unit }, _) => {
            periods_view(labels, spec, fact, unit).into_iter().collect()
        }
        (Drawing::Map, _) => super::maps::province(labels).into_iter().collect(),
        (Drawing::Breakdown { .. }, Some(record)) => {
            breakdown(labels, spec, record).into_iter().collect()
        }
        (Drawing::History { facts }, Some(record)) => facts
            .iter()
            .filter_map(|fact| history_view(labels, spec, record, fact))
            .collect(),
        // Record charts on the home page are refused when the schema is read.
        _ => Vec::new(),
    }
}

/// The texts of a chart of one fact: the schema's, or the theme's `chart.<what>.*`
/// with the fact's label and the records' name.
fn texts(
    labels: &Labels<'_>,
    spec: &ChartSpec,
    fact: &Fact,
    unit: &str,
    what: &str,
    kind: Kind,
) -> Texts {
    let (site, language) = (labels.site, labels.language);
    let label = site.text(&fact.label, language);
    let records = labels.t(&format!("section.{}", kind.folder()));
    let fill = |key: &str| {
        labels
            .t(&format!("chart.{what}.{key}"))
            .replace("{fact}", label)
            .replace("{records}", &records)
    };
    Texts {
        title: shown(site, &spec.title, language).unwrap_or_else(|| fill("title")),
        description: shown(site, &spec.description, language)
            .unwrap_or_else(|| fill("description")),
        axis: shown(site, &spec.axis, language).unwrap_or_else(|| axis(labels, fact.short(), unit)),
    }
}

/// "Total area (ha)": a fact's label and its unit's name.
fn axis(labels: &Labels<'_>, label: &Text, unit: &str) -> String {
    labels
        .t("chart.axis")
        .replace("{fact}", labels.site.text(label, labels.language))
        .replace("{unit}", &unit_label(labels, unit))
}

/// A unit's name in the page's language, without the number: `USD million`.
fn unit_label(labels: &Labels<'_>, unit: &str) -> String {
    labels
        .site
        .schema
        .unit(unit)
        .map(|(_, unit)| unit_name(labels.site.text(&unit.label, labels.language)))
        .unwrap_or_default()
}

/// A text of the schema in the page's language (along its fallback chain).
fn shown(site: &Site, text: &Option<Text>, language: &str) -> Option<String> {
    text.as_ref()
        .map(|text| site.text(text, language).to_string())
}

/// Province facts side by side: one bar each.
fn facts_view(
    labels: &Labels<'_>,
    spec: &ChartSpec,
    facts: &[String],
    names: &[Option<Text>],
    unit: &str,
) -> Option<ChartView> {
    let site = labels.site;
    let language = labels.language;
    let definitions: Vec<&Fact> = facts
        .iter()
        .filter_map(|key| site.schema.province.fact(key))
        .collect();
    let first = definitions.first()?;
    let mut bars = Vec::new();
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for (index, fact) in definitions.iter().enumerate() {
        let Some((entry, value)) = newest_entry_in(site, site.province.fact(&fact.key), unit)
        else {
            continue;
        };
        let name = names
            .get(index)
            .and_then(|name| shown(site, name, language))
            .unwrap_or_else(|| site.text(fact.short(), language).to_string());
        let (value_text, row, note) = drawn_value(labels, name.clone(), entry, value, unit);
        rows.push(row);
        notes.extend(note);
        bars.push(Bar {
            label: name,
            value,
            value_text,
            href: None,
        });
    }
    let title = shown(site, &spec.title, language)
        .unwrap_or_else(|| site.text(&first.label, language).into());
    let description = shown(site, &spec.description, language)
        .unwrap_or_else(|| labels.t("chart.facts.description"));
    let axis = shown(site, &spec.axis, language).unwrap_or_else(|| unit_label(labels, unit));
    let chart = BarChart {
        id: spec.id.clone(),
        title: title.clone(),
        description: description.clone(),
        value_axis: axis.clone(),
        value_max: None,
        bars,
        cap: None,
        notes,
    };
    Some(ChartView::tabled(
        spec.id.clone(),
        "facts",
        memo(&chart, labels, |numbers| charts::bar_chart(&chart, numbers)),
        title,
        description,
        vec![String::new(), axis],
        rows,
    ))
}

/// A province fact by period: one column per period, only periods of one length
/// (the others are listed in the table and named in the description, never drawn
/// beside them), labelled in words ("Q1 2024", never `2024-Q1`).
fn periods_view(
    labels: &Labels<'_>,
    spec: &ChartSpec,
    fact: &str,
    unit: &str,
) -> Option<ChartView> {
    let site = labels.site;
    let language = labels.language;
    let definition = site.schema.province.fact(fact)?;
    let figure = site.province.fact(fact);
    let (drawn, others) = comparable(by_period(&site.schema, figure, unit));
    let period = |code: &str| crate::content::period::show(code, &site.translations, language);
    let mut columns = Vec::new();
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for (code, value, index) in &drawn {
        let entry = figure.and_then(|figure| figure.entries.get(*index));
        let (value_text, row, note) = match entry {
            Some(entry) => drawn_value(labels, period(code), entry, *value, unit),
            None => {
                let text = labels.value(*value, unit);
                (
                    text.clone(),
                    ChartRow::of_entry(labels, period(code), text, None),
                    None,
                )
            }
        };
        columns.push(Column {
            label: period(code),
            value: Some(*value),
            value_text,
        });
        rows.push(row);
        notes.extend(note);
    }
    for (code, value, index) in &others {
        let entry = figure.and_then(|figure| figure.entries.get(*index));
        let mut row = match entry {
            Some(entry) => drawn_value(labels, period(code), entry, *value, unit).1,
            None => ChartRow::of_entry(labels, period(code), labels.value(*value, unit), None),
        };
        row.not_drawn = true;
        add_note(&mut row, labels.t("chart.periods.not_drawn"));
        rows.push(row);
    }
    let title = shown(site, &spec.title, language)
        .unwrap_or_else(|| site.text(&definition.label, language).into());
    let mut description = shown(site, &spec.description, language)
        .unwrap_or_else(|| labels.t("chart.periods.description"));
    if !others.is_empty() && !drawn.is_empty() {
        let list = |points: &[(String, f64, usize)]| {
            points
                .iter()
                .map(|(code, ..)| period(code))
                .collect::<Vec<_>>()
                .join(", ")
        };
        description = format!(
            "{description} {}",
            labels
                .t("chart.periods.only")
                .replace("{drawn}", &list(&drawn))
                .replace("{others}", &list(&others))
        );
    }
    let axis = shown(site, &spec.axis, language).unwrap_or_else(|| unit_label(labels, unit));
    let chart = ColumnChart {
        id: spec.id.clone(),
        title: title.clone(),
        description: description.clone(),
        value_axis: axis.clone(),
        columns,
        notes,
    };
    Some(ChartView::tabled(
        spec.id.clone(),
        "periods",
        memo(&chart, labels, |numbers| {
            charts::column_chart(&chart, numbers)
        }),
        title,
        description,
        vec![labels.t("chart.period"), axis],
        rows,
    ))
}

/// One fact of a record over time, when sources give it for two dates or more.
fn history_view(
    labels: &Labels<'_>,
    spec: &ChartSpec,
    record: &Record,
    key: &str,
) -> Option<ChartView> {
    let site = labels.site;
    let fact = site.schema.of(record.kind).fact(key)?;
    let unit = site.schema.common_unit(fact)?;
    let figure = record.fact(key)?;
    let points = history(&site.schema, Some(figure), unit);
    if points.len() < 2 {
        return None;
    }
    let mut columns = Vec::new();
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for (date, value, index) in &points {
        let label = date.show(&site.translations, labels.language);
        let entry = &figure.entries[*index];
        let (value_text, row, note) = drawn_value(labels, label.clone(), entry, *value, unit);
        // Every value of a history has the same scope: said once.
        if notes.is_empty() {
            notes.extend(note.and_then(|_| {
                let scope = entry.scope.as_ref()?;
                Some(format!("* {}", site.shown(scope, labels.language)))
            }));
        }
        columns.push(Column {
            label,
            value: Some(*value),
            value_text,
        });
        rows.push(row);
    }
    let label = site.text(&fact.label, labels.language).to_string();
    let title = labels.t("chart.history.title").replace("{}", &label);
    let description = labels.t("chart.history.description").replace("{}", &label);
    let id = format!("{}-{key}", spec.id);
    let chart = ColumnChart {
        id: id.clone(),
        title: title.clone(),
        description: description.clone(),
        value_axis: unit_label(labels, unit),
        columns,
        notes,
    };
    Some(ChartView::tabled(
        id,
        "history",
        memo(&chart, labels, |numbers| {
            charts::column_chart(&chart, numbers)
        }),
        title,
        description,
        vec![labels.t("chart.as_of"), label],
        rows,
    ))
}

/// A whole split into a part (taken and available, when known) and the rest, from
/// the newest figures; not drawn without the whole and the part. A part given as
/// published keeps its qualifier; a difference of two figures is "about" when either
/// was; what the whole or a part covers is noted under the chart.
fn breakdown(labels: &Labels<'_>, spec: &ChartSpec, record: &Record) -> Option<ChartView> {
    let Drawing::Breakdown {
        whole,
        part,
        available,
        unit,
        labels: names,
    } = &spec.drawing
    else {
        return None;
    };
    let site = labels.site;
    let language = labels.language;
    let facts = site.schema.of(record.kind);
    let (whole_fact, part_fact) = (facts.fact(whole)?, facts.fact(part)?);
    let newest = |key: &str| newest_entry_in(site, record.fact(key), unit);
    let (Some((total_entry, total)), Some((inner_entry, inner))) = (newest(whole), newest(part))
    else {
        return None;
    };
    let part_label = site.text(&part_fact.label, language);
    let name =
        |index: usize, fallback: String| shown(site, &names[index], language).unwrap_or(fallback);
    // A part as published, or a difference of published figures.
    let as_published = |name: String, entry: &Entry, value: f64| {
        let (text, row, note) = drawn_value(labels, name.clone(), entry, value, unit);
        (
            Segment {
                label: name,
                value,
                value_text: text,
            },
            row,
            note,
        )
    };
    let difference = |name: String, value: f64, from: &[&Entry]| {
        let number = labels.value(value, unit);
        let text = if from.iter().any(|entry| entry.qualifier.is_some()) {
            labels.t("qualifier.about").replace("{}", &number)
        } else {
            number
        };
        let row = combined_row(labels, name.clone(), text.clone(), from);
        (
            Segment {
                label: name,
                value,
                value_text: text,
            },
            row,
            None,
        )
    };
    let mut parts = Vec::new();
    let free = available
        .as_deref()
        .and_then(|key| Some((facts.fact(key)?, newest(key)?)))
        .filter(|(_, (_, free))| *free <= inner);
    match free {
        Some((free_fact, (free_entry, free))) => {
            parts.push(difference(
                name(
                    1,
                    labels.t("chart.breakdown.taken").replace("{}", part_label),
                ),
                inner - free,
                &[inner_entry, free_entry],
            ));
            parts.push(as_published(
                name(2, site.text(&free_fact.label, language).to_string()),
                free_entry,
                free,
            ));
        }
        None => parts.push(as_published(
            name(0, part_label.to_string()),
            inner_entry,
            inner,
        )),
    }
    if total > inner {
        parts.push(difference(
            name(3, labels.t("chart.breakdown.other")),
            total - inner,
            &[total_entry, inner_entry],
        ));
    }
    let whole_label = site.text(&whole_fact.label, language).to_string();
    let (total_text, total_row, total_note) =
        drawn_value(labels, whole_label.clone(), total_entry, total, unit);
    let mut segments = Vec::new();
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    for (segment, row, note) in parts {
        segments.push(segment);
        rows.push(row);
        notes.extend(note);
    }
    rows.push(total_row);
    notes.extend(total_note);
    let title = shown(site, &spec.title, language)
        .unwrap_or_else(|| site.text(&whole_fact.label, language).into());
    let description = shown(site, &spec.description, language)
        .unwrap_or_else(|| labels.t("chart.breakdown.description"));
    let chart = StackedBar {
        id: spec.id.clone(),
        title: title.clone(),
        description: description.clone(),
        total_text,
        segments,
        notes,
    };
    Some(ChartView::tabled(
        spec.id.clone(),
        "breakdown",
        memo(&chart, labels, |numbers| {
            charts::stacked_bar(&chart, numbers)
        }),
        title,
        description,
        vec![String::new(), whole_label],
        rows,
    ))
}
