use time::macros::date;

use super::*;
use crate::compliance::{
    ComplianceStatus, Evaluation, PersonFacts, RequirementStatus, agency_requirement, evaluate,
};
use crate::people::PersonStatus;

#[test]
fn a_credential_is_valid_for_exactly_its_months() {
    // (issued, months, last valid day, why)
    let cases = [
        (
            date!(2025 - 03 - 15),
            12,
            date!(2026 - 03 - 14),
            "through the day before the anniversary",
        ),
        (
            date!(2025 - 01 - 01),
            12,
            date!(2025 - 12 - 31),
            "a calendar year",
        ),
        (
            date!(2025 - 01 - 31),
            1,
            date!(2025 - 02 - 28),
            "February has no 31st: its last day",
        ),
        (
            date!(2024 - 01 - 31),
            1,
            date!(2024 - 02 - 29),
            "in a leap year, February 29",
        ),
        (
            date!(2024 - 02 - 29),
            12,
            date!(2025 - 02 - 28),
            "issued on a leap day: the last day of next February",
        ),
        (
            date!(2024 - 02 - 29),
            48,
            date!(2028 - 02 - 28),
            "four years on, the leap day is the anniversary",
        ),
        (
            date!(2023 - 03 - 01),
            12,
            date!(2024 - 02 - 29),
            "the day before March 1 of a leap year",
        ),
        (
            date!(2025 - 03 - 31),
            1,
            date!(2025 - 04 - 30),
            "April has 30 days",
        ),
        (
            date!(2025 - 12 - 31),
            2,
            date!(2026 - 02 - 28),
            "across the year end into a short month",
        ),
        (
            date!(2025 - 06 - 30),
            1,
            date!(2025 - 07 - 29),
            "a shorter month to a longer: the day before the 30th",
        ),
    ];
    for (issued, months, last, why) in cases {
        assert_eq!(expires_on(issued, Some(months)), Some(last), "{why}");
    }
    assert_eq!(
        expires_on(date!(2025 - 03 - 15), None),
        None,
        "never expires"
    );
}

fn taser() -> CredentialType {
    CredentialType {
        code: "taser_x2".into(),
        validity_months: Some(12),
        renewal: Renewal {
            course_ids: vec![Uuid::from_u128(100)],
            events: vec!["taser_recertification".into()],
        },
    }
}

fn held(n: u128, code: &str, issued: Date, expires: Option<Date>) -> CredentialHeld {
    CredentialHeld {
        id: Uuid::from_u128(n),
        credential_type: code.into(),
        issued_on: issued,
        expires_on: expires,
    }
}

#[test]
fn training_in_a_renewing_course_or_event_earns_the_credential_on_its_date() {
    let none: [String; 0] = [];
    let recert = ["taser_recertification".to_owned()];
    let other = ["firearms_qualification".to_owned()];
    let records = [
        CompletedTraining {
            id: Uuid::from_u128(1),
            completed_on: date!(2025 - 02 - 10),
            course_id: Some(Uuid::from_u128(100)),
            events: &none,
        },
        CompletedTraining {
            id: Uuid::from_u128(2),
            completed_on: date!(2026 - 01 - 20),
            course_id: None,
            events: &recert,
        },
        CompletedTraining {
            id: Uuid::from_u128(3),
            completed_on: date!(2026 - 02 - 01),
            course_id: Some(Uuid::from_u128(999)),
            events: &other,
        },
    ];
    let k9 = CredentialType {
        code: "k9_handler".into(),
        validity_months: None,
        renewal: Renewal::default(),
    };
    let earned = earned_through_training(&[taser(), k9], &records);
    assert_eq!(
        earned,
        vec![
            held(
                1,
                "taser_x2",
                date!(2025 - 02 - 10),
                Some(date!(2026 - 02 - 09))
            ),
            held(
                2,
                "taser_x2",
                date!(2026 - 01 - 20),
                Some(date!(2027 - 01 - 19))
            ),
        ],
        "the record's course or event, issued on its date, valid for the type's months; a type nothing renews earns nothing"
    );
}

#[test]
fn awarded_and_earned_credentials_merge_in_one_order_whatever_the_input_order() {
    let recert = ["taser_recertification".to_owned()];
    let records = [CompletedTraining {
        id: Uuid::from_u128(7),
        completed_on: date!(2026 - 01 - 20),
        course_id: None,
        events: &recert,
    }];
    let awarded = vec![
        held(
            9,
            "taser_x2",
            date!(2024 - 05 - 01),
            Some(date!(2025 - 04 - 30)),
        ),
        held(3, "k9_handler", date!(2020 - 01 - 01), None),
    ];
    let mut reversed = awarded.clone();
    reversed.reverse();
    let one = credentials_held(&[taser()], awarded, &records);
    let two = credentials_held(&[taser()], reversed, &records);
    assert_eq!(one, two);
    let ids: Vec<u128> = one.iter().map(|c| c.id.as_u128()).collect();
    assert_eq!(ids, [3, 9, 7]);
}

fn taser_requirement() -> crate::compliance::Requirement {
    agency_requirement(
        serde_json::json!({
            "id": "agency.taser",
            "title": "TASER X2 user",
            "citations": ["Lakeview Policy 300.4"],
            "period": { "kind": "at_all_times" },
            "measure": { "kind": "credential", "credential_type": "taser_x2" }
        }),
        None,
    )
    .unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn a_lapsed_credential_fails_the_requirement_and_renewing_training_restores_it() {
    let officer = PersonFacts {
        status: PersonStatus::Active,
        roles: vec![],
        hire_date: Some(date!(2018 - 03 - 01)),
        certified_on: None,
        license_cycle: None,
        records_complete_from: Some(date!(2024 - 07 - 01)),
    };
    let requirements = [taser_requirement()];
    let judge = |credentials: &[CredentialHeld], as_of: Date| {
        let report = evaluate(&Evaluation {
            person: &officer,
            requirements: &requirements,
            records: &[],
            credentials,
            waivers: &[],
            policies: &[],
            acknowledgements: &[],
            non_creditable_topics: &[],
            as_of,
            at_risk_days: 30,
        });
        (report.status, report.requirements[0].status)
    };
    let awarded = vec![held(
        1,
        "taser_x2",
        date!(2025 - 03 - 15),
        expires_on(date!(2025 - 03 - 15), Some(12)),
    )];
    let none: [CredentialHeld; 0] = [];
    assert_eq!(
        judge(&none, date!(2026 - 01 - 01)).1,
        RequirementStatus::Overdue
    );
    let on_last_day = judge(&awarded, date!(2026 - 03 - 14));
    assert_eq!(
        on_last_day,
        (ComplianceStatus::AtRisk, RequirementStatus::AtRisk)
    );
    let lapsed = judge(&awarded, date!(2026 - 03 - 15));
    assert_eq!(
        lapsed,
        (ComplianceStatus::NonCompliant, RequirementStatus::Overdue)
    );
    // A recertification recorded the next week earns the credential again.
    let recert = ["taser_recertification".to_owned()];
    let records = [CompletedTraining {
        id: Uuid::from_u128(2),
        completed_on: date!(2026 - 03 - 20),
        course_id: None,
        events: &recert,
    }];
    let renewed = credentials_held(&[taser()], awarded, &records);
    assert_eq!(
        judge(&renewed, date!(2026 - 03 - 20)),
        (ComplianceStatus::Compliant, RequirementStatus::Met)
    );
}

#[test]
fn standing_says_whether_a_credential_is_current_expiring_or_expired() {
    let c = held(
        1,
        "taser_x2",
        date!(2025 - 03 - 15),
        Some(date!(2026 - 03 - 14)),
    );
    let cases = [
        (date!(2025 - 03 - 14), CredentialStanding::NotYetValid),
        (date!(2025 - 03 - 15), CredentialStanding::Current),
        (date!(2026 - 02 - 12), CredentialStanding::Current),
        (date!(2026 - 02 - 13), CredentialStanding::ExpiringSoon),
        (date!(2026 - 03 - 14), CredentialStanding::ExpiringSoon),
        (date!(2026 - 03 - 15), CredentialStanding::Expired),
    ];
    for (day, expected) in cases {
        assert_eq!(standing(&c, day, 30), expected, "{day}");
    }
    let forever = held(2, "k9_handler", date!(2020 - 01 - 01), None);
    assert_eq!(
        standing(&forever, date!(2040 - 01 - 01), 30),
        CredentialStanding::Current
    );
}

fn fields(errors: ValidationErrors) -> Vec<String> {
    errors.0.into_iter().map(|e| e.field).collect()
}

#[test]
fn a_credential_type_names_every_bad_field() {
    let good = CredentialTypeDraft {
        code: " taser_x2 ".into(),
        name: " TASER X2 user ".into(),
        validity_months: Some(12),
        renewal: Renewal {
            course_ids: vec![Uuid::from_u128(1), Uuid::from_u128(1)],
            events: vec![
                "taser_recertification".into(),
                "taser_recertification".into(),
            ],
        },
    };
    let valid = ValidCredentialType::parse(good.clone()).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(valid.code, "taser_x2");
    assert_eq!(valid.name, "TASER X2 user");
    assert_eq!(valid.validity_months, Some(12));
    assert_eq!(valid.renewal.course_ids.len(), 1, "repeats dropped");
    assert_eq!(valid.renewal.events, ["taser_recertification"]);
    let never = CredentialTypeDraft {
        validity_months: None,
        ..good.clone()
    };
    assert_eq!(
        ValidCredentialType::parse(never).map(|t| t.validity_months),
        Ok(None)
    );

    let bad = CredentialTypeDraft {
        code: "TASER".into(),
        name: "  ".into(),
        validity_months: Some(0),
        renewal: Renewal {
            course_ids: vec![],
            events: vec!["ok_event".into(), "Bad Event".into()],
        },
    };
    let errors = ValidCredentialType::parse(bad).unwrap_err();
    assert_eq!(
        fields(errors),
        ["code", "name", "validity_months", "renewed_by.events.1"]
    );
    let too_long = CredentialTypeDraft {
        validity_months: Some(601),
        ..good
    };
    assert_eq!(
        fields(ValidCredentialType::parse(too_long).unwrap_err()),
        ["validity_months"]
    );
}

#[test]
fn an_award_takes_its_expiry_from_the_type_unless_given() {
    let today = date!(2026 - 11 - 26);
    let draft = AwardDraft {
        issued_on: date!(2026 - 02 - 01),
        expires_on: None,
        note: Some("  ".into()),
    };
    let award =
        ValidAward::parse(draft.clone(), Some(12), today).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(award.expires_on, Some(date!(2027 - 01 - 31)));
    assert_eq!(award.note, None, "a blank note is no note");
    let given = AwardDraft {
        expires_on: Some(date!(2026 - 06 - 30)),
        note: Some("Recertified at the state academy".into()),
        ..draft.clone()
    };
    let award = ValidAward::parse(given, Some(12), today).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(award.expires_on, Some(date!(2026 - 06 - 30)));
    assert_eq!(
        award.note.as_deref(),
        Some("Recertified at the state academy")
    );
    assert_eq!(
        ValidAward::parse(draft.clone(), None, today).map(|a| a.expires_on),
        Ok(None),
        "a type that never expires"
    );

    let bad = AwardDraft {
        issued_on: date!(2026 - 11 - 27),
        expires_on: Some(date!(2026 - 11 - 01)),
        note: Some("SSN 123-45-6789".into()),
    };
    assert_eq!(
        fields(ValidAward::parse(bad, Some(12), today).unwrap_err()),
        ["issued_on", "expires_on", "note"]
    );
}
