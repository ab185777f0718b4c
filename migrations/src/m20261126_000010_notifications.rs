//! Notifications: an outbox that is also the in-app list (one row per message to one user,
//! made once per event by its unique key, delivered by email by workers that claim rows with
//! a lease), each agency's notification settings, and the devices each login has signed in
//! from (hashed), to warn of a sign-in from a new one.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    AgencyId,
    UserId,
    PersonId,
    Kind,
    /// What makes the event itself unique (kind, person, requirement, due date, lead...).
    EventKey,
    Subject,
    Body,
    CreatedAt,
    ReadAt,
    /// pending, sent, failed, skipped
    EmailState,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    ClaimedBy,
    SentAt,
    LastError,
}

#[derive(DeriveIden)]
enum NotificationSettings {
    Table,
    AgencyId,
    /// JSON array of days before a deadline, e.g. `[90, 30, 7]`.
    LeadDays,
    /// JSON array of the kinds switched off.
    DisabledKinds,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LoginDevices {
    Table,
    Id,
    UserId,
    /// Hex SHA-256 of the user agent and the address: the raw values are not kept.
    DeviceHash,
    FirstSeenAt,
    LastSeenAt,
}

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

fn timestamp<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn optional_timestamp<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(
                    ColumnDef::new(Notifications::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Notifications::AgencyId).uuid().not_null())
                .col(ColumnDef::new(Notifications::UserId).uuid().not_null())
                .col(ColumnDef::new(Notifications::PersonId).uuid().null())
                .col(
                    ColumnDef::new(Notifications::Kind)
                        .string_len(32)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Notifications::EventKey)
                        .string_len(255)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Notifications::Subject)
                        .string_len(300)
                        .not_null(),
                )
                .col(ColumnDef::new(Notifications::Body).text().not_null())
                .col(timestamp(Notifications::CreatedAt))
                .col(optional_timestamp(Notifications::ReadAt))
                .col(
                    ColumnDef::new(Notifications::EmailState)
                        .string_len(16)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Notifications::Attempts)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(timestamp(Notifications::NextAttemptAt))
                .col(optional_timestamp(Notifications::ClaimedUntil))
                .col(
                    ColumnDef::new(Notifications::ClaimedBy)
                        .string_len(64)
                        .null(),
                )
                .col(optional_timestamp(Notifications::SentAt))
                .col(
                    ColumnDef::new(Notifications::LastError)
                        .string_len(500)
                        .null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Notifications::Table, Notifications::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Notifications::Table, Notifications::UserId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("notifications_event_key_idx")
                .table(Notifications::Table)
                .col(Notifications::EventKey)
                .unique()
                .to_owned(),
        )
        .await?;
        // The in-app list: one user's rows, newest first.
        m.create_index(
            Index::create()
                .name("notifications_user_idx")
                .table(Notifications::Table)
                .col(Notifications::UserId)
                .col(Notifications::Id)
                .to_owned(),
        )
        .await?;
        // What the delivery workers look for.
        m.create_index(
            Index::create()
                .name("notifications_delivery_idx")
                .table(Notifications::Table)
                .col(Notifications::EmailState)
                .col(Notifications::NextAttemptAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(NotificationSettings::Table)
                .col(
                    ColumnDef::new(NotificationSettings::AgencyId)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(NotificationSettings::LeadDays)
                        .json()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(NotificationSettings::DisabledKinds)
                        .json()
                        .not_null(),
                )
                .col(timestamp(NotificationSettings::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(NotificationSettings::Table, NotificationSettings::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginDevices::Table)
                .col(
                    ColumnDef::new(LoginDevices::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(LoginDevices::UserId).uuid().not_null())
                .col(
                    ColumnDef::new(LoginDevices::DeviceHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(timestamp(LoginDevices::FirstSeenAt))
                .col(timestamp(LoginDevices::LastSeenAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(LoginDevices::Table, LoginDevices::UserId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("login_devices_user_device_idx")
                .table(LoginDevices::Table)
                .col(LoginDevices::UserId)
                .col(LoginDevices::DeviceHash)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LoginDevices::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(NotificationSettings::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Notifications::Table).to_owned())
            .await
    }
}
