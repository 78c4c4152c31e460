//! A small writer of JSON text straight into a `String`: objects, arrays, strings,
//! numbers and booleans. `structured.rs` writes each page's JSON-LD with it, so no
//! tree of values is built, serialised and dropped for every page of a large site.
//!
//! The text is the one serde_json wrote when the JSON-LD was built as a tree: the same
//! string escaping and number forms, and keys in alphabetical order (serde_json's maps
//! are sorted here). The writer does not sort: the caller writes each object's keys in
//! that order, and debug builds (the tests) check it. One addition for pages: `</` in a
//! string is written `<\/`, so the text cannot close the `<script>` element it is
//! placed in. The open-data files (`files.rs`) are not placed in a page and keep
//! serde_json's text exactly ([`file_object`]).

use std::fmt::Write as _;

/// One JSON object for a page's `<script>` element, whose properties `fill` writes,
/// as text.
pub(crate) fn object(fill: impl FnOnce(&mut Object<'_>)) -> String {
    // Enough for most pages in one allocation; a zone's list of parks grows it.
    let mut out = String::with_capacity(2048);
    Properties::write(&mut out, true, fill);
    out
}

/// One JSON object for a file of its own, whose properties `fill` writes, as text:
/// the text serde_json writes, with `</` as it is.
pub(crate) fn file_object(fill: impl FnOnce(&mut Object<'_>)) -> String {
    // Enough for most records of the open data in one allocation.
    let mut out = String::with_capacity(4096);
    Properties::write(&mut out, false, fill);
    out
}

/// One JSON object of text fields in the order given, for a file of its own: the text
/// serde_json writes for a struct of strings, whose fields keep the order they are
/// declared in (unlike [`file_object`], whose keys are in alphabetical order).
pub(crate) fn texts_in_order(fields: &[(&str, &str)]) -> String {
    let length: usize = fields
        .iter()
        .map(|(key, text)| key.len() + text.len() + 6)
        .sum();
    let mut out = String::with_capacity(length + 2);
    out.push('{');
    for (index, (key, text)) in fields.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        write_string(&mut out, key, false);
        out.push(':');
        write_string(&mut out, text, false);
    }
    out.push('}');
    out
}

/// An object being written: its properties, in alphabetical order of their keys,
/// which live for `'k`.
pub(crate) struct Properties<'a, 'k> {
    out: &'a mut String,
    /// Whether strings are placed in a `<script>` element, and `</` is escaped.
    in_script: bool,
    /// The key written last; empty before the first property.
    last_key: &'k str,
}

/// An object whose keys are the program's own words, not data.
pub(crate) type Object<'a> = Properties<'a, 'static>;

impl<'k> Properties<'_, 'k> {
    fn write<'j>(out: &mut String, in_script: bool, fill: impl FnOnce(&mut Properties<'_, 'j>)) {
        out.push('{');
        fill(&mut Properties {
            out,
            in_script,
            last_key: "",
        });
        out.push('}');
    }

    /// Writes what comes before the value of `key`, and returns the text to write
    /// the value into.
    fn key(&mut self, key: &'k str) -> &mut String {
        debug_assert!(
            key > self.last_key,
            "JSON keys are written in alphabetical order: `{key}` after `{}`",
            self.last_key
        );
        if !self.last_key.is_empty() {
            self.out.push(',');
        }
        self.last_key = key;
        write_string(self.out, key, self.in_script);
        self.out.push(':');
        self.out
    }

    pub fn text(&mut self, key: &'k str, text: &str) {
        let in_script = self.in_script;
        write_string(self.key(key), text, in_script);
    }

    /// Writes `null`: a property that has no value, but is part of every record.
    pub fn null(&mut self, key: &'k str) {
        self.key(key).push_str("null");
    }

    /// Writes `text` unless it is blank: a property without a value is left out, never
    /// written empty.
    pub fn text_if_any(&mut self, key: &'k str, text: &str) {
        if !text.trim().is_empty() {
            self.text(key, text);
        }
    }

    pub fn integer(&mut self, key: &'k str, value: u64) {
        // The same digits serde_json writes.
        let _ = write!(self.key(key), "{value}");
    }

    pub fn float(&mut self, key: &'k str, value: f64) {
        let out = self.key(key);
        // serde_json's own shortest form (`21.03151`, `107.0`); `null` for what JSON
        // cannot hold (infinities, NaN), as serde_json writes it.
        match serde_json::Number::from_f64(value) {
            Some(number) => {
                let _ = write!(out, "{number}");
            }
            None => out.push_str("null"),
        }
    }

    pub fn boolean(&mut self, key: &'k str, value: bool) {
        self.key(key).push_str(if value { "true" } else { "false" });
    }

    pub fn object(&mut self, key: &'k str, fill: impl FnOnce(&mut Object<'_>)) {
        let in_script = self.in_script;
        Properties::write(self.key(key), in_script, fill);
    }

    /// Writes an object whose keys are data (language codes, fact keys), which `fill`
    /// writes in alphabetical order, as it writes the program's own.
    pub fn map<'j>(&mut self, key: &'k str, fill: impl FnOnce(&mut Properties<'_, 'j>)) {
        let in_script = self.in_script;
        Properties::write(self.key(key), in_script, fill);
    }

    /// Writes an array, whose items `fill` writes; returns how many it wrote.
    pub fn array(&mut self, key: &'k str, fill: impl FnOnce(&mut Array<'_>)) -> usize {
        let in_script = self.in_script;
        Array::write(self.key(key), in_script, fill)
    }

    /// Writes an array unless `fill` puts nothing in it: a property without a value is
    /// left out, never written empty. Returns how many items it wrote.
    pub fn array_if_any(&mut self, key: &'k str, fill: impl FnOnce(&mut Array<'_>)) -> usize {
        // Whether there is an item is known only once `fill` has run: write, and take
        // the property back out if it is empty.
        let (start, last_key) = (self.out.len(), self.last_key);
        let length = self.array(key, fill);
        if length == 0 {
            self.out.truncate(start);
            self.last_key = last_key;
        }
        length
    }
}

/// An array being written.
pub(crate) struct Array<'a> {
    out: &'a mut String,
    /// As in [`Properties`].
    in_script: bool,
    length: usize,
}

impl Array<'_> {
    fn write(out: &mut String, in_script: bool, fill: impl FnOnce(&mut Array<'_>)) -> usize {
        out.push('[');
        let mut array = Array {
            out,
            in_script,
            length: 0,
        };
        fill(&mut array);
        let length = array.length;
        out.push(']');
        length
    }

    /// Writes what comes before the next item, and returns the text to write it into.
    fn next(&mut self) -> &mut String {
        if self.length > 0 {
            self.out.push(',');
        }
        self.length += 1;
        self.out
    }

    pub fn text(&mut self, text: &str) {
        let in_script = self.in_script;
        write_string(self.next(), text, in_script);
    }

    pub fn object(&mut self, fill: impl FnOnce(&mut Object<'_>)) {
        let in_script = self.in_script;
        Properties::write(self.next(), in_script, fill);
    }
}

/// Writes `text` as a JSON string, escaped as serde_json escapes it (quote, backslash
/// and control characters; everything else as it is), and `</` as `<\/` in a script.
fn write_string(out: &mut String, text: &str, in_script: bool) {
    out.push('"');
    let bytes = text.as_bytes();
    // The part of `text` not written yet starts here; every escaped character is
    // ASCII, so the slices below fall on character boundaries.
    let mut unwritten = 0;
    let mut index = 0;
    while index < bytes.len() {
        // Eight bytes at a time past those none of which is escaped: most of a text.
        if let Some(chunk) = bytes.get(index..index + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            // A slash is escaped only after `<`: a chunk starting with one is looked
            // at when the chunk before ended with `<`.
            let slash_after_angle =
                in_script && chunk[0] == b'/' && index > 0 && bytes[index - 1] == b'<';
            if !may_escape(word, in_script) && !slash_after_angle {
                index += 8;
                continue;
            }
        }
        for at in index..(index + 8).min(bytes.len()) {
            let byte = bytes[at];
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0x00..=0x1f => "",
                b'/' if in_script && at > 0 && bytes[at - 1] == b'<' => "\\/",
                _ => continue,
            };
            out.push_str(&text[unwritten..at]);
            if escape.is_empty() {
                // Other control characters by number, in lower-case hex as serde_json does.
                let _ = write!(out, "\\u{byte:04x}");
            } else {
                out.push_str(escape);
            }
            unwritten = at + 1;
        }
        index += 8;
    }
    out.push_str(&text[unwritten..]);
    out.push('"');
}

/// Whether one of the eight bytes of `word` may be escaped: a control character, a
/// quote, a backslash, or in a script a `<` (which a slash may follow: testing for
/// the slash instead sent every chunk of every web address in JSON-LD the slow way).
/// Each test is the usual "has a byte below n" (exact for whether any byte is, not
/// for which one).
fn may_escape(word: u64, in_script: bool) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_below =
        |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGH != 0;
    let has = |byte: u8| has_below(word ^ (ONES * u64::from(byte)), 1);
    has_below(word, 0x20) || has(b'"') || has(b'\\') || (in_script && has(b'<'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as serde_json writes a string, with `</` escaped as the page needs.
    fn as_serde_json_writes(text: &str) -> String {
        serde_json::to_string(text).unwrap().replace("</", "<\\/")
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let every_ascii: String = (0u8..=0x7f).map(char::from).collect();
        for text in [
            "",
            "plain",
            "Khu công nghiệp Sông Khoai",
            "a \"quoted\" back\\slash",
            "tab\tnew\nline\rreturn\u{8}\u{c}",
            every_ascii.as_str(),
            "emoji 🏭 and \u{2028} stay as they are",
        ] {
            let mut out = String::new();
            write_string(&mut out, text, true);
            assert_eq!(out, as_serde_json_writes(text), "{text:?}");
            let mut out = String::new();
            write_string(&mut out, text, false);
            assert_eq!(out, serde_json::to_string(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn every_escaped_byte_is_found_at_every_place_in_a_long_text() {
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1f}", "</", "ệ</"] {
            for at in 0..20 {
                let text = format!(
                    "{}{special}{}",
                    "ả".repeat(at % 3) + &"x".repeat(at),
                    "yz".repeat(9)
                );
                let mut out = String::new();
                write_string(&mut out, &text, true);
                assert_eq!(out, as_serde_json_writes(&text), "{text:?}");
                let mut out = String::new();
                write_string(&mut out, &text, false);
                assert_eq!(out, serde_json::to_string(&text).unwrap(), "{text:?}");
            }
        }
    }

    #[test]
    fn a_string_cannot_close_the_script_element() {
        let mut out = String::new();
        write_string(&mut out, "</script><script>alert(1)</script> <</ a/b", true);
        assert_eq!(out, r#""<\/script><script>alert(1)<\/script> <<\/ a/b""#);
        assert!(!out.contains("</"));
    }

    #[test]
    fn a_file_keeps_the_text_serde_json_writes() {
        let text = file_object(|node| {
            node.array("links", |links| links.text("</a>"));
            node.object("note", |note| note.text("text", "a</b"));
            node.text("title", "</script>");
        });
        let expected = serde_json::json!({
            "links": ["</a>"],
            "note": {"text": "a</b"},
            "title": "</script>",
        });
        assert_eq!(text, expected.to_string());
    }

    #[test]
    fn data_keys_and_nulls_match_serde_json() {
        let languages = [String::from("en"), String::from("vi")];
        let text = file_object(|node| {
            node.null("address");
            node.map("name", |names| {
                for code in &languages {
                    names.text(code, code);
                }
            });
            node.map("none", |_| {});
        });
        let expected = serde_json::json!({
            "address": null,
            "name": {"en": "en", "vi": "vi"},
            "none": {},
        });
        assert_eq!(text, expected.to_string());
    }

    #[test]
    fn numbers_are_written_in_serde_json_s_forms() {
        for value in [
            21.03151,
            107.0,
            -0.5,
            0.00001,
            1e-7,
            1.5e300,
            f64::NAN,
            f64::INFINITY,
        ] {
            let text = object(|node| node.float("value", value));
            assert_eq!(text, serde_json::json!({ "value": value }).to_string());
        }
        let text = object(|node| node.integer("value", u64::MAX));
        assert_eq!(text, serde_json::json!({ "value": u64::MAX }).to_string());
    }

    #[test]
    fn nested_objects_and_arrays_match_serde_json() {
        let text = object(|node| {
            node.text("@type", "Place");
            node.array("alternateName", |names| {
                names.text("One");
                names.text("Two");
            });
            node.boolean("free", true);
            node.object("geo", |geo| {
                geo.float("latitude", 21.5);
                geo.float("longitude", 107.25);
            });
            node.array("none", |_| {});
            node.integer("position", 3);
        });
        let expected = serde_json::json!({
            "@type": "Place",
            "alternateName": ["One", "Two"],
            "free": true,
            "geo": {"latitude": 21.5, "longitude": 107.25},
            "none": [],
            "position": 3,
        });
        assert_eq!(text, expected.to_string());
    }

    #[test]
    fn properties_without_a_value_are_left_out() {
        let text = object(|node| {
            node.text("@type", "Place");
            let length = node.array_if_any("alternateName", |_| {});
            assert_eq!(length, 0);
            node.text_if_any("description", "  ");
            node.array_if_any("members", |members| members.object(|_| {}));
            node.text("name", "Alpha");
        });
        assert_eq!(text, r#"{"@type":"Place","members":[{}],"name":"Alpha"}"#);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "alphabetical order")]
    fn keys_out_of_order_are_caught_in_debug_builds() {
        object(|node| {
            node.text("name", "Alpha");
            node.text("@type", "Place");
        });
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "alphabetical order")]
    fn data_keys_out_of_order_are_caught_in_debug_builds() {
        let keys = [String::from("vi"), String::from("en")];
        file_object(|node| {
            node.map("name", |names| {
                for key in &keys {
                    names.text(key, key);
                }
            });
        });
    }
}
