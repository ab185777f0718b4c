//! `/users`: an agency admin changes a login's role, switches it off and on, and sends a new
//! link to set a password; never for his or her own login or the last admin.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    an_admin_changes_roles_switches_logins_off_and_resets_passwords,
    an_admin_cannot_lock_out_himself_nor_reach_another_agency,
    the_audit_log_names_who_and_what_and_filters_by_each,
    an_invitation_is_accepted_within_seven_days_and_not_after,
);

async fn login_id(api: &Api, email: &str) -> String {
    let page: Value = api.get("/api/v1/users").await.json().await.unwrap();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == email)
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .unwrap()
}

async fn an_admin_changes_roles_switches_logins_off_and_resets_passwords(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let id = login_id(&admin, &agency.coordinator).await;

    // Each login says when it was last used.
    let page: Value = admin.get("/api/v1/users").await.json().await.unwrap();
    let listed = |email: &str| {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == email)
            .cloned()
            .unwrap()
    };
    assert!(listed(&agency.coordinator)["last_sign_in_at"].is_string());
    assert!(listed(&agency.officer)["last_sign_in_at"].is_null());
    assert_eq!(listed(&agency.coordinator)["disabled"], false);

    // A new role takes effect on the next request.
    let changed = admin
        .put(
            &format!("/api/v1/users/{id}/role"),
            &json!({ "role": "supervisor" }),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed: Value = changed.json().await.unwrap();
    assert_eq!(changed["role"], "supervisor");
    let me: Value = coordinator.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["role"], "supervisor");
    let bad = admin
        .put(
            &format!("/api/v1/users/{id}/role"),
            &json!({ "role": "platform_operator" }),
        )
        .await;
    assert_eq!(
        fields(&problem(bad, StatusCode::UNPROCESSABLE_ENTITY).await),
        ["role"]
    );
    let wrong_type = admin
        .put(&format!("/api/v1/users/{id}/role"), &json!({ "role": 7 }))
        .await;
    assert_eq!(
        fields(&problem(wrong_type, StatusCode::UNPROCESSABLE_ENTITY).await),
        ["role"]
    );

    // Switched off: the open session ends at once and signing in fails; switched on, it works.
    let off = admin
        .post(&format!("/api/v1/users/{id}/disable"), &json!({}))
        .await;
    assert_eq!(off.status(), StatusCode::OK);
    assert_eq!(off.json::<Value>().await.unwrap()["disabled"], true);
    assert_eq!(
        coordinator.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login_response(&agency.coordinator, PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let on = admin
        .post(&format!("/api/v1/users/{id}/enable"), &json!({}))
        .await;
    assert_eq!(on.status(), StatusCode::OK);
    let again = app.login(&agency.coordinator).await;

    // A reset: the old password stops working and the sessions end; the new link sets one.
    let link = admin
        .post(&format!("/api/v1/users/{id}/password-link"), &json!({}))
        .await;
    assert_eq!(link.status(), StatusCode::OK);
    let link: Value = link.json().await.unwrap();
    assert_eq!(link["user"]["has_password"], false);
    assert_eq!(
        again.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login_response(&agency.coordinator, PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let accepted = app
        .client
        .post(app.url("/api/v1/auth/accept-invite"))
        .json(&json!({ "token": link["invitation_token"], "password": "a-brand-new-passphrase-9" }))
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
    let audit: Value = admin
        .get("/api/v1/audit-events?limit=50")
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
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
    for (path, body) in [
        (
            format!("/api/v1/users/{own}/role"),
            json!({ "role": "officer" }),
        ),
        (format!("/api/v1/users/{own}/disable"), json!({})),
        (format!("/api/v1/users/{own}/password-link"), json!({})),
    ] {
        let response = if path.ends_with("/role") {
            admin.put(&path, &body).await
        } else {
            admin.post(&path, &body).await
        };
        assert_eq!(response.status(), StatusCode::CONFLICT, "{path}");
    }
    assert_eq!(
        app.login(&agency.admin)
            .await
            .get("/api/v1/me")
            .await
            .status(),
        StatusCode::OK
    );

    // Another agency's login is not found; a coordinator may not manage logins.
    let beta_admin = app.login(&other.admin).await;
    let theirs = login_id(&beta_admin, &other.officer).await;
    let response = admin
        .post(&format!("/api/v1/users/{theirs}/disable"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let coordinator = app.login(&agency.coordinator).await;
    let officer = login_id(&admin, &agency.officer).await;
    let response = coordinator
        .post(&format!("/api/v1/users/{officer}/disable"), &json!({}))
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

async fn the_audit_log_names_who_and_what_and_filters_by_each(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let supervisor = app.login(&agency.supervisor).await;
    let officer = login_id(&admin, &agency.officer).await;
    let admin_id = login_id(&admin, &agency.admin).await;
    let changed = admin
        .put(
            &format!("/api/v1/users/{officer}/role"),
            &json!({ "role": "coordinator" }),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    // A change by someone linked to a person is named by the person.
    let _ = supervisor.get("/api/v1/people").await;

    let page = |query: &str| {
        let path = format!("/api/v1/audit-events?{query}");
        let admin = &admin;
        async move {
            let response = admin.get(&path).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let body: Value = response.json().await.unwrap();
            body["items"].as_array().unwrap().clone()
        }
    };
    let role_changes = page("action=user.change_&target_type=user").await;
    assert_eq!(role_changes.len(), 1);
    assert_eq!(role_changes[0]["action"], "user.change_role");
    assert_eq!(role_changes[0]["actor_name"], agency.admin.as_str());
    assert_eq!(role_changes[0]["target_name"], "Officer, Olive");
    let logins = page("action=auth.login").await;
    assert!(
        logins.iter().any(|e| e["actor_name"] == "Sergeant, Sam"),
        "{logins:?}"
    );
    let by_admin = page(&format!("actor={admin_id}")).await;
    assert!(!by_admin.is_empty());
    assert!(
        by_admin
            .iter()
            .all(|e| e["actor_user_id"] == admin_id.as_str())
    );
    let about = page(&format!("target_id={officer}")).await;
    assert!(about.iter().all(|e| e["target_id"] == officer.as_str()));

    // Days are the agency's; a range after today is empty, a reversed one refused.
    let today = confitrek_api::clock::today_in("America/Chicago");
    let tomorrow = today.next_day().unwrap();
    assert!(!page(&format!("from={today}&to={today}")).await.is_empty());
    assert!(page(&format!("from={tomorrow}")).await.is_empty());
    let reversed = admin
        .get(&format!("/api/v1/audit-events?from={tomorrow}&to={today}"))
        .await;
    assert_eq!(
        fields(&problem(reversed, StatusCode::UNPROCESSABLE_ENTITY).await),
        ["to"]
    );
    let odd = admin.get("/api/v1/audit-events?action=DROP%20TABLE").await;
    assert_eq!(
        fields(&problem(odd, StatusCode::UNPROCESSABLE_ENTITY).await),
        ["action"]
    );
    let not_admin = supervisor.get("/api/v1/audit-events").await;
    assert_eq!(not_admin.status(), StatusCode::FORBIDDEN);
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
