//! Following the plan (SPEC 5): `summary` and `diff`.

use crate::diag::Code;
use std::path::Path;

use super::{Options, analyse, exit_code, print_stdout, report, usage_error};
use crate::diag::Diagnostic;
use crate::load;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SummaryFormat {
    Text,
    Json,
    Csv,
}

pub fn summary(dir: &Path, format: SummaryFormat, year: Option<i64>, opts: &Options) -> i32 {
    let mut a = analyse(dir);
    let code = exit_code(&a.diags, opts.deny_warnings);
    report(&mut a.diags, &a.sources, opts);
    if a.diags.has_errors() {
        return code.max(1);
    }
    let (Some(plan), Some(summary)) = (&a.plan, &a.summary) else {
        return code.max(1);
    };
    let out = match year {
        None => match format {
            SummaryFormat::Json => crate::render::summary::json(summary),
            SummaryFormat::Text => Ok(crate::render::summary::text(plan, summary).into_bytes()),
            SummaryFormat::Csv => crate::render::summary::csv(summary),
        },
        Some(year) => {
            if !summary.programme.years.contains(&year) {
                let years: Vec<String> =
                    summary.programme.years.iter().map(i64::to_string).collect();
                return usage_error(
                    crate::diag::msg(
                        "summary-year-unknown",
                        &[("year", &year.to_string()), ("years", &years.join(", "))],
                    ),
                    opts,
                );
            }
            let m = crate::compute::monitoring(plan, summary, year);
            match format {
                SummaryFormat::Json => crate::render::summary::monitoring_json(&m),
                SummaryFormat::Text => {
                    Ok(crate::render::summary::monitoring_text(plan, &m).into_bytes())
                }
                SummaryFormat::Csv => crate::render::summary::monitoring_csv(&m),
            }
        }
    };
    let out = match out {
        Ok(bytes) => bytes,
        Err(e) => {
            return super::run_error(
                Diagnostic::at_path(
                    Code::EncodeError,
                    "summary".into(),
                    crate::diag::msg("encode-error", &[("path", "summary"), ("error", &e.0)]),
                ),
                opts,
            );
        }
    };
    print_stdout(&out, opts).max(code)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

/// `diff`: what changed between two versions of a plan (SPEC 5.2).
pub fn diff(
    dirs: &[std::path::PathBuf],
    git: Option<&str>,
    format: DiffFormat,
    exit_code_on_change: bool,
    opts: &Options,
) -> i32 {
    // With --git, the two revisions are extracted and dropped at the end.
    let mut revisions = Vec::new();
    let (old_dir, new_dir) = match git {
        Some(range) => {
            let plan_dir = dirs.first().map_or(Path::new("."), |d| d.as_path());
            let Some((old, new)) = range.split_once("..") else {
                return usage_error(
                    crate::diag::msg("git-bad-revision", &[("rev", range)]),
                    opts,
                );
            };
            for rev in [old, new] {
                match load::git::checkout(plan_dir, rev) {
                    Ok(r) => revisions.push(r),
                    Err(m) => return usage_error(m, opts),
                }
            }
            (revisions[0].plan.clone(), revisions[1].plan.clone())
        }
        None => match dirs {
            [old, new] => (old.clone(), new.clone()),
            _ => return usage_error(crate::diag::msg("diff-needs-two", &[]), opts),
        },
    };
    let mut old = analyse(&old_dir);
    let mut new = analyse(&new_dir);
    let code = exit_code(&old.diags, false).max(exit_code(&new.diags, false));
    if old.diags.has_errors() || new.diags.has_errors() || code != 0 {
        report(&mut old.diags, &old.sources, opts);
        report(&mut new.diags, &new.sources, opts);
        return code.max(1);
    }
    let (Some(op), Some(os), Some(np), Some(ns)) =
        (&old.plan, &old.summary, &new.plan, &new.summary)
    else {
        return 1;
    };
    let d = crate::diff::diff((op, os), (np, ns));
    // The terminal's text follows the reader's language (--lang, the locale);
    // the Markdown comment is for the plan's reviewers, in the plan's.
    let out = match format {
        DiffFormat::Text => Ok(crate::diff::text(&d, opts.lang).into_bytes()),
        DiffFormat::Markdown => Ok(crate::diff::markdown(&d, np.plan.language).into_bytes()),
        DiffFormat::Json => crate::diff::json(&d),
    };
    let out = match out {
        Ok(bytes) => bytes,
        Err(e) => {
            return usage_error(
                crate::diag::msg("encode-error", &[("path", "diff"), ("error", &e.0)]),
                opts,
            );
        }
    };
    drop(revisions);
    let written = print_stdout(&out, opts);
    if written != 0 {
        return written;
    }
    if exit_code_on_change && !d.is_empty() {
        1
    } else {
        0
    }
}
