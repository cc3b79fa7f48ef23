//! The commands: each runs the stages in order and returns the exit code.

mod build;
mod compare;
mod follow;
mod help;
mod init;
mod monitor;
mod serve;

pub use build::{Pdf, build, check};
pub use compare::compare;
pub use follow::{DiffFormat, SummaryFormat, diff, summary};
pub use help::explain;
pub use init::{init, schema};
pub use monitor::{monitor_export, monitor_import};
pub use serve::{serve, watch};

use crate::diag::Code;
use std::io::Write;
use std::path::Path;

use crate::assets::Assets;
use crate::compute::{Summary, summarise};
use crate::decode;
use crate::diag::{ColorChoice, Diagnostic, Diagnostics, Message, MessageFormat, render_all};
use crate::i18n::Lang;
use crate::load;
use crate::model::Plan;
use crate::source::SourceMap;
pub(crate) use crate::timing::timed;
use crate::validate::validate;

/// Flags common to every command, and what the run took from its environment.
#[derive(Clone, Copy, Debug)]
pub struct Options<'e> {
    pub message_format: MessageFormat,
    pub color: ColorChoice,
    pub deny_warnings: bool,
    pub quiet: bool,
    /// List accepted warnings too (human and GitHub formats hide them).
    pub show_allowed: bool,
    /// Language of diagnostics and command messages (`--lang`, else the locale).
    pub lang: Lang,
    pub env: &'e crate::settings::Environment,
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
    analyse_with(dir, Default::default())
}

/// [`analyse`], reading `overlay`'s texts in place of those TOML files.
pub fn analyse_with(dir: &Path, overlay: std::collections::HashMap<String, Vec<u8>>) -> Analysis {
    let mut sources = SourceMap::default();
    let mut diags = Diagnostics::default();
    let files = match load::open(dir).map(|f| f.with_overlay(overlay)) {
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
    // Runs of files that name no other file are decoded as soon as parsed;
    // the others once the files they name are read.
    let no_files = Assets::default();
    let loaded = timed("load and decode", || {
        load::load(files, &mut sources, &mut diags, |docs, sources| {
            decode::decode_run(docs, sources, &no_files)
        })
    });
    let load::Loaded {
        files,
        runs,
        assets,
    } = loaded;
    let plan = timed("decode", || {
        let parts: Vec<decode::Part> = runs
            .into_iter()
            .map(|run| match run {
                load::Run::Decoded(part) => part,
                load::Run::Parsed(docs) => decode::decode_run(&docs, &sources, &assets),
            })
            .collect();
        decode::assemble(parts, &mut diags)
    });
    // The runs' copies of the collections are gone.
    crate::memory::release();
    timed("validate", || validate(&plan, &mut diags));
    let summary = timed("compute", || summarise(&plan));
    // What the figures say of the rules the plan follows (SPEC 8).
    crate::validate::rules_not_met(&plan, &summary, &mut diags);
    let allow: Vec<String> = plan.check.allow.iter().map(|a| a.value.clone()).collect();
    diags.allow(&allow);
    Analysis {
        sources,
        diags,
        files: Some(files),
        assets,
        plan: Some(plan),
        summary: Some(summary),
    }
}

/// Frees a run's large values on another thread, off the command's path: a
/// one-shot command exits without waiting (the system takes the memory back
/// at once), `watch` and `serve` go on while it is freed.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
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
    // Warnings the plan accepts knowingly are counted, not listed, unless asked
    // (JSON keeps them all, marked `"allowed": true`, for tools).
    if !opts.show_allowed && opts.message_format != MessageFormat::Json {
        diags.retain(|d| !d.allowed);
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

/// Writes a command's result on stdout: 0, or 2 with a message on stderr when
/// the write fails (a full disk, `/dev/full`). A closed pipe (`| head`) is
/// the reader's choice, not a failure.
pub fn print_stdout(bytes: &[u8], opts: &Options) -> i32 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => run_error(
            Diagnostic::at_path(
                Code::IoError,
                "stdout".into(),
                crate::diag::msg("io-error", &[("path", "stdout"), ("error", &e.to_string())]),
            ),
            opts,
        ),
    }
}

/// A usage problem found before any plan is read (exit 2).
pub fn usage_error(message: Message, opts: &Options) -> i32 {
    let mut diag = Diagnostic::at_path(Code::Usage, String::new(), message);
    diag.path = None;
    run_error(diag, opts)
}

/// Reports one error of the run itself (not of the plan's files) and gives
/// its exit code, 2.
pub fn run_error(diag: Diagnostic, opts: &Options) -> i32 {
    let mut diags = Diagnostics::default();
    diags.push(diag);
    report(&mut diags, &SourceMap::default(), opts);
    2
}
