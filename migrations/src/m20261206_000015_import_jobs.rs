//! A commit runs as the server's own work: a batch is claimed (`committing`, from when), and
//! a commit that failed says why, so a coordinator who left the page learns it on return.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ImportBatches {
    Table,
    StartedAt,
    Failure,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one change at a time.
        m.alter_table(
            Table::alter()
                .table(ImportBatches::Table)
                .add_column(
                    ColumnDef::new(ImportBatches::StartedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ImportBatches::Table)
                .add_column(ColumnDef::new(ImportBatches::Failure).text().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ImportBatches::Table)
                .drop_column(ImportBatches::Failure)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ImportBatches::Table)
                .drop_column(ImportBatches::StartedAt)
                .to_owned(),
        )
        .await
    }
}
