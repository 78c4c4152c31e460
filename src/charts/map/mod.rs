//! The province map: the portal's outline (if it has one, cut to the frame), a lat/lon
//! graticule, a scale bar, and linked markers (records and landmarks, each kind in its
//! own shape; approximate positions ringed), in the frame the caller gives. The frame is
//! widened where a very tall or very wide one would make an unreadable map; the
//! graticule and the scale bar follow its size. Labels go where they fit
//! ([`labels`]); the others are numbered, and the caller lists the places by number.
//! Places too close together to mark one by one are counted in one cluster marker.
//!
//! Pages keep a map at about its own size (a phone scrolls it sideways rather than
//! shrinking its labels), so labels are set at the size they are read at.

mod labels;
mod symbols;

use super::format::format_number;
use super::svg::*;
use super::{MapStyle, MarkerKind, NumberFormat, ProvinceMap};
use labels::{Label, Side, Style};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

const MARGIN: i32 = 10;
/// Plot widths: a full map, and a locator.
const PLOT_W: i32 = 560;
const LOCATOR_W: i32 = 240;
const LABEL_FS: f64 = 16.0;
const NUMBER_FS: f64 = 14.0;
const TICK_FS: f64 = 14.0;
const LEGEND_FS: f64 = 16.0;
/// The longest label, in pixels; longer names are shortened with "…" (the list of
/// places under the map gives them whole).
const LONGEST_LABEL: i32 = 150;
/// Graticule steps, in degrees: the smallest that draws at most [`MAX_LINES`] lines.
const GRATICULE_STEPS: &[f64] = &[0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0];
const MAX_LINES: f64 = 8.0;
/// Scale bar lengths, in km: the longest that takes at most a quarter of the width.
const SCALE_LENGTHS: &[f64] = &[1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0];
/// The plot is at most this many times as tall as it is wide...
const MAX_TALL: f64 = 1.5;
/// ...and at most this many times as wide as it is tall: the frame is widened (never
/// narrowed) to stay within.
const MAX_WIDE: f64 = 2.5;

/// Geographic frame of the map (WGS84 degrees).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapBounds {
    /// Southern edge, degrees.
    pub lat_min: f64,
    /// Northern edge, degrees.
    pub lat_max: f64,
    /// Western edge, degrees.
    pub lon_min: f64,
    /// Eastern edge, degrees.
    pub lon_max: f64,
}

impl MapBounds {
    /// Whether a position lies inside these bounds.
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        lat.is_finite()
            && lon.is_finite()
            && lat >= self.lat_min
            && lat <= self.lat_max
            && lon >= self.lon_min
            && lon <= self.lon_max
    }
}

/// The map and what became of each point (indices into `ProvinceMap::points`).
#[derive(Debug, Clone, PartialEq)]
pub struct MapSvg {
    /// The SVG document.
    pub svg: String,
    /// Points drawn on the map.
    pub placed: Vec<usize>,
    /// Points outside the map frame (or with non-finite coordinates): not
    /// drawn. The caller lists them beside the map and may warn.
    pub not_placed: Vec<usize>,
    /// Placed points that fall outside the province outline (at sea, or in
    /// a neighbouring province): drawn, but worth a check of the source.
    pub outside_outline: Vec<usize>,
    /// Placed points drawn with their number instead of their name (no room): the
    /// number of a placed point is its position in `placed`, from 1.
    pub numbered: Vec<usize>,
    /// Placed points too close to others to be marked one by one: counted in a
    /// cluster marker instead, without a marker or link of their own.
    pub clustered: Vec<usize>,
}

impl MapSvg {
    /// The number a placed point has in the list of places.
    pub fn number(&self, point: usize) -> Option<usize> {
        self.placed
            .iter()
            .position(|&placed| placed == point)
            .map(|position| position + 1)
    }
}

fn point_in_ring(lon: f64, lat: f64, ring: &[(f64, f64)]) -> bool {
    let mut inside = false;
    let mut j = ring.len() - 1;
    for i in 0..ring.len() {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[j];
        if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

struct Projection {
    b: MapBounds,
    k: f64,
    s: f64,
    x0: i32,
    y0: i32,
}

impl Projection {
    fn xy(&self, lon: f64, lat: f64) -> (i32, i32) {
        let x = self.x0 as f64 + (lon - self.b.lon_min) * self.k * self.s;
        let y = self.y0 as f64 + (self.b.lat_max - lat) * self.s;
        (x.round() as i32, y.round() as i32)
    }
}

/// The frame widened, if need be, so that the plot is neither much taller nor much
/// wider than [`MAX_TALL`] and [`MAX_WIDE`] allow (a long, thin province would otherwise give a map
/// thousands of pixels tall).
fn readable(frame: MapBounds) -> MapBounds {
    let mut b = frame;
    let k = ((b.lat_min + b.lat_max) / 2.0).to_radians().cos();
    let (width, height) = ((b.lon_max - b.lon_min) * k, b.lat_max - b.lat_min);
    if height > width * MAX_TALL {
        let grow = (height / MAX_TALL / k - (b.lon_max - b.lon_min)) / 2.0;
        b.lon_min -= grow;
        b.lon_max += grow;
    } else if width > height * MAX_WIDE {
        let grow = (width / MAX_WIDE - height) / 2.0;
        b.lat_min -= grow;
        b.lat_max += grow;
    }
    b
}

/// The outline (if any) with a graticule and the given points. Points outside the
/// map frame are not drawn and are reported in `not_placed`; the outline and
/// graticule are always drawn, even with no point at all.
pub fn province_map(map: &ProvinceMap<'_>, numbers: &NumberFormat) -> MapSvg {
    let full = map.style == MapStyle::Full;
    let plot_w = if full { PLOT_W } else { LOCATOR_W };
    let b = readable(map.frame);
    let k = ((b.lat_min + b.lat_max) / 2.0).to_radians().cos();
    let s = f64::from(plot_w) / ((b.lon_max - b.lon_min) * k);
    let plot_h = ((b.lat_max - b.lat_min) * s).round() as i32;
    let step = GRATICULE_STEPS
        .iter()
        .copied()
        .find(|step| (b.lon_max - b.lon_min).max(b.lat_max - b.lat_min) / step <= MAX_LINES)
        .unwrap_or(10.0);

    // Graticule labels.
    let deg = |v: f64, suffix: &str| {
        // As few decimals as the value needs: 21, 21.5, 21.25, 10.1.
        let decimals = (0..2)
            .find(|&decimals| {
                let scaled = v * 10f64.powi(decimals);
                (scaled - scaled.round()).abs() < 1e-6
            })
            .map_or(2, |decimals| decimals as usize);
        format!("{}{}", format_number(v, decimals, numbers), suffix)
    };
    let steps = |lo: f64, hi: f64| -> Vec<f64> {
        let first = (lo / step).ceil() as i64;
        let last = (hi / step).floor() as i64;
        (first..=last).map(|i| i as f64 * step).collect()
    };
    let lats = steps(b.lat_min, b.lat_max);
    let lons = steps(b.lon_min, b.lon_max);
    let lat_labels: Vec<String> = lats.iter().map(|v| deg(*v, &map.lat_suffix)).collect();
    let lon_labels: Vec<String> = lons.iter().map(|v| deg(*v, &map.lon_suffix)).collect();
    // Label widths with room for a browser that sets them wider than measured.
    let lat_w = if full {
        lat_labels
            .iter()
            .map(|l| text_width(l, TICK_FS) * 100 / 94)
            .max()
            .unwrap_or(0)
            + 6
    } else {
        0
    };
    let x0 = MARGIN + lat_w;
    // Room above the top latitude line for the half of its label that rises above it.
    let y0 = MARGIN + if full { 8 } else { 0 };
    let x1 = x0 + plot_w;
    let y1 = y0 + plot_h;
    // The last longitude label is centred on its line, near the right edge.
    let lon_overhang = lon_labels
        .last()
        .map_or(0, |label| text_width(label, TICK_FS) * 100 / 94 / 2);
    let width = x1 + MARGIN + if full { lon_overhang.max(20) } else { 0 };
    let proj = Projection { b, k, s, x0, y0 };

    // The points: which are on the map, where their markers go, and their labels.
    let mut placed = Vec::new();
    let mut not_placed = Vec::new();
    let mut outside_outline = Vec::new();
    let mut pixels = Vec::new();
    for (i, p) in map.points.iter().enumerate() {
        if !b.contains(p.lat, p.lon) {
            not_placed.push(i);
            continue;
        }
        pixels.push(proj.xy(p.lon, p.lat));
        placed.push(i);
        if !map.outline.is_empty() && !map.outline.iter().any(|r| point_in_ring(p.lon, p.lat, r)) {
            outside_outline.push(i);
        }
    }
    let layout = labels::spread(&pixels, (x0, y0, x1, y1));
    let spots = &layout.spots;
    let names: Vec<String> = placed
        .iter()
        .map(|&i| map.points[i].label.clone())
        .collect();
    // Only the points the caller lists have a number to show.
    let numbers_of: Vec<Option<usize>> = (1..=placed.len())
        .map(|number| (number <= map.listed).then_some(number))
        .collect();
    let order: Vec<usize> = (0..placed.len())
        .filter(|&position| spots[position].cluster.is_none())
        .collect();
    let style = Style {
        font: LABEL_FS,
        number_font: NUMBER_FS,
        gap: 3,
        longest: LONGEST_LABEL,
    };
    let point_labels = labels::place(
        &layout,
        &names,
        &numbers_of,
        &order,
        (x0, y0, x1, y1),
        &style,
    );
    let numbered: Vec<usize> = point_labels
        .iter()
        .enumerate()
        .filter(|(_, label)| matches!(label, Some(Label::Number { .. })))
        .map(|(position, _)| placed[position])
        .collect();
    let clustered: Vec<usize> = spots
        .iter()
        .enumerate()
        .filter(|(_, spot)| spot.cluster.is_some())
        .map(|(position, _)| placed[position])
        .collect();

    // Legend: the kinds drawn, in the caller's order, and the ring if one is drawn.
    // Only markers drawn one by one show their kind (a cluster's disc does not).
    let drawn: Vec<&super::MapPoint> = placed
        .iter()
        .zip(spots)
        .filter(|(_, spot)| spot.cluster.is_none())
        .map(|(&i, _)| &map.points[i])
        .collect();
    let drawn_kinds: Vec<MarkerKind> = drawn.iter().map(|point| point.kind).collect();
    let mut legend_entries: Vec<(Key, String)> = map
        .legend
        .iter()
        .filter(|(kind, _)| drawn_kinds.contains(kind))
        .map(|(kind, text)| (Key::Kind(*kind), text.clone()))
        .collect();
    if drawn.iter().any(|point| point.approximate) && !map.approximate_label.is_empty() {
        legend_entries.push((Key::Approximate, map.approximate_label.clone()));
    }
    if !layout.clusters.is_empty() && !map.cluster_label.is_empty() {
        legend_entries.push((Key::Cluster, map.cluster_label.clone()));
    }
    if !full {
        legend_entries.clear();
    }
    let legend_y = y1 + if full { 28 } else { 8 };
    let mut legend_items = Vec::new();
    let (mut lx, mut ly) = (x0, legend_y);
    for (kind, text) in &legend_entries {
        let w = 22 + 6 + text_width(text, LEGEND_FS) + 16;
        if lx > x0 && lx + w > width - MARGIN {
            lx = x0;
            ly += 24;
        }
        legend_items.push((*kind, text.clone(), lx, ly));
        lx += w;
    }
    let mut bottom = if legend_items.is_empty() {
        y1 + if full { 24 } else { 4 }
    } else {
        ly + 24
    };
    let attribution_y = bottom + 4;
    if !map.attribution.is_empty() {
        bottom += 22;
    }
    let size = (width as u32, (bottom + MARGIN) as u32);
    let clip = format!("{}-clip", clean_id(&map.id));

    let mut body = background(size);
    body.push_str(&marks(|m| {
        // Land and coast, cut to the plot: a zone's map shows part of the province.
        m.raw(&format!(
            "<defs><clipPath id=\"{clip}\"><rect x=\"{x0}\" y=\"{y0}\" width=\"{plot_w}\" height=\"{plot_h}\"/></clipPath></defs>\n<g clip-path=\"url(#{clip})\">\n"
        ));
        // Drawn through plotters' SVG backend, as every chart's marks are written.
        m.raw(&fragment(|a| {
            for ring in map.outline {
                let pts: Vec<(i32, i32)> =
                    ring.iter().map(|&(lon, lat)| proj.xy(lon, lat)).collect();
                a.draw(&Polygon::new(pts, LAND.filled()))?;
            }
            for lat in &lats {
                let (_, y) = proj.xy(b.lon_min, *lat);
                a.draw(&PathElement::new(
                    vec![(x0, y), (x1, y)],
                    ShapeStyle::from(&GRID).stroke_width(1),
                ))?;
            }
            for lon in &lons {
                let (x, _) = proj.xy(*lon, b.lat_max);
                a.draw(&PathElement::new(
                    vec![(x, y0), (x, y1)],
                    ShapeStyle::from(&GRID).stroke_width(1),
                ))?;
            }
            for ring in map.outline {
                let mut pts: Vec<(i32, i32)> =
                    ring.iter().map(|&(lon, lat)| proj.xy(lon, lat)).collect();
                if pts.first() != pts.last() {
                    pts.push(pts[0]);
                }
                a.draw(&PathElement::new(
                    pts,
                    ShapeStyle::from(&COAST).stroke_width(1),
                ))?;
            }
            Ok(())
        }));
        m.raw("</g>\n");
        if full {
            for (lat, label) in lats.iter().zip(&lat_labels) {
                let (_, y) = proj.xy(b.lon_min, *lat);
                m.text(label, (x0 - 4, y), TextMark::new(TICK_FS, MUTED, HPos::Right, VPos::Center));
            }
            for (lon, label) in lons.iter().zip(&lon_labels) {
                let (x, _) = proj.xy(*lon, b.lat_max);
                m.text(label, (x, y1 + 4), TextMark::new(TICK_FS, MUTED, HPos::Center, VPos::Top));
            }
        }
        m.line(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], MUTED, 1);
        // Scale bar (1° of latitude ≈ 111.32 km; x is scaled by cos(lat)).
        let px_per_km = s / 111.32;
        let km = SCALE_LENGTHS
            .iter()
            .copied()
            .rev()
            .find(|km| km * px_per_km <= f64::from(plot_w) / 4.0)
            .unwrap_or(SCALE_LENGTHS[0]);
        let len = (km / 111.32 * s).round() as i32;
        let (sx, sy) = (x1 - 12 - len, y1 - 10);
        m.line(&[(sx, sy - 5), (sx, sy), (sx + len, sy), (sx + len, sy - 5)], TEXT, 2);
        m.text(
            &format!("{} km", format_number(km, 0, numbers)),
            (sx + len / 2, sy - 6),
            TextMark::new(TICK_FS, TEXT, HPos::Center, VPos::Bottom),
        );
        // Markers set aside from their places point back to them.
        for spot in spots
            .iter()
            .filter(|spot| spot.moved() && spot.cluster.is_none())
        {
            symbols::leader(m, spot.marker, spot.at);
        }
    }));

    // Each cluster with its count: not a link (it stands for many pages), but named.
    for cluster in &layout.clusters {
        let count = format_number(cluster.members.len() as f64, 0, numbers);
        let frag = marks(|m| symbols::cluster(m, cluster.marker, cluster.radius, &count));
        body.push_str(&group(&map.cluster_title.replace("{}", &count), &frag));
    }

    // Each marker with its label, linked to the place's page.
    let mut has_links = false;
    for (position, &i) in placed.iter().enumerate() {
        let p = &map.points[i];
        let spot = spots[position];
        if spot.cluster.is_some() {
            continue;
        }
        let frag = marks(|m| {
            if let Some(label) = &point_labels[position] {
                let (area, text, anchor, side, font) = match label {
                    Label::Name {
                        text,
                        anchor,
                        side,
                        area,
                        leader,
                    } => {
                        if let Some(end) = leader {
                            m.line(&[spot.marker, *end], MUTED, 1);
                        }
                        (area, text, anchor, side, LABEL_FS)
                    }
                    Label::Number {
                        text,
                        anchor,
                        side,
                        area,
                    } => (area, text, anchor, side, NUMBER_FS),
                };
                m.halo((area.0, area.1), (area.2, area.3));
                let h = match side {
                    Side::Right => HPos::Left,
                    Side::Left => HPos::Right,
                    Side::Centre => HPos::Center,
                };
                m.text(text, *anchor, TextMark::new(font, TEXT, h, VPos::Center));
            }
            symbols::marker(m, p.kind, spot.marker, symbols::RADIUS, p.approximate);
        });
        match p.href.as_deref().filter(|h| !h.is_empty()) {
            Some(h) => {
                has_links = true;
                body.push_str(&link(h, &p.label, &frag));
            }
            None => body.push_str(&group(&p.label, &frag)),
        }
    }

    // Legend and attribution.
    body.push_str(&marks(|m| {
        for (kind, text, lx, ly) in &legend_items {
            let centre = (lx + 11, ly + 11);
            match kind {
                Key::Kind(kind) => symbols::marker(m, *kind, centre, symbols::RADIUS, false),
                Key::Approximate => symbols::approximate_key(m, centre, symbols::RADIUS),
                Key::Cluster => symbols::cluster(m, centre, 10, "5"),
            }
            m.text(
                text,
                (lx + 28, ly + 11),
                TextMark::new(LEGEND_FS, TEXT, HPos::Left, VPos::Center),
            );
        }
        if !map.attribution.is_empty() {
            m.text(
                &map.attribution,
                (x1, attribution_y),
                TextMark::new(TICK_FS, MUTED, HPos::Right, VPos::Top),
            );
        }
    }));

    // A class of its own: pages let a map keep a legible size (a phone scrolls it).
    // Clusters are named groups: like links, they must stay reachable for assistive
    // technology, which an image's parts are not.
    let svg = document(
        &map.id,
        &map.title,
        &map.description,
        size,
        has_links || !layout.clusters.is_empty(),
        &body,
    )
    .replacen(
        "class=\"halong-chart\"",
        "class=\"halong-chart halong-map\"",
        1,
    );
    MapSvg {
        svg,
        placed,
        not_placed,
        outside_outline,
        numbered,
        clustered,
    }
}

/// What a legend entry's key shows.
#[derive(Clone, Copy)]
enum Key {
    Kind(MarkerKind),
    Approximate,
    Cluster,
}
