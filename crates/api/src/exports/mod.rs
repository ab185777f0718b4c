//! `/exports`: everything an agency owns as one ZIP, for its admins; and the restore of such
//! an archive into an empty instance (`confitrek import-export FILE`).

pub mod archive;
pub mod import;
pub mod tables;

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use confitrek_domain::permissions::Action;
use confitrek_types::Problem;
use sea_orm::{
    DatabaseConnection, IsolationLevel, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::Caller;
use crate::db::AgencyScope;
use crate::files::FileStore;
use crate::http::{ApiError, ApiResult};
use crate::permissions::require;
use archive::Contents;

/// Reads the agency's tables in one consistent snapshot and decrypts its files.
pub async fn gather(
    db: &DatabaseConnection,
    files: &FileStore,
    scope: AgencyScope,
    exported_at: OffsetDateTime,
) -> anyhow::Result<Contents> {
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
    let mut dumped = Vec::new();
    for table in tables::tables() {
        let rows = table.dump(&txn, scope.id()).await?;
        dumped.push((table.name.to_owned(), rows));
    }
    let agency_name = dumped
        .iter()
        .find(|(name, _)| name == "agencies")
        .and_then(|(_, rows)| rows.first())
        .and_then(|row| row.get("name"))
        .and_then(|n| n.as_str())
        .ok_or_else(|| anyhow::anyhow!("agency {} not found", scope.id()))?
        .to_owned();
    let mut stored = Vec::new();
    for (name, rows) in &dumped {
        if !tables::FILE_TABLES.contains(&name.as_str()) {
            continue;
        }
        for row in rows {
            let (Some(id), Some(sha256)) = (
                row.get("id")
                    .and_then(|v| v.as_str())
                    .and_then(|v| Uuid::parse_str(v).ok()),
                row.get("sha256").and_then(|v| v.as_str()),
            ) else {
                anyhow::bail!("a row of {name} has no id or checksum");
            };
            stored.push((archive::file_path(name, id), files.get(scope, id, sha256)?));
        }
    }
    txn.commit().await?;
    Ok(Contents {
        agency_id: scope.id(),
        agency_name,
        exported_at,
        tables: dumped,
        files: stored,
    })
}

/// Download everything the agency owns as one ZIP (agency admins only): `manifest.json`
/// (format version, agency, time, rows per table, SHA-256 of every entry), one JSON file per
/// table under `tables/`, and the certificates and policy documents, decrypted, under
/// `files/<table>/<id>`. Password hashes, sessions, invitations and calendar secrets are left
/// out. Restore it with `confitrek import-export FILE`.
#[utoipa::path(
    tag = "exports",
    responses(
        (status = 200, description = "The archive", body = Vec<u8>, content_type = "application/zip"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/exports")]
pub async fn download_export(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ExportAgency)?;
    let scope = caller.scope()?;
    // The audit events written so far go into the archive chained. Should sealing fail, they
    // go in unsealed, and the instance that restores them seals them.
    if let Err(error) = crate::db::audit_seal::seal(&state.db).await {
        tracing::warn!(?error, "sealing the audit log before an export");
    }
    let now = OffsetDateTime::now_utc();
    let contents = gather(&state.db, &state.files, scope, now).await?;
    let bytes = web::block(move || archive::write(contents))
        .await
        .map_err(|e| ApiError::from(anyhow::anyhow!("building the archive: {e}")))??;
    // Recorded after the snapshot was taken, so an archive never contains its own export.
    let txn = crate::db::begin_write(&state.db).await?;
    caller
        .audit(&txn, scope.id(), "agency.export", ("agency", scope.id()))
        .await?;
    txn.commit().await?;
    let day = now.date();
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"confitrek-export-{day}.zip\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
