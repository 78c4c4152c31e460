//! A small static file server for previews: serves the output folder, never a path
//! outside it, with the same rules as a static host (`/a/` -> `/a/index.html`, the
//! language's `404.html` for missing pages).

use std::io;
use std::path::{Component, Path, PathBuf};

use tiny_http::{Header, Response, Server as HttpServer};

/// A bound server.
pub struct Server {
    http: HttpServer,
    root: PathBuf,
}

impl Server {
    /// Listens on `bind:port`.
    pub fn bind(bind: &str, port: u16, root: &Path) -> io::Result<Server> {
        let http =
            HttpServer::http((bind, port)).map_err(|error| io::Error::other(error.to_string()))?;
        Ok(Server {
            http,
            root: root.to_path_buf(),
        })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> Option<u16> {
        self.http
            .server_addr()
            .to_ip()
            .map(|address| address.port())
    }

    /// Serves requests until the process ends.
    pub fn run(self) {
        for request in self.http.incoming_requests() {
            let (status, path) = resolve(&self.root, request.url());
            let response = match path
                .and_then(|path| std::fs::read(&path).ok().map(|bytes| (path, bytes)))
            {
                Some((path, bytes)) => {
                    let mut response = Response::from_data(bytes).with_status_code(status);
                    if let Ok(header) = Header::from_bytes("Content-Type", content_type(&path)) {
                        response = response.with_header(header);
                    }
                    response
                }
                None => Response::from_data(b"not found".to_vec()).with_status_code(404),
            };
            let _ = request.respond(response);
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
