//! The JSON Schema of the rule-set files: the committed copy is current, the shipped rule sets
//! conform to it, and it refuses what the loader refuses for its shape.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step of a test is a failed test

use confitrek_domain::compliance::{
    RuleSet, agency_requirement, requirement_schema, rule_set_schema,
};
use serde_json::{Value, json};

const FILES: [(&str, &str); 4] = [
    ("rules/mn.toml", include_str!("../../../rules/mn.toml")),
    ("rules/in.toml", include_str!("../../../rules/in.toml")),
    ("rules/oh.toml", include_str!("../../../rules/oh.toml")),
    ("rules/or.toml", include_str!("../../../rules/or.toml")),
];

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap()
}

/// A TOML document as JSON, as an editor's validator sees it.
fn as_json(text: &str) -> Value {
    serde_json::to_value(toml::from_str::<toml::Value>(text).unwrap()).unwrap()
}

fn problems(validator: &jsonschema::Validator, document: &Value) -> Vec<String> {
    validator
        .iter_errors(document)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Regenerate with `cargo run -q -p confitrek-api -- rules schema > rules/schema.json`.
#[test]
fn the_committed_schema_is_current() {
    let generated = serde_json::to_string_pretty(&rule_set_schema()).unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/schema.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed.trim_end() == generated,
        "rules/schema.json is stale: run `cargo run -q -p confitrek-api -- rules schema > rules/schema.json` and commit the result"
    );
}

#[test]
fn the_schema_is_a_draft_7_schema_with_dates_as_strings() {
    let schema = rule_set_schema();
    assert!(jsonschema::meta::is_valid(&schema));
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(
        schema["properties"]["effective_from"]["type"],
        json!("string")
    );
    assert_eq!(schema["properties"]["effective_from"]["format"], "date");
    let requirement = &schema["definitions"]["Requirement"];
    assert_eq!(
        requirement["properties"]["effective_until"]["format"],
        "date"
    );
    assert_eq!(requirement["additionalProperties"], false);
    assert!(jsonschema::meta::is_valid(&requirement_schema()));
}

#[test]
fn every_shipped_rule_set_conforms_to_the_schema() {
    let validator = validator(&rule_set_schema());
    for (file, text) in FILES {
        let document = as_json(text);
        assert_eq!(
            problems(&validator, &document),
            Vec::<String>::new(),
            "{file}"
        );
    }
}

#[test]
fn the_schema_refuses_what_the_loader_refuses_for_its_shape() {
    let validator = validator(&rule_set_schema());
    let (file, text) = FILES[0];
    // (what is wrong, the change to the first requirement of rules/mn.toml)
    let cases: [(&str, &str, &str); 8] = [
        (
            "a misspelt field",
            "minimum_hours = 48",
            "minimum_hour = 48",
        ),
        (
            "a measure of no known kind",
            "measure = { kind = \"hours\", minimum_hours = 48 }",
            "measure = { kind = \"minutes\", minimum_hours = 48 }",
        ),
        (
            "a period of no known kind",
            "period = { kind = \"license_cycle\", years = 3, end_month = 6, end_day = 30, first_cycle_years = 3 }\nmeasure = { kind = \"hours\", minimum_hours = 48 }",
            "period = { kind = \"decade\" }\nmeasure = { kind = \"hours\", minimum_hours = 48 }",
        ),
        (
            "hours written as text",
            "minimum_hours = 48",
            "minimum_hours = \"48\"",
        ),
        (
            "an unquoted TOML date",
            "effective_from = \"2018-07-01\"",
            "effective_from = 2018-07-01",
        ),
        (
            "a date that does not exist",
            "effective_from = \"2018-07-01\"",
            "effective_from = \"2018-13-01\"",
        ),
        (
            "a month that is not a month",
            "end_month = 6, end_day = 30, first_cycle_years = 3 }\nmeasure = { kind = \"hours\", minimum_hours = 48 }",
            "end_month = 13, end_day = 30, first_cycle_years = 3 }\nmeasure = { kind = \"hours\", minimum_hours = 48 }",
        ),
        (
            "a status that is not a status",
            "applies = { statuses = [\"active\", \"inactive\"] }",
            "applies = { statuses = [\"active\", \"retired\"] }",
        ),
    ];
    for (what, from, to) in cases {
        assert!(text.contains(from), "{what}: the example no longer matches");
        let broken = text.replacen(from, to, 1);
        assert!(
            !problems(&validator, &as_json(&broken)).is_empty(),
            "the schema accepts {what}"
        );
        assert!(
            RuleSet::from_toml(file, &broken).is_err(),
            "the loader accepts {what}"
        );
    }
}

#[test]
fn an_agency_requirement_conforms_to_the_requirement_schema() {
    let validator = validator(&requirement_schema());
    let document = json!({
        "id": "agency.taser_recert",
        "title": "TASER recertification every year",
        "citations": ["Policy 300.4"],
        "period": { "kind": "rolling", "months": 12 },
        "measure": { "kind": "credential", "credential_type": "taser_user" },
        "effective_from": "2025-01-01",
    });
    assert_eq!(problems(&validator, &document), Vec::<String>::new());
    assert!(agency_requirement(document.clone(), None).is_ok());
    let mut broken = document;
    broken["measure"]["credential"] = json!("taser_user");
    assert!(!problems(&validator, &broken).is_empty());
    assert!(agency_requirement(broken, None).is_err());
}
