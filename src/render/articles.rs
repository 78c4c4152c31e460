//! The contexts of prose pages: the news list, a news article and a free page
//! (about, incentives, contact...). Each shows its own language's version, or a
//! fallback marked with its language ([`super::versions`]).

use serde::Serialize;
use tera::Context;

use crate::content::model::Site;

use super::versions::{available, marked, pick};
use super::views::{Citations, LinkView};
use super::PageParts;

/// A news article in a list (the news page, the home page's latest).
#[derive(Debug, Clone, Serialize)]
pub(super) struct NewsItem {
    title: String,
    summary: Option<String>,
    date: String,
    date_iso: String,
    href: String,
    translated: bool,
}

/// The first `limit` news articles, newest first, as the page's language shows them.
pub(super) fn news_items(site: &Site, root: &str, language: &str, limit: usize) -> Vec<NewsItem> {
    site.news
        .iter()
        .take(limit)
        .map(|article| {
            let (prose, from) = pick(&article.versions, site.config.chain(language));
            NewsItem {
                title: marked(prose.title.as_deref().unwrap_or_default(), from),
                summary: prose
                    .summary
                    .as_deref()
                    .map(|summary| marked(summary, from)),
                date: article.date.show(&site.translations, language),
                date_iso: article.date.iso(),
                href: format!("{root}{language}/news/{}/", article.slug),
                translated: from.is_none(),
            }
        })
        .collect()
}

/// Fills the news list's context.
pub(super) fn news_list(
    site: &Site,
    language: &str,
    root: &str,
    context: &mut Context,
) -> PageParts {
    let t = |key: &str| site.translations.shown(language, key).into_owned();
    context.insert("news", &news_items(site, root, language, usize::MAX));
    PageParts::new(
        "news_list.html",
        t("section.news"),
        t("intro.news"),
        "website",
    )
}

/// Fills the context of news article `index`; `page_path` is its path below its
/// language.
pub(super) fn news(
    site: &Site,
    language: &str,
    root: &str,
    index: usize,
    page_path: &str,
    citations: &mut Citations<'_>,
    context: &mut Context,
) -> PageParts {
    let t = |key: &str| site.translations.shown(language, key).into_owned();
    let article = &site.news[index];
    let (prose, from) = pick(&article.versions, site.config.chain(language));
    let breadcrumb = vec![
        super::home_link(site, language, root),
        LinkView {
            label: t("section.news"),
            href: format!("{root}{language}/news/"),
        },
    ];
    context.insert("body", &prose.html);
    context.insert("body_lang", &from);
    context.insert("date", &article.date.show(&site.translations, language));
    context.insert("date_iso", &article.date.iso());
    context.insert("untranslated", &from.is_some());
    context.insert(
        "available_in",
        &available(site, root, &article.versions, page_path),
    );
    if let Some(id) = &article.source {
        let number = citations.cite(id);
        context.insert("source_citation", &number);
    }
    citations.cite_prose(prose);
    let title = marked(prose.title.as_deref().unwrap_or_default(), from);
    PageParts::new(
        "article.html",
        title,
        marked(prose.summary.as_deref().unwrap_or_default(), from),
        "article",
    )
    .with_breadcrumb(breadcrumb)
}

/// Fills the context of free page `index`; `page_path` is its path below its
/// language.
pub(super) fn page(
    site: &Site,
    language: &str,
    root: &str,
    index: usize,
    page_path: &str,
    citations: &mut Citations<'_>,
    context: &mut Context,
) -> PageParts {
    let page = &site.pages[index];
    let (prose, from) = pick(&page.versions, site.config.chain(language));
    citations.cite_prose(prose);
    context.insert("body", &prose.html);
    context.insert("body_lang", &from);
    context.insert("headings", &prose.headings);
    context.insert("untranslated", &from.is_some());
    context.insert(
        "available_in",
        &available(site, root, &page.versions, page_path),
    );
    PageParts::new(
        "page.html",
        marked(prose.title.as_deref().unwrap_or_default(), from),
        marked(prose.summary.as_deref().unwrap_or_default(), from),
        "article",
    )
}
