//! The agency's sign-in settings.

use confitrek_domain::ValidationErrors;
use confitrek_domain::permissions::Action;
use confitrek_domain::sign_in::{IDLE_MINUTES, LOCKOUT_MINUTES, SESSION_HOURS};
use confitrek_types::SecuritySettings;

use super::Caller;
use crate::access::require;
use crate::app::AppState;
use crate::db::agencies;
use crate::db::entity::agency;
use crate::http::{ApiError, ApiResult};

fn settings(a: &agency::Model) -> SecuritySettings {
    SecuritySettings {
        mfa_for_everyone: a.mfa_for_everyone,
        lockout_minutes: a.lockout_minutes,
        idle_timeout_minutes: a.idle_timeout_minutes,
        session_hours: a.session_hours,
    }
}

pub async fn get(state: &AppState, caller: &Caller) -> ApiResult<SecuritySettings> {
    require(caller, Action::InviteUsers)?;
    let agency = agencies::get(&state.db, caller.scope()?)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(settings(&agency))
}

pub async fn put(
    state: &AppState,
    caller: &Caller,
    new: SecuritySettings,
) -> ApiResult<SecuritySettings> {
    require(caller, Action::InviteUsers)?;
    let scope = caller.scope()?;
    let mut errors = ValidationErrors::default();
    if new
        .lockout_minutes
        .is_some_and(|m| !LOCKOUT_MINUTES.contains(&m))
    {
        errors.push("lockout_minutes", "must be from 1 to 1440 minutes, or null");
    }
    if !IDLE_MINUTES.contains(&new.idle_timeout_minutes) {
        errors.push("idle_timeout_minutes", "must be from 5 to 480 minutes");
    }
    if !SESSION_HOURS.contains(&new.session_hours) {
        errors.push("session_hours", "must be from 1 to 24 hours");
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let updated = agencies::set_security(&txn, scope, &new, caller.clock.now())
        .await?
        .ok_or(ApiError::NotFound)?;
    caller
        .audit(&txn, scope.id(), "agency.security", ("agency", scope.id()))
        .await?;
    txn.commit().await?;
    Ok(settings(&updated))
}
