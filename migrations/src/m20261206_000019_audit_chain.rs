//! The audit log becomes a hash chain per agency (and one for the platform's own events,
//! whose agency is absent): `seq` numbers an agency's events 1, 2, 3, ... in the order they
//! were chained, `prev_hash` is the `hash` of the event before (64 zeros for the first), and
//! `hash` is the SHA-256 of the event's fields and `prev_hash`.
//!
//! The events already written are chained here, each agency's in id order (UUIDv7, so the
//! order they were written in, to the millisecond): leaving them unhashed would leave the
//! whole history before this migration open to silent edits, and a verifier that starts at
//! the first hashed event cannot tell an old event from one inserted later with no hash. After
//! this migration an event without a `seq` is one the application did not write, and
//! verification reports it. The columns stay nullable because SQLite cannot make a column
//! NOT NULL without rebuilding the table.
//!
//! The bytes hashed are copied below from `confitrek_api::db::audit_chain` (format 1) and must
//! not change, here or there: a migration that has shipped is never edited.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::TimeDateTimeWithTimeZone;
use sea_orm_migration::sea_orm::{ConnectionTrait, QueryResult};
use sha2::{Digest, Sha256};
use uuid::Uuid;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum AuditEvents {
    Table,
    Id,
    AgencyId,
    ActorUserId,
    Action,
    Outcome,
    TargetType,
    TargetId,
    Ip,
    RequestId,
    OccurredAt,
    Seq,
    PrevHash,
    Hash,
}

const CHAIN_INDEX: &str = "audit_events_chain_idx";
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Events read at a time: an agency's whole log is never held at once.
const PAGE: u64 = 1_000;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one change at a time.
        for column in [
            ColumnDef::new(AuditEvents::Seq)
                .big_integer()
                .null()
                .to_owned(),
            ColumnDef::new(AuditEvents::PrevHash)
                .string_len(64)
                .null()
                .to_owned(),
            ColumnDef::new(AuditEvents::Hash)
                .string_len(64)
                .null()
                .to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        chain_existing(m).await?;
        // Two events can never take the same place in an agency's chain. (The platform's
        // chain, whose agency is NULL, relies on the lock the application takes alone: NULLs
        // are distinct in a unique index.)
        m.create_index(
            Index::create()
                .name(CHAIN_INDEX)
                .table(AuditEvents::Table)
                .col(AuditEvents::AgencyId)
                .col(AuditEvents::Seq)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name(CHAIN_INDEX)
                .table(AuditEvents::Table)
                .to_owned(),
        )
        .await?;
        for column in [AuditEvents::Hash, AuditEvents::PrevHash, AuditEvents::Seq] {
            m.alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

async fn chain_existing(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    let chains = db
        .query_all(
            Query::select()
                .distinct()
                .column(AuditEvents::AgencyId)
                .from(AuditEvents::Table),
        )
        .await?
        .iter()
        .map(|row| row.try_get::<Option<Uuid>>("", "agency_id"))
        .collect::<Result<Vec<_>, _>>()?;
    for agency in chains {
        let mut after: Option<Uuid> = None;
        let mut seq: i64 = 0;
        let mut prev = GENESIS.to_owned();
        loop {
            let mut page = Query::select();
            page.columns([
                AuditEvents::Id,
                AuditEvents::AgencyId,
                AuditEvents::ActorUserId,
                AuditEvents::Action,
                AuditEvents::Outcome,
                AuditEvents::TargetType,
                AuditEvents::TargetId,
                AuditEvents::Ip,
                AuditEvents::RequestId,
                AuditEvents::OccurredAt,
            ])
            .from(AuditEvents::Table)
            .and_where(match agency {
                Some(id) => Expr::col(AuditEvents::AgencyId).eq(id),
                None => Expr::col(AuditEvents::AgencyId).is_null(),
            })
            .order_by(AuditEvents::Id, Order::Asc)
            .limit(PAGE);
            if let Some(id) = after {
                page.and_where(Expr::col(AuditEvents::Id).gt(id));
            }
            let rows = db.query_all(&page).await?;
            for row in &rows {
                seq += 1;
                let id: Uuid = row.try_get("", "id")?;
                let hash = hash(&canonical(row, seq, &prev)?);
                db.execute(
                    Query::update()
                        .table(AuditEvents::Table)
                        .values([
                            (AuditEvents::Seq, seq.into()),
                            (AuditEvents::PrevHash, prev.clone().into()),
                            (AuditEvents::Hash, hash.clone().into()),
                        ])
                        .and_where(Expr::col(AuditEvents::Id).eq(id)),
                )
                .await?;
                prev = hash;
                after = Some(id);
            }
            if (rows.len() as u64) < PAGE {
                break;
            }
        }
    }
    Ok(())
}

/// Format 1 of the chained bytes: one line per field in a fixed order, `name-` when absent,
/// else `name=`, the value's length in bytes, `:` and the value.
fn canonical(row: &QueryResult, seq: i64, prev_hash: &str) -> Result<Vec<u8>, DbErr> {
    let uuid = |name: &str| -> Result<Option<String>, DbErr> {
        Ok(row
            .try_get::<Option<Uuid>>("", name)?
            .map(|u| u.hyphenated().to_string()))
    };
    let text = |name: &str| row.try_get::<Option<String>>("", name);
    let occurred_at: TimeDateTimeWithTimeZone = row.try_get("", "occurred_at")?;
    let fields: [(&str, Option<String>); 12] = [
        ("id", uuid("id")?),
        ("agency_id", uuid("agency_id")?),
        ("seq", Some(seq.to_string())),
        ("actor_user_id", uuid("actor_user_id")?),
        ("action", text("action")?),
        ("outcome", text("outcome")?),
        ("target_type", text("target_type")?),
        ("target_id", uuid("target_id")?),
        ("ip", text("ip")?),
        ("request_id", text("request_id")?),
        ("occurred_at", Some(instant(occurred_at))),
        ("prev_hash", Some(prev_hash.to_owned())),
    ];
    let mut out = b"confitrek-audit-chain 1\n".to_vec();
    for (name, value) in fields {
        out.extend_from_slice(name.as_bytes());
        match value {
            None => out.push(b'-'),
            Some(v) => {
                out.extend_from_slice(format!("={}:", v.len()).as_bytes());
                out.extend_from_slice(v.as_bytes());
            }
        }
        out.push(b'\n');
    }
    Ok(out)
}

/// RFC 3339 in UTC with six digits of fraction, cut (not rounded) to the microsecond.
fn instant(at: TimeDateTimeWithTimeZone) -> String {
    let utc = at.to_offset(time::UtcOffset::UTC);
    let micros = utc.nanosecond() / 1_000;
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{micros:06}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
}

fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
