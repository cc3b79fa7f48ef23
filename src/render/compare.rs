//! `compare`'s outputs (SPEC 9): the comparison page, `compare.json`,
//! `data/compare.csv`, `data/compare-rules.csv` and their description, from
//! the districts' figures. Reads no file.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::compute::compare::{District, Pooled, pooled};
use crate::compute::rules::RuleStatus;
use crate::format as f;
use crate::i18n::{self, Lang};
use crate::model::{Money, Number};
use crate::output::Output;

/// A plan left out of the comparison, with what its check reported.
#[derive(Debug, Serialize, Clone)]
pub struct Missing {
    pub dir: String,
    pub diagnostics: Vec<String>,
}

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
    /// The district's own site, from the page (with `--with-sites`).
    site: Option<String>,
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
struct CompareView {
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
}

#[derive(Serialize)]
struct CompareJson<'a> {
    districts: &'a [District],
    missing: &'a [Missing],
    /// Money per resident over the districts that give it, by year.
    averages: Vec<YearAverages>,
}

#[derive(Serialize)]
struct YearAverages {
    year: i64,
    planned_per_resident: Pooled,
    actual_per_resident: Pooled,
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

fn averages(districts: &[District], years: &[i64]) -> Vec<YearAverages> {
    years
        .iter()
        .map(|&year| {
            let pick = |actual: bool| {
                pooled(districts.iter().map(|d| {
                    let y = d.years.iter().find(|y| y.year == year);
                    let m = y.and_then(|y| if actual { y.actual } else { y.planned });
                    (m, d.population)
                }))
            };
            YearAverages {
                year,
                planned_per_resident: pick(false),
                actual_per_resident: pick(true),
            }
        })
        .collect()
}

/// Every output of a comparison. `sites`: each district's site is under
/// `districts/<dir>/`, and the page links it.
pub fn outputs(
    districts: &[District],
    missing: &[Missing],
    lang: Lang,
    sites: bool,
) -> Result<Vec<Output>, String> {
    let years: Vec<i64> = {
        let mut y: Vec<i64> = districts
            .iter()
            .flat_map(|d| d.years.iter().map(|y| y.year))
            .collect();
        y.sort_unstable();
        y.dedup();
        y
    };
    let avg = averages(districts, &years);
    let json = serde_json::to_vec_pretty(&CompareJson {
        districts,
        missing,
        averages: averages(districts, &years),
    })
    .map_err(|e| e.to_string())?;
    let mut out = vec![
        Output {
            path: "compare.json".into(),
            bytes: json,
        },
        Output {
            path: "data/compare.csv".into(),
            bytes: compare_csv(districts).map_err(|e| e.to_string())?,
        },
        Output {
            path: "data/compare-rules.csv".into(),
            bytes: rules_csv(districts).map_err(|e| e.to_string())?,
        },
        Output {
            path: "data/README.md".into(),
            bytes: include_str!("../../templates/data/compare-README.md")
                .as_bytes()
                .to_vec(),
        },
        Output {
            path: "assets/style.css".into(),
            bytes: super::templates::builtin("assets/style.css")
                .unwrap_or_default()
                .as_bytes()
                .to_vec(),
        },
    ];
    let view = view(districts, missing, lang, sites, &years, &avg);
    let env = super::templates::environment(BTreeMap::new(), u64::MAX / 2);
    let html = env
        .get_template("html/compare.html.j2")
        .and_then(|t| t.render(minijinja::Value::from(minijinja::value::Serde(&view))))
        .map_err(|e| e.to_string())?;
    out.push(Output {
        path: "index.html".into(),
        bytes: html.into_bytes(),
    });
    Ok(out)
}

fn view(
    districts: &[District],
    missing: &[Missing],
    lang: Lang,
    sites: bool,
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
            .map(|d| {
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
                    site: sites.then(|| format!("districts/{}/html/index.html", d.dir)),
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
    }
}

fn compare_csv(districts: &[District]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "district",
        "title",
        "year",
        "population",
        "municipalities",
        "planned",
        "actual",
        "actual_partial",
        "planned_per_resident",
        "actual_per_resident",
        "social_workers",
        "social_workers_per_5000",
        "sessions_per_1000",
        "participants_per_1000",
        "participants_partial",
        "recommendations",
        "recommendations_accepted",
        "rules_met",
        "rules_evaluated",
    ])?;
    let m = |m: Option<Money>| m.map(|m| m.to_plain()).unwrap_or_default();
    let n = |n: &Option<Number>| n.as_ref().map(|n| n.plain()).unwrap_or_default();
    for d in districts {
        for y in &d.years {
            w.write_record([
                crate::text::csv_text(&d.dir),
                crate::text::csv_text(&d.title),
                y.year.to_string(),
                d.population.map(|p| p.to_string()).unwrap_or_default(),
                d.municipalities.to_string(),
                m(y.planned),
                m(y.actual),
                y.actual_partial.to_string(),
                m(y.planned_per_resident),
                m(y.actual_per_resident),
                n(&y.social_workers),
                n(&y.social_workers_per_5000),
                n(&d.sessions_per_1000),
                n(&d.participants_per_1000),
                d.participants_partial.to_string(),
                d.recommendations.to_string(),
                d.recommendations_accepted.to_string(),
                d.rules_met.to_string(),
                d.rules_evaluated.to_string(),
            ])?;
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

fn rules_csv(districts: &[District]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["district", "rule", "year", "status"])?;
    for d in districts {
        for r in &d.rules {
            for y in &r.years {
                w.write_record([
                    crate::text::csv_text(&d.dir),
                    r.id.clone(),
                    y.year.to_string(),
                    y.status.word().to_string(),
                ])?;
            }
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
