//! Intake: reads the request heads of every new connection on one thread, without
//! waiting on any of them, and hands each whole request to the workers.
//!
//! A worker is given a connection only once its request is read, so connections that
//! send nothing yet (a browser opens spare ones ahead of time) or send slowly cost a
//! socket, not a worker, and can never hold up a page. Each has [`READ_TIMEOUT`] to
//! send its head; then it gets a 408 and is closed. The sockets are non-blocking while
//! here; one pass reads what each has sent, then the thread waits a millisecond for a
//! new connection before the next pass.

use std::io::{self, Read};
use std::net::TcpStream;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::time::{Duration, Instant};

use super::http::{self, ReadError, Request, Response, Sending};

/// How long a client may take to send its request head.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The most connections waiting to send their head; more are refused at once.
pub const MAX_PENDING: usize = 1024;

/// How long one pass waits for a new connection when nothing else happened.
const PAUSE: Duration = Duration::from_millis(1);

/// A connection whose request head is not complete yet.
struct Pending {
    stream: TcpStream,
    head: Vec<u8>,
    deadline: Instant,
}

/// What [`read_more`] found.
enum Progress {
    /// Nothing new.
    Waiting,
    /// More bytes, but not the whole head.
    Partial,
    /// The whole head, parsed.
    Done(Result<Request, ReadError>),
}

/// Reads heads from the connections `accepted` sends and passes each request to
/// `workers`, giving each connection `read_timeout` to send its head ([`READ_TIMEOUT`]
/// in the server); runs until `accepted` is closed.
pub fn run(
    accepted: Receiver<TcpStream>,
    workers: SyncSender<(TcpStream, Request)>,
    read_timeout: Duration,
) {
    let mut pending: Vec<Pending> = Vec::new();
    loop {
        // Block while idle; otherwise only pause between passes.
        let next = if pending.is_empty() {
            accepted.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            accepted.recv_timeout(PAUSE)
        };
        match next {
            Ok(stream) => admit(stream, &mut pending, read_timeout),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        while let Ok(stream) = accepted.try_recv() {
            admit(stream, &mut pending, read_timeout);
        }
        let now = Instant::now();
        let mut index = 0;
        while index < pending.len() {
            match read_more(&mut pending[index]) {
                Progress::Partial => index += 1,
                Progress::Waiting if pending[index].deadline > now => index += 1,
                Progress::Waiting => {
                    let late = pending.swap_remove(index);
                    refuse(late.stream, ReadError::TimedOut);
                }
                Progress::Done(result) => {
                    let done = pending.swap_remove(index);
                    hand_over(done.stream, result, &workers);
                }
            }
        }
    }
}

/// Takes a new connection in, non-blocking, or refuses it when too many wait.
fn admit(stream: TcpStream, pending: &mut Vec<Pending>, read_timeout: Duration) {
    if pending.len() >= MAX_PENDING || stream.set_nonblocking(true).is_err() {
        let _ = stream.set_nonblocking(false);
        return busy(stream);
    }
    pending.push(Pending {
        stream,
        head: Vec::new(),
        deadline: Instant::now() + read_timeout,
    });
}

/// Reads what `pending` has sent so far.
fn read_more(pending: &mut Pending) -> Progress {
    let mut chunk = [0u8; 4096];
    let mut progressed = false;
    loop {
        match pending.stream.read(&mut chunk) {
            Ok(0) => return Progress::Done(Err(ReadError::Closed)),
            Ok(read) => {
                progressed = true;
                let from = pending.head.len().saturating_sub(3);
                pending.head.extend_from_slice(&chunk[..read]);
                if let Some(end) = http::head_end(&pending.head[from..]) {
                    return Progress::Done(http::parse_head(&pending.head[..from + end]));
                }
                if pending.head.len() > http::MAX_HEAD {
                    return Progress::Done(Err(ReadError::TooLarge));
                }
            }
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                return if progressed {
                    Progress::Partial
                } else {
                    Progress::Waiting
                };
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Progress::Done(Err(ReadError::Closed)),
        }
    }
}

/// Gives a read request to the workers, or answers a bad one here.
fn hand_over(
    stream: TcpStream,
    result: Result<Request, ReadError>,
    workers: &SyncSender<(TcpStream, Request)>,
) {
    let _ = stream.set_nonblocking(false);
    match result {
        Ok(request) => {
            if let Err(TrySendError::Full((stream, _)) | TrySendError::Disconnected((stream, _))) =
                workers.try_send((stream, request))
            {
                busy(stream);
            }
        }
        Err(ReadError::Closed) => {}
        Err(error) => refuse(stream, error),
    }
}

fn refuse(stream: TcpStream, error: ReadError) {
    let _ = stream.set_nonblocking(false);
    let response = match error {
        ReadError::TimedOut => Response::text(408, "request timeout"),
        ReadError::TooLarge => Response::text(431, "request header fields too large"),
        ReadError::Malformed | ReadError::Closed => Response::text(400, "bad request"),
    };
    http::send(stream, &response, quick());
}

/// Too many connections at once: the client may try again in a second.
pub fn busy(stream: TcpStream) {
    let response =
        Response::text(503, "the preview is busy; try again").with_header("Retry-After", "1");
    http::send(stream, &response, quick());
}

/// Answers sent from this thread must not hold it up: a short write deadline, and no
/// waiting to read what the client has left unsent.
fn quick() -> Sending {
    Sending {
        head_only: false,
        drain: false,
        timeout: Duration::from_millis(200),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpListener;
    use std::sync::mpsc;

    #[test]
    fn silent_and_slow_connections_wait_here_and_time_out_without_holding_up_others() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let (to_intake, accepted) = mpsc::sync_channel(64);
        let (to_workers, requests) = mpsc::sync_channel(64);
        std::thread::spawn(move || run(accepted, to_workers, Duration::from_millis(300)));
        let accept = || {
            let (server, _) = listener.accept().unwrap();
            to_intake.send(server).unwrap();
        };

        // Many connections that send nothing, one that sends half a head...
        let silent: Vec<TcpStream> = (0..20)
            .map(|_| {
                let client = TcpStream::connect(address).unwrap();
                accept();
                client
            })
            .collect();
        let mut slow = TcpStream::connect(address).unwrap();
        accept();
        slow.write_all(b"GET /slow HTTP/1.1\r\nHo").unwrap();
        // ...and one whole request, which goes to the workers at once.
        let mut whole = TcpStream::connect(address).unwrap();
        accept();
        whole
            .write_all(b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        let (_, request) = requests.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(request.target, "/en/");

        // Past the deadline, the others are told so and closed; none reached a worker.
        for mut client in silent.into_iter().chain([slow]) {
            client
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            let mut answer = String::new();
            client.read_to_string(&mut answer).unwrap();
            assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
        }
        assert!(requests.try_recv().is_err());
    }
}
