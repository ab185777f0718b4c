//! The receipt of an expense line: uploaded as the request body (PDF, PNG or JPEG,
//! recognised by content, at most 10 MB), stored encrypted like a certificate, downloaded by
//! those who see the line, filed by the training office (or by the person for his or her own
//! line while it is requested).

use actix_web::{HttpResponse, delete, get, put, web};
use confitrek_domain::expenses::may_file_receipt;
use confitrek_types::{Problem, ReceiptDto};
use uuid::Uuid;

use super::service::visible_line;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::{expense_line, expense_receipt};
use crate::db::stored_files::{self, Receipts};
use crate::db::{people, training_records};
use crate::documents::{self, Previous};
use crate::http::{ApiError, ApiResult, Upload};

/// The line, if the caller may file its receipt.
async fn fileable(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<expense_line::Model> {
    let line = visible_line(&state.db, caller, id).await?;
    let scope = caller.scope()?;
    let subject = match (line.person_id, line.record_id) {
        (Some(person), _) => people::get(&state.db, scope, person).await?.map(|p| p.id),
        (None, Some(record)) => training_records::get(&state.db, scope, record)
            .await?
            .map(|r| r.person_id),
        (None, None) => None,
    };
    if may_file_receipt(caller.role, caller.person_id, subject, line.status) {
        Ok(line)
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Attach (or replace) a line's receipt: the body is the file itself.
#[utoipa::path(
    tag = "expenses",
    params(("id" = Uuid, Path, description = "The expense line's id")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "A PDF, PNG or JPEG file of at most 10 MB, as the raw body; its type is read from the content. Content-Type: application/octet-stream, or the file's own (application/pdf, image/png, image/jpeg); any other is refused with 415."),
    responses(
        (status = 201, body = ReceiptDto),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/expenses/{id}/receipt")]
pub async fn upload_receipt(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Upload,
) -> ApiResult<HttpResponse> {
    let saved = store(&state, &caller, id.into_inner(), &body.0).await?;
    Ok(HttpResponse::Created().json(super::receipt_dto(saved)))
}

/// Download a line's receipt, decrypted, as it was uploaded.
#[utoipa::path(
    tag = "expenses",
    params(("id" = Uuid, Path, description = "The expense line's id")),
    responses(
        (status = 200, description = "The file, with the Content-Type of its content", content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/expenses/{id}/receipt")]
pub async fn download_receipt(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let line = visible_line(&state.db, &caller, id.into_inner()).await?;
    let scope = caller.scope()?;
    let receipt = stored_files::of_owner::<Receipts>(&state.db, scope, line.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    crate::files::download(
        &state.files,
        scope,
        (receipt.id, &receipt.sha256),
        &receipt.content_type,
        &format!("receipt-{}", line.incurred_on),
    )
    .await
}

/// Remove a line's receipt for good.
#[utoipa::path(
    tag = "expenses",
    params(("id" = Uuid, Path, description = "The expense line's id")),
    responses(
        (status = 204),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/expenses/{id}/receipt")]
pub async fn delete_receipt(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let line = fileable(&state, &caller, id.into_inner()).await?;
    let event = ("expense.receipt_delete", ("expense", line.id));
    documents::remove::<Receipts>(&state, &caller, line.id, event).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Keeps the file encrypted, then its row in place of the line's previous receipt (whose file
/// goes once the new row is committed).
async fn store(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    bytes: &[u8],
) -> ApiResult<expense_receipt::Model> {
    let line = fileable(state, caller, id).await?;
    let event = ("expense.receipt_upload", ("expense", line.id));
    let owner = (line.id, Previous::Replaced);
    documents::file::<Receipts>(state, caller, owner, bytes, event, async |_| Ok(())).await
}
