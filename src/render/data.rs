//! Open data: CSV cells that spreadsheets cannot run.

/// A text cell starting with `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`.
pub fn csv_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for (input, want) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1", "'+1"),
            ("-x", "'-x"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Anziani", "Anziani"),
            ("", ""),
        ] {
            assert_eq!(csv_text(input), want);
        }
    }
}
