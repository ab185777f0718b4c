//! What the state's reimbursement of training costs needs to know of people.
//!
//! - `people.separated_on`: the last day a person was with the agency (Minnesota counts the
//!   months an officer was with the agency in the fiscal year).
//! - `person_pay_rates`: a person's base hourly rate from a day on (Ohio reimburses CPT hours
//!   at the rate in effect on the training day); one rate per person and day.
//! - `reimbursement_claims`: per fiscal year and person, the agency's record that another
//!   unit claims the officer (Minnesota: only one unit may claim an officer), with a note.
//!
//! Erasing a person takes his or her rates and claim decisions with it (cascades).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    SeparatedOn,
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

#[derive(DeriveIden)]
enum PersonPayRates {
    Table,
    Id,
    AgencyId,
    PersonId,
    EffectiveFrom,
    HourlyRateCents,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ReimbursementClaims {
    Table,
    Id,
    AgencyId,
    PersonId,
    FiscalYear,
    ClaimedElsewhere,
    Note,
    DecidedBy,
    DecidedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(People::Table)
                .add_column(ColumnDef::new(People::SeparatedOn).date().null())
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PersonPayRates::Table)
                .col(
                    ColumnDef::new(PersonPayRates::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(PersonPayRates::AgencyId).uuid().not_null())
                .col(ColumnDef::new(PersonPayRates::PersonId).uuid().not_null())
                .col(
                    ColumnDef::new(PersonPayRates::EffectiveFrom)
                        .date()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(PersonPayRates::HourlyRateCents)
                        .big_integer()
                        .not_null(),
                )
                .col(ColumnDef::new(PersonPayRates::CreatedBy).uuid().null())
                .col(
                    ColumnDef::new(PersonPayRates::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PersonPayRates::Table, PersonPayRates::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PersonPayRates::Table, PersonPayRates::PersonId)
                        .to(People::Table, People::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PersonPayRates::Table, PersonPayRates::CreatedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("person_pay_rates_person_day_idx")
                .table(PersonPayRates::Table)
                .col(PersonPayRates::AgencyId)
                .col(PersonPayRates::PersonId)
                .col(PersonPayRates::EffectiveFrom)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ReimbursementClaims::Table)
                .col(
                    ColumnDef::new(ReimbursementClaims::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ReimbursementClaims::AgencyId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ReimbursementClaims::PersonId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ReimbursementClaims::FiscalYear)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ReimbursementClaims::ClaimedElsewhere)
                        .boolean()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ReimbursementClaims::Note)
                        .string_len(500)
                        .null(),
                )
                .col(ColumnDef::new(ReimbursementClaims::DecidedBy).uuid().null())
                .col(
                    ColumnDef::new(ReimbursementClaims::DecidedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ReimbursementClaims::Table, ReimbursementClaims::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ReimbursementClaims::Table, ReimbursementClaims::PersonId)
                        .to(People::Table, People::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ReimbursementClaims::Table, ReimbursementClaims::DecidedBy)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("reimbursement_claims_person_year_idx")
                .table(ReimbursementClaims::Table)
                .col(ReimbursementClaims::AgencyId)
                .col(ReimbursementClaims::PersonId)
                .col(ReimbursementClaims::FiscalYear)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ReimbursementClaims::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(PersonPayRates::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(People::Table)
                .drop_column(People::SeparatedOn)
                .to_owned(),
        )
        .await
    }
}
