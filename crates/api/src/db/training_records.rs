//! Training records as people and coordinators enter, verify and correct them, and the
//! history of their corrections; always within one agency.

use std::collections::BTreeMap;

use confitrek_domain::compliance::Minutes;
use confitrek_domain::training::{RecordSource, ValidRecord, Verification};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, ExprTrait,
    ModelTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::AgencyScope;
use super::entity::training_record::{self, Column, Entity as Records};
use super::entity::training_record_revision::{self as revision, Entity as Revisions};
use super::people::{Visible, visible_ids};

/// `{ "topic_code": minutes }`, as records and courses store hours.
pub fn minutes_json(minutes: &BTreeMap<String, Minutes>) -> serde_json::Value {
    serde_json::json!(
        minutes
            .iter()
            .map(|(code, m)| (code.clone(), m.0))
            .collect::<BTreeMap<String, u32>>()
    )
}

pub struct NewRecord {
    pub person_id: Uuid,
    pub course_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    pub source: RecordSource,
    pub verification: Verification,
    /// The login that verified it, when it enters verified.
    pub verified_by: Option<Uuid>,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewRecord,
    record: &ValidRecord,
    now: OffsetDateTime,
) -> Result<training_record::Model, DbErr> {
    new_record(scope, new, record, now).insert(db).await
}

/// The row of a new record, written at `now`.
pub fn new_record(
    scope: AgencyScope,
    new: NewRecord,
    record: &ValidRecord,
    now: OffsetDateTime,
) -> training_record::ActiveModel {
    let verified = new.verification == Verification::Verified;
    training_record::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        person_id: Set(new.person_id),
        completed_on: Set(record.completed_on),
        title: Set(record.title.clone()),
        minutes_by_topic: Set(minutes_json(&record.content.minutes_by_topic)),
        events: Set(serde_json::json!(record.content.events)),
        created_at: Set(now),
        course_id: Set(new.course_id),
        session_id: Set(new.session_id),
        source: Set(new.source),
        verification: Set(new.verification),
        rejection_reason: Set(None),
        verified_by: Set(new.verified_by.filter(|_| verified)),
        verified_at: Set(verified.then_some(now)),
        updated_at: Set(Some(now)),
    }
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<training_record::Model>, DbErr> {
    Records::find_by_id(id)
        .filter(Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

#[derive(Debug, Clone, Default)]
pub struct RecordFilter {
    pub person_id: Option<Uuid>,
    pub verification: Option<Verification>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// The sort key of the list (newest completion first), also its cursor.
pub type CompletedKey = (Date, Uuid);

pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    visible: &Visible,
    filter: &RecordFilter,
    before: Option<CompletedKey>,
    limit: u64,
) -> Result<Vec<training_record::Model>, DbErr> {
    let mut cond = Condition::all()
        .add(Column::AgencyId.eq(scope.id()))
        .add(Column::PersonId.in_subquery(visible_ids(scope, visible)));
    if let Some(person) = filter.person_id {
        cond = cond.add(Column::PersonId.eq(person));
    }
    if let Some(v) = filter.verification {
        cond = cond.add(Column::Verification.eq(v.as_str()));
    }
    if let Some(from) = filter.from {
        cond = cond.add(Column::CompletedOn.gte(from));
    }
    if let Some(to) = filter.to {
        cond = cond.add(Column::CompletedOn.lte(to));
    }
    if let Some((day, id)) = before {
        cond = cond.add(
            Condition::any()
                .add(Column::CompletedOn.lt(day))
                .add(Column::CompletedOn.eq(day).and(Column::Id.lt(id))),
        );
    }
    Records::find()
        .filter(cond)
        .order_by_desc(Column::CompletedOn)
        .order_by_desc(Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Replaces the content of a record; `verification` is what it becomes (a person's own
/// correction goes back to the queue).
pub async fn correct(
    db: &impl ConnectionTrait,
    existing: training_record::Model,
    record: &ValidRecord,
    verification: Verification,
    now: OffsetDateTime,
) -> Result<training_record::Model, DbErr> {
    corrected(existing, record, verification, now)
        .update(db)
        .await
}

/// The row of `existing` with the content of `record`.
pub fn corrected(
    existing: training_record::Model,
    record: &ValidRecord,
    verification: Verification,
    now: OffsetDateTime,
) -> training_record::ActiveModel {
    let was = existing.verification;
    let mut model: training_record::ActiveModel = existing.into();
    model.title = Set(record.title.clone());
    model.completed_on = Set(record.completed_on);
    model.minutes_by_topic = Set(minutes_json(&record.content.minutes_by_topic));
    model.events = Set(serde_json::json!(record.content.events));
    if was != verification {
        model.verification = Set(verification);
        model.rejection_reason = Set(None);
        model.verified_by = Set(None);
        model.verified_at = Set(None);
    }
    model.updated_at = Set(Some(now));
    model
}

/// Sends a refused record back to the verification queue (its person sent new evidence).
pub async fn back_to_queue(
    db: &impl ConnectionTrait,
    existing: training_record::Model,
    now: OffsetDateTime,
) -> Result<training_record::Model, DbErr> {
    let mut model: training_record::ActiveModel = existing.into();
    model.verification = Set(Verification::Pending);
    model.rejection_reason = Set(None);
    model.verified_by = Set(None);
    model.verified_at = Set(None);
    model.updated_at = Set(Some(now));
    model.update(db).await
}

/// Verifies (no reason) or rejects (with one) a record.
pub async fn decide(
    db: &impl ConnectionTrait,
    existing: training_record::Model,
    verification: Verification,
    reason: Option<String>,
    by: Uuid,
    now: OffsetDateTime,
) -> Result<training_record::Model, DbErr> {
    let mut model: training_record::ActiveModel = existing.into();
    model.verification = Set(verification);
    model.rejection_reason = Set(reason);
    model.verified_by = Set(Some(by));
    model.verified_at = Set(Some(now));
    model.updated_at = Set(Some(now));
    model.update(db).await
}

/// Removes a record and its correction history for good.
pub async fn delete(
    db: &impl ConnectionTrait,
    existing: training_record::Model,
) -> Result<(), DbErr> {
    Revisions::delete_many()
        .filter(revision::Column::AgencyId.eq(existing.agency_id))
        .filter(revision::Column::RecordId.eq(existing.id))
        .exec(db)
        .await?;
    existing.delete(db).await?;
    Ok(())
}

pub async fn insert_revision(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    record_id: Uuid,
    previous: serde_json::Value,
    changed_by: Uuid,
    now: OffsetDateTime,
) -> Result<revision::Model, DbErr> {
    revision::ActiveModel {
        id: Set(Uuid::now_v7()),
        record_id: Set(record_id),
        agency_id: Set(scope.id()),
        previous: Set(previous),
        changed_by: Set(Some(changed_by)),
        changed_at: Set(now),
    }
    .insert(db)
    .await
}

/// Corrections of a record, newest first.
pub async fn revisions(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    record_id: Uuid,
) -> Result<Vec<revision::Model>, DbErr> {
    Revisions::find()
        .filter(revision::Column::AgencyId.eq(scope.id()))
        .filter(revision::Column::RecordId.eq(record_id))
        .order_by_desc(revision::Column::Id)
        .all(db)
        .await
}

/// Records made by a session's attendance, by person.
pub async fn of_session(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    session_id: Uuid,
) -> Result<BTreeMap<Uuid, Uuid>, DbErr> {
    let rows: Vec<(Uuid, Uuid)> = Records::find()
        .select_only()
        .column(Column::PersonId)
        .column(Column::Id)
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::SessionId.eq(session_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Every record of the agency but the rejected ones, oldest first.
pub async fn standing(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<training_record::Model>, DbErr> {
    Records::find()
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Verification.ne(Verification::Rejected.as_str()))
        .order_by_asc(Column::CompletedOn)
        .order_by_asc(Column::Id)
        .all(db)
        .await
}

/// The minutes-by-topic of every record of the agency, to find a topic in use.
pub async fn all_minutes(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<serde_json::Value>, DbErr> {
    Records::find()
        .select_only()
        .column(Column::MinutesByTopic)
        .filter(Column::AgencyId.eq(scope.id()))
        .into_tuple()
        .all(db)
        .await
}
