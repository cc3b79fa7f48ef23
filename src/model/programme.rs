//! What the plan wants and how it pays and measures (SPEC 4.3–4.7):
//! objectives, the intervention card's keys, funds, indicators, schemes.

use serde::Serialize;

use super::{ExtraField, Funding, LegalRef, S, Str, Text};
use crate::model::value::{Money, Number};
use crate::source::Span;

#[derive(Debug, Serialize)]
pub struct Objective {
    pub id: Str,
    pub title: Str,
    pub code: Option<Str>,
    pub parent: Option<Str>,
    pub description: Option<Text>,
    pub regional_ref: Option<Str>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

#[derive(Debug, Serialize)]
pub struct Contact {
    pub name: Str,
    pub role: Option<Str>,
    pub email: Option<Str>,
    pub phone: Option<Str>,
}

/// Planned (preventivo) or actual (consuntivo); for the fund ledger of
/// SPEC 7, committed (impegnato) and paid (liquidato).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BudgetKind {
    Planned,
    Actual,
    Committed,
    Paid,
}

impl BudgetKind {
    pub const WORDS: &[&str] = &["planned", "actual", "committed", "paid"];

    pub fn name(self) -> &'static str {
        match self {
            BudgetKind::Planned => "planned",
            BudgetKind::Actual => "actual",
            BudgetKind::Committed => "committed",
            BudgetKind::Paid => "paid",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [
            BudgetKind::Planned,
            BudgetKind::Actual,
            BudgetKind::Committed,
            BudgetKind::Paid,
        ]
        .into_iter()
        .find(|k| k.name() == name)
    }
}

#[derive(Debug, Serialize)]
pub struct BudgetEntry {
    pub year: S<i64>,
    pub kind: S<BudgetKind>,
    /// The fund's annualità the money comes from: the year of its
    /// allocation (SPEC 7); `None` reads as `year`.
    pub origin: Option<S<i64>>,
    pub funding: Vec<Funding>,
    #[serde(skip)]
    pub span: Span,
}

impl BudgetEntry {
    /// The entry's cost: the sum of its funding, `None` past the largest total.
    pub fn total(&self) -> Option<Money> {
        self.funding
            .iter()
            .try_fold(Money::ZERO, |t, f| t.checked_add(f.amount.value))
    }
}

#[derive(Debug, Serialize)]
pub struct Progress {
    pub year: S<i64>,
    pub status: S<super::ProgressStatus>,
    pub users: Option<S<i64>>,
    pub note: Option<Text>,
}

/// The keys that make an activity an intervention card (SPEC 4.4).
#[derive(Debug, Serialize, Default)]
pub struct Card {
    pub objectives: Vec<Str>,
    /// (scheme, codes), in the order written.
    pub codes: Vec<(Str, Vec<Str>)>,
    pub scope: Option<S<super::Scope>>,
    pub lead: Option<Str>,
    pub actors: Vec<Str>,
    pub continuing: Option<S<bool>>,
    pub rationale: Option<Text>,
    pub description: Option<Text>,
    pub recipients: Option<Text>,
    pub actions: Vec<Text>,
    pub non_financial_resources: Option<Text>,
    pub delivery: Option<S<super::Delivery>>,
    pub contacts: Vec<Contact>,
    pub budget: Vec<BudgetEntry>,
    pub progress: Vec<Progress>,
    pub extra: Vec<ExtraField>,
    #[serde(skip)]
    pub budget_span: Option<Span>,
}

impl Card {
    /// Shown as a full card: it has objectives, actions, a budget or a rationale.
    pub fn is_full(&self) -> bool {
        !self.objectives.is_empty()
            || !self.actions.is_empty()
            || !self.budget.is_empty()
            || self.rationale.is_some()
    }
}

#[derive(Debug, Serialize)]
pub struct Allocation {
    pub year: S<i64>,
    pub amount: S<Money>,
    /// The annualità it belongs to, when it is not `year` (SPEC 7).
    pub origin: Option<S<i64>>,
}

impl Allocation {
    pub fn origin(&self) -> i64 {
        self.origin.as_ref().map_or(self.year.value, |o| o.value)
    }
}

impl BudgetEntry {
    /// The annualità: `origin`, else the entry's year.
    pub fn origin(&self) -> i64 {
        self.origin.as_ref().map_or(self.year.value, |o| o.value)
    }
}

#[derive(Debug, Serialize)]
pub struct Fund {
    pub id: Str,
    pub name: Str,
    pub level: Option<S<super::FundLevel>>,
    /// Which national fund it is, for the national rules (SPEC 8).
    pub national: Option<S<super::NationalFund>>,
    pub legal_ref: Vec<LegalRef>,
    pub allocation: Vec<Allocation>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

/// A total an act or a table of the plan states, checked against the
/// figures (SPEC 7): a council resolution with a wrong total is the most
/// common public mistake of a plan.
#[derive(Debug, Serialize)]
pub struct StatedTotal {
    /// "plan", a fund id or an area id.
    pub what: Str,
    pub year: S<i64>,
    pub kind: S<super::StatedKind>,
    pub amount: S<Money>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

/// The district's social-services workforce in a year (SPEC 7): what the
/// essential level of one social worker per 5,000 residents is checked on.
#[derive(Debug, Serialize)]
pub struct Staff {
    pub profile: S<super::StaffProfile>,
    pub year: S<i64>,
    /// Full-time equivalents, exactly as written.
    pub fte: S<Number>,
    pub contract: Option<S<super::StaffContract>>,
    pub employer: Option<Str>,
    /// The fund that pays for them.
    pub funded_by: Option<Str>,
    pub note: Option<Text>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

#[derive(Debug, Serialize)]
pub struct Measure {
    pub year: S<i64>,
    pub value: S<Number>,
}

/// Where an indicator starts from: its year is optional.
#[derive(Debug, Serialize)]
pub struct Baseline {
    pub year: Option<S<i64>>,
    pub value: S<Number>,
}

#[derive(Debug, Serialize)]
pub struct Indicator {
    pub id: Str,
    pub title: Str,
    pub activity: Option<Str>,
    pub objective: Option<Str>,
    pub unit: Option<Str>,
    pub direction: Option<S<super::Direction>>,
    pub baseline: Option<Baseline>,
    pub targets: Vec<Measure>,
    pub actuals: Vec<Measure>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Serialize)]
pub struct SchemeCode {
    pub code: Str,
    pub title: Str,
    pub parent: Option<Str>,
}

#[derive(Debug, Serialize)]
pub struct Scheme {
    pub id: Str,
    pub title: Str,
    pub codes: Vec<SchemeCode>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

impl Indicator {
    /// Neither a card's nor an objective's: a context series (population,
    /// users in care), never a reason for a monitoring report (SPEC 7).
    pub fn is_context(&self) -> bool {
        self.activity.is_none() && self.objective.is_none()
    }
}

impl super::Activity {
    /// Users in the reference year (SPEC 2.8): `users`, else, for a card,
    /// those its progress gives for that year.
    pub fn reference_users(&self, reference_year: Option<i64>) -> Option<i64> {
        self.users.as_ref().map(|u| u.value).or_else(|| {
            let year = reference_year?;
            let p = self.card.progress.iter().find(|p| p.year.value == year)?;
            p.users.as_ref().map(|u| u.value)
        })
    }

    /// Cost in the reference year (SPEC 2.8): `cost`, else, for a card, its
    /// actual budget of that year — `None` when not available.
    pub fn reference_cost(&self, reference_year: Option<i64>) -> Option<Money> {
        self.cost.as_ref().map(|c| c.value).or_else(|| {
            let year = reference_year?;
            self.card
                .budget
                .iter()
                .find(|b| b.year.value == year && b.kind.value == BudgetKind::Actual)?
                .total()
        })
    }
}

/// (source, year, kind) → what the activities give from that source.
pub type FundUse = std::collections::BTreeMap<(String, i64, BudgetKind), Money>;

impl super::Plan {
    /// Every amount the activities draw from each source by year and kind:
    /// their budget entries, and their `cost`/`funding` as actual spending of
    /// `reference_year` (SPEC 4.4). Sums saturate; `validate` reports a total
    /// that would not fit before anyone reads one.
    pub fn fund_use(&self) -> FundUse {
        let mut out = FundUse::new();
        let mut add = |source: &str, year: i64, kind: BudgetKind, amount: Money| {
            let slot = out
                .entry((source.to_string(), year, kind))
                .or_insert(Money::ZERO);
            *slot = Money::from_cents(slot.cents().saturating_add(amount.cents()));
        };
        let reference_year = self.plan.reference_year.as_ref().map(|y| y.value);
        for a in &self.activities {
            for b in &a.card.budget {
                for f in &b.funding {
                    add(&f.source.value, b.year.value, b.kind.value, f.amount.value);
                }
            }
            if let Some(year) = reference_year {
                for f in &a.funding {
                    add(&f.source.value, year, BudgetKind::Actual, f.amount.value);
                }
            }
        }
        out
    }

    /// The plan's inhabitants: `[plan] population`, else the sum of its
    /// current municipalities' populations when they give them (SPEC 4.1, 7).
    pub fn population(&self) -> Option<i64> {
        if let Some(p) = &self.plan.population {
            return Some(p.value);
        }
        let counts: Vec<i64> = self
            .current_municipalities()
            .filter_map(|m| m.population.as_ref().map(|p| p.value))
            .collect();
        (!counts.is_empty()).then(|| counts.iter().fold(0i64, |a, b| a.saturating_add(*b)))
    }

    /// The municipalities that exist at the plan's end (all those that have
    /// not ceased, without an end): the ones a total counts, so that a
    /// merger's parts and its successor are never counted together (SPEC 7).
    pub fn current_municipalities(&self) -> impl Iterator<Item = &super::Municipality> {
        let end = self.plan.end.as_ref().map(|e| e.value);
        self.municipalities.iter().filter(move |m| match end {
            Some(day) => m.exists_on(day),
            None => m.until.is_none(),
        })
    }

    /// The years the plan covers: `[plan] start`..`end` when both are given.
    pub fn years(&self) -> Option<std::ops::RangeInclusive<i64>> {
        let start = self.plan.start.as_ref()?.value.year as i64;
        let end = self.plan.end.as_ref()?.value.year as i64;
        (start <= end).then_some(start..=end)
    }
}
