//! Topics, courses, sessions with rosters and attendance, training records with verification,
//! corrections and deletion: through the API, on both databases, with who may do what and
//! what another agency's ids answer.

use confitrek_api::db::AgencyScope;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    topics_are_the_states_and_the_agencys_own,
    the_catalog_is_paged_validated_and_kept_while_in_use,
    a_session_roster_stays_within_its_capacity,
    a_session_runs_at_its_hours_each_day,
    attendance_for_five_people_changes_their_compliance,
    attendance_with_a_stranger_writes_nothing,
    an_officer_reports_his_own_training_and_only_the_office_verifies_it,
    unverified_hours_count_only_where_the_agency_says_so,
    a_supervisor_reads_only_his_units_records,
    a_correction_keeps_the_previous_values,
    a_deletion_leaves_only_the_audit_fact,
    another_agencys_ids_are_not_found_and_nothing_is_written,
);

fn id_of(body: &Value) -> Uuid {
    Uuid::parse_str(body["id"].as_str().unwrap()).unwrap()
}

/// The agency's today, as the API says it.
async fn today(api: &Api) -> String {
    let agency: Value = api
        .get("/api/v1/agencies/current")
        .await
        .json()
        .await
        .unwrap();
    agency["today"].as_str().unwrap().to_owned()
}

async fn created(response: reqwest::Response) -> Value {
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

fn use_of_force_course() -> Value {
    json!({
        "title": "Use of Force and De-escalation", "provider": "Lakeview PD",
        "delivery": "in_person", "cost_cents": 0, "hours": { "use_of_force": 4, "conflict_management": 2 }
    })
}

async fn course(api: &Api, body: &Value) -> Uuid {
    id_of(&created(api.post("/api/v1/courses", body).await).await)
}

async fn session(api: &Api, course: Uuid, on: &str, capacity: Option<u32>) -> Uuid {
    let body = json!({ "course_id": course, "starts_on": on, "location": "Training room B", "capacity": capacity });
    id_of(&created(api.post("/api/v1/sessions", &body).await).await)
}

/// A record the office enters for `person`, verified.
async fn record(api: &Api, person: Uuid, on: &str, hours: Value) -> Value {
    let body =
        json!({ "person_id": person, "title": "In-service", "completed_on": on, "hours": hours });
    created(api.post("/api/v1/training-records", &body).await).await
}

fn requirement<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["requirement_id"] == id)
        .unwrap()
}

async fn report(api: &Api, person: Uuid) -> Value {
    api.get(&format!("/api/v1/people/{person}/compliance"))
        .await
        .json()
        .await
        .unwrap()
}

async fn topics_are_the_states_and_the_agencys_own(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;

    let taser = created(
        api.post(
            "/api/v1/topics",
            &json!({ "code": "taser", "title": "TASER refresher", "creditable": false }),
        )
        .await,
    )
    .await;
    assert_eq!(taser["origin"], "agency");
    let topics: Value = app
        .login(&agency.officer)
        .await
        .get("/api/v1/topics")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(topics["jurisdiction"], "MN");
    let codes: Vec<(&str, &str)> = topics["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["code"].as_str().unwrap(), t["origin"].as_str().unwrap()))
        .collect();
    assert!(codes.contains(&("crisis_intervention", "state")));
    assert_eq!(codes.last(), Some(&("taser", "agency")));
    assert_eq!(topics["events"][0]["code"], "firearms_qualification");

    // A state code, a taken code and a malformed one are field errors; nothing is written.
    let before = app.count("topics").await;
    for (code, field) in [
        ("use_of_force", "code"),
        ("taser", "code"),
        ("Bad Code", "code"),
    ] {
        let bad = problem(
            api.post("/api/v1/topics", &json!({ "code": code, "title": "X" }))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&bad), [field], "{code}");
    }
    assert_eq!(app.count("topics").await, before);
    let officer = app.login(&agency.officer).await;
    problem(
        officer
            .post("/api/v1/topics", &json!({ "code": "k9", "title": "K9" }))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;

    // Once a record uses it, the topic keeps its code and cannot be deleted.
    let path = format!("/api/v1/topics/{}", id_of(&taser));
    let on = today(&api).await;
    record(&api, agency.officer_person, &on, json!({ "taser": 2 })).await;
    let renamed = problem(
        api.put(&path, &json!({ "code": "taser_x", "title": "TASER" }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&renamed), ["code"]);
    let retitled: Value = api
        .put(
            &path,
            &json!({ "code": "taser", "title": "TASER 7 refresher", "creditable": true }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(retitled["title"], "TASER 7 refresher");
    problem(api.delete(&path).await, StatusCode::CONFLICT).await;

    let unused = created(
        api.post(
            "/api/v1/topics",
            &json!({ "code": "k9", "title": "K9 handling" }),
        )
        .await,
    )
    .await;
    let other = app.seed_agency("Beta").await;
    let intruder = app.login(&other.coordinator).await;
    let unused_path = format!("/api/v1/topics/{}", id_of(&unused));
    problem(intruder.delete(&unused_path).await, StatusCode::NOT_FOUND).await;
    assert_eq!(
        api.delete(&unused_path).await.status(),
        StatusCode::NO_CONTENT
    );
}

async fn the_catalog_is_paged_validated_and_kept_while_in_use(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let uof = course(&api, &use_of_force_course()).await;
    course(
        &api,
        &json!({ "title": "Crisis Intervention Team refresher", "delivery": "hybrid", "hours": { "crisis_intervention": 8 } }),
    )
    .await;
    course(
        &api,
        &json!({ "title": "Firearms qualification", "delivery": "in_person", "events": ["firearms_qualification"] }),
    )
    .await;

    let first: Value = api
        .get("/api/v1/courses?limit=2")
        .await
        .json()
        .await
        .unwrap();
    let titles: Vec<&str> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Crisis Intervention Team refresher",
            "Firearms qualification"
        ]
    );
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = api
        .get(&format!("/api/v1/courses?limit=2&cursor={cursor}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        second["items"][0]["title"],
        "Use of Force and De-escalation"
    );
    assert_eq!(second["items"][0]["total_hours"], 6.0);
    assert!(second["next_cursor"].is_null());

    let before = app.count("courses").await;
    let bad = problem(
        api.post(
            "/api/v1/courses",
            &json!({ "title": "", "delivery": "online", "cost_cents": -5, "hours": { "basket_weaving": 2, "use_of_force": 0 } }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        fields(&bad),
        [
            "title",
            "cost_cents",
            "hours.basket_weaving",
            "hours.use_of_force"
        ]
    );
    assert_eq!(app.count("courses").await, before);
    let officer = app.login(&agency.officer).await;
    problem(
        officer
            .post("/api/v1/courses", &use_of_force_course())
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(
        officer
            .get(&format!("/api/v1/courses/{uof}"))
            .await
            .status(),
        StatusCode::OK,
        "the catalog is for everyone to read"
    );

    let mut changed = use_of_force_course();
    changed["active"] = json!(false);
    let path = format!("/api/v1/courses/{uof}");
    let updated: Value = api.put(&path, &changed).await.json().await.unwrap();
    assert_eq!(updated["active"], false);
    let active: Value = api
        .get("/api/v1/courses?active=true")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(active["items"].as_array().unwrap().len(), 2);

    session(&api, uof, &today(&api).await, None).await;
    problem(api.delete(&path).await, StatusCode::CONFLICT).await;
    let unused = course(
        &api,
        &json!({ "title": "Spare", "delivery": "online", "hours": { "general": 1 } }),
    )
    .await;
    assert_eq!(
        api.delete(&format!("/api/v1/courses/{unused}"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
}

async fn a_session_roster_stays_within_its_capacity(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let uof = course(&api, &use_of_force_course()).await;
    let sid = session(&api, uof, "2026-01-15", Some(2)).await;
    let third = app
        .seed_person(agency.id, "Quinn", "Abdi", "A-3", Some("Patrol"))
        .await;
    let path = format!("/api/v1/sessions/{sid}/enrollments");

    let everyone =
        json!({ "person_ids": [agency.officer_person, agency.supervisor_person, third] });
    let full = problem(
        api.post(&path, &everyone).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&full), ["person_ids"]);
    assert!(
        full["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("2 places")
    );
    assert_eq!(app.count("session_enrollments").await, 0);

    let two = json!({ "person_ids": [agency.officer_person, agency.supervisor_person] });
    let detail: Value = api.post(&path, &two).await.json().await.unwrap();
    assert_eq!(detail["session"]["enrolled"], 2);
    assert_eq!(detail["roster"].as_array().unwrap().len(), 2);
    assert_eq!(detail["roster"][0]["status"], "enrolled");
    // Enrolling someone already on the roster changes nothing.
    assert_eq!(api.post(&path, &two).await.status(), StatusCode::OK);

    // The capacity cannot drop below the roster; a session ends on or after it starts.
    let session_path = format!("/api/v1/sessions/{sid}");
    let shrink = problem(
        api.put(
            &session_path,
            &json!({ "course_id": uof, "starts_on": "2026-01-15", "ends_on": "2026-01-14", "capacity": 1 }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&shrink), ["ends_on", "capacity"]);

    assert_eq!(
        api.delete(&format!("{path}/{}", agency.supervisor_person))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    problem(
        api.delete(&format!("{path}/{}", agency.supervisor_person))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let detail: Value = api
        .post(&path, &json!({ "person_ids": [third] }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["session"]["enrolled"], 2);

    // An officer sees the session and himself on its roster, nobody else.
    let officer = app.login(&agency.officer).await;
    let seen: Value = officer.get(&session_path).await.json().await.unwrap();
    let names: Vec<&str> = seen["roster"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Officer, Olive"]);
    problem(
        officer
            .post(&path, &json!({ "person_ids": [agency.officer_person] }))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;

    // The sign-in sheet lists the roster by name with a line to sign; the training office's.
    let sheet = api.get(&format!("{session_path}/sign-in-sheet")).await;
    let text = crate::reports::pdf_text(sheet).await;
    for expected in [
        "Sign-in sheet",
        "Use of Force",
        "Abdi, Quinn",
        "Officer, Olive",
        "Signature",
        "2026-01-15",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    assert!(
        text.find("Abdi, Quinn") < text.find("Officer, Olive"),
        "by name"
    );
    problem(
        officer.get(&format!("{session_path}/sign-in-sheet")).await,
        StatusCode::FORBIDDEN,
    )
    .await;
}

/// Five Minnesota officers with no use-of-force training this year.
async fn five_officers(api: &Api) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for (i, name) in ["Avery", "Blake", "Casey", "Drew", "Emery"]
        .iter()
        .enumerate()
    {
        let mut body = person_json(name, "Officer", &format!("U-{i}"));
        body["hire_date"] = json!("2015-05-01");
        body["license_cycle_start"] = json!("2024-07-01");
        body["license_cycle_end"] = json!("2027-06-30");
        body["history_from"] = json!("2024-07-01");
        ids.push(id_of(
            &created(api.post("/api/v1/people", &body).await).await,
        ));
    }
    ids
}

async fn attendance_for_five_people_changes_their_compliance(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let people = five_officers(&api).await;
    for id in &people {
        let before = report(&api, *id).await;
        assert_ne!(requirement(&before, "mn.use_of_force")["status"], "met");
    }
    let uof = course(&api, &use_of_force_course()).await;
    let on = today(&api).await;
    let sid = session(&api, uof, &on, Some(5)).await;
    let path = format!("/api/v1/sessions/{sid}/attendance");

    let result: Value = api
        .post(&path, &json!({ "person_ids": people }))
        .await
        .json()
        .await
        .unwrap();
    let recorded = result["recorded"].as_array().unwrap();
    assert_eq!(recorded.len(), 5);
    assert!(recorded.iter().all(|r| r["verification"] == "verified"
        && r["source"] == "coordinator"
        && r["course_id"] == json!(uof)
        && r["session_id"] == json!(sid)
        && r["completed_on"] == json!(on)
        && r["hours"] == json!({ "use_of_force": 4.0, "conflict_management": 2.0 })));
    for id in &people {
        let after = report(&api, *id).await;
        assert_eq!(requirement(&after, "mn.use_of_force")["status"], "met");
        // The stored snapshot was refreshed in the same transaction.
        let snapshot =
            confitrek_api::db::compliance::snapshot_of(&app.db, AgencyScope::new(agency.id), *id)
                .await
                .unwrap()
                .unwrap();
        assert_eq!(
            requirement(&snapshot.report, "mn.use_of_force")["status"],
            "met"
        );
    }
    let detail: Value = api
        .get(&format!("/api/v1/sessions/{sid}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["session"]["attended"], 5);
    assert!(
        detail["roster"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "attended" && r["record_id"].is_string())
    );

    // The same sheet sent again records nobody twice.
    let records = app.count("training_records").await;
    let again: Value = api
        .post(&path, &json!({ "person_ids": people }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["recorded"], json!([]));
    assert_eq!(again["already_recorded"], json!(people));
    assert_eq!(app.count("training_records").await, records);
    problem(
        api.delete(&format!("/api/v1/sessions/{sid}")).await,
        StatusCode::CONFLICT,
    )
    .await;
}

async fn attendance_with_a_stranger_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let other = app.seed_agency("Beta").await;
    let api = app.login(&agency.coordinator).await;
    let uof = course(&api, &use_of_force_course()).await;
    let sid = session(&api, uof, "2026-01-15", None).await;
    let path = format!("/api/v1/sessions/{sid}/attendance");
    let counts = || async {
        (
            app.count("training_records").await,
            app.count("session_enrollments").await,
            app.count("audit_events").await,
        )
    };
    // Signing in is audited too: sign everyone in first.
    let intruder = app.login(&other.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let before = counts().await;
    let cases = [
        (
            json!({ "person_ids": [agency.officer_person, other.officer_person] }),
            vec!["person_ids.1"],
        ),
        (
            json!({ "person_ids": [Uuid::now_v7()] }),
            vec!["person_ids.0"],
        ),
        (json!({ "person_ids": [] }), vec!["person_ids"]),
        (
            json!({ "person_ids": [agency.officer_person], "completed_on": "2999-01-01" }),
            vec!["completed_on"],
        ),
        (
            json!({ "person_ids": [agency.officer_person], "no_shows": [agency.supervisor_person] }),
            vec!["no_shows.0"],
        ),
    ];
    for (body, expected) in cases {
        let bad = problem(
            api.post(&path, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&bad), expected, "{body}");
    }
    assert_eq!(counts().await, before, "nothing written");

    problem(
        intruder
            .post(&path, &json!({ "person_ids": [other.officer_person] }))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        officer
            .post(&path, &json!({ "person_ids": [agency.officer_person] }))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(counts().await, before, "nothing written");
}

async fn an_officer_reports_his_own_training_and_only_the_office_verifies_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let officer = app.login(&agency.officer).await;
    let coordinator = app.login(&agency.coordinator).await;
    let on = today(&officer).await;
    let own = json!({ "person_id": agency.officer_person, "title": "Use of force (online)", "completed_on": on, "hours": { "use_of_force": 2 } });

    let reported = created(officer.post("/api/v1/training-records", &own).await).await;
    assert_eq!(
        (&reported["verification"], &reported["source"]),
        (&json!("pending"), &json!("self_reported"))
    );
    let path = format!("/api/v1/training-records/{}", id_of(&reported));
    let person = agency.officer_person;
    assert_ne!(
        requirement(&report(&coordinator, person).await, "mn.use_of_force")["status"],
        "met",
        "pending hours do not count"
    );

    // Never for someone else, never verified by himself.
    let mut theirs = own.clone();
    theirs["person_id"] = json!(agency.supervisor_person);
    let records = app.count("training_records").await;
    problem(
        officer.post("/api/v1/training-records", &theirs).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(
        officer.post(&format!("{path}/verify"), &json!({})).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(app.count("training_records").await, records);

    // The office's queue has it; it sees another's record, the officer does not.
    let theirs_record = record(
        &coordinator,
        agency.supervisor_person,
        &on,
        json!({ "general": 1 }),
    )
    .await;
    problem(
        officer
            .get(&format!(
                "/api/v1/training-records/{}",
                id_of(&theirs_record)
            ))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let mine: Value = officer
        .get("/api/v1/training-records")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let queue: Value = coordinator
        .get("/api/v1/training-records?verification=pending")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["items"].as_array().unwrap().len(), 1);
    assert_eq!(queue["items"][0]["person_name"], "Officer, Olive");

    let no_reason = problem(
        coordinator
            .post(&format!("{path}/reject"), &json!({ "reason": " " }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&no_reason), ["reason"]);
    let rejected: Value = coordinator
        .post(
            &format!("{path}/reject"),
            &json!({ "reason": "Attach the certificate, please." }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rejected["verification"], "rejected");
    assert_eq!(
        rejected["rejection_reason"],
        "Attach the certificate, please."
    );
    // The officer is told, with the reason, and the notification is about him.
    let told: Value = officer
        .get("/api/v1/notifications")
        .await
        .json()
        .await
        .unwrap();
    let decision = told["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "decision")
        .cloned()
        .unwrap_or_else(|| panic!("no decision in {told}"));
    assert!(
        decision["subject"]
            .as_str()
            .unwrap()
            .starts_with("Training not accepted")
    );
    assert!(
        decision["body"]
            .as_str()
            .unwrap()
            .contains("Attach the certificate, please.")
    );
    assert_eq!(decision["person_id"], agency.officer_person.to_string());

    let verified = coordinator
        .post(&format!("{path}/verify"), &json!({}))
        .await;
    assert_eq!(verified.status(), StatusCode::OK);
    let verified: Value = verified.json().await.unwrap();
    assert_eq!(verified["verification"], "verified");
    assert_eq!(verified["rejection_reason"], Value::Null);
    assert!(verified["verified_at"].is_string());
    assert_eq!(
        requirement(&report(&coordinator, person).await, "mn.use_of_force")["status"],
        "met",
        "verified hours count at once"
    );
}

async fn unverified_hours_count_only_where_the_agency_says_so(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let officer = app.login(&agency.officer).await;
    let admin = app.login(&agency.admin).await;
    let on = today(&officer).await;
    created(
        officer
            .post(
                "/api/v1/training-records",
                &json!({ "person_id": agency.officer_person, "title": "Use of force", "completed_on": on, "hours": { "use_of_force": 1 } }),
            )
            .await,
    )
    .await;
    let status = || async {
        requirement(
            &report(&admin, agency.officer_person).await,
            "mn.use_of_force",
        )["status"]
            .clone()
    };
    assert_ne!(status().await, "met");
    let settings = admin
        .put(
            "/api/v1/agencies/current/settings",
            &json!({ "at_risk_days": 90, "count_unverified": true }),
        )
        .await;
    assert_eq!(settings.status(), StatusCode::OK);
    let settings: Value = settings.json().await.unwrap();
    assert_eq!(settings["count_unverified"], true);
    assert_eq!(status().await, "met");
    // Omitted, the setting stays as it is.
    let kept: Value = admin
        .put(
            "/api/v1/agencies/current/settings",
            &json!({ "at_risk_days": 60 }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(kept["count_unverified"], true);
}

async fn a_supervisor_reads_only_his_units_records(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let detective = app
        .seed_person(agency.id, "Reese", "Yang", "D-1", Some("Investigations"))
        .await;
    let on = today(&coordinator).await;
    let patrol = record(
        &coordinator,
        agency.officer_person,
        &on,
        json!({ "general": 1 }),
    )
    .await;
    let other_unit = record(&coordinator, detective, &on, json!({ "general": 2 })).await;

    let supervisor = app.login(&agency.supervisor).await;
    let list: Value = supervisor
        .get("/api/v1/training-records")
        .await
        .json()
        .await
        .unwrap();
    let ids: Vec<&Value> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(ids, [&patrol["id"]]);
    let filtered: Value = supervisor
        .get(&format!("/api/v1/training-records?person_id={detective}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(filtered["items"], json!([]));
    problem(
        supervisor
            .get(&format!("/api/v1/training-records/{}", id_of(&other_unit)))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Reading is not verifying.
    problem(
        supervisor
            .post(
                &format!("/api/v1/training-records/{}/verify", id_of(&patrol)),
                &json!({}),
            )
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let dated: Value = coordinator
        .get(&format!(
            "/api/v1/training-records?from={on}&to={on}&limit=1"
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(dated["items"].as_array().unwrap().len(), 1);
    assert!(dated["next_cursor"].is_string());
}

async fn a_correction_keeps_the_previous_values(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let entered = record(
        &coordinator,
        agency.officer_person,
        "2026-01-10",
        json!({ "general": 8 }),
    )
    .await;
    let path = format!("/api/v1/training-records/{}", id_of(&entered));
    let fix = json!({ "title": "In-service (corrected)", "completed_on": "2026-01-09", "hours": { "general": 4, "use_of_force": 4 } });

    let before = app.count("training_record_revisions").await;
    let bad = problem(
        coordinator
            .put(
                &path,
                &json!({ "title": "", "completed_on": "2026-01-09", "hours": {} }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), ["title", "hours"]);
    assert_eq!(app.count("training_record_revisions").await, before);
    problem(officer.put(&path, &fix).await, StatusCode::FORBIDDEN).await;

    let corrected: Value = coordinator.put(&path, &fix).await.json().await.unwrap();
    assert_eq!(corrected["record"]["title"], "In-service (corrected)");
    assert_eq!(corrected["record"]["verification"], "verified");
    assert_eq!(corrected["record"]["total_hours"], 8.0);
    let previous = &corrected["revisions"][0]["previous"];
    assert_eq!(previous["title"], "In-service");
    assert_eq!(previous["completed_on"], "2026-01-10");
    assert_eq!(previous["hours"], json!({ "general": 8.0 }));
    let read: Value = officer.get(&path).await.json().await.unwrap();
    assert_eq!(read["revisions"].as_array().unwrap().len(), 1);

    // An officer corrects his own pending report; it stays in the queue.
    let on = today(&officer).await;
    let own = created(
        officer
            .post(
                "/api/v1/training-records",
                &json!({ "person_id": agency.officer_person, "title": "Online", "completed_on": on, "hours": { "general": 1 } }),
            )
            .await,
    )
    .await;
    let own_path = format!("/api/v1/training-records/{}", id_of(&own));
    let changed: Value = officer
        .put(
            &own_path,
            &json!({ "title": "Online module", "completed_on": on, "hours": { "general": 1.5 } }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(changed["record"]["verification"], "pending");
    assert_eq!(changed["record"]["total_hours"], 1.5);
}

async fn a_deletion_leaves_only_the_audit_fact(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let entered = record(
        &coordinator,
        agency.officer_person,
        "2026-01-10",
        json!({ "crisis_intervention": 8 }),
    )
    .await;
    let id = id_of(&entered);
    let path = format!("/api/v1/training-records/{id}");
    coordinator
        .put(
            &path,
            &json!({ "title": "Crisis intervention, Dr. Okafor", "completed_on": "2026-01-10", "hours": { "crisis_intervention": 6 } }),
        )
        .await;
    assert_eq!(app.count("training_record_revisions").await, 1);
    let officer = app.login(&agency.officer).await;
    problem(officer.delete(&path).await, StatusCode::FORBIDDEN).await;

    assert_eq!(
        coordinator.delete(&path).await.status(),
        StatusCode::NO_CONTENT
    );
    problem(coordinator.get(&path).await, StatusCode::NOT_FOUND).await;
    assert_eq!(app.count("training_records").await, 0);
    assert_eq!(app.count("training_record_revisions").await, 0);
    let admin = app.login(&agency.admin).await;
    let events: Value = admin
        .get("/api/v1/audit-events?limit=10")
        .await
        .json()
        .await
        .unwrap();
    let deleted: Vec<&Value> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "training_record.delete")
        .collect();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0]["target_id"], json!(id));
    let text = events.to_string();
    assert!(!text.contains("Okafor") && !text.contains("crisis_intervention"));
}

async fn another_agencys_ids_are_not_found_and_nothing_is_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let a = app.login(&alpha.coordinator).await;
    let b = app.login(&beta.coordinator).await;
    let on = today(&a).await;
    let theirs = record(&b, beta.officer_person, &on, json!({ "general": 1 })).await;
    let their_course = course(&b, &use_of_force_course()).await;
    let their_session = session(&b, their_course, &on, None).await;
    let record_path = format!("/api/v1/training-records/{}", id_of(&theirs));
    let fix = json!({ "title": "X", "completed_on": on, "hours": { "general": 2 } });

    let before = (
        app.count("training_records").await,
        app.count("training_record_revisions").await,
        app.count("session_enrollments").await,
    );
    problem(a.get(&record_path).await, StatusCode::NOT_FOUND).await;
    problem(a.put(&record_path, &fix).await, StatusCode::NOT_FOUND).await;
    problem(a.delete(&record_path).await, StatusCode::NOT_FOUND).await;
    problem(
        a.post(&format!("{record_path}/verify"), &json!({})).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        a.get(&format!("/api/v1/courses/{their_course}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        a.get(&format!("/api/v1/sessions/{their_session}")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        a.post(
            &format!("/api/v1/sessions/{their_session}/enrollments"),
            &json!({ "person_ids": [alpha.officer_person] }),
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let stranger = problem(
        a.post(
            "/api/v1/training-records",
            &json!({ "person_id": beta.officer_person, "title": "X", "completed_on": on, "hours": { "general": 1 } }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&stranger), ["person_id"]);
    let foreign_course = problem(
        a.post(
            "/api/v1/training-records",
            &json!({ "person_id": alpha.officer_person, "course_id": their_course, "completed_on": on }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&foreign_course), ["course_id"]);
    let foreign_session = problem(
        a.post(
            "/api/v1/sessions",
            &json!({ "course_id": their_course, "starts_on": on }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&foreign_session), ["course_id"]);
    let list: Value = a
        .get("/api/v1/training-records")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"], json!([]));
    let sessions: Value = a.get("/api/v1/sessions").await.json().await.unwrap();
    assert_eq!(sessions["items"], json!([]));
    assert_eq!(
        before,
        (
            app.count("training_records").await,
            app.count("training_record_revisions").await,
            app.count("session_enrollments").await,
        )
    );

    // A record from a course of the agency takes the course's title and hours.
    let own_course = course(&a, &use_of_force_course()).await;
    let from_course = created(
        a.post(
            "/api/v1/training-records",
            &json!({ "person_id": alpha.officer_person, "course_id": own_course, "completed_on": on }),
        )
        .await,
    )
    .await;
    assert_eq!(from_course["title"], "Use of Force and De-escalation");
    assert_eq!(from_course["total_hours"], 6.0);
}

async fn a_session_runs_at_its_hours_each_day(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let uof = course(&api, &use_of_force_course()).await;
    let body = |start: Value, end: Value| {
        json!({ "course_id": uof, "starts_on": "2026-03-02", "ends_on": "2026-03-03",
                "start_time": start, "end_time": end })
    };
    // Both wrong at once, and nothing written.
    let bad = problem(
        api.post("/api/v1/sessions", &body(json!("25:00"), json!("8 pm")))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), ["start_time", "end_time"]);
    let backwards = problem(
        api.post("/api/v1/sessions", &body(json!("13:00"), json!("09:00")))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&backwards), ["end_time"]);
    let no_start = problem(
        api.post("/api/v1/sessions", &body(Value::Null, json!("09:00")))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&no_start), ["end_time"]);
    assert_eq!(app.count("training_sessions").await, 0);

    let made = created(
        api.post("/api/v1/sessions", &body(json!("8:00"), json!("16:30")))
            .await,
    )
    .await;
    assert_eq!(made["start_time"], "08:00");
    assert_eq!(made["end_time"], "16:30");
    // Without hours, a session is listed by its days.
    let all_day = created(
        api.post("/api/v1/sessions", &body(Value::Null, Value::Null))
            .await,
    )
    .await;
    assert!(all_day["start_time"].is_null());
}
