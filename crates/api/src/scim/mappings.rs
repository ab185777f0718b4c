//! `/scim-groups` (agency admins): the groups the identity provider pushed, and what each
//! maps to. A new mapping applies at once to the group's members, as membership changes do.

use actix_web::{get, put, web};
use confitrek_domain::permissions::Action;
use confitrek_domain::scim::mapping::check_mapping;
use confitrek_types::scim::{ScimGroupDto, ScimGroupMapping};
use confitrek_types::{Page, Problem};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::assignment::{mapping_of, reassign};
use super::auth::Actor;
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::scim_group;
use crate::db::scim::groups;
use crate::http::pagination::ListQuery;
use crate::http::{ApiError, ApiResult, JsonBody, QueryParams};

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

async fn list(
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

/// The groups the agency's identity provider pushed, by name, with their members' count
/// and what each maps to (agency admins only).
#[utoipa::path(
    tag = "scim",
    params(ListQuery),
    responses(
        (status = 200, body = Page<ScimGroupDto>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/scim-groups")]
pub async fn list_scim_groups(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ListQuery>,
) -> ApiResult<web::Json<Page<ScimGroupDto>>> {
    Ok(web::Json(list(&state.db, &caller, &query).await?))
}

async fn map(
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

/// Say what membership of a pushed group gives: a unit of the roster and/or a role (any but
/// the platform operator's), or nothing (agency admins only). It applies at once to the
/// group's members: a person in several mapped groups gets the highest of their roles and
/// the unit of the first by name; what a mapping no longer gives is taken back (the role
/// becomes officer).
#[utoipa::path(
    tag = "scim",
    params(("id" = Uuid, Path, description = "The group's id")),
    request_body = ScimGroupMapping,
    responses(
        (status = 200, body = ScimGroupDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The agency's last admin who can sign in would be demoted", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A unit too long, or a role an agency cannot grant", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/scim-groups/{id}/mapping")]
pub async fn map_scim_group(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<ScimGroupMapping>,
) -> ApiResult<web::Json<ScimGroupDto>> {
    let group = map(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(web::Json(group))
}
