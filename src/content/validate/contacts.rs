//! Contacts: `content/contacts.yaml`, the offices investors deal with (the provincial
//! authority, its one-stop desk, the investment promotion agency), and a record's
//! `contact:`, either the id of one of those offices or details of its own (a
//! developer's sales desk). Every contact is dated and sourced: details without a
//! source or a date are warnings, as any figure's are.

use std::collections::BTreeSet;

use super::references::Known;
use super::{date, item_id, url, Checker, IdWords};
use crate::content::load::TextFile;
use crate::content::model::*;
use crate::content::text::localized;
use crate::content::yaml::{Document, Fields, Node};
use crate::diagnostics::closest;

impl Checker {
    /// `content/contacts.yaml`: a list of offices, each with an `id`.
    pub(super) fn contacts(&mut self, file: &TextFile, known: &Known<'_>) -> Vec<Contact> {
        let Some(value) = self.parse(file) else {
            return Vec::new();
        };
        let document = Document::new(&file.path, &file.text);
        let root = Node::root(&document, &value);
        let mut contacts: Vec<Contact> = Vec::new();
        for item in root.list(&mut self.diagnostics) {
            let Some(mut fields) = item.fields(&mut self.diagnostics) else {
                continue;
            };
            let id = item_id(
                &mut fields,
                "economic-zone-authority",
                |id| {
                    contacts
                        .iter()
                        .any(|contact| contact.id.as_deref() == Some(id))
                },
                IdWords {
                    called: "contact id ",
                    duplicate: &|id| format!("duplicate contact id `{id}`"),
                    duplicate_help: "give each office its own id",
                },
                &mut self.diagnostics,
            );
            fields.require("name", "{vi: ..., en: ...}", &mut self.diagnostics);
            let province = fields
                .get("province")
                .is_some_and(|node| node.boolean(&mut self.diagnostics));
            let answers_for = fields.get("answers_for").map(|node| self.kinds(&node));
            let details = self.contact_details(&item, &mut fields, known);
            fields.finish(&mut self.diagnostics);
            if let Some(id) = id {
                contacts.push(Contact {
                    id: Some(id),
                    province,
                    answers_for,
                    ..details
                });
            }
        }
        contacts
    }

    /// A record's `contact:`: an office's id, or details of its own.
    pub(super) fn record_contact(
        &mut self,
        node: &Node<'_>,
        known: &Known<'_>,
    ) -> Option<ContactRef> {
        if let serde_yaml::Value::String(_) = node.value {
            let id = node.text(&mut self.diagnostics)?;
            if known.contacts.contains(&id) {
                return Some(ContactRef::Shared(id));
            }
            let help = match closest(&id, known.contacts.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "add the office to content/contacts.yaml with this id, or write the contact's details here: `contact: {phone: ..., source: ..., as_of: ...}`".to_string(),
            };
            self.diagnostics.push(
                node.error("E0301", format!("unknown contact `{id}`"))
                    .with_help(help),
            );
            return None;
        }
        let mut fields = node.fields(&mut self.diagnostics)?;
        let details = self.contact_details(node, &mut fields, known);
        fields.finish(&mut self.diagnostics);
        Some(ContactRef::Own(Box::new(details)))
    }

    /// The details every contact may have: name, role, phone, email, website, address,
    /// hours, source, as_of, note.
    fn contact_details(
        &mut self,
        node: &Node<'_>,
        fields: &mut Fields<'_>,
        known: &Known<'_>,
    ) -> Contact {
        let languages = self.languages.clone();
        let text = |fields: &mut Fields<'_>, key: &'static str, this: &mut Checker| {
            fields
                .get(key)
                .map(|n| localized(&n, &languages, &mut this.diagnostics))
        };
        let name = text(fields, "name", self);
        let role = text(fields, "role", self);
        let phone = fields.get("phone").and_then(|n| self.phone(&n));
        let email = fields.get("email").and_then(|n| self.email(&n));
        let website = fields
            .get("website")
            .and_then(|n| url(&n, &mut self.diagnostics));
        let address = text(fields, "address", self);
        let hours = text(fields, "hours", self);
        let note = text(fields, "note", self);
        let sources = fields
            .get("source")
            .map(|n| self.source_refs(&n, known))
            .unwrap_or_default();
        let as_of = fields
            .get("as_of")
            .and_then(|n| date(&n, &mut self.diagnostics));
        let has_details = phone.is_some()
            || email.is_some()
            || website.is_some()
            || address.is_some()
            || hours.is_some();
        if has_details && sources.is_empty() {
            self.diagnostics.push(
                node.warning("W0201", "contact details without a source")
                    .with_help("add `source:` naming where they are published"),
            );
        }
        if has_details && as_of.is_none() {
            self.diagnostics.push(
                node.warning("W0202", "contact details without an `as_of` date")
                    .with_help(
                        "add `as_of: YYYY-MM-DD` (or YYYY-MM, YYYY): when the source gave them",
                    ),
            );
        }
        Contact {
            id: None,
            name,
            role,
            phone,
            email,
            website,
            address,
            hours,
            sources,
            as_of,
            note,
            province: false,
            answers_for: None,
        }
    }

    /// `answers_for: [zone, park]`: kinds of record.
    fn kinds(&mut self, node: &Node<'_>) -> Vec<Kind> {
        let mut kinds = Vec::new();
        for (item, word) in node.texts(&mut self.diagnostics) {
            match Kind::ALL.into_iter().find(|kind| kind.word() == word) {
                Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
                Some(_) => {}
                None => {
                    let help = match closest(&word, Kind::ALL.map(Kind::word)) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "name zone, park, cluster or project".to_string(),
                    };
                    self.diagnostics.push(
                        item.error("E0108", format!("`{word}` is not a kind of record"))
                            .with_help(help),
                    );
                }
            }
        }
        kinds
    }

    /// A phone number: digits, spaces, `+`, `-`, `.`, brackets, at least 6 digits.
    fn phone(&mut self, node: &Node<'_>) -> Option<String> {
        let text = node.text(&mut self.diagnostics)?;
        let digits = text.chars().filter(char::is_ascii_digit).count();
        let allowed = text
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
        if allowed && digits >= 6 {
            return Some(text.trim().to_string());
        }
        self.diagnostics.push(
            node.error("E0111", format!("`{text}` is not a phone number"))
                .with_help("write the number with its country code, e.g. \"+84 203 3567 848\"; put words in `note:`"),
        );
        None
    }

    /// An e-mail address: one `@` with text on both sides and a dot after it.
    fn email(&mut self, node: &Node<'_>) -> Option<String> {
        let text = node.text(&mut self.diagnostics)?;
        let text = text.trim().trim_start_matches("mailto:").to_string();
        let valid = match text.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !text.contains(char::is_whitespace)
                    && !domain.contains('@')
            }
            None => false,
        };
        if valid {
            return Some(text);
        }
        self.diagnostics.push(
            node.error("E0111", format!("`{text}` is not an e-mail address"))
                .with_help("write it as name@example.vn"),
        );
        None
    }
}

/// The ids of the offices records may name.
pub(super) fn contact_ids(contacts: &[Contact]) -> BTreeSet<String> {
    contacts
        .iter()
        .filter_map(|contact| contact.id.clone())
        .collect()
}
