//! The portal's outline: its GeoJSON file (named in `site.yaml` under `map: outline:`)
//! -> an [`Outline`] and every problem found in it, each at its `file:line:column`.
//!
//! Accepted: a FeatureCollection, a Feature, a GeometryCollection or a bare geometry,
//! in WGS84 longitude/latitude (RFC 7946). Polygons and MultiPolygons make the outline
//! (outer rings only); points and lines are skipped, as they outline nothing. The
//! map's frame follows from the rings ([`Outline::frame`]).

use crate::content::geo::{GeoBox, Outline};
use crate::content::json::{self, Json};
use crate::content::load::TextFile;
use crate::diagnostics::{Diagnostic, Position};

/// More problems than this in one file are summed up in one last diagnostic: a file
/// in the wrong coordinate system would otherwise give one per position.
const MAX_PROBLEMS: usize = 20;

/// Reads an outline. `None` when the file has an error (each one is in the list).
pub fn read(file: &TextFile) -> (Option<Outline>, Vec<Diagnostic>) {
    let mut reader = Reader {
        file,
        rings: Vec::new(),
        problems: Vec::new(),
        more: 0,
    };
    let root = match json::parse(&file.text) {
        Ok(root) => root,
        Err(error) => {
            let diagnostic = Diagnostic::error(
                "E0801",
                &file.path,
                Position::of_offset(&file.text, error.offset),
                format!("invalid GeoJSON: {}", error.message),
            )
            .with_help("an outline is a GeoJSON file (JSON text); export it again from your GIS tool, or check this line in a JSON validator");
            return (None, vec![diagnostic]);
        }
    };
    reader.object(&root, 0);
    if reader.problems.is_empty() && reader.rings.is_empty() {
        reader.problem(
            &root,
            "this GeoJSON has no Polygon or MultiPolygon: there is no outline to draw",
            "an outline is the province's boundary as a Polygon or MultiPolygon (points and lines are skipped)",
        );
    }
    if reader.more > 0 {
        reader.problems.push(
            Diagnostic::error(
                "E0802",
                &file.path,
                Position::START,
                format!("{} more problems in this outline", reader.more),
            )
            .with_help("fix the ones above first; many alike usually mean the file is not in longitude/latitude (WGS84)"),
        );
    }
    let Reader {
        rings, problems, ..
    } = reader;
    if !problems.is_empty() {
        return (None, problems);
    }
    let bounds = GeoBox::around(rings.iter().flatten().copied());
    let outline = bounds.map(|bounds| Outline {
        file: file.path.clone(),
        rings,
        bounds,
    });
    (outline, problems)
}

struct Reader<'f> {
    file: &'f TextFile,
    rings: Vec<Vec<(f64, f64)>>,
    problems: Vec<Diagnostic>,
    more: usize,
}

/// How deep GeometryCollections may nest (RFC 7946 advises against nesting at all).
const MAX_COLLECTIONS: usize = 8;

impl Reader<'_> {
    fn problem(&mut self, at: &Json<'_>, message: impl Into<String>, help: impl Into<String>) {
        if self.problems.len() >= MAX_PROBLEMS {
            self.more += 1;
            return;
        }
        self.problems.push(
            Diagnostic::error(
                "E0802",
                &self.file.path,
                Position::of_offset(&self.file.text, at.offset),
                message,
            )
            .with_help(help),
        );
    }

    /// Any GeoJSON object: a collection, a feature or a geometry.
    fn object(&mut self, node: &Json<'_>, depth: usize) {
        let Some(kind) = node.get("type").and_then(Json::as_str) else {
            self.problem(
                node,
                format!(
                    "expected a GeoJSON object with a `type`, found {}",
                    node.kind()
                ),
                "the file should start with {\"type\": \"FeatureCollection\", \"features\": [...]}",
            );
            return;
        };
        match kind {
            "FeatureCollection" => match node
                .get("features")
                .map(|features| (features, features.as_array()))
            {
                Some((_, Some(features))) => {
                    for feature in features {
                        self.feature(feature, depth);
                    }
                }
                Some((features, None)) => self.problem(
                    features,
                    "`features` should be an array",
                    "write \"features\": [ ... ]",
                ),
                None => self.problem(
                    node,
                    "this FeatureCollection has no `features`",
                    "add \"features\": [ ... ] with the province's polygon",
                ),
            },
            "Feature" => self.feature(node, depth),
            _ => self.geometry(node, depth),
        }
    }

    fn feature(&mut self, node: &Json<'_>, depth: usize) {
        if node.get("type").and_then(Json::as_str) != Some("Feature") {
            self.problem(node, "expected a Feature", "each item of `features` is {\"type\": \"Feature\", \"geometry\": ..., \"properties\": ...}");
            return;
        }
        match node.get("geometry") {
            // A feature without a place (RFC 7946, 3.2) outlines nothing.
            None
            | Some(Json {
                value: json::Value::Null,
                ..
            }) => {}
            Some(geometry) => self.geometry(geometry, depth),
        }
    }

    fn geometry(&mut self, node: &Json<'_>, depth: usize) {
        let kind = node.get("type").and_then(Json::as_str).unwrap_or_default();
        let coordinates = node.get("coordinates");
        match (kind, coordinates) {
            ("Polygon", Some(coordinates)) => self.polygon(coordinates),
            ("MultiPolygon", Some(coordinates)) => match coordinates.as_array() {
                Some(polygons) => {
                    for polygon in polygons {
                        self.polygon(polygon);
                    }
                }
                None => self.problem(
                    coordinates,
                    "a MultiPolygon's `coordinates` should be an array of polygons",
                    "write [[[[lon, lat], ...]]]",
                ),
            },
            ("GeometryCollection", _) if depth < MAX_COLLECTIONS => {
                match node.get("geometries").and_then(Json::as_array) {
                    Some(geometries) => {
                        for geometry in geometries {
                            self.geometry(geometry, depth + 1);
                        }
                    }
                    None => self.problem(
                        node,
                        "this GeometryCollection has no `geometries` array",
                        "write \"geometries\": [ ... ]",
                    ),
                }
            }
            // Points and lines mark places, they do not outline an area.
            ("Point" | "MultiPoint" | "LineString" | "MultiLineString", Some(_)) => {}
            (
                "Polygon" | "MultiPolygon" | "Point" | "MultiPoint" | "LineString"
                | "MultiLineString",
                None,
            ) => self.problem(
                node,
                format!("this {kind} has no `coordinates`"),
                "export the outline again; each geometry needs its coordinates",
            ),
            _ => self.problem(
                node.get("type").unwrap_or(node),
                format!("`{kind}` is not a GeoJSON geometry type"),
                "use Polygon or MultiPolygon (in a Feature or FeatureCollection)",
            ),
        }
    }

    /// A polygon's rings: the first is its outer edge; the others (holes) are skipped.
    fn polygon(&mut self, node: &Json<'_>) {
        let Some(outer) = node.as_array().and_then(|rings| rings.first()) else {
            self.problem(
                node,
                "a polygon should be an array of rings, each an array of [lon, lat] positions",
                "write [[[lon, lat], [lon, lat], ...]]",
            );
            return;
        };
        let Some(positions) = outer.as_array() else {
            self.problem(
                outer,
                "a ring should be an array of [lon, lat] positions",
                "write [[lon, lat], [lon, lat], ...]",
            );
            return;
        };
        let mut ring = Vec::with_capacity(positions.len());
        for position in positions {
            if let Some(point) = self.position(position) {
                ring.push(point);
            }
        }
        if ring.len() == positions.len() {
            if ring.len() < 3 {
                self.problem(outer, format!("a ring needs at least 3 positions, this one has {}", ring.len()), "a polygon's edge goes around an area: at least three corners, the first repeated at the end");
            } else {
                self.rings.push(ring);
            }
        }
    }

    fn position(&mut self, node: &Json<'_>) -> Option<(f64, f64)> {
        let numbers: Option<Vec<f64>> = node
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(Json::as_number)
                    .collect::<Option<Vec<f64>>>()
            })
            .unwrap_or(None);
        let Some([lon, lat, ..]) = numbers.as_deref() else {
            self.problem(
                node,
                format!(
                    "a position should be [longitude, latitude], found {}",
                    node.kind()
                ),
                "write two numbers, longitude first: [107.05, 21.01]",
            );
            return None;
        };
        if !(-180.0..=180.0).contains(lon) || !(-90.0..=90.0).contains(lat) {
            self.problem(
                node,
                format!("[{lon}, {lat}] is not a longitude and latitude"),
                "GeoJSON positions are [longitude, latitude] in degrees (WGS84); export the outline in EPSG:4326, not in a projected system such as VN-2000 or UTM",
            );
            return None;
        }
        Some((*lon, *lat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn read_text(text: &str) -> (Option<Outline>, Vec<Diagnostic>) {
        read(&TextFile {
            path: PathBuf::from("content/map/outline.geojson"),
            text: text.to_string(),
            revision: 0,
        })
    }

    #[test]
    fn a_feature_collection_gives_its_outer_rings() {
        let text = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "Tỉnh Mẫu"}, "geometry": {"type": "MultiPolygon", "coordinates": [
    [[[105.0, 10.0], [106.0, 10.0], [106.0, 11.0], [105.0, 10.0]], [[105.2, 10.2], [105.3, 10.2], [105.3, 10.3], [105.2, 10.2]]],
    [[[106.5, 10.5], [106.6, 10.5], [106.6, 10.6], [106.5, 10.5]]]
  ]}},
  {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [105.5, 10.5]}},
  {"type": "Feature", "properties": {}, "geometry": null}
]}"#;
        let (outline, problems) = read_text(text);
        assert!(problems.is_empty(), "{problems:?}");
        let outline = outline.unwrap();
        assert_eq!(outline.rings.len(), 2, "holes and points are skipped");
        assert_eq!(
            outline.bounds,
            GeoBox {
                south: 10.0,
                north: 11.0,
                west: 105.0,
                east: 106.6
            }
        );
    }

    #[test]
    fn problems_name_their_line_and_column() {
        let text = "{\"type\": \"Polygon\", \"coordinates\": [[\n  [105.0, 10.0],\n  [10.5, 106.0],\n  [105.5],\n  [105.0, 10.0]\n]]}";
        let (outline, problems) = read_text(text);
        assert!(outline.is_none());
        let places: Vec<(usize, usize)> = problems
            .iter()
            .map(|problem| (problem.position.line, problem.position.column))
            .collect();
        assert_eq!(places, vec![(3, 3), (4, 3)], "{problems:?}");
        assert!(problems[0]
            .help
            .as_deref()
            .unwrap()
            .contains("[longitude, latitude]"));
    }

    #[test]
    fn a_syntax_error_and_an_empty_outline_are_errors() {
        let (_, problems) = read_text("{\"type\": \"FeatureCollection\",\n  \"features\": [,]}");
        assert_eq!(problems[0].code, "E0801");
        assert_eq!(
            (problems[0].position.line, problems[0].position.column),
            (2, 16)
        );
        let (_, problems) = read_text("{\"type\": \"FeatureCollection\", \"features\": []}");
        assert_eq!(problems[0].code, "E0802");
        let (_, problems) = read_text("{\"type\": \"Polygn\", \"coordinates\": []}");
        assert!(problems[0].message.contains("`Polygn`"), "{problems:?}");
    }

    #[test]
    fn a_projected_file_gives_a_bounded_number_of_problems() {
        let positions: Vec<String> = (0..500)
            .map(|i| format!("[{}, 2300000]", 400000 + i))
            .collect();
        let text = format!(
            "{{\"type\": \"Polygon\", \"coordinates\": [[{}]]}}",
            positions.join(",")
        );
        let (outline, problems) = read_text(&text);
        assert!(outline.is_none());
        assert_eq!(problems.len(), MAX_PROBLEMS + 1);
        assert!(problems.last().unwrap().message.contains("480 more"));
    }
}
