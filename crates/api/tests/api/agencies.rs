use confitrek_domain::permissions::Role;
use confitrek_types::{
    AcceptInviteRequest, AgencyCreated, AgencyDto, AgencyUpdate, InviteUserRequest, Me,
    NewAgencyRequest, Page, SubscriptionStatus, UserDto, UserInvited,
};
use reqwest::StatusCode;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    an_operator_creates_an_agency_whose_admin_accepts_and_invites_a_coordinator,
    only_operators_manage_agencies_and_only_admins_invite,
);

fn invite(email: &str, role: confitrek_types::Role) -> InviteUserRequest {
    InviteUserRequest {
        email: email.into(),
        role,
        person_id: None,
    }
}

fn new_agency(name: &str, state_code: &str, modules: &[&str], admin: &str) -> NewAgencyRequest {
    NewAgencyRequest {
        name: name.into(),
        state_code: state_code.into(),
        subscription_status: None,
        modules: modules.iter().map(|m| (*m).to_owned()).collect(),
        time_zone: None,
        admin_email: admin.into(),
    }
}

async fn an_operator_creates_an_agency_whose_admin_accepts_and_invites_a_coordinator(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    app.seed_user(None, "operator@platform.test", Role::PlatformOperator, None)
        .await;
    let operator = app.login("operator@platform.test").await;

    let created: AgencyCreated = operator
        .post_as(
            "/api/v1/agencies",
            &new_agency("Northfield PD", "mn", &["uof"], "Chief@Northfield.test"),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(created.agency.state_code, "MN");
    assert_eq!(created.agency.modules, ["uof"]);
    assert_eq!(created.admin.email, "chief@northfield.test");
    assert!(!created.admin.has_password);

    // The operator sees no agency data.
    operator
        .get_problem("/api/v1/people", StatusCode::FORBIDDEN)
        .await;

    // Before accepting, the admin cannot sign in.
    problem(
        app.login_response("chief@northfield.test", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    // Accepting is done signed out, so it goes by the plain client.
    let accept = |token: &str, password: &str| {
        let body = AcceptInviteRequest {
            token: token.into(),
            password: password.into(),
        };
        let request = app
            .client
            .post(app.url("/api/v1/auth/accept-invite"))
            .json(&body);
        async move { request.send().await.unwrap() }
    };
    let token = created.invitation_token.as_str();
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
    let current: AgencyDto = admin
        .get_as("/api/v1/agencies/current", StatusCode::OK)
        .await;
    assert_eq!(current.name, "Northfield PD");
    let invited: UserInvited = admin
        .post_as(
            "/api/v1/users",
            &invite("coord@northfield.test", confitrek_types::Role::Coordinator),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(
        accept(&invited.invitation_token, PASSWORD).await.status(),
        StatusCode::NO_CONTENT
    );
    let coordinator = app.login("coord@northfield.test").await;
    let me: Me = coordinator.get_as("/api/v1/me", StatusCode::OK).await;
    assert_eq!(
        (me.role, me.agency.as_ref().map(|a| a.name.as_str())),
        (confitrek_types::Role::Coordinator, Some("Northfield PD"))
    );
    // The agency's day, which forms start from: within a day of the UTC date.
    let today = me.today.unwrap();
    let utc = time::OffsetDateTime::now_utc().date();
    assert!((today - utc).whole_days().abs() <= 1, "{today} vs {utc}");

    // The operator changes the subscription; the admin cannot.
    let agency_path = format!("/api/v1/agencies/{}", created.agency.id);
    let update = AgencyUpdate {
        name: "Northfield Police".into(),
        state_code: "MN".into(),
        subscription_status: SubscriptionStatus::Active,
        modules: vec![],
    };
    admin
        .put_problem(&agency_path, &update, StatusCode::FORBIDDEN)
        .await;
    let updated: AgencyDto = operator.put_as(&agency_path, &update, StatusCode::OK).await;
    assert_eq!(
        (updated.subscription_status, updated.modules),
        (SubscriptionStatus::Active, vec![])
    );
    let missing = format!("/api/v1/agencies/{}", uuid::Uuid::now_v7());
    operator
        .put_problem(&missing, &update, StatusCode::NOT_FOUND)
        .await;

    let users: Page<UserDto> = admin.get_as("/api/v1/users", StatusCode::OK).await;
    assert_eq!(users.items.len(), 2);
    let again = admin
        .post_problem(
            "/api/v1/users",
            &invite("COORD@northfield.test", confitrek_types::Role::Officer),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&again), ["email"]);
}

async fn only_operators_manage_agencies_and_only_admins_invite(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let agencies_before = app.count("agencies").await;

    admin
        .post_problem(
            "/api/v1/agencies",
            &new_agency("Rogue PD", "MN", &[], "x@rogue.test"),
            StatusCode::FORBIDDEN,
        )
        .await;
    admin
        .get_problem("/api/v1/agencies", StatusCode::FORBIDDEN)
        .await;
    coordinator
        .post_problem(
            "/api/v1/users",
            &invite("new@alpha.test", confitrek_types::Role::Officer),
            StatusCode::FORBIDDEN,
        )
        .await;
    let refused = admin
        .post_problem(
            "/api/v1/users",
            &invite("op@alpha.test", confitrek_types::Role::PlatformOperator),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&refused), ["role"]);
    coordinator
        .get_problem("/api/v1/audit-events", StatusCode::FORBIDDEN)
        .await;

    app.seed_user(None, "operator@platform.test", Role::PlatformOperator, None)
        .await;
    let op = app.login("operator@platform.test").await;
    let invalid = op
        .post_problem(
            "/api/v1/agencies",
            &new_agency(" ", "ZZ", &["payroll"], "nope"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(
        problem_fields(&invalid),
        ["name", "state_code", "modules.0", "admin_email"]
    );
    assert_eq!(app.count("agencies").await, agencies_before);
}
