//! Chart series: plain numbers keyed by record index or period, computed once from
//! the model; render only labels them. Values are converted to one unit per series,
//! and a series by period keeps periods of one length ([`comparable`]).

use crate::content::model::{Entry, Figure, Kind, PartialDate, Record, Site, Value};
use crate::content::schema::Schema;

/// A point of a series: the record (index into `site.records`) and its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Record index.
    pub record: usize,
    /// Value.
    pub value: f64,
    /// The entry of the record's figure it comes from (to show it as published:
    /// "over 45%", not "45%").
    pub entry: usize,
}

fn number(entry: &Entry) -> Option<f64> {
    match entry.value {
        Value::Number { value, .. } => Some(value),
        _ => None,
    }
}

/// The newest numeric value of a figure, converted to `unit` where the schema says
/// how (units of one family: hectares and square kilometres, millions and
/// billions).
pub fn newest_in(schema: &Schema, figure: Option<&Figure>, unit: &str) -> Option<f64> {
    figure?
        .entries
        .iter()
        .find_map(|entry| in_unit(schema, entry, unit))
}

/// An entry's numeric value converted to `unit`, if it has one that converts.
pub fn in_unit(schema: &Schema, entry: &Entry, unit: &str) -> Option<f64> {
    schema.convert(number(entry)?, entry.unit.as_deref()?, unit)
}

/// Records of `kind` with a value for `key` in `unit`, largest first (ties by slug).
pub fn ranked(
    site: &Site,
    kind: Kind,
    key: &str,
    unit: &str,
    keep: impl Fn(&Record) -> bool,
) -> Vec<Point> {
    let mut points: Vec<Point> =
        site.range_of(kind)
            .map(|index| (index, &*site.records[index]))
            .filter(|(_, record)| keep(record))
            .filter_map(|(index, record)| {
                let (entry, value) = record.fact(key)?.entries.iter().enumerate().find_map(
                    |(position, entry)| Some((position, in_unit(&site.schema, entry, unit)?)),
                )?;
                Some(Point {
                    record: index,
                    value,
                    entry,
                })
            })
            .collect();
    points.sort_by(|a, b| {
        b.value.total_cmp(&a.value).then_with(|| {
            site.records[a.record]
                .slug
                .cmp(&site.records[b.record].slug)
        })
    });
    points
}

/// A flow figure by period (e.g. FDI per year): one value per distinct period, in
/// the order the periods sort, converted to `unit`; entries without a period or in
/// another unit are left out.
pub fn by_period(
    schema: &Schema,
    figure: Option<&Figure>,
    unit: &str,
) -> Vec<(String, f64, usize)> {
    let Some(figure) = figure else {
        return Vec::new();
    };
    let mut points: Vec<(String, f64, usize)> = Vec::new();
    for (index, entry) in figure.entries.iter().enumerate() {
        let (Some(period), Some(value)) = (&entry.period, in_unit(schema, entry, unit)) else {
            continue;
        };
        // Entries are newest first, so the first value of a period is its newest.
        if !points.iter().any(|(known, _, _)| known == period) {
            points.push((period.clone(), value, index));
        }
    }
    points.sort_by(|a, b| a.0.cmp(&b.0));
    points
}

/// A value of a flow figure for one period: its code, its value in the chart's
/// unit, and the entry it comes from.
pub type PeriodPoint = (String, f64, usize);

/// Of a flow figure's values by period, those a chart may put side by side: the
/// periods of one length (a full year is never drawn beside ten months, a half or a
/// quarter), the length with the most values (ties: the longer, then the later).
/// Returns (drawn, the others), each in time order; a period halong does not read
/// is never drawn.
pub fn comparable(points: Vec<PeriodPoint>) -> (Vec<PeriodPoint>, Vec<PeriodPoint>) {
    use crate::content::period::Period;
    let parsed: Vec<(Option<Period>, PeriodPoint)> = points
        .into_iter()
        .map(|point| (Period::parse(&point.0), point))
        .collect();
    let mut lengths: Vec<(u32, usize, (u16, u8))> = Vec::new();
    for period in parsed.iter().filter_map(|(period, _)| *period) {
        match lengths
            .iter_mut()
            .find(|(months, ..)| *months == period.months())
        {
            Some((_, count, latest)) => {
                *count += 1;
                *latest = (*latest).max(period.end());
            }
            None => lengths.push((period.months(), 1, period.end())),
        }
    }
    let chosen = lengths
        .iter()
        .max_by_key(|(months, count, latest)| (*count, *months, *latest))
        .map(|(months, ..)| *months);
    let mut drawn = Vec::new();
    let mut others = Vec::new();
    let mut sorted = parsed;
    // In time order; codes halong cannot read last, as written.
    sorted.sort_by_key(|(period, point)| {
        (
            period.is_none(),
            period.map(|p| (p.end(), p.months())),
            point.0.clone(),
        )
    });
    for (period, point) in sorted {
        if period.is_some_and(|period| Some(period.months()) == chosen) {
            drawn.push(point);
        } else {
            others.push(point);
        }
    }
    (drawn, others)
}

/// A figure's dated numeric values in `unit` (with the index of their entry), oldest
/// first, one per date (the
/// first given for a date wins); entries in another unit or without a date are
/// left out, never drawn as zero.
pub fn history(
    schema: &Schema,
    figure: Option<&Figure>,
    unit: &str,
) -> Vec<(PartialDate, f64, usize)> {
    let Some(figure) = figure else {
        return Vec::new();
    };
    let mut points: Vec<(PartialDate, f64, usize)> = Vec::new();
    // Values with another scope (phase 1, the planned total) are not the same
    // series: only entries of the newest entry's scope are a history.
    let scope = figure.entries.first().map(|entry| &entry.scope);
    for (index, entry) in figure
        .entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| Some(&entry.scope) == scope)
    {
        let (Some(date), Some(value)) = (entry.as_of, in_unit(schema, entry, unit)) else {
            continue;
        };
        if !points.iter().any(|(known, ..)| *known == date) {
            points.push((date, value, index));
        }
    }
    points.sort_by_key(|(date, ..)| *date);
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::Text;

    fn entry(value: f64, unit: &str, period: Option<&str>, year: u16) -> Entry {
        Entry {
            value: Value::Number { value, decimals: 1 },
            unit: Some(unit.into()),
            source: None,
            as_of: Some(PartialDate {
                year,
                month: None,
                day: None,
            }),
            qualifier: None,
            scope: None,
            period: period.map(str::to_string),
            target_year: None,
            to: None,
        }
    }

    /// The built-in schema, which says how its units convert.
    fn schema() -> Schema {
        let languages = ["en".to_string()];
        crate::content::schema::read(None, &languages, &mut Vec::new())
    }

    #[test]
    fn periods_are_sorted_deduplicated_and_converted() {
        let figure = Figure {
            key: "fdi".into(),
            entries: vec![
                entry(850.0, "usd_million", Some("2024-Q1"), 2024),
                entry(3.1, "usd_billion", Some("2023"), 2023),
                entry(832.0, "usd_million", Some("2023"), 2023),
                entry(1.0, "ha", Some("2022"), 2022),
                entry(5.0, "usd_million", None, 2021),
            ],
        };
        let points = by_period(&schema(), Some(&figure), "usd_million");
        let periods: Vec<_> = points
            .iter()
            .map(|(period, value, _)| (period.as_str(), *value))
            .collect();
        assert_eq!(periods, vec![("2023", 3100.0), ("2024-Q1", 850.0)]);
        assert!(by_period(&schema(), None, "usd_million").is_empty());
    }

    #[test]
    fn no_series_mixes_periods_of_different_lengths() {
        // The bundled portal's FDI figure, as its sources give it: a full year, ten
        // months, a half year and a quarter.
        let figure = Figure {
            key: "fdi".into(),
            entries: vec![
                entry(850.0, "usd_million", Some("2024-Q1"), 2024),
                entry(3.1, "usd_billion", Some("2023"), 2024),
                entry(3090.0, "usd_million", Some("2023-01/2023-10"), 2023),
                entry(832.0, "usd_million", Some("2023-H1"), 2023),
                entry(2.0, "usd_billion", Some("2022"), 2023),
                entry(700.0, "usd_million", Some("2023-Q1"), 2023),
                entry(1.5, "usd_billion", Some("2021"), 2022),
                entry(9.0, "usd_million", Some("some time"), 2022),
            ],
        };
        let (drawn, others) = comparable(by_period(&schema(), Some(&figure), "usd_million"));
        let codes = |points: &[PeriodPoint]| -> Vec<String> {
            points.iter().map(|(code, ..)| code.clone()).collect()
        };
        assert_eq!(
            codes(&drawn),
            ["2021", "2022", "2023"],
            "full years only, in order"
        );
        assert_eq!(
            codes(&others),
            [
                "2023-Q1",
                "2023-H1",
                "2023-01/2023-10",
                "2024-Q1",
                "some time"
            ],
            "the rest listed, never drawn"
        );
        let lengths: std::collections::BTreeSet<u32> = drawn
            .iter()
            .filter_map(|(code, ..)| crate::content::period::Period::parse(code))
            .map(|period| period.months())
            .collect();
        assert_eq!(lengths.len(), 1, "one length of period in the series");

        // With as many quarters as years, the longer periods win; with more
        // quarters, the quarters.
        let quarters = Figure {
            key: "fdi".into(),
            entries: vec![
                entry(1.0, "usd_million", Some("2024-Q1"), 2024),
                entry(2.0, "usd_million", Some("2024-Q2"), 2024),
                entry(3.0, "usd_million", Some("2023"), 2024),
            ],
        };
        let (drawn, _) = comparable(by_period(&schema(), Some(&quarters), "usd_million"));
        assert_eq!(codes(&drawn), ["2024-Q1", "2024-Q2"]);
    }

    #[test]
    fn history_is_oldest_first_and_skips_undated_and_foreign_units() {
        let figure = Figure {
            key: "occupancy".into(),
            entries: vec![
                entry(86.05, "percent", None, 2024),
                entry(72.0, "percent", None, 2021),
                entry(5.0, "ha", None, 2022),
                Entry {
                    as_of: None,
                    ..entry(50.0, "percent", None, 2020)
                },
                Entry {
                    scope: Some(Text::same("phase 1")),
                    ..entry(100.0, "percent", None, 2023)
                },
            ],
        };
        let points: Vec<(u16, f64)> = history(&schema(), Some(&figure), "percent")
            .iter()
            .map(|(d, v, _)| (d.year, *v))
            .collect();
        assert_eq!(points, vec![(2021, 72.0), (2024, 86.05)]);
    }

    #[test]
    fn text_values_and_foreign_units_are_missing_not_zero() {
        let figure = Figure {
            key: "total_area".into(),
            entries: vec![
                Entry {
                    value: Value::Text(Text::same("large")),
                    ..entry(0.0, "ha", None, 2025)
                },
                entry(21.7, "km2", None, 2020),
            ],
        };
        assert_eq!(newest_in(&schema(), Some(&figure), "ha"), Some(2170.0));
        assert_eq!(newest_in(&schema(), Some(&figure), "percent"), None);
    }
}
