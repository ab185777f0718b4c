//! Who may do what. Every permission check in ConfiTrek is answered here, so the rules can
//! be read in one place and tested without a server.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the platform: creates agencies and their first admin. Sees no agency data.
    PlatformOperator,
    /// Runs an agency's account: users, settings, audit log, and everything a coordinator does.
    AgencyAdmin,
    /// Keeps the agency's training records and roster.
    Coordinator,
    /// Sees the people of his or her own unit.
    Supervisor,
    /// Self-service: his or her own records only.
    Officer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::PlatformOperator,
        Role::AgencyAdmin,
        Role::Coordinator,
        Role::Supervisor,
        Role::Officer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::PlatformOperator => "platform_operator",
            Role::AgencyAdmin => "agency_admin",
            Role::Coordinator => "coordinator",
            Role::Supervisor => "supervisor",
            Role::Officer => "officer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Roles that belong to one agency (every role but the platform operator's).
    pub fn is_agency_role(self) -> bool {
        self != Role::PlatformOperator
    }
}

/// Which people of the caller's agency the caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeopleVisibility {
    /// The whole roster.
    Agency,
    /// People in the caller's own unit (and the caller).
    OwnUnit,
    /// Only the caller's own person.
    OwnSelf,
    /// Nobody.
    None,
}

pub fn people_visibility(role: Role) -> PeopleVisibility {
    match role {
        Role::AgencyAdmin | Role::Coordinator => PeopleVisibility::Agency,
        Role::Supervisor => PeopleVisibility::OwnUnit,
        Role::Officer => PeopleVisibility::OwnSelf,
        Role::PlatformOperator => PeopleVisibility::None,
    }
}

/// The actions that are allowed or refused by role alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ManageAgencies,
    ReadOwnAgency,
    InviteUsers,
    ListUsers,
    WritePeople,
    ReadAuditLog,
    /// Add and change the agency's own requirements and training profiles, record waivers.
    ManageRequirements,
    /// Judge facts given in the request against a jurisdiction's rules, storing nothing.
    EvaluateWhatIf,
}

pub fn may(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        ManageAgencies => role == PlatformOperator,
        ReadOwnAgency | EvaluateWhatIf => role.is_agency_role(),
        InviteUsers | ListUsers | ReadAuditLog => role == AgencyAdmin,
        WritePeople | ManageRequirements => matches!(role, AgencyAdmin | Coordinator),
    }
}

/// An admin may invite any agency role; nobody may create a platform operator through an
/// agency.
pub fn may_grant(granter: Role, granted: Role) -> bool {
    granter == Role::AgencyAdmin && granted.is_agency_role()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permission_table() {
        use Action::*;
        use Role::*;
        // (role, action, allowed)
        let table = [
            (PlatformOperator, ManageAgencies, true),
            (AgencyAdmin, ManageAgencies, false),
            (PlatformOperator, ReadOwnAgency, false),
            (Officer, ReadOwnAgency, true),
            (AgencyAdmin, InviteUsers, true),
            (Coordinator, InviteUsers, false),
            (AgencyAdmin, WritePeople, true),
            (Coordinator, WritePeople, true),
            (Supervisor, WritePeople, false),
            (Officer, WritePeople, false),
            (PlatformOperator, WritePeople, false),
            (AgencyAdmin, ReadAuditLog, true),
            (Coordinator, ReadAuditLog, false),
            (Coordinator, ManageRequirements, true),
            (Supervisor, ManageRequirements, false),
            (Officer, EvaluateWhatIf, true),
            (PlatformOperator, EvaluateWhatIf, false),
        ];
        for (role, action, allowed) in table {
            assert_eq!(may(role, action), allowed, "{role:?} {action:?}");
        }
    }

    #[test]
    fn visibility_narrows_down_the_hierarchy() {
        assert_eq!(
            people_visibility(Role::Coordinator),
            PeopleVisibility::Agency
        );
        assert_eq!(
            people_visibility(Role::Supervisor),
            PeopleVisibility::OwnUnit
        );
        assert_eq!(people_visibility(Role::Officer), PeopleVisibility::OwnSelf);
        assert_eq!(
            people_visibility(Role::PlatformOperator),
            PeopleVisibility::None
        );
    }

    #[test]
    fn roles_round_trip_and_operators_are_not_granted_by_agencies() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert!(may_grant(Role::AgencyAdmin, Role::Coordinator));
        assert!(!may_grant(Role::AgencyAdmin, Role::PlatformOperator));
        assert!(!may_grant(Role::Coordinator, Role::Officer));
    }
}
