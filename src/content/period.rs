//! The period a flow figure covers (`period:` of a figure): a year, a half, a quarter, a
//! month, a run of months or of years, parsed from the codes content files use
//! (`2023`, `2023-H1`, `2024-Q1`, `2023-07`, `2023-01/2023-10`, `2020-2025`), and said in
//! a language's words ("Q1 2024" / "Quý I/2024", "first 10 months of 2023" / "10 tháng
//! đầu năm 2023"). Its length decides what a chart may put side by side: a full year
//! is never drawn next to ten months or a quarter.

use crate::i18n::Translations;

/// A parsed period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// A calendar year: `2023`.
    Year(u16),
    /// A half year, 1 or 2: `2023-H1`.
    Half(u16, u8),
    /// A quarter, 1 to 4: `2024-Q1`.
    Quarter(u16, u8),
    /// A month: `2023-07`.
    Month(u16, u8),
    /// A run of months, both ends included: `2023-01/2023-10`.
    Months {
        /// First month (year, month).
        from: (u16, u8),
        /// Last month (year, month).
        to: (u16, u8),
    },
    /// A run of years, as sources give them: `2020-2025` ("the 2020–2025 period").
    Years(u16, u16),
}

impl Period {
    /// Reads a period code; `None` for anything else (shown as written, never charted
    /// beside others).
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        if let Some((from, to)) = text.split_once('/') {
            let from = year_month(from)?;
            let to = year_month(to)?;
            return (from < to).then_some(Period::Months { from, to });
        }
        let (year, rest) = match text.split_once('-') {
            Some((year, rest)) => (year, Some(rest)),
            None => (text, None),
        };
        let year = four_digit_year(year)?;
        let Some(rest) = rest else {
            return Some(Period::Year(year));
        };
        let number = |digits: &str, max: u8| {
            digits
                .parse::<u8>()
                .ok()
                .filter(|n| (1..=max).contains(n) && !digits.starts_with('+'))
        };
        if let Some(half) = rest.strip_prefix('H') {
            return Some(Period::Half(year, number(half, 2)?));
        }
        if let Some(quarter) = rest.strip_prefix('Q') {
            return Some(Period::Quarter(year, number(quarter, 4)?));
        }
        if rest.len() == 2 {
            return Some(Period::Month(year, number(rest, 12)?));
        }
        let end = four_digit_year(rest)?;
        (end > year).then_some(Period::Years(year, end))
    }

    /// How many months it covers: periods of the same length can stand side by side.
    pub fn months(self) -> u32 {
        match self {
            Period::Year(_) => 12,
            Period::Half(..) => 6,
            Period::Quarter(..) => 3,
            Period::Month(..) => 1,
            Period::Months { from, to } => {
                (u32::from(to.0) * 12 + u32::from(to.1))
                    - (u32::from(from.0) * 12 + u32::from(from.1))
                    + 1
            }
            Period::Years(from, to) => u32::from(to - from) * 12,
        }
    }

    /// Where it ends, for ordering periods in time: (year, last month).
    pub fn end(self) -> (u16, u8) {
        match self {
            Period::Year(year) | Period::Years(_, year) => (year, 12),
            Period::Half(year, half) => (year, half * 6),
            Period::Quarter(year, quarter) => (year, quarter * 3),
            Period::Month(year, month) => (year, month),
            Period::Months { to, .. } => to,
        }
    }

    /// The period in `code`'s words, from its texts under `period.` (`period.quarter`:
    /// "Q{quarter} {year}"; placeholders `{year}`, `{quarter}`, `{roman}`, `{count}`,
    /// `{from}`, `{to}`, `{month}`).
    pub fn show(self, translations: &Translations, code: &str) -> String {
        let text = |key: &str| translations.get(code, key).to_string();
        let month = |(year, month): (u16, u8)| translations.date(code, year, Some(month), None);
        match self {
            Period::Year(year) => text("period.year").replace("{year}", &year.to_string()),
            Period::Half(year, half) => {
                text(&format!("period.half_{half}")).replace("{year}", &year.to_string())
            }
            Period::Quarter(year, quarter) => text("period.quarter")
                .replace("{year}", &year.to_string())
                .replace("{quarter}", &quarter.to_string())
                .replace(
                    "{roman}",
                    ["I", "II", "III", "IV"][usize::from(quarter - 1)],
                ),
            Period::Month(year, number) => month((year, number)),
            Period::Months { from, to } if from.0 == to.0 && from.1 == 1 => {
                text("period.months_of_year")
                    .replace("{count}", &self.months().to_string())
                    .replace("{year}", &from.0.to_string())
            }
            Period::Months { from, to } => text("period.months")
                .replace("{from}", &month(from))
                .replace("{to}", &month(to)),
            Period::Years(from, to) => text("period.years")
                .replace("{from}", &from.to_string())
                .replace("{to}", &to.to_string()),
        }
    }
}

/// A period code in `code`'s words, or as written when it is not one halong reads.
pub fn show(period: &str, translations: &Translations, code: &str) -> String {
    Period::parse(period).map_or_else(
        || period.to_string(),
        |parsed| parsed.show(translations, code),
    )
}

fn four_digit_year(text: &str) -> Option<u16> {
    (text.len() == 4 && text.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn year_month(text: &str) -> Option<(u16, u8)> {
    let (year, month) = text.split_once('-')?;
    let month: u8 = (month.len() == 2 && month.bytes().all(|b| b.is_ascii_digit()))
        .then(|| month.parse().ok())
        .flatten()?;
    ((1..=12).contains(&month)).then_some((four_digit_year(year)?, month))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_into_periods_of_known_length() {
        let cases = [
            ("2023", Some(Period::Year(2023)), 12),
            ("2023-H1", Some(Period::Half(2023, 1)), 6),
            ("2024-Q1", Some(Period::Quarter(2024, 1)), 3),
            ("2023-07", Some(Period::Month(2023, 7)), 1),
            (
                "2023-01/2023-10",
                Some(Period::Months {
                    from: (2023, 1),
                    to: (2023, 10),
                }),
                10,
            ),
            ("2020-2025", Some(Period::Years(2020, 2025)), 60),
        ];
        for (code, period, months) in cases {
            assert_eq!(Period::parse(code), period, "{code}");
            assert_eq!(period.unwrap().months(), months, "{code}");
        }
        for bad in [
            "",
            "23",
            "2023-Q5",
            "2023-H0",
            "2023-13",
            "2023-10/2023-01",
            "2025-2020",
            "2023-+1",
            "Q1 2024",
            "2023-1",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad:?} is not a period");
        }
    }

    #[test]
    fn periods_are_said_in_each_language_never_as_codes() {
        let language = |code: &str, month_date: &str, months: &[&str], texts: &[(&str, &str)]| {
            crate::i18n::Language {
                code: code.into(),
                strings: texts
                    .iter()
                    .map(|(key, text)| (format!("period.{key}"), text.to_string()))
                    .collect(),
                locale: crate::i18n::Locale {
                    month_date: month_date.into(),
                    months: months.iter().map(|name| name.to_string()).collect(),
                    ..Default::default()
                },
                borrowed: Default::default(),
            }
        };
        let months = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let translations = Translations {
            languages: vec![
                language(
                    "en",
                    "{month_name} {year}",
                    &months,
                    &[
                        ("year", "{year}"),
                        ("half_1", "first half of {year}"),
                        ("quarter", "Q{quarter} {year}"),
                        ("months_of_year", "first {count} months of {year}"),
                        ("months", "{from} to {to}"),
                        ("years", "{from}–{to}"),
                    ],
                ),
                language(
                    "vi",
                    "tháng {month}/{year}",
                    &[],
                    &[
                        ("year", "năm {year}"),
                        ("half_1", "6 tháng đầu năm {year}"),
                        ("quarter", "Quý {roman}/{year}"),
                        ("months_of_year", "{count} tháng đầu năm {year}"),
                        ("months", "từ {from} đến {to}"),
                        ("years", "giai đoạn {from}–{to}"),
                    ],
                ),
            ],
        };
        let said = |code: &str, language: &str| show(code, &translations, language);
        assert_eq!(said("2024-Q1", "en"), "Q1 2024");
        assert_eq!(said("2024-Q1", "vi"), "Quý I/2024");
        assert_eq!(said("2023-01/2023-10", "en"), "first 10 months of 2023");
        assert_eq!(said("2023-01/2023-10", "vi"), "10 tháng đầu năm 2023");
        assert_eq!(said("2023-03/2023-10", "en"), "March 2023 to October 2023");
        assert_eq!(said("2023-H1", "vi"), "6 tháng đầu năm 2023");
        assert_eq!(said("2020-2025", "vi"), "giai đoạn 2020–2025");
        assert_eq!(said("2023", "en"), "2023");
        assert_eq!(
            said("around 2023", "en"),
            "around 2023",
            "unknown codes as written"
        );
    }
}
