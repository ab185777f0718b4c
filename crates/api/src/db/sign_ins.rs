//! Sign-ins: what an access token names and a refresh token's family belongs to.

use confitrek_types::PersonStatus;
use sea_orm::sea_query::{Expr, ExprTrait, IntoCondition};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, JoinType,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, RelationDef, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::compliance::Generations;
use super::entity::sign_in::{self, Column, Entity as SignIns};
use super::entity::{person, snapshot_generation, user};

/// Most sign-ins a user's list shows: the newest.
pub const LISTED: u64 = 50;

pub struct NewSignIn {
    pub user_id: Uuid,
    pub limits: confitrek_domain::sign_in::SignInLimits,
    pub enrolment_pending: bool,
    pub device: String,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    new: NewSignIn,
    now: OffsetDateTime,
) -> Result<sign_in::Model, DbErr> {
    sign_in::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(new.user_id),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(new.limits.expires_at),
        idle_minutes: Set(new.limits.idle_minutes),
        enrolment_pending: Set(new.enrolment_pending),
        ended_at: Set(None),
        device: Set(new.device),
    }
    .insert(db)
    .await
}

/// A sign-in, its login, and the status of the person the login is linked to (when that
/// person is in the login's agency): what every authenticated request checks. With them,
/// where the agency's stored verdicts stand, so that a dashboard kept in memory is known to
/// be current without another query.
pub struct Standing {
    pub sign_in: sign_in::Model,
    pub user: user::Model,
    pub person_status: Option<PersonStatus>,
    pub verdicts: Generations,
}

/// The sign-in's [`Standing`], in one query.
pub async fn standing(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Standing>, DbErr> {
    let linked_person: RelationDef = user::Entity::belongs_to(person::Entity)
        .from(user::Column::PersonId)
        .to(person::Column::Id)
        .on_condition(|user, person| {
            Expr::col((person, person::Column::AgencyId))
                .equals((user, user::Column::AgencyId))
                .into_condition()
        })
        .into();
    let agency_verdicts: RelationDef = user::Entity::belongs_to(snapshot_generation::Entity)
        .from(user::Column::AgencyId)
        .to(snapshot_generation::Column::AgencyId)
        .into();
    use snapshot_generation::Column as G;
    let query = SignIns::find_by_id(id)
        .find_also_related(user::Entity)
        .join(JoinType::LeftJoin, linked_person)
        .join(JoinType::LeftJoin, agency_verdicts)
        .column_as(
            Expr::col((person::Entity, person::Column::Status)),
            "person_status",
        )
        .column_as(
            Expr::col((snapshot_generation::Entity, G::Generation)),
            "verdicts_changed",
        )
        .column_as(
            Expr::col((snapshot_generation::Entity, G::ResetGeneration)),
            "verdicts_reset",
        )
        .build(db.get_database_backend());
    let Some(row) = db.query_one_raw(query).await? else {
        return Ok(None);
    };
    let Some(user) = user::Model::from_query_result_optional(&row, "B_")? else {
        return Ok(None);
    };
    Ok(Some(Standing {
        sign_in: sign_in::Model::from_query_result(&row, "A_")?,
        user,
        person_status: row.try_get("", "person_status")?,
        // No row yet: no verdict was ever stored.
        verdicts: Generations {
            changed: row
                .try_get::<Option<i64>>("", "verdicts_changed")?
                .unwrap_or(0),
            reset: row
                .try_get::<Option<i64>>("", "verdicts_reset")?
                .unwrap_or(0),
        },
    }))
}

pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<sign_in::Model>, DbErr> {
    SignIns::find_by_id(id).one(db).await
}

/// Notes a use; a lost race with another request of the same sign-in changes nothing.
pub async fn seen(db: &impl ConnectionTrait, id: Uuid, at: OffsetDateTime) -> Result<(), DbErr> {
    SignIns::update_many()
        .col_expr(Column::LastSeenAt, Expr::value(at))
        .filter(Column::Id.eq(id))
        .filter(Column::LastSeenAt.lt(at))
        .exec(db)
        .await
        .map(|_| ())
}

/// The user's sign-ins that have not ended, newest first.
pub async fn open_of_user(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: OffsetDateTime,
) -> Result<Vec<sign_in::Model>, DbErr> {
    SignIns::find()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::EndedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .order_by_desc(Column::Id)
        .limit(LISTED)
        .all(db)
        .await
}

/// Ends sign-ins of `user_id`: the one given, or every one but `except`, or all.
pub async fn end(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    which: Which,
    now: OffsetDateTime,
) -> Result<u64, DbErr> {
    let mut query = SignIns::update_many()
        .col_expr(Column::EndedAt, Expr::value(now))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::EndedAt.is_null());
    query = match which {
        Which::One(id) => query.filter(Column::Id.eq(id)),
        Which::AllBut(id) => query.filter(Column::Id.ne(id)),
        Which::All => query,
    };
    Ok(query.exec(db).await?.rows_affected)
}

#[derive(Debug, Clone, Copy)]
pub enum Which {
    One(Uuid),
    AllBut(Uuid),
    All,
}

/// The sign-in may now be used for everything: its user has a second factor.
pub async fn enrolled(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    SignIns::update_many()
        .col_expr(Column::EnrolmentPending, Expr::value(false))
        .filter(Column::UserId.eq(user_id))
        .exec(db)
        .await
        .map(|_| ())
}
