//! `/scim/v2/Users`: the agency's people as its identity provider provisions them.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use confitrek_domain::scim::patch::{Edit, Patched, operations};
use confitrek_domain::scim::user::ProvisionedUser;
use confitrek_types::scim::{ScimError as ScimErrorBody, ScimPatchRequest, ScimUser, ScimUserList};

use super::auth::ScimClient;
use super::http::{self, ListQuery, Projection, ScimResult, scim_response};
use super::user_service as service;
use crate::app::AppState;
use crate::http::{ApiError, JsonBody, QueryParams};

/// The agency's provisioned users, by filter and page (RFC 7644 §3.4.2). Identity
/// providers look a user up with `userName eq "…"` before they create it.
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_list_users",
    params(ListQuery),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "The page (`Resources`) and how many match in all.", body = ScimUserList, content_type = "application/scim+json"),
        (status = 400, description = "`invalidFilter`: the filter does not read or names what cannot be filtered on; `invalidValue`: a parameter does not read.", body = ScimErrorBody, content_type = "application/scim+json"),
    )
)]
#[get("/Users")]
pub async fn list_users(
    state: web::Data<AppState>,
    client: ScimClient,
    query: Result<QueryParams<ListQuery>, ApiError>,
) -> ScimResult<HttpResponse> {
    let query = http::query(query)?;
    let list = service::list(&state.db, &client, &query).await?;
    Ok(scim_response(StatusCode::OK, &list))
}

/// Provision a user: a person of the roster (the one already there with the employee
/// number as badge, or the e-mail, else a new one) and a login by e-mail with no password.
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_create_user",
    request_body(content = ScimUser, content_type = "application/scim+json"),
    security(("scim_token" = [])),
    responses(
        (status = 201, description = "Provisioned; `Location` is the user's URL.", body = ScimUser, content_type = "application/scim+json"),
        (status = 409, description = "`uniqueness`: the user name is provisioned already, the employee number is another person's badge, or the e-mail another login's.", body = ScimErrorBody, content_type = "application/scim+json"),
    )
)]
#[post("/Users")]
pub async fn create_user(
    state: web::Data<AppState>,
    client: ScimClient,
    body: Result<JsonBody<ScimUser>, ApiError>,
) -> ScimResult<HttpResponse> {
    let resource = http::body(body)?;
    let user = service::create(&state.db, &client, &resource).await?;
    let location = user.meta.as_ref().and_then(|m| m.location.clone());
    Ok(http::created(&location.unwrap_or_default(), &user))
}

/// A provisioned user.
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_get_user",
    params(("id" = String, Path, description = "The user's id (the person's)", max_length = 64), Projection),
    security(("scim_token" = [])),
    responses((status = 200, description = "The user.", body = ScimUser, content_type = "application/scim+json"))
)]
#[get("/Users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    client: ScimClient,
    id: web::Path<String>,
    query: Result<QueryParams<Projection>, ApiError>,
) -> ScimResult<HttpResponse> {
    let projection = http::query(query)?;
    let id = http::resource_id(&id)?;
    let user = service::read(&state.db, &client, id, &projection).await?;
    Ok(scim_response(StatusCode::OK, &user))
}

/// Replace what the identity provider says of a user. `active` false takes the person off
/// duty and switches the login off, ending its sessions; true brings both back.
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_replace_user",
    params(("id" = String, Path, description = "The user's id", max_length = 64)),
    request_body(content = ScimUser, content_type = "application/scim+json"),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "The user as changed.", body = ScimUser, content_type = "application/scim+json"),
        (status = 409, description = "`uniqueness`, as for a new user; or the agency's last admin who can sign in would be taken off duty.", body = ScimErrorBody, content_type = "application/scim+json"),
    )
)]
#[put("/Users/{id}")]
pub async fn replace_user(
    state: web::Data<AppState>,
    client: ScimClient,
    id: web::Path<String>,
    body: Result<JsonBody<ScimUser>, ApiError>,
) -> ScimResult<HttpResponse> {
    let edit = Edit::Replace(ProvisionedUser::from_resource(&http::body(body)?)?);
    let id = http::resource_id(&id)?;
    let user = service::change(&state.db, &client, id, edit).await?;
    Ok(scim_response(StatusCode::OK, &user))
}

/// Change a user by operations (RFC 7644 §3.5.2), as Entra ID and Okta send them: with a
/// path (`active`, `name.givenName`, `emails[type eq "work"].value`, the enterprise
/// extension's `employeeNumber`) or without one (an object of attributes).
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_patch_user",
    params(("id" = String, Path, description = "The user's id", max_length = 64)),
    request_body(content = ScimPatchRequest, content_type = "application/scim+json"),
    security(("scim_token" = [])),
    responses(
        (status = 200, description = "The user as changed.", body = ScimUser, content_type = "application/scim+json"),
        (status = 409, description = "`uniqueness`, as for a new user; or the agency's last admin who can sign in would be taken off duty.", body = ScimErrorBody, content_type = "application/scim+json"),
    )
)]
#[patch("/Users/{id}")]
pub async fn patch_user(
    state: web::Data<AppState>,
    client: ScimClient,
    id: web::Path<String>,
    body: Result<JsonBody<ScimPatchRequest>, ApiError>,
) -> ScimResult<HttpResponse> {
    let edit = Edit::Patch(operations(&http::body(body)?, ProvisionedUser::SCHEMAS)?);
    let id = http::resource_id(&id)?;
    let user = service::change(&state.db, &client, id, edit).await?;
    Ok(scim_response(StatusCode::OK, &user))
}

/// Deprovision a user: the person goes off duty (inactive; the records stay with the
/// agency), the login is switched off, and the user and its memberships are no longer
/// SCIM's (a later GET answers 404).
#[utoipa::path(
    tag = "scim",
    operation_id = "scim_delete_user",
    params(("id" = String, Path, description = "The user's id", max_length = 64)),
    security(("scim_token" = [])),
    responses(
        (status = 204, description = "Deprovisioned."),
        (status = 409, description = "The agency's last admin who can sign in would be taken off duty.", body = ScimErrorBody, content_type = "application/scim+json"),
    )
)]
#[delete("/Users/{id}")]
pub async fn delete_user(
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
