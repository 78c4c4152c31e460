//! Held long-polls: the open pages' requests for `/__halong/version?since=N`, kept
//! without a thread each until a build changes the version or [`LONG_POLL`] passes.
//!
//! A worker reads the request and hands its connection here, then goes back to serving
//! pages; one thread ([`Polls::answer_forever`]) answers the held connections. So any
//! number of open tabs costs sockets, not threads, and never delays a page request.

use std::net::TcpStream;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::http::{self, Response, Sending};
use super::reload::{Builds, Status, LONG_POLL};

/// The most long-polls held at once; more are told to try again shortly.
pub const MAX_HELD: usize = 1024;

/// How long answering one held poll may wait for its client (a few bytes: a client
/// that reads nothing at all).
const WRITE_TIMEOUT: Duration = Duration::from_secs(2);

/// A connection waiting for a build newer than `seen`.
struct Held {
    stream: TcpStream,
    seen: u64,
    deadline: Instant,
}

/// The held long-polls.
#[derive(Default)]
pub struct Polls {
    held: Mutex<Vec<Held>>,
}

impl Polls {
    /// Holds `stream` until the version differs from `seen`. Answers at once when it
    /// already does, or when [`MAX_HELD`] polls are already held (with a 503 the
    /// page's script retries a second later).
    pub fn hold(&self, stream: TcpStream, seen: u64, builds: &Builds) {
        let status = builds.status();
        if status.version != seen {
            return answer(stream, &status);
        }
        let mut held = self.lock();
        if held.len() >= MAX_HELD {
            drop(held);
            let busy = Response::text(503, "too many open previews; retrying")
                .with_header("Retry-After", "1");
            return http::send(stream, &busy, sending());
        }
        held.push(Held {
            stream,
            seen,
            deadline: Instant::now() + LONG_POLL,
        });
    }

    /// How many polls are held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no poll is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Answers the held polls as builds finish and deadlines pass; never returns.
    pub fn answer_forever(&self, builds: &Builds) {
        let mut version = builds.status().version;
        loop {
            // Wakes at once on a new build; otherwise each second, for deadlines and
            // for a poll held just as a build finished.
            let status = builds.wait_newer_than_for(version, Duration::from_secs(1));
            version = status.version;
            self.answer_due(&status, Instant::now());
        }
    }

    /// Answers every held poll that `status` is news to, or whose time is up.
    fn answer_due(&self, status: &Status, now: Instant) {
        let due: Vec<Held> = {
            let mut held = self.lock();
            let (due, waiting) = std::mem::take(&mut *held)
                .into_iter()
                .partition(|poll| poll.seen != status.version || poll.deadline <= now);
            *held = waiting;
            due
        };
        for poll in due {
            answer(poll.stream, status);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Held>> {
        self.held
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The body of `/__halong/version`.
pub fn status_response(status: &Status) -> Response {
    Response::new(200, "text/plain; charset=utf-8", status.body())
}

fn answer(stream: TcpStream, status: &Status) {
    http::send(stream, &status_response(status), sending());
}

fn sending() -> Sending {
    Sending {
        head_only: false,
        drain: false,
        timeout: WRITE_TIMEOUT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;

    /// A connected pair: (the server's end, the client's end).
    fn connection(listener: &TcpListener) -> (TcpStream, TcpStream) {
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (server, client)
    }

    fn read_all(mut client: TcpStream) -> String {
        let mut text = String::new();
        client.read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn held_polls_are_answered_when_a_build_finishes_or_their_time_is_up() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let builds = Builds::default();
        let polls = Polls::default();
        let (server, waiting) = connection(&listener);
        polls.hold(server, 0, &builds);
        let (server, stale) = connection(&listener);
        polls.hold(server, 7, &builds);
        assert_eq!(
            polls.len(),
            1,
            "a poll for an old version is answered at once"
        );
        assert!(read_all(stale).ends_with("\r\n\r\n0\n0\n0\n"));

        polls.answer_due(&builds.status(), Instant::now());
        assert_eq!(polls.len(), 1, "nothing new: still held");
        builds.finished(Ok(true));
        polls.answer_due(&builds.status(), Instant::now());
        assert!(polls.is_empty());
        assert!(read_all(waiting).ends_with("\r\n\r\n1\n1\n0\n"));

        let (server, timed_out) = connection(&listener);
        polls.hold(server, 1, &builds);
        polls.answer_due(&builds.status(), Instant::now() + LONG_POLL);
        assert!(polls.is_empty());
        assert!(read_all(timed_out).starts_with("HTTP/1.1 200 OK\r\n"));
    }
}
