//! `/training-records`: thin handlers; the rules are in `record_service`,
//! `confitrek_domain::training` and `confitrek_domain::permissions`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_types::{
    Page, Problem, RejectRequest, TrainingRecordDetailDto, TrainingRecordDto, TrainingRecordInput,
    TrainingRecordUpdate, Verification,
};
use serde::Deserialize;
use time::Date;
use utoipa::IntoParams;
use uuid::Uuid;

use super::record_service as service;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::training_records::{CompletedKey, RecordFilter};
use crate::http::pagination::PageRequest;
use crate::http::{ApiResult, JsonBody, QueryParams, created};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecordQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    person_id: Option<Uuid>,
    /// `pending` for the verification queue.
    verification: Option<Verification>,
    /// Completed on or after this day.
    #[param(value_type = Option<String>, format = Date)]
    from: Option<Date>,
    /// Completed on or before this day.
    #[param(value_type = Option<String>, format = Date)]
    to: Option<Date>,
}

/// Training records the caller may see, newest completion first: the agency's for the
/// training office, a supervisor's unit, an officer's own.
#[utoipa::path(
    tag = "training",
    params(RecordQuery),
    responses(
        (status = 200, body = Page<TrainingRecordDto>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/training-records")]
pub async fn list_records(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<RecordQuery>,
) -> ApiResult<web::Json<Page<TrainingRecordDto>>> {
    let page = PageRequest::<CompletedKey>::parse(query.limit, query.cursor.as_deref())?;
    let filter = RecordFilter {
        person_id: query.person_id,
        verification: query.verification,
        from: query.from,
        to: query.to,
    };
    let rows = service::list(&state.db, &caller, &filter, page.after, page.rows()).await?;
    Ok(web::Json(page.page(
        rows,
        |r| (r.completed_on, r.id),
        |r| r,
    )))
}

/// Record training. Coordinators and admins record anyone's, verified; a person reports his
/// or her own, which waits for verification; nobody else's (403).
#[utoipa::path(
    tag = "training",
    request_body = TrainingRecordInput,
    responses(
        (status = 201, body = TrainingRecordDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/training-records")]
pub async fn create_record(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<TrainingRecordInput>,
) -> ApiResult<HttpResponse> {
    let record = service::create(&state.db, &caller, body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/training-records/{}", record.id),
        &record,
    ))
}

/// A record with its corrections, newest first.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The record's id")),
    responses(
        (status = 200, body = TrainingRecordDetailDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/training-records/{id}")]
pub async fn get_record(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<TrainingRecordDetailDto>> {
    Ok(web::Json(
        service::get(&state.db, &caller, id.into_inner()).await?,
    ))
}

/// Correct a record (send its whole content). What it said before is kept in its history.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The record's id")),
    request_body = TrainingRecordUpdate,
    responses(
        (status = 200, body = TrainingRecordDetailDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/training-records/{id}")]
pub async fn correct_record(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<TrainingRecordUpdate>,
) -> ApiResult<web::Json<TrainingRecordDetailDto>> {
    let detail = service::correct(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(web::Json(detail))
}

/// Delete a record for good, with its history and certificate; the audit log keeps only
/// that it was deleted, by whom and when.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The record's id")),
    responses(
        (status = 204),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/training-records/{id}")]
pub async fn delete_record(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete(&state, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Verify a record: its hours count. Coordinators and admins only.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The record's id")),
    responses(
        (status = 200, body = TrainingRecordDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/training-records/{id}/verify")]
pub async fn verify_record(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<TrainingRecordDto>> {
    Ok(web::Json(
        service::decide(
            &state.db,
            &caller,
            id.into_inner(),
            None,
            state.config.smtp_url.is_some(),
        )
        .await?,
    ))
}

/// Reject a record with a reason the person will read: its hours never count.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The record's id")),
    request_body = RejectRequest,
    responses(
        (status = 200, body = TrainingRecordDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/training-records/{id}/reject")]
pub async fn reject_record(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<RejectRequest>,
) -> ApiResult<web::Json<TrainingRecordDto>> {
    let reason = Some(body.into_inner().reason);
    Ok(web::Json(
        service::decide(
            &state.db,
            &caller,
            id.into_inner(),
            reason,
            state.config.smtp_url.is_some(),
        )
        .await?,
    ))
}
