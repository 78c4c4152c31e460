use super::*;

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("SVG is not XML: {e}\n{svg}"))
}

fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

fn check_frame(svg: &str, id: &str, title: &str, desc: &str) {
    let doc = parse(svg);
    let root = doc.root_element();
    assert!(root.has_tag_name("svg"));
    assert_eq!(root.attribute("id"), Some(id));
    assert_eq!(
        root.attribute("aria-labelledby"),
        Some(format!("{id}-title {id}-desc").as_str())
    );
    assert!(matches!(
        root.attribute("role"),
        Some("img") | Some("group")
    ));
    let vb = root.attribute("viewBox").expect("viewBox");
    assert!(vb.starts_with("0 0 "), "{vb}");
    let t = root
        .children()
        .find(|n| n.has_tag_name("title"))
        .expect("title first");
    assert_eq!(t.attribute("id"), Some(format!("{id}-title").as_str()));
    assert_eq!(t.text(), Some(title));
    let d = root
        .children()
        .find(|n| n.has_tag_name("desc"))
        .expect("desc");
    assert_eq!(d.attribute("id"), Some(format!("{id}-desc").as_str()));
    assert_eq!(d.text(), Some(desc));
    // Every id is unique and prefixed by the chart's id.
    let ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    for i in &ids {
        assert!(i.starts_with(id), "{i}");
    }
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len());
}

fn occupancy(lang: &str) -> BarChart {
    let vi = lang == "vi";
    let nf = if vi {
        NumberFormat::VI
    } else {
        NumberFormat::EN
    };
    let pct = |v: f64| format!("{} %", format_number(v, 2, &nf));
    let bars = [
        ("KCN Bắc Mẫu", 91.2),
        ("KCN Nam Mẫu", 57.87),
        ("KCN Đông Mẫu", 33.0),
    ]
    .iter()
    .map(|(l, v)| Bar {
        label: l.to_string(),
        value: *v,
        value_text: pct(*v),
        href: Some(format!("/{lang}/parks/{}/", l.len())),
    })
    .collect();
    BarChart {
        id: format!("occupancy-{lang}"),
        title: if vi {
            "Tỷ lệ lấp đầy các KCN đang hoạt động"
        } else {
            "Occupancy of operating industrial parks"
        }
        .into(),
        description: if vi {
            "Biểu đồ thanh ngang, sắp xếp giảm dần."
        } else {
            "Horizontal bars, sorted descending."
        }
        .into(),
        value_axis: if vi {
            "Tỷ lệ lấp đầy (%)"
        } else {
            "Occupancy (%)"
        }
        .into(),
        value_max: Some(100.0),
        bars,
        cap: None,
        notes: Vec::new(),
    }
}

#[test]
fn font_is_registered_and_measures_vietnamese() {
    assert!(svg::text_width("Tỷ lệ lấp đầy", 14.0) > 40);
    assert!(svg::text_width("Tỷ lệ lấp đầy", 14.0) < 200);
}

#[test]
fn bar_chart_vi_keeps_diacritics_and_locale() {
    let chart = occupancy("vi");
    let svg = bar_chart(&chart, &NumberFormat::VI).expect("bars");
    check_frame(&svg, "occupancy-vi", &chart.title, &chart.description);
    let doc = parse(&svg);
    let t = texts(&doc);
    assert!(t.iter().any(|s| s == "Tỷ lệ lấp đầy (%)"), "{t:?}");
    assert!(t.iter().any(|s| s == "KCN Đông Mẫu"));
    assert!(t.iter().any(|s| s == "57,87 %"));
    // Axis ticks in the page's locale: 0 … 100.
    assert!(t.iter().any(|s| s == "100"));
    // Links wrap the bars, so the svg is a group, not an opaque image.
    assert_eq!(doc.root_element().attribute("role"), Some("group"));
    let links: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("a")).collect();
    assert_eq!(links.len(), 3);
    assert!(links[0]
        .attribute("href")
        .unwrap()
        .starts_with("/vi/parks/"));
    // Bars are drawn as rects by plotters.
    assert!(links[0].descendants().any(|n| n.has_tag_name("rect")));
}

#[test]
fn bar_chart_en_and_decimal_ticks() {
    let mut chart = occupancy("en");
    chart.value_max = None;
    for b in &mut chart.bars {
        b.value /= 100.0;
        b.href = None;
    }
    let svg = bar_chart(&chart, &NumberFormat::EN).unwrap();
    check_frame(&svg, "occupancy-en", &chart.title, &chart.description);
    let doc = parse(&svg);
    assert_eq!(doc.root_element().attribute("role"), Some("img"));
    let t = texts(&doc);
    assert!(t.iter().any(|s| s == "Occupancy (%)"));
    // A decimal tick in the English format (dot, not comma).
    assert!(t.iter().any(|s| s == "0.5"), "{t:?}");
}

#[test]
fn same_input_same_bytes() {
    let chart = occupancy("vi");
    let a = bar_chart(&chart, &NumberFormat::VI).unwrap();
    let b = bar_chart(&chart.clone(), &NumberFormat::VI).unwrap();
    assert_eq!(a, b);
    let outline = sample_outline();
    let m = sample_map(&outline);
    assert_eq!(
        province_map(&m, &NumberFormat::VI).svg,
        province_map(&m.clone(), &NumberFormat::VI).svg
    );
    let c = fdi(vec![Column {
        label: "2020".into(),
        value: Some(1.5),
        value_text: "1,5".into(),
    }]);
    assert_eq!(
        column_chart(&c, &NumberFormat::VI),
        column_chart(&c, &NumberFormat::VI)
    );
}

#[test]
fn empty_data_gives_none() {
    let mut chart = occupancy("vi");
    chart.bars.clear();
    assert_eq!(bar_chart(&chart, &NumberFormat::VI), None);
    chart.bars.push(Bar {
        label: "x".into(),
        value: f64::NAN,
        value_text: String::new(),
        href: None,
    });
    assert_eq!(bar_chart(&chart, &NumberFormat::VI), None);
    assert_eq!(column_chart(&fdi(vec![]), &NumberFormat::VI), None);
    let missing = fdi(vec![Column {
        label: "2020".into(),
        value: None,
        value_text: "–".into(),
    }]);
    assert_eq!(column_chart(&missing, &NumberFormat::VI), None);
    let g = GroupedBarChart {
        id: "g".into(),
        title: "t".into(),
        description: "d".into(),
        value_axis: "ha".into(),
        value_max: None,
        series: vec!["Quy hoạch".into(), "Đang hoạt động".into()],
        groups: vec![],
    };
    assert_eq!(grouped_bar_chart(&g, &NumberFormat::VI), None);
    let s = StackedBar {
        id: "s".into(),
        title: "t".into(),
        description: "d".into(),
        total_text: String::new(),
        segments: vec![],
        notes: Vec::new(),
    };
    assert_eq!(stacked_bar(&s, &NumberFormat::VI), None);
}

fn fdi(columns: Vec<Column>) -> ColumnChart {
    ColumnChart {
        id: "fdi-vi".into(),
        title: "Vốn FDI vào các KKT, KCN theo giai đoạn".into(),
        description: "Biểu đồ cột, triệu USD.".into(),
        value_axis: "Triệu USD".into(),
        columns,
        notes: Vec::new(),
    }
}

#[test]
fn one_point_and_zero_range_draw() {
    // One column.
    let one = fdi(vec![Column {
        label: "2021–2025".into(),
        value: Some(1234.5),
        value_text: "1.234,5".into(),
    }]);
    let svg = column_chart(&one, &NumberFormat::VI).expect("one column draws");
    check_frame(&svg, "fdi-vi", &one.title, &one.description);
    let doc = parse(&svg);
    let t = texts(&doc);
    assert!(t.iter().any(|s| s == "1.234,5"));
    assert!(t.iter().any(|s| s == "2021–2025"));
    assert!(t.iter().any(|s| s == "Triệu USD"));
    // Grouping in the vi locale on ticks (0 … 1.400 or so).
    assert!(t.iter().any(|s| s.contains('.') && s.len() >= 5), "{t:?}");
    // Zero range: all zeros draw an axis 0–1 and the labels, no bar of zero height.
    let zeros = fdi(vec![
        Column {
            label: "2019".into(),
            value: Some(0.0),
            value_text: "0".into(),
        },
        Column {
            label: "2020".into(),
            value: Some(0.0),
            value_text: "0".into(),
        },
        Column {
            label: "2021".into(),
            value: None,
            value_text: "không có số liệu".into(),
        },
    ]);
    let svg = column_chart(&zeros, &NumberFormat::VI).expect("zero range draws");
    let doc = parse(&svg);
    let t = texts(&doc);
    assert!(t.iter().any(|s| s == "1,0"), "{t:?}");
    assert!(t.iter().any(|s| s == "không có số liệu"));
    // Equal non-zero values: a single bar chart row.
    let mut chart = occupancy("vi");
    chart.bars.truncate(1);
    chart.value_max = None;
    let svg = bar_chart(&chart, &NumberFormat::VI).unwrap();
    parse(&svg);
    let mut zero = chart.clone();
    zero.bars[0].value = 0.0;
    parse(&bar_chart(&zero, &NumberFormat::VI).unwrap());
}

#[test]
fn many_columns_rotate_labels() {
    let cols = (2000..2025)
        .map(|y| Column {
            label: format!("Năm {y}"),
            value: Some(y as f64 * 1.5),
            value_text: format_number(y as f64 * 1.5, 1, &NumberFormat::VI),
        })
        .collect();
    let svg = column_chart(&fdi(cols), &NumberFormat::VI).unwrap();
    let doc = parse(&svg);
    assert!(doc.descendants().any(|n| n.has_tag_name("text")
        && n.attribute("transform")
            .is_some_and(|t| t.starts_with("rotate(270"))));
}

#[test]
fn grouped_and_stacked_bars() {
    let g = GroupedBarChart {
        id: "ip-area".into(),
        title: "Diện tích KCN quy hoạch và đang hoạt động".into(),
        description: "Hai thanh cho mỗi nhóm.".into(),
        value_axis: "Diện tích (ha)".into(),
        value_max: None,
        series: vec!["Quy hoạch".into(), "Đang hoạt động".into()],
        groups: vec![
            BarGroup {
                label: "KKT Tây Mẫu".into(),
                values: vec![
                    Value {
                        value: Some(2000.0),
                        value_text: "2.000 ha".into(),
                    },
                    Value {
                        value: None,
                        value_text: "không có số liệu".into(),
                    },
                ],
                href: Some("/vi/zones/tay-mau/".into()),
            },
            BarGroup {
                label: "Toàn tỉnh".into(),
                values: vec![
                    Value {
                        value: Some(8000.0),
                        value_text: "8.000 ha".into(),
                    },
                    Value {
                        value: Some(4000.0),
                        value_text: "4.000 ha".into(),
                    },
                ],
                href: None,
            },
        ],
    };
    let svg = grouped_bar_chart(&g, &NumberFormat::VI).unwrap();
    check_frame(&svg, "ip-area", &g.title, &g.description);
    let t = texts(&parse(&svg));
    for s in [
        "Quy hoạch",
        "Đang hoạt động",
        "KKT Tây Mẫu",
        "4.000 ha",
        "không có số liệu",
        "Diện tích (ha)",
    ] {
        assert!(t.iter().any(|x| x == s), "{s} missing in {t:?}");
    }

    let s = StackedBar {
        id: "land-use".into(),
        title: "Land use".into(),
        description: "Leased, available and planned land.".into(),
        total_text: "Total: 300 ha".into(),
        segments: vec![
            Segment {
                label: "Leased".into(),
                value: 173.6,
                value_text: "173.6 ha".into(),
            },
            Segment {
                label: "Available".into(),
                value: 26.4,
                value_text: "26.4 ha".into(),
            },
            Segment {
                label: "Planned".into(),
                value: 100.0,
                value_text: "100 ha".into(),
            },
        ],
        notes: Vec::new(),
    };
    let svg = stacked_bar(&s, &NumberFormat::EN).unwrap();
    check_frame(&svg, "land-use", &s.title, &s.description);
    let t = texts(&parse(&svg));
    assert!(t.iter().any(|x| x == "Leased: 173.6 ha"), "{t:?}");
    assert!(t.iter().any(|x| x == "Total: 300 ha"));
    // One segment only.
    let mut one = s.clone();
    one.segments.truncate(1);
    parse(&stacked_bar(&one, &NumberFormat::EN).unwrap());
}

/// A fictional province's outline: a mainland and four small islands (WGS84 lon, lat).
fn sample_outline() -> Vec<Vec<(f64, f64)>> {
    let island = |lon: f64, lat: f64| {
        vec![
            (lon, lat),
            (lon + 0.05, lat),
            (lon + 0.05, lat + 0.04),
            (lon, lat + 0.04),
            (lon, lat),
        ]
    };
    vec![
        vec![
            (106.39, 20.95),
            (106.9, 21.55),
            (107.6, 21.62),
            (107.98, 21.45),
            (107.7, 21.05),
            (107.1, 20.9),
            (106.39, 20.95),
        ],
        island(107.75, 20.85),
        island(107.85, 20.95),
        island(107.55, 20.8),
        island(107.95, 21.1),
    ]
}

/// The frame a portal gets for [`sample_outline`]: its bounds with a margin.
const SAMPLE_FRAME: MapBounds = MapBounds {
    lat_min: 20.75,
    lat_max: 21.7,
    lon_min: 106.35,
    lon_max: 108.05,
};

fn sample_map(outline: &[Vec<(f64, f64)>]) -> ProvinceMap<'_> {
    ProvinceMap {
        id: "map-vi".into(),
        title: "Bản đồ các KCN, KKT tỉnh Mẫu".into(),
        description: "Vị trí theo toạ độ trong dữ liệu được trích dẫn.".into(),
        points: vec![
            // Inside the mainland.
            MapPoint {
                label: "Điểm thử Tây".into(),
                lat: 21.04,
                lon: 106.77,
                href: Some("/vi/parks/test/".into()),
                kind: MarkerKind::Park,
                approximate: false,
            },
            // Hà Nội: outside the frame, must not be placed.
            MapPoint {
                label: "Hà Nội".into(),
                lat: 21.03,
                lon: 105.85,
                href: None,
                kind: MarkerKind::Other,
                approximate: false,
            },
            // Inside the mainland, further east.
            MapPoint {
                label: "Điểm thử Đông".into(),
                lat: 21.33,
                lon: 107.40,
                href: None,
                kind: MarkerKind::Zone,
                approximate: false,
            },
            // Inside the frame but at sea.
            MapPoint {
                label: "Biển".into(),
                lat: 20.78,
                lon: 107.9,
                href: None,
                kind: MarkerKind::Cluster,
                approximate: false,
            },
        ],
        outline,
        frame: SAMPLE_FRAME,
        legend: vec![
            (MarkerKind::Zone, "Khu kinh tế".into()),
            (MarkerKind::Park, "Khu công nghiệp".into()),
            (MarkerKind::Cluster, "Cụm công nghiệp".into()),
        ],
        approximate_label: "Vị trí gần đúng".into(),
        cluster_label: "Nhóm địa điểm quá gần nhau".into(),
        cluster_title: "{} địa điểm ở đây".into(),
        listed: 100,
        lat_suffix: "°B".into(),
        lon_suffix: "°Đ".into(),
        attribution: "Ranh giới: dữ liệu thử".into(),
        style: MapStyle::Full,
    }
}

#[test]
fn the_outline_is_drawn_as_given() {
    let outline = sample_outline();
    let out = province_map(&sample_map(&outline), &NumberFormat::VI);
    let doc = parse(&out.svg);
    let land: Vec<usize> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polygon") && n.attribute("fill") == Some("#F1F3EA"))
        .map(|n| n.attribute("points").unwrap().split_whitespace().count())
        .collect();
    assert_eq!(
        land,
        vec![7, 5, 5, 5, 5],
        "one land polygon per ring, as given"
    );
    assert!(texts(&doc).iter().any(|s| s == "Ranh giới: dữ liệu thử"));
}

#[test]
fn map_places_known_point_and_reports_outside() {
    let outline = sample_outline();
    let m = sample_map(&outline);
    let out = province_map(&m, &NumberFormat::VI);
    check_frame(&out.svg, "map-vi", &m.title, &m.description);
    assert_eq!(out.placed, vec![0, 2, 3]);
    assert_eq!(out.not_placed, vec![1]);
    assert_eq!(out.outside_outline, vec![3]);
    let doc = parse(&out.svg);
    let t = texts(&doc);
    assert!(t.iter().any(|s| s == "Điểm thử Tây"));
    assert!(!t.iter().any(|s| s == "Hà Nội"));
    assert!(t.iter().any(|s| s == "21°B"), "{t:?}");
    assert!(t.iter().any(|s| s == "107,5°Đ"), "{t:?}");
    assert!(t.iter().any(|s| s == "Khu công nghiệp"));
    // The linked marker's circle lies inside the plot frame (the polyline of 5 points).
    let link = doc
        .descendants()
        .find(|n| n.has_tag_name("a"))
        .expect("linked marker");
    assert_eq!(link.attribute("href"), Some("/vi/parks/test/"));
    let c = link
        .descendants()
        .find(|n| n.has_tag_name("circle"))
        .expect("park marker");
    let cx: i32 = c.attribute("cx").unwrap().parse().unwrap();
    let cy: i32 = c.attribute("cy").unwrap().parse().unwrap();
    let b = SAMPLE_FRAME;
    let frame = plot_frame(&doc);
    let (fx0, fy0, fx1, fy1) = (frame[0].0, frame[0].1, frame[2].0, frame[2].1);
    assert!(cx > fx0 && cx < fx1 && cy > fy0 && cy < fy1);
    // And at the right place: linear in lon within the frame.
    let expect_x = fx0 as f64 + (106.77 - b.lon_min) / (b.lon_max - b.lon_min) * (fx1 - fx0) as f64;
    assert!((cx as f64 - expect_x).abs() <= 1.5, "{cx} vs {expect_x}");
    let expect_y = fy0 as f64 + (b.lat_max - 21.04) / (b.lat_max - b.lat_min) * (fy1 - fy0) as f64;
    assert!((cy as f64 - expect_y).abs() <= 1.5, "{cy} vs {expect_y}");
}

/// The plot's frame: the largest closed rectangle of 5 points.
fn plot_frame(doc: &roxmltree::Document<'_>) -> Vec<(i32, i32)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .filter_map(|n| {
            let pts: Vec<(i32, i32)> = n
                .attribute("points")?
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            (pts.len() == 5 && pts[0] == pts[4] && pts[0].0 == pts[3].0 && pts[1].1 == pts[0].1)
                .then_some(pts)
        })
        .max_by_key(|p| (p[1].0 - p[0].0) * (p[2].1 - p[1].1))
        .expect("frame")
}

#[test]
fn a_map_without_outline_draws_its_points_only() {
    let mut m = sample_map(&[]);
    m.frame = MapBounds {
        lat_min: 10.0,
        lat_max: 10.3,
        lon_min: 105.6,
        lon_max: 105.9,
    };
    m.points[0].lat = 10.1;
    m.points[0].lon = 105.7;
    let out = province_map(&m, &NumberFormat::EN);
    let doc = parse(&out.svg);
    assert!(
        !doc.descendants()
            .any(|n| n.has_tag_name("polygon") && n.attribute("fill") == Some("#F1F3EA")),
        "no land is drawn without an outline"
    );
    assert_eq!(out.placed, vec![0]);
    assert!(
        out.outside_outline.is_empty(),
        "no outline, nothing outside it"
    );
    let t = texts(&doc);
    // A small frame gets a finer graticule and a shorter scale bar than a province.
    assert!(t.iter().any(|s| s == "10.1°B"), "{t:?}");
    assert!(t.iter().any(|s| s == "5 km"), "{t:?}");
}

#[test]
fn a_tall_frame_is_widened_to_stay_readable() {
    let mut m = sample_map(&[]);
    m.frame = MapBounds {
        lat_min: 10.0,
        lat_max: 13.0,
        lon_min: 106.0,
        lon_max: 106.2,
    };
    let svg = province_map(&m, &NumberFormat::EN).svg;
    let doc = parse(&svg);
    let frame = plot_frame(&doc);
    let (width, height) = (frame[2].0 - frame[0].0, frame[2].1 - frame[0].1);
    assert!(
        f64::from(height) <= f64::from(width) * 1.5 + 1.0,
        "{width} x {height}"
    );
}

#[test]
fn empty_map_still_draws_outline() {
    let outline = sample_outline();
    let mut m = sample_map(&outline);
    m.points.clear();
    m.legend.clear();
    m.attribution.clear();
    m.lat_suffix = "°N".into();
    m.lon_suffix = "°E".into();
    let out = province_map(&m, &NumberFormat::EN);
    let doc = parse(&out.svg);
    assert!(
        doc.descendants()
            .filter(|n| n.has_tag_name("polygon"))
            .count()
            >= 5
    );
    assert!(texts(&doc).iter().any(|s| s == "21°N"));
    assert_eq!(doc.root_element().attribute("role"), Some("img"));
    assert!(out.placed.is_empty() && out.not_placed.is_empty());
}

#[test]
fn escapes_markup_in_strings() {
    let mut chart = occupancy("en");
    chart.title = "A & B <script>".into();
    chart.bars[0].label = "KCN \"A\" & <B>".into();
    chart.bars[0].href = Some("/x?a=1&b=2".into());
    let svg = bar_chart(&chart, &NumberFormat::EN).unwrap();
    let doc = parse(&svg);
    assert_eq!(
        doc.descendants()
            .find(|n| n.has_tag_name("title"))
            .unwrap()
            .text(),
        Some("A & B <script>")
    );
    assert!(doc
        .descendants()
        .any(|n| n.attribute("href") == Some("/x?a=1&b=2")));
}

#[test]
fn text_is_text_with_the_embedded_font_family() {
    let svg = bar_chart(&occupancy("vi"), &NumberFormat::VI).unwrap();
    let doc = parse(&svg);
    let texts: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .collect();
    assert!(!texts.is_empty());
    for t in texts {
        assert_eq!(t.attribute("font-family"), Some(FONT_FAMILY));
    }
    assert!(
        !svg.contains("<path d=") && !svg.contains("<image"),
        "text must not be outlined"
    );
}

fn luminance(c: plotters::style::RGBColor) -> f64 {
    let lin = |v: u8| {
        let x = v as f64 / 255.0;
        if x <= 0.03928 {
            x / 12.92
        } else {
            ((x + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

fn contrast(a: plotters::style::RGBColor, b: plotters::style::RGBColor) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn colours_pass_wcag_aa() {
    use svg::{BACKGROUND, COAST, LAND, MUTED, PALETTE, TEXT};
    for bg in [BACKGROUND, LAND] {
        assert!(contrast(TEXT, bg) >= 4.5);
        assert!(contrast(MUTED, bg) >= 4.5);
        assert!(contrast(COAST, bg) >= 3.0);
        for c in PALETTE {
            assert!(contrast(c, bg) >= 3.0, "{c:?}");
        }
    }
}

/// `Marks` writes what plotters' SVG backend wrote for the same marks (the map still
/// draws through plotters, and the bars' bytes must not drift from what they were).
/// Coordinates stay inside plotters' 4096 px scratch canvas: plotters clamps those
/// outside it to its edge, `Marks` writes them as given (charts never lay out marks
/// there; the canvas was made large so that nothing would be clipped).
#[test]
fn marks_are_written_as_plotters_writes_them() {
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    use plotters::style::{FontTransform, ShapeStyle};
    use svg::{fragment, marks, text_style, TextMark, PALETTE, TEXT};

    let label = "Khu <công> nghiệp & \"Đông\" 'Mai'\nmới";
    let by_plotters = fragment(|a| {
        a.draw(&Rectangle::new([(30, 4), (7, 1200)], PALETTE[1].filled()))?;
        a.draw(&PathElement::new(
            vec![(0, 0), (15, 4096), (440, 36)],
            ShapeStyle::from(&PALETTE[3]).stroke_width(2),
        ))?;
        a.draw(&Text::new(
            label,
            (12, 3),
            text_style(17.0, TEXT, HPos::Right, VPos::Center),
        ))?;
        a.draw(&Text::new(
            label,
            (220, 130),
            svg::font(15.0)
                .transform(FontTransform::Rotate270)
                .color(&TEXT)
                .pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))?;
        a.draw(&Text::new(
            "2021",
            (5, 9),
            text_style(16.0, PALETTE[0], HPos::Left, VPos::Top),
        ))?;
        Ok(())
    });
    let by_marks = marks(|m| {
        m.rect((30, 4), (7, 1200), PALETTE[1]);
        m.line(&[(0, 0), (15, 4096), (440, 36)], PALETTE[3], 2);
        m.text(
            label,
            (12, 3),
            TextMark::new(17.0, TEXT, HPos::Right, VPos::Center),
        );
        m.text(
            label,
            (220, 130),
            TextMark::new(15.0, TEXT, HPos::Center, VPos::Bottom).rotated(),
        );
        m.text(
            "2021",
            (5, 9),
            TextMark::new(16.0, PALETTE[0], HPos::Left, VPos::Top),
        );
    });
    assert_eq!(by_marks, by_plotters);
    let negative = marks(|m| m.line(&[(-15, -1), (0, i32::MIN)], TEXT, 1));
    assert!(
        negative.contains("points=\"-15,-1 0,-2147483648 \""),
        "{negative}"
    );
}

/// Chart texts are measured with cached glyph metrics; the widths must be exactly what
/// plotters' font measurement gives (layouts and so the bytes depend on them).
#[test]
fn text_widths_are_plotters_widths() {
    svg::ensure_font();
    let texts = [
        "",
        "A",
        "Tỷ lệ lấp đầy (%)",
        "Khu công nghiệp Đông Mẫu: 57,87 %",
        "Industrial land, available: 134.4 ha",
        "AVAWATo Yy ff fi … «»",
        "1.234.567,89",
        "ẞ Ωmega İstanbul \u{301}e\u{323}",
    ];
    // Every size the charts use (14 to 17), and two they do not.
    for size in [12.0, 14.0, 15.0, 16.0, 17.0, 19.5] {
        for text in texts {
            let by_plotters = svg::font(size)
                .box_size(text)
                .map(|(w, _)| w as i32)
                .expect("the embedded font measures");
            assert_eq!(
                svg::text_width(text, size),
                by_plotters,
                "{text:?} at {size}"
            );
            // Again, from the cache.
            assert_eq!(
                svg::text_width(text, size),
                by_plotters,
                "{text:?} at {size}"
            );
        }
    }
}

/// The sample map with `count` linked parks on a few pixels of its mainland (or, with
/// `spread`, scattered over the whole frame), named too long to fit beside a marker.
fn crowded_map(outline: &[Vec<(f64, f64)>], count: usize, spread: bool) -> ProvinceMap<'_> {
    let mut m = sample_map(outline);
    m.points = (0..count)
        .map(|n| {
            let (dlat, dlon) = if spread {
                (
                    (n * 37 % 97) as f64 / 97.0 * 0.9,
                    (n * 53 % 89) as f64 / 89.0 * 1.6,
                )
            } else {
                ((n % 5) as f64 * 0.001, (n % 7) as f64 * 0.001)
            };
            MapPoint {
                label: format!("Khu công nghiệp thử nghiệm rất dài số {n}"),
                lat: if spread { 20.77 + dlat } else { 21.04 + dlat },
                lon: if spread { 106.37 + dlon } else { 106.77 + dlon },
                href: Some(format!("/vi/parks/crowd-{n}/")),
                kind: MarkerKind::Park,
                approximate: false,
            }
        })
        .collect();
    m
}

#[test]
fn a_crowd_is_one_marker_with_its_count_and_nothing_is_drawn_outside_the_plot() {
    let outline = sample_outline();
    let out = province_map(&crowded_map(&outline, 500, false), &NumberFormat::VI);
    let doc = parse(&out.svg);
    assert_eq!(out.placed.len(), 500);
    assert_eq!(out.clustered.len(), 500, "every place is in the cluster");
    assert!(
        !doc.descendants().any(|n| n.has_tag_name("a")),
        "the crowd is not 500 links"
    );
    let titled: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter_map(|n| n.children().find(|c| c.has_tag_name("title"))?.text())
        .collect();
    assert_eq!(titled, vec!["500 địa điểm ở đây"]);
    assert!(
        texts(&doc).iter().any(|t| t == "500"),
        "the marker shows the count"
    );
    assert_eq!(doc.root_element().attribute("role"), Some("group"));
    let frame = plot_frame(&doc);
    let (fx0, fy0, fx1) = (frame[0].0, frame[0].1, frame[2].0);
    for circle in doc.descendants().filter(|n| n.has_tag_name("circle")) {
        let cx: i32 = circle.attribute("cx").unwrap().parse().unwrap();
        let cy: i32 = circle.attribute("cy").unwrap().parse().unwrap();
        // Inside the plot, or below it in the legend.
        assert!(
            cx >= fx0 && cx <= fx1 && cy >= fy0,
            "({cx}, {cy}) is off the plot"
        );
    }
    assert!(texts(&doc)
        .iter()
        .any(|t| t == "Nhóm địa điểm quá gần nhau"));
}

#[test]
fn only_listed_places_show_their_number() {
    let outline = sample_outline();
    let mut m = crowded_map(&outline, 150, true);
    m.listed = 100;
    let out = province_map(&m, &NumberFormat::VI);
    assert!(out.numbered.len() > 20, "long names give numbers");
    for &point in &out.numbered {
        let number = out.number(point).unwrap();
        assert!(number <= 100, "{number} is not in the list under the map");
    }
    m.listed = 150;
    let all = province_map(&m, &NumberFormat::VI);
    assert!(all
        .numbered
        .iter()
        .any(|&point| all.number(point).unwrap() > 100));
}

/// What `fit_text` must return: its longest start that fits, each length measured
/// afresh (as it once did, one measurement per length tried).
fn fit_text_measuring_each_length(text: &str, size: f64, max: i32) -> String {
    if svg::text_width(text, size) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    for length in (1..chars.len()).rev() {
        let candidate = chars[..length]
            .iter()
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…";
        if svg::text_width(&candidate, size) <= max {
            return candidate;
        }
    }
    "…".to_string()
}

#[test]
fn fit_text_keeps_the_longest_start_that_fits() {
    let texts = [
        "Khu công nghiệp Cái Lân 1234",
        "Cai Lan Industrial Park   with spaces  ",
        "AVAWAY To Ty Yo kerning pairs",
        "Đông Mai — Quảng Yên, 中国 𝔸 mixed",
        " a",
        "x",
        "",
    ];
    for size in [9.0, 11.5, 14.0] {
        for text in texts {
            let whole = svg::text_width(text, size);
            for max in -1..=whole + 2 {
                assert_eq!(
                    svg::fit_text(text, size, max),
                    fit_text_measuring_each_length(text, size, max),
                    "{text:?} at {size} px in {max} px"
                );
            }
        }
    }
}
