//! Decoding: from the parsed TOML documents to the typed [`Plan`], reporting
//! every type and key error where it is written.

mod collections;
mod key_docs;
mod keys;
mod legal;
mod plan;
mod programme;
mod reader;
pub mod rules;
mod scalars;
mod schema;

use crate::diag::Code;
use reader::Reader;
pub use reader::{Ctx, KeySpec, Ty};
pub use schema::json_schema_text;

use crate::assets::Assets;
use crate::diag::{Diagnostic, Diagnostics, Message, msg, suggestion_help};
use crate::load::{Document as Parsed, Kind, Node};
use crate::model::value::slug;
use crate::model::*;
use crate::source::{FileId, SourceMap, Span};

pub(crate) use crate::model::{MAX_COUNT, YEARS};

const PLAN_ONLY: &[&str] = &[
    "plan",
    "process",
    "document",
    "spending",
    "check",
    "ambito",
    "agreement",
];
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
    "municipality",
    "signatory",
    "objective",
    "fund",
    "indicator",
    "scheme",
    "stated_total",
    "staff",
    "rule",
];

/// One run of consecutive files, decoded on its own: its part of the plan
/// and its diagnostics, put together with the others by [`assemble`].
pub struct Part {
    plan: Plan,
    saw_plan: bool,
    root_file: Option<FileId>,
    diags: Diagnostics,
}

/// Decodes a run of consecutive files. Runs are decoded on every core, as
/// soon as they are parsed, so that a large plan's TOML trees are never all
/// in memory. `assets` must hold the Markdown files these documents name
/// (a run that names none may be given empty ones).
pub fn decode_run(documents: &[Parsed], sources: &SourceMap, assets: &Assets) -> Part {
    let mut diags = Diagnostics::default();
    let mut ctx = Ctx {
        diags: &mut diags,
        sources,
        assets,
        describe: false,
    };
    let mut plan = empty_plan();
    let mut saw_plan = false;
    for doc in documents {
        saw_plan |= decode_document(doc, &mut plan, &mut ctx);
    }
    let root_file = documents
        .iter()
        .find(|d| d.rel == "plan.toml")
        .map(|d| d.file);
    Part {
        plan,
        saw_plan,
        root_file,
        diags,
    }
}

/// Builds the typed plan from its runs, in the walk's order: the same plan and
/// diagnostics as decoding the files one by one. Entities missing a required
/// key were left out, so that later stages see only whole ones.
pub fn assemble(parts: Vec<Part>, diags: &mut Diagnostics) -> Plan {
    let mut plan = empty_plan();
    // Each collection allocated once at its full length: growing it part by
    // part would copy the largest ones several times.
    macro_rules! reserve {
        ($($collection:ident),*) => {$(
            plan.$collection
                .reserve_exact(parts.iter().map(|p| p.plan.$collection.len()).sum());
        )*};
    }
    reserve!(
        organisations,
        areas,
        activities,
        tables,
        meetings,
        recommendations
    );
    let mut saw_plan = false;
    let mut root_file = None;
    for part in parts {
        saw_plan |= part.saw_plan;
        root_file = root_file.or(part.root_file);
        merge(&mut plan, part.plan, part.root_file.is_some());
        diags.extend(part.diags);
    }
    if !saw_plan && let Some(file) = root_file {
        diags.push(
            Diagnostic::new(
                Code::MissingKey,
                Span::file_start(file),
                msg("missing-plan-table", &[]),
            )
            .with_help(msg("help-missing-plan-table", &[])),
        );
    }
    // The built-in rule sets the plan names, after its own rules.
    for set in plan.plan.rule_sets.clone() {
        match rules::builtin_set(&set.value, set.span) {
            Some(rules) => plan.rules.extend(rules),
            None => diags.push(
                Diagnostic::new(
                    Code::RuleInvalid,
                    set.span,
                    msg("rule-set-unknown", &[("set", &set.value)]),
                )
                .with_help(msg(
                    "help-rule-set-unknown",
                    &[(
                        "sets",
                        &rules::SETS
                            .iter()
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", "),
                    )],
                )),
            ),
        }
    }
    parse_legal_refs(&mut plan);
    plan
}

/// Reads one file's tables and collections into `plan`; whether it holds `[plan]`.
fn decode_document(doc: &Parsed, plan: &mut Plan, ctx: &mut Ctx<'_>) -> bool {
    let mut saw_plan = false;
    {
        let is_root = doc.rel == "plan.toml";
        for entry in &doc.table.entries {
            let key = entry.key.as_str();
            if PLAN_ONLY.contains(&key) {
                if !is_root {
                    ctx.diags.push(Diagnostic::new(
                        Code::MisplacedTable,
                        entry.key_span,
                        msg("misplaced-table", &[("key", key)]),
                    ));
                    continue;
                }
                let Kind::Table(t) = &entry.value.kind else {
                    wrong_shape(ctx, key, &entry.value, "table", &format!("[{key}]"));
                    continue;
                };
                saw_plan |= key == "plan";
                let mut r = Reader::new(t, entry.value.span, plan_table_name(key), ctx);
                read_into(plan, key, &mut r);
                r.finish();
                continue;
            }
            if !COLLECTIONS.contains(&key) {
                let all = PLAN_ONLY.iter().chain(COLLECTIONS).copied();
                let help = suggestion_help(key.trim_end_matches('s'), all.clone())
                    .or_else(|| suggestion_help(key, all));
                ctx.diags.push(
                    Diagnostic::new(
                        Code::UnknownKey,
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
                read_into(plan, key, &mut r);
                r.finish();
            }
        }
    }
    saw_plan
}

/// Adds one run of files to the plan: its collections after those of the
/// files before it; the plan-wide tables only from the run that holds
/// `plan.toml` (elsewhere they were reported as misplaced).
/// Destructured, so that a new field of `Plan` cannot be forgotten here.
fn merge(plan: &mut Plan, part: Plan, is_root: bool) {
    let Plan {
        plan: info,
        process,
        document,
        spending,
        check,
        roles,
        bodies,
        organisations,
        phases,
        areas,
        activities,
        tables,
        meetings,
        recommendations,
        milestones,
        annexes,
        chapters,
        ambito,
        municipalities,
        agreement,
        signatories,
        objectives,
        funds,
        indicators,
        schemes,
        stated_totals,
        staff,
        rules,
    } = part;
    if is_root {
        plan.plan = info;
        plan.process = process;
        plan.document = document;
        plan.spending = spending;
        plan.check = check;
        plan.ambito = ambito;
        plan.agreement = agreement;
    }
    plan.roles.extend(roles);
    plan.bodies.extend(bodies);
    plan.organisations.extend(organisations);
    plan.phases.extend(phases);
    plan.areas.extend(areas);
    plan.activities.extend(activities);
    plan.tables.extend(tables);
    plan.meetings.extend(meetings);
    plan.recommendations.extend(recommendations);
    plan.milestones.extend(milestones);
    plan.annexes.extend(annexes);
    plan.chapters.extend(chapters);
    plan.municipalities.extend(municipalities);
    plan.signatories.extend(signatories);
    plan.objectives.extend(objectives);
    plan.funds.extend(funds);
    plan.indicators.extend(indicators);
    plan.schemes.extend(schemes);
    plan.stated_totals.extend(stated_totals);
    plan.staff.extend(staff);
    plan.rules.extend(rules);
}

fn empty_plan() -> Plan {
    Plan {
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
        ambito: None,
        municipalities: vec![],
        agreement: None,
        signatories: vec![],
        objectives: vec![],
        funds: vec![],
        indicators: vec![],
        schemes: vec![],
        stated_totals: vec![],
        staff: vec![],
        rules: vec![],
    }
}

/// `[plan]`, `[process]`… as messages name them.
fn plan_table_name(key: &str) -> &'static str {
    match key {
        "plan" => "[plan]",
        "process" => "[process]",
        "document" => "[document]",
        "spending" => "[spending]",
        "ambito" => "[ambito]",
        "agreement" => "[agreement]",
        _ => "[check]",
    }
}

/// Reads one table of `key` (a plan-only table or one item of a collection)
/// into the plan: the one place that says which reader reads which key.
fn read_into(plan: &mut Plan, key: &str, r: &mut Reader) {
    match key {
        "plan" => plan.plan = plan::read_plan(r),
        "process" => plan.process = Some(plan::read_process(r)),
        "document" => plan.document = plan::read_document(r),
        "spending" => plan.spending = Some(plan::read_spending(r)),
        "check" => {
            plan.check = Check {
                allow: r.strings("allow"),
            }
        }
        "role" => plan.roles.extend(collections::read_role(r)),
        "body" => plan.bodies.extend(collections::read_body(r)),
        "organisation" => plan.organisations.extend(collections::read_organisation(r)),
        "phase" => plan.phases.extend(collections::read_phase(r)),
        "area" => plan.areas.extend(collections::read_area(r)),
        "activity" => plan.activities.extend(collections::read_activity(r)),
        "table" => plan.tables.extend(collections::read_table(r)),
        "meeting" => plan.meetings.extend(collections::read_meeting(r)),
        "recommendation" => plan
            .recommendations
            .extend(collections::read_recommendation(r)),
        "milestone" => plan.milestones.extend(collections::read_milestone(r)),
        "annex" => plan.annexes.extend(collections::read_annex(r)),
        "chapter" => plan.chapters.extend(collections::read_chapter(r)),
        "ambito" => plan.ambito = Some(programme::read_ambito(r)),
        "agreement" => plan.agreement = Some(programme::read_agreement(r)),
        "municipality" => plan.municipalities.extend(programme::read_municipality(r)),
        "signatory" => plan.signatories.extend(programme::read_signatory(r)),
        "objective" => plan.objectives.extend(programme::read_objective(r)),
        "fund" => plan.funds.extend(programme::read_fund(r)),
        "indicator" => plan.indicators.extend(programme::read_indicator(r)),
        "scheme" => plan.schemes.extend(programme::read_scheme(r)),
        "stated_total" => plan.stated_totals.extend(programme::read_stated_total(r)),
        "staff" => plan.staff.extend(programme::read_staff(r)),
        "rule" => plan.rules.extend(rules::read_rule(r)),
        _ => {}
    }
}

/// The keys of every table and collection, as the readers ask for them: each
/// reader run once over an empty table, recording what it asks and how
/// (nested tables too). The JSON Schema is made from this, so the format has
/// one list of keys — the decoder's.
pub fn describe() -> Vec<(&'static str, bool, Vec<KeySpec>)> {
    let (sources, assets) = (SourceMap::default(), Assets::default());
    let mut diags = crate::diag::Diagnostics::default();
    let mut ctx = Ctx {
        diags: &mut diags,
        sources: &sources,
        assets: &assets,
        describe: true,
    };
    let mut scratch = empty_plan();
    let span = Span::file_start(crate::source::FileId(0));
    PLAN_ONLY
        .iter()
        .map(|k| (*k, false))
        .chain(COLLECTIONS.iter().map(|k| (*k, true)))
        .map(|(key, collection)| {
            let mut r = Reader::new(&reader::EMPTY, span, key_name(key), &mut ctx);
            read_into(&mut scratch, key, &mut r);
            (key, collection, r.finish())
        })
        .collect()
}

fn key_name(key: &str) -> &'static str {
    COLLECTIONS
        .iter()
        .chain(PLAN_ONLY)
        .find(|c| **c == key)
        .copied()
        .unwrap_or("entry")
}

fn wrong_shape(ctx: &mut Ctx<'_>, key: &str, node: &Node, expected: &str, hint: &str) {
    ctx.diags.push(
        Diagnostic::new(
            Code::WrongType,
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
pub(crate) fn derived_key(
    kind: &str,
    id: Option<&Str>,
    parent: Option<&str>,
    title: &str,
) -> String {
    match id {
        Some(id) => id.value.clone(),
        None => match parent {
            Some(p) => format!("{kind}:{p}:{}", slug(title)),
            None => format!("{kind}:{}", slug(title)),
        },
    }
}

/// Legal references are parsed once the plan's region is known.
fn parse_legal_refs(plan: &mut Plan) {
    let region = plan.plan.region.as_ref().map(|r| r.value.clone());
    let refs = plan
        .activities
        .iter_mut()
        .flat_map(|a| a.legal_ref.iter_mut())
        .chain(plan.funds.iter_mut().flat_map(|f| f.legal_ref.iter_mut()))
        .chain(
            plan.agreement
                .iter_mut()
                .flat_map(|a| a.legal_ref.iter_mut()),
        );
    for l in refs {
        l.parsed = legal::parse(&l.text.value, region.as_deref());
    }
    // A rule's source may cite several acts ("Piano nazionale …; L. 178/2020,
    // art. 1, c. 797"): the first the parser knows links it.
    for rule in &mut plan.rules {
        rule.source_url = rule.source.value.split(';').find_map(|act| {
            let mut l = crate::model::LegalRef::unparsed(rule.source.clone());
            l.parsed = legal::parse(act.trim(), region.as_deref());
            l.url()
        });
    }
}
