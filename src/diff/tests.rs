//! Unit tests of the comparison: every key of the format is compared, and
//! money differs from nothing only where nothing means zero.

use super::entities::serialised_fields;
use super::*;

/// Every key the input format has (the JSON Schema, made from what the
/// decoder reads) is compared by `diff`: each collection is an entity
/// kind, and each key is in what the model serialises for it — which
/// `serialised_fields` compares by construction — or compared by hand.
#[test]
fn money_differs_from_nothing_only_where_nothing_means_zero() {
    let m = |cents| Some(Value::Money(Money::from_cents(cents)));
    type Case = (&'static str, Option<Value>, Option<Value>, Option<i64>);
    let cases: [Case; 7] = [
        ("fna planned 2025", None, m(100), Some(100)),
        ("fna allocation 2025", m(100), None, Some(-100)),
        ("budget fna committed 2025", None, m(100), Some(100)),
        ("fna actual 2025", None, m(100), None),
        ("budget fna paid 2025 origin 2024", m(100), None, None),
        ("fna actual 2025", m(100), m(250), Some(150)),
        ("title", None, Some(Value::Text("x".into())), None),
    ];
    for (name, old, new, expected) in cases {
        let change = field_change(name, old.as_ref(), new.as_ref());
        assert_eq!(change.difference.map(|d| d.cents()), expected, "{name}");
    }
}

#[test]
fn every_key_of_the_schema_is_compared() {
    let a = crate::app::analyse(std::path::Path::new("examples/demo"));
    let plan = a.plan.expect("the demo checks");
    let schema: serde_json::Value =
        serde_json::from_str(&crate::decode::json_schema_text()).unwrap();
    let collections = schema["properties"].as_object().unwrap();
    // Keys written one way and modelled another.
    fn modelled<'k>(collection: &str, key: &'k str) -> &'k str {
        match (collection, key) {
            (_, "intro_file") => "intro",
            ("chapter", "file") => "text",
            ("scheme", "code") => "codes",
            ("spending", "benchmark") => "benchmarks",
            (_, other) => other,
        }
    }
    let kinds: Vec<&str> = entities(&plan).iter().map(|(k, _)| *k).collect();
    let mut missing = Vec::new();
    for (collection, def) in collections {
        let serialised = |v: serde_json::Value| -> Vec<String> {
            let first = match v {
                serde_json::Value::Array(items) => items.into_iter().next(),
                other => Some(other),
            };
            match first {
                Some(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
                _ => Vec::new(),
            }
        };
        let model = serde_json::to_value(&plan).unwrap();
        let field = match collection.as_str() {
            "activity" => "activities".to_string(),
            "annex" => "annexes".to_string(),
            "body" => "bodies".to_string(),
            "municipality" => "municipalities".to_string(),
            "signatory" => "signatories".to_string(),
            "stated_total" => "stated_totals".to_string(),
            "staff" => "staff".to_string(),
            "plan" | "process" | "document" | "spending" | "check" | "ambito" | "agreement" => {
                collection.clone()
            }
            other => format!("{other}s"),
        };
        let keys = serialised(model[&field].clone());
        assert!(!keys.is_empty(), "the demo has no {collection}");
        let kind_known = kinds.contains(&collection.as_str())
            || ([
                "plan",
                "process",
                "document",
                "spending",
                "check",
                "ambito",
                "agreement",
            ]
            .contains(&collection.as_str())
                && kinds.contains(&"plan-table"));
        if !kind_known {
            missing.push(format!("{collection} (no entity kind)"));
        }
        let props = def
            .get("items")
            .unwrap_or(def)
            .get("properties")
            .and_then(|p| p.as_object())
            .cloned()
            .unwrap_or_default();
        for key in props.keys() {
            if !keys.iter().any(|k| k == modelled(collection, key)) {
                missing.push(format!("{collection}.{key}"));
            }
        }
    }
    assert!(missing.is_empty(), "not compared by diff: {missing:?}");
}

#[test]
fn a_key_no_field_names_is_compared_as_the_model_writes_it() {
    let mut fields = Fields::new();
    serialised_fields(
        &serde_json::json!({
            "id": "x", "delivery": "tender",
            "contacts": [{ "name": "A", "email": null }],
            "targets": [{ "year": 2025, "value": 3 }],
        }),
        &["id"],
        &mut fields,
    );
    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "contacts[0].name",
            "delivery",
            "targets 2025.value",
            "targets 2025.year"
        ]
    );
}
