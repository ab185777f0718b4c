//! What a server keeps of an agency's stored verdicts (its dashboards and its compliance
//! matrix) is brought up to date by each write, reading only what changed, and then answers
//! exactly what a server starting cold builds from the database: after some people's
//! verdicts change, after a person is erased, after the agency's time zone or rules change.

use reqwest::StatusCode;
use serde_json::{Value, json};
use time::Date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    kept_views_follow_writes_of_some_people_as_a_cold_build_would,
    kept_views_follow_wholesale_changes_as_a_cold_build_would,
);

fn today() -> Date {
    confitrek_api::clock::Clock::system().today_in("America/Chicago")
}

/// A Minnesota officer with no training: `overdue` makes the closed years' requirements
/// overdue (non-compliant); otherwise this year's qualification is only at risk.
fn officer(first: &str, badge: &str, unit: &str, overdue: bool) -> Value {
    let history = if overdue {
        Date::from_calendar_date(today().year() - 3, time::Month::July, 1).unwrap()
    } else {
        today()
    };
    json!({
        "kind": "officer", "first_name": first, "last_name": "Tester", "badge": badge,
        "unit": unit, "history_from": history, "hire_date": "2010-01-04",
    })
}

async fn created(api: &Api, body: &Value) -> Uuid {
    let response = api.post("/api/v1/people", body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    body["id"].as_str().unwrap().parse().unwrap()
}

async fn ok(response: reqwest::Response, what: &str) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{what}: {status} {body}");
    body
}

/// Every view a coordinator reads from what the server keeps: the agency's and each unit's
/// dashboard, every page of the matrix in each order.
async fn views(app: &TestApp, api: &Api) -> Vec<Value> {
    let api = app.as_seen_by(api);
    let mut views = Vec::new();
    for query in ["", "?unit=Patrol", "?unit=Traffic"] {
        let dashboard = api.get(&format!("/api/v1/dashboard{query}")).await;
        views.push(ok(dashboard, "dashboard").await);
    }
    for sort in ["name", "worst", "due"] {
        let mut cursor = String::new();
        loop {
            let query = format!("/api/v1/compliance/matrix?limit=2&sort={sort}{cursor}");
            let page = ok(api.get(&query).await, "matrix").await;
            let next = page["next_cursor"].as_str().map(|c| format!("&cursor={c}"));
            views.push(page);
            match next {
                Some(next) => cursor = next,
                None => break,
            }
        }
    }
    views
}

/// The views of `app` (which keeps them from before the last write), checked against those of
/// a server that starts cold on the same database.
async fn same_as_cold(app: &TestApp, api: &Api, step: &str) -> Vec<Value> {
    let kept = views(app, api).await;
    let cold = app.another_server().await;
    assert_eq!(kept, views(&cold, api).await, "after {step}");
    kept
}

async fn kept_views_follow_writes_of_some_people_as_a_cold_build_would(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let api = app.login(&alpha.coordinator).await;
    let pat = created(&api, &officer("Pat", "A-1", "Patrol", false)).await;
    let lee = created(&api, &officer("Lee", "A-2", "Patrol", true)).await;
    created(&api, &officer("Kim", "A-3", "Traffic", false)).await;
    let mut before = same_as_cold(&app, &api, "people were added").await;

    let record = json!({
        "person_id": pat, "title": "Crisis intervention refresher",
        "completed_on": today(), "hours": { "crisis_intervention": 4 },
    });
    ok(
        api.post("/api/v1/training-records", &record).await,
        "record",
    )
    .await;
    let after = same_as_cold(&app, &api, "a training record").await;
    assert_ne!(before, after, "the record shows");
    before = after;

    let mut moved = officer("Lee", "A-2", "Traffic", true);
    moved["last_name"] = json!("Moved");
    let path = format!("/api/v1/people/{lee}");
    ok(api.put(&path, &moved).await, "move").await;
    let after = same_as_cold(&app, &api, "a move to another unit").await;
    assert_ne!(before, after, "the move shows");
    before = after;

    created(&api, &officer("Ash", "A-4", "Traffic", true)).await;
    let after = same_as_cold(&app, &api, "a new person").await;
    assert_ne!(before, after, "the new person shows");
    before = after;

    let path = format!("/api/v1/people/{pat}/deactivate");
    let separated = json!({ "status": "separated" });
    ok(api.post(&path, &separated).await, "separation").await;
    let after = same_as_cold(&app, &api, "a separation").await;
    assert_ne!(before, after, "the separation shows");
}

async fn kept_views_follow_wholesale_changes_as_a_cold_build_would(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let api = app.login(&alpha.coordinator).await;
    let admin = app.login(&alpha.admin).await;
    let pat = created(&api, &officer("Pat", "A-1", "Patrol", false)).await;
    created(&api, &officer("Lee", "A-2", "Patrol", true)).await;
    created(&api, &officer("Kim", "A-3", "Traffic", false)).await;
    let mut before = same_as_cold(&app, &api, "people were added").await;

    let erased = admin.delete(&format!("/api/v1/people/{pat}")).await;
    assert_eq!(erased.status(), StatusCode::NO_CONTENT);
    let after = same_as_cold(&app, &api, "an erasure").await;
    assert_ne!(before, after, "the erasure shows");
    before = after;

    // Nobody is at risk any more with a window shorter than the days to December 31.
    let settings = json!({ "at_risk_days": 1, "time_zone": "America/Chicago" });
    let path = "/api/v1/agencies/current/settings";
    ok(admin.put(path, &settings).await, "at-risk window").await;
    let after = same_as_cold(&app, &api, "a change of the agency's rules").await;
    if today() < Date::from_calendar_date(today().year(), time::Month::December, 31).unwrap() {
        assert_ne!(before, after, "the window shows");
    }

    let settings = json!({ "at_risk_days": 1, "time_zone": "America/Denver" });
    ok(admin.put(path, &settings).await, "time zone").await;
    same_as_cold(&app, &api, "a change of time zone").await;

    // And a write of one person after them is again read alone.
    created(&api, &officer("Ash", "A-4", "Traffic", true)).await;
    same_as_cold(&app, &api, "a new person after the wholesale changes").await;
}
