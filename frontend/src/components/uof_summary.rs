//! An incident as a reviewer reads it: the facts, each subject and each officer in words.

use confitrek_types::{IncidentInput, InvolvedOfficerDto, OfficerInput, SubjectInput};
use leptos::prelude::*;

use crate::components::uof_fields::Coded;
use crate::format::date;

const NOT_ANSWERED: &str = "Not answered";

pub fn choice<T: Coded>(value: Option<T>) -> String {
    value.map_or(NOT_ANSWERED, Coded::text).to_owned()
}

pub fn choices<T: Coded>(values: &[T]) -> String {
    if values.is_empty() {
        return "None given".to_owned();
    }
    values
        .iter()
        .map(|v| v.text())
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn yes_no(value: Option<bool>) -> String {
    match value {
        Some(true) => "Yes",
        Some(false) => "No",
        None => NOT_ANSWERED,
    }
    .to_owned()
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "—".to_owned())
}

fn number<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "—".to_owned(), |n| n.to_string())
}

/// "5 ft 11 in", "6 ft", "—".
pub fn height(feet: Option<u8>, inches: Option<u8>) -> String {
    match (feet, inches) {
        (Some(f), Some(i)) => format!("{f} ft {i} in"),
        (Some(f), None) => format!("{f} ft"),
        (None, Some(i)) => format!("{i} in"),
        (None, None) => "—".to_owned(),
    }
}

fn facts(rows: Vec<(&'static str, String)>) -> impl IntoView {
    let rows = rows
        .into_iter()
        .map(|(term, value)| view! { <dt>{term}</dt><dd>{value}</dd> })
        .collect_view();
    view! { <dl class="facts">{rows}</dl> }
}

#[component]
pub fn IncidentFacts(incident: IncidentInput) -> impl IntoView {
    let i = incident;
    let location = match (&i.address, i.latitude, i.longitude) {
        (Some(address), _, _) => address.clone(),
        (None, Some(lat), Some(lon)) => format!("{lat:.5}, {lon:.5}"),
        _ => "—".to_owned(),
    };
    let mut rows = vec![
        ("Case number", text(&i.case_number)),
        ("Date", date(i.incident_date)),
        ("Time", text(&i.incident_time)),
        ("Location", location),
        ("Location type", choice(i.location_type)),
        ("Reason for contact", choice(i.contact_reason)),
    ];
    if let Some(offense) = &i.offense {
        rows.push(("Most serious offense", offense.clone()));
    }
    rows.extend([
        ("NIBRS incident number", text(&i.nibrs_number)),
        (
            "Officers approached the subject",
            choice(i.officers_approached),
        ),
        ("Ambush", choice(i.ambush)),
        (
            "Supervisor present or consulted",
            choice(i.supervisor_present),
        ),
        (
            "Other agencies' officers who applied force",
            number(i.other_agency_officers),
        ),
    ]);
    facts(rows)
}

fn subject_rows(s: &SubjectInput) -> Vec<(&'static str, String)> {
    let mut rows = vec![
        ("Sex", choice(s.sex)),
        ("Race", choices(&s.races)),
        ("Ethnicity", choice(s.ethnicity)),
        ("Age", number(s.age)),
        ("Height", height(s.height_feet, s.height_inches)),
        (
            "Weight",
            s.weight_pounds
                .map_or_else(|| "—".to_owned(), |w| format!("{w} lb")),
        ),
        ("Impairment", choice(s.impaired)),
    ];
    if !s.impairments.is_empty() {
        rows.push(("Impairments", choices(&s.impairments)));
    }
    rows.extend([
        ("Threat perceived", choice(s.threat_perceived)),
        ("Armed", choice(s.armed)),
        ("Resisted", choice(s.resisted)),
    ]);
    if !s.resistance.is_empty() {
        rows.push(("Resistance", choices(&s.resistance)));
    }
    rows.extend([
        ("Force used", choices(&s.force)),
        ("Injuries", choices(&s.injuries)),
        ("Disposition", choice(s.disposition)),
        ("Records-system reference", text(&s.reference)),
    ]);
    rows
}

#[component]
pub fn SubjectsSummary(subjects: Vec<SubjectInput>) -> impl IntoView {
    if subjects.is_empty() {
        return view! { <p class="hint">"No subject recorded yet."</p> }.into_any();
    }
    subjects
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let heading = format!("Subject {}", i + 1);
            view! {
                <article class="uof-card" aria-label=heading.clone()>
                    <h3>{heading.clone()}</h3>
                    {facts(subject_rows(s))}
                </article>
            }
        })
        .collect_view()
        .into_any()
}

fn officer_rows(
    o: &OfficerInput,
    roster: Option<&InvolvedOfficerDto>,
) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    if let Some(r) = roster {
        rows.push(("Badge", text(&r.badge_number)));
        rows.push(("Unit", text(&r.unit)));
        rows.push(("Years of service", number(r.years_of_service)));
    }
    rows.extend([
        ("Sex", choice(o.sex)),
        ("Race", choices(&o.races)),
        ("Ethnicity", choice(o.ethnicity)),
        ("Age", number(o.age)),
        ("Height", height(o.height_feet, o.height_inches)),
        (
            "Weight",
            o.weight_pounds
                .map_or_else(|| "—".to_owned(), |w| format!("{w} lb")),
        ),
        ("Full time", yes_no(o.full_time)),
        ("On duty", yes_no(o.on_duty)),
        ("Identifiable as law enforcement", choice(o.identifiable)),
        ("Applied force", yes_no(o.applied_force)),
        (
            "Discharged a firearm at a person",
            yes_no(o.discharged_firearm),
        ),
        ("Injuries", choices(&o.injuries)),
    ]);
    rows
}

#[component]
pub fn OfficersSummary(
    officers: Vec<OfficerInput>,
    roster: Vec<InvolvedOfficerDto>,
) -> impl IntoView {
    if officers.is_empty() {
        return view! { <p class="hint">"No officer recorded yet."</p> }.into_any();
    }
    officers
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let known = roster.iter().find(|r| r.person_id == o.person_id);
            let heading = known.map_or_else(|| format!("Officer {}", i + 1), |r| r.name.clone());
            view! {
                <article class="uof-card" aria-label=heading.clone()>
                    <h3>{heading.clone()}</h3>
                    {facts(officer_rows(o, known))}
                </article>
            }
        })
        .collect_view()
        .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use confitrek_types::{Injury, Race};

    #[test]
    fn answers_read_in_words_and_missing_ones_say_so() {
        assert_eq!(height(Some(5), Some(11)), "5 ft 11 in");
        assert_eq!(height(None, None), "—");
        assert_eq!(yes_no(None), "Not answered");
        assert_eq!(choice::<Race>(None), "Not answered");
        assert_eq!(
            choices(&[Injury::Minor, Injury::Unconsciousness]),
            "Apparent minor injury; Unconsciousness"
        );
        assert_eq!(choices::<Race>(&[]), "None given");
    }
}
