//! Charts that cannot mislead, on small fixtures: every value on an axis is in the
//! axis's unit; a series by period never puts periods of different lengths side by
//! side, and says periods in words; a qualifier and a scope travel with the value
//! into the chart and its data table; an outlier does not flatten the other bars.

mod common;

use common::{page, SiteTest};

/// The `<figure>` of the chart with this id on a page.
fn figure<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}-figure\""))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let rest = &html[start..];
    &rest[..rest.find("</figure>").expect("the figure ends")]
}

/// The texts drawn in a chart's SVG.
fn drawn_texts(figure: &str) -> Vec<String> {
    let svg = &figure[figure.find("<svg").unwrap()..figure.find("</svg>").unwrap() + 6];
    let document = roxmltree::Document::parse(svg).expect("the chart is XML");
    document
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .map(|node| node.text().unwrap_or_default().to_string())
        .collect()
}

/// A second zone, in hectares, beside the fixture's zone of 2,170 km².
fn two_zones() -> SiteTest {
    SiteTest::new()
        .with_file(
            "content/zones/other-zone.yaml",
            "name: {vi: Khu kinh tế Khác, en: Other Economic Zone}\nkind: coastal\nstatus: operating\n\
             facts:\n  total_area: {value: 98000, unit: ha, source: src-one, as_of: 2025-01-02}\n",
        )
        .with_file(
            "content/zones/other-zone.vi.md",
            "---\nsummary: Khu khác.\n---\nKhu khác.\n",
        )
        .with_file(
            "content/zones/other-zone.en.md",
            "---\nsummary: Another zone.\n---\nAnother zone.\n",
        )
}

#[test]
fn every_value_on_an_axis_is_in_the_axis_unit() {
    let files = two_zones().build();
    for (language, converted, published, unit) in [
        ("en", "217,000 ha", "2,170 km²", " ha"),
        ("vi", "217.000 ha", "2.170 km²", " ha"),
    ] {
        let home = page(&files, &format!("{language}/index.html"));
        let chart = figure(home, "chart-zone-area");
        let texts = drawn_texts(chart);
        assert!(
            texts.iter().any(|text| text == converted),
            "{language}: the km² zone is drawn in hectares: {texts:?}"
        );
        assert!(
            !texts.iter().any(|text| text.contains("km²")),
            "{language}: no other unit on a hectare axis: {texts:?}"
        );
        // Every value written at a bar's end is in the axis's unit.
        let values: Vec<&String> = texts.iter().filter(|text| text.contains(' ')).collect();
        assert!(
            values
                .iter()
                .filter(|text| text.chars().next().is_some_and(|c| c.is_ascii_digit()))
                .all(|text| text.ends_with(unit)),
            "{language}: {values:?}"
        );
        // The data table says how the figure was published.
        let table = &chart[chart.find("<table").unwrap()..];
        assert!(
            table.contains(converted) && table.contains(published),
            "{language}: the table gives both forms"
        );
    }
}

const FDI: &str = "\
name: {vi: Tỉnh Thử, en: Test Province}
facts:
  fdi:
    - {value: 850, unit: usd_million, qualifier: over, period: 2024-Q1, source: src-one, as_of: 2024-04-01}
    - {value: 3.1, unit: usd_billion, qualifier: over, period: \"2023\", source: src-one, as_of: 2024-01-02}
    - {value: 3090, unit: usd_million, qualifier: about, period: 2023-01/2023-10, source: src-one, as_of: 2023-11-14}
    - {value: 832, unit: usd_million, period: 2023-H1, source: src-one, as_of: 2023-07-01}
    - {value: 2.4, unit: usd_billion, period: \"2022\", source: src-one, as_of: 2023-01-02}
";

#[test]
fn a_series_by_period_draws_periods_of_one_length_and_says_them_in_words() {
    let files = SiteTest::new()
        .with_file("content/province.yaml", FDI)
        .build();
    for (language, drawn, listed) in [
        (
            "en",
            ["2022", "2023"],
            ["first half of 2023", "first 10 months of 2023", "Q1 2024"],
        ),
        (
            "vi",
            ["năm 2022", "năm 2023"],
            [
                "6 tháng đầu năm 2023",
                "10 tháng đầu năm 2023",
                "Quý I/2024",
            ],
        ),
    ] {
        let home = page(&files, &format!("{language}/index.html"));
        let chart = figure(home, "chart-fdi");
        let texts = drawn_texts(chart);
        for period in drawn {
            assert!(
                texts.iter().any(|text| text == period),
                "{language}: {period} is drawn: {texts:?}"
            );
        }
        for period in listed {
            assert!(
                !texts.iter().any(|text| text == period),
                "{language}: {period} is not drawn beside full years"
            );
            let table = &chart[chart.find("<table").unwrap()..];
            assert!(
                table.contains(period),
                "{language}: {period} is listed in the table"
            );
        }
        assert!(
            chart.contains("chart-description") && chart.contains(listed[2]),
            "{language}: the description names what is left out"
        );
        for code in ["2024-Q1", "2023-01/2023-10", "2023-H1"] {
            assert!(
                !home.contains(code),
                "{language}: the raw code {code} is shown"
            );
        }
    }
}

#[test]
fn qualifier_and_scope_travel_with_the_value_into_the_chart_and_its_table() {
    let park = "\
name: {vi: Khu công nghiệp Sông Khoai, en: Song Khoai Industrial Park}
zone: test-zone
status: operating
facts:
  total_area: {value: 714, unit: ha, source: src-one, as_of: 2025-01-02}
  occupancy: {value: 100, unit: percent, scope: {vi: giai đoạn 1 trong 5, en: phase 1 of 5}, source: src-one, as_of: 2024-01-02}
";
    let other = "\
name: {vi: Khu công nghiệp Khác, en: Other Industrial Park}
zone: test-zone
status: operating
facts:
  total_area: {value: 300, unit: ha, source: src-one, as_of: 2025-01-02}
  occupancy: {value: 45, unit: percent, qualifier: over, source: src-one, as_of: 2022-01-02}
";
    let files = SiteTest::new()
        .with_file("content/parks/park-alpha.yaml", park)
        .with_file("content/parks/park-other.yaml", other)
        .with_file(
            "content/parks/park-other.vi.md",
            "---\nsummary: Khác.\n---\nKhác.\n",
        )
        .with_file(
            "content/parks/park-other.en.md",
            "---\nsummary: Other.\n---\nOther.\n",
        )
        .build();
    let home = page(&files, "en/index.html");
    let chart = figure(home, "chart-occupancy");
    let texts = drawn_texts(chart);
    assert!(texts.iter().any(|text| text == "over 45%"), "{texts:?}");
    assert!(texts.iter().any(|text| text == "100%*"), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|text| text.contains("Song Khoai") && text.contains("phase 1 of 5")),
        "the scope is said under the chart: {texts:?}"
    );
    let table = &chart[chart.find("<table").unwrap()..];
    assert!(table.contains("over 45%") && table.contains("phase 1 of 5"));
    assert!(
        table.contains("href=\"#cite-"),
        "each value's source is cited"
    );
    assert!(table.contains("2 January 2024"), "and its date");
}

#[test]
fn one_outlier_does_not_flatten_the_other_bars() {
    let huge = "\
name: {vi: Khu công nghiệp Lớn, en: Huge Industrial Park}
zone: test-zone
status: operating
facts:
  total_area: {value: 5000, unit: ha, qualifier: about, source: src-one, as_of: 2025-01-02}
";
    let small = |slug: &str, area: u32| {
        (
            format!("content/parks/{slug}.yaml"),
            format!(
                "name: {{vi: Khu {slug}, en: {slug} Park}}\nzone: test-zone\nstatus: operating\n\
                 facts:\n  total_area: {{value: {area}, unit: ha, source: src-one, as_of: 2025-01-02}}\n"
            ),
        )
    };
    let mut site = SiteTest::new().with_file("content/parks/park-huge.yaml", huge);
    for (slug, area) in [("park-huge", 0), ("park-one", 200), ("park-two", 150)] {
        if area > 0 {
            let (path, text) = small(slug, area);
            site = site.with_file(&path, &text);
        }
        site = site
            .with_file(
                &format!("content/parks/{slug}.vi.md"),
                "---\nsummary: Khu.\n---\nKhu.\n",
            )
            .with_file(
                &format!("content/parks/{slug}.en.md"),
                "---\nsummary: Park.\n---\nPark.\n",
            );
    }
    let files = site.build();
    let home = page(&files, "en/index.html");
    let chart = figure(home, "chart-park-area");
    let texts = drawn_texts(chart);
    assert!(
        texts.iter().any(|text| text == "about 5,000 ha"),
        "the outlier's value is written: {texts:?}"
    );
    // The axis ends near the other bars, not at 5,000.
    let ticks: Vec<f64> = texts
        .iter()
        .filter_map(|text| text.replace(',', "").parse::<f64>().ok())
        .collect();
    let top = ticks.iter().copied().fold(0.0, f64::max);
    assert!(
        top < 2000.0,
        "the axis ends at {top}, leaving the others readable"
    );
    assert!(
        chart.contains("Huge") && chart.contains("cut short"),
        "the description says which bar is cut"
    );
}
