//! The yearly monitoring report (SPEC 5.3, 4.9): for a year with actual
//! figures, planned against actual by card, objective, fund and area — like
//! with like, spending without a planned budget apart — card status,
//! indicators, responses.

use serde::Serialize;

use super::ledger::{Comparison, Ledger, Part};
use super::{ResponseTotals, Summary};
use crate::model::{Number, Plan};

#[derive(Debug, Serialize)]
pub struct MonitoringRow {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub figures: Comparison,
    /// A card's progress status that year.
    pub status: Option<crate::model::ProgressStatus>,
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
    /// Planned against actual of every activity (the areas' total).
    pub total: Comparison,
    /// The same over the cards listed in `cards`.
    pub cards_total: Comparison,
    pub cards: Vec<MonitoringRow>,
    pub objectives: Vec<MonitoringRow>,
    /// Over the cards that serve any objective, each once (objectives overlap:
    /// a parent counts its children's cards, so the rows do not add up).
    pub objectives_total: Comparison,
    pub funds: Vec<MonitoringRow>,
    /// What all the funds give: the rows' sum (costs without funding are
    /// outside it).
    pub funds_total: Comparison,
    pub areas: Vec<MonitoringRow>,
    pub indicators: Vec<MonitoringIndicator>,
    pub recommendations: ResponseTotals,
}

pub use super::programme::monitoring_years;

pub fn monitoring(plan: &Plan, summary: &Summary, year: i64) -> Monitoring {
    let ledger = Ledger::of(plan);
    let all = || 0..plan.activities.len();
    let row =
        |id: &str, title: &str, members: &mut dyn Iterator<Item = usize>, part| MonitoringRow {
            id: id.to_string(),
            title: title.to_string(),
            figures: ledger.tally(members, year, part).into(),
            status: None,
        };
    let cards = plan
        .activities
        .iter()
        .enumerate()
        .filter(|(_, a)| a.card.is_full())
        .map(|(i, a)| {
            let mut r = row(
                a.id.as_ref().map_or(&a.key, |i| &i.value),
                &a.title.value,
                &mut std::iter::once(i),
                Part::Total,
            );
            r.status = a
                .card
                .progress
                .iter()
                .find(|x| x.year.value == year)
                .map(|x| x.status.value);
            r
        })
        .collect();
    let objective_cards = super::programme::objective_cards(plan);
    let serving: std::collections::BTreeSet<usize> = objective_cards
        .iter()
        .flat_map(|(_, with_subs)| with_subs.iter().copied())
        .collect();
    let objectives_total = ledger.tally(serving, year, Part::Total).into();
    let objectives = plan
        .objectives
        .iter()
        .zip(objective_cards)
        .map(|(o, (_, with_subs))| {
            row(
                &o.id.value,
                &o.title.value,
                &mut with_subs.into_iter(),
                Part::Total,
            )
        })
        .collect();
    let areas = plan
        .areas
        .iter()
        .map(|area| {
            row(
                &area.id.value,
                &area.title.value,
                &mut all().filter(|i| plan.activities[*i].area.value == area.id.value),
                Part::Total,
            )
        })
        .collect();
    let funds = plan
        .funds
        .iter()
        .map(|f| {
            row(
                &f.id.value,
                &f.name.value,
                &mut all(),
                Part::Source(&f.id.value),
            )
        })
        .collect();
    let funds_total = plan
        .funds
        .iter()
        .map(|f| ledger.tally(all(), year, Part::Source(&f.id.value)))
        .fold(super::ledger::Tally::default(), super::ledger::Tally::merge)
        .into();
    let indicators = summary
        .programme
        .indicators
        .iter()
        .filter(|i| !i.context)
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
        total: ledger.tally(all(), year, Part::Total).into(),
        cards_total: ledger
            .tally(
                all().filter(|i| plan.activities[*i].card.is_full()),
                year,
                Part::Total,
            )
            .into(),
        cards,
        objectives,
        objectives_total,
        funds,
        funds_total,
        areas,
        indicators,
        recommendations: summary.recommendations,
    }
}
