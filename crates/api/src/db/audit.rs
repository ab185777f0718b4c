//! The append-only audit log: written in the same transaction as the change it records.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
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
}

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
        occurred_at: Set(OffsetDateTime::now_utc()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The agency's events, newest first (ids are time-ordered UUIDv7).
pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    before: Option<Uuid>,
    limit: u64,
) -> Result<Vec<audit_event::Model>, DbErr> {
    let mut query = AuditEvents::find().filter(audit_event::Column::AgencyId.eq(scope.id()));
    if let Some(before) = before {
        query = query.filter(audit_event::Column::Id.lt(before));
    }
    query
        .order_by_desc(audit_event::Column::Id)
        .limit(limit)
        .all(db)
        .await
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
