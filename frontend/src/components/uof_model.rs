//! The use-of-force form as plain data: what its inputs hold, how that becomes the API's
//! `IncidentInput` and back, and the federal qualification worked out as the author types.

use confitrek_types::{
    ContactReason, Disposition, Ethnicity, FieldProblem, ForceType, Impairment, IncidentInput,
    Injury, LocationType, OfficerInput, QualificationDto, Race, Resistance, Sex, SubjectInput,
    YesNoUnknown,
};
use uuid::Uuid;

use crate::format::{date_input, optional, parse_date_input};

/// The limit the server puts on the narrative.
pub const NARRATIVE_MAX: usize = 2000;

/// One subject as the form holds it: numbers as typed, choices as values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubjectForm {
    pub reference: String,
    pub sex: Option<Sex>,
    pub races: Vec<Race>,
    pub ethnicity: Option<Ethnicity>,
    pub age: String,
    pub height_feet: String,
    pub height_inches: String,
    pub weight_pounds: String,
    pub impaired: Option<YesNoUnknown>,
    pub impairments: Vec<Impairment>,
    pub threat_perceived: Option<YesNoUnknown>,
    pub armed: Option<YesNoUnknown>,
    pub resisted: Option<YesNoUnknown>,
    pub resistance: Vec<Resistance>,
    pub force: Vec<ForceType>,
    pub injuries: Vec<Injury>,
    pub disposition: Option<Disposition>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OfficerForm {
    pub person_id: Uuid,
    pub sex: Option<Sex>,
    pub races: Vec<Race>,
    pub ethnicity: Option<Ethnicity>,
    pub age: String,
    pub height_feet: String,
    pub height_inches: String,
    pub weight_pounds: String,
    pub full_time: Option<bool>,
    pub on_duty: Option<bool>,
    pub identifiable: Option<YesNoUnknown>,
    pub applied_force: Option<bool>,
    pub discharged_firearm: Option<bool>,
    pub injuries: Vec<Injury>,
}

impl OfficerForm {
    pub fn new(person_id: Uuid) -> Self {
        OfficerForm {
            person_id,
            sex: None,
            races: Vec::new(),
            ethnicity: None,
            age: String::new(),
            height_feet: String::new(),
            height_inches: String::new(),
            weight_pounds: String::new(),
            full_time: None,
            on_duty: None,
            identifiable: None,
            applied_force: None,
            discharged_firearm: None,
            injuries: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncidentForm {
    pub case_number: String,
    pub incident_date: String,
    pub incident_time: String,
    pub address: String,
    /// Not on the form: kept as the API gave them.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub location_type: Option<LocationType>,
    pub contact_reason: Option<ContactReason>,
    pub offense: String,
    pub nibrs_number: String,
    pub officers_approached: Option<YesNoUnknown>,
    pub ambush: Option<YesNoUnknown>,
    pub supervisor_present: Option<YesNoUnknown>,
    pub other_agency_officers: String,
    pub subjects: Vec<SubjectForm>,
    pub officers: Vec<OfficerForm>,
    pub narrative: String,
}

fn number_text<T: ToString>(n: Option<T>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// A whole number that fits its field, or none when blank; the message otherwise.
fn whole<T: TryFrom<u64>>(errors: &mut Vec<FieldProblem>, field: String, text: &str) -> Option<T> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let message = match text.parse::<u64>() {
        Ok(n) => match T::try_from(n) {
            Ok(n) => return Some(n),
            Err(_) => "is too large",
        },
        Err(_) => "must be a whole number",
    };
    errors.push(FieldProblem {
        field,
        message: message.into(),
    });
    None
}

type Measures = (Option<u8>, Option<u8>, Option<u8>, Option<u16>);

/// Age, height and weight of a subject or an officer (`at` is `subjects.0`), as typed.
fn measures(errors: &mut Vec<FieldProblem>, at: &str, typed: [&str; 4]) -> Measures {
    let [age, feet, inches, weight] = typed;
    (
        whole(errors, format!("{at}.age"), age),
        whole(errors, format!("{at}.height_feet"), feet),
        whole(errors, format!("{at}.height_inches"), inches),
        whole(errors, format!("{at}.weight_pounds"), weight),
    )
}

/// The offense is asked only for unlawful or suspicious activity; hidden, it is not sent.
pub fn asks_offense(reason: Option<ContactReason>) -> bool {
    reason == Some(ContactReason::UnlawfulSuspiciousActivity)
}

impl IncidentForm {
    /// A new incident, with the author as its first officer when he or she is on the roster.
    pub fn blank(author: Option<Uuid>) -> Self {
        IncidentForm {
            officers: author.map(OfficerForm::new).into_iter().collect(),
            ..Default::default()
        }
    }

    pub fn of(input: &IncidentInput) -> Self {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        IncidentForm {
            case_number: text(&input.case_number),
            incident_date: date_input(input.incident_date),
            incident_time: text(&input.incident_time),
            address: text(&input.address),
            latitude: input.latitude,
            longitude: input.longitude,
            location_type: input.location_type,
            contact_reason: input.contact_reason,
            offense: text(&input.offense),
            nibrs_number: text(&input.nibrs_number),
            officers_approached: input.officers_approached,
            ambush: input.ambush,
            supervisor_present: input.supervisor_present,
            other_agency_officers: number_text(input.other_agency_officers),
            subjects: input
                .subjects
                .iter()
                .map(|s| SubjectForm {
                    reference: text(&s.reference),
                    sex: s.sex,
                    races: s.races.clone(),
                    ethnicity: s.ethnicity,
                    age: number_text(s.age),
                    height_feet: number_text(s.height_feet),
                    height_inches: number_text(s.height_inches),
                    weight_pounds: number_text(s.weight_pounds),
                    impaired: s.impaired,
                    impairments: s.impairments.clone(),
                    threat_perceived: s.threat_perceived,
                    armed: s.armed,
                    resisted: s.resisted,
                    resistance: s.resistance.clone(),
                    force: s.force.clone(),
                    injuries: s.injuries.clone(),
                    disposition: s.disposition,
                })
                .collect(),
            officers: input
                .officers
                .iter()
                .map(|o| OfficerForm {
                    person_id: o.person_id,
                    sex: o.sex,
                    races: o.races.clone(),
                    ethnicity: o.ethnicity,
                    age: number_text(o.age),
                    height_feet: number_text(o.height_feet),
                    height_inches: number_text(o.height_inches),
                    weight_pounds: number_text(o.weight_pounds),
                    full_time: o.full_time,
                    on_duty: o.on_duty,
                    identifiable: o.identifiable,
                    applied_force: o.applied_force,
                    discharged_firearm: o.discharged_firearm,
                    injuries: o.injuries.clone(),
                })
                .collect(),
            narrative: text(&input.narrative),
        }
    }

    /// Reads the form back. The server judges completeness and values; this only catches
    /// what cannot be sent at all (a malformed date, letters in a number), in the same shape.
    /// Answers that a "no" makes moot (impairments, resistance types, the offense) are not
    /// sent, so a changed mind does not leave them behind.
    pub fn to_input(&self) -> Result<IncidentInput, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let incident_date = parse_date_input(&self.incident_date).unwrap_or_else(|message| {
            errors.push(FieldProblem {
                field: "incident_date".into(),
                message,
            });
            None
        });
        let other_agency_officers = whole(
            &mut errors,
            "other_agency_officers".into(),
            &self.other_agency_officers,
        );
        let subjects = self
            .subjects
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let typed = [&*s.age, &s.height_feet, &s.height_inches, &s.weight_pounds];
                let (age, height_feet, height_inches, weight_pounds) =
                    measures(&mut errors, &format!("subjects.{i}"), typed);
                SubjectInput {
                    reference: optional(&s.reference),
                    sex: s.sex,
                    races: s.races.clone(),
                    ethnicity: s.ethnicity,
                    age,
                    height_feet,
                    height_inches,
                    weight_pounds,
                    impaired: s.impaired,
                    impairments: if s.impaired == Some(YesNoUnknown::Yes) {
                        s.impairments.clone()
                    } else {
                        Vec::new()
                    },
                    threat_perceived: s.threat_perceived,
                    armed: s.armed,
                    resisted: s.resisted,
                    resistance: if s.resisted == Some(YesNoUnknown::Yes) {
                        s.resistance.clone()
                    } else {
                        Vec::new()
                    },
                    force: s.force.clone(),
                    injuries: s.injuries.clone(),
                    disposition: s.disposition,
                }
            })
            .collect();
        let officers = self
            .officers
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let typed = [&*o.age, &o.height_feet, &o.height_inches, &o.weight_pounds];
                let (age, height_feet, height_inches, weight_pounds) =
                    measures(&mut errors, &format!("officers.{i}"), typed);
                OfficerInput {
                    person_id: o.person_id,
                    sex: o.sex,
                    races: o.races.clone(),
                    ethnicity: o.ethnicity,
                    age,
                    height_feet,
                    height_inches,
                    weight_pounds,
                    full_time: o.full_time,
                    on_duty: o.on_duty,
                    identifiable: o.identifiable,
                    applied_force: o.applied_force,
                    discharged_firearm: o.discharged_firearm,
                    injuries: o.injuries.clone(),
                }
            })
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(IncidentInput {
            case_number: optional(&self.case_number),
            incident_date,
            incident_time: optional(&self.incident_time),
            address: optional(&self.address),
            latitude: self.latitude,
            longitude: self.longitude,
            location_type: self.location_type,
            contact_reason: self.contact_reason,
            offense: asks_offense(self.contact_reason)
                .then(|| optional(&self.offense))
                .flatten(),
            nibrs_number: optional(&self.nibrs_number),
            officers_approached: self.officers_approached,
            ambush: self.ambush,
            supervisor_present: self.supervisor_present,
            other_agency_officers,
            subjects,
            officers,
            // Kept as typed: the server counts and checks the text it stores.
            narrative: optional(&self.narrative),
        })
    }

    pub fn qualification(&self) -> QualificationDto {
        QualificationDto::from_facts(
            self.subjects.iter().map(|s| s.injuries.as_slice()),
            self.officers.iter().map(|o| o.discharged_firearm),
        )
    }
}

/// The criteria an incident meets, in words.
pub fn reasons(q: &QualificationDto) -> Vec<&'static str> {
    [
        (q.death, "a subject died"),
        (q.serious_bodily_injury, "a subject was seriously injured"),
        (
            q.firearm_discharge,
            "an officer discharged a firearm at or in the direction of a person",
        ),
    ]
    .into_iter()
    .filter_map(|(met, why)| met.then_some(why))
    .collect()
}

/// "yes, because a subject died" / "no, because …": the preview and the incident page say it
/// the same way.
pub fn qualification_sentence(q: &QualificationDto) -> String {
    let met = reasons(q);
    if met.is_empty() {
        return "no, because no subject died or was seriously injured and no officer \
                discharged a firearm at or in the direction of a person"
            .to_owned();
    }
    let joined = match met.as_slice() {
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    format!("yes, because {joined}")
}

#[cfg(test)]
#[path = "uof_model_tests.rs"]
mod tests;
