//! Dates: required ones, their order, meetings within the plan's period and their phase.

use crate::diag::Code;
use crate::diag::{Diagnostic, Diagnostics, msg};
use crate::model::{Plan, S};
use std::collections::HashMap;

pub(super) fn dates(plan: &Plan, diags: &mut Diagnostics) {
    let info = &plan.plan;
    if let (Some(s), Some(e)) = (&info.start, &info.end)
        && e.value < s.value
    {
        diags.report(
            Code::DateOrder,
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
                    Diagnostic::new(
                        Code::DeadlineOrder,
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
                diags.report(
                    Code::MeetingOutsidePeriod,
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
                Diagnostic::new(
                    Code::MeetingAfterDeadline,
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
