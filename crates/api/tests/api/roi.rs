//! `GET /roi`: what the agency did in a fiscal year, counted from its own data only, with
//! the assumptions that turn it into time, and its training spend per officer.

use confitrek_types::{
    ExpenseCategory, ExpenseDto, ExpenseInput, ExpensePaidBy, ExpenseStatus, ImportStatus,
    PrepareStateReportInput, RoiDto, SavedActivity, StateReportDto, StateReportKind,
    TimeSavedLineDto,
};
use reqwest::{Method, StatusCode};
use time::Date;
use uuid::Uuid;

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

fn line(roi: &RoiDto, activity: SavedActivity) -> &TimeSavedLineDto {
    roi.time_saved
        .iter()
        .find(|l| l.activity == activity)
        .unwrap_or_else(|| panic!("{activity:?} in {roi:#?}"))
}

async fn import_roster(api: &Api) {
    let batch = upload_import(api, "people", "roster.csv", "text/csv", ROSTER.into()).await;
    let done = commit_import(api, &batch).await;
    assert_eq!(done.status, ImportStatus::Committed, "{done:#?}");
}

/// A session of a course today with `people` attending: one record each.
async fn attendance(api: &Api, people: &[Uuid]) -> Uuid {
    let course = create_course(api, &crisis_course("Crisis Intervention Team")).await;
    let today = confitrek_api::clock::Clock::system().today_in("America/Chicago");
    let session = create_session(api, &session_input(course, today)).await;
    let recorded = attend(api, session, people).await;
    assert_eq!(recorded.recorded.len(), people.len());
    session
}

async fn expense(api: &Api, person: Uuid, cents: i64, incurred_on: Date, status: ExpenseStatus) {
    let line = ExpenseInput {
        record_id: None,
        session_id: None,
        person_id: Some(person),
        category: ExpenseCategory::Registration,
        amount_cents: cents,
        incurred_on,
        paid_by: ExpensePaidBy::Agency,
        description: "Course registration".into(),
        status: Some(status),
    };
    let _: ExpenseDto = api
        .post_as("/api/v1/expenses", &line, StatusCode::CREATED)
        .await;
}

async fn roi(api: &Api, query: &str) -> RoiDto {
    api.get_as(&format!("/api/v1/roi{query}"), StatusCode::OK)
        .await
}

async fn the_fiscal_year_counts_imports_attendance_reports_and_spend_of_the_agency_only(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let api = app.login(&alpha.coordinator).await;

    let empty = roi(&api, "").await;
    assert_eq!(empty.minutes_saved, 0);
    assert_eq!(empty.time_saved.len(), 5);
    assert!(
        line(&empty, SavedActivity::ReimbursementPrepared)
            .assumption
            .contains("three working days")
    );

    import_roster(&api).await;
    let session = attendance(&api, &[alpha.officer_person, alpha.supervisor_person]).await;
    // Prepared twice: the second version saves no more time than the first.
    for _ in 0..2 {
        let input = PrepareStateReportInput {
            kind: StateReportKind::MnAffidavitOfAttendance,
            year: None,
            session_id: Some(session),
            cleo_name: None,
            cleo_title: None,
        };
        let prepared: StateReportDto = api
            .post_as("/api/v1/state-reports", &input, StatusCode::CREATED)
            .await;
        assert_eq!(prepared.kind, StateReportKind::MnAffidavitOfAttendance);
    }
    api.send(Method::GET, "/api/v1/reports/compliance?format=csv")
        .expect_status(StatusCode::OK)
        .await;
    // The Minnesota application generated twice in the year: prepared once.
    for format in ["json", "csv"] {
        api.send(
            Method::GET,
            &format!(
                "/api/v1/reimbursement/minnesota/{}?format={format}",
                empty.fiscal_year
            ),
        )
        .expect_status(StatusCode::OK)
        .await;
    }
    let today = app.clock.today_in("America/Chicago");
    expense(
        &api,
        alpha.officer_person,
        30_000,
        today,
        ExpenseStatus::Paid,
    )
    .await;
    expense(
        &api,
        alpha.supervisor_person,
        12_500,
        today,
        ExpenseStatus::Approved,
    )
    .await;
    // Asked, not approved: no cost yet.
    expense(
        &api,
        alpha.officer_person,
        99_900,
        today,
        ExpenseStatus::Requested,
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
        today,
        ExpenseStatus::Paid,
    )
    .await;

    let now = roi(&api, "").await;
    let counted = |activity| {
        let l = line(&now, activity);
        (l.count, l.minutes)
    };
    assert_eq!(counted(SavedActivity::RowImported), (3, 3));
    assert_eq!(counted(SavedActivity::AttendanceRecorded), (2, 4));
    assert_eq!(counted(SavedActivity::ReportGenerated), (1, 30));
    assert_eq!(counted(SavedActivity::StateReportPrepared), (1, 240));
    assert_eq!(counted(SavedActivity::ReimbursementPrepared).0, 1);
    assert_eq!(now.minutes_saved, 3 + 4 + 30 + 240 + 1_440);
    assert_eq!(now.spend_cents, 42_500);
    // Two seeded officers and three imported.
    assert_eq!(now.officers, 5);
    assert_eq!(now.spend_per_officer_cents, Some(8_500));
    // Nothing received yet: none of the spend recovered.
    assert_eq!(now.recovered_percent, Some(0.0));

    // The fiscal year before holds none of it.
    let year = now.fiscal_year;
    let before = roi(&api, &format!("?fiscal_year={}", year - 1)).await;
    assert_eq!(before.minutes_saved, 0);
    assert_eq!(before.spend_cents, 0);
    assert_eq!(before.officers, 5);
}

async fn a_fiscal_year_out_of_range_is_refused_and_command_staff_only_read_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    for bad in ["1999", "2101", "twenty"] {
        let body = admin
            .get_problem(
                &format!("/api/v1/roi?fiscal_year={bad}"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(problem_fields(&body), ["fiscal_year"], "{bad}: {body:#?}");
    }
    let this_year = roi(&admin, "").await;
    let from = this_year.from;
    assert_eq!(from.month(), time::Month::July, "the default start month");
    assert_eq!(from.day(), 1);
    for email in [&agency.supervisor, &agency.officer] {
        let api = app.login(email).await;
        api.get_problem("/api/v1/roi", StatusCode::FORBIDDEN).await;
    }
}
