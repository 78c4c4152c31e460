//! Load: the only stage that reads files. Walks `site.yaml`, `content/`, `templates/`
//! and `static/` under the site root and returns their texts (NFC-normalised, sorted
//! by path) and the static files' bytes. It parses nothing; a file that is not UTF-8
//! becomes a diagnostic.

use std::path::{Path, PathBuf};

use unicode_normalization::{is_nfc, UnicodeNormalization};
use walkdir::WalkDir;

use crate::content::model::Asset;
use crate::diagnostics::{Diagnostic, Position};

/// A text file, its path relative to the site root.
#[derive(Debug, Clone, PartialEq)]
pub struct TextFile {
    /// Relative path, e.g. `content/parks/song-khoai.yaml`.
    pub path: PathBuf,
    /// Its text, in NFC.
    pub text: String,
}

/// Everything a build reads.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// `site.yaml`.
    pub site: Option<TextFile>,
    /// Files under `content/`.
    pub content: Vec<TextFile>,
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
        let text_path = path.to_string_lossy().replace('\\', "/");
        if let Some(asset_path) = text_path.strip_prefix("static/") {
            self.assets.push(Asset {
                path: asset_path.to_string(),
                bytes,
            });
            return;
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let bytes = error.as_bytes();
                let before = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                self.diagnostics.push(
                    Diagnostic::error(
                        "E0002",
                        &path,
                        Position::of_offset(&before, valid),
                        "this file is not valid UTF-8",
                    )
                    .with_help(
                        "save the file as UTF-8 (in most editors: Save with encoding > UTF-8)",
                    ),
                );
                return;
            }
        };
        // Some editors save Vietnamese decomposed (NFD); compare and match in NFC.
        let text = if is_nfc(&text) {
            text
        } else {
            text.nfc().collect()
        };
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        let file = TextFile { path, text };
        if text_path == "site.yaml" {
            self.site = Some(file);
        } else if text_path.starts_with("templates/") {
            self.templates.push(file);
        } else {
            self.content.push(file);
        }
    }

    fn sort(&mut self) {
        self.content.sort_by(|a, b| a.path.cmp(&b.path));
        self.templates.sort_by(|a, b| a.path.cmp(&b.path));
        self.assets.sort_by(|a, b| a.path.cmp(&b.path));
    }

    /// The text of a file, by relative path.
    pub fn text(&self, path: &Path) -> Option<&str> {
        self.site
            .iter()
            .chain(&self.content)
            .chain(&self.templates)
            .find(|file| file.path == path)
            .map(|file| file.text.as_str())
    }
}

/// Reads a site from disk.
pub fn read(root: &Path) -> Input {
    let mut input = Input::default();
    let site = root.join("site.yaml");
    match std::fs::read(&site) {
        Ok(bytes) => input.add(PathBuf::from("site.yaml"), bytes),
        Err(error) => input.diagnostics.push(
            Diagnostic::error("E0001", "site.yaml", Position::START, format!("cannot read site.yaml: {error}"))
                .with_help(format!("run halong in the portal's folder, pass --root DIR, or create one with `halong init` (looked in {})", root.display())),
        ),
    }
    for folder in ["content", "templates", "static"] {
        let base = root.join(folder);
        if !base.is_dir() {
            continue;
        }
        for entry in WalkDir::new(&base)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| !is_ignored(entry.file_name()))
        {
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
                        Position::START,
                        format!("cannot read: {error}"),
                    ));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = relative(root, entry.path());
            match std::fs::read(entry.path()) {
                Ok(bytes) => input.add(path, bytes),
                Err(error) => input.diagnostics.push(
                    Diagnostic::error(
                        "E0001",
                        path,
                        Position::START,
                        format!("cannot read: {error}"),
                    )
                    .with_help("check the file's permissions"),
                ),
            }
        }
    }
    input.sort();
    input
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Editor droppings and hidden files are never content.
fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(input.templates.len(), 1);
        assert_eq!(input.assets[0].path, "style.css");
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
