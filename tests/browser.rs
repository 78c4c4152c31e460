//! The built portal in a real browser (Debian's headless Chromium; `.ci/run` installs
//! it, and `CHROME_PATH` names another build): search finds a park from an unaccented
//! query, the compare table sorts and filters from the URL, and no script logs an
//! error, on a small fixture portal of this test's own; every park of the bundled
//! portal prints as a one-page A4 factsheet. Chromium runs each page's scripts and
//! prints the resulting DOM (`--dump-dom`); the factsheets are printed in one browser
//! session driven over the DevTools protocol on a pipe, so no driver is needed.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::SiteTest;

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

/// Builds `root` with a local base URL and serves it.
fn portal_of(root: &Path) -> Portal {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let options = halong::Options {
        base_url: Some("http://127.0.0.1/".into()),
        ..halong::Options::default()
    };
    halong::build(root, &output, &options).unwrap_or_else(|failure| {
        panic!(
            "the portal must build:\n{}",
            halong::diagnostics::render_human(&failure.diagnostics, &failure.texts)
        )
    });
    let port = serve(output);
    Portal { _dir: dir, port }
}

/// A park of the fixture's zone, with prose in both languages.
fn park(site: SiteTest, slug: &str, vi: &str, en: &str, area: u32) -> SiteTest {
    let facts = format!(
        "name: {{vi: {vi}, en: {en}}}\nzone: test-zone\nstatus: operating\nfacts:\n  \
         total_area: {{value: {area}, unit: ha, source: src-one, as_of: 2025-01-02}}\n"
    );
    site.with_file(&format!("content/parks/{slug}.yaml"), &facts)
        .with_file(
            &format!("content/parks/{slug}.vi.md"),
            &format!("---\nsummary: {vi}.\n---\nMột khu công nghiệp.\n"),
        )
        .with_file(
            &format!("content/parks/{slug}.en.md"),
            &format!("---\nsummary: {en}.\n---\nAn industrial park.\n"),
        )
}

/// The test fixture with two more parks in its zone: in the zone, Gamma (1,192 ha),
/// Alpha (Sông Khoai, 714 ha) and Delta (250 ha); Beta (300 ha) is in no zone.
fn fixture_portal() -> (tempfile::TempDir, Portal) {
    let site = park(
        SiteTest::new(),
        "park-gamma",
        "Khu công nghiệp Gam Ma",
        "Gamma Industrial Park",
        1192,
    );
    let site = park(
        site,
        "park-delta",
        "Khu công nghiệp Đen Ta",
        "Delta Industrial Park",
        250,
    );
    let root = tempfile::tempdir().unwrap();
    site.write_to(root.path());
    let portal = portal_of(root.path());
    (root, portal)
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

/// The browser: `CHROME_PATH`, or Debian's Chromium.
fn chromium() -> String {
    std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// The DOM after scripts ran, and the browser's log. Fails when Chromium cannot start,
/// crashes or exits with an error: an empty log must never pass for a clean one.
fn browse(url: &str) -> (String, String) {
    browse_with(&chromium(), url)
}

/// [`browse`] with the browser at `chromium`.
fn browse_with(chromium: &str, url: &str) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(chromium)
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
                "cannot start {chromium} ({error}); install it with `apt-get install -y chromium` \
                 or name another build in CHROME_PATH"
            )
        });
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "{chromium} failed on {url} ({}):\n{log}",
        output.status
    );
    assert!(
        dom.contains("</html>"),
        "{chromium} printed no page for {url}:\n{log}"
    );
    (dom, log)
}

fn console_messages(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| line.contains(":CONSOLE"))
        .collect()
}

#[test]
fn search_finds_song_khoai_from_an_unaccented_query_in_both_languages() {
    let (_site, portal) = fixture_portal();
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
            first_link.starts_with(&format!("/{language}/parks/park-alpha/")),
            "first result on {language}: {first_link:.80}"
        );
        assert!(
            dom.contains("Sông Khoai") || dom.contains("Song Khoai"),
            "the park's name is shown"
        );
    }
}

/// The slugs of the compare table's rows, shown and hidden.
fn compare_rows(dom: &str) -> (Vec<String>, usize) {
    let body = dom.split("<tbody>").nth(1).expect("the table has a body");
    let rows: Vec<&str> = body.split("<tr ").skip(1).collect();
    let visible: Vec<String> = rows
        .iter()
        .filter(|row| !row.split('>').next().unwrap_or("").contains(" hidden"))
        .map(|row| {
            row.split("data-slug=\"")
                .nth(1)
                .unwrap_or("")
                .split('"')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect();
    let hidden = rows.len() - visible.len();
    (visible, hidden)
}

#[test]
fn compare_table_sorts_and_filters_from_the_url() {
    let (_site, portal) = fixture_portal();
    let (dom, log) = browse(&format!(
        "http://127.0.0.1:{}/en/compare/?sort=total_area&dir=desc&zone=test-zone",
        portal.port
    ));
    assert!(
        console_messages(&log).is_empty(),
        "console output: {:?}",
        console_messages(&log)
    );
    let (visible, hidden) = compare_rows(&dom);
    assert_eq!(hidden, 1, "Beta, outside the zone, is hidden: {visible:?}");
    // Sorted by total area, largest first: 1,192, 714, 250 ha.
    assert_eq!(
        visible,
        ["park-gamma", "park-alpha", "park-delta"],
        "the zone's parks, largest first"
    );
    assert!(
        dom.contains("aria-sort=\"descending\""),
        "the sorted column says so"
    );

    // Two parks chosen in the URL are shown side by side.
    let (dom, log) = browse(&format!(
        "http://127.0.0.1:{}/vi/compare/?select=park-alpha,park-beta",
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
        table.contains("Sông Khoai") && table.contains("Bê Ta"),
        "both parks are in it"
    );
    assert!(!table.contains("Gam Ma"), "only the chosen parks are in it");
}

#[test]
fn pages_load_without_console_errors_or_requests_to_other_hosts() {
    let (_site, portal) = fixture_portal();
    for path in [
        "",
        "vi/",
        "en/parks/park-alpha/",
        "vi/zones/test-zone/",
        "en/compare/",
        "vi/search/",
    ] {
        let (_, log) = browse(&format!("http://127.0.0.1:{}/{path}", portal.port));
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
fn a_browser_that_crashes_or_fails_is_never_taken_for_a_clean_run() {
    // `false` exits 1 and prints nothing: exactly what a crash looked like before.
    let failed = std::panic::catch_unwind(|| browse_with("/bin/false", "http://127.0.0.1:9/"));
    assert!(failed.is_err(), "browse() accepted a browser that failed");
}

#[test]
fn every_park_prints_as_a_one_page_a4_factsheet_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let portal = portal_of(root);
    let mut parks: Vec<String> = std::fs::read_dir(root.join("content/parks"))
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
    assert!(!parks.is_empty(), "the bundled portal has parks");
    let mut browser = devtools::Browser::start(&chromium());
    // The printed page's width (A4 less the stylesheet's margins), to look at the
    // layout the PDF was made from.
    browser.viewport(711, 1047);
    browser.media("print");
    let mut longer = Vec::new();
    let mut unreadable = Vec::new();
    for park in &parks {
        for language in ["vi", "en"] {
            let url = format!("http://127.0.0.1:{}/{language}/parks/{park}/", portal.port);
            let pages = pdf_pages(&browser.print_to_pdf(&url));
            if pages != 1 {
                longer.push(format!("{language}/parks/{park}: {pages} pages"));
            }
            let problems = browser.evaluate(FACTSHEET_PROBLEMS);
            for problem in problems.as_array().into_iter().flatten() {
                unreadable.push(format!("{language}/parks/{park}: {problem}"));
            }
        }
    }
    browser.close();
    assert!(
        longer.is_empty() && unreadable.is_empty(),
        "factsheets longer than one A4 page: {longer:?}\n\
         factsheets without contact or a readable source list:\n{}",
        unreadable.join("\n")
    );
}

/// What a printed factsheet lacks: the contact section; a source list whose items
/// run as text (a title laid out as a block wraps over its number), keep the source
/// id with the text before it, and print the web address a reader cannot click.
const FACTSHEET_PROBLEMS: &str = r##"(() => {
  const problems = [];
  const contact = document.querySelector(".contact");
  if (!contact || !contact.checkVisibility() || contact.getBoundingClientRect().height < 10) {
    problems.push("no contact section printed");
  }
  const items = [...document.querySelectorAll(".citations li")];
  if (items.length && !items[0].checkVisibility()) problems.push("source list not printed");
  for (const item of items) {
    const box = item.getBoundingClientRect();
    const title = item.querySelector("a[href^='http']");
    if (title) {
      if (getComputedStyle(title).display !== "inline") {
        problems.push("title set as a block: " + title.textContent);
      }
      const url = item.querySelector(".print-url");
      // Printed without its scheme, which every browser adds by itself.
      const address = title.getAttribute("href").replace(/^https?:\/\//, "");
      if (!url || !url.checkVisibility() || url.textContent.trim() !== address) {
        problems.push("web address not printed: " + title.textContent);
      }
    }
    const id = item.querySelector(".source-id");
    if (id && id.getClientRects()[0].left <= box.left + 0.5) {
      problems.push("source id alone on its line: " + id.textContent);
    }
    if (item.getClientRects().length !== 1) problems.push("source split: " + item.textContent);
  }
  return problems;
})()"##;

/// The Binh Van portal (`tests/portals/binh-van/`), built and served: exact positions,
/// a published and a computed distance, an office and a developer with phone and
/// e-mail.
fn binh_van_portal() -> (tempfile::TempDir, Portal) {
    let root = tempfile::tempdir().unwrap();
    SiteTest::portal("binh-van").write_to(root.path());
    let portal = portal_of(root.path());
    (root, portal)
}

#[test]
fn the_map_shows_a_linked_marker_per_placed_record_and_distances_say_how_they_are_known() {
    let (_site, portal) = binh_van_portal();
    for language in ["vi", "en"] {
        let (dom, log) = browse(&format!("http://127.0.0.1:{}/{language}/", portal.port));
        assert!(
            console_messages(&log).is_empty(),
            "{:?}",
            console_messages(&log)
        );
        let start = dom.find("id=\"chart-map\"").expect("a map");
        let svg = &dom[start..start + dom[start..].find("</svg>").unwrap()];
        // Three parks and the zone have a position; Phu My Dong has none.
        for place in [
            "parks/tan-phu",
            "parks/an-thanh",
            "parks/ben-do",
            "zones/vinh-an",
        ] {
            assert!(
                svg.contains(&format!("href=\"/{language}/{place}/\"")),
                "{language}: no marker links to {place}"
            );
        }
        assert_eq!(svg.matches("class=\"halong-chart-link\"").count(), 4);
        assert!(!svg.contains("phu-my-dong"), "no position, no marker");
    }
    let (dom, _) = browse(&format!(
        "http://127.0.0.1:{}/en/parks/an-thanh/",
        portal.port
    ));
    let fact = dom.split("id=\"fact-distance_river_port\"").nth(1).unwrap();
    let fact = &fact[..fact.find("</dd>").unwrap()];
    assert!(
        fact.contains("in a straight line") && fact.contains("computed"),
        "{fact}"
    );
    let (dom, _) = browse(&format!(
        "http://127.0.0.1:{}/en/parks/tan-phu/",
        portal.port
    ));
    let fact = dom.split("id=\"fact-distance_river_port\"").nth(1).unwrap();
    let fact = &fact[..fact.find("</dd>").unwrap()];
    assert!(
        fact.contains("3 km") && !fact.contains("computed"),
        "{fact}"
    );
}

#[test]
fn search_finds_parks_near_a_deep_water_port_in_both_languages() {
    let portal = portal_of(Path::new(env!("CARGO_MANIFEST_DIR")));
    for (language, query) in [
        ("en", "deep-water+port"),
        ("vi", "c%E1%BA%A3ng+n%C6%B0%E1%BB%9Bc+s%C3%A2u"),
        ("vi", "cang+nuoc+sau"),
    ] {
        let (dom, log) = browse(&format!(
            "http://127.0.0.1:{}/{language}/search/?q={query}",
            portal.port
        ));
        assert!(
            console_messages(&log).is_empty(),
            "{:?}",
            console_messages(&log)
        );
        let results = dom.split("id=\"search-results\"").nth(1).unwrap_or("");
        let results = &results[..results
            .find("</ol>")
            .or(results.find("</ul>"))
            .unwrap_or(results.len())];
        let position = |park: &str| results.find(&format!("/{language}/parks/{park}/"));
        let song_khoai =
            position("song-khoai").unwrap_or_else(|| panic!("{language} `{query}`: no Song Khoai"));
        assert!(
            position("bac-tien-phong").is_some(),
            "{language} `{query}`: no Bac Tien Phong"
        );
        // A park far from any deep-water port comes after those near one, if at all
        // (Vietnamese words without accents also match other words).
        if let Some(hai_ha) = position("hai-ha") {
            assert!(
                song_khoai < hai_ha,
                "{language} `{query}`: Hai Ha before Song Khoai"
            );
        }
    }
}

#[test]
fn whom_to_contact_is_on_the_park_page_the_factsheet_and_the_side_by_side_view() {
    let (_site, portal) = binh_van_portal();
    let (dom, _) = browse(&format!(
        "http://127.0.0.1:{}/en/compare/?select=tan-phu,an-thanh",
        portal.port
    ));
    let side = dom
        .split("id=\"compare-side\"")
        .nth(1)
        .expect("the side-by-side view");
    let side = &side[..side.find("</table>").unwrap()];
    assert!(
        side.contains("href=\"tel:+842993811222\""),
        "the developer's phone: {side:.400}"
    );
    assert!(side.contains("href=\"mailto:sales@tanphu.example\""));
    assert!(
        side.contains("href=\"tel:+842993000000\""),
        "the office's phone"
    );
    // Printed, the park page ends with whom to contact (the locator map is left out).
    let mut browser = devtools::Browser::start(&chromium());
    let shown = browser.evaluate_in_print(
        &format!("http://127.0.0.1:{}/vi/parks/tan-phu/", portal.port),
        "(() => { const c = document.querySelector('section.contact'); \
           const l = document.querySelector('.locator'); \
           return [getComputedStyle(c).display, \
                   !!c.querySelector('a[href=\"tel:+842993811222\"]'), \
                   !!c.querySelector('a[href^=\"mailto:sales@tanphu.example\"]'), \
                   l ? getComputedStyle(l).display : 'none']; })()",
    );
    browser.close();
    assert_eq!(
        shown,
        serde_json::json!(["block", true, true, "none"]),
        "{shown}"
    );
}

/// The number of pages of a PDF: each is one `/Type /Page` object (the page tree is
/// `/Type /Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Page")
        .filter(|(at, _)| !text[at + 11..].starts_with('s'))
        .count()
}

#[path = "browser/charts.rs"]
mod charts;
#[path = "browser/compare.rs"]
mod compare;
#[path = "browser/devtools.rs"]
mod devtools;
