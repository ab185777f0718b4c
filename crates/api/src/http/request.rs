//! The request id (from `tracing-actix-web`, on every log line of the request) made
//! available to error bodies, the `x-request-id` response header and the audit log.

use std::future::{Ready, ready};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use tracing_actix_web::RequestId;

use super::ApiError;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The id of the request being served, if called while serving one.
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// Middleware: runs the rest of the request with its id in scope and echoes the id back.
pub async fn with_request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req
        .extensions()
        .get::<RequestId>()
        .map(ToString::to_string)
        .unwrap_or_default();
    let mut response = REQUEST_ID.scope(id.clone(), next.call(req)).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(response)
}

/// Middleware: answers 503 when the rest of the request takes longer than the configured
/// timeout. Dropping the request's future abandons its work; an open transaction rolls back.
pub async fn with_timeout(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let seconds = req
        .app_data::<actix_web::web::Data<crate::app::AppState>>()
        .map_or(60, |s| s.config.request_timeout_seconds);
    match actix_web::rt::time::timeout(Duration::from_secs(seconds), next.call(req)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(seconds, "request timed out");
            Err(ApiError::Timeout { seconds }.into())
        }
    }
}

/// Where a request came from, for the audit log.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

impl RequestMeta {
    pub fn of(req: &HttpRequest) -> Self {
        // The peer address, not a forwarded header: a client can forge those unless a
        // trusted proxy is configured, which this server does not assume.
        Self {
            ip: req.peer_addr().map(|a| a.ip().to_string()),
            request_id: req.extensions().get::<RequestId>().map(ToString::to_string),
        }
    }
}

/// The browser or client the request says it came from, as it says it.
pub fn user_agent(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
}

impl FromRequest for RequestMeta {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self::of(req)))
    }
}
