//! A revision of the plan, read through git itself into a scratch folder, so
//! that `diff --git` compares what was committed without touching the work
//! tree (SPEC 5.2). The tree is read object by object (`ls-tree`,
//! `cat-file`), as `build` would see a checkout: `git archive` would obey the
//! revision's own `.gitattributes` (`export-ignore`, `export-subst`), so a
//! change could hide itself from the review.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

use crate::diag::{Message, msg};

/// What one revision may put on disk: a plan is a few megabytes.
const MAX_TOTAL: u64 = 1 << 30;

/// A plan folder extracted from a revision into a fresh private folder
/// (created exclusively, under a random name); removed when dropped.
pub struct Revision {
    _scratch: tempfile::TempDir,
    /// The plan folder inside the scratch folder.
    pub plan: PathBuf,
}

fn failed(e: impl std::fmt::Display) -> Message {
    msg("git-failed", &[("error", &e.to_string())])
}

fn git(dir: &Path, args: &[&str]) -> Result<String, Message> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(failed)?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(failed(err));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .trim_end_matches('\n')
        .to_string())
}

/// One entry of the revision's tree below the plan.
struct Entry {
    mode: String,
    oid: String,
    /// Relative to the plan folder.
    rel: PathBuf,
}

/// The blobs and symlinks below `prefix` in `rev`, paths checked to stay inside.
fn tree(top: &Path, rev: &str, prefix: &str) -> Result<Vec<Entry>, Message> {
    let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", rev];
    if !prefix.is_empty() {
        args.extend(["--", prefix]);
    }
    let out = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(&args)
        .output()
        .map_err(failed)?;
    if !out.status.success() {
        return Err(failed(String::from_utf8_lossy(&out.stderr).trim()));
    }
    let mut entries = Vec::new();
    for record in out.stdout.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let text = String::from_utf8_lossy(record);
        let Some((meta, path)) = text.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (Some(mode), Some(kind), Some(oid)) = (meta.next(), meta.next(), meta.next()) else {
            continue;
        };
        // Submodules (commits) are not part of the plan's files.
        if kind != "blob" {
            continue;
        }
        let Some(rel) = path.strip_prefix(prefix) else {
            continue;
        };
        let rel = PathBuf::from(rel);
        if !rel
            .components()
            .all(|c| matches!(c, Component::Normal(n) if n != ".git"))
        {
            return Err(failed(format!("unsafe path in the revision: {path}")));
        }
        entries.push(Entry {
            mode: mode.to_string(),
            oid: oid.to_string(),
            rel,
        });
    }
    Ok(entries)
}

/// Writes every entry's content under `dest`, read in one `cat-file --batch`.
fn extract(top: &Path, entries: &[Entry], dest: &Path) -> Result<(), Message> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(failed)?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| failed("no input to git"))?;
    let oids: Vec<String> = entries.iter().map(|e| e.oid.clone()).collect();
    // Fed from another thread, so that neither side waits on a full pipe.
    let feeder = std::thread::spawn(move || {
        for oid in oids {
            if writeln!(stdin, "{oid}").is_err() {
                break;
            }
        }
    });
    let mut out = BufReader::new(
        child
            .stdout
            .take()
            .ok_or_else(|| failed("no output from git"))?,
    );
    let mut total: u64 = 0;
    for e in entries {
        let mut header = String::new();
        out.read_line(&mut header).map_err(failed)?;
        let size: u64 = header
            .trim_end()
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| failed(format!("unexpected answer from git: {}", header.trim())))?;
        total = total.saturating_add(size);
        if total > MAX_TOTAL {
            return Err(failed("the revision is larger than a plan can be"));
        }
        // Past the loader's limit a file is reported as too large: keep just enough.
        let keep = size.min(crate::assets::MAX_FILE_SIZE + 1);
        let mut content = Vec::with_capacity(keep as usize);
        (&mut out)
            .take(keep)
            .read_to_end(&mut content)
            .map_err(failed)?;
        std::io::copy(&mut (&mut out).take(size - keep + 1), &mut std::io::sink())
            .map_err(failed)?;
        let path = dest.join(&e.rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        if e.mode == "120000" {
            // A symlink stays one, so that the plan's checks judge it as in a checkout.
            #[cfg(unix)]
            std::os::unix::fs::symlink(String::from_utf8_lossy(&content).as_ref(), &path)
                .map_err(failed)?;
        } else {
            std::fs::write(&path, &content).map_err(failed)?;
        }
    }
    let _ = feeder.join();
    let _ = child.wait();
    Ok(())
}

/// The plan at `plan_dir` as it is in `rev`.
pub fn checkout(plan_dir: &Path, rev: &str) -> Result<Revision, Message> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(msg("git-bad-revision", &[("rev", rev)]));
    }
    let top = PathBuf::from(git(plan_dir, &["rev-parse", "--show-toplevel"])?);
    let prefix = git(plan_dir, &["rev-parse", "--show-prefix"])?;
    // A revision that names no commit is said so, before reading anything.
    git(
        &top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| msg("git-unknown-revision", &[("rev", rev)]))?;
    let scratch = tempfile::Builder::new()
        .prefix("welfare-plan-diff-")
        .tempdir()
        .map_err(failed)?;
    let plan = scratch.path().join(&prefix);
    std::fs::create_dir_all(&plan).map_err(failed)?;
    let entries = tree(&top, &format!("{rev}^{{commit}}"), &prefix)?;
    extract(&top, &entries, &plan)?;
    if !plan.join("plan.toml").is_file() {
        return Err(msg(
            "git-no-plan",
            &[
                ("rev", rev),
                ("path", if prefix.is_empty() { "." } else { &prefix }),
            ],
        ));
    }
    // Diagnostics name the revision and the file in the repository
    // (`main:plans/demo/plan.toml`), as `git show` would take it.
    crate::source::show_folder_as(&plan, format!("{rev}:{prefix}"));
    Ok(Revision {
        _scratch: scratch,
        plan,
    })
}
