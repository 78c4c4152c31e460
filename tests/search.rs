//! Site search: the per-language index and the search page that works without JS.

use std::path::Path;

use serde_json::Value;

fn build() -> std::collections::BTreeMap<String, Vec<u8>> {
    let input = halong::content::load::read(Path::new(env!("CARGO_MANIFEST_DIR")));
    let sink = halong::output::Memory::default();
    if let Err(failure) = halong::build_into(&input, &halong::Options::default(), &sink) {
        panic!("build failed: {:#?}", failure.diagnostics);
    }
    sink.into_files()
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} was not built"))
            .clone(),
    )
    .unwrap()
}

fn docs(files: &std::collections::BTreeMap<String, Vec<u8>>, language: &str) -> Vec<Value> {
    let index: Value =
        serde_json::from_str(&text(files, &format!("{language}/search-index.json"))).unwrap();
    index["docs"].as_array().expect("docs").clone()
}

#[test]
fn the_index_folds_names_aliases_and_zones() {
    let files = build();
    for language in ["en", "vi"] {
        let docs = docs(&files, language);
        let song_khoai = docs
            .iter()
            .find(|doc| doc["url"].as_str().unwrap().ends_with("/parks/song-khoai/"))
            .unwrap_or_else(|| panic!("no Song Khoai doc in {language}"));
        let folded = song_khoai["text"].as_str().unwrap();
        assert!(folded.contains("song khoai"), "{language}: {folded}");
        assert!(
            folded.contains("amata city ha long"),
            "{language}: {folded}"
        );
        assert_eq!(folded, folded.to_lowercase());
        assert!(!song_khoai["title"].as_str().unwrap().is_empty());
        assert!(!song_khoai["kind"].as_str().unwrap().is_empty());
        assert!(docs
            .iter()
            .any(|doc| doc["text"].as_str().unwrap().contains("dong mai")));
    }
}

#[test]
fn every_indexed_url_is_a_built_page() {
    let files = build();
    for language in ["en", "vi"] {
        let docs = docs(&files, language);
        assert!(docs.len() > 10);
        for doc in &docs {
            let url = doc["url"].as_str().unwrap();
            let path = url.strip_prefix('/').expect("root-relative");
            assert!(path.starts_with(&format!("{language}/")), "{url}");
            assert!(
                files.contains_key(&format!("{path}index.html")),
                "{url} is not built"
            );
            assert!(
                doc["text"].as_str().unwrap().chars().count() < 4000,
                "{url}"
            );
        }
    }
}

#[test]
fn the_index_is_deterministic() {
    let a = build();
    let b = build();
    assert_eq!(a.get("en/search-index.json"), b.get("en/search-index.json"));
}

#[test]
fn the_search_page_lists_every_park_without_javascript() {
    let files = build();
    let page = text(&files, "vi/search/index.html");
    assert!(page.contains("<form class=\"search-form\" method=\"get\""));
    assert!(page.contains("<label for=\"search-q\">"));
    assert!(page.contains("type=\"search\" id=\"search-q\" name=\"q\""));
    assert!(page.contains("aria-live=\"polite\""));
    assert!(page.contains("<script defer src=\"/search.js\"></script>"));
    let parks: Vec<&String> = files
        .keys()
        .filter(|path| path.starts_with("vi/parks/") && path.ends_with("/index.html"))
        .filter(|path| path.as_str() != "vi/parks/index.html")
        .collect();
    assert!(!parks.is_empty());
    for park in parks {
        let href = format!("href=\"/{}\"", park.trim_end_matches("index.html"));
        assert!(page.contains(&href), "{href} missing from the search page");
    }
    // Only the search page loads the script; every page links to the search page.
    let home = text(&files, "vi/index.html");
    assert!(!home.contains("search.js"));
    assert!(home.contains("href=\"/vi/search/\""));
    let sitemap = text(&files, "sitemap.xml");
    assert!(sitemap.contains("/en/search/</loc>"));
    assert!(!sitemap.contains("search-index.json"));
}
