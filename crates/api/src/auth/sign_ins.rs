//! A user's sign-ins: begun at login, listed on "my sessions", ended one at a time, all but
//! the current one, or all at once by an admin.

use confitrek_domain::sign_in::{self as rules, MfaPolicy};
use confitrek_types::SignInDto;
use time::OffsetDateTime;
use uuid::Uuid;

use super::Caller;
use crate::app::AppState;
use crate::db::entity::{agency, sign_in, user};
use crate::db::{AgencyScope, agencies, refresh_tokens, sign_ins};
use crate::http::{ApiError, ApiResult};

/// The second-factor rule for a login of `agency` (none for the platform operator).
pub fn mfa_policy(state: &AppState, agency: Option<&agency::Model>) -> MfaPolicy {
    MfaPolicy {
        for_managers: state.config.require_mfa && !agency.is_some_and(|a| a.demo),
        for_everyone: agency.is_some_and(|a| a.mfa_for_everyone),
    }
}

pub async fn agency_of(
    db: &impl sea_orm::ConnectionTrait,
    user: &user::Model,
) -> ApiResult<Option<agency::Model>> {
    Ok(match user.agency_id {
        Some(id) => agencies::get(db, AgencyScope::new(id)).await?,
        None => None,
    })
}

/// Begins a sign-in for `user` with the agency's limits.
pub async fn begin(
    db: &impl sea_orm::ConnectionTrait,
    state: &AppState,
    user: &user::Model,
    agency: Option<&agency::Model>,
    user_agent: Option<&str>,
    now: OffsetDateTime,
) -> ApiResult<sign_in::Model> {
    let required = rules::mfa_required(user.role, mfa_policy(state, agency));
    let pending = required && user.mfa_secret.is_none();
    begin_pending(db, user, agency, user_agent, now, pending).await
}

/// Begins a sign-in for `user` with the agency's limits that must first set up a second
/// factor, or need not (`enrolment_pending`): for a sign-in whose second factor is decided
/// elsewhere, as through an identity provider whose MFA the agency lets count.
pub async fn begin_pending(
    db: &impl sea_orm::ConnectionTrait,
    user: &user::Model,
    agency: Option<&agency::Model>,
    user_agent: Option<&str>,
    now: OffsetDateTime,
    enrolment_pending: bool,
) -> ApiResult<sign_in::Model> {
    let (idle, hours) = agency.map_or((30, 12), |a| (a.idle_timeout_minutes, a.session_hours));
    let new = sign_ins::NewSignIn {
        user_id: user.id,
        limits: rules::limits(now, idle, hours),
        enrolment_pending,
        device: rules::device_label(user_agent),
    };
    Ok(sign_ins::insert(db, new, now).await?)
}

/// Whether `user` must use a second factor.
pub async fn mfa_required(state: &AppState, user: &user::Model) -> ApiResult<bool> {
    let agency = agency_of(&state.db, user).await?;
    Ok(rules::mfa_required(
        user.role,
        mfa_policy(state, agency.as_ref()),
    ))
}

/// Whether the sign-in still stands at `now`.
pub fn stands(s: &sign_in::Model, now: OffsetDateTime) -> bool {
    let limits = rules::SignInLimits {
        expires_at: s.expires_at,
        idle_minutes: s.idle_minutes,
    };
    rules::sign_in_stands(limits, s.last_seen_at, s.ended_at.is_some(), now)
}

pub async fn list_mine(state: &AppState, caller: &Caller) -> ApiResult<Vec<SignInDto>> {
    let now = state.clock.now();
    let rows = sign_ins::open_of_user(&state.db, caller.user_id, now).await?;
    Ok(rows
        .into_iter()
        .filter(|s| stands(s, now))
        .map(|s| SignInDto {
            current: Some(s.id) == caller.sign_in_id,
            id: s.id,
            device: s.device,
            created_at: s.created_at,
            last_seen_at: s.last_seen_at,
            expires_at: s.expires_at,
        })
        .collect())
}

/// Ends sign-ins of `user_id` and revokes their refresh tokens, audited as `action` by `caller`.
pub async fn end(
    state: &AppState,
    caller: &Caller,
    user_id: Uuid,
    which: sign_ins::Which,
    action: &str,
) -> ApiResult<u64> {
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    if let sign_ins::Which::One(id) = which {
        let own = sign_ins::get(&txn, id)
            .await?
            .is_some_and(|s| s.user_id == user_id);
        if !own {
            return Err(ApiError::NotFound);
        }
    }
    let ended = sign_ins::end(&txn, user_id, which, now).await?;
    // A refresh checks its sign-in too; revoking the tokens keeps the table telling the truth.
    match which {
        sign_ins::Which::One(id) => refresh_tokens::revoke_family(&txn, id, now).await?,
        sign_ins::Which::All => refresh_tokens::revoke_users(&txn, &[user_id], now).await?,
        sign_ins::Which::AllBut(_) => {}
    }
    let entry = crate::db::audit::AuditEntry {
        agency_id: caller.agency_id,
        actor_user_id: Some(caller.user_id),
        action,
        success: true,
        target: Some(("user", user_id)),
        meta: &caller.meta,
        at: now,
    };
    crate::db::audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(ended)
}
