//! A counter per agency that moves whenever one of its stored verdicts is written, so that a
//! server can keep the agency's dashboard in memory and know, with one small read, whether
//! it is still current.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SnapshotGenerations {
    Table,
    AgencyId,
    Generation,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SnapshotGenerations::Table)
                .col(
                    ColumnDef::new(SnapshotGenerations::AgencyId)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(SnapshotGenerations::Generation)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SnapshotGenerations::Table, SnapshotGenerations::AgencyId)
                        .to(Agencies::Table, Agencies::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SnapshotGenerations::Table).to_owned())
            .await
    }
}
