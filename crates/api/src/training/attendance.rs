//! Recording a session's attendance: the coordinator's most common task. One transaction
//! makes a verified record per attendee with the course's hours and events, marks the roster,
//! and re-evaluates every attendee; any invalid person or date writes nothing.
//!
//! A person whose attendance at the session is already recorded is skipped and reported:
//! a coordinator who sends the sign-in sheet again (or adds a late arrival to it) expects
//! nobody to be recorded twice and no error for those already in.

use std::collections::BTreeSet;

use confitrek_domain::ValidationErrors;
use confitrek_domain::permissions::Action;
use confitrek_domain::training::{
    EnrollmentStatus, RecordDraft, RecordSource, ValidRecord, Verification,
};
use confitrek_domain::webhooks::Event as WebhookEvent;
use confitrek_types as dto;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::session_service::people_of_agency;
use super::{context, display_name, events_of, hours_of, record_dto};
use crate::access::require;
use crate::auth::Caller;
use crate::compliance::service::refresh_people;
use crate::db::training_records::{self, NewRecord};
use crate::db::{courses, sessions};
use crate::http::error::OnConstraint;
use crate::http::{ApiError, ApiResult};

pub async fn record(
    db: &DatabaseConnection,
    caller: &Caller,
    session_id: Uuid,
    request: dto::AttendanceRequest,
) -> ApiResult<dto::AttendanceResult> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let session = sessions::get(&txn, scope, session_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let course = courses::get(&txn, scope, session.course_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let ctx = context(&txn, &caller.clock, scope).await?;

    let mut errors = ValidationErrors::default();
    if request.person_ids.is_empty() {
        errors.push("person_ids", "name at least one person who attended");
    }
    let people =
        people_of_agency(&txn, scope, "person_ids", &request.person_ids, &mut errors).await?;
    let roster: BTreeSet<Uuid> = sessions::roster(&txn, scope, session_id)
        .await?
        .into_iter()
        .map(|e| e.person_id)
        .collect();
    for (i, id) in request.no_shows.iter().enumerate() {
        if request.person_ids.contains(id) {
            errors.push(format!("no_shows.{i}"), "is also among those who attended");
        } else if !roster.contains(id) {
            errors.push(format!("no_shows.{i}"), "is not on this session's roster");
        }
    }
    let draft = RecordDraft {
        title: course.title.clone(),
        completed_on: request.completed_on.unwrap_or(session.ends_on),
        hours: hours_of(&course.minutes_by_topic),
        events: events_of(&course.events),
    };
    let valid = match ValidRecord::parse(draft, &ctx.catalog, ctx.today) {
        Ok(valid) => Some(valid),
        Err(problems) => {
            // The date is the request's; anything else is the course's to fix.
            for p in problems.0 {
                let field = if p.field == "completed_on" {
                    p.field
                } else {
                    format!("course.{}", p.field)
                };
                errors.push(field, p.message);
            }
            None
        }
    };
    let valid = match valid {
        Some(valid) if errors.is_empty() => valid,
        _ => return Err(errors.into()),
    };

    let already = training_records::of_session(&txn, scope, session_id).await?;
    let mut seen = BTreeSet::new();
    let mut recorded = Vec::new();
    let mut already_recorded = Vec::new();
    let mut told = Vec::new();
    for id in &request.person_ids {
        if !seen.insert(*id) {
            continue;
        }
        if already.contains_key(id) {
            already_recorded.push(*id);
            continue;
        }
        let new = NewRecord {
            person_id: *id,
            course_id: Some(course.id),
            session_id: Some(session_id),
            source: RecordSource::Coordinator,
            verification: Verification::Verified,
            verified_by: Some(caller.user_id),
        };
        let row = training_records::insert(&txn, scope, new, &valid, caller.clock.now())
            .await
            .on_unique(
                "person_ids",
                "attendance was being recorded at the same time; reload the session",
            )?;
        sessions::set_enrollment(
            &txn,
            scope,
            session_id,
            *id,
            EnrollmentStatus::Attended,
            caller.clock.now(),
        )
        .await?;
        caller
            .audit(
                &txn,
                scope.id(),
                "training_record.create",
                ("training_record", row.id),
            )
            .await?;
        told.push(WebhookEvent::record_created(
            row.id,
            *id,
            Verification::Verified,
            RecordSource::Coordinator,
        ));
        let name = people.get(id).map(display_name).unwrap_or_default();
        recorded.push(record_dto(row, name));
    }
    for id in &request.no_shows {
        sessions::set_enrollment(
            &txn,
            scope,
            session_id,
            *id,
            EnrollmentStatus::NoShow,
            caller.clock.now(),
        )
        .await?;
    }
    caller
        .audit(
            &txn,
            scope.id(),
            "session.attendance",
            ("session", session_id),
        )
        .await?;
    crate::webhooks::Listeners::of(&txn, &caller.clock, scope)
        .await?
        .tell(&txn, told)
        .await?;
    let changed: Vec<Uuid> = recorded.iter().map(|r| r.person_id).collect();
    refresh_people(&txn, &caller.clock, scope, &changed).await?;
    txn.commit().await?;
    Ok(dto::AttendanceResult {
        recorded,
        already_recorded,
        no_shows: request.no_shows,
    })
}
