//! Where the map puts its markers and their labels: markers of places that fall on
//! the same pixels are set around their common point (each with a line back to its
//! own), and each marker gets its name beside it where the name fits without touching
//! another marker or label, or its number in the list of places where it does not.
//! Everything is decided in a fixed order, so the same map is laid out the same way.

use super::super::svg::text_width;

/// A box `(left, top, right, bottom)` in pixels.
pub(super) type Box2 = (i32, i32, i32, i32);

pub(super) fn overlaps(a: &Box2, b: &Box2) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// A placed point: where its place lies and where its marker is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Spot {
    /// Where the place lies, in pixels.
    pub at: (i32, i32),
    /// Where its marker is drawn (moved aside when another shares its pixels).
    pub marker: (i32, i32),
}

impl Spot {
    pub fn moved(&self) -> bool {
        self.at != self.marker
    }
}

/// Markers closer than this (centre to centre) would cover each other.
const CROWDED: i32 = 15;

/// Sets markers that would cover each other around their common centre, in the order
/// given (the first at the top, the others clockwise).
pub(super) fn spread(points: &[(i32, i32)]) -> Vec<Spot> {
    // Groups of points near the group's first point, in order.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (index, &(x, y)) in points.iter().enumerate() {
        let near = groups.iter_mut().find(|group| {
            group.iter().any(|&other| {
                let (ox, oy) = points[other];
                (ox - x).abs() < CROWDED && (oy - y).abs() < CROWDED
            })
        });
        match near {
            Some(group) => group.push(index),
            None => groups.push(vec![index]),
        }
    }
    let mut spots: Vec<Spot> = points.iter().map(|&at| Spot { at, marker: at }).collect();
    for group in groups.iter().filter(|group| group.len() > 1) {
        let count = group.len() as f64;
        let (sum_x, sum_y) = group.iter().fold((0.0, 0.0), |(sx, sy), &index| {
            (
                sx + f64::from(points[index].0),
                sy + f64::from(points[index].1),
            )
        });
        let centre = (sum_x / count, sum_y / count);
        // Room for each marker and its halo on the circle.
        let radius = (count * 19.0 / std::f64::consts::TAU).max(11.0);
        for (position, &index) in group.iter().enumerate() {
            let angle = (-90.0 + 360.0 * position as f64 / count).to_radians();
            spots[index].marker = (
                (centre.0 + radius * angle.cos()).round() as i32,
                (centre.1 + radius * angle.sin()).round() as i32,
            );
        }
    }
    spots
}

/// What stands beside a marker.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Label {
    /// The place's name, starting at `anchor` and written towards `side`; set further
    /// off where there is no room next to the marker, with a line (`leader`) from the
    /// marker to it.
    Name {
        text: String,
        anchor: (i32, i32),
        side: Side,
        area: Box2,
        leader: Option<(i32, i32)>,
    },
    /// Its number in the list of places.
    Number {
        text: String,
        anchor: (i32, i32),
        side: Side,
        area: Box2,
    },
}

/// Which way a label runs from its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// Text starts at the anchor (it stands right of the marker).
    Right,
    /// Text ends at the anchor (left of the marker).
    Left,
    /// Text is centred on the anchor (above or below).
    Centre,
}

/// Label settings: the font size and the gap between a marker and its label.
pub(super) struct Style {
    pub font: f64,
    pub number_font: f64,
    pub gap: i32,
    pub longest: i32,
}

/// Chooses each marker's label, in `order` (the most important first): its name
/// where it fits inside `plot` without covering a marker or an earlier label, else
/// its number (`numbers[i]`), which is small enough to fit almost anywhere.
pub(super) fn place(
    spots: &[Spot],
    names: &[String],
    numbers: &[usize],
    order: &[usize],
    plot: Box2,
    style: &Style,
) -> Vec<Label> {
    let marker_box = |(x, y): (i32, i32)| (x - 9, y - 9, x + 9, y + 9);
    let mut taken: Vec<Box2> = spots.iter().map(|spot| marker_box(spot.marker)).collect();
    let mut labels: Vec<Option<Label>> = vec![None; spots.len()];
    for &index in order {
        let own = marker_box(spots[index].marker);
        let name = super::super::svg::fit_text(&names[index], style.font, style.longest);
        let fits = |area: &Box2, taken: &[Box2]| {
            area.0 >= plot.0
                && area.2 <= plot.2
                && area.1 >= plot.1
                && area.3 <= plot.3
                && !taken.iter().any(|t| *t != own && overlaps(t, area))
        };
        let marker = spots[index].marker;
        // Next to the marker, else a little further off with a line to it.
        let near = candidates(marker, &name, style.font, style.gap)
            .into_iter()
            .map(|candidate| (candidate, None));
        let far = candidates(marker, &name, style.font, style.gap + FAR)
            .into_iter()
            .take(4)
            .map(|candidate| {
                let (area, _, _) = candidate;
                (candidate, Some(nearest_edge(&area, marker)))
            });
        let named = near.chain(far).find(|((area, _, _), leader)| {
            fits(area, &taken) && leader.is_none_or(|end| !crosses(marker, end, &taken, own))
        });
        let label = match named {
            Some(((area, anchor, side), leader)) => Label::Name {
                text: name,
                anchor,
                side,
                area,
                leader,
            },
            None => {
                let text = numbers[index].to_string();
                let all = candidates(spots[index].marker, &text, style.number_font, 3);
                let (area, anchor, side) = all
                    .iter()
                    .copied()
                    .find(|(area, _, _)| fits(area, &taken))
                    .unwrap_or(all[0]);
                Label::Number {
                    text,
                    anchor,
                    side,
                    area,
                }
            }
        };
        taken.push(match &label {
            Label::Name { area, .. } | Label::Number { area, .. } => *area,
        });
        labels[index] = Some(label);
    }
    labels.into_iter().flatten().collect()
}

/// How much further off a label set away from its marker stands.
const FAR: i32 = 18;

/// The point of `area` nearest to `(x, y)`: where a leader line meets the label.
fn nearest_edge(area: &Box2, (x, y): (i32, i32)) -> (i32, i32) {
    (x.clamp(area.0, area.2), y.clamp(area.1, area.3))
}

/// Whether the line from `from` to `to` passes through a taken box other than `own`
/// (sampled every few pixels: boxes are at least that large).
fn crosses(from: (i32, i32), to: (i32, i32), taken: &[Box2], own: Box2) -> bool {
    let steps = ((to.0 - from.0).abs().max((to.1 - from.1).abs()) / 3).max(1);
    (1..steps).any(|step| {
        let x = from.0 + (to.0 - from.0) * step / steps;
        let y = from.1 + (to.1 - from.1) * step / steps;
        taken
            .iter()
            .any(|t| *t != own && x > t.0 && x < t.2 && y > t.1 && y < t.3)
    })
}

/// The places a label of `text` may stand around a marker at `(x, y)`: right, left,
/// above, below, then the four corners; each as (area, anchor, side).
fn candidates(
    (x, y): (i32, i32),
    text: &str,
    font: f64,
    gap: i32,
) -> Vec<(Box2, (i32, i32), Side)> {
    let width = text_width(text, font) + 4;
    let height = font.round() as i32 + 2;
    let near = 8 + gap;
    let half = height / 2;
    vec![
        (
            (x + near, y - half, x + near + width, y + half),
            (x + near + 2, y),
            Side::Right,
        ),
        (
            (x - near - width, y - half, x - near, y + half),
            (x - near - 2, y),
            Side::Left,
        ),
        (
            (x - width / 2, y - near - height, x + width / 2, y - near),
            (x, y - near - half),
            Side::Centre,
        ),
        (
            (x - width / 2, y + near, x + width / 2, y + near + height),
            (x, y + near + half),
            Side::Centre,
        ),
        (
            (
                x + near - 4,
                y - near - height + 4,
                x + near - 4 + width,
                y - near + 4,
            ),
            (x + near - 2, y - near - half + 4),
            Side::Right,
        ),
        (
            (
                x + near - 4,
                y + near - 4,
                x + near - 4 + width,
                y + near - 4 + height,
            ),
            (x + near - 2, y + near + half - 4),
            Side::Right,
        ),
        (
            (
                x - near + 4 - width,
                y - near - height + 4,
                x - near + 4,
                y - near + 4,
            ),
            (x - near + 2, y - near - half + 4),
            Side::Left,
        ),
        (
            (
                x - near + 4 - width,
                y + near - 4,
                x - near + 4,
                y + near - 4 + height,
            ),
            (x - near + 2, y + near + half - 4),
            Side::Left,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_on_the_same_pixels_are_set_apart() {
        let spots = spread(&[(100, 100), (101, 100), (200, 50)]);
        assert!(spots[0].moved() && spots[1].moved());
        assert!(!spots[2].moved(), "a lone marker stays where its place is");
        let (a, b) = (spots[0].marker, spots[1].marker);
        assert!(
            (a.0 - b.0).abs() >= 16 || (a.1 - b.1).abs() >= 16,
            "{a:?} {b:?}"
        );
    }

    #[test]
    fn a_name_that_does_not_fit_becomes_a_number() {
        let spots = spread(&[(20, 30), (60, 30)]);
        let style = Style {
            font: 15.0,
            number_font: 13.0,
            gap: 3,
            longest: 200,
        };
        let names = [
            "Short".to_string(),
            "A name far too long for the plot".to_string(),
        ];
        let labels = place(&spots, &names, &[1, 2], &[0, 1], (0, 0, 200, 60), &style);
        assert!(matches!(&labels[0], Label::Name { text, .. } if text == "Short"));
        assert!(matches!(&labels[1], Label::Number { text, .. } if text == "2"));
    }
}
