//! Another province's portal, with no code change: `tests/portals/binh-van/` is a
//! fictional province formed in the 2025 mergers, with its own fact schema (its own
//! keys, one of them a target, a status and a kind of zone of its own), its own map
//! outline, and no industrial clusters or key projects. It must pass `check --strict`,
//! build, and show nothing of the bundled province.

mod common;

use common::*;

fn portal() -> SiteTest {
    SiteTest::portal("binh-van")
}

/// The home page's map figure in `language`.
fn map_figure(files: &Files, language: &str) -> String {
    let home = page(files, &format!("{language}/index.html"));
    let start = home
        .find("<figure class=\"chart\" id=\"chart-map-figure\">")
        .expect("the home page has a map");
    let end = home[start..].find("</figure>").unwrap() + start;
    home[start..end].to_string()
}

/// Every chart figure (caption, SVG and data table) of a page.
fn chart_figures(html: &str) -> Vec<&str> {
    html.split("<figure class=\"chart\"")
        .skip(1)
        .map(|rest| rest.split("</figure>").next().unwrap_or(rest))
        .collect()
}

#[test]
fn it_passes_check_strict_with_no_warning() {
    let dir = tempfile::tempdir().unwrap();
    portal().write_to(dir.path());
    let run = halong(&["check", "--strict", "--root", dir.path().to_str().unwrap()]);
    assert!(run.status.success(), "{}{}", run.stdout, run.stderr);
    assert!(
        !run.stderr.contains("warning"),
        "check warns:\n{}",
        run.stderr
    );
}

#[test]
fn nothing_it_publishes_names_the_bundled_province() {
    let files = portal().build();
    assert!(files.contains_key("en/index.html"));
    for (path, bytes) in &files {
        if path.starts_with("fonts/") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for word in ["Quảng Ninh", "Quang Ninh", "Hạ Long", "Ha Long"] {
            assert!(!text.contains(word), "{path} contains {word}");
        }
    }
}

#[test]
fn its_menu_and_pages_have_no_clusters_or_projects() {
    let files = portal().build();
    for language in ["vi", "en"] {
        let home = page(&files, &format!("{language}/index.html"));
        let menu = home
            .split("class=\"wrap main-nav\"")
            .nth(1)
            .and_then(|rest| rest.split("</nav>").next())
            .expect("a main menu");
        assert!(menu.contains(&format!("/{language}/parks/")), "{menu}");
        assert!(menu.contains(&format!("/{language}/zones/")), "{menu}");
        assert!(
            !menu.contains("/clusters/") && !menu.contains("/projects/"),
            "{menu}"
        );
    }
    assert!(!files
        .keys()
        .any(|path| path.contains("/clusters/") || path.contains("/projects/")));
    assert!(!page(&files, "sitemap.xml").contains("/projects/"));
}

#[test]
fn its_own_facts_show_with_its_own_labels_units_and_vocabulary() {
    let files = portal().build();
    let home = page(&files, "en/index.html");
    assert!(home.contains("<dt>Investment projects in effect</dt>"));
    assert!(home.contains("369 projects"));
    assert!(home.contains("VND 19,866 billion"));
    let vi = page(&files, "vi/index.html");
    assert!(vi.contains("19.866 tỷ đồng"));

    let park = page(&files, "en/parks/tan-phu/index.html");
    assert!(park.contains("<dt>Cold storage capacity</dt>"));
    assert!(park.contains("12,000 tonnes"));
    assert!(park.contains("<h3 class=\"facts-group\">Transport and storage</h3>"));
    let ben_do = page(&files, "en/parks/ben-do/index.html");
    assert!(ben_do.contains("Clearing land"), "its own status");
    assert!(ben_do.contains("Next to the river wharf"));

    let zone = page(&files, "en/zones/vinh-an/index.html");
    assert!(
        zone.contains("River-port economic zone"),
        "its own kind of zone"
    );
    let zones = page(&files, "vi/zones/index.html");
    assert!(zones.contains("Khu kinh tế cảng sông"));

    let compare = page(&files, "en/compare/index.html");
    assert!(compare.contains("data-key=\"distance_river_port\""));
    assert!(compare.contains("Distance to the river port at least (km)"));
    let csv = page(&files, "data/parks.csv");
    assert!(csv.lines().next().unwrap().contains("cold_storage_unit"));
}

/// The words a reader sees in the home page's fact `key`: its label and values,
/// without markup or line breaks.
fn fact_text(files: &Files, language: &str, key: &str) -> String {
    let home = page(files, &format!("{language}/index.html"));
    let start = home
        .find(&format!("id=\"fact-{key}\""))
        .unwrap_or_else(|| panic!("{language}: the home page shows `{key}`"));
    // From the end of the fact's opening tag.
    let start = home[start..].find('>').unwrap() + start + 1;
    let end = home[start..].find("</div>").unwrap() + start;
    let mut text = String::new();
    let mut in_tag = false;
    for character in home[start..end].chars() {
        match character {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(character),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Regression: a target read "Target …: Target 2025: …", the word twice (once in the
/// fact's label, once before the value).
#[test]
fn a_target_says_it_is_one_once_in_both_languages() {
    let files = portal().build();
    let english = fact_text(&files, "en", "fdi_target");
    assert!(
        english.starts_with("Foreign direct investment target USD 1.2 billion by 2025"),
        "{english}"
    );
    assert_eq!(
        english.to_lowercase().matches("target").count(),
        1,
        "{english}"
    );
    let vietnamese = fact_text(&files, "vi", "fdi_target");
    assert!(
        vietnamese.starts_with("Mục tiêu thu hút vốn FDI 1,2 tỷ USD đến năm 2025"),
        "{vietnamese}"
    );
    assert_eq!(vietnamese.matches("Mục tiêu").count(), 1, "{vietnamese}");
}

#[test]
fn its_target_is_labelled_as_a_target_and_never_charted() {
    let files = portal().build();
    let home = page(&files, "en/index.html");
    assert!(
        home.contains("USD 1.2 billion by 2025"),
        "the target is labelled"
    );
    assert!(page(&files, "vi/index.html").contains("1,2 tỷ USD đến năm 2025"));
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for figure in chart_figures(&html) {
            for shown in [
                "fdi_target",
                "Foreign direct investment",
                "Vốn FDI",
                "1.2 billion",
                "1,2 tỷ",
                "1,200",
                "1.200",
                "Target",
                "Mục tiêu",
            ] {
                assert!(
                    !figure.contains(shown),
                    "a chart on {path} shows the target ({shown}):\n{figure}"
                );
            }
        }
    }
    // The figures the schema charts are charted, without a `charts:` section.
    assert!(home.contains("id=\"chart-parks-total_area\""));
    assert!(home.contains("id=\"chart-projects_licensed\""));
    let json = page(&files, "data/parks.json");
    assert!(!json.contains("target_year"), "no park figure is a target");
}

#[test]
fn its_map_draws_its_own_outline_and_its_parks() {
    let files = portal().build();
    let figure = map_figure(&files, "en");
    let rings: Vec<usize> = tags_with(&figure, &["<polygon", "fill=\"#F1F3EA\""])
        .iter()
        .map(|tag| attr_of(tag, "points").unwrap().split_whitespace().count())
        .collect();
    assert_eq!(rings, vec![7], "one ring of seven positions: its outline");
    assert!(figure.contains("Outline: fictional test data"));
    assert!(
        figure.contains(">Industrial parks</text>") && !figure.contains("Industrial clusters"),
        "the legend names the kinds it has records of"
    );
    assert!(
        figure.contains("18.5°N") || figure.contains("18.6°N"),
        "{figure}"
    );
    for park in ["tan-phu", "ben-do", "an-thanh"] {
        assert!(
            figure.contains(&format!("/en/parks/{park}/")),
            "{park} is on the map"
        );
    }
    // The park without a sourced position is named beside the map, not dropped.
    assert!(figure.contains("class=\"unplaced\""));
    assert!(figure.contains("/en/parks/phu-my-dong/"));
}

#[test]
fn it_says_how_the_province_was_formed_and_where_each_record_lay() {
    let files = portal().build();
    assert!(page(&files, "en/index.html")
        .contains("Formed on 1 July 2025 from Binh Van (former) and Hoa Son."));
    assert!(page(&files, "vi/index.html")
        .contains("Thành lập ngày 1/7/2025 trên cơ sở Bình Vân (cũ) và Hòa Sơn."));
    let park = page(&files, "en/parks/an-thanh/index.html");
    assert!(park.contains("<dt>Province before 1 July 2025</dt><dd>Binh Van (former)</dd>"));
    let zone = page(&files, "vi/zones/vinh-an/index.html");
    assert!(zone.contains("<dt>Tỉnh trước ngày 1/7/2025</dt><dd>Hòa Sơn</dd>"));
    let index = page(&files, "en/search-index.json");
    let an_thanh = index
        .lines()
        .find(|line| line.contains("/en/parks/an-thanh/"))
        .unwrap();
    assert!(an_thanh.contains("binh van (former)"), "{an_thanh}");
}

#[test]
fn a_park_with_no_figures_yet_looks_finished() {
    let files = portal().build();
    let park = page(&files, "en/parks/phu-my-dong/index.html");
    assert!(park.contains(
        "Not yet published:</span> Total area, Industrial land for lease, Occupancy rate, Distance to the river port, Cold storage capacity"
    ));
    assert!(!park.contains("facts-group"));
    assert!(!park.contains("<figure class=\"chart\""), "no empty chart");
}
