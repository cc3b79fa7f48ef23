//! The commands: each runs the stages in order and returns the exit code.

use std::io::Write;
use std::path::Path;

use crate::assets::Assets;
use crate::compute::{Summary, summarise};
use crate::decode::{self, Ctx};
use crate::diag::{ColorChoice, Diagnostic, Diagnostics, Message, MessageFormat, render_all};
use crate::i18n::Lang;
use crate::load;
use crate::model::Plan;
use crate::source::SourceMap;
use crate::validate::validate;

/// Flags common to every command.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub message_format: MessageFormat,
    pub color: ColorChoice,
    pub deny_warnings: bool,
    pub quiet: bool,
    /// Language of diagnostics and command messages (`--lang`).
    pub lang: Lang,
}

/// A plan loaded, modelled, validated and summarised, with everything it reported.
pub struct Analysis {
    pub sources: SourceMap,
    pub diags: Diagnostics,
    pub files: Option<load::FileAccess>,
    pub assets: Assets,
    pub plan: Option<Plan>,
    pub summary: Option<Summary>,
}

/// Runs load → model → validate → compute. Never fails: problems are diagnostics.
pub fn analyse(dir: &Path) -> Analysis {
    let mut sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    let files = match load::open(dir) {
        Ok(f) => f,
        Err(load::NotAPlan(d)) => {
            diags.push(*d);
            return Analysis {
                sources,
                diags,
                files: None,
                assets: Assets::default(),
                plan: None,
                summary: None,
            };
        }
    };
    sources = SourceMap::for_root(files.root());
    let loaded = load::load(files, &mut sources, &mut diags);
    let plan = {
        let mut ctx = Ctx {
            diags: &mut diags,
            sources: &sources,
            assets: &loaded.assets,
            describe: false,
        };
        decode::decode(&loaded.documents, &mut ctx)
    };
    validate(&plan, &mut diags);
    let allow: Vec<String> = plan.check.allow.iter().map(|a| a.value.clone()).collect();
    diags.allow(&allow);
    let summary = summarise(&plan);
    Analysis {
        sources,
        diags,
        files: Some(loaded.files),
        assets: loaded.assets,
        plan: Some(plan),
        summary: Some(summary),
    }
}

pub fn exit_code(diags: &Diagnostics, deny_warnings: bool) -> i32 {
    diags.exit_code(deny_warnings)
}

/// Prints the diagnostics on stderr in the chosen format (errors only with `--quiet`).
pub fn report(diags: &mut Diagnostics, sources: &SourceMap, opts: &Options) {
    diags.sort();
    if opts.quiet {
        diags.retain(|d| d.severity == crate::diag::Severity::Error);
    }
    let mut err = std::io::stderr().lock();
    let _ = render_all(
        diags,
        sources,
        opts.message_format,
        opts.color,
        opts.lang,
        &mut err,
    );
}

/// `analyse`, then every output rendered in memory when the plan has no error:
/// what `check` verifies and `build` writes.
fn analyse_and_render(dir: &Path) -> (Analysis, Option<Vec<crate::render::Output>>) {
    let mut a = analyse(dir);
    let mut outputs = None;
    if let (Some(plan), Some(summary)) = (&a.plan, &a.summary)
        && !a.diags.has_errors()
    {
        outputs = crate::render::render_outputs(plan, summary, &a.assets, &a.sources, &mut a.diags);
    }
    (a, outputs)
}

pub fn check(dir: &Path, opts: &Options) -> i32 {
    // Rendering too, so that a plan that checks clean also builds.
    let (mut a, _) = analyse_and_render(dir);
    let code = exit_code(&a.diags, opts.deny_warnings);
    report(&mut a.diags, &a.sources, opts);
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

/// `build`: claim OUT (default `DIR/build`), check, render, then write OUT atomically.
pub fn build(dir: &Path, out: Option<&Path>, opts: &Options) -> i32 {
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.join("build"));
    // OUT first: recovered before anything else happens, and judged even
    // when the plan turns out to be broken. A missing plan is reported below.
    let claim = dir
        .is_dir()
        .then(|| crate::write::claim(&out, dir, lock_wait()));
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
    match claim.write(&outputs) {
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
            0
        }
        Err(d) => {
            a.diags.push(*d);
            report(&mut a.diags, &a.sources, opts);
            2
        }
    }
}

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
            let mut d = Diagnostics::default();
            d.push(Diagnostic::at_path(
                crate::diag::Severity::Error,
                "encode-error",
                "summary".into(),
                crate::diag::msg("encode-error", &[("path", "summary"), ("error", &e.0)]),
            ));
            report(&mut d, &a.sources, opts);
            return 2;
        }
    };
    print_stdout(&out, opts).max(code)
}

/// Writes a command's result on stdout: 0, or 2 with a message on stderr when
/// the write fails (a full disk, `/dev/full`). A closed pipe (`| head`) is
/// the reader's choice, not a failure.
fn print_stdout(bytes: &[u8], opts: &Options) -> i32 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::at_path(
                crate::diag::Severity::Error,
                "io-error",
                "stdout".into(),
                crate::diag::msg("io-error", &[("path", "stdout"), ("error", &e.to_string())]),
            ));
            report(&mut d, &SourceMap::default(), opts);
            2
        }
    }
}

/// A usage problem found before any plan is read (exit 2).
pub fn usage_error(message: Message, opts: &Options) -> i32 {
    let mut d = Diagnostics::default();
    let mut diag = Diagnostic::at_path(
        crate::diag::Severity::Error,
        "usage",
        String::new(),
        message,
    );
    diag.path = None;
    d.push(diag);
    report(&mut d, &SourceMap::default(), opts);
    2
}

/// `init`: a new plan with every collection shown once, commented, and a
/// `.gitignore` for the output folder. Refuses a folder that is not empty.
pub fn init(dir: &Path, opts: &Options) -> i32 {
    let shown = crate::source::display_path(dir, "");
    let not_empty = std::fs::read_dir(dir)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if dir.exists() && (!dir.is_dir() || not_empty) {
        return usage_error(
            crate::diag::msg("init-not-empty", &[("path", &shown)]),
            opts,
        );
    }
    let schema_text = decode::json_schema_text();
    let files: [(&str, &str); 3] = [
        ("plan.toml", include_str!("../templates/init/plan.toml")),
        (".gitignore", include_str!("../templates/init/gitignore")),
        ("welfare-plan.schema.json", &schema_text),
    ];
    let result = std::fs::create_dir_all(dir).and_then(|_| {
        files
            .iter()
            .try_for_each(|(name, text)| std::fs::write(dir.join(name), text))
    });
    match result {
        Ok(()) => {
            if !opts.quiet {
                eprintln!(
                    "{}",
                    crate::diag::msg("init-done", &[("path", &shown)]).text(opts.lang)
                );
            }
            0
        }
        Err(e) => usage_error(
            crate::diag::msg("io-error", &[("path", &shown), ("error", &e.to_string())]),
            opts,
        ),
    }
}

/// `schema`: prints the JSON Schema on stdout.
pub fn schema(opts: &Options) -> i32 {
    print_stdout(decode::json_schema_text().as_bytes(), opts)
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
