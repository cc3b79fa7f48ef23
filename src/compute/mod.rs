//! Computing: every figure the outputs show, exactly, and the order they show
//! things in — pure functions of the validated model.

mod area_years;
pub mod compare;
mod figures;
mod fund_ledger;
mod ledger;
mod monitoring;
mod order;
mod programme;
mod ratio;
pub mod rules;
mod staff;
mod summary;

pub use area_years::{AreaYears, AreaYearsRow, CardYears, Cell as AreaYearsCell, area_years};
pub use figures::{
    FigureName, FigureValue, KeyFigure, key_figures, participation_figures, process_card_figures,
};
pub use fund_ledger::{LedgerRow, LedgerYear, fund_ledger, ledger_entries};
pub use ledger::Comparison;
pub use monitoring::{
    Monitoring, MonitoringIndicator, MonitoringRow, monitoring, monitoring_years,
};
pub use order::*;
pub use programme::{
    Amount, BudgetRow, CodeAmount, FundRow, FundYear, IndicatorRow, IndicatorYear, ObjectiveAmount,
    Programme, UNCLASSIFIED, istat_area,
};
pub use staff::{ContractFte, ProfileFte, StaffYear};
pub use summary::*;

use serde::Serialize;

use crate::model::{Money, Percent};

/// `num / den` rounded half away from zero (both non-negative).
pub fn div_round(num: i128, den: i128) -> i64 {
    debug_assert!(num >= 0 && den > 0);
    ((2 * num + den) / (2 * den)) as i64
}

/// `part` as a share of `whole`, in hundredths of a percent.
pub fn share(part: Money, whole: Money) -> Option<Percent> {
    (whole.cents() > 0).then(|| {
        Percent(div_round(
            part.cents() as i128 * 10_000,
            whole.cents() as i128,
        ))
    })
}

/// Money divided by a count, rounded to cents.
pub fn per(amount: Money, count: i64) -> Option<Money> {
    (count > 0).then(|| Money::from_cents(div_round(amount.cents() as i128, count as i128)))
}

/// Sum of recorded figures; `None` when nothing is recorded. The flag says some were missing.
pub fn sum_recorded<T: Copy>(
    items: impl Iterator<Item = Option<T>>,
    add: impl Fn(T, T) -> T,
) -> (Option<T>, bool) {
    let mut total = None;
    let mut missing = false;
    for i in items {
        match i {
            Some(v) => total = Some(total.map_or(v, |t| add(t, v))),
            None => missing = true,
        }
    }
    (total, missing)
}

pub(crate) fn add_money(a: Money, b: Money) -> Money {
    Money::from_cents(a.cents().saturating_add(b.cents()))
}

/// The sum of the amounts given; `None` (n.d.) when none is, never 0.
pub(crate) fn sum_given(amounts: impl IntoIterator<Item = Money>) -> Option<Money> {
    amounts
        .into_iter()
        .fold(None, |t, m| Some(add_money(t.unwrap_or(Money::ZERO), m)))
}

/// Which figures of a row are sums over partly missing data: written in JSON
/// as the list of their names (`"partial": ["participants", "cost"]`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Partial {
    pub participants: bool,
    pub users: bool,
    pub cost: bool,
}

impl Partial {
    /// Users or cost: the resource figures (participants are marked apart).
    pub fn resources(self) -> bool {
        self.users || self.cost
    }

    fn names(self) -> impl Iterator<Item = &'static str> {
        [
            (self.participants, "participants"),
            (self.users, "users"),
            (self.cost, "cost"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
    }
}

impl Serialize for Partial {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.names())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero() {
        // (numerator, denominator, expected)
        let table = [
            (5, 10, 1),
            (4, 10, 0),
            (15, 10, 2),
            (25, 10, 3),
            (1, 3, 0),
            (2, 3, 1),
            (0, 7, 0),
        ];
        for (n, d, want) in table {
            assert_eq!(div_round(n, d), want, "{n}/{d}");
        }
    }

    #[test]
    fn shares_and_per_capita_figures() {
        // 1 of 3 → 33.33%; 2 of 3 → 66.67%.
        assert_eq!(
            share(Money::from_cents(100), Money::from_cents(300)),
            Some(Percent(3333))
        );
        assert_eq!(
            share(Money::from_cents(200), Money::from_cents(300)),
            Some(Percent(6667))
        );
        assert_eq!(share(Money::from_cents(1), Money::ZERO), None);
        // € 19.084.183 over 186.690 inhabitants = € 102,22 (102.2231...)
        assert_eq!(
            per(Money::from_cents(1_908_418_300), 186_690),
            Some(Money::from_cents(10_222))
        );
        // Half a cent rounds up: 0.05 / 2 = 0.025 → 0.03
        assert_eq!(per(Money::from_cents(5), 2), Some(Money::from_cents(3)));
        assert_eq!(per(Money::from_cents(5), 0), None);
    }
}
