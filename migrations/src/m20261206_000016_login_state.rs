//! An admin can switch a login off without touching the person's record, and sees when each
//! login was last used.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    DisabledAt,
    LastSignInAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one change at a time.
        for column in [Users::DisabledAt, Users::LastSignInAt] {
            m.alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(column).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Users::LastSignInAt, Users::DisabledAt] {
            m.alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
