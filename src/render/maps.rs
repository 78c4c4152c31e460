//! Maps as pages show them: the province map (the outline, every landmark and every
//! placed zone, park, cluster and project, each linked to its page), a zone's own map
//! (its parks and clusters, and the landmarks around them), and the small locator on a
//! park's, cluster's or project's page. Each comes with the list of its places (number,
//! name, kind, how its position is known, link): the map's text for screen readers and
//! the key to the numbers of markers whose names did not fit.

use serde::Serialize;

use super::charts::{ChartView, Labels};
use crate::charts::{self, MapBounds, MapPoint, MapStyle, MarkerKind, ProvinceMap};
use crate::content::geo::GeoBox;
use crate::content::model::{Coordinates, Kind, Record};
use crate::derive::Plan;

/// One place of a map, for the list under it.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceView {
    /// Its number on the map (markers whose name did not fit show it).
    pub number: usize,
    /// Its name.
    pub label: String,
    /// Its page, if it has one.
    pub href: Option<String>,
    /// What it is ("Industrial park", "Seaport").
    pub kind: String,
    /// How its position is known ("Approximate: the centre of its commune or ward").
    pub precision: String,
    /// Whether the position is approximate.
    pub approximate: bool,
}

/// A place to draw: its point and its line in the list.
struct Place {
    point: MapPoint,
    kind: String,
    precision: String,
    /// The kind of record it is (a landmark is none).
    record: Option<Kind>,
}

/// A place's line in the list under the map: its kind in words, how its position is
/// known, and its kind of record.
type Line = (String, String, Option<Kind>);

/// The most places the list under a map gives: every place of a real province, whose
/// parks, clusters, zones and landmarks number in the tens, yet a table an investor
/// can still scan. Beyond it the list names the first ones (parks in operation and
/// the largest first) and points to the full lists of each kind.
const PLACES_LISTED: usize = 100;

/// The marker kind of a record.
fn marker(kind: Kind) -> MarkerKind {
    match kind {
        Kind::Zone => MarkerKind::Zone,
        Kind::Park => MarkerKind::Park,
        Kind::Cluster => MarkerKind::Cluster,
        Kind::Project => MarkerKind::Other,
    }
}

/// The words for a kind of record ("Industrial park").
fn kind_word(labels: &Labels<'_>, kind: Kind) -> String {
    labels.t(&format!("search.kind.{}", kind.folder()))
}

/// How a position is known, in the page's words.
pub(super) fn precision_text(labels: &Labels<'_>, coordinates: &Coordinates) -> String {
    let word = coordinates
        .precision
        .map_or("unknown", |precision| precision.word());
    labels.t(&format!("place.precision.{word}"))
}

/// A record as a place, if it has a position.
fn record_place(labels: &Labels<'_>, record: &Record) -> Option<Place> {
    let coordinates = record.coordinates.as_ref()?;
    Some(Place {
        point: MapPoint {
            label: labels.name(record),
            lat: coordinates.lat,
            lon: coordinates.lon,
            href: Some(labels.href(record)),
            kind: marker(record.kind),
            approximate: coordinates.approximate(),
        },
        kind: kind_word(labels, record.kind),
        precision: precision_text(labels, coordinates),
        record: Some(record.kind),
    })
}

/// Every landmark with a position, as places.
fn landmark_places(labels: &Labels<'_>) -> Vec<Place> {
    let site = labels.site;
    site.landmarks
        .iter()
        .filter_map(|landmark| {
            let coordinates = landmark.coordinates.as_ref()?;
            let kind = site.schema.landmark_kind(&landmark.kind)?;
            Some(Place {
                point: MapPoint {
                    label: site
                        .shown(&landmark.short_name, labels.language)
                        .into_owned(),
                    lat: coordinates.lat,
                    lon: coordinates.lon,
                    href: None,
                    kind: MarkerKind::Landmark(kind.symbol),
                    approximate: coordinates.approximate(),
                },
                kind: site.shown(&kind.term.label, labels.language).into_owned(),
                precision: precision_text(labels, coordinates),
                record: None,
            })
        })
        .collect()
}

/// The kinds of record in the order maps give them, with the words for their lists.
const RECORD_KINDS: [(Kind, &str); 4] = [
    (Kind::Park, "nav.parks"),
    (Kind::Cluster, "nav.clusters"),
    (Kind::Zone, "nav.zones"),
    (Kind::Project, "nav.projects"),
];

/// The legend: the kinds of record the portal has, then its kinds of landmark (the
/// map keeps those it draws).
fn legend(labels: &Labels<'_>) -> Vec<(MarkerKind, String)> {
    let site = labels.site;
    let records = RECORD_KINDS
        .into_iter()
        .filter(|(kind, _)| site.records_of(*kind).next().is_some())
        .map(|(kind, key)| (marker(kind), labels.t(key)));
    let landmarks = site.schema.landmarks.iter().map(|kind| {
        (
            MarkerKind::Landmark(kind.symbol),
            site.shown(&kind.term.label, labels.language).into_owned(),
        )
    });
    records.chain(landmarks).collect()
}

fn bounds(frame: GeoBox) -> MapBounds {
    MapBounds {
        lat_min: frame.south,
        lat_max: frame.north,
        lon_min: frame.west,
        lon_max: frame.east,
    }
}

/// What a map is of, beside its places.
struct Spec {
    id: String,
    title: String,
    description: String,
    frame: GeoBox,
    style: MapStyle,
}

/// Draws `places` and lists them; records of `unplaced` are named as not on the map.
fn draw(labels: &Labels<'_>, spec: Spec, places: Vec<Place>, unplaced: &[usize]) -> ChartView {
    let site = labels.site;
    let outline = site
        .outline
        .as_ref()
        .map_or(&[][..], |outline| outline.rings.as_slice());
    let (points, lines): (Vec<MapPoint>, Vec<Line>) = places
        .into_iter()
        .map(|place| (place.point, (place.kind, place.precision, place.record)))
        .unzip();
    let map = ProvinceMap {
        id: spec.id.clone(),
        title: spec.title.clone(),
        description: spec.description.clone(),
        points,
        outline,
        frame: bounds(spec.frame),
        legend: legend(labels),
        approximate_label: labels.t("place.approximate_legend"),
        cluster_label: labels.t("chart.map.cluster_legend"),
        cluster_title: labels.t("chart.map.cluster"),
        listed: PLACES_LISTED,
        lat_suffix: labels.t("chart.map.north"),
        lon_suffix: labels.t("chart.map.east"),
        attribution: site
            .config
            .map
            .attribution
            .show(labels.language)
            .to_string(),
        style: spec.style,
    };
    let drawn = charts::province_map(&map, &labels.numbers());
    let places = drawn
        .placed
        .iter()
        .take(PLACES_LISTED)
        .enumerate()
        .map(|(position, &index)| {
            let point = &map.points[index];
            PlaceView {
                number: position + 1,
                label: point.label.clone(),
                href: point.href.clone(),
                kind: lines[index].0.clone(),
                precision: lines[index].1.clone(),
                approximate: point.approximate,
            }
        })
        .collect();
    let numbers = |count: usize| site.translations.number(labels.language, count as f64, 0);
    let not_listed = &drawn.placed[drawn.placed.len().min(PLACES_LISTED)..];
    // The lists that name every place left out: those of their kinds, in the map's
    // order (landmarks have the home page's own list).
    let places_lists = RECORD_KINDS
        .into_iter()
        .filter(|(kind, _)| {
            not_listed
                .iter()
                .any(|&index| lines[index].2 == Some(*kind))
        })
        .map(|(kind, key)| super::views::LinkView {
            label: labels.t(key),
            href: format!("{}{}/{}/", labels.root, labels.language, kind.folder()),
        })
        .collect();
    // A long list beside the map helps nobody: name the first ones, count the rest.
    const LISTED: usize = 60;
    let unplaced_more = unplaced.len().saturating_sub(LISTED);
    let unplaced = unplaced
        .iter()
        .take(LISTED)
        .map(|&index| super::views::LinkView {
            label: labels.name(&site.records[index]),
            href: labels.href(&site.records[index]),
        })
        .collect();
    ChartView {
        id: spec.id,
        kind: "map",
        svg: Some(drawn.svg),
        title: spec.title,
        description: spec.description,
        headings: Vec::new(),
        rows: Vec::new(),
        noted: false,
        unplaced,
        unplaced_more,
        places,
        places_count: numbers(drawn.placed.len()),
        places_more: (!not_listed.is_empty()).then(|| numbers(not_listed.len())),
        places_lists,
    }
}

/// The province map: the outline, every landmark and every placed zone, park,
/// cluster and project; without an outline, the positions alone; without either, no
/// map (never another province's).
pub(super) fn province(labels: &Labels<'_>) -> Option<ChartView> {
    let site = labels.site;
    let mut places = Vec::new();
    let mut unplaced = Vec::new();
    // Parks first, running ones first among them and then the largest (by the first
    // figure their list shows): they get their labels first where places crowd.
    for kind in [Kind::Park, Kind::Cluster, Kind::Zone, Kind::Project] {
        // The first figure a list of this kind shows, in its common unit.
        let sized = site
            .schema
            .of(kind)
            .facts
            .iter()
            .find(|fact| fact.uses.list)
            .and_then(|fact| Some((fact.key.as_str(), site.schema.common_unit(fact)?)));
        // Each record's order is worked out once, not at every comparison: with
        // thousands of parks the sort compares each many times.
        let mut of_kind: Vec<(bool, f64, usize, &Record)> = site
            .range_of(kind)
            .map(|index| {
                let record = &*site.records[index];
                let running = record
                    .status
                    .as_deref()
                    .is_some_and(|status| site.schema.is_active(status));
                let size = sized
                    .and_then(|(key, unit)| {
                        crate::derive::series::newest_in(&site.schema, record.fact(key), unit)
                    })
                    .unwrap_or(0.0);
                (running, size, index, record)
            })
            .collect();
        of_kind.sort_by(|(running_a, size_a, ..), (running_b, size_b, ..)| {
            running_b
                .cmp(running_a)
                .then_with(|| size_b.total_cmp(size_a))
        });
        for (_, _, index, record) in of_kind {
            match record_place(labels, record) {
                Some(place) => places.push(place),
                // Projects without a position of their own are found through their park.
                None if kind != Kind::Project => unplaced.push(index),
                None => {}
            }
        }
    }
    let frame = match &site.outline {
        Some(outline) => outline.frame(),
        None => GeoBox::around(places.iter().map(|p| (p.point.lon, p.point.lat)))?.framed(),
    };
    places.extend(landmark_places(labels));
    let description = labels.t(if site.outline.is_none() {
        "chart.map.description_points"
    } else {
        "chart.map.description"
    });
    let spec = Spec {
        id: "chart-map".into(),
        title: labels.t("chart.map.title"),
        description,
        frame,
        style: MapStyle::Full,
    };
    Some(draw(labels, spec, places, &unplaced))
}

/// A zone's map: the zone, its parks and clusters and the landmarks around them.
pub(super) fn zone(labels: &Labels<'_>, plan: &Plan, zone: &Record) -> Option<ChartView> {
    let site = labels.site;
    let members: Vec<usize> = [&plan.parks_in_zone, &plan.clusters_in_zone]
        .into_iter()
        .filter_map(|map| map.get(&zone.slug))
        .flatten()
        .copied()
        .collect();
    let mut places: Vec<Place> = members
        .iter()
        .filter_map(|&index| record_place(labels, &site.records[index]))
        .collect();
    let unplaced: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&index| site.records[index].coordinates.is_none())
        .collect();
    places.extend(record_place(labels, zone));
    let frame = GeoBox::around(places.iter().map(|p| (p.point.lon, p.point.lat)))?.framed();
    places.extend(
        landmark_places(labels)
            .into_iter()
            .filter(|place| frame.contains(place.point.lat, place.point.lon)),
    );
    let name = labels.name(zone);
    let spec = Spec {
        id: "chart-zone-map".into(),
        title: labels.t("place.zone_map").replace("{}", &name),
        description: labels.t("place.zone_map_description"),
        frame,
        style: MapStyle::Full,
    };
    Some(draw(labels, spec, places, &unplaced))
}

/// Where a park, cluster or project lies in the province: its own position, or a
/// project's park's. Only with an outline (a point on a blank grid says nothing).
pub(super) fn locator(labels: &Labels<'_>, plan: &Plan, record: &Record) -> Option<ChartView> {
    let site = labels.site;
    let outline = site.outline.as_ref()?;
    let mut place = record_place(labels, record).or_else(|| {
        // A project without a position of its own: where its park is.
        plan.parks_of_project
            .get(&record.slug)?
            .iter()
            .find_map(|&index| record_place(labels, &site.records[index]))
    })?;
    // The page it is on needs no link to itself.
    place.point.href = None;
    let spec = Spec {
        id: "chart-locator".into(),
        title: labels.t("place.locator"),
        description: labels.t("place.locator_description"),
        frame: outline.frame(),
        style: MapStyle::Locator,
    };
    Some(draw(labels, spec, vec![place], &[]))
}

/// Where a record lies, as its page says it: the coordinates, how they are known,
/// their source.
#[derive(Debug, Clone, Serialize)]
pub struct PositionView {
    /// "20.977° N, 106.812° E".
    pub coordinates: String,
    /// How the position is known.
    pub precision: String,
    /// The same in a word, for a printout ("approximate").
    pub precision_short: String,
    /// Whether it is approximate.
    pub approximate: bool,
    /// What the point is (the commune whose centre it is).
    pub note: Option<String>,
    /// When the source gave it.
    pub as_of: Option<String>,
    /// Citation numbers.
    pub citations: Vec<usize>,
    /// For a project placed where its park is: the park.
    pub park: Option<super::views::LinkView>,
}

/// A record's position for its page: its own, or (a project) its park's.
pub(super) fn position(
    site: &crate::content::model::Site,
    plan: &Plan,
    language: &str,
    record: &Record,
    citations: &mut super::views::Citations<'_>,
) -> Option<PositionView> {
    let root = site.config.root_path();
    let labels = Labels {
        site,
        language,
        root: &root,
    };
    let (coordinates, park) = match &record.coordinates {
        Some(coordinates) => (coordinates, None),
        None => plan
            .parks_of_project
            .get(&record.slug)?
            .iter()
            .map(|&index| &*site.records[index])
            .find_map(|park| Some((park.coordinates.as_ref()?, Some(park))))?,
    };
    let numbers = labels.numbers();
    let degrees = |value: f64, suffix: &str| {
        format!(
            "{}{suffix}",
            crate::charts::format_number(value, 3, &numbers)
        )
    };
    Some(PositionView {
        coordinates: format!(
            "{}, {}",
            degrees(coordinates.lat, &labels.t("chart.map.north")),
            degrees(coordinates.lon, &labels.t("chart.map.east"))
        ),
        precision: precision_text(&labels, coordinates),
        precision_short: labels.t(if coordinates.approximate() || park.is_some() {
            "place.approximate"
        } else {
            "place.exact"
        }),
        approximate: coordinates.approximate() || park.is_some(),
        note: coordinates
            .note
            .as_ref()
            .map(|note| site.shown(note, language).into_owned()),
        as_of: coordinates
            .as_of
            .as_ref()
            .map(|date| date.show(&site.translations, language)),
        citations: coordinates
            .sources
            .iter()
            .map(|id| citations.cite(id))
            .collect(),
        park: park.map(|park| super::views::link(site, language, &root, park)),
    })
}

/// A landmark as the home page lists it, under the map.
#[derive(Debug, Clone, Serialize)]
pub struct LandmarkView {
    /// Its name.
    pub name: String,
    /// Its kind's label ("Seaport").
    pub kind: String,
    /// Its flags' labels ("Deep-water port").
    pub flags: Vec<String>,
    /// What a source says of it (berth depth, ship size).
    pub details: Option<String>,
    /// When the source said so.
    pub as_of: Option<String>,
    /// Citations of its details.
    pub citations: Vec<usize>,
    /// How its position is known, or that none is.
    pub position: Option<String>,
    /// Citations of its position.
    pub position_citations: Vec<usize>,
}

/// Every landmark, in file order, with what sources say of it.
pub(super) fn landmarks(
    site: &crate::content::model::Site,
    language: &str,
    citations: &mut super::views::Citations<'_>,
) -> Vec<LandmarkView> {
    let root = site.config.root_path();
    let labels = Labels {
        site,
        language,
        root: &root,
    };
    site.landmarks
        .iter()
        .map(|landmark| {
            let kind = site.schema.landmark_kind(&landmark.kind);
            LandmarkView {
                name: site.shown(&landmark.name, language).into_owned(),
                kind: kind
                    .map(|kind| site.shown(&kind.term.label, language).into_owned())
                    .unwrap_or_default(),
                flags: landmark
                    .flags
                    .iter()
                    .filter_map(|flag| kind?.flag(flag))
                    .map(|flag| site.shown(&flag.label, language).into_owned())
                    .collect(),
                details: landmark
                    .details
                    .as_ref()
                    .map(|details| site.shown(details, language).into_owned()),
                as_of: landmark
                    .as_of
                    .as_ref()
                    .map(|date| date.show(&site.translations, language)),
                citations: landmark
                    .sources
                    .iter()
                    .map(|id| citations.cite(id))
                    .collect(),
                position: landmark
                    .coordinates
                    .as_ref()
                    .map(|coordinates| precision_text(&labels, coordinates)),
                position_citations: landmark
                    .coordinates
                    .iter()
                    .flat_map(|coordinates| &coordinates.sources)
                    .map(|id| citations.cite(id))
                    .collect(),
            }
        })
        .collect()
}
