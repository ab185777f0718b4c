use time::macros::date;

use super::*;
use crate::compliance::{
    Acknowledgement, ComplianceStatus, Evaluation, RequirementStatus, evaluate,
};
use crate::people::{PersonKind, PersonStatus};

fn pursuit(versions: &[(u32, Date)]) -> Policy {
    Policy {
        code: "vehicle_pursuit".into(),
        title: "Vehicle pursuit policy".into(),
        due_days: 14,
        assignment: Assignment::Officers,
        versions: versions
            .iter()
            .map(|&(version, published_on)| PublishedVersion {
                version,
                published_on,
            })
            .collect(),
    }
}

fn person(hired: Option<Date>, history_from: Option<Date>) -> PersonFacts {
    PersonFacts {
        status: PersonStatus::Active,
        roles: vec![],
        hire_date: hired,
        certified_on: None,
        license_cycle: None,
        records_complete_from: history_from,
    }
}

fn member(kind: PersonKind) -> Member<'static> {
    Member {
        id: Uuid::from_u128(1),
        kind,
        unit: Some("Patrol"),
        role_flags: &[],
    }
}

#[test]
fn a_version_binds_from_the_later_of_its_publication_and_the_person_s_start() {
    let published = date!(2026 - 06 - 01);
    let cases = [
        (
            None,
            None,
            published,
            "nothing known of the person: publication",
        ),
        (
            Some(date!(2019 - 03 - 04)),
            Some(date!(2024 - 07 - 01)),
            published,
            "long employed: publication",
        ),
        (
            Some(date!(2026 - 09 - 14)),
            Some(date!(2026 - 09 - 14)),
            date!(2026 - 09 - 14),
            "hired after publication: the hire date",
        ),
        (
            Some(date!(2010 - 01 - 01)),
            Some(date!(2026 - 10 - 01)),
            date!(2026 - 10 - 01),
            "added to ConfiTrek after publication: from then",
        ),
    ];
    for (hired, history, expected, why) in cases {
        assert_eq!(
            assigned_on(published, &person(hired, history)),
            expected,
            "{why}"
        );
    }
}

#[test]
fn a_policy_reaches_the_people_it_is_assigned_to_once_it_has_a_version() {
    let officer = person(Some(date!(2020 - 01 - 01)), Some(date!(2024 - 07 - 01)));
    let policy = pursuit(&[(1, date!(2024 - 01 - 05)), (2, date!(2026 - 06 - 01))]);
    let duties = duties_of(
        std::slice::from_ref(&policy),
        &member(PersonKind::Officer),
        &officer,
    );
    assert_eq!(duties.requirements.len(), 1);
    let requirement = &duties.requirements[0];
    assert_eq!(requirement.id, "policy.vehicle_pursuit");
    assert_eq!(requirement.title, "Vehicle pursuit policy");
    assert_eq!(requirement.citations, ["Vehicle pursuit policy, version 2"]);
    assert_eq!(requirement.period, PeriodRule::AtAllTimes);
    assert_eq!(
        requirement.measure,
        Measure::Acknowledgement {
            policy: "vehicle_pursuit".into(),
            within_days: 14
        }
    );
    assert_eq!(
        duties.versions,
        [
            PolicyVersionAssigned {
                policy: "vehicle_pursuit".into(),
                version: 1,
                assigned_on: date!(2024 - 07 - 01),
            },
            PolicyVersionAssigned {
                policy: "vehicle_pursuit".into(),
                version: 2,
                assigned_on: date!(2026 - 06 - 01),
            },
        ]
    );

    let civilian = duties_of(
        std::slice::from_ref(&policy),
        &member(PersonKind::Civilian),
        &officer,
    );
    assert_eq!(
        civilian,
        PolicyDuties::default(),
        "assigned to officers only"
    );
    let draft = duties_of(&[pursuit(&[])], &member(PersonKind::Officer), &officer);
    assert_eq!(draft, PolicyDuties::default(), "nothing to acknowledge yet");
}

#[test]
fn a_new_version_puts_an_acknowledged_officer_at_risk_until_acknowledged_again() {
    let officer = person(Some(date!(2020 - 01 - 01)), Some(date!(2024 - 07 - 01)));
    let judge = |policy: &Policy, acknowledged: &[(u32, Date)], as_of: Date| {
        let duties = duties_of(
            std::slice::from_ref(policy),
            &member(PersonKind::Officer),
            &officer,
        );
        let acknowledgements: Vec<Acknowledgement> = acknowledged
            .iter()
            .enumerate()
            .map(|(i, &(version, on))| Acknowledgement {
                id: Uuid::from_u128(i as u128 + 1),
                policy: policy.code.clone(),
                version,
                acknowledged_on: on,
            })
            .collect();
        let report = evaluate(&Evaluation {
            person: &officer,
            requirements: &duties.requirements,
            records: &[],
            credentials: &[],
            waivers: &[],
            policies: &duties.versions,
            acknowledgements: &acknowledgements,
            non_creditable_topics: &[],
            as_of,
            at_risk_days: 90,
        });
        (
            report.status,
            report.requirements[0].status,
            report.requirements[0].explanation.clone(),
        )
    };
    let v1 = pursuit(&[(1, date!(2026 - 01 - 05))]);
    let acknowledged = [(1, date!(2026 - 01 - 10))];
    assert_eq!(
        judge(&v1, &acknowledged, date!(2026 - 06 - 01)).1,
        RequirementStatus::Met
    );
    let v2 = pursuit(&[(1, date!(2026 - 01 - 05)), (2, date!(2026 - 06 - 01))]);
    let (status, requirement, sentence) = judge(&v2, &acknowledged, date!(2026 - 06 - 01));
    assert_eq!(
        (status, requirement),
        (ComplianceStatus::AtRisk, RequirementStatus::AtRisk)
    );
    assert_eq!(
        sentence,
        "needs an acknowledgement of Vehicle pursuit policy by 2026-06-15"
    );
    assert_eq!(
        judge(&v2, &acknowledged, date!(2026 - 06 - 16)).1,
        RequirementStatus::Overdue
    );
    let again = [(1, date!(2026 - 01 - 10)), (2, date!(2026 - 06 - 03))];
    assert_eq!(
        judge(&v2, &again, date!(2026 - 06 - 03)).0,
        ComplianceStatus::Compliant
    );
}

fn fields(errors: ValidationErrors) -> Vec<String> {
    errors.0.into_iter().map(|e| e.field).collect()
}

#[test]
fn a_policy_names_every_bad_field() {
    let good = PolicyDraft {
        code: "vehicle_pursuit".into(),
        title: " Vehicle pursuit policy ".into(),
        due_days: 14,
        assignment: Assignment::Everyone,
    };
    let valid = ValidPolicy::parse(good.clone()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(valid.title, "Vehicle pursuit policy");
    assert_eq!(valid.due_days, 14);
    for (due_days, ok) in [
        (0, false),
        (1, true),
        (365, true),
        (366, false),
        (-3, false),
    ] {
        let draft = PolicyDraft {
            due_days,
            ..good.clone()
        };
        assert_eq!(ValidPolicy::parse(draft).is_ok(), ok, "{due_days} days");
    }
    let bad = PolicyDraft {
        code: "Pursuit 4.2".into(),
        title: String::new(),
        due_days: 0,
        assignment: Assignment::Everyone,
    };
    assert_eq!(
        fields(ValidPolicy::parse(bad).unwrap_err()),
        ["code", "title", "due_days"]
    );
}

#[test]
fn the_text_of_a_version_is_kept_as_written() {
    assert_eq!(
        parse_content("\n  4.2 Pursuits\n\n\tOfficers shall...  \n"),
        Ok("4.2 Pursuits\n\n\tOfficers shall...".into())
    );
    assert_eq!(parse_content("  \n "), Err(ContentError::Empty));
    assert_eq!(
        parse_content("a\u{7}b"),
        Err(ContentError::ControlCharacters)
    );
    let long = "x".repeat(MAX_CONTENT_CHARS + 1);
    assert!(matches!(
        parse_content(&long),
        Err(ContentError::TooLong { .. })
    ));
}

#[test]
fn only_the_newest_version_may_be_acknowledged_and_only_by_attesting() {
    assert_eq!(check_acknowledgement(2, 2, true), Ok(()));
    assert_eq!(
        fields(check_acknowledgement(1, 2, true).unwrap_err()),
        ["policy_version_id"]
    );
    assert_eq!(
        fields(check_acknowledgement(2, 2, false).unwrap_err()),
        ["attest"]
    );
    assert_eq!(
        attestation("Vehicle pursuit policy", 2),
        "I have read and understood Vehicle pursuit policy, version 2."
    );
}

#[test]
fn progress_counts_the_assigned_who_acknowledged_and_lists_the_rest() {
    let [a, b, c, stranger] = [1, 2, 3, 4].map(Uuid::from_u128);
    assert_eq!(
        progress(&[a, b, c], &[b, stranger]),
        Progress {
            assigned: 3,
            acknowledged: 1,
            pending: vec![a, c],
        },
        "an acknowledgement by someone no longer assigned does not count"
    );
    assert_eq!(progress(&[], &[a]).acknowledged, 0);
}

#[test]
fn a_paper_acknowledgement_signs_the_version_in_force_that_day() {
    let versions = [
        (1, date!(2022 - 01 - 10)),
        (2, date!(2024 - 03 - 01)),
        (3, date!(2026 - 02 - 01)),
    ];
    assert_eq!(version_signed_on(&versions, date!(2022 - 01 - 09)), None);
    assert_eq!(version_signed_on(&versions, date!(2022 - 01 - 10)), Some(1));
    // Signed the day version 2 came out: version 2.
    assert_eq!(version_signed_on(&versions, date!(2024 - 03 - 01)), Some(2));
    assert_eq!(version_signed_on(&versions, date!(2026 - 01 - 31)), Some(2));
    assert_eq!(version_signed_on(&versions, date!(2026 - 12 - 01)), Some(3));
}

#[test]
fn a_paper_acknowledgement_is_dated_between_the_version_and_today() {
    let today = date!(2026 - 12 - 06);
    let published = date!(2024 - 03 - 01);
    assert!(check_paper_acknowledgement(published, published, today).is_ok());
    assert!(check_paper_acknowledgement(today, published, today).is_ok());
    assert!(
        check_paper_acknowledgement(date!(2024 - 02 - 29), published, today)
            .unwrap_err()
            .contains("before the version was published")
    );
    assert!(
        check_paper_acknowledgement(date!(2026 - 12 - 07), published, today)
            .unwrap_err()
            .contains("later than today")
    );
    assert_eq!(
        paper_attestation("Pursuit policy", 2, date!(2024 - 03 - 05)),
        "I have read and understood Pursuit policy, version 2. Signed on paper on 2024-03-05; recorded from the agency's files."
    );
}
