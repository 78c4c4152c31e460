//! Plumbing shared by the charts: the embedded font, colours, plotters
//! fragments and the accessible `<svg>` wrapper.
//!
//! A chart is a list of fragments, each placed (optionally inside `<a href>` or
//! `<g>` with a `<title>`) in one outer `<svg>` that carries `role`,
//! `aria-labelledby`, `<title>`, `<desc>`. Bars, columns and legends write
//! their marks with [`Marks`], in exactly the form plotters' SVG backend gives
//! them; the map (drawn once per language) still draws through plotters
//! ([`fragment`]). Text widths come from the embedded font, summed as plotters sums them.

use plotters::coord::Shift;
use plotters::prelude::*;
#[cfg(test)]
use plotters::style::text_anchor::Pos;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::FontStyle;
#[cfg(test)]
use plotters::style::{FontDesc, FontFamily};
use std::sync::Once;

/// Font family name as it appears in the SVG (`font-family` attribute) and
/// under which the embedded font's metrics are registered with plotters.
pub const FONT_FAMILY: &str = "Be Vietnam Pro, sans-serif";
/// Be Vietnam Pro Regular (SIL OFL 1.1), see `static/fonts/README.md`.
pub(crate) static FONT_BYTES: &[u8] = include_bytes!("../../static/fonts/BeVietnamPro-Regular.ttf");

static FONT_INIT: Once = Once::new();

pub(crate) fn ensure_font() {
    FONT_INIT.call_once(|| {
        // The font is embedded and known to parse (tested); a failure here
        // would be a broken build artefact, and text metrics would then be
        // unavailable, so fail loudly.
        if plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES).is_err() {
            panic!("embedded font BeVietnamPro-Regular.ttf could not be parsed");
        }
    });
}

// Colours: every text colour has at least 4.5:1 contrast against WHITE, every
// mark colour (bars, markers, outlines) at least 3:1 (WCAG 2.1 AA, 1.4.3 and 1.4.11).
pub(crate) const BACKGROUND: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
pub(crate) const TEXT: RGBColor = RGBColor(0x1F, 0x29, 0x37); // 14.7:1
pub(crate) const MUTED: RGBColor = RGBColor(0x4B, 0x55, 0x63); // 7.6:1
pub(crate) const GRID: RGBColor = RGBColor(0xD1, 0xD5, 0xDB); // decorative only
pub(crate) const LAND: RGBColor = RGBColor(0xF1, 0xF3, 0xEA); // map land fill
pub(crate) const COAST: RGBColor = RGBColor(0x4B, 0x55, 0x63);
pub(crate) const PALETTE: [RGBColor; 5] = [
    RGBColor(0x1D, 0x4E, 0xD8), // blue-700    6.7:1
    RGBColor(0xB4, 0x53, 0x09), // amber-700   5.0:1
    RGBColor(0x04, 0x78, 0x57), // emerald-700 5.5:1
    RGBColor(0x7E, 0x22, 0xCE), // purple-700  6.9:1
    RGBColor(0xBE, 0x12, 0x3C), // rose-700    6.0:1
];

/// How a series' marks are filled, so that series differ by more than colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fill {
    Solid,
    Hatched,
    Outline,
}

pub(crate) fn series_style(i: usize) -> (RGBColor, Fill) {
    let fill = match i % 3 {
        0 => Fill::Solid,
        1 => Fill::Hatched,
        _ => Fill::Outline,
    };
    (PALETTE[i % PALETTE.len()], fill)
}

#[cfg(test)]
pub(crate) fn font(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FONT_FAMILY), size, FontStyle::Normal)
}

#[cfg(test)]
pub(crate) fn text_style(size: f64, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    font(size).color(&color).pos(Pos::new(h, v))
}

/// Width in pixels of `text` at `size`, from the embedded font's metrics: what
/// plotters' `FontDesc::box_size` gives (its ab_glyph backend sums each glyph's advance
/// and the kerning with the previous glyph, in `f32`, and truncates), with the same
/// arithmetic in the same order, from metrics looked up once per character and pair.
/// Measuring through plotters looked up the glyph, its advance and the kerning table
/// afresh for every character and was most of what remained of a chart's cost.
pub(crate) fn text_width(text: &str, size: f64) -> i32 {
    with_metrics(size, |metrics| metrics.width(text))
}

/// Runs `measure` with the metrics of `size`, kept per thread and size.
fn with_metrics<T>(size: f64, measure: impl FnOnce(&mut Metrics) -> T) -> T {
    thread_local! {
        static METRICS: std::cell::RefCell<Vec<Metrics>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    METRICS.with(|metrics| {
        let mut metrics = metrics.borrow_mut();
        let index = match metrics
            .iter()
            .position(|known| known.size == size.to_bits())
        {
            Some(index) => index,
            None => {
                metrics.push(Metrics::new(size));
                metrics.len() - 1
            }
        };
        measure(&mut metrics[index])
    })
}

/// The embedded font's metrics at one size, as far as they were needed.
struct Metrics {
    size: u64,
    font: ab_glyph::PxScaleFont<ab_glyph::FontRef<'static>>,
    /// Glyph and advance by character code, for the characters below
    /// [`DIRECT_GLYPHS`] (Latin and Vietnamese); a map for the rest.
    direct: Vec<Option<(ab_glyph::GlyphId, f32)>>,
    glyphs: crate::FastHashMap<char, (ab_glyph::GlyphId, f32)>,
    /// Kerning by glyph pair (`first << 16 | second`), hashed by one multiplication:
    /// a map lookup per character of every label was most of a chart's cost with the
    /// standard (SipHash) hasher.
    kerning: std::collections::HashMap<u32, f32, PairHash>,
}

/// Characters looked up in a table rather than a map: up to the end of Latin
/// Extended Additional, which holds the Vietnamese letters.
const DIRECT_GLYPHS: usize = 0x1F00;

/// A hasher for glyph pairs: one multiplication (Fibonacci hashing) spreads the 32
/// bits well enough for a table of a few thousand pairs.
#[derive(Default, Clone, Copy)]
struct PairHash;

impl std::hash::BuildHasher for PairHash {
    type Hasher = PairHasher;
    fn build_hasher(&self) -> PairHasher {
        PairHasher(0)
    }
}

struct PairHasher(u64);

impl std::hash::Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8 | u64::from(byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, value: u32) {
        self.0 = u64::from(value).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

impl Metrics {
    fn new(size: f64) -> Metrics {
        use ab_glyph::Font as _;
        // The embedded font is known to parse (`ensure_font` and the tests).
        let font = match ab_glyph::FontRef::try_from_slice(FONT_BYTES) {
            Ok(font) => font,
            Err(error) => panic!("embedded font BeVietnamPro-Regular.ttf: {error}"),
        };
        Metrics {
            size: size.to_bits(),
            // plotters scales by the size in f32.
            font: font.into_scaled(size as f32),
            direct: vec![None; DIRECT_GLYPHS],
            glyphs: crate::FastHashMap::default(),
            kerning: std::collections::HashMap::default(),
        }
    }

    fn width(&mut self, text: &str) -> i32 {
        let mut run = Run::default();
        for character in text.chars() {
            self.advance(&mut run, character);
        }
        run.pixels()
    }

    /// Adds `character` to the text measured so far in `run`: its advance, then the
    /// kerning with the character before it.
    fn advance(&mut self, run: &mut Run, character: char) {
        use ab_glyph::ScaleFont as _;
        let font = &self.font;
        let measure = || {
            let glyph = font.glyph_id(character);
            (glyph, font.h_advance(glyph))
        };
        let (glyph, advance) = match self.direct.get_mut(character as usize) {
            Some(slot) => *slot.get_or_insert_with(measure),
            None => *self.glyphs.entry(character).or_insert_with(measure),
        };
        run.width += advance;
        if let Some(previous) = run.previous {
            let pair = u32::from(previous.0) << 16 | u32::from(glyph.0);
            run.width += *self
                .kerning
                .entry(pair)
                .or_insert_with(|| font.kern(previous, glyph));
        }
        run.previous = Some(glyph);
    }

    /// `text` whole if it fits in `max` pixels, else its longest start that fits
    /// with "…" after it (trailing spaces dropped before the "…"). Each start's width
    /// is the one before it plus one character, so the text is measured once, not
    /// once per length tried.
    fn fit(&mut self, text: &str, max: i32) -> String {
        // `starts[n]`: the first `n` characters measured, where they end in `text`,
        // and how many of them are left once trailing whitespace is dropped.
        let mut starts = vec![Start {
            run: Run::default(),
            end: 0,
            kept: 0,
        }];
        let mut run = Run::default();
        for (at, character) in text.char_indices() {
            self.advance(&mut run, character);
            let count = starts.len();
            starts.push(Start {
                run,
                end: at + character.len_utf8(),
                kept: if character.is_whitespace() {
                    starts[count - 1].kept
                } else {
                    count
                },
            });
        }
        if run.pixels() <= max {
            return text.to_string();
        }
        for length in (1..starts.len() - 1).rev() {
            let kept = &starts[starts[length].kept];
            let mut candidate = kept.run;
            self.advance(&mut candidate, '…');
            if candidate.pixels() <= max {
                return format!("{}…", &text[..kept.end]);
            }
        }
        "…".to_string()
    }
}

/// The first characters of a text, as [`Metrics::fit`] tries them.
struct Start {
    run: Run,
    /// Where they end, in bytes.
    end: usize,
    /// How many of them a shortened text keeps (trailing whitespace dropped).
    kept: usize,
}

/// A text measured so far: its width and its last glyph (for kerning with the next).
#[derive(Default, Clone, Copy)]
struct Run {
    width: f32,
    previous: Option<ab_glyph::GlyphId>,
}

impl Run {
    /// The width in whole pixels, truncated as plotters does.
    fn pixels(&self) -> i32 {
        (self.width as i32).unsigned_abs() as i32
    }
}

/// `text` shortened with "…" so that it fits in `max` pixels.
pub(crate) fn fit_text(text: &str, size: f64, max: i32) -> String {
    with_metrics(size, |metrics| metrics.fit(text, max))
}

pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub(crate) type Drawn = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Size of the scratch canvas each fragment is drawn on; only its contents
/// are kept, positioned in the chart's own coordinates (the chart's size is
/// set by `document`). Large so that nothing is ever clipped.
const CANVAS: (u32, u32) = (4096, 4096);

/// Draws with plotters into a scratch canvas and returns the SVG elements
/// without the canvas's own `<svg>` wrapper.
pub(crate) fn fragment<F>(draw: F) -> String
where
    F: FnOnce(&Area<'_>) -> Drawn,
{
    ensure_font();
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, CANVAS).into_drawing_area();
        // Errors can only come from font lookup, which `ensure_font` rules out.
        if let Err(e) = draw(&root) {
            panic!("plotters could not draw a chart fragment: {e:?}");
        }
        let _ = root.present();
    }
    let body = match buf.find('\n') {
        Some(i) => &buf[i + 1..],
        None => "",
    };
    let body = match body.rfind("</svg>") {
        Some(i) => &body[..i],
        None => body,
    };
    join_text_lines(body)
}

/// plotters writes `<text …>`, the text and `</text>` on three lines; put them
/// on one so that the text node holds exactly the label (no stray spaces when
/// it is selected, copied or read aloud).
fn join_text_lines(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut in_text = false;
    for line in body.split_inclusive('\n') {
        if in_text {
            if line.starts_with("</text>") {
                out.push_str(line);
                in_text = false;
            } else {
                out.push_str(line.strip_suffix('\n').unwrap_or(line));
            }
        } else if line.starts_with("<text ") && line.ends_with(">\n") {
            out.push_str(&line[..line.len() - 1]);
            in_text = true;
        } else {
            out.push_str(line);
        }
    }
    out
}

/// How a text mark is set: size in pixels (as plotters takes it), colour,
/// anchor, and whether it reads bottom to top.
#[derive(Clone, Copy)]
pub(crate) struct TextMark {
    size: f64,
    color: RGBColor,
    h: HPos,
    v: VPos,
    rotated: bool,
}

impl TextMark {
    pub(crate) fn new(size: f64, color: RGBColor, h: HPos, v: VPos) -> TextMark {
        TextMark {
            size,
            color,
            h,
            v,
            rotated: false,
        }
    }

    /// Turned 270°, reading bottom to top (value and period labels that do not fit).
    pub(crate) fn rotated(self) -> TextMark {
        TextMark {
            rotated: true,
            ..self
        }
    }
}

/// SVG marks written straight into a string, element for element and byte for
/// byte as plotters' SVG backend writes them (and as [`fragment`] joins its text
/// lines). Drawing a bar through plotters cost a scratch canvas, a font lookup per
/// text and half a dozen small strings per element; a park page's hatched land-use
/// bar alone was a fifth of the page's time. Unlike plotters, coordinates outside its
/// 4096 px scratch canvas are written as given rather than clamped to its edge.
pub(crate) struct Marks {
    out: String,
}

impl Marks {
    fn new() -> Marks {
        Marks {
            out: String::with_capacity(1024),
        }
    }

    /// A filled rectangle between two corners (in any order).
    pub(crate) fn rect(&mut self, (x0, y0): (i32, i32), (x1, y1): (i32, i32), color: RGBColor) {
        let (left, right) = (x0.min(x1), x0.max(x1));
        let (top, bottom) = (y0.min(y1), y0.max(y1));
        let out = &mut self.out;
        out.push_str("<rect x=\"");
        push_int(out, left);
        out.push_str("\" y=\"");
        push_int(out, top);
        out.push_str("\" width=\"");
        push_int(out, right - left);
        out.push_str("\" height=\"");
        push_int(out, bottom - top);
        out.push_str("\" opacity=\"1\" fill=\"");
        push_color(out, color);
        self.out.push_str("\" stroke=\"none\"/>\n");
    }

    /// A line through `points`, `width` pixels wide.
    pub(crate) fn line(&mut self, points: &[(i32, i32)], color: RGBColor, width: u32) {
        self.out
            .push_str("<polyline fill=\"none\" opacity=\"1\" stroke=\"");
        let out = &mut self.out;
        push_color(out, color);
        out.push_str("\" stroke-width=\"");
        push_int(out, i64::from(width));
        out.push_str("\" points=\"");
        push_points(out, points);
    }

    /// A filled polygon through `points`, as plotters writes one.
    pub(crate) fn polygon(&mut self, points: &[(i32, i32)], color: RGBColor) {
        let out = &mut self.out;
        out.push_str("<polygon opacity=\"1\" fill=\"");
        push_color(out, color);
        out.push_str("\" points=\"");
        push_points(out, points);
    }

    /// A filled circle, as plotters writes one.
    pub(crate) fn circle(&mut self, (x, y): (i32, i32), r: i32, color: RGBColor) {
        let out = &mut self.out;
        out.push_str("<circle cx=\"");
        push_int(out, x);
        out.push_str("\" cy=\"");
        push_int(out, y);
        out.push_str("\" r=\"");
        push_int(out, r);
        out.push_str("\" opacity=\"1\" fill=\"");
        push_color(out, color);
        out.push_str("\" stroke=\"none\" stroke-width=\"1\"/>\n");
    }

    /// A white polygon with a coloured outline `width` pixels wide: the map's mark
    /// for an approximate position.
    pub(crate) fn hollow_polygon(&mut self, points: &[(i32, i32)], color: RGBColor, width: u32) {
        let out = &mut self.out;
        out.push_str("<polygon fill=\"#FFFFFF\" stroke=\"");
        push_color(out, color);
        out.push_str("\" stroke-width=\"");
        push_int(out, i64::from(width));
        out.push_str("\" stroke-linejoin=\"round\" points=\"");
        push_points(out, points);
    }

    /// A white circle with a coloured outline `width` pixels wide.
    pub(crate) fn hollow_circle(
        &mut self,
        (x, y): (i32, i32),
        r: i32,
        color: RGBColor,
        width: u32,
    ) {
        let out = &mut self.out;
        out.push_str("<circle cx=\"");
        push_int(out, x);
        out.push_str("\" cy=\"");
        push_int(out, y);
        out.push_str("\" r=\"");
        push_int(out, r);
        out.push_str("\" fill=\"#FFFFFF\" stroke=\"");
        push_color(out, color);
        out.push_str("\" stroke-width=\"");
        push_int(out, i64::from(width));
        out.push_str("\"/>\n");
    }

    /// A white box behind a label, slightly see-through, so the label reads over
    /// land and lines.
    pub(crate) fn halo(&mut self, (x0, y0): (i32, i32), (x1, y1): (i32, i32)) {
        let out = &mut self.out;
        out.push_str("<rect x=\"");
        push_int(out, x0.min(x1));
        out.push_str("\" y=\"");
        push_int(out, y0.min(y1));
        out.push_str("\" width=\"");
        push_int(out, (x1 - x0).abs());
        out.push_str("\" height=\"");
        push_int(out, (y1 - y0).abs());
        out.push_str("\" opacity=\"0.85\" fill=\"#FFFFFF\" stroke=\"none\"/>\n");
    }

    /// Appends SVG written elsewhere.
    pub(crate) fn raw(&mut self, svg: &str) {
        self.out.push_str(svg);
    }

    /// A text at `(x, y)`, anchored as `mark` says.
    pub(crate) fn text(&mut self, text: &str, (x, y): (i32, i32), mark: TextMark) {
        let anchor = match mark.h {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match mark.v {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        let out = &mut self.out;
        out.push_str("<text x=\"");
        push_int(out, x);
        out.push_str("\" y=\"");
        push_int(out, y);
        out.push_str("\" dy=\"");
        out.push_str(dy);
        out.push_str("\" text-anchor=\"");
        out.push_str(anchor);
        out.push_str("\" font-family=\"");
        out.push_str(FONT_FAMILY);
        out.push_str("\" font-size=\"");
        push_font_size(out, mark.size);
        out.push_str("\" opacity=\"1\" fill=\"");
        push_color(out, mark.color);
        out.push('"');
        if mark.rotated {
            out.push_str(" transform=\"rotate(270, ");
            push_int(out, x);
            out.push_str(", ");
            push_int(out, y);
            out.push_str(")\"");
        }
        out.push('>');
        for c in text.chars() {
            match c {
                '<' => self.out.push_str("&lt;"),
                '>' => self.out.push_str("&gt;"),
                '&' => self.out.push_str("&amp;"),
                '"' => self.out.push_str("&quot;"),
                '\'' => self.out.push_str("&apos;"),
                // The text node holds the label on one line (see `join_text_lines`).
                '\n' => {}
                c => self.out.push(c),
            }
        }
        self.out.push_str("</text>\n");
    }
}

// The helpers below write what `format!` would (`{}` of an integer, `{:02X}` of a
// byte, `{}` of the font size) without its machinery: a park page's charts write a
// few hundred numbers.

fn push_color(out: &mut String, RGBColor(r, g, b): RGBColor) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('#');
    for byte in [r, g, b] {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xF)]));
    }
}

fn push_int(out: &mut String, value: impl Into<i64>) {
    let value: i64 = value.into();
    if value < 0 {
        out.push('-');
    }
    crate::i18n::push_padded(out, value.unsigned_abs(), 1);
}

/// A `points` attribute's value, closed with the element: `x,y x,y "/>`.
fn push_points(out: &mut String, points: &[(i32, i32)]) {
    for &(x, y) in points {
        push_int(out, x);
        out.push(',');
        push_int(out, y);
        out.push(' ');
    }
    out.push_str("\"/>\n");
}

/// The font size as plotters writes it: the size divided by 1.24, shortest `{}` form
/// (`13.709677419354838` for 17). Charts use a handful of sizes; each thread keeps
/// their texts.
fn push_font_size(out: &mut String, size: f64) {
    thread_local! {
        static SIZES: std::cell::RefCell<Vec<(u64, String)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    SIZES.with(|sizes| {
        let mut sizes = sizes.borrow_mut();
        let key = size.to_bits();
        match sizes.iter().find(|(known, _)| *known == key) {
            Some((_, text)) => out.push_str(text),
            None => {
                let text = format!("{}", size / 1.24);
                out.push_str(&text);
                sizes.push((key, text));
            }
        }
    });
}

/// Writes marks with [`Marks`] and returns them as one fragment.
pub(crate) fn marks(draw: impl FnOnce(&mut Marks)) -> String {
    let mut marks = Marks::new();
    draw(&mut marks);
    marks.out
}

/// Rectangle filled according to `fill` (solid, 45° hatching, or outline).
pub(crate) fn draw_box(
    marks: &mut Marks,
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
    color: RGBColor,
    fill: Fill,
) {
    let (x0, x1) = (x0.min(x1), x0.max(x1));
    let (y0, y1) = (y0.min(y1), y0.max(y1));
    match fill {
        Fill::Solid => marks.rect((x0, y0), (x1, y1), color),
        Fill::Hatched => {
            marks.rect((x0, y0), (x1, y1), BACKGROUND);
            hatch_lines(marks, x0, y0, x1, y1, 5, color);
            outline(marks, x0, y0, x1, y1, color);
        }
        Fill::Outline => {
            marks.rect((x0, y0), (x1, y1), BACKGROUND);
            outline(marks, x0, y0, x1, y1, color);
        }
    }
}

fn outline(marks: &mut Marks, x0: i32, y0: i32, x1: i32, y1: i32, color: RGBColor) {
    if x1 - x0 < 2 {
        marks.line(&[(x0, y0), (x0, y1)], color, 2);
        return;
    }
    marks.line(
        &[
            (x0 + 1, y0 + 1),
            (x1 - 1, y0 + 1),
            (x1 - 1, y1 - 1),
            (x0 + 1, y1 - 1),
            (x0 + 1, y0 + 1),
        ],
        color,
        2,
    );
}

/// 45° hatching lines (bottom-left to top-right) clipped to the rectangle.
fn hatch_lines(
    marks: &mut Marks,
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
    spacing: i32,
    color: RGBColor,
) {
    if x1 <= x0 || y1 <= y0 {
        return;
    }
    // Lines x + y = c.
    let mut c = x0 + y0 + spacing;
    while c < x1 + y1 {
        // Intersections with the rectangle.
        let start_x = (c - y1).max(x0);
        let end_x = (c - y0).min(x1);
        if end_x > start_x {
            marks.line(&[(start_x, c - start_x), (end_x, c - end_x)], color, 2);
        }
        c += spacing;
    }
}

/// XML-escapes text for element content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An id usable in XML and CSS: ASCII letters, digits, `-`, `_`; never empty.
pub(crate) fn clean_id(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() || !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert_str(0, "chart-");
    }
    s
}

/// Wraps `body` in `<a href>` with a tooltip title.
pub(crate) fn link(href: &str, tooltip: &str, body: &str) -> String {
    format!(
        "<a href=\"{}\" class=\"halong-chart-link\">\n<title>{}</title>\n{}</a>\n",
        escape(href),
        escape(tooltip),
        body
    )
}

/// Wraps `body` in a `<g>` with a tooltip title.
pub(crate) fn group(tooltip: &str, body: &str) -> String {
    format!("<g>\n<title>{}</title>\n{}</g>\n", escape(tooltip), body)
}

/// The outer `<svg>`: `viewBox`, width/height (CSS may override them: the
/// inline `style` lets the chart shrink with its container), `role`,
/// `aria-labelledby`, `<title>` and `<desc>`. Charts with links get
/// `role="group"` so that the links stay reachable for assistive technology;
/// the others get `role="img"`.
pub(crate) fn document(
    id: &str,
    title: &str,
    desc: &str,
    size: (u32, u32),
    has_links: bool,
    body: &str,
) -> String {
    let id = clean_id(id);
    let role = if has_links { "group" } else { "img" };
    let mut out = String::with_capacity(body.len() + 512);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"halong-chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" style=\"max-width:100%;height:auto\" role=\"{role}\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"{font}\">\n",
        w = size.0,
        h = size.1,
        font = FONT_FAMILY,
    ));
    out.push_str(&format!(
        "<title id=\"{id}-title\">{}</title>\n",
        escape(title)
    ));
    out.push_str(&format!("<desc id=\"{id}-desc\">{}</desc>\n", escape(desc)));
    out.push_str(body);
    out.push_str("</svg>\n");
    out
}

/// Draws the white background rectangle (contrast is computed against it).
pub(crate) fn background(size: (u32, u32)) -> String {
    marks(|m| m.rect((0, 0), (size.0 as i32, size.1 as i32), BACKGROUND))
}
