//! The fund ledger (SPEC 7): for each fund with commitments or payments, by
//! year of origin (annualità), what was allocated and, year by year, what
//! was committed and paid, with the share paid — what the national
//! reporting asks for.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{add_money, share};
use crate::model::{BudgetKind, Money, Percent, Plan};

#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct LedgerYear {
    pub year: i64,
    /// `null` when nothing is given for the year.
    pub committed: Option<Money>,
    pub paid: Option<Money>,
    /// Paid by the end of this year, from the start, over the allocation.
    pub paid_share: Option<Percent>,
}

#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub fund: String,
    pub origin: i64,
    /// The allocation of the annualità; `null` when the plan gives none.
    pub allocated: Option<Money>,
    pub committed: Option<Money>,
    pub paid: Option<Money>,
    pub paid_share: Option<Percent>,
    pub years: Vec<LedgerYear>,
}

fn add(slot: &mut Option<Money>, m: Money) {
    *slot = Some(add_money(slot.unwrap_or(Money::ZERO), m));
}

/// Every amount committed or paid, by (fund, origin, year, kind): the sums
/// of the cards' budget entries.
pub fn ledger_entries(plan: &Plan) -> BTreeMap<(&str, i64, i64, BudgetKind), Money> {
    let mut out = BTreeMap::new();
    for a in &plan.activities {
        for b in a
            .card
            .budget
            .iter()
            .filter(|b| matches!(b.kind.value, BudgetKind::Committed | BudgetKind::Paid))
        {
            for f in &b.funding {
                let slot = out
                    .entry((
                        f.source.value.as_str(),
                        b.origin(),
                        b.year.value,
                        b.kind.value,
                    ))
                    .or_insert(Money::ZERO);
                *slot = add_money(*slot, f.amount.value);
            }
        }
    }
    out
}

pub fn fund_ledger(plan: &Plan) -> Vec<LedgerRow> {
    let entries = ledger_entries(plan);
    let mut rows = Vec::new();
    for f in &plan.funds {
        let fund = f.id.value.as_str();
        let mut origins: BTreeSet<i64> = entries
            .keys()
            .filter(|(s, ..)| *s == fund)
            .map(|(_, o, ..)| *o)
            .collect();
        if origins.is_empty() {
            continue;
        }
        origins.extend(f.allocation.iter().map(|a| a.origin()));
        for origin in origins {
            let allocated = super::sum_given(
                f.allocation
                    .iter()
                    .filter(|a| a.origin() == origin)
                    .map(|a| a.amount.value),
            );
            let mut years: BTreeMap<i64, (Option<Money>, Option<Money>)> = BTreeMap::new();
            for ((_, _, year, kind), amount) in entries
                .iter()
                .filter(|((s, o, ..), _)| *s == fund && *o == origin)
            {
                let slot = years.entry(*year).or_default();
                match kind {
                    BudgetKind::Committed => add(&mut slot.0, *amount),
                    _ => add(&mut slot.1, *amount),
                }
            }
            let (mut committed, mut paid) = (None, None);
            let years = years
                .into_iter()
                .map(|(year, (c, p))| {
                    if let Some(c) = c {
                        add(&mut committed, c);
                    }
                    if let Some(p) = p {
                        add(&mut paid, p);
                    }
                    LedgerYear {
                        year,
                        committed: c,
                        paid: p,
                        paid_share: paid.zip(allocated).and_then(|(p, a)| share(p, a)),
                    }
                })
                .collect();
            rows.push(LedgerRow {
                fund: fund.to_string(),
                origin,
                allocated,
                committed,
                paid,
                paid_share: paid.zip(allocated).and_then(|(p, a)| share(p, a)),
                years,
            });
        }
    }
    rows
}
