//! `serve`'s incremental rebuild ([`halong::Session`]): after a change only the files
//! that changed are read and validated again and only the pages it affects are
//! rendered, the edited ones first; the rest of the preview stays as it was, a change
//! that can affect every page rebuilds everything, and the result is always exactly
//! what a fresh build gives.

mod common;

use std::path::PathBuf;

use common::*;

fn read(built: &Built, path: &str) -> String {
    std::fs::read_to_string(built.output.join(path)).unwrap()
}

#[test]
fn editing_one_park_re_renders_its_pages_and_the_lists_but_not_other_parks() {
    let site = SiteTest::new();
    let built = site.build_to_dir();
    let mut session = halong::Session::open(&built.root, &built.output, &site.options());
    let total = read_dir_files(&built.output).len();
    let other_before = std::fs::metadata(built.output.join("en/parks/park-alpha/index.html"))
        .unwrap()
        .modified()
        .unwrap();

    let renamed = PARK_BETA.replace("Beta Industrial Park", "Gamma Industrial Park");
    std::fs::write(built.root.join("content/parks/park-beta.yaml"), renamed).unwrap();
    // `sed -i` and some editors also report their temporary file; it must not force
    // a full rebuild.
    let changed = [
        PathBuf::from("content/parks/sedAbC123"),
        PathBuf::from("content/parks/park-beta.yaml"),
    ];
    let rebuilt = session
        .rebuild(&changed, |_| {})
        .unwrap_or_else(|failure| panic!("{:?}", failure.diagnostics));

    // Home, lists, compare, search and data are shared; other records are not touched.
    assert!(
        rebuilt.rendered < total / 2,
        "rendered {} of {total} files",
        rebuilt.rendered
    );
    assert!(rebuilt.changed > 0);
    assert!(read(&built, "en/parks/park-beta/index.html").contains("Gamma Industrial Park"));
    assert!(
        read(&built, "en/parks/index.html").contains("Gamma"),
        "the park list shows the new name"
    );
    assert!(
        read(&built, "en/compare/index.html").contains("Gamma"),
        "so does the compare table"
    );
    let other_after = std::fs::metadata(built.output.join("en/parks/park-alpha/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(
        other_before, other_after,
        "another park's page was not rewritten"
    );
}

#[test]
fn a_template_change_rebuilds_every_page() {
    let site = SiteTest::new();
    let built = site.build_to_dir();
    let mut session = halong::Session::open(&built.root, &built.output, &site.options());
    // Every file on disk is a rendered page but the marker that says halong made it.
    let total = read_dir_files(&built.output)
        .keys()
        .filter(|path| *path != halong::output::MARKER)
        .count();
    let base = std::fs::read_to_string(built.root.join("templates/base.html")).unwrap();
    std::fs::write(
        built.root.join("templates/base.html"),
        base.replace("<body", "<body data-changed=\"yes\""),
    )
    .unwrap();
    let rebuilt = session
        .rebuild(&[PathBuf::from("templates/base.html")], |_| {})
        .unwrap_or_else(|failure| panic!("{:?}", failure.diagnostics));
    assert_eq!(rebuilt.rendered, total);
    assert!(read(&built, "en/parks/park-alpha/index.html").contains("data-changed=\"yes\""));
}

#[test]
fn a_broken_edit_writes_nothing_and_names_the_line() {
    let site = SiteTest::new();
    let built = site.build_to_dir();
    let mut session = halong::Session::open(&built.root, &built.output, &site.options());
    let before = read_dir_files(&built.output);
    std::fs::write(
        built.root.join("content/parks/park-beta.yaml"),
        "name: {vi: A, en: B}\nzone: nowhere\n",
    )
    .unwrap();
    let failure = session
        .rebuild(&[PathBuf::from("content/parks/park-beta.yaml")], |_| {})
        .expect_err("an unknown zone fails the rebuild");
    assert_eq!(
        error_lines(&failure.diagnostics),
        vec!["E0301 content/parks/park-beta.yaml:2:7".to_string()]
    );
    assert_eq!(
        read_dir_files(&built.output),
        before,
        "the last good preview is untouched"
    );
}

/// Builds the site at `root` from scratch into a fresh folder, for comparison.
fn fresh_build(root: &std::path::Path, options: &halong::Options) -> Files {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    halong::build(root, &output, options)
        .unwrap_or_else(|failure| panic!("{:?}", failure.diagnostics));
    read_dir_files(&output)
}

#[test]
fn a_session_after_a_series_of_edits_gives_exactly_the_files_of_a_fresh_build() {
    let site = SiteTest::new();
    let built = site.build_to_dir();
    let options = site.options();
    let mut session = halong::Session::open(&built.root, &built.output, &options);
    session.build().unwrap();
    let edits: [(&str, Option<String>); 7] = [
        (
            "content/parks/park-beta.yaml",
            Some(PARK_BETA.replace("value: 300", "value: 321")),
        ),
        (
            "content/parks/park-alpha.en.md",
            Some(
                site.text("content/parks/park-alpha.en.md")
                    .replace("A park in", "A large park in"),
            ),
        ),
        (
            "content/zones/test-zone.yaml",
            Some(ZONE.replace("Test Economic Zone", "Trial Economic Zone")),
        ),
        (
            "content/news/first-news.en.md",
            Some(NEWS_EN.replace("Test news", "Tested news")),
        ),
        // A new record, then the same record gone again.
        (
            "content/parks/park-gamma.yaml",
            Some(PARK_BETA.replace("Beta", "Gamma")),
        ),
        ("content/parks/park-gamma.yaml", None),
        (
            "content/sectors.yaml",
            Some(format!(
                "{SECTORS}chemicals: {{vi: Hoá chất, en: Chemicals}}\n"
            )),
        ),
    ];
    for (path, text) in edits {
        let file = built.root.join(path);
        match &text {
            Some(text) => std::fs::write(&file, text).unwrap(),
            None => std::fs::remove_file(&file).unwrap(),
        }
        session
            .rebuild(&[PathBuf::from(path)], |_| {})
            .unwrap_or_else(|failure| panic!("{path}: {:?}", failure.diagnostics));
        let preview = read_dir_files(&built.output);
        let fresh = fresh_build(&built.root, &options);
        let differing: Vec<&String> = fresh
            .keys()
            .chain(preview.keys())
            .filter(|name| fresh.get(*name) != preview.get(*name))
            .collect();
        assert!(
            differing.is_empty(),
            "after editing {path}, these differ from a fresh build: {differing:?}"
        );
    }
}

#[test]
fn the_edited_page_is_written_before_the_pages_that_list_it() {
    let site = SiteTest::new();
    let built = site.build_to_dir();
    let mut session = halong::Session::open(&built.root, &built.output, &site.options());
    let renamed = PARK_BETA.replace("Beta Industrial Park", "Gamma Industrial Park");
    std::fs::write(built.root.join("content/parks/park-beta.yaml"), renamed).unwrap();
    let mut seen_early = None;
    let rebuilt = session
        .rebuild(&[PathBuf::from("content/parks/park-beta.yaml")], |first| {
            seen_early = Some((
                first.rendered,
                read(&built, "en/parks/park-beta/index.html").contains("Gamma"),
                read(&built, "en/compare/index.html").contains("Gamma"),
            ));
        })
        .unwrap_or_else(|failure| panic!("{:?}", failure.diagnostics));
    // Both languages of the edited park, and nothing else yet.
    assert_eq!(seen_early, Some((2, true, false)));
    assert!(rebuilt.rendered > 2);
    assert!(read(&built, "en/compare/index.html").contains("Gamma"));
}

#[test]
fn a_session_checks_kept_records_again_when_what_they_cite_goes() {
    let site = SiteTest::new();
    let built = site.build_to_dir();
    let mut session = halong::Session::open(&built.root, &built.output, &site.options());
    session.build().unwrap();
    // No record file changes, but the source they all cite is renamed.
    std::fs::write(
        built.root.join("content/sources.yaml"),
        SOURCES.replace("src-one", "src-uno"),
    )
    .unwrap();
    let failure = session
        .rebuild(&[PathBuf::from("content/sources.yaml")], |_| {})
        .expect_err("the records cite a source that is gone");
    let lines = error_lines(&failure.diagnostics);
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with('E') && line.contains("content/parks/park-beta.yaml:4:")),
        "{lines:?}"
    );
}

#[test]
fn a_session_finds_a_link_broken_by_an_edit_of_the_page_it_points_to() {
    let site = SiteTest::new()
        .with_file(
            "content/parks/park-alpha.en.md",
            "---\nsummary: A test park.\n---\n## Location\n\nBy the sea.\n",
        )
        .with_file(
            "content/parks/park-beta.en.md",
            "---\nsummary: Beta park.\n---\nNext to [Song Khoai](@/parks/park-alpha#location).\n",
        );
    let built = site.build_to_dir();
    let mut session = halong::Session::open(&built.root, &built.output, &site.options());
    let anchor_warnings = |warnings: &[halong::Diagnostic]| -> Vec<String> {
        warnings
            .iter()
            .filter(|warning| warning.code == "W0603")
            .map(|warning| warning.file.display().to_string())
            .collect()
    };
    assert_eq!(
        anchor_warnings(&session.build().unwrap().warnings),
        Vec::<String>::new()
    );

    // Only park-alpha's file changes; the broken link is in park-beta's, which the
    // session does not validate again.
    let alpha = built.root.join("content/parks/park-alpha.en.md");
    std::fs::write(
        &alpha,
        "---\nsummary: A test park.\n---\n## Where\n\nBy the sea.\n",
    )
    .unwrap();
    let changed = [PathBuf::from("content/parks/park-alpha.en.md")];
    let rebuilt = session.rebuild(&changed, |_| {}).unwrap();
    assert_eq!(
        anchor_warnings(&rebuilt.warnings),
        vec!["content/parks/park-beta.en.md".to_string()]
    );

    std::fs::write(
        &alpha,
        "---\nsummary: A test park.\n---\n## Location\n\nBy the sea.\n",
    )
    .unwrap();
    let rebuilt = session.rebuild(&changed, |_| {}).unwrap();
    assert_eq!(anchor_warnings(&rebuilt.warnings), Vec::<String>::new());
}

#[test]
fn an_edit_saved_beside_a_broken_one_is_shown_once_the_broken_one_is_fixed() {
    let site = SiteTest::new();
    let built = site.build_to_dir();
    let mut session = halong::Session::open(&built.root, &built.output, &site.options());
    session.build().unwrap();
    let alpha = PARK_ALPHA.replace("value: 714", "value: 777");
    std::fs::write(built.root.join("content/parks/park-alpha.yaml"), alpha).unwrap();
    std::fs::write(
        built.root.join("content/parks/park-beta.yaml"),
        "name: {vi: A, en: B}\nzone: nowhere\n",
    )
    .unwrap();
    let both = [
        PathBuf::from("content/parks/park-alpha.yaml"),
        PathBuf::from("content/parks/park-beta.yaml"),
    ];
    session
        .rebuild(&both, |_| {})
        .expect_err("park-beta is broken");
    assert!(!read(&built, "en/parks/park-alpha/index.html").contains("777"));

    // Only park-beta is saved again; park-alpha's edit must reach the preview too.
    std::fs::write(built.root.join("content/parks/park-beta.yaml"), PARK_BETA).unwrap();
    session
        .rebuild(&[PathBuf::from("content/parks/park-beta.yaml")], |_| {})
        .unwrap_or_else(|failure| panic!("{:?}", failure.diagnostics));
    assert!(read(&built, "en/parks/park-alpha/index.html").contains("777"));
    assert_eq!(
        read_dir_files(&built.output),
        fresh_build(&built.root, &site.options())
    );
}

#[test]
fn a_park_moved_to_another_zone_leaves_the_old_zone_page() {
    let site = SiteTest::new().with_file(
        "content/zones/other-zone.yaml",
        &ZONE.replace("Test Economic Zone", "Other Economic Zone"),
    );
    let built = site.build_to_dir();
    let mut session = halong::Session::open(&built.root, &built.output, &site.options());
    session.build().unwrap();
    assert!(read(&built, "en/zones/test-zone/index.html").contains("Song Khoai"));
    let moved = PARK_ALPHA.replace("zone: test-zone", "zone: other-zone");
    std::fs::write(built.root.join("content/parks/park-alpha.yaml"), moved).unwrap();
    let rebuilt = session
        .rebuild(&[PathBuf::from("content/parks/park-alpha.yaml")], |_| {})
        .unwrap_or_else(|failure| panic!("{:?}", failure.diagnostics));
    assert!(!read(&built, "en/zones/test-zone/index.html").contains("Song Khoai"));
    assert!(read(&built, "en/zones/other-zone/index.html").contains("Song Khoai"));
    assert_eq!(
        read_dir_files(&built.output),
        fresh_build(&built.root, &site.options())
    );
    // Only the zones it left and joined, not every zone and project page.
    let total = read_dir_files(&built.output).len();
    assert!(
        rebuilt.rendered < total / 2,
        "{} of {total}",
        rebuilt.rendered
    );
}

#[test]
fn after_a_failed_first_build_the_next_rebuild_writes_every_page() {
    let site = SiteTest::new();
    let built = site.build_to_dir();
    // The preview folder holds another portal's pages, and the first build fails.
    let stale = built.output.join("en/parks/park-alpha/index.html");
    std::fs::write(&stale, "stale").unwrap();
    let beta = built.root.join("content/parks/park-beta.yaml");
    std::fs::write(&beta, "name: {vi: A, en: B}\nzone: nowhere\n").unwrap();
    let mut session = halong::Session::open(&built.root, &built.output, &site.options());
    session.build().expect_err("park-beta is broken");
    std::fs::write(&beta, PARK_BETA).unwrap();
    session
        .rebuild(&[PathBuf::from("content/parks/park-beta.yaml")], |_| {})
        .unwrap_or_else(|failure| panic!("{:?}", failure.diagnostics));
    assert_eq!(
        read_dir_files(&built.output),
        fresh_build(&built.root, &site.options())
    );
}

/// Edits each of which changes what a record contributes to the pages and files that
/// cover every record (compare and list rows, search entries, open data records),
/// which `serve` keeps between rebuilds: after each, the preview is exactly what a
/// fresh build gives.
#[test]
fn rows_entries_and_data_records_kept_between_rebuilds_follow_every_edit() {
    let two_sources = format!(
        "{SOURCES}- id: src-two\n  title: The second source\n  publisher: Another publisher\n  date: 2025-03-04\n  language: en\n"
    );
    let site = SiteTest::new().with_file("content/sources.yaml", &two_sources);
    let built = site.build_to_dir();
    let options = site.options();
    let mut session = halong::Session::open(&built.root, &built.output, &options);
    session.build().unwrap();
    let beta_row = |built: &Built| {
        let compare = read(built, "en/compare/index.html");
        let start = compare.find("data-slug=\"park-beta\"").expect("beta's row");
        let end = start + compare[start..].find("</tr>").expect("the row's end");
        compare[start..end].to_string()
    };
    assert!(
        beta_row(&built).contains("#cite-1\""),
        "{}",
        beta_row(&built)
    );
    let edits: [(&str, String); 6] = [
        // Park Alpha's first figure now cites the second source, which the compare
        // table then numbers first: Park Beta's row, which did not change, shows its
        // source under another number.
        (
            "content/parks/park-alpha.yaml",
            PARK_ALPHA.replacen("source: src-one", "source: src-two", 1),
        ),
        // A new name: its rows, its search entry, its data records.
        (
            "content/parks/park-beta.yaml",
            PARK_BETA.replace("Beta Industrial Park", "Gamma Industrial Park"),
        ),
        // Into the zone: the zone's data record lists it, its rows name the zone.
        (
            "content/parks/park-beta.yaml",
            PARK_BETA.replace("status: planned", "status: planned\nzone: test-zone"),
        ),
        // A new summary: its search entry.
        (
            "content/parks/park-alpha.en.md",
            site.text("content/parks/park-alpha.en.md")
                .replace("A test park.", "A renamed summary."),
        ),
        // The zone's new name is in its parks' rows and search entries.
        (
            "content/zones/test-zone.yaml",
            ZONE.replace("Test Economic Zone", "Trial Economic Zone"),
        ),
        // And back out of the zone.
        ("content/parks/park-beta.yaml", PARK_BETA.to_string()),
    ];
    for (step, (path, text)) in edits.iter().enumerate() {
        std::fs::write(built.root.join(path), text).unwrap();
        session
            .rebuild(&[PathBuf::from(path)], |_| {})
            .unwrap_or_else(|failure| panic!("{path}: {:?}", failure.diagnostics));
        if step == 0 {
            assert!(
                beta_row(&built).contains("#cite-2\""),
                "{}",
                beta_row(&built)
            );
        }
        let preview = read_dir_files(&built.output);
        let fresh = fresh_build(&built.root, &options);
        let differing: Vec<&String> = fresh
            .keys()
            .chain(preview.keys())
            .filter(|name| fresh.get(*name) != preview.get(*name))
            .collect();
        assert!(
            differing.is_empty(),
            "after edit {step} ({path}), these differ from a fresh build: {differing:?}"
        );
    }
    for (file, shown) in [
        ("en/search-index.json", "A renamed summary."),
        ("data/parks.csv", "test-zone"),
        ("vi/search-index.json", "khu kinh te thu"),
    ] {
        assert!(read(&built, file).contains(shown), "{file} lacks {shown}");
    }
}
