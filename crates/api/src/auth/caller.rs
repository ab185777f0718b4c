//! The authenticated caller, extracted from a bearer token or the SPA's session cookie, and
//! re-checked against the database on every request (the sign-in, its login and the login's
//! person in one query) so that a sign-out, a deactivation or an ended session takes effect
//! at once.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use confitrek_domain::permissions::Role;
use confitrek_types::PersonStatus;
use futures_util::future::LocalBoxFuture;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use super::api_keys::{self, KeyRequest};
use super::signing_in::ACCESS_COOKIE;
use crate::app::AppState;
use crate::db::audit::{self, AuditEntry};
use crate::db::compliance::Generations;
use crate::db::entity::user;
use crate::db::{AgencyScope, people, sign_ins};
use crate::http::{ApiError, ApiResult, RequestMeta};

#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: Uuid,
    pub email: String,
    pub role: Role,
    pub agency_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    /// Holds the use-of-force review permission (granted per user, not by role).
    pub uof_reviewer: bool,
    /// The sign-in the request was made with.
    pub sign_in_id: Option<Uuid>,
    /// The login has set up two-step sign-in.
    pub mfa_enabled: bool,
    /// Where the agency's stored verdicts stood when the request began, read with the
    /// sign-in (`None` for a key's request): what a kept dashboard is checked against.
    pub verdicts: Option<Generations>,
    pub meta: RequestMeta,
    /// The server's clock, for what the request writes and judges.
    pub clock: crate::clock::Clock,
}

/// A caller who may still have to set up a second factor: what the operations of enrolment,
/// `/me` and signing out take. Every other operation takes [`Caller`], which refuses such a
/// caller with 403 `mfa_enrolment_required`.
pub struct Enrolling(pub Caller);

impl Caller {
    /// A login acting outside any request (the command line, a benchmark): its own role and
    /// agency, no sign-in to check, and no use-of-force review.
    pub fn acting_as(login: &user::Model, clock: crate::clock::Clock) -> Self {
        Caller {
            user_id: login.id,
            email: login.email.clone(),
            role: login.role,
            agency_id: login.agency_id,
            person_id: login.person_id,
            uof_reviewer: false,
            sign_in_id: None,
            mfa_enabled: false,
            verdicts: None,
            meta: RequestMeta::default(),
            clock,
        }
    }

    /// The caller's agency, for repository calls. A platform operator has none.
    pub fn scope(&self) -> ApiResult<AgencyScope> {
        self.agency_id
            .map(AgencyScope::new)
            .ok_or(ApiError::Forbidden)
    }

    /// The person asked about: `given`, or the caller's own person. Whether the caller may
    /// read any agency's records is answered first (403), then a login that is not a person
    /// on the roster must name one (422 on `person_id`).
    pub fn person_or_self(&self, given: Option<Uuid>) -> ApiResult<Uuid> {
        self.scope()?;
        given.or(self.person_id).ok_or_else(|| {
            ApiError::field(
                "person_id",
                "is required (this login is not a person on the roster)",
            )
        })
    }

    /// Records in the audit log that the caller changed `target` in `agency_id`'s data,
    /// within the transaction `db` of the change.
    pub async fn audit(
        &self,
        db: &impl ConnectionTrait,
        agency_id: Uuid,
        action: &str,
        target: (&str, Uuid),
    ) -> ApiResult<()> {
        let entry = AuditEntry {
            agency_id: Some(agency_id),
            actor_user_id: Some(self.user_id),
            action,
            success: true,
            target: Some(target),
            meta: &self.meta,
            at: self.clock.now(),
        };
        Ok(audit::record(db, entry).await?)
    }

    /// Records in the audit log that the caller read or exported `target`, on its own: for
    /// what changes nothing else, so has no transaction of its own to record in.
    pub async fn audit_alone(
        &self,
        db: &DatabaseConnection,
        agency_id: Uuid,
        action: &str,
        target: (&str, Uuid),
    ) -> ApiResult<()> {
        self.audit(db, agency_id, action, target).await
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// Whether this login may be used now: no admin switched it off and, when it is linked to a
/// person, that person is active. Whether it has a password is the password sign-in's
/// question (a login may sign in only through the agency's identity provider); a new
/// password link ends the login's sign-ins itself.
pub async fn may_sign_in(db: &impl ConnectionTrait, user: &user::Model) -> ApiResult<Option<Role>> {
    let person_status = match (user.person_id, user.agency_id) {
        (Some(person_id), Some(agency_id)) => {
            people::get(db, AgencyScope::new(agency_id), person_id)
                .await?
                .map(|p| p.status)
        }
        _ => None,
    };
    Ok(usable_role(user, person_status))
}

/// [`may_sign_in`] given the status of the person the login is linked to, read with it.
fn usable_role(user: &user::Model, person_status: Option<PersonStatus>) -> Option<Role> {
    // A service account acts only through its API keys, never by signing in.
    if user.disabled_at.is_some() || user.service_account {
        return None;
    }
    if user.person_id.is_some() && user.agency_id.is_some() {
        let active = person_status.is_some_and(confitrek_domain::people::may_sign_in);
        if !active {
            return None;
        }
    }
    Some(user.role)
}

/// The caller of the request and whether the sign-in still waits for a second factor.
async fn authenticate(
    state: Option<web::Data<AppState>>,
    token: Option<String>,
    meta: RequestMeta,
) -> ApiResult<(Caller, bool)> {
    let state = state.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no app state")))?;
    let now = state.clock.now();
    let (user_id, sign_in_id) = token
        .and_then(|t| state.keys.verify_access(&t, now))
        .ok_or(ApiError::Unauthenticated)?;
    let sign_ins::Standing {
        sign_in,
        user,
        person_status,
        verdicts,
    } = sign_ins::standing(&state.db, sign_in_id)
        .await?
        .filter(|standing| standing.user.id == user_id)
        .ok_or(ApiError::Unauthenticated)?;
    if !super::sign_ins::stands(&sign_in, now) {
        return Err(ApiError::Unauthenticated);
    }
    let role = usable_role(&user, person_status).ok_or(ApiError::Unauthenticated)?;
    if confitrek_domain::sign_in::worth_noting_use(sign_in.last_seen_at, now) {
        // Only the idle limit depends on it: a request is not failed for it.
        if let Err(error) = sign_ins::seen(&state.db, sign_in.id, now).await {
            tracing::warn!(?error, "noting a sign-in's use");
        }
    }
    let caller = Caller {
        user_id: user.id,
        email: user.email,
        role,
        agency_id: user.agency_id,
        person_id: user.person_id,
        uof_reviewer: user.uof_reviewer,
        sign_in_id: Some(sign_in.id),
        mfa_enabled: user.mfa_secret.is_some(),
        verdicts: Some(verdicts),
        meta,
        clock: state.clock.clone(),
    };
    Ok((caller, sign_in.enrolment_pending))
}

/// The session token of a person's request: a bearer token, or the SPA's cookie.
pub fn session_token(req: &HttpRequest) -> Option<String> {
    bearer(req).or_else(|| req.cookie(ACCESS_COOKIE).map(|c| c.value().to_owned()))
}

/// What a request presents to be known by: a person's session, or another system's key.
enum Credential {
    Session(Option<String>),
    Key(KeyRequest),
}

fn presented(req: &HttpRequest) -> (Option<web::Data<AppState>>, Credential) {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let meta = RequestMeta::of(req);
    let credential = match api_keys::presented(req) {
        Some(key) => Credential::Key(KeyRequest {
            key,
            method: req.method().as_str().to_owned(),
            template: req.match_pattern(),
            meta,
        }),
        None => Credential::Session(session_token(req)),
    };
    (state, credential)
}

/// The caller, and whether its sign-in still waits for a second factor (a key never does).
async fn identify(
    state: Option<web::Data<AppState>>,
    credential: Credential,
    meta: RequestMeta,
) -> ApiResult<(Caller, bool)> {
    match credential {
        Credential::Session(token) => authenticate(state, token, meta).await,
        Credential::Key(request) => {
            let state = state.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no app state")))?;
            Ok((api_keys::authenticate(&state, request).await?, false))
        }
    }
}

/// Whether a request changes something. The export is a POST only so that its passphrase
/// stays out of URLs: it reads.
fn writes(req: &HttpRequest) -> bool {
    let method = req.method();
    !(method.is_safe() || req.path() == "/api/v1/exports")
}

/// A cancelled agency's data can be read and exported, not changed: only writes ask.
async fn refuse_if_read_only(state: &AppState, caller: &Caller) -> ApiResult<()> {
    let Some(agency_id) = caller.agency_id else {
        return Ok(());
    };
    let agency = crate::db::agencies::get(&state.db, AgencyScope::new(agency_id)).await?;
    if agency.is_some_and(|a| a.cancelled_at.is_some()) {
        return Err(ApiError::AgencyReadOnly);
    }
    Ok(())
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let (state, credential) = presented(req);
        let meta = RequestMeta::of(req);
        let writes = writes(req);
        Box::pin(async move {
            let (caller, pending) = identify(state.clone(), credential, meta).await?;
            if pending {
                return Err(ApiError::MfaEnrolmentRequired);
            }
            if writes && let Some(state) = &state {
                refuse_if_read_only(state, &caller).await?;
            }
            Ok(caller)
        })
    }
}

impl FromRequest for Enrolling {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let (state, credential) = presented(req);
        let meta = RequestMeta::of(req);
        Box::pin(async move { Ok(Enrolling(identify(state, credential, meta).await?.0)) })
    }
}
