//! `/topics`: the state's topics (read-only, from the rule set in force) and the agency's
//! own; the use cases are in `topic_service`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_types::{Problem, TopicEntryDto, TopicInput, TopicsDto};
use uuid::Uuid;

use super::topic_service as service;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::{ApiResult, JsonBody, created};

/// Topics records and courses may give hours in: the state's, then the agency's; and the
/// events (qualifications) they may name.
#[utoipa::path(tag = "training", responses((status = 200, body = TopicsDto)))]
#[get("/topics")]
pub async fn list_topics(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<TopicsDto>> {
    Ok(web::Json(service::list(&state.db, &caller).await?))
}

/// Add an agency topic (its code may not be one of the state's).
#[utoipa::path(
    tag = "training",
    request_body = TopicInput,
    responses(
        (status = 201, body = TopicEntryDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/topics")]
pub async fn create_topic(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<TopicInput>,
) -> ApiResult<HttpResponse> {
    let topic = service::create(&state.db, &caller, body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/topics/{}", topic.id.unwrap_or_default()),
        &topic,
    ))
}

/// Change an agency topic. Its code can change only while nothing uses it; whether it is
/// creditable changes verdicts, so the agency is re-evaluated.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The agency topic's id")),
    request_body = TopicInput,
    responses(
        (status = 200, body = TopicEntryDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/topics/{id}")]
pub async fn replace_topic(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<TopicInput>,
) -> ApiResult<web::Json<TopicEntryDto>> {
    let topic = service::replace(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(web::Json(topic))
}

/// Delete an agency topic that no record or course uses.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The agency topic's id")),
    responses(
        (status = 204),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Records or courses use it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/topics/{id}")]
pub async fn delete_topic(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete(&state.db, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
