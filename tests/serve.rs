//! `halong serve` end to end: the real binary on a copy of the bundled portal, asked
//! over plain HTTP/1.0; it injects the reload script, never leaves the output folder,
//! rebuilds after an edit and keeps serving the last good build after a bad one.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
    let number = body.lines().next().and_then(|line| line.parse().ok());
    (
        number.unwrap_or_else(|| panic!("no version in {body:?}")),
        body,
    )
}

/// Polls until the version differs from `seen` and the rebuild has written every
/// page (the third line, `busy`, is `0`); fails after 10 s.
fn wait_for_new_version(port: u16, seen: u64) -> String {
    let started = Instant::now();
    loop {
        let (number, body) = version(port);
        if number != seen && body.lines().nth(2) == Some("0") {
            return body;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no rebuild within 10 s of the edit"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Starts `halong serve --port 0` on `root` and returns it with the port it printed.
fn serve(root: &Path) -> (Serving, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_halong"))
        .args(["serve", "--port", "0", "--output"])
        .arg(root.join("public"))
        .arg("--root")
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start halong serve");
    let stdout = child.stdout.take().unwrap();
    let serving = Serving(child);
    let mut lines = BufReader::new(stdout).lines();
    let line = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|line| line.starts_with("serving "))
        .expect("the server prints its URL");
    // Keep reading, so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let url = line.rsplit(' ').next().unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    let port = url
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches('/')
        .parse()
        .unwrap();
    (serving, port)
}

#[test]
fn serves_reloads_and_keeps_the_last_good_build() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    std::fs::copy(repo.join("site.yaml"), site.path().join("site.yaml")).unwrap();
    for folder in ["templates", "static", "content"] {
        copy_tree(&repo.join(folder), &site.path().join(folder));
    }
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
        "/../Cargo.toml",
        "/%2e%2e/site.yaml",
        "/vi/%2E%2E/%2E%2E/site.yaml",
    ] {
        let (status, body) = get(port, attack);
        assert_eq!(status, 404, "{attack}");
        assert!(!body.contains("languages:"), "{attack} leaked site.yaml");
    }

    // An edit is rebuilt and served.
    let park = site.path().join("content/parks/cai-lan.yaml");
    let text = std::fs::read_to_string(&park).unwrap();
    assert!(text.contains(r#"en: "Cai Lan Industrial Park""#));
    let (before, _) = version(port);
    std::fs::write(
        &park,
        text.replace(
            r#"en: "Cai Lan Industrial Park""#,
            r#"en: "Cai Lan Seaside Park""#,
        ),
    )
    .unwrap();
    let body = wait_for_new_version(port, before);
    assert_eq!(
        body.lines().nth(3).unwrap_or(""),
        "",
        "unexpected error: {body}"
    );
    let (status, page) = get(port, "/en/parks/cai-lan/");
    assert_eq!(status, 200);
    assert!(
        page.contains("Cai Lan Seaside Park"),
        "the new name is not served"
    );

    // A broken file is reported, and the last good build is still served.
    let (before, _) = version(port);
    std::fs::write(&park, "name: {vi: [unclosed\n").unwrap();
    let body = wait_for_new_version(port, before);
    assert!(body.contains("error["), "no diagnostics in {body:?}");
    assert!(body.contains("content/parks/cai-lan.yaml"), "{body}");
    let (status, page) = get(port, "/en/parks/cai-lan/");
    assert_eq!(status, 200);
    assert!(
        page.contains("Cai Lan Seaside Park"),
        "the last good build is gone"
    );
}
