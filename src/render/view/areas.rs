//! One section per policy area (SPEC 2.7–2.8): its activities with their
//! figures, funding and legal references, and what the tables said of it.

use serde::Serialize;

use super::resources::target_label;
use super::{Attribution, Views, opt_s};
use crate::format as f;
use crate::render::markdown::Prose;

#[derive(Serialize)]
pub struct LegalView {
    pub text: String,
    pub url: Option<String>,
}

impl LegalView {
    /// Legal references as shown: the text as written, the Normattiva link when recognised.
    pub fn list(refs: &[crate::model::LegalRef]) -> Vec<LegalView> {
        refs.iter()
            .map(|l| LegalView {
                text: l.text.value.clone(),
                url: l.url(),
            })
            .collect()
    }
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
    /// Cards of other areas that serve this one too: listed and linked,
    /// counted in their own area (SPEC 7).
    pub also: Vec<AlsoView>,
    /// Its money by year and its cards (SPEC 6.6), when any card has money.
    pub money: Option<super::money::AreaMoneyView>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct AlsoView {
    pub title: String,
    /// The card's page, from the site root (`None` for a plain activity).
    pub page: Option<String>,
    /// The title of the area it is counted in.
    pub counted_in: String,
}

impl Views<'_, '_> {
    pub(super) fn areas(&mut self) -> Vec<AreaView> {
        let lang = self.lang;
        let plan = self.plan;
        let summary = self.summary;
        let by_area = crate::compute::activities_by_area(plan);
        let reference_year = plan.plan.reference_year.as_ref().map(|y| y.value);
        let empty = Vec::new();
        let mut money = self.area_money();
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
                        users: self.int(a.reference_users(reference_year)),
                        cost: f::opt_money(lang, a.reference_cost(reference_year)),
                        legal: LegalView::list(&a.legal_ref),
                        service_code: opt_s(&a.service_code),
                        funding: a
                            .funding
                            .iter()
                            .map(|fu| {
                                (
                                    self.source_name(&fu.source.value),
                                    f::money(lang, fu.amount.value),
                                )
                            })
                            .collect(),
                        meta: self.meta(
                            &a.notes,
                            &a.source,
                            &format!("{prefix}-{}", crate::model::slug(&a.key)),
                        ),
                    })
                    .collect();
                AreaView {
                    money: money.remove(&id),
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
                    total_partial: row.is_some_and(|r| r.partial.resources()),
                    criticalities: self.inlines(&area.criticalities, &prefix),
                    new_needs: self.inlines(&area.new_needs, &prefix),
                    resource_recovery: self.inlines(&area.resource_recovery, &prefix),
                    proposals: self.inlines(&area.proposals, &prefix),
                    sessions: f::integer(lang, row.map(|r| r.sessions).unwrap_or(0)),
                    participants: self.int(row.and_then(|r| r.participants)),
                    also: plan
                        .activities
                        .iter()
                        .filter(|a| a.also_areas.iter().any(|x| x.value == area.id.value))
                        .map(|a| AlsoView {
                            title: a.title.value.clone(),
                            page: a.card.is_full().then(|| super::cards::card_page(a)),
                            counted_in: plan
                                .areas
                                .iter()
                                .find(|x| x.id.value == a.area.value)
                                .map_or_else(|| a.area.value.clone(), |x| x.title.value.clone()),
                        })
                        .collect(),
                    meta: self.meta(&area.notes, &area.source, &prefix),
                    id,
                }
            })
            .collect()
    }
}
