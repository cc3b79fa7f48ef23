//! The monitoring sheet round trip (SPEC 5.4): export, fill as a spreadsheet
//! would (Italian amounts), import, rebuild; errors located and writing
//! nothing; a second import changing nothing; comments and layout kept.

use std::fs;
use std::path::Path;

use crate::common::{cmd, stderr, stdout};

fn plan_copy(from: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    crate::build::copy_dir(Path::new(from), &plan);
    (dir, plan)
}

/// Fills cells of the `;`-separated sheet: (kind, key, fund, column, value).
fn fill(sheet: &str, cells: &[(&str, &str, &str, usize, &str)]) -> String {
    sheet
        .lines()
        .map(|line| {
            let mut c: Vec<String> = line.split(';').map(str::to_string).collect();
            for (kind, key, fund, col, value) in cells {
                if c.len() == 12
                    && c[0] == *kind
                    && c[1] == *key
                    && (fund.is_empty() || c[4] == *fund)
                {
                    c[*col] = value.to_string();
                }
            }
            c.join(";")
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The 1-based column where field `index` of a `;`-separated row starts.
fn column_of(row: &str, index: usize) -> usize {
    1 + row
        .split(';')
        .take(index)
        .map(|f| f.chars().count() + 1)
        .sum::<usize>()
}

fn snapshot_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().display().to_string(), fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn export_fill_import_and_rebuild_the_demo() {
    let (dir, plan) = plan_copy("examples/demo");
    let sheet_path = dir.path().join("monitoraggio-2025.csv");
    let export = cmd()
        .args(["monitor", "export", "2025"])
        .arg(&plan)
        .arg("--out")
        .arg(&sheet_path)
        .output()
        .unwrap();
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let sheet = fs::read_to_string(&sheet_path).unwrap();
    // The demo is an Italian plan: an Italian head, row kinds and statuses.
    assert!(sheet.starts_with(
        "tipo;chiave;titolo;anno;fondo;previsto_eur;consuntivo_eur;stato;utenti;atteso;valore_consuntivo;annualita\n"
    ));
    assert!(
        sheet.contains(
            "spesa;sad-potenziato;Assistenza domiciliare potenziata;2025;fna;125000;;;;;"
        ),
        "{sheet}"
    );

    // A wrong cell first: refused, named by row and column, nothing written.
    let before = snapshot_of(&plan);
    let wrong = fill(
        &sheet,
        &[
            ("spesa", "sad-potenziato", "fna", 6, "12x"),
            ("spesa", "sad-potenziato", "comuni", 6, "60.000"),
        ],
    );
    fs::write(&sheet_path, &wrong).unwrap();
    let refused = cmd()
        .args(["monitor", "import", "--message-format", "json"])
        .arg(&sheet_path)
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let err = stderr(&refused);
    let row = wrong.lines().nth(1).unwrap();
    let column = column_of(row, 6);
    assert!(
        err.contains("\"line\":2")
            && err.contains(&format!("\"column\":{column},"))
            && err.contains("12x"),
        "{err}"
    );
    assert_eq!(
        snapshot_of(&plan),
        before,
        "a sheet with an error writes nothing"
    );

    // Fixed: Italian amounts, a status and users, an indicator's actual.
    let fixed = fill(
        &sheet,
        &[
            ("spesa", "sad-potenziato", "fna", 6, "124.300,50"),
            ("spesa", "sad-potenziato", "comuni", 6, "60.000"),
            ("avanzamento", "housing-first", "", 7, "in corso"),
            ("avanzamento", "housing-first", "", 8, "1.250"),
            ("indicatore", "attesa-sad", "", 10, "14,5"),
        ],
    );
    fs::write(&sheet_path, &fixed).unwrap();
    let imported = cmd()
        .args(["monitor", "import", "--lang", "it"])
        .arg(&sheet_path)
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(imported.status.code(), Some(0), "{}", stderr(&imported));
    let changes = stdout(&imported);
    assert!(
        changes.contains("budget fna effettivo 2025: n.d. → € 124.300,50"),
        "{changes}"
    );
    let cards = fs::read_to_string(plan.join("cards.toml")).unwrap();
    assert!(
        cards.contains("  { year = 2025, kind = \"actual\", funding = { fna = \"124300.50\", comuni = 60000 } },\n"),
        "{cards}"
    );
    // Only the new values changed: the rest of every file is as it was.
    let after = snapshot_of(&plan);
    let changed: Vec<&String> = after
        .iter()
        .zip(&before)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| &a.0)
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");

    // The same sheet again: nothing to change.
    let again = cmd()
        .args(["monitor", "import"])
        .arg(&sheet_path)
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(snapshot_of(&plan), after, "importing twice changes nothing");

    // The build now has the 2025 monitoring report, with the imported figures.
    let out = dir.path().join("build");
    let b = cmd()
        .arg("build")
        .arg(&plan)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(b.status.code(), Some(0), "{}", stderr(&b));
    let report = fs::read_to_string(out.join("monitoring-2025.md")).unwrap();
    assert!(
        report.contains(
            "| Assistenza domiciliare potenziata | € 185.000 | € 184.300,50 | -€ 699,50 | 99,6% |"
        ),
        "{report}"
    );
}

#[test]
fn every_cell_is_checked_with_its_place() {
    let (dir, plan) = plan_copy("tests/fixtures/monitor");
    let sheet = dir.path().join("s.csv");
    let header =
        "kind;key;title;year;fund;planned_eur;actual_eur;status;users;target;actual_value\n";
    // (row, the field at fault)
    let cases: &[(&str, usize)] = &[
        ("budget;sda;x;2025;fnps;;100;;;;", 1), // unknown key (did you mean sad)
        ("budget;sad;x;2025;fnpss;;100;;;;", 4), // unknown fund
        ("budget;sad;x;2031;fnps;;100;;;;", 3), // year outside the plan
        ("progress;sad;x;2025;;;;finito;;;", 7), // not a status
        ("progress;sad;x;2025;;;;done;molti;;", 8), // not a number of users
        ("indicator;utenti;x;2025;;;;;;100;tanti", 10), // not a number
        ("riga;sad;x;2025;;;;;;;", 0),          // unknown kind
    ];
    let before = snapshot_of(&plan);
    for (row, field) in cases {
        let column = column_of(row, *field);
        fs::write(&sheet, format!("{header}{row}\n")).unwrap();
        let o = cmd()
            .args(["monitor", "import", "--message-format", "json"])
            .arg(&sheet)
            .arg(&plan)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{row}");
        let err = stderr(&o);
        assert!(
            err.contains("\"code\":\"monitor-sheet\"")
                && err.contains("\"line\":2")
                && err.contains(&format!("\"column\":{column},")),
            "{row}: {err}"
        );
    }
    // A duplicate row, and a sheet whose header is not the sheet's.
    fs::write(
        &sheet,
        format!("{header}budget;sad;x;2025;fnps;;1;;;;\nbudget;sad;x;2025;fnps;;2;;;;\n"),
    )
    .unwrap();
    let o = cmd()
        .args(["monitor", "import"])
        .arg(&sheet)
        .arg(&plan)
        .output()
        .unwrap();
    assert!(stderr(&o).contains("on line 2 already"), "{}", stderr(&o));
    fs::write(&sheet, "kind;key;colore\n").unwrap();
    let o = cmd()
        .args(["monitor", "import"])
        .arg(&sheet)
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(snapshot_of(&plan), before);
}

#[test]
fn comments_key_order_and_layout_survive_an_import() {
    let (dir, plan) = plan_copy("tests/fixtures/monitor");
    let sheet = dir.path().join("s.csv");
    fs::write(
        &sheet,
        "kind;key;title;year;fund;planned_eur;actual_eur;status;users;target;actual_value\n\
         budget;sad;Assistenza domiciliare;2025;fnps;60000;58.750,25;;;;\n\
         progress;sad;Assistenza domiciliare;2025;;;;in-progress;41;;\n\
         indicator;utenti;Persone assistite;2025;;;;;;100;103\n",
    )
    .unwrap();
    let o = cmd()
        .args(["monitor", "import"])
        .arg(&sheet)
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!(
        "edited_plan_toml",
        fs::read_to_string(plan.join("plan.toml")).unwrap()
    );
}
