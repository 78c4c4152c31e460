//! Computed distances as pages show them: "about 25 km in a straight line to Cai Lan
//! port", always with a label saying it was computed (and from approximate positions,
//! when it was), never in place of a published figure.

use serde::Serialize;

use super::figures::FactView;
use super::views::Citations;
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
    /// The value in the fact's first unit, for sorting and filtering.
    pub value: f64,
    /// Whether a position it comes from is approximate.
    pub approximate: bool,
    /// Citations of the landmark's position.
    pub citations: Vec<usize>,
}

/// A computed distance for a page in `language`.
pub fn computed_view(
    site: &Site,
    language: &str,
    fact: &Fact,
    computed: &Computed,
    citations: &mut Citations<'_>,
) -> ComputedView {
    let translations = &site.translations;
    let landmark = &site.landmarks[computed.landmark];
    let number = translations.number(language, computed.value, computed.decimals);
    let distance = match site.schema.unit(&computed.unit) {
        Some((_, unit)) => site.text(&unit.label, language).replace("{}", &number),
        None => number,
    };
    let text = translations
        .get(language, "distance.computed")
        .replace("{distance}", &distance)
        .replace("{landmark}", &site.shown(&landmark.name, language));
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
        value,
        approximate: computed.approximate,
        citations: landmark
            .coordinates
            .iter()
            .flat_map(|c| &c.sources)
            .map(|id| citations.cite(id))
            .collect(),
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
    citations: &mut Citations<'_>,
) {
    if fact.distance_to.is_none() {
        return;
    }
    if let Some(computed) = distances::of(&plan.distances, record, &fact.key) {
        let shown = computed_view(site, language, fact, computed, citations);
        if view.sort.is_none() {
            view.sort = Some(shown.value);
        }
        view.computed = Some(shown);
    }
}
