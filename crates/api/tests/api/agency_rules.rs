//! An agency's own requirements, training profiles and its at-risk window.

use confitrek_types::{
    AgencyDto, AgencyRequirementDto, AgencySettings, Assignment, ComplianceReportDto,
    ComplianceStatus, PersonDto, ProfileDto, ProfileInput,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    agency_requirements_reach_people_through_profiles,
    bad_requirements_and_profiles_are_refused_and_nothing_is_written,
    the_at_risk_window_is_an_agency_setting,
    today_is_the_agency_s_date_in_its_time_zone,
);

/// A requirement document is free-form JSON (a rule of a rule set), checked by the server as
/// the rules files are; the tests send it as such.
fn taser() -> Value {
    json!({
        "id": "agency.taser", "title": "TASER recertification", "subject": "TASER recertification",
        "citations": ["Lakeview Policy 300.4"],
        "period": { "kind": "rolling", "months": 12 },
        "measure": { "kind": "hours", "topics": ["use_of_force"], "minimum_hours": 4 }
    })
}

async fn person_with_flags(api: &Api, badge: &str, flags: &[&str]) -> Uuid {
    let body = confitrek_types::PersonInput {
        role_flags: flags.iter().map(|f| (*f).to_owned()).collect(),
        hire_date: Some(date!(2020 - 01 - 06)),
        license_cycle_start: Some(date!(2024 - 07 - 01)),
        license_cycle_end: Some(date!(2027 - 06 - 30)),
        ..person_input("Kai", "Handler", badge)
    };
    let created: PersonDto = api
        .post_as("/api/v1/people", &body, StatusCode::CREATED)
        .await;
    created.id
}

fn ids(report: &ComplianceReportDto) -> Vec<String> {
    report
        .requirements
        .iter()
        .map(|r| r.requirement_id.clone())
        .collect()
}

/// Agency settings with only the at-risk window and perhaps the time zone given.
fn settings(at_risk_days: u16, time_zone: Option<&str>) -> AgencySettings {
    AgencySettings {
        at_risk_days,
        time_zone: time_zone.map(str::to_owned),
        count_unverified: None,
        ori: None,
        fiscal_year_start_month: None,
    }
}

const SETTINGS: &str = "/api/v1/agencies/current/settings";

async fn agency_requirements_reach_people_through_profiles(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let handler = person_with_flags(&api, "K-1", &["k9_handler"]).await;
    let patrol = person_with_flags(&api, "P-1", &[]).await;

    let created: AgencyRequirementDto = api
        .post_as("/api/v1/requirements", &taser(), StatusCode::CREATED)
        .await;
    assert_eq!(created.code, "agency.taser");
    assert_eq!(created.rule.period, "once a year");
    assert_eq!(created.rule.citations[0].id, "Lakeview Policy 300.4");
    let requirement_path = format!("/api/v1/requirements/{}", created.id);

    let profile = ProfileInput {
        name: "K9 unit".into(),
        requirement_codes: vec!["agency.taser".into()],
        assignment: Assignment::RoleFlags {
            role_flags: vec!["k9_handler".into()],
        },
    };
    let made: ProfileDto = api
        .post_as("/api/v1/profiles", &profile, StatusCode::CREATED)
        .await;
    assert_eq!(made.assignment, profile.assignment);
    let profile_path = format!("/api/v1/profiles/{}", made.id);

    let report = |id: Uuid| {
        let path = format!("/api/v1/people/{id}/compliance?as_of=2026-11-26");
        let api = &api;
        async move {
            api.get_as::<ComplianceReportDto>(&path, StatusCode::OK)
                .await
        }
    };
    let handler_report = report(handler).await;
    assert!(ids(&handler_report).contains(&"agency.taser".to_owned()));
    let taser_result = handler_report
        .requirements
        .iter()
        .find(|r| r.requirement_id == "agency.taser")
        .unwrap();
    assert!(
        taser_result.explanation.contains("TASER recertification"),
        "{taser_result:?}"
    );
    assert!(!ids(&report(patrol).await).contains(&"agency.taser".to_owned()));

    // The stored verdicts follow at once.
    let snapshot = confitrek_api::db::compliance::snapshot_of(
        &app.db,
        confitrek_api::db::AgencyScope::new(agency.id),
        handler,
    )
    .await
    .unwrap()
    .unwrap();
    assert!(snapshot.report.to_string().contains("agency.taser"));

    // Everyone, then nobody.
    let everyone = ProfileInput {
        assignment: Assignment::Everyone,
        ..profile
    };
    let replaced: ProfileDto = api.put_as(&profile_path, &everyone, StatusCode::OK).await;
    assert_eq!(replaced.assignment, Assignment::Everyone);
    assert!(ids(&report(patrol).await).contains(&"agency.taser".to_owned()));
    let in_use = api
        .delete_problem(&requirement_path, StatusCode::CONFLICT)
        .await;
    assert!(
        in_use
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("agency.taser"),
        "{in_use:?}"
    );
    api.delete_expect(&profile_path, StatusCode::NO_CONTENT)
        .await;
    assert!(!ids(&report(patrol).await).contains(&"agency.taser".to_owned()));
    api.delete_expect(&requirement_path, StatusCode::NO_CONTENT)
        .await;
    let listed: Vec<AgencyRequirementDto> =
        api.get_as("/api/v1/requirements", StatusCode::OK).await;
    assert_eq!(listed, []);
}

async fn bad_requirements_and_profiles_are_refused_and_nothing_is_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    officer
        .post_problem("/api/v1/requirements", &taser(), StatusCode::FORBIDDEN)
        .await;

    let refuse = |document: Value| {
        let api = &api;
        async move {
            api.post_problem(
                "/api/v1/requirements",
                &document,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    };
    let mut unknown_topic = taser();
    unknown_topic["measure"]["topics"] = json!(["basket_weaving"]);
    let refused = refuse(unknown_topic).await;
    assert_eq!(problem_fields(&refused), ["measure.topics"]);
    assert!(
        refused.errors[0].message.contains("basket_weaving"),
        "{refused:?}"
    );
    // Each problem names the field of the document at fault, as the form shows them.
    let cases = [
        (
            json!({ "measure": { "kind": "hours", "minimum_hours": -4 } }),
            "measure.minimum_hours",
        ),
        // Inside a tagged union, the union is as far as the path goes.
        (
            json!({ "measure": { "kind": "hours", "minimum_hours": "four" } }),
            "measure",
        ),
        (
            json!({ "period": { "kind": "rolling", "months": 0 } }),
            "period.months",
        ),
        (
            json!({ "period": { "kind": "fiscal_year", "start_month": 13 } }),
            "period.start_month",
        ),
        (json!({ "title": " " }), "title"),
        (
            json!({ "effective_from": "2026-05-01", "effective_until": "2026-01-01" }),
            "effective_until",
        ),
    ];
    for (change, field) in cases {
        let mut document = taser();
        for (key, value) in change.as_object().unwrap() {
            document[key] = value.clone();
        }
        let refused = refuse(document).await;
        assert_eq!(problem_fields(&refused), [field], "{change}");
    }
    let mut state_id = taser();
    state_id["id"] = json!("mn.ce.total");
    assert_eq!(problem_fields(&refuse(state_id).await), ["id"]);
    let mut no_citation = taser();
    no_citation["citations"] = json!([]);
    let refused = refuse(no_citation).await;
    assert_eq!(problem_fields(&refused), ["citations"]);
    assert_eq!(app.count("agency_requirements").await, 0);

    let _: AgencyRequirementDto = api
        .post_as("/api/v1/requirements", &taser(), StatusCode::CREATED)
        .await;
    assert_eq!(problem_fields(&refuse(taser()).await), ["id"]);

    let other = app.seed_agency("Beta").await;
    let bad = ProfileInput {
        name: " ".into(),
        requirement_codes: vec!["agency.nothing".into()],
        assignment: Assignment::People {
            people: vec![other.officer_person],
        },
    };
    let refused = api
        .post_problem("/api/v1/profiles", &bad, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(
        problem_fields(&refused),
        ["name", "requirement_codes.0", "assignment.people.0"]
    );
    let bad_flag = ProfileInput {
        name: "Chiefs".into(),
        requirement_codes: Vec::new(),
        assignment: Assignment::RoleFlags {
            role_flags: vec!["chief".into()],
        },
    };
    let refused = api
        .post_problem(
            "/api/v1/profiles",
            &bad_flag,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&refused), ["assignment.role_flags.0"]);
    assert_eq!(app.count("training_profiles").await, 0);

    // Another agency sees none of it and cannot touch it.
    let intruder = app.login(&other.coordinator).await;
    let theirs: Vec<AgencyRequirementDto> = intruder
        .get_as("/api/v1/requirements", StatusCode::OK)
        .await;
    assert_eq!(theirs, []);
    let ours: Vec<AgencyRequirementDto> = api.get_as("/api/v1/requirements", StatusCode::OK).await;
    let path = format!("/api/v1/requirements/{}", ours[0].id);
    intruder
        .put_problem(&path, &taser(), StatusCode::NOT_FOUND)
        .await;
}

async fn the_at_risk_window_is_an_agency_setting(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let body = confitrek_types::PersonInput {
        license_cycle_start: Some(date!(2023 - 07 - 01)),
        license_cycle_end: Some(date!(2026 - 06 - 30)),
        ..person_input("Dana", "Lindqvist", "B-1")
    };
    let dana: PersonDto = coordinator
        .post_as("/api/v1/people", &body, StatusCode::CREATED)
        .await;
    let path = format!("/api/v1/people/{}/compliance?as_of=2026-05-01", dana.id);

    let before: ComplianceReportDto = coordinator.get_as(&path, StatusCode::OK).await;
    assert_eq!(
        before.status,
        ComplianceStatus::AtRisk,
        "60 days before the deadline, inside the default 90"
    );
    coordinator
        .put_problem(SETTINGS, &settings(30, None), StatusCode::FORBIDDEN)
        .await;
    let zero = admin
        .put_problem(
            SETTINGS,
            &settings(0, None),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&zero), ["at_risk_days"]);
    let set: AgencyDto = admin
        .put_as(SETTINGS, &settings(30, None), StatusCode::OK)
        .await;
    assert_eq!(set.at_risk_days, 30);
    let after: ComplianceReportDto = coordinator.get_as(&path, StatusCode::OK).await;
    assert_eq!(after.status, ComplianceStatus::Compliant);
}

async fn today_is_the_agency_s_date_in_its_time_zone(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let current: AgencyDto = admin
        .get_as("/api/v1/agencies/current", StatusCode::OK)
        .await;
    assert_eq!(
        current.time_zone, "America/Chicago",
        "a Minnesota agency's default"
    );

    let unknown = admin
        .put_problem(
            SETTINGS,
            &settings(45, Some("America/Lakeview")),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&unknown), ["time_zone"]);
    let unchanged: AgencyDto = admin
        .get_as("/api/v1/agencies/current", StatusCode::OK)
        .await;
    assert_eq!(unchanged.at_risk_days, 90, "nothing written");

    let person: PersonDto = coordinator
        .post_as(
            "/api/v1/people",
            &person_input("Dana", "Lindqvist", "B-1"),
            StatusCode::CREATED,
        )
        .await;
    let report_path = format!("/api/v1/people/{}/compliance", person.id);
    // UTC+14 and UTC-11 are 25 hours apart: at any moment their dates differ.
    let mut days = Vec::new();
    for zone in ["Pacific/Kiritimati", "Pacific/Pago_Pago"] {
        let set: AgencyDto = admin
            .put_as(SETTINGS, &settings(90, Some(zone)), StatusCode::OK)
            .await;
        assert_eq!(set.time_zone, zone);
        let report: ComplianceReportDto = coordinator.get_as(&report_path, StatusCode::OK).await;
        let today = set.today;
        let as_of = report.as_of;
        assert!(
            as_of == today || (as_of > today && days.first().is_none_or(|first| as_of < *first)),
            "the report is for the agency's today (or the next, past its midnight): {as_of} {today}"
        );
        days.push(today);
    }
    assert!(days[1] < days[0], "{days:?}");
    // Omitted, the time zone stays.
    let kept: AgencyDto = admin
        .put_as(SETTINGS, &settings(60, None), StatusCode::OK)
        .await;
    assert_eq!(kept.time_zone, "Pacific/Pago_Pago");
}
