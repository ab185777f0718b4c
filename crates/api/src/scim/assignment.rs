//! What groups give, applied: after people join or leave a mapped group, or an admin changes
//! what a group maps to, each person concerned gets the unit, and his or her login the role,
//! that `confitrek_domain::scim::mapping` says. The person changes through the roster's own
//! code (validated, judged again); the agency's last admin who can sign in is never demoted.

use confitrek_domain::permissions::{self, Role};
use confitrek_domain::scim::mapping::{self, GroupMapping};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::auth::Actor;
use crate::db::entity::scim_group;
use crate::db::users::{self, LoginUpdate};
use crate::db::{AgencyScope, people, scim};
use crate::http::{ApiError, ApiResult};

pub fn mapping_of(group: &scim_group::Model) -> GroupMapping {
    GroupMapping {
        group: group.id,
        name: group.display_name.clone(),
        unit: group.unit.clone(),
        role: group.role,
    }
}

/// Whether membership of the group gives anything.
pub fn gives(group: &GroupMapping) -> bool {
    group.unit.is_some() || group.role.is_some()
}

/// Gives each of `persons` what his or her groups give now, and takes back what `left`
/// (groups left, or mappings changed) gave.
pub async fn reassign(
    txn: &impl ConnectionTrait,
    scope: AgencyScope,
    actor: &Actor,
    persons: &[Uuid],
    left: &[GroupMapping],
) -> ApiResult<()> {
    for id in persons {
        let Some(person) = people::get(txn, scope, *id).await? else {
            continue;
        };
        let member_of: Vec<GroupMapping> = scim::groups::of_person(txn, scope, *id)
            .await?
            .iter()
            .map(mapping_of)
            .filter(gives)
            .collect();
        let login = match scim::users::get(txn, scope, *id)
            .await?
            .and_then(|l| l.user_id)
        {
            Some(login) => users::get_in(txn, scope, login).await?,
            None => None,
        };
        let role = login.as_ref().map(|l| l.role);
        let change = mapping::assignment(person.unit.as_deref(), role, &member_of, left);
        if let Some(unit) = change.unit {
            let mut draft = crate::people::draft_of(&person);
            draft.unit = unit;
            crate::people::service::update_person(txn, scope, person, draft).await?;
            actor
                .audit(txn, scope, "scim.user.unit", ("person", *id))
                .await?;
        }
        if let (Some(role), Some(login)) = (change.role, login) {
            if login.role == Role::AgencyAdmin && role != Role::AgencyAdmin {
                let admins = crate::users::service::admin_logins(txn, scope).await?;
                if !permissions::leaves_an_admin(&admins, *id) {
                    return Err(ApiError::Conflict(
                        "This would demote the agency's last admin who can sign in; make another person admin first.".into(),
                    ));
                }
            }
            let login = users::update_login(txn, login, LoginUpdate::Role(role)).await?;
            actor
                .audit(txn, scope, "scim.user.role", ("user", login.id))
                .await?;
        }
    }
    Ok(())
}
