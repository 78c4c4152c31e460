//! Chart views: derived series + the page's language -> SVG (through [`crate::charts`])
//! with a caption and the same data as a table, for screen readers and print.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use crate::charts::{
    self, Bar, BarChart, Column, ColumnChart, MapPoint, MarkerKind, NumberFormat, ProvinceMap,
    Segment, StackedBar,
};
use crate::content::model::{Kind, Record, Site, Status};
use crate::derive::series::{by_period, history, newest_in, ranked};
use crate::derive::{record_path, Plan};

/// A chart ready for the `partials/chart.html` template.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Unique id on the page.
    pub id: String,
    /// Caption.
    pub title: String,
    /// What the chart shows, in a sentence.
    pub description: String,
    /// The SVG, or `None` when there is no data (the template says so).
    pub svg: Option<String>,
    /// Column headings of the data table.
    pub headings: Vec<String>,
    /// Rows of the data table (first cell is the row header).
    pub rows: Vec<Vec<String>>,
    /// Items that could not be drawn (map: no sourced position), as links.
    pub unplaced: Vec<super::views::LinkView>,
    /// How many more could not be drawn than `unplaced` lists.
    pub unplaced_more: usize,
}

struct Labels<'a> {
    site: &'a Site,
    language: &'a str,
    root: &'a str,
}

impl Labels<'_> {
    fn t(&self, key: &str) -> String {
        self.site.translations.get(self.language, key).to_string()
    }
    fn numbers(&self) -> NumberFormat {
        let locale = self.site.translations.locale(self.language);
        NumberFormat {
            decimal: locale.decimal.chars().next().unwrap_or('.'),
            group: locale.group.chars().next().unwrap_or(','),
        }
    }
    fn value(&self, value: f64, unit: &str) -> String {
        let decimals = if value.fract().abs() < 1e-9 {
            0
        } else if (value * 10.0).fract().abs() < 1e-9 {
            1
        } else {
            2
        };
        let number = self
            .site
            .translations
            .number(self.language, value, decimals);
        self.site
            .translations
            .get(self.language, &format!("unit.{unit}"))
            .replace("{}", &number)
    }
    fn name(&self, record: &Record) -> String {
        record.short_name.show(self.language).to_string()
    }
    fn href(&self, record: &Record) -> String {
        format!(
            "{}{}/{}",
            self.root,
            self.language,
            record_path(record.kind, &record.slug)
        )
    }
}

/// The most bars a chart draws.
const MAX_BARS: usize = 25;

/// A chart's title, description and value-axis title.
struct Texts {
    title: String,
    description: String,
    axis: String,
}

impl Texts {
    /// From `chart.<name>.title` and `.description`, and `chart.<axis>.axis`.
    fn of(labels: &Labels<'_>, name: &str, axis: &str) -> Texts {
        Texts {
            title: labels.t(&format!("chart.{name}.title")),
            description: labels.t(&format!("chart.{name}.description")),
            axis: labels.t(&format!("chart.{axis}.axis")),
        }
    }
}

/// Horizontal bars for `points`, each labelled with its figure as published.
fn bars_view(
    labels: &Labels<'_>,
    id: &str,
    texts: Texts,
    key: &str,
    unit: &str,
    max: Option<f64>,
    points: &[crate::derive::series::Point],
) -> ChartView {
    let site = labels.site;
    let Texts {
        title,
        description,
        axis,
    } = texts;
    // Past a few dozen bars a chart stops being readable: draw the largest and say so.
    let description = if points.len() > MAX_BARS {
        format!(
            "{description} {}",
            labels
                .t("chart.largest")
                .replace("{shown}", &MAX_BARS.to_string())
                .replace("{all}", &points.len().to_string())
        )
    } else {
        description
    };
    let bars: Vec<Bar> = points
        .iter()
        .take(MAX_BARS)
        .map(|point| {
            let record = &site.records[point.record];
            Bar {
                label: labels.name(record),
                value: point.value,
                value_text: record
                    .fact(key)
                    .and_then(|figure| figure.entries.get(point.entry))
                    .map_or_else(
                        || labels.value(point.value, unit),
                        |entry| super::views::entry_text(site, labels.language, entry),
                    ),
                href: Some(labels.href(record)),
            }
        })
        .collect();
    let rows = bars
        .iter()
        .map(|bar| vec![bar.label.clone(), bar.value_text.clone()])
        .collect();
    let chart = BarChart {
        id: id.to_string(),
        title: title.clone(),
        description: description.clone(),
        value_axis: axis.clone(),
        value_max: max,
        bars,
    };
    ChartView {
        id: id.to_string(),
        svg: memo(&chart, labels, |numbers| charts::bar_chart(&chart, numbers)),
        title,
        description,
        headings: vec![labels.t("table.name"), axis],
        rows,
        unplaced: Vec::new(),
        unplaced_more: 0,
    }
}

/// The home page's charts.
pub fn home(site: &Site, plan: &Plan, language: &str, root: &str) -> Vec<ChartView> {
    let labels = Labels {
        site,
        language,
        root,
    };
    let _ = plan;
    let mut views = Vec::new();

    let occupancy = ranked(site, Kind::Park, "occupancy", "percent", |record| {
        record.status == Some(Status::Operating)
    });
    views.push(bars_view(
        &labels,
        "chart-occupancy",
        Texts::of(&labels, "occupancy", "occupancy"),
        "occupancy",
        "percent",
        Some(100.0),
        &occupancy,
    ));

    let areas = ranked(site, Kind::Park, "total_area", "ha", |_| true);
    views.push(bars_view(
        &labels,
        "chart-park-area",
        Texts::of(&labels, "park_area", "park_area"),
        "total_area",
        "ha",
        None,
        &areas,
    ));

    // Planned against operating park area, both from the province's own figures.
    let planned = newest_in(site.province.fact("planned_ip_area"), "ha");
    let operating = newest_in(site.province.fact("operating_ip_area"), "ha");
    let mut bars = Vec::new();
    for (key, value) in [
        ("chart.ip_area.planned", planned),
        ("chart.ip_area.operating", operating),
    ] {
        if let Some(value) = value {
            bars.push(Bar {
                label: labels.t(key),
                value,
                value_text: labels.value(value, "ha"),
                href: None,
            });
        }
    }
    let rows = bars
        .iter()
        .map(|bar| vec![bar.label.clone(), bar.value_text.clone()])
        .collect();
    let (title, description, axis) = (
        labels.t("chart.ip_area.title"),
        labels.t("chart.ip_area.description"),
        labels.t("chart.ip_area.axis"),
    );
    let chart = BarChart {
        id: "chart-ip-area".into(),
        title: title.clone(),
        description: description.clone(),
        value_axis: axis.clone(),
        value_max: None,
        bars,
    };
    views.push(ChartView {
        id: "chart-ip-area".into(),
        svg: memo(&chart, &labels, |numbers| {
            charts::bar_chart(&chart, numbers)
        }),
        title,
        description,
        headings: vec![String::new(), axis],
        rows,
        unplaced: Vec::new(),
        unplaced_more: 0,
    });

    let fdi = by_period(site.province.fact("fdi"), "usd_million");
    let columns: Vec<Column> = fdi
        .iter()
        .map(|(period, value, _)| Column {
            label: period.clone(),
            value: Some(*value),
            value_text: labels.value(*value, "usd_million"),
        })
        .collect();
    let rows = columns
        .iter()
        .map(|column| vec![column.label.clone(), column.value_text.clone()])
        .collect();
    let (title, description, axis) = (
        labels.t("chart.fdi.title"),
        labels.t("chart.fdi.description"),
        labels.t("chart.fdi.axis"),
    );
    let chart = ColumnChart {
        id: "chart-fdi".into(),
        title: title.clone(),
        description: description.clone(),
        value_axis: axis.clone(),
        columns,
    };
    views.push(ChartView {
        id: "chart-fdi".into(),
        svg: memo(&chart, &labels, |numbers| {
            charts::column_chart(&chart, numbers)
        }),
        title,
        description,
        headings: vec![labels.t("chart.period"), axis],
        rows,
        unplaced: Vec::new(),
        unplaced_more: 0,
    });

    let zones = ranked(site, Kind::Zone, "total_area", "ha", |_| true);
    views.push(bars_view(
        &labels,
        "chart-zone-area",
        Texts::of(&labels, "zone_area", "zone_area"),
        "total_area",
        "ha",
        None,
        &zones,
    ));

    // Foreign investment by zone, where a source gives it; the other zones are named
    // as not published rather than drawn as zero.
    let capital = ranked(site, Kind::Zone, "fdi_capital", "usd_million", |_| true);
    let missing: Vec<String> = site
        .records_of(Kind::Zone)
        .filter(|zone| {
            !capital
                .iter()
                .any(|point| site.records[point.record].slug == zone.slug)
        })
        .map(|zone| labels.name(zone))
        .collect();
    let mut texts = Texts::of(&labels, "zone_fdi", "zone_fdi");
    if !missing.is_empty() {
        texts.description = format!(
            "{} {}: {}.",
            texts.description,
            labels.t("record.not_published"),
            missing.join(", ")
        );
    }
    views.push(bars_view(
        &labels,
        "chart-zone-fdi",
        texts,
        "fdi_capital",
        "usd_million",
        None,
        &capital,
    ));

    views.push(map(&labels));
    views
}

fn map(labels: &Labels<'_>) -> ChartView {
    let site = labels.site;
    let mut points = Vec::new();
    let mut indexes = Vec::new();
    for (index, record) in site.records.iter().enumerate() {
        if !matches!(record.kind, Kind::Zone | Kind::Park | Kind::Cluster) {
            continue;
        }
        indexes.push(index);
        let kind = match record.kind {
            Kind::Zone => MarkerKind::Zone,
            Kind::Park => MarkerKind::Park,
            _ => MarkerKind::Cluster,
        };
        // A record without a sourced position gets an out-of-range point, which the
        // map reports as not placed; it is then listed beside the map.
        let (lat, lon) = record
            .coordinates
            .as_ref()
            .map_or((f64::NAN, f64::NAN), |c| (c.lat, c.lon));
        points.push(MapPoint {
            label: labels.name(record),
            lat,
            lon,
            href: Some(labels.href(record)),
            kind,
        });
    }
    let (title, description) = (
        labels.t("chart.map.title"),
        labels.t("chart.map.description"),
    );
    let map = ProvinceMap {
        id: "chart-map".into(),
        title: title.clone(),
        description: description.clone(),
        points,
        legend: vec![
            (MarkerKind::Zone, labels.t("nav.zones")),
            (MarkerKind::Park, labels.t("nav.parks")),
            (MarkerKind::Cluster, labels.t("nav.clusters")),
        ],
        lat_suffix: labels.t("chart.map.north"),
        lon_suffix: labels.t("chart.map.east"),
        attribution: labels.t("chart.map.attribution"),
    };
    let drawn = charts::province_map(&map, &labels.numbers());
    // A long list beside the map helps nobody: name the first ones, count the rest.
    const LISTED: usize = 60;
    let unplaced_more = drawn.not_placed.len().saturating_sub(LISTED);
    let unplaced = drawn
        .not_placed
        .iter()
        .take(LISTED)
        .filter_map(|&point| indexes.get(point))
        .map(|&index| super::views::LinkView {
            label: labels.name(&site.records[index]),
            href: labels.href(&site.records[index]),
        })
        .collect();
    ChartView {
        id: "chart-map".into(),
        svg: Some(drawn.svg),
        title,
        description,
        headings: Vec::new(),
        rows: Vec::new(),
        unplaced,
        unplaced_more,
    }
}

/// A zone page's chart: its parks' areas.
pub fn zone(site: &Site, plan: &Plan, language: &str, root: &str, zone: &Record) -> Vec<ChartView> {
    let labels = Labels {
        site,
        language,
        root,
    };
    let members = plan
        .parks_in_zone
        .get(&zone.slug)
        .cloned()
        .unwrap_or_default();
    let areas = ranked(site, Kind::Park, "total_area", "ha", |record| {
        members.iter().any(|&i| site.records[i].slug == record.slug)
    });
    vec![bars_view(
        &labels,
        "chart-zone-parks",
        Texts::of(&labels, "zone_parks", "park_area"),
        "total_area",
        "ha",
        None,
        &areas,
    )]
}

/// A park page's charts: land use, then each figure the sources give for several dates.
pub fn park(site: &Site, language: &str, root: &str, park: &Record) -> Vec<ChartView> {
    let labels = Labels {
        site,
        language,
        root,
    };
    let mut views: Vec<ChartView> = land_use(&labels, park).into_iter().collect();
    for (key, unit) in HISTORY_FACTS {
        let points = history(park.fact(key), unit);
        if points.len() < 2 {
            continue;
        }
        let columns: Vec<Column> = points
            .iter()
            .map(|(date, value)| Column {
                label: date.show(&site.translations, language),
                value: Some(*value),
                value_text: labels.value(*value, unit),
            })
            .collect();
        let rows = columns
            .iter()
            .map(|c| vec![c.label.clone(), c.value_text.clone()])
            .collect();
        let label = labels.t(&format!("fact.{key}"));
        let title = labels.t("chart.history.title").replace("{}", &label);
        let description = labels.t("chart.history.description").replace("{}", &label);
        let id = format!("chart-history-{key}");
        let chart = ColumnChart {
            id: id.clone(),
            title: title.clone(),
            description: description.clone(),
            value_axis: labels
                .t(&format!("unit.{unit}"))
                .replace("{}", "")
                .trim()
                .to_string(),
            columns,
        };
        views.push(ChartView {
            id,
            svg: memo(&chart, &labels, |numbers| {
                charts::column_chart(&chart, numbers)
            }),
            title,
            description,
            headings: vec![labels.t("chart.as_of"), label],
            rows,
            unplaced: Vec::new(),
            unplaced_more: 0,
        });
    }
    views
}

/// Facts worth a chart over time when a park has them for several dates.
const HISTORY_FACTS: [(&str, &str); 5] = [
    ("occupancy", "percent"),
    ("secondary_projects", "projects"),
    ("registered_capital", "usd_million"),
    ("workers", "workers"),
    ("total_area", "ha"),
];

/// A park's land use: industrial land (leased and available when known) and other land.
fn land_use(labels: &Labels<'_>, park: &Record) -> Option<ChartView> {
    let total = newest_in(park.fact("total_area"), "ha");
    let industrial = newest_in(park.fact("industrial_area"), "ha");
    let available = newest_in(park.fact("available_area"), "ha");
    let (Some(total), Some(industrial)) = (total, industrial) else {
        return None;
    };
    let mut segments = Vec::new();
    match available.filter(|available| *available <= industrial) {
        Some(available) => {
            segments.push(Segment {
                label: labels.t("chart.land.leased"),
                value: industrial - available,
                value_text: labels.value(industrial - available, "ha"),
            });
            segments.push(Segment {
                label: labels.t("chart.land.available"),
                value: available,
                value_text: labels.value(available, "ha"),
            });
        }
        None => segments.push(Segment {
            label: labels.t("chart.land.industrial"),
            value: industrial,
            value_text: labels.value(industrial, "ha"),
        }),
    }
    if total > industrial {
        segments.push(Segment {
            label: labels.t("chart.land.other"),
            value: total - industrial,
            value_text: labels.value(total - industrial, "ha"),
        });
    }
    let rows = segments
        .iter()
        .map(|segment| vec![segment.label.clone(), segment.value_text.clone()])
        .collect();
    let (title, description) = (
        labels.t("chart.land.title"),
        labels.t("chart.land.description"),
    );
    let chart = StackedBar {
        id: "chart-land".into(),
        title: title.clone(),
        description: description.clone(),
        total_text: labels.value(total, "ha"),
        segments,
    };
    Some(ChartView {
        id: "chart-land".into(),
        svg: memo(&chart, labels, |numbers| {
            charts::stacked_bar(&chart, numbers)
        }),
        title,
        description,
        headings: vec![String::new(), labels.t("fact.total_area")],
        rows,
        unplaced: Vec::new(),
        unplaced_more: 0,
    })
}

/// Charts already drawn in this process, by their input. `serve` rebuilds in the same
/// process, so a chart whose data did not change is not drawn again. A one-off build
/// draws each chart once anyway, so it keeps nothing (see [`keep_drawn_charts`]).
static DRAWN: OnceLock<Mutex<HashMap<String, Option<String>>>> = OnceLock::new();

/// Whether [`memo`] keeps what it draws.
static KEEP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Keep drawn charts for later builds in this process (`serve` turns this on).
pub fn keep_drawn_charts() {
    KEEP.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Draws a chart, or returns the SVG drawn earlier for the same input and locale.
fn memo<T: std::fmt::Debug>(
    chart: &T,
    labels: &Labels<'_>,
    draw: impl FnOnce(&NumberFormat) -> Option<String>,
) -> Option<String> {
    let numbers = labels.numbers();
    if !KEEP.load(std::sync::atomic::Ordering::Relaxed) {
        return draw(&numbers);
    }
    let key = format!("{chart:?}{}{}", numbers.decimal, numbers.group);
    let cache = DRAWN.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(svg) = cache.lock().ok().and_then(|drawn| drawn.get(&key).cloned()) {
        return svg;
    }
    let svg = draw(&numbers);
    if let Ok(mut drawn) = cache.lock() {
        // Bound the memory a long preview session can use.
        if drawn.len() > 20_000 {
            drawn.clear();
        }
        drawn.insert(key, svg.clone());
    }
    svg
}

/// Draws every chart of every page of the site, bypassing the cache; returns how many
/// were drawn. Used by the benchmark to report what charts add to a build.
pub fn draw_all(site: &Site, plan: &Plan) -> usize {
    if let Some(cache) = DRAWN.get() {
        if let Ok(mut drawn) = cache.lock() {
            drawn.clear();
        }
    }
    let root = site.config.root_path();
    let mut count = 0;
    for language in &site.config.languages {
        count += home(site, plan, language, &root).len();
        for record in &site.records {
            count += match record.kind {
                Kind::Zone => zone(site, plan, language, &root, record).len(),
                Kind::Park | Kind::Cluster => park(site, language, &root, record).len(),
                Kind::Project => 0,
            };
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_with_the_same_input_is_drawn_once_when_kept() {
        let site = crate::content::model::Site {
            config: crate::config::parse(
                std::path::Path::new("site.yaml"),
                "title: T\nlanguages: [en]\nbase_url: https://x.test/\n",
                &mut Vec::new(),
            )
            .expect("a valid config"),
            translations: Default::default(),
            source_index: Default::default(),
            sources: Vec::new(),
            sectors: Vec::new(),
            province: Default::default(),
            records: Vec::new(),
            news: Vec::new(),
            pages: Vec::new(),
            templates: Vec::new(),
            assets: Vec::new(),
        };
        let labels = Labels {
            site: &site,
            language: "en",
            root: "/",
        };
        keep_drawn_charts();
        let drawn = std::cell::Cell::new(0);
        let chart = ("a_chart_with_the_same_input_is_drawn_once", 1.5);
        let draw = |_: &NumberFormat| {
            drawn.set(drawn.get() + 1);
            Some("<svg/>".to_string())
        };
        assert_eq!(memo(&chart, &labels, draw), Some("<svg/>".to_string()));
        assert_eq!(memo(&chart, &labels, draw), Some("<svg/>".to_string()));
        assert_eq!(drawn.get(), 1, "the second build reuses the first drawing");
        let changed = ("a_chart_with_the_same_input_is_drawn_once", 2.5);
        memo(&changed, &labels, draw);
        assert_eq!(drawn.get(), 2, "a change in the data draws again");
    }
}
