//! The `/exports` endpoints: thin over `export` and `export_encrypted`.

use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use confitrek_domain::permissions::Action;
use confitrek_types::{EncryptedExportRequest, Problem};

use super::passphrase::ExportPassphrase;
use super::{export, export_encrypted};
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::download::attachment;
use crate::http::{ApiResult, JsonBody};

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
