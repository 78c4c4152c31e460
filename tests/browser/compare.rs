//! The compare page as an investor uses it, on a fixture portal of its own: a filter
//! on a figure keeps the parks that have not published it in a labelled group; the
//! home page's "find land" form opens it with those filters; without JavaScript the
//! page shows no control that would do nothing; on a phone each park is a card and
//! the header stays small; the side-by-side view keeps the order parks were chosen in.

use super::common::SiteTest;
use super::{chromium, devtools::Browser, portal_of, Portal};

/// A park with the facts given as YAML lines under `facts:`.
fn park(site: SiteTest, slug: &str, name: &str, facts: &str) -> SiteTest {
    site.with_file(
        &format!("content/parks/{slug}.yaml"),
        &format!(
            "name: {{vi: Khu công nghiệp {name}, en: {name} Industrial Park}}\n\
             zone: test-zone\nstatus: operating\nsectors: [electronics]\nfacts:\n{facts}"
        ),
    )
    .with_file(
        &format!("content/parks/{slug}.vi.md"),
        "---\nsummary: Một khu.\n---\nMột khu công nghiệp.\n",
    )
    .with_file(
        &format!("content/parks/{slug}.en.md"),
        "---\nsummary: A park.\n---\nAn industrial park.\n",
    )
}

/// Four parks: Large (`park-alpha`: 40 ha free, 20 km to a seaport), Small (5 ha
/// free), Silent (`park-beta`: no figure published) and Far (60 ha free, 90 km to a
/// seaport). The table lists them by slug: far, park-alpha, park-beta, small.
fn fixture() -> (tempfile::TempDir, Portal) {
    let figure = |key: &str, value: u32, unit: &str| {
        format!("  {key}: {{value: {value}, unit: {unit}, source: src-one, as_of: 2025-01-02}}\n")
    };
    let site = SiteTest::new();
    let site = park(
        site,
        "park-alpha",
        "Large",
        &(figure("total_area", 300, "ha")
            + &figure("available_area", 40, "ha")
            + &figure("distance_seaport", 20, "km")),
    );
    let site = park(
        site,
        "small",
        "Small",
        &(figure("total_area", 100, "ha") + &figure("available_area", 5, "ha")),
    );
    let site = park(
        site,
        "park-beta",
        "Silent",
        &figure("total_area", 200, "ha"),
    );
    let site = park(
        site,
        "far",
        "Far",
        &(figure("total_area", 500, "ha")
            + &figure("available_area", 60, "ha")
            + &figure("distance_seaport", 90, "km")),
    );
    let root = tempfile::tempdir().unwrap();
    site.write_to(root.path());
    let portal = portal_of(root.path());
    (root, portal)
}

/// Where each park of the table is: `(slug, place)` with place `shown`, `hidden` or
/// `unpublished` (in the labelled group), in table order; and the group's heading.
const PLACES: &str = r##"(() => {
  const table = document.getElementById("compare-table");
  const rows = [...table.querySelectorAll("tbody tr[data-slug]")].map(row => [
    row.dataset.slug,
    row.hidden || getComputedStyle(row).display === "none" ? "hidden"
      : row.closest("tbody.unpublished-group") ? "unpublished" : "shown",
  ]);
  const head = table.querySelector("tbody.unpublished-group .group-head");
  return {rows, head: head ? head.textContent : null,
          status: document.getElementById("compare-status").textContent};
})()"##;

fn places(browser: &mut Browser) -> (Vec<(String, String)>, Option<String>, String) {
    let found = browser.evaluate(PLACES);
    let rows = found["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_string(),
                pair[1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (
        rows,
        found["head"].as_str().map(str::to_string),
        found["status"].as_str().unwrap_or_default().to_string(),
    )
}

fn in_place<'a>(rows: &'a [(String, String)], place: &str) -> Vec<&'a str> {
    rows.iter()
        .filter(|(_, at)| at == place)
        .map(|(slug, _)| slug.as_str())
        .collect()
}

#[test]
fn a_figure_filter_keeps_parks_that_have_not_published_it_in_a_labelled_group() {
    let (_site, portal) = fixture();
    let base = format!("http://127.0.0.1:{}", portal.port);
    let mut browser = Browser::start(&chromium());

    browser.open(&format!("{base}/en/compare/?min_available_area=20"));
    let (rows, head, status) = places(&mut browser);
    let mut shown = in_place(&rows, "shown");
    shown.sort();
    assert_eq!(shown, ["far", "park-alpha"], "40 and 60 ha fit: {rows:?}");
    assert_eq!(in_place(&rows, "hidden"), ["small"], "5 ha does not");
    assert_eq!(
        in_place(&rows, "unpublished"),
        ["park-beta"],
        "no figure: listed apart, not hidden"
    );
    let head = head.expect("the group has a heading");
    assert!(
        head.contains("Not published") && head.contains("Available land"),
        "the heading says what is missing: {head}"
    );
    assert!(status.contains("1 more"), "the count says so too: {status}");

    // Vietnamese words, and an "at most" filter on a distance: Silent and Small have
    // published no distance, Far is too far.
    browser.open(&format!("{base}/vi/compare/?max_distance_seaport=30"));
    let (rows, head, _) = places(&mut browser);
    assert_eq!(in_place(&rows, "shown"), ["park-alpha"]);
    assert_eq!(in_place(&rows, "hidden"), ["far"]);
    assert_eq!(in_place(&rows, "unpublished"), ["park-beta", "small"]);
    assert!(head.unwrap_or_default().contains("Chưa công bố"));

    // No figure filter: no group.
    browser.open(&format!("{base}/en/compare/"));
    let (rows, head, _) = places(&mut browser);
    assert_eq!(in_place(&rows, "shown").len(), 4);
    assert_eq!(head, None, "no empty group without a filter");
    browser.close();
}

#[test]
fn the_home_pages_find_land_form_opens_compare_with_its_filters() {
    let (_site, portal) = fixture();
    let base = format!("http://127.0.0.1:{}", portal.port);
    let mut browser = Browser::start(&chromium());
    browser.open(&format!("{base}/en/"));
    // Filled in and sent as a user would: a plain GET form, no script of its own.
    let sent = browser.evaluate(
        r##"(() => {
          const form = document.querySelector(".find-land form");
          form.elements.min_available_area.value = "20";
          form.elements.near.value = "distance_seaport";
          form.elements.within.value = "50";
          return [form.method, form.getAttribute("action")];
        })()"##,
    );
    assert_eq!(sent[0], "get");
    assert_eq!(sent[1], "/en/compare/");
    browser.evaluate(r##"document.querySelector(".find-land form").submit()"##);
    // The submission navigates; wait for the compare page.
    let mut arrived = false;
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let at = browser.evaluate("location.pathname + '|' + document.readyState");
        if at.as_str() == Some("/en/compare/|complete") {
            arrived = true;
            break;
        }
    }
    assert!(arrived, "the form opens the compare page");
    let (rows, _, _) = places(&mut browser);
    assert_eq!(in_place(&rows, "shown"), ["park-alpha"], "{rows:?}");
    assert_eq!(in_place(&rows, "hidden"), ["far", "small"]);
    assert_eq!(in_place(&rows, "unpublished"), ["park-beta"]);
    let url = browser.evaluate("location.search");
    assert_eq!(
        url.as_str(),
        Some("?min_available_area=20&max_distance_seaport=50"),
        "the state is in the URL, to share"
    );
    browser.close();
}

/// Form controls and buttons a user can see on the page (outside the header).
const VISIBLE_CONTROLS: &str = r##"[...document.querySelectorAll(
    "main input, main select, main button, main textarea")]
  .filter(control => control.checkVisibility())
  .map(control => control.outerHTML.slice(0, 80))"##;

#[test]
fn without_javascript_compare_shows_no_dead_control_and_says_why() {
    let (_site, portal) = fixture();
    let base = format!("http://127.0.0.1:{}", portal.port);
    let mut browser = Browser::start(&chromium());
    browser.scripts(false);
    for language in ["en", "vi"] {
        browser.open(&format!("{base}/{language}/compare/?min_available_area=20"));
        let controls = browser.evaluate(VISIBLE_CONTROLS);
        assert_eq!(
            controls,
            serde_json::json!([]),
            "{language}: controls that need the script are shown"
        );
        let rows = browser.evaluate(
            "[...document.querySelectorAll('#compare-table tbody tr')].filter(r => r.getClientRects().length).length",
        );
        assert_eq!(rows, 4, "{language}: every park is listed");
        let note = browser.evaluate(
            "[...document.querySelectorAll('main .note')].filter(n => n.getClientRects().length).map(n => n.textContent).join(' ')",
        );
        assert!(
            note.as_str().is_some_and(|text| text.contains("JavaScript")
                || text.contains("Scripts are off")),
            "{language}: the page says why it cannot filter: {note}"
        );
    }
    // The home page's form is a plain form: it works, so it is shown.
    browser.open(&format!("{base}/en/"));
    let controls = browser.evaluate(VISIBLE_CONTROLS);
    assert!(
        controls.as_array().is_some_and(|list| list.len() >= 3),
        "the find-land form is there without script: {controls}"
    );
    browser.close();
}

#[test]
fn on_a_phone_parks_are_cards_the_header_is_small_and_its_menu_opens_without_script() {
    let (_site, portal) = fixture();
    let base = format!("http://127.0.0.1:{}", portal.port);
    let mut browser = Browser::start(&chromium());
    browser.viewport(390, 844);
    browser.open(&format!("{base}/vi/compare/"));
    let layout = browser.evaluate(
        r##"(() => {
          const row = document.querySelector("#compare-table tbody tr");
          const cell = row.querySelector("td[data-key='total_area']");
          return {
            table: document.getElementById("compare-table").getBoundingClientRect().width,
            page: document.documentElement.clientWidth,
            scroll: document.documentElement.scrollWidth,
            row: getComputedStyle(row).display,
            label: getComputedStyle(cell, "::before").content,
            header: document.querySelector(".site-header").getBoundingClientRect().height,
          };
        })()"##,
    );
    assert_eq!(layout["row"], "block", "a park is a card: {layout}");
    assert!(
        layout["label"]
            .as_str()
            .unwrap_or("")
            .contains("Tổng diện tích"),
        "each figure says what it is: {layout}"
    );
    assert!(
        layout["scroll"].as_f64() <= layout["page"].as_f64(),
        "nothing scrolls sideways: {layout}"
    );
    let header = layout["header"].as_f64().unwrap();
    assert!(
        header <= 844.0 / 6.0,
        "the header takes {header} px of an 844 px screen"
    );

    // The menu, without script: a click on its button shows the sections.
    browser.scripts(false);
    browser.open(&format!("{base}/en/"));
    let menu = |browser: &mut Browser| {
        browser.evaluate(
            "[...document.querySelectorAll('header nav a[href$=\"/parks/\"]')].filter(a => a.checkVisibility()).length",
        )
    };
    assert_eq!(menu(&mut browser), 0, "the menu is folded at first");
    let button = browser.evaluate(
        "(() => { const r = document.querySelector('.menu-button summary').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()",
    );
    browser.click(button[0].as_f64().unwrap(), button[1].as_f64().unwrap());
    assert_eq!(menu(&mut browser), 1, "the button opens the menu");
    browser.close();
}

#[test]
fn side_by_side_keeps_the_order_parks_were_chosen_in() {
    let (_site, portal) = fixture();
    let base = format!("http://127.0.0.1:{}", portal.port);
    let mut browser = Browser::start(&chromium());
    browser.open(&format!("{base}/en/compare/?select=small,far,park-alpha"));
    let heads = browser.evaluate(
        "[...document.querySelectorAll('#compare-side-table thead th')].map(th => th.textContent.trim())",
    );
    assert_eq!(
        heads,
        serde_json::json!([
            "Small Industrial Park",
            "Far Industrial Park",
            "Large Industrial Park"
        ]),
        "in the order chosen, not the table's"
    );
    let rows = browser.evaluate(
        "[...document.querySelectorAll('#compare-side-table tbody th')].map(th => th.textContent.trim())",
    );
    for column in ["Worker housing", "Lease term"] {
        assert!(
            rows.as_array()
                .unwrap()
                .iter()
                .any(|row| row.as_str() == Some(column)),
            "{column} is compared: {rows}"
        );
    }
    browser.close();
}
