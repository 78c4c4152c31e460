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

use std::io::Read;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::served::*;
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
    check_site(nginx.port, "/");
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
    check_site(nginx.port, "/portal/");
    // Relative to the host (absolute_redirect off), so right behind a proxy too.
    let response = get(port, "/portal", &[]);
    assert_eq!(response.status, 301);
    assert_eq!(response.header("location"), Some("/portal/"));
    let response = get(port, "/portal/en/parks", &[]);
    assert_eq!(response.header("location"), Some("/portal/en/parks/"));
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
