//! The link-preview card: one PNG per language (1200 × 630, what Open Graph and the
//! big link previews of chat apps and social sites expect), with the site's title,
//! description and address on the theme's colour. Every page names it as its
//! `og:image`, so a shared link shows a preview without anyone drawing an image.
//!
//! PNG and not SVG because most preview clients refuse SVG images. Text is drawn with
//! the font embedded for the charts (ab_glyph, already built for plotters) and
//! encoded with the pure-Rust `png` crate, so no system library is needed. The same
//! text gives the same bytes. Why a card per language rather than per page:
//! `docs/decisions.md`.

use ab_glyph::{point, Font as _, FontRef, PxScale, ScaleFont as _};

use crate::charts::FONT_BYTES;

/// Width of the card in pixels.
pub const WIDTH: u32 = 1200;
/// Height of the card in pixels.
pub const HEIGHT: u32 = 630;

/// The default theme's colours (`--brand` in `static/style.css` and the brand mark).
const BACKGROUND: [u8; 3] = [0x0b, 0x4f, 0x6c];
const TITLE: [u8; 3] = [0xff, 0xff, 0xff];
const DESCRIPTION: [u8; 3] = [0xd6, 0xec, 0xf3];
const ACCENT: [u8; 3] = [0x7f, 0xc4, 0xdc];
/// Indexes into [`INKS`].
const TITLE_INK: usize = 0;
const DESCRIPTION_INK: usize = 1;
const ACCENT_INK: usize = 2;

const MARGIN: f32 = 80.0;

/// The card's PNG bytes.
pub fn card(title: &str, description: &str, address: &str) -> Vec<u8> {
    let mut canvas = Canvas::new();
    // The brand mark of the page header: a white tile with a band along its foot.
    canvas.fill(80, 72, 64, 64, TITLE_INK);
    canvas.fill(80, 120, 64, 16, ACCENT_INK);
    canvas.fill(0, HEIGHT - 16, WIDTH, 16, ACCENT_INK);

    let width = WIDTH as f32 - 2.0 * MARGIN;
    let mut baseline = 236.0;
    for line in wrap(title, 60.0, width, 4) {
        canvas.text(&line, 60.0, MARGIN, baseline, TITLE_INK);
        baseline += 74.0;
    }
    baseline += 16.0;
    for line in wrap(description, 30.0, width, 3) {
        canvas.text(&line, 30.0, MARGIN, baseline, DESCRIPTION_INK);
        baseline += 42.0;
    }
    canvas.text(address, 28.0, MARGIN, HEIGHT as f32 - 56.0, ACCENT_INK);
    canvas.png()
}

/// The embedded font, parsed once (measuring a line parsed it for every word).
fn font() -> &'static FontRef<'static> {
    static FONT: std::sync::OnceLock<FontRef<'static>> = std::sync::OnceLock::new();
    // The embedded font is known to parse (the charts' tests load it).
    FONT.get_or_init(|| match FontRef::try_from_slice(FONT_BYTES) {
        Ok(font) => font,
        Err(error) => panic!("embedded font BeVietnamPro-Regular.ttf: {error}"),
    })
}

/// Width of `text` in pixels at `size`, with kerning.
fn measure(text: &str, size: f32) -> f32 {
    let font = font();
    let scaled = font.as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut previous = None;
    for character in text.chars() {
        let glyph = scaled.glyph_id(character);
        if let Some(previous) = previous {
            width += scaled.kern(previous, glyph);
        }
        width += scaled.h_advance(glyph);
        previous = Some(glyph);
    }
    width
}

/// `text` in lines no wider than `width`, at most `lines` of them; the last one ends
/// in "…" when the text does not fit.
fn wrap(text: &str, size: f32, width: f32, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || measure(&candidate, size) <= width {
            current = candidate;
        } else if out.len() + 1 == lines {
            // The last line, and more text follows.
            out.push(shorten(&candidate, size, width));
            return out;
        } else {
            out.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        // One word can be wider than the card on its own.
        out.push(if measure(&current, size) <= width {
            current
        } else {
            shorten(&current, size, width)
        });
    }
    out
}

/// `line` cut short with "…" so that it fits in `width`.
fn shorten(line: &str, size: f32, width: f32) -> String {
    let mut characters: Vec<char> = line.chars().collect();
    while !characters.is_empty() {
        characters.pop();
        let candidate = format!("{}…", characters.iter().collect::<String>().trim_end());
        if measure(&candidate, size) <= width {
            return candidate;
        }
    }
    "…".to_string()
}

/// Inks the card is drawn with, over [`BACKGROUND`].
const INKS: [[u8; 3]; 3] = [TITLE, DESCRIPTION, ACCENT];

/// Coverage levels per ink: text edges are blended in this many steps, which the eye
/// cannot tell from more, and which keep the image a small palette PNG (a third of
/// the pixels' bytes of an RGB one, so encoded faster and smaller).
const LEVELS: u8 = 16;

/// An image being drawn, as indexes into [`palette`]: 0 is the background, then
/// `LEVELS - 1` steps of coverage for each ink.
struct Canvas {
    pixels: Vec<u8>,
}

/// The palette index of `ink` at `level` (1 to `LEVELS - 1`).
fn index(ink: usize, level: u8) -> u8 {
    1 + ink as u8 * (LEVELS - 1) + (level - 1)
}

/// Background, then each ink blended over it at each level.
fn palette() -> Vec<u8> {
    let mut palette = BACKGROUND.to_vec();
    for ink in INKS {
        for level in 1..LEVELS {
            let coverage = f32::from(level) / f32::from(LEVELS - 1);
            for (background, target) in BACKGROUND.iter().zip(ink) {
                let mixed =
                    f32::from(*background) * (1.0 - coverage) + f32::from(target) * coverage;
                palette.push(mixed.round() as u8);
            }
        }
    }
    palette
}

impl Canvas {
    fn new() -> Canvas {
        Canvas {
            pixels: vec![0; (WIDTH * HEIGHT) as usize],
        }
    }

    fn fill(&mut self, x: u32, y: u32, width: u32, height: u32, ink: usize) {
        let solid = index(ink, LEVELS - 1);
        for row in y..(y + height).min(HEIGHT) {
            let start = (row * WIDTH + x.min(WIDTH)) as usize;
            let end = (row * WIDTH + (x + width).min(WIDTH)) as usize;
            self.pixels[start..end].fill(solid);
        }
    }

    /// Covers the pixel at (`x`, `y`) with `ink` by `coverage` (0 to 1); where two
    /// glyphs of one ink overlap, the stronger coverage wins.
    fn cover(&mut self, x: i64, y: i64, coverage: f32, ink: usize) {
        if x < 0 || y < 0 || x >= i64::from(WIDTH) || y >= i64::from(HEIGHT) {
            return;
        }
        let level = (coverage.clamp(0.0, 1.0) * f32::from(LEVELS - 1)).round() as u8;
        if level == 0 {
            return;
        }
        let pixel = &mut self.pixels[y as usize * WIDTH as usize + x as usize];
        let wanted = index(ink, level);
        let same_ink = *pixel >= index(ink, 1) && *pixel <= index(ink, LEVELS - 1);
        if *pixel == 0 || !same_ink || wanted > *pixel {
            *pixel = wanted;
        }
    }

    /// Draws one line of text with its baseline at `baseline`.
    fn text(&mut self, text: &str, size: f32, left: f32, baseline: f32, ink: usize) {
        let font = font();
        let scale = PxScale::from(size);
        let scaled = font.as_scaled(scale);
        let mut x = left;
        let mut previous = None;
        for character in text.chars() {
            let id = scaled.glyph_id(character);
            if let Some(previous) = previous {
                x += scaled.kern(previous, id);
            }
            let glyph = id.with_scale_and_position(scale, point(x, baseline));
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    self.cover(
                        bounds.min.x as i64 + i64::from(gx),
                        bounds.min.y as i64 + i64::from(gy),
                        coverage,
                        ink,
                    );
                });
            }
            x += scaled.h_advance(id);
            previous = Some(id);
        }
    }

    fn png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_depth(png::BitDepth::Eight);
            encoder.set_palette(palette());
            encoder.set_compression(png::Compression::Fast);
            // Writing into memory cannot fail, and the size, palette and data agree
            // by construction.
            let written = encoder
                .write_header()
                .and_then(|mut writer| writer.write_image_data(&self.pixels));
            if let Err(error) = written {
                panic!("the preview card could not be encoded: {error}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_is_a_png_of_the_size_open_graph_expects_and_the_same_every_time() {
        let first = card(
            "Cổng thông tin đầu tư khu công nghiệp",
            "Số liệu có nguồn về các khu công nghiệp.",
            "invest.example.org",
        );
        let again = card(
            "Cổng thông tin đầu tư khu công nghiệp",
            "Số liệu có nguồn về các khu công nghiệp.",
            "invest.example.org",
        );
        assert_eq!(first, again);
        let decoder = png::Decoder::new(std::io::Cursor::new(&first));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (WIDTH, HEIGHT));
        // Under 100 KB, so previews load quickly on a phone.
        assert!(first.len() < 100_000, "{} bytes", first.len());
    }

    #[test]
    fn long_titles_wrap_and_end_in_an_ellipsis_within_the_card() {
        let words = "Khu công nghiệp ".repeat(40);
        let lines = wrap(&words, 60.0, 1040.0, 4);
        assert_eq!(lines.len(), 4);
        assert!(lines[3].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|line| measure(line, 60.0) <= 1040.0));
        assert_eq!(wrap("Short title", 60.0, 1040.0, 4), vec!["Short title"]);
    }

    #[test]
    fn text_is_drawn_on_the_card() {
        let blank = card("", "", "");
        let written = card("Title", "", "");
        assert_ne!(blank, written);
    }
}
