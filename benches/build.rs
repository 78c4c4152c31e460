//! Times the stages of a build of the bundled portal, and what charts add to it.
//!
//! `cargo bench --bench build` runs 15 rounds and prints medians; under `cargo test
//! --all-targets` it runs one round, so the benchmark itself stays working.

use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(rounds: usize, mut work: impl FnMut() -> T) -> Duration {
    median(
        (0..rounds)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(work());
                started.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let rounds = if std::env::args().any(|argument| argument == "--bench") {
        15
    } else {
        1
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = halong::Options::default();

    let load = time(rounds, || halong::content::load::read(root));
    let input = halong::content::load::read(root);
    let validate = time(rounds, || {
        halong::content::validate::validate(&input, &options)
    });
    let site = halong::content::validate::validate(&input, &options)
        .site
        .expect("the bundled portal validates");
    let plan = halong::derive::plan(&site);
    let charts = time(rounds, || halong::render::charts::draw_all(&site, &plan));
    let chart_count = halong::render::charts::draw_all(&site, &plan);
    let build = time(rounds, || {
        let sink = halong::output::Memory::default();
        halong::build_into(&input, &options, &sink).expect("the bundled portal builds");
        sink.into_files().len()
    });

    println!(
        "bundled portal: {} records, {} output files, {} charts",
        site.records.len(),
        plan.jobs.len(),
        chart_count
    );
    println!("| stage | median |");
    println!("| --- | --- |");
    println!("| load (read files) | {:.1} ms |", load.as_secs_f64() * 1e3);
    println!("| validate | {:.1} ms |", validate.as_secs_f64() * 1e3);
    println!(
        "| draw every chart, uncached | {:.1} ms |",
        charts.as_secs_f64() * 1e3
    );
    println!("| validate + derive + render into memory (charts cached after the first round) | {:.1} ms |", build.as_secs_f64() * 1e3);
}
