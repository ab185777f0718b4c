//! `/notifications`: the signed-in user's list and the agency's notification settings.

use confitrek_types::{
    NotificationDto, NotificationSettingsDto, NotificationSettingsInput, Page, UnreadCountDto,
};
use reqwest::Method;
use uuid::Uuid;

use super::ApiResult;
use super::transport::{empty_object, get, send_json, with_cursor};

/// Reminds people of what their training still needs (the training office).
pub async fn send_reminders(person_ids: Vec<Uuid>) -> ApiResult<confitrek_types::RemindersSent> {
    let request = confitrek_types::ReminderRequest { person_ids };
    send_json(Method::POST, "/notifications/reminders", &request).await
}

pub async fn notifications(cursor: Option<&str>) -> ApiResult<Page<NotificationDto>> {
    get(
        "/notifications",
        &with_cursor(vec![("limit", "50".into())], cursor),
    )
    .await
}

pub async fn unread_count() -> ApiResult<UnreadCountDto> {
    get("/notifications/unread-count", &[]).await
}

/// Marks every notification of the signed-in user read.
pub async fn mark_all_read() -> ApiResult<UnreadCountDto> {
    send_json(Method::POST, "/notifications/read", &empty_object()).await
}

pub async fn mark_read(id: Uuid) -> ApiResult<NotificationDto> {
    send_json(
        Method::POST,
        &format!("/notifications/{id}/read"),
        &empty_object(),
    )
    .await
}

pub async fn settings() -> ApiResult<NotificationSettingsDto> {
    get("/notifications/settings", &[]).await
}

pub async fn save_settings(
    input: &NotificationSettingsInput,
) -> ApiResult<NotificationSettingsDto> {
    send_json(Method::PUT, "/notifications/settings", input).await
}
