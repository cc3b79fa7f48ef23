//! The stable diagnostic codes (described in the README). A code never changes
//! meaning: CI scripts and `[check] allow` rely on it.

use super::Severity;

pub struct CodeInfo {
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

macro_rules! code {
    ($code:literal, $severity:expr, $exit:expr) => {
        CodeInfo {
            code: $code,
            severity: $severity,
            exit: $exit,
            example: include_str!(concat!("../explain/examples/", $code, ".toml")),
        }
    };
}
/// An error in the plan's files.
macro_rules! e {
    ($code:literal) => {
        code!($code, Severity::Error, Exit::Plan)
    };
}
/// An error of the run itself: usage, folders, writing.
macro_rules! u {
    ($code:literal) => {
        code!($code, Severity::Error, Exit::Usage)
    };
}
macro_rules! w {
    ($code:literal) => {
        code!($code, Severity::Warning, Exit::Warning)
    };
}

pub const CODES: &[CodeInfo] = &[
    // usage, folders and writing (exit 2)
    u!("not-a-plan"),
    u!("io-error"),
    u!("output-refused"),
    u!("usage"),
    u!("encode-error"),
    u!("pdf-failed"),
    // files
    e!("toml-syntax"),
    e!("not-utf8"),
    e!("file-too-large"),
    e!("not-a-regular-file"),
    e!("path-outside-plan"),
    e!("file-not-found"),
    e!("unreadable"),
    e!("misplaced-table"),
    // keys and types
    e!("missing-key"),
    e!("wrong-type"),
    e!("unknown-key"),
    e!("invalid-value"),
    e!("out-of-range"),
    e!("invalid-id"),
    e!("invalid-money"),
    // identities and references
    e!("duplicate-id"),
    e!("duplicate-key"),
    e!("unknown-ref"),
    e!("reserved-id"),
    e!("unknown-outline-entry"),
    // sums and figures
    e!("funding-mismatch"),
    e!("shares-sum"),
    e!("missing-date"),
    e!("date-order"),
    e!("missing-reference-year"),
    e!("missing-approval"),
    e!("unknown-warning-code"),
    e!("objective-cycle"),
    e!("objective-depth"),
    e!("fund-overspent"),
    // rendering
    e!("markdown-link"),
    e!("remote-image"),
    e!("template-error"),
    e!("unsafe-image"),
    e!("monitor-sheet"),
    e!("link-to-plan-file"),
    w!("unused-template"),
    w!("annex-active-content"),
    w!("page-without-csp"),
    // warnings
    w!("deadline-order"),
    w!("meeting-outside-period"),
    w!("meeting-after-deadline"),
    w!("area-without-activity"),
    w!("unrecognised-legal-ref"),
    w!("legal-ref-without-region"),
    w!("placeholder-chapter"),
    w!("population-mismatch"),
    w!("unsigned-municipality"),
    w!("signature-date"),
    w!("year-outside-plan"),
    w!("fund-overspent-actual"),
    w!("recommendation-without-response"),
];

/// The catalogue entry of `code`.
pub fn info(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code == code)
}

pub fn is_warning_code(code: &str) -> bool {
    CODES
        .iter()
        .any(|c| c.code == code && c.severity == Severity::Warning)
}
