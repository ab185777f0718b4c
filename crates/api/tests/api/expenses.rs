//! Training expenses and budgets: lines on a record, a session (shared among its attendees)
//! or a person; approval by the training office; budgets with spent, committed and left;
//! summaries and exports; receipts encrypted at rest; who sees what.

use std::io::Cursor;

use calamine::Reader;
use confitrek_types::ExpenseCategory;
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    a_session_line_is_shared_among_its_attendees_and_counts_in_the_budget,
    bad_input_is_refused_naming_the_field_and_nothing_is_written,
    each_role_sees_and_does_only_what_is_its_own,
    lines_export_as_csv_and_xlsx_and_receipts_are_encrypted_at_rest,
    the_fiscal_year_follows_the_agency_start_month,
);

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

async fn created(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

/// A course and a session of it on 2026-11-02 attended by `people`.
async fn attended_session(coordinator: &Api, people: &[Uuid]) -> (String, String) {
    let course = created(
        coordinator
            .post(
                "/api/v1/courses",
                &json!({ "title": "Crisis Intervention Team", "delivery": "in_person",
                         "hours": { "crisis_intervention": 8 } }),
            )
            .await,
    )
    .await;
    let session = created(
        coordinator
            .post(
                "/api/v1/sessions",
                &json!({ "course_id": id_of(&course), "starts_on": "2026-11-02" }),
            )
            .await,
    )
    .await;
    let attendance = coordinator
        .post(
            &format!("/api/v1/sessions/{}/attendance", id_of(&session)),
            &json!({ "person_ids": people }),
        )
        .await;
    assert_eq!(attendance.status(), StatusCode::OK);
    (id_of(&course), id_of(&session))
}

fn line(target: Value, category: &str, cents: i64, status: &str) -> Value {
    let mut body = json!({ "category": category, "amount_cents": cents,
        "incurred_on": "2026-11-02", "paid_by": "agency",
        "description": "Course costs", "status": status });
    for (k, v) in target.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

async fn a_session_line_is_shared_among_its_attendees_and_counts_in_the_budget(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let traffic = app
        .seed_person(agency.id, "Tia", "Traffic", "alpha-T1", Some("Traffic"))
        .await;
    let coordinator = app.login(&agency.coordinator).await;
    let attendees = [agency.officer_person, agency.supervisor_person, traffic];
    let (course, session) = attended_session(&coordinator, &attendees).await;

    // 10.00 among three: 3.34, 3.33, 3.33, to the cent.
    let shared = created(
        coordinator
            .post(
                "/api/v1/expenses",
                &line(
                    json!({ "session_id": session }),
                    "registration",
                    1000,
                    "approved",
                ),
            )
            .await,
    )
    .await;
    assert_eq!(shared["status"], "approved");
    assert_eq!(shared["shared_by"], 3);
    assert_eq!(shared["fiscal_year"], 2027);
    assert_eq!(shared["course_id"], course.as_str());
    let paid = created(
        coordinator
            .post(
                "/api/v1/expenses",
                &line(
                    json!({ "person_id": agency.officer_person }),
                    "travel",
                    25_000,
                    "paid",
                ),
            )
            .await,
    )
    .await;
    assert_eq!(paid["status"], "paid");
    // Asked for, not decided: no money yet.
    created(
        coordinator
            .post(
                "/api/v1/expenses",
                &line(
                    json!({ "person_id": traffic }),
                    "lodging",
                    99_999,
                    "requested",
                ),
            )
            .await,
    )
    .await;

    let scope = agency.id;
    let (from, to) = (date!(2026 - 07 - 01), date!(2027 - 06 - 30));
    let by_category = confitrek_api::db::expenses::costs_between(&app.db, scope, from, to)
        .await
        .unwrap();
    assert_eq!(
        by_category,
        vec![
            (ExpenseCategory::Registration, 1000),
            (ExpenseCategory::Travel, 25_000)
        ]
    );
    let by_person = confitrek_api::db::expenses::costs_by_person_between(&app.db, scope, from, to)
        .await
        .unwrap();
    assert_eq!(
        by_person.iter().map(|(_, c)| c).sum::<i64>(),
        26_000,
        "shares sum to the lines"
    );
    let mut sorted: Vec<Uuid> = attendees.to_vec();
    sorted.sort();
    let share = |p: Uuid| by_person.iter().find(|(q, _)| *q == p).map(|(_, c)| *c);
    assert_eq!(
        share(sorted[0]).unwrap() + share(sorted[1]).unwrap() + share(sorted[2]).unwrap()
            - if sorted.contains(&agency.officer_person) {
                25_000
            } else {
                0
            },
        1000
    );
    let officer_share = share(agency.officer_person).unwrap() - 25_000;
    assert!(officer_share == 333 || officer_share == 334);
    assert_eq!(
        share(sorted[0]).unwrap()
            - if sorted[0] == agency.officer_person {
                25_000
            } else {
                0
            },
        334
    );
    // Outside the period: nothing.
    assert!(
        confitrek_api::db::expenses::costs_between(
            &app.db,
            scope,
            date!(2027 - 07 - 01),
            date!(2028 - 06 - 30)
        )
        .await
        .unwrap()
        .is_empty()
    );

    // Budgets: the agency's and Patrol's for FY2027.
    let whole = created(
        coordinator
            .post(
                "/api/v1/budgets",
                &json!({ "fiscal_year": 2027, "amount_cents": 100_000 }),
            )
            .await,
    )
    .await;
    assert_eq!(
        (
            whole["spent_cents"].as_i64(),
            whole["committed_cents"].as_i64(),
            whole["left_cents"].as_i64()
        ),
        (Some(25_000), Some(1000), Some(74_000))
    );
    assert_eq!(whole["starts_on"], "2026-07-01");
    assert_eq!(whole["ends_on"], "2027-06-30");
    let patrol = created(
        coordinator
            .post(
                "/api/v1/budgets",
                &json!({ "fiscal_year": 2027, "unit": "Patrol", "amount_cents": 30_000 }),
            )
            .await,
    )
    .await;
    let patrol_committed = 1000 - share(traffic).unwrap();
    assert_eq!(patrol["spent_cents"], 25_000);
    assert_eq!(patrol["committed_cents"], patrol_committed);
    assert_eq!(patrol["left_cents"], 30_000 - 25_000 - patrol_committed);
    problem(
        coordinator
            .post(
                "/api/v1/budgets",
                &json!({ "fiscal_year": 2027, "unit": "Patrol", "amount_cents": 1 }),
            )
            .await,
        StatusCode::CONFLICT,
    )
    .await;

    // Paying the session's line moves it from committed to spent.
    let moved = coordinator
        .post(
            &format!("/api/v1/expenses/{}/status", id_of(&shared)),
            &json!({ "status": "paid" }),
        )
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    let budgets: Value = coordinator
        .get("/api/v1/budgets?fiscal_year=2027")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(budgets[0]["unit"], Value::Null);
    assert_eq!(
        (
            budgets[0]["spent_cents"].as_i64(),
            budgets[0]["committed_cents"].as_i64()
        ),
        (Some(26_000), Some(0))
    );

    // The summary: per unit, person, course and category.
    let summary: Value = coordinator
        .get("/api/v1/expenses/summary?fiscal_year=2027")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["total"]["spent_cents"], 26_000);
    assert_eq!(summary["total"]["requested_cents"], 99_999);
    let group = |name: &str, key: &str| {
        summary[name]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["key"] == key)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        group("by_unit", "Traffic")["spent_cents"],
        share(traffic).unwrap()
    );
    assert_eq!(group("by_course", &course)["spent_cents"], 1000);
    assert_eq!(group("by_category", "travel")["spent_cents"], 25_000);
    assert_eq!(group("by_fiscal_year", "2027")["spent_cents"], 26_000);
    assert_eq!(
        group("by_person", &agency.officer_person.to_string())["label"],
        "Officer, Olive"
    );
    // The session page's view: its lines.
    let on_session: Value = coordinator
        .get(&format!("/api/v1/expenses?session_id={session}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(on_session["items"].as_array().unwrap().len(), 1);
    // Every change was audited.
    assert!(
        app.count("audit_events WHERE action LIKE 'expense.%' OR action LIKE 'budget.%'")
            .await
            >= 6
    );
}

async fn bad_input_is_refused_naming_the_field_and_nothing_is_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let person = json!({ "person_id": agency.officer_person });
    let with = |change: Value| {
        let mut body = line(person.clone(), "travel", 1200, "requested");
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let cases = [
        (
            "a zero amount",
            with(json!({ "amount_cents": 0 })),
            "amount_cents",
        ),
        (
            "a negative amount",
            with(json!({ "amount_cents": -100 })),
            "amount_cents",
        ),
        (
            "over a million dollars",
            with(json!({ "amount_cents": 100_000_001 })),
            "amount_cents",
        ),
        (
            "a date from long ago",
            with(json!({ "incurred_on": "1999-01-01" })),
            "incurred_on",
        ),
        (
            "a date years ahead",
            with(json!({ "incurred_on": "2031-01-01" })),
            "incurred_on",
        ),
        (
            "no description",
            with(json!({ "description": " " })),
            "description",
        ),
        (
            "an SSN in the description",
            with(json!({ "description": "Refund to 123-45-6789" })),
            "description",
        ),
        (
            "a long description",
            with(json!({ "description": "x".repeat(201) })),
            "description",
        ),
        (
            "an unknown category",
            with(json!({ "category": "snacks" })),
            "category",
        ),
        (
            "an unknown payer",
            with(json!({ "paid_by": "union" })),
            "paid_by",
        ),
        (
            "two targets",
            with(json!({ "session_id": Uuid::now_v7() })),
            "record_id",
        ),
        (
            "no target",
            line(json!({}), "travel", 1200, "requested"),
            "record_id",
        ),
        (
            "a stranger",
            line(
                json!({ "person_id": Uuid::now_v7() }),
                "travel",
                1200,
                "requested",
            ),
            "person_id",
        ),
        (
            "a missing record",
            line(
                json!({ "record_id": Uuid::now_v7() }),
                "travel",
                1200,
                "requested",
            ),
            "record_id",
        ),
        (
            "a missing session",
            line(
                json!({ "session_id": Uuid::now_v7() }),
                "travel",
                1200,
                "requested",
            ),
            "session_id",
        ),
        (
            "entered rejected",
            with(json!({ "status": "rejected" })),
            "status",
        ),
    ];
    for (case, body, field) in cases {
        let refused = problem(
            coordinator.post("/api/v1/expenses", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert!(
            fields(&refused).contains(&field.to_owned()),
            "{case}: {refused}"
        );
    }
    assert_eq!(app.count("expense_lines").await, 0);

    // Status moves forward only; a rejection says why.
    let entered = created(coordinator.post("/api/v1/expenses", &with(json!({}))).await).await;
    let status = format!("/api/v1/expenses/{}/status", id_of(&entered));
    problem(
        coordinator
            .post(&status, &json!({ "status": "paid" }))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    let why = problem(
        coordinator
            .post(&status, &json!({ "status": "rejected" }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&why), vec!["reason"]);
    let rejected: Value = coordinator
        .post(
            &status,
            &json!({ "status": "rejected", "reason": "Not pre-approved" }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rejected["rejection_reason"], "Not pre-approved");
    problem(
        coordinator
            .post(&status, &json!({ "status": "approved" }))
            .await,
        StatusCode::CONFLICT,
    )
    .await;

    // Budgets and settings name their fields.
    for (body, field) in [
        (
            json!({ "fiscal_year": 1999, "amount_cents": 1 }),
            "fiscal_year",
        ),
        (
            json!({ "fiscal_year": 2027, "amount_cents": -1 }),
            "amount_cents",
        ),
        (
            json!({ "fiscal_year": 2027, "unit": "u".repeat(101), "amount_cents": 1 }),
            "unit",
        ),
    ] {
        let refused = problem(
            coordinator.post("/api/v1/budgets", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&refused), vec![field]);
    }
    assert_eq!(app.count("budgets").await, 0);
    let admin = app.login(&agency.admin).await;
    let refused = problem(
        admin
            .put(
                "/api/v1/agencies/current/settings",
                &json!({ "at_risk_days": 90, "fiscal_year_start_month": 13 }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), vec!["fiscal_year_start_month"]);
    let filter = problem(
        coordinator.get("/api/v1/expenses?fiscal_year=1800").await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&filter), vec!["fiscal_year"]);
}

async fn each_role_sees_and_does_only_what_is_its_own(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let traffic = app
        .seed_person(agency.id, "Tia", "Traffic", "alpha-T1", Some("Traffic"))
        .await;
    let coordinator = app.login(&agency.coordinator).await;
    let supervisor = app.login(&agency.supervisor).await;
    let officer = app.login(&agency.officer).await;

    // The officer asks for his own: requested, whatever he says.
    let own = line(
        json!({ "person_id": agency.officer_person }),
        "meals",
        1800,
        "requested",
    );
    let asked = created(officer.post("/api/v1/expenses", &own).await).await;
    assert_eq!(asked["status"], "requested");
    let approved_own = line(
        json!({ "person_id": agency.officer_person }),
        "meals",
        1800,
        "approved",
    );
    let refused = problem(
        officer.post("/api/v1/expenses", &approved_own).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), vec!["status"]);
    // Not for someone else, not approved by himself.
    let for_sergeant = line(
        json!({ "person_id": agency.supervisor_person }),
        "meals",
        1800,
        "requested",
    );
    problem(
        officer.post("/api/v1/expenses", &for_sergeant).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    problem(
        supervisor.post("/api/v1/expenses", &own).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let status = format!("/api/v1/expenses/{}/status", id_of(&asked));
    problem(
        officer
            .post(&status, &json!({ "status": "approved" }))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(
        supervisor
            .post(&status, &json!({ "status": "approved" }))
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(
        coordinator
            .post(&status, &json!({ "status": "approved" }))
            .await
            .status(),
        StatusCode::OK
    );

    let sergeant = created(coordinator.post("/api/v1/expenses", &for_sergeant).await).await;
    let tia = created(
        coordinator
            .post(
                "/api/v1/expenses",
                &line(json!({ "person_id": traffic }), "wages", 40_000, "approved"),
            )
            .await,
    )
    .await;
    let ids = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(id_of)
            .collect()
    };
    let all = ids(coordinator
        .get("/api/v1/expenses")
        .await
        .json()
        .await
        .unwrap());
    assert_eq!(all.len(), 3);
    let mine = ids(officer.get("/api/v1/expenses").await.json().await.unwrap());
    assert_eq!(mine, vec![id_of(&asked)]);
    let unit = ids(supervisor
        .get("/api/v1/expenses")
        .await
        .json()
        .await
        .unwrap());
    assert_eq!(unit.len(), 2);
    assert!(!unit.contains(&id_of(&tia)));
    problem(
        officer
            .get(&format!("/api/v1/expenses/{}", id_of(&sergeant)))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        supervisor
            .get(&format!("/api/v1/expenses/{}", id_of(&tia)))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let officer_summary: Value = officer
        .get("/api/v1/expenses/summary?fiscal_year=2027")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(officer_summary["total"]["committed_cents"], 1800);

    // Budgets: the office all, the supervisor his unit's, the officer none.
    created(
        coordinator
            .post(
                "/api/v1/budgets",
                &json!({ "fiscal_year": 2027, "amount_cents": 900_000 }),
            )
            .await,
    )
    .await;
    created(
        coordinator
            .post(
                "/api/v1/budgets",
                &json!({ "fiscal_year": 2027, "unit": "Traffic", "amount_cents": 50_000 }),
            )
            .await,
    )
    .await;
    created(
        coordinator
            .post(
                "/api/v1/budgets",
                &json!({ "fiscal_year": 2027, "unit": "Patrol", "amount_cents": 50_000 }),
            )
            .await,
    )
    .await;
    let seen: Value = supervisor
        .get("/api/v1/budgets")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen.as_array().unwrap().len(), 1);
    assert_eq!(seen[0]["unit"], "Patrol");
    assert_eq!(seen[0]["committed_cents"], 1800);
    problem(officer.get("/api/v1/budgets").await, StatusCode::FORBIDDEN).await;
    problem(
        supervisor
            .post(
                "/api/v1/budgets",
                &json!({ "fiscal_year": 2028, "amount_cents": 1 }),
            )
            .await,
        StatusCode::FORBIDDEN,
    )
    .await;

    // Another agency sees nothing of it and cannot reach its people.
    let other = app.seed_agency("Beta").await;
    let intruder = app.login(&other.coordinator).await;
    problem(
        intruder
            .get(&format!("/api/v1/expenses/{}", id_of(&tia)))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        intruder.post(&status, &json!({ "status": "paid" })).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        intruder
            .delete(&format!("/api/v1/expenses/{}", id_of(&tia)))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert!(ids(intruder.get("/api/v1/expenses").await.json().await.unwrap()).is_empty());
    let budgets: Value = intruder.get("/api/v1/budgets").await.json().await.unwrap();
    assert!(budgets.as_array().unwrap().is_empty());
    let theirs = line(
        json!({ "person_id": agency.officer_person }),
        "meals",
        100,
        "approved",
    );
    problem(
        intruder.post("/api/v1/expenses", &theirs).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(app.count("expense_lines").await, 3);

    // Paid lines stay as they were paid.
    let tia_status = format!("/api/v1/expenses/{}/status", id_of(&tia));
    assert_eq!(
        coordinator
            .post(&tia_status, &json!({ "status": "paid" }))
            .await
            .status(),
        StatusCode::OK
    );
    problem(
        coordinator
            .delete(&format!("/api/v1/expenses/{}", id_of(&tia)))
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    let corrected = line(json!({ "person_id": traffic }), "wages", 1, "paid");
    problem(
        coordinator
            .put(&format!("/api/v1/expenses/{}", id_of(&tia)), &corrected)
            .await,
        StatusCode::CONFLICT,
    )
    .await;
    let deleted = coordinator
        .delete(&format!("/api/v1/expenses/{}", id_of(&sergeant)))
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count("expense_lines").await, 2);
}

async fn lines_export_as_csv_and_xlsx_and_receipts_are_encrypted_at_rest(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let mut body = line(
        json!({ "person_id": agency.officer_person }),
        "lodging",
        12_345,
        "approved",
    );
    body["description"] = json!("=Hotel, two nights");
    let entered = created(coordinator.post("/api/v1/expenses", &body).await).await;

    let rows = csv_rows(
        coordinator
            .get("/api/v1/expenses/export?fiscal_year=2027")
            .await,
    )
    .await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["Amount"], "123.45");
    assert_eq!(rows[0]["Category"], "Lodging");
    assert_eq!(rows[0]["Status"], "Approved");
    assert_eq!(rows[0]["Fiscal year"], "FY2027");
    assert_eq!(rows[0]["On"], "Officer, Olive");
    assert_eq!(
        rows[0]["Description"], "'=Hotel, two nights",
        "a formula is defused"
    );
    assert_eq!(rows[0]["Receipt"], "no");
    assert!(
        csv_rows(
            coordinator
                .get("/api/v1/expenses/export?fiscal_year=2028")
                .await
        )
        .await
        .is_empty()
    );
    let xlsx = coordinator.get("/api/v1/expenses/export?format=xlsx").await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert_eq!(xlsx.headers()["content-type"], XLSX);
    let bytes = xlsx.bytes().await.unwrap().to_vec();
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).unwrap();
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    let cells: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(cells.len(), 2);
    assert_eq!(cells[0][6], "Amount");
    assert_eq!(cells[1][6], "123.45");
    assert!(
        app.count("audit_events WHERE action = 'expenses.export'")
            .await
            >= 3
    );

    // The receipt: kept encrypted, served back whole, to those who see the line.
    let path = format!("/api/v1/expenses/{}/receipt", id_of(&entered));
    let uploaded = created(
        coordinator
            .put_bytes(&path, "application/octet-stream", PDF.to_vec())
            .await,
    )
    .await;
    assert_eq!(uploaded["content_type"], "application/pdf");
    let on_disk = app.files_on_disk();
    assert_eq!(on_disk.len(), 1);
    let raw = std::fs::read(&on_disk[0]).unwrap();
    assert!(!raw.windows(5).any(|w| w == b"%PDF-"));
    let download = officer.get(&path).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("receipt-2026-11-02.pdf")
    );
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
    // Approved: the officer no longer files it; not a PDF: refused naming the file.
    problem(officer.delete(&path).await, StatusCode::FORBIDDEN).await;
    let wrong = problem(
        coordinator
            .put_bytes(&path, "application/pdf", b"plain text".to_vec())
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&wrong), vec!["file"]);
    assert_eq!(app.files_on_disk().len(), 1);
    let listed: Value = coordinator
        .get(&format!("/api/v1/expenses/{}", id_of(&entered)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["receipt"]["size_bytes"], PDF.len());
    // Deleting the line removes its receipt from disk.
    assert_eq!(
        coordinator
            .delete(&format!("/api/v1/expenses/{}", id_of(&entered)))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert!(app.files_on_disk().is_empty());
}

async fn the_fiscal_year_follows_the_agency_start_month(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let admin = app.login(&agency.admin).await;
    let current: Value = admin
        .get("/api/v1/agencies/current")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(current["fiscal_year_start_month"], 7);
    let entered = created(
        coordinator
            .post(
                "/api/v1/expenses",
                &line(
                    json!({ "person_id": agency.officer_person }),
                    "other",
                    500,
                    "paid",
                ),
            )
            .await,
    )
    .await;
    assert_eq!(entered["fiscal_year"], 2027);

    let changed = admin
        .put(
            "/api/v1/agencies/current/settings",
            &json!({ "at_risk_days": 90, "fiscal_year_start_month": 1 }),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed: Value = changed.json().await.unwrap();
    assert_eq!(changed["fiscal_year_start_month"], 1);
    let read: Value = coordinator
        .get(&format!("/api/v1/expenses/{}", id_of(&entered)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["fiscal_year"], 2026, "the calendar year");
    let budget = created(
        coordinator
            .post(
                "/api/v1/budgets",
                &json!({ "fiscal_year": 2026, "amount_cents": 1000 }),
            )
            .await,
    )
    .await;
    assert_eq!(
        (budget["starts_on"].as_str(), budget["ends_on"].as_str()),
        (Some("2026-01-01"), Some("2026-12-31"))
    );
    assert_eq!(budget["spent_cents"], 500);
    // Omitted, the month stays.
    let kept: Value = admin
        .put(
            "/api/v1/agencies/current/settings",
            &json!({ "at_risk_days": 90 }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(kept["fiscal_year_start_month"], 1);
}
