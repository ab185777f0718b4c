//! Policies: versions, assignment, acknowledgement by the person himself or herself, the
//! progress a coordinator follows, and how a new version changes the verdict.

use confitrek_domain::permissions::Role;
use confitrek_types::{
    AcknowledgeInput, AcknowledgementDto, AcknowledgementStatus, AssignedPolicyDto, Assignment,
    ComplianceReportDto, ComplianceStatus, PersonDto, PersonInput, PersonKind, PolicyDetailDto,
    PolicyDto, PolicyInput, PolicyVersionDto, PolicyVersionInput, RequirementResultDto,
    RequirementStatus,
};
use reqwest::StatusCode;
use serde_json::json;
use time::Duration;
use uuid::Uuid;

use crate::both_databases;
use crate::credentials::today;
use crate::helpers::*;

both_databases!(
    a_policy_is_published_acknowledged_and_its_progress_followed,
    a_new_version_puts_an_acknowledged_person_at_risk_until_acknowledged_again,
    nobody_acknowledges_for_someone_else_and_only_the_training_office_writes_policies,
    bad_policy_input_is_refused_naming_the_field_and_nothing_is_written,
    another_agency_s_policies_are_not_found_and_not_touched,
);

fn pursuit(assignment: Assignment) -> PolicyInput {
    PolicyInput {
        code: "vehicle_pursuit".into(),
        title: "Vehicle pursuit policy".into(),
        due_days: 14,
        assignment,
    }
}

const V1: &str = "4.2 Vehicle pursuits\n\nOfficers may pursue only for a violent felony.";
const V2: &str = "4.2 Vehicle pursuits\n\nOfficers may pursue only for a violent felony, with a supervisor's approval.";

fn version(content: &str) -> PolicyVersionInput {
    PolicyVersionInput {
        content: content.into(),
        document_id: None,
    }
}

async fn create(api: &Api, policy: &PolicyInput) -> PolicyDto {
    api.post_as("/api/v1/policies", policy, StatusCode::CREATED)
        .await
}

async fn publish(api: &Api, policy: &PolicyDto, content: &str) -> PolicyVersionDto {
    api.post_as(
        &format!("/api/v1/policies/{}/versions", policy.id),
        &version(content),
        StatusCode::CREATED,
    )
    .await
}

fn attest(version: &PolicyVersionDto) -> AcknowledgeInput {
    AcknowledgeInput {
        policy_version_id: version.id,
        attest: true,
        person_id: None,
    }
}

async fn acknowledge(api: &Api, version: &PolicyVersionDto) -> AcknowledgementDto {
    api.post_as(
        "/api/v1/acknowledgements",
        &attest(version),
        StatusCode::CREATED,
    )
    .await
}

fn result<'a>(report: &'a ComplianceReportDto, id: &str) -> &'a RequirementResultDto {
    report
        .requirements
        .iter()
        .find(|r| r.requirement_id == id)
        .unwrap_or_else(|| panic!("{id} in {report:?}"))
}

async fn a_policy_is_published_acknowledged_and_its_progress_followed(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let today = today(&coordinator).await;

    let policy = create(&coordinator, &pursuit(Assignment::Officers)).await;
    assert_eq!(policy.current_version, None);
    let policy_path = format!("/api/v1/policies/{}", policy.id);
    let detail: PolicyDetailDto = coordinator.get_as(&policy_path, StatusCode::OK).await;
    assert_eq!(detail.progress, None, "nothing to acknowledge yet");

    let v1 = publish(&coordinator, &policy, &format!("\n{V1}\n")).await;
    assert_eq!(v1.version, 1);
    assert_eq!(
        v1.content, V1,
        "kept as written, blank lines around it trimmed"
    );
    assert_eq!(v1.published_on, today);
    assert_eq!(v1.content_sha256.len(), 64);

    let listed: Vec<PolicyDto> = coordinator.get_as("/api/v1/policies", StatusCode::OK).await;
    assert_eq!(listed[0].current_version, Some(1));
    let detail: PolicyDetailDto = coordinator.get_as(&policy_path, StatusCode::OK).await;
    assert_eq!(detail.versions[0].id, v1.id);
    let progress = detail.progress.unwrap();
    assert_eq!(progress.version, 1);
    assert_eq!(
        progress.assigned, 2,
        "the two officers: the sergeant and Olive"
    );
    assert_eq!(progress.acknowledged, 0);
    let pending: Vec<&str> = progress.pending.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(pending, ["Officer, Olive", "Sergeant, Sam"]);

    // The officer reads it among his or her policies, due in 14 days, and acknowledges it.
    let mine_path = format!("/api/v1/people/{}/policies", agency.officer_person);
    let mine: Vec<AssignedPolicyDto> = officer.get_as(&mine_path, StatusCode::OK).await;
    assert_eq!(mine[0].status, AcknowledgementStatus::Pending);
    assert_eq!(mine[0].current.content, V1);
    assert_eq!(mine[0].due, today + Duration::days(14));
    let report_path = format!("/api/v1/people/{}/compliance", agency.officer_person);
    let before: ComplianceReportDto = officer.get_as(&report_path, StatusCode::OK).await;
    assert_eq!(
        result(&before, "policy.vehicle_pursuit").status,
        RequirementStatus::AtRisk
    );

    let made = acknowledge(&officer, &v1).await;
    assert_eq!(made.person_id, agency.officer_person);
    assert_eq!(made.version, 1);
    assert_eq!(made.content_sha256, v1.content_sha256);
    assert_eq!(made.ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(
        made.attestation,
        "I have read and understood Vehicle pursuit policy, version 1."
    );
    let after: ComplianceReportDto = officer.get_as(&report_path, StatusCode::OK).await;
    let met = result(&after, "policy.vehicle_pursuit");
    assert_eq!(met.status, RequirementStatus::Met);
    assert_eq!(met.counted, [made.id]);
    assert_eq!(met.citations[0].title, "Vehicle pursuit policy, version 1");

    let mine: Vec<AssignedPolicyDto> = officer.get_as(&mine_path, StatusCode::OK).await;
    assert_eq!(mine[0].status, AcknowledgementStatus::Acknowledged);
    assert_eq!(
        mine[0].acknowledgement.as_ref().map(|a| a.id),
        Some(made.id)
    );
    let acknowledgements: Vec<AcknowledgementDto> = officer
        .get_as("/api/v1/acknowledgements", StatusCode::OK)
        .await;
    assert_eq!(acknowledgements.len(), 1);
    let listed = &acknowledgements[0];
    assert_eq!(
        (
            listed.id,
            listed.policy_version_id,
            &listed.content_sha256,
            &listed.attestation,
            &listed.ip
        ),
        (
            made.id,
            made.policy_version_id,
            &made.content_sha256,
            &made.attestation,
            &made.ip
        )
    );
    let detail: PolicyDetailDto = coordinator.get_as(&policy_path, StatusCode::OK).await;
    let progress = detail.progress.unwrap();
    assert_eq!(progress.acknowledged, 1);
    assert_eq!(progress.pending[0].name, "Sergeant, Sam");

    // Twice is once too many.
    let again = officer
        .post_problem(
            "/api/v1/acknowledgements",
            &attest(&v1),
            StatusCode::CONFLICT,
        )
        .await;
    assert!(
        again
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("already acknowledged"),
        "{again:?}"
    );
    assert_eq!(app.count("acknowledgements").await, 1);
}

async fn a_new_version_puts_an_acknowledged_person_at_risk_until_acknowledged_again(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    // A civilian dispatcher with a login: only the policy judges him.
    let body = PersonInput {
        kind: PersonKind::Civilian,
        unit: Some("Dispatch".into()),
        ..person_input("Dale", "Dispatcher", "D-1")
    };
    let person: PersonDto = coordinator
        .post_as("/api/v1/people", &body, StatusCode::CREATED)
        .await;
    let person_id = person.id;
    app.seed_user(
        Some(agency.id),
        "dale@alpha.test",
        Role::Officer,
        Some(person_id),
    )
    .await;
    let dale = app.login("dale@alpha.test").await;
    let report_path = format!("/api/v1/people/{person_id}/compliance");
    let report = || async {
        dale.get_as::<ComplianceReportDto>(&report_path, StatusCode::OK)
            .await
    };

    let policy = create(
        &coordinator,
        &pursuit(Assignment::Units {
            units: vec!["Dispatch".into()],
        }),
    )
    .await;
    let v1 = publish(&coordinator, &policy, V1).await;
    assert_eq!(report().await.status, ComplianceStatus::AtRisk);
    acknowledge(&dale, &v1).await;
    assert_eq!(report().await.status, ComplianceStatus::Compliant);

    let v2 = publish(&coordinator, &policy, V2).await;
    assert_eq!(v2.version, 2);
    let now = report().await;
    assert_eq!(now.status, ComplianceStatus::AtRisk, "{now:?}");
    let owed = result(&now, "policy.vehicle_pursuit");
    assert_eq!(owed.status, RequirementStatus::AtRisk);
    assert!(
        owed.explanation
            .starts_with("needs an acknowledgement of Vehicle pursuit policy by"),
        "{owed:?}"
    );
    // The stored verdict follows the publication at once.
    let stored = confitrek_api::db::compliance::snapshot_of(
        &app.db,
        confitrek_api::db::AgencyScope::new(agency.id),
        person_id,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(stored.status, ComplianceStatus::AtRisk);

    // The old version no longer counts and may not be acknowledged again.
    let stale = dale
        .post_problem(
            "/api/v1/acknowledgements",
            &attest(&v1),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&stale), ["policy_version_id"]);
    assert!(stale.errors[0].message.contains("version 2"), "{stale:?}");
    acknowledge(&dale, &v2).await;
    assert_eq!(report().await.status, ComplianceStatus::Compliant);
    let acknowledged: Vec<AcknowledgementDto> = dale
        .get_as("/api/v1/acknowledgements", StatusCode::OK)
        .await;
    let versions: Vec<u32> = acknowledged.iter().map(|a| a.version).collect();
    assert_eq!(versions, [2, 1], "newest first");

    // Taken out of the assignment, he owes it nothing.
    let others: PolicyDto = coordinator
        .put_as(
            &format!("/api/v1/policies/{}", policy.id),
            &pursuit(Assignment::Officers),
            StatusCode::OK,
        )
        .await;
    assert_eq!(others.current_version, Some(2));
    let now = report().await;
    assert!(
        now.requirements
            .iter()
            .all(|r| r.requirement_id != "policy.vehicle_pursuit"),
        "{now:?}"
    );
    let mine: Vec<AssignedPolicyDto> = dale
        .get_as(
            &format!("/api/v1/people/{person_id}/policies"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(mine, []);
}

async fn nobody_acknowledges_for_someone_else_and_only_the_training_office_writes_policies(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let supervisor = app.login(&agency.supervisor).await;
    let policy = create(&coordinator, &pursuit(Assignment::Everyone)).await;
    let v1 = publish(&coordinator, &policy, V1).await;

    // For someone else: refused, whoever asks.
    for (api, person) in [
        (&officer, agency.supervisor_person),
        (&supervisor, agency.officer_person),
        (&coordinator, agency.officer_person),
    ] {
        api.post_problem(
            "/api/v1/acknowledgements",
            &AcknowledgeInput {
                person_id: Some(person),
                ..attest(&v1)
            },
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    // A login that is no person on the roster has nothing to acknowledge.
    coordinator
        .post_problem(
            "/api/v1/acknowledgements",
            &attest(&v1),
            StatusCode::FORBIDDEN,
        )
        .await;
    assert_eq!(app.count("acknowledgements").await, 0);
    // Naming oneself is fine.
    let _: AcknowledgementDto = officer
        .post_as(
            "/api/v1/acknowledgements",
            &AcknowledgeInput {
                person_id: Some(agency.officer_person),
                ..attest(&v1)
            },
            StatusCode::CREATED,
        )
        .await;

    // Officers and supervisors neither write nor publish policies.
    let path = format!("/api/v1/policies/{}", policy.id);
    for api in [&officer, &supervisor] {
        let other = PolicyInput {
            code: "body_cameras".into(),
            ..pursuit(Assignment::Everyone)
        };
        api.post_problem("/api/v1/policies", &other, StatusCode::FORBIDDEN)
            .await;
        api.put_problem(&path, &other, StatusCode::FORBIDDEN).await;
        api.post_problem(
            &format!("{path}/versions"),
            &version(V2),
            StatusCode::FORBIDDEN,
        )
        .await;
        api.delete_problem(&path, StatusCode::FORBIDDEN).await;
    }
    assert_eq!(app.count("policies").await, 1);
    assert_eq!(app.count("policy_versions").await, 1);

    // Officers read their own acknowledgements and policies only; supervisors their unit's.
    for path in [
        format!(
            "/api/v1/acknowledgements?person_id={}",
            agency.supervisor_person
        ),
        format!("/api/v1/people/{}/policies", agency.supervisor_person),
    ] {
        officer.get_problem(&path, StatusCode::NOT_FOUND).await;
    }
    let unit: Vec<AcknowledgementDto> = supervisor
        .get_as(
            &format!(
                "/api/v1/acknowledgements?person_id={}",
                agency.officer_person
            ),
            StatusCode::OK,
        )
        .await;
    assert_eq!(unit.len(), 1);
    let elsewhere = app.seed_investigator(agency.id).await;
    supervisor
        .get_problem(
            &format!("/api/v1/people/{elsewhere}/policies"),
            StatusCode::NOT_FOUND,
        )
        .await;
    // The progress a supervisor sees counts the unit only; the coordinator's, everyone.
    let seen: PolicyDetailDto = supervisor.get_as(&path, StatusCode::OK).await;
    let seen = seen.progress.unwrap();
    assert_eq!((seen.assigned, seen.acknowledged), (2, 1));
    let all: PolicyDetailDto = coordinator.get_as(&path, StatusCode::OK).await;
    assert_eq!(all.progress.unwrap().assigned, 3);

    // A policy with acknowledgements is evidence: it stays.
    let kept = coordinator
        .delete_problem(&path, StatusCode::CONFLICT)
        .await;
    assert!(
        kept.detail
            .as_deref()
            .unwrap_or_default()
            .contains("1 acknowledgement"),
        "{kept:?}"
    );
}

async fn bad_policy_input_is_refused_naming_the_field_and_nothing_is_written(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let other = app.seed_agency("Beta").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;

    let short = |due_days: i64, assignment: Assignment| PolicyInput {
        code: "pursuit".into(),
        title: "Pursuit".into(),
        due_days,
        assignment,
    };
    let cases = [
        (
            PolicyInput {
                code: "Pursuit 4.2".into(),
                title: " ".into(),
                ..short(0, Assignment::Everyone)
            },
            vec!["code", "title", "due_days"],
        ),
        (
            short(
                14,
                Assignment::RoleFlags {
                    role_flags: vec!["chief".into()],
                },
            ),
            vec!["assignment.role_flags.0"],
        ),
        (
            short(
                14,
                Assignment::People {
                    people: vec![other.officer_person],
                },
            ),
            vec!["assignment.people.0"],
        ),
        (short(400, Assignment::Everyone), vec!["due_days"]),
    ];
    for (body, expected) in cases {
        let refused = coordinator
            .post_problem("/api/v1/policies", &body, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&refused), expected, "{body:?}");
    }
    // A missing field and an unknown one.
    let malformed = [
        (
            json!({ "code": "pursuit", "title": "Pursuit", "due_days": 14 }),
            "assignment",
        ),
        (
            json!({ "code": "pursuit", "title": "Pursuit", "due_days": 14, "assignment": { "kind": "everyone" }, "content": "x" }),
            "content",
        ),
    ];
    for (body, field) in malformed {
        let refused = coordinator
            .post_problem("/api/v1/policies", &body, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&refused), [field], "{body}");
    }
    assert_eq!(app.count("policies").await, 0);

    let policy = create(&coordinator, &pursuit(Assignment::Everyone)).await;
    let taken = coordinator
        .post_problem(
            "/api/v1/policies",
            &pursuit(Assignment::Officers),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&taken), ["code"], "a code already in use");
    let versions = format!("/api/v1/policies/{}/versions", policy.id);
    for content in [" \n ", "bell\u{7}"] {
        let refused = coordinator
            .post_problem(
                &versions,
                &version(content),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(problem_fields(&refused), ["content"]);
    }
    let v1 = publish(&coordinator, &policy, V1).await;
    let same = coordinator
        .post_problem(&versions, &version(V1), StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(
        problem_fields(&same),
        ["content"],
        "the same text is no new version"
    );
    assert_eq!(app.count("policy_versions").await, 1);

    let cases = [
        (
            AcknowledgeInput {
                attest: false,
                ..attest(&v1)
            },
            "attest",
        ),
        (
            AcknowledgeInput {
                policy_version_id: Uuid::now_v7(),
                ..attest(&v1)
            },
            "policy_version_id",
        ),
    ];
    for (body, field) in cases {
        let refused = officer
            .post_problem(
                "/api/v1/acknowledgements",
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(problem_fields(&refused), [field], "{body:?}");
    }
    // A missing attestation and an id that is no id.
    let malformed = [
        (json!({ "policy_version_id": v1.id }), "attest"),
        (
            json!({ "policy_version_id": "version one", "attest": true }),
            "policy_version_id",
        ),
    ];
    for (body, field) in malformed {
        let refused = officer
            .post_problem(
                "/api/v1/acknowledgements",
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(problem_fields(&refused), [field], "{body}");
    }
    // A policy not assigned to the officer is not the officer's to acknowledge.
    let cameras = PolicyInput {
        code: "body_cameras".into(),
        ..pursuit(Assignment::Units {
            units: vec!["Investigations".into()],
        })
    };
    let cameras = create(&coordinator, &cameras).await;
    let theirs = publish(&coordinator, &cameras, "Record every contact.").await;
    let refused = officer
        .post_problem(
            "/api/v1/acknowledgements",
            &attest(&theirs),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&refused), ["policy_version_id"]);
    assert_eq!(app.count("acknowledgements").await, 0);
}

async fn another_agency_s_policies_are_not_found_and_not_touched(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let ours = app.login(&alpha.coordinator).await;
    let theirs = app.login(&beta.coordinator).await;
    let their_officer = app.login(&beta.officer).await;
    let policy = create(&ours, &pursuit(Assignment::Everyone)).await;
    let v1 = publish(&ours, &policy, V1).await;
    let path = format!("/api/v1/policies/{}", policy.id);

    let listed: Vec<PolicyDto> = theirs.get_as("/api/v1/policies", StatusCode::OK).await;
    assert_eq!(listed, []);
    theirs.get_problem(&path, StatusCode::NOT_FOUND).await;
    theirs
        .put_problem(&path, &pursuit(Assignment::Officers), StatusCode::NOT_FOUND)
        .await;
    theirs
        .post_problem(
            &format!("{path}/versions"),
            &version(V2),
            StatusCode::NOT_FOUND,
        )
        .await;
    theirs.delete_problem(&path, StatusCode::NOT_FOUND).await;
    theirs
        .get_problem(
            &format!("/api/v1/people/{}/policies", alpha.officer_person),
            StatusCode::NOT_FOUND,
        )
        .await;
    theirs
        .get_problem(
            &format!(
                "/api/v1/acknowledgements?person_id={}",
                alpha.officer_person
            ),
            StatusCode::NOT_FOUND,
        )
        .await;
    let refused = their_officer
        .post_problem(
            "/api/v1/acknowledgements",
            &attest(&v1),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&refused), ["policy_version_id"]);
    assert_eq!(app.count("acknowledgements").await, 0);
    assert_eq!(app.count("policy_versions").await, 1);
    let unchanged: PolicyDetailDto = ours.get_as(&path, StatusCode::OK).await;
    assert_eq!(unchanged.policy.assignment, Assignment::Everyone);
}
