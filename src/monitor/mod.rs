//! The monitoring sheet (SPEC 5.4): a year's figures out to a spreadsheet
//! and back. `export` writes one row per card × fund (planned given, actual
//! to fill), one per card (status and users) and one per indicator (target
//! given, actual to fill); `import` validates every cell, then writes the
//! values into the TOML file where each entity is defined — an edit that
//! keeps comments, key order and layout, all or nothing.

mod edit;
mod sheet;

pub use edit::{Edits, apply, plan_edits};
pub use sheet::{Row, RowKind, parse};

use crate::model::{BudgetKind, Money, Plan};

/// The sheet's columns, in order.
pub const COLUMNS: [&str; 11] = [
    "kind",
    "key",
    "title",
    "year",
    "fund",
    "planned_eur",
    "actual_eur",
    "status",
    "users",
    "target",
    "actual_value",
];

fn cell(s: &str, delimiter: char) -> String {
    let s = crate::render::data::csv_text(s);
    if s.contains(delimiter) || s.contains('"') || s.contains('\n') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn amount(m: Option<Money>) -> String {
    m.map(|m| m.to_plain()).unwrap_or_default()
}

/// The sheet for `year`: UTF-8, a header row, `delimiter`-separated.
pub fn export(plan: &Plan, year: i64, delimiter: char) -> String {
    let mut out = String::new();
    let d = delimiter.to_string();
    out.push_str(&COLUMNS.join(&d));
    out.push('\n');
    let mut line = |cells: [String; 11]| {
        let cells: Vec<String> = cells.iter().map(|c| cell(c, delimiter)).collect();
        out.push_str(&cells.join(&d));
        out.push('\n');
    };
    let key = |a: &crate::model::Activity| a.id.as_ref().map_or(a.key.clone(), |i| i.value.clone());
    for a in plan.activities.iter().filter(|a| !a.card.budget.is_empty()) {
        let entry = |kind| {
            a.card
                .budget
                .iter()
                .find(|b| b.year.value == year && b.kind.value == kind)
        };
        let (planned, actual) = (entry(BudgetKind::Planned), entry(BudgetKind::Actual));
        let mut funds: Vec<&str> = Vec::new();
        for e in planned.iter().chain(actual.iter()) {
            for f in &e.funding {
                if !funds.contains(&f.source.value.as_str()) {
                    funds.push(&f.source.value);
                }
            }
        }
        let get = |e: Option<&crate::model::BudgetEntry>, fund: &str| {
            e.and_then(|e| e.funding.iter().find(|f| f.source.value == fund))
                .map(|f| f.amount.value)
        };
        for fund in funds {
            line([
                "budget".into(),
                key(a),
                a.title.value.clone(),
                year.to_string(),
                fund.to_string(),
                amount(get(planned, fund)),
                amount(get(actual, fund)),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
    }
    for a in plan.activities.iter().filter(|a| a.card.is_full()) {
        let p = a.card.progress.iter().find(|p| p.year.value == year);
        line([
            "progress".into(),
            key(a),
            a.title.value.clone(),
            year.to_string(),
            String::new(),
            String::new(),
            String::new(),
            p.map(|p| p.status.value.clone()).unwrap_or_default(),
            p.and_then(|p| p.users.as_ref())
                .map(|u| u.value.to_string())
                .unwrap_or_default(),
            String::new(),
            String::new(),
        ]);
    }
    for i in &plan.indicators {
        let target = i.targets.iter().find(|m| m.year.value == year);
        let actual = i.actuals.iter().find(|m| m.year.value == year);
        line([
            "indicator".into(),
            i.id.value.clone(),
            i.title.value.clone(),
            year.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            target.map(|m| m.value.value.plain()).unwrap_or_default(),
            actual.map(|m| m.value.value.plain()).unwrap_or_default(),
        ]);
    }
    out
}
