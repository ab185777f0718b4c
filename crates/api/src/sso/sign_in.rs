//! After the provider vouched for an address: the login it belongs to (or one made for it
//! where the agency allows), ConfiTrek's own second step when it applies, and then the same
//! sign-in a password gives: failures forgotten, a sign-in row, tokens, session cookies,
//! lockout rules and audit events.

use confitrek_domain::sign_in::{after_failure, locked_at};
use confitrek_domain::sso::{self as rules, FoundLogin, SecondStep, SignInFor};
use confitrek_types::Role;
use time::{Duration, OffsetDateTime};

use super::flow::{Browser, Context, Redirect, SsoCookie, refuse};
use crate::app::AppState;
use crate::auth::caller::may_sign_in;
use crate::auth::tokens::{random_token, sha256_hex};
use crate::db::audit::{self, AuditEntry};
use crate::db::entity::{identity_provider, sso_attempt, user};
use crate::db::identity_providers::{self as repo, NewAttempt, Stage};
use crate::db::{lockouts, users};
use crate::http::{ApiError, ApiResult, RequestMeta};

/// How long the browser has for ConfiTrek's code after the provider's sign-in.
const FOR_CODE: Duration = Duration::minutes(5);
/// Wrong codes after a provider's sign-in before it has to start again.
const CODE_TRIES: i32 = 5;

/// Signs in the login of the address the provider vouched for.
pub(super) async fn sign_in_vouched(
    state: &AppState,
    provider: &identity_provider::Model,
    attempt: &sso_attempt::Model,
    email: &str,
    browser: &Browser<'_>,
) -> ApiResult<Redirect> {
    let now = state.clock.now();
    let existing = users::find_by_email(&state.db, email).await?;
    let found = match &existing {
        Some(user) => Some(FoundLogin {
            id: user.id,
            agency_id: user.agency_id,
            usable: may_sign_in(&state.db, user).await?.is_some(),
        }),
        None => None,
    };
    let user_id = found
        .filter(|f| f.agency_id == Some(provider.agency_id))
        .map(|f| f.id);
    let context = || Context {
        provider,
        user: user_id,
    };
    let scope = crate::db::AgencyScope::new(provider.agency_id);
    let read_only = crate::db::agencies::get(&state.db, scope)
        .await?
        .is_none_or(|a| a.cancelled_at.is_some());
    let target = match rules::sign_in_for(found, provider.agency_id, provider.jit_role, read_only) {
        Ok(target) => target,
        Err(refusal) => {
            return refuse(state, context(), refusal.code(), refusal.code(), browser).await;
        }
    };
    let key = state.keys.account_key(email);
    if locked_at(lockouts::get(&state.db, &key).await?.as_ref(), now).is_some() {
        return refuse(state, context(), "locked", "locked", browser).await;
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let user = match (target, existing) {
        (SignInFor::Login(_), Some(user)) => user,
        (SignInFor::NewLogin(role), _) => {
            create_login(&txn, provider, email, role, browser.meta, now).await?
        }
        (SignInFor::Login(_), None) => {
            return Err(ApiError::Internal(anyhow::anyhow!(
                "a matched login vanished"
            )));
        }
    };
    let agency = crate::auth::sign_ins::agency_of(&txn, &user).await?;
    let required = crate::auth::sign_ins::mfa_policy(state, agency.as_ref());
    let required = confitrek_domain::sign_in::mfa_required(user.role, required);
    let step = rules::second_step(required, user.mfa_secret.is_some(), provider.provider_mfa);
    let redirect = if step == SecondStep::Code {
        let token = random_token(32);
        let waiting = NewAttempt {
            agency_id: provider.agency_id,
            provider_id: provider.id,
            key_hash: sha256_hex(&token),
            stage: Stage::Code,
            nonce: None,
            sealed_verifier: None,
            redirect_uri: attempt.redirect_uri.clone(),
            user_id: Some(user.id),
            next_path: attempt.next_path.clone(),
            expires_at: now + FOR_CODE,
        };
        repo::insert_attempt(&txn, waiting, now).await?;
        Redirect {
            location: "/login?sso_code=1".into(),
            cookie: SsoCookie::Set(token, FOR_CODE),
            signed_in: None,
        }
    } else {
        let pending = step == SecondStep::Enrol;
        complete(
            &txn,
            state,
            provider,
            &user,
            pending,
            attempt.next_path.clone(),
            browser,
        )
        .await?
    };
    txn.commit().await?;
    Ok(redirect)
}

/// A login made at the first sign-in of a vouched address (the agency's just-in-time rule).
async fn create_login(
    db: &impl sea_orm::ConnectionTrait,
    provider: &identity_provider::Model,
    email: &str,
    role: Role,
    meta: &RequestMeta,
    now: OffsetDateTime,
) -> ApiResult<user::Model> {
    let new = users::NewUser {
        agency_id: Some(provider.agency_id),
        person_id: None,
        email: email.to_owned(),
        role,
        password_hash: None,
        invitation: None,
        service_account: false,
    };
    let created = users::insert(db, new, now).await?;
    let entry = AuditEntry {
        agency_id: Some(provider.agency_id),
        actor_user_id: None,
        action: "user.sso_create",
        success: true,
        target: Some(("user", created.id)),
        meta,
        at: now,
    };
    audit::record(db, entry).await?;
    Ok(created)
}

/// The sign-in itself, as a password's: failures forgotten, a sign-in row, tokens, audited.
async fn complete(
    db: &impl sea_orm::ConnectionTrait,
    state: &AppState,
    provider: &identity_provider::Model,
    user: &user::Model,
    enrolment_pending: bool,
    next: Option<String>,
    browser: &Browser<'_>,
) -> ApiResult<Redirect> {
    let now = state.clock.now();
    let agency = crate::auth::sign_ins::agency_of(db, user).await?;
    lockouts::clear(db, &state.keys.account_key(&user.email)).await?;
    users::signed_in(db, user.id, now).await?;
    let sign_in = crate::auth::sign_ins::begin_pending(
        db,
        user,
        agency.as_ref(),
        browser.user_agent,
        now,
        enrolment_pending,
    )
    .await?;
    let issued = crate::auth::signing_in::issue(db, state, user, sign_in.id, now).await?;
    let entry = AuditEntry {
        agency_id: Some(provider.agency_id),
        actor_user_id: Some(user.id),
        action: "auth.sso_login",
        success: true,
        target: Some(("user", user.id)),
        meta: browser.meta,
        at: now,
    };
    audit::record(db, entry).await?;
    Ok(Redirect {
        location: next.unwrap_or_else(|| "/".into()),
        cookie: SsoCookie::Clear,
        signed_in: Some((user.email.clone(), issued.tokens)),
    })
}

/// ConfiTrek's own code after a provider's sign-in, as the sign-in page's form posts it.
pub async fn second_step(
    state: &AppState,
    code: &str,
    browser: &Browser<'_>,
) -> ApiResult<Redirect> {
    let now = state.clock.now();
    let ip = browser.meta.ip.as_deref().and_then(|ip| ip.parse().ok());
    if state.throttle.retry_after(ip, now).is_some() {
        return Ok(Redirect {
            cookie: SsoCookie::Keep,
            ..Redirect::failed("locked")
        });
    }
    let key_hash = browser
        .cookie
        .as_deref()
        .map(sha256_hex)
        .unwrap_or_default();
    let attempt = repo::find_attempt(&state.db, &key_hash, Stage::Code, now).await?;
    let Some(attempt) = attempt.filter(|a| a.spent_at.is_none()) else {
        return Ok(Redirect::failed("expired"));
    };
    let provider = repo::find(&state.db, attempt.provider_id).await?;
    let user = match attempt.user_id {
        Some(id) => users::get(&state.db, id).await?,
        None => None,
    };
    let (Some(provider), Some(user)) = (provider, user) else {
        return Ok(Redirect::failed("expired"));
    };
    let context = || Context {
        provider: &provider,
        user: Some(user.id),
    };
    if may_sign_in(&state.db, &user).await?.is_none() {
        repo::spend_attempt(&state.db, attempt.id, now).await?;
        return refuse(
            state,
            context(),
            "account_disabled",
            "account_disabled",
            browser,
        )
        .await;
    }
    let key = state.keys.account_key(&user.email);
    let failures = lockouts::get(&state.db, &key).await?;
    if locked_at(failures.as_ref(), now).is_some() {
        repo::spend_attempt(&state.db, attempt.id, now).await?;
        return refuse(state, context(), "locked", "locked", browser).await;
    }
    let txn = crate::db::begin_write(&state.db).await?;
    if crate::auth::mfa::check_code(state, &txn, &user, code, now).await? {
        if !repo::spend_attempt(&txn, attempt.id, now).await? {
            return Ok(Redirect::failed("expired"));
        }
        let redirect = complete(
            &txn,
            state,
            &provider,
            &user,
            false,
            attempt.next_path.clone(),
            browser,
        )
        .await?;
        txn.commit().await?;
        return Ok(redirect);
    }
    // A wrong code counts as a wrong password does, toward the account's lock.
    state.throttle.failed(ip, now);
    let agency = crate::auth::sign_ins::agency_of(&txn, &user).await?;
    let lockout_minutes = agency.as_ref().map_or(Some(15), |a| a.lockout_minutes);
    let counted = after_failure(failures.as_ref(), now, lockout_minutes);
    lockouts::put(&txn, &key, counted).await?;
    let tries = repo::count_failure(&txn, &attempt).await?;
    let action = "auth.sso_refused.wrong_code";
    let entry = AuditEntry {
        agency_id: Some(provider.agency_id),
        actor_user_id: Some(user.id),
        action,
        success: false,
        target: Some(("user", user.id)),
        meta: browser.meta,
        at: now,
    };
    audit::record(&txn, entry).await?;
    let redirect = if let Some(unlocks) = counted.locked {
        crate::auth::signing_in::note_lockout(&txn, state, &user, now, unlocks, browser.meta)
            .await?;
        repo::spend_attempt(&txn, attempt.id, now).await?;
        Redirect::failed("locked")
    } else if tries >= CODE_TRIES {
        repo::spend_attempt(&txn, attempt.id, now).await?;
        Redirect::failed("code_failed")
    } else {
        Redirect {
            location: "/login?sso_code=1&wrong=1".into(),
            cookie: SsoCookie::Keep,
            signed_in: None,
        }
    };
    txn.commit().await?;
    Ok(redirect)
}
