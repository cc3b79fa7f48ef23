//! Lookups by id, built once over a plan: every stage that turns a reference
//! into the thing it names asks here.

use std::collections::HashMap;

use super::{Area, Chapter, Meeting, Organisation, Phase, Plan, Table};

pub struct Index<'p> {
    areas: HashMap<&'p str, &'p Area>,
    organisations: HashMap<&'p str, &'p Organisation>,
    tables: HashMap<&'p str, &'p Table>,
    phases: HashMap<&'p str, &'p Phase>,
    meetings: HashMap<&'p str, &'p Meeting>,
    chapters: HashMap<&'p str, &'p Chapter>,
}

/// The first of each id wins: duplicates are errors reported by `validate`.
fn by_id<'p, T>(items: &'p [T], id: impl Fn(&'p T) -> Option<&'p str>) -> HashMap<&'p str, &'p T> {
    let mut map = HashMap::with_capacity(items.len());
    for item in items {
        if let Some(k) = id(item) {
            map.entry(k).or_insert(item);
        }
    }
    map
}

impl<'p> Index<'p> {
    pub fn new(plan: &'p Plan) -> Self {
        Index {
            areas: by_id(&plan.areas, |a| Some(&a.id.value)),
            organisations: by_id(&plan.organisations, |o| Some(&o.id.value)),
            tables: by_id(&plan.tables, |t| Some(&t.id.value)),
            phases: by_id(&plan.phases, |p| Some(&p.id.value)),
            meetings: by_id(&plan.meetings, |m| m.id.as_ref().map(|i| i.value.as_str())),
            chapters: by_id(&plan.chapters, |c| Some(&c.id.value)),
        }
    }

    pub fn meeting(&self, id: &str) -> Option<&'p Meeting> {
        self.meetings.get(id).copied()
    }

    pub fn chapter(&self, id: &str) -> Option<&'p Chapter> {
        self.chapters.get(id).copied()
    }

    /// An area's title, or the id itself when no area has it.
    pub fn area_title<'a>(&self, id: &'a str) -> &'a str
    where
        'p: 'a,
    {
        self.areas.get(id).map_or(id, |a| &a.title.value)
    }

    pub fn organisation_name<'a>(&self, id: &'a str) -> &'a str
    where
        'p: 'a,
    {
        self.organisations.get(id).map_or(id, |o| &o.name.value)
    }

    pub fn table_title<'a>(&self, id: &'a str) -> &'a str
    where
        'p: 'a,
    {
        self.tables.get(id).map_or(id, |t| &t.title.value)
    }

    pub fn phase_title<'a>(&self, id: &'a str) -> &'a str
    where
        'p: 'a,
    {
        self.phases.get(id).map_or(id, |p| &p.title.value)
    }
}

impl Plan {
    pub fn index(&self) -> Index<'_> {
        Index::new(self)
    }
}
