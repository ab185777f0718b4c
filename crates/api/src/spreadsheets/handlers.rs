//! `/spreadsheets/{kind}/template` and `/spreadsheets/{kind}`: files to fill in and import,
//! and the agency's own rows in the same shape.

use actix_web::{HttpResponse, get, web};
use confitrek_types::{ImportKind, Problem, SpreadsheetFormat, SpreadsheetQuery};

use super::service;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::{ApiError, ApiResult, QueryParams};

/// A kind of import file, as the path names it; another word is no resource.
fn kind_of(path: &str) -> ApiResult<ImportKind> {
    ImportKind::parse(path).ok_or(ApiError::NotFound)
}

/// The template of a file to import: the headers the import reads for `kind` (a training
/// file has a column of hours per topic of the agency's state and its own, named
/// "<topic> (hrs)") and one example row, dates `YYYY-MM-DD`, lists `a; b`.
#[utoipa::path(
    tag = "imports",
    params(("kind" = ImportKind, Path, description = "`people` (a roster) or `training` (a training history)"), SpreadsheetQuery),
    responses(
        (status = 200, description = "The template as a download (Content-Disposition: attachment)", content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only those who import may download templates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such kind of import file", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad query (field `format`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/spreadsheets/{kind}/template")]
pub async fn spreadsheet_template(
    state: web::Data<AppState>,
    caller: Caller,
    kind: web::Path<String>,
    query: QueryParams<SpreadsheetQuery>,
) -> ApiResult<HttpResponse> {
    let kind = kind_of(&kind)?;
    let format = query.format.unwrap_or(SpreadsheetFormat::Csv);
    let file = service::template(&state, &caller, kind, format).await?;
    Ok(file.download())
}

/// The agency's roster (`people`: one row per person) or training history (`training`: one
/// row per record, rejected records left out, a column of hours per topic any record
/// holds), in the template's shape: imported again, every row is unchanged. Each download is
/// recorded in the audit log.
#[utoipa::path(
    tag = "imports",
    params(("kind" = ImportKind, Path, description = "`people` (the roster) or `training` (the training history)"), SpreadsheetQuery),
    responses(
        (status = 200, description = "The file as a download (Content-Disposition: attachment)", content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only those who import may export the whole roster or history", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such kind of import file", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A kind with a template but no export (field `kind`), or a bad query (field `format`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/spreadsheets/{kind}")]
pub async fn spreadsheet_export(
    state: web::Data<AppState>,
    caller: Caller,
    kind: web::Path<String>,
    query: QueryParams<SpreadsheetQuery>,
) -> ApiResult<HttpResponse> {
    let kind = kind_of(&kind)?;
    let format = query.format.unwrap_or(SpreadsheetFormat::Csv);
    let file = service::export(&state, &caller, kind, format).await?;
    Ok(file.download())
}
