//! One agency can neither read nor write another's people, by id or by list.

use reqwest::StatusCode;
use serde_json::{Value, json};

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
    let before: Value = app
        .login(&alpha.coordinator)
        .await
        .get(&path)
        .await
        .json()
        .await
        .unwrap();

    // By id: exactly what a missing id answers.
    let missing = problem(
        intruder
            .get(&format!("/api/v1/people/{}", uuid::Uuid::now_v7()))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let foreign = problem(intruder.get(&path).await, StatusCode::NOT_FOUND).await;
    assert_eq!(
        (foreign["type"].clone(), foreign["title"].clone()),
        (missing["type"].clone(), missing["title"].clone())
    );
    problem(
        intruder
            .put(&path, &person_json("Mallory", "Hidden", "A-99"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        intruder
            .post(&format!("{path}/deactivate"), &json!({}))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // By list and search, and through the filter of units.
    let list: Value = intruder
        .get("/api/v1/people?q=hidden&limit=200")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"], json!([]));
    let all: Value = intruder
        .get("/api/v1/people?limit=200")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["id"] != json!(secret))
    );
    let units: Value = intruder
        .get("/api/v1/people/units")
        .await
        .json()
        .await
        .unwrap();
    assert!(!units.as_array().unwrap().contains(&json!("Covert")));

    // By reference: a supervisor or a login in another agency.
    let mut body = person_json("Eve", "Spy", "B-1");
    body["supervisor_id"] = json!(secret);
    let refused = problem(
        intruder.post("/api/v1/people", &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), ["supervisor_id"]);
    let invite = json!({ "email": "eve@beta.test", "role": "officer", "person_id": secret });
    let refused = problem(
        intruder.post("/api/v1/users", &invite).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), ["person_id"]);

    // Beta's audit log holds nothing of Alpha's.
    let events: Value = intruder
        .get("/api/v1/audit-events?limit=200")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        events["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["target_id"] != json!(secret))
    );

    let after: Value = app
        .login(&alpha.coordinator)
        .await
        .get(&path)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before, after);
}
