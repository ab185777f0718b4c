//! `/service-accounts` (agency admins): other systems' identities in the agency, their scopes
//! and their API keys. A key's secret is answered once, when it is made.

pub mod service;

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_domain::permissions::Action;
use confitrek_types::{
    ApiKeyCreated, ApiKeyInput, Page, Problem, ServiceAccountDto, ServiceAccountInput,
};
use uuid::Uuid;

use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::pagination::ListQuery;
use crate::http::{ApiResult, JsonBody, QueryParams, created};

/// The agency's service accounts with their keys (agency admins only).
#[utoipa::path(
    tag = "integrations",
    params(ListQuery),
    responses(
        (status = 200, body = Page<ServiceAccountDto>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/service-accounts")]
pub async fn list_service_accounts(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ListQuery>,
) -> ApiResult<web::Json<Page<ServiceAccountDto>>> {
    require(&caller, Action::ManageIntegrations)?;
    let page = service::list(&state.db, caller.scope()?, &query.page()?).await?;
    Ok(web::Json(page))
}

/// Add a service account for another system, with the scopes its keys may use.
#[utoipa::path(
    tag = "integrations",
    request_body = ServiceAccountInput,
    responses(
        (status = 201, body = ServiceAccountDto),
        (status = 422, description = "An invalid field, or a name the agency already uses", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/service-accounts")]
pub async fn create_service_account(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<ServiceAccountInput>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ManageIntegrations)?;
    let account = service::create(&state.db, &caller, body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/service-accounts/{}", account.id),
        &account,
    ))
}

/// Rename a service account or change its scopes; its keys use the new scopes at once.
#[utoipa::path(
    tag = "integrations",
    params(("id" = Uuid, Path, description = "The service account's id")),
    request_body = ServiceAccountInput,
    responses(
        (status = 200, body = ServiceAccountDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/service-accounts/{id}")]
pub async fn replace_service_account(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<ServiceAccountInput>,
) -> ApiResult<web::Json<ServiceAccountDto>> {
    require(&caller, Action::ManageIntegrations)?;
    let updated = service::update(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(web::Json(updated))
}

/// Switch a service account off for good: every key of it stops working at once. What it
/// did stays in the records and the audit log under its name.
#[utoipa::path(
    tag = "integrations",
    params(("id" = Uuid, Path, description = "The service account's id")),
    responses(
        (status = 200, body = ServiceAccountDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/service-accounts/{id}/disable")]
pub async fn disable_service_account(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ServiceAccountDto>> {
    require(&caller, Action::ManageIntegrations)?;
    let disabled = service::disable(&state.db, &caller, id.into_inner()).await?;
    Ok(web::Json(disabled))
}

/// Make an API key for the service account. The answer holds the key's secret, which is
/// not kept: it cannot be shown again.
#[utoipa::path(
    tag = "integrations",
    params(("id" = Uuid, Path, description = "The service account's id")),
    request_body = ApiKeyInput,
    responses(
        (status = 201, body = ApiKeyCreated),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The service account is disabled", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/service-accounts/{id}/keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<ApiKeyInput>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ManageIntegrations)?;
    let created =
        service::create_key(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Revoke an API key: it stops working at the next request.
#[utoipa::path(
    tag = "integrations",
    params(
        ("id" = Uuid, Path, description = "The service account's id"),
        ("key_id" = Uuid, Path, description = "The key's id"),
    ),
    responses(
        (status = 204, description = "Revoked (or already revoked)"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/service-accounts/{id}/keys/{key_id}")]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ManageIntegrations)?;
    let (account, key) = path.into_inner();
    service::revoke_key(&state.db, &caller, account, key).await?;
    Ok(HttpResponse::NoContent().finish())
}
