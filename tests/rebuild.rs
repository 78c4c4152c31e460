//! `serve`'s incremental rebuild: after a change only the pages it affects are
//! rendered, the rest of the preview stays as it was, and a change that can affect
//! every page rebuilds everything.

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
    let rebuilt = halong::rebuild(&built.root, &built.output, &site.options(), &changed)
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
    let total = read_dir_files(&built.output).len();
    let base = std::fs::read_to_string(built.root.join("templates/base.html")).unwrap();
    std::fs::write(
        built.root.join("templates/base.html"),
        base.replace("<body", "<body data-changed=\"yes\""),
    )
    .unwrap();
    let rebuilt = halong::rebuild(
        &built.root,
        &built.output,
        &site.options(),
        &[PathBuf::from("templates/base.html")],
    )
    .unwrap_or_else(|failure| panic!("{:?}", failure.diagnostics));
    assert_eq!(rebuilt.rendered, total);
    assert!(read(&built, "en/parks/park-alpha/index.html").contains("data-changed=\"yes\""));
}

#[test]
fn a_broken_edit_writes_nothing_and_names_the_line() {
    let site = SiteTest::new();
    let built = site.build_to_dir();
    let before = read_dir_files(&built.output);
    std::fs::write(
        built.root.join("content/parks/park-beta.yaml"),
        "name: {vi: A, en: B}\nzone: nowhere\n",
    )
    .unwrap();
    let failure = halong::rebuild(
        &built.root,
        &built.output,
        &site.options(),
        &[PathBuf::from("content/parks/park-beta.yaml")],
    )
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
