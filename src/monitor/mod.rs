//! The monitoring sheet (SPEC 5.4): a year's figures out to a spreadsheet
//! and back. `export` writes one row per card × fund (planned given, actual
//! to fill), one per card (status and users) and one per indicator (target
//! given, actual to fill); `import` validates every cell, then writes the
//! values into the TOML file where each entity is defined — an edit that
//! keeps comments, key order and layout, all or nothing.

mod edit;
mod numbers;
mod sheet;

pub use edit::plan_edits;
pub use sheet::{Row, RowKind, columns, parse};

use crate::i18n::Lang;
use crate::model::{BudgetKind, Money, Plan};

fn amount(m: Option<Money>, lang: Lang) -> String {
    m.map(|m| numbers::write_number(&m.to_plain(), lang))
        .unwrap_or_default()
}

/// The sheet for `year`: UTF-8, a header row, `delimiter`-separated, its
/// columns, row kinds and statuses in the plan's language; text cells that a
/// spreadsheet would run as formulas are quoted with `'`, numbers never.
pub fn export(plan: &Plan, year: i64, delimiter: u8) -> Result<Vec<u8>, csv::Error> {
    let lang = plan.plan.language;
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    w.write_record(columns(lang))?;
    let text = |s: &str| crate::text::csv_text(s);
    let key = |a: &crate::model::Activity| a.id.as_ref().map_or(a.key.clone(), |i| i.value.clone());
    let kind = |k| sheet::kind_word(k, lang).to_string();
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
        for fund in &funds {
            w.write_record([
                kind("budget"),
                text(&key(a)),
                text(&a.title.value),
                year.to_string(),
                text(fund),
                amount(get(planned, fund), lang),
                amount(get(actual, fund), lang),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ])?;
        }
        // The fund ledger (SPEC 7): a commitment and a payment of the
        // year's own annualità for each fund the card plans or spends, and
        // every one of another annualità the plan already records.
        let mut ledger: Vec<(BudgetKind, &str, i64)> = Vec::new();
        for fund in &funds {
            for k in [BudgetKind::Committed, BudgetKind::Paid] {
                ledger.push((k, fund, year));
            }
        }
        for b in a.card.budget.iter().filter(|b| {
            b.year.value == year && matches!(b.kind.value, BudgetKind::Committed | BudgetKind::Paid)
        }) {
            for f in &b.funding {
                let row = (b.kind.value, f.source.value.as_str(), b.origin());
                if !ledger.contains(&row) {
                    ledger.push(row);
                }
            }
        }
        for (k, fund, origin) in ledger {
            let recorded = a
                .card
                .budget
                .iter()
                .filter(|b| b.year.value == year && b.kind.value == k && b.origin() == origin)
                .flat_map(|b| b.funding.iter())
                .find(|f| f.source.value == fund)
                .map(|f| f.amount.value);
            w.write_record([
                kind(k.name()),
                text(&key(a)),
                text(&a.title.value),
                year.to_string(),
                text(fund),
                String::new(),
                amount(recorded, lang),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                origin.to_string(),
            ])?;
        }
    }
    for a in plan.activities.iter().filter(|a| a.card.is_full()) {
        let p = a.card.progress.iter().find(|p| p.year.value == year);
        w.write_record([
            kind("progress"),
            text(&key(a)),
            text(&a.title.value),
            year.to_string(),
            String::new(),
            String::new(),
            String::new(),
            p.map(|p| sheet::status_word(p.status.value, lang))
                .unwrap_or_default(),
            p.and_then(|p| p.users.as_ref())
                .map(|u| u.value.to_string())
                .unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
        ])?;
    }
    for i in &plan.indicators {
        let value = |list: &[crate::model::Measure]| {
            list.iter()
                .find(|m| m.year.value == year)
                .map(|m| numbers::write_number(&m.value.value.plain(), lang))
                .unwrap_or_default()
        };
        w.write_record([
            kind("indicator"),
            text(&i.id.value),
            text(&i.title.value),
            year.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            value(&i.targets),
            value(&i.actuals),
            String::new(),
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// Whether the value `row` carries is in `plan` (the plan after the edit),
/// at the entity and year the row names: the last check before writing.
pub fn landed(plan: &Plan, row: &Row) -> bool {
    let activity = || {
        plan.activities
            .iter()
            .find(|a| a.id.as_ref().map_or(a.key.as_str(), |i| i.value.as_str()) == row.key)
    };
    match &row.kind {
        RowKind::Budget {
            kind,
            origin,
            fund,
            actual: Some(amount),
        } => activity().is_some_and(|a| {
            a.card.budget.iter().any(|b| {
                b.year.value == row.year
                    && b.kind.value == *kind
                    && origin.is_none_or(|o| b.origin() == o)
                    && b.funding
                        .iter()
                        .any(|f| f.source.value == *fund && f.amount.value == *amount)
            })
        }),
        RowKind::Progress { status, users } if status.is_some() || users.is_some() => activity()
            .is_some_and(|a| {
                a.card.progress.iter().any(|p| {
                    p.year.value == row.year
                        && status.is_none_or(|s| p.status.value == s)
                        && users.is_none_or(|u| p.users.as_ref().map(|x| x.value) == Some(u))
                })
            }),
        RowKind::Indicator { actual: Some(n) } => plan
            .indicators
            .iter()
            .find(|i| i.id.value == row.key)
            .is_some_and(|i| {
                i.actuals.iter().any(|m| {
                    m.year.value == row.year
                        && m.value.value.cmp_exact(n) == Some(std::cmp::Ordering::Equal)
                })
            }),
        _ => true,
    }
}
