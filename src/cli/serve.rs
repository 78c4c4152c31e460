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
