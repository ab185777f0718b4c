//! Sign-ins a user can see and end, lockout after repeated wrong passwords, and a second
//! factor (TOTP with recovery codes), with the agency's settings for each.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    MfaSecret,
    MfaPendingSecret,
    MfaEnabledAt,
    MfaLastStep,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Demo,
    MfaForEveryone,
    LockoutMinutes,
    IdleTimeoutMinutes,
    SessionHours,
}

#[derive(DeriveIden)]
enum SignIns {
    Table,
    Id,
    UserId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    IdleMinutes,
    EnrolmentPending,
    EndedAt,
    Device,
}

#[derive(DeriveIden)]
enum LoginLockouts {
    Table,
    AccountKey,
    Failures,
    WindowStartedAt,
    LockedUntil,
    LockedAt,
}

#[derive(DeriveIden)]
enum MfaRecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
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
        // One column per statement: SQLite alters a table one change at a time.
        let user_columns = [
            ColumnDef::new(Users::MfaSecret).text().null().to_owned(),
            ColumnDef::new(Users::MfaPendingSecret)
                .text()
                .null()
                .to_owned(),
            maybe_at(Users::MfaEnabledAt),
            ColumnDef::new(Users::MfaLastStep)
                .big_integer()
                .null()
                .to_owned(),
        ];
        for mut column in user_columns {
            m.alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
        }
        let agency_columns = [
            // The demo agency (made by `confitrek demo`) lets its admins look around without
            // an authenticator app; no request can set it.
            ColumnDef::new(Agencies::Demo)
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
            ColumnDef::new(Agencies::MfaForEveryone)
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
            // Null: a locked account waits for an admin to release it.
            ColumnDef::new(Agencies::LockoutMinutes)
                .integer()
                .null()
                .default(15)
                .to_owned(),
            ColumnDef::new(Agencies::IdleTimeoutMinutes)
                .integer()
                .not_null()
                .default(30)
                .to_owned(),
            ColumnDef::new(Agencies::SessionHours)
                .integer()
                .not_null()
                .default(12)
                .to_owned(),
        ];
        for mut column in agency_columns {
            m.alter_table(
                Table::alter()
                    .table(Agencies::Table)
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(SignIns::Table)
                .col(ColumnDef::new(SignIns::Id).uuid().not_null().primary_key())
                .col(ColumnDef::new(SignIns::UserId).uuid().not_null())
                .col(at(SignIns::CreatedAt))
                .col(at(SignIns::LastSeenAt))
                .col(at(SignIns::ExpiresAt))
                .col(ColumnDef::new(SignIns::IdleMinutes).integer().not_null())
                .col(
                    ColumnDef::new(SignIns::EnrolmentPending)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(maybe_at(SignIns::EndedAt))
                .col(ColumnDef::new(SignIns::Device).string_len(120).not_null())
                .foreign_key(
                    ForeignKey::create()
                        .from(SignIns::Table, SignIns::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("sign_ins_user")
                .table(SignIns::Table)
                .col(SignIns::UserId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LoginLockouts::Table)
                .col(
                    ColumnDef::new(LoginLockouts::AccountKey)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(LoginLockouts::Failures).integer().not_null())
                .col(at(LoginLockouts::WindowStartedAt))
                .col(maybe_at(LoginLockouts::LockedUntil))
                .col(maybe_at(LoginLockouts::LockedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(MfaRecoveryCodes::Table)
                .col(
                    ColumnDef::new(MfaRecoveryCodes::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(MfaRecoveryCodes::UserId).uuid().not_null())
                .col(
                    ColumnDef::new(MfaRecoveryCodes::CodeHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(maybe_at(MfaRecoveryCodes::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(MfaRecoveryCodes::Table, MfaRecoveryCodes::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("mfa_recovery_codes_user")
                .table(MfaRecoveryCodes::Table)
                .col(MfaRecoveryCodes::UserId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MfaRecoveryCodes::Table.into_iden(),
            LoginLockouts::Table.into_iden(),
            SignIns::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        for column in [
            Agencies::SessionHours.into_iden(),
            Agencies::IdleTimeoutMinutes.into_iden(),
            Agencies::LockoutMinutes.into_iden(),
            Agencies::MfaForEveryone.into_iden(),
            Agencies::Demo.into_iden(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Agencies::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        for column in [
            Users::MfaLastStep.into_iden(),
            Users::MfaEnabledAt.into_iden(),
            Users::MfaPendingSecret.into_iden(),
            Users::MfaSecret.into_iden(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
