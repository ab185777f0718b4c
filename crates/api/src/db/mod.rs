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
pub mod compliance;
pub mod courses;
pub mod credentials;
pub mod entity;
pub mod expenses;
pub mod idempotency;
pub mod identity_providers;
pub mod imports;
pub mod key_fingerprints;
pub mod lockouts;
pub mod mfa;
pub mod notifications;
pub mod pages;
pub mod people;
pub mod policies;
pub mod refresh_tokens;
pub mod reimbursement;
pub mod roi;
pub mod scim;
pub mod service_accounts;
pub mod sessions;
pub mod sign_ins;
pub mod state_reports;
pub mod stored_files;
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
        .max_connections(config.database_max_connections)
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

/// What a job locks an agency for: the first key of a two-key advisory lock, so these never
/// meet the one-key locks of [`guard_files`] and [`migrate`], nor the audit sealer's.
#[derive(Debug, Clone, Copy)]
pub enum AgencyJob {
    /// Re-evaluating the verdicts changed by time ("rfsh").
    Refresh = 0x7266_7368,
}

/// Holds the agency for `job` until the transaction ends: two servers running the same job
/// on one agency take turns, and the second finds done what the first did. On SQLite the
/// write lock of [`begin_write`] already lets one writer in at a time.
pub async fn lock_agency_for(
    txn: &impl ConnectionTrait,
    scope: AgencyScope,
    job: AgencyJob,
) -> Result<(), DbErr> {
    if txn.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Ok(());
    }
    // The agency's id folded into the 32 bits of the second key: two agencies that fold
    // alike only take turns, which costs a wait and never a wrong result.
    let (high, low) = scope.id().as_u64_pair();
    let folded = high ^ low;
    let key = ((folded >> 32) as u32 ^ folded as u32).cast_signed();
    txn.execute_raw(Statement::from_sql_and_values(
        sea_orm::DatabaseBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1, $2)",
        [(job as i32).into(), key.into()],
    ))
    .await?;
    Ok(())
}

/// The advisory lock every server takes to migrate PostgreSQL: any fixed number no other
/// lock of the product uses (those are named by two 32-bit keys or by an agency's id).
const MIGRATION_LOCK: i64 = 0x636f_6e66_6974_726b;

/// Applies the migrations not yet applied. On PostgreSQL several servers may start at once:
/// each waits for a session advisory lock, held on a connection of its own, so one of them
/// migrates and the others find nothing left to do. SQLite has one process.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        Migrator::up(db, None).await?;
        return Ok(());
    }
    // A session lock belongs to one connection: a pool of one keeps the lock, the
    // migrations and the unlock on the same one.
    let options = (*db.get_postgres_connection_pool().connect_options()).clone();
    let pool = sea_orm::sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    let lock = sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
    let locked = |function: &str| {
        Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            format!("SELECT {function}($1)"),
            [MIGRATION_LOCK.into()],
        )
    };
    lock.execute_raw(locked("pg_advisory_lock")).await?;
    let migrated = Migrator::up(&lock, None).await;
    // Closing the connection would release the lock too; unlocking first lets the next
    // server go on at once.
    let unlocked = lock.execute_raw(locked("pg_advisory_unlock")).await;
    lock.close().await.ok();
    migrated?;
    unlocked?;
    Ok(())
}

/// The migrations this server knows that the database has not applied: none once the
/// server started, some while another (newer) server is still migrating or after a restore
/// of an older backup. Migrations the database has and this server does not know (a newer
/// server's) are not pending.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    use std::collections::HashSet;
    let applied: HashSet<String> = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM seaql_migrations",
        ))
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "version"))
        .collect::<Result<_, DbErr>>()?;
    Ok(Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .filter(|name| !applied.contains(name))
        .collect())
}

/// Whether the server can serve: its database answers and has every migration the server
/// knows (another server may still be migrating, or a restore brought an older schema).
pub async fn readiness(db: &DatabaseConnection) -> crate::http::ApiResult<()> {
    use crate::http::ApiError;
    if !ping(db).await {
        return Err(ApiError::NotReady("The database does not answer.".into()));
    }
    let pending = pending_migrations(db).await.map_err(|e| {
        tracing::warn!(error = ?e, "reading the applied migrations");
        ApiError::NotReady("The applied migrations cannot be read.".into())
    })?;
    if !pending.is_empty() {
        return Err(ApiError::NotReady(format!(
            "Migrations not yet applied: {}.",
            pending.join(", ")
        )));
    }
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
