//! `/auth/*` and `/me`.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use confitrek_types::{
    AcceptInviteRequest, LoginForm, LoginRequest, Me, Problem, RefreshRequest, TokenResponse,
};

use super::Enrolling;
use super::signing_in::{self, REFRESH_COOKIE};
use crate::agencies::summary;
use crate::app::AppState;
use crate::db::agencies;
use crate::http::request::user_agent;
use crate::http::{ApiResult, JsonBody, RequestMeta};
use crate::notifications::login::note_sign_in;

/// Sign in with email and password, and the authenticator code when the login uses
/// two-step sign-in.
///
/// Returns tokens for API clients and sets HttpOnly session cookies for the web app. A failed
/// sign-in does not say whether the email or the password was wrong. Five wrong passwords
/// in 15 minutes lock the account (for the agency's lockout minutes, or until an admin
/// releases it), whether or not it exists.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong email or password (`invalid_credentials`), or the login uses two-step sign-in and the `code` is missing or wrong (`mfa_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or has the wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed sign-ins from this address (`too_many_attempts`), or the account is locked after 5 wrong passwords in 15 minutes (`account_locked`); `Retry-After` gives the seconds to wait when the lock ends by itself", body = Problem, content_type = "application/problem+json", headers(("Retry-After" = u64, description = "Seconds until a sign-in may be tried again"))),
    ),
    security(())
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    meta: RequestMeta,
    body: JsonBody<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let LoginRequest {
        email,
        password,
        code,
    } = body.into_inner();
    let user_agent = user_agent(&req);
    let credentials = signing_in::Credentials {
        email: email.clone(),
        password,
        code,
    };
    let issued = signing_in::login(&state, credentials, user_agent, &meta).await?;
    note_sign_in(&state, &email, user_agent, meta.ip.as_deref()).await;
    respond_with_session(&state, &req, issued.tokens)
}

/// Sign in from the sign-in form of the page the server sends before the web app has loaded
/// (`email`, `password`, and `next`, a path of this app). Signed in: the session cookies are
/// set and the browser is sent to `next` or `/`; a wrong email or password sends it back to
/// `/login?failed=1`. A form posted by another site's page (its `Origin`) is refused.
#[utoipa::path(
    tag = "auth",
    request_body(content = LoginForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "To `next` (or `/`) signed in, or back to `/login?failed=1` (wrong email or password), `/login?code=1` (the authenticator code is needed or was wrong) or `/login?locked=1` (too many attempts)", headers(("Location" = String, description = "Where the browser goes next"))),
        (status = 400, description = "The form does not read", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Posted by another site's page", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a form (`application/x-www-form-urlencoded`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/login-form")]
pub async fn login_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    meta: RequestMeta,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let (location, signed_in) = signing_in::login_from_form(&state, &req, &meta, &body).await?;
    let mut response = HttpResponse::SeeOther();
    if let Some((email, tokens)) = &signed_in {
        for cookie in signing_in::session_cookies(&state, &req, tokens) {
            response.cookie(cookie);
        }
        note_sign_in(&state, email, user_agent(&req), meta.ip.as_deref()).await;
    }
    response.insert_header(("Location", location));
    response.insert_header(("Cache-Control", "no-store"));
    Ok(response.finish())
}

/// Exchange a refresh token (from the body or the session cookie) for a new pair.
///
/// Each refresh token works once. Presenting a spent one revokes every token of that sign-in.
#[utoipa::path(
    tag = "auth",
    request_body(content = Option<RefreshRequest>, description = "Omit the body to use the refresh cookie"),
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 401, description = "The refresh token is unknown, spent, revoked or expired", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    meta: RequestMeta,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let token = presented_refresh_token(&req, &body)?;
    let issued = signing_in::refresh(&state, token, &meta).await?;
    respond_with_session(&state, &req, issued.tokens)
}

/// Sign out: revokes the refresh token's sign-in and clears the cookies.
#[utoipa::path(
    tag = "auth",
    request_body(content = Option<RefreshRequest>, description = "Omit the body to use the refresh cookie"),
    responses((status = 204, description = "Signed out")),
    security(())
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    meta: RequestMeta,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let token = presented_refresh_token(&req, &body)?;
    signing_in::logout(&state, token, &meta).await?;
    let mut response = HttpResponse::NoContent();
    for cookie in signing_in::cleared_cookies() {
        response.cookie(cookie);
    }
    Ok(response.finish())
}

/// Set a password with the one-time token of an invitation.
#[utoipa::path(
    tag = "auth",
    request_body = AcceptInviteRequest,
    responses(
        (status = 204, description = "Password set; sign in with it"),
        (status = 422, description = "Invalid or expired token, or a password that is too short", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/accept-invite")]
pub async fn accept_invite(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: JsonBody<AcceptInviteRequest>,
) -> ApiResult<HttpResponse> {
    let AcceptInviteRequest { token, password } = body.into_inner();
    signing_in::accept_invite(&state, &token, password, &meta).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in user, role and agency.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, body = Me),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, caller: Enrolling) -> ApiResult<web::Json<Me>> {
    let caller = caller.0;
    let agency = match caller.agency_id {
        Some(_) => agencies::get(&state.db, caller.scope()?).await?,
        None => None,
    };
    let uof_enabled = agency.as_ref().is_some_and(crate::uof::enabled);
    Ok(web::Json(Me {
        user_id: caller.user_id,
        email: caller.email,
        role: caller.role,
        agency: agency.as_ref().map(summary),
        person_id: caller.person_id,
        uof_enabled,
        uof_reviewer: uof_enabled && caller.uof_reviewer,
        today: agency.as_ref().map(|a| state.clock.today_in(&a.time_zone)),
        mfa_enabled: caller.mfa_enabled,
        mfa_required: confitrek_domain::sign_in::mfa_required(
            caller.role,
            super::sign_ins::mfa_policy(&state, agency.as_ref()),
        ),
    }))
}

/// The refresh token from a JSON body, or else from the cookie. An empty body, or `null`,
/// is allowed.
fn presented_refresh_token(req: &HttpRequest, body: &[u8]) -> ApiResult<Option<String>> {
    let from_body = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        crate::http::json::parse_json::<Option<RefreshRequest>>(body)?.and_then(|b| b.refresh_token)
    };
    Ok(from_body.or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned())))
}

fn respond_with_session(
    state: &AppState,
    req: &HttpRequest,
    tokens: TokenResponse,
) -> ApiResult<HttpResponse> {
    let mut response = HttpResponse::Ok();
    for cookie in signing_in::session_cookies(state, req, &tokens) {
        response.cookie(cookie);
    }
    response.insert_header(("Cache-Control", "no-store"));
    Ok(response.json(tokens))
}
