//! `/audit-events`: the agency's audit log, for its admins.

use actix_web::{get, web};
use confitrek_domain::permissions::Action;
use confitrek_types::{AuditEventDto, Page};
use uuid::Uuid;

use crate::agencies::{ListQuery, next_cursor};
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::audit;
use crate::db::entity::audit_event;
use crate::http::{ApiResult, QueryParams, pagination};
use crate::permissions::require;

fn event_dto(e: audit_event::Model) -> AuditEventDto {
    AuditEventDto {
        id: e.id,
        occurred_at: e.occurred_at,
        actor_user_id: e.actor_user_id,
        action: e.action,
        outcome: e.outcome,
        target_type: e.target_type,
        target_id: e.target_id,
        ip: e.ip,
        request_id: e.request_id,
    }
}

/// The agency's audit events, newest first (agency admins only).
#[utoipa::path(tag = "audit", params(ListQuery), responses((status = 200, body = Page<AuditEventDto>)))]
#[get("/audit-events")]
pub async fn list_audit_events(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ListQuery>,
) -> ApiResult<web::Json<Page<AuditEventDto>>> {
    require(&caller, Action::ReadAuditLog)?;
    let limit = pagination::limit(query.limit)?;
    let before: Option<Uuid> = query
        .cursor
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let mut rows = audit::list(&state.db, caller.scope()?, before, limit + 1).await?;
    let next_cursor = next_cursor(&mut rows, limit, |e| e.id);
    Ok(web::Json(Page {
        items: rows.into_iter().map(event_dto).collect(),
        next_cursor,
    }))
}
