//! Exact fractions for the figures that divide (the rules' thresholds, money
//! per resident): computed exactly, rounded once at the end.

use crate::model::{Money, Number};

/// An exact fraction `num / den` (`den > 0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

impl Ratio {
    pub(crate) fn new(num: i128, den: i128) -> Ratio {
        let g = gcd(num, den);
        let sign = if den < 0 { -1 } else { 1 };
        Ratio {
            num: sign * num / g,
            den: sign * den / g,
        }
    }
    pub(crate) fn int(n: i64) -> Ratio {
        Ratio::new(n as i128, 1)
    }
    pub(crate) fn number(n: &Number) -> Ratio {
        let (m, scale) = n.parts();
        Ratio::new(m, 10i128.pow(scale.min(30)))
    }
    pub(crate) fn money(m: Money) -> Ratio {
        Ratio::new(m.cents() as i128, 100)
    }
    pub(crate) fn add(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.den + o.num * self.den, self.den * o.den)
    }
    pub(crate) fn sub(self, o: Ratio) -> Ratio {
        self.add(Ratio::new(-o.num, o.den))
    }
    pub(crate) fn mul(self, o: Ratio) -> Ratio {
        Ratio::new(self.num * o.num, self.den * o.den)
    }
    pub(crate) fn div(self, o: Ratio) -> Option<Ratio> {
        (o.num != 0).then(|| Ratio::new(self.num * o.den, self.den * o.num))
    }
    pub(crate) fn max0(self) -> Ratio {
        if self.num < 0 { Ratio::int(0) } else { self }
    }
    pub(crate) fn min(self, o: Ratio) -> Ratio {
        if self.cmp(o).is_le() { self } else { o }
    }
    pub(crate) fn cmp(self, o: Ratio) -> std::cmp::Ordering {
        (self.num * o.den).cmp(&(o.num * self.den))
    }
    /// Rounded half away from zero to `places` decimals.
    pub(crate) fn round(self, places: u32) -> Number {
        let scale = 10i128.pow(places);
        let n = self.num * scale;
        let q = (2 * n.abs() + self.den) / (2 * self.den);
        Number::from_parts(if n < 0 { -q } else { q }, places)
    }
    pub(crate) fn cents(self) -> Money {
        let (m, _) = self.round(2).parts();
        Money::from_cents(m.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_are_exact_and_round_half_away_from_zero_once() {
        let third = Ratio::new(1, 3);
        assert_eq!(third.add(third).add(third), Ratio::int(1));
        assert_eq!(Ratio::new(5, 1000).round(2).plain(), "0.01");
        assert_eq!(Ratio::new(-5, 1000).round(2).plain(), "-0.01");
        assert_eq!(Ratio::new(4, 1000).round(2).plain(), "0.00");
        // 32,796 residents / 6,500: 5.0455… FTE.
        assert_eq!(
            Ratio::int(32796).mul(Ratio::new(1, 6500)).round(2).plain(),
            "5.05"
        );
        assert_eq!(
            Ratio::new(1, 3).mul(Ratio::int(40000)).cents(),
            Money::from_cents(1333333)
        );
    }
}
