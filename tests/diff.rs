//! `diff`: two folders in every format (golden files), and a real git
//! repository with three commits compared through `--git`.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{cmd, git, stderr, stdout};

/// The demo, and a second revision of it: a card's 2025 budget raised, a
/// card renamed (removed and added under a new key), a response given.
fn demo_and_revision() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let v2 = dir.path().join("v2");
    crate::build::copy_dir(Path::new("examples/demo"), &v2);
    let edit = |file: &str, from: &str, to: &str| {
        let path = v2.join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        fs::write(&path, text.replace(from, to)).unwrap();
    };
    edit(
        "cards.toml",
        "{ year = 2025, kind = \"planned\", funding = { fna = 125000, comuni = 60000 } },",
        "{ year = 2025, kind = \"planned\", funding = { fna = 135000, comuni = 60000 } },",
    );
    edit(
        "cards.toml",
        "id = \"spazio-neutro\"",
        "id = \"incontri-protetti\"",
    );
    edit(
        "outcomes.toml",
        "response = { status = \"pending\", note = \"Da decidere con l'Assemblea dei Sindaci.\" }",
        "response = { status = \"accepted\", note = \"Il tavolo si riunirà ogni due mesi.\" }",
    );
    (dir, v2)
}

#[test]
fn diff_of_two_folders_in_every_format() {
    let (_dir, v2) = demo_and_revision();
    for (format, name) in [
        ("text", "demo_text"),
        ("markdown", "demo_markdown"),
        ("json", "demo_json"),
    ] {
        let out = cmd()
            .args(["diff", "examples/demo"])
            .arg(&v2)
            .args(["--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        insta::assert_snapshot!(name, stdout(&out));
    }
    let json: serde_json::Value = serde_json::from_str(&stdout(
        &cmd()
            .args(["diff", "examples/demo"])
            .arg(&v2)
            .args(["--format", "json"])
            .output()
            .unwrap(),
    ))
    .unwrap();
    let raised = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "sad-potenziato")
        .unwrap();
    assert_eq!(raised["kind"], "changed");
    assert_eq!(raised["fields"][0]["field"], "budget 2025 planned fna");
    assert_eq!(raised["fields"][0]["difference"], serde_json::json!(10000));
    // --exit-code: 1 when something changed, 0 when nothing did.
    let changed = cmd()
        .args(["diff", "--exit-code", "examples/demo"])
        .arg(&v2)
        .output()
        .unwrap();
    assert_eq!(changed.status.code(), Some(1));
    let same = cmd()
        .args(["diff", "--exit-code", "examples/demo", "examples/demo"])
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0));
    assert!(stdout(&same).contains("Nessuna modifica"));
}

#[test]
fn a_side_that_does_not_check_gives_its_diagnostics_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    crate::build::copy_dir(Path::new("tests/fixtures/check/fund-overspent"), dir.path());
    let out = cmd()
        .args(["diff", "examples/demo"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("fund-overspent"));
}

#[test]
fn diff_between_commits_of_a_real_repository() {
    let repo = tempfile::tempdir().unwrap();
    let plan = repo.path().join("piano");
    crate::build::copy_dir(Path::new("tests/fixtures/district"), &plan);
    git(repo.path(), &["init", "-q", "-b", "main"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "first"]);
    let toml = plan.join("plan.toml");
    let text = fs::read_to_string(&toml).unwrap();
    fs::write(
        &toml,
        text.replace(
            "{ year = 2025, amount = 100000 }",
            "{ year = 2025, amount = 120000 }",
        ),
    )
    .unwrap();
    git(
        repo.path(),
        &["commit", "-q", "-am", "second: more FNPS in 2025"],
    );
    let text = fs::read_to_string(&toml).unwrap();
    fs::write(
        &toml,
        text.replace(
            "actuals = [{ year = 2024, value = 104 }]",
            "actuals = [{ year = 2024, value = 98 }]",
        ),
    )
    .unwrap();
    git(
        repo.path(),
        &["commit", "-q", "-am", "third: the 2024 actual"],
    );
    // The work tree differs from every commit: diff --git must not read it.
    fs::write(&toml, "this is not TOML [").unwrap();

    let run = |args: &[&str]| {
        Command::new(assert_cmd::cargo::cargo_bin!("welfare-plan"))
            .current_dir(&plan)
            .args(args)
            .env("NO_COLOR", "1")
            .env("LC_ALL", "C")
            .output()
            .unwrap()
    };
    let text = run(&["diff", "--git", "HEAD~2..HEAD"]);
    assert_eq!(
        text.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&text.stderr)
    );
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(
        text.contains("assegnazione 2025: € 100.000 → € 120.000 +€ 20.000"),
        "{text}"
    );
    assert!(text.contains("effettivo 2024: 104 → 98"), "{text}");
    let md = String::from_utf8_lossy(
        &run(&["diff", "--git", "HEAD~2..HEAD", "--format", "markdown"]).stdout,
    )
    .to_string();
    assert!(
        md.contains("<details><summary>Fondi: +0 −0 ~1</summary>"),
        "{md}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["diff", "--git", "HEAD~1..HEAD", "--format", "json"]).stdout)
            .unwrap();
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{json:#}");
    assert_eq!(changes[0]["entity"], "indicator");
    // Errors: an unknown revision, and a folder outside any repository.
    let unknown = run(&["diff", "--git", "HEAD~9..HEAD"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown revision `HEAD~9`"));
    let outside = tempfile::tempdir().unwrap();
    let o = Command::new(assert_cmd::cargo::cargo_bin!("welfare-plan"))
        .current_dir(outside.path())
        .args(["diff", "--git", "HEAD~1..HEAD"])
        .env("GIT_CEILING_DIRECTORIES", outside.path().parent().unwrap())
        .env("LC_ALL", "C")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("git"));
    // Nothing was left behind in the repository.
    assert_eq!(fs::read_to_string(&toml).unwrap(), "this is not TOML [");
}

/// A revision's own `.gitattributes` cannot hide a change from the review:
/// the tree is read as `build` would see a checkout.
#[test]
fn export_attributes_of_the_revision_hide_nothing() {
    let repo = tempfile::tempdir().unwrap();
    let plan = repo.path().join("piano");
    crate::build::copy_dir(Path::new("tests/fixtures/district"), &plan);
    git(repo.path(), &["init", "-q", "-b", "main"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "first"]);
    fs::write(
        plan.join("extra.toml"),
        "[[activity]]\nid = \"nascosta\"\narea = \"anziani\"\ntitle = \"Scheda nascosta\"\nobjectives = [\"a\"]\nbudget = [{ year = 2025, kind = \"planned\", funding = { comuni = 90000 } }]\n# $Format:%H$\n",
    )
    .unwrap();
    fs::write(
        plan.join(".gitattributes"),
        "extra.toml export-ignore\nplan.toml export-subst\n",
    )
    .unwrap();
    git(repo.path(), &["add", "."]);
    git(
        repo.path(),
        &["commit", "-q", "-m", "a card that hides itself"],
    );
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(assert_cmd::cargo::cargo_bin!("welfare-plan"))
        .current_dir(&plan)
        .args(["diff", "--git", "HEAD~1..HEAD", "--format", "json"])
        .env("LC_ALL", "C")
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let added: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "added")
        .filter_map(|c| c["key"].as_str())
        .collect();
    assert!(added.contains(&"nascosta"), "{json:#}");
    // The scratch folders are gone.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}
