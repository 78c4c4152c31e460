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

/// The positions of byte offsets in `text`, in one pass over it however many there
/// are (a prose file may hold thousands of links). Offsets may come in any order.
pub fn positions_of(text: &str, offsets: &[usize]) -> Vec<Position> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&index| offsets[index]);
    let mut positions = vec![Position::START; offsets.len()];
    // A cursor moved forward through the text: its offset, line and column. Lines
    // are counted as bytes (a newline is one byte in UTF-8), characters only on the
    // last line: every link of every page is located, most of them in long files.
    let (mut at, mut line, mut column) = (0, 1, 1);
    for index in order {
        let target = floor_char_boundary(text, offsets[index].min(text.len()));
        let stretch = &text[at..target];
        match stretch.rfind('\n') {
            Some(last) => {
                line += memchr::memchr_iter(b'\n', stretch.as_bytes()).count();
                column = 1 + stretch[last + 1..].chars().count();
            }
            None => column += stretch.chars().count(),
        }
        at = target;
        positions[index] = Position { line, column };
    }
    positions
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

/// How many diagnostics are shown for one file. Past a hundred problems the rest are
/// noise (and a hostile file could hold millions): they are counted in one more.
pub const SHOWN_PER_FILE: usize = 100;

/// Keeps the first [`SHOWN_PER_FILE`] diagnostics of each file, in the order they were
/// found, and adds one that counts the rest (an error if any of them is).
pub fn limit_per_file(diagnostics: &mut Vec<Diagnostic>) {
    let mut shown: BTreeMap<PathBuf, (usize, Position)> = BTreeMap::new();
    let mut hidden: BTreeMap<PathBuf, (usize, bool)> = BTreeMap::new();
    diagnostics.retain(|diagnostic| {
        let (count, last) = shown.entry(diagnostic.file.clone()).or_default();
        *count += 1;
        if *count <= SHOWN_PER_FILE {
            *last = (*last).max(diagnostic.position);
            return true;
        }
        let (more, any_error) = hidden.entry(diagnostic.file.clone()).or_default();
        *more += 1;
        *any_error |= diagnostic.is_error();
        false
    });
    for (file, (more, any_error)) in hidden {
        // After the shown ones once sorted by position.
        let position = shown.get(&file).map_or(Position::START, |(_, last)| *last);
        let message = format!("{more} more problems in this file are not shown");
        let summary = if any_error {
            Diagnostic::error("E0004", file, position, message)
        } else {
            Diagnostic::warning("W0004", file, position, message)
        };
        diagnostics.push(summary.with_help(format!(
            "fix the first {SHOWN_PER_FILE}, then run `halong check` again"
        )));
    }
}

/// Texts of the files diagnostics point into, so the printer can show the offending line.
pub type SourceTexts = BTreeMap<PathBuf, String>;

/// Prints diagnostics like rustc: the message, `--> file:line:column`, the line, a caret.
pub fn render_human(diagnostics: &[Diagnostic], texts: &SourceTexts) -> String {
    render_styled(diagnostics, texts, &Palette::PLAIN)
}

/// Styles for the parts of a printed diagnostic. The text is the same with any
/// palette; [`Palette::COLOURED`] adds ANSI escapes (rustc's colours), which the
/// command line strips again when the output is not a terminal or colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    /// `error[E…]` and the caret under an error.
    pub error: anstyle::Style,
    /// `warning[W…]` and the caret under a warning.
    pub warning: anstyle::Style,
    /// The message after the code.
    pub message: anstyle::Style,
    /// `-->`, the gutter and its line numbers.
    pub frame: anstyle::Style,
    /// `note:` and `help:`.
    pub label: anstyle::Style,
}

impl Palette {
    /// No styles: plain text.
    pub const PLAIN: Palette = Palette {
        error: anstyle::Style::new(),
        warning: anstyle::Style::new(),
        message: anstyle::Style::new(),
        frame: anstyle::Style::new(),
        label: anstyle::Style::new(),
    };

    /// rustc's colours: red errors, yellow warnings, a blue frame, bold messages.
    pub const COLOURED: Palette = Palette {
        error: anstyle::AnsiColor::BrightRed.on_default().bold(),
        warning: anstyle::AnsiColor::BrightYellow.on_default().bold(),
        message: anstyle::Style::new().bold(),
        frame: anstyle::AnsiColor::BrightBlue.on_default().bold(),
        label: anstyle::Style::new().bold(),
    };
}

/// [`render_human`] with the parts styled by `palette`.
pub fn render_styled(diagnostics: &[Diagnostic], texts: &SourceTexts, palette: &Palette) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        render_one(
            &mut out,
            diagnostic,
            texts.get(&diagnostic.file).map(String::as_str),
            palette,
        );
        out.push('\n');
    }
    out
}

/// `text` in `style` (nothing added for a plain style).
fn styled(style: anstyle::Style, text: impl std::fmt::Display) -> String {
    format!("{}{text}{}", style.render(), style.render_reset())
}

fn render_one(out: &mut String, diagnostic: &Diagnostic, text: Option<&str>, palette: &Palette) {
    let (label, accent) = match diagnostic.severity {
        Severity::Error => ("error", palette.error),
        Severity::Warning => ("warning", palette.warning),
    };
    let frame = |text: &str| styled(palette.frame, text);
    let Position { line, column } = diagnostic.position;
    let _ = writeln!(
        out,
        "{}{}",
        styled(accent, format_args!("{label}[{}]", diagnostic.code)),
        styled(palette.message, format_args!(": {}", diagnostic.message))
    );
    let gutter = " ".repeat(line.to_string().len());
    if diagnostic.position == Position::NONE && is_flag(&diagnostic.file) {
        // About a command-line flag (the message names it): there is no file to show.
    } else if diagnostic.position == Position::NONE {
        let _ = writeln!(
            out,
            "{gutter}{} {}",
            frame("-->"),
            display_path(&diagnostic.file)
        );
    } else {
        let _ = writeln!(
            out,
            "{gutter}{} {}:{line}:{column}",
            frame("-->"),
            display_path(&diagnostic.file)
        );
    }
    let shown_line = (line > 0).then(|| line - 1);
    if let Some(source_line) =
        text.and_then(|text| shown_line.and_then(|index| text.lines().nth(index)))
    {
        let (shown, caret_column) = window(source_line, column);
        let _ = writeln!(out, "{}", frame(&format!("{gutter} |")));
        let _ = writeln!(out, "{} {shown}", frame(&format!("{line} |")));
        let pad: String = shown
            .chars()
            .take(caret_column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let _ = writeln!(
            out,
            "{} {pad}{}",
            frame(&format!("{gutter} |")),
            styled(accent, "^")
        );
    }
    for note in &diagnostic.notes {
        let _ = writeln!(out, "{gutter} {} {note}", styled(palette.label, "= note:"));
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{gutter} {} {help}", styled(palette.label, "= help:"));
    }
}

/// How many characters of a source line are printed: a file may be one line of
/// hundreds of kilobytes.
const LINE_WINDOW: usize = 120;

/// The part of `line` to print around `column` (elided with `…` when the line is
/// longer than [`LINE_WINDOW`]), and the caret's column in it.
fn window(line: &str, column: usize) -> (String, usize) {
    // Control characters (a lone carriage return moves a terminal's cursor) are shown
    // as their symbols, one character each, so the caret stays under its column.
    let line: String = line
        .chars()
        .map(|c| match c {
            '\t' => c,
            '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('?'),
            '\u{7f}' => '\u{2421}',
            _ => c,
        })
        .collect();
    let length = line.chars().count();
    if length <= LINE_WINDOW {
        return (line, column);
    }
    let first = column
        .saturating_sub(LINE_WINDOW / 2)
        .min(length - LINE_WINDOW);
    let mut shown: String = line.chars().skip(first).take(LINE_WINDOW).collect();
    let mut caret = column - first;
    if first > 0 {
        shown.insert(0, '…');
        caret += 1;
    }
    if first + LINE_WINDOW < length {
        shown.push('…');
    }
    (shown, caret)
}

/// Whether a diagnostic's "file" is a command-line flag such as `--base-url`.
fn is_flag(file: &Path) -> bool {
    file.to_string_lossy().starts_with("--")
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
    fn positions_of_many_offsets_match_one_at_a_time() {
        let text = "a: 1\nname: Sông Khoai\n\n[x](y) Đông [z](w)\nend";
        let offsets: Vec<usize> = [30, 0, 5, 12, text.len(), 29, 7, 9999]
            .into_iter()
            .map(|offset| offset.min(text.len() + 5))
            .collect();
        let one_at_a_time: Vec<Position> = offsets
            .iter()
            .map(|&offset| Position::of_offset(text, offset))
            .collect();
        assert_eq!(positions_of(text, &offsets), one_at_a_time);
    }

    #[test]
    fn past_a_hundred_the_diagnostics_of_a_file_are_counted_in_one() {
        let at = |line| Position { line, column: 1 };
        let mut diagnostics: Vec<Diagnostic> = (1..=150)
            .map(|line| Diagnostic::warning("W0201", "a.yaml", at(line), "no source"))
            .collect();
        diagnostics.push(Diagnostic::error("E0104", "a.yaml", at(1), "unknown"));
        diagnostics.push(Diagnostic::error("E0104", "b.yaml", at(3), "unknown"));
        limit_per_file(&mut diagnostics);
        assert_eq!(diagnostics.len(), SHOWN_PER_FILE + 2);
        let summary = diagnostics.last().unwrap();
        assert_eq!(
            summary.code, "E0004",
            "a hidden error keeps the build failing"
        );
        assert_eq!(
            summary.message,
            "51 more problems in this file are not shown"
        );
        assert_eq!(summary.position, at(100));
        assert!(diagnostics.iter().any(|d| d.file == Path::new("b.yaml")));
    }

    #[test]
    fn a_long_line_is_shown_around_the_caret() {
        let line = format!("name: {}x{}", "[".repeat(5000), "]".repeat(5000));
        let mut texts = SourceTexts::new();
        texts.insert(PathBuf::from("x.yaml"), line.clone());
        let diagnostic = Diagnostic::error(
            "E0112",
            "x.yaml",
            Position {
                line: 1,
                column: 5007,
            },
            "deep",
        );
        let printed = render_human(&[diagnostic], &texts);
        let shown = printed.lines().find(|l| l.starts_with("1 | ")).unwrap();
        let caret = printed
            .lines()
            .find(|l| l.trim_end().ends_with('^'))
            .unwrap();
        assert!(shown.chars().count() < 130, "{shown}");
        let caret_at = caret.chars().count() - 1;
        assert_eq!(shown.chars().nth(caret_at), Some('x'), "{printed}");
    }

    #[test]
    fn control_characters_in_a_shown_line_are_shown_as_symbols() {
        let mut texts = SourceTexts::new();
        texts.insert(PathBuf::from("x.yaml"), "nam\r\re: [\n".into());
        let diagnostic =
            Diagnostic::error("E0101", "x.yaml", Position { line: 1, column: 6 }, "bad");
        let printed = render_human(&[diagnostic], &texts);
        assert!(printed.contains("1 | nam\u{240d}\u{240d}e: ["), "{printed}");
        assert!(!printed.contains('\r'), "{printed:?}");
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

    #[test]
    fn a_diagnostic_about_a_flag_points_at_no_file() {
        let diagnostic = Diagnostic::error(
            "E0203",
            "--base-url",
            Position::NONE,
            "--base-url `x` is bad",
        )
        .with_help("pass a URL");
        let printed = render_human(&[diagnostic], &SourceTexts::new());
        assert!(!printed.contains("-->"), "{printed}");
        assert!(!printed.contains(":1:1"), "{printed}");
        assert!(
            printed.starts_with("error[E0203]: --base-url `x` is bad\n"),
            "{printed}"
        );
    }

    #[test]
    fn the_coloured_printer_adds_escapes_around_the_same_text() {
        let mut texts = SourceTexts::new();
        texts.insert(PathBuf::from("a.yaml"), "zone: x\n".into());
        let diagnostic =
            Diagnostic::warning("W0201", "a.yaml", Position { line: 1, column: 7 }, "odd")
                .with_help("fix it");
        let plain = render_human(std::slice::from_ref(&diagnostic), &texts);
        let coloured = render_styled(&[diagnostic], &texts, &Palette::COLOURED);
        assert!(!plain.contains('\u{1b}'), "{plain:?}");
        assert!(coloured.contains("\u{1b}["), "{coloured:?}");
        let stripped: String = anstream::adapter::strip_str(&coloured).to_string();
        assert_eq!(stripped, plain);
    }
}
