//! Custom credentials: types, awards, credentials earned through training, and how a lapse
//! changes the verdict.

use confitrek_types::{
    AgencyDto, AgencyRequirementDto, Assignment, AwardCredentialInput, ComplianceReportDto,
    ComplianceStatus, CredentialDto, CredentialSource, CredentialStanding, CredentialTypeDto,
    CredentialTypeInput, Delivery, PersonDto, PersonInput, PersonKind, ProfileDto, ProfileInput,
    RenewalDto, RequirementResultDto, RequirementStatus, TrainingRecordDto, TrainingRecordInput,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use time::macros::date;
use time::{Date, Duration};
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    credential_types_and_awards_round_trip,
    a_lapsed_credential_turns_a_person_non_compliant_and_a_renewal_makes_him_compliant,
    officers_and_supervisors_see_only_the_credentials_they_may,
    bad_credential_input_is_refused_naming_the_field_and_nothing_is_written,
    another_agency_s_credentials_are_not_found_and_not_touched,
);

fn taser(validity: Option<i64>) -> CredentialTypeInput {
    CredentialTypeInput {
        code: "taser_x2".into(),
        name: "TASER X2 user".into(),
        validity_months: validity,
        renewed_by: RenewalDto::default(),
    }
}

fn award(person: Uuid, kind: Uuid, issued_on: Date) -> AwardCredentialInput {
    AwardCredentialInput {
        person_id: person,
        credential_type_id: kind,
        issued_on,
        expires_on: None,
        note: None,
    }
}

/// The agency's today, as the server sees it.
pub async fn today(api: &Api) -> Date {
    let agency: AgencyDto = api.get_as("/api/v1/agencies/current", StatusCode::OK).await;
    agency.today
}

async fn credentials_of(api: &Api, person: Uuid) -> Vec<CredentialDto> {
    api.get_as(
        &format!("/api/v1/credentials?person_id={person}"),
        StatusCode::OK,
    )
    .await
}

async fn credential_types_and_awards_round_trip(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;

    let kind: CredentialTypeDto = api
        .post_as(
            "/api/v1/credential-types",
            &taser(Some(12)),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(kind.code, "taser_x2");
    assert_eq!(kind.validity_months, Some(12));
    assert_eq!(kind.renewed_by, RenewalDto::default());
    let listed: Vec<CredentialTypeDto> =
        api.get_as("/api/v1/credential-types", StatusCode::OK).await;
    assert_eq!(listed, std::slice::from_ref(&kind));

    // The expiry follows from the validity: the day before the same date a year later.
    let awarded: CredentialDto = api
        .post_as(
            "/api/v1/credentials",
            &AwardCredentialInput {
                note: Some("Initial certification".into()),
                ..award(agency.officer_person, kind.id, date!(2026 - 01 - 31))
            },
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(awarded.expires_on, Some(date!(2027 - 01 - 30)));
    assert_eq!(awarded.source, CredentialSource::Awarded);
    assert_eq!(awarded.credential_type_name, "TASER X2 user");
    // Given, the expiry is kept as given; a type that never expires gives none.
    let given: CredentialDto = api
        .post_as(
            "/api/v1/credentials",
            &AwardCredentialInput {
                expires_on: Some(date!(2025 - 06 - 30)),
                ..award(agency.officer_person, kind.id, date!(2025 - 01 - 15))
            },
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(given.expires_on, Some(date!(2025 - 06 - 30)));
    assert_eq!(given.standing, CredentialStanding::Expired);

    let list = credentials_of(&api, agency.officer_person).await;
    let ids: Vec<Uuid> = list.iter().map(|c| c.id).collect();
    assert_eq!(ids, [awarded.id, given.id], "newest first");

    // Renamed, and made to never expire.
    let path = format!("/api/v1/credential-types/{}", kind.id);
    let renamed: CredentialTypeDto = api
        .put_as(
            &path,
            &CredentialTypeInput {
                name: "TASER X2 carrier".into(),
                ..taser(None)
            },
            StatusCode::OK,
        )
        .await;
    assert_eq!(renamed.name, "TASER X2 carrier");
    assert_eq!(renamed.validity_months, None);

    // A type with awards stays until they are taken back.
    let in_use = api.delete_problem(&path, StatusCode::CONFLICT).await;
    assert!(
        in_use
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("awarded 2"),
        "{in_use:?}"
    );
    for c in [&awarded, &given] {
        api.delete_expect(
            &format!("/api/v1/credentials/{}", c.id),
            StatusCode::NO_CONTENT,
        )
        .await;
    }
    assert_eq!(app.count("credentials").await, 0);
    api.delete_expect(&path, StatusCode::NO_CONTENT).await;
    assert_eq!(app.count("credential_types").await, 0);
}

/// A civilian, so that only the agency's own requirement judges him.
async fn civilian(api: &Api, badge: &str) -> Uuid {
    let body = PersonInput {
        kind: PersonKind::Civilian,
        hire_date: Some(date!(2015 - 03 - 02)),
        ..person_input("Casey", "Clerk", badge)
    };
    let made: PersonDto = api
        .post_as("/api/v1/people", &body, StatusCode::CREATED)
        .await;
    made.id
}

fn result<'a>(report: &'a ComplianceReportDto, id: &str) -> &'a RequirementResultDto {
    report
        .requirements
        .iter()
        .find(|r| r.requirement_id == id)
        .unwrap_or_else(|| panic!("{id} in {report:?}"))
}

/// An agency requirement of holding `credential_type` at all times. Requirement documents
/// are the rule language's JSON, which the API takes as it is.
fn credential_requirement(id: &str, title: &str, citation: &str, credential_type: &str) -> Value {
    json!({
        "id": id, "title": title, "citations": [citation],
        "period": { "kind": "at_all_times" },
        "measure": { "kind": "credential", "credential_type": credential_type }
    })
}

async fn a_lapsed_credential_turns_a_person_non_compliant_and_a_renewal_makes_him_compliant(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let today = today(&api).await;
    let person = civilian(&api, "C-1").await;

    let course = create_course(
        &api,
        &course_input(
            "TASER X2 recertification",
            Delivery::InPerson,
            &[("use_of_force", 4.0)],
        ),
    )
    .await;
    let kind = CredentialTypeInput {
        renewed_by: RenewalDto {
            course_ids: vec![course],
            events: vec![],
        },
        ..taser(Some(12))
    };
    let kind: CredentialTypeDto = api
        .post_as("/api/v1/credential-types", &kind, StatusCode::CREATED)
        .await;
    let requirement = credential_requirement(
        "agency.taser",
        "TASER X2 user",
        "Lakeview Policy 300.4",
        "taser_x2",
    );
    let _: AgencyRequirementDto = api
        .post_as("/api/v1/requirements", &requirement, StatusCode::CREATED)
        .await;
    let _: ProfileDto = api
        .post_as(
            "/api/v1/profiles",
            &ProfileInput {
                name: "TASER carriers".into(),
                requirement_codes: vec!["agency.taser".into()],
                assignment: Assignment::People {
                    people: vec![person],
                },
            },
            StatusCode::CREATED,
        )
        .await;

    let report = || async {
        api.get_as::<ComplianceReportDto>(
            &format!("/api/v1/people/{person}/compliance"),
            StatusCode::OK,
        )
        .await
    };
    // The stored verdict (what dashboards read) must follow each write at once.
    let stored = || async {
        confitrek_api::db::compliance::snapshot_of(
            &app.db,
            confitrek_api::db::AgencyScope::new(agency.id),
            person,
        )
        .await
        .unwrap()
        .unwrap()
        .status
    };
    assert_eq!(
        report().await.status,
        ComplianceStatus::NonCompliant,
        "never held"
    );

    // Issued 13 months ago: lapsed a month ago.
    let lapsed_on = today - Duration::days(400);
    let old: CredentialDto = api
        .post_as(
            "/api/v1/credentials",
            &award(person, kind.id, lapsed_on),
            StatusCode::CREATED,
        )
        .await;
    assert_eq!(old.standing, CredentialStanding::Expired);
    let lapsed = report().await;
    assert_eq!(lapsed.status, ComplianceStatus::NonCompliant);
    let taser = result(&lapsed, "agency.taser");
    assert_eq!(taser.status, RequirementStatus::Overdue);
    assert_eq!(
        taser.due, old.expires_on,
        "the shortfall dates from the expiry"
    );
    assert!(taser.due.is_some());
    assert_eq!(stored().await, ComplianceStatus::NonCompliant);

    // Renewed today: compliant, the renewal counted.
    let renewal: CredentialDto = api
        .post_as(
            "/api/v1/credentials",
            &award(person, kind.id, today),
            StatusCode::CREATED,
        )
        .await;
    let renewed = report().await;
    assert_eq!(renewed.status, ComplianceStatus::Compliant, "{renewed:?}");
    assert_eq!(result(&renewed, "agency.taser").counted, [renewal.id]);
    assert_eq!(stored().await, ComplianceStatus::Compliant);

    // The renewal taken back: lapsed again.
    api.delete_expect(
        &format!("/api/v1/credentials/{}", renewal.id),
        StatusCode::NO_CONTENT,
    )
    .await;
    assert_eq!(report().await.status, ComplianceStatus::NonCompliant);
    assert_eq!(stored().await, ComplianceStatus::NonCompliant);

    // Attending the renewing course earns it: no award needed.
    let record: TrainingRecordDto = api
        .post_as(
            "/api/v1/training-records",
            &TrainingRecordInput {
                person_id: person,
                course_id: Some(course),
                title: None,
                completed_on: today - Duration::days(3),
                hours: None,
                events: None,
            },
            StatusCode::CREATED,
        )
        .await;
    let earned = report().await;
    assert_eq!(earned.status, ComplianceStatus::Compliant, "{earned:?}");
    assert_eq!(result(&earned, "agency.taser").counted, [record.id]);
    assert_eq!(stored().await, ComplianceStatus::Compliant);
    let list = credentials_of(&api, person).await;
    assert_eq!(list[0].source, CredentialSource::Training);
    assert_eq!(list[0].training_record_id, Some(record.id));
    assert_eq!(list[0].standing, CredentialStanding::Current);
    // It is no award: there is nothing to take back.
    api.delete_problem(
        &format!("/api/v1/credentials/{}", record.id),
        StatusCode::NOT_FOUND,
    )
    .await;
}

async fn officers_and_supervisors_see_only_the_credentials_they_may(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let supervisor = app.login(&agency.supervisor).await;
    let kind: CredentialTypeDto = coordinator
        .post_as(
            "/api/v1/credential-types",
            &taser(Some(24)),
            StatusCode::CREATED,
        )
        .await;
    let elsewhere = app.seed_investigator(agency.id).await;
    for person in [agency.officer_person, elsewhere] {
        let _: CredentialDto = coordinator
            .post_as(
                "/api/v1/credentials",
                &award(person, kind.id, date!(2026 - 02 - 01)),
                StatusCode::CREATED,
            )
            .await;
    }

    // An officer reads his or her own, by default or by id; nobody else's.
    let own: Vec<CredentialDto> = officer.get_as("/api/v1/credentials", StatusCode::OK).await;
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].person_id, agency.officer_person);
    assert_eq!(
        credentials_of(&officer, agency.officer_person).await.len(),
        1
    );
    for person in [agency.supervisor_person, elsewhere] {
        officer
            .get_problem(
                &format!("/api/v1/credentials?person_id={person}"),
                StatusCode::NOT_FOUND,
            )
            .await;
    }
    // A supervisor reads the unit's, not other units'.
    assert_eq!(
        credentials_of(&supervisor, agency.officer_person)
            .await
            .len(),
        1
    );
    supervisor
        .get_problem(
            &format!("/api/v1/credentials?person_id={elsewhere}"),
            StatusCode::NOT_FOUND,
        )
        .await;

    // Neither awards, takes back, or defines credentials.
    let before = app.count("credentials").await;
    for api in [&officer, &supervisor] {
        api.post_problem(
            "/api/v1/credentials",
            &award(agency.officer_person, kind.id, date!(2026 - 03 - 01)),
            StatusCode::FORBIDDEN,
        )
        .await;
        api.delete_problem(
            &format!("/api/v1/credentials/{}", own[0].id),
            StatusCode::FORBIDDEN,
        )
        .await;
        let other = CredentialTypeInput {
            code: "k9_handler".into(),
            ..taser(Some(12))
        };
        api.post_problem("/api/v1/credential-types", &other, StatusCode::FORBIDDEN)
            .await;
    }
    assert_eq!(app.count("credentials").await, before);
    assert_eq!(app.count("credential_types").await, 1);
    // Everyone in the agency may read the types (to read his or her own credentials).
    let types: Vec<CredentialTypeDto> = officer
        .get_as("/api/v1/credential-types", StatusCode::OK)
        .await;
    assert_eq!(types.len(), 1);
}

async fn bad_credential_input_is_refused_naming_the_field_and_nothing_is_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let other = app.seed_agency("Beta").await;
    let api = app.login(&agency.coordinator).await;
    let today = today(&api).await;

    let bad = CredentialTypeInput {
        code: "TASER X2".into(),
        name: " ".into(),
        validity_months: Some(0),
        renewed_by: RenewalDto {
            course_ids: vec![Uuid::now_v7()],
            events: vec!["parade".into()],
        },
    };
    let refused = api
        .post_problem(
            "/api/v1/credential-types",
            &bad,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(
        problem_fields(&refused),
        [
            "code",
            "name",
            "validity_months",
            "renewed_by.events.0",
            "renewed_by.course_ids.0"
        ]
    );
    assert!(
        refused.errors[3].message.contains("firearms_qualification"),
        "names the events there are: {refused:?}"
    );
    // A wrongly typed field is named like any other.
    let typo = api
        .post_problem(
            "/api/v1/credential-types",
            &json!({ "code": "taser_x2", "name": "TASER", "validity_months": "twelve" }),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&typo), ["validity_months"]);
    assert_eq!(app.count("credential_types").await, 0);

    let kind: CredentialTypeDto = api
        .post_as(
            "/api/v1/credential-types",
            &taser(Some(12)),
            StatusCode::CREATED,
        )
        .await;
    let taken = api
        .post_problem(
            "/api/v1/credential-types",
            &taser(None),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&taken), ["code"], "a code already in use");

    let ours = |issued_on: Date| award(agency.officer_person, kind.id, issued_on);
    let cases = [
        (ours(today + Duration::days(1)), vec!["issued_on"]),
        (
            AwardCredentialInput {
                expires_on: Some(date!(2026 - 02 - 28)),
                ..ours(date!(2026 - 03 - 01))
            },
            vec!["expires_on"],
        ),
        (
            award(other.officer_person, Uuid::now_v7(), date!(2026 - 03 - 01)),
            vec!["person_id", "credential_type_id"],
        ),
        (
            AwardCredentialInput {
                note: Some("SSN 123-45-6789".into()),
                ..ours(date!(2026 - 03 - 01))
            },
            vec!["note"],
        ),
    ];
    for (body, expected) in cases {
        let refused = api
            .post_problem(
                "/api/v1/credentials",
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(problem_fields(&refused), expected, "{body:?}");
    }
    // Bodies no client type can hold: a date in words, a missing person.
    let malformed = [
        (
            json!({ "person_id": agency.officer_person, "credential_type_id": kind.id, "issued_on": "March 1" }),
            "issued_on",
        ),
        (
            json!({ "credential_type_id": kind.id, "issued_on": "2026-03-01" }),
            "person_id",
        ),
    ];
    for (body, field) in malformed {
        let refused = api
            .post_problem(
                "/api/v1/credentials",
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(problem_fields(&refused), [field], "{body}");
    }
    assert_eq!(app.count("credentials").await, 0);

    // An agency requirement may count only the agency's own credential types.
    let requirement = credential_requirement("agency.k9", "K9 handler", "Policy 312", "k9_handler");
    let refused = api
        .post_problem(
            "/api/v1/requirements",
            &requirement,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&refused), ["measure.credential_type"]);
    assert!(
        refused.errors[0].message.contains("taser_x2"),
        "{refused:?}"
    );
    // Nor take the name of the agency's policies' requirements.
    let named_like_a_policy =
        credential_requirement("policy.k9", "K9 handler", "Policy 312", "taser_x2");
    let refused = api
        .post_problem(
            "/api/v1/requirements",
            &named_like_a_policy,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&refused), ["id"]);
    assert_eq!(app.count("agency_requirements").await, 0);

    // A type a requirement counts keeps its code and stays.
    let counted = credential_requirement("agency.k9", "K9 handler", "Policy 312", "taser_x2");
    let _: AgencyRequirementDto = api
        .post_as("/api/v1/requirements", &counted, StatusCode::CREATED)
        .await;
    let path = format!("/api/v1/credential-types/{}", kind.id);
    let renamed = CredentialTypeInput {
        code: "taser_7".into(),
        ..taser(Some(12))
    };
    let refused = api
        .put_problem(&path, &renamed, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&refused), ["code"]);
    let kept = api.delete_problem(&path, StatusCode::CONFLICT).await;
    assert!(
        kept.detail
            .as_deref()
            .unwrap_or_default()
            .contains("agency.k9"),
        "{kept:?}"
    );
    let listed: Vec<CredentialTypeDto> =
        api.get_as("/api/v1/credential-types", StatusCode::OK).await;
    assert_eq!(listed[0].code, "taser_x2");
}

async fn another_agency_s_credentials_are_not_found_and_not_touched(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let ours = app.login(&alpha.coordinator).await;
    let theirs = app.login(&beta.coordinator).await;
    let kind: CredentialTypeDto = ours
        .post_as(
            "/api/v1/credential-types",
            &taser(Some(12)),
            StatusCode::CREATED,
        )
        .await;
    let awarded: CredentialDto = ours
        .post_as(
            "/api/v1/credentials",
            &award(alpha.officer_person, kind.id, date!(2026 - 02 - 01)),
            StatusCode::CREATED,
        )
        .await;

    let listed: Vec<CredentialTypeDto> = theirs
        .get_as("/api/v1/credential-types", StatusCode::OK)
        .await;
    assert!(listed.is_empty());
    theirs
        .get_problem(
            &format!("/api/v1/credentials?person_id={}", alpha.officer_person),
            StatusCode::NOT_FOUND,
        )
        .await;
    let type_path = format!("/api/v1/credential-types/{}", kind.id);
    theirs
        .put_problem(&type_path, &taser(Some(1)), StatusCode::NOT_FOUND)
        .await;
    theirs
        .delete_problem(&type_path, StatusCode::NOT_FOUND)
        .await;
    theirs
        .delete_problem(
            &format!("/api/v1/credentials/{}", awarded.id),
            StatusCode::NOT_FOUND,
        )
        .await;
    // Our type for their officer, or their type for ours: neither exists for them.
    let refused = theirs
        .post_problem(
            "/api/v1/credentials",
            &award(beta.officer_person, kind.id, date!(2026 - 02 - 01)),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&refused), ["credential_type_id"]);
    assert_eq!(app.count("credentials").await, 1);
    let unchanged: Vec<CredentialTypeDto> = ours
        .get_as("/api/v1/credential-types", StatusCode::OK)
        .await;
    assert_eq!(unchanged[0].validity_months, Some(12));
}
