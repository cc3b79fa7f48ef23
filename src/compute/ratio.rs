//! Exact fractions for the figures that divide (the rules' thresholds, money
//! per resident): computed exactly, rounded once at the end.

use crate::model::{Money, Number};

/// An exact fraction `num / den` (`den > 0`). A result past i128 (absurd
/// inputs: a population of a billion and an FTE with thirty decimals) is
/// "overflowed" (`den == 0`): it stays so through every operation, and is
/// read as no figure at all, never as a wrong one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ratio {
    num: i128,
    den: i128,
}

const OVERFLOWED: Ratio = Ratio { num: 0, den: 0 };

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    i128::try_from(a).unwrap_or(1).max(1)
}

impl Ratio {
    fn ok(self) -> bool {
        self.den != 0
    }
    fn checked(num: Option<i128>, den: Option<i128>) -> Ratio {
        match (num, den) {
            (Some(n), Some(d)) if d != 0 => Ratio::new(n, d),
            _ => OVERFLOWED,
        }
    }
    pub(crate) fn new(num: i128, den: i128) -> Ratio {
        if den == 0 || num == i128::MIN || den == i128::MIN {
            return OVERFLOWED;
        }
        let g = gcd(num, den);
        let sign = if den < 0 { -1 } else { 1 };
        Ratio {
            num: sign * (num / g),
            den: sign * (den / g),
        }
    }
    pub(crate) fn int(n: i64) -> Ratio {
        Ratio::new(n as i128, 1)
    }
    pub(crate) fn number(n: &Number) -> Ratio {
        let (m, scale) = n.parts();
        Ratio::checked(Some(m), 10i128.checked_pow(scale))
    }
    pub(crate) fn money(m: Money) -> Ratio {
        Ratio::new(m.cents() as i128, 100)
    }
    pub(crate) fn add(self, o: Ratio) -> Ratio {
        if !self.ok() || !o.ok() {
            return OVERFLOWED;
        }
        let num = self
            .num
            .checked_mul(o.den)
            .zip(o.num.checked_mul(self.den))
            .and_then(|(a, b)| a.checked_add(b));
        Ratio::checked(num, self.den.checked_mul(o.den))
    }
    pub(crate) fn sub(self, o: Ratio) -> Ratio {
        self.add(Ratio {
            num: -o.num,
            den: o.den,
        })
    }
    pub(crate) fn mul(self, o: Ratio) -> Ratio {
        if !self.ok() || !o.ok() {
            return OVERFLOWED;
        }
        Ratio::checked(self.num.checked_mul(o.num), self.den.checked_mul(o.den))
    }
    /// `None` only for a zero divisor.
    pub(crate) fn div(self, o: Ratio) -> Option<Ratio> {
        if !o.ok() {
            return Some(OVERFLOWED);
        }
        (o.num != 0).then(|| self.mul(Ratio::new(o.den, o.num)))
    }
    pub(crate) fn max0(self) -> Ratio {
        if self.ok() && self.num < 0 {
            Ratio::int(0)
        } else {
            self
        }
    }
    pub(crate) fn min(self, o: Ratio) -> Ratio {
        match self.cmp(o) {
            Some(ord) if ord.is_le() => self,
            Some(_) => o,
            None => OVERFLOWED,
        }
    }
    /// `None` when either has overflowed.
    pub(crate) fn cmp(self, o: Ratio) -> Option<std::cmp::Ordering> {
        if !self.ok() || !o.ok() {
            return None;
        }
        Some(
            self.num
                .checked_mul(o.den)?
                .cmp(&o.num.checked_mul(self.den)?),
        )
    }
    /// Rounded half away from zero to `places` decimals; `None` when
    /// overflowed.
    pub(crate) fn round(self, places: u32) -> Option<Number> {
        if !self.ok() {
            return None;
        }
        let n = self.num.checked_mul(10i128.checked_pow(places)?)?;
        let q = n.checked_abs()?.checked_mul(2)?.checked_add(self.den)? / (2 * self.den);
        Some(Number::from_parts(if n < 0 { -q } else { q }, places))
    }
    /// To the cent; `None` when overflowed or past what money holds.
    pub(crate) fn cents(self) -> Option<Money> {
        let (m, _) = self.round(2)?.parts();
        Some(Money::from_cents(i64::try_from(m).ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_are_exact_and_round_half_away_from_zero_once() {
        let third = Ratio::new(1, 3);
        assert_eq!(third.add(third).add(third), Ratio::int(1));
        assert_eq!(Ratio::new(5, 1000).round(2).unwrap().plain(), "0.01");
        assert_eq!(Ratio::new(-5, 1000).round(2).unwrap().plain(), "-0.01");
        assert_eq!(Ratio::new(4, 1000).round(2).unwrap().plain(), "0.00");
        // 32,796 residents / 6,500: 5.0455… FTE.
        assert_eq!(
            Ratio::int(32796)
                .mul(Ratio::new(1, 6500))
                .round(2)
                .unwrap()
                .plain(),
            "5.05"
        );
        assert_eq!(
            Ratio::new(1, 3).mul(Ratio::int(40000)).cents(),
            Some(Money::from_cents(1333333))
        );
        assert_eq!(Ratio::int(1).div(Ratio::int(0)), None);
    }

    #[test]
    fn a_result_past_i128_is_no_figure_never_a_wrong_one() {
        // An FTE with thirty decimals, added to another and scaled by a
        // billion residents: the denominators alone pass i128.
        let fte = Ratio::number(&Number::parse("5.123456789012345678901234567891").unwrap());
        let other = Ratio::number(&Number::parse("7.000000000000000000000000000003").unwrap());
        let huge = fte
            .add(other)
            .mul(Ratio::int(999_999_999))
            .mul(Ratio::new(1, 6500));
        assert_eq!(huge.round(2), None);
        assert_eq!(huge.cents(), None);
        assert_eq!(huge.cmp(Ratio::int(1)), None);
        assert_eq!(huge.add(Ratio::int(1)).round(2), None, "it stays so");
        assert_eq!(
            Ratio::int(i64::MAX)
                .mul(Ratio::int(i64::MAX))
                .mul(Ratio::int(i64::MAX))
                .round(0),
            None
        );
    }
}
