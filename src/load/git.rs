//! A revision of the plan, read through git itself into a scratch folder, so
//! that `diff --git` compares what was committed without touching the work
//! tree (SPEC 5.2).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::diag::{Message, msg};

/// A plan folder extracted from a revision; removed when dropped.
pub struct Revision {
    scratch: PathBuf,
    /// The plan folder inside the scratch folder.
    pub plan: PathBuf,
}

impl Drop for Revision {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<String, Message> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| msg("git-failed", &[("error", &e.to_string())]))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(msg("git-failed", &[("error", &err)]));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .trim_end_matches('\n')
        .to_string())
}

/// The plan at `plan_dir` as it is in `rev`.
pub fn checkout(plan_dir: &Path, rev: &str) -> Result<Revision, Message> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(msg("git-bad-revision", &[("rev", rev)]));
    }
    let top = PathBuf::from(git(plan_dir, &["rev-parse", "--show-toplevel"])?);
    let prefix = git(plan_dir, &["rev-parse", "--show-prefix"])?;
    // A revision that names no commit is said so, before archiving anything.
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
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let scratch =
        std::env::temp_dir().join(format!("welfare-plan-diff-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&scratch)
        .map_err(|e| msg("git-failed", &[("error", &e.to_string())]))?;
    let revision = Revision {
        plan: scratch.join(&prefix),
        scratch,
    };
    let path = if prefix.is_empty() {
        "."
    } else {
        prefix.as_str()
    };
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(&top)
        .args(["archive", "--format=tar", rev, "--", path])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| msg("git-failed", &[("error", &e.to_string())]))?;
    let stdout = archive
        .stdout
        .take()
        .ok_or_else(|| msg("git-failed", &[("error", "no output from git archive")]))?;
    let untar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(&revision.scratch)
        .stdin(stdout)
        .output()
        .map_err(|e| msg("git-failed", &[("error", &e.to_string())]))?;
    let archived = archive
        .wait_with_output()
        .map_err(|e| msg("git-failed", &[("error", &e.to_string())]))?;
    if !archived.status.success() || !untar.status.success() {
        let err = String::from_utf8_lossy(&archived.stderr).trim().to_string();
        return Err(msg("git-failed", &[("error", &err)]));
    }
    if !revision.plan.join("plan.toml").is_file() {
        return Err(msg(
            "git-no-plan",
            &[
                ("rev", rev),
                ("path", if prefix.is_empty() { "." } else { &prefix }),
            ],
        ));
    }
    Ok(revision)
}
