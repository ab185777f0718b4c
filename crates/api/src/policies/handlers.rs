//! `/policies`, `/acknowledgements`, `/people/{id}/policies`: thin handlers; the use cases
//! are in `service`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_types::{
    AcknowledgeInput, AcknowledgementDto, AssignedPolicyDto, PolicyDetailDto, PolicyDto,
    PolicyInput, PolicyVersionDto, PolicyVersionInput, Problem,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{acknowledgements, service};
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::{ApiResult, JsonBody, QueryParams};

/// The agency's policies, each with its current version's number and date.
#[utoipa::path(tag = "policies", responses((status = 200, body = Vec<PolicyDto>)))]
#[get("/policies")]
pub async fn list_policies(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Vec<PolicyDto>>> {
    Ok(web::Json(service::list(&state.db, &caller).await?))
}

/// Add a policy: its code, title, days to acknowledge a version, and whom it is assigned to.
/// It binds nobody until a first version is published.
#[utoipa::path(
    tag = "policies",
    request_body = PolicyInput,
    responses(
        (status = 201, body = PolicyDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/policies")]
pub async fn create_policy(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<PolicyInput>,
) -> ApiResult<HttpResponse> {
    let created = service::create(&state.db, &caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

/// One policy with its versions (newest first) and who has acknowledged the current one.
#[utoipa::path(
    tag = "policies",
    params(("id" = Uuid, Path, description = "The policy's id")),
    responses(
        (status = 200, body = PolicyDetailDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/policies/{id}")]
pub async fn get_policy(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<PolicyDetailDto>> {
    Ok(web::Json(
        service::get(&state.db, &caller, id.into_inner()).await?,
    ))
}

/// Replace a policy's code, title, days and assignment (its versions stay).
#[utoipa::path(
    tag = "policies",
    params(("id" = Uuid, Path, description = "The policy's id")),
    request_body = PolicyInput,
    responses(
        (status = 200, body = PolicyDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/policies/{id}")]
pub async fn replace_policy(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<PolicyInput>,
) -> ApiResult<web::Json<PolicyDto>> {
    let saved = service::replace(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(web::Json(saved))
}

/// Remove a policy that nobody has acknowledged.
#[utoipa::path(
    tag = "policies",
    params(("id" = Uuid, Path, description = "The policy's id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/policies/{id}")]
pub async fn delete_policy(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete(&state.db, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Publish the next version of a policy, dated the agency's today; everyone it is assigned
/// to must acknowledge it within the policy's days, even those who acknowledged an earlier one.
#[utoipa::path(
    tag = "policies",
    params(("id" = Uuid, Path, description = "The policy's id")),
    request_body = PolicyVersionInput,
    responses(
        (status = 201, body = PolicyVersionDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/policies/{id}/versions")]
pub async fn publish_policy_version(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<PolicyVersionInput>,
) -> ApiResult<HttpResponse> {
    let version = service::publish(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Created().json(version))
}

/// Acknowledge the newest version of a policy assigned to the signed-in person, attesting
/// to having read and understood it. The time, the address it came from and the hash of the
/// version's text are kept with it. Nobody acknowledges for someone else.
#[utoipa::path(
    tag = "policies",
    request_body = AcknowledgeInput,
    responses(
        (status = 201, body = AcknowledgementDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already acknowledged", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not attested, not assigned, or a newer version exists", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/acknowledgements")]
pub async fn acknowledge(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<AcknowledgeInput>,
) -> ApiResult<HttpResponse> {
    let made = acknowledgements::acknowledge(&state.db, &caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(made))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AcknowledgementsQuery {
    /// Whose acknowledgements; omitted, the signed-in person's.
    person_id: Option<Uuid>,
}

/// A person's acknowledgements, newest first. Officers see their own, supervisors their
/// unit's.
#[utoipa::path(
    tag = "policies",
    params(AcknowledgementsQuery),
    responses(
        (status = 200, body = Vec<AcknowledgementDto>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/acknowledgements")]
pub async fn list_acknowledgements(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<AcknowledgementsQuery>,
) -> ApiResult<web::Json<Vec<AcknowledgementDto>>> {
    let person_id = caller.person_or_self(query.person_id)?;
    Ok(web::Json(
        acknowledgements::acknowledgements(&state.db, &caller, person_id).await?,
    ))
}

/// The policies assigned to a person, with the current version's text, the due date and
/// whether it is acknowledged; what still needs acknowledging first.
#[utoipa::path(
    tag = "policies",
    params(("id" = Uuid, Path, description = "The person's id")),
    responses(
        (status = 200, body = Vec<AssignedPolicyDto>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}/policies")]
pub async fn person_policies(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Vec<AssignedPolicyDto>>> {
    Ok(web::Json(
        acknowledgements::assigned(&state.db, &caller, id.into_inner()).await?,
    ))
}
