//! Where a path sits in a YAML text: the line and column of `facts.total_area[1].source`,
//! found by reading the block structure of the text itself (serde_yaml gives positions
//! only for syntax errors). It understands what staff write (block mappings and
//! sequences, flow mappings and lists on one line); for anything stranger it falls back
//! to the nearest parent.

use super::Segment;
use crate::diagnostics::Position;

/// Where `key` appears a second time in the mapping that starts at `start` (block
/// or flow); `start` itself when it cannot be found.
pub(super) fn duplicate_position(text: &str, key: &str, start: Position) -> Position {
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
pub fn locate(text: &str, path: &[Segment<'_>]) -> Position {
    locate_node(text, path, false)
}

/// Where the value at a path starts in `text` (falls back to its key).
pub fn locate_value(text: &str, path: &[Segment<'_>]) -> Position {
    locate_node(text, path, true)
}

#[derive(Clone, Copy)]
pub(super) struct Line<'a> {
    text: &'a str,
    indent: usize,
}

pub(super) fn lines_of(text: &str) -> Vec<Line<'_>> {
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

fn locate_node(text: &str, path: &[Segment<'_>], want_value: bool) -> Position {
    locate_in(&lines_of(text), path, want_value)
}

/// [`locate`] (or [`locate_value`]) in a text already split by [`lines_of`].
pub(super) fn locate_in(lines: &[Line<'_>], path: &[Segment<'_>], want_value: bool) -> Position {
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
            Segment::Key(key) => find_key(lines, place, key),
            Segment::Index(index) => find_item(lines, place, *index),
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

/// The length of `key` as written at the start of `rest` (plain, `"key"` or `'key'`)
/// when a colon follows it. Compared in place: it runs for every line a key is
/// looked for in.
fn key_matches(rest: &str, key: &str) -> Option<usize> {
    let followed_by_colon = |length: usize| {
        rest.get(length..)
            .is_some_and(|after| after.trim_start().starts_with(':'))
    };
    if rest.starts_with(key) && followed_by_colon(key.len()) {
        return Some(key.len());
    }
    for quote in ['"', '\''] {
        let quoted = rest
            .strip_prefix(quote)
            .and_then(|inner| inner.strip_prefix(key))
            .is_some_and(|after| after.starts_with(quote));
        if quoted && followed_by_colon(key.len() + 2) {
            return Some(key.len() + 2);
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

    fn key(name: &str) -> Segment<'static> {
        Segment::Key(name.to_string().into())
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
}
