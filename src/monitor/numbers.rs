//! The one rule for a sheet's numbers (SPEC 4.9), read and written so that
//! what `export` writes `import` reads back unchanged, in either language.

use crate::i18n::Lang;

/// What a numeric cell holds, by the one rule of SPEC 4.9: a dot followed by
/// groups of exactly three digits is a thousands separator (`104.196` is
/// 104196, `1.234,5` is 1234.5); otherwise a dot or a comma is the decimal
/// separator (`12.5`, `12,5`). A leading `'` (a spreadsheet's text mark),
/// `€` and spaces are ignored. Returns the plain decimal (`-1234.5`).
pub fn sheet_decimal(text: &str) -> Option<String> {
    let t: String = text
        .trim()
        .trim_start_matches('\'')
        .chars()
        .filter(|c| !matches!(c, '€' | ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.as_str()),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let thousands = |int: &str| -> Option<String> {
        let mut groups = int.split('.');
        let first = groups.next()?;
        let rest: Vec<&str> = groups.collect();
        (digits(first) && first.len() <= 3 && rest.iter().all(|g| g.len() == 3 && digits(g)))
            .then(|| int.replace('.', ""))
    };
    let (int, frac) = match body.split_once(',') {
        Some((int, frac)) => {
            let int = if int.contains('.') {
                thousands(int)?
            } else {
                int.to_string()
            };
            (int, Some(frac.to_string()))
        }
        None if body.contains('.') => match thousands(body) {
            Some(int) => (int, None),
            None => {
                let (int, frac) = body.split_once('.')?;
                (int.to_string(), Some(frac.to_string()))
            }
        },
        None => (body.to_string(), None),
    };
    if !digits(&int) || frac.as_deref().is_some_and(|f| !digits(f)) {
        return None;
    }
    let sign = if negative { "-" } else { "" };
    Some(match frac {
        Some(f) => format!("{sign}{int}.{f}"),
        None => format!("{sign}{int}"),
    })
}

/// A number as the sheet writes it, so that reading it back by the rule above
/// gives the same value: a decimal comma in Italian; in English a decimal
/// point, three decimals written as four (`0.1250`), never read as thousands.
pub fn write_number(plain: &str, lang: Lang) -> String {
    match (lang, plain.split_once('.')) {
        (Lang::It, Some((i, f))) => format!("{i},{f}"),
        (Lang::En, Some((_, f))) if f.len() == 3 => format!("{plain}0"),
        _ => plain.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Number;

    #[test]
    fn one_rule_for_every_numeric_cell() {
        // (cell, plain decimal)
        let table = [
            ("104.196", Some("104196")),
            ("1.234,56", Some("1234.56")),
            ("1.234,5", Some("1234.5")),
            ("1.234.567", Some("1234567")),
            ("12.5", Some("12.5")),
            ("12,5", Some("12.5")),
            ("1234.56", Some("1234.56")),
            ("1250", Some("1250")),
            ("1.250", Some("1250")),
            ("€ 1.234", Some("1234")),
            ("'-3", Some("-3")),
            ("-3,75", Some("-3.75")),
            ("0.1250", Some("0.1250")),
            ("1 234,5", Some("1234.5")),
            ("12.34.5", None),
            ("1.23.456", None),
            ("1,2,3", None),
            ("1e3", None),
            ("abc", None),
            ("", None),
            ("1234.", None),
            ("1.2345,6", None),
        ];
        for (cell, want) in table {
            assert_eq!(sheet_decimal(cell).as_deref(), want, "{cell}");
        }
    }

    #[test]
    fn numbers_written_by_export_read_back_the_same() {
        for plain in ["0.125", "52.6", "104196", "1234.56", "-3", "0.5", "7.250"] {
            for lang in [Lang::It, Lang::En] {
                let cell = write_number(plain, lang);
                let back = sheet_decimal(&cell).and_then(|d| Number::parse(&d));
                assert_eq!(
                    back.and_then(|b| b.cmp_exact(&Number::parse(plain).unwrap())),
                    Some(std::cmp::Ordering::Equal),
                    "{plain} written {cell} in {lang:?}"
                );
            }
        }
    }
}
