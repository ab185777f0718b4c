//! Calendar feeds: one secret URL per person and one per agency. Only a random nonce and the
//! SHA-256 of the URL's token are kept; the token is derived from the nonce with the
//! server's secret, so it can be shown again but not read out of a database copy.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CalendarFeeds {
    Table,
    Id,
    AgencyId,
    Kind,
    SubjectId,
    Nonce,
    TokenHash,
    CreatedAt,
    RotatedAt,
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
                .table(CalendarFeeds::Table)
                .col(
                    ColumnDef::new(CalendarFeeds::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(CalendarFeeds::AgencyId).uuid().not_null())
                // `person` (subject: the person) or `agency` (subject: the agency itself).
                .col(
                    ColumnDef::new(CalendarFeeds::Kind)
                        .string_len(16)
                        .not_null(),
                )
                .col(ColumnDef::new(CalendarFeeds::SubjectId).uuid().not_null())
                .col(
                    ColumnDef::new(CalendarFeeds::Nonce)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CalendarFeeds::TokenHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CalendarFeeds::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(CalendarFeeds::RotatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CalendarFeeds::Table, CalendarFeeds::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("calendar_feeds_token_idx")
                .table(CalendarFeeds::Table)
                .col(CalendarFeeds::TokenHash)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("calendar_feeds_subject_idx")
                .table(CalendarFeeds::Table)
                .col(CalendarFeeds::AgencyId)
                .col(CalendarFeeds::Kind)
                .col(CalendarFeeds::SubjectId)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CalendarFeeds::Table).to_owned())
            .await
    }
}
