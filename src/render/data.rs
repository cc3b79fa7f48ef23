//! Open data: plan.json and the CSV files (UTF-8, header row, ISO dates, plain
//! decimals, units in column names, formula-like cells neutralised).

use std::io::Write as _;

use crate::compute::{Summary, meeting_areas};
use crate::model::{Date, Plan, S};
use crate::output::{EncodeError, Encoded};
use crate::text::csv_text;

pub(super) fn opt_text(s: &Option<S<String>>) -> String {
    s.as_ref().map(|v| csv_text(&v.value)).unwrap_or_default()
}

/// A closed vocabulary's word, or an empty cell.
fn word<T: crate::model::Choice>(c: &Option<S<T>>) -> String {
    c.as_ref()
        .map(|c| c.value.word().to_string())
        .unwrap_or_default()
}

pub(super) fn opt_int(n: &Option<S<i64>>) -> String {
    n.as_ref().map(|v| v.value.to_string()).unwrap_or_default()
}

pub(super) fn opt_date(d: &Option<S<Date>>) -> String {
    d.as_ref().map(|v| v.value.iso()).unwrap_or_default()
}

fn joined<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    csv_text(&items.into_iter().collect::<Vec<_>>().join("; "))
}

pub(super) fn finish(w: csv::Writer<Vec<u8>>) -> Encoded {
    w.into_inner()
        .map_err(|e| EncodeError(e.error().to_string()))
}

#[derive(serde::Serialize)]
struct PlanJson<'a> {
    context_version: u32,
    plan: &'a Plan,
    summary: &'a Summary,
}

/// The whole plan and its figures as JSON, one line, written as encoded.
pub fn write_plan_json(
    plan: &Plan,
    summary: &Summary,
    out: &mut dyn std::io::Write,
) -> Result<(), EncodeError> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(
        &mut out,
        &PlanJson {
            context_version: super::view::CONTEXT_VERSION,
            plan,
            summary,
        },
    )?;
    out.write_all(b"\n")
        .and_then(|()| out.flush())
        .map_err(|e| EncodeError(e.to_string()))
}

pub fn activities_csv(plan: &Plan) -> Encoded {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "key",
        "area",
        "area_title",
        "title",
        "provider",
        "users",
        "cost_eur",
        "reference_year",
        "legal_ref",
        "legal_ref_urn",
        "service_code",
        "objectives",
        "codes",
        "scope",
        "delivery",
        "lead",
    ])?;
    let year = opt_int(&plan.plan.reference_year);
    let reference_year = plan.plan.reference_year.as_ref().map(|y| y.value);
    for a in &plan.activities {
        let area_title = plan
            .areas
            .iter()
            .find(|x| x.id.value == a.area.value)
            .map(|x| csv_text(&x.title.value))
            .unwrap_or_default();
        let urns: Vec<String> = a
            .legal_ref
            .iter()
            .map(|l| match &l.parsed {
                crate::model::legal::Recognised::Act { urn: Some(u), .. } => u.clone(),
                _ => String::new(),
            })
            .collect();
        w.write_record([
            csv_text(&a.key),
            a.area.value.clone(),
            area_title,
            csv_text(&a.title.value),
            opt_text(&a.provider),
            a.reference_users(reference_year)
                .map(|u| u.to_string())
                .unwrap_or_default(),
            a.reference_cost(reference_year)
                .map(|c| c.to_plain())
                .unwrap_or_default(),
            year.clone(),
            // " | ": URNs and citations contain `;` themselves.
            csv_text(
                &a.legal_ref
                    .iter()
                    .map(|l| l.text.value.as_str())
                    .collect::<Vec<_>>()
                    .join(" | "),
            ),
            if urns.iter().all(String::is_empty) {
                String::new()
            } else {
                urns.join(" | ")
            },
            opt_text(&a.service_code),
            joined(a.card.objectives.iter().map(|o| o.value.as_str())),
            csv_text(
                &a.card
                    .codes
                    .iter()
                    .flat_map(|(s, codes)| {
                        codes
                            .iter()
                            .map(move |c| format!("{}:{}", s.value, c.value))
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            word(&a.card.scope),
            word(&a.card.delivery),
            opt_text(&a.card.lead),
        ])?;
    }
    finish(w)
}

pub fn funding_csv(plan: &Plan) -> Encoded {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["activity_key", "area", "source", "amount_eur"])?;
    for a in &plan.activities {
        for f in &a.funding {
            w.write_record([
                csv_text(&a.key),
                a.area.value.clone(),
                csv_text(&f.source.value),
                f.amount.value.to_plain(),
            ])?;
        }
    }
    finish(w)
}

pub fn meetings_csv(plan: &Plan) -> Encoded {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "key",
        "title",
        "phase",
        "date",
        "from",
        "to",
        "sessions",
        "participants",
        "public",
        "tables",
        "areas",
        "organisations",
        "place",
        "lead",
    ])?;
    let areas = meeting_areas(plan);
    for (m, areas) in plan.meetings.iter().zip(areas) {
        w.write_record([
            csv_text(&m.key),
            csv_text(&m.title.value),
            m.phase.value.clone(),
            opt_date(&m.date),
            opt_date(&m.from),
            opt_date(&m.to),
            m.sessions.value.to_string(),
            opt_int(&m.participants),
            m.public.to_string(),
            joined(m.tables.iter().map(|t| t.value.as_str())),
            joined(areas),
            joined(m.organisations.iter().map(|o| o.value.as_str())),
            opt_text(&m.place),
            opt_text(&m.lead),
        ])?;
    }
    finish(w)
}

pub fn organisations_csv(plan: &Plan) -> Encoded {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "name",
        "kind",
        "collective",
        "areas",
        "meetings_sessions",
        "tables",
    ])?;
    // One pass over meetings and tables, not one per organisation.
    let mut sessions: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for m in &plan.meetings {
        let mut ids: Vec<&str> = m.organisations.iter().map(|o| o.value.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let n = sessions.entry(id).or_default();
            *n = n.saturating_add(m.sessions.value);
        }
    }
    let tables_of = crate::compute::group_by(&plan.tables, |_, t| {
        t.organisations.iter().map(|o| o.value.as_str()).collect()
    });
    for o in &plan.organisations {
        let id = o.id.value.as_str();
        let sessions = sessions.get(id).copied().unwrap_or(0);
        let tables = tables_of
            .get(id)
            .map(|ts| ts.iter().map(|t| t.id.value.as_str()).collect::<Vec<_>>())
            .unwrap_or_default();
        w.write_record([
            id.to_string(),
            csv_text(&o.name.value),
            opt_text(&o.kind),
            o.collective.to_string(),
            joined(o.areas.iter().map(|a| a.value.as_str())),
            sessions.to_string(),
            joined(tables),
        ])?;
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        for (input, want) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1", "'+1"),
            ("-x", "'-x"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Anziani", "Anziani"),
            ("", ""),
        ] {
            assert_eq!(csv_text(input), want);
        }
    }
}
