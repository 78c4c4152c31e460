//! The home page's context: the province's key facts and regions, the zones as
//! cards, the first parks as a table, the latest news, contacts, landmarks, the
//! "find land" form and the home charts.

use serde::Serialize;
use tera::Context;

use crate::content::model::{Kind, Site};
use crate::derive::Plan;
use crate::diagnostics::Diagnostic;

use super::figures::{self, fact_view};
use super::lists::list_columns;
use super::views::{self, record_view, Citations, RecordView, Shown};
use super::{articles, compare, contacts, drawings, maps, PageParts, Renderer};

/// How many parks the home page lists.
const HOME_PARKS: usize = 24;

/// One of the province's regions, with the sectors it is known for.
#[derive(Debug, Clone, Serialize)]
struct RegionView {
    name: String,
    description: String,
    sectors: Vec<String>,
    citation: Option<usize>,
}

/// Fills the home page's context; the parks' rows are rendered here (through
/// `renderer`), so a template error names `output`.
pub(super) fn page(
    renderer: &Renderer<'_>,
    language: &str,
    output: &str,
    citations: &mut Citations<'_>,
    context: &mut Context,
) -> Result<PageParts, Diagnostic> {
    let site = renderer.site;
    let plan = renderer.plan;
    let root = renderer.root.as_str();
    let province = &site.province;
    // Only what the province published: a list of its unpublished
    // figures would greet every visitor of a young portal.
    let facts: Vec<_> = site
        .schema
        .province
        .facts
        .iter()
        .filter(|fact| fact.uses.key_facts)
        .filter_map(|fact| Some((fact, province.fact(&fact.key)?)))
        .map(|(fact, figure)| {
            (
                fact,
                fact_view(site, language, fact, Some(figure), citations),
            )
        })
        .collect();
    context.insert("facts", &figures::facts_view(site, language, facts));
    let regions: Vec<_> = province
        .regions
        .iter()
        .map(|region| RegionView {
            name: site.shown(&region.name, language).into_owned(),
            description: site.shown(&region.description, language).into_owned(),
            sectors: region
                .sectors
                .iter()
                .filter_map(|slug| site.sector(slug))
                .map(|sector| site.shown(&sector.label, language).into_owned())
                .collect(),
            citation: region.source.as_ref().map(|id| citations.cite(id)),
        })
        .collect();
    context.insert("regions", &regions);
    context.insert("formed", &views::formation(site, language));
    if let Some(id) = province
        .formed
        .as_ref()
        .and_then(|formed| formed.source.as_ref())
    {
        context.insert("formed_citation", &citations.cite(id));
    }
    context.insert(
        "zones",
        &records(
            site,
            plan,
            language,
            root,
            Kind::Zone,
            Shown::Card,
            citations,
        ),
    );
    // The home page shows the first parks only; the full list is a click away.
    let parks = site.range_of(Kind::Park);
    let shown = parks.start..parks.end.min(parks.start + HOME_PARKS);
    let park_rows = renderer.rows(Kind::Park, language, shown.clone(), citations, output)?;
    context.insert("park_columns", &list_columns(site, Kind::Park, language));
    context.insert("more_parks", &(parks.len() > HOME_PARKS));
    context.insert("parks", &!shown.is_empty());
    context.insert("park_rows", &park_rows);
    context.insert("news", &articles::news_items(site, root, language, 3));
    context.insert(
        "contacts",
        &contacts::province_contacts(site, language, citations),
    );
    context.insert("landmarks", &maps::landmarks(site, language, citations));
    // It opens the compare page: none without one.
    if plan.sections.compare {
        context.insert("find_land", &compare::find_land(site, language, root));
    }
    let mut home_charts = if site.config.skip.charts {
        Vec::new()
    } else {
        drawings::home(site, language, root)
    };
    for chart in &mut home_charts {
        chart.cite(citations);
    }
    context.insert("charts", &home_charts);
    Ok(PageParts::new(
        "home.html",
        site.shown(&site.config.title, language).into_owned(),
        site.shown(&site.config.description, language).into_owned(),
        "website",
    ))
}

/// Views of the records of `kind` (lists never show the prose, so the views leave
/// it out). Only those cite their sources: the page's citation list names what the
/// page shows, not the records a click away.
fn records<'a>(
    site: &'a Site,
    plan: &Plan,
    language: &str,
    root: &str,
    kind: Kind,
    view: Shown,
    citations: &mut Citations<'_>,
) -> Vec<RecordView<'a>> {
    site.range_of(kind)
        .map(|index| record_view(site, plan, language, root, index, view, citations))
        .collect()
}
