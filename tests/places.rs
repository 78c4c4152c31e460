//! Places, distances and whom to call: positions with how they are known, landmarks
//! as data, distances computed from positions where none is published (and labelled
//! as such), the province map with a linked marker per placed record, search by what
//! a park is near, and the contact every park page ends with.
//!
//! The bundled portal gives the real cases (a flagship park placed at its commune's
//! centre, ports, airports); the Binh Van portal (`tests/portals/binh-van/`) gives
//! exact positions, a published distance beside a computed one, and an office and a
//! developer with a phone and an e-mail address.

mod common;

use common::*;

fn bundled() -> Files {
    let input = halong::content::load::read(&repo());
    let sink = halong::output::Memory::default();
    if let Err(failure) = halong::build_into(&input, &halong::Options::default(), &sink) {
        panic!(
            "the bundled portal must build:\n{}",
            halong::diagnostics::render_human(&failure.diagnostics, &failure.texts)
        );
    }
    sink.into_files()
}

fn binh_van() -> SiteTest {
    SiteTest::portal("binh-van")
}

/// A figure of a page, by its id.
fn figure<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let start = html.find(&format!("<figure class=\"chart\" id=\"{id}\">"))?;
    let end = html[start..].find("</figure>")? + start;
    Some(&html[start..end])
}

/// The text of a fact on a record page (tags removed, spaces collapsed).
fn fact_text(html: &str, key: &str) -> Option<String> {
    let start = html.find(&format!("id=\"fact-{key}\""))?;
    let end = html[start..].find("</dd>")? + start;
    Some(plain(&html[start..end]))
}

fn plain(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for character in html.chars() {
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

/// The records with a position of their own, as (folder, slug), read from the files.
fn placed_records() -> Vec<(String, String)> {
    let mut placed = Vec::new();
    for folder in ["zones", "parks", "clusters", "projects"] {
        for entry in std::fs::read_dir(repo().join("content").join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml")
                && std::fs::read_to_string(&path)
                    .unwrap()
                    .contains("\ncoordinates:")
            {
                let slug = path.file_stem().unwrap().to_string_lossy().into_owned();
                placed.push((folder.to_string(), slug));
            }
        }
    }
    placed.sort();
    placed
}

#[test]
fn every_placed_record_is_a_marker_on_the_map_linked_to_its_profile() {
    let files = bundled();
    let placed = placed_records();
    assert!(placed.len() >= 20, "the bundled portal places its records");
    for language in ["vi", "en"] {
        let home = page(&files, &format!("{language}/index.html"));
        let map = figure(home, "chart-map-figure").expect("the home page has a map");
        let svg = &map[map.find("<svg").unwrap()..map.find("</svg>").unwrap()];
        let links: Vec<String> = tags_with(svg, &["<a ", "halong-chart-link"])
            .iter()
            .filter_map(|tag| attr_of(tag, "href"))
            .collect();
        for (folder, slug) in &placed {
            let href = format!("/{language}/{folder}/{slug}/");
            assert!(
                links.contains(&href),
                "{language}: no marker links to {href}"
            );
            assert!(
                files.contains_key(&format!("{language}/{folder}/{slug}/index.html")),
                "{href} is a page"
            );
        }
        assert_eq!(
            links.len(),
            placed.len(),
            "{language}: one linked marker per placed record, no more"
        );
        // The list of places is the map's text: each marker's place with its kind and
        // how its position is known.
        let list = &map[map.find("map-places").expect("a list of places")..];
        let (approximate, exact) = match language {
            "en" => (
                "Approximate: the centre of its commune or ward",
                "Published coordinate of the place",
            ),
            _ => (
                "Gần đúng: điểm trung tâm của xã, phường",
                "Tọa độ được công bố cho chính địa điểm",
            ),
        };
        assert!(list.contains(approximate), "{language}: {list:.300}");
        assert!(
            list.contains(exact),
            "{language}: the airports' published points"
        );
    }
}

#[test]
fn a_zone_page_maps_its_parks_and_a_park_page_shows_where_it_lies() {
    let files = bundled();
    let zone = page(&files, "en/zones/quang-yen/index.html");
    let map = figure(zone, "chart-zone-map-figure").expect("the zone has its own map");
    for park in ["song-khoai", "bac-tien-phong", "dam-nha-mac"] {
        assert!(
            map.contains(&format!("href=\"/en/parks/{park}/\"")),
            "{park} is on its zone's map"
        );
    }
    assert!(
        !map.contains("href=\"/en/parks/hai-ha/\""),
        "another zone's park is not"
    );
    let park = page(&files, "vi/parks/song-khoai/index.html");
    assert!(park.contains("id=\"chart-locator\""), "a locator map");
    let position = fact_text(park, "position").unwrap_or_else(|| {
        let start = park
            .find("id=\"position\"")
            .expect("the position is stated");
        plain(&park[start..start + 1500])
    });
    assert!(
        position.contains("Gần đúng: điểm trung tâm của xã, phường"),
        "the page says the position is approximate: {position}"
    );
}

#[test]
fn a_computed_distance_is_labelled_and_a_published_one_is_not() {
    let files = binh_van().build();
    // Tan Phu publishes 3 km to the wharf: shown as published, nothing computed.
    let tan_phu = page(&files, "en/parks/tan-phu/index.html");
    let published = fact_text(tan_phu, "distance_river_port").unwrap();
    assert!(published.contains("3 km"), "{published}");
    assert!(
        !published.contains("straight line") && !published.contains("computed"),
        "a published distance is not called computed: {published}"
    );
    // An Thanh publishes none: the straight-line distance from the two (published)
    // positions, saying so.
    let an_thanh = page(&files, "en/parks/an-thanh/index.html");
    let computed = fact_text(an_thanh, "distance_river_port").unwrap();
    assert!(
        computed.contains("in a straight line to Vinh An container wharf")
            && computed.contains("(computed from the two positions)"),
        "{computed}"
    );
    let vi = page(&files, "vi/parks/an-thanh/index.html");
    let computed_vi = fact_text(vi, "distance_river_port").unwrap();
    assert!(
        computed_vi.contains("theo đường chim bay đến Bến container Vĩnh An")
            && computed_vi.contains("(tính toán từ tọa độ hai điểm)"),
        "{computed_vi}"
    );
    // Ben Do publishes only words: they stay, and the computed distance stands beside
    // them, labelled.
    let ben_do = page(&files, "en/parks/ben-do/index.html");
    let both = fact_text(ben_do, "distance_river_port").unwrap();
    assert!(
        both.contains("Next to the river wharf") && both.contains("computed"),
        "{both}"
    );
    // The compare table sorts and filters An Thanh by its computed distance, marked.
    let compare = page(&files, "en/compare/index.html");
    let cell = tags_with(
        compare,
        &["data-key=\"distance_river_port\"", "data-computed"],
    );
    assert_eq!(cell.len(), 1, "one computed cell (An Thanh)");
    assert!(attr_of(cell[0], "data-value").is_some_and(|value| !value.is_empty()));
}

#[test]
fn distances_from_approximate_positions_say_so_and_rough_ones_are_not_measured() {
    let files = bundled();
    let song_khoai = page(&files, "en/parks/song-khoai/index.html");
    let port = fact_text(song_khoai, "distance_deep_water_port").unwrap();
    assert!(
        port.contains("in a straight line to Cai Lan port")
            && port.contains("computed from approximate positions"),
        "{port}"
    );
    // Mong Cai's border gate is placed only at its city's centre: drawn, never
    // measured from; Hai Yen park in that city gets no computed distance to it.
    let hai_yen = page(&files, "en/parks/hai-yen/index.html");
    let gate = fact_text(hai_yen, "distance_border_gate").unwrap_or_default();
    assert!(!gate.contains("Mong Cai"), "{gate}");
}

#[test]
fn search_finds_parks_near_a_deep_water_port_in_both_languages() {
    let files = bundled();
    for (language, query, phrase) in [
        ("en", "deep-water port", "near a deep-water port"),
        ("vi", "cảng nước sâu", "gần cảng nước sâu"),
        ("vi", "cang nuoc sau", "gan cang nuoc sau"),
    ] {
        let index: serde_json::Value =
            serde_json::from_slice(&files[&format!("{language}/search-index.json")]).unwrap();
        let docs = index["docs"].as_array().unwrap();
        let text_of = |park: &str| -> &str {
            docs.iter()
                .find(|doc| doc["url"] == format!("/{language}/parks/{park}/"))
                .and_then(|doc| doc["text"].as_str())
                .unwrap_or_else(|| panic!("no {park} in the {language} index"))
        };
        // search.js keeps the documents with every word of the query, phrase first.
        let terms: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
        let phrase = fold(phrase);
        for near in ["song-khoai", "bac-tien-phong", "cai-lan"] {
            let text = text_of(near);
            assert!(
                terms.iter().all(|term| text.contains(term.as_str())),
                "`{query}` finds {near}"
            );
            assert!(text.contains(&phrase), "{near} is {phrase}: {text:.300}");
        }
        // Hai Ha is some 75 km from the nearest deep-water port with a position.
        assert!(
            !text_of("hai-ha").contains(&phrase),
            "Hai Ha is not {phrase}"
        );
    }
}

/// What search.js does to a query: no diacritics, đ -> d, lower case.
fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| if c == 'đ' || c == 'Đ' { 'd' } else { c })
        .collect::<String>()
        .to_lowercase()
}

#[test]
fn a_park_page_ends_with_whom_to_contact_with_working_links() {
    let files = binh_van().build();
    let tan_phu = page(&files, "en/parks/tan-phu/index.html");
    let contact = &tan_phu[tan_phu
        .find("id=\"contact-heading\"")
        .expect("a contact section")..];
    let hrefs: Vec<String> = attribute_values(contact, "href");
    assert!(
        hrefs.contains(&"tel:+842993811222".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"mailto:sales@tanphu.example".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.iter().any(
            |href| href.starts_with("mailto:sales@tanphu.example?subject=")
                && href.contains("Tan%20Phu%20Industrial%20Park")
        ),
        "an enquiry link names the park in its subject: {hrefs:?}"
    );
    // Then the office that answers for parks, with its date and source.
    assert!(
        hrefs.contains(&"tel:+842993000000".to_string()),
        "{hrefs:?}"
    );
    assert!(plain(contact).contains("as of 30 June 2025"));
    // A park without a contact of its own gets the office.
    let an_thanh = page(&files, "vi/parks/an-thanh/index.html");
    let contact = &an_thanh[an_thanh.find("id=\"contact-heading\"").unwrap()..];
    assert!(contact.contains("href=\"mailto:dautu@binhvan.example?subject="));
    assert!(contact.contains("Khu%20c%C3%B4ng%20nghi%E1%BB%87p%20An%20Th%E1%BA%A1nh"));
    // The home page and the language chooser show the office.
    for path in ["en/index.html", "vi/index.html", "index.html"] {
        let html = page(&files, path);
        assert!(
            html.contains("href=\"tel:+842993000000\"")
                && html.contains("href=\"mailto:dautu@binhvan.example"),
            "{path} shows the office's phone and e-mail"
        );
    }
    // The compare page carries each park's contact for the side-by-side view.
    let compare = page(&files, "en/compare/index.html");
    assert!(compare.contains("class=\"contact-col\" hidden><div class=\"contact-card\">"));
    assert!(compare.contains("href=\"tel:+842993811222\""));
}

#[test]
fn where_no_contact_is_published_the_page_says_so_and_points_to_the_website() {
    let files = bundled();
    let park = page(&files, "en/parks/song-khoai/index.html");
    let contact = plain(&park[park.find("id=\"contact-heading\"").unwrap()..]);
    assert!(
        contact.contains("Quang Ninh Economic Zone Authority")
            && contact.contains("No phone number or e-mail address is published.")
            && contact.contains("See the official website: qeza.gov.vn"),
        "{contact:.600}"
    );
    // Bac Tien Phong's developer published a phone number.
    let park = page(&files, "en/parks/bac-tien-phong/index.html");
    assert!(park.contains("href=\"tel:+842033567848\""));
}

#[test]
fn landmarks_and_positions_are_checked_where_they_are_written() {
    let landmarks = "\
- id: main-port
  kind: seaprot
  name: {vi: Cảng chính, en: Main port}
- id: old-airport
  kind: airport
  name: {vi: Sân bay cũ, en: Old airport}
  details: {vi: Đường băng 2.000 m, en: A 2000 m runway}
  coordinates: {lat: 21.2, lon: 105.8, precision: published, source: src-one}
";
    let park = format!(
        "{PARK_BETA}coordinates: {{lat: 10.2, lon: 105.3, precision: comune, source: src-one}}\n"
    );
    let site = SiteTest::new()
        .with_file("content/landmarks.yaml", landmarks)
        .with_file("content/parks/park-beta.yaml", &park);
    let errors = site.build_errors();
    assert_eq!(
        error_lines(&errors),
        [
            "E0108 content/landmarks.yaml:2:9",
            "E0108 content/parks/park-beta.yaml:5:49"
        ]
    );
    let (found, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        errors.iter().partition(|d| d.is_error());
    assert_eq!(found[0].help.as_deref(), Some("did you mean `seaport`?"));
    assert_eq!(found[1].help.as_deref(), Some("did you mean `commune`?"));
    assert!(
        warnings
            .iter()
            .any(|d| d.code == "W0201" && d.message == "a landmark's details without a source"),
        "{warnings:?}"
    );
}

#[test]
fn a_landmark_may_lie_beyond_the_map_but_a_record_may_not() {
    let outline = r#"{"type": "Polygon", "coordinates": [[[105.0, 10.0], [105.5, 10.0], [105.5, 10.5], [105.0, 10.5], [105.0, 10.0]]]}"#;
    let site_yaml = format!("{SITE_YAML}map:\n  outline: content/map/outline.geojson\n");
    // An airport in the next province gives distances though it is off the map.
    let landmarks = "\
- id: far-airport
  kind: airport
  name: {vi: Sân bay xa, en: Far airport}
  coordinates: {lat: 11.0, lon: 106.5, precision: published, source: src-one}
";
    let site = SiteTest::new()
        .with_file("site.yaml", &site_yaml)
        .with_file("content/map/outline.geojson", outline)
        .with_file("content/landmarks.yaml", landmarks);
    let park = format!(
        "{PARK_BETA}coordinates: {{lat: 10.2, lon: 105.3, precision: published, source: src-one}}\n"
    );
    let files = site
        .clone()
        .with_file("content/parks/park-beta.yaml", &park)
        .build();
    let beta = page(&files, "en/parks/park-beta/index.html");
    let airport = fact_text(beta, "distance_airport").unwrap();
    assert!(airport.contains("to Far airport"), "{airport}");
    // The same position for a record is an error, as before.
    let far = format!(
        "{PARK_BETA}coordinates: {{lat: 11.0, lon: 106.5, precision: published, source: src-one}}\n"
    );
    let errors = site
        .with_file("content/parks/park-beta.yaml", &far)
        .build_errors();
    assert_eq!(
        error_lines(&errors),
        ["E0503 content/parks/park-beta.yaml:5:14"]
    );
}
