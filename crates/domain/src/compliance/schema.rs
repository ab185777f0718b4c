//! The JSON Schema of the rule-set documents, derived from the very types that load them, so
//! that it cannot say something the loader does not do. Committed as `rules/schema.json` for
//! editors (taplo, Even Better TOML) and integrators; a test fails when that copy is stale.
//!
//! The schema describes the shape of a document: fields, types, the kinds of periods and
//! measures. What only the whole document can tell (a citation that names no source, a topic
//! that is not among the topics) is checked by loading it: `confitrek rules check`.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

/// Draft 7: the dialect most editors and validators understand.
pub(super) fn root<T: JsonSchema>(title: &str) -> serde_json::Value {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    schema.to_value()
}

/// A calendar date. In TOML it is written as a quoted string: an unquoted TOML date does not
/// load.
pub(super) fn date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "format": "date",
        "description": "A date written YYYY-MM-DD; in TOML, as a quoted string (\"2024-07-01\").",
    })
}

/// An optional date: absent (or, in JSON, `null`) for none.
pub(super) fn optional_date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": ["string", "null"],
        "format": "date",
        "description": "A date written YYYY-MM-DD; in TOML, as a quoted string (\"2024-07-01\").",
    })
}
