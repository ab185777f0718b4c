//! Training requests: asked by a person for himself or herself, decided by the training
//! office or the supervisor with a comment, approval enrolling on the session.

use confitrek_types::{
    NotificationDto, NotificationKind, Page, SessionDetailDto, SessionInput,
    TrainingRequestDecision, TrainingRequestDto, TrainingRequestInput, TrainingRequestStatus,
};
use reqwest::{Method, StatusCode};
use serde_json::json;
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    an_officer_asks_the_supervisor_approves_and_the_officer_is_on_the_roster,
    requests_are_refused_when_wrong_foreign_or_decided_twice,
);

/// A course with a session of `capacity` places, created by the coordinator.
async fn course_and_session(coordinator: &Api, capacity: u32) -> (Uuid, Uuid) {
    let course = create_course(
        coordinator,
        &crisis_course("Crisis Intervention Team refresher"),
    )
    .await;
    let session = SessionInput {
        capacity: Some(capacity),
        ..session_input(course, date!(2027 - 02 - 10))
    };
    (course, create_session(coordinator, &session).await)
}

fn ask(course: Option<Uuid>, session: Option<Uuid>) -> TrainingRequestInput {
    TrainingRequestInput {
        course_id: course,
        session_id: session,
        note: None,
    }
}

fn comment(text: &str) -> TrainingRequestDecision {
    TrainingRequestDecision {
        comment: Some(text.into()),
    }
}

async fn an_officer_asks_the_supervisor_approves_and_the_officer_is_on_the_roster(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let supervisor = app.login(&agency.supervisor).await;
    let (course_id, session_id) = course_and_session(&coordinator, 12).await;

    let asked: TrainingRequestDto = officer
        .post_as(
            "/api/v1/training-requests",
            &TrainingRequestInput {
                note: Some("For the CIT team rotation".into()),
                ..ask(None, Some(session_id))
            },
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(asked.status, TrainingRequestStatus::Pending);
    assert_eq!(asked.course_id, course_id);
    assert_eq!(asked.course_title, "Crisis Intervention Team refresher");
    assert_eq!(asked.session_starts_on, Some(date!(2027 - 02 - 10)));
    let id = asked.id;

    // Each sees it: the officer his own, the supervisor his unit's, the coordinator all.
    for reader in [&officer, &supervisor, &coordinator] {
        let list: Page<TrainingRequestDto> = reader
            .get_as("/api/v1/training-requests?status=pending", StatusCode::OK)
            .await;
        assert_eq!(list.items.len(), 1);
    }
    // The officer does not decide, not even his own.
    officer
        .post_problem(
            &format!("/api/v1/training-requests/{id}/approve"),
            &TrainingRequestDecision::default(),
            StatusCode::FORBIDDEN,
        )
        .await;

    let approved: TrainingRequestDto = supervisor
        .post_as(
            &format!("/api/v1/training-requests/{id}/approve"),
            &comment("Approved; shift covered"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(approved.status, TrainingRequestStatus::Approved);
    assert_eq!(
        approved.decision_comment.as_deref(),
        Some("Approved; shift covered")
    );
    assert!(approved.decided_at.is_some());
    let session: SessionDetailDto = coordinator
        .get_as(&format!("/api/v1/sessions/{session_id}"), StatusCode::OK)
        .await;
    assert!(
        session
            .roster
            .iter()
            .any(|r| r.person_id == agency.officer_person),
        "the officer is on the roster: {session:?}"
    );

    // A course without a session: approved, nobody enrolled; a denial must say why.
    let second: TrainingRequestDto = officer
        .post_as(
            "/api/v1/training-requests",
            &ask(Some(course_id), None),
            StatusCode::CREATED,
        )
        .await;
    let deny = format!("/api/v1/training-requests/{}/deny", second.id);
    let unexplained = coordinator
        .post_problem(
            &deny,
            &TrainingRequestDecision::default(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&unexplained), ["comment"]);
    let denied: TrainingRequestDto = coordinator
        .post_as(
            &deny,
            &comment("Already scheduled for the spring class"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(denied.status, TrainingRequestStatus::Denied);
    // The officer hears of both decisions, the denial with its reason.
    let told: Page<NotificationDto> = officer
        .get_as("/api/v1/notifications", StatusCode::OK)
        .await;
    let subjects: Vec<&str> = told
        .items
        .iter()
        .filter(|n| n.kind == NotificationKind::Decision)
        .map(|n| n.subject.as_str())
        .collect();
    assert_eq!(subjects.len(), 2, "{told:?}");
    assert!(
        subjects
            .iter()
            .any(|s| s.starts_with("Training request approved"))
    );
    assert!(
        subjects
            .iter()
            .any(|s| s.starts_with("Training request denied"))
    );
    let denial = told
        .items
        .iter()
        .find(|n| n.subject.starts_with("Training request denied"))
        .unwrap();
    assert!(
        denial
            .body
            .contains("Already scheduled for the spring class")
    );

    let third: TrainingRequestDto = officer
        .post_as(
            "/api/v1/training-requests",
            &ask(Some(course_id), None),
            StatusCode::CREATED,
        )
        .await;
    let withdrawn: TrainingRequestDto = officer
        .send(
            Method::POST,
            &format!("/api/v1/training-requests/{}/withdraw", third.id),
        )
        .expect(StatusCode::OK)
        .await;
    assert_eq!(withdrawn.status, TrainingRequestStatus::Withdrawn);
}

async fn requests_are_refused_when_wrong_foreign_or_decided_twice(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let other = app.seed_agency("Beta").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let (course_id, session_id) = course_and_session(&coordinator, 1).await;
    let theirs = app.login(&other.coordinator).await;
    let (their_course, their_session) = course_and_session(&theirs, 5).await;

    let before = app.count("training_requests").await;
    let cases = [
        (ask(None, None), "course_id"),
        (ask(Some(their_course), None), "course_id"),
        (ask(None, Some(their_session)), "session_id"),
        (ask(Some(their_course), Some(session_id)), "session_id"),
        (
            TrainingRequestInput {
                note: Some("SSN 123-45-6789 for the registrar".into()),
                ..ask(Some(course_id), None)
            },
            "note",
        ),
    ];
    for (body, field) in cases {
        let refused = officer
            .post_problem(
                "/api/v1/training-requests",
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(problem_fields(&refused), [field], "{body:?}");
    }
    let wrong_type = officer
        .post_problem(
            "/api/v1/training-requests",
            &json!({ "course_id": 42 }),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&wrong_type), ["course_id"]);
    assert_eq!(app.count("training_requests").await, before);

    // A session of one place: the first approval enrolls, the second is a conflict.
    let first: TrainingRequestDto = officer
        .post_as(
            "/api/v1/training-requests",
            &ask(None, Some(session_id)),
            StatusCode::CREATED,
        )
        .await;
    let supervisor = app.login(&agency.supervisor).await;
    let second: TrainingRequestDto = supervisor
        .post_as(
            "/api/v1/training-requests",
            &ask(None, Some(session_id)),
            StatusCode::CREATED,
        )
        .await;
    let approve = |id: Uuid| format!("/api/v1/training-requests/{id}/approve");
    let nothing = TrainingRequestDecision::default();
    // Another agency sees none of it and decides nothing.
    let list: Page<TrainingRequestDto> = theirs
        .get_as("/api/v1/training-requests", StatusCode::OK)
        .await;
    assert_eq!(list.items, []);
    theirs
        .post_problem(&approve(first.id), &nothing, StatusCode::NOT_FOUND)
        .await;
    // Nobody decides his own request.
    supervisor
        .post_problem(&approve(second.id), &nothing, StatusCode::FORBIDDEN)
        .await;
    let _: TrainingRequestDto = coordinator
        .post_as(&approve(first.id), &nothing, StatusCode::OK)
        .await;
    coordinator
        .post_problem(&approve(first.id), &nothing, StatusCode::CONFLICT)
        .await;
    coordinator
        .post_problem(&approve(second.id), &nothing, StatusCode::CONFLICT)
        .await;
    let still: Page<TrainingRequestDto> = supervisor
        .get_as(
            &format!(
                "/api/v1/training-requests?person_id={}",
                agency.supervisor_person
            ),
            StatusCode::OK,
        )
        .await;
    assert_eq!(
        still.items[0].status,
        TrainingRequestStatus::Pending,
        "a full session changes nothing"
    );
    officer
        .send(
            Method::POST,
            &format!("/api/v1/training-requests/{}/withdraw", first.id),
        )
        .problem(StatusCode::CONFLICT)
        .await;
}
