//! `halong serve`: build into a temporary folder and serve it on this machine.

use std::io::ErrorKind;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::build::summary;
use super::console::{duration, Console};
use super::progress::Reporter;
use super::RootArgument;
use crate::diagnostics::render_human;
use crate::serve::Rebuilding;
use crate::Options;

/// The port when none is given.
const DEFAULT_PORT: u16 = 1111;

/// How many ports after the default one are tried when it is taken.
const PORTS_TRIED: u16 = 20;

/// Arguments of `halong serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArguments {
    #[command(flatten)]
    root: RootArgument,
    /// Port to listen on [default: 1111, or the next free one if it is taken].
    #[arg(short, long)]
    port: Option<u16>,
    /// Address to listen on. The default, 127.0.0.1, keeps the preview on this
    /// computer; any other address lets other computers on the network open it.
    #[arg(
        short = 'i',
        long,
        visible_alias = "interface",
        default_value = "127.0.0.1"
    )]
    bind: String,
    /// The address pages link to, to open the preview from another device, e.g.
    /// http://192.168.1.5:1111/ with --bind 0.0.0.0 (default: the address it listens on).
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// Where to build the preview (default: a folder in the system's temp directory).
    /// The folder is replaced as a whole: it must be new, empty or made by halong.
    #[arg(short, long)]
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
pub fn run(arguments: ServeArguments, console: Console) -> ExitCode {
    keep_freed_memory();
    let root = arguments.root.root;
    // The preview is built with a local base URL, so it goes to its own folder, never
    // to public/: a preview must not be uploaded by mistake.
    let output = arguments.output.unwrap_or_else(|| preview_folder(&root));
    let destination = crate::output::Destination::new(&output).forced(arguments.force);
    // Refuse an output the build may not replace before listening, not in the page.
    if let Err(refusal) = crate::output::destination::check(&root, &destination) {
        console.diagnostics(&[refusal], &crate::SourceTexts::new());
        return ExitCode::FAILURE;
    }
    let chosen = match arguments
        .base_url
        .as_deref()
        .map(chosen_base_url)
        .transpose()
    {
        Ok(chosen) => chosen,
        Err(message) => {
            console.error(message);
            console.help(
                "pass the address other devices open, e.g. --base-url http://192.168.1.5:1111/ \
                 (to check a sub-path, build with --base-url and serve the output with a web \
                 server)",
            );
            return ExitCode::FAILURE;
        }
    };
    // Bind first, so that `--port 0` gives a real port for the base URL.
    let Some((server, address)) = listen(&arguments.bind, arguments.port, &output, console) else {
        return ExitCode::FAILURE;
    };
    let server = server.answering_to(chosen.as_ref().map(|(_, host)| host.clone()));
    if !address.ip().is_loopback() {
        console.warning(format!(
            "listening on {}: other computers that can reach this one can open the preview{}",
            address.ip(),
            if arguments.drafts {
                ", drafts included"
            } else {
                ""
            }
        ));
        console.help("leave out --bind (or pass --bind 127.0.0.1) to keep it on this computer");
    }
    let listening = format!("http://{}/", local_address(address));
    let chosen_url = chosen.map(|(url, _)| url);
    let base_url = chosen_url.clone().unwrap_or_else(|| listening.clone());
    console.status(format!(
        "building {} for the preview at {base_url}",
        display_folder(&root)
    ));
    let options = Options {
        base_url: Some(base_url.clone()),
        drafts: arguments.drafts,
        ..Options::default()
    };
    // The first build is full; after a change only the files that changed are read
    // again, and only the pages they affect rendered.
    let reporter = Reporter::new(console);
    let progress = |event| reporter.event(event);
    let mut session = crate::Session::open_reporting(&root, destination, &options, &progress);
    let first = session.build_reporting(&progress);
    let elapsed = reporter.finish();
    let builds = server.builds();
    match first {
        Ok(report) => {
            console.diagnostics(&report.warnings, &crate::SourceTexts::new());
            console.result("built", summary(&report, &output, elapsed));
            builds.finished(Ok(true));
        }
        Err(failure) => {
            console.diagnostics(&failure.diagnostics, &failure.texts);
            // Keep serving: the page shows the error and reloads once it is fixed.
            if output.join("index.html").exists() {
                console.error("the build failed; serving the last good build");
            } else {
                console.error(
                    "the build failed and there is no earlier build; fix the error to see the site",
                );
            }
            builds.finished(Err(render_human(&failure.diagnostics, &failure.texts)));
        }
    }
    let build = move |changed: &[PathBuf], edited: &mut dyn FnMut(&crate::Rebuilt)| match session
        .rebuild(changed, edited)
    {
        Ok(rebuilt) => {
            console.diagnostics(&rebuilt.warnings, &crate::SourceTexts::new());
            Ok(rebuilt)
        }
        Err(failure) => {
            console.diagnostics(&failure.diagnostics, &failure.texts);
            Err(render_human(&failure.diagnostics, &failure.texts))
        }
    };
    match crate::serve::watch::Watch::start(&root, &output) {
        Ok(watch) => {
            std::thread::spawn(move || {
                crate::serve::rebuild_on_change(watch, &builds, build, |event| tell(console, event))
            });
        }
        Err(error) => console.warning(format!(
            "cannot watch for changes ({error}); reload by restarting"
        )),
    }
    // Printed even with --quiet: it is the one thing `serve` must say. Tests and
    // scripts read the URL from a pipe; do not leave it in a buffer.
    match chosen_url {
        Some(_) => println!(
            "serving {} at {base_url} (listening on {listening})",
            output.display()
        ),
        None => println!("serving {} at {base_url}", output.display()),
    }
    if console.chatty() {
        println!("press Ctrl+C to stop");
    }
    let _ = std::io::Write::flush(&mut std::io::stdout());
    server.run();
    ExitCode::SUCCESS
}

/// What a rebuild did, as lines in the terminal.
fn tell(console: Console, event: Rebuilding) {
    match event {
        Rebuilding::Changed(paths) => {
            let names: Vec<String> = paths
                .iter()
                .map(|path| crate::diagnostics::display_path(path))
                .collect();
            console.status(format!("changed: {}; rebuilding", names.join(", ")));
        }
        Rebuilding::EditedWritten { after } => console.status(format!(
            "wrote the edited page(s) in {}; now the pages that show them",
            duration(after)
        )),
        Rebuilding::Rebuilt {
            rendered,
            changed,
            after,
        } => console.result(
            "rebuilt",
            format!(
                "{rendered} page(s) in {}; {changed} file(s) changed",
                duration(after)
            ),
        ),
        Rebuilding::Failed => console.error("the rebuild failed; serving the last good build"),
    }
}

/// The preview's folder in the system's temp directory, one per portal.
fn preview_folder(root: &Path) -> PathBuf {
    let name = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let key = name.to_string_lossy().bytes().fold(0u64, |hash, byte| {
        hash.wrapping_mul(31).wrapping_add(u64::from(byte))
    });
    // Not the `halong-preview-` folders of earlier versions, which had no marker.
    std::env::temp_dir().join(format!("halong-serve-{key:x}"))
}

/// `--base-url` for the preview, normalised, and its host: only `http://host[:port]/`,
/// since the preview serves the site at its root.
fn chosen_base_url(url: &str) -> Result<(String, String), String> {
    let normalised = crate::config::normalise_base_url(url)
        .ok_or_else(|| format!("`--base-url {url}` is not an absolute http(s) URL"))?;
    let rest = normalised
        .strip_prefix("http://")
        .or_else(|| normalised.strip_prefix("https://"))
        .unwrap_or(&normalised);
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    if !path.is_empty() {
        return Err(format!(
            "`--base-url {url}` has a path (`/{path}`), but the preview serves the site at the \
             root of its address"
        ));
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    Ok((normalised.clone(), host.to_string()))
}

/// Binds `bind:port`, or says why not (an address that is not this computer's, a port
/// in use, a port that needs privileges). Without `--port`, a taken default port
/// gives way to the next free one.
fn listen(
    bind: &str,
    port: Option<u16>,
    output: &Path,
    console: Console,
) -> Option<(crate::serve::Server, SocketAddr)> {
    if let Err(error) = (bind, 0).to_socket_addrs() {
        console.error(format!(
            "`--bind {bind}` is not an address of this computer ({error})"
        ));
        console.help(
            "pass an IP address of this computer: 127.0.0.1 (this computer only, the default) \
             or 0.0.0.0 (every network it is on)",
        );
        return None;
    }
    let wanted = port.unwrap_or(DEFAULT_PORT);
    let bound = |port: u16| {
        crate::serve::Server::bind(bind, port, output)
            .and_then(|server| server.address().map(|address| (server, address)))
    };
    let error = match bound(wanted) {
        Ok(bound) => return Some(bound),
        Err(error) => error,
    };
    match error.kind() {
        ErrorKind::AddrInUse => {
            let free = (1..=PORTS_TRIED)
                .filter_map(|step| wanted.checked_add(step))
                .find_map(|candidate| bound(candidate).ok());
            match (port, free) {
                (None, Some((server, address))) => {
                    console.warning(format!(
                        "port {wanted} is in use (another preview, or another program); \
                         serving on port {} instead",
                        address.port()
                    ));
                    return Some((server, address));
                }
                (Some(_), Some((server, address))) => {
                    drop(server);
                    console.error(format!("port {wanted} is in use on {bind}"));
                    console.help(format!(
                        "stop the program using it, or pass --port {} (free now), or leave \
                         out --port to take a free one",
                        address.port()
                    ));
                }
                (_, None) => {
                    console.error(format!(
                        "port {wanted} and the {PORTS_TRIED} after it are in use on {bind}"
                    ));
                    console.help("pass a free port with --port, or --port 0 for any free one");
                }
            }
        }
        ErrorKind::AddrNotAvailable => {
            console.error(format!(
                "`--bind {bind}` is not an address of this computer"
            ));
            console.help(
                "pass an IP address of this computer: 127.0.0.1 (this computer only, the \
                 default) or 0.0.0.0 (every network it is on)",
            );
        }
        ErrorKind::PermissionDenied => {
            console.error(format!(
                "port {wanted} needs administrator rights on this system"
            ));
            console.help("pass a port above 1023, e.g. --port 1111");
        }
        _ => {
            console.error(format!("cannot listen on {bind} port {wanted}: {error}"));
            console.help("pass another address with --bind or another port with --port");
        }
    }
    None
}

/// `root` as the user knows it: the current folder's full path rather than `.`.
fn display_folder(root: &Path) -> String {
    let shown = if root.as_os_str().is_empty() || root == Path::new(".") {
        std::env::current_dir().unwrap_or_else(|_| root.to_path_buf())
    } else {
        root.to_path_buf()
    };
    crate::diagnostics::display_path(&shown)
}

/// The address pages link to: the bound one, or this computer's own (loopback) when
/// the server listens on every address.
fn local_address(bound: SocketAddr) -> SocketAddr {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    let ip = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, bound.port())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_base_url_is_a_host_without_a_path() {
        assert_eq!(
            chosen_base_url("http://192.168.1.5:1111").unwrap(),
            (
                "http://192.168.1.5:1111/".to_string(),
                "192.168.1.5".to_string()
            )
        );
        assert_eq!(
            chosen_base_url("http://laptop.local:8000/").unwrap().1,
            "laptop.local"
        );
        assert!(chosen_base_url("http://laptop.local/portal/").is_err());
        assert!(chosen_base_url("laptop.local").is_err());
    }
}
