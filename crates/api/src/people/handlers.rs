//! `/people`: thin handlers; the rules are in `service` and `confitrek_domain::people`.

use actix_web::{HttpResponse, get, post, put, web};
use confitrek_domain::people::PersonStatus;
use confitrek_types::{DeactivateRequest, Page, PersonDto, PersonInput, PersonKind, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::{person_draft, person_dto, service};
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::people::{NameKey, PeopleFilter};
use crate::http::pagination;
use crate::http::{ApiResult, JsonBody, QueryParams};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Words to find in the name, badge or email.
    q: Option<String>,
    unit: Option<String>,
    status: Option<confitrek_types::PersonStatus>,
    kind: Option<PersonKind>,
}

fn blank_to_none(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// List the roster the caller may see, ordered by last name, first name.
///
/// Coordinators and admins see the agency, supervisors their unit, officers themselves.
#[utoipa::path(
    tag = "people",
    params(PeopleQuery),
    responses(
        (status = 200, body = Page<PersonDto>),
        (status = 422, description = "A bad limit, cursor or filter", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/people")]
pub async fn list_people(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<PeopleQuery>,
) -> ApiResult<web::Json<Page<PersonDto>>> {
    let limit = pagination::limit(query.limit)?;
    let after: Option<NameKey> = query
        .cursor
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let filter = PeopleFilter {
        words: blank_to_none(&query.q)
            .map(|q| {
                q.to_lowercase()
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        unit: blank_to_none(&query.unit),
        status: query.status.map(|s| s.as_str().to_owned()),
        kind: query.kind.map(|k| k.as_str().to_owned()),
    };
    let mut rows = service::list(&state.db, &caller, &filter, after, limit + 1).await?;
    let next_cursor = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last()
            .map(|p| pagination::encode(&(p.last_name.clone(), p.first_name.clone(), p.id)))
    } else {
        None
    };
    Ok(web::Json(Page {
        items: rows.into_iter().map(person_dto).collect(),
        next_cursor,
    }))
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
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/people/{}", person.id)))
        .json(person_dto(person)))
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
    Ok(web::Json(person_dto(
        service::get(&state.db, &caller, id.into_inner()).await?,
    )))
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
    Ok(web::Json(person_dto(person)))
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
    Ok(web::Json(person_dto(person)))
}
