//! `/scim/v2/Groups`: the groups the agency's identity provider pushes, and their members.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use confitrek_domain::scim::group::ProvisionedGroup;
use confitrek_domain::scim::patch::{Edit, Patched, operations};
use confitrek_types::scim::{
    ScimError as ScimErrorBody, ScimGroup, ScimGroupList, ScimPatchRequest,
};

use super::auth::ScimClient;
use super::group_service as service;
use super::http::{self, ListQuery, Projection, ScimResult, scim_response};
use crate::app::AppState;
use crate::http::{ApiError, JsonBody, QueryParams};

/// The agency's groups, by filter and page (RFC 7644 §3.4.2), e.g. `displayName eq "…"`
/// or `members[value eq "…"]`; `excludedAttributes=members` leaves the members out.
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_list_groups",
    params(ListQuery),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "The page (`Resources`) and how many match in all.", body = ScimGroupList, content_type = "application/scim+json"),
        (status = 400, description = "`invalidFilter`: the filter does not read or names what cannot be filtered on; `invalidValue`: a parameter does not read.", body = ScimErrorBody, content_type = "application/scim+json"),
    )
)]
#[get("/Groups")]
pub async fn list_groups(
    state: web::Data<AppState>,
    client: ScimClient,
    query: Result<QueryParams<ListQuery>, ApiError>,
) -> ScimResult<HttpResponse> {
    let query = http::query(query)?;
    let list = service::list(&state.db, &client, &query).await?;
    Ok(scim_response(StatusCode::OK, &list))
}

/// Push a group with its members (provisioned users). It gives nothing until an agency
/// admin maps it to a unit and/or a role (Integrations, in the app).
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_create_group",
    request_body(content = ScimGroup, content_type = "application/scim+json"),
    security(("scim_token" = [])),
    responses(
        (status = 201, description = "Pushed; `Location` is the group's URL.", body = ScimGroup, content_type = "application/scim+json"),
        (status = 400, description = "`invalidValue`: a member is not a user provisioned in this agency, or the name is missing.", body = ScimErrorBody, content_type = "application/scim+json"),
    )
)]
#[post("/Groups")]
pub async fn create_group(
    state: web::Data<AppState>,
    client: ScimClient,
    body: Result<JsonBody<ScimGroup>, ApiError>,
) -> ScimResult<HttpResponse> {
    let resource = http::body(body)?;
    let group = service::create(&state.db, &client, &resource).await?;
    let location = group.meta.as_ref().and_then(|m| m.location.clone());
    Ok(http::created(&location.unwrap_or_default(), &group))
}

/// A group, with its members unless `excludedAttributes=members`.
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_get_group",
    params(("id" = String, Path, description = "The group's id", max_length = 64), Projection),
    security(("scim_token" = [])),
    responses((status = 200, description = "The group.", body = ScimGroup, content_type = "application/scim+json"))
)]
#[get("/Groups/{id}")]
pub async fn get_group(
    state: web::Data<AppState>,
    client: ScimClient,
    id: web::Path<String>,
    query: Result<QueryParams<Projection>, ApiError>,
) -> ScimResult<HttpResponse> {
    let projection = http::query(query)?;
    let id = http::resource_id(&id)?;
    let group = service::read(&state.db, &client, id, &projection).await?;
    Ok(scim_response(StatusCode::OK, &group))
}

/// Replace a group's name and members. Those who join get what the group maps to; those
/// who leave lose it (the role goes back to officer, never demoting the agency's last admin
/// who can sign in).
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_replace_group",
    params(("id" = String, Path, description = "The group's id", max_length = 64)),
    request_body(content = ScimGroup, content_type = "application/scim+json"),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "The group as changed.", body = ScimGroup, content_type = "application/scim+json"),
        (status = 409, description = "The agency's last admin who can sign in would be demoted by leaving the group.", body = ScimErrorBody, content_type = "application/scim+json"),
    )
)]
#[put("/Groups/{id}")]
pub async fn replace_group(
    state: web::Data<AppState>,
    client: ScimClient,
    id: web::Path<String>,
    body: Result<JsonBody<ScimGroup>, ApiError>,
) -> ScimResult<HttpResponse> {
    let edit = Edit::Replace(ProvisionedGroup::from_resource(&http::body(body)?)?);
    let id = http::resource_id(&id)?;
    let group = service::change(&state.db, &client, id, edit).await?;
    Ok(scim_response(StatusCode::OK, &group))
}

/// Change a group by operations (RFC 7644 §3.5.2): `add` or `remove` of `members` with a
/// list of `{"value": id}` (Entra ID), `remove` of `members[value eq "id"]` (Okta),
/// `replace` of `displayName`, with or without a path.
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_patch_group",
    params(("id" = String, Path, description = "The group's id", max_length = 64)),
    request_body(content = ScimPatchRequest, content_type = "application/scim+json"),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "The group as changed.", body = ScimGroup, content_type = "application/scim+json"),
        (status = 409, description = "The agency's last admin who can sign in would be demoted by leaving the group.", body = ScimErrorBody, content_type = "application/scim+json"),
    )
)]
#[patch("/Groups/{id}")]
pub async fn patch_group(
    state: web::Data<AppState>,
    client: ScimClient,
    id: web::Path<String>,
    body: Result<JsonBody<ScimPatchRequest>, ApiError>,
) -> ScimResult<HttpResponse> {
    let edit = Edit::Patch(operations(&http::body(body)?, ProvisionedGroup::SCHEMAS)?);
    let id = http::resource_id(&id)?;
    let group = service::change(&state.db, &client, id, edit).await?;
    Ok(scim_response(StatusCode::OK, &group))
}

/// Remove a group: its members lose what it gave.
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_delete_group",
    params(("id" = String, Path, description = "The group's id", max_length = 64)),
    security(("scim_token" = [])),
    responses(
        (status = 204, description = "Removed."),
        (status = 409, description = "The agency's last admin who can sign in would be demoted.", body = ScimErrorBody, content_type = "application/scim+json"),
    )
)]
#[delete("/Groups/{id}")]
pub async fn delete_group(
    state: web::Data<AppState>,
    client: ScimClient,
    id: web::Path<String>,
) -> ScimResult<HttpResponse> {
    let id = http::resource_id(&id)?;
    service::delete(&state.db, &client, id).await?;
    Ok(HttpResponse::NoContent()
        .insert_header(("cache-control", "no-store"))
        .finish())
}
