//! `GET /roi`: what the agency did in a fiscal year, counted from its own data only, with
//! the assumptions that turn it into time, and its training spend per officer.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    the_fiscal_year_counts_imports_attendance_reports_and_spend_of_the_agency_only,
    a_fiscal_year_out_of_range_is_refused_and_command_staff_only_read_it,
);

const ROSTER: &str = "Last Name,First Name,Badge #,Unit\r\n\
Lindqvist,Dana,B-100,Patrol\r\n\
Okafor,Chidi,B-101,Investigations\r\n\
Reyes,Ana,B-102,Patrol\r\n";

fn line<'a>(roi: &'a Value, activity: &str) -> &'a Value {
    roi["time_saved"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["activity"] == activity)
        .unwrap_or_else(|| panic!("{activity} in {roi:#}"))
}

async fn import_roster(api: &Api) {
    let batch: Value = api
        .post_bytes(
            "/api/v1/imports?kind=people&file_name=roster.csv",
            "text/csv",
            ROSTER.into(),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = batch["id"].as_str().unwrap();
    let started = api
        .post(&format!("/api/v1/imports/{id}/commit"), &json!({}))
        .await;
    assert_eq!(started.status(), StatusCode::ACCEPTED);
    // Bounded: a commit of three rows takes well under a second.
    for _ in 0..600 {
        let now: Value = api
            .get(&format!("/api/v1/imports/{id}"))
            .await
            .json()
            .await
            .unwrap();
        if now["status"] != "committing" {
            assert_eq!(now["status"], "committed", "{now:#}");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import did not end");
}

/// A session of a course today with `people` attending: one record each.
async fn attendance(api: &Api, people: &[uuid::Uuid]) -> String {
    let course: Value = api
        .post(
            "/api/v1/courses",
            &json!({ "title": "Crisis Intervention Team", "delivery": "in_person",
                     "hours": { "crisis_intervention": 8 } }),
        )
        .await
        .json()
        .await
        .unwrap();
    let today = confitrek_api::clock::Clock::system().today_in("America/Chicago");
    let session: Value = api
        .post(
            "/api/v1/sessions",
            &json!({ "course_id": course["id"], "starts_on": today }),
        )
        .await
        .json()
        .await
        .unwrap();
    let sid = session["id"].as_str().unwrap();
    let recorded = api
        .post(
            &format!("/api/v1/sessions/{sid}/attendance"),
            &json!({ "person_ids": people }),
        )
        .await;
    assert_eq!(recorded.status(), StatusCode::OK);
    sid.to_owned()
}

async fn expense(api: &Api, person: uuid::Uuid, cents: i64, incurred_on: &str, status: &str) {
    let response = api
        .post(
            "/api/v1/expenses",
            &json!({ "person_id": person, "category": "registration", "amount_cents": cents,
                     "incurred_on": incurred_on, "paid_by": "agency", "status": status,
                     "description": "Course registration" }),
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "{:?}",
        response.text().await
    );
}

async fn roi(api: &Api, query: &str) -> Value {
    let response = api.get(&format!("/api/v1/roi{query}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn the_fiscal_year_counts_imports_attendance_reports_and_spend_of_the_agency_only(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let api = app.login(&alpha.coordinator).await;

    let empty = roi(&api, "").await;
    assert_eq!(empty["minutes_saved"], 0);
    assert_eq!(empty["time_saved"].as_array().unwrap().len(), 5);
    assert!(
        line(&empty, "reimbursement_prepared")["assumption"]
            .as_str()
            .unwrap()
            .contains("three working days")
    );

    import_roster(&api).await;
    let session = attendance(&api, &[alpha.officer_person, alpha.supervisor_person]).await;
    // Prepared twice: the second version saves no more time than the first.
    for _ in 0..2 {
        let prepared = api
            .post(
                "/api/v1/state-reports",
                &json!({ "kind": "mn_affidavit_of_attendance", "session_id": session }),
            )
            .await;
        assert_eq!(
            prepared.status(),
            StatusCode::CREATED,
            "{:?}",
            prepared.text().await
        );
    }
    let report = api.get("/api/v1/reports/compliance?format=csv").await;
    assert_eq!(report.status(), StatusCode::OK);
    // The Minnesota application generated twice in the year: prepared once.
    for format in ["json", "csv"] {
        let application = api
            .get(&format!(
                "/api/v1/reimbursement/minnesota/{}?format={format}",
                empty["fiscal_year"]
            ))
            .await;
        assert_eq!(application.status(), StatusCode::OK);
    }
    let today = app.clock.today_in("America/Chicago");
    expense(
        &api,
        alpha.officer_person,
        30_000,
        &today.to_string(),
        "paid",
    )
    .await;
    expense(
        &api,
        alpha.supervisor_person,
        12_500,
        &today.to_string(),
        "approved",
    )
    .await;
    // Asked, not approved: no cost yet.
    expense(
        &api,
        alpha.officer_person,
        99_900,
        &today.to_string(),
        "requested",
    )
    .await;

    // What another agency does is not Alpha's.
    let other = app.login(&beta.coordinator).await;
    import_roster(&other).await;
    attendance(&other, &[beta.officer_person]).await;
    expense(
        &other,
        beta.officer_person,
        70_000,
        &today.to_string(),
        "paid",
    )
    .await;

    let now = roi(&api, "").await;
    assert_eq!(line(&now, "row_imported")["count"], 3);
    assert_eq!(line(&now, "row_imported")["minutes"], 3);
    assert_eq!(line(&now, "attendance_recorded")["count"], 2);
    assert_eq!(line(&now, "attendance_recorded")["minutes"], 4);
    assert_eq!(line(&now, "report_generated")["count"], 1);
    assert_eq!(line(&now, "report_generated")["minutes"], 30);
    assert_eq!(line(&now, "state_report_prepared")["count"], 1);
    assert_eq!(line(&now, "state_report_prepared")["minutes"], 240);
    assert_eq!(line(&now, "reimbursement_prepared")["count"], 1);
    assert_eq!(now["minutes_saved"], 3 + 4 + 30 + 240 + 1_440);
    assert_eq!(now["spend_cents"], 42_500);
    // Two seeded officers and three imported.
    assert_eq!(now["officers"], 5);
    assert_eq!(now["spend_per_officer_cents"], 8_500);
    // Nothing received yet: none of the spend recovered.
    assert_eq!(now["recovered_percent"], 0.0);

    // The fiscal year before holds none of it.
    let year = now["fiscal_year"].as_i64().unwrap();
    let before = roi(&api, &format!("?fiscal_year={}", year - 1)).await;
    assert_eq!(before["minutes_saved"], 0);
    assert_eq!(before["spend_cents"], 0);
    assert_eq!(before["officers"], 5);
}

async fn a_fiscal_year_out_of_range_is_refused_and_command_staff_only_read_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    for bad in ["1999", "2101", "twenty"] {
        let body = problem(
            admin.get(&format!("/api/v1/roi?fiscal_year={bad}")).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&body), ["fiscal_year"], "{bad}: {body:#}");
    }
    let this_year = roi(&admin, "").await;
    let from = time::Date::parse(
        this_year["from"].as_str().unwrap(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .unwrap();
    assert_eq!(from.month(), time::Month::July, "the default start month");
    assert_eq!(from.day(), 1);
    for email in [&agency.supervisor, &agency.officer] {
        let api = app.login(email).await;
        problem(api.get("/api/v1/roi").await, StatusCode::FORBIDDEN).await;
    }
}
