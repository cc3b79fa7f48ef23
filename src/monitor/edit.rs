//! Writing a sheet's values into the plan's TOML files: each value where its
//! entity is defined, as an edit of the document (toml_edit) that keeps
//! comments, key order and layout — whatever valid layout the file uses:
//! `[[activity]]` or an inline array, `[[activity.budget]]` tables or an
//! inline `budget = [...]`, `funding` inline, as a table or as dotted keys.
//! Values already there are left alone, so the same sheet twice changes nothing.

use crate::diag::Code;
use std::collections::BTreeMap;

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::sheet::{Row, RowKind};
use crate::diag::{Diagnostics, msg};
use crate::model::{Choice, Money, Number, Plan};
use crate::source::{FileId, SourceMap};

/// The new text of every file the import changes (LF line ends, no BOM: the
/// loader's view of the file), and how many values were written or changed.
#[derive(Debug, Default)]
pub struct Edits {
    pub files: BTreeMap<FileId, String>,
    pub changed: usize,
}

fn money_value(m: Money) -> Value {
    if m.cents() % 100 == 0 {
        Value::from(m.cents() / 100)
    } else {
        Value::from(m.to_plain())
    }
}

/// The TOML literal for `n`: an integer, or a float written with the same
/// digits, which the plan reads back exactly.
fn number_literal(n: &Number) -> String {
    let plain = n.plain();
    if plain.contains('.') {
        plain
    } else {
        plain.trim_start_matches('+').to_string()
    }
}

/// Whether a value can be written into the plan as a TOML number that reads
/// back as itself (an integer within i64, or a decimal).
pub fn writable_number(n: &Number) -> bool {
    let literal = number_literal(n);
    let parsed = format!("v = {literal}").parse::<DocumentMut>();
    parsed.is_ok_and(|d| {
        d.get("v")
            .and_then(Item::as_value)
            .is_some_and(|v| v.is_integer() || v.is_float())
    }) && Number::parse(&literal).and_then(|back| back.cmp_exact(n))
        == Some(std::cmp::Ordering::Equal)
}

fn number_value(n: &Number) -> Option<Value> {
    number_literal(n).parse::<Value>().ok()
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

/// Sets `key` to `value`, keeping the spaces and comment around an old value.
fn set(table: &mut dyn TableLike, key: &str, mut value: Value) {
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    match table.get_mut(key) {
        Some(Item::Value(slot)) => *slot = value,
        _ => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// A list of entries as a file may write it: an inline array of inline
/// tables, or `[[parent.key]]` tables.
enum List<'d> {
    Inline(&'d mut Array),
    Tables(&'d mut ArrayOfTables),
}

impl<'d> List<'d> {
    /// The list at `key` in `table`, an inline array created when absent;
    /// `None` when `key` holds something else.
    fn at(table: &'d mut dyn TableLike, key: &str) -> Option<List<'d>> {
        if table.get(key).is_none() {
            table.insert(key, Item::Value(Value::Array(Array::new())));
        }
        match table.get_mut(key)? {
            Item::Value(Value::Array(a)) => Some(List::Inline(a)),
            Item::ArrayOfTables(a) => Some(List::Tables(a)),
            _ => None,
        }
    }

    fn len(&self) -> usize {
        match self {
            List::Inline(a) => a.len(),
            List::Tables(a) => a.len(),
        }
    }

    fn get(&mut self, i: usize) -> Option<&mut dyn TableLike> {
        match self {
            List::Inline(a) => a
                .get_mut(i)?
                .as_inline_table_mut()
                .map(|t| t as &mut dyn TableLike),
            List::Tables(a) => a.get_mut(i).map(|t| t as &mut dyn TableLike),
        }
    }

    /// The entry for `year` (and `kind`, when given), created when absent.
    fn entry(self, year: i64, kind: Option<&str>) -> Option<&'d mut dyn TableLike> {
        self.entry_of(year, kind, None)
    }

    /// The entry for `year`, `kind` and the annualità `origin` (an entry
    /// without `origin` is of its own year), created when absent.
    fn entry_of(
        self,
        year: i64,
        kind: Option<&str>,
        origin: Option<i64>,
    ) -> Option<&'d mut dyn TableLike> {
        let matches = |t: &dyn TableLike| {
            t.get("year").and_then(Item::as_integer) == Some(year)
                && kind.is_none_or(|k| t.get("kind").and_then(Item::as_str) == Some(k))
                && origin
                    .is_none_or(|o| t.get("origin").and_then(Item::as_integer).unwrap_or(year) == o)
        };
        // A new entry says its annualità only when it is not its year.
        let origin = origin.filter(|o| *o != year);
        let mut list = self;
        let found = (0..list.len()).find(|i| list.get(*i).is_some_and(|t| matches(&*t)));
        match (found, list) {
            (Some(i), List::Inline(a)) => a
                .get_mut(i)?
                .as_inline_table_mut()
                .map(|t| t as &mut dyn TableLike),
            (Some(i), List::Tables(a)) => a.get_mut(i).map(|t| t as &mut dyn TableLike),
            (None, List::Inline(a)) => {
                let mut t = InlineTable::new();
                t.insert("year", Value::from(year));
                if let Some(k) = kind {
                    t.insert("kind", Value::from(k));
                }
                if let Some(o) = origin {
                    t.insert("origin", Value::from(o));
                }
                push_inline(a, t);
                a.get_mut(a.len() - 1)?
                    .as_inline_table_mut()
                    .map(|t| t as &mut dyn TableLike)
            }
            (None, List::Tables(a)) => {
                let mut t = Table::new();
                t.insert("year", Item::Value(Value::from(year)));
                if let Some(k) = kind {
                    t.insert("kind", Item::Value(Value::from(k)));
                }
                if let Some(o) = origin {
                    t.insert("origin", Item::Value(Value::from(o)));
                }
                a.push(t);
                a.get_mut(a.len() - 1).map(|t| t as &mut dyn TableLike)
            }
        }
    }
}

/// Appends an entry where the others are: on a line of its own, indented as
/// the one before, in an array written one entry per line — without the
/// comment lines that stand above the one before.
fn push_inline(array: &mut Array, t: InlineTable) {
    array.push(Value::InlineTable(t));
    let n = array.len();
    if n < 2 {
        return;
    }
    let before = array
        .get(n - 2)
        .and_then(|v| v.decor().prefix())
        .and_then(|p| p.as_str())
        .unwrap_or(" ");
    let prefix = match before.rfind('\n') {
        Some(i) => format!("\n{}", &before[i + 1..]),
        None => " ".to_string(),
    };
    if let Some(last) = array.get_mut(n - 1) {
        last.decor_mut().set_prefix(prefix);
    }
}

/// The `index`-th entity of the collection `key` in a document, written as
/// `[[key]]` tables or as an inline array.
fn nth_entity<'d>(
    doc: &'d mut DocumentMut,
    key: &str,
    index: usize,
) -> Option<&'d mut dyn TableLike> {
    match doc.get_mut(key)? {
        Item::ArrayOfTables(aot) => aot.get_mut(index).map(|t| t as &mut dyn TableLike),
        Item::Value(Value::Array(arr)) => arr
            .get_mut(index)?
            .as_inline_table_mut()
            .map(|t| t as &mut dyn TableLike),
        _ => None,
    }
}

/// The table at `key` of `table` (inline, standard or dotted keys), created
/// inline when absent.
fn sub_table<'t>(table: &'t mut dyn TableLike, key: &str) -> Option<&'t mut dyn TableLike> {
    if table.get(key).is_none() {
        table.insert(key, Item::Value(Value::InlineTable(InlineTable::new())));
    }
    table.get_mut(key)?.as_table_like_mut()
}

/// The edits `rows` make to the plan, on the texts `texts` holds for the
/// files to edit (the loader's view of each). Problems found here (a layout
/// that cannot hold the value, a progress row without a status) are
/// diagnostics at the sheet's row.
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
        let doc = match docs.entry(file) {
            std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::btree_map::Entry::Vacant(v) => {
                match sources.get(file).text.parse::<DocumentMut>() {
                    Ok(d) => v.insert(d),
                    Err(_) => continue,
                }
            }
        };
        let cannot_edit = |diags: &mut Diagnostics| {
            diags.report(
                Code::MonitorSheet,
                row.span,
                msg(
                    "sheet-cannot-edit",
                    &[("key", &row.key), ("file", &sources.get(file).display)],
                ),
            );
        };
        let Some(entity) = index.and_then(|i| nth_entity(doc, collection, i)) else {
            cannot_edit(diags);
            continue;
        };
        let done = match &row.kind {
            RowKind::Budget {
                kind,
                origin,
                fund,
                actual: Some(amount),
            } => (|| {
                let origin = origin
                    .or_else(|| (*kind != crate::model::BudgetKind::Actual).then_some(row.year));
                let entry =
                    List::at(entity, "budget")?.entry_of(row.year, Some(kind.name()), origin)?;
                let funding = sub_table(entry, "funding")?;
                if !same_money(funding.get(fund).and_then(Item::as_value), *amount) {
                    set(funding, fund, money_value(*amount));
                    changed += 1;
                }
                Some(())
            })(),
            RowKind::Progress { status, users } if status.is_some() || users.is_some() => {
                let exists = entity
                    .get("progress")
                    .is_some_and(|p| has_year(p, row.year));
                if !exists && status.is_none() {
                    diags.report(
                        Code::MonitorSheet,
                        row.span,
                        msg(
                            "sheet-status-needed",
                            &[("key", &row.key), ("year", &row.year.to_string())],
                        ),
                    );
                    continue;
                }
                (|| {
                    let e = List::at(entity, "progress")?.entry(row.year, None)?;
                    if let Some(s) = status
                        && e.get("status").and_then(Item::as_str) != Some(s.word())
                    {
                        set(e, "status", Value::from(s.word()));
                        changed += 1;
                    }
                    if let Some(u) = users
                        && e.get("users").and_then(Item::as_integer) != Some(*u)
                    {
                        set(e, "users", Value::from(*u));
                        changed += 1;
                    }
                    Some(())
                })()
            }
            RowKind::Indicator { actual: Some(n) } => (|| {
                let e = List::at(entity, "actuals")?.entry(row.year, None)?;
                if !same_number(e.get("value").and_then(Item::as_value), n) {
                    set(e, "value", number_value(n)?);
                    changed += 1;
                }
                Some(())
            })(),
            _ => Some(()),
        };
        if done.is_none() {
            cannot_edit(diags);
        }
    }
    let files = docs
        .into_iter()
        .filter_map(|(file, doc)| {
            let text = doc.to_string();
            (text != sources.get(file).text).then_some((file, text))
        })
        .collect();
    Edits { files, changed }
}

fn has_year(item: &Item, year: i64) -> bool {
    let year_of = |t: &dyn TableLike| t.get("year").and_then(Item::as_integer) == Some(year);
    match item {
        Item::Value(Value::Array(a)) => a
            .iter()
            .any(|v| v.as_inline_table().is_some_and(|t| year_of(t))),
        Item::ArrayOfTables(a) => a.iter().any(|t| year_of(t)),
        _ => false,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> DocumentMut {
        text.parse().unwrap()
    }

    /// Sets fnps's actual of 2025 to 1000 in the first activity of `text`.
    fn set_actual(text: &str) -> String {
        let mut d = doc(text);
        let entity = nth_entity(&mut d, "activity", 0).unwrap();
        let entry = List::at(entity, "budget")
            .unwrap()
            .entry(2025, Some("actual"))
            .unwrap();
        let funding = sub_table(entry, "funding").unwrap();
        set(funding, "fnps", money_value(Money::from_cents(100_000)));
        d.to_string()
    }

    #[test]
    fn every_layout_of_a_budget_takes_the_value_in_place() {
        // (layout, the file after the edit)
        let table = [
            (
                "[[activity]]\nid = \"a\"\nbudget = [{ year = 2025, kind = \"planned\", funding = { fnps = 5 } }]\n",
                "[[activity]]\nid = \"a\"\nbudget = [{ year = 2025, kind = \"planned\", funding = { fnps = 5 } }, { year = 2025, kind = \"actual\", funding = { fnps = 1000 } }]\n",
            ),
            (
                "[[activity]]\nid = \"a\"\n\n[[activity.budget]]\nyear = 2025\nkind = \"actual\"\nfunding = { fnps = 5 } # stimato\n\n[[activity]]\nid = \"b\"\n",
                "[[activity]]\nid = \"a\"\n\n[[activity.budget]]\nyear = 2025\nkind = \"actual\"\nfunding = { fnps = 1000 } # stimato\n\n[[activity]]\nid = \"b\"\n",
            ),
            (
                "[[activity]]\nid = \"a\"\n\n[[activity.budget]]\nyear = 2025\nkind = \"actual\"\nfunding.fnps = 5 # stimato\nfunding.comuni = 7\n",
                "[[activity]]\nid = \"a\"\n\n[[activity.budget]]\nyear = 2025\nkind = \"actual\"\nfunding.fnps = 1000 # stimato\nfunding.comuni = 7\n",
            ),
            (
                "[[activity]]\nid = \"a\"\n\n[[activity.budget]]\nyear = 2025\nkind = \"actual\"\n\n[activity.budget.funding]\ncomuni = 7\n",
                "[[activity]]\nid = \"a\"\n\n[[activity.budget]]\nyear = 2025\nkind = \"actual\"\n\n[activity.budget.funding]\ncomuni = 7\nfnps = 1000\n",
            ),
            (
                "activity = [{ id = \"a\", budget = [] }]\n",
                "activity = [{ id = \"a\", budget = [{ year = 2025, kind = \"actual\", funding = { fnps = 1000 } }] }]\n",
            ),
        ];
        for (before, after) in table {
            assert_eq!(set_actual(before), after, "{before}");
        }
    }

    #[test]
    fn a_new_budget_table_follows_its_own_activity() {
        let before = "[[activity]]\nid = \"a\"\n\n[[activity.budget]]\nyear = 2025\nkind = \"planned\"\nfunding = { fnps = 5 }\n\n[[activity]]\nid = \"b\"\n";
        let after = set_actual(before);
        let parsed: toml::Table = toml::from_str(&after).unwrap();
        let first = &parsed["activity"].as_array().unwrap()[0];
        assert_eq!(first["budget"].as_array().unwrap().len(), 2, "{after}");
        let second = &parsed["activity"].as_array().unwrap()[1];
        assert!(second.get("budget").is_none(), "{after}");
    }

    #[test]
    fn a_new_entry_takes_the_indent_and_not_the_comment_of_the_one_before() {
        let before = "[[activity]]\nid = \"a\"\nbudget = [\n  # il preventivo\n  { year = 2025, kind = \"planned\", funding = { fnps = 5 } },\n]\n";
        let after = set_actual(before);
        assert_eq!(
            after,
            "[[activity]]\nid = \"a\"\nbudget = [\n  # il preventivo\n  { year = 2025, kind = \"planned\", funding = { fnps = 5 } },\n  { year = 2025, kind = \"actual\", funding = { fnps = 1000 } },\n]\n"
        );
    }

    #[test]
    fn only_numbers_the_plan_reads_back_exactly_are_written() {
        for (n, ok) in [
            ("104196", true),
            ("52.6", true),
            ("-3", true),
            ("0.1250", true),
            ("99999999999999999999", false),
        ] {
            assert_eq!(writable_number(&Number::parse(n).unwrap()), ok, "{n}");
        }
    }
}
