//! The Piano di Zona's figures (SPEC 4.5, 4.6, 4.8, 4.9): the plan's years,
//! each fund's sources and uses by year, the budget by year and kind (by area,
//! objective and scheme code), and each indicator's targets met or not.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::add_money;
use super::ledger::{Comparison, Ledger, Part, Tally};
use crate::model::{BudgetKind, Direction, ISTAT_SCHEME, Money, Number, Plan, TARGETS};

/// Where a card with no Istat user area is counted, so that the areas add up.
pub const UNCLASSIFIED: &str = "unclassified";

#[derive(Debug, Serialize)]
pub struct FundYear {
    pub year: i64,
    /// What the district receives from the fund that year; `null` if not given.
    pub allocation: Option<Money>,
    /// Allocation less planned; `null` without both.
    pub unallocated: Option<Money>,
    /// Planned and actual, like with like (SPEC 4.9).
    #[serde(flatten)]
    pub figures: Comparison,
}

#[derive(Debug, Serialize)]
pub struct FundRow {
    pub id: String,
    pub name: String,
    pub years: Vec<FundYear>,
    /// Over the years above: the same rules, each card-year once.
    pub total: FundTotal,
}

/// A fund's figures over its years, as one year's are computed.
#[derive(Debug, Serialize)]
pub struct FundTotal {
    pub allocation: Option<Money>,
    pub unallocated: Option<Money>,
    #[serde(flatten)]
    pub figures: Comparison,
}

#[derive(Debug, Serialize)]
pub struct Amount {
    pub id: String,
    pub amount: Money,
}

/// An objective's money: its cards and those of its sub-objectives, each once.
#[derive(Debug, Serialize)]
pub struct ObjectiveAmount {
    pub id: String,
    pub amount: Money,
    /// The cards that name the objective itself; `null` when none has this figure.
    pub own: Option<Money>,
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
    /// Rolled up: an objective counts its sub-objectives' cards, each card once.
    pub by_objective: Vec<ObjectiveAmount>,
    /// A card with two codes of a scheme counts under both; the Istat user
    /// areas (`istat-area`) give each card one, so they add up to `total`.
    pub by_scheme: Vec<CodeAmount>,
    /// `["total"]` for actual spending when some cards that planned the
    /// year have not reported it.
    pub partial: Vec<&'static str>,
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
    /// Neither a card's nor an objective's: a context series.
    pub context: bool,
    pub years: Vec<IndicatorYear>,
}

#[derive(Debug, Serialize, Default)]
pub struct Programme {
    pub years: Vec<i64>,
    /// The years with a monitoring report (SPEC 4.9).
    pub monitoring_years: Vec<i64>,
    pub funds: Vec<FundRow>,
    pub budget: Vec<BudgetRow>,
    pub indicators: Vec<IndicatorRow>,
}

fn met(direction: Option<Direction>, target: &Number, actual: &Number) -> Option<bool> {
    use std::cmp::Ordering::*;
    // Without a direction, more is better: the usual reading of a target.
    match direction.unwrap_or(Direction::Increase) {
        Direction::Increase => Some(actual.cmp_exact(target)? != Less),
        Direction::Decrease => Some(actual.cmp_exact(target)? != Greater),
        Direction::Keep => actual.within_percent(target, 5),
    }
}

/// The years with a monitoring report (SPEC 4.9): within the plan's years
/// (when it states them), those with actual spending, progress, or an actual
/// of an indicator tied to a card or an objective.
pub fn monitoring_years(plan: &Plan) -> Vec<i64> {
    let ledger = Ledger::of(plan);
    monitoring_years_of(plan, &ledger)
}

fn monitoring_years_of(plan: &Plan, ledger: &Ledger<'_>) -> Vec<i64> {
    let mut years = BTreeSet::new();
    for (a, by_year) in plan.activities.iter().zip(&ledger.years) {
        years.extend(
            by_year
                .iter()
                .filter(|(_, c)| c.actual.is_some())
                .map(|(y, _)| *y),
        );
        years.extend(a.card.progress.iter().map(|p| p.year.value));
    }
    for i in plan.indicators.iter().filter(|i| !i.is_context()) {
        years.extend(i.actuals.iter().map(|m| m.year.value));
    }
    let range = plan.years();
    years
        .into_iter()
        .filter(|y| range.as_ref().is_none_or(|r| r.contains(y)))
        .collect()
}

/// Each activity's Istat user area (SPEC 4.9): `codes.istat-area`, else its
/// area's `target`; several → "multiutenza" (the Istat area of services for
/// several groups), none → unclassified.
pub fn istat_area<'p>(plan: &'p Plan, a: &'p crate::model::Activity) -> &'p str {
    let explicit: Vec<&str> = a
        .card
        .codes
        .iter()
        .filter(|(s, _)| s.value == ISTAT_SCHEME)
        .flat_map(|(_, codes)| codes.iter().map(|c| c.value.as_str()))
        .collect();
    let mut list: Vec<&str> = if explicit.is_empty() {
        plan.areas
            .iter()
            .find(|x| x.id.value == a.area.value)
            .map(|x| x.target.iter().map(|t| t.value.as_str()).collect())
            .unwrap_or_default()
    } else {
        explicit
    };
    list.sort_unstable();
    list.dedup();
    match list.as_slice() {
        [] => UNCLASSIFIED,
        [one] => TARGETS.iter().find(|t| *t == one).copied().unwrap_or(one),
        _ => "multiutenza",
    }
}

/// Each objective's cards: (own, with its sub-objectives), activity indexes.
pub(crate) fn objective_cards(plan: &Plan) -> Vec<(BTreeSet<usize>, BTreeSet<usize>)> {
    let own: Vec<BTreeSet<usize>> = plan
        .objectives
        .iter()
        .map(|o| {
            plan.activities
                .iter()
                .enumerate()
                .filter(|(_, a)| a.card.objectives.iter().any(|x| x.value == o.id.value))
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    plan.objectives
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mut all = own[i].clone();
            // Descendants: objectives whose chain of parents reaches `o`
            // (bounded, so a cycle, already an error, cannot loop).
            for (j, d) in plan.objectives.iter().enumerate() {
                let mut at = d.parent.as_ref().map(|p| p.value.as_str());
                for _ in 0..plan.objectives.len() {
                    let Some(p) = at else { break };
                    if p == o.id.value {
                        all.extend(own[j].iter().copied());
                        break;
                    }
                    at = plan
                        .objectives
                        .iter()
                        .find(|x| x.id.value == p)
                        .and_then(|x| x.parent.as_ref().map(|p| p.value.as_str()));
                }
            }
            (own[i].clone(), all)
        })
        .collect()
}

pub fn programme(plan: &Plan) -> Programme {
    let ledger = Ledger::of(plan);
    let mut years: BTreeSet<i64> = plan.years().map(|r| r.collect()).unwrap_or_default();
    if plan.years().is_none() {
        years.extend(ledger.years.iter().flat_map(|c| c.keys().copied()));
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
    let monitoring_years = monitoring_years_of(plan, &ledger);
    let last_reported = monitoring_years.last().copied();
    let all: Vec<usize> = (0..plan.activities.len()).collect();

    let funds = plan
        .funds
        .iter()
        .map(|f| {
            let mut fund_years: BTreeSet<i64> = years.clone();
            fund_years.extend(f.allocation.iter().map(|a| a.year.value));
            let mut total_tally = Tally::default();
            let mut total_allocation: Option<Money> = None;
            let fund_row_years = fund_years
                .into_iter()
                .map(|year| {
                    // Every annualità received that year.
                    let allocation = f.allocation.iter().filter(|a| a.year.value == year).fold(
                        None,
                        |t: Option<Money>, a| {
                            Some(add_money(t.unwrap_or(Money::ZERO), a.amount.value))
                        },
                    );
                    let tally = ledger.tally(all.iter().copied(), year, Part::Source(&f.id.value));
                    total_tally = total_tally.merge(tally);
                    if let Some(a) = allocation {
                        total_allocation =
                            Some(add_money(total_allocation.unwrap_or(Money::ZERO), a));
                    }
                    fund_year(year, allocation, tally)
                })
                .collect();
            FundRow {
                id: f.id.value.clone(),
                name: f.name.value.clone(),
                years: fund_row_years,
                total: FundTotal {
                    allocation: total_allocation,
                    unallocated: unallocated(total_allocation, total_tally),
                    figures: total_tally.into(),
                },
            }
        })
        .collect();

    let objective_cards = objective_cards(plan);
    let istat: Vec<&str> = plan
        .activities
        .iter()
        .map(|a| istat_area(plan, a))
        .collect();
    let any_istat = istat.iter().any(|x| *x != UNCLASSIFIED);

    let mut budget = Vec::new();
    let keys: BTreeSet<(i64, BudgetKind)> = ledger
        .years
        .iter()
        .flat_map(|c| {
            c.iter().flat_map(|(y, cy)| {
                [
                    cy.planned.as_ref().map(|_| (*y, BudgetKind::Planned)),
                    cy.actual.as_ref().map(|_| (*y, BudgetKind::Actual)),
                ]
                .into_iter()
                .flatten()
            })
        })
        .collect();
    for (year, kind) in keys {
        let cost = |i: usize| -> Option<Money> {
            let cy = ledger.card_year(i, year)?;
            match kind {
                BudgetKind::Planned => cy.planned.as_ref(),
                _ => cy.actual.as_ref(),
            }
            .map(|e| e.total)
        };
        let sum = |members: &mut dyn Iterator<Item = usize>| -> Option<Money> {
            super::sum_given(members.filter_map(cost))
        };
        let total = sum(&mut all.iter().copied()).unwrap_or(Money::ZERO);
        let by_area = plan
            .areas
            .iter()
            .filter_map(|area| {
                let amount = sum(&mut all
                    .iter()
                    .copied()
                    .filter(|i| plan.activities[*i].area.value == area.id.value))?;
                Some(Amount {
                    id: area.id.value.clone(),
                    amount,
                })
            })
            .collect();
        let by_objective = plan
            .objectives
            .iter()
            .zip(&objective_cards)
            .filter_map(|(o, (own, with_subs))| {
                Some(ObjectiveAmount {
                    id: o.id.value.clone(),
                    amount: sum(&mut with_subs.iter().copied())?,
                    own: sum(&mut own.iter().copied()),
                })
            })
            .collect();
        let mut by_code: BTreeMap<(usize, usize, &str, &str), Money> = BTreeMap::new();
        for i in all.iter().copied() {
            let Some(c) = cost(i) else { continue };
            let a = &plan.activities[i];
            for (scheme, codes) in a.card.codes.iter().filter(|(s, _)| s.value != ISTAT_SCHEME) {
                let s = plan.schemes.iter().position(|x| x.id.value == scheme.value);
                for code in codes {
                    let rank = s
                        .and_then(|s| {
                            plan.schemes[s]
                                .codes
                                .iter()
                                .position(|x| x.code.value == code.value)
                        })
                        .unwrap_or(usize::MAX);
                    let slot = by_code
                        .entry((
                            s.unwrap_or(usize::MAX),
                            rank,
                            scheme.value.as_str(),
                            code.value.as_str(),
                        ))
                        .or_insert(Money::ZERO);
                    *slot = add_money(*slot, c);
                }
            }
            if any_istat {
                let rank = TARGETS
                    .iter()
                    .position(|t| *t == istat[i])
                    .unwrap_or(TARGETS.len());
                let slot = by_code
                    .entry((usize::MAX - 1, rank, ISTAT_SCHEME, istat[i]))
                    .or_insert(Money::ZERO);
                *slot = add_money(*slot, c);
            }
        }
        let by_scheme = by_code
            .into_iter()
            .map(|((_, _, scheme, code), amount)| CodeAmount {
                scheme: scheme.into(),
                code: code.into(),
                amount,
            })
            .collect();
        let tally = ledger.tally(all.iter().copied(), year, Part::Total);
        budget.push(BudgetRow {
            year,
            kind,
            total,
            by_area,
            by_objective,
            by_scheme,
            partial: if kind == BudgetKind::Actual && tally.actual_partial() {
                vec!["total"]
            } else {
                Vec::new()
            },
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
                context: i.is_context(),
                years: ys
                    .into_iter()
                    .map(|year| {
                        let target = value(&i.targets, year);
                        let actual = value(&i.actuals, year);
                        let met = match (&target, &actual) {
                            (Some(t), Some(a)) => met(i.direction.as_ref().map(|d| d.value), t, a),
                            // A reported year without the figure: not met;
                            // a year not yet reported: n.d.
                            (Some(_), None)
                                if !i.is_context()
                                    && monitoring_years.contains(&year)
                                    && last_reported.is_some_and(|l| year <= l) =>
                            {
                                Some(false)
                            }
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
        monitoring_years,
        funds,
        budget,
        indicators,
    }
}

fn fund_year(year: i64, allocation: Option<Money>, tally: Tally) -> FundYear {
    FundYear {
        year,
        allocation,
        unallocated: unallocated(allocation, tally),
        figures: tally.into(),
    }
}

/// The allocation left after the planned budgets: only when the allocation
/// covers them (an overrun is reported apart, never as a negative remainder).
fn unallocated(allocation: Option<Money>, tally: Tally) -> Option<Money> {
    allocation
        .zip(tally.planned)
        .filter(|(a, p)| a >= p)
        .map(|(a, p)| Money::from_cents(a.cents() - p.cents()))
}
