//! Charts as SVG strings, drawn at build time with plotters' SVG backend.
//!
//! Plain data in, SVG out. Every string (labels, titles, legends, value
//! texts) is already translated and formatted by the caller; numbers that the
//! module formats itself (axis ticks, map graticule) use the page's
//! [`NumberFormat`]. The module never touches the disk: the font (for text
//! metrics) is embedded with `include_bytes!`; the map's outline is the caller's.
//!
//! Every chart's SVG
//! - has `viewBox`, `width`/`height` and `style="max-width:100%;height:auto"`,
//! - has `aria-labelledby="<id>-title <id>-desc"`, a `<title>` and a `<desc>`,
//!   and `role="img"` (or `role="group"` when it contains links, so that the
//!   links stay reachable),
//! - keeps text as `<text>` elements (selectable, translatable),
//! - uses colours with WCAG AA contrast against its white background, and
//!   tells series apart by fill (solid / hatched / outline) or marker shape,
//!   not by colour alone,
//! - is byte-identical for the same input.
//!
//! Charts return `None` when there is nothing to draw, so that the caller can
//! show its "no data" text instead of a chart of zeros. The caller wraps the
//! SVG in a `<figure>` with a caption and a data table.
//! See `docs/charts.md`.

mod bars;
mod blocks;
mod columns;
mod format;
mod map;
mod svg;
#[cfg(test)]
mod tests;

pub use bars::{bar_chart, grouped_bar_chart, outlier_cap, stacked_bar};
pub use columns::column_chart;
pub use format::{format_number, NumberFormat};
pub use map::{province_map, MapBounds, MapSvg};
pub use svg::FONT_FAMILY;
// The link-preview card (render) draws its text with the same font.
pub(crate) use svg::FONT_BYTES;

/// One horizontal bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Text shown for it, already translated.
    pub label: String,
    /// The value (a finite number).
    pub value: f64,
    /// Shown at the end of the bar, formatted by the caller (e.g. "57,87 %").
    pub value_text: String,
    /// Link to the item's profile (park, zone); wraps the label and the bar.
    pub href: Option<String>,
}

/// Horizontal bars, in the caller's order (sort before calling).
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Unique on the page; used for the `<svg id>` and the aria ids.
    pub id: String,
    /// Title, shown in `<title>` (the caller also captions the figure).
    pub title: String,
    /// One sentence on what the chart shows, shown in `<desc>`.
    pub description: String,
    /// Title of the value axis, e.g. "Tỷ lệ lấp đầy (%)".
    pub value_axis: String,
    /// Fixed end of the value axis (e.g. `Some(100.0)` for percentages);
    /// the axis still grows if a value is larger.
    pub value_max: Option<f64>,
    /// The bars, in the order to draw them.
    pub bars: Vec<Bar>,
    /// Where the value axis stops even when a bar is longer ([`outlier_cap`]): such a
    /// bar is cut at the axis's end with a break mark, and keeps its value text, so
    /// that one outlier does not turn every other bar into a sliver.
    pub cap: Option<f64>,
    /// Notes printed under the chart (what a value covers: "* Song Khoai: phase 1").
    pub notes: Vec<String>,
}

/// A value that may be missing. When `value` is `None`, `value_text` (e.g.
/// "không có số liệu" / "no data") is shown in place of the mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The value (a finite number).
    pub value: Option<f64>,
    /// The value as the caller formatted it for the page's locale.
    pub value_text: String,
}

/// One group of bars (one per series) in a [`GroupedBarChart`].
#[derive(Debug, Clone, PartialEq)]
pub struct BarGroup {
    /// Text shown for it, already translated.
    pub label: String,
    /// One entry per series, in the order of [`GroupedBarChart::series`].
    pub values: Vec<Value>,
    /// Link to the item's page, if any.
    pub href: Option<String>,
}

/// Paired / grouped horizontal bars, e.g. planned vs operating area of the
/// industrial parks, or area per zone. Series 1 is solid, series 2 hatched,
/// series 3 outlined, then repeating with other colours.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedBarChart {
    /// Unique on the page: the `<svg id>` and the prefix of its aria ids.
    pub id: String,
    /// Title, shown in `<title>` (the caller also captions the figure).
    pub title: String,
    /// One sentence on what the chart shows, shown in `<desc>`.
    pub description: String,
    /// Title of the value axis.
    pub value_axis: String,
    /// Fixed end of the value axis (100 for percentages), if any.
    pub value_max: Option<f64>,
    /// Series names, shown in the legend.
    pub series: Vec<String>,
    /// The groups of bars, in order.
    pub groups: Vec<BarGroup>,
}

/// One part of a [`StackedBar`].
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// Text shown for it, already translated.
    pub label: String,
    /// The value (a finite number).
    pub value: f64,
    /// The value as the caller formatted it for the page's locale.
    pub value_text: String,
}

/// One bar split into parts, e.g. a park's land use: leased / available /
/// planned. Each part is named in a legend below the bar, in bar order.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedBar {
    /// Unique on the page: the `<svg id>` and the prefix of its aria ids.
    pub id: String,
    /// Title, shown in `<title>` (the caller also captions the figure).
    pub title: String,
    /// One sentence on what the chart shows, shown in `<desc>`.
    pub description: String,
    /// Shown after the bar, e.g. "Tổng: 300 ha". Empty: nothing shown.
    pub total_text: String,
    /// The parts of the bar, in order.
    pub segments: Vec<Segment>,
    /// Notes printed under the legend.
    pub notes: Vec<String>,
}

/// One column of a [`ColumnChart`].
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Period label, e.g. "2021" or "2016–2020".
    pub label: String,
    /// The value (a finite number).
    pub value: Option<f64>,
    /// Shown above the column (or in its place when `value` is `None`).
    pub value_text: String,
}

/// Vertical columns over periods, with value labels: FDI by period, a park's
/// own dated series.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnChart {
    /// Unique on the page: the `<svg id>` and the prefix of its aria ids.
    pub id: String,
    /// Title, shown in `<title>` (the caller also captions the figure).
    pub title: String,
    /// One sentence on what the chart shows, shown in `<desc>`.
    pub description: String,
    /// Title of the value axis.
    pub value_axis: String,
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// Notes printed under the chart.
    pub notes: Vec<String>,
}

/// What a map marker stands for; each kind has its own shape and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkerKind {
    /// Economic zone (khu kinh tế): square.
    Zone,
    /// Industrial park (khu công nghiệp): circle.
    Park,
    /// Industrial cluster (cụm công nghiệp): triangle.
    Cluster,
    /// Anything else (a project): diamond.
    Other,
    /// A landmark (port, airport...), drawn in its kind's symbol in dark grey.
    Landmark(crate::content::schema::Symbol),
}

/// A place on the province map. Only give a position that a cited dataset
/// gives; places without one are listed beside the map by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    /// Text shown for it, already translated.
    pub label: String,
    /// WGS84 degrees.
    pub lat: f64,
    /// Longitude in degrees east.
    pub lon: f64,
    /// Link to the item's page, if any.
    pub href: Option<String>,
    /// What the point is (decides its marker shape).
    pub kind: MarkerKind,
    /// Whether the position only approximates where the place is (a dashed ring
    /// around the marker says so).
    pub approximate: bool,
}

/// How much a map shows around its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapStyle {
    /// A map to read: graticule labels, scale bar, legend, a label per marker.
    Full,
    /// A small map that shows where one place lies: no graticule labels, no legend.
    Locator,
}

/// The province map: the portal's outline, a graticule, and the points.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvinceMap<'a> {
    /// Unique on the page: the `<svg id>` and the prefix of its aria ids.
    pub id: String,
    /// Title, shown in `<title>` (the caller also captions the figure).
    pub title: String,
    /// One sentence on what the chart shows, shown in `<desc>`.
    pub description: String,
    /// The points to place, the most important first (they get their labels first).
    pub points: Vec<MapPoint>,
    /// The outline's rings of (longitude, latitude), drawn as land; empty for a map
    /// of the points alone. Parts outside the frame are cut off.
    pub outline: &'a [Vec<(f64, f64)>],
    /// What the map shows (widened if too tall or too wide to read); points outside
    /// it are not drawn.
    pub frame: MapBounds,
    /// Legend text per marker kind, e.g. `(MarkerKind::Park, "Khu công nghiệp")`.
    /// Only kinds listed here and drawn on the map appear in the legend.
    pub legend: Vec<(MarkerKind, String)>,
    /// Legend text for the dashed ring of an approximate position (shown when one is
    /// drawn); empty: none.
    pub approximate_label: String,
    /// Legend text for a cluster marker (shown when one is drawn); empty: none.
    pub cluster_label: String,
    /// What a cluster marker says of itself, `{}` standing for its count ("{} places
    /// too close together to mark one by one").
    pub cluster_title: String,
    /// How many of the placed points, the first ones, the caller lists by number: a
    /// marker beyond them whose name does not fit gets no number (nothing would key
    /// it).
    pub listed: usize,
    /// Suffixes of graticule labels, e.g. "°B" / "°N" and "°Đ" / "°E".
    pub lat_suffix: String,
    /// Suffix for longitude labels (°E, °Đ).
    pub lon_suffix: String,
    /// Credit shown under the map, e.g. "Ranh giới: Natural Earth". Empty: none.
    pub attribution: String,
    /// A full map or a small locator.
    pub style: MapStyle,
}
