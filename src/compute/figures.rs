//! The key figures, listed once: the participation totals every output shows
//! (with their counting rules), the cover's key figures and the process card's.

use super::{Summary, Totals};
use crate::model::Money;

/// A figure by name; its label is `label.<key>`, its counting rule `label.rule-<key>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureName {
    Sessions,
    Participants,
    SessionsWithoutCount,
    PublicMeetings,
    Organisations,
    CollectiveOrganisations,
    Tables,
    Activities,
    TotalCost,
    PerCapitaSpending,
}

impl FigureName {
    pub fn key(self) -> &'static str {
        match self {
            FigureName::Sessions => "sessions",
            FigureName::Participants => "participants",
            FigureName::SessionsWithoutCount => "sessions-without-count",
            FigureName::PublicMeetings => "public-meetings",
            FigureName::Organisations => "organisations",
            FigureName::CollectiveOrganisations => "collective-organisations",
            FigureName::Tables => "tables",
            FigureName::Activities => "activities",
            FigureName::TotalCost => "total-cost",
            FigureName::PerCapitaSpending => "per-capita-spending",
        }
    }

    /// The key of its counting rule's label: the participation figures have one.
    pub fn rule_key(self) -> Option<&'static str> {
        Some(match self {
            FigureName::Sessions => "rule-sessions",
            FigureName::Participants => "rule-participants",
            FigureName::SessionsWithoutCount => "rule-sessions-without-count",
            FigureName::PublicMeetings => "rule-public-meetings",
            FigureName::Organisations => "rule-organisations",
            FigureName::CollectiveOrganisations => "rule-collective-organisations",
            FigureName::Tables => "rule-tables",
            FigureName::Activities | FigureName::TotalCost | FigureName::PerCapitaSpending => {
                return None;
            }
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureValue {
    Count(i64),
    /// A count that may not be recorded ("n.d.").
    MaybeCount(Option<i64>),
    Money(Option<Money>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyFigure {
    pub name: FigureName,
    pub value: FigureValue,
}

fn figure(name: FigureName, value: FigureValue) -> KeyFigure {
    KeyFigure { name, value }
}

/// The participation totals, in the order every output shows them.
pub fn participation_figures(t: &Totals) -> Vec<KeyFigure> {
    use FigureName::*;
    use FigureValue::*;
    vec![
        figure(Sessions, Count(t.sessions)),
        figure(Participants, MaybeCount(t.participants)),
        figure(SessionsWithoutCount, Count(t.sessions_without_count)),
        figure(PublicMeetings, Count(t.public_meetings)),
        figure(Organisations, Count(t.organisations)),
        figure(CollectiveOrganisations, Count(t.collective_organisations)),
        figure(Tables, Count(t.tables)),
    ]
}

/// The cover's figures: participation, then resources and spending when the plan has them.
pub fn key_figures(s: &Summary) -> Vec<KeyFigure> {
    use FigureName::*;
    let t = &s.totals;
    let mut out: Vec<KeyFigure> = participation_figures(t)
        .into_iter()
        .filter(|f| !matches!(f.name, SessionsWithoutCount | CollectiveOrganisations))
        .collect();
    if t.activities > 0 {
        out.push(figure(Activities, FigureValue::Count(t.activities)));
        out.push(figure(TotalCost, FigureValue::Money(t.cost)));
    }
    if let Some(pc) = s.spending.as_ref().and_then(|sp| sp.per_capita) {
        out.push(figure(PerCapitaSpending, FigureValue::Money(Some(pc))));
    }
    out
}

/// The figures a process card computes from the meetings (SPEC 2.2).
pub fn process_card_figures(t: &Totals) -> Vec<KeyFigure> {
    use FigureName::*;
    participation_figures(t)
        .into_iter()
        .filter(|f| matches!(f.name, Sessions | Participants | Organisations | Tables))
        .collect()
}
