//! The participation summary and resources (SPEC 3.3): pure functions of the
//! validated model, every figure exact.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::order::{group_by, meeting_areas};
use super::{Partial, add_money, div_round, per, share, sum_recorded};
use crate::model::{Money, Percent, Plan};

#[derive(Debug, Serialize, Default)]
pub struct Totals {
    pub sessions: i64,
    pub participants: Option<i64>,
    pub sessions_without_count: i64,
    pub public_meetings: i64,
    pub organisations: i64,
    pub collective_organisations: i64,
    pub tables: i64,
    pub activities: i64,
    pub users: Option<i64>,
    pub cost: Option<Money>,
    pub partial: Partial,
}

#[derive(Debug, Serialize)]
pub struct GroupRow {
    pub id: String,
    pub title: String,
    pub sessions: i64,
    pub participants: Option<i64>,
    pub sessions_without_count: i64,
    /// Of those, the sessions and participants of meetings that also count
    /// in another row (a meeting of two tables): the rows do not add up.
    pub shared_sessions: i64,
    pub shared_participants: Option<i64>,
    /// Participants are partial when the sum leaves out sessions without a count.
    pub partial: Partial,
}

/// Meetings counted once each, however many rows they appear in.
#[derive(Debug, Serialize, Clone, Copy)]
pub struct MeetingsTotal {
    pub sessions: i64,
    pub participants: Option<i64>,
    pub sessions_without_count: i64,
}

/// The figures left out of a sum: participants are partial when some
/// sessions were counted and some were not (none counted gives `null`).
fn participants_partial(participants: Option<i64>, without: i64) -> Partial {
    Partial {
        participants: participants.is_some() && without > 0,
        ..Partial::default()
    }
}

#[derive(Debug, Serialize)]
pub struct AreaRow {
    pub id: String,
    pub title: String,
    pub sessions: i64,
    pub participants: Option<i64>,
    pub sessions_without_count: i64,
    /// Of those, what meetings of several areas bring (see [`GroupRow`]).
    pub shared_sessions: i64,
    pub shared_participants: Option<i64>,
    pub activities: i64,
    pub users: Option<i64>,
    pub cost: Option<Money>,
    pub cost_share: Option<Percent>,
    pub cost_per_user: Option<Money>,
    pub partial: Partial,
}

#[derive(Debug, Serialize)]
pub struct BodyRow {
    pub id: String,
    pub name: String,
    pub members: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct Governance {
    pub bodies: Vec<BodyRow>,
    pub pilot_group_core: Vec<String>,
    pub pilot_group_extended: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct FundingRow {
    pub area: String,
    pub title: String,
    /// One cell per source, in `Funding::sources` order; `None` where nothing is given.
    pub amounts: Vec<Option<Money>>,
    pub total: Money,
}

#[derive(Debug, Serialize)]
pub struct FundingTable {
    /// Funding sources in order of first appearance.
    pub sources: Vec<String>,
    pub rows: Vec<FundingRow>,
    pub totals: Vec<Money>,
    pub total: Money,
    /// Activities with a cost but no funding breakdown.
    pub activities_without_funding: i64,
}

#[derive(Debug, Serialize)]
pub struct TargetRow {
    pub target: String,
    pub share: Option<Percent>,
    pub amount: Option<Money>,
}

#[derive(Debug, Serialize)]
pub struct BenchmarkRow {
    pub name: String,
    pub year: i64,
    pub per_capita: Money,
    pub source: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SpendingSummary {
    pub year: Option<i64>,
    pub total: Option<Money>,
    pub population: Option<i64>,
    pub per_capita: Option<Money>,
    pub associated: Option<Money>,
    pub associated_share: Option<Percent>,
    pub by_target: Vec<TargetRow>,
    pub income_support: Option<Money>,
    pub adult_population: Option<i64>,
    pub income_support_per_adult: Option<Money>,
    pub benchmarks: Vec<BenchmarkRow>,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub totals: Totals,
    pub phases: Vec<GroupRow>,
    pub tables: Vec<GroupRow>,
    /// The tables' meetings, each once: the table's true total.
    pub tables_total: MeetingsTotal,
    pub areas: Vec<AreaRow>,
    /// The areas' meetings, each once.
    pub areas_total: MeetingsTotal,
    pub governance: Governance,
    pub funding: Option<FundingTable>,
    pub spending: Option<SpendingSummary>,
    /// What became of the recommendations (SPEC 5.1), by response status.
    pub recommendations: ResponseTotals,
    /// The Piano di Zona's figures (SPEC 4.8): `years`, `funds`, `budget`, `indicators`.
    #[serde(flatten)]
    pub programme: super::programme::Programme,
    /// The workforce by year (SPEC 7).
    pub staff: Vec<super::StaffYear>,
    /// Commitments and payments by fund and annualità (SPEC 7).
    pub ledger: Vec<super::LedgerRow>,
    /// Every rule the plan follows, year by year (SPEC 8).
    pub rules: Vec<super::rules::RuleResult>,
}

#[derive(Debug, Serialize, Default, Clone, Copy, PartialEq, Eq)]
pub struct ResponseTotals {
    pub accepted: i64,
    pub partly: i64,
    pub rejected: i64,
    pub pending: i64,
    pub no_response: i64,
}

impl ResponseTotals {
    pub fn of(plan: &Plan) -> Self {
        let mut t = ResponseTotals::default();
        for r in &plan.recommendations {
            use crate::model::ResponseStatus::*;
            let slot = match r.response.as_ref().map(|x| x.status.value) {
                Some(Accepted) => &mut t.accepted,
                Some(Partly) => &mut t.partly,
                Some(Rejected) => &mut t.rejected,
                Some(Pending) => &mut t.pending,
                None => &mut t.no_response,
            };
            *slot += 1;
        }
        t
    }

    /// (status, its label's key, count), `no-response` last, as every output lists them.
    pub fn rows(&self) -> [(&'static str, &'static str, i64); 5] {
        use crate::model::{Choice, ResponseStatus::*};
        let row = |s: crate::model::ResponseStatus, n| (s.word(), s.label_key(), n);
        [
            row(Accepted, self.accepted),
            row(Partly, self.partly),
            row(Rejected, self.rejected),
            row(Pending, self.pending),
            ("no-response", "response-no-response", self.no_response),
        ]
    }
}

/// Sessions, participants and sessions without count over a set of meetings.
fn participation<'a>(
    meetings: impl Iterator<Item = &'a crate::model::Meeting>,
) -> (i64, Option<i64>, i64) {
    let mut sessions: i64 = 0;
    let mut participants: Option<i64> = None;
    let mut without: i64 = 0;
    for m in meetings {
        // Saturating: absurd counts must not crash the tool (they are still shown).
        sessions = sessions.saturating_add(m.sessions.value);
        match &m.participants {
            Some(p) => participants = Some(participants.unwrap_or(0).saturating_add(p.value)),
            None => without = without.saturating_add(m.sessions.value),
        }
    }
    (sessions, participants, without)
}

pub fn summarise(plan: &Plan) -> Summary {
    let totals = totals(plan);
    let (phases, tables) = phase_and_table_rows(plan);
    let meeting_areas = meeting_areas(plan);
    let once = |keep: &dyn Fn(usize, &crate::model::Meeting) -> bool| {
        let (sessions, participants, sessions_without_count) = participation(
            plan.meetings
                .iter()
                .enumerate()
                .filter(|(i, m)| keep(*i, m))
                .map(|(_, m)| m),
        );
        MeetingsTotal {
            sessions,
            participants,
            sessions_without_count,
        }
    };
    let tables_total = once(&|_, m| !m.tables.is_empty());
    let areas_total = once(&|i, _| !meeting_areas[i].is_empty());
    Summary {
        areas: area_rows(plan, totals.cost),
        areas_total,
        tables_total,
        totals,
        phases,
        tables,
        governance: governance(plan),
        funding: funding(plan),
        spending: spending(plan),
        recommendations: ResponseTotals::of(plan),
        programme: super::programme::programme(plan),
        staff: super::staff::staff(plan),
        rules: super::rules::rules(plan),
        ledger: super::fund_ledger::fund_ledger(plan),
    }
}

/// The plan's participation and resource totals (SPEC 3.3).
fn totals(plan: &Plan) -> Totals {
    let reference_year = plan.plan.reference_year.as_ref().map(|y| y.value);

    let (sessions, participants, sessions_without_count) = participation(plan.meetings.iter());
    let public_meetings = plan
        .meetings
        .iter()
        .filter(|m| m.public)
        .map(|m| m.sessions.value)
        .fold(0, i64::saturating_add);

    let collective: HashMap<&str, bool> = plan
        .organisations
        .iter()
        .map(|o| (o.id.value.as_str(), o.collective))
        .collect();
    let involved: BTreeSet<&str> = plan
        .meetings
        .iter()
        .flat_map(|m| m.organisations.iter())
        .chain(plan.tables.iter().flat_map(|t| t.organisations.iter()))
        .map(|o| o.value.as_str())
        .filter(|o| collective.contains_key(o))
        .collect();
    let collective_count = involved.iter().filter(|o| collective[*o]).count() as i64;

    let (users, users_missing) = sum_recorded(
        plan.activities
            .iter()
            .map(|a| a.reference_users(reference_year)),
        i64::saturating_add,
    );
    let (cost, cost_missing) = sum_recorded(
        plan.activities
            .iter()
            .map(|a| a.reference_cost(reference_year)),
        add_money,
    );
    let partial = Partial {
        users: users_missing,
        cost: cost_missing,
        ..participants_partial(participants, sessions_without_count)
    };
    Totals {
        sessions,
        participants,
        sessions_without_count,
        public_meetings,
        organisations: involved.len() as i64 - collective_count,
        collective_organisations: collective_count,
        tables: plan.tables.len() as i64,
        activities: plan.activities.len() as i64,
        users,
        cost,
        partial,
    }
}

/// Sessions and participants by phase and by table.
fn phase_and_table_rows(plan: &Plan) -> (Vec<GroupRow>, Vec<GroupRow>) {
    // Indexes, so that each figure is one lookup, not a scan of every meeting.
    let by_phase = group_by(&plan.meetings, |_, m| vec![m.phase.value.as_str()]);
    let by_table = group_by(&plan.meetings, |_, m| {
        m.tables.iter().map(|t| t.value.as_str()).collect()
    });
    let shared_by_table = group_by(&plan.meetings, |_, m| {
        let tables: BTreeSet<&str> = m.tables.iter().map(|t| t.value.as_str()).collect();
        if tables.len() > 1 {
            tables.into_iter().collect()
        } else {
            Vec::new()
        }
    });
    let empty = Vec::new();

    let phases = plan
        .phases
        .iter()
        .map(|p| {
            let (s, pa, w) = participation(
                by_phase
                    .get(p.id.value.as_str())
                    .unwrap_or(&empty)
                    .iter()
                    .copied(),
            );
            GroupRow {
                id: p.id.value.clone(),
                title: p.title.value.clone(),
                sessions: s,
                participants: pa,
                sessions_without_count: w,
                // A meeting has one phase.
                shared_sessions: 0,
                shared_participants: None,
                partial: participants_partial(pa, w),
            }
        })
        .collect();
    let tables = plan
        .tables
        .iter()
        .map(|t| {
            let (s, pa, w) = participation(
                by_table
                    .get(t.id.value.as_str())
                    .unwrap_or(&empty)
                    .iter()
                    .copied(),
            );
            let (shared_s, shared_pa, _) = participation(
                shared_by_table
                    .get(t.id.value.as_str())
                    .unwrap_or(&empty)
                    .iter()
                    .copied(),
            );
            GroupRow {
                id: t.id.value.clone(),
                title: t.title.value.clone(),
                sessions: s,
                participants: pa,
                sessions_without_count: w,
                shared_sessions: shared_s,
                shared_participants: shared_pa,
                partial: participants_partial(pa, w),
            }
        })
        .collect();
    (phases, tables)
}

/// Each area's participation and resources; `plan_cost` is the total its share is of.
fn area_rows(plan: &Plan, plan_cost: Option<Money>) -> Vec<AreaRow> {
    let reference_year = plan.plan.reference_year.as_ref().map(|y| y.value);
    let meeting_areas = meeting_areas(plan);
    let by_area = group_by(&plan.meetings, |i, _| {
        meeting_areas[i].iter().copied().collect()
    });
    let shared_by_area = group_by(&plan.meetings, |i, _| {
        if meeting_areas[i].len() > 1 {
            meeting_areas[i].iter().copied().collect()
        } else {
            Vec::new()
        }
    });
    let activities_by_area = group_by(&plan.activities, |_, a| vec![a.area.value.as_str()]);
    let empty = Vec::new();
    plan.areas
        .iter()
        .map(|area| {
            let id = area.id.value.as_str();
            let (s, pa, w) = participation(by_area.get(id).unwrap_or(&empty).iter().copied());
            let (shared_s, shared_pa, _) =
                participation(shared_by_area.get(id).unwrap_or(&empty).iter().copied());
            let acts: &[&crate::model::Activity] =
                activities_by_area.get(id).map(Vec::as_slice).unwrap_or(&[]);
            let (a_users, u_missing) = sum_recorded(
                acts.iter().map(|a| a.reference_users(reference_year)),
                i64::saturating_add,
            );
            let (a_cost, c_missing) = sum_recorded(
                acts.iter().map(|a| a.reference_cost(reference_year)),
                add_money,
            );
            let partial = Partial {
                users: u_missing,
                cost: c_missing,
                ..participants_partial(pa, w)
            };
            let complete = !u_missing && !c_missing;
            AreaRow {
                id: id.to_string(),
                title: area.title.value.clone(),
                sessions: s,
                participants: pa,
                sessions_without_count: w,
                shared_sessions: shared_s,
                shared_participants: shared_pa,
                activities: acts.len() as i64,
                users: a_users,
                cost: a_cost,
                cost_share: a_cost.zip(plan_cost).and_then(|(c, t)| share(c, t)),
                cost_per_user: match (a_cost, a_users, complete) {
                    (Some(c), Some(u), true) => per(c, u),
                    _ => None,
                },
                partial,
            }
        })
        .collect()
}

/// The bodies with their members, and the pilot group.
fn governance(plan: &Plan) -> Governance {
    Governance {
        bodies: plan
            .bodies
            .iter()
            .map(|b| BodyRow {
                id: b.id.value.clone(),
                name: b.name.value.clone(),
                members: b.members.as_ref().map(|m| m.value),
            })
            .collect(),
        pilot_group_core: plan
            .roles
            .iter()
            .filter(|r| r.core)
            .map(|r| r.title.value.clone())
            .collect(),
        pilot_group_extended: plan
            .roles
            .iter()
            .filter(|r| !r.core)
            .map(|r| r.title.value.clone())
            .collect(),
    }
}

fn funding(plan: &Plan) -> Option<FundingTable> {
    if plan.activities.iter().all(|a| a.funding.is_empty()) {
        return None;
    }
    let mut sources: Vec<String> = Vec::new();
    for a in &plan.activities {
        for f in &a.funding {
            if !sources.contains(&f.source.value) {
                sources.push(f.source.value.clone());
            }
        }
    }
    let mut rows = Vec::new();
    let mut totals = vec![Money::ZERO; sources.len()];
    for area in &plan.areas {
        let mut amounts: Vec<Option<Money>> = vec![None; sources.len()];
        for a in plan
            .activities
            .iter()
            .filter(|a| a.area.value == area.id.value)
        {
            for f in &a.funding {
                let i = sources
                    .iter()
                    .position(|s| *s == f.source.value)
                    .unwrap_or(0);
                amounts[i] = Some(add_money(amounts[i].unwrap_or(Money::ZERO), f.amount.value));
            }
        }
        if amounts.iter().all(Option::is_none) {
            continue;
        }
        let total = amounts
            .iter()
            .flatten()
            .fold(Money::ZERO, |a, b| add_money(a, *b));
        for (t, a) in totals.iter_mut().zip(&amounts) {
            *t = add_money(*t, a.unwrap_or(Money::ZERO));
        }
        rows.push(FundingRow {
            area: area.id.value.clone(),
            title: area.title.value.clone(),
            amounts,
            total,
        });
    }
    let total = totals.iter().fold(Money::ZERO, |a, b| add_money(a, *b));
    Some(FundingTable {
        sources,
        rows,
        totals,
        total,
        activities_without_funding: plan
            .activities
            .iter()
            .filter(|a| a.cost.is_some() && a.funding.is_empty())
            .count() as i64,
    })
}

fn spending(plan: &Plan) -> Option<SpendingSummary> {
    let sp = plan.spending.as_ref()?;
    let total = sp.total.as_ref().map(|t| t.value);
    let population = sp
        .population
        .as_ref()
        .map(|p| p.value)
        .or_else(|| plan.population());
    let by_target = sp
        .by_target
        .iter()
        .map(|t| {
            let share_given = t.share.as_ref().map(|s| Percent(s.value.cents()));
            let amount_given = t.amount.as_ref().map(|a| a.value);
            TargetRow {
                target: t.target.value.clone(),
                share: share_given
                    .or_else(|| amount_given.zip(total).and_then(|(a, t)| share(a, t))),
                amount: amount_given.or_else(|| {
                    share_given.zip(total).map(|(s, t)| {
                        Money::from_cents(div_round(t.cents() as i128 * s.0 as i128, 10_000))
                    })
                }),
            }
        })
        .collect();
    let income_support = sp.income_support.as_ref().map(|m| m.value);
    let adult_population = sp.adult_population.as_ref().map(|p| p.value);
    Some(SpendingSummary {
        year: sp.year.as_ref().map(|y| y.value),
        total,
        population,
        per_capita: total.zip(population).and_then(|(t, p)| per(t, p)),
        associated: sp.associated.as_ref().map(|a| a.value),
        associated_share: sp
            .associated
            .as_ref()
            .zip(total)
            .and_then(|(a, t)| share(a.value, t)),
        by_target,
        income_support,
        adult_population,
        income_support_per_adult: income_support
            .zip(adult_population)
            .and_then(|(i, p)| per(i, p)),
        benchmarks: sp
            .benchmarks
            .iter()
            .map(|b| BenchmarkRow {
                name: b.name.value.clone(),
                year: b.year.value,
                per_capita: b.per_capita.value,
                source: b.source.as_ref().map(|s| s.value.clone()),
            })
            .collect(),
    })
}
