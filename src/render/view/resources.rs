//! Resources (SPEC 2.8, 2.15, 3.3): costs by area, funding by source, social
//! spending and its benchmarks.

use serde::Serialize;

use super::{Attribution, Views, opt_s};
use crate::format::{self as f, not_available};
use crate::i18n::{self, Lang};
use crate::model::Percent;
use crate::render::chart;

#[derive(Serialize)]
pub struct ResourceRowView {
    pub id: String,
    pub title: String,
    pub activities: String,
    pub users: String,
    pub cost: String,
    pub share: String,
    pub cost_per_user: String,
    pub partial: bool,
}

#[derive(Serialize)]
pub struct FundingView {
    pub sources: Vec<String>,
    pub rows: Vec<FundingRowView>,
    pub totals: Vec<String>,
    pub total: String,
    pub activities_without_funding: Option<String>,
}

#[derive(Serialize)]
pub struct FundingRowView {
    pub title: String,
    pub cells: Vec<String>,
    pub total: String,
}

#[derive(Serialize)]
pub struct TargetView {
    pub label: String,
    pub share: String,
    pub amount: String,
}

#[derive(Serialize)]
pub struct ComparisonView {
    pub name: String,
    pub year: String,
    pub per_capita: String,
    pub source: Option<String>,
    /// The plan's own figure, first in the comparison.
    pub own: bool,
}

#[derive(Serialize)]
pub struct SpendingView {
    pub year: String,
    pub total: String,
    pub population: String,
    pub per_capita: String,
    pub associated: Option<String>,
    pub associated_share: Option<String>,
    pub by_target: Vec<TargetView>,
    pub income_support: Option<String>,
    pub adult_population: Option<String>,
    pub income_support_per_adult: Option<String>,
    pub comparison: Vec<ComparisonView>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct ResourcesView {
    pub has_data: bool,
    pub has_activities: bool,
    pub reference_year: Option<String>,
    pub rows: Vec<ResourceRowView>,
    pub total: ResourceRowView,
    pub chart: Option<chart::Chart>,
    pub funding: Option<FundingView>,
    pub spending: Option<SpendingView>,
    /// Planned (and actual) money by area and year, with totals (SPEC 6.6).
    pub money_by_area: Option<super::money::MoneyByAreaView>,
}

impl Views<'_, '_> {
    pub(super) fn resources(&mut self) -> ResourcesView {
        let lang = self.lang;
        let s = self.summary;
        let t = &s.totals;
        let rows: Vec<ResourceRowView> = s
            .areas
            .iter()
            .map(|a| ResourceRowView {
                id: a.id.clone(),
                title: a.title.clone(),
                activities: f::integer(lang, a.activities),
                users: self.int(a.users),
                cost: f::opt_money(lang, a.cost),
                share: f::opt_percent(lang, a.cost_share),
                cost_per_user: f::opt_money(lang, a.cost_per_user),
                partial: a.partial.resources(),
            })
            .collect();
        let total = ResourceRowView {
            id: "total".into(),
            title: self.l("total"),
            activities: f::integer(lang, t.activities),
            users: self.int(t.users),
            cost: f::opt_money(lang, t.cost),
            share: t
                .cost
                .map(|_| f::percent(lang, Percent(10_000)))
                .unwrap_or_else(|| not_available(lang).into()),
            cost_per_user: String::new(),
            partial: t.partial.resources(),
        };
        let chart = (t.cost.is_some_and(|c| c.cents() > 0)).then(|| {
            chart::bar_chart(
                "chart-resources",
                &self.l("chart-resources-title"),
                &self.l("chart-resources-desc"),
                &s.areas
                    .iter()
                    .map(|a| {
                        chart::Bar::new(
                            a.title.clone(),
                            a.cost.map(|c| c.cents()),
                            f::opt_money(lang, a.cost),
                        )
                    })
                    .collect::<Vec<_>>(),
                &[],
            )
        });
        let funding = s.funding.as_ref().map(|fu| FundingView {
            sources: fu.sources.iter().map(|s| self.source_name(s)).collect(),
            rows: fu
                .rows
                .iter()
                .map(|r| FundingRowView {
                    title: r.title.clone(),
                    cells: r
                        .amounts
                        .iter()
                        .map(|a| a.map(|m| f::money(lang, m)).unwrap_or_else(|| "–".into()))
                        .collect(),
                    total: f::money(lang, r.total),
                })
                .collect(),
            totals: fu.totals.iter().map(|m| f::money(lang, *m)).collect(),
            total: f::money(lang, fu.total),
            activities_without_funding: (fu.activities_without_funding > 0).then(|| {
                i18n::format(
                    lang,
                    "label.activities-without-funding",
                    &[("n", &f::integer(lang, fu.activities_without_funding))],
                )
            }),
        });
        let spending = match (&s.spending, &self.plan.spending) {
            (Some(sp), Some(model)) => {
                let mut comparison = vec![ComparisonView {
                    name: opt_s(&self.plan.plan.authority).unwrap_or_default(),
                    year: sp.year.map(|y| y.to_string()).unwrap_or_default(),
                    per_capita: f::opt_money(lang, sp.per_capita),
                    source: None,
                    own: true,
                }];
                comparison.extend(sp.benchmarks.iter().map(|b| ComparisonView {
                    name: b.name.clone(),
                    year: b.year.to_string(),
                    per_capita: f::money(lang, b.per_capita),
                    source: b.source.clone(),
                    own: false,
                }));
                Some(SpendingView {
                    year: sp.year.map(|y| y.to_string()).unwrap_or_default(),
                    total: f::opt_money(lang, sp.total),
                    population: self.int(sp.population),
                    per_capita: f::opt_money(lang, sp.per_capita),
                    associated: sp.associated.map(|m| f::money(lang, m)),
                    associated_share: sp
                        .associated
                        .map(|_| f::opt_percent(lang, sp.associated_share)),
                    by_target: sp
                        .by_target
                        .iter()
                        .map(|t| TargetView {
                            label: target_label(lang, &t.target),
                            share: f::opt_percent(lang, t.share),
                            amount: f::opt_money(lang, t.amount),
                        })
                        .collect(),
                    income_support: sp.income_support.map(|m| f::money(lang, m)),
                    adult_population: sp.adult_population.map(|p| f::integer(lang, p)),
                    income_support_per_adult: sp
                        .income_support_per_adult
                        .map(|m| f::money(lang, m)),
                    comparison,
                    meta: self.meta(&model.notes, &model.source, "spending"),
                })
            }
            _ => None,
        };
        ResourcesView {
            has_data: t.activities > 0 || spending.is_some(),
            has_activities: t.activities > 0,
            reference_year: self
                .plan
                .plan
                .reference_year
                .as_ref()
                .map(|y| y.value.to_string()),
            rows,
            total,
            chart,
            funding,
            spending,
            money_by_area: self.money_by_area(),
        }
    }
}

/// A label for an Istat user area, or the target as written.
pub fn target_label(lang: Lang, target: &str) -> String {
    let key = format!("label.target-{target}");
    if i18n::catalogue(lang).contains_key(&key) {
        i18n::text(lang, &key).to_string()
    } else {
        target.to_string()
    }
}
