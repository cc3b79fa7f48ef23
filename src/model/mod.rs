//! The typed plan: one struct per collection of SPEC 2. Built from the loaded
//! TOML by [`build`]; absent figures stay `None` ("n.d."), never 0.

pub mod choice;
mod district;
mod index;
pub mod legal;
mod programme;
pub mod rules;
pub mod value;

pub use choice::{
    Choice, Delivery, Direction, FundLevel, NationalFund, ProgressStatus, ResponseStatus, RuleKind,
    Scope, ShareOf, StaffContract, StaffProfile, StatedKind,
};
pub use district::{Agreement, Ambito, Municipality, Signatory};
pub use index::Index;
pub use programme::{
    Allocation, Baseline, BudgetEntry, BudgetKind, Card, Contact, Fund, Indicator, Measure,
    Objective, Progress, Scheme, SchemeCode, Staff, StatedTotal,
};

pub use legal::LegalRef;
pub use rules::{Band, Rule, RuleWhere};
pub use value::{Date, Money, Number, Percent, S, slug};

use serde::Serialize;

use crate::i18n::Lang;
use crate::source::{FileId, Span};

pub type Str = S<String>;

/// Markdown prose, inline or from a file. Serialises as its Markdown text.
#[derive(Clone, Debug)]
pub struct Text {
    pub body: String,
    /// The file it came from, when written in a `*_file`.
    pub file: Option<FileId>,
    /// For an inline string written verbatim (no escapes), the offset in
    /// `span.file` of the body's first byte: diagnostics inside it can then
    /// point at their own line instead of the whole string.
    pub verbatim_at: Option<usize>,
    pub span: Span,
}

impl serde::Serialize for Text {
    fn serialize<Ser: serde::Serializer>(&self, s: Ser) -> Result<Ser::Ok, Ser::Error> {
        s.serialize_str(&self.body)
    }
}

/// Counts (people, sessions, users) above this are typos, and could overflow totals.
pub const MAX_COUNT: i64 = 1_000_000_000;

/// The years any figure or date may have (SPEC 4.9: a period is bounded).
pub const YEARS: (i64, i64) = (1900, 2200);

/// The built-in scheme of the Istat user areas (SPEC 4.7).
pub const ISTAT_SCHEME: &str = "istat-area";

/// The built-in scheme of the essential levels (SPEC 8), unless the plan
/// declares a scheme of its own with this id: the LEPS of the Piano nazionale
/// degli interventi e dei servizi sociali 2021–2023 that every district must have.
pub const LEPS_SCHEME: &str = "leps";
pub const LEPS_CODES: &[&str] = &[
    "pronto-intervento-sociale",
    "supervisione",
    "dimissioni-protette",
    "prevenzione-allontanamento",
    "punto-unico-accesso",
];

/// Istat user areas (SPEC 2.7).
pub const TARGETS: &[&str] = &[
    "famiglia-minori",
    "disabili",
    "dipendenze",
    "anziani",
    "immigrati-nomadi",
    "poverta-disagio-adulti",
    "multiutenza",
];

/// The sections the tool generates, which an outline may list by name
/// (SPEC 2.16), in their default order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Generated {
    Process,
    District,
    Participation,
    Resources,
    Areas,
    Objectives,
    Cards,
    Funds,
    Indicators,
    Recommendations,
    Outcome,
    Annexes,
    /// The essential levels and the funds' constraints (SPEC 8).
    Rules,
}

impl Generated {
    pub const ALL: [Generated; 13] = [
        Generated::Process,
        Generated::District,
        Generated::Participation,
        Generated::Resources,
        Generated::Areas,
        Generated::Objectives,
        Generated::Cards,
        Generated::Funds,
        Generated::Indicators,
        Generated::Recommendations,
        Generated::Outcome,
        Generated::Rules,
        Generated::Annexes,
    ];

    /// The name an outline writes, and the page the site gives it.
    pub fn name(self) -> &'static str {
        match self {
            Generated::Process => "process",
            Generated::District => "district",
            Generated::Participation => "participation",
            Generated::Resources => "resources",
            Generated::Areas => "areas",
            Generated::Objectives => "objectives",
            Generated::Cards => "cards",
            Generated::Funds => "funds",
            Generated::Indicators => "indicators",
            Generated::Rules => "rules",
            Generated::Recommendations => "recommendations",
            Generated::Outcome => "outcome",
            Generated::Annexes => "annexes",
        }
    }

    pub fn from_name(name: &str) -> Option<Generated> {
        Generated::ALL.into_iter().find(|g| g.name() == name)
    }
}

/// One entry of the document: a generated section or a chapter.
#[derive(Clone, Copy, Debug)]
pub enum Section<'p> {
    Generated(Generated),
    Chapter(&'p Chapter),
}

impl Section<'_> {
    /// The entry's id: the generated section's name or the chapter's id.
    pub fn id(&self) -> &str {
        match self {
            Section::Generated(g) => g.name(),
            Section::Chapter(c) => &c.id.value,
        }
    }
}

/// Ids a chapter may not take: generated sections and output names.
pub const RESERVED_CHAPTER_IDS: &[&str] = &["index", "print", "assets", "data"];

#[derive(Debug, Serialize)]
pub struct Plan {
    pub plan: PlanInfo,
    pub process: Option<Process>,
    pub document: Document,
    pub spending: Option<Spending>,
    pub check: Check,
    pub roles: Vec<Role>,
    pub bodies: Vec<Body>,
    pub organisations: Vec<Organisation>,
    pub phases: Vec<Phase>,
    pub areas: Vec<Area>,
    pub activities: Vec<Activity>,
    pub tables: Vec<Table>,
    pub meetings: Vec<Meeting>,
    pub recommendations: Vec<Recommendation>,
    pub milestones: Vec<Milestone>,
    pub annexes: Vec<Annex>,
    pub chapters: Vec<Chapter>,
    pub ambito: Option<Ambito>,
    pub municipalities: Vec<Municipality>,
    pub agreement: Option<Agreement>,
    pub signatories: Vec<Signatory>,
    pub objectives: Vec<Objective>,
    pub funds: Vec<Fund>,
    pub indicators: Vec<Indicator>,
    pub schemes: Vec<Scheme>,
    pub stated_totals: Vec<StatedTotal>,
    pub staff: Vec<Staff>,
    /// The plan's own rules (SPEC 8), then those of the sets `[plan] rules` names.
    pub rules: Vec<Rule>,
}

#[derive(Debug, Serialize, Default)]
pub struct PlanInfo {
    pub title: Option<Str>,
    pub subtitle: Option<Str>,
    pub authority: Option<Str>,
    pub territory: Option<Str>,
    pub region: Option<Str>,
    pub reference_year: Option<S<i64>>,
    pub language: Lang,
    pub status: Option<Str>,
    pub start: Option<S<Date>>,
    pub end: Option<S<Date>>,
    pub population: Option<S<i64>>,
    /// The built-in rule sets the plan follows (`["national"]`, SPEC 8).
    #[serde(rename = "rules")]
    pub rule_sets: Vec<Str>,
    pub intro: Option<Text>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Option<Span>,
}

#[derive(Debug, Serialize)]
pub struct ExtraField {
    pub label: Str,
    pub value: Str,
}

#[derive(Debug, Serialize)]
pub struct Process {
    pub decision_holders: Vec<Str>,
    pub partners: Vec<Str>,
    pub participants: Vec<Str>,
    pub participation: Option<Str>,
    pub codecision: Option<S<bool>>,
    pub digital_tools: Option<S<bool>>,
    pub methods: Vec<Str>,
    pub level: Option<Str>,
    pub index: Option<S<i64>>,
    pub start_year: Option<S<i64>>,
    pub end_year: Option<S<i64>>,
    pub duration_months: Option<S<i64>>,
    pub certified: Option<S<bool>>,
    pub objectives: Vec<Text>,
    pub expected_results: Vec<Text>,
    pub design: Option<Text>,
    pub extra: Vec<ExtraField>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

#[derive(Debug, Serialize)]
pub struct Role {
    pub key: String,
    pub title: Str,
    pub duty: Option<Text>,
    pub holder: Option<Str>,
    pub core: bool,
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Serialize)]
pub struct Body {
    pub id: Str,
    pub name: Str,
    pub members: Option<S<i64>>,
    pub composition: Vec<Str>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

#[derive(Debug, Serialize)]
pub struct Organisation {
    pub id: Str,
    pub name: Str,
    pub kind: Option<Str>,
    pub areas: Vec<Str>,
    pub collective: bool,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

#[derive(Debug, Serialize)]
pub struct Phase {
    pub id: Str,
    pub title: Str,
    pub who: Option<Str>,
    pub deadline: Option<S<Date>>,
    pub deadline_label: Option<Str>,
    pub modality: Option<Text>,
    pub outcome: Option<Text>,
    pub outcome_deadline: Option<S<Date>>,
    pub outcome_deadline_label: Option<Str>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

#[derive(Debug, Serialize)]
pub struct Area {
    pub id: Str,
    pub title: Str,
    pub target: Vec<Str>,
    pub intro: Option<Text>,
    pub criticalities: Vec<Text>,
    pub new_needs: Vec<Text>,
    pub resource_recovery: Vec<Text>,
    pub proposals: Vec<Text>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

#[derive(Debug, Serialize)]
pub struct Funding {
    pub source: Str,
    pub amount: S<Money>,
}

#[derive(Debug, Serialize)]
pub struct Activity {
    pub key: String,
    pub area: Str,
    /// Other areas it serves (SPEC 7): listed and linked there, counted
    /// only in `area`.
    pub also_areas: Vec<Str>,
    pub title: Str,
    pub id: Option<Str>,
    pub provider: Option<Str>,
    pub users: Option<S<i64>>,
    pub cost: Option<S<Money>>,
    /// `cost` was written, valid or not (an invalid one is already reported).
    #[serde(skip)]
    pub cost_written: bool,
    pub funding: Vec<Funding>,
    #[serde(skip)]
    pub funding_span: Option<Span>,
    pub legal_ref: Vec<LegalRef>,
    pub service_code: Option<Str>,
    /// The intervention card's keys (SPEC 4.4).
    #[serde(flatten)]
    pub card: Card,
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Serialize)]
pub struct Table {
    pub id: Str,
    pub title: Str,
    pub kind: Option<Str>,
    pub phase: Option<Str>,
    pub areas: Vec<Str>,
    pub organisations: Vec<Str>,
    pub lead: Option<Str>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

#[derive(Debug, Serialize)]
pub struct Meeting {
    pub key: String,
    pub title: Str,
    pub phase: Str,
    pub id: Option<Str>,
    pub date: Option<S<Date>>,
    pub from: Option<S<Date>>,
    pub to: Option<S<Date>>,
    pub sessions: S<i64>,
    pub participants: Option<S<i64>>,
    pub tables: Vec<Str>,
    pub areas: Vec<Str>,
    pub organisations: Vec<Str>,
    pub place: Option<Str>,
    pub public: bool,
    pub lead: Option<Str>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Span,
}

impl Meeting {
    /// The date that orders meetings: `date`, else `from`.
    pub fn sort_date(&self) -> Option<Date> {
        self.date.as_ref().or(self.from.as_ref()).map(|d| d.value)
    }
}

#[derive(Debug, Serialize)]
pub struct Recommendation {
    pub key: String,
    pub text: Text,
    pub kind: Str,
    pub meeting: Option<Str>,
    pub table: Option<Str>,
    pub areas: Vec<Str>,
    pub title: Option<Str>,
    /// What became of it (SPEC 5.1).
    pub response: Option<Response>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Span,
}

/// What became of a recommendation: "accepted", "partly", "rejected", "pending".
#[derive(Debug, Serialize)]
pub struct Response {
    pub status: S<ResponseStatus>,
    pub activities: Vec<Str>,
    pub objectives: Vec<Str>,
    pub note: Option<Text>,
}

#[derive(Debug, Serialize)]
pub struct Milestone {
    pub key: String,
    pub title: Str,
    pub date: Option<S<Date>>,
    pub date_label: Option<Str>,
    pub planned: bool,
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Serialize)]
pub struct Annex {
    pub id: Str,
    pub title: Str,
    /// Plan-relative, normalised.
    pub file: Str,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

#[derive(Debug, Serialize)]
pub struct Chapter {
    pub id: Str,
    pub title: Str,
    pub text: Option<Text>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
}

#[derive(Debug, Serialize)]
pub struct Approval {
    pub body: Option<Str>,
    pub act: Option<Str>,
    pub date: Option<S<Date>>,
}

#[derive(Debug, Serialize, Clone)]
pub struct OutlineEntry {
    pub id: Str,
    pub title: Option<Str>,
}

#[derive(Debug, Serialize, Default)]
pub struct Document {
    pub version: Option<Str>,
    pub date: Option<S<Date>>,
    /// "draft" (default), "proposal", "approved".
    pub status: String,
    pub approval: Option<Approval>,
    /// As written; `None` means the default outline.
    pub outline: Option<Vec<OutlineEntry>>,
    /// Address of the accessibility statement every page links (AgID form).
    pub accessibility: Option<Str>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Option<Span>,
}

#[derive(Debug, Serialize, Default)]
pub struct Check {
    pub allow: Vec<Str>,
}

#[derive(Debug, Serialize)]
pub struct TargetShare {
    pub target: Str,
    /// Percent, in hundredths of a point (10.6% = 1060).
    pub share: Option<S<Money>>,
    pub amount: Option<S<Money>>,
}

#[derive(Debug, Serialize)]
pub struct Benchmark {
    pub name: Str,
    pub year: S<i64>,
    pub per_capita: S<Money>,
    pub source: Option<Str>,
}

#[derive(Debug, Serialize)]
pub struct Spending {
    pub year: Option<S<i64>>,
    pub total: Option<S<Money>>,
    pub associated: Option<S<Money>>,
    pub population: Option<S<i64>>,
    pub by_target: Vec<TargetShare>,
    pub income_support: Option<S<Money>>,
    pub adult_population: Option<S<i64>>,
    pub benchmarks: Vec<Benchmark>,
    pub notes: Option<Text>,
    pub source: Option<Str>,
    #[serde(skip)]
    pub span: Span,
    #[serde(skip)]
    pub by_target_span: Option<Span>,
}
