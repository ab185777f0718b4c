//! State reports through the API: each prepared from the agency's records and checked field
//! by field against its layout (CSV parsed back, PDF text read), its life (prepared,
//! reviewed, marked transmitted, with the refused steps), new versions that say what
//! changed while downloads keep what was prepared, due dates, tenancy and the audit trail.

use std::collections::HashMap;

use confitrek_types::{
    AttendanceRequest, AttendanceResult, CourseDto, CourseInput, Delivery, EnrollmentRequest,
    MinnesotaApplication, OhioReimbursement, PayRateDto, PayRateInput, PersonDto, PersonInput,
    PrepareStateReportInput, RecordReceivedInput, ReviewStateReportInput, RoiDto, SavedActivity,
    SessionDetailDto, SessionDto, SessionInput, StateReportDto, StateReportKind, StateReportList,
    StateReportPeriod, StateReportStatus, TrainingRecordDto, TrainingRecordInput,
    TransmissionMethod, TransmitStateReportInput,
};
use reqwest::{Method, StatusCode};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use serde_json::json;
use time::Date;
use time::macros::date;
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

/// A licensed officer hired in 2015 and certified that June; the licence number is
/// `L-<badge>`.
fn officer_input(first: &str, last: &str, badge: &str) -> PersonInput {
    PersonInput {
        license_number: Some(format!("L-{badge}")),
        hire_date: Some(date!(2015 - 03 - 01)),
        certified_on: Some(date!(2015 - 06 - 01)),
        ..person_input(first, last, badge)
    }
}

async fn officer(api: &Api, body: PersonInput) -> Uuid {
    let created: PersonDto = api
        .post_as("/api/v1/people", &body, StatusCode::CREATED)
        .await;
    created.id
}

async fn record(api: &Api, person: Uuid, on: Date, topics: &[(&str, f64)], events: &[&str]) {
    let body = TrainingRecordInput {
        events: Some(events.iter().map(|e| (*e).to_owned()).collect()),
        ..record_input(person, "In-service", on, topics)
    };
    let _: TrainingRecordDto = api
        .post_as("/api/v1/training-records", &body, StatusCode::CREATED)
        .await;
}

/// What to prepare: a report of a year.
fn of_year(kind: StateReportKind, year: i32) -> PrepareStateReportInput {
    PrepareStateReportInput {
        kind,
        year: Some(year),
        session_id: None,
        cleo_name: None,
        cleo_title: None,
    }
}

/// What to prepare: a report of a session.
fn of_session(kind: StateReportKind, session: Uuid) -> PrepareStateReportInput {
    PrepareStateReportInput {
        year: None,
        session_id: Some(session),
        ..of_year(kind, 0)
    }
}

async fn prepare(api: &Api, body: &PrepareStateReportInput) -> StateReportDto {
    api.post_as("/api/v1/state-reports", body, StatusCode::CREATED)
        .await
}

/// Preparing `body` is refused as invalid input.
async fn refused(api: &Api, body: &PrepareStateReportInput) -> confitrek_types::Problem {
    api.post_problem(
        "/api/v1/state-reports",
        body,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

async fn list(api: &Api, query: &str) -> StateReportList {
    api.get_as(&format!("/api/v1/state-reports{query}"), StatusCode::OK)
        .await
}

async fn review(api: &Api, path: &str, note: Option<&str>) -> StateReportDto {
    let body = ReviewStateReportInput {
        note: note.map(Into::into),
    };
    api.post_as(&format!("{path}/review"), &body, StatusCode::OK)
        .await
}

fn transmit(method: TransmissionMethod) -> TransmitStateReportInput {
    TransmitStateReportInput {
        method,
        reference: None,
    }
}

/// Marks the report at `path` transmitted by `method`.
async fn transmitted(api: &Api, path: &str, method: TransmissionMethod) -> StateReportDto {
    api.post_as(
        &format!("{path}/transmitted"),
        &transmit(method),
        StatusCode::OK,
    )
    .await
}

/// The rows of a CSV download, and its header row in order.
async fn csv_with_header(api: &Api, path: &str) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let reply = api
        .send(Method::GET, path)
        .expect_status(StatusCode::OK)
        .await;
    let mut reader = csv::Reader::from_reader(reply.text.as_bytes());
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

fn by_badge<'a>(rows: &'a [HashMap<String, String>], badge: &str) -> &'a HashMap<String, String> {
    rows.iter().find(|r| r["badge"] == badge).unwrap()
}

/// Ohio, 2023: Avery complete and requalified, Blake short in legal updates, Casey in the
/// academy year; the seeded supervisor and officer have no hours.
async fn ohio(app: &TestApp) -> (Agency, Api, Uuid) {
    let agency = agency_of(app, "Buckeye", "OH").await;
    let api = app.login(&agency.coordinator).await;
    let avery = officer(&api, officer_input("Pat", "Avery", "1042")).await;
    record(
        &api,
        avery,
        date!(2023 - 03 - 01),
        &[
            ("school_threat_safety", 3.0),
            ("legal_updates", 3.0),
            ("arrest_search_seizure", 2.0),
        ],
        &[],
    )
    .await;
    record(
        &api,
        avery,
        date!(2023 - 06 - 01),
        &[("general", 16.0)],
        &[],
    )
    .await;
    record(
        &api,
        avery,
        date!(2023 - 09 - 01),
        &[],
        &["firearms_requalification"],
    )
    .await;
    let blake = PersonInput {
        role_flags: vec!["part_time".into()],
        ..officer_input("Lee", "Blake", "1043")
    };
    let blake = officer(&api, blake).await;
    record(
        &api,
        blake,
        date!(2023 - 05 - 01),
        &[
            ("school_threat_safety", 3.0),
            ("legal_updates", 2.0),
            ("arrest_search_seizure", 2.0),
            ("general", 17.0),
        ],
        &[],
    )
    .await;
    let casey = PersonInput {
        role_flags: vec!["reserve".into()],
        hire_date: Some(date!(2023 - 01 - 09)),
        certified_on: Some(date!(2023 - 04 - 01)),
        ..officer_input("Jo", "Casey", "1044")
    };
    officer(&api, casey).await;
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

    let report = prepare(&api, &of_year(StateReportKind::OhCptRoster, 2023)).await;
    assert_eq!(report.status, StateReportStatus::Prepared);
    assert_eq!(report.version, 1);
    assert_eq!(report.period, "2023");
    assert_eq!(report.rows, 5, "three officers and the seeded two");
    assert!(report.changes.is_empty());
    assert_eq!(report.prepared_by, agency.coordinator);
    assert_eq!(report.snapshot_sha256.len(), 64);
    let keys: Vec<&str> = report.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, OHIO_2023);
    let badge = &report.columns[2];
    assert!(badge.citations.is_empty());
    assert!(badge.unconfirmed.as_deref().unwrap().contains("badge"));

    // The CSV: the layout's keys, then every field of every row.
    let path = format!("/api/v1/state-reports/{}/download", report.id);
    let (header, rows) = csv_with_header(&api, &format!("{path}?format=csv")).await;
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
    let step = |s: &str| format!("/api/v1/state-reports/{}/{s}", report.id);
    let early = api
        .post_problem(
            &step("transmitted"),
            &transmit(TransmissionMethod::Portal),
            StatusCode::CONFLICT,
        )
        .await;
    assert!(
        early.detail.as_deref().unwrap().contains("prepared"),
        "{early:?}"
    );
    let long = ReviewStateReportInput {
        note: Some("x".repeat(2001)),
    };
    let bad = api
        .post_problem(&step("review"), &long, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&bad), ["note"]);
    let path = format!("/api/v1/state-reports/{}", report.id);
    let reviewed = review(&api, &path, Some("Checked against the sign-in sheets.")).await;
    assert_eq!(reviewed.status, StateReportStatus::Reviewed);
    assert_eq!(
        reviewed.review_note.as_deref(),
        Some("Checked against the sign-in sheets.")
    );
    assert_eq!(reviewed.reviewed_by, Some(agency.coordinator.clone()));
    api.post_problem(
        &step("review"),
        &ReviewStateReportInput::default(),
        StatusCode::CONFLICT,
    )
    .await;
    // Not a method the API knows: the raw body, as no typed request can say it.
    let bad = api
        .post_problem(
            &step("transmitted"),
            &json!({ "method": "pigeon" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert!(!bad.title.is_empty(), "{bad:?}");
    let admin = app.login(&agency.admin).await;
    let sent: StateReportDto = admin
        .post_as(
            &step("transmitted"),
            &TransmitStateReportInput {
                reference: Some("OPOTC-2024-0117".into()),
                ..transmit(TransmissionMethod::Portal)
            },
            StatusCode::OK,
        )
        .await;
    assert_eq!(sent.status, StateReportStatus::Transmitted);
    assert_eq!(sent.transmitted_via, Some(TransmissionMethod::Portal));
    assert_eq!(
        sent.transmission_reference.as_deref(),
        Some("OPOTC-2024-0117")
    );
    assert_eq!(sent.transmitted_by, Some(agency.admin.clone()));
    assert!(sent.transmitted_at.is_some());
    api.post_problem(
        &step("transmitted"),
        &transmit(TransmissionMethod::Email),
        StatusCode::CONFLICT,
    )
    .await;
    // A roster asks for no money: nothing is received.
    let none = api
        .post_problem(
            &step("received"),
            &RecordReceivedInput {
                amount_received_cents: 100,
                received_on: date!(2024 - 02 - 01),
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&none), ["amount_received_cents"]);
    let got: StateReportDto = api.get_as(&path, StatusCode::OK).await;
    assert_eq!(got.status, StateReportStatus::Transmitted);
    assert_eq!(got.reviewed_by, Some(agency.coordinator));
}

async fn a_report_prepared_again_says_what_changed_and_downloads_keep_what_was_prepared(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let (_, api, avery) = ohio(&app).await;
    let roster = of_year(StateReportKind::OhCptRoster, 2023);
    let v1 = prepare(&api, &roster).await;
    // Training found later, and a new officer on the roster.
    record(&api, avery, date!(2023 - 11 - 20), &[("general", 4.0)], &[]).await;
    let dunn = PersonInput {
        hire_date: Some(date!(2020 - 01 - 01)),
        ..officer_input("Ray", "Dunn", "1050")
    };
    officer(&api, dunn).await;
    let v2 = prepare(&api, &roster).await;
    assert_eq!(v2.version, 2);
    assert_eq!(
        v2.changes,
        [
            "Officer 1042: General CPT hours 16.0 → 20.0",
            "Officer 1042: Total CPT hours 24.0 → 28.0",
            "Officer 1050: added",
        ]
    );
    assert_ne!(v1.snapshot_sha256, v2.snapshot_sha256);
    // Prepared again with nothing new: a third version that changed nothing.
    let v3 = prepare(&api, &roster).await;
    assert!(v3.changes.is_empty());
    assert_eq!(v3.snapshot_sha256, v2.snapshot_sha256);

    // Version 1 downloads as it was prepared; the preview shows today's data.
    let (_, old) = csv_with_header(
        &api,
        &format!("/api/v1/state-reports/{}/download?format=csv", v1.id),
    )
    .await;
    assert_eq!(by_badge(&old, "1042")["hours_total"], "24.0");
    assert!(old.iter().all(|r| r["badge"] != "1050"));
    let (_, live) = csv_with_header(
        &api,
        "/api/v1/state-reports/preview?kind=oh_cpt_roster&year=2023&format=csv",
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
    let old_review = api
        .post_problem(
            &format!("/api/v1/state-reports/{}/review", v1.id),
            &ReviewStateReportInput::default(),
            StatusCode::CONFLICT,
        )
        .await;
    assert!(
        old_review
            .detail
            .as_deref()
            .unwrap()
            .contains("replaced by version 3"),
        "{old_review:?}"
    );
    let all = list(&api, "").await;
    assert_eq!(all.items.len(), 3);
    assert_eq!(all.items[0].version, 3, "newest first");
    assert!(!all.items[0].superseded);
    assert!(all.items[2].superseded);
    // Pages.
    let page = list(&api, "?limit=2").await;
    assert_eq!(page.items.len(), 2);
    let cursor = page.next_cursor.unwrap();
    let rest = list(&api, &format!("?limit=2&cursor={cursor}")).await;
    assert_eq!(rest.items[0].version, 1);
    assert!(rest.next_cursor.is_none());

    // Bounds: a year out of range, a session for an annual report; nothing is written.
    let before = app.count("state_reports").await;
    let bad = refused(&api, &of_year(StateReportKind::OhCptRoster, 1999)).await;
    assert_eq!(problem_fields(&bad), ["year"]);
    let bad = refused(&api, &of_year(StateReportKind::OhCptRoster, 9999)).await;
    assert_eq!(problem_fields(&bad), ["year"]);
    let no_year = PrepareStateReportInput {
        year: None,
        ..roster.clone()
    };
    let bad = refused(&api, &no_year).await;
    assert_eq!(problem_fields(&bad), ["year"]);
    let with_session = PrepareStateReportInput {
        session_id: Some(Uuid::now_v7()),
        ..roster
    };
    let bad = refused(&api, &with_session).await;
    assert_eq!(problem_fields(&bad), ["session_id"]);
    let bad = api
        .get_problem(
            "/api/v1/state-reports?limit=500",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&bad), ["limit"]);
    assert_eq!(app.count("state_reports").await, before);
}

async fn indiana_lists_both_due_dates_and_its_report_shows_the_suspension(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = agency_of(&app, "Hoosier", "IN").await;
    let api = app.login(&agency.coordinator).await;
    let listed = list(&api, "").await;
    assert_eq!(listed.state_code, "IN");
    assert_eq!(listed.kinds.len(), 1);
    let kind = &listed.kinds[0];
    assert_eq!(kind.kind, StateReportKind::InInserviceReport);
    assert_eq!(kind.period, StateReportPeriod::CalendarYear);
    let year = kind.next_year.unwrap();
    let today = app.clock.today_in("America/Chicago");
    let due = &kind.due;
    assert_eq!(
        due.len(),
        2,
        "January 31 (ILEA, the 2024 rule) and March 31 (the statute)"
    );
    let jan = Date::from_calendar_date(year + 1, time::Month::January, 31).unwrap();
    let mar = Date::from_calendar_date(year + 1, time::Month::March, 31).unwrap();
    assert_eq!(due[0].date, jan);
    assert_eq!(due[0].days_left, (jan - today).whole_days());
    assert_eq!(due[0].citations, ["IN-12", "IN-2", "IN-3"]);
    assert!(due[0].unconfirmed.is_some());
    assert_eq!(due[1].date, mar);
    assert_eq!(due[1].citations, ["IN-11"]);
    assert!(due[1].unconfirmed.is_some());

    let short = PersonInput {
        role_flags: vec!["reserve".into()],
        ..officer_input("Kim", "Short", "2002")
    };
    let short = officer(&api, short).await;
    record(
        &api,
        short,
        date!(2024 - 04 - 01),
        &[("firearms", 2.0), ("general", 10.0)],
        &[],
    )
    .await;
    let report = prepare(&api, &of_year(StateReportKind::InInserviceReport, 2024)).await;
    let (header, rows) = csv_with_header(
        &api,
        &format!("/api/v1/state-reports/{}/download?format=csv", report.id),
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
        api.get(&format!("/api/v1/state-reports/{}/download", report.id))
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
    let young = officer(&api, officer_input("Sam", "Young", "301")).await;
    let adams = officer(&api, officer_input("Ann", "Adams", "302")).await;
    let absent = officer(&api, officer_input("Al", "Away", "303")).await;
    let course = CourseInput {
        post_course_number: Some("C-1234".into()),
        ..course_input(
            "Firearms and legal update",
            Delivery::InPerson,
            &[("firearms", 4.0), ("law_legal", 4.0)],
        )
    };
    let course: CourseDto = api
        .post_as("/api/v1/courses", &course, StatusCode::CREATED)
        .await;
    let session = SessionInput {
        ends_on: Some(date!(2026 - 05 - 05)),
        instructor: Some("Sgt. Reyes".into()),
        ..session_input(course.id, date!(2026 - 05 - 04))
    };
    let session: SessionDto = api
        .post_as("/api/v1/sessions", &session, StatusCode::CREATED)
        .await;
    let sid = session.id;
    let _: SessionDetailDto = api
        .post_as(
            &format!("/api/v1/sessions/{sid}/enrollments"),
            &EnrollmentRequest {
                person_ids: vec![absent],
            },
            StatusCode::OK,
        )
        .await;
    let _: AttendanceResult = api
        .post_as(
            &format!("/api/v1/sessions/{sid}/attendance"),
            &AttendanceRequest {
                person_ids: vec![young, adams],
                completed_on: None,
                no_shows: vec![absent],
            },
            StatusCode::OK,
        )
        .await;

    // Per session: a year is refused, the session is required.
    let bad = refused(&api, &of_year(StateReportKind::OrF6Roster, 2026)).await;
    assert_eq!(problem_fields(&bad), ["year"]);
    let bad = refused(
        &api,
        &of_session(StateReportKind::OrF6Roster, Uuid::now_v7()),
    )
    .await;
    assert_eq!(problem_fields(&bad), ["session_id"]);

    let report = prepare(&api, &of_session(StateReportKind::OrF6Roster, sid)).await;
    assert_eq!(report.session_id, Some(sid));
    assert_eq!(
        report.period_label,
        "Firearms and legal update, 2026-05-04 to 2026-05-05"
    );
    let (header, rows) = csv_with_header(
        &api,
        &format!("/api/v1/state-reports/{}/download?format=csv", report.id),
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
    let listed = list(&api, "").await;
    let kind = &listed.kinds[0];
    assert_eq!(kind.kind, StateReportKind::OrF6Roster);
    assert!(kind.due.is_empty(), "continuous: no due date");
    assert!(kind.next_year.is_none());
    let text = pdf_text(
        api.get(&format!("/api/v1/state-reports/{}/download", report.id))
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
    let report = prepare(&api, &of_year(StateReportKind::OhCptRoster, 2023)).await;
    // Ohio is offered Ohio's report only.
    let other = refused(&api, &of_year(StateReportKind::InInserviceReport, 2024)).await;
    assert_eq!(problem_fields(&other), ["kind"]);
    assert!(
        other
            .field_message("kind")
            .unwrap()
            .contains("in_inservice_report is a report of IN; the agency's state is OH"),
        "{other:?}"
    );
    api.get_problem("/api/v1/state-reports/preview?kind=mn_affidavit_of_attendance&session_id=0190f0f0-0000-7000-8000-000000000000", StatusCode::UNPROCESSABLE_ENTITY).await;
    let listed = list(&api, "").await;
    let kinds: Vec<StateReportKind> = listed.kinds.iter().map(|k| k.kind).collect();
    assert_eq!(
        kinds,
        [
            StateReportKind::OhCptRoster,
            StateReportKind::OhReimbursement
        ]
    );

    // Another agency sees none of it.
    let minnesota = app.seed_agency("Gopher").await;
    let theirs = app.login(&minnesota.coordinator).await;
    let path = format!("/api/v1/state-reports/{}", report.id);
    theirs.get_problem(&path, StatusCode::NOT_FOUND).await;
    theirs
        .get_problem(
            &format!("{path}/download?format=csv"),
            StatusCode::NOT_FOUND,
        )
        .await;
    theirs
        .post_problem(
            &format!("{path}/review"),
            &ReviewStateReportInput::default(),
            StatusCode::NOT_FOUND,
        )
        .await;
    let listed = list(&theirs, "").await;
    assert!(listed.items.is_empty());
    assert_eq!(
        listed.kinds[0].kind,
        StateReportKind::MnAffidavitOfAttendance
    );

    // Supervisors and officers have no part in state reports.
    for email in [&ohio.supervisor, &ohio.officer] {
        let them = app.login(email).await;
        them.get_problem("/api/v1/state-reports", StatusCode::FORBIDDEN)
            .await;
        them.get_problem(&path, StatusCode::FORBIDDEN).await;
        them.post_problem(
            &format!("{path}/review"),
            &ReviewStateReportInput::default(),
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    let unchanged: StateReportDto = api.get_as(&path, StatusCode::OK).await;
    assert_eq!(unchanged.status, StateReportStatus::Prepared);
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
    let report = prepare(&api, &of_year(StateReportKind::OhCptRoster, 2023)).await;
    let path = format!("/api/v1/state-reports/{}", report.id);
    review(&api, &path, None).await;
    transmitted(&api, &path, TransmissionMethod::Mail).await;
    for download in [
        format!("{path}/download?format=csv"),
        format!("{path}/download"),
        "/api/v1/state-reports/preview?kind=oh_cpt_roster&year=2023&format=csv".to_owned(),
    ] {
        api.send(Method::GET, &download)
            .expect_status(StatusCode::OK)
            .await;
    }
    // A refused step writes nothing, not even its audit event.
    api.post_problem(
        &format!("{path}/review"),
        &ReviewStateReportInput::default(),
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
    let lund = officer(&api, officer_input("Kari", "Lund", "401")).await;
    let course = CourseInput {
        post_course_number: Some("MN-CE-26-0117".into()),
        ..course_input(
            "CIT refresher",
            Delivery::InPerson,
            &[("crisis_intervention", 6.0)],
        )
    };
    let course: CourseDto = api
        .post_as("/api/v1/courses", &course, StatusCode::CREATED)
        .await;
    let session: SessionDto = api
        .post_as(
            "/api/v1/sessions",
            &session_input(course.id, date!(2026 - 03 - 02)),
            StatusCode::CREATED,
        )
        .await;
    let sid = session.id;
    let _: AttendanceResult = api
        .post_as(
            &format!("/api/v1/sessions/{sid}/attendance"),
            &AttendanceRequest {
                person_ids: vec![lund],
                completed_on: None,
                no_shows: vec![],
            },
            StatusCode::OK,
        )
        .await;
    let report = prepare(
        &api,
        &of_session(StateReportKind::MnAffidavitOfAttendance, sid),
    )
    .await;
    let path = format!("/api/v1/state-reports/{}/download", report.id);
    let (header, rows) = csv_with_header(&api, &format!("{path}?format=csv")).await;
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
    let app = spawn_app(backend).await;
    let agency = agency_of(&app, "Buckeye", "OH").await;
    let api = app.login(&agency.coordinator).await;
    let olga = officer(&api, officer_input("Olga", "Ode", "C-1")).await;
    let _: PayRateDto = api
        .put_as(
            &format!("/api/v1/people/{olga}/pay-rates/2024-01-01"),
            &PayRateInput {
                hourly_rate_cents: 3000,
            },
            StatusCode::OK,
        )
        .await;
    app.seed_record(
        agency.id,
        olga,
        date!(2024 - 03 - 01),
        json!({"general": 600}),
    )
    .await;
    app.seed_record(
        agency.id,
        olga,
        date!(2024 - 10 - 01),
        json!({"firearms_requalification": 240}),
    )
    .await;
    let computed: OhioReimbursement = api
        .get_as("/api/v1/reimbursement/ohio/2024", StatusCode::OK)
        .await;
    assert_eq!(
        computed.reimbursable_cents,
        Some(10 * 3000),
        "firearms not counted"
    );

    let application = of_year(StateReportKind::OhReimbursement, 2024);
    let first = prepare(&api, &application).await;
    assert_eq!(first.amount_requested_cents, Some(10 * 3000));
    assert_eq!(first.period_label, "Calendar year 2024");
    // Prepared again: a second version of the same application, asking the same.
    let report = prepare(&api, &application).await;
    assert_eq!(report.version, 2);
    assert_eq!(report.amount_requested_cents, Some(10 * 3000));
    assert!(report.changes.is_empty());
    let (header, rows) = csv_with_header(
        &api,
        &format!("/api/v1/state-reports/{}/download?format=csv", report.id),
    )
    .await;
    assert!(
        header.contains(&"reimbursable_amount".to_owned()),
        "{header:?}"
    );
    let row = rows.iter().find(|r| r["badge"] == "C-1").unwrap();
    assert_eq!(row["counted_hours"], "10.0");
    assert_eq!(row["reimbursable_amount"], "$300.00");

    let path = format!("/api/v1/state-reports/{}", report.id);
    review(&api, &path, Some("Rates checked.")).await;
    transmitted(&api, &path, TransmissionMethod::Mail).await;
    let today = app.clock.today_in("America/Chicago");
    let received: StateReportDto = api
        .post_as(
            &format!("{path}/received"),
            &RecordReceivedInput {
                amount_received_cents: 25_000,
                received_on: today,
            },
            StatusCode::OK,
        )
        .await;
    assert_eq!(received.status, StateReportStatus::Received);
    assert_eq!(received.amount_received_cents, Some(25_000));

    let admin = app.login(&agency.admin).await;
    let roi: RoiDto = admin.get_as("/api/v1/roi", StatusCode::OK).await;
    let lines = &roi.reimbursements;
    assert_eq!(lines.len(), 1, "{roi:#?}");
    assert_eq!(lines[0].kind, StateReportKind::OhReimbursement);
    assert_eq!(lines[0].period, "Calendar year 2024");
    assert_eq!(lines[0].requested_cents, Some(10 * 3000));
    assert_eq!(lines[0].received_cents, Some(25_000));
    assert_eq!(lines[0].received_on, Some(today));
    assert_eq!(roi.requested_cents, 10 * 3000);
    assert_eq!(roi.received_cents, 25_000);
    let prepared = roi
        .time_saved
        .iter()
        .find(|l| l.activity == SavedActivity::ReimbursementPrepared)
        .unwrap();
    assert_eq!(prepared.count, 1, "two versions of one application");

    // Minnesota's application is not Ohio's.
    let other = refused(&api, &of_year(StateReportKind::MnReimbursement, 2024)).await;
    assert_eq!(problem_fields(&other), ["kind"]);
}

async fn a_minnesota_reimbursement_application_is_prepared_for_a_fiscal_year(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = agency_of(&app, "North Star", "MN").await;
    let api = app.login(&agency.coordinator).await;
    officer(&api, officer_input("Mina", "Moe", "M-1")).await;
    let listed = list(&api, "").await;
    let kind = listed
        .kinds
        .iter()
        .find(|k| k.kind == StateReportKind::MnReimbursement)
        .unwrap();
    assert_eq!(kind.period, StateReportPeriod::FiscalYear);
    assert_eq!(kind.due[0].citations, ["MN-20", "MN-21"]);
    assert!(
        kind.due[0]
            .unconfirmed
            .as_deref()
            .unwrap()
            .contains("MN-19")
    );

    let year = app.clock.today_in("America/Chicago").year();
    let application: MinnesotaApplication = api
        .get_as(
            &format!("/api/v1/reimbursement/minnesota/{year}"),
            StatusCode::OK,
        )
        .await;
    let too_long = PrepareStateReportInput {
        cleo_name: Some("x".repeat(121)),
        ..of_year(StateReportKind::MnReimbursement, year)
    };
    let too_long = refused(&api, &too_long).await;
    assert_eq!(problem_fields(&too_long), ["cleo_name"]);
    let signed = PrepareStateReportInput {
        cleo_name: Some("Dana Reyes".into()),
        cleo_title: Some("Chief of Police".into()),
        ..of_year(StateReportKind::MnReimbursement, year)
    };
    let report = prepare(&api, &signed).await;
    assert_eq!(report.period, year.to_string());
    assert_eq!(
        report.period_label,
        format!("Fiscal year {year} ({}-07-01 to {year}-06-30)", year - 1)
    );
    assert_eq!(report.rows as usize, application.officers.len());
    assert_eq!(
        report.amount_requested_cents,
        application.share.map(|s| s.total_cents),
        "the estimated share where the allocation is known, else nothing"
    );
    let text = pdf_text(
        api.get(&format!("/api/v1/state-reports/{}/download", report.id))
            .await,
    )
    .await;
    assert!(text.contains("Dana Reyes"), "{text}");
    assert!(text.contains("L-M-1"), "{text}");
    // Ohio's reimbursement is not Minnesota's.
    let other = refused(&api, &of_year(StateReportKind::OhReimbursement, year)).await;
    assert_eq!(problem_fields(&other), ["kind"]);
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

async fn notification_pass(app: &TestApp, agency: Uuid, today: Date) -> usize {
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
    let report = prepare(&api, &of_year(StateReportKind::MnReimbursement, 2027)).await;
    let path = format!("/api/v1/state-reports/{}", report.id);
    review(&api, &path, None).await;
    transmitted(&api, &path, TransmissionMethod::Portal).await;
    for agency in [&north, &south] {
        notification_pass(&app, agency.id, date!(2027 - 07 - 25)).await;
    }
    assert_eq!(report_reminders(&app, north.id).await, first);
    // South has not: its 7-day reminder comes, on top of the 90-day one.
    let south_reminders = report_reminders(&app, south.id).await;
    assert_eq!(south_reminders.len(), 4, "{south_reminders:?}");
}
