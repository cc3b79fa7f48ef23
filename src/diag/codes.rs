//! The stable diagnostic codes (described in the README). A code never changes
//! meaning: CI scripts and `[check] allow` rely on it.

use super::Severity;

pub struct CodeInfo {
    pub code: &'static str,
    pub severity: Severity,
}

const fn e(code: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        severity: Severity::Error,
    }
}
const fn w(code: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        severity: Severity::Warning,
    }
}

pub const CODES: &[CodeInfo] = &[
    // usage and folders (exit 2)
    e("not-a-plan"),
    e("io-error"),
    e("output-refused"),
    e("usage"),
    // files
    e("toml-syntax"),
    e("not-utf8"),
    e("file-too-large"),
    e("not-a-regular-file"),
    e("path-outside-plan"),
    e("file-not-found"),
    e("unreadable"),
    e("misplaced-table"),
    // keys and types
    e("missing-key"),
    e("wrong-type"),
    e("unknown-key"),
    e("invalid-value"),
    e("out-of-range"),
    e("invalid-id"),
    e("invalid-money"),
    // identities and references
    e("duplicate-id"),
    e("duplicate-key"),
    e("unknown-ref"),
    e("reserved-id"),
    e("unknown-outline-entry"),
    // sums and figures
    e("funding-mismatch"),
    e("shares-sum"),
    e("missing-date"),
    e("date-order"),
    e("missing-reference-year"),
    e("missing-approval"),
    e("unknown-warning-code"),
    // rendering
    e("markdown-link"),
    e("remote-image"),
    e("template-error"),
    w("unused-template"),
    // warnings
    w("deadline-order"),
    w("meeting-outside-period"),
    w("meeting-after-deadline"),
    w("area-without-activity"),
    w("unrecognised-legal-ref"),
    w("legal-ref-without-region"),
    w("placeholder-chapter"),
];

pub fn is_warning_code(code: &str) -> bool {
    CODES
        .iter()
        .any(|c| c.code == code && c.severity == Severity::Warning)
}
