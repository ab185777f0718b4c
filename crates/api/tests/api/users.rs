//! `/users`: an agency admin changes a login's role, switches it off and on, and sends a new
//! link to set a password; never for his or her own login or the last admin.

use confitrek_types::{AuditEventDto, Me, Page, Role, RoleInput, UserDto, UserInvited};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    an_admin_changes_roles_switches_logins_off_and_resets_passwords,
    an_admin_cannot_lock_out_himself_nor_reach_another_agency,
    the_audit_log_names_who_and_what_and_filters_by_each,
    an_invitation_is_accepted_within_seven_days_and_not_after,
);

async fn login_of(api: &Api, email: &str) -> UserDto {
    let page: Page<UserDto> = api.get_as("/api/v1/users", StatusCode::OK).await;
    page.items
        .into_iter()
        .find(|u| u.email == email)
        .unwrap_or_else(|| panic!("no login {email}"))
}

async fn login_id(api: &Api, email: &str) -> Uuid {
    login_of(api, email).await.id
}

async fn an_admin_changes_roles_switches_logins_off_and_resets_passwords(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let id = login_id(&admin, &agency.coordinator).await;

    // Each login says when it was last used.
    let signed_in = login_of(&admin, &agency.coordinator).await;
    assert!(signed_in.last_sign_in_at.is_some());
    assert!(!signed_in.disabled);
    assert!(
        login_of(&admin, &agency.officer)
            .await
            .last_sign_in_at
            .is_none()
    );

    // A new role takes effect on the next request.
    let role_path = format!("/api/v1/users/{id}/role");
    let changed: UserDto = admin
        .put_as(
            &role_path,
            &RoleInput {
                role: Role::Supervisor,
            },
            StatusCode::OK,
        )
        .await;
    assert_eq!(changed.role, Role::Supervisor);
    let me: Me = coordinator.get_as("/api/v1/me", StatusCode::OK).await;
    assert_eq!(me.role, Role::Supervisor);
    let bad = admin
        .put_problem(
            &role_path,
            &RoleInput {
                role: Role::PlatformOperator,
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&bad), ["role"]);
    let wrong_type = admin
        .put_problem(
            &role_path,
            &json!({ "role": 7 }),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&wrong_type), ["role"]);

    // Switched off: the open session ends at once and signing in fails; switched on, it works.
    let off: UserDto = admin
        .send(Method::POST, &format!("/api/v1/users/{id}/disable"))
        .expect(StatusCode::OK)
        .await;
    assert!(off.disabled);
    coordinator
        .get_problem("/api/v1/me", StatusCode::UNAUTHORIZED)
        .await;
    assert_eq!(
        app.login_response(&agency.coordinator, PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let on: UserDto = admin
        .send(Method::POST, &format!("/api/v1/users/{id}/enable"))
        .expect(StatusCode::OK)
        .await;
    assert!(!on.disabled);
    let again = app.login(&agency.coordinator).await;

    // A reset: the old password stops working and the sessions end; the new link sets one.
    let link: UserInvited = admin
        .send(Method::POST, &format!("/api/v1/users/{id}/password-link"))
        .expect(StatusCode::OK)
        .await;
    assert!(!link.user.has_password);
    again
        .get_problem("/api/v1/me", StatusCode::UNAUTHORIZED)
        .await;
    assert_eq!(
        app.login_response(&agency.coordinator, PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let accepted = app
        .client
        .post(app.url("/api/v1/auth/accept-invite"))
        .json(&confitrek_types::AcceptInviteRequest {
            token: link.invitation_token,
            password: "a-brand-new-passphrase-9".into(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.login_response(&agency.coordinator, "a-brand-new-passphrase-9")
            .await
            .status(),
        StatusCode::OK
    );

    // Every change is in the audit log.
    let audit: Page<AuditEventDto> = admin
        .get_as("/api/v1/audit-events?limit=50", StatusCode::OK)
        .await;
    let actions: Vec<&str> = audit.items.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "user.change_role",
        "user.disable",
        "user.enable",
        "user.reset_password",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}

async fn an_admin_cannot_lock_out_himself_nor_reach_another_agency(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let other = app.seed_agency("Beta").await;
    let admin = app.login(&agency.admin).await;
    let own = login_id(&admin, &agency.admin).await;
    admin
        .put_problem(
            &format!("/api/v1/users/{own}/role"),
            &RoleInput {
                role: Role::Officer,
            },
            StatusCode::CONFLICT,
        )
        .await;
    for action in ["disable", "password-link"] {
        admin
            .send(Method::POST, &format!("/api/v1/users/{own}/{action}"))
            .problem(StatusCode::CONFLICT)
            .await;
    }
    let _: Me = app
        .login(&agency.admin)
        .await
        .get_as("/api/v1/me", StatusCode::OK)
        .await;

    // Another agency's login is not found; a coordinator may not manage logins.
    let beta_admin = app.login(&other.admin).await;
    let theirs = login_id(&beta_admin, &other.officer).await;
    admin
        .send(Method::POST, &format!("/api/v1/users/{theirs}/disable"))
        .problem(StatusCode::NOT_FOUND)
        .await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = login_id(&admin, &agency.officer).await;
    coordinator
        .send(Method::POST, &format!("/api/v1/users/{officer}/disable"))
        .problem(StatusCode::FORBIDDEN)
        .await;
}

async fn the_audit_log_names_who_and_what_and_filters_by_each(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let supervisor = app.login(&agency.supervisor).await;
    let officer = login_id(&admin, &agency.officer).await;
    let admin_id = login_id(&admin, &agency.admin).await;
    let _: UserDto = admin
        .put_as(
            &format!("/api/v1/users/{officer}/role"),
            &RoleInput {
                role: Role::Coordinator,
            },
            StatusCode::OK,
        )
        .await;
    // A change by someone linked to a person is named by the person.
    let _ = supervisor.get("/api/v1/people").await;

    let page = async |query: &str| -> Vec<AuditEventDto> {
        let page: Page<AuditEventDto> = admin
            .get_as(&format!("/api/v1/audit-events?{query}"), StatusCode::OK)
            .await;
        page.items
    };
    let role_changes = page("action=user.change_&target_type=user").await;
    assert_eq!(role_changes.len(), 1);
    assert_eq!(role_changes[0].action, "user.change_role");
    assert_eq!(
        role_changes[0].actor_name.as_deref(),
        Some(agency.admin.as_str())
    );
    assert_eq!(
        role_changes[0].target_name.as_deref(),
        Some("Officer, Olive")
    );
    let logins = page("action=auth.login").await;
    assert!(
        logins
            .iter()
            .any(|e| e.actor_name.as_deref() == Some("Sergeant, Sam")),
        "{logins:?}"
    );
    let by_admin = page(&format!("actor={admin_id}")).await;
    assert!(!by_admin.is_empty());
    assert!(by_admin.iter().all(|e| e.actor_user_id == Some(admin_id)));
    let about = page(&format!("target_id={officer}")).await;
    assert!(about.iter().all(|e| e.target_id == Some(officer)));

    // Days are the agency's; a range after today is empty, a reversed one refused.
    let today = app.clock.today_in("America/Chicago");
    let tomorrow = today.next_day().unwrap();
    assert!(!page(&format!("from={today}&to={today}")).await.is_empty());
    assert!(page(&format!("from={tomorrow}")).await.is_empty());
    let reversed = admin
        .get_problem(
            &format!("/api/v1/audit-events?from={tomorrow}&to={today}"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&reversed), ["to"]);
    let odd = admin
        .get_problem(
            "/api/v1/audit-events?action=DROP%20TABLE",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&odd), ["action"]);
    supervisor
        .get_problem("/api/v1/audit-events", StatusCode::FORBIDDEN)
        .await;
}

async fn an_invitation_is_accepted_within_seven_days_and_not_after(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let invite = |email: &'static str| {
        let admin = &admin;
        async move {
            let invited = admin
                .post(
                    "/api/v1/users",
                    &json!({ "email": email, "role": "coordinator" }),
                )
                .await;
            assert_eq!(invited.status(), StatusCode::CREATED);
            invited.json::<Value>().await.unwrap()["invitation_token"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let accept = |token: String| {
        let request = app
            .client
            .post(app.url("/api/v1/auth/accept-invite"))
            .json(&json!({ "token": token, "password": "a-brand-new-passphrase-9" }));
        async move { request.send().await.unwrap() }
    };
    let late = invite("late@alpha.test").await;
    let prompt = invite("prompt@alpha.test").await;

    app.clock.advance(time::Duration::days(6));
    assert_eq!(accept(prompt).await.status(), StatusCode::NO_CONTENT);
    app.clock.advance(time::Duration::days(2));
    let refused = problem(accept(late).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(refused.to_string().contains("expired"), "{refused}");
    assert_eq!(
        app.login_response("prompt@alpha.test", "a-brand-new-passphrase-9")
            .await
            .status(),
        StatusCode::OK
    );
}
