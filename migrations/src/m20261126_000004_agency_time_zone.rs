//! The agency's time zone: "today" for a verdict is the agency's today.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Agencies {
    Table,
    TimeZone,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Agencies::Table)
                .add_column(
                    ColumnDef::new(Agencies::TimeZone)
                        .string_len(64)
                        .not_null()
                        .default("UTC"),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Agencies::Table)
                .drop_column(Agencies::TimeZone)
                .to_owned(),
        )
        .await
    }
}
