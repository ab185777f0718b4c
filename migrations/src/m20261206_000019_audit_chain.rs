//! The audit log becomes a hash chain per agency (and one for the platform's own events,
//! whose agency is absent): `seq` numbers an agency's events 1, 2, 3, ... in the order they
//! were chained, `prev_hash` is the `hash` of the event before (64 zeros for the first), and
//! `hash` is the SHA-256 of the event's fields and `prev_hash`.
//!
//! The application writes events unsealed (all three absent) and its sealer chains them, in
//! `(occurred_at, id)` order, within seconds. The events already stored are left unsealed
//! here: the sealer chains them like any other, a batch per transaction, on the server's
//! first run or at the start of `confitrek audit verify`. The columns stay nullable for that
//! reason (and because SQLite cannot make a column NOT NULL without rebuilding the table).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum AuditEvents {
    Table,
    AgencyId,
    Seq,
    PrevHash,
    Hash,
}

const CHAIN_INDEX: &str = "audit_events_chain_idx";
const UNSEALED_INDEX: &str = "audit_events_unsealed_idx";

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
        // Two events can never take the same place in an agency's chain. (The platform's
        // chain, whose agency is NULL, relies on the sealer's lock alone: NULLs are distinct
        // in a unique index, as are the unsealed events' NULL seqs.)
        m.create_index(
            Index::create()
                .name(CHAIN_INDEX)
                .table(AuditEvents::Table)
                .col(AuditEvents::AgencyId)
                .col(AuditEvents::Seq)
                .unique()
                .to_owned(),
        )
        .await?;
        // The sealer's next events, found without reading the sealed ones. A partial index,
        // written out because the schema builder has none; both databases read it the same.
        m.get_connection()
            .execute_unprepared(&format!(
                "CREATE INDEX {UNSEALED_INDEX} ON audit_events (occurred_at, id) \
                 WHERE seq IS NULL"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for index in [UNSEALED_INDEX, CHAIN_INDEX] {
            m.drop_index(
                Index::drop()
                    .name(index)
                    .table(AuditEvents::Table)
                    .to_owned(),
            )
            .await?;
        }
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
