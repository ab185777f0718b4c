//! What every operation shares, written into the OpenAPI document once instead of on each
//! handler: the problems the server's common layers answer (authentication, body and query
//! parsing, the request timeout), a description on every response, `security: []` on the
//! operations that need no sign-in, and files as binary strings.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Ref, SchemaFormat, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{Content, ContentBuilder, OpenApi, RefOr};

pub struct Conventions;

impl utoipa::Modify for Conventions {
    fn modify(&self, openapi: &mut OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                document(operation);
            }
        }
    }
}

fn document(operation: &mut Operation) {
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
    }
    if in_path {
        statuses.push(404);
    }
    if in_query {
        statuses.push(422);
    }
    if operation.request_body.is_some() {
        statuses.extend([400, 413, 415, 422]);
    }
    if let Some(RefOr::T(body)) = &mut operation.request_body {
        body.content.iter_mut().for_each(binary_as_string);
    }
    let responses = &mut operation.responses.responses;
    for status in statuses {
        responses
            .entry(status.to_string())
            .or_insert_with(|| problem(status));
    }
    for (status, response) in responses.iter_mut() {
        if let RefOr::T(response) = response {
            if response.description.is_empty() {
                response.description = describe(status).to_owned();
            }
            response.content.iter_mut().for_each(binary_as_string);
        }
    }
}

/// utoipa writes a `Vec<u8>` body as an array of integers; a file is a binary string, and
/// generated clients then take and give bytes.
fn binary_as_string((media_type, content): (&String, &mut RefOr<Content>)) {
    let text = media_type.ends_with("json") || media_type.starts_with("text/");
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
