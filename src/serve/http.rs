//! HTTP/1.1 for the preview, as little of it as a browser needs: parse one request head
//! (read by `intake` within a size limit and a deadline), write one response,
//! close the connection.
//!
//! One request per connection (`Connection: close`): on this machine a new connection
//! costs next to nothing, and a worker is then never held by a browser's idle
//! keep-alive connection. Request bodies are never read (only `GET` and `HEAD` are
//! answered), only drained before closing so the client sees the answer.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// The largest request head read (a browser's is well under 2 KiB).
pub const MAX_HEAD: usize = 16 * 1024;

/// A request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// The request target as sent: a path with its query (`/en/parks?x=1`).
    pub target: String,
    /// The `Host` header, if any.
    pub host: Option<String>,
    /// Whether the request said a body follows (`Content-Length` above 0 or
    /// `Transfer-Encoding`).
    pub has_body: bool,
}

/// Why no request could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadError {
    /// The client closed the connection before sending a whole head.
    Closed,
    /// The client was too slow.
    TimedOut,
    /// The head is larger than [`MAX_HEAD`].
    TooLarge,
    /// Not an HTTP/1.x request head.
    Malformed,
}

/// Where the blank line that ends a request head starts in `bytes`, if it is there.
pub fn head_end(bytes: &[u8]) -> Option<usize> {
    bytes.windows(4).position(|window| window == b"\r\n\r\n")
}

/// Parses a request head (without its blank line).
pub fn parse_head(head: &[u8]) -> Result<Request, ReadError> {
    let text = std::str::from_utf8(head).map_err(|_| ReadError::Malformed)?;
    let mut lines = text.split("\r\n");
    let mut request_line = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version), None) = (
        request_line.next(),
        request_line.next(),
        request_line.next(),
        request_line.next(),
    ) else {
        return Err(ReadError::Malformed);
    };
    let is_token = |text: &str| {
        !text.is_empty()
            && text
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
    };
    if !is_token(method)
        || !matches!(version, "HTTP/1.0" | "HTTP/1.1")
        || !(target.starts_with('/') || target == "*")
        || target.bytes().any(|byte| byte <= b' ' || byte == 0x7f)
    {
        return Err(ReadError::Malformed);
    }
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        host: None,
        has_body: false,
    };
    for line in lines {
        let (name, value) = line.split_once(':').ok_or(ReadError::Malformed)?;
        if !is_token(name) {
            // Includes folded lines, which start with a space.
            return Err(ReadError::Malformed);
        }
        let value = value.trim_matches([' ', '\t']);
        if name.eq_ignore_ascii_case("host") {
            if request.host.is_some() {
                return Err(ReadError::Malformed);
            }
            request.host = Some(value.to_string());
        } else if name.eq_ignore_ascii_case("transfer-encoding")
            || (name.eq_ignore_ascii_case("content-length") && value != "0")
        {
            request.has_body = true;
        }
    }
    // HTTP/1.1 requires a Host (RFC 9112, section 3.2).
    if version == "HTTP/1.1" && request.host.is_none() {
        return Err(ReadError::Malformed);
    }
    Ok(request)
}

/// A response to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Headers besides `Content-Length`, `Connection` and the ones every response has.
    pub headers: Vec<(&'static str, String)>,
    /// The body (left out for `HEAD`, though its length is still sent).
    pub body: Vec<u8>,
}

impl Response {
    /// A response with a body of type `content_type`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body: body.into(),
        }
    }

    /// A short plain-text response.
    pub fn text(status: u16, text: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", format!("{text}\n"))
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// The value of header `name`, if set.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The bytes on the wire; without the body when `head_only`.
    pub fn to_bytes(&self, head_only: bool) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str(&format!(
            "Content-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        let mut bytes = out.into_bytes();
        if !head_only {
            bytes.extend_from_slice(&self.body);
        }
        bytes
    }
}

/// How a response is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sending {
    /// Leave the body out (a `HEAD` request).
    pub head_only: bool,
    /// The client may have sent bytes that were not read (a body, or a head that was
    /// refused half-way): read them before closing.
    pub drain: bool,
    /// The longest any one write may wait for a slow client.
    pub timeout: Duration,
}

/// Writes `response` and closes the connection.
pub fn send(mut stream: TcpStream, response: &Response, how: Sending) {
    let _ = stream.set_write_timeout(Some(how.timeout));
    if stream.write_all(&response.to_bytes(how.head_only)).is_ok() {
        let _ = stream.flush();
    }
    let _ = stream.shutdown(Shutdown::Write);
    if how.drain {
        drain(stream);
    }
}

/// Reads what the client sent and nobody read, for a moment: closing a connection
/// with unread bytes makes the system reset it, and the client may then lose the
/// response it was sent.
fn drain(mut stream: TcpStream) {
    let until = Instant::now() + Duration::from_millis(500);
    let mut sink = [0u8; 4096];
    let mut drained = 0;
    while drained < 256 * 1024 {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(read) => drained += read,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_browser_request_head() {
        let head = b"GET /en/parks?sort=area HTTP/1.1\r\nHost: 127.0.0.1:1111\r\nUser-Agent: x\r\nAccept: */*";
        let request = parse_head(head).unwrap();
        assert_eq!(request.method, "GET");
        assert_eq!(request.target, "/en/parks?sort=area");
        assert_eq!(request.host.as_deref(), Some("127.0.0.1:1111"));
        assert!(!request.has_body);
        let post = parse_head(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3").unwrap();
        assert!(post.has_body);
    }

    #[test]
    fn refuses_what_is_not_an_http_1_request() {
        for head in [
            &b"GET / HTTP/2.0\r\nHost: a"[..],
            b"GET  / HTTP/1.1\r\nHost: a",
            b"GET http://a/ HTTP/1.1\r\nHost: a",
            b"GET / HTTP/1.1",
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b",
            b"GET / HTTP/1.1\r\nHost: a\r\n folded",
            b"G(T / HTTP/1.1\r\nHost: a",
            b"GET /\x01 HTTP/1.1\r\nHost: a",
        ] {
            assert_eq!(
                parse_head(head),
                Err(ReadError::Malformed),
                "{}",
                String::from_utf8_lossy(head)
            );
        }
        assert!(parse_head(b"GET / HTTP/1.0").is_ok(), "1.0 needs no Host");
    }

    #[test]
    fn a_head_response_keeps_the_length_and_drops_the_body() {
        let response = Response::text(200, "hello");
        let full = String::from_utf8(response.to_bytes(false)).unwrap();
        let head = String::from_utf8(response.to_bytes(true)).unwrap();
        assert!(full.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(full.ends_with("\r\n\r\nhello\n"));
        assert!(head.contains("Content-Length: 6\r\n"));
        assert!(head.ends_with("\r\n\r\n"));
    }
}
