//! Which files under `content/`, `templates/` and `static/` are not read, and what is
//! said about each: nothing for the junk operating systems and editors leave beside
//! files, a warning for hidden files and symbolic links. Used by `load`.

use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Position};

/// Why a file or folder under `content/`, `templates/` or `static/` is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Skip {
    /// Files that operating systems, editors and version control leave beside the
    /// files people work on (`.DS_Store`, `Thumbs.db`, `.x.yaml.swp`, `x.md~`,
    /// `.gitkeep`). Skipped without a word: they come back on their own, nobody meant
    /// them as content, and a warning for each would teach people to ignore warnings
    /// (and make `check --strict` fail on every Mac).
    Junk,
    /// A name starting with a dot: hidden from people's file browsers, perhaps on
    /// purpose (a draft) or by mistake. Said once, since it may be meant as content.
    Hidden,
    /// A symbolic link: not followed, so a portal is the same on every machine and
    /// cannot pull in files from outside its folder. Said once.
    Link,
}

impl Skip {
    /// The warning this skip deserves, for the file or folder at `path`.
    pub(super) fn warning(self, path: PathBuf) -> Option<Diagnostic> {
        let shown = crate::diagnostics::display_path(&path);
        match self {
            Skip::Junk => None,
            Skip::Hidden => Some(
                Diagnostic::warning(
                    "W0002",
                    path,
                    Position::START,
                    format!("`{shown}` is hidden (its name starts with a dot), so it is not read"),
                )
                .with_help(
                    "to publish it, rename it without the dot; otherwise move it out of the \
                     portal's folders",
                ),
            ),
            Skip::Link => Some(
                Diagnostic::warning(
                    "W0001",
                    path,
                    Position::START,
                    format!("`{shown}` is a symbolic link, which halong does not follow"),
                )
                .with_help(
                    "copy the file or folder here instead: a link may point outside the \
                     portal, and the portal must build the same on every machine",
                ),
            ),
        }
    }
}

/// Whether (and why) a walked entry is skipped.
pub(super) fn skip_reason(entry: &walkdir::DirEntry) -> Option<Skip> {
    if entry.depth() == 0 {
        return None;
    }
    // Junk first: Emacs' lock files (`.#x.md`) are symbolic links.
    if is_ignored(entry.file_name()) {
        return Some(Skip::Junk);
    }
    if entry.path_is_symlink() {
        return Some(Skip::Link);
    }
    entry
        .file_name()
        .to_string_lossy()
        .starts_with('.')
        .then_some(Skip::Hidden)
}

/// Files that operating systems, editors and version control leave beside content
/// (see [`Skip::Junk`]); `refresh` also passes over them, and over hidden files.
fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    const NAMES: &[&str] = &[
        ".DS_Store",
        "Thumbs.db",
        "ehthumbs.db",
        "desktop.ini",
        ".directory",
        ".gitkeep",
        ".keep",
        ".gitignore",
        ".gitattributes",
        // Vim writes this to test whether it may write in a folder.
        "4913",
    ];
    NAMES.contains(&name.as_ref())
        || name.starts_with("._")
        || name.starts_with(".#")
        || name.ends_with('~')
        || [".swp", ".swo", ".swx", ".tmp", ".kate-swp"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
        || name.starts_with('#')
}

/// Whether `refresh` passes over a changed path: junk, or hidden (a full read says
/// once that a hidden file is skipped).
pub(super) fn is_passed_over(name: &std::ffi::OsStr) -> bool {
    is_ignored(name) || name.to_string_lossy().starts_with('.')
}
