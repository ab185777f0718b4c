//! Single sign-on: the agency's identity providers (admins only, checked field by field,
//! the secret sealed and never answered back), the sign-in page's discovery, and the
//! browser's way through a provider as far as it goes without one (the sign-in through a
//! real OpenID provider is the browser journey `e2e/tests/sso.spec.ts`).

use reqwest::StatusCode;
use reqwest::redirect::Policy;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    an_admin_adds_changes_and_removes_a_provider_whose_secret_is_never_answered,
    a_provider_is_checked_field_by_field_and_nothing_is_written,
    a_plain_http_issuer_is_taken_only_on_loopback_when_the_server_allows_it,
    only_an_admin_manages_providers_and_only_those_of_the_agency,
    the_sign_in_page_is_offered_the_enabled_providers_of_the_address_domain,
    a_sign_in_through_an_unknown_or_unreachable_provider_goes_back_to_the_sign_in_page,
    a_callback_whose_state_was_never_issued_or_is_spent_signs_nobody_in,
    the_code_step_refuses_another_site_form_and_a_browser_without_its_sign_in,
    the_export_carries_providers_without_their_secret,
);

const SECRET: &str = "provider-issued client secret 8d1f";

fn provider(name: &str) -> Value {
    json!({
        "display_name": name,
        "issuer": "https://login.county.example/tenant/v2.0",
        "client_id": "confitrek",
        "client_secret": SECRET,
        "allowed_domains": ["County.example", "sheriff.county.example"],
        "jit_role": "officer",
        "provider_mfa": true,
    })
}

/// A client that shows redirects instead of following them.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn created(admin: &Api, body: &Value) -> Value {
    let response = admin.post("/api/v1/identity-providers", body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = location(&response);
    let created: Value = response.json().await.unwrap();
    assert_eq!(
        location,
        format!(
            "/api/v1/identity-providers/{}",
            created["id"].as_str().unwrap()
        )
    );
    created
}

async fn audit_actions(app: &TestApp, admin: &Api) -> Vec<String> {
    let _ = app;
    let body: Value = admin
        .get("/api/v1/audit-events?limit=200")
        .await
        .json()
        .await
        .unwrap();
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect()
}

async fn an_admin_adds_changes_and_removes_a_provider_whose_secret_is_never_answered(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;

    let created = created(&admin, &provider("County Entra ID")).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["display_name"], "County Entra ID");
    assert_eq!(
        created["allowed_domains"],
        json!(["county.example", "sheriff.county.example"])
    );
    assert_eq!(created["has_client_secret"], true);
    assert_eq!(created["enabled"], true);
    assert_eq!(created["jit_role"], "officer");
    assert_eq!(created["provider_mfa"], true);
    assert_eq!(
        created["redirect_uri"],
        format!("{}/api/v1/auth/sso/callback", app.address)
    );
    assert!(created.get("client_secret").is_none());
    assert!(!created.to_string().contains(SECRET));

    // Stored sealed: the database alone does not reveal it.
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT client_secret FROM identity_providers",
        ))
        .await
        .unwrap()
        .unwrap();
    let stored: String = row.try_get("", "client_secret").unwrap();
    assert!(!stored.contains(SECRET) && stored.len() > SECRET.len());

    // Switched off with the secret left out: the stored one stays.
    let mut change = provider("County Entra ID (old)");
    change["client_secret"] = Value::Null;
    change["enabled"] = json!(false);
    change["jit_role"] = Value::Null;
    let response = admin
        .put(&format!("/api/v1/identity-providers/{id}"), &change)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let saved: Value = response.json().await.unwrap();
    assert_eq!(saved["enabled"], false);
    assert_eq!(saved["jit_role"], Value::Null);
    assert_eq!(saved["has_client_secret"], true);
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT client_secret FROM identity_providers",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<String>("", "client_secret").unwrap(), stored);

    let page: Value = admin
        .get("/api/v1/identity-providers?limit=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"][0]["id"], id.as_str());
    assert_eq!(page["next_cursor"], Value::Null);
    let one: Value = admin
        .get(&format!("/api/v1/identity-providers/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["display_name"], "County Entra ID (old)");

    let response = admin
        .delete(&format!("/api/v1/identity-providers/{id}"))
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = admin.get(&format!("/api/v1/identity-providers/{id}")).await;
    problem(response, StatusCode::NOT_FOUND).await;

    let actions = audit_actions(&app, &admin).await;
    for action in [
        "identity_provider.create",
        "identity_provider.update",
        "identity_provider.delete",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
    assert!(
        !actions
            .iter()
            .any(|a| a == "identity_provider.secret_change")
    );
}

async fn a_provider_is_checked_field_by_field_and_nothing_is_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let cases: [(&str, Value, &[&str]); 8] = [
        (
            "plain http to another machine, no secret, an admin made silently",
            json!({ "issuer": "http://login.county.example", "client_secret": null, "jit_role": "agency_admin" }),
            &["issuer", "client_secret", "jit_role"],
        ),
        (
            "a loopback issuer over http on a server that does not allow it",
            json!({ "issuer": "http://127.0.0.1:9090" }),
            &["issuer"],
        ),
        (
            "no name, no client id, and domains that are not domains",
            json!({ "display_name": "  ", "client_id": "", "allowed_domains": ["county.example", "not a domain", "localhost"] }),
            &[
                "display_name",
                "client_id",
                "allowed_domains.1",
                "allowed_domains.2",
            ],
        ),
        (
            "no domains",
            json!({ "allowed_domains": [] }),
            &["allowed_domains"],
        ),
        (
            "too many domains",
            json!({ "allowed_domains": (0..21).map(|i| format!("d{i}.example")).collect::<Vec<_>>() }),
            &["allowed_domains"],
        ),
        (
            "too long a name and secret",
            json!({ "display_name": "n".repeat(81), "client_secret": "s".repeat(513) }),
            &["display_name", "client_secret"],
        ),
        (
            "an issuer with a query, and a role that does not exist",
            json!({ "issuer": "https://login.county.example?tenant=1", "jit_role": "chief" }),
            &["jit_role"],
        ),
        (
            "a text-direction override in the name",
            json!({ "display_name": "County \u{202E}DI artnE" }),
            &["display_name"],
        ),
    ];
    for (case, overrides, fields) in cases {
        let mut body = provider("County Entra ID");
        for (key, value) in overrides.as_object().unwrap() {
            body[key] = value.clone();
        }
        let response = admin.post("/api/v1/identity-providers", &body).await;
        let problem = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        let named: Vec<&str> = problem["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(named, fields, "{case}: {problem}");
    }
    let mut unknown = provider("County Entra ID");
    unknown["client_secret_hint"] = json!("x");
    let response = admin.post("/api/v1/identity-providers", &unknown).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("identity_providers").await, 0);

    // The same issuer and client id twice is one provider.
    created(&admin, &provider("County Entra ID")).await;
    let response = admin
        .post("/api/v1/identity-providers", &provider("Again"))
        .await;
    let problem = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["field"], "client_id");
    assert_eq!(app.count("identity_providers").await, 1);
    let id = uuid::Uuid::now_v7();
    let response = admin
        .put(
            &format!("/api/v1/identity-providers/{id}"),
            &provider("Gone"),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

async fn a_plain_http_issuer_is_taken_only_on_loopback_when_the_server_allows_it(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.sso_allow_http_loopback = true).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let mut body = provider("Test provider");
    body["issuer"] = json!("http://127.0.0.1:9090");
    created(&admin, &body).await;
    body["issuer"] = json!("http://login.county.example");
    let response = admin.post("/api/v1/identity-providers", &body).await;
    let problem = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["field"], "issuer");
}

async fn only_an_admin_manages_providers_and_only_those_of_the_agency(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let bravo = app.seed_agency("Bravo").await;
    let admin = app.login(&alpha.admin).await;
    let id = created(&admin, &provider("Alpha's")).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for email in [&alpha.coordinator, &alpha.supervisor, &alpha.officer] {
        let other = app.login(email).await;
        let response = other.get("/api/v1/identity-providers").await;
        problem(response, StatusCode::FORBIDDEN).await;
        // Refused before the input is checked: an invalid one is refused the same.
        let mut invalid = provider("Theirs");
        invalid["issuer"] = json!("http://login.county.example");
        let response = other.post("/api/v1/identity-providers", &invalid).await;
        problem(response, StatusCode::FORBIDDEN).await;
    }
    let response = app
        .client
        .get(app.url("/api/v1/identity-providers"))
        .send()
        .await
        .unwrap();
    problem(response, StatusCode::UNAUTHORIZED).await;
    let stranger = app.login(&bravo.admin).await;
    let page: Value = stranger
        .get("/api/v1/identity-providers")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"], json!([]));
    let path = format!("/api/v1/identity-providers/{id}");
    problem(stranger.get(&path).await, StatusCode::NOT_FOUND).await;
    problem(
        stranger.put(&path, &provider("Taken")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(stranger.delete(&path).await, StatusCode::NOT_FOUND).await;
    assert_eq!(app.count("identity_providers").await, 1);
}

async fn discover(app: &TestApp, email: &str) -> Value {
    let response = app
        .client
        .post(app.url("/api/v1/auth/sso/discover"))
        .json(&json!({ "email": email }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn the_sign_in_page_is_offered_the_enabled_providers_of_the_address_domain(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let admin = app.login(&alpha.admin).await;
    let offered = created(&admin, &provider("County Entra ID")).await;
    let mut off = provider("Old provider");
    off["client_id"] = json!("old");
    off["enabled"] = json!(false);
    created(&admin, &off).await;
    // Another domain that merely contains the first one's name.
    let mut other = provider("Elsewhere");
    other["client_id"] = json!("elsewhere");
    other["allowed_domains"] = json!(["notcounty.example"]);
    created(&admin, &other).await;

    let found = discover(&app, "Jane.Doe@COUNTY.example").await;
    assert_eq!(
        found,
        json!({ "providers": [{ "id": offered["id"], "display_name": "County Entra ID" }] })
    );
    let found = discover(&app, "deputy@sheriff.county.example").await;
    assert_eq!(found["providers"].as_array().unwrap().len(), 1);
    for nobody in [
        "someone@sub.county.example",
        "someone@example.org",
        "no address",
        "",
        "x@county.example@",
    ] {
        assert_eq!(
            discover(&app, nobody).await,
            json!({ "providers": [] }),
            "{nobody}"
        );
    }
    let response = app
        .client
        .post(app.url("/api/v1/auth/sso/discover"))
        .json(&json!({ "email": format!("{}@county.example", "a".repeat(250)) }))
        .send()
        .await
        .unwrap();
    let problem = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem["errors"][0]["field"], "email");
    let response = app
        .client
        .post(app.url("/api/v1/auth/sso/discover"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn a_sign_in_through_an_unknown_or_unreachable_provider_goes_back_to_the_sign_in_page(
    backend: Backend,
) {
    let app = spawn_app_with(backend, |c| c.sso_allow_http_loopback = true).await;
    let alpha = app.seed_agency("Alpha").await;
    let admin = app.login(&alpha.admin).await;
    // Nothing listens there: the discovery document cannot be read.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let mut body = provider("Down");
    body["issuer"] = json!(format!("http://127.0.0.1:{port}"));
    let id = created(&admin, &body).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let browser = browser();
    for provider_id in [id, uuid::Uuid::now_v7().to_string()] {
        let response = browser
            .get(app.url(&format!(
                "/api/v1/auth/sso/{provider_id}/start?next=/people"
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/login?sso_error=provider_unavailable");
    }
    assert_eq!(app.count("sso_attempts").await, 0);
    let response = browser
        .get(app.url("/api/v1/auth/sso/not-a-uuid/start"))
        .send()
        .await
        .unwrap();
    problem(response, StatusCode::NOT_FOUND).await;
}

async fn a_callback_whose_state_was_never_issued_or_is_spent_signs_nobody_in(backend: Backend) {
    let app = spawn_app(backend).await;
    app.seed_agency("Alpha").await;
    let browser = browser();
    for query in [
        "code=abc&state=never-issued",
        "code=abc",
        "error=access_denied&state=never-issued",
        "",
    ] {
        let response = browser
            .get(app.url(&format!("/api/v1/auth/sso/callback?{query}")))
            .header("cookie", "ct_sso=never-issued")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{query}");
        assert_eq!(location(&response), "/login?sso_error=expired", "{query}");
        let cookies: Vec<&str> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|c| c.to_str().unwrap())
            .collect();
        assert!(
            cookies.iter().all(|c| c.starts_with("ct_sso=;")),
            "{cookies:?}"
        );
    }
    assert_eq!(app.count("sign_ins").await, 0);
}

async fn the_code_step_refuses_another_site_form_and_a_browser_without_its_sign_in(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.seed_agency("Alpha").await;
    let browser = browser();
    let form = |origin: &str| {
        browser
            .post(app.url("/api/v1/auth/sso/code"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", origin.to_owned())
            .body("code=123456")
    };
    let response = form("https://evil.example").send().await.unwrap();
    problem(response, StatusCode::FORBIDDEN).await;
    let response = form(&app.address)
        .header("cookie", "ct_sso=made-up")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login?sso_error=expired");
    let response = browser
        .post(app.url("/api/v1/auth/sso/code"))
        .json(&json!({ "code": "123456" }))
        .send()
        .await
        .unwrap();
    problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    let response = browser
        .post(app.url("/api/v1/auth/sso/code"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("code={}", "1".repeat(65)))
        .send()
        .await
        .unwrap();
    let refused = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(refused["errors"][0]["field"], "code");
    let response = browser
        .get(app.url(&format!(
            "/api/v1/auth/sso/callback?state={}",
            "s".repeat(513)
        )))
        .send()
        .await
        .unwrap();
    let refused = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(refused["errors"][0]["field"], "state");
    assert_eq!(app.count("sign_ins").await, 0);
}

async fn the_export_carries_providers_without_their_secret(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let admin = app.login(&alpha.admin).await;
    created(&admin, &provider("County Entra ID")).await;
    let response = admin.get("/api/v1/exports").await;
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut file = archive
        .by_name("tables/identity_providers.json")
        .expect("the providers' table in the export");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut file, &mut text).unwrap();
    let rows: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(rows[0]["display_name"], "County Entra ID");
    assert_eq!(rows[0]["client_secret"], Value::Null);
    assert!(!text.contains(SECRET));
}
