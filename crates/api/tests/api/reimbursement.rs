//! State reimbursement: Minnesota's application (eligibility with reasons, the costs from
//! expenses, the CLEO's affirmation, in the portal's order as CSV and PDF), the record that
//! another unit claims an officer, Ohio's hours times effective-dated base rates, who may see
//! what, bad input named with nothing written, and every generation audited.

use confitrek_api::db::entity::{agency, expense_line};
use confitrek_types::{
    ClaimDecisionDto, ClaimDecisionInput, ExpenseCategory, ExpensePaidBy, ExpenseStatus,
    MinnesotaApplication, MinnesotaOfficer, OhioOfficer, OhioReimbursement, PayRateDto,
    PayRateInput, PersonDto, PersonInput, ReimbursementProgram,
};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::json;
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

/// A Patrol officer, with what `adjust` adds.
async fn officer(
    api: &Api,
    first: &str,
    badge: &str,
    adjust: impl FnOnce(&mut PersonInput),
) -> Uuid {
    let mut body = PersonInput {
        unit: Some("Patrol".into()),
        ..person_input(first, "Test", badge)
    };
    adjust(&mut body);
    let created: PersonDto = api
        .post_as("/api/v1/people", &body, StatusCode::CREATED)
        .await;
    created.id
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
    let dana = officer(&api, "Dana", "B-1", |p| {
        p.license_number = Some("MN-100".into());
        p.hire_date = Some(date!(2015 - 05 - 01));
    })
    .await;
    let erik = officer(&api, "Erik", "B-2", |p| {
        p.license_number = Some("MN-200".into());
        p.hire_date = Some(date!(2025 - 11 - 02));
    })
    .await;
    let pat = officer(&api, "Pat", "B-3", |p| {
        p.license_number = Some("MN-300".into());
        p.hire_date = Some(date!(2020 - 01 - 01));
        p.role_flags = vec!["part_time".into()];
    })
    .await;
    app.seed_record(
        agency.id,
        dana,
        date!(2025 - 09 - 10),
        json!({"general": 600, "crisis_intervention": 360}),
    )
    .await;
    app.seed_record(
        agency.id,
        erik,
        date!(2026 - 01 - 15),
        json!({"general": 1200}),
    )
    .await;
    app.seed_record(
        agency.id,
        pat,
        date!(2026 - 06 - 30),
        json!({"general": 945}),
    )
    .await;
    app.seed_record(
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

fn officer_of(application: &MinnesotaApplication, id: Uuid) -> &MinnesotaOfficer {
    application
        .officers
        .iter()
        .find(|o| o.person_id == id)
        .unwrap_or_else(|| panic!("{id} is not on the application"))
}

fn unmet(officer: &MinnesotaOfficer) -> Vec<&str> {
    officer
        .reasons
        .iter()
        .filter(|r| !r.met)
        .map(|r| r.code.as_str())
        .collect()
}

fn claim(claimed_elsewhere: bool, note: Option<&str>) -> ClaimDecisionInput {
    ClaimDecisionInput {
        claimed_elsewhere,
        note: note.map(Into::into),
    }
}

fn rate(hourly_rate_cents: i64) -> PayRateInput {
    PayRateInput { hourly_rate_cents }
}

async fn a_minnesota_coordinator_gets_eligibility_with_reasons_and_the_costs(backend: Backend) {
    let app = spawn_app(backend).await;
    let mn = minnesota(&app).await;
    let api = app.login(&mn.agency.coordinator).await;

    let a: MinnesotaApplication = api
        .get_as("/api/v1/reimbursement/minnesota/2026", StatusCode::OK)
        .await;

    assert_eq!(
        (a.starts_on, a.ends_on),
        (date!(2025 - 07 - 01), date!(2026 - 06 - 30))
    );
    assert_eq!(a.due_on, date!(2026 - 07 - 31));
    let dana = officer_of(&a, mn.dana);
    assert_eq!((dana.eligible, dana.months, dana.credits), (true, 12, 16.0));
    assert_eq!(dana.licence_number.as_deref(), Some("MN-100"));
    let erik = officer_of(&a, mn.erik);
    assert_eq!((erik.months, unmet(erik)), (7, vec!["months_with_agency"]));
    let pat = officer_of(&a, mn.pat);
    assert!(pat.part_time);
    assert_eq!(
        unmet(pat),
        ["credits"],
        "15.75 credits; July 1 is the next fiscal year"
    );
    // The seeded supervisor and officer have no licence number.
    assert_eq!(a.eligible_count, 1);
    assert_eq!(
        a.costs.total_cents, 57_000,
        "approved and paid lines of FY2026 only"
    );
    let categories: Vec<&str> = a
        .costs
        .by_category
        .iter()
        .map(|c| c.category.as_str())
        .collect();
    assert_eq!(categories, ["registration", "wages"]);
    assert!(a.share.is_none(), "no allocation is known for FY2026");

    let months = a
        .facts
        .iter()
        .find(|f| f.code == "months_with_agency")
        .unwrap();
    assert!(
        months
            .unconfirmed
            .as_deref()
            .unwrap_or_default()
            .contains("MN-19"),
        "{months:?}"
    );
    let ids: Vec<&str> = a.sources.iter().map(|s| s.id.as_str()).collect();
    for id in ["MN-19", "MN-20", "MN-22"] {
        assert!(ids.contains(&id), "{id} is among the sources: {ids:?}");
    }

    let program: ReimbursementProgram = api.get_as("/api/v1/reimbursement", StatusCode::OK).await;
    assert_eq!(
        (program.jurisdiction.as_str(), program.program.as_str()),
        ("MN", "minnesota")
    );
    // A Minnesota agency has no Ohio figures.
    api.get_problem("/api/v1/reimbursement/ohio/2024", StatusCode::CONFLICT)
        .await;
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

    let _: ClaimDecisionDto = api
        .put_as(
            &path,
            &claim(true, Some("Part-time at Beta; Beta claims FY2026")),
            StatusCode::OK,
        )
        .await;
    let application = async |year: i32| -> MinnesotaApplication {
        api.get_as(
            &format!("/api/v1/reimbursement/minnesota/{year}"),
            StatusCode::OK,
        )
        .await
    };
    let a = application(2026).await;
    let dana = officer_of(&a, mn.dana);
    assert_eq!((dana.eligible, unmet(dana)), (false, vec!["one_unit"]));
    assert_eq!(
        dana.claim_note.as_deref(),
        Some("Part-time at Beta; Beta claims FY2026")
    );
    let other_year = application(2027).await;
    assert!(
        other_year.officers.iter().all(|o| !o.claimed_elsewhere),
        "the decision is of FY2026 only"
    );

    let _: ClaimDecisionDto = api.put_as(&path, &claim(false, None), StatusCode::OK).await;
    let a = application(2026).await;
    assert!(
        officer_of(&a, mn.dana).eligible,
        "a later decision replaces it"
    );
}

async fn supervisors_see_their_unit_and_officers_see_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let mn = minnesota(&app).await;
    let coordinator = app.login(&mn.agency.coordinator).await;
    let body = PersonInput {
        unit: Some("Investigations".into()),
        ..person_input("Ines", "Other", "B-9")
    };
    let _: PersonDto = coordinator
        .post_as("/api/v1/people", &body, StatusCode::CREATED)
        .await;

    let supervisor = app.login(&mn.agency.supervisor).await;
    let a: MinnesotaApplication = supervisor
        .get_as("/api/v1/reimbursement/minnesota/2026", StatusCode::OK)
        .await;
    let units: Vec<Option<&str>> = a.officers.iter().map(|o| o.unit.as_deref()).collect();
    assert!(
        !units.is_empty() && units.iter().all(|u| *u == Some("Patrol")),
        "{units:?}"
    );
    supervisor
        .put_problem(
            &format!("/api/v1/reimbursement/minnesota/2026/claims/{}", mn.dana),
            &claim(true, None),
            StatusCode::FORBIDDEN,
        )
        .await;
    let officer = app.login(&mn.agency.officer).await;
    officer
        .get_problem(
            "/api/v1/reimbursement/minnesota/2026",
            StatusCode::FORBIDDEN,
        )
        .await;
    // An officer reads his or her own pay rates, not a colleague's.
    let _: Vec<PayRateDto> = officer
        .get_as(
            &format!("/api/v1/people/{}/pay-rates", mn.agency.officer_person),
            StatusCode::OK,
        )
        .await;
    officer
        .get_problem(
            &format!("/api/v1/people/{}/pay-rates", mn.dana),
            StatusCode::FORBIDDEN,
        )
        .await;
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
    let olga = officer(&api, "Olga", "C-1", |p| {
        p.hire_date = Some(date!(2010 - 01 - 01));
        p.certified_on = Some(date!(2010 - 06 - 01));
    })
    .await;
    let rookie = officer(&api, "Rory", "C-2", |p| {
        p.hire_date = Some(date!(2024 - 01 - 02));
        p.certified_on = Some(date!(2024 - 05 - 15));
    })
    .await;
    for (person, day, cents) in [
        (olga, "2024-01-01", 3000),
        (olga, "2024-07-01", 3300),
        (rookie, "2024-05-15", 2500),
    ] {
        let _: PayRateDto = api
            .put_as(
                &format!("/api/v1/people/{person}/pay-rates/{day}"),
                &rate(cents),
                StatusCode::OK,
            )
            .await;
    }
    app.seed_record(
        alpha.id,
        olga,
        date!(2023 - 12 - 31),
        json!({"general": 600}),
    )
    .await;
    app.seed_record(
        alpha.id,
        olga,
        date!(2024 - 03 - 01),
        json!({"general": 600}),
    )
    .await;
    app.seed_record(
        alpha.id,
        olga,
        date!(2024 - 09 - 01),
        json!({"legal_updates": 720}),
    )
    .await;
    app.seed_record(
        alpha.id,
        olga,
        date!(2024 - 10 - 01),
        json!({"firearms_requalification": 240}),
    )
    .await;
    app.seed_record(
        alpha.id,
        olga,
        date!(2024 - 11 - 01),
        json!({"use_of_force": 300}),
    )
    .await;
    app.seed_record(
        alpha.id,
        rookie,
        date!(2024 - 08 - 01),
        json!({"general": 480}),
    )
    .await;

    let ohio = async |year: i32| -> OhioReimbursement {
        api.get_as(
            &format!("/api/v1/reimbursement/ohio/{year}"),
            StatusCode::OK,
        )
        .await
    };
    let of = |r: &OhioReimbursement, id: Uuid| -> OhioOfficer {
        r.officers
            .iter()
            .find(|o| o.person_id == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} is not in {r:?}"))
    };
    let r = ohio(2024).await;
    let o = of(&r, olga);
    assert_eq!(
        (o.qualifying_hours, o.counted_hours),
        (27.0, 24.0),
        "firearms and 2023 do not count; the 25th hour is cut"
    );
    assert_eq!(
        o.base_cents,
        Some(10 * 3000 + 14 * 3300),
        "March at $30, the rest at $33"
    );
    assert_eq!(
        o.reimbursable_cents,
        Some(10 * 3000 + 14 * 3300),
        "2024: up to 100%"
    );
    let rory = of(&r, rookie);
    assert_eq!(
        (rory.exempt, rory.counted_hours),
        (true, 0.0),
        "the academy year"
    );
    assert_eq!(r.funding_percent, Some(100));
    let unknown = ohio(2023).await;
    assert!(unknown.funding_percent.is_none() && unknown.reimbursable_cents.is_none());
    let funding = unknown.facts.iter().find(|f| f.code == "funding").unwrap();
    assert!(
        funding.unconfirmed.is_some(),
        "an unknown year's percent is unconfirmed"
    );

    let csv = api.get("/api/v1/reimbursement/ohio/2024?format=csv").await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.text().await.unwrap().contains("$762.00"));
    let rates: Vec<PayRateDto> = api
        .get_as(&format!("/api/v1/people/{olga}/pay-rates"), StatusCode::OK)
        .await;
    assert_eq!(rates.len(), 2);
    // Writes of the same day at once all succeed; each day keeps one rate.
    for month in 1..=6 {
        let day = format!("/api/v1/people/{rookie}/pay-rates/2025-{month:02}-01");
        let writes = (0..8).map(|i| {
            let (api, day) = (api.clone(), day.clone());
            async move {
                let body = serde_json::to_value(rate(2600 + i)).unwrap();
                api.put(&day, &body).await.status()
            }
        });
        for status in futures_util::future::join_all(writes).await {
            assert_eq!(status, StatusCode::OK, "{day}");
        }
    }
    let rates: Vec<PayRateDto> = api
        .get_as(
            &format!("/api/v1/people/{rookie}/pay-rates"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(rates.len(), 7, "one rate a day: {rates:?}");
    api.delete_expect(
        &format!("/api/v1/people/{olga}/pay-rates/2024-07-01"),
        StatusCode::NO_CONTENT,
    )
    .await;
    let r = ohio(2024).await;
    assert_eq!(
        of(&r, olga).base_cents,
        Some(24 * 3000),
        "the earlier rate runs on"
    );
    api.get_problem("/api/v1/reimbursement/minnesota/2026", StatusCode::CONFLICT)
        .await;
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
        let p = api
            .get_problem(&path, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&p), [field], "{path}");
    }
    for (day, cents, field) in [
        ("2024-01-01", 0, "hourly_rate_cents"),
        ("2024-01-01", 1_000_001, "hourly_rate_cents"),
        ("1850-01-01", 3000, "effective_from"),
    ] {
        let path = format!("/api/v1/people/{}/pay-rates/{day}", mn.dana);
        let p = api
            .put_problem(&path, &rate(cents), StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&p), [field], "{path} {cents}");
    }
    let long_note = claim(true, Some(&"n".repeat(501)));
    let claim_path = format!("/api/v1/reimbursement/minnesota/2026/claims/{}", mn.dana);
    let p = api
        .put_problem(&claim_path, &long_note, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&p), ["note"]);
    let nobody = format!(
        "/api/v1/reimbursement/minnesota/2026/claims/{}",
        Uuid::now_v7()
    );
    api.put_problem(&nobody, &claim(true, None), StatusCode::NOT_FOUND)
        .await;

    // A separation before the hire date is refused on the person too.
    let body = PersonInput {
        hire_date: Some(date!(2020 - 01 - 01)),
        separated_on: Some(date!(2019 - 12 - 31)),
        ..person_input("Vera", "Early", "B-77")
    };
    let p = api
        .post_problem("/api/v1/people", &body, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&p), ["separated_on"]);
    let after = (
        app.count("person_pay_rates").await,
        app.count("reimbursement_claims").await,
        app.count("audit_events").await,
    );
    assert_eq!(after, before, "nothing written, nothing generated");
}
