//! The yearly monitoring report's view (SPEC 5.3): the figures `compute`
//! gives for a year, formatted.

use serde::Serialize;

use super::Views;
use crate::compute::{self, MonitoringRow};
use crate::format as f;

#[derive(Serialize)]
pub struct MonitoringRowView {
    pub title: String,
    pub planned: String,
    pub actual: String,
    pub difference: String,
    pub percent: String,
    pub status: Option<String>,
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
    pub cards: Vec<MonitoringRowView>,
    pub objectives: Vec<MonitoringRowView>,
    pub funds: Vec<MonitoringRowView>,
    pub areas: Vec<MonitoringRowView>,
    pub indicators: Vec<MonitoringIndicatorView>,
    pub responses: Vec<ResponseCount>,
}

impl Views<'_, '_> {
    fn monitoring_rows(&self, rows: &[MonitoringRow]) -> Vec<MonitoringRowView> {
        let lang = self.lang;
        rows.iter()
            .map(|r| MonitoringRowView {
                title: r.title.clone(),
                planned: f::money(lang, r.planned),
                actual: f::opt_money(lang, r.actual),
                difference: f::opt_money(lang, r.difference),
                percent: f::opt_percent(lang, r.percent),
                status: r.status.as_ref().map(|s| self.l(&format!("progress-{s}"))),
            })
            .collect()
    }

    pub(super) fn monitoring(&mut self) -> Vec<MonitoringView> {
        let lang = self.lang;
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
                    cards: self.monitoring_rows(&m.cards),
                    objectives: self.monitoring_rows(&m.objectives),
                    funds: self.monitoring_rows(&m.funds),
                    areas: self.monitoring_rows(&m.areas),
                    indicators: m
                        .indicators
                        .iter()
                        .map(|i| {
                            let met = match i.met {
                                Some(true) => "met",
                                Some(false) => "not-met",
                                None => "n-a",
                            };
                            MonitoringIndicatorView {
                                title: i.title.clone(),
                                target: number(&i.target),
                                actual: number(&i.actual),
                                met,
                                met_label: self.l(&format!("indicator-{met}")),
                            }
                        })
                        .collect(),
                    responses: m
                        .recommendations
                        .rows()
                        .iter()
                        .map(|(status, n)| ResponseCount {
                            label: self.l(&format!("response-{status}")),
                            count: f::integer(lang, *n),
                        })
                        .collect(),
                }
            })
            .collect()
    }
}
