//! Reports generated on the server: their content checked against the engine's answer for
//! the same day, what each role may generate, bad parameters, and the audit trail of
//! every generation.

use std::collections::HashMap;

use confitrek_api::db::entity::person;
use confitrek_api::demo::generated::{self, Shape};
use confitrek_types::{ComplianceReportDto, DashboardDto, Page, PersonDto};
use reqwest::{Method, Response, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::json;
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    the_compliance_csv_is_the_engines_answer_row_by_row,
    the_pdf_reports_carry_names_hours_and_statuses,
    each_role_reports_on_whom_it_sees,
    the_topic_report_adds_up_hours_in_the_range,
    bad_parameters_are_named_and_nothing_is_generated,
    every_generation_is_in_the_audit_trail,
    a_report_of_more_people_than_are_read_at_a_time_has_everyone_once_by_name,
);

/// A Minnesota officer on the 2023–2026 cycle (closed by now), with his history from then.
async fn mn_officer(api: &Api, first: &str, last: &str, badge: &str, unit: &str) -> Uuid {
    let body = confitrek_types::PersonInput {
        unit: Some(unit.to_owned()),
        ..mn_cycle_officer(first, last, badge)
    };
    create_person(api, &body).await
}

struct Seeded {
    agency: Agency,
    dana: Uuid,
    erik: Uuid,
}

/// Alpha: Dana (Patrol) short of hours, Erik (Investigations) with all of them, plus the
/// supervisor and officer of `seed_agency`, both in Patrol.
async fn seed(app: &TestApp) -> Seeded {
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let dana = mn_officer(&api, "Dana", "Lindqvist", "B-1", "Patrol").await;
    let erik = mn_officer(&api, "Erik", "Halvorsen", "B-2", "Investigations").await;
    let minutes = json!({ "general": 2400, "crisis_intervention": 120 });
    app.seed_record(agency.id, dana, date!(2024 - 05 - 01), minutes)
        .await;
    let full = json!({ "general": 2400, "crisis_intervention": 240, "use_of_force": 240, "conflict_management": 240, "community_diversity": 240, "autism": 240, "officer_wellness": 240 });
    app.seed_record(agency.id, erik, date!(2025 - 03 - 10), full)
        .await;
    Seeded { agency, dana, erik }
}

fn header(response: &Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

pub(crate) async fn pdf_text(response: Response) -> String {
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "content-type"), "application/pdf");
    let bytes = response.bytes().await.unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

/// A status as the CSV writes it: its code on the wire.
fn status_code(status: &impl Serialize) -> String {
    serde_json::to_value(status)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

async fn the_compliance_csv_is_the_engines_answer_row_by_row(backend: Backend) {
    let app = spawn_app(backend).await;
    let seeded = seed(&app).await;
    let api = app.login(&seeded.agency.coordinator).await;
    // A name that a spreadsheet would run as a formula is written as text.
    mn_officer(&api, "=HYPERLINK(1)", "Formula", "B-3", "Patrol").await;

    // The last day of the closed cycle, and the day after it.
    for as_of in ["2026-06-30", "2026-07-01"] {
        let response = api
            .get(&format!(
                "/api/v1/reports/compliance?as_of={as_of}&format=csv"
            ))
            .await;
        assert_eq!(
            header(&response, "content-disposition"),
            format!("attachment; filename=\"compliance-{as_of}.csv\"")
        );
        let rows = csv_rows(response).await;
        let people: Page<PersonDto> = api.get_as("/api/v1/people?limit=100", StatusCode::OK).await;
        assert_eq!(people.items.len(), 5);
        let mut expected_rows = 0;
        for person in &people.items {
            let id = person.id.to_string();
            let engine: ComplianceReportDto = api
                .get_as(
                    &format!("/api/v1/people/{id}/compliance?as_of={as_of}"),
                    StatusCode::OK,
                )
                .await;
            let mine: Vec<&HashMap<String, String>> =
                rows.iter().filter(|r| r["person_id"] == id).collect();
            let requirements = &engine.requirements;
            expected_rows += requirements.len().max(1);
            assert_eq!(mine.len(), requirements.len().max(1), "{id} on {as_of}");
            for row in &mine {
                assert_eq!(row["as_of"], as_of);
                assert_eq!(row["overall_status"], status_code(&engine.status));
                assert_eq!(row["badge"], person.badge);
                assert_eq!(row["rule_set"], "MN v1");
            }
            for r in requirements {
                let row = mine
                    .iter()
                    .find(|row| row["requirement_id"] == r.requirement_id)
                    .unwrap();
                let hours = |h: f64| format!("{h:.1}");
                assert_eq!(row["required"], hours(r.required));
                assert_eq!(row["earned"], hours(r.earned));
                assert_eq!(row["remaining"], hours(r.remaining));
                assert_eq!(row["status"], status_code(&r.status));
                assert_eq!(row["explanation"], r.explanation);
                assert_eq!(row["requirement"], r.title);
                assert_eq!(row["due"], r.due.map(|d| d.to_string()).unwrap_or_default());
                for citation in &r.citations {
                    assert!(row["sources"].contains(&citation.id));
                }
            }
        }
        assert_eq!(rows.len(), expected_rows, "no other rows");
        let dana = seeded.dana.to_string();
        let total = rows
            .iter()
            .find(|r| r["person_id"] == dana && r["requirement_id"] == "mn.ce.total")
            .unwrap();
        assert_eq!(
            (total["earned"].as_str(), total["required"].as_str()),
            ("42.0", "48.0")
        );
        let formula = rows.iter().find(|r| r["last_name"] == "Formula").unwrap();
        assert_eq!(formula["first_name"], "'=HYPERLINK(1)");
    }
}

async fn the_pdf_reports_carry_names_hours_and_statuses(backend: Backend) {
    let app = spawn_app(backend).await;
    let seeded = seed(&app).await;
    let api = app.login(&seeded.agency.coordinator).await;
    let response = api
        .get("/api/v1/reports/compliance?as_of=2026-07-01&format=pdf")
        .await;
    assert_eq!(
        header(&response, "content-disposition"),
        "attachment; filename=\"compliance-2026-07-01.pdf\""
    );
    let text = pdf_text(response).await;
    for expected in [
        "Alpha",
        "Compliance report",
        "As of 2026-07-01",
        "Lindqvist, Dana (B-1)",
        "Halvorsen, Erik (B-2)",
        "non-compliant",
        "overdue",
        "42.0",
        "48.0",
        "MN-1",
        "Page 1 of",
        "Summary: compliance rate",
        "Needs attention first",
        "Sources of the",
    ] {
        assert!(text.contains(expected), "{expected:?} in the report");
    }
    // The first page is the summary; the sources come last.
    let bytes = api
        .get("/api/v1/reports/compliance?as_of=2026-07-01&format=pdf")
        .await
        .bytes()
        .await
        .unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let first = doc.extract_text(&[1]).unwrap();
    assert!(first.contains("Summary: compliance rate"), "{first}");
    assert!(!first.contains("Address"), "{first}");
    assert!(!first.contains("Each person's requirements"), "{first}");

    let transcript = api
        .get(&format!(
            "/api/v1/people/{}/transcript?format=pdf",
            seeded.dana
        ))
        .await;
    assert!(
        header(&transcript, "content-disposition")
            .starts_with("attachment; filename=\"transcript-B-1-")
    );
    let text = pdf_text(transcript).await;
    for expected in [
        "Training transcript",
        "Dana Lindqvist",
        "2024-05-01",
        "In-service",
        "42.0",
        "verified",
        "Crisis",
        "Compliance on",
    ] {
        assert!(text.contains(expected), "{expected:?} in the transcript");
    }
    let rows = csv_rows(
        api.get(&format!(
            "/api/v1/people/{}/transcript?format=csv",
            seeded.erik
        ))
        .await,
    )
    .await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["total_hours"], "64.0");
    assert_eq!(rows[0]["verification"], "verified");
    assert_eq!(rows[0]["certificate_on_file"], "no");
}

async fn each_role_reports_on_whom_it_sees(backend: Backend) {
    let app = spawn_app(backend).await;
    let seeded = seed(&app).await;
    let beta = app.seed_agency("Beta").await;

    // A supervisor: his unit (Patrol) only, and no other unit by asking.
    let supervisor = app.login(&seeded.agency.supervisor).await;
    let rows = csv_rows(
        supervisor
            .get("/api/v1/reports/compliance?format=csv")
            .await,
    )
    .await;
    let mut names: Vec<&str> = rows.iter().map(|r| r["last_name"].as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names, ["Lindqvist", "Officer", "Sergeant"]);
    let refused = supervisor
        .get_problem(
            "/api/v1/reports/compliance?format=csv&unit=Investigations",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&refused), ["unit"]);
    supervisor
        .send(
            Method::GET,
            &format!("/api/v1/people/{}/transcript", seeded.erik),
        )
        .expect_status(StatusCode::NOT_FOUND)
        .await;
    supervisor
        .get_problem("/api/v1/reports/audit", StatusCode::FORBIDDEN)
        .await;

    // A coordinator: a unit on request.
    let coordinator = app.login(&seeded.agency.coordinator).await;
    let rows = csv_rows(
        coordinator
            .get("/api/v1/reports/compliance?format=csv&unit=Investigations")
            .await,
    )
    .await;
    assert!(rows.iter().all(|r| r["last_name"] == "Halvorsen") && !rows.is_empty());
    // Another agency's person is not found.
    coordinator
        .send(
            Method::GET,
            &format!("/api/v1/people/{}/transcript", beta.officer_person),
        )
        .expect_status(StatusCode::NOT_FOUND)
        .await;

    // An officer: no agency report, but his own transcript.
    let officer = app.login(&seeded.agency.officer).await;
    for path in [
        "/api/v1/reports/compliance",
        "/api/v1/reports/topics?topic=general",
        "/api/v1/reports/audit",
    ] {
        officer.get_problem(path, StatusCode::FORBIDDEN).await;
    }
    let own = officer
        .get(&format!(
            "/api/v1/people/{}/transcript",
            seeded.agency.officer_person
        ))
        .await;
    assert!(pdf_text(own).await.contains("Olive Officer"));
    officer
        .send(
            Method::GET,
            &format!("/api/v1/people/{}/transcript", seeded.dana),
        )
        .expect_status(StatusCode::NOT_FOUND)
        .await;
}

async fn the_topic_report_adds_up_hours_in_the_range(backend: Backend) {
    let app = spawn_app(backend).await;
    let seeded = seed(&app).await;
    app.seed_record(
        seeded.agency.id,
        seeded.dana,
        date!(2022 - 01 - 10),
        json!({ "crisis_intervention": 600 }),
    )
    .await;
    let api = app.login(&seeded.agency.coordinator).await;
    let response = api
        .get("/api/v1/reports/topics?topic=crisis_intervention&from=2024-01-01&to=2026-06-30&format=csv")
        .await;
    assert_eq!(
        header(&response, "content-disposition"),
        "attachment; filename=\"topic-crisis_intervention-2024-01-01-2026-06-30.csv\""
    );
    let rows = csv_rows(response).await;
    let hours: HashMap<&str, &str> = rows
        .iter()
        .map(|r| (r["last_name"].as_str(), r["hours"].as_str()))
        .collect();
    assert_eq!(
        hours["Lindqvist"], "2.0",
        "the record of 2022 is outside the range"
    );
    assert_eq!(hours["Halvorsen"], "4.0");
    assert_eq!(hours["Officer"], "0.0");
    assert_eq!(hours["Total"], "6.0");
    assert_eq!(rows.last().unwrap()["records"], "2");

    let text = pdf_text(
        api.get("/api/v1/reports/topics?topic=crisis_intervention&from=2024-01-01&to=2026-06-30")
            .await,
    )
    .await;
    assert!(text.contains("Crisis") && text.contains("Halvorsen") && text.contains("6.0"));
}

async fn bad_parameters_are_named_and_nothing_is_generated(backend: Backend) {
    let app = spawn_app(backend).await;
    let seeded = seed(&app).await;
    let admin = app.login(&seeded.agency.admin).await;
    let before = app.count("audit_events").await;
    let cases = [
        ("/api/v1/reports/compliance?as_of=2026-02-30", "as_of"),
        ("/api/v1/reports/compliance?as_of=yesterday", "as_of"),
        ("/api/v1/reports/compliance?format=xls", "format"),
        ("/api/v1/reports/compliance?colour=red", "colour"),
        ("/api/v1/reports/compliance?unit=Nowhere", "unit"),
        ("/api/v1/reports/topics?from=2026-01-01", "topic"),
        ("/api/v1/reports/topics?topic=knitting", "topic"),
        (
            "/api/v1/reports/topics?topic=general&from=2026-02-01&to=2026-01-01",
            "to",
        ),
        ("/api/v1/reports/audit?from=2026-13-01", "from"),
        ("/api/v1/reports/audit?from=2026-02-01&to=2026-01-31", "to"),
    ];
    for (path, field) in cases {
        let body = admin
            .get_problem(path, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&body), [field], "{path}");
    }
    let transcript = format!("/api/v1/people/{}/transcript?format=doc", seeded.dana);
    let body = admin
        .get_problem(&transcript, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&body), ["format"]);
    assert_eq!(app.count("audit_events").await, before, "nothing generated");
}

async fn every_generation_is_in_the_audit_trail(backend: Backend) {
    let app = spawn_app(backend).await;
    let seeded = seed(&app).await;
    let coordinator = app.login(&seeded.agency.coordinator).await;
    let admin = app.login(&seeded.agency.admin).await;
    for path in [
        "/api/v1/reports/compliance?format=csv".to_owned(),
        "/api/v1/reports/topics?topic=general&format=csv".to_owned(),
        format!("/api/v1/people/{}/transcript", seeded.dana),
    ] {
        coordinator
            .send(Method::GET, &path)
            .expect_status(StatusCode::OK)
            .await;
    }
    let rows = csv_rows(admin.get("/api/v1/reports/audit?format=csv").await).await;
    let coordinator_email = seeded.agency.coordinator.as_str();
    for action in ["report.compliance", "report.topic", "report.transcript"] {
        let row = rows.iter().find(|r| r["action"] == action).unwrap();
        assert_eq!(row["actor"], coordinator_email);
        assert_eq!(row["outcome"], "success");
    }
    let transcript = rows
        .iter()
        .find(|r| r["action"] == "report.transcript")
        .unwrap();
    assert_eq!(transcript["target_id"], seeded.dana.to_string());
    // The audit report is itself recorded, and shows in the next one.
    let rows = csv_rows(admin.get("/api/v1/reports/audit?format=csv").await).await;
    assert!(rows.iter().any(|r| r["action"] == "report.audit"));
    let text = pdf_text(admin.get("/api/v1/reports/audit").await).await;
    assert!(text.contains("Audit trail") && text.contains("report.compliance"));
}

/// The report reads its people a page at a time: across the pages everyone is there once,
/// in the roster's order, and the PDF's summary counts them all as the dashboard does.
async fn a_report_of_more_people_than_are_read_at_a_time_has_everyone_once_by_name(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let shape = Shape {
        people: 600,
        years: 1,
        seed: 5,
    };
    let (agency, _) = generated::create(&app.db, &app.clock, shape).await.unwrap();
    let api = app.generated_coordinator(agency).await;
    let roster: Vec<String> = person::Entity::find()
        .filter(person::Column::AgencyId.eq(agency))
        .order_by_asc(person::Column::LastName)
        .order_by_asc(person::Column::FirstName)
        .order_by_asc(person::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id.to_string())
        .collect();
    assert_eq!(roster.len(), 600);

    let rows = csv_rows(api.get("/api/v1/reports/compliance?format=csv").await).await;
    let mut people: Vec<String> = Vec::new();
    for row in &rows {
        if people.last() != Some(&row["person_id"]) {
            people.push(row["person_id"].clone());
        }
    }
    assert_eq!(people, roster, "each person's rows together, by name, once");

    let d: DashboardDto = api.get_as("/api/v1/dashboard", StatusCode::OK).await;
    let totals = &d.totals;
    let needing = totals.at_risk + totals.non_compliant;
    assert!(
        needing > 8,
        "enough people need attention to fill the summary"
    );
    let bytes = api
        .get("/api/v1/reports/compliance?format=pdf")
        .await
        .bytes()
        .await
        .unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages().len();
    let first = doc.extract_text(&[1]).unwrap();
    let rate = totals.rate.unwrap() * 100.0;
    for expected in [
        format!("Summary: compliance rate {rate:.0} %"),
        "600 people.".to_owned(),
        format!(
            "Needs attention first: {needing} people ({} more in the detail)",
            needing - 8
        ),
        format!("Page 1 of {pages}"),
    ] {
        assert!(first.contains(&expected), "{expected:?} in {first}");
    }
    let last = doc.extract_text(&[u32::try_from(pages).unwrap()]).unwrap();
    assert!(
        last.contains("Address"),
        "the sources close the report: {last}"
    );
}
