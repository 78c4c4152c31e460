//! The open data as a spreadsheet opens it: UTF-8 with a byte order mark, each
//! date split into year, month and day columns so that every column holds one format,
//! every text in a column per language, and each figure with its qualifier, scope,
//! range ends and source address (in the JSON too).

mod common;

use common::*;

/// Column name -> the cells of that column.
fn columns(csv: &str) -> Vec<(String, Vec<String>)> {
    let rows = read_csv(csv);
    let (header, body) = rows.split_first().expect("a header row");
    header
        .iter()
        .enumerate()
        .map(|(index, name)| {
            assert!(
                body.iter().all(|row| row.len() == header.len()),
                "ragged rows"
            );
            (
                name.clone(),
                body.iter().map(|row| row[index].clone()).collect(),
            )
        })
        .collect()
}

fn cell<'a>(columns: &'a [(String, Vec<String>)], name: &str, row: usize) -> &'a str {
    let (_, cells) = columns
        .iter()
        .find(|(column, _)| column == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    &cells[row]
}

/// Each date column holds one kind of value: a year, a month or a day, or nothing; and
/// no cell holds a whole date.
fn assert_one_format_per_date_column(csv: &str, file: &str) {
    let columns = columns(csv);
    let mut date_columns = 0;
    for (name, cells) in &columns {
        assert!(
            !name.ends_with("_as_of"),
            "{file}: {name} mixes date formats"
        );
        // No cell is a date a spreadsheet would convert (`2025-11`, `2025-11-03`).
        for value in cells {
            let parts: Vec<&str> = value.split('-').collect();
            let looks_like_a_date = (2..=3).contains(&parts.len())
                && parts[0].len() == 4
                && parts
                    .iter()
                    .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
            assert!(
                !looks_like_a_date,
                "{file}: `{value}` in {name} is a date in one cell"
            );
        }
        let range = if name.ends_with("_year") {
            1900..=2100
        } else if name.ends_with("_month") {
            1..=12
        } else if name.ends_with("_day") {
            1..=31
        } else {
            continue;
        };
        date_columns += 1;
        for value in cells.iter().filter(|value| !value.is_empty()) {
            let number: u32 = value
                .parse()
                .unwrap_or_else(|_| panic!("{file}: `{value}` in {name} is not a whole number"));
            assert!(range.contains(&number), "{file}: {value} in {name}");
        }
    }
    assert!(date_columns >= 3, "{file} has date columns");
}

#[test]
fn a_date_is_split_into_year_month_and_day_and_a_year_alone_leaves_the_rest_empty() {
    let files = SiteTest::new()
        .with_file(
            "content/parks/park-beta.yaml",
            "name: {vi: Khu công nghiệp Bê Ta, en: Beta Industrial Park}\nstatus: planned\n\
             facts:\n  total_area: {value: 300.5, unit: ha, source: src-one, as_of: 2024}\n\
             \x20 occupancy: {value: 12, unit: percent, source: src-one, as_of: 2023-07}\n\
             \x20 established: {value: 2018-08-06, source: src-one, as_of: 2018-08-06}\n",
        )
        .build();
    let csv = page(&files, "data/parks.csv");
    // Spreadsheet programs read the Vietnamese names as UTF-8 by this mark.
    assert!(csv.starts_with("\u{feff}slug,"));
    assert_one_format_per_date_column(csv, "parks.csv");
    let columns = columns(csv);
    assert_eq!(cell(&columns, "slug", 1), "park-beta");
    assert_eq!(cell(&columns, "name_vi", 1), "Khu công nghiệp Bê Ta");
    // A point for decimals, whatever the page's language.
    assert_eq!(cell(&columns, "total_area", 1), "300.5");
    let date = |row: usize, key: &str| {
        ["year", "month", "day"].map(|part| cell(&columns, &format!("{key}_as_of_{part}"), row))
    };
    assert_eq!(date(0, "total_area"), ["2025", "1", "2"]);
    assert_eq!(date(1, "total_area"), ["2024", "", ""]);
    assert_eq!(date(1, "occupancy"), ["2023", "7", ""]);
    assert_eq!(date(1, "land_price"), ["", "", ""]);
    // A value that is a date is split too, and its own column left empty.
    assert_eq!(cell(&columns, "established", 1), "");
    let value_date =
        ["year", "month", "day"].map(|part| cell(&columns, &format!("established_{part}"), 1));
    assert_eq!(value_date, ["2018", "8", "6"]);
}

#[test]
fn the_bundled_portal_s_csv_files_hold_one_date_format_per_column() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("public");
    let run = cli_build(&repo(), &output, None);
    assert!(run.status.success(), "{}", run.stderr);
    for file in ["data/parks.csv", "data/zones.csv"] {
        let csv = std::fs::read_to_string(output.join(file)).unwrap();
        assert!(csv.starts_with('\u{feff}'), "{file}: no byte order mark");
        assert_one_format_per_date_column(&csv, file);
    }
}

/// A park whose figures carry a qualifier, a scope, a range and a value in words.
const QUALIFIED_PARK: &str = "\
name: {vi: Khu công nghiệp Bê Ta, en: Beta Industrial Park}
status: planned
facts:
  total_area: {value: 300, unit: ha, qualifier: about, source: src-one, as_of: 2025-01-02}
  occupancy: {value: 100, unit: percent, scope: {vi: giai đoạn 1 trong 5, en: phase 1 of 5}, source: src-one, as_of: 2024}
  land_price: {value: [50, 65], unit: usd_per_m2, source: src-one, as_of: 2021-10-29}
  power: {value: {vi: Trạm biến áp 110 kV, en: A 110 kV substation}, source: src-one, as_of: 2025-01-02}
";

#[test]
fn qualifier_scope_source_address_and_range_ends_are_in_the_csv() {
    let files = SiteTest::new()
        .with_file("content/parks/park-beta.yaml", QUALIFIED_PARK)
        .build();
    let columns = columns(page(&files, "data/parks.csv"));
    // Rows by slug: park-alpha, then park-beta.
    assert_eq!(cell(&columns, "slug", 1), "park-beta");
    assert_eq!(cell(&columns, "total_area", 1), "300");
    assert_eq!(cell(&columns, "total_area_qualifier", 1), "about");
    assert_eq!(cell(&columns, "occupancy", 1), "100");
    assert_eq!(cell(&columns, "occupancy_scope_en", 1), "phase 1 of 5");
    assert_eq!(
        cell(&columns, "occupancy_scope_vi", 1),
        "giai đoạn 1 trong 5"
    );
    assert_eq!(cell(&columns, "occupancy_source", 1), "src-one");
    assert_eq!(
        cell(&columns, "occupancy_source_url", 1),
        "https://example.org/one"
    );
    // A range: two numbers a spreadsheet can sort and filter on.
    assert_eq!(cell(&columns, "land_price", 1), "");
    assert_eq!(cell(&columns, "land_price_min", 1), "50");
    assert_eq!(cell(&columns, "land_price_max", 1), "65");
    assert_eq!(cell(&columns, "land_price_unit", 1), "usd_per_m2");
}

#[test]
fn every_text_in_the_csv_has_a_column_per_language_and_never_borrows_another() {
    let files = SiteTest::new()
        .with_file("content/parks/park-beta.yaml", QUALIFIED_PARK)
        .build();
    let csv = page(&files, "data/parks.csv");
    let columns = columns(csv);
    assert_eq!(
        cell(&columns, "power", 1),
        "",
        "no words in a number's column"
    );
    assert_eq!(cell(&columns, "power_en", 1), "A 110 kV substation");
    assert_eq!(cell(&columns, "power_vi", 1), "Trạm biến áp 110 kV");
    // Every column that holds words in one language is named after it: no cell of the
    // English columns is Vietnamese.
    let vietnamese = |text: &str| {
        text.chars()
            .any(|c| "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ".contains(c))
    };
    for (name, cells) in &columns {
        if name.ends_with("_en") {
            assert!(
                !cells.iter().any(|cell| vietnamese(cell)),
                "{name} holds Vietnamese: {cells:?}"
            );
        }
        if !name.ends_with("_vi") && !name.ends_with("_en") && name != "sectors" {
            assert!(
                !cells.iter().any(|cell| vietnamese(cell)),
                "{name}, a column of no language, holds Vietnamese: {cells:?}"
            );
        }
    }
    // A text one language lacks stays empty in that language's column.
    let files = SiteTest::new()
        .with_file(
            "content/parks/park-beta.yaml",
            &QUALIFIED_PARK.replace(
                "{vi: Trạm biến áp 110 kV, en: A 110 kV substation}",
                "{vi: Trạm biến áp 110 kV}",
            ),
        )
        .build();
    let columns = self::columns(page(&files, "data/parks.csv"));
    assert_eq!(cell(&columns, "power_en", 1), "");
    assert_eq!(cell(&columns, "power_vi", 1), "Trạm biến áp 110 kV");
}

#[test]
fn qualifier_scope_range_and_source_address_are_in_the_json() {
    let files = SiteTest::new()
        .with_file("content/parks/park-beta.yaml", QUALIFIED_PARK)
        .build();
    let json: serde_json::Value = serde_json::from_str(page(&files, "data/parks.json")).unwrap();
    let beta = json["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|record| record["slug"] == "park-beta")
        .unwrap();
    let facts = &beta["facts"];
    assert_eq!(facts["total_area"][0]["qualifier"], "about");
    assert_eq!(facts["occupancy"][0]["scope"]["en"], "phase 1 of 5");
    assert_eq!(facts["occupancy"][0]["scope"]["vi"], "giai đoạn 1 trong 5");
    assert_eq!(
        facts["occupancy"][0]["source_url"],
        "https://example.org/one"
    );
    assert_eq!(facts["occupancy"][0]["as_of"], "2024");
    assert_eq!(facts["land_price"][0]["value"]["low"], 50.0);
    assert_eq!(facts["land_price"][0]["value"]["high"], 65.0);
    assert_eq!(facts["power"][0]["value"]["en"], "A 110 kV substation");
}
