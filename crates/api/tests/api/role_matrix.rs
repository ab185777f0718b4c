//! The role matrix: every operation of the OpenAPI document, asked by every role, answers as
//! `role_matrix.toml` says (refused, or let past the permission check). An operation of the
//! document without its row, or a row of an operation the document no longer has, fails.
//!
//! Every operation that needs a sign-in is also asked with API keys: one of an account with
//! every scope, let past only where the operation lists the scope it needs
//! (`confitrek_domain::service_accounts::SCOPED_OPERATIONS`), and one of an account with
//! every scope but that one, refused.

use std::collections::{BTreeMap, BTreeSet};

use confitrek_api::db::users;
use confitrek_domain::permissions::Role;
use confitrek_domain::service_accounts::{ApiScope, scope_of};
use confitrek_types::{
    ApiKeyCreated, ApiKeyInput, CalendarFeedDto, CalendarFeedKind, ServiceAccountDto,
    ServiceAccountInput, TrainingRecordDto, TrainingRecordInput, TrainingRequestDto,
    TrainingRequestInput,
};
use futures_util::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(every_role_gets_what_the_matrix_says_of_every_operation);

const OPENAPI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
const MATRIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/role_matrix.toml");

/// The roles, least privileged first: an operation's requests go in this order, so that one
/// which changes its object (deletes, verifies, withdraws it) comes after those refused.
const ROLES: [&str; 6] = [
    "anonymous",
    "platform_operator",
    "officer",
    "supervisor",
    "coordinator",
    "agency_admin",
];

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// Operations asked at once (each asks its roles one after another).
const AT_ONCE: usize = 8;

/// An operation of the OpenAPI document.
struct Operation {
    key: String,
    method: Method,
    template: String,
    spec: Value,
}

/// A row of the matrix.
struct Row {
    /// Whether each role is let past the permission check.
    allowed: BTreeMap<String, bool>,
    path: BTreeMap<String, String>,
    query: BTreeMap<String, String>,
    body: Option<String>,
    alone: bool,
    /// Known bugs: the answer a role gets today where it disagrees with its outcome.
    known: BTreeMap<String, u16>,
}

fn read_document() -> Value {
    serde_json::from_str(&std::fs::read_to_string(OPENAPI).unwrap()).unwrap()
}

fn operations(doc: &Value) -> Vec<Operation> {
    let mut found = Vec::new();
    for (template, item) in doc["paths"].as_object().unwrap() {
        for (method, spec) in item.as_object().unwrap() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            found.push(Operation {
                key: format!("{method} {template}"),
                method,
                template: template.clone(),
                spec: spec.clone(),
            });
        }
    }
    found
}

fn strings(
    value: Option<&Value>,
    what: &str,
    key: &str,
    problems: &mut Vec<String>,
) -> BTreeMap<String, String> {
    let Some(value) = value else {
        return BTreeMap::new();
    };
    let Some(table) = value.as_object() else {
        problems.push(format!("{key}: `{what}` is not a table"));
        return BTreeMap::new();
    };
    table
        .iter()
        .filter_map(|(k, v)| match v.as_str() {
            Some(s) => Some((k.clone(), s.to_owned())),
            None => {
                problems.push(format!("{key}: `{what}.{k}` is not a string"));
                None
            }
        })
        .collect()
}

/// The matrix's rows, or every problem with them: operations of the document without a row,
/// rows of operations the document does not have, rows that do not read.
fn read_matrix(operations: &[Operation]) -> Result<BTreeMap<String, Row>, Vec<String>> {
    let text = std::fs::read_to_string(MATRIX).unwrap();
    let table: Map<String, Value> = toml::from_str(&text).map_err(|e| vec![e.to_string()])?;
    let mut problems = Vec::new();
    let known: BTreeSet<&str> = operations.iter().map(|o| o.key.as_str()).collect();
    for op in &known {
        if !table.contains_key(*op) {
            problems.push(format!(
                "{op}: an operation of the document without its row"
            ));
        }
    }
    let mut rows = BTreeMap::new();
    for (key, value) in &table {
        if !known.contains(key.as_str()) {
            problems.push(format!(
                "{key}: a row of an operation the document does not have"
            ));
            continue;
        }
        let Some(fields) = value.as_object() else {
            problems.push(format!("{key}: not a table"));
            continue;
        };
        let mut allowed = BTreeMap::new();
        for role in ROLES {
            match fields.get(role).and_then(Value::as_str) {
                Some("allow") => allowed.insert(role.to_owned(), true),
                Some("deny") => allowed.insert(role.to_owned(), false),
                _ => {
                    problems.push(format!("{key}: `{role}` must be \"allow\" or \"deny\""));
                    None
                }
            };
        }
        for field in fields.keys() {
            let known_field = ROLES.contains(&field.as_str())
                || ["path", "query", "body", "alone", "known"].contains(&field.as_str());
            if !known_field {
                problems.push(format!("{key}: unknown key `{field}`"));
            }
        }
        let mut known = BTreeMap::new();
        for (role, status) in fields
            .get("known")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            match status.as_u64().and_then(|s| u16::try_from(s).ok()) {
                Some(status) if ROLES.contains(&role.as_str()) => {
                    known.insert(role.clone(), status);
                }
                _ => problems.push(format!("{key}: `known.{role}` must be a role's status")),
            }
        }
        let row = Row {
            allowed,
            path: strings(fields.get("path"), "path", key, &mut problems),
            query: strings(fields.get("query"), "query", key, &mut problems),
            body: fields
                .get("body")
                .and_then(Value::as_str)
                .map(str::to_owned),
            alone: fields
                .get("alone")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            known,
        };
        rows.insert(key.clone(), row);
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// Follows `$ref`s to the schema itself.
fn resolve<'a>(doc: &'a Value, mut schema: &'a Value) -> &'a Value {
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        schema = doc.pointer(reference.trim_start_matches('#')).unwrap();
    }
    schema
}

/// The least value of `schema`: its required fields only, the first of each choice.
fn example(doc: &Value, schema: &Value, name: &str) -> Value {
    let schema = resolve(doc, schema);
    for choice in ["oneOf", "anyOf"] {
        if let Some(options) = schema.get(choice).and_then(Value::as_array) {
            let option = options
                .iter()
                .find(|o| resolve(doc, o).get("type") != Some(&json!("null")))
                .unwrap();
            return example(doc, option, name);
        }
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(fields) = example(doc, part, name) {
                merged.extend(fields);
            }
        }
        return Value::Object(merged);
    }
    if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
        return first.clone();
    }
    let kind = match schema.get("type") {
        Some(Value::Array(kinds)) => kinds.iter().find(|k| *k != "null").cloned(),
        other => other.cloned(),
    };
    let least = || schema.get("minimum").cloned().unwrap_or(json!(1));
    match kind.as_ref().and_then(Value::as_str) {
        Some("array") => json!([]),
        Some("boolean") => json!(false),
        Some("integer" | "number") => least(),
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("uuid") if name == "person_id" => json!("$officer_person"),
            Some("uuid") => json!(Uuid::now_v7()),
            Some("date") => json!("2026-01-15"),
            Some("date-time") => json!("2026-01-15T12:00:00Z"),
            _ => json!("x"),
        },
        _ => {
            let required: BTreeSet<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let fields = schema
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| {
                    p.iter()
                        .filter(|(field, _)| required.contains(field.as_str()))
                        .map(|(field, s)| (field.clone(), example(doc, s, field)))
                        .collect()
                })
                .unwrap_or_default();
            Value::Object(fields)
        }
    }
}

fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The parameters of an operation in `place` (`path`, `query`), with whether each is required
/// and an example of it.
fn parameters(doc: &Value, op: &Operation, place: &str) -> Vec<(String, bool, String)> {
    op.spec
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| resolve(doc, p))
        .filter(|p| p["in"] == place)
        .map(|p| {
            let name = p["name"].as_str().unwrap().to_owned();
            let value = as_text(&example(doc, &p["schema"], &name));
            (name, p["required"] == json!(true), value)
        })
        .collect()
}

enum Body {
    None,
    Json(Value),
    Form(String),
    Raw(String, Vec<u8>),
}

/// A request of the operation, its placeholders (`$name`) still to fill.
struct Request {
    path: String,
    query: Vec<(String, String)>,
    body: Body,
}

fn request(doc: &Value, op: &Operation, row: &Row) -> Request {
    let mut path = op.template.clone();
    for (name, _, value) in parameters(doc, op, "path") {
        let value = row.path.get(&name).cloned().unwrap_or(value);
        path = path.replace(&format!("{{{name}}}"), &value);
    }
    let query = parameters(doc, op, "query")
        .into_iter()
        .filter_map(|(name, required, value)| match row.query.get(&name) {
            Some(given) => Some((name, given.clone())),
            None if required => Some((name, value)),
            None => None,
        })
        .collect();
    let body = match op.spec.get("requestBody") {
        None => Body::None,
        Some(spec) => {
            let spec = resolve(doc, spec);
            let (content_type, media) = spec["content"].as_object().unwrap().iter().next().unwrap();
            let mut value = example(doc, &media["schema"], "");
            if let Some(over) = &row.body {
                let over: Value = serde_json::from_str(over)
                    .unwrap_or_else(|e| panic!("{}: the body does not read: {e}", op.key));
                match (&mut value, over) {
                    (Value::Object(fields), Value::Object(given)) => fields.extend(given),
                    (_, given) => value = given,
                }
            }
            match content_type.as_str() {
                "application/json" => Body::Json(value),
                "application/x-www-form-urlencoded" => {
                    let mut form = form_urlencoded::Serializer::new(String::new());
                    for (name, v) in value.as_object().unwrap() {
                        form.append_pair(name, &as_text(v));
                    }
                    Body::Form(form.finish())
                }
                other => Body::Raw(
                    other.to_owned(),
                    b"first_name,last_name,badge\nPat,Matrix,RM-9\n".to_vec(),
                ),
            }
        }
    };
    Request { path, query, body }
}

/// What the test made in the seeded agency, for the placeholders of the matrix.
struct World {
    vars: BTreeMap<&'static str, String>,
    emails: BTreeMap<&'static str, String>,
    /// A signed-in client per role, for the operations that do not run alone.
    tokens: BTreeMap<&'static str, String>,
    officer: Api,
    client: reqwest::Client,
    /// API keys: of an account with every scope, and of accounts with all scopes but one.
    key_with_all: String,
    keys_without: BTreeMap<ApiScope, String>,
}

async fn login_id(app: &TestApp, email: &str) -> Uuid {
    users::find_by_email(&app.db, email)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn world(app: &TestApp) -> World {
    let agency = app.seed_agency("Alpha").await;
    // The use-of-force operations answer 404 in an agency without the module.
    app.enable_uof(agency.id).await;
    let operator = "operator@platform.test";
    app.seed_user(None, operator, Role::PlatformOperator, None)
        .await;
    let spare = app
        .seed_person(agency.id, "Pat", "Spare", "ALPHA-SP1", Some("Patrol"))
        .await;
    let erasable = app
        .seed_person(agency.id, "Eve", "Erasable", "ALPHA-SP2", Some("Patrol"))
        .await;
    let (throwaway, signin) = ("throwaway@alpha.test", "signin@alpha.test");
    for email in [throwaway, signin] {
        app.seed_user(Some(agency.id), email, Role::Officer, None)
            .await;
    }
    let emails = BTreeMap::from([
        ("platform_operator", operator.to_owned()),
        ("agency_admin", agency.admin.clone()),
        ("coordinator", agency.coordinator.clone()),
        ("supervisor", agency.supervisor.clone()),
        ("officer", agency.officer.clone()),
    ]);
    let mut tokens = BTreeMap::new();
    for (role, email) in &emails {
        tokens.insert(*role, app.login(email).await.token);
    }
    let admin = app.login(&agency.admin).await;
    let officer = app.login(&agency.officer).await;
    let course = create_course(&admin, &crisis_course("Role matrix course")).await;
    let feeds: Vec<CalendarFeedDto> = admin.get_as("/api/v1/calendar-feeds", StatusCode::OK).await;
    let agency_feed = feeds
        .iter()
        .find(|f| f.kind == CalendarFeedKind::Agency)
        .unwrap()
        .id;
    let vars = BTreeMap::from([
        ("$officer_person", agency.officer_person.to_string()),
        ("$spare_person", spare.to_string()),
        ("$erasable_person", erasable.to_string()),
        (
            "$throwaway_login",
            login_id(app, throwaway).await.to_string(),
        ),
        ("$agency_feed", agency_feed.to_string()),
        ("$course", course.to_string()),
        ("$signin_email", signin.to_owned()),
        ("$password", PASSWORD.to_owned()),
    ]);
    let key_with_all = api_key(&admin, "All scopes", ApiScope::ALL).await;
    let mut keys_without = BTreeMap::new();
    for scope in ApiScope::ALL {
        let others: Vec<ApiScope> = ApiScope::ALL
            .iter()
            .copied()
            .filter(|s| s != scope)
            .collect();
        let name = format!("All but {}", scope.as_str());
        keys_without.insert(*scope, api_key(&admin, &name, &others).await);
    }
    World {
        key_with_all,
        keys_without,
        vars,
        emails,
        tokens,
        officer,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    }
}

/// A key of a new service account with `scopes`, allowed far more requests than the test makes.
async fn api_key(admin: &Api, name: &str, scopes: &[ApiScope]) -> String {
    let account = ServiceAccountInput {
        name: name.into(),
        description: None,
        scopes: scopes.to_vec(),
    };
    let account: ServiceAccountDto = admin
        .post_as("/api/v1/service-accounts", &account, StatusCode::CREATED)
        .await;
    let path = format!("/api/v1/service-accounts/{}/keys", account.id);
    let key = ApiKeyInput {
        name: "matrix".into(),
        expires_on: None,
        rate_limit_per_minute: Some(6000),
    };
    let key: ApiKeyCreated = admin.post_as(&path, &key, StatusCode::CREATED).await;
    key.secret
}

impl World {
    /// Placeholders made for one operation: a record or a training request of the officer's,
    /// when the row names one.
    async fn for_operation(&self, row_text: &str) -> BTreeMap<&'static str, String> {
        let mut vars = self.vars.clone();
        if row_text.contains("$record") {
            let record = TrainingRecordInput {
                person_id: self.vars["$officer_person"].parse().unwrap(),
                course_id: None,
                title: Some("Role matrix training".into()),
                completed_on: time::macros::date!(2026 - 01 - 10),
                hours: Some(BTreeMap::from([("use_of_force".to_owned(), 2.0)])),
                events: None,
            };
            let made: TrainingRecordDto = self
                .officer
                .post_as("/api/v1/training-records", &record, StatusCode::CREATED)
                .await;
            vars.insert("$record", made.id.to_string());
        }
        if row_text.contains("$training_request") {
            let asked = TrainingRequestInput {
                course_id: Some(self.vars["$course"].parse().unwrap()),
                session_id: None,
                note: None,
            };
            let made: TrainingRequestDto = self
                .officer
                .post_as("/api/v1/training-requests", &asked, StatusCode::CREATED)
                .await;
            vars.insert("$training_request", made.id.to_string());
        }
        vars
    }
}

fn fill(text: &str, vars: &BTreeMap<&'static str, String>) -> String {
    let mut text = text.to_owned();
    // Longer names first, so that no name is taken for the start of another.
    let mut names: Vec<&&str> = vars.keys().collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for name in names {
        text = text.replace(*name, &vars[*name]);
    }
    text
}

/// Asks the operation as `role` (`token`: its sign-in); answers the status.
async fn ask(
    app: &TestApp,
    world: &World,
    op: &Operation,
    request: &Request,
    token: Option<&str>,
    vars: &BTreeMap<&'static str, String>,
) -> StatusCode {
    let mut vars = vars.clone();
    let wants_refresh = match &request.body {
        Body::Json(v) => v.to_string().contains("$refresh_token"),
        _ => false,
    };
    if wants_refresh {
        let fresh = app.login(&world.vars["$signin_email"]).await;
        vars.insert("$refresh_token", fresh.refresh_token);
    }
    let mut path = fill(&request.path, &vars);
    if !request.query.is_empty() {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &request.query {
            query.append_pair(name, &fill(value, &vars));
        }
        path = format!("{path}?{}", query.finish());
    }
    let mut call = world.client.request(op.method.clone(), app.url(&path));
    if let Some(token) = token {
        call = call.bearer_auth(token);
    }
    call = match &request.body {
        Body::None => call,
        Body::Json(value) => {
            let text = fill(&value.to_string(), &vars);
            assert!(
                !text.contains('$'),
                "{}: a placeholder the test does not make: {text}",
                op.key
            );
            call.header("content-type", "application/json").body(text)
        }
        Body::Form(form) => call
            .header("content-type", "application/x-www-form-urlencoded")
            .body(fill(form, &vars)),
        Body::Raw(content_type, bytes) => call
            .header("content-type", content_type.as_str())
            .body(bytes.clone()),
    };
    assert!(
        !path.contains('$'),
        "{}: a placeholder the test does not make: {path}",
        op.key
    );
    call.send().await.unwrap().status()
}

/// What asking an operation as every role found: disagreements with the matrix, and known
/// bugs answered as recorded.
#[derive(Default)]
struct Found {
    mismatches: Vec<String>,
    known: Vec<String>,
}

/// Asks the operation as every role.
async fn check(app: &TestApp, world: &World, doc: &Value, op: &Operation, row: &Row) -> Found {
    let request = request(doc, op, row);
    let mentioned = format!(
        "{} {:?} {}",
        request.path,
        request.query,
        row.body.as_deref().unwrap_or_default()
    );
    let vars = world.for_operation(&mentioned).await;
    let mut found = Found::default();
    // `ROLE_MATRIX_LOG=1`: every answer, to see what the matrix is checked against.
    let log = std::env::var_os("ROLE_MATRIX_LOG").is_some();
    for role in ROLES {
        let token = match world.emails.get(role) {
            None => None,
            Some(email) if row.alone => Some(app.login(email).await.token),
            Some(_) => Some(world.tokens[role].clone()),
        };
        let status = ask(app, world, op, &request, token.as_deref(), &vars).await;
        let allowed = row.allowed[role];
        if log {
            eprintln!("{:<58} {role:<17} {}", op.key, status.as_u16());
        }
        let refusal = if token.is_some() {
            StatusCode::FORBIDDEN
        } else {
            StatusCode::UNAUTHORIZED
        };
        let refused = status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN;
        let agrees = if allowed {
            !refused && !status.is_server_error()
        } else {
            status == refusal
        };
        let expected = if allowed { "allow" } else { "deny" };
        let line = format!(
            "{:<58} {role:<17} expected {expected}, got {}",
            op.key,
            status.as_u16()
        );
        match row.known.get(role) {
            Some(known) if *known == status.as_u16() && !agrees => found.known.push(line),
            Some(known) => found.mismatches.push(format!(
                "{line} (the known bug answered {known}: fixed? remove `known.{role}`)"
            )),
            None if agrees => {}
            None => found.mismatches.push(line),
        }
    }
    // A key means nothing to an operation open to anyone.
    if row.allowed["anonymous"] {
        return found;
    }
    let needed = scope_of(op.method.as_str(), &op.template);
    let mut keys = vec![(
        "api key, every scope",
        &world.key_with_all,
        needed.is_some(),
    )];
    if let Some(scope) = needed {
        keys.push((
            "api key, all scopes but it",
            &world.keys_without[&scope],
            false,
        ));
    }
    for (caller, key, allowed) in keys {
        let status = ask(app, world, op, &request, Some(key), &vars).await;
        if log {
            eprintln!("{:<58} {caller:<17} {}", op.key, status.as_u16());
        }
        let refused = status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN;
        // SCIM takes its own token: a key there is no credential at all.
        let not_a_credential = op.template.starts_with("/scim/");
        let agrees = if allowed {
            !refused && !status.is_server_error()
        } else {
            status == StatusCode::FORBIDDEN
                || (not_a_credential && status == StatusCode::UNAUTHORIZED)
        };
        if !agrees {
            let expected = if allowed { "allow" } else { "deny" };
            found.mismatches.push(format!(
                "{:<58} {caller} expected {expected}, got {}",
                op.key,
                status.as_u16()
            ));
        }
    }
    found
}

async fn every_role_gets_what_the_matrix_says_of_every_operation(backend: Backend) {
    let started = std::time::Instant::now();
    let doc = read_document();
    let operations = operations(&doc);
    let rows = match read_matrix(&operations) {
        Ok(rows) => rows,
        Err(problems) => panic!(
            "role_matrix.toml does not match openapi/openapi.json:\n{}",
            problems.join("\n")
        ),
    };
    let app = spawn_app(backend).await;
    let world = world(&app).await;
    let (alone, together): (Vec<&Operation>, Vec<&Operation>) =
        operations.iter().partition(|op| rows[&op.key].alone);
    let mut found: Vec<Found> = futures_util::stream::iter(&together)
        .map(|op| check(&app, &world, &doc, op, &rows[&op.key]))
        .buffer_unordered(AT_ONCE)
        .collect()
        .await;
    // What ends or changes the caller's sessions, once nothing else is asked.
    for op in alone {
        found.push(check(&app, &world, &doc, op, &rows[&op.key]).await);
    }
    let (mut mismatches, mut known) = (Vec::new(), Vec::new());
    for f in found {
        mismatches.extend(f.mismatches);
        known.extend(f.known);
    }
    mismatches.sort();
    known.sort();
    if !known.is_empty() {
        eprintln!(
            "role matrix on {backend:?}: known bugs (see role_matrix.toml):\n{}",
            known.join("\n")
        );
    }
    eprintln!(
        "role matrix on {backend:?}: {} operations x {} roles in {:.1?}",
        operations.len(),
        ROLES.len(),
        started.elapsed()
    );
    assert!(
        mismatches.is_empty(),
        "{} answers disagree with role_matrix.toml (operation, role, expected, got):\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
