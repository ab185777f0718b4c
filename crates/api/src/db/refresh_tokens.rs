//! Refresh tokens, stored as SHA-256 hashes. Each is single use; every token issued from one
//! sign-in shares a family, so that reuse of a spent token can revoke them all.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::entity::refresh_token::{self, Column, Entity as RefreshTokens};

pub async fn insert(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    family_id: Uuid,
    token_hash: String,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    refresh_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        family_id: Set(family_id),
        token_hash: Set(token_hash),
        expires_at: Set(expires_at),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn find_by_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<refresh_token::Model>, DbErr> {
    RefreshTokens::find()
        .filter(Column::TokenHash.eq(token_hash))
        .one(db)
        .await
}

/// Spends a token. False when it was already spent or revoked, even by a request racing
/// this one: only one of two concurrent refreshes with the same token can win.
pub async fn spend(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    let result = RefreshTokens::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(Column::UsedAt.is_null())
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn revoke_family(
    db: &impl ConnectionTrait,
    family_id: Uuid,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    RefreshTokens::update_many()
        .col_expr(Column::RevokedAt, Expr::value(now))
        .filter(Column::FamilyId.eq(family_id))
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn revoke_users(
    db: &impl ConnectionTrait,
    user_ids: &[Uuid],
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    if user_ids.is_empty() {
        return Ok(());
    }
    RefreshTokens::update_many()
        .col_expr(Column::RevokedAt, Expr::value(now))
        .filter(Column::UserId.is_in(user_ids.iter().copied()))
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
