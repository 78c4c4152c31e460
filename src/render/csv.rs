//! Writing rows of CSV (`/data/<kind>.csv`, made in `files.rs`) that spreadsheets
//! read safely. A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return
//! is a formula to Excel and LibreOffice, so a park named `=HYPERLINK(...)` would
//! run in the reader's spreadsheet: such a cell gets a leading `'` (as OWASP
//! recommends for CSV injection), which spreadsheets show as text and hide. A cell
//! that is a plain number (`-12.5`, `714`) stays as it is: it cannot call anything.

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
