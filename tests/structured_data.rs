//! What search engines and link previews read: every page's schema.org JSON-LD,
//! parsed with serde_json and checked against the properties schema.org and search
//! engines require or recommend for its type; Open Graph locales and images; error
//! pages kept out of the index.

mod common;

use common::*;
use serde_json::Value;

const BASE: &str = "https://example.test/";

/// The page's JSON-LD, parsed; None if it has none.
fn json_ld(html: &str) -> Option<Value> {
    let start_tag = "<script type=\"application/ld+json\">";
    let start = html.find(start_tag)? + start_tag.len();
    let end = start + html[start..].find("</script>")?;
    assert_eq!(
        html.matches(start_tag).count(),
        1,
        "one JSON-LD block per page"
    );
    Some(serde_json::from_str(&html[start..end]).expect("the JSON-LD parses as JSON"))
}

/// The nodes of the page's `@graph`.
fn nodes(html: &str) -> Vec<Value> {
    let value = json_ld(html).expect("the page has JSON-LD");
    assert_eq!(value["@context"], "https://schema.org");
    value["@graph"]
        .as_array()
        .expect("an @graph array")
        .to_vec()
}

fn of_type<'a>(nodes: &'a [Value], kind: &str) -> Vec<&'a Value> {
    nodes.iter().filter(|node| node["@type"] == kind).collect()
}

fn one<'a>(nodes: &'a [Value], kind: &str) -> &'a Value {
    let found = of_type(nodes, kind);
    assert_eq!(found.len(), 1, "one {kind} in {nodes:#?}");
    found[0]
}

fn text<'a>(node: &'a Value, key: &str) -> &'a str {
    node[key]
        .as_str()
        .filter(|text| !text.trim().is_empty())
        .unwrap_or_else(|| panic!("`{key}` is a text in {node:#}"))
}

/// The output file an absolute URL of the site names (`/x/` is `/x/index.html`).
fn file_of(url: &str) -> String {
    let path = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not on the site"));
    let path = path.split('#').next().unwrap();
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

fn assert_resolves(files: &Files, url: &str) {
    let file = file_of(url);
    assert!(files.contains_key(&file), "{url} names no file ({file})");
}

/// Every empty text, list or object anywhere in `value`, by path.
fn empties(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::String(text) if text.trim().is_empty() => out.push(path.to_string()),
        Value::Array(items) if items.is_empty() => out.push(path.to_string()),
        Value::Object(map) if map.is_empty() => out.push(path.to_string()),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                empties(item, &format!("{path}[{index}]"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                empties(item, &format!("{path}.{key}"), out);
            }
        }
        _ => {}
    }
}

fn html_pages(files: &Files) -> Vec<(&String, &str)> {
    files
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
        .map(|(name, bytes)| (name, std::str::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn every_page_but_the_error_pages_has_typed_json_ld_with_no_empty_values() {
    let files = SiteTest::new().build();
    for (name, html) in html_pages(&files) {
        if name.ends_with("404.html") {
            assert!(
                json_ld(html).is_none(),
                "{name}: an error page has no JSON-LD"
            );
            continue;
        }
        let nodes = nodes(html);
        assert!(!nodes.is_empty(), "{name}");
        for node in &nodes {
            assert!(node["@type"].is_string(), "{name}: a node without @type");
            assert_ne!(node["@type"], "Thing", "{name}: typed as a bare Thing");
        }
        let mut found = Vec::new();
        empties(&json_ld(html).unwrap(), "", &mut found);
        assert!(found.is_empty(), "{name}: empty values at {found:?}");
    }
}

#[test]
fn parks_and_zones_are_places_and_projects_are_projects_linked_to_each_other() {
    let files = SiteTest::new()
        .with_file(
            "content/parks/park-beta.yaml",
            "name: {vi: Khu công nghiệp Bê Ta, en: Beta Industrial Park}\n\
             aliases: [Beta Estate]\nstatus: planned\nzone: test-zone\n\
             address:\n  before_2025: {vi: xã Bê Ta, en: Be Ta commune}\n",
        )
        .build();
    for lang in ["vi", "en"] {
        let alpha = nodes(page(&files, &format!("{lang}/parks/park-alpha/index.html")));
        let place = one(&alpha, "Place");
        assert_eq!(
            text(place, "url"),
            format!("{BASE}{lang}/parks/park-alpha/")
        );
        text(place, "name");
        text(place, "description");
        // The fixture's park has no other name: no `alternateName: []`.
        assert!(place.get("alternateName").is_none(), "{place:#}");
        let zone = &place["containedInPlace"];
        assert_eq!(zone["@type"], "Place");
        assert_resolves(&files, text(zone, "url"));
        assert_resolves(&files, text(place, "image"));

        let beta = nodes(page(&files, &format!("{lang}/parks/park-beta/index.html")));
        let place = one(&beta, "Place");
        assert_eq!(place["alternateName"], serde_json::json!(["Beta Estate"]));
        assert_eq!(place["address"]["@type"], "PostalAddress");
        text(&place["address"], "addressLocality");
        assert_eq!(place["address"]["addressCountry"], "VN");

        let zone = nodes(page(&files, &format!("{lang}/zones/test-zone/index.html")));
        let members: Vec<&str> = one(&zone, "Place")["containsPlace"]
            .as_array()
            .expect("a zone lists its parks")
            .iter()
            .map(|park| text(park, "url"))
            .collect();
        assert_eq!(
            members,
            [
                format!("{BASE}{lang}/parks/park-alpha/"),
                format!("{BASE}{lang}/parks/park-beta/")
            ]
        );

        let project = nodes(page(
            &files,
            &format!("{lang}/projects/widget-factory/index.html"),
        ));
        let project = one(&project, "Project");
        text(project, "name");
        assert_eq!(project["funder"]["@type"], "Organization");
        assert_eq!(project["funder"]["name"], "Widget Co.");
        let located: Vec<&str> = project["location"]
            .as_array()
            .expect("a project names its park")
            .iter()
            .map(|place| text(place, "url"))
            .collect();
        assert_eq!(located, [format!("{BASE}{lang}/parks/park-alpha/")]);
    }
}

#[test]
fn every_page_that_shows_a_breadcrumb_has_the_same_trail_as_a_breadcrumb_list() {
    let files = SiteTest::new().build();
    let mut with_breadcrumb = 0;
    for (name, html) in html_pages(&files) {
        if name.ends_with("404.html") {
            continue;
        }
        let nodes = nodes(html);
        let lists = of_type(&nodes, "BreadcrumbList");
        let Some(nav) = html.find("<nav class=\"breadcrumb\"") else {
            assert!(
                lists.is_empty(),
                "{name}: a BreadcrumbList but no breadcrumb"
            );
            continue;
        };
        with_breadcrumb += 1;
        assert_eq!(lists.len(), 1, "{name}: a breadcrumb but no BreadcrumbList");
        let nav = &html[nav..nav + html[nav..].find("</nav>").unwrap()];
        let shown: Vec<String> = attribute_values(nav, "href")
            .iter()
            .map(|href| format!("https://example.test{href}"))
            .collect();
        let items = lists[0]["itemListElement"].as_array().unwrap();
        let urls: Vec<String> = items
            .iter()
            .map(|item| text(item, "item").to_string())
            .collect();
        // The trail shown, then the page itself.
        assert_eq!(urls[..urls.len() - 1], shown[..], "{name}");
        let canonical =
            attr_of(tags_with(html, &["<link", "rel=\"canonical\""])[0], "href").unwrap();
        assert_eq!(urls.last().unwrap(), &canonical, "{name}");
        for (index, item) in items.iter().enumerate() {
            assert_eq!(item["@type"], "ListItem");
            assert_eq!(item["position"], index + 1, "{name}");
            text(item, "name");
            assert_resolves(&files, text(item, "item"));
        }
    }
    // Four records and one news item, in two languages.
    assert_eq!(with_breadcrumb, 10);
}

#[test]
fn list_compare_and_news_pages_carry_their_items_as_an_item_list() {
    let files = SiteTest::new().build();
    let cases = [
        ("parks/", vec!["parks/park-alpha/", "parks/park-beta/"]),
        ("compare/", vec!["parks/park-alpha/", "parks/park-beta/"]),
        ("zones/", vec!["zones/test-zone/"]),
        ("projects/", vec!["projects/widget-factory/"]),
        ("news/", vec!["news/first-news/"]),
    ];
    for lang in ["vi", "en"] {
        for (path, expected) in &cases {
            let nodes = nodes(page(&files, &format!("{lang}/{path}index.html")));
            let collection = one(&nodes, "CollectionPage");
            assert_eq!(text(collection, "url"), format!("{BASE}{lang}/{path}"));
            let list = &collection["mainEntity"];
            assert_eq!(list["@type"], "ItemList", "{lang}/{path}");
            assert_eq!(list["numberOfItems"], expected.len(), "{lang}/{path}");
            let urls: Vec<String> = list["itemListElement"]
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .enumerate()
                        .map(|(index, item)| {
                            assert_eq!(item["position"], index + 1);
                            text(item, "name");
                            text(item, "url").to_string()
                        })
                        .collect()
                })
                .unwrap_or_default();
            let expected: Vec<String> = expected
                .iter()
                .map(|item| format!("{BASE}{lang}/{item}"))
                .collect();
            assert_eq!(urls, expected, "{lang}/{path}");
        }
    }
}

#[test]
fn a_news_item_is_a_news_article_with_author_publisher_date_and_image() {
    let files = SiteTest::new().build();
    for lang in ["vi", "en"] {
        let nodes = nodes(page(&files, &format!("{lang}/news/first-news/index.html")));
        let article = one(&nodes, "NewsArticle");
        text(article, "headline");
        text(article, "description");
        assert_eq!(article["datePublished"], "2025-01-02");
        assert_eq!(article["inLanguage"], lang);
        for role in ["author", "publisher"] {
            assert_eq!(article[role]["@type"], "Organization", "{role}");
            assert_eq!(
                article[role]["name"],
                if lang == "vi" {
                    "Nhóm thử"
                } else {
                    "Test team"
                }
            );
            text(&article[role], "url");
        }
        assert_eq!(article["image"]["@type"], "ImageObject");
        assert_resolves(&files, text(&article["image"], "url"));
        assert_eq!(article["image"]["width"], 1200);
        // The public article the item summarises.
        assert_eq!(article["isBasedOn"], "https://example.org/one");
        assert_eq!(
            text(article, "mainEntityOfPage"),
            format!("{BASE}{lang}/news/first-news/")
        );
    }
}

#[test]
fn the_publisher_is_typed_as_site_yaml_says_and_an_organization_by_default() {
    let home = |site: SiteTest| {
        let files = site.build();
        let nodes = nodes(page(&files, "en/index.html"));
        one(&nodes, "WebSite")["publisher"].clone()
    };
    let plain = home(SiteTest::new());
    assert_eq!(plain["@type"], "Organization");
    assert_eq!(plain["name"], "Test team");

    let official = SITE_YAML.replace(
        "publisher: {vi: Nhóm thử, en: Test team}",
        "publisher:\n  name: {vi: Ban quản lý, en: Management board}\n  type: GovernmentOrganization\n  url: https://authority.example/\n",
    );
    let official = home(SiteTest::new().with_file("site.yaml", &official));
    assert_eq!(official["@type"], "GovernmentOrganization");
    assert_eq!(official["name"], "Management board");
    assert_eq!(official["url"], "https://authority.example/");

    let wrong = SITE_YAML.replace(
        "publisher: {vi: Nhóm thử, en: Test team}",
        "publisher:\n  name: Test team\n  type: Government\n",
    );
    let errors = SiteTest::new()
        .with_file("site.yaml", &wrong)
        .build_errors();
    assert_eq!(error_lines(&errors), ["E0208 site.yaml:5:9"]);
}

#[test]
fn the_home_page_is_a_web_site_that_can_be_searched() {
    let files = SiteTest::new().build();
    let home = nodes(page(&files, "vi/index.html"));
    let website = one(&home, "WebSite");
    assert_eq!(text(website, "url"), format!("{BASE}vi/"));
    assert_eq!(website["inLanguage"], "vi");
    let target = text(&website["potentialAction"]["target"], "urlTemplate");
    assert_eq!(target, format!("{BASE}vi/search/?q={{search_term_string}}"));
    assert_resolves(&files, &target.replace("?q={search_term_string}", ""));

    let chooser = nodes(page(&files, "index.html"));
    let website = one(&chooser, "WebSite");
    assert_eq!(website["inLanguage"], serde_json::json!(["vi", "en"]));
    assert_eq!(website["alternateName"], serde_json::json!(["Test portal"]));
}

#[test]
fn the_data_page_describes_each_data_set_with_its_downloads() {
    let files = SiteTest::new().build();
    for lang in ["vi", "en"] {
        let html = page(&files, &format!("{lang}/data/index.html"));
        let nodes = nodes(html);
        let datasets = of_type(&nodes, "Dataset");
        assert_eq!(datasets.len(), 2);
        for (dataset, kind) in datasets.iter().zip(["parks", "zones"]) {
            text(dataset, "name");
            // What search engines ask of a data set's description.
            let description = text(dataset, "description");
            assert!(
                (50..=5000).contains(&description.chars().count()),
                "{description}"
            );
            assert_eq!(dataset["isAccessibleForFree"], true);
            text(&dataset["creator"], "name");
            assert!(dataset["variableMeasured"].as_array().unwrap().len() > 3);
            let url = text(dataset, "url");
            let anchor = url.split('#').nth(1).expect("the data set's own anchor");
            assert!(html.contains(&format!("id=\"{anchor}\"")), "{url}");
            let formats: Vec<(&str, &str)> = dataset["distribution"]
                .as_array()
                .unwrap()
                .iter()
                .map(|download| {
                    assert_eq!(download["@type"], "DataDownload");
                    (
                        text(download, "encodingFormat"),
                        text(download, "contentUrl"),
                    )
                })
                .collect();
            assert_eq!(
                formats,
                [
                    ("text/csv", format!("{BASE}data/{kind}.csv").as_str()),
                    (
                        "application/json",
                        format!("{BASE}data/{kind}.json").as_str()
                    ),
                ]
            );
            for (_, url) in formats {
                assert_resolves(&files, url);
            }
        }
    }
}

/// The `content` of every `<meta property="...">` with this property.
fn meta(html: &str, property: &str) -> Vec<String> {
    tags_with(html, &["<meta", &format!("property=\"{property}\"")])
        .iter()
        .filter_map(|tag| attr_of(tag, "content"))
        .collect()
}

#[test]
fn open_graph_names_a_real_locale_its_alternates_and_a_png_preview_of_the_size_it_states() {
    let files = SiteTest::new().build();
    for (lang, locale, other) in [("vi", "vi_VN", "en_US"), ("en", "en_US", "vi_VN")] {
        for path in ["", "parks/park-alpha/", "news/first-news/", "404.html"] {
            let name = if path.ends_with(".html") {
                format!("{lang}/{path}")
            } else {
                format!("{lang}/{path}index.html")
            };
            let html = page(&files, &name);
            assert_eq!(meta(html, "og:locale"), [locale], "{name}");
            assert_eq!(meta(html, "og:locale:alternate"), [other], "{name}");
            let image = meta(html, "og:image");
            assert_eq!(image, [format!("{BASE}{lang}/card.png")], "{name}");
            let png = &files[&file_of(&image[0])];
            assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
            // IHDR: width and height, big-endian, after the chunk's length and name.
            let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
            let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
            assert_eq!(meta(html, "og:image:width"), [width.to_string()]);
            assert_eq!(meta(html, "og:image:height"), [height.to_string()]);
            assert_eq!((width, height), (1200, 630));
            assert_eq!(meta(html, "og:image:type"), ["image/png"]);
            assert!(!meta(html, "og:image:alt")[0].is_empty());
        }
    }
    // The cards differ by language: each shows its own title.
    assert_ne!(files["vi/card.png"], files["en/card.png"]);
    assert!(!page(&files, "sitemap.xml").contains("card.png"));
}

#[test]
fn error_pages_are_kept_out_of_the_index_and_name_no_canonical_copy() {
    let files = SiteTest::new().build();
    for name in ["404.html", "vi/404.html", "en/404.html"] {
        let html = page(&files, name);
        assert_eq!(
            tags_with(html, &["<meta", "name=\"robots\""]),
            ["<meta name=\"robots\" content=\"noindex\">"],
            "{name}"
        );
        assert!(
            tags_with(html, &["<link", "rel=\"canonical\""]).is_empty(),
            "{name}"
        );
        assert!(meta(html, "og:url").is_empty(), "{name}");
    }
    for name in [
        "index.html",
        "en/index.html",
        "en/parks/park-alpha/index.html",
    ] {
        let html = page(&files, name);
        assert!(
            tags_with(html, &["<meta", "name=\"robots\""]).is_empty(),
            "{name}"
        );
        assert_eq!(
            tags_with(html, &["<link", "rel=\"canonical\""]).len(),
            1,
            "{name}"
        );
    }
}
