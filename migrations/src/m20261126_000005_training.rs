//! The training coordinator's daily work: agency topics, the course catalog, dated sessions
//! with their rosters, where a training record came from and whether it is verified, the
//! audited history of corrections, and whether unverified hours count for the agency.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
    CountUnverified,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Topics {
    Table,
    Id,
    AgencyId,
    Code,
    Title,
    Creditable,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
    AgencyId,
    Title,
    Provider,
    PostCourseNumber,
    Delivery,
    CostCents,
    MinutesByTopic,
    Events,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TrainingSessions {
    Table,
    Id,
    AgencyId,
    CourseId,
    StartsOn,
    EndsOn,
    Location,
    Instructor,
    Capacity,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SessionEnrollments {
    Table,
    SessionId,
    PersonId,
    AgencyId,
    Status,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TrainingRecords {
    Table,
    Id,
    AgencyId,
    PersonId,
    CourseId,
    SessionId,
    Source,
    Verification,
    RejectionReason,
    VerifiedBy,
    VerifiedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TrainingRecordRevisions {
    Table,
    Id,
    RecordId,
    AgencyId,
    Previous,
    ChangedBy,
    ChangedAt,
}

fn id<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

fn timestamp<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

/// SQLite adds one column per ALTER statement.
async fn add_column(m: &SchemaManager<'_>, column: ColumnDef) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(TrainingRecords::Table)
            .add_column(column)
            .to_owned(),
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Only verified hours count unless the agency says otherwise.
        m.alter_table(
            Table::alter()
                .table(Agencies::Table)
                .add_column(
                    ColumnDef::new(Agencies::CountUnverified)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Topics::Table)
                .col(id(Topics::Id))
                .col(ColumnDef::new(Topics::AgencyId).uuid().not_null())
                .col(ColumnDef::new(Topics::Code).string_len(64).not_null())
                .col(ColumnDef::new(Topics::Title).string_len(200).not_null())
                .col(
                    ColumnDef::new(Topics::Creditable)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .col(timestamp(Topics::CreatedAt))
                .col(timestamp(Topics::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Topics::Table, Topics::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("topics_agency_code_key")
                .table(Topics::Table)
                .col(Topics::AgencyId)
                .col(Topics::Code)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Courses::Table)
                .col(id(Courses::Id))
                .col(ColumnDef::new(Courses::AgencyId).uuid().not_null())
                .col(ColumnDef::new(Courses::Title).string_len(200).not_null())
                .col(ColumnDef::new(Courses::Provider).string_len(200).null())
                .col(
                    ColumnDef::new(Courses::PostCourseNumber)
                        .string_len(64)
                        .null(),
                )
                .col(ColumnDef::new(Courses::Delivery).string_len(16).not_null())
                .col(ColumnDef::new(Courses::CostCents).big_integer().null())
                .col(ColumnDef::new(Courses::MinutesByTopic).json().not_null())
                .col(ColumnDef::new(Courses::Events).json().not_null())
                .col(
                    ColumnDef::new(Courses::Active)
                        .boolean()
                        .not_null()
                        .default(true),
                )
                .col(timestamp(Courses::CreatedAt))
                .col(timestamp(Courses::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Courses::Table, Courses::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("courses_agency_title_idx")
                .table(Courses::Table)
                .col(Courses::AgencyId)
                .col(Courses::Title)
                .col(Courses::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TrainingSessions::Table)
                .col(id(TrainingSessions::Id))
                .col(ColumnDef::new(TrainingSessions::AgencyId).uuid().not_null())
                .col(ColumnDef::new(TrainingSessions::CourseId).uuid().not_null())
                .col(ColumnDef::new(TrainingSessions::StartsOn).date().not_null())
                .col(ColumnDef::new(TrainingSessions::EndsOn).date().not_null())
                .col(
                    ColumnDef::new(TrainingSessions::Location)
                        .string_len(200)
                        .null(),
                )
                .col(
                    ColumnDef::new(TrainingSessions::Instructor)
                        .string_len(200)
                        .null(),
                )
                .col(ColumnDef::new(TrainingSessions::Capacity).integer().null())
                .col(timestamp(TrainingSessions::CreatedAt))
                .col(timestamp(TrainingSessions::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(TrainingSessions::Table, TrainingSessions::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TrainingSessions::Table, TrainingSessions::CourseId)
                        .to(Courses::Table, Courses::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("training_sessions_agency_start_idx")
                .table(TrainingSessions::Table)
                .col(TrainingSessions::AgencyId)
                .col(TrainingSessions::StartsOn)
                .col(TrainingSessions::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SessionEnrollments::Table)
                .col(
                    ColumnDef::new(SessionEnrollments::SessionId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SessionEnrollments::PersonId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SessionEnrollments::AgencyId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(SessionEnrollments::Status)
                        .string_len(16)
                        .not_null(),
                )
                .col(timestamp(SessionEnrollments::CreatedAt))
                .col(timestamp(SessionEnrollments::UpdatedAt))
                .primary_key(
                    Index::create()
                        .col(SessionEnrollments::SessionId)
                        .col(SessionEnrollments::PersonId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SessionEnrollments::Table, SessionEnrollments::SessionId)
                        .to(TrainingSessions::Table, TrainingSessions::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SessionEnrollments::Table, SessionEnrollments::PersonId)
                        .to(People::Table, People::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("session_enrollments_person_idx")
                .table(SessionEnrollments::Table)
                .col(SessionEnrollments::AgencyId)
                .col(SessionEnrollments::PersonId)
                .to_owned(),
        )
        .await?;

        // Existing records were entered by coordinators: they become verified, from them.
        add_column(
            m,
            ColumnDef::new(TrainingRecords::CourseId)
                .uuid()
                .null()
                .to_owned(),
        )
        .await?;
        add_column(
            m,
            ColumnDef::new(TrainingRecords::SessionId)
                .uuid()
                .null()
                .to_owned(),
        )
        .await?;
        add_column(
            m,
            ColumnDef::new(TrainingRecords::Source)
                .string_len(16)
                .not_null()
                .default("coordinator")
                .to_owned(),
        )
        .await?;
        add_column(
            m,
            ColumnDef::new(TrainingRecords::Verification)
                .string_len(16)
                .not_null()
                .default("verified")
                .to_owned(),
        )
        .await?;
        add_column(
            m,
            ColumnDef::new(TrainingRecords::RejectionReason)
                .string_len(500)
                .null()
                .to_owned(),
        )
        .await?;
        add_column(
            m,
            ColumnDef::new(TrainingRecords::VerifiedBy)
                .uuid()
                .null()
                .to_owned(),
        )
        .await?;
        add_column(
            m,
            ColumnDef::new(TrainingRecords::VerifiedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        )
        .await?;
        // SQLite cannot add a NOT NULL column without a constant default: the column is
        // nullable, filled here for existing rows and always written by the application.
        add_column(
            m,
            ColumnDef::new(TrainingRecords::UpdatedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::update()
                .table(TrainingRecords::Table)
                .value(
                    TrainingRecords::UpdatedAt,
                    Expr::col(TrainingRecords::CreatedAt),
                )
                .to_owned(),
        )
        .await?;
        // One record per person and session: attendance is never recorded twice. NULL
        // session ids (records outside a session) are distinct on both databases.
        m.create_index(
            Index::create()
                .name("training_records_session_person_key")
                .table(TrainingRecords::Table)
                .col(TrainingRecords::SessionId)
                .col(TrainingRecords::PersonId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("training_records_verification_idx")
                .table(TrainingRecords::Table)
                .col(TrainingRecords::AgencyId)
                .col(TrainingRecords::Verification)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TrainingRecordRevisions::Table)
                .col(id(TrainingRecordRevisions::Id))
                .col(
                    ColumnDef::new(TrainingRecordRevisions::RecordId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(TrainingRecordRevisions::AgencyId)
                        .uuid()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(TrainingRecordRevisions::Previous)
                        .json()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(TrainingRecordRevisions::ChangedBy)
                        .uuid()
                        .null(),
                )
                .col(timestamp(TrainingRecordRevisions::ChangedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            TrainingRecordRevisions::Table,
                            TrainingRecordRevisions::RecordId,
                        )
                        .to(TrainingRecords::Table, TrainingRecords::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("training_record_revisions_record_idx")
                .table(TrainingRecordRevisions::Table)
                .col(TrainingRecordRevisions::AgencyId)
                .col(TrainingRecordRevisions::RecordId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TrainingRecordRevisions::Table.into_iden(),
            SessionEnrollments::Table.into_iden(),
            TrainingSessions::Table.into_iden(),
            Courses::Table.into_iden(),
            Topics::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        for index in [
            "training_records_session_person_key",
            "training_records_verification_idx",
        ] {
            m.drop_index(
                Index::drop()
                    .name(index)
                    .table(TrainingRecords::Table)
                    .to_owned(),
            )
            .await?;
        }
        for column in [
            TrainingRecords::CourseId,
            TrainingRecords::SessionId,
            TrainingRecords::Source,
            TrainingRecords::Verification,
            TrainingRecords::RejectionReason,
            TrainingRecords::VerifiedBy,
            TrainingRecords::VerifiedAt,
            TrainingRecords::UpdatedAt,
        ] {
            m.alter_table(
                Table::alter()
                    .table(TrainingRecords::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Agencies::Table)
                .drop_column(Agencies::CountUnverified)
                .to_owned(),
        )
        .await
    }
}
