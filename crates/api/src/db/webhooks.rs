//! Webhook endpoints, the events written for them, their deliveries and every attempt.
//! Events are fanned out and deliveries claimed by workers with a lease (`FOR UPDATE SKIP
//! LOCKED` on PostgreSQL), so any number of processes can share them.

use std::collections::BTreeSet;

use confitrek_types::{WebhookDeliveryState, WebhookEventType};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement, Value,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::{webhook_attempt, webhook_delivery, webhook_endpoint, webhook_event};

/// The event types an endpoint's stored list names; a type this server no longer knows is
/// left out rather than failing every write of the agency.
pub fn events_of(endpoint: &webhook_endpoint::Model) -> Vec<WebhookEventType> {
    let names: Vec<String> = serde_json::from_value(endpoint.events.clone()).unwrap_or_default();
    names
        .iter()
        .filter_map(|n| WebhookEventType::parse(n))
        .collect()
}

/// The event types some enabled endpoint of the agency hears.
pub async fn listened_to(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<BTreeSet<WebhookEventType>, DbErr> {
    let lists: Vec<serde_json::Value> = webhook_endpoint::Entity::find()
        .select_only()
        .column(webhook_endpoint::Column::Events)
        .filter(webhook_endpoint::Column::AgencyId.eq(scope.id()))
        .filter(webhook_endpoint::Column::Enabled.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    Ok(lists
        .into_iter()
        .filter_map(|list| serde_json::from_value::<Vec<String>>(list).ok())
        .flatten()
        .filter_map(|n| WebhookEventType::parse(&n))
        .collect())
}

pub struct NewEvent {
    pub kind: WebhookEventType,
    pub key: Option<String>,
    pub payload: String,
}

/// Writes events to fan out; one whose key was written before is skipped.
pub async fn insert_events(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    events: Vec<NewEvent>,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    // Chunks keep each statement under PostgreSQL's and SQLite's limits on parameters.
    for chunk in events.chunks(500) {
        let models = chunk.iter().map(|e| webhook_event::ActiveModel {
            id: Set(Uuid::now_v7()),
            agency_id: Set(scope.id()),
            event_type: Set(e.kind),
            event_key: Set(e.key.clone()),
            payload: Set(e.payload.clone()),
            created_at: Set(now),
            fanned_out_at: Set(None),
        });
        webhook_event::Entity::insert_many(models)
            .on_conflict(
                OnConflict::column(webhook_event::Column::EventKey)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<webhook_endpoint::Model>, DbErr> {
    let query =
        webhook_endpoint::Entity::find().filter(webhook_endpoint::Column::AgencyId.eq(scope.id()));
    super::pages::oldest_first(query, webhook_endpoint::Column::Id, after, limit)
        .all(db)
        .await
}

pub async fn count(db: &impl ConnectionTrait, scope: AgencyScope) -> Result<u64, DbErr> {
    webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::AgencyId.eq(scope.id()))
        .count(db)
        .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<webhook_endpoint::Model>, DbErr> {
    webhook_endpoint::Entity::find_by_id(id)
        .filter(webhook_endpoint::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// Endpoints by id, whatever their agency: for the workers, which act for every agency.
pub async fn endpoints(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<Vec<webhook_endpoint::Model>, DbErr> {
    webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::Id.is_in(ids))
        .all(db)
        .await
}

pub async fn events(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<Vec<webhook_event::Model>, DbErr> {
    webhook_event::Entity::find()
        .filter(webhook_event::Column::Id.is_in(ids))
        .all(db)
        .await
}

/// What an endpoint is told and where.
pub struct Subscription {
    pub url: String,
    pub description: Option<String>,
    pub events: Vec<WebhookEventType>,
    pub enabled: bool,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: Subscription,
    sealed_secret: String,
    now: OffsetDateTime,
) -> Result<webhook_endpoint::Model, DbErr> {
    let model = webhook_endpoint::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        url: Set(new.url),
        description: Set(new.description),
        events: Set(serde_json::json!(new.events)),
        enabled: Set(new.enabled),
        secret: Set(sealed_secret),
        previous_secret: Set(None),
        previous_secret_expires_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    webhook_endpoint::Entity::insert(model)
        .exec_with_returning(db)
        .await
}

pub async fn replace(
    db: &impl ConnectionTrait,
    endpoint: webhook_endpoint::Model,
    new: Subscription,
    now: OffsetDateTime,
) -> Result<webhook_endpoint::Model, DbErr> {
    use sea_orm::ActiveModelTrait;
    let mut model: webhook_endpoint::ActiveModel = endpoint.into();
    model.url = Set(new.url);
    model.description = Set(new.description);
    model.events = Set(serde_json::json!(new.events));
    model.enabled = Set(new.enabled);
    model.updated_at = Set(now);
    model.update(db).await
}

/// Makes `sealed_secret` the signing key; the current one signs beside it until `until`.
pub async fn rotate(
    db: &impl ConnectionTrait,
    endpoint: webhook_endpoint::Model,
    sealed_secret: String,
    until: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<webhook_endpoint::Model, DbErr> {
    use sea_orm::ActiveModelTrait;
    let previous = endpoint.secret.clone();
    let mut model: webhook_endpoint::ActiveModel = endpoint.into();
    model.previous_secret = Set(Some(previous));
    model.previous_secret_expires_at = Set(Some(until));
    model.secret = Set(sealed_secret);
    model.updated_at = Set(now);
    model.update(db).await
}

/// Deletes the endpoint with its deliveries and their attempts.
pub async fn delete(db: &impl ConnectionTrait, scope: AgencyScope, id: Uuid) -> Result<(), DbErr> {
    webhook_attempt::Entity::delete_many()
        .filter(webhook_attempt::Column::AgencyId.eq(scope.id()))
        .filter(webhook_attempt::Column::EndpointId.eq(id))
        .exec(db)
        .await?;
    webhook_delivery::Entity::delete_many()
        .filter(webhook_delivery::Column::AgencyId.eq(scope.id()))
        .filter(webhook_delivery::Column::EndpointId.eq(id))
        .exec(db)
        .await?;
    webhook_endpoint::Entity::delete_many()
        .filter(webhook_endpoint::Column::AgencyId.eq(scope.id()))
        .filter(webhook_endpoint::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

fn delivery(
    scope: AgencyScope,
    endpoint_id: Uuid,
    event: &webhook_event::Model,
    now: OffsetDateTime,
) -> webhook_delivery::ActiveModel {
    webhook_delivery::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        endpoint_id: Set(endpoint_id),
        event_id: Set(event.id),
        event_type: Set(event.event_type),
        state: Set(WebhookDeliveryState::Pending),
        attempts: Set(0),
        attempt_count: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        claimed_by: Set(None),
        created_at: Set(now),
        finished_at: Set(None),
    }
}

/// A test message for one endpoint: its event, already fanned out, and its delivery.
pub async fn insert_test(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    endpoint_id: Uuid,
    payload: String,
    now: OffsetDateTime,
) -> Result<webhook_delivery::Model, DbErr> {
    let event = webhook_event::Entity::insert(webhook_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        event_type: Set(WebhookEventType::Test),
        event_key: Set(None),
        payload: Set(payload),
        created_at: Set(now),
        fanned_out_at: Set(Some(now)),
    })
    .exec_with_returning(db)
    .await?;
    webhook_delivery::Entity::insert(delivery(scope, endpoint_id, &event, now))
        .exec_with_returning(db)
        .await
}

/// Whether anything waits: an event to fan out, or a delivery due at `now`. A read, so that
/// an idle worker's pass takes no write lock (SQLite has one writer for everyone).
pub async fn work_waiting(db: &impl ConnectionTrait, now: OffsetDateTime) -> Result<bool, DbErr> {
    let event = webhook_event::Entity::find()
        .select_only()
        .column(webhook_event::Column::Id)
        .filter(webhook_event::Column::FannedOutAt.is_null())
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    if event.is_some() {
        return Ok(true);
    }
    let due = webhook_delivery::Entity::find()
        .select_only()
        .column(webhook_delivery::Column::Id)
        .filter(webhook_delivery::Column::State.eq(WebhookDeliveryState::Pending))
        .filter(webhook_delivery::Column::NextAttemptAt.lte(now))
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    Ok(due.is_some())
}

/// Fans out up to `limit` events not yet fanned out: a delivery for each enabled endpoint of
/// the event's agency that hears its type. Returns how many events were. Call in a write
/// transaction: on PostgreSQL the events are locked (skipping those another worker holds),
/// and the unique (event, endpoint) pair makes a repeated fan-out harmless.
pub async fn fan_out(
    db: &impl ConnectionTrait,
    limit: u64,
    now: OffsetDateTime,
) -> Result<usize, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT id FROM webhook_events WHERE fanned_out_at IS NULL \
             ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED"
        }
        _ => {
            "SELECT id FROM webhook_events WHERE fanned_out_at IS NULL \
             ORDER BY created_at, id LIMIT ?"
        }
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let ids = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, [limit.into()]))
        .await?
        .iter()
        .map(|row| row.try_get::<Uuid>("", "id"))
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        return Ok(0);
    }
    let found = events(db, ids.clone()).await?;
    let agencies: BTreeSet<Uuid> = found.iter().map(|e| e.agency_id).collect();
    let endpoints = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::AgencyId.is_in(agencies))
        .filter(webhook_endpoint::Column::Enabled.eq(true))
        .all(db)
        .await?;
    let heard: Vec<(Uuid, Uuid, Vec<WebhookEventType>)> = endpoints
        .iter()
        .map(|e| (e.id, e.agency_id, events_of(e)))
        .collect();
    let mut deliveries = Vec::new();
    for event in &found {
        for (endpoint, agency, kinds) in &heard {
            if *agency == event.agency_id && kinds.contains(&event.event_type) {
                deliveries.push(delivery(AgencyScope::new(*agency), *endpoint, event, now));
            }
        }
    }
    for chunk in deliveries.chunks(300) {
        webhook_delivery::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([
                    webhook_delivery::Column::EventId,
                    webhook_delivery::Column::EndpointId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    webhook_event::Entity::update_many()
        .col_expr(webhook_event::Column::FannedOutAt, Expr::value(now))
        .filter(webhook_event::Column::Id.is_in(ids))
        .exec(db)
        .await?;
    Ok(found.len())
}

/// Claims up to `limit` deliveries that are due, for `worker` until `lease_until`. PostgreSQL
/// skips rows another worker is claiming at this instant; SQLite has one writer, so its
/// single statement is atomic.
pub async fn claim(
    db: &impl ConnectionTrait,
    worker: &str,
    now: OffsetDateTime,
    lease_until: OffsetDateTime,
    limit: u64,
) -> Result<Vec<webhook_delivery::Model>, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "UPDATE webhook_deliveries SET claimed_until = $1, claimed_by = $2 \
             WHERE id IN (SELECT id FROM webhook_deliveries \
               WHERE state = 'pending' AND next_attempt_at <= $3 \
                 AND (claimed_until IS NULL OR claimed_until < $4) \
               ORDER BY next_attempt_at, id LIMIT $5 FOR UPDATE SKIP LOCKED) \
             RETURNING id"
        }
        _ => {
            "UPDATE webhook_deliveries SET claimed_until = ?, claimed_by = ? \
             WHERE id IN (SELECT id FROM webhook_deliveries \
               WHERE state = 'pending' AND next_attempt_at <= ? \
                 AND (claimed_until IS NULL OR claimed_until < ?) \
               ORDER BY next_attempt_at, id LIMIT ?) \
             RETURNING id"
        }
    };
    let values: Vec<Value> = vec![
        lease_until.into(),
        worker.into(),
        now.into(),
        now.into(),
        i64::try_from(limit).unwrap_or(i64::MAX).into(),
    ];
    let ids = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .iter()
        .map(|row| row.try_get::<Uuid>("", "id"))
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        return Ok(vec![]);
    }
    webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::Id.is_in(ids))
        .filter(webhook_delivery::Column::ClaimedBy.eq(worker))
        .order_by_asc(webhook_delivery::Column::NextAttemptAt)
        .all(db)
        .await
}

/// What one attempt found.
pub struct Attempt {
    pub attempted_at: OffsetDateTime,
    pub status: Option<u16>,
    pub duration_ms: u64,
    pub response_excerpt: Option<String>,
    pub error: Option<String>,
}

/// Where the delivery goes after the attempt.
pub enum Next {
    Delivered,
    RetryAt(OffsetDateTime),
    Failed,
}

/// Records an attempt and its outcome, if `worker` still holds the claim (a worker whose
/// lease ran out records nothing: another has the row). True when it was recorded.
pub async fn record_attempt(
    db: &impl ConnectionTrait,
    delivery: &webhook_delivery::Model,
    worker: &str,
    attempt: Attempt,
    next: Next,
) -> Result<bool, DbErr> {
    use webhook_delivery::Column as C;
    let mut update = webhook_delivery::Entity::update_many()
        .col_expr(C::ClaimedUntil, Expr::value(Option::<OffsetDateTime>::None))
        .col_expr(C::ClaimedBy, Expr::value(Option::<String>::None))
        .col_expr(C::Attempts, Expr::col(C::Attempts).add(1))
        .col_expr(C::AttemptCount, Expr::col(C::AttemptCount).add(1));
    update = match next {
        Next::Delivered => update
            .col_expr(C::State, Expr::value(WebhookDeliveryState::Delivered))
            .col_expr(C::FinishedAt, Expr::value(attempt.attempted_at)),
        Next::RetryAt(at) => update.col_expr(C::NextAttemptAt, Expr::value(at)),
        Next::Failed => update
            .col_expr(C::State, Expr::value(WebhookDeliveryState::Failed))
            .col_expr(C::FinishedAt, Expr::value(attempt.attempted_at)),
    };
    let done = update
        .filter(C::Id.eq(delivery.id))
        .filter(C::ClaimedBy.eq(worker))
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        return Ok(false);
    }
    let bounded = |text: Option<String>, max: usize| text.map(|t| t.chars().take(max).collect());
    webhook_attempt::Entity::insert(webhook_attempt::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(delivery.agency_id),
        delivery_id: Set(delivery.id),
        endpoint_id: Set(delivery.endpoint_id),
        attempted_at: Set(attempt.attempted_at),
        status: Set(attempt.status.map(i32::from)),
        duration_ms: Set(i64::try_from(attempt.duration_ms).unwrap_or(i64::MAX)),
        response_excerpt: Set(bounded(attempt.response_excerpt, 1024)),
        error: Set(bounded(attempt.error, 500)),
    })
    .exec_without_returning(db)
    .await?;
    Ok(true)
}

/// An endpoint's deliveries, newest first, before the cursor's id.
pub async fn deliveries(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    endpoint_id: Uuid,
    before: Option<Uuid>,
    limit: u64,
) -> Result<Vec<webhook_delivery::Model>, DbErr> {
    let query = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::AgencyId.eq(scope.id()))
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id));
    super::pages::newest_first(query, webhook_delivery::Column::Id, before, limit)
        .all(db)
        .await
}

pub async fn get_delivery(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    endpoint_id: Uuid,
    id: Uuid,
) -> Result<Option<webhook_delivery::Model>, DbErr> {
    webhook_delivery::Entity::find_by_id(id)
        .filter(webhook_delivery::Column::AgencyId.eq(scope.id()))
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id))
        .one(db)
        .await
}

/// The attempts of some deliveries, newest first.
pub async fn attempts(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    delivery_ids: Vec<Uuid>,
) -> Result<Vec<webhook_attempt::Model>, DbErr> {
    webhook_attempt::Entity::find()
        .filter(webhook_attempt::Column::AgencyId.eq(scope.id()))
        .filter(webhook_attempt::Column::DeliveryId.is_in(delivery_ids))
        .order_by_desc(webhook_attempt::Column::Id)
        .all(db)
        .await
}

/// Queues a delivery that is not pending again, for a new round of attempts. None when it
/// was pending (nothing to do) or is not the endpoint's.
pub async fn replay(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    endpoint_id: Uuid,
    id: Uuid,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    use webhook_delivery::Column as C;
    let done = webhook_delivery::Entity::update_many()
        .col_expr(C::State, Expr::value(WebhookDeliveryState::Pending))
        .col_expr(C::Attempts, Expr::value(0))
        .col_expr(C::NextAttemptAt, Expr::value(now))
        .col_expr(C::FinishedAt, Expr::value(Option::<OffsetDateTime>::None))
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::EndpointId.eq(endpoint_id))
        .filter(C::Id.eq(id))
        .filter(C::State.ne(WebhookDeliveryState::Pending))
        .exec(db)
        .await?;
    Ok(done.rows_affected > 0)
}
