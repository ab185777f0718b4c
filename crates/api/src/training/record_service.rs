//! Training record use cases. Each runs in one transaction with its audit event and the
//! re-evaluation of the person whose record it is.

use confitrek_domain::notifications::{self as notification_rules, Decided};
use confitrek_domain::permissions::{self, Action, RecordEntry};
use confitrek_domain::training::{
    RecordDraft, RecordSource, RejectionReason, ValidRecord, Verification,
};
use confitrek_domain::webhooks::Event as WebhookEvent;
use confitrek_types as dto;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::{context, display_name, events_of, hours_of, record_dto, record_dtos};
use crate::access::{require, sees, visible_people};
use crate::app::AppState;
use crate::auth::Caller;
use crate::compliance::service::refresh_person;
use crate::db::entity::{person, training_record, training_record_revision};
use crate::db::stored_files::Certificates;
use crate::db::training_records::{self, CompletedKey, NewRecord, RecordFilter};
use crate::db::{AgencyScope, courses, people};
use crate::http::{ApiError, ApiResult};

/// A record's content as kept in its history before a correction.
#[derive(Serialize, Deserialize)]
struct Previous {
    title: String,
    completed_on: Date,
    minutes_by_topic: serde_json::Value,
    events: serde_json::Value,
    verification: Verification,
    rejection_reason: Option<String>,
}

/// A revision as stored; one that does not read is an error, never left out of the history.
fn revision_dto(r: training_record_revision::Model) -> ApiResult<dto::RecordRevisionDto> {
    let previous: Previous = serde_json::from_value(r.previous).map_err(anyhow::Error::from)?;
    Ok(dto::RecordRevisionDto {
        changed_by: r.changed_by,
        changed_at: r.changed_at,
        previous: dto::RecordValuesDto {
            hours: hours_of(&previous.minutes_by_topic),
            events: events_of(&previous.events),
            verification: previous.verification,
            title: previous.title,
            completed_on: previous.completed_on,
        },
    })
}

/// A record the caller may see, with its person; anything else is answered as missing.
pub(crate) async fn visible_record(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<(training_record::Model, person::Model)> {
    let scope = caller.scope()?;
    let visible = visible_people(db, caller).await?;
    let record = training_records::get(db, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let person = people::get(db, scope, record.person_id)
        .await?
        .filter(|p| sees(&visible, p))
        .ok_or(ApiError::NotFound)?;
    Ok((record, person))
}

async fn detail_of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    record: training_record::Model,
    person: &person::Model,
) -> ApiResult<dto::TrainingRecordDetailDto> {
    let revisions = training_records::revisions(db, scope, record.id)
        .await?
        .into_iter()
        .map(revision_dto)
        .collect::<ApiResult<_>>()?;
    Ok(dto::TrainingRecordDetailDto {
        record: shown(db, scope, record, person).await?,
        revisions,
    })
}

/// A record as the API shows it after a change: with its certificate, if it has one.
async fn shown(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    record: training_record::Model,
    person: &person::Model,
) -> ApiResult<dto::TrainingRecordDto> {
    let certificate = crate::db::stored_files::of_owner::<Certificates>(db, scope, record.id)
        .await?
        .map(crate::training::certificates::dto);
    Ok(dto::TrainingRecordDto {
        certificate,
        ..record_dto(record, display_name(person))
    })
}

pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    filter: &RecordFilter,
    before: Option<CompletedKey>,
    limit: u64,
) -> ApiResult<Vec<dto::TrainingRecordDto>> {
    let scope = caller.scope()?;
    let visible = visible_people(db, caller).await?;
    let rows = training_records::list(db, scope, &visible, filter, before, limit).await?;
    record_dtos(db, scope, rows).await
}

pub async fn get(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<dto::TrainingRecordDetailDto> {
    let (record, person) = visible_record(db, caller, id).await?;
    detail_of(db, caller.scope()?, record, &person).await
}

/// Records training: verified when the training office enters it, pending when a person
/// reports his or her own; nobody else's.
pub async fn create(
    db: &DatabaseConnection,
    caller: &Caller,
    input: dto::TrainingRecordInput,
) -> ApiResult<dto::TrainingRecordDto> {
    let scope = caller.scope()?;
    let (source, verification) =
        match permissions::record_entry(caller.role, caller.person_id, input.person_id) {
            RecordEntry::Verified => (RecordSource::Coordinator, Verification::Verified),
            RecordEntry::SelfReported => (RecordSource::SelfReported, Verification::Pending),
            RecordEntry::Refused => return Err(ApiError::Forbidden),
        };
    let txn = crate::db::begin_write(db).await?;
    let person = people::get(&txn, scope, input.person_id)
        .await?
        .ok_or_else(|| ApiError::field("person_id", "is not a person in this agency"))?;
    let course = match input.course_id {
        Some(id) => Some(
            courses::get(&txn, scope, id)
                .await?
                .ok_or_else(|| ApiError::field("course_id", "is not a course of this agency"))?,
        ),
        None => None,
    };
    let ctx = context(&txn, &caller.clock, scope).await?;
    let draft = RecordDraft {
        title: input
            .title
            .or_else(|| course.as_ref().map(|c| c.title.clone()))
            .unwrap_or_default(),
        completed_on: input.completed_on,
        hours: input
            .hours
            .or_else(|| course.as_ref().map(|c| hours_of(&c.minutes_by_topic)))
            .unwrap_or_default(),
        events: input
            .events
            .or_else(|| course.as_ref().map(|c| events_of(&c.events)))
            .unwrap_or_default(),
    };
    let valid = ValidRecord::parse(draft, &ctx.catalog, ctx.today)?;
    let new = NewRecord {
        person_id: person.id,
        course_id: course.map(|c| c.id),
        session_id: None,
        source,
        verification,
        verified_by: Some(caller.user_id),
    };
    let row = training_records::insert(&txn, scope, new, &valid, caller.clock.now()).await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "training_record.create",
            ("training_record", row.id),
        )
        .await?;
    let event = WebhookEvent::record_created(row.id, person.id, verification, source);
    crate::webhooks::emit(&txn, &caller.clock, scope, event).await?;
    refresh_person(&txn, &caller.clock, scope, person.id).await?;
    txn.commit().await?;
    Ok(record_dto(row, display_name(&person)))
}

/// Corrects a record, keeping what it said before in its history. The training office's
/// correction keeps the record's verification; a person's own sends it back to the queue.
pub async fn correct(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    update: dto::TrainingRecordUpdate,
) -> ApiResult<dto::TrainingRecordDetailDto> {
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let (record, person) = visible_record(&txn, caller, id).await?;
    let current = record.verification;
    if !permissions::may_correct(caller.role, caller.person_id, person.id, current) {
        return Err(ApiError::Forbidden);
    }
    let ctx = context(&txn, &caller.clock, scope).await?;
    let draft = RecordDraft {
        title: update.title,
        completed_on: update.completed_on,
        hours: update.hours,
        events: update.events,
    };
    let valid = ValidRecord::parse(draft, &ctx.catalog, ctx.today)?;
    let verification = if permissions::may(caller.role, Action::ManageTraining) {
        current
    } else {
        Verification::Pending
    };
    let previous = Previous {
        title: record.title.clone(),
        completed_on: record.completed_on,
        minutes_by_topic: record.minutes_by_topic.clone(),
        events: record.events.clone(),
        verification: record.verification,
        rejection_reason: record.rejection_reason.clone(),
    };
    let previous = serde_json::to_value(previous).map_err(anyhow::Error::from)?;
    training_records::insert_revision(
        &txn,
        scope,
        id,
        previous,
        caller.user_id,
        caller.clock.now(),
    )
    .await?;
    let updated =
        training_records::correct(&txn, record, &valid, verification, caller.clock.now()).await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "training_record.correct",
            ("training_record", id),
        )
        .await?;
    refresh_person(&txn, &caller.clock, scope, person.id).await?;
    let detail = detail_of(&txn, scope, updated, &person).await?;
    txn.commit().await?;
    Ok(detail)
}

/// Deletes a record, its history and its certificate for good. The audit log keeps only that
/// it happened: who, when, which record id.
pub async fn delete(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let (record, person) = visible_record(&txn, caller, id).await?;
    // Its certificate row goes with the record; the file goes once that is committed.
    let certificate = crate::training::certificate_service::file_of_record(&txn, scope, id).await?;
    training_records::delete(&txn, record).await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "training_record.delete",
            ("training_record", id),
        )
        .await?;
    refresh_person(&txn, &caller.clock, scope, person.id).await?;
    txn.commit().await?;
    if let Some(file) = certificate {
        crate::files::remove_committed(&state.db, &state.files, scope, file).await?;
    }
    Ok(())
}

/// Verifies (`reason` None) or rejects a record. Never by an officer, not even his own.
/// Verifies a record, or rejects it with `reason`; the person is told either way (by email
/// too when `email`: the server has a mail server).
pub async fn decide(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    reason: Option<String>,
    email: bool,
) -> ApiResult<dto::TrainingRecordDto> {
    require(caller, Action::VerifyTraining)?;
    let scope = caller.scope()?;
    let (verification, reason, action) = match reason {
        None => (Verification::Verified, None, "training_record.verify"),
        Some(raw) => (
            Verification::Rejected,
            Some(RejectionReason::parse(&raw)?.as_str().to_owned()),
            "training_record.reject",
        ),
    };
    let txn = crate::db::begin_write(db).await?;
    let (record, person) = visible_record(&txn, caller, id).await?;
    let updated = training_records::decide(
        &txn,
        record,
        verification,
        reason,
        caller.user_id,
        caller.clock.now(),
    )
    .await?;
    caller
        .audit(&txn, scope.id(), action, ("training_record", id))
        .await?;
    let event = WebhookEvent::record_decided(id, person.id, verification);
    crate::webhooks::emit(&txn, &caller.clock, scope, event).await?;
    refresh_person(&txn, &caller.clock, scope, person.id).await?;
    let decided = Decided::Record {
        rejected_because: updated.rejection_reason.as_deref(),
    };
    let event = notification_rules::decision(person.id, id, &updated.title, decided);
    crate::notifications::tell_person(&txn, scope, event, email, caller.clock.now()).await?;
    let shown = shown(&txn, scope, updated, &person).await?;
    txn.commit().await?;
    Ok(shown)
}
