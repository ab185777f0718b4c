//! Two-step sign-in, "my sessions", and the agency's sign-in settings.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_types::{
    MfaCode, MfaEnrolment, MfaStatus, Problem, RecoveryCodes, SecuritySettings, SignInDto,
};
use uuid::Uuid;

use super::{Caller, Enrolling, mfa, sign_ins};
use crate::app::AppState;
use crate::db::sign_ins::Which;
use crate::http::{ApiError, ApiResult, JsonBody};

/// The caller's two-step sign-in: set up or not, required or not, recovery codes left.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, body = MfaStatus),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/auth/mfa")]
pub async fn mfa_status(
    state: web::Data<AppState>,
    caller: Enrolling,
) -> ApiResult<web::Json<MfaStatus>> {
    Ok(web::Json(mfa::status(&state, &caller.0).await?))
}

/// Start setting up two-step sign-in: a new secret for an authenticator app, as a QR code
/// and as text. It takes effect once a code from it is confirmed; starting again replaces it.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, body = MfaEnrolment),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already set up; an admin can reset it", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/mfa/enrolment")]
pub async fn start_mfa(
    state: web::Data<AppState>,
    caller: Enrolling,
) -> ApiResult<web::Json<MfaEnrolment>> {
    Ok(web::Json(mfa::start(&state, &caller.0).await?))
}

/// Confirm two-step sign-in with the code the app shows: answers 10 recovery codes, shown
/// this once. The caller's other sessions end.
#[utoipa::path(
    tag = "auth",
    request_body = MfaCode,
    responses(
        (status = 200, body = RecoveryCodes),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not the app's current code, or no setup started (field `code`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/mfa/enrolment/confirm")]
pub async fn confirm_mfa(
    state: web::Data<AppState>,
    caller: Enrolling,
    body: JsonBody<MfaCode>,
) -> ApiResult<web::Json<RecoveryCodes>> {
    Ok(web::Json(
        mfa::confirm(&state, &caller.0, &body.code).await?,
    ))
}

/// The caller's sessions that have not ended, newest first (at most 50).
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, body = Vec<SignInDto>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/auth/sessions")]
pub async fn my_sessions(
    state: web::Data<AppState>,
    caller: Enrolling,
) -> ApiResult<web::Json<Vec<SignInDto>>> {
    Ok(web::Json(sign_ins::list_mine(&state, &caller.0).await?))
}

/// End one of the caller's sessions: that browser or client is refused at its next request.
#[utoipa::path(
    tag = "auth",
    params(("id" = Uuid, Path, description = "The session's id")),
    responses(
        (status = 204, description = "Ended"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a session of the caller", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/auth/sessions/{id}")]
pub async fn end_my_session(
    state: web::Data<AppState>,
    caller: Enrolling,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let caller = caller.0;
    let which = Which::One(id.into_inner());
    sign_ins::end(&state, &caller, caller.user_id, which, "auth.end_session").await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sign out everywhere else: every session of the caller but this one ends.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 204, description = "The other sessions ended"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/sessions/end-others")]
pub async fn end_other_sessions(
    state: web::Data<AppState>,
    caller: Enrolling,
) -> ApiResult<HttpResponse> {
    let caller = caller.0;
    let current = caller.sign_in_id.ok_or(ApiError::Unauthenticated)?;
    let which = Which::AllBut(current);
    sign_ins::end(
        &state,
        &caller,
        caller.user_id,
        which,
        "auth.end_other_sessions",
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// How the agency's logins sign in (agency admins).
#[utoipa::path(
    tag = "agencies",
    responses(
        (status = 200, body = SecuritySettings),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/agencies/current/security")]
pub async fn security_settings(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<SecuritySettings>> {
    Ok(web::Json(super::settings::get(&state, &caller).await?))
}

/// Change how the agency's logins sign in (agency admins): two-step sign-in for everyone,
/// the lockout's length (null: until an admin releases it), the idle and absolute session
/// limits (they apply to sessions begun afterwards). Audited.
#[utoipa::path(
    tag = "agencies",
    request_body = SecuritySettings,
    responses(
        (status = 200, body = SecuritySettings),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value out of its bounds, named", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/agencies/current/security")]
pub async fn update_security_settings(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<SecuritySettings>,
) -> ApiResult<web::Json<SecuritySettings>> {
    Ok(web::Json(
        super::settings::put(&state, &caller, body.into_inner()).await?,
    ))
}
