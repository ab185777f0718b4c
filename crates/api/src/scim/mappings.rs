//! `/scim-groups` (agency admins): the groups the identity provider pushed, and what each
//! maps to. A new mapping applies at once to the group's members, as membership changes do.
//! The use cases are in `mapping_service`.

use actix_web::{get, put, web};
use confitrek_types::scim::{ScimGroupDto, ScimGroupMapping};
use confitrek_types::{Page, Problem};
use uuid::Uuid;

use super::mapping_service as service;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::pagination::ListQuery;
use crate::http::{ApiResult, JsonBody, QueryParams};

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
    Ok(web::Json(service::list(&state.db, &caller, &query).await?))
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
    let group = service::map(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(web::Json(group))
}
