//! `/imports`: a batch is uploaded, mapped, previewed, committed and undone.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, put, web};
use confitrek_types::{
    ImportBatchDto, ImportMapping, ImportPreviewDto, ImportUploadQuery, Page, Problem,
};
use uuid::Uuid;

use super::service;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::pagination::PageRequest;
use crate::http::{ApiResult, JsonBody, QueryParams, SpreadsheetUpload};

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportListQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Upload a roster or training history to import: CSV (UTF-8 or Windows-1252, comma,
/// semicolon or tab separated) or a workbook (XLSX, XLS, ODS), at most 32 MB, 200 columns
/// and 200,000 rows, as the raw body. Nothing is imported yet: the answer holds the file's
/// headers and the suggested mapping of its columns.
#[utoipa::path(
    tag = "imports",
    params(ImportUploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file itself. Content-Type: text/csv, an Excel or OpenDocument spreadsheet type, or application/octet-stream; any other is refused with 415."),
    responses(
        (status = 201, body = ImportBatchDto),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file cannot be read (field `file`), or a bad query", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/imports")]
pub async fn upload_import(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ImportUploadQuery>,
    body: SpreadsheetUpload,
) -> ApiResult<HttpResponse> {
    let batch = service::upload(&state, &caller, query.0, &body.0).await?;
    Ok(HttpResponse::Created().json(batch))
}

/// The agency's import batches, newest first.
#[utoipa::path(
    tag = "imports",
    params(ImportListQuery),
    responses(
        (status = 200, body = Page<ImportBatchDto>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/imports")]
pub async fn list_imports(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ImportListQuery>,
) -> ApiResult<web::Json<Page<ImportBatchDto>>> {
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let items = service::list(&state, &caller, page.after, page.rows()).await?;
    Ok(web::Json(page.page(items, |b| b.id, |b| b)))
}

/// One import batch.
#[utoipa::path(
    tag = "imports",
    params(("id" = Uuid, Path, description = "The batch's id")),
    responses(
        (status = 200, body = ImportBatchDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/imports/{id}")]
pub async fn get_import(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ImportBatchDto>> {
    Ok(web::Json(
        service::get(&state, &caller, id.into_inner()).await?,
    ))
}

/// Confirm or change how the file's columns are read: one entry per column in the file's
/// order (a field, a topic code, or neither to ignore it), what each topic name of a
/// `topic` column stands for, and the topic of hours without one.
#[utoipa::path(
    tag = "imports",
    params(("id" = Uuid, Path, description = "The batch's id")),
    request_body = ImportMapping,
    responses(
        (status = 200, body = ImportBatchDto),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The batch is committed or undone", body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The mapping does not fit the file (fields `columns.<header>`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/imports/{id}/mapping")]
pub async fn set_import_mapping(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<ImportMapping>,
) -> ApiResult<web::Json<ImportBatchDto>> {
    let batch = service::set_mapping(&state, &caller, id.into_inner(), body.into_inner()).await?;
    Ok(web::Json(batch))
}

/// A dry run: counts of new, updated, unchanged and repeated rows, every error by row,
/// column and value, and how verdicts would change. Nothing is written.
#[utoipa::path(
    tag = "imports",
    params(("id" = Uuid, Path, description = "The batch's id")),
    responses(
        (status = 200, body = ImportPreviewDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The batch is committed or undone", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/imports/{id}/preview")]
pub async fn preview_import(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ImportPreviewDto>> {
    Ok(web::Json(
        service::preview(&state, &caller, id.into_inner()).await?,
    ))
}

/// Start importing the batch, all or nothing, in one transaction; verdicts are judged again
/// once per person it touches. The server does it on its own: the batch answered is
/// `committing`, and `GET /imports/{id}` tells its progress, then `committed` with its
/// counts, or `uploaded` again with the `failure` that stopped it (a row with an error:
/// nothing was imported). A file already imported changes nothing: its counts say every
/// row is unchanged.
#[utoipa::path(
    tag = "imports",
    params(("id" = Uuid, Path, description = "The batch's id")),
    responses(
        (status = 202, description = "The import has begun; follow it at the `Location`", body = ImportBatchDto,
            headers(("Location" = String, description = "The batch, to follow the import"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The batch is being imported, committed or undone", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/imports/{id}/commit")]
pub async fn commit_import(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let batch = service::start_commit(state.into_inner(), &caller, id.into_inner()).await?;
    Ok(HttpResponse::Accepted()
        .insert_header((header::LOCATION, format!("/api/v1/imports/{}", batch.id)))
        .json(batch))
}

/// Take a committed batch back as a whole: what it added is deleted, what it changed is as
/// it was. Refused, naming the rows, while a later change depends on it.
#[utoipa::path(
    tag = "imports",
    params(("id" = Uuid, Path, description = "The batch's id")),
    responses(
        (status = 200, body = ImportBatchDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The batch is not committed, or rows changed since depend on it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/imports/{id}/undo")]
pub async fn undo_import(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ImportBatchDto>> {
    Ok(web::Json(
        service::undo(&state, &caller, id.into_inner()).await?,
    ))
}
