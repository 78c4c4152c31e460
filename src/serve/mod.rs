//! `halong serve`'s server: a local preview. It serves the output folder, never a path
//! outside it, with the same rules as a static host (`/a/` -> `/a/index.html`, `/a`
//! redirected to `/a/`, the language's `404.html` for missing pages), adds the
//! live-reload script to HTML responses ([`reload`]), and rebuilds when the sources
//! change ([`watch`], [`rebuild_on_change`]).
//!
//! It stays a preview for the person at this computer: it answers only requests whose
//! `Host` is this machine (a web page the author visits cannot read it by pointing its
//! own name at 127.0.0.1: DNS rebinding), and only `GET` and `HEAD` (`routes` decides
//! what each request gets). One thread reads the request heads of all new connections
//! (`intake`), with a deadline for slow clients; a fixed pool of [`WORKERS`] threads
//! answers the requests read ([`http`]); the long-polls of open pages are handed to
//! [`polls`], which holds them without a thread. So neither open tabs nor idle or slow
//! connections ever hold up a page.

pub mod http;
mod intake;
pub mod polls;
pub mod reload;
mod routes;
pub mod watch;

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use http::{Request, Sending};
use polls::Polls;
use reload::Builds;
pub use routes::{answer, content_type, folder_redirect, is_this_machine, resolve, Answer};

/// Threads reading and answering requests.
pub const WORKERS: usize = 8;

/// Requests read and waiting for a worker; beyond that a client is told to try again
/// (503) rather than queue without end.
const QUEUE: usize = 256;

/// How long one write to a client may wait (a client that stopped reading).
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A bound server.
pub struct Server {
    listener: TcpListener,
    root: PathBuf,
    builds: Arc<Builds>,
    /// A host name the preview also answers to (from `serve --base-url`).
    name: Option<String>,
}

impl Server {
    /// Listens on `bind:port` (`bind` an address or a name such as `localhost`).
    pub fn bind(bind: &str, port: u16, root: &Path) -> io::Result<Server> {
        Ok(Server {
            listener: TcpListener::bind((bind, port))?,
            root: root.to_path_buf(),
            builds: Arc::default(),
            name: None,
        })
    }

    /// Also answers requests whose `Host` is `name` (the host of the base URL the
    /// author chose with `--base-url`, e.g. this computer's name on the network).
    /// Only a name given here is trusted: a page from another site that points its
    /// own name at this computer is still refused.
    pub fn answering_to(mut self, name: Option<String>) -> Server {
        self.name = name;
        self
    }

    /// The address actually bound (with the real port when asked for port 0).
    pub fn address(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> Option<u16> {
        self.address().ok().map(|address| address.port())
    }

    /// The build status the pages poll; record each build in it.
    pub fn builds(&self) -> Arc<Builds> {
        Arc::clone(&self.builds)
    }

    /// Serves requests until the process ends.
    pub fn run(self) {
        let address = match self.listener.local_addr() {
            Ok(address) => address,
            Err(error) => {
                eprintln!("error: the preview server stopped: {error}");
                return;
            }
        };
        let site = Arc::new(Site {
            root: self.root,
            address,
            builds: Arc::clone(&self.builds),
            polls: Polls::default(),
            name: self.name,
        });
        let (to_workers, requests) = mpsc::sync_channel::<(TcpStream, Request)>(QUEUE);
        let requests = Arc::new(Mutex::new(requests));
        for _ in 0..WORKERS {
            let requests = Arc::clone(&requests);
            let site = Arc::clone(&site);
            std::thread::spawn(move || loop {
                let next = requests
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .recv();
                match next {
                    // A bug in answering one request must not cost the pool a worker.
                    Ok((stream, request)) => {
                        let answer = std::panic::AssertUnwindSafe(|| site.answer(stream, &request));
                        let _ = std::panic::catch_unwind(answer);
                    }
                    Err(_) => return,
                }
            });
        }
        {
            let site = Arc::clone(&site);
            std::thread::spawn(move || site.polls.answer_forever(&site.builds));
        }
        let (to_intake, accepted) = mpsc::sync_channel::<TcpStream>(intake::MAX_PENDING);
        std::thread::spawn(move || intake::run(accepted, to_workers, intake::READ_TIMEOUT));
        for stream in self.listener.incoming() {
            let Ok(stream) = stream else { continue };
            if let Err(mpsc::TrySendError::Full(stream)) = to_intake.try_send(stream) {
                intake::busy(stream);
            }
        }
    }
}

/// What the workers share.
struct Site {
    root: PathBuf,
    address: SocketAddr,
    builds: Arc<Builds>,
    polls: Polls,
    name: Option<String>,
}

impl Site {
    /// Answers `request` on `stream` (or hands it to the polls).
    fn answer(&self, stream: TcpStream, request: &Request) {
        match routes::answer_to(
            request,
            &self.root,
            self.address,
            self.name.as_deref(),
            &self.builds,
        ) {
            Answer::HoldPoll(seen) => self.polls.hold(stream, seen, &self.builds),
            Answer::Respond(response) => {
                let how = Sending {
                    head_only: request.method == "HEAD",
                    drain: request.has_body,
                    timeout: WRITE_TIMEOUT,
                };
                http::send(stream, &response, how);
            }
        }
    }
}

/// What happens while the preview rebuilds, for the command line to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rebuilding {
    /// These files changed (relative to the root); a rebuild starts.
    Changed(Vec<PathBuf>),
    /// The edited pages are written, `after` the change; the pages that show them
    /// follow.
    EditedWritten {
        /// Time since the rebuild started.
        after: Duration,
    },
    /// The rebuild finished.
    Rebuilt {
        /// Files rendered.
        rendered: usize,
        /// Files whose bytes changed.
        changed: usize,
        /// Time since the rebuild started.
        after: Duration,
    },
    /// The rebuild failed; the last good build is still served.
    Failed,
}

/// Rebuilds after each change the watcher reports, and tells the open pages: they
/// reload when a file changed (first when the edited page is written, again when the
/// pages that show it are), or show the error when the build failed. `tell` hears
/// what happens, to show it.
pub fn rebuild_on_change(
    watch: watch::Watch,
    builds: &Builds,
    mut build: impl FnMut(&[PathBuf], &mut dyn FnMut(&crate::Rebuilt)) -> Result<crate::Rebuilt, String>,
    tell: impl Fn(Rebuilding),
) {
    while let Some(changed) = watch.next_change() {
        tell(Rebuilding::Changed(changed.clone()));
        let started = Instant::now();
        let mut changed_first = 0;
        let mut edited = |first: &crate::Rebuilt| {
            tell(Rebuilding::EditedWritten {
                after: started.elapsed(),
            });
            changed_first = first.changed;
            builds.edited_pages_written(first.changed > 0);
        };
        match build(&changed, &mut edited) {
            Ok(rebuilt) => {
                tell(Rebuilding::Rebuilt {
                    rendered: rebuilt.rendered,
                    changed: rebuilt.changed,
                    after: started.elapsed(),
                });
                builds.finished(Ok(rebuilt.changed > changed_first));
            }
            Err(text) => {
                tell(Rebuilding::Failed);
                builds.finished(Err(text));
            }
        }
    }
}
