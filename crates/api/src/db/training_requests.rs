//! Training requests, always scoped to the caller's agency.

use confitrek_types::TrainingRequestStatus;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::training_request::{self, Entity as TrainingRequests};
use super::people::{Visible, visible_ids};

pub struct NewRequest {
    pub person_id: Uuid,
    pub course_id: Uuid,
    pub session_id: Option<Uuid>,
    pub note: Option<String>,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewRequest,
    now: OffsetDateTime,
) -> Result<training_request::Model, DbErr> {
    training_request::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        person_id: Set(new.person_id),
        course_id: Set(new.course_id),
        session_id: Set(new.session_id),
        note: Set(new.note),
        status: Set(TrainingRequestStatus::Pending),
        decided_by: Set(None),
        decided_at: Set(None),
        decision_comment: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<training_request::Model>, DbErr> {
    TrainingRequests::find_by_id(id)
        .filter(training_request::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

pub struct RequestFilter {
    pub person_id: Option<Uuid>,
    pub status: Option<String>,
}

/// The requests of the people the caller sees, newest first, after the cursor id.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    visible: &Visible,
    filter: &RequestFilter,
    before: Option<Uuid>,
    limit: u64,
) -> Result<Vec<training_request::Model>, DbErr> {
    let mut query = TrainingRequests::find()
        .filter(training_request::Column::AgencyId.eq(scope.id()))
        .filter(training_request::Column::PersonId.in_subquery(visible_ids(scope, visible)));
    if let Some(person) = filter.person_id {
        query = query.filter(training_request::Column::PersonId.eq(person));
    }
    let status = filter.status.as_deref();
    if let Some(status) = status {
        query = query.filter(training_request::Column::Status.eq(status));
    }
    super::pages::newest_first(query, training_request::Column::Id, before, limit)
        .all(db)
        .await
}

/// Records a decision or a withdrawal on a request that is still pending; `None` if it no
/// longer is (decided meanwhile by someone else).
pub async fn close(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
    status: &str,
    decided_by: Option<Uuid>,
    comment: Option<String>,
    now: OffsetDateTime,
) -> Result<Option<training_request::Model>, DbErr> {
    let updated = TrainingRequests::update_many()
        .col_expr(training_request::Column::Status, status.into())
        .col_expr(training_request::Column::DecidedBy, decided_by.into())
        .col_expr(
            training_request::Column::DecidedAt,
            decided_by.map(|_| now).into(),
        )
        .col_expr(training_request::Column::DecisionComment, comment.into())
        .col_expr(training_request::Column::UpdatedAt, now.into())
        .filter(training_request::Column::AgencyId.eq(scope.id()))
        .filter(training_request::Column::Id.eq(id))
        .filter(training_request::Column::Status.eq("pending"))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Ok(None);
    }
    get(db, scope, id).await
}
