//! The Piano di Zona's rules (SPEC 4.1–4.7): the district and its agreement,
//! the objective tree, funds, indicators, the workforce, responses (the
//! intervention cards' are in `cards.rs`).

use crate::diag::Code;
use std::collections::{BTreeSet, HashMap};

use super::Ids;
use crate::diag::{Diagnostic, Diagnostics, Message, msg, suggestion_help};
use crate::model::{BudgetKind, Money, Plan, S, Str};
use crate::source::Span;

pub(super) fn duplicate_year(diags: &mut Diagnostics, what: &str, year: &S<i64>, first: Span) {
    diags.push(
        Diagnostic::new(
            Code::DuplicateId,
            year.span,
            msg(
                "duplicate-year",
                &[("what", what), ("year", &year.value.to_string())],
            ),
        )
        .with_related(first, msg("label-first-defined", &[])),
    );
}

pub(super) fn district(plan: &Plan, ids: &Ids, diags: &mut Diagnostics) {
    for m in &plan.municipalities {
        if let Some(code) = &m.istat_code
            && !(code.value.len() == 6 && code.value.bytes().all(|b| b.is_ascii_digit()))
        {
            diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    code.span,
                    msg("istat-code", &[("code", &code.value)]),
                )
                .with_help(msg("help-istat-code", &[])),
            );
        }
    }
    for m in &plan.municipalities {
        if let Some(successor) = &m.merged_into
            && !plan.municipalities.iter().any(|x| {
                x.istat_code
                    .as_ref()
                    .is_some_and(|c| c.value == successor.value)
            })
        {
            let codes = plan
                .municipalities
                .iter()
                .filter_map(|x| x.istat_code.as_ref().map(|c| c.value.as_str()));
            diags.push(
                Diagnostic::new(
                    Code::UnknownRef,
                    successor.span,
                    msg("unknown-successor", &[("code", &successor.value)]),
                )
                .with_help(suggestion_help(&successor.value, codes)),
            );
        }
        if let (Some(since), Some(until)) = (&m.since, &m.until)
            && until.value <= since.value
        {
            diags.report(
                Code::DateOrder,
                until.span,
                msg(
                    "municipality-until-before-since",
                    &[("name", &m.name.value), ("since", &since.value.iso())],
                ),
            );
        }
    }
    // A merger's parts and its successor are never counted together.
    let current: Vec<&crate::model::Municipality> = plan.current_municipalities().collect();
    let populations: Vec<i64> = current
        .iter()
        .filter_map(|m| m.population.as_ref().map(|p| p.value))
        .collect();
    if let Some(declared) = &plan.plan.population
        && !populations.is_empty()
    {
        let sum: i64 = populations.iter().sum();
        let missing = current.len() - populations.len();
        if sum != declared.value {
            let (key, args) = if missing > 0 {
                ("population-mismatch-missing", missing.to_string())
            } else {
                ("population-mismatch", String::new())
            };
            diags.push(Diagnostic::new(
                Code::PopulationMismatch,
                declared.span,
                msg(
                    key,
                    &[
                        ("declared", &declared.value.to_string()),
                        ("sum", &sum.to_string()),
                        ("missing", &args),
                    ],
                ),
            ));
        }
    }
    for s in &plan.signatories {
        if let Some(named) = &s.municipality
            && plan.signatory_municipality(s).is_none()
        {
            let candidates = plan.municipalities.iter().flat_map(|m| {
                m.istat_code
                    .iter()
                    .map(|c| c.value.as_str())
                    .chain(std::iter::once(m.name.value.as_str()))
            });
            diags.push(
                Diagnostic::new(
                    Code::UnknownRef,
                    named.span,
                    msg("unknown-signatory-municipality", &[("value", &named.value)]),
                )
                .with_help(
                    suggestion_help(&named.value, candidates)
                        .or_else(|| Some(msg("help-unknown-signatory-municipality", &[]))),
                ),
            );
        }
    }
    let Some(agreement) = &plan.agreement else {
        return;
    };
    if let Some(annex) = &agreement.annex {
        ids.check("annex", "agreement", annex, diags);
    }
    // Sources that do not list every signature say nothing of who has not signed.
    if agreement.signatories_complete() {
        // A municipality that has ceased signs no more.
        for m in plan
            .municipalities
            .iter()
            .filter(|m| m.until.is_none() && !plan.has_signed(m))
        {
            diags.push(
                Diagnostic::new(
                    Code::UnsignedMunicipality,
                    m.name.span,
                    msg("unsigned-municipality", &[("name", &m.name.value)]),
                )
                .with_help(msg("help-unsigned-municipality", &[])),
            );
        }
    }
    let start = plan.plan.start.as_ref().map(|d| d.value);
    let valid_to = agreement.valid_to.as_ref().map(|d| d.value);
    for s in &plan.signatories {
        let Some(date) = &s.date else { continue };
        let late = valid_to.is_some_and(|to| date.value > to);
        let early = start.is_some_and(|st| date.value < st);
        if late || early {
            diags.push(Diagnostic::new(
                Code::SignatureDate,
                date.span,
                msg(
                    if late {
                        "signature-after-validity"
                    } else {
                        "signature-before-plan"
                    },
                    &[("name", &s.name.value), ("date", &date.value.iso())],
                ),
            ));
        }
    }
}

/// Parents exist, the tree has no cycle and at most four levels.
pub(super) fn objectives(plan: &Plan, ids: &Ids, diags: &mut Diagnostics) {
    let parent: HashMap<&str, &Str> = plan
        .objectives
        .iter()
        .filter_map(|o| Some((o.id.value.as_str(), o.parent.as_ref()?)))
        .collect();
    for o in &plan.objectives {
        if let Some(p) = &o.parent {
            ids.check("objective", "objective", p, diags);
        }
    }
    let mut in_cycle: BTreeSet<&str> = BTreeSet::new();
    for o in &plan.objectives {
        let start = o.id.value.as_str();
        if in_cycle.contains(start) {
            continue;
        }
        // Walk up; a repeat means a cycle, the path's length the depth.
        let mut path: Vec<&str> = vec![start];
        let mut at = start;
        while let Some(p) = parent.get(at) {
            let next = p.value.as_str();
            if let Some(pos) = path.iter().position(|x| *x == next) {
                let members = &path[pos..];
                if members.contains(&start) {
                    in_cycle.extend(members.iter().copied());
                    let mut names: Vec<&str> = members.to_vec();
                    names.push(next);
                    diags.push(
                        Diagnostic::new(
                            Code::ObjectiveCycle,
                            o.parent.as_ref().map_or(o.id.span, |p| p.span),
                            msg("objective-cycle", &[("members", &names.join(" → "))]),
                        )
                        .with_help(msg("help-objective-cycle", &[])),
                    );
                }
                break;
            }
            path.push(next);
            at = next;
        }
        if !in_cycle.contains(start) && path.len() > 4 {
            diags.push(Diagnostic::new(
                Code::ObjectiveDepth,
                o.parent.as_ref().map_or(o.id.span, |p| p.span),
                msg(
                    "objective-depth",
                    &[("id", start), ("levels", &path.len().to_string())],
                ),
            ));
        }
    }
}

/// Years outside `[plan] start`..`end` are warned, and make no monitoring
/// report (SPEC 4.9).
pub(super) fn outside_plan<'a>(
    range: &Option<std::ops::RangeInclusive<i64>>,
    years: impl IntoIterator<Item = &'a S<i64>>,
    diags: &mut Diagnostics,
) {
    let Some(range) = range else { return };
    for y in years {
        if !range.contains(&y.value) {
            diags.push(Diagnostic::new(
                Code::YearOutsidePlan,
                y.span,
                msg(
                    "year-outside-plan",
                    &[
                        ("year", &y.value.to_string()),
                        ("start", &range.start().to_string()),
                        ("end", &range.end().to_string()),
                    ],
                ),
            ));
        }
    }
}

/// Allocations once per year; planned budgets within them (error), actual
/// spending within them (warning).
pub(super) fn funds(plan: &Plan, diags: &mut Diagnostics) {
    let used = plan.fund_use();
    let years = plan.years();
    for f in &plan.funds {
        outside_plan(&years, f.allocation.iter().map(|a| &a.year), diags);
        let mut seen: HashMap<(i64, i64), Span> = HashMap::new();
        for a in &f.allocation {
            if let Some(first) = seen.insert((a.year.value, a.origin()), a.year.span) {
                duplicate_year(diags, "allocation", &a.year, first);
                continue;
            }
            // The year's allocations of every annualità, checked once, at the first.
            if f.allocation
                .iter()
                .position(|x| x.year.value == a.year.value)
                .is_some_and(|first| !std::ptr::eq(&f.allocation[first], a))
            {
                continue;
            }
            let spent = |kind| {
                used.get(&(f.id.value.clone(), a.year.value, kind))
                    .copied()
                    .unwrap_or(Money::ZERO)
            };
            let allocated = f
                .allocation
                .iter()
                .filter(|x| x.year.value == a.year.value)
                .fold(Money::ZERO, |t, x| {
                    t.checked_add(x.amount.value).unwrap_or(t)
                });
            for (kind, code) in [
                (BudgetKind::Planned, Code::FundOverspent),
                (BudgetKind::Actual, Code::FundOverspentActual),
            ] {
                let total = spent(kind);
                if total <= allocated {
                    continue;
                }
                let message = Message::new(code.as_str())
                    .arg("fund", f.id.value.as_str())
                    .arg("year", a.year.value.to_string())
                    .arg_money("allocation", allocated)
                    .arg_money("total", total)
                    .arg_money("over", Money::from_cents(total.cents() - allocated.cents()));
                diags.push(Diagnostic::new(code, a.amount.span, message));
            }
        }
    }
}

pub(super) fn indicators(plan: &Plan, ids: &Ids, diags: &mut Diagnostics) {
    let years = plan.years();
    for i in &plan.indicators {
        outside_plan(
            &years,
            i.targets.iter().chain(&i.actuals).map(|m| &m.year),
            diags,
        );
        if let Some(a) = &i.activity {
            ids.check("activity", "indicator", a, diags);
        }
        if let Some(o) = &i.objective {
            ids.check("objective", "indicator", o, diags);
        }
        for (what, list) in [("target", &i.targets), ("actual", &i.actuals)] {
            let mut seen: HashMap<i64, Span> = HashMap::new();
            for m in list.iter() {
                if let Some(first) = seen.insert(m.year.value, m.year.span) {
                    duplicate_year(diags, what, &m.year, first);
                }
            }
        }
    }
}

/// The workforce: a positive FTE, a fund that exists, a year of the plan.
pub(super) fn staff(plan: &Plan, ids: &Ids, diags: &mut Diagnostics) {
    let years = plan.years();
    outside_plan(&years, plan.staff.iter().map(|s| &s.year), diags);
    for s in &plan.staff {
        if let Some(f) = &s.funded_by {
            ids.check("fund", "staff", f, diags);
        }
        if !s.fte.value.is_positive() {
            diags.report(
                Code::OutOfRange,
                s.fte.span,
                msg("staff-fte", &[("value", &s.fte.value.plain())]),
            );
        }
    }
}

/// Responses refer to cards and objectives that exist; an approved plan
/// answers every recommendation (SPEC 5.1).
pub(super) fn responses(plan: &Plan, ids: &Ids, diags: &mut Diagnostics) {
    let approved = plan.document.status == "approved";
    for r in &plan.recommendations {
        match &r.response {
            Some(resp) => {
                ids.check_all("activity", "response", &resp.activities, diags);
                ids.check_all("objective", "response", &resp.objectives, diags);
            }
            None if approved => diags.push(
                Diagnostic::new(
                    Code::RecommendationWithoutResponse,
                    r.span,
                    msg("recommendation-without-response", &[]),
                )
                .with_help(msg("help-recommendation-without-response", &[])),
            ),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_years_outside_the_plan_are_warned() {
        let span = Span::file_start(crate::source::FileId(0));
        let years: Vec<S<i64>> = [2023, 2024, 2026, 2027]
            .into_iter()
            .map(|y| S::new(y, span))
            .collect();
        let mut diags = Diagnostics::default();
        outside_plan(&Some(2024..=2026), &years, &mut diags);
        let warned: Vec<String> = diags
            .iter()
            .map(|d| d.message.text(crate::i18n::Lang::En))
            .collect();
        assert_eq!(warned.len(), 2, "{warned:?}");
        assert!(
            warned[0].contains("2023") && warned[1].contains("2027"),
            "{warned:?}"
        );
        // A plan without start and end warns of nothing.
        let mut none = Diagnostics::default();
        outside_plan(&None, &years, &mut none);
        assert_eq!(none.iter().count(), 0);
    }
}
