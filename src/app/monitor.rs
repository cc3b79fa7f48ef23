//! `monitor export` and `monitor import` (SPEC 5.4): a year's figures out to
//! a spreadsheet and back. Import writes exactly the sheet's valid values,
//! or nothing: every cell checked, the edited plan checked whole in memory,
//! every value verified where it landed, every file replaced or none.

use crate::diag::Code;
use std::collections::HashMap;
use std::path::Path;

use super::{Options, analyse, analyse_with, exit_code, print_stdout, report, usage_error};
use crate::diag::{Diagnostic, Diagnostics, msg};
use crate::write::in_place::{ReplaceError, Replacement, patch_raw, replace_all};

/// `monitor export`: the sheet of a year.
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
    let (Some(plan), Some(summary), Some(files)) = (&a.plan, &a.summary, &a.files) else {
        return 1;
    };
    if !summary.programme.years.contains(&year) {
        let years: Vec<String> = summary.programme.years.iter().map(i64::to_string).collect();
        return usage_error(
            msg(
                "summary-year-unknown",
                &[("year", &year.to_string()), ("years", &years.join(", "))],
            ),
            opts,
        );
    }
    let delimiter = match delimiter {
        ';' => b';',
        ',' => b',',
        other => {
            return usage_error(
                msg(
                    "sheet-column",
                    &[("found", &other.to_string()), ("expected", "; ,")],
                ),
                opts,
            );
        }
    };
    let sheet = match crate::monitor::export(plan, year, delimiter) {
        Ok(s) => s,
        Err(e) => {
            return usage_error(
                msg(
                    "encode-error",
                    &[("path", "sheet"), ("error", &e.to_string())],
                ),
                opts,
            );
        }
    };
    let Some(path) = out else {
        return print_stdout(&sheet, opts);
    };
    let shown = crate::source::display_path(path, "");
    // The sheet never takes the place of one of the plan's own files.
    if let (Ok(real), Ok(root)) = (
        path.parent()
            .map_or(Path::new("."), |p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .canonicalize()
            .map(|p| p.join(path.file_name().unwrap_or_default())),
        files.root().canonicalize(),
    ) && real.starts_with(&root)
        && std::fs::symlink_metadata(&real).is_ok()
    {
        return usage_error(msg("sheet-out-in-plan", &[("path", &shown)]), opts);
    }
    match write_new(path, &sheet) {
        Ok(()) => 0,
        Err(e) => super::run_error(
            Diagnostic::at_path(
                Code::IoError,
                shown.clone(),
                msg("io-error", &[("path", &shown), ("error", &e.to_string())]),
            ),
            opts,
        ),
    }
}

/// Writes `bytes` to `path` through a fresh file renamed into place: a
/// symlink at `path` is replaced, never followed.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".welfare-plan-sheet.")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn read_sheet(sheet: &Path) -> Result<String, String> {
    match std::fs::read(sheet).map(String::from_utf8) {
        Ok(Ok(t)) => Ok(t.trim_start_matches('\u{feff}').replace("\r\n", "\n")),
        Ok(Err(_)) => Err("not UTF-8".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// `monitor import`: every cell checked; only a whole valid sheet, making a
/// valid plan, is written into the plan's TOML files; then what changed is
/// printed as `diff` does.
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
    let text = match read_sheet(sheet) {
        Ok(t) => t,
        Err(error) => {
            return usage_error(
                msg("sheet-unreadable", &[("path", &shown), ("error", &error)]),
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
            eprintln!("{}", msg("monitor-unchanged", &[]).text(opts.lang));
        }
        return 0;
    }
    // Each file's new bytes in its own form (BOM, line ends), from the bytes
    // on disk now: a file saved since it was read is not overwritten.
    let mut replacements = Vec::new();
    let mut overlay = HashMap::new();
    for (id, new_text) in &edits.files {
        let f = a.sources.get(*id);
        let raw = files.read_walked(&f.rel).ok();
        let Some(after) = raw
            .as_deref()
            .and_then(|raw| patch_raw(raw, &f.text, new_text))
        else {
            return changed_meanwhile(&f.display, opts);
        };
        overlay.insert(f.rel.clone(), after.clone());
        replacements.push(Replacement {
            path: files.root().join(&f.rel),
            shown: f.display.clone(),
            before: raw.unwrap_or_default(),
            after,
        });
    }
    // The plan the edit makes, checked whole before a byte is written.
    let mut edited = analyse_with(dir, overlay);
    let landed = edited.plan.as_ref().is_some_and(|p| {
        let mut ok = true;
        for row in rows.iter().filter(|r| !crate::monitor::landed(p, r)) {
            ok = false;
            diags.report(
                Code::MonitorSheet,
                row.span,
                msg("sheet-not-landed", &[("key", &row.key)]),
            );
        }
        ok
    });
    if edited.diags.has_errors() || !landed {
        report(&mut edited.diags, &edited.sources, opts);
        report(&mut diags, &a.sources, opts);
        if !opts.quiet {
            eprintln!("{}", msg("monitor-invalid-plan", &[]).text(opts.lang));
        }
        return 1;
    }
    if let Err(e) = replace_all(&replacements) {
        let (key, path, error) = match e {
            ReplaceError::Changed(p) => ("file-changed-meanwhile", p, String::new()),
            ReplaceError::ReadOnly(p) => ("file-read-only", p, String::new()),
            ReplaceError::Io(p, e) => ("io-error", p, e.to_string()),
        };
        return super::run_error(
            Diagnostic::at_path(
                Code::IoError,
                path.clone(),
                msg(key, &[("path", &path), ("error", &error)]),
            ),
            opts,
        );
    }
    if let (Some(np), Some(ns)) = (&edited.plan, &edited.summary) {
        let d = crate::diff::diff((plan, summary), (np, ns));
        let _ = print_stdout(crate::diff::text(&d, opts.lang).as_bytes(), opts);
    }
    if !opts.quiet {
        eprintln!(
            "{}",
            msg(
                "monitor-changed",
                &[
                    ("count", &edits.changed.to_string()),
                    ("files", &edits.files.len().to_string())
                ]
            )
            .text(opts.lang)
        );
    }
    exit_code(&edited.diags, opts.deny_warnings)
}

fn changed_meanwhile(path: &str, opts: &Options) -> i32 {
    super::run_error(
        Diagnostic::at_path(
            Code::IoError,
            path.to_string(),
            msg("file-changed-meanwhile", &[("path", path)]),
        ),
        opts,
    )
}
