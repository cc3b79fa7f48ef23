//! The plan's own `templates/` folder: every file read as text, by the name
//! of the built-in template it overrides. Render gets them as data.

use super::files::FileAccess;
use crate::assets::Assets;
use crate::diag::Diagnostics;
use crate::source::{SourceMap, rel_string};

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
                diags.push(super::walk::walk_error(files.root(), &err, sources));
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
