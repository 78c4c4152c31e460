//! A built site as a web server serves it: a small HTTP client, a crawler that follows
//! every link, and the checks every server configuration of the deployment guide
//! must pass (`tests/nginx.rs`, `tests/apache.rs`).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::Duration;

use super::{attr_of, attribute_values, cli_build, repo, tags_with};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

/// An HTTP response.
pub struct Response {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

/// GET `path` over HTTP/1.1 with `Connection: close`.
pub fn get(port: u16, path: &str, extra: &[(&str, &str)]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut request =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (name, value) in extra {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let headers: BTreeMap<String, String> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .get("transfer-encoding")
        .is_some_and(|value| value == "chunked")
    {
        body = unchunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

pub fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(end) = data.windows(2).position(|window| window == b"\r\n") else {
            return out;
        };
        let size_text = String::from_utf8_lossy(&data[..end]);
        let size =
            usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
}

/// `reference` as a path on this server, or None when it leads elsewhere.
pub fn internal_path(page: &str, reference: &str, origin: &str) -> Option<String> {
    let reference = reference.split('#').next().unwrap_or_default();
    let reference = reference.split('?').next().unwrap_or_default();
    if reference.is_empty() {
        return None;
    }
    let path = if let Some(rest) = reference.strip_prefix(origin) {
        format!("/{}", rest.trim_start_matches('/'))
    } else if reference.contains(':') || reference.starts_with("//") {
        return None;
    } else if reference.starts_with('/') {
        reference.to_string()
    } else {
        let directory = &page[..page.rfind('/').map_or(0, |slash| slash + 1)];
        format!("{directory}{reference}")
    };
    // Remove `.` and `..` segments.
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    for (index, part) in parts.iter().enumerate() {
        match *part {
            "." => {}
            ".." => {
                segments.pop();
            }
            part => segments.push(part),
        }
        if index + 1 == parts.len() && matches!(*part, "." | "..") {
            segments.push("");
        }
    }
    Some(format!("/{}", segments.join("/")))
}

/// Every file reachable from `start` through `href` and `src`, with its response
/// head; panics on a link that does not answer 200.
pub fn crawl(port: u16, start: &str) -> BTreeMap<String, Response> {
    let origin = format!("http://127.0.0.1:{port}");
    let mut seen = BTreeSet::from([start.to_string()]);
    let mut queue = VecDeque::from([(start.to_string(), "(start)".to_string())]);
    let mut found = BTreeMap::new();
    let mut broken = Vec::new();
    while let Some((path, from)) = queue.pop_front() {
        let response = get(port, &path, &[]);
        if response.status != 200 {
            broken.push(format!(
                "{path} answered {} (linked from {from})",
                response.status
            ));
            continue;
        }
        if response
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
        {
            let html = String::from_utf8_lossy(&response.body).into_owned();
            // What browsers fetch, and what link previews do (og:image, og:url).
            let previews = tags_with(&html, &["<meta", "property=\"og:"])
                .into_iter()
                .filter_map(|tag| attr_of(tag, "content"))
                .filter(|content| content.starts_with(&origin))
                .collect::<Vec<_>>();
            for reference in attribute_values(&html, "href")
                .into_iter()
                .chain(attribute_values(&html, "src"))
                .chain(previews)
            {
                if let Some(target) = internal_path(&path, &reference, &origin) {
                    if seen.insert(target.clone()) {
                        queue.push_back((target, path.clone()));
                    }
                }
            }
        }
        found.insert(
            path,
            Response {
                body: Vec::new(),
                ..response
            },
        );
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    found
}

/// The Content-Types a server may send for a file, by its extension (the deployment
/// guide's table: XML and JavaScript have two accepted names).
pub fn expected_types(path: &str) -> &'static [&'static str] {
    let name = path.rsplit('/').next().unwrap_or_default();
    if name.is_empty() || name.ends_with(".html") {
        return &["text/html; charset=utf-8"];
    }
    if name == "atom.xml" {
        return &["application/atom+xml; charset=utf-8"];
    }
    match name.rsplit_once('.').map_or("", |(_, extension)| extension) {
        "xml" => &["text/xml; charset=utf-8", "application/xml; charset=utf-8"],
        "json" => &["application/json; charset=utf-8"],
        "csv" => &["text/csv; charset=utf-8"],
        "svg" => &["image/svg+xml; charset=utf-8"],
        "css" => &["text/css; charset=utf-8"],
        "js" => &[
            "application/javascript; charset=utf-8",
            "text/javascript; charset=utf-8",
        ],
        "txt" => &["text/plain; charset=utf-8"],
        "woff2" => &["font/woff2"],
        "png" => &["image/png"],
        other => {
            panic!("the crawl reached a file of a kind this test does not know: .{other} ({path})")
        }
    }
}

/// A redirect's target on this server, whether the server wrote it absolute or not.
pub fn location(port: u16, response: &Response) -> String {
    let location = response.header("location").unwrap_or_default();
    location
        .strip_prefix(&format!("http://127.0.0.1:{port}"))
        .unwrap_or(location)
        .to_string()
}

pub fn html_lang(response: &Response) -> String {
    let html = String::from_utf8_lossy(&response.body);
    let start = html.find("<html lang=\"").expect("an <html lang>") + "<html lang=\"".len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

/// Builds the bundled portal for `base` into `output`.
pub fn build(base: &str, output: &Path) {
    let run = cli_build(&repo(), output, Some(base));
    assert!(run.status.success(), "halong build failed:\n{}", run.stderr);
}

/// What both builds must pass; `prefix` is `/` or `/portal/`.
pub fn check_site(port: u16, prefix: &str) {
    let found = crawl(port, prefix);
    assert!(
        found.len() > 100,
        "the crawl reached only {} files",
        found.len()
    );
    let mut kinds = BTreeSet::new();
    for (path, response) in &found {
        let expected = expected_types(path);
        let sent = response.header("content-type").unwrap_or_default();
        assert!(
            expected.contains(&sent),
            "{path}: {sent}, not one of {expected:?}"
        );
        let name = path.rsplit('/').next().unwrap_or_default();
        kinds.insert(
            name.rsplit_once('.')
                .map_or("html", |(_, extension)| extension)
                .to_string(),
        );
    }
    // Every kind of file the portal has was reached through a link.
    for kind in [
        "html", "xml", "json", "csv", "svg", "woff2", "png", "css", "js",
    ] {
        assert!(
            kinds.contains(kind),
            "no link reached a .{kind} file: {kinds:?}"
        );
    }

    // Caching: fonts long, theme files an hour, pages always revalidated.
    let cache = |path: &str| {
        get(port, &format!("{prefix}{path}"), &[])
            .header("cache-control")
            .map(str::to_string)
    };
    assert_eq!(
        cache("fonts/BeVietnamPro-Regular.woff2").as_deref(),
        Some("max-age=2592000")
    );
    assert_eq!(cache("style.css").as_deref(), Some("max-age=3600"));
    assert_eq!(cache("en/card.png").as_deref(), Some("max-age=86400"));
    assert_eq!(cache("en/").as_deref(), Some("no-cache"));
    assert_eq!(cache("data/parks.csv").as_deref(), Some("no-cache"));

    // Compression of text.
    for path in [
        "style.css",
        "en/compare/",
        "data/parks.json",
        "data/parks.csv",
    ] {
        let response = get(
            port,
            &format!("{prefix}{path}"),
            &[("Accept-Encoding", "gzip")],
        );
        assert_eq!(response.header("content-encoding"), Some("gzip"), "{path}");
        assert_eq!(response.header("vary"), Some("Accept-Encoding"), "{path}");
    }

    // A missing page gets its language's 404 page, with status 404.
    for (path, language) in [
        ("en/parks/no-such-park/", "en"),
        ("en/no-such-page", "en"),
        ("vi/parks/no-such-park/", "vi"),
        ("no-such-page/", "vi"),
        (".halong-output", "vi"),
    ] {
        let response = get(port, &format!("{prefix}{path}"), &[]);
        assert_eq!(response.status, 404, "{prefix}{path}");
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(html_lang(&response), language, "{prefix}{path}");
        assert!(String::from_utf8_lossy(&response.body).contains("noindex"));
    }

    // A folder without its slash is redirected to it.
    for path in ["en/parks", "vi/parks/song-khoai", "en"] {
        let response = get(port, &format!("{prefix}{path}"), &[]);
        assert_eq!(response.status, 301, "{prefix}{path}");
        assert_eq!(location(port, &response), format!("{prefix}{path}/"));
    }
}
