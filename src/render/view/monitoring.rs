//! The yearly monitoring report's view (SPEC 5.3): the figures `compute`
//! gives for a year, formatted.

use crate::model::Choice;
use serde::Serialize;

use super::Views;
use crate::compute::{self, Comparison, MonitoringRow};
use crate::format as f;

#[derive(Serialize)]
pub struct MonitoringRowView {
    pub title: String,
    /// The row's page (a card, an area, an objective or a fund), from the
    /// site root; `None` for totals and where the plan has no page for it.
    pub page: Option<String>,
    pub planned: String,
    pub actual: String,
    /// "1 di 3 schede": actual leaves out cards that have not reported.
    pub coverage: Option<String>,
    pub unbudgeted: String,
    pub difference: String,
    pub percent: String,
    pub status: Option<String>,
    /// The status's word (`in-progress`): its badge's class.
    pub status_word: Option<&'static str>,
}

#[derive(Serialize)]
pub struct MonitoringTableView {
    /// Label key of the heading: "by-card", "by-objective", "by-fund", "by-area-money".
    pub part: &'static str,
    pub heading: String,
    pub rows: Vec<MonitoringRowView>,
    pub total: Option<MonitoringRowView>,
    /// Whether any row has spending without a planned budget (its column is shown).
    pub has_unbudgeted: bool,
    pub has_status: bool,
}

#[derive(Serialize)]
pub struct MonitoringIndicatorView {
    pub title: String,
    pub target: String,
    pub actual: String,
    pub met: &'static str,
    pub met_label: String,
}

#[derive(Serialize)]
pub struct ResponseCount {
    pub label: String,
    pub count: String,
}

#[derive(Serialize)]
pub struct MonitoringView {
    pub year: String,
    /// `monitoring-2024.html`, from the site root.
    pub page: String,
    pub title: String,
    pub tables: Vec<MonitoringTableView>,
    pub indicators: Vec<MonitoringIndicatorView>,
    pub responses: Vec<ResponseCount>,
}

impl Views<'_, '_> {
    fn monitoring_row(
        &self,
        title: &str,
        c: &Comparison,
        status: Option<crate::model::ProgressStatus>,
    ) -> MonitoringRowView {
        let lang = self.lang;
        MonitoringRowView {
            title: title.to_string(),
            page: None,
            planned: f::opt_money(lang, c.planned),
            actual: f::opt_money(lang, c.actual),
            coverage: (!c.partial.is_empty()).then(|| {
                crate::i18n::format(
                    lang,
                    "label.cards-reported",
                    &[
                        ("reporting", &f::integer(lang, c.reporting)),
                        ("cards", &f::integer(lang, c.cards)),
                    ],
                )
            }),
            unbudgeted: c
                .unbudgeted
                .map_or_else(|| "–".to_string(), |m| f::money(lang, m)),
            difference: f::opt_money(lang, c.difference),
            percent: f::opt_percent(lang, c.percent),
            status: status.map(|s| self.l(s.label_key())),
            status_word: status.map(crate::model::Choice::word),
        }
    }

    fn monitoring_table(
        &self,
        part: &'static str,
        rows: &[MonitoringRow],
        total: Option<&Comparison>,
        page_of: &dyn Fn(&str) -> Option<String>,
    ) -> MonitoringTableView {
        MonitoringTableView {
            part,
            heading: self.l(part),
            rows: rows
                .iter()
                .map(|r| MonitoringRowView {
                    page: page_of(&r.id),
                    ..self.monitoring_row(&r.title, &r.figures, r.status)
                })
                .collect(),
            total: total.map(|t| {
                let label = match part {
                    "by-objective" => "total-each-card-once",
                    "by-fund" => "total-of-funds",
                    _ => "total",
                };
                self.monitoring_row(&self.l(label), t, None)
            }),
            has_unbudgeted: rows.iter().any(|r| r.figures.unbudgeted.is_some()),
            has_status: part == "by-card",
        }
    }

    pub(super) fn monitoring(&mut self) -> Vec<MonitoringView> {
        let lang = self.lang;
        let plan = self.plan;
        // Where each row's subject has its page (SPEC 6.6: monitoring rows
        // link their cards), as the outline builds the site.
        let sections = self.section_pages();
        let (areas_page, objectives_page, funds_page) = (
            sections.get("areas"),
            sections.get("objectives"),
            sections.get("funds"),
        );
        // A card's page by the id its row carries, looked up once per row.
        let cards: std::collections::HashMap<&str, String> = plan
            .activities
            .iter()
            .filter(|a| a.card.is_full())
            .map(|a| {
                let id = a.id.as_ref().map_or(a.key.as_str(), |i| i.value.as_str());
                (id, super::cards::card_page(a))
            })
            .collect();
        let card_of = |id: &str| cards.get(id).cloned();
        let area_of = |id: &str| areas_page.as_ref().map(|_| format!("areas/{id}.html"));
        let objective_of = |id: &str| {
            objectives_page
                .as_ref()
                .map(|p| format!("{p}#objective-{id}"))
        };
        let fund_of = |id: &str| funds_page.as_ref().map(|p| format!("{p}#fund-{id}"));
        compute::monitoring_years(self.plan)
            .into_iter()
            .map(|year| {
                let m = compute::monitoring(self.plan, self.summary, year);
                let number = |n: &Option<crate::model::Number>| {
                    n.as_ref().map_or_else(
                        || f::not_available(lang).to_string(),
                        |n| f::number(lang, n),
                    )
                };
                MonitoringView {
                    year: year.to_string(),
                    page: format!("monitoring-{year}.html"),
                    title: crate::i18n::format(
                        lang,
                        "label.monitoring-title",
                        &[("year", &year.to_string())],
                    ),
                    // Objectives overlap (a parent counts its children's
                    // cards): their total counts each card once, and says so.
                    tables: [
                        self.monitoring_table("by-card", &m.cards, Some(&m.cards_total), &card_of),
                        self.monitoring_table(
                            "by-objective",
                            &m.objectives,
                            Some(&m.objectives_total),
                            &objective_of,
                        ),
                        self.monitoring_table("by-fund", &m.funds, Some(&m.funds_total), &fund_of),
                        self.monitoring_table("by-area-money", &m.areas, Some(&m.total), &area_of),
                    ]
                    .into_iter()
                    .filter(|t| !t.rows.is_empty())
                    .collect(),
                    indicators: m
                        .indicators
                        .iter()
                        .map(|i| {
                            let (met, met_key) = super::met_state(i.met);
                            MonitoringIndicatorView {
                                title: i.title.clone(),
                                target: number(&i.target),
                                actual: number(&i.actual),
                                met,
                                met_label: self.l(met_key),
                            }
                        })
                        .collect(),
                    responses: m
                        .recommendations
                        .rows()
                        .iter()
                        .map(|(_, label, n)| ResponseCount {
                            label: self.l(label),
                            count: f::integer(lang, *n),
                        })
                        .collect(),
                }
            })
            .collect()
    }
}
