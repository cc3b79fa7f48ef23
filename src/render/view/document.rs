//! The document as a whole: the plan's identity (title, period, status,
//! version and approval), the outline of sections, and the cover's key figures.

use serde::Serialize;

use super::{Views, opt_s};
use crate::compute;
use crate::format as f;
use crate::i18n;
use crate::model::Section;
use crate::render::markdown::Prose;

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
    /// What a draft or a proposal says at the top of every page (empty once approved).
    pub draft_mark: String,
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

impl Views<'_, '_> {
    pub(super) fn plan_info(&mut self) -> PlanView {
        let lang = self.lang;
        let info = &self.plan.plan;
        let period = f::period(
            lang,
            info.start.as_ref().map(|d| d.value),
            info.end.as_ref().map(|d| d.value),
            f::date_long,
        );
        PlanView {
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
            population: self.plan.population().map(|p| f::integer(lang, p)),
            intro: info.intro.as_ref().map(|t| self.md.render(t, "intro", 1)),
            notes: self.prose(&info.notes, "plan-note"),
            source: opt_s(&info.source),
        }
    }

    pub(super) fn document(&mut self) -> DocumentView {
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
                &[
                    ("version", &v.value),
                    ("of_date", &f::of_date(lang, dt.value)),
                ],
            )),
            (Some(v), None) => parts.push(i18n::format(
                lang,
                "label.version",
                &[("version", &v.value)],
            )),
            (None, Some(dt)) => parts.push(i18n::format(
                lang,
                "label.dated",
                &[("of_date", &f::of_date(lang, dt.value))],
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
                    ("of_date", &f::of_date(lang, dt.value)),
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
            draft_mark: if draft {
                self.l(&format!("draft-mark-{}", d.status))
            } else {
                String::new()
            },
            draft,
            approval,
            identity: parts.join(" · "),
            accessibility: opt_s(&d.accessibility),
            notes: self.prose(&d.notes, "document-note"),
            source: opt_s(&d.source),
        }
    }

    /// The sections in `compute`'s order, with their titles and pages.
    pub(super) fn outline(&self) -> Vec<SectionView> {
        compute::outline(self.plan, self.summary, &self.index)
            .into_iter()
            .map(|item| {
                let (kind, default_title, has_data) = match item.section {
                    Section::Generated(g) => (
                        g.name().to_string(),
                        self.l(&format!("section-{}", g.name())),
                        compute::has_data(self.plan, self.summary, g),
                    ),
                    Section::Chapter(c) => ("chapter".to_string(), c.title.value.clone(), true),
                };
                let id = item.section.id().to_string();
                SectionView {
                    title: item.title.map_or(default_title, str::to_string),
                    kind,
                    page: format!("{id}.html"),
                    has_data,
                    id,
                }
            })
            .collect()
    }
}
