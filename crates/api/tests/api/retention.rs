//! Retention as promised: a cancelled agency is read-only with export for 90 days, and on
//! day 91 every row of it in every table, and every file, is gone; the other agency keeps
//! all of its own. Technical data about sign-ins goes after 12 months.

use confitrek_api::app::AppState;
use confitrek_api::auth::tokens::TokenKeys;
use confitrek_api::retention::{self, BY_AGENCY, BY_EMAIL, BY_LOGIN, PLATFORM, SHORT_LIVED};
use confitrek_domain::permissions::Role;
use confitrek_types::{
    AgencyDto, AgencyUpdate, AuditEventDto, ExpenseCategory, ExpenseDto, ExpenseInput,
    ExpensePaidBy, Page, PayRateDto, PayRateInput, PrepareStateReportInput, ReceiptDto,
    StateReportDto, StateReportKind, SubscriptionStatus,
};
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::both_databases;
use crate::exports::seed_everything;
use crate::helpers::*;

both_databases!(
    a_cancelled_agency_is_read_only_for_90_days_and_gone_on_day_91,
    technical_data_older_than_twelve_months_is_deleted,
    an_erased_person_leaves_no_row_naming_him_or_her_and_no_file,
    an_erased_person_is_struck_from_state_reports_and_leaves_no_expense_or_receipt,
);

fn state(app: &TestApp) -> AppState {
    let keys = TokenKeys::new(
        &app.config.token_secret,
        app.config.access_token_minutes,
        app.config.refresh_token_days,
    );
    AppState::new(app.config.clone(), app.db.clone(), keys, app.clock.clone()).unwrap()
}

async fn strings(app: &TestApp, sql: &str) -> Vec<String> {
    app.db
        .query_all_raw(Statement::from_string(app.db.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|row| {
            row.try_get::<String>("", "name")
                .or_else(|_| row.try_get::<Uuid>("", "name").map(|u| u.to_string()))
                .unwrap()
        })
        .collect()
}

async fn tables(app: &TestApp) -> Vec<String> {
    strings(
        app,
        match app.db.get_database_backend() {
            DbBackend::Postgres => {
                "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"
            }
            _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        },
    )
    .await
}

async fn columns(app: &TestApp, table: &str) -> Vec<String> {
    let sql = match app.db.get_database_backend() {
        DbBackend::Postgres => format!(
            "SELECT column_name AS name FROM information_schema.columns WHERE table_name = '{table}'"
        ),
        _ => format!("SELECT name FROM pragma_table_info('{table}')"),
    };
    strings(app, &sql).await
}

/// Rows of `table` whose `column` is one of `ids`.
async fn rows_naming(app: &TestApp, table: &str, column: &str, ids: &[Uuid]) -> i64 {
    let mut total = 0;
    for id in ids {
        let backend = app.db.get_database_backend();
        let placeholder = if backend == DbBackend::Postgres {
            "$1"
        } else {
            "?"
        };
        let row = app
            .db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                format!("SELECT COUNT(*) AS n FROM {table} WHERE {column} = {placeholder}"),
                [(*id).into()],
            ))
            .await
            .unwrap()
            .unwrap();
        total += row.try_get::<i64>("", "n").unwrap();
    }
    total
}

/// The ids of `table`'s rows of the agency.
async fn ids(app: &TestApp, table: &str, agency: Uuid) -> Vec<Uuid> {
    let backend = app.db.get_database_backend();
    let placeholder = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    app.db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            format!("SELECT id FROM {table} WHERE agency_id = {placeholder}"),
            [agency.into()],
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<Uuid>("", "id").unwrap())
        .collect()
}

/// For every table of the schema, the rows that belong to `agency` (by its id, its logins'
/// or its people's): a table that reaches an agency some other way fails the test, so a new
/// table cannot be forgotten by the purge.
async fn rows_of(
    app: &TestApp,
    agency: Uuid,
    logins: &[Uuid],
    people: &[Uuid],
) -> Vec<(String, i64)> {
    let exported: Vec<&str> = confitrek_api::exports::tables::tables()
        .iter()
        .map(|t| t.name)
        .collect();
    let mut found = Vec::new();
    for table in tables(app).await {
        let known = exported.contains(&table.as_str())
            || BY_LOGIN.contains(&table.as_str())
            || BY_AGENCY.contains(&table.as_str())
            || BY_EMAIL.contains(&table.as_str())
            || PLATFORM.contains(&table.as_str())
            || SHORT_LIVED.contains(&table.as_str());
        assert!(
            known,
            "table {table} is not known to the retention purge (crates/api/src/retention.rs)"
        );
        if PLATFORM.contains(&table.as_str())
            || BY_EMAIL.contains(&table.as_str())
            || SHORT_LIVED.contains(&table.as_str())
        {
            continue;
        }
        let columns = columns(app, &table).await;
        let mut count = 0;
        if table == "agencies" {
            count += rows_naming(app, &table, "id", &[agency]).await;
        }
        for (column, ids) in [
            ("agency_id", vec![agency]),
            ("user_id", logins.to_vec()),
            ("person_id", people.to_vec()),
        ] {
            if columns.iter().any(|c| c == column) {
                count += rows_naming(app, &table, column, &ids).await;
            }
        }
        let reached = table == "agencies"
            || ["agency_id", "user_id", "person_id"]
                .iter()
                .any(|c| columns.iter().any(|x| x == c));
        assert!(
            reached,
            "table {table} names no agency, login or person: how is it purged?"
        );
        found.push((table, count));
    }
    found
}

async fn a_cancelled_agency_is_read_only_for_90_days_and_gone_on_day_91(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let bravo = app.seed_agency("Bravo").await;
    seed_everything(&app, &alpha).await;
    seed_everything(&app, &bravo).await;
    // A wrong password leaves a count to delete too.
    app.login_response(&alpha.officer, "not the password").await;
    let logins = ids(&app, "users", alpha.id).await;
    let people = ids(&app, "people", alpha.id).await;
    let bravo_logins = ids(&app, "users", bravo.id).await;
    let bravo_people = ids(&app, "people", bravo.id).await;
    let before = rows_of(&app, alpha.id, &logins, &people).await;
    assert!(
        before.iter().filter(|(_, n)| *n > 0).count() >= 15,
        "{before:?}"
    );
    let bravo_before = rows_of(&app, bravo.id, &bravo_logins, &bravo_people).await;
    let files = app.files_on_disk();
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().contains(&alpha.id.to_string()))
    );

    // The operator cancels Alpha's subscription.
    app.seed_user(None, "operator@platform.test", Role::PlatformOperator, None)
        .await;
    let operator = app.login("operator@platform.test").await;
    let body = AgencyUpdate {
        name: "Alpha".into(),
        state_code: "MN".into(),
        subscription_status: SubscriptionStatus::Cancelled,
        modules: vec!["uof".into()],
    };
    let _: AgencyDto = operator
        .put_as(
            &format!("/api/v1/agencies/{}", alpha.id),
            &body,
            StatusCode::OK,
        )
        .await;
    let cancelled_at = OffsetDateTime::now_utc();

    // Read-only, with export, for 90 days.
    let admin = app.login(&alpha.admin).await;
    assert_eq!(admin.get("/api/v1/people").await.status(), StatusCode::OK);
    let refused = admin
        .post_problem(
            "/api/v1/people",
            &person_input("New", "Hire", "N-1"),
            StatusCode::FORBIDDEN,
        )
        .await;
    assert_eq!(refused.kind, "urn:confitrek:problem:agency_read_only");
    assert_eq!(admin.get("/api/v1/exports").await.status(), StatusCode::OK);

    let state = state(&app);
    let day_90 = retention::run(&state, cancelled_at + Duration::days(89))
        .await
        .unwrap();
    assert!(day_90.agencies.is_empty());
    assert_eq!(admin.get("/api/v1/people").await.status(), StatusCode::OK);

    let day_91 = retention::run(
        &state,
        cancelled_at + Duration::days(90) + Duration::minutes(1),
    )
    .await
    .unwrap();
    assert_eq!(day_91.agencies, vec![alpha.id]);
    let left: Vec<(String, i64)> = rows_of(&app, alpha.id, &logins, &people)
        .await
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect();
    assert!(left.is_empty(), "rows of the deleted agency left: {left:?}");
    assert!(
        !app.files_on_disk()
            .iter()
            .any(|f| f.to_string_lossy().contains(&alpha.id.to_string()))
    );
    assert_eq!(
        strings(&app, "SELECT account_key AS name FROM login_lockouts")
            .await
            .len(),
        0
    );
    // Bravo keeps every row (its audit log only grows).
    let bravo_after = rows_of(&app, bravo.id, &bravo_logins, &bravo_people).await;
    let kept = |rows: Vec<(String, i64)>| {
        rows.into_iter()
            .filter(|(t, _)| t != "audit_events")
            .collect::<Vec<_>>()
    };
    assert_eq!(kept(bravo_after), kept(bravo_before));
    // The deleted agency's tokens are refused.
    assert_eq!(
        admin.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

async fn technical_data_older_than_twelve_months_is_deleted(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let officer = app.login(&agency.officer).await;
    let count = |table: &'static str| app.count(table);
    assert!(count("login_devices").await >= 1);
    let sessions = count("sign_ins").await;
    let state = state(&app);
    let now = OffsetDateTime::now_utc();
    let none = retention::run(&state, now + Duration::days(300))
        .await
        .unwrap();
    assert_eq!(none.technical_rows, 0);
    let purged = retention::run(&state, now + Duration::days(366) + Duration::hours(13))
        .await
        .unwrap();
    assert!(purged.technical_rows >= 2, "{purged:?}");
    assert_eq!(count("login_devices").await, 0);
    assert!(count("sign_ins").await < sessions);
    // The officer's own sign-in was among them: it ended long ago by then anyway.
    drop(officer);
}

async fn an_erased_person_leaves_no_row_naming_him_or_her_and_no_file(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    seed_everything(&app, &agency).await;
    let officer = app.login(&agency.officer).await;
    let person = agency.officer_person;
    let tables_naming = |counts: Vec<(String, i64)>| {
        counts
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(t, _)| t)
            .collect::<Vec<_>>()
    };
    let before = tables_naming(rows_of(&app, Uuid::nil(), &[], &[person]).await);
    assert!(before.len() >= 3, "{before:?}");
    let files_before = app.files_on_disk().len();

    let coordinator = app.login(&agency.coordinator).await;
    let path = format!("/api/v1/people/{person}");
    coordinator
        .delete_problem(&path, StatusCode::FORBIDDEN)
        .await;
    let admin = app.login(&agency.admin).await;
    admin.delete_expect(&path, StatusCode::NO_CONTENT).await;
    admin.delete_problem(&path, StatusCode::NOT_FOUND).await;

    let after = tables_naming(rows_of(&app, Uuid::nil(), &[], &[person]).await);
    assert!(
        after.is_empty(),
        "rows still naming the erased person: {after:?}"
    );
    assert!(app.files_on_disk().len() <= files_before);
    // The login is switched off and anonymous; the audit log says what happened, no more.
    assert_eq!(
        officer.get("/api/v1/me").await.status(),
        StatusCode::UNAUTHORIZED
    );
    problem(
        app.login_response(&agency.officer, PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let events: Page<AuditEventDto> = admin
        .get_as("/api/v1/audit-events?action=person.erase", StatusCode::OK)
        .await;
    assert_eq!(events.items[0].target_id, Some(person));
    // Everyone else is still there.
    assert_eq!(
        admin
            .get(&format!("/api/v1/people/{}", agency.supervisor_person))
            .await
            .status(),
        StatusCode::OK
    );
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

async fn an_erased_person_is_struck_from_state_reports_and_leaves_no_expense_or_receipt(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let person = agency.officer_person;
    let coordinator = app.login(&agency.coordinator).await;
    let course = create_course(&coordinator, &crisis_course("Crisis Intervention Team")).await;
    let today = app.clock.today_in("America/Chicago");
    let sid = create_session(&coordinator, &session_input(course, today)).await;
    attend(&coordinator, sid, &[person, agency.supervisor_person]).await;
    let report: StateReportDto = coordinator
        .post_as(
            "/api/v1/state-reports",
            &PrepareStateReportInput {
                kind: StateReportKind::MnAffidavitOfAttendance,
                year: None,
                session_id: Some(sid),
                cleo_name: None,
                cleo_title: None,
            },
            StatusCode::CREATED,
        )
        .await;
    let report_id = report.id;
    let expense: ExpenseDto = coordinator
        .post_as(
            "/api/v1/expenses",
            &ExpenseInput {
                record_id: None,
                session_id: None,
                person_id: Some(person),
                category: ExpenseCategory::Travel,
                amount_cents: 12_000,
                incurred_on: today,
                paid_by: ExpensePaidBy::Agency,
                description: "Mileage".into(),
                status: None,
            },
            StatusCode::CREATED,
        )
        .await;
    let receipt = format!("/api/v1/expenses/{}/receipt", expense.id);
    let _: ReceiptDto = coordinator
        .send(Method::PUT, &receipt)
        .bytes("application/pdf", PDF.to_vec())
        .expect(StatusCode::CREATED)
        .await;
    let _: PayRateDto = coordinator
        .put_as(
            &format!("/api/v1/people/{person}/pay-rates/2026-01-01"),
            &PayRateInput {
                hourly_rate_cents: 3_000,
            },
            StatusCode::OK,
        )
        .await;
    let snapshot = |app: &TestApp| {
        let db = app.db.clone();
        let id = report_id;
        async move {
            let row = confitrek_api::db::state_reports::get(
                &db,
                confitrek_api::db::AgencyScope::new(agency.id),
                id,
            )
            .await
            .unwrap()
            .unwrap();
            (row.snapshot.to_string(), row.snapshot_sha256)
        }
    };
    let (before, sha_before) = snapshot(&app).await;
    assert!(before.contains(&person.to_string()) && before.contains("Olive"));
    let files_before = app.files_on_disk().len();

    let admin = app.login(&agency.admin).await;
    let path = format!("/api/v1/people/{person}");
    admin.delete_expect(&path, StatusCode::NO_CONTENT).await;

    let (after, sha_after) = snapshot(&app).await;
    assert!(!after.contains(&person.to_string()), "{after}");
    assert!(!after.contains("Olive"), "{after}");
    assert!(after.contains("Erased person"), "{after}");
    assert!(
        after.contains("Sergeant"),
        "the other attendee stays: {after}"
    );
    assert_ne!(
        sha_before, sha_after,
        "the hash is of the content as it stands"
    );
    for (table, column) in [
        ("expense_lines", "person_id"),
        ("person_pay_rates", "person_id"),
        ("reimbursement_claims", "person_id"),
    ] {
        assert_eq!(
            rows_naming(&app, table, column, &[person]).await,
            0,
            "{table}"
        );
    }
    assert_eq!(
        app.files_on_disk().len(),
        files_before - 1,
        "the receipt's file"
    );
    let csv = coordinator
        .get(&format!(
            "/api/v1/state-reports/{report_id}/download?format=csv"
        ))
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(!csv.text().await.unwrap().contains("Olive"));
}
