//! Write: the only stage that writes files. Outputs go through a [`Sink`]: a
//! [`Staging`] directory beside the output, swapped into place only when the whole
//! build succeeded (so a failed build leaves the previous site untouched), or
//! [`Memory`] for tests and previews.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where rendered files go. Called from many threads at once.
pub trait Sink: Sync {
    /// Stores one file at `path` (relative, forward slashes).
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
}

/// Files kept in memory, by path.
#[derive(Default)]
pub struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    /// The files written so far.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// Drops every file: for `check`, which renders everything but writes nothing.
#[derive(Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _path: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
}

/// Writes into an existing output directory, only the files whose bytes differ, each
/// through a temporary file and a rename so a reader never sees half a file. Used by
/// `serve` for incremental rebuilds of its own preview folder.
pub struct InPlace {
    output: PathBuf,
    changed: std::sync::atomic::AtomicUsize,
}

impl InPlace {
    /// A sink writing into `output`.
    pub fn new(output: &Path) -> InPlace {
        InPlace {
            output: output.to_path_buf(),
            changed: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// How many files were written because their bytes changed.
    pub fn changed(&self) -> usize {
        self.changed.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl Sink for InPlace {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = safe_join(&self.output, path)?;
        if std::fs::read(&target).is_ok_and(|existing| existing == bytes) {
            return Ok(());
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // The whole name, not its stem: `parks.json` and `parks.csv` are written at the
        // same time and must not share a temporary file.
        let mut temporary = target.clone().into_os_string();
        temporary.push(format!(".halong-{}.tmp", std::process::id()));
        let temporary = PathBuf::from(temporary);
        std::fs::write(&temporary, bytes)?;
        std::fs::rename(&temporary, &target)?;
        self.changed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}

/// `root/path`, refusing absolute paths and `..`.
fn safe_join(root: &Path, path: &str) -> io::Result<PathBuf> {
    let relative = Path::new(path);
    if relative.is_absolute()
        || relative
            .components()
            .any(|part| matches!(part, std::path::Component::ParentDir))
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output: {path}"),
        ));
    }
    Ok(root.join(relative))
}

/// A staging directory next to the output directory.
pub struct Staging {
    staging: PathBuf,
    output: PathBuf,
}

impl Staging {
    /// Creates a fresh staging directory beside `output` (same file system, so the
    /// final swap is a rename).
    pub fn create(output: &Path) -> io::Result<Staging> {
        let output = absolute(output)?;
        let parent = output
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent)?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        Ok(Staging { staging, output })
    }

    /// Replaces the output directory with the staged one.
    pub fn commit(self) -> io::Result<()> {
        let parent = self
            .output
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = self
            .output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let had_output = self.output.exists();
        if had_output {
            std::fs::rename(&self.output, &old)?;
        }
        if let Err(error) = std::fs::rename(&self.staging, &self.output) {
            if had_output {
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(error);
        }
        if had_output {
            remove_tree(&old)?;
        }
        Ok(())
    }

    /// Removes the staging directory; the output stays as it was.
    pub fn abandon(self) {
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
}

/// Removes a directory tree, its subdirectories in parallel. Removing the previous
/// site is the last step of a build and nothing else runs then: at 10,000 parks
/// (20,000 page folders) it took 0.7 s on one core.
fn remove_tree(directory: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(directory)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            folders.push(entry.path());
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    folders
        .par_iter()
        .try_for_each(|folder| remove_tree(folder))?;
    std::fs::remove_dir(directory)
}

fn absolute(path: &Path) -> io::Result<PathBuf> {
    if path.is_absolute() {
        Ok(path.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commit_replaces_and_an_abandon_keeps_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        std::fs::create_dir_all(output.join("en/parks/old")).unwrap();
        std::fs::write(output.join("old.html"), "old").unwrap();
        std::fs::write(output.join("en/parks/old/index.html"), "old").unwrap();
        std::fs::write(output.join("en/index.html"), "old").unwrap();

        let staging = Staging::create(&output).unwrap();
        staging.put("new/index.html", b"new").unwrap();
        staging.abandon();
        assert!(output.join("old.html").exists());

        let staging = Staging::create(&output).unwrap();
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
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output directory remains");
    }
}
