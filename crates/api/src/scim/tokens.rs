//! `/scim-tokens` (agency admins): the tokens an identity provider provisions with. A token
//! is shown once, when it is made, and kept only as its SHA-256; an admin sees each one's
//! name, maker, expiry and last use, and revokes it. The use cases are in `token_service`.

use actix_web::{HttpResponse, delete, get, post, web};
use confitrek_types::scim::{NewScimToken, ScimTokenCreated, ScimTokenDto};
use confitrek_types::{Page, Problem};
use uuid::Uuid;

use super::token_service as service;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::pagination::ListQuery;
use crate::http::{ApiResult, JsonBody, QueryParams};

/// Make a SCIM token for the agency's identity provider (agency admins only). The secret is
/// in this answer only: give it to the identity provider now.
#[utoipa::path(
    tag = "scim",
    request_body = NewScimToken,
    responses(
        (status = 201, body = ScimTokenCreated),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The agency has 25 tokens in use already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A name that is blank or too long, or days out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/scim-tokens")]
pub async fn create_scim_token(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<NewScimToken>,
) -> ApiResult<HttpResponse> {
    let created = service::create(&state.db, &caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

/// The agency's SCIM tokens, revoked ones too, oldest first (agency admins only). Secrets
/// are never shown again.
#[utoipa::path(
    tag = "scim",
    params(ListQuery),
    responses(
        (status = 200, body = Page<ScimTokenDto>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/scim-tokens")]
pub async fn list_scim_tokens(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ListQuery>,
) -> ApiResult<web::Json<Page<ScimTokenDto>>> {
    Ok(web::Json(service::list(&state.db, &caller, &query).await?))
}

/// Revoke a SCIM token (agency admins only): the identity provider is refused with it from
/// the next request. Revoking a revoked token changes nothing.
#[utoipa::path(
    tag = "scim",
    params(("id" = Uuid, Path, description = "The token's id")),
    responses(
        (status = 204, description = "Revoked."),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/scim-tokens/{id}")]
pub async fn revoke_scim_token(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::revoke(&state.db, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
