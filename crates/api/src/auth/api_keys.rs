//! Another system's requests, authenticated by an API key of a service account: the key is
//! found by its public prefix, its secret checked against the stored hash, its account's
//! scopes checked against the operation (see `confitrek_domain::service_accounts`), its rate
//! counted, and every use audited under the account's name.

use actix_web::HttpRequest;
use actix_web::http::header;
use confitrek_domain::service_accounts::{self as rules, ApiScope};

use super::Caller;
use crate::app::AppState;
use crate::db::audit::{self, AuditEntry};
use crate::db::service_accounts;
use crate::http::{ApiError, ApiResult, RequestMeta};

/// The header a key is sent in. `Authorization: Bearer <key>` works as well, for clients
/// that only know bearer tokens.
pub const HEADER: &str = "X-API-Key";

/// The key the request presents, if it presents one rather than a session token.
pub fn presented(req: &HttpRequest) -> Option<String> {
    if let Some(value) = req.headers().get(HEADER) {
        return Some(value.to_str().unwrap_or_default().trim().to_owned());
    }
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && token.starts_with(rules::KEY_START))
        .then(|| token.to_owned())
}

/// What a key's request is: which operation (method and path template), from where.
pub struct KeyRequest {
    pub key: String,
    pub method: String,
    /// The route's template, e.g. `/api/v1/people/{id}`; none for no route.
    pub template: Option<String>,
    pub meta: RequestMeta,
}

/// The caller a key stands for, or why not: 401 for a key that is not one or no longer
/// works, 403 for an operation outside its scopes, 429 past its rate.
pub async fn authenticate(state: &AppState, request: KeyRequest) -> ApiResult<Caller> {
    let presented = rules::parse_key(&request.key).ok_or(ApiError::Unauthenticated)?;
    let (key, account, login) = service_accounts::key_by_prefix(&state.db, presented.prefix)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let hash = super::tokens::sha256_hex(presented.secret);
    if !same(&hash, &key.secret_hash) {
        return Err(ApiError::Unauthenticated);
    }
    let now = state.clock.now();
    let audited = |action: &'static str, success: bool| AuditEntry {
        agency_id: Some(account.agency_id),
        actor_user_id: Some(account.id),
        action,
        success,
        target: Some(("api_key", key.id)),
        meta: &request.meta,
        at: now,
    };
    if rules::key_stands(key.revoked_at, key.expires_at, account.disabled_at, now).is_err() {
        audit::record(&state.db, audited("api_key.refused", false)).await?;
        return Err(ApiError::Unauthenticated);
    }
    let limit = u32::try_from(key.rate_limit_per_minute).unwrap_or(1);
    if let Err(retry_after) = state.key_throttle.take(key.id, limit, now) {
        return Err(ApiError::RateLimited { retry_after });
    }
    let scopes = rules::scopes_from_text(&account.scopes);
    let template = request.template.as_deref().unwrap_or_default();
    if !rules::may_call(&scopes, &request.method, template) {
        audit::record(&state.db, audited("api_key.out_of_scope", false)).await?;
        return Err(ApiError::Forbidden);
    }
    if rules::worth_noting_use(key.last_used_at, now) {
        // Only the admin's view of the key depends on it: a request is not failed for it.
        if let Err(error) = service_accounts::key_used(&state.db, key.id, now).await {
            tracing::warn!(?error, "noting an API key's use");
        }
    }
    audit::record(&state.db, audited("api_key.used", true)).await?;
    Ok(Caller {
        user_id: account.id,
        email: login.email,
        role: login.role,
        agency_id: Some(account.agency_id),
        person_id: None,
        uof_reviewer: scopes.contains(&ApiScope::UseOfForce),
        sign_in_id: None,
        mfa_enabled: false,
        verdicts: None,
        meta: request.meta,
        clock: state.clock.clone(),
    })
}

/// Compares in time that does not depend on where the strings differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}
