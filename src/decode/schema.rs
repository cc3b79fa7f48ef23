//! The JSON Schema of the input format (for editors), made from the decoder's
//! own description of the keys it reads: one list of keys, never two.

use serde_json::{Map, Value, json};

use super::{KeySpec, Ty, describe};

/// What a few tables are, for editors' tooltips.
const DESCRIPTIONS: &[(&str, &str)] = &[
    ("plan", "The plan's identity"),
    ("process", "The process card"),
    ("document", "Identity and outline of the document"),
    ("spending", "Social spending"),
    ("check", "Warnings the plan accepts knowingly"),
    ("role", "The pilot group and its functions"),
    ("body", "Governance bodies"),
    ("organisation", "Stakeholders"),
    ("phase", "Phases of the process"),
    ("area", "Policy areas"),
    ("activity", "Activities and projects of an area"),
    ("table", "Tables and working groups"),
    ("meeting", "Meetings, or aggregates of several sessions"),
    ("recommendation", "Outputs of workshops and tables"),
    ("milestone", "The outcome"),
    ("annex", "Annexes, copied into the output"),
    ("chapter", "Chapters of prose"),
    (
        "stated_total",
        "A total an act states, checked against the figures",
    ),
    (
        "staff",
        "The district's social-services workforce, by year and profile",
    ),
];

fn ty(t: &Ty) -> Value {
    let list = |items: Value| json!({ "type": "array", "items": items });
    match t {
        Ty::String => json!({ "type": "string" }),
        Ty::Id => json!({ "$ref": "#/definitions/id" }),
        Ty::Bool => json!({ "type": "boolean" }),
        Ty::Int(min, max) => {
            let mut v = json!({ "type": "integer", "minimum": min });
            if *max < i64::MAX {
                v["maximum"] = json!(max);
            }
            v
        }
        Ty::Date => json!({ "type": "string", "format": "date" }),
        Ty::Money => json!({ "$ref": "#/definitions/money" }),
        Ty::Percent => json!({ "type": "number", "minimum": 0, "maximum": 100 }),
        Ty::Choice(allowed) => json!({ "enum": allowed }),
        Ty::Strings => list(json!({ "type": "string" })),
        Ty::StringOrStrings => json!({ "oneOf": [
            { "type": "string" },
            list(json!({ "type": "string" })),
        ]}),
        Ty::Choices(allowed) => json!({ "oneOf": [
            { "enum": allowed },
            list(json!({ "enum": allowed })),
        ]}),
        Ty::Ids => list(json!({ "$ref": "#/definitions/id" })),
        Ty::Md => json!({ "type": "string", "description": "(Markdown)" }),
        Ty::Mds => list(json!({ "type": "string", "description": "(Markdown)" })),
        Ty::MdFile => json!({
            "type": "string",
            "description": "Markdown file, relative to the plan root",
        }),
        Ty::MoneyMap => json!({
            "type": "object",
            "additionalProperties": { "$ref": "#/definitions/money" },
            "description": "source → amount",
        }),
        Ty::Number => json!({ "type": "number" }),
        Ty::StringListMap => json!({
            "type": "object",
            "additionalProperties": { "oneOf": [
                { "type": "string" },
                list(json!({ "type": "string" })),
            ]},
            "description": "scheme → code or codes",
        }),
        Ty::Tables(keys) => list(object(keys)),
        Ty::Table(keys) => object(keys),
        Ty::IdsOrTables(keys) => list(json!({ "oneOf": [{ "type": "string" }, object(keys)] })),
    }
}

fn object(keys: &[KeySpec]) -> Value {
    let properties: Map<String, Value> = keys
        .iter()
        .map(|k| (k.key.to_string(), ty(&k.ty)))
        .collect();
    let required: Vec<&str> = keys.iter().filter(|k| k.required).map(|k| k.key).collect();
    let mut v = json!({
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
    });
    if !required.is_empty() {
        v["required"] = json!(required);
    }
    v
}

/// The schema, as `welfare-plan schema` prints it.
pub fn json_schema() -> Value {
    let mut properties = Map::new();
    for (name, collection, keys) in describe() {
        let mut def = object(&keys);
        // What each key means, for editors' hover.
        if let Some(props) = def["properties"].as_object_mut() {
            for (key, prop) in props.iter_mut() {
                if let Some(meaning) = super::key_docs::meaning(name, key) {
                    let kind = prop.get("description").and_then(Value::as_str);
                    let text = match kind {
                        Some(k) => format!("{meaning} {k}"),
                        None => meaning.to_string(),
                    };
                    prop["description"] = json!(text);
                }
            }
        }
        if let Some((_, d)) = DESCRIPTIONS.iter().find(|(n, _)| *n == name) {
            def["description"] = json!(d);
        }
        let def = if collection {
            json!({ "type": "array", "items": def })
        } else {
            def
        };
        properties.insert(name.to_string(), def);
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://welfare-plan.example/schema/welfare-plan.schema.json",
        "title": "welfare-plan input file",
        "description": "Any TOML file of a welfare-plan plan directory. [plan], [process], [document], [spending] and [check] belong in plan.toml only.",
        "type": "object",
        "additionalProperties": false,
        "definitions": {
            "id": { "type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$" },
            "money": {
                "description": "Euros: an integer, a number with at most two decimals, or a string \"1234.56\"",
                "oneOf": [
                    { "type": "integer", "minimum": 0 },
                    { "type": "number", "minimum": 0, "multipleOf": 0.01 },
                    { "type": "string", "pattern": "^[0-9]+(\\.[0-9]{1,2})?$" },
                ],
            },
        },
        "properties": properties,
    })
}

/// The schema as text, pretty-printed with a final newline.
pub fn json_schema_text() -> String {
    // Writing a `Value` cannot fail: its keys are strings.
    let mut text = serde_json::to_string_pretty(&json_schema()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    /// Every key of every collection says what it means (editors show it).
    #[test]
    fn every_key_has_a_description() {
        let schema = super::json_schema();
        let mut missing = Vec::new();
        for (name, def) in schema["properties"].as_object().unwrap() {
            let item = def.get("items").unwrap_or(def);
            for (key, prop) in item["properties"].as_object().unwrap() {
                if super::super::key_docs::meaning(name, key).is_none()
                    || prop.get("description").is_none()
                {
                    missing.push(format!("{name}.{key}"));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "keys without a description in key_docs.rs: {missing:?}"
        );
    }
}
