//! Templates: built-ins embedded in the binary, each overridable by a file of
//! the same name in the plan's own `templates/` folder. Strict undefined, a
//! fuel limit, HTML auto-escaping for `*.html.j2`.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::text::{md_cell, md_escape};
use minijinja::value::Value;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior};

/// Every built-in template and asset, by the name a plan uses to override it.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "html/monitoring.html.j2",
        include_str!("../../templates/html/monitoring.html.j2"),
    ),
    (
        "md/monitoring.md.j2",
        include_str!("../../templates/md/monitoring.md.j2"),
    ),
    (
        "html/card.html.j2",
        include_str!("../../templates/html/card.html.j2"),
    ),
    (
        "html/partials/card.html.j2",
        include_str!("../../templates/html/partials/card.html.j2"),
    ),
    (
        "html/partials/cards.html.j2",
        include_str!("../../templates/html/partials/cards.html.j2"),
    ),
    (
        "html/partials/district.html.j2",
        include_str!("../../templates/html/partials/district.html.j2"),
    ),
    (
        "html/partials/funds.html.j2",
        include_str!("../../templates/html/partials/funds.html.j2"),
    ),
    (
        "html/partials/indicators.html.j2",
        include_str!("../../templates/html/partials/indicators.html.j2"),
    ),
    (
        "html/compare.html.j2",
        include_str!("../../templates/html/compare.html.j2"),
    ),
    (
        "html/partials/rules.html.j2",
        include_str!("../../templates/html/partials/rules.html.j2"),
    ),
    (
        "html/partials/objectives.html.j2",
        include_str!("../../templates/html/partials/objectives.html.j2"),
    ),
    (
        "md/partials/cards.md.j2",
        include_str!("../../templates/md/partials/cards.md.j2"),
    ),
    (
        "md/partials/district.md.j2",
        include_str!("../../templates/md/partials/district.md.j2"),
    ),
    (
        "md/partials/funds.md.j2",
        include_str!("../../templates/md/partials/funds.md.j2"),
    ),
    (
        "md/partials/indicators.md.j2",
        include_str!("../../templates/md/partials/indicators.md.j2"),
    ),
    (
        "md/partials/rules.md.j2",
        include_str!("../../templates/md/partials/rules.md.j2"),
    ),
    (
        "md/partials/objectives.md.j2",
        include_str!("../../templates/md/partials/objectives.md.j2"),
    ),
    (
        "assets/style.css",
        include_str!("../../templates/assets/style.css"),
    ),
    (
        "data/README.md.j2",
        include_str!("../../templates/data/README.md.j2"),
    ),
    (
        "html/area.html.j2",
        include_str!("../../templates/html/area.html.j2"),
    ),
    (
        "html/base.html.j2",
        include_str!("../../templates/html/base.html.j2"),
    ),
    (
        "html/downloads.html.j2",
        include_str!("../../templates/html/downloads.html.j2"),
    ),
    (
        "html/index.html.j2",
        include_str!("../../templates/html/index.html.j2"),
    ),
    (
        "html/macros.html.j2",
        include_str!("../../templates/html/macros.html.j2"),
    ),
    (
        "html/partials/annexes.html.j2",
        include_str!("../../templates/html/partials/annexes.html.j2"),
    ),
    (
        "html/partials/area.html.j2",
        include_str!("../../templates/html/partials/area.html.j2"),
    ),
    (
        "html/partials/areas.html.j2",
        include_str!("../../templates/html/partials/areas.html.j2"),
    ),
    (
        "html/partials/chapter.html.j2",
        include_str!("../../templates/html/partials/chapter.html.j2"),
    ),
    (
        "html/partials/outcome.html.j2",
        include_str!("../../templates/html/partials/outcome.html.j2"),
    ),
    (
        "html/partials/participation.html.j2",
        include_str!("../../templates/html/partials/participation.html.j2"),
    ),
    (
        "html/partials/process-card.html.j2",
        include_str!("../../templates/html/partials/process-card.html.j2"),
    ),
    (
        "html/partials/process.html.j2",
        include_str!("../../templates/html/partials/process.html.j2"),
    ),
    (
        "html/partials/recommendations.html.j2",
        include_str!("../../templates/html/partials/recommendations.html.j2"),
    ),
    (
        "html/partials/resources.html.j2",
        include_str!("../../templates/html/partials/resources.html.j2"),
    ),
    (
        "html/print.html.j2",
        include_str!("../../templates/html/print.html.j2"),
    ),
    (
        "html/root.html.j2",
        include_str!("../../templates/html/root.html.j2"),
    ),
    (
        "html/section.html.j2",
        include_str!("../../templates/html/section.html.j2"),
    ),
    (
        "md/macros.md.j2",
        include_str!("../../templates/md/macros.md.j2"),
    ),
    (
        "md/partials/annexes.md.j2",
        include_str!("../../templates/md/partials/annexes.md.j2"),
    ),
    (
        "md/partials/area.md.j2",
        include_str!("../../templates/md/partials/area.md.j2"),
    ),
    (
        "md/partials/areas.md.j2",
        include_str!("../../templates/md/partials/areas.md.j2"),
    ),
    (
        "md/partials/chapter.md.j2",
        include_str!("../../templates/md/partials/chapter.md.j2"),
    ),
    (
        "md/partials/outcome.md.j2",
        include_str!("../../templates/md/partials/outcome.md.j2"),
    ),
    (
        "md/partials/participation.md.j2",
        include_str!("../../templates/md/partials/participation.md.j2"),
    ),
    (
        "md/partials/process-card.md.j2",
        include_str!("../../templates/md/partials/process-card.md.j2"),
    ),
    (
        "md/partials/process.md.j2",
        include_str!("../../templates/md/partials/process.md.j2"),
    ),
    (
        "md/partials/recommendations.md.j2",
        include_str!("../../templates/md/partials/recommendations.md.j2"),
    ),
    (
        "md/partials/resources.md.j2",
        include_str!("../../templates/md/partials/resources.md.j2"),
    ),
    (
        "md/participation.md.j2",
        include_str!("../../templates/md/participation.md.j2"),
    ),
    (
        "md/plan.md.j2",
        include_str!("../../templates/md/plan.md.j2"),
    ),
    (
        "md/process-card.md.j2",
        include_str!("../../templates/md/process-card.md.j2"),
    ),
];

/// The fuel of one template render, from the plan's size in bytes. Fuel
/// counts instructions and bytes made (a unit per 64 bytes of strings built
/// or written), so it bounds time, memory and output together: an override
/// that loops forever or doubles a string forty times stops with a located
/// error. The built-in templates use under one unit per byte of plan; this
/// leaves them ten times that.
pub fn fuel_for(plan_bytes: usize) -> u64 {
    2_000_000 + 8 * plan_bytes as u64
}

pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// The environment over the built-ins, with the plan's `overrides` (template
/// name → text, as `load` read them) taking precedence.
pub fn environment(overrides: BTreeMap<String, String>, fuel: u64) -> Environment<'static> {
    let mut env = Environment::new();
    let overrides = Arc::new(overrides);
    env.set_loader(move |name| {
        Ok(overrides
            .get(name)
            .cloned()
            .or_else(|| builtin(name).map(str::to_string)))
    });
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(fuel));
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("valid syntax config"),
    );
    // Escape only what HTML needs (& < > " '): minijinja's default also escapes
    // `/`, which makes every address in the pages unreadable.
    env.set_formatter(|out, state, value| {
        if *state.auto_escape() == minijinja::AutoEscape::Html
            && !value.is_safe()
            && !value.is_none()
        {
            let written = match value.as_str() {
                Some(s) => crate::text::escape_into(s, out),
                None => crate::text::escape_into(&value.to_string(), out),
            };
            written.map_err(|e| Error::new(ErrorKind::WriteFailure, e.to_string()))
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.add_filter("md", md_escape);
    env.add_filter("html_list", html_list);
    env.add_filter("md_list", |items: Vec<Value>| join_with(&items, md_escape));
    env.add_filter("cell_list", |items: Vec<Value>| join_with(&items, md_cell));
    env.add_filter("cell", md_cell);
    env.add_filter("shift_headings", shift_headings);
    env.add_filter("demote_md", demote_md);
    env
}

/// Items joined by ", ", each escaped for HTML (as `{{ item }}` would be):
/// what the `list` macro wrote, without a macro call per list.
pub fn html_list(items: Vec<Value>) -> Value {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match item.as_str() {
            Some(s) if item.is_safe() => out.push_str(s),
            Some(s) => {
                let _ = crate::text::escape_into(s, &mut out);
            }
            None => {
                let _ = crate::text::escape_into(&item.to_string(), &mut out);
            }
        }
    }
    Value::from_safe_string(out)
}

/// Items joined by ", ", each through `escape` (Markdown text or table cell).
fn join_with(items: &[Value], escape: fn(&str) -> String) -> String {
    items
        .iter()
        .map(|item| match item.as_str() {
            Some(s) => escape(s),
            None => escape(&item.to_string()),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Moves every ATX heading of rendered Markdown prose down `by` levels (at
/// most six `#`), fenced code left alone: prose rendered once sits at any depth.
pub fn demote_md(text: &str, by: i64) -> String {
    if by <= 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut fence: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        if !crate::text::in_fence(&mut fence, line) {
            let hashes = line.bytes().take_while(|b| *b == b'#').count();
            if (1..=6).contains(&hashes)
                && matches!(line.as_bytes().get(hashes), Some(b' ' | b'\n') | None)
            {
                let level = (hashes as i64 + by).min(6) as usize;
                out.push_str(&"#".repeat(level));
                out.push_str(&line[hashes..]);
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

/// Moves every heading of rendered prose down `by` levels (at most `h6`).
pub fn shift_headings(html: Value, by: i64) -> Value {
    let s = html
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| html.to_string());
    if by <= 0 {
        return Value::from_safe_string(s);
    }
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let closing = bytes[i..].starts_with(b"</h");
        let opening = bytes[i..].starts_with(b"<h");
        let digit_at = if closing { i + 3 } else { i + 2 };
        if (opening || closing)
            && digit_at < bytes.len()
            && (b'1'..=b'6').contains(&bytes[digit_at])
        {
            let level = (bytes[digit_at] - b'0') as i64;
            let new = (level + by).min(6);
            out.push_str(if closing { "</h" } else { "<h" });
            out.push_str(&new.to_string());
            i = digit_at + 1;
            continue;
        }
        let ch = s[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    Value::from_safe_string(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping() {
        assert_eq!(
            md_escape("a*b_c [x](y) <b>|#"),
            "a\\*b\\_c \\[x\\](y) \\<b\\>\\|\\#"
        );
        assert_eq!(md_cell("a | b\nc"), "a \\| b c");
        assert_eq!(md_cell("<script>"), "&lt;script&gt;");
    }

    #[test]
    fn markdown_headings_demote_outside_code_only() {
        let md = "## A\ntext #not\n```\n# code\n```\n###### six\n#hashtag\n";
        assert_eq!(
            demote_md(md, 2),
            "#### A\ntext #not\n```\n# code\n```\n###### six\n#hashtag\n"
        );
        assert_eq!(demote_md(md, 0), md);
    }

    #[test]
    fn headings_shift_and_cap_at_h6() {
        let v = shift_headings(Value::from("<h2 id=\"x\">A</h2><p>h2</p><h6>B</h6>"), 2);
        assert_eq!(
            v.as_str().unwrap(),
            "<h4 id=\"x\">A</h4><p>h2</p><h6>B</h6>"
        );
    }

    #[test]
    fn every_builtin_template_compiles() {
        let env = environment(BTreeMap::new(), fuel_for(0));
        for (name, _) in BUILTIN.iter().filter(|(n, _)| n.ends_with(".j2")) {
            env.get_template(name)
                .unwrap_or_else(|e| panic!("{name}: {e:#}"));
        }
    }
}
