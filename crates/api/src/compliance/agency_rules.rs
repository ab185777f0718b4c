//! `/requirements` and `/profiles`: an agency's own requirements and the training profiles
//! that assign them; the use cases are in `agency_rule_service`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_types::{AgencyRequirementDto, Problem, ProfileDto, ProfileInput};
use uuid::Uuid;

use super::agency_rule_service as service;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::{ApiResult, JsonBody};

/// The agency's own requirements.
#[utoipa::path(tag = "compliance", responses((status = 200, body = Vec<AgencyRequirementDto>)))]
#[get("/requirements")]
pub async fn list_requirements(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Vec<AgencyRequirementDto>>> {
    Ok(web::Json(service::requirements(&state.db, &caller).await?))
}

/// Add an agency requirement (the form of a rule in a rule set; citations name the policy).
#[utoipa::path(
    tag = "compliance",
    request_body(content = Object, description = "A requirement document, e.g. {\"id\": \"agency.taser\", \"title\": \"TASER recertification\", \"citations\": [\"Policy 300.4\"], \"period\": {\"kind\": \"rolling\", \"months\": 12}, \"measure\": {\"kind\": \"hours\", \"topics\": [\"use_of_force\"], \"minimum_hours\": 4}}"),
    responses(
        (status = 201, body = AgencyRequirementDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/requirements")]
pub async fn create_requirement(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    let dto = service::create_requirement(&state.db, &caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Replace an agency requirement.
#[utoipa::path(
    tag = "compliance",
    params(("id" = Uuid, Path, description = "The requirement's id")),
    request_body(content = Object, description = "A requirement document"),
    responses((status = 200, body = AgencyRequirementDto), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json"))
)]
#[put("/requirements/{id}")]
pub async fn replace_requirement(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<web::Json<AgencyRequirementDto>> {
    let id = id.into_inner();
    let dto = service::replace_requirement(&state.db, &caller, id, body.into_inner()).await?;
    Ok(web::Json(dto))
}

/// Remove an agency requirement that no training profile uses.
#[utoipa::path(
    tag = "compliance",
    params(("id" = Uuid, Path, description = "The requirement's id")),
    responses((status = 204, description = "Removed"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"))
)]
#[delete("/requirements/{id}")]
pub async fn delete_requirement(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete_requirement(&state.db, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The agency's training profiles.
#[utoipa::path(tag = "compliance", responses((status = 200, body = Vec<ProfileDto>)))]
#[get("/profiles")]
pub async fn list_profiles(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Vec<ProfileDto>>> {
    Ok(web::Json(service::profiles(&state.db, &caller).await?))
}

/// Create a training profile: agency requirements assigned to a group of people.
#[utoipa::path(
    tag = "compliance",
    request_body = ProfileInput,
    responses((status = 201, body = ProfileDto), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json"))
)]
#[post("/profiles")]
pub async fn create_profile(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<ProfileInput>,
) -> ApiResult<HttpResponse> {
    let dto = service::create_profile(&state.db, &caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Replace a training profile.
#[utoipa::path(
    tag = "compliance",
    params(("id" = Uuid, Path, description = "The profile's id")),
    request_body = ProfileInput,
    responses((status = 200, body = ProfileDto), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json"))
)]
#[put("/profiles/{id}")]
pub async fn replace_profile(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<ProfileInput>,
) -> ApiResult<web::Json<ProfileDto>> {
    let id = id.into_inner();
    let dto = service::replace_profile(&state.db, &caller, id, body.into_inner()).await?;
    Ok(web::Json(dto))
}

/// Remove a training profile.
#[utoipa::path(
    tag = "compliance",
    params(("id" = Uuid, Path, description = "The profile's id")),
    responses((status = 204, description = "Removed"), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[delete("/profiles/{id}")]
pub async fn delete_profile(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete_profile(&state.db, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
