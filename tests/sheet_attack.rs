//! The monitoring round trip attacked as a careless or hostile user would
//! (SPEC 4.9, 5.4): every valid TOML layout takes its values, in its own form;
//! a sheet that cannot be written whole writes nothing.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{check_json, cmd, stderr, stdout};

const PLAN: &str = "[plan]
title = \"Piano di prova\"
authority = \"Ambito di prova\"
start = 2024-01-01
end = 2026-12-31
language = \"en\"
reference_year = 2024

[[fund]]
id = \"fnps\"
name = \"Fondo nazionale per le politiche sociali\"

[[fund]]
id = \"comuni\"
name = \"Quota dei comuni\"

[[area]]
id = \"anziani\"
title = \"Anziani\"
";

/// Cards in `[[activity.budget]]` and `[[activity.progress]]` tables, with
/// dotted funding keys, comments, a BOM and CRLF line ends.
const CARDS: &str = "\u{feff}# Le schede\r
[[activity]]\r
id = \"sad\"\r
area = \"anziani\"\r
title = \"Assistenza domiciliare\"\r
objectives = []\r
\r
[[activity.budget]]\r
year = 2025\r
kind = \"planned\"\r
funding.fnps = 60000 # dal riparto\r
funding.comuni = 20000\r
\r
[[activity.budget]]\r
year = 2025\r
kind = \"actual\"\r
funding.fnps = 1 # da aggiornare\r
\r
[[activity.progress]]\r
year = 2024\r
status = \"done\"\r
\r
[[activity]]\r
id = \"trasporto\"\r
area = \"anziani\"\r
title = \"Trasporto sociale\\nverso i centri diurni\"\r
budget = [\r
  # il preventivo\r
  { year = 2025, kind = \"planned\", funding = { comuni = 9000 } },\r
]\r
\r
[[activity]]\r
id = \"sportello\"\r
area = \"anziani\"\r
title = \"Sportello\"\r
cost = 5000\r
funding = { comuni = 5000 }\r
";

const INDICATORS: &str = "[[indicator]]
id = \"utenti\"
title = \"Persone assistite\"
activity = \"sad\"
targets = [{ year = 2025, value = 100 }]

[[indicator.actuals]]
year = 2024
value = 90

[[indicator]]
id = \"saldo\"
title = \"Saldo migratorio\"
activity = \"sad\"
actuals = [{ year = 2024, value = -3 }]
";

const HEAD: &str =
    "kind;key;title;year;fund;planned_eur;actual_eur;status;users;target;actual_value\n";

fn plan() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    fs::create_dir(&plan).unwrap();
    fs::write(plan.join("plan.toml"), PLAN).unwrap();
    fs::write(plan.join("cards.toml"), CARDS).unwrap();
    fs::write(plan.join("indicators.toml"), INDICATORS).unwrap();
    let (code, diags) = check_json(&plan);
    assert_eq!(code, 0, "{diags:#?}");
    (dir, plan)
}

fn import(plan: &Path, sheet_text: &str) -> std::process::Output {
    let sheet = plan.parent().unwrap().join("sheet.csv");
    fs::write(&sheet, sheet_text).unwrap();
    cmd()
        .args(["monitor", "import", "--message-format", "json"])
        .arg(&sheet)
        .arg(plan)
        .output()
        .unwrap()
}

fn files(plan: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(plan)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_layout_takes_its_values_in_its_own_form() {
    let (_dir, plan) = plan();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(plan.join("cards.toml"), fs::Permissions::from_mode(0o600)).unwrap();
    }
    let o = import(
        &plan,
        &format!(
            "{HEAD}budget;sad;Assistenza domiciliare;2025;fnps;60000;58.750,25;;;;\n\
             budget;sad;Assistenza domiciliare;2025;comuni;20000;20.000;;;;\n\
             budget;trasporto;x;2025;comuni;9000;8.500;;;;\n\
             progress;sad;x;2025;;;;in progress;104.196;;\n\
             indicator;utenti;x;2025;;;;;;100;1.250\n"
        ),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cards = fs::read_to_string(plan.join("cards.toml")).unwrap();
    assert!(cards.starts_with('\u{feff}'), "the BOM stays");
    assert!(
        !cards.replace("\r\n", "").contains('\n'),
        "every line keeps its CRLF:\n{cards:?}"
    );
    // Dotted keys edited in place, the comment kept; a new key the same way.
    assert!(
        cards.contains("kind = \"actual\"\r\nfunding.fnps = \"58750.25\" # da aggiornare\r\nfunding.comuni = 20000\r\n"),
        "{cards}"
    );
    // A new [[activity.progress]] table, after sad's own tables (not trasporto's).
    let sad_end = cards.find("id = \"trasporto\"").unwrap();
    let progress = cards
        .find("year = 2025\r\nstatus = \"in-progress\"\r\nusers = 104196")
        .unwrap();
    assert!(progress < sad_end, "{cards}");
    // A new entry of a multi-line inline array, on its own line, without the comment.
    assert!(
        cards.contains("  { year = 2025, kind = \"planned\", funding = { comuni = 9000 } },\r\n  { year = 2025, kind = \"actual\", funding = { comuni = 8500 } },\r\n]"),
        "{cards}"
    );
    assert_eq!(cards.matches("# il preventivo").count(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(plan.join("cards.toml"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the file's mode is kept");
    }
    let indicators = fs::read_to_string(plan.join("indicators.toml")).unwrap();
    assert!(
        indicators.contains("[[indicator.actuals]]\nyear = 2024\nvalue = 90\n\n[[indicator.actuals]]\nyear = 2025\nvalue = 1250\n"),
        "{indicators}"
    );
    // The same sheet again changes nothing.
    let before = files(&plan);
    let again = import(
        &plan,
        &format!(
            "{HEAD}budget;sad;Assistenza domiciliare;2025;fnps;60000;58.750,25;;;;\n\
             progress;sad;x;2025;;;;in-progress;104196;;\n\
             indicator;utenti;x;2025;;;;;;100;1250\n"
        ),
    );
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(files(&plan), before);
    let (code, diags) = check_json(&plan);
    assert_eq!(code, 0, "{diags:#?}");
}

#[test]
fn the_tools_own_export_imports_back_unchanged() {
    let (_dir, plan) = plan();
    let export = cmd()
        .args(["monitor", "export", "2024"])
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let sheet = stdout(&export);
    // A title with a line break is quoted; a negative number is not guarded.
    assert!(
        sheet.contains("\"Trasporto sociale\nverso i centri diurni\""),
        "{sheet}"
    );
    assert!(sheet.contains(";-3;\n"), "{sheet}");
    let before = files(&plan);
    let o = import(&plan, &sheet);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing new"), "{}", stderr(&o));
    assert_eq!(files(&plan), before);
}

#[test]
fn a_sheet_that_cannot_be_written_whole_writes_nothing() {
    // (sheet rows, the message that names the problem)
    let cases: &[(&str, &str)] = &[
        // An activity whose spending is its `cost`.
        ("budget;sportello;x;2025;comuni;;100;;;;", "cost"),
        // A value the plan could not read back.
        (
            "indicator;utenti;x;2025;;;;;;;99999999999999999999",
            "not a number",
        ),
        // A year outside the plan.
        ("budget;sad;x;1850;fnps;;100;;;;", "not a year of the plan"),
    ];
    for (row, says) in cases {
        let (_dir, plan) = plan();
        let before = files(&plan);
        let o = import(&plan, &format!("{HEAD}{row}\n"));
        assert_eq!(o.status.code(), Some(1), "{row}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{row}: {}", stderr(&o));
        assert_eq!(files(&plan), before, "{row}");
    }
}

#[test]
fn every_bad_cell_of_a_row_is_reported() {
    let (_dir, plan) = plan();
    let o = import(&plan, &format!("{HEAD}budget;sad;x;1850;fnpss;;12x;;;;\n"));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let row = "budget;sad;x;1850;fnpss;;12x;;;;";
    // The year, the fund and the amount: columns where those fields start.
    for field in [3, 4, 6] {
        let column = 1 + row
            .split(';')
            .take(field)
            .map(|f| f.len() + 1)
            .sum::<usize>();
        assert!(
            err.contains(&format!("\"column\":{column},")),
            "{field}: {err}"
        );
    }
    assert_eq!(err.lines().count(), 3, "{err}");
}

#[cfg(unix)]
#[test]
fn a_read_only_file_stops_the_whole_import() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, plan) = plan();
    fs::set_permissions(
        plan.join("indicators.toml"),
        fs::Permissions::from_mode(0o444),
    )
    .unwrap();
    let before = files(&plan);
    let o = import(
        &plan,
        &format!("{HEAD}budget;sad;x;2025;fnps;;100;;;;\nindicator;utenti;x;2025;;;;;;;95\n"),
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    assert_eq!(files(&plan), before, "cards.toml is not written either");
}

#[cfg(unix)]
#[test]
fn names_planted_beside_the_plans_files_are_never_followed() {
    let (dir, plan) = plan();
    let target = dir.path().join("bashrc");
    fs::write(&target, "echo ok\n").unwrap();
    // The old fixed temporary name, and a guess at a new one.
    for name in [
        "cards.toml.welfare-plan-tmp",
        ".cards.toml.welfare-plan-tmp",
    ] {
        std::os::unix::fs::symlink(&target, plan.join(name)).unwrap();
    }
    let o = import(&plan, &format!("{HEAD}budget;sad;x;2025;fnps;;100;;;;\n"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&target).unwrap(), "echo ok\n");
    assert!(
        fs::symlink_metadata(plan.join("cards.toml"))
            .unwrap()
            .file_type()
            .is_file()
    );
}

#[test]
fn export_never_overwrites_a_file_of_the_plan() {
    let (_dir, plan) = plan();
    let before = files(&plan);
    let o = cmd()
        .args(["monitor", "export", "2025"])
        .arg(&plan)
        .arg("--out")
        .arg(plan.join("plan.toml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(files(&plan), before);
}

/// The fund ledger through the sheet (SPEC 7): commitments and payments of
/// an annualità are written as budget entries with their `origin`; a
/// payment above its commitment makes the plan invalid, and nothing is written.
#[test]
fn commitments_and_payments_by_annualita_round_trip() {
    let (_dir, plan) = plan();
    let head =
        "kind;key;title;year;fund;planned_eur;actual_eur;status;users;target;actual_value;origin\n";
    let o = import(
        &plan,
        &format!(
            "{head}committed;trasporto;x;2025;comuni;;9.000;;;;;2024\n\
             paid;trasporto;x;2025;comuni;;4.500;;;;;2024\n\
             committed;trasporto;x;2025;comuni;;3.000;;;;;\n"
        ),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cards = fs::read_to_string(plan.join("cards.toml")).unwrap();
    for line in [
        "{ year = 2025, kind = \"committed\", origin = 2024, funding = { comuni = 9000 } }",
        "{ year = 2025, kind = \"paid\", origin = 2024, funding = { comuni = 4500 } }",
        // Its own year's annualità: no `origin` written.
        "{ year = 2025, kind = \"committed\", funding = { comuni = 3000 } }",
    ] {
        assert!(cards.contains(line), "{line}\n{cards}");
    }
    let before = files(&plan);
    let o = import(
        &plan,
        &format!("{head}paid;trasporto;x;2026;comuni;;4.501;;;;;2024\n"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("paid-above-committed"),
        "{}",
        stderr(&o)
    );
    assert_eq!(files(&plan), before);
}
