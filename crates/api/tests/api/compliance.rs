//! Rule sets and verdicts through the API: the report, snapshots, publishing a version,
//! waivers, and who may see what.

use confitrek_api::db::AgencyScope;
use confitrek_api::db::compliance::{NewTrainingRecord, insert_record};
use confitrek_domain::permissions::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    jurisdictions_list_their_rules_with_sources_and_unconfirmed_marks,
    a_report_counts_the_records_and_explains_the_gap,
    a_snapshot_is_stored_with_every_write_to_the_person,
    a_published_version_binds_from_the_next_cycle_and_history_stays,
    waivers_change_the_verdict_and_only_coordinators_record_them,
    the_history_shows_a_missed_cycle_made_up_late_and_counts_each_hour_once,
);

/// A Minnesota officer on the 2023–2026 cycle whose history in ConfiTrek starts with it.
async fn mn_officer(app: &TestApp, api: &Api, badge: &str) -> Uuid {
    let mut body = person_json("Dana", "Lindqvist", badge);
    body["hire_date"] = json!("2015-05-01");
    body["license_cycle_start"] = json!("2023-07-01");
    body["license_cycle_end"] = json!("2026-06-30");
    body["history_from"] = json!("2023-07-01");
    let created = api.post("/api/v1/people", &body).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let _ = app;
    Uuid::parse_str(
        created.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap(),
    )
    .unwrap()
}

async fn record(app: &TestApp, agency: Uuid, person: Uuid, on: time::Date, minutes: Value) {
    let new = NewTrainingRecord {
        person_id: person,
        completed_on: on,
        title: "In-service".into(),
        minutes_by_topic: minutes,
        events: json!([]),
    };
    insert_record(&app.db, AgencyScope::new(agency), new)
        .await
        .unwrap();
}

fn requirement<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["requirement_id"] == id)
        .unwrap()
}

async fn jurisdictions_list_their_rules_with_sources_and_unconfirmed_marks(backend: Backend) {
    let app = spawn_app(backend).await;
    let list: Value = app
        .client
        .get(app.url("/api/v1/jurisdictions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["IN", "MN", "OH", "OR"]);

    let mn: Value = app
        .client
        .get(app.url("/api/v1/jurisdictions/mn"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mn["version"], 1);
    let total = mn["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "mn.ce.total")
        .unwrap();
    assert_eq!(total["measure"], "48.0 hours in total");
    assert_eq!(total["period"], "per 3-year licence cycle ending June 30");
    assert!(
        total["citations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "MN-1" && c["title"].as_str().unwrap().contains("6700.1000"))
    );
    assert!(
        mn["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["unconfirmed"].is_string())
    );
    assert_eq!(
        mn["versions"],
        json!([{ "version": 1, "effective_from": "2018-07-01", "published": false }])
    );
    problem(
        app.client
            .get(app.url("/api/v1/jurisdictions/XX"))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn a_report_counts_the_records_and_explains_the_gap(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let dana = mn_officer(&app, &api, "B-1").await;
    record(
        &app,
        agency.id,
        dana,
        date!(2024 - 05 - 01),
        json!({ "general": 2400, "crisis_intervention": 120 }),
    )
    .await;
    record(
        &app,
        agency.id,
        dana,
        date!(2026 - 06 - 30),
        json!({ "crisis_intervention": 120 }),
    )
    .await;

    let path = format!("/api/v1/people/{dana}/compliance");
    let report: Value = api
        .get(&format!("{path}?as_of=2026-01-15"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["jurisdiction"], "MN");
    let total = requirement(&report, "mn.ce.total");
    assert_eq!(
        (total["earned"].as_f64(), total["required"].as_f64()),
        (Some(42.0), Some(48.0))
    );
    assert_eq!(
        total["explanation"],
        "needs 6.0 more hours of continuing education by 2026-06-30"
    );
    assert_eq!(total["due"], "2026-06-30");
    assert_eq!(total["counted"].as_array().unwrap().len(), 1);
    assert!(total["citations"][0]["title"].is_string());

    // On the deadline day the record of that day counts; the day after, the gap is overdue.
    let deadline: Value = api
        .get(&format!("{path}?as_of=2026-06-30"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        requirement(&deadline, "mn.ce.total")["earned"].as_f64(),
        Some(44.0)
    );
    let after: Value = api
        .get(&format!("{path}?as_of=2026-07-01"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["status"], "non_compliant");
    assert_eq!(requirement(&after, "mn.ce.total")["status"], "overdue");

    let bad = problem(
        api.get(&format!("{path}?as_of=2026-02-30")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), ["as_of"]);

    // An officer reads his own report, not another's.
    let officer = app.login(&agency.officer).await;
    assert_eq!(
        officer
            .get(&format!(
                "/api/v1/people/{}/compliance",
                agency.officer_person
            ))
            .await
            .status(),
        StatusCode::OK
    );
    problem(officer.get(&path).await, StatusCode::NOT_FOUND).await;
    let other = app.seed_agency("Beta").await;
    let intruder = app.login(&other.admin).await;
    problem(intruder.get(&path).await, StatusCode::NOT_FOUND).await;
}

async fn a_snapshot_is_stored_with_every_write_to_the_person(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let before = app.count("compliance_snapshots").await;
    let dana = mn_officer(&app, &api, "B-1").await;
    assert_eq!(app.count("compliance_snapshots").await, before + 1);
    let snapshot =
        confitrek_api::db::compliance::snapshot_of(&app.db, AgencyScope::new(agency.id), dana)
            .await
            .unwrap()
            .unwrap();
    let report: Value = api
        .get(&format!("/api/v1/people/{dana}/compliance"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(snapshot.report, report);
    assert_eq!(
        snapshot.as_of,
        confitrek_api::clock::today_in("America/Chicago"),
        "the agency's today"
    );

    // Deactivated, the person needs only what applies to inactive licensees.
    let done = api
        .post(&format!("/api/v1/people/{dana}/deactivate"), &json!({}))
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    let snapshot =
        confitrek_api::db::compliance::snapshot_of(&app.db, AgencyScope::new(agency.id), dana)
            .await
            .unwrap()
            .unwrap();
    let stored: Value = snapshot.report;
    let crisis = requirement(&stored, "mn.mlo.crisis_intervention");
    assert_eq!(crisis["status"], "not_applicable");
}

fn mn_document(version: u32, effective_from: &str, total_hours: u32) -> Value {
    let text = include_str!("../../../../rules/mn.toml")
        .replacen("version = 1", &format!("version = {version}"), 1)
        .replacen(
            "effective_from = \"2018-07-01\"",
            &format!("effective_from = \"{effective_from}\""),
            1,
        )
        .replacen(
            "minimum_hours = 48",
            &format!("minimum_hours = {total_hours}"),
            1,
        );
    let doc: toml::Value = toml::from_str(&text).unwrap();
    serde_json::to_value(doc).unwrap()
}

async fn a_published_version_binds_from_the_next_cycle_and_history_stays(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    app.seed_user(None, "operator@platform.test", Role::PlatformOperator, None)
        .await;
    let operator = app.login("operator@platform.test").await;
    let coordinator = app.login(&agency.coordinator).await;
    let dana = mn_officer(&app, &coordinator, "B-1").await;

    let refused = problem(
        coordinator
            .post(
                "/api/v1/jurisdictions/MN/versions",
                &mn_document(2, "2025-01-01", 60),
            )
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(refused["status"], 403);
    let mut broken = mn_document(2, "2025-01-01", 60);
    broken["requirements"][0]["citations"] = json!(["NOWHERE-1"]);
    let broken = problem(
        operator
            .post("/api/v1/jurisdictions/MN/versions", &broken)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&broken), ["requirements.mn.ce.total.citations"]);
    assert!(
        broken["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("NOWHERE-1")
    );
    let stale = problem(
        operator
            .post(
                "/api/v1/jurisdictions/MN/versions",
                &mn_document(1, "2025-01-01", 60),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&stale), ["version"]);
    let elsewhere = problem(
        operator
            .post(
                "/api/v1/jurisdictions/OH/versions",
                &mn_document(2, "2025-01-01", 60),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&elsewhere), ["jurisdiction"]);

    let published = operator
        .post(
            "/api/v1/jurisdictions/mn/versions",
            &mn_document(2, "2025-01-01", 60),
        )
        .await;
    assert_eq!(published.status(), StatusCode::CREATED);
    let now: Value = app
        .client
        .get(app.url("/api/v1/jurisdictions/MN?as_of=2025-02-01"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now["version"], 2);
    assert_eq!(now["versions"].as_array().unwrap().len(), 2);
    let old: Value = app
        .client
        .get(app.url("/api/v1/jurisdictions/MN/versions/1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(old["rules"][0]["measure"], "48.0 hours in total");

    // Dana's cycle began under version 1 and keeps it; the next cycle is judged by version 2.
    let path = format!("/api/v1/people/{dana}/compliance");
    let current: Value = coordinator
        .get(&format!("{path}?as_of=2026-01-15"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        requirement(&current, "mn.ce.total")["required"].as_f64(),
        Some(48.0)
    );
    let next: Value = coordinator
        .get(&format!("{path}?as_of=2026-07-01"))
        .await
        .json()
        .await
        .unwrap();
    let total = requirement(&next, "mn.ce.total");
    assert_eq!(
        total["status"], "overdue",
        "the closed cycle's 48 hours are still missing"
    );
    assert_eq!(total["required"].as_f64(), Some(48.0));
}

async fn waivers_change_the_verdict_and_only_coordinators_record_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let dana = mn_officer(&app, &coordinator, "B-1").await;
    let path = format!("/api/v1/people/{dana}/waivers");
    let waiver = json!({
        "requirement_id": "mn.ce.total", "period_due": "2026-06-30", "effect": { "kind": "exempt" },
        "reason": "Military leave", "approved_by": "Chief Avery Brooks"
    });

    let officer = app.login(&agency.officer).await;
    problem(officer.post(&path, &waiver).await, StatusCode::FORBIDDEN).await;
    let mut bad = waiver.clone();
    bad["effect"] = json!({ "kind": "reduce_hours", "hours": -4 });
    bad["reason"] = json!(" ");
    let bad = problem(
        coordinator.post(&path, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), ["effect.hours", "reason"]);
    let mut pii = waiver.clone();
    pii["reason"] = json!("SSN 123-45-6789 on file");
    assert_eq!(
        fields(
            &problem(
                coordinator.post(&path, &pii).await,
                StatusCode::UNPROCESSABLE_ENTITY
            )
            .await
        ),
        ["reason"]
    );
    let refusals = [
        (json!({ "requirement_id": "mn.nope" }), "requirement_id"),
        (json!({ "period_due": "2026-06-29" }), "period_due"),
        (json!({ "requirement_id": "mn.evoc" }), "period_due"),
        (
            json!({ "effect": { "kind": "extend_days", "days": 0 } }),
            "effect.days",
        ),
    ];
    for (change, field) in refusals {
        let mut body = waiver.clone();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let refused = problem(
            coordinator.post(&path, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&refused), [field], "{body}");
    }
    assert_eq!(app.count("waivers").await, 0);

    let created = coordinator.post(&path, &waiver).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let twice = problem(
        coordinator.post(&path, &waiver).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&twice), ["period_due"]);
    let listed: Value = coordinator.get(&path).await.json().await.unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let report: Value = coordinator
        .get(&format!(
            "/api/v1/people/{dana}/compliance?as_of=2026-07-01"
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        requirement(&report, "mn.ce.total")["status"],
        "pending",
        "the waived cycle is not overdue"
    );
    let during: Value = coordinator
        .get(&format!(
            "/api/v1/people/{dana}/compliance?as_of=2026-03-01"
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(requirement(&during, "mn.ce.total")["status"], "waived");

    let other = app.seed_agency("Beta").await;
    let intruder = app.login(&other.coordinator).await;
    problem(intruder.post(&path, &waiver).await, StatusCode::NOT_FOUND).await;
}

/// The 2023–2026 cycle ended eight hours short; two later records made it up, and only the
/// two hours left over count toward the cycle that began on July 1, 2026.
async fn the_history_shows_a_missed_cycle_made_up_late_and_counts_each_hour_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let dana = mn_officer(&app, &api, "B-1").await;
    let mlo = json!({
        "general": 40 * 60 - 16 * 60, "crisis_intervention": 9 * 60, "conflict_management": 60,
        "community_diversity": 60, "autism": 4 * 60, "crimes_motivated_by_bias": 60,
    });
    record(&app, agency.id, dana, date!(2024 - 05 - 01), mlo).await;
    for (on, hours) in [(date!(2026 - 07 - 10), 5), (date!(2026 - 08 - 01), 5)] {
        record(&app, agency.id, dana, on, json!({ "general": hours * 60 })).await;
    }

    let path = format!("/api/v1/people/{dana}/compliance/history");
    let history: Value = api
        .get(&format!("{path}?from=2023-07-01"))
        .await
        .json()
        .await
        .unwrap();
    let total: Vec<&Value> = history["periods"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["requirement_id"] == "mn.ce.total")
        .collect();
    assert_eq!(total.len(), 2, "{history:#}");
    let missed = total[0];
    assert_eq!(missed["due"], "2026-06-30");
    assert_eq!(missed["verdict"], "made_up_late");
    assert_eq!(missed["shortfall_hours"], 8.0);
    assert_eq!(missed["made_up_on"], "2026-08-01");
    assert_eq!(missed["made_up_by"].as_array().unwrap().len(), 2);
    assert_eq!(missed["outstanding_hours"], 0.0);
    assert_eq!(
        missed["explanation"],
        "missed on 2026-06-30, 8.0 hours short; made up late on 2026-08-01"
    );
    let current = total[1];
    assert_eq!(current["verdict"], "in_progress");
    assert_eq!(current["hours_by_deadline"], 2.0, "each hour counts once");
    assert!(history["missed"].as_u64().unwrap() >= 1);
    assert!(history["made_up"].as_u64().unwrap() >= 1);

    // The report of today agrees: the new cycle holds the two hours left over.
    let report: Value = api
        .get(&format!("/api/v1/people/{dana}/compliance"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(requirement(&report, "mn.ce.total")["earned"], 2.0);

    // The transcript lists the missed deadline and how it was put right.
    let transcript = crate::reports::pdf_text(
        api.get(&format!("/api/v1/people/{dana}/transcript?format=pdf"))
            .await,
    )
    .await;
    for expected in [
        "Missed deadlines from",
        "1 made up",
        "2026-06-30",
        "2026-08-01",
    ] {
        assert!(
            transcript.contains(expected),
            "{expected:?} in the transcript"
        );
    }

    // So does the agency's compliance report, per person in the CSV and listed in the PDF.
    let rows =
        crate::helpers::csv_rows(api.get("/api/v1/reports/compliance?format=csv").await).await;
    let mine: Vec<_> = rows
        .iter()
        .filter(|r| r["person_id"] == dana.to_string())
        .collect();
    assert!(!mine.is_empty());
    for row in &mine {
        assert_eq!(row["missed_deadlines"], history["missed"].to_string());
        assert_eq!(row["made_up_late"], history["made_up"].to_string());
    }
    let report =
        crate::reports::pdf_text(api.get("/api/v1/reports/compliance?format=pdf").await).await;
    for expected in ["Missed deadlines from", "made up", "2026-08-01"] {
        assert!(report.contains(expected), "{expected:?} in the report");
    }

    // Dates outside what the engine judges, or a range back to front, are refused at once.
    for (query, field) in [
        ("from=9999-01-01", "from"),
        ("to=1899-12-31", "to"),
        ("from=2026-01-01&to=2025-01-01", "from"),
    ] {
        let refused = problem(
            api.get(&format!("{path}?{query}")).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&refused), [field], "{query}");
    }
    // Another agency's coordinator does not see the person at all.
    let beta = app.seed_agency("Beta").await;
    let stranger = app.login(&beta.coordinator).await;
    problem(stranger.get(&path).await, StatusCode::NOT_FOUND).await;
}
