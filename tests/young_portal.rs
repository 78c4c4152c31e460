//! A young portal looks finished: what is not published yet is named in one line, not
//! shown as rows of gaps; a facts group, a chart, a menu entry or a list page with
//! nothing in it is not made, and nothing links to what is not made.

mod common;

use common::*;

/// The fixture without its project (and the park's link to it).
fn without_projects() -> SiteTest {
    SiteTest::new()
        .without_file("content/projects/widget-factory.yaml")
        .without_file("content/projects/widget-factory.vi.md")
        .without_file("content/projects/widget-factory.en.md")
        .with_file(
            "content/parks/park-alpha.yaml",
            &PARK_ALPHA.replace("projects: [widget-factory]\n", ""),
        )
}

#[test]
fn a_park_without_figures_names_them_in_one_line_and_shows_no_empty_rows() {
    let files = SiteTest::new()
        .with_file(
            "content/parks/park-beta.yaml",
            "name: {vi: Khu công nghiệp Bê Ta, en: Beta Industrial Park}\nstatus: planned\n",
        )
        .build();
    let beta = page(&files, "en/parks/park-beta/index.html");
    assert!(
        !beta.contains("<dt>Total area</dt>"),
        "an empty row is shown"
    );
    assert!(
        !beta.contains("facts-group"),
        "an empty group has a heading"
    );
    let line = beta
        .split("<p class=\"missing-facts\">")
        .nth(1)
        .expect("no line of unpublished facts")
        .split("</p>")
        .next()
        .unwrap();
    assert!(line.contains("Not yet published:"), "{line}");
    for label in [
        "Total area",
        "Land lease price",
        "Distance to seaport",
        "Workers",
    ] {
        assert!(line.contains(label), "{label} is not named: {line}");
    }
    let vi = page(&files, "vi/parks/park-beta/index.html");
    assert!(vi.contains("Chưa công bố:</span> Tổng diện tích"), "{vi}");

    // A park with two land figures: their group and no other.
    let alpha = page(&files, "en/parks/park-alpha/index.html");
    assert_eq!(alpha.matches("class=\"facts-group\"").count(), 1);
    assert!(alpha.contains("<h3 class=\"facts-group\">Land</h3>"));
    assert!(alpha.contains("<dt>Occupancy rate</dt>"));
    assert!(!alpha.contains(">Costs</h3>"));
}

#[test]
fn a_chart_without_data_is_not_drawn() {
    let home = |site: &SiteTest| page(&site.build(), "en/index.html").to_string();
    let full = home(&SiteTest::new());
    assert!(
        full.contains("id=\"chart-occupancy\""),
        "the occupancy chart is drawn"
    );
    assert!(full.contains("id=\"chart-park-area\""));
    // No zone has a published FDI figure: no empty chart of it.
    assert!(!full.contains("chart-zone-fdi"));
    assert!(!full.contains("No published figures to chart yet"));

    let without = SiteTest::new().with_file(
        "content/parks/park-alpha.yaml",
        &PARK_ALPHA.replace(
            "  occupancy: {value: 40, unit: percent, source: src-one, as_of: 2025-01-02}\n",
            "",
        ),
    );
    let young = home(&without);
    assert!(
        !young.contains("chart-occupancy"),
        "an empty chart is drawn"
    );
    assert!(young.contains("id=\"chart-park-area\""));
}

#[test]
fn kinds_without_records_get_no_page_menu_entry_sitemap_or_search_entry() {
    let files = without_projects().build();
    for language in ["vi", "en"] {
        assert!(
            !files
                .keys()
                .any(|path| path.starts_with(&format!("{language}/projects/"))
                    || path.starts_with(&format!("{language}/clusters/"))),
            "a list page of a kind without records is made"
        );
        let home = page(&files, &format!("{language}/index.html"));
        for section in ["projects", "clusters"] {
            assert!(
                !home.contains(&format!("href=\"/{language}/{section}/\"")),
                "the menu links {section}"
            );
        }
        assert!(home.contains(&format!("href=\"/{language}/parks/\"")));
        let index = page(&files, &format!("{language}/search-index.json"));
        assert!(!index.contains("/projects/"), "{index}");
        let search = page(&files, &format!("{language}/search/index.html"));
        assert!(!search.contains("/projects/"));
    }
    let sitemap = page(&files, "sitemap.xml");
    assert!(!sitemap.contains("/projects/") && !sitemap.contains("/clusters/"));
    assert!(sitemap.contains("/parks/park-alpha/"));
    let (broken, problems) = link_problems_in(&files);
    assert_eq!(broken, 0, "{problems:?}");
}

#[test]
fn a_link_to_a_section_that_is_not_made_is_an_error() {
    let errors = without_projects()
        .with_file(
            "content/pages/about.en.md",
            &PAGE_EN.replace("[the scope](@/pages/about#scope)", "[projects](@/projects)"),
        )
        .build_errors();
    assert_eq!(
        error_lines(&errors),
        ["E0602 content/pages/about.en.md:8:16"]
    );
}

#[test]
fn without_news_there_is_no_news_list_or_menu_entry() {
    let files = SiteTest::new()
        .without_file("content/news/first-news.vi.md")
        .without_file("content/news/first-news.en.md")
        .build();
    assert!(!files.contains_key("en/news/index.html"));
    assert!(!page(&files, "en/index.html").contains("href=\"/en/news/\""));
    // The feed stays, empty, for readers who subscribed before.
    assert!(files.contains_key("en/atom.xml"));
}

/// Links in every HTML page that point at a file the build did not write.
fn link_problems_in(files: &Files) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    for (path, bytes) in files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for href in attribute_values(&html, "href") {
            let Some(target) = href.strip_prefix('/') else {
                continue;
            };
            let target = target.split(['#', '?']).next().unwrap_or("");
            let file = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                target.to_string()
            };
            if !files.contains_key(&file) {
                problems.push(format!("{path} -> {href}"));
            }
        }
    }
    (problems.len(), problems)
}
