//! The one typed context every template receives: built once from the model
//! and the summary, every figure already formatted in the plan's language,
//! every prose field already rendered (Markdown and sanitised HTML). One file
//! per section of the document, each owning its view types and the code that
//! builds them; what comes in which order is `compute`'s decision.
//!
//! Bump [`CONTEXT_VERSION`] on any change that could break a plan's own templates.

mod annexes;
mod areas;
mod card_budget;
mod cards;
mod chapters;
mod district;
mod document;
mod downloads;
mod funds;
mod money;
mod monitoring;
mod outcome;
mod participation;
mod process;
mod process_card;
mod recommendations;
mod resources;
mod rules;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

pub use annexes::{AnnexView, annex_paths};
pub use areas::AreaView;
pub use cards::{CardView, ObjectiveView};
pub use chapters::ChapterView;
pub use district::DistrictView;
pub use document::{DocumentView, PlanView, SectionView};
pub use funds::{FundsView, IndicatorView};
pub use monitoring::MonitoringView;
pub use outcome::MilestoneView;
pub use participation::ParticipationView;
pub use process::ProcessView;
pub use process_card::ProcessCardView;
pub use recommendations::RecommendationGroup;
pub use resources::ResourcesView;

use super::markdown::{MdRenderer, Prose};
use crate::compute::{self, FigureValue, KeyFigure, Summary};
use crate::format as f;
use crate::i18n::{self, Lang};
use crate::model::{Date, Index, Plan, S, Text};

pub const CONTEXT_VERSION: u32 = 3;

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
    /// The Piano di Zona (SPEC 4.8).
    pub district: DistrictView,
    pub objectives: Vec<ObjectiveView>,
    pub cards: Vec<CardView>,
    /// The cards page's table: every card's planned budget by year.
    pub cards_money: Option<money::CardsMoneyView>,
    pub funds: FundsView,
    pub indicators: Vec<IndicatorView>,
    /// The essential levels and the funds' constraints (SPEC 8).
    pub rules: rules::RulesView,
    /// One report per year with actual figures (SPEC 5.3).
    pub monitoring: Vec<MonitoringView>,
    pub downloads: downloads::DownloadsView,
}

impl Context {
    /// A label of the plan's language, as the templates read it (`l[key]`).
    pub fn l_text(&self, key: &str) -> String {
        self.l.get(key).cloned().unwrap_or_default()
    }
}

/// An indicator year's outcome: its CSS class and its label's key.
fn met_state(met: Option<bool>) -> (&'static str, &'static str) {
    match met {
        Some(true) => ("met", "indicator-met"),
        Some(false) => ("not-met", "indicator-not-met"),
        None => ("n-a", "indicator-n-a"),
    }
}

#[derive(Serialize, Clone)]
pub struct Figure {
    pub label: String,
    pub value: String,
    pub rule: Option<String>,
}

#[derive(Serialize)]
pub struct Attribution {
    pub notes: Option<Prose>,
    pub source: Option<String>,
}

/// What every section's builder needs: the model, its figures, one lookup
/// index, the Markdown renderer and the document's language.
pub struct Views<'r, 'a> {
    pub plan: &'a Plan,
    pub summary: &'a Summary,
    pub index: Index<'a>,
    pub md: &'r mut MdRenderer<'a>,
    pub lang: Lang,
    /// Bytes of each annex by id, for the size shown beside it.
    pub annex_sizes: HashMap<String, u64>,
    /// Whether the build prints `plan.pdf` and the monitoring reports, for
    /// the downloads page.
    pub pdf: bool,
    /// Whether it prints each card to `cards/ID.pdf`, for the card pages.
    pub pdf_cards: bool,
    /// Money by area and year, computed once for the pages that show it.
    pub area_years: std::cell::OnceCell<Option<crate::compute::AreaYears>>,
}

pub(crate) fn opt_s(s: &Option<S<String>>) -> Option<String> {
    s.as_ref().map(|v| v.value.clone())
}

impl<'a> Views<'_, 'a> {
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

    /// A funding source as readers know it: the fund's name when the source
    /// is a fund's id, else the source as written.
    fn source_name(&self, source: &str) -> String {
        self.plan
            .funds
            .iter()
            .find(|f| f.id.value == source)
            .map_or_else(|| source.to_string(), |f| f.name.value.clone())
    }

    /// The page of each generated section the site has (`objectives` →
    /// `objectives.html`), for the links into it.
    fn section_pages(&self) -> HashMap<&'static str, String> {
        compute::outline(self.plan, self.summary, &self.index)
            .into_iter()
            .filter_map(|item| match item.section {
                crate::model::Section::Generated(g) => {
                    Some((g.name(), format!("{}.html", item.section.id())))
                }
                crate::model::Section::Chapter(_) => None,
            })
            .collect()
    }

    /// Titles of referenced areas (the id itself when unknown).
    fn area_titles(&self, ids: &[S<String>]) -> Vec<String> {
        ids.iter()
            .map(|i| self.index.area_title(&i.value).to_string())
            .collect()
    }

    fn table_titles(&self, ids: &[S<String>]) -> Vec<String> {
        ids.iter()
            .map(|i| self.index.table_title(&i.value).to_string())
            .collect()
    }

    fn organisation_names(&self, ids: &[S<String>]) -> Vec<String> {
        ids.iter()
            .map(|i| self.index.organisation_name(&i.value).to_string())
            .collect()
    }

    /// A key figure in the plan's language, with its counting rule when asked.
    fn figure(&self, fig: &KeyFigure, with_rule: bool) -> Figure {
        let key = fig.name.key();
        Figure {
            label: self.l(key),
            value: match fig.value {
                FigureValue::Count(n) => f::integer(self.lang, n),
                FigureValue::MaybeCount(n) => self.int(n),
                FigureValue::Money(m) => f::opt_money(self.lang, m),
            },
            rule: fig
                .name
                .rule_key()
                .filter(|_| with_rule)
                .map(|rule| self.l(rule)),
        }
    }

    /// The whole context, every section built once.
    pub fn build(mut self, generated_on: Option<Date>) -> Context {
        let lang = self.lang;
        let labels: BTreeMap<String, String> = i18n::catalogue(lang)
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("label.").map(|k| (k.to_string(), v.clone())))
            .collect();
        let process = self.process();
        let calendar = process.calendar;
        let key_figures = compute::key_figures(self.summary)
            .iter()
            .map(|fig| self.figure(fig, false))
            .collect();
        Context {
            context_version: CONTEXT_VERSION,
            lang: lang.code(),
            l: labels,
            generated_on: generated_on.map(|d| f::date_long(lang, d)),
            plan: self.plan_info(),
            document: self.document(),
            outline: self.outline(),
            key_figures,
            process,
            participation: self.participation(),
            resources: self.resources(),
            areas: self.areas(),
            recommendations: self.recommendations(),
            milestones: self.milestones(),
            annexes: self.annexes(),
            chapters: self.chapters(),
            process_card: self.process_card(),
            district: self.district(),
            objectives: self.objectives(),
            cards: self.cards(),
            cards_money: self.cards_money(),
            funds: self.funds(),
            indicators: self.indicators(),
            rules: self.rules(),
            monitoring: self.monitoring(),
            downloads: self.downloads(calendar),
        }
    }
}
