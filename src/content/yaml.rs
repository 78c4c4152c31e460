//! YAML with positions: parse a text into a tree, read it with paths, and find where
//! any path sits in the text, so validation can point at `file:line:column`.
//!
//! serde_yaml gives positions only for syntax errors, so [`locate`] finds the line and
//! column of a path (`facts.total_area[1].source`) by reading the block structure of the
//! text itself. It understands what staff write (block mappings and sequences, flow
//! mappings on one line); for anything stranger it falls back to the nearest parent.
//! [`Node`] and [`Fields`] wrap a parsed value with its path and collect diagnostics
//! instead of stopping: wrong types, missing fields and unknown fields (with the
//! closest known name).

use std::path::Path;

use serde_yaml::Value;

use crate::diagnostics::{closest, Diagnostic, Position};

/// One step in a path through a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A key in a mapping.
    Key(String),
    /// An index in a sequence.
    Index(usize),
}

/// Parses YAML; a syntax error becomes a diagnostic at its position.
pub fn parse(file: &Path, text: &str) -> Result<Value, Diagnostic> {
    serde_yaml::from_str::<Value>(text).map_err(|error| {
        let position = error
            .location()
            .map_or(Position::START, |location| Position {
                line: location.line(),
                column: location.column(),
            });
        let message = error.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        // serde_yaml points at the start of the mapping; point at the second key.
        if let Some(key) = message
            .split_once("duplicate entry with key \"")
            .and_then(|(_, rest)| rest.strip_suffix('"'))
        {
            return Diagnostic::error(
                "E0302",
                file,
                duplicate_position(text, key, position),
                format!("`{key}` is given twice"),
            )
            .with_help("keep one of them: a key can appear once in the same place");
        }
        Diagnostic::error("E0101", file, position, format!("invalid YAML: {message}")).with_help(
            "check indentation (spaces, not tabs), quote text that contains `: ` or starts \
             with `{`, `[`, `*`, `&`, `!`, `%`, `@` or `` ` ``",
        )
    })
}

/// Where `key` appears a second time in the mapping that starts at `start` (block
/// or flow); `start` itself when it cannot be found.
fn duplicate_position(text: &str, key: &str, start: Position) -> Position {
    let lines: Vec<&str> = text.lines().collect();
    let (first, column) = (start.line.saturating_sub(1), start.column.saturating_sub(1));
    let Some(opening) = lines.get(first) else {
        return start;
    };
    let Some(rest) = opening.get(column..) else {
        return start;
    };
    if rest.starts_with('{') {
        let mut seen = 0;
        for (offset, _) in rest.match_indices(key) {
            let before = rest[..offset].trim_end();
            if (before.ends_with('{') || before.ends_with(','))
                && key_matches(&rest[offset..], key).is_some()
            {
                seen += 1;
                if seen == 2 {
                    return Position {
                        line: start.line,
                        column: opening[..column + offset].chars().count() + 1,
                    };
                }
            }
        }
        return start;
    }
    let mut seen = 0;
    for (index, line) in lines.iter().enumerate().skip(first) {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = !line.trim().is_empty() && !line.trim_start().starts_with('#');
        if index > first && content && indent < column {
            break;
        }
        let at = if index == first { column } else { indent };
        if at == column
            && line
                .get(at..)
                .is_some_and(|rest| key_matches(rest, key).is_some())
        {
            seen += 1;
            if seen == 2 {
                return Position {
                    line: index + 1,
                    column: column + 1,
                };
            }
        }
    }
    start
}

/// Where a path is in `text`: the key of the last segment (or the item's dash).
pub fn locate(text: &str, path: &[Segment]) -> Position {
    locate_node(text, path, false)
}

/// Where the value at a path starts in `text` (falls back to its key).
pub fn locate_value(text: &str, path: &[Segment]) -> Position {
    locate_node(text, path, true)
}

struct Line<'a> {
    text: &'a str,
    indent: usize,
}

fn lines_of(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .map(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            Line { text: line, indent }
        })
        .collect()
}

fn is_content(line: &Line<'_>) -> bool {
    let rest = line.text.trim();
    !(rest.is_empty() || rest.starts_with('#') || rest == "---" || rest == "...")
}

/// A node's place: its first line and the byte column its content starts at, and the
/// line (exclusive) where its block ends.
#[derive(Clone, Copy)]
struct Place {
    line: usize,
    column: usize,
    end: usize,
}

fn locate_node(text: &str, path: &[Segment], want_value: bool) -> Position {
    let lines = lines_of(text);
    let first = lines.iter().position(is_content).unwrap_or(0);
    let mut place = Place {
        line: first,
        column: lines.get(first).map_or(0, |l| l.indent),
        end: lines.len(),
    };
    let mut found = place;
    for (depth, segment) in path.iter().enumerate() {
        let last = depth + 1 == path.len();
        let step = match segment {
            Segment::Key(key) => find_key(&lines, place, key),
            Segment::Index(index) => find_item(&lines, place, *index),
        };
        let Some((key_place, value_place)) = step else {
            break;
        };
        found = if last && !want_value {
            key_place
        } else {
            value_place
        };
        place = value_place;
    }
    let line = lines.get(found.line).map_or("", |l| l.text);
    let column = line
        .get(..found.column.min(line.len()))
        .map_or(found.column, |s| s.chars().count());
    Position {
        line: found.line + 1,
        column: column + 1,
    }
}

/// Strips `- ` prefixes from the content starting at `column`; returns the new column.
fn skip_dashes(text: &str, mut column: usize) -> usize {
    loop {
        let rest = text.get(column..).unwrap_or("");
        if rest.starts_with("- ") || rest == "-" {
            column += 1;
            column += text[column..].len() - text[column..].trim_start().len();
        } else {
            return column;
        }
    }
}

fn key_matches(rest: &str, key: &str) -> Option<usize> {
    for quoted in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
        if let Some(after) = rest.strip_prefix(quoted.as_str()) {
            if after.trim_start().starts_with(':') {
                return Some(quoted.len());
            }
        }
    }
    None
}

fn find_key(lines: &[Line<'_>], place: Place, key: &str) -> Option<(Place, Place)> {
    let start_line = lines.get(place.line)?;
    let start = skip_dashes(start_line.text, place.column);
    // A flow mapping on one line: `{value: 1, source: q09}`.
    if start_line.text[start..].starts_with('{') {
        let flow = &start_line.text[start..];
        for (offset, _) in flow.match_indices(key) {
            let before = flow[..offset].trim_end();
            if (before.ends_with('{') || before.ends_with(','))
                && key_matches(&flow[offset..], key).is_some()
            {
                let column = start + offset;
                let value_column = value_column_after(start_line.text, column + key.len());
                let key_place = Place {
                    line: place.line,
                    column,
                    end: place.line + 1,
                };
                return Some((
                    key_place,
                    Place {
                        column: value_column,
                        ..key_place
                    },
                ));
            }
        }
        return None;
    }
    let key_column = start;
    for index in place.line..place.end {
        let line = &lines[index];
        if !is_content(line) {
            continue;
        }
        let column = if index == place.line {
            start
        } else {
            skip_dashes(line.text, line.indent)
        };
        if column != key_column {
            continue;
        }
        if let Some(length) = key_matches(&line.text[column..], key) {
            let key_place = Place {
                line: index,
                column,
                end: index + 1,
            };
            let value_column = value_column_after(line.text, column + length);
            let inline = line.text[value_column..].trim();
            let value_place =
                if inline.is_empty() || inline.starts_with('#') || inline == "|" || inline == ">" {
                    let end = block_end(lines, index, column, place.end);
                    let next = (index + 1..end).find(|&i| is_content(&lines[i]));
                    match next {
                        Some(next) => Place {
                            line: next,
                            column: lines[next].indent,
                            end,
                        },
                        None => Place {
                            line: index,
                            column: value_column,
                            end: index + 1,
                        },
                    }
                } else {
                    Place {
                        line: index,
                        column: value_column,
                        end: block_end(lines, index, column, place.end),
                    }
                };
            return Some((key_place, value_place));
        }
    }
    None
}

fn value_column_after(text: &str, after_key: usize) -> usize {
    let rest = &text[after_key..];
    let colon = rest.find(':').map_or(0, |c| c + 1);
    let after_colon = &rest[colon..];
    after_key + colon + (after_colon.len() - after_colon.trim_start().len())
}

/// The first line after `line` that no longer belongs to a node whose key is at `column`.
fn block_end(lines: &[Line<'_>], line: usize, column: usize, limit: usize) -> usize {
    for (index, candidate) in lines.iter().enumerate().take(limit).skip(line + 1) {
        if !is_content(candidate) {
            continue;
        }
        let dash = candidate.text[candidate.indent..].starts_with('-');
        if candidate.indent < column || (candidate.indent == column && !dash) {
            return index;
        }
    }
    limit
}

fn find_item(lines: &[Line<'_>], place: Place, wanted: usize) -> Option<(Place, Place)> {
    let start_line = lines.get(place.line)?;
    let start = place.column.min(start_line.text.len());
    if start_line.text[start..].starts_with('[') {
        // A flow list on one line: find the start of the wanted item.
        let column = flow_item_column(start_line.text, start, wanted).unwrap_or(start);
        let here = Place {
            line: place.line,
            column,
            end: place.line + 1,
        };
        return Some((here, here));
    }
    let mut dash_column = None;
    let mut count = 0;
    for index in place.line..place.end {
        let line = &lines[index];
        if !is_content(line) {
            continue;
        }
        let column = if index == place.line {
            start
        } else {
            line.indent
        };
        if !line.text[column..].starts_with('-') {
            continue;
        }
        match dash_column {
            None => dash_column = Some(column),
            Some(existing) if existing != column => continue,
            Some(_) => {}
        }
        if count == wanted {
            let item_column = skip_dashes(line.text, column);
            let end = (index + 1..place.end)
                .find(|&i| is_content(&lines[i]) && lines[i].indent <= column)
                .unwrap_or(place.end);
            let dash_place = Place {
                line: index,
                column,
                end,
            };
            return Some((
                dash_place,
                Place {
                    line: index,
                    column: item_column,
                    end,
                },
            ));
        }
        count += 1;
    }
    None
}

/// The byte column where item `wanted` of the flow list opening at `open` starts.
fn flow_item_column(text: &str, open: usize, wanted: usize) -> Option<usize> {
    let mut depth = 0;
    let mut index = 0;
    let mut item_start = open + 1;
    let mut quote: Option<char> = None;
    for (offset, character) in text[open..].char_indices() {
        let at = open + offset;
        match (quote, character) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(character),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            (None, ',') if depth == 1 => {
                if index == wanted {
                    break;
                }
                index += 1;
                item_start = at + 1;
            }
            _ => {}
        }
    }
    if index != wanted {
        return None;
    }
    let rest = &text[item_start..];
    Some(item_start + (rest.len() - rest.trim_start().len()))
}

/// A parsed YAML file.
pub struct Document<'a> {
    /// The file, relative to the site root.
    pub file: &'a Path,
    /// Its text.
    pub text: &'a str,
}

/// A value in a document, with its path.
#[derive(Clone)]
pub struct Node<'a> {
    /// The document it is in.
    pub document: &'a Document<'a>,
    /// The value.
    pub value: &'a Value,
    /// Where it is.
    pub path: Vec<Segment>,
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
        locate(self.document.text, &self.path)
    }

    /// Where this node's value starts.
    pub fn value_position(&self) -> Position {
        locate_value(self.document.text, &self.path)
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

    fn child(&self, segment: Segment, value: &'a Value) -> Node<'a> {
        let mut path = self.path.clone();
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

    /// A number.
    pub fn number(&self, diagnostics: &mut Vec<Diagnostic>) -> Option<f64> {
        match self.value {
            Value::Number(number) => number.as_f64(),
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
        map.get(key)
            .filter(|value| !value.is_null())
            .map(|value| self.node.child(Segment::Key(key.to_string()), value))
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
                    self.node.child(Segment::Key(key.to_string()), value),
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
            let node = self.node.child(Segment::Key(name.clone()), &Value::Null);
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

    const TEXT: &str = "\
# a park
name:
  vi: Sông Khoai
  en: Song Khoai
zone: test-zone
facts:
  total_area:
    - {value: 714, unit: ha, source: q09}
    - value: 686.82
      source: q10
  occupancy: {value: 100, source: q21}
projects: [a, b]
";

    fn key(name: &str) -> Segment {
        Segment::Key(name.to_string())
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
    fn finds_keys_values_and_items() {
        assert_eq!(
            locate(TEXT, &[key("zone")]),
            Position { line: 5, column: 1 }
        );
        assert_eq!(
            locate_value(TEXT, &[key("zone")]),
            Position { line: 5, column: 7 }
        );
        assert_eq!(
            locate(TEXT, &[key("name"), key("en")]),
            Position { line: 4, column: 3 }
        );
        let second_source = [
            key("facts"),
            key("total_area"),
            Segment::Index(1),
            key("source"),
        ];
        assert_eq!(
            locate(TEXT, &second_source),
            Position {
                line: 10,
                column: 7
            }
        );
        let flow_source = [
            key("facts"),
            key("total_area"),
            Segment::Index(0),
            key("source"),
        ];
        assert_eq!(
            locate_value(TEXT, &flow_source),
            Position {
                line: 8,
                column: 38
            }
        );
        let occupancy = [key("facts"), key("occupancy"), key("value")];
        assert_eq!(
            locate_value(TEXT, &occupancy),
            Position {
                line: 11,
                column: 22
            }
        );
    }

    #[test]
    fn items_of_a_one_line_list_are_found() {
        // Regression: an unknown sector in `[a, b]` pointed at the `[`.
        let text = "sectors: [logistics, electronix]\n";
        let path = [key("sectors"), Segment::Index(1)];
        assert_eq!(
            locate_value(text, &path),
            Position {
                line: 1,
                column: 22
            }
        );
        assert_eq!(
            locate_value(text, &[key("sectors"), Segment::Index(0)]),
            Position {
                line: 1,
                column: 11
            }
        );
    }

    #[test]
    fn unknown_paths_fall_back_to_the_parent() {
        assert_eq!(
            locate(TEXT, &[key("facts"), key("nowhere")]),
            Position { line: 7, column: 3 }
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        let error = parse(Path::new("x.yaml"), "name: [unclosed\nzone: x\n").unwrap_err();
        assert_eq!(error.code, "E0101");
        assert!(error.position.line >= 1);
    }

    #[test]
    fn unknown_fields_suggest_the_closest() {
        let text = "nmae: x\n";
        let value = parse(Path::new("x.yaml"), text).unwrap();
        let document = Document {
            file: Path::new("x.yaml"),
            text,
        };
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
