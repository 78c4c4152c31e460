//! Computed distances as pages show them: "about 25 km in a straight line to Cai Lan
//! port", always with a label saying it was computed (and from approximate positions,
//! when it was), never in place of a published figure.

use serde::Serialize;

use super::figures::FactView;
use crate::content::model::Site;
use crate::content::schema::Fact;
use crate::derive::distances::{self, Computed};
use crate::derive::Plan;

/// A distance computed from positions, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct ComputedView {
    /// "about 25 km in a straight line to Cai Lan port".
    pub text: String,
    /// "computed" or "computed from approximate positions".
    pub label: String,
    /// A shorter label for a printout ("straight line, computed").
    pub short_label: String,
    /// A shorter text for a printout: "≈ 25 km to Cai Lan port".
    pub print_text: String,
    /// The value in the fact's first unit, for sorting and filtering.
    pub value: f64,
    /// Whether a position it comes from is approximate.
    pub approximate: bool,
}

/// A computed distance for a page in `language`.
pub fn computed_view(
    site: &Site,
    language: &str,
    fact: &Fact,
    computed: &Computed,
) -> ComputedView {
    let translations = &site.translations;
    let landmark = &site.landmarks[computed.landmark];
    // Two points a few hundred metres apart, or the same commune's centre, are "less
    // than 1 km" apart: never "about 0 km".
    let (key, shown, decimals) = if computed.value < 1.0 {
        ("distance.computed_under", 1.0, 0)
    } else {
        ("distance.computed", computed.value, computed.decimals)
    };
    let number = translations.number(language, shown, decimals);
    let distance = match site.schema.unit(&computed.unit) {
        Some((_, unit)) => site.text(&unit.label, language).replace("{}", &number),
        None => number,
    };
    let name = site.shown(&landmark.short_name, language);
    let text = translations
        .get(language, key)
        .replace("{distance}", &distance)
        .replace("{landmark}", &name);
    let print_text = translations
        .get(language, "distance.computed_print")
        .replace("{distance}", &distance)
        .replace("{landmark}", &name);
    let label = translations
        .get(
            language,
            if computed.approximate {
                "distance.computed_approximate"
            } else {
                "distance.computed_exact"
            },
        )
        .to_string();
    let value = site
        .schema
        .common_unit(fact)
        .and_then(|unit| site.schema.convert(computed.value, &computed.unit, unit))
        .unwrap_or(computed.value);
    ComputedView {
        text,
        label,
        short_label: translations
            .get(language, "distance.computed_short")
            .to_string(),
        print_text,
        value,
        approximate: computed.approximate,
    }
}

/// Adds a record's computed distance to its fact's view, and sorts by it when no
/// published number does.
pub fn attach(
    site: &Site,
    plan: &Plan,
    language: &str,
    record: usize,
    fact: &Fact,
    view: &mut FactView,
) {
    if fact.distance_to.is_none() {
        return;
    }
    if let Some(computed) = distances::of(&plan.distances, record, &fact.key) {
        let shown = computed_view(site, language, fact, computed);
        if view.sort.is_none() {
            view.sort = Some(shown.value);
        }
        view.computed = Some(shown);
    }
}

/// What search finds a record by for its distances: "near a deep-water port" and the
/// landmark's name, for each distance fact with a `near:` that the record is within,
/// by its published number or, without one, its computed distance. A published text
/// that names its landmark ("adjoins Lach Huyen port") counts as near: sources put
/// in words only what is next door.
pub fn near_words(site: &Site, plan: &Plan, language: &str, index: usize) -> Vec<String> {
    let record = &site.records[index];
    let mut words = Vec::new();
    for fact in &site.schema.of(record.kind).facts {
        let Some(distance_to) = &fact.distance_to else {
            continue;
        };
        let Some(near) = distance_to.near else {
            continue;
        };
        let figure = record.fact(&fact.key);
        let computed = distances::of(&plan.distances, index, &fact.key);
        let named = figure
            .and_then(|figure| figure.current())
            .and_then(|entry| entry.to.as_deref())
            .and_then(|id| site.landmark(id));
        let (value, landmark) = match super::figures::sort_value(site, fact, figure) {
            Some(value) => (value, named),
            None if named.is_some() => (0.0, named),
            None => match computed {
                Some(computed) => (
                    site.schema
                        .common_unit(fact)
                        .and_then(|unit| site.schema.convert(computed.value, &computed.unit, unit))
                        .unwrap_or(computed.value),
                    Some(&site.landmarks[computed.landmark]),
                ),
                None => continue,
            },
        };
        if value > near {
            continue;
        }
        let Some(kind) = site.schema.landmark_kind(&distance_to.kind) else {
            continue;
        };
        let what = distance_to
            .only
            .as_deref()
            .and_then(|flag| kind.flag(flag))
            .map_or(&kind.term.label, |flag| &flag.label);
        words.push(
            site.translations
                .get(language, "distance.near")
                .replace("{}", &site.text(what, language).to_lowercase()),
        );
        if let Some(landmark) = landmark {
            words.push(site.text(&landmark.name, language).to_string());
        }
    }
    words
}
