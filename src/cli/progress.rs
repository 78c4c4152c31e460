//! Draws a build's progress events: a bar on a terminal (indicatif, cleared when the
//! build ends), plain lines when standard error is a pipe or a file (a CI log), and
//! nothing with `--quiet`. With `--verbose`, each stage's time at the end.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::console::{duration, thousands, Console, Verbosity};
use crate::progress::{Event, Stage};

/// How often a log gets a "rendered N of M" line during a long render.
const LOG_EVERY: Duration = Duration::from_secs(5);

/// Turns progress events into what the person running halong sees.
pub struct Reporter {
    console: Console,
    bar: Option<ProgressBar>,
    started: Instant,
    /// The stage running and when it started.
    current: Mutex<Option<(Stage, Instant)>>,
    /// Stages finished, with their times.
    timings: Mutex<Vec<(Stage, Duration)>>,
    /// When the log last got a line (plain-line mode).
    logged: Mutex<Instant>,
}

impl Reporter {
    /// A reporter for one build or check.
    pub fn new(console: Console) -> Reporter {
        let bar = (console.chatty() && console.on_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(spinner_style());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Reporter {
            console,
            bar,
            started: Instant::now(),
            current: Mutex::new(None),
            timings: Mutex::new(Vec::new()),
            logged: Mutex::new(Instant::now()),
        }
    }

    /// Draws one event; called from the library, on any thread.
    pub fn event(&self, event: Event) {
        match event {
            Event::Started(stage) => self.start(stage),
            Event::Rendered { done, total } => self.rendered(done, total),
        }
    }

    fn start(&self, stage: Stage) {
        let now = Instant::now();
        if let Some((previous, since)) = lock(&self.current).replace((stage, now)) {
            lock(&self.timings).push((previous, now - since));
        }
        let line = match stage {
            Stage::Read => "reading the site".to_string(),
            Stage::Validate { files } => format!("checking {} files", thousands(files)),
            Stage::Derive => "planning the output".to_string(),
            Stage::Render { files } => format!("rendering {} files", thousands(files)),
            Stage::Swap => "putting the new output in place".to_string(),
        };
        match &self.bar {
            Some(bar) => {
                if let Stage::Render { files } = stage {
                    bar.set_message("rendering");
                    bar.set_length(files as u64);
                    bar.set_position(0);
                    bar.set_style(bar_style());
                } else {
                    bar.set_style(spinner_style());
                    bar.set_message(line);
                }
            }
            None if self.console.chatty() && stage != Stage::Derive => {
                self.console.status(line);
                *lock(&self.logged) = now;
            }
            None => {}
        }
    }

    fn rendered(&self, done: usize, total: usize) {
        match &self.bar {
            Some(bar) => bar.set_position(done as u64),
            None if self.console.chatty() => {
                // Rendering threads call this for every file: never wait for the lock.
                let Ok(mut logged) = self.logged.try_lock() else {
                    return;
                };
                if logged.elapsed() >= LOG_EVERY && done < total {
                    *logged = Instant::now();
                    self.console.status(format!(
                        "  rendered {} of {} files",
                        thousands(done),
                        thousands(total)
                    ));
                }
            }
            None => {}
        }
    }

    /// Ends the last stage, clears the bar, and with `--verbose` prints the stage
    /// times; returns the time since the reporter was made.
    pub fn finish(&self) -> Duration {
        let now = Instant::now();
        if let Some((stage, since)) = lock(&self.current).take() {
            lock(&self.timings).push((stage, now - since));
        }
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.console.verbosity == Verbosity::Verbose {
            let timings = lock(&self.timings);
            let width = timings
                .iter()
                .map(|(stage, _)| stage.name().len())
                .max()
                .unwrap_or(0);
            self.console.status("stage timings:");
            for (stage, time) in timings.iter() {
                self.console
                    .status(format!("  {:width$}  {}", stage.name(), duration(*time)));
            }
        }
        now - self.started
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("{msg} [{bar:32}] {human_pos}/{human_len} files {elapsed}")
        .map(|style| style.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}
