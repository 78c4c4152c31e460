//! Arbitrary bytes as a park record (`content/parks/x.yaml`) and as its English prose
//! (`content/parks/x.en.md`) in an otherwise minimal valid site. Validation must turn
//! anything into diagnostics, never panic, and every diagnostic in the fuzzed file
//! must point at a line of that file (or just past its end) so it can be printed.
#![no_main]

use halong::content::load::Input;
use halong::content::validate::validate;
use halong::Options;
use libfuzzer_sys::fuzz_target;

const SITE_YAML: &str = "\
title: {vi: Cổng thử nghiệm, en: Test portal}
description: {vi: Trang thử, en: A test site}
publisher: {vi: Nhóm thử, en: Test team}
languages: [vi, en]
base_url: https://example.test/
";

const SOURCES: &str = "\
- id: src-one
  title: The one source
  publisher: Test publisher
  date: 2025-01-02
  language: en
  url: https://example.org/one
";

const SECTORS: &str = "\
electronics: {vi: Điện tử, en: Electronics}
logistics: {vi: Logistics, en: Logistics}
";

const ZONE: &str = "\
name: {vi: Khu kinh tế Thử, en: Test Economic Zone}
kind: coastal
status: operating
facts:
  total_area: {value: 2170, unit: km2, source: src-one, as_of: 2025-01-02}
";

const ZONE_PROSE: &str = "---\nsummary: A test zone.\n---\nA coastal zone.\n";

const PROJECT: &str = "\
name: {vi: Nhà máy Thử, en: Widget factory}
status: operating
sectors: [electronics]
investor: Widget Co.
facts:
  investment: {value: 154, unit: usd_million, source: src-one, as_of: 2025-01-02}
";

/// The record used when the prose is the fuzzed file.
const PARK: &str = "\
name: {vi: Khu công nghiệp Thử, en: Test Industrial Park}
zone: test-zone
status: operating
sectors: [electronics]
projects: [widget-factory]
facts:
  total_area: {value: 714, unit: ha, source: src-one, as_of: 2025-01-02}
  occupancy: {value: 40, unit: percent, source: src-one, as_of: 2025-01-02}
";

/// The prose used when the record is the fuzzed file.
const PARK_PROSE_EN: &str =
    "---\nsummary: A test park.\n---\nA park in the [zone](@/zones/test-zone).\n";
const PARK_PROSE_VI: &str =
    "---\nsummary: KCN thử.\n---\nKhu công nghiệp trong [khu kinh tế](@/zones/test-zone).\n";

const VI: &str = include_str!("../../templates/i18n/vi.yaml");
const EN: &str = include_str!("../../templates/i18n/en.yaml");

fn site<'a>(record: &'a str, prose_en: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("site.yaml", SITE_YAML),
        ("templates/base.html", "<html>{% block main %}{% endblock %}</html>"),
        ("templates/i18n/vi.yaml", VI),
        ("templates/i18n/en.yaml", EN),
        ("content/sources.yaml", SOURCES),
        ("content/sectors.yaml", SECTORS),
        ("content/zones/test-zone.yaml", ZONE),
        ("content/zones/test-zone.vi.md", ZONE_PROSE),
        ("content/zones/test-zone.en.md", ZONE_PROSE),
        ("content/projects/widget-factory.yaml", PROJECT),
        ("content/projects/widget-factory.vi.md", ZONE_PROSE),
        ("content/projects/widget-factory.en.md", ZONE_PROSE),
        ("content/parks/x.yaml", record),
        ("content/parks/x.vi.md", PARK_PROSE_VI),
        ("content/parks/x.en.md", prose_en),
    ]
}

fn check(files: Vec<(&str, &str)>, fuzzed: &str) {
    let input = Input::from_files(files);
    let validated = validate(&input, &Options::default());
    // The printer must cope with every diagnostic too.
    let texts = halong::texts_of(&input, &validated.diagnostics);
    let _ = halong::diagnostics::render_human(&validated.diagnostics, &texts);
    let text = input
        .text(std::path::Path::new(fuzzed))
        .expect("the fuzzed file is in the input");
    let lines = text.lines().count().max(1);
    for diagnostic in &validated.diagnostics {
        if diagnostic.file.as_os_str() != fuzzed {
            continue;
        }
        let position = diagnostic.position;
        assert!(
            position.line >= 1 && position.column >= 1 && position.line <= lines + 1,
            "{fuzzed}: {position:?} is outside the file ({lines} lines): {diagnostic:?}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    // `Input::from_files` takes text; invalid UTF-8 is load's job (see docs/fuzzing.md).
    let text = String::from_utf8_lossy(data);
    check(site(&text, PARK_PROSE_EN), "content/parks/x.yaml");
    check(site(PARK, &text), "content/parks/x.en.md");
});
