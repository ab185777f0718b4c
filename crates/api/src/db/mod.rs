//! Persistence: the connection, migrations, and one repository per table. Every repository
//! function that touches agency data takes an [`AgencyScope`]; there is no unscoped path.

pub mod agencies;
pub mod agency_rules;
pub mod audit;
pub mod audit_chain;
pub mod audit_seal;
pub mod audit_verify;
pub mod batch;
pub mod budgets;
pub mod certificates;
pub mod compliance;
pub mod courses;
pub mod credentials;
pub mod entity;
pub mod expenses;
pub mod idempotency;
pub mod identity_providers;
pub mod imports;
pub mod lockouts;
pub mod mfa;
pub mod notifications;
pub mod people;
pub mod policies;
pub mod policy_documents;
pub mod receipts;
pub mod refresh_tokens;
pub mod reimbursement;
pub mod roi;
pub mod scim;
pub mod service_accounts;
pub mod sessions;
pub mod sign_ins;
pub mod state_reports;
pub mod topics;
pub mod training_records;
pub mod training_requests;
pub mod uof;
pub mod users;
pub mod webhooks;

use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::SqliteJournalMode;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, SqliteTransactionMode,
    Statement, TransactionOptions, TransactionTrait,
};
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
    if let Some(path) = sqlite_path(url) {
        owner_only(&path)?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(if url.starts_with("sqlite") { 8 } else { 16 })
        .connect_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        // WAL lets readers go on while one writer writes. A writer waits its turn for up to
        // the busy timeout instead of failing with "database is locked".
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(SQLITE_BUSY_TIMEOUT)
                .foreign_keys(true)
        });
    Ok(Database::connect(options).await?)
}

/// The file of a SQLite URL (`sqlite://path?...`), unless it is in memory.
fn sqlite_path(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

/// The database file, and its WAL and shared-memory files, readable by the server's user
/// only: they hold every agency's records. SQLite gives the WAL and shared-memory files the
/// database file's mode, so creating it 0600 before SQLite does covers them.
fn owner_only(path: &std::path::Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path);
        if let Err(e) = created
            && e.kind() != std::io::ErrorKind::AlreadyExists
        {
            return Err(anyhow::anyhow!(
                "creating the database {}: {e}",
                path.display()
            ));
        }
        for suffix in ["", "-wal", "-shm"] {
            let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
            if file.exists() {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    Ok(())
}

/// How long a SQLite writer waits for the write lock before giving up: far longer than any
/// write transaction holds it.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Begins a transaction that writes. On SQLite it takes the write lock at once (`BEGIN
/// IMMEDIATE`): a deferred transaction that has read cannot become a writer once another
/// connection has committed (SQLITE_BUSY_SNAPSHOT, answered at once whatever the busy
/// timeout), while an immediate one waits its turn. PostgreSQL ignores the mode.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Guards an agency's stored files for the rest of the transaction. The export holds it
/// shared while it reads rows and files as one snapshot; removing a file whose row is gone
/// holds it exclusively, so a file in an export's snapshot stays on disk until the export
/// has read it. On SQLite the write lock of [`begin_write`] does the same (one writer).
pub async fn guard_files(
    txn: &impl ConnectionTrait,
    scope: AgencyScope,
    shared: bool,
) -> Result<(), DbErr> {
    if txn.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Ok(());
    }
    // The agency's id folded into the 64 bits an advisory lock is named by.
    let (high, low) = scope.id().as_u64_pair();
    let key = (high ^ low).cast_signed();
    let function = if shared {
        "pg_advisory_xact_lock_shared"
    } else {
        "pg_advisory_xact_lock"
    };
    txn.execute_raw(Statement::from_sql_and_values(
        sea_orm::DatabaseBackend::Postgres,
        format!("SELECT {function}($1)"),
        [key.into()],
    ))
    .await?;
    Ok(())
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
