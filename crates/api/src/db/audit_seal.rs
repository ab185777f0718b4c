//! The sealer: chains the audit events that [`super::audit::record`] wrote unsealed.
//!
//! Recording an event takes no lock, so an application write never waits on the chain. The
//! sealer gives each unsealed event, in `(occurred_at, id)` order, the next `seq` of its
//! agency's chain, the `hash` of the chain's last event as its `prev_hash`, and its own
//! `hash` (see [`super::audit_chain`]). It works in short write transactions of its own, a
//! batch of events each, under one lock that only sealers take (a PostgreSQL advisory lock;
//! on SQLite the write lock of [`super::begin_write`]). Its transactions only update
//! `audit_events` rows, which the application never updates or locks, so they cannot
//! deadlock with the application's; one that fails leaves its batch unsealed for the next
//! run.
//!
//! An event is sealed once: the sealer only takes events with neither `seq` nor `hash`, as
//! [`super::audit::record`] writes them, so an event whose `seq` was cleared behind the
//! application's back stays out of the chain and verification names it.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Statement,
};
use uuid::Uuid;

use super::audit::in_chain;
use super::audit_chain::{GENESIS, Link};
use super::entity::audit_event::{Column as C, Entity as AuditEvents};

/// Events sealed per transaction: enough to keep up with any load, few enough that the
/// transaction (and on SQLite, the write lock it holds) stays short.
pub const BATCH: u64 = 500;

/// Seals every unsealed event there is, a batch per transaction, until a batch comes back
/// short; answers how many it sealed. An error leaves the batch it was sealing unsealed
/// (those before it stay sealed).
pub async fn seal(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let mut sealed = 0;
    loop {
        let count = seal_batch(db).await?;
        sealed += count;
        if count < BATCH {
            return Ok(sealed);
        }
    }
}

/// Seals up to [`BATCH`] of the oldest unsealed events, in one write transaction.
async fn seal_batch(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let txn = super::begin_write(db).await?;
    lock_sealer(&txn).await?;
    let events = AuditEvents::find()
        .filter(unsealed())
        .order_by_asc(C::OccurredAt)
        .order_by_asc(C::Id)
        .limit(BATCH)
        .all(&txn)
        .await?;
    // The last seq and hash of each chain this batch reaches.
    let mut tails: HashMap<Option<Uuid>, (i64, String)> = HashMap::new();
    for mut event in events.iter().cloned() {
        let tail = match tails.entry(event.agency_id) {
            Entry::Occupied(tail) => tail.into_mut(),
            Entry::Vacant(slot) => slot.insert(last_link(&txn, event.agency_id).await?),
        };
        event.seq = Some(tail.0 + 1);
        event.prev_hash = Some(tail.1.clone());
        let hash = Link::of(&event)
            .map(|link| link.hash())
            .ok_or_else(|| DbErr::Custom("an event to seal has no place".into()))?;
        let updated = AuditEvents::update_many()
            .col_expr(C::Seq, Expr::value(event.seq))
            .col_expr(C::PrevHash, Expr::value(event.prev_hash.clone()))
            .col_expr(C::Hash, Expr::value(hash.clone()))
            .filter(C::Id.eq(event.id))
            .filter(unsealed())
            .exec(&txn)
            .await?;
        if updated.rows_affected != 1 {
            // Only a sealer holding the lock seals, so this is someone else's write: leave
            // the whole batch to the next run rather than chain past it.
            return Err(DbErr::Custom(format!(
                "audit event {} changed while it was being sealed",
                event.id
            )));
        }
        *tail = (tail.0 + 1, hash);
    }
    txn.commit().await?;
    Ok(events.len() as u64)
}

/// The events as [`super::audit::record`] writes them: no place in a chain yet.
fn unsealed() -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(C::Seq.is_null())
        .add(C::Hash.is_null())
}

/// Holds the sealer's lock until the transaction ends, so two sealers (in one process or
/// several) never take the same last event as their previous one. On SQLite the write lock
/// of [`super::begin_write`] already lets one writer in at a time. On PostgreSQL an advisory
/// lock of the two-key form, whose keys never meet the one-key locks of
/// [`super::guard_files`]; only sealers take it, so it waits for nothing but another seal.
async fn lock_sealer(txn: &impl ConnectionTrait) -> Result<(), DbErr> {
    if txn.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    txn.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1, $2)",
        [SEAL_LOCK_CLASS.into(), 0i32.into()],
    ))
    .await?;
    Ok(())
}

/// The first key of the sealer's lock: "audt".
const SEAL_LOCK_CLASS: i32 = 0x6175_6474;

/// The `seq` and `hash` of the chain's last event: `(0, GENESIS)` for an empty chain.
async fn last_link(
    db: &impl ConnectionTrait,
    agency_id: Option<Uuid>,
) -> Result<(i64, String), DbErr> {
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
    Ok(match last {
        Some((Some(seq), hash)) => (seq, hash.unwrap_or_default()),
        _ => (0, GENESIS.to_owned()),
    })
}
