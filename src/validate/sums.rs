//! Sums that must add up: funding against cost, shares to 100, amounts within totals.

use crate::diag::Code;
use crate::diag::{Diagnostic, Diagnostics, Message, msg};
use crate::model::{Money, Plan, S};
use crate::source::Span;
use std::collections::HashMap;

/// The sum of `amounts`, or `None` after an error at the amount whose
/// addition passes the largest total the tool can keep exactly: a total is
/// never silently wrong.
fn checked_total<'a>(
    amounts: impl Iterator<Item = &'a S<Money>>,
    key: &str,
    diags: &mut Diagnostics,
) -> Option<i64> {
    let mut sum: i64 = 0;
    for a in amounts {
        match sum.checked_add(a.value.cents()) {
            Some(s) => sum = s,
            None => {
                diags.push(
                    Diagnostic::new(
                        Code::InvalidMoney,
                        a.span,
                        Message::new("money-total-too-large")
                            .arg("key", key)
                            .arg_money("max", Money::from_cents(i64::MAX)),
                    )
                    .with_help(msg("help-money-total-too-large", &[])),
                );
                return None;
            }
        }
    }
    Some(sum)
}

/// Every total the outputs show is a sum of non-negative amounts: when the
/// grand totals fit, every partial one (by area, by source) fits too.
fn totals_fit(plan: &Plan, diags: &mut Diagnostics) {
    checked_total(
        plan.activities.iter().filter_map(|a| a.cost.as_ref()),
        "cost",
        diags,
    );
    checked_total(
        plan.activities
            .iter()
            .flat_map(|a| a.funding.iter().map(|f| &f.amount)),
        "funding",
        diags,
    );
    // The budgets of every card and the allocations of every fund (SPEC 4).
    checked_total(
        plan.activities
            .iter()
            .flat_map(|a| &a.card.budget)
            .flat_map(|b| b.funding.iter().map(|f| &f.amount)),
        "budget",
        diags,
    );
    checked_total(
        plan.funds
            .iter()
            .flat_map(|f| f.allocation.iter().map(|a| &a.amount)),
        "allocation",
        diags,
    );
}

pub(super) fn sums(plan: &Plan, diags: &mut Diagnostics) {
    totals_fit(plan, diags);
    for a in &plan.activities {
        let Some(span) = a.funding_span else { continue };
        let mut sum = Some(Money::ZERO);
        for f in &a.funding {
            sum = sum.and_then(|s| s.checked_add(f.amount.value));
        }
        let Some(sum) = sum else {
            diags.report(
                Code::InvalidMoney,
                span,
                msg("money-too-large", &[("key", "funding")]),
            );
            continue;
        };
        match &a.cost {
            Some(cost) if cost.value != sum => {
                let diff = Money::from_cents((cost.value.cents() - sum.cents()).abs());
                diags.push(
                    Diagnostic::new(
                        Code::FundingMismatch,
                        span,
                        Message::new("funding-mismatch")
                            .arg_money("sum", sum)
                            .arg_money("cost", cost.value)
                            .arg("title", a.title.value.as_str()),
                    )
                    .with_related(cost.span, msg("label-cost", &[]))
                    .with_help(
                        Message::new(if sum < cost.value {
                            "help-funding-less"
                        } else {
                            "help-funding-more"
                        })
                        .arg_money("diff", diff),
                    ),
                );
            }
            None if !a.funding.is_empty() && !a.cost_written => {
                diags.push(
                    Diagnostic::new(
                        Code::FundingMismatch,
                        span,
                        Message::new("funding-without-cost").arg_money("sum", sum),
                    )
                    .with_help(Message::new("help-funding-without-cost").arg_money("sum", sum)),
                );
            }
            _ => {}
        }
    }
    if let Some(sp) = &plan.spending {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for t in &sp.by_target {
            if let Some(first) = seen.insert(t.target.value.as_str(), t.target.span) {
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        t.target.span,
                        msg("duplicate-target", &[("target", &t.target.value)]),
                    )
                    .with_related(first, msg("label-first-listed", &[])),
                );
            }
        }
        let shares: Vec<&S<Money>> = sp
            .by_target
            .iter()
            .filter_map(|t| t.share.as_ref())
            .collect();
        if !shares.is_empty() && shares.len() == sp.by_target.len() {
            let sum: i64 = shares
                .iter()
                .map(|s| s.value.cents())
                .fold(0, i64::saturating_add);
            if (sum - 10_000).abs() > 10 {
                let shown = format!("{}.{:02}", sum / 100, sum % 100);
                diags.push(Diagnostic::new(
                    Code::SharesSum,
                    sp.by_target_span.unwrap_or(sp.span),
                    msg("shares-sum", &[("sum", &shown)]),
                ));
            }
        }
        let amounts: Vec<&S<Money>> = sp
            .by_target
            .iter()
            .filter_map(|t| t.amount.as_ref())
            .collect();
        if let (Some(total), false) = (&sp.total, amounts.is_empty()) {
            let Some(sum) = checked_total(amounts.iter().copied(), "by_target.amount", diags)
            else {
                return;
            };
            if sum > total.value.cents() {
                diags.report(
                    Code::SharesSum,
                    sp.by_target_span.unwrap_or(sp.span),
                    Message::new("amounts-exceed-total")
                        .arg_money("sum", Money::from_cents(sum))
                        .arg_money("total", total.value),
                );
            }
        }
        if let (Some(total), Some(assoc)) = (&sp.total, &sp.associated)
            && assoc.value > total.value
        {
            diags.report(
                Code::InvalidValue,
                assoc.span,
                Message::new("associated-exceeds-total")
                    .arg_money("associated", assoc.value)
                    .arg_money("total", total.value),
            );
        }
    }
}
