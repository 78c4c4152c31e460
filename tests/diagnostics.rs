//! Diagnostics for bad input.
//!
//! `tests/bad-input/<case>/` holds the files that differ from the minimal fixture
//! site (paths relative to the site root; they are added or replace the fixture's)
//! and `expected.txt`: one `CODE file:line:column` line per expected error, optionally
//! followed by ` | ` and words the error's message must contain (blank lines and `#`
//! comments are ignored). Warnings are not compared.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn corpus() -> PathBuf {
    repo().join("tests/bad-input")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("tests/bad-input exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

/// The fixture with a case's files laid over it.
fn site_for(case: &Path) -> SiteTest {
    let mut site = SiteTest::new();
    let mut stack = vec![case.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(case)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if relative == "expected.txt" {
                continue;
            }
            site = site.with_bytes(&relative, &std::fs::read(&path).unwrap());
        }
    }
    site
}

fn expected(case: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(case.join("expected.txt"))
        .unwrap_or_else(|_| panic!("{} has no expected.txt", case.display()));
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// An expected line: `CODE file:line:column` and the words its message must contain.
fn split_expected(line: &str) -> (String, Option<String>) {
    match line.split_once(" | ") {
        Some((location, words)) => (location.trim().to_string(), Some(words.trim().to_string())),
        None => (line.to_string(), None),
    }
}

/// Runs one case; returns a readable report of any mismatch.
fn run_case(case: &Path) -> Option<String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let site = site_for(case);
    let outcome = std::panic::catch_unwind(|| site.try_build().err());
    let expected_lines = expected(case);
    let failure = match outcome {
        Err(_) => return Some(format!("{name}: the build panicked")),
        Ok(None) => {
            return Some(format!(
                "{name}: the build succeeded; expected:\n    {}",
                expected_lines.join("\n    ")
            ))
        }
        Ok(Some(failure)) => failure,
    };
    let mut want: Vec<(String, Option<String>)> = expected_lines
        .iter()
        .map(|line| split_expected(line))
        .collect();
    let errors: Vec<&Diagnostic> = failure
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    let mut got: Vec<(String, &str)> = error_lines(&failure.diagnostics)
        .into_iter()
        .zip(errors.iter().map(|d| d.message.as_str()))
        .collect();
    want.sort();
    got.sort();
    let matches = want.len() == got.len()
        && want
            .iter()
            .zip(&got)
            .all(|((location, words), (got_location, message))| {
                location == got_location
                    && words
                        .as_ref()
                        .is_none_or(|words| message.contains(words.as_str()))
            });
    if matches {
        return None;
    }
    let mut report = format!("{name}:\n");
    for (location, words) in &want {
        let found = got.iter().any(|(got_location, message)| {
            got_location == location
                && words
                    .as_ref()
                    .is_none_or(|words| message.contains(words.as_str()))
        });
        if !found {
            let words = words
                .as_ref()
                .map(|w| format!(" | {w}"))
                .unwrap_or_default();
            report.push_str(&format!("  - expected {location}{words}\n"));
        }
    }
    for (location, message) in &got {
        if !want
            .iter()
            .any(|(want_location, _)| want_location == location)
        {
            report.push_str(&format!("  + got      {location} | {message}\n"));
        }
    }
    report.push_str(&indent(&halong::diagnostics::render_human(
        &failure.diagnostics,
        &failure.texts,
    )));
    Some(report)
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    | {line}\n")).collect()
}

#[test]
fn the_fixture_itself_builds_without_errors() {
    // Otherwise every corpus case would fail for the wrong reason.
    SiteTest::new().build();
}

#[test]
fn every_bad_input_case_gives_exactly_the_expected_diagnostics() {
    let cases = cases();
    assert!(
        cases.len() >= 20,
        "the corpus has only {} cases",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        if let Some(report) = run_case(case) {
            failures.push(report);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ (- expected, + got):\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn an_unknown_field_suggests_the_nearest_known_one() {
    let site = site_for(&corpus().join("unknown-field"));
    let errors = site.build_errors();
    let unknown = errors
        .iter()
        .find(|d| d.code == "E0104")
        .expect("an E0104 diagnostic");
    assert!(unknown.message.contains("stauts"), "{}", unknown.message);
    assert_eq!(
        unknown.help.as_deref(),
        Some("did you mean `status`?"),
        "help of {unknown:?}"
    );
}

#[test]
fn an_unknown_reference_suggests_the_nearest_slug() {
    let site = SiteTest::new().with_file(
        "content/parks/park-beta.yaml",
        "name: {vi: Bê Ta, en: Beta}\nzone: test-zon\n",
    );
    let errors = site.build_errors();
    assert_eq!(
        error_lines(&errors),
        ["E0301 content/parks/park-beta.yaml:2:7"]
    );
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `test-zone`?"));
}

#[test]
fn every_error_has_a_message_and_help() {
    for case in cases() {
        let Some(failure) = site_for(&case).try_build().err() else {
            continue;
        };
        for diagnostic in failure.diagnostics.iter().filter(|d| d.is_error()) {
            assert!(
                !diagnostic.message.trim().is_empty(),
                "{case:?}: {diagnostic:?}"
            );
            assert!(
                diagnostic
                    .help
                    .as_deref()
                    .is_some_and(|h| !h.trim().is_empty()),
                "{}: {} has no help line: {}",
                case.file_name().unwrap().to_string_lossy(),
                diagnostic.code,
                diagnostic.message
            );
        }
    }
}

#[test]
fn human_output_shows_the_offending_line_with_a_caret_under_the_column() {
    let site = site_for(&corpus().join("unknown-zone"));
    let failure = site.try_build().expect_err("unknown zone must fail");
    let printed = halong::diagnostics::render_human(&failure.diagnostics, &failure.texts);
    assert!(printed.contains("error[E0301]"), "{printed}");
    assert!(
        printed.contains("--> content/parks/park-beta.yaml:3:7"),
        "{printed}"
    );
    assert!(printed.contains("3 | zone: nowhere\n"), "{printed}");
    assert!(
        printed.contains("  |       ^\n"),
        "the caret is not under column 7:\n{printed}"
    );
}

#[test]
fn check_reports_the_same_diagnostics_as_build() {
    let dir = tempfile::tempdir().unwrap();
    let site = site_for(&corpus().join("part-larger-than-whole"));
    site.write_to(dir.path());
    let (diagnostics, texts, model) = halong::check(dir.path(), &site.options());
    assert!(model.is_none(), "check returned a site despite errors");
    let expected: Vec<String> = expected(&corpus().join("part-larger-than-whole"))
        .iter()
        .map(|line| split_expected(line).0)
        .collect();
    assert_eq!(error_lines(&diagnostics), expected);
    assert!(texts.contains_key(Path::new("content/parks/park-beta.yaml")));
}

#[test]
fn check_strict_fails_on_a_warning_and_plain_check_does_not() {
    let dir = tempfile::tempdir().unwrap();
    // A figure without a source is a warning (W0201), not an error.
    SiteTest::new()
        .with_file(
            "content/parks/park-beta.yaml",
            "name: {vi: Bê Ta, en: Beta}\nfacts:\n  total_area: 300\n",
        )
        .write_to(dir.path());
    let root = dir.path().to_str().unwrap();
    let plain = halong(&["check", "--root", root]);
    assert_eq!(
        plain.status.code(),
        Some(0),
        "{}{}",
        plain.stdout,
        plain.stderr
    );
    let strict = halong(&["check", "--root", root, "--strict"]);
    assert_eq!(
        strict.status.code(),
        Some(1),
        "{}{}",
        strict.stdout,
        strict.stderr
    );
    assert!(
        format!("{}{}", strict.stdout, strict.stderr).contains("W0201"),
        "the warning is not printed"
    );
}
