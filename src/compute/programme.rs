//! The Piano di Zona's figures (SPEC 4.5, 4.6, 4.8): the plan's years, each
//! fund's sources and uses by year, the budget by year and kind (by area,
//! objective and scheme code), and each indicator's targets met or not.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{BudgetKind, Money, Number, Plan};

#[derive(Debug, Serialize)]
pub struct FundYear {
    pub year: i64,
    /// What the district receives from the fund that year; `null` if not given.
    pub allocation: Option<Money>,
    /// Planned budgets drawing on it.
    pub planned: Money,
    /// Actual spending drawing on it; `null` for a year with no actual figures yet.
    pub actual: Option<Money>,
    /// Allocation less planned; `null` without an allocation.
    pub unallocated: Option<Money>,
}

#[derive(Debug, Serialize)]
pub struct FundRow {
    pub id: String,
    pub name: String,
    pub years: Vec<FundYear>,
}

#[derive(Debug, Serialize)]
pub struct Amount {
    pub id: String,
    pub amount: Money,
}

#[derive(Debug, Serialize)]
pub struct CodeAmount {
    pub scheme: String,
    pub code: String,
    pub amount: Money,
}

#[derive(Debug, Serialize)]
pub struct BudgetRow {
    pub year: i64,
    pub kind: BudgetKind,
    pub total: Money,
    pub by_area: Vec<Amount>,
    /// A card serving two objectives counts in both.
    pub by_objective: Vec<Amount>,
    /// A card with two codes counts under both.
    pub by_scheme: Vec<CodeAmount>,
}

#[derive(Debug, Serialize)]
pub struct IndicatorYear {
    pub year: i64,
    pub target: Option<Number>,
    pub actual: Option<Number>,
    /// By the indicator's direction; `null` when it cannot be said (n.d.).
    pub met: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct IndicatorRow {
    pub id: String,
    pub title: String,
    pub years: Vec<IndicatorYear>,
}

#[derive(Debug, Serialize, Default)]
pub struct Programme {
    pub years: Vec<i64>,
    pub funds: Vec<FundRow>,
    pub budget: Vec<BudgetRow>,
    pub indicators: Vec<IndicatorRow>,
}

fn add(a: Money, b: Money) -> Money {
    Money::from_cents(a.cents().saturating_add(b.cents()))
}

/// Each activity's cost by (year, kind): its budget entries, and its
/// `cost` as actual spending of `reference_year`.
fn activity_costs(plan: &Plan) -> Vec<BTreeMap<(i64, BudgetKind), Money>> {
    let reference_year = plan.plan.reference_year.as_ref().map(|y| y.value);
    plan.activities
        .iter()
        .map(|a| {
            let mut costs = BTreeMap::new();
            for b in &a.card.budget {
                let total = b.total().unwrap_or(Money::ZERO);
                let slot = costs
                    .entry((b.year.value, b.kind.value))
                    .or_insert(Money::ZERO);
                *slot = add(*slot, total);
            }
            if let (Some(year), Some(cost)) = (reference_year, &a.cost) {
                let slot = costs
                    .entry((year, BudgetKind::Actual))
                    .or_insert(Money::ZERO);
                *slot = add(*slot, cost.value);
            }
            costs
        })
        .collect()
}

/// The last year with any actual figure: spending, progress or an indicator's.
fn last_actual_year(plan: &Plan, costs: &[BTreeMap<(i64, BudgetKind), Money>]) -> Option<i64> {
    let spent = costs
        .iter()
        .flat_map(|c| c.keys())
        .filter(|(_, k)| *k == BudgetKind::Actual)
        .map(|(y, _)| *y);
    let progress = plan
        .activities
        .iter()
        .flat_map(|a| a.card.progress.iter().map(|p| p.year.value));
    let measured = plan
        .indicators
        .iter()
        .flat_map(|i| i.actuals.iter().map(|m| m.year.value));
    spent.chain(progress).chain(measured).max()
}

fn met(direction: Option<&str>, target: &Number, actual: &Number) -> Option<bool> {
    use std::cmp::Ordering::*;
    // Without a direction, more is better: the usual reading of a target.
    match direction.unwrap_or("increase") {
        "increase" => Some(actual.cmp_exact(target)? != Less),
        "decrease" => Some(actual.cmp_exact(target)? != Greater),
        _ => actual.within_percent(target, 5),
    }
}

pub fn programme(plan: &Plan) -> Programme {
    let costs = activity_costs(plan);
    let fund_use = plan.fund_use();
    let mut years: BTreeSet<i64> = plan.years().map(|r| r.collect()).unwrap_or_default();
    if plan.years().is_none() {
        years.extend(costs.iter().flat_map(|c| c.keys().map(|(y, _)| *y)));
        years.extend(
            plan.funds
                .iter()
                .flat_map(|f| f.allocation.iter().map(|a| a.year.value)),
        );
        years.extend(
            plan.indicators
                .iter()
                .flat_map(|i| i.targets.iter().chain(&i.actuals).map(|m| m.year.value)),
        );
    }
    let last_actual = last_actual_year(plan, &costs);
    let has_actuals = |year: i64| last_actual.is_some_and(|l| year <= l);

    let funds = plan
        .funds
        .iter()
        .map(|f| {
            let mut fund_years: BTreeSet<i64> = years.clone();
            fund_years.extend(f.allocation.iter().map(|a| a.year.value));
            let used = |year, kind| {
                fund_use
                    .get(&(f.id.value.clone(), year, kind))
                    .copied()
                    .unwrap_or(Money::ZERO)
            };
            FundRow {
                id: f.id.value.clone(),
                name: f.name.value.clone(),
                years: fund_years
                    .into_iter()
                    .map(|year| {
                        let allocation = f
                            .allocation
                            .iter()
                            .find(|a| a.year.value == year)
                            .map(|a| a.amount.value);
                        let planned = used(year, BudgetKind::Planned);
                        FundYear {
                            year,
                            allocation,
                            planned,
                            actual: has_actuals(year).then(|| used(year, BudgetKind::Actual)),
                            unallocated: allocation
                                .filter(|a| *a >= planned)
                                .map(|a| Money::from_cents(a.cents() - planned.cents())),
                        }
                    })
                    .collect(),
            }
        })
        .collect();

    let mut budget = Vec::new();
    let keys: BTreeSet<(i64, BudgetKind)> = costs.iter().flat_map(|c| c.keys().copied()).collect();
    for (year, kind) in keys {
        let mut total = Money::ZERO;
        let mut by_area: Vec<Amount> = Vec::new();
        let mut by_objective: BTreeMap<&str, Money> = BTreeMap::new();
        let mut by_code: BTreeMap<(&str, &str), Money> = BTreeMap::new();
        for (a, c) in plan.activities.iter().zip(&costs) {
            let Some(cost) = c.get(&(year, kind)).copied() else {
                continue;
            };
            total = add(total, cost);
            match by_area.iter_mut().find(|x| x.id == a.area.value) {
                Some(x) => x.amount = add(x.amount, cost),
                None => by_area.push(Amount {
                    id: a.area.value.clone(),
                    amount: cost,
                }),
            }
            for o in &a.card.objectives {
                let slot = by_objective.entry(o.value.as_str()).or_insert(Money::ZERO);
                *slot = add(*slot, cost);
            }
            for (scheme, codes) in &a.card.codes {
                for code in codes {
                    let slot = by_code
                        .entry((scheme.value.as_str(), code.value.as_str()))
                        .or_insert(Money::ZERO);
                    *slot = add(*slot, cost);
                }
            }
        }
        // Areas and objectives in the plan's order; codes in the schemes' order.
        by_area.sort_by_key(|x| plan.areas.iter().position(|a| a.id.value == x.id));
        let by_objective = plan
            .objectives
            .iter()
            .filter_map(|o| {
                let amount = *by_objective.get(o.id.value.as_str())?;
                Some(Amount {
                    id: o.id.value.clone(),
                    amount,
                })
            })
            .collect();
        let code_rank = |scheme: &str, code: &str| {
            let s = plan.schemes.iter().position(|s| s.id.value == scheme);
            let c = s.and_then(|s| {
                plan.schemes[s]
                    .codes
                    .iter()
                    .position(|c| c.code.value == code)
            });
            (
                s.unwrap_or(usize::MAX),
                c.unwrap_or(usize::MAX),
                scheme.to_string(),
                code.to_string(),
            )
        };
        let mut by_scheme: Vec<CodeAmount> = by_code
            .into_iter()
            .map(|((scheme, code), amount)| CodeAmount {
                scheme: scheme.into(),
                code: code.into(),
                amount,
            })
            .collect();
        by_scheme.sort_by_key(|x| code_rank(&x.scheme, &x.code));
        budget.push(BudgetRow {
            year,
            kind,
            total,
            by_area,
            by_objective,
            by_scheme,
        });
    }

    let indicators = plan
        .indicators
        .iter()
        .map(|i| {
            let mut ys: BTreeSet<i64> = i.targets.iter().map(|m| m.year.value).collect();
            ys.extend(i.actuals.iter().map(|m| m.year.value));
            let value = |list: &[crate::model::Measure], year: i64| {
                list.iter()
                    .find(|m| m.year.value == year)
                    .map(|m| m.value.value.clone())
            };
            IndicatorRow {
                id: i.id.value.clone(),
                title: i.title.value.clone(),
                years: ys
                    .into_iter()
                    .map(|year| {
                        let target = value(&i.targets, year);
                        let actual = value(&i.actuals, year);
                        let met = match (&target, &actual) {
                            (Some(t), Some(a)) => {
                                met(i.direction.as_ref().map(|d| d.value.as_str()), t, a)
                            }
                            // Reported years without the figure: not met; later ones: n.d.
                            (Some(_), None) if has_actuals(year) => Some(false),
                            _ => None,
                        };
                        IndicatorYear {
                            year,
                            target,
                            actual,
                            met,
                        }
                    })
                    .collect(),
            }
        })
        .collect();

    Programme {
        years: years.into_iter().collect(),
        funds,
        budget,
        indicators,
    }
}
