//! Training requests: a person asks for a course or a session; the training office or the
//! supervisor decides, with a comment.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrainingRequests {
    Table,
    Id,
    AgencyId,
    PersonId,
    CourseId,
    SessionId,
    Note,
    Status,
    DecidedBy,
    DecidedAt,
    DecisionComment,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TrainingSessions {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TrainingRequests::Table)
                .col(
                    ColumnDef::new(TrainingRequests::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(TrainingRequests::AgencyId).uuid().not_null())
                .col(ColumnDef::new(TrainingRequests::PersonId).uuid().not_null())
                .col(ColumnDef::new(TrainingRequests::CourseId).uuid().not_null())
                .col(ColumnDef::new(TrainingRequests::SessionId).uuid().null())
                .col(ColumnDef::new(TrainingRequests::Note).text().null())
                .col(
                    ColumnDef::new(TrainingRequests::Status)
                        .string_len(16)
                        .not_null(),
                )
                .col(ColumnDef::new(TrainingRequests::DecidedBy).uuid().null())
                .col(
                    ColumnDef::new(TrainingRequests::DecidedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(TrainingRequests::DecisionComment)
                        .text()
                        .null(),
                )
                .col(
                    ColumnDef::new(TrainingRequests::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(TrainingRequests::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TrainingRequests::Table, TrainingRequests::PersonId)
                        .to(People::Table, People::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TrainingRequests::Table, TrainingRequests::CourseId)
                        .to(Courses::Table, Courses::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TrainingRequests::Table, TrainingRequests::SessionId)
                        .to(TrainingSessions::Table, TrainingSessions::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("training_requests_agency_status_idx")
                .table(TrainingRequests::Table)
                .col(TrainingRequests::AgencyId)
                .col(TrainingRequests::Status)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(TrainingRequests::Table).to_owned())
            .await
    }
}
