//! An agency admin's changes to the agency's logins: role, switched off or on, a new link to
//! set a password. What may be changed is decided in `confitrek_domain::permissions`.

use std::collections::BTreeMap;

use confitrek_domain::people::Email;
use confitrek_domain::permissions::{self, Action, AdminLogin, LoginChange, LoginRefusal, Role};
use confitrek_types::{Page, UserDto};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::auth::tokens::{random_token, sha256_hex};
use crate::db::entity::user;
use crate::db::users::{self, LoginUpdate, NewUser};
use crate::db::{AgencyScope, lockouts, mfa, people, refresh_tokens, sign_ins};
use crate::http::error::OnConstraint;
use crate::http::pagination::PageRequest;
use crate::http::{ApiError, ApiResult};

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
    let now = state.clock.now();
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
        Some(update) => users::update_login(&txn, target, update, now).await?,
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

/// How long an invitation can be accepted.
pub const INVITATION_DAYS: i64 = 7;

pub struct Invited {
    pub user: user::Model,
    pub token: String,
    pub expires_at: OffsetDateTime,
}

/// Creates a login without a password and returns the one-time token that sets it.
pub async fn invite(
    db: &impl ConnectionTrait,
    caller: &Caller,
    agency_id: Uuid,
    email: Email,
    role: Role,
    person_id: Option<Uuid>,
) -> ApiResult<Invited> {
    let token = random_token(32);
    let now = caller.clock.now();
    let expires_at = now + time::Duration::days(INVITATION_DAYS);
    let user = users::insert(
        db,
        NewUser {
            agency_id: Some(agency_id),
            person_id,
            email: email.as_str().to_owned(),
            role,
            password_hash: None,
            invitation: Some((sha256_hex(&token), expires_at)),
            service_account: false,
        },
        now,
    )
    .await
    .on_unique("email", "already has a login")?;
    caller
        .audit(db, agency_id, "user.invite", ("user", user.id))
        .await?;
    Ok(Invited {
        user,
        token,
        expires_at,
    })
}

/// Invites a login to the caller's agency with a role the caller may grant, linked to one of
/// the agency's people if `person_id` is given.
pub async fn invite_to_agency(
    db: &DatabaseConnection,
    caller: &Caller,
    email: Email,
    role: Role,
    person_id: Option<Uuid>,
) -> ApiResult<Invited> {
    let scope = caller.scope()?;
    if !permissions::may_grant(caller.role, role) {
        return Err(ApiError::field("role", "cannot be granted by an agency"));
    }
    let txn = crate::db::begin_write(db).await?;
    if let Some(person_id) = person_id
        && people::get(&txn, scope, person_id).await?.is_none()
    {
        return Err(ApiError::field(
            "person_id",
            "is not a person in this agency",
        ));
    }
    if users::find_by_email(&txn, email.as_str()).await?.is_some() {
        return Err(ApiError::field("email", "already has a login"));
    }
    let invited = invite(&txn, caller, scope.id(), email, role, person_id).await?;
    txn.commit().await?;
    Ok(invited)
}

/// Grants or takes back a login's use-of-force review permission (agencies with the module).
pub async fn set_uof_review(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    reviewer: bool,
) -> ApiResult<user::Model> {
    let (scope, _) = crate::uof::gate(db, caller).await?;
    require(caller, Action::GrantUofReview)?;
    let txn = crate::db::begin_write(db).await?;
    let user = users::set_uof_reviewer(&txn, scope, id, reviewer, caller.clock.now())
        .await?
        .ok_or(ApiError::NotFound)?;
    let action = if reviewer {
        "user.grant_uof_review"
    } else {
        "user.revoke_uof_review"
    };
    caller
        .audit(&txn, scope.id(), action, ("user", user.id))
        .await?;
    txn.commit().await?;
    Ok(user)
}

/// A page of the agency's logins, each saying whether it is locked out now.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    page: &PageRequest<Uuid>,
) -> ApiResult<Page<UserDto>> {
    let mut rows = users::list(&state.db, caller.scope()?, page.after, page.rows()).await?;
    let next_cursor = page.cut(&mut rows, |u| u.id);
    let keys: Vec<String> = rows
        .iter()
        .map(|u| state.keys.account_key(&u.email))
        .collect();
    let locked = lockouts::locked_among(&state.db, keys.clone(), state.clock.now()).await?;
    let items = rows
        .into_iter()
        .zip(keys)
        .map(|(u, key)| UserDto {
            locked: locked.contains(&key),
            ..super::user_dto(u)
        })
        .collect();
    Ok(Page { items, next_cursor })
}

/// Who each login is to a reader: the person's name when the login is a person's, its
/// email address otherwise (an administrator without a roster entry).
pub async fn names(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: Vec<Uuid>,
) -> ApiResult<BTreeMap<Uuid, String>> {
    let logins = users::many(db, scope, ids).await?;
    let person_ids: Vec<Uuid> = logins.iter().filter_map(|u| u.person_id).collect();
    let names: BTreeMap<Uuid, String> = people::many(db, scope, person_ids)
        .await?
        .iter()
        .map(|p| (p.id, crate::training::display_name(p)))
        .collect();
    Ok(logins
        .into_iter()
        .map(|u| {
            let name = u.person_id.and_then(|p| names.get(&p).cloned());
            (u.id, name.unwrap_or(u.email))
        })
        .collect())
}
