//! What the use-of-force list, aggregates and exports filter, count and order by, as columns
//! beside the incident's document, so the database answers them: the number of subjects,
//! the subjects' injuries (a JSON array of codes, as the force types already are) and each
//! officer's place in the document's order. Existing incidents are filled from their
//! documents.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::Uuid;
use sea_orm_migration::sea_orm::{ConnectionTrait, JsonValue};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum UofIncidents {
    Table,
    Id,
    AgencyId,
    Document,
    SubjectCount,
    Injuries,
}

#[derive(DeriveIden)]
enum UofIncidentOfficers {
    Table,
    IncidentId,
    PersonId,
    Position,
}

const AGENCY_ID_INDEX: &str = "uof_incidents_agency_id_idx";

/// The columns of one incident, from its document.
struct Derived {
    subject_count: i32,
    injuries: String,
    officers: Vec<Uuid>,
}

fn derive(document: &JsonValue) -> Derived {
    let list = |key: &str| document[key].as_array().cloned().unwrap_or_default();
    let subjects = list("subjects");
    let injuries: std::collections::BTreeSet<&str> = subjects
        .iter()
        .flat_map(|s| s["injuries"].as_array().into_iter().flatten())
        .filter_map(JsonValue::as_str)
        .collect();
    Derived {
        subject_count: <i32 as TryFrom<usize>>::try_from(subjects.len()).unwrap_or(i32::MAX),
        injuries: JsonValue::from(injuries.into_iter().collect::<Vec<_>>()).to_string(),
        officers: list("officers")
            .iter()
            .filter_map(|o| {
                o["person_id"]
                    .as_str()
                    .and_then(|s| Uuid::parse_str(s).ok())
            })
            .collect(),
    }
}

async fn fill(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = m.get_connection();
    let select = Query::select()
        .columns([UofIncidents::Id, UofIncidents::Document])
        .from(UofIncidents::Table)
        .to_owned();
    let rows = db.query_all(&select).await?;
    for row in rows {
        let id: Uuid = row.try_get("", "id")?;
        let document: JsonValue = row.try_get("", "document")?;
        let derived = derive(&document);
        let update = Query::update()
            .table(UofIncidents::Table)
            .value(UofIncidents::SubjectCount, derived.subject_count)
            .value(UofIncidents::Injuries, derived.injuries)
            .and_where(Expr::col(UofIncidents::Id).eq(id))
            .to_owned();
        m.exec_stmt(update).await?;
        for (position, person) in (0..).zip(derived.officers) {
            let update = Query::update()
                .table(UofIncidentOfficers::Table)
                .value(UofIncidentOfficers::Position, position)
                .and_where(Expr::col(UofIncidentOfficers::IncidentId).eq(id))
                .and_where(Expr::col(UofIncidentOfficers::PersonId).eq(person))
                .to_owned();
            m.exec_stmt(update).await?;
        }
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// The columns and their filling stand or fall together, on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement, and a NOT NULL one only with a default.
        m.alter_table(
            Table::alter()
                .table(UofIncidents::Table)
                .add_column(
                    ColumnDef::new(UofIncidents::SubjectCount)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(UofIncidents::Table)
                .add_column(
                    ColumnDef::new(UofIncidents::Injuries)
                        .string_len(300)
                        .not_null()
                        .default("[]"),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(UofIncidentOfficers::Table)
                .add_column(
                    ColumnDef::new(UofIncidentOfficers::Position)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
        // The list pages newest first (ids are time-ordered) within one agency.
        m.create_index(
            Index::create()
                .name(AGENCY_ID_INDEX)
                .table(UofIncidents::Table)
                .col(UofIncidents::AgencyId)
                .col(UofIncidents::Id)
                .to_owned(),
        )
        .await?;
        fill(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name(AGENCY_ID_INDEX)
                .table(UofIncidents::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(UofIncidentOfficers::Table)
                .drop_column(UofIncidentOfficers::Position)
                .to_owned(),
        )
        .await?;
        for column in [UofIncidents::Injuries, UofIncidents::SubjectCount] {
            m.alter_table(
                Table::alter()
                    .table(UofIncidents::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
