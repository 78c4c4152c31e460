//! Whom to contact, as pages show it: each contact with `tel:` and `mailto:` links, an
//! enquiry link whose subject names the place, its date and its citation; or, where no
//! phone or e-mail is published, a plain statement and the official website.

use serde::Serialize;

use super::views::{percent_encode, Citations};
use crate::content::model::{Contact, Record, Site};

/// A contact, formatted for a page.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// Who it is (the office, the company).
    pub name: Option<String>,
    /// What it does for an investor.
    pub role: Option<String>,
    /// Phone, as published.
    pub phone: Option<String>,
    /// `tel:` URL.
    pub phone_href: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// `mailto:` URL.
    pub email_href: Option<String>,
    /// `mailto:` URL with a subject naming the place asked about.
    pub enquiry: Option<String>,
    /// Web site.
    pub website: Option<String>,
    /// The web site without its scheme, for the link's text.
    pub website_label: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Office hours.
    pub hours: Option<String>,
    /// What else to know.
    pub note: Option<String>,
    /// When the source gave the details, formatted.
    pub as_of: Option<String>,
    /// ISO date for `<time datetime>`.
    pub as_of_iso: Option<String>,
    /// Citation numbers on this page.
    pub citations: Vec<usize>,
    /// Whether it publishes neither a phone nor an e-mail.
    pub unreachable: bool,
}

/// A contact for a page in `language`; `about` names the place an enquiry is about.
pub fn contact_view(
    site: &Site,
    language: &str,
    contact: &Contact,
    about: Option<&Record>,
    citations: &mut Citations<'_>,
) -> ContactView {
    let text = |value: &Option<crate::content::model::Text>| {
        value
            .as_ref()
            .map(|text| site.shown(text, language).into_owned())
            .filter(|text| !text.is_empty())
    };
    let enquiry = contact.email.as_ref().map(|email| {
        let subject = match about {
            Some(record) => format!(
                "{} {}",
                site.translations.get(language, "record.enquiry_subject"),
                site.text(&record.name, language)
            ),
            None => site
                .translations
                .get(language, "contact.subject")
                .to_string(),
        };
        format!("mailto:{email}?subject={}", percent_encode(&subject))
    });
    ContactView {
        name: text(&contact.name),
        role: text(&contact.role),
        phone: contact.phone.clone(),
        phone_href: contact.phone.as_deref().map(tel),
        email: contact.email.clone(),
        email_href: contact
            .email
            .as_ref()
            .map(|email| format!("mailto:{email}")),
        enquiry,
        website: contact.website.clone(),
        website_label: contact.website.as_deref().map(|url| {
            url.trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_string()
        }),
        address: text(&contact.address),
        hours: text(&contact.hours),
        note: text(&contact.note),
        as_of: contact
            .as_of
            .as_ref()
            .map(|date| date.show(&site.translations, language)),
        as_of_iso: contact.as_of.as_ref().map(|date| date.iso()),
        citations: contact
            .sources
            .iter()
            .map(|id| citations.cite(id))
            .collect(),
        unreachable: contact.phone.is_none() && contact.email.is_none(),
    }
}

/// Whom to contact about a record: its own contact (a developer's), then the office
/// that answers for it ([`Site::whom_to_contact`]).
pub fn whom_to_contact(
    site: &Site,
    language: &str,
    record: &Record,
    citations: &mut Citations<'_>,
) -> Vec<ContactView> {
    site.whom_to_contact(record)
        .into_iter()
        .map(|contact| contact_view(site, language, contact, Some(record), citations))
        .collect()
}

/// The province's offices (the home page, the language chooser).
pub fn province_contacts(
    site: &Site,
    language: &str,
    citations: &mut Citations<'_>,
) -> Vec<ContactView> {
    site.province_contacts()
        .map(|contact| contact_view(site, language, contact, None, citations))
        .collect()
}

/// The sources of whom to contact about a record, in the order
/// [`whom_to_contact`] cites them.
pub fn cite_contacts(site: &Site, record: &Record, citations: &mut Citations<'_>) {
    for contact in site.whom_to_contact(record) {
        for id in &contact.sources {
            citations.cite(id);
        }
    }
}

/// A `tel:` URL: the number's digits and its leading `+`.
fn tel(phone: &str) -> String {
    let mut out = String::from("tel:");
    out.extend(phone.chars().filter(|c| c.is_ascii_digit() || *c == '+'));
    out
}
