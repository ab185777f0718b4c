//! `/users`.

use actix_web::{HttpResponse, get, post, put, web};
use confitrek_domain::people::Email;
use confitrek_domain::permissions::{Action, LoginChange};
use confitrek_types::{
    InviteUserRequest, Page, Problem, RoleInput, UofAccessInput, UserDto, UserInvited,
};
use uuid::Uuid;

use super::{service, user_dto};
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::pagination::ListQuery;
use crate::http::{ApiError, ApiResult, JsonBody, QueryParams};

/// Invite a user to the caller's agency (agency admins only).
///
/// The response holds a one-time invitation token; the user sets a password with it.
#[utoipa::path(
    tag = "users",
    request_body = InviteUserRequest,
    responses(
        (status = 201, body = UserInvited),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users")]
pub async fn invite_user(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<InviteUserRequest>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::InviteUsers)?;
    let req = body.into_inner();
    let email = Email::parse(&req.email).map_err(|e| ApiError::field("email", e.to_string()))?;
    let invited =
        service::invite_to_agency(&state.db, &caller, email, req.role, req.person_id).await?;
    Ok(HttpResponse::Created().json(UserInvited {
        user: user_dto(invited.user),
        invitation_token: invited.token,
        expires_at: invited.expires_at,
    }))
}

/// Grant or take back a login's use-of-force review permission (agency admins of agencies
/// with the module): reading every incident, reviewing, closing, amending and exporting.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "The login's id")),
    request_body = UofAccessInput,
    responses(
        (status = 200, body = UserDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/users/{id}/uof-access")]
pub async fn set_uof_access(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<UofAccessInput>,
) -> ApiResult<web::Json<UserDto>> {
    let user = service::set_uof_review(&state.db, &caller, id.into_inner(), body.reviewer).await?;
    Ok(web::Json(user_dto(user)))
}

/// The agency's logins (agency admins only).
#[utoipa::path(tag = "users", params(ListQuery), responses((status = 200, body = Page<UserDto>)))]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ListQuery>,
) -> ApiResult<web::Json<Page<UserDto>>> {
    require(&caller, Action::ListUsers)?;
    let page = query.page::<Uuid>()?;
    Ok(web::Json(service::list(&state, &caller, &page).await?))
}

/// Give a login another role (agency admins only). Refused with 409 for the admin's own
/// login and for the agency's last admin who can sign in.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "The login's id")),
    request_body = RoleInput,
    responses(
        (status = 200, body = UserDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The admin's own login, or the last admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A role an agency cannot grant (field `role`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/users/{id}/role")]
pub async fn change_role(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<RoleInput>,
) -> ApiResult<web::Json<UserDto>> {
    let change = LoginChange::Role(body.role);
    let changed = service::change(&state, &caller, id.into_inner(), change).await?;
    Ok(web::Json(user_dto(changed.user)))
}

/// Switch a login off (agency admins only): it cannot sign in and its sessions end at once;
/// the person's records stay. Refused with 409 for the admin's own login and for the
/// agency's last admin who can sign in.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "The login's id")),
    responses(
        (status = 200, body = UserDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The admin's own login, or the last admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/disable")]
pub async fn disable_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<UserDto>> {
    let changed = service::change(&state, &caller, id.into_inner(), LoginChange::Disable).await?;
    Ok(web::Json(user_dto(changed.user)))
}

/// Switch a login back on (agency admins only).
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "The login's id")),
    responses(
        (status = 200, body = UserDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/enable")]
pub async fn enable_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<UserDto>> {
    let changed = service::change(&state, &caller, id.into_inner(), LoginChange::Enable).await?;
    Ok(web::Json(user_dto(changed.user)))
}

/// A new one-time token to set a password (agency admins only): a fresh invitation for a
/// login never used, a password reset for one that was. Earlier tokens and the old password
/// stop working and the login's sessions end; the token is valid for 7 days and shown only
/// in this answer. Refused with 409 for the admin's own login and for the agency's last
/// admin who can sign in.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "The login's id")),
    responses(
        (status = 200, body = UserInvited),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The admin's own login, or the last admin", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/password-link")]
pub async fn new_password_link(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<UserInvited>> {
    let change = LoginChange::NewPasswordLink;
    let changed = service::change(&state, &caller, id.into_inner(), change).await?;
    let (invitation_token, expires_at) = changed.link.ok_or(ApiError::NotFound)?;
    Ok(web::Json(UserInvited {
        user: user_dto(changed.user),
        invitation_token,
        expires_at,
    }))
}

/// Take away a login's second factor (agency admins only), as when its phone is lost: its
/// sessions end, and it sets up a new one at its next sign-in. Audited.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "The login's id")),
    responses(
        (status = 200, body = UserDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/mfa/reset")]
pub async fn reset_mfa(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<UserDto>> {
    let changed = service::change(&state, &caller, id.into_inner(), LoginChange::ResetMfa).await?;
    Ok(web::Json(user_dto(changed.user)))
}

/// End every session of a login (agency admins only): each of its browsers and clients is
/// refused at its next request; it can sign in again.
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "The login's id")),
    responses(
        (status = 200, body = UserDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/sessions/end")]
pub async fn end_user_sessions(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<UserDto>> {
    let change = LoginChange::EndSessions;
    let changed = service::change(&state, &caller, id.into_inner(), change).await?;
    Ok(web::Json(user_dto(changed.user)))
}

/// Release a login locked after too many wrong passwords (agency admins only).
#[utoipa::path(
    tag = "users",
    params(("id" = Uuid, Path, description = "The login's id")),
    responses(
        (status = 200, body = UserDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users/{id}/unlock")]
pub async fn unlock_user(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<UserDto>> {
    let changed = service::change(&state, &caller, id.into_inner(), LoginChange::Unlock).await?;
    Ok(web::Json(user_dto(changed.user)))
}
