//! Editing the plan's own files (`monitor import`): every file or none, each
//! in its own form (BOM, line ends, mode), never through a name someone else
//! could have placed, never over an edit saved since the tool read the file.

use std::io::Write as _;
use std::path::{Path, PathBuf};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The file's new bytes: `old_text` (the file as the loader read it — no
/// BOM, CRLF as LF) edited into `new_text`, applied to `raw` (the bytes on
/// disk) so that everything outside the changed region stays byte for byte,
/// and new lines take the file's line ends. `None` when `raw` is not the file
/// the loader read.
pub fn patch_raw(raw: &[u8], old_text: &str, new_text: &str) -> Option<Vec<u8>> {
    let (bom, body) = match raw.strip_prefix(BOM) {
        Some(rest) => (BOM, rest),
        None => (&b""[..], raw),
    };
    let body = std::str::from_utf8(body).ok()?;
    if body.replace("\r\n", "\n") != old_text {
        return None;
    }
    let prefix = old_text
        .bytes()
        .zip(new_text.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let max_suffix = old_text.len().min(new_text.len()) - prefix;
    let suffix = old_text
        .bytes()
        .rev()
        .zip(new_text.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    // Back to character boundaries (a shared first byte of two characters).
    let mut start = prefix;
    while !old_text.is_char_boundary(start) || !new_text.is_char_boundary(start) {
        start -= 1;
    }
    let (mut old_end, mut new_end) = (old_text.len() - suffix, new_text.len() - suffix);
    while !old_text.is_char_boundary(old_end) || !new_text.is_char_boundary(new_end) {
        old_end += 1;
        new_end += 1;
    }
    let crlf = body.contains("\r\n");
    let raw_start = raw_offset(body, start);
    let raw_end = raw_offset(body, old_end);
    let middle = &new_text[start..new_end];
    let middle = if crlf {
        middle.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        middle.to_string()
    };
    let mut out = Vec::with_capacity(raw.len() + middle.len());
    out.extend_from_slice(bom);
    out.extend_from_slice(&body.as_bytes()[..raw_start]);
    out.extend_from_slice(middle.as_bytes());
    out.extend_from_slice(&body.as_bytes()[raw_end..]);
    Some(out)
}

/// Where byte `lf_offset` of the LF view of `body` is in `body` (a `\n` that
/// was `\r\n` maps to its `\r`).
fn raw_offset(body: &str, lf_offset: usize) -> usize {
    let b = body.as_bytes();
    let (mut raw, mut lf) = (0, 0);
    while lf < lf_offset && raw < b.len() {
        if b[raw] == b'\r' && b.get(raw + 1) == Some(&b'\n') {
            raw += 1;
            continue;
        }
        raw += 1;
        lf += 1;
    }
    raw
}

/// One file to replace: what it held when read, what it will hold.
pub struct Replacement {
    pub path: PathBuf,
    /// As messages name it.
    pub shown: String,
    pub before: Vec<u8>,
    pub after: Vec<u8>,
}

#[derive(Debug)]
pub enum ReplaceError {
    /// Someone saved the file since the tool read it.
    Changed(String),
    ReadOnly(String),
    Io(String, std::io::Error),
}

/// The bytes at `path`, opened without following a symlink, and its mode.
fn current(path: &Path) -> std::io::Result<(Vec<u8>, std::fs::Permissions)> {
    use std::io::Read;
    let mut f = crate::assets::open_no_follow(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)?;
    Ok((bytes, meta.permissions()))
}

/// A new file beside `path` holding `bytes` with `perm`: created exclusively
/// under a random name (never one a plan can carry in advance), flushed to disk.
fn staged(
    path: &Path,
    bytes: &[u8],
    perm: &std::fs::Permissions,
) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".welfare-plan-tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().set_permissions(perm.clone())?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

/// Replaces every file of `list`, or none: each is checked to be the file
/// that was read and writable, every new text is staged beside its file, and
/// only then are they renamed into place; if a rename fails, the files
/// already replaced get their old bytes back.
pub fn replace_all(list: &[Replacement]) -> Result<(), ReplaceError> {
    let mut perms = Vec::with_capacity(list.len());
    for r in list {
        let (bytes, perm) = current(&r.path).map_err(|e| ReplaceError::Io(r.shown.clone(), e))?;
        if bytes != r.before {
            return Err(ReplaceError::Changed(r.shown.clone()));
        }
        if perm.readonly() {
            return Err(ReplaceError::ReadOnly(r.shown.clone()));
        }
        perms.push(perm);
    }
    let mut staged_files = Vec::with_capacity(list.len());
    for (r, perm) in list.iter().zip(&perms) {
        staged_files.push(
            staged(&r.path, &r.after, perm).map_err(|e| ReplaceError::Io(r.shown.clone(), e))?,
        );
    }
    // The last look before the swap: an edit saved meanwhile is never lost.
    for r in list {
        match current(&r.path) {
            Ok((bytes, _)) if bytes == r.before => {}
            Ok(_) => return Err(ReplaceError::Changed(r.shown.clone())),
            Err(e) => return Err(ReplaceError::Io(r.shown.clone(), e)),
        }
    }
    for (i, (r, tmp)) in list.iter().zip(staged_files).enumerate() {
        if let Err(e) = tmp.persist(&r.path) {
            for (done, perm) in list[..i].iter().zip(&perms) {
                // Best effort: the error below is what the user must know.
                if let Ok(back) = staged(&done.path, &done.before, perm) {
                    let _ = back.persist(&done.path);
                }
            }
            return Err(ReplaceError::Io(r.shown.clone(), e.error));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_keeps_the_files_bom_and_line_ends() {
        // (raw file, loader's view, edited view, raw result)
        let table: [(&[u8], &str, &str, &[u8]); 4] = [
            (
                b"a = 1\nb = 2\n",
                "a = 1\nb = 2\n",
                "a = 1\nb = 3\n",
                b"a = 1\nb = 3\n",
            ),
            (
                b"a = 1\r\nb = 2\r\n",
                "a = 1\nb = 2\n",
                "a = 1\nb = 2\nc = [\n  1,\n]\n",
                b"a = 1\r\nb = 2\r\nc = [\r\n  1,\r\n]\r\n",
            ),
            (
                b"\xEF\xBB\xBFa = 1\r\nb = 2\r\n",
                "a = 1\nb = 2\n",
                "a = 9\nb = 2\n",
                b"\xEF\xBB\xBFa = 9\r\nb = 2\r\n",
            ),
            // Mixed line ends: the lines not edited keep theirs.
            (
                b"a = 1\nb = 2\r\nc = 3\n",
                "a = 1\nb = 2\nc = 3\n",
                "a = 1\nb = 2\nc = 4\n",
                b"a = 1\nb = 2\r\nc = 4\n",
            ),
        ];
        for (raw, old, new, want) in table {
            assert_eq!(
                patch_raw(raw, old, new).as_deref(),
                Some(want),
                "{}",
                String::from_utf8_lossy(raw)
            );
        }
        assert_eq!(patch_raw(b"a = 2\n", "a = 1\n", "a = 3\n"), None);
    }

    #[test]
    fn every_file_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.toml"), dir.path().join("b.toml"));
        std::fs::write(&a, "a = 1\n").unwrap();
        std::fs::write(&b, "b = 1\n").unwrap();
        let list = |b_before: &str| {
            vec![
                Replacement {
                    path: a.clone(),
                    shown: "a.toml".into(),
                    before: b"a = 1\n".to_vec(),
                    after: b"a = 2\n".to_vec(),
                },
                Replacement {
                    path: b.clone(),
                    shown: "b.toml".into(),
                    before: b_before.as_bytes().to_vec(),
                    after: b"b = 2\n".to_vec(),
                },
            ]
        };
        // b was saved by someone else since it was read: nothing is written.
        assert!(
            matches!(replace_all(&list("b = 0\n")), Err(ReplaceError::Changed(f)) if f == "b.toml")
        );
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "a = 1\n");
        replace_all(&list("b = 1\n")).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "a = 2\n");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "b = 2\n");
        // Nothing left beside them.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn modes_are_kept_and_read_only_files_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        std::fs::write(&a, "a = 1\n").unwrap();
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o600)).unwrap();
        let one = |after: &str| {
            vec![Replacement {
                path: a.clone(),
                shown: "a.toml".into(),
                before: std::fs::read(&a).unwrap(),
                after: after.as_bytes().to_vec(),
            }]
        };
        replace_all(&one("a = 2\n")).unwrap();
        let mode = std::fs::metadata(&a).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert!(matches!(
            replace_all(&one("a = 3\n")),
            Err(ReplaceError::ReadOnly(_))
        ));
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "a = 2\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_in_place_of_the_file_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("outside.txt");
        std::fs::write(&target, "keep\n").unwrap();
        let a = dir.path().join("a.toml");
        std::os::unix::fs::symlink(&target, &a).unwrap();
        let list = vec![Replacement {
            path: a.clone(),
            shown: "a.toml".into(),
            before: b"keep\n".to_vec(),
            after: b"a = 2\n".to_vec(),
        }];
        assert!(matches!(replace_all(&list), Err(ReplaceError::Io(..))));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep\n");
    }
}
