//! Validate: raw input -> the typed [`Site`] and every diagnostic, all in one pass.
//!
//! Each file is read with [`super::yaml`], which knows where every value sits, so each
//! problem names `file:line:column`. Nothing stops at the first problem: a bad field is
//! reported and skipped, and checks that need the whole site (references, links,
//! duplicates) run once every file has been read. Only this module builds a `Site`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::load::{Input, TextFile};
use crate::content::model::*;
use crate::content::yaml::{self, Document, Fields, Node};
use crate::diagnostics::{closest, Diagnostic, Position};
use crate::i18n::{decimals_of, is_slug, Language, Locale, Translations, UNITS};
use crate::markdown::{self, LinkStyle, Prose};

/// What a build asks of validation.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Replaces `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Include news marked `draft: true`.
    pub drafts: bool,
    /// Parts of the output to leave out.
    pub skip: crate::config::Skip,
}

/// Fact keys each kind of record may have, in the order pages show them.
pub fn fact_keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Zone => &[
            "total_area",
            "land_area",
            "water_area",
            "population",
            "established",
            "master_plan",
            "fdi_projects",
            "fdi_capital",
            "investment_need",
        ],
        Kind::Park | Kind::Cluster => &[
            "total_area",
            "industrial_area",
            "available_area",
            "occupancy",
            "land_price",
            "lease_term",
            "factory_rent",
            "management_fee",
            "power",
            "water",
            "wastewater",
            "distance_seaport",
            "distance_airport",
            "distance_highway",
            "distance_border_gate",
            "distance_hanoi",
            "infrastructure_investment",
            "secondary_projects",
            "registered_capital",
            "workers",
            "worker_housing",
            "established",
            "operating_term",
        ],
        Kind::Project => &[
            "investment",
            "area",
            "capacity",
            "workers",
            "started",
            "operation",
        ],
    }
}

/// Province fact keys, in the order the home page shows them.
pub const PROVINCE_FACTS: &[&str] = &[
    "planned_ez_count",
    "planned_ez_area",
    "planned_ip_count",
    "planned_ip_area",
    "planned_cluster_count",
    "operating_ip_count",
    "operating_ip_area",
    "secondary_projects",
    "registered_capital_usd",
    "registered_capital_vnd",
    "average_occupancy",
    "fdi",
    "manufacturing_investment",
    "manufacturing_fdi",
    "manufacturing_growth",
    "manufacturing_grdp_share",
    "manufacturing_grdp_target",
    "industrial_land_cleared",
    "operating_cluster_count",
    "grdp_per_capita_target",
    "pci_rank",
];

/// Page slugs that would collide with the site's own sections.
const RESERVED_PAGES: &[&str] = &[
    "zones", "parks", "clusters", "projects", "news", "sources", "search", "compare", "data",
    "static", "fonts",
];

/// The result of validation: a site if there was no error, and every diagnostic.
pub struct Validated {
    /// The site, when no error was found.
    pub site: Option<Site>,
    /// Every diagnostic, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Validates a loaded input.
pub fn validate(input: &Input, options: &Options) -> Validated {
    validate_with(input, options, None)
}

/// Validates a loaded input, reusing from `cache` the records whose files were not read
/// again since, and leaving this run's records in it for the next (`serve`).
pub fn validate_with(input: &Input, options: &Options, cache: Option<&mut Cache>) -> Validated {
    let mut checker = Checker {
        diagnostics: input.diagnostics.clone(),
        languages: Vec::new(),
        pending: Vec::new(),
    };
    let site = checker.run(input, options, cache);
    let mut diagnostics = checker.diagnostics;
    crate::diagnostics::limit_per_file(&mut diagnostics);
    crate::diagnostics::sort(&mut diagnostics);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    Validated {
        site: if failed { None } else { site },
        diagnostics,
    }
}

/// Records validated by an earlier run, for `serve`. A record is checked again when
/// one of its files was read again ([`TextFile::revision`]), or when anything it is
/// checked against changed (languages, source ids, sector slugs, `site.yaml`'s
/// Markdown settings): then every record is. References are always checked on the
/// whole site; links of unchanged records are checked again only when a page or an
/// anchor appeared or went.
#[derive(Default)]
pub struct Cache {
    context: Option<UnitContext>,
    records: BTreeMap<(Kind, String), Arc<RecordUnit>>,
    /// What [`LinkTargets::signature`] gave when `link_problems` were found.
    links_signature: Option<u64>,
    /// The link diagnostics of each record that has any.
    link_problems: BTreeMap<(Kind, String), Vec<Diagnostic>>,
    /// `content/sources.yaml` as last read: its revision, sources and diagnostics.
    sources: Option<(u64, Vec<Source>, Vec<Diagnostic>)>,
}

/// Everything a record's validation reads besides its own files.
#[derive(Debug, Clone, PartialEq)]
struct UnitContext {
    languages: Vec<String>,
    sources: BTreeSet<String>,
    sectors: BTreeSet<String>,
    style_root: String,
    allow_raw_html: bool,
}

/// One record validated from its facts file and its prose files.
struct RecordUnit {
    /// The files it was made from: path and revision, facts file first.
    revisions: Vec<(PathBuf, u64)>,
    /// The record, unless its facts file had errors.
    record: Option<Arc<Record>>,
    /// What its files had wrong.
    diagnostics: Vec<Diagnostic>,
    /// The references it makes, checked against the whole site.
    pending: Vec<Reference>,
    /// A hash of the heading ids links may point to (see [`LinkTargets::signature`]).
    anchors: u64,
}

impl RecordUnit {
    /// Whether it was made from exactly these reads of these files.
    fn made_from(&self, facts: &TextFile, prose: &[(&TextFile, String)]) -> bool {
        let files = std::iter::once(facts).chain(prose.iter().map(|(file, _)| *file));
        self.revisions.len() == prose.len() + 1
            && self
                .revisions
                .iter()
                .zip(files)
                .all(|((path, revision), file)| *revision == file.revision && *path == file.path)
    }
}

/// Validates one record: its facts, then its prose (only when the facts are sound:
/// a record that does not exist has no page to show them).
fn record_unit(
    kind: Kind,
    slug: &str,
    facts: &TextFile,
    prose: &[(&TextFile, String)],
    context: &UnitContext,
) -> RecordUnit {
    let mut checker = Checker {
        diagnostics: Vec::new(),
        languages: context.languages.clone(),
        pending: Vec::new(),
    };
    let known = Known {
        sources: &context.sources,
        sectors: &context.sectors,
    };
    let record = checker.record(kind, slug, facts, &known).map(|mut record| {
        for (file, language) in prose {
            if let Some((version, _, _)) = checker.prose(
                file,
                language,
                &context.style_root,
                context.allow_raw_html,
                ProseKind::Record,
            ) {
                record.prose.insert(language.clone(), version);
            }
        }
        Arc::new(record)
    });
    let mut anchors = std::collections::hash_map::DefaultHasher::new();
    if let Some(record) = &record {
        for prose in record.prose.values() {
            for heading in &prose.headings {
                heading.id.hash(&mut anchors);
            }
        }
    }
    RecordUnit {
        revisions: std::iter::once(facts)
            .chain(prose.iter().map(|(file, _)| *file))
            .map(|file| (file.path.clone(), file.revision))
            .collect(),
        anchors: anchors.finish(),
        record,
        diagnostics: checker.diagnostics,
        pending: checker.pending,
    }
}

/// What a prose file belongs to, which decides its front matter keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProseKind {
    /// A zone, park, cluster or project: `summary` only.
    Record,
    /// A news item: `title`, `summary`, `date`, `source`, `draft`.
    News,
    /// A free page: `title`, `summary`, `menu`.
    Page,
}

impl ProseKind {
    /// Front matter keys beyond `title` and `summary`.
    fn own_keys(self) -> &'static [&'static str] {
        match self {
            ProseKind::Record => &[],
            ProseKind::News => &["date", "source", "draft"],
            ProseKind::Page => &["menu"],
        }
    }
}

/// A reference to check once everything is read.
#[derive(Debug, Clone)]
struct Reference {
    kind: Kind,
    slug: String,
    file: PathBuf,
    position: Position,
    from: String,
}

struct Checker {
    diagnostics: Vec<Diagnostic>,
    languages: Vec<String>,
    pending: Vec<Reference>,
}

/// Localised text from a node: a plain string is shared by all languages; a mapping
/// must give every language of the site.
pub fn text(node: &Node<'_>, languages: &[String], diagnostics: &mut Vec<Diagnostic>) -> Text {
    match node.value {
        serde_yaml::Value::Mapping(_) => {
            let mut result = Text::default();
            let Some(mut fields) = node.fields(diagnostics) else {
                return result;
            };
            for (key, child) in fields.entries(diagnostics) {
                if !languages.contains(&key) {
                    let help = match closest(&key, languages.iter().map(String::as_str)) {
                        // `{vi: a, b, en: c}` splits at the comma: `b` becomes a key.
                        _ if !crate::i18n::is_language_code(&key) => {
                            "text that contains a comma inside `{...}` must be quoted: `vi: \"a, b\"`".to_string()
                        }
                        Some(near) => format!("did you mean `{near}`? languages come from site.yaml"),
                        None => format!("the site's languages are {}; add `{key}` to `languages` in site.yaml to use it", languages.join(", ")),
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            "E0105",
                            node.document.file,
                            child.position(),
                            format!("`{key}` is not a language of this site"),
                        )
                        .with_help(help),
                    );
                    continue;
                }
                if let Some(value) = child.text(diagnostics) {
                    result.insert(key, value.trim());
                }
            }
            for language in languages {
                if !result.has(language) {
                    diagnostics.push(
                        node.warning(
                            "W0101",
                            format!("`{}` has no `{language}` text", node.path_text()),
                        )
                        .with_help(format!(
                            "add a line `{language}: ...` under `{}`",
                            node.path_text()
                        )),
                    );
                }
            }
            result
        }
        _ => node
            .text(diagnostics)
            .map(|value| Text::same(value.trim()))
            .unwrap_or_default(),
    }
}

impl Checker {
    fn run(
        &mut self,
        input: &Input,
        options: &Options,
        mut cache: Option<&mut Cache>,
    ) -> Option<Site> {
        let mut config = self.config(input)?;
        if let Some(base_url) = &options.base_url {
            match crate::config::normalise_base_url(base_url) {
                Some(url) => config.base_url = url,
                None => self.diagnostics.push(
                    Diagnostic::error(
                        "E0203",
                        "--base-url",
                        Position::START,
                        format!("`{base_url}` is not an absolute http(s) URL"),
                    )
                    .with_help("pass something like --base-url https://host/portal/"),
                ),
            }
        }
        config.skip = options.skip;
        self.languages = config.languages.clone();
        let translations = self.translations(input);
        let templates = templates(input);
        if !templates.iter().any(|(name, _)| name == "base.html") {
            self.diagnostics.push(
                Diagnostic::error("E0401", "templates/base.html", Position::START, "the theme has no templates/base.html")
                    .with_help("copy the default theme with `halong init` into a new folder and take its templates/"),
            );
        }

        let mut files: BTreeMap<&str, &TextFile> = BTreeMap::new();
        for file in &input.content {
            files.insert(path_str(&file.path), file);
        }
        let mut used: BTreeSet<&str> = BTreeSet::new();

        let sources = match files.get("content/sources.yaml") {
            Some(file) => {
                used.insert("content/sources.yaml");
                // A large portal cites thousands of sources; read them once per edit.
                match cache.as_deref_mut() {
                    Some(Cache {
                        sources: Some((revision, sources, diagnostics)),
                        ..
                    }) if *revision == file.revision => {
                        self.diagnostics.extend(diagnostics.iter().cloned());
                        sources.clone()
                    }
                    Some(cache) => {
                        let before = self.diagnostics.len();
                        let sources = self.sources(file);
                        let diagnostics = self.diagnostics[before..].to_vec();
                        cache.sources = Some((file.revision, sources.clone(), diagnostics));
                        sources
                    }
                    None => self.sources(file),
                }
            }
            None => Vec::new(),
        };
        let source_ids: BTreeSet<String> = sources.iter().map(|source| source.id.clone()).collect();
        let sectors = match files.get("content/sectors.yaml") {
            Some(file) => {
                used.insert("content/sectors.yaml");
                self.sectors(file)
            }
            None => Vec::new(),
        };
        let sector_slugs: BTreeSet<String> =
            sectors.iter().map(|sector| sector.slug.clone()).collect();
        let known = Known {
            sources: &source_ids,
            sectors: &sector_slugs,
        };
        let province = match files.get("content/province.yaml") {
            Some(file) => {
                used.insert("content/province.yaml");
                self.province(file, &known)
            }
            None => Province::default(),
        };

        let style_root = config.root_path();
        let mut news_files: BTreeMap<String, Vec<(&TextFile, String)>> = BTreeMap::new();
        let mut page_files: BTreeMap<String, Vec<(&TextFile, String)>> = BTreeMap::new();
        let mut prose_files: BTreeMap<(Kind, String), Vec<(&TextFile, String)>> = BTreeMap::new();
        let mut record_files: BTreeMap<(Kind, String), &TextFile> = BTreeMap::new();

        for (path, file) in &files {
            if used.contains(path) {
                continue;
            }
            let parts: Vec<&str> = path.split('/').collect();
            let (folder, name) = match parts.as_slice() {
                ["content", folder, name] => (*folder, *name),
                _ => {
                    self.not_a_record(file, "content files live in content/<folder>/<file> or are sources.yaml, sectors.yaml, province.yaml");
                    continue;
                }
            };
            let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
            match (Kind::from_folder(folder), extension) {
                (Some(kind), "yaml" | "yml") => {
                    if !self.check_slug(file, stem) {
                        continue;
                    }
                    if let Some(previous) = record_files.insert((kind, stem.to_string()), file) {
                        self.diagnostics.push(
                            Diagnostic::error("E0302", &file.path, Position::START, format!("duplicate slug `{stem}`: {} has it too", path_str(&previous.path)))
                                .with_help("each record needs its own file name; rename or remove one of them"),
                        );
                    }
                }
                (Some(_), "md") | (None, "md") if matches!(folder, "zones" | "parks" | "clusters" | "projects" | "news" | "pages") => {
                    let Some((slug, language)) = stem.rsplit_once('.') else {
                        self.not_a_record(file, "prose files are named <slug>.<language>.md, e.g. song-khoai.en.md");
                        continue;
                    };
                    if !self.check_slug(file, slug) || !self.check_language(file, language) {
                        continue;
                    }
                    let entry = (*file, language.to_string());
                    match Kind::from_folder(folder) {
                        Some(kind) => prose_files.entry((kind, slug.to_string())).or_default().push(entry),
                        None if folder == "news" => news_files.entry(slug.to_string()).or_default().push(entry),
                        None => page_files.entry(slug.to_string()).or_default().push(entry),
                    }
                }
                _ => self.not_a_record(file, "records are <slug>.yaml with <slug>.<language>.md beside them in content/zones, parks, clusters or projects; news and pages are Markdown"),
            }
        }

        // Each record is validated from its own files alone, so records are checked in
        // parallel, and `serve` reuses those whose files were not read again.
        let context = UnitContext {
            languages: self.languages.clone(),
            sources: source_ids.clone(),
            sectors: sector_slugs.clone(),
            style_root: style_root.clone(),
            allow_raw_html: config.allow_raw_html,
        };
        let reusable = cache
            .as_deref()
            .filter(|cache| cache.context.as_ref() == Some(&context))
            .map(|cache| &cache.records);
        // (key, unit, whether it was validated in this run)
        let units: Vec<(&(Kind, String), Arc<RecordUnit>, bool)> = record_files
            .par_iter()
            .map(|(key, file)| {
                let prose = prose_files.get(key).map(Vec::as_slice).unwrap_or_default();
                match reusable.and_then(|units| units.get(key)) {
                    Some(unit) if unit.made_from(file, prose) => (key, Arc::clone(unit), false),
                    _ => {
                        let unit = record_unit(key.0, &key.1, file, prose, &context);
                        (key, Arc::new(unit), true)
                    }
                }
            })
            .collect();
        let mut records: Vec<Arc<Record>> = Vec::with_capacity(units.len());
        let mut broken: BTreeSet<(Kind, String)> = BTreeSet::new();
        for (key, unit, _) in &units {
            self.diagnostics.extend(unit.diagnostics.iter().cloned());
            match &unit.record {
                Some(record) => records.push(Arc::clone(record)),
                // Records whose file had errors still exist for references and links,
                // so one typo is one error, not one per page that links to the record.
                None => {
                    broken.insert((*key).clone());
                }
            }
        }
        // `record_files` is sorted by kind and slug, so records are too.
        for ((kind, slug), versions) in &prose_files {
            if record_files.contains_key(&(*kind, slug.clone())) {
                continue;
            }
            // A facts file that could not be read (not UTF-8) was reported already.
            let unreadable = input.diagnostics.iter().any(|d| {
                d.file.parent() == Some(Path::new("content").join(kind.folder()).as_path())
                    && d.file
                        .file_stem()
                        .is_some_and(|stem| stem.to_string_lossy() == *slug)
            });
            if !unreadable {
                let (file, _) = versions[0];
                self.diagnostics.push(
                    Diagnostic::error("E0303", &file.path, Position::START, format!("prose for `{slug}` but no facts file {}/{slug}.yaml", kind.folder()))
                        .with_help(format!("create content/{}/{slug}.yaml (`halong new {} {slug}`), or fix the file name", kind.folder(), kind_word(*kind))),
                );
            }
        }
        let mut news = Vec::new();
        for (slug, versions) in &news_files {
            if let Some(article) =
                self.article(slug, versions, &style_root, config.allow_raw_html, &known)
            {
                if options.drafts || !article.draft {
                    news.push(article);
                }
            }
        }
        news.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        let mut pages = Vec::new();
        for (slug, versions) in &page_files {
            if RESERVED_PAGES.contains(&slug.as_str()) {
                let (file, _) = versions[0];
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0304",
                        &file.path,
                        Position::START,
                        format!("page slug `{slug}` is taken by a section of the site"),
                    )
                    .with_help("rename the page file, e.g. about-parks.en.md"),
                );
                continue;
            }
            if let Some(page) = self.page(slug, versions, &style_root, config.allow_raw_html) {
                pages.push(page);
            }
        }

        // Looked up once per reference and per link: a hash map, not a binary search
        // that would touch a dozen records scattered in memory each time.
        let by_key: HashMap<(Kind, &str), &Record> = records
            .iter()
            .map(|record| ((record.kind, record.slug.as_str()), &**record))
            .collect();
        let references = units.iter().flat_map(|(_, unit, _)| &unit.pending);
        self.check_references(references, &records, &by_key, &broken);
        let targets = LinkTargets {
            records: &records,
            by_key: &by_key,
            broken: &broken,
            news: &news,
            pages: &pages,
            sources: &source_ids,
        };
        let signature = targets.signature(&units);
        // The links of a record that was not validated again still point where they
        // did, unless some page or anchor appeared or went: then all are checked.
        let known_links = cache
            .as_deref()
            .filter(|cache| cache.links_signature == Some(signature))
            .map(|cache| &cache.link_problems);
        let record_links: Vec<(&(Kind, String), Vec<Diagnostic>)> = units
            .par_iter()
            .filter_map(|(key, unit, validated_now)| {
                let record = unit.record.as_ref()?;
                let problems = match known_links {
                    Some(known) if !validated_now => known.get(*key).cloned().unwrap_or_default(),
                    _ => record
                        .prose
                        .values()
                        .flat_map(|prose| link_diagnostics(prose, &targets))
                        .collect(),
                };
                Some((*key, problems))
            })
            .collect();
        let other_links: Vec<Diagnostic> = news
            .iter()
            .flat_map(|article| article.versions.values())
            .chain(pages.iter().flat_map(|page| page.versions.values()))
            .flat_map(|prose| link_diagnostics(prose, &targets))
            .collect();
        for (_, problems) in &record_links {
            self.diagnostics.extend(problems.iter().cloned());
        }
        self.diagnostics.extend(other_links);
        if let Some(cache) = cache {
            cache.link_problems = record_links
                .into_iter()
                .filter(|(_, problems)| !problems.is_empty())
                .map(|(key, problems)| (key.clone(), problems))
                .collect();
            cache.links_signature = Some(signature);
            let same_records =
                cache.records.len() == units.len() && cache.context.as_ref() == Some(&context);
            if !same_records {
                cache.records.clear();
            }
            for (key, unit, validated_now) in units {
                if validated_now || !same_records {
                    cache.records.insert(key.clone(), unit);
                }
            }
            cache.context = Some(context);
        }
        // Links are checked; the model does not need them any more (records kept in a
        // cache keep theirs, for the next check).
        let proses = records
            .iter_mut()
            .filter_map(Arc::get_mut)
            .flat_map(|record| record.prose.values_mut())
            .chain(
                news.iter_mut()
                    .flat_map(|article| article.versions.values_mut()),
            )
            .chain(pages.iter_mut().flat_map(|page| page.versions.values_mut()));
        for prose in proses {
            prose.links = Vec::new();
        }

        let source_index = sources
            .iter()
            .enumerate()
            .map(|(index, source)| (source.id.clone(), index))
            .collect();
        Some(Site {
            config,
            translations,
            source_index,
            sources,
            sectors,
            province,
            records,
            news,
            pages,
            templates,
            assets: input.assets.clone(),
        })
    }

    fn config(&mut self, input: &Input) -> Option<SiteConfig> {
        let file = input.site.as_ref()?;
        crate::config::parse(&file.path, &file.text, &mut self.diagnostics)
    }

    fn not_a_record(&mut self, file: &TextFile, help: &str) {
        self.diagnostics.push(
            Diagnostic::error(
                "E0106",
                &file.path,
                Position::START,
                "this file is not a record, news item or page",
            )
            .with_help(help.to_string()),
        );
    }

    fn check_slug(&mut self, file: &TextFile, slug: &str) -> bool {
        if is_slug(slug) {
            return true;
        }
        let suggestion = crate::i18n::slugify(slug);
        self.diagnostics.push(
            Diagnostic::error("E0107", &file.path, Position::START, format!("`{slug}` is not a valid slug"))
                .with_help(format!("file names use lower-case ASCII letters, digits and `-` only; rename it to `{suggestion}`")),
        );
        false
    }

    fn check_language(&mut self, file: &TextFile, language: &str) -> bool {
        if self.languages.iter().any(|known| known == language) {
            return true;
        }
        self.diagnostics.push(
            Diagnostic::error(
                "E0105",
                &file.path,
                Position::START,
                format!("`{language}` is not a language of this site"),
            )
            .with_help(format!(
                "the site's languages are {} (site.yaml `languages`)",
                self.languages.join(", ")
            )),
        );
        false
    }

    fn parse(&mut self, file: &TextFile) -> Option<serde_yaml::Value> {
        match yaml::parse(&file.path, &file.text) {
            Ok(value) => Some(value),
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                None
            }
        }
    }

    fn translations(&mut self, input: &Input) -> Translations {
        let mut languages: Vec<Language> = Vec::new();
        for code in self.languages.clone() {
            let path = PathBuf::from(format!("templates/i18n/{code}.yaml"));
            let Some(file) = input.templates.iter().find(|file| file.path == path) else {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0402",
                        &path,
                        Position::START,
                        format!("no UI strings for language `{code}`"),
                    )
                    .with_help(format!(
                        "copy templates/i18n/{}.yaml to {} and translate it",
                        self.languages[0],
                        path.display()
                    )),
                );
                continue;
            };
            let Some(value) = self.parse(file) else {
                continue;
            };
            let document = Document::new(&file.path, &file.text);
            let root = Node::root(&document, &value);
            let mut strings = BTreeMap::new();
            flatten(&root, "", &mut strings, &mut self.diagnostics);
            let locale = locale_of(&strings);
            languages.push(Language {
                code,
                strings,
                locale,
            });
        }
        // Every language must have what the default language has; templates see the
        // default's text for a missing key so no page breaks.
        if let Some(default) = languages.first().cloned() {
            for language in languages.iter_mut().skip(1) {
                let path = PathBuf::from(format!("templates/i18n/{}.yaml", language.code));
                for (key, value) in &default.strings {
                    if !language.strings.contains_key(key) {
                        self.diagnostics.push(
                            Diagnostic::warning(
                                "W0401",
                                &path,
                                Position::START,
                                format!("UI string `{key}` is missing"),
                            )
                            .with_help(format!(
                                "translate it; until then pages show the {} text \"{value}\"",
                                default.code
                            )),
                        );
                        language.strings.insert(key.clone(), value.clone());
                    }
                }
            }
            for unit in UNITS {
                if !default.strings.contains_key(&format!("unit.{unit}")) && *unit != "count" {
                    let path = PathBuf::from(format!("templates/i18n/{}.yaml", default.code));
                    self.diagnostics.push(
                        Diagnostic::warning("W0401", path, Position::START, format!("UI string `unit.{unit}` is missing"))
                            .with_help("add it under `unit:` with `{}` where the number goes, e.g. `ha: \"{} ha\"`"),
                    );
                }
            }
        }
        Translations { languages }
    }

    fn sources(&mut self, file: &TextFile) -> Vec<Source> {
        let Some(value) = self.parse(file) else {
            return Vec::new();
        };
        let document = Document::new(&file.path, &file.text);
        let root = Node::root(&document, &value);
        let mut sources: Vec<Source> = Vec::new();
        for item in root.list(&mut self.diagnostics) {
            let Some(mut fields) = item.fields(&mut self.diagnostics) else {
                continue;
            };
            let diagnostics = &mut self.diagnostics;
            let id = fields
                .require("id", "qn-working-group-2025-11-en", diagnostics)
                .and_then(|node| {
                    let id = node.text(diagnostics)?;
                    if !is_slug(&id) {
                        diagnostics.push(
                            node.error("E0107", format!("source id `{id}` is not a valid id"))
                                .with_help("use lower-case letters, digits and `-`"),
                        );
                        return None;
                    }
                    if sources.iter().any(|source| source.id == id) {
                        diagnostics.push(
                            node.error("E0302", format!("duplicate source id `{id}`"))
                                .with_help("give each source its own id"),
                        );
                        return None;
                    }
                    Some(id)
                });
            let title = fields
                .require("title", "Title of the article", diagnostics)
                .and_then(|node| node.text(diagnostics));
            let publisher = fields
                .require("publisher", "Bao Quang Ninh", diagnostics)
                .and_then(|node| node.text(diagnostics));
            let date = fields.get("date").and_then(|node| date(&node, diagnostics));
            let language = fields
                .get("language")
                .and_then(|node| node.text(diagnostics))
                .unwrap_or_default();
            let url = fields.get("url").and_then(|node| url(&node, diagnostics));
            let note = fields
                .get("note")
                .map(|node| text(&node, &self.languages, diagnostics));
            fields.finish(diagnostics);
            if let (Some(id), Some(title), Some(publisher)) = (id, title, publisher) {
                sources.push(Source {
                    id,
                    title,
                    publisher,
                    date,
                    language,
                    url,
                    note,
                });
            }
        }
        sources
    }

    fn sectors(&mut self, file: &TextFile) -> Vec<Sector> {
        let Some(value) = self.parse(file) else {
            return Vec::new();
        };
        let document = Document::new(&file.path, &file.text);
        let root = Node::root(&document, &value);
        let Some(mut fields) = root.fields(&mut self.diagnostics) else {
            return Vec::new();
        };
        let mut sectors = Vec::new();
        for (slug, node) in fields.entries(&mut self.diagnostics) {
            if !is_slug(&slug) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0107",
                        &file.path,
                        node.position(),
                        format!("sector `{slug}` is not a valid slug"),
                    )
                    .with_help(format!("use `{}`", crate::i18n::slugify(&slug))),
                );
                continue;
            }
            let label = text(&node, &self.languages, &mut self.diagnostics);
            sectors.push(Sector { slug, label });
        }
        sectors
    }

    fn province(&mut self, file: &TextFile, known: &Known<'_>) -> Province {
        let Some(value) = self.parse(file) else {
            return Province::default();
        };
        let document = Document::new(&file.path, &file.text);
        let root = Node::root(&document, &value);
        let Some(mut fields) = root.fields(&mut self.diagnostics) else {
            return Province::default();
        };
        let name = fields
            .require(
                "name",
                "{vi: Quảng Ninh, en: Quang Ninh}",
                &mut self.diagnostics,
            )
            .map(|node| text(&node, &self.languages, &mut self.diagnostics))
            .unwrap_or_default();
        let mut regions = Vec::new();
        if let Some(node) = fields.get("regions") {
            for item in node.list(&mut self.diagnostics) {
                let Some(mut region) = item.fields(&mut self.diagnostics) else {
                    continue;
                };
                let name = region
                    .require("name", "{vi: ..., en: ...}", &mut self.diagnostics)
                    .map(|n| text(&n, &self.languages, &mut self.diagnostics));
                let description = region
                    .get("description")
                    .map(|n| text(&n, &self.languages, &mut self.diagnostics))
                    .unwrap_or_default();
                let sectors = region
                    .get("sectors")
                    .map(|n| self.sector_list(&n, known))
                    .unwrap_or_default();
                let source = region
                    .get("source")
                    .and_then(|n| self.source_ref(&n, known));
                region.finish(&mut self.diagnostics);
                if let Some(name) = name {
                    regions.push(Region {
                        name,
                        description,
                        sectors,
                        source,
                    });
                }
            }
        }
        let facts = fields
            .get("facts")
            .map(|node| self.facts(&node, PROVINCE_FACTS, known))
            .unwrap_or_default();
        fields.finish(&mut self.diagnostics);
        Province {
            name,
            regions,
            facts,
        }
    }

    fn record(
        &mut self,
        kind: Kind,
        slug: &str,
        file: &TextFile,
        known: &Known<'_>,
    ) -> Option<Record> {
        let value = self.parse(file)?;
        let document = Document::new(&file.path, &file.text);
        let root = Node::root(&document, &value);
        let mut fields = root.fields(&mut self.diagnostics)?;
        let languages = self.languages.clone();
        let name = fields
            .require("name", "{vi: ..., en: ...}", &mut self.diagnostics)
            .map(|node| text(&node, &languages, &mut self.diagnostics));
        let short_name = fields
            .get("short_name")
            .map(|node| text(&node, &languages, &mut self.diagnostics));
        let aliases = fields
            .get("aliases")
            .map(|node| {
                node.texts(&mut self.diagnostics)
                    .into_iter()
                    .map(|(_, t)| t)
                    .collect()
            })
            .unwrap_or_default();
        let status = fields.get("status").and_then(|node| self.status(&node));
        let zone_kind = if kind == Kind::Zone {
            fields.get("kind").and_then(|node| {
                let value = node.text(&mut self.diagnostics)?;
                if matches!(value.as_str(), "coastal" | "border_gate") {
                    Some(value)
                } else {
                    self.diagnostics.push(
                        node.error("E0108", format!("unknown zone kind `{value}`"))
                            .with_help("use `coastal` or `border_gate`"),
                    );
                    None
                }
            })
        } else {
            None
        };
        let sectors = fields
            .get("sectors")
            .map(|node| self.sector_list(&node, known))
            .unwrap_or_default();
        let (address_before, address_after) = match fields
            .get("address")
            .and_then(|node| node.fields(&mut self.diagnostics))
        {
            Some(mut address) => {
                let before = address
                    .get("before_2025")
                    .map(|node| text(&node, &languages, &mut self.diagnostics));
                let after = address
                    .get("after_2025")
                    .map(|node| text(&node, &languages, &mut self.diagnostics));
                address.finish(&mut self.diagnostics);
                (before, after)
            }
            None => (None, None),
        };
        let coordinates = fields
            .get("coordinates")
            .and_then(|node| self.coordinates(&node, known));
        let developer_key = if kind == Kind::Project {
            "investor"
        } else {
            "developer"
        };
        let developer = fields
            .get(developer_key)
            .map(|node| text(&node, &languages, &mut self.diagnostics));
        let origin = if kind == Kind::Project {
            fields
                .get("origin")
                .map(|node| text(&node, &languages, &mut self.diagnostics))
        } else {
            None
        };
        let contact = fields
            .get("contact")
            .and_then(|node| self.contact(&node, known));
        let facts = fields
            .get("facts")
            .map(|node| self.facts(&node, fact_keys(kind), known))
            .unwrap_or_default();
        let mut zone = None;
        let mut projects = Vec::new();
        let mut tenants = Vec::new();
        if matches!(kind, Kind::Park | Kind::Cluster) {
            if let Some(node) = fields.get("zone") {
                if let Some(target) = node.text(&mut self.diagnostics) {
                    self.pending.push(Reference {
                        kind: Kind::Zone,
                        slug: target.clone(),
                        file: file.path.clone(),
                        position: node.value_position(),
                        from: slug.to_string(),
                    });
                    zone = Some(target);
                }
            }
        }
        if kind == Kind::Park {
            if let Some(node) = fields.get("projects") {
                for (item, target) in node.texts(&mut self.diagnostics) {
                    if projects.contains(&target) {
                        self.diagnostics.push(
                            item.error("E0302", format!("project `{target}` is listed twice"))
                                .with_help("remove one of them"),
                        );
                        continue;
                    }
                    self.pending.push(Reference {
                        kind: Kind::Project,
                        slug: target.clone(),
                        file: file.path.clone(),
                        position: item.value_position(),
                        from: slug.to_string(),
                    });
                    projects.push(target);
                }
            }
            if let Some(node) = fields.get("tenants") {
                for item in node.list(&mut self.diagnostics) {
                    if let Some(tenant) = self.tenant(&item, known) {
                        tenants.push(tenant);
                    }
                }
            }
        }
        fields.finish(&mut self.diagnostics);
        self.check_ranges(kind, &facts, file);
        let name = name?;
        let short_name = short_name.unwrap_or_else(|| name.clone());
        Some(Record {
            kind,
            slug: slug.to_string(),
            name,
            short_name,
            aliases,
            status,
            zone_kind,
            sectors,
            address_before,
            address_after,
            coordinates,
            developer,
            origin,
            contact,
            facts,
            zone,
            projects,
            tenants,
            prose: BTreeMap::new(),
            file: file.path.clone(),
        })
    }

    fn status(&mut self, node: &Node<'_>) -> Option<Status> {
        let value = node.text(&mut self.diagnostics)?;
        let status = match value.as_str() {
            "operating" => Status::Operating,
            "under_construction" => Status::UnderConstruction,
            "planned" => Status::Planned,
            _ => {
                let help = match closest(&value, ["operating", "under_construction", "planned"]) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "use operating, under_construction or planned".to_string(),
                };
                self.diagnostics.push(
                    node.error("E0108", format!("unknown status `{value}`"))
                        .with_help(help),
                );
                return None;
            }
        };
        Some(status)
    }

    fn sector_list(&mut self, node: &Node<'_>, known: &Known<'_>) -> Vec<String> {
        let mut sectors = Vec::new();
        for (item, slug) in node.texts(&mut self.diagnostics) {
            if known.sectors.contains(&slug) {
                if !sectors.contains(&slug) {
                    sectors.push(slug);
                }
            } else {
                let help = match closest(&slug, known.sectors.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => {
                        "add it to content/sectors.yaml with a label in each language".to_string()
                    }
                };
                self.diagnostics.push(
                    item.error("E0301", format!("unknown sector `{slug}`"))
                        .with_help(help),
                );
            }
        }
        sectors
    }

    fn source_ref(&mut self, node: &Node<'_>, known: &Known<'_>) -> Option<String> {
        let id = node.text(&mut self.diagnostics)?;
        if known.sources.contains(&id) {
            return Some(id);
        }
        let help = match closest(&id, known.sources.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "add the source to content/sources.yaml first".to_string(),
        };
        self.diagnostics.push(
            node.error("E0301", format!("unknown source `{id}`"))
                .with_help(help),
        );
        None
    }

    fn coordinates(&mut self, node: &Node<'_>, known: &Known<'_>) -> Option<Coordinates> {
        let mut fields = node.fields(&mut self.diagnostics)?;
        let lat = fields
            .require("lat", "21.0", &mut self.diagnostics)
            .and_then(|n| n.number(&mut self.diagnostics).map(|v| (n, v)));
        let lon = fields
            .require("lon", "107.0", &mut self.diagnostics)
            .and_then(|n| n.number(&mut self.diagnostics).map(|v| (n, v)));
        let source = fields
            .get("source")
            .and_then(|n| self.source_ref(&n, known));
        let as_of = fields
            .get("as_of")
            .and_then(|n| date(&n, &mut self.diagnostics));
        let note = fields
            .get("note")
            .map(|n| text(&n, &self.languages, &mut self.diagnostics));
        fields.finish(&mut self.diagnostics);
        let ((lat_node, lat), (lon_node, lon)) = (lat?, lon?);
        // Vietnam lies within about 8.2-23.4 N and 102.1-109.5 E (islands further east).
        let mut ok = true;
        if !(8.0..=23.5).contains(&lat) {
            self.diagnostics.push(lat_node.error("E0501", format!("latitude {lat} is outside Vietnam (8 to 23.5 N)")).with_help("check the order: lat is north (about 21 for Quang Ninh), lon is east (about 107)"));
            ok = false;
        }
        if !(102.0..=117.0).contains(&lon) {
            self.diagnostics.push(lon_node.error("E0501", format!("longitude {lon} is outside Vietnam (102 to 117 E)")).with_help("check the order: lat is north (about 21 for Quang Ninh), lon is east (about 107)"));
            ok = false;
        }
        if source.is_none() {
            self.diagnostics.push(
                node.warning("W0201", "coordinates without a source")
                    .with_help("add `source:` naming the dataset the position comes from"),
            );
        }
        ok.then_some(Coordinates {
            lat,
            lon,
            source,
            note,
            as_of,
        })
    }

    fn contact(&mut self, node: &Node<'_>, known: &Known<'_>) -> Option<Contact> {
        let mut fields = node.fields(&mut self.diagnostics)?;
        let contact = Contact {
            phone: fields
                .get("phone")
                .and_then(|n| n.text(&mut self.diagnostics)),
            email: fields
                .get("email")
                .and_then(|n| n.text(&mut self.diagnostics)),
            website: fields
                .get("website")
                .and_then(|n| url(&n, &mut self.diagnostics)),
            address: fields
                .get("address")
                .map(|n| text(&n, &self.languages, &mut self.diagnostics)),
            source: fields
                .get("source")
                .and_then(|n| self.source_ref(&n, known)),
        };
        fields.finish(&mut self.diagnostics);
        Some(contact)
    }

    fn tenant(&mut self, node: &Node<'_>, known: &Known<'_>) -> Option<Tenant> {
        if let serde_yaml::Value::Mapping(map) = node.value {
            if map.contains_key("name") {
                let mut fields = node.fields(&mut self.diagnostics)?;
                let name = fields
                    .require("name", "Company name", &mut self.diagnostics)
                    .map(|n| text(&n, &self.languages, &mut self.diagnostics));
                let source = fields
                    .get("source")
                    .and_then(|n| self.source_ref(&n, known));
                let as_of = fields
                    .get("as_of")
                    .and_then(|n| date(&n, &mut self.diagnostics));
                fields.finish(&mut self.diagnostics);
                return name.map(|name| Tenant {
                    name,
                    source,
                    as_of,
                });
            }
        }
        Some(Tenant {
            name: text(node, &self.languages, &mut self.diagnostics),
            source: None,
            as_of: None,
        })
    }

    fn facts(
        &mut self,
        node: &Node<'_>,
        allowed: &[&'static str],
        known: &Known<'_>,
    ) -> Vec<Figure> {
        let Some(mut fields) = node.fields(&mut self.diagnostics) else {
            return Vec::new();
        };
        let mut facts = Vec::new();
        for key in allowed {
            if let Some(child) = fields.get(key) {
                if let Some(figure) = self.figure(&child, key, known) {
                    facts.push(figure);
                }
            }
        }
        fields.finish(&mut self.diagnostics);
        facts
    }

    fn figure(&mut self, node: &Node<'_>, key: &str, known: &Known<'_>) -> Option<Figure> {
        let mut entries = Vec::new();
        for item in node.items() {
            if let Some(entry) = self.entry(&item, known) {
                entries.push(entry);
            }
        }
        if entries.is_empty() {
            return None;
        }
        // Newest first; undated entries last; ties keep the order of the file.
        entries.sort_by_key(|entry| std::cmp::Reverse(entry.as_of));
        Some(Figure {
            key: key.to_string(),
            entries,
        })
    }

    fn entry(&mut self, node: &Node<'_>, known: &Known<'_>) -> Option<Entry> {
        let bare = |value: Value| Entry {
            value,
            unit: None,
            source: None,
            as_of: None,
            qualifier: None,
            scope: None,
            period: None,
        };
        match node.value {
            serde_yaml::Value::Mapping(map) if map.contains_key("value") => {}
            serde_yaml::Value::Mapping(_) => {
                let mut fields = node.fields(&mut self.diagnostics)?;
                fields.require("value", "714", &mut self.diagnostics);
                return None;
            }
            serde_yaml::Value::Number(_) | serde_yaml::Value::String(_) => {
                let value = self.value(node)?;
                self.diagnostics.push(
                    node.warning("W0201", format!("`{}` has no source", node.path_text()))
                        .with_help("write it as `{value: ..., unit: ..., source: <id>, as_of: YYYY-MM-DD}`"),
                );
                return Some(bare(value));
            }
            _ => {
                node.fields(&mut self.diagnostics);
                return None;
            }
        }
        let mut fields = node.fields(&mut self.diagnostics)?;
        let value_node = fields.get("value");
        let value = value_node.as_ref().and_then(|n| self.value(n));
        let unit = fields.get("unit").and_then(|n| {
            let unit = n.text(&mut self.diagnostics)?;
            if UNITS.contains(&unit.as_str()) {
                Some(unit)
            } else {
                let help = match closest(&unit, UNITS.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("known units: {}", UNITS.join(", ")),
                };
                self.diagnostics.push(
                    n.error("E0108", format!("unknown unit `{unit}`"))
                        .with_help(help),
                );
                None
            }
        });
        let source = fields
            .get("source")
            .and_then(|n| self.source_ref(&n, known));
        let as_of = fields
            .get("as_of")
            .and_then(|n| date(&n, &mut self.diagnostics));
        let qualifier = fields.get("qualifier").and_then(|n| {
            let word = n.text(&mut self.diagnostics)?;
            let qualifier = match word.as_str() {
                "over" => Qualifier::Over,
                "about" => Qualifier::About,
                "under" => Qualifier::Under,
                "up_to" => Qualifier::UpTo,
                _ => {
                    self.diagnostics.push(
                        n.error("E0108", format!("unknown qualifier `{word}`"))
                            .with_help("use over, about, under or up_to"),
                    );
                    return None;
                }
            };
            Some(qualifier)
        });
        let scope = fields
            .get("scope")
            .map(|n| text(&n, &self.languages, &mut self.diagnostics));
        let period = fields
            .get("period")
            .and_then(|n| n.text(&mut self.diagnostics));
        fields.finish(&mut self.diagnostics);
        let value = value?;
        if let (Value::Text(_), Some(unit)) = (&value, &unit) {
            let value_node = value_node.as_ref().unwrap_or(node);
            self.diagnostics.push(text_with_unit(value_node, unit));
            return None;
        }
        if fields_missing_source(&source, node) {
            self.diagnostics.push(
                node.warning("W0201", format!("`{}` has no source", node.path_text()))
                    .with_help("add `source: <id>` from content/sources.yaml"),
            );
        }
        if source.is_some() && as_of.is_none() {
            self.diagnostics.push(
                node.warning(
                    "W0202",
                    format!("`{}` has no `as_of` date", node.path_text()),
                )
                .with_help(
                    "add `as_of: YYYY-MM-DD` (or YYYY-MM, YYYY): the date the figure was true",
                ),
            );
        }
        if let (Value::Number { value, .. }, Some("percent")) = (&value, unit.as_deref()) {
            if !(0.0..=100.0).contains(value) {
                self.diagnostics.push(
                    value_node
                        .as_ref()
                        .unwrap_or(node)
                        .error("E0501", format!("{value} % is outside 0 to 100"))
                        .with_help("a share is between 0 and 100; check the figure"),
                );
            }
        }
        if let Value::Number { value, .. } = &value {
            if *value < 0.0 {
                self.diagnostics.push(
                    value_node
                        .as_ref()
                        .unwrap_or(node)
                        .error("E0501", format!("{value} is negative"))
                        .with_help("areas, counts and amounts cannot be negative"),
                );
            }
        }
        Some(Entry {
            value,
            unit,
            source,
            as_of,
            qualifier,
            scope,
            period,
        })
    }

    fn value(&mut self, node: &Node<'_>) -> Option<Value> {
        match node.value {
            serde_yaml::Value::Number(number) => {
                let value = node.number(&mut self.diagnostics)?;
                Some(Value::Number {
                    value,
                    decimals: decimals_of(&number.to_string()),
                })
            }
            serde_yaml::Value::String(text) => Some(Value::Text(Text::same(text.trim()))),
            serde_yaml::Value::Mapping(_) => Some(Value::Text(text(
                node,
                &self.languages,
                &mut self.diagnostics,
            ))),
            _ => {
                node.number(&mut self.diagnostics);
                None
            }
        }
    }

    fn check_ranges(&mut self, kind: Kind, facts: &[Figure], file: &TextFile) {
        if !matches!(kind, Kind::Park | Kind::Cluster) {
            return;
        }
        // Compared in hectares, whatever unit each figure was written in.
        let number = |key: &str| {
            crate::derive::series::newest_in(facts.iter().find(|figure| figure.key == key), "ha")
        };
        let Some(total) = number("total_area") else {
            return;
        };
        for part in ["industrial_area", "available_area"] {
            if let Some(value) = number(part) {
                if value > total {
                    let path = [
                        yaml::Segment::Key("facts".into()),
                        yaml::Segment::Key(part.into()),
                    ];
                    self.diagnostics.push(
                        Diagnostic::error("E0502", &file.path, yaml::locate(&file.text, &path), format!("`{part}` ({value} ha) is larger than `total_area` ({total} ha)"))
                            .with_help("a part of the park cannot exceed the whole; check both figures and their units"),
                    );
                }
            }
        }
    }

    fn front_matter(&mut self, file: &TextFile) -> Option<(Option<serde_yaml::Value>, usize)> {
        match markdown::split_front_matter(&file.text) {
            Ok(split) if split.front_matter.is_empty() => Some((None, 0)),
            Ok(split) => {
                let text = split.front_matter;
                match yaml::parse(&file.path, text) {
                    Ok(value) => Some((Some(value), split.body_offset)),
                    Err(diagnostic) => {
                        self.diagnostics.push(diagnostic);
                        None
                    }
                }
            }
            Err(offset) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0109",
                        &file.path,
                        Position::of_offset(&file.text, offset),
                        "front matter is not closed",
                    )
                    .with_help("end the front matter with a line containing only `---`"),
                );
                None
            }
        }
    }

    /// Reads a prose file: front matter (with the keys the kind allows) and body.
    /// Reads a prose file; returns it with its front matter (for the keys news and
    /// pages read themselves) and the body's offset.
    fn prose(
        &mut self,
        file: &TextFile,
        language: &str,
        root: &str,
        allow_raw_html: bool,
        kind: ProseKind,
    ) -> Option<(Prose, Option<serde_yaml::Value>, usize)> {
        let titled = kind != ProseKind::Record;
        let (front, body_offset) = self.front_matter(file)?;
        let front_text = &file.text[..body_offset];
        let document = Document::new(&file.path, front_text);
        let mut title = None;
        let mut summary = None;
        if let Some(value) = &front {
            let root_node = Node::root(&document, value);
            let mut fields = root_node.fields(&mut self.diagnostics)?;
            if titled {
                title = fields
                    .require("title", "A title", &mut self.diagnostics)
                    .and_then(|n| n.text(&mut self.diagnostics));
            }
            summary = fields
                .get("summary")
                .and_then(|n| n.text(&mut self.diagnostics));
            // Keys news and pages read themselves (from the returned front matter).
            for key in kind.own_keys() {
                fields.get(key);
            }
            fields.finish(&mut self.diagnostics);
        } else if titled {
            self.diagnostics.push(
                Diagnostic::error(
                    "E0103",
                    &file.path,
                    Position::START,
                    "missing front matter with `title`",
                )
                .with_help("start the file with `---`, a line `title: ...`, and `---`"),
            );
        }
        let style = LinkStyle {
            root,
            language,
            allow_raw_html,
        };
        let (html, plain, headings, mut links) =
            markdown::render(&file.text[body_offset..], body_offset, &style);
        let offsets: Vec<usize> = links.iter().map(|link| link.offset).collect();
        let positions = crate::diagnostics::positions_of(&file.text, &offsets);
        for (link, position) in links.iter_mut().zip(positions) {
            link.position = position;
        }
        // Only search reads the plain text, and only its start.
        let plain = match plain.char_indices().nth(crate::markdown::PLAIN_TEXT_CHARS) {
            Some((cut, _)) => plain[..cut].to_string(),
            None => plain,
        };
        let prose = Prose {
            title,
            summary,
            html,
            plain,
            headings,
            file: file.path.clone(),
            links,
        };
        Some((prose, front, body_offset))
    }

    fn article(
        &mut self,
        slug: &str,
        versions: &[(&TextFile, String)],
        root: &str,
        allow_raw_html: bool,
        known: &Known<'_>,
    ) -> Option<Article> {
        let mut article_date: Option<(PartialDate, PathBuf)> = None;
        let mut source = None;
        let mut draft = false;
        let mut prose = BTreeMap::new();
        for (file, language) in versions {
            let Some((version, front, body_offset)) =
                self.prose(file, language, root, allow_raw_html, ProseKind::News)
            else {
                continue;
            };
            // Read the news-only keys with positions.
            front_fields(file, front.as_ref(), body_offset, |mut fields| {
                match fields
                    .get("date")
                    .and_then(|n| date(&n, &mut self.diagnostics).map(|d| (n, d)))
                {
                    Some((node, date)) => match &article_date {
                        Some((first, first_file)) if *first != date => self.diagnostics.push(
                            node.error(
                                "E0305",
                                format!(
                                    "date {} differs from {} in {}",
                                    date.iso(),
                                    first.iso(),
                                    first_file.display()
                                ),
                            )
                            .with_help("a news item has one date in every language"),
                        ),
                        Some(_) => {}
                        None => article_date = Some((date, file.path.clone())),
                    },
                    None => {
                        if fields.get("date").is_none() {
                            self.diagnostics.push(
                                Diagnostic::error(
                                    "E0103",
                                    &file.path,
                                    Position::START,
                                    "news needs a `date`",
                                )
                                .with_help(
                                    "add `date: YYYY-MM-DD` to the front matter (or YYYY-MM, \
                                     YYYY if the article gives no day)",
                                ),
                            );
                        }
                    }
                }
                if let Some(node) = fields.get("source") {
                    if let Some(id) = self.source_ref(&node, known) {
                        source = Some(id);
                    }
                }
                if let Some(node) = fields.get("draft") {
                    draft |= node.value.as_bool().unwrap_or(false);
                }
            });
            prose.insert(language.clone(), version);
        }
        let (date, _) = article_date?;
        Some(Article {
            slug: slug.to_string(),
            date,
            source,
            versions: prose,
            draft,
        })
    }

    fn page(
        &mut self,
        slug: &str,
        versions: &[(&TextFile, String)],
        root: &str,
        allow_raw_html: bool,
    ) -> Option<Page> {
        let mut menu = None;
        let mut prose = BTreeMap::new();
        for (file, language) in versions {
            let Some((version, front, body_offset)) =
                self.prose(file, language, root, allow_raw_html, ProseKind::Page)
            else {
                continue;
            };
            front_fields(file, front.as_ref(), body_offset, |mut fields| {
                if let Some(n) = fields.get("menu") {
                    menu = n.number(&mut self.diagnostics).map(|m| m as i64).or(menu);
                }
            });
            prose.insert(language.clone(), version);
        }
        (!prose.is_empty()).then(|| Page {
            slug: slug.to_string(),
            menu,
            versions: prose,
        })
    }

    /// Checks the references of the records (`references`) and of everything else
    /// (`self.pending`).
    fn check_references<'r>(
        &mut self,
        references: impl Iterator<Item = &'r Reference>,
        records: &[Arc<Record>],
        by_key: &HashMap<(Kind, &str), &Record>,
        broken: &BTreeSet<(Kind, String)>,
    ) {
        let others = std::mem::take(&mut self.pending);
        let mut references: Vec<&Reference> = references.collect();
        references.extend(&others);
        for reference in references {
            if by_key.contains_key(&(reference.kind, reference.slug.as_str()))
                || broken.contains(&(reference.kind, reference.slug.clone()))
            {
                continue;
            }
            let candidates: Vec<&str> = records
                .iter()
                .filter(|r| r.kind == reference.kind)
                .map(|r| r.slug.as_str())
                .collect();
            let help = match closest(&reference.slug, candidates.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "create content/{}/{}.yaml, or use an existing slug",
                    reference.kind.folder(),
                    reference.slug
                ),
            };
            self.diagnostics.push(
                Diagnostic::error(
                    "E0301",
                    &reference.file,
                    reference.position,
                    format!("unknown {} `{}`", kind_word(reference.kind), reference.slug),
                )
                .with_help(help)
                .with_note(format!("referenced by `{}`", reference.from)),
            );
        }
    }
}

/// What is wrong with the links of one text.
fn link_diagnostics(prose: &Prose, targets: &LinkTargets<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut pages: Option<Vec<String>> = None;
    let path = &prose.file;
    for link in &prose.links {
        let position = link.position;
        let target = link.target.trim();
        if let Some(scheme) = markdown::refused_scheme(target, link.image) {
            diagnostics.push(refused_url(path, position, scheme, target));
            continue;
        }
        if link.image && !link.has_alt {
            diagnostics.push(
                Diagnostic::warning("W0601", path, position, "image without alt text").with_help(
                    "describe the image in the brackets: ![Aerial view of the park](...)",
                ),
            );
        }
        let Some(rest) = target.strip_prefix("@/") else {
            if target.starts_with('/') {
                diagnostics.push(
                        Diagnostic::warning("W0602", path, position, format!("`{target}` is an absolute path; it breaks when the site is served under a sub-path"))
                            .with_help("write site links as `@/parks/<slug>` or `@/pages/<slug>`"),
                    );
            }
            continue;
        };
        let (page, anchor) = rest
            .split_once('#')
            .map_or((rest, None), |(page, anchor)| (page, Some(anchor)));
        let page = page.trim_matches('/');
        match targets.find(page) {
            None => {
                // Suggestions compare the target with every page: only for the links
                // whose diagnostics will be shown, and with the list made once.
                let near = if diagnostics.len() < crate::diagnostics::SHOWN_PER_FILE {
                    let pages = pages.get_or_insert_with(|| targets.pages());
                    closest(page, pages.iter().map(String::as_str)).map(str::to_string)
                } else {
                    None
                };
                let help = match near {
                        Some(near) => format!("did you mean `@/{near}`?"),
                        None => "link to an existing record, news item or page: @/parks/<slug>, @/pages/<slug>".to_string(),
                    };
                diagnostics.push(
                    Diagnostic::error(
                        "E0602",
                        path,
                        position,
                        format!("link to `{target}`, which does not exist"),
                    )
                    .with_help(help),
                );
            }
            Some(anchors) => {
                if let Some(anchor) = anchor {
                    if !targets.has_anchor(&anchors, anchor) {
                        diagnostics.push(
                                Diagnostic::warning("W0603", path, position, format!("`#{anchor}` is not a heading or entry on @/{page}"))
                                    .with_help("link to a heading id (its text in lower case with `-`) or a source id"),
                            );
                    }
                }
            }
        }
    }
    diagnostics
}

/// E0601: a URL with a scheme that must not be a link (see
/// [`markdown::refused_scheme`]), in prose or in a YAML field.
fn refused_url(file: &Path, position: Position, scheme: &str, url: &str) -> Diagnostic {
    // A data: URL may be megabytes long.
    let shown: String = url.chars().take(60).collect();
    let shown = if shown.len() < url.len() {
        format!("{shown}…")
    } else {
        shown
    };
    let (message, help) = match scheme {
        "file" => (
            format!("`file:` URL `{shown}` is refused: it points into the reader's own computer"),
            "put the file in static/ and link to it, or link to an https:// address",
        ),
        "data" => (
            format!("`data:` URL `{shown}` is refused: a browser can run it as a page"),
            "put the file in static/ and link to it",
        ),
        _ => (
            format!("script URL `{shown}` is refused"),
            "link to a page (`@/parks/<slug>`) or an https:// address",
        ),
    };
    Diagnostic::error("E0601", file, position, message).with_help(help)
}

/// Where `@/` links may point: looked up in the site as it is, rather than gathered
/// into a map first, which on a large portal would copy every heading of every page.
struct LinkTargets<'a> {
    records: &'a [Arc<Record>],
    by_key: &'a HashMap<(Kind, &'a str), &'a Record>,
    broken: &'a BTreeSet<(Kind, String)>,
    news: &'a [Article],
    pages: &'a [Page],
    sources: &'a BTreeSet<String>,
}

/// What the anchors of a link target are.
enum Anchors<'a> {
    /// Heading ids of these texts.
    Headings(Vec<&'a Prose>),
    /// Source ids (the sources page).
    Sources,
}

/// Sections of the site that links may point to besides records, news and pages.
const LINKED_SECTIONS: &[&str] = &[
    "", "zones", "parks", "clusters", "projects", "news", "compare", "search",
];

impl<'a> LinkTargets<'a> {
    /// The page at `page` (`parks/song-khoai`, `sources`, ...), if there is one.
    fn find(&self, page: &str) -> Option<Anchors<'a>> {
        if LINKED_SECTIONS.contains(&page) {
            return Some(Anchors::Headings(Vec::new()));
        }
        if page == "sources" {
            return Some(Anchors::Sources);
        }
        let (folder, slug) = page.split_once('/')?;
        match folder {
            "news" => self
                .news
                .iter()
                .find(|article| article.slug == slug)
                .map(|_| Anchors::Headings(Vec::new())),
            "pages" => self
                .pages
                .iter()
                .find(|known| known.slug == slug)
                .map(|known| Anchors::Headings(known.versions.values().collect())),
            _ => {
                let kind = Kind::from_folder(folder)?;
                match self.by_key.get(&(kind, slug)) {
                    Some(record) => Some(Anchors::Headings(record.prose.values().collect())),
                    None if self.broken.contains(&(kind, slug.to_string())) => {
                        Some(Anchors::Headings(Vec::new()))
                    }
                    None => None,
                }
            }
        }
    }

    /// A hash of every page and anchor a link may point to: records (and whether each
    /// is sound), news, pages, sources. Equal signatures mean a link that resolved
    /// before still does, and one that did not still does not.
    fn signature(&self, units: &[(&(Kind, String), Arc<RecordUnit>, bool)]) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for (key, unit, _) in units {
            key.hash(&mut hasher);
            unit.record.is_some().hash(&mut hasher);
            unit.anchors.hash(&mut hasher);
        }
        for article in self.news {
            article.slug.hash(&mut hasher);
        }
        for page in self.pages {
            page.slug.hash(&mut hasher);
            for prose in page.versions.values() {
                for heading in &prose.headings {
                    heading.id.hash(&mut hasher);
                }
            }
        }
        self.sources.hash(&mut hasher);
        hasher.finish()
    }

    fn has_anchor(&self, anchors: &Anchors<'_>, anchor: &str) -> bool {
        match anchors {
            Anchors::Headings(proses) => proses
                .iter()
                .any(|prose| prose.headings.iter().any(|heading| heading.id == anchor)),
            Anchors::Sources => self.sources.contains(anchor),
        }
    }

    /// Every page a link may point to, for suggestions.
    fn pages(&self) -> Vec<String> {
        let mut pages: Vec<String> = LINKED_SECTIONS.iter().map(|s| s.to_string()).collect();
        pages.push("sources".to_string());
        pages.extend(
            self.records
                .iter()
                .map(|record| (record.kind, &record.slug))
                .chain(self.broken.iter().map(|(kind, slug)| (*kind, slug)))
                .map(|(kind, slug)| format!("{}/{slug}", kind.folder())),
        );
        pages.extend(
            self.news
                .iter()
                .map(|article| format!("news/{}", article.slug)),
        );
        pages.extend(self.pages.iter().map(|page| format!("pages/{}", page.slug)));
        // Sorted, so that among equally close suggestions the same one always wins.
        pages.sort();
        pages.dedup();
        pages
    }
}

/// E0102: a figure with a unit whose value is text (`{value: "many", unit: ha}`):
/// pages would show the text as the figure while sorting and charts skip it.
fn text_with_unit(value: &Node<'_>, unit: &str) -> Diagnostic {
    value
        .error(
            "E0102",
            format!(
                "`{}` should be a number (the unit is `{unit}`), found text",
                value.path_text()
            ),
        )
        .with_help(format!(
            "write the figure in digits with a dot for decimals, e.g. 714; a figure in \
             words (\"under construction\") has no unit: remove `unit: {unit}`"
        ))
}

fn fields_missing_source(source: &Option<String>, node: &Node<'_>) -> bool {
    source.is_none()
        && !matches!(node.value, serde_yaml::Value::Mapping(map) if map.contains_key("source"))
}

/// Runs `read` over the front matter of a prose file (given as parsed by `prose`, which
/// already reported its problems), with positions counted from the start of the file.
fn front_fields(
    file: &TextFile,
    front: Option<&serde_yaml::Value>,
    body_offset: usize,
    read: impl FnOnce(Fields<'_>),
) {
    let Some(value) = front else { return };
    let document = Document::new(&file.path, &file.text[..body_offset]);
    if let Some(fields) = Node::root(&document, value).fields(&mut Vec::new()) {
        read(fields);
    }
}

struct Known<'a> {
    sources: &'a BTreeSet<String>,
    sectors: &'a BTreeSet<String>,
}

fn date(node: &Node<'_>, diagnostics: &mut Vec<Diagnostic>) -> Option<PartialDate> {
    let text = node.text(diagnostics)?;
    let parsed = PartialDate::parse(&text);
    if parsed.is_none() {
        diagnostics.push(
            node.error("E0110", format!("`{text}` is not a date"))
                .with_help("write YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2025-11-03"),
        );
    }
    parsed
}

fn url(node: &Node<'_>, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let text = node.text(diagnostics)?;
    if let Some(scheme) = markdown::refused_scheme(&text, false) {
        let position = node.value_position();
        diagnostics.push(refused_url(node.document.file, position, scheme, &text));
        return None;
    }
    if text.starts_with("https://") || text.starts_with("http://") {
        Some(text)
    } else {
        diagnostics.push(
            node.error("E0111", format!("`{text}` is not a web address"))
                .with_help("write the full address starting with https://"),
        );
        None
    }
}

fn flatten(
    node: &Node<'_>,
    prefix: &str,
    out: &mut BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match node.value {
        serde_yaml::Value::Mapping(_) => {
            let Some(mut fields) = node.fields(diagnostics) else {
                return;
            };
            for (key, child) in fields.entries(diagnostics) {
                let full = if prefix.is_empty() {
                    key
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&child, &full, out, diagnostics);
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for (index, item) in items.iter().enumerate() {
                if let Some(text) = item.as_str() {
                    out.insert(format!("{prefix}.{index}"), text.to_string());
                }
            }
        }
        _ => {
            if let Some(text) = node.text(diagnostics) {
                out.insert(prefix.to_string(), text);
            }
        }
    }
}

fn locale_of(strings: &BTreeMap<String, String>) -> Locale {
    let get = |key: &str, default: &str| {
        strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| default.to_string())
    };
    let months = (0..12)
        .map_while(|index| strings.get(&format!("locale.months.{index}")).cloned())
        .collect();
    Locale {
        decimal: get("locale.decimal", "."),
        group: get("locale.group", ","),
        date: get("locale.date", "{year}-{month}-{day}"),
        month_date: get("locale.month_date", "{year}-{month}"),
        months,
    }
}

fn templates(input: &Input) -> Vec<(String, String)> {
    input
        .templates
        .iter()
        .filter_map(|file| {
            let name = path_str(&file.path).strip_prefix("templates/")?.to_string();
            (!name.starts_with("i18n/")).then(|| (name, file.text.clone()))
        })
        .collect()
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap_or("")
}

/// The word for a kind in messages and commands.
pub fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Zone => "zone",
        Kind::Park => "park",
        Kind::Cluster => "cluster",
        Kind::Project => "project",
    }
}
