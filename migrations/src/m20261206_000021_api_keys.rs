//! API keys of service accounts, and the answers kept for Idempotency-Key retries.
//!
//! A service account is a login of the agency (a `users` row, so that everything it writes
//! and every audit event names it like any other actor) that never signs in with a password:
//! it acts only through its keys, and only within its scopes.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    ServiceAccount,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ServiceAccounts {
    Table,
    Id,
    AgencyId,
    Name,
    Description,
    Scopes,
    CreatedAt,
    UpdatedAt,
    DisabledAt,
}

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    AgencyId,
    ServiceAccountId,
    Name,
    Prefix,
    SecretHash,
    RateLimitPerMinute,
    ExpiresAt,
    LastUsedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Id,
    Principal,
    Key,
    RequestHash,
    StatusCode,
    ContentType,
    Location,
    Body,
    CreatedAt,
    CompletedAt,
}

fn at(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn maybe_at(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(
                    ColumnDef::new(Users::ServiceAccount)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ServiceAccounts::Table)
                // The id is the service account's login (`users.id`).
                .col(
                    ColumnDef::new(ServiceAccounts::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(ServiceAccounts::AgencyId).uuid().not_null())
                .col(
                    ColumnDef::new(ServiceAccounts::Name)
                        .string_len(100)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ServiceAccounts::Description)
                        .string_len(500)
                        .null(),
                )
                // The scope names, space-separated (as OAuth writes scopes).
                .col(
                    ColumnDef::new(ServiceAccounts::Scopes)
                        .string_len(200)
                        .not_null(),
                )
                .col(at(ServiceAccounts::CreatedAt))
                .col(at(ServiceAccounts::UpdatedAt))
                .col(maybe_at(ServiceAccounts::DisabledAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ServiceAccounts::Table, ServiceAccounts::Id)
                        .to(Users::Table, Users::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ServiceAccounts::Table, ServiceAccounts::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("service_accounts_agency_name")
                .table(ServiceAccounts::Table)
                .col(ServiceAccounts::AgencyId)
                .col(ServiceAccounts::Name)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ApiKeys::Table)
                .col(ColumnDef::new(ApiKeys::Id).uuid().not_null().primary_key())
                .col(ColumnDef::new(ApiKeys::AgencyId).uuid().not_null())
                .col(ColumnDef::new(ApiKeys::ServiceAccountId).uuid().not_null())
                .col(ColumnDef::new(ApiKeys::Name).string_len(100).not_null())
                // The key's public part, which finds it; the secret part is kept only as
                // its SHA-256 (a random 256-bit secret needs no slow hash).
                .col(ColumnDef::new(ApiKeys::Prefix).string_len(16).not_null())
                .col(
                    ColumnDef::new(ApiKeys::SecretHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ApiKeys::RateLimitPerMinute)
                        .integer()
                        .not_null(),
                )
                .col(maybe_at(ApiKeys::ExpiresAt))
                .col(maybe_at(ApiKeys::LastUsedAt))
                .col(maybe_at(ApiKeys::RevokedAt))
                .col(at(ApiKeys::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ApiKeys::Table, ApiKeys::ServiceAccountId)
                        .to(ServiceAccounts::Table, ServiceAccounts::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ApiKeys::Table, ApiKeys::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("api_keys_prefix")
                .table(ApiKeys::Table)
                .col(ApiKeys::Prefix)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("api_keys_service_account")
                .table(ApiKeys::Table)
                .col(ApiKeys::ServiceAccountId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                .col(
                    ColumnDef::new(IdempotencyKeys::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                // Who sent the key: a login (`user:<id>`) or an API key (`key:<id>`). Keys
                // of different callers never meet.
                .col(
                    ColumnDef::new(IdempotencyKeys::Principal)
                        .string_len(80)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(IdempotencyKeys::Key)
                        .string_len(255)
                        .not_null(),
                )
                // SHA-256 of the method, path and body: the same key with another request
                // is a client's mistake, not a retry.
                .col(
                    ColumnDef::new(IdempotencyKeys::RequestHash)
                        .string_len(64)
                        .not_null(),
                )
                // Null while the first request is being answered.
                .col(ColumnDef::new(IdempotencyKeys::StatusCode).integer().null())
                .col(
                    ColumnDef::new(IdempotencyKeys::ContentType)
                        .string_len(100)
                        .null(),
                )
                .col(
                    ColumnDef::new(IdempotencyKeys::Location)
                        .string_len(500)
                        .null(),
                )
                .col(ColumnDef::new(IdempotencyKeys::Body).blob().null())
                .col(at(IdempotencyKeys::CreatedAt))
                .col(maybe_at(IdempotencyKeys::CompletedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idempotency_keys_principal_key")
                .table(IdempotencyKeys::Table)
                .col(IdempotencyKeys::Principal)
                .col(IdempotencyKeys::Key)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idempotency_keys_created")
                .table(IdempotencyKeys::Table)
                .col(IdempotencyKeys::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IdempotencyKeys::Table.into_iden(),
            ApiKeys::Table.into_iden(),
            ServiceAccounts::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::ServiceAccount)
                .to_owned(),
        )
        .await
    }
}
