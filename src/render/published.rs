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
    Rules,
    Readme,
}

impl DataFile {
    /// Every file, in the order the downloads page lists them.
    pub const ALL: [DataFile; 15] = [
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
        DataFile::Rules,
        DataFile::Readme,
    ];

    /// Its path in OUT.
    pub fn path(self) -> &'static str {
        match self {
            DataFile::PlanJson => "data/plan.json",
            DataFile::Activities => "data/activities.csv",
            DataFile::Meetings => "data/meetings.csv",
            DataFile::Participation => "data/participation.csv",
            DataFile::Organisations => "data/organisations.csv",
            DataFile::Funding => "data/funding.csv",
            DataFile::Budget => "data/budget.csv",
            DataFile::Funds => "data/funds.csv",
            DataFile::Indicators => "data/indicators.csv",
            DataFile::Municipalities => "data/municipalities.csv",
            DataFile::Objectives => "data/objectives.csv",
            DataFile::Staff => "data/staff.csv",
            DataFile::Ledger => "data/ledger.csv",
            DataFile::Rules => "data/rules.csv",
            DataFile::Readme => "data/README.md",
        }
    }

    /// Its name inside `data/`.
    pub fn name(self) -> &'static str {
        &self.path()["data/".len()..]
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
            DataFile::Rules => !summary.rules.is_empty(),
        }
    }
}
