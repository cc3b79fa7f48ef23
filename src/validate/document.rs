//! The document as a whole: the outline, legal references, completeness, accepted warnings.

use crate::diag::Code;
use crate::diag::{Diagnostic, Diagnostics, is_warning_code, msg, suggestion_help};
use crate::model::legal::Recognised;
use crate::model::{Generated, Plan, RESERVED_CHAPTER_IDS};
use crate::source::Span;
use std::collections::HashMap;

pub(super) fn outline(plan: &Plan, diags: &mut Diagnostics) {
    for c in &plan.chapters {
        let id = c.id.value.as_str();
        // `monitoring-2024` is the name of a yearly report's page (SPEC 4.9).
        let report_page = id
            .strip_prefix("monitoring-")
            .is_some_and(|y| !y.is_empty() && y.bytes().all(|b| b.is_ascii_digit()));
        if Generated::from_name(id).is_some() || RESERVED_CHAPTER_IDS.contains(&id) || report_page {
            diags.report(
                Code::ReservedId,
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
                Diagnostic::new(
                    Code::UnknownOutlineEntry,
                    e.id.span,
                    msg("unknown-outline-entry", &[("id", id)]),
                )
                .with_help(suggestion_help(id, candidates)),
            );
            continue;
        }
        if e.title.is_some() && !generated {
            diags.report(
                Code::InvalidValue,
                e.id.span,
                msg("outline-title-on-chapter", &[("id", id)]),
            );
        }
        if let Some(first) = seen.get(id) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
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

pub(super) fn legal_refs(plan: &Plan, diags: &mut Diagnostics) {
    let refs = plan
        .activities
        .iter()
        .flat_map(|a| &a.legal_ref)
        .chain(plan.funds.iter().flat_map(|f| &f.legal_ref))
        .chain(plan.agreement.iter().flat_map(|a| &a.legal_ref));
    {
        for l in refs {
            match l.parsed {
                Recognised::Unrecognised => {
                    diags.push(
                        Diagnostic::new(
                            Code::UnrecognisedLegalRef,
                            l.text.span,
                            msg("unrecognised-legal-ref", &[("text", &l.text.value)]),
                        )
                        .with_help(msg("help-legal-ref", &[])),
                    );
                }
                Recognised::MissingRegion => {
                    diags.push(
                        Diagnostic::new(
                            Code::LegalRefWithoutRegion,
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

pub(super) fn completeness(plan: &Plan, diags: &mut Diagnostics) {
    // An activity listed on other areas too (`also_areas`) serves them.
    let with_activity: std::collections::HashSet<&str> = plan
        .activities
        .iter()
        .flat_map(|a| std::iter::once(&a.area).chain(&a.also_areas))
        .map(|a| a.value.as_str())
        .collect();
    for area in &plan.areas {
        if !with_activity.contains(area.id.value.as_str()) {
            diags.report(
                Code::AreaWithoutActivity,
                area.id.span,
                msg("area-without-activity", &[("id", &area.id.value)]),
            );
        }
    }
    for c in &plan.chapters {
        if c.text.is_none() {
            diags.report(
                Code::PlaceholderChapter,
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
        let mut d = Diagnostic::new(
            Code::MissingReferenceYear,
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

pub(super) fn check_allow(plan: &Plan, diags: &mut Diagnostics) {
    for code in &plan.check.allow {
        if !is_warning_code(&code.value) {
            let warnings = crate::diag::CODES
                .iter()
                .filter(|c| c.severity == crate::diag::Severity::Warning)
                .map(|c| c.code);
            diags.push(
                Diagnostic::new(
                    Code::UnknownWarningCode,
                    code.span,
                    msg("unknown-warning-code", &[("code", &code.value)]),
                )
                .with_help(suggestion_help(&code.value, warnings)),
            );
        }
    }
}
