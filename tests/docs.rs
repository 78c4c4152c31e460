//! The docs say what the program does: the sample check report in the content guides
//! (English and Vietnamese) is the real output of `halong check` on the bundled portal
//! on the date the guides name, shortened the same way each time (a list of more than
//! three lines keeps its first three and `...`).
//!
//! When the bundled content changes, the counts change: regenerate the samples with
//! `HALONG_UPDATE_DOCS=1 cargo test --test docs` and review the diff.

mod common;

use std::path::Path;

/// The guides whose sample report is checked.
const GUIDES: &[&str] = &["docs/content-guide.md", "docs/content-guide.vi.md"];

/// The line before the sample's fenced block.
const MARKER: &str = "<!-- check-report-sample: tests/docs.rs checks this block -->";

/// The date the samples are taken on (the guides say so next to them).
const AS_OF: &str = "2026-12-01";

/// `check`'s report on standard output, shortened.
fn sample() -> String {
    let repo = common::repo();
    let run = common::halong(&["check", "--root", repo.to_str().unwrap(), "--as-of", AS_OF]);
    assert!(
        run.status.success(),
        "the bundled portal has errors:\n{}",
        run.stderr
    );
    let mut out = Vec::new();
    let mut run_length = 0;
    for line in run.stdout.lines() {
        if line.starts_with("    ") {
            run_length += 1;
            if run_length == 4 {
                out.push("    ...".to_string());
            }
            if run_length > 3 {
                continue;
            }
        } else {
            run_length = 0;
        }
        out.push(line.to_string());
    }
    out.join("\n") + "\n"
}

/// The fenced block after the marker: (its text, where it starts and ends in `guide`).
fn block(guide: &str, name: &str) -> (String, usize, usize) {
    let marker = guide
        .find(MARKER)
        .unwrap_or_else(|| panic!("{name} has no `{MARKER}`"));
    let fence = guide[marker..]
        .find("```text\n")
        .map(|at| marker + at + "```text\n".len())
        .unwrap_or_else(|| panic!("{name}: no ```text block after the marker"));
    let end = fence
        + guide[fence..]
            .find("```\n")
            .unwrap_or_else(|| panic!("{name}: the block is not closed"));
    (guide[fence..end].to_string(), fence, end)
}

#[test]
fn the_guides_sample_check_report_is_the_bundled_portal_s_real_output() {
    let expected = sample();
    let update = std::env::var_os("HALONG_UPDATE_DOCS").is_some();
    for name in GUIDES {
        let path = common::repo().join(name);
        let guide = std::fs::read_to_string(&path).unwrap();
        assert!(
            guide.contains(&format!("--as-of {AS_OF}")),
            "{name} does not name the sample's date ({AS_OF})"
        );
        let (shown, start, end) = block(&guide, name);
        if shown == expected {
            continue;
        }
        if update {
            let updated = format!("{}{expected}{}", &guide[..start], &guide[end..]);
            std::fs::write(Path::new(&path), updated).unwrap();
            continue;
        }
        panic!(
            "{name}'s sample check report is not what `halong check --as-of {AS_OF}` prints \
             on the bundled portal now; run `HALONG_UPDATE_DOCS=1 cargo test --test docs` \
             and review the change.\nshown:\n{shown}\nreal:\n{expected}"
        );
    }
}
