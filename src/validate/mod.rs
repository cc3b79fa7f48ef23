//! Rules across entities: identities, references, sums, dates, outline, legal
//! references. Reads the model, writes only diagnostics.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics, Message, is_warning_code, msg, suggestion_help};
use crate::model::legal::Recognised;
use crate::model::{Generated, Money, Plan, RESERVED_CHAPTER_IDS, S, Str};
use crate::source::Span;

pub fn validate(plan: &Plan, diags: &mut Diagnostics) {
    let ids = Ids::collect(plan, diags);
    references(plan, &ids, diags);
    sums(plan, diags);
    dates(plan, diags);
    outline(plan, diags);
    legal_refs(plan, diags);
    completeness(plan, diags);
    check_allow(plan, diags);
}

/// The ids of every collection, with where each was first defined.
struct Ids<'p> {
    by_kind: HashMap<&'static str, HashMap<&'p str, Span>>,
}

impl<'p> Ids<'p> {
    fn collect(plan: &'p Plan, diags: &mut Diagnostics) -> Self {
        let mut by_kind = HashMap::new();
        let mut unique = |kind: &'static str, items: Vec<&'p Str>, diags: &mut Diagnostics| {
            let mut seen: HashMap<&'p str, Span> = HashMap::new();
            for id in items {
                if let Some(first) = seen.get(id.value.as_str()) {
                    diags.push(
                        Diagnostic::error(
                            "duplicate-id",
                            id.span,
                            msg("duplicate-id", &[("kind", kind), ("id", &id.value)]),
                        )
                        .with_related(*first, msg("label-first-defined", &[])),
                    );
                } else {
                    seen.insert(id.value.as_str(), id.span);
                }
            }
            by_kind.insert(kind, seen);
        };
        unique("body", plan.bodies.iter().map(|b| &b.id).collect(), diags);
        unique(
            "organisation",
            plan.organisations.iter().map(|o| &o.id).collect(),
            diags,
        );
        unique("phase", plan.phases.iter().map(|p| &p.id).collect(), diags);
        unique("area", plan.areas.iter().map(|a| &a.id).collect(), diags);
        unique("table", plan.tables.iter().map(|t| &t.id).collect(), diags);
        unique("annex", plan.annexes.iter().map(|a| &a.id).collect(), diags);
        unique(
            "chapter",
            plan.chapters.iter().map(|c| &c.id).collect(),
            diags,
        );
        unique(
            "activity",
            plan.activities
                .iter()
                .filter_map(|a| a.id.as_ref())
                .collect(),
            diags,
        );
        unique(
            "meeting",
            plan.meetings.iter().filter_map(|m| m.id.as_ref()).collect(),
            diags,
        );

        // Entities without id: derived keys must not collide.
        let derived = |kind: &str, keys: Vec<(&str, Span, bool)>, diags: &mut Diagnostics| {
            let mut seen: HashMap<&str, Span> = HashMap::new();
            for (key, span, has_id) in keys {
                if let Some(first) = seen.get(key) {
                    if !has_id {
                        diags.push(
                            Diagnostic::error(
                                "duplicate-key",
                                span,
                                msg("duplicate-key", &[("kind", kind), ("key", key)]),
                            )
                            .with_related(*first, msg("label-same-key", &[]))
                            .with_help(msg("help-duplicate-key", &[])),
                        );
                    }
                } else {
                    seen.insert(key, span);
                }
            }
        };
        derived(
            "role",
            plan.roles
                .iter()
                .map(|r| (r.key.as_str(), r.span, false))
                .collect(),
            diags,
        );
        derived(
            "activity",
            plan.activities
                .iter()
                .map(|a| (a.key.as_str(), a.span, a.id.is_some()))
                .collect(),
            diags,
        );
        derived(
            "meeting",
            plan.meetings
                .iter()
                .map(|m| (m.key.as_str(), m.span, m.id.is_some()))
                .collect(),
            diags,
        );
        derived(
            "recommendation",
            plan.recommendations
                .iter()
                .map(|r| (r.key.as_str(), r.span, false))
                .collect(),
            diags,
        );
        derived(
            "milestone",
            plan.milestones
                .iter()
                .map(|m| (m.key.as_str(), m.span, false))
                .collect(),
            diags,
        );
        Ids { by_kind }
    }

    fn check(&self, kind: &'static str, from: &str, reference: &Str, diags: &mut Diagnostics) {
        let known = &self.by_kind[kind];
        if known.contains_key(reference.value.as_str()) {
            return;
        }
        let mut candidates: Vec<&str> = known.keys().copied().collect();
        candidates.sort_unstable();
        // A close name first; else, when there are few, all of them; else nothing.
        let help = suggestion_help(&reference.value, candidates.iter().copied()).or_else(|| {
            match candidates.len() {
                0 => Some(msg("help-no-such-collection", &[("kind", kind)])),
                1..=8 => Some(msg(
                    "help-known-ids",
                    &[("kind", kind), ("ids", &candidates.join("`, `"))],
                )),
                _ => None,
            }
        });
        diags.push(
            Diagnostic::error(
                "unknown-ref",
                reference.span,
                msg(
                    "unknown-ref",
                    &[("from", from), ("kind", kind), ("id", &reference.value)],
                ),
            )
            .with_help(help),
        );
    }

    fn check_all(&self, kind: &'static str, from: &str, refs: &[Str], diags: &mut Diagnostics) {
        for r in refs {
            self.check(kind, from, r, diags);
        }
    }
}

fn references(plan: &Plan, ids: &Ids, diags: &mut Diagnostics) {
    for o in &plan.organisations {
        ids.check_all("area", "organisation", &o.areas, diags);
    }
    for a in &plan.activities {
        ids.check("area", "activity", &a.area, diags);
    }
    for t in &plan.tables {
        if let Some(p) = &t.phase {
            ids.check("phase", "table", p, diags);
        }
        ids.check_all("area", "table", &t.areas, diags);
        ids.check_all("organisation", "table", &t.organisations, diags);
    }
    for m in &plan.meetings {
        ids.check("phase", "meeting", &m.phase, diags);
        ids.check_all("table", "meeting", &m.tables, diags);
        ids.check_all("area", "meeting", &m.areas, diags);
        ids.check_all("organisation", "meeting", &m.organisations, diags);
    }
    for r in &plan.recommendations {
        if let Some(m) = &r.meeting {
            ids.check("meeting", "recommendation", m, diags);
        }
        if let Some(t) = &r.table {
            ids.check("table", "recommendation", t, diags);
        }
        ids.check_all("area", "recommendation", &r.areas, diags);
    }
}

fn sums(plan: &Plan, diags: &mut Diagnostics) {
    for a in &plan.activities {
        let Some(span) = a.funding_span else { continue };
        let mut sum = Some(Money::ZERO);
        for f in &a.funding {
            sum = sum.and_then(|s| s.checked_add(f.amount.value));
        }
        let Some(sum) = sum else {
            diags.error(
                "invalid-money",
                span,
                msg("money-too-large", &[("key", "funding")]),
            );
            continue;
        };
        match &a.cost {
            Some(cost) if cost.value != sum => {
                let diff = Money::from_cents((cost.value.cents() - sum.cents()).abs());
                diags.push(
                    Diagnostic::error(
                        "funding-mismatch",
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
                    Diagnostic::error(
                        "funding-mismatch",
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
                    Diagnostic::error(
                        "duplicate-id",
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
                diags.push(Diagnostic::error(
                    "shares-sum",
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
            let sum: i64 = amounts
                .iter()
                .map(|a| a.value.cents())
                .fold(0, i64::saturating_add);
            if sum > total.value.cents() {
                diags.error(
                    "shares-sum",
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
            diags.error(
                "invalid-value",
                assoc.span,
                Message::new("associated-exceeds-total")
                    .arg_money("associated", assoc.value)
                    .arg_money("total", total.value),
            );
        }
    }
}

fn dates(plan: &Plan, diags: &mut Diagnostics) {
    let info = &plan.plan;
    if let (Some(s), Some(e)) = (&info.start, &info.end)
        && e.value < s.value
    {
        diags.error(
            "date-order",
            e.span,
            msg(
                "date-order",
                &[
                    ("start_key", "start"),
                    ("end_key", "end"),
                    ("start", &s.value.iso()),
                    ("end", &e.value.iso()),
                ],
            ),
        );
    }
    // Deadlines going backwards in source order.
    let mut last: Option<&S<crate::model::Date>> = None;
    for p in &plan.phases {
        for d in [&p.deadline, &p.outcome_deadline].into_iter().flatten() {
            if let Some(prev) = last
                && d.value < prev.value
            {
                diags.push(
                    Diagnostic::warning(
                        "deadline-order",
                        d.span,
                        msg(
                            "deadline-order",
                            &[("date", &d.value.iso()), ("previous", &prev.value.iso())],
                        ),
                    )
                    .with_related(prev.span, msg("label-previous-deadline", &[])),
                );
            }
            last = Some(d);
        }
    }
    let deadlines: HashMap<&str, &S<crate::model::Date>> = plan
        .phases
        .iter()
        .filter_map(|p| p.deadline.as_ref().map(|d| (p.id.value.as_str(), d)))
        .collect();
    for m in &plan.meetings {
        let dated = [&m.date, &m.from, &m.to];
        for d in dated.into_iter().flatten() {
            let before = info.start.as_ref().is_some_and(|s| d.value < s.value);
            let after = info.end.as_ref().is_some_and(|e| d.value > e.value);
            if before || after {
                let (s, e) = (
                    info.start
                        .as_ref()
                        .map(|s| s.value.iso())
                        .unwrap_or_else(|| "…".into()),
                    info.end
                        .as_ref()
                        .map(|e| e.value.iso())
                        .unwrap_or_else(|| "…".into()),
                );
                diags.warning(
                    "meeting-outside-period",
                    d.span,
                    msg(
                        "meeting-outside-period",
                        &[("date", &d.value.iso()), ("start", &s), ("end", &e)],
                    ),
                );
            }
        }
        let last_day = m.date.as_ref().or(m.to.as_ref()).or(m.from.as_ref());
        if let (Some(d), Some(deadline)) = (last_day, deadlines.get(m.phase.value.as_str()))
            && d.value > deadline.value
        {
            diags.push(
                Diagnostic::warning(
                    "meeting-after-deadline",
                    d.span,
                    msg(
                        "meeting-after-deadline",
                        &[
                            ("date", &d.value.iso()),
                            ("phase", &m.phase.value),
                            ("deadline", &deadline.value.iso()),
                        ],
                    ),
                )
                .with_related(deadline.span, msg("label-deadline", &[]))
                .with_help(msg("help-allow", &[("code", "meeting-after-deadline")])),
            );
        }
    }
}

fn outline(plan: &Plan, diags: &mut Diagnostics) {
    for c in &plan.chapters {
        let id = c.id.value.as_str();
        if Generated::from_name(id).is_some() || RESERVED_CHAPTER_IDS.contains(&id) {
            diags.error(
                "reserved-id",
                c.id.span,
                msg("reserved-chapter-id", &[("id", id)]),
            );
        }
    }
    let Some(entries) = &plan.document.outline else {
        return;
    };
    let chapter_ids: Vec<&str> = plan.chapters.iter().map(|c| c.id.value.as_str()).collect();
    let mut seen: HashMap<&str, Span> = HashMap::new();
    for e in entries {
        let id = e.id.value.as_str();
        let generated = Generated::from_name(id).is_some();
        if !generated && !chapter_ids.contains(&id) {
            let candidates = Generated::ALL
                .iter()
                .map(|g| g.name())
                .chain(chapter_ids.iter().copied());
            diags.push(
                Diagnostic::error(
                    "unknown-outline-entry",
                    e.id.span,
                    msg("unknown-outline-entry", &[("id", id)]),
                )
                .with_help(suggestion_help(id, candidates)),
            );
            continue;
        }
        if e.title.is_some() && !generated {
            diags.error(
                "invalid-value",
                e.id.span,
                msg("outline-title-on-chapter", &[("id", id)]),
            );
        }
        if let Some(first) = seen.get(id) {
            diags.push(
                Diagnostic::error(
                    "duplicate-id",
                    e.id.span,
                    msg("duplicate-outline-entry", &[("id", id)]),
                )
                .with_related(*first, msg("label-first-defined", &[])),
            );
        } else {
            seen.insert(id, e.id.span);
        }
    }
}

fn legal_refs(plan: &Plan, diags: &mut Diagnostics) {
    for a in &plan.activities {
        for l in &a.legal_ref {
            match l.parsed {
                Recognised::Unrecognised => {
                    diags.push(
                        Diagnostic::warning(
                            "unrecognised-legal-ref",
                            l.text.span,
                            msg("unrecognised-legal-ref", &[("text", &l.text.value)]),
                        )
                        .with_help(msg("help-legal-ref", &[])),
                    );
                }
                Recognised::MissingRegion => {
                    diags.push(
                        Diagnostic::warning(
                            "legal-ref-without-region",
                            l.text.span,
                            msg("legal-ref-without-region", &[("text", &l.text.value)]),
                        )
                        .with_help(msg("help-legal-ref-region", &[])),
                    );
                }
                Recognised::Act { .. } => {}
            }
        }
    }
}

fn completeness(plan: &Plan, diags: &mut Diagnostics) {
    let with_activity: std::collections::HashSet<&str> = plan
        .activities
        .iter()
        .map(|a| a.area.value.as_str())
        .collect();
    for area in &plan.areas {
        if !with_activity.contains(area.id.value.as_str()) {
            diags.warning(
                "area-without-activity",
                area.id.span,
                msg("area-without-activity", &[("id", &area.id.value)]),
            );
        }
    }
    for c in &plan.chapters {
        if c.text.is_none() {
            diags.warning(
                "placeholder-chapter",
                c.id.span,
                msg("placeholder-chapter", &[("id", &c.id.value)]),
            );
        }
    }
    if plan.plan.reference_year.is_none()
        && let Some(a) = plan
            .activities
            .iter()
            .find(|a| a.users.is_some() || a.cost.is_some())
    {
        let span = a
            .cost
            .as_ref()
            .map(|c| c.span)
            .or(a.users.as_ref().map(|u| u.span))
            .unwrap_or(a.span);
        let mut d = Diagnostic::error(
            "missing-reference-year",
            span,
            msg("missing-reference-year", &[]),
        )
        .with_help(msg("help-missing-reference-year", &[]));
        if let Some(ps) = plan.plan.span {
            d = d.with_related(ps, msg("label-plan-table", &[]));
        }
        diags.push(d);
    }
}

fn check_allow(plan: &Plan, diags: &mut Diagnostics) {
    for code in &plan.check.allow {
        if !is_warning_code(&code.value) {
            let warnings = crate::diag::CODES
                .iter()
                .filter(|c| c.severity == crate::diag::Severity::Warning)
                .map(|c| c.code);
            diags.push(
                Diagnostic::error(
                    "unknown-warning-code",
                    code.span,
                    msg("unknown-warning-code", &[("code", &code.value)]),
                )
                .with_help(suggestion_help(&code.value, warnings)),
            );
        }
    }
}
