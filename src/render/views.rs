//! Views: the small, already-formatted structures templates see. Every number is
//! formatted for the page's locale here, every link is a finished URL, every figure
//! carries its citation number; templates only place them.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::content::model::{Entry, Figure, Kind, Qualifier, Record, Site, Text, Value};
use crate::content::schema::Fact;
use crate::derive::{record_path, Plan};

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

/// One sourced value, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct EntryView {
    /// The value with unit and qualifier: `18.842,56 ha`.
    pub text: String,
    /// What it covers ("phase 1").
    pub scope: Option<String>,
    /// The period a flow covers.
    pub period: Option<String>,
    /// When it was true, formatted.
    pub as_of: Option<String>,
    /// ISO date for `<time datetime>`.
    pub as_of_iso: Option<String>,
    /// Citation number on this page.
    pub citation: Option<usize>,
    /// Source id.
    pub source: Option<String>,
}

/// A fact with its values, or "not published".
#[derive(Debug, Clone, Serialize)]
pub struct FactView {
    /// Fact key.
    pub key: String,
    /// Label in the page's language.
    pub label: String,
    /// The newest value, if published.
    pub current: Option<EntryView>,
    /// Older or disagreeing values.
    pub others: Vec<EntryView>,
    /// The newest numeric value in the fact's common unit, for sorting tables.
    pub sort: Option<f64>,
}

/// The published facts of one group (land, utilities...), under its label.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// Group key (empty for facts without a group).
    pub key: String,
    /// Heading in the page's language (empty: no heading).
    pub label: String,
    /// Its published facts, in the schema's order.
    pub facts: Vec<FactView>,
}

/// A facts panel: the groups that have a published fact, and the labels of the
/// facts not yet published, named in one line rather than one empty row each.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FactsView {
    /// Groups with at least one published fact, in the schema's order of groups
    /// (facts without a group first).
    pub groups: Vec<GroupView>,
    /// Labels of the facts not yet published, in the schema's order.
    pub missing: Vec<String>,
}

/// Sorts facts into their groups, leaving out the empty ones.
pub fn facts_view(site: &Site, language: &str, facts: Vec<(&Fact, FactView)>) -> FactsView {
    let mut view = FactsView::default();
    let mut groups: Vec<GroupView> = Vec::new();
    for (fact, shown) in facts {
        if shown.current.is_none() {
            view.missing.push(shown.label);
            continue;
        }
        let key = fact.group.clone().unwrap_or_default();
        match groups.iter_mut().find(|group| group.key == key) {
            Some(group) => group.facts.push(shown),
            None => groups.push(GroupView {
                label: site
                    .schema
                    .group(&key)
                    .map(|group| group.label.show(language).to_string())
                    .unwrap_or_default(),
                key,
                facts: vec![shown],
            }),
        }
    }
    let order = |key: &str| {
        site.schema
            .groups
            .iter()
            .position(|group| group.key == key)
            .map_or(0, |position| position + 1)
    };
    groups.sort_by_key(|group| order(&group.key));
    view.groups = groups;
    view
}

/// A cited source at the foot of a page.
#[derive(Debug, Clone, Serialize)]
pub struct CitationView {
    /// Number on the page.
    pub number: usize,
    /// Source id (anchor on the sources page).
    pub id: String,
    /// Title.
    pub title: String,
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
    numbers: HashMap<String, usize>,
}

impl<'a> Citations<'a> {
    /// A collector for one page.
    pub fn new(site: &'a Site, language: &'a str, root: &'a str) -> Self {
        Citations {
            site,
            language,
            root,
            order: Vec::new(),
            numbers: HashMap::new(),
        }
    }

    /// The number of a source, adding it on first use.
    pub fn cite(&mut self, id: &str) -> usize {
        if let Some(&number) = self.numbers.get(id) {
            return number;
        }
        self.order.push(id.to_string());
        self.numbers.insert(id.to_string(), self.order.len());
        self.order.len()
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
                    title: source.title.clone(),
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

/// A figure entry formatted for the page's language: `18.842,56 ha`, `over USD 3.1
/// billion`, `Target 2025: USD 1.2 billion`. Unit patterns come from the schema.
pub fn entry_text(site: &Site, language: &str, entry: &Entry) -> String {
    let translations = &site.translations;
    let with_unit = |number: String| match entry
        .unit
        .as_deref()
        .and_then(|unit| site.schema.unit(unit))
    {
        Some((_, unit)) => unit.label.show(language).replace("{}", &number),
        None => number,
    };
    let body = match &entry.value {
        Value::Number { value, decimals } => {
            with_unit(translations.number(language, *value, *decimals))
        }
        Value::Range {
            low,
            high,
            decimals,
        } => with_unit(
            translations
                .locale(language)
                .range
                .replace("{low}", &translations.number(language, *low, *decimals))
                .replace("{high}", &translations.number(language, *high, *decimals)),
        ),
        Value::Date(date) => date.show(translations, language),
        Value::Text(text) => text.show(language).to_string(),
    };
    let body = match entry.qualifier {
        Some(qualifier) => {
            let key = match qualifier {
                Qualifier::Over => "qualifier.over",
                Qualifier::About => "qualifier.about",
                Qualifier::Under => "qualifier.under",
                Qualifier::UpTo => "qualifier.up_to",
            };
            translations.get(language, key).replace("{}", &body)
        }
        None => body,
    };
    match entry.target_year {
        Some(year) => translations
            .get(language, "record.target")
            .replace("{year}", &year.to_string())
            .replace("{value}", &body),
        None => body,
    }
}

/// Formats one entry.
pub fn entry_view(
    site: &Site,
    language: &str,
    entry: &Entry,
    citations: &mut Citations<'_>,
) -> EntryView {
    EntryView {
        text: entry_text(site, language, entry),
        scope: entry
            .scope
            .as_ref()
            .map(|scope| scope.show(language).to_string()),
        period: entry.period.clone(),
        as_of: entry
            .as_of
            .as_ref()
            .map(|date| date.show(&site.translations, language)),
        as_of_iso: entry.as_of.as_ref().map(|date| date.iso()),
        citation: entry.source.as_ref().map(|id| citations.cite(id)),
        source: entry.source.clone(),
    }
}

/// Formats a figure (or "not published" when absent).
pub fn fact_view(
    site: &Site,
    language: &str,
    fact: &Fact,
    figure: Option<&Figure>,
    citations: &mut Citations<'_>,
) -> FactView {
    let mut entries = figure
        .map(|figure| {
            figure
                .entries
                .iter()
                .map(|entry| entry_view(site, language, entry, citations))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let current = (!entries.is_empty()).then(|| entries.remove(0));
    FactView {
        key: fact.key.clone(),
        label: fact.label.show(language).to_string(),
        current,
        others: entries,
        sort: sort_value(site, fact, figure),
    }
}

/// A figure's newest value only, for tables that show no older ones (compare). The
/// older values' sources are still numbered, in the same order as [`fact_view`]
/// numbers them, so that the page's citation numbers stay those of the full view.
pub fn newest_entry_view(
    site: &Site,
    language: &str,
    figure: Option<&Figure>,
    citations: &mut Citations<'_>,
) -> Option<EntryView> {
    let mut newest = None;
    for entry in figure.map_or(&[][..], |figure| &figure.entries[..]) {
        if newest.is_none() {
            newest = Some(entry_view(site, language, entry, citations));
        } else if let Some(id) = &entry.source {
            citations.cite(id);
        }
    }
    newest
}

/// The sources of a record's tenants and contact, in the order [`record_view`] cites
/// them (after its facts).
pub fn cite_record_extras(record: &Record, citations: &mut Citations<'_>) {
    for tenant in &record.tenants {
        if let Some(id) = &tenant.source {
            citations.cite(id);
        }
    }
    if let Some(id) = record
        .contact
        .as_ref()
        .and_then(|contact| contact.source.as_ref())
    {
        citations.cite(id);
    }
}

/// The newest numeric value in the fact's common unit, for sorting tables: in the
/// first unit of each of its families in turn (US dollars before dong), else the
/// newest number as written.
pub fn sort_value(site: &Site, fact: &Fact, figure: Option<&Figure>) -> Option<f64> {
    let figure = figure?;
    site.schema
        .comparable_units(fact)
        .find_map(|unit| crate::derive::series::newest_in(&site.schema, Some(figure), unit))
        .or_else(|| figure.number())
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

/// A record, ready for its page or a row in a list.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
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
    pub status: Option<LabelView>,
    /// What kind of zone (park...) it is, labelled (coastal, border gate).
    pub category: Option<LabelView>,
    /// Zone it lies in.
    pub zone: Option<LinkView>,
    /// Sectors.
    pub sectors: Vec<LabelView>,
    /// Address before 2025-07-01.
    pub address_before: Option<String>,
    /// Address after 2025-07-01.
    pub address_after: Option<String>,
    /// Developer or investor.
    pub developer: Option<String>,
    /// Investor's country.
    pub origin: Option<String>,
    /// Contact.
    pub contact: Option<ContactView>,
    /// The facts its list row shows (`use: list`), in the schema's order, published
    /// or not (empty on its page).
    pub facts: Vec<FactView>,
    /// Its page's key facts, by group (empty in lists).
    pub key_facts: FactsView,
    /// Projects it hosts (parks).
    pub projects: Vec<LinkView>,
    /// Parks it lies in (projects) or contains (zones).
    pub parks: Vec<LinkView>,
    /// Clusters it contains (zones).
    pub clusters: Vec<LinkView>,
    /// Named tenants.
    pub tenants: Vec<TenantView>,
    /// Summary from the prose.
    pub summary: Option<String>,
    /// Prose HTML in this language, if written.
    pub body: Option<String>,
    /// Coordinates as text, if sourced.
    pub coordinates: Option<(f64, f64)>,
    /// A `mailto:` link with a subject naming the record, when the site has an e-mail.
    pub enquiry: Option<String>,
}

/// Contact details.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// Phone.
    pub phone: Option<String>,
    /// `tel:` URL.
    pub phone_href: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Web site.
    pub website: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Citation number.
    pub citation: Option<usize>,
}

/// A link to a record's page, labelled with its short name.
pub fn link(language: &str, root: &str, record: &Record) -> LinkView {
    LinkView {
        label: record.short_name.show(language).to_string(),
        href: format!(
            "{root}{language}/{}",
            record_path(record.kind, &record.slug)
        ),
    }
}

fn text(value: &Option<Text>, language: &str) -> Option<String> {
    value
        .as_ref()
        .map(|text| text.show(language).to_string())
        .filter(|text| !text.is_empty())
}

/// How much of a record a view holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Its own page: every key fact, the prose.
    Page,
    /// A row of a list: the facts the schema lists (`use: list`), no prose.
    Row,
    /// A card (the home page's zones): no facts, no prose.
    Card,
}

/// Builds a record's view.
pub fn record_view(
    site: &Site,
    plan: &Plan,
    language: &str,
    root: &str,
    index: usize,
    shown: Shown,
    citations: &mut Citations<'_>,
) -> RecordView {
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
            let view = fact_view(site, language, fact, record.fact(&fact.key), citations);
            (fact, view)
        })
        .collect();
    let (facts, key_facts) = match shown {
        Shown::Page => (Vec::new(), facts_view(site, language, facts)),
        _ => (
            facts.into_iter().map(|(_, view)| view).collect(),
            FactsView::default(),
        ),
    };
    let zone = zone_link(site, language, root, record);
    let links = |indexes: Option<&Vec<usize>>| -> Vec<LinkView> {
        indexes
            .map(|list| {
                list.iter()
                    .map(|&i| link(language, root, &site.records[i]))
                    .collect()
            })
            .unwrap_or_default()
    };
    let parks = match record.kind {
        Kind::Zone => links(plan.parks_in_zone.get(&record.slug)),
        Kind::Project => links(plan.parks_of_project.get(&record.slug)),
        _ => Vec::new(),
    };
    let clusters = if record.kind == Kind::Zone {
        links(plan.clusters_in_zone.get(&record.slug))
    } else {
        Vec::new()
    };
    let projects = record
        .projects
        .iter()
        .filter_map(|slug| site.record(Kind::Project, slug))
        .map(|project| link(language, root, project))
        .collect();
    let tenants = record
        .tenants
        .iter()
        .map(|tenant| TenantView {
            name: tenant.name.show(language).to_string(),
            citation: tenant.source.as_ref().map(|id| citations.cite(id)),
            as_of: tenant
                .as_of
                .as_ref()
                .map(|date| date.show(&site.translations, language)),
        })
        .collect();
    let contact = record.contact.as_ref().map(|contact| ContactView {
        phone: contact.phone.clone(),
        phone_href: contact.phone.as_ref().map(|phone| {
            format!(
                "tel:{}",
                phone
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '+')
                    .collect::<String>()
            )
        }),
        email: contact.email.clone(),
        website: contact.website.clone(),
        address: text(&contact.address, language),
        citation: contact.source.as_ref().map(|id| citations.cite(id)),
    });
    let prose = record.prose.get(language);
    RecordView {
        kind: record.kind,
        slug: record.slug.clone(),
        href: format!(
            "{root}{language}/{}",
            record_path(record.kind, &record.slug)
        ),
        name: record.name.show(language).to_string(),
        short_name: record.short_name.show(language).to_string(),
        aliases: record.aliases.clone(),
        status: record
            .status
            .as_deref()
            .map(|status| status_view(site, language, status)),
        category: record.category.as_deref().and_then(|key| {
            let term = site.schema.of(record.kind).kind(key)?;
            Some(LabelView {
                key: key.to_string(),
                label: term.label.show(language).to_string(),
            })
        }),
        zone,
        sectors: sector_labels(site, language, record),
        address_before: text(&record.address_before, language),
        address_after: text(&record.address_after, language),
        developer: text(&record.developer, language),
        origin: text(&record.origin, language),
        contact,
        facts,
        key_facts,
        projects,
        parks,
        clusters,
        tenants,
        summary: prose.and_then(|prose| prose.summary.clone()),
        // Lists never show the prose; copying it for every row of a big list cost more
        // than the rest of the row.
        body: prose
            .filter(|_| shown == Shown::Page)
            .map(|prose| prose.html.clone()),
        coordinates: record.coordinates.as_ref().map(|c| (c.lat, c.lon)),
        enquiry: site.config.email.as_ref().map(|email| {
            let subject = format!(
                "{} {}",
                site.translations.get(language, "record.enquiry_subject"),
                record.name.show(language)
            );
            format!("mailto:{email}?subject={}", percent_encode(&subject))
        }),
    }
}

/// A status with its label from the schema: `operating` -> "Đang hoạt động".
pub fn status_view(site: &Site, language: &str, key: &str) -> LabelView {
    LabelView {
        key: key.to_string(),
        label: site
            .schema
            .status(key)
            .map_or(key, |status| status.term.label.show(language))
            .to_string(),
    }
}

/// A link to the zone a record lies in, if any.
pub fn zone_link(site: &Site, language: &str, root: &str, record: &Record) -> Option<LinkView> {
    record
        .zone
        .as_ref()
        .and_then(|slug| site.record(Kind::Zone, slug))
        .map(|zone| link(language, root, zone))
}

/// A record's sectors, labelled.
pub fn sector_labels(site: &Site, language: &str, record: &Record) -> Vec<LabelView> {
    record
        .sectors
        .iter()
        .filter_map(|slug| site.sector(slug))
        .map(|sector| LabelView {
            key: sector.slug.clone(),
            label: sector.label.show(language).to_string(),
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
