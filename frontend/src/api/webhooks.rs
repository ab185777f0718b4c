//! `/webhooks`: the agency's webhooks (admins), their secrets shown once, tests, the
//! delivery log and replays.

use confitrek_types::{
    Page, WebhookCreated, WebhookDeliveryDto, WebhookDto, WebhookInput, WebhookSecretDto,
};
use reqwest::Method;
use uuid::Uuid;

use super::ApiResult;
use super::transport::{delete, empty_object, get, send_json};

/// Every webhook of the agency (at most 20, so one page).
pub async fn webhooks() -> ApiResult<Vec<WebhookDto>> {
    let page: Page<WebhookDto> = get("/webhooks", &[("limit", "50".into())]).await?;
    Ok(page.items)
}

/// A new webhook with its secret, shown this once.
pub async fn create_webhook(input: &WebhookInput) -> ApiResult<WebhookCreated> {
    send_json(Method::POST, "/webhooks", input).await
}

pub async fn replace_webhook(id: Uuid, input: &WebhookInput) -> ApiResult<WebhookDto> {
    send_json(Method::PUT, &format!("/webhooks/{id}"), input).await
}

pub async fn delete_webhook(id: Uuid) -> ApiResult<()> {
    delete(&format!("/webhooks/{id}")).await
}

/// A new secret, shown this once; the previous one signs beside it for 24 hours.
pub async fn rotate_secret(id: Uuid) -> ApiResult<WebhookSecretDto> {
    send_json(
        Method::POST,
        &format!("/webhooks/{id}/secret"),
        &empty_object(),
    )
    .await
}

pub async fn send_test(id: Uuid) -> ApiResult<WebhookDeliveryDto> {
    send_json(
        Method::POST,
        &format!("/webhooks/{id}/test"),
        &empty_object(),
    )
    .await
}

/// The latest deliveries of a webhook, newest first.
pub async fn deliveries(id: Uuid) -> ApiResult<Vec<WebhookDeliveryDto>> {
    let page: Page<WebhookDeliveryDto> = get(
        &format!("/webhooks/{id}/deliveries"),
        &[("limit", "20".into())],
    )
    .await?;
    Ok(page.items)
}

pub async fn replay(id: Uuid, delivery: Uuid) -> ApiResult<WebhookDeliveryDto> {
    send_json(
        Method::POST,
        &format!("/webhooks/{id}/deliveries/{delivery}/replay"),
        &empty_object(),
    )
    .await
}
