//! `/exports`: everything an agency owns as one ZIP, for its admins, plain (GET) or encrypted
//! with a passphrase as an age file (POST); and the restore of either into an empty instance
//! (`confitrek import-export FILE`).

pub mod archive;
pub mod handlers;
pub mod import;
pub mod passphrase;
pub mod tables;

use actix_web::web;
use confitrek_domain::permissions::Action;
use sea_orm::{
    DatabaseConnection, IsolationLevel, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::AgencyScope;
use crate::files::FileStore;
use crate::http::ApiResult;
use archive::ArchiveWriter;
use passphrase::ExportPassphrase;

/// Reads the agency's tables in one consistent snapshot and decrypts its files, into the
/// archive: a table at a time, each written (compressed, off the async workers) and dropped
/// before the next is read, then the files one at a time.
pub async fn gather(
    db: &DatabaseConnection,
    files: &FileStore,
    scope: AgencyScope,
    exported_at: OffsetDateTime,
) -> anyhow::Result<Vec<u8>> {
    // One snapshot of rows and files: on SQLite the write lock keeps every writer out until
    // the files are read; on PostgreSQL a repeatable read, and a shared guard on the files.
    let txn = db
        .begin_with_options(TransactionOptions {
            isolation_level: Some(IsolationLevel::RepeatableRead),
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    crate::db::guard_files(&txn, scope, true).await?;
    let mut archive = ArchiveWriter::default();
    let mut agency_name = None;
    // The files' ids and checksums: they follow the tables in the archive.
    let mut stored = Vec::new();
    for table in tables::tables() {
        let rows = table.dump(&txn, scope.id()).await?;
        if table.name == "agencies" {
            agency_name = rows
                .first()
                .and_then(|row| row.get("name"))
                .and_then(|n| n.as_str())
                .map(str::to_owned);
        }
        if tables::FILE_TABLES.contains(&table.name) {
            for row in &rows {
                let (Some(id), Some(sha256)) = (
                    row.get("id")
                        .and_then(|v| v.as_str())
                        .and_then(|v| Uuid::parse_str(v).ok()),
                    row.get("sha256").and_then(|v| v.as_str()),
                ) else {
                    anyhow::bail!("a row of {} has no id or checksum", table.name);
                };
                stored.push((table.name, id, sha256.to_owned()));
            }
        }
        let name = table.name;
        archive = compressing(move || archive.table(name, &rows).map(|()| archive)).await?;
    }
    let agency_name =
        agency_name.ok_or_else(|| anyhow::anyhow!("agency {} not found", scope.id()))?;
    for (table, id, sha256) in stored {
        let bytes = files.get(scope, id, &sha256).await?;
        let path = archive::file_path(table, id);
        archive = compressing(move || archive.file(&path, &bytes).map(|()| archive)).await?;
    }
    txn.commit().await?;
    compressing(move || archive.finish(scope.id(), agency_name, exported_at)).await
}

/// Runs a step of the archive off the async workers: compressing is CPU work.
async fn compressing<T: Send + 'static>(
    step: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    web::block(step)
        .await
        .map_err(|e| anyhow::anyhow!("building the archive: {e}"))?
}

/// An archive made for its caller, and the day it was made (which names the file).
pub struct Archive {
    pub bytes: Vec<u8>,
    pub day: time::Date,
}

/// Everything the caller's agency owns, as the ZIP (agency admins only), recorded in the
/// audit log under `action`.
pub async fn export(state: &AppState, caller: &Caller, action: &str) -> ApiResult<Archive> {
    require(caller, Action::ExportAgency)?;
    let scope = caller.scope()?;
    // The audit events written so far go into the archive chained. Should sealing fail, they
    // go in unsealed, and the instance that restores them seals them.
    if let Err(error) = crate::db::audit_seal::seal(&state.db).await {
        tracing::warn!(?error, "sealing the audit log before an export");
    }
    let now = state.clock.now();
    let bytes = gather(&state.db, &state.files, scope, now).await?;
    // Recorded after the snapshot was taken, so an archive never contains its own export.
    let txn = crate::db::begin_write(&state.db).await?;
    caller
        .audit(&txn, scope.id(), action, ("agency", scope.id()))
        .await?;
    txn.commit().await?;
    Ok(Archive {
        bytes,
        day: now.date(),
    })
}

/// The ZIP of [`export`] encrypted with `passphrase` as an age file, encrypted while it is
/// sent; audited as `agency.export.encrypted`.
pub async fn export_encrypted(
    state: &AppState,
    caller: &Caller,
    passphrase: ExportPassphrase,
) -> ApiResult<(
    impl futures_util::Stream<Item = std::io::Result<web::Bytes>> + 'static,
    time::Date,
)> {
    let archive = export(state, caller, "agency.export.encrypted").await?;
    Ok((
        passphrase::encrypted_stream(archive.bytes, passphrase),
        archive.day,
    ))
}
