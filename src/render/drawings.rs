//! The charts the schema declares, drawn for one page: each [`ChartSpec`] with the
//! site's figures -> a [`ChartView`]. Titles, descriptions and axis titles come from
//! the schema when it gives them, else from the theme's generic texts with the fact's
//! label (`chart.ranking.title`: "{fact}: {records}").

use super::charts::{bars_view, memo, ChartView, Labels, Texts};
use super::unit_name;
use crate::charts::{self, Bar, BarChart, Column, ColumnChart, Segment, StackedBar};
use crate::content::model::{Kind, Record, Site};
use crate::content::schema::{ChartSpec, Drawing, Fact};
use crate::content::text::Text;
use crate::derive::series::{by_period, history, newest_in, ranked};

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
                let missing: Vec<String> = site
                    .records_of(*kind)
                    .filter(|record| {
                        !points
                            .iter()
                            .any(|point| site.records[point.record].slug == record.slug)
                    })
                    .map(|record| labels.name(record))
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
            vec![bars_view(labels, &spec.id, texts, fact, unit, max, &points)]
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
    for (index, fact) in definitions.iter().enumerate() {
        let value = newest_in(&site.schema, site.province.fact(&fact.key), unit);
        if let Some(value) = value {
            let name = names
                .get(index)
                .and_then(|name| shown(site, name, language));
            bars.push(Bar {
                label: name.unwrap_or_else(|| site.text(fact.short(), language).to_string()),
                value,
                value_text: labels.value(value, unit),
                href: None,
            });
        }
    }
    let rows = bars
        .iter()
        .map(|bar| vec![bar.label.clone(), bar.value_text.clone()])
        .collect();
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
    };
    Some(ChartView {
        id: spec.id.clone(),
        svg: memo(&chart, labels, |numbers| charts::bar_chart(&chart, numbers)),
        title,
        description,
        headings: vec![String::new(), axis],
        rows,
        unplaced: Vec::new(),
        unplaced_more: 0,
        places: Vec::new(),
    })
}

/// A province fact by period: one column per period.
fn periods_view(
    labels: &Labels<'_>,
    spec: &ChartSpec,
    fact: &str,
    unit: &str,
) -> Option<ChartView> {
    let site = labels.site;
    let language = labels.language;
    let definition = site.schema.province.fact(fact)?;
    let points = by_period(&site.schema, site.province.fact(fact), unit);
    let columns: Vec<Column> = points
        .iter()
        .map(|(period, value, _)| Column {
            label: period.clone(),
            value: Some(*value),
            value_text: labels.value(*value, unit),
        })
        .collect();
    let rows = columns
        .iter()
        .map(|column| vec![column.label.clone(), column.value_text.clone()])
        .collect();
    let title = shown(site, &spec.title, language)
        .unwrap_or_else(|| site.text(&definition.label, language).into());
    let description = shown(site, &spec.description, language)
        .unwrap_or_else(|| labels.t("chart.periods.description"));
    let axis = shown(site, &spec.axis, language).unwrap_or_else(|| unit_label(labels, unit));
    let chart = ColumnChart {
        id: spec.id.clone(),
        title: title.clone(),
        description: description.clone(),
        value_axis: axis.clone(),
        columns,
    };
    Some(ChartView {
        id: spec.id.clone(),
        svg: memo(&chart, labels, |numbers| {
            charts::column_chart(&chart, numbers)
        }),
        title,
        description,
        headings: vec![labels.t("chart.period"), axis],
        rows,
        unplaced: Vec::new(),
        unplaced_more: 0,
        places: Vec::new(),
    })
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
    let points = history(&site.schema, record.fact(key), unit);
    if points.len() < 2 {
        return None;
    }
    let columns: Vec<Column> = points
        .iter()
        .map(|(date, value)| Column {
            label: date.show(&site.translations, labels.language),
            value: Some(*value),
            value_text: labels.value(*value, unit),
        })
        .collect();
    let rows = columns
        .iter()
        .map(|c| vec![c.label.clone(), c.value_text.clone()])
        .collect();
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
    };
    Some(ChartView {
        id,
        svg: memo(&chart, labels, |numbers| {
            charts::column_chart(&chart, numbers)
        }),
        title,
        description,
        headings: vec![labels.t("chart.as_of"), label],
        rows,
        unplaced: Vec::new(),
        unplaced_more: 0,
        places: Vec::new(),
    })
}

/// A whole split into a part (taken and available, when known) and the rest, from
/// the newest figures; not drawn without the whole and the part.
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
    let newest = |key: &str| newest_in(&site.schema, record.fact(key), unit);
    let (Some(total), Some(inner)) = (newest(whole), newest(part)) else {
        return None;
    };
    let part_label = site.text(&part_fact.label, language);
    let name =
        |index: usize, fallback: String| shown(site, &names[index], language).unwrap_or(fallback);
    let mut segments = Vec::new();
    let free = available
        .as_deref()
        .and_then(|key| Some((facts.fact(key)?, newest(key)?)))
        .filter(|(_, free)| *free <= inner);
    match free {
        Some((free_fact, free)) => {
            segments.push(Segment {
                label: name(
                    1,
                    labels.t("chart.breakdown.taken").replace("{}", part_label),
                ),
                value: inner - free,
                value_text: labels.value(inner - free, unit),
            });
            segments.push(Segment {
                label: name(2, site.text(&free_fact.label, language).to_string()),
                value: free,
                value_text: labels.value(free, unit),
            });
        }
        None => segments.push(Segment {
            label: name(0, part_label.to_string()),
            value: inner,
            value_text: labels.value(inner, unit),
        }),
    }
    if total > inner {
        segments.push(Segment {
            label: name(3, labels.t("chart.breakdown.other")),
            value: total - inner,
            value_text: labels.value(total - inner, unit),
        });
    }
    let rows = segments
        .iter()
        .map(|segment| vec![segment.label.clone(), segment.value_text.clone()])
        .collect();
    let title = shown(site, &spec.title, language)
        .unwrap_or_else(|| site.text(&whole_fact.label, language).into());
    let description = shown(site, &spec.description, language)
        .unwrap_or_else(|| labels.t("chart.breakdown.description"));
    let chart = StackedBar {
        id: spec.id.clone(),
        title: title.clone(),
        description: description.clone(),
        total_text: labels.value(total, unit),
        segments,
    };
    Some(ChartView {
        id: spec.id.clone(),
        svg: memo(&chart, labels, |numbers| {
            charts::stacked_bar(&chart, numbers)
        }),
        title,
        description,
        headings: vec![
            String::new(),
            site.text(&whole_fact.label, language).to_string(),
        ],
        rows,
        unplaced: Vec::new(),
        unplaced_more: 0,
        places: Vec::new(),
    })
}
