//! A policy's documents: uploaded as the request body (PDF, PNG or JPEG, recognised by
//! content), stored encrypted, carried by a version, and downloaded by those the policy is
//! assigned to and by those who manage policies.

use actix_web::{HttpResponse, get, post, web};
use confitrek_domain::permissions::Action;
use confitrek_types::{PolicyDocumentDto, Problem};
use uuid::Uuid;

use super::document_service;
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::{ApiResult, Upload};

/// Upload a document for a policy; publish a version with it (`document_id`) to have it read
/// and acknowledged.
#[utoipa::path(
    tag = "policies",
    params(("id" = Uuid, Path, description = "The policy's id")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "A PDF, PNG or JPEG file of at most 10 MB, as the raw body; its type is read from the content. Content-Type: application/octet-stream, or the file's own (application/pdf, image/png, image/jpeg); any other is refused with 415."),
    responses(
        (status = 201, body = PolicyDocumentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/policies/{id}/documents")]
pub async fn upload_policy_document(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: Upload,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ManagePolicies)?;
    let row = document_service::upload(&state, &caller, id.into_inner(), &body.0).await?;
    Ok(HttpResponse::Created().json(PolicyDocumentDto {
        id: row.id,
        policy_id: row.policy_id,
        content_type: row.content_type,
        size_bytes: u64::try_from(row.size_bytes).unwrap_or(0),
        sha256: row.sha256,
    }))
}

/// Download the document of a policy version.
#[utoipa::path(
    tag = "policies",
    params(
        ("id" = Uuid, Path, description = "The policy's id"),
        ("version" = u32, Path, description = "The version number"),
    ),
    responses(
        (status = 200, description = "The file, with the Content-Type of its content", content((Vec<u8> = "application/pdf"), (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/policies/{id}/versions/{version}/document")]
pub async fn download_policy_document(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, u32)>,
) -> ApiResult<HttpResponse> {
    let (id, number) = path.into_inner();
    let (code, document) = document_service::of_version(&state.db, &caller, id, number).await?;
    crate::files::download(
        &state.files,
        caller.scope()?,
        (document.id, &document.sha256),
        &document.content_type,
        &format!("{code}-v{number}"),
    )
    .await
}
