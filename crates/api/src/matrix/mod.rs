//! `GET /compliance/matrix`: the people the caller sees by the requirements that apply to
//! them, read from the stored verdicts (see `confitrek_domain::matrix`) and kept in memory
//! until one of the agency's verdicts changes or its day turns.

use actix_web::{HttpResponse, get, web};
use confitrek_types::{
    MatrixFormat, MatrixPageDto, MatrixSort, PersonStatus, Problem, RequirementStatus,
};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::AppState;
use crate::auth::Caller;
use crate::http::download::attachment;
use crate::http::{ApiResult, QueryParams, pagination};

mod service;

pub use service::MatrixCache;
use service::{MatrixAnswer, MatrixRequest};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MatrixQuery {
    /// Only the people of this unit (at most 200 characters; blank for every unit). A
    /// supervisor sees his or her unit whatever is asked.
    #[param(max_length = 200)]
    unit: Option<String>,
    /// Only this requirement's cells, and only the people it applies to (a requirement id
    /// such as `mn.mlo.crisis`, at most 200 characters).
    #[param(max_length = 200)]
    requirement: Option<String>,
    /// Only people with a cell in this status (among the cells shown).
    status: Option<RequirementStatus>,
    /// Only people of this roster status; by default everyone but those who left.
    person_status: Option<PersonStatus>,
    /// The order (default `name`); ties go by name.
    sort: Option<MatrixSort>,
    /// Page size, 1 to 200 (default 50); a CSV holds every row matching.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
    /// `next_cursor` of the previous page, asked with the same filters and `sort`.
    cursor: Option<String>,
    /// `json` (default): a page; `csv`: every row matching as a download, one line per
    /// person and requirement.
    format: Option<MatrixFormat>,
}

/// The compliance matrix: each person the caller sees (coordinators and admins the agency,
/// supervisors their unit and themselves, officers themselves) with one cell per
/// requirement that applies (its status, what remains and in what measure, its due date)
/// and the overall status, from the stored verdicts as of the agency's today. Paged as
/// other lists, or every row matching as CSV with `format=csv` (audited as
/// `report.matrix`).
#[utoipa::path(
    tag = "compliance",
    params(MatrixQuery),
    responses(
        (status = 200, description = "A page of the matrix, or the CSV as a download (Content-Disposition: attachment)", content((MatrixPageDto = "application/json"), (String = "text/csv"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A login of no agency, or a role that sees no one", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad limit, cursor (or one of another sort), filter, sort or format; the problem names the field", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/compliance/matrix")]
pub async fn compliance_matrix(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<MatrixQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.0;
    let csv = q.format == Some(MatrixFormat::Csv);
    let page = if csv {
        None
    } else {
        Some((q.cursor, pagination::limit(q.limit)?))
    };
    let request = MatrixRequest {
        unit: q.unit,
        requirement: q.requirement,
        status: q.status,
        person_status: q.person_status,
        sort: q.sort.unwrap_or(MatrixSort::Name),
        page,
    };
    Ok(
        match service::matrix(&state.db, &state.matrices, &caller, request).await? {
            MatrixAnswer::Page(page) => HttpResponse::Ok().json(page),
            MatrixAnswer::Csv { as_of, chunks } => download(as_of, chunks),
        },
    )
}

/// The CSV as a download, sent a chunk at a time as the chunks are written.
fn download(as_of: time::Date, chunks: service::Chunks) -> HttpResponse {
    let name = format!("compliance-matrix-{as_of}");
    attachment("text/csv; charset=utf-8", &name, "csv").streaming(futures_util::stream::iter(
        chunks.map(|c| c.map_err(actix_web::Error::from)),
    ))
}
