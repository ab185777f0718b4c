//! Agencies, users and their sessions, the roster, and the audit log.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
    Name,
    StateCode,
    SubscriptionStatus,
    Modules,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    AgencyId,
    Kind,
    FirstName,
    LastName,
    Title,
    Badge,
    Email,
    Unit,
    SupervisorId,
    Status,
    HireDate,
    LicenseNumber,
    LicenseCycleStart,
    LicenseCycleEnd,
    Notes,
    SearchText,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    AgencyId,
    PersonId,
    Email,
    Role,
    PasswordHash,
    InvitationTokenHash,
    InvitationExpiresAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    FamilyId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    AgencyId,
    ActorUserId,
    Action,
    Outcome,
    TargetType,
    TargetId,
    Ip,
    RequestId,
    OccurredAt,
}

fn id<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

fn timestamp<T: IntoIden>(name: T) -> ColumnDef {
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
                .table(Agencies::Table)
                .col(id(Agencies::Id))
                .col(ColumnDef::new(Agencies::Name).string_len(200).not_null())
                .col(ColumnDef::new(Agencies::StateCode).string_len(2).not_null())
                .col(
                    ColumnDef::new(Agencies::SubscriptionStatus)
                        .string_len(16)
                        .not_null(),
                )
                .col(ColumnDef::new(Agencies::Modules).json().not_null())
                .col(timestamp(Agencies::CreatedAt))
                .col(timestamp(Agencies::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(People::Table)
                .col(id(People::Id))
                .col(ColumnDef::new(People::AgencyId).uuid().not_null())
                .col(ColumnDef::new(People::Kind).string_len(16).not_null())
                .col(ColumnDef::new(People::FirstName).string_len(100).not_null())
                .col(ColumnDef::new(People::LastName).string_len(100).not_null())
                .col(ColumnDef::new(People::Title).string_len(100).null())
                .col(ColumnDef::new(People::Badge).string_len(32).not_null())
                .col(ColumnDef::new(People::Email).string_len(254).null())
                .col(ColumnDef::new(People::Unit).string_len(64).null())
                .col(ColumnDef::new(People::SupervisorId).uuid().null())
                .col(ColumnDef::new(People::Status).string_len(16).not_null())
                .col(ColumnDef::new(People::HireDate).date().null())
                .col(ColumnDef::new(People::LicenseNumber).string_len(32).null())
                .col(ColumnDef::new(People::LicenseCycleStart).date().null())
                .col(ColumnDef::new(People::LicenseCycleEnd).date().null())
                .col(ColumnDef::new(People::Notes).text().null())
                .col(
                    ColumnDef::new(People::SearchText)
                        .string_len(400)
                        .not_null(),
                )
                .col(timestamp(People::CreatedAt))
                .col(timestamp(People::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(People::Table, People::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(People::Table, People::SupervisorId)
                        .to(People::Table, People::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("people_agency_badge_key")
                .table(People::Table)
                .col(People::AgencyId)
                .col(People::Badge)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("people_agency_name_idx")
                .table(People::Table)
                .col(People::AgencyId)
                .col(People::LastName)
                .col(People::FirstName)
                .col(People::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(id(Users::Id))
                .col(ColumnDef::new(Users::AgencyId).uuid().null())
                .col(ColumnDef::new(Users::PersonId).uuid().null())
                .col(ColumnDef::new(Users::Email).string_len(254).not_null())
                .col(ColumnDef::new(Users::Role).string_len(32).not_null())
                .col(ColumnDef::new(Users::PasswordHash).string_len(200).null())
                .col(
                    ColumnDef::new(Users::InvitationTokenHash)
                        .string_len(64)
                        .null(),
                )
                .col(
                    ColumnDef::new(Users::InvitationExpiresAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(timestamp(Users::CreatedAt))
                .col(timestamp(Users::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::PersonId)
                        .to(People::Table, People::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("users_email_key")
                .table(Users::Table)
                .col(Users::Email)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("users_invitation_key")
                .table(Users::Table)
                .col(Users::InvitationTokenHash)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(id(RefreshTokens::Id))
                .col(ColumnDef::new(RefreshTokens::UserId).uuid().not_null())
                .col(ColumnDef::new(RefreshTokens::FamilyId).uuid().not_null())
                .col(
                    ColumnDef::new(RefreshTokens::TokenHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(timestamp(RefreshTokens::ExpiresAt))
                .col(
                    ColumnDef::new(RefreshTokens::UsedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(RefreshTokens::RevokedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(timestamp(RefreshTokens::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RefreshTokens::Table, RefreshTokens::UserId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("refresh_tokens_hash_key")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("refresh_tokens_family_idx")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::FamilyId)
                .to_owned(),
        )
        .await?;

        // Append-only: no update or delete path exists in the application.
        m.create_table(
            Table::create()
                .table(AuditEvents::Table)
                .col(id(AuditEvents::Id))
                .col(ColumnDef::new(AuditEvents::AgencyId).uuid().null())
                .col(ColumnDef::new(AuditEvents::ActorUserId).uuid().null())
                .col(
                    ColumnDef::new(AuditEvents::Action)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AuditEvents::Outcome)
                        .string_len(16)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AuditEvents::TargetType)
                        .string_len(32)
                        .null(),
                )
                .col(ColumnDef::new(AuditEvents::TargetId).uuid().null())
                .col(ColumnDef::new(AuditEvents::Ip).string_len(64).null())
                .col(ColumnDef::new(AuditEvents::RequestId).string_len(64).null())
                .col(timestamp(AuditEvents::OccurredAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("audit_events_agency_idx")
                .table(AuditEvents::Table)
                .col(AuditEvents::AgencyId)
                .col(AuditEvents::Id)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvents::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Users::Table.into_iden(),
            People::Table.into_iden(),
            Agencies::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
