//! A list page's context (all zones, parks, clusters or projects of one kind): the
//! province's own figures for that kind above the table, the table's columns, and
//! the rows, which are written piece by piece ([`super::pieces`]).

use tera::Context;

use crate::content::model::{Kind, Site};
use crate::content::schema::Fact;

use super::figures::{self, fact_view};
use super::pieces::{Piece, ROWS};
use super::views::{self, Citations, LabelView};
use super::PageParts;

/// Fills a list page's context; `language_index` is the page language's position
/// among the site's (its rows are kept per language).
pub(super) fn page(
    site: &Site,
    kind: Kind,
    language: &str,
    language_index: usize,
    citations: &mut Citations<'_>,
    context: &mut Context,
) -> PageParts {
    let t = |key: &str| site.translations.shown(language, key).into_owned();
    context.insert("kind", &kind);
    // The province's own figures for this kind, with their sources.
    let facts: Vec<_> = site
        .schema
        .province
        .facts
        .iter()
        .filter(|fact| fact.list_page == Some(kind))
        .filter_map(|fact| Some((fact, site.province.fact(&fact.key)?)))
        .map(|(fact, figure)| fact_view(site, language, fact, Some(figure), citations))
        .collect();
    // A few figures above the list: one group, no headings.
    let facts = figures::FactsView {
        groups: (!facts.is_empty())
            .then(|| figures::GroupView {
                key: String::new(),
                label: String::new(),
                facts,
            })
            .into_iter()
            .collect(),
        missing: Vec::new(),
    };
    context.insert("facts", &facts);
    // The rows' sources, numbered after the page's own.
    let listed = listed_facts(site, kind);
    for index in site.range_of(kind) {
        views::cite_row(&site.records[index], &listed, citations);
    }
    context.insert("rows", ROWS);
    context.insert("columns", &list_columns(site, kind, language));
    let heading = t(&format!("section.{}", kind.folder()));
    let intro = t(&format!("intro.{}", kind.folder()));
    PageParts::new("list.html", heading, intro, "website")
        .with_table(Piece::ListRow(kind, language_index), site.range_of(kind))
}

/// The facts a list's rows show (`use: list` in the schema).
fn listed_facts(site: &Site, kind: Kind) -> Vec<&Fact> {
    site.schema
        .of(kind)
        .facts
        .iter()
        .filter(|fact| fact.uses.list)
        .collect()
}

/// The heads of a list's fact columns (`use: list` in the schema).
pub(super) fn list_columns(site: &Site, kind: Kind, language: &str) -> Vec<LabelView> {
    site.schema
        .of(kind)
        .facts
        .iter()
        .filter(|fact| fact.uses.list)
        .map(|fact| LabelView {
            key: fact.key.clone(),
            label: site.shown(fact.short(), language).into_owned(),
        })
        .collect()
}
