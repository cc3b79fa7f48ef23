//! Every file the run reads, its text, and the byte offset → line:column map.

use std::path::{Path, PathBuf};

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Self {
        Span {
            file,
            start: range.start,
            end: range.end,
        }
    }
    /// An empty span at the start of a file, for problems with the file as a whole.
    pub fn file_start(file: FileId) -> Self {
        Span {
            file,
            start: 0,
            end: 0,
        }
    }
}

#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the plan root, `/`-separated.
    pub rel: String,
    /// Path as the user would type it from the current directory.
    pub display: String,
    pub text: String,
    /// Where each line starts: computed the first time a place in the file
    /// is shown (most files of a large plan never are).
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        });
        let line = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = line_starts[line];
        let mut col_end = offset;
        while !self.text.is_char_boundary(col_end) {
            col_end -= 1;
        }
        let col = self.text[start..col_end].chars().count() + 1;
        (line + 1, col)
    }
}

#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    by_rel: std::collections::HashMap<String, FileId>,
    /// The plan root as the user would type it (`examples/demo`, `.`).
    root_display: String,
}

impl SourceMap {
    /// A map for the plan at `root`, so that any plan-relative path can be shown.
    pub fn for_root(root: &Path) -> Self {
        SourceMap {
            root_display: display_path(root, ""),
            ..SourceMap::default()
        }
    }

    /// A plan-relative path as the user would type it, as [`display_path`] shows it.
    pub fn display(&self, rel: &str) -> String {
        match self.root_display.as_str() {
            "" | "." => rel.to_string(),
            root if root.ends_with('/') || root.ends_with(':') => format!("{root}{rel}"),
            root => format!("{root}/{rel}"),
        }
    }

    pub fn add(&mut self, rel: String, display: String, text: String) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.by_rel.entry(rel.clone()).or_insert(id);
        self.files.push(SourceFile {
            rel,
            display,
            text,
            line_starts: std::sync::OnceLock::new(),
        });
        id
    }

    /// A span standing for a whole file of the plan that has no text to show
    /// (a name that is not UTF-8, a folder that cannot be read): line 1,
    /// column 1 of that file, so every diagnostic names a place.
    pub fn file_level(&mut self, rel: &str) -> Span {
        let id = match self.find(rel) {
            Some(id) => id,
            None => {
                let shown = self.display(rel);
                self.add(rel.to_string(), shown, String::new())
            }
        };
        Span::file_start(id)
    }

    /// How many files were read.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Bytes of text read, over every file: what the plan weighs.
    pub fn total_bytes(&self) -> usize {
        self.files.iter().map(|f| f.text.len()).sum()
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn find(&self, rel: &str) -> Option<FileId> {
        self.by_rel.get(rel).copied()
    }
}

/// Folders whose paths are shown under another name: a revision's scratch
/// copy, shown as git names a file of a revision (`main:plan.toml`), never
/// as the temporary folder the user cannot open.
static SHOWN_AS: std::sync::RwLock<Vec<(PathBuf, String)>> = std::sync::RwLock::new(Vec::new());

/// Shows every path below `folder` as `label` followed by the path inside
/// it (`label` ends with `:` or `/`), for the rest of the process.
pub fn show_folder_as(folder: &Path, label: String) {
    let mut shown = SHOWN_AS.write().unwrap_or_else(|e| e.into_inner());
    if let Ok(real) = folder.canonicalize() {
        shown.push((real, label.clone()));
    }
    shown.push((folder.to_path_buf(), label));
}

fn shown_as(full: &Path) -> Option<String> {
    let shown = SHOWN_AS.read().unwrap_or_else(|e| e.into_inner());
    shown.iter().find_map(|(folder, label)| {
        let rest = full.strip_prefix(folder).ok()?;
        let rest = rel_string(rest);
        Some(if rest.is_empty() {
            label.trim_end_matches('/').to_string()
        } else {
            format!("{label}{rest}")
        })
    })
}

/// The path of `rel` (inside `root`) as shown to the user: relative to the current
/// directory when the plan is below it, `/`-separated.
pub fn display_path(root: &Path, rel: &str) -> String {
    let full: PathBuf = if rel.is_empty() {
        root.to_path_buf()
    } else {
        root.join(rel)
    };
    if let Some(shown) = shown_as(&full) {
        return shown;
    }
    let shown = match std::env::current_dir() {
        Ok(cwd) if full.is_absolute() => full
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or(full.clone()),
        _ => full.clone(),
    };
    let mut s = String::new();
    for c in shown.components() {
        use std::path::Component;
        match c {
            Component::CurDir => continue,
            Component::RootDir => s.push('/'),
            other => {
                if !s.is_empty() && !s.ends_with('/') {
                    s.push('/');
                }
                s.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    if s.is_empty() { ".".to_string() } else { s }
}

/// A relative path as text, `/`-separated.
pub fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let mut map = SourceMap::default();
        let id = map.add("a".into(), "a".into(), "ab\nàé = 1\n".into());
        let f = map.get(id);
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // "àé" is four bytes, two characters.
        assert_eq!(f.line_col(7), (2, 3));
        assert_eq!(f.line_col(999), (3, 1));
    }
}
