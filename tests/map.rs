//! The map is the portal's own: drawn from the outline its `site.yaml` names, from its
//! records' positions alone when it has none, and left out when it has neither.

mod common;

use common::*;

/// A fictional province's outline: a square of half a degree, far from any bundled
/// portal, in the Mekong delta's latitudes.
const OUTLINE: &str = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "Tỉnh Thử (hư cấu)"},
   "geometry": {"type": "Polygon", "coordinates": [[
     [105.0, 10.0], [105.5, 10.0], [105.5, 10.5], [105.25, 10.6], [105.0, 10.5], [105.0, 10.0]
   ]]}}
]}
"#;

fn with_outline(site: SiteTest) -> SiteTest {
    let site_yaml = format!(
        "{SITE_YAML}map:\n  outline: content/map/outline.geojson\n  attribution: {{vi: \"Ranh giới: dữ liệu thử\", en: \"Outline: test data\"}}\n"
    );
    site.with_file("site.yaml", &site_yaml)
        .with_file("content/map/outline.geojson", OUTLINE)
        .with_file(
            "content/map/README.md",
            "Where the outline comes from (a note for editors, not published).",
        )
}

fn with_position(site: SiteTest, lat: f64, lon: f64) -> SiteTest {
    let park = format!(
        "{}coordinates:\n  lat: {lat}\n  lon: {lon}\n  source: src-one\n",
        PARK_BETA
    );
    site.with_file("content/parks/park-beta.yaml", &park)
}

/// The home page's map figure, if it has one.
fn map_figure(files: &Files, language: &str) -> Option<String> {
    let home = page(files, &format!("{language}/index.html"));
    let start = home.find("<figure class=\"chart\" id=\"chart-map-figure\">")?;
    let end = home[start..].find("</figure>")? + start;
    Some(home[start..end].to_string())
}

/// The number of points of each land polygon the map draws.
fn land_polygons(figure: &str) -> Vec<usize> {
    tags_with(figure, &["<polygon", "fill=\"#F1F3EA\""])
        .iter()
        .map(|tag| attr_of(tag, "points").unwrap().split_whitespace().count())
        .collect()
}

#[test]
fn a_portal_with_its_own_outline_draws_it() {
    let files = with_position(with_outline(SiteTest::new()), 10.2, 105.3).build();
    let figure = map_figure(&files, "en").expect("the home page has a map");
    assert_eq!(
        land_polygons(&figure),
        vec![6],
        "the map draws this portal's one ring of six positions, and nothing else"
    );
    assert!(
        figure.contains("10.5°N"),
        "the graticule is this outline's: {figure}"
    );
    assert!(!figure.contains("21°N"), "no other province's frame");
    assert!(figure.contains("Outline: test data"));
    assert!(
        figure.contains("/en/parks/park-beta/"),
        "the park with a position is on the map"
    );
    let vi = map_figure(&files, "vi").unwrap();
    assert!(vi.contains("Ranh giới: dữ liệu thử"));
    assert!(
        !files.iter().any(|(_, bytes)| bytes
            .windows(20)
            .any(|window| window == b"a note for editors, ")),
        "the outline's README is not published"
    );
}

#[test]
fn a_position_outside_the_outline_is_an_error_naming_file_and_line() {
    let errors = with_position(with_outline(SiteTest::new()), 21.0, 107.0).build_errors();
    assert_eq!(
        error_lines(&errors),
        vec!["E0503 content/parks/park-beta.yaml:6:3"]
    );
    let help = errors[0].help.as_deref().unwrap();
    assert!(
        help.contains("latitude 9.95° to 10.65° N and longitude 104.95° to 105.55° E"),
        "the help gives the map's bounds: {help}"
    );
    assert!(errors[0].message.contains("content/map/outline.geojson"));
}

#[test]
fn a_portal_without_outline_maps_its_positions_only() {
    let files = with_position(SiteTest::new(), 10.2, 105.3).build();
    let figure = map_figure(&files, "en").expect("the positions make a map");
    assert!(land_polygons(&figure).is_empty(), "no outline is drawn");
    assert!(figure.contains("/en/parks/park-beta/"));
    assert!(
        figure.contains("Test Economic Zone") || figure.contains("Song Khoai"),
        "the records without a position are listed beside the map: {figure}"
    );
}

#[test]
fn a_portal_without_outline_or_positions_has_no_map() {
    let files = SiteTest::new().build();
    for language in ["vi", "en"] {
        assert_eq!(map_figure(&files, language), None);
        assert!(!page(&files, &format!("{language}/index.html")).contains("chart-map"));
    }
}

#[test]
fn a_geojson_file_the_site_does_not_name_is_reported() {
    let errors = SiteTest::new()
        .with_file("content/map/outline.geojson", OUTLINE)
        .build_errors();
    assert_eq!(
        error_lines(&errors),
        vec!["E0106 content/map/outline.geojson:1:1"]
    );
    assert!(
        errors[0].help.as_deref().unwrap().contains("map:"),
        "the help says how to use it as the outline: {:?}",
        errors[0].help
    );
}

#[test]
fn the_bundled_portal_reads_its_own_outline() {
    let root = repo();
    let input = halong::content::load::read(&root);
    let validated = halong::content::validate::validate(&input, &halong::Options::default());
    let site = validated.site.expect("the bundled portal validates");
    let outline = site.outline.expect("the bundled portal names its outline");
    assert!(outline.rings.len() >= 5);
    let points: usize = outline.rings.iter().map(Vec::len).sum();
    assert!(points > 200 && points < 1000, "{points}");
    let frame = outline.frame();
    assert!(frame.contains(21.04, 106.77), "{frame:?}");
    assert!(!frame.contains(21.03, 105.85), "{frame:?}");
}

#[test]
fn serve_checks_every_position_again_when_the_outline_changes() {
    let site = with_position(with_outline(SiteTest::new()), 10.2, 105.3);
    let built = site.build_to_dir();
    let mut session = halong::Session::open(&built.root, &built.output, &site.options());
    let outline = built.root.join("content/map/outline.geojson");
    let changed = [std::path::PathBuf::from("content/map/outline.geojson")];

    // The outline moves a degree north: the park (not edited) now lies outside it.
    std::fs::write(&outline, OUTLINE.replace(", 10.", ", 11.")).unwrap();
    let failure = session
        .rebuild(&changed, |_| {})
        .expect_err("the park's position is outside the new outline");
    assert_eq!(
        error_lines(&failure.diagnostics),
        vec!["E0503 content/parks/park-beta.yaml:6:3"]
    );

    // Back where it was: the map is drawn again, as a fresh build draws it.
    std::fs::write(&outline, OUTLINE).unwrap();
    session
        .rebuild(&changed, |_| {})
        .unwrap_or_else(|failure| panic!("{:?}", failure.diagnostics));
    let home = std::fs::read_to_string(built.output.join("en/index.html")).unwrap();
    let fresh = site.build();
    assert!(map_figure(&fresh, "en").is_some());
    assert_eq!(
        home,
        page(&fresh, "en/index.html"),
        "as a fresh build draws it"
    );
}

/// `count` parks on a few hundred metres of the test outline, with names that are too
/// long to fit beside a marker.
fn with_crowd(site: SiteTest, count: usize) -> SiteTest {
    (1..=count).fold(site, |site, number| {
        let park = format!(
            "name: {{vi: Khu công nghiệp Thử Nghiệm Số {number}, en: Crowded Test Industrial Park Number {number}}}\n\
             status: operating\n\
             coordinates:\n  lat: {}\n  lon: {}\n  precision: published\n  source: src-one\n",
            10.2 + (number % 7) as f64 * 0.0003,
            105.3 + (number % 5) as f64 * 0.0003,
        );
        site.with_file(&format!("content/parks/crowd-{number:03}.yaml"), &park)
    })
}

#[test]
fn a_crowd_of_parks_is_one_counted_marker_and_the_list_names_the_first_hundred() {
    let files = with_crowd(with_outline(SiteTest::new()), 130).build();
    let figure = map_figure(&files, "en").unwrap();
    let svg = &figure[figure.find("<svg").unwrap()..figure.find("</svg>").unwrap()];
    assert!(
        svg.contains("<title>130 places here, too close together to mark one by one</title>"),
        "one marker counts the crowd: {svg}"
    );
    assert!(
        !svg.contains("/en/parks/crowd-"),
        "the crowd's parks are not each a link on the map"
    );
    assert!(figure.contains("Places on this map (130)"), "{figure}");
    assert_eq!(
        tags_with(&figure, &["<a", "href=\"/en/parks/crowd-"]).len(),
        100,
        "the list under the map names the first hundred"
    );
    assert!(
        figure.contains(
            "The first 100 are listed here; the map has 30 more. The full lists name every one: <a href=\"/en/parks/\">Industrial parks</a>."
        ),
        "{figure}"
    );
    let vi = map_figure(&files, "vi").unwrap();
    assert!(vi.contains("130 địa điểm ở đây"), "{vi}");
    assert!(vi.contains("trên bản đồ còn 30 địa điểm khác"), "{vi}");
}
