//! The comparison page's context: every figure formatted, the averages saying
//! over how many districts, the district × rule matrix by year.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Missing, YearAverages};
use crate::compute::compare::{District, Pooled};
use crate::compute::rules::RuleStatus;
use crate::format as f;
use crate::i18n::{self, Lang};
use crate::model::{Money, Number};

#[derive(Serialize)]
struct Cell {
    text: String,
    partial: bool,
}

#[derive(Serialize)]
struct DistrictView {
    dir: String,
    title: String,
    authority: String,
    /// The district's own site, from the page (with `--with-sites`), and
    /// its pages by section (`resources`, `district`, `participation`,
    /// `recommendations`, `rules`) for its figures to link to.
    site: Option<String>,
    links: BTreeMap<&'static str, String>,
    population: String,
    municipalities: String,
    planned: Vec<Cell>,
    actual: Vec<Cell>,
    social_workers: String,
    social_workers_year: String,
    sessions_per_1000: String,
    participants_per_1000: Cell,
    recommendations: String,
    rules: String,
    istat: Vec<String>,
    levels: Vec<String>,
    funds: Vec<Cell>,
}

#[derive(Serialize)]
struct MatrixRow {
    dir: String,
    title: String,
    cells: Vec<(&'static str, String)>,
}

#[derive(Serialize)]
struct Matrix {
    year: String,
    rules: Vec<String>,
    rows: Vec<MatrixRow>,
}

#[derive(Serialize)]
pub(super) struct CompareView {
    lang: &'static str,
    l: BTreeMap<String, String>,
    years: Vec<String>,
    districts: Vec<DistrictView>,
    planned_average: Vec<String>,
    actual_average: Vec<String>,
    istat_keys: Vec<String>,
    level_keys: Vec<String>,
    fund_keys: Vec<String>,
    matrices: Vec<Matrix>,
    missing: Vec<Missing>,
    compared: String,
    /// Planned money per resident per year, and social workers per 5,000
    /// residents, district by district (a region's worth: up to
    /// [`CHART_LIMIT`] districts; the tables hold every one).
    charts: Vec<crate::render::chart::Chart>,
}

/// Above this many districts a bar per district would not be read: the
/// tables remain.
const CHART_LIMIT: usize = 60;

fn charts(districts: &[District], lang: Lang) -> Vec<crate::render::chart::Chart> {
    use crate::render::chart::{Bar, bar_chart};
    if districts.is_empty() || districts.len() > CHART_LIMIT {
        return Vec::new();
    }
    // A district's yearly average of planned money per resident.
    let planned: Vec<Bar> = districts
        .iter()
        .map(|d| {
            let per: Vec<Money> = d
                .years
                .iter()
                .filter_map(|y| y.planned_per_resident)
                .collect();
            let avg = (!per.is_empty()).then(|| {
                let sum: i128 = per.iter().map(|m| m.cents() as i128).sum();
                let n = per.len() as i128;
                Money::from_cents(((2 * sum + n) / (2 * n)) as i64)
            });
            Bar::new(
                d.title.clone(),
                avg.map(|m| m.cents()),
                f::opt_money(lang, avg),
            )
        })
        .collect();
    let workers: Vec<Bar> = districts
        .iter()
        .map(|d| {
            let latest = d
                .years
                .iter()
                .rev()
                .find_map(|y| y.social_workers_per_5000.clone());
            let value = latest.as_ref().map(|n| {
                let (m, scale) = n.parts();
                (m * 100 / 10i128.pow(scale)) as i64
            });
            Bar::new(d.title.clone(), value, num(lang, &latest))
        })
        .collect();
    let mut out = Vec::new();
    if planned.iter().any(|b| b.value.is_some()) {
        out.push(bar_chart(
            "chart-compare-planned",
            &text(lang, "compare-chart-planned"),
            &text(lang, "compare-chart-planned-desc"),
            &planned,
            &[],
        ));
    }
    if workers.iter().any(|b| b.value.is_some()) {
        out.push(bar_chart(
            "chart-compare-workers",
            &text(lang, "compare-chart-workers"),
            &text(lang, "compare-chart-workers-desc"),
            &workers,
            &[],
        ));
    }
    out
}

const NATIONAL_FUNDS: [&str; 4] = ["fnps", "fna", "poverty-services", "poverty-social-workers"];

fn text(lang: Lang, key: &str) -> String {
    i18n::catalogue(lang)
        .get(&format!("label.{key}"))
        .cloned()
        .unwrap_or_default()
}

fn num(lang: Lang, n: &Option<Number>) -> String {
    n.as_ref().map_or_else(
        || f::not_available(lang).to_string(),
        |n| f::number(lang, n),
    )
}

fn money(lang: Lang, m: Option<Money>) -> String {
    f::opt_money(lang, m)
}

pub(super) fn view(
    districts: &[District],
    missing: &[Missing],
    lang: Lang,
    sites: Option<&[Vec<(&'static str, String)>]>,
    years: &[i64],
    avg: &[YearAverages],
) -> CompareView {
    let nd = || f::not_available(lang).to_string();
    let keys = |pick: fn(&District) -> Vec<String>| {
        let mut k: Vec<String> = districts.iter().flat_map(pick).collect();
        k.sort();
        k.dedup();
        k
    };
    let istat_keys = keys(|d| d.istat_areas.iter().map(|g| g.key.clone()).collect());
    let level_keys = keys(|d| d.fund_levels.iter().map(|g| g.key.clone()).collect());
    let fund_keys: Vec<String> = NATIONAL_FUNDS
        .iter()
        .filter(|n| {
            districts
                .iter()
                .any(|d| d.funds.iter().any(|f| f.national == Some(**n)))
        })
        .map(|n| n.to_string())
        .collect();
    let rule_ids: Vec<String> = {
        let mut ids: Vec<String> = Vec::new();
        for d in districts {
            for r in &d.rules {
                if !ids.contains(&r.id) {
                    ids.push(r.id.clone());
                }
            }
        }
        ids
    };
    let pooled_text = |p: &Pooled| match p.value {
        Some(v) => crate::i18n::format(
            lang,
            "label.compare-over",
            &[
                ("value", &f::money(lang, v)),
                ("over", &p.over.to_string()),
                ("of", &p.of.to_string()),
            ],
        ),
        None => nd(),
    };
    let l: BTreeMap<String, String> = i18n::catalogue(lang)
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("label.").map(|k| (k.to_string(), v.clone())))
        .collect();
    CompareView {
        lang: lang.code(),
        compared: crate::i18n::format(
            lang,
            "label.compare-count",
            &[
                ("compared", &districts.len().to_string()),
                ("missing", &missing.len().to_string()),
            ],
        ),
        l,
        years: years.iter().map(i64::to_string).collect(),
        planned_average: avg
            .iter()
            .map(|a| pooled_text(&a.planned_per_resident))
            .collect(),
        actual_average: avg
            .iter()
            .map(|a| pooled_text(&a.actual_per_resident))
            .collect(),
        districts: districts
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let pages = sites.and_then(|p| p.get(i));
                let year = |y: i64| d.years.iter().find(|x| x.year == y);
                let sw = d
                    .years
                    .iter()
                    .rev()
                    .find(|y| y.social_workers_per_5000.is_some());
                DistrictView {
                    dir: d.dir.clone(),
                    title: d.title.clone(),
                    authority: d.authority.clone(),
                    site: pages.map(|_| format!("districts/{}/html/index.html", d.dir)),
                    links: pages
                        .into_iter()
                        .flatten()
                        .map(|(name, page)| (*name, format!("districts/{}/html/{page}", d.dir)))
                        .collect(),
                    population: f::opt_integer(lang, d.population),
                    municipalities: f::integer(lang, d.municipalities),
                    planned: years
                        .iter()
                        .map(|y| Cell {
                            text: money(lang, year(*y).and_then(|x| x.planned_per_resident)),
                            partial: false,
                        })
                        .collect(),
                    actual: years
                        .iter()
                        .map(|y| Cell {
                            text: money(lang, year(*y).and_then(|x| x.actual_per_resident)),
                            partial: year(*y).is_some_and(|x| x.actual_partial),
                        })
                        .collect(),
                    social_workers: sw.map_or_else(nd, |y| num(lang, &y.social_workers_per_5000)),
                    social_workers_year: sw.map(|y| y.year.to_string()).unwrap_or_default(),
                    sessions_per_1000: num(lang, &d.sessions_per_1000),
                    participants_per_1000: Cell {
                        text: num(lang, &d.participants_per_1000),
                        partial: d.participants_partial,
                    },
                    recommendations: if d.recommendations > 0 {
                        format!(
                            "{} / {}",
                            f::integer(lang, d.recommendations_accepted),
                            f::integer(lang, d.recommendations)
                        )
                    } else {
                        nd()
                    },
                    rules: if d.rules_evaluated > 0 {
                        format!(
                            "{} / {}",
                            f::integer(lang, d.rules_met),
                            f::integer(lang, d.rules_evaluated)
                        )
                    } else {
                        nd()
                    },
                    istat: istat_keys
                        .iter()
                        .map(|k| {
                            money(
                                lang,
                                d.istat_areas
                                    .iter()
                                    .find(|g| &g.key == k)
                                    .and_then(|g| g.per_resident_per_year),
                            )
                        })
                        .collect(),
                    levels: level_keys
                        .iter()
                        .map(|k| {
                            money(
                                lang,
                                d.fund_levels
                                    .iter()
                                    .find(|g| &g.key == k)
                                    .and_then(|g| g.per_resident_per_year),
                            )
                        })
                        .collect(),
                    funds: fund_keys
                        .iter()
                        .map(|k| {
                            let fund = d.funds.iter().find(|f| f.national == Some(k.as_str()));
                            Cell {
                                text: fund.map_or_else(nd, |f| {
                                    f.percent
                                        .as_ref()
                                        .map_or_else(nd, |p| format!("{}%", f::number(lang, p)))
                                }),
                                partial: fund.is_some_and(|f| f.partial),
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
        istat_keys: istat_keys
            .iter()
            .map(|k| {
                let t = text(lang, &format!("target-{k}"));
                if t.is_empty() { k.clone() } else { t }
            })
            .collect(),
        level_keys: level_keys
            .iter()
            .map(|k| {
                let t = text(lang, &format!("fund-level-{k}"));
                if t.is_empty() { k.clone() } else { t }
            })
            .collect(),
        fund_keys: fund_keys
            .iter()
            .map(|k| text(lang, &format!("national-fund-{k}")))
            .collect(),
        matrices: years
            .iter()
            // Only the years some district has a rule for.
            .filter(|&&year| {
                districts.iter().any(|d| {
                    d.rules
                        .iter()
                        .any(|r| r.years.iter().any(|y| y.year == year))
                })
            })
            .map(|&year| Matrix {
                year: year.to_string(),
                rules: rule_ids.clone(),
                rows: districts
                    .iter()
                    .map(|d| MatrixRow {
                        dir: d.dir.clone(),
                        title: d.title.clone(),
                        cells: rule_ids
                            .iter()
                            .map(|id| {
                                let status = d
                                    .rules
                                    .iter()
                                    .find(|r| &r.id == id)
                                    .and_then(|r| r.years.iter().find(|y| y.year == year))
                                    .map(|y| y.status);
                                match status {
                                    Some(RuleStatus::Met) => ("met", text(lang, "rule-met")),
                                    Some(RuleStatus::NotMet) => {
                                        ("not-met", text(lang, "rule-not-met"))
                                    }
                                    Some(RuleStatus::Unknown) => ("unknown", nd()),
                                    None => ("none", "–".to_string()),
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
        missing: missing.to_vec(),
        charts: charts(districts, lang),
    }
}
