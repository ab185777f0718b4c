use confitrek_types::{
    AuditEventDto, LoginForm, LoginRequest, Me, Page, Problem, RefreshRequest, Role, TokenResponse,
};
use reqwest::{Method, StatusCode};

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    a_failed_login_does_not_say_which_part_was_wrong,
    login_sets_http_only_strict_cookies_that_authenticate,
    a_refresh_token_works_once_and_its_reuse_revokes_the_sign_in,
    logout_ends_the_sign_in,
    me_needs_a_valid_token,
    the_pages_own_sign_in_form_signs_in_and_goes_on_only_within_the_app,
    an_access_token_expires_after_its_minutes_and_a_refresh_renews_it,
);

/// The problem a request without a sign-in was answered, checked as [`problem`] checks it.
async fn typed_problem(response: reqwest::Response, status: StatusCode) -> Problem {
    serde_json::from_value(problem(response, status).await).unwrap()
}

/// Exchanges a refresh token as a client does, with no sign-in but the token.
async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&RefreshRequest {
            refresh_token: Some(token.into()),
        })
        .send()
        .await
        .unwrap()
}

fn login_request(email: &str, password: &str) -> LoginRequest {
    LoginRequest {
        email: email.into(),
        password: password.into(),
        code: None,
    }
}

async fn a_failed_login_does_not_say_which_part_was_wrong(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;

    let wrong_password = typed_problem(
        app.login_response(&agency.officer, "not the password")
            .await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let unknown_email = typed_problem(
        app.login_response("nobody@alpha.test", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;

    // Everything but the request's own id is the same.
    let said = |p: &Problem| (p.kind.clone(), p.title.clone(), p.status, p.detail.clone());
    assert_eq!(said(&wrong_password), said(&unknown_email));
    // Both attempts are in the audit log; the one on a known account is the agency's.
    assert_eq!(app.count("audit_events").await, 2);
    let admin = app.login(&agency.admin).await;
    let events: Page<AuditEventDto> = admin.get_as("/api/v1/audit-events", StatusCode::OK).await;
    let actions: Vec<(&str, &str)> = events
        .items
        .iter()
        .map(|e| (e.action.as_str(), e.outcome.as_str()))
        .collect();
    assert_eq!(
        actions,
        [("auth.login", "success"), ("auth.login", "failure")]
    );
    assert!(events.items[1].request_id.is_some());
    assert_eq!(events.items[1].ip.as_deref(), Some("127.0.0.1"));
}

async fn login_sets_http_only_strict_cookies_that_authenticate(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();

    let response = browser
        .post(app.url("/api/v1/auth/login"))
        .json(&login_request(&agency.coordinator.to_uppercase(), PASSWORD))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert_eq!(cookies.len(), 2);
    for cookie in &cookies {
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    }
    let me = browser.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let me: Me = me.json().await.unwrap();
    assert_eq!(me.email, agency.coordinator);
    assert_eq!(me.role, Role::Coordinator);
    assert_eq!(me.agency.unwrap().name, "Alpha");

    // The SPA refreshes with the cookie alone.
    let refreshed = browser
        .post(app.url("/api/v1/auth/refresh"))
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), StatusCode::OK);
}

async fn a_refresh_token_works_once_and_its_reuse_revokes_the_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.officer).await;

    let first = refresh(&app, &api.refresh_token).await;
    assert_eq!(first.status(), StatusCode::OK);
    let second_token = first.json::<TokenResponse>().await.unwrap().refresh_token;
    assert_ne!(second_token, api.refresh_token);

    // The spent token comes back: refused, and the token issued from it dies with it.
    problem(
        refresh(&app, &api.refresh_token).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    problem(refresh(&app, &second_token).await, StatusCode::UNAUTHORIZED).await;

    // A new sign-in is a new family and is unaffected.
    let again = app.login(&agency.officer).await;
    assert_eq!(
        refresh(&app, &again.refresh_token).await.status(),
        StatusCode::OK
    );
}

async fn logout_ends_the_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.officer).await;

    let body = RefreshRequest {
        refresh_token: Some(api.refresh_token.clone()),
    };
    let out = api
        .send(Method::POST, "/api/v1/auth/logout")
        .json(&body)
        .expect_status(StatusCode::NO_CONTENT)
        .await;
    let cleared: Vec<_> = out
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(
        cleared.iter().all(|c| c.contains("Max-Age=0")),
        "{cleared:?}"
    );

    problem(
        refresh(&app, &api.refresh_token).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

async fn me_needs_a_valid_token(backend: Backend) {
    let app = spawn_app(backend).await;
    let anonymous = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(anonymous.headers()["www-authenticate"], "Bearer");
    problem(anonymous, StatusCode::UNAUTHORIZED).await;
    let forged = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth("eyJhbGciOiJIUzI1NiJ9.e30.x")
        .send()
        .await
        .unwrap();
    problem(forged, StatusCode::UNAUTHORIZED).await;
}

async fn the_pages_own_sign_in_form_signs_in_and_goes_on_only_within_the_app(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = |password: &str, next: Option<&str>| LoginForm {
        email: agency.coordinator.clone(),
        password: password.into(),
        code: None,
        next: next.map(Into::into),
    };
    let post = |form: LoginForm, origin: Option<String>| {
        let mut request = browser
            .post(app.url("/api/v1/auth/login-form"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(&form).unwrap());
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        async move { request.send().await.unwrap() }
    };
    let location = |r: &reqwest::Response| r.headers()["location"].to_str().unwrap().to_owned();

    // A wrong password goes back to the sign-in page, told so, keeping where it was going.
    let wrong = post(form("wrong", Some("/people")), None).await;
    assert_eq!(wrong.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&wrong), "/login?failed=1&next=/people");
    assert!(wrong.headers().get("set-cookie").is_none());

    // Another site's page may not sign anyone in.
    let foreign = post(form(PASSWORD, None), Some("https://evil.example".into())).await;
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    let json = browser
        .post(app.url("/api/v1/auth/login-form"))
        .json(&login_request(&agency.coordinator, PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Signed in: the cookies are set and the browser goes on, but never to another site.
    let origin = app.url("").trim_end_matches('/').to_owned();
    let elsewhere = post(
        form(PASSWORD, Some("//evil.example/x")),
        Some(origin.clone()),
    )
    .await;
    assert_eq!(elsewhere.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&elsewhere), "/");
    let signed_in = post(form(PASSWORD, Some("/people?unit=Patrol")), Some(origin)).await;
    assert_eq!(location(&signed_in), "/people?unit=Patrol");
    let cookies: Vec<String> = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("ct_access=") && c.contains("HttpOnly"))
    );
    let me = browser.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(me.status(), StatusCode::OK);
}

async fn an_access_token_expires_after_its_minutes_and_a_refresh_renews_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.officer).await;
    let me = |token: String| {
        let request = app.client.get(app.url("/api/v1/me")).bearer_auth(token);
        async move { request.send().await.unwrap().status() }
    };

    app.clock.advance(time::Duration::minutes(14));
    assert_eq!(me(api.token.clone()).await, StatusCode::OK);
    // Past its 15 minutes (and the few seconds of leeway), the token is refused.
    app.clock.advance(time::Duration::minutes(2));
    assert_eq!(me(api.token.clone()).await, StatusCode::UNAUTHORIZED);

    // The sign-in was used a moment ago: its refresh token gives a new access token.
    let refreshed = refresh(&app, &api.refresh_token).await;
    assert_eq!(refreshed.status(), StatusCode::OK);
    let token = refreshed
        .json::<TokenResponse>()
        .await
        .unwrap()
        .access_token;
    assert_eq!(me(token).await, StatusCode::OK);
}
