//! `halong serve`'s server: serves the output folder, never a path outside it, with
//! the same rules as a static host (`/a/` -> `/a/index.html`, the language's
//! `404.html` for missing pages), adds the live-reload script to HTML responses
//! ([`reload`]), and rebuilds when the sources change ([`watch`], [`rebuild_on_change`]).
//!
//! tiny_http is synchronous: each request is answered on its own thread, so the
//! long-polls of open pages never hold up other requests.

pub mod reload;
pub mod watch;

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use tiny_http::{Header, Request, Response, Server as HttpServer};

use reload::Builds;

/// A bound server.
pub struct Server {
    http: HttpServer,
    root: PathBuf,
    builds: Arc<Builds>,
}

impl Server {
    /// Listens on `bind:port`.
    pub fn bind(bind: &str, port: u16, root: &Path) -> io::Result<Server> {
        let http =
            HttpServer::http((bind, port)).map_err(|error| io::Error::other(error.to_string()))?;
        Ok(Server {
            http,
            root: root.to_path_buf(),
            builds: Arc::default(),
        })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> Option<u16> {
        self.http
            .server_addr()
            .to_ip()
            .map(|address| address.port())
    }

    /// The build status the pages poll; record each build in it.
    pub fn builds(&self) -> Arc<Builds> {
        Arc::clone(&self.builds)
    }

    /// Serves requests until the process ends, each on its own thread.
    pub fn run(self) {
        let root = Arc::new(self.root);
        for request in self.http.incoming_requests() {
            let root = Arc::clone(&root);
            let builds = Arc::clone(&self.builds);
            std::thread::spawn(move || answer(request, &root, &builds));
        }
    }
}

fn answer(request: Request, root: &Path, builds: &Builds) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == reload::VERSION_PATH {
        let since = url
            .split_once('?')
            .and_then(|(_, query)| {
                query
                    .split('&')
                    .find_map(|pair| pair.strip_prefix("since="))
            })
            .and_then(|value| value.parse::<u64>().ok());
        let status = match since {
            Some(seen) => builds.wait_newer_than(seen),
            None => builds.status(),
        };
        let _ = request.respond(with_headers(
            Response::from_data(status.body().into_bytes()),
            "text/plain; charset=utf-8",
        ));
        return;
    }
    let good = builds.status().good;
    let (status, file) = if path.starts_with("/__halong/") {
        (404, None)
    } else {
        resolve(root, &url)
    };
    let response = match file.and_then(|file| std::fs::read(&file).ok().map(|bytes| (file, bytes)))
    {
        Some((file, bytes)) => {
            let kind = content_type(&file);
            let bytes = if kind.starts_with("text/html") {
                reload::inject(&bytes, good)
            } else {
                bytes
            };
            with_headers(Response::from_data(bytes), kind).with_status_code(status)
        }
        // Still a page, so that it shows a failed build and reloads after a good one.
        None => with_headers(
            Response::from_data(reload::inject(NOT_FOUND.as_bytes(), good)),
            "text/html; charset=utf-8",
        )
        .with_status_code(404),
    };
    let _ = request.respond(response);
}

const NOT_FOUND: &str = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><p>not found</p></body></html>\n";

fn with_headers(
    response: Response<io::Cursor<Vec<u8>>>,
    content_type: &str,
) -> Response<io::Cursor<Vec<u8>>> {
    let mut response = response;
    for (name, value) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
    ] {
        if let Ok(header) = Header::from_bytes(name, value) {
            response = response.with_header(header);
        }
    }
    response
}

/// Rebuilds after each change the watcher reports, and tells the open pages: they
/// reload when a file changed (first when the edited page is written, again when the
/// pages that show it are), or show the error when the build failed.
pub fn rebuild_on_change(
    watch: watch::Watch,
    builds: &Builds,
    mut build: impl FnMut(&[PathBuf], &mut dyn FnMut(&crate::Rebuilt)) -> Result<crate::Rebuilt, String>,
) {
    while let Some(changed) = watch.next_change() {
        let names: Vec<String> = changed
            .iter()
            .map(|path| crate::diagnostics::display_path(path))
            .collect();
        println!("changed: {}; rebuilding", names.join(", "));
        let started = Instant::now();
        let mut changed_first = 0;
        let mut edited = |first: &crate::Rebuilt| {
            println!(
                "wrote the edited page(s) in {} ms; now the pages that show them",
                started.elapsed().as_millis()
            );
            changed_first = first.changed;
            builds.edited_pages_written(first.changed > 0);
        };
        match build(&changed, &mut edited) {
            Ok(rebuilt) => {
                println!(
                    "rebuilt {} page(s) in {} ms; {} file(s) changed",
                    rebuilt.rendered,
                    started.elapsed().as_millis(),
                    rebuilt.changed
                );
                builds.finished(Ok(rebuilt.changed > changed_first));
            }
            Err(text) => {
                eprintln!("build failed; serving the last good build");
                builds.finished(Err(text));
            }
        }
    }
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

/// A URL path as a relative path with no `..`, root or prefix components.
fn safe_relative(path: &str) -> Option<PathBuf> {
    if path.contains('\0') || path.contains('\\') {
        return None;
    }
    let mut relative = PathBuf::new();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
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

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "ttf" => "font/ttf",
        "woff2" => "font/woff2",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
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
}
