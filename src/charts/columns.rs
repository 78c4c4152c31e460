//! Vertical columns over periods, with value labels.

use super::blocks::notes;
use super::format::{format_number, Axis};
use super::svg::*;
use super::{ColumnChart, NumberFormat};
use plotters::style::text_anchor::{HPos, VPos};

const WIDTH: i32 = 440;
const PLOT_H: i32 = 240;
const MARGIN: i32 = 10;
const LABEL_FS: f64 = 16.0;
const TICK_FS: f64 = 15.0;
const AXIS_FS: f64 = 16.0;

/// Columns in the caller's order (periods, oldest first). `None` when no
/// column has a finite value. A single column or a zero range still draws;
/// a column whose value is `None` shows its `value_text` at the baseline.
/// Value and period labels turn vertical when they do not fit their column.
pub fn column_chart(chart: &ColumnChart, numbers: &NumberFormat) -> Option<String> {
    if !chart
        .columns
        .iter()
        .any(|c| c.value.is_some_and(f64::is_finite))
    {
        return None;
    }
    let n = chart.columns.len() as i32;
    let axis = Axis::from_values(chart.columns.iter().filter_map(|c| c.value), None, 5);
    let ticks: Vec<(f64, String)> = axis
        .ticks
        .iter()
        .map(|t| (*t, format_number(*t, axis.decimals, numbers)))
        .collect();
    let tick_w = ticks
        .iter()
        .map(|(_, s)| text_width(s, TICK_FS))
        .max()
        .unwrap_or(0);
    let axis_title_w = if chart.value_axis.is_empty() { 0 } else { 20 };
    let plot_x0 = MARGIN + axis_title_w + tick_w + 10;
    let plot_x1 = WIDTH - MARGIN;
    let slot = (plot_x1 - plot_x0) / n.max(1);
    let col_w = (slot * 6 / 10).clamp(4, 64);

    // Each text measured once (measuring is most of what is left of a chart's cost).
    let value_widths: Vec<i32> = chart
        .columns
        .iter()
        .map(|c| text_width(&c.value_text, LABEL_FS))
        .collect();
    let label_widths: Vec<i32> = chart
        .columns
        .iter()
        .map(|c| text_width(&c.label, LABEL_FS))
        .collect();
    let values_fit = value_widths.iter().all(|w| *w <= slot - 4);
    let max_value_w = value_widths.iter().copied().max().unwrap_or(0);
    let labels_fit = label_widths.iter().all(|w| *w <= slot - 4);
    let max_label_w = label_widths.iter().copied().max().unwrap_or(0).min(160);

    let plot_y0 = MARGIN + if values_fit { 22 } else { max_value_w + 8 };
    let plot_y1 = plot_y0 + PLOT_H;
    let label_h = if labels_fit { 24 } else { max_label_w + 12 };
    let (notes_frag, notes_h) = notes(MARGIN, plot_y1 + label_h, WIDTH - MARGIN, &chart.notes);
    let size = (WIDTH as u32, (plot_y1 + label_h + notes_h + MARGIN) as u32);
    let y_of = |v: f64| axis.px(v, plot_y1, plot_y0);
    let zero = y_of(0.0);

    let mut body = background(size);
    body.push_str(&notes_frag);
    body.push_str(&marks(|m| {
        for (t, label) in &ticks {
            let y = y_of(*t);
            let color = if *t == 0.0 { MUTED } else { GRID };
            m.line(&[(plot_x0, y), (plot_x1, y)], color, 1);
            m.text(
                label,
                (plot_x0 - 6, y),
                TextMark::new(TICK_FS, MUTED, HPos::Right, VPos::Center),
            );
        }
        m.line(&[(plot_x0, plot_y0), (plot_x0, plot_y1)], MUTED, 1);
        if !chart.value_axis.is_empty() {
            let t = fit_text(&chart.value_axis, AXIS_FS, PLOT_H + plot_y0 - MARGIN);
            m.text(
                &t,
                (MARGIN + 4, (plot_y0 + plot_y1) / 2),
                TextMark::new(AXIS_FS, TEXT, HPos::Center, VPos::Center).rotated(),
            );
        }
    }));
    for (i, c) in chart.columns.iter().enumerate() {
        let cx = plot_x0 + slot * i as i32 + slot / 2;
        let label = if label_widths[i] <= 160 {
            c.label.clone()
        } else {
            fit_text(&c.label, LABEL_FS, 160)
        };
        let frag = marks(|m| {
            match c.value.filter(|v| v.is_finite()) {
                Some(v) => {
                    let y = y_of(v);
                    if y != zero {
                        draw_box(
                            m,
                            cx - col_w / 2,
                            y.min(zero),
                            cx + col_w / 2,
                            y.max(zero),
                            PALETTE[0],
                            Fill::Solid,
                        );
                    }
                    let top = y.min(zero);
                    if values_fit {
                        m.text(
                            &c.value_text,
                            (cx, top - 4),
                            TextMark::new(LABEL_FS, TEXT, HPos::Center, VPos::Bottom),
                        );
                    } else {
                        m.text(
                            &c.value_text,
                            (cx, top - 4),
                            TextMark::new(LABEL_FS, TEXT, HPos::Left, VPos::Center).rotated(),
                        );
                    }
                }
                None => {
                    if values_fit {
                        m.text(
                            &c.value_text,
                            (cx, zero - 4),
                            TextMark::new(LABEL_FS, MUTED, HPos::Center, VPos::Bottom),
                        );
                    } else {
                        m.text(
                            &c.value_text,
                            (cx, zero - 4),
                            TextMark::new(LABEL_FS, MUTED, HPos::Left, VPos::Center).rotated(),
                        );
                    }
                }
            }
            if labels_fit {
                m.text(
                    &label,
                    (cx, plot_y1 + 6),
                    TextMark::new(LABEL_FS, TEXT, HPos::Center, VPos::Top),
                );
            } else {
                m.text(
                    &label,
                    (cx, plot_y1 + 6),
                    TextMark::new(LABEL_FS, TEXT, HPos::Right, VPos::Center).rotated(),
                );
            }
        });
        let tip = if c.value_text.is_empty() {
            c.label.clone()
        } else {
            format!("{}: {}", c.label, c.value_text)
        };
        body.push_str(&group(&tip, &frag));
    }
    Some(document(
        &chart.id,
        &chart.title,
        &chart.description,
        size,
        false,
        &body,
    ))
}
