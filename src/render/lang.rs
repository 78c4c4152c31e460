//! Marks of texts in another language (see [`crate::i18n::mark`]) -> `lang` attributes.
//!
//! Views put a mark around every text a page shows in a fallback language (a name with
//! no Japanese version on a `/ja/` page, a UI string missing from `ja.yaml`), so the
//! templates need not know which texts fell back. Once the page is rendered, each mark
//! in text becomes `<span lang="en">…</span>`, so screen readers and browsers read it in
//! its own language. Where a `<span>` may not go (attribute values, `<title>`,
//! `<option>`, `<textarea>`, scripts, styles, SVG, comments) the mark is dropped and the
//! text kept.

use crate::i18n::{MARK_END, MARK_START, MARK_TEXT};

/// Elements whose content is text only, or not HTML: marks inside are dropped.
const PLAIN: &[&str] = &["title", "option", "textarea", "script", "style", "svg"];

/// The page with every mark turned into a `<span lang>` or dropped.
pub fn apply(html: Vec<u8>) -> Vec<u8> {
    // A mark's UTF-8 starts with the byte EF, which pages hardly ever have otherwise:
    // most pages are returned after one fast byte search.
    if memchr::memchr(0xEF, &html).is_none() {
        return html;
    }
    let Ok(text) = std::str::from_utf8(&html) else {
        return html;
    };
    if !text.contains(MARK_START) && !text.contains(MARK_END) {
        return html;
    }
    rewrite(text).into_bytes()
}

fn rewrite(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    // Per open mark: whether it became a span (and so needs `</span>`).
    let mut open: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(['<', MARK_START, MARK_END]) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix(MARK_START) {
            let (language, text) = after.split_once(MARK_TEXT).unwrap_or(("", after));
            let span = !language.is_empty();
            if span {
                out.push_str("<span lang=\"");
                out.push_str(language);
                out.push_str("\">");
            }
            open.push(span);
            rest = text;
        } else if let Some(after) = rest.strip_prefix(MARK_END) {
            if open.pop() == Some(true) {
                out.push_str("</span>");
            }
            rest = after;
        } else if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |end| end + 3);
            out.push_str(&strip(&rest[..end]));
            rest = &rest[end..];
        } else {
            // A tag: copied without its marks (they can only sit in attribute values).
            let end = rest.find('>').map_or(rest.len(), |end| end + 1);
            let tag = &rest[..end];
            out.push_str(&strip(tag));
            rest = &rest[end..];
            let name = tag_name(tag);
            if !tag.starts_with("</") && PLAIN.contains(&name.as_str()) {
                // Up to the element's end tag (a `<` in a script is not a tag).
                let end = find_ignoring_case(rest, &format!("</{name}")).unwrap_or(rest.len());
                out.push_str(&strip(&rest[..end]));
                rest = &rest[end..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where `needle` (ASCII, lower case) first occurs in `haystack`, in any case.
fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The lower-case name of a tag: `<Option value="x">` -> `option`.
fn tag_name(tag: &str) -> String {
    tag.trim_start_matches(['<', '/'])
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A text without its marks (the language codes inside them go too).
fn strip(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(MARK_START) && !text.contains(MARK_END) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find([MARK_START, MARK_END]) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix(MARK_START) {
            rest = after.split_once(MARK_TEXT).map_or(after, |(_, text)| text);
        } else {
            rest = &rest[MARK_END.len_utf8()..];
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::mark;

    fn rewritten(html: &str) -> String {
        String::from_utf8(apply(html.as_bytes().to_vec())).unwrap()
    }

    #[test]
    fn a_marked_text_becomes_a_span_with_its_language() {
        let name = mark("en", "Example Park");
        let html = format!("<p>{name} · <b>{}</b></p>", mark("vi", "Khu công nghiệp"));
        assert_eq!(
            rewritten(&html),
            "<p><span lang=\"en\">Example Park</span> · <b><span lang=\"vi\">Khu công nghiệp</span></b></p>"
        );
    }

    #[test]
    fn marks_are_dropped_where_a_span_may_not_go() {
        let name = mark("en", "Example Park");
        let html = format!(
            "<head><title>{name}</title><script>var a = 1 < 2; \"{name}\"</script></head>\
             <a aria-label=\"{name}\" href=\"/\">{name}</a><select><option>{name}</option></select>\
             <svg><text>{name}</text></svg><!-- {name} --><p>{name}</p>"
        );
        assert_eq!(
            rewritten(&html),
            "<head><title>Example Park</title><script>var a = 1 < 2; \"Example Park\"</script></head>\
             <a aria-label=\"Example Park\" href=\"/\"><span lang=\"en\">Example Park</span></a><select><option>Example Park</option></select>\
             <svg><text>Example Park</text></svg><!-- Example Park --><p><span lang=\"en\">Example Park</span></p>"
        );
    }

    #[test]
    fn nested_marks_nest_and_a_page_without_marks_is_untouched() {
        let inner = mark("en", "Example Park");
        let outer = mark("vi", &format!("Xem {inner}"));
        assert_eq!(
            rewritten(&format!("<p>{outer}</p>")),
            "<p><span lang=\"vi\">Xem <span lang=\"en\">Example Park</span></span></p>"
        );
        let plain = "<p>1 < 2 & no marks</p>".as_bytes().to_vec();
        assert_eq!(apply(plain.clone()), plain);
    }
}
