//! A record's own page context (a zone, park, cluster or project): its position,
//! facts and prose, the trail back to its list, the incentive regime that applies,
//! and its charts, led by a zone's map or beside a locator for the rest.

use tera::Context;

use crate::content::model::Kind;

use super::views::{record_view, Citations, LinkView, Shown};
use super::{charts, drawings, maps, versions, PageParts, Renderer};

/// Fills the context of the page of record `index`; `page_path` is the page's path
/// below its language, for the links to the same page in other languages.
pub(super) fn page(
    renderer: &Renderer<'_>,
    language: &str,
    index: usize,
    page_path: &str,
    citations: &mut Citations<'_>,
    context: &mut Context,
) -> PageParts {
    let (site, plan, root) = (renderer.site, renderer.plan, renderer.root.as_str());
    let t = |key: &str| site.translations.shown(language, key).into_owned();
    // Cited first: the page shows the position above the facts.
    let position = maps::position(site, plan, language, &site.records[index], citations);
    context.insert("position", &position);
    let view = record_view(site, plan, language, root, index, Shown::Page, citations);
    let record = &site.records[index];
    if let Some(prose) = record.prose.get(language) {
        citations.cite_prose(prose);
    }
    let description = view.summary.unwrap_or(&view.name).to_string();
    let breadcrumb = vec![
        super::home_link(site, language, root),
        LinkView {
            label: t(&format!("section.{}", record.kind.folder())),
            href: format!("{root}{language}/{}/", record.kind.folder()),
        },
    ];
    context.insert("untranslated", &view.body.is_none());
    context.insert(
        "available_in",
        &versions::available(site, root, &record.prose, page_path),
    );
    let title = view.name.clone();
    let mut charts = if site.config.skip.charts {
        Vec::new()
    } else {
        drawings::record(site, language, root, record)
    };
    for chart in &mut charts {
        chart.cite(citations);
    }
    if site.pages.iter().any(|page| page.slug == "contact") {
        context.insert("contact_page", &format!("{root}{language}/contact/"));
    }
    // Which incentive regime applies follows from where the record lies.
    if site.pages.iter().any(|page| page.slug == "incentives") && record.kind != Kind::Project {
        let regime = match (record.kind, &record.zone) {
            (Kind::Zone, _) | (Kind::Park, Some(_)) => "record.incentives_zone",
            (Kind::Cluster, _) => "record.incentives_cluster",
            _ => "record.incentives_park",
        };
        context.insert(
            "incentives",
            &LinkView {
                label: t(regime),
                href: format!("{root}{language}/incentives/"),
            },
        );
    }
    // Where it lies: a zone's own map, first of its charts, or a small
    // locator beside the facts of the rest.
    if !site.config.skip.charts {
        let labels = charts::Labels {
            site,
            language,
            root,
        };
        match record.kind {
            Kind::Zone => {
                if let Some(map) = maps::zone(&labels, plan, record) {
                    charts.insert(0, map);
                }
            }
            _ => context.insert("locator", &maps::locator(&labels, plan, record)),
        }
    }
    context.insert("charts", &charts);
    context.insert("record", &view);
    let og_type = if record.kind == Kind::Project {
        "article"
    } else {
        "place"
    };
    PageParts::new("record.html", title, description, og_type).with_breadcrumb(breadcrumb)
}
