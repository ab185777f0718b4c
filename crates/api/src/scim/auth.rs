//! The identity provider calling `/scim/v2`, known by its SCIM token: `Authorization: Bearer
//! <token>`. The token names the agency; it is refused once revoked or expired. A person's
//! sign-in is not a SCIM token: it is answered 403 (signed in, but not allowed this), any
//! other credential 401.

use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::http::{ScimError, ScimResult};
use crate::app::AppState;
use crate::auth::tokens::sha256_hex;
use crate::db::audit::{self, AuditEntry};
use crate::db::{AgencyScope, agencies, scim::tokens};
use crate::http::RequestMeta;

/// How often a token's last use is written down: it is shown to the minute.
const NOTE_USE_EVERY: time::Duration = time::Duration::minutes(1);

/// Who acts, for the audit log: the login that made the SCIM token (or an admin), or nobody.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: Option<Uuid>,
    pub meta: RequestMeta,
    pub clock: crate::clock::Clock,
}

impl Actor {
    pub async fn audit(
        &self,
        db: &impl ConnectionTrait,
        scope: AgencyScope,
        action: &str,
        target: (&str, Uuid),
    ) -> crate::http::ApiResult<()> {
        let entry = AuditEntry {
            agency_id: Some(scope.id()),
            actor_user_id: self.user,
            action,
            success: true,
            target: Some(target),
            meta: &self.meta,
            at: self.clock.now(),
        };
        Ok(audit::record(db, entry).await?)
    }
}

impl From<&crate::auth::Caller> for Actor {
    fn from(caller: &crate::auth::Caller) -> Self {
        Actor {
            user: Some(caller.user_id),
            meta: caller.meta.clone(),
            clock: caller.clock.clone(),
        }
    }
}

/// An identity provider with a valid SCIM token.
#[derive(Debug, Clone)]
pub struct ScimClient {
    pub token_id: Uuid,
    pub scope: AgencyScope,
    pub actor: Actor,
    /// `https://host/scim/v2`, for the resources' `location`.
    pub base: String,
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|t| !t.is_empty() && t.len() <= 512)
}

async fn authenticate(
    state: Option<web::Data<AppState>>,
    token: Option<String>,
    writes: bool,
    meta: RequestMeta,
    base: String,
) -> ScimResult<ScimClient> {
    let state = state
        .ok_or_else(|| ScimError::new(StatusCode::INTERNAL_SERVER_ERROR, None, "no app state"))?;
    let token = token.ok_or_else(ScimError::unauthenticated)?;
    let now = state.clock.now();
    let found = tokens::by_hash(&state.db, &sha256_hex(&token))
        .await?
        .filter(|t| t.revoked_at.is_none() && t.expires_at.is_none_or(|at| at > now));
    let Some(found) = found else {
        if state.keys.verify_access(&token, now).is_some() {
            return Err(ScimError::new(
                StatusCode::FORBIDDEN,
                None,
                "A person's sign-in cannot provision: send a SCIM token that an agency admin made under Integrations.",
            ));
        }
        return Err(ScimError::unauthenticated());
    };
    let scope = AgencyScope::new(found.agency_id);
    if writes {
        let agency = agencies::get(&state.db, scope).await?;
        if agency.is_some_and(|a| a.cancelled_at.is_some()) {
            return Err(crate::http::ApiError::AgencyReadOnly.into());
        }
    }
    if found
        .last_used_at
        .is_none_or(|at| now - at > NOTE_USE_EVERY)
    {
        // Only what the admin is shown depends on it: a request is not failed for it.
        if let Err(error) = tokens::used(&state.db, found.id, now).await {
            tracing::warn!(?error, "noting a SCIM token's use");
        }
    }
    Ok(ScimClient {
        token_id: found.id,
        scope,
        actor: Actor {
            user: found.created_by,
            meta,
            clock: state.clock.clone(),
        },
        base,
    })
}

impl FromRequest for ScimClient {
    type Error = ScimError;
    type Future = LocalBoxFuture<'static, Result<Self, ScimError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let writes = !req.method().is_safe();
        let meta = RequestMeta::of(req);
        let info = req.connection_info();
        let base = format!("{}://{}/scim/v2", info.scheme(), info.host());
        Box::pin(authenticate(state, token, writes, meta, base))
    }
}
