//! Rules (SPEC 8): each of the plan's own rules names what exists and gives
//! the parameters its kind needs (errors, located); then every rule is
//! evaluated, and each year it is not met is a warning naming the rule, the
//! year, the figures and the source. Unknown (data missing) is not warned.

use std::collections::HashMap;

use crate::compute::rules::{RuleStatus, RuleUnit, rule_fund};
use crate::diag::{Code, Diagnostic, Diagnostics, Message, msg};
use crate::model::{Choice, Plan, Rule, RuleKind, RuleWhere, Str};
use crate::source::Span;

fn invalid(diags: &mut Diagnostics, span: Span, key: &str, args: &[(&'static str, &str)]) {
    diags.push(Diagnostic::new(Code::RuleInvalid, span, msg(key, args)));
}

pub(super) fn rules(plan: &Plan, diags: &mut Diagnostics) {
    let schemes = super::cards::known_schemes(plan);
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for rule in plan.rules.iter().filter(|r| r.set.is_none()) {
        if seen.insert(&rule.id.value, rule.id.span).is_some() {
            invalid(
                diags,
                rule.id.span,
                "rule-duplicate",
                &[("id", &rule.id.value)],
            );
        }
        parameters(plan, rule, &schemes, diags);
    }
}

/// Each year a rule is not met, as a warning naming the rule, the year, the
/// figures and the source: read from the summary, where the rules were
/// evaluated once. Not said of a plan with errors (its figures are not
/// sound); unknown years are not warned.
pub fn rules_not_met(plan: &Plan, summary: &crate::compute::Summary, diags: &mut Diagnostics) {
    if diags.has_errors() {
        return;
    }
    for result in &summary.rules {
        let Some(rule) = plan.rules.iter().find(|r| r.id.value == result.id) else {
            continue;
        };
        for y in result
            .years
            .iter()
            .filter(|y| y.status == RuleStatus::NotMet)
        {
            let show = |n: &Option<crate::model::Number>| {
                n.as_ref().map_or_else(|| "n.d.".to_string(), |n| n.plain())
            };
            // The unit in the reader's language, from the catalogue.
            let unit = Message::new(match result.unit {
                RuleUnit::Fte => "rule-unit-fte",
                RuleUnit::Percent => "rule-unit-percent",
                RuleUnit::Cards => "rule-unit-cards",
            });
            diags.push(Diagnostic::new(
                Code::RuleNotMet,
                rule.span,
                msg(
                    "rule-not-met",
                    &[
                        ("id", &result.id),
                        ("year", &y.year.to_string()),
                        ("value", &show(&y.value)),
                        ("threshold", &show(&y.threshold)),
                        ("source", &result.source),
                    ],
                )
                .arg_msg("unit", unit),
            ));
        }
    }
}

/// What a rule's kind needs, and that what it names exists.
fn parameters(
    plan: &Plan,
    rule: &Rule,
    schemes: &HashMap<&str, Vec<&str>>,
    diags: &mut Diagnostics,
) {
    let mut need = |present: bool, key: &str| {
        if !present {
            invalid(
                diags,
                rule.span,
                "rule-missing-parameter",
                &[
                    ("id", &rule.id.value),
                    ("kind", rule.kind.value.word()),
                    ("key", key),
                ],
            );
        }
    };
    match rule.kind.value {
        RuleKind::StaffRatio => {
            need(rule.profile.is_some(), "profile");
            need(rule.per.is_some(), "per");
        }
        RuleKind::FundShare => {
            need(rule.fund.is_some(), "fund");
            need(rule.min.is_some(), "min");
            need(rule.where_.is_some(), "where");
        }
        RuleKind::SpendingRate => {
            need(rule.fund.is_some(), "fund");
            need(rule.min.is_some(), "min");
        }
        RuleKind::ServicePresent => {
            need(rule.scheme.is_some(), "scheme");
            need(rule.code.is_some(), "code");
        }
    }
    if let Some(fund) = &rule.fund
        && rule_fund(plan, rule).is_none()
    {
        let ids: Vec<&str> = plan.funds.iter().map(|f| f.id.value.as_str()).collect();
        invalid(
            diags,
            fund.span,
            "rule-unknown-fund",
            &[("fund", &fund.value), ("funds", &ids.join(", "))],
        );
    }
    if let Some(min) = &rule.min {
        use crate::model::Number;
        let within = min
            .value
            .cmp_exact(&Number::ZERO)
            .is_some_and(|o| o.is_ge())
            && min
                .value
                .cmp_exact(&Number::from_parts(100, 0))
                .is_some_and(|o| o.is_le());
        if !within {
            invalid(diags, min.span, "rule-min-range", &[("id", &rule.id.value)]);
        }
    }
    for band in &rule.contribution {
        if band.from_per.value <= band.to_per.value {
            invalid(
                diags,
                band.from_per.span,
                "rule-band-order",
                &[("id", &rule.id.value)],
            );
        }
    }
    let mut code_of = |scheme: &Str, code: &Str| match schemes.get(scheme.value.as_str()) {
        None => invalid(
            diags,
            scheme.span,
            "rule-unknown-scheme",
            &[("scheme", &scheme.value)],
        ),
        Some(codes) if !codes.contains(&code.value.as_str()) => invalid(
            diags,
            code.span,
            "rule-unknown-code",
            &[
                ("scheme", &scheme.value),
                ("code", &code.value),
                ("codes", &codes.join(", ")),
            ],
        ),
        Some(_) => {}
    };
    if let (Some(scheme), Some(code)) = (&rule.scheme, &rule.code) {
        code_of(scheme, code);
    }
    match &rule.where_ {
        Some(RuleWhere::Code { scheme, code }) => code_of(scheme, code),
        Some(RuleWhere::IstatArea(code)) => {
            let istat = Str::new(crate::model::ISTAT_SCHEME.to_string(), code.span);
            code_of(&istat, code);
        }
        Some(RuleWhere::Area(area)) if !plan.areas.iter().any(|a| a.id.value == area.value) => {
            invalid(
                diags,
                area.span,
                "rule-unknown-area",
                &[("area", &area.value)],
            );
        }
        Some(RuleWhere::Area(_)) | None => {}
    }
    if let (Some(from), Some(to)) = (&rule.from, &rule.to)
        && from.value > to.value
    {
        invalid(
            diags,
            to.span,
            "rule-years-order",
            &[("id", &rule.id.value)],
        );
    }
}
