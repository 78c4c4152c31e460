//! References between records (a park's zone, its projects), collected while each
//! record is read and checked once the whole site is known, with the closest slug
//! suggested for a typo.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use super::Checker;
use crate::content::geo::GeoBox;
use crate::content::model::{Kind, Record};
use crate::diagnostics::{closest, Diagnostic, Position};
use crate::FastHashMap;

/// A reference to check once everything is read.
#[derive(Debug, Clone)]
pub(super) struct Reference {
    pub kind: Kind,
    pub slug: String,
    pub file: PathBuf,
    pub position: Position,
    pub from: String,
}

/// The ids records may cite and the sector slugs and former provinces they may name.
pub(super) struct Known<'a> {
    pub sources: &'a BTreeSet<String>,
    pub sectors: &'a BTreeSet<String>,
    /// Ids of the provinces the province was formed from.
    pub former_provinces: &'a BTreeSet<String>,
    /// The map's frame and the outline it comes from: positions must lie inside.
    pub frame: Option<&'a (GeoBox, PathBuf)>,
    /// Landmarks a distance may be to: their kind and flags, by id.
    pub landmarks: &'a super::places::LandmarkIndex,
    /// Ids of the offices in `content/contacts.yaml`.
    pub contacts: &'a BTreeSet<String>,
}

impl Checker {
    /// Checks the references of the records (`references`) and of everything else
    /// (`self.pending`).
    pub(super) fn check_references<'r>(
        &mut self,
        references: impl Iterator<Item = &'r Reference>,
        records: &[Arc<Record>],
        by_key: &FastHashMap<(Kind, &str), &Record>,
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
                    format!("unknown {} `{}`", reference.kind.word(), reference.slug),
                )
                .with_help(help)
                .with_note(format!("referenced by `{}`", reference.from)),
            );
        }
    }
}
