//! UI strings per language, and the locale rules that format numbers, money, areas
//! and dates; also slugs.
//!
//! Strings come from `templates/i18n/<lang>.yaml`, nested maps flattened to dotted keys
//! (`unit.ha`, `fact.total_area`). Locale rules are data in the same file (`locale:
//! {decimal: ",", group: "."}`), so adding a language is a file, not code. A key
//! missing in one language falls back along the language's chain (`site.yaml`,
//! `fallback:`) and `check` reports it.
//!
//! A text shown on a page in another language than the page's is wrapped in
//! [`mark`]: Unicode noncharacters, which Unicode sets aside for a program's own use
//! (load removes them from input). The finished page turns each mark into a
//! `<span lang>` where text may hold one, and drops it elsewhere
//! (`render::lang`).

use std::collections::BTreeMap;

use serde::Serialize;

/// Number and date rules of one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Locale {
    /// Decimal separator.
    pub decimal: String,
    /// Thousands separator.
    pub group: String,
    /// Full date pattern. Placeholders: `{day}` and `{month}` are numbers as written
    /// by hand (`1`, `7`), `{dd}` and `{mm}` the same in two digits (`01`, `07`),
    /// `{month_name}` the month's name, `{year}` four digits.
    pub date: String,
    /// Month-precision pattern (the same placeholders but the day's).
    pub month_date: String,
    /// Month names, January first.
    pub months: Vec<String>,
    /// A range of two numbers, with `{low}` and `{high}`.
    pub range: String,
}

impl Default for Locale {
    fn default() -> Self {
        Locale {
            decimal: ".".into(),
            group: ",".into(),
            date: "{year}-{mm}-{dd}".into(),
            month_date: "{year}-{mm}".into(),
            months: Vec::new(),
            range: "{low}–{high}".into(),
        }
    }
}

/// The UI strings and locale of one language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Language {
    /// Code (`vi`).
    pub code: String,
    /// Flattened strings.
    pub strings: BTreeMap<String, String>,
    /// Number and date rules.
    pub locale: Locale,
    /// Keys missing in this language's file, and the language whose text fills them.
    pub borrowed: BTreeMap<String, String>,
}

/// Every language's strings, default language first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Translations {
    /// Per language, in `site.yaml` order.
    pub languages: Vec<Language>,
}

impl Translations {
    /// The language with this code.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|language| language.code == code)
    }

    /// A UI string in `code`, falling back to the default language, then to the key.
    pub fn get<'a>(&'a self, code: &str, key: &'a str) -> &'a str {
        self.language(code)
            .and_then(|language| language.strings.get(key))
            .or_else(|| {
                self.languages
                    .first()
                    .and_then(|language| language.strings.get(key))
            })
            .map_or(key, String::as_str)
    }

    /// A UI string in `code` as a page shows it: marked with its language when it
    /// comes from another one (see [`mark`]).
    pub fn shown<'a>(&'a self, code: &str, key: &'a str) -> std::borrow::Cow<'a, str> {
        let text = self.get(code, key);
        match self
            .language(code)
            .and_then(|language| language.borrowed.get(key))
        {
            Some(from) => std::borrow::Cow::Owned(mark(from, text)),
            None => std::borrow::Cow::Borrowed(text),
        }
    }

    /// Gives every language every key some language has: a missing one is taken from
    /// the first language of its chain that has it (`chain(code)` starts with `code`).
    /// Returns (language, key, language it was taken from) for each, in order.
    pub fn fill_missing(
        &mut self,
        chain: impl Fn(&str) -> Vec<String>,
    ) -> Vec<(String, String, String)> {
        let keys: std::collections::BTreeSet<String> = self
            .languages
            .iter()
            .flat_map(|language| language.strings.keys().cloned())
            .collect();
        let mut filled = Vec::new();
        for index in 0..self.languages.len() {
            let code = self.languages[index].code.clone();
            for key in &keys {
                if self.languages[index].strings.contains_key(key) {
                    continue;
                }
                let found = chain(&code).into_iter().find_map(|from| {
                    let text = self.language(&from)?.strings.get(key)?;
                    Some((from, text.clone()))
                });
                if let Some((from, text)) = found {
                    let language = &mut self.languages[index];
                    language.strings.insert(key.clone(), text);
                    language.borrowed.insert(key.clone(), from.clone());
                    filled.push((code.clone(), key.clone(), from));
                }
            }
        }
        filled
    }

    /// The locale of `code`.
    pub fn locale(&self, code: &str) -> &Locale {
        static FALLBACK: std::sync::OnceLock<Locale> = std::sync::OnceLock::new();
        self.language(code)
            .map(|language| &language.locale)
            .unwrap_or_else(|| FALLBACK.get_or_init(Locale::default))
    }

    /// A date formatted for `code`, as precise as it is known: a year, a month of a
    /// year, or a day.
    pub fn date(&self, code: &str, year: u16, month: Option<u8>, day: Option<u8>) -> String {
        let locale = self.locale(code);
        match (month, day) {
            (Some(month), Some(day)) => fill_date(&locale.date, locale, year, month, Some(day)),
            (Some(month), None) => fill_date(&locale.month_date, locale, year, month, None),
            _ => year.to_string(),
        }
    }

    /// A plain number in `code`'s locale.
    pub fn number(&self, code: &str, value: f64, decimals: usize) -> String {
        format_number(value, decimals, self.locale(code))
    }
}

/// Marks the start of a text in another language; the language code follows, then
/// [`MARK_TEXT`], the text and [`MARK_END`].
pub const MARK_START: char = '\u{FDD0}';
/// Ends the language code of a mark: the text follows.
pub const MARK_TEXT: char = '\u{FDD1}';
/// Ends a marked text.
pub const MARK_END: char = '\u{FDD2}';

/// `text`, marked as written in `language` (a page in another language shows it).
pub fn mark(language: &str, text: &str) -> String {
    let mut marked = String::with_capacity(text.len() + language.len() + 9);
    marked.push(MARK_START);
    marked.push_str(language);
    marked.push(MARK_TEXT);
    marked.push_str(text);
    marked.push(MARK_END);
    marked
}

/// Whether a character is one of the noncharacters U+FDD0 to U+FDEF, which marks use
/// and which input may therefore not hold.
pub fn is_mark(character: char) -> bool {
    ('\u{FDD0}'..='\u{FDEF}').contains(&character)
}

/// Appends `value` in decimal, with zeros before it up to `width` digits (at most 20): what
/// `write!(out, "{value:0width$}")` writes, without the formatting machinery, which
/// costs more than the digits themselves on every dated figure of every page. Returns
/// true, for a placeholder filled.
pub fn push_padded(out: &mut String, value: u64, width: usize) -> bool {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(value);
    for _ in digits.len()..width.min(20) {
        out.push('0');
    }
    out.push_str(digits);
    true
}

/// Fills a date pattern's placeholders in one pass (see [`Locale::date`]): every
/// dated figure and citation on every page is formatted here, and a `replace` per
/// placeholder allocated a string each. Without a day, `{day}` and `{dd}` stay as
/// written (month-precision patterns do not use them).
fn fill_date(pattern: &str, locale: &Locale, year: u16, month: u8, day: Option<u8>) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut rest = pattern;
    // Braces are ASCII, so the byte searches land on character boundaries; they are
    // several times faster than `str::find` on patterns this short.
    while let Some(start) = memchr::memchr(b'{', rest.as_bytes()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some(end) = memchr::memchr(b'}', rest.as_bytes()) else {
            break;
        };
        let name = &rest[1..end];
        let filled = match (name, day) {
            ("day", Some(day)) => push_padded(&mut out, day.into(), 1),
            ("dd", Some(day)) => push_padded(&mut out, day.into(), 2),
            ("month", _) => push_padded(&mut out, month.into(), 1),
            ("mm", _) => push_padded(&mut out, month.into(), 2),
            ("year", _) => push_padded(&mut out, year.into(), 1),
            ("month_name", _) => match usize::from(month)
                .checked_sub(1)
                .and_then(|index| locale.months.get(index))
            {
                Some(name) => {
                    out.push_str(name);
                    true
                }
                None => push_padded(&mut out, month.into(), 1),
            },
            _ => false,
        };
        if filled {
            rest = &rest[end + 1..];
        } else {
            out.push('{');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders a date pattern may hold.
pub const DATE_PLACEHOLDERS: &[&str] = &["day", "dd", "month", "mm", "month_name", "year"];

/// Formats a number with the locale's separators: `18842.56` -> `18.842,56` in vi.
pub fn format_number(value: f64, decimals: usize, locale: &Locale) -> String {
    let fixed = fixed_point(value.abs(), decimals);
    let (whole, fraction) = fixed.split_once('.').unwrap_or((fixed.as_str(), ""));
    // Built in one string: every figure on every page is formatted here.
    let mut out = String::with_capacity(fixed.len() + whole.len() / 3 * locale.group.len() + 4);
    if value < 0.0 && fixed.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            out.push_str(&locale.group);
        }
        out.push(digit);
    }
    if !fraction.is_empty() {
        out.push_str(&locale.decimal);
        out.push_str(fraction);
    }
    out
}

/// `value` with `decimals` digits after the point: the text of
/// `format!("{value:.decimals$}")`. Every figure on every page is formatted, and the
/// standard formatting works out an exact decimal expansion each time. A value that,
/// times 10^decimals, is clearly nearer one integer than the next (all but a few) is
/// rounded as an integer instead, which cannot round otherwise; the rest, and negative
/// or huge values, go through `format!`.
pub fn fixed_point(value: f64, decimals: usize) -> String {
    const SCALES: [f64; 7] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6];
    let rounded = SCALES.get(decimals).and_then(|&scale| {
        let scaled = value * scale;
        // Integers below 2^53 are exact, and the product is within half a unit in the
        // last place of the exact one (scaled * EPSILON / 2): a rounding decided with
        // twice that margin is the exact product's rounding.
        if !(0.0..9.0e15).contains(&scaled) {
            return None;
        }
        let rounded = scaled.round();
        let margin = 0.5 - (scaled - rounded).abs();
        (margin > scaled * f64::EPSILON).then_some(rounded as u64)
    });
    let Some(rounded) = rounded else {
        return format!("{value:.decimals$}");
    };
    let unit = 10u64.pow(decimals as u32);
    let mut text = String::with_capacity(20 + decimals);
    push_padded(&mut text, rounded / unit, 1);
    if decimals > 0 {
        text.push('.');
        push_padded(&mut text, rounded % unit, decimals);
    }
    text
}

/// How many decimals a number was written with (`686.82` -> 2).
pub fn decimals_of(text: &str) -> usize {
    text.split_once('.').map_or(0, |(_, fraction)| {
        fraction
            .trim_end_matches(|c: char| !c.is_ascii_digit())
            .len()
    })
}

/// True for codes like `vi`, `en`, `zh`, `pt-br`.
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|part| {
            (2..=4).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// An ASCII slug: `Sông Khoai` -> `song-khoai`, `Đông Mai` -> `dong-mai`, `Ørsted`
/// -> `orsted`. Each character is transliterated by `deunicode` (which knows `đ`, `Ø`,
/// `ß` and other scripts), then anything but letters and digits becomes one `-`.
pub fn slugify(text: &str) -> String {
    // Transliterated text is seldom longer than its UTF-8.
    let mut slug = String::with_capacity(text.len());
    let mut buffer = [0u8; 4];
    for character in text.chars() {
        let ascii = if character.is_ascii() {
            character.encode_utf8(&mut buffer)
        } else {
            deunicode::deunicode_char(character).unwrap_or("")
        };
        for byte in ascii.bytes() {
            if byte.is_ascii_alphanumeric() {
                slug.push(byte.to_ascii_lowercase() as char);
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
        }
    }
    slug.truncate(slug.trim_end_matches('-').len());
    slug
}

/// Whether a slug is ASCII `[a-z0-9-]`, not starting or ending with `-`.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Folds a text for search: lower case, no diacritics (`Sông Khoai` -> `song khoai`).
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    // Character by character: decomposing a whole text reorders the combining marks of
    // each character, but the marks are all dropped and the other characters never
    // move, so each character can be decomposed alone (the tests check this against
    // decomposing the whole text). ASCII decomposes to itself, and in Vietnamese text
    // most letters are ASCII: runs of it are copied whole and lower-cased at the end
    // (which touches nothing else); the search index folds every page's text.
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = ascii_prefix(rest.as_bytes());
        folded.push_str(&rest[..ascii]);
        let mut after = rest[ascii..].chars();
        if let Some(character) = after.next() {
            match folded_latin(character) {
                Some(letter) => folded.push(letter),
                None => fold_character(character, &mut folded),
            }
        }
        rest = after.as_str();
    }
    folded.make_ascii_lowercase();
    folded
}

/// How many bytes at the start of `bytes` are ASCII, eight at a time.
fn ascii_prefix(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8]));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|byte| !byte.is_ascii())
        .unwrap_or(bytes.len() - at)
}

/// [`fold`], with each run of whitespace made one space and none at either end (what
/// `split_whitespace` and `join(" ")` would give). The search index's texts are mostly
/// single-spaced already: that is checked first, and only the others split and joined.
pub fn fold_words(text: &str) -> String {
    let folded = fold(text);
    let single_spaced = !folded.starts_with(' ')
        && !folded.ends_with(' ')
        && !folded.contains("  ")
        && !has_other_whitespace(&folded);
    if single_spaced {
        return folded;
    }
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` holds whitespace other than the space, looked for byte by byte
/// (the UTF-8 of every whitespace character `char::is_whitespace` knows).
fn has_other_whitespace(text: &str) -> bool {
    let bytes = text.as_bytes();
    let whitespace_at = |at: usize| match bytes[at] {
        b'\t'..=b'\r' => true,
        0xC2 => matches!(bytes.get(at + 1), Some(0x85 | 0xA0)),
        0xE1 => bytes.get(at + 1..at + 3) == Some(&[0x9A, 0x80]),
        0xE2 => matches!(
            bytes.get(at + 1..at + 3),
            Some([0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF] | [0x81, 0x9F])
        ),
        0xE3 => bytes.get(at + 1..at + 3) == Some(&[0x80, 0x80]),
        _ => false,
    };
    // Eight bytes at a time past those that are printable ASCII (none below 0x20,
    // none above 0x7F), which is most of them.
    let mut at = 0;
    while at < bytes.len() {
        if let Some(chunk) = bytes.get(at..at + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            const HIGH: u64 = 0x8080_8080_8080_8080;
            let below_space = word.wrapping_sub(0x2020_2020_2020_2020) & !word & HIGH;
            if (word & HIGH) | below_space == 0 {
                at += 8;
                continue;
            }
        }
        let end = (at + 8).min(bytes.len());
        if (at..end).any(whitespace_at) {
            return true;
        }
        at = end;
    }
    false
}

/// Folds one character: its canonical decomposition without combining marks, in
/// lower case.
fn fold_character(character: char, folded: &mut String) {
    unicode_normalization::char::decompose_canonical(character, |part| {
        if unicode_normalization::char::is_combining_mark(part) {
            return;
        }
        match part {
            'đ' | 'Đ' => folded.push('d'),
            _ => folded.extend(part.to_lowercase()),
        }
    });
}

/// The fold of a Latin letter (Latin-1 to Latin Extended B, and Latin Extended
/// Additional, which holds the Vietnamese letters), looked up in a table worked out
/// once with [`fold_character`]; `None` outside those blocks, or where the fold is not
/// one character.
fn folded_latin(character: char) -> Option<char> {
    const BLOCKS: [(u32, u32); 2] = [(0x80, 0x250), (0x1E00, 0x1F00)];
    static TABLE: std::sync::OnceLock<Vec<Option<char>>> = std::sync::OnceLock::new();
    let code = u32::from(character);
    let mut index = 0;
    let mut found = None;
    for (start, end) in BLOCKS {
        if (start..end).contains(&code) {
            found = Some(index + (code - start) as usize);
            break;
        }
        index += (end - start) as usize;
    }
    let table = TABLE.get_or_init(|| {
        BLOCKS
            .iter()
            .flat_map(|&(start, end)| start..end)
            .map(|code| {
                let mut folded = String::new();
                fold_character(char::from_u32(code)?, &mut folded);
                let mut letters = folded.chars();
                match (letters.next(), letters.next()) {
                    (Some(letter), None) => Some(letter),
                    _ => None,
                }
            })
            .collect()
    });
    table[found?]
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn fixed_point_numbers_are_written_as_format_writes_them() {
        let check = |value: f64, decimals: usize| {
            assert_eq!(
                fixed_point(value, decimals),
                format!("{value:.decimals$}"),
                "{value:e} to {decimals}"
            );
        };
        // Halfway cases as written (2.675 is a little under, 0.125 exactly), numbers
        // written with a few decimals, and the edges.
        let mut values = vec![
            0.0, 0.125, 0.375, 2.5, 3.5, 2.675, 1.005, 1e-300, 8.9e15, 9.1e15,
        ];
        values.extend([
            f64::MAX,
            f64::MIN_POSITIVE,
            4503599627370495.5,
            0.049999999999999996,
        ]);
        values.extend((0..20_000).map(|n| f64::from(n) / 1000.0));
        values.extend((0..20_000).map(|n| f64::from(n) * 0.005));
        // And a million values spread over many magnitudes (a fixed xorshift).
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..1_000_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mantissa = (state >> 11) as f64 / (1u64 << 53) as f64;
            values.push(mantissa * 10f64.powi((state % 19) as i32 - 4));
        }
        for value in values {
            for decimals in 0..=8 {
                check(value, decimals);
            }
        }
    }

    #[test]
    fn numbers_are_padded_as_format_pads_them() {
        let values = (0..=1200).chain([9_999, 10_000, 65_535, 123_456_789, u64::MAX]);
        for value in values {
            for width in 0..=20 {
                let mut out = String::from("x");
                assert!(push_padded(&mut out, value, width));
                assert_eq!(out, format!("x{value:0width$}"), "{value} to {width}");
            }
        }
    }

    fn vi() -> Locale {
        Locale {
            decimal: ",".into(),
            group: ".".into(),
            ..Locale::default()
        }
    }

    #[test]
    fn folding_by_character_matches_folding_the_whole_text() {
        let whole = |text: &str| -> String {
            text.nfd()
                .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
                .map(|c| match c {
                    'đ' | 'Đ' => 'd',
                    _ => c,
                })
                .flat_map(char::to_lowercase)
                .collect()
        };
        for text in [
            "Sông Khoai",
            "ĐÔNG MAI Industrial Park, Yên Bình Ward",
            "e\u{301}a\u{323}\u{302} x\u{302}\u{323}",
            "\u{301}leading mark, İstanbul, ǅ, ß, Ωmega",
            "",
            "plain ascii only",
        ] {
            assert_eq!(fold(text), whole(text), "{text}");
        }
        // Every character of the alphabetic and combining blocks, between ASCII letters
        // and before a combining mark (which decomposition may reorder).
        for character in (0..0x3000).filter_map(char::from_u32) {
            let text = format!("a{character}b{character}\u{323}\u{301}");
            assert_eq!(fold(&text), whole(&text), "{character:?}");
        }
        assert_eq!(fold("Sông Khoai Đông"), "song khoai dong");
    }

    #[test]
    fn other_whitespace_is_found_by_its_bytes() {
        for character in (0..0x3100).filter_map(char::from_u32) {
            let text = format!("a{character}b");
            assert_eq!(
                has_other_whitespace(&text),
                character != ' ' && character.is_whitespace(),
                "{character:?}"
            );
        }
    }

    #[test]
    fn folded_words_are_the_folded_text_split_and_joined() {
        for text in [
            "  Sông   Khoai\n\tĐông\u{a0}Mai  ",
            "",
            " ",
            "one",
            "İstanbul ß\u{2003}x\u{301} ",
            "a \u{301} b",
            "single spaced words — only",
        ] {
            let expected = fold(text).split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(fold_words(text), expected, "{text:?}");
        }
    }

    #[test]
    fn dates_fill_their_pattern_as_the_placeholders_say() {
        let english = Locale {
            date: "{day} {month_name} {year}".into(),
            month_date: "{month_name} {year}".into(),
            months: ["January", "February", "March", "April", "May", "June"]
                .map(String::from)
                .to_vec(),
            ..Locale::default()
        };
        let vietnamese = Locale {
            date: "{day}/{month}/{year}".into(),
            month_date: "tháng {month}/{year} {day} {x} {".into(),
            ..Locale::default()
        };
        // What a `replace` per placeholder in a row gives.
        let replaced = |pattern: &str, locale: &Locale, month: u8, day: Option<u8>| {
            let name = locale
                .months
                .get(usize::from(month) - 1)
                .cloned()
                .unwrap_or_else(|| month.to_string());
            let pattern = match day {
                Some(day) => pattern
                    .replace("{day}", &day.to_string())
                    .replace("{dd}", &format!("{day:02}")),
                None => pattern.to_string(),
            };
            pattern
                .replace("{month_name}", &name)
                .replace("{month}", &month.to_string())
                .replace("{mm}", &format!("{month:02}"))
                .replace("{year}", "2024")
        };
        for locale in [&english, &vietnamese, &Locale::default()] {
            for (month, day) in [(3, Some(7)), (6, Some(30)), (9, Some(1)), (12, None)] {
                let pattern = if day.is_some() {
                    &locale.date
                } else {
                    &locale.month_date
                };
                assert_eq!(
                    fill_date(pattern, locale, 2024, month, day),
                    replaced(pattern, locale, month, day)
                );
            }
        }
        assert_eq!(
            fill_date(&english.date, &english, 2024, 3, Some(7)),
            "7 March 2024"
        );
        // Unknown placeholders, an unclosed brace and a day in a month pattern stay.
        assert_eq!(
            fill_date(&vietnamese.month_date, &vietnamese, 2024, 3, None),
            "tháng 3/2024 {day} {x} {"
        );
    }

    /// The locale of a bundled UI-string file, as validation reads it.
    fn bundled(code: &str) -> Locale {
        let text = match code {
            "vi" => include_str!("../templates/i18n/vi.yaml"),
            _ => include_str!("../templates/i18n/en.yaml"),
        };
        let value: serde_yaml::Value = serde_yaml::from_str(text).expect("valid YAML");
        let locale = &value["locale"];
        let text = |key: &str| locale[key].as_str().expect(key).to_string();
        Locale {
            date: text("date"),
            month_date: text("month_date"),
            months: locale["months"]
                .as_sequence()
                .expect("months")
                .iter()
                .map(|month| month.as_str().expect("a month").to_string())
                .collect(),
            ..Locale::default()
        }
    }

    #[test]
    fn vietnamese_dates_are_written_as_newspapers_write_them() {
        let vi = bundled("vi");
        assert_eq!(fill_date(&vi.date, &vi, 2025, 7, Some(1)), "1/7/2025");
        assert_eq!(fill_date(&vi.date, &vi, 2025, 11, Some(3)), "3/11/2025");
        assert_eq!(fill_date(&vi.date, &vi, 2023, 12, Some(25)), "25/12/2023");
        assert_eq!(
            fill_date(&vi.month_date, &vi, 2025, 7, None),
            "tháng 7/2025"
        );
        assert_eq!(
            fill_date(&vi.month_date, &vi, 2025, 12, None),
            "tháng 12/2025"
        );
    }

    #[test]
    fn english_dates_name_the_month_without_a_leading_zero() {
        let en = bundled("en");
        assert_eq!(fill_date(&en.date, &en, 2025, 7, Some(1)), "1 July 2025");
        assert_eq!(fill_date(&en.date, &en, 2024, 3, Some(7)), "7 March 2024");
        assert_eq!(fill_date(&en.month_date, &en, 2025, 7, None), "July 2025");
    }

    #[test]
    fn without_a_locale_dates_are_iso_8601() {
        let iso = Locale::default();
        assert_eq!(fill_date(&iso.date, &iso, 2024, 3, Some(7)), "2024-03-07");
        assert_eq!(fill_date(&iso.date, &iso, 2025, 12, Some(31)), "2025-12-31");
        assert_eq!(fill_date(&iso.month_date, &iso, 2024, 3, None), "2024-03");
        let translations = Translations::default();
        assert_eq!(
            translations.date("xx", 2024, Some(3), Some(7)),
            "2024-03-07",
            "a language without UI strings"
        );
        assert_eq!(translations.date("xx", 2024, None, None), "2024");
    }

    #[test]
    fn numbers_follow_the_locale() {
        assert_eq!(format_number(18842.56, 2, &vi()), "18.842,56");
        assert_eq!(format_number(18842.56, 2, &Locale::default()), "18,842.56");
        assert_eq!(format_number(50279.4, 1, &vi()), "50.279,4");
        assert_eq!(format_number(375171.0, 0, &vi()), "375.171");
        assert_eq!(format_number(5.0, 0, &vi()), "5");
        assert_eq!(format_number(-1234.5, 1, &Locale::default()), "-1,234.5");
    }

    #[test]
    fn slugs_drop_diacritics() {
        assert_eq!(slugify("Sông Khoai"), "song-khoai");
        assert_eq!(slugify("Đông Mai"), "dong-mai");
        assert_eq!(slugify("Hoành Mô – Đồng Văn"), "hoanh-mo-dong-van");
        assert_eq!(slugify("Ørsted"), "orsted");
        assert_eq!(slugify("đường Đỗ Mười"), "duong-do-muoi");
        assert_eq!(slugify("Straße & Æsir"), "strasse-aesir");
        // Decomposed (NFD) text gives the same slug.
        assert_eq!(
            slugify(&"Sông Khoai".nfd().collect::<String>()),
            "song-khoai"
        );
        assert_eq!(slugify("  —  "), "");
        assert!(is_slug("bac-tien-phong"));
        assert!(!is_slug("Bắc") && !is_slug("a_b") && !is_slug("-a"));
    }

    #[test]
    fn folding_matches_unaccented_queries() {
        assert_eq!(fold("Sông Khoai"), "song khoai");
        assert_eq!(fold("ĐÔNG MAI"), "dong mai");
    }

    #[test]
    fn decimals_are_counted_as_written() {
        assert_eq!(decimals_of("686.82"), 2);
        assert_eq!(decimals_of("714"), 0);
    }
}
