//! Which language version of a text a page shows: news articles, free pages and
//! record prose exist in some of the site's languages; a page shows its own
//! language's, or a fallback marked with the language it is in, and links to the
//! languages the text exists in. Plain lookups over the model: nothing is rendered here.

use crate::content::model::{Site, Versions};
use crate::markdown::Prose;

use super::views::LinkView;

/// The version for a page whose languages are `chain` (its own first, then its
/// fallbacks), or any; and the language it is in when that is not the page's.
pub(super) fn pick<'p>(versions: &'p Versions, chain: &[String]) -> (&'p Prose, Option<&'p str>) {
    let mut found = chain
        .iter()
        .filter_map(|language| versions.get_key_value(language))
        .chain(versions.iter());
    match found.next() {
        Some((language, prose)) if Some(language) == chain.first() => (&**prose, None),
        Some((language, prose)) => (&**prose, Some(language.as_str())),
        // Validation keeps only news and pages with at least one version.
        None => (empty_prose(), None),
    }
}

/// A text of a prose version, marked with its language when it is not the page's.
pub(super) fn marked(text: &str, from: Option<&str>) -> String {
    match from {
        Some(language) => crate::i18n::mark(language, text),
        None => text.to_string(),
    }
}

fn empty_prose() -> &'static Prose {
    static EMPTY: std::sync::OnceLock<Prose> = std::sync::OnceLock::new();
    EMPTY.get_or_init(Prose::default)
}

/// Languages in which a text exists, as links to the same page.
pub(super) fn available(
    site: &Site,
    root: &str,
    versions: &Versions,
    page_path: &str,
) -> Vec<LinkView> {
    site.config
        .languages
        .iter()
        .filter(|code| versions.contains_key(*code))
        .map(|code| LinkView {
            label: site.translations.get(code, "language_name").to_string(),
            href: format!("{root}{code}/{page_path}"),
        })
        .collect()
}
