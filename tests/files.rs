//! Reading the plan folder: what is read, what is skipped, and every bad file
//! (symlinks, FIFOs, huge or non-UTF-8 files, loops) gets a located error, never a panic.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use crate::common::{check_json, cmd, run, stderr, stdout};

const PLAN: &str = "[plan]\ntitle = \"T\"\nauthority = \"Comune\"\n";

fn plan_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("plan.toml"), PLAN).unwrap();
    dir
}

/// (code, file name, line) of a diagnostic.
type Row = (String, Option<String>, Option<usize>);

fn codes(dir: &Path) -> (i32, Vec<Row>) {
    let (status, diags) = check_json(dir);
    let rows = diags
        .into_iter()
        .map(|d| {
            let file = d
                .file
                .map(|f| f.rsplit('/').next().unwrap_or("").to_string());
            (d.code, file, d.line)
        })
        .collect();
    (status, rows)
}

#[test]
fn a_folder_without_plan_toml_is_not_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let out = cmd().arg("check").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a plan directory"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains(&dir.path().display().to_string()));
}

#[test]
fn a_missing_plan_dir_exits_2() {
    let out = run(&["check", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no/such/folder"));
    let out = run(&["summary", "no/such/folder", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        run(&["check", "--message-format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn a_symlinked_toml_file_is_an_error_naming_it() {
    let dir = plan_dir();
    let outside = tempfile::NamedTempFile::new().unwrap();
    fs::write(outside.path(), "[[area]]\nid = \"a\"\ntitle = \"A\"\n").unwrap();
    symlink(outside.path(), dir.path().join("areas.toml")).unwrap();
    let (status, rows) = codes(dir.path());
    assert_eq!(status, 1);
    assert!(
        rows.contains(&(
            "not-a-regular-file".into(),
            Some("areas.toml".into()),
            Some(1)
        )),
        "{rows:?}"
    );
}

#[test]
fn markdown_behind_a_symlink_pointing_outside_is_refused() {
    let dir = plan_dir();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), "secret").unwrap();
    symlink(outside.path(), dir.path().join("text")).unwrap();
    fs::write(
        dir.path().join("plan.toml"),
        format!("{PLAN}intro_file = \"text/secret.md\"\n"),
    )
    .unwrap();
    let (status, rows) = codes(dir.path());
    assert_eq!(status, 1);
    assert!(
        rows.contains(&(
            "path-outside-plan".into(),
            Some("plan.toml".into()),
            Some(4)
        )),
        "{rows:?}"
    );
}

#[test]
fn folder_symlink_loops_do_not_hang() {
    let dir = plan_dir();
    fs::create_dir(dir.path().join("a")).unwrap();
    symlink("..", dir.path().join("a/loop")).unwrap();
    symlink("loop2", dir.path().join("a/loop1.toml")).unwrap();
    symlink("loop1.toml", dir.path().join("a/loop2")).unwrap();
    let (status, rows) = codes(dir.path());
    assert_eq!(status, 1, "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r.0 == "not-a-regular-file" && r.1.as_deref() == Some("loop1.toml")),
        "{rows:?}"
    );
}

#[test]
fn a_fifo_is_an_error_not_a_hang() {
    let dir = plan_dir();
    let fifo = dir.path().join("pipe.toml");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(ok.success());
    let (status, rows) = codes(dir.path());
    assert_eq!(status, 1);
    assert!(
        rows.contains(&(
            "not-a-regular-file".into(),
            Some("pipe.toml".into()),
            Some(1)
        )),
        "{rows:?}"
    );
}

#[test]
fn files_over_16_mib_are_refused() {
    let dir = plan_dir();
    let big = fs::File::create(dir.path().join("big.toml")).unwrap();
    big.set_len(16 * 1024 * 1024 + 1).unwrap();
    let (status, rows) = codes(dir.path());
    assert_eq!(status, 1);
    assert!(
        rows.contains(&("file-too-large".into(), Some("big.toml".into()), Some(1))),
        "{rows:?}"
    );
}

#[test]
fn non_utf8_markdown_names_the_line_of_the_first_bad_byte() {
    let dir = plan_dir();
    fs::write(
        dir.path().join("intro.md"),
        b"ok\nstill ok\nbad \xff here\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("plan.toml"),
        format!("{PLAN}intro_file = \"intro.md\"\n"),
    )
    .unwrap();
    let (status, diags) = check_json(dir.path());
    assert_eq!(status, 1);
    let d = diags
        .iter()
        .find(|d| d.code == "not-utf8")
        .expect("not-utf8 reported");
    assert!(d.file.as_deref().unwrap().ends_with("intro.md"));
    assert_eq!((d.line, d.column), (Some(3), Some(5)));
    assert!(d.message.contains("line 3"));
}

#[test]
fn crlf_reads_as_lf_and_positions_stay_right() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("plan.toml"),
        PLAN.replace('\n', "\r\n") + "titel = \"x\"\r\n",
    )
    .unwrap();
    let (status, diags) = check_json(dir.path());
    assert_eq!(status, 1);
    assert_eq!(
        (diags[0].code.as_str(), diags[0].line, diags[0].column),
        ("unknown-key", Some(4), Some(1))
    );
}

#[test]
fn skipped_folders_are_not_read() {
    let dir = plan_dir();
    let broken = "this is not toml";
    for skipped in [
        ".git",
        "templates",
        "target",
        "build",
        "nested",
        "other/.hidden",
    ] {
        fs::create_dir_all(dir.path().join(skipped)).unwrap();
        fs::write(dir.path().join(skipped).join("x.toml"), broken).unwrap();
    }
    fs::write(dir.path().join(".hidden.toml"), broken).unwrap();
    fs::write(dir.path().join("build/.welfare-plan-build"), "").unwrap();
    fs::write(dir.path().join("nested/plan.toml"), PLAN).unwrap();
    let (status, rows) = codes(dir.path());
    // templates/x.toml is not plan data; it only overrides no template.
    assert_eq!(
        (status, rows),
        (
            0,
            vec![("unused-template".into(), Some("x.toml".into()), Some(1))]
        )
    );
    // A folder that is none of those is read.
    fs::create_dir(dir.path().join("areas")).unwrap();
    fs::write(dir.path().join("areas/x.toml"), broken).unwrap();
    let (status, rows) = codes(dir.path());
    assert_eq!(status, 1);
    assert_eq!(rows[0].0, "toml-syntax");
}

#[test]
fn control_characters_from_the_plan_are_escaped_in_diagnostics() {
    let dir = plan_dir();
    fs::write(
        dir.path().join("plan.toml"),
        format!("{PLAN}\n[[area]]\nid = \"a\\u001b[31mred\"\ntitle = \"A\"\n"),
    )
    .unwrap();
    for format in ["human", "json", "github"] {
        let out = cmd()
            .args(["check", "--message-format", format])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            !out.stderr.contains(&0x1b),
            "{format}: raw ESC in {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("\\u{1b}"),
            "{format}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn files_are_read_in_sorted_path_order() {
    let dir = plan_dir();
    // "a-b.toml" sorts before "a/x.toml" byte-wise ('-' < '/'), though a walk would visit "a/" first.
    fs::create_dir(dir.path().join("a")).unwrap();
    fs::write(
        dir.path().join("a/x.toml"),
        "[[area]]\nid = \"dup\"\ntitle = \"second\"\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("a-b.toml"),
        "[[area]]\nid = \"dup\"\ntitle = \"first\"\n",
    )
    .unwrap();
    let (_, diags) = check_json(dir.path());
    let d = diags.iter().find(|d| d.code == "duplicate-id").unwrap();
    assert!(d.file.as_deref().unwrap().ends_with("a/x.toml"), "{d:?}");
}

#[test]
fn a_file_name_that_is_not_utf8_is_named() {
    use std::os::unix::ffi::OsStrExt;
    let dir = plan_dir();
    let name = std::ffi::OsStr::from_bytes(b"bad\xff.toml");
    fs::write(dir.path().join(name), "[[area]]\n").unwrap();
    let (status, diags) = check_json(dir.path());
    assert_eq!(status, 1);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, "not-utf8");
    assert!(diags[0].message.contains("name"));
    // Named relative to the current directory, at a line: never an absolute path or no place.
    let file = diags[0].file.as_deref().unwrap();
    assert!(file.ends_with("/bad\u{fffd}.toml"), "{file}");
    assert_eq!(diags[0].line, Some(1));
}

#[test]
fn every_broken_template_override_is_named_at_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path();
    fs::write(
        plan.join("plan.toml"),
        "[plan]\ntitle = \"T\"\nauthority = \"A\"\n",
    )
    .unwrap();
    let t = plan.join("templates/html");
    fs::create_dir_all(&t).unwrap();
    fs::write(t.join("index.html.j2"), b"\xff\xfe not text").unwrap();
    symlink("/etc/hostname", t.join("area.html.j2")).unwrap();
    fs::write(t.join("section.html.j2"), vec![b' '; 17 * 1024 * 1024]).unwrap();
    let fifo = t.join("print.html.j2");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (status, diags) = check_json(plan);
    assert_eq!(status, 1);
    let want = [
        ("area.html.j2", "not-a-regular-file"),
        ("index.html.j2", "not-utf8"),
        ("print.html.j2", "not-a-regular-file"),
        ("section.html.j2", "file-too-large"),
    ];
    for (name, code) in want {
        assert!(
            diags.iter().any(|d| d.code == code
                && d.line == Some(1)
                && d.file
                    .as_deref()
                    .is_some_and(|f| f.ends_with(&format!("templates/html/{name}")))),
            "{name}: {diags:#?}"
        );
    }
    // Two overrides that include each other: reported at the override, briefly.
    for name in [
        "index.html.j2",
        "area.html.j2",
        "section.html.j2",
        "print.html.j2",
    ] {
        fs::remove_file(t.join(name)).unwrap();
    }
    let md = plan.join("templates/md");
    fs::create_dir_all(&md).unwrap();
    fs::write(
        md.join("participation.md.j2"),
        "{% include \"md/plan.md.j2\" %}\n",
    )
    .unwrap();
    fs::write(
        md.join("plan.md.j2"),
        "{% include \"md/participation.md.j2\" %}\n",
    )
    .unwrap();
    let (status, diags) = check_json(plan);
    assert_eq!(status, 1);
    assert!(!diags.is_empty());
    for d in &diags {
        assert_eq!(d.code, "template-error");
        assert!(
            d.file.as_deref().unwrap().contains("templates/md/"),
            "{d:?}"
        );
        assert_eq!(d.line, Some(1));
        assert!(d.message.len() < 1000, "{}", d.message.len());
    }
}

#[test]
fn control_characters_in_file_names_never_reach_the_log_raw() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("plan.toml"),
        "[plan]\ntitle = \"T\"\nauthority = \"A\"\n",
    )
    .unwrap();
    // A newline followed by a workflow command, and an ESC sequence.
    let name = "x\n::error file=forged::forged \u{1b}[31mred.toml";
    fs::write(dir.path().join(name), "broken = [\n").unwrap();
    for format in ["human", "github", "json"] {
        let out = cmd()
            .args(["check", "--message-format", format])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let err = stderr(&out);
        assert!(!err.contains('\u{1b}'), "{format}: raw ESC in {err}");
        assert!(
            !err.lines().any(|l| l.starts_with("::error file=forged")),
            "{format}: forged annotation in {err}"
        );
        assert!(err.contains("toml-syntax"), "{format}: {err}");
    }
}

/// Runs the binary as an unprivileged user when the tests run as root (root
/// reads any folder), so that permissions mean what they say.
fn run_unprivileged(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let exe = assert_cmd::cargo::cargo_bin!("welfare-plan");
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let mut c = if is_root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        c.arg(exe);
        c
    } else {
        std::process::Command::new(exe)
    };
    c.args(args)
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C")
        .output()
        .unwrap()
}

#[test]
fn a_plan_folder_that_cannot_be_read_is_a_usage_error_saying_so() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    fs::set_permissions(parent.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let plan = parent.path().join("plan");
    fs::create_dir(&plan).unwrap();
    fs::write(
        plan.join("plan.toml"),
        "[plan]\ntitle = \"T\"\nauthority = \"A\"\n",
    )
    .unwrap();
    // Not readable at all, and listable but with entries that cannot be looked at.
    for mode in [0o000, 0o444] {
        fs::set_permissions(&plan, fs::Permissions::from_mode(mode)).unwrap();
        let out = run_unprivileged(&["check".as_ref(), plan.as_os_str()]);
        fs::set_permissions(&plan, fs::Permissions::from_mode(0o755)).unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{mode:o}: {err}");
        assert!(
            err.contains("cannot read plan directory"),
            "{mode:o}: {err}"
        );
        assert!(!err.contains("no plan.toml"), "{mode:o}: {err}");
    }
}
