//! `halong init`: a neutral portal that passes `check --strict` and builds, with no real
//! province's facts; `halong init --example`: the bundled portal, which builds too.

mod common;

use std::path::Path;

use common::*;

/// Names of the bundled portal's province and its best-known city, in both spellings.
const PROVINCE_WORDS: &[&str] = &["Quảng Ninh", "Quang Ninh", "Hạ Long", "Ha Long"];

fn init(dir: &Path, example: bool) {
    let dir = dir.to_str().unwrap();
    let mut args = vec!["init", dir];
    if example {
        args.push("--example");
    }
    let run = halong(&args);
    assert!(run.status.success(), "init failed:\n{}", run.stderr);
}

fn texts(files: &Files) -> Vec<(&String, String)> {
    files
        .iter()
        .filter(|(path, _)| !path.ends_with(".ttf") && !path.ends_with(".woff2"))
        .map(|(path, bytes)| (path, String::from_utf8_lossy(bytes).into_owned()))
        .collect()
}

#[test]
fn init_starts_a_neutral_portal_that_passes_check_strict_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("portal");
    init(&root, false);

    let check = halong(&["check", "--strict", "--root", root.to_str().unwrap()]);
    assert!(
        check.status.success(),
        "check --strict failed:\n{}{}",
        check.stdout,
        check.stderr
    );
    let output = dir.path().join("public");
    let build = cli_build(&root, &output, None);
    assert!(build.status.success(), "build failed:\n{}", build.stderr);

    let written = read_dir_files(&root);
    let built = read_dir_files(&output);
    for (path, text) in texts(&written).into_iter().chain(texts(&built)) {
        for word in PROVINCE_WORDS {
            assert!(!text.contains(word), "{path} mentions {word}");
        }
    }
    // Facts and sources are the portal's own: every address in them is a placeholder.
    for (path, text) in texts(&written) {
        if path == "site.yaml" || path.starts_with("content/") {
            for url in text.split_whitespace().filter(|word| word.contains("://")) {
                let host = url.split("://").nth(1).unwrap().split('/').next().unwrap();
                let placeholder = host.trim_end_matches(',').chars().all(|c| c == '.');
                assert!(
                    placeholder || host == "example.org" || host.ends_with(".example.org"),
                    "{path} points at a real site: {url}"
                );
            }
            assert!(
                !text.contains("docs/"),
                "{path} points at docs/, which init does not write"
            );
        }
    }
    // One clearly fictional record per kind, each on its own page.
    for page_path in [
        "en/zones/example-zone/index.html",
        "en/parks/example-park/index.html",
        "en/clusters/example-cluster/index.html",
        "en/projects/example-project/index.html",
    ] {
        assert!(built.contains_key(page_path), "no {page_path}");
    }
    assert!(page(&built, "en/sources/index.html").contains("fictional"));
}

#[test]
fn init_example_writes_the_bundled_portal_which_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("example");
    init(&root, true);
    let written = read_dir_files(&root);
    let repository = repo();
    for path in [
        "site.yaml",
        "content/map/outline.geojson",
        "content/parks/cai-lan.yaml",
    ] {
        assert_eq!(
            written.get(path),
            Some(&std::fs::read(repository.join(path)).unwrap()),
            "{path} is the repository's own"
        );
    }
    let output = dir.path().join("public");
    let build = cli_build(&root, &output, None);
    assert!(build.status.success(), "build failed:\n{}", build.stderr);
    let built = read_dir_files(&output);
    assert!(built.contains_key("vi/parks/cai-lan/index.html"));
    let home = page(&built, "en/index.html");
    assert!(
        home.contains("id=\"chart-map\""),
        "the example draws its map"
    );
    assert!(home.contains("Outline: Natural Earth"));
}

#[test]
fn init_never_writes_into_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let run = halong(&["init", dir.path().to_str().unwrap()]);
    assert!(!run.status.success());
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert_eq!(read_dir_files(dir.path()).len(), 1);
}
