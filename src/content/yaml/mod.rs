//! YAML with positions: parse a text into a tree, read it with paths, and find where
//! any path sits in the text, so validation can point at `file:line:column`.
//!
//! serde_yaml gives positions only for syntax errors, so [`locate`] finds the line and
//! column of a path (`facts.total_area[1].source`) by reading the block structure of the
//! text itself. It understands what staff write (block mappings and sequences, flow
//! mappings on one line); for anything stranger it falls back to the nearest parent.
//! [`Node`] and [`Fields`] wrap a parsed value with its path and collect diagnostics
//! instead of stopping: wrong types, missing fields and unknown fields (with the
//! closest known name). `limits` keeps a hostile file from costing more than its
//! size: nesting depth is checked before parsing, and the values built are counted.

use std::cell::{Cell, OnceCell};
use std::path::Path;

use serde_yaml::Value;

use crate::diagnostics::{closest, Diagnostic, Position};

mod limits;
mod locate;

pub use locate::{locate, locate_value};

/// One step in a path through a YAML document. A key is borrowed from the program
/// or the document where it can be: every node of every file has a path, and copying
/// its keys was most of the cost of making one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    /// A key in a mapping.
    Key(std::borrow::Cow<'a, str>),
    /// An index in a sequence.
    Index(usize),
}

/// Parses YAML; a syntax error becomes a diagnostic at its position, and so does a
/// file nested or expanding past the limits of `yaml/limits.rs`.
pub fn parse(file: &Path, text: &str) -> Result<Value, Diagnostic> {
    if let Some(position) = limits::check_depth(text) {
        return Err(too_deep(file, position));
    }
    limits::parse_within_budget(text).map_err(|error| {
        // From the byte offset, not libyaml's line and column: libyaml also breaks
        // lines at a lone carriage return and at U+0085, U+2028 and U+2029, which
        // editors and the printer do not, so its line could lie past the file's end.
        let position = error.location().map_or(Position::START, |location| {
            Position::of_offset(text, location.index())
        });
        let message = error.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        if message == "recursion limit exceeded" {
            return too_deep(file, position);
        }
        // serde_yaml points at the start of the mapping; point at the second key.
        if let Some(key) = message
            .split_once("duplicate entry with key \"")
            .and_then(|(_, rest)| rest.strip_suffix('"'))
        {
            return Diagnostic::error(
                "E0302",
                file,
                locate::duplicate_position(text, key, position),
                format!("`{key}` is given twice"),
            )
            .with_help("keep one of them: a key can appear once in the same place");
        }
        if message.contains(limits::TOO_MANY_VALUES) || message == "repetition limit exceeded" {
            // serde_yaml does not say where; the first alias is where expanding starts.
            let position = limits::first_alias(text).unwrap_or(position);
            return Diagnostic::error(
                "E0112",
                file,
                position,
                format!(
                    "its aliases (`*name`) expand this file to {}",
                    limits::TOO_MANY_VALUES
                ),
            )
            .with_help(
                "write the values out, or repeat fewer: an alias is a copy of its anchor \
                 (`&name`), and aliases of aliases multiply",
            );
        }
        Diagnostic::error("E0101", file, position, format!("invalid YAML: {message}")).with_help(
            "check indentation (spaces, not tabs), quote text that contains `: ` or starts \
             with `{`, `[`, `*`, `&`, `!`, `%`, `@` or `` ` ``",
        )
    })
}

/// Lists and mappings nested past [`limits::MAX_DEPTH`], at the first one too deep.
fn too_deep(file: &Path, position: Position) -> Diagnostic {
    Diagnostic::error(
        "E0112",
        file,
        position,
        format!(
            "lists and mappings are nested more than {} levels deep here",
            limits::MAX_DEPTH
        ),
    )
    .with_help(
        "a portal's files nest a few levels deep: look for `[` or `{` that are never \
         closed, or write the data flatter",
    )
}

/// A parsed YAML file.
pub struct Document<'a> {
    /// The file, relative to the site root.
    pub file: &'a Path,
    /// Its text.
    pub text: &'a str,
    /// Its lines, split once for every position looked up.
    lines: OnceCell<Vec<locate::Line<'a>>>,
    /// How many positions were looked up (see [`LOCATE_LIMIT`]).
    located: Cell<usize>,
}

/// How many positions are looked up in one document before the rest are given as
/// its first line. Each lookup reads the lines of the mapping or list it is in, so
/// a file with a hundred thousand unknown keys would cost time in the square of its
/// size; past the limit its diagnostics are not shown anyway
/// ([`crate::diagnostics::limit_per_file`]).
pub const LOCATE_LIMIT: usize = 1000;

impl<'a> Document<'a> {
    /// A document for the text of `file`.
    pub fn new(file: &'a Path, text: &'a str) -> Self {
        Document {
            file,
            text,
            lines: OnceCell::new(),
            located: Cell::new(0),
        }
    }

    /// Where `path` (its key, or with `want_value` its value) is in the text.
    fn locate(&self, path: &[Segment<'_>], want_value: bool) -> Position {
        let count = self.located.get();
        self.located.set(count + 1);
        if count >= LOCATE_LIMIT {
            return Position::START;
        }
        let lines = self.lines.get_or_init(|| locate::lines_of(self.text));
        locate::locate_in(lines, path, want_value)
    }
}

/// A value in a document, with its path.
#[derive(Clone)]
pub struct Node<'a> {
    /// The document it is in.
    pub document: &'a Document<'a>,
    /// The value.
    pub value: &'a Value,
    /// Where it is.
    pub path: Vec<Segment<'a>>,
}

impl<'a> Node<'a> {
    /// The root of a document.
    pub fn root(document: &'a Document<'a>, value: &'a Value) -> Self {
        Node {
            document,
            value,
            path: Vec::new(),
        }
    }

    /// Where this node's key (or dash) is.
    pub fn position(&self) -> Position {
        self.document.locate(&self.path, false)
    }

    /// Where this node's value starts.
    pub fn value_position(&self) -> Position {
        self.document.locate(&self.path, true)
    }

    /// The path as people write it: `facts.total_area[1].source`.
    pub fn path_text(&self) -> String {
        let mut out = String::new();
        for segment in &self.path {
            match segment {
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(index) => out.push_str(&format!("[{index}]")),
            }
        }
        out
    }

    /// An error pointing at this node's value.
    pub fn error(&self, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, self.document.file, self.value_position(), message)
    }

    /// A warning pointing at this node's value.
    pub fn warning(&self, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(code, self.document.file, self.value_position(), message)
    }

    fn child(&self, segment: Segment<'a>, value: &'a Value) -> Node<'a> {
        // Sized for the segment added: a clone has no room, and pushing onto it
        // moved the path again (every node of every file is made here).
        let mut path = Vec::with_capacity(self.path.len() + 1);
        path.extend_from_slice(&self.path);
        path.push(segment);
        Node {
            document: self.document,
            value,
            path,
        }
    }

    fn kind_name(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Bool(_) => "true/false",
            Value::Number(_) => "a number",
            Value::String(_) => "text",
            Value::Sequence(_) => "a list",
            Value::Mapping(_) => "a mapping",
            Value::Tagged(_) => "a tagged value",
        }
    }

    fn wrong_type(&self, expected: &str, help: &str) -> Diagnostic {
        let what = if self.path.is_empty() {
            "the file".to_string()
        } else {
            format!("`{}`", self.path_text())
        };
        self.error(
            "E0102",
            format!("{what} should be {expected}, found {}", self.kind_name()),
        )
        .with_help(help.to_string())
    }

    /// The fields of a mapping, or an error.
    pub fn fields(&self, diagnostics: &mut Vec<Diagnostic>) -> Option<Fields<'a>> {
        match self.value {
            Value::Mapping(_) => Some(Fields {
                node: self.clone(),
                read: Vec::new(),
            }),
            _ => {
                diagnostics.push(self.wrong_type(
                    "a mapping of `key: value` lines",
                    "write one `key: value` per line",
                ));
                None
            }
        }
    }

    /// The items of a list (a single value counts as a list of one).
    pub fn items(&self) -> Vec<Node<'a>> {
        match self.value {
            Value::Sequence(items) => items
                .iter()
                .enumerate()
                .map(|(index, item)| self.child(Segment::Index(index), item))
                .collect(),
            Value::Null => Vec::new(),
            _ => vec![self.clone()],
        }
    }

    /// The items of a list; anything else is an error.
    pub fn list(&self, diagnostics: &mut Vec<Diagnostic>) -> Vec<Node<'a>> {
        match self.value {
            Value::Sequence(_) | Value::Null => self.items(),
            _ => {
                diagnostics.push(
                    self.wrong_type("a list", "write the items as `[a, b]` or as `- a` lines"),
                );
                Vec::new()
            }
        }
    }

    /// `true` or `false`; anything else is a diagnostic, and false.
    pub fn boolean(&self, diagnostics: &mut Vec<Diagnostic>) -> bool {
        match self.value {
            Value::Bool(value) => *value,
            _ => {
                diagnostics.push(
                    self.error(
                        "E0102",
                        format!("`{}` should be true or false", self.path_text()),
                    )
                    .with_help("write `true` or `false`"),
                );
                false
            }
        }
    }

    /// Text (numbers and booleans are accepted as their text).
    pub fn text(&self, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
        match self.value {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            Value::Bool(value) => Some(value.to_string()),
            _ => {
                diagnostics.push(self.wrong_type(
                    "text",
                    "write the text after the colon, quoted if it contains `: `",
                ));
                None
            }
        }
    }

    /// A finite number (`.inf` and `.nan` are YAML numbers, but no figure).
    pub fn number(&self, diagnostics: &mut Vec<Diagnostic>) -> Option<f64> {
        match self.value {
            Value::Number(number) => match number.as_f64().filter(|value| value.is_finite()) {
                Some(value) => Some(value),
                None => {
                    diagnostics.push(
                        self.error(
                            "E0102",
                            format!(
                                "`{}` should be a finite number, found `{number}`",
                                self.path_text()
                            ),
                        )
                        .with_help(
                            "`.inf` and `.nan` are not figures: write the figure in digits, \
                             e.g. 18842.56, or leave it out until a source gives it",
                        ),
                    );
                    None
                }
            },
            _ => {
                diagnostics.push(self.wrong_type(
                    "a number",
                    "write digits with a dot for decimals and no thousands separators, e.g. 18842.56",
                ));
                None
            }
        }
    }

    /// A list of texts.
    pub fn texts(&self, diagnostics: &mut Vec<Diagnostic>) -> Vec<(Node<'a>, String)> {
        self.list(diagnostics)
            .into_iter()
            .filter_map(|item| item.text(diagnostics).map(|text| (item, text)))
            .collect()
    }
}

/// The keys of a mapping being read; unknown keys are reported by [`Fields::finish`].
pub struct Fields<'a> {
    node: Node<'a>,
    read: Vec<&'static str>,
}

impl<'a> Fields<'a> {
    /// The node this mapping is.
    pub fn node(&self) -> &Node<'a> {
        &self.node
    }

    /// A field, if present (and not null).
    pub fn get(&mut self, key: &'static str) -> Option<Node<'a>> {
        self.read.push(key);
        let Value::Mapping(map) = self.node.value else {
            return None;
        };
        // A short mapping (a park's fields, a figure's) is searched in order: hashing
        // the key, as the map's own lookup does (SipHash), costs more than comparing
        // the few keys.
        let value = if map.len() <= 16 {
            map.iter()
                .find(|(known, _)| known.as_str() == Some(key))
                .map(|(_, value)| value)
        } else {
            map.get(key)
        };
        value
            .filter(|value| !value.is_null())
            .map(|value| self.node.child(Segment::Key(key.into()), value))
    }

    /// A field that must be present.
    pub fn require(
        &mut self,
        key: &'static str,
        example: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Node<'a>> {
        let found = self.get(key);
        if found.is_none() {
            let where_ = if self.node.path.is_empty() {
                String::new()
            } else {
                format!(" in `{}`", self.node.path_text())
            };
            diagnostics.push(
                Diagnostic::error(
                    "E0103",
                    self.node.document.file,
                    self.node.position(),
                    format!("missing field `{key}`{where_}"),
                )
                .with_help(format!("add a line such as `{key}: {example}`")),
            );
        }
        found
    }

    /// Every entry, in file order, as (key, node); marks them all as read.
    pub fn entries(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, Node<'a>)> {
        let Value::Mapping(map) = self.node.value else {
            return Vec::new();
        };
        self.read.push("*");
        let mut out = Vec::new();
        for (key, value) in map {
            match key.as_str() {
                Some(key) => out.push((
                    key.to_string(),
                    self.node.child(Segment::Key(key.into()), value),
                )),
                None => diagnostics.push(
                    self.node
                        .error("E0102", "keys must be text")
                        .with_help("write keys as plain words"),
                ),
            }
        }
        out
    }

    /// Reports every key that was not read, with the closest known key.
    pub fn finish(self, diagnostics: &mut Vec<Diagnostic>) {
        if self.read.contains(&"*") {
            return;
        }
        let Value::Mapping(map) = self.node.value else {
            return;
        };
        for key in map.keys() {
            let name = key
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| format!("{key:?}"));
            if self.read.contains(&name.as_str()) {
                continue;
            }
            let node = self
                .node
                .child(Segment::Key(name.clone().into()), &Value::Null);
            let known = self.read.iter().copied();
            let help = match closest(&name, known) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!("known fields here: {}", self.read.join(", ")),
            };
            diagnostics.push(
                Diagnostic::error(
                    "E0104",
                    self.node.document.file,
                    node.position(),
                    format!("unknown field `{name}`"),
                )
                .with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_have_positions() {
        let error = parse(Path::new("x.yaml"), "name: [unclosed\nzone: x\n").unwrap_err();
        assert_eq!(error.code, "E0101");
        assert!(error.position.line >= 1);
    }

    #[test]
    fn a_key_given_twice_is_reported_where_it_is_given_again() {
        let at = |text: &str| {
            let diagnostic = parse(Path::new("x.yaml"), text).unwrap_err();
            assert_eq!(diagnostic.code, "E0302", "{diagnostic:?}");
            (diagnostic.position.line, diagnostic.position.column)
        };
        assert_eq!(at("a:\n  b: 1\n  c: 2\n  b: 3\n"), (4, 3));
        assert_eq!(at("x: 1\nx: 2\n"), (2, 1));
        assert_eq!(at("a: {b: 1, b: 2}\n"), (1, 11));
        assert_eq!(at("l:\n  - b: 1\n    b: 2\n"), (3, 5));
        assert_eq!(at("a:\n  b:\n    x: 1\n  # note\n  'b': 2\n"), (5, 3));
    }

    #[test]
    fn a_syntax_error_after_lone_carriage_returns_is_on_a_line_of_the_file() {
        // Found by fuzzing validate_record: libyaml counts each lone `\r` as a line
        // break, and put this error on line 39 of a 4-line file.
        // The error is at the `:` after `e`: line 1 as editors and the printer count
        // (a lone `\r` is no line break to them).
        let text = format!(
            "nam{}e: {{vi: x}}\nstatus: planned: soon\n",
            "\r".repeat(38)
        );
        let error = parse(Path::new("x.yaml"), &text).unwrap_err();
        assert_eq!(error.code, "E0101");
        assert_eq!(
            error.position,
            Position {
                line: 1,
                column: 43
            }
        );
        let text = "a: 1\u{2028}b: [\n";
        let error = parse(Path::new("x.yaml"), text).unwrap_err();
        assert_eq!(error.position.line, 2, "{error:?}");
    }

    #[test]
    fn unknown_fields_suggest_the_closest() {
        let text = "nmae: x\n";
        let value = parse(Path::new("x.yaml"), text).unwrap();
        let document = Document::new(Path::new("x.yaml"), text);
        let mut diagnostics = Vec::new();
        let mut fields = Node::root(&document, &value)
            .fields(&mut diagnostics)
            .unwrap();
        assert!(fields.get("name").is_none());
        fields.finish(&mut diagnostics);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `name`?"));
        assert_eq!(diagnostics[0].position, Position { line: 1, column: 1 });
    }
}
