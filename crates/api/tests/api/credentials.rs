//! Custom credentials: types, awards, credentials earned through training, and how a lapse
//! changes the verdict.

use confitrek_types::ComplianceStatus;
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::{Date, Duration};
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    credential_types_and_awards_round_trip,
    a_lapsed_credential_turns_a_person_non_compliant_and_a_renewal_makes_him_compliant,
    officers_and_supervisors_see_only_the_credentials_they_may,
    bad_credential_input_is_refused_naming_the_field_and_nothing_is_written,
    another_agency_s_credentials_are_not_found_and_not_touched,
);

fn taser(validity: Option<i64>) -> Value {
    json!({ "code": "taser_x2", "name": "TASER X2 user", "validity_months": validity })
}

fn id_of(body: &Value) -> String {
    body["id"].as_str().unwrap().to_owned()
}

async fn created(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// The agency's today, as the server sees it.
pub async fn today(api: &Api) -> Date {
    let agency: Value = api
        .get("/api/v1/agencies/current")
        .await
        .json()
        .await
        .unwrap();
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(agency["today"].as_str().unwrap(), format).unwrap()
}

async fn credentials_of(api: &Api, person: Uuid) -> Vec<Value> {
    let response = api
        .get(&format!("/api/v1/credentials?person_id={person}"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn credential_types_and_awards_round_trip(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;

    let kind = created(api.post("/api/v1/credential-types", &taser(Some(12))).await).await;
    assert_eq!(kind["code"], "taser_x2");
    assert_eq!(kind["validity_months"], 12);
    assert_eq!(
        kind["renewed_by"],
        json!({ "course_ids": [], "events": [] })
    );
    let listed: Value = api
        .get("/api/v1/credential-types")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed, json!([kind]));

    // The expiry follows from the validity: the day before the same date a year later.
    let award = created(
        api.post(
            "/api/v1/credentials",
            &json!({
                "person_id": agency.officer_person, "credential_type_id": kind["id"],
                "issued_on": "2026-01-31", "note": "Initial certification"
            }),
        )
        .await,
    )
    .await;
    assert_eq!(award["expires_on"], "2027-01-30");
    assert_eq!(award["source"], "awarded");
    assert_eq!(award["credential_type_name"], "TASER X2 user");
    // Given, the expiry is kept as given; a type that never expires gives none.
    let given = created(
        api.post(
            "/api/v1/credentials",
            &json!({
                "person_id": agency.officer_person, "credential_type_id": kind["id"],
                "issued_on": "2025-01-15", "expires_on": "2025-06-30"
            }),
        )
        .await,
    )
    .await;
    assert_eq!(given["expires_on"], "2025-06-30");
    assert_eq!(given["standing"], "expired");

    let list = credentials_of(&api, agency.officer_person).await;
    let ids: Vec<&str> = list.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [award["id"].as_str().unwrap(), given["id"].as_str().unwrap()],
        "newest first"
    );

    // Renamed, and made to never expire.
    let path = format!("/api/v1/credential-types/{}", id_of(&kind));
    let renamed: Value = api
        .put(
            &path,
            &json!({ "code": "taser_x2", "name": "TASER X2 carrier" }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(renamed["name"], "TASER X2 carrier");
    assert_eq!(renamed["validity_months"], Value::Null);

    // A type with awards stays until they are taken back.
    let in_use = problem(api.delete(&path).await, StatusCode::CONFLICT).await;
    assert!(in_use["detail"].as_str().unwrap().contains("awarded 2"));
    for c in [&award, &given] {
        let gone = api
            .delete(&format!("/api/v1/credentials/{}", id_of(c)))
            .await;
        assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    }
    assert_eq!(app.count("credentials").await, 0);
    assert_eq!(api.delete(&path).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count("credential_types").await, 0);
}

/// A civilian, so that only the agency's own requirement judges him.
async fn civilian(api: &Api, badge: &str) -> Uuid {
    let mut body = person_json("Casey", "Clerk", badge);
    body["kind"] = json!("civilian");
    body["hire_date"] = json!("2015-03-02");
    let made = created(api.post("/api/v1/people", &body).await).await;
    Uuid::parse_str(&id_of(&made)).unwrap()
}

fn result<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["requirement_id"] == id)
        .unwrap_or_else(|| panic!("{id} in {report}"))
}

async fn a_lapsed_credential_turns_a_person_non_compliant_and_a_renewal_makes_him_compliant(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let today = today(&api).await;
    let person = civilian(&api, "C-1").await;

    let course = created(
        api.post(
            "/api/v1/courses",
            &json!({ "title": "TASER X2 recertification", "delivery": "in_person", "hours": { "use_of_force": 4 } }),
        )
        .await,
    )
    .await;
    let mut kind = taser(Some(12));
    kind["renewed_by"] = json!({ "course_ids": [course["id"]] });
    let kind = created(api.post("/api/v1/credential-types", &kind).await).await;
    let requirement = json!({
        "id": "agency.taser", "title": "TASER X2 user", "citations": ["Lakeview Policy 300.4"],
        "period": { "kind": "at_all_times" },
        "measure": { "kind": "credential", "credential_type": "taser_x2" }
    });
    created(api.post("/api/v1/requirements", &requirement).await).await;
    created(
        api.post(
            "/api/v1/profiles",
            &json!({ "name": "TASER carriers", "requirement_codes": ["agency.taser"], "assignment": { "kind": "people", "people": [person] } }),
        )
        .await,
    )
    .await;

    let report = || async {
        api.get(&format!("/api/v1/people/{person}/compliance"))
            .await
            .json::<Value>()
            .await
            .unwrap()
    };
    // The stored verdict (what dashboards read) must follow each write at once.
    let stored = || async {
        confitrek_api::db::compliance::snapshot_of(
            &app.db,
            confitrek_api::db::AgencyScope::new(agency.id),
            person,
        )
        .await
        .unwrap()
        .unwrap()
        .status
    };
    assert_eq!(report().await["status"], "non_compliant", "never held");

    // Issued 13 months ago: lapsed a month ago.
    let lapsed_on = today - Duration::days(400);
    let old = created(
        api.post(
            "/api/v1/credentials",
            &json!({ "person_id": person, "credential_type_id": kind["id"], "issued_on": lapsed_on.to_string() }),
        )
        .await,
    )
    .await;
    assert_eq!(old["standing"], "expired");
    let lapsed = report().await;
    assert_eq!(lapsed["status"], "non_compliant");
    let taser = result(&lapsed, "agency.taser");
    assert_eq!(taser["status"], "overdue");
    assert_eq!(
        taser["due"], old["expires_on"],
        "the shortfall dates from the expiry"
    );
    assert_eq!(stored().await, ComplianceStatus::NonCompliant);

    // Renewed today: compliant, the renewal counted.
    let renewal = created(
        api.post(
            "/api/v1/credentials",
            &json!({ "person_id": person, "credential_type_id": kind["id"], "issued_on": today.to_string() }),
        )
        .await,
    )
    .await;
    let renewed = report().await;
    assert_eq!(renewed["status"], "compliant", "{renewed}");
    assert_eq!(
        result(&renewed, "agency.taser")["counted"],
        json!([renewal["id"]])
    );
    assert_eq!(stored().await, ComplianceStatus::Compliant);

    // The renewal taken back: lapsed again.
    let gone = api
        .delete(&format!("/api/v1/credentials/{}", id_of(&renewal)))
        .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(report().await["status"], "non_compliant");
    assert_eq!(stored().await, ComplianceStatus::NonCompliant);

    // Attending the renewing course earns it: no award needed.
    let record = created(
        api.post(
            "/api/v1/training-records",
            &json!({ "person_id": person, "course_id": course["id"], "completed_on": (today - Duration::days(3)).to_string() }),
        )
        .await,
    )
    .await;
    let earned = report().await;
    assert_eq!(earned["status"], "compliant", "{earned}");
    assert_eq!(
        result(&earned, "agency.taser")["counted"],
        json!([record["id"]])
    );
    assert_eq!(stored().await, ComplianceStatus::Compliant);
    let list = credentials_of(&api, person).await;
    assert_eq!(list[0]["source"], "training");
    assert_eq!(list[0]["training_record_id"], record["id"]);
    assert_eq!(list[0]["standing"], "current");
    // It is no award: there is nothing to take back.
    problem(
        api.delete(&format!("/api/v1/credentials/{}", id_of(&record)))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn officers_and_supervisors_see_only_the_credentials_they_may(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let supervisor = app.login(&agency.supervisor).await;
    let kind = created(
        coordinator
            .post("/api/v1/credential-types", &taser(Some(24)))
            .await,
    )
    .await;
    let elsewhere = app
        .seed_person(
            agency.id,
            "Ira",
            "Investigator",
            "I-1",
            Some("Investigations"),
        )
        .await;
    for person in [agency.officer_person, elsewhere] {
        created(
            coordinator
                .post(
                    "/api/v1/credentials",
                    &json!({ "person_id": person, "credential_type_id": kind["id"], "issued_on": "2026-02-01" }),
                )
                .await,
        )
        .await;
    }

    // An officer reads his or her own, by default or by id; nobody else's.
    let own: Vec<Value> = officer
        .get("/api/v1/credentials")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["person_id"], json!(agency.officer_person));
    assert_eq!(
        credentials_of(&officer, agency.officer_person).await.len(),
        1
    );
    for person in [agency.supervisor_person, elsewhere] {
        problem(
            officer
                .get(&format!("/api/v1/credentials?person_id={person}"))
                .await,
            StatusCode::NOT_FOUND,
        )
        .await;
    }
    // A supervisor reads the unit's, not other units'.
    assert_eq!(
        credentials_of(&supervisor, agency.officer_person)
            .await
            .len(),
        1
    );
    problem(
        supervisor
            .get(&format!("/api/v1/credentials?person_id={elsewhere}"))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // Neither awards, takes back, or defines credentials.
    let before = app.count("credentials").await;
    for api in [&officer, &supervisor] {
        problem(
            api.post(
                "/api/v1/credentials",
                &json!({ "person_id": agency.officer_person, "credential_type_id": kind["id"], "issued_on": "2026-03-01" }),
            )
            .await,
            StatusCode::FORBIDDEN,
        )
        .await;
        problem(
            api.delete(&format!(
                "/api/v1/credentials/{}",
                own[0]["id"].as_str().unwrap()
            ))
            .await,
            StatusCode::FORBIDDEN,
        )
        .await;
        let mut other = taser(Some(12));
        other["code"] = json!("k9_handler");
        problem(
            api.post("/api/v1/credential-types", &other).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    assert_eq!(app.count("credentials").await, before);
    assert_eq!(app.count("credential_types").await, 1);
    // Everyone in the agency may read the types (to read his or her own credentials).
    let types: Vec<Value> = officer
        .get("/api/v1/credential-types")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(types.len(), 1);
}

async fn bad_credential_input_is_refused_naming_the_field_and_nothing_is_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let other = app.seed_agency("Beta").await;
    let api = app.login(&agency.coordinator).await;
    let today = today(&api).await;

    let bad = json!({
        "code": "TASER X2", "name": " ", "validity_months": 0,
        "renewed_by": { "course_ids": [Uuid::now_v7()], "events": ["parade"] }
    });
    let refused = problem(
        api.post("/api/v1/credential-types", &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(
        fields(&refused),
        [
            "code",
            "name",
            "validity_months",
            "renewed_by.events.0",
            "renewed_by.course_ids.0"
        ]
    );
    assert!(
        refused["errors"][3]["message"]
            .as_str()
            .unwrap()
            .contains("firearms_qualification"),
        "names the events there are: {refused}"
    );
    let typo = problem(
        api.post(
            "/api/v1/credential-types",
            &json!({ "code": "taser_x2", "name": "TASER", "validity_months": "twelve" }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&typo), ["validity_months"]);
    assert_eq!(app.count("credential_types").await, 0);

    let kind = created(api.post("/api/v1/credential-types", &taser(Some(12))).await).await;
    assert_eq!(
        fields(
            &problem(
                api.post("/api/v1/credential-types", &taser(None)).await,
                StatusCode::UNPROCESSABLE_ENTITY
            )
            .await
        ),
        ["code"],
        "a code already in use"
    );

    let tomorrow = (today + Duration::days(1)).to_string();
    let cases = [
        (
            json!({ "person_id": agency.officer_person, "credential_type_id": kind["id"], "issued_on": tomorrow }),
            vec!["issued_on"],
        ),
        (
            json!({ "person_id": agency.officer_person, "credential_type_id": kind["id"], "issued_on": "2026-03-01", "expires_on": "2026-02-28" }),
            vec!["expires_on"],
        ),
        (
            json!({ "person_id": other.officer_person, "credential_type_id": Uuid::now_v7(), "issued_on": "2026-03-01" }),
            vec!["person_id", "credential_type_id"],
        ),
        (
            json!({ "person_id": agency.officer_person, "credential_type_id": kind["id"], "issued_on": "March 1" }),
            vec!["issued_on"],
        ),
        (
            json!({ "person_id": agency.officer_person, "credential_type_id": kind["id"], "issued_on": "2026-03-01", "note": "SSN 123-45-6789" }),
            vec!["note"],
        ),
        (
            json!({ "credential_type_id": kind["id"], "issued_on": "2026-03-01" }),
            vec!["person_id"],
        ),
    ];
    for (body, expected) in cases {
        let refused = problem(
            api.post("/api/v1/credentials", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&refused), expected, "{body}");
    }
    assert_eq!(app.count("credentials").await, 0);

    // An agency requirement may count only the agency's own credential types.
    let requirement = json!({
        "id": "agency.k9", "title": "K9 handler", "citations": ["Policy 312"],
        "period": { "kind": "at_all_times" },
        "measure": { "kind": "credential", "credential_type": "k9_handler" }
    });
    let refused = problem(
        api.post("/api/v1/requirements", &requirement).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), ["measure.credential_type"]);
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("taser_x2")
    );
    // Nor take the name of the agency's policies' requirements.
    let mut named_like_a_policy = requirement.clone();
    named_like_a_policy["id"] = json!("policy.k9");
    named_like_a_policy["measure"]["credential_type"] = json!("taser_x2");
    assert_eq!(
        fields(
            &problem(
                api.post("/api/v1/requirements", &named_like_a_policy).await,
                StatusCode::UNPROCESSABLE_ENTITY
            )
            .await
        ),
        ["id"]
    );
    assert_eq!(app.count("agency_requirements").await, 0);

    // A type a requirement counts keeps its code and stays.
    let mut counted = requirement.clone();
    counted["measure"]["credential_type"] = json!("taser_x2");
    created(api.post("/api/v1/requirements", &counted).await).await;
    let path = format!("/api/v1/credential-types/{}", id_of(&kind));
    let mut renamed = taser(Some(12));
    renamed["code"] = json!("taser_7");
    assert_eq!(
        fields(
            &problem(
                api.put(&path, &renamed).await,
                StatusCode::UNPROCESSABLE_ENTITY
            )
            .await
        ),
        ["code"]
    );
    let kept = problem(api.delete(&path).await, StatusCode::CONFLICT).await;
    assert!(kept["detail"].as_str().unwrap().contains("agency.k9"));
    let listed: Vec<Value> = api
        .get("/api/v1/credential-types")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["code"], "taser_x2");
}

async fn another_agency_s_credentials_are_not_found_and_not_touched(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let ours = app.login(&alpha.coordinator).await;
    let theirs = app.login(&beta.coordinator).await;
    let kind = created(
        ours.post("/api/v1/credential-types", &taser(Some(12)))
            .await,
    )
    .await;
    let award = created(
        ours.post(
            "/api/v1/credentials",
            &json!({ "person_id": alpha.officer_person, "credential_type_id": kind["id"], "issued_on": "2026-02-01" }),
        )
        .await,
    )
    .await;

    let listed: Vec<Value> = theirs
        .get("/api/v1/credential-types")
        .await
        .json()
        .await
        .unwrap();
    assert!(listed.is_empty());
    problem(
        theirs
            .get(&format!(
                "/api/v1/credentials?person_id={}",
                alpha.officer_person
            ))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let type_path = format!("/api/v1/credential-types/{}", id_of(&kind));
    problem(
        theirs.put(&type_path, &taser(Some(1))).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(theirs.delete(&type_path).await, StatusCode::NOT_FOUND).await;
    problem(
        theirs
            .delete(&format!("/api/v1/credentials/{}", id_of(&award)))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    // Our type for their officer, or their type for ours: neither exists for them.
    let refused = problem(
        theirs
            .post(
                "/api/v1/credentials",
                &json!({ "person_id": beta.officer_person, "credential_type_id": kind["id"], "issued_on": "2026-02-01" }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), ["credential_type_id"]);
    assert_eq!(app.count("credentials").await, 1);
    let unchanged: Vec<Value> = ours
        .get("/api/v1/credential-types")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unchanged[0]["validity_months"], 12);
}
