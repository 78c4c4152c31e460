//! Locale number formatting and "nice" axis ticks. Pure arithmetic, no
//! locale database: the caller says which characters its language uses.

/// Decimal and grouping characters of a page's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberFormat {
    /// Decimal separator.
    pub decimal: char,
    /// Thousands separator.
    pub group: char,
}

impl NumberFormat {
    /// Vietnamese: `1.234,5`.
    pub const VI: NumberFormat = NumberFormat {
        decimal: ',',
        group: '.',
    };
    /// English: `1,234.5`.
    pub const EN: NumberFormat = NumberFormat {
        decimal: '.',
        group: ',',
    };
}

/// Formats `value` with exactly `decimals` decimals, grouping thousands.
/// Deterministic: uses Rust's correctly rounded `{:.N}` formatting.
/// Non-finite values give an empty string.
pub fn format_number(value: f64, decimals: usize, numbers: &NumberFormat) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let plain = crate::i18n::fixed_point(value.abs(), decimals);
    let (int_part, frac_part) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain.as_str(), None),
    };
    let mut out = String::new();
    let negative = value < 0.0 && plain.chars().any(|c| c.is_ascii_digit() && c != '0');
    if negative {
        out.push('-');
    }
    let digits: Vec<char> = int_part.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        // `% 3 == 0` rather than `is_multiple_of`: the crate supports Rust 1.85.
        #[allow(clippy::manual_is_multiple_of)]
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(numbers.group);
        }
        out.push(*c);
    }
    if let Some(f) = frac_part {
        out.push(numbers.decimal);
        out.push_str(f);
    }
    out
}

/// A linear axis: domain `[lo, hi]` and tick values at a "nice" step.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    pub decimals: usize,
}

impl Axis {
    /// An axis that always contains zero (bars and columns start at zero).
    /// A zero range (all values equal to zero) gives `[0, 1]`.
    pub fn from_values(
        values: impl Iterator<Item = f64>,
        max_hint: Option<f64>,
        target_ticks: usize,
    ) -> Axis {
        let mut lo = 0.0f64;
        let mut hi = 0.0f64;
        for v in values.filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if let Some(m) = max_hint.filter(|m| m.is_finite() && *m > 0.0) {
            hi = hi.max(m);
        }
        if hi - lo <= 0.0 {
            hi = 1.0;
        }
        let step = nice_step((hi - lo) / target_ticks.max(1) as f64);
        let first = (lo / step).floor() as i64;
        let last = (hi / step).ceil() as i64;
        let ticks: Vec<f64> = (first..=last).map(|k| k as f64 * step).collect();
        let decimals = step_decimals(step);
        Axis {
            lo: first as f64 * step,
            hi: last as f64 * step,
            ticks,
            decimals,
        }
    }

    /// Maps `v` onto `[from, to]` (pixels), rounded to whole pixels.
    pub fn px(&self, v: f64, from: i32, to: i32) -> i32 {
        let t = (v - self.lo) / (self.hi - self.lo);
        (from as f64 + t * (to - from) as f64).round() as i32
    }
}

fn nice_step(raw: f64) -> f64 {
    let raw = if raw > 0.0 && raw.is_finite() {
        raw
    } else {
        1.0
    };
    let mag = 10f64.powi(raw.log10().floor() as i32);
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn step_decimals(step: f64) -> usize {
    for d in 0..10usize {
        let scaled = step * 10f64.powi(d as i32);
        if (scaled - scaled.round()).abs() < 1e-9 * scaled.abs().max(1.0) {
            return d;
        }
    }
    10
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_both_locales() {
        assert_eq!(
            format_number(1234567.891, 2, &NumberFormat::VI),
            "1.234.567,89"
        );
        assert_eq!(
            format_number(1234567.891, 2, &NumberFormat::EN),
            "1,234,567.89"
        );
        assert_eq!(format_number(57.87, 1, &NumberFormat::VI), "57,9");
        assert_eq!(format_number(-0.001, 1, &NumberFormat::EN), "0.0");
        assert_eq!(format_number(-1500.0, 0, &NumberFormat::EN), "-1,500");
        assert_eq!(format_number(999.0, 0, &NumberFormat::VI), "999");
        assert_eq!(format_number(f64::NAN, 0, &NumberFormat::VI), "");
    }

    #[test]
    fn axis_zero_range_and_ticks() {
        let a = Axis::from_values([0.0, 0.0].into_iter(), None, 5);
        assert_eq!((a.lo, a.hi), (0.0, 1.0));
        let a = Axis::from_values([57.87, 91.2].into_iter(), Some(100.0), 5);
        assert_eq!(a.ticks, vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(a.decimals, 0);
        let a = Axis::from_values([0.3].into_iter(), None, 5);
        assert_eq!(a.decimals, 1); // step 0.1
        let a = Axis::from_values([-5.0, 10.0].into_iter(), None, 5);
        assert!(a.lo <= -5.0 && a.hi >= 10.0 && a.ticks.contains(&0.0));
    }
}
