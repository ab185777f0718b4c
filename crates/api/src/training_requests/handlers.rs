//! `/training-requests`.

use actix_web::{HttpResponse, get, post, web};
use confitrek_domain::training_requests::Decision;
use confitrek_types::{
    Page, Problem, TrainingRequestDecision, TrainingRequestDto, TrainingRequestInput,
    TrainingRequestStatus,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::service::{self, decide};
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::training_requests::RequestFilter;
use crate::http::pagination::PageRequest;
use crate::http::{ApiError, ApiResult, JsonBody, QueryParams};

/// Ask for a course or one of its sessions, for oneself.
#[utoipa::path(
    tag = "training",
    request_body = TrainingRequestInput,
    responses(
        (status = 201, body = TrainingRequestDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/training-requests")]
pub async fn create_request(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<TrainingRequestInput>,
) -> ApiResult<HttpResponse> {
    let dto = service::create(&state.db, &caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(dto))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestQuery {
    /// `pending`, `approved`, `denied` or `withdrawn`.
    pub status: Option<String>,
    pub person_id: Option<Uuid>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// Requests the caller may see, newest first: one's own; a supervisor's unit; everyone's
/// for the training office.
#[utoipa::path(tag = "training", params(RequestQuery), responses((status = 200, body = Page<TrainingRequestDto>)))]
#[get("/training-requests")]
pub async fn list_requests(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<RequestQuery>,
) -> ApiResult<web::Json<Page<TrainingRequestDto>>> {
    if let Some(status) = &query.status
        && TrainingRequestStatus::parse(status).is_none()
    {
        return Err(ApiError::field(
            "status",
            "must be pending, approved, denied or withdrawn",
        ));
    }
    let page = PageRequest::<Uuid>::parse(query.limit, query.cursor.as_deref())?;
    let filter = RequestFilter {
        person_id: query.person_id,
        status: query.status.clone(),
    };
    Ok(web::Json(
        service::list(&state.db, &caller, filter, &page).await?,
    ))
}

/// Approve a request; a request for a session enrolls the person on it.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The request's id")),
    request_body = TrainingRequestDecision,
    responses(
        (status = 200, body = TrainingRequestDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/training-requests/{id}/approve")]
pub async fn approve_request(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<TrainingRequestDecision>,
) -> ApiResult<web::Json<TrainingRequestDto>> {
    let comment = body.into_inner().comment;
    Ok(web::Json(
        decide(&state, &caller, id.into_inner(), Decision::Approve, comment).await?,
    ))
}

/// Deny a request, saying why.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The request's id")),
    request_body = TrainingRequestDecision,
    responses(
        (status = 200, body = TrainingRequestDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/training-requests/{id}/deny")]
pub async fn deny_request(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<TrainingRequestDecision>,
) -> ApiResult<web::Json<TrainingRequestDto>> {
    let comment = body.into_inner().comment;
    Ok(web::Json(
        decide(&state, &caller, id.into_inner(), Decision::Deny, comment).await?,
    ))
}

/// Take back one's own request before it is decided.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The request's id")),
    responses(
        (status = 200, body = TrainingRequestDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/training-requests/{id}/withdraw")]
pub async fn withdraw_request(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<TrainingRequestDto>> {
    let dto = service::withdraw(&state.db, &caller, id.into_inner()).await?;
    Ok(web::Json(dto))
}
