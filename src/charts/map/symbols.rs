//! The map's marks: one shape per kind of place (records: circle, square, triangle,
//! diamond; landmarks: the symbol their kind has in the schema), each on a white halo
//! so it stands out from the land; filled where the position is exact, hollow with a
//! dot at its centre where it is approximate; the dot and leader line of a marker
//! moved aside from its true place; and the disc that counts places too close together
//! to mark one by one.

use plotters::style::RGBColor;

use plotters::style::text_anchor::{HPos, VPos};

use super::super::svg::{Marks, TextMark, BACKGROUND, PALETTE, TEXT};
use super::super::MarkerKind;
use crate::content::schema::Symbol;

/// Radius of a marker's shape, in pixels (its halo is two more).
pub(super) const RADIUS: i32 = 6;

/// The colour of a kind of place: records in the palette's colours, landmarks in the
/// text colour (all at least 3:1 against white and against the land).
pub(super) fn colour(kind: MarkerKind) -> RGBColor {
    match kind {
        MarkerKind::Park => PALETTE[0],
        MarkerKind::Zone => PALETTE[1],
        MarkerKind::Cluster => PALETTE[2],
        MarkerKind::Other => PALETTE[3],
        MarkerKind::Landmark(_) => TEXT,
    }
}

/// Draws a marker of `kind` centred at `(x, y)`, `r` pixels in radius, on a halo:
/// filled for an exact position, hollow with a centre dot for an approximate one.
pub(super) fn marker(
    marks: &mut Marks,
    kind: MarkerKind,
    (x, y): (i32, i32),
    r: i32,
    approximate: bool,
) {
    let colour = colour(kind);
    match (shape(kind, (x, y), r + 2), approximate) {
        (None, false) => {
            marks.circle((x, y), r + 2, BACKGROUND);
            marks.circle((x, y), r, colour);
        }
        (None, true) => {
            marks.circle((x, y), r + 2, BACKGROUND);
            marks.hollow_circle((x, y), r, colour, 2);
        }
        (Some(halo), false) => {
            marks.polygon(&halo, BACKGROUND);
            if let Some(inner) = shape(kind, (x, y), r) {
                marks.polygon(&inner, colour);
            }
        }
        (Some(halo), true) => {
            marks.polygon(&halo, BACKGROUND);
            if let Some(inner) = shape(kind, (x, y), r) {
                marks.hollow_polygon(&inner, colour, 2);
            }
        }
    }
    if approximate {
        marks.circle((x, y), 1, colour);
    }
}

/// The legend's key for an approximate position: a hollow circle with a centre dot,
/// in the text colour.
pub(super) fn approximate_key(marks: &mut Marks, at: (i32, i32), r: i32) {
    marks.hollow_circle(at, r, TEXT, 2);
    marks.circle(at, 1, TEXT);
}

/// A marker moved aside from where its place lies: a line back to the place and a
/// dot on it.
pub(super) fn leader(marks: &mut Marks, from: (i32, i32), to: (i32, i32)) {
    marks.line(&[from, to], TEXT, 1);
    marks.circle(to, 2, TEXT);
}

/// A cluster marker: a dark disc with its count in white (the text and background
/// colours, the strongest contrast the map has), on a halo. Larger than any single
/// marker and unlike any kind's shape.
pub(super) fn cluster(marks: &mut Marks, at: (i32, i32), r: i32, count: &str) {
    marks.circle(at, r + 2, BACKGROUND);
    marks.circle(at, r, TEXT);
    marks.text(
        count,
        at,
        TextMark::new(
            super::labels::CLUSTER_FS,
            BACKGROUND,
            HPos::Center,
            VPos::Center,
        ),
    );
}

/// The outline of a kind's shape, or `None` for a circle.
fn shape(kind: MarkerKind, (x, y): (i32, i32), r: i32) -> Option<Vec<(i32, i32)>> {
    let points = |list: &[(f64, f64)]| -> Vec<(i32, i32)> {
        list.iter()
            .map(|(dx, dy)| {
                (
                    x + (dx * f64::from(r)).round() as i32,
                    y + (dy * f64::from(r)).round() as i32,
                )
            })
            .collect()
    };
    Some(match kind {
        MarkerKind::Park => return None,
        MarkerKind::Zone => points(&[(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)]),
        MarkerKind::Cluster => points(&regular(3, 1.2, -90.0)),
        MarkerKind::Other => points(&regular(4, 1.2, -90.0)),
        MarkerKind::Landmark(symbol) => match symbol {
            Symbol::Star => points(&star()),
            Symbol::Plus => points(&plus(0.0)),
            Symbol::Cross => points(&plus(45.0)),
            Symbol::Hexagon => points(&regular(6, 1.05, 0.0)),
            Symbol::DownTriangle => points(&regular(3, 1.2, 90.0)),
            Symbol::Pentagon => points(&regular(5, 1.05, -90.0)),
        },
    })
}

/// A regular polygon of `n` corners at `size` times the radius, the first at `start`°.
fn regular(n: usize, size: f64, start: f64) -> Vec<(f64, f64)> {
    (0..n)
        .map(|corner| {
            let angle = (start + 360.0 * corner as f64 / n as f64).to_radians();
            (size * angle.cos(), size * angle.sin())
        })
        .collect()
}

/// A five-pointed star.
fn star() -> Vec<(f64, f64)> {
    (0..10)
        .map(|corner| {
            let angle = (-90.0 + 36.0 * corner as f64).to_radians();
            let size = if corner % 2 == 0 { 1.3 } else { 0.55 };
            (size * angle.cos(), size * angle.sin())
        })
        .collect()
}

/// A plus sign turned by `turn`° (45: a diagonal cross).
fn plus(turn: f64) -> Vec<(f64, f64)> {
    let (arm, long) = (0.38, 1.1);
    let corners = [
        (-arm, -long),
        (arm, -long),
        (arm, -arm),
        (long, -arm),
        (long, arm),
        (arm, arm),
        (arm, long),
        (-arm, long),
        (-arm, arm),
        (-long, arm),
        (-long, -arm),
        (-arm, -arm),
    ];
    let (sin, cos) = turn.to_radians().sin_cos();
    corners
        .iter()
        .map(|(dx, dy)| (dx * cos - dy * sin, dx * sin + dy * cos))
        .collect()
}
