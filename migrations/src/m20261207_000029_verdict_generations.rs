//! Each stored verdict remembers the agency generation that wrote it, so that a server
//! holding a dashboard of generation N reads only the verdicts written since N instead of
//! every verdict of the agency; and the agency remembers the last generation at which its
//! verdicts changed wholesale (people erased, everyone re-evaluated under new rules or a new
//! time zone), before which nothing kept can be brought up to date piece by piece.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ComplianceSnapshots {
    Table,
    AgencyId,
    Generation,
}

#[derive(DeriveIden)]
enum SnapshotGenerations {
    Table,
    ResetGeneration,
}

const INDEX: &str = "compliance_snapshots_generation_idx";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        m.alter_table(
            Table::alter()
                .table(ComplianceSnapshots::Table)
                .add_column(
                    ColumnDef::new(ComplianceSnapshots::Generation)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(INDEX)
                .table(ComplianceSnapshots::Table)
                .col(ComplianceSnapshots::AgencyId)
                .col(ComplianceSnapshots::Generation)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(SnapshotGenerations::Table)
                .add_column(
                    ColumnDef::new(SnapshotGenerations::ResetGeneration)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(SnapshotGenerations::Table)
                .drop_column(SnapshotGenerations::ResetGeneration)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name(INDEX)
                .table(ComplianceSnapshots::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ComplianceSnapshots::Table)
                .drop_column(ComplianceSnapshots::Generation)
                .to_owned(),
        )
        .await
    }
}
