//! One district's figures for `compare` (SPEC 9), taken from its own plan and
//! summary with the same rules as the plan's pages: n.d. is `None`, never 0;
//! an actual total over cards that have not all reported is `partial`. Money
//! per resident is exact and rounded once, to the cent; ratios to two decimals.

use serde::Serialize;

use super::Summary;
use super::ratio::Ratio;
use super::rules::RuleStatus;
use crate::model::{BudgetKind, Choice, ISTAT_SCHEME, Money, Number, Plan, StaffProfile};

#[derive(Debug, Serialize, Clone)]
pub struct DistrictYear {
    pub year: i64,
    pub planned: Option<Money>,
    pub actual: Option<Money>,
    /// Actual is the sum of the cards that reported, not all that planned.
    pub actual_partial: bool,
    pub planned_per_resident: Option<Money>,
    pub actual_per_resident: Option<Money>,
    /// Full-time social workers (every contract), and per 5,000 residents;
    /// the same for permanent contracts only (what the essential level counts).
    pub social_workers: Option<Number>,
    pub social_workers_per_5000: Option<Number>,
    pub social_workers_permanent_per_5000: Option<Number>,
}

/// Planned money of a group (an Istat area, a fund level) as a yearly
/// average over the plan's years with a planned budget, per resident.
#[derive(Debug, Serialize, Clone)]
pub struct GroupPerResident {
    pub key: String,
    pub planned: Money,
    pub per_resident_per_year: Option<Money>,
}

#[derive(Debug, Serialize, Clone)]
pub struct FundSpent {
    pub id: String,
    pub name: String,
    /// The national fund it is (`fnps`…), the key districts share.
    pub national: Option<&'static str>,
    pub level: Option<&'static str>,
    pub planned: Option<Money>,
    pub actual: Option<Money>,
    /// Actual over planned over the cards that reported (SPEC 4.9).
    pub percent: Option<Number>,
    pub partial: bool,
}

#[derive(Debug, Serialize, Clone)]
pub struct RuleYearStatus {
    pub year: i64,
    pub status: RuleStatus,
}

#[derive(Debug, Serialize, Clone)]
pub struct DistrictRule {
    pub id: String,
    pub title: String,
    pub years: Vec<RuleYearStatus>,
}

#[derive(Debug, Serialize, Clone)]
pub struct District {
    /// The plan's folder name: its key in the comparison.
    pub dir: String,
    pub title: String,
    pub authority: String,
    pub population: Option<i64>,
    pub municipalities: i64,
    pub years: Vec<DistrictYear>,
    pub istat_areas: Vec<GroupPerResident>,
    pub fund_levels: Vec<GroupPerResident>,
    pub funds: Vec<FundSpent>,
    pub sessions: i64,
    pub participants: Option<i64>,
    pub participants_partial: bool,
    pub sessions_per_1000: Option<Number>,
    pub participants_per_1000: Option<Number>,
    pub recommendations: i64,
    pub recommendations_accepted: i64,
    pub recommendations_partly: i64,
    pub rules: Vec<DistrictRule>,
    pub rules_met: i64,
    /// Rule-years with a status other than unknown.
    pub rules_evaluated: i64,
}

fn per_resident(amount: Option<Money>, population: Option<i64>) -> Option<Money> {
    let (a, p) = (amount?, population?);
    Ratio::money(a).div(Ratio::int(p))?.cents()
}

fn per(count: Ratio, population: Option<i64>, residents: i64) -> Option<Number> {
    let p = population?;
    count
        .mul(Ratio::int(residents))
        .div(Ratio::int(p))?
        .round(2)
}

pub fn district(dir: &str, plan: &Plan, summary: &Summary) -> District {
    let population = plan.population();
    let p = &summary.programme;
    let budget =
        |year: i64, kind: BudgetKind| p.budget.iter().find(|b| b.year == year && b.kind == kind);
    let years: Vec<DistrictYear> = p
        .years
        .iter()
        .map(|&year| {
            let planned = budget(year, BudgetKind::Planned).map(|b| b.total);
            let actual_row = budget(year, BudgetKind::Actual);
            let social = summary.staff.iter().find(|s| s.year == year).and_then(|s| {
                s.by_profile
                    .iter()
                    .find(|x| x.profile == StaffProfile::SocialWorker)
            });
            let social_workers = social.map(|x| x.fte.clone());
            DistrictYear {
                year,
                planned,
                actual: actual_row.map(|b| b.total),
                actual_partial: actual_row.is_some_and(|b| !b.partial.is_empty()),
                planned_per_resident: per_resident(planned, population),
                actual_per_resident: per_resident(actual_row.map(|b| b.total), population),
                social_workers_per_5000: social_workers
                    .as_ref()
                    .and_then(|f| per(Ratio::number(f), population, 5000)),
                social_workers_permanent_per_5000: social
                    .and_then(|x| per(Ratio::number(&x.permanent), population, 5000)),
                social_workers,
            }
        })
        .collect();
    let planned_rows: Vec<&super::programme::BudgetRow> = p
        .budget
        .iter()
        .filter(|b| b.kind == BudgetKind::Planned && p.years.contains(&b.year))
        .collect();
    let year_count = planned_rows.len() as i64;
    let group = |key: String, planned: Money| GroupPerResident {
        per_resident_per_year: (year_count > 0)
            .then(|| {
                per_resident(
                    Some(planned),
                    population.map(|p| p.saturating_mul(year_count)),
                )
            })
            .flatten(),
        key,
        planned,
    };
    let mut istat: std::collections::BTreeMap<String, Money> = Default::default();
    for row in &planned_rows {
        for c in row.by_scheme.iter().filter(|c| c.scheme == ISTAT_SCHEME) {
            let slot = istat.entry(c.code.clone()).or_insert(Money::ZERO);
            *slot = super::add_money(*slot, c.amount);
        }
    }
    let mut levels: std::collections::BTreeMap<String, Money> = Default::default();
    for (fund, row) in plan.funds.iter().zip(&p.funds) {
        let level = fund.level.as_ref().map_or("other", |l| l.value.word());
        let planned = row
            .years
            .iter()
            .filter(|y| p.years.contains(&y.year))
            .filter_map(|y| y.figures.planned)
            .fold(Money::ZERO, super::add_money);
        let slot = levels.entry(level.to_string()).or_insert(Money::ZERO);
        *slot = super::add_money(*slot, planned);
    }
    let funds = plan
        .funds
        .iter()
        .zip(&p.funds)
        .map(|(f, row)| FundSpent {
            id: f.id.value.clone(),
            name: f.name.value.clone(),
            national: f.national.as_ref().map(|n| n.value.word()),
            level: f.level.as_ref().map(|l| l.value.word()),
            planned: row.total.figures.planned,
            actual: row.total.figures.actual,
            percent: row
                .total
                .figures
                .percent
                .map(|pc| Number::from_parts(pc.0 as i128, 2)),
            partial: !row.total.figures.partial.is_empty(),
        })
        .collect();
    let t = &summary.totals;
    let r = &summary.recommendations;
    let rules: Vec<DistrictRule> = summary
        .rules
        .iter()
        .map(|rule| DistrictRule {
            id: rule.id.clone(),
            title: rule.title.clone(),
            years: rule
                .years
                .iter()
                .map(|y| RuleYearStatus {
                    year: y.year,
                    status: y.status,
                })
                .collect(),
        })
        .collect();
    let statuses = || rules.iter().flat_map(|r| &r.years);
    District {
        dir: dir.to_string(),
        title: plan
            .plan
            .title
            .as_ref()
            .map(|t| t.value.clone())
            .unwrap_or_default(),
        authority: plan
            .plan
            .authority
            .as_ref()
            .map(|t| t.value.clone())
            .unwrap_or_default(),
        population,
        municipalities: plan.current_municipalities().count() as i64,
        years,
        istat_areas: istat.into_iter().map(|(k, m)| group(k, m)).collect(),
        fund_levels: levels.into_iter().map(|(k, m)| group(k, m)).collect(),
        funds,
        sessions: t.sessions,
        participants: t.participants,
        participants_partial: t.partial.participants,
        // A plan that records no meeting gives no participation figure (n.d.).
        sessions_per_1000: (!plan.meetings.is_empty())
            .then(|| per(Ratio::int(t.sessions), population, 1000))
            .flatten(),
        participants_per_1000: t
            .participants
            .and_then(|n| per(Ratio::int(n), population, 1000)),
        recommendations: r.rows().iter().map(|(_, _, n)| n).sum(),
        recommendations_accepted: r.accepted,
        recommendations_partly: r.partly,
        rules_met: statuses().filter(|y| y.status == RuleStatus::Met).count() as i64,
        rules_evaluated: statuses()
            .filter(|y| y.status != RuleStatus::Unknown)
            .count() as i64,
        rules,
    }
}

/// Money per resident over several districts, pooled (their money over
/// their residents), with how many districts it is over: a district without
/// the figure is counted out and said so, never taken as 0.
#[derive(Debug, Serialize, Clone)]
pub struct Pooled {
    pub value: Option<Money>,
    pub over: i64,
    pub of: i64,
}

pub fn pooled(items: impl Iterator<Item = (Option<Money>, Option<i64>)>) -> Pooled {
    let (mut money, mut people, mut over, mut of) = (Ratio::int(0), 0i64, 0i64, 0i64);
    for (m, p) in items {
        of += 1;
        if let (Some(m), Some(p)) = (m, p) {
            money = money.add(Ratio::money(m));
            people = people.saturating_add(p);
            over += 1;
        }
    }
    Pooled {
        value: (people > 0)
            .then(|| money.div(Ratio::int(people))?.cents())
            .flatten(),
        over,
        of,
    }
}
