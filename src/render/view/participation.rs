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
    /// Of the row's, those of meetings that count in other rows too.
    pub shared_sessions: String,
    pub shared_participants: String,
}

#[derive(Serialize)]
pub struct ParticipationView {
    pub has_data: bool,
    pub totals: Vec<Figure>,
    pub partial: bool,
    pub by_phase: Vec<GroupRowView>,
    pub by_table: Vec<GroupRowView>,
    pub by_area: Vec<GroupRowView>,
    /// Each table's total row: every meeting once (SPEC 6.6).
    pub by_phase_total: GroupRowView,
    pub by_table_total: GroupRowView,
    pub by_area_total: GroupRowView,
    /// Whether some meeting counts in more than one row of the table.
    pub by_table_shared: bool,
    pub by_area_shared: bool,
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
                r.shared_sessions,
                r.shared_participants,
            )
        });
        let by_table = group_rows(lang, &s.tables, |r| {
            (
                &r.title,
                r.sessions,
                r.participants,
                r.sessions_without_count,
                r.shared_sessions,
                r.shared_participants,
            )
        });
        let by_area = group_rows(lang, &s.areas, |r| {
            (
                &r.title,
                r.sessions,
                r.participants,
                r.sessions_without_count,
                r.shared_sessions,
                r.shared_participants,
            )
        });
        // Each meeting once: a phase row per meeting, so the phases' total
        // is the plan's; tables and areas have their own.
        let total = |title: String, m: compute::MeetingsTotal| GroupRowView {
            title,
            sessions: f::integer(lang, m.sessions),
            participants: f::opt_integer(lang, m.participants),
            without_count: f::integer(lang, m.sessions_without_count),
            shared_sessions: String::new(),
            shared_participants: String::new(),
        };
        let plan_total = compute::MeetingsTotal {
            sessions: t.sessions,
            participants: t.participants,
            sessions_without_count: t.sessions_without_count,
        };
        let by_phase_total = total(self.l("total"), plan_total);
        let by_table_total = total(self.l("total-each-meeting-once"), s.tables_total);
        let by_area_total = total(self.l("total-each-meeting-once"), s.areas_total);
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
            by_phase_total,
            by_table_total,
            by_area_total,
            by_table_shared: s.tables.iter().any(|r| r.shared_sessions > 0),
            by_area_shared: s.areas.iter().any(|r| r.shared_sessions > 0),
            chart,
        }
    }
}

/// Rows of sessions and participants (by phase, table or area), formatted.
fn group_rows<R>(
    lang: crate::i18n::Lang,
    rows: &[R],
    figures: impl Fn(&R) -> (&String, i64, Option<i64>, i64, i64, Option<i64>),
) -> Vec<GroupRowView> {
    rows.iter()
        .map(|r| {
            let (title, sessions, participants, without, shared, shared_participants) = figures(r);
            GroupRowView {
                title: title.clone(),
                sessions: f::integer(lang, sessions),
                participants: f::opt_integer(lang, participants),
                without_count: f::integer(lang, without),
                shared_sessions: f::integer(lang, shared),
                shared_participants: f::opt_integer(lang, shared_participants),
            }
        })
        .collect()
}
