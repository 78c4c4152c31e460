//! Horizontal bars: simple, grouped, and a single stacked bar.

use super::blocks::{legend, notes};
use super::format::{format_number, Axis};
use super::svg::*;
use super::{BarChart, GroupedBarChart, NumberFormat, StackedBar};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

const WIDTH: i32 = 440;
const LABEL_FS: f64 = 17.0;
const TICK_FS: f64 = 15.0;
const AXIS_FS: f64 = 16.0;
const MARGIN: i32 = 10;
/// Ticks on a bar chart's value axis.
const BAR_TICKS: usize = 3;

/// The narrowest plot a bar chart keeps between its labels and its values.
const MIN_PLOT: i32 = 150;

/// Horizontal layout shared by the bar charts: label column, plot, values, and the
/// chart's width.
struct Columns {
    label_right: i32,
    plot_x0: i32,
    plot_x1: i32,
    /// The chart's width: [`WIDTH`], or wider when the value texts need it (a value
    /// is never cut: the chart is scaled down to its container instead).
    width: i32,
}

fn columns<'a>(
    labels: impl Iterator<Item = &'a str>,
    values: impl Iterator<Item = &'a str>,
) -> Columns {
    let max_label = labels.map(|l| text_width(l, LABEL_FS)).max().unwrap_or(0);
    let label_w = max_label.clamp(40, WIDTH * 36 / 100);
    // With room for a browser that sets the text a little wider than measured.
    let value_w = values
        .map(|v| text_width(v, LABEL_FS) * 100 / 94)
        .max()
        .unwrap_or(0);
    let label_right = MARGIN + label_w;
    let plot_x0 = label_right + 10;
    let width = WIDTH.max(plot_x0 + MIN_PLOT + 8 + value_w + MARGIN);
    Columns {
        label_right,
        plot_x0,
        plot_x1: width - MARGIN - value_w - 8,
        width,
    }
}

/// Where a bar chart's axis should stop when one value dwarfs the others: when the
/// largest is more than three times the next, the axis ends a little past the next
/// one and the largest bar is cut ([`BarChart::cap`]). `None` when the values are
/// comparable, or too few for one to be an outlier.
pub fn outlier_cap(values: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(|a, b| b.total_cmp(a));
    match sorted.as_slice() {
        [largest, next, _, ..] if *next > 0.0 && *largest > 3.0 * next => Some(next * 1.5),
        _ => None,
    }
}

/// Grid lines from `y0` to `y1`, tick labels and the axis title below `y1`.
/// Returns the fragment and the y below it.
fn value_axis(
    axis: &Axis,
    c: &Columns,
    y0: i32,
    y1: i32,
    title: &str,
    numbers: &NumberFormat,
) -> (String, i32) {
    let ticks: Vec<(i32, String)> = axis
        .ticks
        .iter()
        .map(|t| {
            (
                axis.px(*t, c.plot_x0, c.plot_x1),
                format_number(*t, axis.decimals, numbers),
            )
        })
        .collect();
    let zero = axis.px(0.0, c.plot_x0, c.plot_x1);
    let title_y = y1 + 28;
    let width = c.width;
    let frag = marks(|m| {
        for (x, _) in &ticks {
            if *x != zero {
                m.line(&[(*x, y0), (*x, y1)], GRID, 1);
            }
        }
        m.line(&[(zero, y0), (zero, y1)], MUTED, 1);
        m.line(&[(c.plot_x0, y1), (c.plot_x1, y1)], MUTED, 1);
        for (x, label) in &ticks {
            m.line(&[(*x, y1), (*x, y1 + 4)], MUTED, 1);
            m.text(
                label,
                (*x, y1 + 6),
                TextMark::new(TICK_FS, MUTED, HPos::Center, VPos::Top),
            );
        }
        if !title.is_empty() {
            let t = fit_text(title, AXIS_FS, width - 2 * MARGIN);
            m.text(
                &t,
                ((c.plot_x0 + c.plot_x1) / 2, title_y),
                TextMark::new(AXIS_FS, TEXT, HPos::Center, VPos::Top),
            );
        }
    });
    (frag, title_y + 24)
}

fn wrap(href: &Option<String>, tooltip: &str, body: &str) -> String {
    match href {
        Some(h) if !h.is_empty() => link(h, tooltip, body),
        _ => group(tooltip, body),
    }
}

fn tooltip(label: &str, value_text: &str) -> String {
    if value_text.is_empty() {
        label.to_string()
    } else {
        format!("{label}: {value_text}")
    }
}

/// Horizontal bars in the caller's order; `None` when there is no bar with a
/// finite value. One bar, or all values zero, still draws (axis 0–1).
pub fn bar_chart(chart: &BarChart, numbers: &NumberFormat) -> Option<String> {
    let bars: Vec<_> = chart.bars.iter().filter(|b| b.value.is_finite()).collect();
    if bars.is_empty() {
        return None;
    }
    const ROW: i32 = 30;
    const THICK: i32 = 18;
    let c = columns(
        bars.iter().map(|b| b.label.as_str()),
        bars.iter().map(|b| b.value_text.as_str()),
    );
    // Few ticks: every bar carries its value, and tick labels must not collide at 440 px.
    // A cap keeps an outlier from setting the scale: the axis ends at the cap.
    let cap = chart.cap.filter(|cap| cap.is_finite() && *cap > 0.0);
    let capped = |value: f64| cap.map_or(value, |cap| value.min(cap));
    let axis = Axis::from_values(
        bars.iter().map(|b| capped(b.value)),
        chart.value_max,
        BAR_TICKS,
    );
    let top = MARGIN;
    let rows_bottom = top + ROW * bars.len() as i32;
    let (axis_frag, axis_bottom) =
        value_axis(&axis, &c, top, rows_bottom, &chart.value_axis, numbers);
    let (notes_frag, notes_h) = notes(MARGIN, axis_bottom, c.width - MARGIN, &chart.notes);
    let size = (c.width as u32, (axis_bottom + notes_h) as u32);

    let mut body = background(size);
    body.push_str(&axis_frag);
    body.push_str(&notes_frag);
    let mut has_links = false;
    for (i, b) in bars.iter().enumerate() {
        let y = top + ROW * i as i32 + (ROW - THICK) / 2;
        let x0 = axis.px(0.0, c.plot_x0, c.plot_x1);
        let cut = cap.is_some_and(|cap| b.value > cap);
        let x1 = if cut {
            c.plot_x1
        } else {
            axis.px(b.value, c.plot_x0, c.plot_x1)
        };
        let label = fit_text(&b.label, LABEL_FS, c.label_right - MARGIN);
        let row = marks(|m| {
            m.text(
                &label,
                (c.label_right, y + THICK / 2),
                TextMark::new(LABEL_FS, TEXT, HPos::Right, VPos::Center),
            );
            if x1 != x0 {
                draw_box(m, x0, y, x1, y + THICK, PALETTE[0], Fill::Solid);
            }
            if cut {
                // A break mark: two white slashes across the bar near its end.
                for offset in [18, 12] {
                    let x = x1 - offset;
                    m.line(&[(x - 3, y + THICK + 2), (x + 3, y - 2)], BACKGROUND, 2);
                }
            }
            m.text(
                &b.value_text,
                (x0.max(x1) + 6, y + THICK / 2),
                TextMark::new(LABEL_FS, TEXT, HPos::Left, VPos::Center),
            );
        });
        has_links |= b.href.as_deref().is_some_and(|h| !h.is_empty());
        body.push_str(&wrap(&b.href, &tooltip(&b.label, &b.value_text), &row));
    }
    Some(document(
        &chart.id,
        &chart.title,
        &chart.description,
        size,
        has_links,
        &body,
    ))
}

/// Grouped horizontal bars with a legend; `None` when no group has a value.
pub fn grouped_bar_chart(chart: &GroupedBarChart, numbers: &NumberFormat) -> Option<String> {
    let k = chart.series.len().max(
        chart
            .groups
            .iter()
            .map(|g| g.values.len())
            .max()
            .unwrap_or(0),
    );
    let any_value = chart
        .groups
        .iter()
        .any(|g| g.values.iter().any(|v| v.value.is_some_and(f64::is_finite)));
    if k == 0 || !any_value {
        return None;
    }
    const THICK: i32 = 14;
    const GAP: i32 = 3;
    const PAD: i32 = 14;
    let group_h = k as i32 * THICK + (k as i32 - 1) * GAP + PAD;
    let c = columns(
        chart.groups.iter().map(|g| g.label.as_str()),
        chart
            .groups
            .iter()
            .flat_map(|g| g.values.iter().map(|v| v.value_text.as_str())),
    );
    let axis = Axis::from_values(
        chart
            .groups
            .iter()
            .flat_map(|g| g.values.iter().filter_map(|v| v.value)),
        chart.value_max,
        BAR_TICKS,
    );
    let entries: Vec<(String, RGBColor, Fill)> = (0..k)
        .map(|i| {
            let (color, fill) = series_style(i);
            (
                chart.series.get(i).cloned().unwrap_or_default(),
                color,
                fill,
            )
        })
        .collect();
    let (legend_frag, legend_h) = legend(MARGIN, MARGIN, c.width - MARGIN, &entries);
    let top = MARGIN + legend_h + 6;
    let rows_bottom = top + group_h * chart.groups.len() as i32;
    let (axis_frag, bottom) = value_axis(&axis, &c, top, rows_bottom, &chart.value_axis, numbers);
    let size = (c.width as u32, bottom as u32);

    let mut body = background(size);
    body.push_str(&legend_frag);
    body.push_str(&axis_frag);
    let mut has_links = false;
    let x0 = axis.px(0.0, c.plot_x0, c.plot_x1);
    for (gi, g) in chart.groups.iter().enumerate() {
        let gy = top + group_h * gi as i32 + PAD / 2;
        let label = fit_text(&g.label, LABEL_FS, c.label_right - MARGIN);
        let inner_h = group_h - PAD;
        let frag = marks(|m| {
            m.text(
                &label,
                (c.label_right, gy + inner_h / 2),
                TextMark::new(LABEL_FS, TEXT, HPos::Right, VPos::Center),
            );
            for (si, v) in g.values.iter().enumerate().take(k) {
                let y = gy + si as i32 * (THICK + GAP);
                let (color, fill) = series_style(si);
                match v.value.filter(|x| x.is_finite()) {
                    Some(val) => {
                        let x1 = axis.px(val, c.plot_x0, c.plot_x1);
                        if x1 != x0 {
                            draw_box(m, x0, y, x1, y + THICK, color, fill);
                        }
                        m.text(
                            &v.value_text,
                            (x0.max(x1) + 6, y + THICK / 2),
                            TextMark::new(TICK_FS, TEXT, HPos::Left, VPos::Center),
                        );
                    }
                    None => {
                        m.text(
                            &v.value_text,
                            (x0 + 6, y + THICK / 2),
                            TextMark::new(TICK_FS, MUTED, HPos::Left, VPos::Center),
                        );
                    }
                }
            }
        });
        let tip = std::iter::once(g.label.clone())
            .chain(g.values.iter().enumerate().map(|(i, v)| {
                tooltip(
                    chart.series.get(i).map(String::as_str).unwrap_or(""),
                    &v.value_text,
                )
            }))
            .collect::<Vec<_>>()
            .join("; ");
        has_links |= g.href.as_deref().is_some_and(|h| !h.is_empty());
        body.push_str(&wrap(&g.href, &tip, &frag));
    }
    Some(document(
        &chart.id,
        &chart.title,
        &chart.description,
        size,
        has_links,
        &body,
    ))
}

/// One bar split into segments (in the given order) with a legend that names
/// each segment and its value. `None` when no segment has a positive finite
/// value (the total would be zero).
pub fn stacked_bar(chart: &StackedBar, _numbers: &NumberFormat) -> Option<String> {
    let total: f64 = chart
        .segments
        .iter()
        .map(|s| s.value)
        .filter(|v| v.is_finite() && *v > 0.0)
        .sum();
    if total.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return None;
    }
    const THICK: i32 = 36;
    let total_w = if chart.total_text.is_empty() {
        0
    } else {
        text_width(&chart.total_text, LABEL_FS) + 10
    };
    let x0 = MARGIN;
    let x1 = WIDTH - MARGIN - total_w;
    let y0 = MARGIN;
    let mut cum = 0.0;
    let mut spans = Vec::new();
    for (i, s) in chart.segments.iter().enumerate() {
        let v = if s.value.is_finite() && s.value > 0.0 {
            s.value
        } else {
            0.0
        };
        let a = x0 + ((cum / total) * (x1 - x0) as f64).round() as i32;
        cum += v;
        let b = x0 + ((cum / total) * (x1 - x0) as f64).round() as i32;
        spans.push((i, a, b));
    }
    let entries: Vec<(String, RGBColor, Fill)> = chart
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (color, fill) = series_style(i);
            (tooltip(&s.label, &s.value_text), color, fill)
        })
        .collect();
    let (legend_frag, legend_h) = legend(MARGIN, y0 + THICK + 14, WIDTH - MARGIN, &entries);
    let legend_bottom = y0 + THICK + 14 + legend_h;
    let (notes_frag, notes_h) = notes(MARGIN, legend_bottom, WIDTH - MARGIN, &chart.notes);
    let size = (WIDTH as u32, (legend_bottom + notes_h + MARGIN) as u32);

    let mut body = background(size);
    for (i, a, b) in &spans {
        if b > a {
            let s = &chart.segments[*i];
            let (color, fill) = series_style(*i);
            let frag = marks(|m| draw_box(m, *a, y0, *b, y0 + THICK, color, fill));
            body.push_str(&group(&tooltip(&s.label, &s.value_text), &frag));
        }
    }
    body.push_str(&marks(|m| {
        // White separators between segments.
        for (_, _, b) in spans.iter().take(spans.len().saturating_sub(1)) {
            if *b > x0 && *b < x1 {
                m.line(&[(*b, y0), (*b, y0 + THICK)], BACKGROUND, 2);
            }
        }
        if !chart.total_text.is_empty() {
            m.text(
                &chart.total_text,
                (x1 + 10, y0 + THICK / 2),
                TextMark::new(LABEL_FS, TEXT, HPos::Left, VPos::Center),
            );
        }
    }));
    body.push_str(&legend_frag);
    body.push_str(&notes_frag);
    Some(document(
        &chart.id,
        &chart.title,
        &chart.description,
        size,
        false,
        &body,
    ))
}
