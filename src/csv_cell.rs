//! The one rule for a CSV cell a spreadsheet would run as a formula (OWASP, "CSV
//! Injection"): every CSV we write defuses such cells with a leading `'`, and every CSV
//! or plan we read (imports, lender plans for `fit` and `reconcile`) takes it off again,
//! so a file we wrote reads back as what was written.

/// What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet would take `cell` for a formula: it starts with one of
/// [`FORMULA_STARTS`] and is not a plain number (`-12.50` stays a number).
fn is_formula(cell: &str) -> bool {
    let plain_number = cell.strip_prefix('-').is_some_and(|digits| {
        let (whole, cents) = digits.split_once('.').unwrap_or((digits, "0"));
        [whole, cents]
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    });
    cell.starts_with(FORMULA_STARTS) && !plain_number
}

/// A cell as CSV output writes it: one a spreadsheet would run as a formula gets a `'`
/// in front, as OWASP recommends. A cell already made of `'`s before a formula gets one
/// more, so [`restore_cell`] gives back exactly what was written.
pub fn defuse_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if is_formula(cell.trim_start_matches('\'')) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A cell as [`defuse_cell`] wrote it, read back: the `'` it added is taken off.
pub fn restore_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if is_formula(rest.trim_start_matches('\'')) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_read_back_numbers_are_left_alone() {
        let cells = [
            "=cmd|' /C calc'!A0",
            "+SUM(1+2)",
            "@SUM(A1:A9)",
            "-2+3",
            "\t=1",
            "\r=1",
            "'=already quoted",
            "''@twice",
        ];
        for cell in cells {
            let written = defuse_cell(cell);
            assert_eq!(written, format!("'{cell}"), "{cell:?}");
            assert_eq!(restore_cell(&written), cell);
        }
        for cell in [
            "-12.50", "-3", "12.50", "借呗", "it's", "'quoted'", "", "-", "-.5",
        ] {
            let written = defuse_cell(cell);
            let expect_plain = !matches!(cell, "-" | "-.5");
            assert_eq!(written == cell, expect_plain, "{cell:?} -> {written:?}");
            assert_eq!(restore_cell(&written), cell);
        }
    }
}
