//! A training profile: the form's fields, the `ProfileInput` the API takes, and whom a
//! profile reaches in words.

use confitrek_types::{Assignment, FieldProblem, ProfileDto, ProfileInput};
use uuid::Uuid;

use crate::components::role_flags::in_canonical_order;
use crate::format::role_flag_label;

/// The fields drawn on the form, named as the API names them.
pub const FIELDS: &[&str] = &[
    "name",
    "requirement_codes",
    "assignment",
    "assignment.units",
    "assignment.role_flags",
    "assignment.people",
];

/// The kinds of assignment, as the API spells them, with their labels.
pub const ASSIGNMENTS: [(&str, &str); 5] = [
    ("everyone", "Everyone"),
    ("officers", "Sworn officers"),
    ("units", "People in some units"),
    ("role_flags", "People with some roles"),
    ("people", "Named people"),
];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileFields {
    pub name: String,
    pub requirement_codes: Vec<String>,
    /// A kind of `ASSIGNMENTS`.
    pub assignment: String,
    pub units: Vec<String>,
    pub role_flags: Vec<String>,
    pub people: Vec<Uuid>,
}

impl ProfileFields {
    pub fn blank() -> Self {
        ProfileFields {
            assignment: "people".into(),
            ..Default::default()
        }
    }

    pub fn of(profile: &ProfileDto) -> Self {
        let assignment = AssignmentFields::of(&profile.assignment);
        ProfileFields {
            name: profile.name.clone(),
            requirement_codes: profile.requirement_codes.clone(),
            assignment: assignment.kind,
            units: assignment.units,
            role_flags: assignment.role_flags,
            people: assignment.people,
        }
    }

    /// The request to send. A group assigned to nobody is refused here: it would save
    /// without complaint and then judge no one.
    pub fn to_input(&self) -> Result<ProfileInput, Vec<FieldProblem>> {
        let assignment = AssignmentFields {
            kind: self.assignment.clone(),
            units: self.units.clone(),
            role_flags: self.role_flags.clone(),
            people: self.people.clone(),
        }
        .to_dto()?;
        Ok(ProfileInput {
            name: self.name.trim().to_owned(),
            requirement_codes: self.requirement_codes.clone(),
            assignment,
        })
    }
}

/// Whom something is assigned to (a training profile, a policy), as a form holds it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssignmentFields {
    /// A kind of `ASSIGNMENTS`.
    pub kind: String,
    pub units: Vec<String>,
    pub role_flags: Vec<String>,
    pub people: Vec<Uuid>,
}

impl AssignmentFields {
    pub fn of(assignment: &Assignment) -> Self {
        let mut fields = AssignmentFields::default();
        match assignment {
            Assignment::Everyone => fields.kind = "everyone".into(),
            Assignment::Officers => fields.kind = "officers".into(),
            Assignment::Units { units } => {
                fields.kind = "units".into();
                fields.units = units.clone();
            }
            Assignment::RoleFlags { role_flags } => {
                fields.kind = "role_flags".into();
                fields.role_flags = role_flags.clone();
            }
            Assignment::People { people } => {
                fields.kind = "people".into();
                fields.people = people.clone();
            }
        }
        fields
    }

    /// The assignment to send, with only its own kind's list. A group with nobody in it is
    /// refused here: it would save without complaint and then reach no one.
    pub fn to_dto(&self) -> Result<Assignment, Vec<FieldProblem>> {
        let nobody = |field: &str, what: &str| {
            Err(vec![FieldProblem {
                field: field.into(),
                message: format!("choose at least one {what}"),
            }])
        };
        Ok(match self.kind.as_str() {
            "everyone" => Assignment::Everyone,
            "officers" => Assignment::Officers,
            "units" if self.units.is_empty() => return nobody("assignment.units", "unit"),
            "units" => Assignment::Units {
                units: self.units.clone(),
            },
            "role_flags" if self.role_flags.is_empty() => {
                return nobody("assignment.role_flags", "role");
            }
            "role_flags" => Assignment::RoleFlags {
                role_flags: in_canonical_order(self.role_flags.clone()),
            },
            "people" if self.people.is_empty() => return nobody("assignment.people", "person"),
            "people" => Assignment::People {
                people: self.people.clone(),
            },
            _ => return nobody("assignment", "kind of assignment"),
        })
    }
}

/// Whom a profile reaches, in words. `name_of` names a person when the roster is loaded.
pub fn assignment_summary(
    assignment: &Assignment,
    name_of: impl Fn(Uuid) -> Option<String>,
) -> String {
    match assignment {
        Assignment::Everyone => "Everyone".into(),
        Assignment::Officers => "Sworn officers".into(),
        Assignment::Units { units } if units.is_empty() => "Nobody (no unit chosen)".into(),
        Assignment::Units { units } => format!("People in {}", or_list(units)),
        Assignment::RoleFlags { role_flags } if role_flags.is_empty() => {
            "Nobody (no role chosen)".into()
        }
        Assignment::RoleFlags { role_flags } => {
            let labels: Vec<String> = role_flags.iter().map(|f| role_flag_label(f)).collect();
            format!("People with role {}", or_list(&labels))
        }
        Assignment::People { people } => {
            let names: Option<Vec<String>> = people.iter().map(|id| name_of(*id)).collect();
            match (names, people.len()) {
                (_, 0) => "Nobody (no person chosen)".into(),
                (Some(names), _) => names.join("; "),
                (None, 1) => "1 named person".into(),
                (None, n) => format!("{n} named people"),
            }
        }
    }
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drew() -> Uuid {
        Uuid::from_u128(12)
    }

    #[test]
    fn a_profile_for_named_people_becomes_the_request_and_back() {
        let fields = ProfileFields {
            name: " K9 unit ".into(),
            requirement_codes: vec!["agency.k9_hours".into()],
            people: vec![drew()],
            ..ProfileFields::blank()
        };
        let input = fields.to_input().unwrap();
        assert_eq!(input.name, "K9 unit");
        assert_eq!(input.requirement_codes, ["agency.k9_hours"]);
        assert_eq!(
            input.assignment,
            Assignment::People {
                people: vec![drew()]
            }
        );
        let stored = ProfileDto {
            id: Uuid::nil(),
            name: input.name.clone(),
            requirement_codes: input.requirement_codes.clone(),
            assignment: input.assignment.clone(),
        };
        assert_eq!(ProfileFields::of(&stored).to_input().unwrap(), input);
    }

    #[test]
    fn each_kind_of_assignment_is_sent_with_only_its_own_list() {
        let base = ProfileFields {
            name: "Patrol".into(),
            units: vec!["Patrol".into()],
            role_flags: vec!["sro".into(), "k9_handler".into()],
            people: vec![drew()],
            ..ProfileFields::blank()
        };
        let cases = [
            ("everyone", Assignment::Everyone),
            ("officers", Assignment::Officers),
            (
                "units",
                Assignment::Units {
                    units: vec!["Patrol".into()],
                },
            ),
            (
                "role_flags",
                Assignment::RoleFlags {
                    role_flags: vec!["sro".into(), "k9_handler".into()],
                },
            ),
        ];
        for (kind, expected) in cases {
            let fields = ProfileFields {
                assignment: kind.into(),
                ..base.clone()
            };
            assert_eq!(fields.to_input().unwrap().assignment, expected, "{kind}");
        }
    }

    #[test]
    fn a_group_with_nobody_in_it_is_refused_beside_its_list() {
        for (kind, field) in [
            ("units", "assignment.units"),
            ("role_flags", "assignment.role_flags"),
            ("people", "assignment.people"),
        ] {
            let fields = ProfileFields {
                name: "Empty".into(),
                assignment: kind.into(),
                ..ProfileFields::blank()
            };
            let errors = fields.to_input().unwrap_err();
            assert_eq!(errors[0].field, field, "{kind}");
        }
    }

    #[test]
    fn whom_a_profile_reaches_reads_as_a_sentence() {
        let names = |id: Uuid| (id == drew()).then(|| "Larson, Drew".to_owned());
        let cases = [
            (Assignment::Everyone, "Everyone"),
            (Assignment::Officers, "Sworn officers"),
            (
                Assignment::Units {
                    units: vec!["Patrol".into(), "K9".into(), "Dispatch".into()],
                },
                "People in Patrol, K9 or Dispatch",
            ),
            (
                Assignment::RoleFlags {
                    role_flags: vec!["k9_handler".into()],
                },
                "People with role K9 handler",
            ),
            (
                Assignment::People {
                    people: vec![drew()],
                },
                "Larson, Drew",
            ),
            (
                Assignment::People {
                    people: vec![drew(), Uuid::from_u128(99)],
                },
                "2 named people",
            ),
            (
                Assignment::People { people: vec![] },
                "Nobody (no person chosen)",
            ),
        ];
        for (assignment, expected) in cases {
            assert_eq!(assignment_summary(&assignment, names), expected);
        }
    }
}
