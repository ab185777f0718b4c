//! One agency can neither read nor write another's people, by id or by list.

use confitrek_types::{
    AuditEventDto, DeactivateRequest, InviteUserRequest, Page, PersonDto, PersonInput, Role,
};
use reqwest::StatusCode;

use crate::both_databases;
use crate::helpers::*;

both_databases!(another_agencys_people_are_invisible_and_untouchable);

async fn another_agencys_people_are_invisible_and_untouchable(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let secret = app
        .seed_person(alpha.id, "Alice", "Hidden", "A-99", Some("Covert"))
        .await;
    let intruder = app.login(&beta.admin).await;
    let path = format!("/api/v1/people/{secret}");
    let before: PersonDto = app
        .login(&alpha.coordinator)
        .await
        .get_as(&path, StatusCode::OK)
        .await;

    // By id: exactly what a missing id answers.
    let missing = intruder
        .get_problem(
            &format!("/api/v1/people/{}", uuid::Uuid::now_v7()),
            StatusCode::NOT_FOUND,
        )
        .await;
    let foreign = intruder.get_problem(&path, StatusCode::NOT_FOUND).await;
    assert_eq!(
        (&foreign.kind, &foreign.title),
        (&missing.kind, &missing.title)
    );
    intruder
        .put_problem(
            &path,
            &person_input("Mallory", "Hidden", "A-99"),
            StatusCode::NOT_FOUND,
        )
        .await;
    intruder
        .post_problem(
            &format!("{path}/deactivate"),
            &DeactivateRequest::default(),
            StatusCode::NOT_FOUND,
        )
        .await;

    // By list and search, and through the filter of units.
    let list: Page<PersonDto> = intruder
        .get_as("/api/v1/people?q=hidden&limit=200", StatusCode::OK)
        .await;
    assert_eq!(list.items, []);
    let all: Page<PersonDto> = intruder
        .get_as("/api/v1/people?limit=200", StatusCode::OK)
        .await;
    assert!(all.items.iter().all(|p| p.id != secret));
    let units: Vec<String> = intruder
        .get_as("/api/v1/people/units", StatusCode::OK)
        .await;
    assert!(!units.iter().any(|u| u == "Covert"), "{units:?}");

    // By reference: a supervisor or a login in another agency.
    let body = PersonInput {
        supervisor_id: Some(secret),
        ..person_input("Eve", "Spy", "B-1")
    };
    let refused = intruder
        .post_problem("/api/v1/people", &body, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&refused), ["supervisor_id"]);
    let invite = InviteUserRequest {
        email: "eve@beta.test".into(),
        role: Role::Officer,
        person_id: Some(secret),
    };
    let refused = intruder
        .post_problem("/api/v1/users", &invite, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&refused), ["person_id"]);

    // Beta's audit log holds nothing of Alpha's.
    let events: Page<AuditEventDto> = intruder
        .get_as("/api/v1/audit-events?limit=200", StatusCode::OK)
        .await;
    assert!(events.items.iter().all(|e| e.target_id != Some(secret)));

    let after: PersonDto = app
        .login(&alpha.coordinator)
        .await
        .get_as(&path, StatusCode::OK)
        .await;
    assert_eq!(before, after);
}
