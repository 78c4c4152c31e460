//! Limits that keep a hostile or careless YAML file from costing more than its size:
//! how deep lists and mappings may nest, and how many values a file may expand to.
//!
//! Two costs of serde_yaml grow faster than the text. libyaml's scanner does work in
//! proportion to the nesting depth for every token, so `[[[[...]]]]` 200,000 levels
//! deep takes minutes, and serde_yaml checks depth only after the whole document is
//! scanned. And each alias (`*name`) is expanded into a copy of its anchor, so a few
//! kilobytes of aliases to aliases become gigabytes. [`check_depth`] scans the tokens
//! itself, with serde_yaml's own scanner, and stops at the first level too deep;
//! [`parse_within_budget`] builds the value while counting, and stops when the count
//! passes [`MAX_VALUES`]. A real portal's files nest a few levels and hold a few
//! thousand values, far inside both limits.

use std::cell::Cell;
use std::fmt;
use std::mem::MaybeUninit;

use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Value};
use unsafe_libyaml as unsafe_yaml;

use crate::diagnostics::Position;

/// How deep lists and mappings may nest: serde_yaml's own limit, which it checks only
/// once the whole document is scanned.
pub const MAX_DEPTH: usize = 128;

/// How many values (scalars, lists and mappings, with aliases expanded) a file may
/// hold. A portal's largest file, its sources, holds about ten per source.
pub const MAX_VALUES: usize = 1_000_000;

/// Where the first list or mapping nested more than [`MAX_DEPTH`] deep opens.
pub fn check_depth(text: &str) -> Option<Position> {
    // A small file with no more brackets than the limit cannot nest deeper than the
    // limit in flow style, and in block style (two characters a level) it cannot
    // hold enough levels for serde_yaml's own check to cost much: most files.
    let brackets = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    if brackets <= MAX_DEPTH && text.len() <= SMALL_FILE_BYTES {
        return None;
    }
    first_too_deep(text, MAX_DEPTH)
}

/// Below this size a file nested only in block style is left to serde_yaml: it keeps
/// every event of a document before checking depth, a few hundred bytes each, which
/// for `- - - - ...` is a few hundred times the file.
const SMALL_FILE_BYTES: usize = 64 * 1024;

/// Scans `text` token by token with libyaml (the scanner serde_yaml uses, so both see
/// the same tokens) and returns where nesting (flow and block) first passes `limit`.
/// Scanning stops there, or at the end, or at the first syntax error (which serde_yaml
/// then reports); the work is proportional to the text times `limit`.
fn first_too_deep(text: &str, limit: usize) -> Option<Position> {
    let mut depth = 0usize;
    first_token(text, |kind| match kind {
        unsafe_yaml::YAML_FLOW_SEQUENCE_START_TOKEN
        | unsafe_yaml::YAML_FLOW_MAPPING_START_TOKEN
        | unsafe_yaml::YAML_BLOCK_SEQUENCE_START_TOKEN
        | unsafe_yaml::YAML_BLOCK_MAPPING_START_TOKEN => {
            depth += 1;
            depth > limit
        }
        unsafe_yaml::YAML_FLOW_SEQUENCE_END_TOKEN
        | unsafe_yaml::YAML_FLOW_MAPPING_END_TOKEN
        | unsafe_yaml::YAML_BLOCK_END_TOKEN => {
            depth = depth.saturating_sub(1);
            false
        }
        _ => false,
    })
}

/// Where the first alias (`*name`) is, to point at when aliases expand too far.
pub fn first_alias(text: &str) -> Option<Position> {
    first_token(text, |kind| kind == unsafe_yaml::YAML_ALIAS_TOKEN)
}

/// Where the first token of `text` that `wanted` accepts starts (tokens are shown to
/// it in order). Stops there, at the end, or at the first syntax error.
fn first_token(
    text: &str,
    mut wanted: impl FnMut(unsafe_yaml::yaml_token_type_t) -> bool,
) -> Option<Position> {
    // The parser points to itself once given its input: it lives on the heap and
    // stays there until deleted.
    let mut parser = Box::<unsafe_yaml::yaml_parser_t>::new_uninit();
    let parser = parser.as_mut_ptr();
    // SAFETY: `parser` is initialised before use and deleted once, below; `text`
    // outlives it; each token is read only after a successful scan filled it, and
    // deleted before the next.
    unsafe {
        if unsafe_yaml::yaml_parser_initialize(parser).fail {
            return None;
        }
        unsafe_yaml::yaml_parser_set_encoding(parser, unsafe_yaml::YAML_UTF8_ENCODING);
        unsafe_yaml::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as u64);
        let mut found = None;
        loop {
            let mut token = MaybeUninit::<unsafe_yaml::yaml_token_t>::uninit();
            if unsafe_yaml::yaml_parser_scan(parser, token.as_mut_ptr()).fail {
                break;
            }
            let token = token.as_mut_ptr();
            let kind = (*token).type_;
            let mark = (*token).start_mark;
            unsafe_yaml::yaml_token_delete(token);
            if wanted(kind) {
                // The mark's byte offset, counted as the rest of halong counts lines
                // (see `parse`).
                found = Some(Position::of_offset(text, mark.index as usize));
                break;
            }
            if matches!(
                kind,
                unsafe_yaml::YAML_STREAM_END_TOKEN | unsafe_yaml::YAML_NO_TOKEN
            ) {
                break;
            }
        }
        unsafe_yaml::yaml_parser_delete(parser);
        found
    }
}

/// What [`parse_within_budget`] reports when a file expands past [`MAX_VALUES`].
pub const TOO_MANY_VALUES: &str = "more than 1,000,000 values";

/// Parses `text` as serde_yaml does, counting every value built (an alias counts
/// every value of its copy) and failing once the count passes [`MAX_VALUES`].
pub fn parse_within_budget(text: &str) -> Result<Value, serde_yaml::Error> {
    let remaining = Cell::new(MAX_VALUES);
    Budgeted {
        remaining: &remaining,
    }
    .deserialize(serde_yaml::Deserializer::from_str(text))
}

/// Builds a [`Value`] exactly as serde_yaml's own `Deserialize` does, spending one
/// unit of the budget per value.
#[derive(Clone, Copy)]
struct Budgeted<'a> {
    remaining: &'a Cell<usize>,
}

impl Budgeted<'_> {
    fn spend<E: de::Error>(self) -> Result<(), E> {
        match self.remaining.get().checked_sub(1) {
            Some(left) => {
                self.remaining.set(left);
                Ok(())
            }
            None => Err(E::custom(TOO_MANY_VALUES)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Budgeted<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Budgeted<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Number(value.into()))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::String(value))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.spend()?;
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut sequence = Vec::new();
        while let Some(item) = items.next_element_seed(self)? {
            sequence.push(item);
        }
        Ok(Value::Sequence(sequence))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        self.spend()?;
        let mut mapping = Mapping::new();
        while let Some(key) = entries.next_key_seed(self)? {
            if mapping.contains_key(&key) {
                return Err(de::Error::custom(duplicate_key(&key)));
            }
            let value = entries.next_value_seed(self)?;
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, tagged: A) -> Result<Value, A::Error> {
        self.spend()?;
        let (tag, contents) = tagged.variant_seed(TagSeed)?;
        let value = contents.newtype_variant_seed(self)?;
        Ok(Value::Tagged(Box::new(TaggedValue { tag, value })))
    }
}

/// serde_yaml's words for a key given twice.
fn duplicate_key(key: &Value) -> String {
    match key {
        Value::Null => "duplicate entry with null key".to_string(),
        Value::Bool(value) => format!("duplicate entry with key `{value}`"),
        Value::Number(value) => format!("duplicate entry with key {value}"),
        Value::String(value) => format!("duplicate entry with key {value:?}"),
        _ => "duplicate entry in YAML map".to_string(),
    }
}

/// Reads the tag of a tagged value (`!name`).
struct TagSeed;

impl<'de> DeserializeSeed<'de> for TagSeed {
    type Value = Tag;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Tag, D::Error> {
        deserializer.deserialize_string(self)
    }
}

impl<'de> Visitor<'de> for TagSeed {
    type Value = Tag;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a YAML tag string")
    }

    fn visit_str<E: de::Error>(self, tag: &str) -> Result<Tag, E> {
        if tag.is_empty() {
            return Err(E::custom("empty YAML tag is not allowed"));
        }
        Ok(Tag::new(tag))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mapping (one level) holding `depth` nested lists.
    fn nested(depth: usize) -> String {
        format!("name: {}{}\n", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn flow_nesting_deeper_than_the_limit_is_found_where_it_passes_it() {
        assert_eq!(check_depth(&nested(MAX_DEPTH - 1)), None);
        assert_eq!(
            check_depth(&nested(200_000)),
            Some(Position {
                line: 1,
                column: 7 + MAX_DEPTH - 1
            })
        );
        // Block style, past the size under which it is left to serde_yaml: `x:` opens a
        // mapping, the first `- ` a list in it (without a level of its own), and each
        // further `- ` a level.
        let block = format!("x:\n{}a\n", "- ".repeat(SMALL_FILE_BYTES));
        assert_eq!(
            check_depth(&block),
            Some(Position {
                line: 2,
                column: 2 * MAX_DEPTH + 1
            })
        );
        // Brackets in quotes, comments and block scalars open nothing.
        let quoted = format!(
            "a: \"{0}\"\nb: '{0}'\n# {0}\nc: |\n  {0}\nd: [{{x: [1]}}]\n",
            "[".repeat(300)
        );
        assert_eq!(check_depth(&quoted), None);
        // Closing brackets in quotes close nothing either.
        let hidden = format!("x: {}\n", "[ \"]\", ".repeat(MAX_DEPTH + 1));
        assert_eq!(
            check_depth(&hidden).map(|position| position.line),
            Some(1),
            "{hidden}"
        );
    }

    #[test]
    fn the_budgeted_parse_builds_what_serde_yaml_builds() {
        let texts = [
            "name: {vi: Sông Khoai, en: Song Khoai}\nfacts:\n  total_area:\n    - {value: 714, unit: ha}\n    - value: 686.82\n",
            "- 1\n- -2\n- 3.5\n- .inf\n- true\n- ~\n- !tag {a: 1}\n- !t x\n- \"q\"\n",
            "a: &x [1, 2]\nb: *x\n? [c]\n: d\n",
            "",
        ];
        for text in texts {
            let expected: Value = serde_yaml::from_str(text).unwrap();
            assert_eq!(parse_within_budget(text).unwrap(), expected, "{text}");
        }
        let duplicate = "a: 1\na: 2\n";
        assert_eq!(
            parse_within_budget(duplicate).unwrap_err().to_string(),
            serde_yaml::from_str::<Value>(duplicate)
                .unwrap_err()
                .to_string()
        );
    }

    #[test]
    fn aliases_that_expand_past_the_budget_fail_early() {
        // 2,000 aliases of a list of 2,000: four million values from 10 kB, within
        // serde_yaml's own limit on alias jumps (a hundred per event).
        let items = vec!["x"; 2000].join(", ");
        let aliases = vec!["*a"; 2000].join(", ");
        let text = format!("x: &a [{items}]\ny: [{aliases}]\n");
        let error = parse_within_budget(&text).unwrap_err();
        assert!(error.to_string().contains(TOO_MANY_VALUES), "{error}");
    }
}
