//! The only way the tool reads the plan's files: regular files, really inside
//! the root, at most 16 MiB, UTF-8 where text is expected.

use crate::diag::Code;
use std::path::{Path, PathBuf};

use crate::assets::{FileProblem, MAX_FILE_SIZE, normalise};
use crate::diag::{Diagnostic, Diagnostics, msg};
use crate::source::{FileId, SourceMap, Span, display_path};

#[derive(Debug, Clone)]
pub struct FileAccess {
    root: PathBuf,
    canonical_root: PathBuf,
    /// Texts read in place of the files the walk finds (an edit checked in
    /// memory before it is written), by plan-relative path.
    overlay: std::sync::Arc<std::collections::HashMap<String, Vec<u8>>>,
}

impl FileAccess {
    pub fn new(root: &Path) -> std::io::Result<Self> {
        Ok(FileAccess {
            root: root.to_path_buf(),
            canonical_root: root.canonicalize()?,
            overlay: Default::default(),
        })
    }

    /// The same plan, with `overlay`'s texts read in place of those files.
    pub fn with_overlay(mut self, overlay: std::collections::HashMap<String, Vec<u8>>) -> Self {
        self.overlay = std::sync::Arc::new(overlay);
        self
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
        // The check names the common problems precisely; the read judges the
        // file it actually opened, so a swap in between is caught too.
        let (_, real) = self.check(rel)?;
        self.read_opened(&real)
    }

    /// Opens `real` without following a symlink, then judges the open handle:
    /// a regular file, really inside the plan (its path as the kernel knows
    /// it), at most 16 MiB — read with that limit, whatever it grows to.
    fn read_opened(&self, real: &Path) -> Result<Vec<u8>, FileProblem> {
        use std::io::Read;
        let unreadable = |e: std::io::Error| FileProblem::Unreadable(e.to_string());
        // Non-blocking, so that a FIFO swapped in does not hang the run.
        let file = crate::assets::open_no_follow(real).map_err(|e| {
            #[cfg(unix)]
            if e.raw_os_error() == Some(libc::ELOOP) {
                return FileProblem::NotRegular("symlink");
            }
            unreadable(e)
        })?;
        let meta = file.metadata().map_err(unreadable)?;
        if !meta.is_file() {
            return Err(FileProblem::NotRegular("special"));
        }
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            if let Ok(opened) = std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd()))
                && !opened.starts_with(&self.canonical_root)
            {
                return Err(FileProblem::Outside);
            }
        }
        if meta.len() > MAX_FILE_SIZE {
            return Err(FileProblem::TooLarge(meta.len()));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.take(MAX_FILE_SIZE + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        if bytes.len() as u64 > MAX_FILE_SIZE {
            return Err(FileProblem::TooLarge(bytes.len() as u64));
        }
        Ok(bytes)
    }

    /// Reads a file the walk found: the walk followed no symlink, so the
    /// path-by-path checks of [`check`](Self::check) are not needed; the open
    /// handle is still judged (a swap since the walk is caught). Safe to call
    /// from several threads.
    pub fn read_walked(&self, rel: &str) -> Result<Vec<u8>, FileProblem> {
        if let Some(bytes) = self.overlay.get(rel) {
            return Ok(bytes.clone());
        }
        self.read_opened(&self.root.join(rel))
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
        let bytes = match self.read_bytes(rel) {
            Ok(b) => b,
            Err(p) => {
                self.report(rel, referenced_at, p, sources, diags);
                return None;
            }
        };
        let rel = normalise(rel).unwrap_or_else(|_| rel.to_string());
        if let Some(id) = sources.find(&rel) {
            return Some(id);
        }
        self.add_text(rel, Text::from_bytes(bytes), sources, diags)
    }

    /// Reports a file that could not be read: at the value that named it, or
    /// on the file itself.
    pub fn report(
        &self,
        rel: &str,
        referenced_at: Option<Span>,
        problem: FileProblem,
        sources: &mut SourceMap,
        diags: &mut Diagnostics,
    ) {
        let shown = display_path(&self.root, rel);
        let span = match referenced_at {
            Some(s) => s,
            None => Span::file_start(sources.add(rel.to_string(), shown.clone(), String::new())),
        };
        diags.push(Diagnostic::new(
            problem.code(),
            span,
            problem.message(&shown),
        ));
    }

    /// Adds a file's text to the source map; a file that is not UTF-8 is
    /// added as read (for display) and reported.
    pub fn add_text(
        &self,
        rel: String,
        text: Text,
        sources: &mut SourceMap,
        diags: &mut Diagnostics,
    ) -> Option<FileId> {
        let shown = display_path(&self.root, &rel);
        match text {
            Text::Utf8(text) => Some(sources.add(rel, shown, text)),
            Text::NotUtf8 { lossy, offset } => {
                let id = sources.add(rel, shown.clone(), lossy);
                let (line, _) = sources.get(id).line_col(offset);
                // The bad byte reads as U+FFFD in the text kept for display: point at all of it.
                let width = sources.get(id).text[offset..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
                diags.push(Diagnostic::new(
                    Code::NotUtf8,
                    Span::new(id, offset..offset + width),
                    msg("not-utf8", &[("path", &shown), ("line", &line.to_string())]),
                ));
                None
            }
        }
    }
}

/// A file's bytes as text: UTF-8 without a byte-order mark and with `\n`
/// line ends, or where it stops being UTF-8.
pub enum Text {
    Utf8(String),
    NotUtf8 { lossy: String, offset: usize },
}

impl Text {
    pub fn from_bytes(bytes: Vec<u8>) -> Text {
        match String::from_utf8(bytes) {
            Ok(mut text) => {
                if text.starts_with('\u{feff}') {
                    text.drain(..'\u{feff}'.len_utf8());
                }
                if text.contains('\r') {
                    text = text.replace("\r\n", "\n");
                }
                Text::Utf8(text)
            }
            Err(e) => Text::NotUtf8 {
                offset: e.utf8_error().valid_up_to(),
                lossy: String::from_utf8_lossy(e.as_bytes()).into_owned(),
            },
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// What a swap between the check and the read would hand the reader.
    #[test]
    fn the_opened_file_is_judged_not_the_checked_path() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "secret").unwrap();
        let plan = tempfile::tempdir().unwrap();
        let files = FileAccess::new(plan.path()).unwrap();
        let root = files.canonical_root().to_path_buf();
        // The file itself became a symlink.
        symlink(outside.path().join("secret.md"), root.join("a.md")).unwrap();
        assert_eq!(
            files.read_opened(&root.join("a.md")),
            Err(FileProblem::NotRegular("symlink"))
        );
        // A folder on the way became a symlink to outside.
        symlink(outside.path(), root.join("dir")).unwrap();
        assert_eq!(
            files.read_opened(&root.join("dir/secret.md")),
            Err(FileProblem::Outside)
        );
        // A FIFO does not hang the read.
        let fifo = root.join("fifo.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        assert_eq!(
            files.read_opened(&fifo),
            Err(FileProblem::NotRegular("special"))
        );
        std::fs::write(root.join("ok.md"), "fine").unwrap();
        assert_eq!(files.read_opened(&root.join("ok.md")).unwrap(), b"fine");
    }
}
