use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use confitrek_vocabulary::notifications::*;

/// A message to the signed-in user, in the app and (when the server has a mail server) by
/// email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationDto {
    pub id: Uuid,
    pub kind: NotificationKind,
    /// The person it is about, if any.
    pub person_id: Option<Uuid>,
    pub subject: String,
    pub body: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub read_at: Option<time::OffsetDateTime>,
    /// The email's delivery: `pending`, `sent`, `failed` or `skipped` (no mail server, or
    /// no address).
    #[cfg_attr(feature = "openapi", schema(example = "sent"))]
    pub email_state: String,
    pub email_attempts: u32,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub sent_at: Option<time::OffsetDateTime>,
}

/// The body of `POST /notifications/reminders`: the people to remind, at most 1,000.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReminderRequest {
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 1000))]
    pub person_ids: Vec<Uuid>,
}

/// Who was reminded, and who was not and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RemindersSent {
    /// Reminded (or already reminded today) of what their training still needs.
    pub reminded: Vec<Uuid>,
    /// Nothing is open: nothing to remind of.
    pub up_to_date: Vec<Uuid>,
    /// Something is open, but the person has no login to tell.
    pub without_login: Vec<Uuid>,
}

/// How many of the caller's notifications are unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCountDto {
    pub unread: u64,
}

/// Whether one kind of notification is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationKindSetting {
    pub kind: NotificationKind,
    pub enabled: bool,
}

/// What the agency's notifications say and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSettingsDto {
    /// Days before a deadline or an expiry when a reminder is sent, longest first.
    #[cfg_attr(feature = "openapi", schema(example = json!([90, 30, 7])))]
    pub lead_days: Vec<u16>,
    /// Every kind, with whether it is sent.
    pub kinds: Vec<NotificationKindSetting>,
}

/// The agency's notification settings, replaced whole. Lead times: 1 to 365 days, distinct,
/// at most six. Kinds not listed keep their setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSettingsInput {
    #[cfg_attr(feature = "openapi", schema(example = json!([90, 30, 7])))]
    pub lead_days: Vec<i64>,
    #[serde(default)]
    pub kinds: Vec<NotificationKindSetting>,
}
