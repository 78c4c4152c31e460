//! Chart views: derived series + the page's language -> SVG (through [`crate::charts`])
//! with a caption and the same data as a table, for screen readers and print. Each row
//! of that table is a value as drawn (in the axis's unit, with its qualifier), what it
//! covers, the date it was true and its sources ([`ChartRow`]).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;

use crate::charts::{self, Bar, BarChart, NumberFormat};
use crate::content::model::{Entry, Figure, Record, Site};
use crate::derive::series::in_unit;
use crate::derive::{record_path, Plan};

/// A chart ready for the `partials/chart.html` template.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// Unique id on the page.
    pub id: String,
    /// What sort of chart it is (`ranking`, `periods`, `breakdown`, `history`, `facts`,
    /// `members`, `map`), for the theme's styles (a printed factsheet sizes them apart).
    pub kind: &'static str,
    /// Caption.
    pub title: String,
    /// What the chart shows, in a sentence.
    pub description: String,
    /// The SVG, or `None` when there is no data (the template says so).
    pub svg: Option<String>,
    /// Column headings of the data table's row header and values (the theme adds
    /// notes, date and source).
    pub headings: Vec<String>,
    /// Rows of the data table.
    pub rows: Vec<ChartRow>,
    /// Whether some row has a note (the table then has a notes column).
    pub noted: bool,
    /// Items that could not be drawn (map: no sourced position), as links.
    pub unplaced: Vec<super::views::LinkView>,
    /// How many more could not be drawn than `unplaced` lists.
    pub unplaced_more: usize,
    /// A map's places, numbered as on the map (empty for other charts): the first
    /// ones only, where a map has more than a list can usefully give.
    pub places: Vec<super::maps::PlaceView>,
    /// How many places the map has, in the page's locale.
    pub places_count: String,
    /// How many more places the map has than `places` lists, in the page's locale.
    pub places_more: Option<String>,
    /// Where the places `places` leaves out are all listed: the list pages of
    /// their kinds.
    pub places_lists: Vec<super::views::LinkView>,
}

/// One row of a chart's data table: a value as the chart shows it, what it covers,
/// the date it was true and its sources, so that a reader can check every mark.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChartRow {
    /// The row's header (a park, a period).
    pub label: String,
    /// The values, as the chart writes them (with their qualifier).
    pub values: Vec<String>,
    /// What the value covers, how it was published when the chart converted it, or
    /// why it is listed but not drawn.
    pub note: Option<String>,
    /// When it was true, in words.
    pub as_of: Option<String>,
    /// Its sources' ids.
    pub sources: Vec<String>,
    /// Its sources' numbers in the page's list of sources (see [`ChartView::cite`]).
    pub citations: Vec<usize>,
    /// Listed only: not drawn (a period of another length, past the most bars drawn).
    pub not_drawn: bool,
}

impl ChartRow {
    /// A row for a value taken from `entry`: its date and source come with it.
    pub(super) fn of_entry(
        labels: &Labels<'_>,
        label: String,
        value: String,
        entry: Option<&Entry>,
    ) -> ChartRow {
        ChartRow {
            label,
            values: vec![value],
            as_of: entry
                .and_then(|entry| entry.as_of)
                .map(|date| date.show(&labels.site.translations, labels.language)),
            sources: entry
                .and_then(|entry| entry.source.clone())
                .into_iter()
                .collect(),
            ..ChartRow::default()
        }
    }
}

impl ChartView {
    /// A chart whose data table lists `rows` (every chart but a map: no places, none
    /// left unplaced). Whether a row has a note is settled when it is cited.
    pub fn tabled(
        id: String,
        kind: &'static str,
        svg: Option<String>,
        title: String,
        description: String,
        headings: Vec<String>,
        rows: Vec<ChartRow>,
    ) -> ChartView {
        ChartView {
            id,
            kind,
            title,
            description,
            svg,
            headings,
            rows,
            noted: false,
            unplaced: Vec::new(),
            unplaced_more: 0,
            places: Vec::new(),
            places_count: String::new(),
            places_more: None,
            places_lists: Vec::new(),
        }
    }

    /// Numbers each row's sources in the page's list of sources, adding those the page
    /// did not cite yet: every value a chart draws is cited where it is drawn.
    pub fn cite(&mut self, citations: &mut super::views::Citations<'_>) {
        for row in &mut self.rows {
            row.citations = row.sources.iter().map(|id| citations.cite(id)).collect();
        }
        self.noted = self.rows.iter().any(|row| row.note.is_some());
    }
}

/// Appends `note` to a row's note.
pub(super) fn add_note(row: &mut ChartRow, note: String) {
    row.note = Some(match row.note.take() {
        Some(before) => format!("{before}; {note}"),
        None => note,
    });
}

/// The newest entry of a figure with a number in `unit`, and that number.
pub(super) fn newest_entry_in<'f>(
    site: &Site,
    figure: Option<&'f Figure>,
    unit: &str,
) -> Option<(&'f Entry, f64)> {
    figure?
        .entries
        .iter()
        .find_map(|entry| Some((entry, in_unit(&site.schema, entry, unit)?)))
}

/// How a chart shows `entry`'s value (`value` in `unit`): its text with qualifier, a
/// `*` when it covers only part of something, its data-table row (scope, the unit it
/// was published in if converted, date, source) and the note under the chart.
pub(super) fn drawn_value(
    labels: &Labels<'_>,
    name: String,
    entry: &Entry,
    value: f64,
    unit: &str,
) -> (String, ChartRow, Option<String>) {
    let site = labels.site;
    let language = labels.language;
    let text = super::figures::entry_text_in(site, language, entry, unit)
        .unwrap_or_else(|| labels.value(value, unit));
    let mut row = ChartRow::of_entry(labels, name.clone(), text.clone(), Some(entry));
    let scope = entry
        .scope
        .as_ref()
        .map(|scope| site.shown(scope, language).into_owned());
    if let Some(scope) = &scope {
        add_note(&mut row, scope.clone());
    }
    if entry.unit.as_deref() != Some(unit) {
        add_note(
            &mut row,
            labels
                .t("chart.published_as")
                .replace("{}", &super::figures::entry_text(site, language, entry)),
        );
    }
    match scope {
        Some(scope) => (format!("{text}*"), row, Some(format!("* {name}: {scope}"))),
        None => (text, row, None),
    }
}

/// A data-table row for a value computed from several entries: every date and source
/// of them, each once.
pub(super) fn combined_row(
    labels: &Labels<'_>,
    label: String,
    text: String,
    from: &[&Entry],
) -> ChartRow {
    let mut row = ChartRow::of_entry(labels, label, text, None);
    let mut dates = Vec::new();
    for entry in from {
        if let Some(id) = &entry.source {
            if !row.sources.contains(id) {
                row.sources.push(id.clone());
            }
        }
        if let Some(date) = entry.as_of {
            let date = date.show(&labels.site.translations, labels.language);
            if !dates.contains(&date) {
                dates.push(date);
            }
        }
    }
    row.as_of = (!dates.is_empty()).then(|| dates.join("; "));
    row
}

/// What a chart's texts and links need: the site, the page's language and root.
pub(super) struct Labels<'a> {
    pub site: &'a Site,
    pub language: &'a str,
    pub root: &'a str,
}

impl Labels<'_> {
    pub fn t(&self, key: &str) -> String {
        self.site.translations.get(self.language, key).to_string()
    }
    pub fn numbers(&self) -> NumberFormat {
        let locale = self.site.translations.locale(self.language);
        NumberFormat {
            decimal: locale.decimal.chars().next().unwrap_or('.'),
            group: locale.group.chars().next().unwrap_or(','),
        }
    }
    /// A number in the page's locale with its unit's pattern (from the schema).
    pub fn value(&self, value: f64, unit: &str) -> String {
        let decimals = super::figures::needed_decimals(value);
        let number = self
            .site
            .translations
            .number(self.language, value, decimals);
        match self.site.schema.unit(unit) {
            Some((_, unit)) => self
                .site
                .text(&unit.label, self.language)
                .replace("{}", &number),
            None => number,
        }
    }
    pub fn name(&self, record: &Record) -> String {
        record.short_name.show(self.language).to_string()
    }
    pub fn href(&self, record: &Record) -> String {
        format!(
            "{}{}/{}",
            self.root,
            self.language,
            record_path(record.kind, &record.slug)
        )
    }
}

/// The most bars a chart draws.
pub(super) const MAX_BARS: usize = 25;

/// A chart's title, description and value-axis title.
pub(super) struct Texts {
    pub title: String,
    pub description: String,
    pub axis: String,
}

/// Horizontal bars for `points`, all in `unit` (the axis's): a figure published in
/// another unit of the family is converted ("2,170 km²" is drawn and written as
/// "217,000 ha"), its qualifier kept ("over 45%"), and what it covers ("phase 1 of 5")
/// marked with `*` and said in a note under the chart. One outlier does not set the
/// scale: its bar is cut ([`charts::outlier_cap`]) and the description says so.
pub(super) fn bars_view(
    labels: &Labels<'_>,
    id: &str,
    texts: Texts,
    key: &str,
    unit: &str,
    max: Option<f64>,
    points: &[crate::derive::series::Point],
) -> ChartView {
    let site = labels.site;
    let language = labels.language;
    let Texts {
        title,
        description,
        axis,
    } = texts;
    // Past a few dozen bars a chart stops being readable: draw the largest and say so.
    let mut description = if points.len() > MAX_BARS {
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
    let mut bars = Vec::new();
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    // The table lists what is drawn: a site of thousands of parks gets no table of
    // thousands of rows on its home page.
    for point in points.iter().take(MAX_BARS) {
        let record = &site.records[point.record];
        let entry = record
            .fact(key)
            .and_then(|figure| figure.entries.get(point.entry));
        let value_text = entry
            .and_then(|entry| super::figures::entry_text_in(site, language, entry, unit))
            .unwrap_or_else(|| labels.value(point.value, unit));
        let scope = entry
            .and_then(|entry| entry.scope.as_ref())
            .map(|scope| site.shown(scope, language).into_owned());
        let mut row = ChartRow::of_entry(labels, labels.name(record), value_text.clone(), entry);
        if let Some(scope) = &scope {
            add_note(&mut row, scope.clone());
        }
        // Said as published when the chart converted it.
        if let Some(entry) = entry.filter(|entry| entry.unit.as_deref() != Some(unit)) {
            add_note(
                &mut row,
                labels
                    .t("chart.published_as")
                    .replace("{}", &super::figures::entry_text(site, language, entry)),
            );
        }
        rows.push(row);
        if let Some(scope) = &scope {
            notes.push(format!("* {}: {scope}", labels.name(record)));
        }
        bars.push(Bar {
            label: labels.name(record),
            value: point.value,
            value_text: if scope.is_some() {
                format!("{value_text}*")
            } else {
                value_text
            },
            href: Some(labels.href(record)),
        });
    }
    let values: Vec<f64> = bars.iter().map(|bar| bar.value).collect();
    let cap = max
        .is_none()
        .then(|| charts::outlier_cap(&values))
        .flatten();
    if let Some(cap) = cap {
        let cut: Vec<&str> = bars
            .iter()
            .filter(|bar| bar.value > cap)
            .map(|bar| bar.label.as_str())
            .collect();
        description = format!(
            "{description} {}",
            labels.t("chart.cut").replace("{names}", &cut.join(", "))
        );
    }
    let chart = BarChart {
        id: id.to_string(),
        title: title.clone(),
        description: description.clone(),
        value_axis: axis.clone(),
        value_max: max,
        bars,
        cap,
        notes,
    };
    ChartView::tabled(
        id.to_string(),
        "ranking",
        memo(&chart, labels, |numbers| charts::bar_chart(&chart, numbers)),
        title,
        description,
        vec![labels.t("table.name"), axis],
        rows,
    )
}

/// Charts already drawn in this process, by their input. `serve` rebuilds in the same
/// process, so a chart whose data did not change is not drawn again. A one-off build
/// draws each chart once anyway, so it keeps nothing (see [`keep_drawn_charts`]).
/// Keyed by a hash of the input: a map's input names every record, and at 10,000
/// parks its text would be megabytes per key.
static DRAWN: OnceLock<Mutex<HashMap<u64, Option<String>>>> = OnceLock::new();

/// Whether [`memo`] keeps what it draws.
static KEEP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Keep drawn charts for later builds in this process (a [`crate::Session`] turns this on).
pub fn keep_drawn_charts() {
    KEEP.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Draws a chart, or returns the SVG drawn earlier for the same input and locale.
pub(super) fn memo<T: std::fmt::Debug>(
    chart: &T,
    labels: &Labels<'_>,
    draw: impl FnOnce(&NumberFormat) -> Option<String>,
) -> Option<String> {
    let numbers = labels.numbers();
    if !KEEP.load(std::sync::atomic::Ordering::Relaxed) {
        return draw(&numbers);
    }
    let key = {
        use std::fmt::Write as _;
        let mut hasher = HashingWriter(std::collections::hash_map::DefaultHasher::new());
        let _ = write!(hasher, "{chart:?}{}{}", numbers.decimal, numbers.group);
        std::hash::Hasher::finish(&hasher.0)
    };
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

/// Hashes what is written to it, without keeping it.
struct HashingWriter(std::collections::hash_map::DefaultHasher);

impl std::fmt::Write for HashingWriter {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        std::hash::Hasher::write(&mut self.0, text.as_bytes());
        Ok(())
    }
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
    let _ = plan;
    for language in &site.config.languages {
        count += super::drawings::home(site, language, &root).len();
        for record in &site.records {
            count += super::drawings::record(site, language, &root, record).len();
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_with_the_same_input_is_drawn_once_when_kept() {
        let site = crate::content::model::Site::empty("[en]");
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
