//! The sheet itself: its columns and words in either language, written and
//! read with a real CSV writer and reader (its numbers by the one rule of
//! `numbers.rs`). Reading checks every cell; each problem is a diagnostic at the
//! sheet's row and column (`sheet.csv:14:5`), every one of a row reported.

use crate::diag::Code;
use std::collections::HashMap;
use std::ops::Range;

use crate::diag::{Diagnostic, Diagnostics, Message, msg, suggestion_help};
use crate::i18n::Lang;
use crate::model::{Choice, Money, Number, Plan, ProgressStatus};
use crate::source::{FileId, SourceMap, Span};

use super::numbers::sheet_decimal;

/// The columns, in order, as an English and an Italian sheet head them
/// (a sheet of an earlier version, without the last, is read too).
pub const COLUMNS: [[&str; 12]; 2] = [
    [
        "kind",
        "key",
        "title",
        "year",
        "fund",
        "planned_eur",
        "actual_eur",
        "status",
        "users",
        "target",
        "actual_value",
        "origin",
    ],
    [
        "tipo",
        "chiave",
        "titolo",
        "anno",
        "fondo",
        "previsto_eur",
        "consuntivo_eur",
        "stato",
        "utenti",
        "atteso",
        "valore_consuntivo",
        "annualita",
    ],
];

/// The kinds of row: (name in English, in Italian).
const KINDS: [(&str, &str); 5] = [
    ("budget", "spesa"),
    ("committed", "impegno"),
    ("paid", "liquidazione"),
    ("progress", "avanzamento"),
    ("indicator", "indicatore"),
];

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::It => 1,
    }
}

pub fn columns(lang: Lang) -> [&'static str; 12] {
    COLUMNS[lang_index(lang)]
}

pub fn kind_word(kind: &str, lang: Lang) -> &'static str {
    let (en, it) = KINDS
        .iter()
        .find(|(en, _)| *en == kind)
        .copied()
        .unwrap_or(KINDS[0]);
    match lang {
        Lang::En => en,
        Lang::It => it,
    }
}

/// A status as the sheet writes it: the plan language's word.
pub fn status_word(status: ProgressStatus, lang: Lang) -> String {
    crate::i18n::text(lang, &format!("label.{}", status.label_key())).to_string()
}

/// A status as an office may write it: the code, or its word in either language.
fn status_code(text: &str) -> Option<ProgressStatus> {
    let t = text.trim().to_lowercase();
    ProgressStatus::ALL.iter().copied().find(|s| {
        s.word() == t
            || [Lang::It, Lang::En]
                .iter()
                .any(|l| status_word(*s, *l).to_lowercase() == t)
    })
}

#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    /// An actual amount (or, for the fund ledger, a commitment or a
    /// payment of an annualità) of a card from a fund; `None`: left empty.
    Budget {
        kind: crate::model::BudgetKind,
        origin: Option<i64>,
        fund: String,
        actual: Option<Money>,
    },
    Progress {
        status: Option<ProgressStatus>,
        users: Option<i64>,
    },
    Indicator {
        actual: Option<Number>,
    },
}

#[derive(Debug, Clone)]
pub struct Row {
    pub key: String,
    pub year: i64,
    pub kind: RowKind,
    /// The row's first cell, where problems found later are reported.
    pub span: Span,
}

/// The byte range of each field of the record that starts at `start`, as a
/// CSV reader splits it (quotes, doubled quotes, line breaks inside quotes).
fn field_ranges(text: &[u8], start: usize, delimiter: u8) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = start;
    loop {
        let from = i;
        let mut quoted = false;
        while i < text.len() {
            match text[i] {
                b'"' => quoted = !quoted,
                b'\n' | b'\r' if !quoted => break,
                b if b == delimiter && !quoted => break,
                _ => {}
            }
            i += 1;
        }
        out.push(from..i);
        if i < text.len() && text[i] == delimiter {
            i += 1;
        } else {
            return out;
        }
    }
}

/// Which language's head the first record has: every column in order.
fn sheet_lang(head: &csv::StringRecord) -> Option<Lang> {
    [Lang::En, Lang::It].into_iter().find(|l| {
        let want = columns(*l);
        (head.len() == want.len() || head.len() == want.len() - 1)
            && head.iter().zip(want).all(|(h, w)| h.trim() == w)
    })
}

/// The rows of `file` (in `sources`), every cell checked against the plan.
pub fn parse(plan: &Plan, sources: &SourceMap, file: FileId, diags: &mut Diagnostics) -> Vec<Row> {
    let text = &sources.get(file).text;
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let head = match records.next() {
        Some(Ok(h)) => h,
        _ => {
            diags.report(
                Code::MonitorSheet,
                Span::file_start(file),
                msg("sheet-empty", &[]),
            );
            return Vec::new();
        }
    };
    let Some(lang) = sheet_lang(&head) else {
        let ranges = field_ranges(text.as_bytes(), 0, delimiter);
        let expected = columns(plan.plan.language);
        let (found, at) = head
            .iter()
            .zip(&ranges)
            .enumerate()
            .find(|(i, (h, _))| {
                COLUMNS
                    .iter()
                    .all(|c| c.get(*i).is_none_or(|w| h.trim() != *w))
            })
            .map_or(("", 0..first_line.len()), |(_, (h, r))| (h, r.clone()));
        let position = ranges.iter().position(|r| *r == at).unwrap_or(0);
        diags.push(
            Diagnostic::new(
                Code::MonitorSheet,
                Span::new(file, at),
                msg(
                    "sheet-column",
                    &[
                        ("found", found),
                        ("expected", expected.get(position).unwrap_or(&"")),
                    ],
                ),
            )
            .with_help(msg(
                "help-sheet-header",
                &[("columns", &expected.join(" "))],
            )),
        );
        return Vec::new();
    };
    let checker = Checker::new(plan);
    let mut seen: HashMap<(&'static str, String, i64, String, Option<i64>), u64> = HashMap::new();
    let mut rows = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize);
                diags.report(
                    Code::MonitorSheet,
                    Span::new(file, at..at),
                    msg("sheet-unreadable-row", &[("error", &e.to_string())]),
                );
                continue;
            }
        };
        let Some(pos) = record.position() else {
            continue;
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let ranges = field_ranges(text.as_bytes(), pos.byte() as usize, delimiter);
        let mut cells = Cells {
            record: &record,
            ranges: &ranges,
            file,
            diags: &mut *diags,
            bad: false,
        };
        let Some(row) = checker.row(&mut cells, lang) else {
            continue;
        };
        let (fund, origin) = match &row.kind {
            RowKind::Budget { fund, origin, .. } => (fund.clone(), *origin),
            _ => (String::new(), None),
        };
        let kind = match row.kind {
            RowKind::Budget { kind, .. } => kind.name(),
            RowKind::Progress { .. } => "progress",
            RowKind::Indicator { .. } => "indicator",
        };
        if let Some(first) =
            seen.insert((kind, row.key.clone(), row.year, fund, origin), pos.line())
        {
            diags.report(
                Code::MonitorSheet,
                cells_span(&ranges, file, 1),
                msg("sheet-duplicate-row", &[("line", &first.to_string())]),
            );
            continue;
        }
        rows.push(row);
    }
    rows
}

fn cells_span(ranges: &[Range<usize>], file: FileId, col: usize) -> Span {
    let r = ranges.get(col).or(ranges.last()).cloned().unwrap_or(0..0);
    Span::new(file, r)
}

/// One record's cells, and the diagnostics its checks push.
struct Cells<'a> {
    record: &'a csv::StringRecord,
    ranges: &'a [Range<usize>],
    file: FileId,
    diags: &'a mut Diagnostics,
    /// Some cell of the row was refused.
    bad: bool,
}

impl Cells<'_> {
    fn get(&self, col: usize) -> &str {
        self.record.get(col).map_or("", str::trim)
    }
    fn at(&self, col: usize) -> Span {
        cells_span(self.ranges, self.file, col)
    }
    fn refuse(&mut self, col: usize, message: Message, help: Option<Message>) {
        self.bad = true;
        self.diags
            .push(Diagnostic::new(Code::MonitorSheet, self.at(col), message).with_help(help));
    }
}

/// What the plan allows a row to name.
struct Checker<'p> {
    plan: &'p Plan,
    activities: HashMap<&'p str, &'p crate::model::Activity>,
    indicators: Vec<&'p str>,
    funds: Vec<&'p str>,
}

impl<'p> Checker<'p> {
    fn new(plan: &'p Plan) -> Self {
        Checker {
            plan,
            activities: plan
                .activities
                .iter()
                .map(|a| {
                    (
                        a.id.as_ref().map_or(a.key.as_str(), |i| i.value.as_str()),
                        a,
                    )
                })
                .collect(),
            indicators: plan
                .indicators
                .iter()
                .map(|i| i.id.value.as_str())
                .collect(),
            funds: plan.funds.iter().map(|f| f.id.value.as_str()).collect(),
        }
    }

    /// The row, or `None` with every problem of its cells reported.
    fn row(&self, c: &mut Cells<'_>, lang: Lang) -> Option<Row> {
        let ncols = COLUMNS[0].len();
        // Spreadsheets may drop empty cells at the end of a row: they are empty.
        if c.record.len() > ncols || c.record.len() < 4 {
            let (found, expected) = (c.record.len().to_string(), ncols.to_string());
            c.refuse(
                0,
                msg("sheet-cells", &[("found", &found), ("expected", &expected)]),
                None,
            );
            return None;
        }
        let kind = KINDS
            .iter()
            .find(|(en, it)| {
                let k = c.get(0).to_lowercase();
                k == *en || k == *it
            })
            .map(|(en, _)| *en);
        let year = self.year(c);
        let key = c.get(1).to_string();
        let kind = match kind {
            Some(k) => k,
            None => {
                let words: Vec<&str> = KINDS.iter().map(|k| kind_word(k.0, lang)).collect();
                let value = c.get(0).to_string();
                c.refuse(
                    0,
                    msg(
                        "sheet-kind",
                        &[("value", &value), ("kinds", &words.join(", "))],
                    ),
                    None,
                );
                return None;
            }
        };
        let row_kind = match kind {
            "budget" => self.budget(c, &key, crate::model::BudgetKind::Actual),
            "committed" => self.budget(c, &key, crate::model::BudgetKind::Committed),
            "paid" => self.budget(c, &key, crate::model::BudgetKind::Paid),
            "progress" => self.progress(c, &key, lang),
            _ => self.indicator(c, &key),
        };
        match (row_kind, year, c.bad) {
            (Some(kind), Some(year), false) => Some(Row {
                key,
                year,
                kind,
                span: c.at(0),
            }),
            _ => None,
        }
    }

    fn year(&self, c: &mut Cells<'_>) -> Option<i64> {
        let (min, max) = crate::model::YEARS;
        let range = self.plan.years().unwrap_or(min..=max);
        match c.get(3).parse::<i64>() {
            Ok(y) if range.contains(&y) => Some(y),
            _ => {
                let value = c.get(3).to_string();
                let (start, end) = (range.start().to_string(), range.end().to_string());
                c.refuse(
                    3,
                    msg(
                        "sheet-year",
                        &[("value", &value), ("start", &start), ("end", &end)],
                    ),
                    None,
                );
                None
            }
        }
    }

    fn activity(&self, c: &mut Cells<'_>, key: &str) -> Option<&'p crate::model::Activity> {
        let found = self.activities.get(key).copied();
        if found.is_none() {
            let help = suggestion_help(key, self.activities.keys().copied());
            c.refuse(1, msg("sheet-unknown-key", &[("key", key)]), help);
        }
        found
    }

    fn budget(
        &self,
        c: &mut Cells<'_>,
        key: &str,
        kind: crate::model::BudgetKind,
    ) -> Option<RowKind> {
        let activity = self.activity(c, key);
        if let Some(a) = activity
            && (a.cost_written || a.funding_span.is_some())
        {
            // Its spending is its `cost`, one year: a budget would be a second figure.
            c.refuse(1, msg("sheet-cost-activity", &[("key", key)]), None);
        }
        let fund = c.get(4).to_string();
        if fund.is_empty() || (!self.funds.is_empty() && !self.funds.contains(&fund.as_str())) {
            let help = suggestion_help(&fund, self.funds.iter().copied());
            c.refuse(4, msg("sheet-unknown-fund", &[("fund", &fund)]), help);
        }
        let actual = match c.get(6) {
            "" => None,
            text => {
                let parsed = sheet_decimal(text).and_then(|d| Money::parse_string(&d).ok());
                if parsed.is_none() {
                    let text = text.to_string();
                    c.refuse(6, msg("sheet-amount", &[("value", &text)]), None);
                }
                parsed
            }
        };
        // The annualità of a commitment or payment: its year when left empty.
        let origin = match c.get(11) {
            "" => None,
            text => {
                let (min, max) = crate::model::YEARS;
                let year = text.parse::<i64>().ok().filter(|y| (min..=max).contains(y));
                if year.is_none() {
                    let text = text.to_string();
                    c.refuse(11, msg("sheet-origin", &[("value", &text)]), None);
                }
                year
            }
        };
        activity.map(|_| RowKind::Budget {
            kind,
            origin: origin.filter(|_| kind != crate::model::BudgetKind::Actual),
            fund,
            actual,
        })
    }

    fn progress(&self, c: &mut Cells<'_>, key: &str, lang: Lang) -> Option<RowKind> {
        let activity = self.activity(c, key);
        let status = match c.get(7) {
            "" => None,
            s => {
                let code = status_code(s);
                if code.is_none() {
                    let words: Vec<String> = ProgressStatus::ALL
                        .iter()
                        .map(|s| status_word(*s, lang))
                        .collect();
                    let s = s.to_string();
                    c.refuse(
                        7,
                        msg(
                            "sheet-status",
                            &[("value", &s), ("statuses", &words.join(", "))],
                        ),
                        None,
                    );
                }
                code
            }
        };
        let users = match c.get(8) {
            "" => None,
            u => {
                let n = sheet_decimal(u)
                    .and_then(|d| d.parse::<i64>().ok())
                    .filter(|n| (0..=crate::model::MAX_COUNT).contains(n));
                if n.is_none() {
                    let u = u.to_string();
                    c.refuse(8, msg("sheet-users", &[("value", &u)]), None);
                }
                n
            }
        };
        activity.map(|_| RowKind::Progress { status, users })
    }

    fn indicator(&self, c: &mut Cells<'_>, key: &str) -> Option<RowKind> {
        let known = self.indicators.contains(&key);
        if !known {
            let help = suggestion_help(key, self.indicators.iter().copied());
            c.refuse(1, msg("sheet-unknown-key", &[("key", key)]), help);
        }
        let actual = match c.get(10) {
            "" => None,
            v => {
                let n = sheet_decimal(v)
                    .and_then(|d| Number::parse(&d))
                    .filter(super::edit::writable_number);
                if n.is_none() {
                    let v = v.to_string();
                    c.refuse(10, msg("sheet-number", &[("value", &v)]), None);
                }
                n
            }
        };
        known.then_some(RowKind::Indicator { actual })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_where_a_csv_reader_splits_them() {
        let text = b"a;\"b;c\";\"d\"\"e\nf\";\nnext";
        assert_eq!(field_ranges(text, 0, b';'), [0..1, 2..7, 8..16, 17..17]);
    }

    #[test]
    fn statuses_in_either_language_or_as_codes() {
        assert_eq!(status_code("in corso"), Some(ProgressStatus::InProgress));
        assert_eq!(status_code("Concluso"), Some(ProgressStatus::Done));
        assert_eq!(status_code("in-progress"), Some(ProgressStatus::InProgress));
        assert_eq!(status_code("not started"), Some(ProgressStatus::NotStarted));
        assert_eq!(status_code("finito"), None);
    }
}
