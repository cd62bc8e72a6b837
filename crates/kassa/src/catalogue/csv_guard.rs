//! Keeping spreadsheets from running catalogue text as formulas (CSV injection).
//!
//! Excel, LibreOffice and Google Sheets treat a cell starting with `=`, `+`, `-`, `@`, a tab
//! or a carriage return as a formula, so a product named `=HYPERLINK(...)` would run when the
//! exported file is opened. OWASP's rule is applied to the text columns: such a cell is
//! written with a `'` in front, which spreadsheets show as plain text. The import takes that
//! one quote off again, so an export imports back unchanged.

/// Starts a formula in a spreadsheet.
fn starts_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// True when a leading `'` would be taken off on import: the text after any quotes starts a
/// formula. Guarding these too makes `'=x` survive a round trip as `'=x`.
fn needs_guard(cell: &str) -> bool {
    starts_formula(cell.trim_start_matches('\''))
}

/// A text cell as exported: `'` in front when a spreadsheet would read a formula.
pub(super) fn guard(cell: &str) -> String {
    if needs_guard(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// A text cell as imported: the quote [`guard`] added, taken off.
pub(super) fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_survives_the_round_trip() {
        for text in [
            "=1+1", "+1", "-2+3", "@SUM(A1)", "'=x", "''-y", "'plain", "Kaffe", "",
        ] {
            assert_eq!(unguard(&guard(text)), text, "{text:?}");
            assert!(!starts_formula(&guard(text)), "{text:?}");
        }
        assert_eq!(guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(
            unguard("'-2+3"),
            "-2+3",
            "a hand-made guard is taken off too"
        );
    }
}
