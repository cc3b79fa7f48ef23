//! SPEC 4.9: every figure right on a plan reported in part. The figures of
//! tests/fixtures/partial-district are worked out by hand in its comments and here.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::common::{check_json, cmd, run, stderr, stdout};

const PLAN: &str = "tests/fixtures/partial-district";

fn summary() -> Value {
    let out = run(&["summary", PLAN, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn fund_year<'a>(s: &'a Value, fund: &str, year: i64) -> &'a Value {
    s["funds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == fund)
        .and_then(|f| {
            f["years"]
                .as_array()
                .unwrap()
                .iter()
                .find(|y| y["year"] == year)
        })
        .unwrap_or_else(|| panic!("{fund} {year}"))
}

fn build_dir() -> (tempfile::TempDir, std::path::PathBuf) {
    crate::common::built(PLAN)
}

#[test]
fn one_card_of_three_reporting_is_compared_with_its_own_plan() {
    let s = summary();
    // FRNA 2012: sad 100,000, cra 200,000, centri-diurni 60,000 planned;
    // only sad reported, 99,300: 99.3% of its own plan, not 27.6% of all.
    assert_eq!(
        fund_year(&s, "frna", 2012),
        &json!({ "year": 2012, "allocation": 400000, "unallocated": 40000,
                 "planned": 360000, "actual": 99300, "unbudgeted": null,
                 "difference": -700, "percent": 99.3, "cards": 3, "reporting": 1,
                 "compared_planned": 100000, "partial": ["actual"] })
    );
    // Quota dei comuni 2012: sad 20,000 planned and spent, affido 30,000
    // spent with no planned budget: actual 50,000, 100% spent, not 250%.
    let comuni = fund_year(&s, "comuni", 2012);
    assert_eq!(comuni["actual"], json!(50000));
    assert_eq!(comuni["unbudgeted"], json!(30000));
    assert_eq!(comuni["percent"], json!(100));
}

#[test]
fn a_year_with_nothing_reported_is_not_available_never_zero() {
    let s = summary();
    for year in [2009, 2010, 2011, 2013, 2014] {
        let frna = fund_year(&s, "frna", year);
        for key in ["allocation", "planned", "actual", "percent", "unallocated"] {
            assert_eq!(frna[key], Value::Null, "frna {year} {key}");
        }
    }
    // fnps 2013: allocated, nothing planned or spent.
    let fnps = fund_year(&s, "fnps", 2013);
    assert_eq!(fnps["allocation"], json!(100000));
    assert_eq!(
        (&fnps["planned"], &fnps["actual"]),
        (&Value::Null, &Value::Null)
    );

    let (_tmp, out) = build_dir();
    let csv = std::fs::read_to_string(out.join("data/funds.csv")).unwrap();
    assert!(
        csv.lines().any(|l| l == "frna,2013,,,,,,,false"),
        "n.d. is an empty cell in funds.csv:\n{csv}"
    );
    let md = std::fs::read_to_string(out.join("plan.md")).unwrap();
    assert!(
        md.contains("| 2013 | n.d. | n.d. | n.d. |"),
        "the fund tables say n.d.:\n{md}"
    );
    assert!(
        !md.contains("| 2013 | € 0"),
        "no € 0 for a year not reported"
    );
}

#[test]
fn a_parent_objective_rolls_up_its_sub_objectives_cards() {
    let s = summary();
    let planned = &s["budget"][0];
    assert_eq!(
        (&planned["year"], &planned["kind"]),
        (&json!(2012), &json!("planned"))
    );
    assert_eq!(
        planned["by_objective"],
        json!([
            // A has no card of its own: its figure is A.1's and A.2's.
            { "id": "a", "amount": 470000, "own": null },
            { "id": "a1", "amount": 320000, "own": 320000 },
            { "id": "a2", "amount": 150000, "own": 150000 },
        ])
    );
    let m: Value = serde_json::from_str(&stdout(&run(&[
        "summary", PLAN, "--year", "2012", "--format", "json",
    ])))
    .unwrap();
    assert_eq!(m["objectives"][0]["planned"], json!(470000));
    // sad and inclusione reported: 99,300 + 20,000 + 45,000.
    assert_eq!(m["objectives"][0]["actual"], json!(164300));
}

#[test]
fn istat_areas_add_up_to_the_total() {
    let s = summary();
    for row in s["budget"].as_array().unwrap() {
        let istat: i64 = row["by_scheme"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["scheme"] == "istat-area")
            .map(|x| x["amount"].as_i64().unwrap())
            .sum();
        assert_eq!(json!(istat), row["total"], "{row}");
    }
    // The disabled card is tagged, the elderly cards take their area's
    // target, the adults' area has none.
    assert_eq!(
        s["budget"][0]["by_scheme"],
        json!([
            { "scheme": "istat-area", "code": "disabili", "amount": 100000 },
            { "scheme": "istat-area", "code": "anziani", "amount": 320000 },
            { "scheme": "istat-area", "code": "unclassified", "amount": 50000 },
        ])
    );
}

#[test]
fn the_municipalities_total_is_its_column() {
    let (_tmp, out) = build_dir();
    let md = std::fs::read_to_string(out.join("plan.md")).unwrap();
    // 30,000 + 20,000 + 10,000 + 32,796, Soragna missing; the plan's own
    // 104,196 apart.
    assert!(
        md.contains("| **Totale** (parziale) | | **92.796** | |"),
        "{md}"
    );
    assert!(
        md.contains("diversa dalla somma della colonna: 104.196"),
        "{md}"
    );
}

#[test]
fn only_the_plans_years_with_card_figures_get_a_report() {
    let s = summary();
    // The context series has values in 2009, 2015 and 2017: no report for them.
    assert_eq!(s["monitoring_years"], json!([2012]));
    let (_tmp, out) = build_dir();
    let reports: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("monitoring-"))
        .collect();
    assert_eq!(reports, ["monitoring-2012.md"]);
    let (_, diags) = check_json(Path::new(PLAN));
    let outside: Vec<usize> = diags
        .iter()
        .filter(|d| d.code == "year-outside-plan")
        .filter_map(|d| d.line)
        .collect();
    assert_eq!(outside.len(), 2, "2015 and 2017 warned: {diags:#?}");
}

#[test]
fn open_data_reconciles_budget_with_funds() {
    let (_tmp, out) = build_dir();
    let budget = std::fs::read_to_string(out.join("data/budget.csv")).unwrap();
    let mut sums: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    for line in budget.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let cents = (f[4].parse::<f64>().unwrap() * 100.0).round() as i64;
        *sums
            .entry((f[3].into(), f[1].into(), f[2].into()))
            .or_default() += cents;
    }
    // affido's cost is an actual row of the reference year.
    assert!(
        budget.contains("affido,2012,actual,comuni,30000"),
        "{budget}"
    );
    let funds = std::fs::read_to_string(out.join("data/funds.csv")).unwrap();
    let mut checked = 0;
    for line in funds.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        for (kind, col) in [("planned", 3), ("actual", 4)] {
            let want = sums.get(&(f[0].into(), f[1].into(), kind.into())).copied();
            let got = (!f[col].is_empty())
                .then(|| (f[col].parse::<f64>().unwrap() * 100.0).round() as i64);
            assert_eq!(got, want, "{} {} {kind}", f[0], f[1]);
            checked += got.is_some() as i32;
        }
    }
    assert_eq!(checked, 6, "three funds, planned and actual in 2012");
}

#[test]
fn text_that_spells_the_root_token_is_published_as_written() {
    let (_tmp, out) = build_dir();
    let page = std::fs::read_to_string(out.join("html/nota.html")).unwrap();
    // The entity is how HTML writes the same `@`: a browser shows the text as written.
    assert!(
        page.contains("Nota di metodo &#64;@WPROOT@@ fine"),
        "{page}"
    );
    assert!(!page.contains("Nota di metodo  fine"));
    assert!(page.contains("<code>&#64;@WPROOT@@</code>"), "{page}");
    assert!(page.contains("il testo &#64;@WPROOT@@ restano"), "{page}");
}

/// SPEC 7: a signatory by the municipality's exact name; sources that do
/// not list every signature say "firma non documentata", never "non ha
/// firmato", and are not warned; a past milestone known only by its words.
#[test]
fn signatures_by_name_undocumented_ones_and_milestones_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    std::fs::create_dir(&plan).unwrap();
    let text = "[plan]\ntitle = \"Piano\"\nauthority = \"Distretto di Fidenza\"\n\n\
        [agreement]\nact = \"Accordo di programma 2009-2011\"\nsignatories_complete = false\n\n\
        [[municipality]]\nname = \"Trecasali\"\nistat_code = \"034040\"\n\n\
        [[municipality]]\nname = \"Sissa\"\nistat_code = \"034035\"\n\n\
        [[signatory]]\nname = \"Comune di Trecasali\"\nmunicipality = \"Trecasali\"\n\n\
        [[milestone]]\ntitle = \"Approvazione del piano attuativo\"\ndate_label = \"primo semestre 2014\"\n";
    std::fs::write(plan.join("plan.toml"), text).unwrap();
    let (code, diags) = check_json(&plan);
    assert_eq!(code, 0, "{diags:#?}");
    assert!(diags.is_empty(), "{diags:#?}");
    let out = dir.path().join("out");
    crate::common::build_ok(&plan, &out);
    let md = std::fs::read_to_string(out.join("plan.md")).unwrap();
    assert!(
        md.contains("Firma non documentata nelle fonti: Sissa"),
        "{md}"
    );
    assert!(!md.contains("Non hanno ancora firmato"), "{md}");
    assert!(md.contains("primo semestre 2014"), "{md}");
    let csv = std::fs::read_to_string(out.join("data/municipalities.csv")).unwrap();
    assert!(csv.contains("034040,Trecasali,,,true,,,\n"), "{csv}");
    // Not documented: neither signed nor not signed.
    assert!(csv.contains("034035,Sissa,,,,,,\n"), "{csv}");
    // With complete signatories, Sissa has not signed: warned.
    std::fs::write(
        plan.join("plan.toml"),
        text.replace(
            "signatories_complete = false",
            "signatories_complete = true",
        ),
    )
    .unwrap();
    let (_, diags) = check_json(&plan);
    assert_eq!(
        diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        ["unsigned-municipality"]
    );
}

/// SPEC 7: municipalities that merge during the plan (Sissa and Trecasali
/// into Sissa Trecasali, 2014): listed with their successor, never counted
/// with it, never warned for a signature they could no longer give.
#[test]
fn merged_municipalities_are_listed_with_their_successor_and_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    std::fs::create_dir(&plan).unwrap();
    std::fs::write(
        plan.join("plan.toml"),
        "[plan]\ntitle = \"Piano\"\nauthority = \"Distretto di Fidenza\"\nstart = 2009-01-01\nend = 2014-12-31\n\n\
         [agreement]\nact = \"Accordo di programma\"\n\n\
         [[municipality]]\nname = \"Sissa\"\nistat_code = \"034035\"\npopulation = 4220\nuntil = 2014-01-01\nmerged_into = \"034049\"\n\n\
         [[municipality]]\nname = \"Trecasali\"\nistat_code = \"034040\"\npopulation = 3540\nuntil = 2014-01-01\nmerged_into = \"034049\"\n\n\
         [[municipality]]\nname = \"Sissa Trecasali\"\nistat_code = \"034049\"\npopulation = 7900\nsince = 2014-01-01\n\n\
         [[municipality]]\nname = \"Fidenza\"\nistat_code = \"034014\"\npopulation = 26897\n\n\
         [[signatory]]\nname = \"Comune di Sissa Trecasali\"\nmunicipality = \"034049\"\n\n\
         [[signatory]]\nname = \"Comune di Fidenza\"\nmunicipality = \"Fidenza\"\n",
    )
    .unwrap();
    let (code, diags) = check_json(&plan);
    assert_eq!(code, 0, "{diags:#?}");
    assert!(
        diags.is_empty(),
        "no unsigned warning for ceased ones: {diags:#?}"
    );
    let out = dir.path().join("out");
    crate::common::build_ok(&plan, &out);
    let md = std::fs::read_to_string(out.join("plan.md")).unwrap();
    assert!(
        md.contains("Sissa (confluito in Sissa Trecasali dal 1° gennaio 2014)"),
        "{md}"
    );
    // 7,900 + 26,897: the merged parts are not counted again.
    assert!(md.contains("| **Totale** | | **34.797** | |"), "{md}");
    let csv = std::fs::read_to_string(out.join("data/municipalities.csv")).unwrap();
    assert!(
        csv.contains("034035,Sissa,4220,,false,,2014-01-01,034049"),
        "{csv}"
    );
}

/// SPEC 7 on a district plan as districts write it (tests/fixtures/fidenza):
/// it checks clean and builds, and every figure is worked out by hand.
#[test]
fn a_district_plan_as_districts_write_it() {
    const FIDENZA: &str = "tests/fixtures/fidenza";
    let (code, diags) = check_json(Path::new(FIDENZA));
    assert_eq!(code, 0, "{diags:#?}");
    assert!(diags.is_empty(), "{diags:#?}");
    let out = run(&["summary", FIDENZA, "--format", "json"]);
    let s: Value = serde_json::from_str(&stdout(&out)).unwrap();
    // FNPS by annualità: allocated, committed, paid, paid over allocated.
    let ledger: Vec<(i64, i64, i64, i64, f64)> = s["ledger"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["origin"].as_i64().unwrap(),
                l["allocated"].as_i64().unwrap(),
                l["committed"].as_i64().unwrap(),
                l["paid"].as_i64().unwrap(),
                l["paid_share"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ledger,
        [
            // 200,000 + 50,000 paid of 300,000: 83.33%.
            (2012, 300000, 250000, 250000, 83.33),
            (2013, 280000, 240000, 180000, 64.29),
            (2014, 260000, 230000, 100000, 38.46),
        ]
    );
    // 26,897 + 7,900 + 20,203 residents at the plan's end (Sissa and
    // Trecasali merged), 9.5 + 3 social workers: 4,400 each.
    assert_eq!(s["staff"][0]["population"], json!(55000));
    assert_eq!(s["staff"][0]["residents_per_social_worker"], json!(4400));
    let (_tmp, built) = {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let o = cmd()
            .args(["build", FIDENZA, "--out"])
            .arg(&dir)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        (tmp, dir)
    };
    let md = std::fs::read_to_string(built.join("plan.md")).unwrap();
    assert!(
        md.contains("Firma non documentata nelle fonti: Salsomaggiore Terme"),
        "{md}"
    );
    assert!(
        md.contains("Trecasali (confluito in Sissa Trecasali dal 1° gennaio 2014)"),
        "{md}"
    );
    assert!(
        md.contains("| 2012 | **Totale** | € 300.000 | € 250.000 | € 250.000 | 83,3% |"),
        "{md}"
    );
    // The elderly card is listed on the disabled's page too, counted once.
    let disabili = std::fs::read_to_string(built.join("html/areas/disabili.html")).unwrap();
    assert!(
        disabili.contains("Assegni di cura per la domiciliarità (FRNA)"),
        "{disabili}"
    );
    let ledger_csv = std::fs::read_to_string(built.join("data/ledger.csv")).unwrap();
    assert!(
        ledger_csv.contains("fnps,2012,2013,paid,50000\n"),
        "{ledger_csv}"
    );

    // A stated total off by one euro, a payment above its commitment: errors.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    crate::build::copy_dir(Path::new(FIDENZA), &plan);
    let toml = plan.join("plan.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace("amount = 1770000", "amount = 1770001")
            .replace(
                "{ year = 2013, kind = \"paid\", origin = 2012, funding = { fnps = 50000 } }",
                "{ year = 2013, kind = \"paid\", origin = 2012, funding = { fnps = 50001 } }",
            ),
    )
    .unwrap();
    let (code, diags) = check_json(&plan);
    assert_eq!(code, 1);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        ["paid-above-committed", "stated-total-mismatch"],
        "{diags:#?}"
    );
    let stated = &diags[1];
    assert!(
        stated.message.contains("€1,770,001")
            && stated.message.contains("€1,770,000")
            && stated.message.contains("-€1"),
        "{}",
        stated.message
    );
}

/// SPEC 6.6's money by area and year adds up both ways on real plans with
/// parts missing: an area's year is the sum of its cards' (n.d. when no card
/// gives one), the areas' years add up to the plan's, which is `summary`'s
/// budget total; a total over years is partial exactly when some year is n.d.
#[test]
fn money_by_area_and_year_adds_up_both_ways() {
    use welfare_plan::model::Money;
    let add = |ms: &mut dyn Iterator<Item = Option<Money>>| {
        ms.flatten().fold(None, |acc: Option<i64>, m| {
            Some(acc.unwrap_or(0) + m.cents())
        })
    };
    for plan in [
        "examples/demo",
        "examples/parma-2012",
        "tests/fixtures/fidenza",
        "tests/fixtures/partial-district",
    ] {
        let a = welfare_plan::app::analyse(std::path::Path::new(plan));
        let (Some(model), Some(summary)) = (&a.plan, &a.summary) else {
            panic!("{plan} does not check");
        };
        let Some(t) = welfare_plan::compute::area_years(model, summary) else {
            // No money at all: then no budget row has any either.
            assert!(
                summary
                    .programme
                    .budget
                    .iter()
                    .all(|b| b.total.cents() == 0),
                "{plan}"
            );
            continue;
        };
        for (y, year) in t.years.iter().enumerate() {
            for area in &t.areas {
                let cards = add(&mut area.cards.iter().map(|c| c.planned[y]));
                assert_eq!(
                    area.years[y].planned.map(|m| m.cents()),
                    cards,
                    "{plan} {} {year}",
                    area.id
                );
            }
            let areas = add(&mut t.areas.iter().map(|r| r.years[y].planned));
            assert_eq!(
                t.total.years[y].planned.map(|m| m.cents()),
                areas,
                "{plan} {year}"
            );
            let budget = summary
                .programme
                .budget
                .iter()
                .find(|b| b.year == *year && b.kind == welfare_plan::model::BudgetKind::Planned)
                .map(|b| b.total.cents());
            assert_eq!(
                t.total.years[y].planned.map(|m| m.cents()),
                budget,
                "{plan} {year}"
            );
        }
        for row in t.areas.iter().chain([&t.total]) {
            let some_nd = row.years.iter().any(|c| c.planned.is_none());
            let any = row.years.iter().any(|c| c.planned.is_some());
            assert_eq!(
                row.partial.contains(&"planned"),
                some_nd && any,
                "{plan} {}",
                row.id
            );
            assert_eq!(
                row.total.planned.map(|m| m.cents()),
                add(&mut row.years.iter().map(|c| c.planned)),
                "{plan} {}",
                row.id
            );
        }
    }
}

#[test]
fn a_funds_total_over_its_years_follows_the_years_rules() {
    let s = summary();
    let fnps = s["funds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "fnps")
        .unwrap();
    // FNPS: 100,000 allocated in 2012 and in 2013 (200,000). Planned only in
    // 2012: centri-diurni 40,000 + inclusione 50,000 = 90,000, so 110,000 is
    // left. Only inclusione reported (45,000 of its own 50,000): 90%, a
    // difference of -5,000, the actual total partial; 2013 is n.d., not 0.
    assert_eq!(
        fnps["total"],
        json!({ "allocation": 200000, "unallocated": 110000, "planned": 90000,
                "actual": 45000, "unbudgeted": null, "difference": -5000,
                "percent": 90, "cards": 2, "reporting": 1,
                "compared_planned": 50000, "partial": ["actual"] })
    );
    // The page shows it as the fund table's total row.
    let (_tmp, out) = build_dir();
    let funds = std::fs::read_to_string(out.join("html/funds.html")).unwrap();
    assert!(
        funds.contains(
            "<tfoot><tr><th scope=\"row\">Totale</th><td class=\"num\">€ 200.000</td>\
             <td class=\"num\">€ 90.000</td><td class=\"num\">€ 45.000 \
             <span class=\"partial\">(parziale)</span></td>"
        ),
        "{funds}"
    );
}

#[test]
fn the_monitoring_tables_total_funds_and_count_each_card_once_for_objectives() {
    let (_tmp, out) = build_dir();
    let report = std::fs::read_to_string(out.join("html/monitoring-2012.html")).unwrap();
    // Funds 2012: planned frna 360,000 + fnps 90,000 + comuni 20,000 = 470,000.
    assert!(
        report.contains("<th scope=\"row\">Totale dei fondi</th><td class=\"num\">€ 470.000</td>"),
        "{report}"
    );
    assert!(
        report.contains("<th scope=\"row\">Totale (ogni scheda contata una volta)</th>"),
        "{report}"
    );
}
