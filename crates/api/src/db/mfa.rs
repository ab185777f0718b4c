//! A login's second factor: its TOTP secret (encrypted), the last step accepted, and its
//! recovery codes (hashed).

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::entity::mfa_recovery_code::{self, Entity as Codes};
use super::entity::user::{Column, Entity as Users};

/// Keeps a secret being enrolled until a code confirms it.
pub async fn set_pending(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    sealed: Option<String>,
) -> Result<(), DbErr> {
    Users::update_many()
        .col_expr(Column::MfaPendingSecret, Expr::value(sealed))
        .filter(Column::Id.eq(user_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// The pending secret becomes the login's, its code of `step` spent.
pub async fn confirm(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    sealed: String,
    step: i64,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    Users::update_many()
        .col_expr(Column::MfaSecret, Expr::value(Some(sealed)))
        .col_expr(
            Column::MfaPendingSecret,
            Expr::value(Option::<String>::None),
        )
        .col_expr(Column::MfaEnabledAt, Expr::value(Some(now)))
        .col_expr(Column::MfaLastStep, Expr::value(Some(step)))
        .filter(Column::Id.eq(user_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Spends the code of `step`. False when that step or a later one was already spent, even
/// by a request racing this one.
pub async fn spend_step(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    step: i64,
) -> Result<bool, DbErr> {
    let result = Users::update_many()
        .col_expr(Column::MfaLastStep, Expr::value(Some(step)))
        .filter(Column::Id.eq(user_id))
        .filter(
            sea_orm::Condition::any()
                .add(Column::MfaLastStep.is_null())
                .add(Column::MfaLastStep.lt(step)),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Takes the second factor away: the login enrols again at its next sign-in.
pub async fn reset(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    Users::update_many()
        .col_expr(Column::MfaSecret, Expr::value(Option::<String>::None))
        .col_expr(
            Column::MfaPendingSecret,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            Column::MfaEnabledAt,
            Expr::value(Option::<OffsetDateTime>::None),
        )
        .col_expr(Column::MfaLastStep, Expr::value(Option::<i64>::None))
        .filter(Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Codes::delete_many()
        .filter(mfa_recovery_code::Column::UserId.eq(user_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Replaces the login's recovery codes with these (hashes).
pub async fn replace_codes(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    hashes: Vec<String>,
) -> Result<(), DbErr> {
    Codes::delete_many()
        .filter(mfa_recovery_code::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    for code_hash in hashes {
        mfa_recovery_code::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            code_hash: Set(code_hash),
            used_at: Set(None),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Spends a recovery code; false if it is not one of the login's unused codes.
pub async fn spend_code(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    hash: &str,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    let result = Codes::update_many()
        .col_expr(mfa_recovery_code::Column::UsedAt, Expr::value(Some(now)))
        .filter(mfa_recovery_code::Column::UserId.eq(user_id))
        .filter(mfa_recovery_code::Column::CodeHash.eq(hash))
        .filter(mfa_recovery_code::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn codes_left(db: &impl ConnectionTrait, user_id: Uuid) -> Result<u64, DbErr> {
    Codes::find()
        .filter(mfa_recovery_code::Column::UserId.eq(user_id))
        .filter(mfa_recovery_code::Column::UsedAt.is_null())
        .count(db)
        .await
}
