//! What a build leaves for the host: the web-server files `site.yaml` asks for
//! (`options.host_files`), and for a site under a sub-path, where crawlers look for
//! robots.txt. (tests/nginx.rs serves a build with the guide's nginx configuration.)

mod common;

use common::*;

fn with_host_files(list: &str) -> SiteTest {
    SiteTest::new().with_file(
        "site.yaml",
        &format!("{SITE_YAML}options:\n  host_files: {list}\n"),
    )
}

#[test]
fn no_server_file_is_written_unless_site_yaml_asks_for_one() {
    let files = SiteTest::new().build();
    for name in [".htaccess", "_headers", "_redirects"] {
        assert!(!files.contains_key(name), "{name}");
    }
    let files = with_host_files("[apache]").build();
    assert!(files.contains_key(".htaccess"));
    assert!(!files.contains_key("_headers"));
}

#[test]
fn the_htaccess_sets_charset_types_a_404_page_per_language_and_caching_under_the_base_path() {
    for (base, root) in [
        ("https://example.test/", "/"),
        ("https://example.test/portal/", "/portal/"),
    ] {
        let files = with_host_files("[apache]").with_base_url(base).build();
        let htaccess = page(&files, ".htaccess");
        for line in [
            "AddDefaultCharset utf-8".to_string(),
            "AddType text/csv .csv".to_string(),
            "ForceType \"application/atom+xml; charset=utf-8\"".to_string(),
            format!("ErrorDocument 404 {root}404.html"),
            format!("<If \"%{{REQUEST_URI}} =~ m#^{root}en/#\">\n  ErrorDocument 404 {root}en/404.html"),
            format!("<If \"%{{REQUEST_URI}} =~ m#^{root}vi/#\">\n  ErrorDocument 404 {root}vi/404.html"),
            "<FilesMatch \"\\.(woff2|woff|ttf)$\">\n    Header set Cache-Control \"max-age=2592000\"".to_string(),
            "Header set Cache-Control \"no-cache\"".to_string(),
            "RedirectMatch 404 /\\.".to_string(),
        ] {
            assert!(htaccess.contains(&line), "{base}: no `{line}` in\n{htaccess}");
        }
        for language in ["vi", "en"] {
            assert!(files.contains_key(&format!("{language}/404.html")));
        }
        let charsets = htaccess
            .lines()
            .find(|line| line.starts_with("AddCharset utf-8"))
            .unwrap();
        for extension in [
            ".html", ".css", ".js", ".json", ".xml", ".csv", ".svg", ".txt",
        ] {
            assert!(
                charsets.split_whitespace().any(|word| word == extension),
                "{extension}"
            );
        }
    }
}

#[test]
fn netlify_files_give_each_static_file_its_cache_time_and_each_language_its_404_page() {
    let files = with_host_files("[netlify, apache]")
        .with_base_url("https://example.test/portal/")
        .build();
    let headers = page(&files, "_headers");
    // Every rule names a file of the build (or everything below the site).
    let rules: Vec<&str> = headers
        .lines()
        .filter(|line| line.starts_with('/'))
        .collect();
    assert!(rules.contains(&"/portal/*"));
    for rule in &rules {
        if *rule == "/portal/*" {
            continue;
        }
        let file = rule.strip_prefix("/portal/").unwrap();
        assert!(
            files.contains_key(file),
            "`{rule}` names no file of the build"
        );
    }
    let block = |rule: &str| {
        let start = headers
            .find(&format!("{rule}\n"))
            .unwrap_or_else(|| panic!("no rule {rule}"));
        headers[start..].lines().nth(1).unwrap().trim().to_string()
    };
    assert_eq!(
        block("/portal/fonts/BeVietnamPro-Regular.woff2"),
        "Cache-Control: max-age=2592000"
    );
    assert_eq!(block("/portal/style.css"), "Cache-Control: max-age=3600");
    assert_eq!(
        block("/portal/data/parks.csv"),
        "Content-Type: text/csv; charset=utf-8"
    );
    assert_eq!(
        block("/portal/en/atom.xml"),
        "Content-Type: application/atom+xml; charset=utf-8"
    );
    // One value per header and file: hosts join repeated values with commas.
    let mut seen = std::collections::BTreeSet::new();
    assert!(
        rules.iter().all(|rule| seen.insert(*rule)),
        "a path listed twice"
    );

    let redirects = page(&files, "_redirects");
    let lines: Vec<&str> = redirects
        .lines()
        .filter(|line| !line.starts_with('#'))
        .collect();
    assert_eq!(
        lines,
        [
            "/portal/vi/*  /portal/vi/404.html  404",
            "/portal/en/*  /portal/en/404.html  404"
        ]
    );
}

#[test]
fn an_unknown_host_file_is_an_error_on_its_line() {
    let errors = with_host_files("[apache, iis]").build_errors();
    assert_eq!(error_lines(&errors), ["E0209 site.yaml:7:24"]);
}

#[test]
fn a_site_under_a_sub_path_says_where_crawlers_read_robots_txt() {
    let files = SiteTest::new().build();
    assert_eq!(
        page(&files, "robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.test/sitemap.xml\n"
    );
    let site = SiteTest::new().with_base_url("https://example.test/portal/");
    let files = site.build();
    let robots = page(&files, "robots.txt");
    assert!(
        robots.contains("https://example.test/robots.txt"),
        "{robots}"
    );
    assert!(
        robots.ends_with("Sitemap: https://example.test/portal/sitemap.xml\n"),
        "{robots}"
    );

    // And the build says so to whoever runs it.
    let built = site.build_to_dir();
    let run = cli_build(
        &built.root,
        &built.dir.path().join("again"),
        Some("https://example.test/portal/"),
    );
    assert!(run.status.success(), "{}", run.stderr);
    assert!(
        run.stderr.contains("note: built for the sub-path /portal/")
            && run
                .stderr
                .contains("add `Sitemap: https://example.test/portal/sitemap.xml` to that file"),
        "{}",
        run.stderr
    );
    let run = cli_build(&built.root, &built.dir.path().join("root"), None);
    assert!(!run.stderr.contains("note:"), "{}", run.stderr);
}
