//! `/data/<kind>.csv`: the newest value of each figure of each record, one row a
//! record, for spreadsheets. Cells that a spreadsheet would run as a formula are
//! made text, as OWASP recommends for CSV injection: a cell starting with `=`, `+`,
//! `-`, `@`, a tab or a carriage return gets a leading `'`, which spreadsheets show
//! as text and hide. Numbers are written as numbers (a negative one keeps its `-`).

use crate::content::model::{Kind, Record, Site, Value};
use crate::content::validate::fact_keys;

/// One cell of a row.
enum Cell {
    /// Text from content: neutralised if a spreadsheet would run it.
    Text(String),
    /// A figure's number, written as Rust writes an `f64` (never a formula).
    Number(f64),
}

impl Cell {
    fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }
}

/// The CSV of the records of one kind.
pub(super) fn records(site: &Site, kind: Kind, records: &[&Record]) -> String {
    let languages = &site.config.languages;
    let mut header: Vec<Cell> = vec![Cell::text("slug")];
    header.extend(
        languages
            .iter()
            .map(|code| Cell::text(format!("name_{code}"))),
    );
    header.extend(["status", "zone", "sectors"].map(Cell::text));
    for key in fact_keys(kind) {
        for suffix in ["", "_unit", "_qualifier", "_source", "_as_of"] {
            header.push(Cell::text(format!("{key}{suffix}")));
        }
    }
    // A byte order mark, so spreadsheet programs read the Vietnamese names as UTF-8.
    let mut out = String::from("\u{feff}");
    push_row(&mut out, &header);
    for record in records {
        let mut row: Vec<Cell> = vec![Cell::text(record.slug.clone())];
        row.extend(
            languages
                .iter()
                .map(|code| Cell::text(record.name.show(code))),
        );
        row.push(Cell::text(
            record
                .status
                .map(|status| status.key().to_string())
                .unwrap_or_default(),
        ));
        row.push(Cell::text(record.zone.clone().unwrap_or_default()));
        row.push(Cell::text(record.sectors.join(";")));
        for key in fact_keys(kind) {
            match record.fact(key).and_then(|figure| figure.current()) {
                Some(entry) => {
                    row.push(match &entry.value {
                        Value::Number { value, .. } => Cell::Number(*value),
                        Value::Text(text) => {
                            Cell::text(text.show(languages.first().map_or("en", String::as_str)))
                        }
                    });
                    row.push(Cell::text(entry.unit.clone().unwrap_or_default()));
                    row.push(Cell::text(
                        entry
                            .qualifier
                            .map(|q| format!("{q:?}").to_lowercase())
                            .unwrap_or_default(),
                    ));
                    row.push(Cell::text(entry.source.clone().unwrap_or_default()));
                    row.push(Cell::text(
                        entry.as_of.map(|date| date.iso()).unwrap_or_default(),
                    ));
                }
                None => row.extend(std::iter::repeat_with(|| Cell::text("")).take(5)),
            }
        }
        push_row(&mut out, &row);
    }
    out
}

/// Writes one row: cells separated by commas, quoted when they hold a comma, a quote
/// or a line break (RFC 4180), text that would be a formula neutralised first.
fn push_row(out: &mut String, cells: &[Cell]) {
    for (index, cell) in cells.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        let text = match cell {
            Cell::Number(value) => value.to_string(),
            Cell::Text(text) => neutralised(text),
        };
        if text.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&text.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&text);
        }
    }
    out.push_str("\r\n");
}

/// `text`, with a leading `'` if a spreadsheet would read it as a formula.
fn neutralised(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        let mut out = String::new();
        push_row(
            &mut out,
            &[
                Cell::text("=HYPERLINK(\"http://x\",\"a, b\")"),
                Cell::text("+1"),
                Cell::text("-1"),
                Cell::text("@SUM(A1)"),
                Cell::text("\tx"),
                Cell::text("\rx"),
                Cell::text("plain"),
                Cell::Number(-12.5),
                Cell::Number(714.0),
            ],
        );
        assert_eq!(
            out,
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\",'+1,'-1,'@SUM(A1),'\tx,\"'\rx\",plain,-12.5,714\r\n"
        );
    }
}
