//! SCIM's HTTP: errors as RFC 7644 §3.12 writes them (with `scimType` where one applies),
//! bodies as `application/scim+json`, list parameters, and the ids of resources.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use confitrek_domain::scim::ScimProblem;
use confitrek_domain::scim::user::attribute_of;
use confitrek_types::scim::{ERROR_SCHEMA, SCIM_MEDIA_TYPE};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use uuid::Uuid;

use crate::http::ApiError;
use crate::http::request::current_request_id;

pub type ScimResult<T> = Result<T, ScimError>;

/// A refused SCIM request.
pub struct ScimError {
    status: StatusCode,
    scim_type: Option<&'static str>,
    detail: String,
    /// What went wrong on the server, for the log only.
    cause: Option<anyhow::Error>,
}

/// What the request log shows: the status and kind, never the detail (it may quote what was
/// sent, which may be personal).
impl std::fmt::Debug for ScimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.cause {
            Some(cause) => write!(f, "scim({} internal: {cause:?})", self.status.as_u16()),
            None => write!(
                f,
                "scim({} {})",
                self.status.as_u16(),
                self.scim_type.unwrap_or("-")
            ),
        }
    }
}

impl std::fmt::Display for ScimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}",
            self.status.as_u16(),
            self.scim_type.unwrap_or("-")
        )
    }
}

impl ScimError {
    pub fn new(
        status: StatusCode,
        scim_type: Option<&'static str>,
        detail: impl Into<String>,
    ) -> Self {
        ScimError {
            status,
            scim_type,
            detail: detail.into(),
            cause: None,
        }
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            None,
            "No such resource in this agency.",
        )
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            None,
            "Send a SCIM token of the agency, neither revoked nor expired, as `Authorization: Bearer <token>`.",
        )
    }

    pub fn uniqueness(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, Some("uniqueness"), detail)
    }

    pub fn invalid_value(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("invalidValue"), detail)
    }
}

impl From<ScimProblem> for ScimError {
    fn from(problem: ScimProblem) -> Self {
        let status = StatusCode::from_u16(problem.status()).unwrap_or(StatusCode::BAD_REQUEST);
        ScimError::new(status, Some(problem.scim_type()), problem.to_string())
    }
}

/// What the rest of the server refuses, as SCIM says it. Invalid fields of a person are
/// named by the SCIM attributes they come from.
impl From<ApiError> for ScimError {
    fn from(error: ApiError) -> Self {
        let problem = error.to_problem();
        let detail = problem
            .detail
            .clone()
            .unwrap_or_else(|| problem.title.clone());
        match error {
            ApiError::Validation(errors) => {
                let fields: Vec<String> = errors
                    .0
                    .iter()
                    .map(|e| format!("{}: {}", attribute_of(&e.field), e.message))
                    .collect();
                ScimError::invalid_value(fields.join("; "))
            }
            ApiError::Malformed(detail) => {
                ScimError::new(StatusCode::BAD_REQUEST, Some("invalidSyntax"), detail)
            }
            ApiError::Unauthenticated | ApiError::InvalidCredentials => {
                ScimError::unauthenticated()
            }
            ApiError::NotFound => ScimError::not_found(),
            ApiError::Internal(cause) => ScimError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                scim_type: None,
                detail,
                cause: Some(cause),
            },
            other => ScimError::new(other.status_code(), None, detail),
        }
    }
}

impl From<sea_orm::DbErr> for ScimError {
    fn from(e: sea_orm::DbErr) -> Self {
        ApiError::from(e).into()
    }
}

impl ResponseError for ScimError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        if let Some(cause) = &self.cause {
            tracing::error!(error = ?cause, "internal error");
        }
        let detail = match (&self.cause, current_request_id()) {
            (Some(_), Some(id)) => format!("{} Request id: {id}.", self.detail),
            _ => self.detail.clone(),
        };
        let body = confitrek_types::scim::ScimError {
            schemas: vec![ERROR_SCHEMA.into()],
            status: self.status.as_u16().to_string(),
            scim_type: self.scim_type.map(str::to_owned),
            detail: Some(detail),
        };
        let mut response = scim_response(self.status, &body);
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"scim\""),
            );
        }
        response
    }
}

/// A SCIM body with its status.
pub fn scim_response<T: Serialize>(status: StatusCode, body: &T) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, SCIM_MEDIA_TYPE))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(serde_json::to_vec(body).unwrap_or_default())
}

/// A created resource: 201, its `Location`, and the resource.
pub fn created<T: Serialize>(location: &str, body: &T) -> HttpResponse {
    let mut response = scim_response(StatusCode::CREATED, body);
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The id of a resource in a path: anything that is not one of ours is not found.
pub fn resource_id(raw: &str) -> ScimResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| ScimError::not_found())
}

/// Which attributes an answer holds (RFC 7644 §3.4.2.5).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct Projection {
    /// Only these attributes (comma-separated; `id`, `schemas` and `meta` always come).
    #[param(max_length = 1024)]
    pub attributes: Option<String>,
    /// Not these attributes (comma-separated), e.g. `members`.
    #[param(max_length = 1024)]
    pub excluded_attributes: Option<String>,
}

/// A list's filter, page and attributes (RFC 7644 §3.4.2).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// A SCIM filter, e.g. `userName eq "dana@agency.example"`. Operators `eq ne co sw ew
    /// gt ge lt le pr`, `and`, `or`, `not ( )`, `attr[filter]`; at most 2048 characters.
    #[param(
        max_length = 2048,
        example = "userName eq \"dana.lindqvist@agency.example\""
    )]
    pub filter: Option<String>,
    /// The 1-based index of the first resource; below 1 reads as 1.
    pub start_index: Option<i64>,
    /// How many resources a page holds, 0 to 200 (default 100); more reads as 200.
    pub count: Option<i64>,
    /// Only these attributes (comma-separated; `id`, `schemas` and `meta` always come).
    #[param(max_length = 1024)]
    pub attributes: Option<String>,
    /// Not these attributes (comma-separated), e.g. `members`.
    #[param(max_length = 1024)]
    pub excluded_attributes: Option<String>,
    /// Sorting is not offered (see ServiceProviderConfig): ignored.
    #[param(max_length = 256)]
    pub sort_by: Option<String>,
    /// Ignored, as `sortBy` is.
    #[param(max_length = 16)]
    pub sort_order: Option<String>,
}

/// The longest `attributes` or `excludedAttributes` read.
const PROJECTION_MAX: usize = 1024;

impl ListQuery {
    pub fn projection(&self) -> ScimResult<Projection> {
        projection(&self.attributes, &self.excluded_attributes)
    }
}

impl Projection {
    pub fn checked(&self) -> ScimResult<Projection> {
        projection(&self.attributes, &self.excluded_attributes)
    }

    /// Whether a group's members are asked for.
    pub fn wants(&self, attribute: &str) -> bool {
        let names = |list: &Option<String>| {
            list.as_deref()
                .map(confitrek_domain::scim::projection::names)
                .unwrap_or_default()
        };
        let named = |list: &Option<String>| names(list).iter().any(|(n, _)| n == attribute);
        let asked = self.attributes.is_none() || named(&self.attributes);
        let refused = names(&self.excluded_attributes)
            .iter()
            .any(|(n, s)| n == attribute && s.is_none());
        asked && !refused
    }

    /// A list's answer, each of its resources narrowed.
    pub fn apply_list<T: Serialize>(&self, list: &T) -> serde_json::Value {
        let mut value = serde_json::to_value(list).unwrap_or_default();
        if let Some(serde_json::Value::Array(resources)) = value.get_mut("Resources") {
            for resource in resources.iter_mut() {
                *resource = confitrek_domain::scim::projection::project(
                    resource.take(),
                    self.attributes.as_deref(),
                    self.excluded_attributes.as_deref(),
                );
            }
        }
        value
    }

    /// The answer, narrowed.
    pub fn apply<T: Serialize>(&self, resource: &T) -> serde_json::Value {
        let value = serde_json::to_value(resource).unwrap_or_default();
        confitrek_domain::scim::projection::project(
            value,
            self.attributes.as_deref(),
            self.excluded_attributes.as_deref(),
        )
    }
}

fn projection(attributes: &Option<String>, excluded: &Option<String>) -> ScimResult<Projection> {
    for (name, value) in [("attributes", attributes), ("excludedAttributes", excluded)] {
        if value.as_ref().is_some_and(|v| v.len() > PROJECTION_MAX) {
            return Err(ScimError::invalid_value(format!(
                "{name} must be at most {PROJECTION_MAX} characters"
            )));
        }
    }
    Ok(Projection {
        attributes: attributes.clone(),
        excluded_attributes: excluded.clone(),
    })
}

/// Query parameters that do not read, as SCIM says it.
pub fn query<T>(parsed: Result<crate::http::QueryParams<T>, ApiError>) -> ScimResult<T> {
    parsed.map(|q| q.0).map_err(ScimError::from)
}

/// A body that does not read, as SCIM says it: a field missing or of the wrong type names
/// the SCIM attribute as sent (`userName`), not as the person's field.
pub fn body<T>(parsed: Result<crate::http::JsonBody<T>, ApiError>) -> ScimResult<T> {
    parsed.map(|b| b.into_inner()).map_err(|e| match e {
        ApiError::Validation(errors) => ScimError::invalid_value(
            errors
                .0
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        other => other.into(),
    })
}
