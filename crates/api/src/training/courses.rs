//! `/courses`: the agency's catalog. A course's hours are copied into the records its
//! sessions' attendance makes, so changing a course never changes a record already made.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_domain::permissions::Action;
use confitrek_domain::training::{CourseDraft, ValidCourse};
use confitrek_types::{CourseDto, CourseInput, Page, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{context, course_dto};
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::courses::{self, TitleKey};
use crate::http::pagination::PageRequest;
use crate::http::{ApiError, ApiResult, JsonBody, QueryParams};

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

fn draft(input: CourseInput) -> CourseDraft {
    CourseDraft {
        title: input.title,
        provider: input.provider,
        post_course_number: input.post_course_number,
        delivery: input.delivery,
        cost_cents: input.cost_cents,
        hours: input.hours,
        events: input.events,
        active: input.active.unwrap_or(true),
    }
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
    require(&caller, Action::ReadOwnAgency)?;
    let page = PageRequest::<TitleKey>::parse(query.limit, query.cursor.as_deref())?;
    let after = page.after.clone();
    let rows = courses::list(&state.db, caller.scope()?, query.active, after, page.rows()).await?;
    Ok(web::Json(page.page(
        rows,
        |c| (c.title.clone(), c.id),
        course_dto,
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
    require(&caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let ctx = context(&txn, &caller.clock, scope).await?;
    let valid = ValidCourse::parse(draft(body.into_inner()), &ctx.catalog)?;
    let created = courses::insert(&txn, scope, &valid, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "course.create", ("course", created.id))
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/courses/{}", created.id)))
        .json(course_dto(created)))
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
    require(&caller, Action::ReadOwnAgency)?;
    let course = courses::get(&state.db, caller.scope()?, id.into_inner())
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(web::Json(course_dto(course)))
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
    require(&caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = courses::get(&txn, scope, id.into_inner())
        .await?
        .ok_or(ApiError::NotFound)?;
    let ctx = context(&txn, &caller.clock, scope).await?;
    let valid = ValidCourse::parse(draft(body.into_inner()), &ctx.catalog)?;
    let updated = courses::update(&txn, existing, &valid, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "course.update", ("course", updated.id))
        .await?;
    txn.commit().await?;
    Ok(web::Json(course_dto(updated)))
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
    require(&caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = courses::get(&txn, scope, id.into_inner())
        .await?
        .ok_or(ApiError::NotFound)?;
    if courses::in_use(&txn, scope, existing.id).await? {
        return Err(ApiError::Conflict(
            "Sessions or training records refer to this course; make it inactive instead.".into(),
        ));
    }
    let course_id = existing.id;
    courses::delete(&txn, existing).await?;
    caller
        .audit(&txn, scope.id(), "course.delete", ("course", course_id))
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
