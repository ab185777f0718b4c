//! Training profiles: an agency groups its own requirements and assigns them to people (all
//! sworn, the K9 unit, instructors, named people).

use uuid::Uuid;

use crate::people::PersonKind;

pub use confitrek_vocabulary::Assignment;

/// What assignment looks at.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub id: Uuid,
    pub kind: PersonKind,
    pub unit: Option<&'a str>,
    pub role_flags: &'a [String],
}

impl Member<'_> {
    /// Whether the assignment reaches this person.
    pub fn is_in(&self, assignment: &Assignment) -> bool {
        let member = self;
        match assignment {
            Assignment::Everyone => true,
            Assignment::Officers => member.kind == PersonKind::Officer,
            Assignment::Units { units } => member
                .unit
                .is_some_and(|u| units.iter().any(|x| x.eq_ignore_ascii_case(u))),
            Assignment::RoleFlags { role_flags } => {
                role_flags.iter().any(|f| member.role_flags.contains(f))
            }
            Assignment::People { people } => people.contains(&member.id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_reach_the_people_they_name() {
        let k9 = vec!["k9_handler".to_owned()];
        let handler = Member {
            id: Uuid::from_u128(1),
            kind: PersonKind::Officer,
            unit: Some("Patrol"),
            role_flags: &k9,
        };
        let dispatcher = Member {
            id: Uuid::from_u128(2),
            kind: PersonKind::Civilian,
            unit: Some("Dispatch"),
            role_flags: &[],
        };
        let cases = [
            (Assignment::Everyone, true, true),
            (Assignment::Officers, true, false),
            (
                Assignment::Units {
                    units: vec!["patrol".into()],
                },
                true,
                false,
            ),
            (
                Assignment::RoleFlags {
                    role_flags: vec!["k9_handler".into()],
                },
                true,
                false,
            ),
            (
                Assignment::People {
                    people: vec![Uuid::from_u128(2)],
                },
                false,
                true,
            ),
        ];
        for (assignment, first, second) in cases {
            assert_eq!(
                (handler.is_in(&assignment), dispatcher.is_in(&assignment)),
                (first, second),
                "{assignment:?}"
            );
        }
    }
}
