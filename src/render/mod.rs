//! Rendering: receives the finished model and summary, never the TOML, and
//! hands every output file to a [`Sink`](crate::output::Sink) as soon as it is made (the
//! large ones in pieces). Formatting, Markdown and charts are done in Rust;
//! templates only lay out the one shared [`view::Context`].

pub(crate) mod calendar;
pub(crate) mod chart;
pub mod compare;
pub(crate) mod data;
pub(crate) mod data_programme;
pub(crate) mod published;
pub(crate) mod view;

pub mod markdown;
mod pages;
pub(crate) mod sink;
pub mod stream;
pub mod summary;
pub mod templates;

use crate::diag::Code;
use std::collections::{BTreeMap, HashMap};

use minijinja::Value;

use crate::assets::Assets;
use crate::compute::Summary;
use crate::diag::{Diagnostic, Diagnostics, Severity, msg};
use crate::model::{Date, Plan};
use crate::output::Output;
use crate::source::{SourceMap, Span};
use crate::timing::timed;
use markdown::{FILES_DIR, MdRenderer};

/// Reports a template error at the plan's own template when it overrides a
/// built-in, else at the built-in's name.
fn template_error(
    err: &minijinja::Error,
    assets: &Assets,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) {
    let name = err.name().unwrap_or("?").to_string();
    let mut detail = err
        .detail()
        .map(str::to_string)
        .unwrap_or_else(|| err.kind().to_string());
    // The chain of causes, but not a recursion's hundred repeats of it.
    let mut source = std::error::Error::source(err);
    let mut depth = 0;
    while let Some(s) = source.filter(|_| depth < 2) {
        depth += 1;
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    let message = msg("template-error", &[("name", &name), ("error", &detail)]);
    // Where the plan's own template is at fault: the first error of the chain
    // (the page, then each include) that happened in one of its overrides —
    // an include cycle between two overrides is theirs, not the built-in page's.
    let mut chain: Vec<&minijinja::Error> = vec![err];
    let mut next = std::error::Error::source(err);
    while let Some(e) = next.and_then(|e| e.downcast_ref::<minijinja::Error>()) {
        chain.push(e);
        next = std::error::Error::source(e);
    }
    let at_override = chain.iter().find_map(|e| {
        let file = (*assets.templates.get(e.name()?)?)?;
        Some((file, e.line()))
    });
    if let Some((file, line)) = at_override {
        let text = &sources.get(file).text;
        let line = line.unwrap_or(1).max(1);
        let start = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum::<usize>();
        let end = text[start.min(text.len())..]
            .find('\n')
            .map(|e| start + e)
            .unwrap_or(text.len());
        diags.push(Diagnostic::new(
            Code::TemplateError,
            Span::new(file, start.min(text.len())..end),
            message,
        ));
        return;
    }
    diags.push(Diagnostic::at_path(
        Code::TemplateError,
        format!("{name} (built-in)"),
        message,
    ));
}

/// Files in the plan's `templates/` that override nothing are probably misnamed.
fn unused_overrides(assets: &Assets, diags: &mut Diagnostics) {
    let names: Vec<&str> = templates::BUILTIN.iter().map(|(n, _)| *n).collect();
    for (name, file) in &assets.templates {
        if let Some(file) = file
            && templates::builtin(name).is_none()
        {
            diags.push(
                Diagnostic::new(
                    Code::UnusedTemplate,
                    Span::file_start(*file),
                    msg("unused-template", &[("name", name)]),
                )
                .with_help(crate::diag::suggestion_help(name, names.iter().copied())),
            );
        }
    }
}

/// What a build adds to the input, for the pages to show.
#[derive(Clone, Copy, Debug, Default)]
pub struct Settings {
    /// From `SOURCE_DATE_EPOCH`: the only date not in the input a build may show.
    pub build_date: Option<Date>,
    /// Whether the build prints `plan.pdf` and the monitoring reports (the
    /// downloads page links them).
    pub pdf: bool,
    /// Whether it prints one PDF per card too (each card page links its own).
    pub pdf_cards: bool,
}

/// Renders every output of the build, each handed to `sink` as soon as it is
/// made (in no set order; each path once). The built-in pages carry a CSP
/// that forbids scripts and no script but JSON-LD; a plan's own templates may
/// drop the one or add the other — its right, but never unnoticed: a warning
/// at the override. `false` when any problem is an error.
///
/// The plan is taken, not borrowed: once the views are made from it, it is
/// freed while the pages render (a large plan's model is a third of the
/// memory a build needs). `build_date` (from `SOURCE_DATE_EPOCH`) is the
/// only date not in the input a build may show.
pub fn render_into(
    model: Plan,
    summary: &Summary,
    assets: &Assets,
    sources: &SourceMap,
    diags: &mut Diagnostics,
    sink: &dyn crate::output::Sink,
    settings: Settings,
) -> bool {
    let Settings {
        build_date,
        pdf,
        pdf_cards,
    } = settings;
    let errors_before = diags.count(Severity::Error);
    let outputs = sink::Emitter::new(sink, assets);
    let plan = &model;
    let annex_sizes = copy_annexes(plan, assets, sources, &outputs, diags);

    // The views and, on the other core, the open data (which needs only the
    // plan and the summary).
    let ((ctx, images, md_diags), data_failed) = timed("render: views and open data", || {
        rayon::join(
            || {
                let mut md_diags = Diagnostics::default();
                let mut md = MdRenderer {
                    sources,
                    assets,
                    diags: &mut md_diags,
                    images: Vec::new(),
                };
                let ctx = view::Views {
                    plan,
                    summary,
                    index: plan.index(),
                    md: &mut md,
                    lang: plan.plan.language,
                    annex_sizes,
                    pdf,
                    pdf_cards,
                    area_years: Default::default(),
                }
                .build(build_date);
                let images = std::mem::take(&mut md.images);
                (ctx, images, md_diags)
            },
            || open_data(plan, summary, &outputs),
        )
    });
    diags.extend(md_diags);
    copy_images(images, assets, sources, &outputs, diags);
    let env = template_environment(assets, sources, diags);
    calendar_file(plan, build_date, &outputs);

    // The model is done with: freed on the other core meanwhile.
    let ((), base) = timed("render: template values", || {
        rayon::join(
            || drop(model),
            || Value::from(minijinja::value::Serde(&ctx)),
        )
    });
    let mut jobs = pages::jobs(&ctx, &base);
    // One path, one output: never a page that depends on which thread ends last.
    for path in pages::take_collisions(&mut jobs) {
        diags.push(Diagnostic::at_path(
            Code::ReservedId,
            path.clone(),
            msg("output-collision", &[("path", &path)]),
        ));
    }

    // The views live on in `base` only: freed now, not after the last page.
    let identity = ctx.document.identity.clone();
    // The draft mark printed at the top of every page (SPEC 6.6).
    let draft_mark = ctx.document.draft.then(|| ctx.document.draft_mark.clone());
    drop(ctx);
    crate::memory::release();
    let failed = timed("render: pages", || pages::render(&jobs, &env, &outputs));
    for e in failed {
        template_error(&e, assets, sources, diags);
    }
    stylesheets(&identity, draft_mark.as_deref(), assets, sources, &outputs);
    for (path, e) in data_failed {
        diags.push(Diagnostic::at_path(
            Code::EncodeError,
            path.into(),
            msg("encode-error", &[("path", path), ("error", &e.0)]),
        ));
    }

    outputs.report(assets, diags);
    diags.count(Severity::Error) == errors_before
}

/// The annexes, as given; their sizes for the annex list.
fn copy_annexes(
    plan: &Plan,
    assets: &Assets,
    sources: &SourceMap,
    outputs: &sink::Emitter<'_>,
    diags: &mut Diagnostics,
) -> HashMap<String, u64> {
    let mut sizes = HashMap::new();
    for (id, src, dest) in &view::annex_paths(plan) {
        match assets.binary(src) {
            Ok(bytes) => {
                sizes.insert(id.clone(), bytes.len() as u64);
                outputs.put(Output {
                    path: dest.clone(),
                    bytes: bytes.to_vec(),
                });
            }
            Err(p) => {
                let shown = sources.display(src);
                diags.push(Diagnostic::at_path(
                    p.code(),
                    shown.clone(),
                    p.message(&shown),
                ));
            }
        }
    }
    sizes
}

/// The open data, each file handed on as soon as encoded; the ones that
/// could not be encoded, to report.
fn open_data(
    plan: &Plan,
    summary: &Summary,
    outputs: &sink::Emitter<'_>,
) -> Vec<(&'static str, crate::output::EncodeError)> {
    let mut failed = Vec::new();
    // The largest, written as it is encoded.
    let mut file = outputs.create(published::DataFile::PlanJson.path().into());
    match data::write_plan_json(plan, summary, &mut file) {
        Ok(()) => file.done(),
        Err(e) => failed.push((published::DataFile::PlanJson.path(), e)),
    }
    data_files(plan, summary, |path, encoded| match encoded {
        Ok(bytes) => outputs.put(Output {
            path: path.into(),
            bytes,
        }),
        Err(e) => failed.push((path, e)),
    });
    failed
}

/// The images the Markdown shows, copied beside the pages.
fn copy_images(
    images: Vec<String>,
    assets: &Assets,
    sources: &SourceMap,
    outputs: &sink::Emitter<'_>,
    diags: &mut Diagnostics,
) {
    for rel in images {
        match assets.binary(&rel) {
            Ok(bytes) => outputs.put(Output {
                path: format!("html/{FILES_DIR}{rel}"),
                bytes: bytes.to_vec(),
            }),
            Err(p) => {
                let shown = sources.display(&rel);
                diags.push(Diagnostic::at_path(
                    p.code(),
                    shown.clone(),
                    p.message(&shown),
                ));
            }
        }
    }
}

/// The templates, the plan's overrides over the built-ins, every override
/// compiled (also those this plan would not render) and its errors reported.
fn template_environment(
    assets: &Assets,
    sources: &SourceMap,
    diags: &mut Diagnostics,
) -> minijinja::Environment<'static> {
    unused_overrides(assets, diags);
    let overrides: BTreeMap<String, String> = assets
        .templates
        .iter()
        .filter_map(|(name, file)| Some((name.clone(), sources.get((*file)?).text.clone())))
        .collect();
    let env = templates::environment(overrides, templates::fuel_for(sources.total_bytes()));
    for (name, _) in templates::BUILTIN
        .iter()
        .filter(|(n, _)| n.ends_with(".j2"))
    {
        if matches!(assets.templates.get(*name), Some(Some(_)))
            && let Err(e) = env.get_template(name)
        {
            template_error(&e, assets, sources, diags);
        }
    }
    env
}

/// The meetings as a calendar, stamped with a date from the input only.
fn calendar_file(plan: &Plan, build_date: Option<Date>, outputs: &sink::Emitter<'_>) {
    let stamp = build_date
        .or(plan.document.date.as_ref().map(|d| d.value))
        .or(plan.plan.start.as_ref().map(|d| d.value))
        .unwrap_or(Date {
            year: 2000,
            month: 1,
            day: 1,
        });
    if let Some(ics) = calendar::meetings_ics(plan, stamp) {
        outputs.put(Output {
            path: "html/meetings.ics".into(),
            bytes: ics.into_bytes(),
        });
    }
}

/// The site's stylesheet (the plan's own, if it overrides it) and the
/// printed pages' frame.
fn stylesheets(
    identity: &str,
    draft_mark: Option<&str>,
    assets: &Assets,
    sources: &SourceMap,
    outputs: &sink::Emitter<'_>,
) {
    let css = match assets.templates.get("assets/style.css") {
        Some(Some(file)) => sources.get(*file).text.as_str(),
        _ => templates::builtin("assets/style.css").unwrap_or_default(),
    };
    outputs.put(Output {
        path: "html/assets/style.css".into(),
        bytes: css.as_bytes().to_vec(),
    });
    outputs.put(Output {
        path: "html/assets/print.css".into(),
        bytes: print_css(identity, draft_mark).into_bytes(),
    });
}

/// The open data, encoded in Rust (not templates); a failure is reported,
/// never an empty file. `plan.json` and `README.md` are written apart (the
/// one streamed, the other a template).
fn data_files(
    plan: &Plan,
    summary: &Summary,
    mut each: impl FnMut(&'static str, crate::output::Encoded),
) {
    use data_programme as pdz;
    use published::DataFile;
    for file in DataFile::ALL {
        if !file.published(plan, summary) {
            continue;
        }
        let encoded = match file {
            DataFile::PlanJson | DataFile::Readme => continue,
            DataFile::Activities => data::activities_csv(plan),
            DataFile::Meetings => data::meetings_csv(plan),
            DataFile::Participation => summary::csv(summary),
            DataFile::Organisations => data::organisations_csv(plan),
            DataFile::Funding => data::funding_csv(plan),
            DataFile::Budget => pdz::budget_csv(plan),
            DataFile::Funds => pdz::funds_csv(summary),
            DataFile::Indicators => pdz::indicators_csv(plan),
            DataFile::Municipalities => pdz::municipalities_csv(plan),
            DataFile::Objectives => pdz::objectives_csv(plan),
            DataFile::Staff => pdz::staff_csv(plan),
            DataFile::Ledger => pdz::ledger_csv(plan),
            DataFile::Rules => pdz::rules_csv(summary),
        };
        each(file.path(), encoded);
    }
}

/// The printed pages' frame (linked by every page, for print only): A4, page
/// numbers and the document's identity in the footer, the draft mark at the
/// top of every page of a draft. Written per plan because CSS can only take
/// these as strings, and the pages' CSP forbids inline styles.
fn print_css(identity: &str, draft_mark: Option<&str>) -> String {
    let draft = draft_mark.map_or_else(String::new, |mark| {
        format!(
            "\x20 @top-center {{ content: \"{}\"; font: bold 9pt sans-serif; color: #8a1c00; }}\n",
            crate::text::css_string(mark)
        )
    });
    format!(
        "@charset \"UTF-8\";\n\
         @page {{\n  size: A4;\n  margin: 18mm 16mm 20mm;\n{draft}\
         \x20 @bottom-left {{ content: \"{}\"; font: 8pt sans-serif; color: #333; }}\n\
         \x20 @bottom-right {{ content: counter(page) \" / \" counter(pages); font: 8pt sans-serif; color: #333; }}\n}}\n",
        crate::text::css_string(identity)
    )
}
