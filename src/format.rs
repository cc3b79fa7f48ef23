//! Numbers, money, percentages and dates as the plan's language writes them.
//! Everything is formatted here, in Rust, from exact values.

use crate::i18n::{Lang, text};
use crate::model::{Date, Money, Percent};

fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn separators(lang: Lang) -> (char, char) {
    match lang {
        Lang::It => ('.', ','),
        Lang::En => (',', '.'),
    }
}

/// `1.234` / `1,234`
pub fn integer(lang: Lang, n: i64) -> String {
    let (thousands, _) = separators(lang);
    let s = group(&n.unsigned_abs().to_string(), thousands);
    if n < 0 { format!("-{s}") } else { s }
}

/// `€ 19.084.183`, `€ 579.927,35` / `€19,084,183`, `€579,927.35`: cents only when present.
pub fn money(lang: Lang, m: Money) -> String {
    let (thousands, decimal) = separators(lang);
    let cents = m.cents();
    let euros = group(&(cents.unsigned_abs() / 100).to_string(), thousands);
    let rest = cents.unsigned_abs() % 100;
    let sign = if cents < 0 { "-" } else { "" };
    let body = if rest == 0 {
        euros
    } else {
        format!("{euros}{decimal}{rest:02}")
    };
    match lang {
        Lang::It => format!("{sign}€ {body}"),
        Lang::En => format!("{sign}€{body}"),
    }
}

/// One decimal, rounded half away from zero: `10,6%` / `10.6%`.
pub fn percent(lang: Lang, p: Percent) -> String {
    let (_, decimal) = separators(lang);
    let tenths = (p.0.abs() + 5) / 10;
    let sign = if p.0 < 0 { "-" } else { "" };
    format!("{sign}{}{decimal}{}%", tenths / 10, tenths % 10)
}

/// "13/11/2012" / "13 Nov 2012" in tables.
pub fn date_short(lang: Lang, d: Date) -> String {
    match lang {
        Lang::It => format!("{:02}/{:02}/{}", d.day, d.month, d.year),
        Lang::En => format!(
            "{} {} {}",
            d.day,
            &text(lang, &format!("label.month-{}", d.month))[..3],
            d.year
        ),
    }
}

/// "13 novembre 2012", "1° dicembre 2012" / "13 November 2012" in prose.
pub fn date_long(lang: Lang, d: Date) -> String {
    let day = match (lang, d.day) {
        (Lang::It, 1) => "1°".to_string(),
        (_, n) => n.to_string(),
    };
    format!(
        "{day} {} {}",
        text(lang, &format!("label.month-{}", d.month)),
        d.year
    )
}

/// A date after a preposition of the catalogue (`prep` is "of", "from" or
/// "to"): "del 20 dicembre 2024", "dell'11 dicembre 2012", "dall'8 maggio",
/// "of 20 December 2024". `shown` is the date as written (long or short).
pub fn with_preposition(lang: Lang, prep: &str, d: Date, shown: &str) -> String {
    // Italian elides the article before a vowel sound: 8 (otto), 11 (undici).
    let elided = lang == Lang::It && matches!(d.day, 8 | 11);
    let key = if elided {
        format!("label.prep-{prep}-elided")
    } else {
        format!("label.prep-{prep}")
    };
    let word = text(lang, &key);
    if word.ends_with('\'') {
        format!("{word}{shown}")
    } else {
        format!("{word} {shown}")
    }
}

/// "n.d." / "n/a"
pub fn not_available(lang: Lang) -> &'static str {
    text(lang, "label.not-available")
}

pub fn opt_integer(lang: Lang, n: Option<i64>) -> String {
    n.map(|n| integer(lang, n))
        .unwrap_or_else(|| not_available(lang).to_string())
}

pub fn opt_money(lang: Lang, m: Option<Money>) -> String {
    m.map(|m| money(lang, m))
        .unwrap_or_else(|| not_available(lang).to_string())
}

pub fn opt_percent(lang: Lang, p: Option<Percent>) -> String {
    p.map(|p| percent(lang, p))
        .unwrap_or_else(|| not_available(lang).to_string())
}

/// "12 kB", "1,5 MB": sizes of annexes, in decimal units.
pub fn file_size(lang: Lang, bytes: u64) -> String {
    let (_, decimal) = separators(lang);
    if bytes < 1000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{} kB", bytes.div_ceil(1000))
    } else {
        let tenths = (bytes + 50_000) / 100_000;
        format!("{}{decimal}{} MB", tenths / 10, tenths % 10)
    }
}

/// A number kept as written, with the language's decimal separator: `12,5` / `12.5`.
pub fn number(lang: Lang, n: &crate::model::Number) -> String {
    plain_number(lang, &n.plain())
}

/// A number written plainly (`-1234.5`) with the language's separators.
pub fn plain_number(lang: Lang, plain: &str) -> String {
    let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int),
    };
    let (thousands, decimal) = separators(lang);
    let grouped = group(digits, thousands);
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{frac}")
    }
}

/// "del 20 dicembre 2024", "dell'11 dicembre 2012", "of 20 December 2024".
pub fn of_date(lang: Lang, d: Date) -> String {
    with_preposition(lang, "of", d, &date_long(lang, d))
}

/// "dal 15 gennaio 2024 al 31 dicembre 2024", "from …", "until …", with dates
/// written by `show`.
pub fn period(
    lang: Lang,
    from: Option<Date>,
    to: Option<Date>,
    show: fn(Lang, Date) -> String,
) -> Option<String> {
    let with = |prep: &str, d: Date| with_preposition(lang, prep, d, &show(lang, d));
    match (from, to) {
        (Some(a), Some(b)) => Some(crate::i18n::format(
            lang,
            "label.period-from-to",
            &[("from", &with("from", a)), ("to", &with("to", b))],
        )),
        (Some(a), None) => Some(crate::i18n::format(
            lang,
            "label.period-from",
            &[("from", &with("from", a))],
        )),
        (None, Some(b)) => Some(crate::i18n::format(
            lang,
            "label.period-to",
            &[("until", &with("until", b))],
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_formats_follow_public_administration_usage() {
        let it = Lang::It;
        assert_eq!(money(it, Money::from_cents(1_908_418_300)), "€ 19.084.183");
        assert_eq!(money(it, Money::from_cents(57_992_735)), "€ 579.927,35");
        assert_eq!(money(it, Money::from_cents(5)), "€ 0,05");
        assert_eq!(money(it, Money::from_cents(123_450)), "€ 1.234,50");
        assert_eq!(percent(it, Percent(1060)), "10,6%");
        assert_eq!(percent(it, Percent(1055)), "10,6%");
        assert_eq!(percent(it, Percent(1054)), "10,5%");
        assert_eq!(percent(it, Percent(10_000)), "100,0%");
        assert_eq!(integer(it, 1_234_567), "1.234.567");
        assert_eq!(integer(it, 907), "907");
        let d = Date {
            year: 2012,
            month: 11,
            day: 13,
        };
        assert_eq!(date_short(it, d), "13/11/2012");
        assert_eq!(date_long(it, d), "13 novembre 2012");
        let first = Date {
            year: 2012,
            month: 12,
            day: 1,
        };
        assert_eq!(date_long(it, first), "1° dicembre 2012");
        let eleventh = Date {
            year: 2012,
            month: 12,
            day: 11,
        };
        let table = [
            ("of", d, "del 13 novembre 2012"),
            ("of", eleventh, "dell'11 dicembre 2012"),
            ("from", Date { day: 8, ..d }, "dall'8 novembre 2012"),
            ("to", eleventh, "all'11 dicembre 2012"),
            ("of", first, "del 1° dicembre 2012"),
        ];
        for (prep, date, want) in table {
            assert_eq!(with_preposition(it, prep, date, &date_long(it, date)), want);
        }
        assert_eq!(opt_money(it, None), "n.d.");
        assert_eq!(file_size(it, 512), "512 B");
        assert_eq!(file_size(it, 12_345), "13 kB");
        assert_eq!(file_size(it, 1_549_000), "1,5 MB");
    }

    #[test]
    fn english_formats() {
        let en = Lang::En;
        assert_eq!(money(en, Money::from_cents(1_908_418_300)), "€19,084,183");
        assert_eq!(money(en, Money::from_cents(57_992_735)), "€579,927.35");
        assert_eq!(percent(en, Percent(1060)), "10.6%");
        assert_eq!(integer(en, 1_234_567), "1,234,567");
        let d = Date {
            year: 2012,
            month: 11,
            day: 13,
        };
        assert_eq!(date_long(en, d), "13 November 2012");
        assert_eq!(
            with_preposition(en, "of", d, &date_long(en, d)),
            "of 13 November 2012"
        );
        assert_eq!(date_short(en, d), "13 Nov 2012");
        assert_eq!(opt_integer(en, None), "n/a");
    }
}
