//! Where the money comes from and goes (SPEC 4.5, 4.7, 4.8): each fund's
//! allocation, planned, actual and unallocated amounts by year with a chart,
//! the cost by scheme code by year, and the indicators' targets met or not.

use crate::model::Choice;
use serde::Serialize;

use super::{Views, opt_s};
use crate::compute;
use crate::format as f;
use crate::model::{BudgetKind, ISTAT_SCHEME, Money};
use crate::render::chart;

#[derive(Serialize)]
pub struct FundYearView {
    pub year: String,
    pub allocation: String,
    pub planned: String,
    pub actual: String,
    /// Actual is the sum of the cards that have reported, not all of those that planned.
    pub actual_partial: bool,
    /// Spending without a planned budget, part of actual.
    pub unbudgeted: String,
    pub percent: String,
    pub unallocated: String,
}

#[derive(Serialize)]
pub struct FundView {
    pub id: String,
    pub name: String,
    pub level: Option<String>,
    pub years: Vec<FundYearView>,
    pub has_unbudgeted: bool,
    /// The total row over the years (its `year` is the word "Totale").
    pub total: FundYearView,
    /// The cards whose budget draws on the fund, linked.
    pub cards: Vec<super::cards::CardLink>,
    /// Commitments and payments by annualità (SPEC 7), when the plan gives them.
    pub ledger: Vec<LedgerRowView>,
}

/// One year of an annualità of the ledger.
#[derive(Serialize)]
pub struct LedgerRowView {
    pub origin: String,
    pub year: String,
    pub allocated: String,
    pub committed: String,
    pub paid: String,
    /// Paid so far over the allocation.
    pub paid_share: String,
    /// The annualità's total row.
    pub total: bool,
}

#[derive(Serialize)]
pub struct SchemeCostRow {
    pub code: String,
    pub title: String,
    /// One cell per year of `FundsView::years`, planned.
    pub cells: Vec<String>,
}

#[derive(Serialize)]
pub struct SchemeCostView {
    pub title: String,
    pub rows: Vec<SchemeCostRow>,
    /// The planned total by year, when every card counts once (the Istat user areas).
    pub total: Option<Vec<String>>,
}

#[derive(Serialize)]
pub struct FundsView {
    pub has_data: bool,
    pub years: Vec<String>,
    pub funds: Vec<FundView>,
    /// Allocations, planned budgets and actual spending, by year.
    pub chart: Option<chart::Chart>,
    pub schemes: Vec<SchemeCostView>,
}

#[derive(Serialize)]
pub struct IndicatorYearView {
    pub year: String,
    pub target: String,
    pub actual: String,
    /// "met", "not-met" or "n-a", with its label.
    pub met: &'static str,
    pub met_label: String,
}

#[derive(Serialize)]
pub struct IndicatorView {
    pub id: String,
    pub title: String,
    pub subject: String,
    /// The subject's page (its card, or its objective on the objectives
    /// page), relative to `html/`.
    pub subject_page: Option<String>,
    pub unit: Option<String>,
    pub direction: Option<String>,
    pub baseline: Option<String>,
    pub years: Vec<IndicatorYearView>,
}

impl Views<'_, '_> {
    fn fund_year_view(
        &self,
        year: String,
        allocation: Option<Money>,
        unallocated: Option<Money>,
        figures: &crate::compute::Comparison,
    ) -> FundYearView {
        let lang = self.lang;
        FundYearView {
            year,
            allocation: f::opt_money(lang, allocation),
            planned: f::opt_money(lang, figures.planned),
            actual: f::opt_money(lang, figures.actual),
            actual_partial: !figures.partial.is_empty(),
            unbudgeted: figures
                .unbudgeted
                .map_or_else(|| "–".to_string(), |m| f::money(lang, m)),
            percent: f::opt_percent(lang, figures.percent),
            unallocated: f::opt_money(lang, unallocated),
        }
    }

    fn number(&self, n: &crate::model::Number) -> String {
        f::number(self.lang, n)
    }

    pub(super) fn funds(&mut self) -> FundsView {
        let lang = self.lang;
        let p = &self.summary.programme;
        let funds: Vec<FundView> = p
            .funds
            .iter()
            .map(|row| FundView {
                id: row.id.clone(),
                name: row.name.clone(),
                level: self
                    .plan
                    .funds
                    .iter()
                    .find(|x| x.id.value == row.id)
                    .and_then(|x| x.level.as_ref())
                    .map(|l| self.l(l.value.label_key())),
                years: row
                    .years
                    .iter()
                    .map(|y| {
                        self.fund_year_view(
                            y.year.to_string(),
                            y.allocation,
                            y.unallocated,
                            &y.figures,
                        )
                    })
                    .collect(),
                total: self.fund_year_view(
                    self.l("total"),
                    row.total.allocation,
                    row.total.unallocated,
                    &row.total.figures,
                ),
                cards: self
                    .plan
                    .activities
                    .iter()
                    .filter(|a| {
                        a.card.is_full()
                            && a.card
                                .budget
                                .iter()
                                .any(|b| b.funding.iter().any(|f| f.source.value == row.id))
                    })
                    .map(|a| super::cards::CardLink {
                        title: a.title.value.clone(),
                        page: super::cards::card_page(a),
                    })
                    .collect(),
                has_unbudgeted: row.years.iter().any(|y| y.figures.unbudgeted.is_some()),
                ledger: self
                    .summary
                    .ledger
                    .iter()
                    .filter(|l| l.fund == row.id)
                    .flat_map(|l| {
                        let origin = l.origin.to_string();
                        let dash = || "–".to_string();
                        let amount = |m: Option<Money>| m.map_or_else(dash, |m| f::money(lang, m));
                        l.years
                            .iter()
                            .map(|y| LedgerRowView {
                                origin: origin.clone(),
                                year: y.year.to_string(),
                                allocated: String::new(),
                                committed: amount(y.committed),
                                paid: amount(y.paid),
                                paid_share: f::opt_percent(lang, y.paid_share),
                                total: false,
                            })
                            .chain(std::iter::once(LedgerRowView {
                                origin: origin.clone(),
                                year: String::new(),
                                allocated: f::opt_money(lang, l.allocated),
                                committed: amount(l.committed),
                                paid: amount(l.paid),
                                paid_share: f::opt_percent(lang, l.paid_share),
                                total: true,
                            }))
                            .collect::<Vec<_>>()
                    })
                    .collect(),
            })
            .collect();
        // Per year: allocations of every fund, planned budgets, actual
        // spending; a figure nobody gives draws no bar and reads n.d.
        let budget_total = |year: i64, kind: BudgetKind| {
            p.budget
                .iter()
                .find(|b| b.year == year && b.kind == kind)
                .map(|b| b.total)
        };
        let bars: Vec<chart::Bar> = p
            .years
            .iter()
            .flat_map(|year| {
                let allocated = p
                    .funds
                    .iter()
                    .filter_map(|r| r.years.iter().find(|y| y.year == *year)?.allocation)
                    .fold(None, |t: Option<Money>, a| {
                        Some(Money::from_cents(
                            t.unwrap_or(Money::ZERO).cents().saturating_add(a.cents()),
                        ))
                    });
                [
                    (allocated, "allocation", 0),
                    (
                        budget_total(*year, BudgetKind::Planned),
                        "planned-budget",
                        1,
                    ),
                    (budget_total(*year, BudgetKind::Actual), "actual", 2),
                ]
                .map(|(amount, label, series)| chart::Bar {
                    label: format!("{year} — {}", self.l(label)),
                    value: amount.map(Money::cents),
                    shown: f::opt_money(lang, amount),
                    series,
                })
            })
            .collect();
        let chart = bars
            .iter()
            .any(|b| b.value.is_some_and(|v| v > 0))
            .then(|| {
                chart::bar_chart(
                    "chart-funds",
                    &self.l("chart-funds-title"),
                    &self.l("chart-funds-desc"),
                    &bars,
                    &["allocation", "planned-budget", "actual"].map(|k| self.l(k)),
                )
            });
        let planned_cell = |scheme: &str, code: &str, year: i64| {
            p.budget
                .iter()
                .find(|b| b.year == year && b.kind == BudgetKind::Planned)
                .and_then(|b| {
                    b.by_scheme
                        .iter()
                        .find(|x| x.scheme == scheme && x.code == code)
                })
                .map_or_else(|| "–".to_string(), |x| f::money(lang, x.amount))
        };
        let mut schemes: Vec<SchemeCostView> = self
            .plan
            .schemes
            .iter()
            .map(|s| SchemeCostView {
                title: s.title.value.clone(),
                rows: s
                    .codes
                    .iter()
                    .map(|c| SchemeCostRow {
                        code: c.code.value.clone(),
                        title: c.title.value.clone(),
                        cells: p
                            .years
                            .iter()
                            .map(|year| planned_cell(&s.id.value, &c.code.value, *year))
                            .collect(),
                    })
                    .collect(),
                total: None,
            })
            .collect();
        // The Istat user areas: each card counted once, so a total row.
        let istat: Vec<&str> = crate::model::TARGETS
            .iter()
            .copied()
            .chain([compute::UNCLASSIFIED])
            .filter(|code| {
                p.budget.iter().any(|b| {
                    b.kind == BudgetKind::Planned
                        && b.by_scheme
                            .iter()
                            .any(|x| x.scheme == ISTAT_SCHEME && x.code == *code)
                })
            })
            .collect();
        if !istat.is_empty() {
            schemes.push(SchemeCostView {
                title: self.l("istat-targets"),
                rows: istat
                    .iter()
                    .map(|code| SchemeCostRow {
                        code: String::new(),
                        title: self.l(&format!("target-{code}")),
                        cells: p
                            .years
                            .iter()
                            .map(|year| planned_cell(ISTAT_SCHEME, code, *year))
                            .collect(),
                    })
                    .collect(),
                total: Some(
                    p.years
                        .iter()
                        .map(|y| {
                            budget_total(*y, BudgetKind::Planned)
                                .map_or_else(|| "–".to_string(), |m| f::money(lang, m))
                        })
                        .collect(),
                ),
            });
        }
        FundsView {
            has_data: !funds.is_empty() || !p.budget.is_empty(),
            years: p.years.iter().map(|y| y.to_string()).collect(),
            funds,
            chart,
            schemes,
        }
    }

    pub(super) fn indicators(&mut self) -> Vec<IndicatorView> {
        let p = &self.summary.programme;
        let objectives_page = self.section_pages().remove("objectives");
        self.plan
            .indicators
            .iter()
            .zip(&p.indicators)
            .map(|(i, row)| {
                let (subject, subject_page) = match (&i.activity, &i.objective) {
                    (Some(a), _) => self
                        .plan
                        .activities
                        .iter()
                        .find(|x| x.id.as_ref().is_some_and(|id| id.value == a.value))
                        .map_or_else(
                            || (a.value.clone(), None),
                            |x| {
                                let page = x.card.is_full().then(|| super::cards::card_page(x));
                                (x.title.value.clone(), page)
                            },
                        ),
                    (None, Some(o)) => self
                        .plan
                        .objectives
                        .iter()
                        .find(|x| x.id.value == o.value)
                        .map_or_else(
                            || (o.value.clone(), None),
                            |x| {
                                let page = objectives_page
                                    .as_ref()
                                    .map(|p| format!("{p}#objective-{}", x.id.value));
                                (x.title.value.clone(), page)
                            },
                        ),
                    _ => (String::new(), None),
                };
                IndicatorView {
                    id: i.id.value.clone(),
                    title: i.title.value.clone(),
                    subject,
                    subject_page,
                    unit: opt_s(&i.unit),
                    direction: i.direction.as_ref().map(|d| self.l(d.value.label_key())),
                    baseline: i.baseline.as_ref().map(|b| match &b.year {
                        Some(y) => format!("{} ({})", self.number(&b.value.value), y.value),
                        None => self.number(&b.value.value),
                    }),
                    years: row
                        .years
                        .iter()
                        .map(|y| {
                            let (met, met_key) = super::met_state(y.met);
                            IndicatorYearView {
                                year: y.year.to_string(),
                                target: y.target.as_ref().map_or_else(
                                    || f::not_available(self.lang).into(),
                                    |n| self.number(n),
                                ),
                                actual: y.actual.as_ref().map_or_else(
                                    || f::not_available(self.lang).into(),
                                    |n| self.number(n),
                                ),
                                met,
                                met_label: self.l(met_key),
                            }
                        })
                        .collect(),
                }
            })
            .collect()
    }
}
