//! The plan's own `templates/` folder: every file read as text, by the name
//! of the built-in template it overrides. Render gets them as data.

use super::files::FileAccess;
use crate::assets::Assets;
use crate::diag::{Diagnostic, Diagnostics, Severity, msg};
use crate::source::{SourceMap, display_path, rel_string};

pub fn read(
    files: &FileAccess,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    assets: &mut Assets,
) {
    let dir = files.root().join("templates");
    if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
        return;
    }
    let mut walker = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let rel = err
                    .path()
                    .and_then(|p| p.strip_prefix(files.root()).ok())
                    .map(rel_string)
                    .unwrap_or_else(|| "templates".into());
                diags.push(Diagnostic::at_path(
                    Severity::Error,
                    "unreadable",
                    display_path(files.root(), &rel),
                    msg("unreadable", &[("path", &rel), ("error", &err.to_string())]),
                ));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if entry.file_type().is_dir() {
            if hidden {
                walker.skip_current_dir();
            }
            continue;
        }
        if hidden {
            continue;
        }
        let name = rel_string(entry.path().strip_prefix(&dir).unwrap_or(entry.path()));
        let file = files.read_text(&format!("templates/{name}"), None, sources, diags);
        assets.templates.insert(name, file);
    }
}
