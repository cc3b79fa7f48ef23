//! The process card (SPEC 2.2): the fields regional observatories publish,
//! and the figures computed from the meetings.

use serde::Serialize;

use super::{Attribution, Figure, Views, opt_s};
use crate::format as f;
use crate::i18n::{self, Lang};
use crate::model::S;
use crate::render::markdown::Prose;

#[derive(Serialize)]
pub struct ProcessCardView {
    pub rows: Vec<Figure>,
    pub objectives: Vec<Prose>,
    pub expected_results: Vec<Prose>,
    pub design: Option<Prose>,
    pub computed: Vec<Figure>,
    pub meta: Attribution,
}

impl Views<'_, '_> {
    pub(super) fn process_card(&mut self) -> Option<ProcessCardView> {
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
        let computed = crate::compute::process_card_figures(&self.summary.totals)
            .iter()
            .map(|fig| self.figure(fig, false))
            .collect();
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

fn non_empty(s: String, lang: Lang) -> String {
    if s.is_empty() {
        i18n::text(lang, "label.not-stated").to_string()
    } else {
        s
    }
}
