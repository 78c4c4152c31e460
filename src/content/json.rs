//! JSON with positions: a small parser that keeps the byte offset of every value, so
//! that a problem in a GeoJSON outline (a position that is not two numbers, a polygon
//! with two points) names its `file:line:column` like a problem in YAML does.
//!
//! serde_json reports positions only for syntax errors; this reads the whole grammar
//! (RFC 8259) into a tree of [`Json`] values, each with its offset. Nesting is bounded
//! ([`MAX_DEPTH`]), so no input can exhaust the stack, and the time taken is linear in
//! the text's length. Nothing here knows GeoJSON: see [`super::outline`].

use std::borrow::Cow;

/// How deep arrays and objects may nest. GeoJSON needs about ten levels.
pub const MAX_DEPTH: usize = 128;

/// A value and where it starts in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Json<'t> {
    /// Byte offset of the value's first character.
    pub offset: usize,
    /// The value.
    pub value: Value<'t>,
}

/// A JSON value. Strings borrow from the text unless they hold escapes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'t> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as a double.
    Number(f64),
    /// A string.
    String(Cow<'t, str>),
    /// An array.
    Array(Vec<Json<'t>>),
    /// An object's members, in the order written.
    Object(Vec<(Cow<'t, str>, Json<'t>)>),
}

impl<'t> Json<'t> {
    /// The member `key` of an object (the first, if written twice).
    pub fn get(&self, key: &str) -> Option<&Json<'t>> {
        match &self.value {
            Value::Object(members) => members
                .iter()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn as_array(&self) -> Option<&[Json<'t>]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// A number's value.
    pub fn as_number(&self) -> Option<f64> {
        match self.value {
            Value::Number(number) => Some(number),
            _ => None,
        }
    }

    /// What kind of value this is, in words for a diagnostic.
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "true or false",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Why a text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong, e.g. "expected `,` or `]`".
    pub message: String,
}

/// Parses a whole text as one JSON value.
pub fn parse(text: &str) -> Result<Json<'_>, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    parser.skip_space();
    let value = parser.value(0)?;
    parser.skip_space();
    if parser.at < parser.bytes.len() {
        return Err(parser.error("unexpected text after the end of the JSON value"));
    }
    Ok(value)
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
}

impl<'t> Parser<'t> {
    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            offset: self.at,
            message: message.into(),
        }
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json<'t>, SyntaxError> {
        let offset = self.at;
        let value = match self.bytes.get(self.at) {
            None => return Err(self.error("the text ends where a value was expected")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(_) => self.word()?,
        };
        Ok(Json { offset, value })
    }

    fn word(&mut self) -> Result<Value<'t>, SyntaxError> {
        for (word, value) in [
            ("true", Value::Bool(true)),
            ("false", Value::Bool(false)),
            ("null", Value::Null),
        ] {
            if self.text[self.at..].starts_with(word) {
                self.at += word.len();
                return Ok(value);
            }
        }
        Err(self.error("expected a value (an object, array, string, number, true, false or null)"))
    }

    fn nested(&mut self, depth: usize) -> Result<(), SyntaxError> {
        if depth >= MAX_DEPTH {
            return Err(self.error(format!(
                "arrays and objects nest more than {MAX_DEPTH} deep"
            )));
        }
        self.at += 1;
        self.skip_space();
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<Value<'t>, SyntaxError> {
        self.nested(depth)?;
        let mut items = Vec::new();
        if self.bytes.get(self.at) == Some(&b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.bytes.get(self.at) {
                Some(b',') => {
                    self.at += 1;
                    self.skip_space();
                }
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]` after an array item")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'t>, SyntaxError> {
        self.nested(depth)?;
        let mut members = Vec::new();
        if self.bytes.get(self.at) == Some(&b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            if self.bytes.get(self.at) != Some(&b'"') {
                return Err(self.error("expected a member name in double quotes"));
            }
            let key = self.string()?;
            self.skip_space();
            if self.bytes.get(self.at) != Some(&b':') {
                return Err(self.error("expected `:` after a member name"));
            }
            self.at += 1;
            self.skip_space();
            members.push((key, self.value(depth + 1)?));
            self.skip_space();
            match self.bytes.get(self.at) {
                Some(b',') => {
                    self.at += 1;
                    self.skip_space();
                }
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}` after an object member")),
            }
        }
    }

    fn number(&mut self) -> Result<f64, SyntaxError> {
        let start = self.at;
        let digits = |parser: &mut Self| {
            let from = parser.at;
            while parser.bytes.get(parser.at).is_some_and(u8::is_ascii_digit) {
                parser.at += 1;
            }
            parser.at > from
        };
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        if self.bytes.get(self.at) == Some(&b'0') {
            self.at += 1;
        } else if !digits(self) {
            return Err(self.error("expected a digit"));
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        self.text[start..self.at].parse().map_err(|_| SyntaxError {
            offset: start,
            message: "this number cannot be read".to_string(),
        })
    }

    fn string(&mut self) -> Result<Cow<'t, str>, SyntaxError> {
        let start = self.at;
        self.at += 1;
        let mut owned: Option<String> = None;
        let mut plain_from = self.at;
        loop {
            match self.bytes.get(self.at) {
                None => {
                    return Err(SyntaxError {
                        offset: start,
                        message: "this string has no closing `\"`".to_string(),
                    })
                }
                Some(b'"') => {
                    let tail = &self.text[plain_from..self.at];
                    self.at += 1;
                    return Ok(match owned {
                        Some(mut text) => {
                            text.push_str(tail);
                            Cow::Owned(text)
                        }
                        None => Cow::Borrowed(tail),
                    });
                }
                Some(b'\\') => {
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(&self.text[plain_from..self.at]);
                    self.at += 1;
                    let escaped = match self.bytes.get(self.at) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            let character = self.unicode_escape()?;
                            text.push(character);
                            plain_from = self.at;
                            continue;
                        }
                        _ => return Err(self.error("unknown escape after `\\`")),
                    };
                    text.push(escaped);
                    self.at += 1;
                    plain_from = self.at;
                }
                Some(byte) if *byte < 0x20 => {
                    return Err(self.error("a control character (such as a line break) inside a string; write it as `\\n`"));
                }
                Some(_) => self.at += 1,
            }
        }
    }

    /// Reads the four hex digits after `\u` (and a low surrogate's after a high one).
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !self.text[self.at..].starts_with("\\u") {
                return Err(self.error("a `\\u` surrogate pair is missing its second half"));
            }
            self.at += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self.error("a `\\u` surrogate pair is missing its second half"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code).ok_or_else(|| self.error("this `\\u` escape is not a character"))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|digits| digits.bytes().all(|byte| byte.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("expected four hex digits after `\\u`"))?;
        let code = u32::from_str_radix(digits, 16).map_err(|_| self.error("bad hex digits"))?;
        self.at += 4;
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keep_their_offsets() {
        let text =
            "{\"a\": [1, -2.5e1, true],\n \"b\\n\": \"x\\u00e9\\ud83d\\ude00\", \"c\": null}";
        let json = parse(text).unwrap();
        let a = json.get("a").unwrap();
        assert_eq!(a.offset, 6);
        let items = a.as_array().unwrap();
        assert_eq!(items[1].as_number(), Some(-25.0));
        assert_eq!(items[1].offset, 10);
        assert_eq!(json.get("b\n").unwrap().as_str(), Some("xé😀"));
        assert_eq!(json.get("c").unwrap().value, Value::Null);
    }

    #[test]
    fn syntax_errors_say_where() {
        for (text, offset) in [
            ("[1, 2", 5),
            ("{\"a\" 1}", 5),
            ("[01]", 2),
            ("[1,]", 3),
            ("{\"a\": tru}", 6),
            ("\"open", 0),
            ("[1] x", 4),
            ("[\"a\nb\"]", 3),
            ("", 0),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.offset, offset, "{text:?}: {}", error.message);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        let error = parse(&text).unwrap_err();
        assert_eq!(error.offset, MAX_DEPTH);
    }
}
