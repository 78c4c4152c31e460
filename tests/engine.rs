//! End-to-end behaviour of a build: which files exist, how pages link to each other
//! and to their other-language versions, locale formatting, normalisation,
//! reproducibility, and how a bad input is reported without harming earlier output.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;

const CLUSTER: &str = "\
name: {vi: Cụm công nghiệp Thử, en: Test Industrial Cluster}
zone: test-zone
status: operating
";

/// Every HTML page of a build that belongs to a language, by path.
fn language_pages(files: &Files) -> Vec<(&str, &str)> {
    files
        .keys()
        .filter(|path| {
            path.ends_with("index.html") && (path.starts_with("vi/") || path.starts_with("en/"))
        })
        .map(|path| (path.as_str(), page(files, path)))
        .collect()
}

fn other(lang: &str) -> &'static str {
    if lang == "vi" {
        "en"
    } else {
        "vi"
    }
}

#[test]
fn every_record_news_item_and_page_has_a_page_in_both_languages_with_the_same_slug() {
    let files = SiteTest::new()
        .with_file("content/clusters/test-cluster.yaml", CLUSTER)
        .with_file("content/clusters/test-cluster.vi.md", "Cụm công nghiệp.\n")
        .with_file("content/clusters/test-cluster.en.md", "A cluster.\n")
        .build();
    for lang in ["vi", "en"] {
        for path in [
            "zones/test-zone/",
            "parks/park-alpha/",
            "parks/park-beta/",
            "clusters/test-cluster/",
            "projects/widget-factory/",
            "news/first-news/",
            "about/",
            "",
        ] {
            let html = page(&files, &format!("{lang}/{path}index.html"));
            assert!(html.contains("<html"), "{lang}/{path} is not an HTML page");
        }
        page(&files, &format!("{lang}/404.html"));
        page(&files, &format!("{lang}/atom.xml"));
    }
    for path in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "data/parks.csv",
        "data/parks.json",
    ] {
        page(&files, path);
    }
}

#[test]
fn the_root_is_a_language_chooser_whose_plain_links_reach_both_homes() {
    let files = SiteTest::new().build();
    let chooser = page(&files, "index.html");
    for lang in ["vi", "en"] {
        let href = format!("/{lang}/");
        let links = tags_with(chooser, &["<a ", &format!("href=\"{href}\"")]);
        assert!(
            !links.is_empty(),
            "the chooser has no <a href=\"{href}\">:\n{chooser}"
        );
        for link in links {
            assert!(!link.contains("onclick"), "the link needs script: {link}");
        }
        page(&files, &format!("{lang}/index.html"));
    }
    assert!(
        !chooser.contains("http-equiv=\"refresh\""),
        "the chooser must not redirect by itself"
    );
}

#[test]
fn the_sitemap_lists_every_language_page_with_xhtml_alternates() {
    let files = SiteTest::new().build();
    let sitemap = page(&files, "sitemap.xml");
    let document = roxmltree::Document::parse(sitemap).expect("sitemap.xml is XML");
    let xhtml = "http://www.w3.org/1999/xhtml";
    let mut locs = BTreeSet::new();
    for url in document.descendants().filter(|n| n.has_tag_name("url")) {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .and_then(|n| n.text())
            .expect("every <url> has a <loc>")
            .to_string();
        let alternates: Vec<(String, String)> = url
            .children()
            .filter(|n| n.has_tag_name((xhtml, "link")))
            .map(|n| {
                (
                    n.attribute("hreflang").unwrap_or_default().to_string(),
                    n.attribute("href").unwrap_or_default().to_string(),
                )
            })
            .collect();
        let langs: BTreeSet<&str> = alternates.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            langs,
            BTreeSet::from(["en", "vi", "x-default"]),
            "alternates of {loc}"
        );
        assert!(
            alternates.iter().any(|(_, href)| *href == loc),
            "{loc} is not among its own alternates {alternates:?}"
        );
        locs.insert(loc);
    }
    for lang in ["vi", "en"] {
        for path in [
            "",
            "parks/park-alpha/",
            "news/first-news/",
            "about/",
            "zones/test-zone/",
        ] {
            let url = format!("https://example.test/{lang}/{path}");
            assert!(
                locs.contains(&url),
                "the sitemap lacks {url}; it has {locs:#?}"
            );
        }
    }
    for loc in &locs {
        let path = loc
            .strip_prefix("https://example.test/")
            .expect("absolute URL on the site");
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        assert!(
            files.contains_key(&file),
            "sitemap entry {loc} has no file {file}"
        );
    }
}

#[test]
fn feeds_robots_and_open_data_are_written() {
    let files = SiteTest::new().build();
    for lang in ["vi", "en"] {
        let feed = page(&files, &format!("{lang}/atom.xml"));
        let document = roxmltree::Document::parse(feed).expect("the feed is XML");
        let entries: Vec<_> = document
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .collect();
        assert_eq!(entries.len(), 1, "{lang} feed: one news item");
        assert!(feed.contains(&format!("https://example.test/{lang}/news/first-news/")));
    }
    let robots = page(&files, "robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.test/sitemap.xml"),
        "{robots}"
    );

    let csv = page(&files, "data/parks.csv");
    let rows: Vec<&str> = csv.lines().collect();
    // Spreadsheets need the byte order mark to read Vietnamese as UTF-8.
    assert!(
        rows[0].starts_with("\u{feff}slug,"),
        "CSV header: {}",
        rows[0]
    );
    assert_eq!(rows.len(), 3, "a header and one row per park:\n{csv}");
    assert!(rows[1].starts_with("park-alpha,") && rows[2].starts_with("park-beta,"));

    let json: serde_json::Value =
        serde_json::from_str(page(&files, "data/parks.json")).expect("parks.json is JSON");
    let records = json["records"].as_array().expect("a `records` array");
    let slugs: Vec<&str> = records.iter().filter_map(|r| r["slug"].as_str()).collect();
    assert_eq!(slugs, ["park-alpha", "park-beta"]);
}

#[test]
fn every_page_declares_its_language_in_html_lang() {
    let files = SiteTest::new().build();
    for (path, html) in language_pages(&files) {
        let lang = &path[..2];
        assert!(
            html.contains(&format!("<html lang=\"{lang}\"")),
            "{path} does not say <html lang=\"{lang}\">"
        );
    }
    for lang in ["vi", "en"] {
        let html = page(&files, &format!("{lang}/404.html"));
        assert!(
            html.contains(&format!("<html lang=\"{lang}\"")),
            "{lang}/404.html"
        );
    }
}

#[test]
fn language_versions_point_at_each_other_with_hreflang_x_default_and_a_canonical_url() {
    let files = SiteTest::new().build();
    let pages = language_pages(&files);
    assert!(
        pages.len() > 10,
        "expected the fixture's pages, got {}",
        pages.len()
    );
    for (path, html) in pages {
        let lang = &path[..2];
        let page_path = path[3..].strip_suffix("index.html").unwrap();
        let own = format!("https://example.test/{lang}/{page_path}");
        let twin = format!("https://example.test/{}/{page_path}", other(lang));

        let canonical: Vec<_> = tags_with(html, &["<link", "rel=\"canonical\""]);
        assert_eq!(canonical.len(), 1, "{path}: one canonical link");
        assert_eq!(
            attr_of(canonical[0], "href").as_deref(),
            Some(own.as_str()),
            "{path}"
        );

        let alternate = |code: &str| {
            let tags = tags_with(
                html,
                &[
                    "<link",
                    "rel=\"alternate\"",
                    &format!("hreflang=\"{code}\""),
                ],
            );
            assert_eq!(
                tags.len(),
                1,
                "{path}: one alternate for {code}, found {tags:?}"
            );
            attr_of(tags[0], "href").unwrap()
        };
        assert_eq!(alternate(lang), own, "{path}: its own alternate");
        assert_eq!(
            alternate(other(lang)),
            twin,
            "{path}: its other-language version"
        );
        let x_default = alternate("x-default");
        assert!(
            x_default.starts_with("https://example.test/"),
            "{path}: x-default {x_default}"
        );
        // The twin must exist and point back.
        let twin_file = format!("{}/{page_path}index.html", other(lang));
        let twin_html = page(&files, &twin_file);
        let back = tags_with(
            twin_html,
            &[
                "<link",
                "rel=\"alternate\"",
                &format!("hreflang=\"{lang}\""),
            ],
        );
        assert_eq!(
            back.first().and_then(|tag| attr_of(tag, "href")),
            Some(own.clone()),
            "{twin_file} does not point back at {own}"
        );
    }
}

#[test]
fn a_record_without_english_prose_gets_an_english_page_from_its_facts_with_a_note_linking_the_vietnamese(
) {
    let files = SiteTest::new()
        .without_file("content/parks/park-beta.en.md")
        .build();
    let html = page(&files, "en/parks/park-beta/index.html");
    assert!(
        html.contains("Beta Industrial Park"),
        "the English name is shown"
    );
    assert!(html.contains("300 ha"), "the facts are shown");
    let notes = tags_with(html, &["role=\"note\""]);
    assert!(
        !notes.is_empty(),
        "no untranslated note on the English page"
    );
    let note_start = html.find(notes[0]).unwrap();
    let note = &html[note_start..note_start + html[note_start..].find("</p>").unwrap()];
    assert!(
        note.contains("href=\"/vi/parks/park-beta/\""),
        "the note does not link the Vietnamese version:\n{note}"
    );
    // The Vietnamese page has its prose and no such note.
    let vi = page(&files, "vi/parks/park-beta/index.html");
    assert!(vi.contains("Khu công nghiệp quy hoạch."));
    assert!(
        tags_with(vi, &["role=\"note\""]).is_empty(),
        "vi page has an untranslated note"
    );
}

/// Where a root-relative URL path lands in the output, if anywhere.
fn resolve(output: &Path, path: &str) -> Option<std::path::PathBuf> {
    let path = path.split(['?', '#']).next().unwrap();
    let candidate = if path.is_empty() || path.ends_with('/') {
        output.join(path).join("index.html")
    } else {
        output.join(path)
    };
    candidate.is_file().then_some(candidate)
}

fn ids_of(html: &str) -> BTreeSet<String> {
    attribute_values(html, "id").into_iter().collect()
}

/// Checks every `href`/`src` of every HTML file under `output` for a site published
/// at `https://host.test/portal/`: root-relative and absolute links to the site must be
/// under `/portal/` and resolve to a file, `#id` fragments to an id on their page.
/// Returns how many site links were checked and the problems found.
fn link_problems(output: &Path) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, bytes) in &read_dir_files(output) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = std::str::from_utf8(bytes).unwrap();
        let own_ids = ids_of(html);
        for url in attribute_values(html, "href")
            .into_iter()
            .chain(attribute_values(html, "src"))
        {
            let site_path = if let Some(rest) = url.strip_prefix("https://host.test") {
                rest.to_string()
            } else if url.starts_with('/') && !url.starts_with("//") {
                url.clone()
            } else if let Some(fragment) = url.strip_prefix('#') {
                if !fragment.is_empty() && !own_ids.contains(fragment) {
                    problems.push(format!(
                        "{path}: `{url}` has no id=\"{fragment}\" on the page"
                    ));
                }
                continue;
            } else {
                continue;
            };
            checked += 1;
            let Some(rest) = site_path.strip_prefix("/portal/") else {
                problems.push(format!("{path}: `{url}` is outside /portal/"));
                continue;
            };
            let Some(target) = resolve(output, rest) else {
                problems.push(format!("{path}: `{url}` does not resolve to a file"));
                continue;
            };
            if let Some((_, fragment)) = rest.split_once('#') {
                if target.extension().is_some_and(|e| e == "html") {
                    let target_html = std::fs::read_to_string(&target).unwrap();
                    if !ids_of(&target_html).contains(fragment) {
                        problems.push(format!(
                            "{path}: `{url}`: no id=\"{fragment}\" on the target"
                        ));
                    }
                }
            }
        }
    }
    (checked, problems)
}

#[test]
fn under_a_sub_path_base_url_every_link_is_prefixed_and_resolves_to_a_file() {
    let built = SiteTest::new()
        .with_base_url("https://host.test/portal/")
        .build_to_dir();
    let (checked, problems) = link_problems(&built.output);
    assert!(
        checked > 100,
        "only {checked} site links were found; is the scan broken?"
    );
    assert!(
        problems.is_empty(),
        "{} broken links:\n{}",
        problems.len(),
        problems.join("\n")
    );
    let files = read_dir_files(&built.output);
    let robots = page(&files, "robots.txt");
    assert!(
        robots.contains("https://host.test/portal/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn the_link_check_itself_catches_unprefixed_missing_and_dangling_links() {
    // Guards the test above: a scan that finds nothing would pass vacuously.
    let chooser = SiteTest::new().text("templates/chooser.html").replace(
        "{% endblock content %}",
        "<a href=\"/vi/\">x</a><a href=\"{{ root }}nowhere/\">x</a><a href=\"#no-such-id\">x</a>\
         <a href=\"{{ root }}vi/sources/#no-such-source\">x</a>{% endblock content %}",
    );
    assert!(
        chooser.contains("no-such-id"),
        "chooser.html has no `{{% endblock content %}}` to extend"
    );
    let built = SiteTest::new()
        .with_file("templates/chooser.html", &chooser)
        .with_base_url("https://host.test/portal/")
        .build_to_dir();
    let (_, problems) = link_problems(&built.output);
    let report = problems.join("\n");
    for expected in [
        "`/vi/` is outside /portal/",
        "`/portal/nowhere/` does not resolve",
        "`#no-such-id` has no id",
        "`/portal/vi/sources/#no-such-source`: no id",
    ] {
        assert!(
            report.contains(expected),
            "not caught: {expected}\n{report}"
        );
    }
}

#[test]
fn numbers_are_formatted_per_locale() {
    let park = PARK_BETA.replace("{value: 300, unit: ha,", "{value: 18842.56, unit: ha,");
    assert_ne!(park, PARK_BETA);
    let files = SiteTest::new()
        .with_file("content/parks/park-beta.yaml", &park)
        .build();
    let vi = page(&files, "vi/parks/park-beta/index.html");
    let en = page(&files, "en/parks/park-beta/index.html");
    assert!(vi.contains("18.842,56 ha"), "vi page lacks `18.842,56 ha`");
    assert!(en.contains("18,842.56 ha"), "en page lacks `18,842.56 ha`");
    assert!(
        !vi.contains("18,842.56"),
        "vi page shows the English format"
    );
    assert!(
        !en.contains("18.842,56"),
        "en page shows the Vietnamese format"
    );
}

#[test]
fn decomposed_vietnamese_input_appears_composed_in_the_output() {
    // "Khu công nghiệp Sông Khoai" with ô and ệ written as base letter + combining marks.
    let decomposed = "Khu co\u{302}ng nghie\u{323}\u{302}p So\u{302}ng Khoai";
    let composed = "Khu công nghiệp Sông Khoai";
    assert_ne!(decomposed, composed);
    let park = PARK_ALPHA.replace(composed, decomposed);
    assert!(park.contains(decomposed));
    let files = SiteTest::new()
        .with_file("content/parks/park-alpha.yaml", &park)
        .build();
    let html = page(&files, "vi/parks/park-alpha/index.html");
    assert!(
        html.contains(composed),
        "the composed name is not on the page"
    );
    for (path, bytes) in &files {
        if let Ok(text) = std::str::from_utf8(bytes) {
            assert!(
                !text.contains(decomposed),
                "{path} still has the decomposed name"
            );
        }
    }
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = SiteTest::new();
    let first = site.build();
    let second = site.build();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    let differing: Vec<&String> = first
        .iter()
        .filter(|(path, bytes)| second.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        differing.is_empty(),
        "files differ between builds: {differing:?}"
    );

    // And through the disk, where files are written from many threads.
    let mut a = read_dir_files(&site.build_to_dir().output);
    let b = read_dir_files(&site.build_to_dir().output);
    assert!(a == b, "two builds to disk differ");
    // On disk the output also holds the marker that says halong made it.
    assert_eq!(
        a.remove(halong::output::MARKER).as_deref(),
        Some(halong::output::destination::MARKER_TEXT.as_bytes())
    );
    assert!(
        a == first,
        "the disk build differs from the in-memory build"
    );
}

const BAD_PARK: &str = "\
name: {vi: KCN X, en: X Park}
status: operating
zone: nowhere
";

#[test]
fn an_unknown_zone_is_reported_at_its_file_line_and_column() {
    let errors = SiteTest::new()
        .with_file("content/parks/x.yaml", BAD_PARK)
        .build_errors();
    assert_eq!(error_lines(&errors), ["E0301 content/parks/x.yaml:3:7"]);
    assert!(
        errors[0].message.contains("nowhere"),
        "{}",
        errors[0].message
    );
}

#[test]
fn the_cli_exits_1_and_prints_the_location_and_the_offending_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    SiteTest::new()
        .with_file("content/parks/x.yaml", BAD_PARK)
        .write_to(&root);
    let run = cli_build(&root, &dir.path().join("public"), None);
    assert_eq!(run.status.code(), Some(1), "stderr:\n{}", run.stderr);
    let printed = format!("{}{}", run.stdout, run.stderr);
    assert!(printed.contains("E0301"), "{printed}");
    assert!(
        printed.contains("--> content/parks/x.yaml:3:7"),
        "{printed}"
    );
    assert!(printed.contains("3 | zone: nowhere"), "{printed}");
    assert!(
        !dir.path().join("public").exists(),
        "a failed first build created the output"
    );

    let check = halong(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(check.status.code(), Some(1));
    let line = check
        .stdout
        .lines()
        .find(|line| line.contains("E0301"))
        .unwrap_or_else(|| panic!("no E0301 in check's JSON:\n{}", check.stdout));
    let json: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(json["file"], "content/parks/x.yaml");
    assert_eq!(
        (json["line"].as_u64(), json["column"].as_u64()),
        (Some(3), Some(7))
    );
}

/// A build lets go of each record's texts once the record is validated; a link that
/// turns out broken when the whole site is known still shows its line.
#[test]
fn a_broken_link_in_a_parks_prose_is_printed_with_its_line_by_build_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    SiteTest::new()
        .with_file(
            "content/parks/park-beta.en.md",
            "---\nsummary: Beta park.\n---\nNext to [a park](@/parks/nowhere).\n",
        )
        .write_to(&root);
    let run = cli_build(&root, &dir.path().join("public"), None);
    assert_eq!(run.status.code(), Some(1), "stderr:\n{}", run.stderr);
    let printed = format!("{}{}", run.stdout, run.stderr);
    assert!(
        printed.contains("--> content/parks/park-beta.en.md:4:"),
        "{printed}"
    );
    assert!(
        printed.contains("4 | Next to [a park](@/parks/nowhere)."),
        "{printed}"
    );

    let check = halong(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    let printed = format!("{}{}", check.stdout, check.stderr);
    assert!(
        printed.contains("4 | Next to [a park](@/parks/nowhere)."),
        "{printed}"
    );
}

/// Templates are compiled while the content is validated; a syntax error in one is
/// still reported by every way of building, at its line, with the line shown.
#[test]
fn a_template_syntax_error_is_printed_with_its_line_by_build_and_check() {
    let site = SiteTest::new();
    let page = site
        .text("templates/page.html")
        .replace("<h1>{{ heading }}</h1>", "<h1>{{ heading }</h1>");
    let site = site.with_file("templates/page.html", &page);
    assert_eq!(
        error_lines(&site.build_errors()),
        ["E0403 templates/page.html:4:18"]
    );

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site.write_to(&root);
    let build = cli_build(&root, &dir.path().join("public"), None);
    let check = halong(&["check", "--root", root.to_str().unwrap()]);
    for run in [build, check] {
        assert_eq!(run.status.code(), Some(1), "stderr:\n{}", run.stderr);
        let printed = format!("{}{}", run.stdout, run.stderr);
        assert!(printed.contains("error[E0403]"), "{printed}");
        assert!(
            printed.contains("--> templates/page.html:4:18"),
            "{printed}"
        );
        assert!(printed.contains("4 |   <h1>{{ heading }</h1>"), "{printed}");
    }
}

/// The footer is rendered once per language, from `partials/footer.html`: an error in
/// it is reported at its line like any template's, and it sees no page's variables.
#[test]
fn the_shared_footer_is_the_same_on_every_page_and_its_errors_name_its_line() {
    let site = SiteTest::new();
    let files = site.build();
    for language in ["en", "vi"] {
        let footer = |path: &str| {
            let page = page(&files, path);
            let start = page.find("<footer").expect("a footer");
            page[start..].to_string()
        };
        let home = footer(&format!("{language}/index.html"));
        assert!(home.contains(&format!("/{language}/sources/")), "{home}");
        assert_eq!(
            footer(&format!("{language}/parks/park-alpha/index.html")),
            home
        );
    }

    let broken = site
        .text("templates/partials/footer.html")
        .replace("{{ t.footer.about }}", "{{ page.title }}");
    let errors = site
        .clone()
        .with_file("templates/partials/footer.html", &broken)
        .build_errors();
    assert_eq!(
        error_lines(&errors),
        ["E0403 templates/partials/footer.html:4:11"]
    );
}

/// A theme made before the footer was shared (its own footer in `base.html`, no
/// `partials/footer.html`) still builds, with its own footer.
#[test]
fn a_theme_without_the_shared_footer_keeps_its_own() {
    let site = SiteTest::new();
    let base = site
        .text("templates/base.html")
        .replace("{{ footer }}", "<footer>Own footer {{ lang }}</footer>");
    let files = site
        .with_file("templates/base.html", &base)
        .without_file("templates/partials/footer.html")
        .build();
    assert!(page(&files, "vi/index.html").contains("<footer>Own footer vi</footer>"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched_and_no_staging_directory() {
    let site = SiteTest::new();
    let built = site.build_to_dir();
    let before = read_dir_files(&built.output);
    assert!(before.contains_key("vi/parks/park-alpha/index.html"));

    std::fs::write(built.root.join("content/parks/park-alpha.yaml"), BAD_PARK).unwrap();
    let run = cli_build(&built.root, &built.output, None);
    assert_eq!(
        run.status.code(),
        Some(1),
        "the broken build must fail:\n{}",
        run.stderr
    );
    let after = read_dir_files(&built.output);
    assert!(before == after, "the output changed after a failed build");

    let mut leftovers: Vec<String> = std::fs::read_dir(built.dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        ["public", "site"],
        "a staging directory was left behind"
    );

    // The library entry point behaves the same.
    let failure = halong::build(&built.root, &built.output, &site.options())
        .expect_err("the broken site must fail");
    assert_eq!(
        error_lines(&failure.diagnostics),
        ["E0301 content/parks/park-alpha.yaml:3:7"]
    );
    assert!(
        read_dir_files(&built.output) == before,
        "halong::build changed the output"
    );
}

#[test]
fn all_errors_are_collected_in_one_run() {
    let errors = SiteTest::new()
        .with_file("content/parks/x.yaml", BAD_PARK)
        .with_file(
            "content/projects/widget-factory.yaml",
            &PROJECT.replace("sectors: [electronics]", "sectors: [electronix]"),
        )
        .build_errors();
    let lines = error_lines(&errors);
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines.contains(&"E0301 content/parks/x.yaml:3:7".to_string()),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("E0301 content/projects/widget-factory.yaml:3:")),
        "{lines:#?}"
    );
}

#[test]
fn with_a_public_email_each_park_offers_an_enquiry_naming_it_and_without_one_none() {
    let with_email = format!("{SITE_YAML}email: invest@example.test\n");
    let files = SiteTest::new().with_file("site.yaml", &with_email).build();
    let en = page(&files, "en/parks/park-beta/index.html");
    let vi = page(&files, "vi/parks/park-beta/index.html");
    assert!(
        en.contains(
            "mailto:invest@example.test?subject=Investment%20enquiry%3A%20Beta%20Industrial%20Park"
        ),
        "the English enquiry names the park in its subject"
    );
    assert!(
        vi.contains("mailto:invest@example.test?subject=") && vi.contains("B%C3%AA%20Ta"),
        "the Vietnamese enquiry names the park in Vietnamese"
    );
    // No address is ever made up: without one, the page says there is none.
    let files = SiteTest::new().build();
    assert!(!page(&files, "en/parks/park-beta/index.html").contains("mailto:"));
}

#[test]
fn the_visible_language_switcher_keeps_the_page() {
    let files = SiteTest::new()
        .with_base_url("https://host/portal/")
        .build();
    for (path, other_path) in [
        (
            "vi/parks/park-beta/index.html",
            "/portal/en/parks/park-beta/",
        ),
        (
            "en/parks/park-beta/index.html",
            "/portal/vi/parks/park-beta/",
        ),
        ("vi/compare/index.html", "/portal/en/compare/"),
        ("en/news/index.html", "/portal/vi/news/"),
    ] {
        let html = page(&files, path);
        let switcher = html
            .split("class=\"languages\"")
            .nth(1)
            .expect("a language switcher");
        let switcher = switcher.split("</nav>").next().unwrap();
        assert!(
            switcher.contains(&format!("href=\"{other_path}\"")),
            "{path}: the switcher does not link to {other_path}"
        );
        assert!(
            switcher.contains("aria-current=\"true\""),
            "{path}: the current language is marked"
        );
    }
}

#[test]
fn skip_leaves_out_charts_search_compare_and_data_and_nothing_else() {
    let site = SiteTest::new();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site.write_to(&root);
    let build = |name: &str, extra: &[&str]| {
        let output = dir.path().join(name);
        let mut args = vec!["build", "--root", root.to_str().unwrap()];
        args.extend(["--output", output.to_str().unwrap()]);
        args.extend(extra);
        let run = halong(&args);
        assert!(run.status.success(), "{}", run.stderr);
        read_dir_files(&output)
    };
    let full = build("full", &[]);
    let lean = build("lean", &["--skip", "charts,search,compare,data"]);
    let left_out: Vec<&String> = full
        .keys()
        .filter(|name| !lean.contains_key(*name))
        .collect();
    let expected = [
        "data/parks.csv",
        "data/parks.json",
        "data/zones.csv",
        "data/zones.json",
        "en/compare/index.html",
        "en/data/index.html",
        "en/search-index.json",
        "en/search/index.html",
        "vi/compare/index.html",
        "vi/data/index.html",
        "vi/search-index.json",
        "vi/search/index.html",
    ];
    assert_eq!(left_out, expected.iter().collect::<Vec<_>>());
    assert!(lean.keys().all(|name| full.contains_key(name)));
    for charted in ["en/index.html", "en/zones/test-zone/index.html"] {
        assert!(page(&full, charted).contains("<svg"), "{charted}");
        assert!(!page(&lean, charted).contains("<svg"), "{charted}");
    }
    assert!(!page(&lean, "sitemap.xml").contains("/compare/"));
    // The park's facts and prose are all still there.
    assert!(page(&lean, "en/parks/park-alpha/index.html").contains("714"));

    let wrong = halong(&["build", "--root", root.to_str().unwrap(), "--skip", "maps"]);
    assert!(!wrong.status.success());
    assert!(wrong.stderr.contains("charts"), "{}", wrong.stderr);
}

#[test]
fn the_compare_page_counts_the_parks_it_lists_in_both_languages() {
    let files = SiteTest::new().build();
    for (path, showing) in [
        (
            "en/compare/index.html",
            "Showing {n} of {n} industrial parks",
        ),
        ("vi/compare/index.html", "{n}/{n}"),
    ] {
        let html = page(&files, path);
        let rows = html.matches("<tr data-slug=").count();
        assert!(rows > 0, "{path} lists no park");
        let expected = showing.replace("{n}", &rows.to_string());
        let status = html
            .split("id=\"compare-status\"")
            .nth(1)
            .and_then(|rest| rest.split("</p>").next())
            .expect("a status line");
        assert!(
            status.contains(&expected),
            "{path}: the status line does not say `{expected}`: {status}"
        );
    }
}
