//! Policies: the form's fields and the request it makes, and the words the pages use for
//! acknowledgements and their progress.

use confitrek_types::{
    AcknowledgementStatus, FieldProblem, PolicyDto, PolicyInput, PolicyProgressDto,
};

use crate::agency_rules::profile::AssignmentFields;

/// The fields drawn on the policy form, named as the API names them.
pub const FIELDS: &[&str] = &[
    "code",
    "title",
    "due_days",
    "assignment",
    "assignment.units",
    "assignment.role_flags",
    "assignment.people",
];

#[derive(Debug, Clone, PartialEq)]
pub struct PolicyFields {
    pub code: String,
    pub title: String,
    pub due_days: String,
    pub assignment: AssignmentFields,
}

impl PolicyFields {
    /// A new policy: sworn officers, 30 days to acknowledge each version.
    pub fn blank() -> Self {
        PolicyFields {
            code: String::new(),
            title: String::new(),
            due_days: "30".into(),
            assignment: AssignmentFields {
                kind: "officers".into(),
                ..Default::default()
            },
        }
    }

    pub fn of(policy: &PolicyDto) -> Self {
        PolicyFields {
            code: policy.code.clone(),
            title: policy.title.clone(),
            due_days: policy.due_days.to_string(),
            assignment: AssignmentFields::of(&policy.assignment),
        }
    }

    /// What cannot even be sent is reported here, in the server's shape.
    pub fn to_input(&self) -> Result<PolicyInput, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let due_days = self.due_days.trim().parse::<i64>().ok();
        if due_days.is_none() {
            errors.push(FieldProblem {
                field: "due_days".into(),
                message: "must be a whole number of days, e.g. 30".into(),
            });
        }
        let assignment = self.assignment.to_dto().map_err(|e| errors.extend(e)).ok();
        match (due_days, assignment) {
            (Some(due_days), Some(assignment)) if errors.is_empty() => Ok(PolicyInput {
                code: self.code.trim().to_owned(),
                title: self.title.trim().to_owned(),
                due_days,
                assignment,
            }),
            _ => Err(errors),
        }
    }
}

pub fn status_label(status: AcknowledgementStatus) -> &'static str {
    match status {
        AcknowledgementStatus::Acknowledged => "Acknowledged",
        AcknowledgementStatus::Pending => "Needs acknowledgement",
        AcknowledgementStatus::Overdue => "Overdue",
    }
}

pub fn status_class(status: AcknowledgementStatus) -> &'static str {
    match status {
        AcknowledgementStatus::Acknowledged => "badge good",
        AcknowledgementStatus::Pending => "badge warn",
        AcknowledgementStatus::Overdue => "badge bad",
    }
}

/// "2 of 23 acknowledged version 3".
pub fn progress_text(progress: &PolicyProgressDto) -> String {
    format!(
        "{} of {} acknowledged version {}",
        progress.acknowledged, progress.assigned, progress.version
    )
}

/// The share acknowledged, 0 to 100, for a progress bar (100 when nobody is assigned).
pub fn progress_percent(progress: &PolicyProgressDto) -> u32 {
    if progress.assigned == 0 {
        return 100;
    }
    progress.acknowledged.saturating_mul(100) / progress.assigned
}

#[cfg(test)]
mod tests {
    use super::*;
    use confitrek_types::Assignment;
    use uuid::Uuid;

    #[test]
    fn a_policy_becomes_the_request_and_back() {
        let form = PolicyFields {
            code: " vehicle_pursuit ".into(),
            title: " Vehicle pursuit policy ".into(),
            due_days: " 14".into(),
            assignment: AssignmentFields {
                kind: "units".into(),
                units: vec!["Patrol".into()],
                ..Default::default()
            },
        };
        let input = form.to_input().unwrap();
        assert_eq!(input.code, "vehicle_pursuit");
        assert_eq!(input.title, "Vehicle pursuit policy");
        assert_eq!(input.due_days, 14);
        assert_eq!(
            input.assignment,
            Assignment::Units {
                units: vec!["Patrol".into()]
            }
        );
        let stored = PolicyDto {
            id: Uuid::nil(),
            code: input.code.clone(),
            title: input.title.clone(),
            due_days: 14,
            assignment: input.assignment.clone(),
            current_version: None,
            published_on: None,
        };
        assert_eq!(PolicyFields::of(&stored).to_input().unwrap(), input);
        assert_eq!(
            PolicyFields::blank().assignment.to_dto().unwrap(),
            Assignment::Officers
        );
    }

    #[test]
    fn days_in_words_and_an_empty_group_are_refused_beside_their_fields() {
        let form = PolicyFields {
            due_days: "two weeks".into(),
            assignment: AssignmentFields {
                kind: "people".into(),
                ..Default::default()
            },
            ..PolicyFields::blank()
        };
        let fields: Vec<String> = form
            .to_input()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["due_days", "assignment.people"]);
    }

    #[test]
    fn progress_reads_as_a_count_and_a_share() {
        let progress = PolicyProgressDto {
            version: 3,
            assigned: 8,
            acknowledged: 2,
            pending: vec![],
        };
        assert_eq!(progress_text(&progress), "2 of 8 acknowledged version 3");
        assert_eq!(progress_percent(&progress), 25);
        let nobody = PolicyProgressDto {
            assigned: 0,
            acknowledged: 0,
            ..progress
        };
        assert_eq!(progress_percent(&nobody), 100);
        assert_eq!(
            status_label(AcknowledgementStatus::Pending),
            "Needs acknowledgement"
        );
    }
}
