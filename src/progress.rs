//! Progress of a build, told to whoever runs it as it happens.
//!
//! The library never prints: a build calls a [`Progress`] function with an [`Event`]
//! as each stage starts and as each output file is written, and the command line
//! draws that as a bar on a terminal, as plain lines in a log, or not at all. The
//! function is called from the rendering threads, so it must be cheap and `Sync`.

/// A stage of the pipeline, in the order a build runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading the site's files.
    Read,
    /// Checking the files read and building the model from them.
    Validate {
        /// Files read (`site.yaml`, content, templates and static files).
        files: usize,
    },
    /// Working out relations, totals and the list of output files.
    Derive,
    /// Rendering and writing the output files.
    Render {
        /// Output files to write.
        files: usize,
    },
    /// Swapping the finished output into place of the previous one.
    Swap,
}

impl Stage {
    /// A short name, for stage timings.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Validate { .. } => "validate",
            Stage::Derive => "derive",
            Stage::Render { .. } => "render and write",
            Stage::Swap => "swap",
        }
    }
}

/// What a build reports while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A stage starts; the one before it, if any, has ended.
    Started(Stage),
    /// One more output file was rendered (and written): `done` of `total`.
    Rendered {
        /// Files done so far.
        done: usize,
        /// Files to do in this stage.
        total: usize,
    },
}

/// Where a build reports its progress.
pub type Progress<'a> = &'a (dyn Fn(Event) + Sync);

/// Progress nobody watches.
pub const SILENT: Progress<'static> = &|_| {};
