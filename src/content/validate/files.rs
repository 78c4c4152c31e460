//! Which file is what: sorts the files under `content/` into records (facts and prose),
//! news and pages by their folder and name, and reports files that are none of these,
//! bad slugs and unknown languages in file names.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::{path_str, Checker};
use crate::content::load::TextFile;
use crate::content::model::Kind;
use crate::diagnostics::{Diagnostic, Position};
use crate::i18n::is_slug;

/// Page slugs that would collide with the site's own sections.
pub(super) const RESERVED_PAGES: &[&str] = &[
    "zones", "parks", "clusters", "projects", "news", "sources", "search", "compare", "data",
    "static", "fonts",
];

/// A text file with the language its name gives (`song-khoai.en.md` -> `en`).
pub(super) type Version = (Arc<TextFile>, String);

/// The content files, sorted by what they are. It shares the files with the input:
/// the work on each record takes that record's files from here, and where the input
/// let go of its own (a build), they are freed as soon as the record is validated.
#[derive(Default)]
pub(super) struct Routed {
    /// News slug -> its language versions.
    pub news: BTreeMap<String, Vec<Version>>,
    /// Page slug -> its language versions.
    pub pages: BTreeMap<String, Vec<Version>>,
    /// Record -> its prose files.
    pub prose: BTreeMap<(Kind, String), Vec<Version>>,
    /// Record -> its facts file.
    pub records: BTreeMap<(Kind, String), Arc<TextFile>>,
}

impl Checker {
    /// Sorts the content files not in `used` (the shared files already read).
    pub(super) fn route(
        &mut self,
        files: &BTreeMap<&str, &Arc<TextFile>>,
        used: &BTreeSet<&str>,
    ) -> Routed {
        let mut routed = Routed::default();
        for (path, file) in files {
            // A README is a note for the people who edit the folder, not content.
            if used.contains(path) || path.ends_with("/README.md") {
                continue;
            }
            if path.ends_with(".geojson") {
                self.not_a_record(file, &format!("to draw it as the province's outline, name it in site.yaml: `map: {{outline: {path}}}`"));
                continue;
            }
            let parts: Vec<&str> = path.split('/').collect();
            let (folder, name) = match parts.as_slice() {
                ["content", folder, name] => (*folder, *name),
                _ => {
                    self.not_a_record(file, "content files live in content/<folder>/<file> or are sources.yaml, sectors.yaml, province.yaml, landmarks.yaml, contacts.yaml");
                    continue;
                }
            };
            let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
            match (Kind::from_folder(folder), extension) {
                (Some(kind), "yaml" | "yml") => {
                    if !self.check_slug(file, stem) {
                        continue;
                    }
                    if let Some(previous) = routed.records.insert((kind, stem.to_string()), Arc::clone(file)) {
                        self.diagnostics.push(
                            Diagnostic::error("E0302", &file.path, Position::START, format!("duplicate slug `{stem}`: {} has it too", path_str(&previous.path)))
                                .with_help("each record needs its own file name; rename or remove one of them"),
                        );
                    }
                }
                (Some(_), "md") | (None, "md") if matches!(folder, "zones" | "parks" | "clusters" | "projects" | "news" | "pages") => {
                    let Some((slug, language)) = stem.rsplit_once('.') else {
                        self.not_a_record(file, "prose files are named <slug>.<language>.md, e.g. song-xanh.en.md");
                        continue;
                    };
                    if !self.check_slug(file, slug) || !self.check_language(file, language) {
                        continue;
                    }
                    let entry = (Arc::clone(file), language.to_string());
                    match Kind::from_folder(folder) {
                        Some(kind) => routed.prose.entry((kind, slug.to_string())).or_default().push(entry),
                        None if folder == "news" => routed.news.entry(slug.to_string()).or_default().push(entry),
                        None => routed.pages.entry(slug.to_string()).or_default().push(entry),
                    }
                }
                _ => self.not_a_record(file, "records are <slug>.yaml with <slug>.<language>.md beside them in content/zones, parks, clusters or projects; news and pages are Markdown"),
            }
        }
        routed
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
}
