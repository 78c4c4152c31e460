//! Views: the small, already-formatted structures templates see. Every number is
//! formatted for the page's locale here, every link is a finished URL, every figure
//! carries its citation number; templates only place them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::contacts::ContactView;
use super::figures::{fact_view, facts_view, FactView, FactsView};
use crate::content::model::{Kind, Record, Site, Text};
use crate::content::schema::Fact;
use crate::derive::{record_path, Plan};
use crate::FastHashMap;

/// A link with its label.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Visible text.
    pub label: String,
    /// URL path.
    pub href: String,
}

/// A key with its translated label (statuses, sectors).
#[derive(Debug, Clone, Serialize)]
pub struct LabelView {
    /// Stable key (for CSS classes and filters).
    pub key: String,
    /// Text in the page's language.
    pub label: String,
}

/// A cited source at the foot of a page.
#[derive(Debug, Clone, Serialize)]
pub struct CitationView {
    /// Number on the page.
    pub number: usize,
    /// Source id (anchor on the sources page).
    pub id: String,
    /// Title as published, and its translation into the page's language.
    #[serde(flatten)]
    pub title: super::titles::SourceTitle,
    /// Publisher.
    pub publisher: String,
    /// Date, formatted.
    pub date: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Link to the entry on the sources page.
    pub href: String,
}

/// Collects the sources a page cites, numbering them in order of first use.
pub struct Citations<'a> {
    site: &'a Site,
    language: &'a str,
    root: &'a str,
    order: Vec<String>,
    /// Source id -> its number: a list page cites thousands of sources, and a scan
    /// of `order` per citation made those pages quadratic.
    numbers: FastHashMap<String, usize>,
    /// The page's numbers, when this collects for one piece of it (see
    /// [`Citations::following`]).
    page: Option<&'a FastHashMap<String, usize>>,
}

impl<'a> Citations<'a> {
    /// A collector for one page.
    pub fn new(site: &'a Site, language: &'a str, root: &'a str) -> Self {
        Citations {
            site,
            language,
            root,
            order: Vec::new(),
            numbers: FastHashMap::default(),
            page: None,
        }
    }

    /// A collector for one piece of a page rendered on its own (a row of a table),
    /// after the page numbered the piece's sources: it gives the page's numbers, so
    /// the pieces can be rendered in any order, or kept and reused.
    pub fn following(page: &'a Citations<'a>) -> Self {
        Citations {
            page: Some(&page.numbers),
            ..Citations::new(page.site, page.language, page.root)
        }
    }

    /// The number of a source, adding it on first use.
    pub fn cite(&mut self, id: &str) -> usize {
        if let Some(&number) = self.page.and_then(|page| page.get(id)) {
            return number;
        }
        if let Some(&number) = self.numbers.get(id) {
            return number;
        }
        self.order.push(id.to_string());
        let number = self.order.len() + self.page.map_or(0, FastHashMap::len);
        self.numbers.insert(id.to_string(), number);
        number
    }

    /// The sources cited so far, in number order.
    pub fn order(&self) -> &[String] {
        &self.order
    }

    /// Cites the sources a prose text links to (`[source](@/sources#q10)`), in the
    /// order it links them: a page lists every source it names, not only those of its
    /// figures.
    pub fn cite_prose(&mut self, prose: &crate::markdown::Prose) {
        for id in &prose.sources {
            if self.site.source(id).is_some() {
                self.cite(id);
            }
        }
    }

    /// The cited sources, in number order.
    pub fn finish(self) -> Vec<CitationView> {
        let Citations {
            site,
            language,
            root,
            order,
            ..
        } = self;
        order
            .iter()
            .enumerate()
            .filter_map(|(index, id)| {
                let source = site.source(id)?;
                Some(CitationView {
                    number: index + 1,
                    id: id.clone(),
                    title: super::titles::source_title(site, source, language),
                    publisher: source.publisher.clone(),
                    date: source
                        .date
                        .as_ref()
                        .map(|date| date.show(&site.translations, language)),
                    url: source.url.clone(),
                    href: format!("{root}{language}/sources/#{id}"),
                })
            })
            .collect()
    }
}

/// Numbers the sources a row of `record` in a list cites, in the order its view
/// numbers them: every entry of `facts`, then its tenants'. A table numbers its rows'
/// sources with this before rendering any row, so that each row can be rendered on
/// its own.
pub fn cite_row(record: &Record, facts: &[&Fact], citations: &mut Citations<'_>) {
    let entries = facts
        .iter()
        .filter_map(|fact| record.fact(&fact.key))
        .flat_map(|figure| &figure.entries)
        .filter_map(|entry| entry.source.as_deref());
    for id in entries {
        citations.cite(id);
    }
    cite_tenants(record, citations);
}

/// Numbers the sources of a record's tenants.
fn cite_tenants(record: &Record, citations: &mut Citations<'_>) {
    for id in record
        .tenants
        .iter()
        .filter_map(|tenant| tenant.source.as_deref())
    {
        citations.cite(id);
    }
}

/// The sources of a record's tenants and contacts, in the order [`record_view`] cites
/// them (after its facts).
pub fn cite_record_extras(site: &Site, record: &Record, citations: &mut Citations<'_>) {
    cite_tenants(record, citations);
    super::contacts::cite_contacts(site, record, citations);
}

/// A tenant named in a park's record.
#[derive(Debug, Clone, Serialize)]
pub struct TenantView {
    /// Name.
    pub name: String,
    /// Citation number.
    pub citation: Option<usize>,
    /// Date the source named it.
    pub as_of: Option<String>,
}

/// A record, ready for its page or a row in a list. What it lacks is left out rather
/// than `none`, as in [`super::figures::EntryView`]: templates test it with `{% if %}`.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView<'a> {
    /// `zone`, `park`, `cluster`, `project`.
    pub kind: Kind,
    /// Slug.
    pub slug: String,
    /// URL of its page.
    pub href: String,
    /// Full name.
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// Status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<LabelView>,
    /// What kind of zone (park...) it is, labelled (coastal, border gate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<LabelView>,
    /// Zone it lies in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<LinkView>,
    /// Sectors.
    pub sectors: Vec<LabelView>,
    /// Address before 2025-07-01.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_before: Option<String>,
    /// Address after 2025-07-01.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_after: Option<String>,
    /// The former province it lay in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub former_province: Option<FormerView>,
    /// Developer or investor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub developer: Option<String>,
    /// Investor's country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Whom to contact about it: its own contact, then the office that answers for it
    /// (empty in lists).
    pub contacts: Vec<ContactView>,
    /// The facts its list row shows (`use: list`), in the schema's order, published
    /// or not (empty on its page).
    pub facts: Vec<FactView>,
    /// Its page's key facts, by group (empty in lists).
    pub key_facts: FactsView,
    /// For a printout, each distance computed from positions in a few words ("≈ 25 km
    /// to Cai Lan port"), each landmark once.
    pub computed: Vec<String>,
    /// Projects it hosts (parks).
    pub projects: Vec<LinkView>,
    /// Parks it lies in (projects) or contains (zones); on a card, the first
    /// [`CARD_PARKS`] only.
    pub parks: Vec<LinkView>,
    /// How many parks it lies in or contains.
    pub park_count: usize,
    /// Clusters it contains (zones).
    pub clusters: Vec<LinkView>,
    /// Named tenants.
    pub tenants: Vec<TenantView>,
    /// Summary from the prose.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<&'a str>,
    /// Prose HTML in this language, if written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<&'a str>,
    /// Coordinates as text, if sourced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<(f64, f64)>,
    /// A `mailto:` link with a subject naming the record, when the site has an e-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enquiry: Option<String>,
}

/// A link to a record's page, labelled with its short name.
pub fn link(site: &Site, language: &str, root: &str, record: &Record) -> LinkView {
    LinkView {
        label: site.shown(&record.short_name, language).into_owned(),
        href: [root, language, "/", &record_path(record.kind, &record.slug)].concat(),
    }
}

fn text(site: &Site, value: &Option<Text>, language: &str) -> Option<String> {
    value
        .as_ref()
        .map(|text| site.shown(text, language).into_owned())
        .filter(|text| !text.is_empty())
}

/// How many of a zone's parks its card names.
pub const CARD_PARKS: usize = 8;

/// How much of a record a view holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Its own page: every key fact, the prose.
    Page,
    /// A row of a list: the facts the schema lists (`use: list`), no prose, and none
    /// of what only its page shows (contact, tenants, addresses, former province,
    /// developer, origin, enquiry link).
    Row,
    /// A card (the home page's zones): as a row, without facts, with the first parks.
    Card,
}

/// Builds a record's view.
pub fn record_view<'a>(
    site: &'a Site,
    plan: &Plan,
    language: &str,
    root: &str,
    index: usize,
    shown: Shown,
    citations: &mut Citations<'_>,
) -> RecordView<'a> {
    let record = &site.records[index];
    // A list shows a few facts of many records: build only those.
    let facts: Vec<(&Fact, FactView)> = site
        .schema
        .of(record.kind)
        .facts
        .iter()
        .filter(|fact| match shown {
            Shown::Page => fact.uses.key_facts,
            Shown::Row => fact.uses.list,
            Shown::Card => false,
        })
        .map(|fact| {
            let mut view = fact_view(site, language, fact, record.fact(&fact.key), citations);
            super::distances::attach(site, plan, language, index, fact, &mut view);
            (fact, view)
        })
        .collect();
    // A printout lists the distances computed from positions on one line: a cell each
    // would push a park's factsheet onto a second page.
    let mut computed: Vec<String> = Vec::new();
    if shown == Shown::Page {
        for (_, view) in facts.iter().filter(|(_, view)| view.current.is_none()) {
            if let Some(text) = view.computed.as_ref().map(|c| &c.print_text) {
                // The nearest seaport may be the nearest deep-water port: said once.
                if !computed.contains(text) {
                    computed.push(text.clone());
                }
            }
        }
    }
    let (facts, key_facts) = match shown {
        Shown::Page => (Vec::new(), facts_view(site, language, facts)),
        _ => (
            facts.into_iter().map(|(_, view)| view).collect(),
            FactsView::default(),
        ),
    };
    let zone = zone_link(site, language, root, record);
    let links = |indexes: &[usize]| -> Vec<LinkView> {
        indexes
            .iter()
            .map(|&i| link(site, language, root, &site.records[i]))
            .collect()
    };
    let all_parks = match record.kind {
        Kind::Zone => plan.parks_in_zone.get(&record.slug),
        Kind::Project => plan.parks_of_project.get(&record.slug),
        _ => None,
    }
    .map_or(&[][..], Vec::as_slice);
    // A card names a zone's first parks, not its thousands.
    let parks = match shown {
        Shown::Card => links(&all_parks[..all_parks.len().min(CARD_PARKS)]),
        _ => links(all_parks),
    };
    let clusters = if record.kind == Kind::Zone {
        links(
            plan.clusters_in_zone
                .get(&record.slug)
                .map_or(&[][..], Vec::as_slice),
        )
    } else {
        Vec::new()
    };
    let projects = record
        .projects
        .iter()
        .filter_map(|slug| site.record(Kind::Project, slug))
        .map(|project| link(site, language, root, project))
        .collect();
    // What only its own page shows is left out of a row or card: at 10,000 parks a list
    // builds 10,000 views. Their sources are still numbered, as the page numbers them.
    let page = shown == Shown::Page;
    if !page {
        cite_tenants(record, citations);
    }
    let tenants = record
        .tenants
        .iter()
        .filter(|_| page)
        .map(|tenant| TenantView {
            name: site.shown(&tenant.name, language).into_owned(),
            citation: tenant.source.as_ref().map(|id| citations.cite(id)),
            as_of: tenant
                .as_of
                .as_ref()
                .map(|date| date.show(&site.translations, language)),
        })
        .collect();
    // Lists show no contact: only a record's page cites its contacts' sources.
    let contacts = match shown {
        Shown::Page => super::contacts::whom_to_contact(site, language, record, citations),
        _ => Vec::new(),
    };
    let prose = record.prose.get(language);
    RecordView {
        kind: record.kind,
        slug: record.slug.clone(),
        href: format!(
            "{root}{language}/{}",
            record_path(record.kind, &record.slug)
        ),
        name: site.shown(&record.name, language).into_owned(),
        short_name: site.shown(&record.short_name, language).into_owned(),
        aliases: record.aliases.clone(),
        status: record
            .status
            .as_deref()
            .map(|status| status_view(site, language, status)),
        category: record.category.as_deref().and_then(|key| {
            let term = site.schema.of(record.kind).kind(key)?;
            Some(LabelView {
                key: key.to_string(),
                label: site.shown(&term.label, language).into_owned(),
            })
        }),
        zone,
        sectors: sector_labels(site, language, record),
        address_before: text(site, &record.address_before, language).filter(|_| page),
        address_after: text(site, &record.address_after, language).filter(|_| page),
        former_province: former_province(site, language, record).filter(|_| page),
        developer: text(site, &record.developer, language).filter(|_| page),
        origin: text(site, &record.origin, language).filter(|_| page),
        contacts,
        facts,
        key_facts,
        computed,
        projects,
        parks,
        park_count: all_parks.len(),
        clusters,
        tenants,
        summary: prose.and_then(|prose| prose.summary.as_deref()),
        // Lists never show the prose; converting it for every row of a big list cost
        // more than the rest of the row.
        body: prose
            .filter(|_| shown == Shown::Page)
            .map(|prose| prose.html.as_str()),
        coordinates: record.coordinates.as_ref().map(|c| (c.lat, c.lon)),
        enquiry: site.config.email.as_ref().filter(|_| page).map(|email| {
            let subject = format!(
                "{} {}",
                site.translations.get(language, "record.enquiry_subject"),
                site.text(&record.name, language)
            );
            format!("mailto:{email}?subject={}", percent_encode(&subject))
        }),
    }
}

/// The former province a record lay in.
#[derive(Debug, Clone, Serialize)]
pub struct FormerView {
    /// "Province before 1 July 2025": the day the province took its present form.
    pub label: String,
    /// The former province's name.
    pub name: String,
}

/// The former province a record lay in, if it names one.
fn former_province(site: &Site, language: &str, record: &Record) -> Option<FormerView> {
    let formed = site.province.formed.as_ref()?;
    let id = record.former_province.as_deref()?;
    let former = formed.from.iter().find(|former| former.id == id)?;
    Some(FormerView {
        label: site
            .translations
            .get(language, "record.former_province")
            .replace("{date}", &formed.date.show(&site.translations, language)),
        name: site.shown(&former.name, language).into_owned(),
    })
}

/// "Formed on 1 July 2025 from Ha Giang and Tuyen Quang.", when the province was
/// formed from others (or renamed).
pub fn formation(site: &Site, language: &str) -> Option<String> {
    let formed = site.province.formed.as_ref()?;
    let names: Vec<&str> = formed
        .from
        .iter()
        .map(|former| site.text(&former.name, language))
        .collect();
    let joined = match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!(
            "{}{}{last}",
            rest.join(", "),
            site.translations.get(language, "home.and")
        ),
        None => String::new(),
    };
    Some(
        site.translations
            .get(language, "home.formed")
            .replace("{date}", &formed.date.show(&site.translations, language))
            .replace("{names}", &joined),
    )
}

/// A status with its label from the schema: `operating` -> "Đang hoạt động".
pub fn status_view(site: &Site, language: &str, key: &str) -> LabelView {
    LabelView {
        key: key.to_string(),
        label: site
            .schema
            .status(key)
            .map_or(std::borrow::Cow::Borrowed(key), |status| {
                site.shown(&status.term.label, language)
            })
            .into_owned(),
    }
}

/// A link to the zone a record lies in, if any.
pub fn zone_link(site: &Site, language: &str, root: &str, record: &Record) -> Option<LinkView> {
    record
        .zone
        .as_ref()
        .and_then(|slug| site.record(Kind::Zone, slug))
        .map(|zone| link(site, language, root, zone))
}

/// A record's sectors, labelled.
pub fn sector_labels(site: &Site, language: &str, record: &Record) -> Vec<LabelView> {
    record
        .sectors
        .iter()
        .filter_map(|slug| site.sector(slug))
        .map(|sector| LabelView {
            key: sector.slug.clone(),
            label: site.shown(&sector.label, language).into_owned(),
        })
        .collect()
}

/// The nested UI strings of a language, as templates see them (`t.nav.home`).
pub fn nested_strings(strings: &BTreeMap<String, String>) -> serde_json::Value {
    let mut root = serde_json::Map::new();
    for (key, value) in strings {
        insert_nested(&mut root, key, value);
    }
    serde_json::Value::Object(root)
}

fn insert_nested(map: &mut serde_json::Map<String, serde_json::Value>, key: &str, value: &str) {
    match key.split_once('.') {
        None => {
            map.insert(
                key.to_string(),
                serde_json::Value::String(value.to_string()),
            );
        }
        Some((head, rest)) => {
            let entry = map
                .entry(head.to_string())
                .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
            if !entry.is_object() {
                *entry = serde_json::Value::Object(serde_json::Map::new());
            }
            if let serde_json::Value::Object(child) = entry {
                insert_nested(child, rest, value);
            }
        }
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Every record view encodes its enquiry subject, mostly Vietnamese (several escaped
    // bytes a letter): without a `format!` per byte.
    let mut out = String::with_capacity(text.len() * 2);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
    out
}
