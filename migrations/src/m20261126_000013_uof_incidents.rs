//! Use of Force incidents: the incident with its document (the FBI collection's elements),
//! the officers involved (linked to the roster, for filters and visibility), the versions an
//! amendment replaced; the agency's ORI for the federal export; and the per-user permission
//! to review incidents.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UofIncidents {
    Table,
    Id,
    AgencyId,
    CaseNumber,
    Status,
    IncidentDate,
    Qualifies,
    ForceTypes,
    Document,
    Training,
    Version,
    AuthorId,
    SubmittedAt,
    Attestation,
    ReviewedBy,
    ReviewedAt,
    ReviewComment,
    ClosedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UofIncidentOfficers {
    Table,
    IncidentId,
    PersonId,
    AgencyId,
}

#[derive(DeriveIden)]
enum UofIncidentVersions {
    Table,
    Id,
    AgencyId,
    IncidentId,
    Version,
    Document,
    Training,
    ReplacedAt,
    ReplacedBy,
    Reason,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
    Ori,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    UofReviewer,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

fn timestamp(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Agencies::Table)
                .add_column(ColumnDef::new(Agencies::Ori).string_len(9).null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(
                    ColumnDef::new(Users::UofReviewer)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(UofIncidents::Table)
                .col(
                    ColumnDef::new(UofIncidents::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(UofIncidents::AgencyId).uuid().not_null())
                .col(
                    ColumnDef::new(UofIncidents::CaseNumber)
                        .string_len(20)
                        .null(),
                )
                .col(
                    ColumnDef::new(UofIncidents::Status)
                        .string_len(16)
                        .not_null(),
                )
                .col(ColumnDef::new(UofIncidents::IncidentDate).date().null())
                .col(ColumnDef::new(UofIncidents::Qualifies).boolean().not_null())
                // The force types used, as a JSON array of codes, for the list's filter.
                .col(
                    ColumnDef::new(UofIncidents::ForceTypes)
                        .string_len(200)
                        .not_null(),
                )
                .col(ColumnDef::new(UofIncidents::Document).json().not_null())
                .col(ColumnDef::new(UofIncidents::Training).json().null())
                .col(ColumnDef::new(UofIncidents::Version).integer().not_null())
                .col(ColumnDef::new(UofIncidents::AuthorId).uuid().not_null())
                .col(
                    ColumnDef::new(UofIncidents::SubmittedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new(UofIncidents::Attestation).text().null())
                .col(ColumnDef::new(UofIncidents::ReviewedBy).uuid().null())
                .col(
                    ColumnDef::new(UofIncidents::ReviewedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(ColumnDef::new(UofIncidents::ReviewComment).text().null())
                .col(
                    ColumnDef::new(UofIncidents::ClosedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(timestamp(UofIncidents::CreatedAt))
                .col(timestamp(UofIncidents::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(UofIncidents::Table, UofIncidents::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UofIncidents::Table, UofIncidents::AuthorId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        // A case number names one incident of the agency; drafts may not have one yet.
        m.create_index(
            Index::create()
                .name("uof_incidents_case_number_key")
                .table(UofIncidents::Table)
                .col(UofIncidents::AgencyId)
                .col(UofIncidents::CaseNumber)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uof_incidents_agency_date_idx")
                .table(UofIncidents::Table)
                .col(UofIncidents::AgencyId)
                .col(UofIncidents::IncidentDate)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(UofIncidentOfficers::Table)
                .col(
                    ColumnDef::new(UofIncidentOfficers::IncidentId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(UofIncidentOfficers::PersonId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(UofIncidentOfficers::AgencyId)
                        .uuid()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(UofIncidentOfficers::IncidentId)
                        .col(UofIncidentOfficers::PersonId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UofIncidentOfficers::Table, UofIncidentOfficers::IncidentId)
                        .to(UofIncidents::Table, UofIncidents::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UofIncidentOfficers::Table, UofIncidentOfficers::PersonId)
                        .to(People::Table, People::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uof_incident_officers_person_idx")
                .table(UofIncidentOfficers::Table)
                .col(UofIncidentOfficers::AgencyId)
                .col(UofIncidentOfficers::PersonId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(UofIncidentVersions::Table)
                .col(
                    ColumnDef::new(UofIncidentVersions::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(UofIncidentVersions::AgencyId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(UofIncidentVersions::IncidentId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(UofIncidentVersions::Version)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(UofIncidentVersions::Document)
                        .json()
                        .not_null(),
                )
                .col(ColumnDef::new(UofIncidentVersions::Training).json().null())
                .col(timestamp(UofIncidentVersions::ReplacedAt))
                .col(
                    ColumnDef::new(UofIncidentVersions::ReplacedBy)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(UofIncidentVersions::Reason)
                        .text()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UofIncidentVersions::Table, UofIncidentVersions::IncidentId)
                        .to(UofIncidents::Table, UofIncidents::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uof_incident_versions_key")
                .table(UofIncidentVersions::Table)
                .col(UofIncidentVersions::IncidentId)
                .col(UofIncidentVersions::Version)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            UofIncidentVersions::Table.into_iden(),
            UofIncidentOfficers::Table.into_iden(),
            UofIncidents::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::UofReviewer)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Agencies::Table)
                .drop_column(Agencies::Ori)
                .to_owned(),
        )
        .await
    }
}
