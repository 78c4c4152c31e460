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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

impl Plan {
    /// The indexes of `jobs`, the files that take longest first: those with a row per
    /// record (lists, the compare page, the search index, open data, the sitemap), then
    /// every other file in plan order. Rendered in this order, the two or more threads
    /// end on small pages together, instead of one thread writing the last big file
    /// alone while the others wait (about 4 % of a 10,000-park build's wall time).
    pub fn heaviest_first(&self, site: &Site) -> Vec<usize> {
        let records = |kind: Kind| self.totals.records_by_kind.get(&kind).copied();
        let weight = |job: &Job| -> usize {
            match job.target {
                Target::List(kind) | Target::Data(kind, _) => records(kind).unwrap_or(1),
                Target::Compare => records(Kind::Park).unwrap_or(1),
                Target::Search | Target::SearchIndex => {
                    site.records.len() + site.news.len() + site.pages.len()
                }
                Target::Sitemap => self.jobs.len(),
                _ => 1,
            }
        };
        let mut order: Vec<usize> = (0..self.jobs.len()).collect();
        // Stable: equal weights keep plan order.
        order.sort_by_key(|&index| std::cmp::Reverse(weight(&self.jobs[index])));
        order
    }
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

pub mod series;

/// The jobs a change affects, as indexes into `Plan::jobs`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Affected {
    /// The pages of what was edited (a record's or news item's own pages, a static
    /// file): what the author is looking at, so `serve` writes them first.
    pub edited: Vec<usize>,
    /// Every other page that shows something that changed (lists, related records,
    /// home, compare, search, open data).
    pub others: Vec<usize>,
    /// The records (indexes into `site.records`) that changed or show something that
    /// did (a zone's name in its parks' rows): what they contribute to the pages that
    /// cover every record must be made again.
    pub records: Vec<usize>,
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
    affected.records = pages.into_iter().collect();
    Some(affected)
}

/// The index of a record in `site.records` (sorted by kind, then slug).
fn position(site: &Site, kind: Kind, slug: &str) -> Option<usize> {
    site.records
        .binary_search_by(|record| (record.kind, record.slug.as_str()).cmp(&(kind, slug)))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(target: Target) -> Job {
        Job {
            target,
            language: Some("en".into()),
            page_path: String::new(),
            output: String::new(),
        }
    }

    #[test]
    fn files_with_a_row_per_record_come_first_and_the_rest_keep_their_order() {
        let site = Site::empty("[vi, en]");
        let mut plan = Plan::default();
        plan.totals.records_by_kind.insert(Kind::Park, 3);
        plan.totals.records_by_kind.insert(Kind::Zone, 1);
        plan.jobs = vec![
            job(Target::Home),
            job(Target::List(Kind::Zone)),
            job(Target::Record(0)),
            job(Target::Record(1)),
            job(Target::Compare),
            job(Target::List(Kind::Park)),
            job(Target::Sitemap),
            job(Target::Robots),
        ];
        // The sitemap has a line per file (8), the park list and the compare page a
        // row per park (3); the zone list's one row weighs what a page does.
        assert_eq!(plan.heaviest_first(&site), vec![6, 4, 5, 0, 1, 2, 3, 7]);
    }
}
