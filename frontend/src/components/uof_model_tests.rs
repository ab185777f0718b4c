use super::*;
use confitrek_types::FieldProblem;
use time::macros::date;

fn fields(errors: &[FieldProblem]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn the_form_round_trips_an_incident() {
    let person = Uuid::from_u128(7);
    let input = IncidentInput {
        case_number: Some("26-004512".into()),
        incident_date: Some(date!(2026 - 11 - 20)),
        incident_time: Some("23:40".into()),
        address: Some("Main St and 3rd Ave".into()),
        latitude: None,
        longitude: None,
        location_type: Some(LocationType::HighwayRoadStreet),
        contact_reason: Some(ContactReason::UnlawfulSuspiciousActivity),
        offense: Some("Burglary".into()),
        nibrs_number: None,
        officers_approached: Some(YesNoUnknown::Yes),
        ambush: Some(YesNoUnknown::No),
        supervisor_present: Some(YesNoUnknown::Unknown),
        other_agency_officers: Some(0),
        subjects: vec![SubjectInput {
            sex: Some(Sex::Male),
            races: vec![Race::White],
            age: Some(34),
            height_feet: Some(5),
            height_inches: Some(11),
            weight_pounds: Some(180),
            impaired: Some(YesNoUnknown::Yes),
            impairments: vec![Impairment::Alcohol],
            force: vec![ForceType::HandsFistsFeet],
            injuries: vec![Injury::Minor],
            ..Default::default()
        }],
        officers: vec![OfficerInput {
            person_id: person,
            sex: Some(Sex::Female),
            races: vec![Race::Asian],
            ethnicity: Some(Ethnicity::NotHispanicLatino),
            age: Some(29),
            height_feet: None,
            height_inches: None,
            weight_pounds: None,
            full_time: Some(true),
            on_duty: Some(true),
            identifiable: Some(YesNoUnknown::Yes),
            applied_force: Some(true),
            discharged_firearm: Some(false),
            injuries: vec![Injury::None],
        }],
        narrative: Some("The subject ran.".into()),
    };
    assert_eq!(IncidentForm::of(&input).to_input(), Ok(input));
}

#[test]
fn a_new_incident_lists_its_author_as_first_officer() {
    let me = Uuid::from_u128(3);
    let form = IncidentForm::blank(Some(me));
    assert_eq!(form.officers.len(), 1);
    assert_eq!(form.officers[0].person_id, me);
    assert!(IncidentForm::blank(None).officers.is_empty());
    // A blank draft is sendable: anything may be missing from a draft.
    let input = form.to_input().unwrap();
    assert_eq!(input.case_number, None);
    assert!(input.subjects.is_empty());
}

#[test]
fn numbers_that_cannot_be_sent_are_named_like_the_server_names_them() {
    let mut form = IncidentForm::blank(Some(Uuid::nil()));
    form.incident_date = "20/11/2026".into();
    form.other_agency_officers = "two".into();
    form.subjects = vec![
        SubjectForm::default(),
        SubjectForm {
            age: "-3".into(),
            weight_pounds: "99999".into(),
            ..Default::default()
        },
    ];
    form.officers[0].height_inches = "5.5".into();
    let errors = form.to_input().unwrap_err();
    assert_eq!(
        fields(&errors),
        [
            "incident_date",
            "other_agency_officers",
            "subjects.1.age",
            "subjects.1.weight_pounds",
            "officers.0.height_inches"
        ]
    );
}

#[test]
fn answers_made_moot_by_a_later_no_are_not_sent() {
    let mut form = IncidentForm::blank(None);
    form.contact_reason = Some(ContactReason::TrafficStop);
    form.offense = "Speeding".into();
    form.subjects = vec![SubjectForm {
        impaired: Some(YesNoUnknown::No),
        impairments: vec![Impairment::Drugs],
        resisted: Some(YesNoUnknown::Unknown),
        resistance: vec![Resistance::AttemptedToFlee],
        ..Default::default()
    }];
    let input = form.to_input().unwrap();
    assert_eq!(input.offense, None);
    assert!(input.subjects[0].impairments.is_empty());
    assert!(input.subjects[0].resistance.is_empty());
}

#[test]
fn qualification_follows_the_facts_as_the_server_does() {
    let subject = |injuries: Vec<Injury>| SubjectForm {
        injuries,
        ..Default::default()
    };
    let officer = |discharged: Option<bool>| OfficerForm {
        discharged_firearm: discharged,
        ..OfficerForm::new(Uuid::nil())
    };
    // (subjects' injuries, officers' discharges, qualifies, a sentence)
    let cases = [
        (
            vec![vec![Injury::Minor]],
            vec![Some(false)],
            false,
            "a minor injury, no shot",
        ),
        (vec![vec![Injury::Death]], vec![None], true, "a death"),
        (
            vec![vec![Injury::None], vec![Injury::Unconsciousness]],
            vec![],
            true,
            "a serious injury of a second subject",
        ),
        (
            vec![],
            vec![None, Some(true)],
            true,
            "a second officer fired at a person",
        ),
        (
            vec![vec![Injury::None]],
            vec![None],
            false,
            "nothing yet answered",
        ),
    ];
    for (injuries, discharges, qualifies, why) in cases {
        let form = IncidentForm {
            subjects: injuries.into_iter().map(subject).collect(),
            officers: discharges.into_iter().map(officer).collect(),
            ..Default::default()
        };
        assert_eq!(form.qualification().qualifies, qualifies, "{why}");
    }
}

#[test]
fn the_qualification_says_why() {
    let q = |death, serious, firearm| QualificationDto {
        qualifies: death || serious || firearm,
        death,
        serious_bodily_injury: serious,
        firearm_discharge: firearm,
    };
    assert_eq!(
        qualification_sentence(&q(false, false, false)),
        "no, because no subject died or was seriously injured and no officer discharged a firearm at or in the direction of a person"
    );
    assert_eq!(
        qualification_sentence(&q(true, false, false)),
        "yes, because a subject died"
    );
    assert_eq!(
        qualification_sentence(&q(true, true, true)),
        "yes, because a subject died, a subject was seriously injured and an officer discharged a firearm at or in the direction of a person"
    );
}
