//! Sources as readers see them: each title as published, marked with the source's
//! language, and its translation into the page's language where one is given; a title
//! nobody could check shown as a translation in brackets; every source a page's prose
//! links to in the page's list of sources; and the mistakes staff can make in
//! `sources.yaml` reported where they are written.

mod common;

use common::*;

/// A French source with a title as published and translations into both languages, an
/// English one, a Korean one whose title could not be checked, and a Vietnamese one
/// that only the prose links to.
const SOURCES: &str = "\
- id: src-one
  title: The one source
  publisher: Test publisher
  date: 2025-01-02
  language: en
  url: https://example.org/one
- id: src-fr
  title: Foxconn investit 246 millions de dollars au Vietnam
  title_translated:
    vi: Foxconn đầu tư 246 triệu USD vào Việt Nam
    en: Foxconn invests USD 246 million in Vietnam
  publisher: Vietnam+ (édition française)
  date: 2023-07-06
  language: fr
  url: https://example.org/fr
- id: src-ko
  title_translated: {en: Korean report on the test park}
  publisher: Korea Economic TV
  date: 2021-05-10
  language: ko
  note: {vi: Chưa đối chiếu tiêu đề gốc., en: The original title was not checked.}
- id: src-prose
  title: Quảng Ninh thành lập cụm công nghiệp
  title_translated: {en: Quang Ninh sets up an industrial cluster}
  publisher: Báo Quảng Ninh
  date: 2025-07-05
  language: vi
";

/// The park cites the French and Korean sources in its facts, and links to the
/// Vietnamese one only in its prose.
fn site() -> SiteTest {
    let park = PARK_ALPHA.replace(
        "  occupancy: {value: 40, unit: percent, source: src-one, as_of: 2025-01-02}\n",
        "  occupancy: {value: 40, unit: percent, source: src-fr, as_of: 2023-07-06}\n  \
         industrial_area: {value: 470, unit: ha, source: src-ko, as_of: 2021-05-10}\n",
    );
    assert_ne!(park, PARK_ALPHA);
    SiteTest::new()
        .with_file("content/sources.yaml", SOURCES)
        .with_file("content/parks/park-alpha.yaml", &park)
        .with_file(
            "content/parks/park-alpha.vi.md",
            "---\nsummary: KCN thử.\n---\nKhu được báo chí đưa tin ([nguồn](@/sources#src-prose)).\n",
        )
        .with_file(
            "content/parks/park-alpha.en.md",
            "---\nsummary: A test park.\n---\nThe press reported on it ([source](@/sources#src-prose)).\n",
        )
}

/// The page's list of sources ("Sources cited on this page").
fn cited(html: &str) -> &str {
    let start = html
        .find("<section class=\"citations\"")
        .expect("the page lists its sources");
    let end = start + html[start..].find("</section>").unwrap();
    &html[start..end]
}

#[test]
fn a_foreign_title_is_shown_as_published_with_its_language_and_a_translation() {
    let files = site().build();
    let vi = page(&files, "vi/parks/park-alpha/index.html");
    let list = cited(vi);
    assert!(
        list.contains(
            "<cite lang=\"fr\">Foxconn investit 246 millions de dollars au Vietnam</cite></a> \
             <span class=\"title-translation\">[Foxconn đầu tư 246 triệu USD vào Việt Nam]</span>"
        ),
        "{list}"
    );
    let en = page(&files, "en/parks/park-alpha/index.html");
    assert!(
        cited(en).contains(
            "<span class=\"title-translation\">[Foxconn invests USD 246 million in Vietnam]</span>"
        ),
        "{}",
        cited(en)
    );
    assert!(
        !cited(en).contains("Foxconn đầu tư"),
        "no Vietnamese translation on the English page"
    );
    // The sources page says the same.
    let sources = page(&files, "vi/sources/index.html");
    assert!(
        sources.contains(
            "<a href=\"https://example.org/fr\" rel=\"noopener\"><cite lang=\"fr\">Foxconn investit"
        ),
        "the sources page marks the title's language"
    );
    assert!(sources.contains("[Foxconn đầu tư 246 triệu USD vào Việt Nam]"));
}

#[test]
fn a_title_in_the_page_language_needs_no_translation_and_no_mark() {
    let files = site().build();
    let vi = cited(page(&files, "vi/parks/park-alpha/index.html"));
    assert!(
        vi.contains("<cite>Quảng Ninh thành lập cụm công nghiệp</cite>, Báo Quảng Ninh"),
        "{vi}"
    );
    assert!(!vi.contains("[Quang Ninh sets up"), "{vi}");
    // On the English page it is foreign: marked, and translated.
    let en = cited(page(&files, "en/parks/park-alpha/index.html"));
    assert!(
        en.contains(
            "<cite lang=\"vi\">Quảng Ninh thành lập cụm công nghiệp</cite> \
             <span class=\"title-translation\">[Quang Ninh sets up an industrial cluster]</span>"
        ),
        "{en}"
    );
}

#[test]
fn an_unchecked_title_is_a_translation_in_brackets_never_passed_off_as_the_original() {
    let files = site().build();
    let en = cited(page(&files, "en/parks/park-alpha/index.html"));
    assert!(
        en.contains("<cite>[Korean report on the test park]</cite>, Korea Economic TV"),
        "{en}"
    );
    assert!(!en.contains("lang=\"ko\""), "no Korean text to mark");
    // The Vietnamese page has no Vietnamese translation: the English one, marked.
    let vi = cited(page(&files, "vi/parks/park-alpha/index.html"));
    assert!(
        vi.contains("[<span lang=\"en\">Korean report on the test park</span>]"),
        "{vi}"
    );
}

#[test]
fn sources_linked_only_in_the_prose_are_in_the_page_list() {
    let files = site().build();
    for language in ["vi", "en"] {
        let html = page(&files, &format!("{language}/parks/park-alpha/index.html"));
        assert!(
            cited(html).contains(&format!("href=\"/{language}/sources/#src-prose\"")),
            "{language}: the prose's source is listed:\n{}",
            cited(html)
        );
    }
    // News and pages too: a page that cites nothing but in its prose gets a list.
    let files = SiteTest::new()
        .with_file("content/sources.yaml", SOURCES)
        .with_file(
            "content/pages/about.en.md",
            &PAGE_EN.replace(
                "Page body,",
                "Page body from [a French article](@/sources#src-fr),",
            ),
        )
        .with_file(
            "content/news/first-news.vi.md",
            &NEWS_VI.replace(
                "Nội dung tin",
                "Theo [bài báo](@/sources#src-prose), nội dung tin",
            ),
        )
        .build();
    let about = page(&files, "en/about/index.html");
    assert!(
        cited(about).contains("href=\"/en/sources/#src-fr\""),
        "{}",
        cited(about)
    );
    assert!(
        !page(&files, "vi/about/index.html").contains("class=\"citations\""),
        "a page that names no source has no list"
    );
    let news = cited(page(&files, "vi/news/first-news/index.html"));
    // The summarised article first, then the prose's.
    let one = news.find("#src-one\"").expect("the news source");
    let prose = news.find("#src-prose\"").expect("the prose's source");
    assert!(one < prose, "{news}");
}

#[test]
fn open_data_gives_the_title_as_published_its_language_and_its_translations() {
    let files = site().build();
    let json: serde_json::Value =
        serde_json::from_str(page(&files, "data/parks.json")).expect("JSON");
    let sources = json["sources"].as_array().expect("sources");
    let french = sources.iter().find(|s| s["id"] == "src-fr").unwrap();
    assert_eq!(
        french["title"],
        "Foxconn investit 246 millions de dollars au Vietnam"
    );
    assert_eq!(french["language"], "fr");
    assert_eq!(
        french["title_translated"]["en"],
        "Foxconn invests USD 246 million in Vietnam"
    );
    let korean = sources.iter().find(|s| s["id"] == "src-ko").unwrap();
    assert!(korean["title"].is_null(), "an unchecked title is not given");
    assert_eq!(
        korean["title_translated"]["en"],
        "Korean report on the test park"
    );
}

fn diagnostics_for(sources: &str) -> Vec<Diagnostic> {
    let site = SiteTest::new().with_file("content/sources.yaml", sources);
    halong::content::validate::validate(&site.input(), &site.options()).diagnostics
}

fn find<'a>(diagnostics: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} among {diagnostics:#?}"))
}

#[test]
fn mistakes_in_titles_and_languages_are_reported_where_they_are_written() {
    let diagnostics = diagnostics_for(
        "\
- id: src-one
  title: The one source
  publisher: Test publisher
  language: en
- id: no-title
  publisher: Somebody
  language: vi
- id: bad-language
  title: Un titre
  publisher: Quelqu'un
  language: French
- id: own-language
  title: Một tiêu đề
  title_translated: {vi: Một tiêu đề, en: A title}
  publisher: Báo
  language: vi
- id: plain-translation
  title: Ein Titel
  title_translated: A title
  publisher: Zeitung
  language: de
- id: no-language
  title: A title
  publisher: Someone
- id: unchecked-vietnamese
  title_translated: {vi: Mô tả bài báo, en: A description of the article}
  publisher: Báo
  language: vi
",
    );
    let missing = find(&diagnostics, "E0103");
    assert_eq!(
        (missing.position.line, missing.message.as_str()),
        (5, "missing field `title`")
    );
    assert!(missing
        .help
        .as_deref()
        .unwrap_or("")
        .contains("title_translated"));
    let language = find(&diagnostics, "E0105");
    assert_eq!((language.position.line, language.position.column), (11, 13));
    let own = find(&diagnostics, "W0102");
    assert_eq!(own.position.line, 14);
    // Without a title as published, the text in the source's language stands in for it.
    assert_eq!(
        diagnostics.iter().filter(|d| d.code == "W0102").count(),
        1,
        "{diagnostics:#?}"
    );
    let plain = find(&diagnostics, "E0102");
    assert_eq!(plain.position.line, 19);
    let unknown = find(&diagnostics, "W0103");
    assert_eq!(unknown.position.line, 22);
    assert!(
        unknown.message.contains("no-language"),
        "{}",
        unknown.message
    );
    for diagnostic in &diagnostics {
        assert_eq!(
            diagnostic.file,
            std::path::Path::new("content/sources.yaml"),
            "{diagnostic:?}"
        );
    }
}

#[test]
fn a_translation_into_a_language_the_site_does_not_have_is_an_error() {
    let diagnostics = diagnostics_for(
        "\
- id: src-one
  title: The one source
  publisher: Test publisher
  language: en
  title_translated: {vi: Nguồn duy nhất, ja: 唯一の情報源}
",
    );
    let unknown = find(&diagnostics, "E0105");
    assert_eq!(unknown.position.line, 5);
    assert!(unknown.message.contains("`ja`"), "{}", unknown.message);
}
