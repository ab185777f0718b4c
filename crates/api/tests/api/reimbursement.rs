//! State reimbursement: Minnesota's application (eligibility with reasons, the costs from
//! expenses, the CLEO's affirmation, in the portal's order as CSV and PDF), the record that
//! another unit claims an officer, Ohio's hours times effective-dated base rates, who may see
//! what, bad input named with nothing written, and every generation audited.

use confitrek_api::db::AgencyScope;
use confitrek_api::db::compliance::{NewTrainingRecord, insert_record};
use confitrek_api::db::entity::{agency, expense_line};
use confitrek_types::{ExpenseCategory, ExpensePaidBy, ExpenseStatus};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    a_minnesota_coordinator_gets_eligibility_with_reasons_and_the_costs,
    the_files_follow_the_portals_order_and_every_generation_is_audited,
    an_officer_claimed_by_another_unit_is_left_out,
    supervisors_see_their_unit_and_officers_see_nothing,
    ohio_pays_capped_hours_at_the_rate_of_each_training_day,
    bad_input_is_named_and_nothing_is_written,
);

async fn officer(api: &Api, first: &str, badge: &str, extra: Value) -> Uuid {
    let mut body = person_json(first, "Test", badge);
    body["unit"] = json!("Patrol");
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let created = api.post("/api/v1/people", &body).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let body: Value = created.json().await.unwrap();
    Uuid::parse_str(body["id"].as_str().unwrap()).unwrap()
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

async fn expense(
    app: &TestApp,
    agency: Uuid,
    person: Uuid,
    category: ExpenseCategory,
    cents: i64,
    on: time::Date,
    status: ExpenseStatus,
) {
    let now = time::OffsetDateTime::now_utc();
    expense_line::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(agency),
        record_id: Set(None),
        session_id: Set(None),
        person_id: Set(Some(person)),
        category: Set(category),
        amount_cents: Set(cents),
        incurred_on: Set(on),
        paid_by: Set(ExpensePaidBy::Agency),
        description: Set("CIT course".into()),
        status: Set(status),
        rejection_reason: Set(None),
        requested_by: Set(person),
        decided_by: Set(None),
        decided_at: Set(None),
        paid_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&app.db)
    .await
    .unwrap();
}

struct Minnesota {
    agency: Agency,
    dana: Uuid,
    erik: Uuid,
    pat: Uuid,
}

/// FY2026: Dana (licensed, long hired, 16.0 credits) is eligible; Erik (hired November 2,
/// 7 whole months) is not; Pat (part-time, 15.75 credits) is not. $450 of approved
/// registration and $120 of paid wages count; a requested line and one of FY2025 do not.
async fn minnesota(app: &TestApp) -> Minnesota {
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let dana = officer(
        &api,
        "Dana",
        "B-1",
        json!({"license_number": "MN-100", "hire_date": "2015-05-01"}),
    )
    .await;
    let erik = officer(
        &api,
        "Erik",
        "B-2",
        json!({"license_number": "MN-200", "hire_date": "2025-11-02"}),
    )
    .await;
    let pat = officer(
        &api,
        "Pat",
        "B-3",
        json!({"license_number": "MN-300", "hire_date": "2020-01-01", "role_flags": ["part_time"]}),
    )
    .await;
    record(
        app,
        agency.id,
        dana,
        date!(2025 - 09 - 10),
        json!({"general": 600, "crisis_intervention": 360}),
    )
    .await;
    record(
        app,
        agency.id,
        erik,
        date!(2026 - 01 - 15),
        json!({"general": 1200}),
    )
    .await;
    record(
        app,
        agency.id,
        pat,
        date!(2026 - 06 - 30),
        json!({"general": 945}),
    )
    .await;
    record(
        app,
        agency.id,
        pat,
        date!(2026 - 07 - 01),
        json!({"general": 600}),
    )
    .await;
    let (approved, paid, requested) = (
        ExpenseStatus::Approved,
        ExpenseStatus::Paid,
        ExpenseStatus::Requested,
    );
    expense(
        app,
        agency.id,
        dana,
        ExpenseCategory::Registration,
        45_000,
        date!(2025 - 09 - 01),
        approved,
    )
    .await;
    expense(
        app,
        agency.id,
        dana,
        ExpenseCategory::Wages,
        12_000,
        date!(2025 - 09 - 10),
        paid,
    )
    .await;
    expense(
        app,
        agency.id,
        erik,
        ExpenseCategory::Travel,
        9_999,
        date!(2026 - 02 - 01),
        requested,
    )
    .await;
    expense(
        app,
        agency.id,
        pat,
        ExpenseCategory::Travel,
        7_777,
        date!(2025 - 06 - 30),
        approved,
    )
    .await;
    Minnesota {
        agency,
        dana,
        erik,
        pat,
    }
}

fn officer_of(application: &Value, id: Uuid) -> &Value {
    application["officers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["person_id"] == json!(id))
        .unwrap_or_else(|| panic!("{id} is not on the application"))
}

fn unmet(officer: &Value) -> Vec<String> {
    officer["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["met"] == json!(false))
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_minnesota_coordinator_gets_eligibility_with_reasons_and_the_costs(backend: Backend) {
    let app = spawn_app(backend).await;
    let mn = minnesota(&app).await;
    let api = app.login(&mn.agency.coordinator).await;

    let response = api.get("/api/v1/reimbursement/minnesota/2026").await;
    assert_eq!(response.status(), StatusCode::OK);
    let a: Value = response.json().await.unwrap();

    assert_eq!(
        (a["starts_on"].as_str(), a["ends_on"].as_str()),
        (Some("2025-07-01"), Some("2026-06-30"))
    );
    assert_eq!(a["due_on"], "2026-07-31");
    let dana = officer_of(&a, mn.dana);
    assert_eq!(
        (
            dana["eligible"].clone(),
            dana["months"].clone(),
            dana["credits"].clone()
        ),
        (json!(true), json!(12), json!(16.0))
    );
    assert_eq!(dana["licence_number"], "MN-100");
    let erik = officer_of(&a, mn.erik);
    assert_eq!(
        (erik["months"].clone(), unmet(erik)),
        (json!(7), vec!["months_with_agency".to_owned()])
    );
    let pat = officer_of(&a, mn.pat);
    assert_eq!(pat["part_time"], true);
    assert_eq!(
        unmet(pat),
        ["credits"],
        "15.75 credits; July 1 is the next fiscal year"
    );
    // The seeded supervisor and officer have no licence number.
    assert_eq!(a["eligible_count"], 1);
    assert_eq!(
        a["costs"]["total_cents"], 57_000,
        "approved and paid lines of FY2026 only"
    );
    let categories: Vec<&str> = a["costs"]["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["category"].as_str().unwrap())
        .collect();
    assert_eq!(categories, ["registration", "wages"]);
    assert!(a["share"].is_null(), "no allocation is known for FY2026");

    let months = a["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "months_with_agency")
        .unwrap();
    assert!(months["unconfirmed"].as_str().unwrap().contains("MN-19"));
    let ids: Vec<&str> = a["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    for id in ["MN-19", "MN-20", "MN-22"] {
        assert!(ids.contains(&id), "{id} is among the sources: {ids:?}");
    }

    let program: Value = api.get("/api/v1/reimbursement").await.json().await.unwrap();
    assert_eq!(
        (
            program["jurisdiction"].as_str(),
            program["program"].as_str()
        ),
        (Some("MN"), Some("minnesota"))
    );
    assert_eq!(
        api.get("/api/v1/reimbursement/ohio/2024").await.status(),
        StatusCode::CONFLICT,
        "a Minnesota agency has no Ohio figures"
    );
}

async fn the_files_follow_the_portals_order_and_every_generation_is_audited(backend: Backend) {
    let app = spawn_app(backend).await;
    let mn = minnesota(&app).await;
    let api = app.login(&mn.agency.admin).await;
    let before = app.count("audit_events").await;

    let csv = api
        .get("/api/v1/reimbursement/minnesota/2026?format=csv&cleo_name=Chief%20Ann%20Berg&cleo_title=Chief%20of%20Police")
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("mn-reimbursement-fy2026.csv")
    );
    let text = csv.text().await.unwrap();
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle} is in the CSV"))
    };
    assert!(
        at("Licence number") < at("Cost category"),
        "officers, then costs"
    );
    assert!(
        at("Cost category") < at("CLEO affirmation"),
        "costs, then the affirmation"
    );
    assert!(at("MN-100") < at("Cost category"));
    assert!(text.contains("Total,$570.00"));
    assert!(text.contains("Chief Ann Berg") && text.contains("Chief of Police"));
    assert!(text.contains("not eligible") && text.contains("(unconfirmed)"));

    let pdf = api
        .get("/api/v1/reimbursement/minnesota/2026?format=pdf")
        .await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
    assert_eq!(
        app.count("audit_events").await,
        before + 2,
        "each download is an export"
    );
}

async fn an_officer_claimed_by_another_unit_is_left_out(backend: Backend) {
    let app = spawn_app(backend).await;
    let mn = minnesota(&app).await;
    let api = app.login(&mn.agency.coordinator).await;
    let path = format!("/api/v1/reimbursement/minnesota/2026/claims/{}", mn.dana);

    let decided = api
        .put(
            &path,
            &json!({"claimed_elsewhere": true, "note": "Part-time at Beta; Beta claims FY2026"}),
        )
        .await;
    assert_eq!(decided.status(), StatusCode::OK);
    let a: Value = api
        .get("/api/v1/reimbursement/minnesota/2026")
        .await
        .json()
        .await
        .unwrap();
    let dana = officer_of(&a, mn.dana);
    assert_eq!(
        (dana["eligible"].clone(), unmet(dana)),
        (json!(false), vec!["one_unit".to_owned()])
    );
    assert_eq!(dana["claim_note"], "Part-time at Beta; Beta claims FY2026");
    let other_year: Value = api
        .get("/api/v1/reimbursement/minnesota/2027")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        other_year["officers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["claimed_elsewhere"] == false),
        "the decision is of FY2026 only"
    );

    api.put(&path, &json!({"claimed_elsewhere": false})).await;
    let a: Value = api
        .get("/api/v1/reimbursement/minnesota/2026")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        officer_of(&a, mn.dana)["eligible"],
        true,
        "a later decision replaces it"
    );
}

async fn supervisors_see_their_unit_and_officers_see_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let mn = minnesota(&app).await;
    let coordinator = app.login(&mn.agency.coordinator).await;
    let mut body = person_json("Ines", "Other", "B-9");
    body["unit"] = json!("Investigations");
    assert_eq!(
        coordinator.post("/api/v1/people", &body).await.status(),
        StatusCode::CREATED
    );

    let supervisor = app.login(&mn.agency.supervisor).await;
    let a: Value = supervisor
        .get("/api/v1/reimbursement/minnesota/2026")
        .await
        .json()
        .await
        .unwrap();
    let units: Vec<&str> = a["officers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["unit"].as_str().unwrap())
        .collect();
    assert!(
        !units.is_empty() && units.iter().all(|u| *u == "Patrol"),
        "{units:?}"
    );
    assert_eq!(
        supervisor
            .put(
                &format!("/api/v1/reimbursement/minnesota/2026/claims/{}", mn.dana),
                &json!({"claimed_elsewhere": true})
            )
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let officer = app.login(&mn.agency.officer).await;
    assert_eq!(
        officer
            .get("/api/v1/reimbursement/minnesota/2026")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let own = officer
        .get(&format!(
            "/api/v1/people/{}/pay-rates",
            mn.agency.officer_person
        ))
        .await;
    assert_eq!(
        own.status(),
        StatusCode::OK,
        "an officer reads his or her own pay rates"
    );
    let other = officer
        .get(&format!("/api/v1/people/{}/pay-rates", mn.dana))
        .await;
    assert_eq!(other.status(), StatusCode::FORBIDDEN, "not a colleague's");
}

async fn ohio_pays_capped_hours_at_the_rate_of_each_training_day(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Buckeye").await;
    agency::ActiveModel {
        id: Set(alpha.id),
        state_code: Set("OH".into()),
        ..Default::default()
    }
    .update(&app.db)
    .await
    .unwrap();
    let api = app.login(&alpha.coordinator).await;
    let olga = officer(
        &api,
        "Olga",
        "C-1",
        json!({"hire_date": "2010-01-01", "certified_on": "2010-06-01"}),
    )
    .await;
    let rookie = officer(
        &api,
        "Rory",
        "C-2",
        json!({"hire_date": "2024-01-02", "certified_on": "2024-05-15"}),
    )
    .await;
    for (person, day, cents) in [
        (olga, "2024-01-01", 3000),
        (olga, "2024-07-01", 3300),
        (rookie, "2024-05-15", 2500),
    ] {
        let set = api
            .put(
                &format!("/api/v1/people/{person}/pay-rates/{day}"),
                &json!({"hourly_rate_cents": cents}),
            )
            .await;
        assert_eq!(set.status(), StatusCode::OK);
    }
    record(
        &app,
        alpha.id,
        olga,
        date!(2023 - 12 - 31),
        json!({"general": 600}),
    )
    .await;
    record(
        &app,
        alpha.id,
        olga,
        date!(2024 - 03 - 01),
        json!({"general": 600}),
    )
    .await;
    record(
        &app,
        alpha.id,
        olga,
        date!(2024 - 09 - 01),
        json!({"legal_updates": 720}),
    )
    .await;
    record(
        &app,
        alpha.id,
        olga,
        date!(2024 - 10 - 01),
        json!({"firearms_requalification": 240}),
    )
    .await;
    record(
        &app,
        alpha.id,
        olga,
        date!(2024 - 11 - 01),
        json!({"use_of_force": 300}),
    )
    .await;
    record(
        &app,
        alpha.id,
        rookie,
        date!(2024 - 08 - 01),
        json!({"general": 480}),
    )
    .await;

    let r: Value = api
        .get("/api/v1/reimbursement/ohio/2024")
        .await
        .json()
        .await
        .unwrap();
    let of = |id: Uuid| {
        r["officers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["person_id"] == json!(id))
            .unwrap()
            .clone()
    };
    let o = of(olga);
    assert_eq!(
        (o["qualifying_hours"].clone(), o["counted_hours"].clone()),
        (json!(27.0), json!(24.0)),
        "firearms and 2023 do not count; the 25th hour is cut"
    );
    assert_eq!(
        o["base_cents"],
        10 * 3000 + 14 * 3300,
        "March at $30, the rest at $33"
    );
    assert_eq!(
        o["reimbursable_cents"],
        10 * 3000 + 14 * 3300,
        "2024: up to 100%"
    );
    let rory = of(rookie);
    assert_eq!(
        (rory["exempt"].clone(), rory["counted_hours"].clone()),
        (json!(true), json!(0.0)),
        "the academy year"
    );
    assert_eq!(r["funding_percent"], 100);
    let unknown: Value = api
        .get("/api/v1/reimbursement/ohio/2023")
        .await
        .json()
        .await
        .unwrap();
    assert!(unknown["funding_percent"].is_null() && unknown["reimbursable_cents"].is_null());
    let funding = unknown["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "funding")
        .unwrap();
    assert!(
        funding["unconfirmed"].is_string(),
        "an unknown year's percent is unconfirmed"
    );

    let csv = api.get("/api/v1/reimbursement/ohio/2024?format=csv").await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.text().await.unwrap().contains("$762.00"));
    let rates: Value = api
        .get(&format!("/api/v1/people/{olga}/pay-rates"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rates.as_array().unwrap().len(), 2);
    let gone = api
        .delete(&format!("/api/v1/people/{olga}/pay-rates/2024-07-01"))
        .await;
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    let r: Value = api
        .get("/api/v1/reimbursement/ohio/2024")
        .await
        .json()
        .await
        .unwrap();
    let o = r["officers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["person_id"] == json!(olga))
        .unwrap()
        .clone();
    assert_eq!(o["base_cents"], 24 * 3000, "the earlier rate runs on");
    assert_eq!(
        api.get("/api/v1/reimbursement/minnesota/2026")
            .await
            .status(),
        StatusCode::CONFLICT
    );
}

async fn bad_input_is_named_and_nothing_is_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let mn = minnesota(&app).await;
    let api = app.login(&mn.agency.coordinator).await;
    let before = (
        app.count("person_pay_rates").await,
        app.count("reimbursement_claims").await,
        app.count("audit_events").await,
    );

    let cases = [
        (
            "/api/v1/reimbursement/minnesota/1800".to_owned(),
            "fiscal_year",
        ),
        (
            format!(
                "/api/v1/reimbursement/minnesota/2026?cleo_name={}",
                "x".repeat(121)
            ),
            "cleo_name",
        ),
        (
            "/api/v1/reimbursement/minnesota/2026?format=xls".to_owned(),
            "format",
        ),
    ];
    for (path, field) in cases {
        let p = problem(api.get(&path).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&p), [field], "{path}");
    }
    let rate = |day: &str, cents: i64| {
        let path = format!("/api/v1/people/{}/pay-rates/{day}", mn.dana);
        (path, json!({"hourly_rate_cents": cents}))
    };
    for ((path, body), field) in [
        (rate("2024-01-01", 0), "hourly_rate_cents"),
        (rate("2024-01-01", 1_000_001), "hourly_rate_cents"),
        (rate("1850-01-01", 3000), "effective_from"),
    ] {
        let p = problem(
            api.put(&path, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(fields(&p), [field], "{path} {body}");
    }
    let long_note = json!({"claimed_elsewhere": true, "note": "n".repeat(501)});
    let claim = format!("/api/v1/reimbursement/minnesota/2026/claims/{}", mn.dana);
    let p = problem(
        api.put(&claim, &long_note).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["note"]);
    let nobody = format!(
        "/api/v1/reimbursement/minnesota/2026/claims/{}",
        Uuid::now_v7()
    );
    problem(
        api.put(&nobody, &json!({"claimed_elsewhere": true})).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // A separation before the hire date is refused on the person too.
    let mut body = person_json("Vera", "Early", "B-77");
    body["hire_date"] = json!("2020-01-01");
    body["separated_on"] = json!("2019-12-31");
    let p = problem(
        api.post("/api/v1/people", &body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&p), ["separated_on"]);
    let after = (
        app.count("person_pay_rates").await,
        app.count("reimbursement_claims").await,
        app.count("audit_events").await,
    );
    assert_eq!(after, before, "nothing written, nothing generated");
}
