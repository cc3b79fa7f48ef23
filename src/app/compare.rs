//! `compare DIR... [--out OUT] [--with-sites]` (SPEC 9): each plan checked on
//! its own core, one plan in memory per core (memory bounded by the largest
//! plan, not by how many); a plan with errors left out and listed; OUT
//! written by the rules of every build (atomic, never over a folder it did
//! not write).

use std::path::{Path, PathBuf};

use super::{Options, analyse, run_error};
use crate::compute::compare::{District, district};
use crate::diag::{Code, Diagnostic, Diagnostics, MessageFormat, msg, render_all};
use crate::output::{OutFile, Output, Sink};
use crate::render::compare::Missing;

/// One plan's outcome: its figures and language, or why it was left out.
type Compared = Result<(District, crate::i18n::Lang, Pages), Missing>;

/// The generated sections a district's own site has (`resources`, `rules`…),
/// for the comparison's figures to link into.
type Pages = Vec<(&'static str, String)>;

/// The plan folders `dirs` name: each folder with a `plan.toml`, else its
/// subfolders that have one (by name).
fn plan_dirs(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let mut out = Vec::new();
    for dir in dirs {
        if dir.join("plan.toml").is_file() {
            out.push(dir.clone());
            continue;
        }
        let entries = std::fs::read_dir(dir).map_err(|e| {
            Box::new(Diagnostic::at_path(
                Code::NotAPlan,
                dir.display().to_string(),
                msg("compare-no-plans", &[("error", &e.to_string())]),
            ))
        })?;
        let mut found: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir() && p.join("plan.toml").is_file())
            .collect();
        found.sort();
        if found.is_empty() {
            return Err(Box::new(Diagnostic::at_path(
                Code::NotAPlan,
                dir.display().to_string(),
                msg(
                    "compare-no-plans",
                    &[("error", "no plan.toml in it or in its folders")],
                ),
            )));
        }
        out.extend(found);
    }
    Ok(out)
}

/// Each district's files under `districts/<dir>/` of OUT.
struct Prefixed<'s> {
    inner: &'s dyn Sink,
    prefix: String,
}

impl Sink for Prefixed<'_> {
    fn put(&self, output: Output) {
        self.inner.put(Output {
            path: format!("{}{}", self.prefix, output.path),
            bytes: output.bytes,
        });
    }
    fn create(&self, path: String) -> Box<dyn OutFile + '_> {
        self.inner.create(format!("{}{}", self.prefix, path))
    }
}

/// A folder's name as the comparison keys it (unique: a repeated name gets
/// its position).
fn names(dirs: &[PathBuf]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    dirs.iter()
        .enumerate()
        .map(|(i, d)| {
            let base = d
                .canonicalize()
                .unwrap_or_else(|_| d.clone())
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| format!("plan-{}", i + 1));
            let base = crate::model::slug(&base);
            if seen.insert(base.clone()) {
                base
            } else {
                let n = format!("{base}-{}", i + 1);
                seen.insert(n.clone());
                n
            }
        })
        .collect()
}

/// What a plan's check reported, as text lines (its own files named).
fn diagnostic_lines(
    diags: &mut Diagnostics,
    sources: &crate::source::SourceMap,
    opts: &Options,
) -> Vec<String> {
    diags.sort();
    diags.retain(|d| d.severity == crate::diag::Severity::Error);
    let mut buf = Vec::new();
    let _ = render_all(
        diags,
        sources,
        MessageFormat::Json,
        crate::diag::ColorChoice::Never,
        opts.lang,
        &mut buf,
    );
    // One line per problem: "file:line:column: [code] message".
    String::from_utf8_lossy(&buf)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|d| {
            let at = match (d["file"].as_str(), d["line"].as_u64(), d["column"].as_u64()) {
                (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}: "),
                (Some(f), _, _) => format!("{f}: "),
                _ => String::new(),
            };
            format!(
                "{at}[{}] {}",
                d["code"].as_str().unwrap_or(""),
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

pub fn compare(dirs: &[PathBuf], out: Option<&Path>, sites: bool, opts: &Options) -> i32 {
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("compare"));
    let plans = match plan_dirs(dirs) {
        Ok(p) => p,
        Err(d) => return run_error(*d, opts),
    };
    // OUT may hold none of the plans (it is replaced whole).
    if let Ok(abs) = std::path::absolute(&out) {
        for p in &plans {
            if p.canonicalize().is_ok_and(|c| c.starts_with(&abs)) {
                return run_error(
                    Diagnostic::at_path(
                        Code::OutputRefused,
                        out.display().to_string(),
                        msg("out-contains-plan", &[]),
                    ),
                    opts,
                );
            }
        }
    }
    let claim = match crate::write::claim(&out, &plans[0], opts.env.lock_wait) {
        Ok(c) => c,
        Err(d) => return run_error(*d, opts),
    };
    let staging = match claim.begin() {
        Ok(s) => s,
        Err(d) => return run_error(*d, opts),
    };
    let keys = names(&plans);
    // Plans are taken in turn by a few threads of our own, not by the pool
    // (see `threads`): each holds one plan, so memory follows the largest
    // plan, and the stages inside it still use every core.
    let one = |dir: &PathBuf, key: &String| -> Compared {
        let mut a = analyse(dir);
        let (Some(plan), Some(summary)) = (a.plan.take(), a.summary.take()) else {
            return Err(Missing {
                dir: key.clone(),
                diagnostics: diagnostic_lines(&mut a.diags, &a.sources, opts),
            });
        };
        if a.diags.has_errors() {
            return Err(Missing {
                dir: key.clone(),
                diagnostics: diagnostic_lines(&mut a.diags, &a.sources, opts),
            });
        }
        let d = district(key, &plan, &summary);
        let pages: Pages = if sites {
            crate::compute::outline(&plan, &summary, &plan.index())
                .into_iter()
                .filter_map(|item| match item.section {
                    crate::model::Section::Generated(g) => {
                        Some((g.name(), format!("{}.html", item.section.id())))
                    }
                    crate::model::Section::Chapter(_) => None,
                })
                .collect()
        } else {
            Vec::new()
        };
        let lang = plan.plan.language;
        if sites {
            let sink = Prefixed {
                inner: &staging,
                prefix: format!("districts/{key}/"),
            };
            let mut diags = Diagnostics::default();
            crate::render::render_into(
                plan,
                &summary,
                &a.assets,
                &a.sources,
                &mut diags,
                &sink,
                crate::render::Settings {
                    build_date: opts.env.source_date(),
                    pdf: false,
                    pdf_cards: false,
                },
            );
        }
        Ok((d, lang, pages))
    };
    // As many as the pool has (RAYON_NUM_THREADS sets both).
    let results: Vec<Compared> = crate::threads::in_turn(
        &plans,
        rayon::current_num_threads(),
        |i, dir| one(dir, &keys[i]),
        |_| false,
    )
    .into_iter()
    .flatten()
    .collect();
    let mut districts = Vec::new();
    let mut pages = Vec::new();
    let mut missing = Vec::new();
    let mut lang = None;
    for r in results {
        match r {
            Ok((d, l, p)) => {
                lang.get_or_insert(l);
                districts.push(d);
                pages.push(p);
            }
            Err(m) => missing.push(m),
        }
    }
    let lang = lang.unwrap_or(crate::i18n::Lang::It);
    match crate::render::compare::outputs(&districts, &missing, lang, sites.then_some(&pages[..])) {
        Ok(outputs) => {
            for o in outputs {
                staging.put(o);
            }
        }
        Err(e) => {
            staging.abandon();
            return run_error(
                Diagnostic::at_path(
                    Code::EncodeError,
                    out.display().to_string(),
                    msg("encode-error", &[("path", "compare"), ("error", &e)]),
                ),
                opts,
            );
        }
    }
    if let Err(d) = staging.finish(|_| Ok(Vec::new())) {
        return run_error(*d, opts);
    }
    for m in &missing {
        eprintln!(
            "{}",
            msg("compare-left-out", &[("dir", &m.dir)]).text(opts.lang)
        );
        for line in &m.diagnostics {
            eprintln!("  {line}");
        }
    }
    if !opts.quiet {
        eprintln!(
            "{}",
            msg(
                "compare-done",
                &[
                    ("compared", &districts.len().to_string()),
                    ("missing", &missing.len().to_string()),
                    ("path", &crate::source::display_path(&out, "")),
                ]
            )
            .text(opts.lang)
        );
    }
    if missing.is_empty() { 0 } else { 1 }
}
