//! `/calendar-feeds` and `/calendar/{token}.ics`.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use confitrek_types::{CalendarFeedDto, Problem};
use uuid::Uuid;

use super::{FEED_PREFIX, entity, feeds, service};
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::ApiResult;

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
    let feeds = service::feeds_of(&state.db, &caller, &state.config.token_secret).await?;
    Ok(web::Json(feeds.iter().map(|f| dto(&state, f)).collect()))
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
    let secret = &state.config.token_secret;
    let feed = service::rotate(&state.db, &caller, secret, id.into_inner()).await?;
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
    let body = service::render(&state.db, &state.clock, &token).await?;
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
