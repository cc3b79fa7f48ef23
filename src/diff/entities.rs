//! What `diff` compares: every entity of the plan as (key, title, fields),
//! each field as the model serialises it, flattened to `path → value`.

use serde::Serialize;

use super::{Entity, Fields, Value, Word};
use crate::model::{Choice, Plan};

fn activity_fields(a: &crate::model::Activity) -> Fields {
    let mut f = Fields::new();
    f.insert("title".into(), Value::Text(a.title.value.clone()));
    if let Some(c) = &a.cost {
        f.insert("cost".into(), Value::Money(c.value));
    }
    if let Some(u) = &a.users {
        f.insert("users".into(), Value::Count(u.value));
    }
    for fu in &a.funding {
        f.insert(
            format!("funding {}", fu.source.value),
            Value::Money(fu.amount.value),
        );
    }
    // Named as the totals are (what, kind, year), with the annualità when it
    // is not the year's own; two entries under one name add up, so that no
    // figure is lost from the comparison.
    for b in &a.card.budget {
        let origin = match &b.origin {
            Some(o) if o.value != b.year.value => format!(" origin {}", o.value),
            _ => String::new(),
        };
        for fu in &b.funding {
            let name = format!(
                "budget {} {} {}{origin}",
                fu.source.value,
                b.kind.value.name(),
                b.year.value,
            );
            let amount = fu.amount.value;
            f.entry(name)
                .and_modify(|v| {
                    if let Value::Money(m) = v {
                        *m = crate::compute::add_money(*m, amount);
                    }
                })
                .or_insert(Value::Money(amount));
        }
    }
    for p in &a.card.progress {
        f.insert(
            format!("progress {}", p.year.value),
            Word::of(p.status.value),
        );
        if let Some(u) = &p.users {
            f.insert(format!("users {}", p.year.value), Value::Count(u.value));
        }
        if let Some(n) = &p.note {
            f.insert(
                format!("progress {} note", p.year.value),
                Value::Text(n.body.clone()),
            );
        }
    }
    serialised_fields(
        a,
        &[
            "key", "title", "cost", "users", "funding", "budget", "progress",
        ],
        &mut f,
    );
    f
}

/// Every key of `entity` as the model serialises it, flattened (`delivery`,
/// `actions[0]`, `contacts[0].email`, `targets 2025.value`), except those in
/// `curated` (compared above with their figures and names): a key added to
/// the model is compared by construction.
pub(super) fn serialised_fields(entity: &impl Serialize, curated: &[&str], fields: &mut Fields) {
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(entity) else {
        return;
    };
    for (key, value) in map {
        if !curated.contains(&key.as_str()) {
            flatten(&key, &value, fields);
        }
    }
}

fn flatten(path: &str, value: &serde_json::Value, fields: &mut Fields) {
    use serde_json::Value as J;
    match value {
        J::Null => {}
        J::Bool(b) => {
            fields.insert(path.to_string(), Value::Text(b.to_string()));
        }
        J::Number(n) => {
            fields.insert(path.to_string(), Value::Text(n.to_string()));
        }
        J::String(t) => {
            fields.insert(path.to_string(), Value::Text(t.clone()));
        }
        J::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                // Entries of a year are named by it, so that inserting one
                // does not renumber the others.
                let name = match item.get("year").and_then(J::as_i64) {
                    Some(y) => format!("{path} {y}"),
                    None => format!("{path}[{i}]"),
                };
                flatten(&name, item, fields);
            }
        }
        J::Object(map) => {
            for (k, v) in map {
                flatten(&format!("{path}.{k}"), v, fields);
            }
        }
    }
}

/// Every entity the spec names (SPEC 5.2) as (key, title, fields).
pub(super) fn entities(plan: &Plan) -> Vec<(&'static str, Vec<Entity>)> {
    let text = |s: &str| Value::Text(s.to_string());
    vec![
        (
            "activity",
            plan.activities
                .iter()
                .map(|a| (a.key.clone(), a.title.value.clone(), activity_fields(a)))
                .collect(),
        ),
        (
            "fund",
            plan.funds
                .iter()
                .map(|f| {
                    let mut fields = Fields::new();
                    fields.insert("name".into(), text(&f.name.value));
                    for a in &f.allocation {
                        fields.insert(
                            format!("allocation {}", a.year.value),
                            Value::Money(a.amount.value),
                        );
                    }
                    serialised_fields(f, &["id", "name", "allocation"], &mut fields);
                    (f.id.value.clone(), f.name.value.clone(), fields)
                })
                .collect(),
        ),
        (
            "meeting",
            plan.meetings
                .iter()
                .map(|m| {
                    let mut fields = Fields::new();
                    fields.insert("title".into(), text(&m.title.value));
                    fields.insert("sessions".into(), Value::Count(m.sessions.value));
                    if let Some(p) = &m.participants {
                        fields.insert("participants".into(), Value::Count(p.value));
                    }
                    if let Some(d) = m.sort_date() {
                        fields.insert("date".into(), text(&d.iso()));
                    }
                    serialised_fields(
                        m,
                        &["key", "title", "sessions", "participants", "date"],
                        &mut fields,
                    );
                    (m.key.clone(), m.title.value.clone(), fields)
                })
                .collect(),
        ),
        (
            "recommendation",
            plan.recommendations
                .iter()
                .map(|r| {
                    let mut fields = Fields::new();
                    fields.insert("text".into(), text(&r.text.body));
                    if let Some(resp) = &r.response {
                        fields.insert("response".into(), Word::of(resp.status.value));
                        serialised_fields(resp, &["status"], &mut fields);
                    }
                    serialised_fields(r, &["key", "text", "response"], &mut fields);
                    let title = r.title.as_ref().map_or_else(
                        || crate::text::shorten(r.text.body.trim(), 80),
                        |t| t.value.clone(),
                    );
                    (r.key.clone(), title, fields)
                })
                .collect(),
        ),
        (
            "indicator",
            plan.indicators
                .iter()
                .map(|i| {
                    let mut fields = Fields::new();
                    for (kind, list) in [("target", &i.targets), ("actual", &i.actuals)] {
                        for m in list.iter() {
                            fields.insert(
                                format!("{kind} {}", m.year.value),
                                Value::Number(m.value.value.plain()),
                            );
                        }
                    }
                    serialised_fields(i, &["id", "targets", "actuals"], &mut fields);
                    (i.id.value.clone(), i.title.value.clone(), fields)
                })
                .collect(),
        ),
        (
            "organisation",
            plan.organisations
                .iter()
                .map(|o| {
                    let mut fields = Fields::new();
                    fields.insert("name".into(), text(&o.name.value));
                    serialised_fields(o, &["id", "name"], &mut fields);
                    (o.id.value.clone(), o.name.value.clone(), fields)
                })
                .collect(),
        ),
        (
            "objective",
            plan.objectives
                .iter()
                .map(|o| {
                    let mut fields = Fields::new();
                    fields.insert("title".into(), text(&o.title.value));
                    if let Some(p) = &o.parent {
                        fields.insert("parent".into(), text(&p.value));
                    }
                    serialised_fields(o, &["id", "title", "parent"], &mut fields);
                    (o.id.value.clone(), o.title.value.clone(), fields)
                })
                .collect(),
        ),
        (
            "chapter",
            plan.chapters
                .iter()
                .map(|c| {
                    let mut fields = Fields::new();
                    fields.insert("title".into(), text(&c.title.value));
                    // Changed or not: the text itself is for `git diff`.
                    if let Some(t) = &c.text {
                        fields.insert("text".into(), text(&t.body));
                    }
                    serialised_fields(c, &["id", "title", "text"], &mut fields);
                    (c.id.value.clone(), c.title.value.clone(), fields)
                })
                .collect(),
        ),
        (
            "area",
            by_key(&plan.areas, |a| (a.id.value.clone(), a.title.value.clone())),
        ),
        (
            "phase",
            by_key(&plan.phases, |p| {
                (p.id.value.clone(), p.title.value.clone())
            }),
        ),
        (
            "table",
            by_key(&plan.tables, |t| {
                (t.id.value.clone(), t.title.value.clone())
            }),
        ),
        (
            "body",
            by_key(&plan.bodies, |b| (b.id.value.clone(), b.name.value.clone())),
        ),
        (
            "role",
            by_key(&plan.roles, |r| (r.key.clone(), r.title.value.clone())),
        ),
        (
            "milestone",
            by_key(&plan.milestones, |m| (m.key.clone(), m.title.value.clone())),
        ),
        (
            "annex",
            by_key(&plan.annexes, |a| {
                (a.id.value.clone(), a.title.value.clone())
            }),
        ),
        (
            "municipality",
            by_key(&plan.municipalities, |m| {
                (
                    m.istat_code
                        .as_ref()
                        .map_or_else(|| crate::model::slug(&m.name.value), |c| c.value.clone()),
                    m.name.value.clone(),
                )
            }),
        ),
        (
            "signatory",
            by_key(&plan.signatories, |s| {
                (crate::model::slug(&s.name.value), s.name.value.clone())
            }),
        ),
        (
            "scheme",
            by_key(&plan.schemes, |s| {
                (s.id.value.clone(), s.title.value.clone())
            }),
        ),
        (
            "stated_total",
            by_key(&plan.stated_totals, |s| {
                let key = format!("{} {} {}", s.what.value, s.year.value, s.kind.value.word());
                (key.clone(), key)
            }),
        ),
        (
            "staff",
            by_key(&plan.staff, |s| {
                let key = format!(
                    "{} {} {} {}",
                    s.year.value,
                    s.profile.value.word(),
                    s.contract.as_ref().map_or("", |c| c.value.word()),
                    s.employer.as_ref().map_or("", |e| e.value.as_str())
                );
                (key.clone(), key)
            }),
        ),
        (
            "rule",
            by_key(
                &plan
                    .rules
                    .iter()
                    .filter(|r| r.set.is_none())
                    .collect::<Vec<_>>(),
                |r| (r.id.value.clone(), r.title.value.clone()),
            ),
        ),
        ("plan-table", plan_tables(plan)),
    ]
}

/// A collection compared by every key it serialises, each entity by `key_title`.
fn by_key<T: Serialize>(items: &[T], key_title: impl Fn(&T) -> (String, String)) -> Vec<Entity> {
    items
        .iter()
        .map(|item| {
            let (key, title) = key_title(item);
            let mut fields = Fields::new();
            serialised_fields(item, &["key"], &mut fields);
            (key, title, fields)
        })
        .collect()
}

/// The tables only `plan.toml` holds, each an entity named by its table.
fn plan_tables(plan: &Plan) -> Vec<Entity> {
    fn one(name: &str, value: &impl Serialize) -> Option<Entity> {
        let mut fields = Fields::new();
        serialised_fields(value, &[], &mut fields);
        (!fields.is_empty()).then(|| (name.to_string(), format!("[{name}]"), fields))
    }
    [
        one("plan", &plan.plan),
        plan.process.as_ref().and_then(|p| one("process", p)),
        one("document", &plan.document),
        plan.spending.as_ref().and_then(|s| one("spending", s)),
        one("check", &plan.check),
        plan.ambito.as_ref().and_then(|a| one("ambito", a)),
        plan.agreement.as_ref().and_then(|a| one("agreement", a)),
    ]
    .into_iter()
    .flatten()
    .collect()
}
