//! Signing in through an identity provider: the start (off to the provider with a `state`,
//! a nonce and a PKCE challenge, kept server-side in a single-use row and bound to the
//! browser by a cookie), the callback (the state spent, the code exchanged, the ID token
//! checked, the vouched address matched to a login), ConfiTrek's own second step when it
//! applies, and then the same sign-in a password gives: a sign-in row, session cookies,
//! lockout rules and audit events.
//!
//! Every failure sends the browser back to `/login?sso_error=<code>` and creates nothing.
//! Refusals once the agency is known are audited (`auth.sso_refused.<reason>`); a success is
//! `auth.sso_login`. No code, token or secret is logged.

use confitrek_domain::sign_in::{after_failure, locked_at};
use confitrek_domain::sso::{self as rules, FoundLogin, SecondStep, SignInFor};
use confitrek_types::{Role, TokenResponse};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::oidc::{self, OidcError, ProviderSettings};
use crate::app::AppState;
use crate::auth::caller::may_sign_in;
use crate::auth::tokens::{random_token, sha256_hex};
use crate::db::audit::{self, AuditEntry};
use crate::db::entity::{identity_provider, sso_attempt, user};
use crate::db::identity_providers::{self as repo, NewAttempt, Stage};
use crate::db::{lockouts, users};
use crate::http::{ApiError, ApiResult, RequestMeta};

/// How long the browser has at the provider, and then for ConfiTrek's code.
const AT_PROVIDER: Duration = Duration::minutes(10);
const FOR_CODE: Duration = Duration::minutes(5);
/// Wrong codes after a provider's sign-in before it has to start again.
const CODE_TRIES: i32 = 5;

/// What to do with the browser's sign-in cookie (`ct_sso`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SsoCookie {
    Keep,
    /// Holds the `state` (until the callback) or the code step's token (until the code).
    Set(String, Duration),
    Clear,
}

/// Where the browser goes next.
pub struct Redirect {
    pub location: String,
    pub cookie: SsoCookie,
    /// A completed sign-in: the login's address (to note the device) and its tokens.
    pub signed_in: Option<(String, TokenResponse)>,
}

impl Redirect {
    fn failed(shown: &str) -> Self {
        Redirect {
            location: format!("/login?sso_error={shown}"),
            cookie: SsoCookie::Clear,
            signed_in: None,
        }
    }
}

/// The browser's request, as far as a sign-in notes it.
pub struct Browser<'a> {
    pub user_agent: Option<&'a str>,
    pub meta: &'a RequestMeta,
    /// The value of its `ct_sso` cookie.
    pub cookie: Option<String>,
}

fn settings(
    state: &AppState,
    provider: &identity_provider::Model,
    redirect_uri: String,
) -> ApiResult<Option<ProviderSettings>> {
    let Some(sealed) = &provider.client_secret else {
        return Ok(None);
    };
    let secret = String::from_utf8(state.files.unseal(sealed)?)
        .map_err(|_| anyhow::anyhow!("a sealed client secret is not text"))?;
    Ok(Some(ProviderSettings {
        issuer: provider.issuer.clone(),
        client_id: provider.client_id.clone(),
        client_secret: Some(secret),
        redirect_uri,
        allow_http_loopback: state.config.sso_allow_http_loopback,
    }))
}

/// Sends the browser to the provider to sign in, then back to `next` (a path of the app).
pub async fn start(
    state: &AppState,
    provider_id: Uuid,
    next: Option<String>,
    redirect_uri: String,
) -> ApiResult<Redirect> {
    let now = OffsetDateTime::now_utc();
    repo::forget_expired(&state.db, now).await?;
    let provider = repo::find(&state.db, provider_id)
        .await?
        .filter(|p| p.enabled);
    let Some(provider) = provider else {
        return Ok(Redirect::failed("provider_unavailable"));
    };
    let Some(settings) = settings(state, &provider, redirect_uri.clone())? else {
        tracing::warn!(provider = %provider.id, "identity provider without a client secret");
        return Ok(Redirect::failed("provider_unavailable"));
    };
    let authorization = match oidc::authorization(&settings).await {
        Ok(authorization) => authorization,
        Err(error) => {
            tracing::warn!(provider = %provider.id, ?error, "identity provider unavailable");
            return Ok(Redirect::failed("provider_unavailable"));
        }
    };
    let attempt = NewAttempt {
        agency_id: provider.agency_id,
        provider_id: provider.id,
        key_hash: sha256_hex(&authorization.state),
        stage: Stage::Authorize,
        nonce: Some(authorization.nonce),
        sealed_verifier: Some(state.files.seal(authorization.pkce_verifier.as_bytes())?),
        redirect_uri,
        user_id: None,
        next_path: next.filter(|n| confitrek_types::safe_return_path(n).is_some()),
        expires_at: now + AT_PROVIDER,
    };
    repo::insert_attempt(&state.db, attempt, now).await?;
    Ok(Redirect {
        location: authorization.url,
        cookie: SsoCookie::Set(authorization.state, AT_PROVIDER),
        signed_in: None,
    })
}

/// What the provider sends the browser back with.
#[derive(Debug, Default)]
pub struct Answer {
    pub code: Option<String>,
    pub state: Option<String>,
    /// The provider's error (`access_denied` when the person cancelled).
    pub error: Option<String>,
    /// The issuer of the answer (RFC 9207), when the provider says.
    pub iss: Option<String>,
}

/// Where a refused sign-in came from, for its audit event.
struct Context<'a> {
    provider: &'a identity_provider::Model,
    user: Option<Uuid>,
}

/// Audits the refusal (`reason`) and sends the browser back with the error `shown`.
async fn refuse(
    state: &AppState,
    context: Context<'_>,
    reason: &str,
    shown: &str,
    browser: &Browser<'_>,
) -> ApiResult<Redirect> {
    tracing::info!(provider = %context.provider.id, reason, "single sign-on refused");
    let action = format!("auth.sso_refused.{reason}");
    let entry = AuditEntry {
        agency_id: Some(context.provider.agency_id),
        actor_user_id: context.user,
        action: &action,
        success: false,
        target: Some(match context.user {
            Some(user) => ("user", user),
            None => ("identity_provider", context.provider.id),
        }),
        meta: browser.meta,
    };
    audit::record(&state.db, entry).await?;
    Ok(Redirect::failed(shown))
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The provider sent the browser back: spends the state, exchanges the code, checks the ID
/// token, and signs the vouched address's login in (or asks ConfiTrek's own code first).
pub async fn callback(
    state: &AppState,
    answer: Answer,
    browser: &Browser<'_>,
) -> ApiResult<Redirect> {
    let now = OffsetDateTime::now_utc();
    let Some(returned_state) = answer.state.filter(|s| !s.is_empty() && s.len() <= 512) else {
        return Ok(Redirect::failed("expired"));
    };
    // Unknown, expired or spent: a replayed callback ends here.
    let Some(attempt) = repo::find_attempt(
        &state.db,
        &sha256_hex(&returned_state),
        Stage::Authorize,
        now,
    )
    .await?
    else {
        tracing::info!("single sign-on callback with an unknown or spent state");
        return Ok(Redirect::failed("expired"));
    };
    let provider = repo::find(&state.db, attempt.provider_id).await?;
    let spent = repo::spend_attempt(&state.db, attempt.id).await?;
    let Some(provider) = provider.filter(|_| spent) else {
        return Ok(Redirect::failed("expired"));
    };
    let context = || Context {
        provider: &provider,
        user: None,
    };
    // Begun in another browser: someone sending a victim their own sign-in's callback.
    if !browser
        .cookie
        .as_deref()
        .is_some_and(|c| same(c, &returned_state))
    {
        return refuse(state, context(), "other_browser", "expired", browser).await;
    }
    if let Some(error) = answer.error {
        let (reason, shown) = if error == "access_denied" {
            ("cancelled", "cancelled")
        } else {
            ("provider_error", "provider_unavailable")
        };
        return refuse(state, context(), reason, shown, browser).await;
    }
    // An answer that says it is another issuer's was mixed up (RFC 9207 §2.4).
    if answer
        .iss
        .as_deref()
        .is_some_and(|iss| iss != provider.issuer)
    {
        return refuse(state, context(), "wrong_issuer", "rejected", browser).await;
    }
    let Some(code) = answer.code.filter(|c| !c.is_empty() && c.len() <= 2048) else {
        return refuse(state, context(), "no_code", "rejected", browser).await;
    };
    let unusable = !provider.enabled;
    let settings = settings(state, &provider, attempt.redirect_uri.clone())?;
    let (Some(settings), false) = (settings, unusable) else {
        return refuse(
            state,
            context(),
            "provider_unusable",
            "provider_unavailable",
            browser,
        )
        .await;
    };
    let verifier = String::from_utf8(
        state
            .files
            .unseal(attempt.pkce_verifier.as_deref().unwrap_or_default())?,
    )
    .map_err(|_| anyhow::anyhow!("a sealed PKCE verifier is not text"))?;
    let nonce = attempt.nonce.clone().unwrap_or_default();
    let identity = match oidc::identity(&settings, code, verifier, nonce).await {
        Ok(identity) => identity,
        Err(OidcError::Unavailable(why)) => {
            tracing::warn!(provider = %provider.id, why, "identity provider unavailable");
            return refuse(
                state,
                context(),
                "provider_unavailable",
                "provider_unavailable",
                browser,
            )
            .await;
        }
        Err(OidcError::Rejected(why)) => {
            tracing::warn!(provider = %provider.id, why, "identity provider's answer refused");
            return refuse(state, context(), "token_rejected", "rejected", browser).await;
        }
    };
    let allowed = repo::domains(&provider)
        .iter()
        .filter_map(|d| rules::EmailDomain::parse(d).ok())
        .collect::<Vec<_>>();
    let email =
        match rules::vouched_email(identity.email.as_deref(), identity.email_verified, &allowed) {
            Ok(email) => email,
            Err(refusal) => {
                return refuse(state, context(), refusal.code(), refusal.code(), browser).await;
            }
        };
    sign_in_vouched(state, &provider, &attempt, email.as_str(), browser).await
}

/// Signs in the login of the address the provider vouched for.
async fn sign_in_vouched(
    state: &AppState,
    provider: &identity_provider::Model,
    attempt: &sso_attempt::Model,
    email: &str,
    browser: &Browser<'_>,
) -> ApiResult<Redirect> {
    let now = OffsetDateTime::now_utc();
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
    let target = match rules::sign_in_for(found, provider.agency_id, provider.jit_role) {
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
            create_login(&txn, provider, email, role, browser.meta).await?
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
) -> ApiResult<user::Model> {
    let new = users::NewUser {
        agency_id: Some(provider.agency_id),
        person_id: None,
        email: email.to_owned(),
        role,
        password_hash: None,
        invitation: None,
    };
    let created = users::insert(db, new).await?;
    let entry = AuditEntry {
        agency_id: Some(provider.agency_id),
        actor_user_id: None,
        action: "user.sso_create",
        success: true,
        target: Some(("user", created.id)),
        meta,
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
    let now = OffsetDateTime::now_utc();
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
    let issued = crate::auth::session::issue(db, state, user, sign_in.id, now).await?;
    let entry = AuditEntry {
        agency_id: Some(provider.agency_id),
        actor_user_id: Some(user.id),
        action: "auth.sso_login",
        success: true,
        target: Some(("user", user.id)),
        meta: browser.meta,
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
    let now = OffsetDateTime::now_utc();
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
    let Some(attempt) = repo::find_attempt(&state.db, &key_hash, Stage::Code, now).await? else {
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
        repo::spend_attempt(&state.db, attempt.id).await?;
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
        repo::spend_attempt(&state.db, attempt.id).await?;
        return refuse(state, context(), "locked", "locked", browser).await;
    }
    let txn = crate::db::begin_write(&state.db).await?;
    if crate::auth::mfa::check_code(state, &txn, &user, code, now).await? {
        if !repo::spend_attempt(&txn, attempt.id).await? {
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
    };
    audit::record(&txn, entry).await?;
    let redirect = if let Some(unlocks) = counted.locked {
        crate::auth::session::note_lockout(&txn, state, &user, now, unlocks, browser.meta).await?;
        repo::spend_attempt(&txn, attempt.id).await?;
        Redirect::failed("locked")
    } else if tries >= CODE_TRIES {
        repo::spend_attempt(&txn, attempt.id).await?;
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
