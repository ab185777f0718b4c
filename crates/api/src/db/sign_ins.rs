//! Sign-ins: what an access token names and a refresh token's family belongs to.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::entity::sign_in::{self, Column, Entity as SignIns};
use super::entity::user;

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

/// The sign-in and its user, in one query: what every authenticated request reads.
pub async fn with_user(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<(sign_in::Model, user::Model)>, DbErr> {
    Ok(SignIns::find_by_id(id)
        .find_also_related(user::Entity)
        .one(db)
        .await?
        .and_then(|(s, u)| Some((s, u?))))
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
