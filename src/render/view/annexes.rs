//! Annexes (SPEC 2.12b): where each lands under OUT, its size and kind.

use serde::Serialize;

use super::{Attribution, Views};
use crate::format as f;
use crate::model::Plan;

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

impl Views<'_, '_> {
    pub(super) fn annexes(&mut self) -> Vec<AnnexView> {
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
                    href: crate::render::markdown::percent_encode_path(&path),
                    path,
                    size: f::file_size(self.lang, size),
                    kind: ext,
                    meta: self.meta(&a.notes, &a.source, &format!("annex-{}", a.id.value)),
                }
            })
            .collect()
    }
}
