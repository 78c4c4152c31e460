//! Places: a position (`coordinates:` of a record or a landmark: lat, lon, how it is
//! known, its source) and `content/landmarks.yaml`, the seaports, airports, border gates
//! and other landmarks distances are measured to, each of a kind the schema declares.
//!
//! A record's position must lie inside the map's frame (E0503); a landmark's need not
//! (an airport in the next province still gives distances), but both must lie in the
//! country's range, which catches a latitude and longitude written the wrong way round.

use std::collections::{BTreeMap, BTreeSet};

use super::references::Known;
use super::{date, item_id, Checker, IdWords};
use crate::content::load::TextFile;
use crate::content::model::*;
use crate::content::text::localized;
use crate::content::yaml::{Document, Node};
use crate::diagnostics::closest;

/// Help for a position outside the country: the usual cause is lat and lon swapped.
const SWAPPED_HELP: &str =
    "check the order: lat is degrees north (8 to 23.5 in Vietnam), lon is degrees east (102 to 117)";

/// What a record's facts may say of a landmark: its kind and flags, by id.
pub(super) type LandmarkIndex = BTreeMap<String, (String, BTreeSet<String>)>;

/// The index of what records may say of landmarks.
pub(super) fn landmark_index(landmarks: &[Landmark]) -> LandmarkIndex {
    landmarks
        .iter()
        .map(|landmark| {
            (
                landmark.id.clone(),
                (
                    landmark.kind.clone(),
                    landmark.flags.iter().cloned().collect(),
                ),
            )
        })
        .collect()
}

impl Checker {
    /// `coordinates: {lat, lon, precision, source, as_of, note}`. `in_frame`: the
    /// position must lie on the map (records; landmarks may lie beyond it).
    pub(super) fn coordinates(
        &mut self,
        node: &Node<'_>,
        known: &Known<'_>,
        in_frame: bool,
    ) -> Option<Coordinates> {
        let mut fields = node.fields(&mut self.diagnostics)?;
        let lat = fields
            .require("lat", "10.5", &mut self.diagnostics)
            .and_then(|n| n.number(&mut self.diagnostics).map(|v| (n, v)));
        let lon = fields
            .require("lon", "105.5", &mut self.diagnostics)
            .and_then(|n| n.number(&mut self.diagnostics).map(|v| (n, v)));
        let precision_node = fields.get("precision");
        let precision = precision_node.as_ref().and_then(|n| self.precision(n));
        let sources = fields
            .get("source")
            .map(|n| self.source_refs(&n, known))
            .unwrap_or_default();
        let as_of = fields
            .get("as_of")
            .and_then(|n| date(&n, &mut self.diagnostics));
        let note = fields
            .get("note")
            .map(|n| localized(&n, &self.languages, &mut self.diagnostics));
        fields.finish(&mut self.diagnostics);
        let ((lat_node, lat), (lon_node, lon)) = (lat?, lon?);
        // Vietnam lies within about 8.2-23.4 N and 102.1-109.5 E (islands further east).
        let mut ok = true;
        if !(8.0..=23.5).contains(&lat) {
            self.diagnostics.push(
                lat_node
                    .error(
                        "E0501",
                        format!("latitude {lat} is outside Vietnam (8 to 23.5 N)"),
                    )
                    .with_help(SWAPPED_HELP),
            );
            ok = false;
        }
        if !(102.0..=117.0).contains(&lon) {
            self.diagnostics.push(
                lon_node
                    .error(
                        "E0501",
                        format!("longitude {lon} is outside Vietnam (102 to 117 E)"),
                    )
                    .with_help(SWAPPED_HELP),
            );
            ok = false;
        }
        if let Some((frame, outline)) = known
            .frame
            .filter(|(frame, _)| in_frame && ok && !frame.contains(lat, lon))
        {
            self.diagnostics.push(
                node.error("E0503", format!("the position {lat}° N, {lon}° E lies outside the map of the province ({})", outline.display()))
                    .with_help(format!(
                        "the map spans latitude {}° to {}° N and longitude {}° to {}° E (the outline's bounds with a margin); check the numbers and their order (lat is north, lon is east), or the outline",
                        frame.south, frame.north, frame.west, frame.east
                    )),
            );
            ok = false;
        }
        if sources.is_empty() {
            self.diagnostics.push(
                node.warning("W0201", "coordinates without a source")
                    .with_help("add `source:` naming the dataset the position comes from"),
            );
        }
        if precision_node.is_none() {
            self.diagnostics.push(
                node.warning("W0206", "the position does not say how it is known")
                    .with_help(format!(
                        "add `precision:` ({}); until then pages call it approximate",
                        precision_words()
                    )),
            );
        }
        ok.then_some(Coordinates {
            lat,
            lon,
            precision,
            sources,
            note,
            as_of,
        })
    }

    /// `precision: commune`: one of [`Precision::ALL`].
    fn precision(&mut self, node: &Node<'_>) -> Option<Precision> {
        let word = node.text(&mut self.diagnostics)?;
        if let Some((precision, _)) = Precision::ALL.iter().find(|(_, known)| *known == word) {
            return Some(*precision);
        }
        let help = match closest(&word, Precision::ALL.map(|(_, word)| word)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("say how the position is known: {}", precision_words()),
        };
        self.diagnostics.push(
            node.error("E0108", format!("unknown precision `{word}`"))
                .with_help(help),
        );
        None
    }

    /// `content/landmarks.yaml`: a list of `{id, kind, name, short_name, flags, details,
    /// source, as_of, coordinates}`.
    pub(super) fn landmarks(&mut self, file: &TextFile, known: &Known<'_>) -> Vec<Landmark> {
        let Some(value) = self.parse(file) else {
            return Vec::new();
        };
        let document = Document::new(&file.path, &file.text);
        let root = Node::root(&document, &value);
        let mut landmarks: Vec<Landmark> = Vec::new();
        for item in root.list(&mut self.diagnostics) {
            if let Some(landmark) = self.landmark(&item, known, &landmarks) {
                landmarks.push(landmark);
            }
        }
        landmarks
    }

    fn landmark(
        &mut self,
        node: &Node<'_>,
        known: &Known<'_>,
        before: &[Landmark],
    ) -> Option<Landmark> {
        let mut fields = node.fields(&mut self.diagnostics)?;
        let id = item_id(
            &mut fields,
            "main-port",
            |id| before.iter().any(|landmark| landmark.id == id),
            IdWords {
                called: "landmark id ",
                duplicate: &|id| format!("duplicate landmark id `{id}`"),
                duplicate_help: "give each landmark its own id",
            },
            &mut self.diagnostics,
        );
        let schema = self.schema.clone();
        let kind_node = fields.require("kind", "seaport", &mut self.diagnostics);
        let kind = kind_node.as_ref().and_then(|node| {
            let kind = node.text(&mut self.diagnostics)?;
            if schema.landmark_kind(&kind).is_some() || schema.unread {
                return Some(kind);
            }
            let keys: Vec<&str> = schema
                .landmarks
                .iter()
                .map(|kind| kind.term.key.as_str())
                .collect();
            let help = match closest(&kind, keys.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None if keys.is_empty() => {
                    "declare the kinds of landmark under `landmarks:` in schema.yaml first"
                        .to_string()
                }
                None => format!(
                    "use {} (kinds of landmark are declared in schema.yaml)",
                    keys.join(", ")
                ),
            };
            self.diagnostics.push(
                node.error("E0108", format!("unknown landmark kind `{kind}`"))
                    .with_help(help),
            );
            None
        });
        let name = fields
            .require("name", "{vi: ..., en: ...}", &mut self.diagnostics)
            .map(|node| localized(&node, &self.languages, &mut self.diagnostics));
        let short_name = fields
            .get("short_name")
            .map(|node| localized(&node, &self.languages, &mut self.diagnostics));
        let mut flags = Vec::new();
        if let Some(node) = fields.get("flags") {
            let declared = kind.as_deref().and_then(|kind| schema.landmark_kind(kind));
            for (item, flag) in node.texts(&mut self.diagnostics) {
                match declared {
                    Some(declared) if declared.flag(&flag).is_none() => {
                        let keys = declared.flags.iter().map(|flag| flag.key.as_str());
                        let help = match closest(&flag, keys) {
                            Some(near) => format!("did you mean `{near}`?"),
                            None => format!(
                                "declare it under `landmarks: {}: flags:` in schema.yaml",
                                declared.term.key
                            ),
                        };
                        self.diagnostics.push(
                            item.error(
                                "E0108",
                                format!("a {} has no flag `{flag}`", declared.term.key),
                            )
                            .with_help(help),
                        );
                    }
                    _ if !flags.contains(&flag) => flags.push(flag),
                    _ => {}
                }
            }
        }
        let details = fields
            .get("details")
            .map(|node| localized(&node, &self.languages, &mut self.diagnostics));
        let sources = fields
            .get("source")
            .map(|node| self.source_refs(&node, known))
            .unwrap_or_default();
        let as_of = fields
            .get("as_of")
            .and_then(|node| date(&node, &mut self.diagnostics));
        let coordinates = fields
            .get("coordinates")
            .and_then(|node| self.coordinates(&node, known, false));
        fields.finish(&mut self.diagnostics);
        if sources.is_empty() && (details.is_some() || !flags.is_empty()) {
            self.diagnostics.push(
                node.warning("W0201", "a landmark's details without a source")
                    .with_help("add `source:` naming where its details (and flags) are published"),
            );
        }
        let name = name?;
        Some(Landmark {
            id: id?,
            kind: kind?,
            short_name: short_name.unwrap_or_else(|| name.clone()),
            name,
            flags,
            details,
            sources,
            as_of,
            coordinates,
        })
    }
}

/// The precision words, for help texts.
fn precision_words() -> String {
    Precision::ALL
        .iter()
        .map(|(_, word)| *word)
        .collect::<Vec<_>>()
        .join(", ")
}
