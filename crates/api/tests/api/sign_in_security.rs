//! Two-step sign-in, lockout, the per-address limit, sessions that end, and the agency's
//! sign-in settings.

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    an_admin_sets_up_two_step_sign_in_before_anything_else_and_then_signs_in_with_a_code,
    a_code_works_once_within_one_step_either_side_and_a_recovery_code_once,
    five_wrong_passwords_lock_an_account_known_or_not_until_it_unlocks_or_is_released,
    an_address_that_fails_too_often_is_answered_429_with_retry_after,
    a_token_is_refused_at_the_next_request_once_its_session_ends,
    sessions_end_when_left_idle_or_past_their_absolute_limit,
    an_admin_resets_two_step_sign_in_and_ends_sessions_audited,
    the_security_settings_are_bounded_and_apply_to_everyone,
    common_and_context_passwords_are_refused,
);

/// Requires two-step sign-in of admins and coordinators, as a server does by default.
async fn strict_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |c| c.require_mfa = true).await
}

fn code_at(secret: &str, unix: i64) -> String {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().unwrap();
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes)
        .unwrap()
        .generate(u64::try_from(unix).unwrap())
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

async fn login_with(
    app: &TestApp,
    email: &str,
    password: &str,
    code: Option<&str>,
) -> reqwest::Response {
    let mut body = json!({ "email": email, "password": password });
    if let Some(code) = code {
        body["code"] = json!(code);
    }
    app.client
        .post(app.url("/api/v1/auth/login"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn api_of(app: &TestApp, response: reqwest::Response) -> Api {
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    Api {
        base: app.address.clone(),
        client: app.client.clone(),
        token: body["access_token"].as_str().unwrap().to_owned(),
        refresh_token: body["refresh_token"].as_str().unwrap().to_owned(),
    }
}

/// Sets up two-step sign-in for a signed-in login; its secret and recovery codes.
async fn enrol(api: &Api) -> (String, Vec<String>) {
    let enrolment: Value = api
        .post("/api/v1/auth/mfa/enrolment", &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let secret = enrolment["secret"].as_str().unwrap().to_owned();
    assert!(
        enrolment["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/ConfiTrek:")
    );
    assert!(enrolment["qr_svg"].as_str().unwrap().contains("<svg"));
    let confirmed = api
        .post(
            "/api/v1/auth/mfa/enrolment/confirm",
            &json!({ "code": code_at(&secret, now()) }),
        )
        .await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    let codes: Value = confirmed.json().await.unwrap();
    let codes = codes["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (secret, codes)
}

async fn an_admin_sets_up_two_step_sign_in_before_anything_else_and_then_signs_in_with_a_code(
    backend: Backend,
) {
    let app = strict_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let me: Value = admin.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(
        (me["mfa_required"].as_bool(), me["mfa_enabled"].as_bool()),
        (Some(true), Some(false))
    );
    let refused = problem(admin.get("/api/v1/people").await, StatusCode::FORBIDDEN).await;
    assert_eq!(
        refused["type"],
        "urn:confitrek:problem:mfa_enrolment_required"
    );
    // An officer is not asked unless the agency says so.
    let officer = app.login(&agency.officer).await;
    assert_eq!(
        officer.get("/api/v1/notifications").await.status(),
        StatusCode::OK
    );

    let (secret, codes) = enrol(&admin).await;
    assert_eq!(codes.len(), 10);
    assert_eq!(admin.get("/api/v1/people").await.status(), StatusCode::OK);

    let without = problem(
        login_with(&app, &agency.admin, PASSWORD, None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(without["type"], "urn:confitrek:problem:mfa_required");
    assert_eq!(fields(&without), ["code"]);
    // The code of the next step: the one of this step was spent by the enrolment.
    let next = code_at(&secret, now() + 30);
    let signed_in = api_of(
        &app,
        login_with(&app, &agency.admin, PASSWORD, Some(&next)).await,
    )
    .await;
    assert_eq!(
        signed_in.get("/api/v1/people").await.status(),
        StatusCode::OK
    );
    let status: Value = signed_in
        .get("/api/v1/auth/mfa")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status["enabled"], true);
    assert_eq!(status["recovery_codes_left"], 10);
}

async fn a_code_works_once_within_one_step_either_side_and_a_recovery_code_once(backend: Backend) {
    let app = strict_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let (secret, codes) = enrol(&app.login(&agency.coordinator).await).await;
    let t = now();
    let wrong = |code: String| {
        let app = &app;
        let email = agency.coordinator.clone();
        async move {
            let p = problem(
                login_with(app, &email, PASSWORD, Some(&code)).await,
                StatusCode::UNAUTHORIZED,
            )
            .await;
            assert_eq!(p["type"], "urn:confitrek:problem:mfa_required");
        }
    };
    // Two steps away is outside the window.
    wrong(code_at(&secret, t - 90)).await;
    wrong(code_at(&secret, t + 90)).await;
    // One step ahead is accepted once; it, or any earlier step, never again.
    let ahead = code_at(&secret, t + 30);
    api_of(
        &app,
        login_with(&app, &agency.coordinator, PASSWORD, Some(&ahead)).await,
    )
    .await;
    wrong(ahead).await;
    wrong(code_at(&secret, t)).await;
    // A recovery code, typed in capitals with spaces, works once.
    let typed = codes[0].to_uppercase().replace('-', " ");
    api_of(
        &app,
        login_with(&app, &agency.coordinator, PASSWORD, Some(&typed)).await,
    )
    .await;
    wrong(codes[0].clone()).await;
    let status: Value = app
        .login_response(&agency.coordinator, PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status["type"], "urn:confitrek:problem:mfa_required");
}

async fn five_wrong_passwords_lock_an_account_known_or_not_until_it_unlocks_or_is_released(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    for (i, email) in [agency.officer.as_str(), "nobody@alpha.test"]
        .into_iter()
        .enumerate()
    {
        for _ in 0..4 {
            problem(
                app.login_response(email, "not the password").await,
                StatusCode::UNAUTHORIZED,
            )
            .await;
        }
        let fifth = app.login_response(email, "not the password").await;
        let retry: u64 = fifth.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((14 * 60..=15 * 60).contains(&retry), "{retry}");
        let locked = problem(fifth, StatusCode::TOO_MANY_REQUESTS).await;
        assert_eq!(
            locked["type"], "urn:confitrek:problem:account_locked",
            "{i}"
        );
        // The right password does not get through a lock.
        problem(
            app.login_response(email, PASSWORD).await,
            StatusCode::TOO_MANY_REQUESTS,
        )
        .await;
    }
    // The owner is told; the lock is audited.
    let mail = app.count("notifications").await;
    assert_eq!(mail, 1);
    // The admin sees the lock and releases it.
    let admin = app.login(&agency.admin).await;
    let users: Value = admin.get("/api/v1/users").await.json().await.unwrap();
    let officer = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == agency.officer.as_str())
        .unwrap()
        .clone();
    assert_eq!(officer["locked"], true);
    let id = officer["id"].as_str().unwrap();
    assert_eq!(
        admin
            .post(&format!("/api/v1/users/{id}/unlock"), &json!({}))
            .await
            .status(),
        StatusCode::OK
    );
    app.login(&agency.officer).await;
    let events: Value = admin
        .get("/api/v1/audit-events?action=auth.lockout")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(events["items"].as_array().unwrap().len(), 1);
    let released: Value = admin
        .get("/api/v1/audit-events?action=user.unlock")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(released["items"].as_array().unwrap().len(), 1);

    // An agency that releases only by hand: no Retry-After, and no unlock with time.
    let settings = json!({ "mfa_for_everyone": false, "lockout_minutes": null, "idle_timeout_minutes": 30, "session_hours": 12 });
    assert_eq!(
        admin
            .put("/api/v1/agencies/current/security", &settings)
            .await
            .status(),
        StatusCode::OK
    );
    for _ in 0..5 {
        app.login_response(&agency.supervisor, "not the password")
            .await;
    }
    let locked = app.login_response(&agency.supervisor, PASSWORD).await;
    assert!(locked.headers().get("retry-after").is_none());
    problem(locked, StatusCode::TOO_MANY_REQUESTS).await;
    // A lock that has run its time ends by itself; one released only by hand does not.
    app.clock.advance(time::Duration::minutes(16));
    problem(
        app.login_response("nobody@alpha.test", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    problem(
        app.login_response(&agency.supervisor, PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
    )
    .await;
}

async fn an_address_that_fails_too_often_is_answered_429_with_retry_after(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.login_failures_per_minute = 8).await;
    let agency = app.seed_agency("Alpha").await;
    // Different accounts, so that no account lock answers first.
    for i in 0..8 {
        let email = format!("guess{i}@alpha.test");
        problem(
            app.login_response(&email, "not the password").await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
    }
    let refused = app.login_response(&agency.officer, PASSWORD).await;
    let retry: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    let body = problem(refused, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(body["type"], "urn:confitrek:problem:too_many_attempts");
}

async fn a_token_is_refused_at_the_next_request_once_its_session_ends(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;

    // Logout.
    let officer = app.login(&agency.officer).await;
    let body = json!({ "refresh_token": officer.refresh_token });
    app.client
        .post(app.url("/api/v1/auth/logout"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        officer.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // A refresh token used twice: the sign-in ends, its access token with it.
    let officer = app.login(&agency.officer).await;
    let refresh = || {
        app.client
            .post(app.url("/api/v1/auth/refresh"))
            .json(&json!({ "refresh_token": officer.refresh_token }))
            .send()
    };
    assert_eq!(refresh().await.unwrap().status(), StatusCode::OK);
    assert_eq!(refresh().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        officer.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );

    // "Sign out everywhere else" and one session ended from the list.
    let phone = app.login(&agency.officer).await;
    let desk = app.login(&agency.officer).await;
    let laptop = app.login(&agency.officer).await;
    let listed: Value = desk
        .get("/api/v1/auth/sessions")
        .await
        .json()
        .await
        .unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(listed.iter().filter(|s| s["current"] == true).count(), 1);
    // Newest first: the laptop's, the desk's (current), the phone's.
    let phone_id = listed[2]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        desk.delete(&format!("/api/v1/auth/sessions/{phone_id}"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        phone.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(laptop.get("/api/v1/me").await.status(), StatusCode::OK);
    assert_eq!(
        desk.post("/api/v1/auth/sessions/end-others", &json!({}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        laptop.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(desk.get("/api/v1/me").await.status(), StatusCode::OK);
    // Another user's session is not the caller's to end.
    let admin = app.login(&agency.admin).await;
    let admins: Value = admin
        .get("/api/v1/auth/sessions")
        .await
        .json()
        .await
        .unwrap();
    let admin_session = admins[0]["id"].as_str().unwrap();
    problem(
        desk.delete(&format!("/api/v1/auth/sessions/{admin_session}"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // A new password link, and a deactivated login.
    let users: Value = admin.get("/api/v1/users").await.json().await.unwrap();
    let id_of = |email: &str| {
        users["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == email)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let officer_id = id_of(&agency.officer);
    admin
        .post(
            &format!("/api/v1/users/{officer_id}/password-link"),
            &json!({}),
        )
        .await;
    assert_eq!(
        desk.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let supervisor = app.login(&agency.supervisor).await;
    let supervisor_id = id_of(&agency.supervisor);
    admin
        .post(
            &format!("/api/v1/users/{supervisor_id}/disable"),
            &json!({}),
        )
        .await;
    assert_eq!(
        supervisor.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

async fn sessions_end_when_left_idle_or_past_their_absolute_limit(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let shift = |sql: &'static str| {
        let db = app.db.clone();
        async move {
            db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
                .await
                .unwrap();
        }
    };
    let idle = app.login(&agency.officer).await;
    assert_eq!(idle.get("/api/v1/me").await.status(), StatusCode::OK);
    // 29 minutes unused stands; 31 does not.
    let back = |minutes: i64| {
        let at = time::OffsetDateTime::now_utc() - time::Duration::minutes(minutes);
        let db = app.db.clone();
        async move {
            let backend = db.get_database_backend();
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                match backend {
                    sea_orm::DatabaseBackend::Postgres => "UPDATE sign_ins SET last_seen_at = $1",
                    _ => "UPDATE sign_ins SET last_seen_at = ?",
                },
                [at.into()],
            ))
            .await
            .unwrap();
        }
    };
    back(29).await;
    assert_eq!(idle.get("/api/v1/me").await.status(), StatusCode::OK);
    back(31).await;
    assert_eq!(
        idle.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let refreshed = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({ "refresh_token": idle.refresh_token }))
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), StatusCode::UNAUTHORIZED);

    let busy = app.login(&agency.supervisor).await;
    shift("UPDATE sign_ins SET expires_at = created_at WHERE ended_at IS NULL").await;
    assert_eq!(
        busy.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

async fn an_admin_resets_two_step_sign_in_and_ends_sessions_audited(backend: Backend) {
    let app = strict_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let first_admin = app.login(&agency.admin).await;
    enrol(&first_admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    enrol(&coordinator).await;
    let users: Value = first_admin.get("/api/v1/users").await.json().await.unwrap();
    let coordinator_row = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == agency.coordinator.as_str())
        .unwrap()
        .clone();
    assert_eq!(coordinator_row["mfa_enabled"], true);
    let id = coordinator_row["id"].as_str().unwrap();

    // Only an admin resets a second factor or ends another's sessions.
    problem(
        coordinator
            .post(&format!("/api/v1/users/{id}/mfa/reset"), &json!({}))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let reset = first_admin
        .post(&format!("/api/v1/users/{id}/mfa/reset"), &json!({}))
        .await;
    let reset: Value = reset.json().await.unwrap();
    assert_eq!(reset["mfa_enabled"], false);
    assert_eq!(
        coordinator.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // The coordinator signs in with the password alone and must set up a new factor.
    let again = app.login(&agency.coordinator).await;
    problem(again.get("/api/v1/people").await, StatusCode::FORBIDDEN).await;
    let officer = app.login(&agency.officer).await;
    let officer_id = users["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == agency.officer.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    first_admin
        .post(
            &format!("/api/v1/users/{officer_id}/sessions/end"),
            &json!({}),
        )
        .await;
    assert_eq!(
        officer.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    for action in ["user.mfa_reset", "user.end_sessions", "user.mfa_enrol"] {
        let events: Value = first_admin
            .get(&format!("/api/v1/audit-events?action={action}"))
            .await
            .json()
            .await
            .unwrap();
        assert!(!events["items"].as_array().unwrap().is_empty(), "{action}");
    }
}

async fn the_security_settings_are_bounded_and_apply_to_everyone(backend: Backend) {
    let app = strict_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    enrol(&admin).await;
    let bad = json!({ "mfa_for_everyone": true, "lockout_minutes": 0, "idle_timeout_minutes": 1, "session_hours": 25 });
    let refused = problem(
        admin.put("/api/v1/agencies/current/security", &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        fields(&refused),
        ["lockout_minutes", "idle_timeout_minutes", "session_hours"]
    );
    let wrong_type = json!({ "mfa_for_everyone": "yes", "lockout_minutes": 15, "idle_timeout_minutes": 30, "session_hours": 12 });
    problem(
        admin
            .put("/api/v1/agencies/current/security", &wrong_type)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let officer = app.login(&agency.officer).await;
    problem(
        officer.get("/api/v1/agencies/current/security").await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let good = json!({ "mfa_for_everyone": true, "lockout_minutes": 30, "idle_timeout_minutes": 60, "session_hours": 8 });
    let saved: Value = admin
        .put("/api/v1/agencies/current/security", &good)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved, good);
    // An officer signing in now must set up a second factor too.
    let officer = app.login(&agency.officer).await;
    let me: Value = officer.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["mfa_required"], true);
    problem(
        officer.get("/api/v1/notifications").await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let sessions: Value = officer
        .get("/api/v1/auth/sessions")
        .await
        .json()
        .await
        .unwrap();
    let ends = time::OffsetDateTime::parse(
        sessions[0]["expires_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let began = time::OffsetDateTime::parse(
        sessions[0]["created_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert_eq!((ends - began).whole_hours(), 8);
}

async fn common_and_context_passwords_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let invited: Value = admin
        .post(
            "/api/v1/users",
            &json!({ "email": "jane.rivera@alpha.test", "role": "officer" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let token = invited["invitation_token"].as_str().unwrap();
    for password in [
        "password1234",
        "Police2024!!",
        "JaneRivera2026",
        "aaaaaaaaaaaaaa",
        "qwerty123456",
    ] {
        let body = json!({ "token": token, "password": password });
        let response = app
            .client
            .post(app.url("/api/v1/auth/accept-invite"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let refused = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&refused), ["password"], "{password}");
    }
    let body = json!({ "token": token, "password": "marble orchard quietly hums" });
    let response = app
        .client
        .post(app.url("/api/v1/auth/accept-invite"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}
