//! A source's title as a page shows it: as published, in the source's own language
//! (its `<cite>` says that language, so that browsers and screen readers read it so),
//! followed by its translation into the page's language, in brackets, where the two
//! languages differ and a translation is given. Where the title as published could not
//! be checked, its translation stands alone, in brackets: a reader can tell that it is
//! not the title the source printed.

use serde::Serialize;

use crate::content::model::{Site, Source};

/// A source's title, ready for a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceTitle {
    /// The title as published, or, where it is not known, a translation in brackets
    /// (marked with its language when that is not the page's).
    pub title: String,
    /// The language of `title` where it is not the page's (the template's `lang`).
    pub title_lang: Option<String>,
    /// The title in the page's language, in brackets, after the title as published.
    pub translation: Option<String>,
}

/// The title of `source` on a page in `language`.
pub fn source_title(site: &Site, source: &Source, language: &str) -> SourceTitle {
    let foreign = !source.language.is_empty() && source.language != language;
    match &source.title {
        Some(title) => SourceTitle {
            title: title.clone(),
            title_lang: foreign.then(|| source.language.clone()),
            translation: foreign
                .then(|| source.title_translated.get(language))
                .flatten()
                .map(|translation| format!("[{translation}]")),
        },
        // Validation lets a source through only with a title or a translation.
        None => SourceTitle {
            title: format!("[{}]", site.shown(&source.title_translated, language)),
            title_lang: None,
            translation: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::Text;
    use crate::i18n::mark;

    fn source(title: Option<&str>, language: &str, translated: &[(&str, &str)]) -> Source {
        let mut title_translated = Text::default();
        for (code, text) in translated {
            title_translated.insert(*code, *text);
        }
        Source {
            id: "q18".into(),
            title: title.map(str::to_string),
            title_translated,
            publisher: "VNA".into(),
            date: None,
            language: language.into(),
            url: None,
            note: None,
        }
    }

    fn site() -> Site {
        Site::empty("[vi, en]")
    }

    #[test]
    fn a_foreign_title_is_marked_and_translated_into_the_page_language() {
        let site = site();
        let french = source(
            Some("Foxconn investit 246 millions de dollars"),
            "fr",
            &[
                ("vi", "Foxconn đầu tư 246 triệu USD"),
                ("en", "Foxconn invests USD 246 million"),
            ],
        );
        let on_vi = source_title(&site, &french, "vi");
        assert_eq!(on_vi.title, "Foxconn investit 246 millions de dollars");
        assert_eq!(on_vi.title_lang.as_deref(), Some("fr"));
        assert_eq!(
            on_vi.translation.as_deref(),
            Some("[Foxconn đầu tư 246 triệu USD]")
        );
        let on_en = source_title(&site, &french, "en");
        assert_eq!(
            on_en.translation.as_deref(),
            Some("[Foxconn invests USD 246 million]")
        );
    }

    #[test]
    fn a_title_in_the_page_language_stands_alone() {
        let site = site();
        let vietnamese = source(
            Some("Bình Vân thành lập cụm công nghiệp"),
            "vi",
            &[("en", "Binh Van sets up an industrial cluster")],
        );
        let on_vi = source_title(&site, &vietnamese, "vi");
        assert_eq!(on_vi.title, "Bình Vân thành lập cụm công nghiệp");
        assert_eq!(on_vi.title_lang, None);
        assert_eq!(on_vi.translation, None);
        // The English page shows the Vietnamese title, marked, then the translation.
        let on_en = source_title(&site, &vietnamese, "en");
        assert_eq!(on_en.title, "Bình Vân thành lập cụm công nghiệp");
        assert_eq!(on_en.title_lang.as_deref(), Some("vi"));
        assert_eq!(
            on_en.translation.as_deref(),
            Some("[Binh Van sets up an industrial cluster]")
        );
    }

    #[test]
    fn no_translation_into_the_page_language_shows_the_title_alone() {
        let site = site();
        let korean = source(
            Some("광닌성 동마이 산업단지"),
            "ko",
            &[("en", "Dong Mai park")],
        );
        let on_vi = source_title(&site, &korean, "vi");
        assert_eq!(on_vi.title, "광닌성 동마이 산업단지");
        assert_eq!(on_vi.title_lang.as_deref(), Some("ko"));
        assert_eq!(on_vi.translation, None);
    }

    #[test]
    fn an_unchecked_title_shows_its_translation_in_brackets() {
        let site = site();
        let unchecked = source(None, "ko", &[("en", "Korean report on Dong Mai")]);
        // The English page: the translation, in brackets, as the title.
        let on_en = source_title(&site, &unchecked, "en");
        assert_eq!(on_en.title, "[Korean report on Dong Mai]");
        assert_eq!(on_en.title_lang, None, "the Korean title is not shown");
        assert_eq!(on_en.translation, None);
        // The Vietnamese page has no Vietnamese translation: the English one, marked.
        let on_vi = source_title(&site, &unchecked, "vi");
        assert_eq!(
            on_vi.title,
            format!("[{}]", mark("en", "Korean report on Dong Mai"))
        );
    }
}
