//! `explain`: every code has its prose in both languages and a wrong and a
//! fixed example; each example is written to disk and run for real — the
//! wrong one must report its code, the fixed one must run and check clean.

use std::fs;
use std::path::Path;

use welfare_plan::diag::CODES;
use welfare_plan::explain::{Example, ExampleFile, case};

use crate::common::{cmd, stderr, stdout};

/// Codes whose wrong example this machine cannot always produce: an encoder
/// failure is a bug with no input that triggers it, and permissions do not
/// stop root from reading a file.
fn reproducible(code: &str) -> bool {
    match code {
        "encode-error" => false,
        // SAFETY: geteuid has no preconditions and cannot fail.
        "unreadable" => (unsafe { libc::geteuid() }) != 0,
        _ => true,
    }
}

/// Writes the example's files under `root/plan` and returns the plan folder.
fn write_example(root: &Path, example: &Example) -> std::path::PathBuf {
    let plan = root.join("plan");
    fs::create_dir_all(&plan).unwrap();
    for (path, file) in &example.files {
        let target = plan.join(path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        match file.bytes() {
            Some(bytes) => fs::write(&target, bytes).unwrap(),
            None => fs::create_dir_all(&target).unwrap(),
        }
        if matches!(file, ExampleFile::Unreadable(_)) {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&target, fs::Permissions::from_mode(0o000)).unwrap();
        }
    }
    plan
}

/// Runs the example's command in its plan folder; its diagnostics as JSON
/// lines, without the warnings the plan accepts.
fn run(plan: &Path, example: &Example) -> (i32, Vec<serde_json::Value>, String) {
    let out = cmd()
        .current_dir(plan)
        .args(&example.run)
        .args(["--message-format", "json"])
        .output()
        .unwrap();
    let diags = stderr(&out)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d["allowed"] != true)
        .collect();
    (out.status.code().unwrap(), diags, stderr(&out))
}

fn needs_met(example: &Example) -> bool {
    match example.needs.as_deref() {
        None => true,
        Some("chromium") => {
            let found = welfare_plan::write::pdf::find_browser(
                None,
                &std::env::var_os("PATH").unwrap_or_default(),
            )
            .is_ok();
            assert!(
                found || std::env::var_os("WELFARE_PLAN_REQUIRE_CHROMIUM").is_none(),
                "WELFARE_PLAN_REQUIRE_CHROMIUM is set but no chromium"
            );
            found
        }
        Some(other) => panic!("unknown need {other}"),
    }
}

#[test]
fn every_example_file_belongs_to_a_code() {
    // The other way round is the compiler's: CODES embeds each code's file.
    let mut files: Vec<String> = fs::read_dir("src/explain/examples")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut codes: Vec<String> = CODES.iter().map(|c| format!("{}.toml", c.code)).collect();
    codes.sort();
    assert_eq!(files, codes);
}

#[test]
fn every_code_is_explained_in_both_languages() {
    for info in CODES {
        for lang in [welfare_plan::i18n::Lang::En, welfare_plan::i18n::Lang::It] {
            for part in ["title", "means", "why"] {
                let key = format!("explain.{}.{part}", info.code);
                let text = welfare_plan::i18n::text(lang, &key);
                assert!(
                    text != key && text.len() > 10,
                    "{key} in {lang:?}: {text:?}"
                );
            }
        }
    }
}

#[test]
fn every_wrong_example_reports_its_code_and_every_fixed_one_checks_clean() {
    let mut failures = Vec::new();
    for info in CODES {
        let code = info.code;
        let case = case(code)
            .unwrap()
            .unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_ne!(
            case.wrong, case.fixed,
            "{code}: the two halves are the same"
        );

        if reproducible(code) && needs_met(&case.wrong) {
            let dir = tempfile::tempdir().unwrap();
            let plan = write_example(dir.path(), &case.wrong);
            let (status, diags, err) = run(&plan, &case.wrong);
            if !diags.iter().any(|d| d["code"] == code) {
                failures.push(format!("{code}: wrong example did not report it:\n{err}"));
            }
            let expected = info.exit as i32;
            if status != expected {
                failures.push(format!(
                    "{code}: wrong example exited {status}, not {expected}"
                ));
            }
        }

        if needs_met(&case.fixed) {
            let dir = tempfile::tempdir().unwrap();
            let plan = write_example(dir.path(), &case.fixed);
            let (status, diags, err) = run(&plan, &case.fixed);
            if status != 0 || !diags.is_empty() {
                failures.push(format!("{code}: fixed example exited {status}:\n{err}"));
                continue;
            }
            let (status, diags, err) = run(
                &plan,
                &Example {
                    run: vec!["check".into(), ".".into()],
                    ..case.fixed.clone()
                },
            );
            if status != 0 || !diags.is_empty() {
                failures.push(format!(
                    "{code}: fixed example does not check clean:\n{err}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn explain_prints_the_prose_and_both_examples_in_the_readers_language() {
    let out = cmd().args(["explain", "unknown-ref"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("explain_unknown_ref_en", stdout(&out));
    let out = cmd()
        .args(["explain", "unknown-ref", "--lang", "it"])
        .output()
        .unwrap();
    insta::assert_snapshot!("explain_unknown_ref_it", stdout(&out));
}

#[test]
fn explain_alone_lists_every_code_and_an_unknown_code_is_a_usage_error() {
    let out = cmd().arg("explain").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let listed: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_owned())
        .collect();
    let codes: Vec<String> = CODES.iter().map(|c| c.code.to_owned()).collect();
    assert_eq!(listed, codes);

    let out = cmd().args(["explain", "unknown-reff"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("error[usage]: no diagnostic has the code `unknown-reff`"),
        "{err}"
    );
    assert!(err.contains("did you mean `unknown-ref`?"), "{err}");
}

#[test]
fn human_diagnostics_end_with_the_explain_line() {
    let out = cmd()
        .args(["check", "tests/fixtures/check/unknown-ref"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(
        err.lines().last(),
        Some("for more on a code, run `welfare-plan explain CODE` (unknown-ref)"),
        "{err}"
    );
}
