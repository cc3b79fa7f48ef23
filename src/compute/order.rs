//! The order the outputs show things in (SPEC 1, 2.10–2.12, 2.16), decided
//! once here: meetings and milestones by date, recommendations grouped by
//! origin and kind, activities by area, and the document's outline.

use std::collections::{BTreeSet, HashMap};

use super::Summary;
use crate::model::{Activity, Generated, Index, Meeting, Milestone, Plan, Recommendation, Section};

/// Items grouped under each of their keys (a key listed twice by one item counts once),
/// in source order.
pub fn group_by<'a, T>(
    items: &'a [T],
    keys: impl Fn(usize, &'a T) -> Vec<&'a str>,
) -> HashMap<&'a str, Vec<&'a T>> {
    let mut map: HashMap<&'a str, Vec<&'a T>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let mut ks = keys(i, item);
        ks.sort_unstable();
        ks.dedup();
        for k in ks {
            map.entry(k).or_default().push(item);
        }
    }
    map
}

/// Each meeting's areas: its own plus those of its tables, each once, sorted.
pub fn meeting_areas(plan: &Plan) -> Vec<BTreeSet<&str>> {
    let table_areas: HashMap<&str, Vec<&str>> = plan
        .tables
        .iter()
        .map(|t| {
            (
                t.id.value.as_str(),
                t.areas.iter().map(|a| a.value.as_str()).collect(),
            )
        })
        .collect();
    plan.meetings
        .iter()
        .map(|m| {
            let mut set: BTreeSet<&str> = m.areas.iter().map(|a| a.value.as_str()).collect();
            for t in &m.tables {
                if let Some(areas) = table_areas.get(t.value.as_str()) {
                    set.extend(areas.iter().copied());
                }
            }
            set
        })
        .collect()
}

/// Meetings by date (`date`, else `from`), then source order; undated last.
pub fn meetings_by_date(plan: &Plan) -> Vec<&Meeting> {
    let mut order: Vec<usize> = (0..plan.meetings.len()).collect();
    order.sort_by_key(|&i| {
        let d = plan.meetings[i].sort_date();
        (d.is_none(), d, i)
    });
    order.into_iter().map(|i| &plan.meetings[i]).collect()
}

/// Milestones by date, then source order; undated last. Each with its source position.
pub fn milestones_by_date(plan: &Plan) -> Vec<(usize, &Milestone)> {
    let mut order: Vec<usize> = (0..plan.milestones.len()).collect();
    order.sort_by_key(|&i| {
        let d = plan.milestones[i].date.as_ref().map(|d| d.value);
        (d.is_none(), d, i)
    });
    order
        .into_iter()
        .map(|i| (i, &plan.milestones[i]))
        .collect()
}

/// Where a group of recommendations comes from.
pub enum Origin<'p> {
    /// A meeting by id (the meeting itself when the id exists).
    Meeting(&'p str, Option<&'p Meeting>),
    Table(&'p str),
}

/// The kinds of recommendation, in the order they are shown.
pub const RECOMMENDATION_KINDS: [&str; 3] = ["content", "method", "organisation"];

pub struct RecommendationGroup<'p> {
    pub origin: Origin<'p>,
    /// (kind, recommendations with their source position), kinds in
    /// [`RECOMMENDATION_KINDS`] order, items in source order.
    pub kinds: Vec<(&'static str, Vec<(usize, &'p Recommendation)>)>,
}

/// Recommendations grouped by meeting (or table), groups in order of first
/// appearance, then by kind (SPEC 2.11).
pub fn recommendation_groups<'p>(
    plan: &'p Plan,
    index: &Index<'p>,
) -> Vec<RecommendationGroup<'p>> {
    let mut groups: Vec<(Origin<'p>, Vec<(usize, &'p Recommendation)>)> = Vec::new();
    let mut group_of: HashMap<(bool, &str), usize> = HashMap::new();
    for (i, r) in plan.recommendations.iter().enumerate() {
        let (key, origin) = match (&r.meeting, &r.table) {
            (Some(m), _) => (
                (true, m.value.as_str()),
                Origin::Meeting(&m.value, index.meeting(&m.value)),
            ),
            (None, Some(t)) => ((false, t.value.as_str()), Origin::Table(&t.value)),
            _ => continue,
        };
        match group_of.get(&key) {
            Some(&g) => groups[g].1.push((i, r)),
            None => {
                group_of.insert(key, groups.len());
                groups.push((origin, vec![(i, r)]));
            }
        }
    }
    groups
        .into_iter()
        .map(|(origin, items)| RecommendationGroup {
            origin,
            kinds: RECOMMENDATION_KINDS
                .into_iter()
                .filter_map(|kind| {
                    let these: Vec<_> = items
                        .iter()
                        .filter(|(_, r)| r.kind.value == kind)
                        .copied()
                        .collect();
                    (!these.is_empty()).then_some((kind, these))
                })
                .collect(),
        })
        .collect()
}

/// Activities of each area, in source order.
pub fn activities_by_area(plan: &Plan) -> HashMap<&str, Vec<&Activity>> {
    group_by(&plan.activities, |_, a| vec![a.area.value.as_str()])
}

/// Whether a generated section has anything to show (SPEC 2.16: empty ones
/// are left out of the default outline).
pub fn has_data(plan: &Plan, summary: &Summary, section: Generated) -> bool {
    match section {
        Generated::Process => {
            !plan.phases.is_empty()
                || !plan.meetings.is_empty()
                || !plan.tables.is_empty()
                || !plan.roles.is_empty()
                || !plan.bodies.is_empty()
        }
        Generated::Participation => !plan.meetings.is_empty() || !plan.tables.is_empty(),
        Generated::Resources => {
            summary.totals.activities > 0 || (summary.spending.is_some() && plan.spending.is_some())
        }
        Generated::Areas => !plan.areas.is_empty(),
        Generated::District => {
            plan.ambito.is_some()
                || !plan.municipalities.is_empty()
                || plan.agreement.is_some()
                || !plan.signatories.is_empty()
                || !plan.staff.is_empty()
        }
        Generated::Objectives => !plan.objectives.is_empty(),
        Generated::Cards => plan.activities.iter().any(|a| a.card.is_full()),
        Generated::Funds => !plan.funds.is_empty() || !summary.programme.budget.is_empty(),
        Generated::Indicators => !plan.indicators.is_empty(),
        Generated::Rules => !plan.rules.is_empty(),
        Generated::Recommendations => plan
            .recommendations
            .iter()
            .any(|r| r.meeting.is_some() || r.table.is_some()),
        Generated::Outcome => !plan.milestones.is_empty(),
        Generated::Annexes => !plan.annexes.is_empty(),
    }
}

/// An entry of the outline with the title the plan gives it, if any.
pub struct OutlineItem<'p> {
    pub section: Section<'p>,
    pub title: Option<&'p str>,
}

/// The document's sections in order: `[document] outline` as written (entries
/// that name nothing are reported by `validate` and left out), else the
/// default — process, the chapters in source order, then the other generated
/// sections that have data.
pub fn outline<'p>(plan: &'p Plan, summary: &Summary, index: &Index<'p>) -> Vec<OutlineItem<'p>> {
    let item = |section, title| OutlineItem { section, title };
    match &plan.document.outline {
        Some(entries) => {
            let mut items: Vec<OutlineItem<'p>> = entries
                .iter()
                .filter_map(|e| {
                    let section = match Generated::from_name(&e.id.value) {
                        Some(g) => Section::Generated(g),
                        None => Section::Chapter(index.chapter(&e.id.value)?),
                    };
                    Some(item(section, e.title.as_ref().map(|t| t.value.as_str())))
                })
                .collect();
            // A plan that follows rules always shows where it stands (SPEC
            // 8): an outline written before it had rules gets the page last.
            let named = entries
                .iter()
                .any(|e| e.id.value == Generated::Rules.name());
            if !named && has_data(plan, summary, Generated::Rules) {
                items.push(item(Section::Generated(Generated::Rules), None));
            }
            items
        }
        None => {
            let shown = |g: Generated| {
                has_data(plan, summary, g).then(|| item(Section::Generated(g), None))
            };
            shown(Generated::Process)
                .into_iter()
                .chain(
                    plan.chapters
                        .iter()
                        .map(|c| item(Section::Chapter(c), None)),
                )
                .chain(Generated::ALL[1..].iter().filter_map(|g| shown(*g)))
                .collect()
        }
    }
}
