//! A card's money as a reader wants it (SPEC 6.6): year by year, one row per
//! source with planned and actual side by side, the year's total, and the
//! total over the plan's years; and the funds the card draws on, linked.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Views;
use super::cards::LinkView;
use crate::compute::sum_given;
use crate::format as f;
use crate::model::{Activity, BudgetKind, Money};

#[derive(Serialize, Clone)]
pub struct BudgetLineView {
    pub year: String,
    pub source: String,
    pub planned: String,
    pub actual: String,
}

/// One year of a card's budget: its lines and their totals.
#[derive(Serialize)]
pub struct BudgetYearView {
    pub year: String,
    pub lines: Vec<BudgetLineView>,
    pub planned: String,
    pub actual: String,
}

/// The card's totals over its years. `actual_partial`: some year with a
/// planned budget has no actual figures yet, so the actual total is over
/// fewer years than the planned one.
#[derive(Serialize)]
pub struct BudgetTotalView {
    pub planned: String,
    pub actual: String,
    pub actual_partial: bool,
}

#[derive(Serialize)]
pub struct CardBudgetView {
    pub years: Vec<BudgetYearView>,
    pub total: BudgetTotalView,
}

impl Views<'_, '_> {
    pub(super) fn card_budget(&self, a: &Activity) -> Option<CardBudgetView> {
        let budget = &a.card.budget;
        if budget.is_empty() {
            return None;
        }
        let lang = self.lang;
        let entry = |year: i64, kind: BudgetKind| {
            budget
                .iter()
                .find(|b| b.year.value == year && b.kind.value == kind)
        };
        let years: BTreeSet<i64> = budget.iter().map(|b| b.year.value).collect();
        let year_total = |year: i64, kind| entry(year, kind).and_then(|b| b.total());
        let years_view = years
            .iter()
            .map(|&year| {
                let sources: BTreeSet<&str> = budget
                    .iter()
                    .filter(|b| b.year.value == year)
                    .flat_map(|b| b.funding.iter().map(|f| f.source.value.as_str()))
                    .collect();
                let amount = |source: &str, kind| -> Option<Money> {
                    entry(year, kind)?
                        .funding
                        .iter()
                        .find(|f| f.source.value == source)
                        .map(|f| f.amount.value)
                };
                BudgetYearView {
                    year: year.to_string(),
                    lines: sources
                        .into_iter()
                        .map(|source| BudgetLineView {
                            year: year.to_string(),
                            source: self.source_name(source),
                            planned: f::opt_money(lang, amount(source, BudgetKind::Planned)),
                            actual: f::opt_money(lang, amount(source, BudgetKind::Actual)),
                        })
                        .collect(),
                    planned: f::opt_money(lang, year_total(year, BudgetKind::Planned)),
                    actual: f::opt_money(lang, year_total(year, BudgetKind::Actual)),
                }
            })
            .collect();
        let total = |kind| sum_given(years.iter().filter_map(|&y| year_total(y, kind)));
        let actual = total(BudgetKind::Actual);
        let actual_partial = actual.is_some()
            && years.iter().any(|&y| {
                entry(y, BudgetKind::Planned).is_some() && entry(y, BudgetKind::Actual).is_none()
            });
        Some(CardBudgetView {
            years: years_view,
            total: BudgetTotalView {
                planned: f::opt_money(lang, total(BudgetKind::Planned)),
                actual: f::opt_money(lang, actual),
                actual_partial,
            },
        })
    }

    /// The funds a card's budget draws on, by name, linked to their section
    /// of the funds page when the plan declares them.
    pub(super) fn card_fund_links(
        &self,
        a: &Activity,
        funds_page: Option<&String>,
    ) -> Vec<LinkView> {
        let sources: BTreeSet<&str> = a
            .card
            .budget
            .iter()
            .flat_map(|b| b.funding.iter().map(|f| f.source.value.as_str()))
            .collect();
        // In the order the plan declares its funds, then any other source.
        let mut links: Vec<(usize, LinkView)> = sources
            .into_iter()
            .map(|source| {
                let declared = self.plan.funds.iter().position(|f| f.id.value == source);
                let link = LinkView {
                    title: self.source_name(source),
                    href: declared
                        .and(funds_page)
                        .map(|p| format!("{p}#fund-{source}")),
                };
                (declared.unwrap_or(usize::MAX), link)
            })
            .collect();
        links.sort_by_key(|(i, _)| *i);
        links.into_iter().map(|(_, l)| l).collect()
    }
}
