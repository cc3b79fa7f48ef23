//! Scalar values: booleans, integers in range, dates, money and percentages,
//! each checked where it is written.

use super::YEARS;
use super::reader::{Reader, Ty, wrong_type_message};
use crate::diag::Code;
use crate::diag::{Diagnostic, Message, msg};
use crate::load::{Kind, Node};
use crate::model::value::{Date, Money, MoneyError, Number, S};

impl Reader<'_, '_, '_> {
    /// A number kept exactly as written: a TOML integer or float.
    pub fn number(&mut self, key: &'static str) -> Option<S<Number>> {
        let node = self.node(key, Ty::Number)?;
        let literal = match &node.kind {
            Kind::Integer { literal, radix: 10 } => literal,
            Kind::Float(literal) => literal,
            _ => {
                self.wrong_type(key, node, "number");
                return None;
            }
        };
        match Number::parse(literal) {
            Some(n) => Some(S::new(n, node.span)),
            None => {
                self.ctx.diags.push(Diagnostic::new(
                    Code::InvalidValue,
                    node.span,
                    msg("number-not-exact", &[("key", key)]),
                ));
                None
            }
        }
    }

    /// A percentage 0–100 with at most two decimals, in hundredths of a point.
    pub fn percent(&mut self, key: &'static str) -> Option<S<Money>> {
        let node = self.node(key, Ty::Percent)?;
        let parsed = match &node.kind {
            Kind::Integer { literal, radix: 10 } => Money::parse_decimal(literal, false),
            Kind::Float(literal) => Money::parse_decimal(literal, true),
            _ => {
                self.wrong_type(key, node, "percentage");
                return None;
            }
        };
        match parsed {
            Ok(m) if m.cents() <= 10_000 => Some(S::new(m, node.span)),
            _ => {
                self.ctx.diags.push(Diagnostic::new(
                    Code::OutOfRange,
                    node.span,
                    msg("percent-range", &[("key", key)]),
                ));
                None
            }
        }
    }

    pub fn bool(&mut self, key: &'static str) -> Option<S<bool>> {
        let node = self.node(key, Ty::Bool)?;
        match node.kind {
            Kind::Bool(b) => Some(S::new(b, node.span)),
            _ => {
                self.wrong_type(key, node, "boolean");
                None
            }
        }
    }

    /// An integer within `min..=max`.
    pub fn int(&mut self, key: &'static str, min: i64, max: i64) -> Option<S<i64>> {
        let node = self.node(key, Ty::Int(min, max))?;
        self.as_int(key, node, min, max)
    }

    fn as_int(&mut self, key: &str, node: &Node, min: i64, max: i64) -> Option<S<i64>> {
        let Kind::Integer { literal, radix } = &node.kind else {
            self.wrong_type(key, node, "integer");
            return None;
        };
        let clean: String = literal.chars().filter(|c| *c != '_').collect();
        match i64::from_str_radix(&clean, *radix) {
            Ok(v) if (min..=max).contains(&v) => Some(S::new(v, node.span)),
            _ => {
                let range = if max == i64::MAX {
                    msg("range-at-least", &[("min", &min.to_string())])
                } else {
                    msg(
                        "range-between",
                        &[("min", &min.to_string()), ("max", &max.to_string())],
                    )
                };
                self.ctx.diags.push(Diagnostic::new(
                    Code::OutOfRange,
                    node.span,
                    Message::new("out-of-range")
                        .arg("key", key)
                        .arg("value", literal.as_str())
                        .arg_msg("range", range),
                ));
                None
            }
        }
    }

    pub fn date(&mut self, key: &'static str) -> Option<S<Date>> {
        let node = self.node(key, Ty::Date)?;
        self.as_date(key, node)
    }

    fn as_date(&mut self, key: &str, node: &Node) -> Option<S<Date>> {
        if let Kind::Datetime(dt) = &node.kind
            && let (Some(d), None, None) = (dt.date, dt.time, dt.offset)
        {
            // The years every figure may have: an "open-ended" 9999-12-31
            // would make a plan of eight thousand years.
            let (min, max) = YEARS;
            if !(min..=max).contains(&i64::from(d.year)) {
                self.ctx.diags.push(
                    Diagnostic::new(
                        Code::OutOfRange,
                        node.span,
                        Message::new("out-of-range")
                            .arg("key", key)
                            .arg("value", d.to_string())
                            .arg_msg(
                                "range",
                                msg(
                                    "range-between",
                                    &[("min", &min.to_string()), ("max", &max.to_string())],
                                ),
                            ),
                    )
                    .with_help(msg("help-date-range", &[])),
                );
                return None;
            }
            return Some(S::new(
                Date {
                    year: i32::from(d.year),
                    month: d.month,
                    day: d.day,
                },
                node.span,
            ));
        }
        if let Kind::String(s) = &node.kind {
            // An ISO date in quotes, or one written the Italian way: the help
            // gives the TOML date to write.
            let iso = if looks_like_date(s) {
                Some(s.clone())
            } else {
                italian_date(s).map(|d| d.iso())
            };
            if let Some(iso) = iso {
                self.ctx.diags.push(
                    Diagnostic::new(
                        Code::WrongType,
                        node.span,
                        wrong_type_message(key, self.what, "date", "string"),
                    )
                    .with_help(msg("help-date-unquoted", &[("value", &iso)])),
                );
                return None;
            }
        }
        self.wrong_type(key, node, "date-unquoted");
        None
    }

    pub fn money(&mut self, key: &'static str) -> Option<S<Money>> {
        let node = self.node(key, Ty::Money)?;
        self.as_money(key, node)
    }

    pub fn as_money(&mut self, key: &str, node: &Node) -> Option<S<Money>> {
        let parsed = match &node.kind {
            Kind::Integer { literal, radix: 10 } => Money::parse_decimal(literal, false),
            Kind::Float(literal) => Money::parse_decimal(literal, true),
            Kind::String(s) => Money::parse_string(s),
            _ => {
                self.wrong_type(key, node, "money");
                return None;
            }
        };
        match parsed {
            Ok(m) => Some(S::new(m, node.span)),
            Err(e) => {
                let key_msg = match e {
                    MoneyError::Negative => "money-negative",
                    MoneyError::TooManyDecimals => "money-decimals",
                    MoneyError::TooLargeForFloat => "money-float-too-large",
                    MoneyError::TooLarge => "money-too-large",
                    MoneyError::NotANumber => "money-not-a-number",
                };
                let literal = match &node.kind {
                    Kind::Float(l) => Some(l.as_str()),
                    Kind::String(s) => Some(s.as_str()),
                    _ => None,
                };
                let help = match e {
                    MoneyError::TooLargeForFloat => Some(msg("help-money-string", &[])),
                    MoneyError::NotANumber => Some(msg("help-money-format", &[])),
                    // `923.869`: Italian thousands, not three decimals.
                    MoneyError::TooManyDecimals => literal.and_then(italian_thousands).map(|n| {
                        msg(
                            "help-money-thousands",
                            &[("value", literal.unwrap_or("")), ("plain", &n)],
                        )
                    }),
                    _ => None,
                };
                self.ctx.diags.push(
                    Diagnostic::new(Code::InvalidMoney, node.span, msg(key_msg, &[("key", key)]))
                        .with_help(help),
                );
                None
            }
        }
    }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars().filter(|c| c.is_ascii_digit()).count() == 8
}

/// A date as Italian documents write it: `01/03/2012`, `1/3/2012`,
/// `1 marzo 2012`, `1° marzo 2012`. Only real calendar dates.
pub fn italian_date(s: &str) -> Option<Date> {
    let t = s.trim().to_lowercase();
    let (day, month, year): (u8, u8, i32) = if let [d, m, y] = t.split('/').collect::<Vec<_>>()[..]
    {
        (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?)
    } else {
        let parts: Vec<&str> = t.split_whitespace().collect();
        let [d, m, y] = parts[..] else { return None };
        let d = d.trim_end_matches(['°', 'º']);
        let m = crate::i18n::month_number(crate::i18n::Lang::It, m)?;
        (d.parse().ok()?, m, y.parse().ok()?)
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    ((1000..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Date {
        year,
        month,
        day,
    })
}

/// `923.869` or `1.234.567`: digits grouped by three with dots, as Italian
/// writes thousands — the plain number (`923869`), for a help line.
fn italian_thousands(literal: &str) -> Option<String> {
    let mut groups = literal.split('.');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    (!rest.is_empty()
        && digits(first)
        && !first.starts_with('0')
        && first.len() <= 3
        && rest.iter().all(|g| g.len() == 3 && digits(g)))
    .then(|| literal.replace('.', ""))
}

#[cfg(test)]
mod tests {
    use super::italian_date;

    #[test]
    fn dates_written_the_italian_way() {
        let iso = |s: &str| italian_date(s).map(|d| d.iso());
        assert_eq!(iso("01/03/2012").as_deref(), Some("2012-03-01"));
        assert_eq!(iso("1/3/2012").as_deref(), Some("2012-03-01"));
        assert_eq!(iso("1 marzo 2012").as_deref(), Some("2012-03-01"));
        assert_eq!(iso("1° Marzo 2012").as_deref(), Some("2012-03-01"));
        assert_eq!(iso("29/02/2024").as_deref(), Some("2024-02-29"));
        assert_eq!(iso("29/02/2023"), None);
        assert_eq!(iso("31 aprile 2012"), None);
        assert_eq!(iso("marzo 2012"), None);
        assert_eq!(iso("03/13/2012"), None);
    }
}
