//! The typed site: what validation builds and every later stage reads.
//!
//! Only [`super::validate`] constructs these values, so a `Site` is always whole: every
//! reference resolves, every figure's source exists, every language has its name. The
//! model knows nothing of templates, output paths or the server.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::config::SiteConfig;
use crate::content::schema::Schema;
use crate::i18n::Translations;
use crate::markdown::Prose;

pub use super::text::Text;

/// A date that may be just a year or a year and month: `2025`, `2025-11`, `2025-11-03`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PartialDate {
    /// Year.
    pub year: u16,
    /// Month, 1-12, if known.
    pub month: Option<u8>,
    /// Day, if known.
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, in ASCII digits only (Rust's number
    /// parsing alone would take `+1` as a month, and `2021-+1-+9` as a date).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if !text
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'-')
        {
            return None;
        }
        let mut parts = text.split('-');
        let year_text = parts.next()?;
        if year_text.len() != 4 {
            return None;
        }
        let year: u16 = year_text.parse().ok()?;
        let month = match parts.next() {
            Some(month) if month.len() == 2 => {
                Some(month.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?)
            }
            Some(_) => return None,
            None => None,
        };
        let day = match parts.next() {
            Some(day) if day.len() == 2 && month.is_some() => {
                let day = day.parse::<u8>().ok()?;
                (1..=days_in_month(year, month?))
                    .contains(&day)
                    .then_some(day)?;
                Some(day)
            }
            Some(_) => return None,
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// The date in `code`'s words, as precise as known (`3 November 2025`).
    pub fn show(&self, translations: &Translations, code: &str) -> String {
        translations.date(code, self.year, self.month, self.day)
    }

    /// ISO form, as precise as known.
    pub fn iso(&self) -> String {
        use crate::i18n::push_padded;
        let mut iso = String::with_capacity(10);
        push_padded(&mut iso, self.year.into(), 4);
        for part in [self.month, self.day].into_iter().map_while(|part| part) {
            iso.push('-');
            push_padded(&mut iso, part.into(), 2);
        }
        iso
    }

    /// Days since 1970-01-01 of the first day this date may mean (for staleness).
    pub fn days_since_epoch(&self) -> i64 {
        let (year, month, day) = (
            i64::from(self.year),
            i64::from(self.month.unwrap_or(1)),
            i64::from(self.day.unwrap_or(1)),
        );
        // Howard Hinnant's days_from_civil.
        let year = if month <= 2 { year - 1 } else { year };
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// How a figure's value relates to the true value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// "over 717 ha".
    Over,
    /// "about 100 km".
    About,
    /// "under 50".
    Under,
    /// "up to 300,000".
    UpTo,
}

impl Qualifier {
    /// Every qualifier, in the order the content guide lists them.
    pub const ALL: [Qualifier; 4] = [
        Qualifier::Over,
        Qualifier::About,
        Qualifier::Under,
        Qualifier::UpTo,
    ];

    /// The qualifier a content file's word names, if any.
    pub fn from_word(word: &str) -> Option<Qualifier> {
        Qualifier::ALL
            .into_iter()
            .find(|qualifier| qualifier.word() == word)
    }

    /// The word content files and the open data use (`up_to`).
    pub fn word(self) -> &'static str {
        match self {
            Qualifier::Over => "over",
            Qualifier::About => "about",
            Qualifier::Under => "under",
            Qualifier::UpTo => "up_to",
        }
    }
}

/// A figure's value: a number (with the decimals it was written with), a range of
/// two numbers, a date or a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Value {
    /// A number and how many decimals to show.
    Number {
        /// The value.
        value: f64,
        /// Decimals as written in the source file.
        decimals: usize,
    },
    /// From `low` to `high` (`12,000–15,000 workers`).
    Range {
        /// The lower end.
        low: f64,
        /// The upper end.
        high: f64,
        /// Decimals as written (the larger of the two).
        decimals: usize,
    },
    /// A date (a founding decision's).
    Date(PartialDate),
    /// A text.
    Text(Text),
}

/// One sourced value of a figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The value.
    pub value: Value,
    /// Its unit, a key of the schema's `units`.
    pub unit: Option<String>,
    /// The source id.
    pub source: Option<String>,
    /// When it was true.
    pub as_of: Option<PartialDate>,
    /// Over, about, under.
    pub qualifier: Option<Qualifier>,
    /// What it covers ("phase 1").
    pub scope: Option<Text>,
    /// The period a flow covers ("2023", "2024-Q1").
    pub period: Option<String>,
    /// The year a target is for (targets only).
    pub target_year: Option<u16>,
    /// For a distance: the id of the landmark it is to.
    pub to: Option<String>,
}

/// A figure: its sourced values, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The fact key (`total_area`).
    pub key: String,
    /// Values, newest `as_of` first (ties keep file order).
    pub entries: Vec<Entry>,
}

impl Figure {
    /// The newest value.
    pub fn current(&self) -> Option<&Entry> {
        self.entries.first()
    }

    /// The newest numeric value.
    pub fn number(&self) -> Option<f64> {
        self.entries.iter().find_map(|entry| match entry.value {
            Value::Number { value, .. } => Some(value),
            _ => None,
        })
    }
}

/// A source of figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Id used in `source:` fields.
    pub id: String,
    /// The title as published, in the source's own language; `None` where nobody
    /// could check it, and pages show a translation instead.
    pub title: Option<String>,
    /// The title translated into some of the site's languages (none, one or all).
    pub title_translated: Text,
    /// Publisher.
    pub publisher: String,
    /// Publication date.
    pub date: Option<PartialDate>,
    /// Language of the source (a code such as `vi`, `fr`); empty where not given.
    pub language: String,
    /// Where to read it.
    pub url: Option<String>,
    /// A note (approximate date, which of two is newer).
    pub note: Option<Text>,
}

/// A sector in the shared vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sector {
    /// Slug.
    pub slug: String,
    /// Label per language.
    pub label: Text,
}

/// What kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Economic zone (khu kinh tế).
    Zone,
    /// Industrial park (khu công nghiệp).
    Park,
    /// Industrial cluster (cụm công nghiệp).
    Cluster,
    /// Key project.
    Project,
}

impl Kind {
    /// All kinds, in the order the site lists them.
    pub const ALL: [Kind; 4] = [Kind::Zone, Kind::Park, Kind::Cluster, Kind::Project];

    /// The folder under `content/` and the URL segment.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Zone => "zones",
            Kind::Park => "parks",
            Kind::Cluster => "clusters",
            Kind::Project => "projects",
        }
    }

    /// The kind for a folder name.
    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.folder() == folder)
    }

    /// The word for the kind in messages and commands (`park`).
    pub fn word(self) -> &'static str {
        match self {
            Kind::Zone => "zone",
            Kind::Park => "park",
            Kind::Cluster => "cluster",
            Kind::Project => "project",
        }
    }
}

/// How a position is known: read from `precision:` beside `lat` and `lon`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A coordinate published for the place itself (an airport's reference point).
    Published,
    /// A published coordinate of something next to it (a channel light by a port).
    Nearby,
    /// The centre of its published bounds (derived by arithmetic).
    Bounds,
    /// The centre of the commune or ward it lies in (or of several), from a dataset.
    Commune,
    /// A rough point for a large area (the centre of a district or a city): drawn,
    /// never measured from.
    Coarse,
}

impl Precision {
    /// Every precision with the word content files use, best first.
    pub const ALL: [(Precision, &'static str); 5] = [
        (Precision::Published, "published"),
        (Precision::Nearby, "nearby"),
        (Precision::Bounds, "bounds"),
        (Precision::Commune, "commune"),
        (Precision::Coarse, "coarse"),
    ];

    /// The word content files use.
    pub fn word(self) -> &'static str {
        Precision::ALL
            .iter()
            .find(|(precision, _)| *precision == self)
            .map_or("", |(_, word)| word)
    }
}

/// A point on the map, with how it is known and its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coordinates {
    /// Latitude, degrees north.
    pub lat: f64,
    /// Longitude, degrees east.
    pub lon: f64,
    /// How the point was obtained; `None` when the file does not say (a warning),
    /// then it counts as approximate.
    pub precision: Option<Precision>,
    /// Source ids (a dataset, and the source naming the commune whose centre it is).
    pub sources: Vec<String>,
    /// What the point is (e.g. the centre of the ward).
    pub note: Option<Text>,
    /// When the source gave it.
    pub as_of: Option<PartialDate>,
}

impl Coordinates {
    /// Whether the point only approximates where the place is (anything but a
    /// coordinate published for the place itself).
    pub fn approximate(&self) -> bool {
        self.precision != Some(Precision::Published)
    }

    /// Whether distances may be computed from it (a rough point for a whole district
    /// is shown on the map, never measured from).
    pub fn measurable(&self) -> bool {
        self.precision != Some(Precision::Coarse)
    }
}

/// A landmark investors measure distances to: a seaport, an airport, a border gate
/// (`content/landmarks.yaml`). Its kind and flags are the schema's vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Landmark {
    /// Id, used in a distance's `to:`.
    pub id: String,
    /// Its kind, a key of the schema's `landmarks`.
    pub kind: String,
    /// Name per language.
    pub name: Text,
    /// A shorter name for the map.
    pub short_name: Text,
    /// Flags of its kind it carries (`deep_water`).
    pub flags: Vec<String>,
    /// What a source says of it (berth depth, ship size), per language.
    pub details: Option<Text>,
    /// The sources of its details and flags.
    pub sources: Vec<String>,
    /// When the source said so.
    pub as_of: Option<PartialDate>,
    /// Its position, when one is known.
    pub coordinates: Option<Coordinates>,
}

/// Public contact details: of an office (`content/contacts.yaml`) or a record's own
/// (a developer's sales desk).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Contact {
    /// Id, for an office in `content/contacts.yaml` that records name.
    pub id: Option<String>,
    /// Who it is (the office, the company), per language.
    pub name: Option<Text>,
    /// What it does for an investor.
    pub role: Option<Text>,
    /// Phone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Web site.
    pub website: Option<String>,
    /// Postal address.
    pub address: Option<Text>,
    /// Office hours.
    pub hours: Option<Text>,
    /// Source ids.
    pub sources: Vec<String>,
    /// When the source gave these details.
    pub as_of: Option<PartialDate>,
    /// What else an investor should know (what is not published, where to look).
    pub note: Option<Text>,
    /// An office of the province, shown on the home page and the language chooser.
    pub province: bool,
    /// The kinds of record it is the office for (`None`: every kind): the first
    /// province office that answers for a record's kind is whom to contact about a
    /// record without a contact of its own.
    pub answers_for: Option<Vec<Kind>>,
}

/// A record's contact: its own details, or an office of `content/contacts.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum ContactRef {
    /// Written in the record's file (boxed: most records name an office or have none).
    Own(Box<Contact>),
    /// The id of an office in `content/contacts.yaml`.
    Shared(String),
}

/// A named tenant without a project record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tenant {
    /// Name.
    pub name: Text,
    /// Source id.
    pub source: Option<String>,
    /// When the source said so.
    pub as_of: Option<PartialDate>,
}

/// A text's versions, by language code. Each is boxed: a map's node keeps room for
/// eleven values and a text has one or two, so unboxed the room would be most of a
/// record's memory after its prose (1.6 KB a record).
pub type Versions = BTreeMap<String, Box<Prose>>;

/// A zone, park, cluster or project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// What it is.
    pub kind: Kind,
    /// ASCII slug, the same in every language.
    pub slug: String,
    /// Full name per language.
    pub name: Text,
    /// Short name for tables and charts.
    pub short_name: Text,
    /// Other names.
    pub aliases: Vec<String>,
    /// Its status, a key of the schema's `statuses`.
    pub status: Option<String>,
    /// What kind of zone (park...) it is, a key of its kind's `kinds` in the schema.
    pub category: Option<String>,
    /// Sector slugs.
    pub sectors: Vec<String>,
    /// Address before the 2025-07-01 reform.
    pub address_before: Option<Text>,
    /// Address after the reform.
    pub address_after: Option<Text>,
    /// The former province it lay in (an id of [`Formation::from`]).
    pub former_province: Option<String>,
    /// Position, only from a cited dataset.
    pub coordinates: Option<Coordinates>,
    /// Developer (parks, clusters) or investor (projects).
    pub developer: Option<Text>,
    /// The investor's country (projects).
    pub origin: Option<Text>,
    /// Public contact.
    pub contact: Option<ContactRef>,
    /// Facts, in the schema's order.
    pub facts: Vec<Figure>,
    /// The zone it lies in (parks, clusters).
    pub zone: Option<String>,
    /// Project slugs (parks).
    pub projects: Vec<String>,
    /// Named tenants without a record.
    pub tenants: Vec<Tenant>,
    /// Prose per language (missing languages are absent).
    pub prose: Versions,
    /// The facts file.
    pub file: PathBuf,
}

impl Record {
    /// The figure for a fact key.
    pub fn fact(&self, key: &str) -> Option<&Figure> {
        self.facts.iter().find(|figure| figure.key == key)
    }
}

/// A development region of the province.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    /// Name.
    pub name: Text,
    /// Description.
    pub description: Text,
    /// Target sectors.
    pub sectors: Vec<String>,
    /// Source id.
    pub source: Option<String>,
}

/// One of the provinces a province was formed from (a merger), or its own former
/// name (a renaming).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormerProvince {
    /// The id records use in `former_province:`.
    pub id: String,
    /// Its name.
    pub name: Text,
}

/// How the province took its present form (the 1 July 2025 mergers).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Formation {
    /// The day it took its present name and borders.
    pub date: PartialDate,
    /// The provinces it was formed from, under their names until then.
    pub from: Vec<FormerProvince>,
    /// Source id.
    pub source: Option<String>,
}

/// Province-wide facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Province {
    /// Name (since [`Province::formed`], if given).
    pub name: Text,
    /// How it was formed, if it was formed from others or renamed.
    pub formed: Option<Formation>,
    /// Development regions.
    pub regions: Vec<Region>,
    /// Facts.
    pub facts: Vec<Figure>,
}

impl Province {
    /// The figure for a fact key.
    pub fn fact(&self, key: &str) -> Option<&Figure> {
        self.facts.iter().find(|figure| figure.key == key)
    }
}

/// A dated news article, per language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// Slug.
    pub slug: String,
    /// Publication date (the same in every language), as precise as published.
    pub date: PartialDate,
    /// The day the item was added to the portal (`added:`): what feeds date it by when
    /// `date` has no day.
    pub added: Option<PartialDate>,
    /// The source it summarises.
    pub source: Option<String>,
    /// Per language: title, summary, body.
    pub versions: Versions,
    /// Left out of the build unless `--drafts`.
    pub draft: bool,
}

/// A free page (about, incentives, contact), per language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// Slug.
    pub slug: String,
    /// Position in the main menu, if any.
    pub menu: Option<i64>,
    /// Per language.
    pub versions: Versions,
}

/// A file from `static/`, copied as is.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    /// Path relative to `static/`, with forward slashes.
    pub path: String,
    /// Content (shared: `serve` keeps it between rebuilds without a copy).
    pub bytes: std::sync::Arc<[u8]>,
}

/// The whole validated site.
#[derive(Debug, Clone)]
pub struct Site {
    /// `site.yaml`.
    pub config: SiteConfig,
    /// The fact schema (`schema.yaml`, or the built-in one).
    pub schema: std::sync::Arc<Schema>,
    /// UI strings and locale rules per language.
    pub translations: Translations,
    /// Sources, in file order.
    pub sources: Vec<Source>,
    /// Sectors, in file order.
    pub sectors: Vec<Sector>,
    /// Province facts.
    pub province: Province,
    /// The portal's outline, if `site.yaml` names one.
    pub outline: Option<crate::content::geo::Outline>,
    /// Landmarks, in file order.
    pub landmarks: Vec<Landmark>,
    /// Offices investors deal with, in file order (`content/contacts.yaml`).
    pub contacts: Vec<Contact>,
    /// Records, sorted by kind then slug. Shared, so that `serve` can keep the records
    /// of unchanged files from one rebuild to the next without copying them.
    pub records: Vec<std::sync::Arc<Record>>,
    /// News, newest first.
    pub news: Vec<Article>,
    /// Pages, by slug.
    pub pages: Vec<Page>,
    /// Templates: (name, text).
    pub templates: Vec<(String, String)>,
    /// Static files.
    pub assets: Vec<Asset>,
    /// Source id -> index in `sources` (every page cites sources; a scan would make
    /// rendering quadratic).
    pub source_index: crate::FastHashMap<String, usize>,
}

impl Site {
    /// A text for a page in `language`, along the language's fallback chain.
    pub fn text<'a>(&'a self, text: &'a Text, language: &str) -> &'a str {
        text.pick(self.config.chain(language)).0
    }

    /// A text as a page in `language` shows it: along the fallback chain, and marked
    /// with its language when it is another one ([`crate::i18n::mark`]).
    pub fn shown<'a>(&'a self, text: &'a Text, language: &str) -> std::borrow::Cow<'a, str> {
        match text.pick(self.config.chain(language)) {
            (text, Some(from)) => std::borrow::Cow::Owned(crate::i18n::mark(from, text)),
            (text, None) => std::borrow::Cow::Borrowed(text),
        }
    }

    /// Records of one kind.
    pub fn records_of(&self, kind: Kind) -> impl Iterator<Item = &Record> {
        self.records[self.range_of(kind)]
            .iter()
            .map(|record| &**record)
    }

    /// Where the records of `kind` are in `records` (sorted by kind, then slug): a
    /// kind's records are found without looking at the others'.
    pub fn range_of(&self, kind: Kind) -> std::ops::Range<usize> {
        let start = self.records.partition_point(|record| record.kind < kind);
        let length = self.records[start..].partition_point(|record| record.kind == kind);
        start..start + length
    }

    /// A record by kind and slug.
    pub fn record(&self, kind: Kind, slug: &str) -> Option<&Record> {
        // Records are sorted by kind, then slug.
        self.records
            .binary_search_by(|record| (record.kind, record.slug.as_str()).cmp(&(kind, slug)))
            .ok()
            .map(|index| &*self.records[index])
    }

    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_index.get(id).map(|&index| &self.sources[index])
    }

    /// A landmark by id.
    pub fn landmark(&self, id: &str) -> Option<&Landmark> {
        self.landmarks.iter().find(|landmark| landmark.id == id)
    }

    /// An office of `content/contacts.yaml` by id.
    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts
            .iter()
            .find(|contact| contact.id.as_deref() == Some(id))
    }

    /// A record's own contact, or the office it names.
    pub fn contact_of<'a>(&'a self, record: &'a Record) -> Option<&'a Contact> {
        match record.contact.as_ref()? {
            ContactRef::Own(contact) => Some(contact),
            ContactRef::Shared(id) => self.contact(id),
        }
    }

    /// The offices of the province, in file order.
    pub fn province_contacts(&self) -> impl Iterator<Item = &Contact> {
        self.contacts.iter().filter(|contact| contact.province)
    }

    /// Whom to contact about a record: its own contact (a developer's) if it has one,
    /// then the office that answers for it: its zone's, else the province's first
    /// office for its kind.
    pub fn whom_to_contact<'a>(&'a self, record: &'a Record) -> Vec<&'a Contact> {
        let mut found: Vec<&Contact> = self.contact_of(record).into_iter().collect();
        let office = record
            .zone
            .as_deref()
            .and_then(|slug| self.record(Kind::Zone, slug))
            .and_then(|zone| self.contact_of(zone))
            .or_else(|| {
                self.province_contacts().find(|office| {
                    office
                        .answers_for
                        .as_ref()
                        .is_none_or(|kinds| kinds.contains(&record.kind))
                })
            });
        if let Some(office) = office {
            if !found.iter().any(|known| std::ptr::eq(*known, office)) {
                found.push(office);
            }
        }
        found
    }

    /// A sector by slug.
    pub fn sector(&self, slug: &str) -> Option<&Sector> {
        self.sectors.iter().find(|sector| sector.slug == slug)
    }
}

/// For unit tests of what is made from a site.
#[cfg(test)]
impl Site {
    /// A site with a title, `languages` (as `site.yaml` writes them: `[vi, en]`) and a
    /// base URL, and nothing else.
    pub(crate) fn empty(languages: &str) -> Site {
        let config = format!("title: T\nlanguages: {languages}\nbase_url: https://x.test/\n");
        Site {
            config: crate::config::parse(
                std::path::Path::new("site.yaml"),
                &config,
                &mut Vec::new(),
            )
            .expect("a valid config"),
            translations: Default::default(),
            schema: Default::default(),
            source_index: Default::default(),
            sources: Vec::new(),
            sectors: Vec::new(),
            province: Default::default(),
            outline: None,
            landmarks: Vec::new(),
            contacts: Vec::new(),
            records: Vec::new(),
            news: Vec::new(),
            pages: Vec::new(),
            templates: Vec::new(),
            assets: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qualifier_is_read_from_the_word_it_is_written_as() {
        for qualifier in Qualifier::ALL {
            assert_eq!(Qualifier::from_word(qualifier.word()), Some(qualifier));
        }
        assert_eq!(Qualifier::from_word("up_to"), Some(Qualifier::UpTo));
        assert_eq!(Qualifier::from_word("up to"), None);
    }

    #[test]
    fn partial_dates_parse_and_order() {
        let year = PartialDate::parse("2024").unwrap();
        let month = PartialDate::parse("2024-06").unwrap();
        let day = PartialDate::parse("2025-11-03").unwrap();
        assert!(year < month && month < day);
        assert_eq!(day.iso(), "2025-11-03");
        assert!(PartialDate::parse("2025-02-30").is_none());
        assert!(PartialDate::parse("25-11-03").is_none());
        assert!(PartialDate::parse("2025-13").is_none());
        // Only ASCII digits: Rust's number parsing takes `+1` as 1.
        for text in ["2021-+1-+9", "2021-01-+9", "+202-01", "２０２５", "2025-0١"] {
            assert!(PartialDate::parse(text).is_none(), "{text}");
        }
        assert_eq!(
            PartialDate::parse("1970-01-01").unwrap().days_since_epoch(),
            0
        );
    }

    #[test]
    fn shared_text_serves_every_language() {
        let text = Text::same("Amata");
        assert_eq!(text.get("vi"), Some("Amata"));
        assert_eq!(text.show("en"), "Amata");
    }
}
