//! Dates read one way per language: Vietnamese pages write "1/7/2025" and "tháng
//! 7/2025" (no leading zeros, as newspapers do), English pages "1 July 2025", and a
//! language without a date pattern ISO 8601. The bundled portal's prose follows the same
//! form as its figures, and a typo in a date pattern is an error where it is written.

mod common;

use common::*;

/// A figure dated to the day, one to the month, and a news item dated to the day.
fn site() -> SiteTest {
    let park = PARK_BETA.replace(
        "{value: 300, unit: ha, source: src-one, as_of: 2025-01-02}",
        "{value: 300, unit: ha, source: src-one, as_of: 2025-07-01}\n  \
         occupancy: {value: 40, unit: percent, source: src-one, as_of: 2025-03}",
    );
    assert_ne!(park, PARK_BETA);
    SiteTest::new().with_file("content/parks/park-beta.yaml", &park)
}

#[test]
fn vietnamese_pages_write_days_and_months_without_leading_zeros() {
    let files = site().build();
    let vi = page(&files, "vi/parks/park-beta/index.html");
    assert!(
        vi.contains("<time datetime=\"2025-07-01\">1/7/2025</time>"),
        "{}",
        around(vi, "2025-07-01")
    );
    assert!(
        vi.contains("<time datetime=\"2025-03\">tháng 3/2025</time>"),
        "{}",
        around(vi, "2025-03")
    );
    let news = page(&files, "vi/news/first-news/index.html");
    assert!(
        news.contains(">2/1/2025</time>"),
        "{}",
        around(news, "2025-01-02")
    );
    // The source's date in the page's list of sources, too.
    assert!(
        vi.contains("Test publisher, 2/1/2025."),
        "{}",
        around(vi, "Test publisher")
    );
}

#[test]
fn english_pages_name_the_month() {
    let files = site().build();
    let en = page(&files, "en/parks/park-beta/index.html");
    assert!(
        en.contains(">1 July 2025</time>"),
        "{}",
        around(en, "2025-07-01")
    );
    assert!(
        en.contains(">March 2025</time>"),
        "{}",
        around(en, "2025-03")
    );
}

#[test]
fn a_language_without_a_date_pattern_writes_iso_8601() {
    let site_yaml = SITE_YAML.replace("languages: [vi, en]", "languages: [vi, en, ja]");
    let files = site()
        .with_file("site.yaml", &site_yaml)
        .with_file("templates/i18n/ja.yaml", "language_name: 日本語\n")
        .build();
    let ja = page(&files, "ja/parks/park-beta/index.html");
    assert!(
        ja.contains(">2025-07-01</time>"),
        "{}",
        around(ja, "2025-07-01")
    );
    assert!(
        ja.contains(">2025-03</time>"),
        "{}",
        around(ja, "\"2025-03\"")
    );
}

#[test]
fn an_unknown_placeholder_in_a_date_pattern_is_an_error_where_it_is_written() {
    let vi = SiteTest::new().text("templates/i18n/vi.yaml");
    let typo = vi.replace(
        "date: \"{day}/{month}/{year}\"",
        "date: \"{day}/{mont}/{year}\"",
    );
    assert_ne!(typo, vi);
    let errors = SiteTest::new()
        .with_file("templates/i18n/vi.yaml", &typo)
        .build_errors();
    let error = errors
        .iter()
        .find(|d| d.code == "E0404")
        .unwrap_or_else(|| panic!("no E0404 among {errors:#?}"));
    let line = typo
        .lines()
        .position(|line| line.contains("{mont}"))
        .unwrap()
        + 1;
    assert_eq!(error.position.line, line);
    assert!(error.message.contains("`{mont}`"), "{}", error.message);
    assert!(
        error.help.as_deref().unwrap_or("").contains("`{month}`"),
        "{:?}",
        error.help
    );
}

/// The bundled portal, built in memory.
fn bundled() -> Files {
    let input = halong::content::load::read(&repo());
    let sink = halong::output::Memory::default();
    if let Err(failure) = halong::build_into(&input, &halong::Options::default(), &sink) {
        panic!(
            "the bundled portal does not build:\n{}",
            halong::diagnostics::render_human(&failure.diagnostics, &failure.texts)
        );
    }
    sink.into_files()
}

#[test]
fn no_page_of_the_bundled_portal_writes_a_zero_padded_date_in_its_text() {
    let files = bundled();
    let mut found = Vec::new();
    let mut pages = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let text = visible_text(std::str::from_utf8(bytes).unwrap());
        for date in padded_dates(&text) {
            found.push(format!("{path}: {date}"));
        }
    }
    assert!(pages > 100, "the bundled portal has its pages ({pages})");
    assert!(found.is_empty(), "zero-padded dates:\n{}", found.join("\n"));
}

#[test]
fn the_check_finds_the_forms_it_looks_for() {
    let text = "ngày 1/07/2025, ngày 05/7/2025, tháng 07/2025, Tháng 09/2020, 5 July 2025, \
                05 July 2025, July 05, 2025; not 1/7/2025, tháng 7/2025, runway 03/21, \
                Circular 01/2018/TT-BGTVT, 2023-01/2023-10, 10/2025";
    assert_eq!(
        padded_dates(text),
        [
            "1/07/2025",
            "05/7/2025",
            "tháng 07",
            "Tháng 09",
            "05 July",
            "July 05"
        ]
    );
}

/// The text of a page as a reader sees it: no tags, no attributes, no scripts or styles.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        rest = &rest[start..];
        let lower = rest.get(..8).unwrap_or(rest).to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") {
            "</script>"
        } else if lower.starts_with("<style") {
            "</style>"
        } else {
            ">"
        };
        rest = match rest.find(skip_to) {
            Some(end) => &rest[end + skip_to.len()..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Dates written with a leading zero: a day or month of "d/m/yyyy" ("1/07/2025",
/// "05/7/2025"), "tháng 07" (Vietnamese month), "05 July" or "July 05" (English).
/// Document numbers ("01/2018/TT-BGTVT"), period codes and runways ("03/21") are not
/// dates of that form.
fn padded_dates(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '.' | ':'))
        .filter(|word| !word.is_empty())
        .collect();
    let padded = |part: &str| part.len() == 2 && part.starts_with('0');
    let digits = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    for (index, word) in words.iter().enumerate() {
        let parts: Vec<&str> = word.split('/').collect();
        if parts.len() == 3
            && parts.iter().all(|part| digits(part))
            && parts[0].len() <= 2
            && parts[1].len() <= 2
            && parts[2].len() == 4
            && (padded(parts[0]) || padded(parts[1]))
        {
            found.push(word.to_string());
        }
        let next = words.get(index + 1).copied().unwrap_or("");
        let month_of = next.split(['/', '-']).next().unwrap_or("");
        if word.eq_ignore_ascii_case("tháng") && padded(month_of) && digits(month_of) {
            found.push(format!("{word} {month_of}"));
        }
        if padded(word) && digits(word) && MONTHS.contains(&next) {
            found.push(format!("{word} {next}"));
        }
        if MONTHS.contains(word) && padded(next) && digits(next) {
            found.push(format!("{word} {next}"));
        }
    }
    found
}

/// Some text around the first `needle`, for failure messages.
fn around<'a>(html: &'a str, needle: &str) -> &'a str {
    match html.find(needle) {
        Some(at) => {
            let mut start = at.saturating_sub(150);
            while !html.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (at + 150).min(html.len());
            while !html.is_char_boundary(end) {
                end += 1;
            }
            &html[start..end]
        }
        None => "(not on the page)",
    }
}
