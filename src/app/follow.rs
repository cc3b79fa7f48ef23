//! Following the plan (SPEC 5): `summary`, `diff`, `monitor export` and `monitor import`.

use std::path::Path;

use super::{Options, analyse, exit_code, print_stdout, report, usage_error};
use crate::diag::Diagnostic;
use crate::diag::Diagnostics;
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
                    crate::diag::Severity::Error,
                    "encode-error",
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
    let lang = np.plan.language;
    let out = match format {
        DiffFormat::Text => Ok(crate::diff::text(&d, lang).into_bytes()),
        DiffFormat::Markdown => Ok(crate::diff::markdown(&d, lang).into_bytes()),
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

/// `monitor export`: the sheet of a year (SPEC 5.4).
pub fn monitor_export(
    dir: &Path,
    year: i64,
    out: Option<&Path>,
    delimiter: char,
    opts: &Options,
) -> i32 {
    let mut a = analyse(dir);
    let code = exit_code(&a.diags, opts.deny_warnings);
    if a.diags.has_errors() || code != 0 {
        report(&mut a.diags, &a.sources, opts);
        return code.max(1);
    }
    let (Some(plan), Some(summary)) = (&a.plan, &a.summary) else {
        return 1;
    };
    if !summary.programme.years.contains(&year) {
        let years: Vec<String> = summary.programme.years.iter().map(i64::to_string).collect();
        return usage_error(
            crate::diag::msg(
                "summary-year-unknown",
                &[("year", &year.to_string()), ("years", &years.join(", "))],
            ),
            opts,
        );
    }
    if delimiter != ';' && delimiter != ',' {
        return usage_error(
            crate::diag::msg(
                "sheet-column",
                &[("found", &delimiter.to_string()), ("expected", "; ,")],
            ),
            opts,
        );
    }
    let sheet = crate::monitor::export(plan, year, delimiter);
    match out {
        Some(path) => match std::fs::write(path, sheet) {
            Ok(()) => 0,
            Err(e) => usage_error(
                crate::diag::msg(
                    "io-error",
                    &[
                        ("path", &crate::source::display_path(path, "")),
                        ("error", &e.to_string()),
                    ],
                ),
                opts,
            ),
        },
        None => print_stdout(sheet.as_bytes(), opts),
    }
}

/// `monitor import`: every cell checked; only a whole valid sheet is written
/// into the plan's TOML files, then what changed is printed as `diff` does.
pub fn monitor_import(dir: &Path, sheet: &Path, opts: &Options) -> i32 {
    let mut a = analyse(dir);
    if a.diags.has_errors() {
        let code = exit_code(&a.diags, false);
        report(&mut a.diags, &a.sources, opts);
        return code.max(1);
    }
    let (Some(plan), Some(summary), Some(files)) = (&a.plan, &a.summary, &a.files) else {
        return 1;
    };
    let shown = crate::source::display_path(sheet, "");
    let text = match std::fs::read(sheet).map(String::from_utf8) {
        Ok(Ok(t)) => t.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
        Ok(Err(_)) => {
            return usage_error(
                crate::diag::msg(
                    "sheet-unreadable",
                    &[("path", &shown), ("error", "not UTF-8")],
                ),
                opts,
            );
        }
        Err(e) => {
            return usage_error(
                crate::diag::msg(
                    "sheet-unreadable",
                    &[("path", &shown), ("error", &e.to_string())],
                ),
                opts,
            );
        }
    };
    let file = a.sources.add(shown.clone(), shown, text);
    let mut diags = Diagnostics::default();
    let rows = crate::monitor::parse(plan, &a.sources, file, &mut diags);
    let edits = if diags.has_errors() {
        None
    } else {
        Some(crate::monitor::plan_edits(
            plan, &a.sources, &rows, &mut diags,
        ))
    };
    let Some(edits) = edits.filter(|_| !diags.has_errors()) else {
        report(&mut diags, &a.sources, opts);
        return 1;
    };
    if edits.files.is_empty() {
        if !opts.quiet {
            eprintln!(
                "{}",
                crate::diag::msg("monitor-unchanged", &[]).text(opts.lang)
            );
        }
        return 0;
    }
    if let Err(e) = crate::monitor::apply(&edits, files.root()) {
        return usage_error(
            crate::diag::msg(
                "io-error",
                &[
                    ("path", &crate::source::display_path(dir, "")),
                    ("error", &e.to_string()),
                ],
            ),
            opts,
        );
    }
    // What changed, as `diff` shows it.
    let after = analyse(dir);
    if let (Some(np), Some(ns)) = (&after.plan, &after.summary) {
        let d = crate::diff::diff((plan, summary), (np, ns));
        let _ = print_stdout(crate::diff::text(&d, np.plan.language).as_bytes(), opts);
    }
    if !opts.quiet {
        eprintln!(
            "{}",
            crate::diag::msg(
                "monitor-changed",
                &[
                    ("count", &edits.changed.to_string()),
                    ("files", &edits.files.len().to_string())
                ]
            )
            .text(opts.lang)
        );
    }
    exit_code(&after.diags, opts.deny_warnings)
}
