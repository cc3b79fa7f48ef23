//! Reading a filled monitoring sheet: every cell checked, every problem a
//! diagnostic at the sheet's row and column (`sheet.csv:14:5`).

use std::collections::HashMap;

use super::COLUMNS;
use crate::diag::{Diagnostic, Diagnostics, msg, suggestion_help};
use crate::model::{Money, Number, Plan};
use crate::source::{FileId, SourceMap, Span};

#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    /// An actual amount of a card from a fund; `None`: left empty.
    Budget {
        fund: String,
        actual: Option<Money>,
    },
    Progress {
        status: Option<String>,
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

/// Fields of one line with their byte ranges in the text; quotes honoured.
fn split(line: &str, start: usize, delimiter: u8) -> Vec<(String, std::ops::Range<usize>)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let from = i;
        let mut value = String::new();
        if i < b.len() && b[i] == b'"' {
            i += 1;
            let mut seg = i;
            while i < b.len() {
                if b[i] == b'"' {
                    if i + 1 < b.len() && b[i + 1] == b'"' {
                        value.push_str(&line[seg..=i]);
                        i += 2;
                        seg = i;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            value.push_str(&line[seg..i.min(b.len())]);
            i = (i + 1).min(b.len());
            while i < b.len() && b[i] != delimiter {
                i += 1;
            }
        } else {
            while i < b.len() && b[i] != delimiter {
                i += 1;
            }
            value.push_str(&line[from..i]);
        }
        out.push((value, start + from..start + i));
        if i >= b.len() {
            break;
        }
        i += 1;
    }
    out
}

/// An amount as a spreadsheet writes it: `1.234,56` (Italian), `1234.56`,
/// `1234,56`, with an optional `€`; never negative.
pub fn parse_amount(text: &str) -> Option<Money> {
    let t = text.trim().trim_start_matches('€').trim();
    // Dots grouping digits by three are thousands (`60.000`): an amount has at
    // most two decimals, so `1.234` cannot be one euro and some cents.
    let grouped = t.split('.').count() > 1
        && t.split('.')
            .skip(1)
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    let normal = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else if grouped {
        t.replace('.', "")
    } else {
        t.to_string()
    };
    Money::parse_string(&normal).ok()
}

fn parse_number(text: &str) -> Option<Number> {
    let t = text.trim();
    let normal = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else {
        t.to_string()
    };
    Number::parse(&normal)
}

/// The rows of `file` (in `sources`), checked against the plan.
pub fn parse(plan: &Plan, sources: &SourceMap, file: FileId, diags: &mut Diagnostics) -> Vec<Row> {
    let text = &sources.get(file).text;
    let mut lines = text.split_inclusive('\n');
    let Some(header) = lines.next() else {
        diags.error(
            "monitor-sheet",
            Span::file_start(file),
            msg("sheet-empty", &[]),
        );
        return Vec::new();
    };
    let delimiter = if header.contains(';') { b';' } else { b',' };
    let head = split(header.trim_end_matches(['\n', '\r']), 0, delimiter);
    for (i, (name, range)) in head.iter().enumerate() {
        if COLUMNS.get(i) != Some(&name.trim()) {
            diags.push(
                Diagnostic::error(
                    "monitor-sheet",
                    Span::new(file, range.clone()),
                    msg(
                        "sheet-column",
                        &[("found", name), ("expected", COLUMNS.get(i).unwrap_or(&""))],
                    ),
                )
                .with_help(msg("help-sheet-header", &[("columns", &COLUMNS.join(" "))])),
            );
            return Vec::new();
        }
    }
    let years = plan.years();
    let activities: HashMap<&str, &crate::model::Activity> = plan
        .activities
        .iter()
        .map(|a| {
            (
                a.id.as_ref().map_or(a.key.as_str(), |i| i.value.as_str()),
                a,
            )
        })
        .collect();
    let indicators: Vec<&str> = plan
        .indicators
        .iter()
        .map(|i| i.id.value.as_str())
        .collect();
    let funds: Vec<&str> = plan.funds.iter().map(|f| f.id.value.as_str()).collect();
    let mut seen: HashMap<(String, String, i64, String), usize> = HashMap::new();
    let mut rows = Vec::new();
    let mut offset = header.len();
    for (n, raw) in lines.enumerate() {
        let line_no = n + 2;
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        let cells = split(line, start, delimiter);
        let at = |col: usize| {
            let r = cells
                .get(col)
                .map_or(start..start + line.len(), |(_, r)| r.clone());
            Span::new(file, r)
        };
        let get = |col: usize| cells.get(col).map_or("", |(v, _)| v.trim());
        let bad =
            |col: usize, key: &str, args: &[(&'static str, &str)], diags: &mut Diagnostics| {
                diags.error("monitor-sheet", at(col), msg(key, args));
            };
        // Spreadsheets may drop empty cells at the end of a row: they are empty.
        if cells.len() > COLUMNS.len() || cells.len() < 4 {
            bad(
                0,
                "sheet-cells",
                &[
                    ("found", &cells.len().to_string()),
                    ("expected", &COLUMNS.len().to_string()),
                ],
                diags,
            );
            continue;
        }
        let kind = get(0);
        let key = get(1);
        let year = match get(3).parse::<i64>() {
            Ok(y) if years.as_ref().is_none_or(|r| r.contains(&y)) => y,
            _ => {
                bad(3, "sheet-year", &[("value", get(3))], diags);
                continue;
            }
        };
        let row_kind = match kind {
            "budget" | "progress" => {
                if !activities.contains_key(key) {
                    diags.push(
                        Diagnostic::error(
                            "monitor-sheet",
                            at(1),
                            msg("sheet-unknown-key", &[("key", key)]),
                        )
                        .with_help(suggestion_help(key, activities.keys().copied())),
                    );
                    continue;
                }
                if kind == "budget" {
                    let fund = get(4);
                    if !funds.is_empty() && !funds.contains(&fund) {
                        diags.push(
                            Diagnostic::error(
                                "monitor-sheet",
                                at(4),
                                msg("sheet-unknown-fund", &[("fund", fund)]),
                            )
                            .with_help(suggestion_help(fund, funds.iter().copied())),
                        );
                        continue;
                    }
                    let actual = match get(6) {
                        "" => None,
                        text => match parse_amount(text) {
                            Some(m) => Some(m),
                            None => {
                                bad(6, "sheet-amount", &[("value", text)], diags);
                                continue;
                            }
                        },
                    };
                    RowKind::Budget {
                        fund: fund.to_string(),
                        actual,
                    }
                } else {
                    let status = match get(7) {
                        "" => None,
                        s if ["not-started", "in-progress", "done", "suspended", "dropped"]
                            .contains(&s) =>
                        {
                            Some(s.to_string())
                        }
                        s => {
                            bad(7, "sheet-status", &[("value", s)], diags);
                            continue;
                        }
                    };
                    let users = match get(8) {
                        "" => None,
                        u => match u.parse::<i64>() {
                            Ok(n) if (0..=1_000_000_000).contains(&n) => Some(n),
                            _ => {
                                bad(8, "sheet-users", &[("value", u)], diags);
                                continue;
                            }
                        },
                    };
                    RowKind::Progress { status, users }
                }
            }
            "indicator" => {
                if !indicators.contains(&key) {
                    diags.push(
                        Diagnostic::error(
                            "monitor-sheet",
                            at(1),
                            msg("sheet-unknown-key", &[("key", key)]),
                        )
                        .with_help(suggestion_help(key, indicators.iter().copied())),
                    );
                    continue;
                }
                let actual = match get(10) {
                    "" => None,
                    v => match parse_number(v) {
                        Some(n) => Some(n),
                        None => {
                            bad(10, "sheet-number", &[("value", v)], diags);
                            continue;
                        }
                    },
                };
                RowKind::Indicator { actual }
            }
            other => {
                bad(0, "sheet-kind", &[("value", other)], diags);
                continue;
            }
        };
        let fund = match &row_kind {
            RowKind::Budget { fund, .. } => fund.clone(),
            _ => String::new(),
        };
        let id = (kind.to_string(), key.to_string(), year, fund);
        if let Some(first) = seen.insert(id, line_no) {
            bad(
                1,
                "sheet-duplicate-row",
                &[("line", &first.to_string())],
                diags,
            );
            continue;
        }
        rows.push(Row {
            key: key.to_string(),
            year,
            kind: row_kind,
            span: at(0),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_spreadsheets_write_them() {
        let table = [
            ("1.234,56", Some(123_456)),
            ("1234,56", Some(123_456)),
            ("1234.56", Some(123_456)),
            ("€ 1.234", Some(123_400)),
            ("60.000", Some(6_000_000)),
            ("1.23", Some(123)),
            ("0", Some(0)),
            ("-5", None),
            ("12,345", None),
            ("1e3", None),
            ("abc", None),
        ];
        for (text, want) in table {
            assert_eq!(parse_amount(text).map(Money::cents), want, "{text}");
        }
    }

    #[test]
    fn fields_keep_their_place_in_the_line() {
        let f = split("a;\"b;c\";\"d\"\"e\";", 10, b';');
        let values: Vec<&str> = f.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(values, ["a", "b;c", "d\"e", ""]);
        assert_eq!(f[1].1, 12..17);
    }
}
