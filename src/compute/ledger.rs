//! Each activity's money by year, and the one rule every planned-versus-actual
//! figure follows (SPEC 4.9): an absent figure is n.d., never 0; a total over
//! partly reported cards says it is partial; a percentage compares the cards
//! that planned with their own actuals; spending without a planned budget is
//! counted apart ("spesa senza preventivo").

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Percent, add_money, share};
use crate::model::{Activity, BudgetKind, Money, Plan};

/// One budget entry (or an activity's `cost`/`funding`): its total and what
/// each source gives. A `cost` without `funding` has no sources.
#[derive(Debug)]
pub(crate) struct Entry<'a> {
    pub total: Money,
    pub sources: Vec<(&'a str, Money)>,
}

impl Entry<'_> {
    fn given_by(&self, source: &str) -> Option<Money> {
        let mut found = None;
        for (s, m) in &self.sources {
            if *s == source {
                found = Some(add_money(found.unwrap_or(Money::ZERO), *m));
            }
        }
        found
    }
}

/// What one activity plans and spends in a year.
#[derive(Debug, Default)]
pub(crate) struct CardYear<'a> {
    pub planned: Option<Entry<'a>>,
    pub actual: Option<Entry<'a>>,
}

/// Every activity's money by year, in the activities' order.
pub(crate) struct Ledger<'a> {
    pub years: Vec<BTreeMap<i64, CardYear<'a>>>,
}

impl<'a> Ledger<'a> {
    pub fn of(plan: &'a Plan) -> Self {
        let reference_year = plan.plan.reference_year.as_ref().map(|y| y.value);
        let years = plan
            .activities
            .iter()
            .map(|a| activity_years(a, reference_year))
            .collect();
        Ledger { years }
    }

    pub fn card_year(&self, activity: usize, year: i64) -> Option<&CardYear<'a>> {
        self.years.get(activity)?.get(&year)
    }

    /// The figures of the activities `members` in `year`, counting of each
    /// entry what `part` takes (its total, or what one fund gives: `None` when
    /// the entry does not involve it).
    pub fn tally(
        &self,
        members: impl IntoIterator<Item = usize>,
        year: i64,
        part: Part<'_>,
    ) -> Tally {
        let mut t = Tally::default();
        for i in members {
            let Some(cy) = self.card_year(i, year) else {
                continue;
            };
            let planned = cy.planned.as_ref().and_then(|e| part.of(e));
            let actual_entry = cy.actual.as_ref();
            let actual = actual_entry.and_then(|e| part.of(e));
            match planned {
                Some(p) => {
                    t.cards += 1;
                    t.planned = Some(add_money(t.planned.unwrap_or(Money::ZERO), p));
                    if actual_entry.is_some() {
                        // A reported card spent what its entry gives, € 0 from a
                        // source it planned and did not use.
                        let a = actual.unwrap_or(Money::ZERO);
                        t.reporting += 1;
                        t.compared_planned = add_money(t.compared_planned, p);
                        t.compared_actual = add_money(t.compared_actual, a);
                        t.actual = Some(add_money(t.actual.unwrap_or(Money::ZERO), a));
                    }
                }
                None => {
                    if let Some(a) = actual {
                        t.unbudgeted = Some(add_money(t.unbudgeted.unwrap_or(Money::ZERO), a));
                        t.actual = Some(add_money(t.actual.unwrap_or(Money::ZERO), a));
                    }
                }
            }
        }
        t
    }
}

/// Which part of an entry a figure counts.
#[derive(Clone, Copy)]
pub(crate) enum Part<'s> {
    Total,
    Source(&'s str),
}

impl Part<'_> {
    fn of(self, e: &Entry<'_>) -> Option<Money> {
        match self {
            Part::Total => Some(e.total),
            Part::Source(s) => e.given_by(s),
        }
    }
}

fn activity_years(a: &Activity, reference_year: Option<i64>) -> BTreeMap<i64, CardYear<'_>> {
    let mut out: BTreeMap<i64, CardYear<'_>> = BTreeMap::new();
    // Commitments and payments are the fund ledger's (SPEC 7), not spending.
    for b in a
        .card
        .budget
        .iter()
        .filter(|b| matches!(b.kind.value, BudgetKind::Planned | BudgetKind::Actual))
    {
        let entry = Entry {
            // A total past the largest amount is reported by validate; saturate here.
            total: b
                .funding
                .iter()
                .fold(Money::ZERO, |t, f| add_money(t, f.amount.value)),
            sources: b
                .funding
                .iter()
                .map(|f| (f.source.value.as_str(), f.amount.value))
                .collect(),
        };
        let slot = out.entry(b.year.value).or_default();
        // Entries of several annualità in one year add up.
        let target = match b.kind.value {
            BudgetKind::Planned => &mut slot.planned,
            _ => &mut slot.actual,
        };
        *target = Some(match target.take() {
            None => entry,
            Some(mut before) => {
                before.total = add_money(before.total, entry.total);
                before.sources.extend(entry.sources);
                before
            }
        });
    }
    // `cost`/`funding` (SPEC 2.8) are actual spending of the reference year.
    if let Some(year) = reference_year {
        let sources: Vec<(&str, Money)> = a
            .funding
            .iter()
            .map(|f| (f.source.value.as_str(), f.amount.value))
            .collect();
        let total = a.cost.as_ref().map(|c| c.value).or_else(|| {
            (!sources.is_empty()).then(|| {
                sources
                    .iter()
                    .fold(Money::ZERO, |t, (_, m)| add_money(t, *m))
            })
        });
        if let Some(total) = total {
            out.entry(year).or_default().actual = Some(Entry { total, sources });
        }
    }
    out
}

/// Planned against actual for a set of cards in a year.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// What the cards that plan it give; `None` when none does.
    pub planned: Option<Money>,
    /// Everything spent: the planning cards' actuals and the spending
    /// without a planned budget; `None` when nothing is reported.
    pub actual: Option<Money>,
    /// Spending of activities that had no planned budget for it that year.
    pub unbudgeted: Option<Money>,
    /// The cards with a planned budget, and those of them that reported.
    pub cards: i64,
    pub reporting: i64,
    /// Like with like: the planned budget of the cards that reported, and
    /// their own actuals.
    pub compared_planned: Money,
    pub compared_actual: Money,
}

impl Tally {
    /// Two tallies as one (the years of a period): each card-year counts once
    /// in `cards` and `reporting`, so the share spent stays like with like.
    pub fn merge(self, other: Tally) -> Tally {
        let add = |a: Option<Money>, b: Option<Money>| match (a, b) {
            (None, None) => None,
            (a, b) => Some(add_money(
                a.unwrap_or(Money::ZERO),
                b.unwrap_or(Money::ZERO),
            )),
        };
        Tally {
            planned: add(self.planned, other.planned),
            actual: add(self.actual, other.actual),
            unbudgeted: add(self.unbudgeted, other.unbudgeted),
            cards: self.cards + other.cards,
            reporting: self.reporting + other.reporting,
            compared_planned: add_money(self.compared_planned, other.compared_planned),
            compared_actual: add_money(self.compared_actual, other.compared_actual),
        }
    }

    /// Some planning cards reported and some did not.
    pub fn actual_partial(&self) -> bool {
        self.actual.is_some() && self.reporting < self.cards
    }

    /// Actual less planned over the cards that reported; `None` when none did.
    pub fn difference(&self) -> Option<Money> {
        (self.reporting > 0).then(|| {
            Money::from_cents(
                self.compared_actual
                    .cents()
                    .saturating_sub(self.compared_planned.cents()),
            )
        })
    }

    /// Share spent over the cards that reported; `None` when none did or
    /// they planned nothing.
    pub fn percent(&self) -> Option<Percent> {
        if self.reporting == 0 {
            return None;
        }
        share(self.compared_actual, self.compared_planned)
    }
}

/// The comparison as every output writes it (summary JSON, monitoring).
#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub planned: Option<Money>,
    pub actual: Option<Money>,
    /// Spending without a planned budget, part of `actual`, outside `percent`.
    pub unbudgeted: Option<Money>,
    /// Actual less planned over the cards that reported.
    pub difference: Option<Money>,
    /// Actual over planned, over the cards that reported.
    pub percent: Option<Percent>,
    /// Cards with a planned budget, and how many of them reported actuals.
    pub cards: i64,
    pub reporting: i64,
    /// The planned budget of the reporting cards: what `percent` compares.
    pub compared_planned: Option<Money>,
    pub partial: Vec<&'static str>,
}

impl From<Tally> for Comparison {
    fn from(t: Tally) -> Self {
        Comparison {
            planned: t.planned,
            actual: t.actual,
            unbudgeted: t.unbudgeted,
            difference: t.difference(),
            percent: t.percent(),
            cards: t.cards,
            reporting: t.reporting,
            compared_planned: (t.reporting > 0).then_some(t.compared_planned),
            partial: if t.actual_partial() {
                vec!["actual"]
            } else {
                Vec::new()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(total: i64, sources: &[(&'static str, i64)]) -> Entry<'static> {
        Entry {
            total: Money::from_cents(total * 100),
            sources: sources
                .iter()
                .map(|(s, m)| (*s, Money::from_cents(m * 100)))
                .collect(),
        }
    }

    fn ledger(cards: Vec<CardYear<'static>>) -> Ledger<'static> {
        Ledger {
            years: cards
                .into_iter()
                .map(|c| BTreeMap::from([(2024, c)]))
                .collect(),
        }
    }

    fn eur(n: i64) -> Money {
        Money::from_cents(n * 100)
    }

    #[test]
    fn one_card_of_three_reporting_compares_its_own_plan() {
        // Planned 100, 200, 300 from frna; only the first reported 99.
        let l = ledger(vec![
            CardYear {
                planned: Some(entry(100, &[("frna", 100)])),
                actual: Some(entry(99, &[("frna", 99)])),
            },
            CardYear {
                planned: Some(entry(200, &[("frna", 200)])),
                actual: None,
            },
            CardYear {
                planned: Some(entry(300, &[("frna", 300)])),
                actual: None,
            },
        ]);
        let t = l.tally(0..3, 2024, Part::Source("frna"));
        assert_eq!(t.planned, Some(eur(600)));
        assert_eq!(t.actual, Some(eur(99)));
        assert!(t.actual_partial());
        assert_eq!(t.percent(), Some(Percent(9900)));
        assert_eq!(t.difference(), Some(eur(-1)));
    }

    #[test]
    fn spending_without_a_plan_is_apart_from_the_percentage() {
        let l = ledger(vec![
            CardYear {
                planned: Some(entry(100, &[("comuni", 100)])),
                actual: Some(entry(80, &[("comuni", 80)])),
            },
            // 2.8-style spending: no planned budget.
            CardYear {
                planned: None,
                actual: Some(entry(500, &[("comuni", 500)])),
            },
        ]);
        let t = l.tally(0..2, 2024, Part::Source("comuni"));
        assert_eq!(t.actual, Some(eur(580)));
        assert_eq!(t.unbudgeted, Some(eur(500)));
        assert_eq!(t.percent(), Some(Percent(8000)));
        assert!(!t.actual_partial());
    }

    #[test]
    fn nothing_reported_is_not_available_never_zero() {
        let l = ledger(vec![CardYear {
            planned: Some(entry(100, &[("fnps", 100)])),
            actual: None,
        }]);
        let t = l.tally(0..1, 2024, Part::Source("fnps"));
        assert_eq!(t.actual, None);
        assert_eq!(t.percent(), None);
        assert_eq!(t.difference(), None);
        // A fund nobody names: everything n.d.
        let t = l.tally(0..1, 2024, Part::Source("other"));
        assert_eq!((t.planned, t.actual), (None, None));
        // A year with no entry at all.
        let t = l.tally(0..1, 2025, Part::Total);
        assert_eq!(t, Tally::default());
    }

    #[test]
    fn a_reported_card_that_used_nothing_of_a_planned_fund_spent_zero_of_it() {
        let l = ledger(vec![CardYear {
            planned: Some(entry(100, &[("fnps", 100)])),
            actual: Some(entry(90, &[("comuni", 90)])),
        }]);
        let fnps = l.tally(0..1, 2024, Part::Source("fnps"));
        assert_eq!(fnps.actual, Some(Money::ZERO));
        assert_eq!(fnps.percent(), Some(Percent(0)));
        let comuni = l.tally(0..1, 2024, Part::Source("comuni"));
        assert_eq!(comuni.planned, None);
        assert_eq!(comuni.unbudgeted, Some(eur(90)));
    }
}
