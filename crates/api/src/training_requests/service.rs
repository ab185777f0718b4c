//! Training requests: asked, listed, decided and withdrawn, each change in one transaction
//! with its audit event (and, for a decision, the person's notification).

use std::collections::BTreeMap;

use confitrek_domain::notifications::{self as notification_rules, Decided};
use confitrek_domain::permissions::{
    may_decide_request, may_request_training, may_withdraw_request,
};
use confitrek_domain::training::{EnrollmentStatus, places_left};
use confitrek_domain::training_requests::{self as rules, Decision};
use confitrek_types::{Page, TrainingRequestDto, TrainingRequestInput, TrainingRequestStatus};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use crate::access::visible_people;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::training_request;
use crate::db::training_requests::{self as repo, NewRequest, RequestFilter};
use crate::db::{AgencyScope, courses, people, sessions};
use crate::http::pagination::PageRequest;
use crate::http::{ApiError, ApiResult};

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

/// Records the caller's request for a course, or for a session of it.
pub async fn create(
    db: &DatabaseConnection,
    caller: &Caller,
    input: TrainingRequestInput,
) -> ApiResult<TrainingRequestDto> {
    let scope = caller.scope()?;
    let person_id =
        may_request_training(caller.role, caller.person_id).ok_or(ApiError::Forbidden)?;
    let note = rules::parse_note("note", input.note.as_deref(), false)?;
    let txn = crate::db::begin_write(db).await?;
    let session = match input.session_id {
        Some(id) => Some(
            sessions::get(&txn, scope, id)
                .await?
                .ok_or_else(|| ApiError::field("session_id", "is not a session of this agency"))?,
        ),
        None => None,
    };
    let course_id = rules::course_asked(input.course_id, session.as_ref().map(|s| s.course_id))?;
    if courses::get(&txn, scope, course_id).await?.is_none() {
        return Err(ApiError::field(
            "course_id",
            "is not a course of this agency",
        ));
    }
    let new = NewRequest {
        person_id,
        course_id,
        session_id: session.map(|s| s.id),
        note,
    };
    let created = repo::insert(&txn, scope, new, caller.clock.now()).await?;
    let target = ("training_request", created.id);
    caller
        .audit(&txn, scope.id(), "training_request.create", target)
        .await?;
    let dto = dtos(&txn, scope, vec![created]).await?.remove(0);
    txn.commit().await?;
    Ok(dto)
}

/// The requests the caller may see, newest first, of a person or a status if given.
pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    filter: RequestFilter,
    page: &PageRequest<Uuid>,
) -> ApiResult<Page<TrainingRequestDto>> {
    let scope = caller.scope()?;
    let visible = visible_people(db, caller).await?;
    let mut rows = repo::list(db, scope, &visible, &filter, page.after, page.rows()).await?;
    let next_cursor = page.cut(&mut rows, |r| r.id);
    Ok(Page {
        items: dtos(db, scope, rows).await?,
        next_cursor,
    })
}

/// The request, if its person is one the caller sees (404 otherwise, as for a missing one).
async fn visible_request(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<training_request::Model> {
    let scope = caller.scope()?;
    let request = repo::get(db, scope, id).await?.ok_or(ApiError::NotFound)?;
    crate::access::visible_person(db, caller, request.person_id).await?;
    Ok(request)
}

pub async fn decide(
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
    if !may_decide_request(caller.role, caller.person_id, request.person_id) {
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
        caller.clock.now(),
    )
    .await?
    .ok_or_else(|| ApiError::Conflict("the request was already decided or withdrawn".into()))?;
    if decision == Decision::Approve
        && let Some(session_id) = closed.session_id
    {
        enroll(
            &txn,
            scope,
            session_id,
            closed.person_id,
            caller.clock.now(),
        )
        .await?;
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
    crate::notifications::tell_person(&txn, scope, event, email, caller.clock.now()).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Puts the person on the session's roster, unless it is full.
async fn enroll(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    session_id: Uuid,
    person_id: Uuid,
    now: time::OffsetDateTime,
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
    sessions::set_enrollment(
        db,
        scope,
        session_id,
        person_id,
        EnrollmentStatus::Enrolled,
        now,
    )
    .await?;
    Ok(())
}

/// Takes back the caller's own request before it is decided.
pub async fn withdraw(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<TrainingRequestDto> {
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let request = visible_request(&txn, caller, id).await?;
    if !may_withdraw_request(caller.person_id, request.person_id) {
        return Err(ApiError::Forbidden);
    }
    let withdrawn = TrainingRequestStatus::Withdrawn.as_str();
    let closed = repo::close(&txn, scope, id, withdrawn, None, None, caller.clock.now())
        .await?
        .ok_or_else(|| ApiError::Conflict("the request was already decided".into()))?;
    let target = ("training_request", id);
    caller
        .audit(&txn, scope.id(), "training_request.withdraw", target)
        .await?;
    let dto = dtos(&txn, scope, vec![closed]).await?.remove(0);
    txn.commit().await?;
    Ok(dto)
}
