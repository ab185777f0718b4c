//! Training requests: asked by a person for himself or herself, decided by the training
//! office or the supervisor with a comment, approval enrolling on the session.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    an_officer_asks_the_supervisor_approves_and_the_officer_is_on_the_roster,
    requests_are_refused_when_wrong_foreign_or_decided_twice,
);

/// A course with a session of `capacity` places, created by the coordinator.
async fn course_and_session(coordinator: &Api, capacity: u32) -> (String, String) {
    let course: Value = coordinator
        .post(
            "/api/v1/courses",
            &json!({ "title": "Crisis Intervention Team refresher", "delivery": "in_person",
                     "hours": { "crisis_intervention": 8 } }),
        )
        .await
        .json()
        .await
        .unwrap();
    let course_id = course["id"].as_str().unwrap().to_owned();
    let session: Value = coordinator
        .post(
            "/api/v1/sessions",
            &json!({ "course_id": course_id, "starts_on": "2027-02-10", "capacity": capacity }),
        )
        .await
        .json()
        .await
        .unwrap();
    (course_id, session["id"].as_str().unwrap().to_owned())
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

    let asked = officer
        .post(
            "/api/v1/training-requests",
            &json!({ "session_id": session_id, "note": "For the CIT team rotation" }),
        )
        .await;
    assert_eq!(asked.status(), StatusCode::CREATED);
    let asked: Value = asked.json().await.unwrap();
    assert_eq!(asked["status"], "pending");
    assert_eq!(asked["course_id"], course_id.as_str());
    assert_eq!(asked["course_title"], "Crisis Intervention Team refresher");
    assert_eq!(asked["session_starts_on"], "2027-02-10");
    let id = asked["id"].as_str().unwrap();

    // Each sees it: the officer his own, the supervisor his unit's, the coordinator all.
    for reader in [&officer, &supervisor, &coordinator] {
        let list: Value = reader
            .get("/api/v1/training-requests?status=pending")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
    }
    // The officer does not decide, not even his own.
    problem(
        officer
            .post(
                &format!("/api/v1/training-requests/{id}/approve"),
                &json!({}),
            )
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;

    let approved: Value = supervisor
        .post(
            &format!("/api/v1/training-requests/{id}/approve"),
            &json!({ "comment": "Approved; shift covered" }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["decision_comment"], "Approved; shift covered");
    assert!(approved["decided_at"].is_string());
    let session: Value = coordinator
        .get(&format!("/api/v1/sessions/{session_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        session
            .to_string()
            .contains(&agency.officer_person.to_string()),
        "the officer is on the roster: {session}"
    );

    // A course without a session: approved, nobody enrolled; a denial must say why.
    let second: Value = officer
        .post(
            "/api/v1/training-requests",
            &json!({ "course_id": course_id }),
        )
        .await
        .json()
        .await
        .unwrap();
    let second_id = second["id"].as_str().unwrap();
    let unexplained = problem(
        coordinator
            .post(
                &format!("/api/v1/training-requests/{second_id}/deny"),
                &json!({}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&unexplained), ["comment"]);
    let denied: Value = coordinator
        .post(
            &format!("/api/v1/training-requests/{second_id}/deny"),
            &json!({ "comment": "Already scheduled for the spring class" }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(denied["status"], "denied");
    // The officer hears of both decisions, the denial with its reason.
    let told: Value = officer
        .get("/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    let subjects: Vec<&str> = told["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "decision")
        .map(|n| n["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects.len(), 2, "{told}");
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
    let denial = told["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| {
            n["subject"]
                .as_str()
                .unwrap()
                .starts_with("Training request denied")
        })
        .unwrap();
    assert!(
        denial["body"]
            .as_str()
            .unwrap()
            .contains("Already scheduled for the spring class")
    );

    let third: Value = officer
        .post(
            "/api/v1/training-requests",
            &json!({ "course_id": course_id }),
        )
        .await
        .json()
        .await
        .unwrap();
    let third_id = third["id"].as_str().unwrap();
    let withdrawn: Value = officer
        .post(
            &format!("/api/v1/training-requests/{third_id}/withdraw"),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(withdrawn["status"], "withdrawn");
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
        (json!({}), "course_id"),
        (json!({ "course_id": their_course }), "course_id"),
        (json!({ "session_id": their_session }), "session_id"),
        (
            json!({ "course_id": their_course, "session_id": session_id }),
            "session_id",
        ),
        (
            json!({ "course_id": course_id, "note": "SSN 123-45-6789 for the registrar" }),
            "note",
        ),
    ];
    for (body, field) in cases {
        let refused = problem(
            officer.post("/api/v1/training-requests", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&refused), [field], "{body}");
    }
    let wrong_type = problem(
        officer
            .post("/api/v1/training-requests", &json!({ "course_id": 42 }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&wrong_type), ["course_id"]);
    assert_eq!(app.count("training_requests").await, before);

    // A session of one place: the first approval enrolls, the second is a conflict.
    let first: Value = officer
        .post(
            "/api/v1/training-requests",
            &json!({ "session_id": session_id }),
        )
        .await
        .json()
        .await
        .unwrap();
    let first_id = first["id"].as_str().unwrap();
    let supervisor = app.login(&agency.supervisor).await;
    let second: Value = supervisor
        .post(
            "/api/v1/training-requests",
            &json!({ "session_id": session_id }),
        )
        .await
        .json()
        .await
        .unwrap();
    let second_id = second["id"].as_str().unwrap();
    // Another agency sees none of it and decides nothing.
    let list: Value = theirs
        .get("/api/v1/training-requests")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"], json!([]));
    problem(
        theirs
            .post(
                &format!("/api/v1/training-requests/{first_id}/approve"),
                &json!({}),
            )
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Nobody decides his own request.
    problem(
        supervisor
            .post(
                &format!("/api/v1/training-requests/{second_id}/approve"),
                &json!({}),
            )
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let approve = |id: String| {
        let coordinator = &coordinator;
        async move {
            coordinator
                .post(
                    &format!("/api/v1/training-requests/{id}/approve"),
                    &json!({}),
                )
                .await
        }
    };
    assert_eq!(approve(first_id.to_owned()).await.status(), StatusCode::OK);
    problem(approve(first_id.to_owned()).await, StatusCode::CONFLICT).await;
    problem(approve(second_id.to_owned()).await, StatusCode::CONFLICT).await;
    let still: Value = supervisor
        .get(&format!(
            "/api/v1/training-requests?person_id={}",
            agency.supervisor_person
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        still["items"][0]["status"], "pending",
        "a full session changes nothing"
    );
    problem(
        officer
            .post(
                &format!("/api/v1/training-requests/{first_id}/withdraw"),
                &json!({}),
            )
            .await,
        StatusCode::CONFLICT,
    )
    .await;
}
