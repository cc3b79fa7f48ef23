//! Intervention cards (SPEC 4.4): references, one budget entry per year and
//! kind, payments within commitments, years within the plan, contacts, codes
//! of known schemes, funding by declared funds.

use crate::diag::Code;
use std::collections::HashMap;

use super::Ids;
use super::programme::{duplicate_year, outside_plan};
use crate::diag::{Diagnostic, Diagnostics, Message, msg, suggestion_help};
use crate::model::{BudgetKind, ISTAT_SCHEME, Money, Plan, S, TARGETS};
use crate::source::Span;

/// Every scheme a code may name, with its codes: the built-in LEPS (unless
/// the plan declares its own `leps`), the plan's own, the Istat user areas.
pub(super) fn known_schemes(plan: &Plan) -> HashMap<&str, Vec<&str>> {
    std::iter::once((crate::model::LEPS_SCHEME, crate::model::LEPS_CODES.to_vec()))
        .chain(plan.schemes.iter().map(|s| {
            (
                s.id.value.as_str(),
                s.codes.iter().map(|c| c.code.value.as_str()).collect(),
            )
        }))
        .chain(std::iter::once((ISTAT_SCHEME, TARGETS.to_vec())))
        .collect()
}

pub(super) fn cards(plan: &Plan, ids: &Ids, diags: &mut Diagnostics) {
    let years = plan.years();
    let schemes = known_schemes(plan);
    let funds: Vec<&str> = plan.funds.iter().map(|f| f.id.value.as_str()).collect();
    for a in &plan.activities {
        let c = &a.card;
        ids.check_all("objective", "activity", &c.objectives, diags);
        ids.check_all("organisation", "activity", &c.actors, diags);
        if let Some(span) = c.budget_span
            && (a.cost_written || a.funding_span.is_some())
        {
            diags.push(
                Diagnostic::new(Code::InvalidValue, span, msg("cost-and-budget", &[]))
                    .with_help(msg("help-cost-and-budget", &[])),
            );
        }
        let mut seen: HashMap<(i64, BudgetKind, i64), Span> = HashMap::new();
        for b in &c.budget {
            if let Some(first) = seen.insert((b.year.value, b.kind.value, b.origin()), b.year.span)
            {
                duplicate_year(diags, b.kind.value.name(), &b.year, first);
            }
        }
        paid_within_committed(a, diags);
        let mut seen: HashMap<i64, Span> = HashMap::new();
        for p in &c.progress {
            if let Some(first) = seen.insert(p.year.value, p.year.span) {
                duplicate_year(diags, "progress", &p.year, first);
            }
        }
        let written = c.budget.iter().map(|b| &b.year);
        outside_plan(
            &years,
            written.chain(c.progress.iter().map(|p| &p.year)),
            diags,
        );
        for contact in &c.contacts {
            if let Some(email) = &contact.email
                && !looks_like_email(&email.value)
            {
                diags.report(
                    Code::InvalidValue,
                    email.span,
                    msg("contact-email", &[("value", &email.value)]),
                );
            }
            if let Some(phone) = &contact.phone
                && !looks_like_phone(&phone.value)
            {
                diags.report(
                    Code::InvalidValue,
                    phone.span,
                    msg("contact-phone", &[("value", &phone.value)]),
                );
            }
        }
        for (scheme, codes) in &c.codes {
            let Some(known) = schemes.get(scheme.value.as_str()) else {
                let names = schemes.keys().copied();
                diags.push(
                    Diagnostic::new(
                        Code::UnknownRef,
                        scheme.span,
                        msg("unknown-scheme", &[("scheme", &scheme.value)]),
                    )
                    .with_help(suggestion_help(&scheme.value, names)),
                );
                continue;
            };
            for code in codes {
                if !known.contains(&code.value.as_str()) {
                    diags.push(
                        Diagnostic::new(
                            Code::UnknownRef,
                            code.span,
                            msg(
                                "unknown-scheme-code",
                                &[("scheme", &scheme.value), ("code", &code.value)],
                            ),
                        )
                        .with_help(suggestion_help(&code.value, known.iter().copied())),
                    );
                }
            }
        }
        if !funds.is_empty() {
            let sources = a
                .funding
                .iter()
                .chain(c.budget.iter().flat_map(|b| &b.funding))
                .map(|f| &f.source);
            for source in sources {
                if !funds.contains(&source.value.as_str()) {
                    diags.push(
                        Diagnostic::new(
                            Code::UnknownRef,
                            source.span,
                            msg("unknown-fund", &[("source", &source.value)]),
                        )
                        .with_help(
                            suggestion_help(&source.value, funds.iter().copied())
                                .or_else(|| Some(msg("help-unknown-fund", &[]))),
                        ),
                    );
                }
            }
        }
    }
}

/// The fund ledger (SPEC 7): for each fund and annualità, a card cannot
/// have paid more than it committed; reported at the payment that passes it.
fn paid_within_committed(a: &crate::model::Activity, diags: &mut Diagnostics) {
    let mut committed: HashMap<(&str, i64), Money> = HashMap::new();
    let mut paid: Vec<(&str, i64, &crate::model::Funding, &S<i64>)> = Vec::new();
    for b in &a.card.budget {
        for f in &b.funding {
            match b.kind.value {
                BudgetKind::Committed => {
                    let slot = committed
                        .entry((f.source.value.as_str(), b.origin()))
                        .or_insert(Money::ZERO);
                    *slot = slot.checked_add(f.amount.value).unwrap_or(*slot);
                }
                BudgetKind::Paid => paid.push((f.source.value.as_str(), b.origin(), f, &b.year)),
                _ => {}
            }
        }
    }
    // Payments in the order of their years, summed per fund and annualità.
    paid.sort_by_key(|(_, _, _, year)| year.value);
    let mut paid_so_far: HashMap<(&str, i64), Money> = HashMap::new();
    for (fund, origin, f, _) in paid {
        let slot = paid_so_far.entry((fund, origin)).or_insert(Money::ZERO);
        let before = *slot;
        *slot = slot.checked_add(f.amount.value).unwrap_or(*slot);
        let allowed = committed
            .get(&(fund, origin))
            .copied()
            .unwrap_or(Money::ZERO);
        if *slot > allowed && before <= allowed {
            diags.push(Diagnostic::new(
                Code::PaidAboveCommitted,
                f.amount.span,
                Message::new("paid-above-committed")
                    .arg("fund", fund)
                    .arg("origin", origin.to_string())
                    .arg_money("paid", *slot)
                    .arg_money("committed", allowed)
                    .arg_money("over", Money::from_cents(slot.cents() - allowed.cents())),
            ));
        }
    }
}

fn looks_like_email(s: &str) -> bool {
    let Some((user, domain)) = s.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
}

fn looks_like_phone(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '+')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_look_like_what_they_are() {
        // (value, an email?, a phone?)
        let table = [
            ("ufficio.piano@comune.it", true, false),
            ("a@b", false, false),
            ("a @b.it", false, false),
            ("a@.it", false, false),
            ("a@b.it.", false, false),
            ("a@b@c.it", false, false),
            ("+39 0521 123456", false, true),
            ("0521-123456", false, false),
            ("   ", false, false),
        ];
        for (value, email, phone) in table {
            assert_eq!(looks_like_email(value), email, "{value}");
            assert_eq!(looks_like_phone(value), phone, "{value}");
        }
    }
}
