//! What the groups a person is in give him or her. An agency admin maps a pushed group to a
//! unit of the roster and/or a role of ConfiTrek; membership then sets the person's unit and
//! the role of the person's login.
//!
//! - In several mapped groups, a person gets the highest role among them, and the unit of
//!   the first of them by name (then id), so the answer does not depend on the order in
//!   which the identity provider sent the memberships.
//! - Leaving the last group that gave a unit or a role takes it back, if it is still the
//!   one the group gave: the unit is cleared, the role becomes officer (the role of a new
//!   provisioned login). What an admin set by hand meanwhile is left alone.
//! - A group never gives the platform operator's role (no agency may grant it).

use uuid::Uuid;

use crate::free_text::parse_free_text;
use crate::people::UNIT_MAX;
use crate::permissions::{Role, may_grant};
use crate::validation::ValidationErrors;

/// A pushed group and what it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMapping {
    pub group: Uuid,
    pub name: String,
    pub unit: Option<String>,
    pub role: Option<Role>,
}

/// How a person's unit and login's role change; `None`: no change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assignment {
    /// The new unit (`Some(None)`: no unit).
    pub unit: Option<Option<String>>,
    pub role: Option<Role>,
}

/// How much a role may do, to pick the highest a person's groups give.
fn rank(role: Role) -> u8 {
    match role {
        Role::Officer => 1,
        Role::Supervisor => 2,
        Role::Coordinator => 3,
        Role::AgencyAdmin => 4,
        Role::PlatformOperator => 0,
    }
}

/// The role a provisioned login has unless a group gives another.
pub const DEFAULT_ROLE: Role = Role::Officer;

/// What changes for a person now in the groups `member_of` who has just stopped being given
/// what `left` gave (groups left, or mappings changed). `current_role` is the role of the
/// person's login (`None`: no login, so no role to change).
pub fn assignment(
    current_unit: Option<&str>,
    current_role: Option<Role>,
    member_of: &[GroupMapping],
    left: &[GroupMapping],
) -> Assignment {
    let mut ordered: Vec<&GroupMapping> = member_of.iter().collect();
    ordered.sort_by_key(|g| (g.name.to_lowercase(), g.group));
    let unit = match ordered.iter().find_map(|g| g.unit.as_deref()) {
        Some(unit) => (current_unit != Some(unit)).then(|| Some(unit.to_owned())),
        None => {
            let given = left
                .iter()
                .any(|g| g.unit.is_some() && g.unit.as_deref() == current_unit);
            (given && current_unit.is_some()).then_some(None)
        }
    };
    let granted = ordered
        .iter()
        .filter_map(|g| g.role)
        .filter(|r| may_grant(Role::AgencyAdmin, *r))
        .max_by_key(|r| rank(*r));
    let role = current_role.and_then(|current| match granted {
        Some(role) => (role != current).then_some(role),
        None => left
            .iter()
            .any(|g| g.role == Some(current) && current != DEFAULT_ROLE)
            .then_some(DEFAULT_ROLE),
    });
    Assignment { unit, role }
}

/// What an admin asks a group to give, checked: a unit as the roster names units, any role
/// an agency may grant.
pub fn check_mapping(
    unit: Option<&str>,
    role: Option<Role>,
) -> Result<(Option<String>, Option<Role>), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let unit = unit
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .and_then(|u| errors.collect("unit", parse_free_text(u, UNIT_MAX)));
    if let Some(role) = role
        && !may_grant(Role::AgencyAdmin, role)
    {
        errors.push("role", "cannot be granted by an agency");
    }
    errors.into_result().map(|()| (unit, role))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(n: u128, name: &str, unit: Option<&str>, role: Option<Role>) -> GroupMapping {
        GroupMapping {
            group: Uuid::from_u128(n),
            name: name.into(),
            unit: unit.map(Into::into),
            role,
        }
    }

    #[test]
    fn membership_gives_the_first_unit_by_name_and_the_highest_role() {
        use Role::*;
        let patrol = group(1, "Patrol", Some("Patrol"), Some(Officer));
        let admins = group(2, "ConfiTrek admins", None, Some(AgencyAdmin));
        let k9 = group(3, "k9 unit", Some("K9"), Some(Supervisor));
        // (unit, role, groups, groups left, expected, a sentence)
        let cases = [
            (
                None,
                Some(Officer),
                vec![patrol.clone()],
                vec![],
                Assignment {
                    unit: Some(Some("Patrol".into())),
                    role: None,
                },
                "joining a unit",
            ),
            (
                Some("Patrol"),
                Some(Officer),
                vec![patrol.clone(), k9.clone()],
                vec![],
                Assignment {
                    unit: Some(Some("K9".into())),
                    role: Some(Supervisor),
                },
                "K9 comes first by name, supervisor is higher",
            ),
            (
                Some("K9"),
                Some(Supervisor),
                vec![k9.clone(), patrol.clone()],
                vec![],
                Assignment::default(),
                "order does not matter; nothing to change",
            ),
            (
                None,
                None,
                vec![admins.clone()],
                vec![],
                Assignment::default(),
                "no login: no role",
            ),
            (
                Some("K9"),
                Some(AgencyAdmin),
                vec![patrol.clone()],
                vec![admins.clone(), k9.clone()],
                Assignment {
                    unit: Some(Some("Patrol".into())),
                    role: Some(Officer),
                },
                "leaving admins and K9",
            ),
            (
                Some("K9"),
                Some(Supervisor),
                vec![],
                vec![k9.clone()],
                Assignment {
                    unit: Some(None),
                    role: Some(Officer),
                },
                "leaving the last mapped group takes back what it gave",
            ),
            (
                Some("Traffic"),
                Some(Coordinator),
                vec![],
                vec![k9.clone()],
                Assignment::default(),
                "what an admin set by hand stays",
            ),
            (
                None,
                Some(Officer),
                vec![group(4, "Ops", None, Some(PlatformOperator))],
                vec![],
                Assignment::default(),
                "never the platform operator",
            ),
        ];
        for (unit, role, member_of, left, expected, why) in cases {
            assert_eq!(assignment(unit, role, &member_of, &left), expected, "{why}");
        }
    }

    #[test]
    fn a_mapping_names_a_unit_the_roster_can_hold_and_a_role_an_agency_grants() {
        assert_eq!(
            check_mapping(Some(" Patrol "), Some(Role::Supervisor)).unwrap(),
            (Some("Patrol".into()), Some(Role::Supervisor))
        );
        assert_eq!(check_mapping(Some(""), None).unwrap(), (None, None));
        let errors =
            check_mapping(Some(&"u".repeat(65)), Some(Role::PlatformOperator)).unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["unit", "role"]);
    }
}
