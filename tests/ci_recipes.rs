//! The CI recipes under examples/ci/ (SPEC 6.5): every `welfare-plan` command
//! they contain is run, as the recipe writes it, by `sh` in a real git
//! repository holding an example plan with a main branch and a change on top
//! of it — as a pull/merge request pipeline and a main-branch pipeline would.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::git;

/// The `welfare-plan …` command lines of a recipe, as written.
fn commands(recipe: &str) -> Vec<String> {
    recipe
        .lines()
        .map(|l| {
            l.trim()
                .trim_start_matches("- ")
                .trim_start_matches("run: ")
        })
        .filter(|l| l.starts_with("welfare-plan "))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_recipe_command_runs_against_an_example() {
    let bin = assert_cmd::cargo::cargo_bin!("welfare-plan");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for recipe in [
        "examples/ci/github-actions.yml",
        "examples/ci/gitlab-ci.yml",
    ] {
        let text = fs::read_to_string(recipe).unwrap();
        let commands = commands(&text);
        let verbs: Vec<&str> = commands
            .iter()
            .map(|c| c.split_whitespace().nth(1).unwrap())
            .collect();
        assert_eq!(verbs, ["check", "diff", "build"], "{recipe}");

        // A plan's repository: main, then a pull/merge request's change.
        let repo = tempfile::tempdir().unwrap();
        crate::build::copy_dir(Path::new("tests/fixtures/district"), repo.path());
        git(repo.path(), &["init", "-q", "-b", "main"]);
        git(repo.path(), &["add", "."]);
        git(repo.path(), &["commit", "-q", "-m", "the plan"]);
        git(
            repo.path(),
            &["update-ref", "refs/remotes/origin/main", "HEAD"],
        );
        let toml = repo.path().join("plan.toml");
        let plan = fs::read_to_string(&toml).unwrap();
        let changed = plan.replace(
            "{ year = 2025, amount = 100000 }",
            "{ year = 2025, amount = 120000 }",
        );
        assert_ne!(plan, changed);
        fs::write(&toml, changed).unwrap();
        git(repo.path(), &["commit", "-q", "-am", "more FNPS in 2025"]);

        let pdf = welfare_plan::write::pdf::find_browser(
            None,
            &std::env::var_os("PATH").unwrap_or_default(),
        )
        .is_ok();
        for command in &commands {
            // Without a browser here, the build runs without its PDF.
            let command = if pdf {
                command.clone()
            } else {
                command.replace(" --pdf", "")
            };
            let out = Command::new("sh")
                .args(["-c", &command])
                .current_dir(repo.path())
                .env("PATH", &path)
                .env("PLAN_DIR", ".")
                .env("BASE_REF", "main")
                .env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
                .env("LC_ALL", "C")
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0), "{recipe}: {command}: {out:?}");
        }
        let diff = fs::read_to_string(repo.path().join("plan-diff.md")).unwrap();
        assert!(
            diff.contains("assegnazione 2025: € 100.000 → € 120.000"),
            "{diff}"
        );
        assert!(repo.path().join("public/html/index.html").is_file());
        // Pages publish `public` as it is: its root must be the plan.
        assert!(
            fs::read_to_string(repo.path().join("public/index.html"))
                .unwrap()
                .contains("url=html/index.html")
        );
        assert_eq!(repo.path().join("public/plan.pdf").is_file(), pdf);
    }
}

#[test]
fn recipes_build_where_pages_publish_and_never_hide_a_failed_check() {
    let gh = fs::read_to_string("examples/ci/github-actions.yml").unwrap();
    assert!(gh.contains("path: public"));
    assert!(gh.contains("--message-format github"));
    // Once per pull request, pushes only to the default branch (either name).
    assert!(gh.contains("  push:\n    branches: [main, master]\n  pull_request:\n"));
    assert!(gh.contains("github.ref_name == github.event.repository.default_branch"));
    // One comment, edited at every push; none, without failing, from a fork.
    assert!(gh.contains("--edit-last --create-if-none"));
    assert!(gh.contains("if: github.event.pull_request.head.repo.full_name == github.repository"));
    // Every job reads the repository and no more unless it says so.
    assert!(gh.contains("\npermissions:\n  contents: read\n"));
    let publish = &gh[gh.find("\n  publish:").unwrap()..];
    assert!(publish.contains("      contents: read\n      pages: write\n"));
    // The tool is built once per version of its source, then restored.
    assert_eq!(gh.matches("cargo install").count(), 1);
    assert_eq!(gh.matches("fail-on-cache-miss: true").count(), 2);
    assert!(gh.contains(".github/workflows/"));
    let gl = fs::read_to_string("examples/ci/gitlab-ci.yml").unwrap();
    assert!(
        gl.contains("paths:\n      - public"),
        "GitLab Pages publishes `public`"
    );
    for recipe in [&gh, &gl] {
        for c in commands(recipe) {
            assert!(!c.contains("|| true"), "{c}");
        }
    }
}
