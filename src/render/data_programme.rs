//! The Piano di Zona's open data (SPEC 4.8): budgets, funds, indicators,
//! municipalities and objectives, one row per figure, amounts in plain euros.

use super::data::{finish, opt_date, opt_int, opt_text};
use crate::compute::Summary;
use crate::model::Plan;
use crate::output::Encoded;
use crate::text::csv_text;

/// One row per activity × year × kind × source; an activity's `cost`/`funding`
/// (SPEC 2.8) are actual rows of `reference_year` (a cost without funding has
/// an empty fund), so that summing by fund, year and kind gives `funds.csv`.
pub fn budget_csv(plan: &Plan) -> Encoded {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "activity_key",
        "year",
        "kind",
        "fund",
        "amount_eur",
        "origin",
    ])?;
    let reference_year = plan.plan.reference_year.as_ref().map(|y| y.value);
    for a in &plan.activities {
        for b in &a.card.budget {
            for f in &b.funding {
                w.write_record([
                    csv_text(&a.key),
                    b.year.value.to_string(),
                    b.kind.value.name().to_string(),
                    csv_text(&f.source.value),
                    f.amount.value.to_plain(),
                    b.origin().to_string(),
                ])?;
            }
        }
        let Some(year) = reference_year else { continue };
        let actual = crate::model::BudgetKind::Actual.name();
        for f in &a.funding {
            w.write_record([
                csv_text(&a.key),
                year.to_string(),
                actual.to_string(),
                csv_text(&f.source.value),
                f.amount.value.to_plain(),
                year.to_string(),
            ])?;
        }
        if let (Some(cost), true) = (&a.cost, a.funding.is_empty()) {
            w.write_record([
                csv_text(&a.key),
                year.to_string(),
                actual.to_string(),
                String::new(),
                cost.value.to_plain(),
                year.to_string(),
            ])?;
        }
    }
    finish(w)
}

/// One row per fund × year: allocation, planned, actual (empty when not
/// available), the spending without a planned budget inside actual, and
/// whether actual leaves out cards that have not reported.
pub fn funds_csv(summary: &Summary) -> Encoded {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "fund",
        "year",
        "allocation_eur",
        "planned_eur",
        "actual_eur",
        "unallocated_eur",
        "unbudgeted_eur",
        "spent_pct",
        "actual_partial",
    ])?;
    let plain = |m: Option<crate::model::Money>| m.map(|m| m.to_plain()).unwrap_or_default();
    for f in &summary.programme.funds {
        for y in &f.years {
            let fig = &y.figures;
            w.write_record([
                csv_text(&f.id),
                y.year.to_string(),
                plain(y.allocation),
                plain(fig.planned),
                plain(fig.actual),
                plain(y.unallocated),
                plain(fig.unbudgeted),
                fig.percent
                    .map(|p| crate::model::Money::from_cents(p.0).to_plain())
                    .unwrap_or_default(),
                (!fig.partial.is_empty()).to_string(),
            ])?;
        }
    }
    finish(w)
}

/// One row per indicator × year × kind (baseline, target, actual), values as written.
pub fn indicators_csv(plan: &Plan) -> Encoded {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["indicator", "year", "kind", "value", "unit"])?;
    for i in &plan.indicators {
        let baseline = i
            .baseline
            .iter()
            .map(|b| ("baseline", b.year.as_ref().map(|y| y.value), &b.value));
        let rows = baseline
            .chain(
                i.targets
                    .iter()
                    .map(|m| ("target", Some(m.year.value), &m.value)),
            )
            .chain(
                i.actuals
                    .iter()
                    .map(|m| ("actual", Some(m.year.value), &m.value)),
            );
        for (kind, year, value) in rows {
            w.write_record([
                csv_text(&i.id.value),
                year.map(|y| y.to_string()).unwrap_or_default(),
                kind.to_string(),
                value.value.plain(),
                opt_text(&i.unit),
            ])?;
        }
    }
    finish(w)
}

pub fn municipalities_csv(plan: &Plan) -> Encoded {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "istat_code",
        "name",
        "population",
        "population_date",
        "signed",
        "since",
        "until",
        "merged_into",
    ])?;
    let complete = plan.agreement.as_ref().map(|a| a.signatories_complete());
    for m in &plan.municipalities {
        // Empty when unknown: no agreement, or a signature not documented.
        let signed = match (complete, plan.has_signed(m)) {
            (None, _) => String::new(),
            (_, true) => "true".to_string(),
            (Some(true), false) => "false".to_string(),
            (Some(false), false) => String::new(),
        };
        w.write_record([
            opt_text(&m.istat_code),
            csv_text(&m.name.value),
            opt_int(&m.population),
            opt_date(&m.population_date),
            signed,
            opt_date(&m.since),
            opt_date(&m.until),
            opt_text(&m.merged_into),
        ])?;
    }
    finish(w)
}

/// The fund ledger (SPEC 7): one row per fund, annualità, year and kind —
/// `allocation` from the funds, `committed` and `paid` the sums of the cards'
/// budget entries (summing budget.csv's committed and paid rows by fund,
/// origin, year and kind gives these).
pub fn ledger_csv(plan: &Plan) -> Encoded {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["fund", "origin", "year", "kind", "amount_eur"])?;
    let entries = crate::compute::ledger_entries(plan);
    for f in &plan.funds {
        if !entries.keys().any(|(s, ..)| *s == f.id.value) {
            continue;
        }
        let mut rows: Vec<(i64, i64, &str, crate::model::Money)> = f
            .allocation
            .iter()
            .map(|a| (a.origin(), a.year.value, "allocation", a.amount.value))
            .collect();
        rows.extend(
            entries
                .iter()
                .filter(|((s, ..), _)| *s == f.id.value)
                .map(|((_, origin, year, kind), amount)| (*origin, *year, kind.name(), *amount)),
        );
        rows.sort_by_key(|(origin, year, kind, _)| {
            (*origin, *year, *kind != "allocation", *kind == "paid")
        });
        for (origin, year, kind, amount) in rows {
            w.write_record([
                csv_text(&f.id.value),
                origin.to_string(),
                year.to_string(),
                kind.to_string(),
                amount.to_plain(),
            ])?;
        }
    }
    finish(w)
}

/// One row per workforce entry: year, profile, contract, full-time equivalents.
pub fn staff_csv(plan: &Plan) -> Encoded {
    use crate::model::Choice;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "year",
        "profile",
        "contract",
        "fte",
        "employer",
        "funded_by",
    ])?;
    for s in &plan.staff {
        w.write_record([
            s.year.value.to_string(),
            s.profile.value.word().to_string(),
            s.contract
                .as_ref()
                .map(|c| c.value.word().to_string())
                .unwrap_or_default(),
            s.fte.value.plain(),
            opt_text(&s.employer),
            opt_text(&s.funded_by),
        ])?;
    }
    finish(w)
}

/// One row per rule and year (SPEC 8): status, value, threshold and gap in
/// the rule's unit, the gap in euro, the social-worker contribution; an
/// empty cell is unknown, never 0.
pub fn rules_csv(summary: &Summary) -> Encoded {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "rule",
        "set",
        "kind",
        "unit",
        "year",
        "status",
        "value",
        "threshold",
        "gap",
        "gap_eur",
        "eur",
        "eur_missed",
        "source",
    ])?;
    let number =
        |n: &Option<crate::model::Number>| n.as_ref().map(|n| n.plain()).unwrap_or_default();
    let money = |m: Option<crate::model::Money>| m.map(|m| m.to_plain()).unwrap_or_default();
    for r in &summary.rules {
        for y in &r.years {
            w.write_record([
                r.id.clone(),
                r.set.clone().unwrap_or_default(),
                r.kind.to_string(),
                r.unit.word().to_string(),
                y.year.to_string(),
                y.status.word().to_string(),
                number(&y.value),
                number(&y.threshold),
                number(&y.gap),
                money(y.gap_eur),
                money(y.eur),
                money(y.eur_missed),
                csv_text(&r.source),
            ])?;
        }
    }
    finish(w)
}

pub fn objectives_csv(plan: &Plan) -> Encoded {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "code", "title", "parent", "regional_ref"])?;
    for o in &plan.objectives {
        w.write_record([
            o.id.value.clone(),
            opt_text(&o.code),
            csv_text(&o.title.value),
            o.parent
                .as_ref()
                .map(|p| p.value.clone())
                .unwrap_or_default(),
            opt_text(&o.regional_ref),
        ])?;
    }
    finish(w)
}
