//! Write: the only stage that writes files. Outputs go through a [`Sink`]: a
//! [`Staging`] directory beside the output, swapped into place only when the whole
//! build succeeded (so a failed build leaves the previous site untouched), or
//! [`Memory`] for tests and previews. Before a build touches anything,
//! [`destination::check`] makes sure the output folder is one it may replace; every
//! output carries a [`MARKER`] file saying halong made it.

pub mod destination;
mod staging;

pub use destination::{Destination, MARKER};
pub use staging::Staging;

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
