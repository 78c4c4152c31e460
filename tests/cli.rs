//! The command line as people and scripts meet it: what goes to standard output and
//! what to standard error, colour and progress only where they belong, Zola's short
//! flags, `--quiet`, completions and the manual page, drafts, `new` and `init`.

mod common;

use std::path::Path;

use common::*;

/// The fixture on disk, with a site folder and room for an output beside it.
fn site_on_disk(site: &SiteTest) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site.write_to(&root);
    let output = dir.path().join("public");
    (
        dir,
        root.to_str().unwrap().to_string(),
        output.to_str().unwrap().to_string(),
    )
}

const ESCAPE: char = '\u{1b}';

/// A park whose zone does not exist: an error with a line to show.
const BROKEN_PARK: &str = "name: {vi: Khu X, en: Park X}\nzone: nowhere\n";

/// A park with a figure without a source: a warning, and a line in the report.
const UNSOURCED_PARK: &str = "name: {vi: Bê Ta, en: Beta}\nfacts:\n  total_area: 300\n";

#[test]
fn piped_output_has_no_colour_or_bar_and_color_always_has_colour() {
    let site = SiteTest::new().with_file("content/parks/park-x.yaml", BROKEN_PARK);
    let (_dir, root, output) = site_on_disk(&site);
    let piped = halong_env(&["build", "--root", &root, "--output", &output], &[]);
    assert_eq!(piped.status.code(), Some(1));
    assert!(piped.stderr.contains("error[E0301]"), "{}", piped.stderr);
    for (stream, text) in [("stdout", &piped.stdout), ("stderr", &piped.stderr)] {
        assert!(
            !text.contains(ESCAPE),
            "escape codes on piped {stream}: {text:?}"
        );
        // A bar redraws its line with carriage returns; a log gets whole lines.
        assert!(
            !text.contains('\r'),
            "a progress bar on piped {stream}: {text:?}"
        );
    }

    let coloured = halong_env(
        &[
            "build", "--root", &root, "--output", &output, "--color", "always",
        ],
        &[],
    );
    assert!(
        coloured.stderr.contains(&format!("{ESCAPE}[")),
        "--color always gave no colour: {:?}",
        coloured.stderr
    );
    // NO_COLOR turns it off; an explicit --color always still wins over it.
    let no_color = halong_env(
        &["build", "--root", &root, "--output", &output],
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "0")],
    );
    assert!(!no_color.stderr.contains(ESCAPE), "{:?}", no_color.stderr);
    let never = halong_env(
        &[
            "build",
            "--root",
            &root,
            "--output",
            &output,
            "--color=never",
        ],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(!never.stderr.contains(ESCAPE), "{:?}", never.stderr);
}

#[test]
fn a_build_logs_its_stages_then_a_summary_and_quiet_prints_nothing() {
    let (_dir, root, output) = site_on_disk(&SiteTest::new());
    let run = halong_env(&["build", "-r", &root, "-o", &output], &[]);
    assert!(run.status.success(), "{}", run.stderr);
    for stage in ["reading the site", "checking ", "rendering "] {
        assert!(
            run.stderr.contains(stage),
            "no `{stage}` line in {:?}",
            run.stderr
        );
    }
    let summary = run.stdout.trim();
    assert!(summary.starts_with("built "), "{summary}");
    assert!(
        summary.contains("pages in vi") && summary.contains(" in en"),
        "pages per language: {summary}"
    );
    assert!(summary.contains("other files"), "{summary}");
    assert!(summary.contains("no warnings"), "{summary}");
    assert!(!run.stderr.contains("stage timings"), "{}", run.stderr);

    let verbose = halong_env(&["build", "-r", &root, "-o", &output, "-v"], &[]);
    assert!(verbose.status.success(), "{}", verbose.stderr);
    for stage in [
        "stage timings:",
        "read ",
        "validate ",
        "render and write ",
        "swap ",
    ] {
        assert!(
            verbose.stderr.contains(stage),
            "no `{stage}` in {:?}",
            verbose.stderr
        );
    }

    let quiet = halong_env(&["build", "-q", "-r", &root, "-o", &output], &[]);
    assert!(quiet.status.success(), "{}", quiet.stderr);
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));

    let conflicting = halong_env(&["build", "-q", "-v", "-r", &root, "-o", &output], &[]);
    assert_eq!(conflicting.status.code(), Some(2), "{}", conflicting.stderr);
}

#[test]
fn zola_s_short_flags_set_root_output_base_url_and_force() {
    let (dir, root, _) = site_on_disk(&SiteTest::new());
    let foreign = dir.path().join("elsewhere");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let foreign = foreign.to_str().unwrap();
    let refused = halong(&["build", "-r", &root, "-o", foreign]);
    assert_eq!(refused.status.code(), Some(1), "{}", refused.stderr);
    let run = halong(&[
        "build",
        "-r",
        &root,
        "-o",
        foreign,
        "-u",
        "https://host.example/portal/",
        "-f",
    ]);
    assert!(run.status.success(), "{}", run.stderr);
    let home = std::fs::read_to_string(Path::new(foreign).join("en/index.html")).unwrap();
    assert!(
        home.contains("https://host.example/portal/en/"),
        "the base URL"
    );
    assert!(!Path::new(foreign).join("notes.txt").exists());
}

#[test]
fn check_prints_its_report_on_stdout_and_diagnostics_on_stderr() {
    let site = SiteTest::new().with_file("content/parks/park-beta.yaml", UNSOURCED_PARK);
    let (_dir, root, _) = site_on_disk(&site);
    let run = halong(&["check", "-r", &root]);
    assert!(run.status.success(), "{}", run.stderr);
    assert!(
        run.stdout.contains("translation coverage:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("figures without a source: 1\n    content/parks/park-beta.yaml: total_area"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("W0201"),
        "a diagnostic on stdout: {}",
        run.stdout
    );
    assert!(run.stderr.contains("warning[W0201]"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("translation coverage"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_as_json_lines_gives_each_diagnostic_then_the_report() {
    let site = SiteTest::new().with_file("content/parks/park-beta.yaml", UNSOURCED_PARK);
    let (_dir, root, _) = site_on_disk(&site);
    let run = halong(&[
        "check",
        "-r",
        &root,
        "--format",
        "json",
        "--as-of",
        "2026-01-02",
    ]);
    assert!(run.status.success(), "{}", run.stderr);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    let (report, diagnostics) = lines.split_last().expect("at least the report");
    assert!(diagnostics.iter().all(|line| line["type"] == "diagnostic"));
    let warning = diagnostics
        .iter()
        .find(|line| line["code"] == "W0201")
        .expect("the warning");
    assert_eq!(warning["file"], "content/parks/park-beta.yaml");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(report["type"], "report");
    assert_eq!(
        (report["errors"].as_u64(), report["warnings"].as_u64()),
        (Some(0), Some(diagnostics.len() as u64))
    );
    assert_eq!(
        report["unsourced"],
        serde_json::json!([{"file": "content/parks/park-beta.yaml", "key": "total_area"}])
    );
    let coverage = report["coverage"].as_array().unwrap();
    assert_eq!(coverage[0]["language"], "vi");
    assert_eq!(coverage[0]["records"], 4);
    assert_eq!(report["stale_after_days"], 1095);
    // The fixture's figures are dated 2025-01-02: a year old on 2026-01-02, not stale.
    assert_eq!(report["stale"], serde_json::json!([]));
    let later = halong(&[
        "check",
        "-r",
        &root,
        "--format",
        "json",
        "--as-of",
        "2028-06-30",
    ]);
    let report: serde_json::Value =
        serde_json::from_str(later.stdout.lines().last().unwrap()).unwrap();
    let stale = report["stale"].as_array().unwrap();
    assert!(
        stale
            .iter()
            .any(|figure| figure["file"] == "content/parks/park-alpha.yaml"
                && figure["key"] == "total_area"
                && figure["as_of"] == "2025-01-02"
                && figure["days_old"] == 1275),
        "{stale:?}"
    );

    // With errors there is no model to report on: only the counts.
    let broken = SiteTest::new().with_file("content/parks/park-x.yaml", BROKEN_PARK);
    let (_dir, root, _) = site_on_disk(&broken);
    let run = halong(&["check", "-r", &root, "--format", "json"]);
    assert_eq!(run.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(report["type"], "report");
    assert_eq!(report["errors"], 1);
    assert!(report.get("coverage").is_none(), "{report}");
}

#[test]
fn established_and_other_dates_of_record_are_never_stale() {
    let park = "\
name: {vi: Bê Ta, en: Beta}
facts:
  total_area: {value: 300, unit: ha, source: src-one, as_of: 2010-01-02}
  established: {value: {vi: Quyết định 1, en: Decision 1}, source: src-one, as_of: 2010-01-02}
";
    let site = SiteTest::new().with_file("content/parks/park-beta.yaml", park);
    let (_dir, root, _) = site_on_disk(&site);
    let run = halong(&["check", "-r", &root, "--as-of", "2026-01-02"]);
    assert!(run.status.success(), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("content/parks/park-beta.yaml: total_area (as of 2010-01-02"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("established"), "{}", run.stdout);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let draft = "---\ntitle: Draft\ndate: 2025-01-03\nsummary: Not yet.\nsource: src-one\ndraft: true\n---\nText.\n";
    let site = SiteTest::new()
        .with_file(
            "content/news/coming-soon.vi.md",
            &draft.replace("Draft", "Nháp"),
        )
        .with_file("content/news/coming-soon.en.md", draft);
    let (_dir, root, output) = site_on_disk(&site);
    let page = Path::new(&output).join("en/news/coming-soon/index.html");

    let run = halong(&["build", "-r", &root, "-o", &output]);
    assert!(run.status.success(), "{}", run.stderr);
    assert!(!page.exists(), "a draft was published");
    let feed = std::fs::read_to_string(Path::new(&output).join("en/atom.xml")).unwrap();
    assert!(!feed.contains("coming-soon"), "a draft is in the feed");

    let run = halong(&["build", "-r", &root, "-o", &output, "--drafts"]);
    assert!(run.status.success(), "{}", run.stderr);
    assert!(page.exists(), "--drafts left the draft out");

    // check counts the draft only with --drafts (one news item and one page without).
    let plain = halong(&["check", "-r", &root]);
    assert!(
        plain
            .stdout
            .contains("  en: records 4/4, news and pages 2/2"),
        "{}",
        plain.stdout
    );
    let drafts = halong(&["check", "-r", &root, "--drafts"]);
    assert!(
        drafts
            .stdout
            .contains("  en: records 4/4, news and pages 3/3"),
        "{}",
        drafts.stdout
    );
}

#[test]
fn init_refuses_a_folder_with_anything_in_it_and_new_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let taken = dir.path().join("taken");
    std::fs::create_dir_all(&taken).unwrap();
    std::fs::write(taken.join("notes.txt"), "keep me").unwrap();
    let run = halong(&["init", taken.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1), "{}", run.stdout);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(taken.join("notes.txt")).unwrap(),
        "keep me"
    );
    assert!(!taken.join("site.yaml").exists());

    let portal = dir.path().join("portal");
    let run = halong(&["init", portal.to_str().unwrap()]);
    assert!(run.status.success(), "{}", run.stderr);
    assert!(portal.join("site.yaml").is_file());
    let root = portal.to_str().unwrap();

    let run = halong(&["new", "park", "new-park", "-r", root]);
    assert!(run.status.success(), "{}", run.stderr);
    let facts = portal.join("content/parks/new-park.yaml");
    assert!(
        run.stdout.contains("created content/parks/new-park.yaml"),
        "{}",
        run.stdout
    );
    std::fs::write(&facts, "name: {vi: Của tôi, en: Mine}\n").unwrap();
    let prose = portal.join("content/parks/new-park.en.md");
    std::fs::remove_file(&prose).unwrap();

    // One of its files is gone, the others are edited: nothing is written at all.
    let again = halong(&["new", "park", "new-park", "-r", root]);
    assert_eq!(again.status.code(), Some(1), "{}", again.stdout);
    assert!(
        again
            .stderr
            .contains("content/parks/new-park.yaml already exists"),
        "{}",
        again.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&facts).unwrap(),
        "name: {vi: Của tôi, en: Mine}\n"
    );
    assert!(!prose.exists(), "new wrote a file of a slug that was taken");
}

#[test]
fn new_news_is_dated_today_and_says_what_news_needs() {
    let dir = tempfile::tempdir().unwrap();
    SiteTest::new().write_to(dir.path());
    let run = halong(&[
        "new",
        "news",
        "port-opens",
        "--root",
        dir.path().to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", run.stderr);
    assert!(
        run.stdout.contains("title") && run.stdout.contains("draft: true"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("facts"),
        "news has no facts: {}",
        run.stdout
    );
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        / 86_400;
    for language in ["vi", "en"] {
        let text = std::fs::read_to_string(
            dir.path()
                .join(format!("content/news/port-opens.{language}.md")),
        )
        .unwrap();
        let date = text
            .lines()
            .find_map(|line| line.strip_prefix("date: "))
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no date in {text}"));
        let days = halong::content::model::PartialDate::parse(date)
            .unwrap_or_else(|| panic!("`{date}` is not a date"))
            .days_since_epoch();
        assert_eq!(days, today, "{date} is not today (UTC)");
    }
}

#[test]
fn completions_and_the_manual_page_name_every_subcommand() {
    let bash = halong(&["completions", "bash"]);
    assert!(bash.status.success(), "{}", bash.stderr);
    let zsh = halong(&["completions", "zsh"]);
    assert!(zsh.stdout.starts_with("#compdef halong"), "{}", zsh.stdout);
    let fish = halong(&["completions", "fish"]);
    assert!(
        fish.stdout.contains("complete -c halong"),
        "{}",
        fish.stdout
    );
    let man = halong(&["man"]);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH halong"),
        "{}",
        man.stdout
    );
    for subcommand in ["build", "serve", "check", "new", "init"] {
        assert!(bash.stdout.contains(subcommand), "bash: {subcommand}");
        assert!(fish.stdout.contains(subcommand), "fish: {subcommand}");
        assert!(man.stdout.contains(subcommand), "man: {subcommand}");
    }
    // Flags are completed too.
    assert!(bash.stdout.contains("--base-url") && bash.stdout.contains("--drafts"));
    let unknown = halong(&["completions", "cmd.exe"]);
    assert_eq!(unknown.status.code(), Some(2));
}
