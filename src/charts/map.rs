//! The province map: the portal's outline (if it has one), a lat/lon graticule, a
//! scale bar, and linked markers, in the frame the caller gives. The frame is widened
//! where a very tall or very wide one would make an unreadable map; the graticule and
//! the scale bar follow its size.

use super::format::format_number;
use super::svg::*;
use super::{MarkerKind, NumberFormat, ProvinceMap};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

const MARGIN: i32 = 10;
const PLOT_W: i32 = 440;
const LABEL_FS: f64 = 15.0;
const TICK_FS: f64 = 14.0;
const LEGEND_FS: f64 = 16.0;
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

fn kind_style(kind: MarkerKind) -> RGBColor {
    match kind {
        MarkerKind::Park => PALETTE[0],
        MarkerKind::Zone => PALETTE[1],
        MarkerKind::Cluster => PALETTE[2],
        MarkerKind::Other => PALETTE[3],
    }
}

/// Draws a marker of `kind` centred at (x, y) with a white halo.
fn draw_marker(a: &Area<'_>, kind: MarkerKind, x: i32, y: i32) -> Drawn {
    let color = kind_style(kind);
    let shape = |r: i32| -> Vec<(i32, i32)> {
        match kind {
            MarkerKind::Zone => vec![
                (x - r, y - r),
                (x + r, y - r),
                (x + r, y + r),
                (x - r, y + r),
            ],
            MarkerKind::Cluster => vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
            MarkerKind::Other => vec![
                (x, y - r - 1),
                (x + r + 1, y),
                (x, y + r + 1),
                (x - r - 1, y),
            ],
            MarkerKind::Park => Vec::new(),
        }
    };
    if kind == MarkerKind::Park {
        a.draw(&Circle::new((x, y), 8, BACKGROUND.filled()))?;
        a.draw(&Circle::new((x, y), 6, color.filled()))?;
    } else {
        a.draw(&Polygon::new(shape(8), BACKGROUND.filled()))?;
        a.draw(&Polygon::new(shape(6), color.filled()))?;
    }
    Ok(())
}

type Box2 = (i32, i32, i32, i32);

fn overlaps(a: &Box2, b: &Box2) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
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
    let b = readable(map.frame);
    let k = ((b.lat_min + b.lat_max) / 2.0).to_radians().cos();
    let s = PLOT_W as f64 / ((b.lon_max - b.lon_min) * k);
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
    let lat_w = lat_labels
        .iter()
        .map(|l| text_width(l, TICK_FS))
        .max()
        .unwrap_or(0);
    let x0 = MARGIN + lat_w + 6;
    let y0 = MARGIN;
    let x1 = x0 + PLOT_W;
    let y1 = y0 + plot_h;
    let width = x1 + MARGIN + 20;
    let proj = Projection { b, k, s, x0, y0 };

    // Legend layout (marker shapes) below the lon labels.
    let legend_y = y1 + 28;
    let mut legend_items = Vec::new();
    let (mut lx, mut ly) = (x0, legend_y);
    for (kind, text) in &map.legend {
        let w = 16 + 6 + text_width(text, LEGEND_FS) + 20;
        if lx > x0 && lx + w > width - MARGIN {
            lx = x0;
            ly += 22;
        }
        legend_items.push((*kind, text.clone(), lx, ly));
        lx += w;
    }
    let mut bottom = if legend_items.is_empty() {
        y1 + 24
    } else {
        ly + 22
    };
    let attribution_y = bottom + 4;
    if !map.attribution.is_empty() {
        bottom += 22;
    }
    let size = (width as u32, (bottom + MARGIN) as u32);

    let mut body = background(size);
    // Land, coast, graticule, frame.
    body.push_str(&fragment(|a| {
        for ring in map.outline {
            let pts: Vec<(i32, i32)> = ring.iter().map(|&(lon, lat)| proj.xy(lon, lat)).collect();
            a.draw(&Polygon::new(pts.clone(), LAND.filled()))?;
        }
        for (lat, label) in lats.iter().zip(&lat_labels) {
            let (_, y) = proj.xy(b.lon_min, *lat);
            a.draw(&PathElement::new(
                vec![(x0, y), (x1, y)],
                ShapeStyle::from(&GRID).stroke_width(1),
            ))?;
            a.draw(&Text::new(
                label.clone(),
                (x0 - 4, y),
                text_style(TICK_FS, MUTED, HPos::Right, VPos::Center),
            ))?;
        }
        for (lon, label) in lons.iter().zip(&lon_labels) {
            let (x, _) = proj.xy(*lon, b.lat_max);
            a.draw(&PathElement::new(
                vec![(x, y0), (x, y1)],
                ShapeStyle::from(&GRID).stroke_width(1),
            ))?;
            a.draw(&Text::new(
                label.clone(),
                (x, y1 + 4),
                text_style(TICK_FS, MUTED, HPos::Center, VPos::Top),
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
        a.draw(&PathElement::new(
            vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)],
            ShapeStyle::from(&MUTED).stroke_width(1),
        ))?;
        // Scale bar (1° of latitude ≈ 111.32 km; x is scaled by cos(lat)).
        let px_per_km = s / 111.32;
        let km = SCALE_LENGTHS
            .iter()
            .copied()
            .rev()
            .find(|km| km * px_per_km <= f64::from(PLOT_W) / 4.0)
            .unwrap_or(SCALE_LENGTHS[0]);
        let len = (km / 111.32 * s).round() as i32;
        let (sx, sy) = (x1 - 16 - len, y1 - 16);
        a.draw(&PathElement::new(
            vec![(sx, sy - 5), (sx, sy), (sx + len, sy), (sx + len, sy - 5)],
            ShapeStyle::from(&TEXT).stroke_width(2),
        ))?;
        a.draw(&Text::new(
            format!("{} km", format_number(km, 0, numbers)),
            (sx + len / 2, sy - 6),
            text_style(TICK_FS, TEXT, HPos::Center, VPos::Bottom),
        ))?;
        Ok(())
    }));

    // Points.
    let mut placed = Vec::new();
    let mut not_placed = Vec::new();
    let mut outside_outline = Vec::new();
    let mut taken: Vec<Box2> = Vec::new();
    let mut positions = Vec::new();
    for (i, p) in map.points.iter().enumerate() {
        if !b.contains(p.lat, p.lon) {
            not_placed.push(i);
            continue;
        }
        let (x, y) = proj.xy(p.lon, p.lat);
        taken.push((x - 8, y - 8, x + 8, y + 8));
        positions.push((i, x, y));
        placed.push(i);
        if !map.outline.is_empty() && !map.outline.iter().any(|r| point_in_ring(p.lon, p.lat, r)) {
            outside_outline.push(i);
        }
    }
    let mut has_links = false;
    for &(i, x, y) in &positions {
        let p = &map.points[i];
        let label = fit_text(&p.label, LABEL_FS, 220);
        let w = text_width(&label, LABEL_FS) + 6;
        let h = 16;
        let candidates: [(Box2, HPos, (i32, i32)); 4] = [
            (
                (x + 10, y - h / 2, x + 10 + w, y + h / 2),
                HPos::Left,
                (x + 13, y),
            ),
            (
                (x - 10 - w, y - h / 2, x - 10, y + h / 2),
                HPos::Right,
                (x - 13, y),
            ),
            (
                (x - w / 2, y - 10 - h, x + w / 2, y - 10),
                HPos::Center,
                (x, y - 10 - h / 2),
            ),
            (
                (x - w / 2, y + 10, x + w / 2, y + 10 + h),
                HPos::Center,
                (x, y + 10 + h / 2),
            ),
        ];
        let own = (x - 8, y - 8, x + 8, y + 8);
        let fits = |bx: &Box2| {
            bx.0 >= x0
                && bx.2 <= x1
                && bx.1 >= y0
                && bx.3 <= y1
                && !taken.iter().any(|t| *t != own && overlaps(t, bx))
        };
        let chosen = candidates
            .iter()
            .find(|c| fits(&c.0))
            .unwrap_or(&candidates[if x + 10 + w <= x1 { 0 } else { 1 }]);
        taken.push(chosen.0);
        let (bx, hpos, anchor) = (chosen.0, chosen.1, chosen.2);
        let frag = fragment(|a| {
            a.draw(&Rectangle::new(
                [(bx.0, bx.1), (bx.2, bx.3)],
                RGBAColor(255, 255, 255, 0.85).filled(),
            ))?;
            draw_marker(a, p.kind, x, y)?;
            a.draw(&Text::new(
                label.clone(),
                anchor,
                text_style(LABEL_FS, TEXT, hpos, VPos::Center),
            ))?;
            Ok(())
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
    body.push_str(&fragment(|a| {
        for (kind, text, lx, ly) in &legend_items {
            draw_marker(a, *kind, lx + 8, ly + 10)?;
            a.draw(&Text::new(
                text.clone(),
                (lx + 22, ly + 10),
                text_style(LEGEND_FS, TEXT, HPos::Left, VPos::Center),
            ))?;
        }
        if !map.attribution.is_empty() {
            a.draw(&Text::new(
                map.attribution.clone(),
                (x1, attribution_y),
                text_style(TICK_FS, MUTED, HPos::Right, VPos::Top),
            ))?;
        }
        Ok(())
    }));

    let svg = document(
        &map.id,
        &map.title,
        &map.description,
        size,
        has_links,
        &body,
    );
    MapSvg {
        svg,
        placed,
        not_placed,
        outside_outline,
    }
}
