//! Arbitrary text through the Markdown path of validation: split the front matter,
//! parse it as YAML, render the body. None of it may panic, and offsets must stay
//! inside the text.
#![no_main]

use std::path::Path;

use halong::content::yaml;
use halong::markdown::{render, split_front_matter, LinkStyle};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text: &str = &text;
    let Ok(split) = split_front_matter(text) else {
        return;
    };
    assert!(split.body_offset <= text.len());
    assert_eq!(&text[split.body_offset..], split.body);
    assert!(text.starts_with(split.front_matter));
    let _ = yaml::parse(Path::new("content/news/x.en.md"), split.front_matter);
    // Both link styles: raw HTML escaped (the default) and kept.
    for allow_raw_html in [false, true] {
        let style = LinkStyle {
            root: "/portal/",
            language: "en",
            allow_raw_html,
        };
        let (_html, _plain, _headings, links) = render(split.body, split.body_offset, &style);
        for link in links {
            assert!(
                link.offset <= text.len(),
                "link offset {} past the end ({})",
                link.offset,
                text.len()
            );
        }
    }
});
