//! The rules of SPEC 8 evaluated for every year of the plan: met, not met or
//! unknown (data missing: never "not met"), with the value, the threshold,
//! the gap and, for a social-worker rule with contribution bands, the
//! contribution due and the one missed. Exact rational arithmetic, rounded
//! once at the end (euro to the cent, ratios to two decimals).

use serde::Serialize;

use super::fund_ledger::ledger_entries;
use super::ledger::{Ledger, Part};
use super::ratio::Ratio;
use crate::model::{
    BudgetKind, Choice, Money, NationalFund, Number, Plan, Rule, RuleKind, RuleWhere, ShareOf,
};

#[derive(Debug, Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RuleStatus {
    Met,
    NotMet,
    Unknown,
}

impl RuleStatus {
    /// Met or not met: a status with figures behind it.
    fn of(met: bool) -> RuleStatus {
        if met {
            RuleStatus::Met
        } else {
            RuleStatus::NotMet
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            RuleStatus::Met => "met",
            RuleStatus::NotMet => "not-met",
            RuleStatus::Unknown => "unknown",
        }
    }
}

/// What a rule's value and threshold count.
#[derive(Debug, Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RuleUnit {
    /// Full-time equivalents.
    Fte,
    Percent,
    Cards,
}

#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct RuleYear {
    pub year: i64,
    pub status: RuleStatus,
    pub value: Option<Number>,
    pub threshold: Option<Number>,
    /// How far from the threshold (0 when met), in the rule's unit.
    pub gap: Option<Number>,
    /// The gap in euro: what a share or a spending rate lacks.
    pub gap_eur: Option<Money>,
    /// A staff-ratio rule with contribution bands: the contribution due for
    /// the FTE given (an estimate), and the one missed below the last band.
    pub eur: Option<Money>,
    pub eur_missed: Option<Money>,
}

#[derive(Debug, Serialize, Clone)]
pub struct RuleResult {
    pub id: String,
    pub title: String,
    pub source: String,
    pub kind: &'static str,
    pub unit: RuleUnit,
    /// The built-in set it comes from, `null` for the plan's own.
    pub set: Option<String>,
    pub years: Vec<RuleYear>,
}

impl RuleUnit {
    /// Its word in open data: `fte`, `percent`, `cards`.
    pub fn word(self) -> &'static str {
        match self {
            RuleUnit::Fte => "fte",
            RuleUnit::Percent => "percent",
            RuleUnit::Cards => "cards",
        }
    }
}

/// Every rule of the plan, for every year of the plan it applies to.
pub fn rules(plan: &Plan) -> Vec<RuleResult> {
    let Some(years) = plan.years() else {
        return Vec::new();
    };
    let ledger = Ledger::of(plan);
    let entries = ledger_entries(plan);
    plan.rules
        .iter()
        .map(|rule| {
            let unit = match rule.kind.value {
                RuleKind::StaffRatio => RuleUnit::Fte,
                RuleKind::FundShare | RuleKind::SpendingRate => RuleUnit::Percent,
                RuleKind::ServicePresent => RuleUnit::Cards,
            };
            RuleResult {
                id: rule.id.value.clone(),
                title: rule.title.value.clone(),
                source: rule.source.value.clone(),
                kind: rule.kind.value.word(),
                unit,
                set: rule.set.clone(),
                years: years
                    .clone()
                    .filter(|y| rule.applies_in(*y))
                    .map(|year| match rule.kind.value {
                        RuleKind::StaffRatio => staff_ratio(plan, rule, year),
                        RuleKind::FundShare => fund_share(plan, &ledger, rule, year),
                        RuleKind::SpendingRate => spending_rate(plan, &entries, rule, year),
                        RuleKind::ServicePresent => service_present(plan, &ledger, rule, year),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn unknown(year: i64) -> RuleYear {
    RuleYear {
        year,
        status: RuleStatus::Unknown,
        value: None,
        threshold: None,
        gap: None,
        gap_eur: None,
        eur: None,
        eur_missed: None,
    }
}

/// The plan's fund a rule names: by id for the plan's own rules, by its
/// `national` tag for a built-in set's.
pub fn rule_fund<'p>(plan: &'p Plan, rule: &Rule) -> Option<&'p str> {
    let name = rule.fund.as_ref()?.value.as_str();
    let fund = if rule.set.is_some() {
        let tag = NationalFund::from_word(name)?;
        plan.funds
            .iter()
            .find(|f| f.national.as_ref().is_some_and(|n| n.value == tag))?
    } else {
        plan.funds.iter().find(|f| f.id.value == name)?
    };
    Some(fund.id.value.as_str())
}

fn staff_ratio(plan: &Plan, rule: &Rule, year: i64) -> RuleYear {
    let (Some(population), Some(per)) = (plan.population(), rule.per.as_ref()) else {
        return unknown(year);
    };
    let of_profile: Vec<&crate::model::Staff> = plan
        .staff
        .iter()
        .filter(|s| s.year.value == year)
        .filter(|s| {
            rule.profile
                .as_ref()
                .is_none_or(|p| p.value == s.profile.value)
        })
        .collect();
    // No entry of the profile that year: the workforce is not given (n.d.),
    // never zero workers.
    if of_profile.is_empty() {
        return unknown(year);
    }
    let entries = of_profile.iter().filter(|s| {
        rule.contract
            .as_ref()
            .is_none_or(|c| s.contract.as_ref().is_some_and(|x| x.value == c.value))
    });
    let fte = entries.fold(Ratio::int(0), |t, s| t.add(Ratio::number(&s.fte.value)));
    let pop = Ratio::int(population);
    let threshold = pop.mul(Ratio::new(1, per.value as i128));
    // Past exact arithmetic (absurd inputs): no figure rather than a wrong one.
    let Some(met) = fte.cmp(threshold).map(std::cmp::Ordering::is_ge) else {
        return unknown(year);
    };
    let (eur, eur_missed) = if rule.contribution.is_empty() {
        (None, None)
    } else {
        let (mut due, mut missed) = (Ratio::int(0), Ratio::int(0));
        for band in &rule.contribution {
            let lower = pop.mul(Ratio::new(1, band.from_per.value as i128));
            let upper = pop.mul(Ratio::new(1, band.to_per.value as i128));
            let width = upper.sub(lower).max0();
            let eligible = fte.sub(lower).max0().min(width);
            let eur = Ratio::money(band.eur.value);
            due = due.add(eligible.mul(eur));
            missed = missed.add(width.sub(eligible).mul(eur));
        }
        (due.cents(), missed.cents())
    };
    RuleYear {
        year,
        status: RuleStatus::of(met),
        value: fte.round(2),
        threshold: threshold.round(2),
        gap: threshold.sub(fte).max0().round(2),
        gap_eur: None,
        eur,
        eur_missed,
    }
}

/// A share against its minimum, in percent; the gap in points and in euro.
fn share_year(year: i64, part: Ratio, whole: Ratio, min: Ratio) -> RuleYear {
    let Some(share) = part.div(whole) else {
        return unknown(year);
    };
    let hundred = Ratio::int(100);
    let percent = share.mul(hundred);
    let Some(met) = percent.cmp(min).map(std::cmp::Ordering::is_ge) else {
        return unknown(year);
    };
    let needed = whole.mul(min).div(hundred).unwrap_or(Ratio::int(0));
    RuleYear {
        year,
        status: RuleStatus::of(met),
        value: percent.round(2),
        threshold: min.round(2),
        gap: min.sub(percent).max0().round(2),
        gap_eur: needed.sub(part).max0().cents(),
        eur: None,
        eur_missed: None,
    }
}

fn fund_share(plan: &Plan, ledger: &Ledger<'_>, rule: &Rule, year: i64) -> RuleYear {
    let (Some(fund), Some(min)) = (rule_fund(plan, rule), rule.min.as_ref()) else {
        return unknown(year);
    };
    let matches = |i: usize| {
        let a = &plan.activities[i];
        match &rule.where_ {
            Some(RuleWhere::Area(area)) => a.area.value == area.value,
            Some(RuleWhere::IstatArea(code)) => super::programme::istat_area(plan, a) == code.value,
            Some(RuleWhere::Code { scheme, code }) => a.card.codes.iter().any(|(s, codes)| {
                s.value == scheme.value && codes.iter().any(|c| c.value == code.value)
            }),
            None => true,
        }
    };
    let all = 0..plan.activities.len();
    let part = ledger
        .tally(
            all.clone().filter(|i| matches(*i)),
            year,
            Part::Source(fund),
        )
        .planned;
    let whole = match rule.of.as_ref().map_or(ShareOf::Planned, |o| o.value) {
        ShareOf::Planned => ledger.tally(all, year, Part::Source(fund)).planned,
        ShareOf::Allocation => plan
            .funds
            .iter()
            .find(|f| f.id.value == fund)
            .map(|f| {
                f.allocation
                    .iter()
                    .filter(|a| a.year.value == year)
                    .map(|a| a.amount.value)
            })
            .and_then(super::sum_given),
    };
    match whole {
        Some(w) if w.cents() > 0 => share_year(
            year,
            Ratio::money(part.unwrap_or(Money::ZERO)),
            Ratio::money(w),
            Ratio::number(&min.value),
        ),
        _ => unknown(year),
    }
}

fn spending_rate(
    plan: &Plan,
    entries: &std::collections::BTreeMap<(&str, i64, i64, BudgetKind), Money>,
    rule: &Rule,
    year: i64,
) -> RuleYear {
    let (Some(fund), Some(min)) = (rule_fund(plan, rule), rule.min.as_ref()) else {
        return unknown(year);
    };
    let origin = year - rule.lag.as_ref().map_or(0, |l| l.value);
    let allocated = plan
        .funds
        .iter()
        .find(|f| f.id.value == fund)
        .map(|f| {
            f.allocation
                .iter()
                .filter(|a| a.origin() == origin)
                .map(|a| a.amount.value)
        })
        .and_then(super::sum_given);
    // Paid of that annualità in the years up to `year`; none reported is n.d.
    let paid = super::sum_given(
        entries
            .iter()
            .filter(|((f, o, y, k), _)| {
                *f == fund && *o == origin && *y <= year && *k == BudgetKind::Paid
            })
            .map(|(_, m)| *m),
    );
    match (allocated, paid) {
        (Some(a), Some(p)) if a.cents() > 0 => share_year(
            year,
            Ratio::money(p),
            Ratio::money(a),
            Ratio::number(&min.value),
        ),
        _ => unknown(year),
    }
}

fn service_present(plan: &Plan, ledger: &Ledger<'_>, rule: &Rule, year: i64) -> RuleYear {
    let (Some(scheme), Some(code)) = (rule.scheme.as_ref(), rule.code.as_ref()) else {
        return unknown(year);
    };
    let cards = plan
        .activities
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.card.codes.iter().any(|(s, codes)| {
                s.value == scheme.value && codes.iter().any(|c| c.value == code.value)
            })
        })
        .filter(|(i, _)| {
            ledger
                .card_year(*i, year)
                .is_some_and(|c| c.planned.is_some())
        })
        .count() as i128;
    let met = cards > 0;
    RuleYear {
        year,
        status: RuleStatus::of(met),
        value: Some(Number::from_parts(cards, 0)),
        threshold: Some(Number::from_parts(1, 0)),
        gap: Some(Number::from_parts(if met { 0 } else { 1 }, 0)),
        gap_eur: None,
        eur: None,
        eur_missed: None,
    }
}
