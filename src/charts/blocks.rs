//! Text set in blocks inside a chart: legends and notes, wrapped to the chart's width
//! with the embedded font's metrics and room to spare, so that no text runs past the
//! chart's edge in a browser, on screen or printed.

use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

use super::svg::{draw_box, marks, text_width, Fill, TextMark, MUTED, TEXT};

/// How much of a width text is laid out to fill: browsers set small text wider than
/// its metrics say when they round glyph advances to whole pixels (as Chromium does
/// when printing), by up to a few per cent.
pub(crate) fn room(width: i32) -> i32 {
    width * 94 / 100
}

/// `text` broken at spaces into lines of at most `max` pixels at `size`; a word
/// longer than a line is broken between characters, so no line is ever wider.
pub(crate) fn wrap_text(text: &str, size: f64, max: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: split it where it must be.
        for character in word.chars() {
            line.push(character);
            if text_width(&line, size) > max && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(character);
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Legend entries laid out in rows: swatch + text. An entry too long for the width
/// wraps onto lines of its own (measured with the embedded font, so that no text is
/// cut off at the chart's edge: "217,4" for "217,46 ha"). Returns (fragment, height).
pub(crate) fn legend(
    x0: i32,
    y0: i32,
    max_x: i32,
    entries: &[(String, RGBColor, Fill)],
) -> (String, i32) {
    const FS: f64 = 16.0;
    const ROW: i32 = 22;
    const SWATCH: i32 = 18 + 6;
    let mut placed = Vec::new();
    let (mut x, mut y) = (x0, y0);
    for (label, color, fill) in entries {
        let lines = wrap_text(label, FS, room(max_x - x0 - SWATCH));
        let w = SWATCH + text_width(label, FS) * 100 / 94 + 18;
        if x > x0 && (lines.len() > 1 || x + w > max_x) {
            x = x0;
            y += ROW;
        }
        let rows = lines.len() as i32;
        placed.push((x, y, lines, *color, *fill));
        if rows > 1 {
            // The next entry starts on a row of its own.
            x = max_x;
            y += ROW * (rows - 1);
        } else {
            x += w;
        }
    }
    let height = if entries.is_empty() { 0 } else { y - y0 + ROW };
    let frag = marks(|m| {
        for (x, y, lines, color, fill) in &placed {
            draw_box(m, *x, *y + 3, *x + 18, *y + 17, *color, *fill);
            for (row, line) in lines.iter().enumerate() {
                m.text(
                    line,
                    (*x + SWATCH, *y + 10 + ROW * row as i32),
                    TextMark::new(FS, TEXT, HPos::Left, VPos::Center),
                );
            }
        }
    });
    (frag, height)
}

/// Notes under a chart, each wrapped to the width: what a value covers ("* Song
/// Khoai: phase 1 of 5"). Returns (fragment, height); no notes take no room.
pub(crate) fn notes(x0: i32, y0: i32, max_x: i32, notes: &[String]) -> (String, i32) {
    const FS: f64 = 14.0;
    const ROW: i32 = 19;
    const GAP: i32 = 6;
    let lines: Vec<String> = notes
        .iter()
        .flat_map(|note| wrap_text(note, FS, room(max_x - x0)))
        .collect();
    if lines.is_empty() {
        return (String::new(), 0);
    }
    let frag = marks(|m| {
        for (row, line) in lines.iter().enumerate() {
            m.text(
                line,
                (x0, y0 + GAP + ROW * row as i32 + ROW / 2),
                TextMark::new(FS, MUTED, HPos::Left, VPos::Center),
            );
        }
    });
    (frag, GAP + ROW * lines.len() as i32)
}
