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
    /// The cluster it is counted in, if it has no marker of its own.
    pub cluster: Option<usize>,
}

impl Spot {
    pub fn moved(&self) -> bool {
        self.at != self.marker
    }
}

/// One marker standing for places too close together to mark one by one: a circle
/// at `marker`, `radius` pixels across (its halo is two more), with their count.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Cluster {
    pub marker: (i32, i32),
    pub radius: i32,
    /// The points it stands for, in the order given.
    pub members: Vec<usize>,
}

/// Where every marker goes: one spot per point, and the clusters some of them are in.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Layout {
    pub spots: Vec<Spot>,
    pub clusters: Vec<Cluster>,
}

/// Markers closer than this (centre to centre) would cover each other.
const CROWDED: i32 = 15;
/// The most markers set around one centre: a clock face, on a circle some 90 px
/// across with its markers (a sixth of a full map's width), each still told apart
/// from the next. A larger crowd is counted instead.
const MOST_SPREAD: usize = 12;
/// A crowd that chains further than this (in pixels, across or down) is not one
/// place but a dense area: it is counted cell by cell, in cells about this size.
const CLUSTER_CELL: i32 = 40;
/// The most markers set around a cell's centre: few enough to stay in their cell.
const MOST_IN_CELL: usize = 3;
/// A marker's shape and halo reach this far from its centre.
const MARKER_REACH: i32 = 8;
/// The font of a cluster's count.
pub(super) const CLUSTER_FS: f64 = 13.0;

/// Sets markers that would cover each other around their common centre, in the order
/// given (the first at the top, the others clockwise); a crowd too large for that is
/// drawn as one cluster marker with its count, and a dense area, where crowds chain
/// into each other, cell by cell of a grid over the plot. No marker is set outside
/// `plot`.
pub(super) fn spread(points: &[(i32, i32)], plot: Box2) -> Layout {
    let mut layout = Layout {
        spots: points
            .iter()
            .map(|&at| Spot {
                at,
                marker: at,
                cluster: None,
            })
            .collect(),
        clusters: Vec::new(),
    };
    let crowds = crowds(points);
    let grid = Grid::over(plot);
    let dense = dense(points, &crowds, &grid);
    for (crowd, members) in crowds.iter().enumerate() {
        if dense[crowd] || members.len() == 1 {
            continue;
        }
        let centre = centroid(points, members);
        if members.len() <= MOST_SPREAD {
            ring(&mut layout.spots, members, centre, plot);
        } else {
            count(&mut layout, members.clone(), centre, plot);
        }
    }
    // The dense area, cell by cell: a cell's few markers set around its centre, more
    // counted there. Markers stay near their cells' centres, so they cannot cover each
    // other.
    let mut cells: std::collections::BTreeMap<(i32, i32), Vec<usize>> = Default::default();
    for (_, members) in crowds.iter().enumerate().filter(|(crowd, _)| dense[*crowd]) {
        for &index in members {
            cells
                .entry(grid.cell(points[index]))
                .or_default()
                .push(index);
        }
    }
    for (cell, mut members) in cells {
        // In the order given, whichever crowd they came from.
        members.sort_unstable();
        let centre = grid.centre(cell);
        if members.len() <= MOST_IN_CELL {
            ring(&mut layout.spots, &members, centre, plot);
        } else {
            count(&mut layout, members, centre, plot);
        }
    }
    layout
}

/// A grid of cells of about [`CLUSTER_CELL`] pixels over the plot, its rows and
/// columns spread evenly (no sliver of a cell at an edge).
struct Grid {
    plot: Box2,
    columns: i32,
    rows: i32,
}

impl Grid {
    fn over(plot: Box2) -> Grid {
        let parts = |size: i32| ((size + CLUSTER_CELL / 2) / CLUSTER_CELL).max(1);
        Grid {
            plot,
            columns: parts(plot.2 - plot.0),
            rows: parts(plot.3 - plot.1),
        }
    }

    fn size(&self) -> (i32, i32) {
        (
            (self.plot.2 - self.plot.0).max(1),
            (self.plot.3 - self.plot.1).max(1),
        )
    }

    /// The (row, column) of the cell a point is in (points outside the plot: the
    /// nearest cell).
    fn cell(&self, (x, y): (i32, i32)) -> (i32, i32) {
        let (width, height) = self.size();
        let column = ((x - self.plot.0) * self.columns / width).clamp(0, self.columns - 1);
        let row = ((y - self.plot.1) * self.rows / height).clamp(0, self.rows - 1);
        (row, column)
    }

    fn centre(&self, (row, column): (i32, i32)) -> (f64, f64) {
        let (width, height) = self.size();
        let middle = |start: i32, size: i32, parts: i32, part: i32| {
            f64::from(2 * start + size * part / parts + size * (part + 1) / parts) / 2.0
        };
        (
            middle(self.plot.0, width, self.columns, column),
            middle(self.plot.1, height, self.rows, row),
        )
    }
}

/// Which crowds are drawn cell by cell: those too many to set apart and spread
/// wider than a cell (crowds chained over a dense area), and then every crowd with
/// a place in a cell one of those uses (its markers would cover that cell's).
fn dense(points: &[(i32, i32)], crowds: &[Vec<usize>], grid: &Grid) -> Vec<bool> {
    let mut in_cell: crate::FastHashMap<(i32, i32), Vec<usize>> = Default::default();
    for (crowd, members) in crowds.iter().enumerate() {
        for &index in members {
            let there = in_cell.entry(grid.cell(points[index])).or_default();
            if there.last() != Some(&crowd) {
                there.push(crowd);
            }
        }
    }
    let mut dense: Vec<bool> = crowds
        .iter()
        .map(|members| members.len() > MOST_SPREAD && extent(points, members) > CLUSTER_CELL)
        .collect();
    let mut queue: Vec<usize> = (0..crowds.len()).filter(|&crowd| dense[crowd]).collect();
    let mut dense_cells = crate::FastHashSet::default();
    while let Some(crowd) = queue.pop() {
        for &index in &crowds[crowd] {
            let cell = grid.cell(points[index]);
            if !dense_cells.insert(cell) {
                continue;
            }
            for &other in &in_cell[&cell] {
                if !dense[other] {
                    dense[other] = true;
                    queue.push(other);
                }
            }
        }
    }
    dense
}

/// Groups of points that would cover each other, directly or through others near
/// both: each group in the order of its first point, its points in the order given.
/// Each point looks only at its own cell of a grid of [`CROWDED`]-sized cells and the
/// eight around it, and a cell keeps each of its pixels once, so this takes time in
/// proportion to the points however they crowd.
fn crowds(points: &[(i32, i32)]) -> Vec<Vec<usize>> {
    // Per cell: its pixels that have a point, each with the first point there.
    let mut cells: crate::FastHashMap<(i32, i32), Vec<Pixel>> = crate::FastHashMap::default();
    let mut joined = Joined::new(points.len());
    for (index, &(x, y)) in points.iter().enumerate() {
        let cell = (x.div_euclid(CROWDED), y.div_euclid(CROWDED));
        for around in (-1..=1).flat_map(|dx| (-1..=1).map(move |dy| (cell.0 + dx, cell.1 + dy))) {
            for &((ox, oy), other) in cells.get(&around).into_iter().flatten() {
                if (ox - x).abs() < CROWDED && (oy - y).abs() < CROWDED {
                    joined.join(index, other);
                }
            }
        }
        let pixels = cells.entry(cell).or_default();
        if !pixels.iter().any(|(pixel, _)| *pixel == (x, y)) {
            pixels.push(((x, y), index));
        }
    }
    let mut group_of_root = vec![usize::MAX; points.len()];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for index in 0..points.len() {
        let root = joined.root(index);
        if group_of_root[root] == usize::MAX {
            group_of_root[root] = groups.len();
            groups.push(Vec::new());
        }
        groups[group_of_root[root]].push(index);
    }
    groups
}

/// A pixel that has a point, and the first point on it.
type Pixel = ((i32, i32), usize);

/// Points joined into groups (a disjoint-set forest, with path halving).
struct Joined {
    parent: Vec<usize>,
}

impl Joined {
    fn new(count: usize) -> Joined {
        Joined {
            parent: (0..count).collect(),
        }
    }

    fn root(&mut self, mut index: usize) -> usize {
        while self.parent[index] != index {
            self.parent[index] = self.parent[self.parent[index]];
            index = self.parent[index];
        }
        index
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        // The smaller index is the root: any order gives the same groups.
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }
}

fn centroid(points: &[(i32, i32)], members: &[usize]) -> (f64, f64) {
    let count = members.len() as f64;
    let (sum_x, sum_y) = members.iter().fold((0.0, 0.0), |(sx, sy), &index| {
        (
            sx + f64::from(points[index].0),
            sy + f64::from(points[index].1),
        )
    });
    (sum_x / count, sum_y / count)
}

/// How far a crowd reaches, across or down, whichever is more.
fn extent(points: &[(i32, i32)], members: &[usize]) -> i32 {
    let first = points[members[0]];
    let (low, high) = members
        .iter()
        .map(|&index| points[index])
        .fold((first, first), |(low, high), (x, y)| {
            ((low.0.min(x), low.1.min(y)), (high.0.max(x), high.1.max(y)))
        });
    (high.0 - low.0).max(high.1 - low.1)
}

/// `value` moved, if need be, to lie `margin` inside `low..=high` (the middle of the
/// range where it is too narrow for that).
fn inside(value: f64, low: i32, high: i32, margin: f64) -> f64 {
    let (low, high) = (f64::from(low) + margin, f64::from(high) - margin);
    if low > high {
        (low + high) / 2.0
    } else {
        value.clamp(low, high)
    }
}

/// Sets the markers of `members` on a circle around `centre` (a lone one on the
/// centre itself), the circle moved inside the plot where it would cross its edge.
fn ring(spots: &mut [Spot], members: &[usize], centre: (f64, f64), plot: Box2) {
    let count = members.len() as f64;
    // Room for each marker and its halo on the circle.
    let radius = if members.len() == 1 {
        0.0
    } else {
        (count * 19.0 / std::f64::consts::TAU).max(11.0)
    };
    let margin = radius + f64::from(MARKER_REACH);
    let centre = (
        inside(centre.0, plot.0, plot.2, margin),
        inside(centre.1, plot.1, plot.3, margin),
    );
    for (position, &index) in members.iter().enumerate() {
        let angle = (-90.0 + 360.0 * position as f64 / count).to_radians();
        spots[index].marker = (
            (centre.0 + radius * angle.cos()).round() as i32,
            (centre.1 + radius * angle.sin()).round() as i32,
        );
    }
}

/// The radius of a cluster marker: room for its count and a little more.
pub(super) fn cluster_radius(members: usize) -> i32 {
    // Digits and a thousands separator, as the widest locale writes them.
    let digits = members.to_string().len();
    let widest = "8".repeat(digits) + &",".repeat((digits - 1) / 3);
    (text_width(&widest, CLUSTER_FS) / 2 + 4).max(10)
}

/// Draws `members` as one cluster marker at `centre`, kept inside the plot.
fn count(layout: &mut Layout, members: Vec<usize>, centre: (f64, f64), plot: Box2) {
    let radius = cluster_radius(members.len());
    let margin = f64::from(radius + 2);
    let marker = (
        inside(centre.0, plot.0, plot.2, margin).round() as i32,
        inside(centre.1, plot.1, plot.3, margin).round() as i32,
    );
    for &index in &members {
        layout.spots[index].marker = marker;
        layout.spots[index].cluster = Some(layout.clusters.len());
    }
    layout.clusters.push(Cluster {
        marker,
        radius,
        members,
    });
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
/// where it fits inside `plot` without covering a marker, a cluster or an earlier
/// label, else its number (`numbers[i]`), which is small enough to fit almost
/// anywhere; a marker without a number and without room for its name gets no label.
/// Markers left out of `order` (those in clusters) get none either.
pub(super) fn place(
    layout: &Layout,
    names: &[String],
    numbers: &[Option<usize>],
    order: &[usize],
    plot: Box2,
    style: &Style,
) -> Vec<Option<Label>> {
    let spots = &layout.spots;
    let marker_box = |(x, y): (i32, i32)| (x - 9, y - 9, x + 9, y + 9);
    let mut taken = Taken::default();
    for spot in spots.iter().filter(|spot| spot.cluster.is_none()) {
        taken.insert(marker_box(spot.marker));
    }
    for cluster in &layout.clusters {
        let ((x, y), reach) = (cluster.marker, cluster.radius + 2);
        taken.insert((x - reach, y - reach, x + reach, y + reach));
    }
    let mut labels: Vec<Option<Label>> = vec![None; spots.len()];
    for &index in order {
        let own = marker_box(spots[index].marker);
        let name = super::super::svg::fit_text(&names[index], style.font, style.longest);
        let fits = |area: &Box2, taken: &Taken| {
            area.0 >= plot.0
                && area.2 <= plot.2
                && area.1 >= plot.1
                && area.3 <= plot.3
                && !taken.overlaps(area, &own)
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
        let label = match (named, numbers[index]) {
            (Some(((area, anchor, side), leader)), _) => Label::Name {
                text: name,
                anchor,
                side,
                area,
                leader,
            },
            (None, Some(number)) => {
                let text = number.to_string();
                let all = candidates(marker, &text, style.number_font, 3);
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
            (None, None) => continue,
        };
        taken.insert(match &label {
            Label::Name { area, .. } | Label::Number { area, .. } => *area,
        });
        labels[index] = Some(label);
    }
    labels
}

/// The boxes taken so far, filed by the cells of a grid they touch, so that a new
/// label is checked only against the boxes near it.
#[derive(Default)]
struct Taken {
    cells: crate::FastHashMap<(i32, i32), Vec<Box2>>,
}

/// The size of [`Taken`]'s cells: about a label's width, so a box touches few.
const TAKEN_CELL: i32 = 64;

impl Taken {
    /// The cells a box touches (a box ending on a cell's edge counts it too: that
    /// costs a look, never a miss).
    fn cells_of(area: &Box2) -> impl Iterator<Item = (i32, i32)> {
        let (left, right) = (area.0.div_euclid(TAKEN_CELL), area.2.div_euclid(TAKEN_CELL));
        let (top, bottom) = (area.1.div_euclid(TAKEN_CELL), area.3.div_euclid(TAKEN_CELL));
        (left..=right).flat_map(move |column| (top..=bottom).map(move |row| (column, row)))
    }

    fn insert(&mut self, area: Box2) {
        for cell in Self::cells_of(&area) {
            self.cells.entry(cell).or_default().push(area);
        }
    }

    /// Whether `area` overlaps a taken box other than `own` (or one equal to it).
    fn overlaps(&self, area: &Box2, own: &Box2) -> bool {
        Self::cells_of(area).any(|cell| {
            self.cells.get(&cell).is_some_and(|boxes| {
                boxes
                    .iter()
                    .any(|taken| taken != own && overlaps(taken, area))
            })
        })
    }

    /// Whether `(x, y)` lies inside a taken box other than `own`.
    fn covers(&self, (x, y): (i32, i32), own: &Box2) -> bool {
        let cell = (x.div_euclid(TAKEN_CELL), y.div_euclid(TAKEN_CELL));
        self.cells.get(&cell).is_some_and(|boxes| {
            boxes.iter().any(|taken| {
                taken != own && x > taken.0 && x < taken.2 && y > taken.1 && y < taken.3
            })
        })
    }
}

/// How much further off a label set away from its marker stands.
const FAR: i32 = 18;

/// The point of `area` nearest to `(x, y)`: where a leader line meets the label.
fn nearest_edge(area: &Box2, (x, y): (i32, i32)) -> (i32, i32) {
    (x.clamp(area.0, area.2), y.clamp(area.1, area.3))
}

/// Whether the line from `from` to `to` passes through a taken box other than `own`
/// (sampled every few pixels: boxes are at least that large).
fn crosses(from: (i32, i32), to: (i32, i32), taken: &Taken, own: Box2) -> bool {
    let steps = ((to.0 - from.0).abs().max((to.1 - from.1).abs()) / 3).max(1);
    (1..steps).any(|step| {
        let x = from.0 + (to.0 - from.0) * step / steps;
        let y = from.1 + (to.1 - from.1) * step / steps;
        taken.covers((x, y), &own)
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

    const PLOT: Box2 = (10, 10, 570, 410);

    /// Points scattered by a fixed rule (a linear congruential generator), so that a
    /// test sees the same crowd every run.
    fn scattered(count: usize, area: Box2, seed: u64) -> Vec<(i32, i32)> {
        let mut state = seed;
        let mut next = |span: i32| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % span.max(1) as u64) as i32
        };
        (0..count)
            .map(|_| {
                (
                    area.0 + next(area.2 - area.0),
                    area.1 + next(area.3 - area.1),
                )
            })
            .collect()
    }

    fn inside_plot((x, y): (i32, i32), reach: i32) -> bool {
        x - reach >= PLOT.0 && x + reach <= PLOT.2 && y - reach >= PLOT.1 && y + reach <= PLOT.3
    }

    #[test]
    fn markers_on_the_same_pixels_are_set_apart() {
        let spots = spread(&[(100, 100), (101, 100), (200, 50)], PLOT).spots;
        assert!(spots[0].moved() && spots[1].moved());
        assert!(!spots[2].moved(), "a lone marker stays where its place is");
        let (a, b) = (spots[0].marker, spots[1].marker);
        assert!(
            (a.0 - b.0).abs() >= 16 || (a.1 - b.1).abs() >= 16,
            "{a:?} {b:?}"
        );
    }

    #[test]
    fn two_places_on_one_pixel_are_set_above_and_below_it_as_before() {
        let layout = spread(&[(100, 100), (100, 100)], PLOT);
        let markers: Vec<(i32, i32)> = layout.spots.iter().map(|spot| spot.marker).collect();
        assert_eq!(markers, vec![(100, 89), (100, 111)]);
        assert!(layout.clusters.is_empty());
    }

    #[test]
    fn markers_set_apart_at_the_edge_stay_inside_the_plot() {
        let layout = spread(&[(10, 10), (11, 10), (12, 11)], PLOT);
        for spot in &layout.spots {
            assert!(inside_plot(spot.marker, MARKER_REACH), "{spot:?}");
        }
    }

    #[test]
    fn a_crowd_on_a_few_pixels_is_one_cluster_inside_the_plot() {
        // 500 places in a box of 6 by 6 pixels, in the plot's top left corner.
        let points = scattered(500, (12, 12, 18, 18), 7);
        let layout = spread(&points, PLOT);
        assert_eq!(layout.clusters.len(), 1, "one marker for the whole crowd");
        let cluster = &layout.clusters[0];
        assert_eq!(cluster.members, (0..500).collect::<Vec<_>>());
        assert!(
            inside_plot(cluster.marker, cluster.radius + 2),
            "{cluster:?}"
        );
        assert!(layout.spots.iter().all(|spot| spot.cluster == Some(0)));
    }

    #[test]
    fn a_dozen_are_still_set_apart_and_thirteen_are_counted() {
        let dozen = spread(&[(300, 200); 12], PLOT);
        assert!(dozen.clusters.is_empty());
        let thirteen = spread(&[(300, 200); 13], PLOT);
        assert_eq!(thirteen.clusters.len(), 1);
        assert_eq!(thirteen.clusters[0].members.len(), 13);
        assert_eq!(thirteen.clusters[0].marker, (300, 200));
    }

    #[test]
    fn a_dense_area_is_counted_cell_by_cell_without_markers_covering_each_other() {
        let points = scattered(2000, PLOT, 11);
        let layout = spread(&points, PLOT);
        assert!(layout.clusters.len() > 20, "{}", layout.clusters.len());
        let counted: usize = layout.clusters.iter().map(|c| c.members.len()).sum();
        let alone = layout.spots.iter().filter(|s| s.cluster.is_none()).count();
        assert_eq!(
            counted + alone,
            points.len(),
            "every place is drawn or counted once"
        );
        let mut marks: Vec<((i32, i32), i32)> = layout
            .clusters
            .iter()
            .map(|cluster| (cluster.marker, cluster.radius + 2))
            .collect();
        marks.extend(
            layout
                .spots
                .iter()
                .filter(|spot| spot.cluster.is_none())
                .map(|spot| (spot.marker, MARKER_REACH)),
        );
        for (index, &(at, reach)) in marks.iter().enumerate() {
            assert!(inside_plot(at, reach), "{at:?}");
            for &(other, other_reach) in &marks[index + 1..] {
                let (dx, dy) = (f64::from(at.0 - other.0), f64::from(at.1 - other.1));
                assert!(
                    dx.hypot(dy) >= f64::from(reach + other_reach) - 4.0,
                    "{at:?} and {other:?} cover each other"
                );
            }
        }
    }

    /// The groups found by comparing every pair of points, until none joins more.
    fn crowds_pair_by_pair(points: &[(i32, i32)]) -> Vec<Vec<usize>> {
        let near = |a: (i32, i32), b: (i32, i32)| {
            (a.0 - b.0).abs() < CROWDED && (a.1 - b.1).abs() < CROWDED
        };
        let mut group_of: Vec<usize> = (0..points.len()).collect();
        loop {
            let mut changed = false;
            for a in 0..points.len() {
                for b in 0..points.len() {
                    if near(points[a], points[b]) && group_of[b] > group_of[a] {
                        group_of[b] = group_of[a];
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut first: Vec<usize> = Vec::new();
        for (index, &group) in group_of.iter().enumerate() {
            match first.iter().position(|&seen| seen == group) {
                Some(position) => groups[position].push(index),
                None => {
                    first.push(group);
                    groups.push(vec![index]);
                }
            }
        }
        groups
    }

    #[test]
    fn the_grid_groups_points_as_comparing_every_pair_does() {
        for (count, seed) in [(40, 1), (300, 2), (700, 3)] {
            let points = scattered(count, PLOT, seed);
            assert_eq!(
                crowds(&points),
                crowds_pair_by_pair(&points),
                "{count} points"
            );
        }
        // Two places far apart, then one between them that joins both.
        let bridged = [(50, 50), (74, 50), (300, 300), (62, 50), (50, 50)];
        assert_eq!(crowds(&bridged), vec![vec![0, 1, 3, 4], vec![2]]);
    }

    #[test]
    fn the_same_places_give_the_same_layout() {
        let points = scattered(3000, PLOT, 5);
        assert_eq!(spread(&points, PLOT), spread(&points, PLOT));
    }

    fn style() -> Style {
        Style {
            font: 15.0,
            number_font: 13.0,
            gap: 3,
            longest: 200,
        }
    }

    #[test]
    fn a_name_that_does_not_fit_becomes_a_number() {
        let plot = (0, 0, 200, 60);
        let layout = spread(&[(20, 30), (60, 30)], plot);
        let names = [
            "Short".to_string(),
            "A name far too long for the plot".to_string(),
        ];
        let labels = place(
            &layout,
            &names,
            &[Some(1), Some(2)],
            &[0, 1],
            plot,
            &style(),
        );
        assert!(matches!(&labels[0], Some(Label::Name { text, .. }) if text == "Short"));
        assert!(matches!(&labels[1], Some(Label::Number { text, .. }) if text == "2"));
    }

    #[test]
    fn a_marker_without_a_number_and_without_room_has_no_label() {
        let plot = (0, 0, 200, 60);
        let layout = spread(&[(20, 30), (60, 30)], plot);
        let names = [
            "Short".to_string(),
            "A name far too long for the plot".to_string(),
        ];
        let labels = place(&layout, &names, &[Some(1), None], &[0, 1], plot, &style());
        assert!(labels[0].is_some());
        assert_eq!(labels[1], None);
    }

    #[test]
    fn labels_keep_clear_of_cluster_markers() {
        let plot = (0, 0, 400, 200);
        // A lone place, and a crowd just right of it.
        let mut points = vec![(100, 100)];
        points.extend([(140, 100); 20]);
        let layout = spread(&points, plot);
        assert_eq!(layout.clusters.len(), 1);
        let names: Vec<String> = (0..points.len()).map(|_| "Name".to_string()).collect();
        let numbers: Vec<Option<usize>> = (1..=points.len()).map(Some).collect();
        let labels = place(&layout, &names, &numbers, &[0], plot, &style());
        let cluster = &layout.clusters[0];
        let reach = cluster.radius + 2;
        let (x, y) = cluster.marker;
        let disc = (x - reach, y - reach, x + reach, y + reach);
        match &labels[0] {
            Some(Label::Name { area, side, .. }) => {
                assert!(!overlaps(area, &disc), "{area:?} covers the cluster");
                assert_ne!(*side, Side::Right, "the cluster is on the right");
            }
            other => panic!("{other:?}"),
        }
        assert!(
            labels[1..].iter().all(Option::is_none),
            "clustered places have no label"
        );
    }
}
