//! Deleting what the privacy policy says is no longer kept (the periods are in
//! `confitrek_domain::retention`): a cancelled agency's every row and file once its 90 days
//! are over, and technical data about sign-ins after 12 months. `now` is an argument, so
//! the clock is the caller's.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::app::AppState;
use crate::db::AgencyScope;
use crate::exports::tables::{Key, tables};

/// Tables an agency's data reaches through its logins (`user_id`) rather than an
/// `agency_id`: sessions, second factors, sign-in devices.
pub const BY_LOGIN: [&str; 4] = [
    "sign_ins",
    "mfa_recovery_codes",
    "refresh_tokens",
    "login_devices",
];
/// Tables with an `agency_id` that the export leaves out, children before their parents.
pub const BY_AGENCY: [&str; 8] = [
    "calendar_feeds",
    "api_keys",
    "sso_attempts",
    "scim_tokens",
    "webhook_attempts",
    "webhook_deliveries",
    "webhook_events",
    "webhook_endpoints",
];
/// Tables kept a day and purged by age whatever the agency: a cancelled agency writes
/// nothing, so none of its rows is left by the time it is deleted.
pub const SHORT_LIVED: [&str; 1] = ["idempotency_keys"];
/// Wrong passwords counted by a keyed hash of the email: found through the logins' emails.
pub const BY_EMAIL: [&str; 1] = ["login_lockouts"];
/// Tables of the platform, not of any agency.
pub const PLATFORM: [&str; 3] = ["key_fingerprints", "rule_set_versions", "seaql_migrations"];

/// What a run deleted.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Purged {
    pub agencies: Vec<Uuid>,
    pub technical_rows: u64,
}

/// Deletes the agencies whose retention ended by `now`, and technical data older than its
/// period.
pub async fn run(state: &AppState, now: OffsetDateTime) -> anyhow::Result<Purged> {
    let mut purged = Purged::default();
    for agency in crate::db::agencies::cancelled(&state.db).await? {
        let due = agency
            .cancelled_at
            .is_some_and(|at| confitrek_domain::retention::purge_due(at, now));
        if due && purge_agency(state, agency.id, now).await? {
            tracing::info!(agency = %agency.id, "deleted a cancelled agency's data");
            purged.agencies.push(agency.id);
        }
    }
    purged.technical_rows = purge_technical(&state.db, now).await?;
    Ok(purged)
}

pub(crate) fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    // Written with PostgreSQL's `$n`; SQLite numbers its `?n` the same way.
    let sql = match backend {
        DbBackend::Postgres => sql.to_owned(),
        _ => sql.replace('$', "?"),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Deletes every row of the agency in every table, then its files, in one transaction
/// (its files once the rows are gone: a file without its row is harmless, a row without
/// its file is not). The agency's row is locked and read again first: another server may
/// have purged it already, or its cancellation may have been undone since it was listed.
/// Answers whether this call deleted it.
pub async fn purge_agency(
    state: &AppState,
    agency: Uuid,
    now: OffsetDateTime,
) -> anyhow::Result<bool> {
    let txn = crate::db::begin_write(&state.db).await?;
    let backend = txn.get_database_backend();
    let id = || vec![Value::from(agency)];
    // On SQLite the write lock of `begin_write` already keeps every other writer out.
    let lock = match backend {
        DbBackend::Postgres => " FOR UPDATE",
        _ => "",
    };
    let cancelled_at = txn
        .query_one_raw(statement(
            backend,
            &format!("SELECT cancelled_at FROM agencies WHERE id = $1{lock}"),
            id(),
        ))
        .await?
        .map(|row| row.try_get::<Option<OffsetDateTime>>("", "cancelled_at"))
        .transpose()?
        .flatten();
    let still_due = cancelled_at.is_some_and(|at| confitrek_domain::retention::purge_due(at, now));
    if !still_due {
        txn.rollback().await?;
        return Ok(false);
    }
    let logins = "SELECT id FROM users WHERE agency_id = $1";
    let emails: Vec<String> = txn
        .query_all_raw(statement(
            backend,
            "SELECT email FROM users WHERE agency_id = $1",
            id(),
        ))
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "email"))
        .collect::<Result<_, DbErr>>()?;
    for email in emails {
        let key = state.keys.account_key(&email);
        let sql = "DELETE FROM login_lockouts WHERE account_key = $1";
        txn.execute_raw(statement(backend, sql, vec![key.into()]))
            .await?;
    }
    for table in BY_LOGIN {
        let sql = format!("DELETE FROM {table} WHERE user_id IN ({logins})");
        txn.execute_raw(statement(backend, &sql, id())).await?;
    }
    for table in BY_AGENCY {
        let sql = format!("DELETE FROM {table} WHERE agency_id = $1");
        txn.execute_raw(statement(backend, &sql, id())).await?;
    }
    // Children before their parents: the export's order, reversed.
    for table in tables().iter().rev() {
        let sql = match table.key {
            Key::Column(column) => format!("DELETE FROM {} WHERE {column} = $1", table.name),
            Key::Through { column, parent } => format!(
                "DELETE FROM {} WHERE {column} IN (SELECT id FROM {parent} WHERE agency_id = $1)",
                table.name
            ),
        };
        txn.execute_raw(statement(backend, &sql, id())).await?;
    }
    crate::db::guard_files(&txn, AgencyScope::new(agency), false).await?;
    txn.commit().await?;
    state.files.remove_agency(AgencyScope::new(agency)).await?;
    Ok(true)
}

/// Deletes sign-in devices unseen, and sessions and refresh tokens ended or expired, for
/// 12 months, failure counts whose window and lock are long over, and webhook deliveries
/// 30 days after their last attempt (with their attempts, and events none refers to).
async fn purge_technical(db: &impl ConnectionTrait, now: OffsetDateTime) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let cutoff = confitrek_domain::retention::technical_cutoff(now);
    let day_ago = now - time::Duration::days(1);
    let deletions = [
        ("DELETE FROM login_devices WHERE last_seen_at < $1", cutoff),
        ("DELETE FROM sign_ins WHERE expires_at < $1", cutoff),
        ("DELETE FROM refresh_tokens WHERE expires_at < $1", cutoff),
        (
            "DELETE FROM login_lockouts WHERE window_started_at < $1 AND locked_at IS NULL",
            day_ago,
        ),
        (
            "DELETE FROM idempotency_keys WHERE created_at < $1",
            now - crate::http::idempotency::KEPT_FOR,
        ),
    ];
    let log_cutoff = now - time::Duration::days(confitrek_domain::webhooks::LOG_DAYS);
    let finished =
        "SELECT id FROM webhook_deliveries WHERE state <> 'pending' AND finished_at < $1";
    let webhook_log = [
        format!("DELETE FROM webhook_attempts WHERE delivery_id IN ({finished})"),
        format!("DELETE FROM webhook_deliveries WHERE id IN ({finished})"),
        "DELETE FROM webhook_events WHERE fanned_out_at < $1 AND NOT EXISTS \
         (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = webhook_events.id)"
            .to_owned(),
    ];
    let mut deleted = 0;
    for sql in &webhook_log {
        deleted += db
            .execute_raw(statement(backend, sql, vec![log_cutoff.into()]))
            .await?
            .rows_affected();
    }
    for (sql, before) in deletions {
        deleted += db
            .execute_raw(statement(backend, sql, vec![before.into()]))
            .await?
            .rows_affected();
    }
    Ok(deleted)
}
