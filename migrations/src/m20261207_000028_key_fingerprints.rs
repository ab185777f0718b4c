//! A keyed fingerprint of each secret every server of one database must share (the token
//! secret and the file key), recorded by the first server to start, so a server started with
//! a different one refuses to start instead of refusing the others' sessions or failing to
//! read their files. Never the secret itself.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum KeyFingerprints {
    Table,
    Name,
    Fingerprint,
    RecordedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(KeyFingerprints::Table)
                .col(
                    ColumnDef::new(KeyFingerprints::Name)
                        .string()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(KeyFingerprints::Fingerprint)
                        .string()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(KeyFingerprints::RecordedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(KeyFingerprints::Table).to_owned())
            .await
    }
}
