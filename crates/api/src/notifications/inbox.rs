//! The signed-in user's own notifications: read, counted and marked read.

use confitrek_types::NotificationDto;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::auth::Caller;
use crate::db::entity::notification;
use crate::db::notifications;
use crate::http::{ApiError, ApiResult};

fn dto(n: notification::Model) -> NotificationDto {
    NotificationDto {
        id: n.id,
        kind: n.kind,
        person_id: n.person_id,
        subject: n.subject,
        body: n.body,
        created_at: n.created_at,
        read_at: n.read_at,
        email_state: n.email_state,
        email_attempts: u32::try_from(n.attempts).unwrap_or(0),
        sent_at: n.sent_at,
    }
}

/// A page of the caller's notifications, newest first, before `before`.
pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    before: Option<Uuid>,
    limit: u64,
) -> ApiResult<Vec<NotificationDto>> {
    let rows =
        notifications::list_for_user(db, caller.scope()?, caller.user_id, before, limit).await?;
    Ok(rows.into_iter().map(dto).collect())
}

pub async fn unread(db: &DatabaseConnection, caller: &Caller) -> ApiResult<u64> {
    Ok(notifications::unread_count(db, caller.scope()?, caller.user_id).await?)
}

/// Marks all the caller's notifications read (audited when there were any); how many are
/// left unread.
pub async fn mark_all_read(db: &DatabaseConnection, caller: &Caller) -> ApiResult<u64> {
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let marked =
        notifications::mark_all_read(&txn, scope, caller.user_id, caller.clock.now()).await?;
    if marked > 0 {
        caller
            .audit(
                &txn,
                scope.id(),
                "notification.read_all",
                ("user", caller.user_id),
            )
            .await?;
    }
    let unread = notifications::unread_count(&txn, scope, caller.user_id).await?;
    txn.commit().await?;
    Ok(unread)
}

/// Marks one of the caller's notifications read; someone else's is missing.
pub async fn mark_read(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<NotificationDto> {
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    notifications::get_for_user(&txn, scope, caller.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    notifications::mark_read(&txn, scope, id, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "notification.read", ("notification", id))
        .await?;
    let read = notifications::get_for_user(&txn, scope, caller.user_id, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    Ok(dto(read))
}
