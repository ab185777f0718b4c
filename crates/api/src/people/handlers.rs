//! `/people`: thin handlers; the rules are in `service` and `confitrek_domain::people`.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_domain::people::PersonStatus;
use confitrek_types::{
    DeactivateRequest, Page, PersonDto, PersonInput, PersonKind, Problem, RosterSort, SortOrder,
    SpreadsheetFormat,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::person_draft;
use super::service::{self, RosterView};
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::people::PeopleFilter;
use crate::http::pagination;
use crate::http::{ApiResult, JsonBody, QueryParams, created};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
    /// `next_cursor` of the previous page, asked with the same `sort` and `order`.
    cursor: Option<String>,
    /// Words to find in the name, badge or email.
    q: Option<String>,
    unit: Option<String>,
    status: Option<confitrek_types::PersonStatus>,
    kind: Option<PersonKind>,
    /// The column to order by (default `name`); ties go by name.
    sort: Option<RosterSort>,
    /// `asc` (default) or `desc`; `compliance` ascending is the worst first.
    order: Option<SortOrder>,
}

/// The roster as the page shows it, as a file.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RosterExportQuery {
    /// `csv` (default) or `xlsx`.
    format: Option<SpreadsheetFormat>,
    /// Words to find in the name, badge or email.
    q: Option<String>,
    unit: Option<String>,
    status: Option<confitrek_types::PersonStatus>,
    kind: Option<PersonKind>,
    /// The column to order by (default `name`); ties go by name.
    sort: Option<RosterSort>,
    /// `asc` (default) or `desc`.
    order: Option<SortOrder>,
}

fn blank_to_none(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// The filters and order of a roster query.
fn roster_view(
    q: &Option<String>,
    unit: &Option<String>,
    status: Option<confitrek_types::PersonStatus>,
    kind: Option<PersonKind>,
    (sort, order): (Option<RosterSort>, Option<SortOrder>),
) -> RosterView {
    let words = blank_to_none(q)
        .map(|q| {
            q.to_lowercase()
                .split_whitespace()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    RosterView {
        filter: PeopleFilter {
            words,
            unit: blank_to_none(unit),
            status: status.map(|s| s.as_str().to_owned()),
            kind: kind.map(|k| k.as_str().to_owned()),
        },
        sort: sort.unwrap_or(RosterSort::Name),
        order: order.unwrap_or(SortOrder::Asc),
    }
}

/// List the roster the caller may see, each person with where he or she stands and the
/// worst open requirement; by name unless `sort` says otherwise.
///
/// Coordinators and admins see the agency, supervisors their unit, officers themselves.
#[utoipa::path(
    tag = "people",
    params(PeopleQuery),
    responses(
        (status = 200, body = Page<PersonDto>),
        (status = 422, description = "A bad limit, cursor, filter or order", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people")]
pub async fn list_people(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<PeopleQuery>,
) -> ApiResult<web::Json<Page<PersonDto>>> {
    let limit = pagination::limit(query.limit)?;
    let q = &*query;
    let view = roster_view(&q.q, &q.unit, q.status, q.kind, (q.sort, q.order));
    let page = service::roster(&state.db, &caller, &view, q.cursor.as_deref(), limit).await?;
    Ok(web::Json(page))
}

/// The roster as the page shows it (the same filters and order, every page) as CSV or
/// XLSX: name, badge, unit, kind, status, compliance and the worst open requirement with
/// its due date. Each download is recorded in the audit log.
#[utoipa::path(
    tag = "people",
    params(RosterExportQuery),
    responses(
        (status = 200, description = "The file as a download (Content-Disposition: attachment)", content((String = "text/csv"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter, order or format", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/export")]
pub async fn export_roster(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<RosterExportQuery>,
) -> ApiResult<HttpResponse> {
    let q = &*query;
    let view = roster_view(&q.q, &q.unit, q.status, q.kind, (q.sort, q.order));
    let format = q.format.unwrap_or(SpreadsheetFormat::Csv);
    let file = crate::spreadsheets::service::roster_view(&state, &caller, &view, format).await?;
    Ok(file.download())
}

/// The agency's units, for filters and forms.
#[utoipa::path(tag = "people", responses((status = 200, body = Vec<String>)))]
#[get("/people/units")]
pub async fn list_units(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Vec<String>>> {
    Ok(web::Json(service::units(&state.db, &caller).await?))
}

/// Add a person to the roster.
#[utoipa::path(
    tag = "people",
    request_body = PersonInput,
    responses(
        (status = 201, body = PersonDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, e.g. a badge already in use", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/people")]
pub async fn create_person(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<PersonInput>,
) -> ApiResult<HttpResponse> {
    let person = service::create(&state.db, &caller, person_draft(body.into_inner())).await?;
    Ok(created(format!("/api/v1/people/{}", person.id), &person))
}

/// One person.
#[utoipa::path(
    tag = "people",
    params(("id" = Uuid, Path, description = "The person's id")),
    responses(
        (status = 200, body = PersonDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people/{id}")]
pub async fn get_person(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<PersonDto>> {
    Ok(web::Json(
        service::read(&state.db, &caller, id.into_inner()).await?,
    ))
}

/// Replace a person's details (send the whole person).
#[utoipa::path(
    tag = "people",
    params(("id" = Uuid, Path, description = "The person's id")),
    request_body = PersonInput,
    responses(
        (status = 200, body = PersonDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/people/{id}")]
pub async fn replace_person(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<PersonInput>,
) -> ApiResult<web::Json<PersonDto>> {
    let person = service::replace(
        &state.db,
        &caller,
        id.into_inner(),
        person_draft(body.into_inner()),
    )
    .await?;
    Ok(web::Json(person))
}

/// Deactivate a person: the login ends, the records stay with the agency.
#[utoipa::path(
    tag = "people",
    params(("id" = Uuid, Path, description = "The person's id")),
    request_body = DeactivateRequest,
    responses(
        (status = 200, body = PersonDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/people/{id}/deactivate")]
pub async fn deactivate_person(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<DeactivateRequest>,
) -> ApiResult<web::Json<PersonDto>> {
    let status = body.status.unwrap_or(PersonStatus::Inactive);
    let person = service::deactivate(&state.db, &caller, id.into_inner(), status).await?;
    Ok(web::Json(person))
}

/// Erase a person on request, for good (agency admins only): the person, his or her
/// training with its certificates, credentials, waivers, acknowledgements, enrolments,
/// requests, verdicts and notifications. A login of the person stays only as an anonymous,
/// switched-off account (the audit log names logins). Refused with 409 for a person named
/// in a use-of-force incident: those reports are kept as they were made.
#[utoipa::path(
    tag = "people",
    params(("id" = Uuid, Path, description = "The person's id")),
    responses(
        (status = 204, description = "Erased"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Named in a use-of-force incident", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/people/{id}")]
pub async fn erase_person(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    super::erasure::erase(&state, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
