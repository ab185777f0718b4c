//! `/state-reports`: thin handlers; the use cases are in [`super::service`]. Agency admins
//! and coordinators only (`Action::ManageStateReports`); supervisors and officers are
//! refused 403.

use actix_web::{HttpResponse, get, post, web};
use confitrek_types::{
    PrepareStateReportInput, Problem, RecordReceivedInput, ReviewStateReportInput,
    StateReportDownloadQuery, StateReportDto, StateReportList, StateReportListQuery,
    StateReportPreviewQuery, TransmitStateReportInput,
};
use uuid::Uuid;

use super::service::{self, StepInput};
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::{ApiResult, JsonBody, QueryParams, created};
use crate::reports::table::download;

/// The reports the agency's state asks for, each with the year due next, its due dates
/// (both where sources disagree, each with its source and what is unconfirmed) and the days
/// left; then the agency's prepared reports, every version, newest first.
#[utoipa::path(
    tag = "state-reports",
    params(StateReportListQuery),
    responses(
        (status = 200, description = "The kinds and the prepared reports", body = StateReportList),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not the training office (admins and coordinators)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A limit outside 1 to 100, a cursor that does not read", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/state-reports")]
pub async fn list_state_reports(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<StateReportListQuery>,
) -> ApiResult<web::Json<StateReportList>> {
    Ok(web::Json(service::list(&state.db, &caller, &query).await?))
}

/// Prepare a report from the data as they stand: `year` (2000 to the agency's current year)
/// for an annual report, `session_id` for a per-session one. The data are kept with their
/// SHA-256; preparing the same kind and period again makes the next version, which says
/// what changed. Nothing is sent to the state.
#[utoipa::path(
    tag = "state-reports",
    request_body = PrepareStateReportInput,
    responses(
        (status = 201, description = "Prepared", body = StateReportDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another version was prepared at the same moment", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A kind of another state's (or one the state's rules do not describe), a year out of range, a session that is not the agency's, the wrong period for the kind", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/state-reports")]
pub async fn prepare_state_report(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<PrepareStateReportInput>,
) -> ApiResult<HttpResponse> {
    let report = service::prepare(&state.db, &caller, body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/state-reports/{}", report.id),
        &report,
    ))
}

/// What preparing would produce now, as a CSV or PDF download; nothing is stored.
#[utoipa::path(
    tag = "state-reports",
    params(StateReportPreviewQuery),
    responses(
        (status = 200, description = "The report as a download", content((String = "text/csv"), (Vec<u8> = "application/pdf"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "As for preparing", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/state-reports/preview")]
pub async fn preview_state_report(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<StateReportPreviewQuery>,
) -> ApiResult<HttpResponse> {
    let format = query.format.unwrap_or_default();
    let (name, file) = service::preview(&state.db, &caller, &query).await?;
    Ok(download(format, &name, file))
}

/// One prepared version with its life: prepared, reviewed, transmitted (by, when, how).
#[utoipa::path(
    tag = "state-reports",
    params(("id" = Uuid, Path, description = "The report's id")),
    responses(
        (status = 200, description = "The report", body = StateReportDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report in the agency", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/state-reports/{id}")]
pub async fn get_state_report(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<StateReportDto>> {
    Ok(web::Json(
        service::get(&state.db, &caller, id.into_inner()).await?,
    ))
}

/// Mark a prepared version reviewed, with an optional note (at most 2000 characters). Only
/// the newest version of a kind and period is reviewed.
#[utoipa::path(
    tag = "state-reports",
    params(("id" = Uuid, Path, description = "The report's id")),
    request_body = ReviewStateReportInput,
    responses(
        (status = 200, description = "Reviewed", body = StateReportDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not prepared (already reviewed or transmitted), or replaced by a newer version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A note too long or with hidden characters", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/state-reports/{id}/review")]
pub async fn review_state_report(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<ReviewStateReportInput>,
) -> ApiResult<web::Json<StateReportDto>> {
    let input = StepInput::Review(body.into_inner());
    let report = service::take_step(&state.db, &caller, id.into_inner(), input).await?;
    Ok(web::Json(report))
}

/// Record that a person sent a reviewed report to the state, and how (`portal`, `email`,
/// `mail`, `hand`, `other`) with an optional reference (at most 200 characters). ConfiTrek
/// sends nothing itself.
#[utoipa::path(
    tag = "state-reports",
    params(("id" = Uuid, Path, description = "The report's id")),
    request_body = TransmitStateReportInput,
    responses(
        (status = 200, description = "Marked transmitted", body = StateReportDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not reviewed yet, already transmitted, or replaced by a newer version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown method, a reference too long", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/state-reports/{id}/transmitted")]
pub async fn mark_state_report_transmitted(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<TransmitStateReportInput>,
) -> ApiResult<web::Json<StateReportDto>> {
    let input = StepInput::Transmitted(body.into_inner());
    let report = service::take_step(&state.db, &caller, id.into_inner(), input).await?;
    Ok(web::Json(report))
}

/// Record the money a transmitted report asked for as received: the amount (0 to
/// 10000000000 cents) and the day (from the day it was transmitted to today). Only reports
/// that ask for money (reimbursement applications) take it.
#[utoipa::path(
    tag = "state-reports",
    params(("id" = Uuid, Path, description = "The report's id")),
    request_body = RecordReceivedInput,
    responses(
        (status = 200, description = "Recorded", body = StateReportDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not transmitted yet, already received, or replaced by a newer version", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A report that asks for no money; an amount or day out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/state-reports/{id}/received")]
pub async fn record_state_report_received(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<RecordReceivedInput>,
) -> ApiResult<web::Json<StateReportDto>> {
    let input = StepInput::Received(body.into_inner());
    let report = service::take_step(&state.db, &caller, id.into_inner(), input).await?;
    Ok(web::Json(report))
}

/// A prepared version as CSV or PDF, rendered from the data stored when it was prepared
/// (not today's data: that is the preview).
#[utoipa::path(
    tag = "state-reports",
    params(("id" = Uuid, Path, description = "The report's id"), StateReportDownloadQuery),
    responses(
        (status = 200, description = "The report as a download", content((String = "text/csv"), (Vec<u8> = "application/pdf"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A format other than csv or pdf", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/state-reports/{id}/download")]
pub async fn download_state_report(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: QueryParams<StateReportDownloadQuery>,
) -> ApiResult<HttpResponse> {
    let format = query.format.unwrap_or_default();
    let (name, file) = service::download(&state.db, &caller, id.into_inner(), format).await?;
    Ok(download(format, &name, file))
}
