//! `/users`: an agency admin invites the agency's users, sees who has a login and when it
//! was last used, changes a login's role, switches it off or on, and sends a new link to set
//! a password.

pub mod service;

use actix_web::{HttpResponse, get, post, put, web};
use confitrek_domain::people::Email;
use confitrek_domain::permissions::{self, Action, LoginChange, Role};
use confitrek_types::{
    InviteUserRequest, Page, Problem, RoleInput, UofAccessInput, UserDto, UserInvited,
};
use sea_orm::ConnectionTrait;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::Caller;
use crate::auth::tokens::{random_token, sha256_hex};
use crate::db::entity::user;
use crate::db::users::{self, NewUser};
use crate::db::{lockouts, people};
use crate::http::error::OnConstraint;
use crate::http::pagination::ListQuery;
use crate::http::{ApiError, ApiResult, JsonBody, QueryParams};
use crate::permissions::require;

/// How long an invitation can be accepted.
pub const INVITATION_DAYS: i64 = 7;

pub fn user_dto(u: user::Model) -> UserDto {
    UserDto {
        id: u.id,
        role: u.role,
        has_password: u.password_hash.is_some(),
        uof_reviewer: u.uof_reviewer,
        disabled: u.disabled_at.is_some(),
        mfa_enabled: u.mfa_secret.is_some(),
        locked: false,
        last_sign_in_at: u.last_sign_in_at,
        email: u.email,
        agency_id: u.agency_id,
        person_id: u.person_id,
        created_at: u.created_at,
    }
}

pub struct Invited {
    pub user: user::Model,
    pub token: String,
    pub expires_at: OffsetDateTime,
}

/// Creates a login without a password and returns the one-time token that sets it.
pub async fn invite(
    db: &impl ConnectionTrait,
    caller: &Caller,
    agency_id: Uuid,
    email: Email,
    role: Role,
    person_id: Option<Uuid>,
) -> ApiResult<Invited> {
    let token = random_token(32);
    let expires_at = OffsetDateTime::now_utc() + time::Duration::days(INVITATION_DAYS);
    let user = users::insert(
        db,
        NewUser {
            agency_id: Some(agency_id),
            person_id,
            email: email.as_str().to_owned(),
            role,
            password_hash: None,
            invitation: Some((sha256_hex(&token), expires_at)),
            service_account: false,
        },
    )
    .await
    .on_unique("email", "already has a login")?;
    caller
        .audit(db, agency_id, "user.invite", ("user", user.id))
        .await?;
    Ok(Invited {
        user,
        token,
        expires_at,
    })
}

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
    let scope = caller.scope()?;
    let req = body.into_inner();
    let role = req.role;
    let email = Email::parse(&req.email).map_err(|e| ApiError::field("email", e.to_string()))?;
    if !permissions::may_grant(caller.role, role) {
        return Err(ApiError::field("role", "cannot be granted by an agency"));
    }
    let txn = crate::db::begin_write(&state.db).await?;
    if let Some(person_id) = req.person_id
        && people::get(&txn, scope, person_id).await?.is_none()
    {
        return Err(ApiError::field(
            "person_id",
            "is not a person in this agency",
        ));
    }
    if users::find_by_email(&txn, email.as_str()).await?.is_some() {
        return Err(ApiError::field("email", "already has a login"));
    }
    let invited = invite(&txn, &caller, scope.id(), email, role, req.person_id).await?;
    txn.commit().await?;
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
    let (scope, _) = crate::uof::gate(&state.db, &caller).await?;
    require(&caller, Action::GrantUofReview)?;
    let txn = crate::db::begin_write(&state.db).await?;
    let user = users::set_uof_reviewer(&txn, scope, id.into_inner(), body.reviewer)
        .await?
        .ok_or(ApiError::NotFound)?;
    let action = if body.reviewer {
        "user.grant_uof_review"
    } else {
        "user.revoke_uof_review"
    };
    caller
        .audit(&txn, scope.id(), action, ("user", user.id))
        .await?;
    txn.commit().await?;
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
    let mut rows = users::list(&state.db, caller.scope()?, page.after, page.rows()).await?;
    let next_cursor = page.cut(&mut rows, |u| u.id);
    let keys: Vec<String> = rows
        .iter()
        .map(|u| state.keys.account_key(&u.email))
        .collect();
    let locked = lockouts::locked_among(&state.db, keys.clone(), OffsetDateTime::now_utc()).await?;
    let items = rows
        .into_iter()
        .zip(keys)
        .map(|(u, key)| UserDto {
            locked: locked.contains(&key),
            ..user_dto(u)
        })
        .collect();
    Ok(web::Json(Page { items, next_cursor }))
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
