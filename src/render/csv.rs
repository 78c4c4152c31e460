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

/// The row of one record, under [`header`]: written cell by cell into one string
/// (a portal of 10,000 parks writes 10,000 rows of a few hundred cells).
pub(super) fn row(site: &Site, record: &Record) -> String {
    let languages = &site.config.languages;
    let mut row = Row {
        // About what a park's row takes: it seldom grows.
        out: String::with_capacity(512),
        cells: 0,
    };
    row.cell(&record.slug);
    row.in_languages(&record.name, languages);
    row.cell(record.status.as_deref().unwrap_or_default());
    row.cell(record.zone.as_deref().unwrap_or_default());
    row.cell(&record.sectors.join(";"));
    for columns in &open_facts(site, record.kind) {
        let entry = record
            .fact(&columns.fact.key)
            .and_then(|figure| figure.current());
        columns.cells(site, entry, &mut row);
    }
    row.end()
}

/// A row being written: cells separated by commas, each neutralised first and quoted
/// when it holds a comma, a quote or a line break (RFC 4180).
#[derive(Default)]
struct Row {
    out: String,
    cells: usize,
}

impl Row {
    fn cell(&mut self, cell: &str) {
        self.separate();
        let cell = neutralised(cell);
        // Bytes, not chars: the four are ASCII, and most of a row's cells are short.
        let quoted = cell
            .bytes()
            .any(|byte| matches!(byte, b',' | b'"' | b'\n' | b'\r'));
        if quoted {
            self.out.push('"');
            self.out.push_str(&cell.replace('"', "\"\""));
            self.out.push('"');
        } else {
            self.out.push_str(&cell);
        }
    }

    /// `count` empty cells (an empty cell is neither a formula nor quoted).
    fn empty(&mut self, count: usize) {
        for _ in 0..count {
            self.separate();
        }
    }

    /// The comma before every cell but the first.
    fn separate(&mut self) {
        if self.cells > 0 {
            self.out.push(',');
        }
        self.cells += 1;
    }

    /// A number as Rust writes it: a spreadsheet reads it as a number, so it needs
    /// neither neutralising nor quotes.
    fn number(&mut self, value: impl std::fmt::Display) {
        use std::fmt::Write as _;
        self.separate();
        let _ = write!(self.out, "{value}");
    }

    /// A text in each language of `languages`, in their order; empty where a
    /// language has none of its own (open data never passes one language's text off
    /// as another's).
    fn in_languages(&mut self, text: &Text, languages: &[String]) {
        for code in languages {
            self.cell(text.get(code).unwrap_or_default());
        }
    }

    fn end(mut self) -> String {
        self.out.push_str("\r\n");
        self.out
    }
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
    fn cells(&self, site: &Site, entry: Option<&Entry>, row: &mut Row) {
        let languages = &site.config.languages;
        let Some(entry) = entry else {
            row.empty(self.width(languages.len()));
            return;
        };
        match &entry.value {
            Value::Number { value, .. } => row.number(value),
            // In the columns beside it: a spreadsheet reads each as what it is.
            Value::Range { .. } | Value::Date(_) | Value::Text(_) => row.empty(1),
        }
        if self.range {
            match &entry.value {
                Value::Range { low, high, .. } => {
                    row.number(low);
                    row.number(high);
                }
                _ => row.empty(2),
            }
        }
        if self.text {
            match &entry.value {
                Value::Text(text) => row.in_languages(text, languages),
                _ => row.empty(languages.len()),
            }
        }
        if self.date {
            match &entry.value {
                Value::Date(date) => date_cells(Some(date), row),
                _ => date_cells(None, row),
            }
        }
        row.cell(entry.unit.as_deref().unwrap_or_default());
        match entry.qualifier {
            Some(qualifier) => row.cell(&format!("{qualifier:?}").to_lowercase()),
            None => row.empty(1),
        }
        match &entry.scope {
            Some(scope) => row.in_languages(scope, languages),
            None => row.empty(languages.len()),
        }
        row.cell(entry.source.as_deref().unwrap_or_default());
        row.cell(
            entry
                .source
                .as_deref()
                .and_then(|id| site.source(id))
                .and_then(|source| source.url.as_deref())
                .unwrap_or_default(),
        );
        date_cells(entry.as_of.as_ref(), row);
        if self.fact.target {
            match entry.target_year {
                Some(year) => row.number(year),
                None => row.empty(1),
            }
        }
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
fn date_cells(date: Option<&PartialDate>, row: &mut Row) {
    let Some(date) = date else {
        row.empty(3);
        return;
    };
    row.number(date.year);
    match date.month {
        Some(month) => row.number(month),
        None => row.empty(1),
    }
    match date.day {
        Some(day) => row.number(day),
        None => row.empty(1),
    }
}

/// Writes one row of `cells`, as [`Row`] writes them (the header, and the tests).
pub(super) fn push_row(out: &mut String, cells: &[String]) {
    let mut row = Row::default();
    for cell in cells {
        row.cell(cell);
    }
    out.push_str(&row.end());
}

/// `cell`, with a leading `'` if a spreadsheet would read it as a formula.
fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
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
