//! Open data and feeds as their readers meet them: a spreadsheet reads every name whole
//! from the CSV however many commas and quotes it has; the feed carries at most
//! `options.feed_limit` items, newest first; a news item written in one language only
//! still reaches the other language's feed, in the language it was written in.

mod common;

use common::*;

#[test]
fn a_spreadsheet_reads_names_with_commas_and_quotes_whole() {
    let park = r#"name: {vi: 'Khu "Cảng", Bắc', en: 'Port "North", Park'}
status: planned
facts:
  total_area: {value: 300, unit: ha, source: src-one, as_of: 2025-01-02}
"#;
    let files = SiteTest::new()
        .with_file("content/parks/park-beta.yaml", park)
        .build();
    let rows = read_csv(page(&files, "data/parks.csv"));
    let header = &rows[0];
    let column = |name: &str| {
        header
            .iter()
            .position(|cell| cell == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    assert!(
        rows.iter().all(|row| row.len() == header.len()),
        "a row has the wrong number of cells: {rows:?}"
    );
    let beta = rows
        .iter()
        .find(|row| row[0] == "park-beta")
        .expect("park-beta's row");
    assert_eq!(beta[column("name_vi")], r#"Khu "Cảng", Bắc"#);
    assert_eq!(beta[column("name_en")], r#"Port "North", Park"#);
    assert_eq!(beta[column("total_area")], "300");
}

/// The `<entry>` elements of a feed: (title, link).
fn entries(feed: &str) -> Vec<(String, String)> {
    let document = roxmltree::Document::parse(feed).expect("the feed is XML");
    document
        .descendants()
        .filter(|node| node.has_tag_name("entry"))
        .map(|entry| {
            let child = |name: &str| entry.children().find(|node| node.has_tag_name(name));
            (
                child("title")
                    .and_then(|node| node.text())
                    .unwrap_or("")
                    .to_string(),
                child("link")
                    .and_then(|node| node.attribute("href"))
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect()
}

const LATER_NEWS: &str = "\
---
title: Later news
date: 2025-06-01
summary: Newer.
source: src-one
---
Later.
";

#[test]
fn the_feed_carries_at_most_feed_limit_items_newest_first() {
    let site = SiteTest::new()
        .with_file("content/news/later-news.en.md", LATER_NEWS)
        .with_file(
            "content/news/later-news.vi.md",
            &LATER_NEWS.replace("Later news", "Tin sau"),
        );
    let all = site.build();
    let titles: Vec<String> = entries(page(&all, "en/atom.xml"))
        .into_iter()
        .map(|(title, _)| title)
        .collect();
    assert_eq!(
        titles,
        ["Later news", "Test news"],
        "the default limit is 20"
    );

    let limited = site
        .clone()
        .with_file(
            "site.yaml",
            &format!("{SITE_YAML}options:\n  feed_limit: 1\n"),
        )
        .build();
    for (language, title) in [("en", "Later news"), ("vi", "Tin sau")] {
        let feed = entries(page(&limited, &format!("{language}/atom.xml")));
        assert_eq!(feed.len(), 1, "{language}: {feed:?}");
        assert_eq!(feed[0].0, title, "{language}: the newest item");
    }
    // The news list still shows both.
    assert!(page(&limited, "en/news/index.html").contains("Test news"));
}

#[test]
fn a_news_item_in_one_language_reaches_the_other_feed_in_its_own_words() {
    let only_vietnamese = "\
---
title: Chỉ có tiếng Việt
date: 2025-03-01
summary: Một tin.
source: src-one
---
Nội dung.
";
    let files = SiteTest::new()
        .with_file("content/news/only-vi.vi.md", only_vietnamese)
        .build();
    let english = entries(page(&files, "en/atom.xml"));
    let (title, link) = english
        .iter()
        .find(|(_, link)| link.contains("only-vi"))
        .unwrap_or_else(|| panic!("the English feed left it out: {english:?}"));
    assert_eq!(title, "Chỉ có tiếng Việt");
    assert_eq!(link, "https://example.test/en/news/only-vi/");
    // The link resolves: the English page exists, with the Vietnamese text.
    assert!(page(&files, "en/news/only-vi/index.html").contains("Chỉ có tiếng Việt"));
    let vietnamese = entries(page(&files, "vi/atom.xml"));
    assert!(vietnamese
        .iter()
        .any(|(title, _)| title == "Chỉ có tiếng Việt"));
}
