//! Objectives as a tree with their cards, and one view per intervention card
//! (SPEC 4.3, 4.4, 4.8): every field, the budget year by source with planned
//! and actual side by side, progress, indicators, codes with their titles.

use crate::model::Choice;

use serde::Serialize;

pub use super::card_budget::{BudgetLineView, CardBudgetView};
use super::{Attribution, Views, opt_s};
use crate::format as f;
use crate::model::{Activity, BudgetKind, Plan};
use crate::render::markdown::Prose;

#[derive(Serialize)]
pub struct CardLink {
    pub title: String,
    pub page: String,
}

#[derive(Serialize)]
pub struct YearAmount {
    pub year: String,
    pub amount: String,
}

/// An objective's planned money in a year: its own cards', and with its
/// sub-objectives' (each card once).
#[derive(Serialize)]
pub struct ObjectiveYearView {
    pub year: String,
    pub own: String,
    pub with_subs: String,
}

#[derive(Serialize)]
pub struct ObjectiveView {
    pub id: String,
    pub code: Option<String>,
    pub title: String,
    /// 0 for a root objective.
    pub depth: usize,
    pub description: Option<Prose>,
    pub regional_ref: Option<String>,
    pub cards: Vec<CardLink>,
    /// Planned cost of its cards, by year.
    pub planned: Vec<ObjectiveYearView>,
    /// It has sub-objectives: `with_subs` differs from `own`.
    pub has_children: bool,
    pub indicators: Vec<String>,
    pub meta: Attribution,
}

#[derive(Serialize)]
pub struct ProgressView {
    pub year: String,
    pub status: String,
    /// The status's word (`in-progress`): its badge's class.
    pub status_word: &'static str,
    pub users: String,
    pub note: Option<Prose>,
}

#[derive(Serialize)]
pub struct ContactView {
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Serialize)]
pub struct CodeView {
    pub scheme: String,
    pub code: String,
    pub title: Option<String>,
}

#[derive(Serialize)]
pub struct CardView {
    pub key: String,
    pub page: String,
    pub title: String,
    pub area: String,
    pub objectives: Vec<String>,
    pub codes: Vec<CodeView>,
    pub scope: Option<String>,
    pub lead: Option<String>,
    pub provider: Option<String>,
    pub actors: Vec<String>,
    pub continuing: Option<String>,
    pub delivery: Option<String>,
    pub rationale: Option<Prose>,
    pub description: Option<Prose>,
    pub recipients: Option<Prose>,
    pub actions: Vec<Prose>,
    pub non_financial_resources: Option<Prose>,
    pub contacts: Vec<ContactView>,
    pub budget: Vec<BudgetLineView>,
    /// The budget by year with the year's totals and the card's total.
    pub budget_by_year: Option<CardBudgetView>,
    pub fund_links: Vec<LinkView>,
    /// The card's own PDF (`build --pdf --pdf-cards`), relative to `html/`.
    pub pdf: Option<String>,
    pub planned_by_year: Vec<YearAmount>,
    pub progress: Vec<ProgressView>,
    pub indicators: Vec<String>,
    /// What the card links to (SPEC 6.6), `href` relative to `html/` (`None`
    /// when the plan has no page for it): its area, its objectives, its
    /// indicators, in the order of `area`, `objectives`, `indicators`.
    pub area_link: LinkView,
    pub objective_links: Vec<LinkView>,
    pub indicator_links: Vec<LinkView>,
    /// The recommendations whose response this card carries out (SPEC 5.1).
    pub answers: Vec<String>,
    /// The recommendations the card answers, linked to their place.
    pub answer_links: Vec<LinkView>,
    pub extra: Vec<(String, String)>,
    pub meta: Attribution,
}

/// A name and, when the site has a page for it, where it is.
#[derive(Serialize)]
pub struct LinkView {
    pub title: String,
    pub href: Option<String>,
}

/// Where a card's page is, from the site root.
pub fn card_page(a: &Activity) -> String {
    format!("cards/{}.html", crate::model::slug(&a.key))
}

/// Objectives depth first, roots and children in source order.
fn objective_order(plan: &Plan) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    fn visit(plan: &Plan, parent: Option<&str>, depth: usize, out: &mut Vec<(usize, usize)>) {
        for (i, o) in plan.objectives.iter().enumerate() {
            let p = o.parent.as_ref().map(|p| p.value.as_str());
            if p == parent && depth < 8 && !out.iter().any(|(j, _)| *j == i) {
                out.push((i, depth));
                visit(plan, Some(&o.id.value), depth + 1, out);
            }
        }
    }
    visit(plan, None, 0, &mut out);
    out
}

impl Views<'_, '_> {
    fn planned_by_year(&self, a: &Activity) -> Vec<YearAmount> {
        a.card
            .budget
            .iter()
            .filter(|b| b.kind.value == BudgetKind::Planned)
            .map(|b| YearAmount {
                year: b.year.value.to_string(),
                amount: f::opt_money(self.lang, b.total()),
            })
            .collect()
    }

    pub(super) fn objectives(&mut self) -> Vec<ObjectiveView> {
        let plan = self.plan;
        let (summary, lang) = (self.summary, self.lang);
        let planned = |id: &str| -> Vec<ObjectiveYearView> {
            summary
                .programme
                .budget
                .iter()
                .filter(|r| r.kind == BudgetKind::Planned)
                .filter_map(|r| {
                    let x = r.by_objective.iter().find(|x| x.id == id)?;
                    Some(ObjectiveYearView {
                        year: r.year.to_string(),
                        own: x.own.map_or_else(|| "–".to_string(), |m| f::money(lang, m)),
                        with_subs: f::money(lang, x.amount),
                    })
                })
                .collect()
        };
        objective_order(plan)
            .into_iter()
            .map(|(i, depth)| {
                let o = &plan.objectives[i];
                let id = o.id.value.clone();
                let prefix = format!("objective-{id}");
                ObjectiveView {
                    code: opt_s(&o.code),
                    title: o.title.value.clone(),
                    depth,
                    description: o
                        .description
                        .as_ref()
                        .map(|d| self.md.render(d, &prefix, 4)),
                    regional_ref: opt_s(&o.regional_ref),
                    cards: plan
                        .activities
                        .iter()
                        .filter(|a| a.card.objectives.iter().any(|x| x.value == id))
                        .map(|a| CardLink {
                            title: a.title.value.clone(),
                            page: card_page(a),
                        })
                        .collect(),
                    planned: planned(&id),
                    has_children: plan
                        .objectives
                        .iter()
                        .any(|x| x.parent.as_ref().is_some_and(|p| p.value == id)),
                    indicators: plan
                        .indicators
                        .iter()
                        .filter(|x| x.objective.as_ref().is_some_and(|o| o.value == id))
                        .map(|x| x.title.value.clone())
                        .collect(),
                    meta: self.meta(&o.notes, &o.source, &prefix),
                    id,
                }
            })
            .collect()
    }

    pub(super) fn cards(&mut self) -> Vec<CardView> {
        let plan = self.plan;
        let lang = self.lang;
        // The pages that exist for what a card links to.
        let sections = self.section_pages();
        let (areas_page, objectives_page, indicators_page, funds_page, recommendations_page) = (
            sections.get("areas"),
            sections.get("objectives"),
            sections.get("indicators"),
            sections.get("funds"),
            sections.get("recommendations"),
        );
        plan.activities
            .iter()
            .filter(|a| a.card.is_full())
            .map(|a| {
                let c = &a.card;
                let prefix = format!("card-{}", crate::model::slug(&a.key));
                // Year × source, planned and actual side by side; the flat
                // list is the same lines, kept for the plan's own templates.
                let budget_by_year = self.card_budget(a);
                let budget = budget_by_year
                    .iter()
                    .flat_map(|b| b.years.iter().flat_map(|y| y.lines.iter().cloned()))
                    .collect();
                let codes = c
                    .codes
                    .iter()
                    .flat_map(|(scheme, codes)| {
                        let s = plan.schemes.iter().find(|s| s.id.value == scheme.value);
                        // The Istat user areas are built in: named by the
                        // catalogue unless the plan declares the scheme.
                        let istat = s.is_none() && scheme.value == crate::model::ISTAT_SCHEME;
                        let scheme_name = match s {
                            Some(s) => s.title.value.clone(),
                            None if istat => self.l("istat-area-scheme"),
                            None => scheme.value.clone(),
                        };
                        codes.iter().map(move |code| {
                            let title = match s {
                                Some(s) => s
                                    .codes
                                    .iter()
                                    .find(|x| x.code.value == code.value)
                                    .map(|x| x.title.value.clone()),
                                None if istat => crate::i18n::catalogue(lang)
                                    .get(&format!("label.target-{}", code.value))
                                    .cloned(),
                                None => None,
                            };
                            CodeView {
                                scheme: scheme_name.clone(),
                                // The Istat areas' codes are words of their
                                // own title ("anziani"): the title alone shows.
                                code: if istat && title.is_some() {
                                    String::new()
                                } else {
                                    code.value.clone()
                                },
                                title,
                            }
                        })
                    })
                    .collect();
                let objective_links: Vec<LinkView> = c
                    .objectives
                    .iter()
                    .map(|o| LinkView {
                        title: plan
                            .objectives
                            .iter()
                            .find(|x| x.id.value == o.value)
                            .map_or_else(
                                || o.value.clone(),
                                |x| match &x.code {
                                    Some(code) => format!("{} {}", code.value, x.title.value),
                                    None => x.title.value.clone(),
                                },
                            ),
                        href: objectives_page
                            .as_ref()
                            .map(|p| format!("{p}#objective-{}", o.value)),
                    })
                    .collect();
                let indicator_links: Vec<LinkView> = plan
                    .indicators
                    .iter()
                    .filter(|x| {
                        x.activity
                            .as_ref()
                            .is_some_and(|i| a.id.as_ref().is_some_and(|id| id.value == i.value))
                    })
                    .map(|x| LinkView {
                        title: x.title.value.clone(),
                        href: indicators_page
                            .as_ref()
                            .map(|p| format!("{p}#indicator-{}", x.id.value)),
                    })
                    .collect();
                let answer_links: Vec<LinkView> = plan
                    .recommendations
                    .iter()
                    .filter(|r| {
                        r.response.as_ref().is_some_and(|resp| {
                            resp.activities
                                .iter()
                                .any(|x| a.id.as_ref().is_some_and(|id| id.value == x.value))
                        })
                    })
                    .map(|r| LinkView {
                        title: r.title.as_ref().map_or_else(
                            || crate::text::shorten(r.text.body.trim(), 120),
                            |t| t.value.clone(),
                        ),
                        href: recommendations_page
                            .map(|p| format!("{p}#{}", super::recommendations::anchor(r))),
                    })
                    .collect();
                // The plain names, kept for the plan's own templates.
                let titles = |links: &[LinkView]| links.iter().map(|l| l.title.clone()).collect();
                CardView {
                    key: a.key.clone(),
                    page: card_page(a),
                    title: a.title.value.clone(),
                    area: self.index.area_title(&a.area.value).to_string(),
                    objectives: titles(&objective_links),
                    codes,
                    scope: c.scope.as_ref().map(|s| self.l(s.value.label_key())),
                    lead: opt_s(&c.lead),
                    provider: opt_s(&a.provider),
                    actors: self.organisation_names(&c.actors),
                    continuing: c
                        .continuing
                        .as_ref()
                        .map(|b| self.l(if b.value { "yes" } else { "no" })),
                    delivery: c.delivery.as_ref().map(|d| self.l(d.value.label_key())),
                    rationale: c.rationale.as_ref().map(|t| self.md.render(t, &prefix, 4)),
                    description: c
                        .description
                        .as_ref()
                        .map(|t| self.md.render(t, &prefix, 4)),
                    recipients: c.recipients.as_ref().map(|t| self.md.render(t, &prefix, 4)),
                    actions: self.inlines(&c.actions, &prefix),
                    non_financial_resources: c
                        .non_financial_resources
                        .as_ref()
                        .map(|t| self.md.render(t, &prefix, 4)),
                    contacts: c
                        .contacts
                        .iter()
                        .map(|x| ContactView {
                            name: x.name.value.clone(),
                            role: opt_s(&x.role),
                            email: opt_s(&x.email),
                            phone: opt_s(&x.phone),
                        })
                        .collect(),
                    budget,
                    budget_by_year,
                    fund_links: self.card_fund_links(a, funds_page),
                    pdf: self
                        .pdf_cards
                        .then(|| format!("../cards/{}.pdf", crate::model::slug(&a.key))),
                    planned_by_year: self.planned_by_year(a),
                    progress: c
                        .progress
                        .iter()
                        .map(|p| ProgressView {
                            year: p.year.value.to_string(),
                            status: self.l(p.status.value.label_key()),
                            status_word: p.status.value.word(),
                            users: self.int(p.users.as_ref().map(|u| u.value)),
                            note: p.note.as_ref().map(|n| self.inline(n, &prefix)),
                        })
                        .collect(),
                    area_link: LinkView {
                        title: self.index.area_title(&a.area.value).to_string(),
                        href: areas_page.map(|_| format!("areas/{}.html", a.area.value)),
                    },
                    indicators: titles(&indicator_links),
                    objective_links,
                    indicator_links,
                    answers: titles(&answer_links),
                    answer_links,
                    extra: c
                        .extra
                        .iter()
                        .map(|e| (e.label.value.clone(), e.value.value.clone()))
                        .collect(),
                    meta: self.meta(&a.notes, &a.source, &prefix),
                }
            })
            .collect()
    }
}
