//! The append-only audit log: written in the same transaction as the change it records, then
//! chained to the event before it in its agency by the sealer (see [`super::audit_seal`]).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::audit_chain;
use super::entity::audit_event::{self, Entity as AuditEvents};
use crate::http::RequestMeta;

/// One thing that happened, by whom, to what.
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub agency_id: Option<Uuid>,
    pub actor_user_id: Option<Uuid>,
    pub action: &'a str,
    pub success: bool,
    pub target: Option<(&'a str, Uuid)>,
    pub meta: &'a RequestMeta,
    /// When it happened, by the server's clock.
    pub at: OffsetDateTime,
}

/// Writes the event, within the transaction (if any) of the change it records. It is written
/// unsealed (no `seq`, `prev_hash` or `hash`) and takes no lock: the sealer
/// ([`super::audit_seal`]) chains it within seconds, in a transaction of its own.
pub async fn record(db: &impl ConnectionTrait, entry: AuditEntry<'_>) -> Result<(), DbErr> {
    audit_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(entry.agency_id),
        actor_user_id: Set(entry.actor_user_id),
        action: Set(entry.action.to_owned()),
        outcome: Set(if entry.success { "success" } else { "failure" }.to_owned()),
        target_type: Set(entry.target.map(|(kind, _)| kind.to_owned())),
        target_id: Set(entry.target.map(|(_, id)| id)),
        ip: Set(entry.meta.ip.clone()),
        request_id: Set(entry.meta.request_id.clone()),
        occurred_at: Set(audit_chain::to_micros(entry.at)),
        seq: Set(None),
        prev_hash: Set(None),
        hash: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The events of the agency's chain (the platform's when `agency_id` is absent).
pub fn in_chain(agency_id: Option<Uuid>) -> sea_orm::Condition {
    use audit_event::Column as C;
    sea_orm::Condition::all().add(match agency_id {
        Some(id) => C::AgencyId.eq(id),
        None => C::AgencyId.is_null(),
    })
}

/// Which of the agency's events a list shows.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<Uuid>,
    /// The action, or the start of one (`person.` for every change to people).
    pub action: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<Uuid>,
    /// From this instant (inclusive) to that one (exclusive).
    pub after: Option<OffsetDateTime>,
    pub before: Option<OffsetDateTime>,
}

/// The agency's events, newest first (ids are time-ordered UUIDv7), after the cursor `older_than`.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    filter: &AuditFilter,
    older_than: Option<Uuid>,
    limit: u64,
) -> Result<Vec<audit_event::Model>, DbErr> {
    use audit_event::Column as C;
    let mut query = AuditEvents::find().filter(C::AgencyId.eq(scope.id()));
    if let Some(id) = older_than {
        query = query.filter(C::Id.lt(id));
    }
    if let Some(actor) = filter.actor {
        query = query.filter(C::ActorUserId.eq(actor));
    }
    if let Some(action) = &filter.action {
        // The action's own `_` is a letter here, not LIKE's any-character.
        let escaped = action
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = sea_orm::sea_query::LikeExpr::new(format!("{escaped}%")).escape('\\');
        query = query.filter(C::Action.like(pattern));
    }
    if let Some(kind) = &filter.target_type {
        query = query.filter(C::TargetType.eq(kind.as_str()));
    }
    if let Some(id) = filter.target_id {
        query = query.filter(C::TargetId.eq(id));
    }
    if let Some(at) = filter.after {
        query = query.filter(C::OccurredAt.gte(at));
    }
    if let Some(at) = filter.before {
        query = query.filter(C::OccurredAt.lt(at));
    }
    query.order_by_desc(C::Id).limit(limit).all(db).await
}

/// The agency's events from `start` (inclusive) to `end` (exclusive), oldest first, at most
/// `limit` of them.
pub async fn between(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    start: OffsetDateTime,
    end: OffsetDateTime,
    limit: u64,
) -> Result<Vec<audit_event::Model>, DbErr> {
    AuditEvents::find()
        .filter(audit_event::Column::AgencyId.eq(scope.id()))
        .filter(audit_event::Column::OccurredAt.gte(start))
        .filter(audit_event::Column::OccurredAt.lt(end))
        .order_by_asc(audit_event::Column::OccurredAt)
        .order_by_asc(audit_event::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
