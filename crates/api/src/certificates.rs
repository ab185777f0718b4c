//! The certificate of a training record: uploaded as the request body (PDF, PNG or JPEG,
//! recognised by content, at most 10 MB), stored encrypted, downloaded only by those who may
//! see the person, replaced or removed by the training office or the person.

use actix_web::{HttpResponse, delete, get, put, web};
use confitrek_domain::permissions::{self, Action};
use confitrek_domain::training::Verification;
use confitrek_types::{CertificateDto, Problem};
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::Caller;
use crate::db::AgencyScope;
use crate::db::certificates::{self as repo, NewCertificate};
use crate::db::entity::{certificate, training_record};
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

/// The record, if its person is one the caller may see (404 otherwise, as for a missing one).
async fn visible_record(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<(AgencyScope, training_record::Model)> {
    let (record, _) =
        crate::training::record_service::visible_record(&state.db, caller, id).await?;
    Ok((caller.scope()?, record))
}

/// The training office files certificates for anyone it sees; a person for his or her own
/// record while it is not verified (evidence for a report, or after a refusal) — the same
/// rule as correcting the record.
fn may_file(caller: &Caller, record: &training_record::Model) -> ApiResult<()> {
    let verification = record.verification;
    if permissions::may_correct(
        caller.role,
        caller.person_id,
        record.person_id,
        verification,
    ) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
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
    let (scope, record) = visible_record(&state, &caller, id.into_inner()).await?;
    may_file(&caller, &record)?;
    let (saved, previous) =
        crate::files::keep_upload(&state.files, scope, &body.0, async |kind, stored| {
            let txn = crate::db::begin_write(&state.db).await?;
            let previous = repo::of_record(&txn, scope, record.id).await?;
            if let Some(previous) = &previous {
                repo::delete(&txn, scope, previous.id).await?;
            }
            // New evidence from the person sends a refused record back to the queue.
            if !permissions::may(caller.role, Action::ManageTraining)
                && record.verification == Verification::Rejected
            {
                crate::db::training_records::back_to_queue(&txn, record.clone()).await?;
                crate::compliance::service::refresh(&txn, scope, record.person_id).await?;
            }
            let saved = repo::insert(
                &txn,
                scope,
                NewCertificate {
                    id: stored.id,
                    record_id: record.id,
                    content_type: kind.content_type().into(),
                    size_bytes: i64::try_from(stored.size).unwrap_or(i64::MAX),
                    sha256: stored.sha256.clone(),
                    uploaded_by: caller.user_id,
                },
            )
            .await?;
            caller
                .audit(
                    &txn,
                    scope.id(),
                    "certificate.upload",
                    ("training_record", record.id),
                )
                .await?;
            txn.commit().await?;
            ApiResult::Ok((saved, previous))
        })
        .await?;
    if let Some(previous) = previous {
        crate::files::remove_committed(&state.db, &state.files, scope, previous.id).await?;
    }
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
    let (scope, record) = visible_record(&state, &caller, id.into_inner()).await?;
    let certificate = repo::of_record(&state.db, scope, record.id)
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
    let (scope, record) = visible_record(&state, &caller, id.into_inner()).await?;
    may_file(&caller, &record)?;
    let txn = crate::db::begin_write(&state.db).await?;
    let certificate = repo::of_record(&txn, scope, record.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    repo::delete(&txn, scope, certificate.id).await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "certificate.delete",
            ("training_record", record.id),
        )
        .await?;
    txn.commit().await?;
    crate::files::remove_committed(&state.db, &state.files, scope, certificate.id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The encrypted file of a record's certificate, if it has one: read before deleting the
/// record, removed from disk once the deletion is committed.
pub async fn file_of_record(
    db: &impl sea_orm::ConnectionTrait,
    scope: AgencyScope,
    record_id: Uuid,
) -> ApiResult<Option<Uuid>> {
    Ok(repo::of_record(db, scope, record_id).await?.map(|c| c.id))
}
