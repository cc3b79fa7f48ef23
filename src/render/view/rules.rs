//! The page "Livelli essenziali e vincoli" (SPEC 8): one table per rule, a
//! row per year with its status (a word and a badge), the plan's value, the
//! threshold, the gap and, for the social worker, the contribution.

use serde::Serialize;

use super::Views;
use crate::compute::rules::{RuleResult, RuleStatus, RuleUnit};
use crate::format as f;
use crate::model::Number;

#[derive(Serialize)]
pub struct RuleYearView {
    pub year: String,
    /// `met`, `not-met` or `unknown`: the badge's class.
    pub status: &'static str,
    pub status_label: String,
    pub value: String,
    pub threshold: String,
    pub gap: String,
    pub gap_eur: String,
    pub eur: String,
    pub eur_missed: String,
}

#[derive(Serialize)]
pub struct RuleView {
    pub id: String,
    pub title: String,
    pub source: String,
    /// Normattiva, when the source is a law the tool recognises.
    pub source_url: Option<String>,
    /// "Regola nazionale" or "Regola del piano".
    pub origin: String,
    /// What value and threshold count ("Tempi pieni equivalenti", "%").
    pub unit: String,
    pub has_gap_eur: bool,
    pub has_eur: bool,
    pub years: Vec<RuleYearView>,
}

#[derive(Serialize)]
pub struct RulesView {
    pub rules: Vec<RuleView>,
    /// How many rule-years are met, not met, unknown.
    pub met: String,
    pub not_met: String,
    pub unknown: String,
}

impl Views<'_, '_> {
    pub(super) fn rules(&self) -> RulesView {
        let lang = self.lang;
        // A percentage carries its sign; a gap in points does not.
        let number = |n: &Option<Number>, percent: bool| {
            n.as_ref().map_or_else(
                || f::not_available(lang).to_string(),
                |n| match percent {
                    true => format!("{}%", f::number(lang, n)),
                    false => f::number(lang, n),
                },
            )
        };
        let money = |m: Option<crate::model::Money>| f::opt_money(lang, m);
        let results: &[RuleResult] = &self.summary.rules;
        let count = |s: RuleStatus| {
            f::integer(
                lang,
                results
                    .iter()
                    .flat_map(|r| &r.years)
                    .filter(|y| y.status == s)
                    .count() as i64,
            )
        };
        RulesView {
            rules: results
                .iter()
                .map(|r| {
                    let percent = r.unit == RuleUnit::Percent;
                    let rule = self.plan.rules.iter().find(|x| x.id.value == r.id);
                    RuleView {
                        id: r.id.clone(),
                        title: r.title.clone(),
                        source: r.source.clone(),
                        source_url: rule.and_then(|x| x.source_url.clone()),
                        origin: self.l(if r.set.is_some() {
                            "rule-origin-national"
                        } else {
                            "rule-origin-plan"
                        }),
                        unit: self.l(match r.unit {
                            RuleUnit::Fte => "rule-unit-fte",
                            RuleUnit::Percent => "rule-unit-percent",
                            RuleUnit::Cards => "rule-unit-cards",
                        }),
                        has_gap_eur: r.years.iter().any(|y| y.gap_eur.is_some()),
                        has_eur: r.years.iter().any(|y| y.eur.is_some()),
                        years: r
                            .years
                            .iter()
                            .map(|y| RuleYearView {
                                year: y.year.to_string(),
                                status: y.status.word(),
                                status_label: self.l(match y.status {
                                    RuleStatus::Met => "rule-met",
                                    RuleStatus::NotMet => "rule-not-met",
                                    RuleStatus::Unknown => "rule-unknown",
                                }),
                                value: number(&y.value, percent),
                                threshold: number(&y.threshold, percent),
                                gap: number(&y.gap, false),
                                gap_eur: money(y.gap_eur),
                                eur: money(y.eur),
                                eur_missed: money(y.eur_missed),
                            })
                            .collect(),
                    }
                })
                .collect(),
            met: count(RuleStatus::Met),
            not_met: count(RuleStatus::NotMet),
            unknown: count(RuleStatus::Unknown),
        }
    }
}
