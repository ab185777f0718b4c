//! A policy's documents: uploaded as the request body (PDF, PNG or JPEG, recognised by
//! content), stored encrypted, carried by a version, and downloaded by those the policy is
//! assigned to and by those who manage policies.

use actix_web::{HttpResponse, get, post, web};
use confitrek_domain::permissions::{Action, may};
use confitrek_types::{PolicyDocumentDto, Problem};
use uuid::Uuid;

use super::duties::AgencyPolicies;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::policy_documents::{self as repo, NewDocument};
use crate::db::{agencies, people, policies};
use crate::http::{ApiError, ApiResult, Upload};
use crate::permissions::require;

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
    let scope = caller.scope()?;
    let policy = policies::policy(&state.db, scope, id.into_inner())
        .await?
        .ok_or(ApiError::NotFound)?;
    let row = crate::files::keep_upload(&state.files, scope, &body.0, async |kind, stored| {
        let txn = crate::db::begin_write(&state.db).await?;
        let row = repo::insert(
            &txn,
            scope,
            NewDocument {
                id: stored.id,
                policy_id: policy.id,
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
                "policy.document_upload",
                ("policy", policy.id),
            )
            .await?;
        txn.commit().await?;
        ApiResult::Ok(row)
    })
    .await?;
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
    let scope = caller.scope()?;
    let agency = agencies::get(&state.db, scope)
        .await?
        .ok_or(ApiError::NotFound)?;
    let all = AgencyPolicies::load(&state.db, scope, &agency.time_zone).await?;
    let policy = all
        .rows
        .iter()
        .find(|p| p.id == id)
        .ok_or(ApiError::NotFound)?;
    // Those who manage policies, and the people it is assigned to; nobody else learns of it.
    if !may(caller.role, Action::ManagePolicies) {
        let person = match caller.person_id {
            Some(person) => people::get(&state.db, scope, person).await?,
            None => None,
        };
        if !person.is_some_and(|p| all.assigned(policy, &p)) {
            return Err(ApiError::NotFound);
        }
    }
    let version = all
        .versions_of(policy.id)
        .into_iter()
        .find(|v| super::version_number(v) == number)
        .ok_or(ApiError::NotFound)?;
    let document = match version.file_id {
        Some(file) => repo::get(&state.db, scope, file).await?,
        None => None,
    }
    .ok_or(ApiError::NotFound)?;
    crate::files::download(
        &state.files,
        scope,
        (document.id, &document.sha256),
        &document.content_type,
        &format!("{}-v{number}", policy.code),
    )
    .await
}
