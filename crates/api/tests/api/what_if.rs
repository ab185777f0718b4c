//! What-if evaluation: `POST /compliance/evaluate` judges facts given in the request, answers
//! as a person's report does, refuses bad input by field, stores nothing; and
//! `confitrek rules eval` answers the same from a rule-set file.

use std::process::Command;

use confitrek_api::db::AgencyScope;
use confitrek_api::db::compliance::{NewTrainingRecord, insert_record};
use confitrek_domain::permissions::Role;
use confitrek_types::{
    ComplianceReportDto, PersonDto, RequirementResultDto, RequirementStatus, WhatIfRecord,
    WhatIfReportDto, WhatIfRequest,
};
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    a_minnesota_officer_is_judged_as_the_roster_would_judge_him,
    bad_input_is_refused_by_its_field_path,
    only_signed_in_agency_users_may_ask,
    the_rules_judge_by_the_version_that_governs_or_the_one_named,
);

const EVALUATE: &str = "/api/v1/compliance/evaluate";

/// Dana on the roster's terms: a Minnesota officer on the 2023–2026 licence cycle whose
/// records are complete from its start, with 42 hours of the 48.
fn dana() -> WhatIfRequest {
    let record = |on, hours: &[(&str, f64)]| WhatIfRecord {
        id: None,
        completed_on: on,
        hours: hours.iter().map(|(t, h)| ((*t).to_owned(), *h)).collect(),
        events: Vec::new(),
    };
    WhatIfRequest {
        jurisdiction: "mn".into(),
        version: None,
        as_of: date!(2026 - 01 - 15),
        person: mn_cycle_facts(),
        records: vec![
            record(
                date!(2024 - 05 - 01),
                &[("general", 40.0), ("crisis_intervention", 2.0)],
            ),
            record(date!(2026 - 06 - 30), &[("crisis_intervention", 2.0)]),
        ],
        credentials: Vec::new(),
        policy_versions: Vec::new(),
        acknowledgements: Vec::new(),
        waivers: Vec::new(),
        at_risk_days: None,
    }
}

fn requirement<'a>(requirements: &'a [RequirementResultDto], id: &str) -> &'a RequirementResultDto {
    requirements
        .iter()
        .find(|r| r.requirement_id == id)
        .unwrap_or_else(|| panic!("no {id} in {requirements:?}"))
}

/// The requirement results without the ids of the records that counted, which differ
/// between the roster and a what-if.
fn verdicts(requirements: &[RequirementResultDto]) -> Vec<RequirementResultDto> {
    let mut requirements = requirements.to_vec();
    for r in &mut requirements {
        r.counted.clear();
    }
    requirements
}

async fn a_minnesota_officer_is_judged_as_the_roster_would_judge_him(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let written = [
        "audit_events",
        "compliance_snapshots",
        "training_records",
        "people",
    ];
    let mut before = Vec::new();
    for table in written {
        before.push(app.count(table).await);
    }

    let reply = officer
        .send(Method::POST, EVALUATE)
        .json(&dana())
        .expect_status(StatusCode::OK)
        .await;
    let report: WhatIfReportDto = reply.json();
    let answered: Value = reply.json();
    assert_eq!(report.jurisdiction, "MN");
    assert_eq!(report.as_of, date!(2026 - 01 - 15));
    assert_eq!(report.rule_set_versions, [1]);
    assert!(answered.get("person_id").is_none());
    let total = requirement(&report.requirements, "mn.ce.total");
    assert_eq!((total.earned, total.required), (42.0, 48.0));
    assert_eq!(total.status, RequirementStatus::Pending);
    assert_eq!(total.due, Some(date!(2026 - 06 - 30)));
    assert_eq!(
        total.explanation,
        "needs 6.0 more hours of continuing education by 2026-06-30"
    );
    assert_eq!(
        total.counted,
        [Uuid::from_u128(1)],
        "records without an id are numbered in the order given"
    );
    assert!(!total.citations[0].title.is_empty());

    let mut after = Vec::new();
    for table in written {
        after.push(app.count(table).await);
    }
    assert_eq!(before, after, "a what-if writes nothing");

    // The same facts on the roster get the same verdicts.
    let facts = dana().person;
    let person = confitrek_types::PersonInput {
        hire_date: facts.hire_date,
        license_cycle_start: facts.license_cycle_start,
        license_cycle_end: facts.license_cycle_end,
        history_from: Some(date!(2023 - 07 - 01)),
        ..person_input("Dana", "Lindqvist", "B-1")
    };
    let created: PersonDto = coordinator
        .post_as("/api/v1/people", &person, StatusCode::CREATED)
        .await;
    let id = created.id;
    for (on, minutes) in [
        (
            date!(2024 - 05 - 01),
            json!({ "general": 2400, "crisis_intervention": 120 }),
        ),
        (date!(2026 - 06 - 30), json!({ "crisis_intervention": 120 })),
    ] {
        let new = NewTrainingRecord {
            person_id: id,
            completed_on: on,
            title: "In-service".into(),
            minutes_by_topic: minutes,
            events: json!([]),
        };
        insert_record(&app.db, AgencyScope::new(agency.id), new, app.clock.now())
            .await
            .unwrap();
    }
    let roster: ComplianceReportDto = coordinator
        .get_as(
            &format!("/api/v1/people/{id}/compliance?as_of=2026-01-15"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(
        verdicts(&report.requirements),
        verdicts(&roster.requirements)
    );
    assert_eq!(report.status, roster.status);
    assert_eq!(report.next_change_at, roster.next_change_at);

    // The at-risk window is the request's, else the agency's.
    let wide = WhatIfRequest {
        at_risk_days: Some(200),
        ..dana()
    };
    let wide: WhatIfReportDto = officer.post_as(EVALUATE, &wide, StatusCode::OK).await;
    assert_eq!(
        requirement(&wide.requirements, "mn.ce.total").status,
        RequirementStatus::AtRisk
    );
    app.db
        .execute_raw(Statement::from_string(
            app.db.get_database_backend(),
            "UPDATE agencies SET at_risk_days = 200".to_owned(),
        ))
        .await
        .unwrap();
    let agency_window: WhatIfReportDto = officer.post_as(EVALUATE, &dana(), StatusCode::OK).await;
    assert_eq!(
        requirement(&agency_window.requirements, "mn.ce.total").status,
        RequirementStatus::AtRisk
    );

    // The command line answers exactly as the API does.
    let input = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(input.path(), serde_json::to_vec(&dana()).unwrap()).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_confitrek"))
        .args(["rules", "eval", &rules_file("mn.toml"), "--json", "--input"])
        .arg(input.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed, answered);
}

pub fn rules_file(name: &str) -> String {
    format!("{}/../../rules/{name}", env!("CARGO_MANIFEST_DIR"))
}

async fn bad_input_is_refused_by_its_field_path(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.officer).await;
    let audit_before = app.count("audit_events").await;
    // (what is wrong, a change to Dana's request, the fields named)
    let cases: Vec<(&str, Value, Vec<&str>)> = vec![
        (
            "a misspelt topic",
            json!({ "records": [
                { "completed_on": "2024-05-01", "hours": { "general": 1 } },
                { "completed_on": "2024-05-02", "hours": { "general": 1 } },
                { "completed_on": "2024-05-03", "hours": { "crisis_intervnetion": 2 } },
            ] }),
            vec!["records[2].hours.crisis_intervnetion"],
        ),
        (
            "negative hours",
            json!({ "records": [{ "completed_on": "2024-05-01", "hours": { "general": -4 } }] }),
            vec!["records[0].hours.general"],
        ),
        (
            "absurd hours",
            json!({ "records": [{ "completed_on": "2024-05-01", "hours": { "general": 90000 } }] }),
            vec!["records[0].hours.general"],
        ),
        (
            "hours as text",
            json!({ "records": [{ "completed_on": "2024-05-01", "hours": { "general": "four" } }] }),
            vec!["records[0].hours.general"],
        ),
        (
            "an event the rules do not know",
            json!({ "records": [{ "completed_on": "2024-05-01", "events": ["bowling"] }] }),
            vec!["records[0].events[0]"],
        ),
        (
            "a record without a date",
            json!({ "records": [{ "hours": { "general": 1 } }] }),
            vec!["records[0].completed_on"],
        ),
        (
            "a jurisdiction without rules",
            json!({ "jurisdiction": "XX" }),
            vec!["jurisdiction"],
        ),
        (
            "a version that was never published",
            json!({ "version": 7 }),
            vec!["version"],
        ),
        (
            "a date that does not exist",
            json!({ "as_of": "2026-02-30" }),
            vec!["as_of"],
        ),
        (
            "a status that is not one",
            json!({ "person": { "status": "retired" } }),
            vec!["person.status"],
        ),
        (
            "an unknown role flag and half a cycle",
            json!({ "person": { "role_flags": ["sro", "chief"], "license_cycle_start": "2023-07-01" } }),
            vec!["person.role_flags[1]", "person.license_cycle_end"],
        ),
        (
            "a credential that expires before it is issued",
            json!({ "credentials": [{ "credential_type": "first_aid", "issued_on": "2025-01-01", "expires_on": "2024-01-01" }] }),
            vec!["credentials[0].expires_on"],
        ),
        (
            "a waiver of no requirement",
            json!({ "waivers": [{ "requirement_id": "mn.nope", "period_due": "2026-06-30", "effect": { "kind": "exempt" } }] }),
            vec!["waivers[0].requirement_id"],
        ),
        (
            "no at-risk window",
            json!({ "at_risk_days": 0 }),
            vec!["at_risk_days"],
        ),
        (
            "an unknown field",
            json!({ "person_id": "x" }),
            vec!["person_id"],
        ),
    ];
    for (what, change, expected) in cases {
        let mut body = serde_json::to_value(dana()).unwrap();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let refused = api
            .post_problem(EVALUATE, &body, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&refused), expected, "{what}");
    }
    assert_eq!(app.count("audit_events").await, audit_before);
}

async fn only_signed_in_agency_users_may_ask(backend: Backend) {
    let app = spawn_app(backend).await;
    let anonymous = app
        .client
        .post(app.url(EVALUATE))
        .json(&dana())
        .send()
        .await
        .unwrap();
    problem(anonymous, StatusCode::UNAUTHORIZED).await;
    app.seed_user(None, "operator@platform.test", Role::PlatformOperator, None)
        .await;
    let operator = app.login("operator@platform.test").await;
    operator
        .post_problem(EVALUATE, &dana(), StatusCode::FORBIDDEN)
        .await;
    let agency = app.seed_agency("Alpha").await;
    for email in [&agency.admin, &agency.supervisor] {
        let api = app.login(email).await;
        let report: WhatIfReportDto = api.post_as(EVALUATE, &dana(), StatusCode::OK).await;
        assert_eq!(report.jurisdiction, "MN");
    }
}

/// The Minnesota rules with the total raised to 60 hours from 2025.
fn mn_version_2() -> Value {
    let text = include_str!("../../../../rules/mn.toml")
        .replacen("version = 1", "version = 2", 1)
        .replacen(
            "effective_from = \"2018-07-01\"",
            "effective_from = \"2025-01-01\"",
            1,
        )
        .replacen("minimum_hours = 48", "minimum_hours = 60", 1);
    serde_json::to_value(toml::from_str::<toml::Value>(&text).unwrap()).unwrap()
}

async fn the_rules_judge_by_the_version_that_governs_or_the_one_named(backend: Backend) {
    let app = spawn_app(backend).await;
    app.seed_user(None, "operator@platform.test", Role::PlatformOperator, None)
        .await;
    let operator = app.login("operator@platform.test").await;
    // The rule document is free-form JSON: the server reads it as the rules file would.
    operator
        .send(Method::POST, "/api/v1/jurisdictions/MN/versions")
        .json(&mn_version_2())
        .expect_status(StatusCode::CREATED)
        .await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let total =
        |report: &WhatIfReportDto| requirement(&report.requirements, "mn.ce.total").required;

    // Dana's cycle began under version 1; the rolling and yearly rules follow version 2.
    let report: WhatIfReportDto = api.post_as(EVALUATE, &dana(), StatusCode::OK).await;
    assert_eq!(total(&report), 48.0);
    assert_eq!(report.rule_set_versions, [1, 2]);

    // A cycle that began under version 2 is judged by it, unless version 1 is named (the
    // cycle before, not judged for want of records, began under version 1).
    let mut next_cycle = dana();
    next_cycle.as_of = date!(2026 - 08 - 01);
    next_cycle.person.license_cycle_start = Some(date!(2026 - 07 - 01));
    next_cycle.person.license_cycle_end = Some(date!(2029 - 06 - 30));
    next_cycle.person.records_complete_from = Some(date!(2026 - 07 - 01));
    let report: WhatIfReportDto = api.post_as(EVALUATE, &next_cycle, StatusCode::OK).await;
    assert_eq!(total(&report), 60.0);
    assert_eq!(report.rule_set_versions, [1, 2]);
    next_cycle.version = Some(1);
    let report: WhatIfReportDto = api.post_as(EVALUATE, &next_cycle, StatusCode::OK).await;
    assert_eq!(total(&report), 48.0);
    assert_eq!(report.rule_set_versions, [1]);
}
