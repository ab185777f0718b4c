//! The agency's course catalog.

use confitrek_domain::training::ValidCourse;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, ExprTrait,
    ModelTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::course::{self, Column, Entity as Courses};
use super::entity::{training_record, training_session};
use super::training_records::minutes_json;

/// The sort key of the catalog, also its cursor.
pub type TitleKey = (String, Uuid);

fn apply(model: &mut course::ActiveModel, c: &ValidCourse, now: OffsetDateTime) {
    model.title = Set(c.title.clone());
    model.provider = Set(c.provider.clone());
    model.post_course_number = Set(c.post_course_number.clone());
    model.delivery = Set(c.delivery);
    model.cost_cents = Set(c.cost_cents);
    model.minutes_by_topic = Set(minutes_json(&c.content.minutes_by_topic));
    model.events = Set(serde_json::json!(c.content.events));
    model.active = Set(c.active);
    model.updated_at = Set(now);
}

/// The course `c` makes of `existing` (or a new one with `id`), not yet written: what an
/// import plans.
pub fn planned(
    scope: AgencyScope,
    existing: Option<&course::Model>,
    id: Uuid,
    c: &ValidCourse,
    now: OffsetDateTime,
) -> course::Model {
    course::Model {
        id: existing.map_or(id, |e| e.id),
        agency_id: scope.id(),
        title: c.title.clone(),
        provider: c.provider.clone(),
        post_course_number: c.post_course_number.clone(),
        delivery: c.delivery,
        cost_cents: c.cost_cents,
        minutes_by_topic: minutes_json(&c.content.minutes_by_topic),
        events: serde_json::json!(c.content.events),
        active: c.active,
        created_at: existing.map_or(now, |e| e.created_at),
        updated_at: existing.map_or(now, |e| if same_course(e, c) { e.updated_at } else { now }),
    }
}

/// Whether `c` says nothing `existing` does not.
pub fn same_course(existing: &course::Model, c: &ValidCourse) -> bool {
    existing.title == c.title
        && existing.provider == c.provider
        && existing.post_course_number == c.post_course_number
        && existing.delivery == c.delivery
        && existing.cost_cents == c.cost_cents
        && existing.minutes_by_topic == minutes_json(&c.content.minutes_by_topic)
        && existing.events == serde_json::json!(c.content.events)
        && existing.active == c.active
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    c: &ValidCourse,
    now: OffsetDateTime,
) -> Result<course::Model, DbErr> {
    let mut model = course::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        created_at: Set(now),
        ..Default::default()
    };
    apply(&mut model, c, now);
    model.insert(db).await
}

pub async fn update(
    db: &impl ConnectionTrait,
    existing: course::Model,
    c: &ValidCourse,
    now: OffsetDateTime,
) -> Result<course::Model, DbErr> {
    let mut model: course::ActiveModel = existing.into();
    apply(&mut model, c, now);
    model.update(db).await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<course::Model>, DbErr> {
    Courses::find_by_id(id)
        .filter(Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// Courses by id, for naming them in lists.
pub async fn many(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: Vec<Uuid>,
) -> Result<Vec<course::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Courses::find()
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Id.is_in(ids))
        .all(db)
        .await
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    active: Option<bool>,
    after: Option<TitleKey>,
    limit: u64,
) -> Result<Vec<course::Model>, DbErr> {
    let mut cond = Condition::all().add(Column::AgencyId.eq(scope.id()));
    if let Some(active) = active {
        cond = cond.add(Column::Active.eq(active));
    }
    if let Some((title, id)) = after {
        cond = cond.add(
            Condition::any()
                .add(Column::Title.gt(title.as_str()))
                .add(Column::Title.eq(title.as_str()).and(Column::Id.gt(id))),
        );
    }
    Courses::find()
        .filter(cond)
        .order_by_asc(Column::Title)
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Whether sessions or records refer to the course (it is then kept, and made inactive).
pub async fn in_use(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<bool, DbErr> {
    let sessions = training_session::Entity::find()
        .filter(training_session::Column::AgencyId.eq(scope.id()))
        .filter(training_session::Column::CourseId.eq(id))
        .count(db)
        .await?;
    let records = training_record::Entity::find()
        .filter(training_record::Column::AgencyId.eq(scope.id()))
        .filter(training_record::Column::CourseId.eq(id))
        .count(db)
        .await?;
    Ok(sessions + records > 0)
}

pub async fn delete(db: &impl ConnectionTrait, existing: course::Model) -> Result<(), DbErr> {
    existing.delete(db).await?;
    Ok(())
}

/// The minutes-by-topic of every course of the agency, to find a topic in use.
pub async fn all_minutes(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<serde_json::Value>, DbErr> {
    Courses::find()
        .select_only()
        .column(Column::MinutesByTopic)
        .filter(Column::AgencyId.eq(scope.id()))
        .into_tuple()
        .all(db)
        .await
}

/// Every course of the agency's catalog.
pub async fn all(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<course::Model>, DbErr> {
    Courses::find()
        .filter(Column::AgencyId.eq(scope.id()))
        .all(db)
        .await
}
