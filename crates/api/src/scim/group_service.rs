//! SCIM groups: each request one use case in one transaction, audited as `scim.group.*`.
//! Members are provisioned users of the agency; when people join or leave a group that an
//! admin mapped to a unit or a role, they get (or lose) what it gives, in the same
//! transaction.

use std::collections::BTreeSet;

use confitrek_domain::scim::Paging;
use confitrek_domain::scim::filter::Condition;
use confitrek_domain::scim::group::{ProvisionedGroup, group_filter};
use confitrek_domain::scim::patch::Edit;
use confitrek_types::scim::{ScimGroup, ScimGroupList};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use super::assignment::{gives, mapping_of, reassign};
use super::auth::ScimClient;
use super::http::{ListQuery, Projection, ScimError, ScimResult};
use super::resources;
use crate::db::AgencyScope;
use crate::db::entity::scim_group;
use crate::db::scim::{groups, users as links};

/// A page of the agency's groups that meet the filter, narrowed as asked (Entra ID asks
/// `excludedAttributes=members`: members are then not read at all).
pub async fn list(
    db: &DatabaseConnection,
    client: &ScimClient,
    query: &ListQuery,
) -> ScimResult<serde_json::Value> {
    let projection = query.projection()?;
    let condition = match query.filter.as_deref() {
        Some(filter) => group_filter(filter)?,
        None => Condition::Always(true),
    };
    let paging = Paging::new(query.start_index, query.count);
    let scope = client.scope;
    let (rows, total) = groups::page(db, scope, &condition, paging.offset, paging.count).await?;
    let members = if projection.wants("members") {
        Some(groups::members(db, scope, rows.iter().map(|g| g.id).collect()).await?)
    } else {
        None
    };
    let resources: Vec<ScimGroup> = rows
        .iter()
        .map(|g| {
            let of = members
                .as_ref()
                .map(|m| m.get(&g.id).map(Vec::as_slice).unwrap_or_default());
            resources::group(g, of, &client.base)
        })
        .collect();
    let page = ScimGroupList::page(resources, paging.start_index(), total);
    Ok(projection.apply_list(&page))
}

async fn load(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> ScimResult<(scim_group::Model, Vec<Uuid>)> {
    let group = groups::get(db, scope, id)
        .await?
        .ok_or_else(ScimError::not_found)?;
    let members = groups::members(db, scope, vec![id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    Ok((group, members))
}

/// One group, narrowed as asked.
pub async fn read(
    db: &DatabaseConnection,
    client: &ScimClient,
    id: Uuid,
    projection: &Projection,
) -> ScimResult<serde_json::Value> {
    let projection = projection.checked()?;
    let (group, members) = load(db, client.scope, id).await?;
    let members = projection.wants("members").then_some(members.as_slice());
    Ok(projection.apply(&resources::group(&group, members, &client.base)))
}

/// The members a group is sent with, each a provisioned user of the agency.
async fn members_of(
    txn: &impl ConnectionTrait,
    scope: AgencyScope,
    group: &ProvisionedGroup,
) -> ScimResult<BTreeSet<Uuid>> {
    let mut ids = BTreeSet::new();
    for value in &group.members {
        let id = Uuid::parse_str(value).map_err(|_| unknown(value))?;
        ids.insert(id);
    }
    let known: BTreeSet<Uuid> = links::many(txn, scope, ids.iter().copied().collect())
        .await?
        .into_iter()
        .map(|l| l.person_id)
        .collect();
    match ids.difference(&known).next() {
        Some(missing) => Err(unknown(&missing.to_string())),
        None => Ok(ids),
    }
}

fn unknown(value: &str) -> ScimError {
    let shown: String = value.chars().take(64).collect();
    ScimError::invalid_value(format!(
        "members: `{shown}` is not a user provisioned in this agency"
    ))
}

/// Makes the stored group what `wanted` says: its name, and its members, giving those who
/// join and taking back from those who leave what the group maps to.
async fn write(
    txn: &impl ConnectionTrait,
    client: &ScimClient,
    group: scim_group::Model,
    had: &[Uuid],
    wanted: &ProvisionedGroup,
) -> ScimResult<(scim_group::Model, Vec<Uuid>)> {
    let scope = client.scope;
    let members = members_of(txn, scope, wanted).await?;
    let had: BTreeSet<Uuid> = had.iter().copied().collect();
    let joined: Vec<Uuid> = members.difference(&had).copied().collect();
    let left: Vec<Uuid> = had.difference(&members).copied().collect();
    let name_changed =
        group.display_name != wanted.display_name || group.external_id != wanted.external_id;
    let group = if name_changed {
        groups::rename(
            txn,
            group,
            &wanted.display_name,
            wanted.external_id.clone(),
            client.actor.clock.now(),
        )
        .await?
    } else {
        group
    };
    groups::add_members(txn, scope, group.id, &joined, client.actor.clock.now()).await?;
    groups::remove_members(txn, scope, group.id, &left).await?;
    if !name_changed && (!joined.is_empty() || !left.is_empty()) {
        groups::touch(txn, group.id, client.actor.clock.now()).await?;
    }
    let mapping = mapping_of(&group);
    if gives(&mapping) {
        reassign(txn, scope, &client.actor, &joined, &[]).await?;
        reassign(txn, scope, &client.actor, &left, &[mapping]).await?;
    }
    let group = groups::get(txn, scope, group.id)
        .await?
        .ok_or_else(ScimError::not_found)?;
    Ok((group, members.into_iter().collect()))
}

/// A group the identity provider pushes, with its members. It gives nothing until an
/// admin maps it.
pub async fn create(
    db: &DatabaseConnection,
    client: &ScimClient,
    resource: &ScimGroup,
) -> ScimResult<ScimGroup> {
    let wanted = ProvisionedGroup::from_resource(resource)?;
    let scope = client.scope;
    let txn = crate::db::begin_write(db).await?;
    let group = groups::insert(
        &txn,
        scope,
        &wanted.display_name,
        wanted.external_id.clone(),
        client.actor.clock.now(),
    )
    .await?;
    let (group, members) = write(&txn, client, group, &[], &wanted).await?;
    client
        .actor
        .audit(&txn, scope, "scim.group.create", ("scim_group", group.id))
        .await?;
    txn.commit().await?;
    Ok(resources::group(&group, Some(&members), &client.base))
}

/// Edits a group as a PUT or a PATCH asks, audited as `scim.group.replace` or
/// `scim.group.patch`.
pub async fn change(
    db: &DatabaseConnection,
    client: &ScimClient,
    id: Uuid,
    edit: Edit<ProvisionedGroup>,
) -> ScimResult<ScimGroup> {
    let action = format!("scim.group.{}", edit.verb());
    let scope = client.scope;
    let txn = crate::db::begin_write(db).await?;
    let (group, had) = load(&txn, scope, id).await?;
    let current = ProvisionedGroup {
        display_name: group.display_name.clone(),
        external_id: group.external_id.clone(),
        members: had.iter().map(Uuid::to_string).collect(),
    };
    let wanted = edit.apply(current)?;
    let (group, members) = write(&txn, client, group, &had, &wanted).await?;
    client
        .actor
        .audit(&txn, scope, &action, ("scim_group", id))
        .await?;
    txn.commit().await?;
    Ok(resources::group(&group, Some(&members), &client.base))
}

/// Removes a group; its members lose what it gave.
pub async fn delete(db: &DatabaseConnection, client: &ScimClient, id: Uuid) -> ScimResult<()> {
    let scope = client.scope;
    let txn = crate::db::begin_write(db).await?;
    let (group, had) = load(&txn, scope, id).await?;
    groups::delete(&txn, scope, id).await?;
    let mapping = mapping_of(&group);
    if gives(&mapping) {
        reassign(&txn, scope, &client.actor, &had, &[mapping]).await?;
    }
    client
        .actor
        .audit(&txn, scope, "scim.group.delete", ("scim_group", id))
        .await?;
    txn.commit().await?;
    Ok(())
}
