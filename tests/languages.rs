//! A third language: what it lacks falls back along its chain from `site.yaml`, the
//! fallback is marked with its `lang` in the HTML, and open data leaves it empty.

mod common;

use common::*;

/// Japanese UI strings for two keys only: the others fall back.
const JA: &str = "\
language_name: 日本語
nav:
  parks: 工業団地
";

fn with_japanese(fallback: &str) -> SiteTest {
    let site_yaml = SITE_YAML.replace("languages: [vi, en]", "languages: [vi, en, ja]");
    SiteTest::new()
        .with_file("site.yaml", &format!("{site_yaml}{fallback}"))
        .with_file("templates/i18n/ja.yaml", JA)
}

#[test]
fn missing_strings_and_names_fall_back_along_the_chain_marked_with_their_language() {
    let files = with_japanese("fallback: {ja: [en, vi]}\n").build();
    let home = page(&files, "ja/index.html");
    assert!(home.contains("<html lang=\"ja\">"));
    // Its own string, unmarked.
    assert!(home.contains(">工業団地<"), "the Japanese menu label");
    // A missing UI string: English (first in the chain), not Vietnamese, marked.
    assert!(
        home.contains("<span lang=\"en\">Economic zones</span>"),
        "the missing menu label is English and marked"
    );
    assert!(
        !home.contains(">Khu kinh tế<"),
        "no Vietnamese label on /ja/"
    );

    // A record with no Japanese name: the English one, marked, in text; plain in the
    // page title (where no element may go).
    let park = page(&files, "ja/parks/park-alpha/index.html");
    assert!(
        park.contains("<h1><span lang=\"en\">Song Khoai Industrial Park</span></h1>"),
        "{}",
        &park[park.find("<h1").unwrap()..][..120]
    );
    assert!(park.contains("<title>Song Khoai Industrial Park · "));
    assert!(!park.contains("Khu công nghiệp Sông Khoai</h1>"));

    // News without a Japanese version: the English text, its block marked.
    let news = page(&files, "ja/news/first-news/index.html");
    assert!(
        news.contains("<div class=\"prose\" lang=\"en\">"),
        "the body is marked"
    );
    assert!(news.contains("News body about"));

    // The English and Vietnamese pages are untouched: nothing of theirs falls back.
    for own in ["en/parks/park-alpha/index.html", "vi/index.html"] {
        assert!(
            !page(&files, own).contains("<span lang="),
            "{own} marks nothing"
        );
    }
}

#[test]
fn the_chain_comes_from_site_yaml() {
    let files = with_japanese("fallback: {ja: [vi]}\n").build();
    let park = page(&files, "ja/parks/park-alpha/index.html");
    assert!(
        park.contains("<h1><span lang=\"vi\">Khu công nghiệp Sông Khoai</span></h1>"),
        "with `ja: [vi]` the Vietnamese name is shown, marked"
    );
}

#[test]
fn open_data_leaves_a_missing_translation_empty() {
    let files = with_japanese("fallback: {ja: [en, vi]}\n").build();
    let csv = page(&files, "data/parks.csv");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = header.iter().position(|name| *name == "name_ja").unwrap();
    let alpha = lines.find(|line| line.starts_with("park-alpha,")).unwrap();
    assert_eq!(alpha.split(',').nth(column), Some(""), "{alpha}");

    let json: serde_json::Value = serde_json::from_str(page(&files, "data/parks.json")).unwrap();
    let records = json["records"].as_array().or(json.as_array()).unwrap();
    let alpha = records.iter().find(|r| r["slug"] == "park-alpha").unwrap();
    assert_eq!(alpha["name"]["ja"], "", "{alpha}");
    assert_eq!(alpha["name"]["en"], "Song Khoai Industrial Park");
}

#[test]
fn the_chooser_offers_each_language_in_its_own_words() {
    let files = with_japanese("fallback: {ja: [en, vi]}\n").build();
    let chooser = page(&files, "index.html");
    for (code, name, lead) in [
        (
            "vi",
            "Tiếng Việt",
            "Thông tin đầu tư về khu kinh tế và khu công nghiệp.",
        ),
        (
            "en",
            "English",
            "Investment information on economic zones and industrial parks.",
        ),
    ] {
        let item = chooser
            .split(&format!("<li lang=\"{code}\">"))
            .nth(1)
            .unwrap_or_else(|| panic!("no item in {code}:\n{chooser}"));
        let item = item.split("</li>").next().unwrap();
        assert!(item.contains(name), "{code}: {item}");
        assert!(item.contains(lead), "{code}: {item}");
    }
    assert!(
        chooser.contains("<span lang=\"vi\">Cổng thử nghiệm</span>")
            && chooser.contains("<span lang=\"en\">Test portal</span>"),
        "the site's title in each language"
    );
    // Japanese has its own name but no lead: the English one, marked as English.
    let japanese = chooser.split("<li lang=\"ja\">").nth(1).unwrap();
    let japanese = japanese.split("</li>").next().unwrap();
    assert!(japanese.contains("日本語"), "{japanese}");
    assert!(
        japanese.contains("<span lang=\"en\">Investment information"),
        "a borrowed text says its language: {japanese}"
    );
    // Nothing in the page's own language only: no Vietnamese menu or search link.
    assert!(!chooser.contains(">Tìm kiếm<") && !chooser.contains(">Khu công nghiệp<"));
}
