//! State reports through the API: each prepared from the agency's records and checked field
//! by field against its layout (CSV parsed back, PDF text read), its life (prepared,
//! reviewed, marked transmitted, with the refused steps), new versions that say what
//! changed while downloads keep what was prepared, due dates, tenancy and the audit trail.

use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;
use crate::reports::pdf_text;

both_databases!(
    an_ohio_roster_is_prepared_reviewed_and_transmitted_field_by_field,
    a_report_prepared_again_says_what_changed_and_downloads_keep_what_was_prepared,
    indiana_lists_both_due_dates_and_its_report_shows_the_suspension,
    an_oregon_f6_roster_lists_the_attendees_of_a_session,
    a_minnesota_affidavit_leaves_the_learning_assessment_empty_and_says_so,
    another_states_report_is_refused_and_another_agencys_report_is_not_found,
    every_step_and_every_download_is_audited,
    an_ohio_reimbursement_asks_for_the_computed_figure_and_its_money_shows_in_the_roi,
    a_minnesota_reimbursement_application_is_prepared_for_a_fiscal_year,
    the_office_is_reminded_before_the_application_is_due_until_it_is_transmitted,
);

/// An agency of `state` with a login per role.
async fn agency_of(app: &TestApp, name: &str, state: &str) -> Agency {
    use confitrek_api::db::entity::agency;
    let seeded = app.seed_agency(name).await;
    agency::Entity::update_many()
        .col_expr(agency::Column::StateCode, Expr::value(state))
        .filter(agency::Column::Id.eq(seeded.id))
        .exec(&app.db)
        .await
        .unwrap();
    seeded
}

async fn officer(api: &Api, first: &str, last: &str, badge: &str, more: Value) -> Uuid {
    let mut body = person_json(first, last, badge);
    body["license_number"] = json!(format!("L-{badge}"));
    body["hire_date"] = json!("2015-03-01");
    body["certified_on"] = json!("2015-06-01");
    for (k, v) in more.as_object().unwrap() {
        body[k] = v.clone();
    }
    let response = api.post("/api/v1/people", &body).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{body}");
    let body: Value = response.json().await.unwrap();
    Uuid::parse_str(body["id"].as_str().unwrap()).unwrap()
}

async fn record(api: &Api, person: Uuid, on: &str, hours: Value, events: Value) {
    let body = json!({ "person_id": person, "title": "In-service", "completed_on": on, "hours": hours, "events": events });
    let response = api.post("/api/v1/training-records", &body).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{body}");
}

async fn json_of(response: reqwest::Response, status: StatusCode) -> Value {
    let got = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(got, status, "{body}");
    body
}

async fn prepare(api: &Api, body: Value) -> Value {
    json_of(
        api.post("/api/v1/state-reports", &body).await,
        StatusCode::CREATED,
    )
    .await
}

fn id(v: &Value) -> &str {
    v["id"].as_str().unwrap()
}

/// The rows of a CSV download, and its header row in order.
async fn csv_with_header(
    response: reqwest::Response,
) -> (Vec<String>, Vec<std::collections::HashMap<String, String>>) {
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_ref());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

fn by_badge<'a>(
    rows: &'a [std::collections::HashMap<String, String>],
    badge: &str,
) -> &'a std::collections::HashMap<String, String> {
    rows.iter().find(|r| r["badge"] == badge).unwrap()
}

/// Ohio, 2023: Avery complete and requalified, Blake short in legal updates, Casey in the
/// academy year; the seeded supervisor and officer have no hours.
async fn ohio(app: &TestApp) -> (Agency, Api, Uuid) {
    let agency = agency_of(app, "Buckeye", "OH").await;
    let api = app.login(&agency.coordinator).await;
    let avery = officer(&api, "Pat", "Avery", "1042", json!({})).await;
    record(
        &api,
        avery,
        "2023-03-01",
        json!({ "school_threat_safety": 3, "legal_updates": 3, "arrest_search_seizure": 2 }),
        json!([]),
    )
    .await;
    record(
        &api,
        avery,
        "2023-06-01",
        json!({ "general": 16 }),
        json!([]),
    )
    .await;
    record(
        &api,
        avery,
        "2023-09-01",
        json!({}),
        json!(["firearms_requalification"]),
    )
    .await;
    let blake = officer(
        &api,
        "Lee",
        "Blake",
        "1043",
        json!({ "role_flags": ["part_time"] }),
    )
    .await;
    record(&api, blake, "2023-05-01", json!({ "school_threat_safety": 3, "legal_updates": 2, "arrest_search_seizure": 2, "general": 17 }), json!([])).await;
    officer(&api, "Jo", "Casey", "1044", json!({ "role_flags": ["reserve"], "hire_date": "2023-01-09", "certified_on": "2023-04-01" })).await;
    (agency, api, avery)
}

const OHIO_2023: [&str; 14] = [
    "last_name",
    "first_name",
    "badge",
    "opotc_number",
    "appointment_type",
    "hours_school_threat_safety",
    "hours_legal_updates",
    "hours_arrest_search_seizure",
    "hours_general",
    "hours_total",
    "hours_required",
    "cpt_complete",
    "academy_year_exempt",
    "firearms_requalified_on",
];

async fn an_ohio_roster_is_prepared_reviewed_and_transmitted_field_by_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let (agency, api, _) = ohio(&app).await;

    let report = prepare(&api, json!({ "kind": "oh_cpt_roster", "year": 2023 })).await;
    assert_eq!(report["status"], "prepared");
    assert_eq!(report["version"], 1);
    assert_eq!(report["period"], "2023");
    assert_eq!(report["rows"], 5, "three officers and the seeded two");
    assert_eq!(report["changes"], json!([]));
    assert_eq!(report["prepared_by"], agency.coordinator);
    assert_eq!(report["snapshot_sha256"].as_str().unwrap().len(), 64);
    let keys: Vec<&str> = report["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, OHIO_2023);
    let badge = &report["columns"][2];
    assert_eq!(badge["citations"], json!([]));
    assert!(badge["unconfirmed"].as_str().unwrap().contains("badge"));

    // The CSV: the layout's keys, then every field of every row.
    let path = format!("/api/v1/state-reports/{}/download", id(&report));
    let (header, rows) = csv_with_header(api.get(&format!("{path}?format=csv")).await).await;
    assert_eq!(header, OHIO_2023);
    assert_eq!(rows.len(), 5);
    let expect = |badge: &str, fields: &[(&str, &str)]| {
        let row = by_badge(&rows, badge);
        for (k, v) in fields {
            assert_eq!(row[*k], *v, "{badge} {k}");
        }
    };
    expect(
        "1042",
        &[
            ("last_name", "Avery"),
            ("first_name", "Pat"),
            ("badge", "1042"),
            ("opotc_number", "L-1042"),
            ("appointment_type", "full-time"),
            ("hours_school_threat_safety", "3.0"),
            ("hours_legal_updates", "3.0"),
            ("hours_arrest_search_seizure", "2.0"),
            ("hours_general", "16.0"),
            ("hours_total", "24.0"),
            ("hours_required", "24.0"),
            ("cpt_complete", "yes"),
            ("academy_year_exempt", "no"),
            ("firearms_requalified_on", "2023-09-01"),
        ],
    );
    expect(
        "1043",
        &[
            ("last_name", "Blake"),
            ("first_name", "Lee"),
            ("opotc_number", "L-1043"),
            ("appointment_type", "part-time"),
            ("hours_school_threat_safety", "3.0"),
            ("hours_legal_updates", "2.0"),
            ("hours_arrest_search_seizure", "2.0"),
            ("hours_general", "17.0"),
            ("hours_total", "24.0"),
            ("hours_required", "24.0"),
            ("cpt_complete", "no"),
            ("academy_year_exempt", "no"),
            ("firearms_requalified_on", ""),
        ],
    );
    expect(
        "1044",
        &[
            ("last_name", "Casey"),
            ("appointment_type", "reserve"),
            ("hours_total", "0.0"),
            ("cpt_complete", "exempt"),
            ("academy_year_exempt", "yes"),
        ],
    );
    let olive = rows.iter().find(|r| r["last_name"] == "Officer").unwrap();
    for (k, v) in [
        ("opotc_number", ""),
        ("hours_total", "0.0"),
        ("cpt_complete", "no"),
    ] {
        assert_eq!(olive[k], v, "the seeded officer's {k}");
    }

    // The PDF: the facts with their sources, the table, every column's source.
    let text = pdf_text(api.get(&path).await).await;
    for expected in [
        "Annual Continuing Professional Training (CPT) roster",
        "Calendar year 2023",
        "Due: 2024-01-31 [OH-7, OH-8, OH-15; unconfirmed: ORC 109.761(B)",
        "Version 1 as prepared on",
        "Avery",
        "L-1042",
        "full-time",
        "24.0",
        "2023-09-01",
        "exempt",
        "part-time",
        "Columns and their sources",
        "OPOTC certificate number",
        "opotc_number",
        "Firearms requalification (not counted)",
        "OH-15, OH-16",
    ] {
        assert!(
            text.contains(expected),
            "the PDF lacks {expected:?}:\n{text}"
        );
    }

    // Its life: not transmitted before review; reviewed once; transmitted once.
    let step = |s: &str| format!("/api/v1/state-reports/{}/{s}", id(&report));
    let early = problem(
        api.post(&step("transmitted"), &json!({ "method": "portal" }))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        early["detail"].as_str().unwrap().contains("prepared"),
        "{early}"
    );
    let long = "x".repeat(2001);
    let bad = problem(
        api.post(&step("review"), &json!({ "note": long })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), ["note"]);
    let reviewed = json_of(
        api.post(
            &step("review"),
            &json!({ "note": "Checked against the sign-in sheets." }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(reviewed["status"], "reviewed");
    assert_eq!(
        reviewed["review_note"],
        "Checked against the sign-in sheets."
    );
    assert_eq!(reviewed["reviewed_by"], agency.coordinator);
    problem(
        api.post(&step("review"), &json!({})).await,
        StatusCode::CONFLICT,
    )
    .await;
    let bad = problem(
        api.post(&step("transmitted"), &json!({ "method": "pigeon" }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(!bad.to_string().is_empty());
    let admin = app.login(&agency.admin).await;
    let sent = json_of(
        admin
            .post(
                &step("transmitted"),
                &json!({ "method": "portal", "reference": "OPOTC-2024-0117" }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(sent["status"], "transmitted");
    assert_eq!(sent["transmitted_via"], "portal");
    assert_eq!(sent["transmission_reference"], "OPOTC-2024-0117");
    assert_eq!(sent["transmitted_by"], agency.admin);
    assert!(sent["transmitted_at"].is_string());
    problem(
        api.post(&step("transmitted"), &json!({ "method": "email" }))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    // A roster asks for no money: nothing is received.
    let none = problem(
        api.post(
            &step("received"),
            &json!({ "amount_received_cents": 100, "received_on": "2024-02-01" }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&none), ["amount_received_cents"]);
    let got = json_of(
        api.get(&format!("/api/v1/state-reports/{}", id(&report)))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(got["status"], "transmitted");
    assert_eq!(got["reviewed_by"], agency.coordinator);
}

async fn a_report_prepared_again_says_what_changed_and_downloads_keep_what_was_prepared(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (_, api, avery) = ohio(&app).await;
    let v1 = prepare(&api, json!({ "kind": "oh_cpt_roster", "year": 2023 })).await;
    // Training found later, and a new officer on the roster.
    record(
        &api,
        avery,
        "2023-11-20",
        json!({ "general": 4 }),
        json!([]),
    )
    .await;
    officer(
        &api,
        "Ray",
        "Dunn",
        "1050",
        json!({ "hire_date": "2020-01-01" }),
    )
    .await;
    let v2 = prepare(&api, json!({ "kind": "oh_cpt_roster", "year": 2023 })).await;
    assert_eq!(v2["version"], 2);
    assert_eq!(
        v2["changes"],
        json!([
            "Officer 1042: General CPT hours 16.0 → 20.0",
            "Officer 1042: Total CPT hours 24.0 → 28.0",
            "Officer 1050: added",
        ])
    );
    assert_ne!(v1["snapshot_sha256"], v2["snapshot_sha256"]);
    // Prepared again with nothing new: a third version that changed nothing.
    let v3 = prepare(&api, json!({ "kind": "oh_cpt_roster", "year": 2023 })).await;
    assert_eq!(v3["changes"], json!([]));
    assert_eq!(v3["snapshot_sha256"], v2["snapshot_sha256"]);

    // Version 1 downloads as it was prepared; the preview shows today's data.
    let (_, old) = csv_with_header(
        api.get(&format!(
            "/api/v1/state-reports/{}/download?format=csv",
            id(&v1)
        ))
        .await,
    )
    .await;
    assert_eq!(by_badge(&old, "1042")["hours_total"], "24.0");
    assert!(old.iter().all(|r| r["badge"] != "1050"));
    let (_, live) = csv_with_header(
        api.get("/api/v1/state-reports/preview?kind=oh_cpt_roster&year=2023&format=csv")
            .await,
    )
    .await;
    assert_eq!(by_badge(&live, "1042")["hours_total"], "28.0");
    assert_eq!(by_badge(&live, "1050")["hours_total"], "0.0");
    let preview = pdf_text(
        api.get("/api/v1/state-reports/preview?kind=oh_cpt_roster&year=2023")
            .await,
    )
    .await;
    assert!(preview.contains("Preview of the data as of"), "{preview}");

    // Only the newest version moves on.
    let old_review = problem(
        api.post(
            &format!("/api/v1/state-reports/{}/review", id(&v1)),
            &json!({}),
        )
        .await,
        StatusCode::CONFLICT,
    )
    .await;
    assert!(
        old_review["detail"]
            .as_str()
            .unwrap()
            .contains("replaced by version 3"),
        "{old_review}"
    );
    let list = json_of(api.get("/api/v1/state-reports").await, StatusCode::OK).await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["version"], 3, "newest first");
    assert_eq!(items[0]["superseded"], false);
    assert_eq!(items[2]["superseded"], true);
    // Pages.
    let page = json_of(
        api.get("/api/v1/state-reports?limit=2").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let cursor = page["next_cursor"].as_str().unwrap();
    let rest = json_of(
        api.get(&format!("/api/v1/state-reports?limit=2&cursor={cursor}"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(rest["items"][0]["version"], 1);
    assert!(rest["next_cursor"].is_null());

    // Bounds: a year out of range, a session for an annual report; nothing is written.
    let before = app.count("state_reports").await;
    let bad = problem(
        api.post(
            "/api/v1/state-reports",
            &json!({ "kind": "oh_cpt_roster", "year": 1999 }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), ["year"]);
    let bad = problem(
        api.post(
            "/api/v1/state-reports",
            &json!({ "kind": "oh_cpt_roster", "year": 9999 }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), ["year"]);
    let bad = problem(
        api.post("/api/v1/state-reports", &json!({ "kind": "oh_cpt_roster" }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), ["year"]);
    let bad = problem(
        api.post(
            "/api/v1/state-reports",
            &json!({ "kind": "oh_cpt_roster", "year": 2023, "session_id": Uuid::now_v7() }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), ["session_id"]);
    let bad = problem(
        api.get("/api/v1/state-reports?limit=500").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), ["limit"]);
    assert_eq!(app.count("state_reports").await, before);
}

async fn indiana_lists_both_due_dates_and_its_report_shows_the_suspension(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = agency_of(&app, "Hoosier", "IN").await;
    let api = app.login(&agency.coordinator).await;
    let list = json_of(api.get("/api/v1/state-reports").await, StatusCode::OK).await;
    assert_eq!(list["state_code"], "IN");
    let kinds = list["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 1);
    let kind = &kinds[0];
    assert_eq!(kind["kind"], "in_inservice_report");
    assert_eq!(kind["period"], "calendar_year");
    let year = kind["next_year"].as_i64().unwrap();
    let today = app.clock.today_in("America/Chicago");
    let due = kind["due"].as_array().unwrap();
    assert_eq!(
        due.len(),
        2,
        "January 31 (ILEA, the 2024 rule) and March 31 (the statute)"
    );
    let jan =
        time::Date::from_calendar_date(i32::try_from(year).unwrap() + 1, time::Month::January, 31)
            .unwrap();
    let mar =
        time::Date::from_calendar_date(i32::try_from(year).unwrap() + 1, time::Month::March, 31)
            .unwrap();
    assert_eq!(due[0]["date"], jan.to_string());
    assert_eq!(due[0]["days_left"], (jan - today).whole_days());
    assert_eq!(due[0]["citations"], json!(["IN-12", "IN-2", "IN-3"]));
    assert!(due[0]["unconfirmed"].is_string());
    assert_eq!(due[1]["date"], mar.to_string());
    assert_eq!(due[1]["citations"], json!(["IN-11"]));
    assert!(due[1]["unconfirmed"].is_string());

    let short = officer(
        &api,
        "Kim",
        "Short",
        "2002",
        json!({ "role_flags": ["reserve"] }),
    )
    .await;
    record(
        &api,
        short,
        "2024-04-01",
        json!({ "firearms": 2, "general": 10 }),
        json!([]),
    )
    .await;
    let report = prepare(&api, json!({ "kind": "in_inservice_report", "year": 2024 })).await;
    let (header, rows) = csv_with_header(
        api.get(&format!(
            "/api/v1/state-reports/{}/download?format=csv",
            id(&report)
        ))
        .await,
    )
    .await;
    assert_eq!(
        header,
        [
            "last_name",
            "first_name",
            "badge",
            "licence_number",
            "appointment_type",
            "hours_firearms",
            "hours_vehicle_operations",
            "hours_defensive_tactics",
            "hours_mental_illness_addiction_disabilities",
            "hours_autism_dementia_missing_persons",
            "hours_human_trafficking",
            "hours_de_escalation",
            "hours_other",
            "hours_total",
            "hours_required",
            "compliant",
            "shortfall_hours",
            "police_powers_suspension",
        ]
    );
    let kim = by_badge(&rows, "2002");
    for (k, v) in [
        ("last_name", "Short"),
        ("licence_number", "L-2002"),
        ("appointment_type", "reserve"),
        ("hours_firearms", "2.0"),
        ("hours_vehicle_operations", "0.0"),
        ("hours_defensive_tactics", "0.0"),
        ("hours_other", "10.0"),
        ("hours_total", "12.0"),
        ("hours_required", "24.0"),
        ("compliant", "no"),
        ("shortfall_hours", "12.0"),
        (
            "police_powers_suspension",
            "required until the hours are done",
        ),
    ] {
        assert_eq!(kim[k], v, "{k}");
    }
    let text = pdf_text(
        api.get(&format!("/api/v1/state-reports/{}/download", id(&report)))
            .await,
    )
    .await;
    assert!(
        text.contains("Due: 2025-01-31 [IN-12, IN-2, IN-3; unconfirmed:"),
        "{text}"
    );
    assert!(
        text.contains("Due: 2025-03-31 [IN-11; unconfirmed:"),
        "{text}"
    );
}

async fn an_oregon_f6_roster_lists_the_attendees_of_a_session(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = agency_of(&app, "Beaver", "OR").await;
    let api = app.login(&agency.coordinator).await;
    let young = officer(&api, "Sam", "Young", "301", json!({})).await;
    let adams = officer(&api, "Ann", "Adams", "302", json!({})).await;
    let absent = officer(&api, "Al", "Away", "303", json!({})).await;
    let course = json_of(
        api.post("/api/v1/courses", &json!({ "title": "Firearms and legal update", "post_course_number": "C-1234", "delivery": "in_person", "hours": { "firearms": 4, "law_legal": 4 } })).await,
        StatusCode::CREATED,
    )
    .await;
    let session = json_of(
        api.post("/api/v1/sessions", &json!({ "course_id": course["id"], "starts_on": "2026-05-04", "ends_on": "2026-05-05", "instructor": "Sgt. Reyes" })).await,
        StatusCode::CREATED,
    )
    .await;
    let sid = id(&session).to_owned();
    let attendance = api
        .post(
            &format!("/api/v1/sessions/{sid}/enrollments"),
            &json!({ "person_ids": [absent] }),
        )
        .await;
    assert!(attendance.status().is_success());
    let attendance = api
        .post(
            &format!("/api/v1/sessions/{sid}/attendance"),
            &json!({ "person_ids": [young, adams], "no_shows": [absent] }),
        )
        .await;
    assert!(
        attendance.status().is_success(),
        "{}",
        attendance.text().await.unwrap()
    );

    // Per session: a year is refused, the session is required.
    let bad = problem(
        api.post(
            "/api/v1/state-reports",
            &json!({ "kind": "or_f6_roster", "year": 2026 }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), ["year"]);
    let bad = problem(
        api.post(
            "/api/v1/state-reports",
            &json!({ "kind": "or_f6_roster", "session_id": Uuid::now_v7() }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&bad), ["session_id"]);

    let report = prepare(&api, json!({ "kind": "or_f6_roster", "session_id": sid })).await;
    assert_eq!(report["session_id"], sid);
    assert_eq!(
        report["period_label"],
        "Firearms and legal update, 2026-05-04 to 2026-05-05"
    );
    let (header, rows) = csv_with_header(
        api.get(&format!(
            "/api/v1/state-reports/{}/download?format=csv",
            id(&report)
        ))
        .await,
    )
    .await;
    assert_eq!(
        header,
        [
            "course_title",
            "course_number",
            "session_start",
            "session_end",
            "session_hours",
            "instructor",
            "last_name",
            "first_name",
            "dpsst_number",
            "hours_credited",
            "maintenance_category",
        ]
    );
    assert_eq!(rows.len(), 2, "the no-show is not on it");
    assert_eq!(rows[0]["last_name"], "Adams", "by name");
    let young_row = rows.iter().find(|r| r["last_name"] == "Young").unwrap();
    for (k, v) in [
        ("course_title", "Firearms and legal update"),
        ("course_number", "C-1234"),
        ("session_start", "2026-05-04"),
        ("session_end", "2026-05-05"),
        ("session_hours", "8.0"),
        ("instructor", "Sgt. Reyes"),
        ("first_name", "Sam"),
        ("dpsst_number", "L-301"),
        ("hours_credited", "8.0"),
        (
            "maintenance_category",
            "Annual firearms / use of force 4.0; General law enforcement 4.0",
        ),
    ] {
        assert_eq!(young_row[k], v, "{k}");
    }
    let list = json_of(api.get("/api/v1/state-reports").await, StatusCode::OK).await;
    let kind = &list["kinds"][0];
    assert_eq!(kind["kind"], "or_f6_roster");
    assert_eq!(kind["due"], json!([]), "continuous: no due date");
    assert!(kind["next_year"].is_null());
    let text = pdf_text(
        api.get(&format!("/api/v1/state-reports/{}/download", id(&report)))
            .await,
    )
    .await;
    assert!(
        text.contains("No due date: filed as training happens"),
        "{text}"
    );
    assert!(text.contains("DPSST number"), "{text}");
}

async fn another_states_report_is_refused_and_another_agencys_report_is_not_found(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (ohio, api, _) = ohio(&app).await;
    let report = prepare(&api, json!({ "kind": "oh_cpt_roster", "year": 2023 })).await;
    // Ohio is offered Ohio's report only.
    let other = problem(
        api.post(
            "/api/v1/state-reports",
            &json!({ "kind": "in_inservice_report", "year": 2024 }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&other), ["kind"]);
    assert!(
        other
            .to_string()
            .contains("in_inservice_report is a report of IN; the agency's state is OH"),
        "{other}"
    );
    problem(api.get("/api/v1/state-reports/preview?kind=mn_affidavit_of_attendance&session_id=0190f0f0-0000-7000-8000-000000000000").await, StatusCode::UNPROCESSABLE_ENTITY).await;
    let list = json_of(api.get("/api/v1/state-reports").await, StatusCode::OK).await;
    let kinds: Vec<&Value> = list["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| &k["kind"])
        .collect();
    assert_eq!(kinds, [&json!("oh_cpt_roster"), &json!("oh_reimbursement")]);

    // Another agency sees none of it.
    let minnesota = app.seed_agency("Gopher").await;
    let theirs = app.login(&minnesota.coordinator).await;
    let path = format!("/api/v1/state-reports/{}", id(&report));
    problem(theirs.get(&path).await, StatusCode::NOT_FOUND).await;
    problem(
        theirs.get(&format!("{path}/download?format=csv")).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        theirs.post(&format!("{path}/review"), &json!({})).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let listed = json_of(theirs.get("/api/v1/state-reports").await, StatusCode::OK).await;
    assert_eq!(listed["items"], json!([]));
    assert_eq!(listed["kinds"][0]["kind"], "mn_affidavit_of_attendance");

    // Supervisors and officers have no part in state reports.
    for email in [&ohio.supervisor, &ohio.officer] {
        let them = app.login(email).await;
        problem(
            them.get("/api/v1/state-reports").await,
            StatusCode::FORBIDDEN,
        )
        .await;
        problem(them.get(&path).await, StatusCode::FORBIDDEN).await;
        problem(
            them.post(&format!("{path}/review"), &json!({})).await,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let unchanged = json_of(api.get(&path).await, StatusCode::OK).await;
    assert_eq!(unchanged["status"], "prepared");
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(Statement::from_string(
            app.db.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM audit_events WHERE action = '{action}'"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

async fn every_step_and_every_download_is_audited(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, api, _) = ohio(&app).await;
    let report = prepare(&api, json!({ "kind": "oh_cpt_roster", "year": 2023 })).await;
    let path = format!("/api/v1/state-reports/{}", id(&report));
    json_of(
        api.post(&format!("{path}/review"), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    json_of(
        api.post(&format!("{path}/transmitted"), &json!({ "method": "mail" }))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        api.get(&format!("{path}/download?format=csv"))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        api.get(&format!("{path}/download")).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        api.get("/api/v1/state-reports/preview?kind=oh_cpt_roster&year=2023&format=csv")
            .await
            .status(),
        StatusCode::OK
    );
    // A refused step writes nothing, not even its audit event.
    problem(
        api.post(&format!("{path}/review"), &json!({})).await,
        StatusCode::CONFLICT,
    )
    .await;
    for (action, n) in [
        ("state_report.prepare", 1),
        ("state_report.review", 1),
        ("state_report.transmitted", 1),
        ("state_report.download", 2),
        ("state_report.preview", 1),
    ] {
        assert_eq!(audited(&app, action).await, n, "{action}");
    }
}

async fn a_minnesota_affidavit_leaves_the_learning_assessment_empty_and_says_so(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Gopher").await;
    let api = app.login(&agency.coordinator).await;
    let lund = officer(&api, "Kari", "Lund", "401", json!({})).await;
    let course = json_of(
        api.post("/api/v1/courses", &json!({ "title": "CIT refresher", "post_course_number": "MN-CE-26-0117", "delivery": "in_person", "hours": { "crisis_intervention": 6 } })).await,
        StatusCode::CREATED,
    )
    .await;
    let session = json_of(
        api.post(
            "/api/v1/sessions",
            &json!({ "course_id": course["id"], "starts_on": "2026-03-02" }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let sid = id(&session).to_owned();
    let attendance = api
        .post(
            &format!("/api/v1/sessions/{sid}/attendance"),
            &json!({ "person_ids": [lund] }),
        )
        .await;
    assert!(attendance.status().is_success());
    let report = prepare(
        &api,
        json!({ "kind": "mn_affidavit_of_attendance", "session_id": sid }),
    )
    .await;
    let path = format!("/api/v1/state-reports/{}/download", id(&report));
    let (header, rows) = csv_with_header(api.get(&format!("{path}?format=csv")).await).await;
    assert_eq!(
        header,
        [
            "post_course_number",
            "course_title",
            "sponsor",
            "session_start",
            "session_end",
            "course_credits",
            "last_name",
            "first_name",
            "post_licence_number",
            "credits_earned",
            "mlo_learning_assessment_not_recorded",
        ]
    );
    assert_eq!(rows.len(), 1);
    for (k, v) in [
        ("post_course_number", "MN-CE-26-0117"),
        ("course_title", "CIT refresher"),
        ("sponsor", "Gopher"),
        ("session_start", "2026-03-02"),
        ("session_end", "2026-03-02"),
        ("course_credits", "6.0"),
        ("last_name", "Lund"),
        ("first_name", "Kari"),
        ("post_licence_number", "L-401"),
        ("credits_earned", "6.0"),
        ("mlo_learning_assessment_not_recorded", ""),
    ] {
        assert_eq!(rows[0][k], v, "{k}");
    }
    let text = pdf_text(api.get(&path).await).await;
    for expected in [
        "Affidavit of Attendance",
        // In the table of sources (the header wraps in the report's own table).
        "MLO learning assessment (not recorded",
        "unconfirmed: ConfiTrek does not record learning assessments",
        "Due: No due date found [MN-18, MN-12; unconfirmed:",
        "MN-CE-26-0117",
        "Lund",
    ] {
        assert!(
            text.contains(expected),
            "the PDF lacks {expected:?}:\n{text}"
        );
    }
}

async fn an_ohio_reimbursement_asks_for_the_computed_figure_and_its_money_shows_in_the_roi(
    backend: Backend,
) {
    use confitrek_api::db::AgencyScope;
    use confitrek_api::db::compliance::{NewTrainingRecord, insert_record};
    let app = spawn_app(backend).await;
    let agency = agency_of(&app, "Buckeye", "OH").await;
    let api = app.login(&agency.coordinator).await;
    let olga = officer(&api, "Olga", "Ode", "C-1", json!({})).await;
    let set = api
        .put(
            &format!("/api/v1/people/{olga}/pay-rates/2024-01-01"),
            &json!({"hourly_rate_cents": 3000}),
        )
        .await;
    assert_eq!(set.status(), StatusCode::OK);
    for (on, minutes) in [
        (time::macros::date!(2024 - 03 - 01), json!({"general": 600})),
        (
            time::macros::date!(2024 - 10 - 01),
            json!({"firearms_requalification": 240}),
        ),
    ] {
        let new = NewTrainingRecord {
            person_id: olga,
            completed_on: on,
            title: "In-service".into(),
            minutes_by_topic: minutes,
            events: json!([]),
        };
        insert_record(&app.db, AgencyScope::new(agency.id), new, app.clock.now())
            .await
            .unwrap();
    }
    let computed: Value = json_of(
        api.get("/api/v1/reimbursement/ohio/2024").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        computed["reimbursable_cents"],
        10 * 3000,
        "firearms not counted"
    );

    let first = prepare(&api, json!({ "kind": "oh_reimbursement", "year": 2024 })).await;
    assert_eq!(first["amount_requested_cents"], 10 * 3000);
    assert_eq!(first["period_label"], "Calendar year 2024");
    // Prepared again: a second version of the same application, asking the same.
    let report = prepare(&api, json!({ "kind": "oh_reimbursement", "year": 2024 })).await;
    assert_eq!(report["version"], 2);
    assert_eq!(report["amount_requested_cents"], 10 * 3000);
    assert_eq!(report["changes"], json!([]));
    let csv = api
        .get(&format!(
            "/api/v1/state-reports/{}/download?format=csv",
            id(&report)
        ))
        .await;
    let (header, rows) = csv_with_header(csv).await;
    assert!(
        header.contains(&"reimbursable_amount".to_owned()),
        "{header:?}"
    );
    let row = rows.iter().find(|r| r["badge"] == "C-1").unwrap();
    assert_eq!(row["counted_hours"], "10.0");
    assert_eq!(row["reimbursable_amount"], "$300.00");

    let step = |name: &str| format!("/api/v1/state-reports/{}/{name}", id(&report));
    json_of(
        api.post(&step("review"), &json!({ "note": "Rates checked." }))
            .await,
        StatusCode::OK,
    )
    .await;
    json_of(
        api.post(&step("transmitted"), &json!({ "method": "mail" }))
            .await,
        StatusCode::OK,
    )
    .await;
    let today = app.clock.today_in("America/Chicago");
    let received = json_of(
        api.post(
            &step("received"),
            &json!({ "amount_received_cents": 25_000, "received_on": today.to_string() }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(received["status"], "received");
    assert_eq!(received["amount_received_cents"], 25_000);

    let admin = app.login(&agency.admin).await;
    let roi = json_of(admin.get("/api/v1/roi").await, StatusCode::OK).await;
    let lines = roi["reimbursements"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{roi:#}");
    assert_eq!(lines[0]["kind"], "oh_reimbursement");
    assert_eq!(lines[0]["period"], "Calendar year 2024");
    assert_eq!(lines[0]["requested_cents"], 10 * 3000);
    assert_eq!(lines[0]["received_cents"], 25_000);
    assert_eq!(lines[0]["received_on"], today.to_string());
    assert_eq!(roi["requested_cents"], 10 * 3000);
    assert_eq!(roi["received_cents"], 25_000);
    let prepared = roi["time_saved"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["activity"] == "reimbursement_prepared")
        .unwrap();
    assert_eq!(prepared["count"], 1, "two versions of one application");

    // Minnesota's application is not Ohio's.
    let other = problem(
        api.post(
            "/api/v1/state-reports",
            &json!({ "kind": "mn_reimbursement", "year": 2024 }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&other), ["kind"]);
}

async fn a_minnesota_reimbursement_application_is_prepared_for_a_fiscal_year(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = agency_of(&app, "North Star", "MN").await;
    let api = app.login(&agency.coordinator).await;
    officer(&api, "Mina", "Moe", "M-1", json!({})).await;
    let list = json_of(api.get("/api/v1/state-reports").await, StatusCode::OK).await;
    let kind = list["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "mn_reimbursement")
        .unwrap();
    assert_eq!(kind["period"], "fiscal_year");
    assert_eq!(kind["due"][0]["citations"], json!(["MN-20", "MN-21"]));
    assert!(
        kind["due"][0]["unconfirmed"]
            .as_str()
            .unwrap()
            .contains("MN-19")
    );

    let year = app.clock.today_in("America/Chicago").year();
    let application: Value = json_of(
        api.get(&format!("/api/v1/reimbursement/minnesota/{year}"))
            .await,
        StatusCode::OK,
    )
    .await;
    let too_long = problem(
        api.post(
            "/api/v1/state-reports",
            &json!({ "kind": "mn_reimbursement", "year": year, "cleo_name": "x".repeat(121) }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&too_long), ["cleo_name"]);
    let report = prepare(
        &api,
        json!({ "kind": "mn_reimbursement", "year": year, "cleo_name": "Dana Reyes", "cleo_title": "Chief of Police" }),
    )
    .await;
    assert_eq!(report["period"], year.to_string());
    assert_eq!(
        report["period_label"],
        format!("Fiscal year {year} ({}-07-01 to {year}-06-30)", year - 1)
    );
    assert_eq!(
        report["rows"],
        application["officers"].as_array().unwrap().len()
    );
    assert_eq!(
        report["amount_requested_cents"], application["share"]["total_cents"],
        "the estimated share where the allocation is known, else nothing"
    );
    let text = pdf_text(
        api.get(&format!("/api/v1/state-reports/{}/download", id(&report)))
            .await,
    )
    .await;
    assert!(text.contains("Dana Reyes"), "{text}");
    assert!(text.contains("L-M-1"), "{text}");
    // Ohio's reimbursement is not Minnesota's.
    let other = problem(
        api.post(
            "/api/v1/state-reports",
            &json!({ "kind": "oh_reimbursement", "year": year }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&other), ["kind"]);
}

/// The `state_report_due` notifications of an agency, by the login they went to.
async fn report_reminders(app: &TestApp, agency: Uuid) -> Vec<(Uuid, String)> {
    use confitrek_api::db::entity::notification;
    let mut rows: Vec<(Uuid, String)> = notification::Entity::find()
        .filter(notification::Column::AgencyId.eq(agency))
        .filter(notification::Column::Kind.eq(confitrek_types::NotificationKind::StateReportDue))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|n| (n.user_id, n.subject))
        .collect();
    rows.sort();
    rows
}

async fn notification_pass(app: &TestApp, agency: Uuid, today: time::Date) -> usize {
    use confitrek_api::db::{AgencyScope, agencies};
    let agency = agencies::get(&app.db, AgencyScope::new(agency))
        .await
        .unwrap()
        .unwrap();
    confitrek_api::notifications::enqueue::enqueue_agency(
        &app.db, &app.clock, &agency, today, false,
    )
    .await
    .unwrap()
}

async fn the_office_is_reminded_before_the_application_is_due_until_it_is_transmitted(
    backend: Backend,
) {
    use time::macros::date;
    let app = spawn_app(backend).await;
    let north = agency_of(&app, "North Star", "MN").await;
    let south = agency_of(&app, "South Lake", "MN").await;
    // Minnesota's FY2027 application is due July 31, 2027 (rules/mn.toml, MN-20, MN-21).
    // May 1 is 91 days before: nothing yet.
    notification_pass(&app, north.id, date!(2027 - 05 - 01)).await;
    assert!(report_reminders(&app, north.id).await.is_empty());
    // Monday June 21, 40 days before: the 90-day reminder, to the coordinator and the admin only.
    for agency in [&north, &south] {
        notification_pass(&app, agency.id, date!(2027 - 06 - 21)).await;
    }
    let first = report_reminders(&app, north.id).await;
    let office: Vec<Uuid> = {
        use confitrek_api::db::entity::user;
        user::Entity::find()
            .filter(user::Column::Email.is_in([north.admin.clone(), north.coordinator.clone()]))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.id)
            .collect()
    };
    assert_eq!(office.len(), 2);
    assert_eq!(first.len(), 2, "{first:?}");
    assert!(
        first.iter().all(|(user, _)| office.contains(user)),
        "{first:?}"
    );
    assert!(
        first.iter().all(|(_, subject)| subject
            == "POST reimbursement application (Rule 6700.1800) for fiscal year 2027 is due by 2027-07-31"),
        "{first:?}"
    );
    // Another pass in the same bracket (and the same week's digest) writes nothing.
    assert_eq!(
        notification_pass(&app, north.id, date!(2027 - 06 - 23)).await,
        0
    );

    // North prepares, reviews and transmits FY2027's application in July: no more reminders.
    let api = app.login(&north.coordinator).await;
    let report = prepare(&api, json!({ "kind": "mn_reimbursement", "year": 2027 })).await;
    let path = format!("/api/v1/state-reports/{}", id(&report));
    json_of(
        api.post(&format!("{path}/review"), &json!({})).await,
        StatusCode::OK,
    )
    .await;
    json_of(
        api.post(
            &format!("{path}/transmitted"),
            &json!({ "method": "portal" }),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    for agency in [&north, &south] {
        notification_pass(&app, agency.id, date!(2027 - 07 - 25)).await;
    }
    assert_eq!(report_reminders(&app, north.id).await, first);
    // South has not: its 7-day reminder comes, on top of the 90-day one.
    let south_reminders = report_reminders(&app, south.id).await;
    assert_eq!(south_reminders.len(), 4, "{south_reminders:?}");
}
