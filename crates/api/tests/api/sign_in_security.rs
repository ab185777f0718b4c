//! Two-step sign-in, lockout, the per-address limit, sessions that end, and the agency's
//! sign-in settings.

use confitrek_types::{
    AcceptInviteRequest, AuditEventDto, InviteUserRequest, LoginRequest, Me, MfaCode, MfaEnrolment,
    MfaStatus, Page, Problem, RecoveryCodes, RefreshRequest, Role, SecuritySettings, SignInDto,
    TokenResponse, UserDto, UserInvited,
};
use reqwest::{Method, StatusCode};
use serde_json::json;
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

const SECURITY: &str = "/api/v1/agencies/current/security";

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
    let body = LoginRequest {
        email: email.into(),
        password: password.into(),
        code: code.map(Into::into),
    };
    app.client
        .post(app.url("/api/v1/auth/login"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Exchanges the refresh token without a sign-in, as a client whose access token ran out.
async fn refresh(app: &TestApp, refresh_token: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&RefreshRequest {
            refresh_token: Some(refresh_token.into()),
        })
        .send()
        .await
        .unwrap()
}

/// The problem a request without a sign-in was answered, checked as [`problem`] checks it.
async fn typed_problem(response: reqwest::Response, status: StatusCode) -> Problem {
    serde_json::from_value(problem(response, status).await).unwrap()
}

async fn api_of(app: &TestApp, response: reqwest::Response) -> Api {
    assert_eq!(response.status(), StatusCode::OK);
    let tokens: TokenResponse = response.json().await.unwrap();
    Api {
        base: app.address.clone(),
        client: app.client.clone(),
        token: tokens.access_token,
        refresh_token: tokens.refresh_token,
    }
}

/// Asks who is signed in; `OK` while the sign-in stands, `UNAUTHORIZED` once it ended.
async fn me_answers(api: &Api, status: StatusCode) {
    api.send(Method::GET, "/api/v1/me")
        .expect_status(status)
        .await;
}

/// The agency's login of `email`, as its admin lists it.
async fn user_of(admin: &Api, email: &str) -> UserDto {
    let users: Page<UserDto> = admin.get_as("/api/v1/users", StatusCode::OK).await;
    users
        .items
        .into_iter()
        .find(|u| u.email == email)
        .unwrap_or_else(|| panic!("no login {email}"))
}

/// The audit events of one action.
async fn audited(admin: &Api, action: &str) -> Vec<AuditEventDto> {
    let page: Page<AuditEventDto> = admin
        .get_as(
            &format!("/api/v1/audit-events?action={action}"),
            StatusCode::OK,
        )
        .await;
    page.items
}

/// An admin's action on a login that takes no body: `unlock`, `disable`, `mfa/reset` ...
async fn act_on<T: serde::de::DeserializeOwned>(admin: &Api, user: uuid::Uuid, action: &str) -> T {
    admin
        .send(Method::POST, &format!("/api/v1/users/{user}/{action}"))
        .expect(StatusCode::OK)
        .await
}

/// Sets up two-step sign-in for a signed-in login; its secret and recovery codes.
async fn enrol(api: &Api) -> (String, Vec<String>) {
    let enrolment: MfaEnrolment = api
        .send(Method::POST, "/api/v1/auth/mfa/enrolment")
        .expect(StatusCode::OK)
        .await;
    let secret = enrolment.secret;
    assert!(
        enrolment
            .otpauth_uri
            .starts_with("otpauth://totp/ConfiTrek:")
    );
    assert!(enrolment.qr_svg.contains("<svg"));
    let code = MfaCode {
        code: code_at(&secret, now()),
    };
    let codes: RecoveryCodes = api
        .post_as("/api/v1/auth/mfa/enrolment/confirm", &code, StatusCode::OK)
        .await;
    (secret, codes.recovery_codes)
}

async fn an_admin_sets_up_two_step_sign_in_before_anything_else_and_then_signs_in_with_a_code(
    backend: Backend,
) {
    let app = strict_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let me: Me = admin.get_as("/api/v1/me", StatusCode::OK).await;
    assert_eq!((me.mfa_required, me.mfa_enabled), (true, false));
    let refused = admin
        .get_problem("/api/v1/people", StatusCode::FORBIDDEN)
        .await;
    assert_eq!(refused.kind, "urn:confitrek:problem:mfa_enrolment_required");
    // An officer is not asked unless the agency says so.
    let officer = app.login(&agency.officer).await;
    officer
        .send(Method::GET, "/api/v1/notifications")
        .expect_status(StatusCode::OK)
        .await;

    let (secret, codes) = enrol(&admin).await;
    assert_eq!(codes.len(), 10);
    admin
        .send(Method::GET, "/api/v1/people")
        .expect_status(StatusCode::OK)
        .await;

    let without = typed_problem(
        login_with(&app, &agency.admin, PASSWORD, None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(without.kind, "urn:confitrek:problem:mfa_required");
    assert_eq!(problem_fields(&without), ["code"]);
    // The code of the next step: the one of this step was spent by the enrolment.
    let next = code_at(&secret, now() + 30);
    let signed_in = api_of(
        &app,
        login_with(&app, &agency.admin, PASSWORD, Some(&next)).await,
    )
    .await;
    signed_in
        .send(Method::GET, "/api/v1/people")
        .expect_status(StatusCode::OK)
        .await;
    let status: MfaStatus = signed_in.get_as("/api/v1/auth/mfa", StatusCode::OK).await;
    assert!(status.enabled);
    assert_eq!(status.recovery_codes_left, 10);
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
            let p = typed_problem(
                login_with(app, &email, PASSWORD, Some(&code)).await,
                StatusCode::UNAUTHORIZED,
            )
            .await;
            assert_eq!(p.kind, "urn:confitrek:problem:mfa_required");
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
    let status = typed_problem(
        app.login_response(&agency.coordinator, PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(status.kind, "urn:confitrek:problem:mfa_required");
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
        let locked = typed_problem(fifth, StatusCode::TOO_MANY_REQUESTS).await;
        assert_eq!(locked.kind, "urn:confitrek:problem:account_locked", "{i}");
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
    let officer = user_of(&admin, &agency.officer).await;
    assert!(officer.locked);
    let _: UserDto = act_on(&admin, officer.id, "unlock").await;
    app.login(&agency.officer).await;
    assert_eq!(audited(&admin, "auth.lockout").await.len(), 1);
    assert_eq!(audited(&admin, "user.unlock").await.len(), 1);

    // An agency that releases only by hand: no Retry-After, and no unlock with time.
    let settings = SecuritySettings {
        mfa_for_everyone: false,
        lockout_minutes: None,
        idle_timeout_minutes: 30,
        session_hours: 12,
    };
    let _: SecuritySettings = admin.put_as(SECURITY, &settings, StatusCode::OK).await;
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
    let body = typed_problem(refused, StatusCode::TOO_MANY_REQUESTS).await;
    assert_eq!(body.kind, "urn:confitrek:problem:too_many_attempts");
}

async fn a_token_is_refused_at_the_next_request_once_its_session_ends(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;

    // Logout.
    let officer = app.login(&agency.officer).await;
    let body = RefreshRequest {
        refresh_token: Some(officer.refresh_token.clone()),
    };
    app.client
        .post(app.url("/api/v1/auth/logout"))
        .json(&body)
        .send()
        .await
        .unwrap();
    me_answers(&officer, StatusCode::UNAUTHORIZED).await;

    // A refresh token used twice: the sign-in ends, its access token with it.
    let officer = app.login(&agency.officer).await;
    assert_eq!(
        refresh(&app, &officer.refresh_token).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        refresh(&app, &officer.refresh_token).await.status(),
        StatusCode::UNAUTHORIZED
    );
    me_answers(&officer, StatusCode::UNAUTHORIZED).await;

    // "Sign out everywhere else" and one session ended from the list.
    let phone = app.login(&agency.officer).await;
    let desk = app.login(&agency.officer).await;
    let laptop = app.login(&agency.officer).await;
    let listed: Vec<SignInDto> = desk.get_as("/api/v1/auth/sessions", StatusCode::OK).await;
    assert_eq!(listed.len(), 3);
    assert_eq!(listed.iter().filter(|s| s.current).count(), 1);
    // Newest first: the laptop's, the desk's (current), the phone's.
    let phone_id = listed[2].id;
    desk.delete_expect(
        &format!("/api/v1/auth/sessions/{phone_id}"),
        StatusCode::NO_CONTENT,
    )
    .await;
    me_answers(&phone, StatusCode::UNAUTHORIZED).await;
    me_answers(&laptop, StatusCode::OK).await;
    desk.send(Method::POST, "/api/v1/auth/sessions/end-others")
        .expect_status(StatusCode::NO_CONTENT)
        .await;
    me_answers(&laptop, StatusCode::UNAUTHORIZED).await;
    me_answers(&desk, StatusCode::OK).await;
    // Another user's session is not the caller's to end.
    let admin = app.login(&agency.admin).await;
    let admins: Vec<SignInDto> = admin.get_as("/api/v1/auth/sessions", StatusCode::OK).await;
    let admin_session = admins[0].id;
    desk.delete_problem(
        &format!("/api/v1/auth/sessions/{admin_session}"),
        StatusCode::NOT_FOUND,
    )
    .await;

    // A new password link, and a deactivated login.
    let officer_id = user_of(&admin, &agency.officer).await.id;
    let _: UserInvited = act_on(&admin, officer_id, "password-link").await;
    me_answers(&desk, StatusCode::UNAUTHORIZED).await;
    let supervisor = app.login(&agency.supervisor).await;
    let supervisor_id = user_of(&admin, &agency.supervisor).await.id;
    let _: UserDto = act_on(&admin, supervisor_id, "disable").await;
    me_answers(&supervisor, StatusCode::UNAUTHORIZED).await;
}

async fn sessions_end_when_left_idle_or_past_their_absolute_limit(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    // The refresh a client makes after its access token's 15 minutes: it stands after 29
    // minutes unused, not after 31 (the agency's idle limit is 30).
    let renewed = |refresh_token: String, status: StatusCode| {
        let app = &app;
        async move {
            let response = refresh(app, &refresh_token).await;
            assert_eq!(response.status(), status);
            match status {
                StatusCode::OK => {
                    response
                        .json::<TokenResponse>()
                        .await
                        .unwrap()
                        .refresh_token
                }
                _ => refresh_token,
            }
        }
    };
    let idle = app.login(&agency.officer).await;
    app.clock.advance(time::Duration::minutes(29));
    let token = renewed(idle.refresh_token.clone(), StatusCode::OK).await;
    app.clock.advance(time::Duration::minutes(31));
    renewed(token, StatusCode::UNAUTHORIZED).await;

    // Used every 25 minutes, a sign-in stands until its 12 hours have passed, then ends.
    let busy = app.login(&agency.supervisor).await;
    let mut token = busy.refresh_token.clone();
    for _ in 0..(12 * 60 / 25) {
        app.clock.advance(time::Duration::minutes(25));
        token = renewed(token, StatusCode::OK).await;
    }
    app.clock.advance(time::Duration::minutes(25));
    renewed(token, StatusCode::UNAUTHORIZED).await;
}

async fn an_admin_resets_two_step_sign_in_and_ends_sessions_audited(backend: Backend) {
    let app = strict_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let first_admin = app.login(&agency.admin).await;
    enrol(&first_admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    enrol(&coordinator).await;
    let coordinator_row = user_of(&first_admin, &agency.coordinator).await;
    assert!(coordinator_row.mfa_enabled);
    let id = coordinator_row.id;

    // Only an admin resets a second factor or ends another's sessions.
    coordinator
        .send(Method::POST, &format!("/api/v1/users/{id}/mfa/reset"))
        .problem(StatusCode::FORBIDDEN)
        .await;
    let reset: UserDto = act_on(&first_admin, id, "mfa/reset").await;
    assert!(!reset.mfa_enabled);
    me_answers(&coordinator, StatusCode::UNAUTHORIZED).await;
    // The coordinator signs in with the password alone and must set up a new factor.
    let again = app.login(&agency.coordinator).await;
    again
        .get_problem("/api/v1/people", StatusCode::FORBIDDEN)
        .await;
    let officer = app.login(&agency.officer).await;
    let officer_id = user_of(&first_admin, &agency.officer).await.id;
    let _: UserDto = act_on(&first_admin, officer_id, "sessions/end").await;
    me_answers(&officer, StatusCode::UNAUTHORIZED).await;
    for action in ["user.mfa_reset", "user.end_sessions", "user.mfa_enrol"] {
        assert!(!audited(&first_admin, action).await.is_empty(), "{action}");
    }
}

async fn the_security_settings_are_bounded_and_apply_to_everyone(backend: Backend) {
    let app = strict_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    enrol(&admin).await;
    let bad = SecuritySettings {
        mfa_for_everyone: true,
        lockout_minutes: Some(0),
        idle_timeout_minutes: 1,
        session_hours: 25,
    };
    let refused = admin
        .put_problem(SECURITY, &bad, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(
        problem_fields(&refused),
        ["lockout_minutes", "idle_timeout_minutes", "session_hours"]
    );
    // A value of the wrong type, which no typed body can carry.
    let wrong_type = json!({ "mfa_for_everyone": "yes", "lockout_minutes": 15, "idle_timeout_minutes": 30, "session_hours": 12 });
    admin
        .put_problem(SECURITY, &wrong_type, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let officer = app.login(&agency.officer).await;
    officer.get_problem(SECURITY, StatusCode::FORBIDDEN).await;
    let good = SecuritySettings {
        mfa_for_everyone: true,
        lockout_minutes: Some(30),
        idle_timeout_minutes: 60,
        session_hours: 8,
    };
    // The settings refuse unknown members, so an answer with anything more would not read.
    let saved: SecuritySettings = admin.put_as(SECURITY, &good, StatusCode::OK).await;
    assert_eq!(saved, good);
    // An officer signing in now must set up a second factor too.
    let officer = app.login(&agency.officer).await;
    let me: Me = officer.get_as("/api/v1/me", StatusCode::OK).await;
    assert!(me.mfa_required);
    officer
        .get_problem("/api/v1/notifications", StatusCode::FORBIDDEN)
        .await;
    let sessions: Vec<SignInDto> = officer
        .get_as("/api/v1/auth/sessions", StatusCode::OK)
        .await;
    let (began, ends) = (sessions[0].created_at, sessions[0].expires_at);
    assert_eq!((ends - began).whole_hours(), 8);
}

async fn common_and_context_passwords_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let invite = InviteUserRequest {
        email: "jane.rivera@alpha.test".into(),
        role: Role::Officer,
        person_id: None,
    };
    let invited: UserInvited = admin
        .post_as("/api/v1/users", &invite, StatusCode::CREATED)
        .await;
    let accept = |password: &str| {
        let body = AcceptInviteRequest {
            token: invited.invitation_token.clone(),
            password: password.into(),
        };
        app.client
            .post(app.url("/api/v1/auth/accept-invite"))
            .json(&body)
            .send()
    };
    for password in [
        "password1234",
        "Police2024!!",
        "JaneRivera2026",
        "aaaaaaaaaaaaaa",
        "qwerty123456",
    ] {
        let response = accept(password).await.unwrap();
        let refused = typed_problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(problem_fields(&refused), ["password"], "{password}");
    }
    let response = accept("marble orchard quietly hums").await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}
