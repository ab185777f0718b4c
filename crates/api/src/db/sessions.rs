//! Sessions of the agency's courses and their rosters.

use std::collections::BTreeMap;

use confitrek_domain::training::{EnrollmentStatus, ValidSession};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, ExprTrait,
    ModelTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::AgencyScope;
use super::entity::session_enrollment::{self, Entity as Enrollments};
use super::entity::training_session::{self, Column, Entity as Sessions};

/// The sort key of the sessions list, also its cursor.
pub type DateKey = (Date, Uuid);

#[derive(Debug, Clone, Default)]
pub struct SessionFilter {
    pub course_id: Option<Uuid>,
    /// Sessions that end on or after this day.
    pub from: Option<Date>,
    /// Sessions that start on or before this day.
    pub to: Option<Date>,
}

fn apply(model: &mut training_session::ActiveModel, s: &ValidSession, now: OffsetDateTime) {
    model.starts_on = Set(s.starts_on);
    model.ends_on = Set(s.ends_on);
    model.start_time = Set(s.start_time.clone());
    model.end_time = Set(s.end_time.clone());
    model.location = Set(s.location.clone());
    model.instructor = Set(s.instructor.clone());
    model.capacity = Set(s.capacity.map(|c| i32::try_from(c).unwrap_or(i32::MAX)));
    model.updated_at = Set(now);
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    course_id: Uuid,
    s: &ValidSession,
    now: OffsetDateTime,
) -> Result<training_session::Model, DbErr> {
    let mut model = training_session::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        course_id: Set(course_id),
        created_at: Set(now),
        ..Default::default()
    };
    apply(&mut model, s, now);
    model.insert(db).await
}

pub async fn update(
    db: &impl ConnectionTrait,
    existing: training_session::Model,
    course_id: Uuid,
    s: &ValidSession,
    now: OffsetDateTime,
) -> Result<training_session::Model, DbErr> {
    let mut model: training_session::ActiveModel = existing.into();
    model.course_id = Set(course_id);
    apply(&mut model, s, now);
    model.update(db).await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<training_session::Model>, DbErr> {
    Sessions::find_by_id(id)
        .filter(Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    filter: &SessionFilter,
    after: Option<DateKey>,
    limit: u64,
) -> Result<Vec<training_session::Model>, DbErr> {
    let mut cond = Condition::all().add(Column::AgencyId.eq(scope.id()));
    if let Some(course) = filter.course_id {
        cond = cond.add(Column::CourseId.eq(course));
    }
    if let Some(from) = filter.from {
        cond = cond.add(Column::EndsOn.gte(from));
    }
    if let Some(to) = filter.to {
        cond = cond.add(Column::StartsOn.lte(to));
    }
    if let Some((day, id)) = after {
        cond = cond.add(
            Condition::any()
                .add(Column::StartsOn.gt(day))
                .add(Column::StartsOn.eq(day).and(Column::Id.gt(id))),
        );
    }
    Sessions::find()
        .filter(cond)
        .order_by_asc(Column::StartsOn)
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Deletes a session and its roster.
pub async fn delete(
    db: &impl ConnectionTrait,
    existing: training_session::Model,
) -> Result<(), DbErr> {
    Enrollments::delete_many()
        .filter(session_enrollment::Column::AgencyId.eq(existing.agency_id))
        .filter(session_enrollment::Column::SessionId.eq(existing.id))
        .exec(db)
        .await?;
    existing.delete(db).await?;
    Ok(())
}

pub async fn roster(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    session_id: Uuid,
) -> Result<Vec<session_enrollment::Model>, DbErr> {
    Enrollments::find()
        .filter(session_enrollment::Column::AgencyId.eq(scope.id()))
        .filter(session_enrollment::Column::SessionId.eq(session_id))
        .all(db)
        .await
}

pub async fn roster_size(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    session_id: Uuid,
) -> Result<u64, DbErr> {
    Enrollments::find()
        .filter(session_enrollment::Column::AgencyId.eq(scope.id()))
        .filter(session_enrollment::Column::SessionId.eq(session_id))
        .count(db)
        .await
}

/// Puts a person on the roster with `status`, or changes the status of one already on it.
pub async fn set_enrollment(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    session_id: Uuid,
    person_id: Uuid,
    status: EnrollmentStatus,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    let model = session_enrollment::ActiveModel {
        session_id: Set(session_id),
        person_id: Set(person_id),
        agency_id: Set(scope.id()),
        status: Set(status),
        created_at: Set(now),
        updated_at: Set(now),
    };
    use session_enrollment::Column as C;
    Enrollments::insert(model)
        .on_conflict(
            OnConflict::columns([C::SessionId, C::PersonId])
                .update_columns([C::Status, C::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Takes a person off the roster; false if he or she was not on it.
pub async fn remove_enrollment(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    session_id: Uuid,
    person_id: Uuid,
) -> Result<bool, DbErr> {
    let result = Enrollments::delete_many()
        .filter(session_enrollment::Column::AgencyId.eq(scope.id()))
        .filter(session_enrollment::Column::SessionId.eq(session_id))
        .filter(session_enrollment::Column::PersonId.eq(person_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Per session: (people on the roster, people who attended).
pub async fn counts(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    session_ids: Vec<Uuid>,
) -> Result<BTreeMap<Uuid, (u32, u32)>, DbErr> {
    let mut counts = BTreeMap::new();
    if session_ids.is_empty() {
        return Ok(counts);
    }
    let rows: Vec<(Uuid, String, i64)> = Enrollments::find()
        .select_only()
        .column(session_enrollment::Column::SessionId)
        .column(session_enrollment::Column::Status)
        .column_as(session_enrollment::Column::PersonId.count(), "n")
        .filter(session_enrollment::Column::AgencyId.eq(scope.id()))
        .filter(session_enrollment::Column::SessionId.is_in(session_ids))
        .group_by(session_enrollment::Column::SessionId)
        .group_by(session_enrollment::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    for (session, status, n) in rows {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        let entry: &mut (u32, u32) = counts.entry(session).or_default();
        entry.0 += n;
        if status == EnrollmentStatus::Attended.as_str() {
            entry.1 += n;
        }
    }
    Ok(counts)
}
