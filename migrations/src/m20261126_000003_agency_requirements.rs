//! An agency's own requirements and the training profiles that assign them to people.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AgencyRequirements {
    Table,
    Id,
    AgencyId,
    Code,
    Document,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TrainingProfiles {
    Table,
    Id,
    AgencyId,
    Name,
    RequirementCodes,
    Assignment,
    CreatedAt,
    UpdatedAt,
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
                .table(AgencyRequirements::Table)
                .col(
                    ColumnDef::new(AgencyRequirements::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(AgencyRequirements::AgencyId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AgencyRequirements::Code)
                        .string_len(100)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AgencyRequirements::Document)
                        .json()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AgencyRequirements::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AgencyRequirements::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(AgencyRequirements::Table, AgencyRequirements::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("agency_requirements_code_key")
                .table(AgencyRequirements::Table)
                .col(AgencyRequirements::AgencyId)
                .col(AgencyRequirements::Code)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TrainingProfiles::Table)
                .col(
                    ColumnDef::new(TrainingProfiles::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(TrainingProfiles::AgencyId).uuid().not_null())
                .col(
                    ColumnDef::new(TrainingProfiles::Name)
                        .string_len(100)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(TrainingProfiles::RequirementCodes)
                        .json()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(TrainingProfiles::Assignment)
                        .json()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(TrainingProfiles::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(TrainingProfiles::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TrainingProfiles::Table, TrainingProfiles::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("training_profiles_name_key")
                .table(TrainingProfiles::Table)
                .col(TrainingProfiles::AgencyId)
                .col(TrainingProfiles::Name)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TrainingProfiles::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(AgencyRequirements::Table).to_owned())
            .await?;
        Ok(())
    }
}
