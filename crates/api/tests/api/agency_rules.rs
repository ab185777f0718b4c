//! An agency's own requirements, training profiles and its at-risk window.

use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    agency_requirements_reach_people_through_profiles,
    bad_requirements_and_profiles_are_refused_and_nothing_is_written,
    the_at_risk_window_is_an_agency_setting,
    today_is_the_agency_s_date_in_its_time_zone,
);

fn taser() -> Value {
    json!({
        "id": "agency.taser", "title": "TASER recertification", "subject": "TASER recertification",
        "citations": ["Lakeview Policy 300.4"],
        "period": { "kind": "rolling", "months": 12 },
        "measure": { "kind": "hours", "topics": ["use_of_force"], "minimum_hours": 4 }
    })
}

async fn person_with_flags(api: &Api, badge: &str, flags: &[&str]) -> Uuid {
    let mut body = person_json("Kai", "Handler", badge);
    body["role_flags"] = json!(flags);
    body["hire_date"] = json!("2020-01-06");
    body["license_cycle_start"] = json!("2024-07-01");
    body["license_cycle_end"] = json!("2027-06-30");
    let created = api.post("/api/v1/people", &body).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    Uuid::parse_str(
        created.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap(),
    )
    .unwrap()
}

fn ids(report: &Value) -> Vec<String> {
    report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["requirement_id"].as_str().unwrap().to_owned())
        .collect()
}

async fn agency_requirements_reach_people_through_profiles(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let handler = person_with_flags(&api, "K-1", &["k9_handler"]).await;
    let patrol = person_with_flags(&api, "P-1", &[]).await;

    let created = api.post("/api/v1/requirements", &taser()).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["code"], "agency.taser");
    assert_eq!(created["rule"]["period"], "once a year");
    assert_eq!(
        created["rule"]["citations"][0]["id"],
        "Lakeview Policy 300.4"
    );
    let requirement_path = format!("/api/v1/requirements/{}", created["id"].as_str().unwrap());

    let profile = json!({ "name": "K9 unit", "requirement_codes": ["agency.taser"], "assignment": { "kind": "role_flags", "role_flags": ["k9_handler"] } });
    let made = api.post("/api/v1/profiles", &profile).await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let profile_path = format!(
        "/api/v1/profiles/{}",
        made.json::<Value>().await.unwrap()["id"].as_str().unwrap()
    );

    let report = |id: Uuid| {
        let path = format!("/api/v1/people/{id}/compliance?as_of=2026-11-26");
        let api = &api;
        async move { api.get(&path).await.json::<Value>().await.unwrap() }
    };
    let handler_report = report(handler).await;
    assert!(ids(&handler_report).contains(&"agency.taser".to_owned()));
    let taser_result = handler_report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["requirement_id"] == "agency.taser")
        .unwrap();
    assert!(
        taser_result["explanation"]
            .as_str()
            .unwrap()
            .contains("TASER recertification"),
        "{taser_result}"
    );
    assert!(!ids(&report(patrol).await).contains(&"agency.taser".to_owned()));

    // The stored verdicts follow at once.
    let snapshot = confitrek_api::db::compliance::snapshot_of(
        &app.db,
        confitrek_api::db::AgencyScope::new(agency.id),
        handler,
    )
    .await
    .unwrap()
    .unwrap();
    assert!(snapshot.report.to_string().contains("agency.taser"));

    // Everyone, then nobody.
    let everyone = json!({ "name": "K9 unit", "requirement_codes": ["agency.taser"], "assignment": { "kind": "everyone" } });
    assert_eq!(
        api.put(&profile_path, &everyone).await.status(),
        StatusCode::OK
    );
    assert!(ids(&report(patrol).await).contains(&"agency.taser".to_owned()));
    let in_use = problem(
        app.client
            .delete(app.url(&requirement_path))
            .bearer_auth(&api.token)
            .send()
            .await
            .unwrap(),
        StatusCode::CONFLICT,
    )
    .await;
    assert!(in_use["detail"].as_str().unwrap().contains("agency.taser"));
    let gone = app
        .client
        .delete(app.url(&profile_path))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert!(!ids(&report(patrol).await).contains(&"agency.taser".to_owned()));
    let gone = app
        .client
        .delete(app.url(&requirement_path))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let listed: Value = api.get("/api/v1/requirements").await.json().await.unwrap();
    assert_eq!(listed, json!([]));
}

async fn bad_requirements_and_profiles_are_refused_and_nothing_is_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    problem(
        officer.post("/api/v1/requirements", &taser()).await,
        StatusCode::FORBIDDEN,
    )
    .await;

    let mut unknown_topic = taser();
    unknown_topic["measure"]["topics"] = json!(["basket_weaving"]);
    let refused = problem(
        api.post("/api/v1/requirements", &unknown_topic).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), ["measure.topics"]);
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("basket_weaving")
    );
    // Each problem names the field of the document at fault, as the form shows them.
    let cases = [
        (
            json!({ "measure": { "kind": "hours", "minimum_hours": -4 } }),
            "measure.minimum_hours",
        ),
        // Inside a tagged union, the union is as far as the path goes.
        (
            json!({ "measure": { "kind": "hours", "minimum_hours": "four" } }),
            "measure",
        ),
        (
            json!({ "period": { "kind": "rolling", "months": 0 } }),
            "period.months",
        ),
        (
            json!({ "period": { "kind": "fiscal_year", "start_month": 13 } }),
            "period.start_month",
        ),
        (json!({ "title": " " }), "title"),
        (
            json!({ "effective_from": "2026-05-01", "effective_until": "2026-01-01" }),
            "effective_until",
        ),
    ];
    for (change, field) in cases {
        let mut document = taser();
        for (key, value) in change.as_object().unwrap() {
            document[key] = value.clone();
        }
        let refused = problem(
            api.post("/api/v1/requirements", &document).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&refused), [field], "{change}");
    }
    let mut state_id = taser();
    state_id["id"] = json!("mn.ce.total");
    assert_eq!(
        fields(
            &problem(
                api.post("/api/v1/requirements", &state_id).await,
                StatusCode::UNPROCESSABLE_ENTITY
            )
            .await
        ),
        ["id"]
    );
    let mut no_citation = taser();
    no_citation["citations"] = json!([]);
    let refused = problem(
        api.post("/api/v1/requirements", &no_citation).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), ["citations"]);
    assert_eq!(app.count("agency_requirements").await, 0);

    assert_eq!(
        api.post("/api/v1/requirements", &taser()).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        fields(
            &problem(
                api.post("/api/v1/requirements", &taser()).await,
                StatusCode::UNPROCESSABLE_ENTITY
            )
            .await
        ),
        ["id"]
    );

    let other = app.seed_agency("Beta").await;
    let bad = json!({
        "name": " ", "requirement_codes": ["agency.nothing"],
        "assignment": { "kind": "people", "people": [other.officer_person] }
    });
    let refused = problem(
        api.post("/api/v1/profiles", &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        fields(&refused),
        ["name", "requirement_codes.0", "assignment.people.0"]
    );
    let bad_flag = json!({ "name": "Chiefs", "requirement_codes": [], "assignment": { "kind": "role_flags", "role_flags": ["chief"] } });
    assert_eq!(
        fields(
            &problem(
                api.post("/api/v1/profiles", &bad_flag).await,
                StatusCode::UNPROCESSABLE_ENTITY
            )
            .await
        ),
        ["assignment.role_flags.0"]
    );
    assert_eq!(app.count("training_profiles").await, 0);

    // Another agency sees none of it and cannot touch it.
    let intruder = app.login(&other.coordinator).await;
    let theirs: Value = intruder
        .get("/api/v1/requirements")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs, json!([]));
    let ours: Value = api.get("/api/v1/requirements").await.json().await.unwrap();
    let path = format!("/api/v1/requirements/{}", ours[0]["id"].as_str().unwrap());
    problem(intruder.put(&path, &taser()).await, StatusCode::NOT_FOUND).await;
}

async fn the_at_risk_window_is_an_agency_setting(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let mut body = person_json("Dana", "Lindqvist", "B-1");
    body["license_cycle_start"] = json!("2023-07-01");
    body["license_cycle_end"] = json!("2026-06-30");
    let dana: Value = coordinator
        .post("/api/v1/people", &body)
        .await
        .json()
        .await
        .unwrap();
    let path = format!(
        "/api/v1/people/{}/compliance?as_of=2026-05-01",
        dana["id"].as_str().unwrap()
    );

    let before: Value = coordinator.get(&path).await.json().await.unwrap();
    assert_eq!(
        before["status"], "at_risk",
        "60 days before the deadline, inside the default 90"
    );
    problem(
        coordinator
            .put(
                "/api/v1/agencies/current/settings",
                &json!({ "at_risk_days": 30 }),
            )
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let zero = problem(
        admin
            .put(
                "/api/v1/agencies/current/settings",
                &json!({ "at_risk_days": 0 }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&zero), ["at_risk_days"]);
    let set: Value = admin
        .put(
            "/api/v1/agencies/current/settings",
            &json!({ "at_risk_days": 30 }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(set["at_risk_days"], 30);
    let after: Value = coordinator.get(&path).await.json().await.unwrap();
    assert_eq!(after["status"], "compliant");
}

async fn today_is_the_agency_s_date_in_its_time_zone(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let current: Value = admin
        .get("/api/v1/agencies/current")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        current["time_zone"], "America/Chicago",
        "a Minnesota agency's default"
    );

    let unknown = problem(
        admin
            .put(
                "/api/v1/agencies/current/settings",
                &json!({ "at_risk_days": 45, "time_zone": "America/Lakeview" }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&unknown), ["time_zone"]);
    let unchanged: Value = admin
        .get("/api/v1/agencies/current")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unchanged["at_risk_days"], 90, "nothing written");

    let person: Value = coordinator
        .post("/api/v1/people", &person_json("Dana", "Lindqvist", "B-1"))
        .await
        .json()
        .await
        .unwrap();
    let report_path = format!(
        "/api/v1/people/{}/compliance",
        person["id"].as_str().unwrap()
    );
    // UTC+14 and UTC-11 are 25 hours apart: at any moment their dates differ.
    let mut days = Vec::new();
    for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago"] {
        let set: Value = admin
            .put(
                "/api/v1/agencies/current/settings",
                &json!({ "at_risk_days": 90, "time_zone": zone }),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(set["time_zone"], zone);
        let report: Value = coordinator.get(&report_path).await.json().await.unwrap();
        let today = set["today"].as_str().unwrap().to_owned();
        let as_of = report["as_of"].as_str().unwrap();
        assert!(
            as_of == today
                || (as_of > today.as_str() && as_of < days.first().map_or("9", String::as_str)),
            "the report is for the agency's today (or the next, past its midnight): {as_of} {today}"
        );
        days.push(today);
    }
    assert!(days[1] < days[0], "{days:?}");
    // Omitted, the time zone stays.
    let kept: Value = admin
        .put(
            "/api/v1/agencies/current/settings",
            &json!({ "at_risk_days": 60 }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(kept["time_zone"], "Pacific/Pago_Pago");
}
