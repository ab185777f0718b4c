//! Policy documents: a version of a policy may carry an uploaded document (the signed PDF of
//! the general order), stored encrypted like certificates.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PolicyDocuments {
    Table,
    /// Also the name of the encrypted file.
    Id,
    AgencyId,
    PolicyId,
    ContentType,
    SizeBytes,
    Sha256,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Policies {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PolicyDocuments::Table)
                .col(
                    ColumnDef::new(PolicyDocuments::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(PolicyDocuments::AgencyId).uuid().not_null())
                .col(ColumnDef::new(PolicyDocuments::PolicyId).uuid().not_null())
                .col(
                    ColumnDef::new(PolicyDocuments::ContentType)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PolicyDocuments::SizeBytes)
                        .big_integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PolicyDocuments::Sha256)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PolicyDocuments::UploadedBy)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PolicyDocuments::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PolicyDocuments::Table, PolicyDocuments::PolicyId)
                        .to(Policies::Table, Policies::Id),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PolicyDocuments::Table).to_owned())
            .await
    }
}
