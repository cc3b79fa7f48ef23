//! Where the money comes from and goes (SPEC 4.5, 4.7, 4.8): each fund's
//! allocation, planned, actual and unallocated amounts by year with a chart,
//! the cost by scheme code by year, and the indicators' targets met or not.

use serde::Serialize;

use super::{Views, opt_s};
use crate::format as f;
use crate::model::{BudgetKind, Money};
use crate::render::chart;

#[derive(Serialize)]
pub struct FundYearView {
    pub year: String,
    pub allocation: String,
    pub planned: String,
    pub actual: String,
    pub unallocated: String,
}

#[derive(Serialize)]
pub struct FundView {
    pub id: String,
    pub name: String,
    pub level: Option<String>,
    pub years: Vec<FundYearView>,
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
}

#[derive(Serialize)]
pub struct FundsView {
    pub has_data: bool,
    pub years: Vec<String>,
    pub funds: Vec<FundView>,
    /// Allocations beside planned budgets, by year.
    pub chart: Option<String>,
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
    pub unit: Option<String>,
    pub direction: Option<String>,
    pub baseline: Option<String>,
    pub years: Vec<IndicatorYearView>,
}

impl Views<'_, '_> {
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
                    .map(|l| self.l(&format!("fund-level-{}", l.value))),
                years: row
                    .years
                    .iter()
                    .map(|y| FundYearView {
                        year: y.year.to_string(),
                        allocation: f::opt_money(lang, y.allocation),
                        planned: f::money(lang, y.planned),
                        actual: f::opt_money(lang, y.actual),
                        unallocated: f::opt_money(lang, y.unallocated),
                    })
                    .collect(),
            })
            .collect();
        // Per year: allocations of every fund, and planned budgets.
        let bars: Vec<(String, i64, String)> = p
            .years
            .iter()
            .flat_map(|year| {
                let allocated: i64 = p
                    .funds
                    .iter()
                    .filter_map(|r| r.years.iter().find(|y| y.year == *year)?.allocation)
                    .map(Money::cents)
                    .fold(0, i64::saturating_add);
                let planned = p
                    .budget
                    .iter()
                    .find(|b| b.year == *year && b.kind == BudgetKind::Planned)
                    .map_or(0, |b| b.total.cents());
                [
                    (
                        format!("{year} — {}", self.l("allocation")),
                        allocated,
                        f::money(lang, Money::from_cents(allocated)),
                    ),
                    (
                        format!("{year} — {}", self.l("planned-budget")),
                        planned,
                        f::money(lang, Money::from_cents(planned)),
                    ),
                ]
            })
            .collect();
        let chart = bars.iter().any(|(_, v, _)| *v > 0).then(|| {
            chart::bar_chart(
                "chart-funds",
                &self.l("chart-funds-title"),
                &self.l("chart-funds-desc"),
                &bars,
            )
        });
        let schemes = self
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
                            .map(|year| {
                                let amount = p
                                    .budget
                                    .iter()
                                    .find(|b| b.year == *year && b.kind == BudgetKind::Planned)
                                    .and_then(|b| {
                                        b.by_scheme.iter().find(|x| {
                                            x.scheme == s.id.value && x.code == c.code.value
                                        })
                                    })
                                    .map(|x| x.amount);
                                amount.map_or_else(|| "–".to_string(), |m| f::money(lang, m))
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
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
        self.plan
            .indicators
            .iter()
            .zip(&p.indicators)
            .map(|(i, row)| {
                let subject = match (&i.activity, &i.objective) {
                    (Some(a), _) => self
                        .plan
                        .activities
                        .iter()
                        .find(|x| x.id.as_ref().is_some_and(|id| id.value == a.value))
                        .map_or_else(|| a.value.clone(), |x| x.title.value.clone()),
                    (None, Some(o)) => self
                        .plan
                        .objectives
                        .iter()
                        .find(|x| x.id.value == o.value)
                        .map_or_else(|| o.value.clone(), |x| x.title.value.clone()),
                    _ => String::new(),
                };
                IndicatorView {
                    id: i.id.value.clone(),
                    title: i.title.value.clone(),
                    subject,
                    unit: opt_s(&i.unit),
                    direction: i
                        .direction
                        .as_ref()
                        .map(|d| self.l(&format!("direction-{}", d.value))),
                    baseline: i.baseline.as_ref().map(|b| match &b.year {
                        Some(y) => format!("{} ({})", self.number(&b.value.value), y.value),
                        None => self.number(&b.value.value),
                    }),
                    years: row
                        .years
                        .iter()
                        .map(|y| {
                            let met = match y.met {
                                Some(true) => "met",
                                Some(false) => "not-met",
                                None => "n-a",
                            };
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
                                met_label: self.l(&format!("indicator-{met}")),
                            }
                        })
                        .collect(),
                }
            })
            .collect()
    }
}
