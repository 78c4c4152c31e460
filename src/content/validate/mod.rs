//! Validate: raw input -> the typed [`Site`] and every diagnostic, all in one pass.
//!
//! Each file is read with [`super::yaml`], which knows where every value sits, so each
//! problem names `file:line:column`. Nothing stops at the first problem: a bad field is
//! reported and skipped, and checks that need the whole site (references, links,
//! duplicates) run once every file has been read. Only this module builds a `Site`.
//!
//! [`Checker::run`] is the whole pass, top to bottom; each concern has its module:
//! ```text
//! shared      UI strings per language, sectors.yaml
//! sources     sources.yaml: titles as published and their translations
//! files       which content file is a record, its prose, news or a page
//! records     a record's (or the province's) facts file: identity and relations
//! places      positions and how they are known; landmarks.yaml
//! contacts    contacts.yaml (the offices investors deal with); a record's contact
//! facts       the figures under `facts:`
//! prose       Markdown with front matter: records' prose, news, pages
//! cache       a record as one unit, validated in parallel and kept for `serve`
//! references  a record naming another (zone, projects), checked on the whole site
//! links       `@/...` links in prose
//! ```

mod cache;
mod contacts;
mod facts;
mod files;
mod links;
mod places;
mod prose;
mod province;
mod records;
mod references;
mod shared;
mod sources;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use crate::config::{Options, SiteConfig};
use crate::content::geo::Outline;
use crate::content::load::{Input, TextFile};
use crate::content::model::*;
use crate::content::schema::{self, Schema};
use crate::content::yaml::{self, Node};
use crate::diagnostics::{Diagnostic, Position};
use crate::i18n::Translations;

pub use cache::Cache;

use cache::UnitContext;
use links::LinkTargets;
use references::{Known, Reference};

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

/// Validates a loaded input whose content files the caller took out of it
/// (`content`): each record's files are let go of as soon as the record is validated,
/// so that a build does not hold the whole portal's texts and its whole model at once
/// (at 10,000 parks the texts are a fifth of the peak). The files a diagnostic points
/// into can be read again ([`crate::content::load::read_again`]).
pub fn validate_releasing(
    input: &Input,
    content: Vec<Arc<TextFile>>,
    options: &Options,
) -> Validated {
    run(input, content, options, None)
}

/// Validates a loaded input, reusing from `cache` the records whose files were not read
/// again since, and leaving this run's records in it for the next (`serve`).
pub fn validate_with(input: &Input, options: &Options, cache: Option<&mut Cache>) -> Validated {
    run(input, input.content.clone(), options, cache)
}

/// Validates `input` with `content` as its content files (shared with `input`, or
/// taken from it).
fn run(
    input: &Input,
    content: Vec<Arc<TextFile>>,
    options: &Options,
    cache: Option<&mut Cache>,
) -> Validated {
    let mut checker = Checker::new(input.diagnostics.clone(), Vec::new(), Arc::default());
    let site = checker.run(input, content, options, cache);
    let mut diagnostics = checker.diagnostics;
    crate::diagnostics::limit_per_file(&mut diagnostics);
    crate::diagnostics::sort(&mut diagnostics);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    Validated {
        site: if failed { None } else { site },
        diagnostics,
    }
}

/// Collects diagnostics while the files are read; each concern's module adds its
/// methods.
struct Checker {
    diagnostics: Vec<Diagnostic>,
    /// The site's languages, from `site.yaml`.
    languages: Vec<String>,
    /// References made outside records (by news), checked with the records' own.
    pending: Vec<Reference>,
    /// The fact schema (empty until read).
    schema: Arc<Schema>,
}

impl Checker {
    fn new(diagnostics: Vec<Diagnostic>, languages: Vec<String>, schema: Arc<Schema>) -> Checker {
        Checker {
            diagnostics,
            languages,
            pending: Vec::new(),
            schema,
        }
    }

    /// The whole pass: settings, shared files, records (in parallel), news and pages,
    /// then what needs the whole site (references, links).
    fn run(
        &mut self,
        input: &Input,
        content: Vec<Arc<TextFile>>,
        options: &Options,
        mut cache: Option<&mut Cache>,
    ) -> Option<Site> {
        let config = self.config(input, options)?;
        self.languages = config.languages.clone();
        let translations = self.schema_and_translations(input, &config);
        let templates = self.templates(input);

        let mut files: BTreeMap<&str, &Arc<TextFile>> = BTreeMap::new();
        for file in &content {
            files.insert(path_str(&file.path), file);
        }
        let mut used: BTreeSet<&str> = BTreeSet::new();
        let sources = match files.get("content/sources.yaml") {
            Some(file) => {
                used.insert("content/sources.yaml");
                self.cached_sources(file, cache.as_deref_mut())
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
        let outline = self.outline(&config, &files, &mut used);
        let frame = outline
            .as_ref()
            .map(|outline| (outline.frame(), outline.file.clone()));
        let no_former = BTreeSet::new();
        let no_landmarks = places::LandmarkIndex::new();
        let no_contacts = BTreeSet::new();
        let shared = Known {
            sources: &source_ids,
            sectors: &sector_slugs,
            former_provinces: &no_former,
            frame: frame.as_ref(),
            landmarks: &no_landmarks,
            contacts: &no_contacts,
        };
        let landmarks = match files.get("content/landmarks.yaml") {
            Some(file) => {
                used.insert("content/landmarks.yaml");
                self.landmarks(file, &shared)
            }
            None => Vec::new(),
        };
        let contacts = match files.get("content/contacts.yaml") {
            Some(file) => {
                used.insert("content/contacts.yaml");
                self.contacts(file, &shared)
            }
            None => Vec::new(),
        };
        let landmark_index = places::landmark_index(&landmarks);
        let contact_ids = contacts::contact_ids(&contacts);
        let province = match files.get("content/province.yaml") {
            Some(file) => {
                used.insert("content/province.yaml");
                self.province(file, &shared)
            }
            None => Province::default(),
        };
        let former_provinces = province::former_ids(&province);
        let known = Known {
            sources: &source_ids,
            sectors: &sector_slugs,
            former_provinces: &former_provinces,
            frame: frame.as_ref(),
            landmarks: &landmark_index,
            contacts: &contact_ids,
        };

        let style_root = config.root_path();
        let mut routed = self.route(&files, &used);
        // From here on the routed files are the only ones needed; where the input let
        // go of its own, each record's texts go with the work on that record.
        drop(files);
        drop(content);
        // Each record is validated from its own files alone, so records are checked in
        // parallel, and `serve` reuses those whose files were not read again.
        let context = UnitContext {
            languages: self.languages.clone(),
            sources: source_ids.clone(),
            sectors: sector_slugs.clone(),
            former_provinces: former_provinces.clone(),
            style_root: style_root.clone(),
            allow_raw_html: config.allow_raw_html,
            schema: Arc::clone(&self.schema),
            frame: frame.clone(),
            landmarks: landmark_index.clone(),
            contacts: contact_ids.clone(),
        };
        let units = cache::units(&mut routed, &context, cache.as_deref());
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
        // `routed.records` is sorted by kind and slug, so records are too.
        self.prose_without_facts(input, &routed.prose);
        let mut news = self.news(
            &routed.news,
            &style_root,
            config.allow_raw_html,
            options.drafts,
            &known,
        );
        let mut pages = self.pages(&routed.pages, &style_root, config.allow_raw_html);

        // Looked up once per reference and per link: a hash map, not a binary search
        // that would touch a dozen records scattered in memory each time.
        let by_key: crate::FastHashMap<(Kind, &str), &Record> = records
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
            sections: LinkTargets::sections_of(&records, &broken, &news),
        };
        let signature = targets.signature(&units);
        // The links of a record that was not validated again still point where they
        // did, unless some page or anchor appeared or went: then all are checked.
        let known_links = cache
            .as_deref()
            .filter(|cache| cache.links_signature == Some(signature))
            .map(|cache| &cache.link_problems);
        let record_links = self.check_links(&units, &targets, known_links);
        if let Some(cache) = cache {
            let link_problems = record_links
                .into_iter()
                .filter(|(_, problems)| !problems.is_empty())
                .map(|(key, problems)| (key.clone(), problems))
                .collect();
            cache.remember(units, link_problems, signature, context);
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
            schema: Arc::clone(&self.schema),
            translations,
            source_index,
            sources,
            sectors,
            province,
            outline,
            landmarks,
            contacts,
            records,
            news,
            pages,
            templates,
            assets: input.assets.clone(),
        })
    }

    /// `site.yaml`, with what the command line overrides.
    fn config(&mut self, input: &Input, options: &Options) -> Option<SiteConfig> {
        let file = input.site.as_ref()?;
        let mut config = crate::config::parse(&file.path, &file.text, &mut self.diagnostics)?;
        if let Some(base_url) = &options.base_url {
            match crate::config::normalise_base_url(base_url) {
                Some(url) => config.base_url = url,
                None => self.diagnostics.push(
                    Diagnostic::error(
                        "E0203",
                        "--base-url",
                        Position::NONE,
                        format!("--base-url `{base_url}` is not an absolute http(s) URL"),
                    )
                    .with_help("pass something like --base-url https://host/portal/"),
                ),
            }
        }
        config.skip = options.skip;
        Some(config)
    }

    /// The fact schema (kept in `self.schema`) and the UI strings. Neither needs the
    /// other, and each is a large YAML file that serde_yaml reads byte after byte on one
    /// thread: on a small portal the two are most of what validation does before its
    /// records run in parallel, so they are read at the same time. The schema's
    /// diagnostics come first, as when they were read one after the other.
    fn schema_and_translations(&mut self, input: &Input, config: &SiteConfig) -> Translations {
        let languages = self.languages.clone();
        let mut schema_diagnostics = Vec::new();
        let first = self.diagnostics.len();
        let (schema, translations) = rayon::join(
            || schema::read(input.schema.as_ref(), &languages, &mut schema_diagnostics),
            || self.translations(input, config),
        );
        self.schema = Arc::new(schema);
        self.diagnostics.splice(first..first, schema_diagnostics);
        translations
    }

    /// The outline `site.yaml` names, read from its file (which is then not content).
    fn outline<'f>(
        &mut self,
        config: &SiteConfig,
        files: &BTreeMap<&'f str, &Arc<TextFile>>,
        used: &mut BTreeSet<&'f str>,
    ) -> Option<Outline> {
        let (path, position) = config.map.outline.as_ref()?;
        let Some((&name, file)) = files.get_key_value(path_str(path)) else {
            self.diagnostics.push(
                Diagnostic::error("E0206", "site.yaml", *position, format!("the map outline {} does not exist", path.display()))
                    .with_help("put the province's GeoJSON outline there, fix the path, or remove `outline:` to map the records' positions only"),
            );
            return None;
        };
        used.insert(name);
        let (outline, problems) = super::outline::read(file);
        self.diagnostics.extend(problems);
        outline
    }

    /// The theme's templates (without the UI strings), by name.
    fn templates(&mut self, input: &Input) -> Vec<(String, String)> {
        let templates: Vec<(String, String)> = input
            .theme_templates()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        if !templates.iter().any(|(name, _)| name == "base.html") {
            self.diagnostics.push(
                Diagnostic::error("E0401", "templates/base.html", Position::START, "the theme has no templates/base.html")
                    .with_help("copy the default theme with `halong init` into a new folder and take its templates/"),
            );
        }
        templates
    }

    /// `content/sources.yaml`: a large portal cites thousands of sources, so `serve`
    /// reads them once per edit of the file.
    fn cached_sources(&mut self, file: &TextFile, cache: Option<&mut Cache>) -> Vec<Source> {
        match cache {
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

    /// Prose files of records that have no facts file (what is left in `prose` once
    /// the records took theirs).
    fn prose_without_facts(
        &mut self,
        input: &Input,
        prose: &BTreeMap<(Kind, String), Vec<files::Version>>,
    ) {
        for ((kind, slug), versions) in prose {
            // A facts file that could not be read (not UTF-8) was reported already.
            let unreadable = input.diagnostics.iter().any(|d| {
                d.file.parent() == Some(Path::new("content").join(kind.folder()).as_path())
                    && d.file
                        .file_stem()
                        .is_some_and(|stem| stem.to_string_lossy() == *slug)
            });
            if !unreadable {
                let (file, _) = &versions[0];
                self.diagnostics.push(
                    Diagnostic::error("E0303", &file.path, Position::START, format!("prose for `{slug}` but no facts file {}/{slug}.yaml", kind.folder()))
                        .with_help(format!("create content/{}/{slug}.yaml (`halong new {} {slug}`), or fix the file name", kind.folder(), kind.word())),
                );
            }
        }
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
}

/// How diagnostics name the id of one item of a list.
struct IdWords<'w> {
    /// Before the id in "… is not a valid id": `contact id ` (or nothing).
    called: &'w str,
    /// The message for an id given twice.
    duplicate: &'w dyn Fn(&str) -> String,
    /// How to fix it.
    duplicate_help: &'w str,
}

/// The `id:` of one item of a list (`example` shows one when it is missing): a valid
/// id that no earlier item has (`taken`).
fn item_id(
    fields: &mut yaml::Fields<'_>,
    example: &str,
    taken: impl Fn(&str) -> bool,
    words: IdWords<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let node = fields.require("id", example, diagnostics)?;
    let id = node.text(diagnostics)?;
    if !crate::i18n::is_slug(&id) {
        diagnostics.push(
            node.error("E0107", format!("{}`{id}` is not a valid id", words.called))
                .with_help(format!(
                    "use lower-case letters, digits and `-`: `{}`",
                    crate::i18n::slugify(&id)
                )),
        );
        return None;
    }
    if taken(&id) {
        diagnostics.push(
            node.error("E0302", (words.duplicate)(&id))
                .with_help(words.duplicate_help),
        );
        return None;
    }
    Some(id)
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
    if let Some(scheme) = crate::markdown::refused_scheme(&text, false) {
        let position = node.value_position();
        diagnostics.push(links::refused_url(
            node.document.file,
            position,
            scheme,
            &text,
        ));
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

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap_or("")
}
