//! Charts as a reader sees them, on the bundled portal: no text of any chart runs past
//! the chart's edge (a cut legend read "217,4" for "217,46 ha"), in either language,
//! on screen or printed.

use std::path::Path;

use super::{chromium, devtools::Browser, portal_of};

/// Each chart text that does not fit inside its chart's `viewBox`, measured by the
/// browser in the chart's own units with the page's web font.
const CLIPPED_TEXTS: &str = r##"(async () => {
  await document.fonts.ready;
  const clipped = [];
  for (const svg of document.querySelectorAll("svg.halong-chart")) {
    const view = svg.viewBox.baseVal;
    for (const text of svg.querySelectorAll("text")) {
      const box = text.getBBox();
      // Rotated labels are measured along their own axis: map the box's corners.
      const matrix = text.transform.baseVal.consolidate()?.matrix;
      const corners = [[box.x, box.y], [box.x + box.width, box.y + box.height]].map(([x, y]) =>
        matrix ? [matrix.a * x + matrix.c * y + matrix.e, matrix.b * x + matrix.d * y + matrix.f] : [x, y]);
      const xs = corners.map(c => c[0]), ys = corners.map(c => c[1]);
      if (Math.min(...xs) < view.x - 0.5 || Math.max(...xs) > view.x + view.width + 0.5 ||
          Math.min(...ys) < view.y - 0.5 || Math.max(...ys) > view.y + view.height + 0.5) {
        clipped.push(svg.id + ": " + text.textContent);
      }
    }
  }
  return clipped;
})()"##;

#[test]
fn no_chart_text_runs_past_its_chart_on_screen_or_in_print() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let portal = portal_of(root);
    let mut pages = vec![String::new()];
    for kind in ["parks", "zones"] {
        let mut slugs: Vec<String> = std::fs::read_dir(root.join("content").join(kind))
            .unwrap()
            .filter_map(|entry| {
                let name = entry.ok()?.file_name().to_str()?.to_string();
                Some(format!("{kind}/{}/", name.strip_suffix(".yaml")?))
            })
            .collect();
        slugs.sort();
        pages.extend(slugs);
    }
    let mut browser = Browser::start(&chromium());
    browser.viewport(1280, 900);
    let mut clipped = Vec::new();
    let mut charts = 0;
    for media in ["screen", "print"] {
        browser.media(media);
        for language in ["vi", "en"] {
            for page in &pages {
                browser.open(&format!(
                    "http://127.0.0.1:{}/{language}/{page}",
                    portal.port
                ));
                charts += browser
                    .evaluate("document.querySelectorAll('svg.halong-chart').length")
                    .as_u64()
                    .unwrap_or(0);
                for text in browser
                    .evaluate(CLIPPED_TEXTS)
                    .as_array()
                    .into_iter()
                    .flatten()
                {
                    clipped.push(format!("{media} /{language}/{page}: {text}"));
                }
            }
        }
    }
    browser.close();
    assert!(charts > 20, "the pages have charts to measure ({charts})");
    assert!(
        clipped.is_empty(),
        "chart texts cut at the chart's edge:\n{}",
        clipped.join("\n")
    );
}
