//! `/credential-types` and `/credentials`: thin handlers; the use cases are in `service`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_types::{
    AwardCredentialInput, CredentialDto, CredentialTypeDto, CredentialTypeInput, Problem,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{awards, service};
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::{ApiResult, JsonBody, QueryParams};

/// The agency's credential types.
#[utoipa::path(tag = "credentials", responses((status = 200, body = Vec<CredentialTypeDto>)))]
#[get("/credential-types")]
pub async fn list_credential_types(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Vec<CredentialTypeDto>>> {
    Ok(web::Json(service::list_types(&state.db, &caller).await?))
}

/// Add a credential type: its validity and the courses or events that earn or renew it.
#[utoipa::path(
    tag = "credentials",
    request_body = CredentialTypeInput,
    responses(
        (status = 201, body = CredentialTypeDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/credential-types")]
pub async fn create_credential_type(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<CredentialTypeInput>,
) -> ApiResult<HttpResponse> {
    let created = service::create_type(&state.db, &caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Replace a credential type.
#[utoipa::path(
    tag = "credentials",
    params(("id" = Uuid, Path, description = "The credential type's id")),
    request_body = CredentialTypeInput,
    responses(
        (status = 200, body = CredentialTypeDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/credential-types/{id}")]
pub async fn replace_credential_type(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<CredentialTypeInput>,
) -> ApiResult<web::Json<CredentialTypeDto>> {
    let saved =
        service::replace_type(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(web::Json(saved))
}

/// Remove a credential type that was never awarded and that no requirement counts.
#[utoipa::path(
    tag = "credentials",
    params(("id" = Uuid, Path, description = "The credential type's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/credential-types/{id}")]
pub async fn delete_credential_type(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete_type(&state.db, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CredentialsQuery {
    /// Whose credentials; omitted, the signed-in person's.
    person_id: Option<Uuid>,
}

/// A person's credentials, awarded and earned through training, newest first, each with
/// where it stands today. Officers see their own, supervisors their unit's.
#[utoipa::path(
    tag = "credentials",
    params(CredentialsQuery),
    responses(
        (status = 200, body = Vec<CredentialDto>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/credentials")]
pub async fn list_credentials(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<CredentialsQuery>,
) -> ApiResult<web::Json<Vec<CredentialDto>>> {
    let person_id = caller.person_or_self(query.person_id)?;
    Ok(web::Json(
        awards::list(&state.db, &caller, person_id).await?,
    ))
}

/// Award a credential; its expiry defaults from the type's validity.
#[utoipa::path(
    tag = "credentials",
    request_body = AwardCredentialInput,
    responses(
        (status = 201, body = CredentialDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/credentials")]
pub async fn award_credential(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<AwardCredentialInput>,
) -> ApiResult<HttpResponse> {
    let awarded = awards::award(&state.db, &caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(awarded))
}

/// Take an awarded credential back.
#[utoipa::path(
    tag = "credentials",
    params(("id" = Uuid, Path, description = "The award's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/credentials/{id}")]
pub async fn delete_credential(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    awards::delete(&state.db, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
