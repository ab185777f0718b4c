//! `/sessions`: thin handlers; the use cases are in `session_service` and `attendance`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_types::{
    AttendanceRequest, AttendanceResult, EnrollmentRequest, Page, Problem, SessionDetailDto,
    SessionDto, SessionInput,
};
use serde::Deserialize;
use time::Date;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{attendance, session_service as service};
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::sessions::{DateKey, SessionFilter};
use crate::http::pagination::PageRequest;
use crate::http::{ApiResult, JsonBody, QueryParams, created};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    course_id: Option<Uuid>,
    /// Sessions that end on or after this day.
    #[param(value_type = Option<String>, format = Date)]
    from: Option<Date>,
    /// Sessions that start on or before this day.
    #[param(value_type = Option<String>, format = Date)]
    to: Option<Date>,
}

/// Sessions by start date, with their course and roster counts.
#[utoipa::path(
    tag = "training",
    params(SessionQuery),
    responses(
        (status = 200, body = Page<SessionDto>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sessions")]
pub async fn list_sessions(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<SessionQuery>,
) -> ApiResult<web::Json<Page<SessionDto>>> {
    let page = PageRequest::<DateKey>::parse(query.limit, query.cursor.as_deref())?;
    let filter = SessionFilter {
        course_id: query.course_id,
        from: query.from,
        to: query.to,
    };
    let rows = service::list(&state.db, &caller, &filter, page.after, page.rows()).await?;
    Ok(web::Json(page.page(rows, |s| (s.starts_on, s.id), |s| s)))
}

/// Schedule a session of a course.
#[utoipa::path(
    tag = "training",
    request_body = SessionInput,
    responses(
        (status = 201, body = SessionDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sessions")]
pub async fn create_session(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<SessionInput>,
) -> ApiResult<HttpResponse> {
    let session = service::create(&state.db, &caller, body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/sessions/{}", session.id),
        &session,
    ))
}

/// A session with its roster (officers and supervisors see only the people they may see).
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The session's id")),
    responses(
        (status = 200, body = SessionDetailDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sessions/{id}")]
pub async fn get_session(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<SessionDetailDto>> {
    Ok(web::Json(
        service::detail(&state.db, &caller, id.into_inner()).await?,
    ))
}

/// Change a session (send the whole session); the capacity cannot drop below the roster.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The session's id")),
    request_body = SessionInput,
    responses(
        (status = 200, body = SessionDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/sessions/{id}")]
pub async fn replace_session(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<SessionInput>,
) -> ApiResult<web::Json<SessionDto>> {
    let session = service::replace(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(web::Json(session))
}

/// Cancel a session: it and its roster go, unless attendance was recorded.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The session's id")),
    responses(
        (status = 204),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Attendance is recorded", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/sessions/{id}")]
pub async fn delete_session(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete(&state.db, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Put people on the roster, within the capacity (a 422 on `person_ids` says how many places
/// are left). People already on it are left as they are.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The session's id")),
    request_body = EnrollmentRequest,
    responses(
        (status = 200, body = SessionDetailDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sessions/{id}/enrollments")]
pub async fn enroll(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<EnrollmentRequest>,
) -> ApiResult<web::Json<SessionDetailDto>> {
    let detail = service::enroll(
        &state.db,
        &caller,
        id.into_inner(),
        body.into_inner().person_ids,
    )
    .await?;
    Ok(web::Json(detail))
}

/// Take a person off the roster.
#[utoipa::path(
    tag = "training",
    params(
        ("id" = Uuid, Path, description = "The session's id"),
        ("person_id" = Uuid, Path, description = "The person's id"),
    ),
    responses(
        (status = 204),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Attendance is recorded", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/sessions/{id}/enrollments/{person_id}")]
pub async fn unenroll(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (id, person_id) = path.into_inner();
    service::unenroll(&state.db, &caller, id, person_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Record attendance for many people in one step: a verified record per attendee with the
/// course's hours and events, the roster marked, every attendee's status re-evaluated.
/// Anyone unknown or of another agency is a 422 naming `person_ids.N`, and nothing is
/// written. People already recorded for this session are skipped and listed.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The session's id")),
    request_body = AttendanceRequest,
    responses(
        (status = 200, body = AttendanceResult),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sessions/{id}/attendance")]
pub async fn record_attendance(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<AttendanceRequest>,
) -> ApiResult<web::Json<AttendanceResult>> {
    let result = attendance::record(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(web::Json(result))
}
