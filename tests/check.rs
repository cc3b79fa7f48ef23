//! `check`: one small plan per rule under tests/fixtures/check/, each breaking
//! exactly that rule; the diagnostic must carry the code, file, line and column.

use std::path::{Path, PathBuf};

use crate::common::{check_json, cmd, run, stderr};

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures/check").join(name)
}

/// (fixture, exit code, severity, code, file inside the fixture, line, column)
#[rustfmt::skip]
const RULES: &[(&str, i32, &str, &str, &str, usize, usize)] = &[
    ("toml-syntax", 1, "error", "toml-syntax", "plan.toml", 4, 12),
    ("not-utf8", 1, "error", "not-utf8", "extra.toml", 3, 8),
    ("unknown-key", 1, "error", "unknown-key", "plan.toml", 4, 1),
    ("wrong-type", 1, "error", "wrong-type", "plan.toml", 4, 14),
    ("missing-key", 1, "error", "missing-key", "plan.toml", 5, 1),
    ("invalid-id", 1, "error", "invalid-id", "plan.toml", 6, 6),
    ("duplicate-id", 1, "error", "duplicate-id", "z.toml", 2, 6),
    ("unknown-ref", 1, "error", "unknown-ref", "meetings/2012-11.toml", 4, 9),
    ("funding-mismatch", 1, "error", "funding-mismatch", "plan.toml", 14, 11),
    ("shares-sum", 1, "error", "shares-sum", "plan.toml", 8, 13),
    ("money-negative", 1, "error", "invalid-money", "plan.toml", 7, 9),
    ("money-decimals", 1, "error", "invalid-money", "plan.toml", 7, 9),
    ("money-float-too-large", 1, "error", "invalid-money", "plan.toml", 7, 9),
    ("money-string-exponent", 1, "error", "invalid-money", "plan.toml", 7, 9),
    ("money-total-overflow", 1, "error", "invalid-money", "plan.toml", 18, 8),
    ("budget-total-overflow", 1, "error", "invalid-money", "plan.toml", 14, 55),
    ("sessions-zero", 1, "error", "out-of-range", "plan.toml", 12, 12),
    ("missing-date", 1, "error", "missing-date", "plan.toml", 9, 1),
    ("unknown-outline-entry", 1, "error", "unknown-outline-entry", "plan.toml", 6, 23),
    ("reserved-chapter-id", 1, "error", "reserved-id", "plan.toml", 6, 6),
    ("file-not-found", 1, "error", "file-not-found", "plan.toml", 4, 14),
    ("path-outside-plan", 1, "error", "path-outside-plan", "plan.toml", 4, 14),
    ("misplaced-table", 1, "error", "misplaced-table", "other.toml", 1, 2),
    ("date-order", 1, "error", "date-order", "plan.toml", 5, 7),
    ("missing-reference-year", 1, "error", "missing-reference-year", "plan.toml", 12, 9),
    ("missing-approval", 1, "error", "missing-approval", "plan.toml", 5, 1),
    ("unknown-warning-code", 1, "error", "unknown-warning-code", "plan.toml", 6, 10),
    ("duplicate-key", 1, "error", "duplicate-key", "plan.toml", 13, 1),
    ("index-out-of-range", 1, "error", "out-of-range", "plan.toml", 6, 9),
    ("invalid-choice", 1, "error", "invalid-value", "plan.toml", 6, 17),
    ("nan-integer", 1, "error", "wrong-type", "plan.toml", 4, 14),
    ("integer-overflow", 1, "error", "out-of-range", "plan.toml", 4, 14),
    ("count-too-large", 1, "error", "out-of-range", "plan.toml", 13, 16),
    ("date-in-quotes", 1, "error", "wrong-type", "plan.toml", 4, 9),
    ("date-italian", 1, "error", "wrong-type", "plan.toml", 4, 9),
    ("milestone-without-date", 1, "error", "missing-date", "plan.toml", 5, 1),
    ("recommendation-without-origin", 1, "error", "missing-key", "plan.toml", 5, 1),
    ("unknown-collection", 1, "error", "unknown-key", "plan.toml", 5, 3),
    ("missing-plan-table", 1, "error", "missing-key", "plan.toml", 1, 1),
    ("both-text-and-file", 1, "error", "invalid-value", "plan.toml", 9, 1),
    ("annex-missing", 1, "error", "file-not-found", "plan.toml", 8, 8),
    ("accessibility-not-a-url", 1, "error", "invalid-value", "plan.toml", 6, 17),
    ("duplicate-in-list", 1, "error", "duplicate-id", "plan.toml", 17, 16),
    ("date-and-span", 1, "error", "invalid-value", "plan.toml", 13, 8),
    ("duplicate-target", 1, "error", "duplicate-id", "plan.toml", 10, 14),
    ("deadline-order", 0, "warning", "deadline-order", "plan.toml", 13, 12),
    ("meeting-outside-period", 0, "warning", "meeting-outside-period", "plan.toml", 14, 8),
    ("meeting-after-deadline", 0, "warning", "meeting-after-deadline", "plan.toml", 13, 8),
    ("area-without-activity", 0, "warning", "area-without-activity", "plan.toml", 6, 6),
    ("unrecognised-legal-ref", 0, "warning", "unrecognised-legal-ref", "plan.toml", 12, 29),
    ("legal-ref-without-region", 0, "warning", "legal-ref-without-region", "plan.toml", 12, 13),
    ("placeholder-chapter", 0, "warning", "placeholder-chapter", "plan.toml", 6, 6),
    ("recommendation-without-response", 0, "warning", "recommendation-without-response", "plan.toml", 18, 1),
    // Inside an inline string written verbatim, at the link itself; with
    // escapes the offsets no longer match the file, so at the whole string.
    ("markdown-link-inline", 1, "error", "markdown-link", "plan.toml", 11, 20),
    ("markdown-link-escaped", 1, "error", "markdown-link", "plan.toml", 8, 9),
    ("response-unknown-card", 1, "error", "unknown-ref", "plan.toml", 22, 49),
    // The Piano di Zona (SPEC 4)
    ("istat-code", 1, "error", "invalid-value", "plan.toml", 9, 14),
    ("istat-code-duplicate", 1, "error", "duplicate-id", "plan.toml", 13, 14),
    ("population-mismatch", 0, "warning", "population-mismatch", "plan.toml", 6, 14),
    ("unsigned-municipality", 0, "warning", "unsigned-municipality", "plan.toml", 11, 8),
    ("signature-date", 0, "warning", "signature-date", "plan.toml", 12, 8),
    ("objective-cycle", 1, "error", "objective-cycle", "plan.toml", 10, 10),
    ("objective-depth", 1, "error", "objective-depth", "plan.toml", 29, 10),
    ("cost-and-budget", 1, "error", "invalid-value", "plan.toml", 16, 10),
    ("budget-year-twice", 1, "error", "duplicate-id", "plan.toml", 16, 12),
    ("year-outside-plan", 0, "warning", "year-outside-plan", "plan.toml", 14, 20),
    ("unknown-fund", 1, "error", "unknown-ref", "plan.toml", 18, 56),
    ("fund-overspent", 1, "error", "fund-overspent", "plan.toml", 10, 39),
    ("fund-overspent-actual", 0, "warning", "fund-overspent-actual", "plan.toml", 10, 39),
    ("contact-email", 1, "error", "invalid-value", "plan.toml", 14, 45),
    ("contact-phone", 1, "error", "invalid-value", "plan.toml", 14, 45),
    ("unknown-scheme-code", 1, "error", "unknown-ref", "plan.toml", 19, 18),
    ("unknown-scheme", 1, "error", "unknown-ref", "plan.toml", 14, 11),
    ("unknown-signatory-municipality", 1, "error", "unknown-ref", "plan.toml", 14, 16),
    ("unknown-successor", 1, "error", "unknown-ref", "plan.toml", 9, 15),
    ("staff-fte-zero", 1, "error", "out-of-range", "plan.toml", 8, 7),
    ("paid-above-committed", 1, "error", "paid-above-committed", "plan.toml", 21, 67),
    ("stated-total-mismatch", 1, "error", "stated-total-mismatch", "plan.toml", 25, 10),
    ("date-open-ended", 1, "error", "out-of-range", "plan.toml", 5, 7),
    ("reserved-report-id", 1, "error", "reserved-id", "plan.toml", 6, 6),
    ("indicator-value-not-a-number", 1, "error", "wrong-type", "plan.toml", 15, 35),
];

#[test]
fn every_rule_reports_its_code_at_the_offending_value() {
    let mut failures = Vec::new();
    for &(name, exit, severity, code, file, line, column) in RULES {
        let dir = fixture(name);
        let (status, diags) = check_json(&dir);
        let want_file = format!("{}/{file}", dir.display());
        let found = diags.iter().any(|d| {
            d.severity == severity
                && d.code == code
                && d.file.as_deref() == Some(want_file.as_str())
                && d.line == Some(line)
                && d.column == Some(column)
        });
        if status != exit || !found {
            failures.push(format!(
                "{name}: exit {status} (want {exit}), diagnostics {diags:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_fixture_is_in_the_rule_table() {
    let mut names: Vec<String> = std::fs::read_dir("tests/fixtures/check")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "many-errors")
        .collect();
    names.sort();
    let mut listed: Vec<String> = RULES.iter().map(|r| r.0.to_string()).collect();
    listed.sort();
    assert_eq!(names, listed);
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let dir = fixture("area-without-activity");
    let ok = cmd().arg("check").arg(&dir).output().unwrap();
    assert_eq!(ok.status.code(), Some(0));
    let denied = cmd()
        .args(["check", "--deny-warnings"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn accepted_warnings_are_counted_and_listed_only_when_asked() {
    let out = run(&["check", "--deny-warnings", "examples/parma-2012"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "one line for a clean plan: {err}");
    assert!(err.starts_with("plan OK: "), "{err}");
    assert!(err.contains("accepted by [check] allow"), "{err}");
    let listed = run(&["check", "--show-allowed", "examples/parma-2012"]);
    assert!(stderr(&listed).contains("warning[meeting-after-deadline]"));
    // JSON keeps them, marked, for tools.
    let json = run(&["check", "--message-format", "json", "examples/parma-2012"]);
    assert!(stderr(&json).contains("\"allowed\":true"));
}

#[test]
fn a_date_written_the_italian_way_gets_the_toml_date_in_its_help() {
    let (_, diags) = check_json(&fixture("date-italian"));
    assert_eq!(
        diags[0].help.as_deref(),
        Some("write the date without quotes: 2012-03-01")
    );
}

#[test]
fn all_errors_of_a_run_are_reported_across_files() {
    let (status, diags) = check_json(&fixture("many-errors"));
    assert_eq!(status, 1);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    for code in [
        "funding-mismatch",
        "unknown-ref",
        "toml-syntax",
        "wrong-type",
        "unknown-key",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let files: std::collections::BTreeSet<_> =
        diags.iter().filter_map(|d| d.file.clone()).collect();
    assert!(files.len() >= 4, "{files:?}");
}

#[test]
fn human_diagnostics_snapshot() {
    let out = run(&["check", "tests/fixtures/check/many-errors"]);
    insta::assert_snapshot!("many_errors_human", stderr(&out));
}

#[test]
fn json_diagnostics_snapshot() {
    let out = run(&[
        "check",
        "--message-format",
        "json",
        "tests/fixtures/check/many-errors",
    ]);
    insta::assert_snapshot!("many_errors_json", stderr(&out));
}

#[test]
fn github_annotations_snapshot() {
    let out = run(&[
        "check",
        "--message-format",
        "github",
        "tests/fixtures/check/many-errors",
    ]);
    insta::assert_snapshot!("many_errors_github", stderr(&out));
}

#[test]
fn duplicate_ids_name_both_places() {
    let out = run(&["check", "tests/fixtures/check/duplicate-id"]);
    let text = stderr(&out);
    assert!(text.contains("duplicate-id/z.toml:2:6"), "{text}");
    assert!(text.contains("duplicate-id/plan.toml:6:6"), "{text}");
    assert!(text.contains("first defined here"), "{text}");
}

#[test]
fn unknown_keys_and_refs_suggest_the_close_name() {
    let (_, diags) = check_json(&fixture("unknown-key"));
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `title`?"));
    let (_, diags) = check_json(&fixture("unknown-ref"));
    assert_eq!(
        diags[0].help.as_deref(),
        Some("did you mean `partecipazione-allargata`?")
    );
    // No close name among few: all of them.
    let (_, diags) = check_json(&fixture("many-errors"));
    let zz = diags.iter().find(|d| d.message.contains("`zz`")).unwrap();
    assert_eq!(zz.help.as_deref(), Some("the area ids are `a`"));
    let (_, diags) = check_json(&fixture("unknown-collection"));
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `meeting`?"));
}

#[test]
fn funding_mismatch_shows_both_figures() {
    let (_, diags) = check_json(&fixture("funding-mismatch"));
    assert_eq!(
        diags[0].message,
        "funding of \"T\" adds up to €900.50, but its cost is €1,000"
    );
}

#[test]
fn every_fixture_renders_in_every_format_without_panicking() {
    let mut dirs: Vec<_> = std::fs::read_dir("tests/fixtures/check")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.push("tests/fixtures/build/hostile".into());
    dirs.push("examples/parma-2012".into());
    for dir in dirs {
        for format in ["human", "json", "github"] {
            for color in ["never", "always"] {
                let out = cmd()
                    .args(["check", "--message-format", format, "--color", color])
                    .arg(&dir)
                    .output()
                    .unwrap();
                let code = out.status.code();
                assert!(
                    matches!(code, Some(0..=2)),
                    "{} ({format}, {color}): exit {code:?}\n{}",
                    dir.display(),
                    stderr(&out)
                );
                assert!(!stderr(&out).contains("panicked"), "{}", dir.display());
            }
        }
    }
}

#[test]
fn human_diagnostics_in_italian_snapshot() {
    let out = run(&["--lang", "it", "check", "tests/fixtures/check/many-errors"]);
    insta::assert_snapshot!("many_errors_human_it", stderr(&out));
}

/// Thousands of diagnostics in one file: each snippet costs its own lines
/// (not the file), the human output shows the first ones of the file and
/// counts the rest, JSON lists them all.
#[test]
fn thousands_of_diagnostics_are_shown_in_part_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("[plan]\ntitle = \"T\"\nauthority = \"A\"\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "\n[[area]]\nid = \"a{i}\"\ntitle = \"Area {i}\"\ncolour = \"rosso\"\n"
        ));
    }
    std::fs::write(dir.path().join("plan.toml"), text).unwrap();
    let out = crate::common::cmd()
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err.matches("\nerror[unknown-key]").count()
            + usize::from(err.starts_with("error[unknown-key]")),
        100,
        "{}",
        &err[..2000]
    );
    assert!(
        err.contains("… and 5800 more in"),
        "{}",
        &err[err.len() - 600..]
    );
    // The last snippet shown points at its own line number.
    assert!(err.contains(" --> "), "{}", &err[..500]);
    let (_, diags) = check_json(dir.path());
    assert_eq!(diags.len(), 6000);
}

/// "One mistake, one error" (README): each fixture reports its own code
/// exactly once, and nothing else but the few side effects named here.
#[test]
fn each_fixture_reports_exactly_its_own_mistake() {
    // Fixtures whose smallest plan also leaves an area without activity.
    let side_effects = |name: &str| -> &'static [&'static str] {
        match name {
            "markdown-link-escaped" | "markdown-link-inline" | "missing-plan-table" => {
                &["area-without-activity"]
            }
            // Its signatory names no municipality, so Trecasali has not signed.
            "unknown-signatory-municipality" => &["unsigned-municipality"],
            _ => &[],
        }
    };
    let mut failures = Vec::new();
    for &(name, _, _, code, ..) in RULES {
        let (_, diags) = check_json(&fixture(name));
        let own = diags.iter().filter(|d| d.code == code).count();
        let others: Vec<&str> = diags
            .iter()
            .map(|d| d.code.as_str())
            .filter(|c| *c != code && !side_effects(name).contains(c))
            .collect();
        if own != 1 || !others.is_empty() {
            failures.push(format!("{name}: {own} × {code}, others {others:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
