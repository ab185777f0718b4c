//! Use of Force incidents through the API: the workflow and its refusals, the review
//! permission, tenancy, the module gate, free-text refusals, amendments, the officers'
//! training on the incident day against the engine's answer, and the exports field by field.

use std::collections::BTreeSet;

use confitrek_types::{
    AgencyDto, AgencySettings, AmendIncidentInput, ComplianceReportDto, ContactReason, CountDto, ForceType, IncidentDto, IncidentInput, IncidentStatus,
    IncidentSummaryDto, Injury, LocationType, Me, OfficerTrainingDto, Page,
    PersonDto, PersonInput, QualificationDto, RequirementResultDto,
    ReviewIncidentInput, SubmitIncidentInput, TrainingArea, TrainingAreaDto,
    TrainingRecordDto, TrainingRecordInput, UofAccessInput, UofAggregatesDto, UserDto,
    YesNoUnknown,
};
use migrations::{Migrator, MigratorTrait};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use time::Date;
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    an_incident_goes_from_draft_to_closed_with_the_training_of_its_day,
    only_reviewers_see_the_agency_s_incidents_and_never_another_agency_s,
    an_agency_without_the_module_sees_none_of_it,
    free_text_refuses_identifiers_and_writes_nothing,
    exports_and_aggregates_follow_the_federal_elements,
    the_list_filters_incidents,
    counts_and_officers_order_hold_for_incidents_written_before_their_columns,
);

async fn user_id(admin: &Api, email: &str) -> Uuid {
    let users: Page<UserDto> = admin
        .get_as("/api/v1/users?limit=100", StatusCode::OK)
        .await;
    users
        .items
        .iter()
        .find(|u| u.email == email)
        .unwrap_or_else(|| panic!("no login {email}"))
        .id
}

fn uof_access(id: Uuid) -> String {
    format!("/api/v1/users/{id}/uof-access")
}

/// Gives the login the review permission (or takes it back), as the admin does.
async fn grant_review(admin: &Api, email: &str, reviewer: bool) -> UserDto {
    let id = user_id(admin, email).await;
    admin
        .put_as(
            &uof_access(id),
            &UofAccessInput { reviewer },
            StatusCode::OK,
        )
        .await
}

/// A complete incident; `injury` decides whether it qualifies (`Unconsciousness` does).
fn incident(case: &str, date: Date, injury: Injury, officers: &[Uuid]) -> IncidentInput {
    IncidentInput {
        case_number: Some(case.into()),
        incident_date: Some(date),
        incident_time: Some("23:40".into()),
        address: Some("1400 block of Main St".into()),
        location_type: Some(LocationType::HighwayRoadStreet),
        contact_reason: Some(ContactReason::UnlawfulSuspiciousActivity),
        offense: Some("Aggravated assault".into()),
        officers_approached: Some(YesNoUnknown::Yes),
        ambush: Some(YesNoUnknown::No),
        supervisor_present: Some(YesNoUnknown::No),
        other_agency_officers: Some(1),
        subjects: vec![uof_subject(injury)],
        officers: officers.iter().map(|p| uof_officer(*p)).collect(),
        narrative: Some(
            "Officers responded to a disturbance; the subject struck an officer and was taken down."
                .into(),
        ),
        ..IncidentInput::default()
    }
}

const ATTEST: SubmitIncidentInput = SubmitIncidentInput { attest: true };

/// Drafts and submits an incident as `author`; returns its id.
async fn submitted(author: &Api, body: &IncidentInput) -> Uuid {
    let created: IncidentDto = author
        .post_as("/api/v1/uof/incidents", body, StatusCode::CREATED)
        .await;
    let path = format!("/api/v1/uof/incidents/{}/submit", created.id);
    let _: IncidentDto = author.post_as(&path, &ATTEST, StatusCode::OK).await;
    created.id
}

fn area(training: &OfficerTrainingDto, name: TrainingArea) -> &TrainingAreaDto {
    training
        .areas
        .iter()
        .find(|a| a.area == name)
        .unwrap_or_else(|| panic!("no {name:?} in {training:?}"))
}

async fn person(api: &Api, body: &PersonInput) -> Uuid {
    let created: PersonDto = api
        .post_as("/api/v1/people", body, StatusCode::CREATED)
        .await;
    created.id
}

/// Each count of an aggregate as (key, count).
fn counts(counts: &[CountDto]) -> Vec<(String, u32)> {
    counts.iter().map(|c| (c.key.clone(), c.count)).collect()
}

async fn an_incident_goes_from_draft_to_closed_with_the_training_of_its_day(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    app.enable_uof(agency.id).await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let person = agency.officer_person;
    for (on, hours) in [
        (date!(2025 - 05 - 01), vec![("use_of_force", 4.0)]),
        (
            date!(2026 - 02 - 01),
            vec![("use_of_force", 4.0), ("conflict_management", 2.0)],
        ),
        // After the incident: it must not count for the incident day.
        (date!(2026 - 03 - 20), vec![("use_of_force", 8.0)]),
    ] {
        let body = TrainingRecordInput {
            person_id: person,
            course_id: None,
            title: Some("In-service".into()),
            completed_on: on,
            hours: Some(hours.into_iter().map(|(t, h)| (t.to_owned(), h)).collect()),
            events: None,
        };
        let _: TrainingRecordDto = coordinator
            .post_as("/api/v1/training-records", &body, StatusCode::CREATED)
            .await;
    }

    // A draft may be incomplete.
    let draft = IncidentInput {
        case_number: Some("26-004512".into()),
        incident_date: Some(date!(2026 - 03 - 14)),
        officers: vec![uof_officer(person)],
        ..IncidentInput::default()
    };
    let created: IncidentDto = officer
        .post_as("/api/v1/uof/incidents", &draft, StatusCode::CREATED)
        .await;
    assert_eq!(created.status, IncidentStatus::Draft);
    assert_eq!(created.version, 1);
    assert!(created.actions.submit);
    assert_eq!(created.officers[0].name, "Officer, Olive");
    assert_eq!(created.training, []);
    let path = format!("/api/v1/uof/incidents/{}", created.id);
    let submit = format!("{path}/submit");

    // Submission names every missing element and changes nothing.
    let refused = officer
        .post_problem(&submit, &ATTEST, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    let missing = problem_fields(&refused);
    for field in [
        "address",
        "location_type",
        "contact_reason",
        "ambush",
        "subjects",
    ] {
        assert!(missing.contains(&field), "{field} in {missing:?}");
    }
    let unchanged: IncidentDto = officer.get_as(&path, StatusCode::OK).await;
    assert_eq!(unchanged.status, IncidentStatus::Draft);

    let full = incident(
        "26-004512",
        date!(2026 - 03 - 14),
        Injury::Unconsciousness,
        &[person],
    );
    let edited: IncidentDto = officer.put_as(&path, &full, StatusCode::OK).await;
    assert_eq!(
        edited.qualification,
        QualificationDto {
            qualifies: true,
            death: false,
            serious_bodily_injury: true,
            firearm_discharge: false
        }
    );
    let unattested = officer
        .post_problem(
            &submit,
            &SubmitIncidentInput { attest: false },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&unattested), ["attest"]);

    let submitted: IncidentDto = officer.post_as(&submit, &ATTEST, StatusCode::OK).await;
    assert_eq!(submitted.status, IncidentStatus::Submitted);
    assert!(
        submitted
            .attestation
            .as_deref()
            .unwrap_or_default()
            .starts_with("I attest that this incident occurred"),
        "{submitted:?}"
    );
    assert!(submitted.submitted_at.is_some());

    // The training stored with it is the engine's report on the incident day.
    let training = &submitted.training[0];
    assert_eq!(training.person_id, person);
    assert_eq!(training.as_of, date!(2026 - 03 - 14));
    assert_eq!(training.jurisdiction, "MN");
    let uof = area(training, TrainingArea::UseOfForce);
    assert_eq!(uof.topics, ["use_of_force"]);
    assert_eq!(uof.last_trained_on, Some(date!(2026 - 02 - 01)));
    assert_eq!(
        area(training, TrainingArea::DeEscalation).topics,
        ["conflict_management"]
    );
    assert_eq!(
        area(training, TrainingArea::FirearmsQualification).topics,
        ["firearms_qualification"]
    );
    let report: ComplianceReportDto = coordinator
        .get_as(
            &format!("/api/v1/people/{person}/compliance?as_of=2026-03-14"),
            StatusCode::OK,
        )
        .await;
    for name in [
        TrainingArea::UseOfForce,
        TrainingArea::DeEscalation,
        TrainingArea::CrisisIntervention,
        TrainingArea::FirearmsQualification,
    ] {
        let a = area(training, name);
        let topics: BTreeSet<&str> = a.topics.iter().map(String::as_str).collect();
        let expected: Vec<&RequirementResultDto> = report
            .requirements
            .iter()
            .filter(|r| r.topics.iter().any(|t| topics.contains(t.as_str())))
            .collect();
        let stored: Vec<&RequirementResultDto> = a.requirements.iter().collect();
        assert_eq!(stored, expected, "{name:?}");
    }
    assert!(!uof.requirements.is_empty());

    // Forbidden and out-of-order steps.
    officer
        .put_problem(&path, &full, StatusCode::CONFLICT)
        .await;
    officer
        .post_problem(
            &format!("{path}/review"),
            &ReviewIncidentInput::default(),
            StatusCode::FORBIDDEN,
        )
        .await;
    let supervisor = app.login(&agency.supervisor).await;
    // Not yet a reviewer.
    supervisor.get_problem(&path, StatusCode::NOT_FOUND).await;
    grant_review(&admin, &agency.supervisor, true).await;
    let me: Me = supervisor.get_as("/api/v1/me", StatusCode::OK).await;
    assert_eq!((me.uof_enabled, me.uof_reviewer), (true, true));
    supervisor
        .send(Method::POST, &format!("{path}/close"))
        .problem(StatusCode::CONFLICT)
        .await;

    // Every read is audited.
    let before = app.count("audit_events").await;
    let read: IncidentDto = supervisor.get_as(&path, StatusCode::OK).await;
    assert_eq!(app.count("audit_events").await, before + 1);
    assert!(read.actions.review);
    assert_eq!(read.training, submitted.training);

    let reviewed: IncidentDto = supervisor
        .post_as(
            &format!("{path}/review"),
            &ReviewIncidentInput {
                comment: Some("Consistent with the video.".into()),
            },
            StatusCode::OK,
        )
        .await;
    assert_eq!(reviewed.status, IncidentStatus::Reviewed);
    // Named as a person, not by a login's address.
    assert_eq!(reviewed.reviewed_by.as_deref(), Some("Sergeant, Sam"));
    let closed: IncidentDto = supervisor
        .send(Method::POST, &format!("{path}/close"))
        .expect(StatusCode::OK)
        .await;
    assert_eq!(closed.status, IncidentStatus::Closed);
    assert!(closed.closed_at.is_some());
    // Not the author; and closed.
    supervisor
        .put_problem(&path, &full, StatusCode::FORBIDDEN)
        .await;
    officer
        .put_problem(&path, &full, StatusCode::CONFLICT)
        .await;

    // A closed incident changes by amendment only, keeping the version it replaces.
    let mut corrected = full.clone();
    corrected.subjects[0].injuries = vec![Injury::Minor];
    let amend = |reason: &str| AmendIncidentInput {
        incident: corrected.clone(),
        reason: reason.into(),
    };
    let no_reason = supervisor
        .post_problem(
            &format!("{path}/amend"),
            &amend(" "),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&no_reason), ["reason"]);
    let amended: IncidentDto = supervisor
        .post_as(
            &format!("{path}/amend"),
            &amend("Hospital records: no loss of consciousness."),
            StatusCode::OK,
        )
        .await;
    assert_eq!(
        (amended.status, amended.version),
        (IncidentStatus::Closed, 2)
    );
    assert!(!amended.qualification.qualifies);
    assert_eq!(amended.incident.subjects[0].injuries, [Injury::Minor]);
    let history = &amended.history;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].version, 1);
    assert_eq!(history[0].incident, closed.incident);
    assert_eq!(history[0].training, closed.training);
    assert!(history[0].qualification.qualifies);
    assert_eq!(history[0].replaced_by, "Sergeant, Sam");
    assert_eq!(
        history[0].reason,
        "Hospital records: no loss of consciousness."
    );
    assert_eq!(app.count("uof_incident_versions").await, 1);
}

async fn only_reviewers_see_the_agency_s_incidents_and_never_another_agency_s(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    app.enable_uof(alpha.id).await;
    app.enable_uof(beta.id).await;
    let officer = app.login(&alpha.officer).await;
    let coordinator = app.login(&alpha.coordinator).await;
    let admin = app.login(&alpha.admin).await;
    let id = submitted(
        &officer,
        &incident(
            "A-1",
            date!(2026 - 03 - 14),
            Injury::Unconsciousness,
            &[alpha.officer_person],
        ),
    )
    .await;
    let path = format!("/api/v1/uof/incidents/{id}");
    let listed = async |api: &Api| -> Vec<Uuid> {
        let page: Page<IncidentSummaryDto> =
            api.get_as("/api/v1/uof/incidents", StatusCode::OK).await;
        page.items.iter().map(|i| i.id).collect()
    };

    // A coordinator is not a reviewer by role.
    coordinator.get_problem(&path, StatusCode::NOT_FOUND).await;
    assert!(listed(&coordinator).await.is_empty());
    for forbidden in [
        "/api/v1/uof/aggregates",
        "/api/v1/uof/exports/federal",
        "/api/v1/uof/exports/agency.csv",
    ] {
        coordinator
            .get_problem(forbidden, StatusCode::FORBIDDEN)
            .await;
    }
    // Only admins grant.
    let own_id = user_id(&admin, &alpha.coordinator).await;
    coordinator
        .put_problem(
            &uof_access(own_id),
            &UofAccessInput { reviewer: true },
            StatusCode::FORBIDDEN,
        )
        .await;
    // The author sees his own; with the permission, still never reviews it.
    assert_eq!(listed(&officer).await[0], id);
    grant_review(&admin, &alpha.officer, true).await;
    let no_comment = ReviewIncidentInput::default();
    officer
        .post_problem(
            &format!("{path}/review"),
            &no_comment,
            StatusCode::FORBIDDEN,
        )
        .await;
    grant_review(&admin, &alpha.coordinator, true).await;
    let coordinator = app.login(&alpha.coordinator).await;
    let _: IncidentDto = coordinator.get_as(&path, StatusCode::OK).await;
    let returned = coordinator
        .post_problem(
            &format!("{path}/return"),
            &no_comment,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&returned), ["comment"]);
    let returned: IncidentDto = coordinator
        .post_as(
            &format!("{path}/return"),
            &ReviewIncidentInput {
                comment: Some("Add the second subject.".into()),
            },
            StatusCode::OK,
        )
        .await;
    assert_eq!(
        (returned.status, returned.training.len()),
        (IncidentStatus::Draft, 0)
    );
    assert_eq!(
        returned.review_comment.as_deref(),
        Some("Add the second subject.")
    );
    // Taking the permission back takes the access back.
    grant_review(&admin, &alpha.coordinator, false).await;
    coordinator.get_problem(&path, StatusCode::NOT_FOUND).await;

    // Another agency's reviewer never sees it, nor may another agency's officer be named.
    let beta_admin = app.login(&beta.admin).await;
    grant_review(&beta_admin, &beta.admin, true).await;
    let beta_admin = app.login(&beta.admin).await;
    beta_admin.get_problem(&path, StatusCode::NOT_FOUND).await;
    beta_admin
        .post_problem(
            &format!("{path}/review"),
            &no_comment,
            StatusCode::NOT_FOUND,
        )
        .await;
    assert!(listed(&beta_admin).await.is_empty());
    let foreign = beta_admin
        .post_problem(
            "/api/v1/uof/incidents",
            &incident(
                "B-1",
                date!(2026 - 03 - 14),
                Injury::Minor,
                &[alpha.officer_person],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&foreign), ["officers.0.person_id"]);
    // A bad field and a stranger among the officers are told in one answer.
    let both = beta_admin
        .post_problem(
            "/api/v1/uof/incidents",
            &incident(
                "B 1 !",
                date!(2026 - 03 - 14),
                Injury::Minor,
                &[alpha.officer_person],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(
        problem_fields(&both),
        ["case_number", "officers.0.person_id"]
    );
    let users: Page<UserDto> = admin
        .get_as("/api/v1/users?limit=100", StatusCode::OK)
        .await;
    beta_admin
        .put_problem(
            &uof_access(users.items[0].id),
            &UofAccessInput { reviewer: true },
            StatusCode::NOT_FOUND,
        )
        .await;
    // A case number is the agency's own: Beta may use Alpha's, Alpha may not use it twice.
    let just_a_case = IncidentInput {
        case_number: Some("A-1".into()),
        ..IncidentInput::default()
    };
    let _: IncidentDto = beta_admin
        .post_as("/api/v1/uof/incidents", &just_a_case, StatusCode::CREATED)
        .await;
    let twice = officer
        .post_problem(
            "/api/v1/uof/incidents",
            &just_a_case,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&twice), ["case_number"]);
}

async fn an_agency_without_the_module_sees_none_of_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Plain").await;
    let admin = app.login(&agency.admin).await;
    let officer = app.login(&agency.officer).await;
    let id = Uuid::now_v7();
    for path in [
        "/api/v1/uof/incidents".to_owned(),
        format!("/api/v1/uof/incidents/{id}"),
        "/api/v1/uof/aggregates".into(),
        "/api/v1/uof/exports/federal".into(),
        "/api/v1/uof/exports/agency.csv".into(),
    ] {
        admin.get_problem(&path, StatusCode::NOT_FOUND).await;
    }
    officer
        .post_problem(
            "/api/v1/uof/incidents",
            &IncidentInput::default(),
            StatusCode::NOT_FOUND,
        )
        .await;
    officer
        .post_problem(
            &format!("/api/v1/uof/incidents/{id}/submit"),
            &ATTEST,
            StatusCode::NOT_FOUND,
        )
        .await;
    let supervisor = user_id(&admin, &agency.supervisor).await;
    admin
        .put_problem(
            &uof_access(supervisor),
            &UofAccessInput { reviewer: true },
            StatusCode::NOT_FOUND,
        )
        .await;
    let me: Me = admin.get_as("/api/v1/me", StatusCode::OK).await;
    assert!(!me.uof_enabled);
    assert_eq!(app.count("uof_incidents").await, 0);
}

async fn free_text_refuses_identifiers_and_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    app.enable_uof(agency.id).await;
    let officer = app.login(&agency.officer).await;
    // Each case sets one field of a whole incident, some to what no client type could hold.
    let base = serde_json::to_value(incident(
        "A-2",
        date!(2026 - 03 - 14),
        Injury::Minor,
        &[agency.officer_person],
    ))
    .unwrap();
    let cases = [
        (
            "/narrative",
            json!("Subject DOB 04/12/1990 resisted"),
            "narrative",
            "date of birth",
        ),
        (
            "/narrative",
            json!("SSN 123-45-6789 on the card"),
            "narrative",
            "Social Security",
        ),
        (
            "/narrative",
            json!("Reached his mother at 612-555-0142"),
            "narrative",
            "phone",
        ),
        (
            "/narrative",
            json!("x".repeat(2001)),
            "narrative",
            "at most 2000",
        ),
        (
            "/offense",
            json!("Assault; DL# A1234567"),
            "offense",
            "identification number",
        ),
        (
            "/subjects/0/reference",
            json!("John Smith"),
            "subjects.0.reference",
            "letters, digits and hyphens",
        ),
        (
            "/subjects/0/age",
            json!("twenty"),
            "subjects[0].age",
            "invalid type",
        ),
        (
            "/subjects/0/force",
            json!(["baton"]),
            "subjects[0].force[0]",
            "unknown variant",
        ),
        (
            "/incident_date",
            json!("2099-01-01"),
            "incident_date",
            "must not be after",
        ),
    ];
    for (pointer, value, field, message) in cases {
        let mut body = base.clone();
        *body.pointer_mut(pointer).unwrap() = value;
        let refused = officer
            .post_problem(
                "/api/v1/uof/incidents",
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        let error = &refused.errors[0];
        assert_eq!(error.field, field, "{pointer}: {refused:?}");
        assert!(error.message.contains(message), "{pointer}: {refused:?}");
    }
    assert_eq!(app.count("uof_incidents").await, 0);
    assert_eq!(app.count("uof_incident_officers").await, 0);
}

async fn exports_and_aggregates_follow_the_federal_elements(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    app.enable_uof(agency.id).await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let ori = |ori: &str| AgencySettings {
        at_risk_days: 90,
        time_zone: None,
        count_unverified: None,
        ori: Some(ori.into()),
        fiscal_year_start_month: None,
    };
    let _: AgencyDto = admin
        .put_as(
            "/api/v1/agencies/current/settings",
            &ori("mn0270100"),
            StatusCode::OK,
        )
        .await;
    let bad = admin
        .put_problem(
            "/api/v1/agencies/current/settings",
            &ori("MN-1"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&bad), ["ori"]);
    // A second officer, hired 2015-05-01: ten whole years on 2026-03-14.
    let k9 = person(
        &coordinator,
        &PersonInput {
            hire_date: Some(date!(2015 - 05 - 01)),
            unit: Some("K9".into()),
            ..person_input("Kai", "Nguyen", "K9-7")
        },
    )
    .await;

    let mut shot = incident(
        "26-0001",
        date!(2026 - 03 - 14),
        Injury::Minor,
        &[agency.officer_person, k9],
    );
    shot.officers[1].discharged_firearm = Some(true);
    shot.officers[1].applied_force = Some(true);
    shot.subjects[0].force = vec![ForceType::Firearm];
    let shot = submitted(&officer, &shot).await;
    submitted(
        &officer,
        &incident(
            "26-0002",
            date!(2026 - 05 - 02),
            Injury::Minor,
            &[agency.officer_person],
        ),
    )
    .await;
    // A qualifying draft is not yet a report.
    let _: IncidentDto = officer
        .post_as(
            "/api/v1/uof/incidents",
            &incident("26-0003", date!(2026 - 05 - 03), Injury::Death, &[k9]),
            StatusCode::CREATED,
        )
        .await;

    grant_review(&admin, &agency.supervisor, true).await;
    let reviewer = app.login(&agency.supervisor).await;
    // The author sees his or her own training on the incident day, a reviewer everyone's.
    let path = format!("/api/v1/uof/incidents/{shot}");
    let seen: IncidentDto = officer.get_as(&path, StatusCode::OK).await;
    assert_eq!(seen.training.len(), 1);
    assert_eq!(seen.training[0].person_id, agency.officer_person);
    let reviewed: IncidentDto = reviewer.get_as(&path, StatusCode::OK).await;
    assert_eq!(reviewed.training.len(), 2);
    let range = "from=2026-01-01&to=2026-12-31";
    // The federal file is checked element by element as the FBI names them, so it is read
    // as the JSON it is.
    let federal: Value = reviewer
        .get_as(
            &format!("/api/v1/uof/exports/federal?{range}"),
            StatusCode::OK,
        )
        .await;
    let federal = federal.as_array().unwrap();
    assert_eq!(federal.len(), 1, "only the qualifying, submitted incident");
    assert_eq!(federal[0]["Action"], "Add");
    assert!(federal[0]["ActionTime"].as_str().unwrap().ends_with('Z'));
    let i = &federal[0]["Incident"];
    let expected = [
        ("agency_ori", json!("MN0270100")),
        ("agency_case_number", json!("26-0001")),
        ("incident_date", json!("03/14/2026")),
        ("incident_time", json!("23:40")),
        ("qualification_death", json!(false)),
        ("qualification_serious_bodily_injury", json!(false)),
        ("qualification_firearm_discharge", json!(true)),
        ("address", json!("1400 block of Main St")),
        ("location_type", json!("13")),
        ("contact_reason", json!("unlawful_suspicious_activity")),
        ("most_serious_offense", json!("Aggravated assault")),
        ("officers_approached", json!("yes")),
        ("ambush", json!("no")),
        ("supervisor_present", json!("no")),
        ("officers_applying_force_total", json!(3)),
        ("officers_applying_force_agency", json!(2)),
        ("subjects_died", json!(0)),
        ("subjects_seriously_injured", json!(0)),
    ];
    for (field, value) in expected {
        assert_eq!(i[field], value, "{field}");
    }
    let s = &i["subjects"][0];
    assert_eq!(
        (
            s["sequence"].clone(),
            s["sex"].clone(),
            s["race"].clone(),
            s["age"].clone(),
            s["force_types"].clone(),
            s["injuries"].clone()
        ),
        (
            json!(1),
            json!("male"),
            json!(["black"]),
            json!(27),
            json!(["firearm"]),
            json!(["minor"])
        )
    );
    assert_eq!(
        (s["height_feet"].clone(), s["height_inches"].clone()),
        (json!(6), json!(1))
    );
    assert_eq!(
        (s["impairment"].clone(), s["impairment_types"].clone()),
        (json!("yes"), json!(["alcohol"]))
    );
    assert!(
        s.get("reference").is_none() && !i.to_string().contains("P-20-1187"),
        "no records number"
    );
    let o = &i["officers"][1];
    assert_eq!(
        (
            o["sequence"].clone(),
            o["years_of_service"].clone(),
            o["discharged_firearm"].clone()
        ),
        (json!(2), json!(10), json!(true))
    );
    assert_eq!(
        i["officers"][0]["years_of_service"],
        Value::Null,
        "no hire date"
    );
    assert!(
        !i.to_string().contains("Nguyen") && !i.to_string().contains("K9-7"),
        "no names or badges"
    );

    let csv = reviewer
        .get(&format!("/api/v1/uof/exports/federal?{range}&format=csv"))
        .await;
    let rows = csv_rows(csv).await;
    assert_eq!(rows.len(), 4, "the incident, its subject, its two officers");
    assert_eq!(
        (
            rows[0]["segment"].as_str(),
            rows[0]["location_type"].as_str(),
            rows[0]["agency_ori"].as_str()
        ),
        ("incident", "13", "MN0270100")
    );
    assert_eq!(
        (
            rows[1]["segment"].as_str(),
            rows[1]["force_types"].as_str(),
            rows[1]["race"].as_str()
        ),
        ("subject", "firearm", "black")
    );
    assert_eq!(
        (
            rows[3]["segment"].as_str(),
            rows[3]["years_of_service"].as_str(),
            rows[3]["discharged_firearm"].as_str()
        ),
        ("officer", "10", "yes")
    );

    let rows = csv_rows(
        reviewer
            .get(&format!("/api/v1/uof/exports/agency.csv?{range}"))
            .await,
    )
    .await;
    assert_eq!(
        rows.len(),
        2,
        "two reports, a subject each; the draft left out"
    );
    assert_eq!(rows[0]["case_number"], "26-0001");
    assert_eq!(rows[0]["officers"], "Officer, Olive; Nguyen, Kai");
    assert_eq!(rows[0]["units"], "K9; Patrol");
    assert_eq!(rows[0]["subject_reference"], "P-20-1187");
    assert_eq!(
        (rows[0]["qualifies"].as_str(), rows[1]["qualifies"].as_str()),
        ("yes", "no")
    );

    let aggregates: UofAggregatesDto = reviewer
        .get_as(
            "/api/v1/uof/aggregates?from=2026-03-01&to=2026-06-30",
            StatusCode::OK,
        )
        .await;
    assert_eq!((aggregates.incidents, aggregates.qualifying), (2, 1));
    assert_eq!(
        counts(&aggregates.by_month),
        [
            ("2026-03".into(), 1),
            ("2026-04".into(), 0),
            ("2026-05".into(), 1),
            ("2026-06".into(), 0)
        ]
    );
    let by_force_type = counts(&aggregates.by_force_type);
    assert!(by_force_type.contains(&("firearm".into(), 1)));
    assert!(by_force_type.contains(&("hands_fists_feet".into(), 1)));
    assert!(counts(&aggregates.by_injury).contains(&("minor".into(), 2)));
    assert_eq!(
        counts(&aggregates.by_unit),
        [("Patrol".into(), 2), ("K9".into(), 1)]
    );
    let backwards = reviewer
        .get_problem(
            "/api/v1/uof/aggregates?from=2026-06-01&to=2026-01-01",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&backwards), ["to"]);
}

async fn the_list_filters_incidents(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    app.enable_uof(agency.id).await;
    let admin = app.login(&agency.admin).await;
    let officer = app.login(&agency.officer).await;
    let supervisor = app.login(&agency.supervisor).await;
    let serious = submitted(
        &officer,
        &incident(
            "F-1",
            date!(2026 - 03 - 14),
            Injury::Unconsciousness,
            &[agency.officer_person],
        ),
    )
    .await;
    let mut canine = incident(
        "F-2",
        date!(2026 - 04 - 01),
        Injury::Minor,
        &[agency.supervisor_person],
    );
    canine.subjects[0].force = vec![ForceType::Canine];
    let canine = submitted(&supervisor, &canine).await;
    grant_review(&admin, &agency.admin, true).await;
    let reviewer = app.login(&agency.admin).await;
    let ids = |page: &Page<IncidentSummaryDto>| -> Vec<Uuid> {
        page.items.iter().map(|i| i.id).collect()
    };
    let page = async |query: &str| -> Page<IncidentSummaryDto> {
        reviewer
            .get_as(&format!("/api/v1/uof/incidents?{query}"), StatusCode::OK)
            .await
    };
    let all = page("").await;
    assert_eq!(ids(&all), [canine, serious], "newest first");
    assert_eq!(all.items[1].officers, ["Officer, Olive"]);
    assert_eq!(
        all.items[1].force,
        [
            ForceType::HandsFistsFeet,
            ForceType::ElectronicControlDevice
        ]
    );
    for (query, expected) in [
        ("qualifies=true", vec![serious]),
        ("qualifies=false", vec![canine]),
        ("force_type=canine", vec![canine]),
        ("force_type=electronic_control_device", vec![serious]),
        (
            &format!("person_id={}", agency.officer_person) as &str,
            vec![serious],
        ),
        ("unit=Patrol", vec![canine, serious]),
        ("unit=K9", vec![]),
        ("from=2026-03-15", vec![canine]),
        ("to=2026-03-14", vec![serious]),
        ("status=submitted&limit=1", vec![canine]),
        ("status=closed", vec![]),
    ] {
        assert_eq!(ids(&page(query).await), expected, "{query}");
    }
    let first = page("limit=1").await;
    let cursor = first.next_cursor.unwrap();
    let second = page(&format!("limit=1&cursor={cursor}")).await;
    assert_eq!(ids(&second), [serious]);
    for (query, field) in [
        ("status=open", "status"),
        ("force_type=baton", "force_type"),
    ] {
        let refused = reviewer
            .get_problem(
                &format!("/api/v1/uof/incidents?{query}"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(problem_fields(&refused), [field]);
    }
}

/// The steps back to the schema before the counted columns.
fn before_the_counted_columns() -> u32 {
    migrations_from("m20261207_000030_uof_counted_columns")
}

/// An incident is counted once for each force type, injury and unit it has, however many of
/// its subjects or officers share it; officers are named in the document's order. Incidents
/// written before the columns that count them existed answer the same once migrated.
async fn counts_and_officers_order_hold_for_incidents_written_before_their_columns(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    app.enable_uof(agency.id).await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let k9 = person(
        &coordinator,
        &PersonInput {
            unit: Some("K9".into()),
            ..person_input("Kai", "Nguyen", "K9-7")
        },
    )
    .await;
    let loner = person(&coordinator, &person_input("Lee", "Alone", "L-1")).await;

    // Listed after the officer added later: the document's order, not the roster's.
    let mut two = incident(
        "M-1",
        date!(2026 - 03 - 14),
        Injury::Minor,
        &[k9, agency.officer_person],
    );
    two.subjects = vec![
        uof_subject(Injury::Minor),
        uof_subject(Injury::Unconsciousness),
    ];
    submitted(&officer, &two).await;
    let mut canine = incident("M-2", date!(2026 - 03 - 20), Injury::Minor, &[loner]);
    canine.subjects[0].force = vec![ForceType::Canine];
    submitted(&officer, &canine).await;
    let _: IncidentDto = officer
        .post_as(
            "/api/v1/uof/incidents",
            &incident("M-3", date!(2026 - 03 - 21), Injury::Death, &[loner]),
            StatusCode::CREATED,
        )
        .await;
    grant_review(&admin, &agency.admin, true).await;
    let reviewer = app.login(&agency.admin).await;

    let range = "from=2026-03-01&to=2026-03-31";
    let read = || async {
        let list: Page<IncidentSummaryDto> = reviewer
            .get_as("/api/v1/uof/incidents", StatusCode::OK)
            .await;
        let aggregates: UofAggregatesDto = reviewer
            .get_as(&format!("/api/v1/uof/aggregates?{range}"), StatusCode::OK)
            .await;
        let agency_csv = csv_rows(
            reviewer
                .get(&format!("/api/v1/uof/exports/agency.csv?{range}"))
                .await,
        )
        .await;
        let federal_csv = csv_rows(
            reviewer
                .get(&format!("/api/v1/uof/exports/federal?{range}&format=csv"))
                .await,
        )
        .await;
        (list, aggregates, agency_csv, federal_csv)
    };
    let before = read().await;
    let (list, aggregates, agency_csv, federal_csv) = &before;
    let m1 = &list.items[2];
    assert_eq!(m1.case_number.as_deref(), Some("M-1"));
    assert_eq!(m1.officers, ["Nguyen, Kai", "Officer, Olive"]);
    assert_eq!(m1.subjects, 2);
    assert_eq!(
        m1.force,
        [
            ForceType::HandsFistsFeet,
            ForceType::ElectronicControlDevice
        ]
    );
    assert_eq!(list.items[1].case_number.as_deref(), Some("M-2"));
    assert_eq!(list.items[0].status, IncidentStatus::Draft);
    let counted = |counts: &[CountDto]| -> Vec<(String, u32)> {
        counts
            .iter()
            .filter(|c| c.count != 0)
            .map(|c| (c.key.clone(), c.count))
            .collect()
    };
    assert_eq!(
        (aggregates.incidents, aggregates.qualifying),
        (2, 1),
        "the draft left out"
    );
    assert_eq!(counted(&aggregates.by_month), [("2026-03".into(), 2)]);
    assert_eq!(
        counted(&aggregates.by_force_type),
        [
            ("hands_fists_feet".into(), 1),
            ("electronic_control_device".into(), 1),
            ("canine".into(), 1)
        ]
    );
    assert_eq!(
        counted(&aggregates.by_injury),
        [("unconsciousness".into(), 1), ("minor".into(), 2)]
    );
    assert_eq!(
        counted(&aggregates.by_unit),
        [
            ("K9".into(), 1),
            ("No unit".into(), 1),
            ("Patrol".into(), 1)
        ]
    );
    assert_eq!(agency_csv.len(), 3, "a row per subject");
    assert_eq!(agency_csv[0]["officers"], "Nguyen, Kai; Officer, Olive");
    assert_eq!(
        (
            agency_csv[0]["subject"].as_str(),
            agency_csv[1]["subject"].as_str()
        ),
        ("1", "2")
    );
    let segments: Vec<&str> = federal_csv.iter().map(|r| r["segment"].as_str()).collect();
    assert_eq!(
        segments,
        ["incident", "subject", "subject", "officer", "officer"],
        "M-1 only: M-2 does not qualify"
    );

    Migrator::down(&app.db, Some(before_the_counted_columns()))
        .await
        .unwrap();
    Migrator::up(&app.db, None).await.unwrap();
    assert_eq!(read().await, before);
}
