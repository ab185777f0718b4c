//! Signing in: login, refresh with rotation, logout, and accepting an invitation (the
//! sign-ins themselves, listed and ended, are `sign_ins`).
//!
//! API clients use the bearer access token and the refresh token from the body; the SPA
//! uses the same tokens as HttpOnly, SameSite=Strict cookies and never sees them.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use confitrek_types::TokenResponse;
use time::OffsetDateTime;
use uuid::Uuid;

use confitrek_domain::sign_in::{after_failure, locked_at};

use super::caller::may_sign_in;
use super::tokens::{random_token, sha256_hex};
use super::{mfa, passwords};
use crate::app::AppState;
use crate::db::audit::{self, AuditEntry};
use crate::db::entity::user;
use crate::db::{lockouts, refresh_tokens, sign_ins, users};
use crate::http::{ApiError, ApiResult, RequestMeta};

pub const ACCESS_COOKIE: &str = "ct_access";
pub const REFRESH_COOKIE: &str = "ct_refresh";
/// The refresh cookie is only sent where it is used.
const REFRESH_PATH: &str = "/api/v1/auth";

pub struct Issued {
    pub tokens: TokenResponse,
}

/// Creates a refresh token in the sign-in's family and an access token naming the sign-in.
pub(crate) async fn issue(
    db: &impl sea_orm::ConnectionTrait,
    state: &AppState,
    user: &user::Model,
    sign_in: Uuid,
    now: OffsetDateTime,
) -> ApiResult<Issued> {
    let refresh = random_token(32);
    refresh_tokens::insert(
        db,
        user.id,
        sign_in,
        sha256_hex(&refresh),
        now + state.keys.refresh_ttl,
        now,
    )
    .await?;
    let access = state.keys.issue_access(user.id, sign_in, now)?;
    Ok(Issued {
        tokens: TokenResponse {
            access_token: access,
            token_type: "Bearer".into(),
            expires_in: u64::try_from(state.keys.access_ttl.whole_seconds()).unwrap_or(0),
            refresh_token: refresh,
        },
    })
}

/// What a sign-in presents.
pub struct Credentials {
    pub email: String,
    pub password: String,
    pub code: Option<String>,
}

/// How a sign-in went, before anything is written.
enum Outcome {
    SignedIn,
    /// Wrong email or password, or a login that may not sign in.
    Wrong,
    /// The password was right; the second factor is missing (`None`) or wrong.
    NeedsCode(Option<String>),
}

pub async fn login(
    state: &AppState,
    credentials: Credentials,
    user_agent: Option<&str>,
    meta: &RequestMeta,
) -> ApiResult<Issued> {
    let now = state.clock.now();
    let ip = meta.ip.as_deref().and_then(|ip| ip.parse().ok());
    if let Some(retry_after) = state.throttle.retry_after(ip, now) {
        return Err(ApiError::TooManyAttempts { retry_after });
    }
    let email = credentials.email.trim().to_lowercase();
    let key = state.keys.account_key(&email);
    let failures = lockouts::get(&state.db, &key).await?;
    if let Some(unlocks) = locked_at(failures.as_ref(), now) {
        return Err(locked(unlocks, now));
    }
    let user = users::find_by_email(&state.db, &email).await?;
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let password_ok = passwords::verify_blocking(credentials.password, stored).await;
    let agency = match &user {
        Some(u) => super::sign_ins::agency_of(&state.db, u).await?,
        None => None,
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let outcome = match &user {
        Some(u)
            if password_ok
                && u.password_hash.is_some()
                && may_sign_in(&txn, u).await?.is_some() =>
        {
            match (&u.mfa_secret, credentials.code.as_deref()) {
                (None, _) => Outcome::SignedIn,
                (Some(_), None) => Outcome::NeedsCode(None),
                (Some(_), Some(code)) if mfa::check_code(state, &txn, u, code, now).await? => {
                    Outcome::SignedIn
                }
                (Some(_), Some(_)) => Outcome::NeedsCode(Some(
                    "is not the code your app shows now, or was already used".into(),
                )),
            }
        }
        _ => Outcome::Wrong,
    };
    let entry = AuditEntry {
        agency_id: user.as_ref().and_then(|u| u.agency_id),
        actor_user_id: user.as_ref().map(|u| u.id),
        action: "auth.login",
        success: matches!(outcome, Outcome::SignedIn),
        target: user.as_ref().map(|u| ("user", u.id)),
        meta,
        at: now,
    };
    audit::record(&txn, entry).await?;
    let result = match (outcome, user) {
        (Outcome::SignedIn, Some(user)) => {
            lockouts::clear(&txn, &key).await?;
            users::signed_in(&txn, user.id, now).await?;
            let sign_in =
                super::sign_ins::begin(&txn, state, &user, agency.as_ref(), user_agent, now)
                    .await?;
            issue(&txn, state, &user, sign_in.id, now).await
        }
        (Outcome::NeedsCode(None), _) => Err(ApiError::MfaRequired(
            "Enter the 6-digit code of your authenticator app, or a recovery code.".into(),
        )),
        (outcome, user) => {
            state.throttle.failed(ip, now);
            let lockout_minutes = agency.as_ref().map_or(Some(15), |a| a.lockout_minutes);
            let counted = after_failure(failures.as_ref(), now, lockout_minutes);
            lockouts::put(&txn, &key, counted).await?;
            match counted.locked {
                Some(unlocks) => {
                    if let Some(user) = &user {
                        note_lockout(&txn, state, user, now, unlocks, meta).await?;
                    }
                    Err(locked(unlocks, now))
                }
                None => match outcome {
                    Outcome::NeedsCode(Some(message)) => Err(ApiError::MfaRequired(message)),
                    _ => Err(ApiError::InvalidCredentials),
                },
            }
        }
    };
    txn.commit().await?;
    result
}

fn locked(unlocks: Option<OffsetDateTime>, now: OffsetDateTime) -> ApiError {
    ApiError::AccountLocked {
        retry_after: unlocks
            .map(|at| u64::try_from((at - now).whole_seconds().max(1)).unwrap_or(1)),
    }
}

/// Audits the lock and tells the login's owner, in the app and by email.
pub(crate) async fn note_lockout(
    db: &impl sea_orm::ConnectionTrait,
    state: &AppState,
    user: &user::Model,
    now: OffsetDateTime,
    unlocks: Option<OffsetDateTime>,
    meta: &RequestMeta,
) -> ApiResult<()> {
    let entry = AuditEntry {
        agency_id: user.agency_id,
        actor_user_id: None,
        action: "auth.lockout",
        success: true,
        target: Some(("user", user.id)),
        meta,
        at: now,
    };
    audit::record(db, entry).await?;
    let Some(agency_id) = user.agency_id else {
        return Ok(());
    };
    let stamp = |at: OffsetDateTime| {
        at.format(time::macros::format_description!(
            "[year]-[month]-[day] [hour]:[minute] UTC"
        ))
        .unwrap_or_default()
    };
    let event = confitrek_domain::notifications::lockout_alert(
        user.id,
        &stamp(now),
        unlocks.map(stamp).as_deref(),
    );
    crate::db::notifications::insert_once(
        db,
        crate::db::AgencyScope::new(agency_id),
        crate::db::notifications::NewNotification::of(
            user.id,
            event,
            state.config.smtp_url.is_some(),
        ),
        now,
    )
    .await?;
    Ok(())
}

pub async fn refresh(
    state: &AppState,
    token: Option<String>,
    meta: &RequestMeta,
) -> ApiResult<Issued> {
    let token = token.ok_or(ApiError::Unauthenticated)?;
    let now = state.clock.now();
    let stored = refresh_tokens::find_by_hash(&state.db, &sha256_hex(&token))
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let sign_ins::Standing { sign_in, user, .. } = sign_ins::standing(&state.db, stored.family_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if stored.revoked_at.is_some() || stored.expires_at <= now {
        return Err(ApiError::Unauthenticated);
    }
    let txn = crate::db::begin_write(&state.db).await?;
    if !refresh_tokens::spend(&txn, stored.id, now).await? {
        // A spent token came back: someone holds a copy. End the sign-in.
        refresh_tokens::revoke_family(&txn, stored.family_id, now).await?;
        sign_ins::end(&txn, user.id, sign_ins::Which::One(sign_in.id), now).await?;
        let entry = AuditEntry {
            agency_id: user.agency_id,
            actor_user_id: Some(user.id),
            action: "auth.refresh_reuse",
            success: false,
            target: Some(("user", user.id)),
            meta,
            at: now,
        };
        audit::record(&txn, entry).await?;
        txn.commit().await?;
        return Err(ApiError::Unauthenticated);
    }
    if !super::sign_ins::stands(&sign_in, now) || may_sign_in(&txn, &user).await?.is_none() {
        return Err(ApiError::Unauthenticated);
    }
    sign_ins::seen(&txn, sign_in.id, now).await?;
    let issued = issue(&txn, state, &user, sign_in.id, now).await?;
    txn.commit().await?;
    Ok(issued)
}

/// Ends the sign-in the refresh token belongs to. Succeeds whatever it is given.
pub async fn logout(state: &AppState, token: Option<String>, meta: &RequestMeta) -> ApiResult<()> {
    let Some(token) = token else { return Ok(()) };
    let Some(stored) = refresh_tokens::find_by_hash(&state.db, &sha256_hex(&token)).await? else {
        return Ok(());
    };
    let user = users::get(&state.db, stored.user_id).await?;
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    refresh_tokens::revoke_family(&txn, stored.family_id, now).await?;
    sign_ins::end(
        &txn,
        stored.user_id,
        sign_ins::Which::One(stored.family_id),
        now,
    )
    .await?;
    let entry = AuditEntry {
        agency_id: user.as_ref().and_then(|u| u.agency_id),
        actor_user_id: Some(stored.user_id),
        action: "auth.logout",
        success: true,
        target: Some(("user", stored.user_id)),
        meta,
        at: now,
    };
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn accept_invite(
    state: &AppState,
    token: &str,
    password: String,
    meta: &RequestMeta,
) -> ApiResult<()> {
    let invalid = || ApiError::field("token", "is not a valid invitation, or it has expired");
    let user = users::find_by_invitation(&state.db, &sha256_hex(token.trim()))
        .await?
        .ok_or_else(invalid)?;
    let now = state.clock.now();
    if user.invitation_expires_at.is_none_or(|at| at <= now) {
        return Err(invalid());
    }
    let agency = super::sign_ins::agency_of(&state.db, &user).await?;
    let agency_name = agency.as_ref().map_or("", |a| a.name.as_str());
    passwords::check_policy(&password, &[user.email.as_str(), agency_name])?;
    let hash = passwords::hash_blocking(password).await?;
    let txn = crate::db::begin_write(&state.db).await?;
    let user = users::set_password(&txn, user, hash, now).await?;
    // A new password ends every sign-in made with the old one.
    sign_ins::end(&txn, user.id, sign_ins::Which::All, now).await?;
    refresh_tokens::revoke_users(&txn, &[user.id], now).await?;
    let entry = AuditEntry {
        agency_id: user.agency_id,
        actor_user_id: Some(user.id),
        action: "user.accept_invite",
        success: true,
        target: Some(("user", user.id)),
        meta,
        at: now,
    };
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// Signs in from the sign-in form the server's page holds until the web app has loaded:
/// where to send the browser, with the email and the session's tokens when it signed in
/// (else back to the sign-in page, told it failed).
pub async fn login_from_form(
    state: &AppState,
    req: &HttpRequest,
    meta: &RequestMeta,
    body: &[u8],
) -> ApiResult<(String, Option<(String, TokenResponse)>)> {
    let form: confitrek_types::LoginForm = crate::http::defences::form_from_this_site(req, body)?;
    let next = form
        .next
        .as_deref()
        .and_then(confitrek_types::safe_return_path)
        .map(str::to_owned);
    let credentials = Credentials {
        email: form.email.clone(),
        password: form.password,
        code: form.code.filter(|c| !c.trim().is_empty()),
    };
    let user_agent = crate::http::request::user_agent(req);
    // Back to the sign-in page, told why (the page's own form shows it).
    let back = |why: &str| match &next {
        Some(next) => format!("/login?{why}&next={}", urlencoding(next)),
        None => format!("/login?{why}"),
    };
    match login(state, credentials, user_agent, meta).await {
        Ok(issued) => Ok((
            next.clone().unwrap_or_else(|| "/".into()),
            Some((form.email, issued.tokens)),
        )),
        Err(ApiError::InvalidCredentials) => Ok((back("failed=1"), None)),
        Err(ApiError::MfaRequired(_)) => Ok((back("code=1"), None)),
        Err(ApiError::AccountLocked { .. } | ApiError::TooManyAttempts { .. }) => {
            Ok((back("locked=1"), None))
        }
        Err(other) => Err(other),
    }
}

/// `text` as a query value: everything but unreserved characters and `/` escaped.
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub(crate) fn secure(state: &AppState, req: &HttpRequest) -> bool {
    state
        .config
        .cookie_secure
        .unwrap_or_else(|| req.connection_info().scheme() == "https")
}

pub fn session_cookies(
    state: &AppState,
    req: &HttpRequest,
    tokens: &TokenResponse,
) -> [Cookie<'static>; 2] {
    let secure = secure(state, req);
    let access = Cookie::build(ACCESS_COOKIE, tokens.access_token.clone())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(CookieDuration::seconds(
            state.keys.access_ttl.whole_seconds(),
        ))
        .finish();
    let refresh = Cookie::build(REFRESH_COOKIE, tokens.refresh_token.clone())
        .path(REFRESH_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(CookieDuration::seconds(
            state.keys.refresh_ttl.whole_seconds(),
        ))
        .finish();
    [access, refresh]
}

pub fn cleared_cookies() -> [Cookie<'static>; 2] {
    let mut access = Cookie::build(ACCESS_COOKIE, "")
        .path("/")
        .http_only(true)
        .finish();
    access.make_removal();
    let mut refresh = Cookie::build(REFRESH_COOKIE, "")
        .path(REFRESH_PATH)
        .http_only(true)
        .finish();
    refresh.make_removal();
    [access, refresh]
}
