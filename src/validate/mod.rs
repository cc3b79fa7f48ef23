//! Rules across entities: identities, references, sums, dates, outline, legal
//! references. Reads the model, writes only diagnostics.

use crate::diag::Code;
use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics, msg, suggestion_help};
use crate::model::{Plan, Str};
use crate::source::Span;

mod cards;
mod dates;
mod document;
mod programme;
mod rules;

pub use rules::rules_not_met;
mod stated;
mod sums;

pub fn validate(plan: &Plan, diags: &mut Diagnostics) {
    let ids = Ids::collect(plan, diags);
    references(plan, &ids, diags);
    programme::district(plan, &ids, diags);
    programme::objectives(plan, &ids, diags);
    cards::cards(plan, &ids, diags);
    programme::funds(plan, diags);
    programme::indicators(plan, &ids, diags);
    programme::responses(plan, &ids, diags);
    programme::staff(plan, &ids, diags);
    stated::stated_totals(plan, diags);
    rules::rules(plan, diags);
    sums::sums(plan, diags);
    dates::dates(plan, diags);
    document::outline(plan, diags);
    document::legal_refs(plan, diags);
    document::completeness(plan, diags);
    document::check_allow(plan, diags);
}

/// The ids of every collection, with where each was first defined.
pub(crate) struct Ids<'p> {
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
                        Diagnostic::new(
                            Code::DuplicateId,
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
        unique(
            "objective",
            plan.objectives.iter().map(|o| &o.id).collect(),
            diags,
        );
        unique("fund", plan.funds.iter().map(|f| &f.id).collect(), diags);
        unique(
            "indicator",
            plan.indicators.iter().map(|i| &i.id).collect(),
            diags,
        );
        unique(
            "scheme",
            plan.schemes.iter().map(|s| &s.id).collect(),
            diags,
        );
        unique(
            "municipality",
            plan.municipalities
                .iter()
                .filter_map(|m| m.istat_code.as_ref())
                .collect(),
            diags,
        );

        // Entities without id: derived keys must not collide.
        let derived = |kind: &str, keys: Vec<(&str, Span, bool)>, diags: &mut Diagnostics| {
            let mut seen: HashMap<&str, Span> = HashMap::new();
            for (key, span, has_id) in keys {
                if let Some(first) = seen.get(key) {
                    if !has_id {
                        diags.push(
                            Diagnostic::new(
                                Code::DuplicateKey,
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

    pub(crate) fn check(
        &self,
        kind: &'static str,
        from: &str,
        reference: &Str,
        diags: &mut Diagnostics,
    ) {
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
            Diagnostic::new(
                Code::UnknownRef,
                reference.span,
                msg(
                    "unknown-ref",
                    &[("from", from), ("kind", kind), ("id", &reference.value)],
                ),
            )
            .with_help(help),
        );
    }

    pub(crate) fn check_all(
        &self,
        kind: &'static str,
        from: &str,
        refs: &[Str],
        diags: &mut Diagnostics,
    ) {
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
        ids.check_all("area", "activity", &a.also_areas, diags);
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
