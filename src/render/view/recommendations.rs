//! Recommendations (SPEC 2.11), grouped by the meeting or table that made
//! them, then by kind, in the order `compute` decides.

use serde::Serialize;

use super::{Attribution, Views, opt_s};
use crate::compute::{self, Origin};
use crate::format as f;
use crate::render::markdown::Prose;

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
                                RecommendationView {
                                    title: opt_s(&r.title),
                                    text: self.md.render(&r.text, &prefix, 4),
                                    areas: self.area_titles(&r.areas),
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
