//! What the compliance engine reads and writes: the person's facts it needs, training
//! records (hours per topic), published rule-set versions, waivers, and the stored verdicts.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Agencies {
    Table,
    AtRiskDays,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    RoleFlags,
    CertifiedOn,
    HistoryFrom,
}

#[derive(DeriveIden)]
enum TrainingRecords {
    Table,
    Id,
    AgencyId,
    PersonId,
    CompletedOn,
    Title,
    MinutesByTopic,
    Events,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RuleSetVersions {
    Table,
    Id,
    Jurisdiction,
    Version,
    EffectiveFrom,
    Document,
    PublishedBy,
    PublishedAt,
}

#[derive(DeriveIden)]
enum Waivers {
    Table,
    Id,
    AgencyId,
    PersonId,
    RequirementId,
    PeriodDue,
    Effect,
    Reason,
    ApprovedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ComplianceSnapshots {
    Table,
    PersonId,
    AgencyId,
    AsOf,
    Status,
    NextChangeAt,
    Report,
    ComputedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        m.alter_table(
            Table::alter()
                .table(Agencies::Table)
                .add_column(
                    ColumnDef::new(Agencies::AtRiskDays)
                        .integer()
                        .not_null()
                        .default(90),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(People::Table)
                .add_column(
                    ColumnDef::new(People::RoleFlags)
                        .string_len(200)
                        .not_null()
                        .default(""),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(People::Table)
                .add_column(ColumnDef::new(People::CertifiedOn).date().null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(People::Table)
                .add_column(ColumnDef::new(People::HistoryFrom).date().null())
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TrainingRecords::Table)
                .col(
                    ColumnDef::new(TrainingRecords::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(TrainingRecords::AgencyId).uuid().not_null())
                .col(ColumnDef::new(TrainingRecords::PersonId).uuid().not_null())
                .col(
                    ColumnDef::new(TrainingRecords::CompletedOn)
                        .date()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(TrainingRecords::Title)
                        .string_len(200)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(TrainingRecords::MinutesByTopic)
                        .json()
                        .not_null(),
                )
                .col(ColumnDef::new(TrainingRecords::Events).json().not_null())
                .col(
                    ColumnDef::new(TrainingRecords::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    (TrainingRecords::Table, TrainingRecords::PersonId),
                    (People::Table, People::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("training_records_person_idx")
                .table(TrainingRecords::Table)
                .col(TrainingRecords::AgencyId)
                .col(TrainingRecords::PersonId)
                .col(TrainingRecords::CompletedOn)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RuleSetVersions::Table)
                .col(
                    ColumnDef::new(RuleSetVersions::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(RuleSetVersions::Jurisdiction)
                        .string_len(2)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RuleSetVersions::Version)
                        .integer()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(RuleSetVersions::EffectiveFrom)
                        .date()
                        .not_null(),
                )
                .col(ColumnDef::new(RuleSetVersions::Document).json().not_null())
                .col(ColumnDef::new(RuleSetVersions::PublishedBy).uuid().null())
                .col(
                    ColumnDef::new(RuleSetVersions::PublishedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    (RuleSetVersions::Table, RuleSetVersions::PublishedBy),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("rule_set_versions_key")
                .table(RuleSetVersions::Table)
                .col(RuleSetVersions::Jurisdiction)
                .col(RuleSetVersions::Version)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Waivers::Table)
                .col(ColumnDef::new(Waivers::Id).uuid().not_null().primary_key())
                .col(ColumnDef::new(Waivers::AgencyId).uuid().not_null())
                .col(ColumnDef::new(Waivers::PersonId).uuid().not_null())
                .col(
                    ColumnDef::new(Waivers::RequirementId)
                        .string_len(100)
                        .not_null(),
                )
                .col(ColumnDef::new(Waivers::PeriodDue).date().not_null())
                .col(ColumnDef::new(Waivers::Effect).json().not_null())
                .col(ColumnDef::new(Waivers::Reason).string_len(500).not_null())
                .col(
                    ColumnDef::new(Waivers::ApprovedBy)
                        .string_len(200)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Waivers::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    (Waivers::Table, Waivers::PersonId),
                    (People::Table, People::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("waivers_person_idx")
                .table(Waivers::Table)
                .col(Waivers::AgencyId)
                .col(Waivers::PersonId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ComplianceSnapshots::Table)
                .col(
                    ColumnDef::new(ComplianceSnapshots::PersonId)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ComplianceSnapshots::AgencyId)
                        .uuid()
                        .not_null(),
                )
                .col(ColumnDef::new(ComplianceSnapshots::AsOf).date().not_null())
                .col(
                    ColumnDef::new(ComplianceSnapshots::Status)
                        .string_len(16)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ComplianceSnapshots::NextChangeAt)
                        .date()
                        .null(),
                )
                .col(
                    ColumnDef::new(ComplianceSnapshots::Report)
                        .json()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ComplianceSnapshots::ComputedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut fk(
                    (ComplianceSnapshots::Table, ComplianceSnapshots::PersonId),
                    (People::Table, People::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("compliance_snapshots_due_idx")
                .table(ComplianceSnapshots::Table)
                .col(ComplianceSnapshots::NextChangeAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("compliance_snapshots_agency_idx")
                .table(ComplianceSnapshots::Table)
                .col(ComplianceSnapshots::AgencyId)
                .col(ComplianceSnapshots::Status)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ComplianceSnapshots::Table.into_iden(),
            Waivers::Table.into_iden(),
            RuleSetVersions::Table.into_iden(),
            TrainingRecords::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
