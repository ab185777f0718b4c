//! The agency's OpenID Connect identity providers and the sign-ins under way through them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum IdentityProviders {
    Table,
    Id,
    AgencyId,
    DisplayName,
    Issuer,
    ClientId,
    ClientSecret,
    AllowedDomains,
    Enabled,
    JitRole,
    ProviderMfa,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SsoAttempts {
    Table,
    Id,
    AgencyId,
    ProviderId,
    KeyHash,
    Stage,
    Nonce,
    PkceVerifier,
    RedirectUri,
    UserId,
    NextPath,
    Failures,
    SpentAt,
    CreatedAt,
    ExpiresAt,
}

fn at(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(IdentityProviders::Table)
                .col(
                    ColumnDef::new(IdentityProviders::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(IdentityProviders::AgencyId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(IdentityProviders::DisplayName)
                        .string_len(80)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(IdentityProviders::Issuer)
                        .string_len(512)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(IdentityProviders::ClientId)
                        .string_len(255)
                        .not_null(),
                )
                // Sealed with the server's file key. Null once restored from an export, which
                // never carries it: an admin enters it again.
                .col(
                    ColumnDef::new(IdentityProviders::ClientSecret)
                        .text()
                        .null(),
                )
                .col(
                    ColumnDef::new(IdentityProviders::AllowedDomains)
                        .json()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(IdentityProviders::Enabled)
                        .boolean()
                        .not_null(),
                )
                // Null: nobody is signed in without a login an admin made.
                .col(
                    ColumnDef::new(IdentityProviders::JitRole)
                        .string_len(32)
                        .null(),
                )
                .col(
                    ColumnDef::new(IdentityProviders::ProviderMfa)
                        .boolean()
                        .not_null(),
                )
                .col(at(IdentityProviders::CreatedAt))
                .col(at(IdentityProviders::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(IdentityProviders::Table, IdentityProviders::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("identity_providers_agency_issuer_client_key")
                .table(IdentityProviders::Table)
                .col(IdentityProviders::AgencyId)
                .col(IdentityProviders::Issuer)
                .col(IdentityProviders::ClientId)
                .unique()
                .to_owned(),
        )
        .await?;
        // One row per sign-in under way: made when the browser leaves for the provider, keyed
        // by a hash of the `state` it carries; spent when the browser comes back, and kept
        // spent until it expires so that a replay is known for one. A row that waits for
        // ConfiTrek's own code after the provider's sign-in is keyed by a hash of the token in
        // the browser's cookie instead. Minutes old at most.
        m.create_table(
            Table::create()
                .table(SsoAttempts::Table)
                .col(
                    ColumnDef::new(SsoAttempts::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(SsoAttempts::AgencyId).uuid().not_null())
                .col(ColumnDef::new(SsoAttempts::ProviderId).uuid().not_null())
                .col(
                    ColumnDef::new(SsoAttempts::KeyHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(ColumnDef::new(SsoAttempts::Stage).string_len(16).not_null())
                .col(ColumnDef::new(SsoAttempts::Nonce).string_len(128).null())
                .col(ColumnDef::new(SsoAttempts::PkceVerifier).text().null())
                .col(ColumnDef::new(SsoAttempts::RedirectUri).text().not_null())
                .col(ColumnDef::new(SsoAttempts::UserId).uuid().null())
                .col(ColumnDef::new(SsoAttempts::NextPath).text().null())
                .col(
                    ColumnDef::new(SsoAttempts::Failures)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(
                    ColumnDef::new(SsoAttempts::SpentAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(at(SsoAttempts::CreatedAt))
                .col(at(SsoAttempts::ExpiresAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(SsoAttempts::Table, SsoAttempts::ProviderId)
                        .to(IdentityProviders::Table, IdentityProviders::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SsoAttempts::Table, SsoAttempts::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("sso_attempts_key_hash_key")
                .table(SsoAttempts::Table)
                .col(SsoAttempts::KeyHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("sso_attempts_expires_at_idx")
                .table(SsoAttempts::Table)
                .col(SsoAttempts::ExpiresAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(SsoAttempts::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(IdentityProviders::Table).to_owned())
            .await
    }
}
