//! `/<lang>/atom.xml`: the newest news in one language, as an Atom feed (RFC 4287).
//!
//! Dates are honest: an entry's `published` is the item's `date` when that has a day,
//! and its `updated` the later of that and `added` (the day it was added to the
//! portal). An item dated only by year or month, with no `added`, is left out (`check`
//! warns, W0305) rather than given a day it never had. A day is written as noon UTC,
//! which is the same calendar day everywhere from UTC−11 to UTC+11, so readers in
//! Hanoi and in New York both see the day the item carries.
//!
//! Links inside the entries' content are made absolute: a feed reader shows the
//! content away from the site, where `/vi/parks/...` would lead nowhere.

use std::fmt::Write as _;

use super::files::xml_escape;
use crate::content::model::{Article, PartialDate, Site};

/// The feed of `language`.
pub fn feed(site: &Site, language: &str) -> String {
    let config = &site.config;
    let entries: Vec<(&Article, FeedDates)> = site
        .news
        .iter()
        .filter_map(|article| feed_dates(article).map(|dates| (article, dates)))
        .take(config.feed_limit)
        .collect();
    // The feed changed when its newest entry did; with no entry, it never did.
    let updated = entries
        .iter()
        .map(|(_, dates)| dates.updated)
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), timestamp);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = writeln!(out, " xml:lang=\"{}\">", xml_escape(language));
    let _ = writeln!(
        out,
        "  <title>{}</title>",
        xml_escape(site.text(&config.title, language))
    );
    let subtitle = site.text(&config.description, language);
    if !subtitle.is_empty() {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", xml_escape(subtitle));
    }
    let _ = writeln!(
        out,
        "  <id>{}</id>",
        xml_escape(&config.absolute(&format!("{language}/news/")))
    );
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(&config.absolute(&format!("{language}/atom.xml")))
    );
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&config.absolute(&format!("{language}/news/")))
    );
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let author = match site.text(&config.publisher.name, language) {
        "" => site.text(&config.title, language),
        name => name,
    };
    let _ = writeln!(
        out,
        "  <author><name>{}</name></author>",
        xml_escape(author)
    );
    for (article, dates) in entries {
        // An item not yet translated is given in a fallback language, and says so.
        let (prose, from) = super::versions::pick(&article.versions, config.chain(language));
        let shown = from.unwrap_or(language);
        let url = config.absolute(&format!("{language}/news/{}/", article.slug));
        if shown == language {
            let _ = writeln!(out, "  <entry>");
        } else {
            let _ = writeln!(out, "  <entry xml:lang=\"{}\">", xml_escape(shown));
        }
        let _ = writeln!(
            out,
            "    <title>{}</title>",
            xml_escape(prose.title.as_deref().unwrap_or(&article.slug))
        );
        let _ = writeln!(out, "    <id>{}</id>", xml_escape(&url));
        let _ = writeln!(
            out,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&url)
        );
        if let Some(published) = dates.published {
            let _ = writeln!(out, "    <published>{}</published>", timestamp(published));
        }
        let _ = writeln!(out, "    <updated>{}</updated>", timestamp(dates.updated));
        if let Some(summary) = &prose.summary {
            let _ = writeln!(out, "    <summary>{}</summary>", xml_escape(summary));
        }
        let _ = writeln!(
            out,
            "    <content type=\"html\">{}</content>",
            xml_escape(&absolute_links(&prose.html, &url))
        );
        let _ = writeln!(out, "  </entry>");
    }
    out.push_str("</feed>\n");
    out
}

/// The days a feed entry carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FeedDates {
    /// The item's own date, when it has a day.
    published: Option<PartialDate>,
    /// The later of that and the day it was added.
    updated: PartialDate,
}

/// An item's feed dates, or None when it has no day to give (dated by year or month
/// only, and no `added`).
fn feed_dates(article: &Article) -> Option<FeedDates> {
    let published = Some(article.date).filter(|date| date.day.is_some());
    let added = article.added.filter(|date| date.day.is_some());
    let updated = published.into_iter().chain(added).max()?;
    Some(FeedDates { published, updated })
}

/// An RFC 3339 timestamp for a day (which has a month and day by construction).
fn timestamp(day: PartialDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T12:00:00Z",
        day.year,
        day.month.unwrap_or(1),
        day.day.unwrap_or(1)
    )
}

/// `html` with every `href` and `src` made absolute against `page`, the URL of the
/// page the HTML is shown on.
pub fn absolute_links(html: &str, page: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    loop {
        let next = [" href=\"", " src=\""]
            .iter()
            .filter_map(|needle| rest.find(needle).map(|at| (at, needle.len())))
            .min();
        let Some((at, length)) = next else {
            out.push_str(rest);
            return out;
        };
        let value_start = at + length;
        let Some(value_length) = rest[value_start..].find('"') else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..value_start]);
        out.push_str(&resolve(
            page,
            &rest[value_start..value_start + value_length],
        ));
        rest = &rest[value_start + value_length..];
    }
}

/// `reference` resolved against the absolute URL `base` (RFC 3986, section 5.2).
pub fn resolve(base: &str, reference: &str) -> String {
    let has_scheme = reference
        .find(':')
        .is_some_and(|colon| !reference[..colon].contains(['/', '?', '#']) && colon > 0);
    if has_scheme {
        return reference.to_string();
    }
    let (scheme, after_scheme) = base.split_once("://").unwrap_or(("https", base));
    let authority_end = after_scheme
        .find(['/', '?', '#'])
        .unwrap_or(after_scheme.len());
    let origin = format!("{scheme}://{}", &after_scheme[..authority_end]);
    let base_path = &after_scheme[authority_end..];
    let base_path = &base_path[..base_path.find(['?', '#']).unwrap_or(base_path.len())];
    if let Some(network) = reference.strip_prefix("//") {
        return format!("{scheme}://{network}");
    }
    if reference.is_empty() || reference.starts_with('#') {
        let without_fragment = &base[..base.find('#').unwrap_or(base.len())];
        return format!("{without_fragment}{reference}");
    }
    if reference.starts_with('?') {
        return format!("{origin}{base_path}{reference}");
    }
    let split = reference.find(['?', '#']).unwrap_or(reference.len());
    let (path, suffix) = reference.split_at(split);
    let merged = if path.starts_with('/') {
        path.to_string()
    } else {
        let directory = &base_path[..base_path.rfind('/').map_or(0, |slash| slash + 1)];
        format!(
            "{}{path}",
            if directory.is_empty() { "/" } else { directory }
        )
    };
    format!("{origin}{}{suffix}", remove_dot_segments(&merged))
}

/// `/a/b/../c/./d` -> `/a/c/d`.
fn remove_dot_segments(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    for (index, part) in parts.iter().enumerate() {
        let last = index + 1 == parts.len();
        match *part {
            "." => {
                if last {
                    segments.push("");
                }
            }
            ".." => {
                segments.pop();
                if last {
                    segments.push("");
                }
            }
            part => segments.push(part),
        }
    }
    format!("/{}", segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://host/portal/en/news/item/";

    #[test]
    fn references_resolve_like_a_browser_resolves_them() {
        let cases = [
            ("/portal/en/parks/a/", "https://host/portal/en/parks/a/"),
            ("../../parks/a/", "https://host/portal/en/parks/a/"),
            ("../../../images/x.jpg", "https://host/portal/images/x.jpg"),
            ("photo.png", "https://host/portal/en/news/item/photo.png"),
            ("./photo.png", "https://host/portal/en/news/item/photo.png"),
            ("#section", "https://host/portal/en/news/item/#section"),
            (
                "/portal/en/sources/#q09",
                "https://host/portal/en/sources/#q09",
            ),
            ("?q=1", "https://host/portal/en/news/item/?q=1"),
            ("https://other.example/x", "https://other.example/x"),
            ("mailto:a@b.example", "mailto:a@b.example"),
            ("//cdn.example/x", "https://cdn.example/x"),
            ("../../../../../../x", "https://host/x"),
        ];
        for (reference, expected) in cases {
            assert_eq!(resolve(PAGE, reference), expected, "{reference}");
        }
    }

    #[test]
    fn every_href_and_src_of_the_html_becomes_absolute() {
        let html = r#"<p><a href="/portal/en/parks/a/">A</a> <img src="../../../images/x.jpg" alt="x"> <a href="https://else.example/">e</a></p>"#;
        assert_eq!(
            absolute_links(html, PAGE),
            r#"<p><a href="https://host/portal/en/parks/a/">A</a> <img src="https://host/portal/images/x.jpg" alt="x"> <a href="https://else.example/">e</a></p>"#
        );
    }

    #[test]
    fn an_item_dated_by_year_is_dated_by_when_it_was_added_or_not_at_all() {
        let date = |text: &str| PartialDate::parse(text).unwrap();
        let article = |published: &str, added: Option<&str>| Article {
            slug: "x".into(),
            date: date(published),
            added: added.map(date),
            source: None,
            versions: Default::default(),
            draft: false,
        };
        assert_eq!(feed_dates(&article("2025", None)), None);
        assert_eq!(feed_dates(&article("2025-11", None)), None);
        assert_eq!(
            feed_dates(&article("2025", Some("2026-01-15"))),
            Some(FeedDates {
                published: None,
                updated: date("2026-01-15")
            })
        );
        assert_eq!(
            feed_dates(&article("2025-11-03", Some("2025-11-05"))),
            Some(FeedDates {
                published: Some(date("2025-11-03")),
                updated: date("2025-11-05")
            })
        );
        assert_eq!(timestamp(date("2025-11-03")), "2025-11-03T12:00:00Z");
    }
}
