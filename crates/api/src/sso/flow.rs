//! Signing in through an identity provider: the start (off to the provider with a `state`,
//! a nonce and a PKCE challenge, kept server-side in a single-use row and bound to the
//! browser by a cookie) and the callback (the state spent, the code exchanged, the ID token
//! checked, the address vouched for taken). What follows, up to the same sign-in a password
//! gives, is in `sign_in`.
//!
//! Every failure sends the browser back to `/login?sso_error=<code>` and creates nothing.
//! Refusals once the agency is known are audited (`auth.sso_refused.<reason>`); a success is
//! `auth.sso_login`. No code, token or secret is logged.

use confitrek_domain::sso as rules;
use confitrek_types::TokenResponse;
use time::Duration;
use uuid::Uuid;

use super::oidc::{self, OidcError, ProviderSettings};
use crate::app::AppState;
use crate::auth::tokens::sha256_hex;
use crate::db::audit::{self, AuditEntry};
use crate::db::entity::identity_provider;
use crate::db::identity_providers::{self as repo, NewAttempt, Stage};
use crate::http::{ApiResult, RequestMeta};

/// How long the browser has at the provider.
const AT_PROVIDER: Duration = Duration::minutes(10);

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
    pub(super) fn failed(shown: &str) -> Self {
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
    let now = state.clock.now();
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
pub(super) struct Context<'a> {
    pub provider: &'a identity_provider::Model,
    pub user: Option<Uuid>,
}

/// Audits the refusal (`reason`) and sends the browser back with the error `shown`.
pub(super) async fn refuse(
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
        at: state.clock.now(),
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
    let now = state.clock.now();
    let Some(returned_state) = answer.state.filter(|s| !s.is_empty() && s.len() <= 512) else {
        return Ok(Redirect::failed("expired"));
    };
    let Some(attempt) = repo::find_attempt(
        &state.db,
        &sha256_hex(&returned_state),
        Stage::Authorize,
        now,
    )
    .await?
    else {
        tracing::info!("single sign-on callback with an unknown or expired state");
        return Ok(Redirect::failed("expired"));
    };
    let Some(provider) = repo::find(&state.db, attempt.provider_id).await? else {
        return Ok(Redirect::failed("expired"));
    };
    let context = || Context {
        provider: &provider,
        user: None,
    };
    // A replayed callback ends here, even one racing the first.
    if attempt.spent_at.is_some() || !repo::spend_attempt(&state.db, attempt.id, now).await? {
        return refuse(state, context(), "replayed", "expired", browser).await;
    }
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
    super::sign_in::sign_in_vouched(state, &provider, &attempt, email.as_str(), browser).await
}
