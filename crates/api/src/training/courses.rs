//! `/courses`: the agency's catalog; the use cases are in `course_service`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_types::{CourseDto, CourseInput, Page, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::course_service as service;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::courses::TitleKey;
use crate::http::pagination::PageRequest;
use crate::http::{ApiResult, JsonBody, QueryParams, created};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Only active (true) or inactive (false) courses.
    active: Option<bool>,
}

/// The catalog, by title.
#[utoipa::path(
    tag = "training",
    params(CourseQuery),
    responses(
        (status = 200, body = Page<CourseDto>),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/courses")]
pub async fn list_courses(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<CourseQuery>,
) -> ApiResult<web::Json<Page<CourseDto>>> {
    let page = PageRequest::<TitleKey>::parse(query.limit, query.cursor.as_deref())?;
    let rows = service::list(
        &state.db,
        &caller,
        query.active,
        page.after.clone(),
        page.rows(),
    )
    .await?;
    Ok(web::Json(page.page(
        rows,
        |c| (c.title.clone(), c.id),
        |c| c,
    )))
}

/// Add a course to the catalog.
#[utoipa::path(
    tag = "training",
    request_body = CourseInput,
    responses(
        (status = 201, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/courses")]
pub async fn create_course(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<CourseInput>,
) -> ApiResult<HttpResponse> {
    let course = service::create(&state.db, &caller, body.into_inner()).await?;
    Ok(created(format!("/api/v1/courses/{}", course.id), &course))
}

/// One course.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The course's id")),
    responses(
        (status = 200, body = CourseDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/courses/{id}")]
pub async fn get_course(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CourseDto>> {
    Ok(web::Json(
        service::get(&state.db, &caller, id.into_inner()).await?,
    ))
}

/// Replace a course (send the whole course). Records already made keep their hours.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The course's id")),
    request_body = CourseInput,
    responses(
        (status = 200, body = CourseDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/courses/{id}")]
pub async fn replace_course(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<CourseInput>,
) -> ApiResult<web::Json<CourseDto>> {
    let course = service::replace(&state.db, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(web::Json(course))
}

/// Delete a course that no session or record refers to; otherwise make it inactive.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The course's id")),
    responses(
        (status = 204),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Sessions or records refer to it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/courses/{id}")]
pub async fn delete_course(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete(&state.db, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
