use confitrek_domain::permissions::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    an_operator_creates_an_agency_whose_admin_accepts_and_invites_a_coordinator,
    only_operators_manage_agencies_and_only_admins_invite,
);

async fn an_operator_creates_an_agency_whose_admin_accepts_and_invites_a_coordinator(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.seed_user(None, "operator@platform.test", Role::PlatformOperator, None)
        .await;
    let operator = app.login("operator@platform.test").await;

    let created = operator
        .post(
            "/api/v1/agencies",
            &json!({ "name": "Northfield PD", "state_code": "mn", "modules": ["uof"], "admin_email": "Chief@Northfield.test" }),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["agency"]["state_code"], "MN");
    assert_eq!(created["agency"]["modules"], json!(["uof"]));
    assert_eq!(created["admin"]["email"], "chief@northfield.test");
    assert_eq!(created["admin"]["has_password"], false);

    // The operator sees no agency data.
    problem(operator.get("/api/v1/people").await, StatusCode::FORBIDDEN).await;

    // Before accepting, the admin cannot sign in.
    problem(
        app.login_response("chief@northfield.test", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let accept = |token: &str, password: &str| {
        let body = json!({ "token": token, "password": password });
        let request = app
            .client
            .post(app.url("/api/v1/auth/accept-invite"))
            .json(&body);
        async move { request.send().await.unwrap() }
    };
    let token = created["invitation_token"].as_str().unwrap();
    let short = problem(
        accept(token, "short").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&short), ["password"]);
    assert_eq!(
        accept(token, PASSWORD).await.status(),
        StatusCode::NO_CONTENT
    );
    let spent = problem(
        accept(token, PASSWORD).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&spent), ["token"]);

    let admin = app.login("chief@northfield.test").await;
    let current: Value = admin
        .get("/api/v1/agencies/current")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(current["name"], "Northfield PD");
    let invited = admin
        .post(
            "/api/v1/users",
            &json!({ "email": "coord@northfield.test", "role": "coordinator" }),
        )
        .await;
    assert_eq!(invited.status(), StatusCode::CREATED);
    let invited: Value = invited.json().await.unwrap();
    assert_eq!(
        accept(invited["invitation_token"].as_str().unwrap(), PASSWORD)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let coordinator = app.login("coord@northfield.test").await;
    let me: Value = coordinator.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(
        (me["role"].as_str(), me["agency"]["name"].as_str()),
        (Some("coordinator"), Some("Northfield PD"))
    );
    // The agency's day, which forms start from: within a day of the UTC date.
    let today = time::Date::parse(
        me["today"].as_str().unwrap(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    let utc = time::OffsetDateTime::now_utc().date();
    assert!((today - utc).whole_days().abs() <= 1, "{today} vs {utc}");

    // The operator changes the subscription; the admin cannot.
    let agency_path = format!(
        "/api/v1/agencies/{}",
        created["agency"]["id"].as_str().unwrap()
    );
    let update = json!({ "name": "Northfield Police", "state_code": "MN", "subscription_status": "active", "modules": [] });
    problem(
        admin.put(&agency_path, &update).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let updated: Value = operator
        .put(&agency_path, &update)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            updated["subscription_status"].as_str(),
            updated["modules"].clone()
        ),
        (Some("active"), json!([]))
    );
    let missing = format!("/api/v1/agencies/{}", uuid::Uuid::now_v7());
    problem(operator.put(&missing, &update).await, StatusCode::NOT_FOUND).await;

    let users: Value = admin.get("/api/v1/users").await.json().await.unwrap();
    assert_eq!(users["items"].as_array().unwrap().len(), 2);
    let again = problem(
        admin
            .post(
                "/api/v1/users",
                &json!({ "email": "COORD@northfield.test", "role": "officer" }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&again), ["email"]);
}

async fn only_operators_manage_agencies_and_only_admins_invite(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let agencies_before = app.count("agencies").await;

    let body = json!({ "name": "Rogue PD", "state_code": "MN", "admin_email": "x@rogue.test" });
    problem(
        admin.post("/api/v1/agencies", &body).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(admin.get("/api/v1/agencies").await, StatusCode::FORBIDDEN).await;
    let invite = json!({ "email": "new@alpha.test", "role": "officer" });
    problem(
        coordinator.post("/api/v1/users", &invite).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let operator = json!({ "email": "op@alpha.test", "role": "platform_operator" });
    let refused = problem(
        admin.post("/api/v1/users", &operator).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), ["role"]);
    problem(
        coordinator.get("/api/v1/audit-events").await,
        StatusCode::FORBIDDEN,
    )
    .await;

    app.seed_user(None, "operator@platform.test", Role::PlatformOperator, None)
        .await;
    let op = app.login("operator@platform.test").await;
    let bad =
        json!({ "name": " ", "state_code": "ZZ", "modules": ["payroll"], "admin_email": "nope" });
    let invalid = problem(
        op.post("/api/v1/agencies", &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        fields(&invalid),
        ["name", "state_code", "modules.0", "admin_email"]
    );
    assert_eq!(app.count("agencies").await, agencies_before);
}
