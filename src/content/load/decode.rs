//! Reading one file: its bytes, at most [`super::MAX_TEXT_BYTES`] for a text, and a
//! text decoded as UTF-8, in NFC, without a byte order mark or the noncharacters pages
//! use as marks. Pure but for the read, so the files of a large portal are read and
//! decoded on every core.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use unicode_normalization::UnicodeNormalization;

use super::{TextFile, MAX_TEXT_BYTES, READS};
use crate::content::model::Asset;
use crate::diagnostics::{Diagnostic, Position};

/// A file's bytes made ready for validation.
pub(super) enum Decoded {
    /// A file under `static/`, copied as it is.
    Asset(Asset),
    /// A text file, in NFC, without a byte order mark.
    Text(TextFile),
    /// A text file that is not UTF-8.
    Unreadable(Diagnostic),
}

/// Decodes one file read from `path` (relative to the site root). Pure, so that the
/// files of a large portal are decoded on every core.
pub(super) fn decode(path: PathBuf, bytes: Vec<u8>) -> Decoded {
    let text_path = path.to_string_lossy().replace('\\', "/");
    if let Some(asset_path) = text_path.strip_prefix("static/") {
        return Decoded::Asset(Asset {
            path: asset_path.to_string(),
            bytes: bytes.into(),
        });
    }
    if bytes.len() > MAX_TEXT_BYTES {
        return Decoded::Unreadable(too_large(path, bytes.len() as u64));
    }
    // Most of a portal is ASCII and precomposed Latin letters: one pass over the bytes
    // shows such a text to be both UTF-8 and in NFC. Any other text is checked in full.
    let text = if is_composed_latin(&bytes) {
        // SAFETY: `is_composed_latin` took every byte as ASCII or as part of a whole
        // sequence of the ranges `composed_latin_width` names, continuation bytes
        // included; each such sequence is well-formed UTF-8 (lead bytes C2 to CB, E1
        // and E2 are never overlong, and none of these characters is a surrogate).
        // `bytes_taken_for_composed_latin_are_utf8` checks the claim against
        // `std::str::from_utf8`.
        unsafe { String::from_utf8_unchecked(bytes) }
    } else {
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let bytes = error.as_bytes();
                let before = String::from_utf8_lossy(&bytes[..valid]).into_owned();
                return Decoded::Unreadable(
                    Diagnostic::error(
                        "E0002",
                        &path,
                        Position::of_offset(&before, valid),
                        "this file is not valid UTF-8",
                    )
                    .with_help(
                        "save the file as UTF-8 (in most editors: Save with encoding > UTF-8)",
                    ),
                );
            }
        };
        // Some editors save Vietnamese decomposed (NFD); compare and match in NFC.
        if unicode_normalization::is_nfc(&text) {
            text
        } else {
            text.nfc().collect()
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    // Noncharacters are for a program's own use: pages mark fallback texts with them.
    // Their UTF-8 starts with the byte EF, which a portal's text hardly ever has: a
    // byte search first spares looking at every character.
    let text =
        if memchr::memchr(0xEF, text.as_bytes()).is_some() && text.contains(crate::i18n::is_mark) {
            text.chars().filter(|c| !crate::i18n::is_mark(*c)).collect()
        } else {
            text
        };
    Decoded::Text(TextFile {
        path,
        text,
        revision: READS.fetch_add(1, Ordering::Relaxed),
    })
}

/// Whether `bytes` are only ASCII and the characters [`composed_latin_width`] names:
/// then they are UTF-8, and the text is in NFC. Most of a portal is such text
/// (Vietnamese among it): ASCII is skipped eight bytes at a time and the rest read by
/// its bytes, not decoded; reading a portal was most of its time in validating UTF-8
/// and checking NFC character by character.
fn is_composed_latin(bytes: &[u8]) -> bool {
    let mut at = 0;
    while at < bytes.len() {
        if let Some(chunk) = bytes.get(at..at + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            if word & 0x8080_8080_8080_8080 == 0 {
                at += 8;
                continue;
            }
        }
        match composed_latin_width(&bytes[at..]) {
            0 => return false,
            width => at += width,
        }
    }
    true
}

/// The width in bytes of the character `bytes` start with, if it is ASCII or
/// one that NFC keeps as it is whatever precedes it (a starter, combining class 0,
/// whose quick check is Yes); else 0. A text of these is NFC; a combining mark after
/// one of them is not among them, and sends the text to the full check. Latin-1,
/// Latin Extended A and B and the spacing modifiers (U+0080 to U+02FF, everything
/// below the combining diacritics), Latin Extended Additional (U+1E00 to U+1EFF, the
/// precomposed Vietnamese letters) and the dashes and quotation marks of General
/// Punctuation (U+2010 to U+2027). Read from the bytes, not decoded: a Vietnamese text
/// has one of these every few letters.
fn composed_latin_width(bytes: &[u8]) -> usize {
    match bytes {
        [0x00..=0x7f, ..] => 1,
        [0xc2..=0xcb, 0x80..=0xbf, ..] => 2,
        [0xe1, 0xb8..=0xbb, 0x80..=0xbf, ..] => 3,
        [0xe2, 0x80, 0x90..=0xa7, ..] => 3,
        _ => 0,
    }
}

/// Reads and decodes the file at `full`, known to the build as `path`.
pub(super) fn read_file(path: PathBuf, full: &Path) -> Decoded {
    let is_asset = path.starts_with("static");
    let read = if is_asset {
        std::fs::read(full).map(Ok)
    } else {
        read_text(full)
    };
    match read {
        Ok(Ok(bytes)) => decode(path, bytes),
        Ok(Err(size)) => Decoded::Unreadable(too_large(path, size)),
        Err(error) => Decoded::Unreadable(
            Diagnostic::error(
                "E0001",
                path,
                Position::NONE,
                format!("cannot read: {error}"),
            )
            .with_help("check the file's permissions"),
        ),
    }
}

/// The bytes of a text file, or its size if it is larger than [`MAX_TEXT_BYTES`]
/// (then it is not read, or not past the limit if it grew while being read).
fn read_text(full: &Path) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read as _;
    let file = std::fs::File::open(full)?;
    let size = file.metadata()?.len();
    if size > MAX_TEXT_BYTES as u64 {
        return Ok(Err(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_TEXT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_TEXT_BYTES {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

/// A text file over [`MAX_TEXT_BYTES`].
fn too_large(path: PathBuf, size: u64) -> Diagnostic {
    // Rounded up, so a file just over the limit does not read as the limit.
    let tenths = (size as f64 / (1024.0 * 1024.0) * 10.0).ceil() / 10.0;
    Diagnostic::error(
        "E0003",
        path,
        Position::START,
        format!(
            "this file is {tenths:.1} MB; halong reads text files of up to {} MB",
            MAX_TEXT_BYTES / (1024 * 1024)
        ),
    )
    .with_help(
        "a portal's content files are a few kilobytes: split this one, or if it is not \
         content (a data dump, an export), move it out of the portal's folders",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_nfc_check_agrees_with_the_full_one() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        let composed_latin = ('\u{80}'..='\u{2FF}')
            .chain('\u{1E00}'..='\u{1EFF}')
            .chain('\u{2010}'..='\u{2027}');
        for character in composed_latin.clone() {
            assert_eq!(canonical_combining_class(character), 0, "{character:?}");
            assert_eq!(
                is_nfc_quick(std::iter::once(character)),
                IsNormalized::Yes,
                "{character:?}"
            );
        }
        // Every character's bytes, with a character after them: exactly ASCII and
        // those above have a width, their own.
        for character in ('\0'..='\u{3000}').chain(['\u{FEFF}', '\u{1F600}']) {
            let mut text = character.to_string();
            let width = text.len();
            text.push('\u{1EA1}');
            let expected = if character.is_ascii() || composed_latin.clone().any(|c| c == character)
            {
                width
            } else {
                0
            };
            assert_eq!(
                composed_latin_width(text.as_bytes()),
                expected,
                "{character:?}"
            );
        }
        let composed = "Khu công nghiệp Đông Mai – “Cái Lân”, 1.200 ha";
        let decomposed: String = composed.nfd().collect();
        for text in [
            composed,
            decomposed.as_str(),
            "ASCII only",
            "",
            "Ê\u{301}",
            "e\u{302}",
        ] {
            if is_composed_latin(text.as_bytes()) {
                assert!(unicode_normalization::is_nfc(text), "{text:?}");
            }
        }
        assert!(is_composed_latin(composed.as_bytes()));
        assert!(!is_composed_latin(decomposed.as_bytes()));
    }

    /// Bytes taken to be composed Latin are UTF-8 (the unchecked conversion in
    /// `decode` relies on it): every pair and triple of the bytes that matter, and a
    /// million random strings of them, against the standard library's validation.
    #[test]
    fn bytes_taken_for_composed_latin_are_utf8() {
        let interesting: Vec<u8> = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0xa7, 0xa8, 0xb7]
            .into_iter()
            .chain([0xb8, 0xbb, 0xbc, 0xbf, 0xc0, 0xc1, 0xc2, 0xcb, 0xcc, 0xdf])
            .chain([0xe0, 0xe1, 0xe2, 0xe3, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff])
            .collect();
        let check = |bytes: &[u8]| {
            if is_composed_latin(bytes) {
                let text = std::str::from_utf8(bytes);
                assert!(text.is_ok(), "{bytes:x?}");
                assert!(unicode_normalization::is_nfc(text.unwrap()), "{bytes:x?}");
            }
        };
        for &a in &interesting {
            for &b in &interesting {
                check(&[a, b]);
                for &c in &interesting {
                    check(&[a, b, c]);
                    check(&[b'x', a, b, c]);
                }
            }
        }
        // A fixed xorshift: the same strings on every run.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..1_000_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let length = (state % 12) as usize;
            let bytes: Vec<u8> = (0..length)
                .map(|index| interesting[((state >> (5 * index)) % 29) as usize])
                .collect();
            check(&bytes);
        }
    }
}
