//! `/webhooks`: thin handlers; the use cases are in [`super::service`].

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_types::{
    Page, Problem, WebhookCreated, WebhookDeliveryDto, WebhookDto, WebhookInput, WebhookSecretDto,
};
use uuid::Uuid;

use super::service;
use crate::app::AppState;
use crate::auth::Caller;
use crate::http::pagination::ListQuery;
use crate::http::{ApiResult, JsonBody, QueryParams, created};

/// The agency's webhooks (admins).
#[utoipa::path(
    tag = "webhooks",
    params(ListQuery),
    responses((status = 200, description = "The agency's webhooks, oldest first", body = Page<WebhookDto>))
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    state: web::Data<AppState>,
    caller: Caller,
    query: QueryParams<ListQuery>,
) -> ApiResult<web::Json<Page<WebhookDto>>> {
    let page = query.page::<Uuid>()?;
    let rows = service::list(&state.db, &caller, page.after, page.rows()).await?;
    Ok(web::Json(page.page(rows, |w| w.id, |w| w)))
}

/// Subscribe a URL to events. The answer holds the signing secret, shown this once. The URL
/// must be `https` to a public address (what its name resolves to is checked); at most 20
/// webhooks per agency.
#[utoipa::path(
    tag = "webhooks",
    request_body = WebhookInput,
    responses(
        (status = 201, description = "Created, with its secret", body = WebhookCreated),
        (status = 409, description = "The agency has 20 webhooks already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid: a URL that is not https or points to an internal address, no event, a description too long", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks")]
pub async fn create_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<WebhookInput>,
) -> ApiResult<HttpResponse> {
    let made = service::create(&state, &caller, body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/webhooks/{}", made.webhook.id),
        &made,
    ))
}

/// One webhook (never its secret).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The webhook's id")),
    responses((status = 200, description = "The webhook", body = WebhookDto))
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<WebhookDto>> {
    Ok(web::Json(
        service::get(&state.db, &caller, id.into_inner()).await?,
    ))
}

/// Replace a webhook's URL, events, description and whether it is enabled. A disabled
/// webhook is sent no new events.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The webhook's id")),
    request_body = WebhookInput,
    responses(
        (status = 200, description = "The webhook as changed", body = WebhookDto),
        (status = 422, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/webhooks/{id}")]
pub async fn replace_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<WebhookInput>,
) -> ApiResult<web::Json<WebhookDto>> {
    let id = id.into_inner();
    let webhook = service::replace(&state, &caller, id, body.into_inner()).await?;
    Ok(web::Json(webhook))
}

/// Delete a webhook with its delivery log; what was queued for it is not sent.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The webhook's id")),
    responses((status = 204, description = "Deleted"))
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete(&state.db, &caller, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Rotate the signing secret. The new one is shown this once; for 24 hours every message
/// carries a second signature made with the previous one, so the receiver can switch.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The webhook's id")),
    responses((status = 200, description = "The new secret", body = WebhookSecretDto))
)]
#[post("/webhooks/{id}/secret")]
pub async fn rotate_webhook_secret(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<WebhookSecretDto>> {
    Ok(web::Json(
        service::rotate(&state, &caller, id.into_inner()).await?,
    ))
}

/// Queue a `webhook.test` message to the webhook (enabled or not); its delivery shows in the
/// log.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The webhook's id")),
    responses((status = 202, description = "Queued", body = WebhookDeliveryDto))
)]
#[post("/webhooks/{id}/test")]
pub async fn test_webhook(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let delivery = service::send_test(&state.db, &caller, id.into_inner()).await?;
    Ok(HttpResponse::Accepted().json(delivery))
}

/// The webhook's delivery log, newest first: each message with its state and its latest
/// attempts (when, HTTP status, duration, the start of the answer, the error). Kept 30 days
/// after a message's last attempt.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "The webhook's id"), ListQuery),
    responses((status = 200, description = "The deliveries, newest first", body = Page<WebhookDeliveryDto>))
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    query: QueryParams<ListQuery>,
) -> ApiResult<web::Json<Page<WebhookDeliveryDto>>> {
    let page = query.page::<Uuid>()?;
    let (id, before) = (id.into_inner(), page.after);
    let rows = service::deliveries(&state.db, &caller, id, before, page.rows()).await?;
    Ok(web::Json(page.page(rows, |d| d.id, |d| d)))
}

/// Send a delivered or failed message again, with the same `webhook-id`, for a new round
/// of attempts.
#[utoipa::path(
    tag = "webhooks",
    params(
        ("id" = Uuid, Path, description = "The webhook's id"),
        ("delivery_id" = Uuid, Path, description = "The delivery's id"),
    ),
    responses(
        (status = 202, description = "Queued again", body = WebhookDeliveryDto),
        (status = 409, description = "It is queued already", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/replay")]
pub async fn replay_webhook_delivery(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (id, delivery_id) = path.into_inner();
    let delivery = service::replay(&state.db, &caller, id, delivery_id).await?;
    Ok(HttpResponse::Accepted().json(delivery))
}
