//! What feed readers get: both Atom feeds parsed with a real XML parser (roxmltree) and
//! checked against what RFC 4287 requires of a feed and its entries, every link in
//! them resolving to a file of the build, and news dated only by year or month given
//! an honest date or left out.

mod common;

use common::*;
use roxmltree::{Document, Node};

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn atom_children<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Vec<Node<'a, 'input>> {
    node.children()
        .filter(|child| {
            child.tag_name().namespace() == Some(ATOM) && child.tag_name().name() == name
        })
        .collect()
}

fn text_of<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    atom_children(node, name)
        .first()
        .and_then(|child| child.text())
}

/// Whether `text` is an RFC 3339 date-time (`2025-11-03T12:00:00Z`, with an optional
/// fraction and a `Z` or `+07:00` offset), with a month, day and time in range.
fn is_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (Some(_), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
        digits(17..19),
    ) else {
        return false;
    };
    let separators = bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && matches!(bytes.get(10), Some(b'T' | b't'))
        && bytes.get(13) == Some(&b':')
        && bytes.get(16) == Some(&b':');
    let mut rest = &text[19.min(text.len())..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(fraction.len());
        if end == 0 {
            return false;
        }
        rest = &fraction[end..];
    }
    let offset = rest == "Z"
        || rest == "z"
        || (rest.len() == 6
            && matches!(rest.as_bytes()[0], b'+' | b'-')
            && rest.as_bytes()[3] == b':'
            && rest[1..3]
                .bytes()
                .chain(rest[4..].bytes())
                .all(|b| b.is_ascii_digit()));
    separators
        && offset
        && (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && second < 61
}

/// What RFC 4287 (section 4.1) requires of the feed, as a list of problems.
fn rfc4287_problems(feed: &Document<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    let root = feed.root_element();
    if root.tag_name().namespace() != Some(ATOM) || root.tag_name().name() != "feed" {
        return vec!["the root element is not atom:feed".into()];
    }
    let mut exactly_one = |node: Node<'_, '_>, name: &str, whose: &str| {
        let count = atom_children(node, name).len();
        if count != 1 {
            problems.push(format!("{whose} has {count} atom:{name}, not one"));
        }
    };
    for name in ["id", "title", "updated"] {
        exactly_one(root, name, "the feed");
    }
    let entries = atom_children(root, "entry");
    for (index, entry) in entries.iter().enumerate() {
        for name in ["id", "title", "updated"] {
            exactly_one(*entry, name, &format!("entry {index}"));
        }
    }
    let has_author = |node: Node<'_, '_>| {
        atom_children(node, "author")
            .iter()
            .any(|author| text_of(*author, "name").is_some_and(|name| !name.trim().is_empty()))
    };
    if !has_author(root) && !entries.iter().all(|entry| has_author(*entry)) {
        problems.push("neither the feed nor every entry has an author with a name".into());
    }
    let links = |node: Node<'_, '_>, rel: &str| -> Vec<String> {
        atom_children(node, "link")
            .iter()
            .filter(|link| link.attribute("rel").unwrap_or("alternate") == rel)
            .filter_map(|link| link.attribute("href").map(str::to_string))
            .collect()
    };
    if links(root, "self").len() != 1 {
        problems.push("the feed should have one rel=self link".into());
    }
    let mut ids = std::collections::BTreeSet::new();
    for (index, entry) in entries.iter().enumerate() {
        if links(*entry, "alternate").is_empty() && atom_children(*entry, "content").is_empty() {
            problems.push(format!(
                "entry {index} has neither an alternate link nor content"
            ));
        }
        if atom_children(*entry, "published").len() > 1 {
            problems.push(format!("entry {index} has more than one atom:published"));
        }
        if let Some(id) = text_of(*entry, "id") {
            if !id.starts_with("https://") || !ids.insert(id.to_string()) {
                problems.push(format!(
                    "entry {index}: id {id} is not an absolute, unique IRI"
                ));
            }
        }
        if let (Some(published), Some(updated)) =
            (text_of(*entry, "published"), text_of(*entry, "updated"))
        {
            if published > updated {
                problems.push(format!("entry {index} was updated before it was published"));
            }
        }
    }
    for node in root.descendants() {
        if node.tag_name().namespace() == Some(ATOM)
            && matches!(node.tag_name().name(), "updated" | "published")
        {
            let text = node.text().unwrap_or_default();
            if !is_rfc3339(text) {
                problems.push(format!("`{text}` is not an RFC 3339 date-time"));
            }
        }
    }
    problems
}

/// Every link of the feed: its own, its entries', and every `href` and `src` inside
/// the entries' HTML content.
fn links_in(feed: &Document<'_>) -> Vec<String> {
    let mut links = Vec::new();
    for node in feed.descendants() {
        if node.tag_name().name() == "link" {
            links.extend(node.attribute("href").map(str::to_string));
        }
        if node.tag_name().name() == "content" && node.attribute("type") == Some("html") {
            let html = node.text().unwrap_or_default();
            links.extend(attribute_values(html, "href"));
            links.extend(attribute_values(html, "src"));
        }
    }
    links
}

/// The output file an absolute URL under `base` names.
fn file_of(base: &str, url: &str) -> Option<String> {
    let path = url
        .strip_prefix(base)?
        .split(['#', '?'])
        .next()
        .unwrap_or_default();
    Some(if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    })
}

fn with_links(site: SiteTest) -> SiteTest {
    // A news item with a site link, a link to a heading of another page, an image
    // written relative to its page, and a link to another site.
    site.with_file(
        "content/news/linked.en.md",
        "---\ntitle: Linked\ndate: 2025-02-03\nsummary: Links.\n---\n\
         See [the park](@/parks/park-alpha), [its scope](@/pages/about#scope) and \
         [the source](https://example.org/one).\n\n![The portal's icon](../../../favicon.svg)\n",
    )
    .with_file(
        "content/news/linked.vi.md",
        "---\ntitle: Liên kết\ndate: 2025-02-03\nsummary: Liên kết.\n---\n\
         Xem [khu công nghiệp](@/parks/park-alpha).\n\n![Biểu tượng](../../../favicon.svg)\n",
    )
}

#[test]
fn both_feeds_meet_rfc_4287_and_every_link_in_them_is_absolute_and_resolves() {
    for base in ["https://example.test/", "https://example.test/portal/"] {
        let files = with_links(SiteTest::new().with_base_url(base)).build();
        for lang in ["vi", "en"] {
            let text = page(&files, &format!("{lang}/atom.xml"));
            let feed = Document::parse(text).expect("the feed is well-formed XML");
            let problems = rfc4287_problems(&feed);
            assert!(
                problems.is_empty(),
                "{lang} feed under {base}: {problems:#?}\n{text}"
            );
            assert_eq!(
                feed.root_element()
                    .attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
                Some(lang)
            );
            let links = links_in(&feed);
            assert!(links.len() >= 6, "{links:?}");
            for link in &links {
                assert!(
                    link.starts_with("https://"),
                    "{lang}: `{link}` is not absolute"
                );
                if link.starts_with("https://example.org/") {
                    continue;
                }
                let file = file_of(base, link)
                    .unwrap_or_else(|| panic!("{link} is outside the site at {base}"));
                assert!(files.contains_key(&file), "{link}: no file {file}");
            }
            let icon = format!("{base}favicon.svg");
            assert!(
                links.contains(&icon),
                "the relative image became {icon}: {links:?}"
            );
        }
    }
}

/// The entries of the feed as (id, published, updated).
fn entries(files: &Files, lang: &str) -> Vec<(String, Option<String>, String)> {
    let text = page(files, &format!("{lang}/atom.xml"));
    let feed = Document::parse(text).unwrap();
    assert!(
        rfc4287_problems(&feed).is_empty(),
        "{:?}",
        rfc4287_problems(&feed)
    );
    atom_children(feed.root_element(), "entry")
        .iter()
        .map(|entry| {
            (
                text_of(*entry, "id").unwrap().to_string(),
                text_of(*entry, "published").map(str::to_string),
                text_of(*entry, "updated").unwrap().to_string(),
            )
        })
        .collect()
}

fn year_news(lang: &str, added: &str) -> String {
    format!("---\ntitle: Year {lang}\ndate: 2024\n{added}summary: S.\n---\nBody.\n")
}

#[test]
fn news_dated_only_by_year_is_dated_by_when_it_was_added_or_left_out_with_a_warning() {
    // No `added`: the item stays on the site but not in the feeds.
    let site = SiteTest::new()
        .with_file("content/news/yearly.vi.md", &year_news("vi", ""))
        .with_file("content/news/yearly.en.md", &year_news("en", ""));
    let sink = halong::output::Memory::default();
    let report = halong::build_into(&site.input(), &site.options(), &sink).expect("it builds");
    let files = sink.into_files();
    let warnings: Vec<String> = report
        .warnings
        .iter()
        .filter(|warning| warning.code == "W0305")
        .map(|warning| format!("{}:{}", warning.file.display(), warning.position.line))
        .collect();
    assert_eq!(warnings, ["content/news/yearly.en.md:3"]);
    for lang in ["vi", "en"] {
        let ids: Vec<String> = entries(&files, lang).into_iter().map(|e| e.0).collect();
        assert_eq!(
            ids,
            [format!("https://example.test/{lang}/news/first-news/")]
        );
        // The page shows the year it was published, and no day.
        let html = page(&files, &format!("{lang}/news/yearly/index.html"));
        assert!(
            html.contains("<time datetime=\"2024\">2024</time>"),
            "{html}"
        );
    }

    // With `added`, it is in the feeds, updated that day, with no invented publication.
    let site = SiteTest::new()
        .with_file(
            "content/news/yearly.vi.md",
            &year_news("vi", "added: 2025-03-04\n"),
        )
        .with_file("content/news/yearly.en.md", &year_news("en", ""));
    let files = site.build();
    for lang in ["vi", "en"] {
        let entries = entries(&files, lang);
        let yearly = entries
            .iter()
            .find(|entry| entry.0.ends_with("/news/yearly/"))
            .expect("the item is in the feed");
        assert_eq!(yearly.1, None, "no published date: the item has no day");
        assert_eq!(yearly.2, "2025-03-04T12:00:00Z");
        let dated = entries
            .iter()
            .find(|entry| entry.0.ends_with("/news/first-news/"))
            .unwrap();
        assert_eq!(dated.1.as_deref(), Some("2025-01-02T12:00:00Z"));
        assert_eq!(dated.2, "2025-01-02T12:00:00Z");
        let text = page(&files, &format!("{lang}/atom.xml"));
        let feed = Document::parse(text).unwrap();
        // The feed was last updated when its newest entry was.
        assert_eq!(
            text_of(feed.root_element(), "updated"),
            Some("2025-03-04T12:00:00Z")
        );
    }
}

#[test]
fn an_untranslated_entry_says_which_language_it_is_in() {
    let files = SiteTest::new()
        .with_file(
            "content/news/only-vi.vi.md",
            "---\ntitle: Chỉ tiếng Việt\ndate: 2025-01-05\nsummary: Tóm tắt.\n---\nNội dung.\n",
        )
        .build();
    let text = page(&files, "en/atom.xml");
    let feed = Document::parse(text).unwrap();
    let entry = atom_children(feed.root_element(), "entry")
        .into_iter()
        .find(|entry| text_of(*entry, "id").is_some_and(|id| id.ends_with("/only-vi/")))
        .unwrap();
    assert_eq!(
        entry.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("vi")
    );
    assert_eq!(text_of(entry, "title"), Some("Chỉ tiếng Việt"));
}

#[test]
fn the_rfc_3339_check_itself_refuses_what_readers_refuse() {
    for good in ["2025-11-03T12:00:00Z", "2025-11-03T12:00:00.5+07:00"] {
        assert!(is_rfc3339(good), "{good}");
    }
    for bad in [
        "2025",
        "2025-11-03",
        "2025-13-03T12:00:00Z",
        "2025-11-03T12:00:00",
        "2025-11-03 12:00:00Z",
    ] {
        assert!(!is_rfc3339(bad), "{bad}");
    }
    let missing_updated = Document::parse(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>x</id><title>t</title></feed>",
    )
    .unwrap();
    assert!(!rfc4287_problems(&missing_updated).is_empty());
}
