//! URLs that must never become links on the site, read the way browsers read them,
//! and the URLs written in raw HTML (when a site lets raw HTML through), so that a
//! `javascript:` link is refused whether it is written in Markdown, in HTML or in a
//! YAML field.

/// Why a URL is refused: the scheme it has, as a browser would read it. `javascript:`
/// and `vbscript:` run script in the reader's browser; `file:` points into the
/// reader's own computer; `data:` is a document of its own, which can run script
/// (an image may be `data:image/...`, which an `<img>` shows without running any).
pub fn refused_scheme(url: &str, image: bool) -> Option<&'static str> {
    // Browsers drop spaces and control characters around a URL and every tab and
    // newline inside it, and compare schemes in any case: `  Java\tScript:` is one.
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    let (scheme, rest) = cleaned.split_once(':')?;
    match scheme {
        "javascript" => Some("javascript"),
        "vbscript" => Some("vbscript"),
        "file" => Some("file"),
        "data" if image && rest.starts_with("image/") => None,
        "data" => Some("data"),
        _ => None,
    }
}

/// Attributes whose value a browser loads or navigates to.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
];

/// A URL written in raw HTML: its byte offset in the HTML, the URL (character
/// references decoded, as a browser decodes them) and whether it is an image's.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlUrl {
    /// Byte offset of the attribute in the HTML.
    pub offset: usize,
    /// The URL.
    pub url: String,
    /// Whether it is the `src` of an `<img>`.
    pub image: bool,
}

/// Every URL attribute of every tag in `html`.
pub fn html_urls(html: &str) -> Vec<HtmlUrl> {
    let mut urls = Vec::new();
    let bytes = html.as_bytes();
    let mut at = 0;
    while let Some(open) = html[at..].find('<').map(|found| at + found) {
        // The tag's name, then its attributes up to the closing `>`.
        let name_end = html[open + 1..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |end| open + 1 + end);
        let tag = html[open + 1..name_end].to_ascii_lowercase();
        let mut cursor = name_end;
        loop {
            while cursor < bytes.len()
                && (bytes[cursor].is_ascii_whitespace() || bytes[cursor] == b'/')
            {
                cursor += 1;
            }
            if cursor >= bytes.len() || bytes[cursor] == b'>' || bytes[cursor] == b'<' {
                break;
            }
            let name_start = cursor;
            while cursor < bytes.len()
                && !bytes[cursor].is_ascii_whitespace()
                && !matches!(bytes[cursor], b'=' | b'>' | b'<')
            {
                cursor += 1;
            }
            let name = html[name_start..cursor].to_ascii_lowercase();
            let mut after_name = cursor;
            while after_name < bytes.len() && bytes[after_name].is_ascii_whitespace() {
                after_name += 1;
            }
            if bytes.get(after_name) != Some(&b'=') {
                continue;
            }
            cursor = after_name + 1;
            while cursor < bytes.len() && bytes[cursor].is_ascii_whitespace() {
                cursor += 1;
            }
            let (value, end) = match bytes.get(cursor) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let start = cursor + 1;
                    let end = html[start..]
                        .find(quote as char)
                        .map_or(html.len(), |found| start + found);
                    (&html[start..end], (end + 1).min(html.len()))
                }
                _ => {
                    let start = cursor;
                    let end = html[start..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(html.len(), |found| start + found);
                    (&html[start..end], end)
                }
            };
            if URL_ATTRIBUTES.contains(&name.as_str()) {
                urls.push(HtmlUrl {
                    offset: name_start,
                    url: decode_references(value),
                    image: tag == "img" && name == "src",
                });
            }
            cursor = end;
        }
        at = cursor.max(open + 1);
    }
    urls
}

/// `value` with HTML character references decoded: numeric ones, and the named ones
/// that can spell a scheme (`&colon;`, `&Tab;`, `&NewLine;`) or are common.
fn decode_references(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |found| found + 1);
        let name = &rest[1..end];
        let decoded = match name.strip_prefix('#') {
            Some(number) => match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse().ok(),
            }
            .and_then(char::from_u32),
            None => match name {
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "sol" => Some('/'),
                "lpar" => Some('('),
                "rpar" => Some(')'),
                _ => None,
            },
        };
        match decoded {
            Some(character) if end > 1 => {
                out.push(character);
                // The `;` is optional for browsers.
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_file_and_data_urls_are_refused_however_written() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "  java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\nscript:x",
            "VBScript:msgbox(1)",
            "file:///etc/passwd",
            "FILE://server/share",
            "data:text/html;base64,PHNjcmlwdD4=",
            " data:image/svg+xml,<svg onload=alert(1)>",
        ] {
            assert!(refused_scheme(url, false).is_some(), "{url:?}");
        }
        assert_eq!(refused_scheme("vbscript:x", true), Some("vbscript"));
        assert_eq!(refused_scheme("data:text/html,x", true), Some("data"));
        for url in [
            "https://example.org/a:b",
            "@/parks/dong-mai",
            "/static/plan.pdf",
            "mailto:a@b.vn",
            "tel:+84",
            "#scope",
            "javascript-guide.html",
        ] {
            assert_eq!(refused_scheme(url, false), None, "{url:?}");
        }
        assert_eq!(refused_scheme("data:image/png;base64,iVBOR", true), None);
    }

    #[test]
    fn urls_in_raw_html_are_found_with_references_decoded() {
        let html = "<a class=x HREF = \"jav&#x61;script&colon;alert(1)\">x</a> \
                    <img alt='a' src='data:image/png;base64,AA'><form action=vbscript:x>\
                    <p title=\"href=javascript:no\">";
        let urls = html_urls(html);
        let found: Vec<(&str, bool)> = urls.iter().map(|u| (u.url.as_str(), u.image)).collect();
        assert_eq!(
            found,
            [
                ("javascript:alert(1)", false),
                ("data:image/png;base64,AA", true),
                ("vbscript:x", false)
            ]
        );
        assert_eq!(&html[urls[0].offset..urls[0].offset + 4], "HREF");
        assert_eq!(
            decode_references("a&amp;b &#106;&#x6A &unknown; &"),
            "a&b jj &unknown; &"
        );
    }
}
