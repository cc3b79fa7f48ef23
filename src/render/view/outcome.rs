//! The outcome (SPEC 2.12): milestones by date, planned ones marked.

use serde::Serialize;

use super::{Attribution, Views};
use crate::format::{self as f, not_available};

#[derive(Serialize)]
pub struct MilestoneView {
    pub title: String,
    pub when: String,
    pub planned: bool,
    pub meta: Attribution,
}

impl Views<'_, '_> {
    pub(super) fn milestones(&mut self) -> Vec<MilestoneView> {
        let lang = self.lang;
        crate::compute::milestones_by_date(self.plan)
            .into_iter()
            .map(|(i, m)| {
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
}
