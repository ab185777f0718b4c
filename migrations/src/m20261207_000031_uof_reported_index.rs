//! The aggregates count a range of an agency's incidents by the columns beside their
//! documents. An index holding those columns answers the count alone: the rows themselves,
//! whose later-added columns sit after the large document, are not read.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UofIncidents {
    Table,
    Id,
    AgencyId,
    Status,
    IncidentDate,
    Qualifies,
    ForceTypes,
    Injuries,
}

const DATE_INDEX: &str = "uof_incidents_agency_date_idx";
const REPORTED_INDEX: &str = "uof_incidents_reported_idx";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // It begins as the index it replaces did: what filtered by date still finds it.
        m.create_index(
            Index::create()
                .name(REPORTED_INDEX)
                .table(UofIncidents::Table)
                .col(UofIncidents::AgencyId)
                .col(UofIncidents::IncidentDate)
                .col(UofIncidents::Status)
                .col(UofIncidents::Qualifies)
                .col(UofIncidents::ForceTypes)
                .col(UofIncidents::Injuries)
                .col(UofIncidents::Id)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name(DATE_INDEX)
                .table(UofIncidents::Table)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(DATE_INDEX)
                .table(UofIncidents::Table)
                .col(UofIncidents::AgencyId)
                .col(UofIncidents::IncidentDate)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name(REPORTED_INDEX)
                .table(UofIncidents::Table)
                .to_owned(),
        )
        .await
    }
}
