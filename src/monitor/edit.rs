//! Writing a sheet's values into the plan's TOML files: each value where its
//! entity is defined, as an edit of the document (toml_edit) that keeps
//! comments, key order and layout; values already there are left alone, so
//! importing the same sheet twice changes nothing.

use std::collections::BTreeMap;

use toml_edit::{Array, DocumentMut, InlineTable, Item, Value};

use super::sheet::{Row, RowKind};
use crate::diag::{Diagnostics, msg};
use crate::model::{Money, Number, Plan};
use crate::source::{FileId, SourceMap};

/// The new text of every file the import changes, by plan-relative path.
#[derive(Debug, Default)]
pub struct Edits {
    pub files: BTreeMap<String, String>,
    /// How many values were written or changed.
    pub changed: usize,
}

fn money_value(m: Money) -> Value {
    if m.cents() % 100 == 0 {
        Value::from(m.cents() / 100)
    } else {
        Value::from(m.to_plain())
    }
}

fn number_value(n: &Number) -> Value {
    n.plain()
        .parse::<Value>()
        .unwrap_or_else(|_| Value::from(n.plain()))
}

fn same_money(v: Option<&Value>, m: Money) -> bool {
    let parsed = match v {
        Some(Value::Integer(i)) => Money::parse_decimal(&i.value().to_string(), false).ok(),
        Some(Value::Float(f)) => Money::parse_decimal(&f.value().to_string(), true).ok(),
        Some(Value::String(s)) => Money::parse_string(s.value()).ok(),
        _ => None,
    };
    parsed == Some(m)
}

fn same_number(v: Option<&Value>, n: &Number) -> bool {
    let text = match v {
        Some(Value::Integer(i)) => i.value().to_string(),
        Some(Value::Float(f)) => f.to_string(),
        _ => return false,
    };
    Number::parse(text.trim()).and_then(|x| x.cmp_exact(n)) == Some(std::cmp::Ordering::Equal)
}

/// The `index`-th table of the collection `key` in a document, whether it is
/// written as `[[key]]` or as an inline array.
fn nth_table<'d>(
    doc: &'d mut DocumentMut,
    key: &str,
    index: usize,
) -> Option<&'d mut dyn toml_edit::TableLike> {
    match doc.get_mut(key)? {
        Item::ArrayOfTables(aot) => aot
            .get_mut(index)
            .map(|t| t as &mut dyn toml_edit::TableLike),
        Item::Value(Value::Array(arr)) => match arr.get_mut(index)? {
            Value::InlineTable(t) => Some(t as &mut dyn toml_edit::TableLike),
            _ => None,
        },
        _ => None,
    }
}

/// The array of inline tables at `key` (created when absent).
fn inline_array<'t>(table: &'t mut dyn toml_edit::TableLike, key: &str) -> Option<&'t mut Array> {
    if table.get(key).is_none() {
        table.insert(key, Item::Value(Value::Array(Array::new())));
    }
    table.get_mut(key)?.as_array_mut()
}

fn year_of(t: &InlineTable) -> Option<i64> {
    t.get("year").and_then(Value::as_integer)
}

/// The entry of `array` for `year` (and `kind`, when given), created when absent.
fn entry<'a>(array: &'a mut Array, year: i64, kind: Option<&str>) -> &'a mut InlineTable {
    let found = array.iter().position(|v| {
        v.as_inline_table().is_some_and(|t| {
            year_of(t) == Some(year)
                && kind.is_none_or(|k| t.get("kind").and_then(Value::as_str) == Some(k))
        })
    });
    let index = match found {
        Some(i) => i,
        None => {
            let mut t = InlineTable::new();
            t.insert("year", Value::from(year));
            if let Some(k) = kind {
                t.insert("kind", Value::from(k));
            }
            array.push(Value::InlineTable(t));
            // The new entry goes where the others are: on a line of its own
            // in an array written one entry per line.
            let n = array.len();
            if n >= 2 {
                let prefix = array
                    .get(n - 2)
                    .and_then(|v| v.decor().prefix())
                    .and_then(|p| p.as_str())
                    .map(|p| if p.is_empty() { " " } else { p }.to_string());
                if let (Some(prefix), Some(last)) = (prefix, array.get_mut(n - 1)) {
                    last.decor_mut().set_prefix(prefix);
                }
            }
            n - 1
        }
    };
    match array.get_mut(index) {
        Some(Value::InlineTable(t)) => t,
        _ => unreachable!("the entry at {index} is an inline table: found or just pushed"),
    }
}

/// The edits `rows` make to the plan. Problems found here (a layout the tool
/// cannot edit, a progress row without a status) are diagnostics.
pub fn plan_edits(
    plan: &Plan,
    sources: &SourceMap,
    rows: &[Row],
    diags: &mut Diagnostics,
) -> Edits {
    let mut docs: BTreeMap<FileId, DocumentMut> = BTreeMap::new();
    let mut changed = 0;
    for row in rows {
        // Where the entity is defined: its file, and its place among those of the file.
        let (file, collection, index) = match &row.kind {
            RowKind::Indicator { .. } => {
                let Some(i) = plan.indicators.iter().find(|i| i.id.value == row.key) else {
                    continue;
                };
                let (file, index) = place(&plan.indicators, i, |x| x.span.file);
                (file, "indicator", index)
            }
            _ => {
                let Some(a) = plan.activities.iter().find(|a| {
                    a.id.as_ref().map_or(a.key.as_str(), |i| i.value.as_str()) == row.key
                }) else {
                    continue;
                };
                let (file, index) = place(&plan.activities, a, |x| x.span.file);
                (file, "activity", index)
            }
        };
        let doc = docs.entry(file).or_insert_with(|| {
            sources
                .get(file)
                .text
                .parse::<DocumentMut>()
                .unwrap_or_default()
        });
        let cannot_edit = |diags: &mut Diagnostics| {
            diags.error(
                "monitor-sheet",
                row.span,
                msg(
                    "sheet-cannot-edit",
                    &[("key", &row.key), ("file", &sources.get(file).display)],
                ),
            );
        };
        let Some(table) = index.and_then(|i| nth_table(doc, collection, i)) else {
            cannot_edit(diags);
            continue;
        };
        match &row.kind {
            RowKind::Budget {
                fund,
                actual: Some(amount),
            } => {
                let Some(budget) = inline_array(table, "budget") else {
                    cannot_edit(diags);
                    continue;
                };
                let e = entry(budget, row.year, Some("actual"));
                if e.get("funding").is_none() {
                    e.insert("funding", Value::InlineTable(InlineTable::new()));
                }
                if let Some(funding) = e.get_mut("funding").and_then(Value::as_inline_table_mut)
                    && !same_money(funding.get(fund), *amount)
                {
                    funding.insert(fund, money_value(*amount));
                    changed += 1;
                }
            }
            RowKind::Progress { status, users } if status.is_some() || users.is_some() => {
                let Some(progress) = inline_array(table, "progress") else {
                    continue;
                };
                let exists = progress.iter().any(|v| {
                    v.as_inline_table()
                        .is_some_and(|t| year_of(t) == Some(row.year))
                });
                if !exists && status.is_none() {
                    diags.error(
                        "monitor-sheet",
                        row.span,
                        msg(
                            "sheet-status-needed",
                            &[("key", &row.key), ("year", &row.year.to_string())],
                        ),
                    );
                    continue;
                }
                let e = entry(progress, row.year, None);
                if let Some(s) = status
                    && e.get("status").and_then(Value::as_str) != Some(s.as_str())
                {
                    e.insert("status", Value::from(s.as_str()));
                    changed += 1;
                }
                if let Some(u) = users
                    && e.get("users").and_then(Value::as_integer) != Some(*u)
                {
                    e.insert("users", Value::from(*u));
                    changed += 1;
                }
            }
            RowKind::Indicator { actual: Some(n) } => {
                let Some(actuals) = inline_array(table, "actuals") else {
                    continue;
                };
                let e = entry(actuals, row.year, None);
                if !same_number(e.get("value"), n) {
                    e.insert("value", number_value(n));
                    changed += 1;
                }
            }
            _ => {}
        }
    }
    let files = docs
        .into_iter()
        .filter_map(|(file, doc)| {
            let f = sources.get(file);
            let text = doc.to_string();
            (text != f.text).then(|| (f.rel.clone(), text))
        })
        .collect();
    Edits { files, changed }
}

/// Writes every edited file in place, each through a sibling and a rename.
pub fn apply(edits: &Edits, root: &std::path::Path) -> std::io::Result<()> {
    for (rel, text) in &edits.files {
        let path = root.join(rel);
        let tmp = path.with_extension("toml.welfare-plan-tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &path)?;
    }
    Ok(())
}

/// The file `item` is defined in, and its place among the `items` of that file
/// (the index of its `[[table]]` there).
fn place<T>(items: &[T], item: &T, file_of: impl Fn(&T) -> FileId) -> (FileId, Option<usize>) {
    let file = file_of(item);
    let index = items
        .iter()
        .filter(|x| file_of(x) == file)
        .position(|x| std::ptr::eq(x, item));
    (file, index)
}
