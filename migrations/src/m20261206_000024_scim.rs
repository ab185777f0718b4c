//! Provisioning from the agency's identity provider over SCIM 2.0: tokens and groups.
//!
//! - `scim_tokens`: the bearer tokens an identity provider sends, per agency; only the
//!   SHA-256 of each is kept (a high-entropy random token needs no slow hash).
//! - `scim_users`: which people of the roster the identity provider provisioned, with its
//!   user name and id for them, and the login it manages. A SCIM user's id is the person's.
//! - `scim_groups` and `scim_group_members`: the groups it pushed, what an admin maps each
//!   to (a unit, a role), and who is in them.
//!
//! Erasing a person takes his or her SCIM user and memberships with it (cascades).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ScimTokens {
    Table,
    Id,
    AgencyId,
    Name,
    TokenHash,
    CreatedBy,
    CreatedAt,
    ExpiresAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum ScimUsers {
    Table,
    PersonId,
    AgencyId,
    UserId,
    UserName,
    UserNameKey,
    ExternalId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ScimGroups {
    Table,
    Id,
    AgencyId,
    DisplayName,
    DisplayNameKey,
    ExternalId,
    Unit,
    Role,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ScimGroupMembers {
    Table,
    GroupId,
    PersonId,
    AgencyId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
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

fn text(name: impl IntoIden, len: u32) -> ColumnDef {
    ColumnDef::new(name).string_len(len).not_null().to_owned()
}

fn maybe_text(name: impl IntoIden, len: u32) -> ColumnDef {
    ColumnDef::new(name).string_len(len).null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ScimTokens::Table)
                .col(
                    ColumnDef::new(ScimTokens::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(ScimTokens::AgencyId).uuid().not_null())
                .col(text(ScimTokens::Name, 100))
                .col(text(ScimTokens::TokenHash, 64))
                .col(ColumnDef::new(ScimTokens::CreatedBy).uuid().null())
                .col(at(ScimTokens::CreatedAt))
                .col(maybe_at(ScimTokens::ExpiresAt))
                .col(maybe_at(ScimTokens::LastUsedAt))
                .col(maybe_at(ScimTokens::RevokedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ScimTokens::Table, ScimTokens::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ScimTokens::Table, ScimTokens::CreatedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("scim_tokens_hash_idx")
                .table(ScimTokens::Table)
                .col(ScimTokens::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("scim_tokens_agency_idx")
                .table(ScimTokens::Table)
                .col(ScimTokens::AgencyId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ScimUsers::Table)
                .col(
                    ColumnDef::new(ScimUsers::PersonId)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(ScimUsers::AgencyId).uuid().not_null())
                .col(ColumnDef::new(ScimUsers::UserId).uuid().null())
                .col(text(ScimUsers::UserName, 256))
                // Lower case: user names are compared without regard to case (RFC 7643).
                .col(text(ScimUsers::UserNameKey, 256))
                .col(maybe_text(ScimUsers::ExternalId, 256))
                .col(at(ScimUsers::CreatedAt))
                .col(at(ScimUsers::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ScimUsers::Table, ScimUsers::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ScimUsers::Table, ScimUsers::PersonId)
                        .to(People::Table, People::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ScimUsers::Table, ScimUsers::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("scim_users_user_name_idx")
                .table(ScimUsers::Table)
                .col(ScimUsers::AgencyId)
                .col(ScimUsers::UserNameKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("scim_users_external_id_idx")
                .table(ScimUsers::Table)
                .col(ScimUsers::AgencyId)
                .col(ScimUsers::ExternalId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ScimGroups::Table)
                .col(
                    ColumnDef::new(ScimGroups::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(ScimGroups::AgencyId).uuid().not_null())
                .col(text(ScimGroups::DisplayName, 256))
                .col(text(ScimGroups::DisplayNameKey, 256))
                .col(maybe_text(ScimGroups::ExternalId, 256))
                // What an admin maps the group to; null: nothing.
                .col(maybe_text(ScimGroups::Unit, 64))
                .col(maybe_text(ScimGroups::Role, 32))
                .col(at(ScimGroups::CreatedAt))
                .col(at(ScimGroups::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ScimGroups::Table, ScimGroups::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("scim_groups_name_idx")
                .table(ScimGroups::Table)
                .col(ScimGroups::AgencyId)
                .col(ScimGroups::DisplayNameKey)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ScimGroupMembers::Table)
                .col(ColumnDef::new(ScimGroupMembers::GroupId).uuid().not_null())
                .col(ColumnDef::new(ScimGroupMembers::PersonId).uuid().not_null())
                .col(ColumnDef::new(ScimGroupMembers::AgencyId).uuid().not_null())
                .col(at(ScimGroupMembers::CreatedAt))
                .primary_key(
                    Index::create()
                        .col(ScimGroupMembers::GroupId)
                        .col(ScimGroupMembers::PersonId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ScimGroupMembers::Table, ScimGroupMembers::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ScimGroupMembers::Table, ScimGroupMembers::GroupId)
                        .to(ScimGroups::Table, ScimGroups::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ScimGroupMembers::Table, ScimGroupMembers::PersonId)
                        .to(ScimUsers::Table, ScimUsers::PersonId)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("scim_group_members_person_idx")
                .table(ScimGroupMembers::Table)
                .col(ScimGroupMembers::PersonId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ScimGroupMembers::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ScimGroups::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ScimUsers::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ScimTokens::Table).to_owned())
            .await
    }
}
