//! The participatory path (SPEC 2.3–2.10): phases, tables, meetings by
//! date, the pilot group, governance bodies, organisations, and the meetings
//! as schema.org Events.

use serde::Serialize;

use super::{Attribution, Views, opt_s};
use crate::compute;
use crate::format as f;
use crate::model::Generated;
use crate::render::markdown::Prose;

#[derive(Serialize)]
pub struct PhaseView {
    pub id: String,
    pub title: String,
    pub who: Option<String>,
    pub deadline: Option<String>,
    pub modality: Option<Prose>,
    pub outcome: Option<Prose>,
    pub outcome_deadline: Option<String>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct TableView {
    pub id: String,
    pub title: String,
    pub kind: Option<String>,
    pub phase: Option<String>,
    pub areas: Vec<String>,
    pub organisations: Vec<String>,
    pub lead: Option<String>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct MeetingView {
    pub key: String,
    pub title: String,
    pub phase: String,
    /// "13/11/2012", "05/02/2024 – 28/03/2024", or n.d.
    pub when: String,
    pub when_long: Option<String>,
    pub sessions: String,
    pub participants: String,
    pub public: bool,
    pub place: Option<String>,
    pub lead: Option<String>,
    pub tables: Vec<String>,
    pub areas: Vec<String>,
    pub organisations: Vec<String>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct RoleView {
    pub title: String,
    pub duty: Option<Prose>,
    pub holder: Option<String>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct BodyView {
    pub name: String,
    pub members: String,
    pub composition: Vec<String>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct OrganisationView {
    pub name: String,
    pub kind: Option<String>,
    pub collective: bool,
    pub areas: Vec<String>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct ProcessView {
    pub has_data: bool,
    pub phases: Vec<PhaseView>,
    pub tables: Vec<TableView>,
    pub meetings: Vec<MeetingView>,
    pub roles_core: Vec<RoleView>,
    pub roles_extended: Vec<RoleView>,
    pub bodies: Vec<BodyView>,
    pub organisations: Vec<OrganisationView>,
    /// "4 organizzazioni e 2 raggruppamenti …", and how many of them the
    /// cover counts when that differs.
    pub organisations_count: String,
    /// schema.org Events of the dated meetings, JSON already escaped for a script block.
    pub jsonld: Option<String>,
    /// The site has `meetings.ics` (dated meetings or planned milestones).
    pub calendar: bool,
}

impl Views<'_, '_> {
    pub(super) fn process(&mut self) -> ProcessView {
        let plan = self.plan;
        let lang = self.lang;
        let phases = plan
            .phases
            .iter()
            .map(|p| {
                let prefix = format!("phase-{}", p.id.value);
                PhaseView {
                    id: p.id.value.clone(),
                    title: p.title.value.clone(),
                    who: opt_s(&p.who),
                    deadline: self.date(&p.deadline, &p.deadline_label),
                    modality: p.modality.as_ref().map(|m| self.inline(m, &prefix)),
                    outcome: p.outcome.as_ref().map(|m| self.inline(m, &prefix)),
                    outcome_deadline: self.date(&p.outcome_deadline, &p.outcome_deadline_label),
                    meta: self.meta(&p.notes, &p.source, &prefix),
                }
            })
            .collect();
        let tables = plan
            .tables
            .iter()
            .map(|t| TableView {
                id: t.id.value.clone(),
                title: t.title.value.clone(),
                kind: opt_s(&t.kind),
                phase: t
                    .phase
                    .as_ref()
                    .map(|p| self.index.phase_title(&p.value).to_string()),
                areas: self.area_titles(&t.areas),
                organisations: self.organisation_names(&t.organisations),
                lead: opt_s(&t.lead),
                meta: self.meta(&t.notes, &t.source, &format!("table-{}", t.id.value)),
            })
            .collect();
        let mut events = Vec::new();
        let meetings = compute::meetings_by_date(plan)
            .into_iter()
            .map(|m| {
                let when = match (&m.date, &m.from, &m.to) {
                    (Some(d), _, _) => f::date_short(lang, d.value),
                    (None, Some(a), Some(b)) => format!(
                        "{} – {}",
                        f::date_short(lang, a.value),
                        f::date_short(lang, b.value)
                    ),
                    (None, a, b) if a.is_some() || b.is_some() => f::period(
                        lang,
                        a.as_ref().map(|d| d.value),
                        b.as_ref().map(|d| d.value),
                        f::date_short,
                    )
                    .unwrap_or_default(),
                    _ => f::not_available(lang).to_string(),
                };
                let start = m.date.as_ref().or(m.from.as_ref());
                if let Some(start) = start {
                    let end = m.date.as_ref().or(m.to.as_ref()).unwrap_or(start);
                    events.push(Event {
                        context: "https://schema.org",
                        kind: "Event",
                        end: end.value.iso(),
                        mode: "https://schema.org/OfflineEventAttendanceMode",
                        free: m.public,
                        location: m.place.as_ref().map(|p| Place {
                            kind: "Place",
                            name: &p.value,
                        }),
                        name: &m.title.value,
                        organizer: Organizer {
                            kind: "Organization",
                            name: opt_s(&plan.plan.authority).unwrap_or_default(),
                        },
                        start: start.value.iso(),
                    });
                }
                MeetingView {
                    key: m.key.clone(),
                    title: m.title.value.clone(),
                    phase: self.index.phase_title(&m.phase.value).to_string(),
                    when,
                    when_long: m.date.as_ref().map(|d| f::date_long(lang, d.value)),
                    sessions: f::integer(lang, m.sessions.value),
                    participants: self.int(m.participants.as_ref().map(|p| p.value)),
                    public: m.public,
                    place: opt_s(&m.place),
                    lead: opt_s(&m.lead),
                    tables: self.table_titles(&m.tables),
                    areas: self.area_titles(&m.areas),
                    organisations: self.organisation_names(&m.organisations),
                    meta: self.meta(
                        &m.notes,
                        &m.source,
                        &format!("meeting-{}", crate::model::slug(&m.key)),
                    ),
                }
            })
            .collect::<Vec<_>>();
        let role = |b: &mut Self, r: &crate::model::Role| RoleView {
            title: r.title.value.clone(),
            duty: r
                .duty
                .as_ref()
                .map(|d| b.inline(d, &format!("role-{}", crate::model::slug(&r.key)))),
            holder: opt_s(&r.holder),
            meta: b.meta(
                &r.notes,
                &r.source,
                &format!("role-{}", crate::model::slug(&r.key)),
            ),
        };
        let roles_core = plan
            .roles
            .iter()
            .filter(|r| r.core)
            .map(|r| role(self, r))
            .collect::<Vec<_>>();
        let roles_extended = plan
            .roles
            .iter()
            .filter(|r| !r.core)
            .map(|r| role(self, r))
            .collect::<Vec<_>>();
        let bodies = plan
            .bodies
            .iter()
            .map(|b| BodyView {
                name: b.name.value.clone(),
                members: self.int(b.members.as_ref().map(|m| m.value)),
                composition: b.composition.iter().map(|c| c.value.clone()).collect(),
                meta: self.meta(&b.notes, &b.source, &format!("body-{}", b.id.value)),
            })
            .collect::<Vec<_>>();
        let organisations = plan
            .organisations
            .iter()
            .map(|o| OrganisationView {
                name: o.name.value.clone(),
                kind: opt_s(&o.kind),
                collective: o.collective,
                areas: self.area_titles(&o.areas),
                meta: self.meta(&o.notes, &o.source, &format!("org-{}", o.id.value)),
            })
            .collect::<Vec<_>>();
        // The list's own counts, as the cover counts them (SPEC 6.6: counts
        // that agree): declared organisations that no meeting or table names
        // are listed but not counted on the cover, and the page says so.
        let t = &self.summary.totals;
        let (collective, single): (Vec<_>, Vec<_>) =
            plan.organisations.iter().partition(|o| o.collective);
        let lang = self.lang;
        let mut organisations_count = crate::i18n::format(
            lang,
            "label.organisations-count",
            &[
                ("single", &f::integer(lang, single.len() as i64)),
                ("collective", &f::integer(lang, collective.len() as i64)),
            ],
        );
        if t.organisations != single.len() as i64
            || t.collective_organisations != collective.len() as i64
        {
            organisations_count.push(' ');
            organisations_count.push_str(&crate::i18n::format(
                lang,
                "label.organisations-count-named",
                &[
                    ("single", &f::integer(lang, t.organisations)),
                    ("collective", &f::integer(lang, t.collective_organisations)),
                ],
            ));
        }
        let jsonld = (!events.is_empty()).then(|| script_safe_json(&events));
        ProcessView {
            has_data: compute::has_data(plan, self.summary, Generated::Process),
            phases,
            tables,
            meetings,
            roles_core,
            roles_extended,
            bodies,
            organisations,
            organisations_count,
            jsonld,
            calendar: plan.meetings.iter().any(|m| m.sort_date().is_some())
                || plan
                    .milestones
                    .iter()
                    .any(|m| m.planned && m.date.is_some()),
        }
    }
}

/// A meeting as a schema.org Event, for search engines and calendars. The
/// fields are in the order JSON-LD readers have always seen them here.
#[derive(serde::Serialize)]
struct Event<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "endDate")]
    end: String,
    #[serde(rename = "eventAttendanceMode")]
    mode: &'static str,
    #[serde(rename = "isAccessibleForFree")]
    free: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Place<'a>>,
    name: &'a str,
    organizer: Organizer,
    #[serde(rename = "startDate")]
    start: String,
}

#[derive(serde::Serialize)]
struct Place<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(serde::Serialize)]
struct Organizer {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
}

/// JSON for a `<script type="application/ld+json">` block, compact: `<`, `>`
/// and `&` as escapes, so no text can close the block; the root token's
/// first `@` too, so that no text is taken for it.
pub fn script_safe_json(v: &impl serde::Serialize) -> String {
    // Writing these values cannot fail: their keys are strings.
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace(crate::text::ROOT_TOKEN, "\\u0040@WPROOT@@")
}
