//! The only way the tool reads the plan's files: regular files, really inside
//! the root, at most 16 MiB, UTF-8 where text is expected.

use std::path::{Path, PathBuf};

use crate::assets::{FileProblem, MAX_FILE_SIZE, normalise};
use crate::diag::{Diagnostic, Diagnostics, msg};
use crate::source::{FileId, SourceMap, Span, display_path};

/// The file a build leaves in its output folder, listing what it wrote.
pub const BUILD_MARKER: &str = ".welfare-plan-build";

#[derive(Debug, Clone)]
pub struct FileAccess {
    root: PathBuf,
    canonical_root: PathBuf,
}

impl FileAccess {
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Ok(FileAccess {
            root: root.to_path_buf(),
            canonical_root: root.canonicalize()?,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn canonical_root(&self) -> &Path {
        &self.canonical_root
    }

    /// Checks that `rel` names a regular file really inside the plan, of allowed size.
    pub fn check(&self, rel: &str) -> Result<(String, PathBuf), FileProblem> {
        let rel = normalise(rel)?;
        let path = self.root.join(&rel);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(FileProblem::NotFound);
            }
            Err(e) if e.raw_os_error() == Some(20) => return Err(FileProblem::NotFound),
            Err(e) => return Err(FileProblem::Unreadable(e.to_string())),
        };
        let ft = meta.file_type();
        if ft.is_symlink() {
            return Err(FileProblem::NotRegular("symlink"));
        }
        if ft.is_dir() {
            return Err(FileProblem::NotRegular("folder"));
        }
        if !ft.is_file() {
            return Err(FileProblem::NotRegular("special"));
        }
        // A folder on the way may be a symlink: the real path must still be inside.
        let real = path
            .canonicalize()
            .map_err(|e| FileProblem::Unreadable(e.to_string()))?;
        if !real.starts_with(&self.canonical_root) {
            return Err(FileProblem::Outside);
        }
        if meta.len() > MAX_FILE_SIZE {
            return Err(FileProblem::TooLarge(meta.len()));
        }
        Ok((rel, real))
    }

    /// Reads a binary file (annex, image) after the checks of [`check`](Self::check).
    pub fn read_bytes(&self, rel: &str) -> Result<Vec<u8>, FileProblem> {
        let (_, real) = self.check(rel)?;
        let bytes = std::fs::read(real).map_err(|e| FileProblem::Unreadable(e.to_string()))?;
        if bytes.len() as u64 > MAX_FILE_SIZE {
            return Err(FileProblem::TooLarge(bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// Reads a text file into the source map. `referenced_at` is the value that
    /// named the file (for `intro_file = "…"`), where its problems are reported;
    /// files found by walking the folder report on themselves.
    pub fn read_text(
        &self,
        rel: &str,
        referenced_at: Option<Span>,
        sources: &mut SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<FileId> {
        let report = |problem: FileProblem, sources: &mut SourceMap, diags: &mut Diagnostics| {
            let shown = display_path(&self.root, rel);
            let span = match referenced_at {
                Some(s) => s,
                None => {
                    Span::file_start(sources.add(rel.to_string(), shown.clone(), String::new()))
                }
            };
            diags.push(Diagnostic::error(
                problem.code(),
                span,
                problem.message(&shown),
            ));
        };
        let bytes = match self.read_bytes(rel) {
            Ok(b) => b,
            Err(p) => {
                report(p, sources, diags);
                return None;
            }
        };
        let rel = normalise(rel).unwrap_or_else(|_| rel.to_string());
        if let Some(id) = sources.find(&rel) {
            return Some(id);
        }
        let shown = display_path(&self.root, &rel);
        match String::from_utf8(bytes) {
            Ok(text) => {
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                let text = if text.contains('\r') {
                    text.replace("\r\n", "\n")
                } else {
                    text.to_string()
                };
                Some(sources.add(rel, shown, text))
            }
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let id = sources.add(rel, shown.clone(), lossy);
                let (line, _) = sources.get(id).line_col(offset);
                // The bad byte reads as U+FFFD in the text kept for display: point at all of it.
                let width = sources.get(id).text[offset..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
                diags.push(Diagnostic::error(
                    "not-utf8",
                    Span::new(id, offset..offset + width),
                    msg("not-utf8", &[("path", &shown), ("line", &line.to_string())]),
                ));
                None
            }
        }
    }
}
