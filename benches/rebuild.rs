//! Times what `serve` does after one park's facts file is saved: from the save to the
//! edited page on disk, and to every page that shows the change.
//!
//! ```sh
//! cargo bench --bench rebuild                                  # the bundled portal
//! HALONG_BENCH_SITE=/dev/shm/site-10000 cargo bench --bench rebuild   # a generated one
//! ```
//! The site is copied to a temporary folder first (the benchmark edits it). Each round
//! changes one figure in one park's `.yaml` (a different park each round), so the
//! park's page really changes. Under `cargo test --all-targets` it runs one round on
//! the bundled portal, so the benchmark itself stays working.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

// The allocator of the `halong` binary, so the times are those `serve` gives.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn milliseconds(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// Copies the files the build reads (`site.yaml`, `schema.yaml` where the portal has
/// one, `content/`, `templates/`, `static/`).
fn copy_site(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy");
    for file in ["site.yaml", "schema.yaml"] {
        if from.join(file).is_file() {
            std::fs::copy(from.join(file), to.join(file)).expect("copy a site file");
        }
    }
    for folder in ["content", "templates", "static"] {
        for entry in walkdir::WalkDir::new(from.join(folder)) {
            let entry = entry.expect("walk the site");
            let relative = entry.path().strip_prefix(from).expect("inside the site");
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(to.join(relative)).expect("create a folder");
            } else {
                std::fs::copy(entry.path(), to.join(relative)).expect("copy a file");
            }
        }
    }
}

/// Adds one to the first whole number after a `value: ` in `text`.
fn bump_first_value(text: &str) -> Option<String> {
    let (start, length) = text.match_indices("value: ").find_map(|(at, key)| {
        let start = at + key.len();
        let length = text[start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len() - start);
        (length > 0).then_some((start, length))
    })?;
    let number: u64 = text[start..start + length].parse().ok()?;
    Some(format!(
        "{}{}{}",
        &text[..start],
        number + 1,
        &text[start + length..]
    ))
}

fn main() {
    let benchmarking = std::env::args().any(|argument| argument == "--bench");
    let rounds = if benchmarking { 9 } else { 1 };
    let source = std::env::var_os("HALONG_BENCH_SITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let work = tempfile::tempdir().expect("a temporary folder");
    let root = work.path().join("site");
    let output = work.path().join("public");
    copy_site(&source, &root);
    let mut parks: Vec<PathBuf> = std::fs::read_dir(root.join("content/parks"))
        .expect("content/parks")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml")
        })
        .filter(|path| {
            std::fs::read_to_string(path)
                .ok()
                .and_then(|text| bump_first_value(&text))
                .is_some()
        })
        .collect();
    parks.sort();

    let options = halong::Options::default();
    let started = Instant::now();
    let mut session = halong::Session::open(&root, &output, &options);
    let report = session.build().expect("the site builds");
    let first_build = started.elapsed();

    let mut to_edited_page = Vec::new();
    let mut to_every_page = Vec::new();
    let mut pages = (0, 0);
    for round in 0..rounds {
        let park = &parks[round * 7 % parks.len()];
        let text = std::fs::read_to_string(park).expect("read the park");
        let edited = bump_first_value(&text).expect("parks with a figure were chosen");
        std::fs::write(park, edited).expect("save the park");
        let changed = [park.strip_prefix(&root).expect("inside").to_path_buf()];
        let started = Instant::now();
        let mut first = None;
        let rebuilt = session
            .rebuild(&changed, |written| {
                first = Some((started.elapsed(), written.rendered, written.changed));
            })
            .expect("the edit builds");
        to_every_page.push(started.elapsed());
        let (time, rendered, changed) = first.expect("the edited page is written first");
        assert!(changed > 0, "the edited page changed on disk");
        to_edited_page.push(time);
        pages = (rendered, rebuilt.rendered);
    }

    println!(
        "{}: {} files; first build {:.0} ms; {rounds} edit(s) of one park",
        source.display(),
        report.files,
        milliseconds(first_build)
    );
    println!("| after saving one park's .yaml | median | pages rendered |");
    println!("| --- | ---: | ---: |");
    println!(
        "| its pages on disk (both languages) | {:.1} ms | {} |",
        milliseconds(median(to_edited_page)),
        pages.0
    );
    println!(
        "| every page that shows it on disk | {:.1} ms | {} |",
        milliseconds(median(to_every_page)),
        pages.1
    );
}
