//! The files the TOML names and the images its Markdown shows, read once
//! here so that no later stage touches the disk.

use crate::diag::Code;
use pulldown_cmark::{Event, Parser, Tag};

use super::Document;
use super::files::FileAccess;
use super::tree::{Kind, Node, Table};
use crate::assets::{self, Assets, UrlKind};
use crate::diag::{Diagnostic, Diagnostics, msg};
use crate::source::{SourceMap, Span, display_path};

/// The keys that name a file, by the collection they belong to (SPEC 2.1,
/// 2.7, 2.12b, 2.16). Annexes are copied as bytes; the rest is Markdown.
const FILE_KEYS: &[(&str, &str)] = &[
    ("plan", "intro_file"),
    ("area", "intro_file"),
    ("chapter", "file"),
    ("annex", "file"),
];

/// A file named in the TOML: a Markdown text, or an annex copied as bytes.
pub struct Named {
    annex: bool,
    path: String,
    span: Span,
}

/// What one parsed file names: the files its keys point at, and its strings
/// that may link to files (Markdown links and images), with the folder they
/// are relative to. Taken while the file's tree is alive, so the tree can go.
#[derive(Default)]
pub struct Mentions {
    pub files: Vec<Named>,
    /// Whether any table has a file key at all, even of the wrong type:
    /// decoding it needs the files read first.
    pub names_files: bool,
    pub link_texts: Vec<(String, String)>,
}

pub fn mentions(doc: &Document) -> Mentions {
    let mut found = Mentions::default();
    for entry in &doc.table.entries {
        let items: Vec<&Table> = match &entry.value.kind {
            // Plan-only tables count only in plan.toml (elsewhere they are misplaced).
            Kind::Table(t) if doc.rel == "plan.toml" => vec![t],
            Kind::Array(items) => items
                .iter()
                .filter_map(|n| match &n.kind {
                    Kind::Table(t) => Some(t),
                    _ => None,
                })
                .collect(),
            _ => continue,
        };
        for (collection, key) in FILE_KEYS.iter().filter(|(c, _)| *c == entry.key) {
            for item in &items {
                let Some(value) = item.get(key).map(|e| &e.value) else {
                    continue;
                };
                found.names_files = true;
                if let Node {
                    kind: Kind::String(path),
                    span,
                } = value
                {
                    found.files.push(Named {
                        annex: *collection == "annex",
                        path: path.clone(),
                        span: *span,
                    });
                }
            }
        }
    }
    let base = assets::base_dir(&doc.rel);
    collect_strings(&doc.table, &mut |s| {
        if may_link(s) {
            found.link_texts.push((base.to_string(), s.to_string()));
        }
    });
    found
}

/// Reads the files the TOML names, in the order it names them, then the
/// images and files its Markdown links to.
pub fn read(
    mentions: Vec<Mentions>,
    files: &FileAccess,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    assets: &mut Assets,
) {
    let mut link_texts = Vec::new();
    for found in mentions {
        for named in found.files {
            if named.annex {
                read_binary(&named.path, named.span, files, diags, assets);
            } else {
                let id = files.read_text(&named.path, Some(named.span), sources, diags);
                assets.texts.insert(named.path, id);
            }
        }
        link_texts.extend(found.link_texts);
    }
    images(link_texts, files, sources, assets);
}

/// An annex: its bytes, or its problem reported where it is named.
fn read_binary(
    written: &str,
    span: Span,
    files: &FileAccess,
    diags: &mut Diagnostics,
    assets: &mut Assets,
) {
    let result = assets::normalise(written).and_then(|rel| {
        let bytes = files.read_bytes(&rel)?;
        Ok((rel, bytes))
    });
    match result {
        Ok((rel, bytes)) => {
            if let Some(kind) = active_content(&rel, &bytes) {
                let shown = display_path(files.root(), written);
                diags.push(
                    Diagnostic::new(
                        Code::AnnexActiveContent,
                        span,
                        msg("annex-active-content", &[("path", &shown), ("kind", kind)]),
                    )
                    .with_help(msg("help-annex-active-content", &[])),
                );
            }
            assets.annex_files.insert(rel.clone());
            assets.binaries.insert(rel, Ok(bytes));
        }
        Err(problem) => {
            let shown = display_path(files.root(), written);
            diags.push(Diagnostic::new(
                problem.code(),
                span,
                problem.message(&shown),
            ));
        }
    }
}

/// "HTML" or "SVG" when an annex is a document a browser would run script in.
fn active_content(rel: &str, bytes: &[u8]) -> Option<&'static str> {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml" | "shtml") => Some("HTML"),
        Some("svg" | "svgz") => Some("SVG"),
        _ if head.starts_with("<!doctype html") || head.starts_with("<html") => Some("HTML"),
        _ if head.starts_with("<svg") || (head.starts_with("<?xml") && head.contains("<svg")) => {
            Some("SVG")
        }
        _ => None,
    }
}

/// Every relative image in the plan's Markdown — Markdown files and any
/// string of the TOML that holds `![` — read as bytes. Problems are kept:
/// the Markdown renderer reports them at the image.
fn images(
    link_texts: Vec<(String, String)>,
    files: &FileAccess,
    sources: &SourceMap,
    assets: &mut Assets,
) {
    let mut texts: Vec<(String, &str)> = link_texts
        .iter()
        .map(|(base, text)| (base.clone(), text.as_str()))
        .collect();
    for id in assets.texts.values().flatten() {
        let f = sources.get(*id);
        if may_link(&f.text) {
            texts.push((assets::base_dir(&f.rel).to_string(), f.text.as_str()));
        }
    }
    let mut wanted = Vec::new();
    for (base, text) in texts {
        for event in Parser::new_ext(text, assets::markdown_options()) {
            let (image, dest) = match event {
                Event::Start(Tag::Image { dest_url, .. }) => (true, dest_url),
                Event::Start(Tag::Link { dest_url, .. }) => (false, dest_url),
                _ => continue,
            };
            if assets::is_remote(&dest)
                || !matches!(assets::url_kind(&dest), UrlKind::Relative)
                || dest.starts_with('#')
            {
                continue;
            }
            let Ok(rel) = assets::normalise(&assets::image_path(&base, &dest)) else {
                continue;
            };
            if image {
                wanted.push(rel);
            } else if files.check(&rel).is_ok() {
                // A link to a file of the plan: render decides whether it may be.
                assets.linked_files.insert(rel);
            }
        }
    }
    for rel in wanted {
        if let std::collections::btree_map::Entry::Vacant(slot) = assets.binaries.entry(rel) {
            let read = files.read_bytes(slot.key());
            slot.insert(read);
        }
    }
}

/// Cheap test before parsing: only text with a link or image can name a file.
fn may_link(text: &str) -> bool {
    text.contains("](") || text.contains("]:") || text.contains("][")
}

fn collect_strings<'t>(table: &'t Table, found: &mut impl FnMut(&'t str)) {
    for e in &table.entries {
        collect_node(&e.value, found);
    }
}

fn collect_node<'t>(node: &'t Node, found: &mut impl FnMut(&'t str)) {
    match &node.kind {
        Kind::String(s) => found(s),
        Kind::Array(items) => items.iter().for_each(|n| collect_node(n, found)),
        Kind::Table(t) => collect_strings(t, found),
        _ => {}
    }
}
