//! Watching: tells `serve` when a file the build reads has changed.
//!
//! Watches what `content::load::read` reads (`site.yaml`, `schema.yaml`, `content/`,
//! `templates/`, `static/`), never the whole root (it may hold `target/` or the output), and drops
//! events for the output folder, hidden paths and editor temp files. Events are
//! debounced: a save that touches several files, or an editor that writes a temp
//! file and renames it, gives one rebuild.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// How long the tree must stay quiet before a rebuild starts. An editor's save (a
/// temp file written and renamed) comes as events microseconds apart, so a short
/// wait gathers it; each millisecond here is one more before the page reloads. A
/// checkout that writes files over a longer span may give two rebuilds, each of them
/// correct for the files it saw.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// The folders `content::load::read` walks, relative to the root.
const FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// A running watcher; dropping it stops the watching.
pub struct Watch {
    _watcher: RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<Event>>,
    root: PathBuf,
    output: PathBuf,
}

impl Watch {
    /// Starts watching the site at `root`, ignoring anything under `output`.
    pub fn start(root: &Path, output: &Path) -> notify::Result<Watch> {
        let root = absolute(root);
        let output = absolute(output);
        let (sender, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(sender)?;
        // The root itself, not recursively: for `site.yaml`, and for the folders
        // appearing later (they are then watched on the next start only).
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        for folder in FOLDERS {
            let path = root.join(folder);
            if path.is_dir() {
                watcher.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        Ok(Watch {
            _watcher: watcher,
            events,
            root,
            output,
        })
    }

    /// Blocks until a relevant change has happened and the tree has then been quiet
    /// for [`DEBOUNCE`]; returns the changed paths (relative to the root), or `None`
    /// when the watcher has stopped. Watcher errors are printed and skipped.
    pub fn next_change(&self) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        loop {
            let received = if changed.is_empty() {
                self.events
                    .recv()
                    .map_err(|_| mpsc::RecvTimeoutError::Disconnected)
            } else {
                self.events.recv_timeout(DEBOUNCE)
            };
            match received {
                Ok(Ok(event)) => {
                    if !is_relevant_kind(&event.kind) {
                        continue;
                    }
                    for path in event.paths {
                        if let Some(relative) = self.relevant(&path) {
                            if !changed.contains(&relative) {
                                changed.push(relative);
                            }
                        }
                    }
                }
                Ok(Err(error)) => eprintln!("warning: file watcher: {error}"),
                Err(mpsc::RecvTimeoutError::Timeout) => return Some(changed),
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return (!changed.is_empty()).then_some(changed)
                }
            }
        }
    }

    /// `path` relative to the root if a change there can change the build.
    fn relevant(&self, path: &Path) -> Option<PathBuf> {
        if path.starts_with(&self.output) {
            return None;
        }
        let relative = path.strip_prefix(&self.root).ok()?.to_path_buf();
        is_watched(&relative).then_some(relative)
    }
}

/// Whether a change at `relative` (to the site root) can change the build.
pub fn is_watched(relative: &Path) -> bool {
    let mut parts = relative.components();
    let Some(Component::Normal(first)) = parts.next() else {
        return false;
    };
    let first = first.to_string_lossy();
    let in_folder = FOLDERS.contains(&first.as_ref());
    let at_root = crate::content::load::ROOT_FILES.contains(&first.as_ref());
    if !in_folder && (!at_root || parts.next().is_some()) {
        return false;
    }
    relative.components().all(|part| match part {
        Component::Normal(name) => !is_editor_noise(&name.to_string_lossy()),
        _ => false,
    })
}

/// Hidden files and folders, and the temp and backup files editors leave behind:
/// vim's `.x.swp` and `4913`, emacs's `x~` and `.#x`, and the like.
fn is_editor_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name == "4913"
        || [".swp", ".swo", ".swx", ".tmp", ".bak"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

/// Reading files (as every build does) must not trigger a rebuild.
fn is_relevant_kind(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|dir| dir.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    // Events name canonical paths (symlinks resolved); compare like with like.
    std::fs::canonicalize(&path).unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watches_only_what_the_build_reads() {
        for path in [
            "site.yaml",
            "schema.yaml",
            "content/parks/example-park.yaml",
            "templates/base.html",
            "static/style.css",
        ] {
            assert!(is_watched(Path::new(path)), "{path}");
        }
        for path in [
            "public/index.html",
            ".public.staging-12/index.html",
            "target/debug/halong",
            "content/parks/.example-park.yaml.swp",
            "content/parks/example-park.yaml~",
            "content/parks/.#example-park.yaml",
            "content/parks/4913",
            "content/.git/HEAD",
            "site.yaml/x",
            "README.md",
        ] {
            assert!(!is_watched(Path::new(path)), "{path}");
        }
    }
}
