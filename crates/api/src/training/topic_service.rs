//! Topic use cases: the state's topics (from the rule set in force) beside the agency's own.
//! Each write runs in one transaction with its audit event; a change to whether a topic is
//! creditable re-evaluates the agency in the same transaction.

use confitrek_domain::permissions::Action;
use confitrek_domain::training::{TopicDraft, ValidTopic};
use confitrek_types as dto;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use super::context;
use crate::access::require;
use crate::auth::Caller;
use crate::compliance::service::refresh_everyone;
use crate::db::entity::topic;
use crate::db::{AgencyScope, courses, topics, training_records};
use crate::http::error::OnConstraint;
use crate::http::{ApiError, ApiResult};

const TAKEN: &str = "is already a topic of this agency";

fn entry(t: topic::Model) -> dto::TopicEntryDto {
    dto::TopicEntryDto {
        id: Some(t.id),
        code: t.code,
        title: t.title,
        creditable: t.creditable,
        origin: dto::TopicOrigin::Agency,
    }
}

fn draft(input: dto::TopicInput) -> TopicDraft {
    TopicDraft {
        code: input.code,
        title: input.title,
        creditable: input.creditable.unwrap_or(true),
    }
}

/// Whether any record or course of the agency gives hours in the topic.
async fn in_use(db: &impl ConnectionTrait, scope: AgencyScope, code: &str) -> ApiResult<bool> {
    let names = |v: &serde_json::Value| v.as_object().is_some_and(|o| o.contains_key(code));
    Ok(training_records::all_minutes(db, scope)
        .await?
        .iter()
        .any(names)
        || courses::all_minutes(db, scope).await?.iter().any(names))
}

/// The topics records and courses may give hours in, the state's first, and the events
/// (qualifications) they may name.
pub async fn list(db: &DatabaseConnection, caller: &Caller) -> ApiResult<dto::TopicsDto> {
    require(caller, Action::ReadOwnAgency)?;
    let scope = caller.scope()?;
    let ctx = context(db, &caller.clock, scope).await?;
    let rules = ctx.rules_today();
    let state = rules
        .iter()
        .flat_map(|r| &r.topics)
        .map(|t| dto::TopicEntryDto {
            id: None,
            code: t.code.clone(),
            title: t.title.clone(),
            creditable: t.creditable,
            origin: dto::TopicOrigin::State,
        });
    let agency = topics::list(db, scope).await?.into_iter().map(entry);
    let events = rules
        .iter()
        .flat_map(|r| &r.events)
        .map(|e| dto::TopicDto {
            code: e.code.clone(),
            title: e.title.clone(),
            creditable: e.creditable,
        })
        .collect();
    let topics = state.chain(agency).collect();
    Ok(dto::TopicsDto {
        jurisdiction: ctx.jurisdiction_code,
        topics,
        events,
    })
}

/// Adds an agency topic; its code may not be one of the state's.
pub async fn create(
    db: &DatabaseConnection,
    caller: &Caller,
    input: dto::TopicInput,
) -> ApiResult<dto::TopicEntryDto> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let ctx = context(&txn, &caller.clock, scope).await?;
    let valid = ValidTopic::parse(draft(input), &ctx.state_codes)?;
    let created = topics::insert(&txn, scope, &valid, caller.clock.now())
        .await
        .on_unique("code", TAKEN)?;
    caller
        .audit(&txn, scope.id(), "topic.create", ("topic", created.id))
        .await?;
    txn.commit().await?;
    Ok(entry(created))
}

/// Changes an agency topic. Its code changes only while nothing uses it.
pub async fn replace(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    input: dto::TopicInput,
) -> ApiResult<dto::TopicEntryDto> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = topics::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let ctx = context(&txn, &caller.clock, scope).await?;
    let valid = ValidTopic::parse(draft(input), &ctx.state_codes)?;
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
        .audit(&txn, scope.id(), "topic.update", ("topic", id))
        .await?;
    if credit_changed {
        refresh_everyone(&txn, &caller.clock, scope).await?;
    }
    txn.commit().await?;
    Ok(entry(updated))
}

/// Deletes an agency topic no record or course gives hours in.
pub async fn delete(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = topics::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if in_use(&txn, scope, &existing.code).await? {
        return Err(ApiError::Conflict(
            "Records or courses give hours in this topic; it stays.".into(),
        ));
    }
    topics::delete(&txn, existing).await?;
    caller
        .audit(&txn, scope.id(), "topic.delete", ("topic", id))
        .await?;
    txn.commit().await?;
    Ok(())
}
