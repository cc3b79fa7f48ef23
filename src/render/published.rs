//! The open-data files a build publishes, in one list: which are written for
//! a plan, and how the downloads page names and describes them.

use crate::compute::Summary;
use crate::model::Plan;

/// One file of `data/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataFile {
    PlanJson,
    Activities,
    Meetings,
    Participation,
    Organisations,
    Funding,
    Budget,
    Funds,
    Indicators,
    Municipalities,
    Objectives,
    Staff,
    Ledger,
    Readme,
}

impl DataFile {
    /// Every file, in the order the downloads page lists them.
    pub const ALL: [DataFile; 14] = [
        DataFile::PlanJson,
        DataFile::Activities,
        DataFile::Meetings,
        DataFile::Participation,
        DataFile::Organisations,
        DataFile::Funding,
        DataFile::Budget,
        DataFile::Funds,
        DataFile::Indicators,
        DataFile::Municipalities,
        DataFile::Objectives,
        DataFile::Staff,
        DataFile::Ledger,
        DataFile::Readme,
    ];

    /// Its name inside `data/`.
    pub fn name(self) -> &'static str {
        match self {
            DataFile::PlanJson => "plan.json",
            DataFile::Activities => "activities.csv",
            DataFile::Meetings => "meetings.csv",
            DataFile::Participation => "participation.csv",
            DataFile::Organisations => "organisations.csv",
            DataFile::Funding => "funding.csv",
            DataFile::Budget => "budget.csv",
            DataFile::Funds => "funds.csv",
            DataFile::Indicators => "indicators.csv",
            DataFile::Municipalities => "municipalities.csv",
            DataFile::Objectives => "objectives.csv",
            DataFile::Staff => "staff.csv",
            DataFile::Ledger => "ledger.csv",
            DataFile::Readme => "README.md",
        }
    }

    /// Its path in OUT.
    pub fn path(self) -> String {
        format!("data/{}", self.name())
    }

    /// The label that says what it holds (`label.download-<name>`).
    pub fn label_key(self) -> String {
        format!("download-{}", self.name().replace('.', "-").to_lowercase())
    }

    /// Whether a build of this plan writes it: the Piano di Zona's files
    /// only when the plan has what they list.
    pub fn published(self, plan: &Plan, summary: &Summary) -> bool {
        match self {
            DataFile::PlanJson
            | DataFile::Activities
            | DataFile::Meetings
            | DataFile::Participation
            | DataFile::Organisations
            | DataFile::Funding
            | DataFile::Readme => true,
            // With funds, budget.csv is what funds.csv sums (SPEC 4.9).
            DataFile::Budget => {
                plan.activities.iter().any(|a| a.card.is_full()) || !plan.funds.is_empty()
            }
            DataFile::Funds => !plan.funds.is_empty(),
            DataFile::Indicators => !plan.indicators.is_empty(),
            DataFile::Municipalities => !plan.municipalities.is_empty(),
            DataFile::Objectives => !plan.objectives.is_empty(),
            DataFile::Staff => !plan.staff.is_empty(),
            DataFile::Ledger => !summary.ledger.is_empty(),
        }
    }
}
