//! `halong serve` end to end: the real binary on a small fixture site of its own,
//! asked over plain HTTP/1.0; it says at once where it will serve, injects the reload
//! script, never leaves the output folder, rebuilds after an edit and keeps serving
//! the last good build after a bad one. It stays a local, read-only preview (a foreign
//! `Host` gets 403, a write 405), behaves like a static host (folders redirected to
//! their `/`, the right content types), and many open pages' long-polls never hold up
//! a page. A taken port, a bad `--bind` and `--base-url` are explained or honoured.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Kills the server when the test ends, panics included.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Status code and body of `GET path`.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("read the response");
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response:?}"));
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default();
    (status, body)
}

/// The build version reported by `/__halong/version` (its first line), and the body.
fn version(port: u16) -> (u64, String) {
    let (status, body) = get(port, "/__halong/version");
    assert_eq!(status, 200);
    (number_in(&body), body)
}

fn number_in(body: &str) -> u64 {
    body.lines()
        .next()
        .and_then(|line| line.parse().ok())
        .unwrap_or_else(|| panic!("no version in {body:?}"))
}

/// How many long-polls (each answered within 20 s, at once when a build lands) to
/// wait through before giving up: a guard against a server that never rebuilds, not a
/// measure of how fast it does.
const POLLS_BEFORE_GIVING_UP: usize = 15;

/// Waits, as the page's own script does, on the reload long-poll until the version
/// differs from `seen` and the rebuild has written every page (the third line,
/// `busy`, is `0`); returns the status body.
fn wait_for_new_version(port: u16, seen: u64) -> String {
    let mut last = seen;
    for _ in 0..POLLS_BEFORE_GIVING_UP {
        let (status, body) = get(port, &format!("/__halong/version?since={last}"));
        assert_eq!(status, 200, "{body}");
        let number = number_in(&body);
        if number != seen && body.lines().nth(2) == Some("0") {
            return body;
        }
        last = number;
    }
    panic!("no finished rebuild after {POLLS_BEFORE_GIVING_UP} long-polls");
}

/// A running `halong serve`: its port, and the lines it printed on standard error.
struct Preview {
    serving: Serving,
    port: u16,
    /// The line with the URL on standard output.
    line: String,
    errors: mpsc::Receiver<String>,
}

impl Preview {
    /// The standard-error lines printed until one contains `until` (or a minute
    /// passes without a line).
    fn error_lines(&self, until: &str) -> Vec<String> {
        let mut lines = Vec::new();
        while let Ok(line) = self.errors.recv_timeout(Duration::from_secs(60)) {
            let done = line.contains(until);
            lines.push(line);
            if done {
                break;
            }
        }
        lines
    }
}

/// Starts `halong serve --port 0` on `root` with `extra` arguments.
fn serve_with(root: &Path, extra: &[&str]) -> Preview {
    let mut child = Command::new(env!("CARGO_BIN_EXE_halong"))
        .args(["serve", "--output"])
        .arg(root.join("public"))
        .arg("--root")
        .arg(root)
        .args(extra)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start halong serve");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let serving = Serving(child);
    // Keep reading both, so the server never blocks on a full pipe.
    let (to_test, errors) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = to_test.send(line);
        }
    });
    let mut lines = BufReader::new(stdout).lines();
    let line = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|line| line.starts_with("serving "))
        .expect("the server prints its URL");
    std::thread::spawn(move || lines.for_each(drop));
    let listening = line
        .rsplit_once("(listening on ")
        .map_or(line.rsplit(' ').next().unwrap(), |(_, rest)| {
            rest.trim_end_matches(')')
        });
    let port = listening
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line}"));
    Preview {
        serving,
        port,
        line,
        errors,
    }
}

/// Starts `halong serve --port 0` on `root` and returns it with the port it printed.
fn serve(root: &Path) -> (Serving, u16) {
    let preview = serve_with(root, &["--port", "0"]);
    assert!(
        preview.line.contains(" at http://127.0.0.1:"),
        "{}",
        preview.line
    );
    (preview.serving, preview.port)
}

#[test]
fn serves_reloads_and_keeps_the_last_good_build() {
    let site = tempfile::tempdir().unwrap();
    common::SiteTest::new().write_to(site.path());
    let (_serving, port) = serve(site.path());

    for page in ["/", "/vi/"] {
        let (status, body) = get(port, page);
        assert_eq!(status, 200, "{page}");
        assert!(
            body.contains("/__halong/version"),
            "{page}: no reload script"
        );
        let script = body.find("/__halong/version").unwrap();
        assert!(
            body[script..].contains("</body>"),
            "{page}: script after </body>"
        );
    }
    let on_disk = std::fs::read_to_string(site.path().join("public/vi/index.html")).unwrap();
    assert!(
        !on_disk.contains("__halong"),
        "the built file has the script"
    );

    for attack in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/vi/%2E%2E/%2E%2E/site.yaml",
    ] {
        let (status, body) = get(port, attack);
        assert_eq!(status, 404, "{attack}");
        assert!(!body.contains("languages:"), "{attack} leaked site.yaml");
    }

    // An edit is rebuilt and served.
    let park = site.path().join("content/parks/park-alpha.yaml");
    let text = std::fs::read_to_string(&park).unwrap();
    let (before, _) = version(port);
    std::fs::write(
        &park,
        text.replace(
            "en: Song Khoai Industrial Park",
            "en: Song Khoai Seaside Park",
        ),
    )
    .unwrap();
    let body = wait_for_new_version(port, before);
    assert_eq!(
        body.lines().nth(3).unwrap_or(""),
        "",
        "unexpected error: {body}"
    );
    let (status, page) = get(port, "/en/parks/park-alpha/");
    assert_eq!(status, 200);
    assert!(
        page.contains("Song Khoai Seaside Park"),
        "the new name is not served"
    );

    // A broken file is reported, and the last good build is still served.
    let (before, _) = version(port);
    std::fs::write(&park, "name: {vi: [unclosed\n").unwrap();
    let body = wait_for_new_version(port, before);
    assert!(body.contains("error["), "no diagnostics in {body:?}");
    assert!(body.contains("content/parks/park-alpha.yaml"), "{body}");
    let (status, page) = get(port, "/en/parks/park-alpha/");
    assert_eq!(status, 200);
    assert!(
        page.contains("Song Khoai Seaside Park"),
        "the last good build is gone"
    );
}

#[test]
fn serve_says_at_once_that_it_builds_and_where_it_will_serve() {
    let site = tempfile::tempdir().unwrap();
    common::SiteTest::new().write_to(site.path());
    let preview = serve_with(site.path(), &["--port", "0"]);
    let url = format!("http://127.0.0.1:{}/", preview.port);
    let lines = preview.error_lines("rendering ");
    assert!(
        lines[0].starts_with("building ")
            && lines[0].ends_with(&format!("for the preview at {url}")),
        "the first line: {lines:?}"
    );
    assert!(preview.line.ends_with(&url), "{}", preview.line);
}

#[test]
fn a_taken_port_is_named_and_the_next_free_one_offered_or_taken() {
    let site = tempfile::tempdir().unwrap();
    common::SiteTest::new().write_to(site.path());
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = common::halong(&[
        "serve",
        "--root",
        site.path().to_str().unwrap(),
        "-p",
        &port,
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", run.stdout);
    assert!(
        run.stderr
            .contains(&format!("error: port {port} is in use on 127.0.0.1")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: stop the program using it, or pass --port "),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("serving"), "{}", run.stdout);

    // Without --port, the default 1111 gives way to the next free port. Hold 1111 (it
    // may already be held by a preview someone left running: all the same).
    let _default = std::net::TcpListener::bind("127.0.0.1:1111");
    let preview = serve_with(site.path(), &[]);
    assert_ne!(preview.port, 1111);
    let lines = preview.error_lines("port 1111");
    let warning = lines.last().unwrap();
    assert!(
        warning.contains("port 1111 is in use")
            && warning.contains(&format!("serving on port {} instead", preview.port)),
        "{lines:?}"
    );
    assert_eq!(get(preview.port, "/en/").0, 200);
}

#[test]
fn a_bind_address_that_is_not_this_computer_s_says_so() {
    let site = tempfile::tempdir().unwrap();
    common::SiteTest::new().write_to(site.path());
    let root = site.path().to_str().unwrap();
    // A name that cannot resolve, and an address of the documentation range
    // (RFC 5737) that no computer here has.
    for bind in ["no-such-host.invalid", "192.0.2.7"] {
        let run = common::halong(&["serve", "--root", root, "-p", "0", "-i", bind]);
        assert_eq!(run.status.code(), Some(1), "{bind}: {}", run.stdout);
        assert!(
            run.stderr.contains(&format!(
                "error: `--bind {bind}` is not an address of this computer"
            )),
            "{bind}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("127.0.0.1") && run.stderr.contains("0.0.0.0"),
            "{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("port"),
            "{bind}: not about the port: {}",
            run.stderr
        );
    }
}

#[test]
fn base_url_makes_pages_link_to_the_address_another_device_opens() {
    let site = tempfile::tempdir().unwrap();
    common::SiteTest::new().write_to(site.path());
    let preview = serve_with(site.path(), &["-p", "0", "-u", "http://laptop.test:8080"]);
    assert!(
        preview
            .line
            .contains(" at http://laptop.test:8080/ (listening on http://127.0.0.1:"),
        "{}",
        preview.line
    );
    let answer = exchange(
        preview.port,
        "GET /en/ HTTP/1.1\r\nHost: laptop.test:8080\r\n\r\n",
    );
    assert_eq!(answer.status, 200, "the chosen name is answered");
    let page = String::from_utf8_lossy(&answer.body).into_owned();
    assert!(
        page.contains("\"http://laptop.test:8080/en/\""),
        "pages link to the chosen address"
    );
    let other = exchange(
        preview.port,
        "GET /en/ HTTP/1.1\r\nHost: other.test:8080\r\n\r\n",
    );
    assert_eq!(other.status, 403, "any other name is still refused");

    let run = common::halong(&[
        "serve",
        "--root",
        site.path().to_str().unwrap(),
        "-p",
        "0",
        "--base-url",
        "http://laptop.test/portal/",
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        run.stderr.contains("has a path (`/portal/`)"),
        "{}",
        run.stderr
    );
}

/// A response as a client sees it.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    /// The value of header `name`.
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Sends `request` as written and reads the whole answer.
fn exchange(port: u16, request: &str) -> Answer {
    exchange_within(port, request, Duration::from_secs(30))
}

/// Like [`exchange`], failing if no answer comes within `patience`.
fn exchange_within(port: u16, request: &str, patience: Duration) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(patience)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("read the response");
    let split = response
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&response)));
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {head:?}"));
    Answer {
        status,
        head,
        body: response[split + 4..].to_vec(),
    }
}

/// The small test site, written into a temp dir and served.
fn serve_test_site() -> (tempfile::TempDir, Serving, u16) {
    let dir = tempfile::tempdir().unwrap();
    common::SiteTest::new().write_to(dir.path());
    let (serving, port) = serve(dir.path());
    (dir, serving, port)
}

#[test]
fn the_preview_only_reads_and_only_answers_this_computer() {
    let (_dir, _serving, port) = serve_test_site();
    let here = format!("127.0.0.1:{port}");

    for request in [
        format!("POST /en/ HTTP/1.1\r\nHost: {here}\r\nContent-Length: 7\r\n\r\nname=x&"),
        format!("PUT /en/index.html HTTP/1.1\r\nHost: {here}\r\nContent-Length: 0\r\n\r\n"),
        format!("DELETE /en/ HTTP/1.1\r\nHost: {here}\r\n\r\n"),
        format!("OPTIONS * HTTP/1.1\r\nHost: {here}\r\n\r\n"),
    ] {
        let answer = exchange(port, &request);
        let method = request.split(' ').next().unwrap();
        assert_eq!(answer.status, 405, "{method}");
        assert_eq!(answer.header("Allow"), Some("GET, HEAD"), "{method}");
    }

    // DNS rebinding: a page from another site whose name now points here.
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
    ] {
        let answer = exchange(port, &format!("GET /en/ HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        assert_eq!(answer.status, 403, "{host}");
        assert!(
            !String::from_utf8_lossy(&answer.body).contains("<html"),
            "{host} was shown the page"
        );
    }
    for host in [
        here.clone(),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let answer = exchange(port, &format!("GET /en/ HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        assert_eq!(answer.status, 200, "{host}");
    }

    let head = exchange(port, &format!("HEAD /en/ HTTP/1.1\r\nHost: {here}\r\n\r\n"));
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "a HEAD answer has no body");
    let length: usize = head.header("Content-Length").unwrap().parse().unwrap();
    assert!(length > 1000, "{}", head.head);

    // A folder without its slash, as static hosts do it, keeping the query.
    let moved = exchange(
        port,
        &format!("GET /en/parks?sort=area HTTP/1.1\r\nHost: {here}\r\n\r\n"),
    );
    assert!(matches!(moved.status, 301 | 308), "{}", moved.head);
    assert_eq!(moved.header("Location"), Some("/en/parks/?sort=area"));
    let (status, page) = get(port, "/en/parks/?sort=area");
    assert_eq!(status, 200);
    assert!(page.contains("park-alpha"), "the list of parks");

    for (path, expected) in [
        ("/en/", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/search.js", "text/javascript; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/fonts/BeVietnamPro-Regular.woff2", "font/woff2"),
        ("/fonts/BeVietnamPro-Regular.ttf", "font/ttf"),
        ("/fonts/OFL-BeVietnamPro.txt", "text/plain; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/en/atom.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/data/parks.csv", "text/csv; charset=utf-8"),
        ("/data/parks.json", "application/json"),
        ("/en/search-index.json", "application/json"),
    ] {
        let answer = exchange(
            port,
            &format!("GET {path} HTTP/1.1\r\nHost: {here}\r\n\r\n"),
        );
        assert_eq!(answer.status, 200, "{path}");
        assert_eq!(answer.header("Content-Type"), Some(expected), "{path}");
    }

    // The output's marker is not part of the site.
    let marker = format!("/{}", halong::output::MARKER);
    assert_eq!(get(port, &marker).0, 404);
}

/// The number of threads of process `pid` (Linux).
#[cfg(target_os = "linux")]
fn threads_of(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|count| count.trim().parse().ok())
        .unwrap()
}

#[test]
fn many_held_long_polls_and_idle_connections_do_not_hold_up_a_page() {
    let (dir, serving, port) = serve_test_site();
    let (seen, _) = version(port);
    // As many open tabs as a long day of previewing leaves: each long-polls for the
    // next build.
    let polls: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(
                stream,
                "GET /__halong/version?since={seen} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
            )
            .unwrap();
            stream
        })
        .collect();

    // And connections that send nothing, as a browser's spare ones do.
    let idle: Vec<TcpStream> = (0..30)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();

    // A page is answered while they wait. The polls are held for 20 s when no build
    // comes, idle connections 10 s; a page queued behind either would not come back
    // within the 5 s given here (a wait, not a measure: a page takes milliseconds).
    let page = exchange_within(
        port,
        &format!("GET /en/parks/park-alpha/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
        Duration::from_secs(5),
    );
    assert_eq!(page.status, 200);
    assert!(String::from_utf8_lossy(&page.body).contains("Song Khoai"));
    #[cfg(target_os = "linux")]
    {
        let threads = threads_of(serving.0.id());
        assert!(
            threads < 64,
            "{threads} threads for 300 held long-polls: not a bounded pool"
        );
    }
    drop(idle);

    // An edit answers every one of them with the new version.
    let park = dir.path().join("content/parks/park-alpha.yaml");
    let text = std::fs::read_to_string(&park).unwrap();
    std::fs::write(
        &park,
        text.replace("Song Khoai Industrial Park", "Song Khoai Park"),
    )
    .unwrap();
    for mut stream in polls {
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200 "), "{response}");
        let body = response.split_once("\r\n\r\n").unwrap().1;
        assert_ne!(
            body.lines().next(),
            Some(seen.to_string().as_str()),
            "{body}"
        );
    }
}
