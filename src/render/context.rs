//! The one typed context every template receives: built once from the model
//! and the summary, every figure already formatted in the plan's language,
//! every prose field already rendered (Markdown and sanitised HTML).
//!
//! Bump [`CONTEXT_VERSION`] on any change that could break a plan's own templates.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::chart;
use super::markdown::{MdRenderer, Prose};
use crate::compute::Summary;
use crate::format::{self as f, not_available};
use crate::i18n::{self, Lang};
use crate::model::Percent;
use crate::model::{Date, GENERATED_SECTIONS, Plan, S, Text};

pub const CONTEXT_VERSION: u32 = 1;

#[derive(Serialize)]
pub struct Context {
    pub context_version: u32,
    pub lang: &'static str,
    /// Labels of the plan's language, by name (`l.sessions`).
    pub l: BTreeMap<String, String>,
    /// Only from `SOURCE_DATE_EPOCH`: builds are otherwise dateless.
    pub generated_on: Option<String>,
    pub plan: PlanView,
    pub document: DocumentView,
    pub outline: Vec<SectionView>,
    pub key_figures: Vec<Figure>,
    pub process: ProcessView,
    pub participation: ParticipationView,
    pub resources: ResourcesView,
    pub areas: Vec<AreaView>,
    pub recommendations: Vec<RecommendationGroup>,
    pub milestones: Vec<MilestoneView>,
    pub annexes: Vec<AnnexView>,
    pub chapters: BTreeMap<String, ChapterView>,
    pub process_card: Option<ProcessCardView>,
}

#[derive(Serialize, Clone)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub rule: Option<String>,
}

#[derive(Serialize)]
pub struct PlanView {
    pub title: String,
    pub subtitle: Option<String>,
    pub authority: String,
    pub territory: Option<String>,
    pub region: Option<String>,
    pub reference_year: Option<String>,
    pub status: Option<String>,
    pub period: Option<String>,
    pub population: Option<String>,
    pub intro: Option<Prose>,
    pub notes: Option<Prose>,
    pub source: Option<String>,
}

#[derive(Serialize)]
pub struct ApprovalView {
    pub body: Option<String>,
    pub act: Option<String>,
    pub date: Option<String>,
}

#[derive(Serialize)]
pub struct DocumentView {
    pub version: Option<String>,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub status: String,
    pub status_label: String,
    /// True until approved: every page says BOZZA/DRAFT.
    pub draft: bool,
    pub approval: Option<ApprovalView>,
    /// "Versione 1.0 del 20 dicembre 2024 · Approvato: …", for covers and footers.
    pub identity: String,
    /// The accessibility statement's address, linked from every footer.
    pub accessibility: Option<String>,
    pub notes: Option<Prose>,
    pub source: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct SectionView {
    /// Chapter id or generated section name; also the page name.
    pub id: String,
    pub title: String,
    /// "chapter" or the generated section's name.
    pub kind: String,
    pub page: String,
    pub has_data: bool,
}

#[derive(Serialize)]
pub struct Attribution {
    pub notes: Option<Prose>,
    pub source: Option<String>,
}

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
    /// schema.org Events of the dated meetings, JSON already escaped for a script block.
    pub jsonld: Option<String>,
}

#[derive(Serialize)]
pub struct GroupRowView {
    pub title: String,
    pub sessions: String,
    pub participants: String,
    pub without_count: String,
}

#[derive(Serialize)]
pub struct ParticipationView {
    pub has_data: bool,
    pub totals: Vec<Figure>,
    pub partial: bool,
    pub by_phase: Vec<GroupRowView>,
    pub by_table: Vec<GroupRowView>,
    pub by_area: Vec<GroupRowView>,
    pub chart: Option<String>,
}

#[derive(Serialize)]
pub struct ResourceRowView {
    pub id: String,
    pub title: String,
    pub activities: String,
    pub users: String,
    pub cost: String,
    pub share: String,
    pub cost_per_user: String,
    pub partial: bool,
}

#[derive(Serialize)]
pub struct FundingView {
    pub sources: Vec<String>,
    pub rows: Vec<FundingRowView>,
    pub totals: Vec<String>,
    pub total: String,
    pub activities_without_funding: Option<String>,
}

#[derive(Serialize)]
pub struct FundingRowView {
    pub title: String,
    pub cells: Vec<String>,
    pub total: String,
}

#[derive(Serialize)]
pub struct TargetView {
    pub label: String,
    pub share: String,
    pub amount: String,
}

#[derive(Serialize)]
pub struct ComparisonView {
    pub name: String,
    pub year: String,
    pub per_capita: String,
    pub source: Option<String>,
    /// The plan's own figure, first in the comparison.
    pub own: bool,
}

#[derive(Serialize)]
pub struct SpendingView {
    pub year: String,
    pub total: String,
    pub population: String,
    pub per_capita: String,
    pub associated: Option<String>,
    pub associated_share: Option<String>,
    pub by_target: Vec<TargetView>,
    pub income_support: Option<String>,
    pub adult_population: Option<String>,
    pub income_support_per_adult: Option<String>,
    pub comparison: Vec<ComparisonView>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct ResourcesView {
    pub has_data: bool,
    pub has_activities: bool,
    pub reference_year: Option<String>,
    pub rows: Vec<ResourceRowView>,
    pub total: ResourceRowView,
    pub chart: Option<String>,
    pub funding: Option<FundingView>,
    pub spending: Option<SpendingView>,
}

#[derive(Serialize)]
pub struct LegalView {
    pub text: String,
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct ActivityView {
    pub title: String,
    pub provider: Option<String>,
    pub users: String,
    pub cost: String,
    pub legal: Vec<LegalView>,
    pub service_code: Option<String>,
    pub funding: Vec<(String, String)>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct AreaView {
    pub id: String,
    pub title: String,
    pub page: String,
    pub targets: Vec<String>,
    pub intro: Option<Prose>,
    pub activities: Vec<ActivityView>,
    pub total_users: String,
    pub total_cost: String,
    pub total_partial: bool,
    pub criticalities: Vec<Prose>,
    pub new_needs: Vec<Prose>,
    pub resource_recovery: Vec<Prose>,
    pub proposals: Vec<Prose>,
    pub sessions: String,
    pub participants: String,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct RecommendationView {
    pub title: Option<String>,
    pub text: Prose,
    pub areas: Vec<String>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct KindGroup {
    pub kind: String,
    pub label: String,
    pub items: Vec<RecommendationView>,
}

#[derive(Serialize)]
pub struct RecommendationGroup {
    pub origin: String,
    pub origin_kind: String,
    pub when: Option<String>,
    pub kinds: Vec<KindGroup>,
}

#[derive(Serialize)]
pub struct MilestoneView {
    pub title: String,
    pub when: String,
    pub planned: bool,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct AnnexView {
    pub id: String,
    pub title: String,
    /// Path under OUT ("annexes/accordo.pdf").
    pub path: String,
    /// The same path as a relative URL (spaces and the like escaped).
    pub href: String,
    pub size: String,
    pub kind: String,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct ChapterView {
    pub id: String,
    pub title: String,
    pub body: Option<Prose>,
    pub placeholder: String,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct ProcessCardView {
    pub rows: Vec<Figure>,
    pub objectives: Vec<Prose>,
    pub expected_results: Vec<Prose>,
    pub design: Option<Prose>,
    pub computed: Vec<Figure>,
    pub meta: Attribution,
}

/// Where the annexes land under OUT, keyed by annex id, with their plan-relative source.
pub fn annex_paths(plan: &Plan) -> Vec<(String, String, String)> {
    let mut used: Vec<String> = Vec::new();
    plan.annexes
        .iter()
        .map(|a| {
            let base = a
                .file
                .value
                .rsplit('/')
                .next()
                .unwrap_or("annex")
                .to_string();
            let mut name = base.clone();
            if used.contains(&name) {
                name = format!("{}-{base}", a.id.value);
            }
            used.push(name.clone());
            (
                a.id.value.clone(),
                a.file.value.clone(),
                format!("annexes/{name}"),
            )
        })
        .collect()
}

pub struct Builder<'r, 'a> {
    pub plan: &'a Plan,
    pub summary: &'a Summary,
    pub md: &'r mut MdRenderer<'a>,
    pub lang: Lang,
    pub annex_sizes: HashMap<String, u64>,
}

fn opt_s(s: &Option<S<String>>) -> Option<String> {
    s.as_ref().map(|v| v.value.clone())
}

impl Builder<'_, '_> {
    fn l(&self, key: &str) -> String {
        i18n::text(self.lang, &format!("label.{key}")).to_string()
    }

    /// Notes and other short prose: their headings, if any, sit deep in plan.md.
    fn prose(&mut self, t: &Option<Text>, prefix: &str) -> Option<Prose> {
        t.as_ref().map(|t| self.md.render(t, prefix, 4))
    }

    fn inline(&mut self, t: &Text, prefix: &str) -> Prose {
        self.md.render_inline(t, prefix)
    }

    fn inlines(&mut self, ts: &[Text], prefix: &str) -> Vec<Prose> {
        ts.iter()
            .map(|t| self.md.render_inline(t, prefix))
            .collect()
    }

    fn meta(
        &mut self,
        notes: &Option<Text>,
        source: &Option<S<String>>,
        prefix: &str,
    ) -> Attribution {
        Attribution {
            notes: notes
                .as_ref()
                .map(|n| self.md.render(n, &format!("{prefix}-note"), 4)),
            source: opt_s(source),
        }
    }

    fn date(&self, d: &Option<S<Date>>, label: &Option<S<String>>) -> Option<String> {
        match (label, d) {
            (Some(l), _) => Some(l.value.clone()),
            (None, Some(d)) => Some(f::date_short(self.lang, d.value)),
            _ => None,
        }
    }

    fn int(&self, n: Option<i64>) -> String {
        f::opt_integer(self.lang, n)
    }

    pub fn build(mut self, generated_on: Option<Date>) -> Context {
        let lang = self.lang;
        let plan = self.plan;
        let labels: BTreeMap<String, String> = i18n::catalogue(lang)
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("label.").map(|k| (k.to_string(), v.clone())))
            .collect();
        let area_titles: HashMap<&str, &str> = plan
            .areas
            .iter()
            .map(|a| (a.id.value.as_str(), a.title.value.as_str()))
            .collect();
        let org_names: HashMap<&str, &str> = plan
            .organisations
            .iter()
            .map(|o| (o.id.value.as_str(), o.name.value.as_str()))
            .collect();
        let table_titles: HashMap<&str, &str> = plan
            .tables
            .iter()
            .map(|t| (t.id.value.as_str(), t.title.value.as_str()))
            .collect();
        let phase_titles: HashMap<&str, &str> = plan
            .phases
            .iter()
            .map(|p| (p.id.value.as_str(), p.title.value.as_str()))
            .collect();

        let info = &plan.plan;
        let period = period(
            lang,
            info.start.as_ref().map(|d| d.value),
            info.end.as_ref().map(|d| d.value),
            f::date_long,
        );
        let plan_view = PlanView {
            title: opt_s(&info.title).unwrap_or_default(),
            subtitle: opt_s(&info.subtitle),
            authority: opt_s(&info.authority).unwrap_or_default(),
            territory: opt_s(&info.territory),
            region: opt_s(&info.region),
            reference_year: info.reference_year.as_ref().map(|y| y.value.to_string()),
            status: info
                .status
                .as_ref()
                .map(|s| self.l(&format!("plan-status-{}", s.value))),
            period,
            population: info.population.as_ref().map(|p| f::integer(lang, p.value)),
            intro: info.intro.as_ref().map(|t| self.md.render(t, "intro", 1)),
            notes: self.prose(&info.notes, "plan-note"),
            source: opt_s(&info.source),
        };

        let document = self.document_view();
        let process = self.process_view(&area_titles, &org_names, &table_titles, &phase_titles);
        let participation = self.participation_view();
        let resources = self.resources_view();
        let areas = self.areas_view();
        let recommendations = self.recommendations_view(&area_titles, &table_titles);
        let milestones = self.milestones_view();
        let annexes = self.annexes_view();
        let chapters = self.chapters_view();
        let process_card = self.process_card_view();
        let outline = self.outline(
            &process,
            &participation,
            &resources,
            &areas,
            &recommendations,
            &milestones,
            &annexes,
        );

        let t = &self.summary.totals;
        let mut key_figures = vec![
            Figure {
                label: self.l("sessions"),
                value: f::integer(lang, t.sessions),
                rule: None,
            },
            Figure {
                label: self.l("participants"),
                value: self.int(t.participants),
                rule: None,
            },
            Figure {
                label: self.l("public-meetings"),
                value: f::integer(lang, t.public_meetings),
                rule: None,
            },
            Figure {
                label: self.l("organisations"),
                value: f::integer(lang, t.organisations),
                rule: None,
            },
            Figure {
                label: self.l("tables"),
                value: f::integer(lang, t.tables),
                rule: None,
            },
        ];
        if t.activities > 0 {
            key_figures.push(Figure {
                label: self.l("activities"),
                value: f::integer(lang, t.activities),
                rule: None,
            });
            key_figures.push(Figure {
                label: self.l("total-cost"),
                value: f::opt_money(lang, t.cost),
                rule: None,
            });
        }
        if let Some(sp) = &self.summary.spending
            && let Some(pc) = sp.per_capita
        {
            key_figures.push(Figure {
                label: self.l("per-capita-spending"),
                value: f::money(lang, pc),
                rule: None,
            });
        }

        Context {
            context_version: CONTEXT_VERSION,
            lang: lang.code(),
            l: labels,
            generated_on: generated_on.map(|d| f::date_long(lang, d)),
            plan: plan_view,
            document,
            outline,
            key_figures,
            process,
            participation,
            resources,
            areas,
            recommendations,
            milestones,
            annexes,
            chapters,
            process_card,
        }
    }

    fn document_view(&mut self) -> DocumentView {
        let lang = self.lang;
        let d = &self.plan.document;
        let draft = d.status != "approved";
        let status_label = self.l(&format!("document-status-{}", d.status));
        let approval = d.approval.as_ref().map(|a| ApprovalView {
            body: opt_s(&a.body),
            act: opt_s(&a.act),
            date: a.date.as_ref().map(|d| f::date_long(lang, d.value)),
        });
        let mut parts = Vec::new();
        match (&d.version, &d.date) {
            (Some(v), Some(dt)) => parts.push(i18n::format(
                lang,
                "label.version-of",
                &[("version", &v.value), ("of_date", &of_date(lang, dt.value))],
            )),
            (Some(v), None) => parts.push(i18n::format(
                lang,
                "label.version",
                &[("version", &v.value)],
            )),
            (None, Some(dt)) => parts.push(i18n::format(
                lang,
                "label.dated",
                &[("of_date", &of_date(lang, dt.value))],
            )),
            _ => {}
        }
        let approved_on = d.approval.as_ref().and_then(|a| a.date.as_ref());
        match (&approval, approved_on) {
            (
                Some(ApprovalView {
                    body: Some(b),
                    act: Some(act),
                    ..
                }),
                Some(dt),
            ) if !draft => parts.push(i18n::format(
                lang,
                "label.approved-by",
                &[
                    ("body", b),
                    ("act", act),
                    ("of_date", &of_date(lang, dt.value)),
                ],
            )),
            _ => parts.push(status_label.clone()),
        }
        DocumentView {
            version: opt_s(&d.version),
            date: d.date.as_ref().map(|x| f::date_long(lang, x.value)),
            date_iso: d.date.as_ref().map(|x| x.value.iso()),
            status: d.status.clone(),
            status_label,
            draft,
            approval,
            identity: parts.join(" · "),
            accessibility: opt_s(&d.accessibility),
            notes: self.prose(&d.notes, "document-note"),
            source: opt_s(&d.source),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn outline(
        &self,
        process: &ProcessView,
        participation: &ParticipationView,
        resources: &ResourcesView,
        areas: &[AreaView],
        recommendations: &[RecommendationGroup],
        milestones: &[MilestoneView],
        annexes: &[AnnexView],
    ) -> Vec<SectionView> {
        let has = |name: &str| match name {
            "process" => process.has_data,
            "participation" => participation.has_data,
            "resources" => resources.has_data,
            "areas" => !areas.is_empty(),
            "recommendations" => !recommendations.is_empty(),
            "outcome" => !milestones.is_empty(),
            "annexes" => !annexes.is_empty(),
            _ => true,
        };
        let section = |id: &str, title: Option<&str>| -> SectionView {
            let generated = GENERATED_SECTIONS.contains(&id);
            let default_title = if generated {
                self.l(&format!("section-{id}"))
            } else {
                self.plan
                    .chapters
                    .iter()
                    .find(|c| c.id.value == id)
                    .map(|c| c.title.value.clone())
                    .unwrap_or_default()
            };
            SectionView {
                id: id.to_string(),
                title: title.map(str::to_string).unwrap_or(default_title),
                kind: if generated {
                    id.to_string()
                } else {
                    "chapter".to_string()
                },
                page: format!("{id}.html"),
                has_data: has(id),
            }
        };
        match &self.plan.document.outline {
            Some(entries) => entries
                .iter()
                .filter(|e| {
                    GENERATED_SECTIONS.contains(&e.id.value.as_str())
                        || self.plan.chapters.iter().any(|c| c.id.value == e.id.value)
                })
                .map(|e| section(&e.id.value, e.title.as_ref().map(|t| t.value.as_str())))
                .collect(),
            None => {
                let mut out = Vec::new();
                if has("process") {
                    out.push(section("process", None));
                }
                for c in &self.plan.chapters {
                    out.push(section(&c.id.value, None));
                }
                for name in &GENERATED_SECTIONS[1..] {
                    if has(name) {
                        out.push(section(name, None));
                    }
                }
                out
            }
        }
    }

    fn process_view(
        &mut self,
        area_titles: &HashMap<&str, &str>,
        org_names: &HashMap<&str, &str>,
        table_titles: &HashMap<&str, &str>,
        phase_titles: &HashMap<&str, &str>,
    ) -> ProcessView {
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
                phase: t.phase.as_ref().map(|p| {
                    phase_titles
                        .get(p.value.as_str())
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| p.value.clone())
                }),
                areas: names(&t.areas, area_titles),
                organisations: names(&t.organisations, org_names),
                lead: opt_s(&t.lead),
                meta: self.meta(&t.notes, &t.source, &format!("table-{}", t.id.value)),
            })
            .collect();
        // Meetings by date, then source order; undated last.
        let mut order: Vec<usize> = (0..plan.meetings.len()).collect();
        order.sort_by_key(|&i| {
            (
                plan.meetings[i].sort_date().is_none(),
                plan.meetings[i].sort_date(),
                i,
            )
        });
        let mut events = Vec::new();
        let meetings = order
            .into_iter()
            .map(|i| {
                let m = &plan.meetings[i];
                let when = match (&m.date, &m.from, &m.to) {
                    (Some(d), _, _) => f::date_short(lang, d.value),
                    (None, Some(a), Some(b)) => format!("{} – {}", f::date_short(lang, a.value), f::date_short(lang, b.value)),
                    (None, a, b) if a.is_some() || b.is_some() => period(
                        lang,
                        a.as_ref().map(|d| d.value),
                        b.as_ref().map(|d| d.value),
                        f::date_short,
                    )
                    .unwrap_or_default(),
                    _ => not_available(lang).to_string(),
                };
                let start = m.date.as_ref().or(m.from.as_ref());
                if let Some(start) = start {
                    let end = m.date.as_ref().or(m.to.as_ref()).unwrap_or(start);
                    let mut ev = serde_json::json!({
                        "@context": "https://schema.org",
                        "@type": "Event",
                        "name": m.title.value,
                        "startDate": start.value.iso(),
                        "endDate": end.value.iso(),
                        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
                        "organizer": { "@type": "Organization", "name": opt_s(&plan.plan.authority).unwrap_or_default() },
                        "isAccessibleForFree": m.public,
                    });
                    if let Some(place) = &m.place {
                        ev["location"] = serde_json::json!({ "@type": "Place", "name": place.value });
                    }
                    events.push(ev);
                }
                MeetingView {
                    key: m.key.clone(),
                    title: m.title.value.clone(),
                    phase: phase_titles.get(m.phase.value.as_str()).map(|s| s.to_string()).unwrap_or_else(|| m.phase.value.clone()),
                    when,
                    when_long: m.date.as_ref().map(|d| f::date_long(lang, d.value)),
                    sessions: f::integer(lang, m.sessions.value),
                    participants: self.int(m.participants.as_ref().map(|p| p.value)),
                    public: m.public,
                    place: opt_s(&m.place),
                    lead: opt_s(&m.lead),
                    tables: names(&m.tables, table_titles),
                    areas: names(&m.areas, area_titles),
                    organisations: names(&m.organisations, org_names),
                    meta: self.meta(&m.notes, &m.source, &format!("meeting-{}", crate::model::slug(&m.key))),
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
                areas: names(&o.areas, area_titles),
                meta: self.meta(&o.notes, &o.source, &format!("org-{}", o.id.value)),
            })
            .collect::<Vec<_>>();
        let jsonld =
            (!events.is_empty()).then(|| script_safe_json(&serde_json::Value::Array(events)));
        ProcessView {
            has_data: !plan.phases.is_empty()
                || !plan.meetings.is_empty()
                || !plan.tables.is_empty()
                || !plan.roles.is_empty()
                || !plan.bodies.is_empty(),
            phases,
            tables,
            meetings,
            roles_core,
            roles_extended,
            bodies,
            organisations,
            jsonld,
        }
    }

    fn participation_view(&mut self) -> ParticipationView {
        let lang = self.lang;
        let s = self.summary;
        let t = &s.totals;
        let totals = super::summary::total_figures(lang, t)
            .into_iter()
            .map(|(label, value, rule)| Figure {
                label,
                value,
                rule: Some(rule),
            })
            .collect();
        let row =
            |b: &Self, title: &str, sessions: i64, participants: Option<i64>, without: i64| {
                GroupRowView {
                    title: title.to_string(),
                    sessions: f::integer(lang, sessions),
                    participants: b.int(participants),
                    without_count: f::integer(lang, without),
                }
            };
        let by_phase = s
            .phases
            .iter()
            .map(|r| {
                row(
                    self,
                    &r.title,
                    r.sessions,
                    r.participants,
                    r.sessions_without_count,
                )
            })
            .collect();
        let by_table = s
            .tables
            .iter()
            .map(|r| {
                row(
                    self,
                    &r.title,
                    r.sessions,
                    r.participants,
                    r.sessions_without_count,
                )
            })
            .collect();
        let by_area = s
            .areas
            .iter()
            .map(|r| {
                row(
                    self,
                    &r.title,
                    r.sessions,
                    r.participants,
                    r.sessions_without_count,
                )
            })
            .collect();
        let chart = (!s.phases.is_empty() && t.sessions > 0).then(|| {
            chart::bar_chart(
                "chart-participation",
                &self.l("chart-participation-title"),
                &self.l("chart-participation-desc"),
                &s.phases
                    .iter()
                    .map(|p| (p.title.clone(), p.sessions, f::integer(lang, p.sessions)))
                    .collect::<Vec<_>>(),
            )
        });
        ParticipationView {
            has_data: !self.plan.meetings.is_empty() || !self.plan.tables.is_empty(),
            totals,
            partial: t.sessions_without_count > 0,
            by_phase,
            by_table,
            by_area,
            chart,
        }
    }

    fn resources_view(&mut self) -> ResourcesView {
        let lang = self.lang;
        let s = self.summary;
        let t = &s.totals;
        let rows: Vec<ResourceRowView> = s
            .areas
            .iter()
            .map(|a| ResourceRowView {
                id: a.id.clone(),
                title: a.title.clone(),
                activities: f::integer(lang, a.activities),
                users: self.int(a.users),
                cost: f::opt_money(lang, a.cost),
                share: f::opt_percent(lang, a.cost_share),
                cost_per_user: f::opt_money(lang, a.cost_per_user),
                partial: a.partial.iter().any(|p| *p != "participants"),
            })
            .collect();
        let total = ResourceRowView {
            id: "total".into(),
            title: self.l("total"),
            activities: f::integer(lang, t.activities),
            users: self.int(t.users),
            cost: f::opt_money(lang, t.cost),
            share: t
                .cost
                .map(|_| f::percent(lang, Percent(10_000)))
                .unwrap_or_else(|| not_available(lang).into()),
            cost_per_user: String::new(),
            partial: t.partial.iter().any(|p| *p != "participants"),
        };
        let chart = (t.cost.is_some_and(|c| c.cents() > 0)).then(|| {
            chart::bar_chart(
                "chart-resources",
                &self.l("chart-resources-title"),
                &self.l("chart-resources-desc"),
                &s.areas
                    .iter()
                    .map(|a| {
                        (
                            a.title.clone(),
                            a.cost.map(|c| c.cents()).unwrap_or(0),
                            f::opt_money(lang, a.cost),
                        )
                    })
                    .collect::<Vec<_>>(),
            )
        });
        let funding = s.funding.as_ref().map(|fu| FundingView {
            sources: fu.sources.clone(),
            rows: fu
                .rows
                .iter()
                .map(|r| FundingRowView {
                    title: r.title.clone(),
                    cells: r
                        .amounts
                        .iter()
                        .map(|a| a.map(|m| f::money(lang, m)).unwrap_or_else(|| "–".into()))
                        .collect(),
                    total: f::money(lang, r.total),
                })
                .collect(),
            totals: fu.totals.iter().map(|m| f::money(lang, *m)).collect(),
            total: f::money(lang, fu.total),
            activities_without_funding: (fu.activities_without_funding > 0).then(|| {
                i18n::format(
                    lang,
                    "label.activities-without-funding",
                    &[("n", &f::integer(lang, fu.activities_without_funding))],
                )
            }),
        });
        let spending = match (&s.spending, &self.plan.spending) {
            (Some(sp), Some(model)) => {
                let mut comparison = vec![ComparisonView {
                    name: opt_s(&self.plan.plan.authority).unwrap_or_default(),
                    year: sp.year.map(|y| y.to_string()).unwrap_or_default(),
                    per_capita: f::opt_money(lang, sp.per_capita),
                    source: None,
                    own: true,
                }];
                comparison.extend(sp.benchmarks.iter().map(|b| ComparisonView {
                    name: b.name.clone(),
                    year: b.year.to_string(),
                    per_capita: f::money(lang, b.per_capita),
                    source: b.source.clone(),
                    own: false,
                }));
                Some(SpendingView {
                    year: sp.year.map(|y| y.to_string()).unwrap_or_default(),
                    total: f::opt_money(lang, sp.total),
                    population: self.int(sp.population),
                    per_capita: f::opt_money(lang, sp.per_capita),
                    associated: sp.associated.map(|m| f::money(lang, m)),
                    associated_share: sp
                        .associated
                        .map(|_| f::opt_percent(lang, sp.associated_share)),
                    by_target: sp
                        .by_target
                        .iter()
                        .map(|t| TargetView {
                            label: target_label(lang, &t.target),
                            share: f::opt_percent(lang, t.share),
                            amount: f::opt_money(lang, t.amount),
                        })
                        .collect(),
                    income_support: sp.income_support.map(|m| f::money(lang, m)),
                    adult_population: sp.adult_population.map(|p| f::integer(lang, p)),
                    income_support_per_adult: sp
                        .income_support_per_adult
                        .map(|m| f::money(lang, m)),
                    comparison,
                    meta: self.meta(&model.notes, &model.source, "spending"),
                })
            }
            _ => None,
        };
        ResourcesView {
            has_data: t.activities > 0 || spending.is_some(),
            has_activities: t.activities > 0,
            reference_year: self
                .plan
                .plan
                .reference_year
                .as_ref()
                .map(|y| y.value.to_string()),
            rows,
            total,
            chart,
            funding,
            spending,
        }
    }

    fn areas_view(&mut self) -> Vec<AreaView> {
        let lang = self.lang;
        let plan = self.plan;
        let summary = self.summary;
        let by_area = crate::compute::index(&plan.activities, |_, a| vec![a.area.value.as_str()]);
        let empty = Vec::new();
        plan.areas
            .iter()
            .zip(&summary.areas)
            .map(|(area, row)| {
                let id = area.id.value.clone();
                let prefix = format!("area-{id}");
                let row = Some(row);
                let activities = by_area
                    .get(id.as_str())
                    .unwrap_or(&empty)
                    .iter()
                    .map(|a| ActivityView {
                        title: a.title.value.clone(),
                        provider: opt_s(&a.provider),
                        users: self.int(a.users.as_ref().map(|u| u.value)),
                        cost: f::opt_money(lang, a.cost.as_ref().map(|c| c.value)),
                        legal: a
                            .legal_ref
                            .iter()
                            .map(|l| LegalView {
                                text: l.text.value.clone(),
                                url: l.url(),
                            })
                            .collect(),
                        service_code: opt_s(&a.service_code),
                        funding: a
                            .funding
                            .iter()
                            .map(|fu| (fu.source.value.clone(), f::money(lang, fu.amount.value)))
                            .collect(),
                        meta: self.meta(
                            &a.notes,
                            &a.source,
                            &format!("{prefix}-{}", crate::model::slug(&a.key)),
                        ),
                    })
                    .collect();
                AreaView {
                    page: format!("areas/{id}.html"),
                    title: area.title.value.clone(),
                    targets: area
                        .target
                        .iter()
                        .map(|t| target_label(lang, &t.value))
                        .collect(),
                    intro: area.intro.as_ref().map(|t| self.md.render(t, &prefix, 3)),
                    activities,
                    total_users: self.int(row.and_then(|r| r.users)),
                    total_cost: f::opt_money(lang, row.and_then(|r| r.cost)),
                    total_partial: row
                        .is_some_and(|r| r.partial.iter().any(|p| *p != "participants")),
                    criticalities: self.inlines(&area.criticalities, &prefix),
                    new_needs: self.inlines(&area.new_needs, &prefix),
                    resource_recovery: self.inlines(&area.resource_recovery, &prefix),
                    proposals: self.inlines(&area.proposals, &prefix),
                    sessions: f::integer(lang, row.map(|r| r.sessions).unwrap_or(0)),
                    participants: self.int(row.and_then(|r| r.participants)),
                    meta: self.meta(&area.notes, &area.source, &prefix),
                    id,
                }
            })
            .collect()
    }

    fn recommendations_view(
        &mut self,
        area_titles: &HashMap<&str, &str>,
        table_titles: &HashMap<&str, &str>,
    ) -> Vec<RecommendationGroup> {
        let plan = self.plan;
        let lang = self.lang;
        // Groups in order of first appearance; kinds in the fixed order content, method, organisation.
        let mut groups: Vec<PendingGroup> = Vec::new();
        let mut group_of: HashMap<String, usize> = HashMap::new();
        let meetings_by_id: HashMap<&str, &crate::model::Meeting> = plan
            .meetings
            .iter()
            .filter_map(|m| m.id.as_ref().map(|id| (id.value.as_str(), m)))
            .collect();
        for (i, r) in plan.recommendations.iter().enumerate() {
            let (key, origin, origin_kind, when) = match (&r.meeting, &r.table) {
                (Some(m), _) => {
                    let meeting = meetings_by_id.get(m.value.as_str()).copied();
                    let when = meeting
                        .and_then(|x| x.sort_date())
                        .map(|d| f::date_long(lang, d));
                    let title = meeting
                        .map(|x| x.title.value.clone())
                        .unwrap_or_else(|| m.value.clone());
                    (format!("m:{}", m.value), title, "meeting", when)
                }
                (None, Some(t)) => {
                    let title = table_titles
                        .get(t.value.as_str())
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| t.value.clone());
                    (format!("t:{}", t.value), title, "table", None)
                }
                _ => continue,
            };
            let prefix = format!("rec-{i}");
            let view = RecommendationView {
                title: opt_s(&r.title),
                text: self.md.render(&r.text, &prefix, 4),
                areas: r
                    .areas
                    .iter()
                    .map(|a| {
                        area_titles
                            .get(a.value.as_str())
                            .map(|s| s.to_string())
                            .unwrap_or_else(|| a.value.clone())
                    })
                    .collect(),
                meta: self.meta(&r.notes, &r.source, &prefix),
            };
            let item = (r.kind.value.clone(), view);
            match group_of.get(&key) {
                Some(&g) => groups[g].2.push(item),
                None => {
                    group_of.insert(key.clone(), groups.len());
                    groups.push((
                        key,
                        RecommendationGroup {
                            origin,
                            origin_kind: origin_kind.into(),
                            when,
                            kinds: vec![],
                        },
                        vec![item],
                    ))
                }
            }
        }
        groups
            .into_iter()
            .map(|(_, mut g, items)| {
                let mut items = items;
                for kind in ["content", "method", "organisation"] {
                    let these: Vec<RecommendationView> = {
                        let (take, keep): (Vec<_>, Vec<_>) =
                            items.into_iter().partition(|(k, _)| k == kind);
                        items = keep;
                        take.into_iter().map(|(_, v)| v).collect()
                    };
                    if !these.is_empty() {
                        g.kinds.push(KindGroup {
                            kind: kind.into(),
                            label: self.l(&format!("recommendation-{kind}")),
                            items: these,
                        });
                    }
                }
                g
            })
            .collect()
    }

    fn milestones_view(&mut self) -> Vec<MilestoneView> {
        let lang = self.lang;
        let plan = self.plan;
        let mut order: Vec<usize> = (0..plan.milestones.len()).collect();
        order.sort_by_key(|&i| {
            let d = plan.milestones[i].date.as_ref().map(|d| d.value);
            (d.is_none(), d, i)
        });
        order
            .into_iter()
            .map(|i| {
                let m = &plan.milestones[i];
                let when = match (&m.date_label, &m.date) {
                    (Some(l), _) => l.value.clone(),
                    (None, Some(d)) => f::date_long(lang, d.value),
                    _ => not_available(lang).to_string(),
                };
                MilestoneView {
                    title: m.title.value.clone(),
                    when,
                    planned: m.planned,
                    meta: self.meta(&m.notes, &m.source, &format!("milestone-{i}")),
                }
            })
            .collect()
    }

    fn annexes_view(&mut self) -> Vec<AnnexView> {
        let paths = annex_paths(self.plan);
        self.plan
            .annexes
            .iter()
            .zip(paths)
            .map(|(a, (_, _, path))| {
                let size = self.annex_sizes.get(&a.id.value).copied().unwrap_or(0);
                let ext = path
                    .rsplit('.')
                    .next()
                    .filter(|e| !e.contains('/'))
                    .unwrap_or("")
                    .to_uppercase();
                AnnexView {
                    id: a.id.value.clone(),
                    title: a.title.value.clone(),
                    href: super::markdown::percent_encode_path(&path),
                    path,
                    size: f::file_size(self.lang, size),
                    kind: ext,
                    meta: self.meta(&a.notes, &a.source, &format!("annex-{}", a.id.value)),
                }
            })
            .collect()
    }

    fn chapters_view(&mut self) -> BTreeMap<String, ChapterView> {
        let placeholder = self.l("text-not-available");
        self.plan
            .chapters
            .iter()
            .map(|c| {
                let id = c.id.value.clone();
                let view = ChapterView {
                    title: c.title.value.clone(),
                    body: c.text.as_ref().map(|t| self.md.render(t, &id, 2)),
                    placeholder: placeholder.clone(),
                    meta: self.meta(&c.notes, &c.source, &id),
                    id: id.clone(),
                };
                (id, view)
            })
            .collect()
    }

    fn process_card_view(&mut self) -> Option<ProcessCardView> {
        let lang = self.lang;
        let p = self.plan.process.as_ref()?;
        let yes_no = |b: &Self, v: &Option<S<bool>>| match v {
            Some(x) if x.value => b.l("yes"),
            Some(_) => b.l("no"),
            None => b.l("not-stated"),
        };
        let list = |v: &[S<String>]| {
            v.iter()
                .map(|s| s.value.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut rows = Vec::new();
        let mut push = |label: String, value: String| {
            rows.push(Figure {
                label,
                value,
                rule: None,
            })
        };
        push(
            self.l("card-decision-holders"),
            non_empty(list(&p.decision_holders), lang),
        );
        push(self.l("card-partners"), non_empty(list(&p.partners), lang));
        push(
            self.l("card-participants"),
            non_empty(list(&p.participants), lang),
        );
        push(
            self.l("card-participation"),
            p.participation
                .as_ref()
                .map(|x| self.l(&format!("participation-{}", x.value)))
                .unwrap_or_else(|| self.l("not-stated")),
        );
        push(self.l("card-codecision"), yes_no(self, &p.codecision));
        push(self.l("card-digital-tools"), yes_no(self, &p.digital_tools));
        push(self.l("card-methods"), non_empty(list(&p.methods), lang));
        push(
            self.l("card-level"),
            opt_s(&p.level).unwrap_or_else(|| self.l("not-stated")),
        );
        push(
            self.l("card-index"),
            p.index
                .as_ref()
                .map(|i| format!("{}/30", i.value))
                .unwrap_or_else(|| self.l("not-stated")),
        );
        push(
            self.l("card-start-year"),
            p.start_year
                .as_ref()
                .map(|y| y.value.to_string())
                .unwrap_or_else(|| self.l("not-stated")),
        );
        push(
            self.l("card-end-year"),
            p.end_year
                .as_ref()
                .map(|y| y.value.to_string())
                .unwrap_or_else(|| self.l("not-stated")),
        );
        push(
            self.l("card-duration"),
            p.duration_months
                .as_ref()
                .map(|d| f::integer(lang, d.value))
                .unwrap_or_else(|| self.l("not-stated")),
        );
        push(self.l("card-certified"), yes_no(self, &p.certified));
        push(
            self.l("card-status"),
            self.plan
                .plan
                .status
                .as_ref()
                .map(|s| self.l(&format!("plan-status-{}", s.value)))
                .unwrap_or_else(|| self.l("not-stated")),
        );
        for e in &p.extra {
            push(e.label.value.clone(), e.value.value.clone());
        }
        let t = &self.summary.totals;
        let computed = vec![
            Figure {
                label: self.l("sessions"),
                value: f::integer(lang, t.sessions),
                rule: None,
            },
            Figure {
                label: self.l("participants"),
                value: self.int(t.participants),
                rule: None,
            },
            Figure {
                label: self.l("organisations"),
                value: f::integer(lang, t.organisations),
                rule: None,
            },
            Figure {
                label: self.l("tables"),
                value: f::integer(lang, t.tables),
                rule: None,
            },
        ];
        Some(ProcessCardView {
            rows,
            objectives: self.inlines(&p.objectives, "card"),
            expected_results: self.inlines(&p.expected_results, "card"),
            design: p
                .design
                .as_ref()
                .map(|d| self.md.render(d, "card-design", 2)),
            computed,
            meta: self.meta(&p.notes, &p.source, "card"),
        })
    }
}

/// "del 20 dicembre 2024", "dell'11 dicembre 2012", "of 20 December 2024".
fn of_date(lang: Lang, d: Date) -> String {
    f::with_preposition(lang, "of", d, &f::date_long(lang, d))
}

/// "dal 15 gennaio 2024 al 31 dicembre 2024", "from …", "until …", with dates
/// written by `show`.
fn period(
    lang: Lang,
    from: Option<Date>,
    to: Option<Date>,
    show: fn(Lang, Date) -> String,
) -> Option<String> {
    let with = |prep: &str, d: Date| f::with_preposition(lang, prep, d, &show(lang, d));
    match (from, to) {
        (Some(a), Some(b)) => Some(i18n::format(
            lang,
            "label.period-from-to",
            &[("from", &with("from", a)), ("to", &with("to", b))],
        )),
        (Some(a), None) => Some(i18n::format(
            lang,
            "label.period-from",
            &[("from", &with("from", a))],
        )),
        (None, Some(b)) => Some(i18n::format(
            lang,
            "label.period-to",
            &[("until", &with("until", b))],
        )),
        _ => None,
    }
}

/// Titles or names of referenced ids (the id itself if unknown).
fn names(ids: &[S<String>], map: &HashMap<&str, &str>) -> Vec<String> {
    ids.iter()
        .map(|i| {
            map.get(i.value.as_str())
                .map(|s| s.to_string())
                .unwrap_or_else(|| i.value.clone())
        })
        .collect()
}

/// Recommendations of one origin: (origin key, the group, (kind, item) in source order).
type PendingGroup = (
    String,
    RecommendationGroup,
    Vec<(String, RecommendationView)>,
);

fn non_empty(s: String, lang: Lang) -> String {
    if s.is_empty() {
        i18n::text(lang, "label.not-stated").to_string()
    } else {
        s
    }
}

/// A label for an Istat user area, or the target as written.
pub fn target_label(lang: Lang, target: &str) -> String {
    let key = format!("label.target-{target}");
    if i18n::catalogue(lang).contains_key(&key) {
        i18n::text(lang, &key).to_string()
    } else {
        target.to_string()
    }
}

/// JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` as
/// escapes, so no text can close the block.
pub fn script_safe_json(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
