use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    a_coordinator_creates_reads_and_replaces_a_person,
    a_duplicate_badge_is_a_field_error_and_writes_nothing,
    the_roster_searches_filters_and_pages,
    the_roster_shows_standing_sorts_and_exports_what_it_shows,
    the_office_reminds_selected_people_of_what_is_open,
    deactivating_a_person_ends_the_login_and_keeps_the_record,
    officers_and_supervisors_see_only_what_their_role_allows,
);

async fn a_coordinator_creates_reads_and_replaces_a_person(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let body = json!({
        "kind": "officer", "first_name": " Dana ", "last_name": "Lindqvist", "title": "Patrol Officer",
        "badge": "b-112", "email": "Dana@Example.org", "unit": "Patrol", "supervisor_id": agency.supervisor_person,
        "hire_date": "2019-06-03", "license_number": "MN-48213",
        "license_cycle_start": "2024-02-29", "license_cycle_end": "2027-06-30", "notes": "Prefers early shifts"
    });

    let created = api.post("/api/v1/people", &body).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let location = created.headers()["location"].to_str().unwrap().to_owned();
    let person: Value = created.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/people/{}", person["id"].as_str().unwrap())
    );
    assert_eq!(person["first_name"], "Dana");
    assert_eq!(person["badge"], "B-112");
    assert_eq!(person["email"], "dana@example.org");
    assert_eq!(person["status"], "active");
    assert_eq!(person["license_cycle_start"], "2024-02-29");

    let read: Value = api.get(&location).await.json().await.unwrap();
    assert_eq!(read, person);

    let mut changed = body.clone();
    changed["unit"] = json!("Investigations");
    changed["license_cycle_end"] = json!("2027-06-29");
    changed["supervisor_id"] = json!(person["id"]);
    let own = problem(
        api.put(&location, &changed).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&own), ["supervisor_id"]);
    changed["supervisor_id"] = Value::Null;
    let replaced = api.put(&location, &changed).await;
    assert_eq!(replaced.status(), StatusCode::OK);
    let replaced: Value = replaced.json().await.unwrap();
    assert_eq!(replaced["unit"], "Investigations");
    assert_eq!(replaced["supervisor_id"], Value::Null);
    assert_eq!(replaced["license_cycle_end"], "2027-06-29");
    assert_eq!(replaced["created_at"], person["created_at"]);

    let admin = app.login(&agency.admin).await;
    let events: Value = admin
        .get("/api/v1/audit-events?limit=10")
        .await
        .json()
        .await
        .unwrap();
    let writes: Vec<&str> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["target_type"] == "person")
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(writes, ["person.update", "person.create"]);
}

async fn a_duplicate_badge_is_a_field_error_and_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let first = api
        .post("/api/v1/people", &person_json("Ann", "Able", "B-7"))
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let before = app.count("people").await;

    let duplicate = problem(
        api.post("/api/v1/people", &person_json("Bo", "Baker", " b-7 "))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&duplicate), ["badge"]);
    assert_eq!(
        duplicate["errors"][0]["message"],
        "B-7 is already used by another person in this agency"
    );
    assert_eq!(app.count("people").await, before);
    let mut both = person_json("Bo", "Baker", "B-7");
    both["email"] = json!("bo@");
    let both = problem(
        api.post("/api/v1/people", &both).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&both), ["email", "badge"]);

    // Replacing a person with his own badge is fine; taking another's is not.
    let path = format!("/api/v1/people/{}", first["id"].as_str().unwrap());
    assert_eq!(
        api.put(&path, &person_json("Ann", "Able", "B-7"))
            .await
            .status(),
        StatusCode::OK
    );
    let taken = problem(
        api.put(&path, &person_json("Ann", "Able", "ALPHA-O1"))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&taken), ["badge"]);

    // Another agency may use the same badge.
    let other = app.seed_agency("Beta").await;
    let beta = app.login(&other.coordinator).await;
    assert_eq!(
        beta.post("/api/v1/people", &person_json("Cy", "Cole", "B-7"))
            .await
            .status(),
        StatusCode::CREATED
    );
}

async fn the_roster_searches_filters_and_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    for (i, (first, last, unit)) in [
        ("Ann", "Able", "Patrol"),
        ("Bo", "Baker", "Patrol"),
        ("Cy", "Cole", "Dispatch"),
        ("Di", "Dunn", "Dispatch"),
        ("Ed", "Eck", "Patrol"),
        ("Fay", "Fox", "Records"),
    ]
    .into_iter()
    .enumerate()
    {
        app.seed_person(agency.id, first, last, &format!("R-{i}"), Some(unit))
            .await;
    }
    let api = app.login(&agency.coordinator).await;
    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["last_name"].as_str().unwrap().to_owned())
            .collect()
    };

    // Pages of three walk the whole roster in name order, with no repeats.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/people?limit=3&cursor={c}"),
            None => "/api/v1/people?limit=3".into(),
        };
        let page: Value = api.get(&path).await.json().await.unwrap();
        seen.extend(names(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(
        seen,
        [
            "Able", "Baker", "Cole", "Dunn", "Eck", "Fox", "Officer", "Sergeant"
        ]
    );

    let by_name: Value = api.get("/api/v1/people?q=DUN").await.json().await.unwrap();
    assert_eq!(names(&by_name), ["Dunn"]);
    let by_badge: Value = api.get("/api/v1/people?q=r-5").await.json().await.unwrap();
    assert_eq!(names(&by_badge), ["Fox"]);
    let both_words: Value = api
        .get("/api/v1/people?q=ann%20able")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&both_words), ["Able"]);
    let wildcard: Value = api.get("/api/v1/people?q=%25").await.json().await.unwrap();
    assert_eq!(names(&wildcard), Vec::<String>::new());
    let dispatch: Value = api
        .get("/api/v1/people?unit=Dispatch")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&dispatch), ["Cole", "Dunn"]);
    let units: Value = api.get("/api/v1/people/units").await.json().await.unwrap();
    assert_eq!(units, json!(["Dispatch", "Patrol", "Records"]));
    let active: Value = api
        .get("/api/v1/people?status=inactive")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&active), Vec::<String>::new());
}

async fn deactivating_a_person_ends_the_login_and_keeps_the_record(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    assert_eq!(officer.get("/api/v1/me").await.status(), StatusCode::OK);

    let path = format!("/api/v1/people/{}/deactivate", agency.officer_person);
    let refused = problem(officer.post(&path, &json!({})).await, StatusCode::FORBIDDEN).await;
    assert_eq!(refused["type"], "urn:confitrek:problem:forbidden");
    let done = coordinator
        .post(&path, &json!({ "status": "separated" }))
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    assert_eq!(done.json::<Value>().await.unwrap()["status"], "separated");

    problem(officer.get("/api/v1/me").await, StatusCode::UNAUTHORIZED).await;
    let refresh = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({ "refresh_token": officer.refresh_token }))
        .send()
        .await
        .unwrap();
    problem(refresh, StatusCode::UNAUTHORIZED).await;
    problem(
        app.login_response(&agency.officer, PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;

    let kept: Value = coordinator
        .get(&format!("/api/v1/people/{}", agency.officer_person))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(kept["status"], "separated");
    let active = problem(
        coordinator
            .post(&path, &json!({ "status": "active" }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&active), ["status"]);
}

async fn officers_and_supervisors_see_only_what_their_role_allows(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let dispatcher = app
        .seed_person(agency.id, "Dee", "Dispatch", "D-1", Some("Dispatch"))
        .await;
    let patrol = app
        .seed_person(agency.id, "Pat", "Patrol", "P-1", Some("Patrol"))
        .await;
    let officer = app.login(&agency.officer).await;
    let supervisor = app.login(&agency.supervisor).await;
    let last_names = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["last_name"].as_str().unwrap().to_owned())
            .collect()
    };

    assert_eq!(
        last_names(officer.get("/api/v1/people").await.json().await.unwrap()),
        ["Officer"]
    );
    problem(
        officer.get(&format!("/api/v1/people/{patrol}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(
        officer
            .get(&format!("/api/v1/people/{}", agency.officer_person))
            .await
            .status(),
        StatusCode::OK
    );
    problem(
        officer
            .post("/api/v1/people", &person_json("X", "Y", "X-1"))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let own = format!("/api/v1/people/{}", agency.officer_person);
    problem(
        officer
            .put(&own, &person_json("Olive", "Officer", "ALPHA-O1"))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;

    assert_eq!(
        last_names(supervisor.get("/api/v1/people").await.json().await.unwrap()),
        ["Officer", "Patrol", "Sergeant"]
    );
    problem(
        supervisor
            .get(&format!("/api/v1/people/{dispatcher}"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        supervisor
            .put(
                &format!("/api/v1/people/{patrol}"),
                &person_json("Pat", "Patrol", "P-1"),
            )
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
}

/// A Minnesota officer: with `years_back` of complete history the closed years' training is
/// overdue (non-compliant); with none, nothing closed is judged.
fn officer_with_history(first: &str, last: &str, badge: &str, years_back: i32) -> Value {
    let today = confitrek_api::clock::today_in("America/Chicago");
    let from =
        time::Date::from_calendar_date(today.year() - years_back, time::Month::July, 1).unwrap();
    let from = if years_back == 0 { today } else { from };
    json!({
        "kind": "officer", "first_name": first, "last_name": last, "badge": badge,
        "unit": "Traffic", "hire_date": "2010-01-04", "history_from": from,
    })
}

async fn the_roster_shows_standing_sorts_and_exports_what_it_shows(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    for body in [
        officer_with_history("Ann", "Able", "S-1", 0),
        officer_with_history("Zed", "Zane", "S-2", 3),
        officer_with_history("Moe", "Mint", "S-3", 0),
    ] {
        let created = api.post("/api/v1/people", &body).await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let created: Value = created.json().await.unwrap();
        // The answer to a write already says where the person stands.
        assert!(created["standing"]["status"].is_string(), "{created}");
    }
    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["last_name"].as_str().unwrap().to_owned())
            .collect()
    };
    let zane = |page: &Value| -> Value {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["last_name"] == "Zane")
            .cloned()
            .unwrap()
    };

    // Worst first: Zane, whose closed years are overdue, leads; his worst open requirement
    // is an overdue one with its deadline.
    let worst_first: Value = api
        .get("/api/v1/people?unit=Traffic&sort=compliance")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&worst_first)[0], "Zane");
    let standing = &zane(&worst_first)["standing"];
    assert_eq!(standing["status"], "non_compliant");
    assert_eq!(standing["worst"]["status"], "overdue");
    assert!(standing["worst"]["due"].is_string());
    assert!(!standing["worst"]["title"].as_str().unwrap().is_empty());

    // Descending puts him last; names break ties A to Z either way.
    let best_first: Value = api
        .get("/api/v1/people?unit=Traffic&sort=compliance&order=desc")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&best_first).last().unwrap(), "Zane");
    let by_badge_desc: Value = api
        .get("/api/v1/people?unit=Traffic&sort=badge&order=desc")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&by_badge_desc), ["Mint", "Zane", "Able"]);

    // Pages of one walk a sorted roster without repeats; a cursor of another order is a
    // field error.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => {
                format!("/api/v1/people?unit=Traffic&sort=badge&order=desc&limit=1&cursor={c}")
            }
            None => "/api/v1/people?unit=Traffic&sort=badge&order=desc&limit=1".into(),
        };
        let page: Value = api.get(&path).await.json().await.unwrap();
        seen.extend(names(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
        assert!(seen.len() <= 3, "{seen:?}");
    }
    assert_eq!(seen, ["Mint", "Zane", "Able"]);
    let first: Value = api
        .get("/api/v1/people?unit=Traffic&sort=badge&limit=1")
        .await
        .json()
        .await
        .unwrap();
    let cursor = first["next_cursor"].as_str().unwrap();
    let wrong = api
        .get(&format!(
            "/api/v1/people?unit=Traffic&sort=unit&limit=1&cursor={cursor}"
        ))
        .await;
    assert_eq!(
        fields(&problem(wrong, StatusCode::UNPROCESSABLE_ENTITY).await),
        ["cursor"]
    );
    let bad_sort = api.get("/api/v1/people?sort=shoe_size").await;
    assert_eq!(
        fields(&problem(bad_sort, StatusCode::UNPROCESSABLE_ENTITY).await),
        ["sort"]
    );

    // The export holds what the page shows, in the same order, with the standing.
    let rows = csv_rows(
        api.get("/api/v1/people/export?unit=Traffic&sort=compliance")
            .await,
    )
    .await;
    let exported: Vec<&str> = rows.iter().map(|r| r["Last name"].as_str()).collect();
    assert_eq!(exported, names(&worst_first));
    assert_eq!(rows[0]["Compliance"], "Non-compliant");
    assert_eq!(rows[0]["Its status"], "Overdue");
    assert_eq!(rows[0]["Due"], standing["worst"]["due"].as_str().unwrap());
    let xlsx = api.get("/api/v1/people/export?format=xlsx").await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));

    // An officer exports only himself or herself.
    let officer = app.login(&agency.officer).await;
    let own = csv_rows(officer.get("/api/v1/people/export").await).await;
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["Last name"], "Officer");
}

async fn the_office_reminds_selected_people_of_what_is_open(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    // The officer with a login: three years of history, so closed years are overdue.
    let mut olive = officer_with_history("Olive", "Officer", "alpha-O1", 3);
    olive["unit"] = json!("Patrol");
    let replaced = coordinator
        .put(&format!("/api/v1/people/{}", agency.officer_person), &olive)
        .await;
    assert_eq!(replaced.status(), StatusCode::OK);
    // Someone with open requirements but no login.
    let created: Value = coordinator
        .post(
            "/api/v1/people",
            &officer_with_history("Nora", "Nologin", "N-1", 3),
        )
        .await
        .json()
        .await
        .unwrap();
    let nora = created["id"].as_str().unwrap().to_owned();

    let stranger = uuid::Uuid::now_v7();
    let unknown = coordinator
        .post(
            "/api/v1/notifications/reminders",
            &json!({ "person_ids": [agency.officer_person, stranger] }),
        )
        .await;
    assert_eq!(
        fields(&problem(unknown, StatusCode::UNPROCESSABLE_ENTITY).await),
        ["person_ids.1"]
    );
    let empty = coordinator
        .post(
            "/api/v1/notifications/reminders",
            &json!({ "person_ids": [] }),
        )
        .await;
    assert_eq!(
        fields(&problem(empty, StatusCode::UNPROCESSABLE_ENTITY).await),
        ["person_ids"]
    );

    let body = json!({ "person_ids": [agency.officer_person, nora] });
    let sent: Value = coordinator
        .post("/api/v1/notifications/reminders", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(sent["reminded"], json!([agency.officer_person]));
    assert_eq!(sent["without_login"], json!([nora]));
    // Asked again the same day: still one reminder.
    let again = coordinator
        .post("/api/v1/notifications/reminders", &body)
        .await;
    assert_eq!(again.status(), StatusCode::OK);

    let officer = app.login(&agency.officer).await;
    let told: Value = officer
        .get("/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    let reminders: Vec<&Value> = told["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["subject"] == "A reminder from the training office")
        .collect();
    assert_eq!(reminders.len(), 1, "{told}");
    assert!(reminders[0]["body"].as_str().unwrap().contains("\n- "));

    // Only the training office reminds.
    let by_officer = officer.post("/api/v1/notifications/reminders", &body).await;
    assert_eq!(by_officer.status(), StatusCode::FORBIDDEN);
}
