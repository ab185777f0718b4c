//! Calendar feeds: `GET /calendar/{token}.ics` serves an iCalendar without signing in, to
//! whoever holds the secret URL; `/calendar-feeds` lists the caller's feeds and rotates them.

pub mod content;
pub mod entity;
pub mod feeds;
pub mod handlers;
pub mod ics;
mod service;

use actix_web::dev::ServiceRequest;
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};

const FEED_PREFIX: &str = "/api/v1/calendar/";

/// Request spans as usual, except that a calendar feed's path (its secret) is never logged,
/// nor the query of a SCIM request (an identity provider's filters name people by e-mail,
/// for every user, on every sync).
pub struct RedactedSpans;

impl RootSpanBuilder for RedactedSpans {
    fn on_request_start(request: &ServiceRequest) -> Span {
        if request.path().starts_with(FEED_PREFIX) {
            tracing::info_span!(
                "HTTP request",
                http.method = %request.method(),
                http.route = "/api/v1/calendar/{token}.ics",
                http.status_code = tracing::field::Empty,
                otel.status_code = tracing::field::Empty,
            )
        } else if request.path() == crate::sso::CALLBACK_PATH {
            // The query holds an authorization code and its state.
            tracing::info_span!(
                "HTTP request",
                http.method = %request.method(),
                http.route = crate::sso::CALLBACK_PATH,
                http.status_code = tracing::field::Empty,
                otel.status_code = tracing::field::Empty,
            )
        } else if request.path().starts_with("/scim/") {
            tracing::info_span!(
                "HTTP request",
                http.method = %request.method(),
                http.route = %request.path(),
                http.status_code = tracing::field::Empty,
                otel.status_code = tracing::field::Empty,
            )
        } else {
            DefaultRootSpanBuilder::on_request_start(request)
        }
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        span: Span,
        outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
