//! Use of Force incidents through the API: the workflow and its refusals, the review
//! permission, tenancy, the module gate, free-text refusals, amendments, the officers'
//! training on the incident day against the engine's answer, and the exports field by field.

use std::collections::BTreeSet;

use confitrek_api::db::{AgencyScope, agencies};
use migrations::{Migrator, MigratorTrait};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    an_incident_goes_from_draft_to_closed_with_the_training_of_its_day,
    only_reviewers_see_the_agency_s_incidents_and_never_another_agency_s,
    an_agency_without_the_module_sees_none_of_it,
    free_text_refuses_identifiers_and_writes_nothing,
    exports_and_aggregates_follow_the_federal_elements,
    the_list_filters_incidents,
    counts_and_officers_order_hold_for_incidents_written_before_their_columns,
);

async fn enable_uof(app: &TestApp, agency: Uuid) {
    let existing = agencies::get(&app.db, AgencyScope::new(agency))
        .await
        .unwrap()
        .unwrap();
    let new = agencies::NewAgency {
        name: existing.name.clone(),
        state_code: existing.state_code.clone(),
        subscription_status: existing.subscription_status,
        modules: vec!["uof".into()],
        time_zone: existing.time_zone.clone(),
    };
    agencies::update(&app.db, existing, new, app.clock.now())
        .await
        .unwrap();
}

async fn user_id(admin: &Api, email: &str) -> String {
    let users: Value = admin
        .get("/api/v1/users?limit=100")
        .await
        .json()
        .await
        .unwrap();
    users["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == email)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Gives the login the review permission, as the admin does.
async fn grant_review(admin: &Api, email: &str, reviewer: bool) -> Response {
    let id = user_id(admin, email).await;
    admin
        .put(
            &format!("/api/v1/users/{id}/uof-access"),
            &json!({ "reviewer": reviewer }),
        )
        .await
}

type Response = reqwest::Response;

fn subject(injury: &str) -> Value {
    json!({
        "reference": "P-20-1187", "sex": "male", "races": ["black"], "ethnicity": "not_hispanic_latino",
        "age": 27, "height_feet": 6, "height_inches": 1, "weight_pounds": 210,
        "impaired": "yes", "impairments": ["alcohol"], "threat_perceived": "yes", "armed": "no",
        "resisted": "yes", "resistance": ["resisted_handcuffing"],
        "force": ["hands_fists_feet", "electronic_control_device"], "injuries": [injury],
        "disposition": "arrested"
    })
}

fn officer_json(person: Uuid) -> Value {
    json!({
        "person_id": person, "sex": "female", "races": ["white"], "ethnicity": "not_hispanic_latino",
        "age": 34, "full_time": true, "on_duty": true, "identifiable": "yes",
        "applied_force": true, "discharged_firearm": false, "injuries": ["minor"]
    })
}

/// A complete incident; `injury` decides whether it qualifies (`unconsciousness` does).
fn incident(case: &str, date: &str, injury: &str, officers: &[Uuid]) -> Value {
    json!({
        "case_number": case, "incident_date": date, "incident_time": "23:40",
        "address": "1400 block of Main St", "location_type": "highway_road_street",
        "contact_reason": "unlawful_suspicious_activity", "offense": "Aggravated assault",
        "officers_approached": "yes", "ambush": "no", "supervisor_present": "no",
        "other_agency_officers": 1,
        "subjects": [subject(injury)],
        "officers": officers.iter().map(|p| officer_json(*p)).collect::<Vec<_>>(),
        "narrative": "Officers responded to a disturbance; the subject struck an officer and was taken down."
    })
}

async fn json_of(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    response.json().await.unwrap()
}

/// Drafts and submits an incident as `author`; returns its id.
async fn submitted(author: &Api, body: &Value) -> String {
    let created = json_of(
        author.post("/api/v1/uof/incidents", body).await,
        StatusCode::CREATED,
    )
    .await;
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/uof/incidents/{id}/submit");
    json_of(
        author.post(&path, &json!({ "attest": true })).await,
        StatusCode::OK,
    )
    .await;
    id
}

fn area<'a>(training: &'a Value, name: &str) -> &'a Value {
    training["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["area"] == name)
        .unwrap()
}

async fn an_incident_goes_from_draft_to_closed_with_the_training_of_its_day(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    enable_uof(&app, agency.id).await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let person = agency.officer_person;
    for (on, hours) in [
        ("2025-05-01", json!({ "use_of_force": 4 })),
        (
            "2026-02-01",
            json!({ "use_of_force": 4, "conflict_management": 2 }),
        ),
        // After the incident: it must not count for the incident day.
        ("2026-03-20", json!({ "use_of_force": 8 })),
    ] {
        let body = json!({ "person_id": person, "title": "In-service", "completed_on": on, "hours": hours });
        json_of(
            coordinator.post("/api/v1/training-records", &body).await,
            StatusCode::CREATED,
        )
        .await;
    }

    // A draft may be incomplete.
    let draft = json!({ "case_number": "26-004512", "incident_date": "2026-03-14", "officers": [officer_json(person)] });
    let created = json_of(
        officer.post("/api/v1/uof/incidents", &draft).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(created["status"], "draft");
    assert_eq!(created["version"], 1);
    assert_eq!(created["actions"]["submit"], true);
    assert_eq!(created["officers"][0]["name"], "Officer, Olive");
    assert_eq!(created["training"], json!([]));
    let id = created["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/uof/incidents/{id}");

    // Submission names every missing element and changes nothing.
    let refused = problem(
        officer
            .post(&format!("{path}/submit"), &json!({ "attest": true }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let missing = fields(&refused);
    for field in [
        "address",
        "location_type",
        "contact_reason",
        "ambush",
        "subjects",
    ] {
        assert!(
            missing.contains(&field.to_owned()),
            "{field} in {missing:?}"
        );
    }
    let unchanged = json_of(officer.get(&path).await, StatusCode::OK).await;
    assert_eq!(unchanged["status"], "draft");

    let full = incident("26-004512", "2026-03-14", "unconsciousness", &[person]);
    let edited = json_of(officer.put(&path, &full).await, StatusCode::OK).await;
    assert_eq!(
        edited["qualification"],
        json!({ "qualifies": true, "death": false, "serious_bodily_injury": true, "firearm_discharge": false })
    );
    let unattested = problem(
        officer
            .post(&format!("{path}/submit"), &json!({ "attest": false }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&unattested), ["attest"]);

    let submitted = json_of(
        officer
            .post(&format!("{path}/submit"), &json!({ "attest": true }))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(submitted["status"], "submitted");
    assert!(
        submitted["attestation"]
            .as_str()
            .unwrap()
            .starts_with("I attest that this incident occurred")
    );
    assert!(submitted["submitted_at"].is_string());

    // The training stored with it is the engine's report on the incident day.
    let training = &submitted["training"][0];
    assert_eq!(training["person_id"], person.to_string());
    assert_eq!(training["as_of"], "2026-03-14");
    assert_eq!(training["jurisdiction"], "MN");
    let uof = area(training, "use_of_force");
    assert_eq!(uof["topics"], json!(["use_of_force"]));
    assert_eq!(uof["last_trained_on"], "2026-02-01");
    assert_eq!(
        area(training, "de_escalation")["topics"],
        json!(["conflict_management"])
    );
    assert_eq!(
        area(training, "firearms_qualification")["topics"],
        json!(["firearms_qualification"])
    );
    let report = json_of(
        coordinator
            .get(&format!(
                "/api/v1/people/{person}/compliance?as_of=2026-03-14"
            ))
            .await,
        StatusCode::OK,
    )
    .await;
    for name in [
        "use_of_force",
        "de_escalation",
        "crisis_intervention",
        "firearms_qualification",
    ] {
        let a = area(training, name);
        let topics: BTreeSet<String> = serde_json::from_value(a["topics"].clone()).unwrap();
        let expected: Vec<&Value> = report["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| {
                r["topics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|t| topics.contains(t.as_str().unwrap()))
            })
            .collect();
        let stored: Vec<&Value> = a["requirements"].as_array().unwrap().iter().collect();
        assert_eq!(stored, expected, "{name}");
    }
    assert!(!uof["requirements"].as_array().unwrap().is_empty());

    // Forbidden and out-of-order steps.
    assert_eq!(
        officer.put(&path, &full).await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        officer
            .post(&format!("{path}/review"), &json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let supervisor = app.login(&agency.supervisor).await;
    assert_eq!(
        supervisor.get(&path).await.status(),
        StatusCode::NOT_FOUND,
        "not yet a reviewer"
    );
    assert_eq!(
        grant_review(&admin, &agency.supervisor, true)
            .await
            .status(),
        StatusCode::OK
    );
    let me = json_of(supervisor.get("/api/v1/me").await, StatusCode::OK).await;
    assert_eq!(
        (me["uof_enabled"].clone(), me["uof_reviewer"].clone()),
        (json!(true), json!(true))
    );
    assert_eq!(
        supervisor
            .post(&format!("{path}/close"), &json!({}))
            .await
            .status(),
        StatusCode::CONFLICT
    );

    // Every read is audited.
    let before = app.count("audit_events").await;
    let read = json_of(supervisor.get(&path).await, StatusCode::OK).await;
    assert_eq!(app.count("audit_events").await, before + 1);
    assert_eq!(read["actions"]["review"], true);
    assert_eq!(read["training"], submitted["training"]);

    let reviewed = json_of(
        supervisor
            .post(
                &format!("{path}/review"),
                &json!({ "comment": "Consistent with the video." }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(reviewed["status"], "reviewed");
    // Named as a person, not by a login's address.
    assert_eq!(reviewed["reviewed_by"], "Sergeant, Sam");
    let closed = json_of(
        supervisor.post(&format!("{path}/close"), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(closed["status"], "closed");
    assert!(closed["closed_at"].is_string());
    assert_eq!(
        supervisor.put(&path, &full).await.status(),
        StatusCode::FORBIDDEN,
        "not the author"
    );
    assert_eq!(
        officer.put(&path, &full).await.status(),
        StatusCode::CONFLICT,
        "closed"
    );

    // A closed incident changes by amendment only, keeping the version it replaces.
    let mut corrected = full.clone();
    corrected["subjects"][0]["injuries"] = json!(["minor"]);
    let no_reason = problem(
        supervisor
            .post(
                &format!("{path}/amend"),
                &json!({ "incident": corrected, "reason": " " }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&no_reason), ["reason"]);
    let amended = json_of(
        supervisor
            .post(&format!("{path}/amend"), &json!({ "incident": corrected, "reason": "Hospital records: no loss of consciousness." }))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (amended["status"].clone(), amended["version"].clone()),
        (json!("closed"), json!(2))
    );
    assert_eq!(amended["qualification"]["qualifies"], false);
    assert_eq!(
        amended["incident"]["subjects"][0]["injuries"],
        json!(["minor"])
    );
    let history = amended["history"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["version"], 1);
    assert_eq!(history[0]["incident"], closed["incident"]);
    assert_eq!(history[0]["training"], closed["training"]);
    assert_eq!(history[0]["qualification"]["qualifies"], true);
    assert_eq!(history[0]["replaced_by"], "Sergeant, Sam");
    assert_eq!(
        history[0]["reason"],
        "Hospital records: no loss of consciousness."
    );
    assert_eq!(app.count("uof_incident_versions").await, 1);
}

async fn only_reviewers_see_the_agency_s_incidents_and_never_another_agency_s(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    enable_uof(&app, alpha.id).await;
    enable_uof(&app, beta.id).await;
    let officer = app.login(&alpha.officer).await;
    let coordinator = app.login(&alpha.coordinator).await;
    let admin = app.login(&alpha.admin).await;
    let id = submitted(
        &officer,
        &incident(
            "A-1",
            "2026-03-14",
            "unconsciousness",
            &[alpha.officer_person],
        ),
    )
    .await;
    let path = format!("/api/v1/uof/incidents/{id}");

    // A coordinator is not a reviewer by role.
    assert_eq!(coordinator.get(&path).await.status(), StatusCode::NOT_FOUND);
    let listed = json_of(
        coordinator.get("/api/v1/uof/incidents").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed["items"], json!([]));
    assert_eq!(
        coordinator.get("/api/v1/uof/aggregates").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        coordinator
            .get("/api/v1/uof/exports/federal")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        coordinator
            .get("/api/v1/uof/exports/agency.csv")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let own_id = user_id(&admin, &alpha.coordinator).await;
    let status = coordinator
        .put(
            &format!("/api/v1/users/{own_id}/uof-access"),
            &json!({ "reviewer": true }),
        )
        .await
        .status();
    assert_eq!(status, StatusCode::FORBIDDEN, "only admins grant");
    // The author sees his own; with the permission, still never reviews it.
    let own = json_of(officer.get("/api/v1/uof/incidents").await, StatusCode::OK).await;
    assert_eq!(own["items"][0]["id"], id.as_str());
    grant_review(&admin, &alpha.officer, true).await;
    assert_eq!(
        officer
            .post(&format!("{path}/review"), &json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    grant_review(&admin, &alpha.coordinator, true).await;
    let coordinator = app.login(&alpha.coordinator).await;
    assert_eq!(coordinator.get(&path).await.status(), StatusCode::OK);
    let returned = problem(
        coordinator
            .post(&format!("{path}/return"), &json!({}))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&returned), ["comment"]);
    let returned = json_of(
        coordinator
            .post(
                &format!("{path}/return"),
                &json!({ "comment": "Add the second subject." }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (returned["status"].clone(), returned["training"].clone()),
        (json!("draft"), json!([]))
    );
    assert_eq!(returned["review_comment"], "Add the second subject.");
    // Taking the permission back takes the access back.
    grant_review(&admin, &alpha.coordinator, false).await;
    assert_eq!(coordinator.get(&path).await.status(), StatusCode::NOT_FOUND);

    // Another agency's reviewer never sees it, nor may another agency's officer be named.
    let beta_admin = app.login(&beta.admin).await;
    grant_review(&beta_admin, &beta.admin, true).await;
    let beta_admin = app.login(&beta.admin).await;
    assert_eq!(beta_admin.get(&path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        beta_admin
            .post(&format!("{path}/review"), &json!({}))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let beta_list = json_of(
        beta_admin.get("/api/v1/uof/incidents").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(beta_list["items"], json!([]));
    let foreign = problem(
        beta_admin
            .post(
                "/api/v1/uof/incidents",
                &incident("B-1", "2026-03-14", "minor", &[alpha.officer_person]),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&foreign), ["officers.0.person_id"]);
    // A bad field and a stranger among the officers are told in one answer.
    let both = problem(
        beta_admin
            .post(
                "/api/v1/uof/incidents",
                &incident("B 1 !", "2026-03-14", "minor", &[alpha.officer_person]),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&both), ["case_number", "officers.0.person_id"]);
    let users: Value = admin
        .get("/api/v1/users?limit=100")
        .await
        .json()
        .await
        .unwrap();
    let alpha_user = users["items"][0]["id"].as_str().unwrap();
    let status = beta_admin
        .put(
            &format!("/api/v1/users/{alpha_user}/uof-access"),
            &json!({ "reviewer": true }),
        )
        .await
        .status();
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A case number is the agency's own: Beta may use Alpha's, Alpha may not use it twice.
    assert_eq!(
        beta_admin
            .post("/api/v1/uof/incidents", &json!({ "case_number": "A-1" }))
            .await
            .status(),
        StatusCode::CREATED
    );
    let twice = problem(
        officer
            .post("/api/v1/uof/incidents", &json!({ "case_number": "A-1" }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&twice), ["case_number"]);
}

async fn an_agency_without_the_module_sees_none_of_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Plain").await;
    let admin = app.login(&agency.admin).await;
    let officer = app.login(&agency.officer).await;
    let id = Uuid::now_v7();
    for path in [
        "/api/v1/uof/incidents".to_owned(),
        format!("/api/v1/uof/incidents/{id}"),
        "/api/v1/uof/aggregates".into(),
        "/api/v1/uof/exports/federal".into(),
        "/api/v1/uof/exports/agency.csv".into(),
    ] {
        problem(admin.get(&path).await, StatusCode::NOT_FOUND).await;
    }
    problem(
        officer.post("/api/v1/uof/incidents", &json!({})).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        officer
            .post(
                &format!("/api/v1/uof/incidents/{id}/submit"),
                &json!({ "attest": true }),
            )
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(
        grant_review(&admin, &agency.supervisor, true)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let me = json_of(admin.get("/api/v1/me").await, StatusCode::OK).await;
    assert_eq!(me["uof_enabled"], false);
    assert_eq!(app.count("uof_incidents").await, 0);
}

async fn free_text_refuses_identifiers_and_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    enable_uof(&app, agency.id).await;
    let officer = app.login(&agency.officer).await;
    let base = incident("A-2", "2026-03-14", "minor", &[agency.officer_person]);
    let cases = [
        (
            "/narrative",
            json!("Subject DOB 04/12/1990 resisted"),
            "narrative",
            "date of birth",
        ),
        (
            "/narrative",
            json!("SSN 123-45-6789 on the card"),
            "narrative",
            "Social Security",
        ),
        (
            "/narrative",
            json!("Reached his mother at 612-555-0142"),
            "narrative",
            "phone",
        ),
        (
            "/narrative",
            json!("x".repeat(2001)),
            "narrative",
            "at most 2000",
        ),
        (
            "/offense",
            json!("Assault; DL# A1234567"),
            "offense",
            "identification number",
        ),
        (
            "/subjects/0/reference",
            json!("John Smith"),
            "subjects.0.reference",
            "letters, digits and hyphens",
        ),
        (
            "/subjects/0/age",
            json!("twenty"),
            "subjects[0].age",
            "invalid type",
        ),
        (
            "/subjects/0/force",
            json!(["baton"]),
            "subjects[0].force[0]",
            "unknown variant",
        ),
        (
            "/incident_date",
            json!("2099-01-01"),
            "incident_date",
            "must not be after",
        ),
    ];
    for (pointer, value, field, message) in cases {
        let mut body = base.clone();
        *body.pointer_mut(pointer).unwrap() = value;
        let refused = problem(
            officer.post("/api/v1/uof/incidents", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        let error = &refused["errors"][0];
        assert_eq!(error["field"], field, "{pointer}: {refused}");
        assert!(
            error["message"].as_str().unwrap().contains(message),
            "{pointer}: {refused}"
        );
    }
    assert_eq!(app.count("uof_incidents").await, 0);
    assert_eq!(app.count("uof_incident_officers").await, 0);
}

async fn exports_and_aggregates_follow_the_federal_elements(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    enable_uof(&app, agency.id).await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let settings = json!({ "at_risk_days": 90, "ori": "mn0270100" });
    json_of(
        admin
            .put("/api/v1/agencies/current/settings", &settings)
            .await,
        StatusCode::OK,
    )
    .await;
    let bad = problem(
        admin
            .put(
                "/api/v1/agencies/current/settings",
                &json!({ "at_risk_days": 90, "ori": "MN-1" }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), ["ori"]);
    // A second officer, hired 2015-05-01: ten whole years on 2026-03-14.
    let mut k9 = person_json("Kai", "Nguyen", "K9-7");
    k9["hire_date"] = json!("2015-05-01");
    k9["unit"] = json!("K9");
    let k9 = json_of(
        coordinator.post("/api/v1/people", &k9).await,
        StatusCode::CREATED,
    )
    .await;
    let k9 = Uuid::parse_str(k9["id"].as_str().unwrap()).unwrap();

    let mut shot = incident(
        "26-0001",
        "2026-03-14",
        "minor",
        &[agency.officer_person, k9],
    );
    shot["officers"][1]["discharged_firearm"] = json!(true);
    shot["officers"][1]["applied_force"] = json!(true);
    shot["subjects"][0]["force"] = json!(["firearm"]);
    let shot = submitted(&officer, &shot).await;
    submitted(
        &officer,
        &incident("26-0002", "2026-05-02", "minor", &[agency.officer_person]),
    )
    .await;
    // A qualifying draft is not yet a report.
    json_of(
        officer
            .post(
                "/api/v1/uof/incidents",
                &incident("26-0003", "2026-05-03", "death", &[k9]),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;

    grant_review(&admin, &agency.supervisor, true).await;
    let reviewer = app.login(&agency.supervisor).await;
    // The author sees his or her own training on the incident day, a reviewer everyone's.
    let path = format!("/api/v1/uof/incidents/{shot}");
    let seen = json_of(officer.get(&path).await, StatusCode::OK).await;
    assert_eq!(seen["training"].as_array().unwrap().len(), 1);
    assert_eq!(
        seen["training"][0]["person_id"],
        agency.officer_person.to_string()
    );
    let reviewed = json_of(reviewer.get(&path).await, StatusCode::OK).await;
    assert_eq!(reviewed["training"].as_array().unwrap().len(), 2);
    let range = "from=2026-01-01&to=2026-12-31";
    let federal = json_of(
        reviewer
            .get(&format!("/api/v1/uof/exports/federal?{range}"))
            .await,
        StatusCode::OK,
    )
    .await;
    let federal = federal.as_array().unwrap();
    assert_eq!(federal.len(), 1, "only the qualifying, submitted incident");
    assert_eq!(federal[0]["Action"], "Add");
    assert!(federal[0]["ActionTime"].as_str().unwrap().ends_with('Z'));
    let i = &federal[0]["Incident"];
    let expected = [
        ("agency_ori", json!("MN0270100")),
        ("agency_case_number", json!("26-0001")),
        ("incident_date", json!("03/14/2026")),
        ("incident_time", json!("23:40")),
        ("qualification_death", json!(false)),
        ("qualification_serious_bodily_injury", json!(false)),
        ("qualification_firearm_discharge", json!(true)),
        ("address", json!("1400 block of Main St")),
        ("location_type", json!("13")),
        ("contact_reason", json!("unlawful_suspicious_activity")),
        ("most_serious_offense", json!("Aggravated assault")),
        ("officers_approached", json!("yes")),
        ("ambush", json!("no")),
        ("supervisor_present", json!("no")),
        ("officers_applying_force_total", json!(3)),
        ("officers_applying_force_agency", json!(2)),
        ("subjects_died", json!(0)),
        ("subjects_seriously_injured", json!(0)),
    ];
    for (field, value) in expected {
        assert_eq!(i[field], value, "{field}");
    }
    let s = &i["subjects"][0];
    assert_eq!(
        (
            s["sequence"].clone(),
            s["sex"].clone(),
            s["race"].clone(),
            s["age"].clone(),
            s["force_types"].clone(),
            s["injuries"].clone()
        ),
        (
            json!(1),
            json!("male"),
            json!(["black"]),
            json!(27),
            json!(["firearm"]),
            json!(["minor"])
        )
    );
    assert_eq!(
        (s["height_feet"].clone(), s["height_inches"].clone()),
        (json!(6), json!(1))
    );
    assert_eq!(
        (s["impairment"].clone(), s["impairment_types"].clone()),
        (json!("yes"), json!(["alcohol"]))
    );
    assert!(
        s.get("reference").is_none() && !i.to_string().contains("P-20-1187"),
        "no records number"
    );
    let o = &i["officers"][1];
    assert_eq!(
        (
            o["sequence"].clone(),
            o["years_of_service"].clone(),
            o["discharged_firearm"].clone()
        ),
        (json!(2), json!(10), json!(true))
    );
    assert_eq!(
        i["officers"][0]["years_of_service"],
        Value::Null,
        "no hire date"
    );
    assert!(
        !i.to_string().contains("Nguyen") && !i.to_string().contains("K9-7"),
        "no names or badges"
    );

    let csv = reviewer
        .get(&format!("/api/v1/uof/exports/federal?{range}&format=csv"))
        .await;
    let rows = csv_rows(csv).await;
    assert_eq!(rows.len(), 4, "the incident, its subject, its two officers");
    assert_eq!(
        (
            rows[0]["segment"].as_str(),
            rows[0]["location_type"].as_str(),
            rows[0]["agency_ori"].as_str()
        ),
        ("incident", "13", "MN0270100")
    );
    assert_eq!(
        (
            rows[1]["segment"].as_str(),
            rows[1]["force_types"].as_str(),
            rows[1]["race"].as_str()
        ),
        ("subject", "firearm", "black")
    );
    assert_eq!(
        (
            rows[3]["segment"].as_str(),
            rows[3]["years_of_service"].as_str(),
            rows[3]["discharged_firearm"].as_str()
        ),
        ("officer", "10", "yes")
    );

    let rows = csv_rows(
        reviewer
            .get(&format!("/api/v1/uof/exports/agency.csv?{range}"))
            .await,
    )
    .await;
    assert_eq!(
        rows.len(),
        2,
        "two reports, a subject each; the draft left out"
    );
    assert_eq!(rows[0]["case_number"], "26-0001");
    assert_eq!(rows[0]["officers"], "Officer, Olive; Nguyen, Kai");
    assert_eq!(rows[0]["units"], "K9; Patrol");
    assert_eq!(rows[0]["subject_reference"], "P-20-1187");
    assert_eq!(
        (rows[0]["qualifies"].as_str(), rows[1]["qualifies"].as_str()),
        ("yes", "no")
    );

    let aggregates = json_of(
        reviewer
            .get("/api/v1/uof/aggregates?from=2026-03-01&to=2026-06-30")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (
            aggregates["incidents"].clone(),
            aggregates["qualifying"].clone()
        ),
        (json!(2), json!(1))
    );
    let counts = |key: &str| -> Vec<(String, u64)> {
        aggregates[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["key"].as_str().unwrap().to_owned(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        counts("by_month"),
        [
            ("2026-03".into(), 1),
            ("2026-04".into(), 0),
            ("2026-05".into(), 1),
            ("2026-06".into(), 0)
        ]
    );
    assert!(counts("by_force_type").contains(&("firearm".into(), 1)));
    assert!(counts("by_force_type").contains(&("hands_fists_feet".into(), 1)));
    assert!(counts("by_injury").contains(&("minor".into(), 2)));
    assert_eq!(counts("by_unit"), [("Patrol".into(), 2), ("K9".into(), 1)]);
    let backwards = problem(
        reviewer
            .get("/api/v1/uof/aggregates?from=2026-06-01&to=2026-01-01")
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&backwards), ["to"]);
}

async fn the_list_filters_incidents(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    enable_uof(&app, agency.id).await;
    let admin = app.login(&agency.admin).await;
    let officer = app.login(&agency.officer).await;
    let supervisor = app.login(&agency.supervisor).await;
    let serious = submitted(
        &officer,
        &incident(
            "F-1",
            "2026-03-14",
            "unconsciousness",
            &[agency.officer_person],
        ),
    )
    .await;
    let mut canine = incident("F-2", "2026-04-01", "minor", &[agency.supervisor_person]);
    canine["subjects"][0]["force"] = json!(["canine"]);
    let canine = submitted(&supervisor, &canine).await;
    grant_review(&admin, &agency.admin, true).await;
    let reviewer = app.login(&agency.admin).await;
    let ids = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let list = |query: &str| format!("/api/v1/uof/incidents?{query}");
    let page = json_of(reviewer.get(&list("")).await, StatusCode::OK).await;
    assert_eq!(
        ids(page.clone()),
        [canine.clone(), serious.clone()],
        "newest first"
    );
    assert_eq!(page["items"][1]["officers"], json!(["Officer, Olive"]));
    assert_eq!(
        page["items"][1]["force"],
        json!(["hands_fists_feet", "electronic_control_device"])
    );
    for (query, expected) in [
        ("qualifies=true", vec![serious.clone()]),
        ("qualifies=false", vec![canine.clone()]),
        ("force_type=canine", vec![canine.clone()]),
        (
            "force_type=electronic_control_device",
            vec![serious.clone()],
        ),
        (
            &format!("person_id={}", agency.officer_person) as &str,
            vec![serious.clone()],
        ),
        ("unit=Patrol", vec![canine.clone(), serious.clone()]),
        ("unit=K9", vec![]),
        ("from=2026-03-15", vec![canine.clone()]),
        ("to=2026-03-14", vec![serious.clone()]),
        ("status=submitted&limit=1", vec![canine.clone()]),
        ("status=closed", vec![]),
    ] {
        let page = json_of(reviewer.get(&list(query)).await, StatusCode::OK).await;
        assert_eq!(ids(page), expected, "{query}");
    }
    let first = json_of(reviewer.get(&list("limit=1")).await, StatusCode::OK).await;
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = json_of(
        reviewer
            .get(&list(&format!("limit=1&cursor={cursor}")))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(ids(second), [serious]);
    for (query, field) in [
        ("status=open", "status"),
        ("force_type=baton", "force_type"),
    ] {
        let refused = problem(
            reviewer.get(&list(query)).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&refused), [field]);
    }
}

/// The steps back to the schema before the counted columns.
fn before_the_counted_columns() -> u32 {
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let at = names
        .iter()
        .position(|n| n == "m20261207_000030_uof_counted_columns")
        .unwrap();
    (names.len() - at) as u32
}

/// An incident is counted once for each force type, injury and unit it has, however many of
/// its subjects or officers share it; officers are named in the document's order. Incidents
/// written before the columns that count them existed answer the same once migrated.
async fn counts_and_officers_order_hold_for_incidents_written_before_their_columns(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    enable_uof(&app, agency.id).await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let mut k9 = person_json("Kai", "Nguyen", "K9-7");
    k9["unit"] = json!("K9");
    let k9 = json_of(
        coordinator.post("/api/v1/people", &k9).await,
        StatusCode::CREATED,
    )
    .await;
    let k9 = Uuid::parse_str(k9["id"].as_str().unwrap()).unwrap();
    let loner = json_of(
        coordinator
            .post("/api/v1/people", &person_json("Lee", "Alone", "L-1"))
            .await,
        StatusCode::CREATED,
    )
    .await;
    let loner = Uuid::parse_str(loner["id"].as_str().unwrap()).unwrap();

    // Listed after the officer added later: the document's order, not the roster's.
    let mut two = incident("M-1", "2026-03-14", "minor", &[k9, agency.officer_person]);
    two["subjects"] = json!([subject("minor"), subject("unconsciousness")]);
    submitted(&officer, &two).await;
    let mut canine = incident("M-2", "2026-03-20", "minor", &[loner]);
    canine["subjects"][0]["force"] = json!(["canine"]);
    submitted(&officer, &canine).await;
    json_of(
        officer
            .post(
                "/api/v1/uof/incidents",
                &incident("M-3", "2026-03-21", "death", &[loner]),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    grant_review(&admin, &agency.admin, true).await;
    let reviewer = app.login(&agency.admin).await;

    let range = "from=2026-03-01&to=2026-03-31";
    let read = || async {
        let list = json_of(reviewer.get("/api/v1/uof/incidents").await, StatusCode::OK).await;
        let aggregates = json_of(
            reviewer
                .get(&format!("/api/v1/uof/aggregates?{range}"))
                .await,
            StatusCode::OK,
        )
        .await;
        let agency_csv = csv_rows(
            reviewer
                .get(&format!("/api/v1/uof/exports/agency.csv?{range}"))
                .await,
        )
        .await;
        let federal_csv = csv_rows(
            reviewer
                .get(&format!("/api/v1/uof/exports/federal?{range}&format=csv"))
                .await,
        )
        .await;
        (list, aggregates, agency_csv, federal_csv)
    };
    let before = read().await;
    let (list, aggregates, agency_csv, federal_csv) = &before;
    let m1 = &list["items"][2];
    assert_eq!(m1["case_number"], "M-1");
    assert_eq!(m1["officers"], json!(["Nguyen, Kai", "Officer, Olive"]));
    assert_eq!(m1["subjects"], 2);
    assert_eq!(
        m1["force"],
        json!(["hands_fists_feet", "electronic_control_device"])
    );
    assert_eq!(list["items"][1]["case_number"], "M-2");
    assert_eq!(list["items"][0]["status"], "draft");
    let counts = |key: &str| -> Vec<(String, u64)> {
        aggregates[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["count"] != 0)
            .map(|c| {
                (
                    c["key"].as_str().unwrap().to_owned(),
                    c["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        (
            aggregates["incidents"].clone(),
            aggregates["qualifying"].clone()
        ),
        (json!(2), json!(1)),
        "the draft left out"
    );
    assert_eq!(counts("by_month"), [("2026-03".into(), 2)]);
    assert_eq!(
        counts("by_force_type"),
        [
            ("hands_fists_feet".into(), 1),
            ("electronic_control_device".into(), 1),
            ("canine".into(), 1)
        ]
    );
    assert_eq!(
        counts("by_injury"),
        [("unconsciousness".into(), 1), ("minor".into(), 2)]
    );
    assert_eq!(
        counts("by_unit"),
        [
            ("K9".into(), 1),
            ("No unit".into(), 1),
            ("Patrol".into(), 1)
        ]
    );
    assert_eq!(agency_csv.len(), 3, "a row per subject");
    assert_eq!(agency_csv[0]["officers"], "Nguyen, Kai; Officer, Olive");
    assert_eq!(
        (
            agency_csv[0]["subject"].as_str(),
            agency_csv[1]["subject"].as_str()
        ),
        ("1", "2")
    );
    let segments: Vec<&str> = federal_csv.iter().map(|r| r["segment"].as_str()).collect();
    assert_eq!(
        segments,
        ["incident", "subject", "subject", "officer", "officer"],
        "M-1 only: M-2 does not qualify"
    );

    Migrator::down(&app.db, Some(before_the_counted_columns()))
        .await
        .unwrap();
    Migrator::up(&app.db, None).await.unwrap();
    assert_eq!(read().await, before);
}
