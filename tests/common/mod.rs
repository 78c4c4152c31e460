//! Test harness: a minimal valid bilingual site that each test varies.
//!
//! The fixture uses the real theme (`templates/` and `static/` of this repository,
//! read at run time) so the tests follow the theme as it changes, and a handful of tiny
//! content files: one source, two sectors, one zone, two parks, one project, one news
//! item and one page, each in vi and en.

#![allow(dead_code)]

pub mod served;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub use halong::Diagnostic;

/// Files of a site, by path relative to its root.
#[derive(Clone)]
pub struct SiteTest {
    files: BTreeMap<String, Vec<u8>>,
    base_url: Option<String>,
}

/// What an in-memory build produced.
pub type Files = BTreeMap<String, Vec<u8>>;

pub const SITE_YAML: &str = "\
title: {vi: Cổng thử nghiệm, en: Test portal}
description: {vi: Trang thử, en: A test site}
publisher: {vi: Nhóm thử, en: Test team}
languages: [vi, en]
base_url: https://example.test/
";

pub const SOURCES: &str = "\
- id: src-one
  title: The one source
  publisher: Test publisher
  date: 2025-01-02
  language: en
  url: https://example.org/one
";

pub const SECTORS: &str = "\
electronics: {vi: Điện tử, en: Electronics}
logistics: {vi: Logistics, en: Logistics}
";

pub const ZONE: &str = "\
name: {vi: Khu kinh tế Thử, en: Test Economic Zone}
kind: coastal
status: operating
facts:
  total_area: {value: 2170, unit: km2, source: src-one, as_of: 2025-01-02}
";

pub const PARK_ALPHA: &str = "\
name: {vi: Khu công nghiệp Sông Khoai, en: Song Khoai Industrial Park}
zone: test-zone
status: operating
sectors: [electronics]
projects: [widget-factory]
facts:
  total_area: {value: 714, unit: ha, source: src-one, as_of: 2025-01-02}
  occupancy: {value: 40, unit: percent, source: src-one, as_of: 2025-01-02}
";

pub const PARK_BETA: &str = "\
name: {vi: Khu công nghiệp Bê Ta, en: Beta Industrial Park}
status: planned
facts:
  total_area: {value: 300, unit: ha, source: src-one, as_of: 2025-01-02}
";

pub const PROJECT: &str = "\
name: {vi: Nhà máy Thử, en: Widget factory}
status: operating
sectors: [electronics]
investor: Widget Co.
origin: {vi: Nhật Bản, en: Japan}
facts:
  investment: {value: 154, unit: usd_million, source: src-one, as_of: 2025-01-02}
";

pub const NEWS_VI: &str = "\
---
title: Tin thử nghiệm
date: 2025-01-02
summary: Một câu tóm tắt.
source: src-one
---
Nội dung tin về [Sông Khoai](@/parks/park-alpha).
";

pub const NEWS_EN: &str = "\
---
title: Test news
date: 2025-01-02
summary: One sentence.
source: src-one
---
News body about [Song Khoai](@/parks/park-alpha).
";

pub const PAGE_VI: &str = "\
---
title: Giới thiệu
summary: Về cổng thông tin.
menu: 10
---
## Phạm vi

Nội dung trang.
";

pub const PAGE_EN: &str = "\
---
title: About
summary: About the portal.
menu: 10
---
## Scope

Page body, see [the scope](@/pages/about#scope).
";

fn prose(summary: &str, body: &str) -> String {
    format!("---\nsummary: {summary}\n---\n{body}\n")
}

/// The repository root (where the real theme lives).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read_tree(root: &Path, folder: &str, into: &mut BTreeMap<String, Vec<u8>>) {
    let base = root.join(folder);
    let mut stack = vec![base.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(root).unwrap();
                let key = relative.to_string_lossy().replace('\\', "/");
                into.insert(key, std::fs::read(&path).unwrap());
            }
        }
    }
}

impl SiteTest {
    /// The minimal valid site with the real theme.
    pub fn new() -> SiteTest {
        let mut files = BTreeMap::new();
        read_tree(&repo(), "templates", &mut files);
        read_tree(&repo(), "static", &mut files);
        let text: Vec<(&str, String)> = vec![
            ("site.yaml", SITE_YAML.into()),
            ("content/sources.yaml", SOURCES.into()),
            ("content/sectors.yaml", SECTORS.into()),
            ("content/zones/test-zone.yaml", ZONE.into()),
            (
                "content/zones/test-zone.vi.md",
                prose("Khu kinh tế thử.", "Khu kinh tế ven biển."),
            ),
            (
                "content/zones/test-zone.en.md",
                prose("A test zone.", "A coastal zone."),
            ),
            ("content/parks/park-alpha.yaml", PARK_ALPHA.into()),
            (
                "content/parks/park-alpha.vi.md",
                prose(
                    "KCN thử.",
                    "Khu công nghiệp trong [khu kinh tế](@/zones/test-zone).",
                ),
            ),
            (
                "content/parks/park-alpha.en.md",
                prose("A test park.", "A park in the [zone](@/zones/test-zone)."),
            ),
            ("content/parks/park-beta.yaml", PARK_BETA.into()),
            (
                "content/parks/park-beta.vi.md",
                prose("KCN Bê Ta.", "Khu công nghiệp quy hoạch."),
            ),
            (
                "content/parks/park-beta.en.md",
                prose("Beta park.", "A planned park."),
            ),
            ("content/projects/widget-factory.yaml", PROJECT.into()),
            (
                "content/projects/widget-factory.vi.md",
                prose(
                    "Nhà máy thử.",
                    "Nhà máy tại [Sông Khoai](@/parks/park-alpha).",
                ),
            ),
            (
                "content/projects/widget-factory.en.md",
                prose(
                    "A widget factory.",
                    "A factory in [Song Khoai](@/parks/park-alpha).",
                ),
            ),
            ("content/news/first-news.vi.md", NEWS_VI.into()),
            ("content/news/first-news.en.md", NEWS_EN.into()),
            ("content/pages/about.vi.md", PAGE_VI.into()),
            ("content/pages/about.en.md", PAGE_EN.into()),
        ];
        for (path, text) in text {
            files.insert(path.to_string(), text.into_bytes());
        }
        SiteTest {
            files,
            base_url: None,
        }
    }

    /// A portal kept as a folder under `tests/portals/`, with the repository's theme
    /// (as `halong init` would give it).
    pub fn portal(name: &str) -> SiteTest {
        let mut files = BTreeMap::new();
        read_tree(&repo(), "templates", &mut files);
        read_tree(&repo(), "static", &mut files);
        let root = repo().join("tests/portals").join(name);
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let relative = path.strip_prefix(&root).unwrap();
                    let key = relative.to_string_lossy().replace('\\', "/");
                    files.insert(key, std::fs::read(&path).unwrap());
                }
            }
        }
        SiteTest {
            files,
            base_url: None,
        }
    }

    /// Adds or replaces a text file.
    pub fn with_file(mut self, path: &str, text: &str) -> SiteTest {
        self.files
            .insert(path.to_string(), text.as_bytes().to_vec());
        self
    }

    /// Adds or replaces a file with raw bytes (e.g. invalid UTF-8).
    pub fn with_bytes(mut self, path: &str, bytes: &[u8]) -> SiteTest {
        self.files.insert(path.to_string(), bytes.to_vec());
        self
    }

    /// Removes a file; panics if the fixture has no such file (a typo in a test).
    pub fn without_file(mut self, path: &str) -> SiteTest {
        assert!(
            self.files.remove(path).is_some(),
            "the fixture has no file {path}"
        );
        self
    }

    /// Overrides `base_url` (like `--base-url`).
    pub fn with_base_url(mut self, url: &str) -> SiteTest {
        self.base_url = Some(url.to_string());
        self
    }

    /// A file's current text in the fixture.
    pub fn text(&self, path: &str) -> String {
        String::from_utf8(self.files[path].clone()).unwrap()
    }

    pub fn options(&self) -> halong::Options {
        halong::Options {
            base_url: self.base_url.clone(),
            ..halong::Options::default()
        }
    }

    /// Writes the site's sources into `root`.
    pub fn write_to(&self, root: &Path) {
        for (path, bytes) in &self.files {
            let target = root.join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, bytes).unwrap();
        }
    }

    /// Builds in memory; invalid UTF-8 files go through disk so the loader sees bytes.
    pub fn try_build(&self) -> Result<Files, halong::Failure> {
        let input = self.input();
        let sink = halong::output::Memory::default();
        halong::build_into(&input, &self.options(), &sink)?;
        Ok(sink.into_files())
    }

    /// Builds in memory and panics with the rendered diagnostics on failure.
    pub fn build(&self) -> Files {
        match self.try_build() {
            Ok(files) => files,
            Err(failure) => panic!(
                "the build failed:\n{}",
                halong::diagnostics::render_human(&failure.diagnostics, &failure.texts)
            ),
        }
    }

    /// Builds and expects failure; returns the diagnostics.
    pub fn build_errors(&self) -> Vec<Diagnostic> {
        match self.try_build() {
            Ok(files) => panic!(
                "the build succeeded ({} files) but should have failed",
                files.len()
            ),
            Err(failure) => failure.diagnostics,
        }
    }

    /// The input as the loader would read it: text files through
    /// `Input::from_files`, `static/` files as assets (they may be binary, like the
    /// font). A text file that is not UTF-8 can only reach the loader as bytes, so
    /// such a site is read from a temp dir instead.
    pub fn input(&self) -> halong::Input {
        let is_asset = |path: &str| path.starts_with("static/");
        if self
            .files
            .iter()
            .any(|(path, bytes)| !is_asset(path) && std::str::from_utf8(bytes).is_err())
        {
            let dir = tempfile::tempdir().unwrap();
            self.write_to(dir.path());
            return halong::content::load::read(dir.path());
        }
        let texts: Vec<(&str, &str)> = self
            .files
            .iter()
            .filter(|(path, _)| !is_asset(path))
            .map(|(path, bytes)| (path.as_str(), std::str::from_utf8(bytes).unwrap()))
            .collect();
        let mut input = halong::Input::from_files(texts);
        for (path, bytes) in &self.files {
            if let Some(asset) = path.strip_prefix("static/") {
                input.assets.push(halong::content::model::Asset {
                    path: asset.to_string(),
                    bytes: bytes.clone().into(),
                });
            }
        }
        input
    }

    /// Writes the site to a temp dir and builds it with the CLI into `<tmp>/public`.
    pub fn build_to_dir(&self) -> Built {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        self.write_to(&root);
        let output = dir.path().join("public");
        let run = cli_build(&root, &output, self.base_url.as_deref());
        assert!(run.status.success(), "halong build failed:\n{}", run.stderr);
        Built { dir, root, output }
    }
}

/// A site built on disk: the temp dir is removed when this is dropped.
pub struct Built {
    pub dir: tempfile::TempDir,
    pub root: PathBuf,
    pub output: PathBuf,
}

/// What a CLI run printed.
pub struct Run {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

pub fn halong(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_halong"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run halong");
    Run {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs halong as a terminal-less user would: standard output and error are pipes,
/// and no colour variable is set except those in `env`.
pub fn halong_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_halong"));
    command.args(args);
    for variable in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        command.env_remove(variable);
    }
    command.envs(env.iter().copied());
    let output = command.output().expect("run halong");
    Run {
        status: output.status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn cli_build(root: &Path, output: &Path, base_url: Option<&str>) -> Run {
    let root = root.to_str().unwrap();
    let output = output.to_str().unwrap();
    let mut args = vec!["build", "--root", root, "--output", output];
    if let Some(url) = base_url {
        args.extend(["--base-url", url]);
    }
    halong(&args)
}

/// Every file under `dir`, by relative path with `/`.
pub fn read_dir_files(dir: &Path) -> Files {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let key = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(key, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// A built file as text.
pub fn page<'a>(files: &'a Files, path: &str) -> &'a str {
    let bytes = files.get(path).unwrap_or_else(|| {
        panic!(
            "no output file {path}; the build wrote:\n  {}",
            files.keys().cloned().collect::<Vec<_>>().join("\n  ")
        )
    });
    std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is not UTF-8"))
}

/// `code file:line:column` for each diagnostic that is an error.
pub fn error_lines(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            format!(
                "{} {}:{}:{}",
                d.code,
                d.file.to_string_lossy().replace('\\', "/"),
                d.position.line,
                d.position.column
            )
        })
        .collect()
}

/// The values of every `attr="..."` in `html` (HTML entities `&amp;` decoded).
pub fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let mut values = Vec::new();
    let needle = format!("{attr}=\"");
    let mut rest = html;
    while let Some(index) = rest.find(&needle) {
        // Only whole attribute names: the character before must be whitespace.
        let before = rest[..index].chars().last();
        rest = &rest[index + needle.len()..];
        let Some(end) = rest.find('"') else { break };
        if matches!(before, Some(c) if c.is_whitespace()) {
            values.push(rest[..end].replace("&amp;", "&").replace("&#x2F;", "/"));
        }
        rest = &rest[end..];
    }
    values
}

/// Every `<link ...>` / `<a ...>` start tag containing all the given fragments.
pub fn tags_with<'a>(html: &'a str, fragments: &[&str]) -> Vec<&'a str> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        if fragments.iter().all(|f| tag.contains(f)) {
            tags.push(tag);
        }
        rest = &rest[end..];
    }
    tags
}

/// The value of `attr` in one start tag.
pub fn attr_of(tag: &str, attr: &str) -> Option<String> {
    attribute_values(tag, attr).into_iter().next()
}

/// A minimal CSV reader (RFC 4180: quoted cells, doubled quotes, line breaks in
/// quotes), to read the open data the way a spreadsheet does.
pub fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut characters = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(character) = characters.next() {
        match (quoted, character) {
            (true, '"') if characters.peek() == Some(&'"') => {
                cell.push('"');
                characters.next();
            }
            (true, '"') => quoted = false,
            (true, other) => cell.push(other),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') if characters.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, other) => cell.push(other),
        }
    }
    assert!(!quoted, "a quote is never closed");
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}
