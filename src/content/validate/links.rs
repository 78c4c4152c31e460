//! Links in prose: `@/parks/<slug>` and `@/pages/<slug>#anchor` must point at a page
//! that exists (and a heading it has); script, `file:` and `data:` URLs are refused, images need alt text,
//! absolute paths are flagged because they break under a sub-path.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use super::cache::Unit;
use crate::content::model::{Article, Kind, Page, Record};
use crate::diagnostics::{closest, Diagnostic, Position};
use crate::markdown::Prose;
use crate::FastHashMap;

/// What is wrong with the links of one text.
pub(super) fn link_diagnostics(prose: &Prose, targets: &LinkTargets<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut pages: Option<Vec<String>> = None;
    let path = &prose.file;
    for link in &prose.links {
        let position = link.position;
        let target = link.target.trim();
        if let Some(scheme) = crate::markdown::refused_scheme(target, link.image) {
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
/// [`crate::markdown::refused_scheme`]), in prose or in a YAML field.
pub(super) fn refused_url(file: &Path, position: Position, scheme: &str, url: &str) -> Diagnostic {
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
pub(super) struct LinkTargets<'a> {
    pub records: &'a [Arc<Record>],
    pub by_key: &'a FastHashMap<(Kind, &'a str), &'a Record>,
    pub broken: &'a BTreeSet<(Kind, String)>,
    pub news: &'a [Article],
    pub pages: &'a [Page],
    pub sources: &'a BTreeSet<String>,
    /// Sections links may point to (see [`LinkTargets::sections_of`]).
    pub sections: Vec<&'static str>,
}

/// What the anchors of a link target are.
enum Anchors<'a> {
    /// Heading ids of these texts.
    Headings(Vec<&'a Prose>),
    /// Source ids (the sources page).
    Sources,
}

impl<'a> LinkTargets<'a> {
    /// Sections of the site that links may point to besides records, news and pages:
    /// home and search always; a kind's list, compare (parks) and the news list only
    /// when there is something in them, as only then are they made.
    pub fn sections_of(
        records: &[Arc<Record>],
        broken: &BTreeSet<(Kind, String)>,
        news: &[Article],
    ) -> Vec<&'static str> {
        let has = |kind: Kind| {
            records.iter().any(|record| record.kind == kind)
                || broken.iter().any(|(known, _)| *known == kind)
        };
        let mut sections = vec!["", "search"];
        sections.extend(
            Kind::ALL
                .into_iter()
                .filter(|kind| has(*kind))
                .map(Kind::folder),
        );
        if has(Kind::Park) {
            sections.push("compare");
        }
        if !news.is_empty() {
            sections.push("news");
        }
        sections
    }

    /// The page at `page` (`parks/song-khoai`, `sources`, ...), if there is one.
    fn find(&self, page: &str) -> Option<Anchors<'a>> {
        if self.sections.contains(&page) {
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
                .map(|known| Anchors::Headings(known.versions.values().map(Box::as_ref).collect())),
            _ => {
                let kind = Kind::from_folder(folder)?;
                match self.by_key.get(&(kind, slug)) {
                    Some(record) => Some(Anchors::Headings(
                        record.prose.values().map(Box::as_ref).collect(),
                    )),
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
    pub(super) fn signature(&self, units: &[Unit]) -> u64 {
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
        let mut pages: Vec<String> = self.sections.iter().map(|s| s.to_string()).collect();
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

/// The link problems found earlier for each record, by record.
pub(super) type KnownLinks = std::collections::BTreeMap<(Kind, String), Vec<Diagnostic>>;

impl super::Checker {
    /// Checks the links of every record, news item and page; returns each record's
    /// problems (for the cache). The links of a record that was not validated again
    /// are taken from `known` when it is given (nothing they point at changed).
    pub(super) fn check_links<'a>(
        &mut self,
        units: &'a [Unit],
        targets: &LinkTargets<'_>,
        known: Option<&KnownLinks>,
    ) -> Vec<(&'a (Kind, String), Vec<Diagnostic>)> {
        use rayon::prelude::*;
        let record_links: Vec<(&(Kind, String), Vec<Diagnostic>)> = units
            .par_iter()
            .filter_map(|(key, unit, validated_now)| {
                let record = unit.record.as_ref()?;
                let problems = match known {
                    Some(known) if !validated_now => known.get(key).cloned().unwrap_or_default(),
                    _ => record
                        .prose
                        .values()
                        .flat_map(|prose| link_diagnostics(prose, targets))
                        .collect(),
                };
                Some((key, problems))
            })
            .collect();
        let other_links: Vec<Diagnostic> = targets
            .news
            .iter()
            .flat_map(|article| article.versions.values())
            .chain(targets.pages.iter().flat_map(|page| page.versions.values()))
            .flat_map(|prose| link_diagnostics(prose, targets))
            .collect();
        for (_, problems) in &record_links {
            self.diagnostics.extend(problems.iter().cloned());
        }
        self.diagnostics.extend(other_links);
        record_links
    }
}
