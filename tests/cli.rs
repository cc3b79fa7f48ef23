//! `init`, `schema` and the common flags.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use crate::common::{cmd, run, stderr, stdout};

/// The `.gitignore` that `init` writes keeps a build's working files out of
/// git for any OUT, as git itself reads it.
#[test]
fn init_gitignore_covers_the_build_working_files_of_any_out() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("nuovo");
    let o = cmd().arg("init").arg(&plan).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(&plan)
            .output()
            .unwrap()
    };
    assert!(git(&["init", "-q"]).status.success());
    for ignored in [
        "build/html/index.html",
        ".build.welfare-plan-lock",
        ".public.welfare-plan-lock",
        ".public.welfare-plan-new-4242/plan.md",
        ".site.welfare-plan-old-7/plan.md",
    ] {
        let o = git(&["check-ignore", "-q", "--no-index", ignored]);
        assert_eq!(o.status.code(), Some(0), "{ignored} is not ignored");
    }
    for kept in ["plan.toml", "welfare-plan.schema.json", "areas/anziani.md"] {
        let o = git(&["check-ignore", "-q", "--no-index", kept]);
        assert_eq!(o.status.code(), Some(1), "{kept} is ignored");
    }
}

#[test]
fn init_creates_a_plan_that_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("nuovo");
    let o = cmd().arg("init").arg(&plan).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        fs::read_to_string(plan.join(".gitignore"))
            .unwrap()
            .contains("/build/")
    );
    let toml = fs::read_to_string(plan.join("plan.toml")).unwrap();
    // Every collection is shown once.
    for c in [
        "[plan]",
        "# [document]",
        "# [process]",
        "# [spending]",
        "# [check]",
        "# [[role]]",
        "# [[body]]",
        "# [[organisation]]",
        "# [[phase]]",
        "# [[area]]",
        "# [[activity]]",
        "# [[table]]",
        "# [[meeting]]",
        "# [[recommendation]]",
        "# [[milestone]]",
        "# [[chapter]]",
        "# [[annex]]",
    ] {
        assert_eq!(toml.lines().filter(|l| l.starts_with(c)).count(), 1, "{c}");
    }
    let o = cmd()
        .args(["check", "--deny-warnings"])
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // And it builds.
    let o = cmd().arg("build").arg(&plan).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let o = cmd().arg("init").arg(dir.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("plan.toml").exists());
}

#[test]
fn uncommenting_init_gives_a_valid_plan_using_every_collection() {
    let dir = tempfile::tempdir().unwrap();
    cmd().arg("init").arg(dir.path()).output().unwrap();
    let toml = fs::read_to_string(dir.path().join("plan.toml")).unwrap();
    let uncommented: String = toml
        .lines()
        .map(|l| {
            l.strip_prefix("# ")
                .filter(|r| r.starts_with('[') || r.contains(" = "))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(dir.path().join("plan.toml"), uncommented).unwrap();
    let (code, diags) = crate::common::check_json(dir.path());
    // Only the files the example names are missing; no key or type is wrong.
    let codes: BTreeSet<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    let expected = [
        "file-not-found",
        "placeholder-chapter",
        "meeting-after-deadline",
    ];
    assert!(codes.iter().all(|c| expected.contains(c)), "{diags:#?}");
    assert_eq!(code, 1);
}

/// Keys of each collection as written in the demo's TOML files.
fn demo_keys() -> BTreeMap<String, BTreeSet<String>> {
    let mut keys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in walkdir::WalkDir::new("examples/demo") {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "toml")
            && !e.path().starts_with("examples/demo/build")
        {
            let table: toml::Table =
                toml::from_str(&fs::read_to_string(e.path()).unwrap()).unwrap();
            for (name, value) in table {
                let entry = keys.entry(name).or_default();
                let tables: Vec<toml::Table> = match value {
                    toml::Value::Table(t) => vec![t],
                    toml::Value::Array(a) => a
                        .into_iter()
                        .filter_map(|v| v.as_table().cloned())
                        .collect(),
                    _ => vec![],
                };
                for t in tables {
                    entry.extend(t.keys().cloned());
                }
            }
        }
    }
    keys
}

#[test]
fn the_schema_and_the_demo_cover_every_key_of_the_format() {
    let out = run(&["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    let demo = demo_keys();
    let collections = schema["properties"].as_object().unwrap();
    assert_eq!(collections.len(), 28);
    for (name, def) in collections {
        let props = def["properties"]
            .as_object()
            .or_else(|| def["items"]["properties"].as_object())
            .unwrap();
        let schema_keys: BTreeSet<String> = props.keys().cloned().collect();
        let mut used = demo.get(name).cloned().unwrap_or_default();
        // [plan] takes `intro` or `intro_file`, not both: the demo's areas show both forms.
        if name == "plan" && used.contains("intro_file") {
            used.insert("intro".into());
        }
        // `[spending.benchmark]` is an array of tables inside [spending].
        assert_eq!(schema_keys, used, "collection `{name}`: schema vs demo");
    }
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let dir = "tests/fixtures/check/unknown-key";
    let always = cmd()
        .args(["check", "--color", "always", dir])
        .output()
        .unwrap();
    assert!(always.stderr.contains(&0x1b));
    let never = cmd()
        .args(["check", "--color", "never", dir])
        .output()
        .unwrap();
    assert!(!never.stderr.contains(&0x1b));
    let auto = cmd()
        .env("NO_COLOR", "1")
        .args(["check", dir])
        .output()
        .unwrap();
    assert!(!auto.stderr.contains(&0x1b));
}

#[test]
fn quiet_shows_errors_only() {
    let o = run(&[
        "check",
        "--quiet",
        "tests/fixtures/check/area-without-activity",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let o = run(&["check", "--quiet", "tests/fixtures/check/unknown-key"]);
    assert!(stderr(&o).contains("error[unknown-key]"));
}

#[test]
fn a_plan_toml_that_is_a_folder_is_named() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("plan.toml")).unwrap();
    let (code, diags) = crate::common::check_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(diags[0].code, "not-a-regular-file");
    assert_eq!(diags[0].line, Some(1));
}

#[test]
fn diagnostics_can_be_read_in_italian() {
    let o = run(&["--lang", "it", "check", "tests/fixtures/check/unknown-ref"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stderr(&o);
    assert!(
        text.contains(
            "error[unknown-ref]: meeting si riferisce a phase `partecipazione`, che non esiste"
        ),
        "{text}"
    );
    assert!(
        text.contains("forse intendevi `partecipazione-allargata`?"),
        "{text}"
    );
    assert!(text.contains("1 errori, 0 avvisi"), "{text}");
    // English by default, codes unchanged in both.
    let o = run(&["check", "tests/fixtures/check/unknown-ref"]);
    assert!(stderr(&o).contains("meeting refers to unknown phase `partecipazione`"));
}

#[test]
fn the_committed_schema_file_is_the_one_the_decoder_describes() {
    // Examples point editors at schema/welfare-plan.schema.json: it must not drift.
    let out = run(&["schema"]);
    let committed = std::fs::read_to_string("schema/welfare-plan.schema.json").unwrap();
    assert_eq!(
        stdout(&out),
        committed,
        "run `cargo run -- schema > schema/welfare-plan.schema.json`"
    );
}

#[test]
fn the_schema_describes_types_ranges_choices_and_nested_tables() {
    let schema: serde_json::Value = serde_json::from_str(&stdout(&run(&["schema"]))).unwrap();
    let meeting = &schema["properties"]["meeting"]["items"];
    assert_eq!(meeting["properties"]["sessions"]["minimum"], 1);
    assert_eq!(meeting["properties"]["date"]["format"], "date");
    assert_eq!(meeting["properties"]["phase"]["$ref"], "#/definitions/id");
    let required: Vec<&str> = meeting["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["title", "phase"]);
    let rec = &schema["properties"]["recommendation"]["items"]["properties"]["kind"];
    assert_eq!(
        rec["enum"],
        serde_json::json!(["content", "method", "organisation"])
    );
    let benchmark = &schema["properties"]["spending"]["properties"]["benchmark"]["items"];
    assert_eq!(
        benchmark["properties"]["per_capita"]["$ref"],
        "#/definitions/money"
    );
    let outline = &schema["properties"]["document"]["properties"]["outline"]["items"]["oneOf"][1];
    assert_eq!(outline["required"], serde_json::json!(["id"]));
    // Money strings are digits with an optional dot and one or two decimals (SPEC 2.13).
    let pattern = schema["definitions"]["money"]["oneOf"][2]["pattern"]
        .as_str()
        .unwrap();
    let re = regex::Regex::new(pattern).unwrap();
    for ok in ["0", "1234", "1234.5", "1234.56"] {
        assert!(re.is_match(ok), "{ok}");
    }
    for bad in ["1_000", "1e5", "+5", " 12", ".5", "1.234"] {
        assert!(!re.is_match(bad), "{bad}");
    }
}

#[test]
fn a_failed_write_to_stdout_is_an_error_but_a_closed_pipe_is_not() {
    for args in [
        &["schema"][..],
        &["summary", "examples/demo"],
        &["summary", "examples/demo", "--format", "json"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("welfare-plan"))
            .args(args)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("io-error"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // A reader that stops early (`| head -c 1`) closes the pipe: not a failure.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("welfare-plan"))
        .args(["schema"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn completions_and_the_manual_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        for sub in ["check", "build", "summary", "diff", "monitor"] {
            assert!(script.contains(sub), "{shell}: {sub}");
        }
    }
    let man = run(&["man"]);
    assert_eq!(man.status.code(), Some(0));
    let page = stdout(&man);
    assert!(page.contains(".TH welfare-plan 1"), "{page}");
    assert!(page.contains("monitor"), "{page}");
    let bad = run(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// docs/format.md (generated by scripts/docs/format.py) names every key of
/// every collection the schema has, and no other: the reference a user
/// reads is the format the decoder reads.
#[test]
fn the_format_reference_and_the_schema_name_the_same_keys() {
    let out = run(&["schema"]);
    let schema: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut from_schema: BTreeSet<String> = BTreeSet::new();
    for (name, def) in schema["properties"].as_object().unwrap() {
        let item = def.get("items").unwrap_or(def);
        for key in item["properties"].as_object().unwrap().keys() {
            from_schema.insert(format!("{name}.{key}"));
        }
    }
    let doc = fs::read_to_string("docs/format.md").unwrap();
    let mut from_doc: BTreeSet<String> = BTreeSet::new();
    let mut collection = String::new();
    for line in doc.lines() {
        if let Some(rest) = line.strip_prefix("## `") {
            collection = rest
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap()
                .to_string();
        } else if let Some(rest) = line.strip_prefix("| `") {
            let key = rest.split('`').next().unwrap();
            from_doc.insert(format!("{collection}.{key}"));
        }
    }
    assert_eq!(
        from_doc, from_schema,
        "run `python3 scripts/docs/format.py` after changing the format"
    );
}

/// No link of the README or of docs/ leaves the repository: a user who
/// clones it has everything they point to.
#[test]
fn the_documentation_links_nothing_outside_the_repository() {
    let mut pages = vec![std::path::PathBuf::from("README.md")];
    for e in fs::read_dir("docs").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            pages.push(p);
        }
    }
    for page in pages {
        let text = fs::read_to_string(&page).unwrap();
        let base = page.parent().unwrap();
        for (i, _) in text.match_indices("](") {
            let target = text[i + 2..].split(')').next().unwrap();
            if target.starts_with("http")
                || target.starts_with('#')
                || target.starts_with("mailto:")
            {
                continue;
            }
            let path = base.join(target.split('#').next().unwrap());
            assert!(
                path.exists(),
                "{}: link to {target}, which is not in the repository",
                page.display()
            );
            let real = path.canonicalize().unwrap();
            let root = std::path::Path::new(".").canonicalize().unwrap();
            assert!(
                real.starts_with(&root),
                "{}: {target} leaves the repository",
                page.display()
            );
        }
    }
}

/// docs/open-data.md is the description of the open data a build writes
/// (the demo's `data/README.md`).
#[test]
fn the_open_data_reference_is_what_a_build_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = cmd()
        .args(["build", "examples/demo", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(out.join("data/README.md")).unwrap(),
        fs::read_to_string("docs/open-data.md").unwrap(),
        "copy the demo build's data/README.md to docs/open-data.md"
    );
}

/// The lines the README and docs/commands.md quote for a clean `check` and
/// `build` of the Parma example are the ones the tool prints.
#[test]
fn the_quoted_output_of_check_and_build_is_true() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("examples/parma-2012");
    crate::build::copy_dir(std::path::Path::new("examples/parma-2012"), &plan);
    let _ = fs::remove_dir_all(plan.join("build"));
    let run_here = |verb: &str| {
        let o = cmd()
            .current_dir(dir.path())
            .args([verb, "examples/parma-2012"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stderr(&o).trim_end().to_string()
    };
    let checked = run_here("check");
    let built = run_here("build");
    for doc in ["README.md", "docs/commands.md"] {
        // The quoted lines, as written (folded over lines in the source).
        let text = fs::read_to_string(doc).unwrap().replace('\n', " ");
        // The quoted example (`plan OK: …` elsewhere names the line's kind).
        let quoted = |start: &str| {
            text.split('`')
                .skip(1)
                .step_by(2)
                .find(|q| q.starts_with(start) && !q.contains('…'))
                .unwrap_or_else(|| panic!("{doc}: {start}"))
                .to_string()
        };
        assert_eq!(quoted("plan OK:"), checked, "{doc}");
        assert_eq!(quoted("wrote "), built, "{doc}");
    }
}
