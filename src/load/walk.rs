//! The walk of the plan folder: which `*.toml` files are plan data (SPEC 1).

use crate::diag::Code;
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, msg};
use crate::output::BUILD_MARKER;
use crate::source::{SourceMap, rel_string};

/// The `*.toml` files of the plan, relative and `/`-separated, in byte order.
pub fn toml_files(root: &Path, sources: &mut SourceMap, diags: &mut Diagnostics) -> Vec<String> {
    let mut found = Vec::new();
    let mut walker = walkdir::WalkDir::new(root).follow_links(false).into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                diags.push(walk_error(root, &err, sources));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        if entry.file_name().to_str().is_none() {
            // Paths are matched and shown as text: a name that is not UTF-8 cannot be.
            let rel = rel_string(entry.path().strip_prefix(root).unwrap_or(entry.path()));
            let span = sources.file_level(&rel);
            let shown = sources.display(&rel);
            diags.push(Diagnostic::new(
                Code::NotUtf8,
                span,
                msg("name-not-utf8", &[("path", &shown)]),
            ));
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let rel = rel_string(entry.path().strip_prefix(root).unwrap_or(entry.path()));
        let ft = entry.file_type();
        if name.starts_with('.') {
            if ft.is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if ft.is_dir() {
            let skip = (entry.depth() == 1 && (name == "templates" || name == "target"))
                || entry.path().join(BUILD_MARKER).exists()
                || entry.path().join("plan.toml").exists();
            if skip {
                walker.skip_current_dir();
            }
            continue;
        }
        if name.ends_with(".toml") {
            if ft.is_symlink() && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
                // A folder symlink named like a file: folders behind symlinks are not followed.
                continue;
            }
            found.push(rel);
        }
    }
    found.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    found
}

/// A folder or file the walk could not read, named relative to the plan.
pub fn walk_error(root: &Path, err: &walkdir::Error, sources: &mut SourceMap) -> Diagnostic {
    let rel = err
        .path()
        .and_then(|p| p.strip_prefix(root).ok())
        .map(rel_string)
        .unwrap_or_default();
    let shown = sources.display(&rel);
    let error = err
        .io_error()
        .map_or_else(|| err.to_string(), ToString::to_string);
    Diagnostic::new(
        Code::Unreadable,
        sources.file_level(&rel),
        msg("unreadable", &[("path", &shown), ("error", &error)]),
    )
}

/// Each file's path, size and modification time: what `serve` and `watch` compare.
pub type Fingerprint = Vec<(String, u64, Option<std::time::SystemTime>)>;

/// Every file under `root` with its size and modification time, in path
/// order, skipping hidden entries and build folders: `serve` compares two of
/// these to notice an edit (polling works the same on every editor's way of
/// saving and on network folders).
pub fn fingerprint(root: &Path) -> Fingerprint {
    let mut found = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_name().to_string_lossy().starts_with('.')
                    || e.file_type().is_dir() && e.path().join(BUILD_MARKER).exists())
        });
    for entry in walker.flatten() {
        if let Ok(meta) = entry.metadata()
            && !meta.is_dir()
        {
            let rel = rel_string(entry.path().strip_prefix(root).unwrap_or(entry.path()));
            found.push((rel, meta.len(), meta.modified().ok()));
        }
    }
    found
}
