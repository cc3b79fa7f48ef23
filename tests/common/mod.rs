//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// The binary, run from the crate root with a clean environment for colours.
pub fn cmd() -> Command {
    let mut c = Command::cargo_bin("welfare-plan").expect("binary builds");
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c.env("NO_COLOR", "1");
    c.env_remove("SOURCE_DATE_EPOCH");
    // Messages in English whatever the machine's locale (tests pass --lang it when they want Italian).
    c.env("LC_ALL", "C");
    c
}

pub fn run(args: &[&str]) -> Output {
    cmd().args(args).output().expect("runs")
}

#[derive(Debug, serde::Deserialize, PartialEq)]
pub struct Diag {
    pub severity: String,
    pub code: String,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub help: Option<String>,
}

/// Runs `check --message-format json` on `dir`; returns the exit code and the diagnostics.
pub fn check_json(dir: &Path) -> (i32, Vec<Diag>) {
    let out = cmd()
        .args(["check", "--message-format", "json"])
        .arg(dir)
        .output()
        .expect("runs");
    let stderr = String::from_utf8(out.stderr).expect("diagnostics are UTF-8");
    let diags = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect();
    (out.status.code().expect("exit code"), diags)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 stdout")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 stderr")
}

/// Runs git in `dir` with a fixed identity; panics with git's stderr if it fails.
pub fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `build PLAN --out OUT`, which must succeed (its stderr shown if not).
pub fn build_ok(plan: &Path, out: &Path) {
    let o = cmd()
        .arg("build")
        .arg(plan)
        .arg("--out")
        .arg(out)
        .output()
        .expect("runs");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}: {}",
        plan.display(),
        stderr(&o)
    );
}

/// `plan` built into a fresh folder: the folder's owner (dropping it
/// removes the build) and the build's path.
pub fn built(plan: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    build_ok(Path::new(plan), &out);
    (dir, out)
}
