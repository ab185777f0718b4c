//! Certificates: one uploaded document per training record, encrypted on disk under the data
//! directory; the row holds what the file is and the SHA-256 of its content.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Certificates {
    Table,
    /// Also the name of the encrypted file.
    Id,
    AgencyId,
    RecordId,
    ContentType,
    SizeBytes,
    Sha256,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TrainingRecords {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Certificates::Table)
                .col(
                    ColumnDef::new(Certificates::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Certificates::AgencyId).uuid().not_null())
                .col(
                    ColumnDef::new(Certificates::RecordId)
                        .uuid()
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(Certificates::ContentType)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Certificates::SizeBytes)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Certificates::Sha256)
                        .string_len(64)
                        .not_null(),
                )
                .col(ColumnDef::new(Certificates::UploadedBy).uuid().not_null())
                .col(
                    ColumnDef::new(Certificates::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Certificates::Table, Certificates::RecordId)
                        .to(TrainingRecords::Table, TrainingRecords::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Certificates::Table).to_owned())
            .await
    }
}
