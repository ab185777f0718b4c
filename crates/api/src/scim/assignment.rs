//! What groups give, applied: after people join or leave a mapped group, or an admin changes
//! what a group maps to, each person concerned gets the unit, and his or her login the role,
//! that `confitrek_domain::scim::mapping` says. The person changes through the roster's own
//! code (validated, judged again); the agency's last admin who can sign in is never demoted.

use std::collections::HashMap;

use confitrek_domain::permissions::{self, Role};
use confitrek_domain::scim::mapping::{self, GroupMapping};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::auth::Actor;
use crate::db::entity::{scim_group, user};
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
/// (groups left, or mappings changed) gave. The people whose unit changes are judged again
/// together.
pub async fn reassign(
    txn: &impl ConnectionTrait,
    scope: AgencyScope,
    actor: &Actor,
    persons: &[Uuid],
    left: &[GroupMapping],
) -> ApiResult<()> {
    if persons.is_empty() {
        return Ok(());
    }
    let found = people::many(txn, scope, persons.to_vec()).await?;
    let mut groups = scim::groups::of_people(txn, scope, persons).await?;
    let links = scim::users::many(txn, scope, persons.to_vec()).await?;
    let login_of: HashMap<Uuid, Uuid> = links
        .iter()
        .filter_map(|l| l.user_id.map(|u| (l.person_id, u)))
        .collect();
    let mut logins: HashMap<Uuid, user::Model> =
        users::many(txn, scope, login_of.values().copied().collect())
            .await?
            .into_iter()
            .map(|l| (l.id, l))
            .collect();
    let (mut moves, mut promotions) = (Vec::new(), Vec::new());
    for person in found {
        let member_of: Vec<GroupMapping> = groups
            .remove(&person.id)
            .unwrap_or_default()
            .iter()
            .map(mapping_of)
            .filter(gives)
            .collect();
        let login = login_of.get(&person.id).and_then(|id| logins.remove(id));
        let role = login.as_ref().map(|l| l.role);
        let change = mapping::assignment(person.unit.as_deref(), role, &member_of, left);
        if let (Some(role), Some(login)) = (change.role, login) {
            promotions.push((person.id, login, role));
        }
        if let Some(unit) = change.unit {
            let mut draft = crate::people::draft_of(&person);
            draft.unit = unit;
            moves.push((person, draft));
        }
    }
    for moved in crate::people::service::update_people(txn, &actor.clock, scope, moves).await? {
        actor
            .audit(txn, scope, "scim.user.unit", ("person", moved.id))
            .await?;
    }
    for (person, login, role) in promotions {
        if login.role == Role::AgencyAdmin && role != Role::AgencyAdmin {
            let admins = crate::users::service::admin_logins(txn, scope).await?;
            if !permissions::leaves_an_admin(&admins, person) {
                return Err(ApiError::Conflict(
                    "This would demote the agency's last admin who can sign in; make another person admin first.".into(),
                ));
            }
        }
        let login =
            users::update_login(txn, login, LoginUpdate::Role(role), actor.clock.now()).await?;
        actor
            .audit(txn, scope, "scim.user.role", ("user", login.id))
            .await?;
    }
    Ok(())
}
