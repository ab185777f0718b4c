//! Calendar feeds: `GET /calendar/{token}.ics` serves an iCalendar without signing in, to
//! whoever holds the secret URL; `/calendar-feeds` lists the caller's feeds and rotates them.

pub mod content;
pub mod entity;
pub mod feeds;
pub mod ics;

use actix_web::dev::ServiceRequest;
use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use confitrek_domain::permissions::{Action, may};
use confitrek_types::PersonStatus;
use confitrek_types::{CalendarFeedDto, CalendarFeedKind, Problem};
use time::OffsetDateTime;
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::Caller;
use crate::db::{AgencyScope, agencies, people};
use crate::http::{ApiError, ApiResult};

const FEED_PREFIX: &str = "/api/v1/calendar/";

fn dto(state: &AppState, feed: &entity::Model) -> CalendarFeedDto {
    let token = feeds::token(&state.config.token_secret, &feed.nonce);
    CalendarFeedDto {
        id: feed.id,
        kind: feed.kind,
        subject_id: feed.subject_id,
        url: format!("{FEED_PREFIX}{token}.ics"),
        rotated_at: feed.rotated_at,
    }
}

/// The calendar feeds the caller may subscribe to: his or her own (for a login linked to a
/// person) and, for coordinators and admins, the agency's. Each is made on first request.
#[utoipa::path(
    tag = "calendar",
    responses(
        (status = 200, body = Vec<CalendarFeedDto>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/calendar-feeds")]
pub async fn list_calendar_feeds(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Vec<CalendarFeedDto>>> {
    let scope = caller.scope()?;
    let mut wanted = Vec::new();
    if let Some(person) = caller.person_id {
        wanted.push((CalendarFeedKind::Person, person));
    }
    if may(caller.role, Action::UseAgencyCalendar) {
        wanted.push((CalendarFeedKind::Agency, scope.id()));
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let mut out = Vec::new();
    for (kind, subject) in wanted {
        let feed = match feeds::find(&txn, scope, kind, subject).await? {
            Some(feed) => feed,
            None => {
                let feed =
                    feeds::insert(&txn, scope, &state.config.token_secret, kind, subject).await?;
                caller
                    .audit(
                        &txn,
                        scope.id(),
                        "calendar_feed.create",
                        ("calendar_feed", feed.id),
                    )
                    .await?;
                feed
            }
        };
        out.push(dto(&state, &feed));
    }
    txn.commit().await?;
    Ok(web::Json(out))
}

/// Give a feed a new secret URL; the previous URL answers 404 from now on. One's own feed,
/// or the agency's for coordinators and admins.
#[utoipa::path(
    tag = "calendar",
    params(("id" = Uuid, Path, description = "The feed's id")),
    responses(
        (status = 200, body = CalendarFeedDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/calendar-feeds/{id}/rotate")]
pub async fn rotate_calendar_feed(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CalendarFeedDto>> {
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let feed = feeds::get(&txn, scope, id.into_inner())
        .await?
        .ok_or(ApiError::NotFound)?;
    if feed.kind == CalendarFeedKind::Agency {
        crate::permissions::require(&caller, Action::UseAgencyCalendar)?;
    } else if caller.person_id != Some(feed.subject_id) {
        // Another person's feed is not the caller's to know of.
        return Err(ApiError::NotFound);
    }
    let feed = feeds::rotate(&txn, &state.config.token_secret, feed).await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "calendar_feed.rotate",
            ("calendar_feed", feed.id),
        )
        .await?;
    txn.commit().await?;
    Ok(web::Json(dto(&state, &feed)))
}

/// The feed itself, as `text/calendar` (RFC 5545), for calendar apps. No sign-in: the secret
/// in the URL is the credential. An unknown or rotated URL answers 404.
#[utoipa::path(
    tag = "calendar",
    security(()),
    params(("token" = String, Path, description = "The feed's secret, as in the URL listed by `/calendar-feeds`")),
    responses(
        (status = 200, description = "The calendar", body = String, content_type = "text/calendar"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/calendar/{token}.ics")]
pub async fn calendar_feed(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let feed = feeds::by_token(&state.db, &token)
        .await?
        .ok_or(ApiError::NotFound)?;
    let scope = AgencyScope::new(feed.agency_id);
    let agency = agencies::get(&state.db, scope)
        .await?
        .ok_or(ApiError::NotFound)?;
    let today = crate::clock::today_in(&agency.time_zone);
    let (name, events) = if feed.kind == CalendarFeedKind::Agency {
        let events = content::agency_events(&state.db, scope, today).await?;
        (format!("{} training", agency.name), events)
    } else {
        // A person who left the agency no longer has a feed.
        let person = people::get(&state.db, scope, feed.subject_id)
            .await?
            .filter(|p| p.status == PersonStatus::Active)
            .ok_or(ApiError::NotFound)?;
        let events = content::person_events(&state.db, scope, person.id, today).await?;
        (
            format!("Training: {} {}", person.first_name, person.last_name),
            events,
        )
    };
    let body = ics::Calendar {
        name,
        time_zone: agency.time_zone,
        events,
    }
    .render(OffsetDateTime::now_utc());
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "inline; filename=\"confitrek.ics\"",
        ))
        .insert_header((header::CACHE_CONTROL, "private, max-age=300"))
        .insert_header(("X-Robots-Tag", "noindex"))
        .body(body))
}

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
