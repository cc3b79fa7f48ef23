//! The pages: which template makes which file, with which values, and
//! their rendering on every core, each written as its template runs.

use minijinja::{Environment, Value, context};
use rayon::prelude::*;

use super::markdown::ROOT_TOKEN;
use super::sink::Emitter;
use super::stream;
use super::view::Context;

/// (template, variables, path in OUT, path to OUT's root).
pub(super) type Job = (&'static str, Value, String, &'static str);

/// Every page to render, from the views and their template values `base`.
pub(super) fn jobs(ctx: &Context, base: &Value) -> Vec<Job> {
    let page = |page: &str, title: &str, root: &str, print: bool| {
        context! { page => page, page_title => title, root => root, print => print, ..base.clone() }
    };
    // The i-th item of one of the context's lists, as already converted in
    // `base` (shared, not converted again for its page).
    let item = |list: &str, i: usize| {
        base.get_attr(list)
            .and_then(|l| l.get_item(&Value::from(i)))
            .unwrap_or_default()
    };
    // Every page to render: (template, variables, path in OUT, path to OUT's root).
    let mut jobs: Vec<Job> = vec![
        ("md/plan.md.j2", base.clone(), "plan.md".into(), ""),
        (
            "md/participation.md.j2",
            base.clone(),
            "participation.md".into(),
            "",
        ),
    ];
    if ctx.process_card.is_some() {
        jobs.push((
            "md/process-card.md.j2",
            base.clone(),
            "process-card.md".into(),
            "",
        ));
    }
    jobs.push((
        "html/index.html.j2",
        page("index", "", "", false),
        "html/index.html".into(),
        "",
    ));
    jobs.push((
        "html/downloads.html.j2",
        page("downloads", &ctx.l_text("downloads-title"), "../", false),
        format!("html/{}", ctx.downloads.page),
        "../",
    ));
    jobs.push((
        "html/root.html.j2",
        page("root", "", "", false),
        "index.html".into(),
        "",
    ));
    jobs.push((
        "html/print.html.j2",
        page("print", "", "", true),
        "html/print.html".into(),
        "",
    ));
    for (i, section) in ctx.outline.iter().enumerate() {
        let vars = context! { section => item("outline", i), ..page(&section.id, &section.title, "", false) };
        jobs.push((
            "html/section.html.j2",
            vars,
            format!("html/{}", section.page),
            "",
        ));
    }
    let section_title = |kind: &str| {
        ctx.outline
            .iter()
            .find(|s| s.kind == kind)
            .map(|s| s.title.clone())
    };
    // Areas and cards: a page each, below the section that lists them
    // (the template gets the item and the section's title).
    let areas: Vec<_> = ctx.areas.iter().map(|v| (&v.title, &v.page)).collect();
    let cards: Vec<_> = ctx.cards.iter().map(|v| (&v.title, &v.page)).collect();
    let children = [
        ("areas", ["area", "areas_title"], "html/area.html.j2", areas),
        ("cards", ["card", "cards_title"], "html/card.html.j2", cards),
    ];
    for (kind, [item_key, title_key], template, views) in children {
        let Some(section) = section_title(kind) else {
            continue;
        };
        for (i, (title, path)) in views.into_iter().enumerate() {
            let own = Value::from(std::collections::BTreeMap::from([
                (item_key, item(kind, i)),
                (title_key, Value::from(section.as_str())),
            ]));
            let vars = context! { ..own, ..page(kind, title, "../", false) };
            jobs.push((template, vars, format!("html/{path}"), "../"));
        }
    }
    for (i, report) in ctx.monitoring.iter().enumerate() {
        let vars = context! {
            report => item("monitoring", i),
            ..page("monitoring", &report.title, "", false)
        };
        jobs.push((
            "html/monitoring.html.j2",
            vars.clone(),
            format!("html/{}", report.page),
            "",
        ));
        jobs.push((
            "md/monitoring.md.j2",
            vars,
            format!("monitoring-{}.md", report.year),
            "",
        ));
    }
    jobs.push((
        "data/README.md.j2",
        base.clone(),
        super::published::DataFile::Readme.path().into(),
        "",
    ));
    jobs
}

/// Removes every page whose path another page also has, and returns those
/// paths: two outputs at one path are an error, never a race.
pub(super) fn take_collisions(jobs: &mut Vec<Job>) -> Vec<String> {
    let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (_, _, path, _) in jobs.iter() {
        *count.entry(path.as_str()).or_default() += 1;
    }
    let mut clashing: Vec<String> = count
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(p, _)| p.to_string())
        .collect();
    clashing.sort();
    jobs.retain(|(_, _, path, _)| !clashing.contains(path));
    clashing
}

/// Renders the pages on every core, each handed on when done; the template
/// errors come back in the jobs' order, as one thread would meet them.
pub(super) fn render(
    jobs: &[Job],
    env: &Environment<'_>,
    outputs: &Emitter<'_>,
) -> Vec<minijinja::Error> {
    jobs.par_iter()
        .with_max_len(1)
        .filter_map(|(name, vars, path, root)| {
            // Written as the template runs: a large page is never whole in memory.
            let file = outputs.create(path.clone());
            let rendered = env.get_template(name).and_then(|t| {
                if name.ends_with(".html.j2") {
                    let mut out = stream::Replace::new(file, ROOT_TOKEN, root);
                    t.render_captured_to(vars.clone(), &mut out)?;
                    Ok(out.finish())
                } else {
                    let mut out = stream::TidyMarkdown::new(file);
                    t.render_captured_to(vars.clone(), &mut out)?;
                    Ok(out.finish())
                }
            });
            match rendered {
                // The sinks keep their own write errors; none comes back here.
                Ok(Ok(file)) => {
                    file.done();
                    None
                }
                Ok(Err(_)) => None,
                Err(e) => Some(e),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_that_share_a_path_are_all_taken_out() {
        let job = |path: &str| -> Job { ("t", Value::UNDEFINED, path.to_string(), "") };
        let mut jobs = vec![
            job("html/nota.html"),
            job("html/monitoring-2024.html"),
            job("html/monitoring-2024.html"),
            job("plan.md"),
        ];
        assert_eq!(take_collisions(&mut jobs), ["html/monitoring-2024.html"]);
        let left: Vec<&str> = jobs.iter().map(|j| j.2.as_str()).collect();
        assert_eq!(left, ["html/nota.html", "plan.md"]);
    }
}
