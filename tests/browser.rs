//! The built portal in a real browser (Debian's headless Chromium; `.ci/run` installs
//! it): search finds a park from an unaccented query, the compare table sorts and
//! filters from the URL, and no script logs an error. Chromium runs each page's
//! scripts and prints the resulting DOM (`--dump-dom`), so no driver is needed.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Serves `root` on 127.0.0.1 (a free port) from a background thread, like any
/// static host: `/a/` -> `/a/index.html`.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let path = request
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .split('?')
                    .next()
                    .unwrap_or("/")
                    .to_string();
                let mut file = root.join(path.trim_start_matches('/'));
                if file.is_dir() {
                    file = file.join("index.html");
                }
                let (status, body) = match std::fs::read(&file) {
                    Ok(body) if !path.contains("..") => ("200 OK", body),
                    _ => ("404 Not Found", b"not found".to_vec()),
                };
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("js") => "text/javascript",
                    Some("css") => "text/css",
                    Some("json") => "application/json",
                    Some("svg") => "image/svg+xml",
                    _ => "application/octet-stream",
                };
                let mut stream = &stream;
                let _ = write!(
                    stream,
                    "HTTP/1.0 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    port
}

struct Portal {
    _dir: tempfile::TempDir,
    port: u16,
}

fn portal() -> Portal {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = halong::Options {
        base_url: Some("http://127.0.0.1/".into()),
        ..halong::Options::default()
    };
    halong::build(root, &output, &options).unwrap_or_else(|failure| {
        panic!("the bundled portal must build: {:?}", failure.diagnostics)
    });
    let port = serve(output);
    Portal { _dir: dir, port }
}

/// Chromium's fixed flags for a headless run with no network beyond this machine.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Prints `url` to PDF as a reader would (A4 from the page's print stylesheet) and
/// returns the number of pages.
fn printed_pages(url: &str) -> usize {
    let profile = tempfile::tempdir().unwrap();
    let pdf = profile.path().join("page.pdf");
    let chromium = std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let status = Command::new(&chromium)
        .args(CHROMIUM_FLAGS)
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!(
            "--user-data-dir={}",
            profile.path().join("profile").display()
        ))
        .arg(url)
        .output()
        .unwrap_or_else(|error| panic!("cannot start {chromium} ({error})"));
    assert!(status.status.success(), "printing {url} failed");
    let bytes = std::fs::read(&pdf).expect("a PDF was written");
    // Each page is one `/Type /Page` object (the page tree is `/Type /Pages`).
    let text = String::from_utf8_lossy(&bytes);
    text.match_indices("/Type /Page")
        .filter(|(at, _)| !text[at + 11..].starts_with('s'))
        .count()
}

/// The DOM after scripts ran, and the browser's log.
fn browse(url: &str) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let chromium = std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let output = Command::new(&chromium)
        .args(CHROMIUM_FLAGS)
        .args([
            "--enable-logging=stderr",
            "--v=0",
            // Any request to another host fails, so a page that needs one breaks visibly.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "cannot start {chromium} ({error}); install it with `apt-get install -y chromium`"
            )
        });
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn console_messages(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| line.contains(":CONSOLE"))
        .collect()
}

#[test]
fn search_finds_song_khoai_from_an_unaccented_query_in_both_languages() {
    let portal = portal();
    for language in ["en", "vi"] {
        let (dom, log) = browse(&format!(
            "http://127.0.0.1:{}/{language}/search/?q=song+khoai",
            portal.port
        ));
        assert!(
            console_messages(&log).is_empty(),
            "console output on {language} search: {:?}",
            console_messages(&log)
        );
        let results = dom.split("id=\"search-results\"").nth(1).unwrap_or(&dom);
        let first_link = results.split("href=\"").nth(1).unwrap_or("");
        assert!(
            first_link.starts_with(&format!("/{language}/parks/song-khoai/")),
            "first result on {language}: {first_link:.80}"
        );
        assert!(
            dom.contains("Sông Khoai") || dom.contains("Song Khoai"),
            "the park's name is shown"
        );
    }
}

#[test]
fn compare_table_sorts_and_filters_from_the_url() {
    let portal = portal();
    let (dom, log) = browse(&format!(
        "http://127.0.0.1:{}/en/compare/?sort=total_area&dir=desc&zone=quang-yen",
        portal.port
    ));
    assert!(
        console_messages(&log).is_empty(),
        "console output: {:?}",
        console_messages(&log)
    );
    let body = dom.split("<tbody>").nth(1).expect("the table has a body");
    let rows: Vec<&str> = body.split("<tr ").skip(1).collect();
    let visible: Vec<&str> = rows
        .iter()
        .filter(|row| !row.contains(" hidden"))
        .map(|row| {
            row.split("data-slug=\"")
                .nth(1)
                .unwrap_or("")
                .split('"')
                .next()
                .unwrap_or("")
        })
        .collect();
    let hidden = rows.len() - visible.len();
    assert!(hidden > 0, "parks outside Quang Yen are hidden");
    assert!(
        visible.iter().all(|slug| [
            "song-khoai",
            "bac-tien-phong",
            "nam-tien-phong",
            "dam-nha-mac"
        ]
        .contains(slug)),
        "only Quang Yen parks stay: {visible:?}"
    );
    // Sorted by total area, largest first: Bac Tien Phong (1,192 ha) before Song Khoai.
    let position = |slug: &str| visible.iter().position(|s| *s == slug);
    assert!(
        position("bac-tien-phong") < position("song-khoai"),
        "sorted by area: {visible:?}"
    );
    assert!(
        dom.contains("aria-sort=\"descending\""),
        "the sorted column says so"
    );

    // Two parks chosen in the URL are shown side by side.
    let (dom, log) = browse(&format!(
        "http://127.0.0.1:{}/vi/compare/?select=song-khoai,dong-mai",
        portal.port
    ));
    assert!(
        console_messages(&log).is_empty(),
        "console output: {:?}",
        console_messages(&log)
    );
    let side = dom
        .split("id=\"compare-side\"")
        .nth(1)
        .expect("the side-by-side section");
    let (opening, rest) = side.split_once('>').unwrap();
    assert!(
        !opening.contains("hidden"),
        "the side-by-side view is shown"
    );
    let table = rest.split("</table>").next().unwrap();
    assert!(
        table.contains("Sông Khoai") && table.contains("Đông Mai"),
        "both parks are in it"
    );
}

#[test]
fn pages_load_without_console_errors_or_requests_to_other_hosts() {
    let portal = portal();
    for path in [
        "",
        "vi/",
        "en/parks/song-khoai/",
        "vi/zones/quang-yen/",
        "en/compare/",
    ] {
        let (dom, log) = browse(&format!("http://127.0.0.1:{}/{path}", portal.port));
        assert!(dom.contains("</html>"), "{path} rendered");
        assert!(
            console_messages(&log).is_empty(),
            "console output on /{path}: {:?}",
            console_messages(&log)
        );
        assert!(
            !log.contains("ERR_NAME_NOT_RESOLVED"),
            "/{path} asked another host for something"
        );
    }
}

#[test]
fn every_park_prints_as_a_one_page_a4_factsheet_in_both_languages() {
    let portal = portal();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/parks");
    let mut parks: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(|entry| {
            entry
                .ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".yaml")
                .map(str::to_string)
        })
        .collect();
    parks.sort();
    assert!(parks.len() >= 10, "the bundled portal has its parks");
    for park in &parks {
        for language in ["vi", "en"] {
            let pages = printed_pages(&format!(
                "http://127.0.0.1:{}/{language}/parks/{park}/",
                portal.port
            ));
            assert_eq!(pages, 1, "{language}/parks/{park} prints on {pages} pages");
        }
    }
}
