//! `Idempotency-Key` on the POSTs that create things: a client that did not hear the answer
//! (a dropped connection, a timeout) sends the same request with the same key again and gets
//! the first answer, and nothing is written twice.
//!
//! The key is claimed before the request is answered (a unique index lets one of several
//! concurrent requests through; the others are answered 409), and the answer kept once it is
//! a success. A request that fails wrote nothing, so its key is let go and a retry runs it
//! again. Keys belong to who sent them (a login or an API key) and are kept 24 hours.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, ResponseError, web};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use time::Duration;

use super::ApiError;
use crate::app::AppState;
use crate::auth::{api_keys, caller};
use crate::db::idempotency::{self, Answer, Claim};

pub const HEADER: &str = "Idempotency-Key";
/// Set on an answer sent again for a retried key.
pub const REPLAYED: &str = "Idempotent-Replayed";
pub const KEY_MAX: usize = 255;

/// The operations (POST, by path template) that honour the header.
pub const OPERATIONS: &[&str] = &[
    "/api/v1/people",
    "/api/v1/training-records",
    "/api/v1/sessions",
    "/api/v1/sessions/{id}/enrollments",
    "/api/v1/sessions/{id}/attendance",
    "/api/v1/uof/incidents",
    "/api/v1/credentials",
    "/api/v1/credential-types",
    "/api/v1/courses",
    "/api/v1/topics",
    "/api/v1/policies",
    "/api/v1/acknowledgements",
    "/api/v1/training-requests",
    "/api/v1/people/{id}/waivers",
    "/api/v1/requirements",
    "/api/v1/profiles",
    "/api/v1/service-accounts",
];

/// An answer kept longer than a retry could be meant for is forgotten.
pub const KEPT_FOR: Duration = Duration::hours(24);

fn wants(req: &ServiceRequest) -> bool {
    req.method() == Method::POST
        && req.headers().contains_key(HEADER)
        && req
            .match_pattern()
            .is_some_and(|template| OPERATIONS.contains(&template.as_str()))
}

/// A key is 1 to 255 visible ASCII characters (a UUID is the usual choice).
fn parse_key(value: &HeaderValue) -> Option<&str> {
    let key = value.to_str().ok()?.trim();
    let visible = key.bytes().all(|b| b.is_ascii_graphic());
    (!key.is_empty() && key.len() <= KEY_MAX && visible).then_some(key)
}

/// Who sends the key: the login of a valid session token, or (whether or not it works; a
/// key that does not is refused further on) the hash of an API key's secret.
fn principal(req: &ServiceRequest, state: &AppState) -> Option<String> {
    if let Some(key) = api_keys::presented(req.request()) {
        return Some(format!("key:{}", crate::auth::tokens::sha256_hex(&key)));
    }
    let token = caller::session_token(req.request())?;
    let (user, _) = state.keys.verify_access(&token, state.clock.now())?;
    Some(format!("user:{user}"))
}

fn problem(req: ServiceRequest, error: ApiError) -> ServiceResponse<BoxBody> {
    req.into_response(error.error_response())
}

/// Middleware: see the module's documentation.
pub async fn with_idempotency(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if !wants(&req) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let Some(key) = req
        .headers()
        .get(HEADER)
        .and_then(parse_key)
        .map(str::to_owned)
    else {
        let message = format!("must be 1 to {KEY_MAX} visible ASCII characters, e.g. a UUID");
        return Ok(problem(req, ApiError::field(HEADER, message)));
    };
    // Without a principal the request is refused further on; nothing to remember.
    let Some(principal) = principal(&req, &state) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let limit = state.config.json_limit;
    let mut body = web::BytesMut::new();
    let mut payload = req.take_payload();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk?;
        if body.len() + chunk.len() > limit {
            return Ok(problem(req, ApiError::PayloadTooLarge { limit }));
        }
        body.extend_from_slice(&chunk);
    }
    let body = body.freeze();
    let mut hasher = Sha256::new();
    hasher.update(req.method().as_str());
    hasher.update(b" ");
    hasher.update(req.uri().to_string());
    hasher.update(b"\n");
    hasher.update(&body);
    let request_hash = hex(&hasher.finalize());
    req.set_payload(actix_web::dev::Payload::from(body));

    let now = state.clock.now();
    // A claim is abandoned once its request has surely timed out.
    let timeout = i64::try_from(state.config.request_timeout_seconds).unwrap_or(60);
    let abandoned_before = now - Duration::seconds(timeout.saturating_mul(2));
    let claim = idempotency::claim(
        &state.db,
        &principal,
        &key,
        &request_hash,
        now,
        abandoned_before,
        now - KEPT_FOR,
    )
    .await
    .map_err(ApiError::from)?;
    let id = match claim {
        Claim::Fresh(id) => id,
        Claim::Answered(kept) => return Ok(req.into_response(replay(kept))),
        Claim::Busy => {
            let detail =
                "A request with this Idempotency-Key is still being answered; retry once it is.";
            return Ok(problem(req, ApiError::Conflict(detail.into())));
        }
        Claim::Mismatch => {
            let message = "was sent before with another request; use a new key for a new request";
            return Ok(problem(req, ApiError::field(HEADER, message)));
        }
    };
    let response = next.call(req).await;
    let response = match response {
        Ok(response) if response.status().is_success() => response,
        other => {
            if let Err(error) = idempotency::release(&state.db, id).await {
                tracing::warn!(?error, "letting an idempotency key go");
            }
            return Ok(other?.map_into_boxed_body());
        }
    };
    let (req, res) = response.into_parts();
    let (res, body) = res.into_parts();
    let bytes = actix_web::body::to_bytes(body)
        .await
        .map_err(|_| ApiError::Internal(anyhow::anyhow!("reading the answer to keep it")))?;
    let text = |name: header::HeaderName| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let answer = Answer {
        status_code: i32::from(res.status().as_u16()),
        content_type: text(header::CONTENT_TYPE),
        location: text(header::LOCATION),
        body: bytes.to_vec(),
    };
    if let Err(error) = idempotency::answered(&state.db, id, answer, state.clock.now()).await {
        // The write stands; a retry within the abandonment window is answered 409.
        tracing::warn!(?error, "keeping the answer of an idempotency key");
    }
    let res = res.set_body(bytes).map_into_boxed_body();
    Ok(ServiceResponse::new(req, res))
}

fn replay(kept: crate::db::entity::idempotency_key::Model) -> HttpResponse {
    let status = kept
        .status_code
        .and_then(|s| u16::try_from(s).ok())
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    response.insert_header((HeaderName::from_static("idempotent-replayed"), "true"));
    if let Some(content_type) = kept.content_type {
        response.insert_header((header::CONTENT_TYPE, content_type));
    }
    if let Some(location) = kept.location {
        response.insert_header((header::LOCATION, location));
    }
    response.body(kept.body.unwrap_or_default())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
