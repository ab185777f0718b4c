//! Other systems in: service accounts with scoped, rate-limited API keys, and
//! `Idempotency-Key` on creating requests. On both databases.

use std::collections::BTreeMap;

use confitrek_types::{
    AgencyDto, ApiKeyCreated, ApiKeyInput, ApiScope, AuditEventDto, Page, PersonDto, PersonInput,
    Problem, ServiceAccountDto, ServiceAccountInput, TrainingRecordDto, TrainingRecordInput,
    UserDto, Verification,
};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    a_key_reads_and_writes_within_its_scopes_only,
    a_key_stops_working_when_revoked_expired_or_its_account_disabled,
    a_key_is_limited_in_requests_per_minute,
    only_admins_manage_service_accounts_and_bad_input_names_the_field,
    another_agencys_accounts_are_not_found,
    a_retried_creation_answers_the_first_answer_and_writes_nothing_twice,
    an_idempotency_key_is_its_senders_and_its_requests,
);

const ACCOUNTS: &str = "/api/v1/service-accounts";

fn account_input(name: &str, scopes: &[ApiScope]) -> ServiceAccountInput {
    ServiceAccountInput {
        name: name.into(),
        description: None,
        scopes: scopes.to_vec(),
    }
}

fn key_input(name: &str) -> ApiKeyInput {
    ApiKeyInput {
        name: name.into(),
        expires_on: None,
        rate_limit_per_minute: None,
    }
}

async fn new_account(admin: &Api, name: &str, scopes: &[ApiScope]) -> ServiceAccountDto {
    admin
        .post_as(ACCOUNTS, &account_input(name, scopes), StatusCode::CREATED)
        .await
}

async fn new_key(admin: &Api, account: Uuid, body: &ApiKeyInput) -> ApiKeyCreated {
    admin
        .post_as(
            &format!("/api/v1/service-accounts/{account}/keys"),
            body,
            StatusCode::CREATED,
        )
        .await
}

/// A service account with `scopes` and a key of it; answers the account and the key's secret.
async fn account_with_key(
    admin: &Api,
    name: &str,
    scopes: &[ApiScope],
) -> (ServiceAccountDto, String) {
    let account = new_account(admin, name, scopes).await;
    let key = new_key(admin, account.id, &key_input("production")).await;
    assert!(key.secret.starts_with(&key.key.prefix));
    (account, key.secret)
}

/// A client of the API that presents `key` the way integrations do.
fn with_key(app: &TestApp, key: &str) -> KeyClient {
    KeyClient {
        base: app.address.clone(),
        client: app.client.clone(),
        key: key.to_owned(),
    }
}

struct KeyClient {
    base: String,
    client: reqwest::Client,
    key: String,
}

impl KeyClient {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .header("X-API-Key", &self.key)
            .send()
            .await
            .unwrap()
    }

    async fn post(&self, path: &str, body: &impl Serialize) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .header("X-API-Key", &self.key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Checks the status; the body as `T`.
    async fn get_as<T: DeserializeOwned>(&self, path: &str, status: StatusCode) -> T {
        let response = self.get(path).await;
        assert_eq!(response.status(), status, "GET {path}");
        response.json().await.unwrap()
    }
}

fn record(person: Uuid) -> TrainingRecordInput {
    TrainingRecordInput {
        person_id: person,
        course_id: None,
        title: Some("Firearms qualification".into()),
        completed_on: date!(2026 - 11 - 02),
        hours: Some(BTreeMap::from([("use_of_force".to_owned(), 2.0)])),
        events: None,
    }
}

fn with_hours(person: Uuid, use_of_force: f64) -> TrainingRecordInput {
    TrainingRecordInput {
        hours: Some(BTreeMap::from([("use_of_force".to_owned(), use_of_force)])),
        ..record(person)
    }
}

async fn a_key_reads_and_writes_within_its_scopes_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Lakeview").await;
    let admin = app.login(&agency.admin).await;
    let (reader, reader_key) = account_with_key(&admin, "Scheduler", &[ApiScope::RosterRead]).await;
    let (_, writer_key) = account_with_key(
        &admin,
        "RMS",
        &[ApiScope::RosterRead, ApiScope::TrainingWrite],
    )
    .await;
    let reader_client = with_key(&app, &reader_key);

    // Roster and compliance, read.
    let people: Page<PersonDto> = reader_client.get_as("/api/v1/people", StatusCode::OK).await;
    assert_eq!(people.items.len(), 2);
    let compliance = format!("/api/v1/people/{}/compliance", agency.officer_person);
    assert_eq!(
        reader_client.get(&compliance).await.status(),
        StatusCode::OK
    );
    // Bearer works too, for clients that only know bearer tokens.
    let bearer = app
        .client
        .get(app.url("/api/v1/people"))
        .bearer_auth(&reader_key)
        .send()
        .await
        .unwrap();
    assert_eq!(bearer.status(), StatusCode::OK);

    // Training, written only with its scope; nothing is written when refused.
    let before = app.count("training_records").await;
    let refused = reader_client
        .post("/api/v1/training-records", &record(agency.officer_person))
        .await;
    problem(refused, StatusCode::FORBIDDEN).await;
    assert_eq!(app.count("training_records").await, before);
    let written = with_key(&app, &writer_key)
        .post("/api/v1/training-records", &record(agency.officer_person))
        .await;
    assert_eq!(written.status(), StatusCode::CREATED);
    let written: TrainingRecordDto = written.json().await.unwrap();
    // Entered by the office's system, it counts at once.
    assert_eq!(written.verification, Verification::Verified);

    // Never what needs a person: users, the audit log, exports, integrations themselves.
    for path in [
        "/api/v1/users",
        "/api/v1/audit-events",
        "/api/v1/me",
        "/api/v1/service-accounts",
    ] {
        problem(reader_client.get(path).await, StatusCode::FORBIDDEN).await;
    }

    // Every use is audited under the account's name, and so is what it wrote.
    let events: Page<AuditEventDto> = admin
        .get_as("/api/v1/audit-events?limit=200", StatusCode::OK)
        .await;
    let reader_name = format!("{} (service account)", reader.name);
    let by = |e: &AuditEventDto, name: &str| e.actor_name.as_deref() == Some(name);
    assert!(
        events
            .items
            .iter()
            .any(|e| e.action == "api_key.used" && by(e, &reader_name))
    );
    assert!(
        events
            .items
            .iter()
            .any(|e| e.action == "api_key.out_of_scope" && by(e, &reader_name))
    );
    assert!(
        events
            .items
            .iter()
            .any(|e| e.action.starts_with("training_record") && by(e, "RMS (service account)"))
    );

    // The admin sees when each key was last used; the users list has no service account.
    let listed = admin
        .send(Method::GET, ACCOUNTS)
        .expect_status(StatusCode::OK)
        .await;
    let accounts: Page<ServiceAccountDto> = listed.json();
    assert!(accounts.items[0].keys[0].last_used_at.is_some());
    // On the wire: a listed key has no `secret` member at all.
    let raw: Value = listed.json();
    assert!(raw["items"][0]["keys"][0].get("secret").is_none());
    let users: Page<UserDto> = admin.get_as("/api/v1/users", StatusCode::OK).await;
    assert_eq!(users.items.len(), 4);
}

async fn a_key_stops_working_when_revoked_expired_or_its_account_disabled(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Lakeview").await;
    let admin = app.login(&agency.admin).await;
    let (account, secret) = account_with_key(&admin, "Scheduler", &[ApiScope::RosterRead]).await;
    let client = with_key(&app, &secret);
    assert_eq!(client.get("/api/v1/people").await.status(), StatusCode::OK);

    // A wrong secret with a real prefix, and garbage, are not keys.
    let wrong = format!("{}{}", &secret[..secret.len() - 4], "AAAA");
    problem(
        with_key(&app, &wrong).get("/api/v1/people").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    problem(
        with_key(&app, "ctk_nonsense").get("/api/v1/people").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;

    let account_path = format!("/api/v1/service-accounts/{}", account.id);
    let accounts: Page<ServiceAccountDto> = admin.get_as(ACCOUNTS, StatusCode::OK).await;
    let key_id = accounts.items[0].keys[0].id;
    let key_path = format!("{account_path}/keys/{key_id}");
    admin.delete_expect(&key_path, StatusCode::NO_CONTENT).await;
    problem(client.get("/api/v1/people").await, StatusCode::UNAUTHORIZED).await;
    // Revoking again changes nothing.
    admin.delete_expect(&key_path, StatusCode::NO_CONTENT).await;

    // A key expiring today works through today.
    let agency_now: AgencyDto = admin
        .get_as("/api/v1/agencies/current", StatusCode::OK)
        .await;
    let body = ApiKeyInput {
        expires_on: Some(agency_now.today),
        ..key_input("today")
    };
    let key = new_key(&admin, account.id, &body).await;
    assert!(key.key.expires_at.is_some());
    let today_client = with_key(&app, &key.secret);
    assert_eq!(
        today_client.get("/api/v1/people").await.status(),
        StatusCode::OK
    );
    // Disabling the account stops every key of it and takes no new one.
    let disabled: ServiceAccountDto = admin
        .send(Method::POST, &format!("{account_path}/disable"))
        .expect(StatusCode::OK)
        .await;
    assert!(disabled.disabled_at.is_some());
    assert!(disabled.keys.iter().all(|k| k.revoked_at.is_some()));
    problem(
        today_client.get("/api/v1/people").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    admin
        .post_problem(
            &format!("{account_path}/keys"),
            &key_input("more"),
            StatusCode::CONFLICT,
        )
        .await;
}

async fn a_key_is_limited_in_requests_per_minute(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Lakeview").await;
    let admin = app.login(&agency.admin).await;
    let account = new_account(&admin, "Poller", &[ApiScope::RosterRead]).await;
    let body = ApiKeyInput {
        rate_limit_per_minute: Some(3),
        ..key_input("slow")
    };
    let key = new_key(&admin, account.id, &body).await;
    let client = with_key(&app, &key.secret);
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..5 {
        let response = client.get("/api/v1/people/units").await;
        statuses.push(response.status().as_u16());
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            retry_after = response.headers().get("retry-after").cloned();
            let body: Problem = response.json().await.unwrap();
            assert_eq!(body.kind, "urn:confitrek:problem:rate_limited");
        }
    }
    // Three within the minute; a minute boundary in the middle lets one more through.
    assert!(
        statuses.iter().filter(|s| **s == 200).count() >= 3,
        "{statuses:?}"
    );
    assert!(statuses.contains(&429), "{statuses:?}");
    let seconds: u64 = retry_after.unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&seconds));
    // Another key is not slowed by it.
    let (_, other) = account_with_key(&admin, "Other", &[ApiScope::RosterRead]).await;
    assert_eq!(
        with_key(&app, &other)
            .get("/api/v1/people/units")
            .await
            .status(),
        StatusCode::OK
    );
}

async fn only_admins_manage_service_accounts_and_bad_input_names_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Lakeview").await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let body = account_input("RMS", &[ApiScope::RosterRead]);
    coordinator
        .post_problem(ACCOUNTS, &body, StatusCode::FORBIDDEN)
        .await;
    coordinator
        .get_problem(ACCOUNTS, StatusCode::FORBIDDEN)
        .await;

    let users = app.count("users").await;
    let invalid = admin
        .post_problem(
            ACCOUNTS,
            &account_input(" ", &[]),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&invalid), ["name", "scopes"]);
    // A scope the server does not have: no typed body can name it, so it is sent raw.
    let unknown = admin
        .post_problem(
            ACCOUNTS,
            &json!({ "name": "RMS", "scopes": ["everything"] }),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&unknown), ["scopes[0]"]);
    assert_eq!(app.count("users").await, users);

    let account: ServiceAccountDto = admin.post_as(ACCOUNTS, &body, StatusCode::CREATED).await;
    let taken = admin
        .post_problem(ACCOUNTS, &body, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&taken), ["name"]);
    let keys = format!("/api/v1/service-accounts/{}/keys", account.id);
    let bad_key = ApiKeyInput {
        expires_on: Some(date!(2020 - 01 - 01)),
        rate_limit_per_minute: Some(0),
        ..key_input("x")
    };
    let bad_key = admin
        .post_problem(&keys, &bad_key, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(
        problem_fields(&bad_key),
        ["expires_on", "rate_limit_per_minute"]
    );
    // A date that is a number: the wrong type, sent raw.
    let wrong_type = admin
        .post_problem(
            &keys,
            &json!({ "name": "x", "expires_on": 20270101 }),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&wrong_type), ["expires_on"]);
    assert_eq!(app.count("api_keys").await, 0);

    // Scopes change at once for the keys that exist.
    let (account, secret) = account_with_key(&admin, "Scheduler", &[ApiScope::RosterRead]).await;
    let client = with_key(&app, &secret);
    let report = "/api/v1/reports/compliance?as_of=2026-07-01&format=csv";
    problem(client.get(report).await, StatusCode::FORBIDDEN).await;
    let path = format!("/api/v1/service-accounts/{}", account.id);
    let _: ServiceAccountDto = admin
        .put_as(
            &path,
            &account_input("Scheduler", &[ApiScope::RosterRead, ApiScope::Reports]),
            StatusCode::OK,
        )
        .await;
    assert_eq!(client.get(report).await.status(), StatusCode::OK);
}

async fn another_agencys_accounts_are_not_found(backend: Backend) {
    let app = spawn_app(backend).await;
    let lakeview = app.seed_agency("Lakeview").await;
    let hillcrest = app.seed_agency("Hillcrest").await;
    let lakeview_admin = app.login(&lakeview.admin).await;
    let hillcrest_admin = app.login(&hillcrest.admin).await;
    let (account, secret) = account_with_key(
        &lakeview_admin,
        "RMS",
        &[ApiScope::RosterRead, ApiScope::TrainingWrite],
    )
    .await;
    let path = format!("/api/v1/service-accounts/{}", account.id);
    let body = account_input("Mine now", &[ApiScope::Reports]);
    hillcrest_admin
        .put_problem(&path, &body, StatusCode::NOT_FOUND)
        .await;
    hillcrest_admin
        .post_problem(
            &format!("{path}/keys"),
            &key_input("x"),
            StatusCode::NOT_FOUND,
        )
        .await;
    hillcrest_admin
        .send(Method::POST, &format!("{path}/disable"))
        .problem(StatusCode::NOT_FOUND)
        .await;
    let theirs: Page<ServiceAccountDto> = hillcrest_admin.get_as(ACCOUNTS, StatusCode::OK).await;
    assert!(theirs.items.is_empty());

    // The key sees its own agency only.
    let client = with_key(&app, &secret);
    let other_person = format!("/api/v1/people/{}", hillcrest.officer_person);
    problem(client.get(&other_person).await, StatusCode::NOT_FOUND).await;
    let records = app.count("training_records").await;
    let refused = client
        .post(
            "/api/v1/training-records",
            &record(hillcrest.officer_person),
        )
        .await;
    assert!(refused.status().is_client_error());
    assert_eq!(app.count("training_records").await, records);
}

async fn a_retried_creation_answers_the_first_answer_and_writes_nothing_twice(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Lakeview").await;
    let admin = app.login(&agency.admin).await;
    let (_, secret) = account_with_key(
        &admin,
        "RMS",
        &[ApiScope::RosterRead, ApiScope::TrainingWrite],
    )
    .await;
    let send = |key: &'static str, body: TrainingRecordInput| {
        let client = app.client.clone();
        let url = app.url("/api/v1/training-records");
        let secret = secret.clone();
        async move {
            client
                .post(url)
                .header("X-API-Key", secret)
                .header("Idempotency-Key", key)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let before = app.count("training_records").await;
    let first = send("import-7f3a", record(agency.officer_person)).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let location = first.headers().get("location").cloned();
    // The replay is compared as it came, member for member.
    let first: Value = first.json().await.unwrap();
    let retry = send("import-7f3a", record(agency.officer_person)).await;
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(retry.headers().get("idempotent-replayed").unwrap(), "true");
    assert_eq!(retry.headers().get("location").cloned(), location);
    let retry: Value = retry.json().await.unwrap();
    assert_eq!(retry, first);
    assert_eq!(app.count("training_records").await, before + 1);

    // The same key with another request is the client's mistake, named.
    let other = TrainingRecordInput {
        title: Some("Another course".into()),
        ..record(agency.officer_person)
    };
    let mismatch = problem(
        send("import-7f3a", other).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&mismatch), ["Idempotency-Key"]);

    // A failed request keeps nothing: fixed and retried with its key, it is written once.
    let invalid = with_hours(agency.officer_person, -1.0);
    problem(
        send("import-8b21", invalid).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let fixed = with_hours(agency.officer_person, 1.0);
    // Not the same request as the failed one, yet the key was let go: it is accepted.
    assert_eq!(
        send("import-8b21", fixed).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(app.count("training_records").await, before + 2);

    // Ten copies sent at once: one record, every answer the same or a 409 to retry.
    let copies = (0..10).map(|_| send("import-9c44", record(agency.officer_person)));
    let answers = futures_util::future::join_all(copies).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "{statuses:?}"
    );
    assert!(statuses.contains(&201));
    assert_eq!(app.count("training_records").await, before + 3);

    // A malformed key is refused before anything is written.
    let long = "k".repeat(256);
    let refused = app
        .client
        .post(app.url("/api/v1/training-records"))
        .header("X-API-Key", &secret)
        .header("Idempotency-Key", long)
        .json(&record(agency.officer_person))
        .send()
        .await
        .unwrap();
    assert_eq!(
        fields(&problem(refused, StatusCode::UNPROCESSABLE_ENTITY).await),
        ["Idempotency-Key"]
    );
    assert_eq!(app.count("training_records").await, before + 3);

    // A day on, the key is forgotten: sent again, even with another request, it is new.
    app.clock.advance(time::Duration::hours(25));
    let later = TrainingRecordInput {
        title: Some("A day later".into()),
        ..record(agency.officer_person)
    };
    let again = send("import-7f3a", later).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert!(again.headers().get("idempotent-replayed").is_none());
    assert_eq!(app.count("training_records").await, before + 4);
}

async fn an_idempotency_key_is_its_senders_and_its_requests(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Lakeview").await;
    let other = app.seed_agency("Hillcrest").await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let stranger = app.login(&other.admin).await;
    let post = |api: &Api, body: PersonInput| {
        let request = api
            .client
            .post(format!("{}/api/v1/people", api.base))
            .bearer_auth(&api.token)
            .header("Idempotency-Key", "same-key")
            .json(&body);
        async move { request.send().await.unwrap() }
    };
    let first = post(&admin, person_input("Ada", "Adams", "L-100")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    // Another login's same key is its own: a new person, never the admin's answer.
    let theirs = post(&coordinator, person_input("Bea", "Brown", "L-101")).await;
    assert_eq!(theirs.status(), StatusCode::CREATED);
    assert!(theirs.headers().get("idempotent-replayed").is_none());
    let foreign = post(&stranger, person_input("Cy", "Cole", "H-100")).await;
    assert_eq!(foreign.status(), StatusCode::CREATED);
    let foreign: PersonDto = foreign.json().await.unwrap();
    assert_eq!(foreign.last_name, "Cole");
    // A new sign-in of the same login (new token) still meets its key.
    let again = app.login(&agency.admin).await;
    let retry = post(&again, person_input("Ada", "Adams", "L-100")).await;
    assert_eq!(retry.headers().get("idempotent-replayed").unwrap(), "true");
    // Without a sign-in the key is not looked at: 401, nothing written.
    let people = app.count("people").await;
    let anonymous = app
        .client
        .post(app.url("/api/v1/people"))
        .header("Idempotency-Key", "same-key")
        .json(&person_input("Ada", "Adams", "L-100"))
        .send()
        .await
        .unwrap();
    problem(anonymous, StatusCode::UNAUTHORIZED).await;
    assert_eq!(app.count("people").await, people);
}

/// The scope table and the idempotent operations name only operations the server has: a
/// renamed route cannot silently leave keys or retries behind.
#[test]
fn scoped_and_idempotent_operations_are_operations_of_the_document() {
    let document = confitrek_api::app::openapi();
    let has = |method: &str, path: &str| {
        let item = document.paths.paths.get(path);
        item.is_some_and(|item| match method {
            "GET" => item.get.is_some(),
            "POST" => item.post.is_some(),
            "PUT" => item.put.is_some(),
            "DELETE" => item.delete.is_some(),
            _ => false,
        })
    };
    for (method, path, _) in confitrek_domain::service_accounts::SCOPED_OPERATIONS {
        assert!(has(method, path), "{method} {path} is not an operation");
    }
    for path in confitrek_api::http::idempotency::OPERATIONS {
        assert!(has("POST", path), "POST {path} is not an operation");
    }
}
