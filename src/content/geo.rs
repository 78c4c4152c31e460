//! Geography as plain data: a box of latitudes and longitudes, the portal's outline
//! (read from its own GeoJSON by [`super::outline`]), and the rule that turns either
//! into the map's frame. Validation checks positions against the frame; the map is
//! drawn in it. Nothing here reads a file or draws.

use std::path::PathBuf;

/// A box of WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoBox {
    /// Southern edge (latitude, degrees north).
    pub south: f64,
    /// Northern edge.
    pub north: f64,
    /// Western edge (longitude, degrees east).
    pub west: f64,
    /// Eastern edge.
    pub east: f64,
}

/// Margin around what the map shows, in degrees (about 4 km): places on a coarse
/// coastline, or at the edge of the points, still get room for their marker.
const MARGIN: f64 = 0.04;

/// The frame's edges are rounded outwards to a twentieth of a degree.
const STEPS_PER_DEGREE: f64 = 20.0;

/// The smallest frame, in degrees (about 20 km): a map of one point still shows where
/// it lies.
const MIN_SPAN: f64 = 0.2;

impl GeoBox {
    /// The smallest box holding every (longitude, latitude) pair given; `None` when
    /// there are none (non-finite pairs are skipped).
    pub fn around(points: impl IntoIterator<Item = (f64, f64)>) -> Option<GeoBox> {
        let mut found: Option<GeoBox> = None;
        for (lon, lat) in points {
            if !(lon.is_finite() && lat.is_finite()) {
                continue;
            }
            let bounds = found.get_or_insert(GeoBox {
                south: lat,
                north: lat,
                west: lon,
                east: lon,
            });
            bounds.south = bounds.south.min(lat);
            bounds.north = bounds.north.max(lat);
            bounds.west = bounds.west.min(lon);
            bounds.east = bounds.east.max(lon);
        }
        found
    }

    /// Whether a position lies inside the box (edges included).
    pub fn contains(&self, lat: f64, lon: f64) -> bool {
        lat.is_finite()
            && lon.is_finite()
            && (self.south..=self.north).contains(&lat)
            && (self.west..=self.east).contains(&lon)
    }

    /// The map frame around this box: a margin on every side, at least [`MIN_SPAN`]
    /// across, edges rounded outwards to 0.05° (so graticule labels fall on round
    /// numbers).
    pub fn framed(&self) -> GeoBox {
        let widen = |low: f64, high: f64| {
            let (mut low, mut high) = (low - MARGIN, high + MARGIN);
            if high - low < MIN_SPAN {
                let grow = (MIN_SPAN - (high - low)) / 2.0;
                low -= grow;
                high += grow;
            }
            let down = (low * STEPS_PER_DEGREE).floor() / STEPS_PER_DEGREE;
            let up = (high * STEPS_PER_DEGREE).ceil() / STEPS_PER_DEGREE;
            (down, up)
        };
        let (south, north) = widen(self.south, self.north);
        let (west, east) = widen(self.west, self.east);
        GeoBox {
            south: south.max(-90.0),
            north: north.min(90.0),
            west: west.max(-180.0),
            east: east.min(180.0),
        }
    }
}

/// The portal's outline: the polygons of its GeoJSON file.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    /// The file it was read from, relative to the portal's root.
    pub file: PathBuf,
    /// Outer rings, each a list of (longitude, latitude); holes are not kept (the map
    /// fills land, and a hole at this scale is a lake or a neighbour's enclave).
    pub rings: Vec<Vec<(f64, f64)>>,
    /// The box around every ring.
    pub bounds: GeoBox,
}

impl Outline {
    /// The map's frame: where positions must lie, and what the map shows.
    pub fn frame(&self) -> GeoBox {
        self.bounds.framed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_has_a_margin_and_round_edges() {
        let bounds = GeoBox::around([(106.61, 20.71), (108.01, 21.66)]).unwrap();
        let frame = bounds.framed();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(frame.south, 20.65) && close(frame.north, 21.70));
        assert!(close(frame.west, 106.55) && close(frame.east, 108.05));
        assert!(frame.contains(20.66, 106.56) && !frame.contains(20.64, 107.0));
    }

    #[test]
    fn one_point_gets_a_frame_around_it() {
        let frame = GeoBox::around([(105.5, 10.0), (f64::NAN, 1.0)])
            .unwrap()
            .framed();
        let span = MIN_SPAN - 1e-9;
        assert!(frame.north - frame.south >= span && frame.east - frame.west >= span);
        assert!(frame.contains(10.0, 105.5));
        assert_eq!(GeoBox::around(std::iter::empty()), None);
    }
}
