//! Webhook subscriptions, the events they hear and every delivery attempt.
//!
//! An event row is written in the transaction of the change it tells of; workers fan it out
//! into one delivery per subscribed endpoint (unique per endpoint and event, so two workers
//! make one) and claim deliveries with a lease, recording each attempt.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WebhookEndpoints {
    Table,
    Id,
    AgencyId,
    Url,
    Description,
    /// JSON array of event types.
    Events,
    Enabled,
    /// The signing key, sealed with the server's file key.
    Secret,
    /// The key before the last rotation, sealed, signing beside the new one until it expires.
    PreviousSecret,
    PreviousSecretExpiresAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookEvents {
    Table,
    Id,
    AgencyId,
    EventType,
    /// Unique when set: an event a periodic pass finds again is written once.
    EventKey,
    /// The message body, exactly as signed.
    Payload,
    CreatedAt,
    FannedOutAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    /// The message's `webhook-id`.
    Id,
    AgencyId,
    EndpointId,
    EventId,
    EventType,
    /// pending, delivered, failed
    State,
    /// Attempts in the current round (a replay starts a new one).
    Attempts,
    /// Attempts in all.
    AttemptCount,
    NextAttemptAt,
    ClaimedUntil,
    ClaimedBy,
    CreatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum WebhookAttempts {
    Table,
    Id,
    AgencyId,
    DeliveryId,
    EndpointId,
    AttemptedAt,
    Status,
    DurationMs,
    ResponseExcerpt,
    Error,
}

#[derive(DeriveIden)]
enum Agencies {
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

fn id<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

fn uuid<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).uuid().not_null().to_owned()
}

fn to_agency<T: IntoIden + 'static>(table: T, column: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Agencies::Table, Agencies::Id)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use WebhookAttempts as A;
        use WebhookDeliveries as D;
        use WebhookEndpoints as W;
        use WebhookEvents as E;

        m.create_table(
            Table::create()
                .table(W::Table)
                .col(id(W::Id))
                .col(uuid(W::AgencyId))
                .col(ColumnDef::new(W::Url).string_len(2048).not_null())
                .col(ColumnDef::new(W::Description).string_len(200).null())
                .col(ColumnDef::new(W::Events).json().not_null())
                .col(ColumnDef::new(W::Enabled).boolean().not_null())
                .col(ColumnDef::new(W::Secret).text().not_null())
                .col(ColumnDef::new(W::PreviousSecret).text().null())
                .col(optional_timestamp(W::PreviousSecretExpiresAt))
                .col(timestamp(W::CreatedAt))
                .col(timestamp(W::UpdatedAt))
                .foreign_key(&mut to_agency(W::Table, W::AgencyId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("webhook_endpoints_agency_idx")
                .table(W::Table)
                .col(W::AgencyId)
                .col(W::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(E::Table)
                .col(id(E::Id))
                .col(uuid(E::AgencyId))
                .col(ColumnDef::new(E::EventType).string_len(64).not_null())
                .col(ColumnDef::new(E::EventKey).string_len(255).null())
                .col(ColumnDef::new(E::Payload).text().not_null())
                .col(timestamp(E::CreatedAt))
                .col(optional_timestamp(E::FannedOutAt))
                .foreign_key(&mut to_agency(E::Table, E::AgencyId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("webhook_events_key_idx")
                .table(E::Table)
                .col(E::EventKey)
                .unique()
                .to_owned(),
        )
        .await?;
        // What the fan-out looks for: events not yet fanned out, oldest first.
        m.create_index(
            Index::create()
                .name("webhook_events_fan_out_idx")
                .table(E::Table)
                .col(E::FannedOutAt)
                .col(E::CreatedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(D::Table)
                .col(id(D::Id))
                .col(uuid(D::AgencyId))
                .col(uuid(D::EndpointId))
                .col(uuid(D::EventId))
                .col(ColumnDef::new(D::EventType).string_len(64).not_null())
                .col(ColumnDef::new(D::State).string_len(16).not_null())
                .col(ColumnDef::new(D::Attempts).integer().not_null().default(0))
                .col(
                    ColumnDef::new(D::AttemptCount)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(timestamp(D::NextAttemptAt))
                .col(optional_timestamp(D::ClaimedUntil))
                .col(ColumnDef::new(D::ClaimedBy).string_len(64).null())
                .col(timestamp(D::CreatedAt))
                .col(optional_timestamp(D::FinishedAt))
                .foreign_key(&mut to_agency(D::Table, D::AgencyId))
                .foreign_key(
                    ForeignKey::create()
                        .from(D::Table, D::EndpointId)
                        .to(W::Table, W::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(D::Table, D::EventId)
                        .to(E::Table, E::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("webhook_deliveries_event_endpoint_idx")
                .table(D::Table)
                .col(D::EventId)
                .col(D::EndpointId)
                .unique()
                .to_owned(),
        )
        .await?;
        // The log of an endpoint, newest first.
        m.create_index(
            Index::create()
                .name("webhook_deliveries_endpoint_idx")
                .table(D::Table)
                .col(D::EndpointId)
                .col(D::Id)
                .to_owned(),
        )
        .await?;
        // What the delivery workers look for.
        m.create_index(
            Index::create()
                .name("webhook_deliveries_due_idx")
                .table(D::Table)
                .col(D::State)
                .col(D::NextAttemptAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(A::Table)
                .col(id(A::Id))
                .col(uuid(A::AgencyId))
                .col(uuid(A::DeliveryId))
                .col(uuid(A::EndpointId))
                .col(timestamp(A::AttemptedAt))
                .col(ColumnDef::new(A::Status).integer().null())
                .col(ColumnDef::new(A::DurationMs).big_integer().not_null())
                .col(ColumnDef::new(A::ResponseExcerpt).text().null())
                .col(ColumnDef::new(A::Error).string_len(500).null())
                .foreign_key(&mut to_agency(A::Table, A::AgencyId))
                .foreign_key(
                    ForeignKey::create()
                        .from(A::Table, A::DeliveryId)
                        .to(D::Table, D::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("webhook_attempts_delivery_idx")
                .table(A::Table)
                .col(A::DeliveryId)
                .col(A::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            WebhookAttempts::Table.into_iden(),
            WebhookDeliveries::Table.into_iden(),
            WebhookEvents::Table.into_iden(),
            WebhookEndpoints::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
