//! `check` and `build`: the plan checked and rendered, then written to OUT.

use std::path::Path;

use super::{Analysis, Options, analyse, drop_later, exit_code, report, timed};
use crate::output::{Collect, Discard, Sink};
use crate::render::render_into;

/// `analyse`, then every output rendered in memory when the plan has no error:
/// what `serve` shows.
/// The plan's language comes back beside them (the model itself is freed by
/// rendering).
pub(super) fn analyse_and_render(
    dir: &Path,
    opts: &Options,
) -> (
    Analysis,
    Option<crate::i18n::Lang>,
    Option<Vec<crate::output::Output>>,
) {
    let kept = Collect::default();
    let mut lang = None;
    let (a, rendered) = analyse_and_render_into(dir, opts, None, |a| {
        lang = a.plan.as_ref().map(|p| p.plan.language);
        Some(&kept)
    });
    let lang = lang.or(a.plan.as_ref().map(|p| p.plan.language));
    (a, lang, rendered.then(|| kept.into_sorted()))
}

/// `analyse`, then, when the plan has no error, every output rendered into
/// the sink `start` gives (asked only then; `None`: rendered to be checked
/// and dropped). Whether it rendered without error.
fn analyse_and_render_into<'s>(
    dir: &Path,
    opts: &Options,
    pdf: Option<&Pdf>,
    start: impl FnOnce(&mut Analysis) -> Option<&'s dyn Sink>,
) -> (Analysis, bool) {
    let mut a = analyse(dir);
    if a.diags.has_errors() {
        return (a, false);
    }
    let sink = start(&mut a).unwrap_or(&Discard);
    let rendered = match (a.plan.take(), &a.summary) {
        (Some(plan), Some(summary)) => timed("render", || {
            render_into(
                plan,
                summary,
                &a.assets,
                &a.sources,
                &mut a.diags,
                sink,
                crate::render::Settings {
                    build_date: opts.env.source_date(),
                    pdf: pdf.is_some(),
                    pdf_cards: pdf.is_some_and(|p| p.cards),
                },
            )
        }),
        (plan, _) => {
            a.plan = plan;
            false
        }
    };
    (a, rendered)
}

pub fn check(dir: &Path, opts: &Options) -> i32 {
    // Rendering too (each file dropped once made), so that a plan that
    // checks clean also builds.
    let (mut a, _) = analyse_and_render_into(dir, opts, None, |_| None);
    let code = exit_code(&a.diags, opts.deny_warnings);
    let count = |s| a.diags.count(s);
    let (errors, warnings) = (
        count(crate::diag::Severity::Error),
        count(crate::diag::Severity::Warning),
    );
    let accepted = warnings - a.diags.denied_warnings();
    report(&mut a.diags, &a.sources, opts);
    // A clean plan: one line, the accepted warnings counted.
    if code == 0
        && errors == 0
        && warnings == accepted
        && !opts.quiet
        && opts.message_format == crate::diag::MessageFormat::Human
    {
        let files = a.sources.len().to_string();
        let key = if accepted > 0 {
            "plan-ok-accepted"
        } else {
            "plan-ok"
        };
        eprintln!(
            "{}",
            crate::diag::msg(
                key,
                &[("files", &files), ("accepted", &accepted.to_string())]
            )
            .text(opts.lang)
        );
    }
    drop_later(a);
    code
}

/// `build --pdf`: print the written site to `OUT/plan.pdf` too.
pub struct Pdf {
    /// `--chromium PATH`; else found on PATH.
    pub chromium: Option<std::path::PathBuf>,
    /// `--pdf-cards`: one PDF per card too.
    pub cards: bool,
}

/// `build`: claim OUT (default `DIR/build`), check, render, then write OUT
/// atomically; with `pdf`, print it.
pub fn build(dir: &Path, out: Option<&Path>, pdf: Option<&Pdf>, opts: &Options) -> i32 {
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.join("build"));
    // No browser: said before any work, and nothing is written (not even
    // the lock file beside OUT).
    let browser =
        match pdf.map(|p| crate::write::pdf::find_browser(p.chromium.as_deref(), &opts.env.path)) {
            Some(Err(d)) => return super::run_error(*d, opts),
            Some(Ok(b)) => Some(b),
            None => None,
        };
    // OUT first: recovered before anything else happens, and judged even
    // when the plan turns out to be broken. A missing plan is reported below.
    let claim = dir
        .is_dir()
        .then(|| crate::write::claim(&out, dir, opts.env.lock_wait));
    // Files are written into the new build folder as they are rendered,
    // once the plan has shown no error; a refused OUT renders to nothing.
    let mut claim = claim;
    let mut staging = None;
    let (mut a, rendered) = analyse_and_render_into(dir, opts, pdf, |a| {
        match claim.take() {
            Some(Ok(c)) => match c.begin() {
                Ok(s) => staging = Some(s),
                Err(d) => a.diags.push(*d),
            },
            Some(Err(d)) => a.diags.push(*d),
            None => {}
        }
        staging.as_ref().map(|s| s as &dyn Sink)
    });
    // A broken plan: OUT's own problem is reported with the plan's (2 wins).
    if let Some(Err(d)) = claim {
        a.diags.push(*d);
    }
    let code = exit_code(&a.diags, opts.deny_warnings);
    let staging = match staging {
        Some(s) if rendered && code == 0 => s,
        other => {
            if let Some(s) = other {
                s.abandon();
            }
            report(&mut a.diags, &a.sources, opts);
            return code.max(1);
        }
    };
    let cards = pdf.is_some_and(|p| p.cards);
    let written = timed("write", || match &browser {
        Some(browser) => staging.finish(|new| {
            crate::write::pdf::print_all(browser, new, &out, opts.env.source_date_epoch, cards)
        }),
        None => staging.finish(|_| Ok(Vec::new())),
    });
    let code = match written {
        Ok(written) => {
            report(&mut a.diags, &a.sources, opts);
            if !opts.quiet {
                if written.recovered {
                    eprintln!(
                        "{}",
                        crate::diag::msg("built-recovered", &[]).text(opts.lang)
                    );
                }
                let shown = crate::source::display_path(&out, "");
                eprintln!(
                    "{}",
                    crate::diag::msg(
                        "built",
                        &[("files", &written.files.to_string()), ("path", &shown)]
                    )
                    .text(opts.lang)
                );
            }
            if browser.is_some() && !opts.quiet {
                let pdf = out.join(crate::write::pdf::FILE);
                let shown = crate::source::display_path(&pdf, "");
                eprintln!(
                    "{}",
                    crate::diag::msg("built-pdf", &[("path", &shown)]).text(opts.lang)
                );
                let more = crate::write::pdf::jobs(&out, cards).len().saturating_sub(1);
                if more > 0 {
                    let shown = crate::source::display_path(&out, "");
                    eprintln!(
                        "{}",
                        crate::diag::msg(
                            "built-pdf-more",
                            &[("count", &more.to_string()), ("path", &shown)]
                        )
                        .text(opts.lang)
                    );
                }
            }
            0
        }
        Err(d) => {
            a.diags.push(*d);
            report(&mut a.diags, &a.sources, opts);
            2
        }
    };
    drop_later(a);
    code
}
