//! The certificate of a training record: uploaded as the request body (PDF, PNG or JPEG,
//! recognised by content, at most 10 MB), stored encrypted, downloaded only by those who may
//! see the person, replaced or removed by the training office or the person.

use actix_web::{HttpResponse, delete, get, put, web};
use confitrek_types::{CertificateDto, Problem};
use uuid::Uuid;

use super::certificate_service as service;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::certificate;
use crate::db::stored_files::{self, Certificates};
use crate::http::{ApiError, ApiResult, Upload};

pub(crate) fn dto(c: certificate::Model) -> CertificateDto {
    CertificateDto {
        record_id: c.record_id,
        content_type: c.content_type,
        size_bytes: u64::try_from(c.size_bytes).unwrap_or(0),
        sha256: c.sha256,
        uploaded_at: c.created_at,
    }
}

/// Attach (or replace) a record's certificate: the body is the file itself.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The training record's id")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "A PDF, PNG or JPEG file of at most 10 MB, as the raw body; its type is read from the content. Content-Type: application/octet-stream, or the file's own (application/pdf, image/png, image/jpeg); any other is refused with 415."),
    responses(
        (status = 201, body = CertificateDto),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/training-records/{id}/certificate")]
pub async fn upload_certificate(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Upload,
) -> ApiResult<HttpResponse> {
    let saved = service::file(&state, &caller, id.into_inner(), &body.0).await?;
    Ok(HttpResponse::Created().json(dto(saved)))
}

/// Download a record's certificate, decrypted, as it was uploaded.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The training record's id")),
    responses(
        (status = 200, description = "The file, with the Content-Type of its content", content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/training-records/{id}/certificate")]
pub async fn download_certificate(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (scope, record) = service::visible_record(&state, &caller, id.into_inner()).await?;
    let certificate = stored_files::of_owner::<Certificates>(&state.db, scope, record.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    crate::files::download(
        &state.files,
        scope,
        (certificate.id, &certificate.sha256),
        &certificate.content_type,
        &format!("certificate-{}", record.completed_on),
    )
    .await
}

/// Remove a record's certificate for good.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The training record's id")),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[delete("/training-records/{id}/certificate")]
pub async fn delete_certificate(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::remove(&state, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
