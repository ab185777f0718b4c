//! The steps of the use-of-force form, and where each of the server's errors is shown: the
//! step that holds the field, the control beside which its message goes, or, for a field no
//! control shows, the summary at the top.

use confitrek_types::Problem;

/// The steps of the form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FormStep {
    Incident,
    Subjects,
    Officers,
    Narrative,
}

impl FormStep {
    pub const ALL: [FormStep; 4] = [
        FormStep::Incident,
        FormStep::Subjects,
        FormStep::Officers,
        FormStep::Narrative,
    ];

    pub fn number(self) -> usize {
        self as usize + 1
    }

    pub fn title(self) -> &'static str {
        match self {
            FormStep::Incident => "Incident",
            FormStep::Subjects => "Subjects",
            FormStep::Officers => "Officers",
            FormStep::Narrative => "Narrative and review",
        }
    }

    pub fn from_number(n: usize) -> Option<FormStep> {
        n.checked_sub(1).and_then(|i| Self::ALL.get(i)).copied()
    }

    pub fn next(self) -> Option<FormStep> {
        Self::from_number(self.number() + 1)
    }

    pub fn previous(self) -> Option<FormStep> {
        Self::from_number(self.number() - 1)
    }
}

/// The amendment endpoint names the incident's fields under `incident.`; the form names
/// them as the other endpoints do.
pub fn form_field(field: &str) -> &str {
    field.strip_prefix("incident.").unwrap_or(field)
}

/// The step that shows a field the server named.
pub fn step_of(field: &str) -> FormStep {
    let field = form_field(field);
    let head = field.split('.').next().unwrap_or(field);
    match head {
        "subjects" => FormStep::Subjects,
        "officers" => FormStep::Officers,
        "narrative" | "attest" | "reason" => FormStep::Narrative,
        _ => FormStep::Incident,
    }
}

/// Where the form goes when the server refuses it: the earliest step holding an error.
pub fn first_error_step(problem: &Problem) -> Option<FormStep> {
    problem.errors.iter().map(|e| step_of(&e.field)).min()
}

/// The problem with the amendment's `incident.` prefix taken off its fields.
pub fn in_form_terms(mut problem: Problem) -> Problem {
    for error in &mut problem.errors {
        error.field = form_field(&error.field).to_owned();
    }
    problem
}

/// The messages for one control: its own field and, for a list, any of its items
/// (`subjects.0.races.1` belongs to `subjects.0.races`).
pub fn messages_for(problem: &Problem, name: &str) -> Vec<String> {
    problem
        .errors
        .iter()
        .filter(|e| {
            e.field == name
                || e.field.strip_prefix(name).is_some_and(|rest| {
                    rest.strip_prefix('.')
                        .is_some_and(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit()))
                })
        })
        .map(|e| e.message.clone())
        .collect()
}

const INCIDENT_FIELDS: [&str; 16] = [
    "case_number",
    "incident_date",
    "incident_time",
    "address",
    "location_type",
    "contact_reason",
    "offense",
    "nibrs_number",
    "officers_approached",
    "ambush",
    "supervisor_present",
    "other_agency_officers",
    "subjects",
    "officers",
    "narrative",
    "attest",
];

const SUBJECT_FIELDS: [&str; 17] = [
    "reference",
    "sex",
    "races",
    "ethnicity",
    "age",
    "height_feet",
    "height_inches",
    "weight_pounds",
    "impaired",
    "impairments",
    "threat_perceived",
    "armed",
    "resisted",
    "resistance",
    "force",
    "injuries",
    "disposition",
];

const OFFICER_FIELDS: [&str; 14] = [
    "person_id",
    "sex",
    "races",
    "ethnicity",
    "age",
    "height_feet",
    "height_inches",
    "weight_pounds",
    "full_time",
    "on_duty",
    "identifiable",
    "applied_force",
    "discharged_firearm",
    "injuries",
];

/// Whether the form has a control that shows the field's message; the others are listed at
/// the top so nothing the server said is lost.
pub fn is_drawn(field: &str, amending: bool) -> bool {
    let field = form_field(field);
    let parts: Vec<&str> = field.split('.').collect();
    let is_index = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // A list item's message is shown by its list.
    let parts = match parts.split_last() {
        Some((last, rest)) if is_index(last) && rest.len() != 1 => rest,
        _ => &parts[..],
    };
    match parts {
        ["reason"] => amending,
        [one] => INCIDENT_FIELDS.contains(one),
        ["subjects", i, name] => is_index(i) && SUBJECT_FIELDS.contains(name),
        ["officers", i, name] => is_index(i) && OFFICER_FIELDS.contains(name),
        _ => false,
    }
}

/// "Subject 1: age", "Case number": a field as the error summary names it.
pub fn field_label(field: &str) -> String {
    let words = |s: &str| s.replace('_', " ");
    let parts: Vec<&str> = form_field(field).split('.').collect();
    let ordinal = |i: &str| {
        i.parse::<usize>()
            .map_or_else(|_| i.to_owned(), |n| (n + 1).to_string())
    };
    let text = match parts.as_slice() {
        ["subjects", i, rest @ ..] if !rest.is_empty() => {
            format!("Subject {}: {}", ordinal(i), words(rest[0]))
        }
        ["officers", i, rest @ ..] if !rest.is_empty() => {
            format!("Officer {}: {}", ordinal(i), words(rest[0]))
        }
        [first, ..] => words(first),
        [] => String::new(),
    };
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use confitrek_types::FieldProblem;

    fn problem(fields: &[&str]) -> Problem {
        Problem::invalid_input(
            fields
                .iter()
                .map(|f| FieldProblem {
                    field: (*f).into(),
                    message: "is required to submit the incident".into(),
                })
                .collect(),
        )
    }

    #[test]
    fn each_field_the_server_names_belongs_to_one_step() {
        // (field, step, a sentence)
        let cases = [
            ("case_number", FormStep::Incident, "an incident element"),
            (
                "other_agency_officers",
                FormStep::Incident,
                "the count of other agencies' officers",
            ),
            ("subjects", FormStep::Subjects, "no subject at all"),
            ("subjects.0.age", FormStep::Subjects, "a subject's element"),
            (
                "subjects.2.races.1",
                FormStep::Subjects,
                "an item of a subject's list",
            ),
            ("officers.0.sex", FormStep::Officers, "an officer's element"),
            (
                "officers.1.person_id",
                FormStep::Officers,
                "an officer listed twice",
            ),
            ("narrative", FormStep::Narrative, "the narrative"),
            ("attest", FormStep::Narrative, "the attestation"),
            ("reason", FormStep::Narrative, "the reason for an amendment"),
            (
                "incident.subjects.0.sex",
                FormStep::Subjects,
                "the amendment's prefix",
            ),
            ("latitude", FormStep::Incident, "a field without a control"),
        ];
        for (field, step, why) in cases {
            assert_eq!(step_of(field), step, "{why}");
        }
    }

    #[test]
    fn the_form_goes_to_the_earliest_step_holding_an_error() {
        let p = problem(&["officers.0.sex", "subjects.0.age", "narrative"]);
        assert_eq!(first_error_step(&p), Some(FormStep::Subjects));
        let p = problem(&["attest", "case_number"]);
        assert_eq!(first_error_step(&p), Some(FormStep::Incident));
        assert_eq!(first_error_step(&problem(&[])), None);
    }

    #[test]
    fn steps_follow_each_other_from_one_to_four() {
        assert_eq!(FormStep::Incident.number(), 1);
        assert_eq!(FormStep::Incident.previous(), None);
        assert_eq!(FormStep::Officers.next(), Some(FormStep::Narrative));
        assert_eq!(FormStep::Narrative.next(), None);
        assert_eq!(FormStep::from_number(2), Some(FormStep::Subjects));
        assert_eq!(FormStep::from_number(0), None);
        assert_eq!(FormStep::from_number(5), None);
    }

    #[test]
    fn a_control_shows_its_own_messages_and_those_of_its_items() {
        let p = problem(&[
            "subjects.0.races",
            "subjects.0.races.1",
            "subjects.0.race",
            "subjects.10.races",
        ]);
        assert_eq!(messages_for(&p, "subjects.0.races").len(), 2);
        assert_eq!(messages_for(&p, "subjects.1.races").len(), 0);
        assert_eq!(
            messages_for(&p, "subjects.1").len(),
            0,
            "a subject's fields are not its items"
        );
    }

    #[test]
    fn fields_without_a_control_are_left_for_the_summary() {
        assert!(is_drawn("case_number", false));
        assert!(is_drawn("subjects", false));
        assert!(is_drawn("subjects.3.injuries", false));
        assert!(is_drawn("subjects.0.races.1", false));
        assert!(is_drawn("officers.0.discharged_firearm", false));
        assert!(is_drawn("incident.officers.0.sex", true));
        assert!(is_drawn("reason", true));
        assert!(
            !is_drawn("reason", false),
            "only the amendment form asks for a reason"
        );
        assert!(!is_drawn("latitude", false));
        assert!(!is_drawn("subjects.0.nickname", false));
        assert!(!is_drawn("subjects.0", false));
    }

    #[test]
    fn the_summary_names_fields_in_words() {
        assert_eq!(field_label("case_number"), "Case number");
        assert_eq!(field_label("subjects.0.age"), "Subject 1: age");
        assert_eq!(
            field_label("officers.1.discharged_firearm"),
            "Officer 2: discharged firearm"
        );
        assert_eq!(
            field_label("incident.subjects.2.races.0"),
            "Subject 3: races"
        );
    }
}
