//! Load: the only stage that reads files. Walks `site.yaml`, `schema.yaml`,
//! `content/`, `templates/` and `static/` under the site root and returns their texts (NFC-normalised, sorted
//! by path) and the static files' bytes. It parses nothing; a file that is not UTF-8
//! becomes a diagnostic, and the Unicode noncharacters pages use as marks
//! ([`crate::i18n::mark`]) are dropped. [`refresh`] re-reads only the files `serve` saw change.

mod decode;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::content::model::Asset;
use crate::content::skipped::{is_passed_over, skip_reason};
use crate::diagnostics::{Diagnostic, Position};
use decode::{decode, read_file, Decoded};

/// The largest text file (YAML, Markdown, template) halong reads: a portal's largest,
/// its list of sources, is tens of kilobytes, and a thousand times that still is not
/// a portal. Larger files are refused before they are read, so that a mistaken file
/// (a data dump, a video renamed `.yaml`) cannot exhaust memory. Files under `static/`
/// are only copied, and may be larger.
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// A text file, its path relative to the site root.
#[derive(Debug, Clone, PartialEq)]
pub struct TextFile {
    /// Relative path, e.g. `content/parks/song-khoai.yaml`.
    pub path: PathBuf,
    /// Its text, in NFC.
    pub text: String,
    /// Which read this is: every read of any file gets a new number, so a cache of
    /// what was made from a file knows it is stale without comparing texts.
    pub revision: u64,
}

/// The list a text file goes in.
enum Texts<'a> {
    Content(&'a mut Vec<Arc<TextFile>>),
    Templates(&'a mut Vec<TextFile>),
}

/// The files read at the root of the site, besides its folders.
pub const ROOT_FILES: [&str; 2] = ["site.yaml", crate::content::schema::FILE];

/// Numbers the reads of this process (see [`TextFile::revision`]).
static READS: AtomicU64 = AtomicU64::new(0);

/// Everything a build reads.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// `site.yaml`.
    pub site: Option<TextFile>,
    /// `schema.yaml`, if the portal has one.
    pub schema: Option<TextFile>,
    /// Files under `content/`. Shared: validation hands each record's files on to
    /// the work on that record, and a build lets go of them as it goes
    /// ([`crate::content::validate::validate_releasing`]).
    pub content: Vec<Arc<TextFile>>,
    /// Files under `templates/` (templates and i18n files).
    pub templates: Vec<TextFile>,
    /// Files under `static/`.
    pub assets: Vec<Asset>,
    /// Files that could not be read.
    pub diagnostics: Vec<Diagnostic>,
}

impl Input {
    /// Builds an input from in-memory files (tests, `init`): text files by path; paths
    /// under `static/` become assets.
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Input {
        let mut input = Input::default();
        for (path, text) in files {
            input.add(PathBuf::from(path), text.as_bytes().to_vec());
        }
        input.sort();
        input
    }

    fn add(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.place(decode(path, bytes));
    }

    /// Puts a decoded file where it belongs (at the end: [`Input::sort`] follows).
    fn place(&mut self, file: Decoded) {
        match file {
            Decoded::Asset(asset) => self.assets.push(asset),
            Decoded::Unreadable(diagnostic) => self.diagnostics.push(diagnostic),
            Decoded::Text(file) => match self.texts_for(&file.path) {
                Some(Texts::Content(files)) => files.push(Arc::new(file)),
                Some(Texts::Templates(files)) => files.push(file),
                None => self.put_root_file(file),
            },
        }
    }

    /// Puts `site.yaml` or `schema.yaml` in its place.
    fn put_root_file(&mut self, file: TextFile) {
        if file.path == Path::new(crate::content::schema::FILE) {
            self.schema = Some(file);
        } else {
            self.site = Some(file);
        }
    }

    /// Puts a decoded file in its sorted place: one file read again need not sort
    /// the tens of thousands of others.
    fn place_sorted(&mut self, file: Decoded) {
        match file {
            Decoded::Asset(asset) => {
                let at = self.assets.partition_point(|known| known.path < asset.path);
                self.assets.insert(at, asset);
            }
            Decoded::Unreadable(diagnostic) => self.diagnostics.push(diagnostic),
            Decoded::Text(file) => {
                let before = |known: &TextFile| path_order(&known.path, &file.path).is_lt();
                match self.texts_for(&file.path) {
                    Some(Texts::Content(files)) => {
                        let at = files.partition_point(|known| before(known));
                        files.insert(at, Arc::new(file));
                    }
                    Some(Texts::Templates(files)) => {
                        let at = files.partition_point(before);
                        files.insert(at, file);
                    }
                    None => self.put_root_file(file),
                }
            }
        }
    }

    /// The list a text file at `path` goes in; `None` for `site.yaml` and
    /// `schema.yaml`.
    fn texts_for(&mut self, path: &Path) -> Option<Texts<'_>> {
        if ROOT_FILES.iter().any(|name| path == Path::new(name)) {
            None
        } else if path.starts_with("templates") {
            Some(Texts::Templates(&mut self.templates))
        } else {
            Some(Texts::Content(&mut self.content))
        }
    }

    /// Drops the file at `path` and any diagnostic about it.
    fn forget(&mut self, path: &Path) {
        // Compared as bytes: comparing paths component by component is much slower,
        // and this runs over every file of the portal.
        let same = |known: &Path| known.as_os_str() == path.as_os_str();
        if self.site.as_ref().is_some_and(|file| same(&file.path)) {
            self.site = None;
        }
        if self.schema.as_ref().is_some_and(|file| same(&file.path)) {
            self.schema = None;
        }
        self.content.retain(|file| !same(&file.path));
        self.templates.retain(|file| !same(&file.path));
        if let Ok(asset_path) = path.strip_prefix("static") {
            self.assets
                .retain(|asset| Path::new(&asset.path) != asset_path);
        }
        self.diagnostics
            .retain(|diagnostic| !same(&diagnostic.file));
    }

    /// Whether the file at `path` was read (or could not be).
    fn holds(&self, path: &Path) -> bool {
        let asset_path = path.strip_prefix("static").ok();
        self.content
            .iter()
            .map(|file| &**file)
            .chain(&self.templates)
            .any(|file| file.path.as_os_str() == path.as_os_str())
            || self
                .assets
                .iter()
                .any(|asset| Some(Path::new(&asset.path)) == asset_path)
            || self
                .diagnostics
                .iter()
                .any(|diagnostic| diagnostic.file == path)
    }

    /// Whether any file read lies under `path`.
    fn holds_folder(&self, path: &Path) -> bool {
        let asset_path = path.strip_prefix("static").ok();
        self.content
            .iter()
            .map(|file| &**file)
            .chain(&self.templates)
            .any(|file| file.path.starts_with(path) && file.path != path)
            || asset_path.is_some_and(|folder| {
                self.assets.iter().any(|asset| {
                    Path::new(&asset.path).starts_with(folder) && Path::new(&asset.path) != folder
                })
            })
    }

    fn sort(&mut self) {
        self.content.sort_by(|a, b| path_order(&a.path, &b.path));
        self.templates.sort_by(|a, b| path_order(&a.path, &b.path));
        self.assets.sort_by(|a, b| a.path.cmp(&b.path));
    }

    /// The theme's templates by name below `templates/` (`base.html`), without its UI
    /// strings (`templates/i18n/`), in the order of their paths.
    pub fn theme_templates(&self) -> impl Iterator<Item = (&str, &str)> {
        self.templates.iter().filter_map(|file| {
            let name = file.path.to_str()?.strip_prefix("templates/")?;
            (!name.starts_with("i18n/")).then_some((name, file.text.as_str()))
        })
    }

    /// The text of a file, by relative path.
    pub fn text(&self, path: &Path) -> Option<&str> {
        self.site
            .iter()
            .chain(&self.schema)
            .chain(self.content.iter().map(|file| &**file))
            .chain(&self.templates)
            .find(|file| file.path == path)
            .map(|file| file.text.as_str())
    }
}

/// The order of `Path`s (component by component), found by comparing bytes with the
/// separator below every other byte: for the clean relative paths the walk gives (no
/// `.`, no doubled or trailing separators) the two agree, and sorting the 30,000 files
/// of a 10,000-park portal by components took longer than reading them.
fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let key = |byte: &u8| {
        if std::path::is_separator(char::from(*byte)) {
            0
        } else {
            *byte
        }
    };
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    // Past the common start at once; the rest byte by byte.
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    a[common..].iter().map(key).cmp(b[common..].iter().map(key))
}

/// Reads a site from disk.
pub fn read(root: &Path) -> Input {
    let mut input = Input::default();
    let site = root.join("site.yaml");
    match std::fs::read(&site) {
        Ok(bytes) => input.add(PathBuf::from("site.yaml"), bytes),
        Err(error) => input.diagnostics.push(
            Diagnostic::error("E0001", "site.yaml", Position::NONE, format!("cannot read site.yaml: {error}"))
                .with_help(format!("run halong in the portal's folder, pass --root DIR, or create one with `halong init` (looked in {})", root.display())),
        ),
    }
    // A portal without a schema uses the built-in one.
    let schema = root.join(crate::content::schema::FILE);
    if schema.is_file() {
        input.place(read_file(
            PathBuf::from(crate::content::schema::FILE),
            &schema,
        ));
    }
    let mut files = Vec::new();
    for folder in ["content", "templates", "static"] {
        let base = root.join(folder);
        if !base.is_dir() {
            continue;
        }
        let mut skipped = Vec::new();
        // Not sorted here: the files are sorted once read.
        let walk = WalkDir::new(&base)
            .into_iter()
            .filter_entry(|entry| match skip_reason(entry) {
                None => true,
                Some(reason) => {
                    skipped.push((relative(root, entry.path()), reason));
                    false
                }
            });
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error
                        .path()
                        .map(|p| relative(root, p))
                        .unwrap_or_else(|| PathBuf::from(folder));
                    input.diagnostics.push(Diagnostic::error(
                        "E0001",
                        path,
                        Position::NONE,
                        format!("cannot read: {error}"),
                    ));
                    continue;
                }
            };
            if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
        input.diagnostics.extend(
            skipped
                .into_iter()
                .filter_map(|(path, reason)| reason.warning(path)),
        );
    }
    // Reading and decoding are independent per file: on every core.
    let decoded: Vec<Decoded> = files
        .into_par_iter()
        .map(|full| read_file(relative(root, &full), &full))
        .collect();
    for file in decoded {
        input.place(file);
    }
    input.sort();
    input
}

/// Reads again the content files at `paths` that `input` no longer holds: a build's
/// validation lets go of each record's texts once the record is validated
/// ([`crate::content::validate::validate_releasing`]), and a diagnostic about one of
/// them is printed with its lines.
pub fn read_again(root: &Path, input: &mut Input, paths: &[&Path]) {
    let mut wanted: Vec<&Path> = paths
        .iter()
        .copied()
        .filter(|path| path.starts_with("content") && !input.holds(path))
        .collect();
    wanted.sort();
    wanted.dedup();
    for path in wanted {
        input.place_sorted(read_file(path.to_path_buf(), &root.join(path)));
    }
}

/// What [`refresh`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refreshed {
    /// Only files that were read before changed.
    Edited,
    /// A file appeared or went: names, lists and links may change on every page.
    AddedOrRemoved,
    /// Nothing was read: the change is not a set of plain files (a folder appeared or
    /// went, `site.yaml` changed); read everything again.
    NotDone,
}

/// Brings `input` up to date after the files at `changed` (relative to `root`) were
/// created, modified or removed: only those are read again, so a one-file edit on a
/// large portal costs one read.
pub fn refresh(root: &Path, input: &mut Input, changed: &[PathBuf]) -> Refreshed {
    let mut updates = Vec::new();
    for path in changed {
        let text_path = path.to_string_lossy().replace('\\', "/");
        let at_root = ROOT_FILES.contains(&text_path.as_str());
        let in_site = at_root
            || ["content/", "templates/", "static/"]
                .iter()
                .any(|folder| text_path.starts_with(folder));
        if !in_site
            || path
                .components()
                .any(|part| is_passed_over(part.as_os_str()))
        {
            continue;
        }
        // `site.yaml` and `schema.yaml` change every page; a full read also reports
        // `site.yaml` missing.
        if at_root {
            return Refreshed::NotDone;
        }
        let full = root.join(path);
        match std::fs::symlink_metadata(&full) {
            Ok(metadata) if metadata.is_file() => updates.push((path, Some(full))),
            Ok(_) => return Refreshed::NotDone,
            // Gone: unless it was a folder, which took its files with it.
            Err(_) if input.holds_folder(path) => return Refreshed::NotDone,
            Err(_) => updates.push((path, None)),
        }
    }
    let mut refreshed = Refreshed::Edited;
    for (path, full) in updates {
        // A temporary file that came and went between two looks changes nothing.
        if input.holds(path) != full.is_some() {
            refreshed = Refreshed::AddedOrRemoved;
        }
        input.forget(path);
        if let Some(full) = full {
            input.place_sorted(read_file(path.clone(), &full));
        }
    }
    refreshed
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn paths_are_ordered_as_path_orders_them() {
        let paths = [
            "content/parks/a.yaml",
            "content/parks-x/b.yaml",
            "content/parks/a.en.md",
            "content/park/z.yaml",
            "content/parks.yaml",
            "content/parks/ab/c.md",
            "content/parks/a/c.md",
            "content",
            "templates/base.html",
            "content/parks/Đông.yaml",
        ];
        for a in paths {
            for b in paths {
                let (a, b) = (Path::new(a), Path::new(b));
                assert_eq!(path_order(a, b), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    use super::*;

    /// Writes `text` to `path` below `root`, making its folders.
    fn write_file(root: &Path, path: &str, text: &str) {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }

    #[test]
    fn files_are_sorted_into_their_places_and_normalised() {
        let decomposed = "Sông".nfd().collect::<String>();
        let input = Input::from_files([
            ("site.yaml", "title: x"),
            ("content/parks/b.yaml", decomposed.as_str()),
            ("content/parks/a.yaml", "name: a"),
            ("templates/base.html", "<html>"),
            ("static/style.css", "body{}"),
        ]);
        assert!(input.site.is_some());
        assert_eq!(input.content[0].path, PathBuf::from("content/parks/a.yaml"));
        assert_eq!(input.content[1].text, "Sông");
        let marked = Input::from_files([("content/a.yaml", "name: a\u{FDD0}b\u{FDD2}")]);
        assert_eq!(
            marked.content[0].text, "name: ab",
            "marks never come from input"
        );
        assert_eq!(input.templates.len(), 1);
        assert_eq!(input.assets[0].path, "style.css");
    }

    #[test]
    fn refreshing_changed_files_gives_what_a_full_read_gives() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &str, text: &str| write_file(root, path, text);
        write("site.yaml", "title: x");
        write("content/parks/a.yaml", "name: a");
        write("content/parks/b.yaml", "name: b");
        write("templates/base.html", "<html>");
        write("static/style.css", "body{}");
        let mut input = read(root);
        let unchanged = input.content[0].revision;

        write("content/parks/b.yaml", "name: b2");
        write(
            "content/parks/c.yaml",
            "name: \u{1ec7}".nfd().collect::<String>().as_str(),
        );
        write("static/app.js", "go()");
        std::fs::remove_file(root.join("static/style.css")).unwrap();
        write("content/parks/.b.yaml.swp", "editor state");
        let changed = [
            "content/parks/b.yaml",
            "content/parks/c.yaml",
            "static/app.js",
            "static/style.css",
            "content/parks/.b.yaml.swp",
        ]
        .map(PathBuf::from);
        assert_eq!(
            refresh(root, &mut input, &changed),
            Refreshed::AddedOrRemoved
        );

        let fresh = read(root);
        let texts = |input: &Input| -> Vec<(PathBuf, String)> {
            input
                .content
                .iter()
                .map(|file| &**file)
                .chain(&input.templates)
                .map(|file| (file.path.clone(), file.text.clone()))
                .collect()
        };
        assert_eq!(texts(&input), texts(&fresh));
        assert_eq!(input.assets, fresh.assets);
        assert_eq!(
            input.content[0].revision, unchanged,
            "a.yaml was not read again"
        );
        assert_ne!(input.content[1].revision, fresh.content[1].revision);

        std::fs::remove_dir_all(root.join("content/parks")).unwrap();
        let changed = [PathBuf::from("content/parks")];
        assert_eq!(
            refresh(root, &mut input, &changed),
            Refreshed::NotDone,
            "a folder went"
        );

        write("content/parks/a.yaml", "name: a2");
        let changed = [PathBuf::from("content/parks/a.yaml")];
        let mut input = read(root);
        assert_eq!(refresh(root, &mut input, &changed), Refreshed::Edited);
        assert_eq!(input.content[0].text, "name: a2");
    }

    #[test]
    fn skipped_files_are_warned_about_once_unless_they_are_junk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &str, text: &str| write_file(root, path, text);
        write("site.yaml", "title: x");
        write("content/parks/a.yaml", "name: a");
        write("content/parks/.draft.yaml", "name: d");
        write("content/.old/parks/b.yaml", "name: b");
        write("content/.old/parks/c.yaml", "name: c");
        for junk in [
            ".DS_Store",
            "._a.yaml",
            "Thumbs.db",
            ".a.yaml.swp",
            "a.yaml~",
            "#a.yaml#",
            ".gitkeep",
        ] {
            write(&format!("content/parks/{junk}"), "junk");
        }
        write("static/.hidden.css", "body{}");
        let outside = root.join("elsewhere.yaml");
        std::fs::write(&outside, "name: e").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, root.join("content/parks/linked.yaml")).unwrap();

        let input = read(root);
        let read_paths: Vec<&Path> = input.content.iter().map(|f| f.path.as_path()).collect();
        assert_eq!(read_paths, [Path::new("content/parks/a.yaml")]);
        let mut warnings: Vec<(&str, String)> = input
            .diagnostics
            .iter()
            .map(|d| (d.code, crate::diagnostics::display_path(&d.file)))
            .collect();
        warnings.sort();
        let mut expected = vec![
            ("W0002", "content/.old".to_string()),
            ("W0002", "content/parks/.draft.yaml".to_string()),
            ("W0002", "static/.hidden.css".to_string()),
        ];
        if cfg!(unix) {
            expected.push(("W0001", "content/parks/linked.yaml".to_string()));
        }
        expected.sort();
        assert_eq!(warnings, expected);
        assert!(input.diagnostics.iter().all(|d| !d.is_error()));
    }

    #[test]
    fn a_text_file_over_the_limit_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("site.yaml"), "title: x").unwrap();
        std::fs::create_dir_all(root.join("content/parks")).unwrap();
        let big = "a: [".to_string() + &"1,".repeat(MAX_TEXT_BYTES / 2) + "1]\n";
        std::fs::write(root.join("content/parks/big.yaml"), &big).unwrap();
        let input = read(root);
        assert!(input.content.is_empty());
        let diagnostic = &input.diagnostics[0];
        assert_eq!(
            (diagnostic.code, diagnostic.file.as_path()),
            ("E0003", Path::new("content/parks/big.yaml"))
        );
        assert_eq!(
            diagnostic.message,
            "this file is 2.1 MB; halong reads text files of up to 2 MB"
        );
        // The same for files given in memory.
        let input = Input::from_files([("content/parks/big.yaml", big.as_str())]);
        assert_eq!(input.diagnostics[0].code, "E0003");
    }

    #[test]
    fn invalid_utf8_is_a_diagnostic() {
        let mut input = Input::default();
        input.add(
            PathBuf::from("content/parks/x.yaml"),
            b"name: a\nzone: \xff\n".to_vec(),
        );
        assert_eq!(input.diagnostics[0].code, "E0002");
        assert_eq!(
            input.diagnostics[0].position,
            Position { line: 2, column: 7 }
        );
    }
}
