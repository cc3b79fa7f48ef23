//! Structured plans — TOML shaped like the spec's collections, with ids drawn
//! from a few names so that references often resolve — checked and rendered
//! in memory. Text fields carry whatever the fuzzer writes (Markdown, markup,
//! control characters).
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use toml::{Table, Value};

#[path = "common.rs"]
mod common;

const IDS: [&str; 4] = ["a", "b", "c-d", "x"];

#[derive(Arbitrary, Debug)]
struct Id(u8);
impl Id {
    fn value(&self) -> Value {
        Value::String(IDS[self.0 as usize % IDS.len()].into())
    }
}

#[derive(Arbitrary, Debug)]
enum Amount {
    Int(u32),
    Cents(u32),
    Text(String),
    Float(f32),
}
impl Amount {
    fn value(&self) -> Value {
        match self {
            Amount::Int(n) => Value::Integer(*n as i64),
            Amount::Cents(n) => Value::String(format!("{}.{:02}", n / 100, n % 100)),
            Amount::Text(s) => Value::String(s.clone()),
            Amount::Float(f) => Value::Float(*f as f64),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Day(u8, u8);
impl Day {
    fn value(&self) -> Value {
        let date = toml::value::Date {
            year: 2010 + (self.0 % 8) as u16,
            month: 1 + self.1 % 12,
            day: 1 + self.0 % 28,
        };
        Value::Datetime(toml::value::Datetime {
            date: Some(date),
            time: None,
            offset: None,
        })
    }
}

#[derive(Arbitrary, Debug)]
struct Meeting {
    title: String,
    phase: Id,
    date: Option<Day>,
    sessions: Option<u8>,
    participants: Option<u16>,
    tables: Vec<Id>,
    areas: Vec<Id>,
    public: bool,
    notes: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct Activity {
    area: Id,
    title: String,
    users: Option<u16>,
    cost: Option<Amount>,
    funding: Vec<(String, Amount)>,
    legal_ref: Option<String>,
}

#[derive(Arbitrary, Debug)]
struct Recommendation {
    text: String,
    kind: u8,
    meeting: Option<Id>,
    table: Option<Id>,
}

#[derive(Arbitrary, Debug)]
struct Plan {
    title: String,
    authority: String,
    intro: Option<String>,
    english: bool,
    phases: Vec<(Id, String, Option<Day>)>,
    areas: Vec<(Id, String, Vec<String>)>,
    tables: Vec<(Id, String, Option<Id>)>,
    organisations: Vec<(Id, String, bool)>,
    meetings: Vec<Meeting>,
    activities: Vec<Activity>,
    recommendations: Vec<Recommendation>,
    chapters: Vec<(Id, String, Option<String>)>,
    milestones: Vec<(String, Option<Day>, bool)>,
    outline: Option<Vec<u8>>,
    // The Piano di Zona (SPEC 4)
    objectives: Vec<(Id, String, Option<Id>)>,
    funds: Vec<(Id, String, Vec<(u8, Amount)>)>,
    budgets: Vec<(u8, u8, bool, Vec<(Id, Amount)>)>,
    indicators: Vec<(Id, Option<Id>, Option<Id>, u8, Vec<(u8, i32)>, Vec<(u8, i32)>)>,
    municipalities: Vec<(String, String, Option<u32>)>,
}

fn table(pairs: Vec<(&str, Option<Value>)>) -> Value {
    Value::Table(
        pairs
            .into_iter()
            .filter_map(|(k, v)| Some((k.to_string(), v?)))
            .collect(),
    )
}

fn s(text: &str) -> Option<Value> {
    Some(Value::String(text.to_string()))
}

fn ids(list: &[Id]) -> Option<Value> {
    (!list.is_empty()).then(|| Value::Array(list.iter().map(Id::value).collect()))
}

impl Plan {
    fn to_toml(&self) -> String {
        let mut root = Table::new();
        root.insert(
            "plan".into(),
            table(vec![
                ("title", s(&self.title)),
                ("authority", s(&self.authority)),
                ("intro", self.intro.as_deref().and_then(s)),
                ("language", s(if self.english { "en" } else { "it" })),
                ("reference_year", Some(Value::Integer(2012))),
            ]),
        );
        if let Some(outline) = &self.outline {
            let names = ["process", "participation", "resources", "areas", "recommendations", "outcome", "a"];
            let entries = outline
                .iter()
                .map(|i| Value::String(names[*i as usize % names.len()].into()))
                .collect();
            root.insert("document".into(), table(vec![("outline", Some(Value::Array(entries)))]));
        }
        let mut add = |key: &str, items: Vec<Value>| {
            if !items.is_empty() {
                root.insert(key.into(), Value::Array(items));
            }
        };
        add("phase", self.phases.iter().map(|(id, t, d)| table(vec![("id", Some(id.value())), ("title", s(t)), ("deadline", d.as_ref().map(Day::value))])).collect());
        add("area", self.areas.iter().map(|(id, t, c)| table(vec![("id", Some(id.value())), ("title", s(t)), ("criticalities", Some(Value::Array(c.iter().map(|x| Value::String(x.clone())).collect())))])).collect());
        add("table", self.tables.iter().map(|(id, t, p)| table(vec![("id", Some(id.value())), ("title", s(t)), ("phase", p.as_ref().map(Id::value))])).collect());
        add("organisation", self.organisations.iter().map(|(id, n, c)| table(vec![("id", Some(id.value())), ("name", s(n)), ("collective", Some(Value::Boolean(*c)))])).collect());
        add("meeting", self.meetings.iter().map(|m| table(vec![
            ("title", s(&m.title)),
            ("phase", Some(m.phase.value())),
            ("date", m.date.as_ref().map(Day::value)),
            ("sessions", m.sessions.map(|n| Value::Integer(n as i64))),
            ("participants", m.participants.map(|n| Value::Integer(n as i64))),
            ("tables", ids(&m.tables)),
            ("areas", ids(&m.areas)),
            ("public", Some(Value::Boolean(m.public))),
            ("notes", m.notes.as_deref().and_then(s)),
        ])).collect());
        add("activity", self.activities.iter().map(|a| table(vec![
            ("area", Some(a.area.value())),
            ("title", s(&a.title)),
            ("users", a.users.map(|n| Value::Integer(n as i64))),
            ("cost", a.cost.as_ref().map(Amount::value)),
            ("funding", (!a.funding.is_empty()).then(|| Value::Table(a.funding.iter().map(|(k, v)| (k.clone(), v.value())).collect()))),
            ("legal_ref", a.legal_ref.as_deref().and_then(s)),
        ])).collect());
        add("recommendation", self.recommendations.iter().map(|r| table(vec![
            ("text", s(&r.text)),
            ("kind", s(["content", "method", "organisation", "other"][r.kind as usize % 4])),
            ("meeting", r.meeting.as_ref().map(Id::value)),
            ("table", r.table.as_ref().map(Id::value)),
        ])).collect());
        add("chapter", self.chapters.iter().map(|(id, t, text)| table(vec![("id", Some(id.value())), ("title", s(t)), ("text", text.as_deref().and_then(s))])).collect());
        add("milestone", self.milestones.iter().map(|(t, d, planned)| table(vec![("title", s(t)), ("date", d.as_ref().map(Day::value)), ("planned", Some(Value::Boolean(*planned)))])).collect());
        add("objective", self.objectives.iter().map(|(id, t, p)| table(vec![("id", Some(id.value())), ("title", s(t)), ("parent", p.as_ref().map(Id::value))])).collect());
        add("fund", self.funds.iter().map(|(id, n, alloc)| table(vec![
            ("id", Some(id.value())),
            ("name", s(n)),
            ("allocation", Some(Value::Array(alloc.iter().map(|(y, a)| table(vec![("year", Some(Value::Integer(2023 + (*y % 5) as i64))), ("amount", Some(a.value()))])).collect()))),
        ])).collect());
        // Budgets go on the activities, by position.
        if let Some(Value::Array(acts)) = root.get_mut("activity") {
            for (i, year, planned, funding) in &self.budgets {
                let n = acts.len();
                if let Some(Value::Table(a)) = acts.get_mut(*i as usize % n.max(1)) {
                    let entry = table(vec![
                        ("year", Some(Value::Integer(2023 + (*year % 5) as i64))),
                        ("kind", s(if *planned { "planned" } else { "actual" })),
                        ("funding", Some(Value::Table(funding.iter().map(|(k, v)| (IDS[k.0 as usize % IDS.len()].to_string(), v.value())).collect()))),
                    ]);
                    match a.get_mut("budget") {
                        Some(Value::Array(b)) => b.push(entry),
                        _ => {
                            a.insert("budget".into(), Value::Array(vec![entry]));
                        }
                    }
                }
            }
        }
        let mut add = |key: &str, items: Vec<Value>| {
            if !items.is_empty() {
                root.insert(key.into(), Value::Array(items));
            }
        };
        let measures = |list: &[(u8, i32)]| Value::Array(list.iter().map(|(y, v)| table(vec![("year", Some(Value::Integer(2023 + (*y % 5) as i64))), ("value", Some(Value::Float(*v as f64 / 10.0)))])).collect());
        add("indicator", self.indicators.iter().map(|(id, act, obj, dir, t, a)| table(vec![
            ("id", Some(id.value())),
            ("title", s("i")),
            ("activity", act.as_ref().map(Id::value)),
            ("objective", obj.as_ref().map(Id::value)),
            ("direction", s(["increase", "decrease", "keep"][*dir as usize % 3])),
            ("targets", Some(measures(t))),
            ("actuals", Some(measures(a))),
        ])).collect());
        add("municipality", self.municipalities.iter().map(|(n, code, pop)| table(vec![("name", s(n)), ("istat_code", s(code)), ("population", pop.map(|p| Value::Integer(p as i64)))])).collect());
        toml::to_string(&root).unwrap_or_default()
    }
}

static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();

fuzz_target!(|plan: Plan| {
    let dir = DIR.get_or_init(common::scratch);
    std::fs::write(dir.join("plan.toml"), plan.to_toml()).unwrap();
    common::run_plan(dir);
});
