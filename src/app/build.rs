//! `check` and `build`: the plan checked and rendered, then written to OUT.

use std::path::Path;

use super::{Analysis, Options, analyse, drop_later, exit_code, report, timed};

/// `analyse`, then every output rendered in memory when the plan has no error:
/// what `check` verifies and `build` writes.
pub(super) fn analyse_and_render(dir: &Path) -> (Analysis, Option<Vec<crate::render::Output>>) {
    let mut a = analyse(dir);
    let mut outputs = None;
    if let (Some(plan), Some(summary)) = (&a.plan, &a.summary)
        && !a.diags.has_errors()
    {
        outputs = timed("render", || {
            crate::render::render_outputs(plan, summary, &a.assets, &a.sources, &mut a.diags)
        });
    }
    (a, outputs)
}

pub fn check(dir: &Path, opts: &Options) -> i32 {
    // Rendering too, so that a plan that checks clean also builds.
    let (mut a, outputs) = analyse_and_render(dir);
    drop_later(outputs);
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

/// How long a build waits for another build that holds OUT
/// (`WELFARE_PLAN_LOCK_TIMEOUT`, in seconds; 30 by default).
fn lock_wait() -> std::time::Duration {
    let secs = std::env::var("WELFARE_PLAN_LOCK_TIMEOUT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(30);
    std::time::Duration::from_secs(secs)
}

/// `build --pdf`: print the written site to `OUT/plan.pdf` too.
pub struct Pdf {
    /// `--chromium PATH`; else found on PATH.
    pub chromium: Option<std::path::PathBuf>,
}

/// `build`: claim OUT (default `DIR/build`), check, render, then write OUT
/// atomically; with `pdf`, print it.
pub fn build(dir: &Path, out: Option<&Path>, pdf: Option<&Pdf>, opts: &Options) -> i32 {
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.join("build"));
    // OUT first: recovered before anything else happens, and judged even
    // when the plan turns out to be broken. A missing plan is reported below.
    let claim = dir
        .is_dir()
        .then(|| crate::write::claim(&out, dir, lock_wait()));
    // No browser: said before any work, and nothing is written.
    let browser = match pdf.map(|p| crate::pdf::find_browser(p.chromium.as_deref())) {
        Some(Err(d)) => return super::run_error(*d, opts),
        Some(Ok(b)) => Some(b),
        None => None,
    };
    let (mut a, outputs) = analyse_and_render(dir);
    let claim = match claim {
        Some(Ok(c)) => Some(c),
        Some(Err(d)) => {
            a.diags.push(*d);
            None
        }
        None => None,
    };
    let code = exit_code(&a.diags, opts.deny_warnings);
    let (Some(outputs), 0, Some(claim)) = (outputs, code, claim) else {
        report(&mut a.diags, &a.sources, opts);
        return code.max(1);
    };
    let written = match &browser {
        Some(browser) => claim.write_then(&outputs, |staging| {
            crate::pdf::print(browser, staging).map(|_| vec![crate::pdf::FILE.to_string()])
        }),
        None => timed("write", || claim.write(&outputs)),
    };
    drop_later(outputs);
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
                let pdf = out.join(crate::pdf::FILE);
                let shown = crate::source::display_path(&pdf, "");
                eprintln!(
                    "{}",
                    crate::diag::msg("built-pdf", &[("path", &shown)]).text(opts.lang)
                );
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
