//! Catalog use cases. Each write runs in one transaction with its audit event; a course's
//! hours are copied into the records its sessions make, so no write here re-evaluates anyone.

use confitrek_domain::permissions::Action;
use confitrek_domain::training::{CourseDraft, ValidCourse};
use confitrek_types as dto;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{context, course_dto};
use crate::access::require;
use crate::auth::Caller;
use crate::db::courses::{self, TitleKey};
use crate::http::{ApiError, ApiResult};

fn draft(input: dto::CourseInput) -> CourseDraft {
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

/// A page of the catalog by title, after `after`.
pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    active: Option<bool>,
    after: Option<TitleKey>,
    limit: u64,
) -> ApiResult<Vec<dto::CourseDto>> {
    require(caller, Action::ReadOwnAgency)?;
    let rows = courses::list(db, caller.scope()?, active, after, limit).await?;
    Ok(rows.into_iter().map(course_dto).collect())
}

pub async fn get(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<dto::CourseDto> {
    require(caller, Action::ReadOwnAgency)?;
    let course = courses::get(db, caller.scope()?, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(course_dto(course))
}

pub async fn create(
    db: &DatabaseConnection,
    caller: &Caller,
    input: dto::CourseInput,
) -> ApiResult<dto::CourseDto> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let ctx = context(&txn, &caller.clock, scope).await?;
    let valid = ValidCourse::parse(draft(input), &ctx.catalog)?;
    let created = courses::insert(&txn, scope, &valid, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "course.create", ("course", created.id))
        .await?;
    txn.commit().await?;
    Ok(course_dto(created))
}

/// Replaces a course; the records already made keep their hours.
pub async fn replace(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    input: dto::CourseInput,
) -> ApiResult<dto::CourseDto> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = courses::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let ctx = context(&txn, &caller.clock, scope).await?;
    let valid = ValidCourse::parse(draft(input), &ctx.catalog)?;
    let updated = courses::update(&txn, existing, &valid, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "course.update", ("course", id))
        .await?;
    txn.commit().await?;
    Ok(course_dto(updated))
}

/// Deletes a course no session or record refers to; one they do stays (it can be made
/// inactive instead).
pub async fn delete(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = courses::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if courses::in_use(&txn, scope, id).await? {
        return Err(ApiError::Conflict(
            "Sessions or training records refer to this course; make it inactive instead.".into(),
        ));
    }
    courses::delete(&txn, existing).await?;
    caller
        .audit(&txn, scope.id(), "course.delete", ("course", id))
        .await?;
    txn.commit().await?;
    Ok(())
}
