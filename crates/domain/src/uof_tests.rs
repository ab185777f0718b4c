use std::collections::BTreeMap;

use confitrek_vocabulary::{
    ContactReason, Ethnicity, ForceType, IncidentInput, IncidentStatus, Injury, LocationType,
    OfficerInput, Race, Resistance, Sex, SubjectInput, YesNoUnknown,
};
use time::macros::date;
use uuid::Uuid;

use super::*;

const OFFICER: Uuid = Uuid::from_u128(7);
const TODAY: Date = date!(2026 - 11 - 27);

fn officer() -> OfficerInput {
    OfficerInput {
        person_id: OFFICER,
        sex: Some(Sex::Female),
        races: vec![Race::White],
        ethnicity: Some(Ethnicity::NotHispanicLatino),
        age: Some(34),
        height_feet: Some(5),
        height_inches: Some(7),
        weight_pounds: Some(150),
        full_time: Some(true),
        on_duty: Some(true),
        identifiable: Some(YesNoUnknown::Yes),
        applied_force: Some(true),
        discharged_firearm: Some(false),
        injuries: vec![Injury::Minor],
    }
}

fn subject() -> SubjectInput {
    SubjectInput {
        reference: Some("P-20-1187".into()),
        sex: Some(Sex::Male),
        races: vec![Race::Black, Race::White],
        ethnicity: Some(Ethnicity::Unknown),
        age: Some(27),
        height_feet: Some(6),
        height_inches: Some(1),
        weight_pounds: Some(210),
        impaired: Some(YesNoUnknown::Yes),
        impairments: vec![Impairment::Alcohol],
        threat_perceived: Some(YesNoUnknown::Yes),
        armed: Some(YesNoUnknown::No),
        resisted: Some(YesNoUnknown::Yes),
        resistance: vec![Resistance::ResistedHandcuffing],
        force: vec![
            ForceType::HandsFistsFeet,
            ForceType::ElectronicControlDevice,
        ],
        injuries: vec![Injury::Unconsciousness],
        disposition: Some(confitrek_vocabulary::Disposition::Arrested),
    }
}

use confitrek_vocabulary::Impairment;

/// A complete incident that qualifies by a serious bodily injury.
fn incident() -> IncidentInput {
    IncidentInput {
        case_number: Some("26-004512".into()),
        incident_date: Some(date!(2026 - 03 - 14)),
        incident_time: Some("23:40".into()),
        address: Some("1400 block of Main St".into()),
        latitude: None,
        longitude: None,
        location_type: Some(LocationType::HighwayRoadStreet),
        contact_reason: Some(ContactReason::UnlawfulSuspiciousActivity),
        offense: Some("Aggravated assault".into()),
        nibrs_number: None,
        officers_approached: Some(YesNoUnknown::Yes),
        ambush: Some(YesNoUnknown::No),
        supervisor_present: Some(YesNoUnknown::No),
        other_agency_officers: Some(1),
        subjects: vec![subject()],
        officers: vec![officer()],
        narrative: Some("Two officers responded to a disturbance; the subject struck an officer and was taken down.".into()),
    }
}

fn fields(result: Result<IncidentInput, ValidationErrors>) -> Vec<String> {
    match result {
        Ok(_) => Vec::new(),
        Err(errors) => errors.0.into_iter().map(|e| e.field).collect(),
    }
}

#[test]
fn qualification_is_computed_from_the_facts() {
    let base = incident();
    let q = qualification(&base);
    assert!(q.qualifies && q.serious_bodily_injury && !q.death && !q.firearm_discharge);

    let mut minor = base.clone();
    minor.subjects[0].injuries = vec![Injury::Minor];
    assert!(
        !qualification(&minor).qualifies,
        "a minor injury alone does not qualify"
    );

    let mut died = minor.clone();
    died.subjects.push(SubjectInput {
        injuries: vec![Injury::Death],
        ..subject()
    });
    let q = qualification(&died);
    assert!(q.qualifies && q.death && !q.serious_bodily_injury);

    let mut shot_at = minor.clone();
    shot_at.officers[0].discharged_firearm = Some(true);
    let q = qualification(&shot_at);
    assert!(
        q.qualifies && q.firearm_discharge,
        "a discharge at a person, even a miss"
    );

    let mut officer_hurt = minor.clone();
    officer_hurt.officers[0].injuries = vec![Injury::Unconsciousness];
    assert!(
        !qualification(&officer_hurt).qualifies,
        "an officer's injury is not the subject's"
    );
    assert!(!qualification(&IncidentInput::default()).qualifies);
}

#[test]
fn a_draft_may_be_incomplete_but_not_wrong() {
    assert_eq!(
        fields(validate(&IncidentInput::default(), Stage::Draft, TODAY)),
        Vec::<String>::new()
    );
    let partial = IncidentInput {
        case_number: Some("26 004512".into()),
        incident_time: Some("24:00".into()),
        subjects: vec![SubjectInput {
            age: Some(121),
            height_inches: Some(12),
            ..SubjectInput::default()
        }],
        ..IncidentInput::default()
    };
    assert_eq!(
        fields(validate(&partial, Stage::Draft, TODAY)),
        [
            "case_number",
            "incident_time",
            "subjects.0.age",
            "subjects.0.height_inches"
        ]
    );
}

#[test]
fn submission_names_every_missing_element() {
    let empty = IncidentInput {
        subjects: vec![SubjectInput::default()],
        officers: vec![OfficerInput {
            person_id: OFFICER,
            ..officer()
        }],
        ..IncidentInput::default()
    };
    let mut bare = empty.clone();
    bare.officers[0] = OfficerInput {
        person_id: OFFICER,
        sex: None,
        races: vec![],
        ethnicity: None,
        age: None,
        height_feet: None,
        height_inches: None,
        weight_pounds: None,
        full_time: None,
        on_duty: None,
        identifiable: None,
        applied_force: None,
        discharged_firearm: None,
        injuries: vec![],
    };
    let missing = fields(validate(&bare, Stage::Submission, TODAY));
    for field in [
        "case_number",
        "incident_date",
        "address",
        "location_type",
        "contact_reason",
        "officers_approached",
        "ambush",
        "supervisor_present",
        "subjects.0.sex",
        "subjects.0.races",
        "subjects.0.age",
        "subjects.0.force",
        "subjects.0.injuries",
        "subjects.0.resisted",
        "officers.0.sex",
        "officers.0.age",
        "officers.0.discharged_firearm",
    ] {
        assert!(
            missing.contains(&field.to_owned()),
            "{field} in {missing:?}"
        );
    }
    assert_eq!(
        fields(validate(&incident(), Stage::Submission, TODAY)),
        Vec::<String>::new()
    );
}

#[test]
fn the_incident_day_may_be_today_but_not_tomorrow() {
    let mut today = incident();
    today.incident_date = Some(TODAY);
    assert!(validate(&today, Stage::Submission, TODAY).is_ok());
    today.incident_date = TODAY.next_day();
    assert_eq!(
        fields(validate(&today, Stage::Draft, TODAY)),
        ["incident_date"]
    );
}

#[test]
fn answers_must_agree_with_each_other() {
    let mut i = incident();
    i.subjects[0].impaired = Some(YesNoUnknown::No);
    i.subjects[0].resisted = Some(YesNoUnknown::Unknown);
    i.subjects[0].injuries = vec![Injury::None, Injury::Minor];
    i.contact_reason = Some(ContactReason::TrafficStop);
    i.officers.push(officer());
    i.latitude = Some(44.9);
    assert_eq!(
        fields(validate(&i, Stage::Submission, TODAY)),
        [
            "longitude",
            "offense",
            "subjects.0.injuries",
            "subjects.0.impairments",
            "subjects.0.resistance",
            "officers.1.person_id"
        ]
    );
}

#[test]
fn free_text_refuses_identifiers_naming_the_field() {
    let mut i = incident();
    i.narrative = Some("Subject DOB 04/12/1990 resisted".into());
    let errors = validate(&i, Stage::Draft, TODAY).unwrap_err();
    assert_eq!(errors.0[0].field, "narrative");
    assert!(
        errors.0[0].message.contains("date of birth"),
        "{}",
        errors.0[0].message
    );

    i.narrative = Some("x".repeat(NARRATIVE_MAX + 1));
    assert_eq!(fields(validate(&i, Stage::Draft, TODAY)), ["narrative"]);

    i.narrative = None;
    i.subjects[0].reference = Some("John Smith".into());
    assert_eq!(
        fields(validate(&i, Stage::Draft, TODAY)),
        ["subjects.0.reference"]
    );

    i.subjects[0].reference = None;
    i.offense = Some("Assault, victim phone 612-555-0142".into());
    assert_eq!(fields(validate(&i, Stage::Draft, TODAY)), ["offense"]);
}

#[test]
fn the_workflow_table() {
    use IncidentStatus::*;
    let author = Actor {
        author: true,
        reviewer: false,
    };
    let reviewer = Actor {
        author: false,
        reviewer: true,
    };
    let reviewing_author = Actor {
        author: true,
        reviewer: true,
    };
    let stranger = Actor {
        author: false,
        reviewer: false,
    };
    // (from, step, who, to or the error kind)
    let table: [(IncidentStatus, Step, Actor, Result<IncidentStatus, &str>); 20] = [
        (Draft, Step::Edit, author, Ok(Draft)),
        (Draft, Step::Submit, author, Ok(Submitted)),
        (Submitted, Step::Review, reviewer, Ok(Reviewed)),
        (Submitted, Step::Return, reviewer, Ok(Draft)),
        (Reviewed, Step::Return, reviewer, Ok(Draft)),
        (Reviewed, Step::Close, reviewer, Ok(Closed)),
        (Closed, Step::Amend, reviewer, Ok(Closed)),
        (Closed, Step::Amend, reviewing_author, Ok(Closed)),
        (Draft, Step::Submit, reviewer, Err("forbidden")),
        (Draft, Step::Edit, stranger, Err("forbidden")),
        (Submitted, Step::Review, author, Err("forbidden")),
        (Submitted, Step::Review, reviewing_author, Err("forbidden")),
        (Submitted, Step::Edit, author, Err("conflict")),
        (Submitted, Step::Submit, author, Err("conflict")),
        (Draft, Step::Review, reviewer, Err("conflict")),
        (Draft, Step::Close, reviewer, Err("conflict")),
        (Submitted, Step::Close, reviewer, Err("conflict")),
        (Closed, Step::Edit, author, Err("conflict")),
        (Closed, Step::Return, reviewer, Err("conflict")),
        (Reviewed, Step::Amend, reviewer, Err("conflict")),
    ];
    for (from, s, who, expected) in table {
        let got = step(from, s, who).map_err(|e| match e {
            StepError::Forbidden(_) => "forbidden",
            StepError::Conflict(_) => "conflict",
        });
        assert_eq!(got, expected, "{from:?} {s:?} by {who:?}");
    }
    let offered = actions(Submitted, reviewer);
    assert!(offered.review && offered.return_to_author && !offered.close && !offered.edit);
    assert!(may_read(author) && may_read(reviewer) && !may_read(stranger));
    let other = Uuid::from_u128(8);
    assert!(
        may_see_training(true, None, OFFICER),
        "a reviewer, everyone's"
    );
    assert!(may_see_training(false, Some(OFFICER), OFFICER), "one's own");
    assert!(
        !may_see_training(false, Some(other), OFFICER),
        "no one else's"
    );
    assert!(
        !may_see_training(false, None, OFFICER),
        "a login without a person"
    );
}

#[test]
fn years_of_service_count_whole_years_to_the_incident_day() {
    let hired = date!(2020 - 02 - 29);
    assert_eq!(
        years_of_service(Some(hired), date!(2021 - 02 - 28)),
        Some(0)
    );
    assert_eq!(
        years_of_service(Some(hired), date!(2021 - 03 - 01)),
        Some(1)
    );
    assert_eq!(
        years_of_service(Some(hired), date!(2024 - 02 - 29)),
        Some(4)
    );
    assert_eq!(
        years_of_service(Some(hired), date!(2020 - 02 - 29)),
        Some(0)
    );
    assert_eq!(
        years_of_service(Some(hired), date!(2020 - 02 - 28)),
        None,
        "hired after"
    );
    assert_eq!(years_of_service(None, date!(2020 - 02 - 28)), None);
}

#[test]
fn aggregates_add_up_the_months_and_keep_zero_months() {
    let month =
        |month, incidents, qualifying, force: &[(ForceType, u32)], injuries: &[(Injury, u32)]| {
            MonthCounts {
                month,
                incidents,
                qualifying,
                force: force.iter().copied().collect(),
                injuries: injuries.iter().copied().collect(),
            }
        };
    let months = [
        month(
            (2026, 1),
            1,
            1,
            &[(ForceType::HandsFistsFeet, 1)],
            &[(Injury::Unconsciousness, 1)],
        ),
        month(
            (2026, 3),
            2,
            0,
            &[(ForceType::Canine, 2)],
            &[(Injury::Minor, 2)],
        ),
        // Outside the range: not counted.
        month(
            (2025, 12),
            1,
            1,
            &[(ForceType::Canine, 1)],
            &[(Injury::Death, 1)],
        ),
    ];
    let units = [
        (Some("K9".to_owned()), 1),
        (None, 1),
        (Some("Patrol A".to_owned()), 2),
    ];
    let a = aggregate(
        &months,
        &units,
        date!(2026 - 01 - 01),
        date!(2026 - 04 - 30),
    );
    assert_eq!((a.incidents, a.qualifying), (3, 1));
    let months: Vec<(&str, u32)> = a
        .by_month
        .iter()
        .map(|c| (c.key.as_str(), c.count))
        .collect();
    assert_eq!(
        months,
        [
            ("2026-01", 1),
            ("2026-02", 0),
            ("2026-03", 2),
            ("2026-04", 0)
        ]
    );
    assert_eq!(a.by_month[0].label, "January 2026");
    let force: Vec<(&str, u32)> = a
        .by_force_type
        .iter()
        .map(|c| (c.key.as_str(), c.count))
        .collect();
    assert_eq!(
        force,
        [
            ("firearm", 0),
            ("hands_fists_feet", 1),
            ("electronic_control_device", 0),
            ("canine", 2),
            ("other", 0)
        ],
        "every type, in the enumeration's order"
    );
    let injury: BTreeMap<&str, u32> = a
        .by_injury
        .iter()
        .map(|c| (c.key.as_str(), c.count))
        .collect();
    assert_eq!(
        (injury["unconsciousness"], injury["minor"], injury["death"]),
        (1, 2, 0)
    );
    assert_eq!(a.by_injury.len(), Injury::ALL.len());
    let units: Vec<(&str, u32)> = a
        .by_unit
        .iter()
        .map(|c| (c.key.as_str(), c.count))
        .collect();
    assert_eq!(units, [("Patrol A", 2), ("K9", 1), ("No unit", 1)]);
}

#[test]
fn aggregates_of_no_incidents_are_zero_months() {
    let a = aggregate(&[], &[], date!(2025 - 11 - 15), date!(2026 - 01 - 02));
    assert_eq!((a.incidents, a.qualifying), (0, 0));
    let keys: Vec<&str> = a.by_month.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["2025-11", "2025-12", "2026-01"]);
    assert!(a.by_force_type.iter().all(|c| c.count == 0));
    assert!(a.by_unit.is_empty());
}

#[test]
fn the_federal_structure_field_by_field() {
    let years = BTreeMap::from([(OFFICER, Some(9))]);
    let f = federal(&incident(), Some("MN0270100"), &years).unwrap();
    assert_eq!(f.agency_ori.as_deref(), Some("MN0270100"));
    assert_eq!(f.agency_case_number, "26-004512");
    assert_eq!(f.incident_date, "03/14/2026");
    assert_eq!(f.location_type, "13");
    assert_eq!(f.contact_reason, ContactReason::UnlawfulSuspiciousActivity);
    assert!(f.qualification_serious_bodily_injury && !f.qualification_death);
    assert_eq!(
        (
            f.officers_applying_force_agency,
            f.officers_applying_force_total
        ),
        (1, 2)
    );
    assert_eq!((f.subjects_died, f.subjects_seriously_injured), (0, 1));
    assert_eq!(f.subjects[0].race, [Race::Black, Race::White]);
    assert_eq!(f.subjects[0].sequence, 1);
    assert_eq!(f.officers[0].years_of_service, Some(9));
    let json = serde_json::to_value(&f).unwrap();
    assert!(
        json["subjects"][0].get("reference").is_none(),
        "never the records number"
    );

    let mut minor = incident();
    minor.subjects[0].injuries = vec![Injury::Minor];
    assert!(federal(&minor, None, &years).is_none(), "not qualifying");
    let mut draft = incident();
    draft.ambush = None;
    assert!(federal(&draft, None, &years).is_none(), "incomplete");

    let rows = federal_rows(&f);
    assert_eq!(rows.len(), 3);
    let header: Vec<&str> = FEDERAL_CSV_HEADER.to_vec();
    for row in &rows {
        assert_eq!(row.len(), header.len());
    }
    let cell = |row: &Vec<String>, name: &str| {
        row[header.iter().position(|h| *h == name).unwrap()].clone()
    };
    assert_eq!(cell(&rows[0], "segment"), "incident");
    assert_eq!(cell(&rows[0], "location_type"), "13");
    assert_eq!(cell(&rows[0], "subjects_seriously_injured"), "1");
    assert_eq!(cell(&rows[1], "segment"), "subject");
    assert_eq!(cell(&rows[1], "race"), "black,white");
    assert_eq!(
        cell(&rows[1], "force_types"),
        "hands_fists_feet,electronic_control_device"
    );
    assert_eq!(cell(&rows[1], "injuries"), "unconsciousness");
    assert_eq!(cell(&rows[1], "years_of_service"), "");
    assert_eq!(cell(&rows[2], "segment"), "officer");
    assert_eq!(cell(&rows[2], "injuries"), "minor");
    assert_eq!(cell(&rows[2], "years_of_service"), "9");
    assert_eq!(cell(&rows[2], "applied_force"), "yes");
    assert_eq!(cell(&rows[2], "discharged_firearm"), "no");
    assert_eq!(cell(&rows[2], "force_types"), "");
}

#[test]
fn the_last_training_counts_the_incident_day_but_not_the_next() {
    let uof = vec!["use_of_force".to_owned()];
    let other = vec!["general".to_owned()];
    let records = [
        (date!(2025 - 05 - 01), uof.as_slice()),
        (date!(2026 - 03 - 14), uof.as_slice()),
        (date!(2026 - 03 - 15), uof.as_slice()),
        (date!(2026 - 03 - 10), other.as_slice()),
    ];
    assert_eq!(
        last_trained_on(records, &uof, date!(2026 - 03 - 14)),
        Some(date!(2026 - 03 - 14))
    );
    assert_eq!(
        last_trained_on(records, &uof, date!(2026 - 03 - 13)),
        Some(date!(2025 - 05 - 01))
    );
    assert_eq!(last_trained_on(records, &[], date!(2026 - 03 - 14)), None);
}

#[test]
fn a_report_range_is_the_year_to_today_unless_given_and_ten_years_at_most() {
    let today = date!(2026 - 12 - 07);
    assert_eq!(
        report_range(today, None, None),
        Ok((date!(2025 - 12 - 08), today))
    );
    // A leap year's range of 365 days still ends on `to`.
    assert_eq!(
        report_range(today, None, Some(date!(2024 - 12 - 31))),
        Ok((date!(2024 - 01 - 02), date!(2024 - 12 - 31)))
    );
    assert_eq!(
        report_range(
            today,
            Some(date!(2026 - 03 - 01)),
            Some(date!(2026 - 03 - 01))
        ),
        Ok((date!(2026 - 03 - 01), date!(2026 - 03 - 01)))
    );
    let backwards = report_range(
        today,
        Some(date!(2026 - 03 - 02)),
        Some(date!(2026 - 03 - 01)),
    );
    assert_eq!(backwards.unwrap_err().0[0].field, "to");
    // 3,660 days is the longest range; a day more is refused on `from`.
    let to = date!(2026 - 12 - 01);
    let longest = to - time::Duration::days(REPORT_RANGE_DAYS);
    assert_eq!(
        report_range(today, Some(longest), Some(to)),
        Ok((longest, to))
    );
    let longer = longest - time::Duration::days(1);
    let refused = report_range(today, Some(longer), Some(to)).unwrap_err();
    assert_eq!(refused.0[0].field, "from");
}
