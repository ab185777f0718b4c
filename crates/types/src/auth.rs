use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::agencies::AgencySummary;

pub use confitrek_vocabulary::auth::*;

/// The sign-in form of the page the server sends before the web app has loaded, as the
/// browser posts it (`application/x-www-form-urlencoded`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    /// The authenticator app's code, or a recovery code, for a login with two-step sign-in.
    #[serde(default)]
    pub code: Option<String>,
    /// Where to go once signed in: a path of this app (anything else is ignored).
    #[serde(default)]
    pub next: Option<String>,
}

/// A path to return to after signing in, if it is one of this app's (never another site's,
/// never the sign-in page itself).
pub fn safe_return_path(next: &str) -> Option<&str> {
    let plain = next.len() <= 2048 && next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\');
    (plain && next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/login"))
        .then_some(next)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "coordinator@demo.confitrek.test")
    )]
    pub email: String,
    pub password: String,
    /// For a login with two-step sign-in: the 6-digit code its authenticator app shows now,
    /// or one of its recovery codes. Without it such a login is answered 401 `mfa_required`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "123456", max_length = 64))]
    pub code: Option<String>,
}

/// Tokens for API clients. The SPA ignores them: login also sets HttpOnly cookies.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    #[cfg_attr(feature = "openapi", schema(example = "Bearer"))]
    pub token_type: String,
    /// Seconds until the access token expires.
    #[cfg_attr(feature = "openapi", schema(example = 900))]
    pub expires_in: u64,
    /// Single use: exchange it at `/api/v1/auth/refresh` for a new pair. Reusing a spent
    /// refresh token revokes every token descended from the same login.
    pub refresh_token: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    /// Omit to use the refresh cookie set at login.
    #[serde(default)]
    pub refresh_token: Option<String>,
}

/// The signed-in user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user_id: Uuid,
    pub email: String,
    pub role: Role,
    pub agency: Option<AgencySummary>,
    /// The roster entry of this user, if he or she is on the roster.
    pub person_id: Option<Uuid>,
    /// The agency subscribes to the Use of Force module.
    #[serde(default)]
    pub uof_enabled: bool,
    /// The user may read, review, close, amend and export all of the agency's use-of-force
    /// incidents (a permission of its own, granted by an admin).
    #[serde(default)]
    pub uof_reviewer: bool,
    /// Today in the agency's time zone, the day forms start from (none for the platform
    /// operator).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub today: Option<time::Date>,
    /// The login has set up two-step sign-in.
    #[serde(default)]
    pub mfa_enabled: bool,
    /// The login must use two-step sign-in (its role, or the agency's setting). While it is
    /// required and not set up, every other operation answers 403 `mfa_enrolment_required`.
    #[serde(default)]
    pub mfa_required: bool,
}

/// A new second factor to confirm: the secret for the authenticator app, as a QR code and as
/// text to type.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaEnrolment {
    /// The secret in base32, for apps where it is typed.
    pub secret: String,
    /// The `otpauth://totp/...` URI the QR code holds.
    pub otpauth_uri: String,
    /// The QR code as an SVG document.
    pub qr_svg: String,
}

/// A code from the authenticator app.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MfaCode {
    #[cfg_attr(feature = "openapi", schema(example = "123456", max_length = 64))]
    pub code: String,
}

/// Recovery codes, shown once: each signs in once in place of the app's code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub recovery_codes: Vec<String>,
}

/// The login's second factor as its owner sees it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaStatus {
    pub enabled: bool,
    pub required: bool,
    /// Recovery codes not yet used.
    pub recovery_codes_left: u32,
}

/// One sign-in of the caller: a browser or client that holds a session.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInDto {
    pub id: Uuid,
    /// The browser and system, e.g. `Firefox on Windows`.
    pub device: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: time::OffsetDateTime,
    /// When it was last used, to within a minute.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub last_seen_at: time::OffsetDateTime,
    /// When it ends however busy; it ends sooner when left unused.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: time::OffsetDateTime,
    /// The sign-in this request was made with.
    pub current: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteUserRequest {
    pub email: String,
    pub role: Role,
    /// Link the login to this person on the roster.
    #[serde(default)]
    pub person_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDto {
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub agency_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    /// False until the invitation is accepted.
    pub has_password: bool,
    /// Holds the use-of-force review permission.
    #[serde(default)]
    pub uof_reviewer: bool,
    /// Switched off by an admin: it cannot sign in.
    #[serde(default)]
    pub disabled: bool,
    /// Has set up two-step sign-in.
    #[serde(default)]
    pub mfa_enabled: bool,
    /// Locked after too many wrong passwords (an admin can release it).
    #[serde(default)]
    pub locked: bool,
    /// The last successful sign-in; null if never.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_sign_in_at: Option<time::OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: time::OffsetDateTime,
}

/// The body of `PUT /users/{id}/role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleInput {
    pub role: Role,
}

/// The invitation token is shown once; the invited person sets a password with it at
/// `/api/v1/auth/accept-invite`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInvited {
    pub user: UserDto,
    pub invitation_token: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: time::OffsetDateTime,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptInviteRequest {
    pub token: String,
    /// 12 to 128 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 128))]
    pub password: String,
}

/// Grant or take back the use-of-force review permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UofAccessInput {
    pub reviewer: bool,
}

/// How the agency's logins sign in: `GET` and `PUT /agencies/current/security` (admins).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SecuritySettings {
    /// Every login needs two-step sign-in, not only admins and coordinators.
    pub mfa_for_everyone: bool,
    /// How long an account stays locked after 5 wrong passwords in 15 minutes, 1 to 1440
    /// minutes; null: until an admin releases it.
    #[cfg_attr(feature = "openapi", schema(example = 15, minimum = 1, maximum = 1440))]
    pub lockout_minutes: Option<i32>,
    /// A sign-in left unused this long ends, 5 to 480 minutes.
    #[cfg_attr(feature = "openapi", schema(example = 30, minimum = 5, maximum = 480))]
    pub idle_timeout_minutes: i32,
    /// A sign-in ends this long after it began however busy, 1 to 24 hours.
    #[cfg_attr(feature = "openapi", schema(example = 12, minimum = 1, maximum = 24))]
    pub session_hours: i32,
}
