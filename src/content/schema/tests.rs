//! The schema as read: the built-in one whole, and each kind of mistake reported at
//! its place.

use std::path::Path;

use super::read::parse;
use super::*;
use crate::diagnostics::Diagnostic;

fn languages() -> Vec<String> {
    vec!["vi".into(), "en".into()]
}

/// Parses `text` as `schema.yaml`; returns the schema and `CODE line:column` of each
/// diagnostic.
fn read_text(text: &str) -> (Schema, Vec<String>) {
    let mut diagnostics = Vec::new();
    let schema = parse(
        Path::new("schema.yaml"),
        text,
        &languages(),
        &mut diagnostics,
    );
    let found = diagnostics
        .iter()
        .map(|d: &Diagnostic| format!("{} {}:{}", d.code, d.position.line, d.position.column))
        .collect();
    (schema, found)
}

const SMALL: &str = "\
units:
  area:
    ha: {label: \"{} ha\"}
    km2: {label: \"{} km²\", scale: 100}
  usd:
    usd_million: {label: {vi: \"{} triệu USD\", en: \"USD {} million\"}}
statuses:
  operating: {label: {vi: Đang hoạt động, en: Operating}, active: true}
  planned: {vi: Đã quy hoạch, en: Planned}
park:
  facts:
    total_area: {label: {vi: Tổng diện tích, en: Total area}, unit: area, use: [key_facts, charts]}
    fdi_target: {label: {vi: Vốn FDI, en: FDI}, unit: usd, target: true}
";

#[test]
fn the_built_in_schema_reads_without_a_diagnostic() {
    let mut diagnostics = Vec::new();
    let schema = read(None, &languages(), &mut diagnostics);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(!schema.unread);
    for kind in Kind::ALL {
        assert!(!schema.of(kind).facts.is_empty(), "{kind:?} has no facts");
    }
    assert!(schema.is_active("operating") && !schema.is_active("planned"));
    assert!(schema.of(Kind::Zone).kind("border_gate").is_some());
}

#[test]
fn a_language_the_built_in_schema_lacks_is_one_warning_on_site_yaml() {
    let languages = ["vi", "en", "ja"].map(String::from);
    let mut diagnostics = Vec::new();
    read(None, &languages, &mut diagnostics);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].code, "W0701");
    assert_eq!(diagnostics[0].file, Path::new("site.yaml"));
    assert!(diagnostics[0].message.contains("`ja`"));
}

#[test]
fn units_of_a_family_convert_and_others_do_not() {
    let (schema, found) = read_text(SMALL);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(schema.convert(21.7, "km2", "ha"), Some(2170.0));
    assert_eq!(schema.convert(500.0, "ha", "km2"), Some(5.0));
    assert_eq!(schema.convert(1.0, "ha", "usd_million"), None);
    let fact = schema.of(Kind::Park).fact("total_area").unwrap();
    assert_eq!(fact.units, ["ha", "km2"]);
    assert_eq!(schema.common_unit(fact), Some("ha"));
}

#[test]
fn without_a_charts_section_charted_facts_get_rankings_and_histories() {
    let (schema, _) = read_text(SMALL);
    let home: Vec<&str> = schema
        .charts
        .home
        .iter()
        .map(|spec| spec.id.as_str())
        .collect();
    assert_eq!(home, ["chart-parks-total_area", "chart-map"]);
    let park = schema.charts.of(Kind::Park);
    assert!(matches!(&park[0].drawing, Drawing::History { facts } if facts == &["total_area"]));
    assert!(schema.charts.of(Kind::Zone).is_empty());
}

#[test]
fn a_target_is_never_charted() {
    let text = SMALL.replace(
        "unit: usd, target: true}",
        "unit: usd, target: true, use: [charts]}",
    );
    let (_, found) = read_text(&text);
    assert_eq!(found, ["E0705 13:79"]);
    let text =
        format!("{SMALL}charts:\n  home:\n    - {{type: ranking, kind: park, fact: fdi_target}}\n");
    let (_, found) = read_text(&text);
    assert_eq!(found, ["E0705 16:41"]);
}

#[test]
fn schema_mistakes_are_reported_where_they_are() {
    let cases = [
        // A unit in two families.
        (
            SMALL.replace("  usd:\n", "  usd:\n    ha: {label: \"{} ha\"}\n"),
            vec!["E0703 6:5"],
        ),
        // A group that is not declared.
        (
            SMALL.replace("unit: area, use", "unit: area, group: land, use"),
            vec!["E0704 12:82"],
        ),
        // A unit the fact's family does not have.
        (
            SMALL.replace("unit: area, use", "unit: area, units: [hectare], use"),
            vec!["E0702 12:83"],
        ),
        // An unknown chart type, and a use that does not exist.
        (
            format!(
                "{}charts:\n  home:\n    - {{type: pie}}\n",
                SMALL.replace("[key_facts, charts]", "[key_facts, chart]")
            ),
            vec!["E0701 12:92", "E0701 16:14"],
        ),
        // A status that is not a valid key.
        (
            SMALL.replace("  planned:", "  Planned Soon:"),
            vec!["E0107 9:3"],
        ),
    ];
    for (text, want) in cases {
        let (_, found) = read_text(&text);
        assert_eq!(found, want, "\n{text}");
    }
}

#[test]
fn any_cut_of_the_built_in_schema_reads_without_a_panic_and_points_inside_it() {
    let lines: Vec<&str> = DEFAULT.lines().collect();
    // Every 11th cut (all of them take seconds in a debug build): the file stops
    // anywhere, or a line is left out (keys lose their parents, lists their items).
    let mut texts: Vec<String> = (0..lines.len())
        .step_by(11)
        .map(|end| lines[..end].join("\n"))
        .collect();
    texts.extend((3..lines.len()).step_by(11).map(|gone| {
        let mut kept = lines.clone();
        kept.remove(gone);
        kept.join("\n")
    }));
    for text in texts {
        let mut diagnostics = Vec::new();
        parse(
            Path::new("schema.yaml"),
            &text,
            &languages(),
            &mut diagnostics,
        );
        let count = text.lines().count().max(1);
        for diagnostic in diagnostics {
            assert!(
                (1..=count + 1).contains(&diagnostic.position.line),
                "{diagnostic:?} is outside the text"
            );
        }
    }
}

#[test]
fn a_filter_says_which_way_it_bounds_and_an_unknown_bound_is_named() {
    let text = "\
units:
  area:
    ha: {label: \"{} ha\"}
  distance:
    km: {label: \"{} km\"}
park:
  facts:
    available_area: {label: {vi: Đất trống, en: Available land}, unit: area, use: [compare, filter]}
    distance_port: {label: {vi: Đến cảng, en: To a port}, unit: distance, use: [compare], filter: at_most}
    distance_airport: {label: {vi: Đến sân bay, en: To an airport}, unit: distance, use: [compare], filter: nearest}
";
    let (schema, found) = read_text(text);
    let park = schema.of(Kind::Park);
    let area = park.fact("available_area").unwrap();
    assert!(area.uses.filter && area.bound == Bound::AtLeast);
    let port = park.fact("distance_port").unwrap();
    assert!(port.uses.filter, "`filter:` alone makes a filter");
    assert_eq!(port.bound, Bound::AtMost);
    assert_eq!(
        found,
        ["E0701 10:109"],
        "the unknown bound, where it is written"
    );
}

#[test]
fn the_built_in_schema_gives_every_fact_of_a_kind_its_own_label() {
    let (_, found) = read_text(DEFAULT);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn two_facts_of_a_kind_with_one_label_are_warned_about_at_the_later_label() {
    let text = "\
zone:
  facts:
    population: {label: {vi: Dân số, en: Population}, unit: people}
    population_target:
      label: {vi: Dân số, en: Population target}
      unit: people
      target: true
park:
  facts:
    population: {label: {vi: Dân số, en: Population}, unit: people}
    workers: {label: Population, unit: people}
units:
  people:
    people: {label: \"{} people\"}
";
    let (_, found) = read_text(text);
    // The Vietnamese label of the zone's target; the park's one label for every
    // language, which is the English label of another park fact. Never across kinds.
    assert_eq!(found, ["W0702 5:19", "W0702 11:22"], "{found:?}");
}
