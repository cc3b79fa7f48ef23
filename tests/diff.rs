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
            .args(["--format", format, "--lang", "it"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        insta::assert_snapshot!(name, stdout(&out));
    }
    // The terminal's text is in the reader's language (here the C locale's
    // English); the Markdown comment stays in the plan's.
    let english = cmd()
        .args(["diff", "examples/demo"])
        .arg(&v2)
        .output()
        .unwrap();
    let english = stdout(&english);
    assert!(
        english.contains("response: being examined → accepted"),
        "{english}"
    );
    assert!(
        english.contains("budget fna planned 2025: €125,000 → €135,000 +€10,000"),
        "{english}"
    );
    let comment = cmd()
        .args(["diff", "examples/demo"])
        .arg(&v2)
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    assert_eq!(stdout(&comment), {
        let it = cmd()
            .args(["diff", "examples/demo"])
            .arg(&v2)
            .args(["--format", "markdown", "--lang", "it"])
            .output()
            .unwrap();
        stdout(&it)
    });
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
    assert_eq!(raised["fields"][0]["field"], "budget fna planned 2025");
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
    assert!(stdout(&same).contains("No changes."));
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
    let text = run(&["diff", "--git", "HEAD~2..HEAD", "--lang", "it"]);
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

/// A revision that does not check is named as git names its files
/// (`HEAD~1:piano/plan.toml`, with line and column), never by the scratch
/// folder it was read into, in the human and the JSON formats.
#[test]
fn a_broken_revision_is_named_by_revision_and_path() {
    let repo = tempfile::tempdir().unwrap();
    let plan = repo.path().join("piano");
    crate::build::copy_dir(Path::new("tests/fixtures/district"), &plan);
    let toml = plan.join("plan.toml");
    let good = fs::read_to_string(&toml).unwrap();
    fs::write(&toml, format!("{good}\n[plan]\ntitle = \"twice\"\n")).unwrap();
    git(repo.path(), &["init", "-q", "-b", "main"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "broken"]);
    fs::write(&toml, &good).unwrap();
    git(repo.path(), &["commit", "-q", "-am", "fixed"]);
    for (format, expected) in [
        ("human", "--> HEAD~1:piano/plan.toml:"),
        ("json", "\"file\":\"HEAD~1:piano/plan.toml\""),
    ] {
        let out = cmd()
            .current_dir(&plan)
            .args(["diff", "--git", "HEAD~1..HEAD", "--message-format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(expected), "{err}");
        assert!(!err.contains("welfare-plan-diff-"), "{err}");
    }
}

/// Two payments of one year from two annualità of a fund (Fidenza's FNPS
/// 2013: € 50.000 of 2012's and € 180.000 of 2013's) are two figures of
/// the diff: a change to either is seen, named with its annualità.
#[test]
fn payments_of_one_year_from_two_annualita_are_both_compared() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old");
    let new = dir.path().join("new");
    crate::build::copy_dir(Path::new("tests/fixtures/fidenza"), &old);
    crate::build::copy_dir(Path::new("tests/fixtures/fidenza"), &new);
    let (file, text) = fs::read_dir(&new)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let t = fs::read_to_string(&p).unwrap();
            (p, t)
        })
        .find(|(_, t)| t.contains("origin = 2012, funding = { fnps = 50000 }"))
        .unwrap();
    fs::write(
        &file,
        text.replace(
            "origin = 2012, funding = { fnps = 50000 }",
            "origin = 2012, funding = { fnps = 40000 }",
        ),
    )
    .unwrap();
    let out = cmd()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--lang", "it"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("budget fnps liquidato 2013 annualità 2012: € 50.000 → € 40.000 -€ 10.000"),
        "{text}"
    );
    // The year's own payment is unchanged, so it is not listed.
    assert!(!text.contains("liquidato 2013:"), "{text}");
}
