//! `/topics`: the state's topics (read-only, from the rule set in force) and the agency's own.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_domain::permissions::Action;
use confitrek_domain::training::{TopicDraft, ValidTopic};
use confitrek_types::{Problem, TopicDto, TopicEntryDto, TopicInput, TopicOrigin, TopicsDto};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::context;
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::compliance::service::refresh_everyone;
use crate::db::entity::topic;
use crate::db::{AgencyScope, courses, topics, training_records};
use crate::http::error::OnConstraint;
use crate::http::{ApiError, ApiResult, JsonBody};

fn entry(t: topic::Model) -> TopicEntryDto {
    TopicEntryDto {
        id: Some(t.id),
        code: t.code,
        title: t.title,
        creditable: t.creditable,
        origin: TopicOrigin::Agency,
    }
}

const TAKEN: &str = "is already a topic of this agency";

/// Whether any record or course of the agency gives hours in the topic.
async fn in_use(db: &impl ConnectionTrait, scope: AgencyScope, code: &str) -> ApiResult<bool> {
    let names = |v: &serde_json::Value| v.as_object().is_some_and(|o| o.contains_key(code));
    Ok(training_records::all_minutes(db, scope)
        .await?
        .iter()
        .any(names)
        || courses::all_minutes(db, scope).await?.iter().any(names))
}

/// Topics records and courses may give hours in: the state's, then the agency's; and the
/// events (qualifications) they may name.
#[utoipa::path(tag = "training", responses((status = 200, body = TopicsDto)))]
#[get("/topics")]
pub async fn list_topics(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<TopicsDto>> {
    require(&caller, Action::ReadOwnAgency)?;
    let scope = caller.scope()?;
    let ctx = context(&state.db, &caller.clock, scope).await?;
    let rules = ctx.rules_today();
    let mut list: Vec<TopicEntryDto> = rules
        .iter()
        .flat_map(|r| &r.topics)
        .map(|t| TopicEntryDto {
            id: None,
            code: t.code.clone(),
            title: t.title.clone(),
            creditable: t.creditable,
            origin: TopicOrigin::State,
        })
        .collect();
    list.extend(topics::list(&state.db, scope).await?.into_iter().map(entry));
    let events = rules
        .iter()
        .flat_map(|r| &r.events)
        .map(|e| TopicDto {
            code: e.code.clone(),
            title: e.title.clone(),
            creditable: e.creditable,
        })
        .collect();
    Ok(web::Json(TopicsDto {
        jurisdiction: ctx.jurisdiction_code,
        topics: list,
        events,
    }))
}

fn draft(input: TopicInput) -> TopicDraft {
    TopicDraft {
        code: input.code,
        title: input.title,
        creditable: input.creditable.unwrap_or(true),
    }
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
    require(&caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let ctx = context(&txn, &caller.clock, scope).await?;
    let valid = ValidTopic::parse(draft(body.into_inner()), &ctx.state_codes)?;
    let created = topics::insert(&txn, scope, &valid, caller.clock.now())
        .await
        .on_unique("code", TAKEN)?;
    caller
        .audit(&txn, scope.id(), "topic.create", ("topic", created.id))
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/topics/{}", created.id)))
        .json(entry(created)))
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
    require(&caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = topics::get(&txn, scope, id.into_inner())
        .await?
        .ok_or(ApiError::NotFound)?;
    let ctx = context(&txn, &caller.clock, scope).await?;
    let valid = ValidTopic::parse(draft(body.into_inner()), &ctx.state_codes)?;
    if valid.code != existing.code && in_use(&txn, scope, &existing.code).await? {
        return Err(ApiError::field(
            "code",
            "cannot change: records or courses give hours in this topic",
        ));
    }
    let credit_changed = valid.creditable != existing.creditable;
    let updated = topics::update(&txn, existing, &valid, caller.clock.now())
        .await
        .on_unique("code", TAKEN)?;
    caller
        .audit(&txn, scope.id(), "topic.update", ("topic", updated.id))
        .await?;
    if credit_changed {
        refresh_everyone(&txn, &caller.clock, scope).await?;
    }
    txn.commit().await?;
    Ok(web::Json(entry(updated)))
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
    require(&caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = topics::get(&txn, scope, id.into_inner())
        .await?
        .ok_or(ApiError::NotFound)?;
    if in_use(&txn, scope, &existing.code).await? {
        return Err(ApiError::Conflict(
            "Records or courses give hours in this topic; it stays.".into(),
        ));
    }
    let topic_id = existing.id;
    topics::delete(&txn, existing).await?;
    caller
        .audit(&txn, scope.id(), "topic.delete", ("topic", topic_id))
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
