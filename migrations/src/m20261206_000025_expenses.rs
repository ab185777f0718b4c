//! Training costs: expense lines (each on one training record, one session or one person),
//! their receipts (encrypted on disk like certificates), budgets per fiscal year and unit,
//! and the month the agency's fiscal year starts.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ExpenseLines {
    Table,
    Id,
    AgencyId,
    /// Exactly one of record, session and person is set.
    RecordId,
    SessionId,
    PersonId,
    /// registration, travel, lodging, meals, wages, backfill, other
    Category,
    AmountCents,
    IncurredOn,
    /// agency, officer, grant, other
    PaidBy,
    Description,
    /// requested, approved, paid, rejected
    Status,
    RejectionReason,
    /// The user who entered or requested the line.
    RequestedBy,
    /// The user who approved or rejected it.
    DecidedBy,
    DecidedAt,
    PaidAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ExpenseReceipts {
    Table,
    /// Also the name of the encrypted file.
    Id,
    AgencyId,
    ExpenseId,
    ContentType,
    SizeBytes,
    Sha256,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Budgets {
    Table,
    Id,
    AgencyId,
    /// Named by the calendar year it ends in.
    FiscalYear,
    /// None: agency-wide.
    Unit,
    /// The unit, or "" for agency-wide: unique per agency and year (NULLs would not be).
    UnitKey,
    AmountCents,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
    FiscalYearStartMonth,
}

#[derive(DeriveIden)]
enum TrainingRecords {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TrainingSessions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum People {
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

fn optional_uuid<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).uuid().null().to_owned()
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
        use Budgets as B;
        use ExpenseLines as E;
        use ExpenseReceipts as R;

        m.alter_table(
            Table::alter()
                .table(Agencies::Table)
                .add_column(
                    ColumnDef::new(Agencies::FiscalYearStartMonth)
                        .integer()
                        .not_null()
                        .default(7),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(E::Table)
                .col(id(E::Id))
                .col(uuid(E::AgencyId))
                .col(optional_uuid(E::RecordId))
                .col(optional_uuid(E::SessionId))
                .col(optional_uuid(E::PersonId))
                .col(ColumnDef::new(E::Category).string_len(16).not_null())
                .col(ColumnDef::new(E::AmountCents).big_integer().not_null())
                .col(ColumnDef::new(E::IncurredOn).date().not_null())
                .col(ColumnDef::new(E::PaidBy).string_len(16).not_null())
                .col(ColumnDef::new(E::Description).string_len(200).not_null())
                .col(ColumnDef::new(E::Status).string_len(16).not_null())
                .col(ColumnDef::new(E::RejectionReason).string_len(500).null())
                .col(uuid(E::RequestedBy))
                .col(optional_uuid(E::DecidedBy))
                .col(optional_timestamp(E::DecidedAt))
                .col(optional_timestamp(E::PaidAt))
                .col(timestamp(E::CreatedAt))
                .col(timestamp(E::UpdatedAt))
                .foreign_key(&mut to_agency(E::Table, E::AgencyId))
                // A line goes with what it was spent on.
                .foreign_key(
                    ForeignKey::create()
                        .from(E::Table, E::RecordId)
                        .to(TrainingRecords::Table, TrainingRecords::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(E::Table, E::SessionId)
                        .to(TrainingSessions::Table, TrainingSessions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(E::Table, E::PersonId)
                        .to(People::Table, People::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        for (name, column) in [
            ("expense_lines_agency_incurred_idx", E::IncurredOn),
            ("expense_lines_agency_record_idx", E::RecordId),
            ("expense_lines_agency_session_idx", E::SessionId),
            ("expense_lines_agency_person_idx", E::PersonId),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(E::Table)
                    .col(E::AgencyId)
                    .col(column)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(R::Table)
                .col(id(R::Id))
                .col(uuid(R::AgencyId))
                .col(uuid(R::ExpenseId).unique_key())
                .col(ColumnDef::new(R::ContentType).string_len(64).not_null())
                .col(ColumnDef::new(R::SizeBytes).big_integer().not_null())
                .col(ColumnDef::new(R::Sha256).string_len(64).not_null())
                .col(uuid(R::UploadedBy))
                .col(timestamp(R::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(R::Table, R::ExpenseId)
                        .to(E::Table, E::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(B::Table)
                .col(id(B::Id))
                .col(uuid(B::AgencyId))
                .col(ColumnDef::new(B::FiscalYear).integer().not_null())
                .col(ColumnDef::new(B::Unit).string_len(100).null())
                .col(ColumnDef::new(B::UnitKey).string_len(100).not_null())
                .col(ColumnDef::new(B::AmountCents).big_integer().not_null())
                .col(timestamp(B::CreatedAt))
                .col(timestamp(B::UpdatedAt))
                .foreign_key(&mut to_agency(B::Table, B::AgencyId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("budgets_agency_year_unit_key")
                .table(B::Table)
                .col(B::AgencyId)
                .col(B::FiscalYear)
                .col(B::UnitKey)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Budgets::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ExpenseReceipts::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ExpenseLines::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Agencies::Table)
                .drop_column(Agencies::FiscalYearStartMonth)
                .to_owned(),
        )
        .await
    }
}
