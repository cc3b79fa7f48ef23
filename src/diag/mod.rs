//! Diagnostics as data: built where a problem is found, rendered later to a
//! terminal, to JSON lines or to GitHub workflow annotations.

mod codes;
mod message;
mod render;

pub use codes::{CODES, Code, CodeInfo, Exit, info, is_warning_code};
pub use message::{Arg, Message, msg};
pub use render::{ColorChoice, MessageFormat, render_all};

use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The code's, from the catalogue: never chosen apart from the code.
    pub severity: Severity,
    /// Stable code, listed in [`CODES`].
    pub code: Code,
    pub message: Message,
    /// Where the offending value is; `None` for problems with no file (a missing folder).
    pub span: Option<Span>,
    /// Shown instead of a span's file when there is no span (e.g. a path that could not be read).
    pub path: Option<String>,
    pub help: Option<Message>,
    /// Other places worth showing (the first definition of a duplicate id).
    pub related: Vec<(Span, Message)>,
    /// Accepted by the plan's `[check] allow`: shown, but does not fail `--deny-warnings`.
    pub allowed: bool,
}

impl Diagnostic {
    fn with_place(code: Code, span: Option<Span>, message: Message) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            message,
            span,
            path: None,
            help: None,
            related: Vec::new(),
            allowed: false,
        }
    }
    /// A problem at `span`; its severity is its code's.
    pub fn new(code: Code, span: Span, message: Message) -> Self {
        Self::with_place(code, Some(span), message)
    }
    /// A problem with a path that has no text to point into.
    pub fn at_path(code: Code, path: String, message: Message) -> Self {
        let mut d = Self::with_place(code, None, message);
        d.path = Some(path);
        d
    }
    pub fn with_help(mut self, help: impl Into<Option<Message>>) -> Self {
        self.help = help.into();
        self
    }
    pub fn with_related(mut self, span: Span, label: Message) -> Self {
        self.related.push((span, label));
        self
    }
}

/// The sink every stage pushes into, so that a run reports everything.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }
    /// Appends another run's diagnostics, in their order.
    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }
    /// Reports a problem at `span`.
    pub fn report(&mut self, code: Code, span: Span, message: Message) {
        self.list.push(Diagnostic::new(code, span, message));
    }
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.list.retain(keep);
    }
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|d| d.severity == Severity::Error)
    }
    pub fn count(&self, severity: Severity) -> usize {
        self.list.iter().filter(|d| d.severity == severity).count()
    }
    /// The exit code of a run that reported these (SPEC 3): 2 wins over 1;
    /// warnings fail only with `--deny-warnings`.
    pub fn exit_code(&self, deny_warnings: bool) -> i32 {
        let worst = self
            .list
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code.info().exit)
            .max();
        match worst {
            Some(exit) => exit as i32,
            None if deny_warnings && self.denied_warnings() > 0 => 1,
            None => 0,
        }
    }

    /// Warnings that `--deny-warnings` turns into a failure.
    pub fn denied_warnings(&self) -> usize {
        self.list
            .iter()
            .filter(|d| d.severity == Severity::Warning && !d.allowed)
            .count()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }
    /// Marks the warnings whose code the plan accepts (`[check] allow`).
    pub fn allow(&mut self, codes: &[String]) {
        for d in &mut self.list {
            if d.severity == Severity::Warning && codes.iter().any(|c| c == d.code.as_str()) {
                d.allowed = true;
            }
        }
    }
    /// Sorts by file (files are numbered in the spec's sorted order), then position,
    /// keeping the order of discovery for ties; drops exact repeats.
    pub fn sort(&mut self) {
        self.list.sort_by_key(|d| match d.span {
            None => (0, 0, 0),
            Some(s) => (1, s.file.0, s.start),
        });
        self.list.dedup_by(|a, b| {
            a.code == b.code && a.span == b.span && a.message == b.message && a.path == b.path
        });
    }
}

/// Edit-distance suggestion: the closest candidate, if it is close enough to be a typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(&str, f64)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        let dist = strsim::levenshtein(word, c);
        let close = score > 0.8
            || dist <= (word.len().max(3) / 3)
            || c.starts_with(word)
            || word.starts_with(c);
        if close && best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

/// The help line "did you mean `x`?" when a close candidate exists.
pub fn suggestion_help<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<Message> {
    did_you_mean(word, candidates).map(|s| msg("help-did-you-mean", &[("suggestion", s)]))
}

/// Control characters from user text — file names included — never reach a
/// terminal or a CI log raw: an ESC sequence would drive the terminal, a
/// newline would start a forged line (`::error …` in a GitHub log).
pub fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_typos_not_strangers() {
        let keys = ["title", "phase", "participants", "sessions"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("participant", keys), Some("participants"));
        assert_eq!(did_you_mean("zzzz", keys), None);
    }

    #[test]
    fn escape_controls_escapes_escape_sequences() {
        assert_eq!(escape_controls("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape_controls("tab\there"), "tab\\there");
        assert_eq!(escape_controls("a\n::error x"), "a\\n::error x");
    }
}
