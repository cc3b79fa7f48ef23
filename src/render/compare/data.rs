//! The comparison's CSV files: one row per district and year, one per
//! district, rule and year; an empty cell is unknown, never 0.

use crate::compute::compare::District;
use crate::model::{Money, Number};

pub(super) fn compare_csv(districts: &[District]) -> Result<Vec<u8>, csv::Error> {
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
        "social_workers_permanent_per_5000",
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
        // A plan without years (no start and end) still has its row.
        let none = [None];
        let years: Vec<Option<&crate::compute::compare::DistrictYear>> = if d.years.is_empty() {
            none.to_vec()
        } else {
            d.years.iter().map(Some).collect()
        };
        for y in years {
            let year = |f: &dyn Fn(&crate::compute::compare::DistrictYear) -> String| {
                y.map(f).unwrap_or_default()
            };
            w.write_record([
                crate::text::csv_text(&d.dir),
                crate::text::csv_text(&d.title),
                year(&|y| y.year.to_string()),
                d.population.map(|p| p.to_string()).unwrap_or_default(),
                d.municipalities.to_string(),
                year(&|y| m(y.planned)),
                year(&|y| m(y.actual)),
                year(&|y| y.actual_partial.to_string()),
                year(&|y| m(y.planned_per_resident)),
                year(&|y| m(y.actual_per_resident)),
                year(&|y| n(&y.social_workers)),
                year(&|y| n(&y.social_workers_per_5000)),
                year(&|y| n(&y.social_workers_permanent_per_5000)),
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

pub(super) fn rules_csv(districts: &[District]) -> Result<Vec<u8>, csv::Error> {
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
