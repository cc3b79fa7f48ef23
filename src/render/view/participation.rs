//! The participation summary (SPEC 3.3): totals with their counting rules,
//! rows by phase, table and area, and the sessions chart.

use serde::Serialize;

use super::{Figure, Views};
use crate::compute;
use crate::format as f;
use crate::model::Generated;
use crate::render::chart;

#[derive(Serialize)]
pub struct GroupRowView {
    pub title: String,
    pub sessions: String,
    pub participants: String,
    pub without_count: String,
}

#[derive(Serialize)]
pub struct ParticipationView {
    pub has_data: bool,
    pub totals: Vec<Figure>,
    pub partial: bool,
    pub by_phase: Vec<GroupRowView>,
    pub by_table: Vec<GroupRowView>,
    pub by_area: Vec<GroupRowView>,
    pub chart: Option<chart::Chart>,
}

impl Views<'_, '_> {
    pub(super) fn participation(&mut self) -> ParticipationView {
        let lang = self.lang;
        let s = self.summary;
        let t = &s.totals;
        let totals = compute::participation_figures(t)
            .iter()
            .map(|fig| self.figure(fig, true))
            .collect();
        let by_phase = group_rows(lang, &s.phases, |r| {
            (
                &r.title,
                r.sessions,
                r.participants,
                r.sessions_without_count,
            )
        });
        let by_table = group_rows(lang, &s.tables, |r| {
            (
                &r.title,
                r.sessions,
                r.participants,
                r.sessions_without_count,
            )
        });
        let by_area = group_rows(lang, &s.areas, |r| {
            (
                &r.title,
                r.sessions,
                r.participants,
                r.sessions_without_count,
            )
        });
        let chart = (!s.phases.is_empty() && t.sessions > 0).then(|| {
            chart::bar_chart(
                "chart-participation",
                &self.l("chart-participation-title"),
                &self.l("chart-participation-desc"),
                &s.phases
                    .iter()
                    .map(|p| {
                        chart::Bar::new(
                            p.title.clone(),
                            Some(p.sessions),
                            f::integer(lang, p.sessions),
                        )
                    })
                    .collect::<Vec<_>>(),
                &[],
            )
        });
        ParticipationView {
            has_data: compute::has_data(self.plan, s, Generated::Participation),
            totals,
            partial: t.sessions_without_count > 0,
            by_phase,
            by_table,
            by_area,
            chart,
        }
    }
}

/// Rows of sessions and participants (by phase, table or area), formatted.
fn group_rows<R>(
    lang: crate::i18n::Lang,
    rows: &[R],
    figures: impl Fn(&R) -> (&String, i64, Option<i64>, i64),
) -> Vec<GroupRowView> {
    rows.iter()
        .map(|r| {
            let (title, sessions, participants, without) = figures(r);
            GroupRowView {
                title: title.clone(),
                sessions: f::integer(lang, sessions),
                participants: f::opt_integer(lang, participants),
                without_count: f::integer(lang, without),
            }
        })
        .collect()
}
