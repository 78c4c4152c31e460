//! `halong serve`: build into a temporary folder and serve it on this machine.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{print_diagnostics, RootArgument};
use crate::diagnostics::render_human;
use crate::Options;

/// Arguments of `halong serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArguments {
    #[command(flatten)]
    root: RootArgument,
    /// Port to listen on.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on (127.0.0.1 keeps the preview on this machine).
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Where to build the preview (default: a folder in the system's temp directory).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Include news marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

/// Binds, builds, then serves until interrupted, rebuilding when the sources change.
pub fn run(arguments: ServeArguments) -> ExitCode {
    // Rebuilds happen in this process: charts whose data did not change are reused.
    crate::render::charts::keep_drawn_charts();
    keep_freed_memory();
    let root = arguments.root.root;
    // The preview is built with a local base URL, so it goes to its own folder, never
    // to public/: a preview must not be uploaded by mistake.
    let output = arguments.output.unwrap_or_else(|| {
        let name = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
        let key = name.to_string_lossy().bytes().fold(0u64, |hash, byte| {
            hash.wrapping_mul(31).wrapping_add(u64::from(byte))
        });
        std::env::temp_dir().join(format!("halong-preview-{key:x}"))
    });
    // Bind first, so that `--port 0` gives a real port for the base URL.
    let server = match crate::serve::Server::bind(&arguments.bind, arguments.port, &output) {
        Ok(server) => server,
        Err(error) => {
            eprintln!(
                "error: cannot listen on {}:{}: {error}",
                arguments.bind, arguments.port
            );
            eprintln!("help: pass another port with --port");
            return ExitCode::FAILURE;
        }
    };
    let port = server.port().unwrap_or(arguments.port);
    let host = if arguments.bind == "0.0.0.0" {
        "127.0.0.1".to_string()
    } else {
        arguments.bind.clone()
    };
    let base_url = format!("http://{host}:{port}/");
    let options = Options {
        base_url: Some(base_url.clone()),
        drafts: arguments.drafts,
        ..Options::default()
    };
    // The first build is full; after a change only the files that changed are read
    // again, and only the pages they affect rendered.
    let mut session = crate::Session::open(&root, &output, &options);
    let report = |result: Result<crate::Rebuilt, crate::Failure>| match result {
        Ok(rebuilt) => {
            print_diagnostics(&rebuilt.warnings, &crate::SourceTexts::new());
            Ok(rebuilt)
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics, &failure.texts);
            Err(render_human(&failure.diagnostics, &failure.texts))
        }
    };
    let builds = server.builds();
    let first = session.build().map(|built| crate::Rebuilt {
        warnings: built.warnings,
        rendered: built.files,
        changed: built.files,
    });
    match report(first) {
        Ok(_) => builds.finished(Ok(true)),
        Err(text) => {
            // Keep serving: the page shows the error and reloads once it is fixed.
            if output.join("index.html").exists() {
                eprintln!("build failed; serving the last good build");
            } else {
                eprintln!(
                    "build failed and there is no earlier build; fix the error to see the site"
                );
            }
            builds.finished(Err(text));
        }
    }
    let build = move |changed: &[PathBuf], edited: &mut dyn FnMut(&crate::Rebuilt)| {
        report(session.rebuild(changed, edited))
    };
    match crate::serve::watch::Watch::start(&root, &output) {
        Ok(watch) => {
            std::thread::spawn(move || crate::serve::rebuild_on_change(watch, &builds, build));
        }
        Err(error) => {
            eprintln!("warning: cannot watch for changes ({error}); reload by restarting")
        }
    }
    println!("serving {} at {base_url}", output.display());
    println!("press Ctrl+C to stop");
    // Tests and scripts read the URL from a pipe; do not leave it in a buffer.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    server.run();
    ExitCode::SUCCESS
}

/// mimalloc (the binary's allocator) hands memory a rebuild freed back to the system
/// after 10 ms; the next rebuild, seconds later, faults it back in page by page, which
/// made writing the edited page 40 ms slower at 10,000 parks (`benches/rebuild.rs`
/// with a pause between edits). A preview keeps it instead: it is what the next
/// rebuild needs anyway.
fn keep_freed_memory() {
    // `mi_option_purge_delay` in mimalloc.h (15 in v2 and v3, which keep the numbering
    // stable; the Rust bindings do not name it); -1 means never.
    const PURGE_DELAY: std::os::raw::c_int = 15;
    unsafe extern "C" {
        fn mi_option_set(option: std::os::raw::c_int, value: std::os::raw::c_long);
    }
    // SAFETY: sets one integer option of the allocator, which mimalloc allows at any
    // time from any thread; mimalloc is linked through the `mimalloc` dependency.
    unsafe { mi_option_set(PURGE_DELAY, -1) }
}
