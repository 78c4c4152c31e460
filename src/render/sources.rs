//! The sources page's context: every source the site cites, by id, with its title in
//! the page's language (or marked as the original's), publisher, date and note.

use serde::Serialize;
use tera::Context;

use crate::content::model::Site;

use super::titles::{self, SourceTitle};
use super::PageParts;

/// One source on the sources page.
#[derive(Debug, Clone, Serialize)]
struct SourceView {
    id: String,
    #[serde(flatten)]
    title: SourceTitle,
    publisher: String,
    date: Option<String>,
    language: String,
    url: Option<String>,
    note: Option<String>,
}

/// Fills the sources page's context.
pub(super) fn page(site: &Site, language: &str, context: &mut Context) -> PageParts {
    let t = |key: &str| site.translations.shown(language, key).into_owned();
    let sources: Vec<_> = site
        .sources
        .iter()
        .map(|source| SourceView {
            id: source.id.clone(),
            title: titles::source_title(site, source, language),
            publisher: source.publisher.clone(),
            date: source
                .date
                .as_ref()
                .map(|date| date.show(&site.translations, language)),
            language: source.language.clone(),
            url: source.url.clone(),
            note: source
                .note
                .as_ref()
                .map(|note| site.shown(note, language).into_owned()),
        })
        .collect();
    context.insert("sources", &sources);
    PageParts::new(
        "sources.html",
        t("section.sources"),
        t("intro.sources"),
        "website",
    )
}
