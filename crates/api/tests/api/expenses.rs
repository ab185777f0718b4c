//! Training expenses and budgets: lines on a record, a session (shared among its attendees)
//! or a person; approval by the training office; budgets with spent, committed and left;
//! summaries and exports; receipts encrypted at rest; who sees what.

use std::io::Cursor;

use calamine::Reader;
use confitrek_types::{
    AgencyDto, AgencySettings, BudgetDto, BudgetInput, ExpenseCategory, ExpenseDto, ExpenseInput,
    ExpensePaidBy, ExpenseStatus, ExpenseStatusChange, ExpenseSummaryDto, Page, ReceiptDto,
};
use reqwest::StatusCode;
use serde_json::json;
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

/// A course and a session of it on 2026-11-02 attended by `people`.
async fn attended_session(coordinator: &Api, people: &[Uuid]) -> (Uuid, Uuid) {
    let course = create_course(coordinator, &crisis_course("Crisis Intervention Team")).await;
    let session = create_session(coordinator, &session_input(course, date!(2026 - 11 - 02))).await;
    attend(coordinator, session, people).await;
    (course, session)
}

/// What a line is on: a record, a session or a person.
enum On {
    Nothing,
    Record(Uuid),
    Session(Uuid),
    Person(Uuid),
}

fn line(on: On, category: ExpenseCategory, cents: i64, status: ExpenseStatus) -> ExpenseInput {
    let (record_id, session_id, person_id) = match on {
        On::Nothing => (None, None, None),
        On::Record(id) => (Some(id), None, None),
        On::Session(id) => (None, Some(id), None),
        On::Person(id) => (None, None, Some(id)),
    };
    ExpenseInput {
        record_id,
        session_id,
        person_id,
        category,
        amount_cents: cents,
        incurred_on: date!(2026 - 11 - 02),
        paid_by: ExpensePaidBy::Agency,
        description: "Course costs".into(),
        status: Some(status),
    }
}

fn budget(fiscal_year: i32, unit: Option<&str>, cents: i64) -> BudgetInput {
    BudgetInput {
        fiscal_year,
        unit: unit.map(Into::into),
        amount_cents: cents,
    }
}

fn change(status: ExpenseStatus, reason: Option<&str>) -> ExpenseStatusChange {
    ExpenseStatusChange {
        status,
        reason: reason.map(Into::into),
    }
}

fn settings(fiscal_year_start_month: Option<u8>) -> AgencySettings {
    AgencySettings {
        at_risk_days: 90,
        time_zone: None,
        count_unverified: None,
        ori: None,
        fiscal_year_start_month,
    }
}

async fn expense(api: &Api, body: &ExpenseInput) -> ExpenseDto {
    api.post_as("/api/v1/expenses", body, StatusCode::CREATED)
        .await
}

async fn new_budget(api: &Api, body: &BudgetInput) -> BudgetDto {
    api.post_as("/api/v1/budgets", body, StatusCode::CREATED)
        .await
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
    let shared = expense(
        &coordinator,
        &line(
            On::Session(session),
            ExpenseCategory::Registration,
            1000,
            ExpenseStatus::Approved,
        ),
    )
    .await;
    assert_eq!(shared.status, ExpenseStatus::Approved);
    assert_eq!(shared.shared_by, Some(3));
    assert_eq!(shared.fiscal_year, 2027);
    assert_eq!(shared.course_id, Some(course));
    let paid = expense(
        &coordinator,
        &line(
            On::Person(agency.officer_person),
            ExpenseCategory::Travel,
            25_000,
            ExpenseStatus::Paid,
        ),
    )
    .await;
    assert_eq!(paid.status, ExpenseStatus::Paid);
    // Asked for, not decided: no money yet.
    expense(
        &coordinator,
        &line(
            On::Person(traffic),
            ExpenseCategory::Lodging,
            99_999,
            ExpenseStatus::Requested,
        ),
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
    let whole = new_budget(&coordinator, &budget(2027, None, 100_000)).await;
    assert_eq!(
        (whole.spent_cents, whole.committed_cents, whole.left_cents),
        (25_000, 1000, 74_000)
    );
    assert_eq!(whole.starts_on, date!(2026 - 07 - 01));
    assert_eq!(whole.ends_on, date!(2027 - 06 - 30));
    let patrol = new_budget(&coordinator, &budget(2027, Some("Patrol"), 30_000)).await;
    let patrol_committed = 1000 - share(traffic).unwrap();
    assert_eq!(patrol.spent_cents, 25_000);
    assert_eq!(patrol.committed_cents, patrol_committed);
    assert_eq!(patrol.left_cents, 30_000 - 25_000 - patrol_committed);
    coordinator
        .post_problem(
            "/api/v1/budgets",
            &budget(2027, Some("Patrol"), 1),
            StatusCode::CONFLICT,
        )
        .await;

    // Paying the session's line moves it from committed to spent.
    let _: ExpenseDto = coordinator
        .post_as(
            &format!("/api/v1/expenses/{}/status", shared.id),
            &change(ExpenseStatus::Paid, None),
            StatusCode::OK,
        )
        .await;
    let budgets: Vec<BudgetDto> = coordinator
        .get_as("/api/v1/budgets?fiscal_year=2027", StatusCode::OK)
        .await;
    assert_eq!(budgets[0].unit, None);
    assert_eq!(
        (budgets[0].spent_cents, budgets[0].committed_cents),
        (26_000, 0)
    );

    // The summary: per unit, person, course and category.
    let summary: ExpenseSummaryDto = coordinator
        .get_as("/api/v1/expenses/summary?fiscal_year=2027", StatusCode::OK)
        .await;
    assert_eq!(summary.total.spent_cents, 26_000);
    assert_eq!(summary.total.requested_cents, 99_999);
    let group = |groups: &[confitrek_types::ExpenseTotal], key: &str| {
        groups
            .iter()
            .find(|g| g.key.as_deref() == Some(key))
            .cloned()
            .unwrap_or_else(|| panic!("no {key} in {groups:?}"))
    };
    assert_eq!(
        group(&summary.by_unit, "Traffic").spent_cents,
        share(traffic).unwrap()
    );
    assert_eq!(
        group(&summary.by_course, &course.to_string()).spent_cents,
        1000
    );
    assert_eq!(group(&summary.by_category, "travel").spent_cents, 25_000);
    assert_eq!(group(&summary.by_fiscal_year, "2027").spent_cents, 26_000);
    assert_eq!(
        group(&summary.by_person, &agency.officer_person.to_string()).label,
        "Officer, Olive"
    );
    // The session page's view: its lines.
    let on_session: Page<ExpenseDto> = coordinator
        .get_as(
            &format!("/api/v1/expenses?session_id={session}"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(on_session.items.len(), 1);
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
    let base = || {
        line(
            On::Person(agency.officer_person),
            ExpenseCategory::Travel,
            1200,
            ExpenseStatus::Requested,
        )
    };
    let on = |target: On| {
        line(
            target,
            ExpenseCategory::Travel,
            1200,
            ExpenseStatus::Requested,
        )
    };
    let cases = [
        (
            "a zero amount",
            ExpenseInput {
                amount_cents: 0,
                ..base()
            },
            "amount_cents",
        ),
        (
            "a negative amount",
            ExpenseInput {
                amount_cents: -100,
                ..base()
            },
            "amount_cents",
        ),
        (
            "over a million dollars",
            ExpenseInput {
                amount_cents: 100_000_001,
                ..base()
            },
            "amount_cents",
        ),
        (
            "a date from long ago",
            ExpenseInput {
                incurred_on: date!(1999 - 01 - 01),
                ..base()
            },
            "incurred_on",
        ),
        (
            "a date years ahead",
            ExpenseInput {
                incurred_on: date!(2031 - 01 - 01),
                ..base()
            },
            "incurred_on",
        ),
        (
            "no description",
            ExpenseInput {
                description: " ".into(),
                ..base()
            },
            "description",
        ),
        (
            "an SSN in the description",
            ExpenseInput {
                description: "Refund to 123-45-6789".into(),
                ..base()
            },
            "description",
        ),
        (
            "a long description",
            ExpenseInput {
                description: "x".repeat(201),
                ..base()
            },
            "description",
        ),
        (
            "two targets",
            ExpenseInput {
                session_id: Some(Uuid::now_v7()),
                ..base()
            },
            "record_id",
        ),
        ("no target", on(On::Nothing), "record_id"),
        ("a stranger", on(On::Person(Uuid::now_v7())), "person_id"),
        (
            "a missing record",
            on(On::Record(Uuid::now_v7())),
            "record_id",
        ),
        (
            "a missing session",
            on(On::Session(Uuid::now_v7())),
            "session_id",
        ),
        (
            "entered rejected",
            ExpenseInput {
                status: Some(ExpenseStatus::Rejected),
                ..base()
            },
            "status",
        ),
    ];
    for (case, body, field) in cases {
        let refused = coordinator
            .post_problem("/api/v1/expenses", &body, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert!(
            problem_fields(&refused).contains(&field),
            "{case}: {refused:?}"
        );
    }
    // Words no client type holds: a category and a payer that do not exist.
    for (key, word) in [("category", "snacks"), ("paid_by", "union")] {
        let mut body = serde_json::to_value(base()).unwrap();
        body[key] = json!(word);
        let refused = coordinator
            .post_problem("/api/v1/expenses", &body, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert!(
            problem_fields(&refused).contains(&key),
            "{word}: {refused:?}"
        );
    }
    assert_eq!(app.count("expense_lines").await, 0);

    // Status moves forward only; a rejection says why.
    let entered = expense(&coordinator, &base()).await;
    let status = format!("/api/v1/expenses/{}/status", entered.id);
    coordinator
        .post_problem(
            &status,
            &change(ExpenseStatus::Paid, None),
            StatusCode::CONFLICT,
        )
        .await;
    let why = coordinator
        .post_problem(
            &status,
            &change(ExpenseStatus::Rejected, None),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&why), ["reason"]);
    let rejected: ExpenseDto = coordinator
        .post_as(
            &status,
            &change(ExpenseStatus::Rejected, Some("Not pre-approved")),
            StatusCode::OK,
        )
        .await;
    assert_eq!(
        rejected.rejection_reason.as_deref(),
        Some("Not pre-approved")
    );
    coordinator
        .post_problem(
            &status,
            &change(ExpenseStatus::Approved, None),
            StatusCode::CONFLICT,
        )
        .await;

    // Budgets and settings name their fields.
    for (body, field) in [
        (budget(1999, None, 1), "fiscal_year"),
        (budget(2027, None, -1), "amount_cents"),
        (budget(2027, Some(&"u".repeat(101)), 1), "unit"),
    ] {
        let refused = coordinator
            .post_problem("/api/v1/budgets", &body, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&refused), [field]);
    }
    assert_eq!(app.count("budgets").await, 0);
    let admin = app.login(&agency.admin).await;
    let refused = admin
        .put_problem(
            "/api/v1/agencies/current/settings",
            &settings(Some(13)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&refused), ["fiscal_year_start_month"]);
    let filter = coordinator
        .get_problem(
            "/api/v1/expenses?fiscal_year=1800",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&filter), ["fiscal_year"]);
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
    let meals = |person: Uuid, status: ExpenseStatus| {
        line(On::Person(person), ExpenseCategory::Meals, 1800, status)
    };

    // The officer asks for his own: requested, whatever he says.
    let own = meals(agency.officer_person, ExpenseStatus::Requested);
    let asked = expense(&officer, &own).await;
    assert_eq!(asked.status, ExpenseStatus::Requested);
    let refused = officer
        .post_problem(
            "/api/v1/expenses",
            &meals(agency.officer_person, ExpenseStatus::Approved),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&refused), ["status"]);
    // Not for someone else, not approved by himself.
    let for_sergeant = meals(agency.supervisor_person, ExpenseStatus::Requested);
    officer
        .post_problem(
            "/api/v1/expenses",
            &for_sergeant,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    supervisor
        .post_problem("/api/v1/expenses", &own, StatusCode::FORBIDDEN)
        .await;
    let status = format!("/api/v1/expenses/{}/status", asked.id);
    let approve = change(ExpenseStatus::Approved, None);
    for api in [&officer, &supervisor] {
        api.post_problem(&status, &approve, StatusCode::FORBIDDEN)
            .await;
    }
    let _: ExpenseDto = coordinator.post_as(&status, &approve, StatusCode::OK).await;

    let sergeant = expense(&coordinator, &for_sergeant).await;
    let tia = expense(
        &coordinator,
        &line(
            On::Person(traffic),
            ExpenseCategory::Wages,
            40_000,
            ExpenseStatus::Approved,
        ),
    )
    .await;
    let ids = async |api: &Api| -> Vec<Uuid> {
        let page: Page<ExpenseDto> = api.get_as("/api/v1/expenses", StatusCode::OK).await;
        page.items.iter().map(|e| e.id).collect()
    };
    assert_eq!(ids(&coordinator).await.len(), 3);
    assert_eq!(ids(&officer).await, [asked.id]);
    let unit = ids(&supervisor).await;
    assert_eq!(unit.len(), 2);
    assert!(!unit.contains(&tia.id));
    officer
        .get_problem(
            &format!("/api/v1/expenses/{}", sergeant.id),
            StatusCode::NOT_FOUND,
        )
        .await;
    supervisor
        .get_problem(
            &format!("/api/v1/expenses/{}", tia.id),
            StatusCode::NOT_FOUND,
        )
        .await;
    let officer_summary: ExpenseSummaryDto = officer
        .get_as("/api/v1/expenses/summary?fiscal_year=2027", StatusCode::OK)
        .await;
    assert_eq!(officer_summary.total.committed_cents, 1800);

    // Budgets: the office all, the supervisor his unit's, the officer none.
    new_budget(&coordinator, &budget(2027, None, 900_000)).await;
    new_budget(&coordinator, &budget(2027, Some("Traffic"), 50_000)).await;
    new_budget(&coordinator, &budget(2027, Some("Patrol"), 50_000)).await;
    let seen: Vec<BudgetDto> = supervisor.get_as("/api/v1/budgets", StatusCode::OK).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].unit.as_deref(), Some("Patrol"));
    assert_eq!(seen[0].committed_cents, 1800);
    officer
        .get_problem("/api/v1/budgets", StatusCode::FORBIDDEN)
        .await;
    supervisor
        .post_problem(
            "/api/v1/budgets",
            &budget(2028, None, 1),
            StatusCode::FORBIDDEN,
        )
        .await;

    // Another agency sees nothing of it and cannot reach its people.
    let other = app.seed_agency("Beta").await;
    let intruder = app.login(&other.coordinator).await;
    let tia_path = format!("/api/v1/expenses/{}", tia.id);
    intruder.get_problem(&tia_path, StatusCode::NOT_FOUND).await;
    intruder
        .post_problem(
            &status,
            &change(ExpenseStatus::Paid, None),
            StatusCode::NOT_FOUND,
        )
        .await;
    intruder
        .delete_problem(&tia_path, StatusCode::NOT_FOUND)
        .await;
    assert!(ids(&intruder).await.is_empty());
    let budgets: Vec<BudgetDto> = intruder.get_as("/api/v1/budgets", StatusCode::OK).await;
    assert!(budgets.is_empty());
    let theirs = line(
        On::Person(agency.officer_person),
        ExpenseCategory::Meals,
        100,
        ExpenseStatus::Approved,
    );
    intruder
        .post_problem(
            "/api/v1/expenses",
            &theirs,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(app.count("expense_lines").await, 3);

    // Paid lines stay as they were paid.
    let _: ExpenseDto = coordinator
        .post_as(
            &format!("{tia_path}/status"),
            &change(ExpenseStatus::Paid, None),
            StatusCode::OK,
        )
        .await;
    coordinator
        .delete_problem(&tia_path, StatusCode::CONFLICT)
        .await;
    let corrected = line(
        On::Person(traffic),
        ExpenseCategory::Wages,
        1,
        ExpenseStatus::Paid,
    );
    coordinator
        .put_problem(&tia_path, &corrected, StatusCode::CONFLICT)
        .await;
    coordinator
        .delete_expect(
            &format!("/api/v1/expenses/{}", sergeant.id),
            StatusCode::NO_CONTENT,
        )
        .await;
    assert_eq!(app.count("expense_lines").await, 2);
}

async fn lines_export_as_csv_and_xlsx_and_receipts_are_encrypted_at_rest(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let body = ExpenseInput {
        description: "=Hotel, two nights".into(),
        ..line(
            On::Person(agency.officer_person),
            ExpenseCategory::Lodging,
            12_345,
            ExpenseStatus::Approved,
        )
    };
    let entered = expense(&coordinator, &body).await;

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
    let path = format!("/api/v1/expenses/{}/receipt", entered.id);
    let uploaded = coordinator
        .put_bytes(&path, "application/octet-stream", PDF.to_vec())
        .await;
    let status = uploaded.status();
    let text = uploaded.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "PUT {path}: {text}");
    let uploaded: ReceiptDto = serde_json::from_str(&text).unwrap();
    assert_eq!(uploaded.content_type, "application/pdf");
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
    officer.delete_problem(&path, StatusCode::FORBIDDEN).await;
    let wrong = problem(
        coordinator
            .put_bytes(&path, "application/pdf", b"plain text".to_vec())
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&wrong), vec!["file"]);
    assert_eq!(app.files_on_disk().len(), 1);
    let line_path = format!("/api/v1/expenses/{}", entered.id);
    let listed: ExpenseDto = coordinator.get_as(&line_path, StatusCode::OK).await;
    assert_eq!(listed.receipt.map(|r| r.size_bytes), Some(PDF.len() as u64));
    // Deleting the line removes its receipt from disk.
    coordinator
        .delete_expect(&line_path, StatusCode::NO_CONTENT)
        .await;
    assert!(app.files_on_disk().is_empty());
}

async fn the_fiscal_year_follows_the_agency_start_month(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let admin = app.login(&agency.admin).await;
    let current: AgencyDto = admin
        .get_as("/api/v1/agencies/current", StatusCode::OK)
        .await;
    assert_eq!(current.fiscal_year_start_month, 7);
    let entered = expense(
        &coordinator,
        &line(
            On::Person(agency.officer_person),
            ExpenseCategory::Other,
            500,
            ExpenseStatus::Paid,
        ),
    )
    .await;
    assert_eq!(entered.fiscal_year, 2027);

    let changed: AgencyDto = admin
        .put_as(
            "/api/v1/agencies/current/settings",
            &settings(Some(1)),
            StatusCode::OK,
        )
        .await;
    assert_eq!(changed.fiscal_year_start_month, 1);
    let read: ExpenseDto = coordinator
        .get_as(&format!("/api/v1/expenses/{}", entered.id), StatusCode::OK)
        .await;
    assert_eq!(read.fiscal_year, 2026, "the calendar year");
    let budget = new_budget(&coordinator, &budget(2026, None, 1000)).await;
    assert_eq!(
        (budget.starts_on, budget.ends_on),
        (date!(2026 - 01 - 01), date!(2026 - 12 - 31))
    );
    assert_eq!(budget.spent_cents, 500);
    // Omitted, the month stays.
    let kept: AgencyDto = admin
        .put_as(
            "/api/v1/agencies/current/settings",
            &settings(None),
            StatusCode::OK,
        )
        .await;
    assert_eq!(kept.fiscal_year_start_month, 1);
}
