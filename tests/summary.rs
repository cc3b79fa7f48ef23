//! `summary`: the examples reproduce the seeds' figures exactly; text, JSON and
//! CSV are golden files.

use crate::common::{run, stdout};
use serde_json::{Value, json};

fn summary_json(dir: &str) -> Value {
    let out = run(&["summary", dir, "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::common::stderr(&out)
    );
    serde_json::from_str(&stdout(&out)).expect("one JSON object")
}

#[test]
fn parma_2012_reproduces_the_seed_figures() {
    let s = summary_json("examples/parma-2012");
    let t = &s["totals"];
    // 23 + 60 + 6 meetings with counts, plus the 5 public meetings.
    assert_eq!(t["sessions"], 94);
    // 329 + 442 + 136
    assert_eq!(t["participants"], 907);
    assert_eq!(t["public_meetings"], 5);
    // The public meetings recorded no attendance: the total says it is partial.
    assert_eq!(t["sessions_without_count"], 5);
    assert_eq!(t["partial"], json!(["participants", "users", "cost"]));
    // Every organisation the seed names: 52 single bodies and 8 categories.
    assert_eq!(t["organisations"], 52);
    assert_eq!(t["collective_organisations"], 8);
    let phases: Vec<(i64, Value)> = s["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["sessions"].as_i64().unwrap(), p["participants"].clone()))
        .collect();
    assert_eq!(
        phases,
        vec![
            (23, json!(329)),
            (60, json!(442)),
            (6, json!(136)),
            (5, Value::Null)
        ]
    );
    // SPEC 6.6, shared meetings: the 23 technical sessions (329 people) are
    // common to the eight working groups and the 6 table sessions (136) to
    // the eight tables; each row shows all of its figures as shared, and the
    // tables' total counts each meeting once: 23 + 6 = 29 and 329 + 136 = 465,
    // not 8 × 23 + 8 × 6.
    for row in s["tables"].as_array().unwrap() {
        assert_eq!(row["shared_sessions"], row["sessions"], "{row}");
        assert_eq!(row["shared_participants"], row["participants"], "{row}");
    }
    assert_eq!(
        s["tables_total"],
        json!({ "sessions": 29, "participants": 465, "sessions_without_count": 0 })
    );
    let (_out, b) = crate::common::built("examples/parma-2012");
    let page = std::fs::read_to_string(b.join("html/participation.html")).unwrap();
    assert!(page.contains(
        "<tfoot><tr><th scope=\"row\">Totale (ogni incontro contato una volta)</th>\
         <td class=\"num\">29</td><td class=\"num\">465</td>"
    ));
    assert!(page.contains("le righe non vanno sommate"));
}

#[test]
fn reggio_emilia_2013_has_its_bodies_and_seven_design_groups() {
    let s = summary_json("examples/reggio-emilia-2013");
    let members: Vec<i64> = s["governance"]["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["members"].as_i64().unwrap())
        .collect();
    assert_eq!(members, vec![5, 19]);
    assert_eq!(s["totals"]["tables"], 7);
    assert_eq!(s["totals"]["sessions"], 0);
    assert_eq!(s["totals"]["participants"], Value::Null);
}

#[test]
fn demo_figures_are_exact() {
    let s = summary_json("examples/demo");
    let t = &s["totals"];
    // 1,391,051 of 2024 costs, and 1,063,500.40 of the cards' 2024 actuals.
    assert_eq!(t["cost"], json!(2454551.4));
    let areas = s["areas"].as_array().unwrap();
    // 698,450.50 + the anziani cards' 2024 actuals 379,700.40 = 1,078,150.90,
    // of 2,454,551.40 = 43.92%
    assert_eq!(areas[0]["cost"], json!(1078150.9));
    assert_eq!(areas[0]["cost_share"], json!(43.92));
    // Activities without figures (telesoccorso, a card not started): no cost per user.
    assert_eq!(areas[0]["cost_per_user"], Value::Null);
    assert_eq!(areas[0]["partial"], json!(["users", "cost"]));
    // (280,300 + 252,500) / (433 + 262 users of the cards' progress) = 766.618... → 766.62
    assert_eq!(areas[1]["cost"], json!(532800));
    assert_eq!(areas[1]["cost_per_user"], json!(766.62));
    // Some sessions counted, some not: the sum is partial and says so.
    assert_eq!(s["phases"][1]["participants"], json!(53));
    assert_eq!(s["phases"][1]["partial"], json!(["participants"]));
    // What became of the four recommendations (SPEC 5.1).
    assert_eq!(
        s["recommendations"],
        json!({ "accepted": 2, "partly": 1, "rejected": 0, "pending": 1, "no_response": 0 })
    );
    let sp = &s["spending"];
    assert_eq!(sp["total"], json!(5230450.75));
    assert_eq!(sp["per_capita"], json!(108.4));
    assert_eq!(sp["associated_share"], json!(59.65));
    assert_eq!(sp["by_target"][0]["amount"], json!(2013723.54));
}

#[test]
fn summary_text_snapshot() {
    insta::assert_snapshot!(
        "parma_2012_text",
        stdout(&run(&["summary", "examples/parma-2012"]))
    );
    insta::assert_snapshot!("demo_text", stdout(&run(&["summary", "examples/demo"])));
}

#[test]
fn summary_json_snapshot() {
    insta::assert_snapshot!(
        "demo_json",
        stdout(&run(&["summary", "examples/demo", "--format", "json"]))
    );
}

#[test]
fn summary_csv_snapshot() {
    let out = stdout(&run(&["summary", "examples/demo", "--format", "csv"]));
    let header = out.lines().next().unwrap();
    assert!(header.starts_with("group,id,title,sessions,participants"));
    assert!(out.lines().last().unwrap().starts_with("total,"));
    insta::assert_snapshot!("demo_csv", out);
}

#[test]
fn summary_of_a_broken_plan_prints_nothing_and_fails() {
    let out = run(&[
        "summary",
        "tests/fixtures/check/unknown-ref",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
}

/// The district fixture's figures, worked out by hand from its plan.toml.
#[test]
fn district_funds_budget_and_indicators_are_exact() {
    let out = run(&["summary", "tests/fixtures/district", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(s["years"], json!([2024, 2025, 2026]));
    let fnps = &s["funds"][0];
    assert_eq!(fnps["id"], "fnps");
    // 2024: both cards plan fnps (60,000 + 30,000), only sad reported
    // (55,000.50): actual is partial, and the share spent compares sad's own
    // plan, 55,000.50 / 60,000 = 91.6675% → 91.67, not 61.11 over both.
    assert_eq!(
        fnps["years"],
        json!([
            { "year": 2024, "allocation": 100000, "unallocated": 10000,
              "planned": 90000, "actual": 55000.5, "unbudgeted": null,
              "difference": -4999.5, "percent": 91.67, "cards": 2, "reporting": 1,
              "compared_planned": 60000, "partial": ["actual"] },
            { "year": 2025, "allocation": 100000, "unallocated": 5000,
              "planned": 95000, "actual": null, "unbudgeted": null,
              "difference": null, "percent": null, "cards": 2, "reporting": 0,
              "compared_planned": null, "partial": [] },
            // No allocation, nothing planned, nothing spent: n.d., never € 0.
            { "year": 2026, "allocation": null, "unallocated": null,
              "planned": null, "actual": null, "unbudgeted": null,
              "difference": null, "percent": null, "cards": 0, "reporting": 0,
              "compared_planned": null, "partial": [] },
        ])
    );
    assert_eq!(
        s["funds"][1]["years"][0],
        json!({ "year": 2024, "allocation": 50000, "unallocated": 30000,
                "planned": 20000, "actual": 21000, "unbudgeted": null,
                "difference": 1000, "percent": 105, "cards": 1, "reporting": 1,
                "compared_planned": 20000, "partial": [] })
    );
    let planned_2024 = &s["budget"][0];
    assert_eq!(
        (planned_2024["year"].clone(), planned_2024["kind"].clone()),
        (json!(2024), json!("planned"))
    );
    assert_eq!(planned_2024["total"], json!(110000));
    assert_eq!(
        planned_2024["by_objective"],
        // a rolls up a1: sad (a1) and educativa (a and a1) once each.
        json!([{ "id": "a", "amount": 110000, "own": 30000 },
               { "id": "a1", "amount": 110000, "own": 110000 }])
    );
    assert_eq!(
        planned_2024["by_scheme"],
        json!([
            { "scheme": "leps", "code": "L1", "amount": 80000 },
            { "scheme": "leps", "code": "L2", "amount": 110000 },
        ])
    );
    assert_eq!(s["budget"][1]["kind"], "actual");
    assert_eq!(s["budget"][1]["total"], json!(76000.5));
    // educativa planned 2024 and has not reported it.
    assert_eq!(s["budget"][1]["partial"], json!(["total"]));
    assert_eq!(
        s["budget"][2]["by_area"],
        json!([{ "id": "anziani", "amount": 70000 }, { "id": "minori", "amount": 25000 }])
    );
    assert_eq!(
        s["indicators"],
        json!([
            { "id": "utenti", "title": "Persone assistite a domicilio", "context": false, "years": [
                { "year": 2024, "target": 100, "actual": 104, "met": true },
                { "year": 2025, "target": 120, "actual": null, "met": null },
            ]},
            { "id": "attesa", "title": "Giorni medi di attesa", "context": false, "years": [
                // keep: within 5% of 50.0 is 47.5..52.5; 52.6 is not.
                { "year": 2024, "target": 50.0, "actual": 52.6, "met": false },
            ]},
        ])
    );
}

/// `summary --year`: the district fixture's 2024 monitoring figures, by hand.
#[test]
fn the_monitoring_figures_of_a_year_are_exact() {
    let out = run(&[
        "summary",
        "tests/fixtures/district",
        "--year",
        "2024",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(m["year"], 2024);
    // sad: planned 80,000, actual 76,000.50: 3,999.50 less, 95.000625% → 95.0
    assert_eq!(
        m["cards"][0],
        json!({ "id": "sad", "title": "Servizio di assistenza domiciliare", "planned": 80000,
                "actual": 76000.5, "unbudgeted": null, "difference": -3999.5, "percent": 95,
                "cards": 1, "reporting": 1, "compared_planned": 80000, "partial": [],
                "status": null })
    );
    // educativa: planned, nothing actual yet.
    assert_eq!(m["cards"][1]["actual"], Value::Null);
    // fnps: planned 90,000 by two cards; only sad reported: 55,000.50
    // against its own 60,000 → 91.6675% → 91.67, partial.
    assert_eq!(m["funds"][0]["planned"], json!(90000));
    assert_eq!(m["funds"][0]["difference"], json!(-4999.5));
    assert_eq!(m["funds"][0]["percent"], json!(91.67));
    assert_eq!(m["funds"][0]["partial"], json!(["actual"]));
    // Objective a rolls up a1's cards: planned 110,000, sad reported.
    assert_eq!(m["objectives"][0]["planned"], json!(110000));
    assert_eq!(m["objectives"][0]["actual"], json!(76000.5));
    assert_eq!(m["indicators"][0]["met"], json!(true));
    let csv = stdout(&run(&[
        "summary",
        "tests/fixtures/district",
        "--year",
        "2024",
        "--format",
        "csv",
    ]));
    assert!(
        csv.lines()
            .any(|l| l
                == "card,sad,Servizio di assistenza domiciliare,2024,80000,76000.50,-3999.50,95,,,false"),
        "{csv}"
    );
    let unknown = run(&["summary", "tests/fixtures/district", "--year", "2030"]);
    assert_eq!(unknown.status.code(), Some(2));
}
