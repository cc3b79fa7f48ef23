//! Recommendations (SPEC 2.11), grouped by the meeting or table that made
//! them, then by kind, in the order `compute` decides.

use crate::model::Choice;
use serde::Serialize;

use super::{Attribution, Views, opt_s};
use crate::compute::{self, Origin};
use crate::format as f;
use crate::render::markdown::Prose;

#[derive(Serialize)]
pub struct RecommendationView {
    /// Its place on the page (`id`), where a card that answers it links.
    pub anchor: String,
    pub title: Option<String>,
    pub text: Prose,
    pub areas: Vec<String>,
    /// What became of it (SPEC 5.1).
    pub response: Option<ResponseView>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct ResponseView {
    /// "accepted", "partly", "rejected", "pending".
    pub status: String,
    pub label: String,
    pub cards: Vec<super::cards::CardLink>,
    pub objectives: Vec<String>,
    pub note: Option<Prose>,
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

impl Views<'_, '_> {
    pub(super) fn recommendations(&mut self) -> Vec<RecommendationGroup> {
        let lang = self.lang;
        let groups = compute::recommendation_groups(self.plan, &self.index);
        groups
            .into_iter()
            .map(|g| {
                let (origin, origin_kind, when) = match g.origin {
                    Origin::Meeting(id, meeting) => (
                        meeting.map_or_else(|| id.to_string(), |m| m.title.value.clone()),
                        "meeting",
                        meeting
                            .and_then(|m| m.sort_date())
                            .map(|d| f::date_long(lang, d)),
                    ),
                    Origin::Table(id) => (self.index.table_title(id).to_string(), "table", None),
                };
                let kinds = g
                    .kinds
                    .into_iter()
                    .map(|(kind, items)| KindGroup {
                        kind: kind.into(),
                        label: self.l(&format!("recommendation-{kind}")),
                        items: items
                            .into_iter()
                            .map(|(i, r)| {
                                let prefix = format!("rec-{i}");
                                let response = r.response.as_ref().map(|resp| ResponseView {
                                    status: resp.status.value.word().to_string(),
                                    label: self.l(resp.status.value.label_key()),
                                    cards: resp
                                        .activities
                                        .iter()
                                        .filter_map(|id| {
                                            let a = self.plan.activities.iter().find(|a| {
                                                a.id.as_ref().is_some_and(|x| x.value == id.value)
                                            })?;
                                            Some(super::cards::CardLink {
                                                title: a.title.value.clone(),
                                                page: if a.card.is_full() {
                                                    super::cards::card_page(a)
                                                } else {
                                                    String::new()
                                                },
                                            })
                                        })
                                        .collect(),
                                    objectives: resp
                                        .objectives
                                        .iter()
                                        .map(|o| {
                                            self.plan
                                                .objectives
                                                .iter()
                                                .find(|x| x.id.value == o.value)
                                                .map_or_else(
                                                    || o.value.clone(),
                                                    |x| x.title.value.clone(),
                                                )
                                        })
                                        .collect(),
                                    note: resp
                                        .note
                                        .as_ref()
                                        .map(|n| self.md.render_inline(n, &prefix)),
                                });
                                RecommendationView {
                                    anchor: anchor(r),
                                    title: opt_s(&r.title),
                                    text: self.md.render(&r.text, &prefix, 4),
                                    areas: self.area_titles(&r.areas),
                                    response,
                                    meta: self.meta(&r.notes, &r.source, &prefix),
                                }
                            })
                            .collect(),
                    })
                    .collect();
                RecommendationGroup {
                    origin,
                    origin_kind: origin_kind.into(),
                    when,
                    kinds,
                }
            })
            .collect()
    }
}

/// A recommendation's anchor on its page: from its key, unique in the plan.
pub(super) fn anchor(r: &crate::model::Recommendation) -> String {
    crate::model::slug(&r.key)
}
