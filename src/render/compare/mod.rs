//! `compare`'s outputs (SPEC 9): the comparison page (`view.rs`),
//! `compare.json`, `data/compare.csv` and `data/compare-rules.csv` (`data.rs`)
//! and their description, from the districts' figures. Reads no file.

mod data;
mod view;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::compute::compare::{District, Pooled, pooled};
use crate::i18n::Lang;
use crate::output::Output;

/// A plan left out of the comparison, with what its check reported.
#[derive(Debug, Serialize, Clone)]
pub struct Missing {
    pub dir: String,
    pub diagnostics: Vec<String>,
}

#[derive(Serialize)]
struct CompareJson<'a> {
    districts: &'a [District],
    missing: &'a [Missing],
    /// Money per resident over the districts that give it, by year.
    averages: &'a [YearAverages],
}

#[derive(Serialize)]
struct YearAverages {
    year: i64,
    planned_per_resident: Pooled,
    actual_per_resident: Pooled,
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
/// `districts/<dir>/`, with these generated pages (one list per district),
/// and the page links them from the district's figures.
pub fn outputs(
    districts: &[District],
    missing: &[Missing],
    lang: Lang,
    sites: Option<&[Vec<(&'static str, String)>]>,
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
        averages: &avg,
    })
    .map_err(|e| e.to_string())?;
    let mut out = vec![
        Output {
            path: "compare.json".into(),
            bytes: json,
        },
        Output {
            path: "data/compare.csv".into(),
            bytes: data::compare_csv(districts).map_err(|e| e.to_string())?,
        },
        Output {
            path: "data/compare-rules.csv".into(),
            bytes: data::rules_csv(districts).map_err(|e| e.to_string())?,
        },
        Output {
            path: "data/README.md".into(),
            bytes: include_str!("../../../templates/data/compare-README.md")
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
    let view = view::view(districts, missing, lang, sites, &years, &avg);
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
