//! Single sign-on: the agency's identity providers (admins only, checked field by field,
//! the secret sealed and never answered back), the sign-in page's discovery, and the
//! browser's way through a provider as far as it goes without one (the sign-in through a
//! real OpenID provider is the browser journey `e2e/tests/sso.spec.ts`).

use confitrek_types::{
    AuditEventDto, IdentityProviderDto, IdentityProviderInput, Page, Problem, Role, SsoCodeForm,
    SsoDiscovery, SsoDiscoveryRequest, SsoProviderOption,
};
use reqwest::redirect::Policy;
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

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

fn provider(name: &str) -> IdentityProviderInput {
    IdentityProviderInput {
        display_name: name.into(),
        issuer: "https://login.county.example/tenant/v2.0".into(),
        client_id: "confitrek".into(),
        client_secret: Some(SECRET.into()),
        allowed_domains: vec!["County.example".into(), "sheriff.county.example".into()],
        enabled: true,
        jit_role: Some(Role::Officer),
        provider_mfa: true,
    }
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

/// The problem a request without a sign-in was answered, checked as [`problem`] checks it.
async fn typed_problem(response: reqwest::Response, status: StatusCode) -> Problem {
    serde_json::from_value(problem(response, status).await).unwrap()
}

const PROVIDERS: &str = "/api/v1/identity-providers";

/// Adds the provider; the answer as it came, after checking its status and location.
async fn created_reply(admin: &Api, body: &IdentityProviderInput) -> Reply {
    let reply = admin
        .send(Method::POST, PROVIDERS)
        .json(body)
        .expect_status(StatusCode::CREATED)
        .await;
    let created: IdentityProviderDto = reply.json();
    assert_eq!(
        reply.header("location"),
        format!("/api/v1/identity-providers/{}", created.id)
    );
    reply
}

async fn created(admin: &Api, body: &IdentityProviderInput) -> IdentityProviderDto {
    created_reply(admin, body).await.json()
}

async fn audit_actions(admin: &Api) -> Vec<String> {
    let page: Page<AuditEventDto> = admin
        .get_as("/api/v1/audit-events?limit=200", StatusCode::OK)
        .await;
    page.items.into_iter().map(|e| e.action).collect()
}

/// The sealed client secret of the only provider, as the database holds it.
async fn stored_secret(app: &TestApp) -> String {
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            "SELECT client_secret FROM identity_providers",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "client_secret").unwrap()
}

async fn an_admin_adds_changes_and_removes_a_provider_whose_secret_is_never_answered(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;

    let reply = created_reply(&admin, &provider("County Entra ID")).await;
    let created: IdentityProviderDto = reply.json();
    let id = created.id;
    assert_eq!(created.display_name, "County Entra ID");
    assert_eq!(
        created.allowed_domains,
        ["county.example", "sheriff.county.example"]
    );
    assert!(created.has_client_secret);
    assert!(created.enabled);
    assert_eq!(created.jit_role, Some(Role::Officer));
    assert!(created.provider_mfa);
    assert_eq!(
        created.redirect_uri,
        format!("{}/api/v1/auth/sso/callback", app.address)
    );
    // On the wire: no `client_secret` member, and the secret nowhere in the answer.
    assert!(reply.json::<Value>().get("client_secret").is_none());
    assert!(!reply.text.contains(SECRET));

    // Stored sealed: the database alone does not reveal it.
    let stored = stored_secret(&app).await;
    assert!(!stored.contains(SECRET) && stored.len() > SECRET.len());

    // Switched off with the secret left out: the stored one stays.
    let change = IdentityProviderInput {
        client_secret: None,
        enabled: false,
        jit_role: None,
        ..provider("County Entra ID (old)")
    };
    let path = format!("/api/v1/identity-providers/{id}");
    let saved: IdentityProviderDto = admin.put_as(&path, &change, StatusCode::OK).await;
    assert!(!saved.enabled);
    assert_eq!(saved.jit_role, None);
    assert!(saved.has_client_secret);
    assert_eq!(stored_secret(&app).await, stored);

    let page: Page<IdentityProviderDto> = admin
        .get_as("/api/v1/identity-providers?limit=1", StatusCode::OK)
        .await;
    assert_eq!(page.items[0].id, id);
    assert_eq!(page.next_cursor, None);
    let one: IdentityProviderDto = admin.get_as(&path, StatusCode::OK).await;
    assert_eq!(one.display_name, "County Entra ID (old)");

    admin.delete_expect(&path, StatusCode::NO_CONTENT).await;
    admin.get_problem(&path, StatusCode::NOT_FOUND).await;

    let actions = audit_actions(&admin).await;
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
    let base = provider("County Entra ID");
    let cases: [(&str, IdentityProviderInput, &[&str]); 7] = [
        (
            "plain http to another machine, no secret, an admin made silently",
            IdentityProviderInput {
                issuer: "http://login.county.example".into(),
                client_secret: None,
                jit_role: Some(Role::AgencyAdmin),
                ..base.clone()
            },
            &["issuer", "client_secret", "jit_role"],
        ),
        (
            "a loopback issuer over http on a server that does not allow it",
            IdentityProviderInput {
                issuer: "http://127.0.0.1:9090".into(),
                ..base.clone()
            },
            &["issuer"],
        ),
        (
            "no name, no client id, and domains that are not domains",
            IdentityProviderInput {
                display_name: "  ".into(),
                client_id: "".into(),
                allowed_domains: vec![
                    "county.example".into(),
                    "not a domain".into(),
                    "localhost".into(),
                ],
                ..base.clone()
            },
            &[
                "display_name",
                "client_id",
                "allowed_domains.1",
                "allowed_domains.2",
            ],
        ),
        (
            "no domains",
            IdentityProviderInput {
                allowed_domains: vec![],
                ..base.clone()
            },
            &["allowed_domains"],
        ),
        (
            "too many domains",
            IdentityProviderInput {
                allowed_domains: (0..21).map(|i| format!("d{i}.example")).collect(),
                ..base.clone()
            },
            &["allowed_domains"],
        ),
        (
            "too long a name and secret",
            IdentityProviderInput {
                display_name: "n".repeat(81),
                client_secret: Some("s".repeat(513)),
                ..base.clone()
            },
            &["display_name", "client_secret"],
        ),
        (
            "a text-direction override in the name",
            IdentityProviderInput {
                display_name: "County \u{202E}DI artnE".into(),
                ..base.clone()
            },
            &["display_name"],
        ),
    ];
    for (case, body, fields) in cases {
        let problem = admin
            .post_problem(PROVIDERS, &body, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&problem), fields, "{case}: {problem:?}");
    }
    // What no typed body can say, sent raw: a role that does not exist (beside an issuer
    // with a query), and a member the input does not have.
    let mut chief = serde_json::to_value(&base).unwrap();
    chief["issuer"] = json!("https://login.county.example?tenant=1");
    chief["jit_role"] = json!("chief");
    let problem = admin
        .post_problem(PROVIDERS, &chief, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&problem), ["jit_role"], "{problem:?}");
    let mut unknown = serde_json::to_value(&base).unwrap();
    unknown["client_secret_hint"] = json!("x");
    admin
        .send(Method::POST, PROVIDERS)
        .json(&unknown)
        .expect_status(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(app.count("identity_providers").await, 0);

    // The same issuer and client id twice is one provider.
    created(&admin, &provider("County Entra ID")).await;
    let problem = admin
        .post_problem(
            PROVIDERS,
            &provider("Again"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem.errors[0].field, "client_id");
    assert_eq!(app.count("identity_providers").await, 1);
    let id = Uuid::now_v7();
    admin
        .send(Method::PUT, &format!("/api/v1/identity-providers/{id}"))
        .json(&provider("Gone"))
        .expect_status(StatusCode::NOT_FOUND)
        .await;
}

async fn a_plain_http_issuer_is_taken_only_on_loopback_when_the_server_allows_it(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.sso_allow_http_loopback = true).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let mut body = provider("Test provider");
    body.issuer = "http://127.0.0.1:9090".into();
    created(&admin, &body).await;
    body.issuer = "http://login.county.example".into();
    let problem = admin
        .post_problem(PROVIDERS, &body, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem.errors[0].field, "issuer");
}

async fn only_an_admin_manages_providers_and_only_those_of_the_agency(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let bravo = app.seed_agency("Bravo").await;
    let admin = app.login(&alpha.admin).await;
    let id = created(&admin, &provider("Alpha's")).await.id;
    for email in [&alpha.coordinator, &alpha.supervisor, &alpha.officer] {
        let other = app.login(email).await;
        other.get_problem(PROVIDERS, StatusCode::FORBIDDEN).await;
        // Refused before the input is checked: an invalid one is refused the same.
        let invalid = IdentityProviderInput {
            issuer: "http://login.county.example".into(),
            ..provider("Theirs")
        };
        other
            .post_problem(PROVIDERS, &invalid, StatusCode::FORBIDDEN)
            .await;
    }
    let response = app.client.get(app.url(PROVIDERS)).send().await.unwrap();
    problem(response, StatusCode::UNAUTHORIZED).await;
    let stranger = app.login(&bravo.admin).await;
    let page: Page<IdentityProviderDto> = stranger.get_as(PROVIDERS, StatusCode::OK).await;
    assert_eq!(page.items, Vec::<IdentityProviderDto>::new());
    let path = format!("/api/v1/identity-providers/{id}");
    stranger.get_problem(&path, StatusCode::NOT_FOUND).await;
    stranger
        .put_problem(&path, &provider("Taken"), StatusCode::NOT_FOUND)
        .await;
    stranger.delete_problem(&path, StatusCode::NOT_FOUND).await;
    assert_eq!(app.count("identity_providers").await, 1);
}

/// What the sign-in page is told for `email`, as it came: checked whole, since anybody may
/// ask.
async fn discover(app: &TestApp, email: &str) -> Value {
    let response = app
        .client
        .post(app.url("/api/v1/auth/sso/discover"))
        .json(&SsoDiscoveryRequest {
            email: email.into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// The answer that offers `providers`, as the wire carries it.
fn offering(providers: Vec<SsoProviderOption>) -> Value {
    serde_json::to_value(SsoDiscovery { providers }).unwrap()
}

async fn the_sign_in_page_is_offered_the_enabled_providers_of_the_address_domain(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let admin = app.login(&alpha.admin).await;
    let offered = created(&admin, &provider("County Entra ID")).await;
    let off = IdentityProviderInput {
        client_id: "old".into(),
        enabled: false,
        ..provider("Old provider")
    };
    created(&admin, &off).await;
    // Another domain that merely contains the first one's name.
    let other = IdentityProviderInput {
        client_id: "elsewhere".into(),
        allowed_domains: vec!["notcounty.example".into()],
        ..provider("Elsewhere")
    };
    created(&admin, &other).await;

    let found = discover(&app, "Jane.Doe@COUNTY.example").await;
    assert_eq!(
        found,
        offering(vec![SsoProviderOption {
            id: offered.id,
            display_name: "County Entra ID".into(),
        }])
    );
    let found: SsoDiscovery =
        serde_json::from_value(discover(&app, "deputy@sheriff.county.example").await).unwrap();
    assert_eq!(found.providers.len(), 1);
    for nobody in [
        "someone@sub.county.example",
        "someone@example.org",
        "no address",
        "",
        "x@county.example@",
    ] {
        assert_eq!(discover(&app, nobody).await, offering(vec![]), "{nobody}");
    }
    let response = app
        .client
        .post(app.url("/api/v1/auth/sso/discover"))
        .json(&SsoDiscoveryRequest {
            email: format!("{}@county.example", "a".repeat(250)),
        })
        .send()
        .await
        .unwrap();
    let problem = typed_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem.errors[0].field, "email");
    // No address at all: a body the request type cannot be.
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
    let body = IdentityProviderInput {
        issuer: format!("http://127.0.0.1:{port}"),
        ..provider("Down")
    };
    let id = created(&admin, &body).await.id.to_string();
    let browser = browser();
    for provider_id in [id, Uuid::now_v7().to_string()] {
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
        .json(&SsoCodeForm {
            code: "123456".into(),
        })
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
    let refused = typed_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(refused.errors[0].field, "code");
    let response = browser
        .get(app.url(&format!(
            "/api/v1/auth/sso/callback?state={}",
            "s".repeat(513)
        )))
        .send()
        .await
        .unwrap();
    let refused = typed_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(refused.errors[0].field, "state");
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
    // The export's own file, read as it is written: the secret's column must be null there.
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
