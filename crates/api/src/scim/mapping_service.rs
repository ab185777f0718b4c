//! What the pushed groups map to (agency admins): listing them and changing a mapping, which
//! applies at once to the group's members.

use confitrek_domain::permissions::Action;
use confitrek_domain::scim::mapping::check_mapping;
use confitrek_types::Page;
use confitrek_types::scim::{ScimGroupDto, ScimGroupMapping};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::assignment::{mapping_of, reassign};
use super::auth::Actor;
use crate::access::require;
use crate::auth::Caller;
use crate::db::entity::scim_group;
use crate::db::scim::groups;
use crate::http::pagination::ListQuery;
use crate::http::{ApiError, ApiResult};

fn group_dto(g: scim_group::Model, members: u64) -> ScimGroupDto {
    ScimGroupDto {
        id: g.id,
        display_name: g.display_name,
        external_id: g.external_id,
        members,
        unit: g.unit,
        role: g.role,
        created_at: g.created_at,
        updated_at: g.updated_at,
    }
}

/// A page of the pushed groups by name, with their members' count.
pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    query: &ListQuery,
) -> ApiResult<Page<ScimGroupDto>> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    let page = query.page::<(String, Uuid)>()?;
    let mut rows = groups::by_name(db, scope, page.after.clone(), page.rows()).await?;
    let next_cursor = page.cut(&mut rows, |g| (g.display_name_key.clone(), g.id));
    let mut counts = groups::member_counts(db, scope, rows.iter().map(|g| g.id).collect()).await?;
    let items = rows
        .into_iter()
        .map(|g| {
            let members = counts.remove(&g.id).unwrap_or(0);
            group_dto(g, members)
        })
        .collect();
    Ok(Page { items, next_cursor })
}

/// Changes what a group maps to, and what its members have by it.
pub async fn map(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    input: ScimGroupMapping,
) -> ApiResult<ScimGroupDto> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    let (unit, role) = check_mapping(input.unit.as_deref(), input.role)?;
    let txn = crate::db::begin_write(db).await?;
    let group = groups::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let before = mapping_of(&group);
    let group = groups::map(&txn, group, unit, role, caller.clock.now()).await?;
    let members = groups::members(&txn, scope, vec![id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    reassign(&txn, scope, &Actor::from(caller), &members, &[before]).await?;
    caller
        .audit(&txn, scope.id(), "scim.group.map", ("scim_group", id))
        .await?;
    txn.commit().await?;
    Ok(group_dto(group, members.len() as u64))
}
