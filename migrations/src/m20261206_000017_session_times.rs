//! Sessions say when on each day they run: "HH:MM" in the agency's time zone, both absent
//! for a session listed by its days only.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrainingSessions {
    Table,
    StartTime,
    EndTime,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one change at a time.
        for column in [TrainingSessions::StartTime, TrainingSessions::EndTime] {
            m.alter_table(
                Table::alter()
                    .table(TrainingSessions::Table)
                    .add_column(ColumnDef::new(column).string_len(5).null())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [TrainingSessions::EndTime, TrainingSessions::StartTime] {
            m.alter_table(
                Table::alter()
                    .table(TrainingSessions::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
