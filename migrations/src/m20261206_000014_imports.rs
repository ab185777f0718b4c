//! Import batches: a file uploaded to be read into the roster or the training history, how
//! its columns were mapped, what its commit did, and each row it wrote (with what a changed
//! row held before), so that the batch can be undone as a whole.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ImportBatches {
    Table,
    Id,
    AgencyId,
    Kind,
    Status,
    FileName,
    Sha256,
    SizeBytes,
    Sheet,
    Headers,
    RowCount,
    Mapping,
    Counts,
    CreatedBy,
    CreatedAt,
    CommittedAt,
    UndoneAt,
}

#[derive(DeriveIden)]
enum ImportBatchItems {
    Table,
    BatchId,
    AgencyId,
    Entity,
    EntityId,
    Action,
    Before,
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
                .table(ImportBatches::Table)
                .col(
                    ColumnDef::new(ImportBatches::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(ImportBatches::AgencyId).uuid().not_null())
                .col(ColumnDef::new(ImportBatches::Kind).string().not_null())
                .col(ColumnDef::new(ImportBatches::Status).string().not_null())
                .col(ColumnDef::new(ImportBatches::FileName).string().not_null())
                .col(ColumnDef::new(ImportBatches::Sha256).string().not_null())
                .col(
                    ColumnDef::new(ImportBatches::SizeBytes)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(ImportBatches::Sheet).string().null())
                .col(ColumnDef::new(ImportBatches::Headers).json().not_null())
                .col(ColumnDef::new(ImportBatches::RowCount).integer().not_null())
                .col(ColumnDef::new(ImportBatches::Mapping).json().not_null())
                .col(ColumnDef::new(ImportBatches::Counts).json().null())
                .col(ColumnDef::new(ImportBatches::CreatedBy).uuid().not_null())
                .col(
                    ColumnDef::new(ImportBatches::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ImportBatches::CommittedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(ImportBatches::UndoneAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ImportBatches::Table, ImportBatches::AgencyId)
                        .to(Agencies::Table, Agencies::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("import_batches_agency_sha256")
                .table(ImportBatches::Table)
                .col(ImportBatches::AgencyId)
                .col(ImportBatches::Sha256)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ImportBatchItems::Table)
                .col(ColumnDef::new(ImportBatchItems::BatchId).uuid().not_null())
                .col(ColumnDef::new(ImportBatchItems::AgencyId).uuid().not_null())
                .col(ColumnDef::new(ImportBatchItems::Entity).string().not_null())
                .col(ColumnDef::new(ImportBatchItems::EntityId).uuid().not_null())
                .col(ColumnDef::new(ImportBatchItems::Action).string().not_null())
                .col(ColumnDef::new(ImportBatchItems::Before).json().null())
                .primary_key(
                    Index::create()
                        .col(ImportBatchItems::BatchId)
                        .col(ImportBatchItems::EntityId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ImportBatchItems::Table, ImportBatchItems::BatchId)
                        .to(ImportBatches::Table, ImportBatches::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ImportBatchItems::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ImportBatches::Table).to_owned())
            .await
    }
}
