//! What each request to the preview gets: the checks that keep it a local, read-only
//! preview (`Host`, method), the reload long-poll, and the output's files with the
//! rules of a static host (`/a/` -> `/a/index.html`, `/a` redirected to `/a/`, the
//! language's `404.html`), HTML with the reload script added. Pure over a request and
//! the output folder: the connection is [`super::http`]'s and the pool [`super`]'s.

use std::net::{IpAddr, SocketAddr};
use std::path::{Component, Path, PathBuf};

use super::http::{Request, Response};
use super::polls;
use super::reload::{self, Builds};

/// What to do with a request.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    /// Send this.
    Respond(Response),
    /// Hold the connection until the build version differs from this one.
    HoldPoll(u64),
}

/// The answer to `request` for the preview of the output at `root`, served at `bound`.
pub fn answer(request: &Request, root: &Path, bound: SocketAddr, builds: &Builds) -> Answer {
    answer_to(request, root, bound, None, builds)
}

/// [`answer`], also answering to the host `name` the author chose (`--base-url`).
pub fn answer_to(
    request: &Request,
    root: &Path,
    bound: SocketAddr,
    name: Option<&str>,
    builds: &Builds,
) -> Answer {
    let named = |host: &str| {
        name.is_some_and(|name| {
            let without_port = match host.rsplit_once(':') {
                Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
                _ => host,
            };
            without_port.eq_ignore_ascii_case(name)
        })
    };
    if !request
        .host
        .as_deref()
        .is_none_or(|host| is_this_machine(host, bound) || named(host))
    {
        return Answer::Respond(Response::text(
            403,
            "forbidden: this preview answers only to this computer's own addresses \
             (localhost, 127.0.0.1, [::1] or the address it listens on)",
        ));
    }
    if request.method != "GET" && request.method != "HEAD" {
        return Answer::Respond(
            Response::text(405, "method not allowed: the preview only reads")
                .with_header("Allow", "GET, HEAD"),
        );
    }
    let url = request.target.as_str();
    let (path, query) = match url.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (url, None),
    };
    if path == reload::VERSION_PATH {
        let since = query
            .and_then(|query| {
                query
                    .split('&')
                    .find_map(|pair| pair.strip_prefix("since="))
            })
            .and_then(|value| value.parse::<u64>().ok());
        return match since {
            Some(seen) if request.method == "GET" => Answer::HoldPoll(seen),
            _ => Answer::Respond(polls::status_response(&builds.status())),
        };
    }
    if path.starts_with("/__halong/") {
        return Answer::Respond(not_found(builds));
    }
    if let Some(location) = folder_redirect(root, path, query) {
        return Answer::Respond(
            Response::text(301, &format!("moved to {location}")).with_header("Location", location),
        );
    }
    let good = builds.status().good;
    let (status, file) = resolve(root, url);
    let response = match file.and_then(|file| std::fs::read(&file).ok().map(|bytes| (file, bytes)))
    {
        Some((file, bytes)) => {
            let kind = content_type(&file);
            let bytes = if kind.starts_with("text/html") {
                reload::inject(&bytes, good)
            } else {
                bytes
            };
            Response::new(status, kind, bytes)
        }
        None => not_found(builds),
    };
    Answer::Respond(response)
}

/// Still a page, so that it shows a failed build and reloads after a good one.
fn not_found(builds: &Builds) -> Response {
    Response::new(
        404,
        "text/html; charset=utf-8",
        reload::inject(NOT_FOUND.as_bytes(), builds.status().good),
    )
}

const NOT_FOUND: &str = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><p>not found</p></body></html>\n";

/// Whether a `Host` header names this machine as the preview is reached on it: the
/// name `localhost`, a loopback address, or the address the server is bound to (any
/// address of this machine when it listens on all of them), with the bound port if a
/// port is given. A page served from another name (DNS rebinding) is refused; an
/// address is never a rebound name.
pub fn is_this_machine(host: &str, bound: SocketAddr) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        // `[::1]:1111`, `127.0.0.1:1111`, `localhost:1111`; not the colons of a bare
        // IPv6 address (which a Host header always brackets).
        Some((name, port))
            if !port.contains(']') && (!name.contains(':') || name.ends_with(']')) =>
        {
            (name, Some(port))
        }
        _ => (host, None),
    };
    if port.is_some_and(|port| port.parse::<u16>() != Ok(bound.port())) {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let address = name
        .strip_prefix('[')
        .and_then(|name| name.strip_suffix(']'))
        .unwrap_or(name);
    match address.parse::<IpAddr>() {
        Ok(address) => {
            address.is_loopback() || address == bound.ip() || bound.ip().is_unspecified()
        }
        Err(_) => false,
    }
}

/// `Some(location)` when `path` names a folder of the output without the final `/`:
/// the folder's URL with it (and the query), as static hosts redirect.
pub fn folder_redirect(root: &Path, path: &str, query: Option<&str>) -> Option<String> {
    if path.ends_with('/') {
        return None;
    }
    let relative = safe_relative(&percent_decode(path))?;
    if relative.as_os_str().is_empty() || !root.join(&relative).is_dir() {
        return None;
    }
    // One leading slash: `//host/x` would be read as another site's address.
    let path = format!("/{}", path.trim_start_matches('/'));
    Some(match query {
        Some(query) => format!("{path}/?{query}"),
        None => format!("{path}/"),
    })
}

/// Maps a request URL to a file under `root` and a status; `None` for no file at all.
pub fn resolve(root: &Path, url: &str) -> (u16, Option<PathBuf>) {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path);
    let Some(relative) = safe_relative(&decoded) else {
        return (404, None);
    };
    let mut candidate = root.join(&relative);
    if candidate.is_dir() {
        candidate = candidate.join("index.html");
    }
    if candidate.is_file() {
        return (200, Some(candidate));
    }
    let language = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    let localized = root.join(&language).join("404.html");
    if !language.is_empty() && localized.is_file() {
        return (404, Some(localized));
    }
    let fallback = root.join("404.html");
    (404, fallback.is_file().then_some(fallback))
}

/// A URL path as a relative path with no `..`, root or prefix components, and no
/// hidden ones: the output holds no dot-files but halong's marker, which is not a page.
fn safe_relative(path: &str) -> Option<PathBuf> {
    if path.contains('\0') || path.contains('\\') {
        return None;
    }
    let mut relative = PathBuf::new();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) if part.to_string_lossy().starts_with('.') => return None,
            Component::Normal(part) => relative.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(relative)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            let hex = |byte: u8| (byte as char).to_digit(16);
            if let (Some(high), Some(low)) = (hex(bytes[index + 1]), hex(bytes[index + 2])) {
                out.push((high * 16 + low) as u8);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The `Content-Type` of a file the output can hold, by its extension; text types
/// say they are UTF-8 (halong writes nothing else). JSON has no charset parameter (it
/// is always UTF-8: RFC 8259).
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|extension| extension.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_leaves_the_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("vi")).unwrap();
        std::fs::write(dir.path().join("vi/index.html"), "vi").unwrap();
        assert_eq!(resolve(dir.path(), "/vi/").0, 200);
        for attack in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/vi/%2E%2E/%2E%2E/x",
            "/..%2fsecret",
            "/vi\\..\\x",
        ] {
            let (status, path) = resolve(dir.path(), attack);
            assert_eq!(status, 404, "{attack}");
            assert!(
                path.is_none() || path.as_ref().unwrap().starts_with(dir.path()),
                "{attack}"
            );
        }
    }

    fn request(method: &str, target: &str, host: Option<&str>) -> Request {
        Request {
            method: method.into(),
            target: target.into(),
            host: host.map(str::to_string),
            has_body: false,
        }
    }

    fn respond(root: &Path, request: &Request) -> Response {
        let bound: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        match answer(request, root, bound, &Builds::default()) {
            Answer::Respond(response) => response,
            Answer::HoldPoll(seen) => panic!("held the poll since {seen}"),
        }
    }

    #[test]
    fn only_this_machine_s_names_are_answered() {
        let loopback: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for host in [
            "localhost:1111",
            "LOCALHOST:1111",
            "127.0.0.1:1111",
            "127.0.0.2:1111",
            "[::1]:1111",
            "localhost",
            "127.0.0.1",
        ] {
            assert!(is_this_machine(host, loopback), "{host}");
        }
        for host in [
            "evil.example:1111",
            "evil.example",
            "localhost.evil.example:1111",
            "127.0.0.1:2222",
            "192.168.1.5:1111",
            "[::1]:2222",
            "",
        ] {
            assert!(!is_this_machine(host, loopback), "{host}");
        }
        let lan: SocketAddr = "192.168.1.5:1111".parse().unwrap();
        assert!(is_this_machine("192.168.1.5:1111", lan));
        assert!(!is_this_machine("192.168.1.6:1111", lan));
        let everywhere: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(is_this_machine("192.168.1.5:1111", everywhere));
        assert!(!is_this_machine("rebound.example:1111", everywhere));
    }

    #[test]
    fn the_name_of_the_chosen_base_url_is_answered_and_no_other() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<html><body></body></html>").unwrap();
        let bound: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        let status = |host: &str| match answer_to(
            &request("GET", "/", Some(host)),
            dir.path(),
            bound,
            Some("laptop.local"),
            &Builds::default(),
        ) {
            Answer::Respond(response) => response.status,
            Answer::HoldPoll(_) => panic!("not a poll"),
        };
        assert_eq!(status("laptop.local:1111"), 200);
        assert_eq!(status("LAPTOP.local"), 200);
        assert_eq!(status("laptop.local.evil.example:1111"), 403);
        assert_eq!(status("evil.example:1111"), 403);
    }

    #[test]
    fn a_foreign_host_is_forbidden_and_a_write_is_not_allowed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<body></body>").unwrap();
        let foreign = respond(dir.path(), &request("GET", "/", Some("evil.example:1111")));
        assert_eq!(foreign.status, 403);
        for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
            let refused = respond(dir.path(), &request(method, "/", Some("localhost:1111")));
            assert_eq!(refused.status, 405, "{method}");
            assert_eq!(refused.header("Allow"), Some("GET, HEAD"));
        }
        let page = respond(dir.path(), &request("HEAD", "/", Some("localhost:1111")));
        assert_eq!(page.status, 200);
        // HTTP/1.0 clients may send no Host at all.
        assert_eq!(respond(dir.path(), &request("GET", "/", None)).status, 200);
    }

    #[test]
    fn a_folder_without_its_slash_is_redirected_with_its_query() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("en/parks")).unwrap();
        std::fs::write(dir.path().join("en/parks/index.html"), "parks").unwrap();
        let host = Some("127.0.0.1:1111");
        let moved = respond(dir.path(), &request("GET", "/en/parks?sort=area", host));
        assert_eq!(moved.status, 301);
        assert_eq!(moved.header("Location"), Some("/en/parks/?sort=area"));
        let moved = respond(dir.path(), &request("GET", "//en/parks", host));
        assert_eq!(moved.header("Location"), Some("/en/parks/"));
        assert_eq!(
            respond(dir.path(), &request("GET", "/en/parks/", host)).status,
            200
        );
        let file = respond(dir.path(), &request("GET", "/en/parks/index.html", host));
        assert_eq!(file.status, 200);
    }

    #[test]
    fn the_marker_and_other_hidden_files_are_not_served() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(crate::output::MARKER), "made by halong").unwrap();
        let host = Some("127.0.0.1:1111");
        let marker = format!("/{}", crate::output::MARKER);
        assert_eq!(
            respond(dir.path(), &request("GET", &marker, host)).status,
            404
        );
    }

    #[test]
    fn long_polls_are_held_and_plain_status_requests_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let bound: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        let builds = Builds::default();
        let host = Some("127.0.0.1:1111");
        let poll = request("GET", "/__halong/version?since=3", host);
        assert_eq!(
            answer(&poll, dir.path(), bound, &builds),
            Answer::HoldPoll(3)
        );
        let status = request("GET", "/__halong/version", host);
        assert!(matches!(
            answer(&status, dir.path(), bound, &builds),
            Answer::Respond(Response { status: 200, .. })
        ));
    }

    #[test]
    fn every_kind_of_output_file_has_its_type() {
        for (name, expected) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.mjs", "text/javascript; charset=utf-8"),
            ("a.json", "application/json"),
            ("a.xml", "application/xml; charset=utf-8"),
            ("a.csv", "text/csv; charset=utf-8"),
            ("a.txt", "text/plain; charset=utf-8"),
            ("a.svg", "image/svg+xml; charset=utf-8"),
            ("a.woff2", "font/woff2"),
            ("a.woff", "font/woff"),
            ("a.ttf", "font/ttf"),
            ("a.pdf", "application/pdf"),
            ("a.webp", "image/webp"),
            ("a.avif", "image/avif"),
            ("a.png", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("A.JPEG", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.ico", "image/x-icon"),
            ("a.webmanifest", "application/manifest+json"),
        ] {
            assert_eq!(content_type(Path::new(name)), expected, "{name}");
        }
    }
}
