//! The participation summary on stdout: text (with each counting rule), JSON, CSV.

use crate::model::Choice;
use std::fmt::Write;

use crate::compute::{FigureValue, GroupRow, Summary, participation_figures};
use crate::format::{integer, opt_integer, opt_money, opt_percent};
use crate::i18n::{self, Lang};
use crate::model::Plan;
use crate::output::{EncodeError, Encoded};
use crate::text::shorten;

pub fn json(summary: &Summary) -> Encoded {
    let mut s = serde_json::to_vec_pretty(summary)?;
    s.push(b'\n');
    Ok(s)
}

fn row_line(out: &mut String, lang: Lang, r: &GroupRow) {
    let _ = writeln!(
        out,
        "  {:<48} {:>8} {:>12} {:>10}",
        shorten(&r.title, 48),
        integer(lang, r.sessions),
        opt_integer(lang, r.participants),
        integer(lang, r.sessions_without_count)
    );
}

/// The summary as text: a section per part, each with its counting rule.
pub fn text(plan: &Plan, s: &Summary) -> String {
    let mut w = TextOut {
        lang: plan.plan.language,
        out: String::new(),
    };
    if let Some(t) = &plan.plan.title {
        let _ = writeln!(w.out, "{}\n", t.value);
    }
    w.participation(s);
    w.governance(s);
    w.resources(s);
    w.spending(s);
    w.responses(s);
    w.out
}

/// The text being written, in the plan's language.
struct TextOut {
    lang: Lang,
    out: String,
}

impl TextOut {
    fn l(&self, k: &str) -> String {
        i18n::text(self.lang, &format!("label.{k}")).to_string()
    }

    fn partial_mark(&self, partial: bool) -> String {
        if partial {
            format!("  {}", self.l("partial-mark"))
        } else {
            String::new()
        }
    }

    /// The totals with their counting rules, then by phase, table and area.
    fn participation(&mut self, s: &Summary) {
        let lang = self.lang;
        let _ = writeln!(self.out, "{}", self.l("participation"));
        for fig in participation_figures(&s.totals) {
            let value = match fig.value {
                FigureValue::Count(n) => integer(lang, n),
                FigureValue::MaybeCount(n) => opt_integer(lang, n),
                FigureValue::Money(m) => opt_money(lang, m),
            };
            let label = self.l(fig.name.key());
            match fig.name.rule_key() {
                Some(rule) => {
                    let rule = self.l(rule);
                    let _ = writeln!(self.out, "  {label:<32} {value:>14}  ({rule})");
                }
                None => {
                    let _ = writeln!(self.out, "  {label:<32} {value:>14}");
                }
            }
        }
        let areas: Vec<GroupRow> = s
            .areas
            .iter()
            .map(|a| GroupRow {
                id: a.id.clone(),
                title: a.title.clone(),
                sessions: a.sessions,
                participants: a.participants,
                sessions_without_count: a.sessions_without_count,
                shared_sessions: a.shared_sessions,
                shared_participants: a.shared_participants,
                partial: Default::default(),
            })
            .collect();
        for (rows, heading, rule, first) in [
            (&s.phases, "by-phase", None, "phase"),
            (&s.tables, "by-table", Some("rule-by-table"), "table"),
            (&areas, "by-area", Some("rule-by-area"), "area"),
        ] {
            if rows.is_empty() {
                continue;
            }
            match rule {
                Some(r) => {
                    let _ = writeln!(self.out, "\n{}  ({})", self.l(heading), self.l(r));
                }
                None => {
                    let _ = writeln!(self.out, "\n{}", self.l(heading));
                }
            }
            let _ = writeln!(
                self.out,
                "  {:<48} {:>8} {:>12} {:>10}",
                self.l(first),
                self.l("sessions"),
                self.l("participants"),
                self.l("no-count")
            );
            for r in rows {
                row_line(&mut self.out, lang, r);
            }
        }
    }

    fn governance(&mut self, s: &Summary) {
        let g = &s.governance;
        if g.bodies.is_empty() && g.pilot_group_core.is_empty() {
            return;
        }
        let _ = writeln!(self.out, "\n{}", self.l("governance"));
        for b in &g.bodies {
            let _ = writeln!(
                self.out,
                "  {:<48} {:>8} {}",
                b.name,
                opt_integer(self.lang, b.members),
                self.l("members")
            );
        }
        for (key, roles) in [
            ("pilot-group-core", &g.pilot_group_core),
            ("pilot-group-extended", &g.pilot_group_extended),
        ] {
            if !roles.is_empty() {
                let _ = writeln!(self.out, "  {}: {}", self.l(key), roles.join("; "));
            }
        }
    }

    /// Resources by area, then funding by source.
    fn resources(&mut self, s: &Summary) {
        let (lang, t) = (self.lang, &s.totals);
        if t.activities > 0 {
            let _ = writeln!(
                self.out,
                "\n{}  ({})",
                self.l("resources-by-area"),
                self.l("rule-resources")
            );
            let _ = writeln!(
                self.out,
                "  {:<40} {:>6} {:>10} {:>18} {:>8} {:>14}",
                self.l("area"),
                self.l("activities-short"),
                self.l("users"),
                self.l("cost"),
                self.l("share"),
                self.l("cost-per-user")
            );
            for a in &s.areas {
                let mark = self.partial_mark(a.partial.resources());
                let _ = writeln!(
                    self.out,
                    "  {:<40} {:>6} {:>10} {:>18} {:>8} {:>14}{mark}",
                    shorten(&a.title, 40),
                    integer(lang, a.activities),
                    opt_integer(lang, a.users),
                    opt_money(lang, a.cost),
                    opt_percent(lang, a.cost_share),
                    opt_money(lang, a.cost_per_user),
                );
            }
            let mark = self.partial_mark(t.partial.resources());
            let _ = writeln!(
                self.out,
                "  {:<40} {:>6} {:>10} {:>18}{mark}",
                self.l("total"),
                integer(lang, t.activities),
                opt_integer(lang, t.users),
                opt_money(lang, t.cost),
            );
        }
        if let Some(f) = &s.funding {
            let _ = writeln!(self.out, "\n{}", self.l("funding-by-source"));
            for (src, total) in f.sources.iter().zip(&f.totals) {
                self.amount_line(src, Some(*total));
            }
            let total = self.l("total");
            self.amount_line(&total, Some(f.total));
        }
    }

    fn amount_line(&mut self, label: &str, amount: Option<crate::model::Money>) {
        let _ = writeln!(
            self.out,
            "  {:<40} {:>18}",
            label,
            opt_money(self.lang, amount)
        );
    }

    fn spending(&mut self, s: &Summary) {
        let Some(sp) = &s.spending else { return };
        let lang = self.lang;
        let year = sp.year.map(|y| y.to_string()).unwrap_or_default();
        let _ = writeln!(self.out, "\n{} {}", self.l("social-spending"), year);
        let total = self.l("spending-total");
        self.amount_line(&total, sp.total);
        let _ = writeln!(
            self.out,
            "  {:<40} {:>18}  ({})",
            self.l("per-capita"),
            opt_money(lang, sp.per_capita),
            self.l("rule-per-capita")
        );
        if sp.associated.is_some() {
            let _ = writeln!(
                self.out,
                "  {:<40} {:>18}  {}",
                self.l("associated"),
                opt_money(lang, sp.associated),
                opt_percent(lang, sp.associated_share)
            );
        }
        for t in &sp.by_target {
            let _ = writeln!(
                self.out,
                "  {:<40} {:>18}  {}",
                t.target,
                opt_money(lang, t.amount),
                opt_percent(lang, t.share)
            );
        }
        if sp.income_support.is_some() {
            let label = self.l("income-support");
            self.amount_line(&label, sp.income_support);
            if sp.income_support_per_adult.is_some() {
                let label = self.l("per-adult");
                self.amount_line(&label, sp.income_support_per_adult);
            }
        }
        for b in &sp.benchmarks {
            let _ = writeln!(
                self.out,
                "  {:<40} {:>18}  ({} {})",
                format!("{} {}", b.name, b.year),
                opt_money(lang, Some(b.per_capita)),
                self.l("per-capita"),
                b.source.as_deref().unwrap_or("")
            );
        }
    }

    fn responses(&mut self, s: &Summary) {
        if s.recommendations.rows().iter().all(|(_, _, n)| *n == 0) {
            return;
        }
        let _ = writeln!(self.out, "\n{}", self.l("responses"));
        for (_, label, n) in s.recommendations.rows() {
            let _ = writeln!(
                self.out,
                "  {:<40} {:>18}",
                self.l(label),
                integer(self.lang, n)
            );
        }
    }
}

/// One table: `group,id,title,…` with group `phase`, `table`, `area`, `total`.
pub fn csv(s: &Summary) -> Encoded {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "group",
        "id",
        "title",
        "sessions",
        "participants",
        "sessions_without_count",
        "activities",
        "users",
        "cost_eur",
        "cost_share_pct",
        "cost_per_user_eur",
        "recommendations",
    ])?;
    let opt = |v: Option<String>| v.unwrap_or_default();
    for (group, rows) in [("phase", &s.phases), ("table", &s.tables)] {
        for r in rows {
            w.write_record([
                group.to_string(),
                r.id.clone(),
                crate::text::csv_text(&r.title),
                r.sessions.to_string(),
                opt(r.participants.map(|p| p.to_string())),
                r.sessions_without_count.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ])?;
        }
    }
    for a in &s.areas {
        w.write_record([
            "area".to_string(),
            a.id.clone(),
            crate::text::csv_text(&a.title),
            a.sessions.to_string(),
            opt(a.participants.map(|p| p.to_string())),
            a.sessions_without_count.to_string(),
            a.activities.to_string(),
            opt(a.users.map(|u| u.to_string())),
            opt(a.cost.map(|c| c.to_plain())),
            opt(a
                .cost_share
                .map(|p| crate::model::Money::from_cents(p.0).to_plain())),
            opt(a.cost_per_user.map(|c| c.to_plain())),
            String::new(),
        ])?;
    }
    // What became of the recommendations (SPEC 5.1): a row per response status.
    if s.recommendations.rows().iter().any(|(_, _, n)| *n > 0) {
        for (status, _, n) in s.recommendations.rows() {
            let mut row = vec!["response".to_string(), status.to_string()];
            row.extend(std::iter::repeat_n(String::new(), 9));
            row.push(n.to_string());
            w.write_record(row)?;
        }
    }
    let t = &s.totals;
    w.write_record([
        "total".to_string(),
        String::new(),
        String::new(),
        t.sessions.to_string(),
        opt(t.participants.map(|p| p.to_string())),
        t.sessions_without_count.to_string(),
        t.activities.to_string(),
        opt(t.users.map(|u| u.to_string())),
        opt(t.cost.map(|c| c.to_plain())),
        opt(t.cost.map(|_| "100".to_string())),
        String::new(),
        String::new(),
    ])?;
    w.into_inner()
        .map_err(|e| EncodeError(e.error().to_string()))
}

/// The monitoring figures of one year (SPEC 5.3), for `summary --year`.
pub fn monitoring_json(m: &crate::compute::Monitoring) -> Encoded {
    let mut s = serde_json::to_vec_pretty(m)?;
    s.push(b'\n');
    Ok(s)
}

pub fn monitoring_text(plan: &Plan, m: &crate::compute::Monitoring) -> String {
    let lang = plan.plan.language;
    let l = |k: &str| i18n::text(lang, &format!("label.{k}")).to_string();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        i18n::format(
            lang,
            "label.monitoring-title",
            &[("year", &m.year.to_string())]
        )
    );
    for (label, rows) in [
        ("by-card", &m.cards),
        ("by-objective", &m.objectives),
        ("by-fund", &m.funds),
        ("by-area-money", &m.areas),
    ] {
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "{}\n  {:<44} {:>16} {:>16} {:>16} {:>16} {:>8}",
            l(label),
            l("item"),
            l("planned-budget"),
            l("actual"),
            l("unbudgeted"),
            l("difference"),
            l("spent-share")
        );
        let mut partial = false;
        for r in rows {
            let c = &r.figures;
            let mark = if c.partial.is_empty() { "" } else { "*" };
            partial |= !c.partial.is_empty();
            let _ = writeln!(
                out,
                "  {:<44} {:>16} {:>16} {:>16} {:>16} {:>8}",
                shorten(&r.title, 44),
                opt_money(lang, c.planned),
                format!("{}{mark}", opt_money(lang, c.actual)),
                c.unbudgeted
                    .map_or_else(|| "–".to_string(), |m| crate::format::money(lang, m)),
                opt_money(lang, c.difference),
                opt_percent(lang, c.percent)
            );
        }
        if partial {
            let _ = writeln!(out, "  * {}", l("monitoring-partial-note"));
        }
        out.push('\n');
    }
    if !m.indicators.is_empty() {
        let _ = writeln!(out, "{}", l("indicators"));
        for i in &m.indicators {
            let number = |n: &Option<crate::model::Number>| {
                n.as_ref().map_or_else(
                    || crate::format::not_available(lang).to_string(),
                    |n| crate::format::number(lang, n),
                )
            };
            let met = match i.met {
                Some(true) => "indicator-met",
                Some(false) => "indicator-not-met",
                None => "indicator-n-a",
            };
            let _ = writeln!(
                out,
                "  {:<44} {:>10} {:>10}  {}",
                shorten(&i.title, 44),
                number(&i.target),
                number(&i.actual),
                l(met)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", l("responses"));
    for (_, label, n) in m.recommendations.rows() {
        let _ = writeln!(out, "  {:<44} {:>10}", l(label), integer(lang, n));
    }
    out
}

/// One row per card, objective, fund and area: planned, actual, difference, percent.
pub fn monitoring_csv(m: &crate::compute::Monitoring) -> Encoded {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "group",
        "id",
        "title",
        "year",
        "planned_eur",
        "actual_eur",
        "difference_eur",
        "spent_pct",
        "status",
        "unbudgeted_eur",
        "actual_partial",
    ])?;
    let plain = |m: Option<crate::model::Money>| m.map(|m| m.to_plain()).unwrap_or_default();
    for (group, rows) in [
        ("card", &m.cards),
        ("objective", &m.objectives),
        ("fund", &m.funds),
        ("area", &m.areas),
    ] {
        for r in rows {
            w.write_record([
                group.to_string(),
                r.id.clone(),
                crate::text::csv_text(&r.title),
                m.year.to_string(),
                plain(r.figures.planned),
                plain(r.figures.actual),
                plain(r.figures.difference),
                r.figures
                    .percent
                    .map(|p| crate::model::Money::from_cents(p.0).to_plain())
                    .unwrap_or_default(),
                r.status.map(|s| s.word().to_string()).unwrap_or_default(),
                plain(r.figures.unbudgeted),
                (!r.figures.partial.is_empty()).to_string(),
            ])?;
        }
    }
    w.into_inner()
        .map_err(|e| EncodeError(e.error().to_string()))
}
