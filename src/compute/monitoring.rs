//! The yearly monitoring report (SPEC 5.3): for a year with actual figures,
//! planned against actual by card, objective, fund and area, with the
//! difference and the share spent, card status, indicators, responses.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{Percent, ResponseTotals, Summary, share};
use crate::model::{BudgetKind, Money, Number, Plan};

#[derive(Debug, Serialize)]
pub struct MonitoringRow {
    pub id: String,
    pub title: String,
    pub planned: Money,
    /// `null` when nothing actual is recorded for it.
    pub actual: Option<Money>,
    /// Actual less planned (negative: less spent than planned).
    pub difference: Option<Money>,
    /// Actual as a share of planned; `null` when nothing was planned.
    pub percent: Option<Percent>,
    /// A card's progress status that year.
    pub status: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MonitoringIndicator {
    pub id: String,
    pub title: String,
    pub target: Option<Number>,
    pub actual: Option<Number>,
    pub met: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct Monitoring {
    pub year: i64,
    pub cards: Vec<MonitoringRow>,
    pub objectives: Vec<MonitoringRow>,
    pub funds: Vec<MonitoringRow>,
    pub areas: Vec<MonitoringRow>,
    pub indicators: Vec<MonitoringIndicator>,
    pub recommendations: ResponseTotals,
}

/// The years that have actual figures: spending, progress or an indicator's.
pub fn monitoring_years(plan: &Plan) -> Vec<i64> {
    let mut years = BTreeSet::new();
    for a in &plan.activities {
        years.extend(
            a.card
                .budget
                .iter()
                .filter(|b| b.kind.value == BudgetKind::Actual)
                .map(|b| b.year.value),
        );
        years.extend(a.card.progress.iter().map(|p| p.year.value));
    }
    for i in &plan.indicators {
        years.extend(i.actuals.iter().map(|m| m.year.value));
    }
    years.into_iter().collect()
}

fn row(id: &str, title: &str, planned: Money, actual: Option<Money>) -> MonitoringRow {
    MonitoringRow {
        id: id.to_string(),
        title: title.to_string(),
        planned,
        actual,
        difference: actual.map(|a| Money::from_cents(a.cents().saturating_sub(planned.cents()))),
        percent: actual.and_then(|a| share(a, planned)),
        status: None,
    }
}

pub fn monitoring(plan: &Plan, summary: &Summary, year: i64) -> Monitoring {
    let p = &summary.programme;
    let cost = |a: &crate::model::Activity, kind: BudgetKind| {
        a.card
            .budget
            .iter()
            .find(|b| b.year.value == year && b.kind.value == kind)
            .and_then(|b| b.total())
    };
    let cards = plan
        .activities
        .iter()
        .filter(|a| a.card.is_full())
        .map(|a| {
            let mut r = row(
                a.id.as_ref().map_or(&a.key, |i| &i.value),
                &a.title.value,
                cost(a, BudgetKind::Planned).unwrap_or(Money::ZERO),
                cost(a, BudgetKind::Actual),
            );
            r.status = a
                .card
                .progress
                .iter()
                .find(|x| x.year.value == year)
                .map(|x| x.status.value.clone());
            r
        })
        .collect();
    let budget = |kind| p.budget.iter().find(|b| b.year == year && b.kind == kind);
    let (planned, actual) = (budget(BudgetKind::Planned), budget(BudgetKind::Actual));
    let objectives = plan
        .objectives
        .iter()
        .map(|o| {
            let find = |b: Option<&super::BudgetRow>| {
                b.and_then(|b| b.by_objective.iter().find(|x| x.id == o.id.value))
                    .map(|x| x.amount)
            };
            row(
                &o.id.value,
                &o.title.value,
                find(planned).unwrap_or(Money::ZERO),
                actual.map(|_| find(actual).unwrap_or(Money::ZERO)),
            )
        })
        .collect();
    let areas = plan
        .areas
        .iter()
        .map(|a| {
            let find = |b: Option<&super::BudgetRow>| {
                b.and_then(|b| b.by_area.iter().find(|x| x.id == a.id.value))
                    .map(|x| x.amount)
            };
            row(
                &a.id.value,
                &a.title.value,
                find(planned).unwrap_or(Money::ZERO),
                actual.map(|_| find(actual).unwrap_or(Money::ZERO)),
            )
        })
        .collect();
    let funds = p
        .funds
        .iter()
        .filter_map(|f| {
            let y = f.years.iter().find(|y| y.year == year)?;
            Some(row(&f.id, &f.name, y.planned, y.actual))
        })
        .collect();
    let indicators = p
        .indicators
        .iter()
        .filter_map(|i| {
            let y = i.years.iter().find(|y| y.year == year)?;
            Some(MonitoringIndicator {
                id: i.id.clone(),
                title: i.title.clone(),
                target: y.target.clone(),
                actual: y.actual.clone(),
                met: y.met,
            })
        })
        .collect();
    Monitoring {
        year,
        cards,
        objectives,
        funds,
        areas,
        indicators,
        recommendations: summary.recommendations,
    }
}
