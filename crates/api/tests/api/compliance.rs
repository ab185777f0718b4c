//! Rule sets and verdicts through the API: the report, snapshots, publishing a version,
//! waivers, and who may see what.

use confitrek_api::db::AgencyScope;
use confitrek_domain::permissions::Role;
use confitrek_types::{
    ComplianceHistoryDto, ComplianceReportDto, ComplianceStatus, DeactivateRequest,
    JurisdictionDetail, JurisdictionSummary, PeriodHistoryDto, PeriodVerdict, PersonDto,
    RequirementResultDto, RequirementStatus, RuleSetVersionSummary, WaiverDto, WaiverEffectDto,
    WaiverInput,
};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    jurisdictions_list_their_rules_with_sources_and_unconfirmed_marks,
    a_report_counts_the_records_and_explains_the_gap,
    a_snapshot_is_stored_with_every_write_to_the_person,
    a_published_version_binds_from_the_next_cycle_and_history_stays,
    waivers_change_the_verdict_and_only_coordinators_record_them,
    the_history_shows_a_missed_cycle_made_up_late_and_counts_each_hour_once,
);

/// A Minnesota officer on the 2023–2026 cycle whose history in ConfiTrek starts with it.
async fn mn_officer(api: &Api, badge: &str) -> Uuid {
    create_person(api, &mn_cycle_officer("Dana", "Lindqvist", badge)).await
}

fn requirement<'a>(report: &'a ComplianceReportDto, id: &str) -> &'a RequirementResultDto {
    report
        .requirements
        .iter()
        .find(|r| r.requirement_id == id)
        .unwrap_or_else(|| panic!("no {id} in {report:?}"))
}

/// A public read (no sign-in), which must answer 200.
async fn public<T: DeserializeOwned>(app: &TestApp, path: &str) -> T {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "GET {path}: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("GET {path}: {e}: {text}"))
}

async fn jurisdictions_list_their_rules_with_sources_and_unconfirmed_marks(backend: Backend) {
    let app = spawn_app(backend).await;
    let list: Vec<JurisdictionSummary> = public(&app, "/api/v1/jurisdictions").await;
    let codes: Vec<&str> = list.iter().map(|j| j.code.as_str()).collect();
    assert_eq!(codes, ["IN", "MN", "OH", "OR"]);

    let mn: JurisdictionDetail = public(&app, "/api/v1/jurisdictions/mn").await;
    assert_eq!(mn.version, 1);
    let total = mn.rules.iter().find(|r| r.id == "mn.ce.total").unwrap();
    assert_eq!(total.measure, "48.0 hours in total");
    assert_eq!(total.period, "per 3-year licence cycle ending June 30");
    assert!(
        total
            .citations
            .iter()
            .any(|c| c.id == "MN-1" && c.title.contains("6700.1000")),
        "{total:?}"
    );
    assert!(mn.rules.iter().any(|r| r.unconfirmed.is_some()));
    assert_eq!(
        mn.versions,
        [RuleSetVersionSummary {
            version: 1,
            effective_from: date!(2018 - 07 - 01),
            published: false
        }]
    );
    problem(
        app.client
            .get(app.url("/api/v1/jurisdictions/XX"))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn a_report_counts_the_records_and_explains_the_gap(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let dana = mn_officer(&api, "B-1").await;
    app.seed_record(
        agency.id,
        dana,
        date!(2024 - 05 - 01),
        json!({ "general": 2400, "crisis_intervention": 120 }),
    )
    .await;
    app.seed_record(
        agency.id,
        dana,
        date!(2026 - 06 - 30),
        json!({ "crisis_intervention": 120 }),
    )
    .await;

    let path = format!("/api/v1/people/{dana}/compliance");
    let report: ComplianceReportDto = api
        .get_as(&format!("{path}?as_of=2026-01-15"), StatusCode::OK)
        .await;
    assert_eq!(report.jurisdiction, "MN");
    let total = requirement(&report, "mn.ce.total");
    assert_eq!((total.earned, total.required), (42.0, 48.0));
    assert_eq!(
        total.explanation,
        "needs 6.0 more hours of continuing education by 2026-06-30"
    );
    assert_eq!(total.due, Some(date!(2026 - 06 - 30)));
    assert_eq!(total.counted.len(), 1);
    assert!(!total.citations.is_empty());

    // On the deadline day the record of that day counts; the day after, the gap is overdue.
    let deadline: ComplianceReportDto = api
        .get_as(&format!("{path}?as_of=2026-06-30"), StatusCode::OK)
        .await;
    assert_eq!(requirement(&deadline, "mn.ce.total").earned, 44.0);
    let after: ComplianceReportDto = api
        .get_as(&format!("{path}?as_of=2026-07-01"), StatusCode::OK)
        .await;
    assert_eq!(after.status, ComplianceStatus::NonCompliant);
    assert_eq!(
        requirement(&after, "mn.ce.total").status,
        RequirementStatus::Overdue
    );

    let bad = api
        .get_problem(
            &format!("{path}?as_of=2026-02-30"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&bad), ["as_of"]);

    // An officer reads his own report, not another's.
    let officer = app.login(&agency.officer).await;
    let _: ComplianceReportDto = officer
        .get_as(
            &format!("/api/v1/people/{}/compliance", agency.officer_person),
            StatusCode::OK,
        )
        .await;
    officer.get_problem(&path, StatusCode::NOT_FOUND).await;
    let other = app.seed_agency("Beta").await;
    let intruder = app.login(&other.admin).await;
    intruder.get_problem(&path, StatusCode::NOT_FOUND).await;
}

async fn a_snapshot_is_stored_with_every_write_to_the_person(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let before = app.count("compliance_snapshots").await;
    let dana = mn_officer(&api, "B-1").await;
    assert_eq!(app.count("compliance_snapshots").await, before + 1);
    let snapshot =
        confitrek_api::db::compliance::snapshot_of(&app.db, AgencyScope::new(agency.id), dana)
            .await
            .unwrap()
            .unwrap();
    // The stored report is the very document the API serves, not merely the same verdicts.
    let report: Value = api
        .get_as(&format!("/api/v1/people/{dana}/compliance"), StatusCode::OK)
        .await;
    assert_eq!(snapshot.report, report);
    assert_eq!(
        snapshot.as_of,
        app.clock.today_in("America/Chicago"),
        "the agency's today"
    );

    // Deactivated, the person needs only what applies to inactive licensees.
    let _: PersonDto = api
        .post_as(
            &format!("/api/v1/people/{dana}/deactivate"),
            &DeactivateRequest::default(),
            StatusCode::OK,
        )
        .await;
    let snapshot =
        confitrek_api::db::compliance::snapshot_of(&app.db, AgencyScope::new(agency.id), dana)
            .await
            .unwrap()
            .unwrap();
    let stored: ComplianceReportDto = serde_json::from_value(snapshot.report).unwrap();
    let crisis = requirement(&stored, "mn.mlo.crisis_intervention");
    assert_eq!(crisis.status, RequirementStatus::NotApplicable);
}

fn mn_document(version: u32, effective_from: &str, total_hours: u32) -> Value {
    let text = include_str!("../../../../rules/mn.toml")
        .replacen("version = 1", &format!("version = {version}"), 1)
        .replacen(
            "effective_from = \"2018-07-01\"",
            &format!("effective_from = \"{effective_from}\""),
            1,
        )
        .replacen(
            "minimum_hours = 48",
            &format!("minimum_hours = {total_hours}"),
            1,
        );
    let doc: toml::Value = toml::from_str(&text).unwrap();
    serde_json::to_value(doc).unwrap()
}

async fn a_published_version_binds_from_the_next_cycle_and_history_stays(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    app.seed_user(None, "operator@platform.test", Role::PlatformOperator, None)
        .await;
    let operator = app.login("operator@platform.test").await;
    let coordinator = app.login(&agency.coordinator).await;
    let dana = mn_officer(&coordinator, "B-1").await;

    // The rule document stays JSON as the operator writes it: it is TOML's tree, not a type
    // of the API.
    let refused = coordinator
        .post_problem(
            "/api/v1/jurisdictions/MN/versions",
            &mn_document(2, "2025-01-01", 60),
            StatusCode::FORBIDDEN,
        )
        .await;
    assert_eq!(refused.status, 403);
    let mut broken = mn_document(2, "2025-01-01", 60);
    broken["requirements"][0]["citations"] = json!(["NOWHERE-1"]);
    let broken = operator
        .post_problem(
            "/api/v1/jurisdictions/MN/versions",
            &broken,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(
        problem_fields(&broken),
        ["requirements.mn.ce.total.citations"]
    );
    assert!(broken.errors[0].message.contains("NOWHERE-1"), "{broken:?}");
    let stale = operator
        .post_problem(
            "/api/v1/jurisdictions/MN/versions",
            &mn_document(1, "2025-01-01", 60),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&stale), ["version"]);
    let elsewhere = operator
        .post_problem(
            "/api/v1/jurisdictions/OH/versions",
            &mn_document(2, "2025-01-01", 60),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&elsewhere), ["jurisdiction"]);

    let _: JurisdictionDetail = operator
        .post_as(
            "/api/v1/jurisdictions/mn/versions",
            &mn_document(2, "2025-01-01", 60),
            StatusCode::CREATED,
        )
        .await;
    let now: JurisdictionDetail = public(&app, "/api/v1/jurisdictions/MN?as_of=2025-02-01").await;
    assert_eq!(now.version, 2);
    assert_eq!(now.versions.len(), 2);
    let old: JurisdictionDetail = public(&app, "/api/v1/jurisdictions/MN/versions/1").await;
    assert_eq!(old.rules[0].measure, "48.0 hours in total");

    // Dana's cycle began under version 1 and keeps it; the next cycle is judged by version 2.
    let path = format!("/api/v1/people/{dana}/compliance");
    let current: ComplianceReportDto = coordinator
        .get_as(&format!("{path}?as_of=2026-01-15"), StatusCode::OK)
        .await;
    assert_eq!(requirement(&current, "mn.ce.total").required, 48.0);
    let next: ComplianceReportDto = coordinator
        .get_as(&format!("{path}?as_of=2026-07-01"), StatusCode::OK)
        .await;
    let total = requirement(&next, "mn.ce.total");
    assert_eq!(
        total.status,
        RequirementStatus::Overdue,
        "the closed cycle's 48 hours are still missing"
    );
    assert_eq!(total.required, 48.0);
}

async fn waivers_change_the_verdict_and_only_coordinators_record_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let dana = mn_officer(&coordinator, "B-1").await;
    let path = format!("/api/v1/people/{dana}/waivers");
    let waiver = WaiverInput {
        requirement_id: "mn.ce.total".into(),
        period_due: date!(2026 - 06 - 30),
        effect: WaiverEffectDto::Exempt,
        reason: "Military leave".into(),
        approved_by: "Chief Avery Brooks".into(),
    };

    let officer = app.login(&agency.officer).await;
    officer
        .post_problem(&path, &waiver, StatusCode::FORBIDDEN)
        .await;
    let bad = WaiverInput {
        effect: WaiverEffectDto::ReduceHours { hours: -4.0 },
        reason: " ".into(),
        ..waiver.clone()
    };
    let bad = coordinator
        .post_problem(&path, &bad, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&bad), ["effect.hours", "reason"]);
    let pii = WaiverInput {
        reason: "SSN 123-45-6789 on file".into(),
        ..waiver.clone()
    };
    let pii = coordinator
        .post_problem(&path, &pii, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&pii), ["reason"]);
    let refusals = [
        (
            WaiverInput {
                requirement_id: "mn.nope".into(),
                ..waiver.clone()
            },
            "requirement_id",
        ),
        (
            WaiverInput {
                period_due: date!(2026 - 06 - 29),
                ..waiver.clone()
            },
            "period_due",
        ),
        (
            WaiverInput {
                requirement_id: "mn.evoc".into(),
                ..waiver.clone()
            },
            "period_due",
        ),
        (
            WaiverInput {
                effect: WaiverEffectDto::ExtendDays { days: 0 },
                ..waiver.clone()
            },
            "effect.days",
        ),
    ];
    for (body, field) in refusals {
        let refused = coordinator
            .post_problem(&path, &body, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&refused), [field], "{body:?}");
    }
    assert_eq!(app.count("waivers").await, 0);

    let _: WaiverDto = coordinator
        .post_as(&path, &waiver, StatusCode::CREATED)
        .await;
    let twice = coordinator
        .post_problem(&path, &waiver, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&twice), ["period_due"]);
    let listed: Vec<WaiverDto> = coordinator.get_as(&path, StatusCode::OK).await;
    assert_eq!(listed.len(), 1);
    let report: ComplianceReportDto = coordinator
        .get_as(
            &format!("/api/v1/people/{dana}/compliance?as_of=2026-07-01"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(
        requirement(&report, "mn.ce.total").status,
        RequirementStatus::Pending,
        "the waived cycle is not overdue"
    );
    let during: ComplianceReportDto = coordinator
        .get_as(
            &format!("/api/v1/people/{dana}/compliance?as_of=2026-03-01"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(
        requirement(&during, "mn.ce.total").status,
        RequirementStatus::Waived
    );

    let other = app.seed_agency("Beta").await;
    let intruder = app.login(&other.coordinator).await;
    intruder
        .post_problem(&path, &waiver, StatusCode::NOT_FOUND)
        .await;
}

/// The 2023–2026 cycle ended eight hours short; two later records made it up, and only the
/// two hours left over count toward the cycle that began on July 1, 2026.
async fn the_history_shows_a_missed_cycle_made_up_late_and_counts_each_hour_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let dana = mn_officer(&api, "B-1").await;
    let mlo = json!({
        "general": 40 * 60 - 16 * 60, "crisis_intervention": 9 * 60, "conflict_management": 60,
        "community_diversity": 60, "autism": 4 * 60, "crimes_motivated_by_bias": 60,
    });
    app.seed_record(agency.id, dana, date!(2024 - 05 - 01), mlo)
        .await;
    for (on, hours) in [(date!(2026 - 07 - 10), 5), (date!(2026 - 08 - 01), 5)] {
        app.seed_record(agency.id, dana, on, json!({ "general": hours * 60 }))
            .await;
    }

    let path = format!("/api/v1/people/{dana}/compliance/history");
    let history: ComplianceHistoryDto = api
        .get_as(&format!("{path}?from=2023-07-01"), StatusCode::OK)
        .await;
    let total: Vec<&PeriodHistoryDto> = history
        .periods
        .iter()
        .filter(|p| p.requirement_id == "mn.ce.total")
        .collect();
    assert_eq!(total.len(), 2, "{history:#?}");
    let missed = total[0];
    assert_eq!(missed.due, date!(2026 - 06 - 30));
    assert_eq!(missed.verdict, PeriodVerdict::MadeUpLate);
    assert_eq!(missed.shortfall_hours, 8.0);
    assert_eq!(missed.made_up_on, Some(date!(2026 - 08 - 01)));
    assert_eq!(missed.made_up_by.len(), 2);
    assert_eq!(missed.outstanding_hours, 0.0);
    assert_eq!(
        missed.explanation,
        "missed on 2026-06-30, 8.0 hours short; made up late on 2026-08-01"
    );
    let current = total[1];
    assert_eq!(current.verdict, PeriodVerdict::InProgress);
    assert_eq!(current.hours_by_deadline, 2.0, "each hour counts once");
    assert!(history.missed >= 1);
    assert!(history.made_up >= 1);

    // The report of today agrees: the new cycle holds the two hours left over.
    let report: ComplianceReportDto = api
        .get_as(&format!("/api/v1/people/{dana}/compliance"), StatusCode::OK)
        .await;
    assert_eq!(requirement(&report, "mn.ce.total").earned, 2.0);
    // The transcript lists the missed deadline and how it was put right.
    let transcript = crate::reports::pdf_text(
        api.get(&format!("/api/v1/people/{dana}/transcript?format=pdf"))
            .await,
    )
    .await;
    for expected in [
        "Missed deadlines from",
        "1 made up",
        "2026-06-30",
        "2026-08-01",
    ] {
        assert!(
            transcript.contains(expected),
            "{expected:?} in the transcript"
        );
    }

    // So does the agency's compliance report, per person in the CSV and listed in the PDF.
    let rows =
        crate::helpers::csv_rows(api.get("/api/v1/reports/compliance?format=csv").await).await;
    let mine: Vec<_> = rows
        .iter()
        .filter(|r| r["person_id"] == dana.to_string())
        .collect();
    assert!(!mine.is_empty());
    for row in &mine {
        assert_eq!(row["missed_deadlines"], history.missed.to_string());
        assert_eq!(row["made_up_late"], history.made_up.to_string());
    }
    let report =
        crate::reports::pdf_text(api.get("/api/v1/reports/compliance?format=pdf").await).await;
    for expected in ["Missed deadlines from", "made up", "2026-08-01"] {
        assert!(report.contains(expected), "{expected:?} in the report");
    }

    // Dates outside what the engine judges, or a range back to front, are refused at once.
    for (query, field) in [
        ("from=9999-01-01", "from"),
        ("to=1899-12-31", "to"),
        ("from=2026-01-01&to=2025-01-01", "from"),
    ] {
        let refused = api
            .get_problem(&format!("{path}?{query}"), StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&refused), [field], "{query}");
    }
    // Another agency's coordinator does not see the person at all.
    let beta = app.seed_agency("Beta").await;
    let stranger = app.login(&beta.coordinator).await;
    stranger.get_problem(&path, StatusCode::NOT_FOUND).await;
}
