//! An agency admin's changes to the agency's logins: role, switched off or on, a new link to
//! set a password. What may be changed is decided in `confitrek_domain::permissions`.

use confitrek_domain::permissions::{self, Action, AdminLogin, LoginChange, LoginRefusal};
use sea_orm::ConnectionTrait;
use time::OffsetDateTime;
use uuid::Uuid;

use super::INVITATION_DAYS;
use crate::app::AppState;
use crate::auth::Caller;
use crate::auth::tokens::{random_token, sha256_hex};
use crate::db::entity::user;
use crate::db::users::{self, LoginUpdate};
use crate::db::{AgencyScope, lockouts, mfa, people, refresh_tokens, sign_ins};
use crate::http::{ApiError, ApiResult};
use crate::permissions::require;

/// The agency's admin logins and whether each can sign in now, locked until the transaction
/// ends (on PostgreSQL) so two changes cannot each remove one of the last two admins.
pub async fn admin_logins(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> ApiResult<Vec<AdminLogin>> {
    let admins = users::admins_for_update(db, scope).await?;
    let linked: Vec<Uuid> = admins.iter().filter_map(|a| a.person_id).collect();
    let active: Vec<Uuid> = people::many(db, scope, linked)
        .await?
        .into_iter()
        .filter(|p| confitrek_domain::people::may_sign_in(p.status))
        .map(|p| p.id)
        .collect();
    Ok(admins
        .iter()
        .map(|a| AdminLogin {
            login: a.id,
            person: a.person_id,
            may_sign_in: a.disabled_at.is_none() && a.person_id.is_none_or(|p| active.contains(&p)),
        })
        .collect())
}

fn refused(refusal: LoginRefusal) -> ApiError {
    match refusal {
        LoginRefusal::NotGrantable => ApiError::field("role", "cannot be granted by an agency"),
        LoginRefusal::OwnLogin => ApiError::Conflict(
            "An admin cannot switch off, reset or demote his or her own login; ask another admin."
                .into(),
        ),
        LoginRefusal::LastAdmin => ApiError::Conflict(
            "This is the agency's last admin who can sign in; make another person admin first."
                .into(),
        ),
    }
}

/// A login after a change, with the one-time link token when one was made.
pub struct Changed {
    pub user: user::Model,
    pub link: Option<(String, OffsetDateTime)>,
}

/// Makes `change` to the agency's login `id`: checked, written, its sessions ended when it
/// can no longer sign in as it did, and audited, in one transaction.
pub async fn change(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    change: LoginChange,
) -> ApiResult<Changed> {
    require(caller, Action::InviteUsers)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let target = users::get_in(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let admins = admin_logins(&txn, scope).await?;
    permissions::login_change(caller.role, caller.user_id, id, change, &admins).map_err(refused)?;
    let now = OffsetDateTime::now_utc();
    let mut link = None;
    let (update, action, ends_sessions) = match change {
        LoginChange::Role(role) => (Some(LoginUpdate::Role(role)), "user.change_role", false),
        LoginChange::Disable => (Some(LoginUpdate::Disabled(Some(now))), "user.disable", true),
        LoginChange::Enable => (Some(LoginUpdate::Disabled(None)), "user.enable", false),
        LoginChange::NewPasswordLink => {
            let token = random_token(32);
            let expires_at = now + time::Duration::days(INVITATION_DAYS);
            let hash = sha256_hex(&token);
            link = Some((token, expires_at));
            let action = if target.password_hash.is_some() {
                "user.reset_password"
            } else {
                "user.reinvite"
            };
            (
                Some(LoginUpdate::Invitation(hash, expires_at)),
                action,
                true,
            )
        }
        LoginChange::ResetMfa => {
            mfa::reset(&txn, target.id).await?;
            (None, "user.mfa_reset", true)
        }
        LoginChange::EndSessions => (None, "user.end_sessions", true),
        LoginChange::Unlock => {
            lockouts::clear(&txn, &state.keys.account_key(&target.email)).await?;
            (None, "user.unlock", false)
        }
    };
    let user = match update {
        Some(update) => users::update_login(&txn, target, update).await?,
        None => users::get_in(&txn, scope, id)
            .await?
            .ok_or(ApiError::NotFound)?,
    };
    if ends_sessions {
        refresh_tokens::revoke_users(&txn, &[user.id], now).await?;
        sign_ins::end(&txn, user.id, sign_ins::Which::All, now).await?;
    }
    caller
        .audit(&txn, scope.id(), action, ("user", user.id))
        .await?;
    txn.commit().await?;
    Ok(Changed { user, link })
}
