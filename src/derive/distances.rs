//! Distances computed from positions: for each distance fact of a record (a fact with
//! `distance_to:` in the schema) that has no published number, the straight-line
//! (great-circle) distance from the record's position to a landmark of the fact's kind.
//! A published number always wins: a computed distance never stands in for a road
//! distance a source gives, and pages label it as computed.
//!
//! The landmark is the one the record's published text names (`to:`: "next to Cai Lan
//! port" gets Cai Lan port's straight-line distance beside it), else the nearest one of
//! the kind (and flag) whose position may be measured from. Rough positions (a
//! district's centre) are never measured from; approximate ones are, and the result
//! says so.

use std::collections::BTreeMap;

use crate::content::model::{Coordinates, Record, Site, Value};
use crate::content::schema::{DistanceTo, Fact};

/// The Earth's mean radius, in km (IUGG).
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A distance computed from two positions.
#[derive(Debug, Clone, PartialEq)]
pub struct Computed {
    /// The fact it is for.
    pub fact: String,
    /// The landmark it is to (index into `site.landmarks`).
    pub landmark: usize,
    /// The distance in `unit`, rounded to what positions can tell.
    pub value: f64,
    /// How many decimals `value` has.
    pub decimals: usize,
    /// The fact's unit it is given in.
    pub unit: String,
    /// Whether either position is approximate.
    pub approximate: bool,
}

/// Computed distances, by record index, in the schema's order of facts.
pub type Distances = BTreeMap<usize, Vec<Computed>>;

/// A record's computed distance for a fact, if it has one.
pub fn of<'d>(distances: &'d Distances, record: usize, fact: &str) -> Option<&'d Computed> {
    distances
        .get(&record)?
        .iter()
        .find(|computed| computed.fact == fact)
}

/// The great-circle distance between two points, in km.
pub fn great_circle_km(from: (f64, f64), to: (f64, f64)) -> f64 {
    let (lat1, lon1) = (from.0.to_radians(), from.1.to_radians());
    let (lat2, lon2) = (to.0.to_radians(), to.1.to_radians());
    let half_chord = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * half_chord.sqrt().min(1.0).asin()
}

/// Every computed distance of the site.
pub fn compute(site: &Site) -> Distances {
    let mut distances = Distances::new();
    for (index, record) in site.records.iter().enumerate() {
        let Some(from) = record.coordinates.as_ref().filter(|c| c.measurable()) else {
            continue;
        };
        for fact in &site.schema.of(record.kind).facts {
            let Some(distance_to) = &fact.distance_to else {
                continue;
            };
            if let Some(computed) = computed(site, record, from, fact, distance_to) {
                distances.entry(index).or_default().push(computed);
            }
        }
    }
    distances
}

/// One record's distance for one fact, if it has no published number and a landmark
/// can be measured to.
fn computed(
    site: &Site,
    record: &Record,
    from: &Coordinates,
    fact: &Fact,
    distance_to: &DistanceTo,
) -> Option<Computed> {
    let figure = record.fact(&fact.key);
    let published_number = figure.is_some_and(|figure| {
        figure
            .entries
            .iter()
            .any(|entry| matches!(entry.value, Value::Number { .. } | Value::Range { .. }))
    });
    if published_number {
        return None;
    }
    let measurable = |index: usize| {
        site.landmarks[index]
            .coordinates
            .as_ref()
            .filter(|c| c.measurable())
            .map(|c| (index, c))
    };
    // The landmark the published text is about, if it names one: then that one or none.
    let named = figure
        .and_then(|figure| figure.current())
        .and_then(|entry| entry.to.as_deref());
    let (landmark, to) = match named {
        Some(id) => measurable(site.landmarks.iter().position(|l| l.id == id)?)?,
        None => site
            .landmarks
            .iter()
            .enumerate()
            .filter(|(_, landmark)| {
                landmark.kind == distance_to.kind
                    && distance_to
                        .only
                        .as_ref()
                        .is_none_or(|flag| landmark.flags.contains(flag))
            })
            .filter_map(|(index, _)| measurable(index))
            .min_by(|a, b| {
                let distance =
                    |c: &Coordinates| great_circle_km((from.lat, from.lon), (c.lat, c.lon));
                distance(a.1)
                    .total_cmp(&distance(b.1))
                    .then_with(|| site.landmarks[a.0].id.cmp(&site.landmarks[b.0].id))
            })?,
    };
    let km = great_circle_km((from.lat, from.lon), (to.lat, to.lon));
    let (unit, kilometres) = &distance_to.unit;
    let (value, decimals) = rounded(km / kilometres);
    Some(Computed {
        fact: fact.key.clone(),
        landmark,
        value,
        decimals,
        unit: unit.clone(),
        approximate: from.approximate() || to.approximate(),
    })
}

/// A distance rounded to what two points can tell: whole units from 10 up, one
/// decimal below.
fn rounded(value: f64) -> (f64, usize) {
    if value >= 10.0 {
        (value.round(), 0)
    } else {
        ((value * 10.0).round() / 10.0, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn great_circle_distances_match_known_ones() {
        // Noi Bai and Tan Son Nhat airports' reference points: 1,160 km apart on a
        // sphere of the Earth's mean radius.
        let noi_bai = (21.221_67, 105.805_56);
        let tan_son_nhat = (10.818_89, 106.651_94);
        let km = great_circle_km(noi_bai, tan_son_nhat);
        assert!((km - 1_160.26).abs() < 0.01, "{km}");
        // One degree of latitude is about 111.2 km anywhere.
        let degree = great_circle_km((20.0, 106.0), (21.0, 106.0));
        assert!((degree - 111.19).abs() < 0.05, "{degree}");
        assert_eq!(great_circle_km((20.5, 107.0), (20.5, 107.0)), 0.0);
    }

    #[test]
    fn distances_are_rounded_to_what_positions_tell() {
        assert_eq!(rounded(24.4), (24.0, 0));
        assert_eq!(rounded(9.46), (9.5, 1));
        assert_eq!(rounded(0.04), (0.0, 1));
    }
}
