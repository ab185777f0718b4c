//! The creating requests sent with an `Idempotency-Key` and their answers.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, SqlErr,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::entity::idempotency_key::{self, Column, Entity as IdempotencyKeys};

/// What a request with a key may do.
#[derive(Debug)]
pub enum Claim {
    /// The key is new (or its first request was abandoned): answer the request, then keep
    /// the answer under this id.
    Fresh(Uuid),
    /// The key was answered: send the same answer again.
    Answered(idempotency_key::Model),
    /// The key's first request is still being answered.
    Busy,
    /// The key was sent before with another request.
    Mismatch,
}

/// The key of a principal for a request, claimed: the unique index lets one request of
/// many sent at once through. A claim older than `abandoned_before` that was never answered
/// is taken over (its request's process died); a key sent before `forgotten_before` is new
/// again, whatever it was sent with, even before the hourly purge deletes it.
pub async fn claim(
    db: &impl ConnectionTrait,
    principal: &str,
    key: &str,
    request_hash: &str,
    now: OffsetDateTime,
    abandoned_before: OffsetDateTime,
    forgotten_before: OffsetDateTime,
) -> Result<Claim, DbErr> {
    let id = Uuid::now_v7();
    let inserted = idempotency_key::ActiveModel {
        id: Set(id),
        principal: Set(principal.to_owned()),
        key: Set(key.to_owned()),
        request_hash: Set(request_hash.to_owned()),
        status_code: Set(None),
        content_type: Set(None),
        location: Set(None),
        body: Set(None),
        created_at: Set(now),
        completed_at: Set(None),
    }
    .insert(db)
    .await;
    match inserted {
        Ok(_) => return Ok(Claim::Fresh(id)),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {}
        Err(e) => return Err(e),
    }
    let Some(existing) = IdempotencyKeys::find()
        .filter(Column::Principal.eq(principal))
        .filter(Column::Key.eq(key))
        .one(db)
        .await?
    else {
        // Released between the insert and the read: the client may simply retry.
        return Ok(Claim::Busy);
    };
    let forgotten = existing.created_at < forgotten_before;
    let mut take_over = IdempotencyKeys::update_many()
        .col_expr(Column::RequestHash, Expr::value(request_hash))
        .col_expr(Column::StatusCode, Expr::value(Option::<i32>::None))
        .col_expr(Column::ContentType, Expr::value(Option::<String>::None))
        .col_expr(Column::Location, Expr::value(Option::<String>::None))
        .col_expr(Column::Body, Expr::value(Option::<Vec<u8>>::None))
        .col_expr(
            Column::CompletedAt,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .col_expr(Column::CreatedAt, Expr::value(now))
        .filter(Column::Id.eq(existing.id))
        .filter(Column::CreatedAt.eq(existing.created_at));
    if !forgotten {
        if existing.request_hash != request_hash {
            return Ok(Claim::Mismatch);
        }
        if existing.status_code.is_some() {
            return Ok(Claim::Answered(existing));
        }
        if existing.created_at >= abandoned_before {
            return Ok(Claim::Busy);
        }
        // An answer kept meanwhile is not overwritten.
        take_over = take_over.filter(Column::StatusCode.is_null());
    }
    let taken = take_over.exec(db).await?;
    Ok(if taken.rows_affected == 1 {
        Claim::Fresh(existing.id)
    } else {
        Claim::Busy
    })
}

/// The answer to keep.
pub struct Answer {
    pub status_code: i32,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

pub async fn answered(
    db: &impl ConnectionTrait,
    id: Uuid,
    answer: Answer,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    IdempotencyKeys::update_many()
        .col_expr(Column::StatusCode, Expr::value(answer.status_code))
        .col_expr(Column::ContentType, Expr::value(answer.content_type))
        .col_expr(Column::Location, Expr::value(answer.location))
        .col_expr(Column::Body, Expr::value(answer.body))
        .col_expr(Column::CompletedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Lets the key go: its request failed and wrote nothing, so a retry may run it again.
pub async fn release(db: &impl ConnectionTrait, id: Uuid) -> Result<(), DbErr> {
    IdempotencyKeys::delete_by_id(id).exec(db).await.map(|_| ())
}
