//! SPEC 8, rules as data: every kind evaluated on a table of cases worked out
//! by hand (tests/fixtures/rules-district, figures on the rules' edges), the
//! national set's ids and sources as the spec lists them, and errors located
//! in the rule that makes them.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::common::{check_json, cmd, run, stderr, stdout};

const PLAN: &str = "tests/fixtures/rules-district";

fn rules() -> Vec<Value> {
    let out = run(&["summary", PLAN, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s: Value = serde_json::from_str(&stdout(&out)).unwrap();
    s["rules"].as_array().unwrap().clone()
}

/// The years of rule `id`, each as "year status value threshold gap gap_eur
/// eur eur_missed", numbers as the JSON writes them (exact decimals).
fn years(rules: &[Value], id: &str) -> Vec<String> {
    let r = rules
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no rule {id}"));
    r["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| {
            [
                "year",
                "status",
                "value",
                "threshold",
                "gap",
                "gap_eur",
                "eur",
                "eur_missed",
            ]
            .iter()
            .map(|k| match &y[*k] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
        })
        .collect()
}

#[test]
fn the_social_worker_rules_and_their_contribution_at_the_bands_edges() {
    let r = rules();
    // 32,500 residents: 1 per 6,500 is 5 FTE, 1 per 5,000 is 6.5, 1 per 4,000
    // is 8.125. 2024: 5.5 permanent (the fixed-term worker does not count):
    // not met by 1 FTE; 0.5 FTE in the first band earn 0.5 × 40,000 = 20,000;
    // missed: 1 × 40,000 + 1.625 × 20,000 = 72,500. 2025: 6.5, exactly the
    // level: met; 1.5 × 40,000 = 60,000, missed 32,500. 2026: no workforce
    // given: unknown, never "not met".
    assert_eq!(
        years(&r, "leps-social-worker-5000"),
        vec![
            "2024 not-met 5.50 6.50 1.00 null 20000 72500",
            "2025 met 6.50 6.50 0.00 null 60000 32500",
            "2026 unknown null null null null null null",
        ]
    );
    // 8.125 shown to the cent of an FTE, half away from zero: 8.13; the gap
    // 8.125 - 5.5 = 2.625 → 2.63.
    assert_eq!(
        years(&r, "leps-social-worker-4000"),
        vec![
            "2024 not-met 5.50 8.13 2.63 null null null",
            "2025 not-met 6.50 8.13 1.63 null null null",
            "2026 unknown null null null null null null",
        ]
    );
}

#[test]
fn shares_spending_rates_and_services_year_by_year() {
    let r = rules();
    // FNPS (found by `national = "fnps"`, whatever its id): 2024 minori
    // 50,000 of 100,000 planned, exactly 50%: met. 2025: 40,000 of 100,000,
    // 10 points and 10,000 short. 2026: nothing planned: unknown.
    assert_eq!(
        years(&r, "fnps-minors-share"),
        vec![
            "2024 met 50.00 50.00 0.00 0 null null",
            "2025 not-met 40.00 50.00 10.00 10000 null null",
            "2026 unknown null null null null null null",
        ]
    );
    // The 40% rule ended in 2019: no year of this plan.
    assert_eq!(years(&r, "fnps-minors-share-40"), Vec::<String>::new());
    // Paid of the 2024 annualità by 2026: 50,000 + 30,000 of 100,000 = 80%.
    // 2024 and 2025 look at 2022 and 2023, which the plan does not give.
    assert_eq!(
        years(&r, "fnps-spending-rate"),
        vec![
            "2024 unknown null null null null null null",
            "2025 unknown null null null null null null",
            "2026 met 80.00 75.00 0.00 0 null null",
        ]
    );
    // No fund tagged "poverty-services": unknown every year.
    assert!(
        years(&r, "poverty-fund-spending-rate")
            .iter()
            .all(|y| y.contains(" unknown "))
    );
    // Pronto intervento sociale: a card with the code and a planned budget
    // in 2024 and 2025, none in 2026.
    assert_eq!(
        years(&r, "leps-pronto-intervento-sociale"),
        vec![
            "2024 met 1 1 0 null null null",
            "2025 met 1 1 0 null null null",
            "2026 not-met 0 1 1 null null null",
        ]
    );
    // The plan's own rule, of the allocation: 50,000 of 200,000 to the
    // elderly is 25%, 5 points and 10,000 short of 30%; no allocation in
    // 2025 and 2026: unknown.
    assert_eq!(
        years(&r, "frs-anziani"),
        vec![
            "2024 not-met 25.00 30.00 5.00 10000 null null",
            "2025 unknown null null null null null null",
            "2026 unknown null null null null null null",
        ]
    );
}

#[test]
fn the_rules_are_warned_published_and_one_click_from_the_cover() {
    // Each year not met is a warning naming rule, year, figures and source;
    // unknown years are not warned.
    let (code, diags) = check_json(Path::new(PLAN));
    assert_eq!(code, 0);
    // 18 years not met: frs-anziani 1, the social worker 1 + 2, the FNPS
    // share 1, pronto intervento 1, the four other LEPS 3 each.
    let not_met = diags.iter().filter(|d| d.code == "rule-not-met").count();
    assert_eq!(not_met, 18);
    let out = cmd()
        .args(["check", "--show-allowed", PLAN])
        .output()
        .unwrap();
    let text = stderr(&out);
    assert!(
        text.contains(
            "rule `leps-social-worker-5000` is not met in 2024: 5.50 against 6.50 FTE required \
             (L. 178/2020, art. 1, commi 797-804)"
        ),
        "{text}"
    );
    assert_eq!(text.matches("warning[rule-not-met]").count(), 18, "{text}");

    let (_dir, b) = crate::common::built(PLAN);
    let cover = fs::read_to_string(b.join("html/index.html")).unwrap();
    assert!(cover.contains("<a href=\"rules.html\">Livelli essenziali e vincoli</a>"));
    let page = fs::read_to_string(b.join("html/rules.html")).unwrap();
    assert!(page.contains(
        "<tr><th scope=\"row\">2024</th><td><span class=\"badge badge-not-met\">Non rispettata</span></td>\
         <td class=\"num\">5,50</td><td class=\"num\">6,50</td><td class=\"num\">1,00</td>\
         <td class=\"num\">€ 20.000</td><td class=\"num\">€ 72.500</td></tr>"
    ), "{page}");
    assert!(page.contains(
        "href=\"https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2020;178~art1\""
    ));
    let csv = fs::read_to_string(b.join("data/rules.csv")).unwrap();
    assert!(csv.contains(
        "leps-social-worker-5000,national,staff-ratio,fte,2024,not-met,5.50,6.50,1.00,,20000,72500,"
    ), "{csv}");
    assert!(
        csv.contains(
            "frs-anziani,,fund-share,percent,2025,unknown,,,,,,,DGR 1234/2023, allegato A"
        ) || csv.contains(
            "frs-anziani,,fund-share,percent,2025,unknown,,,,,,,\"DGR 1234/2023, allegato A\""
        ),
        "{csv}"
    );
    let md = fs::read_to_string(b.join("plan.md")).unwrap();
    assert!(md.contains("## Livelli essenziali e vincoli"), "{md}");
}

/// The national set as SPEC 8 lists it: ids, kinds and a source for each.
#[test]
fn the_national_set_has_the_spec_ids_with_their_sources() {
    let r = rules();
    let national: Vec<(&str, &str)> = r
        .iter()
        .filter(|r| r["set"] == "national")
        .map(|r| (r["id"].as_str().unwrap(), r["kind"].as_str().unwrap()))
        .collect();
    for (id, kind) in [
        ("leps-social-worker-5000", "staff-ratio"),
        ("leps-social-worker-4000", "staff-ratio"),
        ("fnps-minors-share", "fund-share"),
        ("fnps-spending-rate", "spending-rate"),
        ("poverty-fund-spending-rate", "spending-rate"),
        ("leps-pronto-intervento-sociale", "service-present"),
        ("leps-supervisione", "service-present"),
        ("leps-dimissioni-protette", "service-present"),
        ("leps-prevenzione-allontanamento", "service-present"),
        ("leps-punto-unico-accesso", "service-present"),
    ] {
        assert!(
            national.contains(&(id, kind)),
            "{id} ({kind}) missing: {national:?}"
        );
    }
    for rule in r.iter().filter(|r| r["set"] == "national") {
        let source = rule["source"].as_str().unwrap();
        assert!(source.len() > 10, "{}: no source", rule["id"]);
    }
    let source = |id: &str| {
        r.iter().find(|x| x["id"] == id).unwrap()["source"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(source("leps-social-worker-5000").starts_with("L. 178/2020, art. 1"));
    assert!(source("fnps-spending-rate").contains("D.Lgs. 147/2017"));
}

/// A plan with `extra` appended to the fixture's plan.toml, checked.
fn check_with(
    extra: &str,
    replace: Option<(&str, &str)>,
) -> (i32, Vec<crate::common::Diag>, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut text = fs::read_to_string(Path::new(PLAN).join("plan.toml")).unwrap();
    if let Some((from, to)) = replace {
        text = text.replace(from, to);
    }
    text.push_str(extra);
    fs::write(dir.path().join("plan.toml"), &text).unwrap();
    let (code, diags) = check_json(dir.path());
    (code, diags, text)
}

fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text.rfind(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

#[test]
fn a_rule_naming_what_the_plan_lacks_is_an_error_at_its_line() {
    let (code, diags, text) = check_with(
        "\n[[rule]]\nid = \"quota\"\ntitle = \"Quota\"\nsource = \"DGR 1/2024\"\nkind = \"fund-share\"\nfund = \"fondo-minori\"\nmin = 30\nwhere = { area = \"disabili\" }\n\n[[rule]]\nid = \"servizio\"\ntitle = \"Servizio\"\nsource = \"DGR 1/2024\"\nkind = \"service-present\"\nscheme = \"leps\"\ncode = \"sportello\"\n\n[[rule]]\nid = \"rapporto\"\ntitle = \"Rapporto\"\nsource = \"DGR 1/2024\"\nkind = \"staff-ratio\"\nprofile = \"educator\"\n\n[[rule]]\nid = \"zero\"\ntitle = \"Zero\"\nsource = \"DGR 1/2024\"\nkind = \"spending-rate\"\nfund = \"fondo-regionale\"\nmin = 0.0\n\n[[rule]]\nid = \"troppo\"\ntitle = \"Troppo\"\nsource = \"DGR 1/2024\"\nkind = \"spending-rate\"\nfund = \"fondo-regionale\"\nmin = 100.5\n",
        None,
    );
    assert_eq!(code, 1);
    let errors: Vec<_> = diags.iter().filter(|d| d.code == "rule-invalid").collect();
    let at = |needle: &str| {
        let (line, col) = line_col(&text, needle);
        errors
            .iter()
            .find(|d| d.line == Some(line) && d.column == Some(col))
            .unwrap_or_else(|| panic!("no rule-invalid at {line}:{col} ({needle}): {errors:#?}"))
    };
    assert!(
        at("\"fondo-minori\"")
            .message
            .contains("fondo-nazionale, fondo-regionale")
    );
    assert!(at("\"disabili\"").message.contains("`disabili`"));
    assert!(
        at("\"sportello\"")
            .message
            .contains("pronto-intervento-sociale")
    );
    // A missing parameter is reported at the rule.
    let (line, _) = line_col(&text, "[[rule]]\nid = \"rapporto\"");
    assert!(
        errors
            .iter()
            .any(|d| d.line == Some(line) && d.message.contains("`per`")),
        "{errors:#?}"
    );
    // A percentage from 0 (written 0.0 too) to 100: 100.5 is not one.
    assert!(at("100.5").message.contains("from 0 to 100"));
    assert_eq!(errors.len(), 5, "{errors:#?}");
}

#[test]
fn an_unknown_rule_set_is_an_error_where_the_plan_names_it() {
    let (code, diags, text) = check_with(
        "",
        Some(("rules = [\"national\"]", "rules = [\"nazionale\"]")),
    );
    assert_eq!(code, 1);
    let (line, col) = line_col(&text, "\"nazionale\"");
    let d = diags.iter().find(|d| d.code == "rule-invalid").unwrap();
    assert_eq!((d.line, d.column), (Some(line), Some(col)));
    assert!(d.help.as_deref().unwrap_or("").contains("national"));
}

/// An outline written before the plan had rules still gets the rules page
/// (last), linked from the cover; `where` may name a scheme by its id, as a
/// card's `codes` do.
#[test]
fn the_rules_page_is_there_whatever_the_outline_and_where_names_a_scheme_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    fs::create_dir_all(&plan).unwrap();
    let mut text = fs::read_to_string(Path::new(PLAN).join("plan.toml")).unwrap();
    text = text.replace(
        "[check]",
        "[document]\noutline = [\"district\", \"funds\"]\n\n[check]",
    );
    text.push_str(
        "\n[[rule]]\nid = \"pis-quota\"\ntitle = \"Quota FNPS al pronto intervento\"\nsource = \"DGR 1/2024\"\nkind = \"fund-share\"\nfund = \"fondo-regionale\"\nmin = 10\nwhere = { leps = \"pronto-intervento-sociale\" }\n",
    );
    fs::write(plan.join("plan.toml"), text).unwrap();
    let out = dir.path().join("out");
    crate::common::build_ok(&plan, &out);
    let cover = fs::read_to_string(out.join("html/index.html")).unwrap();
    assert!(cover.contains("<a href=\"rules.html\">"), "{cover}");
    // 2024: the pronto intervento card plans 10,000 of the regional fund's
    // 60,000 (sad 50,000 + pis 10,000): 16.67%, met against 10%.
    let csv = fs::read_to_string(out.join("data/rules.csv")).unwrap();
    assert!(
        csv.contains("pis-quota,,fund-share,percent,2024,met,16.67,10.00,0.00,0,,,DGR 1/2024"),
        "{csv}"
    );
}

/// Absurd but valid input — a billion residents and FTE written with thirty
/// decimals — passes what exact arithmetic holds: the rule says n.d.,
/// never a wrong figure, and the tool does not panic.
#[test]
fn figures_past_exact_arithmetic_are_unknown_never_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("plan.toml"),
        "[plan]\ntitle = \"x\"\nauthority = \"y\"\nstart = 2024-01-01\nend = 2024-12-31\n\
         population = 999999999\nrules = [\"national\"]\n\n[check]\nallow = [\"rule-not-met\"]\n\n\
         [[staff]]\nprofile = \"social-worker\"\nyear = 2024\nfte = 5.123456789012345678901234567891\ncontract = \"permanent\"\n\n\
         [[staff]]\nprofile = \"social-worker\"\nyear = 2024\nfte = 7.000000000000000000000000000003\ncontract = \"permanent\"\n",
    )
    .unwrap();
    let out = run(&["summary", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let r = s["rules"].as_array().unwrap().to_vec();
    assert_eq!(
        years(&r, "leps-social-worker-5000"),
        ["2024 unknown null null null null null null"]
    );
}
