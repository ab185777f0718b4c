//! Training requests: a person asks for a course or a session; the training office, or the
//! person's supervisor, approves or denies with a comment; approving a session enrolls the
//! person on its roster, within its capacity.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, post, web};
use confitrek_domain::notifications::{self as notification_rules, Decided};
use confitrek_domain::permissions::{Action, may};
use confitrek_domain::training::{EnrollmentStatus, places_left};
use confitrek_domain::training_requests::{self as rules, Decision};
use confitrek_domain::validation::ValidationErrors;
use confitrek_types::{
    Page, Problem, TrainingRequestDecision, TrainingRequestDto, TrainingRequestInput,
    TrainingRequestStatus,
};
use sea_orm::ConnectionTrait;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::agencies::next_cursor;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::training_request;
use crate::db::training_requests::{self as repo, NewRequest, RequestFilter};
use crate::db::{AgencyScope, courses, people, sessions};
use crate::http::{ApiError, ApiResult, JsonBody, QueryParams, pagination};
use crate::permissions::visible_people;

/// The requests as DTOs, naming their people, courses and sessions.
async fn dtos(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    rows: Vec<training_request::Model>,
) -> ApiResult<Vec<TrainingRequestDto>> {
    let course_ids: Vec<Uuid> = rows.iter().map(|r| r.course_id).collect();
    let titles: BTreeMap<Uuid, String> = courses::many(db, scope, course_ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    let person_ids: Vec<Uuid> = rows.iter().map(|r| r.person_id).collect();
    let names: BTreeMap<Uuid, String> = people::many(db, scope, person_ids)
        .await?
        .iter()
        .map(|p| (p.id, crate::training::display_name(p)))
        .collect();
    let mut starts = BTreeMap::new();
    for row in &rows {
        if let Some(session) = row.session_id
            && !starts.contains_key(&session)
            && let Some(s) = sessions::get(db, scope, session).await?
        {
            starts.insert(s.id, s.starts_on);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| TrainingRequestDto {
            id: r.id,
            person_name: names.get(&r.person_id).cloned().unwrap_or_default(),
            person_id: r.person_id,
            course_title: titles.get(&r.course_id).cloned().unwrap_or_default(),
            course_id: r.course_id,
            session_starts_on: r.session_id.and_then(|s| starts.get(&s).copied()),
            session_id: r.session_id,
            note: r.note,
            status: r.status,
            decision_comment: r.decision_comment,
            decided_at: r.decided_at,
            created_at: r.created_at,
        })
        .collect())
}

/// Ask for a course or one of its sessions, for oneself.
#[utoipa::path(
    tag = "training",
    request_body = TrainingRequestInput,
    responses(
        (status = 201, body = TrainingRequestDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/training-requests")]
pub async fn create_request(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<TrainingRequestInput>,
) -> ApiResult<HttpResponse> {
    let scope = caller.scope()?;
    // Only someone on the roster asks, and only for himself or herself.
    let person_id = caller.person_id.ok_or(ApiError::Forbidden)?;
    if !may(caller.role, Action::RecordOwnTraining) {
        return Err(ApiError::Forbidden);
    }
    let input = body.into_inner();
    let note = rules::parse_note("note", input.note.as_deref(), false)?;
    let txn = crate::db::begin_write(&state.db).await?;
    let session = match input.session_id {
        Some(id) => Some(
            sessions::get(&txn, scope, id)
                .await?
                .ok_or_else(|| ApiError::field("session_id", "is not a session of this agency"))?,
        ),
        None => None,
    };
    let course_id = match (input.course_id, &session) {
        (Some(course), Some(session)) if session.course_id != course => {
            return Err(ApiError::field(
                "session_id",
                "is a session of another course than course_id",
            ));
        }
        (_, Some(session)) => session.course_id,
        (Some(course), None) => course,
        (None, None) => {
            let mut errors = ValidationErrors::default();
            errors.push("course_id", "is required: the course, or a session of it");
            return Err(errors.into());
        }
    };
    if courses::get(&txn, scope, course_id).await?.is_none() {
        return Err(ApiError::field(
            "course_id",
            "is not a course of this agency",
        ));
    }
    let created = repo::insert(
        &txn,
        scope,
        NewRequest {
            person_id,
            course_id,
            session_id: session.map(|s| s.id),
            note,
        },
    )
    .await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "training_request.create",
            ("training_request", created.id),
        )
        .await?;
    let dto = dtos(&txn, scope, vec![created]).await?.remove(0);
    txn.commit().await?;
    Ok(HttpResponse::Created().json(dto))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestQuery {
    /// `pending`, `approved`, `denied` or `withdrawn`.
    pub status: Option<String>,
    pub person_id: Option<Uuid>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// Requests the caller may see, newest first: one's own; a supervisor's unit; everyone's
/// for the training office.
#[utoipa::path(tag = "training", params(RequestQuery), responses((status = 200, body = Page<TrainingRequestDto>)))]
#[get("/training-requests")]
pub async fn list_requests(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<RequestQuery>,
) -> ApiResult<web::Json<Page<TrainingRequestDto>>> {
    let scope = caller.scope()?;
    let visible = visible_people(&state.db, &caller).await?;
    if let Some(status) = &query.status
        && TrainingRequestStatus::parse(status).is_none()
    {
        return Err(ApiError::field(
            "status",
            "must be pending, approved, denied or withdrawn",
        ));
    }
    let limit = pagination::limit(query.limit)?;
    let before: Option<Uuid> = query
        .cursor
        .as_deref()
        .map(pagination::decode)
        .transpose()?;
    let filter = RequestFilter {
        person_id: query.person_id,
        status: query.status.clone(),
    };
    let mut rows = repo::list(&state.db, scope, &visible, &filter, before, limit + 1).await?;
    let next_cursor = next_cursor(&mut rows, limit, |r| r.id);
    Ok(web::Json(Page {
        items: dtos(&state.db, scope, rows).await?,
        next_cursor,
    }))
}

/// The request, if its person is one the caller sees (404 otherwise, as for a missing one).
async fn visible_request(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<training_request::Model> {
    let scope = caller.scope()?;
    let request = repo::get(db, scope, id).await?.ok_or(ApiError::NotFound)?;
    let person = people::get(db, scope, request.person_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let visible = visible_people(db, caller).await?;
    if !crate::permissions::sees(&visible, &person) {
        return Err(ApiError::NotFound);
    }
    Ok(request)
}

async fn decide(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    decision: Decision,
    comment: Option<String>,
) -> ApiResult<TrainingRequestDto> {
    let scope = caller.scope()?;
    let comment = rules::parse_note("comment", comment.as_deref(), decision == Decision::Deny)?;
    let txn = crate::db::begin_write(&state.db).await?;
    let request = visible_request(&txn, caller, id).await?;
    if !rules::may_decide(caller.role, caller.person_id == Some(request.person_id)) {
        return Err(ApiError::Forbidden);
    }
    let status = match decision {
        Decision::Approve => TrainingRequestStatus::Approved,
        Decision::Deny => TrainingRequestStatus::Denied,
    };
    let closed = repo::close(
        &txn,
        scope,
        id,
        status.as_str(),
        Some(caller.user_id),
        comment,
    )
    .await?
    .ok_or_else(|| ApiError::Conflict("the request was already decided or withdrawn".into()))?;
    if decision == Decision::Approve
        && let Some(session_id) = closed.session_id
    {
        enroll(&txn, scope, session_id, closed.person_id).await?;
    }
    let action = match decision {
        Decision::Approve => "training_request.approve",
        Decision::Deny => "training_request.deny",
    };
    caller
        .audit(&txn, scope.id(), action, ("training_request", id))
        .await?;
    let person_id = closed.person_id;
    let dto = dtos(&txn, scope, vec![closed]).await?.remove(0);
    let decided = Decided::Request {
        approved: decision == Decision::Approve,
        comment: dto.decision_comment.as_deref(),
    };
    let event = notification_rules::decision(person_id, id, &dto.course_title, decided);
    let email = state.config.smtp_url.is_some();
    crate::notifications::tell_person(&txn, scope, event, email).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Puts the person on the session's roster, unless it is full.
async fn enroll(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    session_id: Uuid,
    person_id: Uuid,
) -> ApiResult<()> {
    let Some(session) = sessions::get(db, scope, session_id).await? else {
        return Err(ApiError::Conflict("the session no longer exists".into()));
    };
    let roster = sessions::roster(db, scope, session_id).await?;
    if roster.iter().any(|e| e.person_id == person_id) {
        return Ok(());
    }
    let capacity = session.capacity.and_then(|c| u32::try_from(c).ok());
    if places_left(capacity, roster.len()) == Some(0) {
        return Err(ApiError::Conflict(
            "the session is full: approve when a place frees up, or deny".into(),
        ));
    }
    sessions::set_enrollment(db, scope, session_id, person_id, EnrollmentStatus::Enrolled).await?;
    Ok(())
}

/// Approve a request; a request for a session enrolls the person on it.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The request's id")),
    request_body = TrainingRequestDecision,
    responses(
        (status = 200, body = TrainingRequestDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/training-requests/{id}/approve")]
pub async fn approve_request(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<TrainingRequestDecision>,
) -> ApiResult<web::Json<TrainingRequestDto>> {
    let comment = body.into_inner().comment;
    Ok(web::Json(
        decide(&state, &caller, id.into_inner(), Decision::Approve, comment).await?,
    ))
}

/// Deny a request, saying why.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The request's id")),
    request_body = TrainingRequestDecision,
    responses(
        (status = 200, body = TrainingRequestDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/training-requests/{id}/deny")]
pub async fn deny_request(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<TrainingRequestDecision>,
) -> ApiResult<web::Json<TrainingRequestDto>> {
    let comment = body.into_inner().comment;
    Ok(web::Json(
        decide(&state, &caller, id.into_inner(), Decision::Deny, comment).await?,
    ))
}

/// Take back one's own request before it is decided.
#[utoipa::path(
    tag = "training",
    params(("id" = Uuid, Path, description = "The request's id")),
    responses(
        (status = 200, body = TrainingRequestDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/training-requests/{id}/withdraw")]
pub async fn withdraw_request(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<TrainingRequestDto>> {
    let scope = caller.scope()?;
    let id = id.into_inner();
    let txn = crate::db::begin_write(&state.db).await?;
    let request = visible_request(&txn, &caller, id).await?;
    if caller.person_id != Some(request.person_id) {
        return Err(ApiError::Forbidden);
    }
    let closed = repo::close(
        &txn,
        scope,
        id,
        TrainingRequestStatus::Withdrawn.as_str(),
        None,
        None,
    )
    .await?
    .ok_or_else(|| ApiError::Conflict("the request was already decided".into()))?;
    caller
        .audit(
            &txn,
            scope.id(),
            "training_request.withdraw",
            ("training_request", id),
        )
        .await?;
    let dto = dtos(&txn, scope, vec![closed]).await?.remove(0);
    txn.commit().await?;
    Ok(web::Json(dto))
}
