//! Webhook use cases, for the agency's admins (`Action::ManageIntegrations`). Each write runs
//! in one transaction with its audit event; a secret is answered once and kept sealed.

use std::collections::HashMap;

use confitrek_domain::permissions::Action;
use confitrek_domain::webhooks::{Event, MAX_ENDPOINTS, PREVIOUS_SECRET_HOURS, ValidSubscription};
use confitrek_types as dto;
use sea_orm::DatabaseConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use super::signing;
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::{webhook_attempt, webhook_delivery, webhook_endpoint};
use crate::db::webhooks::{self as repo, Subscription};
use crate::http::{ApiError, ApiResult};

/// Attempts a delivery shows, newest first.
const ATTEMPTS_SHOWN: usize = 20;

fn webhook_dto(e: webhook_endpoint::Model, now: OffsetDateTime) -> dto::WebhookDto {
    dto::WebhookDto {
        events: repo::events_of(&e),
        id: e.id,
        url: e.url,
        description: e.description,
        enabled: e.enabled,
        created_at: e.created_at,
        updated_at: e.updated_at,
        previous_secret_expires_at: e.previous_secret_expires_at.filter(|at| *at > now),
    }
}

fn attempt_dto(a: webhook_attempt::Model) -> dto::WebhookAttemptDto {
    dto::WebhookAttemptDto {
        attempted_at: a.attempted_at,
        status: a.status.and_then(|s| u16::try_from(s).ok()),
        duration_ms: u64::try_from(a.duration_ms).unwrap_or(0),
        response_excerpt: a.response_excerpt,
        error: a.error,
    }
}

fn delivery_dto(
    d: webhook_delivery::Model,
    attempts: Vec<dto::WebhookAttemptDto>,
) -> dto::WebhookDeliveryDto {
    let pending = d.state == dto::WebhookDeliveryState::Pending;
    dto::WebhookDeliveryDto {
        id: d.id,
        event_id: d.event_id,
        event_type: d.event_type,
        state: d.state,
        created_at: d.created_at,
        next_attempt_at: pending.then_some(d.next_attempt_at),
        attempt_count: u32::try_from(d.attempt_count).unwrap_or(0),
        attempts,
    }
}

/// The URL, events and description checked; the URL's name is resolved (outside any
/// transaction: a slow resolver holds no lock).
async fn checked(state: &AppState, input: &dto::WebhookInput) -> ApiResult<Subscription> {
    let url = super::target::check_url(&input.url, state.config.webhook_allow_private).await;
    let subscription = ValidSubscription::parse(&input.events, input.description.as_deref());
    let (url, subscription) = match (url, subscription) {
        (Ok(url), Ok(s)) => (url, s),
        (url, subscription) => {
            let mut errors = subscription.err().unwrap_or_default();
            if let Err(refusal) = url {
                errors.0.insert(
                    0,
                    confitrek_domain::FieldError {
                        field: "url".into(),
                        message: refusal.to_string(),
                    },
                );
            }
            return Err(errors.into());
        }
    };
    Ok(Subscription {
        url: url.to_string(),
        description: subscription.description,
        events: subscription.events,
        enabled: input.enabled,
    })
}

async fn endpoint_of(
    db: &impl sea_orm::ConnectionTrait,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<webhook_endpoint::Model> {
    repo::get(db, caller.scope()?, id)
        .await?
        .ok_or(ApiError::NotFound)
}

pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    after: Option<Uuid>,
    limit: u64,
) -> ApiResult<Vec<dto::WebhookDto>> {
    require(caller, Action::ManageIntegrations)?;
    let rows = repo::list(db, caller.scope()?, after, limit).await?;
    let now = caller.clock.now();
    Ok(rows.into_iter().map(|e| webhook_dto(e, now)).collect())
}

pub async fn get(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<dto::WebhookDto> {
    require(caller, Action::ManageIntegrations)?;
    Ok(webhook_dto(
        endpoint_of(db, caller, id).await?,
        caller.clock.now(),
    ))
}

pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: dto::WebhookInput,
) -> ApiResult<dto::WebhookCreated> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    let subscription = checked(state, &input).await?;
    let key = signing::new_key()?;
    let sealed = state.files.seal(&key)?;
    let txn = crate::db::begin_write(&state.db).await?;
    if repo::count(&txn, scope).await? >= MAX_ENDPOINTS as u64 {
        return Err(ApiError::Conflict(format!(
            "An agency has at most {MAX_ENDPOINTS} webhooks; delete one first."
        )));
    }
    let row = repo::insert(&txn, scope, subscription, sealed, state.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "webhook.create", ("webhook", row.id))
        .await?;
    txn.commit().await?;
    Ok(dto::WebhookCreated {
        webhook: webhook_dto(row, caller.clock.now()),
        secret: signing::secret_of(&key),
    })
}

pub async fn replace(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    input: dto::WebhookInput,
) -> ApiResult<dto::WebhookDto> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    let subscription = checked(state, &input).await?;
    let txn = crate::db::begin_write(&state.db).await?;
    let row = endpoint_of(&txn, caller, id).await?;
    let row = repo::replace(&txn, row, subscription, state.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "webhook.update", ("webhook", id))
        .await?;
    txn.commit().await?;
    Ok(webhook_dto(row, caller.clock.now()))
}

/// Deletes the webhook with its delivery log; what was queued for it is not sent.
pub async fn delete(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    endpoint_of(&txn, caller, id).await?;
    repo::delete(&txn, scope, id).await?;
    caller
        .audit(&txn, scope.id(), "webhook.delete", ("webhook", id))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// A new signing secret, answered once; the previous one signs beside it for 24 hours so
/// the receiver can switch without missing a message.
pub async fn rotate(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<dto::WebhookSecretDto> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    let key = signing::new_key()?;
    let sealed = state.files.seal(&key)?;
    let now = state.clock.now();
    // Whole seconds: what is answered is what is stored and read back.
    let until =
        now.replace_nanosecond(0).unwrap_or(now) + time::Duration::hours(PREVIOUS_SECRET_HOURS);
    let txn = crate::db::begin_write(&state.db).await?;
    let row = endpoint_of(&txn, caller, id).await?;
    repo::rotate(&txn, row, sealed, until, now).await?;
    caller
        .audit(&txn, scope.id(), "webhook.rotate_secret", ("webhook", id))
        .await?;
    txn.commit().await?;
    Ok(dto::WebhookSecretDto {
        secret: signing::secret_of(&key),
        previous_secret_expires_at: until,
    })
}

/// Queues a `webhook.test` message to the endpoint, enabled or not.
pub async fn send_test(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<dto::WebhookDeliveryDto> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    endpoint_of(&txn, caller, id).await?;
    let now = caller.clock.now();
    let payload = Event::test(id).payload(now);
    let delivery = repo::insert_test(&txn, scope, id, payload, now).await?;
    caller
        .audit(&txn, scope.id(), "webhook.test", ("webhook", id))
        .await?;
    txn.commit().await?;
    Ok(delivery_dto(delivery, Vec::new()))
}

/// The endpoint's deliveries, newest first, each with its latest attempts.
pub async fn deliveries(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    before: Option<Uuid>,
    limit: u64,
) -> ApiResult<Vec<dto::WebhookDeliveryDto>> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    endpoint_of(db, caller, id).await?;
    let rows = repo::deliveries(db, scope, id, before, limit).await?;
    let mut attempts: HashMap<Uuid, Vec<dto::WebhookAttemptDto>> = HashMap::new();
    for a in repo::attempts(db, scope, rows.iter().map(|d| d.id).collect()).await? {
        let shown = attempts.entry(a.delivery_id).or_default();
        if shown.len() < ATTEMPTS_SHOWN {
            shown.push(attempt_dto(a));
        }
    }
    Ok(rows
        .into_iter()
        .map(|d| {
            let mine = attempts.remove(&d.id).unwrap_or_default();
            delivery_dto(d, mine)
        })
        .collect())
}

/// Sends a delivered or failed message again, with its `webhook-id`, for a new round of
/// attempts; a queued one is a conflict.
pub async fn replay(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    delivery_id: Uuid,
) -> ApiResult<dto::WebhookDeliveryDto> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    endpoint_of(&txn, caller, id).await?;
    let found = repo::get_delivery(&txn, scope, id, delivery_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !repo::replay(&txn, scope, id, delivery_id, caller.clock.now()).await? {
        return Err(ApiError::Conflict(
            "The message is already queued; it is sent at its next attempt.".into(),
        ));
    }
    caller
        .audit(
            &txn,
            scope.id(),
            "webhook.replay",
            ("webhook_delivery", found.id),
        )
        .await?;
    let replayed = repo::get_delivery(&txn, scope, id, delivery_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    Ok(delivery_dto(replayed, Vec::new()))
}
