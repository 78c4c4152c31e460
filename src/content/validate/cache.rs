//! What `serve` keeps between validations: each record as validated from its files,
//! the link problems found, and `content/sources.yaml` as last read. A record is one
//! unit ([`RecordUnit`]): validated from its own files alone, so records are checked in
//! parallel and an unchanged record is reused as it was.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::files::{Routed, Version};
use super::prose::ProseKind;
use super::references::{Known, Reference};
use super::Checker;
use crate::content::geo::GeoBox;
use crate::content::load::TextFile;
use crate::content::model::{Kind, Record, Source};
use crate::content::schema::Schema;
use crate::diagnostics::Diagnostic;

/// Records validated by an earlier run, for `serve`. A record is checked again when
/// one of its files was read again ([`TextFile::revision`]), or when anything it is
/// checked against changed (languages, source ids, sector slugs, `site.yaml`'s
/// Markdown settings): then every record is. References are always checked on the
/// whole site; links of unchanged records are checked again only when a page or an
/// anchor appeared or went.
#[derive(Default)]
pub struct Cache {
    pub(super) context: Option<UnitContext>,
    pub(super) records: BTreeMap<(Kind, String), Arc<RecordUnit>>,
    /// What [`super::links::LinkTargets::signature`] gave when `link_problems` were
    /// found.
    pub(super) links_signature: Option<u64>,
    /// The link diagnostics of each record that has any.
    pub(super) link_problems: BTreeMap<(Kind, String), Vec<Diagnostic>>,
    /// `content/sources.yaml` as last read: its revision, sources and diagnostics.
    pub(super) sources: Option<(u64, Vec<Source>, Vec<Diagnostic>)>,
}

/// Everything a record's validation reads besides its own files.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct UnitContext {
    pub languages: Vec<String>,
    pub sources: std::collections::BTreeSet<String>,
    pub sectors: std::collections::BTreeSet<String>,
    pub former_provinces: std::collections::BTreeSet<String>,
    pub style_root: String,
    pub allow_raw_html: bool,
    pub schema: Arc<Schema>,
    /// The map's frame (positions must lie inside) and the outline it comes from.
    pub frame: Option<(GeoBox, PathBuf)>,
    /// Landmarks distances may be to: kind and flags by id.
    pub landmarks: super::places::LandmarkIndex,
    /// Ids of the offices records may name as their contact.
    pub contacts: std::collections::BTreeSet<String>,
}

/// One record validated from its facts file and its prose files.
pub(super) struct RecordUnit {
    /// The files it was made from: path and revision, facts file first.
    revisions: Vec<(PathBuf, u64)>,
    /// The record, unless its facts file had errors.
    pub record: Option<Arc<Record>>,
    /// What its files had wrong.
    pub diagnostics: Vec<Diagnostic>,
    /// The references it makes, checked against the whole site.
    pub pending: Vec<Reference>,
    /// A hash of the heading ids links may point to (see
    /// [`super::links::LinkTargets::signature`]).
    pub anchors: u64,
}

impl RecordUnit {
    /// Whether it was made from exactly these reads of these files.
    fn made_from(&self, facts: &TextFile, prose: &[Version]) -> bool {
        let files = std::iter::once(facts).chain(prose.iter().map(|(file, _)| &**file));
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
    prose: &[Version],
    context: &UnitContext,
) -> RecordUnit {
    let mut checker = Checker::new(
        Vec::new(),
        context.languages.clone(),
        Arc::clone(&context.schema),
    );
    let known = Known {
        sources: &context.sources,
        sectors: &context.sectors,
        former_provinces: &context.former_provinces,
        frame: context.frame.as_ref(),
        landmarks: &context.landmarks,
        contacts: &context.contacts,
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
                record.prose.insert(language.clone(), Box::new(version));
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
            .chain(prose.iter().map(|(file, _)| &**file))
            .map(|file| (file.path.clone(), file.revision))
            .collect(),
        anchors: anchors.finish(),
        record,
        diagnostics: checker.diagnostics,
        pending: checker.pending,
    }
}

/// A record's key, its facts file and its prose files.
type RecordFiles = ((Kind, String), Arc<TextFile>, Vec<Version>);

/// A record's key, its unit, and whether the unit was validated in this run (rather
/// than reused from the cache).
pub(super) type Unit = ((Kind, String), Arc<RecordUnit>, bool);

/// Validates every record of `routed`, in parallel, reusing from `cache` the units
/// made from the same reads of the same files in the same context. Takes each
/// record's files out of `routed` (what is left of its prose has no facts file) and
/// lets go of them once the record is validated.
pub(super) fn units(
    routed: &mut Routed,
    context: &UnitContext,
    cache: Option<&Cache>,
) -> Vec<Unit> {
    let reusable = cache
        .filter(|cache| cache.context.as_ref() == Some(context))
        .map(|cache| &cache.records);
    let records: Vec<RecordFiles> = std::mem::take(&mut routed.records)
        .into_iter()
        .map(|(key, file)| {
            let prose = routed.prose.remove(&key).unwrap_or_default();
            (key, file, prose)
        })
        .collect();
    records
        .into_par_iter()
        .map(
            |(key, file, prose)| match reusable.and_then(|units| units.get(&key)) {
                Some(unit) if unit.made_from(&file, &prose) => {
                    let unit = Arc::clone(unit);
                    (key, unit, false)
                }
                _ => {
                    let unit = record_unit(key.0, &key.1, &file, &prose, context);
                    (key, Arc::new(unit), true)
                }
            },
        )
        .collect()
}

impl Cache {
    /// Keeps this run's units, link problems and context for the next run.
    pub(super) fn remember(
        &mut self,
        units: Vec<Unit>,
        link_problems: BTreeMap<(Kind, String), Vec<Diagnostic>>,
        signature: u64,
        context: UnitContext,
    ) {
        self.link_problems = link_problems;
        self.links_signature = Some(signature);
        let same_records =
            self.records.len() == units.len() && self.context.as_ref() == Some(&context);
        if !same_records {
            self.records.clear();
        }
        for (key, unit, validated_now) in units {
            if validated_now || !same_records {
                self.records.insert(key, unit);
            }
        }
        self.context = Some(context);
    }
}
