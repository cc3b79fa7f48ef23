//! The participation summary and resources (SPEC 3.3): pure functions of the
//! validated model. Every figure the outputs show is computed here, exactly.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::model::{Money, Percent, Plan};

/// `num / den` rounded half away from zero (both non-negative).
pub fn div_round(num: i128, den: i128) -> i64 {
    debug_assert!(num >= 0 && den > 0);
    ((2 * num + den) / (2 * den)) as i64
}

/// `part` as a share of `whole`, in hundredths of a percent.
pub fn share(part: Money, whole: Money) -> Option<Percent> {
    (whole.cents() > 0).then(|| {
        Percent(div_round(
            part.cents() as i128 * 10_000,
            whole.cents() as i128,
        ))
    })
}

/// Money divided by a count, rounded to cents.
pub fn per(amount: Money, count: i64) -> Option<Money> {
    (count > 0).then(|| Money::from_cents(div_round(amount.cents() as i128, count as i128)))
}

/// Sum of recorded figures; `None` when nothing is recorded. The flag says some were missing.
fn sum_recorded<T: Copy>(
    items: impl Iterator<Item = Option<T>>,
    add: impl Fn(T, T) -> T,
) -> (Option<T>, bool) {
    let mut total = None;
    let mut missing = false;
    for i in items {
        match i {
            Some(v) => total = Some(total.map_or(v, |t| add(t, v))),
            None => missing = true,
        }
    }
    (total, missing)
}

fn add_money(a: Money, b: Money) -> Money {
    Money::from_cents(a.cents().saturating_add(b.cents()))
}

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
    pub partial: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct GroupRow {
    pub id: String,
    pub title: String,
    pub sessions: i64,
    pub participants: Option<i64>,
    pub sessions_without_count: i64,
    /// `["participants"]` when the sum leaves out sessions without a count.
    pub partial: Vec<&'static str>,
}

/// The figures left out of a sum: participants are partial when some
/// sessions were counted and some were not (none counted gives `null`).
fn participants_partial(participants: Option<i64>, without: i64) -> Vec<&'static str> {
    if participants.is_some() && without > 0 {
        vec!["participants"]
    } else {
        Vec::new()
    }
}

#[derive(Debug, Serialize)]
pub struct AreaRow {
    pub id: String,
    pub title: String,
    pub sessions: i64,
    pub participants: Option<i64>,
    pub sessions_without_count: i64,
    pub activities: i64,
    pub users: Option<i64>,
    pub cost: Option<Money>,
    pub cost_share: Option<Percent>,
    pub cost_per_user: Option<Money>,
    pub partial: Vec<&'static str>,
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
    pub areas: Vec<AreaRow>,
    pub governance: Governance,
    pub funding: Option<FundingTable>,
    pub spending: Option<SpendingSummary>,
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

/// Items grouped under each of their keys (a key listed twice by one item counts once),
/// in source order.
pub fn index<'a, T>(
    items: &'a [T],
    keys: impl Fn(usize, &'a T) -> Vec<&'a str>,
) -> HashMap<&'a str, Vec<&'a T>> {
    let mut map: HashMap<&'a str, Vec<&'a T>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let mut ks = keys(i, item);
        ks.sort_unstable();
        ks.dedup();
        for k in ks {
            map.entry(k).or_default().push(item);
        }
    }
    map
}

/// Each meeting's areas: its own plus those of its tables, each once, sorted.
pub fn meeting_areas(plan: &Plan) -> Vec<BTreeSet<&str>> {
    let table_areas: HashMap<&str, Vec<&str>> = plan
        .tables
        .iter()
        .map(|t| {
            (
                t.id.value.as_str(),
                t.areas.iter().map(|a| a.value.as_str()).collect(),
            )
        })
        .collect();
    plan.meetings
        .iter()
        .map(|m| {
            let mut set: BTreeSet<&str> = m.areas.iter().map(|a| a.value.as_str()).collect();
            for t in &m.tables {
                if let Some(areas) = table_areas.get(t.value.as_str()) {
                    set.extend(areas.iter().copied());
                }
            }
            set
        })
        .collect()
}

pub fn summarise(plan: &Plan) -> Summary {
    let meeting_areas = meeting_areas(plan);

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
            .map(|a| a.users.as_ref().map(|u| u.value)),
        i64::saturating_add,
    );
    let (cost, cost_missing) = sum_recorded(
        plan.activities
            .iter()
            .map(|a| a.cost.as_ref().map(|c| c.value)),
        add_money,
    );
    let mut partial = participants_partial(participants, sessions_without_count);
    if users_missing {
        partial.push("users");
    }
    if cost_missing {
        partial.push("cost");
    }
    let totals = Totals {
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
    };

    // Indexes, so that each figure is one lookup, not a scan of every meeting.
    let by_phase = index(&plan.meetings, |_, m| vec![m.phase.value.as_str()]);
    let by_table = index(&plan.meetings, |_, m| {
        m.tables.iter().map(|t| t.value.as_str()).collect()
    });
    let by_area = index(&plan.meetings, |i, _| {
        meeting_areas[i].iter().copied().collect()
    });
    let activities_by_area = index(&plan.activities, |_, a| vec![a.area.value.as_str()]);
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
            GroupRow {
                id: t.id.value.clone(),
                title: t.title.value.clone(),
                sessions: s,
                participants: pa,
                sessions_without_count: w,
                partial: participants_partial(pa, w),
            }
        })
        .collect();

    let areas = plan
        .areas
        .iter()
        .map(|area| {
            let id = area.id.value.as_str();
            let (s, pa, w) = participation(by_area.get(id).unwrap_or(&empty).iter().copied());
            let acts: &[&crate::model::Activity] =
                activities_by_area.get(id).map(Vec::as_slice).unwrap_or(&[]);
            let (a_users, u_missing) = sum_recorded(
                acts.iter().map(|a| a.users.as_ref().map(|u| u.value)),
                i64::saturating_add,
            );
            let (a_cost, c_missing) = sum_recorded(
                acts.iter().map(|a| a.cost.as_ref().map(|c| c.value)),
                add_money,
            );
            let mut partial = participants_partial(pa, w);
            if u_missing {
                partial.push("users");
            }
            if c_missing {
                partial.push("cost");
            }
            let complete = !u_missing && !c_missing;
            AreaRow {
                id: id.to_string(),
                title: area.title.value.clone(),
                sessions: s,
                participants: pa,
                sessions_without_count: w,
                activities: acts.len() as i64,
                users: a_users,
                cost: a_cost,
                cost_share: a_cost.zip(cost).and_then(|(c, t)| share(c, t)),
                cost_per_user: match (a_cost, a_users, complete) {
                    (Some(c), Some(u), true) => per(c, u),
                    _ => None,
                },
                partial,
            }
        })
        .collect();

    let governance = Governance {
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
    };

    Summary {
        totals,
        phases,
        tables,
        areas,
        governance,
        funding: funding(plan),
        spending: spending(plan),
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
        .or(plan.plan.population.as_ref())
        .map(|p| p.value);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero() {
        // (numerator, denominator, expected)
        let table = [
            (5, 10, 1),
            (4, 10, 0),
            (15, 10, 2),
            (25, 10, 3),
            (1, 3, 0),
            (2, 3, 1),
            (0, 7, 0),
        ];
        for (n, d, want) in table {
            assert_eq!(div_round(n, d), want, "{n}/{d}");
        }
    }

    #[test]
    fn shares_and_per_capita_figures() {
        // 1 of 3 → 33.33%; 2 of 3 → 66.67%.
        assert_eq!(
            share(Money::from_cents(100), Money::from_cents(300)),
            Some(Percent(3333))
        );
        assert_eq!(
            share(Money::from_cents(200), Money::from_cents(300)),
            Some(Percent(6667))
        );
        assert_eq!(share(Money::from_cents(1), Money::ZERO), None);
        // € 19.084.183 over 186.690 inhabitants = € 102,22 (102.2231...)
        assert_eq!(
            per(Money::from_cents(1_908_418_300), 186_690),
            Some(Money::from_cents(10_222))
        );
        // Half a cent rounds up: 0.05 / 2 = 0.025 → 0.03
        assert_eq!(per(Money::from_cents(5), 2), Some(Money::from_cents(3)));
        assert_eq!(per(Money::from_cents(5), 0), None);
    }
}
