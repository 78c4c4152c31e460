//! The language chooser's context (the site's root page): each language offered in
//! its own words, the authority's contacts once per language, and every language's
//! UI strings (the page speaks all of them at once).

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use crate::content::model::Site;

use super::chrome::Chrome;
use super::contacts::{self, ContactView};
use super::views::Citations;
use super::PageParts;

/// The authority's contacts in one language, for the chooser.
#[derive(Debug, Clone, Serialize)]
struct LanguageContacts {
    code: String,
    contacts: Vec<ContactView>,
}

/// A language offered by the chooser, in that language's words.
#[derive(Debug, Clone, Serialize)]
struct Choice {
    code: String,
    name: String,
    /// The site's title in this language, unless an earlier language gave the same.
    title: Option<String>,
    lead: String,
    /// The heading of the authority's contacts, in this language.
    contacts_heading: String,
    publisher: String,
    href: String,
}

/// Fills the chooser's context; `chrome` holds every language's shared page parts.
pub(super) fn page(
    site: &Site,
    language: &str,
    root: &str,
    chrome: &BTreeMap<String, Chrome>,
    citations: &mut Citations<'_>,
    context: &mut Context,
) -> PageParts {
    context.insert("choices", &choices(site, root));
    // Whom to contact, once per language in that language's words.
    let contacts: Vec<LanguageContacts> = site
        .config
        .languages
        .iter()
        .map(|code| LanguageContacts {
            code: code.clone(),
            contacts: contacts::province_contacts(site, code, citations),
        })
        .collect();
    if contacts.iter().any(|group| !group.contacts.is_empty()) {
        context.insert("contact_groups", &contacts);
    }
    let strings: BTreeMap<&str, &tera::Value> = chrome
        .iter()
        .map(|(code, chrome)| (code.as_str(), &chrome.strings))
        .collect();
    context.insert("strings", &strings);
    PageParts::new(
        "chooser.html",
        site.shown(&site.config.title, language).into_owned(),
        site.shown(&site.config.description, language).into_owned(),
        "website",
    )
}

/// The chooser's offer, each language in its own words: its name, the site's
/// title and the chooser's lead from that language's own texts (a text it borrows
/// is marked with the language it is in). A title the same as an earlier
/// language's (no translation) is given once.
fn choices(site: &Site, root: &str) -> Vec<Choice> {
    let mut titles: Vec<&str> = Vec::new();
    site.config
        .languages
        .iter()
        .map(|code| {
            let title = site.text(&site.config.title, code);
            let new_title = !titles.contains(&title);
            titles.push(title);
            // A text a language borrows is marked as the other language's.
            Choice {
                code: code.clone(),
                name: site.translations.get(code, "language_name").to_string(),
                title: new_title.then(|| site.shown(&site.config.title, code).into_owned()),
                lead: site.translations.shown(code, "chooser.lead").into_owned(),
                contacts_heading: site
                    .translations
                    .shown(code, "contact.province_heading")
                    .into_owned(),
                publisher: site.shown(&site.config.publisher.name, code).into_owned(),
                href: format!("{root}{code}/"),
            }
        })
        .collect()
}
