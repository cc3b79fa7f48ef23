//! `compare` (SPEC 9) on tests/fixtures/compare: three small districts whose
//! figures are worked out by hand, one without actuals, one reported in part,
//! and a broken plan that is named and left out while the rest is written.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::common::{cmd, stderr};

const REGION: &str = "tests/fixtures/compare";

fn compare(out: &Path, threads: &str, extra: &[&str]) -> std::process::Output {
    cmd()
        .env("RAYON_NUM_THREADS", threads)
        .args(["compare", REGION, "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn district<'a>(json: &'a Value, dir: &str) -> &'a Value {
    json["districts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["dir"] == dir)
        .unwrap_or_else(|| panic!("no district {dir}"))
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn every_districts_figures_are_right_to_the_cent_and_the_broken_plan_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = compare(&out, "4", &[]);
    // The broken plan: exit 1, named with its diagnostic, the rest written.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("left out of the comparison, for its errors: rotto"),
        "{err}"
    );
    assert!(
        err.contains("[unknown-ref] activity refers to unknown area `nessuna`"),
        "{err}"
    );
    let json: Value =
        serde_json::from_str(&fs::read_to_string(out.join("compare.json")).unwrap()).unwrap();
    assert_eq!(json["missing"][0]["dir"], "rotto");
    assert_eq!(json["districts"].as_array().unwrap().len(), 3);

    // Alfa: 100,000 / 10,000 = 10.00 planned, 90,000 / 10,000 = 9.00 spent
    // per resident; 2 social workers × 5,000 / 10,000 = 1.00; 2 sessions
    // and 50 participants per 1,000: 0.20 and 5.00; its fund 90% spent.
    let alfa = district(&json, "alfa");
    let y = &alfa["years"][0];
    assert_eq!(
        [
            &y["planned_per_resident"],
            &y["actual_per_resident"],
            &y["social_workers_per_5000"]
        ]
        .map(s),
        ["10", "9", "1.00"]
    );
    assert_eq!(
        [&alfa["sessions_per_1000"], &alfa["participants_per_1000"]].map(s),
        ["0.20", "5.00"]
    );
    assert_eq!(s(&alfa["funds"][0]["percent"]), "90.00");
    // Beta reported nothing: actual n.d. (null), never 0; 150,000 / 30,000
    // = 5.00 planned; no meeting recorded: participation n.d.
    let beta = district(&json, "beta");
    assert_eq!(beta["years"][0]["actual"], Value::Null);
    assert_eq!(beta["years"][0]["actual_per_resident"], Value::Null);
    assert_eq!(s(&beta["years"][0]["planned_per_resident"]), "5");
    assert_eq!(beta["sessions_per_1000"], Value::Null);
    assert_eq!(beta["funds"][0]["percent"], Value::Null);
    // Gamma: 60,000 planned (3.00 per resident); one card of two reported
    // 20,000 of its own 30,000: actual 20,000, partial (1.00 per resident),
    // the fund 66.67% spent, compared like with like, not 33.33%.
    let gamma = district(&json, "gamma");
    let y = &gamma["years"][0];
    assert_eq!(
        [
            &y["planned_per_resident"],
            &y["actual_per_resident"],
            &y["actual_partial"]
        ]
        .map(s),
        ["3", "1", "true"]
    );
    assert_eq!(s(&gamma["funds"][0]["percent"]), "66.67");
    assert_eq!(gamma["years"][0]["social_workers"], Value::Null);
    // Averages pooled, saying over how many: planned (100,000 + 150,000 +
    // 60,000) / 60,000 = 5.17 over 3 of 3; actual (90,000 + 20,000) /
    // (10,000 + 20,000) = 3.67 over 2 of 3 (Beta counted out, not as 0).
    let avg = &json["averages"][0];
    assert_eq!(
        [
            &avg["planned_per_resident"]["value"],
            &avg["planned_per_resident"]["over"],
            &avg["actual_per_resident"]["value"],
            &avg["actual_per_resident"]["over"],
            &avg["actual_per_resident"]["of"]
        ]
        .map(s),
        ["5.17", "3", "3.67", "2", "3"]
    );

    let csv = fs::read_to_string(out.join("data/compare.csv")).unwrap();
    assert!(
        csv.contains(
            "\nbeta,Distretto Beta,2024,30000,0,150000,,false,5,,6,1.00,1.00,,,false,0,0,0,0\n"
        ),
        "{csv}"
    );
    let page = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains("Piani esclusi perché hanno errori"));
    assert!(page.contains("<strong>rotto</strong>"));
    assert!(page.contains("€ 3,67 (su 2 di 3)"), "{page}");
    // The charts: Alfa's yearly planned average per resident, Gamma with no
    // social worker given draws no bar and reads n.d.
    assert!(page.contains("<figcaption>Preventivo per residente, media annua</figcaption>"));
    assert!(page.contains(">€ 10</text>"), "{page}");
    let workers = &page[page.find("id=\"chart-compare-workers\"").unwrap()..];
    assert!(workers.contains(">Distretto Gamma</text>"));
    assert!(
        workers[workers.find(">Distretto Gamma</text>").unwrap()..]
            .starts_with(">Distretto Gamma</text><text"),
        "no bar for n.d."
    );
    assert!(out.join("data/README.md").is_file() && out.join("data/compare-rules.csv").is_file());
}

#[test]
fn the_same_plans_give_the_same_bytes_on_one_thread_and_on_four() {
    let dir = tempfile::tempdir().unwrap();
    let (one, four) = (dir.path().join("one"), dir.path().join("four"));
    compare(&one, "1", &["--with-sites"]);
    compare(&four, "4", &["--with-sites"]);
    let files = crate::build::tree(&one);
    assert!(
        files.len() > 50,
        "the districts' sites too: {}",
        files.len()
    );
    assert_eq!(files, crate::build::tree(&four));
    // Each district's site is linked from the comparison.
    let page = fs::read_to_string(one.join("index.html")).unwrap();
    assert!(page.contains("<a href=\"districts/alfa/html/index.html\">Distretto Alfa</a>"));
    assert!(one.join("districts/alfa/html/index.html").is_file());
    assert!(!one.join("districts/rotto").exists());
    // Every figure links the page of the district's own site that shows it,
    // and every such page exists.
    assert!(
        page.contains("<a href=\"districts/alfa/html/resources.html\">€ 10</a>"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"districts/alfa/html/participation.html\">5,00</a>"),
        "{page}"
    );
    let mut linked = 0;
    for part in page.split("href=\"districts/").skip(1) {
        let href = &part[..part.find('"').unwrap()];
        assert!(
            one.join("districts").join(href).is_file(),
            "{href} leads nowhere"
        );
        linked += 1;
    }
    assert!(linked > 30, "{linked} links");
}

#[test]
fn compare_never_replaces_a_folder_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("precious");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    let o = compare(&out, "2", &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    assert!(!out.join("compare.json").exists());
}

/// Many plans, each read by its own stages on every core: compare holds one
/// plan per thread (it once let a pool thread take the next plan while it
/// waited inside one, and 300 district plans overflowed its stack).
#[test]
fn hundreds_of_plans_are_compared_one_per_thread() {
    let dir = tempfile::tempdir().unwrap();
    let region = dir.path().join("region");
    let plan = fs::read_to_string(Path::new(REGION).join("alfa/plan.toml")).unwrap();
    for i in 0..400 {
        let d = region.join(format!("d{i:03}"));
        fs::create_dir_all(d.join("more")).unwrap();
        fs::write(
            d.join("plan.toml"),
            plan.replace("Distretto Alfa", &format!("Distretto {i}")),
        )
        .unwrap();
        // A second file, so that each plan's files are read in parallel too.
        fs::write(
            d.join("more/extra.toml"),
            "[[organisation]]\nid = \"coop\"\nname = \"Coop\"\n",
        )
        .unwrap();
    }
    let out = dir.path().join("out");
    let o = cmd()
        .env("RAYON_NUM_THREADS", "4")
        .args(["compare", "--quiet"])
        .arg(&region)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: Value =
        serde_json::from_str(&fs::read_to_string(out.join("compare.json")).unwrap()).unwrap();
    assert_eq!(json["districts"].as_array().unwrap().len(), 400);
    assert_eq!(json["districts"][399]["title"], "Distretto 399");
}

/// A real plan without years (a process card, no `start` and `end`) is
/// compared too: one row, its year and money empty, never dropped.
#[test]
fn a_plan_without_years_keeps_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = cmd()
        .args([
            "compare",
            "examples/parma-2020",
            "tests/fixtures/compare/alfa",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = fs::read_to_string(out.join("data/compare.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[0].starts_with("parma-2020,"), "{csv}");
    assert_eq!(rows[0].split(',').nth(2), Some(""), "{csv}");
    assert!(rows[1].starts_with("alfa,Distretto Alfa,2024,"), "{csv}");
}
