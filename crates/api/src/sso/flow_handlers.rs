//! `/auth/sso/*`: the browser's way through an identity provider. Each answers a redirect
//! (303); failures go back to `/login?sso_error=<code>`. The use cases are in `flow`.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use confitrek_types::{Problem, SsoCodeForm};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::flow::{self, Answer, Browser, Redirect, SsoCookie};
use super::redirect_uri;
use crate::app::AppState;
use crate::auth::signing_in;
use crate::http::request::user_agent;
use crate::http::{ApiError, ApiResult, QueryParams, RequestMeta};

/// The browser's sign-in through a provider: its `state`, then the code step's token. Lax,
/// not Strict: it must come back with the provider's redirect, a navigation from its site.
const SSO_COOKIE: &str = "ct_sso";
const SSO_PATH: &str = "/api/v1/auth/sso";

fn browser<'a>(req: &'a HttpRequest, meta: &'a RequestMeta) -> Browser<'a> {
    Browser {
        user_agent: user_agent(req),
        meta,
        cookie: req.cookie(SSO_COOKIE).map(|c| c.value().to_owned()),
    }
}

/// The redirect, with the cookies it sets and the device of a completed sign-in noted.
async fn respond(
    state: &AppState,
    req: &HttpRequest,
    meta: &RequestMeta,
    redirect: Redirect,
) -> HttpResponse {
    let mut response = HttpResponse::SeeOther();
    let secure = signing_in::secure(state, req);
    match redirect.cookie {
        SsoCookie::Keep => {}
        SsoCookie::Set(value, lasts) => {
            let cookie = Cookie::build(SSO_COOKIE, value)
                .path(SSO_PATH)
                .http_only(true)
                .same_site(SameSite::Lax)
                .secure(secure)
                .max_age(CookieDuration::seconds(lasts.whole_seconds()))
                .finish();
            response.cookie(cookie);
        }
        SsoCookie::Clear => {
            let mut cookie = Cookie::build(SSO_COOKIE, "")
                .path(SSO_PATH)
                .http_only(true)
                .finish();
            cookie.make_removal();
            response.cookie(cookie);
        }
    }
    if let Some((email, tokens)) = &redirect.signed_in {
        for cookie in signing_in::session_cookies(state, req, tokens) {
            response.cookie(cookie);
        }
        let ip = meta.ip.as_deref();
        crate::notifications::login::note_sign_in(state, email, user_agent(req), ip).await;
    }
    response.insert_header(("Location", redirect.location));
    response.insert_header(("Cache-Control", "no-store"));
    response.finish()
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StartQuery {
    /// Where to go once signed in: a path of this app (anything else is ignored).
    #[param(max_length = 2048)]
    next: Option<String>,
}

/// Sign in through one of the agency's identity providers: the browser is sent to the
/// provider (authorization code flow with PKCE and a nonce, kept server-side for 10 minutes
/// and bound to this browser by a cookie), and comes back to `/auth/sso/callback`. An
/// unknown, switched-off or unreachable provider sends it to
/// `/login?sso_error=provider_unavailable`.
#[utoipa::path(
    tag = "sso",
    params(("provider_id" = Uuid, Path, description = "The provider's id, from `/auth/sso/discover`"), StartQuery),
    responses(
        (status = 303, description = "To the provider's sign-in, or back to `/login?sso_error=provider_unavailable`", headers(("Location" = String, description = "Where the browser goes next"))),
        (status = 422, description = "`next` is longer than 2048 characters", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The provider id is not a UUID", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/auth/sso/{provider_id}/start")]
pub async fn start_sso(
    state: web::Data<AppState>,
    req: HttpRequest,
    meta: RequestMeta,
    provider_id: web::Path<Uuid>,
    query: QueryParams<StartQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.0;
    bounded("next", query.next.as_deref(), 2048)?;
    let redirect = flow::start(
        &state,
        provider_id.into_inner(),
        query.next,
        redirect_uri(&req),
    )
    .await?;
    Ok(respond(&state, &req, &meta, redirect).await)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallbackQuery {
    /// The authorization code.
    #[param(max_length = 2048)]
    code: Option<String>,
    /// The `state` the start sent; it works once.
    #[param(max_length = 512)]
    state: Option<String>,
    /// The provider's error, such as `access_denied` when the person cancelled.
    #[param(max_length = 256)]
    error: Option<String>,
    /// The issuer of the answer (RFC 9207); when given it must be the provider's.
    #[param(max_length = 512)]
    iss: Option<String>,
}

/// Where identity providers send the browser back (the redirect URI to register at each).
/// The `state` is spent at once, so a replayed callback is refused; the code is exchanged
/// and the ID token checked (signature, issuer, audience, nonce, expiry); a verified e-mail
/// address of an allowed domain signs in its login of the agency (or, where the agency
/// allows it, a new one). Signed in: session cookies are set and the browser goes to the
/// app, or to `/login?sso_code=1` when the login must still give its authenticator code.
/// Refused: back to `/login?sso_error=<code>`, nothing created.
#[utoipa::path(
    tag = "sso",
    params(CallbackQuery),
    responses(
        (status = 303, description = "Into the app signed in, to `/login?sso_code=1` for the authenticator code, or back to `/login?sso_error=<code>` (`expired`, `cancelled`, `rejected`, `provider_unavailable`, `no_email`, `email_not_verified`, `domain_not_allowed`, `no_account`, `account_disabled`, `locked`)", headers(("Location" = String, description = "Where the browser goes next"))),
        (status = 422, description = "A parameter is longer than any provider sends (each is named)", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/auth/sso/callback")]
pub async fn sso_callback(
    state: web::Data<AppState>,
    req: HttpRequest,
    meta: RequestMeta,
    query: QueryParams<CallbackQuery>,
) -> ApiResult<HttpResponse> {
    let query = query.0;
    bounded("code", query.code.as_deref(), 2048)?;
    bounded("state", query.state.as_deref(), 512)?;
    bounded("error", query.error.as_deref(), 256)?;
    bounded("iss", query.iss.as_deref(), 512)?;
    let answer = Answer {
        code: query.code,
        state: query.state,
        error: query.error,
        iss: query.iss,
    };
    let redirect = flow::callback(&state, answer, &browser(&req, &meta)).await?;
    Ok(respond(&state, &req, &meta, redirect).await)
}

/// ConfiTrek's own second step after a provider's sign-in, from the sign-in page's form
/// (`code`: the authenticator app's code or a recovery code). Right: signed in, to the app.
/// Wrong: back to `/login?sso_code=1&wrong=1`; five wrong codes, or an account locked by
/// them, end the sign-in (`/login?sso_error=code_failed` or `locked`). Without the sign-in's
/// cookie, or after 5 minutes: `/login?sso_error=expired`. A form posted by another site's
/// page is refused.
#[utoipa::path(
    tag = "sso",
    request_body(content = SsoCodeForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 303, description = "Into the app signed in, or back to the sign-in page", headers(("Location" = String, description = "Where the browser goes next"))),
        (status = 400, description = "The form does not read", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Posted by another site's page", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a form (`application/x-www-form-urlencoded`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The `code` is longer than 64 characters", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/sso/code")]
pub async fn sso_code(
    state: web::Data<AppState>,
    req: HttpRequest,
    meta: RequestMeta,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    let form = code_form(&req, &body)?;
    let redirect = super::sign_in::second_step(&state, &form.code, &browser(&req, &meta)).await?;
    Ok(respond(&state, &req, &meta, redirect).await)
}

/// The posted form, refused when it is not a form, comes from another site, or has a code
/// longer than any code is.
fn code_form(req: &HttpRequest, body: &[u8]) -> ApiResult<SsoCodeForm> {
    let form: SsoCodeForm = crate::http::defences::form_from_this_site(req, body)?;
    bounded("code", Some(&form.code), 64)?;
    Ok(form)
}

/// Refuses a parameter longer than the document allows.
fn bounded(name: &str, value: Option<&str>, max: usize) -> ApiResult<()> {
    match value {
        Some(v) if v.len() > max => Err(ApiError::field(
            name,
            format!("must be at most {max} characters"),
        )),
        _ => Ok(()),
    }
}
