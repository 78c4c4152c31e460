//! The compare page's context: one row of the newest figures per park, the columns the
//! schema puts in the table (`use: compare`), and its filters (`filter: at_least` or
//! `at_most`); and the home page's "find land" form, which opens the compare page with
//! those filters in its URL.
//!
//! The filters are the schema's, not a list of fact keys: each one is a URL parameter
//! named after its bound and fact (`min_available_area=20`, `max_distance_seaport=30`),
//! read by `static/compare.js`. The table itself is whole without the script.

use std::borrow::Cow;

use serde::Serialize;
use tera::Context;

use super::pieces::ROWS;
use super::views::{self, Citations, LabelView, LinkView};
use super::{contacts, distances, figures, unit_name};
use crate::content::model::{Kind, Site};
use crate::content::schema::{Bound, Fact};
use crate::derive::Plan;

/// The facts the compare table shows, in the schema's order.
pub(super) fn compare_facts(site: &Site) -> Vec<&Fact> {
    site.schema
        .of(Kind::Park)
        .facts
        .iter()
        .filter(|fact| fact.uses.compare)
        .collect()
}

/// A filter on one numeric column.
#[derive(Debug, Clone, Serialize)]
pub(super) struct FilterView {
    /// Fact key (the column it filters).
    key: String,
    /// Its URL parameter and form field name: `min_available_area`.
    param: String,
    /// `at_least` or `at_most`.
    bound: &'static str,
    /// "Available land at least (ha)".
    label: String,
    /// The fact's label alone, for a list of facts to choose from.
    fact: String,
    /// The unit the filter's number is in, without a number: `ha`.
    unit: String,
}

/// The filters the schema declares, in its order: "at least" ones first.
fn filters(site: &Site, language: &str, compared: &[&Fact]) -> Vec<FilterView> {
    let t = |key: &str| site.translations.shown(language, key).into_owned();
    let mut filters: Vec<(Bound, FilterView)> = compared
        .iter()
        .filter(|fact| fact.uses.filter)
        .map(|fact| {
            let unit = site
                .schema
                .common_unit(fact)
                .and_then(|unit| site.schema.unit(unit))
                .map(|(_, unit)| unit_name(site.text(&unit.label, language)))
                .unwrap_or_default();
            let label = site.text(&fact.label, language);
            (
                fact.bound,
                FilterView {
                    key: fact.key.clone(),
                    param: format!("{}_{}", fact.bound.prefix(), fact.key),
                    bound: fact.bound.word(),
                    label: t(&format!("compare.{}", fact.bound.word()))
                        .replace("{fact}", label)
                        .replace("{unit}", &unit),
                    fact: label.to_string(),
                    unit,
                },
            )
        })
        .collect();
    filters.sort_by_key(|(bound, _)| *bound == Bound::AtMost);
    filters.into_iter().map(|(_, filter)| filter).collect()
}

/// The sectors some park has, as choices of a filter.
fn sectors(site: &Site, language: &str) -> Vec<LabelView> {
    site.sectors
        .iter()
        .filter(|sector| {
            site.records_of(Kind::Park)
                .any(|park| park.sectors.contains(&sector.slug))
        })
        .map(|sector| LabelView {
            key: sector.slug.clone(),
            label: site.shown(&sector.label, language).into_owned(),
        })
        .collect()
}

/// The home page's "find land" form: the first "at least" filter (how much land),
/// the sectors, and the "at most" filters as places to be near.
#[derive(Debug, Clone, Serialize)]
pub(super) struct FindLand {
    /// Where the form goes: the compare page.
    action: String,
    area: Option<FilterView>,
    sectors: Vec<LabelView>,
    near: Vec<FilterView>,
    /// The unit of "within", when every place to be near is measured in one.
    within_unit: Option<String>,
}

/// The form, or `None` when the portal has no compare page or nothing to filter on.
pub(super) fn find_land(site: &Site, language: &str, root: &str) -> Option<FindLand> {
    site.records_of(Kind::Park).next()?;
    let compared = compare_facts(site);
    let filters = filters(site, language, &compared);
    let area = filters
        .iter()
        .find(|filter| filter.bound == Bound::AtLeast.word())
        .cloned();
    let near: Vec<FilterView> = filters
        .into_iter()
        .filter(|filter| filter.bound == Bound::AtMost.word())
        .collect();
    let sectors = sectors(site, language);
    if area.is_none() && near.is_empty() && sectors.is_empty() {
        return None;
    }
    let within_unit = near
        .first()
        .map(|first| first.unit.clone())
        .filter(|unit| !unit.is_empty() && near.iter().all(|filter| &filter.unit == unit));
    Some(FindLand {
        action: format!("{root}{language}/compare/"),
        area,
        sectors,
        near,
        within_unit,
    })
}

#[derive(Debug, Clone, Serialize)]
struct CompareRow<'a> {
    slug: String,
    short_name: String,
    href: String,
    status: Option<LabelView>,
    zone: Option<LinkView>,
    zone_slug: Option<String>,
    sectors: Vec<LabelView>,
    cells: Vec<CompareCell<'a>>,
    /// Whom to contact, for the side-by-side view.
    contacts: Vec<contacts::ContactView>,
}

/// One fact of a park in the compare table. Leaner than a [`figures::FactView`] (no
/// older values): the table has a dozen of them for each of up to 10,000 parks. For
/// the same reason a value it lacks is left out rather than `none` (the template tests
/// each with `{% if %}`): an unpublished cell is two keys, not five, to convert and to
/// look through.
#[derive(Debug, Clone, Serialize)]
struct CompareCell<'a> {
    /// Fact key.
    key: &'a str,
    /// The fact's label, which a phone's card layout shows beside the value.
    label: Cow<'a, str>,
    /// The newest value, if published.
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<figures::EntryView>,
    /// The newest numeric value in the fact's common unit, for sorting and filtering
    /// (a computed distance's when none is published).
    #[serde(skip_serializing_if = "Option::is_none")]
    sort: Option<f64>,
    /// A distance computed from positions, where no number is published.
    #[serde(skip_serializing_if = "Option::is_none")]
    computed: Option<distances::ComputedView>,
}

/// The park `index`'s row in the compare table (`partials/compare_row.html`): the
/// newest value of each compare fact. The table shows no older values, so they are
/// not formatted, only their sources numbered (as in the park's full view, and as
/// [`page`] numbers them before any row is rendered).
pub(super) fn row<'a>(
    site: &'a Site,
    plan: &Plan,
    language: &str,
    root: &str,
    index: usize,
    compared: &[&'a Fact],
    citations: &mut Citations<'_>,
) -> impl Serialize + use<'a> {
    let park = &*site.records[index];
    let cells = compared
        .iter()
        .map(|fact| {
            let figure = park.fact(&fact.key);
            let current = figures::newest_entry_view(site, language, figure, citations);
            let mut sort = figures::sort_value(site, fact, figure);
            let computed = fact
                .distance_to
                .as_ref()
                .and_then(|_| crate::derive::distances::of(&plan.distances, index, &fact.key))
                .map(|computed| distances::computed_view(site, language, fact, computed));
            if let (None, Some(computed)) = (sort, &computed) {
                sort = Some(computed.value);
            }
            CompareCell {
                key: &fact.key,
                label: site.shown(&fact.label, language),
                current,
                sort,
                computed,
            }
        })
        .collect();
    views::cite_record_extras(site, park, citations);
    let contacts = contacts::whom_to_contact(site, language, park, citations);
    let link = views::link(site, language, root, park);
    CompareRow {
        slug: park.slug.clone(),
        short_name: link.label,
        href: link.href,
        status: park
            .status
            .as_deref()
            .map(|status| views::status_view(site, language, status)),
        zone: views::zone_link(site, language, root, park),
        zone_slug: park.zone.clone(),
        sectors: views::sector_labels(site, language, park),
        cells,
        contacts,
    }
}

/// Puts what `compare.html` shows into `context`, but its rows: they are rendered
/// one by one ([`row`]) where [`ROWS`] stands, each park's sources numbered here
/// first, in the order its row cites them, so that any row can be rendered alone.
pub(super) fn page(
    site: &Site,
    language: &str,
    citations: &mut Citations<'_>,
    context: &mut Context,
) {
    let compared = compare_facts(site);
    for park in site.records_of(Kind::Park) {
        views::cite_row(park, &compared, citations);
        contacts::cite_contacts(site, park, citations);
    }
    let columns: Vec<LabelView> = compared
        .iter()
        .map(|fact| LabelView {
            key: fact.key.clone(),
            label: site.shown(&fact.label, language).into_owned(),
        })
        .collect();
    let statuses: Vec<LabelView> = site
        .schema
        .statuses
        .iter()
        .map(|status| views::status_view(site, language, &status.term.key))
        .collect();
    let zones: Vec<LabelView> = site
        .records_of(Kind::Zone)
        .map(|zone| LabelView {
            key: zone.slug.clone(),
            label: site.shown(&zone.short_name, language).into_owned(),
        })
        .collect();
    context.insert("rows", ROWS);
    context.insert("row_count", &site.range_of(Kind::Park).len());
    context.insert("columns", &columns);
    context.insert("filters", &filters(site, language, &compared));
    context.insert("statuses", &statuses);
    context.insert("zones", &zones);
    context.insert("sectors", &sectors(site, language));
}
