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

    /// Stores one file at `path` that `write` writes piece by piece: a file that
    /// covers every record of a large portal (tens of megabytes) need never be whole
    /// in memory. By default the pieces are gathered and [`Sink::put`].
    fn put_streamed(&self, path: &str, write: Streamed<'_>) -> io::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.put(path, &bytes)
    }
}

/// Writes a file's bytes, in as many pieces as it likes.
pub type Streamed<'a> = &'a mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>;

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

    fn put_streamed(&self, _path: &str, write: Streamed<'_>) -> io::Result<()> {
        write(&mut io::sink())
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
        if holds(&target, bytes) {
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

/// Whether the file at `path` holds exactly `bytes`. Read a stretch at a time and
/// given up at the first difference: after an edit, a file that covers every record
/// (tens of megabytes) differs somewhere in the middle.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    if file
        .metadata()
        .map_or(true, |metadata| metadata.len() != bytes.len() as u64)
    {
        return false;
    }
    let mut buffer = vec![0; (64 * 1024).min(bytes.len().max(1))];
    let mut rest = bytes;
    loop {
        let read = match file.read(&mut buffer) {
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        };
        if read == 0 {
            return rest.is_empty();
        }
        match rest.strip_prefix(&buffer[..read]) {
            Some(after) => rest = after,
            None => return false,
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_rewritten_in_place_only_when_its_bytes_differ() {
        let dir = tempfile::tempdir().unwrap();
        let big: Vec<u8> = (0..300_000u32).map(|n| (n % 251) as u8).collect();
        let sink = InPlace::new(dir.path());
        sink.put("data/big.json", &big).unwrap();
        sink.put("data/big.json", &big).unwrap();
        assert_eq!(sink.changed(), 1, "the same bytes are not written again");
        let mut edited = big.clone();
        edited[200_000] ^= 1;
        sink.put("data/big.json", &edited).unwrap();
        sink.put("data/big.json", &edited[..299_999]).unwrap();
        sink.put("data/big.json", b"").unwrap();
        sink.put("data/big.json", b"").unwrap();
        assert_eq!(sink.changed(), 4);
        assert_eq!(
            std::fs::read(dir.path().join("data/big.json")).unwrap(),
            b""
        );
    }
}
