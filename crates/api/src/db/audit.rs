//! The append-only audit log: written in the same transaction as the change it records, each
//! event chained to the one before it in its agency (see [`super::audit_chain`]).

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Statement,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::audit_chain::{self, GENESIS, Link};
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

/// Appends the event to its agency's chain, within the write transaction `txn` (of
/// [`super::begin_write`]) of the change it records. The chain is locked for the rest of the
/// transaction, so two writers never both take the same last event as their previous one;
/// outside a transaction nothing would hold that lock.
pub async fn record(txn: &impl ConnectionTrait, entry: AuditEntry<'_>) -> Result<(), DbErr> {
    lock_chain(txn, entry.agency_id).await?;
    let last = last_link(txn, entry.agency_id).await?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_owned()),
    };
    let mut event = audit_event::Model {
        id: Uuid::now_v7(),
        agency_id: entry.agency_id,
        actor_user_id: entry.actor_user_id,
        action: entry.action.to_owned(),
        outcome: if entry.success { "success" } else { "failure" }.to_owned(),
        target_type: entry.target.map(|(kind, _)| kind.to_owned()),
        target_id: entry.target.map(|(_, id)| id),
        ip: entry.meta.ip.clone(),
        request_id: entry.meta.request_id.clone(),
        occurred_at: audit_chain::to_micros(OffsetDateTime::now_utc()),
        seq: Some(seq),
        prev_hash: Some(prev_hash),
        hash: None,
    };
    event.hash = Link::of(&event).map(|link| link.hash());
    audit_event::ActiveModel::from(event)
        .reset_all()
        .insert(txn)
        .await?;
    Ok(())
}

/// Holds the agency's chain (the platform's when `agency_id` is absent) until the
/// transaction ends. SQLite needs nothing: [`super::begin_write`] already lets one writer in
/// at a time. On PostgreSQL an advisory lock of the two-key form, whose keys never meet the
/// one-key locks of [`super::guard_files`].
async fn lock_chain(txn: &impl ConnectionTrait, agency_id: Option<Uuid>) -> Result<(), DbErr> {
    if txn.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    let (high, low) = agency_id.unwrap_or_default().as_u64_pair();
    let folded = high ^ low;
    // Two agencies folded to the same key only wait for each other.
    let key = ((folded >> 32) as u32 ^ folded as u32).cast_signed();
    txn.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1, $2)",
        [CHAIN_LOCK_CLASS.into(), key.into()],
    ))
    .await?;
    Ok(())
}

/// The first key of the chain locks: "audt".
const CHAIN_LOCK_CLASS: i32 = 0x6175_6474;

/// The events of the agency's chain (the platform's when `agency_id` is absent).
pub fn in_chain(agency_id: Option<Uuid>) -> sea_orm::Condition {
    use audit_event::Column as C;
    sea_orm::Condition::all().add(match agency_id {
        Some(id) => C::AgencyId.eq(id),
        None => C::AgencyId.is_null(),
    })
}

/// The `seq` and `hash` of the chain's last event.
async fn last_link(
    db: &impl ConnectionTrait,
    agency_id: Option<Uuid>,
) -> Result<Option<(i64, String)>, DbErr> {
    use audit_event::Column as C;
    let last: Option<(Option<i64>, Option<String>)> = AuditEvents::find()
        .select_only()
        .column(C::Seq)
        .column(C::Hash)
        .filter(in_chain(agency_id))
        .filter(C::Seq.is_not_null())
        .order_by_desc(C::Seq)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    Ok(last.and_then(|(seq, hash)| Some((seq?, hash.unwrap_or_default()))))
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
