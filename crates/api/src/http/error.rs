//! The one error type of the API. Every failure becomes an RFC 9457 problem+json body with a
//! stable `type`; a 500 says only "internal error" and the request id, the cause goes to the log.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use confitrek_domain::ValidationErrors;
use confitrek_types::{FieldProblem, Problem};
use sea_orm::{DbErr, SqlErr};

use super::request::current_request_id;

pub type ApiResult<T> = Result<T, ApiError>;

#[derive(thiserror::Error)]
pub enum ApiError {
    /// 422 `validation`: one or more fields are invalid; `errors` names them.
    #[error("invalid input")]
    Validation(ValidationErrors),
    /// 400 `malformed_request`: the body or query could not be read at all.
    #[error("malformed request: {0}")]
    Malformed(String),
    /// 415 `unsupported_media_type`.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// 413 `payload_too_large`.
    #[error("payload too large")]
    PayloadTooLarge { limit: usize },
    /// 401 `unauthenticated`: no valid credentials with the request.
    #[error("unauthenticated")]
    Unauthenticated,
    /// 401 `invalid_credentials`: says nothing about which part was wrong.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// 401 `mfa_required`: the password was right; the sign-in needs the code (`code`) of the
    /// login's authenticator app or one of its recovery codes. The message says which.
    #[error("second factor required")]
    MfaRequired(String),
    /// 403 `mfa_enrolment_required`: the login must set up its second factor before anything else.
    #[error("second factor enrolment required")]
    MfaEnrolmentRequired,
    /// 429 `too_many_attempts`: too many failed sign-ins from this address; `Retry-After` says
    /// when to try again.
    #[error("too many attempts")]
    TooManyAttempts { retry_after: u64 },
    /// 429 `rate_limited`: the API key has made its requests of this minute; `Retry-After`
    /// says when it may go on.
    #[error("rate limited")]
    RateLimited { retry_after: u64 },
    /// 429 `account_locked`: too many wrong passwords for this account. With `Retry-After`
    /// when it unlocks by itself; without, an admin must release it.
    #[error("account locked")]
    AccountLocked { retry_after: Option<u64> },
    /// 403 `agency_read_only`: the agency's subscription was cancelled; its data can be read
    /// and exported until it is deleted, and changed no more.
    #[error("agency read-only")]
    AgencyReadOnly,
    /// 403 `forbidden`.
    #[error("forbidden")]
    Forbidden,
    /// 404 `not_found`: also what another agency's id answers.
    #[error("not found")]
    NotFound,
    /// 405 `method_not_allowed`.
    #[error("method not allowed")]
    MethodNotAllowed { allow: Vec<&'static str> },
    /// 409 `conflict`.
    #[error("conflict: {0}")]
    Conflict(String),
    /// 503 `timeout`: the request took longer than the server allows; nothing was kept.
    #[error("request timed out")]
    Timeout { seconds: u64 },
    /// 503 `not_ready`: the server cannot serve yet (the database does not answer, or its
    /// migrations are not all applied); the detail says which. A load balancer sends the
    /// request to another server.
    #[error("not ready: {0}")]
    NotReady(String),
    /// 500 `internal`.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// What the request log shows of an error: the kind and the names of invalid fields, never
/// the submitted values (a rejected value may be exactly the PII that was refused).
impl std::fmt::Debug for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Validation(errors) => {
                let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
                write!(f, "validation({})", fields.join(", "))
            }
            ApiError::Internal(cause) => write!(f, "internal({cause:?})"),
            other => f.write_str(other.code()),
        }
    }
}

/// The one mapping of database refusals: a constraint the request broke is the client's
/// conflict (409), not the server's failure. Callers that can name the field use
/// [`OnConstraint`] first.
impl From<DbErr> for ApiError {
    fn from(e: DbErr) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                ApiError::Conflict("A record with these values already exists.".into())
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => ApiError::Conflict(
                "Other records refer to this one, or a record it refers to is gone.".into(),
            ),
            _ => ApiError::Internal(e.into()),
        }
    }
}

/// A date the engine cannot judge, refused as an invalid field.
impl From<confitrek_domain::compliance::DateOutOfRange> for ApiError {
    fn from(e: confitrek_domain::compliance::DateOutOfRange) -> Self {
        ApiError::field(&e.field, e.reason())
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(e: ValidationErrors) -> Self {
        ApiError::Validation(e)
    }
}

impl ApiError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        ApiError::Validation(ValidationErrors::single(field, message))
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation",
            ApiError::Malformed(_) => "malformed_request",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::Unauthenticated => "unauthenticated",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::MfaRequired(_) => "mfa_required",
            ApiError::MfaEnrolmentRequired => "mfa_enrolment_required",
            ApiError::AgencyReadOnly => "agency_read_only",
            ApiError::TooManyAttempts { .. } => "too_many_attempts",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::AccountLocked { .. } => "account_locked",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed { .. } => "method_not_allowed",
            ApiError::Conflict(_) => "conflict",
            ApiError::Timeout { .. } => "timeout",
            ApiError::NotReady(_) => "not_ready",
            ApiError::Internal(_) => "internal",
        }
    }

    fn title_and_detail(&self) -> (&'static str, Option<String>) {
        match self {
            ApiError::Validation(_) => (
                "Invalid input",
                Some("One or more fields are invalid.".into()),
            ),
            ApiError::Malformed(detail) => ("Malformed request", Some(detail.clone())),
            ApiError::UnsupportedMediaType => (
                "Unsupported media type",
                Some(format!(
                    "Send JSON bodies with Content-Type: application/json, and files as one of {}.",
                    super::upload::UPLOAD_TYPES.join(", ")
                )),
            ),
            ApiError::PayloadTooLarge { limit } => (
                "Payload too large",
                Some(format!("The body must be at most {limit} bytes.")),
            ),
            ApiError::Unauthenticated => (
                "Not signed in",
                Some("Sign in, or send a valid bearer token.".into()),
            ),
            ApiError::InvalidCredentials => (
                "Sign-in failed",
                Some("The email or password is not correct.".into()),
            ),
            ApiError::MfaRequired(detail) => ("Code required", Some(detail.clone())),
            ApiError::MfaEnrolmentRequired => (
                "Two-step sign-in required",
                Some("Set up two-step sign-in (an authenticator app) before going on.".into()),
            ),
            ApiError::AgencyReadOnly => (
                "Read-only",
                Some("Your agency's subscription was cancelled: its records can be read and exported for 90 days after the cancellation, then they are deleted. Nothing can be changed.".into()),
            ),
            ApiError::TooManyAttempts { retry_after } => (
                "Too many attempts",
                Some(format!(
                    "Too many failed sign-ins from this address. Try again in {retry_after} seconds."
                )),
            ),
            ApiError::RateLimited { retry_after } => (
                "Rate limited",
                Some(format!(
                    "This API key has made as many requests as it may this minute. Try again in {retry_after} seconds."
                )),
            ),
            ApiError::AccountLocked { retry_after } => (
                "Account locked",
                Some(match retry_after {
                    Some(seconds) => format!(
                        "Too many wrong passwords: this account is locked for {} more minute(s). Its owner has been told by email.",
                        seconds.div_ceil(60)
                    ),
                    None => "Too many wrong passwords: this account is locked until an administrator of your agency releases it.".into(),
                }),
            ),
            ApiError::Forbidden => ("Forbidden", Some("Your role does not allow this.".into())),
            ApiError::NotFound => ("Not found", None),
            ApiError::MethodNotAllowed { allow } => (
                "Method not allowed",
                Some(format!("Allowed: {}.", allow.join(", "))),
            ),
            ApiError::Conflict(detail) => ("Conflict", Some(detail.clone())),
            ApiError::Timeout { seconds } => (
                "Request timed out",
                Some(format!(
                    "The request took longer than {seconds} seconds and was abandoned; nothing was changed. Try again, or ask for less at once."
                )),
            ),
            ApiError::NotReady(reason) => ("Not ready", Some(reason.clone())),
            ApiError::Internal(_) => (
                "Internal error",
                Some(
                    "Something went wrong on our side; quote the request id when you report it."
                        .into(),
                ),
            ),
        }
    }

    pub fn to_problem(&self) -> Problem {
        let (title, detail) = self.title_and_detail();
        let errors = match self {
            ApiError::Validation(errors) => errors
                .0
                .iter()
                .map(|e| FieldProblem {
                    field: e.field.clone(),
                    message: e.message.clone(),
                })
                .collect(),
            ApiError::MfaRequired(message) => vec![FieldProblem {
                field: "code".into(),
                message: message.clone(),
            }],
            _ => Vec::new(),
        };
        Problem {
            kind: format!("urn:confitrek:problem:{}", self.code()),
            title: title.into(),
            status: self.status_code().as_u16(),
            detail,
            request_id: current_request_id(),
            errors,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Malformed(_) => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unauthenticated | ApiError::InvalidCredentials | ApiError::MfaRequired(_) => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::Forbidden | ApiError::MfaEnrolmentRequired | ApiError::AgencyReadOnly => {
                StatusCode::FORBIDDEN
            }
            ApiError::TooManyAttempts { .. }
            | ApiError::RateLimited { .. }
            | ApiError::AccountLocked { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Timeout { .. } | ApiError::NotReady(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(error = ?cause, "internal error");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        match self {
            ApiError::Unauthenticated => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            ApiError::Timeout { .. } | ApiError::NotReady(_) => {
                response.insert_header((header::RETRY_AFTER, "5"));
            }
            ApiError::TooManyAttempts { retry_after }
            | ApiError::RateLimited { retry_after }
            | ApiError::AccountLocked {
                retry_after: Some(retry_after),
            } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            ApiError::MethodNotAllowed { allow } => {
                if let Ok(value) = HeaderValue::from_str(&allow.join(", ")) {
                    response.insert_header((header::ALLOW, value));
                }
            }
            _ => {}
        }
        let body = serde_json::to_vec(&self.to_problem()).unwrap_or_default();
        response.body(body)
    }
}

/// Turns a unique-constraint violation into the field error a form can show, and anything
/// else into an internal error.
pub trait OnConstraint<T> {
    fn on_unique(self, field: &str, message: impl Into<String>) -> ApiResult<T>;
}

impl<T> OnConstraint<T> for Result<T, DbErr> {
    fn on_unique(self, field: &str, message: impl Into<String>) -> ApiResult<T> {
        self.map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => ApiError::field(field, message),
            _ => ApiError::from(e),
        })
    }
}
