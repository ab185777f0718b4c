//! `/audit-events`: the agency's audit log, for its admins: who did what to which record,
//! when, with names where a person or a login is concerned, filtered by any of these. Each
//! read is recorded as `audit.read`.

use std::collections::HashMap;

use actix_web::{get, web};
use confitrek_domain::permissions::Action;
use confitrek_types::{AuditEventDto, Page, Problem};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use time::Date;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::audit::{self, AuditFilter};
use crate::db::entity::audit_event;
use crate::db::{AgencyScope, agencies, people, users};
use crate::http::pagination::PageRequest;
use crate::http::{ApiError, ApiResult, QueryParams};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
    /// `next_cursor` of the previous page, asked with the same filters.
    cursor: Option<String>,
    /// The login that acted.
    actor: Option<Uuid>,
    /// An action, or its start: `person.` for every change to people. Letters, digits, `.`
    /// and `_`, at most 64.
    #[param(max_length = 64, pattern = "^[a-z0-9._]*$")]
    action: Option<String>,
    /// What was acted on: `person`, `user`, `training_record`, ...
    #[param(max_length = 64, pattern = "^[a-z0-9_]*$")]
    target_type: Option<String>,
    target_id: Option<Uuid>,
    /// The first day, in the agency's time zone.
    #[param(value_type = Option<String>, format = Date)]
    from: Option<Date>,
    /// The last day (included), in the agency's time zone; not before `from`.
    #[param(value_type = Option<String>, format = Date)]
    to: Option<Date>,
}

/// A word of the audit log's own vocabulary, or a field error naming `field`.
fn word(field: &str, value: &Option<String>, also: &[u8]) -> ApiResult<Option<String>> {
    let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let fits = value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || also.contains(&b));
    if fits {
        Ok(Some(value.to_owned()))
    } else {
        Err(ApiError::field(
            field,
            "holds only lower-case letters, digits, `_` (and `.` in an action), at most 64",
        ))
    }
}

/// The agency's audit events, newest first, with the names of the people and logins
/// concerned (agency admins only). Each read is itself recorded, as `audit.read`.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery),
    responses(
        (status = 200, body = Page<AuditEventDto>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad limit, cursor, filter or range of days", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit-events")]
pub async fn list_audit_events(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<AuditQuery>,
) -> ApiResult<web::Json<Page<AuditEventDto>>> {
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    let page = list(&state.db, &caller, &query, &page).await?;
    Ok(web::Json(page))
}

async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    query: &AuditQuery,
    page: &PageRequest<Uuid>,
) -> ApiResult<Page<AuditEventDto>> {
    require(caller, Action::ReadAuditLog)?;
    let scope = caller.scope()?;
    if let (Some(from), Some(to)) = (query.from, query.to)
        && to < from
    {
        return Err(ApiError::field("to", "is before `from`"));
    }
    let zone = agencies::get(db, scope)
        .await?
        .ok_or(ApiError::NotFound)?
        .time_zone;
    let start = |day: Date, field: &str| {
        crate::clock::start_of_day(day, &zone)
            .ok_or_else(|| ApiError::field(field, "is out of range"))
    };
    let after = query.from.map(|d| start(d, "from")).transpose()?;
    let before = query
        .to
        .map(|d| {
            d.next_day()
                .ok_or_else(|| ApiError::field("to", "is out of range"))
        })
        .transpose()?
        .map(|d| start(d, "to"))
        .transpose()?;
    let filter = AuditFilter {
        actor: query.actor,
        action: word("action", &query.action, b"._")?,
        target_type: word("target_type", &query.target_type, b"_")?,
        target_id: query.target_id,
        after,
        before,
    };
    let mut rows = audit::list(db, scope, &filter, page.after, page.rows()).await?;
    let next_cursor = page.cut(&mut rows, |e| e.id);
    let names = names(db, scope, &rows).await?;
    caller
        .audit_alone(db, scope.id(), "audit.read", ("agency", scope.id()))
        .await?;
    Ok(Page {
        items: rows.into_iter().map(|e| event_dto(e, &names)).collect(),
        next_cursor,
    })
}

/// How a login or a person of the page reads: a login by its person's name, else its email.
async fn names(
    db: &DatabaseConnection,
    scope: AgencyScope,
    events: &[audit_event::Model],
) -> ApiResult<HashMap<Uuid, String>> {
    let mut login_ids: Vec<Uuid> = events.iter().filter_map(|e| e.actor_user_id).collect();
    let mut person_ids = Vec::new();
    for e in events {
        match (e.target_type.as_deref(), e.target_id) {
            (Some("user"), Some(id)) => login_ids.push(id),
            (Some("person"), Some(id)) => person_ids.push(id),
            _ => {}
        }
    }
    login_ids.sort();
    login_ids.dedup();
    let logins = users::many(db, scope, login_ids.clone()).await?;
    person_ids.extend(logins.iter().filter_map(|u| u.person_id));
    person_ids.sort();
    person_ids.dedup();
    let mut names: HashMap<Uuid, String> = people::many(db, scope, person_ids)
        .await?
        .into_iter()
        .map(|p| (p.id, format!("{}, {}", p.last_name, p.first_name)))
        .collect();
    for login in logins {
        let name = login
            .person_id
            .and_then(|p| names.get(&p).cloned())
            .unwrap_or(login.email);
        names.insert(login.id, name);
    }
    // Another system's changes are named after its service account.
    names.extend(crate::db::service_accounts::names(db, scope, login_ids).await?);
    Ok(names)
}

fn event_dto(e: audit_event::Model, names: &HashMap<Uuid, String>) -> AuditEventDto {
    let named = |id: Option<Uuid>| id.and_then(|id| names.get(&id).cloned());
    let target_name = match e.target_type.as_deref() {
        Some("person" | "user") => named(e.target_id),
        _ => None,
    };
    AuditEventDto {
        id: e.id,
        occurred_at: e.occurred_at,
        actor_user_id: e.actor_user_id,
        actor_name: named(e.actor_user_id),
        action: e.action,
        outcome: e.outcome,
        target_type: e.target_type,
        target_id: e.target_id,
        target_name,
        ip: e.ip,
        request_id: e.request_id,
    }
}
