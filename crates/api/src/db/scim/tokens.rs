//! SCIM tokens: only the SHA-256 of each is kept.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::AgencyScope;
use crate::db::entity::scim_token::{self, Column, Entity as Tokens};

pub struct NewToken {
    pub name: String,
    pub token_hash: String,
    pub created_by: Option<Uuid>,
    pub expires_at: Option<OffsetDateTime>,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewToken,
    now: OffsetDateTime,
) -> Result<scim_token::Model, DbErr> {
    scim_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        name: Set(new.name),
        token_hash: Set(new.token_hash),
        created_by: Set(new.created_by),
        created_at: Set(now),
        expires_at: Set(new.expires_at),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
    .await
}

/// The token with this hash, in whichever agency it is.
pub async fn by_hash(
    db: &impl ConnectionTrait,
    hash: &str,
) -> Result<Option<scim_token::Model>, DbErr> {
    Tokens::find()
        .filter(Column::TokenHash.eq(hash))
        .one(db)
        .await
}

/// The agency's tokens, oldest first, a page after `after`.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<scim_token::Model>, DbErr> {
    let query = Tokens::find().filter(Column::AgencyId.eq(scope.id()));
    crate::db::pages::oldest_first(query, Column::Id, after, limit)
        .all(db)
        .await
}

/// How many of the agency's tokens are neither revoked nor expired at `now`.
pub async fn live(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    now: OffsetDateTime,
) -> Result<u64, DbErr> {
    Tokens::find()
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::RevokedAt.is_null())
        .filter(
            Condition::any()
                .add(Column::ExpiresAt.is_null())
                .add(Column::ExpiresAt.gt(now)),
        )
        .count(db)
        .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<scim_token::Model>, DbErr> {
    Tokens::find_by_id(id)
        .filter(Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

pub async fn revoke(
    db: &impl ConnectionTrait,
    token: scim_token::Model,
    now: OffsetDateTime,
) -> Result<scim_token::Model, DbErr> {
    let mut model: scim_token::ActiveModel = token.into();
    model.revoked_at = Set(Some(now));
    model.update(db).await
}

/// Notes that the token was used.
pub async fn used(db: &impl ConnectionTrait, id: Uuid, now: OffsetDateTime) -> Result<(), DbErr> {
    Tokens::update_many()
        .col_expr(Column::LastUsedAt, sea_orm::sea_query::Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}
