//! The incident endpoints: thin over `service`, which holds the workflow.

use actix_web::{HttpResponse, get, post, put, web};
use confitrek_domain::uof::{parse_comment, parse_reason};
use confitrek_types::{
    AmendIncidentInput, ForceType, IncidentDto, IncidentInput, IncidentStatus, IncidentSummaryDto,
    Page, Problem, ReviewIncidentInput, SubmitIncidentInput,
};
use serde::Deserialize;
use time::Date;
use utoipa::IntoParams;
use uuid::Uuid;

use super::service::{self, Change};
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::uof::IncidentFilter;
use crate::http::pagination::PageRequest;
use crate::http::{ApiError, ApiResult, JsonBody, QueryParams};

/// Start an incident: a draft by the caller, which may leave out anything not known yet.
#[utoipa::path(
    tag = "uof",
    request_body = IncidentInput,
    responses(
        (status = 201, body = IncidentDto),
        (status = 404, description = "The agency does not have the Use of Force module", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/uof/incidents")]
pub async fn create_incident(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<IncidentInput>,
) -> ApiResult<HttpResponse> {
    let dto = service::create(&state.db, &caller, &body).await?;
    Ok(HttpResponse::Created().json(dto))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct IncidentQuery {
    /// `draft`, `submitted`, `reviewed` or `closed`.
    pub status: Option<String>,
    /// Incidents on or after this day.
    pub from: Option<Date>,
    /// Incidents on or before this day.
    pub to: Option<Date>,
    /// Only those that qualify for the FBI collection (or only those that do not).
    pub qualifies: Option<bool>,
    /// Incidents this person was involved in.
    pub person_id: Option<Uuid>,
    /// Incidents an officer of this unit was involved in.
    pub unit: Option<String>,
    /// Incidents where this force type was used, e.g. `electronic_control_device`.
    pub force_type: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

impl IncidentQuery {
    /// The filters, each checked against its vocabulary.
    fn filter(&self) -> ApiResult<IncidentFilter> {
        if let Some(status) = &self.status
            && IncidentStatus::parse(status).is_none()
        {
            return Err(ApiError::field(
                "status",
                "must be draft, submitted, reviewed or closed",
            ));
        }
        if let Some(force) = &self.force_type
            && ForceType::parse(force).is_none()
        {
            let known: Vec<&str> = ForceType::ALL.iter().map(|f| f.as_str()).collect();
            return Err(ApiError::field(
                "force_type",
                format!("must be one of {}", known.join(", ")),
            ));
        }
        Ok(IncidentFilter {
            status: self.status.clone(),
            from: self.from,
            to: self.to,
            qualifies: self.qualifies,
            person_id: self.person_id,
            unit: self.unit.clone(),
            force_type: self.force_type.clone(),
        })
    }
}

/// Incidents, newest first: all of the agency's for a reviewer, one's own otherwise.
#[utoipa::path(
    tag = "uof",
    params(IncidentQuery),
    responses(
        (status = 200, body = Page<IncidentSummaryDto>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/uof/incidents")]
pub async fn list_incidents(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<IncidentQuery>,
) -> ApiResult<web::Json<Page<IncidentSummaryDto>>> {
    // Whether the caller may use the module at all comes before what was asked.
    let (scope, _) = crate::uof::gate(&state.db, &caller).await?;
    let filter = query.filter()?;
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let page = service::list(&state.db, &caller, scope, &filter, &page).await?;
    Ok(web::Json(page))
}

/// An incident with its officers' training on the incident day, its earlier versions and
/// what the caller may do with it. Reading it is audited.
#[utoipa::path(
    tag = "uof",
    params(("id" = Uuid, Path, description = "The incident's id")),
    responses(
        (status = 200, body = IncidentDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/uof/incidents/{id}")]
pub async fn get_incident(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<IncidentDto>> {
    Ok(web::Json(
        service::read(&state.db, &caller, id.into_inner()).await?,
    ))
}

async fn step(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    change: Change,
) -> ApiResult<web::Json<IncidentDto>> {
    Ok(web::Json(
        service::take_step(&state.db, caller, id, change).await?,
    ))
}

/// Change a draft (its author only).
#[utoipa::path(
    tag = "uof",
    params(("id" = Uuid, Path, description = "The incident's id")),
    request_body = IncidentInput,
    responses(
        (status = 200, body = IncidentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The incident is no longer a draft", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/uof/incidents/{id}")]
pub async fn update_incident(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<IncidentInput>,
) -> ApiResult<web::Json<IncidentDto>> {
    step(
        &state,
        &caller,
        id.into_inner(),
        Change::Document(body.into_inner()),
    )
    .await
}

/// Submit the draft for review, attesting that the incident is real and recorded for the
/// agency's reporting and review. Every mandatory element must be there (422 names each
/// one missing); the officers' training on the incident day is stored with it.
#[utoipa::path(
    tag = "uof",
    params(("id" = Uuid, Path, description = "The incident's id")),
    request_body = SubmitIncidentInput,
    responses(
        (status = 200, body = IncidentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/uof/incidents/{id}/submit")]
pub async fn submit_incident(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<SubmitIncidentInput>,
) -> ApiResult<web::Json<IncidentDto>> {
    // Whether the caller may use the module at all comes before what was sent.
    crate::uof::gate(&state.db, &caller).await?;
    if !body.attest {
        return Err(ApiError::field(
            "attest",
            "must be true: submitting attests that the incident occurred as recorded",
        ));
    }
    step(&state, &caller, id.into_inner(), Change::Submit).await
}

/// Mark a submitted incident reviewed (a reviewer other than its author).
#[utoipa::path(
    tag = "uof",
    params(("id" = Uuid, Path, description = "The incident's id")),
    request_body = ReviewIncidentInput,
    responses(
        (status = 200, body = IncidentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/uof/incidents/{id}/review")]
pub async fn review_incident(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<ReviewIncidentInput>,
) -> ApiResult<web::Json<IncidentDto>> {
    let comment = parse_comment(body.comment.as_deref(), false)?;
    step(&state, &caller, id.into_inner(), Change::Review(comment)).await
}

/// Send a submitted or reviewed incident back to its author as a draft, saying what to
/// change.
#[utoipa::path(
    tag = "uof",
    params(("id" = Uuid, Path, description = "The incident's id")),
    request_body = ReviewIncidentInput,
    responses(
        (status = 200, body = IncidentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/uof/incidents/{id}/return")]
pub async fn return_incident(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<ReviewIncidentInput>,
) -> ApiResult<web::Json<IncidentDto>> {
    crate::uof::gate(&state.db, &caller).await?;
    let comment = parse_comment(body.comment.as_deref(), true)?.unwrap_or_default();
    step(&state, &caller, id.into_inner(), Change::Return(comment)).await
}

/// Close a reviewed incident: from now on it changes only by amendment.
#[utoipa::path(
    tag = "uof",
    params(("id" = Uuid, Path, description = "The incident's id")),
    responses(
        (status = 200, body = IncidentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/uof/incidents/{id}/close")]
pub async fn close_incident(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<IncidentDto>> {
    step(&state, &caller, id.into_inner(), Change::Close).await
}

/// Amend a closed incident: the version it replaces is kept, with who replaced it, when and
/// why; the officers' training is judged again for the (possibly corrected) incident day.
#[utoipa::path(
    tag = "uof",
    params(("id" = Uuid, Path, description = "The incident's id")),
    request_body = AmendIncidentInput,
    responses(
        (status = 200, body = IncidentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/uof/incidents/{id}/amend")]
pub async fn amend_incident(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<AmendIncidentInput>,
) -> ApiResult<web::Json<IncidentDto>> {
    crate::uof::gate(&state.db, &caller).await?;
    let AmendIncidentInput { incident, reason } = body.into_inner();
    let reason = parse_reason(&reason)?;
    step(
        &state,
        &caller,
        id.into_inner(),
        Change::Amend(incident, reason),
    )
    .await
}
