//! Derive: the validated site -> everything computed from it, once: which parks lie in
//! which zone, which park hosts which project, the province's aggregates, and the list
//! of output jobs (one per file the build writes). Rendering reads this and the model;
//! it never recomputes a relation.

pub mod distances;

use std::collections::BTreeMap;

use crate::content::model::{Kind, Record, Site};

/// What one output file is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// `/`: the language chooser.
    Chooser,
    /// `/<lang>/`.
    Home,
    /// `/<lang>/parks/` etc.
    List(Kind),
    /// `/<lang>/parks/<slug>/` etc.; the index into `site.records`.
    Record(usize),
    /// `/<lang>/news/`.
    NewsList,
    /// `/<lang>/news/<slug>/`; the index into `site.news`.
    News(usize),
    /// `/<lang>/<slug>/`; the index into `site.pages`.
    Page(usize),
    /// `/<lang>/sources/`.
    Sources,
    /// `/<lang>/data/`: what the open data holds and how to open it.
    OpenData,
    /// `/<lang>/404.html` (and `/404.html` in the default language).
    NotFound,
    /// `/<lang>/atom.xml`.
    Feed,
    /// `/<lang>/card.png`: the link-preview image every page of the language names.
    Card,
    /// `/<lang>/search/`: the search form and, below it, every page as a link.
    Search,
    /// `/<lang>/compare/`: every park in one table, sortable and filterable with JS.
    Compare,
    /// `/<lang>/search-index.json`: what `search.js` searches.
    SearchIndex,
    /// `/sitemap.xml`.
    Sitemap,
    /// `/robots.txt`.
    Robots,
    /// A web server's file (`.htaccess`, `_headers`...), asked for in `site.yaml`.
    HostFile(crate::config::HostFile),
    /// `/data/parks.json`, `/data/parks.csv`, `/data/zones.json`, `/data/zones.csv`.
    Data(Kind, DataFormat),
    /// A file from `static/`; the index into `site.assets`.
    Asset(usize),
}

/// Open-data formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DataFormat {
    /// JSON.
    Json,
    /// CSV.
    Csv,
}

/// One file to produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// What it is.
    pub target: Target,
    /// For pages: the language.
    pub language: Option<String>,
    /// The page's path below the language prefix, e.g. `parks/song-khoai/` (empty for
    /// home); for other files their path.
    pub page_path: String,
    /// Where to write it, relative to the output root.
    pub output: String,
}

impl Job {
    /// Whether the job is an HTML page listed in the sitemap.
    pub fn is_listed_page(&self) -> bool {
        self.language.is_some()
            && !matches!(
                self.target,
                Target::NotFound | Target::Feed | Target::Card | Target::SearchIndex
            )
    }
}

/// Everything computed from the site.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Output files, in a stable order.
    pub jobs: Vec<Job>,
    /// Zone slug -> indexes of its parks.
    pub parks_in_zone: BTreeMap<String, Vec<usize>>,
    /// Zone slug -> indexes of its clusters.
    pub clusters_in_zone: BTreeMap<String, Vec<usize>>,
    /// Project slug -> indexes of the parks that list it.
    pub parks_of_project: BTreeMap<String, Vec<usize>>,
    /// Province aggregates computed from the records.
    pub totals: Totals,
    /// Which sections exist.
    pub sections: Sections,
    /// Distances computed from positions where none is published, by record index and
    /// fact key.
    pub distances: distances::Distances,
}

/// Which sections of the site exist: a young portal makes no list page, menu entry or
/// link for a kind it has no record of yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sections {
    /// Kinds with at least one record: their list pages.
    pub kinds: Vec<Kind>,
    /// The news list (at least one article).
    pub news: bool,
    /// The compare page (at least one park; `--skip compare` leaves the page out
    /// but not the links to it, as for every skipped part).
    pub compare: bool,
}

impl Sections {
    /// What `site` has.
    pub fn of(site: &Site) -> Sections {
        let kinds: Vec<Kind> = Kind::ALL
            .into_iter()
            .filter(|kind| site.records_of(*kind).next().is_some())
            .collect();
        Sections {
            compare: kinds.contains(&Kind::Park),
            news: !site.news.is_empty(),
            kinds,
        }
    }

    /// Whether the list page of `kind` exists.
    pub fn lists(&self, kind: Kind) -> bool {
        self.kinds.contains(&kind)
    }

    /// The kinds whose records are published as open data (`/data/<kind>.csv`).
    pub fn data_kinds(&self, skip: crate::config::Skip) -> Vec<Kind> {
        if skip.data {
            return Vec::new();
        }
        [Kind::Park, Kind::Zone]
            .into_iter()
            .filter(|kind| self.lists(*kind))
            .collect()
    }

    /// Whether there is open data, and so the page that describes it.
    pub fn has_open_data(&self, skip: crate::config::Skip) -> bool {
        !self.data_kinds(skip).is_empty()
    }
}

/// Sums over the records (the province's own published figures are facts, not these).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Totals {
    /// Parks per status.
    pub parks_by_status: BTreeMap<String, usize>,
    /// Number of records per kind.
    pub records_by_kind: BTreeMap<Kind, usize>,
}

/// The URL path of a record below the language prefix.
pub fn record_path(kind: Kind, slug: &str) -> String {
    let folder = kind.folder();
    let mut path = String::with_capacity(folder.len() + slug.len() + 2);
    path.push_str(folder);
    path.push('/');
    path.push_str(slug);
    path.push('/');
    path
}

/// Plans the build.
pub fn plan(site: &Site) -> Plan {
    let mut plan = Plan {
        sections: Sections::of(site),
        distances: distances::compute(site),
        ..Plan::default()
    };
    for (index, record) in site.records.iter().enumerate() {
        *plan.totals.records_by_kind.entry(record.kind).or_default() += 1;
        if let Some(zone) = &record.zone {
            let map = if record.kind == Kind::Park {
                &mut plan.parks_in_zone
            } else {
                &mut plan.clusters_in_zone
            };
            match map.get_mut(zone) {
                Some(members) => members.push(index),
                None => {
                    map.insert(zone.clone(), vec![index]);
                }
            }
        }
        if record.kind == Kind::Park {
            if let Some(status) = &record.status {
                *plan
                    .totals
                    .parks_by_status
                    .entry(status.clone())
                    .or_default() += 1;
            }
            for project in &record.projects {
                plan.parks_of_project
                    .entry(project.clone())
                    .or_default()
                    .push(index);
            }
        }
    }

    // A large portal has tens of thousands of jobs: no regrowing of the list, and no
    // formatting machinery for the paths.
    let per_language = site.records.len() + site.news.len() + site.pages.len() + 16;
    let mut jobs =
        Vec::with_capacity(1 + per_language * site.config.languages.len() + 8 + site.assets.len());
    let skip = site.config.skip;
    let sections = plan.sections.clone();
    jobs.push(Job {
        target: Target::Chooser,
        language: None,
        page_path: String::new(),
        output: "index.html".into(),
    });
    for language in &site.config.languages {
        let mut page = |target: Target, page_path: String| {
            let mut output =
                String::with_capacity(language.len() + page_path.len() + "/index.html".len());
            output.push_str(language);
            output.push('/');
            output.push_str(&page_path);
            output.push_str("index.html");
            jobs.push(Job {
                target,
                language: Some(language.clone()),
                page_path,
                output,
            });
        };
        page(Target::Home, String::new());
        for &kind in &sections.kinds {
            page(Target::List(kind), format!("{}/", kind.folder()));
        }
        for (index, record) in site.records.iter().enumerate() {
            page(
                Target::Record(index),
                record_path(record.kind, &record.slug),
            );
        }
        if sections.news {
            page(Target::NewsList, "news/".into());
        }
        for (index, article) in site.news.iter().enumerate() {
            page(Target::News(index), format!("news/{}/", article.slug));
        }
        for (index, free_page) in site.pages.iter().enumerate() {
            page(Target::Page(index), format!("{}/", free_page.slug));
        }
        page(Target::Sources, "sources/".into());
        if sections.has_open_data(skip) {
            page(Target::OpenData, "data/".into());
        }
        if !skip.search {
            page(Target::Search, "search/".into());
        }
        if sections.compare && !skip.compare {
            page(Target::Compare, "compare/".into());
        }
        jobs.push(Job {
            target: Target::NotFound,
            language: Some(language.clone()),
            page_path: "404.html".into(),
            output: format!("{language}/404.html"),
        });
        jobs.push(Job {
            target: Target::Feed,
            language: Some(language.clone()),
            page_path: "atom.xml".into(),
            output: format!("{language}/atom.xml"),
        });
        jobs.push(Job {
            target: Target::Card,
            language: Some(language.clone()),
            page_path: "card.png".into(),
            output: format!("{language}/card.png"),
        });
        if !skip.search {
            jobs.push(Job {
                target: Target::SearchIndex,
                language: Some(language.clone()),
                page_path: "search-index.json".into(),
                output: format!("{language}/search-index.json"),
            });
        }
    }
    let default = site.config.default_language().to_string();
    jobs.push(Job {
        target: Target::NotFound,
        language: Some(default),
        page_path: "404.html".into(),
        output: "404.html".into(),
    });
    jobs.push(Job {
        target: Target::Sitemap,
        language: None,
        page_path: String::new(),
        output: "sitemap.xml".into(),
    });
    jobs.push(Job {
        target: Target::Robots,
        language: None,
        page_path: String::new(),
        output: "robots.txt".into(),
    });
    for &kind in &site.config.host_files {
        for name in kind.files() {
            jobs.push(Job {
                target: Target::HostFile(kind),
                language: None,
                page_path: String::new(),
                output: (*name).to_string(),
            });
        }
    }
    for kind in sections.data_kinds(skip) {
        for (format, extension) in [(DataFormat::Json, "json"), (DataFormat::Csv, "csv")] {
            let output = format!("data/{}.{extension}", kind.folder());
            jobs.push(Job {
                target: Target::Data(kind, format),
                language: None,
                page_path: output.clone(),
                output,
            });
        }
    }
    for (index, asset) in site.assets.iter().enumerate() {
        jobs.push(Job {
            target: Target::Asset(index),
            language: None,
            page_path: asset.path.clone(),
            output: asset.path.clone(),
        });
    }
    plan.jobs = jobs;
    plan
}

/// Chart series: plain numbers keyed by record index or period, computed once from
/// the model; render only labels them.
pub mod series {
    use crate::content::model::{Entry, Figure, Kind, PartialDate, Record, Site, Value};
    use crate::content::schema::Schema;

    /// A point of a series: the record (index into `site.records`) and its value.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub struct Point {
        /// Record index.
        pub record: usize,
        /// Value.
        pub value: f64,
        /// The entry of the record's figure it comes from (to show it as published:
        /// "over 45%", not "45%").
        pub entry: usize,
    }

    fn number(entry: &Entry) -> Option<f64> {
        match entry.value {
            Value::Number { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The newest numeric value of a figure, converted to `unit` where the schema says
    /// how (units of one family: hectares and square kilometres, millions and
    /// billions).
    pub fn newest_in(schema: &Schema, figure: Option<&Figure>, unit: &str) -> Option<f64> {
        figure?
            .entries
            .iter()
            .find_map(|entry| in_unit(schema, entry, unit))
    }

    /// An entry's numeric value converted to `unit`, if it has one that converts.
    pub fn in_unit(schema: &Schema, entry: &Entry, unit: &str) -> Option<f64> {
        schema.convert(number(entry)?, entry.unit.as_deref()?, unit)
    }

    /// Records of `kind` with a value for `key` in `unit`, largest first (ties by slug).
    pub fn ranked(
        site: &Site,
        kind: Kind,
        key: &str,
        unit: &str,
        keep: impl Fn(&Record) -> bool,
    ) -> Vec<Point> {
        let mut points: Vec<Point> = site
            .records
            .iter()
            .enumerate()
            .filter(|(_, record)| record.kind == kind && keep(record))
            .filter_map(|(index, record)| {
                let (entry, value) = record.fact(key)?.entries.iter().enumerate().find_map(
                    |(position, entry)| Some((position, in_unit(&site.schema, entry, unit)?)),
                )?;
                Some(Point {
                    record: index,
                    value,
                    entry,
                })
            })
            .collect();
        points.sort_by(|a, b| {
            b.value.total_cmp(&a.value).then_with(|| {
                site.records[a.record]
                    .slug
                    .cmp(&site.records[b.record].slug)
            })
        });
        points
    }

    /// A flow figure by period (e.g. FDI per year): one value per distinct period, in
    /// the order the periods sort, converted to `unit`; entries without a period or in
    /// another unit are left out.
    pub fn by_period(
        schema: &Schema,
        figure: Option<&Figure>,
        unit: &str,
    ) -> Vec<(String, f64, usize)> {
        let Some(figure) = figure else {
            return Vec::new();
        };
        let mut points: Vec<(String, f64, usize)> = Vec::new();
        for (index, entry) in figure.entries.iter().enumerate() {
            let (Some(period), Some(value)) = (&entry.period, in_unit(schema, entry, unit)) else {
                continue;
            };
            // Entries are newest first, so the first value of a period is its newest.
            if !points.iter().any(|(known, _, _)| known == period) {
                points.push((period.clone(), value, index));
            }
        }
        points.sort_by(|a, b| a.0.cmp(&b.0));
        points
    }

    /// A value of a flow figure for one period: its code, its value in the chart's
    /// unit, and the entry it comes from.
    pub type PeriodPoint = (String, f64, usize);

    /// Of a flow figure's values by period, those a chart may put side by side: the
    /// periods of one length (a full year is never drawn beside ten months, a half or a
    /// quarter), the length with the most values (ties: the longer, then the later).
    /// Returns (drawn, the others), each in time order; a period halong does not read
    /// is never drawn.
    pub fn comparable(points: Vec<PeriodPoint>) -> (Vec<PeriodPoint>, Vec<PeriodPoint>) {
        use crate::content::period::Period;
        let parsed: Vec<(Option<Period>, PeriodPoint)> = points
            .into_iter()
            .map(|point| (Period::parse(&point.0), point))
            .collect();
        let mut lengths: Vec<(u32, usize, (u16, u8))> = Vec::new();
        for period in parsed.iter().filter_map(|(period, _)| *period) {
            match lengths
                .iter_mut()
                .find(|(months, ..)| *months == period.months())
            {
                Some((_, count, latest)) => {
                    *count += 1;
                    *latest = (*latest).max(period.end());
                }
                None => lengths.push((period.months(), 1, period.end())),
            }
        }
        let chosen = lengths
            .iter()
            .max_by_key(|(months, count, latest)| (*count, *months, *latest))
            .map(|(months, ..)| *months);
        let mut drawn = Vec::new();
        let mut others = Vec::new();
        let mut sorted = parsed;
        // In time order; codes halong cannot read last, as written.
        sorted.sort_by_key(|(period, point)| {
            (
                period.is_none(),
                period.map(|p| (p.end(), p.months())),
                point.0.clone(),
            )
        });
        for (period, point) in sorted {
            if period.is_some_and(|period| Some(period.months()) == chosen) {
                drawn.push(point);
            } else {
                others.push(point);
            }
        }
        (drawn, others)
    }

    /// A figure's dated numeric values in `unit` (with the index of their entry), oldest
    /// first, one per date (the
    /// first given for a date wins); entries in another unit or without a date are
    /// left out, never drawn as zero.
    pub fn history(
        schema: &Schema,
        figure: Option<&Figure>,
        unit: &str,
    ) -> Vec<(PartialDate, f64, usize)> {
        let Some(figure) = figure else {
            return Vec::new();
        };
        let mut points: Vec<(PartialDate, f64, usize)> = Vec::new();
        // Values with another scope (phase 1, the planned total) are not the same
        // series: only entries of the newest entry's scope are a history.
        let scope = figure.entries.first().map(|entry| &entry.scope);
        for (index, entry) in figure
            .entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| Some(&entry.scope) == scope)
        {
            let (Some(date), Some(value)) = (entry.as_of, in_unit(schema, entry, unit)) else {
                continue;
            };
            if !points.iter().any(|(known, ..)| *known == date) {
                points.push((date, value, index));
            }
        }
        points.sort_by_key(|(date, ..)| *date);
        points
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use crate::content::model::Text;

        fn entry(value: f64, unit: &str, period: Option<&str>, year: u16) -> Entry {
            Entry {
                value: Value::Number { value, decimals: 1 },
                unit: Some(unit.into()),
                source: None,
                as_of: Some(PartialDate {
                    year,
                    month: None,
                    day: None,
                }),
                qualifier: None,
                scope: None,
                period: period.map(str::to_string),
                target_year: None,
                to: None,
            }
        }

        /// The built-in schema, which says how its units convert.
        fn schema() -> Schema {
            let languages = ["en".to_string()];
            crate::content::schema::read(None, &languages, &mut Vec::new())
        }

        #[test]
        fn periods_are_sorted_deduplicated_and_converted() {
            let figure = Figure {
                key: "fdi".into(),
                entries: vec![
                    entry(850.0, "usd_million", Some("2024-Q1"), 2024),
                    entry(3.1, "usd_billion", Some("2023"), 2023),
                    entry(832.0, "usd_million", Some("2023"), 2023),
                    entry(1.0, "ha", Some("2022"), 2022),
                    entry(5.0, "usd_million", None, 2021),
                ],
            };
            let points = by_period(&schema(), Some(&figure), "usd_million");
            let periods: Vec<_> = points
                .iter()
                .map(|(period, value, _)| (period.as_str(), *value))
                .collect();
            assert_eq!(periods, vec![("2023", 3100.0), ("2024-Q1", 850.0)]);
            assert!(by_period(&schema(), None, "usd_million").is_empty());
        }

        #[test]
        fn no_series_mixes_periods_of_different_lengths() {
            // The bundled portal's FDI figure, as its sources give it: a full year, ten
            // months, a half year and a quarter.
            let figure = Figure {
                key: "fdi".into(),
                entries: vec![
                    entry(850.0, "usd_million", Some("2024-Q1"), 2024),
                    entry(3.1, "usd_billion", Some("2023"), 2024),
                    entry(3090.0, "usd_million", Some("2023-01/2023-10"), 2023),
                    entry(832.0, "usd_million", Some("2023-H1"), 2023),
                    entry(2.0, "usd_billion", Some("2022"), 2023),
                    entry(700.0, "usd_million", Some("2023-Q1"), 2023),
                    entry(1.5, "usd_billion", Some("2021"), 2022),
                    entry(9.0, "usd_million", Some("some time"), 2022),
                ],
            };
            let (drawn, others) = comparable(by_period(&schema(), Some(&figure), "usd_million"));
            let codes = |points: &[PeriodPoint]| -> Vec<String> {
                points.iter().map(|(code, ..)| code.clone()).collect()
            };
            assert_eq!(
                codes(&drawn),
                ["2021", "2022", "2023"],
                "full years only, in order"
            );
            assert_eq!(
                codes(&others),
                [
                    "2023-Q1",
                    "2023-H1",
                    "2023-01/2023-10",
                    "2024-Q1",
                    "some time"
                ],
                "the rest listed, never drawn"
            );
            let lengths: std::collections::BTreeSet<u32> = drawn
                .iter()
                .filter_map(|(code, ..)| crate::content::period::Period::parse(code))
                .map(|period| period.months())
                .collect();
            assert_eq!(lengths.len(), 1, "one length of period in the series");

            // With as many quarters as years, the longer periods win; with more
            // quarters, the quarters.
            let quarters = Figure {
                key: "fdi".into(),
                entries: vec![
                    entry(1.0, "usd_million", Some("2024-Q1"), 2024),
                    entry(2.0, "usd_million", Some("2024-Q2"), 2024),
                    entry(3.0, "usd_million", Some("2023"), 2024),
                ],
            };
            let (drawn, _) = comparable(by_period(&schema(), Some(&quarters), "usd_million"));
            assert_eq!(codes(&drawn), ["2024-Q1", "2024-Q2"]);
        }

        #[test]
        fn history_is_oldest_first_and_skips_undated_and_foreign_units() {
            let figure = Figure {
                key: "occupancy".into(),
                entries: vec![
                    entry(86.05, "percent", None, 2024),
                    entry(72.0, "percent", None, 2021),
                    entry(5.0, "ha", None, 2022),
                    Entry {
                        as_of: None,
                        ..entry(50.0, "percent", None, 2020)
                    },
                    Entry {
                        scope: Some(Text::same("phase 1")),
                        ..entry(100.0, "percent", None, 2023)
                    },
                ],
            };
            let points: Vec<(u16, f64)> = history(&schema(), Some(&figure), "percent")
                .iter()
                .map(|(d, v, _)| (d.year, *v))
                .collect();
            assert_eq!(points, vec![(2021, 72.0), (2024, 86.05)]);
        }

        #[test]
        fn text_values_and_foreign_units_are_missing_not_zero() {
            let figure = Figure {
                key: "total_area".into(),
                entries: vec![
                    Entry {
                        value: Value::Text(Text::same("large")),
                        ..entry(0.0, "ha", None, 2025)
                    },
                    entry(21.7, "km2", None, 2020),
                ],
            };
            assert_eq!(newest_in(&schema(), Some(&figure), "ha"), Some(2170.0));
            assert_eq!(newest_in(&schema(), Some(&figure), "percent"), None);
        }
    }
}

/// The jobs a change affects, as indexes into `Plan::jobs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Affected {
    /// The pages of what was edited (a record's or news item's own pages, a static
    /// file): what the author is looking at, so `serve` writes them first.
    pub edited: Vec<usize>,
    /// Every other page that shows something that changed (lists, related records,
    /// home, compare, search, open data).
    pub others: Vec<usize>,
}

/// Which jobs a change to `changed` (paths relative to the site root) can affect, or
/// `None` when it can affect every page (settings, templates, shared vocabularies, a
/// record added or removed). `previous` finds a record as it was before the change,
/// when known: then a park's old zone and projects are re-rendered, not every zone
/// and project page. `serve` re-renders only these jobs; the relations come from the
/// plan, so no rule about pages lives in the server.
pub fn affected(
    site: &Site,
    plan: &Plan,
    changed: &[std::path::PathBuf],
    previous: &dyn Fn(Kind, &str) -> Option<std::sync::Arc<Record>>,
) -> Option<Affected> {
    use std::collections::BTreeSet;
    let mut records: BTreeSet<usize> = BTreeSet::new();
    let mut news: BTreeSet<usize> = BTreeSet::new();
    let mut assets: BTreeSet<usize> = BTreeSet::new();
    for path in changed {
        let text = path.to_string_lossy().replace('\\', "/");
        if let Some(asset) = text.strip_prefix("static/") {
            assets.insert(site.assets.iter().position(|known| known.path == asset)?);
            continue;
        }
        // Editors that save through a temporary file (`sed -i`, some IDEs) report it
        // too; a file the build does not read cannot affect it.
        let is_content_file = [".yaml", ".yml", ".md", ".geojson", ".json"]
            .iter()
            .any(|extension| text.ends_with(extension))
            && !text.ends_with("/README.md");
        if text.starts_with("content/") && !is_content_file {
            continue;
        }
        let parts: Vec<&str> = text.split('/').collect();
        let ["content", folder, name] = parts.as_slice() else {
            return None;
        };
        let slug = name.split('.').next().unwrap_or("");
        match Kind::from_folder(folder) {
            Some(kind) => {
                // A record that is gone or renamed changes links everywhere.
                records.insert(position(site, kind, slug)?);
            }
            None if *folder == "news" => {
                news.insert(site.news.iter().position(|article| article.slug == slug)?);
            }
            None => return None,
        }
    }
    // Pages that show a changed record: its zone, its projects or parks, a zone's
    // members (they show the zone's name).
    let mut pages = records.clone();
    for &index in &records {
        let record = &site.records[index];
        if let Some(zone) = record
            .zone
            .as_ref()
            .and_then(|slug| position(site, Kind::Zone, slug))
        {
            pages.insert(zone);
        }
        let related: Vec<usize> = match record.kind {
            Kind::Park => record
                .projects
                .iter()
                .filter_map(|slug| position(site, Kind::Project, slug))
                .collect(),
            Kind::Project => plan
                .parks_of_project
                .get(&record.slug)
                .cloned()
                .unwrap_or_default(),
            Kind::Zone => plan
                .parks_in_zone
                .get(&record.slug)
                .into_iter()
                .chain(plan.clusters_in_zone.get(&record.slug))
                .flatten()
                .copied()
                .collect(),
            Kind::Cluster => Vec::new(),
        };
        pages.extend(related);
        // A park's zone or project list may have changed: the pages that listed it
        // before must drop it. Without the record as it was, those are among all
        // zones and projects.
        if record.kind == Kind::Park {
            match previous(record.kind, &record.slug) {
                Some(before) => pages.extend(
                    before
                        .zone
                        .iter()
                        .map(|zone| (Kind::Zone, zone))
                        .chain(
                            before
                                .projects
                                .iter()
                                .map(|project| (Kind::Project, project)),
                        )
                        .filter_map(|(kind, slug)| position(site, kind, slug)),
                ),
                None => pages.extend(
                    site.records
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| matches!(r.kind, Kind::Zone | Kind::Project))
                        .map(|(i, _)| i),
                ),
            }
        }
    }
    let touches_records = !records.is_empty();
    let kinds: BTreeSet<Kind> = records
        .iter()
        .map(|&index| site.records[index].kind)
        .collect();
    let touches_news = !news.is_empty();
    let mut affected = Affected::default();
    for (index, job) in plan.jobs.iter().enumerate() {
        let edited = match &job.target {
            Target::Record(record) => records.contains(record),
            Target::News(article) => news.contains(article),
            Target::Asset(asset) => assets.contains(asset),
            _ => false,
        };
        let shows_a_change = match &job.target {
            Target::Record(index) => pages.contains(index),
            Target::News(index) => news.contains(index),
            Target::Asset(index) => assets.contains(index),
            Target::Home | Target::Search | Target::SearchIndex => touches_records || touches_news,
            // A list shows its own kind (and a park's zone and projects by name).
            Target::List(kind) => {
                kinds.contains(kind) || (*kind == Kind::Park && kinds.contains(&Kind::Zone))
            }
            Target::Compare => kinds.contains(&Kind::Park) || kinds.contains(&Kind::Zone),
            Target::Data(..) => touches_records,
            Target::NewsList | Target::Feed => touches_news,
            _ => false,
        };
        if edited {
            affected.edited.push(index);
        } else if shows_a_change {
            affected.others.push(index);
        }
    }
    Some(affected)
}

/// The index of a record in `site.records` (sorted by kind, then slug).
fn position(site: &Site, kind: Kind, slug: &str) -> Option<usize> {
    site.records
        .binary_search_by(|record| (record.kind, record.slug.as_str()).cmp(&(kind, slug)))
        .ok()
}
