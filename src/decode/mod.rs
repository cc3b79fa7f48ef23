//! Decoding: from the parsed TOML documents to the typed [`Plan`], reporting
//! every type and key error where it is written.

mod reader;

pub use reader::Ctx;
use reader::Reader;

use crate::diag::{Diagnostic, Message, msg, suggestion_help};
use crate::i18n::Lang;
use crate::load::{Kind, Node};
use crate::model::value::{S, slug};
use crate::model::*;
use crate::source::Span;

/// Counts (people, sessions, users) above this are typos, and could overflow totals.
const MAX_COUNT: i64 = 1_000_000_000;

const PLAN_ONLY: &[&str] = &["plan", "process", "document", "spending", "check"];
const COLLECTIONS: &[&str] = &[
    "role",
    "body",
    "organisation",
    "phase",
    "area",
    "activity",
    "table",
    "meeting",
    "recommendation",
    "milestone",
    "annex",
    "chapter",
];

/// Builds the typed plan. Every problem becomes a diagnostic in `ctx`; entities
/// missing a required key are left out so that later stages see only whole ones.
pub fn decode(documents: &[crate::load::Document], ctx: &mut Ctx<'_>) -> Plan {
    let mut plan = Plan {
        plan: PlanInfo::default(),
        process: None,
        document: Document {
            status: "draft".into(),
            ..Document::default()
        },
        spending: None,
        check: Check::default(),
        roles: vec![],
        bodies: vec![],
        organisations: vec![],
        phases: vec![],
        areas: vec![],
        activities: vec![],
        tables: vec![],
        meetings: vec![],
        recommendations: vec![],
        milestones: vec![],
        annexes: vec![],
        chapters: vec![],
    };
    let mut saw_plan = false;
    let mut root_file = None;
    for doc in documents {
        let is_root = doc.rel == "plan.toml";
        if is_root {
            root_file = Some(doc.file);
        }
        for entry in &doc.table.entries {
            let key = entry.key.as_str();
            if PLAN_ONLY.contains(&key) {
                if !is_root {
                    ctx.diags.push(Diagnostic::error(
                        "misplaced-table",
                        entry.key_span,
                        msg("misplaced-table", &[("key", key)]),
                    ));
                    continue;
                }
                let Kind::Table(t) = &entry.value.kind else {
                    wrong_shape(ctx, key, &entry.value, "table", &format!("[{key}]"));
                    continue;
                };
                let span = entry.value.span;
                match key {
                    "plan" => {
                        saw_plan = true;
                        let mut r = Reader::new(t, span, "[plan]", ctx);
                        plan.plan = read_plan(&mut r);
                        r.finish();
                    }
                    "process" => {
                        let mut r = Reader::new(t, span, "[process]", ctx);
                        plan.process = Some(read_process(&mut r));
                        r.finish();
                    }
                    "document" => {
                        let mut r = Reader::new(t, span, "[document]", ctx);
                        plan.document = read_document(&mut r);
                        r.finish();
                    }
                    "spending" => {
                        let mut r = Reader::new(t, span, "[spending]", ctx);
                        plan.spending = Some(read_spending(&mut r));
                        r.finish();
                    }
                    _ => {
                        let mut r = Reader::new(t, span, "[check]", ctx);
                        plan.check = Check {
                            allow: r.strings("allow"),
                        };
                        r.finish();
                    }
                }
                continue;
            }
            if !COLLECTIONS.contains(&key) {
                let all = PLAN_ONLY.iter().chain(COLLECTIONS).copied();
                let help = suggestion_help(key.trim_end_matches('s'), all.clone())
                    .or_else(|| suggestion_help(key, all));
                ctx.diags.push(
                    Diagnostic::error(
                        "unknown-key",
                        entry.key_span,
                        msg("unknown-top-level", &[("key", key)]),
                    )
                    .with_help(help),
                );
                continue;
            }
            let Kind::Array(items) = &entry.value.kind else {
                wrong_shape(
                    ctx,
                    key,
                    &entry.value,
                    "array-of-tables",
                    &format!("[[{key}]]"),
                );
                continue;
            };
            for item in items {
                let Kind::Table(t) = &item.kind else {
                    wrong_shape(ctx, key, item, "table", &format!("[[{key}]]"));
                    continue;
                };
                let what: &'static str = COLLECTIONS
                    .iter()
                    .find(|c| **c == key)
                    .copied()
                    .unwrap_or("entry");
                let mut r = Reader::new(t, item.span, what, ctx);
                match key {
                    "role" => plan.roles.extend(read_role(&mut r)),
                    "body" => plan.bodies.extend(read_body(&mut r)),
                    "organisation" => plan.organisations.extend(read_organisation(&mut r)),
                    "phase" => plan.phases.extend(read_phase(&mut r)),
                    "area" => plan.areas.extend(read_area(&mut r)),
                    "activity" => plan.activities.extend(read_activity(&mut r)),
                    "table" => plan.tables.extend(read_table(&mut r)),
                    "meeting" => plan.meetings.extend(read_meeting(&mut r)),
                    "recommendation" => plan.recommendations.extend(read_recommendation(&mut r)),
                    "milestone" => plan.milestones.extend(read_milestone(&mut r)),
                    "annex" => plan.annexes.extend(read_annex(&mut r)),
                    _ => plan.chapters.extend(read_chapter(&mut r)),
                }
                r.finish();
            }
        }
    }
    if !saw_plan && let Some(file) = root_file {
        ctx.diags.push(
            Diagnostic::error(
                "missing-key",
                Span::file_start(file),
                msg("missing-plan-table", &[]),
            )
            .with_help(msg("help-missing-plan-table", &[])),
        );
    }
    parse_legal_refs(&mut plan);
    plan
}

fn wrong_shape(ctx: &mut Ctx<'_>, key: &str, node: &Node, expected: &str, hint: &str) {
    ctx.diags.push(
        Diagnostic::error(
            "wrong-type",
            node.span,
            Message::new("wrong-type")
                .arg("key", key)
                .arg_msg("what", Message::new("what-file"))
                .arg_msg("expected", Message::new(&format!("type-{expected}")))
                .arg_msg(
                    "found",
                    Message::new(&format!("type-{}", node.kind.type_name())),
                ),
        )
        .with_help(msg("help-write-as", &[("form", hint)])),
    );
}

/// The key of an entity: its id, else `kind:parent:slug-of-title`.
fn derived_key(kind: &str, id: Option<&Str>, parent: Option<&str>, title: &str) -> String {
    match id {
        Some(id) => id.value.clone(),
        None => match parent {
            Some(p) => format!("{kind}:{p}:{}", slug(title)),
            None => format!("{kind}:{}", slug(title)),
        },
    }
}

fn read_plan(r: &mut Reader) -> PlanInfo {
    let title = r.req_string("title");
    let subtitle = r.string("subtitle");
    let authority = r.req_string("authority");
    let territory = r.string("territory");
    let region = r.string("region");
    let reference_year = r.int("reference_year", 1900, 2200);
    let language = match r.choice("language", &["it", "en"]) {
        Some(s) if s.value == "en" => Lang::En,
        _ => Lang::It,
    };
    let status = r.choice("status", &["planned", "in-progress", "concluded"]);
    let start = r.date("start");
    let end = r.date("end");
    let population = r.int("population", 1, MAX_COUNT);
    let intro = r.md_or_file("intro", "intro_file");
    let (notes, source) = r.notes_and_source();
    PlanInfo {
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

fn read_process(r: &mut Reader) -> Process {
    let decision_holders = r.strings("decision_holders");
    let partners = r.strings("partners");
    let participants = r.strings("participants");
    let participation = r.choice("participation", &["voluntary", "by-invitation", "mixed"]);
    let codecision = r.bool("codecision");
    let digital_tools = r.bool("digital_tools");
    let methods = r.strings("methods");
    let level = r.string("level");
    let index = r.int("index", 0, 30);
    let start_year = r.int("start_year", 1900, 2200);
    let end_year = r.int("end_year", 1900, 2200);
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
        r.ctx.diags.push(Diagnostic::error(
            "date-order",
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

fn read_role(r: &mut Reader) -> Option<Role> {
    let title = r.req_string("title");
    let duty = r.md("duty");
    let holder = r.string("holder");
    let core = r.bool("core").map(|b| b.value).unwrap_or(true);
    let (notes, source) = r.notes_and_source();
    let title = title?;
    Some(Role {
        key: derived_key("role", None, None, &title.value),
        title,
        duty,
        holder,
        core,
        notes,
        source,
        span: r.span,
    })
}

fn read_body(r: &mut Reader) -> Option<Body> {
    let id = r.req_id("id");
    let name = r.req_string("name");
    let members = r.int("members", 1, MAX_COUNT);
    let composition = r.strings("composition");
    let (notes, source) = r.notes_and_source();
    Some(Body {
        id: id?,
        name: name?,
        members,
        composition,
        notes,
        source,
    })
}

fn read_organisation(r: &mut Reader) -> Option<Organisation> {
    let id = r.req_id("id");
    let name = r.req_string("name");
    let kind = r.string("kind");
    let areas = r.ids("areas");
    let collective = r.bool("collective").map(|b| b.value).unwrap_or(false);
    let (notes, source) = r.notes_and_source();
    Some(Organisation {
        id: id?,
        name: name?,
        kind,
        areas,
        collective,
        notes,
        source,
    })
}

fn read_phase(r: &mut Reader) -> Option<Phase> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let who = r.string("who");
    let deadline = r.date("deadline");
    let deadline_label = r.string("deadline_label");
    let modality = r.md("modality");
    let outcome = r.md("outcome");
    let outcome_deadline = r.date("outcome_deadline");
    let outcome_deadline_label = r.string("outcome_deadline_label");
    let (notes, source) = r.notes_and_source();
    Some(Phase {
        id: id?,
        title: title?,
        who,
        deadline,
        deadline_label,
        modality,
        outcome,
        outcome_deadline,
        outcome_deadline_label,
        notes,
        source,
    })
}

fn read_area(r: &mut Reader) -> Option<Area> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let target = r.choices("target", TARGETS);
    let intro = r.md_or_file("intro", "intro_file");
    let criticalities = r.mds("criticalities");
    let new_needs = r.mds("new_needs");
    let resource_recovery = r.mds("resource_recovery");
    let proposals = r.mds("proposals");
    let (notes, source) = r.notes_and_source();
    Some(Area {
        id: id?,
        title: title?,
        target,
        intro,
        criticalities,
        new_needs,
        resource_recovery,
        proposals,
        notes,
        source,
    })
}

fn read_activity(r: &mut Reader) -> Option<Activity> {
    let area = r.req_id("area");
    let title = r.req_string("title");
    let id = r.id("id");
    let provider = r.string("provider");
    let users = r.int("users", 0, MAX_COUNT);
    let cost_written = r.has("cost");
    let cost = r.money("cost");
    let funding_span = r.value_span("funding");
    let funding: Vec<Funding> = r
        .money_map("funding")
        .into_iter()
        .map(|(source, amount)| Funding { source, amount })
        .collect();
    let legal_ref = r
        .one_or_many("legal_ref")
        .into_iter()
        .map(LegalRef::unparsed)
        .collect();
    let service_code = r.string("service_code");
    let (notes, source) = r.notes_and_source();
    let (area, title) = (area?, title?);
    Some(Activity {
        key: derived_key("activity", id.as_ref(), Some(&area.value), &title.value),
        area,
        title,
        id,
        provider,
        users,
        cost,
        cost_written,
        funding_span,
        funding,
        legal_ref,
        service_code,
        notes,
        source,
        span: r.span,
    })
}

fn read_table(r: &mut Reader) -> Option<Table> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let kind = r.string("kind");
    let phase = r.id("phase");
    let areas = r.ids("areas");
    let organisations = r.ids("organisations");
    let lead = r.string("lead");
    let (notes, source) = r.notes_and_source();
    Some(Table {
        id: id?,
        title: title?,
        kind,
        phase,
        areas,
        organisations,
        lead,
        notes,
        source,
    })
}

fn read_meeting(r: &mut Reader) -> Option<Meeting> {
    let title = r.req_string("title");
    let phase = r.req_id("phase");
    let id = r.id("id");
    let date = r.date("date");
    let from = r.date("from");
    let to = r.date("to");
    let sessions_given = r.int("sessions", 1, MAX_COUNT);
    let participants = r.int("participants", 0, MAX_COUNT);
    let tables = r.ids("tables");
    let areas = r.ids("areas");
    let organisations = r.ids("organisations");
    let place = r.string("place");
    let public = r.bool("public").map(|b| b.value).unwrap_or(false);
    let lead = r.string("lead");
    let (notes, source) = r.notes_and_source();
    // An invalid `sessions` is already reported; 1 keeps the other checks going.
    let single = sessions_given
        .as_ref()
        .map_or(!r.has("sessions"), |s| s.value == 1);
    let sessions = sessions_given.unwrap_or(S::new(1, r.span));
    if single && !r.has("date") {
        r.ctx.diags.push(
            Diagnostic::error("missing-date", r.span, msg("meeting-without-date", &[]))
                .with_help(msg("help-meeting-without-date", &[])),
        );
    }
    if let (Some(d), Some(span)) = (&date, r.value_span("from").or(r.value_span("to"))) {
        r.ctx.diags.push(
            Diagnostic::error("invalid-value", span, msg("date-and-span", &[]))
                .with_related(d.span, msg("label-date", &[])),
        );
    }
    if let (Some(f), Some(t)) = (&from, &to)
        && t.value < f.value
    {
        r.ctx.diags.push(Diagnostic::error(
            "date-order",
            t.span,
            msg(
                "date-order",
                &[
                    ("start_key", "from"),
                    ("end_key", "to"),
                    ("start", &f.value.iso()),
                    ("end", &t.value.iso()),
                ],
            ),
        ));
    }
    let (title, phase) = (title?, phase?);
    Some(Meeting {
        key: derived_key("meeting", id.as_ref(), Some(&phase.value), &title.value),
        title,
        phase,
        id,
        date,
        from,
        to,
        sessions,
        participants,
        tables,
        areas,
        organisations,
        place,
        public,
        lead,
        notes,
        source,
        span: r.span,
    })
}

fn read_recommendation(r: &mut Reader) -> Option<Recommendation> {
    let text = r.md("text");
    if text.is_none() && !r.has("text") {
        r.missing("text");
    }
    let kind = if r.has("kind") {
        r.choice("kind", &["content", "method", "organisation"])
    } else {
        r.req_string("kind")
    };
    let meeting = r.id("meeting");
    let table = r.id("table");
    let areas = r.ids("areas");
    let title = r.string("title");
    let (notes, source) = r.notes_and_source();
    if !r.has("meeting") && !r.has("table") {
        r.ctx.diags.push(Diagnostic::error(
            "missing-key",
            r.span,
            msg("recommendation-without-origin", &[]),
        ));
    }
    let (text, kind) = (text?, kind?);
    let parent = meeting.as_ref().or(table.as_ref()).map(|s| s.value.clone());
    let label = title
        .as_ref()
        .map(|t| t.value.as_str())
        .unwrap_or(&text.body);
    Some(Recommendation {
        key: derived_key("recommendation", None, parent.as_deref(), label),
        text,
        kind,
        meeting,
        table,
        areas,
        title,
        notes,
        source,
        span: r.span,
    })
}

fn read_milestone(r: &mut Reader) -> Option<Milestone> {
    let title = r.req_string("title");
    let date = r.date("date");
    let date_label = r.string("date_label");
    let planned = r.bool("planned").map(|b| b.value).unwrap_or(false);
    let (notes, source) = r.notes_and_source();
    if !planned && !r.has("date") {
        r.ctx.diags.push(
            Diagnostic::error("missing-date", r.span, msg("milestone-without-date", &[]))
                .with_help(msg("help-milestone-without-date", &[])),
        );
    }
    let title = title?;
    Some(Milestone {
        key: derived_key("milestone", None, None, &title.value),
        title,
        date,
        date_label,
        planned,
        notes,
        source,
        span: r.span,
    })
}

fn read_annex(r: &mut Reader) -> Option<Annex> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let file = r.req_string("file");
    let (notes, source) = r.notes_and_source();
    // `load` read it and reported any problem where it is named.
    let file = file.and_then(|f| {
        let rel = crate::assets::normalise(&f.value).ok()?;
        r.ctx.assets.binary(&rel).ok()?;
        Some(S::new(rel, f.span))
    });
    Some(Annex {
        id: id?,
        title: title?,
        file: file?,
        notes,
        source,
    })
}

fn read_chapter(r: &mut Reader) -> Option<Chapter> {
    let id = r.req_id("id");
    let title = r.req_string("title");
    let text = r.md_or_file("text", "file");
    let (notes, source) = r.notes_and_source();
    Some(Chapter {
        id: id?,
        title: title?,
        text,
        notes,
        source,
    })
}

fn read_document(r: &mut Reader) -> Document {
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
    let outline = if r.has("outline") {
        Some(read_outline(r))
    } else {
        None
    };
    let accessibility = r.string("accessibility").and_then(|url| {
        let lower = url.value.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            Some(url)
        } else {
            r.ctx.diags.push(Diagnostic::error(
                "invalid-value",
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
                Diagnostic::error("missing-approval", r.span, msg("missing-approval", &[]))
                    .with_help(msg("help-missing-approval", &[])),
            ),
            Some(a) if a.body.is_none() || a.act.is_none() || a.date.is_none() => r.ctx.diags.push(
                Diagnostic::error("missing-approval", r.span, msg("incomplete-approval", &[])),
            ),
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

fn read_outline(r: &mut Reader) -> Vec<OutlineEntry> {
    r.ids_or_tables("outline")
        .into_iter()
        .map(|(id, title)| OutlineEntry { id, title })
        .collect()
}

fn read_spending(r: &mut Reader) -> Spending {
    let year = r.int("year", 1900, 2200);
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
            t.ctx.diags.push(Diagnostic::error(
                "invalid-value",
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
        let year = if t.has("year") {
            t.int("year", 1900, 2200)
        } else {
            t.missing("year");
            None
        };
        let per_capita = if t.has("per_capita") {
            t.money("per_capita")
        } else {
            t.missing("per_capita");
            None
        };
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

/// Legal references are parsed once the plan's region is known.
fn parse_legal_refs(plan: &mut Plan) {
    let region = plan.plan.region.as_ref().map(|r| r.value.clone());
    for a in &mut plan.activities {
        for l in &mut a.legal_ref {
            l.parse(region.as_deref());
        }
    }
}
