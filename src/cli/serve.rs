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
    /// Address to listen on. The default, 127.0.0.1, keeps the preview on this
    /// computer; any other address lets other computers on the network open it.
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Where to build the preview (default: a folder in the system's temp directory).
    /// The folder is replaced as a whole: it must be new, empty or made by halong.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Replace the preview folder even if halong did not make it (never the site or
    /// its sources).
    #[arg(short, long)]
    force: bool,
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
        // Not the `halong-preview-` folders of earlier versions, which had no marker.
        std::env::temp_dir().join(format!("halong-serve-{key:x}"))
    });
    let destination = crate::output::Destination::new(&output).forced(arguments.force);
    // Refuse an output the build may not replace before listening, not in the page.
    if let Err(refusal) = crate::output::destination::check(&root, &destination) {
        print_diagnostics(&[refusal], &crate::SourceTexts::new());
        return ExitCode::FAILURE;
    }
    // Bind first, so that `--port 0` gives a real port for the base URL.
    let bound = crate::serve::Server::bind(&arguments.bind, arguments.port, &output)
        .and_then(|server| server.address().map(|address| (server, address)));
    let (server, address) = match bound {
        Ok(bound) => bound,
        Err(error) => {
            eprintln!(
                "error: cannot listen on {}:{}: {error}",
                arguments.bind, arguments.port
            );
            eprintln!("help: pass another port with --port");
            return ExitCode::FAILURE;
        }
    };
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}: other computers that can reach this one can open the \
             preview{}",
            address.ip(),
            if arguments.drafts {
                ", drafts included"
            } else {
                ""
            }
        );
        eprintln!("help: leave out --bind (or pass --bind 127.0.0.1) to keep it on this computer");
    }
    let base_url = format!("http://{}/", local_address(address));
    let options = Options {
        base_url: Some(base_url.clone()),
        drafts: arguments.drafts,
        ..Options::default()
    };
    // The first build is full; after a change only the files that changed are read
    // again, and only the pages they affect rendered.
    let mut session = crate::Session::open(&root, destination, &options);
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

/// The address pages link to: the bound one, or this computer's own (loopback) when
/// the server listens on every address.
fn local_address(bound: std::net::SocketAddr) -> std::net::SocketAddr {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    let ip = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    std::net::SocketAddr::new(ip, bound.port())
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
