//! Value types of the input format: money, dates, ids, spanned values.

use crate::source::Span;

/// A value with the place it was written. Serialises as the bare value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S<T> {
    pub value: T,
    pub span: Span,
}

impl<T: serde::Serialize> serde::Serialize for S<T> {
    fn serialize<Ser: serde::Serializer>(&self, s: Ser) -> Result<Ser::Ok, Ser::Error> {
        self.value.serialize(s)
    }
}

impl<T> S<T> {
    pub fn new(value: T, span: Span) -> Self {
        S { value, span }
    }
}

impl<T> std::ops::Deref for S<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Euros as exact integer cents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

/// Largest amount a TOML float may carry exactly (2^53 cents).
pub const MAX_FLOAT_CENTS: i64 = 1 << 53;

#[derive(Debug, PartialEq, Eq)]
pub enum MoneyError {
    Negative,
    TooManyDecimals,
    TooLargeForFloat,
    TooLarge,
    NotANumber,
}

impl Money {
    pub const ZERO: Money = Money(0);
    pub fn from_cents(cents: i64) -> Self {
        Money(cents)
    }
    pub fn cents(self) -> i64 {
        self.0
    }
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Parses a decimal literal ("1234.56", "1_000", "1.5e3") exactly.
    /// `from_float` applies the rule that floats beyond 2^53 cents are refused.
    pub fn parse_decimal(literal: &str, from_float: bool) -> Result<Money, MoneyError> {
        let s: String = literal.chars().filter(|c| *c != '_').collect();
        let s = s.trim();
        if let Some(rest) = s.strip_prefix('-') {
            // "-0" and "-0.00" are zero, not negative.
            if rest.chars().all(|c| c == '0' || c == '.') && !rest.is_empty() {
                return Self::parse_decimal(rest, from_float);
            }
            return Err(MoneyError::Negative);
        }
        let s = s.strip_prefix('+').unwrap_or(s);
        let lower = s.to_ascii_lowercase();
        if lower.contains("nan") || lower.contains("inf") {
            return Err(MoneyError::NotANumber);
        }
        let (mantissa, exponent) = match lower.find('e') {
            Some(i) => {
                let exp: i32 = lower[i + 1..].parse().map_err(|_| MoneyError::NotANumber)?;
                (&lower[..i], exp)
            }
            None => (lower.as_str(), 0),
        };
        let (int_part, frac_part) = match mantissa.find('.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        if !int_part.chars().all(|c| c.is_ascii_digit())
            || !frac_part.chars().all(|c| c.is_ascii_digit())
        {
            return Err(MoneyError::NotANumber);
        }
        // All digits, with the decimal point moved by the exponent.
        let digits: String = format!("{int_part}{frac_part}");
        let point = int_part.len() as i64 + exponent as i64;
        let decimals = digits.len() as i64 - point;
        // Trailing zeros after the point do not count as decimals ("1.50" is fine).
        let significant_decimals = {
            let trimmed = digits.trim_end_matches('0');
            trimmed.len() as i64 - point
        };
        if digits.chars().all(|c| c == '0') {
            return Ok(Money(0));
        }
        if significant_decimals > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        let mut cents: i128 = 0;
        let shift = 2 - decimals; // how many zeros to append to reach cents
        let kept = if shift < 0 {
            &digits[..(digits.len() as i64 + shift) as usize]
        } else {
            digits.as_str()
        };
        for c in kept.chars() {
            cents = cents * 10 + (c as u8 - b'0') as i128;
            if cents > i64::MAX as i128 {
                return Err(MoneyError::TooLarge);
            }
        }
        for _ in 0..shift.max(0) {
            cents *= 10;
            if cents > i64::MAX as i128 {
                return Err(MoneyError::TooLarge);
            }
        }
        if from_float && cents > MAX_FLOAT_CENTS as i128 {
            return Err(MoneyError::TooLargeForFloat);
        }
        Ok(Money(cents as i64))
    }

    /// Parses money written as a string (SPEC 2.13): digits, then optionally a
    /// dot and one or two decimals — no sign, exponent, separators or spaces.
    pub fn parse_string(s: &str) -> Result<Money, MoneyError> {
        let (int_part, frac_part) = s.split_once('.').unwrap_or((s, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        let well_formed = !int_part.is_empty()
            && digits(int_part)
            && digits(frac_part)
            && frac_part.len() <= 2
            // "5." has a dot and no decimals: not an amount.
            && s.contains('.') != frac_part.is_empty();
        if well_formed {
            return Self::parse_decimal(s, false);
        }
        if s.starts_with('-') && Self::parse_string(&s[1..]).is_ok() {
            return Err(MoneyError::Negative);
        }
        if !int_part.is_empty() && digits(int_part) && digits(frac_part) && frac_part.len() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        Err(MoneyError::NotANumber)
    }

    /// Plain decimal with a dot and two decimals only when needed: "1234", "1234.5" → "1234.50".
    pub fn to_plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (e, c) = (abs / 100, abs % 100);
        if c == 0 {
            format!("{sign}{e}")
        } else {
            format!("{sign}{e}.{c:02}")
        }
    }
}

impl serde::Serialize for Money {
    /// A JSON number with at most two decimals, written exactly: the digits
    /// go out as written (serde_json's `arbitrary_precision`), never through a float.
    fn serialize<Ser: serde::Serializer>(&self, s: Ser) -> Result<Ser::Ok, Ser::Error> {
        let plain = self.to_plain();
        let minimal = if plain.contains('.') {
            plain.trim_end_matches('0')
        } else {
            &plain
        };
        let n: serde_json::Number = minimal.parse().map_err(serde::ser::Error::custom)?;
        n.serialize(s)
    }
}

/// A calendar date (TOML local date).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The civil date of a Unix timestamp (for `SOURCE_DATE_EPOCH`).
    pub fn from_unix(secs: i64) -> Date {
        // Howard Hinnant's days-from-civil inverse.
        let z = secs.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        Date {
            year: (y + i64::from(m <= 2)) as i32,
            month: m as u8,
            day: d as u8,
        }
    }
}

impl serde::Serialize for Date {
    fn serialize<Ser: serde::Serializer>(&self, s: Ser) -> Result<Ser::Ok, Ser::Error> {
        s.serialize_str(&self.iso())
    }
}

/// `^[a-z0-9][a-z0-9-]*$`
pub fn is_valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A lowercase ASCII slug of a title, for derived keys and anchors.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(fold_accent) {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
        if out.len() >= 60 {
            break;
        }
    }
    if out.is_empty() { "x".to_string() } else { out }
}

fn fold_accent(c: char) -> Vec<char> {
    let mapped = match c {
        'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' | 'Â' | 'Ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        other => other,
    };
    vec![mapped]
}

/// A measured value kept exactly as written — an integer or a decimal — so
/// that targets and actuals compare without float noise (SPEC 4.6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    /// The digits as an integer, sign included: 12.50 → 1250.
    mantissa: i128,
    /// How many of those digits are decimals: 12.50 → 2.
    scale: u32,
}

impl Number {
    /// Parses a TOML integer or float literal (`12`, `-3.5`, `1_000`, `2.5e1`).
    pub fn parse(literal: &str) -> Option<Number> {
        let s: String = literal.chars().filter(|c| *c != '_').collect();
        let lower = s.to_ascii_lowercase();
        let (body, exponent) = match lower.split_once('e') {
            Some((b, e)) => (b.to_string(), e.parse::<i32>().ok()?),
            None => (lower.clone(), 0),
        };
        let (negative, body) = match body.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, body.strip_prefix('+').unwrap_or(&body)),
        };
        let (int_part, frac_part) = body.split_once('.').unwrap_or((body, ""));
        if int_part.is_empty() && frac_part.is_empty()
            || !int_part
                .bytes()
                .chain(frac_part.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let digits = format!("{int_part}{frac_part}");
        let mut scale = frac_part.len() as i64 - exponent as i64;
        let mut mantissa: i128 = digits.parse().ok()?;
        while scale < 0 {
            mantissa = mantissa.checked_mul(10)?;
            scale += 1;
        }
        if scale > 30 {
            return None;
        }
        Some(Number {
            mantissa: if negative { -mantissa } else { mantissa },
            scale: scale as u32,
        })
    }

    /// Both at the same scale, for exact arithmetic; `None` past i128.
    fn aligned(&self, other: &Number) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        let up = |n: &Number| n.mantissa.checked_mul(10i128.checked_pow(scale - n.scale)?);
        Some((up(self)?, up(other)?, scale))
    }

    pub const ZERO: Number = Number {
        mantissa: 0,
        scale: 0,
    };

    /// `mantissa / 10^scale`: 1250 at scale 2 is 12.50.
    pub fn from_parts(mantissa: i128, scale: u32) -> Number {
        Number { mantissa, scale }
    }

    /// The digits and how many of them are decimals.
    pub fn parts(&self) -> (i128, u32) {
        (self.mantissa, self.scale)
    }

    /// The exact sum; `None` past i128.
    pub fn checked_add(&self, other: &Number) -> Option<Number> {
        let (a, b, scale) = self.aligned(other)?;
        Some(Number {
            mantissa: a.checked_add(b)?,
            scale,
        })
    }

    /// `numerator / self`, rounded half away from zero to a whole number
    /// (residents per full-time worker); `None` for zero or past i128.
    pub fn divide_into(&self, numerator: i64) -> Option<i64> {
        if self.mantissa <= 0 {
            return None;
        }
        let num = (numerator as i128).checked_mul(10i128.checked_pow(self.scale)?)?;
        Some(((2 * num + self.mantissa) / (2 * self.mantissa)) as i64)
    }

    pub fn is_positive(&self) -> bool {
        self.mantissa > 0
    }

    /// Exact order.
    pub fn cmp_exact(&self, other: &Number) -> Option<std::cmp::Ordering> {
        self.aligned(other).map(|(a, b, _)| a.cmp(&b))
    }

    /// Whether `self` lies within `percent`% of `target` (exact).
    pub fn within_percent(&self, target: &Number, percent: i128) -> Option<bool> {
        let (a, t, _) = self.aligned(target)?;
        let diff = a.checked_sub(t)?.checked_abs()?.checked_mul(100)?;
        Some(diff <= t.checked_abs()?.checked_mul(percent)?)
    }

    /// Plain decimal digits: `1250` at scale 2 → "12.50", as written.
    pub fn plain(&self) -> String {
        let digits = self.mantissa.unsigned_abs().to_string();
        let sign = if self.mantissa < 0 { "-" } else { "" };
        if self.scale == 0 {
            return format!("{sign}{digits}");
        }
        let scale = self.scale as usize;
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        format!("{sign}{int}.{frac}")
    }
}

impl serde::Serialize for Number {
    /// A JSON number with the digits as written (`arbitrary_precision`).
    fn serialize<Ser: serde::Serializer>(&self, s: Ser) -> Result<Ser::Ok, Ser::Error> {
        let n: serde_json::Number = self.plain().parse().map_err(serde::ser::Error::custom)?;
        n.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_kept_as_written_and_compared_exactly() {
        let n = |s: &str| Number::parse(s).unwrap();
        assert_eq!(n("12.50").plain(), "12.50");
        assert_eq!(n("1_000").plain(), "1000");
        assert_eq!(n("-0.5").plain(), "-0.5");
        assert_eq!(n("2.5e1").plain(), "25");
        assert_eq!(n("1e-2").plain(), "0.01");
        assert_eq!(
            n("0.1").cmp_exact(&n("0.10")),
            Some(std::cmp::Ordering::Equal)
        );
        assert_eq!(
            n("0.3").cmp_exact(&n("0.29999")),
            Some(std::cmp::Ordering::Greater)
        );
        // keep: within 5% of the target
        assert_eq!(n("105").within_percent(&n("100"), 5), Some(true));
        assert_eq!(n("105.01").within_percent(&n("100"), 5), Some(false));
        assert_eq!(n("94.99").within_percent(&n("100"), 5), Some(false));
        for bad in ["", "nan", "inf", "1.2.3", "x", "."] {
            assert!(Number::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn money_strings_are_digits_with_at_most_two_decimals() {
        let table: &[(&str, Result<i64, MoneyError>)] = &[
            ("0", Ok(0)),
            ("1234", Ok(123_400)),
            ("1234.5", Ok(123_450)),
            ("1234.56", Ok(123_456)),
            ("007.10", Ok(710)),
            ("1.234", Err(MoneyError::TooManyDecimals)),
            ("-5", Err(MoneyError::Negative)),
            ("1e5", Err(MoneyError::NotANumber)),
            ("1E-2", Err(MoneyError::NotANumber)),
            ("1_000", Err(MoneyError::NotANumber)),
            ("+5", Err(MoneyError::NotANumber)),
            (" 12", Err(MoneyError::NotANumber)),
            ("12 ", Err(MoneyError::NotANumber)),
            (".5", Err(MoneyError::NotANumber)),
            ("5.", Err(MoneyError::NotANumber)),
            ("1.234,56", Err(MoneyError::NotANumber)),
            ("", Err(MoneyError::NotANumber)),
            ("nan", Err(MoneyError::NotANumber)),
        ];
        for (text, want) in table {
            assert_eq!(
                Money::parse_string(text).map(Money::cents),
                *want,
                "{text:?}"
            );
        }
    }

    #[test]
    fn money_parses_exactly_in_cents() {
        let table = [
            ("0", false, Ok(0)),
            ("19084183", false, Ok(1_908_418_300)),
            ("579927.35", true, Ok(57_992_735)),
            ("579927.3", true, Ok(57_992_730)),
            ("1.50", false, Ok(150)),
            ("1_000.5", false, Ok(100_050)),
            ("1.5e3", true, Ok(150_000)),
            ("1.2345e2", true, Ok(12_345)),
            ("-0", false, Ok(0)),
            ("0.005", false, Err(MoneyError::TooManyDecimals)),
            ("1.234", true, Err(MoneyError::TooManyDecimals)),
            ("-1", false, Err(MoneyError::Negative)),
            ("-0.01", true, Err(MoneyError::Negative)),
            ("nan", true, Err(MoneyError::NotANumber)),
            ("inf", true, Err(MoneyError::NotANumber)),
            ("1,5", false, Err(MoneyError::NotANumber)),
            (
                "12345678901234567.89",
                true,
                Err(MoneyError::TooLargeForFloat),
            ),
            ("12345678901234567.89", false, Ok(1_234_567_890_123_456_789)),
            ("999999999999999999999", false, Err(MoneyError::TooLarge)),
            ("", false, Err(MoneyError::NotANumber)),
            ("0e-5", true, Ok(0)),
            ("1e999999999", true, Err(MoneyError::TooLarge)),
            (".", false, Err(MoneyError::NotANumber)),
        ];
        for (lit, float, want) in table {
            assert_eq!(
                Money::parse_decimal(lit, float).map(Money::cents),
                want,
                "{lit}"
            );
        }
    }

    #[test]
    fn money_serialises_as_an_exact_json_number() {
        let j = serde_json::to_string(&[Money(57_992_735), Money(100), Money(5), Money(10_840)])
            .unwrap();
        assert_eq!(j, "[579927.35,1,0.05,108.4]");
        // Beyond what a float carries: still every digit.
        let big = serde_json::to_string(&Money(9_223_372_036_854_775_807)).unwrap();
        assert_eq!(big, "92233720368547758.07");
    }

    #[test]
    fn ids_follow_the_spec_pattern() {
        for ok in ["anziani", "a", "2012-11", "gruppo-1"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in ["", "-a", "Anziani", "a_b", "à", "a b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(
            slug("Politiche per le persone anziane"),
            "politiche-per-le-persone-anziane"
        );
        assert_eq!(slug("Città — Quartiere!"), "citta-quartiere");
        assert_eq!(slug("***"), "x");
    }

    #[test]
    fn unix_timestamps_become_civil_dates() {
        assert_eq!(Date::from_unix(0).iso(), "1970-01-01");
        assert_eq!(Date::from_unix(1_355_184_000).iso(), "2012-12-11");
        assert_eq!(Date::from_unix(951_782_400).iso(), "2000-02-29");
    }
}

/// A percentage in hundredths of a point (10.6% = 1060). Serialises as `10.6`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(pub i64);

impl serde::Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Money::from_cents(self.0).serialize(s)
    }
}
