//! Markdown prose -> HTML, with the headings and links it contains and their byte
//! offsets in the file, so validation can check links and report `file:line:column`.
//!
//! Site links are written `@/parks/dong-mai` and become the URL of that page in the
//! language being rendered. Raw HTML is escaped unless the site allows it. Nothing
//! here reads files or knows which pages exist: validation checks the links returned.

use std::path::PathBuf;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::i18n::slugify;
use crate::{FastHashMap, FastHashSet};

mod schemes;

pub use schemes::{html_urls, refused_scheme, HtmlUrl};

/// A Markdown file split into front matter and body.
pub struct Split<'a> {
    /// The front matter including the opening `---` line, for positions; empty if none.
    pub front_matter: &'a str,
    /// The body.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Splits `---` front matter from the body. An opening `---` without a closing one is
/// returned as `Err` with the offset of the opening line.
pub fn split_front_matter(text: &str) -> Result<Split<'_>, usize> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Ok(Split {
            front_matter: "",
            body: text,
            body_offset: 0,
        });
    };
    let opening = text.len() - rest.len();
    let mut offset = opening;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_offset = offset + line.len();
            return Ok(Split {
                front_matter: &text[..offset],
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(0)
}

/// How much of a body's plain text is kept (for search results and indexes).
pub const PLAIN_TEXT_CHARS: usize = 2000;

/// A heading in rendered prose.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Its text.
    pub text: String,
    /// Its `id`.
    pub id: String,
}

/// A link found in prose, with its offset in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// As written.
    pub target: String,
    /// Byte offset in the file.
    pub offset: usize,
    /// An image rather than a link.
    pub image: bool,
    /// For images: whether it has alt text.
    pub has_alt: bool,
    /// Line and column in the file (filled in by validation, which has the file).
    pub position: crate::diagnostics::Position,
}

/// Rendered prose of one language.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Prose {
    /// `title` from front matter (news, pages).
    pub title: Option<String>,
    /// `summary` from front matter.
    pub summary: Option<String>,
    /// The body as HTML.
    pub html: String,
    /// Plain text of the body, its first [`PLAIN_TEXT_CHARS`] characters (for
    /// search).
    pub plain: String,
    /// Headings, in order.
    pub headings: Vec<Heading>,
    /// The file it came from.
    pub file: PathBuf,
    /// Links and images in the body, with their positions, for validation.
    #[serde(skip)]
    pub links: Vec<Link>,
    /// The sources the body links to (`[source](@/sources#q10)`), in order, each once:
    /// kept after validation drops `links`, for the page's list of sources.
    #[serde(skip)]
    pub sources: Vec<String>,
}

/// How to render links for one language.
pub struct LinkStyle<'a> {
    /// The site's root path (`/` or `/portal/`).
    pub root: &'a str,
    /// The language being rendered.
    pub language: &'a str,
    /// Keep raw HTML.
    pub allow_raw_html: bool,
}

/// The URL path of a site link `@/parks/dong-mai#x` in `language`, or `None` if the
/// target is not of a known shape.
pub fn site_link(target: &str, root: &str, language: &str) -> Option<String> {
    let rest = target.strip_prefix("@/")?;
    let (path, fragment) = rest
        .split_once('#')
        .map_or((rest, None), |(path, fragment)| (path, Some(fragment)));
    let path = path.trim_matches('/');
    // Pages are at the top of a language: `@/pages/about` is `/en/about/`.
    let page = match path.split_once('/') {
        Some(("pages", slug)) => slug,
        _ => path,
    };
    // Pushed, not formatted: every link of every page goes through here.
    let mut url = String::with_capacity(
        root.len() + language.len() + page.len() + fragment.map_or(0, str::len) + 3,
    );
    url.push_str(root);
    url.push_str(language);
    url.push('/');
    if !page.is_empty() {
        url.push_str(page);
        url.push('/');
    }
    if let Some(fragment) = fragment {
        url.push('#');
        url.push_str(fragment);
    }
    Some(url)
}

/// The source id a site link points to: `q10` for `@/sources#q10` (or `@/sources/#q10`).
pub fn source_id(target: &str) -> Option<&str> {
    let (path, id) = target.strip_prefix("@/")?.split_once('#')?;
    (path.trim_matches('/') == "sources" && !id.is_empty()).then_some(id)
}

/// The sources `links` point to, in order, each once.
pub fn linked_sources(links: &[Link]) -> Vec<String> {
    let mut sources: Vec<String> = Vec::new();
    for id in links.iter().filter_map(|link| source_id(&link.target)) {
        if !sources.iter().any(|known| known == id) {
            sources.push(id.to_string());
        }
    }
    sources
}

/// Renders a body. Returns the prose (without title and summary) and the links in it.
pub fn render(
    body: &str,
    body_offset: usize,
    style: &LinkStyle<'_>,
) -> (String, String, Vec<Heading>, Vec<Link>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut links = Vec::new();
    let mut headings = Vec::new();
    let mut plain = String::new();
    // About one event per 16 bytes of Markdown: the list seldom grows.
    let mut events: Vec<Event<'_>> = Vec::with_capacity(body.len() / 16 + 8);
    let mut heading_start: Option<usize> = None;
    let mut image_start: Option<usize> = None;
    // Headings without an `{#id}`: their start event and slug, given ids at the end,
    // once every explicit id is known.
    let mut unnamed: Vec<(usize, usize, String)> = Vec::new();
    // Raw HTML let through, as byte ranges of the body (runs of lines merged).
    let mut raw_html: Vec<std::ops::Range<usize>> = Vec::new();

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let offset = body_offset + range.start;
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                links.push(Link {
                    target: dest_url.to_string(),
                    offset,
                    image: false,
                    has_alt: true,
                    position: Default::default(),
                });
                let dest_url = rewrite(dest_url, style);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                links.push(Link {
                    target: dest_url.to_string(),
                    offset,
                    image: true,
                    has_alt: false,
                    position: Default::default(),
                });
                image_start = Some(links.len() - 1);
                let dest_url = rewrite(dest_url, style);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                image_start = None;
                Event::End(TagEnd::Image)
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading_start = Some(events.len());
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                })
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_start.take() {
                    let (text, given) = heading_text(&events, start);
                    if given.is_none() {
                        let slug = match slugify(&text) {
                            slug if slug.is_empty() => "section".to_string(),
                            slug => slug,
                        };
                        unnamed.push((start, headings.len(), slug));
                    }
                    headings.push(Heading {
                        level: level as u8,
                        text,
                        id: given.unwrap_or_default(),
                    });
                }
                plain.push('\n');
                Event::End(TagEnd::Heading(level))
            }
            Event::Html(html) | Event::InlineHtml(html) if !style.allow_raw_html => {
                Event::Text(html)
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                match raw_html.last_mut() {
                    Some(last) if last.end == range.start => last.end = range.end,
                    _ => raw_html.push(range.clone()),
                }
                event
            }
            Event::Text(text) => {
                if let Some(index) = image_start {
                    links[index].has_alt |= !text.trim().is_empty();
                }
                plain.push_str(&text);
                Event::Text(text)
            }
            Event::Code(code) => {
                plain.push_str(&code);
                Event::Code(code)
            }
            Event::SoftBreak | Event::HardBreak => {
                plain.push(' ');
                event
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell) => {
                plain.push(' ');
                event
            }
            other => other,
        };
        events.push(event);
    }
    name_headings(&mut events, &mut headings, unnamed);
    for range in raw_html {
        for url in html_urls(&body[range.clone()]) {
            links.push(Link {
                target: url.url,
                offset: body_offset + range.start + url.offset,
                image: url.image,
                has_alt: true,
                position: Default::default(),
            });
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Held for every page until the end of the build: no spare capacity.
    html.shrink_to_fit();
    (
        html,
        collapse_whitespace(&plain, PLAIN_TEXT_CHARS),
        headings,
        links,
    )
}

/// The first `limit` characters of `text` with each run of whitespace made one space
/// and none at either end: what `split_whitespace`, `join(" ")` and a cut give, in
/// one pass over the bytes and one allocation. Words are copied whole; only the few
/// bytes that can start a whitespace character above ASCII are decoded (deciding what
/// is whitespace, character by character, was ~2 % of a build).
fn collapse_whitespace(text: &str, limit: usize) -> String {
    let bytes = text.as_bytes();
    let mut collapsed = String::with_capacity(text.len().min(limit * 2));
    let mut characters = 0;
    // The start of the word being read, if any.
    let mut word: Option<usize> = None;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        // UTF-8 continuation bytes belong to the character before them.
        if (0x80..0xc0).contains(&byte) {
            index += 1;
            continue;
        }
        if let Some(width) = whitespace_at(text, index) {
            if let Some(start) = word.take() {
                collapsed.push_str(&text[start..index]);
            }
            index += width;
            continue;
        }
        if characters == limit {
            break;
        }
        if word.is_none() {
            if !collapsed.is_empty() {
                collapsed.push(' ');
                characters += 1;
                if characters == limit {
                    break;
                }
            }
            word = Some(index);
        }
        characters += 1;
        index += 1;
    }
    if let Some(start) = word {
        collapsed.push_str(&text[start..index]);
    }
    collapsed.shrink_to_fit();
    collapsed
}

/// The length of the whitespace character at byte `index` of `text` (a character
/// boundary), or `None` if the character there is not whitespace. Every Unicode
/// whitespace character above ASCII starts with one of four bytes (U+0085 and U+00A0
/// with 0xC2, U+1680 with 0xE1, U+2000 to U+205F with 0xE2, U+3000 with 0xE3): only
/// those are decoded.
fn whitespace_at(text: &str, index: usize) -> Option<usize> {
    match text.as_bytes()[index] {
        b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => Some(1),
        0xc2 | 0xe1..=0xe3 => text[index..]
            .chars()
            .next()
            .filter(|character| character.is_whitespace())
            .map(char::len_utf8),
        _ => None,
    }
}

fn rewrite<'a>(dest: CowStr<'a>, style: &LinkStyle<'_>) -> CowStr<'a> {
    match site_link(&dest, style.root, style.language) {
        Some(url) => CowStr::from(url),
        None => dest,
    }
}

/// The text of the heading whose start event is at `start`, and its `{#id}` if given.
fn heading_text(events: &[Event<'_>], start: usize) -> (String, Option<String>) {
    let text: String = events[start + 1..]
        .iter()
        .filter_map(|event| match event {
            Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
            _ => None,
        })
        .collect();
    let given = match &events[start] {
        Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
        _ => None,
    };
    (text, given)
}

/// Gives each heading without an `{#id}` its slug, made unique on the page: an id
/// already taken (by an `{#id}` anywhere on the page, or an earlier heading) gets the
/// first free `-2`, `-3`, ...: "Scope", "Scope", "Scope 2" are `scope`, `scope-2`
/// and `scope-2-2`.
fn name_headings(
    events: &mut [Event<'_>],
    headings: &mut [Heading],
    unnamed: Vec<(usize, usize, String)>,
) {
    let mut taken: FastHashSet<String> = headings
        .iter()
        .filter(|heading| !heading.id.is_empty())
        .map(|heading| heading.id.clone())
        .collect();
    // The next suffix to try for each slug, so a page of ten thousand equal headings
    // does not try every suffix for each.
    let mut next_suffix: FastHashMap<String, usize> = FastHashMap::default();
    for (start, index, slug) in unnamed {
        let mut id = slug.clone();
        if taken.contains(&id) {
            let suffix = next_suffix.entry(slug.clone()).or_insert(2);
            loop {
                id = format!("{slug}-{suffix}");
                *suffix += 1;
                if !taken.contains(&id) {
                    break;
                }
            }
        }
        taken.insert(id.clone());
        if let Event::Start(Tag::Heading { id: event_id, .. }) = &mut events[start] {
            *event_id = Some(CowStr::from(id.clone()));
        }
        headings[index].id = id;
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn whitespace_collapses_like_split_and_join() {
        for text in [
            "",
            "  ",
            "a",
            " a  b\n\tc ",
            "x\u{a0}y\u{2003} z",
            "\u{3000}Hà  Nội\n",
            "tab\tand\nnew\r\nlines\u{b}vertical\u{85}next\u{2028}",
            "Khu công nghiệp\u{1680}Việt Hưng \u{205f}\u{202f}ệ 𝕏 x",
        ] {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(text, 1000), expected, "{text:?}");
            for limit in 0..expected.chars().count() + 2 {
                let cut: String = expected.chars().take(limit).collect();
                assert_eq!(collapse_whitespace(text, limit), cut, "{text:?} at {limit}");
            }
        }
    }

    #[test]
    fn whitespace_is_found_where_char_is_whitespace_says() {
        for character in (0..0x11000).filter_map(char::from_u32) {
            let text = format!("{character}a");
            let expected = character.is_whitespace().then(|| character.len_utf8());
            assert_eq!(whitespace_at(&text, 0), expected, "{:x}", character as u32);
        }
    }

    use super::*;

    fn style(root: &str) -> LinkStyle<'_> {
        LinkStyle {
            root,
            language: "en",
            allow_raw_html: false,
        }
    }

    #[test]
    fn site_links_follow_language_and_root() {
        assert_eq!(
            site_link("@/parks/dong-mai", "/", "vi").as_deref(),
            Some("/vi/parks/dong-mai/")
        );
        assert_eq!(
            site_link("@/pages/incentives", "/portal/", "en").as_deref(),
            Some("/portal/en/incentives/")
        );
        assert_eq!(
            site_link("@/sources#q09", "/", "en").as_deref(),
            Some("/en/sources/#q09")
        );
        assert_eq!(site_link("@/", "/", "en").as_deref(), Some("/en/"));
        assert_eq!(site_link("@/#top", "/", "en").as_deref(), Some("/en/#top"));
        assert_eq!(
            site_link("@/parks/dong-mai/#land", "/portal/", "vi").as_deref(),
            Some("/portal/vi/parks/dong-mai/#land")
        );
        assert_eq!(site_link("https://x.org", "/", "en"), None);
    }

    #[test]
    fn links_to_sources_name_each_source_once_in_order() {
        let body = "A [source](@/sources#q09), [park](@/parks/x), [again](@/sources/#q09), \
                    [other](@/sources#i02), [sources page](@/sources) and [x](https://x.org/#q1).";
        let (_, _, _, links) = render(body, 0, &style("/"));
        assert_eq!(linked_sources(&links), ["q09", "i02"]);
        assert_eq!(source_id("@/parks/x#q09"), None);
    }

    #[test]
    fn renders_links_headings_and_escapes_html() {
        let body = "## Sông Khoai\n\nSee [Dong Mai](@/parks/dong-mai) <script>x</script>\n\n## Sông Khoai\n";
        let (html, plain, headings, links) = render(body, 10, &style("/portal/"));
        assert!(
            html.contains(r#"<a href="/portal/en/parks/dong-mai/">"#),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains(r#"<h2 id="song-khoai-2">"#), "{html}");
        assert_eq!(headings[0].id, "song-khoai");
        assert_eq!(links[0].target, "@/parks/dong-mai");
        assert_eq!(links[0].offset, 10 + body.find('[').unwrap());
        assert!(plain.starts_with("Sông Khoai See Dong Mai"), "{plain}");
    }

    #[test]
    fn heading_ids_are_unique_on_the_page_explicit_ones_included() {
        let body = "## Scope\n\n## Scope\n\n## Scope 2\n\n## Later {#scope-3}\n\n\
                    ## Ørsted\n\n## ???\n\n## Scope\n";
        let (html, _, headings, _) = render(body, 0, &style("/"));
        let ids: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "scope",
                "scope-2",
                "scope-2-2",
                "scope-3",
                "orsted",
                "section",
                "scope-4"
            ]
        );
        for id in ids {
            assert_eq!(html.matches(&format!("id=\"{id}\"")).count(), 1, "{html}");
        }
    }

    #[test]
    fn urls_in_raw_html_are_links_when_raw_html_is_let_through() {
        let body =
            "Text <a href=\"vbscript:x\">a</a>\n\n<div>\n<a\nhref='javascript:y'>b</a>\n</div>\n";
        let raw = LinkStyle {
            allow_raw_html: true,
            ..style("/")
        };
        let (_, _, _, links) = render(body, 100, &raw);
        let targets: Vec<&str> = links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, ["vbscript:x", "javascript:y"]);
        assert_eq!(&body[links[0].offset - 100..][..4], "href");
        assert_eq!(&body[links[1].offset - 100..][..4], "href");
        // Escaped HTML is text, not links.
        let (_, _, _, links) = render(body, 0, &style("/"));
        assert!(links.is_empty());
    }

    #[test]
    fn front_matter_is_split_with_the_body_offset() {
        let text = "---\ntitle: A\n---\nBody\n";
        let split = split_front_matter(text).unwrap();
        assert_eq!(split.front_matter, "---\ntitle: A\n");
        assert_eq!(split.body, "Body\n");
        assert_eq!(&text[split.body_offset..], "Body\n");
        assert!(split_front_matter("---\ntitle: A\n").is_err());
        assert_eq!(split_front_matter("Body").unwrap().body, "Body");
    }

    #[test]
    fn images_without_alt_are_noticed() {
        let (_, _, _, links) = render("![](a.png) ![Map](b.png)", 0, &style("/"));
        assert!(!links[0].has_alt && links[1].has_alt);
    }
}
