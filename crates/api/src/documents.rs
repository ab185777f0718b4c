//! Stored documents (a record's certificate, an expense line's receipt, a policy's
//! documents): each filed or removed in one transaction with its audit event. The encrypted
//! file is written before the transaction and, when a row goes, removed after it commits,
//! so a failure never leaves a row without its file nor a file nobody refers to.

use sea_orm::{ActiveModelBehavior, DatabaseTransaction, IntoActiveModel};
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::Caller;
use crate::db::stored_files::{self, NewStoredFile, StoredFileTable};
use crate::http::{ApiError, ApiResult};

/// What happens to the owner's document before: a record has one certificate and a line one
/// receipt, so a new one takes its place; a policy keeps every version's document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Previous {
    Replaced,
    Kept,
}

/// The audit event of a change: its action and what it is about.
pub type AuditEvent<'a> = (&'a str, (&'a str, Uuid));

/// Files `bytes` as a document of `owner_id` in the table `T`. `alongside` runs in the same
/// transaction, for what the new document changes besides (a refused record going back to
/// the queue).
pub async fn file<T: StoredFileTable>(
    state: &AppState,
    caller: &Caller,
    (owner_id, previous): (Uuid, Previous),
    bytes: &[u8],
    (action, target): AuditEvent<'_>,
    alongside: impl AsyncFnOnce(&DatabaseTransaction) -> ApiResult<()>,
) -> ApiResult<T::Model>
where
    T::Model: IntoActiveModel<T::ActiveModel>,
    T::ActiveModel: ActiveModelBehavior + Send,
{
    let scope = caller.scope()?;
    let (saved, replaced) =
        crate::files::keep_upload(&state.files, scope, bytes, async |kind, stored| {
            let txn = crate::db::begin_write(&state.db).await?;
            let replaced = match previous {
                Previous::Replaced => stored_files::of_owner::<T>(&txn, scope, owner_id).await?,
                Previous::Kept => None,
            };
            if let Some(replaced) = &replaced {
                stored_files::delete::<T>(&txn, scope, T::id_of(replaced)).await?;
            }
            alongside(&txn).await?;
            let new = NewStoredFile {
                id: stored.id,
                owner_id,
                content_type: kind.content_type().into(),
                size_bytes: i64::try_from(stored.size).unwrap_or(i64::MAX),
                sha256: stored.sha256.clone(),
                uploaded_by: caller.user_id,
                created_at: caller.clock.now(),
            };
            let saved = stored_files::insert::<T>(&txn, scope, new).await?;
            caller.audit(&txn, scope.id(), action, target).await?;
            txn.commit().await?;
            ApiResult::Ok((saved, replaced))
        })
        .await?;
    if let Some(replaced) = replaced {
        crate::files::remove_committed(&state.db, &state.files, scope, T::id_of(&replaced)).await?;
    }
    Ok(saved)
}

/// Removes the document of `owner_id` in the table `T` for good (404 when there is none).
pub async fn remove<T: StoredFileTable>(
    state: &AppState,
    caller: &Caller,
    owner_id: Uuid,
    (action, target): AuditEvent<'_>,
) -> ApiResult<()>
where
    T::Model: IntoActiveModel<T::ActiveModel>,
    T::ActiveModel: ActiveModelBehavior + Send,
{
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let document = stored_files::of_owner::<T>(&txn, scope, owner_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let id = T::id_of(&document);
    stored_files::delete::<T>(&txn, scope, id).await?;
    caller.audit(&txn, scope.id(), action, target).await?;
    txn.commit().await?;
    crate::files::remove_committed(&state.db, &state.files, scope, id).await
}
