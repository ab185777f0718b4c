//! What every operation shares, written into the OpenAPI document once instead of on each
//! handler: the problems the server's common layers answer (authentication, body and query
//! parsing, the request timeout), a description on every response, `security: []` on the
//! operations that need no sign-in, files as binary strings, and the rule documents' own
//! schemas as the bodies of the operations that take them.

use confitrek_domain::compliance as engine;
use confitrek_domain::service_accounts::scope_of;
use utoipa::openapi::Required;
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Ref, Schema, SchemaFormat, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{Content, ContentBuilder, OpenApi, RefOr};

use crate::http::idempotency;

pub struct Conventions;

impl utoipa::Modify for Conventions {
    fn modify(&self, openapi: &mut OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            // SCIM answers its own errors (RFC 7644 §3.12), and 400 for what does not read.
            let scim = path.starts_with("/scim/");
            if let Some(operation) = &mut item.get {
                document(operation, false, scim);
                integrations(operation, "GET", path);
            }
            let changes = [
                ("PUT", &mut item.put),
                ("POST", &mut item.post),
                ("DELETE", &mut item.delete),
                ("PATCH", &mut item.patch),
            ];
            for (method, operation) in changes {
                if let Some(operation) = operation {
                    document(operation, true, scim);
                    integrations(operation, method, path);
                }
            }
        }
    }
}

/// The bodies that are rule documents (an agency requirement, a rule-set version), typed by
/// the JSON Schemas the domain derives from the very types that load them, under `Rule`
/// names beside the API's own.
pub struct RuleDocuments;

/// Where each rule document is a body, and the name its schema gets.
const RULE_BODIES: [(&str, &str, &str); 3] = [
    ("/api/v1/requirements", "post", REQUIREMENT_DOCUMENT),
    ("/api/v1/requirements/{id}", "put", REQUIREMENT_DOCUMENT),
    (
        "/api/v1/jurisdictions/{code}/versions",
        "post",
        RULE_SET_DOCUMENT,
    ),
];
const REQUIREMENT_DOCUMENT: &str = "RuleRequirementDocument";
const RULE_SET_DOCUMENT: &str = "RuleSetDocument";

impl utoipa::Modify for RuleDocuments {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, schema) in rule_schemas() {
            // A schema utoipa cannot hold would be dropped here; the test below keeps every
            // one of them whole.
            if let Ok(schema) = serde_json::from_value::<RefOr<Schema>>(schema) {
                components.schemas.insert(name, schema);
            }
        }
        for (path, method, name) in RULE_BODIES {
            let item = openapi.paths.paths.get_mut(path);
            let operation = item.and_then(|item| match method {
                "post" => item.post.as_mut(),
                _ => item.put.as_mut(),
            });
            if let Some(RefOr::T(body)) = operation.and_then(|o| o.request_body.as_mut()) {
                body.content.insert(
                    "application/json".into(),
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name(name)))
                        .into(),
                );
            }
        }
    }
}

/// The rule documents' schemas and their definitions, rewritten for an OpenAPI document:
/// references into `#/components/schemas/Rule…`, `const` as a one-value `enum` (which
/// utoipa's model holds), no `$schema`, no default that is null or an object.
fn rule_schemas() -> Vec<(String, serde_json::Value)> {
    let roots = [
        (REQUIREMENT_DOCUMENT, engine::requirement_schema()),
        (RULE_SET_DOCUMENT, engine::rule_set_schema()),
    ];
    let mut schemas = std::collections::BTreeMap::new();
    for (name, mut root) in roots {
        if let Some(object) = root.as_object_mut() {
            object.remove("$schema");
            if let Some(serde_json::Value::Object(definitions)) = object.remove("definitions") {
                for (definition, mut schema) in definitions {
                    for_openapi(&mut schema);
                    schemas.insert(format!("Rule{definition}"), schema);
                }
            }
        }
        for_openapi(&mut root);
        schemas.insert(name.to_owned(), root);
    }
    schemas.into_iter().collect()
}

fn for_openapi(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(object) => {
            if let Some(serde_json::Value::String(target)) = object.get_mut("$ref")
                && let Some(name) = target.strip_prefix("#/definitions/")
            {
                *target = format!("#/components/schemas/Rule{name}");
            }
            // A default of null says no more than an optional field does; an object's default
            // (every list empty) is what its description says omission means, and client
            // generators refuse a model with a default.
            if object
                .get("default")
                .is_some_and(|d| d.is_null() || d.is_object())
            {
                object.remove("default");
            }
            if let Some(constant) = object.remove("const") {
                object.insert("enum".into(), serde_json::Value::Array(vec![constant]));
            }
            object.values_mut().for_each(for_openapi);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(for_openapi),
        _ => {}
    }
}

/// `changes`: the operation writes, so a browser's request with the session cookie from
/// another site's page is refused (403, `http::defences`), even where no sign-in is needed.
/// `scim`: an operation of `/scim/v2`, whose refusals are SCIM errors.
fn document(operation: &mut Operation, changes: bool, scim: bool) {
    // `security(())` on a handler means "no sign-in"; utoipa writes it as one empty
    // requirement (`[{}]`, "optional"), which generators read as needing credentials.
    let public = operation
        .security
        .as_ref()
        .is_some_and(|s| s.iter().all(|r| *r == SecurityRequirement::default()));
    if public {
        operation.security = Some(Vec::new());
    }
    let parameters = operation.parameters.iter().flatten();
    let (mut in_path, mut in_query) = (false, false);
    for parameter in parameters {
        if let RefOr::T(p) = parameter {
            in_path |= matches!(p.parameter_in, ParameterIn::Path);
            in_query |= matches!(p.parameter_in, ParameterIn::Query);
        }
    }
    let mut statuses = vec![503];
    if !public {
        statuses.extend([401, 403]);
    } else if changes {
        statuses.push(403);
    }
    if in_path {
        statuses.push(404);
    }
    let invalid = if scim { 400 } else { 422 };
    if in_query {
        statuses.push(invalid);
    }
    if operation.request_body.is_some() {
        statuses.extend([400, 413, 415, invalid]);
    }
    if let Some(RefOr::T(body)) = &mut operation.request_body {
        body.content.iter_mut().for_each(binary_as_string);
    }
    let responses = &mut operation.responses.responses;
    for status in statuses {
        responses.entry(status.to_string()).or_insert_with(|| {
            // The request timeout answers before any SCIM code runs.
            if scim && status != 503 {
                scim_error(status)
            } else {
                problem(status)
            }
        });
    }
    for (status, response) in responses.iter_mut() {
        if let RefOr::T(response) = response {
            if response.description.is_empty() {
                response.description = if scim {
                    describe_scim(status)
                } else {
                    describe(status)
                }
                .to_owned();
            }
            response.content.iter_mut().for_each(binary_as_string);
        }
    }
}

/// What other systems need to know of an operation: whether an API key may call it and
/// with which scope (rate-limited, so 429), and whether it honours `Idempotency-Key`.
fn integrations(operation: &mut Operation, method: &str, path: &str) {
    let public = operation.security.as_ref().is_some_and(Vec::is_empty);
    if let Some(scope) = scope_of(method, path).filter(|_| !public) {
        operation.security = Some(vec![
            SecurityRequirement::new::<_, _, &str>("bearer", []),
            SecurityRequirement::new::<_, _, &str>("session_cookie", []),
            SecurityRequirement::new("api_key", [scope.as_str()]),
        ]);
        let responses = &mut operation.responses.responses;
        responses
            .entry("429".into())
            .or_insert_with(|| problem(429));
    }
    if method == "POST" && idempotency::OPERATIONS.contains(&path) {
        let header = ParameterBuilder::new()
            .name(idempotency::HEADER)
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(format!(
                "Makes a retry safe: the same key with the same request within {} hours answers the first answer again (with `{}: true`) and writes nothing. 1 to {} visible ASCII characters, e.g. a UUID.",
                idempotency::KEPT_FOR.whole_hours(),
                idempotency::REPLAYED,
                idempotency::KEY_MAX
            )))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(idempotency::KEY_MAX)),
            ))
            .build();
        operation
            .parameters
            .get_or_insert_with(Vec::new)
            .push(RefOr::T(header));
        let responses = &mut operation.responses.responses;
        let busy = "A request with the same Idempotency-Key is still being answered.";
        match responses.get_mut("409") {
            Some(RefOr::T(conflict)) => {
                let own = conflict.description.trim_end_matches('.');
                conflict.description = format!(
                    "{own}; or a request with the same Idempotency-Key is still being answered."
                );
            }
            _ => {
                let mut conflict = problem(409);
                if let RefOr::T(response) = &mut conflict {
                    response.description = busy.to_owned();
                }
                responses.insert("409".into(), conflict);
            }
        }
        responses
            .entry("422".into())
            .or_insert_with(|| problem(422));
    }
}

/// utoipa writes a `Vec<u8>` body as an array of integers; a file is a binary string, and
/// generated clients then take and give bytes. A form keeps its fields.
fn binary_as_string((media_type, content): (&String, &mut RefOr<Content>)) {
    let text = media_type.ends_with("json")
        || media_type.starts_with("text/")
        || media_type == "application/x-www-form-urlencoded";
    if let (false, RefOr::T(content)) = (text, content) {
        content.schema = Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
                .into(),
        );
    }
}

fn problem(status: u16) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(describe(&status.to_string()))
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .into()
}

fn scim_error(status: u16) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(describe_scim(&status.to_string()))
        .content(
            confitrek_types::scim::SCIM_MEDIA_TYPE,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ScimError")))
                .build(),
        )
        .into()
}

/// What each status means under `/scim/v2`, for responses whose handler says nothing more.
fn describe_scim(status: &str) -> &'static str {
    match status {
        "400" => {
            "The request does not read as SCIM, or a value or filter cannot be kept: `scimType` says which (`invalidSyntax`, `invalidValue`, `invalidFilter`, `invalidPath`, `noTarget`) and `detail` names the attribute."
        }
        "401" => "No SCIM token, or one revoked or expired.",
        "403" => {
            "A person's sign-in instead of a SCIM token, or the agency is read-only (cancelled)."
        }
        "404" => "No such resource in the token's agency (another agency's answers the same).",
        "413" => "The body is larger than the server accepts.",
        "415" => "The body is not JSON (send `application/scim+json`).",
        other => describe(other),
    }
}

/// What each status means in this API, for responses whose handler says nothing more.
fn describe(status: &str) -> &'static str {
    match status {
        "200" => "Done; the body holds the result.",
        "201" => "Created; the body holds what was created.",
        "204" => "Done; there is no body.",
        "400" => "The body or a parameter could not be read at all (not JSON, empty, truncated).",
        "401" => "Not signed in: no valid bearer token or session cookie.",
        "403" => "Signed in, but the caller's role or permissions do not allow this.",
        "404" => {
            "Nothing with this id in the caller's agency (another agency's id answers the same)."
        }
        "409" => {
            "The request conflicts with the current state (a duplicate, or records that still refer to it)."
        }
        "413" => "The body is larger than the server accepts.",
        "415" => "The body's Content-Type is not one this operation accepts.",
        "422" => "One or more fields are invalid; `errors` names each field with a reason.",
        "429" => "Too many requests; wait as long as `Retry-After` says.",
        "503" => {
            "The request took longer than the server allows and was abandoned; nothing was changed. Retry after `Retry-After` seconds."
        }
        _ => "See the problem's `detail`.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every keyword of the rule documents' schemas survives utoipa's model: nothing the
    /// loader checks goes missing from the document.
    #[test]
    fn the_rule_schemas_are_carried_whole() {
        let schemas = rule_schemas();
        assert!(schemas.iter().any(|(n, _)| n == REQUIREMENT_DOCUMENT));
        assert!(schemas.iter().any(|(n, _)| n == RULE_SET_DOCUMENT));
        for (name, schema) in schemas {
            let held: RefOr<Schema> = serde_json::from_value(schema.clone()).unwrap();
            let back = serde_json::to_value(&held).unwrap();
            assert_eq!(back, schema, "{name} changed on its way through utoipa");
        }
    }
}
