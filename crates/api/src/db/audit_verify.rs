//! Walking the audit log's chains (see [`super::audit_chain`]) to find the first event that
//! does not hold: one page of events at a time, so a long log is never held in memory. The
//! events written so far are sealed first ([`super::audit_seal`]), so every event older than
//! the walk is in a chain.
//!
//! What a chain cannot show: events removed from its end (the last event left still holds),
//! or a chain rewritten as a whole by someone who can write to the database and recompute
//! every hash. Comparing the last hash with one kept elsewhere catches both.

use std::fmt;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::audit::in_chain;
use super::audit_chain::{GENESIS, Link};
use super::entity::audit_event::{self, Column as C, Entity as AuditEvents};

/// Events read at a time.
const PAGE: u64 = 1_000;

/// What is wrong with an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The event's fields and `prev_hash` do not give its `hash`: it was edited.
    HashMismatch,
    /// Its `prev_hash` is not the `hash` of the event before it.
    PrevHashMismatch,
    /// Its `seq` is not the one after the event before it: events are missing.
    Gap { expected: i64 },
    /// It has a hash but no place in the chain, which the sealer never leaves: it was taken
    /// out of the chain (its `seq` cleared) or written outside the application.
    Unchained,
}

/// The first event of a chain that does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub agency_id: Option<Uuid>,
    pub seq: Option<i64>,
    pub event_id: Uuid,
    pub fault: Fault,
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.agency_id {
            Some(id) => write!(f, "agency {id}")?,
            None => write!(f, "platform (no agency)")?,
        }
        match self.seq {
            Some(seq) => write!(f, ", seq {seq}")?,
            None => write!(f, ", no seq")?,
        }
        write!(f, ", event {}: ", self.event_id)?;
        match &self.fault {
            Fault::HashMismatch => write!(f, "hash mismatch (the event was changed)"),
            Fault::PrevHashMismatch => write!(
                f,
                "prev_hash mismatch (it is not the hash of the event before)"
            ),
            Fault::Gap { expected } => {
                write!(f, "gap in seq (expected {expected}: events are missing)")
            }
            Fault::Unchained => write!(f, "not in the chain (it has a hash but no seq)"),
        }
    }
}

/// The outcome of walking every chain asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Intact { chains: usize, events: u64 },
    Broken(BrokenLink),
}

/// Seals the events written so far, then walks the chain of `agency`, or every chain (the
/// platform's too) when it is absent.
pub async fn verify(db: &DatabaseConnection, agency: Option<Uuid>) -> Result<Verdict, DbErr> {
    super::audit_seal::seal(db).await?;
    let chains: Vec<Option<Uuid>> = match agency {
        Some(id) => vec![Some(id)],
        None => {
            AuditEvents::find()
                .select_only()
                .column(C::AgencyId)
                .distinct()
                .into_tuple()
                .all(db)
                .await?
        }
    };
    let mut events = 0;
    for chain in &chains {
        match walk(db, *chain).await? {
            Ok(count) => events += count,
            Err(broken) => return Ok(Verdict::Broken(broken)),
        }
    }
    Ok(Verdict::Intact {
        chains: chains.len(),
        events,
    })
}

/// The number of events of the chain, or its first broken link.
async fn walk(
    db: &impl ConnectionTrait,
    agency_id: Option<Uuid>,
) -> Result<Result<u64, BrokenLink>, DbErr> {
    let broken = |event: &audit_event::Model, fault| BrokenLink {
        agency_id,
        seq: event.seq,
        event_id: event.id,
        fault,
    };
    let mut expected: i64 = 1;
    let mut prev = GENESIS.to_owned();
    loop {
        let page = AuditEvents::find()
            .filter(in_chain(agency_id))
            .filter(C::Seq.gte(expected))
            .order_by_asc(C::Seq)
            .limit(PAGE)
            .all(db)
            .await?;
        for event in &page {
            if event.seq != Some(expected) {
                return Ok(Err(broken(event, Fault::Gap { expected })));
            }
            if event.prev_hash.as_deref() != Some(prev.as_str()) {
                return Ok(Err(broken(event, Fault::PrevHashMismatch)));
            }
            let recomputed = Link::of(event).map(|link| link.hash());
            if recomputed.is_none() || recomputed != event.hash {
                return Ok(Err(broken(event, Fault::HashMismatch)));
            }
            prev = event.hash.clone().unwrap_or_default();
            expected += 1;
        }
        if (page.len() as u64) < PAGE {
            break;
        }
    }
    // The seal before the walk chained every event it could see as `record` writes them, so
    // one still without a `seq` is either written since (not a fault) or one the sealer
    // leaves alone: it has a hash, so it was in a chain once and was taken out of it.
    let unchained = AuditEvents::find()
        .filter(in_chain(agency_id))
        .filter(C::Seq.is_null())
        .filter(C::Hash.is_not_null())
        .order_by_asc(C::OccurredAt)
        .order_by_asc(C::Id)
        .one(db)
        .await?;
    if let Some(event) = unchained {
        return Ok(Err(broken(&event, Fault::Unchained)));
    }
    Ok(Ok(u64::try_from(expected - 1).unwrap_or_default()))
}
