//! Chapters (SPEC 2.16): the plan's own prose, headings demoted under the
//! chapter's title, ids prefixed with its id.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Attribution, Views};
use crate::render::markdown::Prose;

#[derive(Serialize)]
pub struct ChapterView {
    pub id: String,
    pub title: String,
    pub body: Option<Prose>,
    pub placeholder: String,
    pub meta: Attribution,
}

impl Views<'_, '_> {
    pub(super) fn chapters(&mut self) -> BTreeMap<String, ChapterView> {
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
}
