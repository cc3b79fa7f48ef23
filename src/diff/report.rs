//! A diff written out: plain text for a terminal, Markdown for a
//! pull-request comment (short, grouped, the largest money changes first,
//! details folded), JSON for tools.

use std::fmt::Write;

use super::{Change, ChangeKind, Diff, FieldChange, Value};
use crate::format;
use crate::i18n::{self, Lang};

/// One side of a change; `other` is the other side, so that a figure that
/// was or became not available reads "n.d." (never 0), and any other value
/// not set reads "–".
fn value(lang: Lang, v: &Option<Value>, other: &Option<Value>) -> String {
    match v {
        None if matches!(other, Some(Value::Money(_))) => {
            i18n::text(lang, "label.not-available").to_string()
        }
        None => "–".to_string(),
        Some(Value::Money(m)) => format::money(lang, *m),
        Some(Value::Count(n)) => format::integer(lang, *n),
        Some(Value::Number(plain)) => format::plain_number(lang, plain),
        Some(Value::Word(w)) => i18n::text(lang, &format!("label.{}", w.label_key)).to_string(),
        Some(Value::Text(t)) => {
            let one_line = t.split_whitespace().collect::<Vec<_>>().join(" ");
            crate::text::shorten(&one_line, 60)
        }
    }
}

fn difference(lang: Lang, f: &FieldChange) -> String {
    match f.difference {
        Some(d) if d.cents() > 0 => format!("+{}", format::money(lang, d)),
        Some(d) if d.cents() == 0 => String::new(),
        Some(d) => format::money(lang, d),
        None => String::new(),
    }
}

/// The heading of a kind of entity.
fn entity_label(entity: &str) -> &'static str {
    match entity {
        "activity" => "diff-entity-activity",
        "fund" => "diff-entity-fund",
        "meeting" => "diff-entity-meeting",
        "recommendation" => "diff-entity-recommendation",
        "indicator" => "diff-entity-indicator",
        "organisation" => "diff-entity-organisation",
        "objective" => "diff-entity-objective",
        "chapter" => "diff-entity-chapter",
        "area" => "diff-entity-area",
        "phase" => "diff-entity-phase",
        "table" => "diff-entity-table",
        "body" => "diff-entity-body",
        "role" => "diff-entity-role",
        "milestone" => "diff-entity-milestone",
        "annex" => "diff-entity-annex",
        "municipality" => "diff-entity-municipality",
        "signatory" => "diff-entity-signatory",
        "scheme" => "diff-entity-scheme",
        "stated_total" => "diff-entity-stated-total",
        "staff" => "diff-entity-staff",
        _ => "diff-entity-plan-table",
    }
}

fn label(lang: Lang, key: &str) -> String {
    i18n::text(lang, &format!("label.{key}")).to_string()
}

/// Changes grouped by entity, in the order entities are compared; within a
/// group, the largest amounts first.
fn grouped(diff: &Diff) -> Vec<(&'static str, Vec<&Change>)> {
    let mut groups: Vec<(&'static str, Vec<&Change>)> = Vec::new();
    for c in &diff.changes {
        match groups.iter_mut().find(|(e, _)| *e == c.entity) {
            Some((_, list)) => list.push(c),
            None => groups.push((c.entity, vec![c])),
        }
    }
    for (_, list) in &mut groups {
        list.sort_by_key(|c| (std::cmp::Reverse(c.weight()), c.kind, c.key.clone()));
    }
    groups
}

fn sign(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "-",
        ChangeKind::Changed => "~",
    }
}

pub fn text(diff: &Diff, lang: Lang) -> String {
    let mut out = String::new();
    if diff.is_empty() {
        let _ = writeln!(out, "{}", label(lang, "diff-none"));
        return out;
    }
    for (entity, changes) in grouped(diff) {
        let _ = writeln!(out, "{}", label(lang, entity_label(entity)));
        for c in changes {
            let _ = writeln!(out, "  {} {} ({})", sign(c.kind), c.title, c.key);
            if c.kind == ChangeKind::Changed {
                for f in &c.fields {
                    let _ = writeln!(out, "      {}", field_line(lang, f));
                }
            }
        }
        out.push('\n');
    }
    if !diff.totals.is_empty() {
        let _ = writeln!(out, "{}", label(lang, "diff-totals"));
        for f in &diff.totals {
            let _ = writeln!(out, "  {}", field_line(lang, f));
        }
    }
    out
}

/// A field's name in the reader's language: each word the catalogue knows
/// (`allocation`, `planned`…) translated, years and ids as they are. JSON
/// keeps the names as keys.
fn field_name(lang: Lang, field: &str) -> String {
    field
        .split(' ')
        .map(|word| {
            let key = format!("label.diff-field-{word}");
            match crate::i18n::text(lang, &key) {
                found if found != key => found.to_string(),
                _ => word.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `field: old → new difference`, without trailing space when nothing is added.
fn field_line(lang: Lang, f: &FieldChange) -> String {
    format!(
        "{}: {} → {} {}",
        field_name(lang, &f.field),
        value(lang, &f.old, &f.new),
        value(lang, &f.new, &f.old),
        difference(lang, f)
    )
    .trim_end()
    .to_string()
}

/// Markdown text that cannot become markup: a pull-request comment shows it.
fn md(s: &str) -> String {
    crate::text::md_cell(&crate::text::md_escape(s))
}

pub fn markdown(diff: &Diff, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### {}\n", label(lang, "diff-title"));
    if diff.is_empty() {
        let _ = writeln!(out, "{}", label(lang, "diff-none"));
        return out;
    }
    if !diff.totals.is_empty() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |\n|---|--:|--:|--:|",
            label(lang, "diff-total"),
            label(lang, "diff-old"),
            label(lang, "diff-new"),
            label(lang, "difference")
        );
        for f in &diff.totals {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(&field_name(lang, &f.field)),
                md(&value(lang, &f.old, &f.new)),
                md(&value(lang, &f.new, &f.old)),
                md(&difference(lang, f))
            );
        }
        out.push('\n');
    }
    for (entity, changes) in grouped(diff) {
        let count = |k| changes.iter().filter(|c| c.kind == k).count();
        let _ = writeln!(
            out,
            "<details><summary>{}: +{} −{} ~{}</summary>\n",
            md(&label(lang, entity_label(entity))),
            count(ChangeKind::Added),
            count(ChangeKind::Removed),
            count(ChangeKind::Changed)
        );
        for c in changes {
            let _ = writeln!(
                out,
                "- `{}` **{}** (`{}`)",
                sign(c.kind),
                md(&c.title),
                md(&c.key)
            );
            if c.kind == ChangeKind::Changed {
                for f in &c.fields {
                    let line = format!(
                        "  - {}: {} → {} {}",
                        md(&field_name(lang, &f.field)),
                        md(&value(lang, &f.old, &f.new)),
                        md(&value(lang, &f.new, &f.old)),
                        md(&difference(lang, f))
                    );
                    let _ = writeln!(out, "{}", line.trim_end());
                }
            }
        }
        let _ = writeln!(out, "\n</details>\n");
    }
    out
}

pub fn json(diff: &Diff) -> crate::output::Encoded {
    let mut s = serde_json::to_vec_pretty(diff)?;
    s.push(b'\n');
    Ok(s)
}
