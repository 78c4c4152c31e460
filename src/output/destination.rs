//! The output folder: where a build may go, checked before anything is written.
//!
//! A build replaces its output folder as a whole, so [`check`] refuses a folder whose
//! replacement would lose someone's work: the site's own folder, a folder that contains
//! it, a folder inside its sources (`content/`, `templates/`, `static/`), a file, and a
//! non-empty folder halong did not make. Every output holds a [`MARKER`] file that says
//! halong made it; only `--force` ([`Destination::force`]) lets a build replace a
//! non-empty folder without one, and nothing lets it replace the site or its sources.
//!
//! Paths are compared after resolving symbolic links, one component at a time, so
//! `--output link-to-site`, `--output content/../..` and a `content/` that is itself
//! a link are all seen for what they are. This module only looks at the disk.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Diagnostic, Position};

/// The marker file in every output folder (and every staging folder) halong makes.
pub const MARKER: &str = ".halong-output";

/// What the marker says; a folder counts as halong's when its marker starts with
/// `MARKER_SIGNATURE` ("made by halong").
pub const MARKER_TEXT: &str = "made by halong: `halong build` replaces this whole folder \
on every build, so keep nothing else in it\n";

const MARKER_SIGNATURE: &str = "made by halong";

/// The folders of the site a build reads from, relative to its root.
const SOURCE_FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// Where a build goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// The output folder, as given.
    pub folder: PathBuf,
    /// Replace a non-empty folder even though halong did not make it (`--force`).
    pub force: bool,
}

impl Destination {
    /// `folder`, replaced only if it is new, empty or halong's own.
    pub fn new(folder: impl Into<PathBuf>) -> Destination {
        Destination {
            folder: folder.into(),
            force: false,
        }
    }

    /// The same folder, replaced whoever made it when `force` is true.
    pub fn forced(self, force: bool) -> Destination {
        Destination { force, ..self }
    }
}

impl From<&Path> for Destination {
    fn from(folder: &Path) -> Destination {
        Destination::new(folder)
    }
}

impl From<&PathBuf> for Destination {
    fn from(folder: &PathBuf) -> Destination {
        Destination::new(folder.as_path())
    }
}

impl From<PathBuf> for Destination {
    fn from(folder: PathBuf) -> Destination {
        Destination::new(folder)
    }
}

/// Checks that a build of the site at `root` may replace `destination`, and returns
/// the output folder with every link resolved: the folder to build into and swap.
pub fn check(root: &Path, destination: &Destination) -> Result<PathBuf, Diagnostic> {
    let given = &destination.folder;
    let refuse = |code: &'static str, message: String, help: String| {
        Diagnostic::error(code, given.clone(), Position::NONE, message).with_help(help)
    };
    let cannot_use = |error: io::Error| {
        refuse(
            "E0903",
            format!(
                "cannot use `{}` as the output folder: {error}",
                shown(given)
            ),
            "pass another folder with --output".into(),
        )
    };
    let output = resolve(given).map_err(cannot_use)?;
    let site = resolve(root).map_err(cannot_use)?;
    let lost =
        "a build replaces its output folder as a whole, and the site's sources would be lost";
    let elsewhere = format!(
        "pass a folder of its own, e.g. --output {}",
        shown(&root.join("public"))
    );
    if site.starts_with(&output) {
        let what = if site == output {
            "is the site's own folder"
        } else {
            "contains the site"
        };
        return Err(refuse(
            "E0902",
            format!("the output folder `{}` {what}: {lost}", shown(given)),
            elsewhere,
        ));
    }
    for name in SOURCE_FOLDERS {
        let source = resolve(&site.join(name)).map_err(cannot_use)?;
        if output.starts_with(&source) || source.starts_with(&output) {
            let relation = if output.starts_with(&source) {
                "lies inside"
            } else {
                "contains"
            };
            return Err(refuse(
                "E0902",
                format!(
                    "the output folder `{}` {relation} the site's `{name}/` folder: {lost}",
                    shown(given)
                ),
                elsewhere,
            ));
        }
    }
    match std::fs::metadata(&output) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(output),
        Err(error) => return Err(cannot_use(error)),
        Ok(metadata) if !metadata.is_dir() => {
            return Err(refuse(
                "E0903",
                format!("the output `{}` is a file, not a folder", shown(given)),
                "pass a folder with --output (a new one is created)".into(),
            ))
        }
        Ok(_) => {}
    }
    if destination.force || is_marked(&output) || is_empty(&output).map_err(cannot_use)? {
        return Ok(output);
    }
    Err(refuse(
        "E0903",
        format!(
            "the output folder `{}` is not empty and was not made by halong (it has no `{MARKER}` file)",
            shown(given)
        ),
        format!(
            "pass a new or empty folder with --output, or add --force to replace `{}` and \
             everything in it",
            shown(given)
        ),
    ))
}

/// Whether `folder` holds halong's marker.
pub fn is_marked(folder: &Path) -> bool {
    std::fs::read(folder.join(MARKER))
        .is_ok_and(|text| text.starts_with(MARKER_SIGNATURE.as_bytes()))
}

fn is_empty(folder: &Path) -> io::Result<bool> {
    Ok(std::fs::read_dir(folder)?.next().is_none())
}

fn shown(path: &Path) -> String {
    crate::diagnostics::display_path(path)
}

/// `path` made absolute with every symbolic link resolved, one component at a time, as
/// the system would follow it. Components that do not exist yet are kept as written;
/// a `..` then goes up lexically, which is what creating the folder would do.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                match std::fs::symlink_metadata(&resolved) {
                    // A parent that is a canonical path stays one when a link is
                    // replaced by its canonical target.
                    Ok(metadata) if metadata.file_type().is_symlink() => {
                        resolved = std::fs::canonicalize(&resolved).map_err(|error| {
                            io::Error::new(
                                error.kind(),
                                format!(
                                    "{} is a link to something that does not exist ({error})",
                                    resolved.display()
                                ),
                            )
                        })?;
                    }
                    Ok(_) => {}
                    Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                    Err(error) => return Err(error),
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for folder in SOURCE_FOLDERS {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        std::fs::write(root.join("site.yaml"), "title: x\n").unwrap();
        dir
    }

    fn code(root: &Path, output: &Path) -> Option<&'static str> {
        check(root, &Destination::new(output)).err().map(|d| d.code)
    }

    #[test]
    fn the_site_its_parents_and_its_sources_are_refused() {
        let dir = site();
        let root = dir.path().join("site");
        assert_eq!(code(&root, &root), Some("E0902"));
        assert_eq!(code(&root, dir.path()), Some("E0902"));
        assert_eq!(code(&root, Path::new("/")), Some("E0902"));
        assert_eq!(code(&root, &root.join("content")), Some("E0902"));
        assert_eq!(code(&root, &root.join("static/new/deeper")), Some("E0902"));
        assert_eq!(
            code(&root, &root.join("public/../templates")),
            Some("E0902")
        );
        assert_eq!(code(&root, &root.join("site.yaml")), Some("E0903"));
        assert_eq!(code(&root, &root.join("public")), None);
        assert_eq!(code(&root, &dir.path().join("elsewhere/public")), None);
        // Forcing never lets a build replace the site.
        let forced = Destination::new(&root).forced(true);
        assert_eq!(check(&root, &forced).unwrap_err().code, "E0902");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_before_comparing() {
        let dir = site();
        let root = dir.path().join("site");
        let link = dir.path().join("link-to-site");
        std::os::unix::fs::symlink(&root, &link).unwrap();
        assert_eq!(code(&root, &link), Some("E0902"));
        assert_eq!(code(&root, &link.join("content")), Some("E0902"));
        assert_eq!(code(&link, &root.join("content")), Some("E0902"));
        // A source folder that is itself a link to a folder elsewhere.
        let shared = dir.path().join("shared-content");
        std::fs::create_dir_all(shared.join("parks")).unwrap();
        std::fs::remove_dir(root.join("content")).unwrap();
        std::os::unix::fs::symlink(&shared, root.join("content")).unwrap();
        assert_eq!(code(&root, &shared), Some("E0902"));
        assert_eq!(code(&root, &shared.join("parks")), Some("E0902"));
        assert_eq!(code(&root, dir.path()), Some("E0902"));
        // A link to a folder of its own is followed and accepted.
        let target = dir.path().join("www");
        std::os::unix::fs::symlink(&target, dir.path().join("public-link")).unwrap();
        let dangling = check(&root, &Destination::new(dir.path().join("public-link")));
        assert_eq!(dangling.unwrap_err().code, "E0903");
        std::fs::create_dir(&target).unwrap();
        assert_eq!(
            check(&root, &Destination::new(dir.path().join("public-link"))).unwrap(),
            target.canonicalize().unwrap()
        );
    }

    #[test]
    fn a_non_empty_folder_is_replaced_only_if_marked_or_forced() {
        let dir = site();
        let root = dir.path().join("site");
        let output = dir.path().join("out");
        std::fs::create_dir(&output).unwrap();
        assert_eq!(code(&root, &output), None, "an empty folder is fine");
        std::fs::write(output.join("notes.txt"), "mine").unwrap();
        let refusal = check(&root, &Destination::new(&output)).unwrap_err();
        assert_eq!(refusal.code, "E0903");
        assert_eq!(refusal.position, Position::NONE);
        assert!(refusal.help.unwrap().contains("--force"));
        assert!(check(&root, &Destination::new(&output).forced(true)).is_ok());
        std::fs::write(output.join(MARKER), "something else").unwrap();
        assert_eq!(
            code(&root, &output),
            Some("E0903"),
            "a marker must be halong's"
        );
        std::fs::write(output.join(MARKER), MARKER_TEXT).unwrap();
        assert_eq!(code(&root, &output), None);
    }
}
