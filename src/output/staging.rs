//! The staging folder: a build is written beside its output and swapped into place
//! only when everything succeeded, so a failed build leaves the previous site as it
//! was.
//!
//! Each output has two fixed sibling names: `.<name>.halong-staging` for the build in
//! progress and `.<name>.halong-previous` for the old output during the swap. Fixed
//! names cannot pile up: a build killed half-way (Ctrl+C, a full disk) leaves at most
//! those two, and the next build finds them. It removes them only when they carry
//! halong's marker (written into the staging folder first thing, and into an output
//! before it is moved aside), puts back an output a killed swap had moved aside, and
//! refuses to touch a folder of that name without the marker. While a build runs it
//! holds a lock on its staging marker, so a second build into the same output (a
//! `serve` and a `build`, say) is refused instead of deleting the first one's files.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use super::destination::{self, Destination, MARKER, MARKER_TEXT};
use super::{remove_tree, safe_join, Sink};
use crate::diagnostics::{Diagnostic, Position};

/// A staging folder beside the output folder.
pub struct Staging {
    staging: PathBuf,
    output: PathBuf,
    previous: PathBuf,
    /// The staging marker, locked while the build runs.
    lock: Option<File>,
}

/// The fixed names beside `output`: (staging, previous).
pub fn sibling_names(output: &Path) -> (PathBuf, PathBuf) {
    let parent = output.parent().unwrap_or(Path::new("/"));
    let name = output
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    (
        parent.join(format!(".{name}.halong-staging")),
        parent.join(format!(".{name}.halong-previous")),
    )
}

impl Staging {
    /// Checks that the site at `root` may be built into `destination`
    /// ([`destination::check`]), deals with what an interrupted build left, and
    /// creates an empty staging folder (holding only the marker) beside the output,
    /// on the same file system so the final swap is a rename.
    pub fn create(root: &Path, destination: &Destination) -> Result<Staging, Diagnostic> {
        let output = destination::check(root, destination)?;
        let (staging, previous) = sibling_names(&output);
        let failed = |error: io::Error| {
            Diagnostic::error(
                "E0901",
                destination.folder.clone(),
                Position::NONE,
                format!("cannot create the output: {error}"),
            )
            .with_help("check that the output folder's parent is writable and the disk is not full")
        };
        if let Some(parent) = output.parent() {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        put_back_or_remove_previous(&output, &previous)?;
        remove_stale_staging(&staging)?;
        std::fs::create_dir(&staging).map_err(failed)?;
        let lock = write_marker(&staging).map_err(failed)?;
        let lock = match lock.try_lock() {
            Ok(()) => Some(lock),
            // Another build created the same folder between our check and now.
            Err(std::fs::TryLockError::WouldBlock) => return Err(busy(&staging)),
            // A file system without locks: build unguarded rather than not at all.
            Err(std::fs::TryLockError::Error(_)) => None,
        };
        Ok(Staging {
            staging,
            output,
            previous,
            lock,
        })
    }

    /// Replaces the output folder with the staged one.
    pub fn commit(mut self) -> io::Result<()> {
        // Windows cannot rename a folder with an open file in it.
        drop(self.lock.take());
        let had_output = self.output.exists();
        if had_output {
            // A forced build replaces a folder halong did not make: mark it first, so
            // that if the build is killed now the next one knows the folder it finds
            // at the previous-output name is one it may remove.
            if !destination::is_marked(&self.output) {
                std::fs::write(self.output.join(MARKER), MARKER_TEXT)?;
            }
            std::fs::rename(&self.output, &self.previous)?;
        }
        if let Err(error) = std::fs::rename(&self.staging, &self.output) {
            if had_output {
                let _ = std::fs::rename(&self.previous, &self.output);
            }
            return Err(error);
        }
        if had_output {
            remove_tree(&self.previous)?;
        }
        Ok(())
    }

    /// Removes the staging folder; the output stays as it was.
    pub fn abandon(mut self) {
        drop(self.lock.take());
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = safe_join(&self.staging, path)?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, bytes)
    }

    fn put_streamed(&self, path: &str, write: super::Streamed<'_>) -> io::Result<()> {
        let target = safe_join(&self.staging, path)?;
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut file = io::BufWriter::with_capacity(STREAM_BUFFER, File::create(target)?);
        write(&mut file)?;
        io::Write::flush(&mut file)
    }
}

/// Bytes gathered before each write of a streamed file: few system calls, little
/// memory.
const STREAM_BUFFER: usize = 256 * 1024;

/// Writes the marker into `folder` and returns it open, to be locked.
fn write_marker(folder: &Path) -> io::Result<File> {
    let path = folder.join(MARKER);
    std::fs::write(&path, MARKER_TEXT)?;
    File::options().read(true).write(true).open(path)
}

/// A build killed during the swap can leave the old output at the previous-output
/// name: put it back if the output is missing (the new one never arrived), else
/// remove it, but only if it carries the marker.
fn put_back_or_remove_previous(output: &Path, previous: &Path) -> Result<(), Diagnostic> {
    if std::fs::symlink_metadata(previous).is_err() {
        return Ok(());
    }
    if !destination::is_marked(previous) {
        return Err(not_ours(previous));
    }
    let result = if output.exists() {
        remove_tree(previous)
    } else {
        std::fs::rename(previous, output)
    };
    result.map_err(|error| cannot_clear(previous, error))
}

/// Removes a staging folder an interrupted build left, if it carries the marker and
/// no running build holds it.
fn remove_stale_staging(staging: &Path) -> Result<(), Diagnostic> {
    let Ok(metadata) = std::fs::symlink_metadata(staging) else {
        return Ok(());
    };
    if !metadata.is_dir() {
        return Err(not_ours(staging));
    }
    if !destination::is_marked(staging) {
        // Killed between creating the folder and writing the marker: it is empty.
        return std::fs::remove_dir(staging).map_err(|_| not_ours(staging));
    }
    if let Ok(marker) = File::options().write(true).open(staging.join(MARKER)) {
        if let Err(std::fs::TryLockError::WouldBlock) = marker.try_lock() {
            return Err(busy(staging));
        }
    }
    remove_tree(staging).map_err(|error| cannot_clear(staging, error))
}

fn not_ours(path: &Path) -> Diagnostic {
    Diagnostic::error(
        "E0903",
        path.to_path_buf(),
        Position::NONE,
        format!(
            "{} has the name of halong's build folders but was not made by halong (it has no `{MARKER}` file)",
            crate::diagnostics::display_path(path)
        ),
    )
    .with_help("move or rename it; halong never removes a folder it did not make")
}

fn busy(staging: &Path) -> Diagnostic {
    Diagnostic::error(
        "E0904",
        staging.to_path_buf(),
        Position::NONE,
        "another halong build or preview is writing into this output folder right now",
    )
    .with_help("wait for it to finish, or build into another folder with --output")
}

fn cannot_clear(path: &Path, error: io::Error) -> Diagnostic {
    Diagnostic::error(
        "E0901",
        path.to_path_buf(),
        Position::NONE,
        format!("cannot remove what an interrupted build left: {error}"),
    )
    .with_help("check that the folder is writable, or remove it by hand")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &Path) -> PathBuf {
        let root = dir.join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        root
    }

    #[test]
    fn a_commit_replaces_and_an_abandon_keeps_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let output = dir.path().join("public");
        let destination = Destination::new(&output);
        std::fs::create_dir_all(output.join("en/parks/old")).unwrap();
        std::fs::write(output.join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(output.join("old.html"), "old").unwrap();
        std::fs::write(output.join("en/parks/old/index.html"), "old").unwrap();
        std::fs::write(output.join("en/index.html"), "old").unwrap();

        let staging = Staging::create(&root, &destination).unwrap();
        staging.put("new/index.html", b"new").unwrap();
        staging.abandon();
        assert!(output.join("old.html").exists());

        let staging = Staging::create(&root, &destination).unwrap();
        staging.put("new/index.html", b"new").unwrap();
        assert!(staging.put("../escape.html", b"x").is_err());
        staging.commit().unwrap();
        assert!(!output.join("old.html").exists());
        assert!(
            !output.join("en").exists(),
            "the old site's folders are gone"
        );
        assert_eq!(
            std::fs::read_to_string(output.join("new/index.html")).unwrap(),
            "new"
        );
        assert!(destination::is_marked(&output));
        let mut leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        leftovers.sort();
        assert_eq!(leftovers, ["public", "site"], "only the output remains");
    }

    #[test]
    fn a_second_build_into_the_same_output_is_refused_while_the_first_runs() {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let destination = Destination::new(dir.path().join("public"));
        let first = Staging::create(&root, &destination).unwrap();
        first.put("index.html", b"first").unwrap();
        let second = Staging::create(&root, &destination);
        assert_eq!(second.err().map(|d| d.code), Some("E0904"));
        first.commit().unwrap();
        assert!(Staging::create(&root, &destination).is_ok());
    }

    #[test]
    fn a_swap_killed_half_way_gets_the_old_output_back() {
        let dir = tempfile::tempdir().unwrap();
        let root = site(dir.path());
        let output = dir.path().join("public");
        let (_, previous) = sibling_names(&output);
        // The old output was moved aside and the process died before the new one
        // was moved in.
        std::fs::create_dir(&previous).unwrap();
        std::fs::write(previous.join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(previous.join("index.html"), "old").unwrap();
        let staging = Staging::create(&root, &Destination::new(&output)).unwrap();
        assert_eq!(
            std::fs::read_to_string(output.join("index.html")).unwrap(),
            "old"
        );
        staging.abandon();
        assert!(!previous.exists());

        // A folder of that name halong did not make is left alone.
        std::fs::create_dir(&previous).unwrap();
        std::fs::write(previous.join("notes.txt"), "mine").unwrap();
        let refused = Staging::create(&root, &Destination::new(&output));
        assert_eq!(refused.err().map(|d| d.code), Some("E0903"));
        assert!(previous.join("notes.txt").exists());
    }
}
