//! The search page's context: every page of the language as links grouped by section
//! (so the page is whole without JavaScript), their count, and the index
//! `static/search.js` reads to filter them.

use serde::Serialize;
use tera::Context;

use crate::content::model::Site;

use super::files;
use super::views::LinkView;
use super::PageParts;

/// The links of one section on the search page.
#[derive(Debug, Clone, Serialize)]
struct SearchGroup {
    key: &'static str,
    label: String,
    items: Vec<LinkView>,
}

/// Fills the search page's context.
pub(super) fn page(site: &Site, language: &str, root: &str, context: &mut Context) -> PageParts {
    let t = |key: &str| site.translations.shown(language, key).into_owned();
    let docs = files::search_links(site, language, root);
    let mut groups: Vec<SearchGroup> = Vec::new();
    for doc in &docs {
        if groups.last().is_none_or(|group| group.key != doc.group) {
            let label = match doc.group {
                "pages" => t("search.pages"),
                group => t(&format!("section.{group}")),
            };
            groups.push(SearchGroup {
                key: doc.group,
                label,
                items: Vec::new(),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.items.push(LinkView {
                label: doc.title.clone(),
                href: doc.url.clone(),
            });
        }
    }
    context.insert("groups", &groups);
    context.insert(
        "total",
        &t("search.total").replace("{n}", &docs.len().to_string()),
    );
    context.insert("index_url", &format!("{root}{language}/search-index.json"));
    PageParts::new(
        "search.html",
        t("search.title"),
        t("search.intro"),
        "website",
    )
}
