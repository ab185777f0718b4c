//! Wrong passwords counted per account (by a keyed hash of the email).

use confitrek_domain::sign_in::Failures;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

use super::entity::login_lockout::{self, Column, Entity as Lockouts};

fn failures(row: &login_lockout::Model) -> Failures {
    Failures {
        count: row.failures,
        window_started_at: row.window_started_at,
        locked: row.locked_at.map(|_| row.locked_until),
    }
}

pub async fn get(db: &impl ConnectionTrait, key: &str) -> Result<Option<Failures>, DbErr> {
    Ok(Lockouts::find_by_id(key.to_owned())
        .one(db)
        .await?
        .as_ref()
        .map(failures))
}

pub async fn put(db: &impl ConnectionTrait, key: &str, f: Failures) -> Result<(), DbErr> {
    let model = login_lockout::ActiveModel {
        account_key: Set(key.to_owned()),
        failures: Set(f.count),
        window_started_at: Set(f.window_started_at),
        locked_until: Set(f.locked.flatten()),
        locked_at: Set(f.locked.map(|_| f.window_started_at)),
    };
    // Two failures at once must both land: the later write wins, neither fails.
    Lockouts::insert(model)
        .on_conflict(
            OnConflict::column(Column::AccountKey)
                .update_columns([
                    Column::Failures,
                    Column::WindowStartedAt,
                    Column::LockedUntil,
                    Column::LockedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await
        .map(|_| ())
}

/// Forgets the account's failures: a right password, or an admin's release.
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    Lockouts::delete_many()
        .filter(Column::AccountKey.eq(key))
        .exec(db)
        .await
        .map(|_| ())
}

/// Which of `keys` are locked now (for the list of an agency's logins).
pub async fn locked_among(
    db: &impl ConnectionTrait,
    keys: Vec<String>,
    now: time::OffsetDateTime,
) -> Result<Vec<String>, DbErr> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let rows = Lockouts::find()
        .filter(Column::AccountKey.is_in(keys))
        .filter(Column::LockedAt.is_not_null())
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|r| confitrek_domain::sign_in::locked_at(Some(&failures(r)), now).is_some())
        .map(|r| r.account_key)
        .collect())
}
