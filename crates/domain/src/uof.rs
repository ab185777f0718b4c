//! Use of Force incidents: what a complete incident is, whether it falls within the FBI's
//! National Use-of-Force Data Collection, who may move it through its workflow, how a year of
//! incidents is counted, and the federal structure it is exported in.
//!
//! Source tags (`[U-4]`) refer to the sources of the design notes' UoF reference.

use std::collections::{BTreeMap, BTreeSet};

use confitrek_vocabulary::{
    FederalIncident, FederalOfficer, FederalSubject, ForceType, IncidentInput, IncidentStatus,
    Injury, OfficerInput, QualificationDto, SubjectInput, TrainingArea, YesNoUnknown,
};
use time::{Date, Month};
use uuid::Uuid;

use crate::free_text::{parse_free_text, parse_narrative};
use crate::validation::ValidationErrors;

pub const NARRATIVE_MAX: usize = 2000;
const OFFENSE_MAX: usize = 100;
const ADDRESS_MAX: usize = 200;
const COMMENT_MAX: usize = 1000;

/// The facts decide, never a checkbox: a subject died, a subject was seriously injured, or an
/// officer discharged a firearm at or in the direction of a person [U-4, U-6].
pub fn qualification(incident: &IncidentInput) -> QualificationDto {
    QualificationDto::from_facts(
        incident.subjects.iter().map(|s| s.injuries.as_slice()),
        incident.officers.iter().map(|o| o.discharged_firearm),
    )
}

/// How complete the incident must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Saved as it is being written: what is there must be valid, anything may be missing.
    Draft,
    /// Submitted for review: every mandatory element is there too.
    Submission,
}

/// Checks the incident; `today` is the agency's date (an incident cannot be in the future).
/// Returns the narrative and the other free text as stored (trimmed).
pub fn validate(
    incident: &IncidentInput,
    stage: Stage,
    today: Date,
) -> Result<IncidentInput, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let mut out = incident.clone();
    let submit = stage == Stage::Submission;

    out.case_number = incident
        .case_number
        .as_deref()
        .map(str::trim)
        .map(str::to_owned);
    match out.case_number.as_deref() {
        Some(case) if !is_case_number(case, 20) => {
            errors.push("case_number", "must be 1 to 20 letters, digits and hyphens")
        }
        other => missing(&mut errors, submit, "case_number", other.is_some()),
    }
    match incident.incident_date {
        Some(date) if date > today => errors.push(
            "incident_date",
            format!("must not be after today ({today})"),
        ),
        other => missing(&mut errors, submit, "incident_date", other.is_some()),
    }
    if let Some(t) = &incident.incident_time
        && !is_time(t)
    {
        errors.push("incident_time", "must be a 24-hour time, HH:MM");
    }
    out.address = match incident.address.as_deref().map(str::trim) {
        Some("") | None => None,
        Some(address) => errors.collect("address", parse_free_text(address, ADDRESS_MAX)),
    };
    match (incident.latitude, incident.longitude) {
        (Some(lat), _) if !(-90.0..=90.0).contains(&lat) => {
            errors.push("latitude", "must be from -90 to 90")
        }
        (_, Some(lon)) if !(-180.0..=180.0).contains(&lon) => {
            errors.push("longitude", "must be from -180 to 180")
        }
        (Some(_), None) => errors.push("longitude", "is required with latitude"),
        (None, Some(_)) => errors.push("latitude", "is required with longitude"),
        _ => {}
    }
    missing(
        &mut errors,
        submit,
        "address",
        out.address.is_some() || incident.latitude.is_some(),
    );
    missing(
        &mut errors,
        submit,
        "location_type",
        incident.location_type.is_some(),
    );
    missing(
        &mut errors,
        submit,
        "contact_reason",
        incident.contact_reason.is_some(),
    );
    out.offense = match incident.offense.as_deref().map(str::trim) {
        Some("") | None => None,
        Some(_)
            if incident.contact_reason.is_some_and(|r| {
                r != confitrek_vocabulary::ContactReason::UnlawfulSuspiciousActivity
            }) =>
        {
            errors.push(
                "offense",
                "is asked only when the contact was for unlawful or suspicious activity",
            );
            None
        }
        Some(offense) => errors.collect("offense", parse_narrative(offense, OFFENSE_MAX)),
    };
    out.nibrs_number = incident
        .nibrs_number
        .as_deref()
        .map(str::trim)
        .map(str::to_owned);
    if let Some(number) = out.nibrs_number.as_deref()
        && !is_case_number(number, 30)
    {
        errors.push(
            "nibrs_number",
            "must be 1 to 30 letters, digits and hyphens",
        );
    }
    missing(
        &mut errors,
        submit,
        "officers_approached",
        incident.officers_approached.is_some(),
    );
    missing(&mut errors, submit, "ambush", incident.ambush.is_some());
    missing(
        &mut errors,
        submit,
        "supervisor_present",
        incident.supervisor_present.is_some(),
    );
    if incident.other_agency_officers.is_some_and(|n| n > 500) {
        errors.push("other_agency_officers", "must be at most 500");
    }
    if incident.subjects.len() > 50 {
        errors.push("subjects", "must be at most 50");
    }
    missing(
        &mut errors,
        submit,
        "subjects",
        !incident.subjects.is_empty(),
    );
    for (i, subject) in incident.subjects.iter().enumerate() {
        let field = format!("subjects.{i}");
        out.subjects[i].reference = subject_reference(&mut errors, &field, subject);
        validate_subject(&mut errors, &field, subject, submit);
    }
    if incident.officers.len() > 100 {
        errors.push("officers", "must be at most 100");
    }
    missing(
        &mut errors,
        submit,
        "officers",
        !incident.officers.is_empty(),
    );
    let mut seen = BTreeSet::new();
    for (i, officer) in incident.officers.iter().enumerate() {
        let field = format!("officers.{i}");
        if !seen.insert(officer.person_id) {
            errors.push(
                format!("{field}.person_id"),
                "names an officer already listed",
            );
        }
        validate_officer(&mut errors, &field, officer, submit);
    }
    out.narrative = match incident.narrative.as_deref().map(str::trim) {
        Some("") | None => None,
        Some(text) => errors.collect("narrative", parse_narrative(text, NARRATIVE_MAX)),
    };
    errors.into_result().map(|()| out)
}

/// At submission, names `field` as missing when it is not `present`.
fn missing(errors: &mut ValidationErrors, submit: bool, field: impl Into<String>, present: bool) {
    if submit && !present {
        errors.push(field, "is required to submit the incident");
    }
}

fn subject_reference(
    errors: &mut ValidationErrors,
    field: &str,
    subject: &SubjectInput,
) -> Option<String> {
    let reference = subject.reference.as_deref().map(str::trim)?;
    if reference.is_empty() {
        return None;
    }
    if !is_case_number(reference, 30) {
        errors.push(
            format!("{field}.reference"),
            "must be 1 to 30 letters, digits and hyphens (the records-system number)",
        );
    }
    Some(reference.to_owned())
}

/// Letters, digits and hyphens [U-14].
fn is_case_number(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn is_time(s: &str) -> bool {
    let Some((h, m)) = s.split_once(':') else {
        return false;
    };
    h.len() == 2
        && m.len() == 2
        && h.parse::<u8>().is_ok_and(|h| h < 24)
        && m.parse::<u8>().is_ok_and(|m| m < 60)
}

/// The elements a subject and an officer share: who they are, physically [U-17, U-18].
struct Person<'a> {
    sex: bool,
    races: &'a [confitrek_vocabulary::Race],
    age: Option<u8>,
    ages: std::ops::RangeInclusive<u8>,
    height_feet: Option<u8>,
    height_inches: Option<u8>,
    weight_pounds: Option<u16>,
    injuries: &'a [Injury],
}

fn validate_person(errors: &mut ValidationErrors, field: &str, p: &Person, submit: bool) {
    missing(errors, submit, format!("{field}.sex"), p.sex);
    missing(
        errors,
        submit,
        format!("{field}.races"),
        !p.races.is_empty(),
    );
    if has_duplicates(p.races) {
        errors.push(format!("{field}.races"), "lists a value twice");
    }
    match p.age {
        Some(age) if !p.ages.contains(&age) => errors.push(
            format!("{field}.age"),
            format!("must be from {} to {}", p.ages.start(), p.ages.end()),
        ),
        other => missing(errors, submit, format!("{field}.age"), other.is_some()),
    }
    if p.height_feet.is_some_and(|f| f > 10) {
        errors.push(format!("{field}.height_feet"), "must be from 0 to 10");
    }
    if p.height_inches.is_some_and(|i| i > 11) {
        errors.push(format!("{field}.height_inches"), "must be from 0 to 11");
    }
    if p.weight_pounds.is_some_and(|w| !(1..=1000).contains(&w)) {
        errors.push(format!("{field}.weight_pounds"), "must be from 1 to 1000");
    }
    if has_duplicates(p.injuries) {
        errors.push(format!("{field}.injuries"), "lists a value twice");
    } else if p.injuries.len() > 1 && p.injuries.contains(&Injury::None) {
        errors.push(
            format!("{field}.injuries"),
            "cannot be `none` together with an injury",
        );
    }
}

fn validate_subject(errors: &mut ValidationErrors, field: &str, s: &SubjectInput, submit: bool) {
    validate_person(
        errors,
        field,
        &Person {
            sex: s.sex.is_some(),
            races: &s.races,
            age: s.age,
            ages: 0..=120,
            height_feet: s.height_feet,
            height_inches: s.height_inches,
            weight_pounds: s.weight_pounds,
            injuries: &s.injuries,
        },
        submit,
    );
    missing(
        errors,
        submit,
        format!("{field}.impaired"),
        s.impaired.is_some(),
    );
    missing(
        errors,
        submit,
        format!("{field}.threat_perceived"),
        s.threat_perceived.is_some(),
    );
    missing(errors, submit, format!("{field}.armed"), s.armed.is_some());
    missing(
        errors,
        submit,
        format!("{field}.resisted"),
        s.resisted.is_some(),
    );
    missing(
        errors,
        submit,
        format!("{field}.force"),
        !s.force.is_empty(),
    );
    missing(
        errors,
        submit,
        format!("{field}.injuries"),
        !s.injuries.is_empty(),
    );
    if !s.impairments.is_empty() && s.impaired != Some(YesNoUnknown::Yes) {
        errors.push(
            format!("{field}.impairments"),
            "are given only when impaired is yes",
        );
    }
    if !s.resistance.is_empty() && s.resisted != Some(YesNoUnknown::Yes) {
        errors.push(
            format!("{field}.resistance"),
            "is given only when resisted is yes",
        );
    }
    for (name, dup) in [
        ("impairments", has_duplicates(&s.impairments)),
        ("resistance", has_duplicates(&s.resistance)),
        ("force", has_duplicates(&s.force)),
    ] {
        if dup {
            errors.push(format!("{field}.{name}"), "lists a value twice");
        }
    }
}

fn validate_officer(errors: &mut ValidationErrors, field: &str, o: &OfficerInput, submit: bool) {
    validate_person(
        errors,
        field,
        &Person {
            sex: o.sex.is_some(),
            races: &o.races,
            age: o.age,
            ages: 18..=99,
            height_feet: o.height_feet,
            height_inches: o.height_inches,
            weight_pounds: o.weight_pounds,
            injuries: &o.injuries,
        },
        submit,
    );
    missing(
        errors,
        submit,
        format!("{field}.full_time"),
        o.full_time.is_some(),
    );
    missing(
        errors,
        submit,
        format!("{field}.on_duty"),
        o.on_duty.is_some(),
    );
    missing(
        errors,
        submit,
        format!("{field}.identifiable"),
        o.identifiable.is_some(),
    );
    missing(
        errors,
        submit,
        format!("{field}.applied_force"),
        o.applied_force.is_some(),
    );
    missing(
        errors,
        submit,
        format!("{field}.discharged_firearm"),
        o.discharged_firearm.is_some(),
    );
}

fn has_duplicates<T: Ord>(values: &[T]) -> bool {
    let set: BTreeSet<&T> = values.iter().collect();
    set.len() != values.len()
}

/// A reviewer's comment: required to return an incident, optional otherwise.
pub fn parse_comment(
    raw: Option<&str>,
    required: bool,
) -> Result<Option<String>, ValidationErrors> {
    match raw.map(str::trim) {
        Some("") | None if required => Err(ValidationErrors::single(
            "comment",
            "is required: say what the author should change",
        )),
        Some("") | None => Ok(None),
        Some(text) => parse_narrative(text, COMMENT_MAX)
            .map(Some)
            .map_err(|e| ValidationErrors::single("comment", e.to_string())),
    }
}

/// Why a closed incident is amended.
pub fn parse_reason(raw: &str) -> Result<String, ValidationErrors> {
    if raw.trim().is_empty() {
        return Err(ValidationErrors::single(
            "reason",
            "is required: say why the closed incident changes",
        ));
    }
    parse_narrative(raw, COMMENT_MAX).map_err(|e| ValidationErrors::single("reason", e.to_string()))
}

/// The steps of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Change the draft.
    Edit,
    /// Send it for review, attesting to it.
    Submit,
    /// Mark it reviewed.
    Review,
    /// Send it back to its author for changes.
    Return,
    /// Close it: from now on it changes only by amendment.
    Close,
    /// Change a closed incident, keeping the version it replaces.
    Amend,
}

/// Who is asking, as far as an incident is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    /// The caller wrote the incident.
    pub author: bool,
    /// The caller holds the agency's use-of-force review permission.
    pub reviewer: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// The step is not one the caller may take (403).
    #[error("{0}")]
    Forbidden(&'static str),
    /// The incident is not in a state the step starts from (409).
    #[error("{0}")]
    Conflict(String),
}

/// The status the step leads to from `status`, if `actor` may take it.
///
/// The author writes and submits; a reviewer reviews, returns, closes and amends, but never
/// reviews an incident he or she wrote (the review is a second pair of eyes).
pub fn step(status: IncidentStatus, step: Step, actor: Actor) -> Result<IncidentStatus, StepError> {
    use IncidentStatus::*;
    let (from, to): (&[IncidentStatus], IncidentStatus) = match step {
        Step::Edit | Step::Submit => {
            if !actor.author {
                return Err(StepError::Forbidden(
                    "only the author writes and submits an incident",
                ));
            }
            (&[Draft], if step == Step::Edit { Draft } else { Submitted })
        }
        Step::Review | Step::Return => {
            if !actor.reviewer {
                return Err(StepError::Forbidden(
                    "reviewing incidents takes the use-of-force review permission",
                ));
            }
            if actor.author {
                return Err(StepError::Forbidden(
                    "an incident is reviewed by someone other than its author",
                ));
            }
            if step == Step::Review {
                (&[Submitted], Reviewed)
            } else {
                (&[Submitted, Reviewed], Draft)
            }
        }
        Step::Close | Step::Amend => {
            if !actor.reviewer {
                return Err(StepError::Forbidden(
                    "closing and amending incidents takes the use-of-force review permission",
                ));
            }
            if step == Step::Close {
                (&[Reviewed], Closed)
            } else {
                (&[Closed], Closed)
            }
        }
    };
    if from.contains(&status) {
        Ok(to)
    } else {
        let allowed: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
        Err(StepError::Conflict(format!(
            "the incident is {}; this step is taken only when it is {}",
            status.as_str(),
            allowed.join(" or ")
        )))
    }
}

/// The steps the caller may take now, for the app to offer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Actions {
    pub edit: bool,
    pub submit: bool,
    pub review: bool,
    pub return_to_author: bool,
    pub close: bool,
    pub amend: bool,
}

/// The steps the caller may take now, for the app to offer.
pub fn actions(status: IncidentStatus, actor: Actor) -> Actions {
    let can = |s| step(status, s, actor).is_ok();
    Actions {
        edit: can(Step::Edit),
        submit: can(Step::Submit),
        review: can(Step::Review),
        return_to_author: can(Step::Return),
        close: can(Step::Close),
        amend: can(Step::Amend),
    }
}

/// Whether the caller may read the incident: a reviewer reads all of the agency's; anyone
/// else only the incidents he or she wrote.
pub fn may_read(actor: Actor) -> bool {
    actor.reviewer || actor.author
}

/// Whether the caller sees an involved officer's training beside an incident: a reviewer
/// sees everyone's; anyone else only his or her own, as nowhere else does an officer see
/// another's training.
pub fn may_see_training(reviewer: bool, caller_person: Option<Uuid>, officer: Uuid) -> bool {
    reviewer || caller_person == Some(officer)
}

/// Whole years from the hire date to the incident day [U-18].
pub fn years_of_service(hired: Option<Date>, on: Date) -> Option<u16> {
    let hired = hired?;
    if hired > on {
        return None;
    }
    let mut years = on.year() - hired.year();
    if (on.month() as u8, on.day()) < (hired.month() as u8, hired.day()) {
        years -= 1;
    }
    u16::try_from(years).ok()
}

/// The longest range of incidents counted or exported at once, in days (ten years).
pub const REPORT_RANGE_DAYS: i64 = 3660;

/// The incident days a reviewer's report covers: `to` the agency's `today` unless given,
/// `from` a year before `to` unless given; `to` not before `from`, ten years at most.
pub fn report_range(
    today: Date,
    from: Option<Date>,
    to: Option<Date>,
) -> Result<(Date, Date), ValidationErrors> {
    let to = to.unwrap_or(today);
    let from = from.unwrap_or_else(|| to - time::Duration::days(364));
    if to < from {
        return Err(ValidationErrors::single("to", "must not be before from"));
    }
    if (to - from).whole_days() > REPORT_RANGE_DAYS {
        return Err(ValidationErrors::single(
            "from",
            "a range is at most ten years",
        ));
    }
    Ok((from, to))
}

/// The incidents of one month of a range, as counted where they are stored: each incident
/// once, and once for each force type and subject injury it has, however many of its subjects
/// share it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthCounts {
    /// Year and month (1 to 12).
    pub month: (i32, u8),
    pub incidents: u32,
    pub qualifying: u32,
    pub force: BTreeMap<ForceType, u32>,
    /// Incidents with a subject who had each injury.
    pub injuries: BTreeMap<Injury, u32>,
}

const NO_UNIT: &str = "No unit";

/// One bar of an aggregate: its key (a month `YYYY-MM`, a vocabulary value, a unit), what a
/// person reads, and the count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub count: u32,
}

/// Incidents (drafts aside) whose date falls in `from..=to`, counted four ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aggregates {
    pub from: Date,
    pub to: Date,
    pub incidents: u32,
    pub qualifying: u32,
    pub by_month: Vec<Count>,
    pub by_force_type: Vec<Count>,
    pub by_injury: Vec<Count>,
    pub by_unit: Vec<Count>,
}

/// The aggregates of the incidents dated `from..=to`, from their counts by month and by unit
/// (`None`: officers in no unit; an incident counts once for each unit of its officers):
/// every month of the range, zeros too, as an agency reports zero months [U-7]; force types
/// and injuries in the order of the enumerations; units most first.
pub fn aggregate(
    months: &[MonthCounts],
    units: &[(Option<String>, u32)],
    from: Date,
    to: Date,
) -> Aggregates {
    let mut by_month: BTreeMap<(i32, u8), u32> = BTreeMap::new();
    let mut cursor = (from.year(), from.month() as u8);
    let last = (to.year(), to.month() as u8);
    while cursor <= last {
        by_month.insert(cursor, 0);
        cursor = if cursor.1 == 12 {
            (cursor.0 + 1, 1)
        } else {
            (cursor.0, cursor.1 + 1)
        };
    }
    let within: Vec<&MonthCounts> = months
        .iter()
        .filter(|m| by_month.contains_key(&m.month))
        .collect();
    for m in &within {
        *by_month.entry(m.month).or_default() += m.incidents;
    }
    let total = |f: &dyn Fn(&MonthCounts) -> u32| within.iter().map(|m| f(m)).sum::<u32>();
    let by_month = by_month
        .into_iter()
        .map(|((y, m), count)| {
            let name = Month::try_from(m)
                .map(|m| m.to_string())
                .unwrap_or_default();
            Count {
                key: format!("{y:04}-{m:02}"),
                label: format!("{name} {y}"),
                count,
            }
        })
        .collect();
    let by_force_type = ForceType::ALL
        .iter()
        .map(|f| Count {
            key: f.as_str().into(),
            label: f.label().into(),
            count: total(&|m| m.force.get(f).copied().unwrap_or(0)),
        })
        .collect();
    let by_injury = Injury::ALL
        .iter()
        .map(|i| Count {
            key: i.as_str().into(),
            label: i.label().into(),
            count: total(&|m| m.injuries.get(i).copied().unwrap_or(0)),
        })
        .collect();
    let mut by_unit: BTreeMap<String, u32> = BTreeMap::new();
    for (unit, count) in units {
        *by_unit
            .entry(unit.clone().unwrap_or_else(|| NO_UNIT.into()))
            .or_default() += count;
    }
    let mut by_unit: Vec<Count> = by_unit
        .into_iter()
        .map(|(unit, count)| Count {
            key: unit.clone(),
            label: unit,
            count,
        })
        .collect();
    by_unit.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    Aggregates {
        from,
        to,
        incidents: total(&|m| m.incidents),
        qualifying: total(&|m| m.qualifying),
        by_month,
        by_force_type,
        by_injury,
        by_unit,
    }
}

/// The incident in the federal structure [U-4, U-6, U-14, U-17, U-18], or `None` when it
/// does not qualify or lacks a mandatory element (a draft). `years_of_service` gives each
/// officer's years on the incident day; `ori` the agency's ORI.
pub fn federal(
    incident: &IncidentInput,
    ori: Option<&str>,
    years_of_service: &BTreeMap<Uuid, Option<u16>>,
) -> Option<FederalIncident> {
    let q = qualification(incident);
    if !q.qualifies {
        return None;
    }
    let date = incident.incident_date?;
    let subjects = incident
        .subjects
        .iter()
        .zip(1..)
        .map(|(s, sequence)| {
            Some(FederalSubject {
                sequence,
                sex: s.sex?,
                race: s.races.clone(),
                ethnicity: s.ethnicity,
                age: s.age?,
                height_feet: s.height_feet,
                height_inches: s.height_inches,
                weight_pounds: s.weight_pounds,
                impairment: s.impaired?,
                impairment_types: s.impairments.clone(),
                threat_perceived: s.threat_perceived?,
                armed: s.armed?,
                resisted: s.resisted?,
                resistance_types: s.resistance.clone(),
                force_types: s.force.clone(),
                injuries: s.injuries.clone(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let officers = incident
        .officers
        .iter()
        .zip(1..)
        .map(|(o, sequence)| {
            Some(FederalOfficer {
                sequence,
                sex: o.sex?,
                race: o.races.clone(),
                ethnicity: o.ethnicity,
                age: o.age?,
                height_feet: o.height_feet,
                height_inches: o.height_inches,
                weight_pounds: o.weight_pounds,
                years_of_service: years_of_service.get(&o.person_id).copied().flatten(),
                full_time: o.full_time?,
                identifiable: o.identifiable?,
                on_duty: o.on_duty?,
                applied_force: o.applied_force?,
                discharged_firearm: o.discharged_firearm?,
                injuries: o.injuries.clone(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let agency_force = u32::try_from(officers.iter().filter(|o| o.applied_force).count()).ok()?;
    let count_subjects = |pred: &dyn Fn(&FederalSubject) -> bool| {
        u32::try_from(subjects.iter().filter(|s| pred(s)).count()).unwrap_or(0)
    };
    Some(FederalIncident {
        agency_ori: ori.map(str::to_owned),
        agency_case_number: incident.case_number.clone()?,
        incident_date: format!(
            "{:02}/{:02}/{:04}",
            date.month() as u8,
            date.day(),
            date.year()
        ),
        incident_time: incident.incident_time.clone(),
        qualification_death: q.death,
        qualification_serious_bodily_injury: q.serious_bodily_injury,
        qualification_firearm_discharge: q.firearm_discharge,
        address: incident.address.clone(),
        latitude: incident.latitude,
        longitude: incident.longitude,
        location_type: incident.location_type?.fbi_code()?.to_owned(),
        contact_reason: incident.contact_reason?,
        most_serious_offense: incident.offense.clone(),
        nibrs_number: incident.nibrs_number.clone(),
        officers_approached: incident.officers_approached?,
        ambush: incident.ambush?,
        supervisor_present: incident.supervisor_present?,
        officers_applying_force_total: agency_force
            + u32::from(incident.other_agency_officers.unwrap_or(0)),
        officers_applying_force_agency: agency_force,
        subjects_died: count_subjects(&|s| s.injuries.contains(&Injury::Death)),
        subjects_seriously_injured: count_subjects(&|s| s.injuries.iter().any(|i| i.is_serious())),
        subjects,
        officers,
    })
}

/// The columns of the federal CSV: one row per segment, as the flat file lays the incident,
/// its subjects and its officers out [U-14]; a column a segment lacks is empty. Multi-valued
/// elements are comma-separated.
pub const FEDERAL_CSV_HEADER: [&str; 44] = [
    "segment",
    "agency_ori",
    "agency_case_number",
    "sequence",
    "incident_date",
    "incident_time",
    "qualification_death",
    "qualification_serious_bodily_injury",
    "qualification_firearm_discharge",
    "address",
    "latitude",
    "longitude",
    "location_type",
    "contact_reason",
    "most_serious_offense",
    "nibrs_number",
    "officers_approached",
    "ambush",
    "supervisor_present",
    "officers_applying_force_total",
    "officers_applying_force_agency",
    "subjects_died",
    "subjects_seriously_injured",
    "sex",
    "race",
    "ethnicity",
    "age",
    "height_feet",
    "height_inches",
    "weight_pounds",
    "impairment",
    "impairment_types",
    "threat_perceived",
    "armed",
    "resisted",
    "resistance_types",
    "force_types",
    "injuries",
    "years_of_service",
    "full_time",
    "identifiable",
    "on_duty",
    "applied_force",
    "discharged_firearm",
];

fn join<T: Copy>(values: &[T], f: impl Fn(T) -> &'static str) -> String {
    values.iter().map(|v| f(*v)).collect::<Vec<_>>().join(",")
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.into()
}

/// The rows of one incident under [`FEDERAL_CSV_HEADER`].
pub fn federal_rows(i: &FederalIncident) -> Vec<Vec<String>> {
    let blank = |n: usize| vec![String::new(); n];
    let key = |segment: &str, sequence: String| {
        vec![
            segment.to_owned(),
            opt(i.agency_ori.as_deref()),
            i.agency_case_number.clone(),
            sequence,
        ]
    };
    let mut rows = Vec::new();
    let mut incident = key("incident", String::new());
    incident.extend([
        i.incident_date.clone(),
        opt(i.incident_time.as_deref()),
        yes_no(i.qualification_death),
        yes_no(i.qualification_serious_bodily_injury),
        yes_no(i.qualification_firearm_discharge),
        opt(i.address.as_deref()),
        opt(i.latitude),
        opt(i.longitude),
        i.location_type.clone(),
        i.contact_reason.as_str().into(),
        opt(i.most_serious_offense.as_deref()),
        opt(i.nibrs_number.as_deref()),
        i.officers_approached.as_str().into(),
        i.ambush.as_str().into(),
        i.supervisor_present.as_str().into(),
        i.officers_applying_force_total.to_string(),
        i.officers_applying_force_agency.to_string(),
        i.subjects_died.to_string(),
        i.subjects_seriously_injured.to_string(),
    ]);
    incident.extend(blank(FEDERAL_CSV_HEADER.len() - incident.len()));
    rows.push(incident);
    for s in &i.subjects {
        let mut row = key("subject", s.sequence.to_string());
        row.extend(blank(19));
        row.extend([
            s.sex.as_str().into(),
            join(&s.race, |r| r.as_str()),
            opt(s.ethnicity.map(|e| e.as_str())),
            s.age.to_string(),
            opt(s.height_feet),
            opt(s.height_inches),
            opt(s.weight_pounds),
            s.impairment.as_str().into(),
            join(&s.impairment_types, |v| v.as_str()),
            s.threat_perceived.as_str().into(),
            s.armed.as_str().into(),
            s.resisted.as_str().into(),
            join(&s.resistance_types, |v| v.as_str()),
            join(&s.force_types, |v| v.as_str()),
            join(&s.injuries, |v| v.as_str()),
        ]);
        row.extend(blank(FEDERAL_CSV_HEADER.len() - row.len()));
        rows.push(row);
    }
    for o in &i.officers {
        let mut row = key("officer", o.sequence.to_string());
        row.extend(blank(19));
        row.extend([
            o.sex.as_str().into(),
            join(&o.race, |r| r.as_str()),
            opt(o.ethnicity.map(|e| e.as_str())),
            o.age.to_string(),
            opt(o.height_feet),
            opt(o.height_inches),
            opt(o.weight_pounds),
        ]);
        row.extend(blank(7));
        row.extend([
            join(&o.injuries, |v| v.as_str()),
            opt(o.years_of_service),
            yes_no(o.full_time),
            o.identifiable.as_str().into(),
            yes_no(o.on_duty),
            yes_no(o.applied_force),
            yes_no(o.discharged_firearm),
        ]);
        rows.push(row);
    }
    rows
}

/// The last day on or before `as_of` the person trained in any of `codes`, from the dates and
/// topic (or event) codes of his or her counted records.
pub fn last_trained_on<'a>(
    records: impl IntoIterator<Item = (Date, &'a [String])>,
    codes: &[String],
    as_of: Date,
) -> Option<Date> {
    records
        .into_iter()
        .filter(|(date, topics)| *date <= as_of && topics.iter().any(|t| codes.contains(t)))
        .map(|(date, _)| date)
        .max()
}

/// The training areas, in the order the panel shows them.
pub fn areas() -> &'static [TrainingArea] {
    TrainingArea::ALL
}

#[cfg(test)]
#[path = "uof_tests.rs"]
mod tests;
