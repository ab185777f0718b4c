//! `/identity-providers` (admins) and `/auth/sso/discover` (the sign-in page): thin
//! handlers; the use cases are in `providers`.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use confitrek_types::{
    IdentityProviderDto, IdentityProviderInput, Page, Problem, SsoDiscovery, SsoDiscoveryRequest,
};
use uuid::Uuid;

use super::{providers, redirect_uri};
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::pagination::ListQuery;
use crate::http::{ApiResult, JsonBody, QueryParams, created};

/// The agency's identity providers, each with the redirect URI to register at it.
#[utoipa::path(
    tag = "sso",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of the agency's providers", body = Page<IdentityProviderDto>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only an agency admin manages integrations", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad `limit` or `cursor`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/identity-providers")]
pub async fn list_identity_providers(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    query: QueryParams<ListQuery>,
) -> ApiResult<web::Json<Page<IdentityProviderDto>>> {
    let page = providers::list(&state, &caller, &query.page()?, &redirect_uri(&req)).await?;
    Ok(web::Json(page))
}

/// Add an identity provider. Its people sign in with it once it is enabled; register the
/// answered `redirect_uri` at the provider for ConfiTrek's client.
#[utoipa::path(
    tag = "sso",
    request_body = IdentityProviderInput,
    responses(
        (status = 201, description = "Added", body = IdentityProviderDto, headers(("Location" = String, description = "The provider's URL"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only an agency admin manages integrations", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (each is named), or the agency already has a provider of this issuer and client id (`client_id`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/identity-providers")]
pub async fn create_identity_provider(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    body: JsonBody<IdentityProviderInput>,
) -> ApiResult<HttpResponse> {
    let provider =
        providers::create(&state, &caller, body.into_inner(), &redirect_uri(&req)).await?;
    Ok(created(
        format!("/api/v1/identity-providers/{}", provider.id),
        &provider,
    ))
}

/// One identity provider of the agency.
#[utoipa::path(
    tag = "sso",
    params(("id" = Uuid, Path, description = "The provider's id")),
    responses(
        (status = 200, description = "The provider", body = IdentityProviderDto),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only an agency admin manages integrations", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider in the agency", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/identity-providers/{id}")]
pub async fn get_identity_provider(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<IdentityProviderDto>> {
    let found = providers::get(&state, &caller, id.into_inner(), &redirect_uri(&req)).await?;
    Ok(web::Json(found))
}

/// Replace an identity provider's settings (switch it off with `enabled: false`). A
/// `client_secret` omitted or null keeps the stored one.
#[utoipa::path(
    tag = "sso",
    params(("id" = Uuid, Path, description = "The provider's id")),
    request_body = IdentityProviderInput,
    responses(
        (status = 200, description = "Saved", body = IdentityProviderDto),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only an agency admin manages integrations", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider in the agency", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid (each is named), or another provider of the agency has this issuer and client id (`client_id`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/identity-providers/{id}")]
pub async fn replace_identity_provider(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<IdentityProviderInput>,
) -> ApiResult<web::Json<IdentityProviderDto>> {
    let (id, input) = (id.into_inner(), body.into_inner());
    let saved = providers::replace(&state, &caller, id, input, &redirect_uri(&req)).await?;
    Ok(web::Json(saved))
}

/// Remove an identity provider; sign-ins through it under way fail. Logins stay.
#[utoipa::path(
    tag = "sso",
    params(("id" = Uuid, Path, description = "The provider's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only an agency admin manages integrations", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such provider in the agency", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/identity-providers/{id}")]
pub async fn delete_identity_provider(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    providers::delete(&state, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The identity providers the sign-in page offers for an e-mail address: the enabled ones
/// whose allowed domains include its domain (id and name only). Says nothing about whether a
/// login has the address.
#[utoipa::path(
    tag = "sso",
    request_body = SsoDiscoveryRequest,
    responses(
        (status = 200, description = "The providers to offer (often none)", body = SsoDiscovery),
        (status = 422, description = "The `email` is missing or longer than 254 characters", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/sso/discover")]
pub async fn discover_sso(
    state: web::Data<AppState>,
    body: JsonBody<SsoDiscoveryRequest>,
) -> ApiResult<web::Json<SsoDiscovery>> {
    Ok(web::Json(
        providers::discover(&state, &body.into_inner().email).await?,
    ))
}
