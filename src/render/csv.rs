//! `/data/<kind>.csv`: the newest value of each figure of each record, one row a
//! record, for spreadsheets, and the rows written so that spreadsheets read them
//! safely.
//!
//! Every text has a column per language (`name_vi`, `name_en`, `power_en`,
//! `occupancy_scope_en`): an English reader never gets Vietnamese text under an
//! English heading, and a language without its own text gets an empty cell. A figure's
//! number stands alone in its column (a range in `_min` and `_max`), with what a
//! reader needs to trust it beside it: unit, qualifier ("over"), scope ("phase 1 of
//! 5"), source id and web address, and the date it was true.
//!
//! A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to
//! Excel and LibreOffice, so a park named `=HYPERLINK(...)` would run in the reader's
//! spreadsheet: such a cell gets a leading `'` (as OWASP recommends for CSV injection),
//! which spreadsheets show as text and hide. A cell that is a plain number (`-12.5`,
//! `714`) stays as it is: it cannot call anything.

use crate::content::model::{Entry, Kind, PartialDate, Record, Site, Text, Value};
use crate::content::schema::{Fact, ValueType};

/// The facts of `kind` that open data publishes, each with its columns.
fn open_facts(site: &Site, kind: Kind) -> Vec<Columns<'_>> {
    site.schema
        .of(kind)
        .facts
        .iter()
        .filter(|fact| fact.uses.open_data)
        .map(Columns::of)
        .collect()
}

/// The start of the CSV of the records of one kind: a byte order mark, so
/// spreadsheet programs read the Vietnamese names as UTF-8, and the header row.
/// The records follow one row each ([`row`]), so a portal of 10,000 parks never
/// holds the whole file.
pub(super) fn header(site: &Site, kind: Kind) -> String {
    let languages = &site.config.languages;
    let mut header: Vec<String> = vec!["slug".into()];
    header.extend(languages.iter().map(|code| format!("name_{code}")));
    header.extend(["status", "zone", "sectors"].map(String::from));
    for columns in &open_facts(site, kind) {
        header.extend(columns.names(languages));
    }
    let mut out = String::from("\u{feff}");
    push_row(&mut out, &header);
    out
}

/// The row of one record, under [`header`].
pub(super) fn row(site: &Site, record: &Record) -> String {
    let languages = &site.config.languages;
    let mut row: Vec<String> = vec![record.slug.clone()];
    row.extend(in_languages(&record.name, languages));
    row.push(record.status.clone().unwrap_or_default());
    row.push(record.zone.clone().unwrap_or_default());
    row.push(record.sectors.join(";"));
    for columns in &open_facts(site, record.kind) {
        let entry = record
            .fact(&columns.fact.key)
            .and_then(|figure| figure.current());
        row.extend(columns.cells(site, entry));
    }
    let mut out = String::new();
    push_row(&mut out, &row);
    out
}

/// A text in each language of `languages`, in their order; empty where a language
/// has none of its own (open data never passes one language's text off as another's).
fn in_languages(text: &Text, languages: &[String]) -> Vec<String> {
    languages
        .iter()
        .map(|code| text.get(code).unwrap_or_default().to_string())
        .collect()
}

/// The columns of one fact, which depend on the values its schema allows.
struct Columns<'s> {
    fact: &'s Fact,
    /// `_min` and `_max` for a range.
    range: bool,
    /// A column per language for a value in words.
    text: bool,
    /// Year, month and day of a value that is a date.
    date: bool,
}

impl<'s> Columns<'s> {
    fn of(fact: &'s Fact) -> Columns<'s> {
        Columns {
            fact,
            range: fact.takes(ValueType::Range),
            text: fact.takes(ValueType::Text),
            date: fact.takes(ValueType::Date),
        }
    }

    /// How many columns [`Columns::names`] gives, without making the names: a row
    /// without the fact fills that many empty cells.
    fn width(&self, languages: usize) -> usize {
        1 + 2 * usize::from(self.range)
            + languages * usize::from(self.text)
            + VALUE_DATE_COLUMNS.len() * usize::from(self.date)
            + 2
            + languages
            + 2
            + DATE_COLUMNS.len()
            + usize::from(self.fact.target)
    }

    fn names(&self, languages: &[String]) -> Vec<String> {
        let key = &self.fact.key;
        let mut names = vec![key.clone()];
        if self.range {
            names.extend(["_min", "_max"].map(|suffix| format!("{key}{suffix}")));
        }
        if self.text {
            names.extend(languages.iter().map(|code| format!("{key}_{code}")));
        }
        if self.date {
            names.extend(VALUE_DATE_COLUMNS.map(|suffix| format!("{key}{suffix}")));
        }
        names.extend(["_unit", "_qualifier"].map(|suffix| format!("{key}{suffix}")));
        names.extend(languages.iter().map(|code| format!("{key}_scope_{code}")));
        names.extend(["_source", "_source_url"].map(|suffix| format!("{key}{suffix}")));
        names.extend(DATE_COLUMNS.map(|suffix| format!("{key}{suffix}")));
        if self.fact.target {
            names.push(format!("{key}_target_year"));
        }
        names
    }

    /// The cells of `entry` (the newest value), or empty ones.
    fn cells(&self, site: &Site, entry: Option<&Entry>) -> Vec<String> {
        let languages = &site.config.languages;
        let Some(entry) = entry else {
            return vec![String::new(); self.width(languages.len())];
        };
        let mut cells = vec![match &entry.value {
            Value::Number { value, .. } => value.to_string(),
            // In the columns beside it: a spreadsheet reads each as what it is.
            Value::Range { .. } | Value::Date(_) | Value::Text(_) => String::new(),
        }];
        if self.range {
            match &entry.value {
                Value::Range { low, high, .. } => {
                    cells.extend([low.to_string(), high.to_string()]);
                }
                _ => cells.extend([String::new(), String::new()]),
            }
        }
        if self.text {
            match &entry.value {
                Value::Text(text) => {
                    cells.extend(in_languages(text, languages));
                }
                _ => cells.extend(languages.iter().map(|_| String::new())),
            }
        }
        if self.date {
            match &entry.value {
                Value::Date(date) => cells.extend(date_cells(Some(date))),
                _ => cells.extend(date_cells(None)),
            }
        }
        cells.push(entry.unit.clone().unwrap_or_default());
        cells.push(
            entry
                .qualifier
                .map(|q| format!("{q:?}").to_lowercase())
                .unwrap_or_default(),
        );
        match &entry.scope {
            Some(scope) => cells.extend(in_languages(scope, languages)),
            None => cells.extend(languages.iter().map(|_| String::new())),
        }
        cells.push(entry.source.clone().unwrap_or_default());
        cells.push(
            entry
                .source
                .as_deref()
                .and_then(|id| site.source(id))
                .and_then(|source| source.url.clone())
                .unwrap_or_default(),
        );
        cells.extend(date_cells(entry.as_of.as_ref()));
        if self.fact.target {
            cells.push(
                entry
                    .target_year
                    .map(|year| year.to_string())
                    .unwrap_or_default(),
            );
        }
        cells
    }
}

/// The columns a figure's date is split into in CSV files.
const DATE_COLUMNS: [&str; 3] = ["_as_of_year", "_as_of_month", "_as_of_day"];

/// The columns a value that is a date (`established: 2018-08-06`) is split into.
const VALUE_DATE_COLUMNS: [&str; 3] = ["_year", "_month", "_day"];

/// A date as year, month and day cells, empty where the source gives no month or day.
/// One column holding `2025`, `2025-11` and `2025-11-03` would be read by spreadsheets
/// as a number, a date on the first of the month and a date: the parts keep one
/// format per column and invent nothing.
fn date_cells(date: Option<&PartialDate>) -> [String; 3] {
    let Some(date) = date else {
        return Default::default();
    };
    [
        date.year.to_string(),
        date.month
            .map(|month| month.to_string())
            .unwrap_or_default(),
        date.day.map(|day| day.to_string()).unwrap_or_default(),
    ]
}

/// Writes one row: cells separated by commas, quoted when they hold a comma, a quote
/// or a line break (RFC 4180), each neutralised first.
pub(super) fn push_row(out: &mut String, cells: &[String]) {
    for (index, cell) in cells.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        let cell = neutralised(cell);
        if cell.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&cell);
        }
    }
    out.push_str("\r\n");
}

/// `cell`, with a leading `'` if a spreadsheet would read it as a formula.
fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    // A number as Rust writes or reads one (digits, sign, point, exponent) is a
    // number to a spreadsheet too: negative figures keep their sign.
    if formula && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_row_has_as_many_cells_as_the_header_has_columns() {
        let languages = ["vi".to_string(), "en".to_string(), "ja".to_string()];
        let schema = crate::content::schema::read(None, &languages, &mut Vec::new());
        let mut seen = 0;
        for kind in Kind::ALL {
            for fact in &schema.of(kind).facts {
                let columns = Columns::of(fact);
                assert_eq!(
                    columns.width(languages.len()),
                    columns.names(&languages).len(),
                    "{}",
                    fact.key
                );
                seen += 1;
            }
        }
        assert!(seen > 10, "the built-in schema has facts to check");
    }

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        let cells = [
            "=HYPERLINK(\"http://x\",\"a, b\")",
            "+1+1",
            "-1+cmd|' /C calc'!A0",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "plain",
            "-12.5",
            "714",
            "",
        ]
        .map(String::from);
        let mut out = String::new();
        push_row(&mut out, &cells);
        assert_eq!(
            out,
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\",'+1+1,'-1+cmd|' /C calc'!A0,\
             '@SUM(A1),'\tx,\"'\rx\",plain,-12.5,714,\r\n"
        );
    }
}
