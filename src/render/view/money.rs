//! Money by area and year (SPEC 6.6), as the resources page and each area
//! page show it: formatted, n.d. where nothing is given, the partial totals
//! marked, areas and cards linked.

use serde::Serialize;

use super::Views;
use super::cards::card_page;
use crate::compute::{AreaYearsCell, AreaYearsRow};
use crate::format as f;

#[derive(Serialize)]
pub struct MoneyCellView {
    pub planned: String,
    pub actual: String,
    pub actual_partial: bool,
}

#[derive(Serialize)]
pub struct MoneyRowView {
    pub title: String,
    /// The row's page, relative to `html/`.
    pub page: Option<String>,
    pub years: Vec<MoneyCellView>,
    pub total: MoneyCellView,
    /// Which totals over the years lack some year (`planned`, `actual`).
    pub partial: Vec<&'static str>,
}

#[derive(Serialize)]
pub struct MoneyCardView {
    pub title: String,
    pub page: String,
    pub planned: Vec<String>,
    pub total: String,
}

/// One card in the cards page's table.
#[derive(Serialize)]
pub struct CardMoneyRow {
    pub title: String,
    pub page: String,
    pub area: String,
    pub area_page: String,
    pub planned: Vec<String>,
    pub total: String,
}

/// The cards page's table: each card's planned budget by year, area by area,
/// and the columns' totals (the sum of these rows).
#[derive(Serialize)]
pub struct CardsMoneyView {
    pub years: Vec<String>,
    pub rows: Vec<CardMoneyRow>,
    pub total: Vec<String>,
    pub total_all: String,
}

/// The table of the resources page: one row per area, one column per year.
#[derive(Serialize)]
pub struct MoneyByAreaView {
    pub years: Vec<String>,
    pub has_actual: bool,
    pub rows: Vec<MoneyRowView>,
    pub total: MoneyRowView,
}

/// An area page's money: its figures by year, with their total, and its
/// cards with their planned budget by year.
#[derive(Serialize)]
pub struct AreaMoneyView {
    pub years: Vec<String>,
    pub has_actual: bool,
    pub by_year: Vec<MoneyCellView>,
    pub total: MoneyCellView,
    pub partial: Vec<&'static str>,
    pub cards: Vec<MoneyCardView>,
}

impl Views<'_, '_> {
    fn area_years(&self) -> Option<&crate::compute::AreaYears> {
        self.area_years
            .get_or_init(|| crate::compute::area_years(self.plan, self.summary))
            .as_ref()
    }

    fn money_cell(&self, c: &AreaYearsCell) -> MoneyCellView {
        MoneyCellView {
            planned: f::opt_money(self.lang, c.planned),
            actual: f::opt_money(self.lang, c.actual),
            actual_partial: c.actual_partial,
        }
    }

    fn money_row(&self, r: &AreaYearsRow, page: Option<String>) -> MoneyRowView {
        MoneyRowView {
            title: r.title.clone(),
            page,
            years: r.years.iter().map(|c| self.money_cell(c)).collect(),
            total: self.money_cell(&r.total),
            partial: r.partial.clone(),
        }
    }

    pub(super) fn money_by_area(&self) -> Option<MoneyByAreaView> {
        let t = self.area_years()?;
        let mut total = self.money_row(&t.total, None);
        total.title = self.l("total");
        Some(MoneyByAreaView {
            years: t.years.iter().map(i64::to_string).collect(),
            has_actual: t.has_actual,
            rows: t
                .areas
                .iter()
                .map(|r| self.money_row(r, Some(format!("areas/{}.html", r.id))))
                .collect(),
            total,
        })
    }

    /// Each area's money, by area id.
    pub(super) fn area_money(&self) -> std::collections::HashMap<String, AreaMoneyView> {
        let Some(t) = self.area_years() else {
            return Default::default();
        };
        let years: Vec<String> = t.years.iter().map(i64::to_string).collect();
        t.areas
            .iter()
            .map(|r| {
                let view = AreaMoneyView {
                    years: years.clone(),
                    has_actual: t.has_actual,
                    by_year: r.years.iter().map(|c| self.money_cell(c)).collect(),
                    total: self.money_cell(&r.total),
                    partial: r.partial.clone(),
                    cards: r
                        .cards
                        .iter()
                        .map(|c| MoneyCardView {
                            title: c.title.clone(),
                            page: card_page(&self.plan.activities[c.activity]),
                            planned: c
                                .planned
                                .iter()
                                .map(|m| f::opt_money(self.lang, *m))
                                .collect(),
                            total: f::opt_money(self.lang, c.total),
                        })
                        .collect(),
                };
                (r.id.clone(), view)
            })
            .collect()
    }

    pub(super) fn cards_money(&self) -> Option<CardsMoneyView> {
        let t = self.area_years()?;
        let lang = self.lang;
        let cards: Vec<(&crate::compute::AreaYearsRow, &crate::compute::CardYears)> = t
            .areas
            .iter()
            .flat_map(|a| a.cards.iter().map(move |c| (a, c)))
            .collect();
        if cards.is_empty() {
            return None;
        }
        let column =
            |i: usize| crate::compute::sum_given(cards.iter().filter_map(|(_, c)| c.planned[i]));
        Some(CardsMoneyView {
            years: t.years.iter().map(i64::to_string).collect(),
            rows: cards
                .iter()
                .map(|(area, c)| CardMoneyRow {
                    title: c.title.clone(),
                    page: card_page(&self.plan.activities[c.activity]),
                    area: area.title.clone(),
                    area_page: format!("areas/{}.html", area.id),
                    planned: c.planned.iter().map(|m| f::opt_money(lang, *m)).collect(),
                    total: f::opt_money(lang, c.total),
                })
                .collect(),
            total: (0..t.years.len())
                .map(|i| f::opt_money(lang, column(i)))
                .collect(),
            total_all: f::opt_money(
                lang,
                crate::compute::sum_given(cards.iter().filter_map(|(_, c)| c.total)),
            ),
        })
    }
}
