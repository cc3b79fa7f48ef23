//! Finds the plan root, walks its files in the spec's order, reads them safely
//! and parses TOML keeping spans. Nothing here knows what a meeting is.

mod files;
pub mod git;
mod referenced;
mod templates;
pub mod tree;
mod walk;

pub use files::{BUILD_MARKER, FileAccess};
pub use walk::{Fingerprint, fingerprint};

use std::path::Path;

use rayon::prelude::*;

use crate::assets::Assets;
use crate::diag::{Diagnostic, Diagnostics, Message, Severity, msg};
use crate::source::{FileId, SourceMap, Span, display_path};
pub use tree::{Entry, Kind, Node, Table};

/// One parsed TOML file of the plan.
pub struct Document {
    pub file: FileId,
    pub rel: String,
    pub table: Table,
}

/// The plan's files, read and parsed, in source order, and every other byte
/// the build will use.
pub struct Loaded {
    pub files: FileAccess,
    pub documents: Vec<Document>,
    pub assets: Assets,
}

/// Why the plan could not even be opened (exit 2).
#[derive(Debug)]
pub struct NotAPlan(pub Box<Diagnostic>);

fn not_a_plan(shown: &str, message: Message) -> NotAPlan {
    NotAPlan(Box::new(Diagnostic::at_path(
        Severity::Error,
        "not-a-plan",
        shown.to_string(),
        message,
    )))
}

/// Opens `dir` as a plan root.
pub fn open(dir: &Path) -> Result<FileAccess, NotAPlan> {
    let shown = display_path(dir, "");
    let unreadable = |e: std::io::Error| {
        not_a_plan(
            &shown,
            msg(
                "plan-dir-unreadable",
                &[("path", &shown), ("error", &e.to_string())],
            ),
        )
    };
    let meta = std::fs::metadata(dir).map_err(unreadable)?;
    if !meta.is_dir() {
        return Err(not_a_plan(
            &shown,
            msg("plan-dir-not-a-dir", &[("path", &shown)]),
        ));
    }
    // A folder that cannot be listed, or whose entries cannot be looked at,
    // is unreadable — not a folder without a plan.
    std::fs::read_dir(dir).map_err(unreadable)?;
    match std::fs::symlink_metadata(dir.join("plan.toml")) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut e = not_a_plan(&shown, msg("not-a-plan", &[("path", &shown)]));
            e.0.help = Some(msg("help-not-a-plan", &[("path", &shown)]));
            return Err(e);
        }
        Err(e) => return Err(unreadable(e)),
    }
    FileAccess::new(dir).map_err(unreadable)
}

/// Reads and parses every TOML file of the plan, then every file they name
/// (Markdown, annexes), the images the Markdown shows and the template
/// overrides. Problems become diagnostics; files that cannot be read are left out.
pub fn load(files: FileAccess, sources: &mut SourceMap, diags: &mut Diagnostics) -> Loaded {
    let mut documents = Vec::new();
    let found = walk::toml_files(files.root(), sources, diags);
    if !found.iter().any(|f| f == "plan.toml") {
        // plan.toml exists (open checked) but is a folder: say so where it is.
        let _ = files.read_text("plan.toml", None, sources, diags);
    }
    // Read and parse on every core; what is kept and reported follows the
    // walk's order, so the output is the same as one thread's.
    let read: Vec<_> = found
        .par_iter()
        .map(|rel| files.read_walked(rel).map(files::Text::from_bytes))
        .collect();
    let mut texts = Vec::with_capacity(found.len());
    for (rel, read) in found.into_iter().zip(read) {
        match read {
            Ok(text) => {
                if let Some(file) = files.add_text(rel.clone(), text, sources, diags) {
                    texts.push((file, rel));
                }
            }
            Err(problem) => files.report(&rel, None, problem, sources, diags),
        }
    }
    let parsed: Vec<_> = texts
        .par_iter()
        .map(|(file, _)| {
            let (parsed, errors) = toml::de::DeTable::parse_recoverable(&sources.get(*file).text);
            (tree::convert_table(*file, parsed.get_ref()), errors)
        })
        .collect();
    for ((file, rel), (table, errors)) in texts.into_iter().zip(parsed) {
        if !errors.is_empty() {
            report_syntax_errors(file, &sources.get(file).text, errors, diags);
        }
        documents.push(Document { file, rel, table });
    }
    let mut assets = Assets::default();
    referenced::read(&documents, &files, sources, diags, &mut assets);
    templates::read(&files, sources, diags, &mut assets);
    Loaded {
        files,
        documents,
        assets,
    }
}

/// The parser recovers and may report a cascade; one error per line is what helps.
fn report_syntax_errors(
    file: FileId,
    text: &str,
    mut errors: Vec<toml::de::Error>,
    diags: &mut Diagnostics,
) {
    errors.sort_by_key(|e| e.span().map(|s| s.start).unwrap_or(0));
    let mut last_line = None;
    for e in errors {
        let range = e.span().unwrap_or(0..0);
        let before = text.get(..range.start).unwrap_or(text);
        let line = before.matches('\n').count();
        if last_line == Some(line) {
            continue;
        }
        last_line = Some(line);
        let message = e.message().trim().to_string();
        diags.push(Diagnostic::error(
            "toml-syntax",
            Span::new(file, range),
            msg("toml-syntax", &[("error", &message)]),
        ));
    }
}
