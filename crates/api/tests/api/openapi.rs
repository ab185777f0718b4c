/// The committed `openapi/openapi.json` is what `confitrek openapi` prints today. Regenerate
/// with `cargo run -p confitrek-api -- openapi > openapi/openapi.json` (or `just openapi`).
#[test]
fn the_committed_openapi_document_is_current() {
    let generated = confitrek_api::app::openapi().to_pretty_json().unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed.trim_end() == generated.trim_end(),
        "openapi/openapi.json is stale: run `just openapi` and commit the result"
    );
}

#[test]
fn every_operation_is_documented_with_a_summary_and_a_tag() {
    let doc = confitrek_api::app::openapi();
    let json = serde_json::to_value(&doc).unwrap();
    for (path, item) in json["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(
                operation["summary"].is_string(),
                "{method} {path} has no summary"
            );
            assert!(operation["tags"].is_array(), "{method} {path} has no tag");
        }
    }
}
