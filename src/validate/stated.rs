//! Stated totals (SPEC 7): each total an act or a table of the plan states,
//! checked against the figures to the cent — both shown, and the difference.

use crate::diag::{Code, Diagnostic, Diagnostics, Message, msg, suggestion_help};
use crate::model::{BudgetKind, Money, Plan, StatedKind, StatedTotal};

fn add(total: Option<Money>, m: Money) -> Option<Money> {
    Some(Money::from_cents(
        total
            .unwrap_or(Money::ZERO)
            .cents()
            .saturating_add(m.cents()),
    ))
}

/// What the activities `in_scope` plan or spend in `year`: their budget
/// entries, and `cost` as actual of `reference_year` (SPEC 4.4). `None`
/// when none gives the figure.
fn activities_total(
    plan: &Plan,
    year: i64,
    kind: BudgetKind,
    in_scope: impl Fn(&crate::model::Activity) -> bool,
) -> Option<Money> {
    let reference_year = plan.plan.reference_year.as_ref().map(|y| y.value);
    let mut total = None;
    for a in plan.activities.iter().filter(|a| in_scope(a)) {
        for b in a
            .card
            .budget
            .iter()
            .filter(|b| b.year.value == year && b.kind.value == kind)
        {
            for f in &b.funding {
                total = add(total, f.amount.value);
            }
        }
        if kind == BudgetKind::Actual && reference_year == Some(year) {
            let cost = a.cost.as_ref().map(|c| c.value).or_else(|| {
                (!a.funding.is_empty()).then(|| {
                    a.funding.iter().fold(Money::ZERO, |t, f| {
                        add(Some(t), f.amount.value).unwrap_or(t)
                    })
                })
            });
            if let Some(c) = cost {
                total = add(total, c);
            }
        }
    }
    total
}

/// The figure a stated total is about, as the plan's figures give it;
/// `Err` when `what` names nothing the plan has.
fn computed(plan: &Plan, st: &StatedTotal) -> Result<Option<Money>, ()> {
    let year = st.year.value;
    let what = st.what.value.as_str();
    let budget_kind = match st.kind.value {
        StatedKind::Planned => Some(BudgetKind::Planned),
        StatedKind::Actual => Some(BudgetKind::Actual),
        StatedKind::Allocation => None,
    };
    // Every annualità received that year.
    let allocation = |f: &crate::model::Fund| {
        f.allocation
            .iter()
            .filter(|a| a.year.value == year)
            .fold(None, |t, a| add(t, a.amount.value))
    };
    if what == "plan" {
        return Ok(match budget_kind {
            Some(kind) => activities_total(plan, year, kind, |_| true),
            None => plan.funds.iter().filter_map(allocation).fold(None, add),
        });
    }
    if let Some(f) = plan.funds.iter().find(|f| f.id.value == what) {
        return Ok(match budget_kind {
            Some(kind) => plan
                .fund_use()
                .get(&(what.to_string(), year, kind))
                .copied(),
            None => allocation(f),
        });
    }
    if plan.areas.iter().any(|a| a.id.value == what) {
        return match budget_kind {
            Some(kind) => Ok(activities_total(plan, year, kind, |a| a.area.value == what)),
            // An area has no allocation of its own.
            None => Err(()),
        };
    }
    Err(())
}

pub(super) fn stated_totals(plan: &Plan, diags: &mut Diagnostics) {
    let lang = crate::i18n::Lang::En;
    for st in &plan.stated_totals {
        let stated = st.amount.value;
        match computed(plan, st) {
            Ok(figure) if figure == Some(stated) => {}
            Ok(figure) => {
                let computed = figure.unwrap_or(Money::ZERO);
                let mut message = Message::new("stated-total-mismatch")
                    .arg("what", st.what.value.as_str())
                    .arg("year", st.year.value.to_string())
                    .arg(
                        "kind",
                        crate::i18n::text(
                            lang,
                            &format!("label.{}", crate::model::Choice::label_key(st.kind.value)),
                        ),
                    )
                    .arg_money("stated", stated)
                    .arg_money(
                        "difference",
                        Money::from_cents(computed.cents().saturating_sub(stated.cents())),
                    );
                message = match figure {
                    Some(c) => message.arg_money("computed", c),
                    None => message.arg("computed", crate::format::not_available(lang)),
                };
                diags.push(
                    Diagnostic::new(Code::StatedTotalMismatch, st.amount.span, message)
                        .with_help(msg("help-stated-total-mismatch", &[])),
                );
            }
            Err(()) => {
                let candidates: Vec<&str> = std::iter::once("plan")
                    .chain(plan.funds.iter().map(|f| f.id.value.as_str()))
                    .chain(plan.areas.iter().map(|a| a.id.value.as_str()))
                    .collect();
                diags.push(
                    Diagnostic::new(
                        Code::UnknownRef,
                        st.what.span,
                        msg("unknown-stated-what", &[("what", &st.what.value)]),
                    )
                    .with_help(
                        suggestion_help(&st.what.value, candidates)
                            .or_else(|| Some(msg("help-unknown-stated-what", &[]))),
                    ),
                );
            }
        }
    }
}
