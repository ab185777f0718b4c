//! Policies: versions, assignment, acknowledgement by the person himself or herself, the
//! progress a coordinator follows, and how a new version changes the verdict.

use confitrek_domain::permissions::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::Duration;
use uuid::Uuid;

use crate::both_databases;
use crate::credentials::today;
use crate::helpers::*;

both_databases!(
    a_policy_is_published_acknowledged_and_its_progress_followed,
    a_new_version_puts_an_acknowledged_person_at_risk_until_acknowledged_again,
    nobody_acknowledges_for_someone_else_and_only_the_training_office_writes_policies,
    bad_policy_input_is_refused_naming_the_field_and_nothing_is_written,
    another_agency_s_policies_are_not_found_and_not_touched,
);

fn pursuit(assignment: Value) -> Value {
    json!({ "code": "vehicle_pursuit", "title": "Vehicle pursuit policy", "due_days": 14, "assignment": assignment })
}

const V1: &str = "4.2 Vehicle pursuits\n\nOfficers may pursue only for a violent felony.";
const V2: &str = "4.2 Vehicle pursuits\n\nOfficers may pursue only for a violent felony, with a supervisor's approval.";

async fn created(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

fn id_of(body: &Value) -> String {
    body["id"].as_str().unwrap().to_owned()
}

async fn json_of(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn publish(api: &Api, policy: &Value, content: &str) -> Value {
    created(
        api.post(
            &format!("/api/v1/policies/{}/versions", id_of(policy)),
            &json!({ "content": content }),
        )
        .await,
    )
    .await
}

async fn acknowledge(api: &Api, version: &Value) -> reqwest::Response {
    api.post(
        "/api/v1/acknowledgements",
        &json!({ "policy_version_id": version["id"], "attest": true }),
    )
    .await
}

fn result<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["requirement_id"] == id)
        .unwrap_or_else(|| panic!("{id} in {report}"))
}

async fn a_policy_is_published_acknowledged_and_its_progress_followed(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let today = today(&coordinator).await;

    let policy = created(
        coordinator
            .post("/api/v1/policies", &pursuit(json!({ "kind": "officers" })))
            .await,
    )
    .await;
    assert_eq!(policy["current_version"], Value::Null);
    let detail = json_of(
        coordinator
            .get(&format!("/api/v1/policies/{}", id_of(&policy)))
            .await,
    )
    .await;
    assert_eq!(
        detail["progress"],
        Value::Null,
        "nothing to acknowledge yet"
    );

    let v1 = publish(&coordinator, &policy, &format!("\n{V1}\n")).await;
    assert_eq!(v1["version"], 1);
    assert_eq!(
        v1["content"], V1,
        "kept as written, blank lines around it trimmed"
    );
    assert_eq!(v1["published_on"], today.to_string());
    assert_eq!(v1["content_sha256"].as_str().unwrap().len(), 64);

    let listed = json_of(coordinator.get("/api/v1/policies").await).await;
    assert_eq!(listed[0]["current_version"], 1);
    let detail = json_of(
        coordinator
            .get(&format!("/api/v1/policies/{}", id_of(&policy)))
            .await,
    )
    .await;
    assert_eq!(detail["versions"][0]["id"], v1["id"]);
    let progress = &detail["progress"];
    assert_eq!(progress["version"], 1);
    assert_eq!(
        progress["assigned"], 2,
        "the two officers: the sergeant and Olive"
    );
    assert_eq!(progress["acknowledged"], 0);
    let pending: Vec<&str> = progress["pending"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(pending, ["Officer, Olive", "Sergeant, Sam"]);

    // The officer reads it among his or her policies, due in 14 days, and acknowledges it.
    let mine = json_of(
        officer
            .get(&format!(
                "/api/v1/people/{}/policies",
                agency.officer_person
            ))
            .await,
    )
    .await;
    assert_eq!(mine[0]["status"], "pending");
    assert_eq!(mine[0]["current"]["content"], V1);
    assert_eq!(mine[0]["due"], (today + Duration::days(14)).to_string());
    let report_path = format!("/api/v1/people/{}/compliance", agency.officer_person);
    let before = json_of(officer.get(&report_path).await).await;
    assert_eq!(
        result(&before, "policy.vehicle_pursuit")["status"],
        "at_risk"
    );

    let made = created(acknowledge(&officer, &v1).await).await;
    assert_eq!(made["person_id"], json!(agency.officer_person));
    assert_eq!(made["version"], 1);
    assert_eq!(made["content_sha256"], v1["content_sha256"]);
    assert_eq!(made["ip"], "127.0.0.1");
    assert_eq!(
        made["attestation"],
        "I have read and understood Vehicle pursuit policy, version 1."
    );
    let after = json_of(officer.get(&report_path).await).await;
    let met = result(&after, "policy.vehicle_pursuit");
    assert_eq!(met["status"], "met");
    assert_eq!(met["counted"], json!([made["id"]]));
    assert_eq!(
        met["citations"][0]["title"],
        "Vehicle pursuit policy, version 1"
    );

    let mine = json_of(
        officer
            .get(&format!(
                "/api/v1/people/{}/policies",
                agency.officer_person
            ))
            .await,
    )
    .await;
    assert_eq!(mine[0]["status"], "acknowledged");
    assert_eq!(mine[0]["acknowledgement"]["id"], made["id"]);
    let acknowledgements = json_of(officer.get("/api/v1/acknowledgements").await).await;
    assert_eq!(acknowledgements.as_array().unwrap().len(), 1);
    for field in [
        "id",
        "policy_version_id",
        "content_sha256",
        "attestation",
        "ip",
    ] {
        assert_eq!(acknowledgements[0][field], made[field], "{field}");
    }
    let detail = json_of(
        coordinator
            .get(&format!("/api/v1/policies/{}", id_of(&policy)))
            .await,
    )
    .await;
    assert_eq!(detail["progress"]["acknowledged"], 1);
    assert_eq!(detail["progress"]["pending"][0]["name"], "Sergeant, Sam");

    // Twice is once too many.
    let again = problem(acknowledge(&officer, &v1).await, StatusCode::CONFLICT).await;
    assert!(
        again["detail"]
            .as_str()
            .unwrap()
            .contains("already acknowledged")
    );
    assert_eq!(app.count("acknowledgements").await, 1);
}

async fn a_new_version_puts_an_acknowledged_person_at_risk_until_acknowledged_again(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    // A civilian dispatcher with a login: only the policy judges him.
    let mut body = person_json("Dale", "Dispatcher", "D-1");
    body["kind"] = json!("civilian");
    body["unit"] = json!("Dispatch");
    let person = created(coordinator.post("/api/v1/people", &body).await).await;
    let person_id = Uuid::parse_str(&id_of(&person)).unwrap();
    app.seed_user(
        Some(agency.id),
        "dale@alpha.test",
        Role::Officer,
        Some(person_id),
    )
    .await;
    let dale = app.login("dale@alpha.test").await;
    let report_path = format!("/api/v1/people/{person_id}/compliance");

    let policy = created(
        coordinator
            .post(
                "/api/v1/policies",
                &pursuit(json!({ "kind": "units", "units": ["Dispatch"] })),
            )
            .await,
    )
    .await;
    let v1 = publish(&coordinator, &policy, V1).await;
    assert_eq!(
        json_of(dale.get(&report_path).await).await["status"],
        "at_risk"
    );
    created(acknowledge(&dale, &v1).await).await;
    assert_eq!(
        json_of(dale.get(&report_path).await).await["status"],
        "compliant"
    );

    let v2 = publish(&coordinator, &policy, V2).await;
    assert_eq!(v2["version"], 2);
    let report = json_of(dale.get(&report_path).await).await;
    assert_eq!(report["status"], "at_risk", "{report}");
    let owed = result(&report, "policy.vehicle_pursuit");
    assert_eq!(owed["status"], "at_risk");
    assert!(
        owed["explanation"]
            .as_str()
            .unwrap()
            .starts_with("needs an acknowledgement of Vehicle pursuit policy by"),
        "{owed}"
    );
    // The stored verdict follows the publication at once.
    let stored = confitrek_api::db::compliance::snapshot_of(
        &app.db,
        confitrek_api::db::AgencyScope::new(agency.id),
        person_id,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(stored.status, confitrek_types::ComplianceStatus::AtRisk);

    // The old version no longer counts and may not be acknowledged again.
    let stale = problem(
        acknowledge(&dale, &v1).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&stale), ["policy_version_id"]);
    assert!(
        stale["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("version 2")
    );
    created(acknowledge(&dale, &v2).await).await;
    assert_eq!(
        json_of(dale.get(&report_path).await).await["status"],
        "compliant"
    );
    let acknowledged = json_of(dale.get("/api/v1/acknowledgements").await).await;
    let versions: Vec<i64> = acknowledged
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, [2, 1], "newest first");

    // Taken out of the assignment, he owes it nothing.
    let others = json_of(
        coordinator
            .put(
                &format!("/api/v1/policies/{}", id_of(&policy)),
                &pursuit(json!({ "kind": "officers" })),
            )
            .await,
    )
    .await;
    assert_eq!(others["current_version"], 2);
    let report = json_of(dale.get(&report_path).await).await;
    assert!(
        report["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["requirement_id"] != "policy.vehicle_pursuit")
    );
    let mine = json_of(
        dale.get(&format!("/api/v1/people/{person_id}/policies"))
            .await,
    )
    .await;
    assert_eq!(mine, json!([]));
}

async fn nobody_acknowledges_for_someone_else_and_only_the_training_office_writes_policies(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let supervisor = app.login(&agency.supervisor).await;
    let policy = created(
        coordinator
            .post("/api/v1/policies", &pursuit(json!({ "kind": "everyone" })))
            .await,
    )
    .await;
    let v1 = publish(&coordinator, &policy, V1).await;

    // For someone else: refused, whoever asks.
    for (api, person) in [
        (&officer, agency.supervisor_person),
        (&supervisor, agency.officer_person),
        (&coordinator, agency.officer_person),
    ] {
        problem(
            api.post(
                "/api/v1/acknowledgements",
                &json!({ "policy_version_id": v1["id"], "attest": true, "person_id": person }),
            )
            .await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    // A login that is no person on the roster has nothing to acknowledge.
    problem(acknowledge(&coordinator, &v1).await, StatusCode::FORBIDDEN).await;
    assert_eq!(app.count("acknowledgements").await, 0);
    // Naming oneself is fine.
    created(
        officer
            .post(
                "/api/v1/acknowledgements",
                &json!({ "policy_version_id": v1["id"], "attest": true, "person_id": agency.officer_person }),
            )
            .await,
    )
    .await;

    // Officers and supervisors neither write nor publish policies.
    let path = format!("/api/v1/policies/{}", id_of(&policy));
    for api in [&officer, &supervisor] {
        let mut other = pursuit(json!({ "kind": "everyone" }));
        other["code"] = json!("body_cameras");
        problem(
            api.post("/api/v1/policies", &other).await,
            StatusCode::FORBIDDEN,
        )
        .await;
        problem(api.put(&path, &other).await, StatusCode::FORBIDDEN).await;
        problem(
            api.post(&format!("{path}/versions"), &json!({ "content": V2 }))
                .await,
            StatusCode::FORBIDDEN,
        )
        .await;
        problem(api.delete(&path).await, StatusCode::FORBIDDEN).await;
    }
    assert_eq!(app.count("policies").await, 1);
    assert_eq!(app.count("policy_versions").await, 1);

    // Officers read their own acknowledgements and policies only; supervisors their unit's.
    for path in [
        format!(
            "/api/v1/acknowledgements?person_id={}",
            agency.supervisor_person
        ),
        format!("/api/v1/people/{}/policies", agency.supervisor_person),
    ] {
        problem(officer.get(&path).await, StatusCode::NOT_FOUND).await;
    }
    let unit = json_of(
        supervisor
            .get(&format!(
                "/api/v1/acknowledgements?person_id={}",
                agency.officer_person
            ))
            .await,
    )
    .await;
    assert_eq!(unit.as_array().unwrap().len(), 1);
    let elsewhere = app
        .seed_person(
            agency.id,
            "Ira",
            "Investigator",
            "I-1",
            Some("Investigations"),
        )
        .await;
    problem(
        supervisor
            .get(&format!("/api/v1/people/{elsewhere}/policies"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // The progress a supervisor sees counts the unit only; the coordinator's, everyone.
    let seen = json_of(supervisor.get(&path).await).await;
    assert_eq!(seen["progress"]["assigned"], 2);
    assert_eq!(seen["progress"]["acknowledged"], 1);
    let all = json_of(coordinator.get(&path).await).await;
    assert_eq!(all["progress"]["assigned"], 3);

    // A policy with acknowledgements is evidence: it stays.
    let kept = problem(coordinator.delete(&path).await, StatusCode::CONFLICT).await;
    assert!(
        kept["detail"]
            .as_str()
            .unwrap()
            .contains("1 acknowledgement")
    );
}

async fn bad_policy_input_is_refused_naming_the_field_and_nothing_is_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let other = app.seed_agency("Beta").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;

    let cases = [
        (
            json!({ "code": "Pursuit 4.2", "title": " ", "due_days": 0, "assignment": { "kind": "everyone" } }),
            vec!["code", "title", "due_days"],
        ),
        (
            json!({ "code": "pursuit", "title": "Pursuit", "due_days": 14, "assignment": { "kind": "role_flags", "role_flags": ["chief"] } }),
            vec!["assignment.role_flags.0"],
        ),
        (
            json!({ "code": "pursuit", "title": "Pursuit", "due_days": 14, "assignment": { "kind": "people", "people": [other.officer_person] } }),
            vec!["assignment.people.0"],
        ),
        (
            json!({ "code": "pursuit", "title": "Pursuit", "due_days": 400, "assignment": { "kind": "everyone" } }),
            vec!["due_days"],
        ),
        (
            json!({ "code": "pursuit", "title": "Pursuit", "due_days": 14 }),
            vec!["assignment"],
        ),
        (
            json!({ "code": "pursuit", "title": "Pursuit", "due_days": 14, "assignment": { "kind": "everyone" }, "content": "x" }),
            vec!["content"],
        ),
    ];
    for (body, expected) in cases {
        let refused = problem(
            coordinator.post("/api/v1/policies", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&refused), expected, "{body}");
    }
    assert_eq!(app.count("policies").await, 0);

    let policy = created(
        coordinator
            .post("/api/v1/policies", &pursuit(json!({ "kind": "everyone" })))
            .await,
    )
    .await;
    assert_eq!(
        fields(
            &problem(
                coordinator
                    .post("/api/v1/policies", &pursuit(json!({ "kind": "officers" })))
                    .await,
                StatusCode::UNPROCESSABLE_ENTITY
            )
            .await
        ),
        ["code"],
        "a code already in use"
    );
    let versions = format!("/api/v1/policies/{}/versions", id_of(&policy));
    for content in [json!(" \n "), json!("bell\u{7}")] {
        let refused = problem(
            coordinator
                .post(&versions, &json!({ "content": content }))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&refused), ["content"]);
    }
    let v1 = publish(&coordinator, &policy, V1).await;
    let same = problem(
        coordinator.post(&versions, &json!({ "content": V1 })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        fields(&same),
        ["content"],
        "the same text is no new version"
    );
    assert_eq!(app.count("policy_versions").await, 1);

    let cases = [
        (
            json!({ "policy_version_id": v1["id"], "attest": false }),
            vec!["attest"],
        ),
        (json!({ "policy_version_id": v1["id"] }), vec!["attest"]),
        (
            json!({ "policy_version_id": Uuid::now_v7(), "attest": true }),
            vec!["policy_version_id"],
        ),
        (
            json!({ "policy_version_id": "version one", "attest": true }),
            vec!["policy_version_id"],
        ),
    ];
    for (body, expected) in cases {
        let refused = problem(
            officer.post("/api/v1/acknowledgements", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&refused), expected, "{body}");
    }
    // A policy not assigned to the officer is not the officer's to acknowledge.
    let mut cameras = pursuit(json!({ "kind": "units", "units": ["Investigations"] }));
    cameras["code"] = json!("body_cameras");
    let cameras = created(coordinator.post("/api/v1/policies", &cameras).await).await;
    let theirs = publish(&coordinator, &cameras, "Record every contact.").await;
    let refused = problem(
        acknowledge(&officer, &theirs).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), ["policy_version_id"]);
    assert_eq!(app.count("acknowledgements").await, 0);
}

async fn another_agency_s_policies_are_not_found_and_not_touched(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let ours = app.login(&alpha.coordinator).await;
    let theirs = app.login(&beta.coordinator).await;
    let their_officer = app.login(&beta.officer).await;
    let policy = created(
        ours.post("/api/v1/policies", &pursuit(json!({ "kind": "everyone" })))
            .await,
    )
    .await;
    let v1 = publish(&ours, &policy, V1).await;
    let path = format!("/api/v1/policies/{}", id_of(&policy));

    assert_eq!(
        json_of(theirs.get("/api/v1/policies").await).await,
        json!([])
    );
    problem(theirs.get(&path).await, StatusCode::NOT_FOUND).await;
    problem(
        theirs
            .put(&path, &pursuit(json!({ "kind": "officers" })))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        theirs
            .post(&format!("{path}/versions"), &json!({ "content": V2 }))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(theirs.delete(&path).await, StatusCode::NOT_FOUND).await;
    problem(
        theirs
            .get(&format!("/api/v1/people/{}/policies", alpha.officer_person))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        theirs
            .get(&format!(
                "/api/v1/acknowledgements?person_id={}",
                alpha.officer_person
            ))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let refused = problem(
        acknowledge(&their_officer, &v1).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), ["policy_version_id"]);
    assert_eq!(app.count("acknowledgements").await, 0);
    assert_eq!(app.count("policy_versions").await, 1);
    let unchanged = json_of(ours.get(&path).await).await;
    assert_eq!(
        unchanged["policy"]["assignment"],
        json!({ "kind": "everyone" })
    );
}
