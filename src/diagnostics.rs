//! Diagnostics: the one error type of every stage.
//!
//! Every problem in the input becomes a [`Diagnostic`] with a severity, a stable code,
//! the file and the position (line and column, counted from 1 from the start of the
//! file), a message that says what is wrong and a help line that says how to fix it.
//! Stages collect them and carry on, so one run reports everything. This module also
//! prints them: like rustc for people, as JSON lines for tools.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported; stops `check --strict`.
    Warning,
}

/// A position in a file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1, in characters.
    pub column: usize,
}

impl Position {
    /// The start of a file.
    pub const START: Position = Position { line: 1, column: 1 };

    /// No position: the diagnostic is about a whole file or folder (an output folder
    /// that cannot be used, say), and pointing at its first character would mislead.
    /// Printed as the path alone; line and column are 0 in JSON.
    pub const NONE: Position = Position { line: 0, column: 0 };

    /// The position of a byte offset in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |index| index + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable code such as `E0102`, documented in the content guide.
    pub code: &'static str,
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// Where in the file.
    #[serde(flatten)]
    pub position: Position,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// More context: which record and language, for example.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error at a position.
    pub fn error(
        code: &'static str,
        file: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            position,
            message: message.into(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// A warning at a position.
    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, position, message)
        }
    }

    /// Adds the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file and position so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.position, a.code, &a.message).cmp(&(&b.file, b.position, b.code, &b.message))
    });
}

/// Texts of the files diagnostics point into, so the printer can show the offending line.
pub type SourceTexts = BTreeMap<PathBuf, String>;

/// Prints diagnostics like rustc: the message, `--> file:line:column`, the line, a caret.
pub fn render_human(diagnostics: &[Diagnostic], texts: &SourceTexts) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        render_one(
            &mut out,
            diagnostic,
            texts.get(&diagnostic.file).map(String::as_str),
        );
        out.push('\n');
    }
    out
}

fn render_one(out: &mut String, diagnostic: &Diagnostic, text: Option<&str>) {
    let label = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let Position { line, column } = diagnostic.position;
    let _ = writeln!(out, "{label}[{}]: {}", diagnostic.code, diagnostic.message);
    let gutter = " ".repeat(line.to_string().len());
    if diagnostic.position == Position::NONE {
        let _ = writeln!(out, "{gutter}--> {}", display_path(&diagnostic.file));
    } else {
        let _ = writeln!(
            out,
            "{gutter}--> {}:{line}:{column}",
            display_path(&diagnostic.file)
        );
    }
    let shown_line = (line > 0).then(|| line - 1);
    if let Some(source_line) =
        text.and_then(|text| shown_line.and_then(|index| text.lines().nth(index)))
    {
        let _ = writeln!(out, "{gutter} |");
        let _ = writeln!(out, "{line} | {source_line}");
        let pad: String = source_line
            .chars()
            .take(column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(out, "{gutter} | {pad}^");
    }
    for note in &diagnostic.notes {
        let _ = writeln!(out, "{gutter} = note: {note}");
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{gutter} = help: {help}");
    }
}

/// Paths are shown with forward slashes on every system.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// One JSON object per line, for CI tools.
pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        if let Ok(line) = serde_json::to_string(diagnostic) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The closest candidate to `word` within a small edit distance, for "did you mean".
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len().max(word.len()) / 3).max(2))
        .min()
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, char_a) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, char_b) in b.iter().enumerate() {
            let cost = usize::from(char_a != *char_b);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "a: 1\nname: Sông Khoai\n";
        let offset = text.find("Khoai").unwrap();
        assert_eq!(
            Position::of_offset(text, offset),
            Position {
                line: 2,
                column: 12
            }
        );
    }

    #[test]
    fn suggests_the_nearest_name() {
        assert_eq!(
            closest("ocupancy", ["occupancy", "total_area"]),
            Some("occupancy")
        );
        assert_eq!(closest("zzz", ["occupancy", "total_area"]), None);
    }

    #[test]
    fn human_output_shows_the_line_and_a_caret() {
        let mut texts = SourceTexts::new();
        texts.insert(
            PathBuf::from("content/parks/x.yaml"),
            "name: x\nzone: nowhere\n".into(),
        );
        let diagnostic = Diagnostic::error(
            "E0301",
            "content/parks/x.yaml",
            Position { line: 2, column: 7 },
            "unknown zone `nowhere`",
        )
        .with_help("use one of: north-zone");
        let printed = render_human(&[diagnostic], &texts);
        assert!(
            printed.contains("--> content/parks/x.yaml:2:7"),
            "{printed}"
        );
        assert!(printed.contains("2 | zone: nowhere"), "{printed}");
        assert!(printed.contains("  |       ^"), "{printed}");
        assert!(
            printed.contains("= help: use one of: north-zone"),
            "{printed}"
        );
    }

    #[test]
    fn a_diagnostic_about_a_whole_folder_shows_no_position() {
        let diagnostic = Diagnostic::error("E0902", "/home/me/site", Position::NONE, "refused")
            .with_help("pass another folder");
        let printed = render_human(&[diagnostic], &SourceTexts::new());
        assert!(printed.contains("--> /home/me/site\n"), "{printed}");
        assert!(!printed.contains(":1:1"), "{printed}");
        assert!(printed.contains("= help: pass another folder"), "{printed}");
    }
}
