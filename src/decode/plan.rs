//! The tables only plan.toml holds: `[plan]`, `[process]`, `[document]`, `[spending]`.

use super::MAX_COUNT;
use super::YEARS;
use super::reader::Reader;
use crate::diag::Code;
use crate::diag::{Diagnostic, msg};
use crate::i18n::Lang;
use crate::model::*;

pub(super) fn read_plan(r: &mut Reader) -> PlanInfo {
    let title = r.req_string("title");
    let subtitle = r.string("subtitle");
    let authority = r.req_string("authority");
    let territory = r.string("territory");
    let region = r.string("region");
    let reference_year = r.int("reference_year", YEARS.0, YEARS.1);
    let language = match r.choice("language", &["it", "en"]) {
        Some(s) if s.value == "en" => Lang::En,
        _ => Lang::It,
    };
    let status = r.choice("status", &["planned", "in-progress", "concluded"]);
    let start = r.date("start");
    let end = r.date("end");
    let population = r.int("population", 1, MAX_COUNT);
    let rule_sets = r.strings("rules");
    let intro = r.md_or_file("intro", "intro_file");
    let (notes, source) = r.notes_and_source();
    PlanInfo {
        rule_sets,
        title,
        subtitle,
        authority,
        territory,
        region,
        reference_year,
        language,
        status,
        start,
        end,
        population,
        intro,
        notes,
        source,
        span: Some(r.span),
    }
}

pub(super) fn read_process(r: &mut Reader) -> Process {
    let decision_holders = r.strings("decision_holders");
    let partners = r.strings("partners");
    let participants = r.strings("participants");
    let participation = r.choice("participation", &["voluntary", "by-invitation", "mixed"]);
    let codecision = r.bool("codecision");
    let digital_tools = r.bool("digital_tools");
    let methods = r.strings("methods");
    let level = r.string("level");
    let index = r.int("index", 0, 30);
    let start_year = r.int("start_year", YEARS.0, YEARS.1);
    let end_year = r.int("end_year", YEARS.0, YEARS.1);
    let duration_months = r.int("duration_months", 0, 1200);
    let certified = r.bool("certified");
    let objectives = r.mds("objectives");
    let expected_results = r.mds("expected_results");
    let design = r.md("design");
    let extra = r.tables("extra", "extra field", |t| {
        let label = t.req_string("label");
        let value = t.req_string("value");
        Some(ExtraField {
            label: label?,
            value: value?,
        })
    });
    let (notes, source) = r.notes_and_source();
    if let (Some(s), Some(e)) = (&start_year, &end_year)
        && e.value < s.value
    {
        r.ctx.diags.push(Diagnostic::new(
            Code::DateOrder,
            e.span,
            msg(
                "year-order",
                &[
                    ("start", &s.value.to_string()),
                    ("end", &e.value.to_string()),
                ],
            ),
        ));
    }
    Process {
        decision_holders,
        partners,
        participants,
        participation,
        codecision,
        digital_tools,
        methods,
        level,
        index,
        start_year,
        end_year,
        duration_months,
        certified,
        objectives,
        expected_results,
        design,
        extra,
        notes,
        source,
    }
}

pub(super) fn read_document(r: &mut Reader) -> Document {
    let version = r.string("version");
    let date = r.date("date");
    let status = r
        .choice("status", &["draft", "proposal", "approved"])
        .map(|s| s.value)
        .unwrap_or_else(|| "draft".into());
    let approval = r.table("approval", "approval", |t| {
        Some(Approval {
            body: t.string("body"),
            act: t.string("act"),
            date: t.date("date"),
        })
    });
    // Read even when absent, so that every key is asked for (and described).
    let outline_given = r.has("outline");
    let outline = read_outline(r);
    let outline = outline_given.then_some(outline);
    let accessibility = r.string("accessibility").and_then(|url| {
        let lower = url.value.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            Some(url)
        } else {
            r.ctx.diags.push(Diagnostic::new(
                Code::InvalidValue,
                url.span,
                msg("accessibility-url", &[("url", &url.value)]),
            ));
            None
        }
    });
    let (notes, source) = r.notes_and_source();
    if status == "approved" {
        match &approval {
            None => r.ctx.diags.push(
                Diagnostic::new(Code::MissingApproval, r.span, msg("missing-approval", &[]))
                    .with_help(msg("help-missing-approval", &[])),
            ),
            Some(a) if a.body.is_none() || a.act.is_none() || a.date.is_none() => {
                r.ctx.diags.push(Diagnostic::new(
                    Code::MissingApproval,
                    r.span,
                    msg("incomplete-approval", &[]),
                ))
            }
            _ => {}
        }
    }
    Document {
        version,
        date,
        status,
        approval,
        outline,
        accessibility,
        notes,
        source,
        span: Some(r.span),
    }
}

pub(super) fn read_outline(r: &mut Reader) -> Vec<OutlineEntry> {
    r.ids_or_tables("outline")
        .into_iter()
        .map(|(id, title)| OutlineEntry { id, title })
        .collect()
}

pub(super) fn read_spending(r: &mut Reader) -> Spending {
    let year = r.int("year", YEARS.0, YEARS.1);
    if year.is_none() && !r.has("year") {
        r.missing("year");
    }
    let total = r.money("total");
    if total.is_none() && !r.has("total") {
        r.missing("total");
    }
    let associated = r.money("associated");
    let population = r.int("population", 1, MAX_COUNT);
    let by_target_span = r.value_span("by_target");
    let by_target = r.tables("by_target", "by_target entry", |t| {
        let target = t.req_string("target");
        let share = t.percent("share");
        let amount = t.money("amount");
        if t.has("share") == t.has("amount") {
            t.ctx.diags.push(Diagnostic::new(
                Code::InvalidValue,
                t.span,
                msg("share-or-amount", &[]),
            ));
        }
        Some(TargetShare {
            target: target?,
            share,
            amount,
        })
    });
    let income_support = r.money("income_support");
    let adult_population = r.int("adult_population", 1, MAX_COUNT);
    let benchmarks = r.tables("benchmark", "benchmark", |t| {
        let name = t.req_string("name");
        let year = t.int("year", YEARS.0, YEARS.1);
        let year = t.required("year", year);
        let per_capita = t.money("per_capita");
        let per_capita = t.required("per_capita", per_capita);
        let source = t.string("source");
        Some(Benchmark {
            name: name?,
            year: year?,
            per_capita: per_capita?,
            source,
        })
    });
    let (notes, source) = r.notes_and_source();
    Spending {
        year,
        total,
        associated,
        population,
        by_target,
        income_support,
        adult_population,
        benchmarks,
        notes,
        source,
        span: r.span,
        by_target_span,
    }
}
