//! Finds the plan root, walks its files in the spec's order, reads them safely
//! and parses TOML keeping spans. Nothing here knows what a meeting is.

mod files;
pub mod git;
mod referenced;
mod templates;
pub mod tree;
mod walk;

pub use files::FileAccess;
pub use walk::{Fingerprint, fingerprint};

use crate::diag::Code;
use std::path::Path;

use rayon::prelude::*;

use crate::assets::Assets;
use crate::diag::{Diagnostic, Diagnostics, Message, msg};
use crate::source::{FileId, SourceMap, Span, display_path};
pub use tree::{Kind, Node, Table, convert_table};

/// One parsed TOML file of the plan.
pub struct Document {
    pub file: FileId,
    pub rel: String,
    pub table: Table,
}

/// The plan's TOML files, run by run in the walk's order, and every other
/// byte the build will use.
pub struct Loaded<P> {
    pub files: FileAccess,
    pub runs: Vec<Run<P>>,
    pub assets: Assets,
}

/// A run of consecutive TOML files: already decoded by the caller's function
/// (the tree is gone), or — for a file that names other files (Markdown,
/// annexes), which must be read before it is decoded — still parsed.
pub enum Run<P> {
    Decoded(P),
    Parsed(Vec<Document>),
}

/// Why the plan could not even be opened (exit 2).
#[derive(Debug)]
pub struct NotAPlan(pub Box<Diagnostic>);

fn not_a_plan(shown: &str, message: Message) -> NotAPlan {
    NotAPlan(Box::new(Diagnostic::at_path(
        Code::NotAPlan,
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
///
/// Each run of parsed files that names no other file is handed at once to
/// `decode` (on the core that parsed it), so that a large plan's TOML trees
/// are never all in memory together.
pub fn load<P: Send>(
    files: FileAccess,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    decode: impl Fn(&[Document], &SourceMap) -> P + Sync,
) -> Loaded<P> {
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
    // Short runs: few trees alive at once, and both cores busy to the end.
    let run_len = texts
        .len()
        .div_ceil(8 * rayon::current_num_threads())
        .clamp(1, 256);
    let shared: &SourceMap = sources;
    let parsed: Vec<Parsed<P>> = texts
        .par_chunks(run_len)
        .map(|run| parse_run(run, shared, &decode))
        .collect();
    let mut runs = Vec::new();
    let mut mentions = Vec::new();
    for part in parsed {
        for (file, errors) in part.syntax_errors {
            report_syntax_errors(file, &sources.get(file).text, errors, diags);
        }
        runs.extend(part.runs);
        mentions.extend(part.mentions);
    }
    let mut assets = Assets::default();
    referenced::read(mentions, &files, sources, diags, &mut assets);
    templates::read(&files, sources, diags, &mut assets);
    Loaded {
        files,
        runs,
        assets,
    }
}

/// One run of files parsed: its runs to decode, its syntax errors and what
/// its files name, all in the walk's order.
struct Parsed<P> {
    runs: Vec<Run<P>>,
    syntax_errors: Vec<(FileId, Vec<toml::de::Error>)>,
    mentions: Vec<referenced::Mentions>,
}

fn parse_run<P>(
    run: &[(FileId, String)],
    sources: &SourceMap,
    decode: &impl Fn(&[Document], &SourceMap) -> P,
) -> Parsed<P> {
    let mut out = Parsed {
        runs: Vec::new(),
        syntax_errors: Vec::new(),
        mentions: Vec::new(),
    };
    let mut ready: Vec<Document> = Vec::new();
    for (file, rel) in run {
        let (table, errors) = toml::de::DeTable::parse_recoverable(&sources.get(*file).text);
        if !errors.is_empty() {
            out.syntax_errors.push((*file, errors));
        }
        let doc = Document {
            file: *file,
            rel: rel.clone(),
            table: tree::convert_table(*file, table.get_ref()),
        };
        let mentions = referenced::mentions(&doc);
        let waits = mentions.names_files;
        out.mentions.push(mentions);
        if waits {
            if !ready.is_empty() {
                out.runs.push(Run::Decoded(decode(&ready, sources)));
                ready.clear();
            }
            out.runs.push(Run::Parsed(vec![doc]));
        } else {
            ready.push(doc);
        }
    }
    if !ready.is_empty() {
        out.runs.push(Run::Decoded(decode(&ready, sources)));
    }
    out
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
        diags.push(Diagnostic::new(
            Code::TomlSyntax,
            Span::new(file, range),
            msg("toml-syntax", &[("error", &message)]),
        ));
    }
}
