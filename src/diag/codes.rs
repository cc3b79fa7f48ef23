//! The stable diagnostic codes (described in the README). A code never changes
//! meaning: CI scripts and `[check] allow` rely on it.

use super::Severity;

pub struct CodeInfo {
    pub id: Code,
    pub code: &'static str,
    pub severity: Severity,
    /// The exit code a run that reports it ends with.
    pub exit: Exit,
    /// The wrong and the fixed example `explain` shows
    /// (`src/explain/examples/CODE.toml`): a code cannot be added without one.
    pub example: &'static str,
}
/// What a diagnostic says about the run (SPEC 3: exit codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// A warning: the run succeeds unless `--deny-warnings`.
    Warning = 0,
    /// Something is wrong in the plan's files (exit 1).
    Plan = 1,
    /// The run could not use its folders or its output at all (exit 2).
    Usage = 2,
}

/// Declares every code once: the enum a diagnostic is built with (a code
/// that does not exist does not compile), its stable name, its severity and
/// exit (`e`: an error in the plan's files, `u`: an error of the run itself,
/// `w`: a warning), and its `explain` example — a code cannot be added
/// without one.
macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal $kind:ident, )*) => {
        /// A diagnostic's stable code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant),* }

        pub const CODES: &[CodeInfo] = &[
            $( CodeInfo {
                id: Code::$variant,
                code: $code,
                severity: kind!($kind).0,
                exit: kind!($kind).1,
                example: include_str!(concat!("../explain/examples/", $code, ".toml")),
            }, )*
        ];

        impl Code {
            /// Its stable name: `toml-syntax`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code),* }
            }
        }
    };
}

macro_rules! kind {
    (e) => {
        (Severity::Error, Exit::Plan)
    };
    (u) => {
        (Severity::Error, Exit::Usage)
    };
    (w) => {
        (Severity::Warning, Exit::Warning)
    };
}

codes! {
    // usage, folders and writing (exit 2)
    NotAPlan = "not-a-plan" u,
    IoError = "io-error" u,
    OutputRefused = "output-refused" u,
    Usage = "usage" u,
    EncodeError = "encode-error" u,
    PdfFailed = "pdf-failed" u,
    // files
    TomlSyntax = "toml-syntax" e,
    NotUtf8 = "not-utf8" e,
    FileTooLarge = "file-too-large" e,
    NotARegularFile = "not-a-regular-file" e,
    PathOutsidePlan = "path-outside-plan" e,
    FileNotFound = "file-not-found" e,
    Unreadable = "unreadable" e,
    MisplacedTable = "misplaced-table" e,
    // keys and types
    MissingKey = "missing-key" e,
    WrongType = "wrong-type" e,
    UnknownKey = "unknown-key" e,
    InvalidValue = "invalid-value" e,
    OutOfRange = "out-of-range" e,
    InvalidId = "invalid-id" e,
    InvalidMoney = "invalid-money" e,
    // identities and references
    DuplicateId = "duplicate-id" e,
    DuplicateKey = "duplicate-key" e,
    UnknownRef = "unknown-ref" e,
    ReservedId = "reserved-id" e,
    UnknownOutlineEntry = "unknown-outline-entry" e,
    // sums and figures
    FundingMismatch = "funding-mismatch" e,
    SharesSum = "shares-sum" e,
    MissingDate = "missing-date" e,
    DateOrder = "date-order" e,
    MissingReferenceYear = "missing-reference-year" e,
    MissingApproval = "missing-approval" e,
    UnknownWarningCode = "unknown-warning-code" e,
    ObjectiveCycle = "objective-cycle" e,
    ObjectiveDepth = "objective-depth" e,
    FundOverspent = "fund-overspent" e,
    StatedTotalMismatch = "stated-total-mismatch" e,
    PaidAboveCommitted = "paid-above-committed" e,
    RuleInvalid = "rule-invalid" e,
    // rendering
    MarkdownLink = "markdown-link" e,
    RemoteImage = "remote-image" e,
    TemplateError = "template-error" e,
    UnsafeImage = "unsafe-image" e,
    MonitorSheet = "monitor-sheet" e,
    LinkToPlanFile = "link-to-plan-file" e,
    UnusedTemplate = "unused-template" w,
    AnnexActiveContent = "annex-active-content" w,
    PageWithoutCsp = "page-without-csp" w,
    // warnings
    DeadlineOrder = "deadline-order" w,
    RuleNotMet = "rule-not-met" w,
    MeetingOutsidePeriod = "meeting-outside-period" w,
    MeetingAfterDeadline = "meeting-after-deadline" w,
    AreaWithoutActivity = "area-without-activity" w,
    UnrecognisedLegalRef = "unrecognised-legal-ref" w,
    LegalRefWithoutRegion = "legal-ref-without-region" w,
    PlaceholderChapter = "placeholder-chapter" w,
    PopulationMismatch = "population-mismatch" w,
    UnsignedMunicipality = "unsigned-municipality" w,
    SignatureDate = "signature-date" w,
    YearOutsidePlan = "year-outside-plan" w,
    FundOverspentActual = "fund-overspent-actual" w,
    RecommendationWithoutResponse = "recommendation-without-response" w,
}

impl Code {
    /// The code named `name`, as a user writes it (`[check] allow`, `explain`).
    pub fn from_name(name: &str) -> Option<Code> {
        CODES.iter().find(|c| c.code == name).map(|c| c.id)
    }

    pub fn info(self) -> &'static CodeInfo {
        // Every variant has its entry: the macro writes both from one list.
        &CODES[CODES.iter().position(|c| c.id == self).unwrap_or(0)]
    }

    pub fn severity(self) -> Severity {
        self.info().severity
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The catalogue entry of `code`.
pub fn info(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code == code)
}

pub fn is_warning_code(code: &str) -> bool {
    CODES
        .iter()
        .any(|c| c.code == code && c.severity == Severity::Warning)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_in_its_own_place() {
        for (i, c) in CODES.iter().enumerate() {
            assert_eq!(c.id as usize, i, "{}", c.code);
            assert_eq!(c.id.as_str(), c.code);
            assert_eq!(Code::from_name(c.code), Some(c.id));
        }
    }
}
