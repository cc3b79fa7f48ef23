//! Comparing two versions of a plan (SPEC 5.2): what was added, removed or
//! changed, by entity key (SPEC 2's derived keys when there is no id), and
//! the totals that moved. A stage of its own, over two analysed plans.

mod entities;
mod report;

use entities::entities;

pub use report::{json, markdown, text};

use crate::model::Choice;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::compute::Summary;
use crate::model::{Money, Plan};

/// One figure or text of an entity, as compared.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Money(Money),
    Count(i64),
    Text(String),
    /// A number kept as written (`14.5`), shown with the reader's separators.
    Number(String),
    /// A word of a closed vocabulary: the TOML's word in JSON, its label in
    /// the reader's language elsewhere.
    Word(Word),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Word {
    pub word: &'static str,
    pub label_key: &'static str,
}

impl Word {
    fn of(choice: impl Choice) -> Value {
        Value::Word(Word {
            word: choice.word(),
            label_key: choice.label_key(),
        })
    }
}

impl Serialize for Word {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.word)
    }
}

#[derive(Debug, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// New less old, for amounts.
    pub difference: Option<Money>,
}

#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

#[derive(Debug, Serialize)]
pub struct Change {
    /// "activity", "fund", "meeting", …
    pub entity: &'static str,
    pub key: String,
    pub title: String,
    pub kind: ChangeKind,
    pub fields: Vec<FieldChange>,
}

impl Change {
    /// The largest amount this change moves, to show the biggest first.
    pub fn weight(&self) -> i64 {
        self.fields
            .iter()
            .filter_map(|f| f.difference.map(|d| d.cents().saturating_abs()))
            .max()
            .unwrap_or(0)
    }
}

#[derive(Debug, Serialize, Default)]
pub struct Diff {
    pub changes: Vec<Change>,
    /// The totals that moved: old, new and difference.
    pub totals: Vec<FieldChange>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.totals.is_empty()
    }
}

/// An entity's comparable fields, by name, in a stable order.
type Fields = BTreeMap<String, Value>;

/// One entity as compared: (key, title, fields).
type Entity = (String, String, Fields);

fn compare(entity: &'static str, old: Vec<Entity>, new: Vec<Entity>, out: &mut Vec<Change>) {
    let old_map: BTreeMap<&str, (&String, &Fields)> =
        old.iter().map(|(k, t, f)| (k.as_str(), (t, f))).collect();
    let new_keys: Vec<&str> = new.iter().map(|(k, _, _)| k.as_str()).collect();
    for (key, title, fields) in &new {
        match old_map.get(key.as_str()) {
            None => out.push(Change {
                entity,
                key: key.clone(),
                title: title.clone(),
                kind: ChangeKind::Added,
                fields: fields
                    .iter()
                    .map(|(name, v)| field_change(name, None, Some(v)))
                    .collect(),
            }),
            Some((_, old_fields)) => {
                let mut names: Vec<&String> = old_fields.keys().chain(fields.keys()).collect();
                names.sort();
                names.dedup();
                let changed: Vec<FieldChange> = names
                    .into_iter()
                    .filter(|n| old_fields.get(*n) != fields.get(*n))
                    .map(|n| field_change(n, old_fields.get(n), fields.get(n)))
                    .collect();
                if !changed.is_empty() {
                    out.push(Change {
                        entity,
                        key: key.clone(),
                        title: title.clone(),
                        kind: ChangeKind::Changed,
                        fields: changed,
                    });
                }
            }
        }
    }
    for (key, title, fields) in &old {
        if !new_keys.contains(&key.as_str()) {
            out.push(Change {
                entity,
                key: key.clone(),
                title: title.clone(),
                kind: ChangeKind::Removed,
                fields: fields
                    .iter()
                    .map(|(name, v)| field_change(name, Some(v), None))
                    .collect(),
            });
        }
    }
}

fn field_change(name: &str, old: Option<&Value>, new: Option<&Value>) -> FieldChange {
    let amount = |v: Option<&Value>| match v {
        Some(Value::Money(m)) => Some(*m),
        _ => None,
    };
    // Money planned or allocated where there was none is a difference from
    // nothing; spending that was not reported (n.d.) and now is, or the
    // reverse, is not: n.d. is never 0.
    let reported = name.split(' ').any(|w| w == "actual" || w == "paid");
    let difference = match (amount(old), amount(new)) {
        (Some(o), Some(n)) => Some(Money::from_cents(n.cents().saturating_sub(o.cents()))),
        (None, None) => None,
        _ if reported => None,
        (o, n) => Some(Money::from_cents(
            n.unwrap_or(Money::ZERO)
                .cents()
                .saturating_sub(o.unwrap_or(Money::ZERO).cents()),
        )),
    };
    FieldChange {
        field: name.to_string(),
        old: old.cloned(),
        new: new.cloned(),
        difference,
    }
}

/// The totals a reviewer watches: participation, cost, and the funds' and
/// budget's figures by year.
fn totals(s: &Summary) -> Fields {
    let mut f = Fields::new();
    let t = &s.totals;
    f.insert("sessions".into(), Value::Count(t.sessions));
    if let Some(p) = t.participants {
        f.insert("participants".into(), Value::Count(p));
    }
    if let Some(c) = t.cost {
        f.insert("cost".into(), Value::Money(c));
    }
    for b in &s.programme.budget {
        f.insert(
            format!("budget {} {}", b.kind.name(), b.year),
            Value::Money(b.total),
        );
    }
    for fund in &s.programme.funds {
        for y in &fund.years {
            if let Some(a) = y.allocation {
                f.insert(
                    format!("{} allocation {}", fund.id, y.year),
                    Value::Money(a),
                );
            }
            if let Some(p) = y.figures.planned {
                f.insert(format!("{} planned {}", fund.id, y.year), Value::Money(p));
            }
            if let Some(a) = y.figures.actual {
                f.insert(format!("{} actual {}", fund.id, y.year), Value::Money(a));
            }
        }
    }
    f
}

/// What changed from `old` to `new`.
pub fn diff(old: (&Plan, &Summary), new: (&Plan, &Summary)) -> Diff {
    let mut changes = Vec::new();
    for ((entity, old_items), (_, new_items)) in entities(old.0).into_iter().zip(entities(new.0)) {
        compare(entity, old_items, new_items, &mut changes);
    }
    let (old_totals, new_totals) = (totals(old.1), totals(new.1));
    let mut names: Vec<&String> = old_totals.keys().chain(new_totals.keys()).collect();
    names.sort();
    names.dedup();
    let totals = names
        .into_iter()
        .filter(|n| old_totals.get(*n) != new_totals.get(*n))
        .map(|n| field_change(n, old_totals.get(n), new_totals.get(n)))
        .collect();
    Diff { changes, totals }
}

#[cfg(test)]
mod tests;
