//! `/exports`: everything an agency owns as one ZIP, for its admins, plain (GET) or encrypted
//! with a passphrase as an age file (POST); and the restore of either into an empty instance
//! (`confitrek import-export FILE`).

pub mod archive;
pub mod import;
pub mod passphrase;
pub mod tables;

use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use confitrek_domain::permissions::Action;
use confitrek_types::{EncryptedExportRequest, Problem};
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
use crate::http::download::attachment;
use crate::http::{ApiResult, JsonBody};
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

/// Download everything the agency owns as one ZIP (agency admins only): `manifest.json`
/// (format version, agency, time, rows per table, SHA-256 of every entry), one JSON file per
/// table under `tables/`, and the certificates and policy documents, decrypted, under
/// `files/<table>/<id>`. Password hashes, sessions, second factors, invitations and calendar
/// secrets are left out. The archive is not encrypted: to have it encrypted with a
/// passphrase, `POST /exports` instead. Restore it with `confitrek import-export FILE`.
#[utoipa::path(
    tag = "exports",
    operation_id = "download_export",
    responses(
        (status = 200, description = "The archive", body = Vec<u8>, content_type = "application/zip"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an agency admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/exports")]
pub async fn download_zip_export(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<HttpResponse> {
    let archive = export(&state, &caller, "agency.export").await?;
    let name = format!("confitrek-export-{}", archive.day);
    Ok(attachment("application/zip", &name, "zip").body(archive.bytes))
}

/// Download the same archive as `GET /exports`, encrypted with the passphrase given (agency
/// admins only): a standard age file (<https://age-encryption.org/v1>, scrypt), which
/// `age -d -o export.zip export.zip.age` decrypts with the passphrase to the ZIP, and which
/// `confitrek import-export FILE` restores given the passphrase in
/// `CONFITREK_EXPORT_PASSPHRASE`. The passphrase travels in the body so that it stays out
/// of URLs and logs; the server keeps neither it nor the file. Recorded in the audit log as
/// `agency.export.encrypted`.
#[utoipa::path(
    tag = "exports",
    operation_id = "download_encrypted_export",
    request_body = EncryptedExportRequest,
    responses(
        (status = 200, description = "The archive encrypted as an age file (`age-encryption.org/v1`; no media type is registered for it)", body = Vec<u8>, content_type = "application/octet-stream"),
        (status = 400, description = "The body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an agency admin", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The passphrase is missing, or not 12 to 128 characters (`passphrase`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/exports")]
pub async fn download_encrypted_export(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<EncryptedExportRequest>,
) -> ApiResult<HttpResponse> {
    // Whether the caller may export at all comes before what was given.
    require(&caller, Action::ExportAgency)?;
    let passphrase = ExportPassphrase::parse(body.into_inner().passphrase)?;
    let (encrypted, day) = export_encrypted(&state, &caller, passphrase).await?;
    Ok(attachment(
        "application/octet-stream",
        &format!("confitrek-export-{day}"),
        "zip.age",
    )
    // Ciphertext does not compress: keep the response compressor off it.
    .insert_header((header::CONTENT_ENCODING, "identity"))
    .streaming(encrypted))
}

/// Both forms of the download at `/exports`, registered (and documented) as one service:
/// the ZIP ([`download_zip_export`]) and the encrypted ZIP ([`download_encrypted_export`]).
#[allow(non_camel_case_types)]
pub struct download_export;

impl HttpServiceFactory for download_export {
    fn register(self, config: &mut AppService) {
        download_zip_export.register(config);
        download_encrypted_export.register(config);
    }
}

impl utoipa_actix_web::OpenApiFactory for download_export {
    fn paths(&self) -> utoipa::openapi::path::Paths {
        let mut paths = download_zip_export.paths();
        paths.merge(download_encrypted_export.paths());
        paths
    }

    fn schemas(
        &self,
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        download_zip_export.schemas(schemas);
        download_encrypted_export.schemas(schemas);
    }
}
