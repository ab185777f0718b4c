//! Sign-in sessions: login, refresh with rotation, logout, and accepting an invitation.
//!
//! API clients use the bearer access token and the refresh token from the body; the SPA
//! uses the same tokens as HttpOnly, SameSite=Strict cookies and never sees them.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use confitrek_types::TokenResponse;
use time::OffsetDateTime;
use uuid::Uuid;

use super::caller::may_sign_in;
use super::passwords;
use super::tokens::{random_token, sha256_hex};
use crate::app::AppState;
use crate::db::audit::{self, AuditEntry};
use crate::db::entity::user;
use crate::db::{refresh_tokens, users};
use crate::http::{ApiError, ApiResult, RequestMeta};

pub const ACCESS_COOKIE: &str = "ct_access";
pub const REFRESH_COOKIE: &str = "ct_refresh";
/// The refresh cookie is only sent where it is used.
const REFRESH_PATH: &str = "/api/v1/auth";

pub struct Issued {
    pub tokens: TokenResponse,
}

/// Creates a refresh token in `family` and an access token for `user`.
async fn issue(
    db: &impl sea_orm::ConnectionTrait,
    state: &AppState,
    user: &user::Model,
    family: Uuid,
    now: OffsetDateTime,
) -> ApiResult<Issued> {
    let refresh = random_token(32);
    refresh_tokens::insert(
        db,
        user.id,
        family,
        sha256_hex(&refresh),
        now + state.keys.refresh_ttl,
    )
    .await?;
    let access = state.keys.issue_access(user.id, now)?;
    Ok(Issued {
        tokens: TokenResponse {
            access_token: access,
            token_type: "Bearer".into(),
            expires_in: u64::try_from(state.keys.access_ttl.whole_seconds()).unwrap_or(0),
            refresh_token: refresh,
        },
    })
}

pub async fn login(
    state: &AppState,
    email: &str,
    password: String,
    meta: &RequestMeta,
) -> ApiResult<Issued> {
    let email = email.trim().to_lowercase();
    let user = users::find_by_email(&state.db, &email).await?;
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let password_ok = passwords::verify_blocking(password, stored).await;
    let signed_in = match &user {
        Some(u) if password_ok => may_sign_in(&state.db, u).await?.is_some(),
        _ => false,
    };
    let txn = crate::db::begin_write(&state.db).await?;
    let entry = AuditEntry {
        agency_id: user.as_ref().and_then(|u| u.agency_id),
        actor_user_id: user.as_ref().map(|u| u.id),
        action: "auth.login",
        success: signed_in,
        target: user.as_ref().map(|u| ("user", u.id)),
        meta,
    };
    audit::record(&txn, entry).await?;
    let result = match user {
        Some(user) if signed_in => {
            users::signed_in(&txn, user.id, OffsetDateTime::now_utc()).await?;
            issue(
                &txn,
                state,
                &user,
                Uuid::now_v7(),
                OffsetDateTime::now_utc(),
            )
            .await
        }
        _ => Err(ApiError::InvalidCredentials),
    };
    txn.commit().await?;
    result
}

pub async fn refresh(
    state: &AppState,
    token: Option<String>,
    meta: &RequestMeta,
) -> ApiResult<Issued> {
    let token = token.ok_or(ApiError::Unauthenticated)?;
    let now = OffsetDateTime::now_utc();
    let stored = refresh_tokens::find_by_hash(&state.db, &sha256_hex(&token))
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let user = users::get(&state.db, stored.user_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if stored.revoked_at.is_some() || stored.expires_at <= now {
        return Err(ApiError::Unauthenticated);
    }
    let txn = crate::db::begin_write(&state.db).await?;
    if !refresh_tokens::spend(&txn, stored.id, now).await? {
        // A spent token came back: someone holds a copy. End every session of this sign-in.
        refresh_tokens::revoke_family(&txn, stored.family_id, now).await?;
        let entry = AuditEntry {
            agency_id: user.agency_id,
            actor_user_id: Some(user.id),
            action: "auth.refresh_reuse",
            success: false,
            target: Some(("user", user.id)),
            meta,
        };
        audit::record(&txn, entry).await?;
        txn.commit().await?;
        return Err(ApiError::Unauthenticated);
    }
    if may_sign_in(&txn, &user).await?.is_none() {
        return Err(ApiError::Unauthenticated);
    }
    let issued = issue(&txn, state, &user, stored.family_id, now).await?;
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
    let txn = crate::db::begin_write(&state.db).await?;
    refresh_tokens::revoke_family(&txn, stored.family_id, OffsetDateTime::now_utc()).await?;
    let entry = AuditEntry {
        agency_id: user.as_ref().and_then(|u| u.agency_id),
        actor_user_id: Some(stored.user_id),
        action: "auth.logout",
        success: true,
        target: Some(("user", stored.user_id)),
        meta,
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
    passwords::check_policy(&password)?;
    let invalid = || ApiError::field("token", "is not a valid invitation, or it has expired");
    let user = users::find_by_invitation(&state.db, &sha256_hex(token.trim()))
        .await?
        .ok_or_else(invalid)?;
    if user
        .invitation_expires_at
        .is_none_or(|at| at <= OffsetDateTime::now_utc())
    {
        return Err(invalid());
    }
    let hash = passwords::hash_blocking(password).await?;
    let txn = crate::db::begin_write(&state.db).await?;
    let user = users::set_password(&txn, user, hash).await?;
    let entry = AuditEntry {
        agency_id: user.agency_id,
        actor_user_id: Some(user.id),
        action: "user.accept_invite",
        success: true,
        target: Some(("user", user.id)),
        meta,
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
    let form_type = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            m.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !form_type {
        return Err(ApiError::UnsupportedMediaType);
    }
    // Another site's page would sign a visitor in to the wrong account.
    if !crate::http::defences::from_this_site(req) {
        return Err(ApiError::Forbidden);
    }
    let form: confitrek_types::LoginForm = serde_urlencoded::from_bytes(body)
        .map_err(|e| ApiError::Malformed(format!("the form does not read: {e}")))?;
    let next = form
        .next
        .as_deref()
        .and_then(confitrek_types::safe_return_path)
        .map(str::to_owned);
    match login(state, &form.email, form.password, meta).await {
        Ok(issued) => Ok((
            next.unwrap_or_else(|| "/".into()),
            Some((form.email, issued.tokens)),
        )),
        Err(ApiError::InvalidCredentials) => {
            let back = match next {
                Some(next) => format!("/login?failed=1&next={}", urlencoding(&next)),
                None => "/login?failed=1".into(),
            };
            Ok((back, None))
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

fn secure(state: &AppState, req: &HttpRequest) -> bool {
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
