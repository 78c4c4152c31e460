//! The deployment guide, proven on a real server: nginx serves a fresh build of the
//! bundled portal with the guide's own configuration (`docs/deploy/nginx/site.conf`
//! and `halong.conf`, read from the repository; only the lines the guide marks EDIT,
//! the port and the folder, and the include's path are replaced), on a free loopback
//! port, as the user running the tests, with its files in a temporary folder.
//!
//! It crawls every internal link (every `href` and `src` of every page, and the
//! pages' `og:image` and `og:url`) and checks
//! what hosts get wrong: the charset and type of each kind of file, caching and
//! compression, the 404 page of each language with status 404, the trailing-slash
//! redirect, and the same for a build under a sub-path (`/portal/`).
//!
//! nginx must be installed (`apt-get install -y nginx`; `.ci/run` does it). Set
//! `HALONG_SKIP_NGINX_TEST=1` to skip this test on a machine without it; set
//! `HALONG_NGINX=/path/to/nginx` to use another binary.

mod common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn nginx_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("HALONG_NGINX") {
        return Some(PathBuf::from(path));
    }
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join("nginx"))
                .collect()
        })
        .unwrap_or_default();
    candidates.extend(
        [
            "/usr/sbin/nginx",
            "/usr/local/sbin/nginx",
            "/usr/local/nginx/sbin/nginx",
        ]
        .map(PathBuf::from),
    );
    candidates.into_iter().find(|path| path.is_file())
}

/// nginx, or None when the test is explicitly skipped; a panic saying how to install
/// it otherwise.
fn nginx_or_skip() -> Option<PathBuf> {
    if std::env::var_os("HALONG_SKIP_NGINX_TEST").is_some_and(|value| value != "0") {
        eprintln!("skipped: HALONG_SKIP_NGINX_TEST is set");
        return None;
    }
    match nginx_binary() {
        Some(path) => Some(path),
        None => panic!(
            "nginx is not installed, and this test serves the site with it.\n\
             Install it with `sudo apt-get install -y nginx` (Debian, Ubuntu; `.ci/run` does it),\n\
             or set HALONG_NGINX=/path/to/nginx, or HALONG_SKIP_NGINX_TEST=1 to skip this test."
        ),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

/// A running nginx; stopped (this one process, by its id) when dropped.
struct Nginx {
    child: Child,
    port: u16,
    /// nginx's own folder (configuration, log, pid); removed after it stops.
    prefix: tempfile::TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The guide's server block, with the lines it marks EDIT and the include's path
/// set for this test.
fn server_block(port: u16, root: &Path) -> String {
    let guide = repo().join("docs/deploy/nginx/site.conf");
    let text = std::fs::read_to_string(&guide).expect("docs/deploy/nginx/site.conf");
    let snippet = repo().join("docs/deploy/nginx/halong.conf");
    let mut replaced = 0;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let code = line.split('#').next().unwrap_or_default().trim();
            let new = match code.split_whitespace().next() {
                Some("listen") => format!("listen 127.0.0.1:{port};"),
                Some("server_name") => "server_name 127.0.0.1;".to_string(),
                Some("root") => format!("root {};", root.display()),
                Some("include") => format!("include {};", snippet.display()),
                _ => return line.to_string(),
            };
            replaced += 1;
            format!("    {new}")
        })
        .collect();
    assert_eq!(
        replaced, 4,
        "site.conf should have one listen, server_name, root and include line:\n{text}"
    );
    lines.join("\n")
}

fn start_nginx(binary: &Path, port: u16, root: &Path) -> Nginx {
    let prefix_dir = tempfile::tempdir().unwrap();
    let prefix = prefix_dir.path();
    // `include mime.types` in the guide's file is relative to the configuration's
    // folder, as /etc/nginx/mime.types is on a server.
    let types = [
        "/etc/nginx/mime.types",
        "/usr/local/nginx/conf/mime.types",
        "/etc/nginx/conf/mime.types",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|path| path.is_file())
    .expect("nginx's mime.types");
    std::fs::copy(types, prefix.join("mime.types")).unwrap();
    let config = format!(
        "# The host's part: a process of its own in a temporary folder.\n\
         daemon off;\nmaster_process off;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\n\
         events {{ worker_connections 64; }}\n\
         http {{\n    access_log off;\n    client_body_temp_path {prefix}/client_body;\n\
         proxy_temp_path {prefix}/proxy;\n    fastcgi_temp_path {prefix}/fastcgi;\n\
         uwsgi_temp_path {prefix}/uwsgi;\n    scgi_temp_path {prefix}/scgi;\n{}\n}}\n",
        server_block(port, root),
        prefix = prefix.display(),
    );
    let config_path = prefix.join("nginx.conf");
    std::fs::write(&config_path, config).unwrap();
    let child = Command::new(binary)
        .arg("-p")
        .arg(prefix)
        .arg("-c")
        .arg(&config_path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {}: {error}", binary.display()));
    let mut nginx = Nginx {
        child,
        port,
        prefix: prefix_dir,
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = nginx.child.try_wait() {
            let mut stderr = String::new();
            if let Some(mut pipe) = nginx.child.stderr.take() {
                let _ = pipe.read_to_string(&mut stderr);
            }
            let log =
                std::fs::read_to_string(nginx.prefix.path().join("error.log")).unwrap_or_default();
            panic!("nginx exited ({status}):\n{stderr}\n{log}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "nginx did not start listening"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    nginx
}

/// An HTTP response.
struct Response {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

/// GET `path` over HTTP/1.1 with `Connection: close`.
fn get(port: u16, path: &str, extra: &[(&str, &str)]) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to nginx");
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

fn unchunk(mut data: &[u8]) -> Vec<u8> {
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
fn internal_path(page: &str, reference: &str, origin: &str) -> Option<String> {
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
fn crawl(port: u16, start: &str) -> BTreeMap<String, Response> {
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

/// The Content-Type nginx must send for a file, by its extension.
fn expected_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or_default();
    if name.is_empty() || name.ends_with(".html") {
        return "text/html; charset=utf-8";
    }
    if name == "atom.xml" {
        return "application/atom+xml; charset=utf-8";
    }
    match name.rsplit_once('.').map_or("", |(_, extension)| extension) {
        "xml" => "text/xml; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "application/javascript; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "png" => "image/png",
        other => {
            panic!("the crawl reached a file of a kind this test does not know: .{other} ({path})")
        }
    }
}

fn html_lang(response: &Response) -> String {
    let html = String::from_utf8_lossy(&response.body);
    let start = html.find("<html lang=\"").expect("an <html lang>") + "<html lang=\"".len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

/// Builds the bundled portal for `base` into `output`.
fn build(base: &str, output: &Path) {
    let run = cli_build(&repo(), output, Some(base));
    assert!(run.status.success(), "halong build failed:\n{}", run.stderr);
}

/// What both builds must pass; `prefix` is `/` or `/portal/`.
fn check_site(nginx: &Nginx, prefix: &str) {
    let port = nginx.port;
    let found = crawl(port, prefix);
    assert!(
        found.len() > 100,
        "the crawl reached only {} files",
        found.len()
    );
    let mut kinds = BTreeSet::new();
    for (path, response) in &found {
        let expected = expected_type(path);
        assert_eq!(response.header("content-type"), Some(expected), "{path}");
        kinds.insert(expected);
    }
    // Every kind of file the portal has was reached through a link.
    for kind in [
        "text/html; charset=utf-8",
        "text/xml; charset=utf-8",
        "application/atom+xml; charset=utf-8",
        "application/json; charset=utf-8",
        "text/csv; charset=utf-8",
        "image/svg+xml; charset=utf-8",
        "font/woff2",
        "image/png",
    ] {
        assert!(
            kinds.contains(kind),
            "no link reached a {kind} file: {kinds:?}"
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

    // A folder without its slash is redirected to it, relative to the host.
    for path in ["en/parks", "vi/parks/song-khoai", "en"] {
        let response = get(port, &format!("{prefix}{path}"), &[]);
        assert_eq!(response.status, 301, "{prefix}{path}");
        assert_eq!(
            response.header("location"),
            Some(format!("{prefix}{path}/").as_str())
        );
    }
}

#[test]
fn nginx_serves_the_site_as_the_deployment_guide_configures_it() {
    let Some(binary) = nginx_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();

    // At the root of the host.
    let port = free_port();
    let output = dir.path().join("root");
    build(&format!("http://127.0.0.1:{port}/"), &output);
    let nginx = start_nginx(&binary, port, &output);
    check_site(&nginx, "/");
    let robots = get(port, "/robots.txt", &[]);
    assert!(String::from_utf8_lossy(&robots.body)
        .contains(&format!("Sitemap: http://127.0.0.1:{port}/sitemap.xml")));
    drop(nginx);

    // Under /portal/ on a host that serves other things: the site in <root>/portal.
    let port = free_port();
    let www = dir.path().join("www");
    build(
        &format!("http://127.0.0.1:{port}/portal/"),
        &www.join("portal"),
    );
    let nginx = start_nginx(&binary, port, &www);
    check_site(&nginx, "/portal/");
    let response = get(port, "/portal", &[]);
    assert_eq!(response.status, 301);
    assert_eq!(response.header("location"), Some("/portal/"));
    // robots.txt under the sub-path says where crawlers look and what to copy there.
    let robots = String::from_utf8_lossy(&get(port, "/portal/robots.txt", &[]).body).into_owned();
    assert!(
        robots.contains(&format!("http://127.0.0.1:{port}/robots.txt")),
        "{robots}"
    );
    assert!(
        robots.contains(&format!(
            "Sitemap: http://127.0.0.1:{port}/portal/sitemap.xml"
        )),
        "{robots}"
    );
}

#[test]
fn the_crawler_resolves_links_as_a_browser_does() {
    let origin = "http://127.0.0.1:8";
    let page = "/portal/en/news/item/";
    let cases = [
        ("/portal/en/", Some("/portal/en/")),
        ("../../parks/a/#facts", Some("/portal/en/parks/a/")),
        ("../../../data/parks.csv", Some("/portal/data/parks.csv")),
        (
            "http://127.0.0.1:8/portal/en/card.png",
            Some("/portal/en/card.png"),
        ),
        ("https://elsewhere.example/", None),
        ("mailto:someone@example.org", None),
        ("#top", None),
        ("?select=a", None),
    ];
    for (reference, expected) in cases {
        assert_eq!(
            internal_path(page, reference, origin).as_deref(),
            expected,
            "{reference}"
        );
    }
}
