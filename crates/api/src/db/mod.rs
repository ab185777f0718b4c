//! Persistence: the connection, migrations, and one repository per table. Every repository
//! function that touches agency data takes an [`AgencyScope`]; there is no unscoped path.

pub mod agencies;
pub mod agency_rules;
pub mod audit;
pub mod batch;
pub mod certificates;
pub mod compliance;
pub mod courses;
pub mod credentials;
pub mod entity;
pub mod notifications;
pub mod people;
pub mod policies;
pub mod policy_documents;
pub mod refresh_tokens;
pub mod sessions;
pub mod topics;
pub mod training_records;
pub mod training_requests;
pub mod uof;
pub mod users;

use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};
use secrecy::ExposeSecret;
use uuid::Uuid;

use crate::config::Config;

/// The agency whose data a query may touch. Built from the authenticated caller (or by the
/// CLI for the agency it was told to work on), then passed to every repository call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgencyScope(Uuid);

impl AgencyScope {
    pub fn new(agency_id: Uuid) -> Self {
        Self(agency_id)
    }

    pub fn id(self) -> Uuid {
        self.0
    }
}

pub async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let url = config.database_url.expose_secret();
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if url.starts_with("sqlite") { 8 } else { 16 })
        .connect_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let db = Database::connect(options).await?;
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        // WAL lets readers go on while one writer writes; it is a property of the file.
        // Foreign keys are on for every connection sqlx opens.
        db.execute_raw(Statement::from_string(
            db.get_database_backend(),
            "PRAGMA journal_mode=WAL",
        ))
        .await?;
    }
    Ok(db)
}

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await?;
    Ok(())
}

/// True when the database answers a trivial query.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT 1",
    ))
    .await
    .is_ok()
}
